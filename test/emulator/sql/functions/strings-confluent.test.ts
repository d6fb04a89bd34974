/**
 * String and hash functions against the Confluent Cloud documentation, function by function.
 * Every expected value marked "doc" is an example of the page cited in the describe title:
 * - STRINGS = https://docs.confluent.io/cloud/current/flink/reference/functions/string-functions.html
 * - HASHES  = https://docs.confluent.io/cloud/current/flink/reference/functions/hash-functions.html
 * Where the pages give no example (REGEXP_COUNT, REGEXP_EXTRACT_ALL, REGEXP_INSTR,
 * REGEXP_SUBSTR, ENCODE/DECODE), the values follow the Apache Flink docs' description
 * (docs/data/sql_functions.yml) and the runtime classes named in the test, and types follow
 * BuiltInFunctionDefinitions / FlinkSqlOperatorTable.
 */
import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { lookupScalar } from "../../../../src/emulator/sql/functions/registry.ts";
import { T, big, call, int, nul, str, typeOf } from "./support.ts";

const bytes = (...b: number[]): [ReturnType<typeof T.bytes>, Uint8Array] => [T.bytes(false), Uint8Array.from(b)];
const hex = (v: unknown): string => Array.from(v as Uint8Array, (b) => b.toString(16).padStart(2, "0")).join("");

describe("Confluent 'String Functions' page examples (STRINGS)", () => {
  test("ASCII, ||, BTRIM, CHAR_LENGTH, CHR (doc)", () => {
    expect(call("ASCII", [str("abc")])).toBe(97);
    expect(call("ASCII", [nul(T.string())])).toBeNull();
    expect(call("||", [str("Flink"), str("SQL")])).toBe("FlinkSQL");
    expect(call("BTRIM", [str("  www.apache.org  ")])).toBe("www.apache.org");
    expect(call("BTRIM", [str("/www.apache.org/"), str("/")])).toBe("www.apache.org");
    expect(call("BTRIM", [str("/*www.apache.org*/"), str("/*")])).toBe("www.apache.org");
    expect(call("CHAR_LENGTH", [str("Thomas A. Anderson")])).toBe(18);
    expect(call("CHARACTER_LENGTH", [str("Thomas A. Anderson")])).toBe(18);
    expect(call("CHR", [int(97)])).toBe("a");
    expect(call("CHR", [int(353)])).toBe("a");
  });
  test("CONCAT, CONCAT_WS (doc)", () => {
    expect(call("CONCAT", [str("AA"), str("BB"), str("CC")])).toBe("AABBCC");
    expect(call("CONCAT_WS", [str("~"), str("AA"), str("BB"), str(""), str("CC")])).toBe("AA~BB~~CC");
  });
  test("ELT (doc): the index-th expression, NULL when out of range", () => {
    expect(call("ELT", [int(2), str("scala-1"), str("java-2"), str("go-3")])).toBe("java-2");
    expect(call("ELT", [int(0), str("a"), str("b")])).toBeNull();
    expect(call("ELT", [int(3), str("a"), str("b")])).toBeNull();
    expect(call("ELT", [nul(T.int()), str("a")])).toBeNull();
    expect(call("ELT", [big(1n), nul(T.string()), str("b")])).toBeNull();
    expect(hex(call("ELT", [int(2), bytes(1), bytes(2, 3)]))).toBe("0203");
  });
  test("FROM_BASE64, INITCAP, INSTR, LEFT, LOCATE, LOWER (doc)", () => {
    expect(call("FROM_BASE64", [str("aGVsbG8gd29ybGQ=")])).toBe("hello world");
    expect(call("INITCAP", [str("title case this string")])).toBe("Title Case This String");
    expect(call("INSTR", [str("The quick brown fox jumped over the lazy dog."), str("the")])).toBe(33);
    expect(call("LEFT", [str("Morpheus"), int(5)])).toBe("Morph");
    expect(call("LOCATE", [str("the"), str("the play’s the thing"), int(10)])).toBe(12);
    expect(call("LOWER", [str("The Quick Brown Fox Jumped Over The Lazy Dog.")])).toBe("the quick brown fox jumped over the lazy dog.");
  });
  test("LPAD, LTRIM, OVERLAY, PARSE_URL, POSITION (doc)", () => {
    expect(call("LPAD", [str("hi"), int(4), str("??")])).toBe("??hi");
    expect(call("LPAD", [str("hi"), int(1), str("??")])).toBe("h");
    expect(call("LTRIM", [str(" This is a test string.")])).toBe("This is a test string.");
    expect(call("OVERLAY", [str("xxxxxtest"), str("xxxx"), int(6)])).toBe("xxxxxxxxx");
    expect(call("OVERLAY", [str("xxxxxtest"), str("xxxx"), int(6), int(2)])).toBe("xxxxxxxxxst");
    const url = "http://confluent.io/path1/p.php?k1=v1&k2=v2#Ref1";
    expect(call("PARSE_URL", [str(url), str("HOST")])).toBe("confluent.io");
    expect(call("PARSE_URL", [str(url), str("QUERY"), str("k1")])).toBe("v1");
    expect(call("POSITION", [str("the"), str("the quick brown fox")])).toBe(1);
    expect(call("POSITION", [str("fox"), str("the quick brown fox")])).toBe(17);
  });
  test("REGEXP, REGEXP_EXTRACT, REGEXP_REPLACE, REPEAT, REPLACE, REVERSE (doc)", () => {
    expect(call("REGEXP", [str("800 439 3207"), str(".?(\\d{3}).*(\\d{3}).*(\\d{4})")])).toBe(true);
    expect(call("REGEXP", [str("2023-05-04"), str("((\\d{4}.\\d{2}).(\\d{2}))")])).toBe(true);
    expect(call("REGEXP_EXTRACT", [str("foothebar"), str("foo(.*?)(bar)"), int(2)])).toBe("bar");
    expect(call("REGEXP_REPLACE", [str("foobar"), str("oo|ar"), str("")])).toBe("fb");
    expect(call("REPEAT", [str("Testing"), int(2)])).toBe("TestingTesting");
    expect(call("REPLACE", [str("hello world"), str("world"), str("flink")])).toBe("hello flink");
    expect(call("REPLACE", [str("ababab"), str("abab"), str("z")])).toBe("zab");
    expect(call("REVERSE", [str("the quick brown fox")])).toBe("xof nworb kciuq eht");
  });
  test("RIGHT, RPAD, RTRIM, SPLIT_INDEX, STR_TO_MAP, SUBSTR, TO_BASE64 (doc)", () => {
    expect(call("RIGHT", [str("Thomas A. Anderson"), int(8)])).toBe("Anderson");
    expect(call("RPAD", [str("hi"), int(4), str("??")])).toBe("hi??");
    expect(call("RPAD", [str("hi"), int(1), str("??")])).toBe("h");
    expect(call("RTRIM", [str("This is a test string. ")])).toBe("This is a test string.");
    expect(call("SPLIT_INDEX", [str("The quick brown fox"), str(" "), int(3)])).toBe("fox");
    const abc = new Map([
      ["a", "1"],
      ["b", "2"],
      ["c", "3"],
    ]);
    expect(call("STR_TO_MAP", [str("a=1,b=2,c=3")])).toEqual(abc);
    expect(call("STR_TO_MAP", [str("a:1;b:2;c:3"), str(";"), str(":")])).toEqual(abc);
    expect(call("SUBSTR", [str("The quick brown fox"), int(17)])).toBe("fox");
    expect(call("SUBSTR", [str("The quick brown fox"), int(1), int(3)])).toBe("The");
    expect(call("TO_BASE64", [str("hello world")])).toBe("aGVsbG8gd29ybGQ=");
  });
  test("TRANSLATE (doc)", () => {
    expect(call("TRANSLATE", [str("AaBbCc"), str("abc"), str("123")])).toBe("A1B2C3");
    expect(call("TRANSLATE", [str("AaBbCc"), str("abc"), str("1")])).toBe("A1BC");
    expect(call("TRANSLATE", [str("AaBbCc"), str("abc"), str("")])).toBe("ABC");
    expect(call("TRANSLATE", [str("www.apache.org"), str("wapcheorg"), str(" APCHEcom")])).toBe("   .APACHE.com");
  });
  test("TRIM, UPPER, URL_DECODE, URL_ENCODE (doc)", () => {
    expect(call("TRIM", [str("TRAILING"), str("fox"), str("The quick brown fox")])).toBe("The quick brown ");
    expect(call("TRIM", [str("LEADING"), str("The"), str("The quick brown fox")])).toBe(" quick brown fox");
    expect(call("TRIM", [str("BOTH"), str("yyy"), str("yyy The quick brown fox yyy")])).toBe(" The quick brown fox ");
    expect(call("UPPER", [str("The quick brown fox")])).toBe("THE QUICK BROWN FOX");
    expect(call("URL_DECODE", [str("http%3A%2F%2Fconfluent.io")])).toBe("http://confluent.io");
    expect(call("URL_ENCODE", [str("http://confluent.io")])).toBe("http%3A%2F%2Fconfluent.io");
  });
});

describe("TRANSLATE and ELT details (Flink TranslateFunction / EltFunction)", () => {
  test("TRANSLATE: NULL only for a NULL expr; NULL from returns expr; NULL to deletes; first mapping wins; code points", () => {
    expect(call("TRANSLATE", [nul(T.string()), str("a"), str("b")])).toBeNull();
    expect(call("TRANSLATE", [str("abc"), nul(T.string()), str("x")])).toBe("abc");
    expect(call("TRANSLATE", [str("abc"), str("b"), nul(T.string())])).toBe("ac");
    expect(call("TRANSLATE", [str("aaa"), str("aa"), str("xy")])).toBe("xxx");
    expect(call("TRANSLATE", [str("a😀b"), str("😀"), str("é")])).toBe("aéb");
    expect(typeOf("TRANSLATE", T.string(false), T.string(true), T.string(true))).toBe("STRING NOT NULL");
    expect(typeOf("TRANSLATE", T.varchar(5, true), T.string(false), T.string(false))).toBe("STRING");
    expect(() => typeOf("TRANSLATE", T.int(false), T.string(false), T.string(false))).toThrow(/Cannot apply 'TRANSLATE'/);
  });
  test("ELT: common type, always nullable; strings and binaries do not mix; negative literal index fails", () => {
    expect(typeOf("ELT", T.int(false), T.char(7, false), T.char(6, false), T.char(4, false))).toBe("VARCHAR(7)");
    expect(typeOf("ELT", T.tinyint(false), T.char(2, false), T.char(2, false))).toBe("CHAR(2)");
    expect(typeOf("ELT", T.int(false), T.bytes(false))).toBe("BYTES");
    expect(() => typeOf("ELT", T.int(false), T.string(false), T.bytes(false))).toThrow(/Cannot apply 'ELT'/);
    expect(() => typeOf("ELT", T.string(false), T.string(false))).toThrow(/Cannot apply 'ELT'/);
    expect(() => typeOf("ELT", T.int(false))).toThrow(/Invalid number of arguments to function 'ELT'/);
    const elt = lookupScalar("ELT")!;
    expect(() => elt.inferTypeWithLiterals!([T.int(false), T.string(false)], [-1, undefined])).toThrow("Index must be an integer starting from '0', but was '-1'.");
    expect(elt.inferTypeWithLiterals!([T.int(false), T.string(false)], [0, undefined])).toBeNull();
  });
});

describe("REGEXP_COUNT / REGEXP_EXTRACT_ALL / REGEXP_INSTR / REGEXP_SUBSTR (STRINGS list; Flink Regexp*Function)", () => {
  test("REGEXP_COUNT counts non-overlapping matches; NULL for NULL or an invalid pattern", () => {
    expect(call("REGEXP_COUNT", [str("ab1cd2ef3"), str("\\d")])).toBe(3);
    expect(call("REGEXP_COUNT", [str("aaaa"), str("aa")])).toBe(2);
    expect(call("REGEXP_COUNT", [str("abc"), str("x")])).toBe(0);
    // Matcher#find yields the empty match at every position, end included.
    expect(call("REGEXP_COUNT", [str("abc"), str("")])).toBe(4);
    expect(call("REGEXP_COUNT", [str("abc"), str("(")])).toBeNull();
    expect(call("REGEXP_COUNT", [nul(T.string()), str("a")])).toBeNull();
    expect(typeOf("REGEXP_COUNT", T.string(false), T.string(false))).toBe("INT");
  });
  test("REGEXP_EXTRACT_ALL: group 1 by default, 0 for the whole match, NULL elements for absent groups", () => {
    expect(call("REGEXP_EXTRACT_ALL", [str("k1=v1;k2=v2"), str("k(\\d)=(v\\d)")])).toEqual(["1", "2"]);
    expect(call("REGEXP_EXTRACT_ALL", [str("k1=v1;k2=v2"), str("k(\\d)=(v\\d)"), int(2)])).toEqual(["v1", "v2"]);
    expect(call("REGEXP_EXTRACT_ALL", [str("k1=v1;k2=v2"), str("k(\\d)=(v\\d)"), big(0n)])).toEqual(["k1=v1", "k2=v2"]);
    expect(call("REGEXP_EXTRACT_ALL", [str("a1b"), str("([a-z])(\\d)?")])).toEqual(["a", "b"]);
    expect(call("REGEXP_EXTRACT_ALL", [str("a1b"), str("[a-z](\\d)?")])).toEqual(["1", null]);
    expect(call("REGEXP_EXTRACT_ALL", [str("abc"), str("(\\d)")])).toEqual([]);
    expect(call("REGEXP_EXTRACT_ALL", [nul(T.string()), str("a")])).toBeNull();
    expect(call("REGEXP_EXTRACT_ALL", [str("a"), str("(a)"), nul(T.int())])).toBeNull();
    expect(typeOf("REGEXP_EXTRACT_ALL", T.string(false), T.string(false))).toBe("ARRAY<STRING>");
  });
  test("REGEXP_EXTRACT_ALL fails the job for a group index out of range or an invalid pattern", () => {
    expect(() => call("REGEXP_EXTRACT_ALL", [str("a"), str("(a)"), int(2)])).toThrow("Extract group index 2 is out of range [0, 1].");
    expect(() => call("REGEXP_EXTRACT_ALL", [str("a"), str("a"), int(-1)])).toThrow("Extract group index -1 is out of range [0, 0].");
    try {
      call("REGEXP_EXTRACT_ALL", [str("a"), str("(")]);
      expect.unreachable();
    } catch (e) {
      expect((e as { exceptionName?: string }).exceptionName).toBe("org.apache.flink.util.FlinkRuntimeException");
      expect((e as Error).message).toMatch(/^java\.util\.regex\.PatternSyntaxException/);
    }
  });
  test("REGEXP_INSTR: 1-based start of the first match, 0 without one, NULL for an invalid pattern", () => {
    expect(call("REGEXP_INSTR", [str("hello 123 world"), str("\\d+")])).toBe(7);
    expect(call("REGEXP_INSTR", [str("hello"), str("\\d+")])).toBe(0);
    expect(call("REGEXP_INSTR", [str("hello"), str("[")])).toBeNull();
    expect(call("REGEXP_INSTR", [str("hello"), nul(T.string())])).toBeNull();
    expect(typeOf("REGEXP_INSTR", T.string(false), T.string(false))).toBe("INT");
  });
  test("REGEXP_SUBSTR: the first match; NULL without one or for an invalid pattern", () => {
    expect(call("REGEXP_SUBSTR", [str("hello 123 world 45"), str("\\d+")])).toBe("123");
    expect(call("REGEXP_SUBSTR", [str("hello"), str("\\d+")])).toBeNull();
    expect(call("REGEXP_SUBSTR", [str("hello"), str("(")])).toBeNull();
    expect(typeOf("REGEXP_SUBSTR", T.string(false), T.string(false))).toBe("STRING");
  });
  test("argument checks", () => {
    expect(() => typeOf("REGEXP_COUNT", T.string(false))).toThrow(/Invalid number of arguments to function 'REGEXP_COUNT'/);
    expect(() => typeOf("REGEXP_INSTR", T.int(false), T.string(false))).toThrow(/Cannot apply 'REGEXP_INSTR'/);
    expect(() => typeOf("REGEXP_EXTRACT_ALL", T.string(false), T.string(false), T.string(false))).toThrow(/Cannot apply 'REGEXP_EXTRACT_ALL'/);
  });
});

describe("ENCODE / DECODE (STRINGS; charsets as the page lists them)", () => {
  test("each documented charset round-trips", () => {
    for (const cs of ["US-ASCII", "ISO-8859-1", "UTF-8", "UTF-16BE", "UTF-16LE", "UTF-16"]) {
      const b = call("ENCODE", [str("Flink"), str(cs)]);
      expect(call("DECODE", [[T.bytes(false), b], str(cs)])).toBe("Flink");
    }
  });
  test("byte layouts as java.lang.String#getBytes makes them", () => {
    expect(hex(call("ENCODE", [str("hé"), str("UTF-8")]))).toBe("68c3a9");
    expect(hex(call("ENCODE", [str("hé"), str("ISO-8859-1")]))).toBe("68e9");
    expect(hex(call("ENCODE", [str("hé"), str("US-ASCII")]))).toBe("683f");
    expect(hex(call("ENCODE", [str("hé"), str("UTF-16BE")]))).toBe("006800e9");
    expect(hex(call("ENCODE", [str("hé"), str("utf-16le")]))).toBe("6800e900");
    expect(hex(call("ENCODE", [str("hé"), str("UTF-16")]))).toBe("feff006800e9");
    expect(call("DECODE", [bytes(0xff, 0xfe, 0x68, 0x00), str("UTF-16")])).toBe("h");
    expect(call("DECODE", [bytes(0x68, 0xe9), str("US-ASCII")])).toBe("h\uFFFD");
    expect(call("DECODE", [bytes(0x68, 0xe9), str("ISO-8859-1")])).toBe("hé");
    expect(call("DECODE", [bytes(0x68, 0xc3), str("UTF-8")])).toBe("h\uFFFD");
  });
  test("NULL handling, types, unknown charsets", () => {
    expect(call("ENCODE", [nul(T.string()), str("UTF-8")])).toBeNull();
    expect(call("DECODE", [bytes(0x61), nul(T.string())])).toBeNull();
    // FlinkSqlOperatorTable.ENCODE / DECODE: explicit(BINARY) and VARCHAR, FORCE_NULLABLE.
    expect(typeOf("ENCODE", T.string(false), T.string(false))).toBe("BINARY(1)");
    expect(typeOf("DECODE", T.bytes(false), T.string(false))).toBe("STRING");
    expect(() => typeOf("DECODE", T.string(false), T.string(false))).toThrow(/Cannot apply 'DECODE'/);
    expect(() => typeOf("ENCODE", T.bytes(false), T.string(false))).toThrow(/Cannot apply 'ENCODE'/);
    expect(() => call("ENCODE", [str("a"), str("EBCDIC-XYZ")])).toThrow("EBCDIC-XYZ");
  });
});

describe("Confluent 'Hash Functions' page (HASHES)", () => {
  // The page shows the first 27 hex digits of each digest of 'string-to-hash'.
  test("doc examples", () => {
    const s = str("string-to-hash");
    expect(call("MD5", [s])).toMatch(/^99dc0ea422440e5b3f675cffe6d[0-9a-f]{5}$/);
    expect(call("SHA1", [s])).toMatch(/^771a2b04044f8c51e3383a2675a[0-9a-f]{13}$/);
    expect(call("SHA2", [s, int(512)])).toMatch(/^222145560dbaa2abc1617e2c7ce[0-9a-f]{101}$/);
    expect(call("SHA224", [s])).toMatch(/^af1f1c988d9154f2ddb6201f60f[0-9a-f]{29}$/);
    expect(call("SHA256", [s])).toMatch(/^2267d414e45335fd02e64057d55[0-9a-f]{37}$/);
    expect(call("SHA384", [s])).toMatch(/^02ba979b23f1b4a098732463ea8[0-9a-f]{69}$/);
    expect(call("SHA512", [s])).toMatch(/^222145560dbaa2abc1617e2c7ce[0-9a-f]{101}$/);
  });
  test("SHA384 / SHA512 FIPS 180 vectors; SHA2 of each valid length", () => {
    expect(call("SHA384", [str("abc")])).toBe("cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7");
    expect(call("SHA512", [str("abc")])).toBe("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
    expect(call("SHA512", [str("")])).toBe("cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e");
    for (const [bits, fn] of [[224, "SHA224"], [256, "SHA256"], [384, "SHA384"], [512, "SHA512"]] as const) {
      expect(call("SHA2", [str("abc"), int(bits)])).toBe(call(fn, [str("abc")]));
    }
    expect(() => call("SHA2", [str("abc"), int(128)])).toThrow("Unsupported algorithm: SHA-128");
    expect(call("SHA2", [str("abc"), nul(T.int())])).toBeNull();
  });
  test("SHA384 / SHA512 agree with node:crypto across block boundaries (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), (s) => {
        expect(call("SHA384", [str(s)])).toBe(createHash("sha384").update(s, "utf8").digest("hex"));
        expect(call("SHA512", [str(s)])).toBe(createHash("sha512").update(s, "utf8").digest("hex"));
      }),
      { numRuns: 100 },
    );
  });
  test("result types: CHAR(hex digits), SHA2 VARCHAR(128), nullable when the argument is (FlinkSqlOperatorTable)", () => {
    expect(typeOf("MD5", T.string(false))).toBe("CHAR(32) NOT NULL");
    expect(typeOf("SHA1", T.string(true))).toBe("CHAR(40)");
    expect(typeOf("SHA224", T.string(false))).toBe("CHAR(56) NOT NULL");
    expect(typeOf("SHA256", T.string(false))).toBe("CHAR(64) NOT NULL");
    expect(typeOf("SHA384", T.string(false))).toBe("CHAR(96) NOT NULL");
    expect(typeOf("SHA512", T.string(false))).toBe("CHAR(128) NOT NULL");
    expect(typeOf("SHA2", T.string(false), T.int(false))).toBe("VARCHAR(128) NOT NULL");
    expect(typeOf("SHA2", T.string(false), T.int(true))).toBe("VARCHAR(128)");
    expect(() => typeOf("SHA384", T.int(false))).toThrow(/Cannot apply 'SHA384'/);
  });
});
