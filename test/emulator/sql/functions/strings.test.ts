/**
 * String functions. Source: Apache Flink docs, "System (Built-in) Functions > String Functions"
 * (1-based positions; SUBSTRING/SUBSTR, CHAR_LENGTH, POSITION, LOCATE, REPLACE, REGEXP_*,
 * SPLIT_INDEX returning NULL past the end, LPAD/RPAD truncating to len, INITCAP, ...).
 * Result types follow Calcite/Flink: UPPER/LOWER keep the argument type, SUBSTRING/TRIM give
 * VARCHAR of the argument's length, CHAR_LENGTH/POSITION give INT NOT NULL for NOT NULL input.
 */
import { describe, expect, test } from "vitest";
import { SqlRuntimeError } from "../../../../src/emulator/sql/functions/registry.ts";
import { T, call, int, nul, str, typeOf } from "./support.ts";

describe("types", () => {
  test.each<[string, Parameters<typeof typeOf>[1][], string]>([
    ["UPPER", [T.char(3, false)], "CHAR(3) NOT NULL"],
    ["LOWER", [T.string(true)], "STRING"],
    ["CONCAT", [T.char(2, false), T.varchar(3, false)], "STRING NOT NULL"],
    ["CONCAT", [T.string(false), T.string(true)], "STRING"],
    ["CONCAT_WS", [T.string(false), T.string(true), T.string(true)], "STRING NOT NULL"],
    ["SUBSTRING", [T.varchar(10, false), T.int(false)], "VARCHAR(10) NOT NULL"],
    ["SUBSTR", [T.char(5, true), T.int(false), T.int(false)], "VARCHAR(5)"],
    ["CHAR_LENGTH", [T.string(false)], "INT NOT NULL"],
    ["REGEXP_EXTRACT", [T.string(false), T.string(false)], "STRING"],
    ["SPLIT_INDEX", [T.string(false), T.string(false), T.int(false)], "STRING"],
    ["REPLACE", [T.string(false), T.string(false), T.string(false)], "STRING NOT NULL"],
    ["LPAD", [T.string(false), T.int(false), T.string(false)], "STRING"],
    ["REGEXP", [T.string(false), T.string(false)], "BOOLEAN NOT NULL"],
  ])("%s", (name, ts, expected) => {
    expect(typeOf(name, ...ts)).toBe(expected);
  });
  test("non-string arguments fail validation", () => {
    expect(() => typeOf("UPPER", T.int(false))).toThrow("Cannot apply 'UPPER' to arguments of type 'UPPER(<INTEGER>)'");
    expect(() => typeOf("SUBSTRING", T.string(false), T.string(false))).toThrow(/Cannot apply 'SUBSTRING'/);
    expect(() => typeOf("CHAR_LENGTH", T.string(false), T.string(false))).toThrow(/Invalid number of arguments/);
  });
});

describe("values", () => {
  test("CONCAT / CONCAT_WS / ||: CONCAT is NULL if any argument is; CONCAT_WS skips NULLs", () => {
    expect(call("CONCAT", [str("a"), str("b"), str("c")])).toBe("abc");
    expect(call("CONCAT", [str("a"), nul(T.string())])).toBeNull();
    expect(call("CONCAT_WS", [str("-"), str("a"), nul(T.string()), str("c")])).toBe("a-c");
    expect(call("CONCAT_WS", [nul(T.string()), str("a")])).toBeNull();
  });
  test("UPPER / LOWER / INITCAP / REVERSE", () => {
    expect(call("UPPER", [str("ab1")])).toBe("AB1");
    expect(call("LOWER", [str("AB")])).toBe("ab");
    expect(call("INITCAP", [str("hello wORLD-foo")])).toBe("Hello World-Foo");
    expect(call("REVERSE", [str("abc")])).toBe("cba");
  });
  test("TRIM forms (planner passes side, chars, string) and LTRIM/RTRIM/BTRIM", () => {
    expect(call("TRIM", [str("BOTH"), str(" "), str("  a  ")])).toBe("a");
    expect(call("TRIM", [str("LEADING"), str("x"), str("xxaxx")])).toBe("axx");
    expect(call("TRIM", [str("TRAILING"), str("x"), str("xxaxx")])).toBe("xxa");
    expect(call("LTRIM", [str("  a ")])).toBe("a ");
    expect(call("RTRIM", [str(" a  ")])).toBe(" a");
    expect(call("BTRIM", [str("xyax"), str("xy")])).toBe("a");
  });
  test("SUBSTRING: 1-based, 0 acts as 1, negative counts from the end; negative length fails", () => {
    expect(call("SUBSTRING", [str("hello"), int(2)])).toBe("ello");
    expect(call("SUBSTRING", [str("hello"), int(2), int(3)])).toBe("ell");
    expect(call("SUBSTRING", [str("hello"), int(0), int(2)])).toBe("he");
    expect(call("SUBSTRING", [str("hello"), int(-3), int(2)])).toBe("ll");
    expect(call("SUBSTR", [str("hello"), int(9)])).toBe("");
    expect(() => call("SUBSTRING", [str("hello"), int(1), int(-1)])).toThrow(SqlRuntimeError);
  });
  test("CHAR_LENGTH / POSITION / LOCATE / INSTR", () => {
    expect(call("CHAR_LENGTH", [str("héllo")])).toBe(5);
    expect(call("CHARACTER_LENGTH", [str("")])).toBe(0);
    expect(call("POSITION", [str("l"), str("hello")])).toBe(3);
    expect(call("POSITION", [str("z"), str("hello")])).toBe(0);
    expect(call("LOCATE", [str("l"), str("hello"), int(4)])).toBe(4);
    expect(call("INSTR", [str("hello"), str("lo")])).toBe(4);
  });
  test("REPLACE / REPEAT / LPAD / RPAD / LEFT / RIGHT", () => {
    expect(call("REPLACE", [str("a.b.c"), str("."), str("-")])).toBe("a-b-c");
    expect(call("REPEAT", [str("ab"), int(3)])).toBe("ababab");
    expect(call("REPEAT", [str("ab"), int(-1)])).toBe("");
    expect(call("LPAD", [str("hi"), int(4), str("??")])).toBe("??hi");
    expect(call("LPAD", [str("hi"), int(1), str("??")])).toBe("h");
    expect(call("RPAD", [str("hi"), int(5), str("xy")])).toBe("hixyx");
    expect(call("LPAD", [str("hi"), int(-1), str("x")])).toBeNull();
    expect(call("LEFT", [str("hello"), int(2)])).toBe("he");
    expect(call("RIGHT", [str("hello"), int(2)])).toBe("lo");
    expect(call("LEFT", [str("hello"), int(-2)])).toBe("");
  });
  test("regular expressions (Java syntax); invalid patterns give NULL", () => {
    expect(call("REGEXP", [str("k1=v1"), str("k\\d=")])).toBe(true);
    expect(call("REGEXP_REPLACE", [str("foobar"), str("oo|ar"), str("")])).toBe("fb");
    expect(call("REGEXP_EXTRACT", [str("foothebar"), str("foo(.*?)(bar)"), int(2)])).toBe("bar");
    expect(call("REGEXP_EXTRACT", [str("foothebar"), str("foo(.*?)(bar)")])).toBe("the");
    expect(call("REGEXP_EXTRACT", [str("abc"), str("x(y)"), int(1)])).toBeNull();
    expect(call("REGEXP_EXTRACT", [str("abc"), str("(unclosed"), int(1)])).toBeNull();
    expect(call("REGEXP_REPLACE", [str("abc"), str("(unclosed"), str("x")])).toBeNull();
  });
  // Flink's SqlFunctionUtils.regexpReplace calls str.replaceAll(regex,
  // Matcher.quoteReplacement(replacement)): the replacement is literal text, so $0, $1 and
  // backslashes are copied as written (and JavaScript's $&, $$ patterns must not apply either).
  test("REGEXP_REPLACE inserts the replacement literally", () => {
    expect(call("REGEXP_REPLACE", [str("abc"), str("b"), str("[$0]")])).toBe("a[$0]c");
    expect(call("REGEXP_REPLACE", [str("2024-06-15"), str("(\\d+)-(\\d+)-(\\d+)"), str("$3/$2/$1")])).toBe("$3/$2/$1");
    expect(call("REGEXP_REPLACE", [str("abc"), str("b"), str("$&$$\\x")])).toBe("a$&$$\\xc");
    expect(call("REGEXP_REPLACE", [str("aaa"), str("a"), str("b")])).toBe("bbb");
  });
  test("LIKE with % and _, escapes; SIMILAR TO", () => {
    expect(call("LIKE", [str("abc"), str("a_c")])).toBe(true);
    expect(call("LIKE", [str("abc"), str("A%")])).toBe(false);
    expect(call("LIKE", [str("a.c"), str("a.c")])).toBe(true);
    expect(call("LIKE", [str("axc"), str("a.c")])).toBe(false);
    expect(call("LIKE", [str("50%"), str("50!%"), str("!")])).toBe(true);
    expect(call("LIKE", [str("505"), str("50!%"), str("!")])).toBe(false);
    expect(call("LIKE", [str("line1\nline2"), str("line1%")])).toBe(true);
    expect(call("LIKE", [nul(T.string()), str("%")])).toBeNull();
    expect(call("SIMILAR TO", [str("abc"), str("(a|x)%")])).toBe(true);
    expect(call("SIMILAR TO", [str("abc"), str("b%")])).toBe(false);
  });
  test("SPLIT_INDEX is 0-based and NULL past the end", () => {
    expect(call("SPLIT_INDEX", [str("a,b,c"), str(","), int(1)])).toBe("b");
    expect(call("SPLIT_INDEX", [str("a,b,c"), str(","), int(3)])).toBeNull();
    expect(call("SPLIT_INDEX", [str("a,b,c"), str(","), int(-1)])).toBeNull();
  });
  test("TO_BASE64 / FROM_BASE64 round-trip UTF-8; ASCII / CHR", () => {
    expect(call("TO_BASE64", [str("hello world")])).toBe("aGVsbG8gd29ybGQ=");
    expect(call("FROM_BASE64", [str("aGVsbG8gd29ybGQ=")])).toBe("hello world");
    expect(call("FROM_BASE64", [str(call("TO_BASE64", [str("héllo ✓")]) as string)])).toBe("héllo ✓");
    expect(call("ASCII", [str("A")])).toBe(65);
    expect(call("ASCII", [str("")])).toBe(0);
    expect(call("CHR", [int(97)])).toBe("a");
    expect(call("CHR", [int(353)])).toBe("a");
  });
  test("UUID is seeded by the statement's random source and well-formed", () => {
    const u = call("UUID", []) as string;
    expect(u).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(call("UUID", [])).toBe(u);
  });
});

describe("more string functions (Flink String Functions)", () => {
  test("STR_TO_MAP with default and custom delimiters", () => {
    expect(typeOf("STR_TO_MAP", T.string(false))).toBe("MAP<STRING, STRING> NOT NULL");
    expect([...(call("STR_TO_MAP", [str("a=1,b=2,c")]) as Map<unknown, unknown>)]).toEqual([["a", "1"], ["b", "2"], ["c", null]]);
    expect([...(call("STR_TO_MAP", [str("a:1;b:2"), str(";"), str(":")]) as Map<unknown, unknown>)]).toEqual([["a", "1"], ["b", "2"]]);
  });
  test("SPLIT / STARTSWITH / ENDSWITH / IS_ALPHA / IS_DIGIT / IS_DECIMAL", () => {
    expect(call("SPLIT", [str("a,b,,c"), str(",")])).toEqual(["a", "b", "", "c"]);
    expect(call("SPLIT", [str("abc"), str("")])).toEqual(["a", "b", "c"]);
    expect(call("STARTSWITH", [str("flink"), str("fl")])).toBe(true);
    expect(call("ENDSWITH", [str("flink"), str("fl")])).toBe(false);
    expect(call("IS_ALPHA", [str("abcÄ")])).toBe(true);
    expect(call("IS_ALPHA", [str("ab1")])).toBe(false);
    expect(call("IS_DIGIT", [str("0123")])).toBe(true);
    expect(call("IS_DECIMAL", [str("-1.5e3")])).toBe(true);
    expect(call("IS_DECIMAL", [str("1.2.3")])).toBe(false);
  });
  test("PARSE_URL parts and query keys; NULL for missing parts", () => {
    const url = str("http://user:pw@facebook.com:8080/path/p1.php?query=1&k=v#frag");
    expect(call("PARSE_URL", [url, str("HOST")])).toBe("facebook.com");
    expect(call("PARSE_URL", [url, str("PATH")])).toBe("/path/p1.php");
    expect(call("PARSE_URL", [url, str("QUERY")])).toBe("query=1&k=v");
    expect(call("PARSE_URL", [url, str("QUERY"), str("k")])).toBe("v");
    expect(call("PARSE_URL", [url, str("QUERY"), str("zz")])).toBeNull();
    expect(call("PARSE_URL", [url, str("REF")])).toBe("frag");
    expect(call("PARSE_URL", [url, str("PROTOCOL")])).toBe("http");
    expect(call("PARSE_URL", [url, str("FILE")])).toBe("/path/p1.php?query=1&k=v");
    expect(call("PARSE_URL", [url, str("AUTHORITY")])).toBe("user:pw@facebook.com:8080");
    expect(call("PARSE_URL", [url, str("USERINFO")])).toBe("user:pw");
    expect(call("PARSE_URL", [str("not a url"), str("HOST")])).toBeNull();
  });
  test("URL_ENCODE / URL_DECODE (form encoding)", () => {
    expect(call("URL_ENCODE", [str("a b&c=d/é")])).toBe("a+b%26c%3Dd%2F%C3%A9");
    expect(call("URL_DECODE", [str("a+b%26c%3Dd%2F%C3%A9")])).toBe("a b&c=d/é");
    expect(call("URL_DECODE", [str("%zz")])).toBeNull();
  });
});

test("LENGTH is CHAR_LENGTH; OVERLAY replaces a range", () => {
  expect(call("LENGTH", [str("abc")])).toBe(3);
  expect(call("OVERLAY", [str("xxxxxtest"), str("xxxx"), int(6)])).toBe("xxxxxxxxx");
  expect(call("OVERLAY", [str("xxxxxtest"), str("xx"), int(6), int(2)])).toBe("xxxxxxxst");
});
