/**
 * Confluent's datetime / numeric functions end to end: through the public client (connect()
 * against createEmulator()) and, for the clock-driven `$rowtime` watermark, through the engine on
 * a ManualClock (test harness). Expected values come from
 * https://docs.confluent.io/cloud/current/flink/reference/functions/datetime-functions.html,
 * .../numeric-functions.html and Flink's "System (Built-in) Functions"
 * (https://nightlies.apache.org/flink/flink-docs-stable/docs/dev/table/functions/systemfunctions/).
 */
import { describe, expect, it } from "vitest";
import { StreamingCursor } from "../../../../src/client/streaming/cursor.ts";
import { streamingBackendOf } from "../../../../src/client/streaming/adapter.ts";
import { Harness } from "../harness.ts";
import { sharedConnection } from "../../../support/emulated-connection.ts";

const fast = { idleBackoff: { initialMs: 2, maxMs: 10, jitter: 0 }, readinessBackoff: { initialMs: 2, maxMs: 10, jitter: 0 } };

const db = sharedConnection();

async function failure(sql: string): Promise<string> {
  try {
    await db.conn.query(sql);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`expected ${sql} to fail`);
}

describe("OVERLAPS (datetime-functions.html#flink-sql-overlaps-function)", () => {
  it("the documented examples: closed periods, a temporal may be a point or an interval", async () => {
    const { rows, columns } = await db.conn.query(
      "SELECT (TIME '2:55:00', INTERVAL '1' HOUR) OVERLAPS (TIME '3:30:00', INTERVAL '2' HOUR) AS a, " +
        "(TIME '9:00:00', TIME '10:00:00') OVERLAPS (TIME '10:15:00', INTERVAL '3' HOUR) AS b, " +
        "(TIME '9:00:00', TIME '10:00:00') OVERLAPS (TIME '10:00:00', INTERVAL '3' HOUR) AS c, " +
        "(DATE '1997-04-25', DATE '1997-04-23') OVERLAPS (DATE '1997-04-25', INTERVAL '2' DAY) AS d, " +
        "(TIMESTAMP '1997-04-25 12:00:00', TIMESTAMP '1997-04-25 12:20:00') OVERLAPS (TIMESTAMP '1997-04-25 13:00:00', INTERVAL '2' HOUR) AS e",
    );
    expect(rows).toEqual([{ a: true, b: false, c: true, d: true, e: false }]);
    expect(columns.map((c) => c.typeName)).toEqual(Array(5).fill("BOOLEAN NOT NULL"));
  });
  it("NULL ends give NULL; non-datetime periods fail validation in Calcite's wording", async () => {
    const { rows } = await db.conn.query("SELECT (DATE '1997-04-25', CAST(NULL AS DATE)) OVERLAPS (DATE '1997-04-25', INTERVAL '2' DAY) AS o");
    expect(rows).toEqual([{ o: null }]);
    expect(await failure("SELECT (DATE '1997-04-25', 1) OVERLAPS (DATE '1997-04-25', INTERVAL '2' DAY)")).toContain(
      "Cannot apply 'OVERLAPS' to arguments of type '(<DATE>, <INT>) OVERLAPS (<DATE>, <INTERVAL DAY>)'",
    );
  });
});

describe("UNHEX and UNIX_TIMESTAMP through the client", () => {
  it("UNHEX (numeric-functions.html#flink-sql-unhex-function) returns BYTES, NULL for non-hex text", async () => {
    const { rows, columns } = await db.conn.query("SELECT UNHEX('666C696E6B') AS b, UNHEX('zz') AS n");
    expect(columns[0]!.typeName).toBe("BYTES");
    expect(rows[0]!.b).toEqual(new TextEncoder().encode("flink"));
    expect(rows[0]!.n).toBeNull();
  });
  it("UNIX_TIMESTAMP honours an offset in the text (Flink docs example)", async () => {
    const { rows } = await db.conn.query("SELECT UNIX_TIMESTAMP('1970-01-01 08:00:01.001 +0800', 'yyyy-MM-dd HH:mm:ss.SSS X') AS s");
    expect(rows).toEqual([{ s: 1 }]);
  });
});

describe("CURRENT_WATERMARK (datetime-functions.html#flink-sql-current-watermark-function)", () => {
  it("filters late rows in a streaming query over a table with a declared watermark", async () => {
    await db.conn.executeSnapshotDdl("CREATE TABLE sensor (id INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)");
    const cur = new StreamingCursor<unknown[]>(streamingBackendOf(db.conn), fast);
    await cur.execute("SELECT id, CURRENT_WATERMARK(ts) AS wm FROM sensor WHERE CURRENT_WATERMARK(ts) IS NULL OR ts > CURRENT_WATERMARK(ts)");
    expect(cur.statement?.phase).toBe("RUNNING");
    expect(cur.description?.map((d) => [d.name, d.typeName, d.nullOk])).toEqual([
      ["id", "INT", true],
      ["wm", "TIMESTAMP(3)", true],
    ]);
    // One statement per row: the watermark (max ts - 5 s) moves after each row is read.
    for (const [id, t] of [[1, "00:00:10"], [2, "00:00:20"], [3, "00:00:12"], [4, "00:00:16"], [5, "00:00:30"], [6, "00:00:21"]] as const) {
      await db.conn.executeSnapshotDdl(`INSERT INTO sensor VALUES (${id}, TIMESTAMP '2025-01-01 ${t}')`);
    }
    const got: unknown[] = [];
    for (let i = 0; i < 400 && got.length < 4; i++) got.push(...(await cur.fetchMany(10)));
    const rows = got as unknown[][];
    expect(rows.map((r) => [r[0], r[1] === null ? null : String(r[1])])).toEqual([
      [1, null],
      [2, "2025-01-01T00:00:05.000"],
      [4, "2025-01-01T00:00:15.000"],
      [5, "2025-01-01T00:00:15.000"],
    ]); // 3 (12 s) and 6 (21 s) arrive behind the watermark (15 s, 25 s) and are dropped
    await cur.close();
  });
  it("validates the argument as Flink's CurrentWatermarkInputTypeStrategy does", async () => {
    await db.conn.executeSnapshotDdl("CREATE TABLE plain_events (id INT, ts TIMESTAMP(3))");
    expect(await failure("SELECT CURRENT_WATERMARK(id) FROM plain_events")).toContain(
      "CURRENT_WATERMARK() must be called with a single rowtime attribute argument, but 'INT' cannot be a time attribute.",
    );
    expect(await failure("SELECT CURRENT_WATERMARK(ts) FROM plain_events")).toContain("The argument of CURRENT_WATERMARK() must be a rowtime attribute, but was 'TIMESTAMP(3)'.");
    // In a snapshot (batch) query no watermark has arrived when rows are read.
    await db.conn.executeSnapshotDdl("INSERT INTO plain_events VALUES (1, TIMESTAMP '2025-01-01 00:00:00')");
    const { rows, columns } = await db.conn.query("SELECT id, CURRENT_WATERMARK($rowtime) AS wm FROM plain_events");
    expect(rows).toEqual([{ id: 1, wm: null }]);
    expect(columns[1]!.typeName).toBe("TIMESTAMP_LTZ(3)");
  });
});

describe("SOURCE_WATERMARK (datetime-functions.html#flink-sql-source-watermark-function)", () => {
  it("is accepted in WATERMARK FOR ... AS SOURCE_WATERMARK() and fails anywhere else", async () => {
    await db.conn.executeSnapshotDdl("CREATE TABLE src_wm (id INT, ts TIMESTAMP_LTZ(3), WATERMARK FOR ts AS SOURCE_WATERMARK())");
    const { rows } = await db.conn.query("SHOW CREATE TABLE src_wm");
    expect(String(Object.values(rows[0]!)[0])).toContain("WATERMARK FOR `ts` AS SOURCE_WATERMARK()");
    await db.conn.executeSnapshotDdl("ALTER TABLE plain_events MODIFY WATERMARK FOR $rowtime AS SOURCE_WATERMARK()");
    expect(await failure("SELECT SOURCE_WATERMARK()")).toContain("SOURCE_WATERMARK() is a declarative function and doesn't have concrete implementation.");
  });
});

describe("CURRENT_WATERMARK($rowtime) on the emulator clock (ManualClock harness)", () => {
  // $rowtime's default watermark (SOURCE_WATERMARK() in Confluent) follows the emulator clock:
  // now - 1 ms, so rows appended later are never late and CURRENT_WATERMARK shows the lag.
  it("shows NULL for replayed rows, then the clock watermark; the late-data filter keeps appended rows", () => {
    const h = new Harness();
    h.run("CREATE TABLE clicks (id INT)");
    h.run("INSERT INTO clicks VALUES (0)");
    const s = h.start("SELECT id, $rowtime, CURRENT_WATERMARK($rowtime) FROM clicks WHERE CURRENT_WATERMARK($rowtime) IS NULL OR $rowtime > CURRENT_WATERMARK($rowtime)");
    h.clock.advance(1000);
    h.run("INSERT INTO clicks VALUES (1)");
    h.clock.advance(1000);
    h.run("INSERT INTO clicks VALUES (2)");
    expect(s.sink.failed).toBeNull();
    expect(s.sink.log).toEqual([
      "+I[0, 2025-01-01 00:00:00.000, NULL]",
      "+I[1, 2025-01-01 00:00:01.000, 2024-12-31 23:59:59.999]",
      "+I[2, 2025-01-01 00:00:02.000, 2025-01-01 00:00:00.999]",
    ]);
  });
  it("is unsupported (not wrong) where the emulator has no watermark to give", () => {
    const h = new Harness();
    h.run("CREATE TABLE clicks (id INT)");
    expect(() => h.compile("SELECT COUNT(*) FROM clicks GROUP BY CURRENT_WATERMARK($rowtime)")).toThrow(/Unsupported feature in the emulator: CURRENT_WATERMARK outside/);
  });
});
