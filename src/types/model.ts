/**
 * The Flink logical type model, shared by the client (decoding, parameter rendering,
 * `description`) and the emulator (schemas, type inference, wire formatting).
 *
 * The discriminant `type` uses the wire's `LogicalTypeRoot` names exactly as they appear in
 * `status.traits.schema.columns[].type.type` (wire-protocol.md section 4), so the JSON and the
 * model differ only in attribute spelling (camelCase here, snake_case on the wire) and in the
 * row-field key (`type` here, `field_type` on the wire).
 *
 * This module must not import from client/ or emulator/.
 */

export type YearMonthResolution = "YEAR" | "YEAR_TO_MONTH" | "MONTH";

export type DayTimeResolution =
  | "DAY"
  | "DAY_TO_HOUR"
  | "DAY_TO_MINUTE"
  | "DAY_TO_SECOND"
  | "HOUR"
  | "HOUR_TO_MINUTE"
  | "HOUR_TO_SECOND"
  | "MINUTE"
  | "MINUTE_TO_SECOND"
  | "SECOND";

interface Base {
  /** Whether the column or field may hold NULL. */
  readonly nullable: boolean;
}

export interface CharType extends Base {
  readonly type: "CHAR" | "VARCHAR";
  /** Declared length; `STRING` is `VARCHAR(2147483647)`. */
  readonly length: number;
}

export interface BinaryType extends Base {
  readonly type: "BINARY" | "VARBINARY";
  /** Declared length; `BYTES` is `VARBINARY(2147483647)`. */
  readonly length: number;
}

export interface SimpleType extends Base {
  readonly type: "BOOLEAN" | "TINYINT" | "SMALLINT" | "INTEGER" | "BIGINT" | "FLOAT" | "DOUBLE" | "DATE" | "NULL" | "VARIANT";
}

export interface DecimalType extends Base {
  readonly type: "DECIMAL";
  readonly precision: number;
  readonly scale: number;
}

export interface TemporalType extends Base {
  readonly type:
    | "TIME_WITHOUT_TIME_ZONE"
    | "TIMESTAMP_WITHOUT_TIME_ZONE"
    | "TIMESTAMP_WITH_LOCAL_TIME_ZONE"
    | "TIMESTAMP_WITH_TIME_ZONE";
  /** Fractional-second digits, 0..9. */
  readonly precision: number;
}

export interface YearMonthIntervalType extends Base {
  readonly type: "INTERVAL_YEAR_MONTH";
  readonly resolution: YearMonthResolution;
  /** Year precision (leading field digits), 1..4, default 2. */
  readonly precision: number;
}

export interface DayTimeIntervalType extends Base {
  readonly type: "INTERVAL_DAY_TIME";
  readonly resolution: DayTimeResolution;
  /** Day precision (leading field digits), 1..6, default 2. */
  readonly precision: number;
  /** Fractional-second digits, 0..9, default 6. */
  readonly fractionalPrecision: number;
}

export interface CollectionType extends Base {
  readonly type: "ARRAY" | "MULTISET";
  readonly elementType: LogicalType;
}

export interface MapType extends Base {
  readonly type: "MAP";
  readonly keyType: LogicalType;
  readonly valueType: LogicalType;
}

export interface RowField {
  readonly name: string;
  readonly type: LogicalType;
  readonly description?: string;
}

export interface RowType extends Base {
  readonly type: "ROW";
  readonly fields: readonly RowField[];
}

export interface StructuredType extends Base {
  readonly type: "STRUCTURED_TYPE";
  readonly className: string;
  readonly fields: readonly RowField[];
}

/** Any Flink logical type. */
export type LogicalType =
  | CharType
  | BinaryType
  | SimpleType
  | DecimalType
  | TemporalType
  | YearMonthIntervalType
  | DayTimeIntervalType
  | CollectionType
  | MapType
  | RowType
  | StructuredType;

/** The `type` discriminant values. */
export type TypeRoot = LogicalType["type"];

/** A result column: name plus type, as in `traits.schema.columns`. */
export interface Column {
  readonly name: string;
  readonly type: LogicalType;
  readonly description?: string;
}

/** Length Flink uses for `STRING` and `BYTES`. */
export const MAX_LENGTH = 2147483647;
