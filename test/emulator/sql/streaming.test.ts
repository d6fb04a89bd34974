/**
 * Clock-driven streaming tests: create tables, start a streaming statement, insert rows with
 * separate statements, advance the ManualClock and compare the full changelog and traits with
 * what Flink produces for the same input (Flink docs, "Concepts > Dynamic Tables" for the
 * changelog kinds of each operator).
 */
import { beforeEach, describe, expect, test } from "vitest";
import { Harness } from "./harness.ts";

let h: Harness;

beforeEach(() => {
  h = new Harness();
  h.run("CREATE TABLE t (a INT, b STRING)");
  h.run("CREATE TABLE u (b STRING, c INT)");
});

describe("append-only queries", () => {
  // Flink docs, "Dynamic Tables > Table to Stream Conversion": projections and filters over an
  // append-only table produce an append-only (+I) stream.
  test("filter and projection emit +I per matching row and keep running", () => {
    const s = h.start("SELECT a * 10 AS a10, b FROM t WHERE a > 1");
    expect(s.traits).toMatchObject({ sqlKind: "SELECT", isBounded: false, isAppendOnly: true, upsertColumns: null });
    h.run("INSERT INTO t VALUES (1, 'x'), (2, 'y')");
    h.run("INSERT INTO t VALUES (3, 'z')");
    expect(s.sink.log).toEqual(["+I[20, y]", "+I[30, z]"]);
    expect(s.sink.completed).toBe(false);
  });

  test("existing rows are read first (earliest offset), then new ones", () => {
    h.run("INSERT INTO t VALUES (1, 'x')");
    const s = h.start("SELECT a FROM t");
    h.run("INSERT INTO t VALUES (2, 'y')");
    expect(s.sink.log).toEqual(["+I[1]", "+I[2]"]);
  });

  test("a query over VALUES only is bounded and completes", () => {
    const s = h.start("SELECT * FROM (VALUES (1), (2)) AS v(x)");
    expect(s.traits).toMatchObject({ isBounded: true, isAppendOnly: true });
    expect(s.sink.completed).toBe(true);
    expect(s.sink.log).toEqual(["+I[1]", "+I[2]"]);
  });

  test("snapshot mode over the same query is bounded, append-only and completes", () => {
    h.run("INSERT INTO t VALUES (1, 'x'), (2, 'x')");
    const s = h.start("SELECT b, COUNT(*) FROM t GROUP BY b", { "sql.snapshot.mode": "now" });
    expect(s.traits).toMatchObject({ isBounded: true, isAppendOnly: true, upsertColumns: null });
    expect(s.sink.log).toEqual(["+I[x, 2]"]);
    expect(s.sink.completed).toBe(true);
  });
});

describe("group aggregation", () => {
  // Flink docs, "Queries > Group Aggregation": a streaming aggregate emits +I for a new group and
  // -U/+U when its result changes; upsert key = the group keys.
  test("COUNT per key emits +I then -U/+U", () => {
    const s = h.start("SELECT b, COUNT(*) AS n, SUM(a) AS total FROM t GROUP BY b");
    expect(s.traits).toMatchObject({ isBounded: false, isAppendOnly: false, upsertColumns: [0] });
    h.run("INSERT INTO t VALUES (1, 'x')");
    h.run("INSERT INTO t VALUES (2, 'y')");
    h.run("INSERT INTO t VALUES (3, 'x')");
    expect(s.sink.log).toEqual(["+I[x, 1, 1]", "+I[y, 1, 2]", "-U[x, 1, 1]", "+U[x, 2, 4]"]);
  });

  test("several rows in one INSERT are still processed record by record", () => {
    const s = h.start("SELECT COUNT(*) FROM t");
    h.run("INSERT INTO t VALUES (1, 'x'), (2, 'x')");
    expect(s.sink.log).toEqual(["+I[1]", "-U[1]", "+U[2]"]);
  });

  // HAVING is a filter over the aggregate's changelog: the -U of a row that did not pass is dropped.
  test("HAVING drops records that do not pass", () => {
    const s = h.start("SELECT b, COUNT(*) AS n FROM t GROUP BY b HAVING COUNT(*) >= 2");
    h.run("INSERT INTO t VALUES (1, 'x')");
    h.run("INSERT INTO t VALUES (2, 'x')");
    h.run("INSERT INTO t VALUES (3, 'x')");
    expect(s.sink.log).toEqual(["+U[x, 2]", "-U[x, 2]", "+U[x, 3]"]);
  });

  test("an unchanged result emits nothing (MAX stays the same)", () => {
    const s = h.start("SELECT b, MAX(a) FROM t GROUP BY b");
    h.run("INSERT INTO t VALUES (5, 'x')");
    h.run("INSERT INTO t VALUES (1, 'x')");
    expect(s.sink.log).toEqual(["+I[x, 5]"]);
  });

  // An aggregate over an updating input retracts: the last row of a group leaving gives -D.
  test("aggregate of an aggregate (retractions reach the outer groups)", () => {
    const s = h.start("SELECT n, COUNT(*) AS keys FROM (SELECT b, COUNT(*) AS n FROM t GROUP BY b) GROUP BY n");
    expect(s.traits.upsertColumns).toEqual([0]);
    h.run("INSERT INTO t VALUES (1, 'x')");
    h.run("INSERT INTO t VALUES (2, 'y')");
    h.run("INSERT INTO t VALUES (3, 'x')");
    expect(s.sink.log).toEqual(["+I[1, 1]", "-U[1, 1]", "+U[1, 2]", "-U[1, 2]", "+U[1, 1]", "+I[2, 1]"]);
  });

  // Upsert keys are column sets (ImmutableBitSet in Flink), so they come out ascending whatever
  // the GROUP BY or select-list order.
  test("upsert columns are ascending column indices", () => {
    expect(h.compile("SELECT COUNT(*), b, a FROM t GROUP BY a, b").traits.upsertColumns).toEqual([1, 2]);
    expect(h.compile("SELECT b, a, COUNT(*) FROM t GROUP BY a, b").traits.upsertColumns).toEqual([0, 1]);
  });

  test("DISTINCT emits each value once", () => {
    const s = h.start("SELECT DISTINCT b FROM t");
    h.run("INSERT INTO t VALUES (1, 'x'), (2, 'x'), (3, 'y')");
    expect(s.sink.log).toEqual(["+I[x]", "+I[y]"]);
    expect(s.traits.upsertColumns).toEqual([0]);
  });
});

describe("joins", () => {
  // Flink docs, "Queries > Joins > Regular Joins": inputs are kept in state; updates on either side
  // are reflected in the result. StreamingJoinOperator keeps the input's row kind for inner joins.
  test("inner join of an updating aggregate with a table", () => {
    const s = h.start("SELECT x.b, x.n, u.c FROM (SELECT b, COUNT(*) AS n FROM t GROUP BY b) AS x JOIN u ON x.b = u.b");
    expect(s.traits).toMatchObject({ isAppendOnly: false });
    h.run("INSERT INTO t VALUES (1, 'x')");
    h.run("INSERT INTO u VALUES ('x', 10)");
    h.run("INSERT INTO t VALUES (2, 'x')");
    expect(s.sink.log).toEqual(["+I[x, 1, 10]", "-U[x, 1, 10]", "+U[x, 2, 10]"]);
  });

  test("inner join of append-only inputs is append-only", () => {
    const s = h.start("SELECT t.a, u.c FROM t JOIN u ON t.b = u.b");
    expect(s.traits).toMatchObject({ isAppendOnly: true, upsertColumns: null });
    h.run("INSERT INTO t VALUES (1, 'x')");
    h.run("INSERT INTO u VALUES ('x', 10), ('x', 20)");
    h.run("INSERT INTO t VALUES (2, 'x')");
    expect(s.sink.log).toEqual(["+I[1, 10]", "+I[1, 20]", "+I[2, 10]", "+I[2, 20]"]);
  });

  // Outer sides emit a NULL-padded row, retracted (-D) when the first match arrives.
  test("left join retracts the padded row when a match arrives, and follows updates", () => {
    const s = h.start("SELECT x.b, x.n, u.c FROM (SELECT b, COUNT(*) AS n FROM t GROUP BY b) AS x LEFT JOIN u ON x.b = u.b");
    h.run("INSERT INTO t VALUES (1, 'y')");
    h.run("INSERT INTO u VALUES ('y', 5)");
    h.run("INSERT INTO t VALUES (2, 'y')");
    expect(s.sink.log).toEqual(["+I[y, 1, NULL]", "-D[y, 1, NULL]", "+I[y, 1, 5]", "-D[y, 1, 5]", "+I[y, 2, 5]"]);
  });

  // Flink's FlinkRelMdUniqueKeys.getJoinUniqueKeys: joined on both primary keys, each side's key
  // stays unique (unless the join pads that side with NULLs) and the two together always are;
  // the reported key is the smallest (UpsertKeyUtil.getSmallestKey), as ascending indices.
  test("a join of two primary-key tables on the keys has an upsert key", () => {
    const k = new Harness();
    k.run("CREATE TABLE pa (id INT NOT NULL, x STRING, PRIMARY KEY (id) NOT ENFORCED)");
    k.run("CREATE TABLE pb (bid INT NOT NULL, y STRING, PRIMARY KEY (bid) NOT ENFORCED)");
    const inner = k.start("SELECT * FROM pa JOIN pb ON pa.id = pb.bid");
    expect(inner.traits).toMatchObject({ isAppendOnly: false, upsertColumns: [0] });
    expect(k.compile("SELECT pb.*, pa.x FROM pa JOIN pb ON pa.id = pb.bid").traits.upsertColumns).toEqual([0]);
    expect(k.compile("SELECT pa.x, pb.bid FROM pa RIGHT JOIN pb ON pa.id = pb.bid").traits.upsertColumns).toEqual([1]);
    expect(k.compile("SELECT * FROM pa FULL JOIN pb ON pa.id = pb.bid").traits.upsertColumns).toEqual([0, 2]);
    expect(k.compile("SELECT * FROM pa JOIN pb ON pa.x = pb.y").traits.upsertColumns).toEqual([0, 2]);
    expect(k.compile("SELECT pa.x, pb.y FROM pa JOIN pb ON pa.id = pb.bid").traits.upsertColumns).toBeNull();
    k.run("INSERT INTO pa VALUES (1, 'a')");
    k.run("INSERT INTO pb VALUES (1, 'b')");
    k.run("INSERT INTO pa VALUES (1, 'c')");
    expect(inner.sink.log).toEqual(["+I[1, a, 1, b]", "-U[1, a, 1, b]", "+U[1, c, 1, b]"]);
  });

  test("full join pads both sides", () => {
    const s = h.start("SELECT t.a, u.c FROM t FULL JOIN u ON t.b = u.b");
    h.run("INSERT INTO u VALUES ('q', 7)");
    h.run("INSERT INTO t VALUES (1, 'q')");
    h.run("INSERT INTO t VALUES (2, 'r')");
    expect(s.sink.log).toEqual(["+I[NULL, 7]", "-D[NULL, 7]", "+I[1, 7]", "+I[2, NULL]"]);
  });
});

// Calcite decorrelates correlated subqueries into joins (RelDecorrelator / SubQueryRemoveRule);
// the changelogs are those of the semi / anti and LEFT joins they become (Flink docs, "Queries >
// Joins"; FlinkChangelogModeInferenceProgram: a semi join forwards its inputs' changes).
describe("correlated subqueries", () => {
  test("correlated EXISTS is a semi join: append-only over append-only inputs", () => {
    const s = h.start("SELECT a FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.b = t.b AND u.c > 0)");
    expect(s.traits).toMatchObject({ isAppendOnly: true, upsertColumns: null });
    h.run("INSERT INTO t VALUES (1, 'x')");
    h.run("INSERT INTO u VALUES ('x', 5)");
    h.run("INSERT INTO u VALUES ('x', 1), ('y', 0)");
    h.run("INSERT INTO t VALUES (2, 'x'), (3, 'y')");
    expect(s.sink.log).toEqual(["+I[1]", "+I[2]"]);
  });

  // A correlated non-equality conjunct is the semi join's condition, checked per pair of rows.
  test("correlated EXISTS with a non-equality condition", () => {
    const s = h.start("SELECT a FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.b = t.b AND u.c > t.a)");
    h.run("INSERT INTO t VALUES (5, 'x'), (1, 'x')");
    h.run("INSERT INTO u VALUES ('x', 3)");
    h.run("INSERT INTO u VALUES ('x', 9)");
    expect(s.sink.log).toEqual(["+I[1]", "+I[5]"]);
  });

  // An anti join retracts a row once a match arrives; NOT IN also on a comparison that is UNKNOWN.
  test("correlated NOT EXISTS and NOT IN retract rows when a match arrives", () => {
    const ne = h.start("SELECT a FROM t WHERE NOT EXISTS (SELECT 1 FROM u WHERE u.b = t.b)");
    const ni = h.start("SELECT a FROM t WHERE a NOT IN (SELECT c FROM u WHERE u.b = t.b)");
    expect(ne.traits).toMatchObject({ isAppendOnly: false });
    h.run("INSERT INTO t VALUES (1, 'x'), (2, 'y')");
    h.run("INSERT INTO u VALUES ('x', 5)");
    h.run("INSERT INTO u VALUES ('x', 1), ('y', CAST(NULL AS INT))");
    expect(ne.sink.log).toEqual(["+I[1]", "+I[2]", "-D[1]", "-D[2]"]);
    expect(ni.sink.log).toEqual(["+I[1]", "+I[2]", "-D[1]", "-D[2]"]);
  });

  // LEFT JOIN with COUNT grouped on the correlation key: no match is 0, not NULL.
  test("correlated scalar COUNT follows the grouped count through the LEFT JOIN", () => {
    const s = h.start("SELECT a, (SELECT COUNT(*) FROM u WHERE u.b = t.b) AS n FROM t");
    expect(s.traits).toMatchObject({ isAppendOnly: false, upsertColumns: null });
    expect(s.traits.schema!.map((c) => c.type)).toEqual([{ type: "INTEGER", nullable: true }, { type: "BIGINT", nullable: true }]);
    h.run("INSERT INTO t VALUES (1, 'x')");
    h.run("INSERT INTO u VALUES ('x', 5)");
    h.run("INSERT INTO u VALUES ('x', 1), ('y', 0)");
    h.run("INSERT INTO t VALUES (2, 'x'), (3, 'y')");
    expect(s.sink.log).toEqual(["+I[1, 0]", "-D[1, 0]", "+I[1, 1]", "-D[1, 1]", "+I[1, 0]", "-D[1, 0]", "+I[1, 2]", "+I[2, 2]", "+I[3, 1]"]);
  });

  // FlinkRelMdUpsertKeys: a LEFT JOIN keeps the left key when the right side is unique on the
  // join key (the aggregate grouped on the correlation key is).
  test("the outer primary key stays the upsert key", () => {
    const k = new Harness();
    k.run("CREATE TABLE pa (id INT NOT NULL, x STRING, PRIMARY KEY (id) NOT ENFORCED)");
    k.run("CREATE TABLE pb (bid INT NOT NULL, y STRING)");
    expect(k.compile("SELECT id, (SELECT COUNT(*) FROM pb WHERE pb.bid = pa.id) FROM pa").traits.upsertColumns).toEqual([0]);
    expect(k.compile("SELECT id FROM pa WHERE EXISTS (SELECT * FROM pb WHERE pb.bid = pa.id)").traits.upsertColumns).toEqual([0]);
  });

  // SingleValueAggFunction fails once an outer row meets a key with a second inner row.
  test("a scalar subquery with several rows for a key fails the statement", () => {
    const s = h.start("SELECT a, (SELECT c FROM u WHERE u.b = t.b) FROM t");
    h.run("INSERT INTO u VALUES ('x', 1), ('x', 2)");
    expect(s.sink.failed).toBeNull();
    h.run("INSERT INTO t VALUES (1, 'x')");
    expect(s.sink.failed).toMatch("SingleValueAggFunction received more than one element.");
  });
});

describe("temporal join", () => {
  // Flink docs, "Queries > Joins > Event Time Temporal Join": each order joins the rate that was
  // valid at the order's time; rate updates do not change results already emitted; rows are
  // emitted when the watermark passes the order's time.
  test("orders JOIN rates FOR SYSTEM_TIME AS OF o.$rowtime", () => {
    h.run("CREATE TABLE rates (currency STRING, rate INT, PRIMARY KEY (currency) NOT ENFORCED)");
    h.run("CREATE TABLE orders (id INT, currency STRING)");
    const sql = "SELECT o.id, o.currency, r.rate FROM orders AS o JOIN rates FOR SYSTEM_TIME AS OF o.$rowtime AS r ON o.currency = r.currency";
    const s = h.start(sql);
    expect(s.traits).toMatchObject({ isAppendOnly: true, upsertColumns: null });
    h.run("INSERT INTO rates VALUES ('EUR', 1)");
    h.clock.advance(1000);
    h.run("INSERT INTO orders VALUES (1, 'EUR'), (2, 'USD')");
    h.clock.advance(1000);
    h.run("INSERT INTO rates VALUES ('EUR', 2)");
    h.clock.advance(1000);
    h.run("INSERT INTO orders VALUES (3, 'EUR')");
    h.clock.advance(1000);
    expect(s.sink.log).toEqual(["+I[1, EUR, 1]", "+I[3, EUR, 2]"]);
    expect(h.snapshot(sql)).toEqual([["1", "EUR", "1"], ["3", "EUR", "2"]]);
    expect(h.snapshot(sql.replace("JOIN rates", "LEFT JOIN rates"))).toEqual([["1", "EUR", "1"], ["2", "USD", null], ["3", "EUR", "2"]]);
  });

  test("the versioned side needs a primary key", () => {
    expect(() => h.compile("SELECT * FROM t JOIN u FOR SYSTEM_TIME AS OF t.$rowtime ON t.b = u.b")).toThrow(/requires primary key in versioned table/);
  });
});

describe("window aggregation", () => {
  // Flink docs, "Queries > Window Aggregation": emits one final +I per window and key when the
  // watermark passes the window end; window_start/window_end are TIMESTAMP(3), window_time is
  // the time attribute's type. $rowtime's watermark follows the emulator clock.
  test("TUMBLE", () => {
    const s = h.start(
      "SELECT window_start, window_end, window_time, b, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR($rowtime), INTERVAL '10' SECOND)) GROUP BY window_start, window_end, window_time, b",
    );
    expect(s.traits).toMatchObject({ isAppendOnly: true, upsertColumns: null });
    expect(s.traits.schema!.map((c) => c.type.type)).toEqual([
      "TIMESTAMP_WITHOUT_TIME_ZONE",
      "TIMESTAMP_WITHOUT_TIME_ZONE",
      "TIMESTAMP_WITH_LOCAL_TIME_ZONE",
      "VARCHAR",
      "BIGINT",
    ]);
    h.run("INSERT INTO t VALUES (1, 'x'), (2, 'y')");
    h.clock.advance(4000);
    h.run("INSERT INTO t VALUES (3, 'x')");
    h.clock.advance(5000);
    expect(s.sink.log).toEqual([]);
    h.clock.advance(1000);
    expect(s.sink.log).toEqual([
      "+I[2025-01-01 00:00:00.000, 2025-01-01 00:00:10.000, 2025-01-01 00:00:09.999, x, 2]",
      "+I[2025-01-01 00:00:00.000, 2025-01-01 00:00:10.000, 2025-01-01 00:00:09.999, y, 1]",
    ]);
    h.run("INSERT INTO t VALUES (4, 'x')");
    h.clock.advance(10000);
    expect(s.sink.log.slice(2)).toEqual(["+I[2025-01-01 00:00:10.000, 2025-01-01 00:00:20.000, 2025-01-01 00:00:19.999, x, 1]"]);
  });

  test("HOP assigns a row to size/slide windows", () => {
    const s = h.start("SELECT window_start, window_end, COUNT(*) FROM TABLE(HOP(TABLE t, DESCRIPTOR($rowtime), INTERVAL '5' SECOND, INTERVAL '10' SECOND)) GROUP BY window_start, window_end");
    h.run("INSERT INTO t VALUES (1, 'x')");
    h.clock.advance(7000);
    h.run("INSERT INTO t VALUES (2, 'x')");
    h.clock.advance(10000);
    expect(s.sink.log).toEqual([
      "+I[2024-12-31 23:59:55.000, 2025-01-01 00:00:05.000, 1]",
      "+I[2025-01-01 00:00:00.000, 2025-01-01 00:00:10.000, 2]",
      "+I[2025-01-01 00:00:05.000, 2025-01-01 00:00:15.000, 1]",
    ]);
  });

  test("CUMULATE emits growing windows", () => {
    const s = h.start("SELECT window_start, window_end, SUM(a) FROM TABLE(CUMULATE(TABLE t, DESCRIPTOR($rowtime), INTERVAL '5' SECOND, INTERVAL '10' SECOND)) GROUP BY window_start, window_end");
    h.clock.advance(2000);
    h.run("INSERT INTO t VALUES (1, 'x')");
    h.clock.advance(5000);
    h.run("INSERT INTO t VALUES (2, 'x')");
    h.clock.advance(3000);
    expect(s.sink.log).toEqual(["+I[2025-01-01 00:00:00.000, 2025-01-01 00:00:05.000, 1]", "+I[2025-01-01 00:00:00.000, 2025-01-01 00:00:10.000, 3]"]);
  });

  // Flink docs, "Windowing TVF": windows over a TIMESTAMP_LTZ attribute are aligned in the
  // session time zone (sql.local-time-zone); window_time is the instant, shown in that zone.
  test("day windows over $rowtime follow sql.local-time-zone", () => {
    const s = h.start(
      "SELECT window_start, window_end, window_time, COUNT(*) FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR($rowtime), INTERVAL '1' DAY)) GROUP BY window_start, window_end, window_time",
      { "sql.local-time-zone": "Asia/Tokyo" },
    );
    h.run("INSERT INTO t VALUES (1, 'x')"); // 2025-01-01 00:00 UTC = 09:00 in Tokyo
    h.clock.advance(14 * 3600_000);
    expect(s.sink.log).toEqual([]);
    h.clock.advance(3600_000); // 15:00 UTC = midnight in Tokyo
    expect(s.sink.log).toEqual(["+I[2025-01-01 00:00:00.000, 2025-01-02 00:00:00.000, 2025-01-01 23:59:59.999, 1]"]);
  });

  test("window TVF without aggregation passes rows through with window columns", () => {
    const s = h.start("SELECT a, window_start, window_end FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR($rowtime), INTERVAL '1' MINUTE))");
    expect(s.traits.isAppendOnly).toBe(true);
    h.run("INSERT INTO t VALUES (1, 'x')");
    expect(s.sink.log).toEqual(["+I[1, 2025-01-01 00:00:00.000, 2025-01-01 00:01:00.000]"]);
  });
});

describe("SESSION window aggregation", () => {
  // Flink docs, "Windowing TVF > SESSION" and "Window Aggregation > SESSION" (Flink 1.19+): rows
  // of one partition whose windows [t, t + gap) intersect form one session, window_start being
  // the first row's time and window_end the last row's time plus the gap; the aggregate emits
  // one final +I per session when the watermark passes window_end. $rowtime's watermark follows
  // the emulator clock.
  const perKey =
    "SELECT window_start, window_end, window_time, b, COUNT(*) AS n, SUM(a) AS total FROM TABLE(SESSION(TABLE t PARTITION BY b, DESCRIPTOR($rowtime), INTERVAL '5' SECOND)) GROUP BY window_start, window_end, window_time, b";

  test("a session closes when the watermark passes its last row plus the gap, per partition key", () => {
    const s = h.start(perKey);
    expect(s.traits).toMatchObject({ isAppendOnly: true, upsertColumns: null });
    expect(s.traits.schema!.map((c) => [c.name, c.type.type, c.type.nullable])).toEqual([
      ["window_start", "TIMESTAMP_WITHOUT_TIME_ZONE", false],
      ["window_end", "TIMESTAMP_WITHOUT_TIME_ZONE", false],
      ["window_time", "TIMESTAMP_WITH_LOCAL_TIME_ZONE", false],
      ["b", "VARCHAR", true],
      ["n", "BIGINT", false],
      ["total", "INTEGER", true],
    ]);
    h.run("INSERT INTO t VALUES (1, 'x'), (2, 'y')");
    h.clock.advance(3000);
    h.run("INSERT INTO t VALUES (3, 'x')"); // within the gap: x's session grows to [0 s, 8 s)
    h.clock.advance(1999);
    expect(s.sink.take()).toEqual([]);
    h.clock.advance(1); // 5 s: y's session [0 s, 5 s) is over
    expect(s.sink.take()).toEqual(["+I[2025-01-01 00:00:00.000, 2025-01-01 00:00:05.000, 2025-01-01 00:00:04.999, y, 1, 2]"]);
    h.clock.advance(3000);
    expect(s.sink.take()).toEqual(["+I[2025-01-01 00:00:00.000, 2025-01-01 00:00:08.000, 2025-01-01 00:00:07.999, x, 2, 4]"]);
    h.clock.advance(10_000); // 18 s: a row after the gap opens a new session
    h.run("INSERT INTO t VALUES (4, 'x')");
    h.clock.advance(5000);
    expect(s.sink.take()).toEqual(["+I[2025-01-01 00:00:18.000, 2025-01-01 00:00:23.000, 2025-01-01 00:00:22.999, x, 1, 4]"]);
  });

  // Flink's session windows merge (MergingWindowSet, TimeWindow.intersects): a row whose window
  // reaches two open sessions bridges them into one. The table's watermark lags 10 s behind its
  // event time here, so the rows can arrive out of order.
  test("a late-enough row bridges two sessions into one", () => {
    h.run("CREATE TABLE ev (id INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '10' SECOND)");
    const s = h.start(
      "SELECT window_start, window_end, COUNT(*) AS n, LISTAGG(CAST(id AS STRING)) AS ids FROM TABLE(SESSION(TABLE ev, DESCRIPTOR(ts), INTERVAL '5' SECOND)) GROUP BY window_start, window_end",
    );
    expect(s.traits.schema!.map((c) => c.type.type).slice(0, 2)).toEqual(["TIMESTAMP_WITHOUT_TIME_ZONE", "TIMESTAMP_WITHOUT_TIME_ZONE"]);
    h.run("INSERT INTO ev VALUES (1, TIMESTAMP '2025-01-01 00:00:00'), (2, TIMESTAMP '2025-01-01 00:00:08')"); // [0, 5) and [8, 13)
    h.run("INSERT INTO ev VALUES (3, TIMESTAMP '2025-01-01 00:00:04')"); // [4, 9) touches both
    h.run("INSERT INTO ev VALUES (4, TIMESTAMP '2025-01-01 00:00:30')"); // watermark 20 s
    expect(s.sink.take()).toEqual(["+I[2025-01-01 00:00:00.000, 2025-01-01 00:00:13.000, 3, 1,2,3]"]);
  });

  test("a row for a session the watermark already closed is late and dropped", () => {
    h.run("CREATE TABLE ev (id INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)");
    const s = h.start("SELECT window_start, window_end, COUNT(*) FROM TABLE(SESSION(TABLE ev, DESCRIPTOR(ts), INTERVAL '5' SECOND)) GROUP BY window_start, window_end");
    h.run("INSERT INTO ev VALUES (1, TIMESTAMP '2025-01-01 00:00:00')");
    h.run("INSERT INTO ev VALUES (2, TIMESTAMP '2025-01-01 00:00:20')"); // closes [0, 5)
    h.run("INSERT INTO ev VALUES (3, TIMESTAMP '2025-01-01 00:00:01')"); // late
    h.run("INSERT INTO ev VALUES (4, TIMESTAMP '2025-01-01 00:00:40')");
    expect(s.sink.take()).toEqual(["+I[2025-01-01 00:00:00.000, 2025-01-01 00:00:05.000, 1]", "+I[2025-01-01 00:00:20.000, 2025-01-01 00:00:25.000, 1]"]);
  });

  // Named arguments DATA, TIMECOL, GAP (Flink's SqlSessionTableFunction), and PARTITION BY with
  // parentheses (Calcite's table-argument syntax).
  test("named arguments and a parenthesised PARTITION BY", () => {
    const s = h.start(
      "SELECT b, window_start, window_end, COUNT(*) FROM TABLE(SESSION(DATA => TABLE t PARTITION BY (b), TIMECOL => DESCRIPTOR($rowtime), GAP => INTERVAL '2' SECOND)) GROUP BY b, window_start, window_end",
    );
    h.run("INSERT INTO t VALUES (1, 'x')");
    h.clock.advance(1000);
    h.run("INSERT INTO t VALUES (2, 'x')");
    h.clock.advance(2000);
    expect(s.sink.take()).toEqual(["+I[x, 2025-01-01 00:00:00.000, 2025-01-01 00:00:03.000, 2]"]);
  });

  // Flink docs, "Windowing TVF": window_start/window_end of a TIMESTAMP_LTZ attribute are shown
  // in the session time zone, window_time is the instant.
  test("sessions over $rowtime show window bounds in sql.local-time-zone", () => {
    const s = h.start(perKey, { "sql.local-time-zone": "Asia/Tokyo" });
    h.run("INSERT INTO t VALUES (1, 'x')");
    h.clock.advance(5000);
    expect(s.sink.take()).toEqual(["+I[2025-01-01 09:00:00.000, 2025-01-01 09:00:05.000, 2025-01-01 09:00:04.999, x, 1, 1]"]);
  });

  // Flink 1.19+ evaluates the SESSION TVF on its own in streaming mode: rows come out with their
  // session's bounds once the session is closed.
  test("SESSION without aggregation emits each session's rows when it closes", () => {
    const s = h.start("SELECT a, b, window_start, window_end FROM TABLE(SESSION(TABLE t PARTITION BY b, DESCRIPTOR($rowtime), INTERVAL '5' SECOND))");
    expect(s.traits.isAppendOnly).toBe(true);
    h.run("INSERT INTO t VALUES (1, 'x')");
    h.clock.advance(2000);
    h.run("INSERT INTO t VALUES (2, 'x')");
    expect(s.sink.take()).toEqual([]);
    h.clock.advance(5000);
    expect(s.sink.take()).toEqual(["+I[1, x, 2025-01-01 00:00:00.000, 2025-01-01 00:00:07.000]", "+I[2, x, 2025-01-01 00:00:00.000, 2025-01-01 00:00:07.000]"]);
  });
});

describe("Top-N and deduplication", () => {
  // Flink docs, "Queries > Top-N": without the row number in the output, rows leaving the top N
  // are deleted (-D) and new ones inserted (+I).
  test("ORDER BY ... LIMIT over a stream", () => {
    const s = h.start("SELECT a, b FROM t ORDER BY a DESC LIMIT 2");
    expect(s.traits).toMatchObject({ isAppendOnly: false, isBounded: false });
    h.run("INSERT INTO t VALUES (1, 'x'), (2, 'y')");
    h.run("INSERT INTO t VALUES (3, 'z')");
    h.run("INSERT INTO t VALUES (0, 'w')");
    expect(s.sink.log).toEqual(["+I[1, x]", "+I[2, y]", "-D[1, x]", "+I[3, z]"]);
  });

  // Flink turns ROW_NUMBER() into a Rank only under a filter with an upper bound; otherwise it is
  // an OVER aggregation that streaming mode rejects (batch numbers every row).
  test("ROW_NUMBER without an upper-bound filter is rejected on a stream", () => {
    expect(() => h.compile("SELECT a, ROW_NUMBER() OVER (PARTITION BY b ORDER BY a) AS rn FROM t")).toThrow(
      /Unsupported feature in the emulator: ROW_NUMBER\(\) without a Top-N filter with an upper bound \(WHERE rn <= N\) on a streaming input \(at line 1, column 11\)/,
    );
    expect(() => h.compile("SELECT * FROM (SELECT a, ROW_NUMBER() OVER (PARTITION BY b ORDER BY a) AS rn FROM t) WHERE rn > 1")).toThrow(/without a Top-N filter/);
    expect(h.compile("SELECT * FROM (SELECT a, ROW_NUMBER() OVER (PARTITION BY b ORDER BY a) AS rn FROM t) WHERE rn <= 2").traits.isAppendOnly).toBe(false);
    expect(h.compile("SELECT a, ROW_NUMBER() OVER (PARTITION BY b ORDER BY a) AS rn FROM t", { "sql.snapshot.mode": "now" }).traits.isBounded).toBe(true);
  });

  // With the row number selected, every rank whose row changed is updated.
  test("ROW_NUMBER Top-N with the rank in the output", () => {
    const s = h.start("SELECT * FROM (SELECT a, b, ROW_NUMBER() OVER (PARTITION BY b ORDER BY a DESC) AS rn FROM t) WHERE rn <= 2");
    expect(s.traits).toMatchObject({ isAppendOnly: false, upsertColumns: [1, 2] });
    h.run("INSERT INTO t VALUES (1, 'x')");
    h.run("INSERT INTO t VALUES (3, 'x')");
    h.run("INSERT INTO t VALUES (0, 'x')");
    expect(s.sink.log).toEqual(["+I[1, x, 1]", "-U[1, x, 1]", "+U[3, x, 1]", "+I[1, x, 2]"]);
  });

  // Flink docs, "Queries > Deduplication": keep the last row per key (ORDER BY time DESC).
  test("deduplication keeping the last row per key", () => {
    const s = h.start("SELECT a, b FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY b ORDER BY $rowtime DESC) AS rn FROM t) WHERE rn = 1");
    expect(s.traits).toMatchObject({ isAppendOnly: false, upsertColumns: [1] });
    h.run("INSERT INTO t VALUES (1, 'x')");
    h.clock.advance(1000);
    h.run("INSERT INTO t VALUES (2, 'x')");
    expect(s.sink.log).toEqual(["+I[1, x]", "-U[1, x]", "+U[2, x]"]);
  });

  test("deduplication keeping the first row per key", () => {
    const s = h.start("SELECT a, b FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY b ORDER BY $rowtime ASC) AS rn FROM t) WHERE rn = 1");
    h.run("INSERT INTO t VALUES (1, 'x')");
    h.clock.advance(1000);
    h.run("INSERT INTO t VALUES (2, 'x'), (3, 'y')");
    expect(s.sink.log).toEqual(["+I[1, x]", "+I[3, y]"]);
  });
});

describe("OVER aggregation", () => {
  // Flink docs, "Queries > Over Aggregation": one output row per input row with the aggregate
  // over its frame, emitted in time order once the watermark passes; append-only.
  test("ROWS and RANGE frames per partition", () => {
    const s = h.start(
      "SELECT a, b, SUM(a) OVER (PARTITION BY b ORDER BY $rowtime ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS s2, " +
        "COUNT(*) OVER (PARTITION BY b ORDER BY $rowtime) AS c FROM t",
    );
    expect(s.traits).toMatchObject({ isAppendOnly: true });
    expect(s.traits.schema!.map((c) => c.name)).toEqual(["a", "b", "s2", "c"]);
    h.run("INSERT INTO t VALUES (1, 'x')");
    h.clock.advance(1000);
    h.run("INSERT INTO t VALUES (2, 'x'), (5, 'y')");
    h.clock.advance(1000);
    h.run("INSERT INTO t VALUES (3, 'x')");
    h.clock.advance(1000);
    expect(s.sink.log).toEqual(["+I[1, x, 1, 1]", "+I[2, x, 3, 2]", "+I[5, y, 5, 1]", "+I[3, x, 5, 3]"]);
  });

  test("OVER must be ordered by a time attribute", () => {
    expect(() => h.compile("SELECT SUM(a) OVER (ORDER BY a) FROM t")).toThrow(/must be defined on a time attribute/);
  });
});

describe("ALTER TABLE ... WATERMARK", () => {
  // Confluent docs, "ALTER TABLE": MODIFY WATERMARK on $rowtime replaces the default strategy;
  // the watermark then follows the data (max $rowtime minus the delay), not the clock.
  test("MODIFY WATERMARK FOR $rowtime with a delay", () => {
    h.run("ALTER TABLE t MODIFY WATERMARK FOR $rowtime AS $rowtime - INTERVAL '5' SECOND");
    expect(h.snapshot("DESCRIBE EXTENDED t")[2]).toEqual(["$rowtime", "TIMESTAMP_LTZ(3) *ROWTIME*", "NOT NULL", "METADATA VIRTUAL, WATERMARK AS `$rowtime - INTERVAL '5' SECOND`, SYSTEM", "SYSTEM"]);
    const s = h.start("SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR($rowtime), INTERVAL '10' SECOND)) GROUP BY window_start, window_end");
    h.run("INSERT INTO t VALUES (1, 'x')");
    h.clock.advance(14_000);
    h.run("INSERT INTO t VALUES (2, 'x')");
    expect(s.sink.log).toEqual([]);
    h.clock.advance(1_000);
    h.run("INSERT INTO t VALUES (3, 'x')");
    expect(s.sink.log).toEqual(["+I[2025-01-01 00:00:00.000, 1]"]);
    h.run("ALTER TABLE t DROP WATERMARK");
    expect(() => h.compile("ALTER TABLE t DROP WATERMARK")).not.toThrow();
  });
});

describe("window Top-N", () => {
  // Flink docs, "Queries > Window Top-N": the top rows of each window are emitted once, as +I,
  // when the window closes (append-only), unlike a regular Top-N which updates continuously.
  test("top key per window", () => {
    const s = h.start(
      "SELECT window_start, b, cnt, rn FROM (" +
        "SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY cnt DESC) AS rn FROM (" +
        "SELECT window_start, window_end, b, COUNT(*) AS cnt FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR($rowtime), INTERVAL '10' SECOND)) GROUP BY window_start, window_end, b)" +
        ") WHERE rn <= 1",
    );
    expect(s.traits).toMatchObject({ isAppendOnly: true, upsertColumns: null });
    h.run("INSERT INTO t VALUES (1, 'x'), (2, 'y'), (3, 'y')");
    h.clock.advance(10_000);
    h.run("INSERT INTO t VALUES (4, 'x')");
    h.clock.advance(10_000);
    expect(s.sink.log).toEqual(["+I[2025-01-01 00:00:00.000, y, 2, 1]", "+I[2025-01-01 00:00:10.000, x, 1, 1]"]);
  });
});

describe("window deduplication", () => {
  // Flink docs, "Queries > Window Deduplication": the last row per key and window, emitted at window end.
  test("last row per key and window over a window TVF", () => {
    const s = h.start(
      "SELECT * FROM (SELECT a, b, window_start, ROW_NUMBER() OVER (PARTITION BY window_start, window_end, b ORDER BY $rowtime DESC) AS rn " +
        "FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR($rowtime), INTERVAL '10' SECOND))) WHERE rn = 1",
    );
    expect(s.traits.isAppendOnly).toBe(true);
    h.run("INSERT INTO t VALUES (1, 'x')");
    h.clock.advance(1000);
    h.run("INSERT INTO t VALUES (2, 'x')");
    h.clock.advance(9000);
    expect(s.sink.log).toEqual(["+I[2, x, 2025-01-01 00:00:00.000, 1]"]);
  });
});

describe("background statements", () => {
  // Wire protocol notes 3.4: INSERT INTO / CTAS over streams keep RUNNING; stop and resume continue.
  test("INSERT INTO ... SELECT keeps running and feeds its target; stop/resume", () => {
    h.run("CREATE TABLE big (a INT, b STRING)");
    const ins = h.start("INSERT INTO big SELECT a, b FROM t WHERE a > 1");
    expect(ins.traits).toMatchObject({ sqlKind: "INSERT_INTO", isBounded: false, schema: null });
    const read = h.start("SELECT a FROM big");
    h.run("INSERT INTO t VALUES (1, 'x'), (2, 'y')");
    expect(read.sink.log).toEqual(["+I[2]"]);
    ins.exec.stop();
    h.run("INSERT INTO t VALUES (3, 'z')");
    expect(read.sink.log).toEqual(["+I[2]"]);
    ins.exec.resume();
    expect(read.sink.log).toEqual(["+I[2]", "+I[3]"]);
    expect(ins.sink.completed).toBe(false);
  });

  test("INSERT INTO ... VALUES completes", () => {
    const r = h.start("INSERT INTO t VALUES (1, 'x')");
    expect(r.traits).toMatchObject({ sqlKind: "INSERT_INTO", isBounded: true });
    expect(r.sink.completed).toBe(true);
  });

  test("CREATE TABLE AS SELECT creates the table and keeps feeding it", () => {
    const c = h.start("CREATE TABLE t2 AS SELECT a, b FROM t");
    expect(c.traits).toMatchObject({ sqlKind: "CREATE_TABLE_AS", schema: null });
    const read = h.start("SELECT * FROM t2");
    h.run("INSERT INTO t VALUES (5, 'q')");
    expect(read.sink.log).toEqual(["+I[5, q]"]);
  });

  test("CTAS of an aggregate takes the group keys as primary key", () => {
    h.start("CREATE TABLE per_b AS SELECT b, COUNT(*) AS n FROM t GROUP BY b");
    h.run("INSERT INTO t VALUES (1, 'x'), (2, 'x')");
    expect(h.snapshot("SELECT * FROM per_b")).toEqual([["x", "2"]]);
    expect(h.snapshot("SHOW CREATE TABLE per_b")[0]![0]).toContain("PRIMARY KEY (`b`) NOT ENFORCED");
  });

  test("an updating query into a table with a primary key writes an upsert log", () => {
    h.run("CREATE TABLE counts (b STRING, n BIGINT, PRIMARY KEY (b) NOT ENFORCED)");
    h.start("INSERT INTO counts SELECT b, COUNT(*) FROM t GROUP BY b");
    const read = h.start("SELECT * FROM counts");
    expect(read.traits).toMatchObject({ isAppendOnly: false, upsertColumns: [0] });
    h.run("INSERT INTO t VALUES (1, 'x')");
    h.run("INSERT INTO t VALUES (2, 'x')");
    expect(read.sink.log).toEqual(["+I[x, 1]", "-U[x, 1]", "+U[x, 2]"]);
    expect(h.snapshot("SELECT * FROM counts")).toEqual([["x", "2"]]);
  });

  test("an updating query into an append-only table fails like Flink", () => {
    h.run("CREATE TABLE plain (b STRING, n BIGINT)");
    expect(() => h.compile("INSERT INTO plain SELECT b, COUNT(*) FROM t GROUP BY b")).toThrow(/doesn't support consuming update and delete changes/);
  });
});

describe("statement options and more statement kinds", () => {
  // Confluent docs, "Statement properties": sql.tables.scan.startup.mode.
  test("sql.tables.scan.startup.mode = latest-offset skips existing rows", () => {
    h.run("INSERT INTO t VALUES (1, 'x')");
    const s = h.start("SELECT a FROM t", { "sql.tables.scan.startup.mode": "latest-offset" });
    h.run("INSERT INTO t VALUES (2, 'y')");
    expect(s.sink.log).toEqual(["+I[2]"]);
    expect(() => h.compile("SELECT a FROM t", { "sql.tables.scan.startup.mode": "group-offsets" })).toThrow(/Unsupported value 'group-offsets'/);
  });

  test("INSERT with a column list fills the other columns with NULL", () => {
    h.run("INSERT INTO t (b) VALUES ('only-b')");
    expect(h.snapshot("SELECT a, b FROM t")).toEqual([[null, "only-b"]]);
  });

  test("EXECUTE STATEMENT SET runs every INSERT", () => {
    h.run("CREATE TABLE t3 (a INT, b STRING)");
    const r = h.start("EXECUTE STATEMENT SET BEGIN INSERT INTO t3 SELECT * FROM t; INSERT INTO u SELECT b, a FROM t; END");
    expect(r.traits).toMatchObject({ sqlKind: "EXECUTE_STATEMENT_SET", isBounded: false, schema: null });
    h.run("INSERT INTO t VALUES (1, 'x')");
    expect(h.snapshot("SELECT * FROM t3")).toEqual([["1", "x"]]);
    expect(h.snapshot("SELECT * FROM u")).toEqual([["x", "1"]]);
  });

  test("$rowtime is shown in sql.local-time-zone", () => {
    h.run("INSERT INTO t VALUES (1, 'x')");
    const r = h.run("SELECT $rowtime FROM t", { "sql.snapshot.mode": "now", "sql.local-time-zone": "Asia/Tokyo" });
    expect(r.sink.log).toEqual(["+I[2025-01-01 09:00:00.000]"]);
  });

  test("a run-time error fails a running statement", () => {
    const s = h.start("SELECT 10 / a FROM t");
    h.run("INSERT INTO t VALUES (2, 'x')");
    h.run("INSERT INTO t VALUES (0, 'x')");
    expect(s.sink.log).toEqual(["+I[5]"]);
    expect(s.sink.failed).toMatch(/by zero/i);
  });

  test("a declared WATERMARK drives event time from the data", () => {
    h.run("CREATE TABLE ev (id INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)");
    const s = h.start("SELECT window_start, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE ev, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY window_start, window_end");
    h.run("INSERT INTO ev VALUES (1, TIMESTAMP '2025-01-01 00:00:01'), (2, TIMESTAMP '2025-01-01 00:00:09')");
    h.run("INSERT INTO ev VALUES (3, TIMESTAMP '2025-01-01 00:00:10.500')");
    h.clock.advance(60_000); // the clock alone does not move a declared watermark
    expect(s.sink.log).toEqual([]);
    h.run("INSERT INTO ev VALUES (4, TIMESTAMP '2025-01-01 00:00:11')");
    expect(s.sink.log).toEqual(["+I[2025-01-01 00:00:00.000, 2]"]);
    h.run("INSERT INTO ev VALUES (5, TIMESTAMP '2025-01-01 00:00:02')"); // late: its window already fired
    h.run("INSERT INTO ev VALUES (6, TIMESTAMP '2025-01-01 00:00:30')");
    expect(s.sink.log).toEqual(["+I[2025-01-01 00:00:00.000, 2]", "+I[2025-01-01 00:00:10.000, 2]"]);
  });
});

describe("GROUPING SETS / ROLLUP / CUBE", () => {
  // Flink plans grouping sets as Expand + one group aggregate keyed by the keys and the set id
  // (DecomposeGroupingSetsRule): each set's group has its own +I, -U/+U. The set id is dropped
  // by the final projection, so no upsert key survives and the result is a retract stream.
  test("ROLLUP emits a changelog per grouping set and reports no upsert key", () => {
    const s = h.start("SELECT b, COUNT(*) AS n, SUM(a) AS total, GROUPING(b) AS g FROM t GROUP BY ROLLUP(b)");
    expect(s.traits).toMatchObject({ isBounded: false, isAppendOnly: false, upsertColumns: null });
    h.run("INSERT INTO t VALUES (1, 'x')");
    h.run("INSERT INTO t VALUES (2, 'y')");
    h.run("INSERT INTO t VALUES (3, 'x')");
    expect(s.sink.log).toEqual([
      "+I[x, 1, 1, 0]",
      "+I[NULL, 1, 1, 1]",
      "+I[y, 1, 2, 0]",
      "-U[NULL, 1, 1, 1]",
      "+U[NULL, 2, 3, 1]",
      "-U[x, 1, 1, 0]",
      "+U[x, 2, 4, 0]",
      "-U[NULL, 2, 3, 1]",
      "+U[NULL, 3, 6, 1]",
    ]);
  });

  // Retractions from an updating input expand per set too: the inner aggregate's -U/+U move a
  // row between the outer groups of every set (Flink docs, "Dynamic Tables").
  test("CUBE over an updating input, with HAVING", () => {
    const s = h.start("SELECT n, COUNT(*) AS keys FROM (SELECT b, COUNT(*) AS n FROM t GROUP BY b) GROUP BY CUBE(n) HAVING GROUPING(n) = 0");
    h.run("INSERT INTO t VALUES (1, 'x')");
    h.run("INSERT INTO t VALUES (2, 'x')");
    expect(s.sink.log).toEqual(["+I[1, 1]", "-D[1, 1]", "+I[2, 1]"]);
  });

  // Flink docs, "Window Aggregation > GROUPING SETS": window_start and window_end are grouped
  // outside the sets; each window fires once per set's group (append-only), when the watermark
  // passes its end.
  test("window TVF aggregation with ROLLUP fires one row per set's group", () => {
    const sql = `SELECT window_start, window_end, b, COUNT(*) AS n, GROUPING(b) AS g FROM ${"TABLE(TUMBLE(TABLE t, DESCRIPTOR($rowtime), INTERVAL '10' SECOND))"} GROUP BY window_start, window_end, ROLLUP(b)`;
    const s = h.start(sql);
    expect(s.traits).toMatchObject({ isBounded: false, isAppendOnly: true, upsertColumns: null });
    expect(s.traits.schema!.map((c) => `${c.name}:${c.type.nullable}`)).toEqual(["window_start:false", "window_end:false", "b:true", "n:false", "g:false"]);
    h.run("INSERT INTO t VALUES (1, 'x'), (2, 'y')");
    h.clock.advance(4000);
    h.run("INSERT INTO t VALUES (3, 'x')");
    expect(s.sink.log).toEqual([]);
    h.clock.advance(10000);
    expect(s.sink.log).toEqual([
      "+I[2025-01-01 00:00:00.000, 2025-01-01 00:00:10.000, x, 2, 0]",
      "+I[2025-01-01 00:00:00.000, 2025-01-01 00:00:10.000, NULL, 3, 1]",
      "+I[2025-01-01 00:00:00.000, 2025-01-01 00:00:10.000, y, 1, 0]",
    ]);
  });

  test("a grouping set without window_start / window_end fails as unsupported", () => {
    const sql = "SELECT window_start, b, COUNT(*) FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR($rowtime), INTERVAL '1' MINUTE)) GROUP BY ROLLUP(window_start, window_end, b)";
    expect(() => h.compile(sql)).toThrow(/Unsupported feature in the emulator: GROUPING SETS \/ ROLLUP \/ CUBE that leave window_start or window_end out of a grouping set/);
  });
});
