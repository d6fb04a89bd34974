/**
 * JSON_VALUE, JSON_QUERY and JSON_EXISTS with their clauses (Apache Flink docs, "System
 * (Built-in) Functions > JSON Functions"; semantics of Calcite's JsonFunctions, which Flink's
 * SqlJsonUtils copies). The planner passes each clause as a constant argument:
 *
 *   JSON_VALUE(json, path [, returningType [, onEmpty, emptyDefault, onError, errorDefault]])
 *   JSON_QUERY(json, path [, returningType [, wrapper, onEmpty, onError]])
 *   JSON_EXISTS(json, path [, onError])
 *
 * `returningType` is type text ('INT', 'ARRAY<STRING>'), the behaviours are keywords ('NULL',
 * 'ERROR', 'DEFAULT', 'EMPTY ARRAY', 'EMPTY OBJECT', 'TRUE', 'FALSE', 'UNKNOWN'), wrappers
 * 'WITHOUT' / 'CONDITIONAL' / 'UNCONDITIONAL'. DEFAULT values are ordinary operands (evaluated
 * with the call, as in Flink) cast to the RETURNING type. Defaults: STRING, NULL ON EMPTY,
 * NULL ON ERROR, WITHOUT WRAPPER, FALSE ON ERROR.
 */
import type { LogicalType } from "../../../types/model.ts";
import { parseTypeText } from "../../../types/type-text.ts";
import { castFunction } from "./cast.ts";
import { emptyResultMessage, evaluateJsonPath, jsonArrayOfStrings, jsonQueryOutcome, jsonValueOutcome, pathHasWildcard, requireString, type JsonWrapper } from "./json.ts";
import type { EvalContext, InternalValue, ScalarFunction } from "./types.ts";
import { SqlRuntimeError, T, arity, isCharacter, validation, withNullable } from "./types.ts";

/** JSON_VALUE returns a scalar: RETURNING takes the scalar types a STRING casts to. */
const JSON_VALUE_RETURNING: ReadonlySet<string> = new Set([
  "CHAR", "VARCHAR", "BOOLEAN", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "FLOAT", "DOUBLE", "DECIMAL",
  "DATE", "TIME_WITHOUT_TIME_ZONE", "TIMESTAMP_WITHOUT_TIME_ZONE", "TIMESTAMP_WITH_LOCAL_TIME_ZONE",
]);

function returningType(fn: string, text: InternalValue | undefined, allowed: (t: LogicalType) => boolean): LogicalType | null {
  if (typeof text !== "string") return null;
  let t: LogicalType;
  try {
    t = parseTypeText(text);
  } catch {
    throw validation(`Unsupported RETURNING type of ${fn}: ${text}`);
  }
  if (!allowed(t)) throw validation(`Unsupported RETURNING type of ${fn}: ${text}`);
  return withNullable(t, true);
}

const keyword = (a: readonly InternalValue[], i: number, fallback: string): string => (typeof a[i] === "string" ? (a[i] as string) : fallback);

/** A JSON value's DEFAULT operand cast to the RETURNING type (a plain CAST: failures throw). */
function defaultCast(from: LogicalType | undefined, to: LogicalType): (v: InternalValue, ctx: EvalContext) => InternalValue {
  if (from === undefined || from.type === "NULL") return () => null;
  // Flink hands the DEFAULT value on as a Java object and renders it with String.valueOf for a
  // STRING result: the docs' `JSON_VALUE('{"a": true}', 'lax $.b' DEFAULT FALSE ON EMPTY)` is "false".
  if (isCharacter(to) && from.type === "BOOLEAN") return (v) => (v === null ? null : v ? "true" : "false");
  const conv = castFunction(from, to, false);
  return (v, ctx) => (v === null ? null : conv(v, ctx));
}

const jsonValue: ScalarFunction = {
  name: "JSON_VALUE",
  inferType(ts) {
    arity("JSON_VALUE", ts, 2, 7);
    requireString("JSON_VALUE", ts, [0, 1, 2]);
    return T.string();
  },
  inferTypeWithLiterals: (ts, literals) => (ts.length < 3 ? null : returningType("JSON_VALUE", literals[2], (t) => JSON_VALUE_RETURNING.has(t.type))),
  compile(ts, rt) {
    const conv = isCharacter(rt) ? null : castFunction(T.string(false), rt, false);
    const emptyDefault = defaultCast(ts[4], rt);
    const errorDefault = defaultCast(ts[6], rt);
    return (a, ctx) => {
      if (a[0] === null || a[1] === null) return null;
      const onEmpty = keyword(a, 3, "NULL");
      const onError = keyword(a, 5, "NULL");
      const failed = (message: string): InternalValue => {
        if (onError === "ERROR") throw new SqlRuntimeError(message);
        return onError === "DEFAULT" ? errorDefault(a[6] ?? null, ctx) : null;
      };
      const r = jsonValueOutcome(evaluateJsonPath(a[0] as string, a[1] as string));
      // Flink docs: a DEFAULT ON EMPTY that fails falls through to the ON ERROR behaviour.
      const attempt = (f: () => InternalValue): InternalValue => {
        try {
          return f();
        } catch (e) {
          return failed((e as Error).message);
        }
      };
      switch (r.kind) {
        case "value":
          return conv === null ? r.value : attempt(() => conv(r.value, ctx));
        case "empty":
          if (onEmpty === "ERROR") throw new SqlRuntimeError(emptyResultMessage("JSON_VALUE"));
          return onEmpty === "DEFAULT" ? attempt(() => emptyDefault(a[4] ?? null, ctx)) : null;
        case "error":
          return failed(r.message);
      }
    };
  },
};

const isStringArray = (t: LogicalType): boolean => t.type === "ARRAY" && isCharacter(t.elementType);

const jsonQuery: ScalarFunction = {
  name: "JSON_QUERY",
  inferType(ts) {
    arity("JSON_QUERY", ts, 2, 6);
    requireString("JSON_QUERY", ts, [0, 1, 2]);
    return T.string();
  },
  inferTypeWithLiterals(ts, literals) {
    if (ts.length < 3) return null;
    const rt = returningType("JSON_QUERY", literals[2], (t) => isCharacter(t) || isStringArray(t));
    if (rt !== null && isStringArray(rt)) {
      for (const i of [4, 5]) {
        if (literals[i] === "EMPTY OBJECT") throw validation(`Illegal ON ${i === 4 ? "EMPTY" : "ERROR"} behavior EMPTY OBJECT for JSON_QUERY RETURNING ${literals[2]}`);
      }
    }
    return rt;
  },
  compile(_ts, rt) {
    const asArray = isStringArray(rt);
    const render = (v: unknown): InternalValue => {
      if (!asArray) return JSON.stringify(v);
      const list = jsonArrayOfStrings(v as never);
      if (list === null) throw new SqlRuntimeError(`JSON_QUERY RETURNING ARRAY requires an array, and the actual value is: '${JSON.stringify(v)}'`);
      return list;
    };
    const fixed = (behavior: string): InternalValue => (behavior === "EMPTY ARRAY" ? (asArray ? [] : "[]") : behavior === "EMPTY OBJECT" ? "{}" : null);
    return (a) => {
      if (a[0] === null || a[1] === null) return null;
      const wrapper = keyword(a, 3, "WITHOUT") as JsonWrapper;
      const onEmpty = keyword(a, 4, "NULL");
      const onError = keyword(a, 5, "NULL");
      const failed = (message: string): InternalValue => {
        if (onError === "ERROR") throw new SqlRuntimeError(message);
        return fixed(onError);
      };
      const r = jsonQueryOutcome(evaluateJsonPath(a[0] as string, a[1] as string), wrapper);
      switch (r.kind) {
        case "value":
          try {
            return render(r.value);
          } catch (e) {
            return failed((e as Error).message);
          }
        case "empty":
          if (onEmpty === "ERROR") throw new SqlRuntimeError(emptyResultMessage("JSON_QUERY"));
          return fixed(onEmpty);
        case "error":
          return failed(r.message);
      }
    };
  },
};

const jsonExists: ScalarFunction = {
  name: "JSON_EXISTS",
  inferType(ts) {
    arity("JSON_EXISTS", ts, 2, 3);
    requireString("JSON_EXISTS", ts, [0, 1]);
    return T.boolean(ts[0]!.nullable || ts[1]!.nullable || ts.length > 2);
  },
  compile: () => (a) => {
    if (a[0] === null || a[1] === null) return null;
    const r = evaluateJsonPath(a[0] as string, a[1] as string);
    if (r.kind === "ok") return Array.isArray(r.value) && pathHasWildcard(a[1] as string) ? r.value.length > 0 : r.value !== null;
    switch (keyword(a, 2, "FALSE")) {
      case "TRUE":
        return true;
      case "UNKNOWN":
        return null;
      case "ERROR":
        throw new SqlRuntimeError(r.message);
      default:
        return false;
    }
  },
};

export const jsonPathFunctions: ScalarFunction[] = [jsonValue, jsonQuery, jsonExists];
