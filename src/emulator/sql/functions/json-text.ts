/**
 * JSON_QUOTE and JSON_UNQUOTE (Confluent Cloud docs "JSON Functions"; Apache Flink docs, string
 * functions; semantics of Flink's JsonQuoteFunction / JsonUnquoteFunction), and TYPEOF (Apache
 * Flink docs "Type Conversion Functions", Flink's TypeOfFunction).
 *
 * - JSON_QUOTE(s) wraps s in double quotes, escaping `"`, `\`, `/`, backspace, form feed, newline,
 *   carriage return and tab, and every UTF-16 unit above 127 as `\uXXXX` (lowercase hex); other
 *   control characters are kept as they are. NULL gives NULL.
 * - JSON_UNQUOTE(s): when s is valid JSON and starts and ends with `"`, the string literal's
 *   content with escapes resolved; any other input (invalid JSON, arrays, objects, numbers) is
 *   returned unchanged. NULL gives NULL.
 * - TYPEOF(x [, forceSerializable]) is the summary string of x's type (`INT NOT NULL`,
 *   `CHAR(11) NOT NULL`, `NULL`); with a TRUE literal, the serializable string
 *   (`VARCHAR(2147483647)` instead of `STRING`). The second argument must be a literal: Flink
 *   reads it while planning. The result is STRING (nullable), evaluated once per call site.
 */
import type { LogicalType } from "../../../types/model.ts";
import { formatType } from "../../../types/format-type.ts";
import { invalidCall } from "./collections-sets.ts";
import { strict } from "./define.ts";
import type { ScalarFunction } from "./types.ts";
import { T, arity, cannotApplyCall, flinkName, isCharacter } from "./types.ts";

const QUOTE_ESCAPES: Record<string, string> = { '"': '\\"', "\\": "\\\\", "/": "\\/", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

export function jsonQuote(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const esc = QUOTE_ESCAPES[ch];
    if (esc !== undefined) out += esc;
    else {
      const code = s.charCodeAt(i);
      out += code > 127 ? "\\u" + code.toString(16).padStart(4, "0") : ch;
    }
  }
  return out + '"';
}

export function jsonUnquote(s: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(s);
  } catch {
    return s;
  }
  // A quoted JSON string literal: JSON.parse resolved its escapes exactly as Flink's unescape does.
  return s.length >= 2 && s[0] === '"' && s[s.length - 1] === '"' && typeof parsed === "string" ? parsed : s;
}

function stringArg(name: string) {
  return (ts: readonly LogicalType[]): LogicalType => {
    arity(name, ts, 1);
    if (!isCharacter(ts[0]!) && ts[0]!.type !== "NULL") throw cannotApplyCall(name, ts, `'${name}(<CHARACTER_STRING>)'`);
    return T.string();
  };
}

/** Flink's LogicalType#asSerializableString, as far as the summary form differs from it. */
function serializableName(t: LogicalType): string {
  return flinkName(t).replace(/\bTIMESTAMP_LTZ\((\d)\)/g, "TIMESTAMP($1) WITH LOCAL TIME ZONE");
}

const typeOf: ScalarFunction = {
  name: "TYPEOF",
  inferType(ts) {
    arity("TYPEOF", ts, 1, 2);
    if (ts.length === 2 && ts[1]!.type !== "BOOLEAN") throw invalidCall("TYPEOF", ts);
    return T.string();
  },
  inferTypeWithLiterals(ts, literals) {
    // Flink reads force_serializable while planning: it must be a literal.
    if (ts.length === 2 && typeof literals[1] !== "boolean") throw invalidCall("TYPEOF", ts);
    return null;
  },
  compile(ts) {
    const serializable = ts.length === 2;
    const t = ts[0]!;
    const summary = formatType(t);
    const full = serializableName(t);
    return (a) => (serializable && a[1] === true ? full : summary);
  },
};

export const jsonTextFunctions: ScalarFunction[] = [
  strict({ name: "JSON_QUOTE", infer: stringArg("JSON_QUOTE"), make: () => (a) => jsonQuote(a[0] as string) }),
  strict({ name: "JSON_UNQUOTE", infer: stringArg("JSON_UNQUOTE"), make: () => (a) => jsonUnquote(a[0] as string) }),
  typeOf,
];

