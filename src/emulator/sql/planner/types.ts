/**
 * Small LogicalType helpers for the planner: constructors, nullability, Flink type names for
 * messages and the least-restrictive common type used by UNION, VALUES and CASE.
 */
import { EngineError } from "../../engine.ts";
import { MAX_LENGTH } from "../../../types/model.ts";
import type { LogicalType, TemporalType } from "../../../types/model.ts";
import { TABLE_EXCEPTION } from "../syntax/errors.ts";

export const T = {
  boolean: (nullable = true): LogicalType => ({ type: "BOOLEAN", nullable }),
  int: (nullable = true): LogicalType => ({ type: "INTEGER", nullable }),
  bigint: (nullable = true): LogicalType => ({ type: "BIGINT", nullable }),
  double: (nullable = true): LogicalType => ({ type: "DOUBLE", nullable }),
  string: (nullable = true): LogicalType => ({ type: "VARCHAR", length: MAX_LENGTH, nullable }),
  varchar: (length: number, nullable = true): LogicalType => ({ type: "VARCHAR", length, nullable }),
  char: (length: number, nullable = true): LogicalType => ({ type: "CHAR", length, nullable }),
  decimal: (precision: number, scale: number, nullable = true): LogicalType => ({ type: "DECIMAL", precision, scale, nullable }),
  timestamp: (precision: number, nullable = true): LogicalType => ({ type: "TIMESTAMP_WITHOUT_TIME_ZONE", precision, nullable }),
  timestampLtz: (precision: number, nullable = true): LogicalType => ({ type: "TIMESTAMP_WITH_LOCAL_TIME_ZONE", precision, nullable }),
  null: (): LogicalType => ({ type: "NULL", nullable: true }),
};

export function withNullable(t: LogicalType, nullable: boolean): LogicalType {
  return t.nullable === nullable ? t : ({ ...t, nullable } as LogicalType);
}

export function isNumeric(t: LogicalType): boolean {
  return ["TINYINT", "SMALLINT", "INTEGER", "BIGINT", "FLOAT", "DOUBLE", "DECIMAL"].includes(t.type);
}
export function isString(t: LogicalType): t is Extract<LogicalType, { type: "CHAR" | "VARCHAR" }> {
  return t.type === "CHAR" || t.type === "VARCHAR";
}
export function isTimestamp(t: LogicalType): t is TemporalType {
  return t.type === "TIMESTAMP_WITHOUT_TIME_ZONE" || t.type === "TIMESTAMP_WITH_LOCAL_TIME_ZONE";
}

/** Flink SQL spelling of a type (for messages and DESCRIBE). */
export function typeName(t: LogicalType, withNull = true): string {
  const nn = withNull && !t.nullable ? " NOT NULL" : "";
  switch (t.type) {
    case "CHAR":
      return `CHAR(${t.length})${nn}`;
    case "VARCHAR":
      return (t.length === MAX_LENGTH ? "STRING" : `VARCHAR(${t.length})`) + nn;
    case "BINARY":
      return `BINARY(${t.length})${nn}`;
    case "VARBINARY":
      return (t.length === MAX_LENGTH ? "BYTES" : `VARBINARY(${t.length})`) + nn;
    case "INTEGER":
      return "INT" + nn;
    case "DECIMAL":
      return `DECIMAL(${t.precision}, ${t.scale})${nn}`;
    case "TIME_WITHOUT_TIME_ZONE":
      return `TIME(${t.precision})${nn}`;
    case "TIMESTAMP_WITHOUT_TIME_ZONE":
      return `TIMESTAMP(${t.precision})${nn}`;
    case "TIMESTAMP_WITH_LOCAL_TIME_ZONE":
      return `TIMESTAMP_LTZ(${t.precision})${nn}`;
    case "TIMESTAMP_WITH_TIME_ZONE":
      return `TIMESTAMP(${t.precision}) WITH TIME ZONE${nn}`;
    case "INTERVAL_YEAR_MONTH":
      return `INTERVAL ${t.resolution.replace(/_/g, " ")}${nn}`;
    case "INTERVAL_DAY_TIME":
      return `INTERVAL ${t.resolution.replace(/_/g, " ")}${nn}`;
    case "ARRAY":
      return `ARRAY<${typeName(t.elementType)}>${nn}`;
    case "MULTISET":
      return `MULTISET<${typeName(t.elementType)}>${nn}`;
    case "MAP":
      return `MAP<${typeName(t.keyType)}, ${typeName(t.valueType)}>${nn}`;
    case "ROW":
      return `ROW<${t.fields.map((f) => `\`${f.name}\` ${typeName(f.type)}`).join(", ")}>${nn}`;
    case "STRUCTURED_TYPE":
      return `${t.className}${nn}`;
    default:
      return t.type + nn;
  }
}

const NUM_RANK: Record<string, number> = { TINYINT: 1, SMALLINT: 2, INTEGER: 3, BIGINT: 4, DECIMAL: 5, FLOAT: 6, DOUBLE: 7 };
const INT_DIGITS: Record<string, number> = { TINYINT: 3, SMALLINT: 5, INTEGER: 10, BIGINT: 19 };

function sameShape(a: LogicalType, b: LogicalType): boolean {
  return JSON.stringify(withNullable(a, true)) === JSON.stringify(withNullable(b, true));
}

/**
 * Calcite's leastRestrictive for the cases queries meet: equal types, NULL, numeric widening,
 * CHAR/VARCHAR lengths (CHAR + CHAR of different lengths is VARCHAR(max), as in Flink), timestamps
 * by precision. Throws EngineError when there is none.
 */
export function leastRestrictive(types: readonly LogicalType[], what = "set operation"): LogicalType {
  let acc: LogicalType | null = null;
  let nullable = false;
  for (const t of types) {
    nullable ||= t.nullable;
    if (t.type === "NULL") continue;
    if (acc === null) {
      acc = t;
      continue;
    }
    acc = pair(acc, t, what);
  }
  if (acc === null) return T.null();
  return withNullable(acc, nullable);
}

function pair(a: LogicalType, b: LogicalType, what: string): LogicalType {
  if (sameShape(a, b)) return a;
  if (isString(a) && isString(b)) {
    const len = Math.max(a.length, b.length);
    // Flink's conformance converts ragged CHAR unions to VARCHAR (no blank padding):
    // FlinkSqlConformance.shouldConvertRaggedUnionTypesToVarying() is true.
    if (a.type === "CHAR" && b.type === "CHAR" && a.length === b.length) return T.char(len);
    return T.varchar(a.type === "VARCHAR" && a.length === MAX_LENGTH ? MAX_LENGTH : b.type === "VARCHAR" && b.length === MAX_LENGTH ? MAX_LENGTH : len);
  }
  if ((a.type === "BINARY" || a.type === "VARBINARY") && (b.type === "BINARY" || b.type === "VARBINARY")) {
    const len = Math.max(a.length, b.length);
    return { type: a.type === "BINARY" && b.type === "BINARY" ? "BINARY" : "VARBINARY", length: len, nullable: true };
  }
  if (isNumeric(a) && isNumeric(b)) {
    const ra = NUM_RANK[a.type]!;
    const rb = NUM_RANK[b.type]!;
    if (a.type === "DOUBLE" || b.type === "DOUBLE") return T.double();
    if (a.type === "FLOAT" || b.type === "FLOAT") return { type: "FLOAT", nullable: true };
    if (a.type === "DECIMAL" || b.type === "DECIMAL") {
      const da = a.type === "DECIMAL" ? a : { precision: INT_DIGITS[a.type]!, scale: 0 };
      const db = b.type === "DECIMAL" ? b : { precision: INT_DIGITS[b.type]!, scale: 0 };
      const scale = Math.max(da.scale, db.scale);
      const intDigits = Math.max(da.precision - da.scale, db.precision - db.scale);
      return T.decimal(Math.min(38, intDigits + scale), scale);
    }
    return ra >= rb ? a : b;
  }
  if (isTimestamp(a) && isTimestamp(b) && a.type === b.type) {
    return { type: a.type, precision: Math.max(a.precision, (b as { precision: number }).precision), nullable: true };
  }
  if (a.type === "TIME_WITHOUT_TIME_ZONE" && b.type === "TIME_WITHOUT_TIME_ZONE") {
    return { type: a.type, precision: Math.max(a.precision, b.precision), nullable: true };
  }
  if (a.type === b.type && (a.type === "INTERVAL_DAY_TIME" || a.type === "INTERVAL_YEAR_MONTH")) return a;
  if (a.type === "ARRAY" && b.type === "ARRAY") return { type: "ARRAY", elementType: leastRestrictive([a.elementType, b.elementType], what), nullable: true };
  if (a.type === "MULTISET" && b.type === "MULTISET") return { type: "MULTISET", elementType: leastRestrictive([a.elementType, b.elementType], what), nullable: true };
  if (a.type === "MAP" && b.type === "MAP") {
    return { type: "MAP", keyType: leastRestrictive([a.keyType, b.keyType], what), valueType: leastRestrictive([a.valueType, b.valueType], what), nullable: true };
  }
  // Rows match by position; the first row's field names win (as in Calcite).
  if (a.type === "ROW" && b.type === "ROW" && a.fields.length === b.fields.length) {
    return { type: "ROW", fields: a.fields.map((f, i) => ({ name: f.name, type: leastRestrictive([f.type, b.fields[i]!.type], what) })), nullable: true };
  }
  throw new EngineError(`Type mismatch in ${what}: cannot find a common type for ${typeName(a)} and ${typeName(b)}.`);
}

/**
 * A query result type as Flink reports it. Every result column goes through Flink's
 * FlinkTypeFactory.toLogicalType, which keeps no interval qualifier: any year-month interval
 * becomes INTERVAL MONTH and any day-time interval INTERVAL SECOND(3) (leading precision over 3
 * is a TableException there), nested types included. Values are unaffected: both are months /
 * milliseconds, printed with three fractional digits either way.
 */
export function flinkResultType(t: LogicalType): LogicalType {
  switch (t.type) {
    case "INTERVAL_YEAR_MONTH":
      return { type: "INTERVAL_YEAR_MONTH", nullable: t.nullable, resolution: "MONTH", precision: 2 };
    case "INTERVAL_DAY_TIME":
      if (t.precision > 3) throw new EngineError(`DAY_INTERVAL_TYPES precision is not supported: ${t.precision}`, TABLE_EXCEPTION);
      return { type: "INTERVAL_DAY_TIME", nullable: t.nullable, resolution: "SECOND", precision: 2, fractionalPrecision: 3 };
    case "ARRAY":
    case "MULTISET":
      return { ...t, elementType: flinkResultType(t.elementType) };
    case "MAP":
      return { ...t, keyType: flinkResultType(t.keyType), valueType: flinkResultType(t.valueType) };
    case "ROW":
      return { ...t, fields: t.fields.map((f) => ({ ...f, type: flinkResultType(f.type) })) };
    default:
      return t;
  }
}
