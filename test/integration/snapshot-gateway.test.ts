/**
 * The client end to end against the emulator's real gateway (routes, lifecycle, paging, faults),
 * with a scripted engine in place of the SQL engine, so these tests pin the client/gateway
 * protocol independently of SQL support.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createEmulator, type Emulator, type EmulatorOptions } from "../../src/emulator/index.ts";
import { EngineError, type Engine, type WireRow } from "../../src/emulator/engine.ts";
import { connect, StatementFailedError, StatementNotFoundError, type Connection } from "../../src/index.ts";
import type { Column } from "../../src/types/model.ts";

const COLS: Column[] = [
  { name: "id", type: { type: "BIGINT", nullable: false } },
  { name: "name", type: { type: "VARCHAR", nullable: true, length: 2147483647 } },
];

/** SELECT n FROM many: n rows; CREATE ...: DDL; INSERT ...: unbounded job; anything else fails. */
const scripted: Engine = {
  compile(req) {
    const m = /^SELECT (\d+) FROM many$/.exec(req.sql.trim());
    if (m) {
      const n = Number(m[1]);
      const rows: WireRow[] = Array.from({ length: n }, (_, i) => [String(i + 1), i % 3 === 0 ? null : `n${i + 1}`]);
      return {
        traits: { sqlKind: "SELECT", isBounded: true, isAppendOnly: true, upsertColumns: null, schema: COLS },
        start(sink) {
          sink.emit(rows.map((row) => ({ op: 0 as const, row })));
          sink.complete();
          return { stop() {}, resume() {}, dispose() {} };
        },
      };
    }
    if (req.sql.startsWith("CREATE")) {
      return {
        traits: { sqlKind: "CREATE_TABLE", isBounded: true, isAppendOnly: true, upsertColumns: null, schema: null },
        start(sink) {
          sink.complete();
          return { stop() {}, resume() {}, dispose() {} };
        },
      };
    }
    if (req.sql.startsWith("INSERT")) {
      return {
        traits: { sqlKind: "INSERT_INTO", isBounded: false, isAppendOnly: true, upsertColumns: null, schema: null },
        start() {
          return { stop() {}, resume() {}, dispose() {} };
        },
      };
    }
    throw new EngineError(`SQL parse failed. Unsupported statement: ${req.sql}`);
  },
};

let emu: Emulator | undefined;
let conn: Connection | undefined;

function open(options: EmulatorOptions = {}, client: Record<string, unknown> = {}): { emu: Emulator; conn: Connection } {
  emu = createEmulator({ clock: "instant", engine: () => scripted, ...options });
  conn = connect({ ...emu.connectOptions, fetch: emu.fetch, retry: { initialDelayMs: 1, maxDelayMs: 5 }, ...client });
  return { emu, conn };
}

afterEach(async () => {
  await conn?.close();
  await emu?.close();
  conn = undefined;
  emu = undefined;
});

describe("client against the emulator gateway", () => {
  it("pages through a snapshot result and deletes the statement on close", async () => {
    const { emu, conn } = open({ resultPageSize: 4 });
    const cur = conn.cursor();
    await cur.execute("SELECT 10 FROM many");
    expect(cur.description?.map((d) => [d.name, d.typeCode, d.nullOk])).toEqual([
      ["id", "BIGINT", false],
      ["name", "VARCHAR", true],
    ]);
    expect(await cur.fetchOne()).toEqual([1, null]);
    expect(await cur.fetchMany(3)).toEqual([[2, "n2"], [3, "n3"], [4, null]]);
    const rest = await cur.fetchAll();
    expect(rest.length).toBe(6);
    expect(rest.at(-1)).toEqual([10, null]);
    expect(cur.rowCount).toBe(10);
    expect(emu.statements().length).toBe(1);
    await cur.close();
    expect(emu.statements().filter((s) => s.phase !== "DELETING").length).toBe(0);
  });

  it("query() returns object rows; bigint decoding is configurable", async () => {
    const { conn } = open({}, { bigint: "bigint" });
    const r = await conn.query("SELECT 2 FROM many");
    expect(r.rows).toEqual([{ id: 1n, name: null }, { id: 2n, name: "n2" }]);
    expect(r.statement.phase).toBe("COMPLETED");
  });

  it("surfaces a parse failure as StatementFailedError with the detail", async () => {
    const { conn } = open();
    const e = (await conn.cursor().execute("SELEC 1").catch((x: unknown) => x)) as StatementFailedError;
    expect(e).toBeInstanceOf(StatementFailedError);
    expect(e.detail).toContain("SQL parse failed");
  });

  it("survives 503s, 429s and a dropped create whose statement was created", async () => {
    const { emu, conn } = open(
      {
        faults: [
          { route: "statements.create", sequence: [{ kind: "drop", when: "after" }] },
          { route: "statements.get", sequence: [{ kind: "error", status: 503 }] },
          { route: "statements.results", sequence: [{ kind: "rate-limit", retryAfterSeconds: 0 }, { kind: "error", status: 502 }] },
        ],
      },
    );
    const r = await conn.query("SELECT 3 FROM many", undefined, { statementName: "resilient-1" });
    expect(r.rows.length).toBe(3);
    expect(r.statement.name).toBe("resilient-1");
  });

  it("a create whose connection drops after the server created it leaves exactly one statement", async () => {
    const { emu, conn } = open({ faults: [{ route: "statements.create", sequence: [{ kind: "drop", when: "after" }] }] });
    const st = await conn.createStatement("INSERT INTO t SELECT 1", { statementName: "once-1" });
    expect(st.name).toBe("once-1");
    expect(emu.statements().map((s) => s.name)).toEqual(["once-1"]);
  });

  it("re-reads a results page whose body was cut off mid-way", async () => {
    const { conn } = open({ resultPageSize: 5, faults: [{ route: "statements.results", sequence: [null, { kind: "truncate" }] }] });
    const r = await conn.query("SELECT 12 FROM many");
    expect(r.rows.map((row) => (row as { id: number }).id)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it("a duplicate name is IntegrityError STATEMENT_NAME_TAKEN", async () => {
    const { conn } = open();
    await conn.createStatement("INSERT INTO t SELECT 1", { statementName: "dup-1" });
    await expect(conn.createStatement("INSERT INTO t SELECT 1", { statementName: "dup-1" })).rejects.toMatchObject({ code: "STATEMENT_NAME_TAKEN" });
  });

  it("lists with labels, stops, resumes and deletes", async () => {
    const { conn } = open();
    const job = await conn.executeStreamingDdl("INSERT INTO t SELECT 1", undefined, { statementName: "job-1", labels: ["nightly"] });
    expect(job.phase).toBe("RUNNING");
    await conn.createStatement("INSERT INTO t SELECT 2", { statementName: "job-2" });
    const labelled = await conn.listStatements({ labels: ["nightly"] });
    expect(labelled.map((s) => s.name)).toEqual(["job-1"]);
    const byName = await conn.listStatements({ nameContains: "job-" });
    expect(byName.map((s) => s.name).sort()).toEqual(["job-1", "job-2"]);
    const stopped = await conn.stopStatement("job-1");
    expect(stopped.phase).toBe("STOPPED");
    const resumed = await conn.resumeStatement("job-1");
    expect(["PENDING", "RUNNING"]).toContain(resumed.phase);
    expect(resumed.stopRequested).toBe(false);
    await conn.deleteStatement("job-1");
    await conn.deleteStatement("job-1");
    await expect(conn.getStatement("job-1")).rejects.toBeInstanceOf(StatementNotFoundError);
  });

  it("runs snapshot DDL and deletes it", async () => {
    const { emu, conn } = open();
    const st = await conn.executeSnapshotDdl("CREATE TABLE t (a INT)");
    expect(st.phase).toBe("COMPLETED");
    expect(st.properties["sql.snapshot.mode"]).toBe("now");
    expect(emu.statements().filter((s) => s.phase !== "DELETING").length).toBe(0);
  });
});
