/**
 * Streaming EXPLAIN of OVER aggregates and deduplication, as Flink prints them: OverAggregate
 * with its partition, time ordering, Flink's frame text (` ROWS BETWEEN ...`, ` RANG BETWEEN
 * ...`) and `w0$o<i>` calls; the first / last row per key by time as Deduplicate (WindowDeduplicate
 * per window), not as a Rank; a Top-N's own ordering in Rank's orderBy.
 */
import { beforeEach, describe, expect, test } from "vitest";
import { Harness } from "./sql/harness.ts";

let h: Harness;

beforeEach(() => {
  h = new Harness();
  h.run("CREATE TABLE orders (id INT, cust INT, amount DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)");
});

const plan = (sql: string, props: Record<string, string> = {}) => h.run(`EXPLAIN ${sql}`, props).sink.rows[0]!.row[0] as string;

describe("OVER aggregates", () => {
  test("a ROWS frame, partitioned: shuffled by the partition key", () => {
    expect(plan("SELECT id, SUM(amount) OVER (PARTITION BY cust ORDER BY ts ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS s FROM orders")).toContain(
      [
        "+- OverAggregate(partitionBy=[cust], orderBy=[ts ASC], window=[ ROWS BETWEEN 2 PRECEDING AND CURRENT ROW], select=[id, cust, amount, ts, $rowtime, SUM(amount) AS w0$o0], changelogMode=[I])",
        "   +- Exchange(distribution=[hash[cust]], changelogMode=[I])",
      ].join("\n"),
    );
  });

  test("a RANGE frame prints as Flink's `RANG BETWEEN`; without PARTITION BY on one task", () => {
    const text = plan("SELECT id, COUNT(*) OVER (ORDER BY ts RANGE BETWEEN INTERVAL '1' MINUTE PRECEDING AND CURRENT ROW) AS n, MAX(amount) OVER (ORDER BY ts RANGE BETWEEN INTERVAL '1' MINUTE PRECEDING AND CURRENT ROW) AS m FROM orders");
    expect(text).toContain(
      "OverAggregate(orderBy=[ts ASC], window=[ RANG BETWEEN 60000 PRECEDING AND CURRENT ROW], select=[id, cust, amount, ts, $rowtime, COUNT(*) AS w0$o0, MAX(amount) AS w0$o1], changelogMode=[I])\n   +- Exchange(distribution=[single], changelogMode=[I])",
    );
    expect(plan("SELECT id, SUM(amount) OVER (PARTITION BY cust ORDER BY ts) AS s FROM orders")).toContain("window=[ RANG BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW]");
  });
});

describe("deduplication and Top-N ordering", () => {
  const ranked = (order: string, filter: string, partition = "cust") =>
    `SELECT id, cust, amount FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY ${partition} ORDER BY ${order}) AS rn FROM orders) WHERE ${filter}`;

  test("the first or last row per key by time is a Deduplicate", () => {
    expect(plan(ranked("ts", "rn = 1"))).toContain("+- Deduplicate(keep=[FirstRow], key=[cust], order=[ROWTIME], changelogMode=[I,UB,UA,D])\n   +- Exchange(distribution=[hash[cust]], changelogMode=[I])");
    expect(plan(ranked("ts DESC", "rn = 1"))).toContain("Deduplicate(keep=[LastRow], key=[cust], order=[ROWTIME]");
  });

  test("per window it is a WindowDeduplicate", () => {
    const sql = "SELECT id FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end, cust ORDER BY window_time) AS rn FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '1' MINUTE))) WHERE rn = 1";
    expect(plan(sql)).toContain("WindowDeduplicate(window=[TUMBLE(win_start=[window_start], win_end=[window_end], size=[1 min])], keep=[FirstRow], partitionKeys=[cust], orderKey=[window_time], order=[ROWTIME]");
  });

  test("another order, more than one row, or the row number selected: a Rank with its ordering", () => {
    expect(plan(ranked("amount DESC, id", "rn = 1"))).toContain("Rank(strategy=[AppendFastStrategy], rankType=[ROW_NUMBER], rankRange=[rankStart=1, rankEnd=1], partitionBy=[cust], orderBy=[amount DESC, id ASC], select=");
    expect(plan(ranked("ts", "rn <= 2"))).toContain("Rank(strategy=[AppendFastStrategy], rankType=[ROW_NUMBER], rankRange=[rankStart=1, rankEnd=2], partitionBy=[cust], orderBy=[ts ASC], select=");
    expect(plan(ranked("ts", "rn <= 2"))).not.toContain("Deduplicate");
  });

  test("snapshot mode keeps the batch Rank over its Sort, ordered by the partition and the ranking order", () => {
    expect(plan(ranked("ts", "rn = 1"), { "sql.snapshot.mode": "now" })).toContain(
      "Rank(rankType=[ROW_NUMBER], rankRange=[rankStart=1, rankEnd=1], partitionBy=[cust], orderBy=[ts ASC], global=[true], select=[id, cust, amount, ts, $rowtime])\n   +- Sort(orderBy=[cust ASC, ts ASC])",
    );
  });
});

describe("set operations", () => {
  test("INTERSECT / EXCEPT join on every column, NULLs equal", () => {
    h.run("CREATE TABLE other (cust INT, note STRING)");
    expect(plan("SELECT cust FROM orders INTERSECT SELECT cust FROM other")).toContain(
      "Join(joinType=[LeftSemiJoin], where=[IS NOT DISTINCT FROM(cust, cust0)], select=[cust], leftInputSpec=[JoinKeyContainsUniqueKey], rightInputSpec=[NoUniqueKey]",
    );
    expect(plan("SELECT cust FROM orders EXCEPT SELECT cust FROM other")).toContain("Join(joinType=[LeftAntiJoin], where=[IS NOT DISTINCT FROM(cust, cust0)]");
  });
});

describe("Calc", () => {
  test("a column is named by the input column it copies, `... AS name` when computed; OVER calls are w0$o<i>", () => {
    expect(plan("SELECT cust AS customer, amount * 2 AS doubled FROM orders WHERE amount > 1")).toContain("Calc(select=[cust AS customer, ... AS doubled], where=[...], changelogMode=[I])");
    expect(plan("SELECT id, SUM(amount) OVER (PARTITION BY cust ORDER BY ts) AS s FROM orders")).toContain("Calc(select=[id, w0$o0 AS s], changelogMode=[I])");
  });
});

describe("sinks", () => {
  test("CREATE TABLE AS SELECT and a statement set: each Sink by its full path, with the columns it writes", () => {
    h.run("CREATE TABLE totals (cust INT, total DOUBLE)");
    expect(plan("CREATE TABLE copy AS SELECT id, cust FROM orders")).toContain("Sink(table=[default.cluster_0.copy], fields=[id, cust], changelogMode=[NONE])\n+- Calc(select=[id, cust], changelogMode=[I])");
    const set = plan("EXECUTE STATEMENT SET BEGIN INSERT INTO totals SELECT cust, amount FROM orders; INSERT INTO `default`.cluster_0.totals SELECT cust, amount FROM orders; END");
    expect(set.match(/Sink\(table=\[default\.cluster_0\.totals\], fields=\[cust, total\], changelogMode=\[NONE\]\)/g)).toHaveLength(2);
  });
});

describe("aggregate call names", () => {
  test("a call takes its alias; a projection that only reorders or drops stays a Calc over the named calls", () => {
    expect(plan("SELECT cust, SUM(amount) AS total FROM orders GROUP BY cust")).toMatch(/^== Physical Plan ==\nGroupAggregate\(groupBy=\[cust\], select=\[cust, SUM\(amount\) AS total\], changelogMode=\[I,UB,UA\]\)\n/);
    expect(plan("SELECT SUM(amount) AS total, cust FROM orders GROUP BY cust")).toContain(
      "Calc(select=[total, cust], changelogMode=[I,UB,UA])\n+- GroupAggregate(groupBy=[cust], select=[cust, SUM(amount) AS total], changelogMode=[I,UB,UA])",
    );
    expect(plan("SELECT cust, COUNT(*) AS n FROM orders GROUP BY cust HAVING COUNT(*) > 1")).toContain("Calc(select=[cust, n], where=[...], changelogMode=[I,UB,UA])");
  });
});
