/**
 * EXPLAIN in snapshot mode is shaped as Flink's batch planner shows a plan: no changelogMode
 * annotations (a bounded result is no changelog), and batch operator names where they differ
 * from streaming ones: HashAggregate (group and window aggregates), HashJoin / NestedLoopJoin
 * with Flink's join type names and the build side, Rank / SortLimit / Limit with
 * `global=[true]`, a Sort for a top-level ORDER BY, and no ChangelogNormalize over a
 * primary-key table. Streaming EXPLAIN keeps its streaming shape.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { Harness } from "./sql/harness.ts";

let h: Harness;

beforeAll(() => {
  h = new Harness();
  h.run("CREATE TABLE A (id INT, v STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)");
  h.run("CREATE TABLE B (id INT, w STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)");
  h.run("CREATE TABLE P (id INT NOT NULL, v STRING, PRIMARY KEY (id) NOT ENFORCED)");
  h.run("INSERT INTO A VALUES (1, 'a', TIMESTAMP '2024-01-01 00:00:01'), (2, 'b', TIMESTAMP '2024-01-01 00:00:02'), (3, 'c', TIMESTAMP '2024-01-01 00:00:03')");
  h.run("INSERT INTO B VALUES (1, 'x', TIMESTAMP '2024-01-01 00:00:01')");
});

const SNAPSHOT = { "sql.snapshot.mode": "now" };
const batchPlan = (sql: string) => h.run(`EXPLAIN ${sql}`, SNAPSHOT).sink.rows[0]!.row[0] as string;
const streamingPlan = (sql: string) => h.start(`EXPLAIN ${sql}`).sink.rows[0]!.row[0] as string;
const scan = (t: string, fields: string) => `TableSourceScan(table=[[default, cluster_0, ${t}]], fields=[${fields}])`;
const A = scan("A", "id, v, ts, $rowtime");
const B = scan("B", "id, w, ts, $rowtime");

describe("snapshot EXPLAIN: batch operators, no changelog modes", () => {
  test("a group aggregate is a HashAggregate", () => {
    expect(batchPlan("SELECT id, COUNT(*) AS n FROM A GROUP BY id")).toBe(
      // The call takes the alias of the projection over it, which then is no node of its own.
      ["== Physical Plan ==", "HashAggregate(isMerge=[false], groupBy=[id], select=[id, COUNT(*) AS n])", `+- ${A}`].join("\n"),
    );
    expect(batchPlan("SELECT COUNT(*) FROM A")).toBe(["== Physical Plan ==", "HashAggregate(isMerge=[false], select=[COUNT(*) AS EXPR$0])", `+- ${A}`].join("\n"));
  });

  test("a window aggregation is a HashAggregate grouped on the window over the window table function", () => {
    const plan = batchPlan("SELECT window_start, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE A, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY window_start, window_end");
    expect(plan).toBe(
      [
        "== Physical Plan ==",
        "Calc(select=[window_start, n])",
        "+- HashAggregate(isMerge=[false], groupBy=[window_start, window_end], select=[window_start, window_end, COUNT(*) AS n])",
        "   +- WindowTableFunction(window=[TUMBLE(time_col=[ts], size=[10 s])])",
        `      +- ${A}`,
      ].join("\n"),
    );
  });

  test("an equi-join is a HashJoin built on the smaller input; without equi-keys a NestedLoopJoin", () => {
    expect(batchPlan("SELECT a.id, b.w FROM A a JOIN B b ON a.id = b.id")).toBe(
      [
        "== Physical Plan ==",
        "Calc(select=[id, w])",
        "+- HashJoin(joinType=[InnerJoin], where=[=(id, id0)], select=[id, v, ts, $rowtime, id0, w, ts0, $rowtime0], build=[right])",
        `   :- ${A}`,
        `   +- ${B}`,
      ].join("\n"),
    );
    expect(batchPlan("SELECT a.id, b.w FROM B b RIGHT JOIN A a ON a.id = b.id")).toContain("HashJoin(joinType=[RightOuterJoin], where=[=(id, id0)], select=[id, w, ts, $rowtime, id0, v, ts0, $rowtime0], build=[left])");
    expect(batchPlan("SELECT a.id, b.w FROM A a FULL JOIN B b ON a.id < b.id")).toContain("NestedLoopJoin(joinType=[FullOuterJoin], where=[...], select=[id, v, ts, $rowtime, id0, w, ts0, $rowtime0], build=[right])");
    expect(batchPlan("SELECT * FROM A WHERE id IN (SELECT id FROM B)")).toContain("HashJoin(joinType=[LeftSemiJoin], where=[=(id, id0)], select=[id, v, ts, $rowtime], build=[right])");
    // NOT IN over nullable columns is a NULL-aware anti join: no equi-key.
    expect(batchPlan("SELECT * FROM A WHERE id NOT IN (SELECT id FROM B)")).toContain("NestedLoopJoin(joinType=[LeftAntiJoin], where=[...], select=[id, v, ts, $rowtime], build=[right])");
  });

  test("ORDER BY is a Sort above the plan; with LIMIT a SortLimit; LIMIT alone a Limit", () => {
    expect(batchPlan("SELECT id, v FROM A ORDER BY v DESC, id")).toBe(
      ["== Physical Plan ==", "Sort(orderBy=[v DESC, id ASC])", "+- Calc(select=[id, v])", `   +- ${A}`].join("\n"),
    );
    expect(batchPlan("SELECT id, v FROM A ORDER BY v DESC LIMIT 2")).toBe(
      ["== Physical Plan ==", "SortLimit(orderBy=[v DESC], offset=[0], fetch=[2], global=[true])", "+- Calc(select=[id, v])", `   +- ${A}`].join("\n"),
    );
    expect(batchPlan("SELECT id FROM A LIMIT 2 OFFSET 1")).toContain("Limit(offset=[1], fetch=[2], global=[true])");
  });

  test("a Top-N is a global Rank over a Sort; DENSE_RANK an OverAggregate, filtered", () => {
    const topN = batchPlan("SELECT * FROM (SELECT id, v, ROW_NUMBER() OVER (PARTITION BY id ORDER BY ts DESC) AS rn FROM A) WHERE rn <= 2");
    expect(topN).toContain(
      [
        "+- Rank(rankType=[ROW_NUMBER], rankRange=[rankStart=1, rankEnd=2], partitionBy=[id], orderBy=[ts DESC], global=[true], select=[id, v, ts, $rowtime, rn])",
        // Sorted by the partition keys, then the ranking order.
        "   +- Sort(orderBy=[id ASC, ts DESC])",
        `      +- ${A}`,
      ].join("\n"),
    );
    const dense = batchPlan("SELECT * FROM (SELECT id, v, DENSE_RANK() OVER (PARTITION BY id ORDER BY ts DESC) AS rn FROM A) WHERE rn <= 2");
    expect(dense).toContain("OverAggregate(partitionBy=[id], orderBy=[ts DESC], window=[DENSE_RANK], select=[id, v, ts, $rowtime, w0$o0])");
    expect(dense).not.toContain("Rank(");
  });

  test("a primary-key table is scanned as it is: no ChangelogNormalize", () => {
    expect(batchPlan("SELECT * FROM P")).toBe(["== Physical Plan ==", "Calc(select=[id, v])", `+- ${scan("P", "id, v, $rowtime")}`].join("\n"));
  });

  test("no line carries a changelogMode, in INSERT plans either", () => {
    h.run("CREATE TABLE sink_t (id INT, n BIGINT)");
    for (const sql of [
      "SELECT a.id, COUNT(*) FROM A a JOIN B b ON a.id = b.id GROUP BY a.id",
      "SELECT * FROM P WHERE id IN (SELECT id FROM A)",
      "INSERT INTO sink_t SELECT id, COUNT(*) FROM A GROUP BY id",
    ]) {
      expect(batchPlan(sql)).not.toContain("changelogMode");
    }
    expect(batchPlan("INSERT INTO sink_t SELECT id, COUNT(*) FROM A GROUP BY id")).toContain("Sink(table=[default.cluster_0.sink_t], fields=[id, n])\n+- HashAggregate(isMerge=[false], groupBy=[id], select=[id, COUNT(*) AS EXPR$1])\n   +- TableSourceScan(");
  });
});

describe("streaming EXPLAIN keeps its streaming shape", () => {
  test("GroupAggregate, Join and changelog modes; ChangelogNormalize over a primary-key table", () => {
    // Over an append-only input a group aggregate updates its groups but never deletes one.
    expect(streamingPlan("SELECT id, COUNT(*) AS n FROM A GROUP BY id")).toContain("GroupAggregate(groupBy=[id], select=[id, COUNT(*) AS n], changelogMode=[I,UB,UA])");
    expect(streamingPlan("SELECT a.id, b.w FROM A a JOIN B b ON a.id = b.id")).toContain(
      "Join(joinType=[InnerJoin], where=[=(id, id0)], select=[id, v, ts, $rowtime, id0, w, ts0, $rowtime0], leftInputSpec=[NoUniqueKey], rightInputSpec=[NoUniqueKey], changelogMode=[I])",
    );
    expect(streamingPlan("SELECT * FROM P")).toContain("ChangelogNormalize(key=[id], changelogMode=[I,UB,UA,D])");
  });
});
