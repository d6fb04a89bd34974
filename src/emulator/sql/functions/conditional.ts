/**
 * Conditional functions (Apache Flink docs, "System (Built-in) Functions > Conditional
 * Functions"): COALESCE, NULLIF, IF, IFNULL, GREATEST, LEAST, IS_ALPHA-free subset.
 * Arguments are brought to their least restrictive common type (Calcite's rule, e.g.
 * COALESCE(INT, DECIMAL(10, 2)) is DECIMAL(12, 2)); a missing common type fails validation.
 * COALESCE is NOT NULL when any argument is; GREATEST/LEAST return NULL when any argument is NULL.
 */
import type { LogicalType } from "../../../types/model.ts";
import { compileCast } from "./cast.ts";
import { lenient, strict } from "./define.ts";
import { commonType } from "./type-rules.ts";
import type { EvalContext, InternalValue, ScalarFunction } from "./types.ts";
import { arity, cannotApplyCall, validation, withNullable } from "./types.ts";
import { compareInternal, valuesEqual } from "./values.ts";

type Conv = (v: InternalValue, ctx: EvalContext) => InternalValue;

function same(a: LogicalType, b: LogicalType): boolean {
  return JSON.stringify({ ...a, nullable: true }) === JSON.stringify({ ...b, nullable: true });
}

/** Converter of values of type `from` into type `to` (identity when equal). */
export function coercer(from: LogicalType, to: LogicalType): Conv {
  if (from.type === "NULL" || same(from, to)) return (v) => v;
  const c = compileCast(from, to);
  return (v, ctx) => (v === null ? null : c(v, ctx));
}

function common(name: string, ts: readonly LogicalType[]): LogicalType {
  const c = commonType(ts);
  if (c === null) throw cannotApplyCall(name, ts, `'${name}(<EQUIVALENT_TYPE>, <EQUIVALENT_TYPE>, ...)'`);
  return c;
}

export const conditionalFunctions: ScalarFunction[] = [
  lenient({
    name: "COALESCE",
    infer(ts) {
      if (ts.length === 0) throw validation("Invalid number of arguments to function 'COALESCE'. Was expecting 1 or more arguments");
      const c = common("COALESCE", ts);
      return withNullable(c, ts.every((t) => t.nullable));
    },
    make(ts, rt) {
      const convs = ts.map((t) => coercer(t, rt));
      return (a, ctx) => {
        for (let i = 0; i < a.length; i++) if (a[i] !== null) return convs[i]!(a[i]!, ctx);
        return null;
      };
    },
  }),
  lenient({
    name: "IFNULL",
    infer(ts) {
      arity("IFNULL", ts, 2);
      const c = common("IFNULL", ts);
      return withNullable(c, ts[0]!.nullable && ts[1]!.nullable);
    },
    make(ts, rt) {
      const ca = coercer(ts[0]!, rt);
      const cb = coercer(ts[1]!, rt);
      return (a, ctx) => (a[0] !== null ? ca(a[0]!, ctx) : a[1] === null ? null : cb(a[1]!, ctx));
    },
  }),
  lenient({
    name: "NULLIF",
    infer(ts) {
      arity("NULLIF", ts, 2);
      common("NULLIF", ts);
      return withNullable(ts[0]!, true);
    },
    make(ts) {
      const c = common("NULLIF", ts);
      const ca = coercer(ts[0]!, c);
      const cb = coercer(ts[1]!, c);
      return (a, ctx) => {
        if (a[0] === null) return null;
        if (a[1] !== null && valuesEqual(ca(a[0]!, ctx)!, cb(a[1]!, ctx)!)) return null;
        return a[0]!;
      };
    },
  }),
  lenient({
    name: "IF",
    infer(ts) {
      arity("IF", ts, 3);
      if (ts[0]!.type !== "BOOLEAN" && ts[0]!.type !== "NULL") throw cannotApplyCall("IF", ts, "'IF(<BOOLEAN>, <ANY>, <ANY>)'");
      const c = common("IF", [ts[1]!, ts[2]!]);
      return withNullable(c, ts[1]!.nullable || ts[2]!.nullable);
    },
    make(ts, rt) {
      const ca = coercer(ts[1]!, rt);
      const cb = coercer(ts[2]!, rt);
      return (a, ctx) => (a[0] === true ? (a[1] === null ? null : ca(a[1]!, ctx)) : a[2] === null ? null : cb(a[2]!, ctx));
    },
  }),
  ...(["GREATEST", "LEAST"] as const).map((name) =>
    strict({
      name,
      infer(ts) {
        if (ts.length === 0) throw validation(`Invalid number of arguments to function '${name}'. Was expecting 1 or more arguments`);
        const c = common(name, ts);
        if (c.type === "MAP" || c.type === "MULTISET") throw cannotApplyCall(name, ts, `'${name}(<COMPARABLE_TYPE>, ...)'`);
        return c;
      },
      make(ts, rt) {
        const convs = ts.map((t) => coercer(t, rt));
        const sign = name === "GREATEST" ? 1 : -1;
        return (a, ctx) => {
          let best = convs[0]!(a[0]!, ctx)!;
          for (let i = 1; i < a.length; i++) {
            const v = convs[i]!(a[i]!, ctx)!;
            if (sign * compareInternal(v, best) > 0) best = v;
          }
          return best;
        };
      },
    }),
  ),
];
