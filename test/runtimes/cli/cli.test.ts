/**
 * The built CLI (dist/cli.js) run as a program in Node, Bun and Deno: queries in every output
 * format against an in-process emulator (--emulator), a streaming changelog, an error with its
 * code, and the statements commands against a loopback emulator configured through the
 * CONFLUENT_* variables.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { startHttpEmulator, type HttpEmulator } from "../http-emulator.ts";
import { BIN, BUNDLES, ROOT, run, toolAvailable, type ProcessResult } from "../support.ts";

const SNAPSHOT = "SELECT id, name FROM (VALUES (1, 'alpha'), (2, 'beta')) AS t(id, name)";
const aggregate = (table: string) => `SELECT k, COUNT(*) AS c FROM ${table} GROUP BY k`;

/** CONFLUENT_* variables that reach a loopback emulator. */
function envFor(http: HttpEmulator): Record<string, string> {
  const o = http.connectOptions as Record<string, string>;
  return {
    CONFLUENT_ENDPOINT: http.url,
    CONFLUENT_ORG_ID: o.organizationId!,
    CONFLUENT_ENV_ID: o.environmentId!,
    CONFLUENT_FLINK_API_KEY: o.flinkApiKey!,
    CONFLUENT_FLINK_API_SECRET: o.flinkApiSecret!,
    CONFLUENT_CLOUD_PROVIDER: "",
    CONFLUENT_CLOUD_REGION: "",
    ...(o.database ? { CONFLUENT_TEST_DBNAME: o.database } : {}),
  };
}

const runtimes: Array<[string, string, string[], boolean]> = [
  ["node", process.execPath, [BUNDLES.cli], true],
  ["bun", BIN.bun, [BUNDLES.cli], toolAvailable("bun")],
  ["deno", BIN.deno, ["run", "--no-prompt", `--allow-read=${ROOT}`, "--allow-env", "--allow-net=127.0.0.1", "--allow-sys", BUNDLES.cli], toolAvailable("deno")],
];

describe("cli usage (no client needed)", () => {
  it("prints help and version, and refuses bad usage with exit 2", async () => {
    const help = await run(process.execPath, [BUNDLES.cli, "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("confluent-sql query");
    expect(help.stdout).toContain("CONFLUENT_FLINK_API_KEY");
    const version = await run(process.execPath, [BUNDLES.cli, "--version"]);
    expect(version.stdout).toMatch(/^confluent-sql \d+\.\d+\.\d+/);
    const bad = await run(process.execPath, [BUNDLES.cli, "query", "x", "--format", "xml"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--format must be one of");
  });

  it("explains missing credentials (exit 2), with the way out that fits the command", async () => {
    const env: Record<string, string | undefined> = {};
    for (const k of Object.keys(process.env)) if (k.startsWith("CONFLUENT_")) env[k] = "";
    const list = await run(process.execPath, [BUNDLES.cli, "statements", "list"], { env });
    expect(list.code).toBe(2);
    expect(list.stderr).toContain("NO_CONNECTION_SETTINGS");
    expect(list.stderr).toContain("CONFLUENT_FLINK_API_KEY");
    expect(list.stderr).toContain("confluent-sql emulator");
    const query = await run(process.execPath, [BUNDLES.cli, "query", "SELECT 1"], { env });
    expect(query.code).toBe(2);
    expect(query.stderr).toContain("--emulator");
  });

  it("refuses statements --emulator (it would see a fresh, empty emulator) with a code and a hint", async () => {
    for (const args of [["statements", "list", "--emulator"], ["statements", "get", "s-1", "--emulator"]]) {
      const out = await run(process.execPath, [BUNDLES.cli, ...args]);
      expect(out.code, args.join(" ")).toBe(2);
      expect(out.stdout).toBe("");
      expect(out.stderr).toMatch(/^confluent-sql: EMULATOR_NOT_SHARED: /);
      expect(out.stderr).toContain("`confluent-sql emulator`");
      expect(out.stderr).toContain("CONFLUENT_*");
    }
  });
});

for (const [name, bin, prefix, available] of runtimes) {
  describe.runIf(available)(`cli in ${name}`, () => {
    const cli = (args: string[], env?: Record<string, string>): Promise<ProcessResult> => run(bin, [...prefix, ...args], { timeoutMs: 30_000, ...(env ? { env } : {}) });
    // Streaming runs against a loopback emulator the CLI reaches through CONFLUENT_* variables,
    // with a table the CLI itself creates and fills.
    let http: HttpEmulator;
    let env: Record<string, string>;
    const table = `words_${name}`;
    beforeAll(async () => {
      http = await startHttpEmulator();
      env = envFor(http);
      for (const sql of [`CREATE TABLE ${table} (k STRING)`, `INSERT INTO ${table} VALUES ('a'), ('b'), ('a')`]) {
        const out = await cli(["query", sql], env);
        expect(out.code, out.stderr).toBe(0);
      }
    });
    afterAll(async () => {
      await http?.close();
    });

    it("prints a snapshot as CSV and JSON", async () => {
      const csv = await cli(["query", SNAPSHOT, "--emulator", "--format", "csv"]);
      expect(csv.stderr).toContain("running statement");
      expect(csv.code).toBe(0);
      expect(csv.stdout).toBe("id,name\r\n1,alpha\r\n2,beta\r\n");
      const json = await cli(["query", "SELECT %s AS answer, %s AS quote", "--param", "42", "--param", "it's", "--emulator", "--format", "json"]);
      expect(json.code).toBe(0);
      expect(JSON.parse(json.stdout).rows).toEqual([{ answer: 42, quote: "it's" }]);
    });

    it("prints a table with column types", async () => {
      const out = await cli(["query", SNAPSHOT, "--emulator"]);
      expect(out.code).toBe(0);
      const lines = out.stdout.split("\n");
      expect(lines[0]).toMatch(/^id\s+\| name/);
      expect(lines[1]).toMatch(/^INT( NOT NULL)?\s+\| (VAR)?CHAR\(\d+\)/);
      expect(lines).toContain("(2 rows)");
    });

    it("streams a changelog as NDJSON, stopping at --limit", async () => {
      const out = await cli(["query", aggregate(table), "--streaming", "--format", "ndjson", "--limit", "4"], env);
      expect(out.code, out.stderr).toBe(0);
      const events = out.stdout.trim().split("\n").map((l) => JSON.parse(l) as { op: string; k: string; c: unknown });
      expect(events.map((e) => [e.op, e.k, String(e.c)])).toEqual([
        ["+I", "a", "1"],
        ["+I", "b", "1"],
        ["-U", "a", "1"],
        ["+U", "a", "2"],
      ]);
    });

    it("materialises a streaming aggregate into a table", async () => {
      // --limit counts materialised changes here: a -U/+U pair is one update.
      const out = await cli(["query", aggregate(table), "--streaming", "--limit", "3"], env);
      expect(out.code, out.stderr).toBe(0);
      expect(out.stdout).toMatch(/^a\s+\| 2$/m);
      expect(out.stdout).toMatch(/^b\s+\| 1$/m);
      expect(out.stdout).toContain("(2 rows; 2 inserts, 1 updates, 0 deletes)");
    });

    it("stops a streaming query at --timeout", async () => {
      const started = Date.now();
      const out = await cli(["query", aggregate(table), "--streaming", "--format", "csv", "--timeout", "1500"], env);
      expect(out.code, out.stderr).toBe(0);
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(out.stdout.split("\r\n").slice(0, 2)).toEqual(["op,k,c", "+I,a,1"]);
    });

    it("reports a failed statement with its code and exit 1", async () => {
      const out = await cli(["query", "SELEC 1", "--emulator"]);
      expect(out.code).toBe(1);
      expect(out.stderr).toMatch(/error STATEMENT_FAILED: /);
      expect(out.stderr).toContain("SELEC");
    });
  });
}

describe("cli statements commands over HTTP", () => {
  let http: HttpEmulator;
  let env: Record<string, string>;
  beforeAll(async () => {
    http = await startHttpEmulator();
    env = envFor(http);
  });
  afterAll(async () => {
    await http?.close();
  });

  it("lists, gets, stops, resumes and deletes statements", async () => {
    const o = http.connectOptions as Record<string, string>;
    const base = `${http.url}/sql/v1/organizations/${o.organizationId}/environments/${o.environmentId}/statements`;
    const auth = { authorization: `Basic ${btoa(`${o.flinkApiKey}:${o.flinkApiSecret}`)}`, "content-type": "application/json" };
    const cli = (args: string[]) => run(process.execPath, [BUNDLES.cli, ...args], { env, timeoutMs: 30_000 });
    expect((await cli(["query", "CREATE TABLE cli_live (k STRING)"])).code).toBe(0);
    expect((await cli(["query", "CREATE TABLE cli_sink (k STRING)"])).code).toBe(0);
    // An unbounded INSERT INTO ... SELECT: it stays RUNNING until stopped, and can be resumed.
    const sql = "INSERT INTO cli_sink SELECT * FROM cli_live";
    const created = await fetch(base, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ name: "cli-test-live", spec: { statement: sql, properties: { "sql.current-catalog": o.environmentId, "sql.current-database": o.database } } }),
    });
    expect(created.status).toBe(201);
    const phase = async () => (JSON.parse((await cli(["statements", "get", "cli-test-live"])).stdout) as { status: { phase: string } }).status.phase;
    for (let i = 0; i < 20 && (await phase()) !== "RUNNING"; i++) await new Promise((r) => setTimeout(r, 100));

    const list = await cli(["statements", "list", "--format", "json"]);
    expect(list.code).toBe(0);
    const rows = JSON.parse(list.stdout).rows as Array<{ name: string; phase: string; statement: string }>;
    expect(rows).toContainEqual(expect.objectContaining({ name: "cli-test-live", phase: "RUNNING", statement: sql }));
    const table = await cli(["statements", "list"]);
    expect(table.stdout).toMatch(/cli-test-live\s+\| RUNNING/);

    const get = await cli(["statements", "get", "cli-test-live"]);
    expect(get.code).toBe(0);
    expect(JSON.parse(get.stdout)).toMatchObject({ name: "cli-test-live", spec: { statement: sql } });

    expect((await cli(["statements", "stop", "cli-test-live"])).code).toBe(0);
    expect(await phase()).toBe("STOPPED");
    expect((await cli(["statements", "resume", "cli-test-live"])).code).toBe(0);
    expect(await phase()).toMatch(/PENDING|RUNNING/);

    const del = await cli(["statements", "delete", "cli-test-live"]);
    expect(del.code).toBe(0);
    let gone = await cli(["statements", "get", "cli-test-live"]);
    for (let i = 0; i < 20 && gone.code === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      gone = await cli(["statements", "get", "cli-test-live"]);
    }
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/error \w+/);
    expect(gone.stderr).not.toContain(env.CONFLUENT_FLINK_API_SECRET);
  });

  it("reads only --limit rows of a snapshot, not the whole result", async () => {
    // The live orders table spans many result pages; a counting proxy sits in front of the emulator.
    let resultPages = 0;
    const proxy = createServer((req, res) => {
      if (/\/statements\/[^/]+\/results/.test(req.url ?? "")) resultPages++;
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
        const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== "host" && k !== "content-length")) as Record<string, string>;
        void fetch(`${http.url}${req.url}`, { method: req.method!, headers, ...(body ? { body } : {}) }).then(async (up) => {
          res.writeHead(up.status, Object.fromEntries([...up.headers].filter(([k]) => k !== "content-encoding" && k !== "content-length")));
          res.end(Buffer.from(await up.arrayBuffer()));
        });
      });
    });
    await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
    try {
      const port = (proxy.address() as AddressInfo).port;
      const out = await run(process.execPath, [BUNDLES.cli, "query", "SELECT order_id FROM examples.marketplace.orders", "--limit", "3", "--format", "ndjson"], {
        env: { ...env, CONFLUENT_ENDPOINT: `http://127.0.0.1:${port}` },
        timeoutMs: 30_000,
      });
      expect(out.code, out.stderr).toBe(0);
      const rows = out.stdout.trim().split("\n").map((l) => JSON.parse(l) as { order_id: string });
      expect(rows).toHaveLength(3);
      for (const r of rows) expect(r.order_id).toMatch(/\S/);
      const all = await run(process.execPath, [BUNDLES.cli, "query", "SELECT COUNT(*) AS n FROM examples.marketplace.orders", "--format", "json"], { env });
      expect(Number(JSON.parse(all.stdout).rows[0].n)).toBeGreaterThan(300); // more than one page exists
      expect(resultPages).toBe(1);
    } finally {
      await new Promise((r) => proxy.close(r));
    }
  });

  it("serves the emulator on a port and stops on SIGINT", async () => {
    const child = spawn(process.execPath, [BUNDLES.cli, "emulator", "--port", "0"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    try {
      for (let i = 0; i < 100 && !out.includes("Ctrl+C"); i++) await new Promise((r) => setTimeout(r, 50));
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      expect(url).toBeDefined();
      const envLines = Object.fromEntries([...out.matchAll(/export (\w+)=(\S+)/g)].map((m) => [m[1], m[2]]));
      expect(envLines.CONFLUENT_ENDPOINT).toBe(url);
      const q = await run(process.execPath, [BUNDLES.cli, "query", SNAPSHOT, "--format", "csv"], { env: { ...envLines, CONFLUENT_CLOUD_PROVIDER: "", CONFLUENT_CLOUD_REGION: "" } });
      expect(q.stdout).toBe("id,name\r\n1,alpha\r\n2,beta\r\n");
    } finally {
      child.kill("SIGINT");
    }
    expect(await exited).toBe(0);
  });
});
