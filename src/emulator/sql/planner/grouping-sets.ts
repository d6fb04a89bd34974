/**
 * GROUP BY with GROUPING SETS / ROLLUP / CUBE, expanded the way Calcite's validator does it
 * (SqlValidatorUtil.analyzeGroupItem + cross product): each GROUP BY item yields a list of
 * grouping sets (a plain expression one set of one key, ROLLUP its prefixes, CUBE every subset),
 * and the items combine by cross product, so `GROUP BY a, ROLLUP(b, c)` is the sets
 * (a, b, c), (a, b), (a). Duplicate sets are kept: Calcite plans them as a UNION ALL of the
 * aggregate per GROUP_ID(), so they give duplicate rows.
 *
 * Also the grouping functions (Calcite SqlGroupingFunction / SqlGroupIdFunction, both typed
 * ReturnTypes.BIGINT, so BIGINT NOT NULL): GROUPING(c1, ..., cN) and its synonym
 * GROUPING_ID(...) (CALCITE-1652) are a bitmask whose bit N-1-i is 1 when ci is not grouped in
 * the row's set (the leftmost argument is the most significant bit); GROUP_ID() numbers the
 * duplicates of a set 0, 1, ...
 */
import type * as ast from "../syntax/ast.ts";
import { fingerprint } from "./expr.ts";
import { unsupported } from "./scope.ts";

/** The grouping of one SELECT: its distinct grouping expressions and the sets over them. */
export interface Grouping {
  /** Distinct grouping expressions, in order of first appearance. */
  readonly keys: readonly ast.Expr[];
  /** Each grouping set as ascending indices into `keys`, in Calcite's order; duplicates kept. */
  readonly sets: readonly (readonly number[])[];
}

/** CUBE of n elements is 2^n sets; beyond this the query is surely a mistake. */
const MAX_SETS = 4096;

/** Expands a GROUP BY list into grouping sets (a plain GROUP BY gives exactly one set). */
export function expandGrouping(items: readonly ast.GroupItem[]): Grouping {
  const keys: ast.Expr[] = [];
  const indexOf = new Map<string, number>();
  const keyIndex = (e: ast.Expr): number => {
    rejectNested(e);
    const fp = fingerprint(e);
    let i = indexOf.get(fp);
    if (i === undefined) {
      i = keys.length;
      keys.push(e);
      indexOf.set(fp, i);
    }
    return i;
  };
  let sets: number[][] = [[]];
  for (const item of items) {
    const choices = itemSets(item).map((s) => s.map(keyIndex));
    const next: number[][] = [];
    for (const acc of sets) for (const c of choices) next.push([...new Set([...acc, ...c])].sort((a, b) => a - b));
    if (next.length > MAX_SETS) throw unsupported(item, `more than ${MAX_SETS} grouping sets`);
    sets = next;
  }
  return { keys, sets };
}

/** The grouping sets one GROUP BY item stands for, as lists of expressions. */
function itemSets(item: ast.GroupItem): (readonly ast.Expr[])[] {
  switch (item.kind) {
    case "GroupingSets":
      return [...item.sets];
    case "Rollup": {
      // ROLLUP(e1, ..., en): (e1..en), (e1..en-1), ..., () (Calcite's rollup order).
      const out: ast.Expr[][] = [];
      for (let n = item.elements.length; n >= 0; n--) out.push(item.elements.slice(0, n).flat());
      return out;
    }
    case "Cube": {
      // CUBE(e1, ..., en): every subset, the full set first and () last (Calcite's cube order).
      const n = item.elements.length;
      if (n > 12) throw unsupported(item, `CUBE of more than 12 elements`);
      const out: ast.Expr[][] = [];
      for (let mask = (1 << n) - 1; mask >= 0; mask--) {
        out.push(item.elements.filter((_, i) => (mask & (1 << (n - 1 - i))) !== 0).flat());
      }
      return out;
    }
    default:
      return [[item]];
  }
}

/** The parser reads a ROLLUP / CUBE inside GROUPING SETS (...) as a function call: say so. */
function rejectNested(e: ast.Expr): void {
  if (e.kind === "FunctionCall" && e.qualifier.length === 0 && (e.name.toUpperCase() === "ROLLUP" || e.name.toUpperCase() === "CUBE")) {
    throw unsupported(e, `${e.name.toUpperCase()} nested inside GROUPING SETS`);
  }
}

/** Names of the grouping functions, upper case. */
export const GROUPING_FUNCTIONS: ReadonlySet<string> = new Set(["GROUPING", "GROUPING_ID", "GROUP_ID"]);

/**
 * GROUPING(args) for each grouping set: bit (n-1-i) is set when argument i (an index into the
 * grouping keys) is missing from the set.
 */
export function groupingValues(sets: readonly (readonly number[])[], args: readonly number[]): bigint[] {
  return sets.map((set) => {
    let v = 0n;
    for (const a of args) v = (v << 1n) | (set.includes(a) ? 0n : 1n);
    return v;
  });
}

/** GROUP_ID() for each grouping set: how many equal sets come before it. */
export function groupIdValues(sets: readonly (readonly number[])[]): bigint[] {
  const seen = new Map<string, number>();
  return sets.map((set) => {
    const k = set.join(",");
    const n = seen.get(k) ?? 0;
    seen.set(k, n + 1);
    return BigInt(n);
  });
}
