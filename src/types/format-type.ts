/**
 * Formats a LogicalType as Flink SQL type text (`DECIMAL(10, 2)`, `ROW<a INT, b STRING>`,
 * `TIMESTAMP_LTZ(3)`, `INTERVAL DAY(2) TO SECOND(3)`), for `description`, typed NULL
 * parameters, CASTs and error messages. `parseTypeText` (type-text.ts) is its inverse, except
 * for the types whose text does not carry the whole type: DISTINCT_TYPE (its catalog path),
 * OPAQUE (the wire name) and STRUCTURED (not Flink SQL).
 */
import { MAX_LENGTH, type DayTimeIntervalType, type LogicalType, type RowField, type YearMonthIntervalType } from "./model.ts";

/** Words that cannot be used as bare field names in Flink type text (subset of Flink's reserved words). */
const RESERVED = new Set(
  (
    "ALL AND ANY ARRAY AS ASC AT BETWEEN BIGINT BINARY BOOLEAN BOTH BY CASE CAST CHAR CHARACTER CHECK COLUMN CREATE CROSS " +
    "CURRENT DATE DAY DEC DECIMAL DEFAULT DELETE DESC DISTINCT DOUBLE DROP ELSE END ESCAPE EXCEPT EXISTS FALSE FETCH FLOAT " +
    "FOR FROM FULL FUNCTION GROUP HAVING HOUR IN INNER INSERT INT INTEGER INTERSECT INTERVAL INTO IS JOIN KEY LEADING LEFT " +
    "LIKE LIMIT LOCAL MAP MATCH MINUTE MONTH MULTISET NATURAL NOT NULL NUMERIC OF OFFSET ON OR ORDER OUTER OVER PARTITION " +
    "PRECISION PRIMARY RANGE RAW REAL RIGHT ROW ROWS SECOND SELECT SET SMALLINT SOME TABLE THEN TIME TIMESTAMP TINYINT TO " +
    "TRAILING TRUE UNION UNIQUE UNKNOWN UPDATE USER USING VALUE VALUES VARBINARY VARCHAR VARYING WHEN WHERE WINDOW WITH " +
    "WITHOUT YEAR ZONE STRING BYTES"
  ).split(" "),
);

const SIMPLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A field or column name as SQL: bare when safe, otherwise backtick-quoted with backticks doubled. */
export function quoteIdentifierIfNeeded(name: string): string {
  return SIMPLE_NAME.test(name) && !RESERVED.has(name.toUpperCase()) ? name : quoteIdentifier(name);
}

/** Always backtick-quotes, doubling embedded backticks. */
export function quoteIdentifier(name: string): string {
  return "`" + name.replace(/`/g, "``") + "`";
}

function quoteString(s: string): string {
  return "'" + s.replace(/'/g, "''") + "'";
}

function yearMonth(t: YearMonthIntervalType): string {
  switch (t.resolution) {
    case "YEAR":
      return `INTERVAL YEAR(${t.precision})`;
    case "MONTH":
      return "INTERVAL MONTH";
    default:
      return `INTERVAL YEAR(${t.precision}) TO MONTH`;
  }
}

function dayTime(t: DayTimeIntervalType): string {
  const p = t.precision;
  const f = t.fractionalPrecision;
  switch (t.resolution) {
    case "DAY": return `INTERVAL DAY(${p})`;
    case "DAY_TO_HOUR": return `INTERVAL DAY(${p}) TO HOUR`;
    case "DAY_TO_MINUTE": return `INTERVAL DAY(${p}) TO MINUTE`;
    case "DAY_TO_SECOND": return `INTERVAL DAY(${p}) TO SECOND(${f})`;
    case "HOUR": return "INTERVAL HOUR";
    case "HOUR_TO_MINUTE": return "INTERVAL HOUR TO MINUTE";
    case "HOUR_TO_SECOND": return `INTERVAL HOUR TO SECOND(${f})`;
    case "MINUTE": return "INTERVAL MINUTE";
    case "MINUTE_TO_SECOND": return `INTERVAL MINUTE TO SECOND(${f})`;
    case "SECOND": return `INTERVAL SECOND(${f})`;
  }
}

function fields(fs: readonly RowField[]): string {
  return fs
    .map((f) => `${quoteIdentifierIfNeeded(f.name)} ${formatType(f.type)}${f.description !== undefined ? " " + quoteString(f.description) : ""}`)
    .join(", ");
}

function body(t: LogicalType): string {
  switch (t.type) {
    case "CHAR":
      return `CHAR(${t.length})`;
    case "VARCHAR":
      return t.length === MAX_LENGTH ? "STRING" : `VARCHAR(${t.length})`;
    case "BINARY":
      return `BINARY(${t.length})`;
    case "VARBINARY":
      return t.length === MAX_LENGTH ? "BYTES" : `VARBINARY(${t.length})`;
    case "INTEGER":
      return "INT";
    case "BOOLEAN":
    case "TINYINT":
    case "SMALLINT":
    case "BIGINT":
    case "FLOAT":
    case "DOUBLE":
    case "DATE":
    case "NULL":
    case "VARIANT":
    case "SYMBOL":
      return t.type;
    case "DECIMAL":
      return `DECIMAL(${t.precision}, ${t.scale})`;
    case "TIME_WITHOUT_TIME_ZONE":
      return `TIME(${t.precision})`;
    case "TIMESTAMP_WITHOUT_TIME_ZONE":
      return `TIMESTAMP(${t.precision})`;
    case "TIMESTAMP_WITH_LOCAL_TIME_ZONE":
      return `TIMESTAMP_LTZ(${t.precision})`;
    case "TIMESTAMP_WITH_TIME_ZONE":
      return `TIMESTAMP(${t.precision}) WITH TIME ZONE`;
    case "INTERVAL_YEAR_MONTH":
      return yearMonth(t);
    case "INTERVAL_DAY_TIME":
      return dayTime(t);
    case "ARRAY":
    case "MULTISET":
      return `${t.type}<${formatType(t.elementType)}>`;
    case "MAP":
      return `MAP<${formatType(t.keyType)}, ${formatType(t.valueType)}>`;
    case "ROW":
      return `ROW<${fields(t.fields)}>`;
    case "STRUCTURED_TYPE":
      // Flink has no SQL text for structured types; show the class and its fields.
      return `STRUCTURED<${quoteString(t.className)}${t.fields.length > 0 ? ", " + fields(t.fields) : ""}>`;
    case "DISTINCT_TYPE":
      // Flink prints a distinct type as its catalog path; without one the source type is all there is.
      return t.objectIdentifier !== "" ? t.objectIdentifier : formatType({ ...t.sourceType, nullable: true } as LogicalType);
    case "RAW":
      return `RAW(${quoteString(t.className)}${t.serializer !== undefined ? ", " + quoteString(t.serializer) : ""})`;
    case "OPAQUE":
      return t.typeName;
  }
}

/**
 * Flink SQL text of a type, with ` NOT NULL` when the type is not nullable (NULL itself never).
 * Never throws for a well-formed LogicalType (one from `parseTypeText` or a result's schema);
 * the input is not validated, so a hand-built object missing a field gives wrong text
 * (`DECIMAL(undefined, 2)`) or a TypeError (an ARRAY without `elementType`).
 *
 * @example
 * ```ts
 * formatType({ type: "DECIMAL", nullable: true, precision: 10, scale: 2 }); // "DECIMAL(10, 2)"
 * formatType({ type: "VARCHAR", nullable: false, length: 2147483647 });      // "STRING NOT NULL"
 * ```
 */
export function formatType(t: LogicalType): string {
  const b = body(t);
  return t.nullable || t.type === "NULL" ? b : b + " NOT NULL";
}
