/**
 * EXPLAIN in snapshot mode prints Confluent's layout with Flink's batch operator names (the
 * emulator's choice: Confluent documents no batch example): BatchHashAggregate for group and
 * window aggregates, BatchHashJoin / BatchNestedLoopJoin, BatchRank over a BatchSort, a BatchSort
 * for a top-level ORDER BY, no ChangelogNormalize over a primary-key table, and details that
 * name tables only (a bounded result is no changelog). Streaming EXPLAIN keeps its streaming shape.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { Harness } from "./sql/harness.ts";
import { detailsOf, operators } from "../support/explain-text.ts";

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
const ops = (sql: string) => operators(batchPlan(sql));

describe("snapshot EXPLAIN: batch operators, no changelog modes", () => {
  test("a group aggregate is a BatchHashAggregate", () => {
    const text = batchPlan("SELECT id, COUNT(*) AS n FROM A GROUP BY id");
    // The projection that only passes the aggregate's row on is no operator of its own.
    expect(text).toBe(
      ["== Physical Plan ==", "", "BatchSink [3]", "  +- BatchHashAggregate [2]", "    +- BatchTableSourceScan [1]", "", "== Physical Details ==", "",
        "[1] BatchTableSourceScan", "Table: `default`.`cluster_0`.`A`", "", "[3] BatchSink", "Table: Foreground"].join("\n"),
    );
    expect(ops("SELECT COUNT(*) FROM A")).toEqual(["BatchSink", "BatchHashAggregate", "BatchTableSourceScan"]);
  });

  test("a window aggregation is a BatchHashAggregate over the window table function", () => {
    expect(ops("SELECT window_start, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE A, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY window_start, window_end")).toEqual([
      "BatchSink", "BatchCalc", "BatchHashAggregate", "BatchWindowTableFunction", "BatchTableSourceScan",
    ]);
  });

  test("an equi-join is a BatchHashJoin; without equi-keys a BatchNestedLoopJoin", () => {
    expect(ops("SELECT a.id, b.w FROM A a JOIN B b ON a.id = b.id")).toEqual(["BatchSink", "BatchCalc", "BatchHashJoin", "BatchTableSourceScan", "BatchTableSourceScan"]);
    expect(ops("SELECT a.id, b.w FROM B b RIGHT JOIN A a ON a.id = b.id")).toContain("BatchHashJoin");
    expect(ops("SELECT a.id, b.w FROM A a FULL JOIN B b ON a.id < b.id")).toContain("BatchNestedLoopJoin");
    expect(ops("SELECT * FROM A WHERE id IN (SELECT id FROM B)")).toContain("BatchHashJoin");
    // NOT IN over nullable columns is a NULL-aware anti join: no equi-key.
    expect(ops("SELECT * FROM A WHERE id NOT IN (SELECT id FROM B)")).toContain("BatchNestedLoopJoin");
  });

  test("ORDER BY is a BatchSort above the plan; with LIMIT a BatchSortLimit; LIMIT alone a BatchLimit", () => {
    expect(ops("SELECT id, v FROM A ORDER BY v DESC, id")).toEqual(["BatchSink", "BatchSort", "BatchCalc", "BatchTableSourceScan"]);
    expect(ops("SELECT id, v FROM A ORDER BY v DESC LIMIT 2")).toEqual(["BatchSink", "BatchSortLimit", "BatchCalc", "BatchTableSourceScan"]);
    expect(ops("SELECT id FROM A LIMIT 2 OFFSET 1")).toContain("BatchLimit");
  });

  test("a Top-N is a BatchRank over a BatchSort; DENSE_RANK a BatchOverAggregate, filtered", () => {
    const topN = ops("SELECT * FROM (SELECT id, v, ROW_NUMBER() OVER (PARTITION BY id ORDER BY ts DESC) AS rn FROM A) WHERE rn <= 2");
    expect(topN.slice(topN.indexOf("BatchRank"))).toEqual(["BatchRank", "BatchSort", "BatchTableSourceScan"]);
    const dense = ops("SELECT * FROM (SELECT id, v, DENSE_RANK() OVER (PARTITION BY id ORDER BY ts DESC) AS rn FROM A) WHERE rn <= 2");
    expect(dense).toContain("BatchOverAggregate");
    expect(dense).not.toContain("BatchRank");
  });

  test("a primary-key table is scanned as it is: no ChangelogNormalize; its details name the key", () => {
    const text = batchPlan("SELECT * FROM P");
    expect(operators(text)).toEqual(["BatchSink", "BatchCalc", "BatchTableSourceScan"]);
    expect(detailsOf(text, "BatchTableSourceScan")).toEqual(["Table: `default`.`cluster_0`.`P`", "Primary key: (id)"]);
  });

  test("no block carries a changelog mode or state size, in INSERT plans either", () => {
    h.run("CREATE TABLE sink_t (id INT, n BIGINT)");
    for (const sql of [
      "SELECT a.id, COUNT(*) FROM A a JOIN B b ON a.id = b.id GROUP BY a.id",
      "SELECT * FROM P WHERE id IN (SELECT id FROM A)",
      "INSERT INTO sink_t SELECT id, COUNT(*) FROM A GROUP BY id",
    ]) {
      expect(batchPlan(sql)).not.toMatch(/Changelog mode|State size|Upsert key/);
    }
    const insert = batchPlan("INSERT INTO sink_t SELECT id, COUNT(*) FROM A GROUP BY id");
    expect(operators(insert)).toEqual(["BatchSink", "BatchHashAggregate", "BatchTableSourceScan"]);
    expect(detailsOf(insert, "BatchSink")).toEqual(["Table: `default`.`cluster_0`.`sink_t`"]);
  });
});

describe("streaming EXPLAIN keeps its streaming shape", () => {
  test("StreamGroupAggregate, StreamJoin and changelog modes; StreamChangelogNormalize over a primary-key table", () => {
    const agg = streamingPlan("SELECT id, COUNT(*) AS n FROM A GROUP BY id");
    expect(detailsOf(agg, "StreamGroupAggregate")).toEqual(["Changelog mode: retract", "Upsert key: (id)", "State size: medium"]);
    const join = streamingPlan("SELECT a.id, b.w FROM A a JOIN B b ON a.id = b.id");
    expect(detailsOf(join, "StreamJoin")).toEqual(["Changelog mode: append", "State size: medium"]);
    expect(detailsOf(streamingPlan("SELECT * FROM P"), "StreamChangelogNormalize")).toEqual(["Changelog mode: retract", "Upsert key: (id)", "State size: medium"]);
  });
});
