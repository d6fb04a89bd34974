/**
 * Streaming EXPLAIN of OVER aggregates and deduplication, in Confluent's operator names: an
 * OVER aggregate as StreamOverAggregate shuffled by its partition; the first / last row per key
 * by time as StreamDeduplicate (StreamWindowDeduplicate per window), not as a StreamRank; set
 * operations as joins; sinks by their full paths, a statement set's shared plan reused.
 */
import { beforeEach, describe, expect, test } from "vitest";
import { Harness } from "./sql/harness.ts";
import { detailsOf, operators, planLines } from "../support/explain-text.ts";

let h: Harness;

beforeEach(() => {
  h = new Harness();
  h.run("CREATE TABLE orders (id INT, cust INT, amount DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)");
});

const plan = (sql: string, props: Record<string, string> = {}) => h.run(`EXPLAIN ${sql}`, props).sink.rows[0]!.row[0] as string;

describe("OVER aggregates", () => {
  test("a ROWS frame, partitioned: shuffled by the partition key, append-only", () => {
    const text = plan("SELECT id, SUM(amount) OVER (PARTITION BY cust ORDER BY ts ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS s FROM orders");
    expect(planLines(text)).toEqual(["StreamSink [5]", "  +- StreamCalc [4]", "    +- StreamOverAggregate [3]", "      +- StreamExchange [2]", "        +- StreamTableSourceScan [1]"]);
    expect(detailsOf(text, "StreamOverAggregate")).toEqual(["Changelog mode: append", "State size: medium"]);
  });

  test("a RANGE frame without PARTITION BY: still one StreamOverAggregate over an Exchange (to one task)", () => {
    const text = plan("SELECT id, COUNT(*) OVER (ORDER BY ts RANGE BETWEEN INTERVAL '1' MINUTE PRECEDING AND CURRENT ROW) AS n, MAX(amount) OVER (ORDER BY ts RANGE BETWEEN INTERVAL '1' MINUTE PRECEDING AND CURRENT ROW) AS m FROM orders");
    expect(operators(text)).toEqual(["StreamSink", "StreamCalc", "StreamOverAggregate", "StreamExchange", "StreamTableSourceScan"]);
  });
});

describe("deduplication and Top-N ordering", () => {
  const ranked = (order: string, filter: string, partition = "cust") =>
    `SELECT id, cust, amount FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY ${partition} ORDER BY ${order}) AS rn FROM orders) WHERE ${filter}`;

  test("the first or last row per key by time is a StreamDeduplicate over the shuffle by the key", () => {
    for (const order of ["ts", "ts DESC"]) {
      const text = plan(ranked(order, "rn = 1"));
      const ops = operators(text);
      expect(ops[ops.indexOf("StreamDeduplicate") + 1]).toBe("StreamExchange");
      expect(ops).not.toContain("StreamRank");
      expect(detailsOf(text, "StreamDeduplicate")![0]).toBe("Changelog mode: retract");
    }
  });

  test("per window it is a StreamWindowDeduplicate, append-only", () => {
    const sql = "SELECT id FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end, cust ORDER BY window_time) AS rn FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '1' MINUTE))) WHERE rn = 1";
    const text = plan(sql);
    expect(operators(text)).toEqual(["StreamSink", "StreamCalc", "StreamWindowDeduplicate", "StreamExchange", "StreamWindowTableFunction", "StreamTableSourceScan"]);
    expect(detailsOf(text, "StreamWindowDeduplicate")).toEqual(["Changelog mode: append", "State size: low"]);
  });

  test("another order, more than one row, or the row number selected: a StreamRank", () => {
    for (const sql of [ranked("amount DESC, id", "rn = 1"), ranked("ts", "rn <= 2")]) {
      expect(operators(plan(sql))).toContain("StreamRank");
      expect(operators(plan(sql))).not.toContain("StreamDeduplicate");
    }
  });

  test("snapshot mode keeps the batch Rank over its Sort", () => {
    const ops = operators(plan(ranked("ts", "rn = 1"), { "sql.snapshot.mode": "now" }));
    expect(ops[ops.indexOf("BatchRank") + 1]).toBe("BatchSort");
  });
});

describe("set operations", () => {
  test("INTERSECT / EXCEPT are joins over the distinct rows of the left input", () => {
    h.run("CREATE TABLE other (cust INT, note STRING)");
    const text = plan("SELECT cust FROM orders INTERSECT SELECT cust FROM other");
    // The distinct rows are shuffled to the join again, by the same key (Flink's aggregate has no distribution trait).
    expect(planLines(text).slice(0, 4)).toEqual(["StreamSink [10]", "  +- StreamJoin [9]", "    +- StreamExchange [5]", "    :  +- StreamGroupAggregate [4]"]);
    expect(detailsOf(text, "StreamJoin")).toEqual(["Changelog mode: retract", "Upsert key: (cust)", "State size: medium"]);
    expect(operators(plan("SELECT cust FROM orders EXCEPT SELECT cust FROM other"))).toContain("StreamJoin");
  });
});

describe("sinks", () => {
  test("CREATE TABLE AS SELECT and a statement set: each StreamSink by its full path; the same plan twice is reused", () => {
    h.run("CREATE TABLE totals (cust INT, total DOUBLE)");
    const ctas = plan("CREATE TABLE copy AS SELECT id, cust FROM orders");
    expect(planLines(ctas)).toEqual(["StreamSink [3]", "  +- StreamCalc [2]", "    +- StreamTableSourceScan [1]"]);
    expect(detailsOf(ctas, "StreamSink")).toEqual(["Table: `default`.`cluster_0`.`copy`", "Changelog mode: append", "State size: low"]);
    const set = plan("EXECUTE STATEMENT SET BEGIN INSERT INTO totals SELECT cust, amount FROM orders; INSERT INTO `default`.cluster_0.totals SELECT cust, amount FROM orders; END");
    expect(set).toContain("StreamSink [3]\n  +- StreamCalc [2]\n    +- StreamTableSourceScan [1]\n\nStreamSink [4]\n  +- (reused) [2]\n");
    expect(detailsOf(set, "StreamSink")).toEqual(["Table: `default`.`cluster_0`.`totals`", "Changelog mode: append", "State size: low"]);
    expect(detailsOf(set, "StreamSink", 1)).toEqual(["Table: `default`.`cluster_0`.`totals`", "Changelog mode: append", "State size: low"]);
  });
});

describe("aggregate projections", () => {
  test("a projection that only passes the aggregate's row on is no operator; one that reorders or filters is a StreamCalc", () => {
    expect(operators(plan("SELECT cust, SUM(amount) AS total FROM orders GROUP BY cust"))).toEqual(["StreamSink", "StreamGroupAggregate", "StreamExchange", "StreamTableSourceScan"]);
    const reordered = plan("SELECT SUM(amount) AS total, cust FROM orders GROUP BY cust");
    expect(operators(reordered)).toEqual(["StreamSink", "StreamCalc", "StreamGroupAggregate", "StreamExchange", "StreamTableSourceScan"]);
    expect(detailsOf(reordered, "StreamCalc")).toEqual(["Changelog mode: retract", "Upsert key: (cust)"]);
    expect(operators(plan("SELECT cust, COUNT(*) AS n FROM orders GROUP BY cust HAVING COUNT(*) > 1")).slice(0, 3)).toEqual(["StreamSink", "StreamCalc", "StreamGroupAggregate"]);
  });
});
