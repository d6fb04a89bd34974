/**
 * End to end for the collection, JSON, conditional and comparison functions Confluent Cloud
 * documents: SQL through the public client (`connect()` against `createEmulator()`), with result
 * types as the statement schema reports them, and streaming changelogs of the JSON aggregates
 * (retractions) through the engine harness. Sources of expected values:
 *
 * - CC_*: Confluent Cloud "Collection / JSON / Conditional / Comparison Functions" pages.
 * - FLINK_DOCS: Apache Flink "System (Built-in) Functions" (docs/data/sql_functions.yml), whose
 *   examples the Confluent pages repeat.
 * - Flink's CollectionFunctionsITCase / JsonAggregationFunctionsITCase where no doc example exists.
 */
import { describe, expect, it } from "vitest";
import { StatementFailedError } from "../../../../src/index.ts";
import { Harness } from "../harness.ts";
import { sharedConnection } from "../../../support/emulated-connection.ts";

const CC = "https://docs.confluent.io/cloud/current/flink/reference/functions/";
const CC_COLL = CC + "collection-functions.html";
const CC_JSON = CC + "json-functions.html";
const CC_COND = CC + "conditional-functions.html";
const CC_CMP = CC + "comparison-functions.html";
const FLINK_DOCS = "https://nightlies.apache.org/flink/flink-docs-stable/docs/dev/table/functions/systemfunctions/";

const db = sharedConnection();

async function one(sql: string): Promise<{ row: Record<string, unknown>; types: string[] }> {
  const r = await db.conn.query(sql);
  expect(r.rows).toHaveLength(1);
  return { row: r.rows[0] as Record<string, unknown>, types: r.columns.map((c) => c.typeName) };
}

describe(`collection functions (${CC_COLL})`, () => {
  it("ARRAY element access: SELECT ARRAY['Java', 'SQL'][1] returns Java (the page's example)", async () => {
    expect((await one("SELECT ARRAY['Java', 'SQL'][1] AS v")).row).toEqual({ v: "Java" });
  });

  it("ARRAY_SORT with its defaults and flags (FLINK_DOCS description, CollectionFunctionsITCase)", async () => {
    const { row, types } = await one(
      "SELECT ARRAY_SORT(ARRAY[1, 2, 2, NULL]) AS a, ARRAY_SORT(ARRAY[1, 2, 2, NULL], FALSE) AS d, ARRAY_SORT(ARRAY[1, 2, 2, NULL], TRUE, FALSE) AS al, ARRAY_SORT(ARRAY[1, 2], CAST(NULL AS BOOLEAN)) AS n",
    );
    expect(row).toEqual({ a: [null, 1, 2, 2], d: [2, 2, 1, null], al: [1, 2, 2, null], n: null });
    expect(types).toEqual(["ARRAY<INT> NOT NULL", "ARRAY<INT> NOT NULL", "ARRAY<INT> NOT NULL", "ARRAY<INT NOT NULL>"]);
  });

  it("ARRAY_UNION / ARRAY_EXCEPT / ARRAY_INTERSECT (CollectionFunctionsITCase values)", async () => {
    const { row } = await one(
      "SELECT ARRAY_UNION(ARRAY[1, 2, NULL], ARRAY[1, NULL, 4]) AS u, ARRAY_EXCEPT(ARRAY[1, 2, 2], ARRAY[1, NULL, 4]) AS e, ARRAY_EXCEPT(ARRAY[1, 2, 3, 2, 4, 2], ARRAY[2, 2]) AS e2, ARRAY_INTERSECT(ARRAY[1, 1, 2], ARRAY[1, NULL, 4]) AS i, ARRAY_INTERSECT(ARRAY[1, 1, 2], ARRAY[3, 4]) AS i0",
    );
    expect(row).toEqual({ u: [1, 2, null, 4], e: [2], e2: [1, 3, 4], i: [1], i0: [] });
  });

  it("MAP_UNION: the later map's value wins (FLINK-32261's example)", async () => {
    const { row, types } = await one("SELECT MAP_UNION(MAP['a', 1, 'b', 2], MAP['b', 3, 'c', 4]) AS m");
    expect(Object.fromEntries(row.m as Map<string, number>)).toEqual({ a: 1, b: 3, c: 4 });
    expect(types).toEqual(["MAP<CHAR(1) NOT NULL, INT NOT NULL> NOT NULL"]);
  });

  // Flink's ArrayAppendPrependTypeStrategy: the array's element type, made nullable for a nullable value.
  it("ARRAY_POSITION of NULL is NULL; ARRAY_APPEND of NULL gives a nullable element type", async () => {
    const { row, types } = await one("SELECT ARRAY_POSITION(ARRAY[1, 2], CAST(NULL AS INT)) AS p, ARRAY_APPEND(ARRAY['a'], CAST(NULL AS STRING)) AS a");
    expect(row).toEqual({ p: null, a: ["a", null] });
    expect(types).toEqual(["INT", "ARRAY<CHAR(1)>"]);
  });

  it("a BOOLEAN array cannot be sorted: the statement fails with Flink's message", async () => {
    const e = (await db.conn.query("SELECT ARRAY_SORT(ARRAY[TRUE, FALSE])").catch((x: unknown) => x)) as StatementFailedError;
    expect(e).toBeInstanceOf(StatementFailedError);
    expect(e.detail).toContain("Invalid function call:\nARRAY_SORT(ARRAY<BOOLEAN NOT NULL> NOT NULL)");
  });
});

describe(`JSON functions (${CC_JSON})`, () => {
  it("JSON_QUOTE / JSON_UNQUOTE (FLINK_DOCS descriptions)", async () => {
    const { row, types } = await one(`SELECT JSON_QUOTE('Hello "World"') AS q, JSON_UNQUOTE('"a\\"b"') AS u, JSON_UNQUOTE('[1, 2]') AS raw`);
    expect(row).toEqual({ q: '"Hello \\"World\\""', u: 'a"b', raw: "[1, 2]" });
    expect(types).toEqual(["STRING NOT NULL", "STRING NOT NULL", "STRING NOT NULL"]);
  });

  it(`nested JSON construction inserts JSON, not a string (${FLINK_DOCS} JSON_OBJECT / JSON_ARRAY examples)`, async () => {
    const { row } = await one("SELECT JSON_OBJECT(KEY 'K1' VALUE JSON_OBJECT(KEY 'K2' VALUE 'V')) AS o, JSON_ARRAY(JSON_ARRAY(1)) AS a, JSON_ARRAY(1, '2') AS b");
    expect(row).toEqual({ o: '{"K1":{"K2":"V"}}', a: "[[1]]", b: '[1,"2"]' });
  });

  it("JSON_OBJECTAGG / JSON_ARRAYAGG over a query: the docs' results, VARCHAR(2000) NOT NULL", async () => {
    const r = await db.conn.query(
      "SELECT JSON_OBJECTAGG(KEY product VALUE cnt) AS o, JSON_ARRAYAGG(product) AS a FROM (VALUES ('Apple', 2), ('Banana', 17), ('Orange', 0)) AS orders(product, cnt)",
    );
    expect(r.rows).toEqual([{ o: '{"Apple":2,"Banana":17,"Orange":0}', a: '["Apple","Banana","Orange"]' }]);
    expect(r.columns.map((c) => c.typeName)).toEqual(["VARCHAR(2000) NOT NULL", "VARCHAR(2000) NOT NULL"]);
    // "Item expressions can be arbitrary, including other JSON functions": inserted as JSON.
    const nested = await db.conn.query("SELECT JSON_ARRAYAGG(JSON_OBJECT(KEY 'k' VALUE x)) AS a FROM (VALUES (1), (2)) AS t(x)");
    expect(nested.rows).toEqual([{ a: '[{"k":1},{"k":2}]' }]);
  });

  it("ON NULL behaviours and GROUP BY (JsonAggregationFunctionsITCase)", async () => {
    const src = "(VALUES ('A', 1), ('B', CAST(NULL AS INT)), ('C', 3)) AS t(f0, f1)";
    const r = await db.conn.query(`SELECT JSON_OBJECTAGG(f0 VALUE f1) AS n, JSON_OBJECTAGG(f0 VALUE f1 ABSENT ON NULL) AS a, JSON_ARRAYAGG(f1) AS an, JSON_ARRAYAGG(f1 NULL ON NULL) AS nn FROM ${src}`);
    expect(r.rows).toEqual([{ n: '{"A":1,"B":null,"C":3}', a: '{"A":1,"C":3}', an: "[1,3]", nn: "[1,null,3]" }]);
    const g = await db.conn.query("SELECT f0, JSON_OBJECTAGG(f1 VALUE f2) AS o FROM (VALUES (1, 'A', 0), (1, 'B', 0), (2, 'A', 0), (2, 'C', 0)) AS t(f0, f1, f2) GROUP BY f0");
    expect(g.rows).toEqual([
      { f0: 1, o: '{"A":0,"B":0}' },
      { f0: 2, o: '{"A":0,"C":0}' },
    ]);
  });

  it("a repeated JSON_OBJECTAGG key fails the statement", async () => {
    const e = (await db.conn.query("SELECT JSON_OBJECTAGG(KEY k VALUE v) FROM (VALUES ('A', 1), ('A', 2)) AS t(k, v)").catch((x: unknown) => x)) as StatementFailedError;
    expect(e).toBeInstanceOf(StatementFailedError);
    expect(e.detail).toContain("Key 'A' is already present. Duplicate keys are not allowed in JSON_OBJECTAGG.");
  });
});

describe(`conditional and comparison functions (${CC_COND}, ${CC_CMP})`, () => {
  it("CASE with a list of values per WHEN (the page's CASE syntax), COALESCE's example", async () => {
    const { row } = await one("SELECT CASE 2 WHEN 1, 2 THEN 'one or two' ELSE 'other' END AS c, CASE 3 WHEN 1, 2 THEN 'one or two' ELSE 'other' END AS d, COALESCE(NULL, 'default') AS e");
    expect(row).toEqual({ c: "one or two", d: "other", e: "default" });
  });

  it("BETWEEN [SYMMETRIC] examples (FLINK_DOCS comparison functions)", async () => {
    const { row } = await one(
      "SELECT 12 BETWEEN 15 AND 12 AS a, 12 BETWEEN SYMMETRIC 15 AND 12 AS b, 12 BETWEEN 10 AND NULL AS c, 12 BETWEEN NULL AND 10 AS d, 12 BETWEEN SYMMETRIC NULL AND 12 AS e, 12 NOT BETWEEN NULL AND 15 AS f, 12 NOT BETWEEN 15 AND NULL AS g",
    );
    expect(row).toEqual({ a: false, b: true, c: null, d: false, e: null, f: null, g: true });
  });

  it("IN / IS DISTINCT FROM examples (FLINK_DOCS comparison functions)", async () => {
    const { row } = await one(
      "SELECT 4 IN (1, 2, 3) AS a, 1 IN (1, 2, NULL) AS b, 4 IN (1, 2, NULL) AS c, 1 IS DISTINCT FROM NULL AS d, NULL IS DISTINCT FROM NULL AS e, 1 IS NOT DISTINCT FROM NULL AS f",
    );
    expect(row).toEqual({ a: false, b: true, c: null, d: true, e: false, f: false });
  });

  it("TYPEOF (FLINK_DOCS type conversion functions, MiscFunctionsITCase)", async () => {
    const { row } = await one("SELECT TYPEOF(12) AS a, TYPEOF('Hello world', TRUE) AS b, TYPEOF(NULL) AS c");
    expect(row).toEqual({ a: "INT NOT NULL", b: "CHAR(11) NOT NULL", c: "NULL" });
  });
});

// Flink's GroupAggFunction (mini-batch off, the default) emits after every input record: the
// inner aggregate's -U and its +U each change the outer result, so the retraction alone is
// visible as an update of its own before the +U's.
describe("JSON aggregates in streaming mode retract (Flink's JsonArrayAggFunction / JsonObjectAggFunction retract)", () => {
  function setup(): Harness {
    const h = new Harness();
    h.run("CREATE TABLE t (a INT, b STRING)");
    return h;
  }

  it("JSON_ARRAYAGG over an updating input: -U/+U remove the retracted item", () => {
    const h = setup();
    const s = h.start("SELECT JSON_ARRAYAGG(n) AS j FROM (SELECT b, COUNT(*) AS n FROM t GROUP BY b)");
    h.run("INSERT INTO t VALUES (1, 'x')");
    h.run("INSERT INTO t VALUES (2, 'y')");
    h.run("INSERT INTO t VALUES (3, 'x')");
    expect(s.sink.log).toEqual(["+I[[1]]", "-U[[1]]", "+U[[1,1]]", "-U[[1,1]]", "+U[[1]]", "-U[[1]]", "+U[[1,2]]"]);
  });

  it("JSON_OBJECTAGG over an updating input: a retracted entry leaves the object", () => {
    const h = setup();
    const s = h.start("SELECT JSON_OBJECTAGG(KEY b VALUE n) AS o FROM (SELECT b, COUNT(*) AS n FROM t GROUP BY b)");
    h.run("INSERT INTO t VALUES (1, 'x')");
    h.run("INSERT INTO t VALUES (2, 'y')");
    h.run("INSERT INTO t VALUES (3, 'x')");
    expect(s.sink.log).toEqual([
      '+I[{"x":1}]',
      '-U[{"x":1}]',
      '+U[{"x":1,"y":1}]',
      '-U[{"x":1,"y":1}]',
      '+U[{"y":1}]',
      '-U[{"y":1}]',
      // x's old entry was retracted and its new one added: insertion order puts it last.
      '+U[{"y":1,"x":2}]',
    ]);
  });

  it("in HAVING and in an uncorrelated scalar subquery; a correlated one without GROUP BY fails loudly", () => {
    const h = setup();
    h.run("INSERT INTO t VALUES (1, 'x'), (2, 'x'), (3, 'y')");
    expect(h.snapshot("SELECT b, JSON_ARRAYAGG(a) FROM t GROUP BY b HAVING JSON_ARRAYAGG(a) <> '[3]'")).toEqual([["x", "[1,2]"]]);
    expect(h.snapshot("SELECT (SELECT JSON_ARRAYAGG(b) FROM t WHERE a < 3)")).toEqual([['["x","x"]']]);
    expect(() => h.snapshot("SELECT a, (SELECT JSON_ARRAYAGG(u.a) FROM t AS u WHERE u.b = t.b) FROM t")).toThrow(/JSON_OBJECTAGG \/ JSON_ARRAYAGG without GROUP BY/);
  });

  it("per group: JSON_ARRAYAGG grows as rows arrive", () => {
    const h = setup();
    const s = h.start("SELECT b, JSON_ARRAYAGG(a) AS j FROM t GROUP BY b");
    h.run("INSERT INTO t VALUES (1, 'x')");
    h.run("INSERT INTO t VALUES (2, 'x')");
    expect(s.sink.log).toEqual(["+I[x, [1]]", "-U[x, [1]]", "+U[x, [1,2]]"]);
  });
});
