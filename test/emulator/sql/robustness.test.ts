/**
 * Robustness: a broad mix of valid, invalid and unsupported statements, in snapshot and
 * streaming mode. Each must either run (complete, keep running, or fail at run time with a
 * message) or be rejected with an EngineError: never another exception.
 */
import { test, expect } from "vitest";
import { EngineError } from "../../../src/emulator/engine.ts";
import { Harness } from "./harness.ts";
import { defaultFunctions } from "../../../src/emulator/sql/planner/functions-binding.ts";
import type { FunctionsApi } from "../../../src/emulator/sql/planner/functions-api.ts";
import { T } from "../../../src/emulator/sql/planner/types.ts";
test("every statement runs or fails with an EngineError", () => {
  const h = new Harness();
  h.run("CREATE TABLE t (a INT, b STRING, d DECIMAL(10,2), ts TIMESTAMP(3), arr ARRAY<INT>, r ROW<x INT, y STRING>)");
  h.run("INSERT INTO t VALUES (1, 'x', 1.50, TIMESTAMP '2025-01-01 00:00:00', ARRAY[1,2], ROW(1, 'q'))");
  const stmts = [
    "SELECT r.x, r.y, arr[1], CARDINALITY(arr) FROM t",
    "SELECT t.r.x FROM t",
    "SELECT * FROM t WHERE a = 'x'",
    "SELECT a + b FROM t",
    "SELECT CAST(b AS INT) FROM t",
    "SELECT TRY_CAST(b AS INT) FROM t",
    "SELECT SUM(b) FROM t",
    "SELECT a FROM t GROUP BY a HAVING b = 'x'",
    "SELECT COUNT(*) FROM t GROUP BY ()",
    "SELECT a FROM t ORDER BY 5",
    "SELECT a FROM t LIMIT -1",
    "SELECT a FROM t LIMIT 'x'",
    "SELECT * FROM (SELECT a FROM t) AS s(x, y)",
    "SELECT x FROM (VALUES (1), ('a')) AS v(x)",
    "SELECT CURRENT_TIMESTAMP, LOCALTIMESTAMP, CURRENT_DATE FROM t",
    "SELECT EXTRACT(YEAR FROM ts), FLOOR(ts TO HOUR), TIMESTAMPADD(DAY, 1, ts), DATE_FORMAT(ts, 'yyyy') FROM t",
    "SELECT COALESCE(b, 'z'), NULLIF(a, 1), IF(a > 0, 'p', 'n') FROM t",
    "SELECT JSON_VALUE('{\"a\":1}', '$.a'), JSON_OBJECT('k' VALUE a) FROM t",
    "SELECT TRIM(b), UPPER(b) || LOWER(b), SUBSTRING(b FROM 1 FOR 1) FROM t",
    "SELECT a FROM t WHERE b LIKE 'x%' AND b NOT LIKE 'y%' ESCAPE '\\\\'",
    "SELECT MAP['a', 1]['a'], ARRAY[1, 2][2] FROM t",
    "SELECT ROW(a, b) FROM t",
    "SELECT a, LISTAGG(b) FROM t GROUP BY a",
    "SELECT a FROM t WHERE a IN (SELECT a, a FROM t)",
    "SELECT (SELECT a, b FROM t) FROM t",
    "SELECT * FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(nope), INTERVAL '1' MINUTE))",
    "SELECT * FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR($rowtime), 5))",
    "SELECT * FROM TABLE(MYFUNC(1))",
    "SELECT 1 FROM t GROUP BY CUBE (a)",
    "SELECT a FROM t UNION SELECT b FROM t",
    "SELECT DISTINCT a FROM t ORDER BY b",
    "SELECT ROW_NUMBER() OVER (ORDER BY a) FROM t",
    "SELECT RANK() OVER (ORDER BY a) FROM t",
    "INSERT INTO t (a, nope) VALUES (1, 2)",
    "INSERT INTO t SELECT * FROM t",
    "CREATE TABLE x (a INT, a INT)",
    "CREATE TABLE x (a INT, PRIMARY KEY (z) NOT ENFORCED)",
    "CREATE TABLE x (a INT, WATERMARK FOR a AS a)",
    "CREATE TABLE x (a INT, c AS a + 1, WATERMARK FOR c AS c)",
    "CREATE TABLE x (a INT) LIKE t",
    "CREATE VIEW v (p, q) AS SELECT a FROM t",
    "ALTER TABLE t RENAME TO t9",
    "ALTER TABLE nope ADD c INT",
    "DROP VIEW nope",
    "SHOW COLUMNS FROM t",
    "SHOW FUNCTIONS",
    "SHOW JOBS",
    "DESCRIBE nope",
    "EXPLAIN INSERT INTO t SELECT * FROM t",
    "EXPLAIN CREATE TABLE x AS SELECT a FROM t",
    "SELECT * FROM examples.marketplace.customers c JOIN examples.marketplace.orders o ON c.customer_id = o.customer_id",
    "SELECT o.order_id, c.name FROM examples.marketplace.orders o JOIN examples.marketplace.customers FOR SYSTEM_TIME AS OF o.$rowtime AS c ON o.customer_id = c.customer_id",
    "SELECT a FROM t WHERE a = (SELECT MAX(a) FROM t) OR a = 2",
    "SELECT a, b, r FROM t, UNNEST(arr) AS u(r)",
    "SELECT 9223372036854775807 + 1",
    "SELECT -2147483648, 2147483648, 99999999999999999999999, 1e400",
    "SELECT INTERVAL '1' YEAR, INTERVAL '1 02:03' DAY TO MINUTE",
    "WITH a AS (SELECT 1 AS x), b AS (SELECT x FROM a) SELECT * FROM b",
    "WITH RECURSIVE a AS (SELECT 1) SELECT * FROM a",
  ];
  for (const sql of stmts) {
    for (const props of [{ "sql.snapshot.mode": "now" }, {}] as Array<Record<string, string>>) {
      try {
        const r = h.start(sql, props);
        if (r.sink.failed !== null) expect(r.sink.failed.length).toBeGreaterThan(0);
        r.exec.dispose();
      } catch (e) {
        expect(e, sql).toBeInstanceOf(EngineError);
        expect((e as Error).message.length).toBeGreaterThan(10);
      }
    }
  }
  // A top-level ROW_NUMBER without a Top-N filter numbers every row.
  expect(h.snapshot("SELECT a, ROW_NUMBER() OVER (ORDER BY a) AS n FROM (VALUES (5), (3)) AS v(a)")).toEqual([["3", "1"], ["5", "2"]]);
});

// Flink expands an IN list into a disjunction (Calcite SEARCH); thousands of items are common in
// generated SQL and must neither overflow the stack nor change the three-valued result.
test("an IN list of 4,000 items", () => {
  const h = new Harness();
  const items = Array.from({ length: 4000 }, (_, i) => String(i)).join(", ");
  expect(h.snapshot(`SELECT 1 IN (${items}), 4000 IN (${items}), 3999.0 IN (${items}), CAST(NULL AS INT) IN (${items}), 4000 NOT IN (${items})`)).toEqual([["TRUE", "FALSE", "TRUE", null, "TRUE"]]);
  h.run("CREATE TABLE n (x INT)");
  h.run("INSERT INTO n VALUES (7), (4001), (CAST(NULL AS INT))");
  expect(h.snapshot(`SELECT x FROM n WHERE x IN (${items})`)).toEqual([["7"]]);
  expect(h.snapshot(`SELECT x, x IN (${items}, NULL) FROM n`)).toEqual([["7", "TRUE"], ["4001", null], [null, null]]);
  expect(h.snapshot("SELECT 'b' IN ('a', 'b'), 2.5 IN (1, 2), 1e0 IN (1, 2), x IN (x + 1, 7) FROM n WHERE x = 7")).toEqual([["TRUE", "FALSE", "TRUE", "TRUE"]]);
});

// Nesting deep enough to exhaust the JavaScript stack (here a registry function that recurses
// without end, while planning and while running) fails the statement with a clear detail,
// never with the raw "Maximum call stack size exceeded".
test("stack exhaustion is a 'statement too complex' failure", () => {
  const base = defaultFunctions();
  const deep = (n: number): number => deep(n + 1) + 1;
  const functions: FunctionsApi = {
    ...base,
    lookupScalar: (name) => {
      if (name === "DEEP_TYPE") return { name, inferType: () => T.int(deep(0) > 0), compile: () => () => 1 };
      if (name === "DEEP_VALUE") return { name, deterministic: false, inferType: () => T.int(false), compile: () => () => deep(0) };
      return base.lookupScalar(name);
    },
  };
  const h = new Harness({ functions });
  expect(() => h.compile("SELECT DEEP_TYPE()")).toThrow(/^Statement too complex: /);
  const r = h.start("SELECT DEEP_VALUE()", { "sql.snapshot.mode": "now" });
  expect(r.sink.failed).toMatch(/^Statement too complex: /);
  expect(r.sink.failed).not.toMatch(/call stack/);
});
