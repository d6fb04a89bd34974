/**
 * EXPLAIN through the public client prints Confluent Cloud's format: the page's basic example
 * (clicks without orders) over the emulator's `examples.marketplace` tables, as a streaming
 * statement and in snapshot mode, in the one `result` column.
 */
import { describe, expect, test } from "vitest";
import { FAST_POLLING, sharedConnection } from "../support/emulated-connection.ts";
import { detailsOf, operators, planLines } from "../support/explain-text.ts";

const db = sharedConnection(async () => {});

const QUERY = `SELECT c.*
FROM \`examples\`.\`marketplace\`.\`clicks\` c
LEFT JOIN (
  SELECT DISTINCT customer_id
  FROM \`examples\`.\`marketplace\`.\`orders\`
) o ON c.user_id = o.customer_id
WHERE o.customer_id IS NULL`;

describe("Confluent's EXPLAIN example through the client", () => {
  test("streaming: the numbered tree and the details of the page's example", async () => {
    const cur = db.conn.streamingCursor(FAST_POLLING);
    await cur.execute(`EXPLAIN ${QUERY}`);
    expect(cur.description?.map((d) => d.name)).toEqual(["result"]);
    const text = String(((await cur.fetchOne()) as unknown[])[0]);
    await cur.close();
    expect(text.startsWith("== Physical Plan ==\n\nStreamSink [10]\n")).toBe(true);
    expect(planLines(text)).toEqual([
      "StreamSink [10]",
      "  +- StreamCalc [9]",
      "    +- StreamJoin [8]",
      "      +- StreamExchange [2]",
      "      :  +- StreamTableSourceScan [1]",
      "      +- StreamExchange [7]",
      "        +- StreamGroupAggregate [6]",
      "          +- StreamExchange [5]",
      "            +- StreamCalc [4]",
      "              +- StreamTableSourceScan [3]",
    ]);
    expect(detailsOf(text, "StreamTableSourceScan")).toEqual(["Table: `examples`.`marketplace`.`clicks`", "Changelog mode: append", "State size: low"]);
    expect(detailsOf(text, "StreamGroupAggregate")).toEqual(["Changelog mode: retract", "Upsert key: (customer_id)", "State size: medium"]);
    // The shuffle of the aggregate's rows to the join keeps the aggregate's key, as on the page.
    expect(detailsOf(text, "StreamExchange")).toEqual(["Changelog mode: retract", "Upsert key: (customer_id)"]);
    expect(detailsOf(text, "StreamJoin")).toEqual(["Changelog mode: retract", "State size: medium"]);
    expect(detailsOf(text, "StreamSink")).toEqual(["Table: Foreground", "Changelog mode: retract", "State size: low"]);
  });

  test("snapshot: the same layout with batch operators and table details only", async () => {
    const { rows } = await db.conn.query<{ result: string }>(`EXPLAIN ${QUERY}`);
    const text = rows[0]!.result;
    expect(operators(text)).toEqual(["BatchSink", "BatchCalc", "BatchHashJoin", "BatchTableSourceScan", "BatchHashAggregate", "BatchCalc", "BatchTableSourceScan"]);
    expect(detailsOf(text, "BatchTableSourceScan", 1)).toEqual(["Table: `examples`.`marketplace`.`orders`"]);
    expect(text).not.toContain("Changelog mode");
  });
});
