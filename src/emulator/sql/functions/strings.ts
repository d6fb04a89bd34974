/**
 * String functions (Apache Flink docs, "System (Built-in) Functions > String Functions"):
 * CONCAT, CONCAT_WS, UPPER, LOWER, TRIM/LTRIM/RTRIM/BTRIM, SUBSTRING/SUBSTR, CHAR_LENGTH,
 * POSITION/LOCATE/INSTR, REPLACE, REGEXP, REGEXP_REPLACE, REGEXP_EXTRACT, LIKE, SIMILAR TO,
 * SPLIT_INDEX, INITCAP, LPAD/RPAD, REPEAT, REVERSE, LEFT, RIGHT, TO_BASE64/FROM_BASE64, ASCII,
 * CHR, UUID, OVERLAY-free subset. Positions are 1-based character (UTF-16 unit) positions.
 * Functions documented to return NULL on bad input (REGEXP_EXTRACT with an invalid pattern,
 * SPLIT_INDEX past the end) do so; Java regular expressions are run as JavaScript ones (the
 * syntax Flink queries use is common to both).
 */
import type { LogicalType } from "../../../types/model.ts";
import { alias, lenient, strict } from "./define.ts";
import type { InternalValue, ScalarFunction } from "./types.ts";
import { MAX_LENGTH, SqlRuntimeError, T, arity, cannotApplyCall, isCharacter, isInteger, validation } from "./types.ts";

function requireStrings(name: string, ts: readonly LogicalType[], positions: readonly number[], form: string): void {
  for (const i of positions) {
    const t = ts[i];
    if (t !== undefined && !isCharacter(t) && t.type !== "NULL") throw cannotApplyCall(name, ts, form);
  }
}

function requireIntegers(name: string, ts: readonly LogicalType[], positions: readonly number[], form: string): void {
  for (const i of positions) {
    const t = ts[i];
    if (t !== undefined && !isInteger(t) && t.type !== "NULL") throw cannotApplyCall(name, ts, form);
  }
}

function lengthOf(t: LogicalType): number {
  return isCharacter(t) ? t.length : MAX_LENGTH;
}

/** A result of the same length as argument `i`, as VARCHAR (Calcite's ARG0_NULLABLE_VARYING). */
function varyingOf(t: LogicalType): LogicalType {
  return T.varchar(lengthOf(t));
}

const n = (v: InternalValue): number => Number(v);

// ---------------------------------------------------------------------------------------------
// Regular expressions (cached)

const regexCache = new Map<string, RegExp | null>();

/** A JavaScript RegExp for a Java pattern, or null when it does not compile. */
export function javaRegex(pattern: string, flags = ""): RegExp | null {
  const key = flags + "/" + pattern;
  let r = regexCache.get(key);
  if (r === undefined) {
    try {
      // Java's embedded flags (?i) at the start are common in Flink queries.
      let p = pattern;
      let f = flags;
      const m = /^\(\?([imsx]+)\)/.exec(p);
      if (m) {
        p = p.slice(m[0].length);
        for (const c of m[1]!) if (c !== "x" && !f.includes(c)) f += c;
      }
      p = p.replace(/\\Q(.*?)(?:\\E|$)/g, (_x, lit: string) => lit.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"));
      r = new RegExp(p, f + "u");
    } catch {
      try {
        r = new RegExp(pattern, flags);
      } catch {
        r = null;
      }
    }
    if (regexCache.size > 500) regexCache.clear();
    regexCache.set(key, r);
  }
  return r;
}

/** SQL LIKE pattern to RegExp (`%` any run, `_` any one character, optional escape). */
export function likeRegex(pattern: string, escape: string | null): RegExp {
  const key = (escape === null ? "L0/" : "L1" + escape + "/") + pattern;
  const hit = regexCache.get(key);
  if (hit) return hit;
  let out = "^";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (escape !== null && c === escape) {
      const next = pattern[i + 1];
      if (next === undefined) throw new SqlRuntimeError(`Invalid escape sequence '${pattern}', ${i}`);
      out += next.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
      i++;
    } else if (c === "%") out += "[\\s\\S]*";
    else if (c === "_") out += "[\\s\\S]";
    else out += c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  const r = new RegExp(out + "$");
  regexCache.set(key, r);
  return r;
}

/** SQL SIMILAR TO pattern to RegExp (regex syntax with `%` and `_`). */
export function similarRegex(pattern: string, escape: string | null): RegExp {
  let out = "^(?:";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (escape !== null && c === escape) {
      const next = pattern[i + 1] ?? "";
      out += next.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
      i++;
    } else if (c === "%") out += "[\\s\\S]*";
    else if (c === "_") out += "[\\s\\S]";
    else if (c === "." || c === "^" || c === "$" || c === "\\" || c === "/") out += "\\" + c;
    else out += c;
  }
  try {
    return new RegExp(out + ")$");
  } catch {
    throw new SqlRuntimeError(`Invalid regular expression '${pattern}'`);
  }
}

function likeFn(name: "LIKE" | "SIMILAR TO"): ScalarFunction {
  return strict({
    name,
    infer(ts) {
      arity(name, ts, 2, 3);
      requireStrings(name, ts, [0, 1, 2], `'<STRING> ${name} <STRING>'\n'<STRING> ${name} <STRING> ESCAPE <STRING>'`);
      return T.boolean(false);
    },
    make: () => (a) => {
      const esc = a.length > 2 ? (a[2] as string) : null;
      if (esc !== null && esc.length !== 1) throw new SqlRuntimeError(`Invalid escape character '${esc}'`);
      const r = name === "LIKE" ? likeRegex(a[1] as string, esc) : similarRegex(a[1] as string, esc);
      return r.test(a[0] as string);
    },
  });
}

// ---------------------------------------------------------------------------------------------

function trimChars(s: string, chars: string, leading: boolean, trailing: boolean): string {
  let start = 0;
  let end = s.length;
  if (leading) while (start < end && chars.includes(s[start]!)) start++;
  if (trailing) while (end > start && chars.includes(s[end - 1]!)) end--;
  return s.slice(start, end);
}

/** Flink's SUBSTRING(s FROM pos FOR len): 1-based, pos 0 acts as 1, negative pos counts from the end. */
export function substringSql(s: string, pos: number, len: number | null): string {
  const length = s.length;
  let start = pos > 0 ? pos - 1 : pos < 0 ? length + pos : 0;
  if (start < 0) start = 0;
  if (len !== null && len < 0) throw new SqlRuntimeError(`Negative substring length: ${len}`);
  const end = len === null ? length : Math.min(length, start + len);
  return start >= length || end <= start ? "" : s.slice(start, end);
}

function base64Encode(bytes: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]!);
  return btoa(bin);
}

function base64Decode(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

const utf8 = new TextEncoder();
const utf8d = new TextDecoder();

function initcap(s: string): string {
  let out = "";
  let startOfWord = true;
  for (const c of s) {
    const letterOrDigit = /[\p{L}\p{N}]/u.test(c);
    out += startOfWord ? c.toUpperCase() : c.toLowerCase();
    startOfWord = !letterOrDigit;
  }
  return out;
}

function pad(s: string, len: number, p: string, left: boolean): string | null {
  if (len < 0) return null;
  if (s.length >= len) return s.slice(0, len);
  if (p.length === 0) return s;
  const need = len - s.length;
  const fill = p.repeat(Math.ceil(need / p.length)).slice(0, need);
  return left ? fill + s : s + fill;
}

const STR = "'<STRING>'";

export const stringFunctions: ScalarFunction[] = [
  strict({
    name: "CONCAT",
    infer(ts) {
      if (ts.length === 0) throw validation("Invalid number of arguments to function 'CONCAT'. Was expecting 1 or more arguments");
      requireStrings("CONCAT", ts, ts.map((_t, i) => i), "'CONCAT(<STRING>, ...)'");
      // Unlike ||, the function is typed VARCHAR of the default (maximum) length, nullable if an
      // argument is (FlinkSqlOperatorTable.CONCAT_FUNCTION: explicit(VARCHAR), TO_NULLABLE).
      return T.string(ts.some((t) => t.nullable));
    },
    make: () => (a) => (a as string[]).join(""),
  }),
  lenient({
    name: "CONCAT_WS",
    infer(ts) {
      if (ts.length < 1) throw validation("Invalid number of arguments to function 'CONCAT_WS'. Was expecting 1 or more arguments");
      requireStrings("CONCAT_WS", ts, ts.map((_t, i) => i), "'CONCAT_WS(<STRING>, <STRING>, ...)'");
      return T.string(ts[0]!.nullable);
    },
    make: () => (a) => {
      if (a[0] === null) return null;
      const parts: string[] = [];
      for (let i = 1; i < a.length; i++) if (a[i] !== null) parts.push(a[i] as string);
      return parts.join(a[0] as string);
    },
  }),
  strict({
    name: "UPPER",
    infer(ts) {
      arity("UPPER", ts, 1);
      requireStrings("UPPER", ts, [0], "'UPPER(<CHARACTER>)'");
      return ts[0]!.type === "NULL" ? T.string() : ts[0]!;
    },
    make: () => (a) => (a[0] as string).toUpperCase(),
  }),
  strict({
    name: "LOWER",
    infer(ts) {
      arity("LOWER", ts, 1);
      requireStrings("LOWER", ts, [0], "'LOWER(<CHARACTER>)'");
      return ts[0]!.type === "NULL" ? T.string() : ts[0]!;
    },
    make: () => (a) => (a[0] as string).toLowerCase(),
  }),
  // TRIM(side, chars, str) as the planner passes it for TRIM([BOTH|LEADING|TRAILING] [chars] FROM str).
  strict({
    name: "TRIM",
    infer(ts) {
      if (ts.length === 1) {
        requireStrings("TRIM", ts, [0], STR);
        return varyingOf(ts[0]!);
      }
      arity("TRIM", ts, 3);
      requireStrings("TRIM", ts, [1, 2], "'TRIM(<STRING> FROM <STRING>)'");
      return varyingOf(ts[2]!);
    },
    make(ts) {
      if (ts.length === 1) return (a) => trimChars(a[0] as string, " ", true, true);
      return (a) => {
        const side = a[0] as string;
        return trimChars(a[2] as string, a[1] as string, side !== "TRAILING", side !== "LEADING");
      };
    },
  }),
  ...(["LTRIM", "RTRIM", "BTRIM"] as const).map((name) =>
    strict({
      name,
      infer(ts) {
        arity(name, ts, 1, 2);
        requireStrings(name, ts, [0, 1], `'${name}(<STRING>)'\n'${name}(<STRING>, <STRING>)'`);
        return varyingOf(ts[0]!);
      },
      make: () => (a) => trimChars(a[0] as string, a.length > 1 ? (a[1] as string) : " ", name !== "RTRIM", name !== "LTRIM"),
    }),
  ),
  strict({
    name: "SUBSTRING",
    infer(ts) {
      arity("SUBSTRING", ts, 2, 3);
      requireStrings("SUBSTRING", ts, [0], "'SUBSTRING(<CHAR> FROM <INTEGER>)'\n'SUBSTRING(<CHAR> FROM <INTEGER> FOR <INTEGER>)'");
      requireIntegers("SUBSTRING", ts, [1, 2], "'SUBSTRING(<CHAR> FROM <INTEGER>)'\n'SUBSTRING(<CHAR> FROM <INTEGER> FOR <INTEGER>)'");
      return varyingOf(ts[0]!);
    },
    make: () => (a) => substringSql(a[0] as string, n(a[1]!), a.length > 2 ? n(a[2]!) : null),
  }),
  ...["CHAR_LENGTH", "CHARACTER_LENGTH", "LENGTH"].map((name) =>
    strict({
      name,
      infer(ts) {
        arity(name, ts, 1);
        requireStrings(name, ts, [0], `'${name}(<CHARACTER>)'`);
        return T.int(false);
      },
      make: () => (a) => (a[0] as string).length,
    }),
  ),
  strict({
    name: "POSITION",
    infer(ts) {
      arity("POSITION", ts, 2, 3);
      requireStrings("POSITION", ts, [0, 1], "'POSITION(<STRING> IN <STRING>)'");
      return T.int(false);
    },
    make: () => (a) => {
      const from = a.length > 2 ? Math.max(0, n(a[2]!) - 1) : 0;
      return (a[1] as string).indexOf(a[0] as string, from) + 1;
    },
  }),
  strict({
    name: "LOCATE",
    infer(ts) {
      arity("LOCATE", ts, 2, 3);
      requireStrings("LOCATE", ts, [0, 1], "'LOCATE(<STRING>, <STRING>)'\n'LOCATE(<STRING>, <STRING>, <INTEGER>)'");
      return T.int(false);
    },
    make: () => (a) => {
      const from = a.length > 2 ? n(a[2]!) : 1;
      if (from < 1) return 0;
      return (a[1] as string).indexOf(a[0] as string, from - 1) + 1;
    },
  }),
  strict({
    name: "INSTR",
    infer(ts) {
      arity("INSTR", ts, 2);
      requireStrings("INSTR", ts, [0, 1], "'INSTR(<STRING>, <STRING>)'");
      return T.int(false);
    },
    make: () => (a) => (a[0] as string).indexOf(a[1] as string) + 1,
  }),
  strict({
    name: "REPLACE",
    infer(ts) {
      arity("REPLACE", ts, 3);
      requireStrings("REPLACE", ts, [0, 1, 2], "'REPLACE(<STRING>, <STRING>, <STRING>)'");
      return T.string(false);
    },
    make: () => (a) => ((a[1] as string) === "" ? (a[0] as string) : (a[0] as string).split(a[1] as string).join(a[2] as string)),
  }),
  strict({
    name: "REGEXP",
    infer(ts) {
      arity("REGEXP", ts, 2);
      requireStrings("REGEXP", ts, [0, 1], "'REGEXP(<STRING>, <STRING>)'");
      return T.boolean(false);
    },
    make: () => (a) => {
      const r = javaRegex(a[1] as string);
      return r === null ? false : r.test(a[0] as string);
    },
  }),
  strict({
    name: "REGEXP_REPLACE",
    infer(ts) {
      arity("REGEXP_REPLACE", ts, 3);
      requireStrings("REGEXP_REPLACE", ts, [0, 1, 2], "'REGEXP_REPLACE(<STRING>, <STRING>, <STRING>)'");
      return T.string(true);
    },
    alwaysNullable: true,
    make: () => (a) => {
      const r = javaRegex(a[1] as string, "g");
      if (r === null) return null; // Flink returns NULL for an invalid pattern
      r.lastIndex = 0;
      // Flink's SqlFunctionUtils.regexpReplace passes Matcher.quoteReplacement(replacement): the
      // replacement is literal text ($0, $1, \ are not group references or escapes), so a
      // function supplies it to avoid JavaScript's own $&, $1, $$ patterns.
      const replacement = a[2] as string;
      return (a[0] as string).replace(r, () => replacement);
    },
  }),
  strict({
    name: "REGEXP_EXTRACT",
    infer(ts) {
      arity("REGEXP_EXTRACT", ts, 2, 3);
      requireStrings("REGEXP_EXTRACT", ts, [0, 1], "'REGEXP_EXTRACT(<STRING>, <STRING>)'\n'REGEXP_EXTRACT(<STRING>, <STRING>, <INTEGER>)'");
      requireIntegers("REGEXP_EXTRACT", ts, [2], "'REGEXP_EXTRACT(<STRING>, <STRING>, <INTEGER>)'");
      return T.string(true);
    },
    alwaysNullable: true,
    make: () => (a) => {
      const r = javaRegex(a[1] as string);
      if (r === null) return null;
      const idx = a.length > 2 ? n(a[2]!) : 1;
      const m = r.exec(a[0] as string);
      if (m === null || idx < 0 || idx >= m.length) return null;
      return m[idx] ?? null;
    },
  }),
  likeFn("LIKE"),
  likeFn("SIMILAR TO"),
  strict({
    name: "SPLIT_INDEX",
    infer(ts) {
      arity("SPLIT_INDEX", ts, 3);
      requireStrings("SPLIT_INDEX", ts, [0, 1], "'SPLIT_INDEX(<STRING>, <STRING>, <INTEGER>)'");
      requireIntegers("SPLIT_INDEX", ts, [2], "'SPLIT_INDEX(<STRING>, <STRING>, <INTEGER>)'");
      return T.string(true);
    },
    alwaysNullable: true,
    make: () => (a) => {
      const sep = a[1] as string;
      const i = n(a[2]!);
      if (i < 0) return null;
      const parts = sep === "" ? [a[0] as string] : (a[0] as string).split(sep);
      return i < parts.length ? parts[i]! : null;
    },
  }),
  strict({
    name: "INITCAP",
    infer(ts) {
      arity("INITCAP", ts, 1);
      requireStrings("INITCAP", ts, [0], "'INITCAP(<STRING>)'");
      return varyingOf(ts[0]!);
    },
    make: () => (a) => initcap(a[0] as string),
  }),
  ...(["LPAD", "RPAD"] as const).map((name) =>
    strict({
      name,
      infer(ts) {
        arity(name, ts, 3);
        requireStrings(name, ts, [0, 2], `'${name}(<STRING>, <INTEGER>, <STRING>)'`);
        requireIntegers(name, ts, [1], `'${name}(<STRING>, <INTEGER>, <STRING>)'`);
        return T.string(true);
      },
      alwaysNullable: true,
      make: () => (a) => pad(a[0] as string, n(a[1]!), a[2] as string, name === "LPAD"),
    }),
  ),
  strict({
    name: "REPEAT",
    infer(ts) {
      arity("REPEAT", ts, 2);
      requireStrings("REPEAT", ts, [0], "'REPEAT(<STRING>, <INTEGER>)'");
      requireIntegers("REPEAT", ts, [1], "'REPEAT(<STRING>, <INTEGER>)'");
      return T.string(false);
    },
    make: () => (a) => {
      const k = n(a[1]!);
      if (k <= 0) return "";
      if ((a[0] as string).length * k > 100_000_000) throw new SqlRuntimeError("REPEAT result too large");
      return (a[0] as string).repeat(k);
    },
  }),
  strict({
    name: "REVERSE",
    infer(ts) {
      arity("REVERSE", ts, 1);
      requireStrings("REVERSE", ts, [0], "'REVERSE(<STRING>)'");
      return varyingOf(ts[0]!);
    },
    make: () => (a) => Array.from(a[0] as string).reverse().join(""),
  }),
  ...(["LEFT", "RIGHT"] as const).map((name) =>
    strict({
      name,
      infer(ts) {
        arity(name, ts, 2);
        requireStrings(name, ts, [0], `'${name}(<STRING>, <INTEGER>)'`);
        requireIntegers(name, ts, [1], `'${name}(<STRING>, <INTEGER>)'`);
        return varyingOf(ts[0]!);
      },
      make: () => (a) => {
        const s = a[0] as string;
        const k = n(a[1]!);
        if (k <= 0) return "";
        return name === "LEFT" ? s.slice(0, k) : s.slice(Math.max(0, s.length - k));
      },
    }),
  ),
  strict({
    name: "TO_BASE64",
    infer(ts) {
      arity("TO_BASE64", ts, 1);
      if (!isCharacter(ts[0]!) && ts[0]!.type !== "VARBINARY" && ts[0]!.type !== "BINARY" && ts[0]!.type !== "NULL") throw cannotApplyCall("TO_BASE64", ts, STR);
      return T.string(false);
    },
    make: (ts) => (a) => base64Encode(isCharacter(ts[0]!) ? utf8.encode(a[0] as string) : (a[0] as Uint8Array)),
  }),
  strict({
    name: "FROM_BASE64",
    infer(ts) {
      arity("FROM_BASE64", ts, 1);
      requireStrings("FROM_BASE64", ts, [0], STR);
      return T.string(true);
    },
    alwaysNullable: true,
    make: () => (a) => {
      try {
        return utf8d.decode(base64Decode(a[0] as string));
      } catch {
        return null;
      }
    },
  }),
  strict({
    name: "ASCII",
    infer(ts) {
      arity("ASCII", ts, 1);
      requireStrings("ASCII", ts, [0], STR);
      return T.int(false);
    },
    make: () => (a) => {
      const s = a[0] as string;
      return s.length === 0 ? 0 : s.charCodeAt(0) & 0xff;
    },
  }),
  strict({
    name: "CHR",
    infer(ts) {
      arity("CHR", ts, 1);
      requireIntegers("CHR", ts, [0], "'CHR(<INTEGER>)'");
      return T.char(1, true);
    },
    alwaysNullable: true,
    make: () => (a) => {
      const c = Number(a[0]);
      if (c < 0) return null;
      return String.fromCharCode(c % 256);
    },
  }),
  lenient({
    name: "UUID",
    deterministic: false,
    infer(ts) {
      arity("UUID", ts, 0);
      return T.char(36, false);
    },
    make: () => (_a, ctx) => {
      // Seeded (ctx.random) so emulator runs are reproducible; version-4 layout.
      const hex = "0123456789abcdef";
      let s = "";
      for (let i = 0; i < 36; i++) {
        if (i === 8 || i === 13 || i === 18 || i === 23) s += "-";
        else if (i === 14) s += "4";
        else if (i === 19) s += hex[8 + Math.floor(ctx.random() * 4)];
        else s += hex[Math.floor(ctx.random() * 16)];
      }
      return s;
    },
  }),
  strict({
    name: "OVERLAY",
    infer(ts) {
      arity("OVERLAY", ts, 3, 4);
      requireStrings("OVERLAY", ts, [0, 1], "'OVERLAY(<STRING> PLACING <STRING> FROM <INTEGER>)'");
      return T.string(false);
    },
    make: () => (a) => {
      const s = a[0] as string;
      const r = a[1] as string;
      const start = n(a[2]!);
      const len = a.length > 3 ? n(a[3]!) : r.length;
      return s.slice(0, Math.max(0, start - 1)) + r + s.slice(Math.max(0, start - 1 + len));
    },
  }),
];

stringFunctions.push(alias("SUBSTR", stringFunctions.find((f) => f.name === "SUBSTRING")!));
