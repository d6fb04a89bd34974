/**
 * The context an aggregate call's result type depends on, worked out the way Calcite's
 * validator does before it asks the function (SqlCallBinding.getGroupCount, hasFilter):
 *
 * - a group aggregate may see an empty group when the query has no grouping key (no GROUP BY,
 *   `GROUP BY ()`); a window TVF aggregate groups by window_start / window_end, so it never does;
 * - an OVER aggregate may see an empty window unless SqlWindow.isAlwaysNonEmpty() holds (both
 *   frame bounds are UNBOUNDED / CURRENT ROW with lower <= upper; a default frame is
 *   UNBOUNDED PRECEDING .. CURRENT ROW), SqlOverOperator.deriveType passing group count 0 or 1;
 * - a FILTER clause counts as "may be empty" too (SqlFilterOperator passes group count 0).
 *
 * One deliberate difference: Calcite counts `GROUP BY GROUPING SETS (())` as one group item,
 * but it aggregates the whole input as one group, which is NULL over no rows; it is treated as
 * having no key here so that a NOT NULL column never carries NULL.
 */
import type * as ast from "../syntax/ast.ts";
import type { CExpr } from "./expr.ts";

export interface AggregateContext {
  readonly emptyGroup: boolean;
  readonly filter: boolean;
}

/** A GROUP BY (or window TVF) aggregate call over `keyCount` distinct grouping expressions. */
export function groupAggregateContext(keyCount: number, call: ast.FunctionCall): AggregateContext {
  return { emptyGroup: keyCount === 0, filter: call.filter !== null };
}

/** An `agg(...) OVER (...)` call. */
export function overAggregateContext(spec: ast.WindowSpec, call: ast.FunctionCall): AggregateContext {
  return { emptyGroup: !frameAlwaysNonEmpty(spec.frame), filter: call.filter !== null };
}

/**
 * Calcite's SqlWindow.isAlwaysNonEmpty: RexWindowBound order keys UNBOUNDED PRECEDING 0,
 * CURRENT ROW 1, UNBOUNDED FOLLOWING 2; an `n PRECEDING` / `n FOLLOWING` bound is not a
 * literal, so the window is not known to be non-empty (even `0 PRECEDING`).
 */
export function frameAlwaysNonEmpty(frame: ast.WindowFrame | null): boolean {
  if (!frame) return true;
  const lower = orderKey(frame.lower);
  const upper = frame.upper ? orderKey(frame.upper) : 1;
  return lower > -1 && upper > -1 && lower <= upper;
}

function orderKey(b: ast.FrameBound): number {
  switch (b.bound) {
    case "UNBOUNDED PRECEDING":
      return 0;
    case "CURRENT ROW":
      return 1;
    case "UNBOUNDED FOLLOWING":
      return 2;
    default:
      return -1;
  }
}

/**
 * An aggregate argument's value when it is a literal (Calcite's SqlCallBinding.isOperandLiteral:
 * a literal, a negative numeric literal; not ARRAY[...] nor other expressions), else undefined.
 */
export function literalArgument(a: CExpr): unknown {
  return a.literal ? a.fn([]) : undefined;
}
