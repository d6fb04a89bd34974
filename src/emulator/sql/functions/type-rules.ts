/**
 * Flink's type-derivation rules used by operators and aggregates: numeric promotion, DECIMAL
 * precision/scale for + - * / % (Flink's LogicalTypeMerging, which follows SQL Server's rules,
 * capped at precision 38 with a minimum adjusted scale of 6), SUM/AVG result types, the common
 * type of comparison operands and of COALESCE/CASE-like argument lists.
 *
 * Source: Apache Flink docs, "Data Types" (DECIMAL: precision 1..38) and the Flink source
 * `org.apache.flink.table.types.logical.utils.LogicalTypeMerging` (findAdditionDecimalType,
 * findMultiplicationDecimalType, findDivisionDecimalType, findModuloDecimalType,
 * findSumAggType, findAvgAggType, adjustPrecisionScale).
 */
import type { LogicalType, TemporalType } from "../../../types/model.ts";
import {
  MAX_LENGTH,
  T,
  anyNullable,
  asDecimalType,
  cannotApplyBinary,
  isApprox,
  isBinary,
  isCharacter,
  isInteger,
  isNumeric,
  isTimestampType,
  validation,
  withNullable,
  calciteName,
} from "./types.ts";

export const MAX_DECIMAL_PRECISION = 38;
const MIN_ADJUSTED_SCALE = 6;

/** Flink's adjustPrecisionScale: keep integer digits, give up scale (down to 6) beyond 38 digits. */
export function adjustPrecisionScale(precision: number, scale: number, nullable = true): LogicalType {
  if (precision <= MAX_DECIMAL_PRECISION) return T.decimal(precision, scale, nullable);
  const intDigits = precision - scale;
  const minScale = Math.min(scale, MIN_ADJUSTED_SCALE);
  const s = Math.max(MAX_DECIMAL_PRECISION - intDigits, minScale);
  return T.decimal(MAX_DECIMAL_PRECISION, s, nullable);
}

export function additionDecimal(p1: number, s1: number, p2: number, s2: number): LogicalType {
  const scale = Math.max(s1, s2);
  return adjustPrecisionScale(Math.max(p1 - s1, p2 - s2) + scale + 1, scale);
}
export function multiplicationDecimal(p1: number, s1: number, p2: number, s2: number): LogicalType {
  // One digit more than p1 + p2, as LogicalTypeMerging has it (Calcite's own rule has none).
  return adjustPrecisionScale(p1 + p2 + 1, s1 + s2);
}
export function divisionDecimal(p1: number, s1: number, p2: number, s2: number): LogicalType {
  const scale = Math.max(MIN_ADJUSTED_SCALE, s1 + p2 + 1);
  return adjustPrecisionScale(p1 - s1 + s2 + scale, scale);
}
export function moduloDecimal(p1: number, s1: number, p2: number, s2: number): LogicalType {
  const scale = Math.max(s1, s2);
  return adjustPrecisionScale(Math.min(p1 - s1, p2 - s2) + scale, scale);
}

/** ROUND(DECIMAL(p, s), r) result type (Flink's findRoundDecimalType). */
export function roundDecimal(precision: number, scale: number, round: number): LogicalType {
  if (round >= scale) return T.decimal(precision, scale);
  if (round < 0) return T.decimal(Math.min(MAX_DECIMAL_PRECISION, 1 + precision - scale), 0);
  return T.decimal(1 + precision - scale + round, round);
}

const RANK: Record<string, number> = { TINYINT: 1, SMALLINT: 2, INTEGER: 3, BIGINT: 4, DECIMAL: 5, FLOAT: 6, DOUBLE: 7 };

/**
 * Result type of an arithmetic operator over two numeric types (nullability: either side).
 * Integers stay in the wider integer type (overflow wraps as in Java), any approximate side
 * gives the wider approximate type, otherwise the DECIMAL rule of the operator.
 */
export function arithmeticType(op: "+" | "-" | "*" | "/" | "%", a: LogicalType, b: LogicalType): LogicalType {
  const nullable = a.nullable || b.nullable;
  if (isApprox(a) || isApprox(b)) {
    return a.type === "DOUBLE" || b.type === "DOUBLE" ? T.double(nullable) : T.float(nullable);
  }
  if (isInteger(a) && isInteger(b)) {
    // Calcite's NULLABLE_MOD: an integer remainder has the type of the divisor (it always fits).
    if (op === "%") return withNullable(b, nullable);
    // Otherwise both sides widen to the larger integer type; the result wraps like Java.
    return withNullable(RANK[a.type]! >= RANK[b.type]! ? a : b, nullable);
  }
  const da = asDecimalType(a);
  const db = asDecimalType(b);
  let r: LogicalType;
  switch (op) {
    case "+":
    case "-":
      r = additionDecimal(da.precision, da.scale, db.precision, db.scale);
      break;
    case "*":
      r = multiplicationDecimal(da.precision, da.scale, db.precision, db.scale);
      break;
    case "/":
      r = divisionDecimal(da.precision, da.scale, db.precision, db.scale);
      break;
    case "%":
      r = moduloDecimal(da.precision, da.scale, db.precision, db.scale);
      break;
  }
  return withNullable(r, nullable);
}

/**
 * SUM's result type (LogicalTypeMerging.findSumAggType): DECIMAL(38, s) for DECIMAL, otherwise
 * the argument type; nullable as the argument (the aggregate adds "nullable if empty").
 */
export function sumType(t: LogicalType): LogicalType {
  if (t.type === "DECIMAL") return T.decimal(MAX_DECIMAL_PRECISION, t.scale, t.nullable);
  return t;
}

/**
 * AVG's result type (LogicalTypeMerging.findAvgAggType): DECIMAL(38, max(6, s)) for DECIMAL,
 * otherwise the argument type (AVG(INT) is INT); nullable as the argument.
 */
export function avgType(t: LogicalType): LogicalType {
  if (t.type === "DECIMAL") return withNullable(divisionDecimal(MAX_DECIMAL_PRECISION, t.scale, 20, 0), t.nullable);
  return t;
}

function sameIgnoringNull(a: LogicalType, b: LogicalType): boolean {
  return JSON.stringify(withNullable(a, true)) === JSON.stringify(withNullable(b, true));
}

/**
 * The least restrictive common type of several types (Calcite's leastRestrictive as Flink
 * uses it for COALESCE, CASE, GREATEST, IN, UNION), or null when there is none.
 */
export function commonType(types: readonly LogicalType[]): LogicalType | null {
  let acc: LogicalType | null = null;
  for (const t of types) {
    if (t.type === "NULL") continue;
    if (acc === null) {
      acc = t;
      continue;
    }
    const m = pairCommon(acc, t);
    if (m === null) return null;
    acc = m;
  }
  if (acc === null) return T.null();
  return withNullable(acc, anyNullable(types));
}

function pairCommon(a: LogicalType, b: LogicalType): LogicalType | null {
  if (sameIgnoringNull(a, b)) return a;
  if (isCharacter(a) && isCharacter(b)) {
    const len = Math.max(a.length, b.length);
    // FlinkTypeSystem.shouldConvertRaggedUnionTypesToVarying() is true, so Calcite's
    // leastRestrictive turns CHARs of different lengths into VARCHAR (no blank padding).
    if (a.type === "CHAR" && b.type === "CHAR" && a.length === b.length) return T.char(len);
    return T.varchar(len);
  }
  if (isBinary(a) && isBinary(b)) {
    const len = Math.max(a.length, b.length);
    return { type: a.type === "BINARY" && b.type === "BINARY" ? "BINARY" : "VARBINARY", length: len, nullable: true };
  }
  if (isNumeric(a) && isNumeric(b)) {
    if (a.type === "DOUBLE" || b.type === "DOUBLE") return T.double();
    if (a.type === "FLOAT" || b.type === "FLOAT") return T.float();
    if (a.type === "DECIMAL" || b.type === "DECIMAL") {
      const da = asDecimalType(a);
      const db = asDecimalType(b);
      const scale = Math.max(da.scale, db.scale);
      const intDigits = Math.max(da.precision - da.scale, db.precision - db.scale);
      return T.decimal(Math.min(MAX_DECIMAL_PRECISION, intDigits + scale), scale);
    }
    return RANK[a.type]! >= RANK[b.type]! ? a : b;
  }
  if (isTimestampType(a) && isTimestampType(b)) {
    // TIMESTAMP and TIMESTAMP_LTZ meet at TIMESTAMP_LTZ (Flink's LogicalTypeMerging).
    const x = a as TemporalType;
    const y = b as TemporalType;
    const type = x.type === y.type ? x.type : "TIMESTAMP_WITH_LOCAL_TIME_ZONE";
    return { type, precision: Math.max(x.precision, y.precision), nullable: true };
  }
  // DATE meets a timestamp as the timestamp type (midnight), as Calcite's leastRestrictive does.
  if (a.type === "DATE" && isTimestampType(b)) return withNullable(b, true);
  if (b.type === "DATE" && isTimestampType(a)) return withNullable(a, true);
  if (a.type === "TIME_WITHOUT_TIME_ZONE" && b.type === "TIME_WITHOUT_TIME_ZONE") {
    return T.time(Math.max(a.precision, b.precision));
  }
  if (a.type === "INTERVAL_DAY_TIME" && b.type === "INTERVAL_DAY_TIME") return a;
  if (a.type === "INTERVAL_YEAR_MONTH" && b.type === "INTERVAL_YEAR_MONTH") return a;
  if ((a.type === "ARRAY" && b.type === "ARRAY") || (a.type === "MULTISET" && b.type === "MULTISET")) {
    const e = commonType([a.elementType, b.elementType]);
    return e === null ? null : { type: a.type, elementType: e, nullable: true };
  }
  if (a.type === "MAP" && b.type === "MAP") {
    const k = commonType([a.keyType, b.keyType]);
    const v = commonType([a.valueType, b.valueType]);
    return k === null || v === null ? null : T.map(k, v);
  }
  if (a.type === "ROW" && b.type === "ROW" && a.fields.length === b.fields.length) {
    const fields = [];
    for (let i = 0; i < a.fields.length; i++) {
      const f = commonType([a.fields[i]!.type, b.fields[i]!.type]);
      if (f === null) return null;
      fields.push({ name: a.fields[i]!.name, type: f });
    }
    return { type: "ROW", fields, nullable: true };
  }
  return null;
}

/**
 * The type both sides of a comparison are brought to, or a Calcite-style validation error.
 * Flink compares numerics with numerics, character strings with character strings (and,
 * by implicit coercion, with numerics, dates and timestamps: the string is cast), datetimes of
 * the same kind, booleans with booleans, binaries with binaries.
 */
export function comparisonType(op: string, a: LogicalType, b: LogicalType, ordered: boolean): LogicalType {
  const supported = ordered ? `'<COMPARABLE_TYPE> ${op} <COMPARABLE_TYPE>'` : `'<COMPARABLE_TYPE> ${op} <COMPARABLE_TYPE>'`;
  if (a.type === "NULL") return withNullable(b, true);
  if (b.type === "NULL") return withNullable(a, true);
  // Implicit coercion of a character string to the other side's type.
  if (isCharacter(a) && !isCharacter(b) && (isNumeric(b) || b.type === "DATE" || isTimestampType(b) || b.type === "TIME_WITHOUT_TIME_ZONE" || b.type === "BOOLEAN")) {
    return withNullable(b, a.nullable || b.nullable);
  }
  if (isCharacter(b) && !isCharacter(a) && (isNumeric(a) || a.type === "DATE" || isTimestampType(a) || a.type === "TIME_WITHOUT_TIME_ZONE" || a.type === "BOOLEAN")) {
    return withNullable(a, a.nullable || b.nullable);
  }
  const c = commonType([a, b]);
  if (c === null) throw cannotApplyBinary(op, a, b, supported);
  if (ordered && (c.type === "MAP" || c.type === "MULTISET")) throw cannotApplyBinary(op, a, b, supported);
  return c;
}

/** CONCAT / || result length: the sum of lengths, capped at STRING; CHAR only if both are CHAR. */
export function concatType(ts: readonly LogicalType[], nullable: boolean): LogicalType {
  let len = 0;
  let allChar = true;
  for (const t of ts) {
    if (t.type === "NULL") continue;
    if (!isCharacter(t)) throw validation(`Unexpected non-character type ${calciteName(t)} in concatenation`);
    if (t.type !== "CHAR") allChar = false;
    len = Math.min(MAX_LENGTH, len + t.length);
  }
  return allChar ? T.char(len, nullable) : T.varchar(len, nullable);
}
