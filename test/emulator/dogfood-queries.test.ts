/**
 * Queries as Confluent Cloud users write them, taken from the Flink and Confluent docs
 * ("Window Top-N", "Top-N", "Window Aggregation", "INSERT VALUES", Flink's LogicalTypeMerging),
 * where the emulator diverged: a lost ROW_NUMBER column, a DECIMAL product one digit short, a
 * TIMESTAMP_LTZ value refused by a TIMESTAMP column, and window functions over GROUP BY.
 */
import { beforeEach, describe, expect, test } from "vitest";
import { formatType } from "../../src/types/format-type.ts";
import { Harness } from "./sql/harness.ts";
import { detailsOf, operators } from "../support/explain-text.ts";

let h: Harness;

beforeEach(() => {
  h = new Harness();
});

function schemaOf(sql: string): string[] {
  return h.compile(sql, { "sql.snapshot.mode": "now" }).traits.schema!.map((c) => `${c.name} ${formatType(c.type)}`);
}

const BID_ROWS = `INSERT INTO Bid VALUES
  (TIMESTAMP '2020-04-15 08:05:00', 4.00, 'C', 'supplier1'), (TIMESTAMP '2020-04-15 08:07:00', 2.00, 'A', 'supplier1'),
  (TIMESTAMP '2020-04-15 08:09:00', 5.00, 'D', 'supplier2'), (TIMESTAMP '2020-04-15 08:11:00', 3.00, 'B', 'supplier2'),
  (TIMESTAMP '2020-04-15 08:13:00', 1.00, 'E', 'supplier1'), (TIMESTAMP '2020-04-15 08:17:00', 6.00, 'F', 'supplier2')`;

describe("SELECT * keeps a ROW_NUMBER column projected by the block below it", () => {
  beforeEach(() => {
    h.run("CREATE TABLE Bid (bidtime TIMESTAMP(3), price DECIMAL(10, 2), item STRING, supplier_id STRING, WATERMARK FOR bidtime AS bidtime - INTERVAL '1' SECOND)");
    h.run(BID_ROWS);
  });

  // Flink docs, "Window Top-N": the example's result has the rownum column.
  test("window Top-N over a window aggregation (the docs' example)", () => {
    const sql = `SELECT * FROM (
        SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY price DESC) as rownum
        FROM (SELECT window_start, window_end, supplier_id, SUM(price) as price, COUNT(*) as cnt
              FROM TABLE(TUMBLE(TABLE Bid, DESCRIPTOR(bidtime), INTERVAL '10' MINUTES))
              GROUP BY window_start, window_end, supplier_id)
      ) WHERE rownum <= 3`;
    expect(schemaOf(sql)).toEqual([
      "window_start TIMESTAMP(3) NOT NULL",
      "window_end TIMESTAMP(3) NOT NULL",
      "supplier_id STRING",
      "price DECIMAL(38, 2)",
      "cnt BIGINT NOT NULL",
      "rownum BIGINT NOT NULL",
    ]);
    expect(h.snapshotLog(sql)).toEqual([
      "+I[2020-04-15 08:00:00.000, 2020-04-15 08:10:00.000, supplier1, 6.00, 2, 1]",
      "+I[2020-04-15 08:00:00.000, 2020-04-15 08:10:00.000, supplier2, 5.00, 1, 2]",
      "+I[2020-04-15 08:10:00.000, 2020-04-15 08:20:00.000, supplier2, 9.00, 2, 1]",
      "+I[2020-04-15 08:10:00.000, 2020-04-15 08:20:00.000, supplier1, 1.00, 1, 2]",
    ]);
  });

  test("Top-N over a derived table, without a filter too", () => {
    h.run("CREATE TABLE sales (category STRING, amount INT)");
    h.run("INSERT INTO sales VALUES ('c1', 10), ('c1', 30), ('c2', 5)");
    expect(h.snapshotLog("SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY category ORDER BY amount DESC) AS rn FROM (SELECT category, amount FROM sales)) WHERE rn <= 1")).toEqual([
      "+I[c1, 30, 1]",
      "+I[c2, 5, 1]",
    ]);
    expect(schemaOf("SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY category ORDER BY amount DESC) AS rn FROM (SELECT * FROM sales))")).toEqual([
      "category STRING",
      "amount INT",
      "rn BIGINT NOT NULL",
    ]);
  });
});

describe("DECIMAL multiplication types as Flink's LogicalTypeMerging: p1 + p2 + 1, s1 + s2", () => {
  test("DECIMAL(10, 2) * INT is DECIMAL(21, 2)", () => {
    expect(schemaOf("SELECT CAST(1.10 AS DECIMAL(10, 2)) * 3 AS x")).toEqual(["x DECIMAL(21, 2) NOT NULL"]);
    expect(h.snapshot("SELECT CAST(1.10 AS DECIMAL(10, 2)) * 3 AS x")).toEqual([["3.30"]]);
  });
  // The cases of Flink's LogicalTypeMergingTest.
  test("beyond 38 digits the scale gives way, down to 6", () => {
    expect(schemaOf("SELECT CAST(1 AS DECIMAL(30, 10)) * CAST(1 AS DECIMAL(30, 10)) AS x")).toEqual(["x DECIMAL(38, 6) NOT NULL"]);
    expect(schemaOf("SELECT CAST(1 AS DECIMAL(38, 2)) * CAST(1 AS DECIMAL(38, 3)) AS x")).toEqual(["x DECIMAL(38, 5) NOT NULL"]);
  });
});

describe("INSERT: TIMESTAMP and TIMESTAMP_LTZ cast implicitly into each other's columns", () => {
  test("CURRENT_TIMESTAMP-like LTZ values into a TIMESTAMP(3) column (read in the session zone, UTC)", () => {
    h.run("CREATE TABLE w (id INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)");
    h.run("INSERT INTO w VALUES (1, TO_TIMESTAMP_LTZ(1704103200000, 3))");
    h.run("INSERT INTO w VALUES (2, CURRENT_TIMESTAMP)");
    expect(h.snapshotLog("SELECT id, ts FROM w")).toEqual(["+I[1, 2024-01-01 10:00:00.000]", "+I[2, 2025-01-01 00:00:00.000]"]);
  });
  test("a TIMESTAMP literal into a TIMESTAMP_LTZ(3) column", () => {
    h.run("CREATE TABLE w (id INT, ts TIMESTAMP_LTZ(3))");
    h.run("INSERT INTO w VALUES (1, TIMESTAMP '2024-01-01 10:00:00')");
    expect(h.snapshot("SELECT UNIX_TIMESTAMP(CAST(ts AS STRING)) FROM w")).toEqual([["1704103200"]]);
  });
  test("other mismatches still fail as Flink's sink check does: no position prefix, both schemas", () => {
    h.run("CREATE TABLE w (id INT, ts TIMESTAMP(3))");
    let message = "";
    try {
      h.compile("INSERT INTO w VALUES (1, DATE '2024-01-01')");
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe(
      "Column types of query result and sink for 'default.cluster_0.w' do not match.\nCause: Incompatible types for sink column 'ts' at position 1.\n\n" +
        "Query schema: [EXPR$0: INT NOT NULL, EXPR$1: DATE NOT NULL]\nSink schema:  [id: INT, ts: TIMESTAMP(3)]",
    );
  });
});

describe("window functions over GROUP BY in one SELECT (evaluated after the aggregation)", () => {
  beforeEach(() => {
    h.run("CREATE TABLE s (k STRING, g STRING, v INT)");
    h.run("INSERT INTO s VALUES ('a', 'x', 1), ('a', 'y', 5), ('a', 'y', 1), ('b', 'x', 3)");
  });

  test("Top-N per group ordered by an aggregate", () => {
    const sql = "SELECT * FROM (SELECT k, g, SUM(v) AS total, ROW_NUMBER() OVER (PARTITION BY k ORDER BY SUM(v) DESC) AS rn FROM s GROUP BY k, g) WHERE rn = 1";
    expect(schemaOf(sql)).toEqual(["k STRING", "g STRING", "total INT", "rn BIGINT NOT NULL"]);
    expect(h.snapshotLog(sql)).toEqual(["+I[a, y, 6, 1]", "+I[b, x, 3, 1]"]);
  });

  test("output names stay the original ones: columns by name, expressions by ordinal", () => {
    expect(schemaOf("SELECT k, g, SUM(v), RANK() OVER (PARTITION BY k ORDER BY SUM(v) DESC) AS r FROM s GROUP BY k, g")).toEqual([
      "k STRING",
      "g STRING",
      "EXPR$2 INT",
      "r BIGINT NOT NULL",
    ]);
    expect(h.snapshotLog("SELECT k, g, SUM(v), RANK() OVER (PARTITION BY k ORDER BY SUM(v) DESC) AS r FROM s GROUP BY k, g ORDER BY k, r")).toEqual([
      "+I[a, y, 6, 1]",
      "+I[a, x, 1, 2]",
      "+I[b, x, 3, 1]",
    ]);
  });

  test("an OVER aggregate of an aggregate, ORDER BY an aggregate, HAVING and a qualified key", () => {
    expect(h.snapshotLog("SELECT k, g, SUM(SUM(v)) OVER (PARTITION BY k) AS k_total FROM s GROUP BY k, g ORDER BY 1, 2")).toEqual([
      "+I[a, x, 7]",
      "+I[a, y, 7]",
      "+I[b, x, 3]",
    ]);
    expect(h.snapshotLog("SELECT k, ROW_NUMBER() OVER (ORDER BY MAX(v)) AS rn FROM s GROUP BY k ORDER BY COUNT(*) DESC")).toEqual(["+I[a, 2]", "+I[b, 1]"]);
    expect(h.snapshotLog("SELECT k, SUM(v) AS total, DENSE_RANK() OVER (ORDER BY SUM(v) DESC) AS dr FROM s t GROUP BY t.k HAVING SUM(v) > 3")).toEqual(["+I[a, 7, 1]"]);
    expect(h.snapshotLog("SELECT COUNT(*) AS n, ROW_NUMBER() OVER (ORDER BY COUNT(*)) AS rn FROM s")).toEqual(["+I[4, 1]"]);
  });

  test("a column that is neither grouped nor aggregated fails as Calcite reports it", () => {
    expect(() => h.compile("SELECT k, v, ROW_NUMBER() OVER (ORDER BY COUNT(*) DESC) AS rn FROM s GROUP BY k")).toThrow(
      "SQL validation failed. From line 1, column 11 to line 1, column 11: Expression 'v' is not being grouped",
    );
  });

  test("streaming: the Top-N retracts as the group's aggregate changes", () => {
    const r = h.start("SELECT * FROM (SELECT k, g, SUM(v) AS total, ROW_NUMBER() OVER (PARTITION BY k ORDER BY SUM(v) DESC) AS rn FROM s GROUP BY k, g) WHERE rn = 1");
    // `rn = 1` is a constant row number (RankNumberColumnRemoveRule): the partition key alone is unique.
    expect(r.traits).toMatchObject({ isAppendOnly: false, upsertColumns: [0] });
    // Per record (RetractableTopNFunction without a row number, which the rule makes it): the -U
    // of (a, y, 5) first hands the top back to (a, x, 1), then the +U of (a, y, 6) takes it
    // again; each change of the top row is a delete of the old and an insert of the new.
    expect(r.sink.log).toEqual([
      "+I[a, x, 1, 1]",
      "-D[a, x, 1, 1]",
      "+I[a, y, 5, 1]",
      "-D[a, y, 5, 1]",
      "+I[a, x, 1, 1]",
      "-D[a, x, 1, 1]",
      "+I[a, y, 6, 1]",
      "+I[b, x, 3, 1]",
    ]);
  });
});

describe("the legacy group window syntax fails with a pointer to the windowing TVFs", () => {
  // Confluent documents only the windowing TVFs; the emulator said "No match found for function
  // signature TUMBLE(<TIMESTAMP_LTZ(3)>, <INTERVAL MINUTE>)" before.
  test("GROUP BY TUMBLE(...) / HOP(...)", () => {
    expect(() => h.compile("SELECT COUNT(*) FROM `examples`.`marketplace`.`orders` GROUP BY TUMBLE(`$rowtime`, INTERVAL '1' MINUTE)")).toThrow(
      "Unsupported feature in the emulator: group window aggregation (GROUP BY TUMBLE(...)); use a windowing TVF: FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(time_col), ...)) GROUP BY window_start, window_end (at line 1, column 65).",
    );
    expect(() => h.compile("SELECT customer_id, COUNT(*) FROM `examples`.`marketplace`.`orders` GROUP BY customer_id, HOP(`$rowtime`, INTERVAL '1' MINUTE, INTERVAL '5' MINUTE)")).toThrow(
      "Unsupported feature in the emulator: group window aggregation (GROUP BY HOP(...))",
    );
  });
});

describe("an aggregate where none may be fails with Calcite's texts", () => {
  const at = "SQL validation failed. From line 1, column";
  test.each([
    ["SELECT customer_id FROM `examples`.`marketplace`.`orders` WHERE COUNT(*) > 1", `${at} 65 to line 1, column 72: Aggregate expression is illegal in WHERE clause`],
    ["SELECT COUNT(*) FROM `examples`.`marketplace`.`orders` GROUP BY COUNT(*)", `${at} 65 to line 1, column 72: Aggregate expression is illegal in GROUP BY clause`],
    ["SELECT MAX(COUNT(*)) FROM `examples`.`marketplace`.`orders` GROUP BY customer_id", `${at} 12 to line 1, column 19: Aggregate expressions cannot be nested`],
    ["SELECT COUNT(*) FILTER (WHERE MAX(price) > 1) FROM `examples`.`marketplace`.`orders`", `${at} 31 to line 1, column 40: FILTER must not contain aggregate expression`],
  ])("%s", (sql, message) => {
    expect(() => h.compile(sql)).toThrow(message);
  });
});

describe("window functions without OVER, or where none may be, fail with Calcite's texts", () => {
  test.each([
    ["SELECT ROW_NUMBER() FROM `examples`.`marketplace`.`orders`", "From line 1, column 8 to line 1, column 19: OVER clause is necessary for window functions"],
    ["SELECT LAG(price) FROM `examples`.`marketplace`.`orders`", "From line 1, column 8 to line 1, column 17: OVER clause is necessary for window functions"],
    ["SELECT order_id FROM `examples`.`marketplace`.`orders` WHERE ROW_NUMBER() OVER (ORDER BY `$rowtime`) = 1", "From line 1, column 62 to line 1, column 100: Windowed aggregate expression is illegal in WHERE clause"],
  ])("%s", (sql, message) => {
    expect(() => h.compile(sql)).toThrow(`SQL validation failed. ${message}`);
  });
});

describe("interval joins (streaming): append-only, outer rows padded once the watermark rules out a partner", () => {
  beforeEach(() => {
    h.run("CREATE TABLE A (id INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)");
    h.run("CREATE TABLE B (id INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)");
  });
  const LEFT = "SELECT A.id, B.id AS bid, A.ts FROM A LEFT JOIN B ON A.id = B.id AND B.ts BETWEEN A.ts AND A.ts + INTERVAL '5' SECOND";

  test("LEFT: a match is emitted when it arrives; an unmatched row waits for the watermark (no -D)", () => {
    h.run("INSERT INTO A VALUES (1, TIMESTAMP '2024-01-01 00:00:00'), (2, TIMESTAMP '2024-01-01 00:00:10')");
    const s = h.start(LEFT);
    expect(s.traits).toMatchObject({ isAppendOnly: true, upsertColumns: null });
    expect(s.sink.log).toEqual([]);
    h.run("INSERT INTO B VALUES (1, TIMESTAMP '2024-01-01 00:00:02'), (3, TIMESTAMP '2024-01-01 00:01:00')");
    // The combined watermark (00:00:10) has not passed row 2's bound (00:00:15) yet.
    expect(s.sink.take()).toEqual(["+I[1, 1, 2024-01-01 00:00:00.000]"]);
    h.run("INSERT INTO A VALUES (4, TIMESTAMP '2024-01-01 00:00:30')");
    expect(s.sink.take()).toEqual(["+I[2, NULL, 2024-01-01 00:00:10.000]"]);
  });

  test("FULL: both sides padded in time order", () => {
    const s = h.start("SELECT A.id, B.id AS bid FROM A FULL JOIN B ON A.id = B.id AND A.ts BETWEEN B.ts - INTERVAL '5' SECOND AND B.ts");
    h.run("INSERT INTO A VALUES (1, TIMESTAMP '2024-01-01 00:00:00'), (2, TIMESTAMP '2024-01-01 00:00:10')");
    h.run("INSERT INTO B VALUES (1, TIMESTAMP '2024-01-01 00:00:02'), (3, TIMESTAMP '2024-01-01 00:00:20')");
    h.run("INSERT INTO A VALUES (4, TIMESTAMP '2024-01-01 00:01:00')");
    h.run("INSERT INTO B VALUES (5, TIMESTAMP '2024-01-01 00:01:00')");
    expect(s.sink.log).toEqual(["+I[1, 1]", "+I[2, NULL]", "+I[NULL, 3]", "+I[NULL, 5]"]);
  });

  test("an outer interval join can be written into an append-only table, and keeps its time attribute", () => {
    h.run("CREATE TABLE enriched (id INT, bid INT, ts TIMESTAMP(3))");
    const ins = h.start(`INSERT INTO enriched ${LEFT}`);
    expect(ins.sink.failed).toBeNull();
    const w = h.start(`SELECT window_start, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE (${LEFT}), DESCRIPTOR(ts), INTERVAL '1' MINUTE)) GROUP BY window_start, window_end`);
    expect(w.traits.isAppendOnly).toBe(true);
  });

  test("EXPLAIN names it IntervalJoin with Flink's bounds (left time relative to right)", () => {
    const plan = h.run(`EXPLAIN ${LEFT}`).sink.rows[0]!.row[0] as string;
    // An outer interval join pads a row once the watermark rules out a partner: append-only.
    expect(detailsOf(plan, "StreamIntervalJoin")).toEqual(["Changelog mode: append", "State size: low"]);
    expect(operators(plan)).not.toContain("StreamJoin");
  });

  test("snapshot mode joins the bounded inputs with the same rows", () => {
    h.run("INSERT INTO A VALUES (1, TIMESTAMP '2024-01-01 00:00:00'), (2, TIMESTAMP '2024-01-01 00:00:10')");
    h.run("INSERT INTO B VALUES (1, TIMESTAMP '2024-01-01 00:00:02'), (3, TIMESTAMP '2024-01-01 00:01:00')");
    expect(h.snapshotLog(LEFT).sort()).toEqual(["+I[1, 1, 2024-01-01 00:00:00.000]", "+I[2, NULL, 2024-01-01 00:00:10.000]"]);
  });
});

describe("time attributes: what a window TVF accepts", () => {
  beforeEach(() => {
    h.run("CREATE TABLE A (id INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)");
    h.run("CREATE TABLE B (id INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)");
    h.run("CREATE TABLE plain (id INT, ts TIMESTAMP(3))");
  });
  const overJoin = "SELECT window_start, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE (SELECT A.id, A.ts FROM A JOIN B ON A.id = B.id), DESCRIPTOR(ts), INTERVAL '1' MINUTE)) GROUP BY window_start, window_end";
  const overPlain = "SELECT window_start, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE plain, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) GROUP BY window_start, window_end";

  test("streaming: a column without a watermark is no time attribute", () => {
    expect(() => h.compile(overPlain)).toThrow("SQL validation failed. From line 1, column 67 to line 1, column 80: The window function requires the timecol is a time attribute type, but is TIMESTAMP(3).");
  });

  test("streaming: an interval join written as FROM a, b WHERE ... keeps its time attributes", () => {
    const sql = "SELECT window_start, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE (SELECT A.id, B.ts FROM A, B WHERE A.id = B.id AND A.ts BETWEEN B.ts - INTERVAL '4' HOUR AND B.ts), DESCRIPTOR(ts), INTERVAL '1' HOUR)) GROUP BY window_start, window_end";
    expect(h.compile(sql).traits.isAppendOnly).toBe(true);
  });

  test("snapshot (batch) mode windows any TIMESTAMP column (Confluent docs, 'Window Aggregation')", () => {
    h.run("INSERT INTO A VALUES (1, TIMESTAMP '2024-01-01 00:00:10')");
    h.run("INSERT INTO B VALUES (1, TIMESTAMP '2024-01-01 00:00:50')");
    h.run("INSERT INTO plain VALUES (1, TIMESTAMP '2024-01-01 00:00:10'), (2, TIMESTAMP '2024-01-01 00:00:50'), (3, TIMESTAMP '2024-01-01 00:01:10')");
    expect(h.snapshotLog(overJoin)).toEqual(["+I[2024-01-01 00:00:00.000, 1]"]);
    expect(h.snapshotLog(overPlain)).toEqual(["+I[2024-01-01 00:00:00.000, 2]", "+I[2024-01-01 00:01:00.000, 1]"]);
  });
});

describe("CONCAT is typed STRING (FlinkSqlOperatorTable: explicit VARCHAR), unlike ||", () => {
  test("CHAR arguments give STRING NOT NULL; a nullable argument makes it nullable; || keeps CHAR", () => {
    expect(schemaOf("SELECT CONCAT('a', 'bc') AS c1, CONCAT(CAST('a' AS VARCHAR(3)), 'b') AS c2, 'a' || 'bc' AS c3, CONCAT('x', CAST(NULL AS STRING)) AS c4")).toEqual([
      "c1 STRING NOT NULL",
      "c2 STRING NOT NULL",
      "c3 CHAR(3) NOT NULL",
      "c4 STRING",
    ]);
    expect(h.snapshot("SELECT CONCAT('a', 'bc'), CONCAT('x', CAST(NULL AS STRING))")).toEqual([["abc", null]]);
  });
});

describe("CREATE TABLE ... LIKE, merged as Flink's MergeTableLikeUtil does", () => {
  const showCreate = (table: string) => h.snapshot(`SHOW CREATE TABLE ${table}`)[0]![0] as string;
  beforeEach(() => {
    h.run(
      "CREATE TABLE src (id INT NOT NULL, ts TIMESTAMP(3), v STRING, PRIMARY KEY (id) NOT ENFORCED, WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) " +
        "WITH ('changelog.mode' = 'upsert', 'kafka.retention.time' = '1 d')",
    );
  });

  test("a copy of an example table takes rows like it", () => {
    h.run("CREATE TABLE orders_copy LIKE `examples`.`marketplace`.`orders`");
    h.run("INSERT INTO orders_copy VALUES ('o1', 3000, 'p1', 9.5)");
    expect(schemaOf("SELECT * FROM orders_copy")).toEqual(["order_id STRING NOT NULL", "customer_id INT NOT NULL", "product_id STRING NOT NULL", "price DOUBLE NOT NULL"]);
    expect(h.snapshotLog("SELECT * FROM orders_copy")).toEqual(["+I[o1, 3000, p1, 9.5]"]);
  });

  test("default INCLUDING ALL OVERWRITING OPTIONS: source columns first, key, watermark, options merged", () => {
    h.run("CREATE TABLE dst (extra INT) WITH ('kafka.retention.time' = '7 d') LIKE src");
    expect(showCreate("dst")).toBe(
      "CREATE TABLE `default`.`cluster_0`.`dst` (\n  `id` INT NOT NULL,\n  `ts` TIMESTAMP(3),\n  `v` STRING,\n  `extra` INT,\n" +
        "  CONSTRAINT `PK_3386` PRIMARY KEY (`id`) NOT ENFORCED,\n  WATERMARK FOR `ts` AS ts - INTERVAL '5' SECOND\n)\n" +
        "WITH (\n  'changelog.mode' = 'upsert',\n  'kafka.retention.time' = '7 d'\n)\n",
    );
  });

  test("EXCLUDING ALL keeps only the columns; OVERWRITING WATERMARKS replaces the watermark", () => {
    h.run("CREATE TABLE bare LIKE src (EXCLUDING ALL)");
    expect(showCreate("bare")).toBe("CREATE TABLE `default`.`cluster_0`.`bare` (\n  `id` INT NOT NULL,\n  `ts` TIMESTAMP(3),\n  `v` STRING\n)\n");
    h.run("CREATE TABLE later (WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) LIKE src (OVERWRITING WATERMARKS)");
    expect(showCreate("later")).toContain("WATERMARK FOR `ts` AS ts - INTERVAL '1' SECOND");
  });

  test.each([
    ["CREATE TABLE d1 (v INT) LIKE src", "A column named 'v' already exists in the base table."],
    ["CREATE TABLE d2 (PRIMARY KEY (id) NOT ENFORCED) LIKE src", "The base table already has a primary key. You might want to specify EXCLUDING CONSTRAINTS."],
    ["CREATE TABLE d3 (WATERMARK FOR ts AS ts) LIKE src", "There already exists a watermark spec for column 'ts' in the base table. You might want to specify EXCLUDING WATERMARKS or OVERWRITING WATERMARKS."],
    ["CREATE TABLE d4 WITH ('changelog.mode' = 'append') LIKE src (INCLUDING OPTIONS)", "There already exists an option ['changelog.mode' -> 'upsert']  in the base table. You might want to specify EXCLUDING OPTIONS or OVERWRITING OPTIONS."],
    ["CREATE TABLE d5 LIKE nope", "Source table '`default`.`cluster_0`.`nope`' of the LIKE clause not found in the catalog, at line 1, column 22"],
  ])("%s fails: %s", (sql, message) => {
    expect(() => h.run(sql)).toThrow(message);
  });
});
