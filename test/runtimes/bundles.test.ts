/**
 * Runtime matrix, step zero: every built bundle loads in Node, Deno and Bun (self-contained,
 * no Node built-ins), and the runtime binaries themselves are present (missing ones fail in CI).
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { BIN, BUNDLES, parseResult, run } from "./support.ts";

const runtimes: Array<[string, string, string[]]> = [
  ["node", process.execPath, ["test/runtimes/probe.mjs"]],
  ["deno", BIN.deno, ["run", "--no-prompt", "--no-lock", "--no-config", "test/runtimes/probe.mjs"]],
  ["bun", BIN.bun, ["test/runtimes/probe.mjs"]],
];

describe("built bundles", () => {
  it("have no Node built-in imports in the edge bundles", () => {
    for (const file of [BUNDLES.client, BUNDLES.emulator, BUNDLES.worker, BUNDLES.controlPlane]) {
      const text = readFileSync(file, "utf8");
      expect(text, file).not.toMatch(/from\s*["']node:|import\(["']node:|require\(["']node:/);
    }
  });

  it("keep the emulator out of the core bundle, the IIFE and the control-plane bundle", () => {
    for (const file of [BUNDLES.client, BUNDLES.iife, BUNDLES.controlPlane]) {
      expect(readFileSync(file, "utf8"), file).not.toMatch(/createEmulator/);
    }
  });

  it("resolve through the package's exports map (self-reference, unbundled ESM entries)", async () => {
    const script = [
      'const c = await import("confluent-sql");',
      'const e = await import("confluent-sql/emulator");',
      "const emu = e.createEmulator({});",
      "const conn = c.connect({ ...emu.connectOptions, fetch: emu.fetch });",
      'const r = await conn.query("SELECT 1 AS x");',
      'console.log("RESULT " + JSON.stringify({ runtime: "node", rows: r.rows }));',
      "await emu.close();",
    ].join("\n");
    const out = await run(process.execPath, ["--input-type=module", "-e", script], { timeoutMs: 20_000 });
    expect(parseResult(out) as unknown).toEqual({ runtime: "node", rows: [{ x: 1 }] });
  });

  for (const [name, bin, args] of runtimes) {
    it(`load in ${name}`, async () => {
      const out = await run(bin, args, { timeoutMs: 20_000 });
      const result = parseResult(out) as unknown as { runtime: string; workerFetch: string; exports: Record<string, string[]> };
      expect(result.runtime).toBe(name);
      expect(result.workerFetch).toBe("function");
      expect(result.exports.emulator.length).toBeGreaterThan(0);
    });
  }
});
