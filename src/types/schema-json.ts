/**
 * The wire's DataType JSON (wire-protocol.md section 4) <-> the LogicalType model.
 *
 * Parsing is strict about what it needs (integer attributes in range, nested types that parse)
 * and tolerant of what it does not (unknown extra attributes). Missing `nullable` (older
 * payloads) means nullable; missing attributes take Flink's defaults. A type name the model
 * does not know (a newer Flink type) becomes an `OPAQUE` type that keeps its JSON, so one new
 * type never makes a whole result unreadable (and never becomes a silent NULL, the CLI's old
 * mistake).
 *
 * Attribute names are the snake_case twins of Flink's LogicalTypeJsonSerializer fields
 * (`element_type` for `elementType`, ...). For the types only Flink's plan serializer writes
 * (DISTINCT_TYPE's `sourceType`/`objectIdentifier`, RAW's `class`) the camelCase spelling is
 * accepted too.
 */
import { ProtocolError } from "../errors.ts";
import {
  MAX_LENGTH,
  type Column,
  type DayTimeResolution,
  type LogicalType,
  type RowField,
  type YearMonthResolution,
} from "./model.ts";

const YM: readonly YearMonthResolution[] = ["YEAR", "YEAR_TO_MONTH", "MONTH"];
const DT: readonly DayTimeResolution[] = [
  "DAY", "DAY_TO_HOUR", "DAY_TO_MINUTE", "DAY_TO_SECOND", "HOUR", "HOUR_TO_MINUTE", "HOUR_TO_SECOND", "MINUTE", "MINUTE_TO_SECOND", "SECOND",
];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function bad(path: string, why: string): never {
  throw new ProtocolError(`Invalid data type at ${path}: ${why}`, { path });
}

function int(o: Record<string, unknown>, key: string, path: string, dflt: number, lo: number, hi: number): number {
  const v = o[key];
  if (v === undefined || v === null) return dflt;
  if (typeof v !== "number" || !Number.isInteger(v) || v < lo || v > hi) {
    bad(`${path}.${key}`, `expected an integer between ${lo} and ${hi}, got ${JSON.stringify(v)}`);
  }
  return v;
}

function nullable(o: Record<string, unknown>, path: string): boolean {
  const v = o["nullable"];
  if (v === undefined || v === null) return true;
  if (typeof v === "boolean") return v;
  // Some older payloads carried booleans as strings.
  if (v === "true" || v === "false") return v === "true";
  bad(`${path}.nullable`, `expected a boolean, got ${JSON.stringify(v)}`);
}

function resolution<T extends string>(o: Record<string, unknown>, path: string, allowed: readonly T[], dflt: T): T {
  const v = o["resolution"];
  if (v === undefined || v === null) return dflt;
  if (typeof v !== "string" || !(allowed as readonly string[]).includes(v)) {
    bad(`${path}.resolution`, `unknown resolution ${JSON.stringify(v)}`);
  }
  return v as T;
}

/** A string attribute under its wire name or Flink's own spelling; undefined when absent. */
function text(o: Record<string, unknown>, keys: readonly string[], path: string): string | undefined {
  for (const k of keys) {
    const v = o[k];
    if (v === undefined || v === null) continue;
    if (typeof v !== "string") bad(`${path}.${k}`, `expected a string, got ${JSON.stringify(v)?.slice(0, 80)}`);
    return v;
  }
  return undefined;
}

function fieldsOf(o: Record<string, unknown>, path: string): RowField[] {
  const fs = o["fields"];
  if (fs === undefined || fs === null) return [];
  if (!Array.isArray(fs)) bad(`${path}.fields`, "expected an array");
  return fs.map((f, i): RowField => {
    const fp = `${path}.fields[${i}]`;
    if (!isObject(f)) bad(fp, "expected an object");
    const name = f["name"];
    if (typeof name !== "string") bad(`${fp}.name`, "expected a string");
    // Row fields use `field_type`; accept `type` as a fallback for hand-written JSON.
    const ft = f["field_type"] !== undefined ? f["field_type"] : f["type"];
    const type = parseLogicalTypeJson(ft, `${fp}.field_type`);
    const d = f["description"];
    return typeof d === "string" ? { name, type, description: d } : { name, type };
  });
}

/**
 * Parses one wire DataType object.
 *
 * @example
 * ```ts
 * parseLogicalTypeJson({ type: "DECIMAL", nullable: true, precision: 10, scale: 2 }, "columns[0].type");
 * ```
 * An unknown type name gives `{ type: "OPAQUE", typeName, nullable, json }`, whose values
 * decode to the raw wire value.
 * @throws ProtocolError (code `PROTOCOL_ERROR`, `path` set) for a non-object, a missing type
 *   name or an invalid attribute of a known type.
 */
export function parseLogicalTypeJson(json: unknown, path: string): LogicalType {
  if (!isObject(json)) bad(path, `expected an object, got ${json === null ? "null" : typeof json}`);
  const name = json["type"];
  if (typeof name !== "string") bad(`${path}.type`, "expected a type name string");
  const n = nullable(json, path);
  switch (name) {
    case "CHAR":
    case "BINARY":
      return { type: name, nullable: n, length: int(json, "length", path, 1, 0, MAX_LENGTH) };
    case "VARCHAR":
    case "VARBINARY":
      return { type: name, nullable: n, length: int(json, "length", path, MAX_LENGTH, 0, MAX_LENGTH) };
    case "BOOLEAN":
    case "TINYINT":
    case "SMALLINT":
    case "INTEGER":
    case "BIGINT":
    case "FLOAT":
    case "DOUBLE":
    case "DATE":
    case "VARIANT":
    case "SYMBOL":
      return { type: name, nullable: n };
    case "NULL":
      return { type: "NULL", nullable: true };
    case "DECIMAL": {
      const precision = int(json, "precision", path, 10, 1, 38);
      return { type: "DECIMAL", nullable: n, precision, scale: int(json, "scale", path, 0, 0, precision) };
    }
    case "TIME_WITHOUT_TIME_ZONE":
      return { type: name, nullable: n, precision: int(json, "precision", path, 0, 0, 9) };
    case "TIMESTAMP_WITHOUT_TIME_ZONE":
    case "TIMESTAMP_WITH_LOCAL_TIME_ZONE":
    case "TIMESTAMP_WITH_TIME_ZONE":
      return { type: name, nullable: n, precision: int(json, "precision", path, 6, 0, 9) };
    case "INTERVAL_YEAR_MONTH":
      return {
        type: name,
        nullable: n,
        resolution: resolution(json, path, YM, "YEAR_TO_MONTH"),
        precision: int(json, "precision", path, 2, 1, 4),
      };
    case "INTERVAL_DAY_TIME":
      return {
        type: name,
        nullable: n,
        resolution: resolution(json, path, DT, "DAY_TO_SECOND"),
        precision: int(json, "precision", path, 2, 1, 6),
        fractionalPrecision: int(json, "fractional_precision", path, 6, 0, 9),
      };
    case "ARRAY":
    case "MULTISET":
      return { type: name, nullable: n, elementType: parseLogicalTypeJson(json["element_type"], `${path}.element_type`) };
    case "MAP":
      return {
        type: "MAP",
        nullable: n,
        keyType: parseLogicalTypeJson(json["key_type"], `${path}.key_type`),
        valueType: parseLogicalTypeJson(json["value_type"], `${path}.value_type`),
      };
    case "ROW":
      return { type: "ROW", nullable: n, fields: fieldsOf(json, path) };
    case "STRUCTURED_TYPE": {
      const cls = json["class_name"];
      return { type: "STRUCTURED_TYPE", nullable: n, className: typeof cls === "string" ? cls : "", fields: fieldsOf(json, path) };
    }
    case "DISTINCT_TYPE": {
      const source = json["source_type"] !== undefined ? json["source_type"] : json["sourceType"];
      const sourceType = parseLogicalTypeJson(source, `${path}.source_type`);
      const objectIdentifier = text(json, ["object_identifier", "objectIdentifier"], path) ?? "";
      const description = text(json, ["description"], path);
      return description === undefined
        ? { type: "DISTINCT_TYPE", nullable: n, objectIdentifier, sourceType }
        : { type: "DISTINCT_TYPE", nullable: n, objectIdentifier, sourceType, description };
    }
    case "RAW": {
      const className = text(json, ["class_name", "class"], path) ?? "";
      const serializer = text(json, ["serializer"], path);
      return serializer === undefined ? { type: "RAW", nullable: n, className } : { type: "RAW", nullable: n, className, serializer };
    }
    default:
      // A copy, so the model does not alias (and later changes to) the response payload.
      return { type: "OPAQUE", nullable: n, typeName: name, json: structuredClone(json) };
  }
}

/**
 * Parses a result schema's columns: either the `columns` array itself or an object holding it
 * (`traits.schema`, or the legacy `status.result_schema`).
 *
 * @throws ProtocolError naming the path of the first invalid column.
 */
export function parseColumnsJson(json: unknown, path: string): Column[] {
  let cols: unknown = json;
  let p = path;
  if (isObject(json)) {
    cols = json["columns"];
    p = `${path}.columns`;
  }
  if (!Array.isArray(cols)) bad(p, "expected an array of columns");
  return cols.map((c, i): Column => {
    const cp = `${p}[${i}]`;
    if (!isObject(c)) bad(cp, "expected an object");
    const name = c["name"];
    if (typeof name !== "string") bad(`${cp}.name`, "expected a string");
    const type = parseLogicalTypeJson(c["type"], `${cp}.type`);
    const d = c["description"];
    return typeof d === "string" ? { name, type, description: d } : { name, type };
  });
}

function fieldsJson(fs: readonly RowField[]): object[] {
  return fs.map((f) =>
    f.description !== undefined
      ? { name: f.name, field_type: toLogicalTypeJson(f.type), description: f.description }
      : { name: f.name, field_type: toLogicalTypeJson(f.type) },
  );
}

/**
 * The wire JSON of a type (snake_case attributes, row fields as `field_type`), as the emulator
 * puts it in `traits.schema`. Never throws for a well-formed LogicalType.
 */
export function toLogicalTypeJson(t: LogicalType): object {
  const base = { type: t.type, nullable: t.nullable };
  switch (t.type) {
    case "CHAR":
    case "VARCHAR":
    case "BINARY":
    case "VARBINARY":
      return { ...base, length: t.length };
    case "DECIMAL":
      return { ...base, precision: t.precision, scale: t.scale };
    case "TIME_WITHOUT_TIME_ZONE":
    case "TIMESTAMP_WITHOUT_TIME_ZONE":
    case "TIMESTAMP_WITH_LOCAL_TIME_ZONE":
    case "TIMESTAMP_WITH_TIME_ZONE":
      return { ...base, precision: t.precision };
    case "INTERVAL_YEAR_MONTH":
      return { ...base, precision: t.precision, resolution: t.resolution };
    case "INTERVAL_DAY_TIME":
      return { ...base, precision: t.precision, fractional_precision: t.fractionalPrecision, resolution: t.resolution };
    case "ARRAY":
    case "MULTISET":
      return { ...base, element_type: toLogicalTypeJson(t.elementType) };
    case "MAP":
      return { ...base, key_type: toLogicalTypeJson(t.keyType), value_type: toLogicalTypeJson(t.valueType) };
    case "ROW":
      return { ...base, fields: fieldsJson(t.fields) };
    case "STRUCTURED_TYPE":
      return { ...base, class_name: t.className, fields: fieldsJson(t.fields) };
    case "DISTINCT_TYPE": {
      const d = { ...base, object_identifier: t.objectIdentifier, source_type: toLogicalTypeJson(t.sourceType) };
      return t.description === undefined ? d : { ...d, description: t.description };
    }
    case "RAW":
      return t.serializer === undefined ? { ...base, class_name: t.className } : { ...base, class_name: t.className, serializer: t.serializer };
    case "OPAQUE":
      return { ...t.json, type: t.typeName, nullable: t.nullable };
    default:
      return base;
  }
}

/** Wire JSON of result columns (the `columns` array of `traits.schema`). */
export function toColumnsJson(cols: readonly Column[]): object[] {
  return cols.map((c) =>
    c.description !== undefined
      ? { name: c.name, type: toLogicalTypeJson(c.type), description: c.description }
      : { name: c.name, type: toLogicalTypeJson(c.type) },
  );
}
