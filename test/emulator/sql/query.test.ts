/**
 * Snapshot-mode query corpus: result schemas (types as Flink reports them) and rows, grouped by
 * feature. Each expectation cites the Flink documentation page it follows.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { formatType } from "../../../src/types/format-type.ts";
import { Harness } from "./harness.ts";

let h: Harness;

function schemaOf(sql: string): string[] {
  return h.compile(sql, { "sql.snapshot.mode": "now" }).traits.schema!.map((c) => `${c.name} ${formatType(c.type)}`);
}

beforeAll(() => {
  h = new Harness();
  h.run("CREATE TABLE orders (id INT NOT NULL, customer STRING, amount DECIMAL(10, 2), qty INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('changelog.mode' = 'append')");
  h.run("CREATE TABLE customers (name STRING, city STRING)");
  h.run(
    "INSERT INTO orders VALUES (1, 'ann', 10.50, 1), (2, 'bob', 20.00, 2), (3, 'ann', 5.25, 3), (4, 'cid', 7.00, NULL), (5, CAST(NULL AS STRING), 1.00, 1)",
  );
  h.run("INSERT INTO customers VALUES ('ann', 'Paris'), ('bob', 'Rome'), ('dan', 'Oslo')");
});

describe("projection and names", () => {
  // Flink docs, "Queries > SELECT & WHERE": SELECT * returns every column; Confluent docs,
  // "System columns": $rowtime is not part of SELECT *.
  test("* expands to the declared columns without $rowtime", () => {
    expect(schemaOf("SELECT * FROM orders")).toEqual(["id INT NOT NULL", "customer STRING", "amount DECIMAL(10, 2)", "qty INT"]);
  });
  // Calcite/Flink name unnamed expressions EXPR$<ordinal> and make duplicates unique (a, a0).
  test("default names EXPR$n and duplicate names", () => {
    expect(schemaOf("SELECT id, id, qty + 1, customer AS c FROM orders")).toEqual(["id INT NOT NULL", "id0 INT NOT NULL", "EXPR$2 INT", "c STRING"]);
  });
  // Flink docs, "Data Types": a character literal is CHAR(n) NOT NULL, an integer literal INT NOT NULL.
  test("literal types", () => {
    expect(schemaOf("SELECT 'abc', 42, 1.50, TRUE")).toEqual(["EXPR$0 CHAR(3) NOT NULL", "EXPR$1 INT NOT NULL", "EXPR$2 DECIMAL(3, 2) NOT NULL", "EXPR$3 BOOLEAN NOT NULL"]);
  });
  // Flink's FlinkTypeFactory.toLogicalType (every result column goes through it) maps any
  // year-month interval to INTERVAL MONTH and any day-time one to INTERVAL SECOND(3), nested
  // ones too; the values keep their wire form (three fractional digits).
  test("interval results are INTERVAL SECOND(3) / INTERVAL MONTH", () => {
    const sql = "SELECT INTERVAL '2 04:15:20.5' DAY TO SECOND, INTERVAL '1' HOUR * 2, INTERVAL '1-2' YEAR TO MONTH, INTERVAL '3' MONTH, ARRAY[INTERVAL '1' MINUTE]";
    expect(schemaOf(sql)).toEqual([
      "EXPR$0 INTERVAL SECOND(3) NOT NULL",
      "EXPR$1 INTERVAL SECOND(3) NOT NULL",
      "EXPR$2 INTERVAL MONTH NOT NULL",
      "EXPR$3 INTERVAL MONTH NOT NULL",
      "EXPR$4 ARRAY<INTERVAL SECOND(3) NOT NULL> NOT NULL",
    ]);
    expect(h.snapshot(sql)).toEqual([["+2 04:15:20.500", "+0 02:00:00.000", "+1-02", "+0-03", ["+0 00:01:00.000"]]]);
    expect(() => h.compile("SELECT INTERVAL '1000' DAY(4)")).toThrow(/DAY_INTERVAL_TYPES precision is not supported: 4/);
  });
  test("$rowtime is TIMESTAMP_LTZ(3) NOT NULL when selected explicitly", () => {
    expect(schemaOf("SELECT id, $rowtime FROM orders")).toEqual(["id INT NOT NULL", "$rowtime TIMESTAMP_LTZ(3) NOT NULL"]);
    const rows = h.snapshot("SELECT $rowtime FROM orders WHERE id = 1");
    expect(rows).toEqual([["2025-01-01 00:00:00.000"]]);
  });
  test("qualified star and aliases", () => {
    expect(schemaOf("SELECT o.*, c.city FROM orders AS o JOIN customers c ON o.customer = c.name")).toEqual([
      "id INT NOT NULL",
      "customer STRING",
      "amount DECIMAL(10, 2)",
      "qty INT",
      "city STRING",
    ]);
  });
});

describe("WHERE", () => {
  // Flink docs, "Queries > SELECT & WHERE": rows for which the predicate is not TRUE are dropped (NULL drops).
  test("filters with three-valued logic", () => {
    expect(h.snapshot("SELECT id FROM orders WHERE qty > 1")).toEqual([["2"], ["3"]]);
    expect(h.snapshot("SELECT id FROM orders WHERE qty IS NULL OR customer IS NULL")).toEqual([["4"], ["5"]]);
    expect(h.snapshot("SELECT id FROM orders WHERE NOT (qty > 1)")).toEqual([["1"], ["5"]]);
    expect(h.snapshot("SELECT id FROM orders WHERE id BETWEEN 2 AND 3")).toEqual([["2"], ["3"]]);
    expect(h.snapshot("SELECT id FROM orders WHERE id IN (1, 4)")).toEqual([["1"], ["4"]]);
  });
  test("CASE picks the first true branch; no ELSE gives NULL", () => {
    expect(h.snapshot("SELECT id, CASE WHEN qty > 2 THEN 'big' WHEN qty > 1 THEN 'mid' END FROM orders WHERE id <= 4")).toEqual([
      ["1", null],
      ["2", "mid"],
      ["3", "big"],
      ["4", null],
    ]);
  });
});

describe("aggregation", () => {
  // Flink docs, "Queries > Group Aggregation"; types per Flink's built-in function docs:
  // COUNT(*) is BIGINT NOT NULL, SUM(DECIMAL(p, s)) is DECIMAL(38, s), SUM/AVG(INT) is INT.
  // With GROUP BY, MIN/MAX/SUM/AVG are nullable only if their argument is (Calcite's
  // ReturnTypes.ARG0_NULLABLE_IF_EMPTY / AGG_SUM / AVG_AGG_FUNCTION): MIN(id) is INT NOT NULL.
  test("result types", () => {
    expect(schemaOf("SELECT customer, COUNT(*), SUM(amount), AVG(qty), MIN(id), MAX(customer) FROM orders GROUP BY customer")).toEqual([
      "customer STRING",
      "EXPR$1 BIGINT NOT NULL",
      "EXPR$2 DECIMAL(38, 2)",
      "EXPR$3 INT",
      "EXPR$4 INT NOT NULL",
      "EXPR$5 STRING",
    ]);
  });
  test("GROUP BY groups NULL keys together and aggregates skip NULLs", () => {
    expect(h.snapshot("SELECT customer, COUNT(*), COUNT(qty), SUM(amount) FROM orders GROUP BY customer")).toEqual([
      ["ann", "2", "2", "15.75"],
      ["bob", "1", "1", "20.00"],
      ["cid", "1", "0", "7.00"],
      [null, "1", "1", "1.00"],
    ]);
  });
  // Flink docs, "Group Aggregation > HAVING".
  test("HAVING filters groups", () => {
    expect(h.snapshot("SELECT customer, COUNT(*) AS n FROM orders GROUP BY customer HAVING COUNT(*) > 1")).toEqual([["ann", "2"]]);
  });
  test("global aggregate over no rows returns one row (batch semantics)", () => {
    expect(h.snapshot("SELECT COUNT(*), SUM(qty) FROM orders WHERE id > 100")).toEqual([["0", null]]);
  });
  test("expressions over group keys and aggregates", () => {
    expect(h.snapshot("SELECT qty + 1, COUNT(*) * 2 FROM orders WHERE qty IS NOT NULL GROUP BY qty + 1")).toEqual([
      ["2", "4"],
      ["3", "2"],
      ["4", "2"],
    ]);
  });
  // Flink docs, "Queries > SELECT DISTINCT".
  test("DISTINCT", () => {
    expect(h.snapshot("SELECT DISTINCT customer FROM orders WHERE customer IS NOT NULL")).toEqual([["ann"], ["bob"], ["cid"]]);
    expect(h.snapshot("SELECT COUNT(DISTINCT customer) FROM orders")).toEqual([["3"]]);
  });
});

describe("ORDER BY / LIMIT", () => {
  // Flink docs, "Queries > ORDER BY clause" (batch: any column) and "LIMIT clause".
  test("ORDER BY with NULLs first ascending, last descending", () => {
    expect(h.snapshot("SELECT id, qty FROM orders ORDER BY qty, id")).toEqual([
      ["4", null],
      ["1", "1"],
      ["5", "1"],
      ["2", "2"],
      ["3", "3"],
    ]);
    expect(h.snapshot("SELECT id FROM orders ORDER BY qty DESC, id")).toEqual([["3"], ["2"], ["1"], ["5"], ["4"]]);
  });
  test("ORDER BY a column not selected, LIMIT and OFFSET", () => {
    expect(h.snapshot("SELECT customer FROM orders ORDER BY amount DESC LIMIT 2")).toEqual([["bob"], ["ann"]]);
    expect(h.snapshot("SELECT id FROM orders ORDER BY id LIMIT 2 OFFSET 1")).toEqual([["2"], ["3"]]);
    expect(h.snapshot("SELECT id FROM orders ORDER BY 1 DESC LIMIT 1")).toEqual([["5"]]);
  });
});

describe("joins", () => {
  // Flink docs, "Queries > Joins > Regular Joins": INNER, LEFT, RIGHT, FULL OUTER; outer sides padded with NULL.
  test("inner join", () => {
    expect(h.snapshot("SELECT o.id, c.city FROM orders o JOIN customers c ON o.customer = c.name ORDER BY o.id")).toEqual([
      ["1", "Paris"],
      ["2", "Rome"],
      ["3", "Paris"],
    ]);
  });
  test("left, right and full outer joins, with nullable padded columns", () => {
    expect(h.snapshot("SELECT o.id, c.city FROM orders o LEFT JOIN customers c ON o.customer = c.name ORDER BY o.id")).toEqual([
      ["1", "Paris"],
      ["2", "Rome"],
      ["3", "Paris"],
      ["4", null],
      ["5", null],
    ]);
    expect(h.snapshot("SELECT o.id, c.name FROM orders o RIGHT JOIN customers c ON o.customer = c.name ORDER BY c.name, o.id")).toEqual([
      ["1", "ann"],
      ["3", "ann"],
      ["2", "bob"],
      [null, "dan"],
    ]);
    expect(schemaOf("SELECT o.id, c.name FROM orders o FULL JOIN customers c ON o.customer = c.name")).toEqual(["id INT", "name STRING"]);
    expect(h.snapshot("SELECT o.id, c.name FROM orders o FULL JOIN customers c ON o.customer = c.name ORDER BY o.id, c.name")).toEqual([
      [null, "dan"],
      ["1", "ann"],
      ["2", "bob"],
      ["3", "ann"],
      ["4", null],
      ["5", null],
    ]);
  });
  test("cross join, comma join with WHERE, USING and non-equi conditions", () => {
    expect(h.snapshot("SELECT COUNT(*) FROM orders CROSS JOIN customers")).toEqual([["15"]]);
    expect(h.snapshot("SELECT o.id FROM orders o, customers c WHERE o.customer = c.name AND c.city = 'Rome'")).toEqual([["2"]]);
    expect(h.snapshot("SELECT COUNT(*) FROM orders o JOIN customers c ON o.customer = c.name AND o.qty > 1")).toEqual([["2"]]);
    expect(h.snapshot("SELECT COUNT(*) FROM customers a JOIN customers b USING (city)")).toEqual([["3"]]);
  });
});

describe("JOIN ... USING", () => {
  // Calcite (Flink's validator, SqlValidatorImpl): `*` over a USING join lists each USING column
  // once, first, as COALESCE(left.k, right.k) of the least restrictive type, nullable only when
  // both padded sides are (Permute); an unqualified k in the select list, GROUP BY and HAVING is
  // that same COALESCE (expandCommonColumn); qualified t.k is t's own column; in WHERE the bare
  // name stays ambiguous (the plain expander resolves it against both sides).
  let u: Harness;
  beforeAll(() => {
    u = new Harness();
    u.run("CREATE TABLE l (k INT NOT NULL, v INT)");
    u.run("CREATE TABLE r (k BIGINT, w STRING)");
    u.run("CREATE TABLE x (k INT, z INT)");
    u.run("INSERT INTO l VALUES (1, 10), (2, 20)");
    u.run("INSERT INTO r VALUES (CAST(2 AS BIGINT), 'b'), (CAST(3 AS BIGINT), 'c')");
    u.run("INSERT INTO x VALUES (2, 99), (5, 55)");
  });
  const schema = (sql: string) => u.compile(sql, { "sql.snapshot.mode": "now" }).traits.schema!.map((c) => `${c.name} ${formatType(c.type)}`);
  test("* has one merged column per USING name, first", () => {
    expect(schema("SELECT * FROM l JOIN r USING (k)")).toEqual(["k BIGINT NOT NULL", "v INT", "w STRING"]);
    expect(u.snapshot("SELECT * FROM l JOIN r USING (k)")).toEqual([["2", "20", "b"]]);
    expect(schema("SELECT * FROM l LEFT JOIN r USING (k)")).toEqual(["k BIGINT NOT NULL", "v INT", "w STRING"]);
    expect(u.snapshot("SELECT * FROM l LEFT JOIN r USING (k) ORDER BY k")).toEqual([["1", "10", null], ["2", "20", "b"]]);
  });
  test("RIGHT and FULL joins take the side that is present", () => {
    expect(schema("SELECT * FROM l RIGHT JOIN r USING (k)")).toEqual(["k BIGINT", "v INT", "w STRING"]);
    expect(u.snapshot("SELECT * FROM l RIGHT JOIN r USING (k) ORDER BY k")).toEqual([["2", "20", "b"], ["3", null, "c"]]);
    expect(u.snapshot("SELECT * FROM l FULL JOIN r USING (k) ORDER BY k")).toEqual([["1", "10", null], ["2", "20", "b"], ["3", null, "c"]]);
  });
  test("bare k is the merged column in SELECT, GROUP BY and HAVING; qualified names are each side's own", () => {
    expect(schema("SELECT k, l.k, r.k, k + 1 FROM l FULL JOIN r USING (k)")).toEqual(["k BIGINT", "k0 INT", "k1 BIGINT", "EXPR$3 BIGINT"]);
    expect(u.snapshot("SELECT k, l.k, r.k, k + 1 FROM l FULL JOIN r USING (k) ORDER BY 1")).toEqual([
      ["1", "1", null, "2"],
      ["2", "2", "2", "3"],
      ["3", null, "3", "4"],
    ]);
    expect(u.snapshot("SELECT k, COUNT(*) FROM l FULL JOIN r USING (k) GROUP BY k HAVING k > 1 ORDER BY k")).toEqual([["2", "1"], ["3", "1"]]);
    expect(schema("SELECT l.* FROM l JOIN r USING (k)")).toEqual(["k INT NOT NULL", "v INT"]);
    expect(() => u.compile("SELECT * FROM l JOIN r USING (k) WHERE k > 1")).toThrow(/Column 'k' is ambiguous/);
  });
  test("chained and nested USING joins", () => {
    expect(schema("SELECT * FROM l FULL JOIN r USING (k) FULL JOIN x USING (k)")).toEqual(["k BIGINT", "v INT", "w STRING", "z INT"]);
    expect(u.snapshot("SELECT * FROM l FULL JOIN r USING (k) FULL JOIN x USING (k) ORDER BY k")).toEqual([
      ["1", "10", null, null],
      ["2", "20", "b", "99"],
      ["3", null, "c", null],
      ["5", null, null, "55"],
    ]);
    // The merged column sits where its join does: after x's columns here.
    expect(schema("SELECT * FROM x JOIN (l JOIN r USING (k)) ON x.z = 99")).toEqual(["k INT", "z INT", "k0 BIGINT NOT NULL", "v INT", "w STRING"]);
  });
  // Calcite, SqlValidatorUtil.deriveNaturalJoinColumnList: NATURAL joins on the columns whose
  // name occurs exactly once on each side, then validates and expands like USING.
  test("NATURAL JOIN is USING on the common column names", () => {
    expect(schema("SELECT * FROM l NATURAL JOIN r")).toEqual(["k BIGINT NOT NULL", "v INT", "w STRING"]);
    expect(u.snapshot("SELECT * FROM l NATURAL JOIN r")).toEqual([["2", "20", "b"]]);
    expect(u.snapshot("SELECT * FROM l NATURAL LEFT JOIN r ORDER BY k")).toEqual([["1", "10", null], ["2", "20", "b"]]);
    expect(u.snapshot("SELECT * FROM l NATURAL FULL OUTER JOIN r ORDER BY k")).toEqual([["1", "10", null], ["2", "20", "b"], ["3", null, "c"]]);
    expect(u.snapshot("SELECT k, v, z FROM l NATURAL JOIN x")).toEqual([["2", "20", "99"]]);
  });
  test("NATURAL JOIN: several common names, none (a cross join), and names repeated on a side", () => {
    const n = new Harness();
    n.run("CREATE TABLE a (id INT, day_no INT, x STRING)");
    n.run("CREATE TABLE b (day_no INT, id INT, y STRING)");
    n.run("CREATE TABLE c (q INT)");
    n.run("INSERT INTO a VALUES (1, 1, 'a11'), (1, 2, 'a12')");
    n.run("INSERT INTO b VALUES (2, 1, 'b21'), (1, 2, 'b12')");
    n.run("INSERT INTO c VALUES (7), (8)");
    const cols = (sql: string) => n.compile(sql, { "sql.snapshot.mode": "now" }).traits.schema!.map((c) => c.name);
    // Both id and day_no must match; the merged columns come first, in the left side's order.
    expect(cols("SELECT * FROM a NATURAL JOIN b")).toEqual(["id", "day_no", "x", "y"]);
    expect(n.snapshot("SELECT * FROM a NATURAL JOIN b")).toEqual([["1", "2", "a12", "b21"]]);
    expect(n.snapshot("SELECT COUNT(*) FROM a NATURAL JOIN c")).toEqual([["4"]]);
    // The left side (a JOIN b) has id and day_no twice, so they are left out and only y joins.
    expect(n.snapshot("SELECT COUNT(*) FROM (a JOIN b ON a.id = b.day_no) NATURAL JOIN b")).toEqual([["2"]]);
  });
  test("NATURAL CROSS JOIN and NATURAL ... ON are rejected as in Calcite", () => {
    expect(() => u.compile("SELECT * FROM l NATURAL CROSS JOIN r")).toThrow("Cannot specify condition (NATURAL keyword, or ON or USING clause) following CROSS JOIN");
    expect(() => u.compile("SELECT * FROM l NATURAL JOIN r ON l.k = r.k")).toThrow("SQL validation failed. From line 1, column 35 to line 1, column 43: Cannot specify NATURAL keyword with ON or USING clause");
    expect(() => u.compile("SELECT * FROM l NATURAL LEFT JOIN r USING (k)")).toThrow("Cannot specify NATURAL keyword with ON or USING clause");
    expect(() => u.compile("SELECT * FROM l NATURAL JOIN x JOIN r USING (w)")).toThrow(/Column 'w' not found in left table/);
  });
});

describe("subqueries, WITH, set operations, VALUES", () => {
  // Flink docs, "Queries > Joins" (IN / EXISTS become semi joins) and Calcite's scalar subquery rules.
  test("IN and EXISTS subqueries", () => {
    expect(h.snapshot("SELECT id FROM orders WHERE customer IN (SELECT name FROM customers WHERE city <> 'Rome')")).toEqual([["1"], ["3"]]);
    expect(h.snapshot("SELECT name FROM customers WHERE EXISTS (SELECT id FROM orders WHERE id > 4)")).toEqual([["ann"], ["bob"], ["dan"]]);
    expect(h.snapshot("SELECT name FROM customers WHERE NOT EXISTS (SELECT id FROM orders WHERE id > 40)")).toEqual([["ann"], ["bob"], ["dan"]]);
  });
  test("scalar subquery", () => {
    expect(schemaOf("SELECT id, (SELECT MAX(qty) FROM orders) AS m FROM orders")).toEqual(["id INT NOT NULL", "m INT"]);
    expect(h.snapshot("SELECT id FROM orders WHERE qty = (SELECT MAX(qty) FROM orders)")).toEqual([["3"]]);
  });
  // A scalar subquery is an expression (Calcite rewrites it into a join whose value column is not
  // part of the query's row type), so `*` still returns only the FROM columns.
  test("scalar subquery adds no column to SELECT *, INSERT INTO ... SELECT * or a view", () => {
    const sql = "SELECT * FROM orders WHERE qty = (SELECT MAX(qty) FROM orders)";
    expect(schemaOf(sql)).toEqual(["id INT NOT NULL", "customer STRING", "amount DECIMAL(10, 2)", "qty INT"]);
    expect(h.snapshot(sql)).toEqual([["3", "ann", "5.25", "3"]]);
    const u = new Harness();
    u.run("CREATE TABLE src (k INT, v INT)");
    u.run("INSERT INTO src VALUES (1, 10), (2, 20), (3, 20)");
    u.run("CREATE TABLE dst (k INT, v INT)");
    u.run("INSERT INTO dst SELECT * FROM src WHERE v = (SELECT MAX(v) FROM src)", { "sql.snapshot.mode": "now" });
    expect(u.snapshot("SELECT * FROM dst")).toEqual([["2", "20"], ["3", "20"]]);
    u.run("CREATE VIEW below_max AS SELECT * FROM src WHERE v < (SELECT MAX(v) FROM src)");
    expect(u.compile("SELECT * FROM below_max", { "sql.snapshot.mode": "now" }).traits.schema!.map((c) => c.name)).toEqual(["k", "v"]);
    expect(u.snapshot("SELECT * FROM below_max")).toEqual([["1", "10"]]);
  });
  // Flink docs, "Queries > WITH clause".
  test("WITH", () => {
    expect(h.snapshot("WITH big AS (SELECT id, qty FROM orders WHERE qty >= 2) SELECT SUM(qty) FROM big")).toEqual([["5"]]);
  });
  // Flink docs, "Queries > Set Operations": UNION removes duplicates, UNION ALL keeps them.
  test("UNION and UNION ALL", () => {
    expect(h.snapshot("SELECT customer FROM orders WHERE id < 4 UNION SELECT name FROM customers")).toEqual([["ann"], ["bob"], ["dan"]]);
    expect(h.snapshot("SELECT customer FROM orders WHERE id < 3 UNION ALL SELECT name FROM customers WHERE name = 'ann'")).toEqual([["ann"], ["bob"], ["ann"]]);
  });
  // Flink docs, "Queries > Set Operations": INTERSECT / EXCEPT return distinct rows.
  test("INTERSECT and EXCEPT", () => {
    expect(h.snapshot("SELECT customer FROM orders INTERSECT SELECT name FROM customers")).toEqual([["ann"], ["bob"]]);
    expect(h.snapshot("SELECT customer FROM orders EXCEPT SELECT name FROM customers")).toEqual([["cid"], [null]]);
  });
  // Flink's SQL conformance turns CHAR columns of different lengths in VALUES/UNION into VARCHAR
  // (FlinkSqlConformance.shouldConvertRaggedUnionTypesToVarying), so nothing is blank-padded.
  test("VALUES with AS t(a, b)", () => {
    expect(schemaOf("SELECT * FROM (VALUES (1, 'a'), (2, 'bb')) AS t(a, b)")).toEqual(["a INT NOT NULL", "b VARCHAR(2) NOT NULL"]);
    expect(schemaOf("VALUES (1), (2)")).toEqual(["EXPR$0 INT NOT NULL"]);
  });
});

// Flink decorrelates subqueries into joins (FlinkSubQueryRemoveRule / SubQueryDecorrelator for
// IN / EXISTS, Calcite's RelDecorrelator for scalar subqueries); Flink docs, "Queries > Joins"
// and "Queries > Set Operations > IN / EXISTS".
describe("correlated subqueries and NOT IN (batch)", () => {
  // Equality correlations become the semi / anti join keys.
  test("correlated EXISTS / NOT EXISTS", () => {
    expect(h.snapshot("SELECT name FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer = c.name AND o.amount > 10)")).toEqual([["ann"], ["bob"]]);
    expect(h.snapshot("SELECT name FROM customers c WHERE NOT EXISTS (SELECT * FROM orders o WHERE o.customer = c.name)")).toEqual([["dan"]]);
    // Two correlations, one against an outer expression.
    expect(h.snapshot("SELECT id FROM orders o WHERE EXISTS (SELECT 1 FROM orders o2 WHERE o2.customer = o.customer AND o2.qty = o.qty + 2)")).toEqual([["1"]]);
    expect(schemaOf("SELECT * FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer = c.name)")).toEqual(["name STRING", "city STRING"]);
  });
  // Other correlated conjuncts become the semi / anti join's condition (Flink's
  // SubQueryDecorrelator keeps them in the join condition), e.g. TPC-H Q21's `l2.k <> l1.k`.
  test("correlations other than equality in EXISTS / IN", () => {
    expect(h.snapshot("SELECT id FROM orders o WHERE NOT EXISTS (SELECT 1 FROM orders o2 WHERE o2.customer = o.customer AND o2.id <> o.id) ORDER BY id")).toEqual([["2"], ["4"], ["5"]]);
    expect(h.snapshot("SELECT id FROM orders o WHERE EXISTS (SELECT 1 FROM orders o2 WHERE o2.amount > o.amount * 2 OR o2.qty > o.qty + 1) ORDER BY id")).toEqual([["1"], ["3"], ["4"], ["5"]]);
    expect(h.snapshot("SELECT id FROM orders o WHERE o.qty IN (SELECT o2.qty FROM orders o2 WHERE o2.customer = o.customer AND o2.id < o.id)")).toEqual([]);
    // Orders 3 and 5 see order 4's NULL qty among the correlated rows, so NOT IN drops them.
    expect(h.snapshot("SELECT id FROM orders o WHERE o.id NOT IN (SELECT o2.qty FROM orders o2 WHERE o2.amount > o.amount) ORDER BY id")).toEqual([["1"], ["2"], ["4"]]);
  });
  // x IN (SELECT y ... WHERE t.k = outer.k) is a semi join on (x = y AND t.k = outer.k); a
  // grouped subquery is grouped on its correlation keys too.
  test("correlated IN", () => {
    expect(h.snapshot("SELECT id FROM orders o WHERE o.qty IN (SELECT MAX(o2.qty) FROM orders o2 WHERE o2.customer = o.customer GROUP BY o2.customer) ORDER BY id")).toEqual([["2"], ["3"]]);
    expect(h.snapshot("SELECT name FROM customers c WHERE 3 IN (SELECT o.qty FROM orders o WHERE o.customer = c.name)")).toEqual([["ann"]]);
    // Without GROUP BY the aggregate is grouped on the correlation key: the one NULL row an outer
    // row without matches would see never makes IN true.
    expect(h.snapshot("SELECT id FROM orders o WHERE o.amount IN (SELECT MAX(o2.amount) FROM orders o2 WHERE o2.customer = o.customer) ORDER BY id")).toEqual([["1"], ["2"], ["4"]]);
  });
  // SQL's three-valued NOT IN, as Flink's FlinkSubQueryRemoveRule plans it (a NULL-aware anti
  // join on `x = y OR (x = y) IS NULL`, with the correlations ANDed in): a
  // NULL in the subquery, or a NULL operand against a non-empty subquery, drops the row; an
  // empty subquery keeps every row, NULL operands included.
  test("NOT IN with NULLs", () => {
    expect(h.snapshot("SELECT name FROM customers WHERE name NOT IN (SELECT customer FROM orders)")).toEqual([]);
    expect(h.snapshot("SELECT name FROM customers WHERE name NOT IN (SELECT customer FROM orders WHERE customer IS NOT NULL)")).toEqual([["dan"]]);
    expect(h.snapshot("SELECT id FROM orders WHERE customer NOT IN (SELECT name FROM customers)")).toEqual([["4"]]);
    expect(h.snapshot("SELECT id FROM orders WHERE customer NOT IN (SELECT name FROM customers WHERE city = 'Nowhere') ORDER BY id")).toEqual([["1"], ["2"], ["3"], ["4"], ["5"]]);
    expect(h.snapshot("SELECT name FROM customers WHERE (name, city) NOT IN (SELECT customer, 'Paris' FROM orders WHERE customer IS NOT NULL) ORDER BY name")).toEqual([["bob"], ["dan"]]);
  });
  // Correlated NOT IN compares only the correlated rows: ann's qtys {1, 3} drop ann's orders,
  // cid's {NULL} drops cid's, and the NULL customer's order has no correlated rows at all.
  test("correlated NOT IN", () => {
    expect(h.snapshot("SELECT id FROM orders o WHERE 1 NOT IN (SELECT o2.qty FROM orders o2 WHERE o2.customer = o.customer) ORDER BY id")).toEqual([["2"], ["5"]]);
  });
  // A correlated scalar aggregate is a LEFT JOIN with the aggregate grouped on the correlation
  // key; Calcite's count-bug rewrite gives COUNT 0 (other aggregates NULL) for no match, and a
  // scalar subquery's type is nullable (RexSubQuery.scalar), so COUNT reports BIGINT.
  test("correlated scalar subqueries", () => {
    const sql = "SELECT name, (SELECT COUNT(*) FROM orders o WHERE o.customer = c.name) AS n, (SELECT SUM(o.amount) FROM orders o WHERE o.customer = c.name) AS total FROM customers c ORDER BY name";
    expect(schemaOf(sql)).toEqual(["name STRING", "n BIGINT", "total DECIMAL(38, 2)"]);
    expect(h.snapshot(sql)).toEqual([["ann", "2", "15.75"], ["bob", "1", "20.00"], ["dan", "0", null]]);
    expect(h.snapshot("SELECT name FROM customers c WHERE (SELECT COUNT(*) FROM orders o WHERE o.customer = c.name) = 0")).toEqual([["dan"]]);
    expect(h.snapshot("SELECT name, (SELECT o.id FROM orders o WHERE o.customer = c.name) AS id FROM customers c WHERE name <> 'ann' ORDER BY name")).toEqual([["bob", "2"], ["dan", null]]);
  });
  // Flink's SINGLE_VALUE fails at run time (SingleValueAggFunction, TableRuntimeException).
  test("a correlated scalar subquery with more than one row fails at run time", () => {
    expect(() => h.snapshot("SELECT name, (SELECT o.id FROM orders o WHERE o.customer = c.name) FROM customers c")).toThrow(
      "SingleValueAggFunction received more than one element.",
    );
  });
});

describe("ROW_NUMBER Top-N and deduplication (batch)", () => {
  // Flink docs, "Queries > Top-N" and "Deduplication".
  test("Top-N per partition", () => {
    expect(h.snapshot("SELECT customer, id, rn FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY customer ORDER BY amount DESC) AS rn FROM orders) WHERE rn <= 1 AND customer IS NOT NULL ORDER BY customer")).toEqual([
      ["ann", "1", "1"],
      ["bob", "2", "1"],
      ["cid", "4", "1"],
    ]);
  });
});

describe("RANK / DENSE_RANK (batch)", () => {
  // Flink docs, "Queries > Top-N" and "Window Functions": RANK gives ties the same number and
  // skips after them (1, 2, 2, 4), DENSE_RANK does not skip (1, 2, 2, 3); a Top-N filter keeps
  // every row whose number is within N, so ties may return more than N rows. Batch computes
  // them like any OVER window function; the emulator has no streaming operator for them.
  let r: Harness;
  beforeAll(() => {
    r = new Harness();
    r.run("CREATE TABLE s (g STRING, v INT)");
    r.run("INSERT INTO s VALUES ('a', 10), ('a', 20), ('a', 20), ('a', 30), ('b', 5), ('b', 5)");
  });
  test("numbers with ties", () => {
    expect(r.compile("SELECT g, v, RANK() OVER (PARTITION BY g ORDER BY v DESC) AS r FROM s", { "sql.snapshot.mode": "now" }).traits.schema!.map((c) => `${c.name} ${formatType(c.type)}`)).toEqual(["g STRING", "v INT", "r BIGINT NOT NULL"]);
    expect(r.snapshot("SELECT g, v, RANK() OVER (PARTITION BY g ORDER BY v DESC) AS r FROM s")).toEqual([
      ["a", "30", "1"],
      ["a", "20", "2"],
      ["a", "20", "2"],
      ["a", "10", "4"],
      ["b", "5", "1"],
      ["b", "5", "1"],
    ]);
    expect(r.snapshot("SELECT v, DENSE_RANK() OVER (ORDER BY v DESC) AS r FROM s WHERE g = 'a'")).toEqual([["30", "1"], ["20", "2"], ["20", "2"], ["10", "3"]]);
  });
  test("Top-N filters keep ties", () => {
    expect(r.snapshot("SELECT g, v, r FROM (SELECT g, v, RANK() OVER (PARTITION BY g ORDER BY v DESC) AS r FROM s) WHERE r <= 2")).toEqual([
      ["a", "30", "1"],
      ["a", "20", "2"],
      ["a", "20", "2"],
      ["b", "5", "1"],
      ["b", "5", "1"],
    ]);
    expect(r.snapshot("SELECT v FROM (SELECT v, RANK() OVER (ORDER BY v) AS r FROM s WHERE g = 'a') WHERE r = 3")).toEqual([]);
    expect(r.snapshot("SELECT v FROM (SELECT v, DENSE_RANK() OVER (ORDER BY v) AS r FROM s WHERE g = 'a') WHERE r = 3")).toEqual([["30"]]);
  });
  test("streaming RANK fails naming the feature; RANK needs ORDER BY and no arguments", () => {
    expect(() => r.compile("SELECT g, v, RANK() OVER (PARTITION BY g ORDER BY v) AS r FROM s")).toThrow(/Unsupported feature in the emulator: RANK\(\) over an unbounded \(streaming\) input/);
    expect(() => r.compile("SELECT DENSE_RANK() OVER (PARTITION BY g) FROM s", { "sql.snapshot.mode": "now" })).toThrow(/RANK or DENSE_RANK functions require ORDER BY clause in window specification/);
    expect(() => r.compile("SELECT RANK(v) OVER (ORDER BY v) FROM s", { "sql.snapshot.mode": "now" })).toThrow(/Invalid number of arguments to function 'RANK'/);
  });
});

describe("UNNEST", () => {
  // Flink docs, "Queries > Joins > Array Expansion": CROSS JOIN UNNEST returns a row per element.
  test("CROSS JOIN UNNEST and LEFT JOIN UNNEST ON TRUE", () => {
    const u = new Harness();
    u.run("CREATE TABLE a (id INT, tags ARRAY<STRING>)");
    const db = u.engine.catalogs.findDatabase(u.engine.catalogs.findCatalog("default")!, "cluster_0")!;
    const t = db.objects.get("a");
    if (t?.kind !== "table") throw new Error("no table");
    t.log.append([
      { op: 0, row: [1, ["x", "y"]], rowtime: 0 },
      { op: 0, row: [2, []], rowtime: 0 },
    ]);
    expect(u.compile("SELECT id, tag FROM a CROSS JOIN UNNEST(tags) AS t(tag)", { "sql.snapshot.mode": "now" }).traits.schema!.map((c) => c.name)).toEqual(["id", "tag"]);
    expect(u.snapshot("SELECT id, tag FROM a CROSS JOIN UNNEST(tags) AS t(tag)")).toEqual([["1", "x"], ["1", "y"]]);
    expect(u.snapshot("SELECT id, tag, n FROM a LEFT JOIN UNNEST(tags) WITH ORDINALITY AS t(tag, n) ON TRUE")).toEqual([
      ["1", "x", "1"],
      ["1", "y", "2"],
      ["2", null, null],
    ]);
  });
});

describe("GROUPING SETS / ROLLUP / CUBE (batch)", () => {
  // Flink docs, "Queries > Group Aggregation > GROUPING SETS": a column outside a row's grouping
  // set is NULL, so Calcite types it nullable (even a NOT NULL column); a column in every set
  // keeps its type. GROUPING / GROUPING_ID are Calcite's ReturnTypes.BIGINT: BIGINT NOT NULL.
  test("schema: keys missing from some set turn nullable, grouping functions are BIGINT NOT NULL", () => {
    expect(schemaOf("SELECT id, customer, COUNT(*), GROUPING(id, customer), GROUPING_ID(id) FROM orders GROUP BY GROUPING SETS ((id, customer), (customer))")).toEqual([
      "id INT",
      "customer STRING",
      "EXPR$2 BIGINT NOT NULL",
      "EXPR$3 BIGINT NOT NULL",
      "EXPR$4 BIGINT NOT NULL",
    ]);
    expect(schemaOf("SELECT id, customer, COUNT(*) FROM orders GROUP BY id, ROLLUP(customer)")).toEqual(["id INT NOT NULL", "customer STRING", "EXPR$2 BIGINT NOT NULL"]);
    // One grouping set is a plain GROUP BY (nothing turns nullable).
    expect(schemaOf("SELECT id FROM orders GROUP BY GROUPING SETS ((id))")).toEqual(["id INT NOT NULL"]);
  });

  // Flink docs, "Group Aggregation > ROLLUP": ROLLUP(a, b) = GROUPING SETS ((a, b), (a), ()).
  test("ROLLUP gives subtotals and a grand total; ORDER BY GROUPING(...) sorts them", () => {
    const sql =
      "SELECT customer, qty, COUNT(*) AS n, SUM(amount) AS total FROM orders WHERE id <= 4 GROUP BY ROLLUP(customer, qty) ORDER BY GROUPING(customer, qty), customer, qty";
    expect(h.snapshot(sql)).toEqual([
      ["ann", "1", "1", "10.50"],
      ["ann", "3", "1", "5.25"],
      ["bob", "2", "1", "20.00"],
      ["cid", null, "1", "7.00"],
      ["ann", null, "2", "15.75"],
      ["bob", null, "1", "20.00"],
      ["cid", null, "1", "7.00"],
      [null, null, "4", "42.75"],
    ]);
  });

  // Flink docs, "Group Aggregation > CUBE": every subset of the columns. Calcite's
  // SqlGroupingFunction: bit N-1-i is 1 when argument i is not grouped in the row's set (leftmost
  // argument = most significant bit); GROUPING_ID is its synonym (CALCITE-1652).
  test("CUBE with GROUPING / GROUPING_ID bitmasks", () => {
    const sql =
      "SELECT customer, qty, GROUPING(customer) AS gc, GROUPING(qty) AS gq, GROUPING(customer, qty) AS g, GROUPING_ID(qty, customer) AS gid " +
      "FROM orders WHERE id IN (1, 2) GROUP BY CUBE(customer, qty) ORDER BY g, customer, qty";
    expect(h.snapshot(sql)).toEqual([
      ["ann", "1", "0", "0", "0", "0"],
      ["bob", "2", "0", "0", "0", "0"],
      ["ann", null, "0", "1", "1", "2"],
      ["bob", null, "0", "1", "1", "2"],
      [null, "1", "1", "0", "2", "1"],
      [null, "2", "1", "0", "2", "1"],
      [null, null, "1", "1", "3", "3"],
    ]);
    // CUBE(a, b) is the cross product GROUPING SETS ((a), ()) x GROUPING SETS ((b), ()).
    const cross = sql.replace("CUBE(customer, qty)", "GROUPING SETS ((customer), ()), GROUPING SETS ((qty), ())");
    expect(h.snapshot(cross)).toEqual(h.snapshot(sql));
  });

  // Calcite expands GROUP BY items by cross product: GROUP BY a, ROLLUP(b) = sets (a, b), (a).
  // Grouping keys may be expressions.
  test("plain columns mixed with ROLLUP; expressions as keys", () => {
    expect(h.snapshot("SELECT customer, qty, COUNT(*) FROM orders WHERE id <= 3 GROUP BY customer, ROLLUP(qty) ORDER BY customer, qty")).toEqual([
      ["ann", null, "2"],
      ["ann", "1", "1"],
      ["ann", "3", "1"],
      ["bob", null, "1"],
      ["bob", "2", "1"],
    ]);
    // A grouping function's argument may name the key by another spelling of the same column.
    expect(h.snapshot("SELECT o.customer, GROUPING(customer) FROM orders AS o WHERE id <= 2 GROUP BY ROLLUP(o.customer) ORDER BY 2, 1")).toEqual([
      ["ann", "0"],
      ["bob", "0"],
      [null, "1"],
    ]);
    expect(h.snapshot("SELECT qty * 10 AS q, COUNT(*) FROM orders WHERE id <= 3 GROUP BY ROLLUP(qty * 10) ORDER BY q")).toEqual([
      [null, "3"],
      ["10", "1"],
      ["20", "1"],
      ["30", "1"],
    ]);
  });

  // A NULL key and a grand total both show NULL; GROUPING tells them apart (Flink docs,
  // "Built-in Functions > Grouping functions").
  test("GROUPING distinguishes a NULL group from the grand total; HAVING sees it", () => {
    expect(h.snapshot("SELECT customer, GROUPING(customer), COUNT(*) FROM orders GROUP BY ROLLUP(customer) ORDER BY 2, 1")).toEqual([
      [null, "0", "1"],
      ["ann", "0", "2"],
      ["bob", "0", "1"],
      ["cid", "0", "1"],
      [null, "1", "5"],
    ]);
    expect(h.snapshot("SELECT customer, SUM(amount) FROM orders GROUP BY ROLLUP(customer) HAVING GROUPING(customer) = 1 OR SUM(amount) > 10 ORDER BY customer")).toEqual([
      [null, "43.75"],
      ["ann", "15.75"],
      ["bob", "20.00"],
    ]);
  });

  // Calcite plans duplicate grouping sets as a UNION ALL per GROUP_ID(), so they repeat rows;
  // GROUP_ID() numbers the copies 0, 1, ...
  test("duplicate grouping sets give duplicate rows, told apart by GROUP_ID()", () => {
    expect(h.snapshot("SELECT customer, COUNT(*), GROUP_ID() FROM orders WHERE id <= 2 GROUP BY GROUPING SETS ((customer), (customer), ()) ORDER BY 3, 1")).toEqual([
      [null, "2", "0"],
      ["ann", "1", "0"],
      ["bob", "1", "0"],
      ["ann", "1", "1"],
      ["bob", "1", "1"],
    ]);
  });

  // GROUP BY () is a global aggregate (one row even over no input). Several grouping sets are
  // planned as Flink does (Expand, then an aggregate keyed by the keys and the set id), which
  // has no group at all over empty input, so no grand-total row either.
  test("GROUP BY () and grouping sets over empty input", () => {
    expect(h.snapshot("SELECT COUNT(*) FROM orders WHERE id > 100 GROUP BY ()")).toEqual([["0"]]);
    expect(h.snapshot("SELECT customer, COUNT(*) FROM orders WHERE id > 100 GROUP BY ROLLUP(customer)")).toEqual([]);
  });

  // Flink docs, "Window Aggregation > GROUPING SETS": window_start / window_end outside the sets.
  test("window TVF aggregation with GROUPING SETS", () => {
    const sql =
      "SELECT window_start, customer, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR($rowtime), INTERVAL '1' MINUTE)) " +
      "GROUP BY window_start, window_end, GROUPING SETS ((customer), ()) ORDER BY GROUPING(customer), customer";
    expect(schemaOf(sql)).toEqual(["window_start TIMESTAMP(3) NOT NULL", "customer STRING", "n BIGINT NOT NULL"]);
    expect(h.snapshot(sql)).toEqual([
      ["2025-01-01 00:00:00.000", null, "1"],
      ["2025-01-01 00:00:00.000", "ann", "2"],
      ["2025-01-01 00:00:00.000", "bob", "1"],
      ["2025-01-01 00:00:00.000", "cid", "1"],
      ["2025-01-01 00:00:00.000", null, "5"],
    ]);
  });

  // Calcite's validator messages for misplaced grouping functions; what the emulator does not
  // plan fails as unsupported.
  test("errors", () => {
    expect(() => h.compile("SELECT qty, GROUPING(customer) FROM orders GROUP BY ROLLUP(qty)")).toThrow(/Argument to GROUPING operator must be a grouped expression/);
    expect(() => h.compile("SELECT GROUPING(customer) FROM orders")).toThrow(/GROUPING operator may only occur in an aggregate query/);
    expect(() => h.compile("SELECT customer FROM orders WHERE GROUPING(customer) = 0 GROUP BY ROLLUP(customer)")).toThrow(/GROUPING operator may only occur in SELECT, HAVING or ORDER BY clause/);
    expect(() => h.compile("SELECT customer FROM orders GROUP BY GROUPING SETS (ROLLUP(customer))")).toThrow(/Unsupported feature in the emulator: ROLLUP nested inside GROUPING SETS/);
    const tvf = "SELECT window_start, customer, COUNT(*) FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR($rowtime), INTERVAL '1' MINUTE)) GROUP BY CUBE(window_start, window_end, customer)";
    expect(() => h.compile(tvf, { "sql.snapshot.mode": "now" })).toThrow(/Unsupported feature in the emulator: GROUPING SETS \/ ROLLUP \/ CUBE that leave window_start or window_end out/);
  });
});

describe("SESSION windows in snapshot mode", () => {
  // Flink's batch planner has no unaligned windows: BatchExecWindowTableFunction throws
  // "Unaligned windows like session are not supported in batch mode yet." (Confluent documents
  // session windows as unsupported in batch mode). Streaming SESSION is tested elsewhere.
  test("fail as Flink fails them, with or without aggregation and PARTITION BY", () => {
    const s = new Harness();
    s.run("CREATE TABLE bids (item STRING, price INT, bidtime TIMESTAMP(3), WATERMARK FOR bidtime AS bidtime - INTERVAL '1' SECOND)");
    const queries = [
      "SELECT window_start, window_end, item, SUM(price) FROM TABLE(SESSION(TABLE bids PARTITION BY item, DESCRIPTOR(bidtime), INTERVAL '5' MINUTES)) GROUP BY item, window_start, window_end",
      "SELECT window_start, window_end, COUNT(*) FROM TABLE(SESSION(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '5' MINUTES)) GROUP BY window_start, window_end",
      "SELECT * FROM TABLE(SESSION(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '5' MINUTES))",
    ];
    for (const sql of queries) {
      expect(() => s.compile(sql, { "sql.snapshot.mode": "now" })).toThrow(/^Unaligned windows like session are not supported in batch mode yet\.$/);
      expect(() => s.compile(sql)).not.toThrow(); // streaming plans it
    }
  });
});
