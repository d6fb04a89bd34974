/**
 * The example queries of Confluent Cloud's EXPLAIN page (docs.confluent.io, "EXPLAIN Statement
 * in Confluent Cloud for Apache Flink"), run against the emulator's `examples.marketplace`
 * tables: the same two sections, operator names, numbering (inputs first, left to right),
 * tree drawing and details wording. Where the emulator's planner makes another plan than
 * Confluent's, the difference is named at the assertion (and in docs/emulator.md).
 */
import { beforeEach, describe, expect, test } from "vitest";
import { Harness } from "./sql/harness.ts";
import { detailsOf, operators, planLines } from "../support/explain-text.ts";

let h: Harness;

beforeEach(() => {
  h = new Harness();
});

const plan = (sql: string) => h.run(`EXPLAIN ${sql}`).sink.rows[0]!.row[0] as string;
const CLICKS_WITHOUT_ORDERS = `SELECT c.*
FROM \`examples\`.\`marketplace\`.\`clicks\` c
LEFT JOIN (
  SELECT DISTINCT customer_id
  FROM \`examples\`.\`marketplace\`.\`orders\`
) o ON c.user_id = o.customer_id
WHERE o.customer_id IS NULL`;

/** The page's details of the basic query, blocks [1]..[11] renumbered as the emulator numbers them. */
const basicDetails = (sink: string) => [
  "[1] StreamTableSourceScan\nTable: `examples`.`marketplace`.`clicks`\nChangelog mode: append\nState size: low",
  "[3] StreamTableSourceScan\nTable: `examples`.`marketplace`.`orders`\nChangelog mode: append\nState size: low",
  "[6] StreamGroupAggregate\nChangelog mode: retract\nUpsert key: (customer_id)\nState size: medium",
  "[7] StreamExchange\nChangelog mode: retract\nUpsert key: (customer_id)",
  "[8] StreamJoin\nChangelog mode: retract\nState size: medium",
  "[9] StreamCalc\nChangelog mode: retract",
  `[10] StreamSink\nTable: ${sink}\nChangelog mode: retract\nState size: low`,
];

// The page's tree but for its [2], a Calc over the clicks scan, which the emulator's plan has
// not (it prunes no columns of clicks): so the numbers from 2 on are one lower than the page's.
const BASIC_TREE = [
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
];

describe("the page's example queries", () => {
  test("basic query analysis: clicks without orders, previewed in the Foreground sink", () => {
    const text = plan(CLICKS_WITHOUT_ORDERS);
    expect(text).toBe(["== Physical Plan ==", "", ...BASIC_TREE, "", "== Physical Details ==", "", basicDetails("Foreground").join("\n\n")].join("\n"));
  });

  test("creating tables: the same plan, the sink naming the new table", () => {
    const text = plan(`CREATE TABLE clicks_without_orders AS\n${CLICKS_WITHOUT_ORDERS}`);
    expect(planLines(text)).toEqual(BASIC_TREE);
    expect(text.slice(text.indexOf("[1] "))).toBe(basicDetails("`default`.`cluster_0`.`clicks_without_orders`").join("\n\n"));
  });

  test("inserting values: StreamValues under the sink (the page has a StreamCalc between them)", () => {
    h.run("CREATE TABLE orders (order_id INT, customer_id INT, order_date STRING, price DOUBLE)");
    const text = plan("INSERT INTO orders VALUES\n  (1, 1001, '2023-02-24', 50.0),\n  (2, 1002, '2023-02-25', 60.0),\n  (3, 1003, '2023-02-26', 70.0)");
    expect(text).toBe(
      [
        "== Physical Plan ==", "", "StreamSink [2]", "  +- StreamValues [1]", "", "== Physical Details ==", "",
        "[1] StreamValues\nChangelog mode: append\nState size: low", "", "[2] StreamSink\nTable: `default`.`cluster_0`.`orders`\nChangelog mode: append\nState size: low",
      ].join("\n"),
    );
  });

  test("multiple operations: a statement set's sinks share the one scan, as on the page", () => {
    h.run("CREATE TABLE low_orders LIKE `examples`.`marketplace`.`orders`");
    h.run("CREATE TABLE high_orders LIKE `examples`.`marketplace`.`orders`");
    const text = plan(
      "STATEMENT SET\nBEGIN\n  INSERT INTO low_orders SELECT * from `examples`.`marketplace`.`orders` where price < 100;\n  INSERT INTO high_orders SELECT * from `examples`.`marketplace`.`orders` where price > 100;\nEND",
    );
    expect(text).toBe(
      [
        "== Physical Plan ==", "",
        "StreamSink [3]", "  +- StreamCalc [2]", "    +- StreamTableSourceScan [1]", "",
        "StreamSink [5]", "  +- StreamCalc [4]", "    +- (reused) [1]", "",
        "== Physical Details ==", "",
        "[1] StreamTableSourceScan\nTable: `examples`.`marketplace`.`orders`\nChangelog mode: append\nState size: low", "",
        "[3] StreamSink\nTable: `default`.`cluster_0`.`low_orders`\nChangelog mode: append\nState size: low", "",
        "[5] StreamSink\nTable: `default`.`cluster_0`.`high_orders`\nChangelog mode: append\nState size: low",
      ].join("\n"),
    );
  });

  const WINDOWED = "WITH windowed_customers AS (\n  SELECT * FROM TABLE(\n    TUMBLE(TABLE `examples`.`marketplace`.`customers`, DESCRIPTOR($rowtime), INTERVAL '1' MINUTE)\n  )\n)\n";
  const SELF_JOIN = "FROM\n    windowed_customers c1\n    JOIN windowed_customers c2\n    ON c1.city = c2.city\n    AND c1.customer_id < c2.customer_id\n    AND c1.window_start = c2.window_start\n";

  test("window functions: the page's query, grouping by window_start over a regular join, is a group aggregation", () => {
    const sql = `${WINDOWED}SELECT\n    c1.window_start,\n    c1.city,\n    COUNT(DISTINCT c1.customer_id) as unique_customers,\n    COUNT(c2.customer_id) as total_connections\n${SELF_JOIN}GROUP BY\n    c1.window_start,\n    c1.city\nHAVING\n    COUNT(DISTINCT c1.customer_id) > 5`;
    // The self-join is no window join (window_end is not equated), so window_start is a plain
    // column above it (Flink's FlinkRelMdWindowProperties): no window aggregation is asked for.
    const text = plan(sql);
    expect(planLines(text).slice(0, 5)).toEqual(["StreamSink [11]", "  +- StreamCalc [10]", "    +- StreamGroupAggregate [9]", "      +- StreamExchange [8]", "        +- StreamJoin [7]"]);
    expect(detailsOf(text, "StreamGroupAggregate")).toEqual(["Changelog mode: retract", "Upsert key: (window_start,city)", "State size: medium"]);
  });

  test("window functions: the self-join below the page's aggregate, its second input reused", () => {
    const text = plan(`${WINDOWED}SELECT c1.window_start, c1.city\n${SELF_JOIN}`);
    // The page's [2] Calc (over the scan) and [5] Calc (over ChangelogNormalize) are no operators here.
    expect(planLines(text)).toEqual([
      "StreamSink [9]",
      "  +- StreamCalc [8]",
      "    +- StreamJoin [7]",
      "      +- StreamExchange [6]",
      "      :  +- StreamCalc [5]",
      "      :    +- StreamWindowTableFunction [4]",
      "      :      +- StreamChangelogNormalize [3]",
      "      :        +- StreamExchange [2]",
      "      :          +- StreamTableSourceScan [1]",
      "      +- (reused) [6]",
    ]);
    // As on the page: the upsert scan, its shuffle and its normaliser keep the primary key; the window function retracts without a key.
    expect(detailsOf(text, "StreamTableSourceScan")).toEqual(["Table: `examples`.`marketplace`.`customers`", "Primary key: (customer_id)", "Changelog mode: upsert", "Upsert key: (customer_id)", "State size: low"]);
    expect(detailsOf(text, "StreamExchange")).toEqual(["Changelog mode: upsert", "Upsert key: (customer_id)"]);
    expect(detailsOf(text, "StreamChangelogNormalize")).toEqual(["Changelog mode: retract", "Upsert key: (customer_id)", "State size: medium"]);
    expect(detailsOf(text, "StreamWindowTableFunction")).toEqual(["Changelog mode: retract", "State size: low"]);
    expect(detailsOf(text, "StreamCalc")).toEqual(["Changelog mode: retract"]);
    expect(detailsOf(text, "StreamExchange", 1)).toEqual(["Changelog mode: retract"]);
    expect(detailsOf(text, "StreamJoin")).toEqual(["Changelog mode: retract", "State size: medium"]);
  });
});

describe("the page's operator reference", () => {
  const MP = "`examples`.`marketplace`";
  const cases: ReadonlyArray<readonly [string, string]> = [
    ["StreamTableSourceScan", `SELECT * FROM ${MP}.orders`],
    ["StreamCalc", `SELECT price * 1.1 AS amount_with_tax FROM ${MP}.orders WHERE price > 10`],
    ["StreamGroupAggregate", `SELECT customer_id, SUM(price) FROM ${MP}.orders GROUP BY customer_id`],
    ["StreamWindowAggregate", `SELECT window_start, window_end, SUM(price) AS total_price FROM TABLE(TUMBLE(TABLE ${MP}.orders, DESCRIPTOR($rowtime), INTERVAL '10' MINUTES)) GROUP BY window_start, window_end`],
    ["StreamJoin", `SELECT o.*, c.name FROM ${MP}.orders o JOIN ${MP}.customers c ON o.customer_id = c.customer_id`],
    ["StreamTemporalJoin", `SELECT o.*, c.* FROM ${MP}.orders o LEFT JOIN ${MP}.customers FOR SYSTEM_TIME AS OF o.\`$rowtime\` AS c ON o.customer_id = c.customer_id`],
    ["StreamIntervalJoin", `SELECT * FROM ${MP}.orders o, ${MP}.clicks c WHERE o.customer_id = c.user_id AND o.\`$rowtime\` BETWEEN c.\`$rowtime\` - INTERVAL '1' MINUTE AND c.\`$rowtime\``],
    ["StreamWindowJoin", `SELECT * FROM (SELECT * FROM TABLE(TUMBLE(TABLE ${MP}.clicks, DESCRIPTOR($rowtime), INTERVAL '5' MINUTES))) c JOIN (SELECT * FROM TABLE(TUMBLE(TABLE ${MP}.orders, DESCRIPTOR($rowtime), INTERVAL '5' MINUTES))) o ON c.user_id = o.customer_id AND c.window_start = o.window_start AND c.window_end = o.window_end`],
    ["StreamRank", `SELECT product_id, price FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY product_id ORDER BY price DESC) AS row_num FROM ${MP}.orders) WHERE row_num <= 5`],
    ["StreamLimit", `SELECT * FROM ${MP}.orders LIMIT 10`],
    ["StreamSortLimit", `SELECT * FROM ${MP}.orders ORDER BY $rowtime LIMIT 10`],
    ["StreamWindowRank", `SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY price DESC) as rownum FROM (SELECT window_start, window_end, customer_id, SUM(price) as price, COUNT(*) as cnt FROM TABLE(TUMBLE(TABLE ${MP}.orders, DESCRIPTOR($rowtime), INTERVAL '10' MINUTES)) GROUP BY window_start, window_end, customer_id)) WHERE rownum <= 3`],
    ["StreamExchange", `SELECT customer_id, COUNT(*) FROM ${MP}.orders GROUP BY customer_id`],
    ["StreamUnion", `SELECT order_id FROM ${MP}.orders UNION ALL SELECT click_id FROM ${MP}.clicks`],
    ["StreamExpand", `SELECT department, brand, COUNT(*) AS product_count, COUNT(DISTINCT vendor) AS vendor_count FROM ${MP}.products GROUP BY CUBE(department, brand) HAVING COUNT(*) > 1`],
    ["StreamChangelogNormalize", `SELECT COUNT(*) AS cnt FROM ${MP}.products`],
    ["StreamWindowTableFunction", `SELECT * FROM TABLE(TUMBLE(TABLE ${MP}.orders, DESCRIPTOR($rowtime), INTERVAL '1' HOUR))`],
    ["StreamCorrelate", "SELECT product_id, product_name, tag FROM (VALUES (1, 'Laptop', ARRAY['electronics', 'computers']), (2, 'Phone', ARRAY['electronics', 'mobile'])) AS products (product_id, product_name, tags) CROSS JOIN UNNEST(tags) AS t (tag)"],
    ["StreamMatch", `SELECT * FROM ${MP}.orders MATCH_RECOGNIZE (PARTITION BY customer_id ORDER BY $rowtime MEASURES COUNT(*) AS order_count PATTERN (A B) DEFINE A AS price > 100, B AS price <= 100)`],
  ];

  test.each(cases)("%s", (name, sql) => {
    expect(operators(plan(sql))).toContain(name);
  });

  test("the page's MATCH_RECOGNIZE example itself ends its pattern greedily, which Flink rejects (so StreamMatch above uses PATTERN (A B))", () => {
    const sql = `SELECT * FROM ${MP}.orders MATCH_RECOGNIZE (PARTITION BY customer_id ORDER BY $rowtime MEASURES COUNT(*) AS order_count PATTERN (A B+) DEFINE A AS price > 100, B AS price <= 100)`;
    expect(() => plan(sql)).toThrow("Greedy quantifiers are not allowed as the last element of a Pattern yet.");
  });
});
