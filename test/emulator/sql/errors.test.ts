/**
 * Failure cases: every invalid or unsupported statement fails at compile with an EngineError
 * whose message names the problem (Flink's wording where Flink has one) and its position;
 * nothing crashes and nothing changes.
 */
import { beforeEach, describe, expect, test } from "vitest";
import { EngineError } from "../../../src/emulator/engine.ts";
import { Harness } from "./harness.ts";

let h: Harness;
beforeEach(() => {
  h = new Harness();
  h.run("CREATE TABLE t (a INT, b STRING)");
  h.run("CREATE TABLE u (a INT, c STRING)");
});

function fails(sql: string, message: string | RegExp, props: Record<string, string> = {}): EngineError {
  let err: unknown;
  try {
    h.compile(sql, props);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(EngineError);
  if (typeof message === "string") expect((err as Error).message).toBe(message);
  else expect((err as Error).message).toMatch(message);
  return err as EngineError;
}

describe("validation errors (Calcite's wording with positions)", () => {
  test("syntax errors are SqlParserException", () => {
    const e = fails("SELEC 1", /^SQL parse failed\./);
    expect(e.exceptionName).toBe("org.apache.flink.table.api.SqlParserException");
  });
  test("unknown, ambiguous and ungrouped columns", () => {
    fails("SELECT x FROM t", "SQL validation failed. From line 1, column 8 to line 1, column 8: Column 'x' not found in any table");
    fails("SELECT t.x FROM t", "SQL validation failed. From line 1, column 8 to line 1, column 10: Column 'x' not found in table 't'");
    fails("SELECT a FROM t JOIN u ON t.a = u.a", "SQL validation failed. From line 1, column 8 to line 1, column 8: Column 'a' is ambiguous");
    fails("SELECT a, COUNT(*) FROM t", "SQL validation failed. From line 1, column 8 to line 1, column 8: Expression 'a' is not being grouped");
    fails("SELECT b FROM t GROUP BY a", /Expression 'b' is not being grouped/);
  });
  test("aggregates where they are not allowed", () => {
    fails("SELECT a FROM t WHERE COUNT(*) > 1", /Aggregate expression is illegal in WHERE clause/);
  });
  test("column count mismatches", () => {
    fails("SELECT a FROM t UNION SELECT a, c FROM u", /Column count mismatch in UNION/);
    fails("INSERT INTO t VALUES (1)", /Column types of query result and sink for 'default.cluster_0.t' do not match/);
    fails("INSERT INTO t SELECT a, c, a FROM u", /Different number of columns/);
  });
  test("inserting into a view or the examples catalog", () => {
    h.run("CREATE VIEW v AS SELECT a FROM t");
    fails("INSERT INTO v VALUES (1)", /Cannot insert into view 'v'/);
  });
  test("invalid statement properties", () => {
    fails("SELECT 1", /Invalid value 'later' for 'sql.snapshot.mode'/, { "sql.snapshot.mode": "later" });
    fails("SELECT 1", /Invalid value 'Mars\/Base' for 'sql.local-time-zone'/, { "sql.local-time-zone": "Mars/Base" });
  });
  test("window TVF on a column that is not a time attribute", () => {
    h.run("CREATE TABLE e (ts TIMESTAMP(3))");
    fails("SELECT * FROM TABLE(TUMBLE(TABLE e, DESCRIPTOR(ts), INTERVAL '1' MINUTE))", /requires the timecol is a time attribute type/);
    fails("SELECT * FROM TABLE(SESSION(TABLE e, DESCRIPTOR(ts), INTERVAL '1' MINUTE))", /requires the timecol is a time attribute type/);
  });
  // Calcite (SqlValidatorImpl): only table parameters with set semantics take PARTITION BY, and
  // of the window TVFs only SESSION has one (Flink docs, "Windowing TVF > SESSION").
  test("PARTITION BY on a row-semantics window TVF", () => {
    fails("SELECT * FROM TABLE(TUMBLE(TABLE t PARTITION BY b, DESCRIPTOR($rowtime), INTERVAL '1' MINUTE))", /Only tables with set semantics may be partitioned/);
  });
  test("SESSION arguments", () => {
    fails("SELECT * FROM TABLE(SESSION(TABLE t PARTITION BY nope, DESCRIPTOR($rowtime), INTERVAL '1' MINUTE))", /Column 'nope' not found in any table/);
    fails("SELECT * FROM TABLE(SESSION(TABLE t, DESCRIPTOR($rowtime)))", /SESSION is missing its GAP argument/);
    fails("SELECT * FROM TABLE(SESSION(TABLE t, DESCRIPTOR($rowtime), INTERVAL '0' SECOND))", /SESSION window gap must be positive/);
  });
  test("streaming ORDER BY on a non-time attribute (Flink's TableException)", () => {
    const e = fails("SELECT a FROM t ORDER BY a", "Sort on a non-time-attribute field is not supported.");
    expect(e.exceptionName).toBe("org.apache.flink.table.api.TableException");
  });
});

describe("unsupported features name the feature and the position", () => {
  const cases: Array<[string, RegExp]> = [
    ["SELECT a FROM t INTERSECT ALL SELECT a FROM u", /Unsupported feature in the emulator: INTERSECT ALL \(at line 1, column 1\)/],
    ["SELECT * FROM t NATURAL JOIN UNNEST(ARRAY[1]) AS x(a)", /Unsupported feature in the emulator: NATURAL JOIN with UNNEST \(at line 1, column 15\)/],
    // Calcite decorrelates more than the emulator does; what it does not plan names the case.
    ["SELECT a, (SELECT MAX(c) FROM u WHERE u.a > t.a) FROM t", /correlated scalar subqueries with a correlation other than an equality inner.col = outer.col .* \(at line 1, column 39\)/],
    ["SELECT a FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.a > t.a GROUP BY u.c)", /a correlation other than an equality in an aggregating subquery/],
    ["SELECT a FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.a > t.a OR u.a IN (SELECT a FROM t))", /a subquery inside a correlated condition of a subquery/],
    ["SELECT a FROM t WHERE EXISTS (SELECT t.b FROM u WHERE u.a = t.a)", /correlation in a subquery's SELECT list \(at line 1, column 38\)/],
    ["SELECT a FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.a = t.a AND EXISTS (SELECT 1 FROM u AS v WHERE v.c = t.b))", /nested multi-level correlation \(reference to column 't.b' of a query 2 levels out\)/],
    ["SELECT a FROM t WHERE EXISTS (SELECT 1 FROM (SELECT a FROM u WHERE u.a = t.a) AS x)", /correlated subqueries \(reference to outer column 't.a' outside an equality correlation/],
    ["SELECT a FROM t WHERE a IN (SELECT a FROM u WHERE u.c = t.b) OR a = 1", /subqueries in this position/],
    ["SELECT a, (SELECT COUNT(*) + 1 FROM u WHERE u.a = t.a) FROM t", /correlated scalar subquery whose SELECT item is an expression over aggregates/],
    ["SELECT a FROM t WHERE EXISTS (SELECT COUNT(*) FROM u WHERE u.a = t.a)", /correlated EXISTS subquery that aggregates without GROUP BY/],
    ["SELECT a FROM t WHERE a NOT IN (SELECT MAX(a) FROM u WHERE u.c = t.b)", /correlated NOT IN subquery that aggregates without GROUP BY/],
    ["SELECT a FROM t WHERE 0 IN (SELECT COUNT(*) FROM u WHERE u.a = t.a)", /correlated IN subquery over an aggregate without GROUP BY that is not NULL over no rows/],
    ["SELECT a, (SELECT COUNT(*) FROM u WHERE u.a = t.a HAVING COUNT(*) > 1) FROM t", /correlated scalar subquery that aggregates without GROUP BY and has a HAVING clause/],
    ["SELECT a FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.a = t.a LIMIT 1)", /LIMIT \/ OFFSET in a correlated subquery/],
    ["SELECT b, (SELECT MAX(a) FROM u) FROM t GROUP BY b", /scalar subqueries in the SELECT list, HAVING or ORDER BY of an aggregating query/],
    ["SELECT a, LAG(a, -1) OVER (PARTITION BY b ORDER BY $rowtime) FROM t", /Unsupported feature in the emulator: a negative LAG offset in stream mode/],
    ["SELECT b FROM t GROUP BY GROUPING SETS ((a), CUBE(b))", /CUBE nested inside GROUPING SETS \(at line 1, column 46\)/],
    // Flink docs, "Window Aggregation > SESSION": a session aggregation groups by the window and
    // the SESSION partition keys; other keys make Flink assign sessions per group key instead.
    [
      "SELECT b, COUNT(*) FROM TABLE(SESSION(TABLE t, DESCRIPTOR($rowtime), INTERVAL '1' MINUTE)) GROUP BY window_start, window_end, b",
      /a SESSION window aggregation grouped by other keys than window_start, window_end and the SESSION PARTITION BY columns \(at line 1, column 101\)/,
    ],
    ["SELECT b, COUNT(*) FROM TABLE(SESSION(TABLE t PARTITION BY b, DESCRIPTOR($rowtime), INTERVAL '1' MINUTE)) GROUP BY window_start, window_end, ROLLUP(b)", /GROUPING SETS \/ ROLLUP \/ CUBE over SESSION windows/],
    ["SELECT * FROM t, LATERAL (SELECT a FROM u)", /LATERAL subqueries/],
    ["INSERT OVERWRITE t SELECT * FROM t", /INSERT OVERWRITE/],
    ["INSERT INTO t SELECT * FROM t", /a streaming INSERT into 't' that also reads 't'/],
  ];
  for (const [sql, msg] of cases) {
    test(sql, () => {
      fails(sql, msg);
    });
  }
});

describe("compile has no side effects", () => {
  test("a failing DDL or INSERT changes nothing", () => {
    fails("CREATE TABLE t (a INT)", /already exists/);
    h.compile("CREATE TABLE z (a INT)");
    h.compile("INSERT INTO t VALUES (1, 'x')");
    expect(h.snapshot("SELECT COUNT(*) FROM t")).toEqual([["0"]]);
    expect(() => h.compile("SELECT * FROM z")).toThrow(/Object 'z' not found/);
  });
});

describe("unknown table functions", () => {
  // Calcite resolves the name first, as for any call: an unknown one is a validation error that
  // names the signature; a known non-table function stays an unsupported table function here.
  const h = new Harness();
  h.run("CREATE TABLE t (a INT)");
  test.each<[string, string]>([
    ["SELECT * FROM foo(1)", "SQL validation failed. From line 1, column 15 to line 1, column 20: No match found for function signature foo(<INT>)"],
    ["SELECT * FROM TABLE(foo('a', 2))", "SQL validation failed. From line 1, column 21 to line 1, column 31: No match found for function signature foo(<CHAR(1)>, <INT>)"],
  ])("%s", (sql, message) => {
    expect(() => h.compile(sql)).toThrow(message);
  });
  test("a scalar function or a table argument in FROM", () => {
    expect(() => h.compile("SELECT * FROM TABLE(UPPER('a'))")).toThrow("Unsupported feature in the emulator: table function 'UPPER'");
    expect(() => h.compile("SELECT * FROM foo(TABLE t)")).toThrow("Unsupported feature in the emulator: table function 'foo'");
  });
});
