/**
 * Every error form of the front end: Calcite's "Encountered ... Was expecting" parse errors,
 * lexical errors, literal format errors, out-of-range types and interval values (validation
 * errors with Calcite's "From line L, column C to line L2, column C2" prefix), and the
 * single-statement rule. All are EngineErrors, so the gateway fails the statement with the
 * message as its detail.
 */
import { describe, expect, it } from "vitest";
import { EngineError } from "../../../../src/emulator/engine.ts";
import { SQL_PARSER_EXCEPTION, SqlSyntaxError } from "../../../../src/emulator/sql/syntax/errors.ts";
import { parseDataType, parseExpression, parseStatement } from "../../../../src/emulator/sql/syntax/parser.ts";

const VALIDATION = "org.apache.flink.table.api.ValidationException";

function error(sql: string): EngineError {
  try {
    parseStatement(sql);
  } catch (e) {
    if (e instanceof EngineError) return e;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(sql)} to fail`);
}

function syntaxError(sql: string): SqlSyntaxError {
  const e = error(sql);
  expect(e).toBeInstanceOf(SqlSyntaxError);
  expect(e.exceptionName).toBe(SQL_PARSER_EXCEPTION);
  expect(e.exceptionName).toBe("org.apache.flink.table.api.SqlParserException");
  return e as SqlSyntaxError;
}

describe("Encountered ... at line L, column C", () => {
  it("names the offending token, its position, and what was expected", () => {
    const e = syntaxError("SELECT * FROMM t");
    expect(e.message.split("\n")[0]).toBe('SQL parse failed. Encountered "FROMM" at line 1, column 10.');
    expect(e.message).toContain("Was expecting one of:");
    expect(e.message).toContain('    "FROM" ...');
    expect(e.message).toContain("    <EOF> ");
    expect(e.line).toBe(1);
    expect(e.column).toBe(10);
    expect(e.pos).toEqual({ line: 1, column: 10, offset: 9 });
    expect(e.reason.startsWith('Encountered "FROMM"')).toBe(true);
  });

  it("an unknown word after an expression is taken as an alias, so the next token is reported", () => {
    const e = syntaxError("SELECT a FROMM t");
    expect(e.message.split("\n")[0]).toBe('SQL parse failed. Encountered "t" at line 1, column 16.');
  });

  it("reports <EOF> on the last character, as JavaCC does", () => {
    const e = syntaxError("SELECT a FROM");
    expect(e.message.split("\n")[0]).toBe('SQL parse failed. Encountered "<EOF>" at line 1, column 13.');
    expect(e.message).toContain("<IDENTIFIER> ...");
    expect(e.message).toContain('"LATERAL" ...');
  });

  it("counts lines and columns across newlines", () => {
    const e = syntaxError("SELECT a,\n  b\nFROM t\nWHER x = 1");
    expect(e.message.split("\n")[0]).toBe('SQL parse failed. Encountered "x" at line 4, column 6.');
  });

  it("rejects reserved words as identifiers unless quoted", () => {
    const e = syntaxError("SELECT value FROM t");
    expect(e.message.split("\n")[0]).toBe('SQL parse failed. Encountered "value" at line 1, column 8.');
    expect(e.message).toContain("<IDENTIFIER> ...");
    expect(() => parseStatement("SELECT `value` FROM t")).not.toThrow();
    expect(syntaxError("SELECT a FROM table").message).toContain('Encountered "table" at line 1, column 15.');
  });

  it("uses 'Was expecting:' for a single alternative", () => {
    const e = syntaxError("CREATE TABLE t (a INT) WITH ('k' 'v')");
    expect(e.message.split("\n")[0]).toBe(`SQL parse failed. Encountered "'v'" at line 1, column 34.`);
  });

  it("unknown statements list the statement keywords", () => {
    const e = syntaxError("SELEC 1");
    expect(e.message.split("\n")[0]).toBe('SQL parse failed. Encountered "SELEC" at line 1, column 1.');
    expect(e.message).toContain('"SELECT" ...');
    expect(e.message).toContain('"CREATE" ...');
  });

  it("an empty statement", () => {
    expect(syntaxError("").message.split("\n")[0]).toBe('SQL parse failed. Encountered "<EOF>" at line 1, column 1.');
    expect(syntaxError("  -- nothing").message.split("\n")[0]).toMatch(/^SQL parse failed\. Encountered "<EOF>" at line 1, column \d+\.$/);
  });

  it.each([
    ["INSERT t VALUES (1)", 'Encountered "t" at line 1, column 8.'],
    ["SELECT a FROM t GROUP a", 'Encountered "a" at line 1, column 23.'],
    ["SELECT 1 + FROM t", 'Encountered "FROM" at line 1, column 12.'],
    ["SELECT CAST(a INT)", 'Encountered "INT" at line 1, column 15.'],
    ["SELECT * FROM a JOIN", 'Encountered "<EOF>" at line 1, column 20.'],
    ["CREATE TABLE t (a INT,)", 'Encountered ")" at line 1, column 23.'],
    ["SELECT CASE WHEN a THEN 1", 'Encountered "<EOF>" at line 1, column 25.'],
    ["SELECT a FROM t ORDER a", 'Encountered "a" at line 1, column 23.'],
    ["DROP DATABASE d", 'Encountered "DATABASE" at line 1, column 6.'],
    ["SHOW STUFF", 'Encountered "STUFF" at line 1, column 6.'],
    ["SELECT EXTRACT(FORTNIGHT FROM d)", 'Encountered "FORTNIGHT" at line 1, column 16.'],
    ["SELECT * FROM t LIMIT x", 'Encountered "x" at line 1, column 23.'],
    ["SELECT a NOT b FROM t", 'Encountered "NOT" at line 1, column 10.'],
    ["SELECT INTERVAL 1 DAY", 'Encountered "1" at line 1, column 17.'],
    // Compound identifiers take only unreserved words or quoted parts (Calcite's CompoundIdentifier).
    ["EXECUTE STATEMENT SET BEGIN END", 'Encountered "END" at line 1, column 29.'],
    ["EXECUTE STATEMENT SET BEGIN INSERT INTO t SELECT 1 END", 'Encountered "END" at line 1, column 52.'],
    ["SELECT t.value FROM t", 'Encountered "." at line 1, column 9.'],
    ["SELECT a. FROM t", 'Encountered "." at line 1, column 9.'],
  ])("%s", (sql, first) => {
    expect(syntaxError(sql).message.split("\n")[0]).toBe(`SQL parse failed. ${first}`);
  });
});

describe("single statement", () => {
  it("allows one trailing semicolon", () => {
    expect(parseStatement("SELECT 1;").kind).toBe("Query");
    expect(parseStatement("SELECT 1 ; -- end").kind).toBe("Query");
  });

  it("rejects a second statement", () => {
    const e = syntaxError("SELECT 1; SELECT 2");
    expect(e.message).toBe("SQL parse failed. Only a single statement is supported, but found another statement at line 1, column 11.");
    expect(e.column).toBe(11);
  });

  it("rejects a double semicolon as an unexpected token", () => {
    expect(syntaxError("SELECT 1;;").message.split("\n")[0]).toBe('SQL parse failed. Only a single statement is supported, but found another statement at line 1, column 10.');
  });
});

describe("lexical errors", () => {
  it.each([
    ["SELECT # FROM t", 'Lexical error at line 1, column 8.  Encountered: "#" (35) after : ""'],
    ["SELECT 'abc FROM t", `Lexical error at line 1, column 19.  Encountered: <EOF> after : "'abc FROM t"`],
    ["SELECT `abc FROM t", 'Lexical error at line 1, column 19.  Encountered: <EOF> after : "`abc FROM t"'],
    ["SELECT a /* open", 'Lexical error at line 1, column 17.  Encountered: <EOF> after : "/* open"'],
    ['SELECT "a" FROM t', 'Lexical error at line 1, column 8.  Encountered: "\\"" (34) after : ""'],
  ])("%s", (sql, reason) => {
    const e = syntaxError(sql);
    expect(e.message).toBe(`SQL parse failed. ${reason}`);
  });

  it("binary literals need an even number of hex digits", () => {
    expect(syntaxError("SELECT x'abc'").message).toBe("SQL parse failed. Binary literal string must contain an even number of hexits at line 1, column 8.");
    expect(syntaxError("SELECT x'zz'").message).toBe("SQL parse failed. Binary literal string must contain only characters '0' - '9', 'A' - 'F' at line 1, column 8.");
  });

  it("Unicode escapes need four (or +six) hex digits", () => {
    expect(syntaxError("SELECT U&'\\00e'").message).toContain("is not exactly four hex digits");
    expect(parseExpression("U&'\\+01F600'")).toMatchObject({ value: "😀" });
    expect(syntaxError("SELECT U&'\\+FFFFFF'").message).toBe("SQL parse failed. Unicode escape sequence U+FFFFFF is not a valid code point at line 1, column 8.");
  });

  it("dynamic parameters are not part of the dialect", () => {
    expect(syntaxError("SELECT * FROM t WHERE a = ?").message).toBe("SQL parse failed. Dynamic parameters are not supported at line 1, column 27.");
  });
});

describe("literal errors", () => {
  it.each([
    ["SELECT DATE '2024-13-01'", "From line 1, column 8 to line 1, column 24: Illegal DATE literal '2024-13-01': not in format 'yyyy-MM-dd'"],
    ["SELECT DATE '2023-02-29'", "From line 1, column 8 to line 1, column 24: Illegal DATE literal '2023-02-29': not in format 'yyyy-MM-dd'"],
    ["SELECT TIME '24:00:00'", "From line 1, column 8 to line 1, column 22: Illegal TIME literal '24:00:00': not in format 'HH:mm:ss'"],
    ["SELECT TIMESTAMP '2024-01-01 25:00:00'", "From line 1, column 8 to line 1, column 38: Illegal TIMESTAMP literal '2024-01-01 25:00:00': not in format 'yyyy-MM-dd HH:mm:ss'"],
    ["SELECT TIMESTAMP 'yesterday'", "From line 1, column 8 to line 1, column 28: Illegal TIMESTAMP literal 'yesterday': not in format 'yyyy-MM-dd HH:mm:ss'"],
    ["SELECT TIMESTAMP '2024-01-01'", "From line 1, column 8 to line 1, column 29: Illegal TIMESTAMP literal '2024-01-01': not in format 'yyyy-MM-dd HH:mm:ss'"],
    ["SELECT TIMESTAMP '2024-01-01T00:00:00'", "From line 1, column 8 to line 1, column 38: Illegal TIMESTAMP literal '2024-01-01T00:00:00': not in format 'yyyy-MM-dd HH:mm:ss'"],
    ["SELECT TIME '12:34'", "From line 1, column 8 to line 1, column 19: Illegal TIME literal '12:34': not in format 'HH:mm:ss'"],
    ["SELECT TIMESTAMP_LTZ '2024-01-01 00:00:00.1234567890'", "From line 1, column 8 to line 1, column 53: Illegal TIMESTAMP WITH LOCAL TIME ZONE literal '2024-01-01 00:00:00.1234567890': not in format 'yyyy-MM-dd HH:mm:ss'"],
  ])("%s", (sql, reason) => {
    expect(syntaxError(sql).message).toBe(`SQL parse failed. ${reason}`);
  });

  it("interval values must fit the qualifier (validation errors)", () => {
    const cases: Array<[string, string]> = [
      ["SELECT INTERVAL '100' DAY", "From line 1, column 8 to line 1, column 25: Interval field value 100 exceeds precision of DAY(2) field"],
      ["SELECT INTERVAL '1-13' YEAR TO MONTH", "From line 1, column 8 to line 1, column 36: Illegal interval literal format '1-13' for INTERVAL YEAR TO MONTH"],
      ["SELECT INTERVAL '10:70' HOUR TO MINUTE", "From line 1, column 8 to line 1, column 38: Illegal interval literal format '10:70' for INTERVAL HOUR TO MINUTE"],
      ["SELECT INTERVAL 'x' SECOND", "From line 1, column 8 to line 1, column 26: Illegal interval literal format 'x' for INTERVAL SECOND"],
      ["SELECT INTERVAL '1 2' DAY TO SECOND", "From line 1, column 8 to line 1, column 35: Illegal interval literal format '1 2' for INTERVAL DAY TO SECOND"],
    ];
    for (const [sql, reason] of cases) {
      const e = error(sql);
      expect(e).not.toBeInstanceOf(SqlSyntaxError);
      expect(e.exceptionName).toBe(VALIDATION);
      expect(e.message).toBe(`SQL validation failed. ${reason}`);
    }
  });

  it("an interval qualifier must be a valid pair", () => {
    expect(syntaxError("SELECT INTERVAL '1' YEAR TO DAY").message).toBe('SQL parse failed. Encountered "TO DAY" at line 1, column 26.');
    expect(syntaxError("SELECT INTERVAL '1' SECOND TO MINUTE").message).toBe('SQL parse failed. Encountered "TO MINUTE" at line 1, column 28.');
  });
});

describe("type errors", () => {
  it.each([
    ["DECIMAL(40, 2)", "Decimal precision must be between 1 and 38 (both inclusive)."],
    ["DECIMAL(5, 6)", "Decimal scale must be between 0 and the precision 5 (both inclusive)."],
    ["VARCHAR(0)", "Variable character string length must be between 1 and 2147483647 (both inclusive)."],
    ["CHAR(0)", "Character string length must be between 1 and 2147483647 (both inclusive)."],
    ["BINARY(0)", "Binary string length must be between 1 and 2147483647 (both inclusive)."],
    ["TIMESTAMP(10)", "Timestamp precision must be between 0 and 9 (both inclusive)."],
    ["TIME(12)", "Time precision must be between 0 and 9 (both inclusive)."],
  ])("%s", (text, reason) => {
    let caught: unknown;
    try {
      parseDataType(text);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(EngineError);
    expect((caught as EngineError).exceptionName).toBe(VALIDATION);
    expect((caught as EngineError).message).toMatch(new RegExp(`^SQL validation failed\\. From line 1, column 1 to line 1, column \\d+: ${reason.replace(/[.()]/g, "\\$&")}$`));
  });

  it("positions the type inside a statement", () => {
    const e = error("CREATE TABLE t (a DECIMAL(40, 2))");
    expect(e.message).toBe("SQL validation failed. From line 1, column 19 to line 1, column 32: Decimal precision must be between 1 and 38 (both inclusive).");
  });

  it("unknown type names", () => {
    expect(syntaxError("CREATE TABLE t (a FOO)").message).toBe('SQL parse failed. Unknown or unsupported data type "FOO" at line 1, column 19.');
  });
});

describe("clear limits", () => {
  it("a join without a condition fails like Calcite's validator", () => {
    const e = error("SELECT * FROM a JOIN b WHERE TRUE");
    expect(e.exceptionName).toBe(VALIDATION);
    expect(e.message).toBe(
      "SQL validation failed. From line 1, column 15 to line 1, column 22: INNER, LEFT, RIGHT or FULL join requires a condition (NATURAL keyword or ON or USING clause)",
    );
  });

  it("MATCH_RECOGNIZE requires DEFINE, as in Calcite's grammar", () => {
    const m = syntaxError("SELECT * FROM t MATCH_RECOGNIZE (PATTERN (A))").message;
    expect(m).toMatch(/^SQL parse failed\. Encountered "\)" at line 1, column 45\.\nWas expecting one of:\n/);
    expect(m).toContain('"DEFINE" ...');
  });
});

describe("size limits (never a stack overflow)", () => {
  it("deep nesting fails with a syntax error", () => {
    const e = syntaxError("SELECT " + "(".repeat(5000) + "1" + ")".repeat(5000));
    expect(e.message).toMatch(/^SQL parse failed\. Statement is nested too deeply \(more than 200 levels\) at line 1, column \d+\.$/);
    expect(syntaxError("SELECT " + "f(".repeat(500) + "1" + ")".repeat(500)).message).toContain("nested too deeply");
    expect(syntaxError("SELECT " + "-".repeat(0) + "NOT ".repeat(1000) + "TRUE").message).toContain("nested too deeply");
    expect(syntaxError("SELECT * FROM " + "(SELECT * FROM ".repeat(300) + "t" + ")".repeat(300)).message).toContain("nested too deeply");
  });

  it("very long operator chains fail with a syntax error", () => {
    const e = syntaxError("SELECT " + Array(5000).fill("a").join(" + "));
    expect(e.message).toMatch(/^SQL parse failed\. Expression has too many operands \(more than 1000\) at line 1, column \d+\.$/);
  });

  it("reasonable sizes parse", () => {
    expect(() => parseStatement("SELECT " + Array(900).fill("a").join(" OR "))).not.toThrow();
    expect(() => parseStatement("SELECT " + "(".repeat(150) + "1" + ")".repeat(150))).not.toThrow();
    expect(() => parseStatement("SELECT a IN (" + Array(5000).fill("1").join(", ") + ")")).not.toThrow();
  });
});

describe("duplicate definitions", () => {
  it("two primary keys", () => {
    const e = error("CREATE TABLE t (a INT PRIMARY KEY NOT ENFORCED, PRIMARY KEY (a) NOT ENFORCED)");
    expect(e.message).toBe("SQL validation failed. From line 1, column 49 to line 1, column 76: Duplicate primary key definition");
  });

  it("two watermarks", () => {
    const e = error("CREATE TABLE t (ts TIMESTAMP(3), WATERMARK FOR ts AS ts, WATERMARK FOR ts AS ts)");
    expect(e.message).toBe("SQL validation failed. From line 1, column 58 to line 1, column 79: Multiple WATERMARK statements is not supported yet.");
  });
});
