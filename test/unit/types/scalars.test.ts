import { describe, expect, it } from "vitest";
import { Decimal } from "../../../src/types/decimal.ts";
import {
  Timestamp, formatDate, parseDate, formatTime, parseTime, formatTimestamp, parseTimestamp,
  instantToLocal, localToInstant, daysFromCivil, civilFromDays,
} from "../../../src/types/temporal.ts";
import { formatJavaDouble, formatJavaFloat, parseDoubleText, parseBinaryText, formatBinaryText } from "../../../src/types/text-values.ts";
import { YearMonthInterval, DayTimeInterval } from "../../../src/types/interval.ts";
import { DataError } from "../../../src/errors.ts";
import { compileValueDecoder } from "../../../src/types/decode.ts";
import { parseTypeText } from "../../../src/types/type-text.ts";

function code(f: () => unknown): string | undefined {
  try { f(); } catch (e) { return (e as { code?: string }).code; }
  return undefined;
}

describe("Decimal", () => {
  it("parses and prints plain text with scale kept", () => {
    expect(Decimal.parse("100.00").toString()).toBe("100.00");
    expect(Decimal.parse("-0.001").toString()).toBe("-0.001");
    expect(Decimal.parse("-0.001").scale).toBe(3);
    expect(Decimal.parse(".5").toString()).toBe("0.5");
    expect(Decimal.parse("1E+2").toString()).toBe("100");
    expect(Decimal.parse("1.5e-3").toString()).toBe("0.0015");
    expect(Decimal.parse("12345678901234567890.123456789012345678").toString()).toBe("12345678901234567890.123456789012345678");
  });
  it("reports precision and sqlPrecision", () => {
    expect(Decimal.parse("100.00").precision).toBe(5);
    expect(Decimal.parse("0.001").precision).toBe(1);
    expect(Decimal.parse("0.001").sqlPrecision).toBe(3);
    expect(Decimal.parse("0").sqlPrecision).toBe(1);
  });
  it("rejects garbage with DECIMAL_INVALID", () => {
    for (const s of ["", "abc", "1.2.3", "NaN", "Infinity", "-", ".", "1e", " 1"]) {
      expect(code(() => Decimal.parse(s))).toBe("DECIMAL_INVALID");
    }
  });
  it("rescales with HALF_UP and DOWN", () => {
    expect(Decimal.parse("1.25").rescale(1).toString()).toBe("1.3");
    expect(Decimal.parse("-1.25").rescale(1).toString()).toBe("-1.3");
    expect(Decimal.parse("1.24").rescale(1).toString()).toBe("1.2");
    expect(Decimal.parse("1.29").rescale(1, "DOWN").toString()).toBe("1.2");
    expect(Decimal.parse("1.2").rescale(3).toString()).toBe("1.200");
  });
  it("compares across scales and does arithmetic", () => {
    expect(Decimal.parse("1.0").compare(Decimal.parse("1.00"))).toBe(0);
    expect(Decimal.parse("-2").compare(Decimal.parse("1.5"))).toBe(-1);
    expect(Decimal.parse("1.5").add(Decimal.parse("2.25")).toString()).toBe("3.75");
    expect(Decimal.parse("1.5").multiply(Decimal.parse("-2.25")).toString()).toBe("-3.375");
    expect(Decimal.parse("1").divide(Decimal.parse("3"), 4).toString()).toBe("0.3333");
    expect(Decimal.parse("2").divide(Decimal.parse("3"), 2).toString()).toBe("0.67");
    expect(code(() => Decimal.parse("2").divide(Decimal.parse("0"), 2))).toBe("DIVISION_BY_ZERO");
    // A fractional or negative scale is a coded DataError, not a raw BigInt TypeError.
    expect(code(() => Decimal.parse("2").divide(Decimal.parse("3"), 1.5))).toBe("DECIMAL_INVALID");
    expect(code(() => Decimal.parse("2").divide(Decimal.parse("3"), -1))).toBe("DECIMAL_INVALID");
  });
});

describe("temporal", () => {
  it("converts civil dates both ways", () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(2024, 6, 15)).toBe(19889);
    expect(civilFromDays(-1)).toEqual([1969, 12, 31]);
    for (let d = -800000; d < 3000000; d += 997) {
      const [y, m, dd] = civilFromDays(d);
      expect(daysFromCivil(y, m, dd)).toBe(d);
    }
  });
  it("formats and parses dates", () => {
    expect(formatDate(19889)).toBe("2024-06-15");
    expect(parseDate("2024-06-15")).toBe(19889);
    expect(formatDate(parseDate("0001-01-01"))).toBe("0001-01-01");
    expect(code(() => parseDate("2023-02-29"))).toBe("DATE_INVALID");
    expect(code(() => parseDate("2024-13-01"))).toBe("DATE_INVALID");
    expect(parseDate("2024-02-29")).toBe(daysFromCivil(2024, 2, 29));
  });
  it("formats TIME like Flink", () => {
    const n = parseTime("12:34:56.789");
    expect(n).toBe(((12 * 60 + 34) * 60 + 56) * 1e9 + 789e6);
    expect(formatTime(n, 3)).toBe("12:34:56.789");
    expect(formatTime(n, 0)).toBe("12:34:56");
    expect(formatTime(parseTime("12:34:56"), 3)).toBe("12:34:56.0");
    expect(formatTime(parseTime("12:34:56.5"), 3)).toBe("12:34:56.5");
    expect(code(() => parseTime("24:00:00"))).toBe("TIME_INVALID");
  });
  it("formats TIMESTAMP with exactly p fraction digits", () => {
    const ts = parseTimestamp("2024-06-15 12:34:56.123456789");
    expect(ts.epochMillis).toBe(Date.UTC(2024, 5, 15, 12, 34, 56, 123));
    expect(ts.nanoOfMilli).toBe(456789);
    expect(formatTimestamp(ts, 9)).toBe("2024-06-15 12:34:56.123456789");
    expect(formatTimestamp(parseTimestamp("2024-06-15 12:34:56"), 3)).toBe("2024-06-15 12:34:56.000");
    expect(formatTimestamp(parseTimestamp("2024-06-15T12:34:56"), 0)).toBe("2024-06-15 12:34:56");
    expect(formatTimestamp(parseTimestamp("1969-12-31 23:59:59.999"), 3)).toBe("1969-12-31 23:59:59.999");
    expect(formatTimestamp(new Timestamp(-1, 999999), 9)).toBe("1969-12-31 23:59:59.999999999");
    expect(code(() => parseTimestamp("2024-06-15 25:00:00"))).toBe("TIMESTAMP_INVALID");
    expect(Timestamp.fromEpochNanos(-1n).toEpochNanos()).toBe(-1n);
  });
  it("converts LTZ instants with zones", () => {
    const inst = new Timestamp(Date.UTC(2024, 0, 15, 12, 0, 0), 5);
    expect(formatTimestamp(instantToLocal(inst, "GMT-07:00"), 3)).toBe("2024-01-15 05:00:00.000000005");
    expect(formatTimestamp(instantToLocal(new Timestamp(inst.epochMillis), "GMT-07:00"), 3)).toBe("2024-01-15 05:00:00.000");
    expect(formatTimestamp(instantToLocal(inst, "Europe/Berlin"), 0)).toBe("2024-01-15 13:00:00.000000005");
    expect(formatTimestamp(instantToLocal(new Timestamp(Date.UTC(2024, 6, 1)), "Europe/Berlin"), 0)).toBe("2024-07-01 02:00:00");
    expect(instantToLocal(inst, "Asia/Kolkata").epochMillis - inst.epochMillis).toBe(5.5 * 3600000);
    expect(localToInstant(instantToLocal(inst, "America/New_York"), "America/New_York").equals(inst)).toBe(true);
    // DST gap (2024-03-10 02:30 does not exist in New York): moved forward, like java.time
    const gap = localToInstant(parseTimestamp("2024-03-10 02:30:00"), "America/New_York");
    expect(gap.epochMillis).toBe(Date.UTC(2024, 2, 10, 7, 30));
    // overlap (2024-11-03 01:30 happens twice): earlier offset (EDT, -4)
    const overlap = localToInstant(parseTimestamp("2024-11-03 01:30:00"), "America/New_York");
    expect(overlap.epochMillis).toBe(Date.UTC(2024, 10, 3, 5, 30));
    expect(code(() => instantToLocal(inst, "Mars/Olympus"))).toBe("TIMEZONE_INVALID");
  });
});

describe("Java number text", () => {
  it("prints doubles like Double.toString", () => {
    const cases: Array<[number, string]> = [
      [1, "1.0"], [1e7, "1.0E7"], [12345678.9, "1.23456789E7"], [9999999, "9999999.0"], [0.001, "0.001"],
      [0.0001, "1.0E-4"], [-1.5, "-1.5"], [0, "0.0"], [-0, "-0.0"], [NaN, "NaN"], [Infinity, "Infinity"],
      [-Infinity, "-Infinity"], [61.2, "61.2"], [1e21, "1.0E21"], [123.456, "123.456"],
    ];
    for (const [v, s] of cases) expect(formatJavaDouble(v)).toBe(s);
  });
  it("prints floats like Float.toString", () => {
    expect(formatJavaFloat(Math.fround(0.1))).toBe("0.1");
    expect(formatJavaFloat(Math.fround(1.1))).toBe("1.1");
    expect(formatJavaFloat(Math.fround(3.4028235e38))).toBe("3.4028235E38");
    expect(formatJavaFloat(Math.fround(1e7))).toBe("1.0E7");
  });
  it("parses double text strictly", () => {
    expect(parseDoubleText("1.0E7")).toBe(1e7);
    expect(parseDoubleText("NaN")).toBeNaN();
    expect(parseDoubleText("-Infinity")).toBe(-Infinity);
    for (const s of ["", " 1", "0x10", "1,5", "inf"]) expect(parseDoubleText(s)).toBeUndefined();
  });
  it("handles x'..' binary", () => {
    expect(formatBinaryText(new Uint8Array([0x7f, 2, 3]))).toBe("x'7f0203'");
    expect(formatBinaryText(new Uint8Array())).toBe("x''");
    expect([...parseBinaryText("x'7F0203'")!]).toEqual([0x7f, 2, 3]);
    expect(parseBinaryText("x'7'")).toBeUndefined();
    expect(parseBinaryText("x'zz'")).toBeUndefined();
    expect(parseBinaryText("7f")).toBeUndefined();
  });
});

describe("intervals", () => {
  it("year-month", () => {
    const iv = new YearMonthInterval(1, 6);
    expect(iv.totalMonths).toBe(18);
    expect(iv.toString()).toBe("+1-06");
    expect(iv.toSql()).toBe("INTERVAL '1-6' YEAR TO MONTH");
    expect(iv.toJSON()).toBe("P1Y6M");
    const neg = YearMonthInterval.ofMonths(-3);
    expect(neg.toString()).toBe("-0-03");
    expect(neg.toJSON()).toBe("-P3M");
    expect(neg.years).toBe(0);
    expect(neg.months).toBe(-3);
    expect(YearMonthInterval.ofMonths(123 * 12).toSql()).toBe("INTERVAL '123-0' YEAR(3) TO MONTH");
    expect(code(() => new YearMonthInterval(1, -1))).toBe("INTERVAL_INVALID");
    expect(code(() => new YearMonthInterval(0, 12))).toBe("INTERVAL_INVALID");
  });
  it("day-time", () => {
    const iv = DayTimeInterval.of({ days: -2, hours: -4, minutes: -15, seconds: -20, milliseconds: -123 });
    expect(iv.toString()).toBe("-2 04:15:20.123");
    expect(iv.toSql()).toBe("INTERVAL '-2 04:15:20.123' DAY TO SECOND(3)");
    expect(iv.toJSON()).toBe("-P2DT4H15M20.123S");
    expect(new DayTimeInterval(0).toJSON()).toBe("PT0S");
    expect(new DayTimeInterval(0).toString()).toBe("+0 00:00:00.000");
    expect(DayTimeInterval.of({ days: 150 }).toSql()).toBe("INTERVAL '150 00:00:00.000' DAY(3) TO SECOND(3)");
    expect(DayTimeInterval.of({ seconds: 20, milliseconds: 500 }).toJSON()).toBe("PT20.5S");
    expect(code(() => new DayTimeInterval(1.5))).toBe("INTERVAL_INVALID");
  });
  it("instances are immutable at runtime, decoded ones included", () => {
    const dt = new DayTimeInterval(1000);
    const ym = YearMonthInterval.ofMonths(18);
    const decoded = compileValueDecoder(parseTypeText("INTERVAL DAY TO SECOND(3)"))("+0 00:00:01.000") as DayTimeInterval;
    for (const iv of [dt, ym, decoded]) expect(Object.isFrozen(iv)).toBe(true);
    expect(() => { (dt as { totalMilliseconds: number }).totalMilliseconds = 5; }).toThrow(TypeError);
    expect(() => { (ym as { totalMonths: number }).totalMonths = 5; }).toThrow(TypeError);
    expect(() => { (decoded as unknown as { extra: number }).extra = 1; }).toThrow(TypeError);
    expect([dt.totalMilliseconds, ym.totalMonths, decoded.totalMilliseconds]).toEqual([1000, 18, 1000]);
    expect(dt.toString()).toBe("+0 00:00:01.000");
  });
});

it("errors are DataError instances", () => {
  try { Decimal.parse("x"); } catch (e) { expect(e).toBeInstanceOf(DataError); }
});
