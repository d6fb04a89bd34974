/**
 * Temporal functions. Source: Apache Flink docs, "System (Built-in) Functions > Temporal
 * Functions": CURRENT_TIMESTAMP / NOW return TIMESTAMP_LTZ(3), LOCALTIMESTAMP TIMESTAMP(3),
 * CURRENT_DATE DATE, CURRENT_TIME TIME(0), all in the session time zone; EXTRACT and the
 * YEAR..SECOND shorthands return BIGINT; DATE_FORMAT uses Java date-time patterns;
 * TIMESTAMPDIFF returns INT; TO_TIMESTAMP returns TIMESTAMP(3) (default format
 * 'yyyy-MM-dd HH:mm:ss'), TO_TIMESTAMP_LTZ(numeric, 0|3) TIMESTAMP_LTZ(3); UNIX_TIMESTAMP and
 * FROM_UNIXTIME work in the session time zone.
 */
import { describe, expect, test } from "vitest";
import { lookupScalar } from "../../../../src/emulator/sql/functions/registry.ts";
import type { InternalValue } from "../../../../src/emulator/sql/functions/registry.ts";
import type { LogicalType } from "../../../../src/types/model.ts";
import { Timestamp, formatDate, formatTime, formatTimestamp, parseDate, parseTime, parseTimestamp } from "../../../../src/types/temporal.ts";
import { NOW, T, call, int, nul, str, typeOf } from "./support.ts";

const ts = (s: string): [LogicalType, InternalValue] => [T.timestamp(3, false), parseTimestamp(s)];
const ltz = (ms: number): [LogicalType, InternalValue] => [T.timestampLtz(3, false), new Timestamp(ms)];
const date = (s: string): [LogicalType, InternalValue] => [T.date(false), parseDate(s)];
const u = (unit: string): [LogicalType, InternalValue] => [T.char(unit.length, false), unit];
const fmtTs = (v: InternalValue, p = 3) => formatTimestamp(v as Timestamp, p);

describe("current time (clock: 2024-06-15 12:34:56.789 UTC)", () => {
  test("types", () => {
    expect(typeOf("CURRENT_TIMESTAMP")).toBe("TIMESTAMP_LTZ(3) NOT NULL");
    expect(typeOf("NOW")).toBe("TIMESTAMP_LTZ(3) NOT NULL");
    expect(typeOf("LOCALTIMESTAMP")).toBe("TIMESTAMP(3) NOT NULL");
    expect(typeOf("CURRENT_DATE")).toBe("DATE NOT NULL");
    expect(typeOf("CURRENT_TIME")).toBe("TIME(0) NOT NULL");
    expect(typeOf("CURRENT_ROW_TIMESTAMP")).toBe("TIMESTAMP_LTZ(3) NOT NULL");
    expect(typeOf("PROCTIME")).toBe("TIMESTAMP_LTZ(3) NOT NULL");
    expect(lookupScalar("NOW")!.deterministic).toBe(false);
  });
  test("values follow the session time zone", () => {
    expect((call("CURRENT_TIMESTAMP", [], "Asia/Tokyo") as Timestamp).epochMillis).toBe(NOW);
    expect(fmtTs(call("LOCALTIMESTAMP", [], "Asia/Tokyo"))).toBe("2024-06-15 21:34:56.789");
    expect(formatDate(call("CURRENT_DATE", [], "Pacific/Kiritimati") as number)).toBe("2024-06-16");
    expect(call("CURRENT_TIME", [], "UTC")).toBe(parseTime("12:34:56")); // whole seconds: TIME(0)
  });
});

describe("EXTRACT and shorthands", () => {
  test.each<[string, number | bigint]>([
    ["YEAR", 2024n],
    ["QUARTER", 2n],
    ["MONTH", 6n],
    ["WEEK", 24n],
    ["DAY", 15n],
    ["DOW", 7n], // Saturday: Sunday = 1 .. Saturday = 7
    ["ISODOW", 6n],
    ["DOY", 167n],
    ["HOUR", 12n],
    ["MINUTE", 34n],
    ["SECOND", 56n],
    ["MILLISECOND", 56789n],
    ["EPOCH", 1718454896n],
    ["DECADE", 202n],
    ["CENTURY", 21n],
  ])("EXTRACT(%s FROM TIMESTAMP)", (unit, expected) => {
    expect(call("EXTRACT", [u(unit), ts("2024-06-15 12:34:56.789")])).toBe(expected);
  });
  test("BIGINT result; DATE, TIME, LTZ (session zone) and intervals", () => {
    expect(typeOf("EXTRACT", T.char(4, false), T.date(true))).toBe("BIGINT");
    expect(call("EXTRACT", [u("DAY"), date("2024-02-29")])).toBe(29n);
    expect(call("EXTRACT", [u("HOUR"), [T.time(0, false), parseTime("23:10:00")]])).toBe(23n);
    expect(call("EXTRACT", [u("HOUR"), ltz(Date.UTC(2024, 0, 1, 23))], "GMT+02:00")).toBe(1n);
    const dayTime: LogicalType = { type: "INTERVAL_DAY_TIME", resolution: "DAY_TO_SECOND", precision: 2, fractionalPrecision: 3, nullable: false };
    expect(call("EXTRACT", [u("HOUR"), [dayTime, 2 * 86_400_000 + 5 * 3_600_000]])).toBe(5n);
    expect(call("EXTRACT", [u("YEAR"), nul(T.date())])).toBeNull();
    expect(() => typeOf("EXTRACT", T.char(4, false), T.string(false))).toThrow(/Cannot apply 'EXTRACT'/);
  });
  test("YEAR / MONTH / DAYOFMONTH / DAYOFWEEK / DAYOFYEAR / WEEK / HOUR / MINUTE / SECOND / QUARTER", () => {
    const d = date("2024-01-01"); // a Monday
    expect(call("YEAR", [d])).toBe(2024n);
    expect(call("MONTH", [d])).toBe(1n);
    expect(call("DAYOFMONTH", [d])).toBe(1n);
    expect(call("DAYOFWEEK", [d])).toBe(2n);
    expect(call("DAYOFYEAR", [date("2024-12-31")])).toBe(366n);
    expect(call("WEEK", [date("2021-01-03")])).toBe(53n); // ISO week of 2020
    expect(call("QUARTER", [date("2024-11-30")])).toBe(4n);
    expect(call("HOUR", [ts("2024-01-01 07:08:09")])).toBe(7n);
    expect(call("MINUTE", [ts("2024-01-01 07:08:09")])).toBe(8n);
    expect(call("SECOND", [ts("2024-01-01 07:08:09")])).toBe(9n);
    expect(typeOf("YEAR", T.date(false))).toBe("BIGINT NOT NULL");
  });
});

describe("DATE_FORMAT / TO_TIMESTAMP / TO_DATE / TO_TIMESTAMP_LTZ / UNIX_TIMESTAMP / FROM_UNIXTIME / CONVERT_TZ", () => {
  test("DATE_FORMAT with Java patterns, on timestamps, LTZ (session zone) and strings", () => {
    expect(call("DATE_FORMAT", [ts("2024-06-05 07:08:09.012"), str("yyyy-MM-dd HH:mm:ss.SSS")])).toBe("2024-06-05 07:08:09.012");
    expect(call("DATE_FORMAT", [ts("2024-06-05 19:08:09"), str("yy/M/d h:mm a, EEE MMM")])).toBe("24/6/5 7:08 PM, Wed Jun");
    expect(call("DATE_FORMAT", [ts("2024-06-05 19:08:09"), str("'day' D 'of' yyyy, ''q''")])).toBe("day 157 of 2024, '2'");
    expect(call("DATE_FORMAT", [ltz(Date.UTC(2024, 0, 1, 23)), str("yyyy-MM-dd HH")], "GMT+02:00")).toBe("2024-01-02 01");
    expect(call("DATE_FORMAT", [str("2024-06-05 07:08:09"), str("dd.MM.yyyy")])).toBe("05.06.2024");
    expect(typeOf("DATE_FORMAT", T.timestamp(3, false), T.string(false))).toBe("STRING NOT NULL");
  });
  test("TO_TIMESTAMP parses the default or a given pattern, NULL when it does not match", () => {
    expect(typeOf("TO_TIMESTAMP", T.string(false))).toBe("TIMESTAMP(3)");
    expect(fmtTs(call("TO_TIMESTAMP", [str("2024-01-02 03:04:05")]))).toBe("2024-01-02 03:04:05.000");
    expect(fmtTs(call("TO_TIMESTAMP", [str("02/01/2024 03:04"), str("dd/MM/yyyy HH:mm")]))).toBe("2024-01-02 03:04:00.000");
    expect(fmtTs(call("TO_TIMESTAMP", [str("20240102030405123"), str("yyyyMMddHHmmssSSS")]))).toBe("2024-01-02 03:04:05.123");
    expect(call("TO_TIMESTAMP", [str("not a time")])).toBeNull();
    expect(call("TO_TIMESTAMP", [str("2023-02-29 00:00:00")])).toBeNull();
  });
  test("TO_DATE", () => {
    expect(formatDate(call("TO_DATE", [str("2024-06-15")]) as number)).toBe("2024-06-15");
    expect(formatDate(call("TO_DATE", [str("15.06.2024"), str("dd.MM.yyyy")]) as number)).toBe("2024-06-15");
    expect(call("TO_DATE", [str("junk")])).toBeNull();
  });
  test("TO_TIMESTAMP_LTZ(numeric, 0 | 3) and from a string in a zone", () => {
    expect(typeOf("TO_TIMESTAMP_LTZ", T.bigint(false), T.int(false))).toBe("TIMESTAMP_LTZ(3)");
    expect((call("TO_TIMESTAMP_LTZ", [[T.bigint(false), 1_700_000_000n], int(0)]) as Timestamp).epochMillis).toBe(1_700_000_000_000);
    expect((call("TO_TIMESTAMP_LTZ", [[T.bigint(false), 1_700_000_000_123n], int(3)]) as Timestamp).epochMillis).toBe(1_700_000_000_123);
    expect(() => call("TO_TIMESTAMP_LTZ", [[T.bigint(false), 1n], int(6)])).toThrow(/precision value '6'/);
    const t = call("TO_TIMESTAMP_LTZ", [str("2024-01-01 12:00:00"), str("yyyy-MM-dd HH:mm:ss"), str("GMT+02:00")]) as Timestamp;
    expect(t.epochMillis).toBe(Date.UTC(2024, 0, 1, 10));
  });
  test("UNIX_TIMESTAMP and FROM_UNIXTIME in the session zone", () => {
    expect(call("UNIX_TIMESTAMP", [])).toBe(BigInt(Math.floor(NOW / 1000)));
    expect(call("UNIX_TIMESTAMP", [str("2024-01-01 00:00:00")])).toBe(1704067200n);
    expect(call("UNIX_TIMESTAMP", [str("2024-01-01 02:00:00")], "GMT+02:00")).toBe(1704067200n);
    expect(call("UNIX_TIMESTAMP", [str("01/01/2024"), str("dd/MM/yyyy")])).toBe(1704067200n);
    expect(call("FROM_UNIXTIME", [[T.bigint(false), 1704067200n]])).toBe("2024-01-01 00:00:00");
    expect(call("FROM_UNIXTIME", [[T.bigint(false), 1704067200n], str("yyyy/MM/dd HH")], "GMT+05:00")).toBe("2024/01/01 05");
  });
  test("CONVERT_TZ", () => {
    expect(call("CONVERT_TZ", [str("1970-01-01 00:00:00"), str("UTC"), str("America/Los_Angeles")])).toBe("1969-12-31 16:00:00");
    expect(() => call("CONVERT_TZ", [str("1970-01-01 00:00:00"), str("UTC"), str("Mars/Base")])).toThrow();
  });
});

describe("TIMESTAMPADD / TIMESTAMPDIFF / FLOOR / CEIL TO unit", () => {
  test("TIMESTAMPADD keeps the type; months clamp the day", () => {
    expect(typeOf("TIMESTAMPADD", T.char(3, false), T.int(false), T.timestamp(3, false))).toBe("TIMESTAMP(3) NOT NULL");
    expect(fmtTs(call("TIMESTAMPADD", [u("MONTH"), int(1), ts("2024-01-31 10:00:00")]))).toBe("2024-02-29 10:00:00.000");
    expect(fmtTs(call("TIMESTAMPADD", [u("HOUR"), int(-25), ts("2024-01-01 00:00:00")]))).toBe("2023-12-30 23:00:00.000");
    expect(fmtTs(call("TIMESTAMPADD", [u("WEEK"), int(1), ts("2024-01-01 00:00:00")]))).toBe("2024-01-08 00:00:00.000");
    expect(formatDate(call("TIMESTAMPADD", [u("YEAR"), int(1), date("2024-02-29")]) as number)).toBe("2025-02-28");
    expect(formatDate(call("TIMESTAMPADD", [u("DAY"), int(3), date("2024-02-27")]) as number)).toBe("2024-03-01");
  });
  test("TIMESTAMPDIFF counts whole units between two datetimes (INT)", () => {
    expect(call("TIMESTAMPDIFF", [u("DAY"), ts("2024-01-01 00:00:00"), ts("2024-03-01 00:00:00")])).toBe(60);
    expect(call("TIMESTAMPDIFF", [u("HOUR"), ts("2024-01-01 00:00:00"), ts("2024-01-01 05:59:59")])).toBe(5);
    expect(call("TIMESTAMPDIFF", [u("MONTH"), ts("2024-01-15 00:00:00"), ts("2024-03-15 00:00:00")])).toBe(2);
    expect(call("TIMESTAMPDIFF", [u("YEAR"), date("2020-06-01"), date("2024-05-31")])).toBe(3);
    expect(call("TIMESTAMPDIFF", [u("SECOND"), ts("2024-01-01 00:00:10"), ts("2024-01-01 00:00:00")])).toBe(-10);
    expect(call("TIMESTAMPDIFF", [u("MINUTE"), ltz(0), ltz(90 * 60_000)])).toBe(90);
  });
  // Flink computes MONTH / QUARTER / YEAR differences with Calcite's
  // DateTimeUtils.subtractMonths: the largest m with addMonths(start, m) <= end, addMonths
  // clamping to the month's last day; the time of day only decides a same-day tie.
  test("TIMESTAMPDIFF month units at month ends (Calcite subtractMonths)", () => {
    expect(call("TIMESTAMPDIFF", [u("MONTH"), ts("2024-01-31 00:00:00"), ts("2024-02-29 00:00:00")])).toBe(1);
    expect(call("TIMESTAMPDIFF", [u("MONTH"), date("2024-01-31"), date("2024-02-29")])).toBe(1);
    expect(call("TIMESTAMPDIFF", [u("YEAR"), ts("2020-02-29 00:00:00"), ts("2021-02-28 00:00:00")])).toBe(1);
    expect(call("TIMESTAMPDIFF", [u("MONTH"), ts("2024-02-29 00:00:00"), ts("2024-01-31 00:00:00")])).toBe(-1);
    expect(call("TIMESTAMPDIFF", [u("MONTH"), ts("2024-03-31 00:00:00"), ts("2024-02-29 00:00:00")])).toBe(-1);
    expect(call("TIMESTAMPDIFF", [u("MONTH"), ts("2024-01-31 12:00:00"), ts("2024-02-29 06:00:00")])).toBe(0);
    expect(call("TIMESTAMPDIFF", [u("MONTH"), ts("2024-01-15 10:00:00"), ts("2024-03-15 09:00:00")])).toBe(1);
    expect(call("TIMESTAMPDIFF", [u("QUARTER"), date("2024-01-01"), date("2024-12-31")])).toBe(3);
  });
  test("FLOOR / CEIL to a unit", () => {
    expect(fmtTs(call("FLOOR", [ts("2024-06-15 12:34:56.789"), u("HOUR")]))).toBe("2024-06-15 12:00:00.000");
    expect(fmtTs(call("CEIL", [ts("2024-06-15 12:34:56.789"), u("MINUTE")]))).toBe("2024-06-15 12:35:00.000");
    expect(fmtTs(call("CEIL", [ts("2024-06-15 12:00:00"), u("HOUR")]))).toBe("2024-06-15 12:00:00.000");
    expect(fmtTs(call("FLOOR", [ts("2024-06-15 12:34:56"), u("MONTH")]))).toBe("2024-06-01 00:00:00.000");
    expect(fmtTs(call("CEIL", [ts("2024-11-15 12:34:56"), u("QUARTER")]))).toBe("2025-01-01 00:00:00.000");
    expect(fmtTs(call("FLOOR", [ts("2024-06-15 12:34:56"), u("YEAR")]))).toBe("2024-01-01 00:00:00.000");
    expect(formatDate(call("FLOOR", [date("2024-06-15"), u("MONTH")]) as number)).toBe("2024-06-01");
    // TIMESTAMP_LTZ floors in the session time zone
    const r = call("FLOOR", [ltz(Date.UTC(2024, 0, 1, 23, 30)), u("DAY")], "GMT+02:00") as Timestamp;
    expect(r.epochMillis).toBe(Date.UTC(2024, 0, 1, 22));
  });
});

test("LOCALTIME is TIME(0) of the session zone", () => {
  expect(typeOf("LOCALTIME")).toBe("TIME(0) NOT NULL");
  expect(call("LOCALTIME", [], "GMT+01:00")).toBe(parseTime("13:34:56"));
});
