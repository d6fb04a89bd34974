/**
 * EXPLAIN through the public client, streaming: the plan as Confluent Cloud prints it (Stream*
 * operators numbered inputs first, Exchanges where the plan shuffles, then each operator's
 * table, changelog mode, upsert key and state size), decorrelated subqueries as joins.
 */
import { describe, expect, test } from "vitest";
import { sharedConnection } from "../support/emulated-connection.ts";
import { detailsOf, operators, streamingPlan } from "../support/explain-text.ts";

const db = sharedConnection(async (conn) => {
  await conn.query("CREATE TABLE orders (id INT, customer STRING, amount INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)");
  await conn.query("CREATE TABLE customers (name STRING NOT NULL, tier STRING, PRIMARY KEY (name) NOT ENFORCED)");
  await conn.query("CREATE TABLE shipments (order_id INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)");
});


describe("streaming EXPLAIN through the client", () => {
  test("a LEFT JOIN to an upsert table, then a group aggregate", async () => {
    const plan = await streamingPlan(db.conn, "SELECT c.tier, COUNT(*) AS n FROM orders o LEFT JOIN customers c ON o.customer = c.name GROUP BY c.tier");
    expect(plan).toBe(
      [
        "== Physical Plan ==",
        "",
        "StreamSink [9]",
        "  +- StreamGroupAggregate [8]",
        "    +- StreamExchange [7]",
        "      +- StreamJoin [6]",
        "        +- StreamExchange [2]",
        "        :  +- StreamTableSourceScan [1]",
        "        +- StreamChangelogNormalize [5]",
        "          +- StreamExchange [4]",
        "            +- StreamTableSourceScan [3]",
        "",
        "== Physical Details ==",
        "",
        "[1] StreamTableSourceScan\nTable: `default`.`cluster_0`.`orders`\nChangelog mode: append\nState size: low",
        "",
        "[3] StreamTableSourceScan\nTable: `default`.`cluster_0`.`customers`\nPrimary key: (name)\nChangelog mode: upsert\nUpsert key: (name)\nState size: low",
        "",
        "[4] StreamExchange\nChangelog mode: upsert\nUpsert key: (name)",
        "",
        "[5] StreamChangelogNormalize\nChangelog mode: retract\nUpsert key: (name)\nState size: medium",
        "",
        "[6] StreamJoin\nChangelog mode: retract\nState size: medium",
        "",
        "[7] StreamExchange\nChangelog mode: retract",
        "",
        "[8] StreamGroupAggregate\nChangelog mode: retract\nUpsert key: (tier)\nState size: medium",
        "",
        "[9] StreamSink\nTable: Foreground\nChangelog mode: retract\nUpsert key: (tier)\nState size: low",
      ].join("\n"),
    );
  });

  test("an EXISTS subquery is a join over the subquery's projected key column, append-only", async () => {
    const plan = await streamingPlan(db.conn, "SELECT id FROM orders o WHERE EXISTS (SELECT * FROM shipments s WHERE s.order_id = o.id)");
    expect(operators(plan)).toEqual(["StreamSink", "StreamCalc", "StreamJoin", "StreamExchange", "StreamTableSourceScan", "StreamExchange", "StreamCalc", "StreamTableSourceScan"]);
    expect(detailsOf(plan, "StreamJoin")).toEqual(["Changelog mode: append", "State size: medium"]);
    expect(plan).not.toContain("$corr");
  });

  test("a window aggregation and a Top-N", async () => {
    const window = await streamingPlan(db.conn, "SELECT window_start, SUM(amount) AS total FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) GROUP BY window_start, window_end");
    expect(detailsOf(window, "StreamWindowAggregate")).toEqual(["Changelog mode: append", "State size: low"]);
    const topN = await streamingPlan(db.conn, "SELECT * FROM (SELECT customer, amount, ROW_NUMBER() OVER (PARTITION BY customer ORDER BY amount DESC) AS rn FROM orders) WHERE rn = 1");
    expect(operators(topN)).toEqual(["StreamSink", "StreamCalc", "StreamRank", "StreamExchange", "StreamTableSourceScan"]);
    // The constant row number leaves the partition key unique.
    expect(detailsOf(topN, "StreamRank")).toEqual(["Changelog mode: retract", "Upsert key: (customer)", "State size: medium"]);
  });
});
