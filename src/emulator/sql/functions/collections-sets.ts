/**
 * Set-like collection functions (Confluent Cloud docs "Collection Functions"; semantics of
 * Flink's ArraySortFunction, ArrayUnionFunction, ArrayExceptFunction, ArrayIntersectFunction and
 * MapUnionFunction): ARRAY_SORT, ARRAY_UNION, ARRAY_EXCEPT, ARRAY_INTERSECT, MAP_UNION.
 *
 * - ARRAY_SORT(array [, ascending [, nullsFirst]]): ascending with NULLs first by default; with
 *   only `ascending` given, NULLs go first when ascending and last when descending. Any NULL
 *   argument gives NULL. Elements must be of an orderable atomic type (not BOOLEAN, ROW, ARRAY,
 *   MAP, MULTISET), as Flink's ARRAY_FULLY_COMPARABLE strategy requires.
 * - ARRAY_UNION / ARRAY_EXCEPT / ARRAY_INTERSECT take two arrays of a common type, give that
 *   type (nullable when an argument is) and NULL when either array is NULL. All three are set
 *   operations: duplicates are dropped and array1's order is kept. UNION keeps a NULL where it
 *   first occurs; EXCEPT and INTERSECT put a surviving NULL last (Flink tracks NULL apart from
 *   the hashed elements and appends it at the end).
 * - MAP_UNION(map1, ...) merges maps of a common type; a later map's value wins for a repeated
 *   key; NULL when any map is NULL. Entry order follows Flink: the later map's entries first,
 *   then the earlier entries it did not override.
 */
import type { LogicalType } from "../../../types/model.ts";
import { formatType } from "../../../types/format-type.ts";
import { coercer } from "./conditional.ts";
import { lenient } from "./define.ts";
import { commonType } from "./type-rules.ts";
import type { InternalValue, ScalarFunction } from "./types.ts";
import { anyNullable, validation, withNullable } from "./types.ts";
import { compareInternal, valueKey } from "./values.ts";

type Arr = InternalValue[];
type MapV = Map<InternalValue, InternalValue>;

/** Flink's "Invalid input arguments" message (an argument matches no signature). */
export function invalidInput(signatures: readonly string[]) {
  return validation(`Invalid input arguments. Expected signatures are:\n${signatures.join("\n")}`);
}

/** Flink's "Invalid function call" message (arguments of a known shape but unusable types). */
export function invalidCall(name: string, ts: readonly LogicalType[]) {
  return validation(`Invalid function call:\n${name}(${ts.map((t) => formatType(t)).join(", ")})`);
}

/** Element types Flink's ARRAY_MAX / ARRAY_MIN / ARRAY_SORT accept (fully comparable atomics). */
export function isOrderableElement(t: LogicalType): boolean {
  switch (t.type) {
    case "BOOLEAN":
    case "ROW":
    case "ARRAY":
    case "MAP":
    case "MULTISET":
    case "STRUCTURED_TYPE":
    case "RAW":
    case "NULL":
      return false;
    default:
      return true;
  }
}

/** The common array type of two arguments (COMMON of commonArrayType(2)), or the Flink error. */
function commonArray(name: string, ts: readonly LogicalType[]): LogicalType {
  const sig = [`${name}(<COMMON>, <COMMON>)`];
  if (ts.length !== 2) throw invalidInput(sig);
  if (!ts.every((t) => t.type === "ARRAY" || t.type === "NULL") || ts.every((t) => t.type === "NULL")) throw invalidInput(sig);
  const c = commonType(ts);
  if (c === null || c.type !== "ARRAY") throw invalidInput(sig);
  return withNullable(c, anyNullable(ts));
}

/** Distinct elements of `arr` (SQL equality, NULL once) appended to `out`, skipping keys in `seen`. */
function addDistinct(out: Arr, seen: Set<string>, arr: Arr): void {
  for (const e of arr) {
    const k = valueKey(e);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(e);
    }
  }
}

function setOp(name: "ARRAY_UNION" | "ARRAY_EXCEPT" | "ARRAY_INTERSECT", op: (a: Arr, b: Arr) => Arr): ScalarFunction {
  return lenient({
    name,
    infer: (ts) => commonArray(name, ts),
    make(ts, rt) {
      const ca = coercer(ts[0]!, withNullable(rt, true));
      const cb = coercer(ts[1]!, withNullable(rt, true));
      return (a, ctx) => {
        if (a[0] === null || a[1] === null) return null;
        return op(ca(a[0]!, ctx) as Arr, cb(a[1]!, ctx) as Arr);
      };
    },
  });
}

const arrayUnion = setOp("ARRAY_UNION", (a, b) => {
  const out: Arr = [];
  const seen = new Set<string>();
  addDistinct(out, seen, a);
  addDistinct(out, seen, b);
  return out;
});

const arrayExcept = setOp("ARRAY_EXCEPT", (a, b) => {
  const seen = new Set(b.filter((e) => e !== null).map(valueKey));
  const out: Arr = [];
  addDistinct(out, seen, a.filter((e) => e !== null));
  if (a.includes(null) && !b.includes(null)) out.push(null);
  return out;
});

const arrayIntersect = setOp("ARRAY_INTERSECT", (a, b) => {
  const inB = new Set(b.filter((e) => e !== null).map(valueKey));
  const out: Arr = [];
  const seen = new Set<string>();
  for (const e of a) {
    if (e === null) continue;
    const k = valueKey(e);
    if (inB.has(k) && !seen.has(k)) {
      seen.add(k);
      out.push(e);
    }
  }
  if (a.includes(null) && b.includes(null)) out.push(null);
  return out;
});

const SORT_SIGNATURES = ["ARRAY_SORT(<ARRAY<COMPARABLE>>)", "ARRAY_SORT(<ARRAY<COMPARABLE>>, <BOOLEAN>)", "ARRAY_SORT(<ARRAY<COMPARABLE>>, <BOOLEAN>, <BOOLEAN>)"];

const arraySort = lenient({
  name: "ARRAY_SORT",
  infer(ts) {
    if (ts.length < 1 || ts.length > 3) throw invalidInput(SORT_SIGNATURES);
    const a = ts[0]!;
    for (const t of ts.slice(1)) if (t.type !== "BOOLEAN" && t.type !== "NULL") throw invalidInput(SORT_SIGNATURES);
    if (a.type !== "ARRAY") throw invalidInput(SORT_SIGNATURES);
    if (!isOrderableElement(a.elementType)) throw invalidCall("ARRAY_SORT", ts);
    return withNullable(a, anyNullable(ts));
  },
  make: () => (a) => {
    if (a.some((v) => v === null)) return null;
    const asc = a.length > 1 ? (a[1] as boolean) : true;
    const nullsFirst = a.length > 2 ? (a[2] as boolean) : asc;
    const sign = asc ? 1 : -1;
    // Array.prototype.sort is stable, as Java's Arrays.sort over objects is.
    return (a[0] as Arr).slice().sort((x, y) => {
      if (x === null || y === null) return x === y ? 0 : (x === null) === nullsFirst ? -1 : 1;
      return sign * compareInternal(x, y);
    });
  },
});

const mapUnion = lenient({
  name: "MAP_UNION",
  infer(ts) {
    const sig = ["MAP_UNION(<COMMON>, <COMMON>...)"];
    if (ts.length === 0 || !ts.every((t) => t.type === "MAP" || t.type === "NULL") || ts.every((t) => t.type === "NULL")) throw invalidInput(sig);
    const c = commonType(ts);
    if (c === null || c.type !== "MAP") throw invalidCall("MAP_UNION", ts);
    return c;
  },
  make(ts, rt) {
    const convs = ts.map((t) => coercer(t, withNullable(rt, true)));
    return (a, ctx) => {
      if (a.some((v) => v === null)) return null;
      let acc = convs[0]!(a[0]!, ctx) as MapV;
      for (let i = 1; i < a.length; i++) {
        const next = convs[i]!(a[i]!, ctx) as MapV;
        if (next.size === 0) continue;
        const merged: MapV = new Map(next);
        const keys = new Set([...next.keys()].map(valueKey));
        for (const [k, v] of acc) if (!keys.has(valueKey(k))) merged.set(k, v);
        acc = merged;
      }
      return acc;
    };
  },
});

export const collectionSetFunctions: ScalarFunction[] = [arraySort, arrayUnion, arrayExcept, arrayIntersect, mapUnion];


