/**
 * The functions registry the planner codes against (contracts.md "engine contract"): scalar
 * functions and operators by SQL name, aggregate functions by name, and CAST/TRY_CAST.
 * Each family lives in its own module; this one only indexes them.
 *
 * Conventions the planner relies on:
 * - Operators are registered under their SQL spelling: "+", "-", "*", "/", "%", "=", "<>", "<",
 *   "<=", ">", ">=", "AND", "OR", "NOT", "IS [NOT] NULL|TRUE|FALSE|UNKNOWN", "LIKE",
 *   "SIMILAR TO", "||", "NEG" (unary minus), "POS", "IS [NOT] DISTINCT FROM", "IS JSON".
 * - Syntax-specific forms take their keywords as leading/trailing constant strings:
 *   EXTRACT(unit, x), TRIM(side, chars, x), FLOOR/CEIL(x, unit), TIMESTAMPADD(unit, n, x),
 *   TIMESTAMPDIFF(unit, a, b), JSON_OBJECT(onNull, k1, v1, ...), JSON_ARRAY(onNull, ...) (onNull
 *   'NULL' / 'ABSENT', optionally followed by " RAW i j" naming the arguments that are nested
 *   JSON_OBJECT / JSON_ARRAY calls, inserted as JSON),
 *   "IS JSON"(x, kind), JSON_VALUE / JSON_QUERY / JSON_EXISTS (see json-path-functions.ts); constructors "ARRAY",
 *   "MAP"(k1, v1, ...) and element access "ITEM"(target, index).
 * - JSON_OBJECTAGG / JSON_ARRAYAGG are the aggregates JSON_OBJECTAGG_{NULL,ABSENT}_ON_NULL(key,
 *   value [, 'RAW']) and JSON_ARRAYAGG_{NULL,ABSENT}_ON_NULL(value [, 'RAW']), as in Flink's
 *   operator table (see json-aggregates.ts).
 * - A few result types depend on literal arguments (ROUND(DECIMAL, r), TIMESTAMPADD(HOUR, n,
 *   DATE), JSON_VALUE ... RETURNING): call `inferTypeWithLiterals` first when it exists.
 * - inferType throws EngineError (validation, Calcite/Flink-like message); compiled functions
 *   throw SqlRuntimeError (an EngineError whose exceptionName is the Java exception) at run time.
 *
 * @example
 * ```ts
 * const plus = lookupScalar("+")!;
 * const rt = plus.inferType([T.int(false), T.decimal(10, 2, false)]); // DECIMAL(13, 2) NOT NULL
 * plus.compile([T.int(false), T.decimal(10, 2, false)], rt)([1, Decimal.parse("2.50")], ctx); // 3.50
 * ```
 */
import type { LogicalType } from "../../../types/model.ts";
import { castFunction } from "./cast.ts";
import type { CastImpl } from "./cast.ts";
import { aggregateFunctions } from "./aggregates.ts";
import { operators } from "./operators.ts";
import { collectionFunctions } from "./collections.ts";
import { collectionSetFunctions } from "./collections-sets.ts";
import { conditionalFunctions } from "./conditional.ts";
import { hashFunctions } from "./hash.ts";
import { jsonFunctions } from "./json.ts";
import { jsonPathFunctions } from "./json-path-functions.ts";
import { jsonAggregateFunctions } from "./json-aggregates.ts";
import { percentileFunctions } from "./percentile.ts";
import { jsonTextFunctions } from "./json-text.ts";
import { numericFunctions } from "./numeric.ts";
import { sessionFunctions } from "./session.ts";
import { printfFunctions } from "./strings-printf.ts";
import { stringFunctions } from "./strings.ts";
import { moreStringFunctions } from "./strings-extra.ts";
import { charsetStringFunctions } from "./strings-charset.ts";
import { regexpStringFunctions } from "./strings-regexp.ts";
import { temporalFunctions } from "./temporal.ts";
import { watermarkFunctions } from "./watermarks.ts";
import type { AggregateFunction, ScalarFunction } from "./types.ts";

export type { Accumulator, AggregateFunction, EvalContext, InternalValue, ScalarFunction, ScalarImpl } from "./types.ts";
export { castFunction, canCast } from "./cast.ts";
export type { CastImpl } from "./cast.ts";
export { SqlRuntimeError } from "./types.ts";

const scalars = new Map<string, ScalarFunction>();
const aggregates = new Map<string, AggregateFunction>();

function registerScalars(list: readonly ScalarFunction[]): void {
  for (const f of list) scalars.set(f.name.toUpperCase(), f);
}
function registerAggregates(list: readonly AggregateFunction[]): void {
  for (const f of list) aggregates.set(f.name.toUpperCase(), f);
}

registerScalars(operators);
registerScalars(stringFunctions);
registerScalars(moreStringFunctions);
registerScalars(regexpStringFunctions);
registerScalars(charsetStringFunctions);
registerScalars(numericFunctions);
registerScalars(temporalFunctions);
registerScalars(watermarkFunctions);
registerScalars(conditionalFunctions);
registerScalars(collectionFunctions);
registerScalars(collectionSetFunctions);
registerScalars(jsonFunctions);
registerScalars(jsonPathFunctions);
registerScalars(jsonTextFunctions);
registerScalars(hashFunctions);
registerScalars(sessionFunctions);
registerScalars(printfFunctions);
registerAggregates(aggregateFunctions);
registerAggregates(jsonAggregateFunctions);
registerAggregates(percentileFunctions);

/**
 * A scalar function or operator by name (case-insensitive), e.g. "+", "=", "UPPER", "IS NULL".
 *
 * @example
 * ```ts
 * const upper = lookupScalar("upper")!;
 * upper.compile([T.string()], upper.inferType([T.string()]))(["abc"], ctx); // "ABC"
 * ```
 * @returns undefined for an unknown name (the planner reports "No match found for function signature").
 */
export function lookupScalar(name: string): ScalarFunction | undefined {
  return scalars.get(name.toUpperCase());
}

/**
 * An aggregate function by name (case-insensitive), e.g. "COUNT", "SUM", "LISTAGG".
 *
 * @example
 * ```ts
 * const sum = lookupAggregate("SUM")!;
 * const acc = sum.create([T.int()], sum.inferType([T.int()], false), false);
 * acc.add([2]); acc.add([3]); acc.retract([2]); acc.value(); // 3
 * ```
 * @returns undefined for an unknown name; inferType throws EngineError for bad argument types.
 */
export function lookupAggregate(name: string): AggregateFunction | undefined {
  return aggregates.get(name.toUpperCase());
}

/**
 * CAST (tryCast false) / TRY_CAST conversion of one non-null value.
 *
 * @example
 * ```ts
 * cast(T.string(), T.int(), true)("x", ctx); // null (TRY_CAST)
 * cast(T.string(), T.int(), false)("x", ctx); // throws SqlRuntimeError (NumberFormatException)
 * ```
 * @throws EngineError (validation) when Flink does not allow the cast at all.
 */
export function cast(from: LogicalType, to: LogicalType, tryCast: boolean): CastImpl {
  return castFunction(from, to, tryCast);
}

/** Registry names of operators and syntax forms that are not user-callable functions. */
const INTERNAL_NAMES = new Set(["NEG", "POS", "ITEM", "ARRAY", "MAP"]);

/** Function names for SHOW FUNCTIONS (operators excluded), sorted. */
export function listFunctions(): string[] {
  const names = new Set<string>();
  for (const n of scalars.keys()) if (/^[A-Z_][A-Z0-9_]*$/.test(n) && !INTERNAL_NAMES.has(n)) names.add(n);
  for (const n of aggregates.keys()) if (/^[A-Z_][A-Z0-9_]*$/.test(n)) names.add(n);
  return [...names].sort();
}

/** The registry as one object (the planner's FunctionsApi shape). */
export const registry = { lookupScalar, lookupAggregate, cast, listFunctions };
