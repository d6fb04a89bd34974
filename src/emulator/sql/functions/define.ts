/**
 * Small builders for registry entries so each function family states only its type rule and
 * its evaluation: `strict` functions return NULL when any argument is NULL and are nullable
 * when any argument type is (Flink's default for built-ins); `lenient` ones see NULLs.
 */
import type { LogicalType } from "../../../types/model.ts";
import type { EvalContext, InternalValue, ScalarFunction, ScalarImpl } from "./types.ts";
import { anyNullable, withNullable } from "./types.ts";

export interface StrictSpec {
  readonly name: string;
  /** Result type ignoring nullability (the builder ORs in the arguments' nullability). */
  infer(ts: readonly LogicalType[]): LogicalType;
  /** See ScalarFunction.inferTypeWithLiterals (nullability is added by the builder). */
  inferWithLiterals?(ts: readonly LogicalType[], literals: readonly (InternalValue | undefined)[]): LogicalType | null;
  /** Evaluation over non-null arguments. */
  make(ts: readonly LogicalType[], rt: LogicalType): (args: InternalValue[], ctx: EvalContext) => InternalValue;
  /** The result may be NULL even for non-null arguments (e.g. TRY-like functions). */
  readonly alwaysNullable?: boolean;
  readonly deterministic?: boolean;
}

export function strict(spec: StrictSpec): ScalarFunction {
  return {
    name: spec.name,
    ...(spec.deterministic === false ? { deterministic: false } : {}),
    inferType(ts) {
      const t = spec.infer(ts);
      return withNullable(t, spec.alwaysNullable === true || anyNullable(ts));
    },
    ...(spec.inferWithLiterals
      ? {
          inferTypeWithLiterals(ts: readonly LogicalType[], literals: readonly (InternalValue | undefined)[]) {
            const t = spec.inferWithLiterals!(ts, literals);
            return t === null ? null : withNullable(t, spec.alwaysNullable === true || anyNullable(ts));
          },
        }
      : {}),
    compile(ts, rt): ScalarImpl {
      const f = spec.make(ts, rt);
      switch (ts.length) {
        case 0:
          return f;
        case 1:
          return (a, ctx) => (a[0] === null ? null : f(a, ctx));
        case 2:
          return (a, ctx) => (a[0] === null || a[1] === null ? null : f(a, ctx));
        default:
          return (a, ctx) => {
            for (let i = 0; i < a.length; i++) if (a[i] === null) return null;
            return f(a, ctx);
          };
      }
    },
  };
}

export interface LenientSpec {
  readonly name: string;
  /** Full result type including nullability. */
  infer(ts: readonly LogicalType[]): LogicalType;
  /** `constantArgs`: see ScalarFunction.compile. */
  make(ts: readonly LogicalType[], rt: LogicalType, constantArgs?: readonly boolean[]): ScalarImpl;
  readonly deterministic?: boolean;
}

export function lenient(spec: LenientSpec): ScalarFunction {
  return {
    name: spec.name,
    ...(spec.deterministic === false ? { deterministic: false } : {}),
    inferType: (ts) => spec.infer(ts),
    compile: (ts, rt, constantArgs) => spec.make(ts, rt, constantArgs),
  };
}

/** Same function under another name. */
export function alias(name: string, f: ScalarFunction): ScalarFunction {
  return { ...f, name };
}
