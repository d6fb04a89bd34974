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
  /** `SYMBOL` (a planner-internal enum type, e.g. a TimeUnit; Flink serialises only the root) decodes to the wire value as sent. */
  readonly type: "BOOLEAN" | "TINYINT" | "SMALLINT" | "INTEGER" | "BIGINT" | "FLOAT" | "DOUBLE" | "DATE" | "NULL" | "VARIANT" | "SYMBOL";
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

/**
 * A user-defined DISTINCT type: a named type over a source type; its values are the source
 * type's. Flink serialises it as `objectIdentifier` (the catalog path as SQL text,
 * `` `cat`.`db`.`name` ``), `description` and `sourceType`; the wire spells them
 * `object_identifier`, `description`, `source_type`.
 */
export interface DistinctType extends Base {
  readonly type: "DISTINCT_TYPE";
  /** The catalog path as Flink prints it (`` `cat`.`db`.`name` ``); empty when not sent. */
  readonly objectIdentifier: string;
  readonly sourceType: LogicalType;
  readonly description?: string;
}

/**
 * RAW(class, serializer): an arbitrary Java object Flink only moves around. Flink's gateway
 * serialises `class` and `serializer` (the serializer snapshot, Base64 text); the wire spells
 * the class `class_name`. Values are opaque to SQL and decode to the wire value as sent.
 */
export interface RawType extends Base {
  readonly type: "RAW";
  /** The originating Java class name. */
  readonly className: string;
  /** The serializer snapshot text; absent when the server did not send it. */
  readonly serializer?: string;
}

/**
 * A type root this model does not know (a newer Flink type such as `GEOGRAPHY`). It keeps the
 * result readable: values decode to the raw wire value unchanged, and `json` (the type's wire
 * JSON as received) is written back as it came.
 */
export interface OpaqueType extends Base {
  readonly type: "OPAQUE";
  /** The wire's type name, e.g. `"GEOGRAPHY"`. */
  readonly typeName: string;
  /** The type's wire JSON object, as received. */
  readonly json: Readonly<Record<string, unknown>>;
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
  | StructuredType
  | DistinctType
  | RawType
  | OpaqueType;

/** The `type` discriminant values (`OPAQUE` is this model's own: the wire name is in `typeName`). */
export type TypeRoot = LogicalType["type"];

/** A result column: name plus type, as in `traits.schema.columns`. */
export interface Column {
  readonly name: string;
  readonly type: LogicalType;
  readonly description?: string;
}

/** Length Flink uses for `STRING` and `BYTES`. */
export const MAX_LENGTH = 2147483647;
