/**
 * The confluent-sql command-line entry (bin `confluent-sql` -> dist/cli.js): wires the real
 * process (stdout, stderr, environment, Ctrl+C) into `main.ts`. Runs under Node, Bun and Deno.
 */
import process from "node:process";
import { readFileSync } from "node:fs";
import { main } from "./main.ts";

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version?: string };
    return pkg.version ?? "unknown";
  } catch {
    return "unknown";
  }
}

const code = await main(process.argv.slice(2), {
  stdout: { write: (t) => void process.stdout.write(t), isTTY: process.stdout.isTTY === true },
  stderr: { write: (t) => void process.stderr.write(t), isTTY: process.stderr.isTTY === true },
  env: process.env,
  onInterrupt(handler) {
    process.on("SIGINT", handler);
    process.on("SIGTERM", handler);
    return () => {
      process.off("SIGINT", handler);
      process.off("SIGTERM", handler);
    };
  },
  version: version(),
});
// Flush, then exit: an in-process emulator may still hold timers.
await new Promise<void>((resolve) => process.stdout.write("", () => resolve()));
process.exit(code);
