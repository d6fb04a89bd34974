/**
 * Recognising an interval join (Flink docs, "Queries > Joins > Interval Joins"): a join
 * condition that bounds the time attribute of one input by the other's from both sides, e.g.
 * `o.t BETWEEN s.t - INTERVAL '4' HOUR AND s.t`, `l.t >= r.t AND l.t < r.t + INTERVAL '10'
 * MINUTE` or `l.t = r.t`, as Flink's IntervalJoinUtil extracts it. The bounds are expressed on
 * `d = right.t - left.t`; the conjuncts stay in the join condition, which decides each match
 * exactly, so the bounds only need to tell when a row can find no partner any more.
 */
import type * as ast from "../syntax/ast.ts";
import type { IntervalBounds } from "../runtime/interval-join.ts";

/** A side's time attribute plus a constant offset: `t`, `t + INTERVAL ...`, `t - INTERVAL ...`. */
export interface TimeOperand {
  readonly side: 0 | 1;
  /** Column index within its side's row. */
  readonly column: number;
  readonly offsetMs: number;
}

export interface IntervalCondition {
  readonly leftColumn: number;
  readonly rightColumn: number;
  readonly bounds: IntervalBounds;
}

type Comparison = "<" | "<=" | ">" | ">=" | "=";

/**
 * The interval of `conjuncts`, or null when they do not bound one pair of time attributes
 * from both sides. `column` resolves a plain column reference to its side and index when it is
 * a time attribute, else null.
 */
export function intervalCondition(conjuncts: readonly ast.Expr[], column: (e: ast.Expr) => Omit<TimeOperand, "offsetMs"> | null): IntervalCondition | null {
  const operand = (e: ast.Expr): TimeOperand | null => {
    if (e.kind === "Binary" && (e.op === "+" || e.op === "-") && e.right.kind === "IntervalLiteral" && e.right.type.type === "INTERVAL_DAY_TIME") {
      const base = operand(e.left);
      return base ? { ...base, offsetMs: base.offsetMs + (e.op === "+" ? e.right.value : -e.right.value) } : null;
    }
    const c = column(e);
    return c ? { ...c, offsetMs: 0 } : null;
  };
  let pair: { left: number; right: number } | null = null;
  let lower = -Infinity;
  let upper = Infinity;
  const bound = (x: ast.Expr, op: Comparison, y: ast.Expr): void => {
    const a = operand(x);
    const b = operand(y);
    if (!a || !b || a.side === b.side) return;
    // Normalise to `left + l op right + r`.
    const [l, r, cmp] = a.side === 0 ? [a, b, op] : [b, a, mirror(op)];
    if (pair && (pair.left !== l.column || pair.right !== r.column)) return;
    pair = { left: l.column, right: r.column };
    // left + lo op right + ro  <=>  d = right - left  op'  lo - ro
    const k = l.offsetMs - r.offsetMs;
    if (cmp === "<" || cmp === "<=" || cmp === "=") lower = Math.max(lower, k);
    if (cmp === ">" || cmp === ">=" || cmp === "=") upper = Math.min(upper, k);
  };
  for (const cj of conjuncts) {
    if (cj.kind === "Binary" && (cj.op === "<" || cj.op === "<=" || cj.op === ">" || cj.op === ">=" || cj.op === "=")) bound(cj.left, cj.op, cj.right);
    else if (cj.kind === "Between" && !cj.negated && !cj.symmetric) {
      bound(cj.operand, ">=", cj.low);
      bound(cj.operand, "<=", cj.high);
    }
  }
  if (!pair || lower === -Infinity || upper === Infinity || lower > upper) return null;
  const p: { left: number; right: number } = pair;
  return { leftColumn: p.left, rightColumn: p.right, bounds: { lower, upper } };
}

function mirror(op: Comparison): Comparison {
  switch (op) {
    case "<":
      return ">";
    case "<=":
      return ">=";
    case ">":
      return "<";
    case ">=":
      return "<=";
    case "=":
      return "=";
  }
}
