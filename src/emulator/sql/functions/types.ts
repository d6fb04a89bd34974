/**
 * The functions registry's public shapes (the planner codes against these; see
 * /work/team/contracts.md "engine contract") and small LogicalType helpers shared by every
 * function family: constructors, nullability, Calcite-style type names for validation
 * messages, and the runtime error thrown for failures while evaluating (Flink fails the job).
 */
import { EngineError } from "../../engine.ts";
import { formatType } from "../../../types/format-type.ts";
import { MAX_LENGTH } from "../../../types/model.ts";
import type { LogicalType } from "../../../types/model.ts";
import type { InternalValue } from "../../../types/wire.ts";

export type { InternalValue };

/** What a scalar function sees of the running statement. */
export interface EvalContext {
  /** Statement time in epoch milliseconds (the emulator's clock). */
  now(): number;
  /** The statement's `sql.local-time-zone`. */
  localTimeZone: string;
  /** Seeded random in [0, 1). */
  random(): number;
  /**
   * The current watermark (epoch ms) of the operator evaluating the call, or null before the
   * first one; only set where CURRENT_WATERMARK may be evaluated (planner/watermark.ts).
   */
  watermark?(): number | null;
  /**
   * The statement's `sql.current-database` (what USE / the workspace's database selector sets),
   * for CURRENT_DATABASE(); undefined when the statement names none.
   */
  readonly currentDatabase?: string | undefined;
}

export type ScalarImpl = (args: InternalValue[], ctx: EvalContext) => InternalValue;

export interface ScalarFunction {
  readonly name: string;
  /** Result type for the argument types; throws EngineError with a Flink-like message. */
  inferType(argTypes: readonly LogicalType[]): LogicalType;
  /**
   * `constantArgs[i]` (when the caller knows it) tells whether argument i is the same for every
   * row (a literal or a constant expression, which Flink's planner reduces to a literal before
   * code generation): RAND(seed) keeps one generator for a constant seed and seeds a new one per
   * row otherwise. Omitted: treat every argument as constant.
   */
  compile(argTypes: readonly LogicalType[], returnType: LogicalType, constantArgs?: readonly boolean[]): ScalarImpl;
  /**
   * Optional refinement of inferType when some arguments are constants (`literals[i]` is the
   * value of argument i when it is constant, else undefined). Flink derives some result types
   * from literal arguments: ROUND(DECIMAL(p, s), 2), JSON_VALUE ... RETURNING. Callers that
   * have constants should call this first and fall back to inferType when it returns
   * undefined/null; both must be consistent for the same inputs.
   */
  inferTypeWithLiterals?(argTypes: readonly LogicalType[], literals: readonly (InternalValue | undefined)[]): LogicalType | null;
  /** false for RAND, NOW-like functions that must not be constant-folded. */
  readonly deterministic?: boolean;
}

export interface Accumulator {
  /** `args` is only valid during the call (the group aggregate reuses it for the next row): keep values, not the array. */
  add(args: InternalValue[]): void;
  retract(args: InternalValue[]): void;
  value(): InternalValue;
  /** No rows are accumulated (count of adds minus retracts is zero). */
  readonly empty: boolean;
}

/**
 * Where an aggregate call stands, as Calcite's SqlOperatorBinding tells its return-type
 * inference: `emptyGroup` is `getGroupCount() == 0` (no GROUP BY or `GROUP BY ()`, or an OVER
 * window that may be empty: SqlOverOperator passes 1 only when SqlWindow.isAlwaysNonEmpty()),
 * `filter` is `hasFilter()` (a FILTER clause; SqlFilterOperator also reports group count 0).
 */
export interface AggregateCallContext {
  readonly emptyGroup: boolean;
  readonly filter: boolean;
  /**
   * `literals[i]`: argument i's value when it is a literal (Calcite's isOperandLiteral), else
   * undefined; for functions that validate literal arguments (PERCENTILE's percentage).
   */
  readonly literals?: readonly unknown[];
}

/** The context assumed when a caller gives none: the call may see no rows. */
export const UNKNOWN_AGGREGATE_CONTEXT: AggregateCallContext = { emptyGroup: true, filter: false };

/** Whether the call may be evaluated over no (non-filtered) rows, so "null if empty" rules apply. */
export function mayBeEmpty(ctx: AggregateCallContext): boolean {
  return ctx.emptyGroup || ctx.filter;
}

export interface AggregateFunction {
  readonly name: string;
  /**
   * Result type. `context` (default UNKNOWN_AGGREGATE_CONTEXT) decides the nullability of the
   * functions Calcite types "nullable if empty" (SUM, AVG, MIN, MAX, FIRST_VALUE, ...).
   */
  inferType(argTypes: readonly LogicalType[], distinct: boolean, context?: AggregateCallContext): LogicalType;
  create(argTypes: readonly LogicalType[], returnType: LogicalType, distinct: boolean): Accumulator;
}

/** A failure while evaluating (Flink fails the running job); the message is Flink-like. */
export class SqlRuntimeError extends EngineError {
  constructor(message: string, exceptionName = "org.apache.flink.table.api.TableRuntimeException") {
    super(message, exceptionName);
  }
}

/** A validation failure (bad argument types, unsupported cast). */
export function validation(message: string): EngineError {
  return new EngineError(message);
}

// ---------------------------------------------------------------------------------------------
// Type constructors

export const T = {
  boolean: (nullable = true): LogicalType => ({ type: "BOOLEAN", nullable }),
  tinyint: (nullable = true): LogicalType => ({ type: "TINYINT", nullable }),
  smallint: (nullable = true): LogicalType => ({ type: "SMALLINT", nullable }),
  int: (nullable = true): LogicalType => ({ type: "INTEGER", nullable }),
  bigint: (nullable = true): LogicalType => ({ type: "BIGINT", nullable }),
  float: (nullable = true): LogicalType => ({ type: "FLOAT", nullable }),
  double: (nullable = true): LogicalType => ({ type: "DOUBLE", nullable }),
  string: (nullable = true): LogicalType => ({ type: "VARCHAR", length: MAX_LENGTH, nullable }),
  varchar: (length: number, nullable = true): LogicalType => ({ type: "VARCHAR", length, nullable }),
  char: (length: number, nullable = true): LogicalType => ({ type: "CHAR", length, nullable }),
  bytes: (nullable = true): LogicalType => ({ type: "VARBINARY", length: MAX_LENGTH, nullable }),
  decimal: (precision: number, scale: number, nullable = true): LogicalType => ({ type: "DECIMAL", precision, scale, nullable }),
  date: (nullable = true): LogicalType => ({ type: "DATE", nullable }),
  time: (precision = 0, nullable = true): LogicalType => ({ type: "TIME_WITHOUT_TIME_ZONE", precision, nullable }),
  timestamp: (precision = 6, nullable = true): LogicalType => ({ type: "TIMESTAMP_WITHOUT_TIME_ZONE", precision, nullable }),
  timestampLtz: (precision = 6, nullable = true): LogicalType => ({ type: "TIMESTAMP_WITH_LOCAL_TIME_ZONE", precision, nullable }),
  array: (elementType: LogicalType, nullable = true): LogicalType => ({ type: "ARRAY", elementType, nullable }),
  multiset: (elementType: LogicalType, nullable = true): LogicalType => ({ type: "MULTISET", elementType, nullable }),
  map: (keyType: LogicalType, valueType: LogicalType, nullable = true): LogicalType => ({ type: "MAP", keyType, valueType, nullable }),
  null: (): LogicalType => ({ type: "NULL", nullable: true }),
};

export function withNullable(t: LogicalType, nullable: boolean): LogicalType {
  return t.nullable === nullable ? t : ({ ...t, nullable } as LogicalType);
}

export function anyNullable(ts: readonly LogicalType[]): boolean {
  return ts.some((t) => t.nullable);
}

export type Family = "numeric" | "integer" | "exact" | "approx" | "string" | "binary" | "boolean" | "date" | "time" | "timestamp" | "ltz" | "interval";

export const INTEGER_TYPES = ["TINYINT", "SMALLINT", "INTEGER", "BIGINT"] as const;

export function isInteger(t: LogicalType): boolean {
  return t.type === "TINYINT" || t.type === "SMALLINT" || t.type === "INTEGER" || t.type === "BIGINT";
}
export function isApprox(t: LogicalType): boolean {
  return t.type === "FLOAT" || t.type === "DOUBLE";
}
export function isNumeric(t: LogicalType): boolean {
  return isInteger(t) || isApprox(t) || t.type === "DECIMAL";
}
export function isCharacter(t: LogicalType): t is Extract<LogicalType, { type: "CHAR" | "VARCHAR" }> {
  return t.type === "CHAR" || t.type === "VARCHAR";
}
export function isBinary(t: LogicalType): t is Extract<LogicalType, { type: "BINARY" | "VARBINARY" }> {
  return t.type === "BINARY" || t.type === "VARBINARY";
}
export function isTimestampType(t: LogicalType): t is Extract<LogicalType, { type: "TIMESTAMP_WITHOUT_TIME_ZONE" | "TIMESTAMP_WITH_LOCAL_TIME_ZONE" }> {
  return t.type === "TIMESTAMP_WITHOUT_TIME_ZONE" || t.type === "TIMESTAMP_WITH_LOCAL_TIME_ZONE";
}
export function isDatetime(t: LogicalType): boolean {
  return t.type === "DATE" || t.type === "TIME_WITHOUT_TIME_ZONE" || isTimestampType(t);
}
export function isInterval(t: LogicalType): boolean {
  return t.type === "INTERVAL_DAY_TIME" || t.type === "INTERVAL_YEAR_MONTH";
}
export function isNull(t: LogicalType): boolean {
  return t.type === "NULL";
}

/** Digits of the integer types when they meet a DECIMAL (Flink: INT is DECIMAL(10, 0)). */
export function integerDigits(t: LogicalType): number {
  switch (t.type) {
    case "TINYINT":
      return 3;
    case "SMALLINT":
      return 5;
    case "INTEGER":
      return 10;
    case "BIGINT":
      return 19;
    default:
      return 0;
  }
}

/** DECIMAL view of an exact numeric type. */
export function asDecimalType(t: LogicalType): { precision: number; scale: number } {
  if (t.type === "DECIMAL") return { precision: t.precision, scale: t.scale };
  return { precision: integerDigits(t), scale: 0 };
}

/**
 * Calcite's spelling of a type in validation messages (`INTEGER`, `VARCHAR(2147483647)`,
 * `CHAR(3)`, `DECIMAL(10, 2)`, `TIMESTAMP(3)`, `TIMESTAMP_WITH_LOCAL_TIME_ZONE(3)`), as in
 * "Cannot apply '=' to arguments of type '<INTEGER> = <BOOLEAN>'". Calcite's operand-type
 * messages omit NOT NULL (a literal 1 is INTEGER NOT NULL but shows as <INTEGER>); CAST's
 * "cannot convert" message includes it (`withNullability`).
 */
export function calciteName(t: LogicalType, withNullability = false): string {
  const nn = t.nullable || !withNullability ? "" : " NOT NULL";
  switch (t.type) {
    case "CHAR":
    case "VARCHAR":
    case "BINARY":
    case "VARBINARY":
      return `${t.type}(${t.length})${nn}`;
    case "DECIMAL":
      return `DECIMAL(${t.precision}, ${t.scale})${nn}`;
    case "FLOAT":
      return "FLOAT" + nn;
    case "TIME_WITHOUT_TIME_ZONE":
      return `TIME(${t.precision})${nn}`;
    case "TIMESTAMP_WITHOUT_TIME_ZONE":
      return `TIMESTAMP(${t.precision})${nn}`;
    case "TIMESTAMP_WITH_LOCAL_TIME_ZONE":
      return `TIMESTAMP_WITH_LOCAL_TIME_ZONE(${t.precision})${nn}`;
    case "TIMESTAMP_WITH_TIME_ZONE":
      return `TIMESTAMP_WITH_TIME_ZONE(${t.precision})${nn}`;
    case "INTERVAL_YEAR_MONTH":
    case "INTERVAL_DAY_TIME":
      return `INTERVAL ${t.resolution.replace(/_/g, " ")}${nn}`;
    case "ARRAY":
      return `${calciteName(t.elementType, withNullability)} ARRAY${nn}`;
    case "MULTISET":
      return `${calciteName(t.elementType, withNullability)} MULTISET${nn}`;
    case "MAP":
      return `(${calciteName(t.keyType, withNullability)}, ${calciteName(t.valueType, withNullability)}) MAP${nn}`;
    case "ROW":
      return `RecordType(${t.fields.map((f) => `${calciteName(f.type, withNullability)} ${f.name}`).join(", ")})${nn}`;
    case "STRUCTURED_TYPE":
      return t.className + nn;
    default:
      return t.type + nn;
  }
}

/** Flink's LogicalType#toString spelling (`INT NOT NULL`, `VARCHAR(2147483647)`, `CHAR(1)`). */
export function flinkName(t: LogicalType): string {
  return formatType(t).replace(/\bSTRING\b/g, `VARCHAR(${MAX_LENGTH})`).replace(/\bBYTES\b/g, `VARBINARY(${MAX_LENGTH})`);
}

/** "Cannot apply 'op' to arguments of type '<A> op <B>'. Supported form(s): ..." (Calcite). */
export function cannotApplyBinary(op: string, a: LogicalType, b: LogicalType, supported: string): EngineError {
  return validation(`Cannot apply '${op}' to arguments of type '<${calciteName(a)}> ${op} <${calciteName(b)}>'. Supported form(s): ${supported}`);
}

/** "Cannot apply 'F' to arguments of type 'F(<A>, <B>)'. Supported form(s): ..." (Calcite). */
export function cannotApplyCall(name: string, ts: readonly LogicalType[], supported: string): EngineError {
  return validation(`Cannot apply '${name}' to arguments of type '${name}(${ts.map((t) => `<${calciteName(t)}>`).join(", ")})'. Supported form(s): ${supported}`);
}

/** Exact argument count or a Calcite-like "Invalid number of arguments" error. */
export function arity(name: string, ts: readonly LogicalType[], min: number, max = min): void {
  if (ts.length < min || ts.length > max) {
    throw validation(`Invalid number of arguments to function '${name}'. Was expecting ${min === max ? min : `${min} to ${max}`} arguments`);
  }
}

export { MAX_LENGTH };
