/** The CLI's pure parts: argument parsing, output formats, env settings, live table, progress. */
import { describe, expect, it } from "vitest";
import { paramValue, parseArgs, UsageError } from "../../../src/cli/args.ts";
import { connectOptionsFromEnv, envForEmulator } from "../../../src/cli/env.ts";
import { cellText, formatCsv, formatJson, formatRows, formatTable } from "../../../src/cli/format.ts";
import { LiveTable } from "../../../src/cli/live.ts";
import { startProgress } from "../../../src/cli/progress.ts";

describe("parseArgs", () => {
  it("parses query with its options", () => {
    expect(parseArgs(["query", "SELECT %s", "--param", "1", "--param=x", "-f", "csv", "--streaming", "--limit", "5", "--timeout=100", "--emulator"])).toEqual({
      kind: "query",
      sql: "SELECT %s",
      params: ["1", "x"],
      format: "csv",
      streaming: true,
      limit: 5,
      timeoutMs: 100,
      emulator: true,
    });
    expect(parseArgs(["query", "SELECT 1"])).toMatchObject({ format: "table", streaming: false, emulator: false });
  });

  it("parses statements and emulator commands", () => {
    expect(parseArgs(["statements", "list", "--format", "json"])).toEqual({ kind: "statements", action: "list", format: "json" });
    expect(parseArgs(["statements", "stop", "s-1"])).toMatchObject({ action: "stop", name: "s-1" });
    expect(parseArgs(["emulator", "--port", "0"])).toEqual({ kind: "emulator", port: 0, host: "127.0.0.1" });
    expect(parseArgs(["--version"])).toEqual({ kind: "version" });
    expect(parseArgs([])).toEqual({ kind: "help" });
  });

  it("rejects malformed command lines with a UsageError", () => {
    for (const argv of [
      ["query"],
      ["query", "a", "b"],
      ["query", "x", "--format", "xml"],
      ["query", "x", "--limit", "0"],
      ["query", "x", "--limit", "-3"],
      ["query", "x", "--bogus"],
      ["statements", "frobnicate"],
      ["statements", "get"],
      ["statements", "list", "s"],
      ["emulator", "--port", "70000"],
      ["launch"],
    ]) {
      expect(() => parseArgs(argv), argv.join(" ")).toThrow(UsageError);
    }
  });

  it("refuses a flag the command does not take instead of ignoring it", () => {
    for (const [argv, message] of [
      [["statements", "list", "--limit", "5"], "--limit does not apply to statements"],
      [["statements", "get", "s-1", "--streaming"], "--streaming does not apply to statements"],
      [["query", "SELECT 1", "--port", "9"], "--port does not apply to query"],
      [["emulator", "--format", "json"], "--format does not apply to emulator"],
      [["emulator", "--emulator"], "--emulator does not apply to emulator"],
    ] as const) {
      expect(() => parseArgs(argv), argv.join(" ")).toThrow(new UsageError(message));
    }
  });

  it("refuses --emulator for statements (an in-process emulator is empty), pointing at `emulator`", () => {
    for (const argv of [["statements", "list", "--emulator"], ["statements", "stop", "s-1", "--emulator"]]) {
      let error: unknown;
      try {
        parseArgs(argv);
      } catch (e) {
        error = e;
      }
      expect(error, argv.join(" ")).toBeInstanceOf(UsageError);
      expect((error as UsageError).code).toBe("EMULATOR_NOT_SHARED");
      expect((error as UsageError).hint).toContain("confluent-sql emulator");
    }
    expect(() => parseArgs(["query", "x", "--bogus"])).toThrow(expect.objectContaining({ code: "USAGE" }));
  });

  it("turns --param text into SQL values", () => {
    expect(paramValue("42")).toBe(42);
    expect(paramValue("-9007199254740993")).toBe(-9007199254740993n);
    expect(paramValue("1.50", (s) => `dec:${s}`)).toBe("dec:1.50");
    expect(paramValue("true")).toBe(true);
    expect(paramValue("null")).toBe(null);
    expect(paramValue("it's")).toBe("it's");
  });
});

describe("formats", () => {
  const cols = [
    { name: "id", type: "INT" },
    { name: "name", type: "STRING" },
  ];
  it("aligns a table with types and a row count", () => {
    expect(formatTable(cols, [[1, "alpha"], [22, null]])).toBe(
      ["id  | name", "INT | STRING", "----+-------", "1   | alpha", "22  | NULL", "(2 rows)", ""].join("\n"),
    );
  });
  it("shows TIMESTAMP columns with a space, as Flink prints them, and keeps ISO text elsewhere", () => {
    const ts = [
      { name: "t", type: "TIMESTAMP(3) NOT NULL" },
      { name: "l", type: "TIMESTAMP_LTZ(3)" },
      { name: "s", type: "STRING" },
      { name: "a", type: "ARRAY<TIMESTAMP(0)>" },
    ];
    const row = ["2024-01-01T10:00:00.123", "2024-01-01T10:00:00.123Z", "2024-01-01T10:00:00", ["2024-01-01T10:00:00"]];
    expect(formatTable(ts, [row]).split("\n")[3]).toBe('2024-01-01 10:00:00.123 | 2024-01-01 10:00:00.123Z | 2024-01-01T10:00:00 | ["2024-01-01T10:00:00"]');
    expect(formatCsv(ts, [row]).split("\r\n")[1]).toBe('2024-01-01T10:00:00.123,2024-01-01T10:00:00.123Z,2024-01-01T10:00:00,"[""2024-01-01T10:00:00""]"');
  });
  it("writes RFC 4180 CSV with NULL as empty", () => {
    expect(formatCsv(cols, [[1, 'say "hi", ok'], [2, null]])).toBe('id,name\r\n1,"say ""hi"", ok"\r\n2,\r\n');
  });
  it("writes JSON and NDJSON with exact big numbers", () => {
    expect(JSON.parse(formatJson(cols, [[12345678901234567890n, "a"]]))).toEqual({ columns: cols, rows: [{ id: "12345678901234567890", name: "a" }] });
    expect(formatRows("ndjson", cols, [{ id: 1, name: "a" }, [2, "b"]])).toBe('{"id":1,"name":"a"}\n{"id":2,"name":"b"}\n');
  });
  it("shows bytes, maps and decimals", () => {
    expect(cellText(new Uint8Array([1, 171]))).toBe("x'01ab'");
    expect(cellText(new Map([["k", 1]]))).toBe('[["k",1]]');
    expect(
      cellText(
        new (class {
          toString() {
            return "1.10";
          }
        })(),
      ),
    ).toBe("1.10");
  });
});

describe("connectOptionsFromEnv", () => {
  it("reads the Python driver's test variables", () => {
    expect(
      connectOptionsFromEnv({
        CONFLUENT_FLINK_API_KEY: "K",
        CONFLUENT_FLINK_API_SECRET: "S",
        CONFLUENT_ORG_ID: "o",
        CONFLUENT_ENV_ID: "e",
        CONFLUENT_COMPUTE_POOL_ID: "lfcp-1",
        CONFLUENT_CLOUD_PROVIDER: "AWS",
        CONFLUENT_CLOUD_REGION: "us-east-2",
        CONFLUENT_TEST_DBNAME: "db",
      }),
    ).toEqual({ flinkApiKey: "K", flinkApiSecret: "S", organizationId: "o", environmentId: "e", computePoolId: "lfcp-1", cloudProvider: "aws", cloudRegion: "us-east-2", database: "db" });
  });
  it("prefers an endpoint over provider and region, and is null when nothing is set", () => {
    expect(connectOptionsFromEnv({ CONFLUENT_ENDPOINT: "http://127.0.0.1:1", CONFLUENT_CLOUD_REGION: "x" })).toEqual({ endpoint: "http://127.0.0.1:1" });
    expect(connectOptionsFromEnv({ HOME: "/root" })).toBeNull();
  });
  it("round-trips the emulator's settings", () => {
    const env = envForEmulator({ endpoint: "http://h:1", organizationId: "o", environmentId: "e", flinkApiKey: "k", flinkApiSecret: "s", database: "d" });
    expect(connectOptionsFromEnv(env)).toEqual({ endpoint: "http://h:1", organizationId: "o", environmentId: "e", flinkApiKey: "k", flinkApiSecret: "s", database: "d" });
  });
});

describe("LiveTable", () => {
  it("materialises changes and marks rows changed since the last drawing", () => {
    const t = new LiveTable([{ name: "k", type: "STRING" }, { name: "c", type: "BIGINT" }]);
    t.apply({ type: "insert", id: "a", row: ["a", 1n] });
    t.apply({ type: "insert", id: "b", row: ["b", 1n] });
    t.render(true);
    t.apply({ type: "update", id: "a", row: ["a", 2n] });
    t.apply({ type: "delete", id: "b" });
    const text = t.render(true);
    expect(text).toContain("* a      | 2");
    expect(text).not.toContain("b");
    expect(text).toContain("(1 rows; 2 inserts, 1 updates, 1 deletes)");
    expect(t.rows()).toEqual([["a", 2n]]);
  });
  it("redraws in place with ANSI", () => {
    const t = new LiveTable([{ name: "k", type: "STRING" }]);
    t.apply({ type: "insert", id: "a", row: ["a"] });
    const first = t.redraw();
    expect(first.startsWith("\x1b[")).toBe(false);
    const lines = first.split("\n").length - 1;
    expect(t.redraw().startsWith(`\x1b[${lines}A\x1b[J`)).toBe(true);
  });
});

describe("startProgress", () => {
  it("spins on a terminal and clears itself", async () => {
    let out = "";
    const stop = startProgress({ isTTY: true, write: (t) => (out += t) }, "running statement", { intervalMs: 5 });
    await new Promise((r) => setTimeout(r, 30));
    stop();
    expect(out).toMatch(/⠋ running statement 0\.\ds/);
    expect(out.match(/running statement/g)!.length).toBeGreaterThan(1);
    expect(out.endsWith("\r\x1b[K")).toBe(true);
  });
  it("writes one plain line otherwise", () => {
    let out = "";
    startProgress({ isTTY: false, write: (t) => (out += t) }, "running statement")();
    expect(out).toBe("running statement...\n");
  });
});
