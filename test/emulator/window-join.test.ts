/**
 * Window joins in streaming mode (Flink docs, "Queries > Window Join"; Flink's
 * WindowJoinOperator): a join whose ON condition equates window_start and window_end of two
 * windowed inputs emits nothing before the watermark passes the window end, then the window's
 * matches, and for an outer join its rows without a partner null-padded, never retracted (the
 * result is append-only). Rows for a window that already fired are dropped. Snapshot mode joins
 * the bounded inputs regularly, with the same rows.
 *
 * A and B declare `WATERMARK FOR ts AS ts`; the join's watermark is the smaller of the two.
 */
import { beforeEach, describe, expect, test } from "vitest";
import { Harness } from "./sql/harness.ts";
import { detailsOf, operators } from "../support/explain-text.ts";

let h: Harness;

beforeEach(() => {
  h = new Harness();
  h.run("CREATE TABLE A (id INT, v STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)");
  h.run("CREATE TABLE B (id INT, v STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)");
});

const tumble = (t: string) => `TABLE(TUMBLE(TABLE ${t}, DESCRIPTOR(ts), INTERVAL '10' SECOND))`;
const ON = "ON a.id = b.id AND a.window_start = b.window_start AND a.window_end = b.window_end";
const join = (kind: string, extra = "") =>
  `SELECT a.id, a.v, b.id AS bid, b.v AS bv, a.window_start, b.window_end FROM ${tumble("A")} AS a ${kind} JOIN ${tumble("B")} AS b ${ON}${extra}`;

/** Inserts `(id, v, second)` rows, the second of 2024-01-01 00:00. */
function insert(table: "A" | "B", ...rows: Array<[number, string, number]>): void {
  const values = rows.map(([id, v, sec]) => `(${id}, '${v}', TIMESTAMP '2024-01-01 00:00:${String(sec).padStart(2, "0")}')`);
  h.run(`INSERT INTO ${table} VALUES ${values.join(", ")}`);
}

const W0 = "2024-01-01 00:00:00.000";
const W10 = "2024-01-01 00:00:10.000";
const W20 = "2024-01-01 00:00:20.000";

describe("INNER window join", () => {
  test("emits nothing until the watermark of both inputs passes the window end, then the window's matches", () => {
    const s = h.start(join(""));
    expect(s.traits).toMatchObject({ isAppendOnly: true, upsertColumns: null });
    insert("A", [1, "a1", 1], [2, "a2", 2], [1, "a1b", 3]);
    insert("B", [1, "b1", 4], [3, "b3", 5]);
    // A regular join would have emitted the two id 1 matches by now.
    expect(s.sink.take()).toEqual([]);
    insert("A", [9, "x", 15]); // A's watermark 00:00:15, B's still 00:00:05
    expect(s.sink.take()).toEqual([]);
    insert("B", [9, "y", 9]); // B's watermark 00:00:09: window end - 1 ms not reached
    expect(s.sink.take()).toEqual([]);
    insert("B", [8, "z", 10]); // both past 00:00:09.999: [00:00, 00:10) fires
    expect(s.sink.take()).toEqual([`+I[1, a1, 1, b1, ${W0}, ${W10}]`, `+I[1, a1b, 1, b1, ${W0}, ${W10}]`]);
  });

  test("the rest of the ON condition applies to each pair", () => {
    const s = h.start(join("", " AND a.v < b.v"));
    insert("A", [1, "m", 1], [1, "z", 2]);
    insert("B", [1, "n", 3]);
    expect(s.sink.take()).toEqual([]);
    insert("A", [0, "-", 20]);
    insert("B", [0, "-", 20]);
    expect(s.sink.log).toEqual([`+I[1, m, 1, n, ${W0}, ${W10}]`]);
  });

  test("rows for a window that already fired are late and dropped; later windows still join", () => {
    const s = h.start(join(""));
    insert("A", [1, "a1", 1]);
    insert("B", [1, "b1", 2]);
    insert("A", [5, "x", 12]);
    insert("B", [5, "y", 12]);
    expect(s.sink.take()).toEqual([`+I[1, a1, 1, b1, ${W0}, ${W10}]`]);
    insert("A", [1, "late", 3]); // window [00:00, 00:10) fired
    insert("B", [1, "late", 4]);
    insert("A", [6, "p", 25]);
    insert("B", [6, "q", 25]);
    expect(s.sink.take()).toEqual([`+I[5, x, 5, y, ${W10}, ${W20}]`]);
  });

  test("HOP windows: a pair meets once in every window both rows fall in", () => {
    const hop = (t: string) => `TABLE(HOP(TABLE ${t}, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '10' SECOND))`;
    const s = h.start(`SELECT a.id, a.window_start, a.window_end FROM ${hop("A")} AS a JOIN ${hop("B")} AS b ${ON}`);
    insert("A", [1, "a", 6]); // windows [00:00, 00:10) and [00:05, 00:15)
    insert("B", [1, "b", 8]);
    insert("A", [0, "-", 30]);
    insert("B", [0, "-", 30]);
    expect(s.sink.log).toEqual([`+I[1, ${W0}, ${W10}]`, "+I[1, 2024-01-01 00:00:05.000, 2024-01-01 00:00:15.000]"]);
  });

  test("windows over $rowtime in a non-UTC session time zone fire at the local window end", () => {
    h.run("CREATE TABLE t (id INT)");
    h.run("CREATE TABLE u (id INT)");
    const day = (x: string) => `TABLE(TUMBLE(TABLE ${x}, DESCRIPTOR($rowtime), INTERVAL '1' DAY))`;
    const s = h.start(`SELECT a.id, a.window_start, a.window_end FROM ${day("t")} AS a JOIN ${day("u")} AS b ON a.id = b.id AND a.window_start = b.window_start AND a.window_end = b.window_end`, {
      "sql.local-time-zone": "Asia/Tokyo",
    });
    h.run("INSERT INTO t VALUES (1)"); // 2025-01-01 00:00 UTC = 09:00 in Tokyo
    h.run("INSERT INTO u VALUES (1)");
    h.clock.advance(14 * 3600_000);
    expect(s.sink.log).toEqual([]);
    h.clock.advance(3600_000); // 15:00 UTC = midnight in Tokyo
    expect(s.sink.log).toEqual(["+I[1, 2025-01-01 00:00:00.000, 2025-01-02 00:00:00.000]"]);
  });
});

describe("outer window joins: unmatched rows padded at window end, no retractions", () => {
  test("LEFT", () => {
    const s = h.start(join("LEFT"));
    expect(s.traits).toMatchObject({ isAppendOnly: true, upsertColumns: null });
    insert("A", [1, "a1", 1], [2, "a2", 2]);
    insert("B", [1, "b1", 4], [3, "b3", 5]);
    expect(s.sink.take()).toEqual([]);
    insert("A", [7, "x", 11]);
    insert("B", [7, "y", 11]);
    // The regular LEFT join would have emitted +I[2, a2, NULL...] at once and +I / -D around id 1.
    expect(s.sink.take()).toEqual([`+I[1, a1, 1, b1, ${W0}, ${W10}]`, `+I[2, a2, NULL, NULL, ${W0}, NULL]`]);
  });

  test("RIGHT", () => {
    const s = h.start(join("RIGHT"));
    insert("A", [1, "a1", 1], [2, "a2", 2]);
    insert("B", [1, "b1", 4], [3, "b3", 5]);
    insert("A", [7, "x", 11]);
    insert("B", [7, "y", 11]);
    expect(s.sink.log).toEqual([`+I[1, a1, 1, b1, ${W0}, ${W10}]`, `+I[NULL, NULL, 3, b3, NULL, ${W10}]`]);
  });

  test("FULL: left rows in arrival order, then the right rows without a partner", () => {
    const s = h.start(join("FULL"));
    insert("A", [1, "a1", 1], [2, "a2", 2]);
    insert("B", [3, "b3", 3], [1, "b1", 4]);
    insert("A", [7, "x", 12]);
    insert("B", [8, "y", 12]);
    expect(s.sink.take()).toEqual([`+I[1, a1, 1, b1, ${W0}, ${W10}]`, `+I[2, a2, NULL, NULL, ${W0}, NULL]`, `+I[NULL, NULL, 3, b3, NULL, ${W10}]`]);
    // The next window: both rows unmatched (different ids).
    insert("A", [0, "-", 25]);
    insert("B", [0, "-", 25]);
    expect(s.sink.take()).toEqual([`+I[7, x, NULL, NULL, ${W10}, NULL]`, `+I[NULL, NULL, 8, y, NULL, ${W20}]`]);
  });

  test("a late row of an outer side is dropped, not padded", () => {
    const s = h.start(join("LEFT"));
    insert("A", [1, "a1", 1]);
    insert("B", [1, "b1", 2]);
    insert("A", [5, "x", 12]);
    insert("B", [5, "y", 12]);
    s.sink.take();
    insert("A", [2, "late", 3]);
    insert("A", [0, "-", 25]);
    insert("B", [0, "-", 25]);
    expect(s.sink.take()).toEqual([`+I[5, x, 5, y, ${W10}, ${W20}]`]);
  });

  test("can be written into an append-only table, and keeps its time attributes", () => {
    h.run("CREATE TABLE out_t (id INT, bid INT, window_time TIMESTAMP(3))");
    const ins = h.start(`INSERT INTO out_t SELECT a.id, b.id, a.window_time FROM ${tumble("A")} AS a LEFT JOIN ${tumble("B")} AS b ${ON}`);
    expect(ins.sink.failed).toBeNull();
    // Flink's RelTimeIndicatorConverter materialises time attributes for regular joins only.
    const over = `SELECT window_start, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE (SELECT a.id, a.window_time AS t FROM ${tumble("A")} AS a FULL JOIN ${tumble("B")} AS b ${ON}), DESCRIPTOR(t), INTERVAL '1' MINUTE)) GROUP BY window_start, window_end`;
    expect(h.compile(over).traits.isAppendOnly).toBe(true);
  });
});

describe("window joins elsewhere", () => {
  test("over window aggregations (the docs' shape): one row per key and window", () => {
    const agg = (t: string) => `(SELECT id, window_start, window_end, COUNT(*) AS n FROM ${tumble(t)} GROUP BY id, window_start, window_end)`;
    const s = h.start(`SELECT l.id, l.n, r.n AS rn, l.window_start FROM ${agg("A")} l FULL JOIN ${agg("B")} r ON l.id = r.id AND l.window_start = r.window_start AND l.window_end = r.window_end`);
    expect(s.traits.isAppendOnly).toBe(true);
    insert("A", [1, "a", 1], [1, "b", 2], [2, "c", 3]);
    insert("B", [1, "d", 4]);
    insert("A", [0, "-", 25]);
    insert("B", [0, "-", 25]);
    expect(s.sink.log).toEqual([`+I[1, 2, 1, ${W0}]`, `+I[2, 1, NULL, ${W0}]`]);
  });

  test("snapshot mode joins the bounded inputs regularly, with the same rows (late ones included)", () => {
    insert("A", [1, "a1", 1], [2, "a2", 2], [7, "x", 12]);
    insert("B", [1, "b1", 4], [3, "b3", 5], [8, "y", 12]);
    expect(h.snapshotLog(join("FULL")).sort()).toEqual(
      [`+I[1, a1, 1, b1, ${W0}, ${W10}]`, `+I[2, a2, NULL, NULL, ${W0}, NULL]`, `+I[NULL, NULL, 3, b3, NULL, ${W10}]`, `+I[7, x, NULL, NULL, ${W10}, NULL]`, `+I[NULL, NULL, 8, y, NULL, ${W20}]`].sort(),
    );
    expect(h.snapshotLog(join("")).sort()).toEqual([`+I[1, a1, 1, b1, ${W0}, ${W10}]`]);
  });

  test("over an updating input: Flink's StreamPhysicalWindowJoin TableException, outer joins too", () => {
    h.run("CREATE TABLE acc (id INT NOT NULL, v STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts, PRIMARY KEY (id) NOT ENFORCED)");
    const sql = `SELECT a.id, b.id FROM ${tumble("A")} AS a LEFT JOIN ${tumble("acc")} AS b ${ON}`;
    expect(() => h.compile(sql)).toThrow("StreamPhysicalWindowJoin doesn't support consuming update and delete changes which is produced by node ChangelogNormalize(key=[id])");
  });

  // Flink's WindowJoinUtil: different window TVFs on the two sides make no window join (it logs
  // a warning); the join stays regular, emitting at once and materialising the time attributes.
  test("different windows on the two sides: a regular join", () => {
    const hop = `TABLE(HOP(TABLE B, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '10' SECOND))`;
    const sql = `SELECT a.id, a.window_start, a.window_time FROM ${tumble("A")} AS a JOIN ${hop} AS b ${ON}`;
    const s = h.start(sql);
    insert("A", [1, "a", 1]);
    insert("B", [1, "b", 2]);
    expect(s.sink.log).toEqual([`+I[1, ${W0}, 2024-01-01 00:00:09.999]`]);
    expect(() => h.compile(`SELECT window_start FROM TABLE(TUMBLE(TABLE (${sql}), DESCRIPTOR(window_time), INTERVAL '1' MINUTE))`)).toThrow(
      "The window function requires the timecol is a time attribute type, but is TIMESTAMP(3) NOT NULL.",
    );
  });

  test("SESSION windows: rows meet in equal sessions once both inputs closed them (LEFT: no padding then retraction)", () => {
    const session = (t: string) => `TABLE(SESSION(TABLE ${t} PARTITION BY id, DESCRIPTOR(ts), INTERVAL '5' SECOND))`;
    const s = h.start(`SELECT a.id, b.id AS bid, a.window_start, a.window_end FROM ${session("A")} AS a LEFT JOIN ${session("B")} AS b ${ON}`);
    expect(s.traits.isAppendOnly).toBe(true);
    insert("A", [1, "a", 1], [1, "a", 3], [2, "a", 4]);
    insert("B", [1, "b", 3], [1, "b", 1], [2, "b", 5]); // sessions of id 2: [00:00:04, 00:00:09) and [00:00:05, 00:00:10)
    insert("A", [0, "-", 30]); // A's sessions close; B's not yet
    expect(s.sink.take()).toEqual([]);
    insert("B", [0, "-", 30]);
    const s1 = "2024-01-01 00:00:01.000, 2024-01-01 00:00:08.000";
    expect(s.sink.take().sort()).toEqual([`+I[1, 1, ${s1}]`, `+I[1, 1, ${s1}]`, `+I[1, 1, ${s1}]`, `+I[1, 1, ${s1}]`, "+I[2, NULL, 2024-01-01 00:00:04.000, 2024-01-01 00:00:09.000]"]);
  });

  test("EXPLAIN names the window join with each side's window", () => {
    const plan = h.run(`EXPLAIN ${join("LEFT")}`).sink.rows[0]!.row[0] as string;
    // An outer window join emits each padded row once, when the window closes: append-only.
    expect(detailsOf(plan, "StreamWindowJoin")).toEqual(["Changelog mode: append", "State size: low"]);
    expect(operators(plan).filter((o) => o === "StreamWindowTableFunction")).toHaveLength(2);
  });
});
