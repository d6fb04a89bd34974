/**
 * Window properties do not survive a regular join (Flink's FlinkRelMdWindowProperties gives a
 * FlinkLogicalJoin window properties only when it is a window join, equal window_start and
 * window_end on both sides). So `GROUP BY window_start, window_end` over a regular join's output
 * is a regular GroupAggregate: it emits at once and updates its groups (+I, -U/+U, -D), with the
 * group keys as upsert key, instead of a window aggregation firing once per window at the
 * watermark. Likewise ROW_NUMBER partitioned by the window bounds is a regular Top-N /
 * deduplication there, which consumes the updates of an outer join, where window Top-N would fail.
 *
 * A and B declare `WATERMARK FOR ts AS ts`; the joins equate window_start but not window_end.
 */
import { beforeEach, describe, expect, test } from "vitest";
import { Harness } from "./sql/harness.ts";
import { detailsOf, operators } from "../support/explain-text.ts";

let h: Harness;

beforeEach(() => {
  h = new Harness();
  h.run("CREATE TABLE A (id INT, v INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)");
  h.run("CREATE TABLE B (id INT, v INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)");
});

const tumble = (t: string) => `TABLE(TUMBLE(TABLE ${t}, DESCRIPTOR(ts), INTERVAL '10' SECOND))`;
/** A join of the windowed A and B that is no window join: window_end is not equated. */
const joined = (kind: string) => `${tumble("A")} AS a ${kind} JOIN ${tumble("B")} AS b ON a.id = b.id AND a.window_start = b.window_start`;
const countPerWindow = (kind: string) =>
  `SELECT a.window_start, a.window_end, COUNT(*) AS n, SUM(b.v) AS total FROM ${joined(kind)} GROUP BY a.window_start, a.window_end`;

/** Inserts `(id, v, second)` rows, the second of 2024-01-01 00:00. */
function insert(table: "A" | "B", ...rows: Array<[number, number, number]>): void {
  const values = rows.map(([id, v, sec]) => `(${id}, ${v}, TIMESTAMP '2024-01-01 00:00:${String(sec).padStart(2, "0")}')`);
  h.run(`INSERT INTO ${table} VALUES ${values.join(", ")}`);
}

const W0 = "2024-01-01 00:00:00.000";
const W10 = "2024-01-01 00:00:10.000";

const plan = (sql: string) => h.run(`EXPLAIN ${sql}`).sink.rows[0]!.row[0] as string;

describe("GROUP BY window_start, window_end over a regular join", () => {
  test("INNER: a group aggregate that emits before the watermark and updates its groups", () => {
    const s = h.start(countPerWindow("INNER"));
    expect(s.traits).toMatchObject({ isAppendOnly: false, upsertColumns: [0, 1] });
    insert("A", [1, 0, 1], [2, 0, 2]);
    insert("B", [1, 5, 3]);
    // The watermark (00:03) is far from the window end: a window aggregation would emit nothing.
    expect(s.sink.take()).toEqual([`+I[${W0}, ${W10}, 1, 5]`]);
    insert("B", [2, 7, 4]);
    expect(s.sink.take()).toEqual([`-U[${W0}, ${W10}, 1, 5]`, `+U[${W0}, ${W10}, 2, 12]`]);
    // Past the window end, a late match still updates the group.
    insert("A", [9, 0, 25]);
    insert("B", [9, 0, 26]);
    insert("A", [1, 0, 5]);
    expect(s.sink.take()).toEqual([
      `+I[2024-01-01 00:00:20.000, 2024-01-01 00:00:30.000, 1, 0]`,
      `-U[${W0}, ${W10}, 2, 12]`,
      `+U[${W0}, ${W10}, 3, 17]`,
    ]);
  });

  test("LEFT: the join's retractions reach the aggregate", () => {
    const s = h.start(countPerWindow("LEFT"));
    expect(s.traits).toMatchObject({ isAppendOnly: false, upsertColumns: [0, 1] });
    insert("A", [1, 0, 1]);
    // A's row without a partner: null-padded at once, SUM of no value is NULL.
    expect(s.sink.take()).toEqual([`+I[${W0}, ${W10}, 1, NULL]`]);
    insert("B", [1, 4, 2]);
    // The join retracts the padded row and adds the match; the count goes 1 -> 0 -> 1.
    expect(s.sink.take()).toEqual([`-D[${W0}, ${W10}, 1, NULL]`, `+I[${W0}, ${W10}, 1, 4]`]);
  });

  test("snapshot mode: the same groups, final", () => {
    insert("A", [1, 0, 1], [2, 0, 2], [1, 0, 5]);
    insert("B", [1, 5, 3], [2, 7, 4]);
    const rows = h.run(countPerWindow("INNER"), { "sql.snapshot.mode": "now" }).sink.log;
    expect(rows).toEqual([`+I[${W0}, ${W10}, 3, 17]`]);
  });

  test("EXPLAIN: StreamGroupAggregate over the join, retract, keyed by the window bounds", () => {
    const text = plan(countPerWindow("INNER"));
    const ops = operators(text);
    expect(ops).toContain("StreamGroupAggregate");
    expect(ops).not.toContain("StreamWindowAggregate");
    expect(ops).toContain("StreamJoin");
    expect(detailsOf(text, "StreamGroupAggregate")).toEqual(["Changelog mode: retract", "Upsert key: (window_start,window_end)", "State size: medium"]);
  });

  test("a window join (window_end equated too) still feeds a window aggregation, append-only", () => {
    const sql = `SELECT a.window_start, a.window_end, COUNT(*) AS n FROM ${tumble("A")} AS a JOIN ${tumble("B")} AS b ON a.id = b.id AND a.window_start = b.window_start AND a.window_end = b.window_end GROUP BY a.window_start, a.window_end`;
    expect(h.start(sql).traits).toMatchObject({ isAppendOnly: true, upsertColumns: null });
    expect(operators(plan(sql))).toContain("StreamWindowAggregate");
  });
});

describe("ROW_NUMBER partitioned by window_start, window_end over a regular join", () => {
  const topPerWindow = (kind: string) =>
    `SELECT window_start, window_end, id, bv FROM (SELECT a.window_start, a.window_end, a.id, b.v AS bv, ROW_NUMBER() OVER (PARTITION BY a.window_start, a.window_end ORDER BY b.v DESC) AS rn FROM ${joined(kind)}) WHERE rn = 1`;

  test("INNER: a regular Top-N that replaces the window's first row at once", () => {
    const s = h.start(topPerWindow("INNER"));
    expect(s.traits.isAppendOnly).toBe(false);
    insert("A", [1, 0, 1], [2, 0, 2]);
    insert("B", [1, 5, 3]);
    expect(s.sink.take()).toEqual([`+I[${W0}, ${W10}, 1, 5]`]);
    insert("B", [2, 7, 4]);
    // Without the row number in its output, the Top-N retracts the row it evicts (Flink's AppendOnlyTopNFunction).
    expect(s.sink.take()).toEqual([`-D[${W0}, ${W10}, 1, 5]`, `+I[${W0}, ${W10}, 2, 7]`]);
    const text = plan(topPerWindow("INNER"));
    expect(operators(text)).toContain("StreamRank");
    expect(operators(text)).not.toContain("StreamWindowRank");
  });

  test("LEFT: the join's updates are consumed, where window Top-N would fail", () => {
    const s = h.start(topPerWindow("LEFT"));
    insert("A", [1, 0, 1]);
    expect(s.sink.take()).toEqual([`+I[${W0}, ${W10}, 1, NULL]`]);
    insert("B", [1, 4, 2]);
    expect(s.sink.take()).toEqual([`-D[${W0}, ${W10}, 1, NULL]`, `+I[${W0}, ${W10}, 1, 4]`]);
  });

  test("deduplication by window_time: a regular deduplication, window_time being a plain timestamp", () => {
    const sql = `SELECT id FROM (SELECT a.id, ROW_NUMBER() OVER (PARTITION BY a.window_start, a.window_end ORDER BY a.window_time) AS rn FROM ${joined("INNER")}) WHERE rn = 1`;
    const ops = operators(plan(sql));
    expect(ops).not.toContain("StreamWindowDeduplicate");
    expect(ops).not.toContain("StreamWindowRank");
  });
});


describe("GROUP BY window_start, window_end over a semi join that is no window semi join", () => {
  const inB = `SELECT window_start, window_end, COUNT(*) AS n FROM ${tumble("A")} WHERE id IN (SELECT id FROM B) GROUP BY window_start, window_end`;

  test("a group aggregation, emitting as matches arrive", () => {
    const s = h.start(inB);
    expect(s.traits).toMatchObject({ isAppendOnly: false, upsertColumns: [0, 1] });
    insert("A", [1, 0, 1], [2, 0, 2]);
    insert("B", [1, 0, 3]);
    expect(s.sink.take()).toEqual([`+I[${W0}, ${W10}, 1]`]);
    insert("B", [2, 0, 4]);
    expect(s.sink.take()).toEqual([`-U[${W0}, ${W10}, 1]`, `+U[${W0}, ${W10}, 2]`]);
    const text = plan(inB);
    expect(operators(text)).toContain("StreamGroupAggregate");
    expect(operators(text)).not.toContain("StreamWindowAggregate");
  });

  test("a window semi join (window_start and window_end equated) still feeds a window aggregation", () => {
    const sql = `SELECT a.window_start, a.window_end, COUNT(*) AS n FROM ${tumble("A")} AS a WHERE EXISTS (SELECT 1 FROM ${tumble("B")} AS b WHERE b.id = a.id AND b.window_start = a.window_start AND b.window_end = a.window_end) GROUP BY a.window_start, a.window_end`;
    expect(h.start(sql).traits).toMatchObject({ isAppendOnly: true, upsertColumns: null });
    expect(operators(plan(sql))).toContain("StreamWindowAggregate");
  });
});
