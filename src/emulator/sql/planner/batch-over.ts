/**
 * Plans the window of a batch-mode OVER aggregate (runtime/batch-over.ts): the ORDER BY
 * comparator, the frame as signed bounds, and the numeric key RANGE offsets are measured on.
 * Validation follows Calcite's SqlWindow.validate and its messages (CalciteResource):
 * default frames, bound order, ROWS offsets as non-negative integers, RANGE offsets needing a
 * single numeric or timestamp ORDER BY key.
 */
import type { LogicalType } from "../../../types/model.ts";
import type { BatchOverFrame } from "../runtime/batch-over.ts";
import { compareValues, eventTimeMillis } from "../runtime/values.ts";
import type { Row } from "../runtime/values.ts";
import type * as ast from "../syntax/ast.ts";
import type { CExpr, ExprCompiler } from "./expr.ts";
import type { AggCallPlan } from "./plan.ts";
import { validationError } from "./scope.ts";
import { isNumeric, leastRestrictive, withNullable } from "./types.ts";

export interface BatchOverWindow {
  readonly compare: (a: Row, b: Row) => number;
  readonly rangeKey: ((row: Row) => number | null) | null;
  readonly descending: boolean;
  readonly frame: BatchOverFrame;
}

/** One compiled ORDER BY item of a window. */
export interface WindowOrderKey {
  readonly e: CExpr;
  readonly desc: boolean;
  readonly nulls: "FIRST" | "LAST" | null;
}

/**
 * Compares rows by a window's ORDER BY (0 for every pair when it is empty), with Flink's
 * default NULL placement: NULLS FIRST ascending, NULLS LAST descending.
 */
export function windowOrderComparator(order: readonly WindowOrderKey[]): (a: Row, b: Row) => number {
  return (a, b) => {
    for (const o of order) {
      const x = o.e.fn(a);
      const y = o.e.fn(b);
      const xn = x === null || x === undefined;
      const yn = y === null || y === undefined;
      if (xn || yn) {
        if (xn && yn) continue;
        const nullsFirst = o.nulls ? o.nulls === "FIRST" : !o.desc;
        return xn === nullsFirst ? -1 : 1;
      }
      const r = compareValues(x, y);
      if (r !== 0) return o.desc ? -r : r;
    }
    return 0;
  };
}

/**
 * @param c compiles the window's expressions over the input row.
 * @param constants compiles frame offsets, which must be constant.
 */
export function planBatchOverWindow(spec: ast.WindowSpec, c: ExprCompiler, constants: ExprCompiler): BatchOverWindow {
  const order = spec.orderBy.map((o) => ({ e: c.compile(o.expr), desc: o.direction === "DESC", nulls: o.nulls }));
  const compare = windowOrderComparator(order);

  const f = spec.frame;
  // SQL default: with ORDER BY, RANGE UNBOUNDED PRECEDING to CURRENT ROW; without, the partition.
  if (!f) return { compare, rangeKey: null, descending: false, frame: { unit: "RANGE", lower: -Infinity, upper: order.length > 0 ? 0 : Infinity } };
  if (f.lower.bound === "UNBOUNDED FOLLOWING") throw validationError(f.lower, "UNBOUNDED FOLLOWING cannot be specified for the lower frame boundary");
  if (f.upper?.bound === "UNBOUNDED PRECEDING") throw validationError(f.upper, "UNBOUNDED PRECEDING cannot be specified for the upper frame boundary");
  const lowerKind = f.lower.bound;
  const upperKind = f.upper?.bound ?? "CURRENT ROW";
  if (lowerKind === "CURRENT ROW" && upperKind === "PRECEDING") {
    throw validationError(f.upper, "Upper frame boundary cannot be PRECEDING when lower boundary is CURRENT ROW");
  }
  if (lowerKind === "FOLLOWING" && upperKind === "CURRENT ROW") {
    throw validationError(f.upper ?? f, "Upper frame boundary cannot be CURRENT ROW when lower boundary is FOLLOWING");
  }
  if (lowerKind === "FOLLOWING" && upperKind === "PRECEDING") {
    throw validationError(f.upper, "Upper frame boundary cannot be PRECEDING when lower boundary is FOLLOWING");
  }

  const hasOffset = (b: ast.FrameBound | null) => b !== null && (b.bound === "PRECEDING" || b.bound === "FOLLOWING");
  let rangeKey: ((row: Row) => number | null) | null = null;
  let keyType: LogicalType | null = null;
  if (f.unit === "RANGE" && (hasOffset(f.lower) || hasOffset(f.upper))) {
    if (order.length === 0) throw validationError(spec, "Window specification must contain an ORDER BY clause");
    if (order.length > 1) throw validationError(spec.orderBy[1]!, "RANGE clause cannot be used with compound ORDER BY clause");
    const key = order[0]!.e;
    keyType = key.type;
    rangeKey = numericKey(key, spec.orderBy[0]!);
  }
  const bound = (b: ast.FrameBound): number => {
    switch (b.bound) {
      case "UNBOUNDED PRECEDING":
        return -Infinity;
      case "UNBOUNDED FOLLOWING":
        return Infinity;
      case "CURRENT ROW":
        return 0;
      default: {
        const size = offsetValue(b, f.unit, keyType, constants);
        return b.bound === "PRECEDING" ? -size : size;
      }
    }
  };
  const lower = bound(f.lower);
  const upper = f.upper ? bound(f.upper) : 0;
  return { compare, rangeKey, descending: order[0]?.desc ?? false, frame: { unit: f.unit, lower, upper } };
}

/**
 * LAG(expr [, offset [, default]]) / LEAD(...) (Calcite SqlLeadLagAggFunction): the value of
 * `expr` `offset` rows (default 1) before / after the current row. The type is the least
 * restrictive of `expr` and `default`, nullable unless a NOT NULL default is given. No frame.
 */
export function planLeadLag(call: ast.FunctionCall, name: "LAG" | "LEAD", spec: ast.WindowSpec, c: ExprCompiler, constants: ExprCompiler): AggCallPlan {
  if (spec.frame) throw validationError(spec.frame, "ROW/RANGE not allowed with RANK, DENSE_RANK or ROW_NUMBER functions");
  if (call.args.length < 1 || call.args.length > 3 || call.star) {
    throw validationError(call, `Invalid number of arguments to function '${name}'. Was expecting 1 to 3 arguments`);
  }
  const value = c.compile(call.args[0]!);
  let by = 1;
  if (call.args.length >= 2) {
    const off = constants.compile(call.args[1]!);
    const n = toNumber(off.fn([]));
    if (!isNumeric(off.type) || n === null || !Number.isInteger(n)) {
      throw validationError(call.args[1]!, `The offset of ${name} must be a constant integer`);
    }
    by = n;
  }
  const fallback = call.args.length === 3 ? c.compile(call.args[2]!) : null;
  const types = fallback ? [value.type, fallback.type] : [value.type];
  const type = withNullable(leastRestrictive(types, name), fallback === null || fallback.type.nullable);
  // Both sides are converted to the result type (e.g. an INT column with a DECIMAL default).
  const valueFn = c.coerce(value, type).fn;
  const fallbackFn = fallback ? c.coerce(fallback, type).fn : null;
  return {
    name,
    type,
    create: () => {
      throw new Error(`${name} keeps no accumulator`);
    },
    args: [valueFn],
    offset: { by: name === "LAG" ? -by : by, fallback: fallbackFn },
  };
}

/**
 * CUME_DIST() / PERCENT_RANK() (Calcite SqlRankFunction, ReturnTypes.FRACTIONAL_RANK: DOUBLE
 * NOT NULL) and NTILE(n) (SqlNtileAggFunction, ReturnTypes.RANK: BIGINT NOT NULL, n a positive
 * integer literal). All need an ORDER BY and take no frame, as RANK does.
 */
export function planDistribution(call: ast.FunctionCall, name: "CUME_DIST" | "PERCENT_RANK" | "NTILE", spec: ast.WindowSpec): AggCallPlan {
  if (spec.frame) throw validationError(spec.frame, "ROW/RANGE not allowed with RANK, DENSE_RANK or ROW_NUMBER functions");
  const expected = name === "NTILE" ? 1 : 0;
  if (call.args.length !== expected || call.star) {
    throw validationError(call, `Invalid number of arguments to function '${name}'. Was expecting ${expected} arguments`);
  }
  if (spec.orderBy.length === 0) throw validationError(call, "RANK or DENSE_RANK functions require ORDER BY clause in window specification");
  let buckets = 0;
  if (name === "NTILE") {
    const a = call.args[0]!;
    const n = a.kind === "NumericLiteral" && !a.approximate && /^\d+$/.test(a.text) ? Number(a.text) : 0;
    if (!(n > 0) || !Number.isSafeInteger(n)) throw validationError(a, "Argument to function 'NTILE' must be a positive integer literal");
    buckets = n;
  }
  return {
    name,
    type: name === "NTILE" ? { type: "BIGINT", nullable: false } : { type: "DOUBLE", nullable: false },
    create: () => {
      throw new Error(`${name} keeps no accumulator`);
    },
    args: [],
    distribution: { kind: name, buckets },
  };
}

/** The ORDER BY key as a number: numeric types by value, timestamps in epoch milliseconds. */
function numericKey(key: CExpr, site: ast.NodeBase): (row: Row) => number | null {
  const t = key.type.type;
  if (t === "TIMESTAMP_WITHOUT_TIME_ZONE" || t === "TIMESTAMP_WITH_LOCAL_TIME_ZONE") return (row) => eventTimeMillis(key.fn(row));
  if (!isNumeric(key.type)) throw validationError(site, "Data Type mismatch between ORDER BY and RANGE clause");
  return (row) => toNumber(key.fn(row));
}

function offsetValue(b: ast.FrameBound, unit: "ROWS" | "RANGE", keyType: LogicalType | null, constants: ExprCompiler): number {
  const compiled = constants.compile(b.offset!);
  const v = compiled.fn([]);
  if (unit === "ROWS") {
    const n = toNumber(v);
    if (n === null || !Number.isInteger(n) || n < 0 || !isNumeric(compiled.type)) throw validationError(b.offset, "ROWS value must be a non-negative integral constant");
    return n;
  }
  const temporal = keyType !== null && keyType.type.startsWith("TIMESTAMP");
  if (temporal ? compiled.type.type !== "INTERVAL_DAY_TIME" : !isNumeric(compiled.type)) {
    throw validationError(b.offset, "Data Type mismatch between ORDER BY and RANGE clause");
  }
  const n = toNumber(v);
  if (n === null || n < 0) throw validationError(b.offset, "Window has negative size");
  return n;
}

/** number, bigint, or a Decimal ({ unscaled, scale }) as a double; null for NULL. */
function toNumber(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "object" && typeof (v as { unscaled?: unknown }).unscaled === "bigint") {
    const d = v as { unscaled: bigint; scale: number };
    return Number(d.unscaled) / 10 ** d.scale;
  }
  return null;
}
