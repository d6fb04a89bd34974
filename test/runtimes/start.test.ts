/**
 * `npm start`'s server half, scripts/start.mjs: `wrangler dev` over wrangler.toml, which bundles
 * src/worker/index.ts itself (not the dist/bundle/worker.mjs the workerd tests load) and serves
 * dist/playground. Starts it on a free port in its own process group, uses the printed URL, then
 * interrupts the group as Ctrl+C would and checks that nothing (wrangler, workerd) is left.
 */
import { describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { ROOT } from "./support.ts";

/** A port nothing listens on right now (127.0.0.1). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

/** Live processes of a session (the child was spawned detached, so its pid is the session id), as "pid name". */
function sessionMembers(sid: number): string[] {
  const out: string[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // exited meanwhile
    }
    // pid (comm) state ppid pgrp session ...; comm may contain spaces and parentheses.
    const close = stat.lastIndexOf(")");
    const fields = stat.slice(close + 2).split(" ");
    if (fields[0] !== "Z" && Number(fields[3]) === sid) out.push(`${entry} ${stat.slice(stat.indexOf("(") + 1, close)}`);
  }
  return out;
}

describe("npm start (scripts/start.mjs)", () => {
  it("serves the playground and /api/query on PORT, and stops with its workerd children on SIGINT", async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ["scripts/start.mjs"], {
      cwd: ROOT,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" },
    });
    const sid = child.pid!;
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    try {
      let base: string | undefined;
      for (const until = Date.now() + 25_000; base === undefined && Date.now() < until && child.exitCode === null; ) {
        base = /confluent-sql playground: (http:\/\/127\.0\.0\.1:(\d+))\//.exec(output)?.[1];
        if (base === undefined) await new Promise((r) => setTimeout(r, 100));
      }
      expect(base, output).toBe(`http://127.0.0.1:${port}`);

      const page = await fetch(`${base}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toContain("text/html");
      const html = await page.text();
      expect(html).toContain("confluent-sql playground");
      expect(html).toContain("confluent-sql.iife.js");

      const res = await fetch(`${base}/api/query`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ sql: "SELECT id, name FROM (VALUES (1, 'alpha'), (2, 'beta')) AS t(id, name)" }),
      });
      expect(res.status).toBe(200);
      const lines = (await res.text()).trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines[0]).toMatchObject({ type: "columns", mode: "snapshot" });
      expect(lines.slice(1)).toEqual([
        { type: "row", row: [1, "alpha"] },
        { type: "row", row: [2, "beta"] },
        { type: "end", rows: 2, reason: "completed" },
      ]);

      expect(sessionMembers(sid).some((p) => p.endsWith(" workerd")), sessionMembers(sid).join(", ")).toBe(true);
      process.kill(-sid, "SIGINT");
      expect(await exited).toBe(0);
      let left = sessionMembers(sid);
      for (const until = Date.now() + 5_000; left.length > 0 && Date.now() < until; left = sessionMembers(sid)) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(left).toEqual([]);
    } finally {
      // Whatever happened above, leave no server behind.
      if (sessionMembers(sid).length > 0) process.kill(-sid, "SIGKILL");
    }
  }, 45_000);
});
