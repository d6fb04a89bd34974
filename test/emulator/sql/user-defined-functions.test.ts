/**
 * CREATE / DROP FUNCTION: Confluent loads Java UDFs from uploaded artifacts, which the emulator
 * cannot run. It refuses them by name, not with a parse error listing what it expected. Also
 * `//` line comments, which Flink lexes as `--` ones.
 */
import { describe, expect, test } from "vitest";
import { Harness } from "./harness.ts";

describe("user-defined functions", () => {
  test.each([
    ["CREATE FUNCTION f AS 'com.example.F' USING JAR 'confluent-artifact://cfa-123'", 8],
    ["CREATE TEMPORARY SYSTEM FUNCTION f AS 'com.example.F'", 18],
    ["CREATE OR REPLACE FUNCTION f AS 'com.example.F'", 19],
    ["DROP FUNCTION IF EXISTS f", 6],
  ])("%s is refused as unsupported", (sql, column) => {
    const h = new Harness();
    expect(() => h.compile(sql)).toThrow(
      `Unsupported feature in the emulator: user-defined functions (CREATE / DROP FUNCTION); it runs the built-in functions only (at line 1, column ${column}).`,
    );
  });

  test("CREATE TABLE and DROP VIEW still parse", () => {
    const h = new Harness();
    h.run("CREATE TABLE functions_t (f INT)");
    h.run("CREATE VIEW functions_v AS SELECT f FROM functions_t");
    h.run("DROP VIEW functions_v");
  });
});

describe("// line comments (Calcite's lexer takes them like --)", () => {
  test("a // comment ends at the line end, and / stays division", () => {
    const h = new Harness();
    expect(h.snapshot("SELECT 6 / 3 AS q // the quotient\n, 1 AS n -- and a one")).toEqual([["2", "1"]]); // the harness reads wire text
    expect(h.snapshot("// leading comment\r\nSELECT 'a//b' AS s")).toEqual([["a//b"]]);
  });
});
