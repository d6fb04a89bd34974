/**
 * JSON functions (Apache Flink docs, "System (Built-in) Functions > JSON Functions"):
 * JSON_VALUE, JSON_QUERY, JSON_EXISTS (lax SQL/JSON paths: `$`, `.key`, `['key']`, `[n]`,
 * `[*]`, `.*`; a `strict ` prefix makes a missing member an error), JSON_OBJECT, JSON_ARRAY,
 * JSON_STRING and IS JSON. The planner passes the ON NULL behaviour of JSON_OBJECT/JSON_ARRAY
 * as the first argument ('NULL' or 'ABSENT') and the IS JSON kind as the second.
 *
 * Defaults as documented: JSON_VALUE returns STRING and NULL ON EMPTY / NULL ON ERROR,
 * JSON_QUERY returns STRING, WITHOUT WRAPPER, NULL on a scalar result, JSON_EXISTS FALSE ON
 * ERROR, JSON_OBJECT NULL ON NULL, JSON_ARRAY ABSENT ON NULL.
 */
import type { LogicalType } from "../../../types/model.ts";
import { formatDate, formatTime, formatTimestamp, instantToLocal } from "../../../types/temporal.ts";
import { formatJavaDouble } from "../../../types/text-values.ts";
import { parseTypeText } from "../../../types/type-text.ts";
import { castFunction } from "./cast.ts";
import { lenient, strict } from "./define.ts";
import type { InternalValue, ScalarFunction } from "./types.ts";
import { SqlRuntimeError, T, arity, cannotApplyCall, isCharacter, validation, withNullable } from "./types.ts";
import { Decimal, Timestamp } from "./values.ts";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

type Step = { kind: "key"; key: string } | { kind: "index"; index: number } | { kind: "wild" };

const pathCache = new Map<string, { strict: boolean; steps: Step[] } | null>();

/** Parses a SQL/JSON path; null when it is malformed. */
export function parseJsonPath(path: string): { strict: boolean; steps: Step[] } | null {
  const hit = pathCache.get(path);
  if (hit !== undefined) return hit;
  let p = path.trim();
  let isStrict = false;
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

/** Values selected by a path (lax: missing members select nothing). Throws in strict mode. */
function select(doc: Json, path: { strict: boolean; steps: Step[] }): Json[] {
  let cur: Json[] = [doc];
  for (const s of path.steps) {
    const next: Json[] = [];
    for (const v of cur) {
      if (s.kind === "key") {
        if (v !== null && typeof v === "object" && !Array.isArray(v) && Object.prototype.hasOwnProperty.call(v, s.key)) next.push(v[s.key]!);
        else if (path.strict) throw new Error(`No results for path: $.${s.key}`);
      } else if (s.kind === "index") {
        if (Array.isArray(v) && s.index < v.length) next.push(v[s.index]!);
        else if (path.strict) throw new Error(`No results for path: [${s.index}]`);
      } else if (Array.isArray(v)) next.push(...v);
      else if (v !== null && typeof v === "object") next.push(...Object.values(v));
    }
    cur = next;
  }
  return cur;
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

function requireString(name: string, ts: readonly LogicalType[], positions: readonly number[]): void {
  for (const i of positions) {
    const t = ts[i];
    if (t !== undefined && !isCharacter(t) && t.type !== "NULL") throw cannotApplyCall(name, ts, `'${name}(<STRING>, <STRING>)'`);
  }
}

function selectOrNull(text: string, pathText: string): Json[] | null {
  const path = parseJsonPath(pathText);
  if (path === null) throw new SqlRuntimeError(`Illegal jsonpath spec: ${pathText}`);
  const doc = parseDoc(text);
  if (doc === undefined) return null;
  try {
    return select(doc, path);
  } catch {
    return null;
  }
}

export const jsonFunctions: ScalarFunction[] = [
  // JSON_VALUE(json, path [, returningTypeText]): the optional third argument is the RETURNING
  // type as a constant string ('INT', 'DOUBLE', ...); the value is cast with NULL ON ERROR.
  strict({
    name: "JSON_VALUE",
    infer(ts) {
      arity("JSON_VALUE", ts, 2, 3);
      requireString("JSON_VALUE", ts, [0, 1, 2]);
      return T.string();
    },
    inferWithLiterals(ts, literals) {
      if (ts.length < 3 || typeof literals[2] !== "string") return null;
      let t: LogicalType;
      try {
        t = parseTypeText(literals[2]);
      } catch {
        throw validation(`Unsupported RETURNING type of JSON_VALUE: ${literals[2]}`);
      }
      return withNullable(t, true);
    },
    alwaysNullable: true,
    make(_ts, rt) {
      const conv = isCharacter(rt) ? null : castFunction(T.string(false), rt, true);
      return (a, ctx) => {
        const r = selectOrNull(a[0] as string, a[1] as string);
        if (r === null || r.length !== 1) return null;
        const text = scalarText(r[0]!);
        if (text === null || conv === null) return text;
        return conv(text, ctx);
      };
    },
  }),
  strict({
    name: "JSON_QUERY",
    infer(ts) {
      arity("JSON_QUERY", ts, 2);
      requireString("JSON_QUERY", ts, [0, 1]);
      return T.string();
    },
    alwaysNullable: true,
    make: () => (a) => {
      const r = selectOrNull(a[0] as string, a[1] as string);
      if (r === null || r.length !== 1) return null;
      const v = r[0]!;
      return v !== null && typeof v === "object" ? JSON.stringify(v) : null;
    },
  }),
  strict({
    name: "JSON_EXISTS",
    infer(ts) {
      arity("JSON_EXISTS", ts, 2);
      requireString("JSON_EXISTS", ts, [0, 1]);
      return T.boolean(false);
    },
    make: () => (a) => {
      const r = selectOrNull(a[0] as string, a[1] as string);
      return r !== null && r.length > 0;
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
        const absent = a[0] === "ABSENT";
        const parts: string[] = [];
        for (let i = 1; i < a.length; i += 2) {
          if (a[i] === null) throw new SqlRuntimeError("JSON_OBJECT key must not be NULL");
          const v = a[i + 1] ?? null;
          if (v === null && absent) continue;
          parts.push(JSON.stringify(a[i]) + ":" + toJson(ts[i + 1]!, v, ctx.localTimeZone));
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
        const absent = a[0] !== "NULL";
        const parts: string[] = [];
        for (let i = 1; i < a.length; i++) {
          const v = a[i] ?? null;
          if (v === null && absent) continue;
          parts.push(toJson(ts[i]!, v, ctx.localTimeZone));
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
