/**
 * Datetime and numeric functions against Confluent Cloud's function reference
 * (https://docs.confluent.io/cloud/current/flink/reference/functions/datetime-functions.html and
 * .../numeric-functions.html) and, where those pages are silent, Apache Flink's
 * "System (Built-in) Functions" (https://nightlies.apache.org/flink/flink-docs-stable/docs/dev/table/functions/systemfunctions/,
 * source docs/data/sql_functions.yml) and Flink's type strategies: CURRENT_WATERMARK,
 * SOURCE_WATERMARK, UNHEX, UNIX_TIMESTAMP with zone offsets, and the documented examples of the
 * existing functions.
 */
import { describe, expect, test } from "vitest";
import { lookupScalar } from "../../../../src/emulator/sql/functions/registry.ts";
import { parseDate, parseTime, parseTimestamp, Timestamp } from "../../../../src/types/temporal.ts";
import { T, call, ctx, int, str, typeOf } from "./support.ts";

const DT_DOC = "https://docs.confluent.io/cloud/current/flink/reference/functions/datetime-functions.html";
const NUM_DOC = "https://docs.confluent.io/cloud/current/flink/reference/functions/numeric-functions.html";
const FLINK_DOC = "https://nightlies.apache.org/flink/flink-docs-stable/docs/dev/table/functions/systemfunctions/";

const date = (s: string) => [T.date(false), parseDate(s)] as [ReturnType<typeof T.date>, number];
const ts = (s: string) => [T.timestamp(3, false), parseTimestamp(s)] as [ReturnType<typeof T.timestamp>, Timestamp];

describe(`CURRENT_WATERMARK (${DT_DOC}#flink-sql-current-watermark-function)`, () => {
  // Flink CurrentWatermarkTypeStrategy: the argument's kind with precision 3, always nullable.
  test("result type mirrors the rowtime kind with precision 3, nullable", () => {
    expect(typeOf("CURRENT_WATERMARK", T.timestamp(3, false))).toBe("TIMESTAMP(3)");
    expect(typeOf("CURRENT_WATERMARK", T.timestamp(9, false))).toBe("TIMESTAMP(3)");
    expect(typeOf("CURRENT_WATERMARK", T.timestampLtz(3, false))).toBe("TIMESTAMP_LTZ(3)");
    expect(typeOf("CURRENT_WATERMARK", T.timestampLtz(6, true))).toBe("TIMESTAMP_LTZ(3)");
  });
  // Flink CurrentWatermarkInputTypeStrategy's message.
  test("a type that cannot be a time attribute, or a wrong count, fails validation", () => {
    expect(() => typeOf("CURRENT_WATERMARK", T.bigint())).toThrow(
      "CURRENT_WATERMARK() must be called with a single rowtime attribute argument, but 'BIGINT' cannot be a time attribute.",
    );
    expect(() => typeOf("CURRENT_WATERMARK")).toThrow("Invalid number of arguments to function 'CURRENT_WATERMARK'. Was expecting 1 arguments");
  });
  test("the value is the evaluating operator's watermark, NULL before the first", () => {
    const f = lookupScalar("CURRENT_WATERMARK")!;
    const args = [T.timestampLtz(3, false)];
    const impl = f.compile(args, f.inferType(args));
    const row = [new Timestamp(5000)];
    expect(impl(row, ctx())).toBeNull();
    expect(impl(row, { ...ctx(), watermark: () => null })).toBeNull();
    expect(impl(row, { ...ctx(), watermark: () => 1234 })).toEqual(new Timestamp(1234));
    // The argument's value is not read (Flink reads the timer service): a NULL rowtime still sees the watermark.
    expect(impl([null], { ...ctx(), watermark: () => 99 })).toEqual(new Timestamp(99));
    expect(f.deterministic).toBe(false);
  });
});

describe(`SOURCE_WATERMARK (${DT_DOC}#flink-sql-source-watermark-function)`, () => {
  test("TIMESTAMP_LTZ(3) outside a WATERMARK declaration, failing at run time as Flink's SourceWatermarkFunction", () => {
    expect(typeOf("SOURCE_WATERMARK")).toBe("TIMESTAMP_LTZ(3)");
    expect(() => call("SOURCE_WATERMARK", [])).toThrow(/^SOURCE_WATERMARK\(\) is a declarative function and doesn't have concrete implementation\./);
    expect(() => typeOf("SOURCE_WATERMARK", T.int())).toThrow("Invalid number of arguments to function 'SOURCE_WATERMARK'. Was expecting 0 arguments");
  });
});

describe(`UNHEX (${NUM_DOC}#flink-sql-unhex-function)`, () => {
  // Flink UnhexFunction: pairs of hex digits from the end; an odd length drops the first digit
  // (after checking it) and leaves a zero byte in front; a non-hex digit gives NULL.
  test("hex text to bytes", () => {
    expect(typeOf("UNHEX", T.string(false))).toBe("BYTES");
    expect(call("UNHEX", [str("666C696E6B")])).toEqual(new TextEncoder().encode("flink"));
    expect(call("UNHEX", [str("666c696e6b")])).toEqual(new TextEncoder().encode("flink"));
    expect(call("UNHEX", [str("ABC")])).toEqual(new Uint8Array([0x00, 0xbc]));
    expect(call("UNHEX", [str("F")])).toEqual(new Uint8Array([0x00]));
    expect(call("UNHEX", [str("")])).toEqual(new Uint8Array([]));
    expect(call("UNHEX", [str("zz")])).toBeNull();
    expect(call("UNHEX", [str("G12")])).toBeNull();
    expect(call("UNHEX", [[T.string(), null]])).toBeNull();
    expect(() => typeOf("UNHEX", T.int())).toThrow("Cannot apply 'UNHEX' to arguments of type 'UNHEX(<INTEGER>)'");
  });
});

describe(`UNIX_TIMESTAMP with a zone offset in the text (${FLINK_DOC}, UNIX_TIMESTAMP(string1[, string2]))`, () => {
  // Flink docs example, session zone Europe/Berlin.
  test("the documented examples", () => {
    const berlin = "Europe/Berlin";
    expect(call("UNIX_TIMESTAMP", [str("1970-01-01 08:00:01.001"), str("yyyy-MM-dd HH:mm:ss.SSS")], berlin)).toBe(25201n);
    expect(call("UNIX_TIMESTAMP", [str("1970-01-01 08:00:01.001 +0800"), str("yyyy-MM-dd HH:mm:ss.SSS X")], berlin)).toBe(1n);
    // SimpleDateFormat.parse(String) ignores the text after the pattern (" +0800").
    expect(call("UNIX_TIMESTAMP", [str("1970-01-01 08:00:01.001 +0800"), str("yyyy-MM-dd HH:mm:ss.SSS")], berlin)).toBe(25201n);
    expect(call("UNIX_TIMESTAMP", [str("1970-01-01 08:00:01.001"), str("yyyy-MM-dd HH:mm:ss.SSS X")], berlin)).toBe(-9223372036854775808n);
  });
  test("X / XX / XXX offsets and Z", () => {
    expect(call("UNIX_TIMESTAMP", [str("1970-01-01 01:00:00 +01"), str("yyyy-MM-dd HH:mm:ss X")])).toBe(0n);
    expect(call("UNIX_TIMESTAMP", [str("1970-01-01 01:30:00 +01:30"), str("yyyy-MM-dd HH:mm:ss XXX")])).toBe(0n);
    expect(call("UNIX_TIMESTAMP", [str("1970-01-01 00:00:10 Z"), str("yyyy-MM-dd HH:mm:ss X")], "Asia/Tokyo")).toBe(10n);
    expect(call("UNIX_TIMESTAMP", [str("1969-12-31 19:00:00 -0500"), str("yyyy-MM-dd HH:mm:ss Z")])).toBe(0n);
  });
});

describe(`documented examples of the existing datetime functions (${DT_DOC}, ${FLINK_DOC})`, () => {
  test("EXTRACT and the field shorthands", () => {
    expect(call("EXTRACT", [str("DAY"), date("2006-06-05")])).toBe(5n);
    expect(call("YEAR", [date("1994-09-27")])).toBe(1994n);
    expect(call("QUARTER", [date("1994-09-27")])).toBe(3n);
    expect(call("MONTH", [date("1994-09-27")])).toBe(9n);
    expect(call("WEEK", [date("1994-09-27")])).toBe(39n);
    expect(call("DAYOFYEAR", [date("1994-09-27")])).toBe(270n);
    expect(call("DAYOFMONTH", [date("1994-09-27")])).toBe(27n);
    expect(call("DAYOFWEEK", [date("1994-09-27")])).toBe(3n);
    expect(call("HOUR", [ts("1994-09-27 13:14:15")])).toBe(13n);
    expect(call("MINUTE", [ts("1994-09-27 13:14:15")])).toBe(14n);
    expect(call("SECOND", [ts("1994-09-27 13:14:15")])).toBe(15n);
  });
  test("FLOOR / CEIL to a unit, CONVERT_TZ, FROM_UNIXTIME", () => {
    const time = [T.time(0, false), parseTime("12:44:31")] as const;
    expect(call("FLOOR", [[...time], str("MINUTE")])).toBe(parseTime("12:44:00"));
    expect(call("CEIL", [[...time], str("MINUTE")])).toBe(parseTime("12:45:00"));
    expect(call("CONVERT_TZ", [str("1970-01-01 00:00:00"), str("UTC"), str("America/Los_Angeles")])).toBe("1969-12-31 16:00:00");
    expect(call("FROM_UNIXTIME", [int(44)])).toBe("1970-01-01 00:00:44");
    expect(call("FROM_UNIXTIME", [int(44)], "Asia/Tokyo")).toBe("1970-01-01 09:00:44");
  });
});
