import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  renderLiteral, substituteParameters, sqlTemplate, SqlQuery, raw, identifier, typedNull, decimal, date, time, timestamp,
  row, array, map, literalType,
} from "../../../src/types/params.ts";
import { DayTimeInterval, YearMonthInterval } from "../../../src/types/interval.ts";
import { Decimal } from "../../../src/types/decimal.ts";
import { formatType } from "../../../src/types/format-type.ts";
import { parseTimestamp, Timestamp } from "../../../src/types/temporal.ts";
import { InterfaceError, ProgrammingError } from "../../../src/errors.ts";
import type { LogicalType } from "../../../src/types/model.ts";
import { parseLiteral } from "./support/literal-parser.ts";
import { tokenize } from "../../../src/emulator/sql/syntax/lexer.ts";

function err(f: () => unknown): { code?: string; message: string; e: unknown } {
  try { f(); } catch (e) { return { code: (e as { code?: string }).code, message: (e as Error).message, e }; }
  throw new Error("expected an error");
}

describe("renderLiteral", () => {
  it("renders scalars", () => {
    expect(renderLiteral(true)).toBe("TRUE");
    expect(renderLiteral(false)).toBe("FALSE");
    expect(renderLiteral(null)).toBe("NULL");
    expect(renderLiteral(123)).toBe("123");
    expect(renderLiteral(-456)).toBe("(-456)");
    expect(renderLiteral(3_000_000_000)).toBe("3000000000");
    expect(renderLiteral(12.34)).toBe("12.34E0");
    expect(renderLiteral(1e-7)).toBe("1.0E-7");
    expect(renderLiteral(-2.5)).toBe("(-2.5E0)");
    expect(renderLiteral(3.0e20)).toBe("3.0E20");
    expect(renderLiteral(NaN)).toBe("CAST('NaN' AS DOUBLE)");
    expect(renderLiteral(Infinity)).toBe("CAST('Infinity' AS DOUBLE)");
    expect(renderLiteral(-Infinity)).toBe("CAST('-Infinity' AS DOUBLE)");
    expect(renderLiteral(-0)).toBe("(-0.0E0)");
    expect(renderLiteral(2 ** 60)).toBe("1.152921504606847E18");
    expect(renderLiteral(5n)).toBe("CAST(5 AS BIGINT)");
    expect(renderLiteral(-(2n ** 63n))).toBe("CAST(-9223372036854775808 AS BIGINT)");
    expect(renderLiteral(2n ** 64n)).toBe("CAST('18446744073709551616' AS DECIMAL(20, 0))");
    expect(renderLiteral("O'Reilly")).toBe("'O''Reilly'");
    expect(renderLiteral("a\\b\nc")).toBe("'a\\b\nc'");
    expect(renderLiteral(new Uint8Array([0x7f, 2, 3]))).toBe("x'7f0203'");
    expect(renderLiteral(new Uint8Array())).toBe("x''");
    expect(renderLiteral(new Uint8Array([1, 255]).buffer)).toBe("x'01ff'");
    expect(renderLiteral(new Date(Date.UTC(2024, 5, 15, 12, 0, 0, 123)))).toBe(`TO_TIMESTAMP_LTZ(${Date.UTC(2024, 5, 15, 12, 0, 0, 123)}, 3)`);
    expect(renderLiteral(Decimal.parse("0.001"))).toBe("CAST('0.001' AS DECIMAL(3, 3))");
    expect(renderLiteral(new YearMonthInterval(1, 6))).toBe("INTERVAL '1-6' YEAR TO MONTH");
    expect(renderLiteral(DayTimeInterval.of({ days: 2, hours: 4, minutes: 15, seconds: 20 }))).toBe("INTERVAL '2 04:15:20.000' DAY TO SECOND(3)");
  });
  it("renders composites with unified element types", () => {
    expect(renderLiteral([1, 2, 3])).toBe("ARRAY[1, 2, 3]");
    expect(renderLiteral([1, null, 3])).toBe("ARRAY[1, CAST(NULL AS INT), 3]");
    expect(renderLiteral([1, 3_000_000_000, null])).toBe("ARRAY[1, 3000000000, CAST(NULL AS BIGINT)]");
    expect(renderLiteral([1, 2.5, null])).toBe("ARRAY[1, 2.5E0, CAST(NULL AS DOUBLE)]");
    expect(renderLiteral(["a", "bc", null])).toBe("ARRAY['a', 'bc', CAST(NULL AS VARCHAR(2))]");
    expect(renderLiteral([[1], [null, 2]])).toBe("ARRAY[ARRAY[1], ARRAY[CAST(NULL AS INT), 2]]");
    expect(renderLiteral([[1], null])).toBe("ARRAY[ARRAY[1], CAST(NULL AS ARRAY<INT>)]");
    expect(renderLiteral(new Map<unknown, unknown>([[1, "a"], [2, null]]))).toBe("MAP[1, 'a', 2, CAST(NULL AS CHAR(1))]");
    expect(renderLiteral({ k1: [1, 2], k2: null })).toBe("MAP['k1', ARRAY[1, 2], 'k2', CAST(NULL AS ARRAY<INT>)]");
    expect(renderLiteral(row(1, "a", null))).toBe("ROW(1, 'a', NULL)");
    expect(renderLiteral([row(1, "a"), row(2, "bc")])).toBe("ARRAY[ROW(1, 'a'), ROW(2, 'bc')]");
  });
  it("refuses what it cannot type or render", () => {
    expect(err(() => renderLiteral([])).code).toBe("PARAMETER_NEEDS_TYPE");
    expect(err(() => renderLiteral([null, null])).code).toBe("PARAMETER_NEEDS_TYPE");
    expect(err(() => renderLiteral({})).code).toBe("PARAMETER_NEEDS_TYPE");
    expect(err(() => renderLiteral([1, true])).code).toBe("PARAMETER_MIXED_TYPES");
    expect(err(() => renderLiteral([1, "1"])).code).toBe("PARAMETER_MIXED_TYPES");
    for (const v of [undefined, () => 1, Symbol("x"), new Set([1]), new (class Foo {})(), new Int16Array(2)]) {
      const e = err(() => renderLiteral(v));
      expect(e.e).toBeInstanceOf(InterfaceError);
      expect(e.code).toBe("PARAMETER_UNSUPPORTED");
    }
    expect(err(() => renderLiteral(new Date(NaN))).code).toBe("PARAMETER_INVALID");
    expect(err(() => renderLiteral([1, undefined])).message).toContain("parameter[1]");
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    expect(err(() => renderLiteral(cyclic)).code).toBe("PARAMETER_INVALID");
  });
});

describe("helpers", () => {
  it("raw, identifier, typedNull", () => {
    expect(renderLiteral(raw("CURRENT_TIMESTAMP"))).toBe("CURRENT_TIMESTAMP");
    expect(renderLiteral(identifier("my table"))).toBe("`my table`");
    expect(renderLiteral(identifier("a`b", "c"))).toBe("`a``b`.`c`");
    expect(renderLiteral(typedNull("DECIMAL(10,2)"))).toBe("CAST(NULL AS DECIMAL(10, 2))");
    expect(renderLiteral(typedNull("int not null"))).toBe("CAST(NULL AS INT)");
    expect(renderLiteral(typedNull("VARCHAR(10)"))).toBe("CAST(NULL AS VARCHAR(10))");
    expect(renderLiteral(typedNull("TIMESTAMP(3)"))).toBe("CAST(NULL AS TIMESTAMP(3))");
    expect(renderLiteral(typedNull("ARRAY<ROW<a INT>>"))).toBe("CAST(NULL AS ARRAY<ROW<a INT>>)");
    expect(renderLiteral(typedNull("INTERVAL DAY TO SECOND"))).toBe("CAST(NULL AS INTERVAL DAY(2) TO SECOND(6))");
    expect(err(() => typedNull("INT); DROP TABLE x; --")).code).toBe("TYPE_TEXT_INVALID");
    expect(renderLiteral(typedNull("RAW('a.B', 'c2VyaWFs')"))).toBe("CAST(NULL AS RAW('a.B', 'c2VyaWFs'))");
    expect(err(() => identifier("")).code).toBe("PARAMETER_INVALID");
  });
  it("typedNull and type hints refuse types Flink cannot CAST to, naming them", () => {
    const cases: Array<[string | LogicalType, string]> = [
      ["STRUCTURED<'com.x.User', a INT>", "STRUCTURED<'com.x.User', a INT>"],
      ["TIMESTAMP(3) WITH TIME ZONE", "TIMESTAMP(3) WITH TIME ZONE"],
      ["ARRAY<ROW<a TIMESTAMP(6) WITH TIME ZONE>>", "TIMESTAMP(6) WITH TIME ZONE in ARRAY<ROW<a TIMESTAMP(6) WITH TIME ZONE>>"],
      ["MAP<INT, SYMBOL>", "SYMBOL in MAP<INT, SYMBOL>"],
      ["RAW('java.lang.Object')", "RAW('java.lang.Object')"],
      [{ type: "DISTINCT_TYPE", nullable: true, objectIdentifier: "`c`.`d`.`Money`", sourceType: { type: "INTEGER", nullable: true } }, "`c`.`d`.`Money`"],
      [{ type: "OPAQUE", nullable: true, typeName: "GEOGRAPHY", json: { type: "GEOGRAPHY" } }, "GEOGRAPHY"],
    ];
    for (const [type, named] of cases) {
      const e = err(() => typedNull(type));
      expect(e.e).toBeInstanceOf(InterfaceError);
      expect(e.code).toBe("PARAMETER_TYPE_UNSUPPORTED");
      expect(e.message).toContain(`cannot CAST to ${named}`);
    }
    expect(err(() => typedNull("TIMESTAMP WITH TIME ZONE")).message).toContain("use TIMESTAMP_LTZ");
    expect(err(() => array([], "TIMESTAMP(3) WITH TIME ZONE")).code).toBe("PARAMETER_TYPE_UNSUPPORTED");
    expect(err(() => map({}, "STRING", "STRUCTURED<'x.Y'>")).code).toBe("PARAMETER_TYPE_UNSUPPORTED");
  });
  it("decimal picks a valid precision and scale", () => {
    expect(decimal("0.001").sql).toBe("CAST('0.001' AS DECIMAL(3, 3))");
    expect(decimal("1E+2").sql).toBe("CAST('100' AS DECIMAL(3, 0))");
    expect(decimal("-123.4500").sql).toBe("CAST('-123.4500' AS DECIMAL(7, 4))");
    expect(decimal("1.5", 10, 2).sql).toBe("CAST('1.50' AS DECIMAL(10, 2))");
    expect(decimal(12345678901234567890n).sql).toBe("CAST('12345678901234567890' AS DECIMAL(20, 0))");
    expect(decimal(0.1).sql).toBe("CAST('0.1' AS DECIMAL(1, 1))");
    expect(err(() => decimal("1.555", 10, 2)).code).toBe("PARAMETER_INVALID");
    expect(err(() => decimal("12345", 4, 0)).code).toBe("PARAMETER_INVALID");
    expect(err(() => decimal("1" + "0".repeat(40))).code).toBe("PARAMETER_INVALID");
    expect(err(() => decimal("abc")).code).toBe("DECIMAL_INVALID");
  });
  it("date, time, timestamp with precision", () => {
    expect(date("2024-06-15").sql).toBe("DATE '2024-06-15'");
    expect(date(new Date(Date.UTC(2024, 5, 15, 23))).sql).toBe("DATE '2024-06-15'");
    expect(time("12:34:56.5").sql).toBe("TIME '12:34:56.5'");
    expect(time("12:34:56.5", 3).sql).toBe("TIME '12:34:56.500'");
    expect(time("12:34").sql).toBe("TIME '12:34:00'");
    expect(timestamp("2024-06-15 12:34:56.123456789").sql).toBe("TIMESTAMP '2024-06-15 12:34:56.123456789'");
    expect(timestamp("2024-06-15T12:34:56", 3).sql).toBe("TIMESTAMP '2024-06-15 12:34:56.000'");
    expect(timestamp(new Date(Date.UTC(2024, 5, 15, 1, 2, 3, 4))).sql).toBe("TIMESTAMP '2024-06-15 01:02:03.004'");
    expect(err(() => timestamp("2024-06-15 12:34:56.1234", 3)).code).toBe("PARAMETER_INVALID");
    expect(err(() => date("2024-02-30")).code).toBe("DATE_INVALID");
    expect(err(() => time("12:34", 10)).code).toBe("PARAMETER_INVALID");
  });
  it("typed arrays and maps", () => {
    expect(array([], "INT").sql).toBe("ARRAY_REMOVE(ARRAY[CAST(NULL AS INT)], CAST(NULL AS INT))");
    expect(array([null], "STRING").sql).toBe("ARRAY[CAST(NULL AS STRING)]");
    expect(array([1, 2], "BIGINT").sql).toBe("ARRAY[CAST(1 AS BIGINT), CAST(2 AS BIGINT)]");
    expect(map(new Map([["a", 1]]), "STRING", "BIGINT").sql).toBe("MAP[CAST('a' AS STRING), CAST(1 AS BIGINT)]");
    expect(map({}, "STRING", "INT").sql).toBe(
      "MAP_FROM_ARRAYS(ARRAY_REMOVE(ARRAY[CAST(NULL AS STRING)], CAST(NULL AS STRING)), ARRAY_REMOVE(ARRAY[CAST(NULL AS INT)], CAST(NULL AS INT)))",
    );
    expect(map([[1, "x"]]).sql).toBe("MAP[1, 'x']");
    expect(formatType(literalType(array([], "INT"))!)).toBe("ARRAY<INT> NOT NULL");
  });
});

describe("Temporal objects", () => {
  class Fake {
    constructor(readonly tag: string, readonly text: string, readonly epochNanoseconds?: bigint) {}
    get [Symbol.toStringTag]() { return this.tag; }
    toString() { return this.text; }
  }
  it("render as naive literals or an LTZ instant", () => {
    expect(renderLiteral(new Fake("Temporal.PlainDate", "2024-06-15"))).toBe("DATE '2024-06-15'");
    expect(renderLiteral(new Fake("Temporal.PlainTime", "12:34:56.123456"))).toBe("TIME '12:34:56.123456'");
    expect(renderLiteral(new Fake("Temporal.PlainDateTime", "2024-06-15T12:34:56.123456789"))).toBe("TIMESTAMP '2024-06-15 12:34:56.123456789'");
    expect(renderLiteral(new Fake("Temporal.Instant", "1970-01-01T00:00:01Z", 1_000_000_000n))).toBe("TO_TIMESTAMP_LTZ(1000, 3)");
    expect(err(() => renderLiteral(new Fake("Temporal.Instant", "x", 1n))).code).toBe("PARAMETER_INVALID");
    expect(err(() => renderLiteral(new Fake("Temporal.Duration", "PT1S"))).code).toBe("PARAMETER_UNSUPPORTED");
  });
});

describe("substituteParameters", () => {
  it("positional %s, Python-compatible %% handling", () => {
    expect(substituteParameters("SELECT * FROM t WHERE id = %s", [123])).toBe("SELECT * FROM t WHERE id = 123");
    expect(substituteParameters("SELECT '100%%', c1 %% 2, %s", ["x"])).toBe("SELECT '100%', c1 % 2, 'x'");
    expect(substituteParameters("SELECT '100%%'")).toBe("SELECT '100%%'");
    expect(substituteParameters("SELECT '100%%'", [])).toBe("SELECT '100%%'");
    expect(substituteParameters("SELECT c1 % 2 FROM t WHERE c2 = %s", [1])).toBe("SELECT c1 % 2 FROM t WHERE c2 = 1");
    expect(substituteParameters("SELECT c1 %(2) FROM t WHERE c2 = %s", [1])).toBe("SELECT c1 %(2) FROM t WHERE c2 = 1");
    expect(substituteParameters("SELECT 1-%s", [-1])).toBe("SELECT 1-(-1)");
  });
  it("ignores placeholders in strings, identifiers and comments", () => {
    const sql = "SELECT '%s', `%s`, %s -- %s\n/* %s */ FROM t WHERE a = 'it''s %s' AND b = %s";
    expect(substituteParameters(sql, ["x", 2])).toBe("SELECT '%s', `%s`, 'x' -- %s\n/* %s */ FROM t WHERE a = 'it''s %s' AND b = 2");
  });
  it("a -- comment ends at CR as well as LF, as in Calcite", () => {
    expect(substituteParameters("SELECT %s -- note %s\rFROM t WHERE a = %s", [1, 2])).toBe("SELECT 1 -- note %s\rFROM t WHERE a = 2");
    expect(substituteParameters("SELECT 1 -- %s\r\n, %s", ["x"])).toBe("SELECT 1 -- %s\r\n, 'x'");
    // Calcite's lexer (the emulator's) agrees that the text after the CR is live SQL.
    expect(tokenize("SELECT 1 -- note\rFROM t").map((t) => t.value)).toEqual(["SELECT", "1", "FROM", "t", ""]);
  });
  it("a value never merges with the literal, word or quote beside it", () => {
    const lexed = (sql: string) => tokenize(sql).filter((t) => t.type !== "eof").map((t) => [t.type, t.value]);
    const two = substituteParameters("SELECT %s%s", ["a", "b"]);
    expect(two).toBe("SELECT 'a' 'b'");
    expect(lexed(two)).toEqual([["word", "SELECT"], ["string", "a"], ["string", "b"]]);
    expect(substituteParameters("SELECT %(a)s%(b)s", { a: "a", b: "b" })).toBe("SELECT 'a' 'b'");
    expect(sqlTemplate`SELECT ${"a"}${"b"}`.text).toBe("SELECT 'a' 'b'");
    const mixed = substituteParameters("SELECT %s%s, x%s, %s'c', 'c'%s, %sFROM t", [1, 2, 3, "a", "b", true]);
    expect(mixed).toBe("SELECT 1 2, x 3, 'a' 'c', 'c' 'b', TRUE FROM t");
    // X'..', N'..', U&'..' prefixes and decimal points would change the value, not just the tokens.
    const prefixed = substituteParameters("SELECT X%s, N%s, U&%s, 1.%s, %s.5", ["ab", "c", "\\0041", 5, 1]);
    expect(prefixed).toBe("SELECT X 'ab', N 'c', U& '\\0041', 1. 5, 1 .5");
    expect(lexed(prefixed).filter(([k]) => k === "string")).toEqual([["string", "ab"], ["string", "c"], ["string", "\\0041"]]);
    expect(substituteParameters("SELECT * FROM %s%s", [identifier("a"), identifier("b")])).toBe("SELECT * FROM `a` `b`");
    // Nothing changes where the tokens stay apart anyway, and raw() stays verbatim.
    expect(substituteParameters("SELECT (%s),%s||%s FROM t WHERE a=%s", ["a", 1, "b", 2])).toBe("SELECT ('a'),1||'b' FROM t WHERE a=2");
    expect(substituteParameters("SELECT * FROM t%s WHERE %s", [raw("_2024"), 1])).toBe("SELECT * FROM t_2024 WHERE 1");
  });
  it("adjacent placeholders always lex as one token per value (property)", () => {
    const value = fc.oneof(fc.string({ unit: "binary", maxLength: 6 }), fc.nat(), fc.boolean());
    fc.assert(fc.property(fc.array(value, { minLength: 1, maxLength: 5 }), (vs) => {
      const toks = tokenize(substituteParameters("SELECT " + "%s".repeat(vs.length), vs)).slice(1, -1);
      expect(toks.map((t) => (t.type === "string" ? t.value : t.type === "number" ? Number(t.value) : t.upper === "TRUE"))).toEqual(vs);
    }), { numRuns: 300 });
  });
  it("named %(name)s", () => {
    expect(substituteParameters("SELECT %(a)s, %(b)s, %(a)s", { a: 1, b: "x" })).toBe("SELECT 1, 'x', 1");
    expect(err(() => substituteParameters("SELECT %(a)s, %(c)s", { a: 1 })).code).toBe("PARAMETER_MISSING");
    expect(err(() => substituteParameters("SELECT %s", { a: 1 })).code).toBe("PARAMETER_STYLE");
    expect(err(() => substituteParameters("SELECT %(a)s", [1])).code).toBe("PARAMETER_STYLE");
  });
  it("wrong counts are ProgrammingErrors, bad values InterfaceErrors naming the position", () => {
    const e1 = err(() => substituteParameters("SELECT %s, %s", [1]));
    expect(e1.e).toBeInstanceOf(ProgrammingError);
    expect(e1.code).toBe("PARAMETER_COUNT");
    expect(err(() => substituteParameters("SELECT 1", [1])).code).toBe("PARAMETER_COUNT");
    const e2 = err(() => substituteParameters("SELECT %s, %s", [1, undefined]));
    expect(e2.e).toBeInstanceOf(InterfaceError);
    expect(e2.code).toBe("PARAMETER_UNSUPPORTED");
    expect(e2.message).toContain("parameter 2");
    expect(err(() => substituteParameters("SELECT %(x)s", { x: undefined })).message).toContain('parameter "x"');
  });
});

describe("sqlTemplate", () => {
  it("renders values and inlines nested queries", () => {
    const id = 7;
    const q = sqlTemplate`SELECT * FROM orders WHERE id = ${id} AND note = ${"it's"} AND pct = 5 % 2`;
    expect(q).toBeInstanceOf(SqlQuery);
    expect(q.text).toBe("SELECT * FROM orders WHERE id = 7 AND note = 'it''s' AND pct = 5 % 2");
    const cond = sqlTemplate`total > ${decimal("10.50")}`;
    expect(sqlTemplate`SELECT * FROM ${identifier("orders")} WHERE ${cond}`.text).toBe(
      "SELECT * FROM `orders` WHERE total > CAST('10.50' AS DECIMAL(4, 2))",
    );
    expect(err(() => sqlTemplate`SELECT ${1}, ${undefined}`).message).toContain("parameter 2");
  });
});

describe("round trips (property based)", () => {
  const nasty = fc.constantFrom("'", "''", "%s", "%%", "%(a)s", "--", "/*", "*/", "`", "\\", "\n", "\r\n", "'; DROP TABLE x; --", "\u0000", "\u{1F600}", "é", "\u202E");
  const anyString = fc.array(fc.oneof(fc.string({ unit: "binary" }), nasty), { maxLength: 8 }).map((a) => a.join(""));

  it("strings come back byte for byte, as exactly one literal, wherever the placeholder is", () => {
    fc.assert(
      fc.property(anyString, (s) => {
        const lit = renderLiteral(s);
        expect(parseLiteral(lit)).toBe(s);
        const out = substituteParameters("/* %s */ SELECT %s, '%s', `%s` -- %s\nFROM t", [s]);
        expect(out).toBe(`/* %s */ SELECT ${lit}, '%s', \`%s\` -- %s\nFROM t`);
        const named = substituteParameters("SELECT %(v)s AS x", { v: s });
        expect(named).toBe(`SELECT ${lit} AS x`);
        expect(sqlTemplate`SELECT ${s}`.text).toBe(`SELECT ${lit}`);
      }),
      { numRuns: 300 },
    );
  });
  it("numbers and bigints", () => {
    fc.assert(fc.property(fc.double(), (d) => {
      const back = parseLiteral(renderLiteral(d));
      expect(Object.is(back, d) || (Number.isNaN(d) && Number.isNaN(back as number))).toBe(true);
    }), { numRuns: 500 });
    fc.assert(fc.property(fc.integer(), (n) => { expect(parseLiteral(renderLiteral(n))).toBe(n); }));
    fc.assert(fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (n) => { expect(parseLiteral(renderLiteral(n))).toBe(n); }));
  });
  it("decimals keep value and scale within DECIMAL(38)", () => {
    fc.assert(fc.property(fc.bigInt({ min: -(10n ** 38n) + 1n, max: 10n ** 38n - 1n }), fc.integer({ min: 0, max: 38 }), (u, s) => {
      const d = Decimal.fromUnscaled(u, s);
      const f = decimal(d);
      const back = parseLiteral(f.sql) as Decimal;
      expect(back.toString()).toBe(d.toString());
      const t = literalType(f)!;
      expect(t.type === "DECIMAL" && t.precision <= 38 && t.scale === s && t.precision >= t.scale).toBe(true);
    }));
  });
  it("temporal values and intervals", () => {
    // Dates render for years 0000-9999 only (TIMESTAMP_LTZ's range; others are refused, see review2-client.test.ts).
    const dates = fc.date({ noInvalidDate: true, min: new Date("0000-01-01T00:00:00.000Z"), max: new Date("9999-12-31T23:59:59.999Z") });
    fc.assert(fc.property(dates, (d) => {
      expect((parseLiteral(renderLiteral(d)) as Date).getTime()).toBe(d.getTime());
    }));
    const minMs = Date.UTC(0, 0, 1) - 1900 * 0; // year 1900 in Date.UTC's two-digit rule; use explicit bounds below
    void minMs;
    const lo = -62135596800000; // 0001-01-01
    const hi = 253402300799999; // 9999-12-31 23:59:59.999
    fc.assert(fc.property(fc.integer({ min: lo, max: hi }), fc.integer({ min: 0, max: 999999 }), fc.integer({ min: 0, max: 9 }), (ms, nanos, p) => {
      const ts = new Timestamp(ms, nanos);
      const text = ts.toString();
      const trimmed = text.slice(0, p === 0 ? 19 : 20 + p);
      const back = parseLiteral(timestamp(trimmed, p).sql) as Timestamp;
      expect(back.equals(parseTimestamp(trimmed))).toBe(true);
      const days = Math.floor(ms / 86400000);
      expect(parseLiteral(date(text.slice(0, 10)).sql)).toEqual({ date: days });
    }));
    fc.assert(fc.property(fc.integer({ min: -9999 * 12 - 11, max: 9999 * 12 + 11 }), (m) => {
      expect((parseLiteral(renderLiteral(YearMonthInterval.ofMonths(m))) as YearMonthInterval).totalMonths).toBe(m);
    }));
    fc.assert(fc.property(fc.integer({ min: -999999 * 86400000, max: 999999 * 86400000 }), (ms) => {
      expect((parseLiteral(renderLiteral(new DayTimeInterval(ms))) as DayTimeInterval).totalMilliseconds).toBe(ms);
    }));
  });
  it("nested arrays and maps with NULLs", () => {
    const el = fc.option(fc.integer(), { nil: null });
    fc.assert(fc.property(fc.array(el, { minLength: 1 }).filter((a) => a.some((x) => x !== null)), (a) => {
      expect(parseLiteral(renderLiteral(a))).toEqual(a);
    }));
    fc.assert(fc.property(fc.dictionary(anyString, fc.array(fc.integer(), { minLength: 1 }), { minKeys: 1 }), (o) => {
      expect(parseLiteral(renderLiteral(o))).toEqual(new Map(Object.entries(o)));
    }));
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer(), anyString), { minLength: 1 }), (pairs) => {
      const rows = pairs.map(([n, s]) => row(n, s));
      expect(parseLiteral(renderLiteral(rows))).toEqual(pairs.map((p) => ({ row: p })));
    }));
  });
});
