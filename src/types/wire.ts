/**
 * Canonical internal values <-> wire values (wire-protocol.md section 5.2).
 *
 * The emulator formats every result value with `formatWireValue` and the tests parse them back
 * with `parseWireValue`, so the emulator's output and the client's decoder agree by
 * construction. Internal values are the table in team COMMON.md (bigint for BIGINT, Decimal,
 * Timestamp, days, nanos of day, months, milliseconds, Map for MAP/MULTISET, arrays for ROW).
 * VARIANT values are kept in their self-describing wire form on both sides, and so are RAW,
 * SYMBOL and OPAQUE values (strings in nested arrays); DISTINCT_TYPE is its source type.
 *
 * Formatters/parsers are compiled once per type object (cached in a WeakMap) so hot loops do
 * not re-dispatch on the type for every value.
 */
import { DataError } from "../errors.ts";
import { Decimal, truncate } from "./decimal.ts";
import { formatType } from "./format-type.ts";
import type { LogicalType } from "./model.ts";
import {
  formatDate,
  formatTime,
  formatTimestamp,
  instantToLocal,
  localToInstant,
  parseDate,
  parseTime,
  parseTimestamp,
  Timestamp,
} from "./temporal.ts";
import {
  formatBinaryText,
  formatDayTimeText,
  formatJavaDouble,
  formatJavaFloat,
  formatYearMonthText,
  parseBigIntText,
  parseBinaryText,
  parseBooleanText,
  parseDayTimeText,
  parseDoubleText,
  parseIntText,
  parseYearMonthText,
  BIGINT_MAX,
  BIGINT_MIN,
} from "./text-values.ts";

/** One value in wire encoding (same shape as `WireValue` in src/emulator/engine.ts). */
export type WireValue = string | null | WireValue[];

/** The engine's runtime representation of a SQL value (team COMMON.md). */
export type InternalValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Decimal
  | Uint8Array
  | Timestamp
  | InternalValue[]
  | Map<InternalValue, InternalValue>;

export interface WireOptions {
  /** The statement's `sql.local-time-zone` (IANA id, `UTC`, `GMT+03:00`); default UTC. */
  localTimeZone?: string;
}

type Fmt = (v: InternalValue) => WireValue;
type Prs = (w: WireValue) => InternalValue;

const INT_RANGES = {
  TINYINT: [-128, 127],
  SMALLINT: [-32768, 32767],
  INTEGER: [-2147483648, 2147483647],
} as const;

function showValue(v: unknown): string {
  if (typeof v === "bigint") return v.toString() + "n";
  if (v instanceof Map) return "Map(" + v.size + ")";
  if (v instanceof Uint8Array) return "Uint8Array(" + v.length + ")";
  try {
    return truncate(JSON.stringify(v) ?? String(v));
  } catch {
    return truncate(String(v));
  }
}

function badInternal(t: LogicalType, v: unknown): never {
  throw new DataError("VALUE_TYPE_MISMATCH", `Cannot format ${showValue(v)} as ${formatType(t)}: not the internal value of that type`);
}

function badWire(t: LogicalType, w: unknown, why?: string): never {
  throw new DataError("WIRE_VALUE_INVALID", `Invalid ${formatType(t)} wire value ${showValue(w)}${why === undefined ? "" : ": " + why}`);
}

function compileFormat(t: LogicalType, zone: string): Fmt {
  switch (t.type) {
    case "NULL":
      return (v) => (v === null ? null : badInternal(t, v));
    case "BOOLEAN":
      return (v) => (v === true ? "TRUE" : v === false ? "FALSE" : v === null ? null : badInternal(t, v));
    case "TINYINT":
    case "SMALLINT":
    case "INTEGER": {
      const [lo, hi] = INT_RANGES[t.type];
      return (v) => {
        if (v === null) return null;
        if (typeof v !== "number" || !Number.isInteger(v) || v < lo || v > hi) badInternal(t, v);
        return String(v);
      };
    }
    case "BIGINT":
      return (v) => {
        if (v === null) return null;
        if (typeof v !== "bigint" || v < BIGINT_MIN || v > BIGINT_MAX) badInternal(t, v);
        return v.toString();
      };
    case "FLOAT":
      return (v) => (v === null ? null : typeof v === "number" ? formatJavaFloat(v) : badInternal(t, v));
    case "DOUBLE":
      return (v) => (v === null ? null : typeof v === "number" ? formatJavaDouble(v) : badInternal(t, v));
    case "DECIMAL":
      return (v) => {
        if (v === null) return null;
        if (!(v instanceof Decimal)) badInternal(t, v);
        // Flink prints a DECIMAL(p, s) with exactly s fraction digits.
        return (v.scale === t.scale ? v : v.rescale(t.scale)).toString();
      };
    case "CHAR":
    case "VARCHAR":
      return (v) => (v === null ? null : typeof v === "string" ? v : badInternal(t, v));
    case "BINARY":
    case "VARBINARY":
      return (v) => (v === null ? null : v instanceof Uint8Array ? formatBinaryText(v) : badInternal(t, v));
    case "DATE":
      return (v) => (v === null ? null : typeof v === "number" && Number.isInteger(v) ? formatDate(v) : badInternal(t, v));
    case "TIME_WITHOUT_TIME_ZONE":
      return (v) =>
        v === null ? null : typeof v === "number" && Number.isInteger(v) ? formatTime(v, t.precision) : badInternal(t, v);
    case "TIMESTAMP_WITHOUT_TIME_ZONE":
    case "TIMESTAMP_WITH_TIME_ZONE": // not produced by Flink's runtime; printed like TIMESTAMP
      return (v) => (v === null ? null : v instanceof Timestamp ? formatTimestamp(v, t.precision) : badInternal(t, v));
    case "TIMESTAMP_WITH_LOCAL_TIME_ZONE":
      return (v) =>
        v === null ? null : v instanceof Timestamp ? formatTimestamp(instantToLocal(v, zone), t.precision) : badInternal(t, v);
    case "INTERVAL_YEAR_MONTH":
      return (v) => (v === null ? null : typeof v === "number" && Number.isSafeInteger(v) ? formatYearMonthText(v) : badInternal(t, v));
    case "INTERVAL_DAY_TIME":
      return (v) => (v === null ? null : typeof v === "number" && Number.isSafeInteger(v) ? formatDayTimeText(v) : badInternal(t, v));
    case "ARRAY": {
      const el = formatterFor(t.elementType, zone);
      return (v) => {
        if (v === null) return null;
        if (!Array.isArray(v)) badInternal(t, v);
        const out: WireValue[] = new Array(v.length);
        for (let i = 0; i < v.length; i++) out[i] = el(v[i]!);
        return out;
      };
    }
    case "MULTISET": {
      const el = formatterFor(t.elementType, zone);
      return (v) => {
        if (v === null) return null;
        if (!(v instanceof Map)) badInternal(t, v);
        const out: WireValue[] = [];
        for (const [k, c] of v) {
          if (typeof c !== "number" || !Number.isInteger(c) || c < 0) badInternal(t, c);
          out.push([el(k), String(c)]);
        }
        return out;
      };
    }
    case "MAP": {
      const kf = formatterFor(t.keyType, zone);
      const vf = formatterFor(t.valueType, zone);
      return (v) => {
        if (v === null) return null;
        if (!(v instanceof Map)) badInternal(t, v);
        const out: WireValue[] = [];
        for (const [k, x] of v) out.push([kf(k), vf(x)]);
        return out;
      };
    }
    case "ROW":
    case "STRUCTURED_TYPE": {
      const fs = t.fields.map((f) => formatterFor(f.type, zone));
      return (v) => {
        if (v === null) return null;
        if (!Array.isArray(v) || v.length !== fs.length) badInternal(t, v);
        const out: WireValue[] = new Array(fs.length);
        for (let i = 0; i < fs.length; i++) out[i] = fs[i]!(v[i]!);
        return out;
      };
    }
    case "VARIANT":
      return (v) => checkVariant(t, v);
    case "DISTINCT_TYPE":
      return formatterFor(t.sourceType, zone);
    case "RAW":
    case "SYMBOL":
    case "OPAQUE":
      return (v) => checkOpaque(t, v, badInternal);
  }
}

/** Values of types without an interpretation are kept in wire form: strings in nested arrays. */
function checkOpaque(t: LogicalType, v: unknown, bad: (t: LogicalType, v: unknown) => never): WireValue {
  if (v === null || typeof v === "string") return v;
  if (Array.isArray(v)) {
    for (const x of v) checkOpaque(t, x, bad);
    return v as WireValue[];
  }
  return bad(t, v);
}

/** VARIANT nodes are `[code, value(, offset)]` arrays whose codes are JSON numbers. */
function checkVariant(t: LogicalType, v: unknown): WireValue {
  if (v === null || typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return v as unknown as WireValue;
  if (Array.isArray(v)) {
    for (const x of v) checkVariant(t, x);
    return v as WireValue[];
  }
  return badInternal(t, v);
}

function str(t: LogicalType, w: WireValue): string {
  return typeof w === "string" ? w : badWire(t, w, "expected a string");
}

function arr(t: LogicalType, w: WireValue): WireValue[] {
  return Array.isArray(w) ? w : badWire(t, w, "expected an array");
}

function temporal<T>(t: LogicalType, w: WireValue, parse: (s: string) => T): T {
  const s = str(t, w);
  try {
    return parse(s);
  } catch {
    return badWire(t, w);
  }
}

function compileParse(t: LogicalType, zone: string): Prs {
  switch (t.type) {
    case "NULL":
      return (w) => (w === null ? null : badWire(t, w, "NULL type holds only null"));
    case "BOOLEAN":
      return (w) => {
        if (w === null) return null;
        const b = parseBooleanText(str(t, w));
        return b === undefined ? badWire(t, w) : b;
      };
    case "TINYINT":
    case "SMALLINT":
    case "INTEGER": {
      const [lo, hi] = INT_RANGES[t.type];
      return (w) => {
        if (w === null) return null;
        const n = parseIntText(str(t, w), lo, hi);
        return n === undefined ? badWire(t, w) : n;
      };
    }
    case "BIGINT":
      return (w) => {
        if (w === null) return null;
        const n = parseBigIntText(str(t, w));
        return n === undefined ? badWire(t, w) : n;
      };
    case "FLOAT":
    case "DOUBLE": {
      const float = t.type === "FLOAT";
      return (w) => {
        if (w === null) return null;
        const n = parseDoubleText(str(t, w));
        return n === undefined ? badWire(t, w) : float ? Math.fround(n) : n;
      };
    }
    case "DECIMAL":
      return (w) => (w === null ? null : temporal(t, w, Decimal.parse));
    case "CHAR":
    case "VARCHAR":
      return (w) => (w === null ? null : str(t, w));
    case "BINARY":
    case "VARBINARY":
      return (w) => {
        if (w === null) return null;
        const b = parseBinaryText(str(t, w));
        return b === undefined ? badWire(t, w) : b;
      };
    case "DATE":
      return (w) => (w === null ? null : temporal(t, w, parseDate));
    case "TIME_WITHOUT_TIME_ZONE":
      return (w) => (w === null ? null : temporal(t, w, parseTime));
    case "TIMESTAMP_WITHOUT_TIME_ZONE":
    case "TIMESTAMP_WITH_TIME_ZONE":
      return (w) => (w === null ? null : temporal(t, w, parseTimestamp));
    case "TIMESTAMP_WITH_LOCAL_TIME_ZONE":
      return (w) => (w === null ? null : localToInstant(temporal(t, w, parseTimestamp), zone));
    case "INTERVAL_YEAR_MONTH":
      return (w) => {
        if (w === null) return null;
        const n = parseYearMonthText(str(t, w));
        return n === undefined ? badWire(t, w) : n;
      };
    case "INTERVAL_DAY_TIME":
      return (w) => {
        if (w === null) return null;
        const n = parseDayTimeText(str(t, w));
        return n === undefined ? badWire(t, w) : n;
      };
    case "ARRAY": {
      const el = parserFor(t.elementType, zone);
      return (w) => (w === null ? null : arr(t, w).map(el));
    }
    case "MULTISET": {
      const el = parserFor(t.elementType, zone);
      return (w) => {
        if (w === null) return null;
        const out = new Map<InternalValue, InternalValue>();
        for (const pair of arr(t, w)) {
          if (!Array.isArray(pair) || pair.length !== 2) badWire(t, w, "expected [element, count] pairs");
          const c = typeof pair[1] === "string" ? parseIntText(pair[1], 0, Number.MAX_SAFE_INTEGER) : undefined;
          if (c === undefined) badWire(t, w, "invalid count");
          out.set(el(pair[0]!), c);
        }
        return out;
      };
    }
    case "MAP": {
      const kp = parserFor(t.keyType, zone);
      const vp = parserFor(t.valueType, zone);
      return (w) => {
        if (w === null) return null;
        const out = new Map<InternalValue, InternalValue>();
        for (const pair of arr(t, w)) {
          if (!Array.isArray(pair) || pair.length !== 2) badWire(t, w, "expected [key, value] pairs");
          out.set(kp(pair[0]!), vp(pair[1]!));
        }
        return out;
      };
    }
    case "ROW":
    case "STRUCTURED_TYPE": {
      const fs = t.fields.map((f) => parserFor(f.type, zone));
      return (w) => {
        if (w === null) return null;
        const a = arr(t, w);
        if (a.length !== fs.length) badWire(t, w, `expected ${fs.length} fields`);
        return fs.map((p, i) => p(a[i]!));
      };
    }
    case "VARIANT":
      return (w) => checkVariant(t, w) as InternalValue;
    case "DISTINCT_TYPE":
      return parserFor(t.sourceType, zone);
    case "RAW":
    case "SYMBOL":
    case "OPAQUE":
      return (w) => checkOpaque(t, w, badWire) as InternalValue;
  }
}

const fmtCache = new WeakMap<LogicalType, Map<string, Fmt>>();
const prsCache = new WeakMap<LogicalType, Map<string, Prs>>();

/** The compiled formatter of a type (cached per type object and zone). */
export function formatterFor(t: LogicalType, zone = "UTC"): (v: InternalValue) => WireValue {
  let m = fmtCache.get(t);
  if (m === undefined) fmtCache.set(t, (m = new Map()));
  let f = m.get(zone);
  if (f === undefined) m.set(zone, (f = compileFormat(t, zone)));
  return f;
}

/** The compiled parser of a type (cached per type object and zone). */
export function parserFor(t: LogicalType, zone = "UTC"): (w: WireValue) => InternalValue {
  let m = prsCache.get(t);
  if (m === undefined) prsCache.set(t, (m = new Map()));
  let p = m.get(zone);
  if (p === undefined) m.set(zone, (p = compileParse(t, zone)));
  return p;
}

/**
 * Wire encoding of an internal value: scalars as Flink prints them (`TRUE`, `1.0E7`, `NaN`,
 * `2024-06-15 12:34:56.000`, `+2 04:15:20.000`, `+1-06`, `x'0aff'`), composites as arrays,
 * MAP/MULTISET as pair lists (MULTISET counts as strings), NULL as null. TIMESTAMP_LTZ
 * instants are printed in `options.localTimeZone` (default UTC).
 *
 * @example
 * ```ts
 * formatWireValue({ type: "DOUBLE", nullable: true }, 1e7); // "1.0E7"
 * ```
 * @throws DataError code `VALUE_TYPE_MISMATCH` when the value is not the type's internal form.
 */
export function formatWireValue(t: LogicalType, v: InternalValue, options?: WireOptions): WireValue {
  return formatterFor(t, options?.localTimeZone ?? "UTC")(v);
}

/**
 * Internal value of a wire value (inverse of formatWireValue).
 *
 * @example
 * ```ts
 * parseWireValue({ type: "BIGINT", nullable: true }, "9223372036854775807"); // 9223372036854775807n
 * ```
 * @throws DataError code `WIRE_VALUE_INVALID` naming the type and the (truncated) value.
 */
export function parseWireValue(t: LogicalType, wire: WireValue, options?: WireOptions): InternalValue {
  return parserFor(t, options?.localTimeZone ?? "UTC")(wire);
}
