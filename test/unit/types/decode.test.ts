import { afterAll, describe, expect, it } from "vitest";
import { compileRowDecoder, compileValueDecoder, _setCodegen, type DecodeOptions } from "../../../src/types/decode.ts";
import { parseColumnsJson } from "../../../src/types/schema-json.ts";
import { parseTypeText } from "../../../src/types/type-text.ts";
import { formatType } from "../../../src/types/format-type.ts";
import { DayTimeInterval, YearMonthInterval } from "../../../src/types/interval.ts";
import { DataError, ProtocolError } from "../../../src/errors.ts";
import { everyTypePageJson, everyTypeSchema } from "./fixtures/every-type.ts";
import fc from "fast-check";
import { formatWireValue } from "../../../src/types/wire.ts";
import { Timestamp, formatTimestamp, localToInstant, parseTimestamp } from "../../../src/types/temporal.ts";

const columns = parseColumnsJson(everyTypeSchema, "status.traits.schema");
const rows = (JSON.parse(everyTypePageJson) as { results: { data: Array<{ row: unknown[] }> } }).results.data.map((d) => d.row);

function err(f: () => unknown): { code?: string; message: string; e: unknown } {
  try { f(); } catch (e) { return { code: (e as { code?: string }).code, message: (e as Error).message, e }; }
  throw new Error("expected an error");
}

describe("compileRowDecoder on the every-type page", () => {
  it("decodes the defaults", () => {
    const dec = compileRowDecoder(columns, { bigint: "bigint" });
    const r = dec.toObject(rows[0]!);
    expect(r.b).toBe(true);
    expect(r.ti).toBe(-128);
    expect(r.si).toBe(32767);
    expect(r.i).toBe(2147483647);
    expect(r.bi).toBe(9223372036854775807n);
    expect(r.f).toBe(3.4028235e38);
    expect(r.d).toBe(1e7);
    expect(r.dec).toBe("12345678901234567890.123456789012345678");
    expect(r.c).toBe("abc");
    expect(r.s).toBe("O'Reilly \u{1F600} -- /* %s */");
    expect(r.bin).toEqual(new Uint8Array([0x7f, 2, 3]));
    expect(r.vb).toEqual(new Uint8Array());
    expect(r.dt).toBe("2024-06-15");
    expect(r.tm).toBe("12:34:56.789");
    expect(r.ts).toBe("2024-06-15T12:34:56.123456789");
    expect(r.ltz).toBe("2024-06-15T12:34:56.123Z");
    expect(r.ym).toBeInstanceOf(YearMonthInterval);
    expect((r.ym as YearMonthInterval).totalMonths).toBe(-15);
    expect(String(r.ym)).toBe("-1-03");
    expect((r.dts as DayTimeInterval).totalMilliseconds).toBe(-(((5 * 24 + 1) * 3600 + 2 * 60 + 3) * 1000 + 456));
    expect(String(r.dts)).toBe("-5 01:02:03.456");
    expect(r.arr).toEqual([
      { id: 1, tags: ["a", null], inner: { x: 9223372036854775807n } },
      null,
      { id: 2, tags: null, inner: null },
      { id: 3, tags: [], inner: { x: null } },
    ]);
    expect(r.m).toEqual(new Map([["k1", [1, null, 3]], ["k2", null], ["k3", []]]));
    expect(r.ms).toEqual(new Map([["apple", 2], ["orange", 1]]));
    expect(r.r).toEqual({ a: 1, b: { c: "-12345678.90" } });
    expect(r.n).toBeNull();
    expect(r.v).toEqual({ a: 1, b: ["x", null], c: true });
  });
  it("decodes extremes, empties and NULLs at every depth", () => {
    const dec = compileRowDecoder(columns, { bigint: "string" });
    const a = dec.toArray(rows[1]!);
    expect(a.slice(0, 12)).toEqual([false, 127, -32768, -2147483648, "-9223372036854775807", NaN, -Infinity,
      "-0.000000000000000001", "a  ", "", new Uint8Array([0, 0, 0]), new Uint8Array([255])]);
    expect(a.slice(12, 16)).toEqual(["1969-12-31", "00:00:00.0", "1970-01-01T00:00:00.000000000", "1969-12-31T23:59:59.999Z"]);
    expect(String(a[16])).toBe("+0-00");
    expect(String(a[17])).toBe("-0 00:00:00.001");
    expect(a.slice(18)).toEqual([[], new Map(), new Map(), { a: null, b: null }, null, null]);
    const nulls = dec.toArray(rows[2]!);
    expect(nulls.filter((x) => x !== null)).toEqual([0]);
  });
  it("array rows keep nested ROWs as objects", () => {
    const a = compileRowDecoder(columns, { bigint: "bigint" }).toArray(rows[0]!);
    expect(a[21]).toEqual({ a: 1, b: { c: "-12345678.90" } });
  });
  it("BIGINT beyond the safe range is a DataError naming the column by default", () => {
    const e = err(() => compileRowDecoder(columns).toArray(rows[0]!));
    expect(e.e).toBeInstanceOf(DataError);
    expect(e.code).toBe("BIGINT_UNSAFE");
    expect(e.message).toContain('"bi"');
    expect(e.message).toContain("9223372036854775807");
    // nested BIGINT too
    const dec = compileValueDecoder(parseTypeText("ARRAY<BIGINT>"));
    expect(dec(["9007199254740991", "-9007199254740991"])).toEqual([9007199254740991, -9007199254740991]);
    expect(err(() => dec(["9007199254740992"])).code).toBe("BIGINT_UNSAFE");
  });
  it("decimal: number option", () => {
    const r = compileRowDecoder(columns, { bigint: "bigint", decimal: "number" }).toObject(rows[0]!);
    expect(r.dec).toBe(12345678901234567890.123456789012345678);
    expect(r.r).toEqual({ a: 1, b: { c: -12345678.9 } });
  });
});

describe("temporal options", () => {
  const t = (s: string) => [{ name: "x", type: parseTypeText(s) }];
  it("LTZ is converted from sql.local-time-zone to UTC", () => {
    const dec = compileRowDecoder(t("TIMESTAMP_LTZ(6)"), { localTimeZone: "GMT-07:00" });
    expect(dec.toArray(["2025-04-25 06:53:43.584845"])).toEqual(["2025-04-25T13:53:43.584845Z"]);
    const ny = compileRowDecoder(t("TIMESTAMP_LTZ(3)"), { localTimeZone: "America/New_York" });
    expect(ny.toArray(["2024-07-01 08:00:00.000"])).toEqual(["2024-07-01T12:00:00.000Z"]);
    expect(ny.toArray(["2024-01-01 00:00:00.000"])).toEqual(["2024-01-01T05:00:00.000Z"]);
  });
  it("date mode gives Date objects (ms truncation)", () => {
    const o: DecodeOptions = { temporal: "date", localTimeZone: "Asia/Tokyo" };
    expect(compileRowDecoder(t("TIMESTAMP_LTZ(9)"), o).toArray(["2024-06-15 09:00:00.123456789"])[0]).toEqual(new Date("2024-06-15T00:00:00.123Z"));
    expect(compileRowDecoder(t("TIMESTAMP(9)"), o).toArray(["2024-06-15 09:00:00.123456789"])[0]).toEqual(new Date("2024-06-15T09:00:00.123Z"));
    expect(compileRowDecoder(t("DATE"), o).toArray(["2024-06-15"])[0]).toEqual(new Date("2024-06-15T00:00:00Z"));
    expect(compileRowDecoder(t("TIME(3)"), o).toArray(["12:00:00.5"])[0]).toEqual(new Date("1970-01-01T12:00:00.500Z"));
  });
  it("temporal mode uses the given Temporal namespace", () => {
    const calls: string[] = [];
    const fake = {
      PlainDate: { from: (s: string) => (calls.push("d:" + s), s) },
      PlainTime: { from: (s: string) => (calls.push("t:" + s), s) },
      PlainDateTime: { from: (s: string) => (calls.push("dt:" + s), s) },
      Instant: { fromEpochNanoseconds: (n: bigint) => (calls.push("i:" + n), n) },
    };
    const o: DecodeOptions = { temporal: "temporal", Temporal: fake };
    compileRowDecoder(t("DATE"), o).toArray(["2024-06-15"]);
    compileRowDecoder(t("TIME(0)"), o).toArray(["12:00:00"]);
    compileRowDecoder(t("TIMESTAMP(9)"), o).toArray(["2024-06-15 09:00:00.123456789"]);
    compileRowDecoder(t("TIMESTAMP_LTZ(9)"), o).toArray(["1970-01-01 00:00:01.000000001"]);
    expect(calls).toEqual(["d:2024-06-15", "t:12:00:00", "dt:2024-06-15T09:00:00.123456789", "i:1000000001"]);
    if ((globalThis as { Temporal?: unknown }).Temporal === undefined) {
      expect(err(() => compileRowDecoder(t("DATE"), { temporal: "temporal" })).code).toBe("TEMPORAL_UNAVAILABLE");
    }
  });
  it("rejects bad options", () => {
    expect(err(() => compileRowDecoder([], { localTimeZone: "Nowhere/Else" })).code).toBe("OPTION_INVALID");
    expect(err(() => compileRowDecoder([], { bigint: "float" as never })).code).toBe("OPTION_INVALID");
  });
});

describe("years outside 0000-9999", () => {
  const t = (s: string) => [{ name: "x", type: parseTypeText(s) }];
  const one = (type: string, raw: string, o: DecodeOptions = {}) => compileRowDecoder(t(type), o).toArray([raw])[0];
  it("decode to ISO-8601 expanded years (±YYYYYY, as Date and Temporal read them), never garbled", () => {
    expect(one("TIMESTAMP(0)", "+10000-01-01 00:00:00")).toBe("+010000-01-01T00:00:00");
    expect(one("TIMESTAMP(3)", "-0001-12-31 23:59:59.5")).toBe("-000001-12-31T23:59:59.5");
    expect(one("TIMESTAMP_LTZ(0)", "+10000-01-01 00:00:00")).toBe("+010000-01-01T00:00:00Z");
    expect(one("DATE", "+10000-01-01")).toBe("+010000-01-01");
    expect(one("DATE", "-0001-01-01")).toBe("-000001-01-01");
    // An in-range local time can be an out-of-range instant: Berlin's offset was +00:53:28 (LMT).
    expect(one("TIMESTAMP_LTZ(0)", "0000-01-01 00:30:00", { localTimeZone: "Europe/Berlin" })).toBe("-000001-12-31T23:36:32Z");
    expect(one("TIMESTAMP_LTZ(3)", "9999-12-31 23:30:00.250", { localTimeZone: "America/New_York" })).toBe("+010000-01-01T04:30:00.250Z");
    for (const iso of ["+010000-01-01T00:00:00", "-000001-12-31T23:59:59.5"]) expect(Number.isNaN(Date.parse(iso + "Z"))).toBe(false);
  });
  it("Date and Temporal modes give the same instants, or a DataError beyond their range", () => {
    expect(one("TIMESTAMP(0)", "+10000-01-01 00:00:00", { temporal: "date" })).toEqual(new Date("+010000-01-01T00:00:00Z"));
    expect(one("DATE", "-0001-01-01", { temporal: "date" })).toEqual(new Date("-000001-01-01T00:00:00Z"));
    const e = err(() => one("DATE", "+300000-01-01", { temporal: "date" }));
    expect(e.e).toBeInstanceOf(DataError);
    expect(e.code).toBe("VALUE_INVALID");
    expect(e.message).toContain("outside the range of Date");
    const seen: string[] = [];
    const fake = {
      PlainDate: { from: (s: string) => { if (s.startsWith("+3")) throw new RangeError("out of range"); seen.push(s); return s; } },
      PlainTime: { from: (s: string) => s },
      PlainDateTime: { from: (s: string) => (seen.push(s), s) },
      Instant: { fromEpochNanoseconds: (n: bigint) => n },
    };
    one("DATE", "+10000-01-01", { temporal: "temporal", Temporal: fake });
    one("TIMESTAMP(3)", "-0001-12-31 23:59:59.5", { temporal: "temporal", Temporal: fake });
    expect(seen).toEqual(["+010000-01-01", "-000001-12-31T23:59:59.5"]);
    const te = err(() => one("DATE", "+300000-01-01", { temporal: "temporal", Temporal: fake }));
    expect([te.code, te.message.includes("not accepted by Temporal")]).toEqual(["VALUE_INVALID", true]);
  });
  it("years beyond what the timestamp model holds are a DataError naming the column", () => {
    const e = err(() => one("TIMESTAMP(0)", "+999999-01-01 00:00:00"));
    expect([e.code, e.message.includes('"x"'), e.message.includes("+999999-01-01")]).toEqual(["VALUE_INVALID", true, true]);
  });
});

describe("TIMESTAMP_LTZ across DST transitions (Europe/Berlin 2024)", () => {
  // Flink prints an LTZ instant as local text without an offset and reads such text back with
  // java.time's LocalDateTime.atZone (DateTimeUtils.parseTimestampData): in an overlap the
  // earlier offset, in a gap the time moved forward by the gap. The decoder does the same.
  const zone = "Europe/Berlin";
  const table: Array<[string, string]> = [
    // spring forward, 2024-03-31 02:00 CET -> 03:00 CEST (01:00Z)
    ["2024-03-31 00:59:59.999", "2024-03-30T23:59:59.999Z"],
    ["2024-03-31 01:59:59.999", "2024-03-31T00:59:59.999Z"],
    ["2024-03-31 02:00:00", "2024-03-31T01:00:00Z"], // skipped: read as 03:00 CEST
    ["2024-03-31 02:30:00.5", "2024-03-31T01:30:00.5Z"], // skipped: read as 03:30 CEST
    ["2024-03-31 03:00:00", "2024-03-31T01:00:00Z"],
    ["2024-03-31 03:30:00.5", "2024-03-31T01:30:00.5Z"],
    ["2024-03-31 04:00:00.000", "2024-03-31T02:00:00.000Z"],
    // fall back, 2024-10-27 03:00 CEST -> 02:00 CET (01:00Z)
    ["2024-10-27 01:59:59", "2024-10-26T23:59:59Z"],
    ["2024-10-27 02:00:00", "2024-10-27T00:00:00Z"], // ambiguous: the earlier offset, CEST
    ["2024-10-27 02:30:00.123456", "2024-10-27T00:30:00.123456Z"], // ambiguous: CEST
    ["2024-10-27 02:59:59.999999999", "2024-10-27T00:59:59.999999999Z"], // ambiguous: CEST
    ["2024-10-27 03:00:00", "2024-10-27T02:00:00Z"],
    ["2024-10-27 03:00:00.001", "2024-10-27T02:00:00.001Z"],
  ];
  it.each([["ascending", table], ["descending", [...table].reverse()]])("%s, one decoder for all values", (_, cases) => {
    const dec = compileRowDecoder([{ name: "x", type: parseTypeText("TIMESTAMP_LTZ(9)") }], { localTimeZone: zone });
    const asDate = compileRowDecoder([{ name: "x", type: parseTypeText("TIMESTAMP_LTZ(9)") }], { localTimeZone: zone, temporal: "date" });
    for (const [local, iso] of cases) {
      expect(dec.toArray([local])[0]).toBe(iso);
      expect((asDate.toArray([local])[0] as Date).getTime()).toBe(Date.parse(iso));
    }
  });
  it("every instant Flink can print around both transitions decodes back (the second pass of the overlap to the first)", () => {
    const t = parseTypeText("TIMESTAMP_LTZ(3)");
    const dec = compileValueDecoder(t, { localTimeZone: zone });
    for (const center of [Date.UTC(2024, 2, 31, 1), Date.UTC(2024, 9, 27, 1)]) {
      for (let ms = center - 3 * 3_600_000; ms <= center + 3 * 3_600_000; ms += 7_001) {
        const wire = formatWireValue(t, new Timestamp(ms), { localTimeZone: zone }) as string;
        const secondPass = ms >= Date.UTC(2024, 9, 27, 1) && ms < Date.UTC(2024, 9, 27, 2);
        expect(dec(wire)).toBe(new Date(secondPass ? ms - 3_600_000 : ms).toISOString());
      }
    }
  });
  it("the per-hour cache agrees with the exact conversion for any text, in zones with odd offsets and history", () => {
    const zones = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu", "Australia/Lord_Howe", "America/St_Johns",
      "Pacific/Chatham", "Europe/Amsterdam", "Africa/Casablanca", "Europe/Dublin", "GMT-07:00"];
    const decs = new Map(zones.map((z) => [z, compileValueDecoder(parseTypeText("TIMESTAMP_LTZ(9)"), { localTimeZone: z })]));
    fc.assert(fc.property(fc.constantFrom(...zones), fc.integer({ min: -2208988800000, max: 4102444799999 }), fc.integer({ min: 0, max: 9 }), (z, ms, p) => {
      const text = formatTimestamp(new Timestamp(ms), p); // any local text, gaps included
      const exact = formatTimestamp(localToInstant(parseTimestamp(text), z), p).replace(" ", "T") + "Z";
      expect(decs.get(z)!(text)).toBe(exact);
    }), { numRuns: 3000 });
  });
});

describe("cast hook", () => {
  it("receives column, raw value and the default decoder", () => {
    const cols = parseColumnsJson([{ name: "a", type: { type: "DECIMAL", precision: 5, scale: 2 } }, { name: "b", type: { type: "INTEGER" } }], "s");
    const seen: unknown[] = [];
    const dec = compileRowDecoder(cols, {
      cast: (col, raw, next) => {
        seen.push([col.name, raw]);
        return col.type.type === "DECIMAL" && raw !== null ? { big: raw } : next(raw);
      },
    });
    expect(dec.toArray(["1.50", "7"])).toEqual([{ big: "1.50" }, 7]);
    expect(dec.toArray([null, null])).toEqual([null, null]);
    expect(seen).toEqual([["a", "1.50"], ["b", "7"], ["a", null], ["b", null]]);
  });
});

describe("malformed values", () => {
  const cases: Array<[string, unknown]> = [
    ["BOOLEAN", "yes"], ["INT", "12a"], ["INT", 12], ["SMALLINT", "40000"], ["BIGINT", "1.5"], ["DOUBLE", "1,5"],
    ["DECIMAL(5, 2)", "abc"], ["STRING", 5], ["BYTES", "x'0'"], ["DATE", "2024-02-30"], ["TIME(3)", "12:60:00"],
    ["TIMESTAMP(3)", "2024-06-15 12:00:00.1234567890"], ["TIMESTAMP_LTZ(3)", "yesterday"], ["INTERVAL YEAR TO MONTH", "1 year"],
    ["INTERVAL DAY TO SECOND(3)", "+1 1:2:3"], ["ARRAY<INT>", { a: 1 }], ["MAP<STRING, INT>", [["a"]]], ["MULTISET<STRING>", [["a", "x"]]],
    ["ROW<a INT, b INT>", ["1"]], ["ARRAY<ROW<a INT>>", [["zz"]]], ["NULL", "x"], ["VARIANT", [99, "x"]],
  ];
  it.each(cases)("%s %j", (type, raw) => {
    const dec = compileRowDecoder([{ name: "col_x", type: parseTypeText(type) }]);
    const e = err(() => dec.toArray([raw]));
    expect(e.e).toBeInstanceOf(DataError);
    expect(e.code).toBe("VALUE_INVALID");
    expect(e.message).toContain('"col_x"');
    expect(e.message).toContain(formatType(parseTypeText(type)));
  });
  it("truncates long values in messages", () => {
    const e = err(() => compileRowDecoder([{ name: "x", type: parseTypeText("INT") }]).toArray(["9".repeat(500)]));
    expect(e.message.length).toBeLessThan(200);
  });
  it("row length mismatch is a ProtocolError", () => {
    expect(err(() => compileRowDecoder(columns).toArray(["TRUE"])).e).toBeInstanceOf(ProtocolError);
  });
  it("duplicate names fail only in object mode", () => {
    const cols = [{ name: "a", type: parseTypeText("INT") }, { name: "a", type: parseTypeText("INT") }];
    const dec = compileRowDecoder(cols);
    expect(dec.toArray(["1", "2"])).toEqual([1, 2]);
    expect(err(() => dec.toObject(["1", "2"])).code).toBe("COLUMN_NAME_DUPLICATE");
  });
  it("__proto__ as a name is a plain own property", () => {
    const dec = compileRowDecoder([{ name: "__proto__", type: parseTypeText("ROW<__proto__ INT>") }]);
    const o = dec.toObject([["1"]]);
    expect(Object.keys(o)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
    expect(JSON.stringify(o)).toBe('{"__proto__":{"__proto__":1}}');
  });
});

describe("without code generation (Workers, strict CSP)", () => {
  afterAll(() => _setCodegen(undefined));
  it("decodes, names failing columns and keeps __proto__ as data", () => {
    _setCodegen(false);
    const dec = compileRowDecoder(columns, { bigint: "bigint" });
    const a = dec.toObject(rows[0]!);
    expect(a.arr).toEqual([
      { id: 1, tags: ["a", null], inner: { x: 9223372036854775807n } },
      null,
      { id: 2, tags: null, inner: null },
      { id: 3, tags: [], inner: { x: null } },
    ]);
    expect(dec.toArray(rows[1]!)[3]).toBe(-2147483648);
    const e = err(() => compileRowDecoder(columns).toObject(rows[0]!));
    expect(e.code).toBe("BIGINT_UNSAFE");
    expect(e.message).toContain('"bi"');
    const p = compileRowDecoder([{ name: "__proto__", type: parseTypeText("ROW<__proto__ INT>") }]).toObject([["1"]]);
    expect(JSON.stringify(p)).toBe('{"__proto__":{"__proto__":1}}');
    expect(Object.getPrototypeOf(p)).toBe(Object.prototype);
  });
});

describe("generated builders", () => {
  it("escape any column name and still report the failing column", () => {
    _setCodegen(undefined);
    const names = ['a"b', "c\\d", "e\u2028f", "}); throw 1; ({", "`${x}`", "__proto__"];
    const cols = names.map((name) => ({ name, type: parseTypeText("INT") }));
    const dec = compileRowDecoder(cols);
    const o = dec.toObject(["1", "2", "3", "4", "5", "6"]);
    expect(Object.keys(o)).toEqual(names);
    expect(Object.values(o)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(dec.toArray(["1", "2", "3", "4", "5", "6"])).toEqual([1, 2, 3, 4, 5, 6]);
    const e = err(() => dec.toObject(["1", "2", "3", "x", "5", "6"]));
    expect(e.code).toBe("VALUE_INVALID");
    expect(e.message).toContain("#4");
  });
});
