/**
 * Operators: Flink's result types (LogicalTypeMerging / Calcite rules) and evaluation.
 * Sources: Apache Flink docs "System (Built-in) Functions" (Comparison, Logical, Arithmetic)
 * and "Data Types" (DECIMAL); DECIMAL derivation from Flink's LogicalTypeMerging
 * (findAdditionDecimalType, findMultiplicationDecimalType, findDivisionDecimalType,
 * adjustPrecisionScale: precision capped at 38, minimum adjusted scale 6).
 */
import { describe, expect, test } from "vitest";
import { EngineError } from "../../../../src/emulator/engine.ts";
import { SqlRuntimeError, lookupScalar } from "../../../../src/emulator/sql/functions/registry.ts";
import { Decimal } from "../../../../src/types/decimal.ts";
import { parseDate, parseTimestamp, formatTimestamp, formatDate } from "../../../../src/types/temporal.ts";
import { T, big, call, dbl, int, nul, str, typeOf } from "./support.ts";

const dec = (s: string, p: number, sc: number) => [T.decimal(p, sc, false), Decimal.parse(s)] as [ReturnType<typeof T.decimal>, Decimal];

describe("arithmetic result types", () => {
  test("integers keep the wider integer type (INT + BIGINT is BIGINT)", () => {
    expect(typeOf("+", T.int(false), T.int(false))).toBe("INT NOT NULL");
    expect(typeOf("+", T.int(false), T.bigint(false))).toBe("BIGINT NOT NULL");
    expect(typeOf("*", T.smallint(false), T.tinyint(false))).toBe("SMALLINT NOT NULL");
    expect(typeOf("/", T.int(false), T.int(false))).toBe("INT NOT NULL");
  });
  test("nullability: nullable if any operand is", () => {
    expect(typeOf("+", T.int(true), T.int(false))).toBe("INT");
    expect(typeOf("-", T.double(false), T.int(false))).toBe("DOUBLE NOT NULL");
  });
  test("approximate wins: INT + DOUBLE is DOUBLE, DECIMAL + DOUBLE is DOUBLE, DECIMAL + FLOAT is FLOAT", () => {
    expect(typeOf("+", T.int(false), T.double(false))).toBe("DOUBLE NOT NULL");
    expect(typeOf("+", T.decimal(10, 2, false), T.double(false))).toBe("DOUBLE NOT NULL");
    expect(typeOf("+", T.decimal(10, 2, false), T.float(false))).toBe("FLOAT NOT NULL");
  });
  test("DECIMAL +: scale max(s1, s2), precision max(p1-s1, p2-s2) + scale + 1", () => {
    expect(typeOf("+", T.decimal(10, 2, false), T.decimal(5, 3, false))).toBe("DECIMAL(12, 3) NOT NULL");
    expect(typeOf("-", T.decimal(10, 2, false), T.decimal(10, 2, false))).toBe("DECIMAL(11, 2) NOT NULL");
    // INT is DECIMAL(10, 0) when it meets a DECIMAL
    expect(typeOf("+", T.int(false), T.decimal(10, 2, false))).toBe("DECIMAL(13, 2) NOT NULL");
    expect(typeOf("+", T.bigint(false), T.decimal(10, 2, false))).toBe("DECIMAL(22, 2) NOT NULL");
  });
  test("DECIMAL *: p1 + p2 + 1, s1 + s2; beyond 38 keeps integer digits and at least scale 6", () => {
    expect(typeOf("*", T.decimal(10, 2, false), T.decimal(5, 3, false))).toBe("DECIMAL(16, 5) NOT NULL");
    expect(typeOf("*", T.decimal(38, 10, false), T.decimal(38, 10, false))).toBe("DECIMAL(38, 6) NOT NULL");
    expect(typeOf("*", T.decimal(20, 2, false), T.decimal(20, 2, false))).toBe("DECIMAL(38, 4) NOT NULL");
  });
  test("DECIMAL /: scale max(6, s1 + p2 + 1), precision p1 - s1 + s2 + scale", () => {
    expect(typeOf("/", T.decimal(10, 2, false), T.decimal(5, 3, false))).toBe("DECIMAL(19, 8) NOT NULL");
    expect(typeOf("/", T.decimal(10, 2, false), T.int(false))).toBe("DECIMAL(21, 13) NOT NULL");
    expect(typeOf("/", T.decimal(38, 2, false), T.decimal(38, 2, false))).toBe("DECIMAL(38, 6) NOT NULL");
  });
  test("% (MOD): integer remainder has the divisor's type (Calcite NULLABLE_MOD); DECIMAL min integer digits", () => {
    expect(typeOf("%", T.int(false), T.bigint(false))).toBe("BIGINT NOT NULL");
    expect(typeOf("%", T.bigint(false), T.int(false))).toBe("INT NOT NULL");
    expect(typeOf("%", T.decimal(10, 2, false), T.decimal(5, 3, false))).toBe("DECIMAL(5, 3) NOT NULL");
    expect(() => typeOf("%", T.double(false), T.int(false))).toThrow(/Cannot apply '%'/);
  });
  test("invalid operand types fail validation with a Calcite-style message", () => {
    expect(() => typeOf("+", T.int(false), T.boolean(false))).toThrow("Cannot apply '+' to arguments of type '<INTEGER> + <BOOLEAN>'");
    expect(() => typeOf("+", T.string(false), T.int(false))).toThrow(EngineError);
  });
});

describe("arithmetic values", () => {
  test("integer division truncates; % follows the dividend's sign (Java)", () => {
    expect(call("/", [int(7), int(2)])).toBe(3);
    expect(call("/", [int(-7), int(2)])).toBe(-3);
    expect(call("%", [int(-7), int(3)])).toBe(-1);
    expect(call("%", [big(-7n), int(3)])).toBe(-1);
    expect(call("/", [big(7n), big(2n)])).toBe(3n);
  });
  test("overflow wraps like Java int/long arithmetic", () => {
    expect(call("+", [int(2147483647), int(1)])).toBe(-2147483648);
    expect(call("*", [int(65536), int(65536)])).toBe(0);
    expect(call("+", [big(9223372036854775807n), big(1n)])).toBe(-9223372036854775808n);
    expect(call("NEG", [int(-2147483648)])).toBe(-2147483648);
    expect(call("+", [[T.tinyint(false), 127], [T.tinyint(false), 1]])).toBe(-128);
  });
  test("integer division by zero fails the job (java.lang.ArithmeticException: / by zero)", () => {
    expect(() => call("/", [int(1), int(0)])).toThrow(SqlRuntimeError);
    expect(() => call("/", [int(1), int(0)])).toThrow("/ by zero");
    expect(() => call("%", [big(1n), big(0n)])).toThrow("/ by zero");
    try {
      call("/", [int(1), int(0)]);
    } catch (e) {
      expect((e as SqlRuntimeError).exceptionName).toBe("java.lang.ArithmeticException");
    }
  });
  test("DOUBLE division by zero is Infinity / NaN (IEEE, like Java)", () => {
    expect(call("/", [dbl(1), dbl(0)])).toBe(Infinity);
    expect(call("/", [dbl(-1), int(0)])).toBe(-Infinity);
    expect(call("/", [dbl(0), dbl(0)])).toBeNaN();
  });
  test("DECIMAL arithmetic is exact and takes the result scale", () => {
    expect(String(call("+", [dec("1.10", 10, 2), dec("2.005", 5, 3)]))).toBe("3.105");
    expect(String(call("*", [dec("1.10", 10, 2), dec("2.005", 5, 3)]))).toBe("2.20550");
    expect(String(call("/", [dec("1.00", 10, 2), dec("3.000", 5, 3)]))).toBe("0.33333333");
    expect(String(call("/", [dec("2.00", 10, 2), int(3)]))).toBe("0.6666666666667");
    expect(String(call("%", [dec("7.50", 10, 2), dec("2.000", 5, 3)]))).toBe("1.500");
    expect(String(call("+", [int(1), dec("2.50", 10, 2)]))).toBe("3.50");
    expect(() => call("/", [dec("1.00", 10, 2), dec("0", 5, 0)])).toThrow(SqlRuntimeError);
  });
  test("DECIMAL overflow beyond the result precision gives NULL (Flink's DecimalData rule)", () => {
    const max = Decimal.parse("9".repeat(38));
    expect(call("+", [[T.decimal(38, 0, false), max], [T.decimal(38, 0, false), max]])).toBeNull();
  });
  test("NULL operands give NULL", () => {
    expect(call("+", [nul(T.int()), int(1)])).toBeNull();
    expect(call("*", [dbl(2), nul(T.double())])).toBeNull();
    expect(call("NEG", [nul(T.bigint())])).toBeNull();
  });
  test("datetime +/- interval", () => {
    const d = [T.date(false), parseDate("2024-01-31")] as const;
    const oneMonth = [{ type: "INTERVAL_YEAR_MONTH", resolution: "MONTH", precision: 2, nullable: false }, 1] as const;
    const twoDays = [{ type: "INTERVAL_DAY_TIME", resolution: "DAY", precision: 2, fractionalPrecision: 6, nullable: false }, 2 * 86_400_000] as const;
    // java.time plusMonths clamps the day: 2024-01-31 + 1 month = 2024-02-29
    expect(formatDate(call("+", [[...d], [...oneMonth]] as never) as number)).toBe("2024-02-29");
    expect(formatDate(call("-", [[...d], [...twoDays]] as never) as number)).toBe("2024-01-29");
    expect(typeOf("+", T.date(false), twoDays[0] as never)).toBe("DATE NOT NULL");
    const ts = [T.timestamp(3, false), parseTimestamp("2024-02-29 10:00:00.250")] as const;
    expect(formatTimestamp(call("+", [[...ts], [...twoDays]] as never) as never, 3)).toBe("2024-03-02 10:00:00.250");
    expect(formatTimestamp(call("+", [[...oneMonth], [...ts]] as never) as never, 3)).toBe("2024-03-29 10:00:00.250");
    expect(typeOf("+", T.timestamp(3, false), oneMonth[0] as never)).toBe("TIMESTAMP(3) NOT NULL");
    expect(() => typeOf("-", twoDays[0] as never, T.date(false))).toThrow(/Cannot apply '-'/);
  });
});

describe("comparison", () => {
  test("BOOLEAN result, nullable when an operand is", () => {
    expect(typeOf("=", T.int(false), T.int(false))).toBe("BOOLEAN NOT NULL");
    expect(typeOf("<", T.int(true), T.decimal(5, 2, false))).toBe("BOOLEAN");
  });
  test("incomparable types fail with Calcite's message", () => {
    expect(() => typeOf("=", T.int(true), T.boolean(true))).toThrow(
      "Cannot apply '=' to arguments of type '<INTEGER> = <BOOLEAN>'. Supported form(s): '<COMPARABLE_TYPE> = <COMPARABLE_TYPE>'",
    );
    expect(() => typeOf("<", T.date(false), T.int(false))).toThrow(/Cannot apply '<'/);
  });
  test("mixed numerics compare by value", () => {
    expect(call("=", [int(1), [T.decimal(3, 2, false), Decimal.parse("1.00")]])).toBe(true);
    expect(call("<", [big(2n), dbl(2.5)])).toBe(true);
    expect(call(">=", [dbl(2), int(2)])).toBe(true);
    expect(call("<>", [int(1), big(1n)])).toBe(false);
  });
  test("strings compare lexicographically; a string meets a date by implicit cast (FLINK-33171)", () => {
    expect(call("<", [str("abc"), str("abd")])).toBe(true);
    expect(call("<", [str("10"), int(11)])).toBe(true);
    expect(call("=", [[T.date(false), parseDate("2024-01-02")], str("2024-01-02")])).toBe(true);
  });
  test("= / <> between a number and a string are rejected (FLINK-24492)", () => {
    expect(() => typeOf("=", T.int(false), T.char(1, false))).toThrow("implicit type conversion between INT NOT NULL and CHAR(1) NOT NULL is not supported now");
    expect(() => typeOf("<>", T.string(true), T.bigint(true))).toThrow("implicit type conversion between VARCHAR(2147483647) and BIGINT is not supported now");
  });
  test("NaN is not equal to itself in SQL comparisons", () => {
    expect(call("=", [dbl(NaN), dbl(NaN)])).toBe(false);
    expect(call("<>", [dbl(NaN), dbl(1)])).toBe(true);
    expect(call("<", [dbl(NaN), dbl(1)])).toBe(false);
  });
  test("NULL compares to NULL (unknown)", () => {
    expect(call("=", [nul(T.int()), int(1)])).toBeNull();
    expect(call("<", [str("a"), nul(T.string())])).toBeNull();
  });
  test("IS [NOT] DISTINCT FROM treats NULLs as equal and is NOT NULL", () => {
    expect(typeOf("IS DISTINCT FROM", T.int(true), T.int(true))).toBe("BOOLEAN NOT NULL");
    expect(call("IS DISTINCT FROM", [nul(T.int()), nul(T.int())])).toBe(false);
    expect(call("IS DISTINCT FROM", [nul(T.int()), int(1)])).toBe(true);
    expect(call("IS NOT DISTINCT FROM", [int(1), [T.decimal(2, 1, false), Decimal.parse("1.0")]])).toBe(true);
  });
});

describe("logical (three-valued)", () => {
  const b = (v: boolean | null) => [T.boolean(v === null), v] as [ReturnType<typeof T.boolean>, boolean | null];
  test("AND / OR truth tables with UNKNOWN", () => {
    expect(call("AND", [b(true), b(null)])).toBeNull();
    expect(call("AND", [b(false), b(null)])).toBe(false);
    expect(call("OR", [b(true), b(null)])).toBe(true);
    expect(call("OR", [b(false), b(null)])).toBeNull();
    expect(call("NOT", [b(null)])).toBeNull();
    expect(call("NOT", [b(true)])).toBe(false);
  });
  test("IS forms never return NULL", () => {
    expect(call("IS NULL", [nul(T.int())])).toBe(true);
    expect(call("IS NOT NULL", [int(1)])).toBe(true);
    expect(call("IS TRUE", [b(null)])).toBe(false);
    expect(call("IS NOT FALSE", [b(null)])).toBe(true);
    expect(call("IS UNKNOWN", [b(null)])).toBe(true);
    expect(typeOf("IS NULL", T.int(true))).toBe("BOOLEAN NOT NULL");
  });
  test("non-boolean operands fail validation", () => {
    expect(() => typeOf("AND", T.int(false), T.boolean(false))).toThrow("Cannot apply 'AND' to arguments of type '<INTEGER> AND <BOOLEAN>'");
  });
});

describe("||", () => {
  test("CHAR || CHAR is CHAR(sum), with a VARCHAR it is VARCHAR(sum), capped at STRING", () => {
    expect(typeOf("||", T.char(1, false), T.char(2, false))).toBe("CHAR(3) NOT NULL");
    expect(typeOf("||", T.char(1, false), T.varchar(5, true))).toBe("VARCHAR(6)");
    expect(typeOf("||", T.string(false), T.char(2, false))).toBe("STRING NOT NULL");
  });
  test("values and NULL", () => {
    expect(call("||", [str("a"), str("bc")])).toBe("abc");
    expect(call("||", [str("a"), nul(T.string())])).toBeNull();
    expect(() => typeOf("||", T.int(false), T.string(false))).toThrow(/Cannot apply '\|\|'/);
  });
});

test("every operator named in the contract is registered", () => {
  for (const op of ["+", "-", "*", "/", "%", "=", "<>", "<", "<=", ">", ">=", "AND", "OR", "NOT", "IS NULL", "IS NOT NULL", "LIKE", "||", "NEG", "IS DISTINCT FROM", "IS NOT DISTINCT FROM"]) {
    expect(lookupScalar(op), op).toBeDefined();
  }
  expect(lookupScalar("upper")).toBe(lookupScalar("UPPER"));
  expect(lookupScalar("NO_SUCH_FUNCTION")).toBeUndefined();
});
