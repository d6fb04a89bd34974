/**
 * String functions Confluent Cloud documents that the other string modules lack ("String
 * Functions in Confluent Cloud for Apache Flink"): ENCODE, DECODE, TRANSLATE and ELT.
 *
 * - ENCODE(string, charset) and DECODE(binary, charset) have no runtime class in
 *   BuiltInFunctionDefinitions, so SQL types them by FlinkSqlOperatorTable: ENCODE is
 *   explicit(BINARY) with FORCE_NULLABLE, i.e. BINARY(1) (Calcite's default BINARY precision;
 *   the value keeps all its bytes), DECODE is VARCHAR_FORCE_NULLABLE, i.e. STRING; both
 *   nullable whatever the arguments. The charsets are the documented ones: US-ASCII,
 *   ISO-8859-1, UTF-8, UTF-16BE, UTF-16LE, UTF-16, named case-insensitively with Java's common
 *   aliases. As java.lang.String does, encoding replaces what the charset cannot map with '?',
 *   decoding replaces malformed input with U+FFFD; "UTF-16" writes a big-endian byte-order mark
 *   and reads either mark (big-endian without one). Other charset names fail the job
 *   (java.io.UnsupportedEncodingException).
 * - TRANSLATE(expr, from, to) follows Flink's TranslateFunction: code point by code point, the
 *   first mapping of a repeated `from` character wins, characters of `from` without a
 *   counterpart in `to` are removed; NULL only when `expr` is NULL (a NULL `from` returns
 *   `expr`, a NULL `to` removes every `from` character), so the result is nullable only when
 *   `expr` is.
 * - ELT(index, expr, ...) follows EltFunction: the index-th expression (1-based), NULL when
 *   the index is NULL or out of range; the result is the common type of the expressions (all
 *   character or all binary strings), always nullable. A negative literal index fails
 *   validation, as Flink's IndexArgumentTypeStrategy does.
 */
import type { LogicalType } from "../../../types/model.ts";
import { lenient, strict } from "./define.ts";
import { commonType } from "./type-rules.ts";
import type { InternalValue, ScalarFunction } from "./types.ts";
import { SqlRuntimeError, T, cannotApplyCall, isBinary, isCharacter, isInteger, validation, withNullable, arity } from "./types.ts";

type Charset = "US-ASCII" | "ISO-8859-1" | "UTF-8" | "UTF-16BE" | "UTF-16LE" | "UTF-16";

const CHARSETS: ReadonlyMap<string, Charset> = new Map([
  ...["US-ASCII", "ASCII", "US_ASCII", "ISO646-US", "ASCII7", "646"].map((n) => [n, "US-ASCII"] as const),
  ...["ISO-8859-1", "ISO8859-1", "ISO8859_1", "ISO_8859-1", "ISO_8859_1", "LATIN1", "L1", "8859_1", "CP819", "IBM819"].map((n) => [n, "ISO-8859-1"] as const),
  ...["UTF-8", "UTF8"].map((n) => [n, "UTF-8"] as const),
  ...["UTF-16BE", "UTF_16BE", "UNICODEBIGUNMARKED", "X-UTF-16BE", "ISO-10646-UCS-2"].map((n) => [n, "UTF-16BE"] as const),
  ...["UTF-16LE", "UTF_16LE", "UNICODELITTLEUNMARKED", "X-UTF-16LE"].map((n) => [n, "UTF-16LE"] as const),
  ...["UTF-16", "UTF_16", "UTF16", "UNICODE", "UNICODEBIG"].map((n) => [n, "UTF-16"] as const),
]);

function charset(name: string): Charset {
  const c = CHARSETS.get(name.toUpperCase());
  if (c === undefined) throw new SqlRuntimeError(name, "java.io.UnsupportedEncodingException");
  return c;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const utf8 = new TextEncoder();

function encode(s: string, cs: Charset): Uint8Array {
  switch (cs) {
    case "UTF-8":
      return utf8.encode(s.replace(LONE_SURROGATE, "?"));
    case "US-ASCII":
    case "ISO-8859-1": {
      const max = cs === "US-ASCII" ? 0x7f : 0xff;
      const out: number[] = [];
      for (const ch of s) {
        const c = ch.codePointAt(0)!;
        out.push(c <= max ? c : 0x3f);
      }
      return Uint8Array.from(out);
    }
    default: {
      const bom = cs === "UTF-16" ? 2 : 0;
      const little = cs === "UTF-16LE";
      const text = s.replace(LONE_SURROGATE, "?");
      const out = new Uint8Array(bom + text.length * 2);
      const view = new DataView(out.buffer);
      if (bom) view.setUint16(0, 0xfeff, false);
      for (let i = 0; i < text.length; i++) view.setUint16(bom + 2 * i, text.charCodeAt(i), little);
      return out;
    }
  }
}

function decode(b: Uint8Array, cs: Charset): string {
  switch (cs) {
    case "UTF-8":
      return new TextDecoder("utf-8", { ignoreBOM: true }).decode(b);
    case "US-ASCII":
    case "ISO-8859-1": {
      let s = "";
      for (const c of b) s += cs === "US-ASCII" && c > 0x7f ? "\uFFFD" : String.fromCharCode(c);
      return s;
    }
    case "UTF-16BE":
      return new TextDecoder("utf-16be", { ignoreBOM: true }).decode(b);
    case "UTF-16LE":
      return new TextDecoder("utf-16le", { ignoreBOM: true }).decode(b);
    default: {
      if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return new TextDecoder("utf-16le", { ignoreBOM: true }).decode(b.subarray(2));
      const body = b.length >= 2 && b[0] === 0xfe && b[1] === 0xff ? b.subarray(2) : b;
      return new TextDecoder("utf-16be", { ignoreBOM: true }).decode(body);
    }
  }
}

function isCharOrNull(t: LogicalType): boolean {
  return isCharacter(t) || t.type === "NULL";
}

function translate(expr: string, from: string, to: string): string {
  const dict = new Map<number, string>();
  const targets = Array.from(to);
  let j = 0;
  for (const ch of from) {
    const c = ch.codePointAt(0)!;
    if (!dict.has(c)) dict.set(c, targets[j] ?? "");
    j++;
  }
  let out = "";
  for (const ch of expr) out += dict.get(ch.codePointAt(0)!) ?? ch;
  return out;
}

export const charsetStringFunctions: ScalarFunction[] = [
  strict({
    name: "ENCODE",
    infer(ts) {
      arity("ENCODE", ts, 2);
      if (!isCharOrNull(ts[0]!) || !isCharOrNull(ts[1]!)) throw cannotApplyCall("ENCODE", ts, "'ENCODE(<STRING>, <STRING>)'");
      return { type: "BINARY", length: 1, nullable: true };
    },
    alwaysNullable: true,
    make: () => (a) => encode(a[0] as string, charset(a[1] as string)),
  }),
  strict({
    name: "DECODE",
    infer(ts) {
      arity("DECODE", ts, 2);
      const b = ts[0]!;
      if ((!isBinary(b) && b.type !== "NULL") || !isCharOrNull(ts[1]!)) throw cannotApplyCall("DECODE", ts, "'DECODE(<BINARY>, <STRING>)'");
      return T.string(true);
    },
    alwaysNullable: true,
    make: () => (a) => decode(a[0] as Uint8Array, charset(a[1] as string)),
  }),
  lenient({
    name: "TRANSLATE",
    infer(ts) {
      arity("TRANSLATE", ts, 3);
      if (!ts.every(isCharOrNull)) throw cannotApplyCall("TRANSLATE", ts, "'TRANSLATE(<STRING>, <STRING>, <STRING>)'");
      return T.string(ts[0]!.nullable);
    },
    make: () => (a) => {
      const [expr, from, to] = a as [string | null, string | null, string | null];
      if (expr === null || from === null || expr === "" || from === "") return expr;
      return translate(expr, from, to ?? "");
    },
  }),
  {
    name: "ELT",
    inferType(ts) {
      if (ts.length < 2) throw validation("Invalid number of arguments to function 'ELT'. Was expecting 2 or more arguments");
      const exprs = ts.slice(1);
      const chars = exprs.every(isCharOrNull);
      const binaries = exprs.every((t) => isBinary(t) || t.type === "NULL");
      const index = ts[0]!;
      if ((!isInteger(index) && index.type !== "NULL") || (!chars && !binaries)) {
        throw cannotApplyCall("ELT", ts, "'ELT(<INTEGER>, <STRING>, ...)'\n'ELT(<INTEGER>, <BINARY>, ...)'");
      }
      const common = commonType(exprs);
      if (common === null) throw cannotApplyCall("ELT", ts, "'ELT(<INTEGER>, <STRING>, ...)'");
      return withNullable(common.type === "NULL" ? T.string() : common, true);
    },
    inferTypeWithLiterals(ts, literals) {
      const index = literals[0];
      if (typeof index === "number" || typeof index === "bigint") {
        if (index < 0) throw validation(`Index must be an integer starting from '0', but was '${String(index)}'.`);
      }
      return null;
    },
    compile: () => (a) => {
      if (a[0] === null) return null;
      const i = Number(a[0]);
      return i >= 1 && i < a.length ? (a[i] as InternalValue) : null;
    },
  },
];
