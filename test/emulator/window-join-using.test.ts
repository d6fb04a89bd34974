/**
 * Window joins written with USING (window_start, window_end, k) or as a NATURAL JOIN of two
 * windowed inputs: Flink's planner sees the same equi-join keys as in the ON form, so they are
 * window joins too (Flink docs, "Queries > Window Join"), append-only, emitting a window's
 * results once the watermark of both inputs passes its end, outer rows padded then. USING
 * without both window columns stays a regular join.
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
const using = (kind: string) => `SELECT id, window_start, window_end, L.v, R.v AS rv FROM ${tumble("A")} L ${kind} JOIN ${tumble("B")} R USING (window_start, window_end, id)`;
const projected = (t: string, extra: string) => `(SELECT id, window_start, window_end, v AS ${extra} FROM ${tumble(t)})`;

/** Inserts `(id, v, second)` rows, the second of 2024-01-01 00:00. */
function insert(table: "A" | "B", ...rows: Array<[number, string, number]>): void {
  const values = rows.map(([id, v, sec]) => `(${id}, '${v}', TIMESTAMP '2024-01-01 00:00:${String(sec).padStart(2, "0")}')`);
  h.run(`INSERT INTO ${table} VALUES ${values.join(", ")}`);
}

const W0 = "2024-01-01 00:00:00.000, 2024-01-01 00:00:10.000";
const W10 = "2024-01-01 00:00:10.000, 2024-01-01 00:00:20.000";

describe("USING (window_start, window_end, k)", () => {
  test("INNER: nothing until both watermarks pass the window end, then the window's matches", () => {
    const s = h.start(using(""));
    expect(s.traits).toMatchObject({ isAppendOnly: true, upsertColumns: null });
    insert("A", [1, "a1", 1], [2, "a2", 2]);
    insert("B", [1, "b1", 4], [3, "b3", 5]);
    // A regular join would have emitted the id 1 match by now.
    expect(s.sink.take()).toEqual([]);
    insert("A", [7, "x", 12]);
    expect(s.sink.take()).toEqual([]);
    insert("B", [7, "y", 12]);
    expect(s.sink.take()).toEqual([`+I[1, ${W0}, a1, b1]`]);
    insert("A", [1, "late", 3]); // window [00:00, 00:10) fired: dropped
    insert("B", [1, "late", 3]);
    insert("A", [0, "-", 25]);
    insert("B", [0, "-", 25]);
    expect(s.sink.take()).toEqual([`+I[7, ${W10}, x, y]`]);
  });

  test("SELECT * lists the USING columns first, then each side's other columns", () => {
    const s = h.start(`SELECT * FROM ${tumble("A")} L JOIN ${tumble("B")} R USING (window_start, window_end, id)`);
    expect(s.traits.schema?.map((c) => c.name)).toEqual(["window_start", "window_end", "id", "v", "ts", "window_time", "v0", "ts0", "window_time0"]);
    insert("A", [1, "a1", 1]);
    insert("B", [1, "b1", 4]);
    insert("A", [0, "-", 25]);
    insert("B", [0, "-", 25]);
    expect(s.sink.log).toEqual([`+I[${W0}, 1, a1, 2024-01-01 00:00:01.000, 2024-01-01 00:00:09.999, b1, 2024-01-01 00:00:04.000, 2024-01-01 00:00:09.999]`]);
  });

  test("FULL: unmatched rows padded at window end, the USING columns taken from the side that has them", () => {
    const s = h.start(using("FULL"));
    expect(s.traits.isAppendOnly).toBe(true);
    insert("A", [1, "a1", 1], [2, "a2", 2]);
    insert("B", [3, "b3", 3], [1, "b1", 4]);
    insert("A", [0, "-", 25]);
    insert("B", [0, "-", 25]);
    expect(s.sink.take()).toEqual([`+I[1, ${W0}, a1, b1]`, `+I[2, ${W0}, a2, NULL]`, `+I[3, ${W0}, NULL, b3]`]);
  });

  test("snapshot mode: the same rows as a regular join", () => {
    insert("A", [1, "a1", 1], [2, "a2", 2], [7, "x", 12]);
    insert("B", [1, "b1", 4], [3, "b3", 5]);
    expect(h.snapshotLog(using("LEFT")).sort()).toEqual([`+I[1, ${W0}, a1, b1]`, `+I[2, ${W0}, a2, NULL]`, `+I[7, ${W10}, x, NULL]`]);
  });

  test("USING (window_start, id) without window_end: a regular join, emitting at once", () => {
    const s = h.start(`SELECT id, L.v, R.v FROM ${tumble("A")} L JOIN ${tumble("B")} R USING (window_start, id)`);
    insert("A", [1, "a1", 1]);
    insert("B", [1, "b1", 4]);
    expect(s.sink.log).toEqual(["+I[1, a1, b1]"]);
  });

  test("over an updating input: Flink's StreamPhysicalWindowJoin TableException", () => {
    h.run("CREATE TABLE acc (id INT NOT NULL, v STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts, PRIMARY KEY (id) NOT ENFORCED)");
    let err: unknown;
    try {
      h.compile(`SELECT id FROM ${tumble("A")} L LEFT JOIN ${tumble("acc")} R USING (window_start, window_end, id)`);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).exceptionName).toBe("org.apache.flink.table.api.TableException");
    expect((err as Error).message).toBe("StreamPhysicalWindowJoin doesn't support consuming update and delete changes which is produced by node ChangelogNormalize(key=[id])");
  });
});

describe("NATURAL JOIN of two windowed inputs", () => {
  test("projections sharing id, window_start and window_end: a window join on them", () => {
    const sql = `SELECT * FROM ${projected("A", "av")} NATURAL JOIN ${projected("B", "bv")}`;
    const s = h.start(sql);
    expect(s.traits).toMatchObject({ isAppendOnly: true, upsertColumns: null });
    insert("A", [1, "a1", 1], [2, "a2", 2]);
    insert("B", [1, "b1", 4], [2, "b2", 11]); // id 2 of another window: no match
    expect(s.sink.take()).toEqual([]);
    insert("A", [0, "-", 25]);
    insert("B", [0, "-", 25]);
    expect(s.sink.take()).toEqual([`+I[1, ${W0}, a1, b1]`]);
  });

  test("NATURAL LEFT JOIN pads the left rows without a partner at window end", () => {
    const s = h.start(`SELECT * FROM ${projected("A", "av")} NATURAL LEFT JOIN ${projected("B", "bv")}`);
    insert("A", [1, "a1", 1], [2, "a2", 2]);
    insert("B", [1, "b1", 4]);
    expect(s.sink.take()).toEqual([]);
    insert("A", [0, "-", 25]);
    insert("B", [0, "-", 25]);
    expect(s.sink.take()).toEqual([`+I[1, ${W0}, a1, b1]`, `+I[2, ${W0}, a2, NULL]`]);
  });

  test("two window TVFs of one schema: keyed on every common column, the window columns among them", () => {
    const s = h.start(`SELECT * FROM ${tumble("A")} NATURAL JOIN ${tumble("B")}`);
    expect(s.traits.isAppendOnly).toBe(true);
    insert("A", [1, "same", 1], [2, "a", 2]);
    insert("B", [1, "same", 1], [2, "b", 2]);
    expect(s.sink.take()).toEqual([]);
    insert("A", [0, "-", 25]);
    insert("B", [0, "-", 25]);
    expect(s.sink.take()).toEqual([`+I[1, same, 2024-01-01 00:00:01.000, ${W0}, 2024-01-01 00:00:09.999]`]);
  });

  test("EXPLAIN names the window join for USING and NATURAL alike", () => {
    const plan = (sql: string) => h.run(`EXPLAIN ${sql}`).sink.rows[0]!.row[0] as string;
    for (const sql of [using("LEFT"), `SELECT * FROM ${projected("A", "av")} NATURAL JOIN ${projected("B", "bv")}`]) {
      expect(detailsOf(plan(sql), "StreamWindowJoin")).toEqual(["Changelog mode: append", "State size: low"]);
      expect(operators(plan(sql))).not.toContain("StreamJoin");
    }
  });
});
