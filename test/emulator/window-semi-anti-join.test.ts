/**
 * Window semi / anti joins in streaming mode (Flink docs, "Queries > Window Join", IN / EXISTS
 * and their negations): a WHERE subquery over a windowing TVF, keyed on window_start and
 * window_end of the outer query's windows (as correlations or as IN operands), is planned as a
 * window join. It emits a left row only when the watermark of both inputs passes its window's
 * end, never retracts (append-only, NOT EXISTS / NOT IN included), and NOT IN keeps SQL's NULL
 * semantics within each window. Snapshot mode answers with the same rows as a regular semi /
 * anti join.
 *
 * A and B declare `WATERMARK FOR ts AS ts`; the join's watermark is the smaller of the two.
 */
import { beforeEach, describe, expect, test } from "vitest";
import { EngineError } from "../../src/emulator/engine.ts";
import { Harness } from "./sql/harness.ts";
import { detailsOf, operators } from "../support/explain-text.ts";

let h: Harness;

beforeEach(() => {
  h = new Harness();
  h.run("CREATE TABLE A (id INT, v STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)");
  h.run("CREATE TABLE B (id INT, v STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)");
});

const tumble = (t: string) => `TABLE(TUMBLE(TABLE ${t}, DESCRIPTOR(ts), INTERVAL '10' SECOND))`;
const SELECT = `SELECT L.id, L.v, L.window_start FROM ${tumble("A")} L WHERE`;
const CORRELATED = "L.window_start = R.window_start AND L.window_end = R.window_end";

const IN_ROW = `${SELECT} (L.window_start, L.window_end, L.id) IN (SELECT window_start, window_end, id FROM ${tumble("B")})`;
const NOT_IN_ROW = `${SELECT} (L.window_start, L.window_end, L.id) NOT IN (SELECT window_start, window_end, id FROM ${tumble("B")})`;
const EXISTS = `${SELECT} EXISTS (SELECT * FROM ${tumble("B")} R WHERE ${CORRELATED} AND L.id = R.id)`;
const NOT_EXISTS = `${SELECT} NOT EXISTS (SELECT * FROM ${tumble("B")} R WHERE ${CORRELATED} AND L.id = R.id)`;
// The docs' form: the IN operand is a plain column, the windows are correlations.
const IN_CORRELATED = `${SELECT} L.id IN (SELECT R.id FROM ${tumble("B")} R WHERE ${CORRELATED})`;
const NOT_IN_CORRELATED = `${SELECT} L.id NOT IN (SELECT R.id FROM ${tumble("B")} R WHERE ${CORRELATED})`;

/** Inserts `(id, v, second)` rows, the second of 2024-01-01 00:00; a null id is NULL. */
function insert(table: "A" | "B", ...rows: Array<[number | null, string, number]>): void {
  const id = (x: number | null) => (x === null ? "CAST(NULL AS INT)" : String(x));
  const values = rows.map(([i, v, sec]) => `(${id(i)}, '${v}', TIMESTAMP '2024-01-01 00:00:${String(sec).padStart(2, "0")}')`);
  h.run(`INSERT INTO ${table} VALUES ${values.join(", ")}`);
}

/** Moves both watermarks to 00:00:`sec` with a row on each side that matches nothing (id 99 / 98). */
function advance(sec: number): void {
  insert("A", [99, "-", sec]);
  insert("B", [98, "-", sec]);
}

const W0 = "2024-01-01 00:00:00.000";
const W10 = "2024-01-01 00:00:10.000";

describe("window semi joins (IN, EXISTS)", () => {
  for (const [name, sql] of [
    ["(window_start, window_end, k) IN", IN_ROW],
    ["correlated EXISTS", EXISTS],
    ["k IN, correlated on the windows", IN_CORRELATED],
  ] as const) {
    test(`${name}: nothing until both watermarks pass the window end, then each matched left row once`, () => {
      const s = h.start(sql);
      expect(s.traits).toMatchObject({ isAppendOnly: true, upsertColumns: null });
      insert("A", [1, "a1", 1], [2, "a2", 2], [1, "a1b", 3], [null, "an", 4]);
      insert("B", [1, "b1", 4], [1, "b1 again", 5], [3, "b3", 6]);
      // A regular semi join would have emitted the id 1 rows by now.
      expect(s.sink.take()).toEqual([]);
      insert("A", [5, "x", 15]); // A's watermark 00:00:15, B's still 00:00:06
      expect(s.sink.take()).toEqual([]);
      insert("B", [5, "y", 12]); // both past 00:00:09.999: [00:00, 00:10) fires
      // Two matching right rows still emit each left row once; the NULL id matches nothing.
      expect(s.sink.take()).toEqual([`+I[1, a1, ${W0}]`, `+I[1, a1b, ${W0}]`]);
      advance(25);
      expect(s.sink.take()).toEqual([`+I[5, x, ${W10}]`]);
    });
  }

  test("a row of another window does not match: windows are join keys", () => {
    const s = h.start(EXISTS);
    insert("A", [1, "a", 1]);
    insert("B", [1, "b", 11]); // same id, window [00:10, 00:20)
    advance(30);
    expect(s.sink.log).toEqual([]);
  });

  test("another correlated condition is checked on each pair of rows", () => {
    const s = h.start(`${SELECT} EXISTS (SELECT * FROM ${tumble("B")} R WHERE ${CORRELATED} AND L.id = R.id AND L.v < R.v)`);
    insert("A", [1, "m", 1], [1, "z", 2]);
    insert("B", [1, "n", 3]);
    advance(20);
    expect(s.sink.log).toEqual([`+I[1, m, ${W0}]`]);
  });

  test("rows for a window that already fired are late and dropped, on either side", () => {
    const s = h.start(IN_ROW);
    insert("A", [1, "a1", 1]);
    insert("B", [1, "b1", 2]);
    advance(12);
    expect(s.sink.take()).toEqual([`+I[1, a1, ${W0}]`]);
    insert("A", [1, "late", 3]);
    insert("B", [2, "late", 4]);
    insert("A", [2, "on time", 5]);
    advance(30);
    expect(s.sink.take()).toEqual([]);
  });

  test("over a window aggregation: IN the windows and keys whose group passes HAVING", () => {
    const busy = `SELECT window_start, window_end, id FROM ${tumble("B")} GROUP BY window_start, window_end, id HAVING COUNT(*) > 1`;
    const s = h.start(`${SELECT} (L.window_start, L.window_end, L.id) IN (${busy})`);
    expect(s.traits.isAppendOnly).toBe(true);
    insert("A", [1, "a1", 1], [2, "a2", 2]);
    insert("B", [1, "b1", 1], [1, "b2", 2], [2, "b3", 2]); // id 1 twice, id 2 once
    expect(s.sink.take()).toEqual([]);
    advance(30);
    expect(s.sink.take()).toEqual([`+I[1, a1, ${W0}]`]);
  });

  test("HOP windows: a left row is emitted once for every window in which it has a match", () => {
    const hop = (t: string) => `TABLE(HOP(TABLE ${t}, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '10' SECOND))`;
    const s = h.start(`SELECT L.id, L.window_start, L.window_end FROM ${hop("A")} L WHERE EXISTS (SELECT * FROM ${hop("B")} R WHERE ${CORRELATED} AND L.id = R.id)`);
    insert("A", [1, "a", 6]); // windows [00:00, 00:10) and [00:05, 00:15)
    insert("B", [1, "b", 11]); // windows [00:05, 00:15) and [00:10, 00:20)
    advance(40);
    expect(s.sink.log).toEqual(["+I[1, 2024-01-01 00:00:05.000, 2024-01-01 00:00:15.000]"]);
  });
});

describe("window anti joins (NOT EXISTS, NOT IN): decided once per window, never retracted", () => {
  test("NOT EXISTS: the left rows without a match, a NULL key among them", () => {
    const s = h.start(NOT_EXISTS);
    expect(s.traits).toMatchObject({ isAppendOnly: true, upsertColumns: null });
    insert("A", [1, "a1", 1], [2, "a2", 2], [null, "an", 3]);
    insert("B", [1, "b1", 4], [3, "b3", 5]);
    // A regular anti join would have emitted +I[1, a1] and then -D[1, a1] by now.
    expect(s.sink.take()).toEqual([]);
    insert("A", [7, "x", 12]);
    insert("B", [8, "y", 12]);
    expect(s.sink.take()).toEqual([`+I[2, a2, ${W0}]`, `+I[NULL, an, ${W0}]`]);
    insert("A", [0, "-", 25]);
    insert("B", [0, "-", 25]);
    expect(s.sink.take()).toEqual([`+I[7, x, ${W10}]`]);
  });

  for (const [name, sql] of [
    ["(window_start, window_end, k) NOT IN", NOT_IN_ROW],
    ["k NOT IN, correlated on the windows", NOT_IN_CORRELATED],
  ] as const) {
    test(`${name}: a NULL on the right empties its own window only; a NULL on the left goes when its window has rows`, () => {
      const s = h.start(sql);
      expect(s.traits).toMatchObject({ isAppendOnly: true, upsertColumns: null });
      // Window [00:00, 00:10): B holds a NULL id, so no left row of it is NOT IN.
      insert("A", [1, "a1", 1], [2, "a2", 2]);
      insert("B", [1, "b1", 3], [null, "bn", 4]);
      // Window [00:10, 00:20): B holds only id 3; the left NULL compares UNKNOWN against it.
      insert("A", [2, "a2b", 11], [3, "a3", 12], [null, "an", 13]);
      insert("B", [3, "b3", 14]);
      // Window [00:20, 00:30): B holds nothing, so every left row is NOT IN, NULL included.
      insert("A", [null, "an2", 21], [4, "a4", 22]);
      expect(s.sink.take()).toEqual([]);
      insert("A", [0, "-", 45]);
      insert("B", [0, "-", 45]);
      expect(s.sink.take()).toEqual(["+I[2, a2b, 2024-01-01 00:00:10.000]", "+I[NULL, an2, 2024-01-01 00:00:20.000]", "+I[4, a4, 2024-01-01 00:00:20.000]"]);
    });
  }

  test("snapshot mode: the same rows as the streaming window joins, late rows included", () => {
    insert("A", [1, "a1", 1], [2, "a2", 2], [null, "an", 3], [4, "a4", 12]);
    insert("B", [1, "b1", 4], [null, "bn", 15]);
    const rows = (sql: string) => h.snapshotLog(sql).sort();
    expect(rows(IN_ROW)).toEqual([`+I[1, a1, ${W0}]`]);
    expect(rows(EXISTS)).toEqual([`+I[1, a1, ${W0}]`]);
    expect(rows(NOT_EXISTS)).toEqual([`+I[2, a2, ${W0}]`, `+I[4, a4, ${W10}]`, `+I[NULL, an, ${W0}]`]);
    // [00:00, 00:10) has no NULL on the right: a2 stays, the left NULL goes; [00:10, 00:20) has one.
    expect(rows(NOT_IN_ROW)).toEqual([`+I[2, a2, ${W0}]`]);
    expect(rows(NOT_IN_CORRELATED)).toEqual([`+I[2, a2, ${W0}]`]);
  });
});

describe("planning", () => {
  const plan = (sql: string, props: Record<string, string> = {}) => h.run(`EXPLAIN ${sql}`, props).sink.rows[0]!.row[0] as string;
  const windowJoinDetails = (sql: string) => detailsOf(plan(sql), "StreamWindowJoin");

  test("EXPLAIN names a StreamWindowJoin for the semi / anti kind, insert-only", () => {
    // NOT IN over the nullable id (no equi-key besides the windows) is a window join too.
    for (const sql of [IN_ROW, NOT_IN_ROW, NOT_EXISTS]) {
      expect(windowJoinDetails(sql)).toEqual(["Changelog mode: append", "State size: low"]);
      expect(operators(plan(sql))).not.toContain("StreamJoin");
    }
  });

  test("different windows on the two sides: a regular semi join, emitting at once", () => {
    const hop = `TABLE(HOP(TABLE B, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '10' SECOND))`;
    const sql = `${SELECT} EXISTS (SELECT * FROM ${hop} R WHERE ${CORRELATED} AND L.id = R.id)`;
    expect(operators(plan(sql))).not.toContain("StreamWindowJoin");
    expect(detailsOf(plan(sql), "StreamJoin")).toEqual(["Changelog mode: append", "State size: medium"]);
    const s = h.start(sql);
    insert("A", [1, "a", 1]);
    insert("B", [1, "b", 2]);
    expect(s.sink.log).toEqual([`+I[1, a, ${W0}]`]);
  });

  test("only window_start correlated: a regular anti join, which retracts", () => {
    const s = h.start(`${SELECT} NOT EXISTS (SELECT * FROM ${tumble("B")} R WHERE L.window_start = R.window_start AND L.id = R.id)`);
    expect(s.traits.isAppendOnly).toBe(false);
    insert("A", [1, "a", 1]);
    insert("B", [1, "b", 2]);
    expect(s.sink.log).toEqual([`+I[1, a, ${W0}]`, `-D[1, a, ${W0}]`]);
  });

  test("over an updating input: Flink's StreamPhysicalWindowJoin TableException", () => {
    h.run("CREATE TABLE acc (id INT NOT NULL, v STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts, PRIMARY KEY (id) NOT ENFORCED)");
    let err: unknown;
    try {
      h.compile(`${SELECT} NOT EXISTS (SELECT * FROM ${tumble("acc")} R WHERE ${CORRELATED} AND L.id = R.id)`);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).exceptionName).toBe("org.apache.flink.table.api.TableException");
    expect((err as Error).message).toBe("StreamPhysicalWindowJoin doesn't support consuming update and delete changes which is produced by node ChangelogNormalize(key=[id])");
    // Snapshot mode answers it over the final table.
    h.run("INSERT INTO acc VALUES (1, 'x', TIMESTAMP '2024-01-01 00:00:05')");
    insert("A", [1, "a", 1], [2, "b", 2]);
    expect(h.snapshotLog(`${SELECT} NOT EXISTS (SELECT * FROM ${tumble("acc")} R WHERE ${CORRELATED} AND L.id = R.id)`)).toEqual([`+I[2, b, ${W0}]`]);
  });
});
