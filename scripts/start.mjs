#!/usr/bin/env node
// `npm start`: the npm script has just built dist/; this starts the Worker locally with
// `wrangler dev` on the embedded emulator (no Confluent secrets -> emulator), waits until it
// answers, prints the playground's URL, and forwards Ctrl+C / SIGTERM to wrangler (which stops
// its workerd children). PORT and HOST override 8787 and 127.0.0.1.
//
// Without a token the Worker answers only on loopback names (its guard against DNS rebinding,
// src/worker/hosts.ts); a HOST that is another name or address is passed on as ALLOWED_HOSTS
// (with the environment's ALLOWED_HOSTS, if any), so the printed URL works.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";

const host = process.env.HOST ?? "127.0.0.1";
const port = process.env.PORT ?? "8787";
// Listening on every interface (0.0.0.0, ::) includes loopback: wait and point at that, a name
// the Worker answers on.
const urlHost = host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "[::1]" : host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
const base = `http://${urlHost}:${port}`;

if (!existsSync("dist/playground/index.html")) {
  console.error("start: dist/playground is missing; run `npm run build` first (npm start does).");
  process.exit(1);
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);
// Other names the machine is reached by (with 0.0.0.0 / ::) are for ALLOWED_HOSTS to list.
const allowedHosts = [process.env.ALLOWED_HOSTS, LOOPBACK.has(urlHost) ? undefined : urlHost]
  .filter((h) => h !== undefined && h.trim() !== "")
  .join(",");

const wrangler = spawn(
  process.execPath,
  ["node_modules/wrangler/bin/wrangler.js", "dev", "--ip", host, "--port", port, ...(allowedHosts === "" ? [] : ["--var", `ALLOWED_HOSTS:${allowedHosts}`])],
  { stdio: "inherit", env: { ...process.env, WRANGLER_SEND_METRICS: "false" } },
);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    stopping = true;
    wrangler.kill(signal);
  });
}
wrangler.on("exit", (code, signal) => {
  process.exit(stopping ? 0 : (code ?? (signal ? 1 : 0)));
});

// Wait for the Worker, then say where the playground is.
const deadline = Date.now() + 60_000;
for (;;) {
  try {
    const res = await fetch(`${base}/api/healthz`);
    if (res.ok) break;
  } catch {
    // not up yet
  }
  if (Date.now() > deadline || wrangler.exitCode !== null) {
    if (wrangler.exitCode === null) console.error(`start: the Worker did not answer on ${base} within 60 s`);
    break;
  }
  await new Promise((r) => setTimeout(r, 300));
}
if (wrangler.exitCode === null) {
  console.log(`\n  confluent-sql playground: ${base}/\n  (embedded Flink SQL emulator; Ctrl+C to stop)\n`);
}
