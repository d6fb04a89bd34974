/**
 * The built emulator bundle (dist/bundle/emulator.mjs, from `npm run build`) in Node, Bun and
 * Deno: in-process fetch, the HTTP listener on 127.0.0.1, and a dropped connection. The
 * scenario asks for the drop three times in a row because Bun's and Deno's fetch retry a
 * request once when a reused keep-alive connection closes (undici does not).
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const BUNDLE = join(ROOT, "dist/bundle/emulator.mjs");
const SCENARIO = join(ROOT, "test/emulator/runtime/scenario.mjs");
// `npm test` builds first; a missing bundle or runtime binary is a failure, never a silent skip.
function requireFile(path: string, hint: string): void {
  if (!existsSync(path)) throw new Error(`${path} is missing: ${hint}`);
}

function run(command: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(command, args, { cwd: ROOT, timeout: 30_000, env: { ...process.env, NO_COLOR: "1" } }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === "number" ? error.code : null) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

const RUNTIMES: Array<[string, string, string[]]> = [
  ["node", process.execPath, [SCENARIO, BUNDLE]],
  ["bun", join(ROOT, "node_modules/.bin/bun"), [SCENARIO, BUNDLE]],
  ["deno", join(ROOT, "node_modules/.bin/deno"), ["run", "--allow-net", "--allow-read", SCENARIO, BUNDLE]],
];

describe("emulator bundle in each runtime", () => {
  for (const [name, bin, args] of RUNTIMES) {
    it(`${name}: in process and over HTTP on 127.0.0.1`, async () => {
      requireFile(BUNDLE, "run `npm run build` first");
      requireFile(bin, "run `npm ci` (the deno and bun npm packages provide the binaries)");
      const out = await run(bin, args);
      const line = out.stdout.split("\n").find((l) => l.startsWith("RESULT "));
      if (!line) throw new Error(`no RESULT from ${name} (exit ${out.code})\n${out.stdout}\n${out.stderr}`);
      const result = JSON.parse(line.slice(7));
      expect(result.runtime).toBe(name);
      expect(result.inProcessCreate).toBe(201);
      expect(result.inProcessRows).toEqual(["1", "2"]);
      expect(result.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(result.httpGet).toBe(200);
      expect(result.httpRequestId).toBe(true);
      expect(result.httpSelf).toBe(`${result.url}/sql/v1/organizations/b0b21724-4586-4a07-b787-d0bb5aacbf87/environments/env-emu001/statements/q1`);
      expect(result.drop).toBe("TypeError");
      expect(result.httpList).toEqual(["q1"]);
    });
  }
});

describe("an emulator left open", () => {
  it("does not keep a Node script alive (its timers are unref'd)", async () => {
    const script = `
      const { createEmulator } = await import(${JSON.stringify(`file://${BUNDLE}`)});
      const traits = { sqlKind: "SELECT", isBounded: false, isAppendOnly: true, upsertColumns: null, schema: [] };
      const emu = createEmulator({ engine: () => ({ compile: () => ({ traits, start: () => ({ stop() {}, resume() {}, dispose() {} }) }) }) });
      const o = emu.connectOptions;
      const res = await emu.fetch(o.endpoint + "/sql/v1/organizations/" + o.organizationId + "/environments/" + o.environmentId + "/statements", {
        method: "POST", headers: { Authorization: "Basic " + btoa(o.flinkApiKey + ":" + o.flinkApiSecret) },
        body: JSON.stringify({ name: "left-open", spec: { statement: "SELECT 1" } }) });
      await new Promise((r) => setTimeout(r, 10));
      console.log("RESULT " + JSON.stringify({ status: res.status, phase: emu.statements()[0].phase }));`;
    const started = Date.now();
    const out = await run(process.execPath, ["--input-type=module", "-e", script]);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('RESULT {"status":201,"phase":"RUNNING"}');
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
