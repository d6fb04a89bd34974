/**
 * EXPLAIN through the public client, streaming: the plan text a Flink user knows from Flink
 * 1.19 / 1.20 (FlinkJoinType names, `where` / `select` / input specs, Exchange nodes, changelog
 * modes inside each node, Flink's tree drawing), and decorrelated subquery columns by name.
 */
import { describe, expect, test } from "vitest";
import { sharedConnection } from "../support/emulated-connection.ts";

const db = sharedConnection(async (conn) => {
  await conn.query("CREATE TABLE orders (id INT, customer STRING, amount INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)");
  await conn.query("CREATE TABLE customers (name STRING NOT NULL, tier STRING, PRIMARY KEY (name) NOT ENFORCED)");
  await conn.query("CREATE TABLE shipments (order_id INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)");
});

async function streamingPlan(sql: string): Promise<string> {
  const cur = db.conn.streamingCursor();
  await cur.execute(`EXPLAIN ${sql}`);
  const row = (await cur.fetchOne()) as unknown[];
  await cur.close();
  return String(row[0]);
}

describe("streaming EXPLAIN through the client", () => {
  test("a LEFT JOIN to an upsert table, then a group aggregate", async () => {
    const plan = await streamingPlan("SELECT c.tier, COUNT(*) AS n FROM orders o LEFT JOIN customers c ON o.customer = c.name GROUP BY c.tier");
    expect(plan).toBe(
      [
        "== Physical Plan ==",
        "GroupAggregate(groupBy=[tier], select=[tier, COUNT(*) AS n], changelogMode=[I,UB,UA,D])",
        "+- Exchange(distribution=[hash[tier]], changelogMode=[I,UB,UA,D])",
        "   +- Join(joinType=[LeftOuterJoin], where=[=(customer, name)], select=[id, customer, amount, ts, $rowtime, name, tier, $rowtime0], leftInputSpec=[NoUniqueKey], rightInputSpec=[JoinKeyContainsUniqueKey], changelogMode=[I,UB,UA,D])",
        "      :- Exchange(distribution=[hash[customer]], changelogMode=[I])",
        "      :  +- TableSourceScan(table=[[default, cluster_0, orders]], fields=[id, customer, amount, ts, $rowtime], changelogMode=[I])",
        "      +- ChangelogNormalize(key=[name], changelogMode=[I,UB,UA,D])",
        "         +- Exchange(distribution=[hash[name]], changelogMode=[UA,D])",
        "            +- TableSourceScan(table=[[default, cluster_0, customers]], fields=[name, tier, $rowtime], changelogMode=[UA,D])",
      ].join("\n"),
    );
  });

  test("an EXISTS subquery is a LeftSemiJoin over the subquery's named key column", async () => {
    const plan = await streamingPlan("SELECT id FROM orders o WHERE EXISTS (SELECT * FROM shipments s WHERE s.order_id = o.id)");
    expect(plan).toContain("Join(joinType=[LeftSemiJoin], where=[=(id, order_id)], select=[id, customer, amount, ts, $rowtime], leftInputSpec=[NoUniqueKey], rightInputSpec=[NoUniqueKey], changelogMode=[I])");
    expect(plan).toContain("+- Calc(select=[order_id], changelogMode=[I])");
    expect(plan).not.toContain("$corr");
  });

  test("a window aggregation and a Top-N", async () => {
    const window = await streamingPlan("SELECT window_start, SUM(amount) AS total FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) GROUP BY window_start, window_end");
    expect(window).toContain("WindowAggregate(window=[TUMBLE(time_col=[ts], size=[1 min])], select=[SUM(amount) AS total, start('w$) AS window_start, end('w$) AS window_end], changelogMode=[I])");
    const topN = await streamingPlan("SELECT * FROM (SELECT customer, amount, ROW_NUMBER() OVER (PARTITION BY customer ORDER BY amount DESC) AS rn FROM orders) WHERE rn = 1");
    expect(topN).toContain("Rank(strategy=[AppendFastStrategy], rankType=[ROW_NUMBER], rankRange=[rankStart=1, rankEnd=1], partitionBy=[customer], orderBy=[amount DESC], select=[");
    expect(topN).toContain("Exchange(distribution=[hash[customer]], changelogMode=[I])");
  });
});
