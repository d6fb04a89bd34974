/**
 * EXPLAIN through the public client: a snapshot query's plan (conn.query, the default snapshot
 * mode) is batch-shaped in Confluent's layout (Batch* operator names, details naming tables
 * only), while a streaming statement's EXPLAIN keeps the Stream* operators and changelog modes.
 */
import { describe, expect, test } from "vitest";
import { sharedConnection } from "../support/emulated-connection.ts";
import { detailsOf, operators, snapshotPlan, streamingPlan } from "../support/explain-text.ts";

const db = sharedConnection(async (conn) => {
  await conn.query("CREATE TABLE orders (id INT, customer STRING, amount INT)");
  await conn.query("CREATE TABLE customers (name STRING NOT NULL, tier STRING, PRIMARY KEY (name) NOT ENFORCED)");
  await conn.query("INSERT INTO orders VALUES (1, 'ann', 10), (2, 'bob', 20), (3, 'ann', 5)");
  await conn.query("INSERT INTO customers VALUES ('ann', 'gold')");
});



const query = "SELECT c.tier, COUNT(*) AS n FROM orders o JOIN customers c ON o.customer = c.name GROUP BY c.tier ORDER BY n DESC LIMIT 1";

describe("EXPLAIN through the public client", () => {
  test("snapshot mode: BatchHashJoin, BatchHashAggregate and BatchSortLimit, no changelog modes, no ChangelogNormalize", async () => {
    expect(await snapshotPlan(db.conn, query)).toBe(
      [
        "== Physical Plan ==",
        "",
        "BatchSink [6]",
        "  +- BatchSortLimit [5]",
        "    +- BatchHashAggregate [4]",
        "      +- BatchHashJoin [3]",
        "        +- BatchTableSourceScan [1]",
        "        +- BatchTableSourceScan [2]",
        "",
        "== Physical Details ==",
        "",
        "[1] BatchTableSourceScan\nTable: `default`.`cluster_0`.`orders`",
        "",
        "[2] BatchTableSourceScan\nTable: `default`.`cluster_0`.`customers`\nPrimary key: (name)",
        "",
        "[6] BatchSink\nTable: Foreground",
      ].join("\n"),
    );
    // The query itself answers as planned.
    const { rows } = await db.conn.query(query, undefined, { asDict: false });
    expect(rows).toEqual([["gold", 2]]);
  });

  test("streaming: the same query keeps StreamGroupAggregate, StreamJoin, StreamChangelogNormalize and changelog modes", async () => {
    const plan = await streamingPlan(db.conn, "SELECT c.tier, COUNT(*) AS n FROM orders o JOIN customers c ON o.customer = c.name GROUP BY c.tier");
    expect(operators(plan)).toEqual(["StreamSink", "StreamGroupAggregate", "StreamExchange", "StreamJoin", "StreamExchange", "StreamTableSourceScan", "StreamChangelogNormalize", "StreamExchange", "StreamTableSourceScan"]);
    expect(detailsOf(plan, "StreamGroupAggregate")).toEqual(["Changelog mode: retract", "Upsert key: (tier)", "State size: medium"]);
    expect(detailsOf(plan, "StreamJoin")).toEqual(["Changelog mode: retract", "State size: medium"]);
    expect(detailsOf(plan, "StreamChangelogNormalize")).toEqual(["Changelog mode: retract", "Upsert key: (name)", "State size: medium"]);
  });
});
