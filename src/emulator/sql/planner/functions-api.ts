/**
 * What the planner needs from the functions registry (src/emulator/sql/functions/registry.ts,
 * owned by the functions helper), as an interface so planning code does not depend on how the
 * registry is organised. `./functions-binding.ts` adapts the registry to it.
 */
import type { LogicalType } from "../../../types/model.ts";
import type { AccumulatorLike } from "../runtime/aggregate.ts";

export interface EvalContextLike {
  now(): number;
  localTimeZone: string;
  random(): number;
  /** The evaluating operator's current watermark (epoch ms), null before the first (CURRENT_WATERMARK). */
  watermark?(): number | null;
  /** The statement's `sql.current-database` (CURRENT_DATABASE()), undefined when unset. */
  readonly currentDatabase?: string | undefined;
}

export type ScalarImpl = (args: unknown[], ctx: EvalContextLike) => unknown;

export interface ScalarFunctionLike {
  readonly name: string;
  inferType(argTypes: readonly LogicalType[]): LogicalType;
  /**
   * The result type when it depends on literal arguments (ROUND(DECIMAL, 2), TIMESTAMPADD(HOUR,
   * n, DATE)): `literals[i]` is argument i's value when it is a literal, else undefined. Null
   * means "no refinement": the caller uses inferType.
   */
  inferTypeWithLiterals?(argTypes: readonly LogicalType[], literals: readonly unknown[]): LogicalType | null;
  /** `constantArgs[i]`: argument i is row-independent (a literal or constant expression); see the registry's ScalarFunction. */
  compile(argTypes: readonly LogicalType[], returnType: LogicalType, constantArgs?: readonly boolean[]): ScalarImpl;
  readonly deterministic?: boolean;
}

export interface AggregateFunctionLike {
  readonly name: string;
  /**
   * `context`: the call may see an empty group (no GROUP BY, an OVER window that can be empty)
   * and/or has a FILTER clause, as Calcite's SqlOperatorBinding getGroupCount()/hasFilter();
   * omitted means "may be empty". `literals[i]` is argument i's value when it is a literal
   * (undefined otherwise), for functions that validate literal arguments.
   */
  inferType(
    argTypes: readonly LogicalType[],
    distinct: boolean,
    context?: { readonly emptyGroup: boolean; readonly filter: boolean; readonly literals?: readonly unknown[] },
  ): LogicalType;
  create(argTypes: readonly LogicalType[], returnType: LogicalType, distinct: boolean): AccumulatorLike;
}

export interface FunctionsApi {
  lookupScalar(name: string): ScalarFunctionLike | undefined;
  lookupAggregate(name: string): AggregateFunctionLike | undefined;
  /** CAST (tryCast false: throws on failure) and TRY_CAST; throws EngineError when the cast is not allowed at all. */
  cast(from: LogicalType, to: LogicalType, tryCast: boolean): (v: unknown, ctx: EvalContextLike) => unknown;
  /** Names for SHOW FUNCTIONS. */
  listFunctions(): string[];
}
