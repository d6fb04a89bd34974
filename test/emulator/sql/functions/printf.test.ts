/**
 * PRINTF(format, obj...) as Flink 1.20 runs it (PrintfFunction: java.util.Formatter, Locale.US,
 * over Flink's internal data structures; NULL format gives NULL). Expected texts are what
 * java.util.Formatter's documented rules give: HALF_UP rounding of the decimal digits, Locale.US
 * grouping, two-digit signed exponents, unsigned two's-complement %x of negative values of the
 * argument's width, "null" for NULL arguments.
 */
import { describe, expect, test } from "vitest";
import { StatementFailedError } from "../../../../src/index.ts";
import { sharedConnection } from "../../../support/emulated-connection.ts";
import { T, call, dbl, int, nul, str, typeOf } from "./support.ts";

const db = sharedConnection();

async function values(sql: string): Promise<{ values: unknown[]; types: string[] }> {
  const { rows, columns } = await db.conn.query(sql);
  expect(rows).toHaveLength(1);
  return { values: columns.map((c) => (rows[0] as Record<string, unknown>)[c.name]), types: columns.map((c) => c.typeName) };
}

async function failure(sql: string): Promise<string> {
  const err = await db.conn.query(sql).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StatementFailedError);
  return (err as Error).message;
}

const p = (format: string, ...args: Array<ReturnType<typeof int>>) => call("PRINTF", [str(format), ...args]);

describe("PRINTF types", () => {
  test("always the nullable STRING (Flink's explicit(DataTypes.STRING()))", () => {
    expect(typeOf("PRINTF", T.string(false))).toBe("STRING");
    expect(typeOf("PRINTF", T.string(false), T.int(false))).toBe("STRING");
    expect(typeOf("PRINTF", T.varchar(10, true), T.int(false))).toBe("STRING");
  });
  test("the format must be a character string; unmodelled argument types are refused", () => {
    expect(() => typeOf("PRINTF")).toThrow("Invalid number of arguments to function 'PRINTF'. Was expecting 1 or more arguments");
    expect(() => typeOf("PRINTF", T.int(false))).toThrow("Invalid input arguments. Expected signatures are:\nPRINTF(format <CHARACTER_STRING>, obj <ANY>...)");
    expect(() => typeOf("PRINTF", T.string(false), T.array(T.int(false), false))).toThrow("Unsupported feature in the emulator: PRINTF arguments of type INTEGER ARRAY.");
  });
});

describe("PRINTF values", () => {
  test("%s / %S with width, '-' and precision; NULL arguments print as null", () => {
    expect(p("%s is %d years", str("Bob"), int(42))).toBe("Bob is 42 years");
    expect(p("%5s|%-5s|%.2s|%S", str("ab"), str("cd"), str("abcdef"), str("abc"))).toBe("   ab|cd   |ab|ABC");
    expect(p("%s %d %S", nul(T.string()), nul(T.int()), nul(T.string()))).toBe("null null NULL");
    expect(p("%s %s %s", [T.boolean(false), true], dbl(1.5), dbl(1e7))).toBe("true 1.5 1.0E7");
    expect(p("%s", [T.float(false), Math.fround(0.1)])).toBe("0.1");
  });
  test("%d flags: zero padding counts the sign, grouping, parentheses, '+' and ' '", () => {
    expect(p("%05d|%+d|% d|%,d|%(d|%,010d|%-6d|%08d", int(42), int(42), int(42), int(1234567), int(-42), int(1234567), int(42), int(-42))).toBe(
      "00042|+42| 42|1,234,567|(42)|01,234,567|42    |-0000042",
    );
    expect(p("%d", [T.bigint(false), -9223372036854775808n])).toBe("-9223372036854775808");
  });
  test("%x / %X / %o: unsigned two's complement of the argument's width, '#' prefixes", () => {
    expect(p("%x %X %#x %08x %o %#o", int(255), int(255), int(255), int(255), int(8), int(8))).toBe("ff FF 0xff 000000ff 10 010");
    expect(p("%x|%x|%x|%x", int(-1), [T.tinyint(false), -1], [T.smallint(false), -2], [T.bigint(false), -1n])).toBe("ffffffff|ff|fffe|ffffffffffffffff");
    expect(p("%#X", int(255))).toBe("0XFF");
  });
  test("%f / %e round HALF_UP on the decimal digits (1.005 -> 1.01), default precision 6", () => {
    expect(p("%.2f|%.2f|%f|%.0f|%.0f", dbl(1.005), dbl(0.125), dbl(1), dbl(2.5), dbl(0.4))).toBe("1.01|0.13|1.000000|3|0");
    expect(p("%10.3f|%-10.1f|%+.1f|%,.2f|%08.2f|%(.1f", dbl(Math.PI), dbl(Math.PI), dbl(Math.PI), dbl(1234567.891), dbl(-3.14159), dbl(-2.5))).toBe(
      "     3.142|3.1       |+3.1|1,234,567.89|-0003.14|(2.5)",
    );
    expect(p("%e|%.2E|%e|%.3e|%12.2e|%.1e", dbl(12345.678), dbl(0.000123), dbl(0), dbl(9.9995), dbl(-1234.5), dbl(1e100))).toBe(
      "1.234568e+04|1.23E-04|0.000000e+00|1.000e+01|   -1.23e+03|1.0e+100",
    );
    expect(p("%f|%f|%5.1f|%f|%.3f", dbl(NaN), dbl(-Infinity), dbl(Infinity), dbl(-0), dbl(0.0005))).toBe("NaN|-Infinity|Infinity|-0.000000|0.001");
    expect(p("%.10f|%.1f", [T.float(false), Math.fround(0.1)], dbl(1e21))).toBe("0.1000000015|1000000000000000000000.0");
  });
  test("%g: precision significant digits, decimal form for 1e-4 <= rounded < 10^precision, trailing zeros kept", () => {
    expect(p("%g|%g|%g|%g|%g", dbl(1234.5678), dbl(0.0001), dbl(123456789), dbl(100000), dbl(999999.5))).toBe("1234.57|0.000100000|1.23457e+08|100000|1.00000e+06");
    expect(p("%g|%g|%.3g|%.0g|%G|%,g|%10.2g|", dbl(0.00001), dbl(0), dbl(Math.PI), dbl(25), dbl(1e-10), dbl(12345.6), dbl(-0.5))).toBe(
      "1.00000e-05|0.00000|3.14|3e+01|1.00000E-10|12,345.6|     -0.50|",
    );
    expect(() => p("%#g", dbl(1))).toThrow("java.util.FormatFlagsConversionMismatchException: Conversion = g, Flags = #");
  });
  test("%b, %c, %%, %n, explicit and relative argument indexes", () => {
    expect(p("%b %b %b %B", [T.boolean(false), false], nul(T.boolean()), str("x"), [T.boolean(false), true])).toBe("false false true TRUE");
    expect(p("%c%c", int(65), int(0x1f600))).toBe("A😀");
    expect(p("100%% %5%|%-3%|%n", int(1))).toBe("100%     %|%  |\n");
    expect(p("%2$s %1$s %s %<s", str("a"), str("b"))).toBe("b a a a");
  });
  test("a NULL format gives NULL", () => {
    expect(call("PRINTF", [nul(T.string()), int(1)])).toBeNull();
  });
});

describe("PRINTF errors are Java's Formatter exceptions wrapped in FlinkRuntimeException", () => {
  test.each([
    ["%s %s", "java.util.MissingFormatArgumentException: Format specifier '%s'"],
    ["%3$s", "java.util.MissingFormatArgumentException: Format specifier '%3$s'"],
    ["%<s", "java.util.MissingFormatArgumentException: Format specifier '%<s'"],
    ["%q", "java.util.UnknownFormatConversionException: Conversion = 'q'"],
    ["50%", "java.util.UnknownFormatConversionException: Conversion = '%'"],
    ["%-d", "java.util.MissingFormatWidthException: %-d"],
    ["%+s", "java.util.FormatFlagsConversionMismatchException: Conversion = s, Flags = +"],
    ["%.2d", "java.util.IllegalFormatPrecisionException: 2"],
    ["%+ d", "java.util.IllegalFormatFlagsException: Flags = '+ '"],
    ["%,x", "java.util.FormatFlagsConversionMismatchException: Conversion = x, Flags = ,"],
    ["%+x", "java.util.FormatFlagsConversionMismatchException: Conversion = x, Flags = +"],
    ["%f", "java.util.IllegalFormatConversionException: f != java.lang.Integer"],
    ["%D", "java.util.UnknownFormatConversionException: Conversion = 'D'"],
    ["%#s", "java.util.FormatFlagsConversionMismatchException: Conversion = s, Flags = #"],
    ["%-08d", "java.util.IllegalFormatFlagsException: Flags = '-0'"],
    ["%5n", "java.util.IllegalFormatWidthException: 5"],
  ])("%s", (format, message) => {
    expect(() => p(format, int(1))).toThrow(message);
  });
  test("a STRING or DECIMAL is not a number to Formatter", () => {
    expect(() => p("%d", str("1"))).toThrow("java.util.IllegalFormatConversionException: d != org.apache.flink.table.data.binary.BinaryStringData");
  });
});

describe("PRINTF through the client", () => {
  test("values, types and NULL format", async () => {
    const r = await values(
      "SELECT PRINTF('%s-%05d-%.2f', 'id', 42, CAST(1.005 AS DOUBLE)) AS a, PRINTF('%s', 1.50) AS b, PRINTF(CAST(NULL AS STRING), 1) AS c, PRINTF('%x', CAST(-1 AS TINYINT)) AS d",
    );
    expect(r.values).toEqual(["id-00042-1.01", "1.50", null, "ff"]);
    expect(r.types).toEqual(["STRING", "STRING", "STRING", "STRING"]);
  });
  test("temporal arguments are Flink's internal forms: DATE days, TIME milliseconds, TIMESTAMP as LocalDateTime", async () => {
    const r = await values(
      "SELECT PRINTF('%s|%d', DATE '2024-01-01', DATE '1969-12-31') AS d, PRINTF('%s', TIME '01:00:00') AS t, " +
        "PRINTF('%s|%s|%s|%s', TIMESTAMP '2024-01-02 03:04:00', TIMESTAMP '2024-01-02 03:04:05', TIMESTAMP '2024-01-02 03:04:05.120', CAST('2024-01-02 03:04:05.123456' AS TIMESTAMP(6))) AS ts, " +
        "PRINTF('%s', TO_TIMESTAMP_LTZ(0, 3)) AS ltz",
    );
    expect(r.values).toEqual(["19723|-1", "3600000", "2024-01-02T03:04|2024-01-02T03:04:05|2024-01-02T03:04:05.120|2024-01-02T03:04:05.123456", "1970-01-01T00:00"]);
    // A TIMESTAMP_LTZ's TimestampData is the instant: it prints in UTC whatever the session zone.
    const tokyo = await db.conn.query("SELECT PRINTF('%s', TO_TIMESTAMP_LTZ(0, 3)) AS s, CAST(TO_TIMESTAMP_LTZ(0, 3) AS STRING) AS c", undefined, {
      properties: { "sql.local-time-zone": "Asia/Tokyo" },
    });
    expect(tokyo.rows).toEqual([{ s: "1970-01-01T00:00", c: "1970-01-01 09:00:00.000" }]);
  });
  test("the format may come from a column", async () => {
    const { rows } = await db.conn.query("SELECT PRINTF(f, x) AS s FROM (VALUES ('<%3d>', 7), ('%x', 255)) AS t(f, x)");
    expect(rows).toEqual([{ s: "<  7>" }, { s: "ff" }]);
  });
  test("Formatter failures fail the statement; unmodelled conversions and types are refused", async () => {
    expect(await failure("SELECT PRINTF('%f', 1.5)")).toContain("java.util.IllegalFormatConversionException: f != org.apache.flink.table.data.DecimalData");
    expect(await failure("SELECT PRINTF('%s %s', 'a')")).toContain("java.util.MissingFormatArgumentException: Format specifier '%s'");
    expect(await failure("SELECT PRINTF('%a', CAST(1 AS DOUBLE))")).toContain("Unsupported feature in the emulator: PRINTF conversion '%a'.");
    expect(await failure("SELECT PRINTF('%tY', 1)")).toContain("Unsupported feature in the emulator: PRINTF date/time conversion '%tY'.");
    expect(await failure("SELECT PRINTF('%s', ARRAY[1])")).toContain("Unsupported feature in the emulator: PRINTF arguments of type INTEGER ARRAY.");
    expect(await failure("SELECT PRINTF('%d', TIMESTAMP '2024-01-01 00:00:00')")).toContain(
      "java.util.IllegalFormatConversionException: d != org.apache.flink.table.data.TimestampData",
    );
    expect(await failure("SELECT PRINTF(1)")).toContain("Invalid input arguments. Expected signatures are:\nPRINTF(format <CHARACTER_STRING>, obj <ANY>...)");
  });
});
