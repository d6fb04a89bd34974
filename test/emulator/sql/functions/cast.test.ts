/**
 * CAST / TRY_CAST. Source: Apache Flink docs, "Data Types > Casting" (cast matrix; CAST fails
 * the job on invalid input, TRY_CAST returns NULL; CHAR(n) pads, VARCHAR(n)/CHAR(n) truncate
 * since Flink 1.16; integer narrowing wraps; numbers to DECIMAL round HALF_UP and overflow to
 * NULL; booleans print TRUE/FALSE; numeric -> TIMESTAMP is not supported, numeric ->
 * TIMESTAMP_LTZ is epoch seconds) and "Type Conversion Functions".
 */
import { describe, expect, test } from "vitest";
import { EngineError } from "../../../../src/emulator/engine.ts";
import { SqlRuntimeError, canCast, castFunction } from "../../../../src/emulator/sql/functions/registry.ts";
import type { InternalValue } from "../../../../src/emulator/sql/functions/registry.ts";
import type { LogicalType } from "../../../../src/types/model.ts";
import { Decimal } from "../../../../src/types/decimal.ts";
import { Timestamp, formatTimestamp, parseDate, parseTime, parseTimestamp } from "../../../../src/types/temporal.ts";
import { T, ctx } from "./support.ts";

function cast(from: LogicalType, to: LogicalType, v: InternalValue, zone = "UTC"): InternalValue {
  return castFunction(from, to, false)(v, ctx(zone));
}
function tryCast(from: LogicalType, to: LogicalType, v: InternalValue): InternalValue {
  return castFunction(from, to, true)(v, ctx());
}
const S = T.string(false);

describe("to STRING (Flink text forms)", () => {
  test.each<[string, LogicalType, InternalValue, string]>([
    ["BOOLEAN", T.boolean(), true, "TRUE"],
    ["INT", T.int(), -42, "-42"],
    ["BIGINT", T.bigint(), 9007199254740993n, "9007199254740993"],
    ["DOUBLE (Java Double.toString)", T.double(), 1e7, "1.0E7"],
    ["DOUBLE small", T.double(), 0.5, "0.5"],
    ["DOUBLE whole", T.double(), 3, "3.0"],
    ["FLOAT", T.float(), Math.fround(0.1), "0.1"],
    ["DECIMAL keeps scale", T.decimal(10, 3), Decimal.parse("1.500"), "1.500"],
    ["DATE", T.date(), parseDate("2024-02-29"), "2024-02-29"],
    ["TIME(0)", T.time(0), parseTime("12:34:56"), "12:34:56"],
    ["TIMESTAMP(3)", T.timestamp(3), parseTimestamp("2024-06-15 12:34:56.1"), "2024-06-15 12:34:56.100"],
    ["INTERVAL DAY TO SECOND", { type: "INTERVAL_DAY_TIME", resolution: "DAY_TO_SECOND", precision: 2, fractionalPrecision: 3, nullable: true }, 2 * 86_400_000 + 15_320_000, "+2 04:15:20.000"],
    ["INTERVAL YEAR TO MONTH", { type: "INTERVAL_YEAR_MONTH", resolution: "YEAR_TO_MONTH", precision: 2, nullable: true }, 18, "+1-06"],
    ["ARRAY", T.array(T.int()), [1, null, 3], "[1, NULL, 3]"],
    ["BYTES as UTF-8", T.bytes(), new TextEncoder().encode("hé"), "hé"],
  ])("%s", (_n, from, v, text) => {
    expect(cast(from, S, v)).toBe(text);
  });
  test("TIMESTAMP_LTZ prints in the session time zone", () => {
    const instant = new Timestamp(Date.UTC(2024, 0, 1, 12, 0, 0));
    expect(cast(T.timestampLtz(3), S, instant, "UTC")).toBe("2024-01-01 12:00:00.000");
    expect(cast(T.timestampLtz(3), S, instant, "GMT+03:00")).toBe("2024-01-01 15:00:00.000");
  });
  test("CHAR(n) pads with spaces, VARCHAR(n) truncates", () => {
    expect(cast(T.int(), T.char(5), 12)).toBe("12   ");
    expect(cast(S, T.varchar(3), "abcdef")).toBe("abc");
    expect(cast(S, T.char(2), "abcdef")).toBe("ab");
  });
});

describe("from STRING", () => {
  test("integers: trimmed, range-checked, fraction dropped", () => {
    expect(cast(S, T.int(), " 42 ")).toBe(42);
    expect(cast(S, T.bigint(), "-9223372036854775808")).toBe(-9223372036854775808n);
    expect(cast(S, T.int(), "1.9")).toBe(1);
    // Flink: java.lang.NumberFormatException: For input string: 'abc'. Invalid character found.
    expect(() => cast(S, T.int(), "abc")).toThrow("For input string: 'abc'. Invalid character found.");
    expect(() => cast(S, T.tinyint(), "128")).toThrow("For input string: '128'. Overflow.");
    try {
      cast(S, T.int(), "abc");
    } catch (e) {
      expect(e).toBeInstanceOf(SqlRuntimeError);
      expect((e as SqlRuntimeError).exceptionName).toBe("java.lang.NumberFormatException");
    }
    expect(tryCast(S, T.int(), "abc")).toBeNull();
    expect(tryCast(S, T.tinyint(), "128")).toBeNull();
  });
  test("booleans accept true/false/t/f/yes/no/1/0 in any case", () => {
    expect(cast(S, T.boolean(), "TRUE")).toBe(true);
    expect(cast(S, T.boolean(), "no")).toBe(false);
    expect(tryCast(S, T.boolean(), "maybe")).toBeNull();
  });
  test("DECIMAL rounds HALF_UP; overflow is NULL", () => {
    expect(String(cast(S, T.decimal(5, 2), "1.005"))).toBe("1.01");
    expect(String(cast(S, T.decimal(5, 2), "-1.005"))).toBe("-1.01");
    expect(cast(S, T.decimal(3, 1), "123.4")).toBeNull();
    expect(tryCast(S, T.decimal(3, 1), "x")).toBeNull();
  });
  test("DOUBLE and FLOAT", () => {
    expect(cast(S, T.double(), "1.5e3")).toBe(1500);
    expect(cast(S, T.double(), "NaN")).toBeNaN();
    expect(cast(S, T.float(), "0.1")).toBe(Math.fround(0.1));
  });
  test("DATE / TIME / TIMESTAMP / TIMESTAMP_LTZ", () => {
    expect(cast(S, T.date(), "2024-02-29")).toBe(parseDate("2024-02-29"));
    expect(tryCast(S, T.date(), "2023-02-29")).toBeNull();
    expect(cast(S, T.time(0), "12:34:56.789")).toBe(parseTime("12:34:56"));
    expect(formatTimestamp(cast(S, T.timestamp(3), "2024-06-15 12:34:56.123456") as Timestamp, 6)).toBe("2024-06-15 12:34:56.123000");
    const ltz = cast(S, T.timestampLtz(3), "2024-01-01 15:00:00", "GMT+03:00") as Timestamp;
    expect(ltz.epochMillis).toBe(Date.UTC(2024, 0, 1, 12));
    expect(() => cast(S, T.timestamp(3), "yesterday")).toThrow(SqlRuntimeError);
  });
  test("BYTES are the UTF-8 encoding; invalid UTF-8 bytes do not cast back to a string", () => {
    expect(cast(S, T.bytes(), "hé")).toEqual(new TextEncoder().encode("hé"));
    expect(() => cast(T.bytes(), S, new Uint8Array([0xff, 0xfe]))).toThrow(SqlRuntimeError);
    expect(tryCast(T.bytes(), S, new Uint8Array([0xff, 0xfe]))).toBeNull();
  });
});

describe("numeric conversions", () => {
  test("integer narrowing wraps like Java", () => {
    expect(cast(T.int(), T.tinyint(), 128)).toBe(-128);
    expect(cast(T.bigint(), T.int(), 4294967297n)).toBe(1);
    expect(cast(T.int(), T.bigint(), 5)).toBe(5n);
  });
  test("floating point to integer truncates and saturates; NaN is 0", () => {
    expect(cast(T.double(), T.int(), -2.7)).toBe(-2);
    expect(cast(T.double(), T.int(), 1e20)).toBe(2147483647);
    expect(cast(T.double(), T.bigint(), -1e30)).toBe(-9223372036854775808n);
    expect(cast(T.double(), T.int(), NaN)).toBe(0);
  });
  test("DECIMAL to integer truncates; numbers to DECIMAL round HALF_UP, overflow is NULL", () => {
    expect(cast(T.decimal(5, 2), T.int(), Decimal.parse("-2.99"))).toBe(-2);
    expect(String(cast(T.double(), T.decimal(4, 1), 2.25))).toBe("2.3");
    expect(String(cast(T.int(), T.decimal(5, 2), 7))).toBe("7.00");
    expect(cast(T.int(), T.decimal(2, 0), 100)).toBeNull();
    expect(() => cast(T.double(), T.decimal(4, 1), NaN)).toThrow(SqlRuntimeError);
  });
  test("BOOLEAN <-> numeric", () => {
    expect(cast(T.boolean(), T.int(), true)).toBe(1);
    expect(cast(T.int(), T.boolean(), 0)).toBe(false);
    expect(cast(T.decimal(3, 1), T.boolean(), Decimal.parse("0.5"))).toBe(true);
  });
});

describe("temporal conversions", () => {
  const ts = parseTimestamp("2024-06-15 23:30:00.123456789");
  test("TIMESTAMP -> DATE / TIME, DATE -> TIMESTAMP, lowering precision truncates", () => {
    expect(cast(T.timestamp(9), T.date(), ts)).toBe(parseDate("2024-06-15"));
    expect(cast(T.timestamp(9), T.time(0), ts)).toBe(parseTime("23:30:00"));
    expect(cast(T.date(), T.timestamp(3), parseDate("2024-06-15"))).toEqual(parseTimestamp("2024-06-15 00:00:00"));
    expect(formatTimestamp(cast(T.timestamp(9), T.timestamp(3), ts) as Timestamp, 9)).toBe("2024-06-15 23:30:00.123000000");
    expect(formatTimestamp(cast(T.timestamp(9), T.timestamp(0), ts) as Timestamp, 3)).toBe("2024-06-15 23:30:00.000");
  });
  test("TIMESTAMP <-> TIMESTAMP_LTZ use the session time zone", () => {
    const local = parseTimestamp("2024-06-15 12:00:00");
    const instant = cast(T.timestamp(3), T.timestampLtz(3), local, "GMT+02:00") as Timestamp;
    expect(instant.epochMillis).toBe(Date.UTC(2024, 5, 15, 10));
    expect(cast(T.timestampLtz(3), T.timestamp(3), instant, "GMT+02:00")).toEqual(local);
    expect(cast(T.timestampLtz(3), T.date(), new Timestamp(Date.UTC(2024, 5, 15, 23)), "GMT+02:00")).toBe(parseDate("2024-06-16"));
  });
  test("numeric -> TIMESTAMP_LTZ is epoch seconds", () => {
    expect((cast(T.bigint(), T.timestampLtz(3), 1_700_000_000n) as Timestamp).epochMillis).toBe(1_700_000_000_000);
  });
});

describe("composite casts", () => {
  test("ARRAY element-wise, MAP key/value-wise, ROW field-wise", () => {
    expect(cast(T.array(T.int()), T.array(T.string()), [1, null])).toEqual(["1", null]);
    const m = cast(T.map(T.string(), T.int()), T.map(T.string(), T.bigint()), new Map<InternalValue, InternalValue>([["a", 1]])) as Map<InternalValue, InternalValue>;
    expect([...m]).toEqual([["a", 1n]]);
    const rowFrom: LogicalType = { type: "ROW", nullable: true, fields: [{ name: "a", type: T.int() }, { name: "b", type: T.string() }] };
    const rowTo: LogicalType = { type: "ROW", nullable: true, fields: [{ name: "x", type: T.bigint() }, { name: "y", type: T.string() }] };
    expect(cast(rowFrom, rowTo, [1, "z"])).toEqual([1n, "z"]);
    expect(cast(rowFrom, S, [1, "z"])).toBe("(1, z)");
  });
});

describe("validation: unsupported casts are rejected before running", () => {
  test.each<[string, LogicalType, LogicalType]>([
    ["INT -> TIMESTAMP", T.int(), T.timestamp(3)],
    ["BOOLEAN -> DATE", T.boolean(), T.date()],
    ["DATE -> INT", T.date(), T.int()],
    ["ARRAY -> INT", T.array(T.int()), T.int()],
    ["STRING -> ARRAY", T.string(), T.array(T.int())],
    ["INT -> BYTES", T.int(), T.bytes()],
  ])("%s", (_n, from, to) => {
    expect(canCast(from, to)).toBe(false);
    expect(() => castFunction(from, to, false)).toThrow(EngineError);
    expect(() => castFunction(from, to, true)).toThrow(/Cast function cannot convert value of type/);
  });
  test("NULL casts to anything; anything casts to STRING", () => {
    expect(canCast(T.null(), T.timestamp(3))).toBe(true);
    for (const t of [T.int(), T.date(), T.array(T.int()), T.map(T.int(), T.int()), T.bytes()]) expect(canCast(t, S)).toBe(true);
  });
});

describe("round trips through STRING (property)", () => {
  test("DOUBLE, BIGINT, DECIMAL, DATE, TIMESTAMP(9) survive CAST to STRING and back", async () => {
    const fc = (await import("fast-check")).default;
    const back = <V>(t: LogicalType, v: V): InternalValue => cast(S, t, cast(t, S, v as InternalValue));
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (d) => {
        expect(back(T.double(), d)).toBe(d); // Object.is: -0.0 stays -0.0
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (b) => {
        expect(back(T.bigint(), b)).toBe(b);
      }),
    );
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n) + 1n, max: 10n ** 20n - 1n }), fc.integer({ min: 0, max: 10 }), (u, scale) => {
        const d = Decimal.fromUnscaled(u, scale);
        expect((back(T.decimal(30, scale), d) as Decimal).equals(d)).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: -719162, max: 2932896 }), (days) => {
        expect(back(T.date(), days)).toBe(days);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: -62135596800000, max: 253402300799999 }), fc.integer({ min: 0, max: 999_999 }), (ms, nanos) => {
        const t = new Timestamp(ms, nanos);
        expect((back(T.timestamp(9), t) as Timestamp).equals(t)).toBe(true);
      }),
    );
  });
});
