/**
 * Collection functions and constructors (Apache Flink docs, "System (Built-in) Functions >
 * Collection Functions" and "Value Construction Functions"): ARRAY[...] ("ARRAY"), MAP[...]
 * ("MAP"), element/map access ("ITEM", 1-based for arrays, NULL when out of range or the key is
 * missing), CARDINALITY, ELEMENT, ARRAY_CONTAINS, ARRAY_DISTINCT, ARRAY_POSITION, ARRAY_REMOVE,
 * ARRAY_REVERSE, ARRAY_SLICE, ARRAY_CONCAT, ARRAY_APPEND, ARRAY_PREPEND, ARRAY_JOIN,
 * ARRAY_MAX, ARRAY_MIN, MAP_FROM_ARRAYS, MAP_KEYS, MAP_VALUES, MAP_ENTRIES. The set-like ones
 * (ARRAY_SORT, ARRAY_UNION, ARRAY_EXCEPT, ARRAY_INTERSECT, MAP_UNION) are in ./collections-sets.ts.
 */
import type { LogicalType } from "../../../types/model.ts";
import { coercer } from "./conditional.ts";
import { lenient, strict } from "./define.ts";
import { commonType } from "./type-rules.ts";
import type { InternalValue, ScalarFunction } from "./types.ts";
import { SqlRuntimeError, T, arity, cannotApplyCall, isCharacter, isInteger, validation, withNullable } from "./types.ts";
import { compareInternal, mapGet, valueKey } from "./values.ts";
import { invalidCall, invalidInput, isOrderableElement } from "./collections-sets.ts";

type Arr = InternalValue[];
type MapV = Map<InternalValue, InternalValue>;

/** Flink's signatures in "Invalid input arguments" errors (BuiltInFunctionDefinitions argument names). */
const SIGNATURES: Readonly<Record<string, readonly string[]>> = {
  ARRAY_CONTAINS: ["ARRAY_CONTAINS(haystack <ARRAY>, needle <ARRAY ELEMENT>)"],
  ARRAY_POSITION: ["ARRAY_POSITION(haystack <ARRAY>, needle <ARRAY ELEMENT>)"],
  ARRAY_REMOVE: ["ARRAY_REMOVE(haystack <ARRAY>, needle <ARRAY ELEMENT>)"],
  ARRAY_APPEND: ["ARRAY_APPEND(array <ARRAY>, element <ARRAY ELEMENT>)"],
  ARRAY_PREPEND: ["ARRAY_PREPEND(array <ARRAY>, element <ARRAY ELEMENT>)"],
  ARRAY_DISTINCT: ["ARRAY_DISTINCT(haystack <ARRAY>)"],
  ARRAY_REVERSE: ["ARRAY_REVERSE(haystack <ARRAY>)"],
  ARRAY_SLICE: ["ARRAY_SLICE(<ARRAY>, <INTEGER>, <INTEGER>)"],
  ARRAY_CONCAT: ["ARRAY_CONCAT(<COMMON>, <COMMON>...)"],
  ARRAY_JOIN: ["ARRAY_JOIN(ARRAY<STRING>, <CHARACTER_STRING>)", "ARRAY_JOIN(ARRAY<STRING>, <CHARACTER_STRING>, <CHARACTER_STRING>)"],
};

function elementOf(name: string, ts: readonly LogicalType[], i = 0): LogicalType {
  const t = ts[i]!;
  if (t.type !== "ARRAY") {
    const sig = SIGNATURES[name];
    throw sig ? invalidInput(sig) : invalidCall(name, ts);
  }
  return t.elementType;
}

/** Converter of a needle to the array's element type (e.g. INT literal into ARRAY<BIGINT>). */
function needle(name: string, ts: readonly LogicalType[]) {
  const el = elementOf(name, ts);
  const c = commonType([el, ts[1]!]);
  if (c === null) throw invalidInput(SIGNATURES[name] ?? [`${name}(<ARRAY>, <ARRAY ELEMENT>)`]);
  return { toCommon: coercer(ts[1]!, c), elToCommon: coercer(el, c) };
}

function indexOfValue(arr: Arr, v: InternalValue): number {
  const k = valueKey(v);
  for (let i = 0; i < arr.length; i++) if (valueKey(arr[i]!) === k) return i;
  return -1;
}

export const collectionFunctions: ScalarFunction[] = [
  lenient({
    name: "ARRAY",
    infer(ts) {
      if (ts.length === 0) throw validation("Require at least 1 argument for ARRAY constructor");
      const c = commonType(ts);
      if (c === null) throw validation(`Parameters must be of the same type: ARRAY[${ts.map((t) => t.type).join(", ")}]`);
      return T.array(c, false);
    },
    make(ts, rt) {
      const el = (rt as { elementType: LogicalType }).elementType;
      const convs = ts.map((t) => coercer(t, el));
      return (a, ctx) => a.map((v, i) => (v === null ? null : convs[i]!(v, ctx)));
    },
  }),
  lenient({
    name: "MAP",
    infer(ts) {
      if (ts.length === 0 || ts.length % 2 !== 0) throw validation("MAP constructor requires an even number of arguments (key, value pairs)");
      const k = commonType(ts.filter((_t, i) => i % 2 === 0));
      const v = commonType(ts.filter((_t, i) => i % 2 === 1));
      if (k === null || v === null) throw validation("Parameters must be of the same type in MAP constructor");
      return T.map(k, v, false);
    },
    make(ts, rt) {
      const m = rt as Extract<LogicalType, { type: "MAP" }>;
      const convs = ts.map((t, i) => coercer(t, i % 2 === 0 ? m.keyType : m.valueType));
      return (a, ctx) => {
        const out: MapV = new Map();
        for (let i = 0; i < a.length; i += 2) {
          const k = a[i] === null ? null : convs[i]!(a[i]!, ctx);
          const v = a[i + 1] === null ? null : convs[i + 1]!(a[i + 1]!, ctx);
          // A later duplicate key wins (Flink's MAP constructor keeps the last value).
          const existing = [...out.keys()].find((x) => valueKey(x) === valueKey(k));
          if (existing !== undefined) out.delete(existing);
          out.set(k, v);
        }
        return out;
      };
    },
  }),
  strict({
    name: "ITEM",
    infer(ts) {
      arity("ITEM", ts, 2);
      const t = ts[0]!;
      if (t.type === "ARRAY") {
        if (!isInteger(ts[1]!)) throw cannotApplyCall("ITEM", ts, "'<ARRAY>[<INTEGER>]'\n'<MAP>[<ANY>]'");
        return withNullable(t.elementType, true);
      }
      if (t.type === "MAP") return withNullable(t.valueType, true);
      throw validation(`Cannot apply 'ITEM' to arguments of type 'ITEM(<${t.type}>, <${ts[1]!.type}>)'. Supported form(s): <ARRAY>[<INTEGER>]\n<MAP>[<ANY>]`);
    },
    alwaysNullable: true,
    make(ts) {
      const t = ts[0]!;
      if (t.type === "MAP") {
        const c = coercer(ts[1]!, t.keyType);
        return (a, ctx) => {
          const v = mapGet(a[0] as MapV, c(a[1]!, ctx));
          return v === undefined ? null : v;
        };
      }
      return (a) => {
        const arr = a[0] as Arr;
        const i = Number(a[1]);
        return i >= 1 && i <= arr.length ? arr[i - 1]! : null;
      };
    },
  }),
  strict({
    name: "CARDINALITY",
    infer(ts) {
      arity("CARDINALITY", ts, 1);
      const t = ts[0]!;
      if (t.type !== "ARRAY" && t.type !== "MAP" && t.type !== "MULTISET") throw cannotApplyCall("CARDINALITY", ts, "'CARDINALITY(<MULTISET>)'\n'CARDINALITY(<ARRAY>)'\n'CARDINALITY(<MAP>)'");
      return T.int(false);
    },
    make(ts) {
      if (ts[0]!.type === "ARRAY") return (a) => (a[0] as Arr).length;
      if (ts[0]!.type === "MAP") return (a) => (a[0] as MapV).size;
      return (a) => {
        let n = 0;
        for (const c of (a[0] as MapV).values()) n += Number(c);
        return n;
      };
    },
  }),
  strict({
    name: "ELEMENT",
    infer(ts) {
      arity("ELEMENT", ts, 1);
      const t = ts[0]!;
      if (t.type !== "ARRAY" && t.type !== "MULTISET") throw cannotApplyCall("ELEMENT", ts, "'ELEMENT(<ARRAY>)'");
      return withNullable(t.elementType, true);
    },
    alwaysNullable: true,
    make(ts) {
      const multiset = ts[0]!.type === "MULTISET";
      return (a) => {
        const items: Arr = multiset ? [...(a[0] as MapV).entries()].flatMap(([k, n]) => Array<InternalValue>(Number(n)).fill(k)) : (a[0] as Arr);
        if (items.length === 0) return null;
        if (items.length > 1) throw new SqlRuntimeError("Array has more than one element.");
        return items[0]!;
      };
    },
  }),
  lenient({
    name: "ARRAY_CONTAINS",
    infer(ts) {
      arity("ARRAY_CONTAINS", ts, 2);
      needle("ARRAY_CONTAINS", ts);
      return T.boolean(ts[0]!.nullable);
    },
    make(ts) {
      const { toCommon, elToCommon } = needle("ARRAY_CONTAINS", ts);
      return (a, ctx) => {
        if (a[0] === null) return null;
        const k = valueKey(a[1] === null ? null : toCommon(a[1]!, ctx));
        for (const e of a[0] as Arr) if (valueKey(e === null ? null : elToCommon(e, ctx)) === k) return true;
        return false;
      };
    },
  }),
  strict({
    name: "ARRAY_DISTINCT",
    infer(ts) {
      arity("ARRAY_DISTINCT", ts, 1);
      elementOf("ARRAY_DISTINCT", ts);
      return ts[0]!;
    },
    make: () => (a) => {
      const seen = new Set<string>();
      const out: Arr = [];
      for (const e of a[0] as Arr) {
        const k = valueKey(e);
        if (!seen.has(k)) {
          seen.add(k);
          out.push(e);
        }
      }
      return out;
    },
  }),
  // Flink's ArrayPositionFunction: NULL when either argument is NULL (a NULL needle is not
  // searched for, unlike ARRAY_CONTAINS / ARRAY_REMOVE); nullable when either argument is.
  lenient({
    name: "ARRAY_POSITION",
    infer(ts) {
      arity("ARRAY_POSITION", ts, 2);
      needle("ARRAY_POSITION", ts);
      return T.int(ts[0]!.nullable || ts[1]!.nullable);
    },
    make(ts) {
      const { toCommon, elToCommon } = needle("ARRAY_POSITION", ts);
      return (a, ctx) => {
        if (a[0] === null || a[1] === null) return null;
        const k = valueKey(toCommon(a[1]!, ctx));
        const arr = a[0] as Arr;
        for (let i = 0; i < arr.length; i++) if (valueKey(arr[i] === null ? null : elToCommon(arr[i]!, ctx)) === k) return i + 1;
        return 0;
      };
    },
  }),
  lenient({
    name: "ARRAY_REMOVE",
    infer(ts) {
      arity("ARRAY_REMOVE", ts, 2);
      needle("ARRAY_REMOVE", ts);
      return ts[0]!;
    },
    make(ts) {
      const { toCommon, elToCommon } = needle("ARRAY_REMOVE", ts);
      return (a, ctx) => {
        if (a[0] === null) return null;
        const k = valueKey(a[1] === null ? null : toCommon(a[1]!, ctx));
        return (a[0] as Arr).filter((e) => valueKey(e === null ? null : elToCommon(e, ctx)) !== k);
      };
    },
  }),
  strict({
    name: "ARRAY_REVERSE",
    infer(ts) {
      arity("ARRAY_REVERSE", ts, 1);
      elementOf("ARRAY_REVERSE", ts);
      return ts[0]!;
    },
    make: () => (a) => (a[0] as Arr).slice().reverse(),
  }),
  strict({
    name: "ARRAY_SLICE",
    infer(ts) {
      arity("ARRAY_SLICE", ts, 2, 3);
      elementOf("ARRAY_SLICE", ts);
      for (let i = 1; i < ts.length; i++) if (!isInteger(ts[i]!)) throw invalidInput(SIGNATURES.ARRAY_SLICE!);
      return withNullable(ts[0]!, true);
    },
    make: () => (a) => {
      const arr = a[0] as Arr;
      const n = arr.length;
      // 1-based inclusive bounds; negative positions count from the end; 0 acts as 1.
      const norm = (p: number) => (p < 0 ? n + p + 1 : p === 0 ? 1 : p);
      const start = Math.max(1, norm(Number(a[1])));
      const end = a.length > 2 ? Math.min(n, norm(Number(a[2]))) : n;
      return start > end ? [] : arr.slice(start - 1, end);
    },
  }),
  strict({
    name: "ARRAY_CONCAT",
    infer(ts) {
      if (ts.length === 0) throw validation("Invalid number of arguments to function 'ARRAY_CONCAT'");
      for (let i = 0; i < ts.length; i++) elementOf("ARRAY_CONCAT", ts, i);
      const c = commonType(ts);
      if (c === null) throw invalidCall("ARRAY_CONCAT", ts);
      return withNullable(c, false);
    },
    make(ts, rt) {
      const convs = ts.map((t) => coercer(t, rt));
      return (a, ctx) => ([] as Arr).concat(...a.map((x, i) => convs[i]!(x!, ctx) as Arr));
    },
  }),
  // Flink's ARRAY_APPEND_PREPEND strategy: the element type takes the appended value's
  // nullability (ARRAY<STRING NOT NULL> + NULL is ARRAY<STRING>); the array type is nullable when
  // either argument is (nullableIfArgs), though only a NULL array gives NULL.
  ...(["ARRAY_APPEND", "ARRAY_PREPEND"] as const).map((name) =>
    lenient({
      name,
      infer(ts) {
        arity(name, ts, 2);
        needle(name, ts);
        const el = elementOf(name, ts);
        return T.array(withNullable(el, el.nullable || ts[1]!.nullable), ts[0]!.nullable || ts[1]!.nullable);
      },
      make(ts) {
        const el = elementOf(name, ts);
        const c = coercer(ts[1]!, withNullable(el, true));
        return (a, ctx) => {
          if (a[0] === null) return null;
          const v = a[1] === null ? null : c(a[1]!, ctx);
          return name === "ARRAY_APPEND" ? [...(a[0] as Arr), v] : [v, ...(a[0] as Arr)];
        };
      },
    }),
  ),
  lenient({
    name: "ARRAY_JOIN",
    infer(ts) {
      arity("ARRAY_JOIN", ts, 2, 3);
      const el = elementOf("ARRAY_JOIN", ts);
      if (!isCharacter(el) || !isCharacter(ts[1]!) || (ts.length > 2 && !isCharacter(ts[2]!))) throw invalidInput(SIGNATURES.ARRAY_JOIN!);
      // Flink: nullableIfArgs(explicit(STRING().nullable())), so always nullable.
      return T.string(true);
    },
    make: () => (a) => {
      if (a[0] === null || a[1] === null) return null;
      const repl = a.length > 2 ? a[2] : null;
      const parts: string[] = [];
      for (const e of a[0] as Arr) {
        if (e !== null) parts.push(e as string);
        else if (repl !== null && repl !== undefined) parts.push(repl as string);
      }
      return parts.join(a[1] as string);
    },
  }),
  ...(["ARRAY_MAX", "ARRAY_MIN"] as const).map((name) =>
    strict({
      name,
      infer(ts) {
        arity(name, ts, 1);
        const el = elementOf(name, ts);
        // ARRAY_FULLY_COMPARABLE: no BOOLEAN, ROW, ARRAY or MAP elements (Flink's CollectionFunctionsITCase).
        if (!isOrderableElement(el)) throw invalidCall(name, ts);
        return withNullable(el, true);
      },
      alwaysNullable: true,
      make: () => (a) => {
        let best: InternalValue = null;
        const sign = name === "ARRAY_MAX" ? 1 : -1;
        for (const e of a[0] as Arr) if (e !== null && (best === null || sign * compareInternal(e, best) > 0)) best = e;
        return best;
      },
    }),
  ),
  // Flink's MapFromArraysFunction: keys[i] -> values[i]; NULL when either array is NULL; arrays
  // of different lengths fail the job. A repeated key keeps its last value, as MAP[...] does.
  strict({
    name: "MAP_FROM_ARRAYS",
    infer(ts) {
      arity("MAP_FROM_ARRAYS", ts, 2);
      const [k, v] = [ts[0]!, ts[1]!];
      if ((k.type !== "ARRAY" && k.type !== "NULL") || (v.type !== "ARRAY" && v.type !== "NULL")) {
        throw cannotApplyCall("MAP_FROM_ARRAYS", ts, "'MAP_FROM_ARRAYS(<ARRAY>, <ARRAY>)'");
      }
      return T.map(k.type === "ARRAY" ? k.elementType : T.null(), v.type === "ARRAY" ? v.elementType : T.null(), false);
    },
    make: () => (a) => {
      const keys = a[0] as Arr;
      const values = a[1] as Arr;
      if (keys.length !== values.length) {
        throw new SqlRuntimeError(
          `Invalid function MAP_FROM_ARRAYS call:\nThe length of the keys array ${keys.length} is not equal to the length of the values array ${values.length}`,
          "org.apache.flink.util.FlinkRuntimeException",
        );
      }
      const out: MapV = new Map();
      const seen = new Map<string, InternalValue>();
      keys.forEach((k, i) => {
        const key = valueKey(k);
        if (seen.has(key)) out.delete(seen.get(key)!);
        seen.set(key, k);
        out.set(k, values[i]!);
      });
      return out;
    },
  }),
  strict({
    name: "MAP_KEYS",
    infer(ts) {
      arity("MAP_KEYS", ts, 1);
      const t = ts[0]!;
      if (t.type !== "MAP") throw cannotApplyCall("MAP_KEYS", ts, "'MAP_KEYS(<MAP>)'");
      return T.array(t.keyType, false);
    },
    make: () => (a) => [...(a[0] as MapV).keys()],
  }),
  strict({
    name: "MAP_VALUES",
    infer(ts) {
      arity("MAP_VALUES", ts, 1);
      const t = ts[0]!;
      if (t.type !== "MAP") throw cannotApplyCall("MAP_VALUES", ts, "'MAP_VALUES(<MAP>)'");
      return T.array(t.valueType, false);
    },
    make: () => (a) => [...(a[0] as MapV).values()],
  }),
  strict({
    name: "MAP_ENTRIES",
    infer(ts) {
      arity("MAP_ENTRIES", ts, 1);
      const t = ts[0]!;
      if (t.type !== "MAP") throw cannotApplyCall("MAP_ENTRIES", ts, "'MAP_ENTRIES(<MAP>)'");
      return T.array({ type: "ROW", nullable: false, fields: [{ name: "key", type: t.keyType }, { name: "value", type: t.valueType }] }, false);
    },
    make: () => (a) => [...(a[0] as MapV).entries()].map(([k, v]) => [k, v]),
  }),
];
