/**
 * Numeric functions. Source: Apache Flink docs, "System (Built-in) Functions > Arithmetic
 * Functions" (ROUND half-up, TRUNCATE, FLOOR/CEIL, MOD, POWER, LOG(b, x), SIGN, RAND(seed),
 * RAND_INTEGER) and Flink's LogicalTypeMerging.findRoundDecimalType for ROUND's DECIMAL type.
 */
import { describe, expect, test } from "vitest";
import { lookupScalar } from "../../../../src/emulator/sql/functions/registry.ts";
import { Decimal } from "../../../../src/types/decimal.ts";
import { formatType } from "../../../../src/types/format-type.ts";
import { T, big, call, dbl, int, nul, typeOf } from "./support.ts";

const dec = (s: string, p: number, sc: number) => [T.decimal(p, sc, false), Decimal.parse(s)] as [ReturnType<typeof T.decimal>, Decimal];

describe("types", () => {
  test("ABS/SIGN keep the type; transcendental functions are DOUBLE", () => {
    expect(typeOf("ABS", T.decimal(5, 2, true))).toBe("DECIMAL(5, 2)");
    expect(typeOf("SIGN", T.bigint(false))).toBe("BIGINT NOT NULL");
    expect(typeOf("POWER", T.int(false), T.int(false))).toBe("DOUBLE NOT NULL");
    expect(typeOf("SQRT", T.decimal(5, 2, true))).toBe("DOUBLE");
    expect(typeOf("LOG", T.int(false), T.int(false))).toBe("DOUBLE NOT NULL");
    expect(typeOf("PI")).toBe("DOUBLE NOT NULL");
    expect(typeOf("RAND")).toBe("DOUBLE NOT NULL");
    expect(typeOf("RAND_INTEGER", T.int(false))).toBe("INT NOT NULL");
  });
  test("FLOOR/CEIL of DECIMAL(p, s) is DECIMAL(p - s + 1, 0); ROUND(x) is DECIMAL(p - s + 1, 0)", () => {
    expect(typeOf("FLOOR", T.decimal(10, 3, false))).toBe("DECIMAL(8, 0) NOT NULL");
    expect(typeOf("CEIL", T.double(false))).toBe("DOUBLE NOT NULL");
    expect(typeOf("ROUND", T.decimal(10, 3, false))).toBe("DECIMAL(8, 0) NOT NULL");
  });
  test("ROUND(DECIMAL(p, s), r) with a literal r follows findRoundDecimalType", () => {
    const f = lookupScalar("ROUND")!;
    const ts = [T.decimal(10, 3, false), T.int(false)];
    expect(formatType(f.inferTypeWithLiterals!(ts, [undefined, 2])!)).toBe("DECIMAL(10, 2) NOT NULL");
    expect(formatType(f.inferTypeWithLiterals!(ts, [undefined, -1])!)).toBe("DECIMAL(8, 0) NOT NULL");
    expect(formatType(f.inferTypeWithLiterals!(ts, [undefined, 5])!)).toBe("DECIMAL(10, 3) NOT NULL");
  });
  test("MOD rejects approximate numerics", () => {
    expect(() => typeOf("MOD", T.double(false), T.int(false))).toThrow(/Cannot apply 'MOD'/);
    expect(() => typeOf("ABS", T.string(false))).toThrow(/Cannot apply 'ABS'/);
  });
});

describe("values", () => {
  test("ABS, including Java's ABS(MIN_VALUE) wrap", () => {
    expect(call("ABS", [int(-3)])).toBe(3);
    expect(call("ABS", [int(-2147483648)])).toBe(-2147483648);
    expect(String(call("ABS", [dec("-1.50", 5, 2)]))).toBe("1.50");
    expect(call("ABS", [nul(T.int())])).toBeNull();
  });
  test("ROUND is HALF_UP for decimals and doubles; negative digits round to tens", () => {
    expect(call("ROUND", [dbl(2.5)])).toBe(3);
    expect(call("ROUND", [dbl(-2.5)])).toBe(-3);
    expect(call("ROUND", [dbl(1.005), int(2)])).toBe(1.01);
    expect(call("ROUND", [dbl(1234.5678), int(-2)])).toBe(1200);
    expect(call("ROUND", [int(1250), int(-2)])).toBe(1300);
    expect(call("ROUND", [big(-1250n), int(-2)])).toBe(-1300n);
    expect(String(call("ROUND", [dec("12.345", 10, 3)]))).toBe("12");
    const f = lookupScalar("ROUND")!;
    const ts = [T.decimal(10, 3, false), T.int(false)];
    const rt = f.inferTypeWithLiterals!(ts, [undefined, 2])!;
    expect(String(f.compile(ts, rt)([Decimal.parse("12.345"), 2], { now: () => 0, localTimeZone: "UTC", random: Math.random }))).toBe("12.35");
  });
  test("TRUNCATE drops digits toward zero", () => {
    expect(call("TRUNCATE", [dbl(42.345), int(2)])).toBe(42.34);
    expect(call("TRUNCATE", [dbl(-42.345)])).toBe(-42);
    expect(call("TRUNCATE", [int(1999), int(-3)])).toBe(1000);
  });
  test("FLOOR / CEIL", () => {
    expect(call("FLOOR", [dbl(-1.5)])).toBe(-2);
    expect(call("CEIL", [dbl(1.2)])).toBe(2);
    expect(String(call("FLOOR", [dec("-1.50", 5, 2)]))).toBe("-2");
    expect(String(call("CEILING", [dec("1.01", 5, 2)]))).toBe("2");
    expect(call("CEIL", [int(7)])).toBe(7);
  });
  test("MOD / POWER / SQRT / EXP / LN / LOG10 / LOG2 / LOG(base, x)", () => {
    expect(call("MOD", [int(-7), int(3)])).toBe(-1);
    expect(() => call("MOD", [int(1), int(0)])).toThrow("/ by zero");
    expect(call("POWER", [int(2), int(10)])).toBe(1024);
    expect(call("SQRT", [int(16)])).toBe(4);
    expect(call("SQRT", [int(-1)])).toBeNaN();
    expect(call("EXP", [int(0)])).toBe(1);
    expect(call("LN", [dbl(Math.E)])).toBe(1);
    expect(call("LOG10", [int(1000)])).toBe(3);
    expect(call("LOG2", [int(8)])).toBe(3);
    expect(call("LOG", [int(2), int(8)])).toBe(3);
    expect(call("LOG", [dbl(Math.E)])).toBe(1);
  });
  test("SIGN, PI, E, trigonometry, DEGREES/RADIANS", () => {
    expect(call("SIGN", [int(-5)])).toBe(-1);
    expect(call("SIGN", [big(0n)])).toBe(0n);
    expect(String(call("SIGN", [dec("-2.50", 5, 2)]))).toBe("-1.00");
    expect(call("PI", [])).toBe(Math.PI);
    expect(call("E", [])).toBe(Math.E);
    expect(call("SIN", [int(0)])).toBe(0);
    expect(call("ATAN2", [int(1), int(1)])).toBeCloseTo(Math.PI / 4, 12);
    expect(call("DEGREES", [dbl(Math.PI)])).toBe(180);
    expect(call("RADIANS", [int(180)])).toBe(Math.PI);
  });
  test("RAND(seed) repeats for the same seed; RAND_INTEGER(bound) is in [0, bound)", () => {
    const a = call("RAND", [int(7)]);
    expect(call("RAND", [int(7)])).toBe(a);
    expect(call("RAND", [int(8)])).not.toBe(a);
    for (let i = 0; i < 20; i++) {
      const r = call("RAND_INTEGER", [int(10)]) as number;
      expect(Number.isInteger(r) && r >= 0 && r < 10).toBe(true);
    }
    expect(call("RAND_INTEGER", [int(1), int(10)])).toBe(call("RAND_INTEGER", [int(1), int(10)]));
    expect(lookupScalar("RAND")!.deterministic).toBe(false);
  });
  test("BIN / HEX", () => {
    expect(call("BIN", [int(12)])).toBe("1100");
    expect(call("HEX", [int(255)])).toBe("FF");
    expect(call("HEX", [[T.string(false), "ab"]])).toBe("6162");
  });
});

test("remaining trigonometric and hyperbolic functions, POW alias, CBRT", () => {
  expect(call("COS", [int(0)])).toBe(1);
  expect(call("TAN", [int(0)])).toBe(0);
  expect(call("COT", [dbl(Math.PI / 4)])).toBeCloseTo(1, 12);
  expect(call("ASIN", [int(1)])).toBe(Math.PI / 2);
  expect(call("ACOS", [int(1)])).toBe(0);
  expect(call("ATAN", [int(1)])).toBe(Math.PI / 4);
  expect(call("SINH", [int(0)])).toBe(0);
  expect(call("COSH", [int(0)])).toBe(1);
  expect(call("TANH", [int(0)])).toBe(0);
  expect(call("POW", [int(3), int(2)])).toBe(9);
  expect(call("CBRT", [int(27)])).toBe(3);
  expect(call("COS", [nul(T.double())])).toBeNull();
});
