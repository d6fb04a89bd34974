/**
 * EXPLAIN through the public client: a snapshot query's plan (conn.query, the default snapshot
 * mode) is batch-shaped as Flink's batch planner prints it (batch operator names, no changelog
 * modes), while a streaming statement's EXPLAIN keeps the streaming operators and changelog modes.
 */
import { describe, expect, test } from "vitest";
import type { Connection } from "../../src/index.ts";
import { FAST_POLLING, sharedConnection } from "../support/emulated-connection.ts";

const db = sharedConnection(async (conn) => {
  await conn.query("CREATE TABLE orders (id INT, customer STRING, amount INT)");
  await conn.query("CREATE TABLE customers (name STRING NOT NULL, tier STRING, PRIMARY KEY (name) NOT ENFORCED)");
  await conn.query("INSERT INTO orders VALUES (1, 'ann', 10), (2, 'bob', 20), (3, 'ann', 5)");
  await conn.query("INSERT INTO customers VALUES ('ann', 'gold')");
});

async function snapshotPlan(conn: Connection, sql: string): Promise<string> {
  const { rows } = await conn.query<{ result: string }>(`EXPLAIN ${sql}`);
  return rows[0]!.result;
}

async function streamingPlan(conn: Connection, sql: string): Promise<string> {
  const cur = conn.streamingCursor(FAST_POLLING);
  await cur.execute(`EXPLAIN ${sql}`);
  const row = (await cur.fetchOne()) as unknown[];
  await cur.close();
  return row[0] as string;
}

const query = "SELECT c.tier, COUNT(*) AS n FROM orders o JOIN customers c ON o.customer = c.name GROUP BY c.tier ORDER BY n DESC LIMIT 1";

describe("EXPLAIN through the public client", () => {
  test("snapshot mode: HashJoin, HashAggregate and SortLimit, no changelog modes, no ChangelogNormalize", async () => {
    expect(await snapshotPlan(db.conn, query)).toBe(
      [
        "== Physical Plan ==",
        "SortLimit(orderBy=[n DESC], offset=[0], fetch=[1], global=[true])",
        "+- HashAggregate(isMerge=[false], groupBy=[tier], select=[tier, COUNT(*) AS n])",
        "   +- HashJoin(joinType=[InnerJoin], where=[=(customer, name)], select=[id, customer, amount, $rowtime, name, tier, $rowtime0], build=[right])",
        "      :- TableSourceScan(table=[[default, cluster_0, orders]], fields=[id, customer, amount, $rowtime])",
        "      +- TableSourceScan(table=[[default, cluster_0, customers]], fields=[name, tier, $rowtime])",
      ].join("\n"),
    );
    // The query itself answers as planned.
    const { rows } = await db.conn.query(query, undefined, { asDict: false });
    expect(rows).toEqual([["gold", 2]]);
  });

  test("streaming: the same query keeps GroupAggregate, Join, Rank and changelog modes", async () => {
    const plan = await streamingPlan(db.conn, "SELECT c.tier, COUNT(*) AS n FROM orders o JOIN customers c ON o.customer = c.name GROUP BY c.tier");
    expect(plan).toContain("GroupAggregate(groupBy=[tier], select=[tier, COUNT(*) AS n], changelogMode=[I,UB,UA,D])");
    expect(plan).toContain(
      "Join(joinType=[InnerJoin], where=[=(customer, name)], select=[id, customer, amount, $rowtime, name, tier, $rowtime0], leftInputSpec=[NoUniqueKey], rightInputSpec=[JoinKeyContainsUniqueKey], changelogMode=[I,UB,UA,D])",
    );
    expect(plan).toContain("ChangelogNormalize(key=[name], changelogMode=[I,UB,UA,D])");
  });
});
