/**
 * JSON functions (Apache Flink docs, "System (Built-in) Functions > JSON Functions"): the
 * SQL/JSON path evaluation behind JSON_VALUE, JSON_QUERY and JSON_EXISTS (those functions, with
 * their RETURNING / wrapper / ON EMPTY / ON ERROR clauses, are in ./json-path-functions.ts),
 * and JSON_OBJECT, JSON_ARRAY, JSON_STRING and IS JSON. Paths: `$`, `.key`, `['key']`, `[n]`,
 * `[*]`, `.*`, with a `lax ` or `strict ` prefix (strict when omitted, as Flink documents).
 * The planner passes the ON NULL behaviour of JSON_OBJECT/JSON_ARRAY as the first argument
 * ('NULL' or 'ABSENT') and the IS JSON kind as the second. JSON_OBJECT defaults to NULL ON
 * NULL, JSON_ARRAY to ABSENT ON NULL. A value that is itself a JSON_OBJECT / JSON_ARRAY call is
 * inserted as JSON, not as a string (the planner names those arguments after the ON NULL keyword).
 * JSON_QUOTE / JSON_UNQUOTE are in ./json-text.ts, JSON_OBJECTAGG / JSON_ARRAYAGG in ./json-aggregates.ts.
 */
import type { LogicalType } from "../../../types/model.ts";
import { formatDate, formatTime, formatTimestamp, instantToLocal } from "../../../types/temporal.ts";
import { formatJavaDouble } from "../../../types/text-values.ts";
import { lenient, strict } from "./define.ts";
import type { InternalValue, ScalarFunction } from "./types.ts";
import { SqlRuntimeError, T, arity, cannotApplyCall, isCharacter, validation } from "./types.ts";
import { Decimal, Timestamp } from "./values.ts";

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

type Step = { kind: "key"; key: string } | { kind: "index"; index: number } | { kind: "wild" };

/** A path with `[*]` or `.*` selects the array of its matches (Jayway's indefinite path). */
export function pathHasWildcard(pathText: string): boolean {
  return parseJsonPath(pathText)?.steps.some((s) => s.kind === "wild") ?? false;
}

const pathCache = new Map<string, { strict: boolean; steps: Step[] } | null>();

/** Parses a SQL/JSON path; null when it is malformed. */
export function parseJsonPath(path: string): { strict: boolean; steps: Step[] } | null {
  const hit = pathCache.get(path);
  if (hit !== undefined) return hit;
  let p = path.trim();
  // Flink docs (JSON Functions): "When omitted, it defaults to the strict mode."
  let isStrict = true;
  const mode = /^(lax|strict)\s+/i.exec(p);
  if (mode) {
    isStrict = mode[1]!.toLowerCase() === "strict";
    p = p.slice(mode[0].length);
  }
  let result: { strict: boolean; steps: Step[] } | null = null;
  if (p.startsWith("$")) {
    const steps: Step[] = [];
    let i = 1;
    let ok = true;
    while (i < p.length && ok) {
      const c = p[i]!;
      if (c === ".") {
        // `$.["a.b"]` (Flink docs' example for keys with special characters) is `$["a.b"]`.
        if (p[i + 1] === "[") {
          i++;
          continue;
        }
        if (p[i + 1] === "*") {
          steps.push({ kind: "wild" });
          i += 2;
          continue;
        }
        let j = i + 1;
        if (p[j] === '"') {
          const end = p.indexOf('"', j + 1);
          if (end < 0) ok = false;
          else {
            steps.push({ kind: "key", key: p.slice(j + 1, end) });
            i = end + 1;
          }
          continue;
        }
        while (j < p.length && /[\w$]/.test(p[j]!)) j++;
        if (j === i + 1) ok = false;
        else steps.push({ kind: "key", key: p.slice(i + 1, j) });
        i = j;
      } else if (c === "[") {
        const end = p.indexOf("]", i);
        if (end < 0) {
          ok = false;
          break;
        }
        const inner = p.slice(i + 1, end).trim();
        if (inner === "*") steps.push({ kind: "wild" });
        else if (/^\d+$/.test(inner)) steps.push({ kind: "index", index: Number(inner) });
        else if (/^'.*'$/.test(inner) || /^".*"$/.test(inner)) steps.push({ kind: "key", key: inner.slice(1, -1) });
        else ok = false;
        i = end + 1;
      } else if (c === " ") i++;
      else ok = false;
    }
    if (ok) result = { strict: isStrict, steps };
  }
  if (pathCache.size > 500) pathCache.clear();
  pathCache.set(path, result);
  return result;
}

/** Jayway's rendering of one path step, as in its "No results for path" message. */
function stepText(s: Step): string {
  return s.kind === "key" ? `['${s.key}']` : s.kind === "index" ? `[${s.index}]` : "[*]";
}

/**
 * What a path selects, as Calcite's Jayway-based evaluation sees it: a definite path (no
 * wildcard) gives its one value or null when nothing matches (lax); a path with a wildcard gives
 * the array of all matches. Throws in strict mode when a step finds nothing.
 */
function select(doc: Json, path: { strict: boolean; steps: Step[] }): Json {
  let cur: Json[] = [doc];
  let seen = "$";
  for (const s of path.steps) {
    const next: Json[] = [];
    seen += stepText(s);
    for (const v of cur) {
      if (s.kind === "key") {
        if (v !== null && typeof v === "object" && !Array.isArray(v) && Object.prototype.hasOwnProperty.call(v, s.key)) next.push(v[s.key]!);
        else if (path.strict) throw new Error(`No results for path: ${seen}`);
      } else if (s.kind === "index") {
        if (Array.isArray(v) && s.index < v.length) next.push(v[s.index]!);
        else if (path.strict) throw new Error(`No results for path: ${seen}`);
      } else if (Array.isArray(v)) next.push(...v);
      else if (v !== null && typeof v === "object") next.push(...Object.values(v));
    }
    cur = next;
  }
  if (path.steps.some((s) => s.kind === "wild")) return cur;
  return cur.length > 0 ? cur[0]! : null;
}

function parseDoc(text: string): Json | undefined {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return undefined;
  }
}

function scalarText(v: Json): string | null {
  if (v === null) return null;
  if (typeof v === "string") return v;
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : formatJavaDouble(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  return null;
}

/** JSON text of an internal value of type t (Flink's JSON_STRING / JSON_OBJECT value rules). */
export function toJson(t: LogicalType, v: InternalValue, zone: string): string {
  if (v === null) return "null";
  switch (t.type) {
    case "BOOLEAN":
      return v ? "true" : "false";
    case "TINYINT":
    case "SMALLINT":
    case "INTEGER":
    case "BIGINT":
      return String(v);
    case "FLOAT":
    case "DOUBLE":
      return Number.isFinite(v as number) ? (Number.isInteger(v) ? String(v) + ".0" : String(v)) : JSON.stringify(String(v));
    case "DECIMAL":
      return (v as Decimal).toString();
    case "CHAR":
    case "VARCHAR":
      return JSON.stringify(v);
    case "DATE":
      return JSON.stringify(formatDate(v as number));
    case "TIME_WITHOUT_TIME_ZONE":
      return JSON.stringify(formatTime(v as number, t.precision));
    case "TIMESTAMP_WITHOUT_TIME_ZONE":
      return JSON.stringify(formatTimestamp(v as Timestamp, t.precision).replace(" ", "T"));
    case "TIMESTAMP_WITH_LOCAL_TIME_ZONE":
      return JSON.stringify(formatTimestamp(instantToLocal(v as Timestamp, "UTC"), t.precision).replace(" ", "T") + "Z");
    case "ARRAY":
      return "[" + (v as InternalValue[]).map((x) => toJson(t.elementType, x, zone)).join(",") + "]";
    case "MULTISET":
    case "MAP": {
      const kt = t.type === "MAP" ? t.keyType : t.elementType;
      const vt = t.type === "MAP" ? t.valueType : T.int();
      const parts: string[] = [];
      for (const [k, x] of v as Map<InternalValue, InternalValue>) {
        const key = isCharacter(kt) ? (k as string) : k === null ? "null" : toJson(kt, k, zone).replace(/^"|"$/g, "");
        parts.push(JSON.stringify(key) + ":" + toJson(vt, x, zone));
      }
      return "{" + parts.join(",") + "}";
    }
    case "ROW":
    case "STRUCTURED_TYPE":
      return "{" + t.fields.map((f, i) => JSON.stringify(f.name) + ":" + toJson(f.type, (v as InternalValue[])[i] ?? null, zone)).join(",") + "}";
    case "BINARY":
    case "VARBINARY": {
      let bin = "";
      for (const b of v as Uint8Array) bin += String.fromCharCode(b);
      return JSON.stringify(btoa(bin));
    }
    default:
      return JSON.stringify(String(v));
  }
}

export function requireString(name: string, ts: readonly LogicalType[], positions: readonly number[]): void {
  for (const i of positions) {
    const t = ts[i];
    if (t !== undefined && !isCharacter(t) && t.type !== "NULL") throw cannotApplyCall(name, ts, `'${name}(<STRING>, <STRING>)'`);
  }
}

/**
 * Calcite's JsonPathContext: the value a path selects (null for JSON null and, in lax mode, for
 * no match; the array of matches for a wildcard path), or the error that stopped it (invalid
 * JSON input, a strict-mode step that finds nothing). A malformed path is a run-time failure.
 */
export type JsonPathContext = { readonly kind: "ok"; readonly strict: boolean; readonly value: Json } | { readonly kind: "error"; readonly message: string };

export function evaluateJsonPath(text: string, pathText: string): JsonPathContext {
  const path = parseJsonPath(pathText);
  if (path === null) throw new SqlRuntimeError(`Illegal jsonpath spec: ${pathText}`);
  const doc = parseDoc(text);
  if (doc === undefined) return { kind: "error", message: `Invalid JSON text: ${text}` };
  try {
    return { kind: "ok", strict: path.strict, value: select(doc, path) };
  } catch (e) {
    return { kind: "error", message: (e as Error).message };
  }
}

/** The outcome of JSON_VALUE / JSON_QUERY before their ON EMPTY / ON ERROR behaviours apply. */
export type JsonOutcome<V> = { readonly kind: "value"; readonly value: V } | { readonly kind: "empty" } | { readonly kind: "error"; readonly message: string };

const isScalar = (v: Json): boolean => v === null || typeof v !== "object";

/**
 * Calcite's JsonFunctions.jsonValue: JSON null or (lax) a non-scalar is empty; a non-scalar in
 * strict mode is an error. The value is the scalar's text, which the caller casts.
 */
export function jsonValueOutcome(ctx: JsonPathContext): JsonOutcome<string> {
  if (ctx.kind === "error") return ctx;
  const v = ctx.value;
  if (v === null || (!ctx.strict && !isScalar(v))) return { kind: "empty" };
  if (!isScalar(v)) return { kind: "error", message: `Strict jsonpath mode requires scalar value, and the actual value is: '${JSON.stringify(v)}'` };
  return { kind: "value", value: scalarText(v)! };
}

export type JsonWrapper = "WITHOUT" | "CONDITIONAL" | "UNCONDITIONAL";

/**
 * Calcite's JsonFunctions.jsonQuery: the wrapper applies first (CONDITIONAL wraps anything but
 * an array); then JSON null or (lax) a scalar is empty and a scalar in strict mode an error.
 */
export function jsonQueryOutcome(ctx: JsonPathContext, wrapper: JsonWrapper): JsonOutcome<Json> {
  if (ctx.kind === "error") return ctx;
  let v = ctx.value;
  if (v !== null && (wrapper === "UNCONDITIONAL" || (wrapper === "CONDITIONAL" && !Array.isArray(v)))) v = [v];
  if (v === null || (!ctx.strict && isScalar(v))) return { kind: "empty" };
  if (isScalar(v)) return { kind: "error", message: `Strict jsonpath mode requires array or object value, and the actual value is: '${JSON.stringify(v)}'` };
  return { kind: "value", value: v };
}

/** JSON_QUERY ... RETURNING ARRAY<STRING>: string elements as they are, others as JSON text. */
export function jsonArrayOfStrings(v: Json): string[] | null {
  if (!Array.isArray(v)) return null;
  return v.map((x) => (x === null ? null : typeof x === "string" ? x : JSON.stringify(x))) as string[];
}

/** Calcite's messages when ERROR ON EMPTY meets an empty result. */
export const emptyResultMessage = (fn: "JSON_VALUE" | "JSON_QUERY"): string => `Empty result of ${fn} function is not allowed`;

/**
 * The ON NULL argument of JSON_OBJECT / JSON_ARRAY: 'NULL' or 'ABSENT', optionally followed by
 * ` RAW i j ...`, the argument positions holding JSON text from a nested JSON_OBJECT /
 * JSON_ARRAY call, inserted as JSON (Flink docs: "Values which are created from another JSON
 * construction function call are inserted directly rather than as a string").
 */
const onNullCache = new Map<string, { absent: boolean; raw: ReadonlySet<number> }>();
function parseOnNull(text: InternalValue | undefined, fallbackAbsent: boolean): { absent: boolean; raw: ReadonlySet<number> } {
  const s = typeof text === "string" ? text : fallbackAbsent ? "ABSENT" : "NULL";
  let hit = onNullCache.get(s);
  if (hit === undefined) {
    const [head, ...rest] = s.split(" ");
    hit = { absent: head === "ABSENT", raw: new Set(rest.filter((x) => x !== "RAW").map(Number)) };
    if (onNullCache.size > 100) onNullCache.clear();
    onNullCache.set(s, hit);
  }
  return hit;
}

/** JSON text without the whitespace between tokens (string contents kept as written). */
function compactJson(text: string): string {
  let out = "";
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === "\\") out += text[++i] ?? "";
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c !== " " && c !== "\t" && c !== "\n" && c !== "\r") out += c;
  }
  return out;
}

const JSON_OUTSIDE_CONSTRUCTOR =
  "The JSON() function is currently only supported inside a JSON_OBJECT() function.` Example: JSON_OBJECT('a', JSON('{\"key\": \"value\"}'))";

export const jsonFunctions: ScalarFunction[] = [
  // JSON(value) marks pre-formatted JSON text for JSON_OBJECT / JSON_ARRAY (the planner compiles
  // such a value as "JSON RAW" and inserts it as JSON); anywhere else Flink's JsonFunction fails
  // at run time.
  strict({
    name: "JSON",
    infer(ts) {
      arity("JSON", ts, 1);
      requireString("JSON", ts, [0]);
      return T.string(false);
    },
    make: () => () => {
      throw new SqlRuntimeError(JSON_OUTSIDE_CONSTRUCTOR);
    },
  }),
  lenient({
    name: "JSON RAW",
    infer(ts) {
      arity("JSON", ts, 1);
      requireString("JSON", ts, [0]);
      return T.string(true);
    },
    make: () => (a) => {
      const text = a[0];
      if (text === null || text === undefined || (text as string).trim() === "") return null;
      if (parseDoc(text as string) === undefined) throw new SqlRuntimeError(`Invalid JSON in JSON(value): ${text as string}`);
      return compactJson(text as string);
    },
  }),
  lenient({
    name: "JSON_OBJECT",
    infer(ts) {
      if (ts.length < 1 || ts.length % 2 !== 1) throw validation("JSON_OBJECT requires key/value pairs");
      for (let i = 1; i < ts.length; i += 2) {
        if (!isCharacter(ts[i]!)) throw cannotApplyCall("JSON_OBJECT", ts.slice(1), "'JSON_OBJECT(KEY <CHARACTER> VALUE <ANY>, ...)'");
      }
      return T.string(false);
    },
    make(ts) {
      return (a, ctx) => {
        const { absent, raw } = parseOnNull(a[0], false);
        const parts: string[] = [];
        for (let i = 1; i < a.length; i += 2) {
          if (a[i] === null) throw new SqlRuntimeError("JSON_OBJECT key must not be NULL");
          const v = a[i + 1] ?? null;
          if (v === null && absent) continue;
          parts.push(JSON.stringify(a[i]) + ":" + (v !== null && raw.has(i + 1) ? (v as string) : toJson(ts[i + 1]!, v, ctx.localTimeZone)));
        }
        return "{" + parts.join(",") + "}";
      };
    },
  }),
  lenient({
    name: "JSON_ARRAY",
    infer(ts) {
      if (ts.length < 1) throw validation("JSON_ARRAY requires its ON NULL behaviour");
      return T.string(false);
    },
    make(ts) {
      return (a, ctx) => {
        const { absent, raw } = parseOnNull(a[0], true);
        const parts: string[] = [];
        for (let i = 1; i < a.length; i++) {
          const v = a[i] ?? null;
          if (v === null && absent) continue;
          parts.push(v !== null && raw.has(i) ? (v as string) : toJson(ts[i]!, v, ctx.localTimeZone));
        }
        return "[" + parts.join(",") + "]";
      };
    },
  }),
  strict({
    name: "JSON_STRING",
    infer(ts) {
      arity("JSON_STRING", ts, 1);
      return T.string(false);
    },
    make: (ts) => (a, ctx) => toJson(ts[0]!, a[0]!, ctx.localTimeZone),
  }),
  lenient({
    name: "IS JSON",
    infer(ts) {
      arity("IS JSON", ts, 1, 2);
      requireString("IS JSON", ts, [0]);
      return T.boolean(false);
    },
    make: () => (a) => {
      if (a[0] === null) return false;
      const doc = parseDoc(a[0] as string);
      if (doc === undefined) return false;
      const kind = a.length > 1 ? String(a[1]).toUpperCase() : "VALUE";
      switch (kind) {
        case "OBJECT":
          return doc !== null && typeof doc === "object" && !Array.isArray(doc);
        case "ARRAY":
          return Array.isArray(doc);
        case "SCALAR":
          return doc === null || typeof doc !== "object";
        default:
          return true;
      }
    },
  }),
];
