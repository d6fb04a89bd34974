/**
 * The registry through the real engine (parser + planner + executor): result types as Flink
 * reports them in the schema and values as they come out on the wire. Expectations follow the
 * Apache Flink docs ("System (Built-in) Functions", "Data Types") as cited in the unit tests.
 */
import { describe, expect, test } from "vitest";
import { Harness } from "../harness.ts";
import { formatType } from "../../../../src/types/format-type.ts";

function q(sql: string): { types: string[]; rows: unknown[][] } {
  const h = new Harness();
  const types = h.compile(sql, { "sql.snapshot.mode": "now" }).traits.schema!.map((c) => formatType(c.type));
  return { types, rows: h.snapshot(sql) as unknown[][] };
}

function fails(sql: string): string {
  const h = new Harness();
  try {
    h.snapshot(sql);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`expected ${sql} to fail`);
}

describe("expressions end to end", () => {
  test("operators and casts", () => {
    expect(q("SELECT 1 + 2, 'a' || 'b', CAST('12' AS INT), TRY_CAST('x' AS INT), CAST(1.5 AS DECIMAL(2, 1)) * 2")).toEqual({
      types: ["INT NOT NULL", "CHAR(2) NOT NULL", "INT NOT NULL", "INT", "DECIMAL(13, 1) NOT NULL"],
      rows: [["3", "ab", "12", null, "3.0"]],
    });
  });
  test("string functions", () => {
    expect(q("SELECT SUBSTRING('hello' FROM 2 FOR 3), TRIM(BOTH 'x' FROM 'xxaxx'), POSITION('l' IN 'hello'), 'abc' LIKE 'a%', UPPER('abc')")).toEqual({
      types: ["VARCHAR(5) NOT NULL", "VARCHAR(5) NOT NULL", "INT NOT NULL", "BOOLEAN NOT NULL", "CHAR(3) NOT NULL"],
      rows: [["ell", "a", "3", "TRUE", "ABC"]],
    });
  });
  // FlinkTypeSystem.shouldConvertRaggedUnionTypesToVarying() makes Calcite's leastRestrictive
  // (ARRAY and MAP constructors, IF, COALESCE, CASE) give VARCHAR(max) for CHARs of different
  // lengths, so no value is blank-padded; CHARs of one length stay CHAR.
  test("common type of CHARs of different lengths is VARCHAR", () => {
    expect(q("SELECT ARRAY['a', 'bb'], MAP['a', 'x', 'bb', 'yy'], IF(TRUE, 'a', 'bb'), COALESCE('a', 'bb'), CASE WHEN TRUE THEN 'a' ELSE 'bb' END, ARRAY['a', 'b']")).toEqual({
      types: ["ARRAY<VARCHAR(2) NOT NULL> NOT NULL", "MAP<VARCHAR(2) NOT NULL, VARCHAR(2) NOT NULL> NOT NULL", "VARCHAR(2) NOT NULL", "VARCHAR(2) NOT NULL", "VARCHAR(2) NOT NULL", "ARRAY<CHAR(1) NOT NULL> NOT NULL"],
      rows: [[["a", "bb"], [["a", "x"], ["bb", "yy"]], "a", "a", "a", ["a", "b"]]],
    });
  });
  // The client renders an empty typed map as MAP_FROM_ARRAYS of two emptied typed arrays.
  test("MAP_FROM_ARRAYS, including the client's empty-map form", () => {
    expect(q("SELECT MAP_FROM_ARRAYS(ARRAY['a', 'b'], ARRAY[1, 2]), MAP_FROM_ARRAYS(ARRAY_REMOVE(ARRAY[CAST(NULL AS INT)], CAST(NULL AS INT)), ARRAY_REMOVE(ARRAY[CAST(NULL AS STRING)], CAST(NULL AS STRING)))")).toEqual({
      types: ["MAP<CHAR(1) NOT NULL, INT NOT NULL> NOT NULL", "MAP<INT, STRING> NOT NULL"],
      rows: [[[["a", "1"], ["b", "2"]], []]],
    });
  });
  test("LEFT and RIGHT", () => {
    expect(q("SELECT LEFT('hello', 2), RIGHT('hello', 3), LEFT('hi', 5)")).toEqual({
      types: ["VARCHAR(5) NOT NULL", "VARCHAR(5) NOT NULL", "VARCHAR(2) NOT NULL"],
      rows: [["he", "llo", "hi"]],
    });
  });
  test("temporal functions", () => {
    expect(
      q("SELECT EXTRACT(YEAR FROM DATE '2024-06-15'), FLOOR(TIMESTAMP '2024-06-15 12:34:56' TO HOUR), TIMESTAMPDIFF(DAY, TIMESTAMP '2024-01-01 00:00:00', TIMESTAMP '2024-03-01 00:00:00'), DATE_FORMAT(TIMESTAMP '2024-06-15 12:34:56', 'yyyy/MM/dd HH:mm')"),
    ).toEqual({
      types: ["BIGINT NOT NULL", "TIMESTAMP(0) NOT NULL", "INT NOT NULL", "STRING NOT NULL"],
      rows: [["2024", "2024-06-15 12:00:00", "60", "2024/06/15 12:34"]],
    });
    // The harness clock starts at 2025-01-01T00:00:00Z.
    expect(q("SELECT CURRENT_DATE, TO_TIMESTAMP('2024-01-02 03:04:05'), UNIX_TIMESTAMP('2024-01-01 00:00:00')")).toEqual({
      types: ["DATE NOT NULL", "TIMESTAMP(3)", "BIGINT NOT NULL"],
      rows: [["2025-01-01", "2024-01-02 03:04:05.000", "1704067200"]],
    });
  });
  test("conditional, collection and JSON functions", () => {
    expect(q("SELECT COALESCE(NULL, 1), NULLIF(1, 1), IF(1 > 0, 'y', 'n'), 5 % 3, MOD(7, 2)")).toEqual({
      types: ["INT NOT NULL", "INT", "CHAR(1) NOT NULL", "INT NOT NULL", "INT NOT NULL"],
      rows: [["1", null, "y", "2", "1"]],
    });
    expect(q("SELECT ARRAY[1, 2, 3][2], CARDINALITY(ARRAY[1, 2]), MAP['a', 1]['a']")).toEqual({
      types: ["INT", "INT NOT NULL", "INT"],
      rows: [["2", "2", "1"]],
    });
    expect(q(`SELECT JSON_VALUE('{"a": 1}', '$.a'), JSON_OBJECT('k' VALUE 1), JSON_ARRAY(1, 'x', NULL)`)).toEqual({
      types: ["STRING", "STRING NOT NULL", "STRING NOT NULL"],
      rows: [["1", '{"k":1}', '[1,"x"]']],
    });
  });
  // Flink's FlinkReturnTypes.ROUND_FUNCTION (ROUND and TRUNCATE in FlinkSqlOperatorTable) reads
  // the digits literal: LogicalTypeMerging.findRoundDecimalType(p, s, r) gives DECIMAL(1 + p - s +
  // r, r) for 0 <= r < s and DECIMAL(1 + p - s, 0) for r < 0. Calcite's TIMESTAMPADD gives a
  // TIMESTAMP(0) for a unit finer than DAY added to a DATE.
  test("result types that depend on literal arguments", () => {
    expect(q("SELECT ROUND(1.2345, 2), ROUND(123.456, -1), TRUNCATE(1.789, 1), ROUND(1.2345), TIMESTAMPADD(HOUR, 5, DATE '2024-01-01'), TIMESTAMPADD(DAY, 5, DATE '2024-01-01')")).toEqual({
      types: ["DECIMAL(4, 2) NOT NULL", "DECIMAL(4, 0) NOT NULL", "DECIMAL(3, 1) NOT NULL", "DECIMAL(2, 0) NOT NULL", "TIMESTAMP(0) NOT NULL", "DATE NOT NULL"],
      rows: [["1.23", "120", "1.7", "1", "2024-01-01 05:00:00", "2024-01-06"]],
    });
    // A digits argument that is not a literal leaves the type alone (getOperandLiteralValue is null).
    const h = new Harness();
    h.run("CREATE TABLE n (x DECIMAL(6, 3), d INT)");
    expect(h.compile("SELECT ROUND(x, d), ROUND(x, 1) FROM n", { "sql.snapshot.mode": "now" }).traits.schema!.map((c) => formatType(c.type))).toEqual(["DECIMAL(6, 3)", "DECIMAL(5, 1)"]);
  });
  test("failures: runtime division by zero, invalid cast, incomparable types", () => {
    expect(fails("SELECT 1 / 0")).toMatch(/\/ by zero/);
    expect(fails("SELECT CAST(1 AS TIMESTAMP(3))")).toMatch(/Cast function cannot convert value of type INTEGER NOT NULL to type TIMESTAMP\(3\)/);
    expect(fails("SELECT 1 = TRUE")).toMatch(/Cannot apply '=' to arguments of type '<INTEGER> = <BOOLEAN>'/);
    // FLINK-24492: no implicit conversion between numbers and strings in =, <> and BETWEEN.
    expect(fails("SELECT 1 = '1'")).toMatch(/implicit type conversion between INT NOT NULL and CHAR\(1\) NOT NULL is not supported now/);
    expect(fails("SELECT 'a' BETWEEN 1 AND 2")).toMatch(/implicit type conversion between CHAR\(1\) NOT NULL and INT NOT NULL is not supported now/);
    expect(fails("SELECT 1 NOT BETWEEN 0 AND '2'")).toMatch(/implicit type conversion between INT NOT NULL and CHAR\(1\) NOT NULL is not supported now/);
    expect(q("SELECT 1 BETWEEN 0 AND 2.5, 'b' BETWEEN 'a' AND 'c'").rows).toEqual([["TRUE", "TRUE"]]);
  });
});

// Apache Flink docs, "System (Built-in) Functions > JSON Functions" (the examples are the docs'
// own), with Calcite's JsonFunctions semantics (Flink's SqlJsonUtils): a path without `lax` /
// `strict` is strict; JSON null or (lax) no match / a wrong kind of value is EMPTY, a strict
// miss or wrong kind of value, invalid JSON and a failed RETURNING conversion are ERROR.
describe("JSON_VALUE / JSON_QUERY / JSON_EXISTS clauses", () => {
  test("JSON_VALUE RETURNING and DEFAULT ... ON EMPTY / ON ERROR", () => {
    expect(q(`SELECT JSON_VALUE('{"a": true}', '$.a'), JSON_VALUE('{"a": true}', '$.a' RETURNING BOOLEAN), JSON_VALUE('{"a": true}', 'lax $.b' DEFAULT FALSE ON EMPTY), JSON_VALUE('{"a": true}', 'strict $.b' DEFAULT FALSE ON ERROR)`)).toEqual({
      types: ["STRING", "BOOLEAN", "STRING", "STRING"],
      rows: [["true", "TRUE", "false", "false"]],
    });
    expect(q(`SELECT JSON_VALUE('{"a.b": [0.998,0.996]}','$.["a.b"][0]' RETURNING DOUBLE), JSON_VALUE('{"contains blank": "right"}', 'strict $.["contains blank"]' NULL ON EMPTY DEFAULT 'wrong' ON ERROR)`)).toEqual({
      types: ["DOUBLE", "STRING"],
      rows: [["0.998", "right"]],
    });
    // RETURNING casts the scalar; a failed conversion is an error (NULL ON ERROR by default).
    expect(q(`SELECT JSON_VALUE('{"a": "x"}', '$.a' RETURNING INT), JSON_VALUE('{"a": "x"}', '$.a' RETURNING INT DEFAULT -1 ON ERROR), JSON_VALUE('{"a": 42}', '$.a' RETURNING BIGINT), JSON_VALUE('{"a": "2024-01-02"}', '$.a' RETURNING DATE), JSON_VALUE('{"a": 1.25}', '$.a' RETURNING DECIMAL(5, 2))`)).toEqual({
      types: ["INT", "INT", "BIGINT", "DATE", "DECIMAL(5, 2)"],
      rows: [[null, "-1", "42", "2024-01-02", "1.25"]],
    });
    // JSON null is EMPTY; a DEFAULT ON EMPTY that fails to convert falls through to ON ERROR (docs).
    expect(q(`SELECT JSON_VALUE('{"a": null}', 'lax $.a' DEFAULT 'n' ON EMPTY), JSON_VALUE('{}', 'lax $.a' RETURNING INT DEFAULT 'x' ON EMPTY DEFAULT 7 ON ERROR)`).rows).toEqual([["n", "7"]]);
    // Strict by default: a missing member is an error, not EMPTY.
    expect(q(`SELECT JSON_VALUE(s, '$.a' RETURNING INT DEFAULT 0 ON EMPTY), JSON_VALUE(s, 'lax $.a' RETURNING INT DEFAULT 0 ON EMPTY) FROM (VALUES ('{"a":1}'), ('{}'), (CAST(NULL AS STRING))) AS t(s)`).rows).toEqual([
      ["1", "1"],
      [null, "0"],
      [null, null],
    ]);
  });
  test("JSON_VALUE ERROR behaviours fail the statement with Calcite's messages", () => {
    expect(fails(`SELECT JSON_VALUE('{}', 'lax $.a' ERROR ON EMPTY)`)).toMatch(/Empty result of JSON_VALUE function is not allowed/);
    expect(fails(`SELECT JSON_VALUE('{"a": [1]}', 'strict $.a' ERROR ON ERROR)`)).toMatch(/Strict jsonpath mode requires scalar value, and the actual value is: '\[1\]'/);
    expect(fails(`SELECT JSON_VALUE('{}', '$.a' ERROR ON ERROR)`)).toMatch(/No results for path: \$\['a'\]/);
    expect(fails(`SELECT JSON_VALUE('{}', '$.a' RETURNING ARRAY<INT>)`)).toMatch(/Unsupported RETURNING type of JSON_VALUE: ARRAY<INT>/);
  });
  test("JSON_QUERY wrappers, RETURNING ARRAY<STRING>, ON EMPTY / ON ERROR", () => {
    expect(q(`SELECT JSON_QUERY('{ "a": { "b": 1 } }', '$.a'), JSON_QUERY('[1, 2]', '$'), JSON_QUERY(CAST(NULL AS STRING), '$'), JSON_QUERY('{"a":[{"c":"c1"},{"c":"c2"}]}', 'lax $.a[*].c'), JSON_QUERY('{"a":[{"c":"c1"},{"c":"c2"}]}', 'lax $.a[*].c' RETURNING ARRAY<STRING>)`)).toEqual({
      types: ["STRING", "STRING", "STRING", "STRING", "ARRAY<STRING>"],
      rows: [['{"b":1}', "[1,2]", null, '["c1","c2"]', ["c1", "c2"]]],
    });
    expect(q(`SELECT JSON_QUERY('{}', '$' WITH CONDITIONAL ARRAY WRAPPER), JSON_QUERY('[1, 2]', '$' WITH CONDITIONAL ARRAY WRAPPER), JSON_QUERY('[1, 2]', '$' WITH UNCONDITIONAL ARRAY WRAPPER), JSON_QUERY('1', '$'), JSON_QUERY('1', '$' WITH CONDITIONAL ARRAY WRAPPER)`).rows).toEqual([["[{}]", "[1,2]", "[[1,2]]", null, "[1]"]]);
    expect(q(`SELECT JSON_QUERY('{}', 'lax $.invalid' EMPTY OBJECT ON EMPTY), JSON_QUERY('{}', 'strict $.invalid' EMPTY ARRAY ON ERROR), JSON_QUERY('{}', 'lax $.x' RETURNING ARRAY<STRING> EMPTY ARRAY ON EMPTY)`).rows).toEqual([["{}", "[]", []]]);
    expect(fails(`SELECT JSON_QUERY('{}', 'lax $.x' ERROR ON EMPTY)`)).toMatch(/Empty result of JSON_QUERY function is not allowed/);
    expect(fails(`SELECT JSON_QUERY('{"a":1}', 'strict $.a' ERROR ON ERROR)`)).toMatch(/Strict jsonpath mode requires array or object value, and the actual value is: '1'/);
    expect(fails(`SELECT JSON_QUERY('{}', '$' RETURNING INT)`)).toMatch(/Unsupported RETURNING type of JSON_QUERY: INT/);
  });
  test("JSON_EXISTS ... ON ERROR", () => {
    expect(q(`SELECT JSON_EXISTS('{"a": true}', '$.a'), JSON_EXISTS('{"a": true}', '$.b'), JSON_EXISTS('{"a": [1]}', 'strict $.a[5]' TRUE ON ERROR), JSON_EXISTS('{"a": [1]}', 'strict $.a[5]' UNKNOWN ON ERROR), JSON_EXISTS('{"a": [1]}', 'lax $.a[5]' TRUE ON ERROR)`)).toEqual({
      types: ["BOOLEAN NOT NULL", "BOOLEAN NOT NULL", "BOOLEAN", "BOOLEAN", "BOOLEAN"],
      rows: [["TRUE", "FALSE", "TRUE", null, "FALSE"]],
    });
    expect(fails(`SELECT JSON_EXISTS('{"a": [1]}', 'strict $.b' ERROR ON ERROR)`)).toMatch(/No results for path: \$\['b'\]/);
  });
});
