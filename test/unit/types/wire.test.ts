import { describe, expect, it } from "vitest";
import { formatWireValue, parseWireValue, type InternalValue } from "../../../src/types/wire.ts";
import { parseTypeText } from "../../../src/types/type-text.ts";
import { Decimal } from "../../../src/types/decimal.ts";
import { Timestamp, parseTimestamp, parseDate, parseTime } from "../../../src/types/temporal.ts";

const T = parseTypeText;
function code(f: () => unknown): string | undefined {
  try { f(); } catch (e) { return (e as { code?: string }).code; }
  return undefined;
}

describe("formatWireValue", () => {
  const cases: Array<[string, InternalValue, unknown]> = [
    ["BOOLEAN", true, "TRUE"],
    ["BOOLEAN", false, "FALSE"],
    ["INT", -5, "-5"],
    ["BIGINT", 9223372036854775807n, "9223372036854775807"],
    ["BIGINT", -9223372036854775808n, "-9223372036854775808"],
    ["DOUBLE", 1e7, "1.0E7"],
    ["DOUBLE", NaN, "NaN"],
    ["DOUBLE", 54.5, "54.5"],
    ["FLOAT", Math.fround(0.1), "0.1"],
    ["DECIMAL(10, 2)", Decimal.parse("100"), "100.00"],
    ["DECIMAL(38, 18)", Decimal.parse("-12345678901234567890.123456789012345678"), "-12345678901234567890.123456789012345678"],
    ["STRING", "O'Reilly", "O'Reilly"],
    ["BYTES", new Uint8Array([0x7f, 2, 3]), "x'7f0203'"],
    ["BYTES", new Uint8Array(), "x''"],
    ["DATE", parseDate("2024-06-15"), "2024-06-15"],
    ["TIME(3)", parseTime("12:34:56.789"), "12:34:56.789"],
    ["TIME(0)", parseTime("12:34:56"), "12:34:56"],
    ["TIMESTAMP(3)", parseTimestamp("2024-06-15 12:34:56"), "2024-06-15 12:34:56.000"],
    ["TIMESTAMP(6)", parseTimestamp("2025-04-25 06:53:43.584845"), "2025-04-25 06:53:43.584845"],
    ["TIMESTAMP(9)", parseTimestamp("2025-04-25 06:53:43.000000001"), "2025-04-25 06:53:43.000000001"],
    ["TIMESTAMP(0)", parseTimestamp("2024-06-15 12:34:56"), "2024-06-15 12:34:56"],
    ["TIMESTAMP_LTZ(3)", new Timestamp(Date.UTC(2024, 5, 15, 12)), "2024-06-15 12:00:00.000"],
    ["INTERVAL YEAR TO MONTH", 30, "+2-06"],
    ["INTERVAL YEAR TO MONTH", -15, "-1-03"],
    ["INTERVAL DAY TO SECOND(3)", ((2 * 24 + 4) * 3600 + 15 * 60 + 20) * 1000, "+2 04:15:20.000"],
    ["INTERVAL DAY TO SECOND(3)", -(((5 * 24 + 1) * 3600 + 2 * 60 + 3) * 1000 + 456), "-5 01:02:03.456"],
    ["ARRAY<INT>", [1, 2, null], ["1", "2", null]],
    ["MAP<STRING, INT>", new Map<InternalValue, InternalValue>([["k1", 10], ["k2", null]]), [["k1", "10"], ["k2", null]]],
    ["MULTISET<STRING>", new Map<InternalValue, InternalValue>([["apple", 2], ["orange", 1]]), [["apple", "2"], ["orange", "1"]]],
    ["ROW<a BIGINT, b STRING>", [12n, "foonly"], ["12", "foonly"]],
    ["INT", null, null],
    ["VARIANT", ["11", "abc"], ["11", "abc"]],
  ];
  it.each(cases)("%s %s", (type, v, wire) => {
    const t = T(type);
    expect(formatWireValue(t, v)).toEqual(wire);
    const back = parseWireValue(t, wire as never);
    expect(formatWireValue(t, back)).toEqual(wire);
  });
  it("prints LTZ in the local time zone", () => {
    const t = T("TIMESTAMP_LTZ(6)");
    const inst = new Timestamp(Date.UTC(2025, 3, 25, 13, 53, 43, 584), 845000);
    expect(formatWireValue(t, inst, { localTimeZone: "GMT-07:00" })).toBe("2025-04-25 06:53:43.584845");
    expect(formatWireValue(t, inst, { localTimeZone: "America/Los_Angeles" })).toBe("2025-04-25 06:53:43.584845");
    expect((parseWireValue(t, "2025-04-25 06:53:43.584845", { localTimeZone: "America/Los_Angeles" }) as Timestamp).equals(inst)).toBe(true);
  });
  it("rejects wrong internal values", () => {
    expect(code(() => formatWireValue(T("BIGINT"), 5))).toBe("VALUE_TYPE_MISMATCH");
    expect(code(() => formatWireValue(T("INT"), 2 ** 31))).toBe("VALUE_TYPE_MISMATCH");
    expect(code(() => formatWireValue(T("DECIMAL(5, 2)"), "1.00"))).toBe("VALUE_TYPE_MISMATCH");
    expect(code(() => formatWireValue(T("ROW<a INT>"), [1, 2]))).toBe("VALUE_TYPE_MISMATCH");
  });
});

describe("parseWireValue", () => {
  it("parses values into internal form", () => {
    expect(parseWireValue(T("BOOLEAN"), "true")).toBe(true);
    expect(parseWireValue(T("BIGINT"), "-9223372036854775808")).toBe(-9223372036854775808n);
    expect(parseWireValue(T("DOUBLE"), "-Infinity")).toBe(-Infinity);
    expect((parseWireValue(T("DECIMAL(5, 3)"), "-0.001") as Decimal).toString()).toBe("-0.001");
    expect(parseWireValue(T("MAP<STRING, ARRAY<INT>>"), [["a", ["1", null]], ["b", null]])).toEqual(new Map<unknown, unknown>([["a", [1, null]], ["b", null]]));
  });
  it("rejects malformed values with WIRE_VALUE_INVALID", () => {
    const bad: Array<[string, unknown]> = [
      ["BOOLEAN", "yes"], ["INT", "2147483648"], ["INT", "1.5"], ["TINYINT", "128"], ["BIGINT", "9223372036854775808"],
      ["DOUBLE", "abc"], ["DECIMAL(5, 2)", "1,5"], ["BYTES", "7f"], ["DATE", "2024-02-30"], ["TIME(0)", "25:00:00"],
      ["TIMESTAMP(3)", "2024-06-15X12:00"], ["INTERVAL YEAR TO MONTH", "+1-12"], ["INTERVAL DAY TO SECOND(3)", "+1 24:00:00"],
      ["ARRAY<INT>", "1"], ["MAP<INT, INT>", [["1"]]], ["MULTISET<INT>", [["1", null]]], ["ROW<a INT, b INT>", ["1"]],
      ["INT", 5], ["STRING", true], ["NULL", "x"], ["INTERVAL DAY TO SECOND(3)", "+0 00:00:00.0001"],
    ];
    for (const [type, w] of bad) expect(code(() => parseWireValue(T(type), w as never)), `${type} ${JSON.stringify(w)}`).toBe("WIRE_VALUE_INVALID");
  });
});
