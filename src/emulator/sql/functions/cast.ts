/**
 * CAST and TRY_CAST: which conversions Flink allows (validated when the statement is planned)
 * and how each converts a value at run time.
 *
 * Rules follow the Apache Flink docs, "Data Types > Casting" (the cast matrix) and
 * "System (Built-in) Functions > Type Conversion Functions":
 * - CAST fails the job on an invalid input; TRY_CAST returns NULL instead.
 * - Casting to CHAR(n) pads with spaces, to VARCHAR(n)/CHAR(n) truncates (Flink >= 1.16 without
 *   `table.exec.legacy-cast-behaviour`).
 * - Integer narrowing wraps like Java's primitive casts; floating point to integer truncates
 *   (saturating, NaN -> 0); numbers to DECIMAL round HALF_UP and give NULL on overflow.
 * - Numbers cannot be cast to TIMESTAMP (use TO_TIMESTAMP); integers cast to TIMESTAMP_LTZ are
 *   epoch seconds.
 * - Booleans print as TRUE/FALSE, doubles as Java's Double.toString, timestamps with a space.
 */
import type { LogicalType } from "../../../types/model.ts";
import {
  MILLIS_PER_DAY,
  NANOS_PER_DAY,
  formatDate,
  formatTime,
  formatTimestamp,
  instantToLocal,
  localToInstant,
  parseDate,
  parseTime,
  parseTimestamp,
} from "../../../types/temporal.ts";
import {
  formatDayTimeText,
  formatJavaDouble,
  formatJavaFloat,
  formatYearMonthText,
} from "../../../types/text-values.ts";
import type { EvalContext, InternalValue } from "./types.ts";
import {
  SqlRuntimeError,
  calciteName,
  isBinary,
  isCharacter,
  isInteger,
  isInterval,
  isNumeric,
  isTimestampType,
  validation,
} from "./types.ts";
import { Decimal, Timestamp, fitDecimal, toBigInt, toDecimal, toDouble, wrapInteger } from "./values.ts";

export type CastImpl = (v: InternalValue, ctx: EvalContext) => InternalValue;

const utf8 = new TextEncoder();
// Flink validates UTF-8 when casting bytes to a string (invalid sequences fail the cast).
const utf8Decode = new TextDecoder("utf-8", { fatal: true });

/** Why a single value could not be converted (turned into NULL by TRY_CAST). */
class CastFailure extends Error {
  constructor(
    message: string,
    readonly exceptionName = "org.apache.flink.table.api.TableRuntimeException",
  ) {
    super(message);
  }
}

function fail(v: InternalValue, to: LogicalType): never {
  throw new CastFailure(`Cannot cast ${showValue(v)} to type ${calciteName(to, true)}.`);
}

/** Flink's BinaryStringDataUtil message for a bad integer text (java.lang.NumberFormatException). */
function numberFormat(text: string, why: "Invalid character found." | "Overflow."): never {
  throw new CastFailure(`For input string: '${text.length > 60 ? text.slice(0, 60) + "…" : text}'. ${why}`, "java.lang.NumberFormatException");
}

function showValue(v: InternalValue): string {
  if (typeof v === "string") return `'${v.length > 60 ? v.slice(0, 60) + "…" : v}'`;
  return valueText(v);
}

/** Flink's text form of a value without type information (used for messages and nested values). */
function valueText(v: InternalValue): string {
  if (v === null) return "NULL";
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : formatJavaDouble(v);
  if (typeof v === "bigint" || typeof v === "string") return String(v);
  if (v instanceof Decimal) return v.toString();
  if (v instanceof Timestamp) return formatTimestamp(v, 3);
  return String(v);
}

/** Whether Flink allows CAST(from AS to) at all. */
export function canCast(from: LogicalType, to: LogicalType): boolean {
  if (from.type === "NULL") return true;
  if (to.type === "NULL") return false;
  if (isCharacter(to)) return true;
  if (isCharacter(from)) {
    return to.type !== "ARRAY" && to.type !== "MAP" && to.type !== "MULTISET" && to.type !== "ROW" && to.type !== "STRUCTURED_TYPE" && to.type !== "TIMESTAMP_WITH_TIME_ZONE";
  }
  if (from.type === to.type && !(from.type === "ARRAY" || from.type === "MULTISET" || from.type === "MAP" || from.type === "ROW")) return true;
  if (isNumeric(to)) return isNumeric(from) || from.type === "BOOLEAN" || (isInteger(to) && isInterval(from));
  if (to.type === "BOOLEAN") return isNumeric(from);
  if (isBinary(to)) return isBinary(from);
  if (to.type === "DATE") return isTimestampType(from);
  if (to.type === "TIME_WITHOUT_TIME_ZONE") return isTimestampType(from);
  if (to.type === "TIMESTAMP_WITHOUT_TIME_ZONE") return isTimestampType(from) || from.type === "DATE" || from.type === "TIME_WITHOUT_TIME_ZONE";
  if (to.type === "TIMESTAMP_WITH_LOCAL_TIME_ZONE") return isTimestampType(from) || from.type === "DATE" || from.type === "TIME_WITHOUT_TIME_ZONE" || isInteger(from) || from.type === "DECIMAL" || from.type === "DOUBLE" || from.type === "FLOAT";
  if (isInterval(to)) return from.type === to.type;
  if ((to.type === "ARRAY" && from.type === "ARRAY") || (to.type === "MULTISET" && from.type === "MULTISET")) return canCast(from.elementType, to.elementType);
  if (to.type === "MAP" && from.type === "MAP") return canCast(from.keyType, to.keyType) && canCast(from.valueType, to.valueType);
  if (to.type === "ROW" && (from.type === "ROW" || from.type === "STRUCTURED_TYPE")) {
    return from.fields.length === to.fields.length && from.fields.every((f, i) => canCast(f.type, to.fields[i]!.type));
  }
  return false;
}

/**
 * The conversion for CAST (tryCast false: an invalid value fails the job with a
 * SqlRuntimeError) or TRY_CAST (an invalid value gives NULL).
 *
 * @example
 * ```ts
 * castFunction(T.string(), T.int(), true)("12", ctx); // 12
 * castFunction(T.string(), T.int(), true)("x", ctx);  // null
 * ```
 * @throws EngineError (validation) when Flink does not support the cast at all.
 */
export function castFunction(from: LogicalType, to: LogicalType, tryCast: boolean): CastImpl {
  if (!canCast(from, to)) {
    throw validation(`Cast function cannot convert value of type ${calciteName(from, true)} to type ${calciteName(to, true)}`);
  }
  const impl = compileCast(from, to);
  if (tryCast) {
    return (v, ctx) => {
      if (v === null) return null;
      try {
        return impl(v, ctx);
      } catch (e) {
        if (e instanceof CastFailure || e instanceof SqlRuntimeError || e instanceof RangeError || e instanceof SyntaxError || e instanceof TypeError) return null;
        if (e instanceof Error && (e as { code?: string }).code !== undefined) return null; // DataError from parsers
        throw e;
      }
    };
  }
  return (v, ctx) => {
    if (v === null) return null;
    try {
      return impl(v, ctx);
    } catch (e) {
      if (e instanceof CastFailure) throw new SqlRuntimeError(e.message, e.exceptionName);
      if (e instanceof TypeError) throw new SqlRuntimeError(`Cannot cast ${showValue(v)} to type ${calciteName(to, true)}: ${e.message}`);
      if (e instanceof Error && (e as { code?: string }).code !== undefined) throw new SqlRuntimeError(`Cannot cast ${showValue(v)} to type ${calciteName(to, true)}: ${e.message}`);
      throw e;
    }
  };
}

function sameType(a: LogicalType, b: LogicalType): boolean {
  return JSON.stringify({ ...a, nullable: true }) === JSON.stringify({ ...b, nullable: true });
}

const INT_BITS: Record<string, number> = { TINYINT: 8, SMALLINT: 16, INTEGER: 32, BIGINT: 64 };

/** Conversion of one non-null value. Throws CastFailure (or a DataError) on invalid input. */
export function compileCast(from: LogicalType, to: LogicalType): CastImpl {
  if (from.type === "NULL") return () => null;
  if (isCharacter(to)) return castToString(from, to);
  if (sameType(from, to)) return (v) => v;
  if (isCharacter(from)) return castFromString(to);
  switch (to.type) {
    case "BOOLEAN":
      return (v) => (toDouble(v) !== 0);
    case "TINYINT":
    case "SMALLINT":
    case "INTEGER":
    case "BIGINT":
      return castToInteger(from, to.type);
    case "FLOAT":
      return (v) => (typeof v === "boolean" ? (v ? 1 : 0) : Math.fround(toDouble(v)));
    case "DOUBLE":
      return (v) => (typeof v === "boolean" ? (v ? 1 : 0) : toDouble(v));
    case "DECIMAL":
      return (v) => {
        if (typeof v === "boolean") return fitDecimal(Decimal.fromUnscaled(v ? 1n : 0n, 0), to.precision, to.scale);
        if (typeof v === "number" && !Number.isFinite(v)) fail(v, to);
        return fitDecimal(toDecimal(v), to.precision, to.scale);
      };
    case "BINARY":
    case "VARBINARY": {
      const len = to.length;
      const pad = to.type === "BINARY";
      return (v) => fitBytes(v as Uint8Array, len, pad);
    }
    case "DATE":
      return (v, ctx) => {
        let ts = v as Timestamp;
        if (from.type === "TIMESTAMP_WITH_LOCAL_TIME_ZONE") ts = instantToLocal(ts, ctx.localTimeZone);
        return Math.floor(ts.epochMillis / MILLIS_PER_DAY);
      };
    case "TIME_WITHOUT_TIME_ZONE": {
      const p = to.precision;
      return (v, ctx) => {
        let ts = v as Timestamp;
        if (from.type === "TIMESTAMP_WITH_LOCAL_TIME_ZONE") ts = instantToLocal(ts, ctx.localTimeZone);
        const ms = ((ts.epochMillis % MILLIS_PER_DAY) + MILLIS_PER_DAY) % MILLIS_PER_DAY;
        return truncateNanos(ms * 1e6 + ts.nanoOfMilli, p);
      };
    }
    case "TIMESTAMP_WITHOUT_TIME_ZONE": {
      const p = to.precision;
      return (v, ctx) => {
        if (from.type === "DATE") return new Timestamp((v as number) * MILLIS_PER_DAY);
        if (from.type === "TIME_WITHOUT_TIME_ZONE") return truncateTimestamp(Timestamp.fromEpochNanos(BigInt(v as number)), p);
        let ts = v as Timestamp;
        if (from.type === "TIMESTAMP_WITH_LOCAL_TIME_ZONE") ts = instantToLocal(ts, ctx.localTimeZone);
        return truncateTimestamp(ts, p);
      };
    }
    case "TIMESTAMP_WITH_LOCAL_TIME_ZONE": {
      const p = to.precision;
      return (v, ctx) => {
        if (from.type === "DATE") return localToInstant(new Timestamp((v as number) * MILLIS_PER_DAY), ctx.localTimeZone);
        if (from.type === "TIME_WITHOUT_TIME_ZONE") return localToInstant(Timestamp.fromEpochNanos(BigInt(v as number)), ctx.localTimeZone);
        if (isNumeric(from)) {
          // Numeric values are seconds since the epoch (Flink: CAST(numeric AS TIMESTAMP_LTZ)).
          const ms = toDecimal(typeof v === "number" && !Number.isFinite(v) ? fail(v, to) : v).multiply(Decimal.fromUnscaled(1000n, 0));
          return truncateTimestamp(new Timestamp(Number(ms.rescale(0, "DOWN").unscaled), 0), p);
        }
        let ts = v as Timestamp;
        if (from.type === "TIMESTAMP_WITHOUT_TIME_ZONE") ts = localToInstant(ts, ctx.localTimeZone);
        return truncateTimestamp(ts, p);
      };
    }
    case "INTERVAL_DAY_TIME":
    case "INTERVAL_YEAR_MONTH":
      return (v) => v;
    case "ARRAY":
    case "MULTISET": {
      const el = compileCast((from as { elementType: LogicalType }).elementType, to.elementType);
      if (to.type === "ARRAY") return (v, ctx) => (v as InternalValue[]).map((x) => (x === null ? null : el(x, ctx)));
      return (v, ctx) => {
        const out = new Map<InternalValue, InternalValue>();
        for (const [k, n] of v as Map<InternalValue, InternalValue>) out.set(k === null ? null : el(k, ctx), n);
        return out;
      };
    }
    case "MAP": {
      const f = from as Extract<LogicalType, { type: "MAP" }>;
      const kc = compileCast(f.keyType, to.keyType);
      const vc = compileCast(f.valueType, to.valueType);
      return (v, ctx) => {
        const out = new Map<InternalValue, InternalValue>();
        for (const [k, x] of v as Map<InternalValue, InternalValue>) out.set(k === null ? null : kc(k, ctx), x === null ? null : vc(x, ctx));
        return out;
      };
    }
    case "ROW": {
      const f = from as Extract<LogicalType, { type: "ROW" }>;
      const cs = to.fields.map((fld, i) => compileCast(f.fields[i]!.type, fld.type));
      return (v, ctx) => (v as InternalValue[]).map((x, i) => (x === null ? null : cs[i]!(x, ctx)));
    }
    default:
      throw validation(`Cast function cannot convert value of type ${calciteName(from, true)} to type ${calciteName(to, true)}`);
  }
}

function truncateNanos(nanos: number, precision: number): number {
  const unit = 10 ** (9 - Math.min(9, precision));
  return Math.floor(nanos / unit) * unit;
}

/** Drops fraction digits beyond the precision (Flink truncates when lowering precision). */
export function truncateTimestamp(ts: Timestamp, precision: number): Timestamp {
  if (precision >= 9) return ts;
  if (precision >= 3) {
    const unit = 10 ** (9 - precision);
    const n = Math.floor(ts.nanoOfMilli / unit) * unit;
    return n === ts.nanoOfMilli ? ts : new Timestamp(ts.epochMillis, n);
  }
  const unit = 10 ** (3 - precision);
  const ms = Math.floor(ts.epochMillis / unit) * unit;
  return ms === ts.epochMillis && ts.nanoOfMilli === 0 ? ts : new Timestamp(ms, 0);
}

function fitBytes(b: Uint8Array, len: number, pad: boolean): Uint8Array {
  if (b.length > len) return b.slice(0, len);
  if (pad && b.length < len) {
    const out = new Uint8Array(len);
    out.set(b);
    return out;
  }
  return b;
}

function castToInteger(from: LogicalType, type: "TINYINT" | "SMALLINT" | "INTEGER" | "BIGINT"): CastImpl {
  const bits = INT_BITS[type]!;
  const big = type === "BIGINT";
  if (from.type === "BOOLEAN") return (v) => (big ? (v ? 1n : 0n) : v ? 1 : 0);
  if (from.type === "FLOAT" || from.type === "DOUBLE") {
    // Java's (long)/(int) of a double: truncate, saturate, NaN -> 0; narrower types go via int.
    return (v) => {
      const d = v as number;
      if (Number.isNaN(d)) return big ? 0n : 0;
      const t = Math.trunc(d);
      if (big) {
        if (t >= 9.223372036854776e18) return 2n ** 63n - 1n;
        if (t <= -9.223372036854776e18) return -(2n ** 63n);
        return BigInt(t);
      }
      const i = t >= 2147483647 ? 2147483647 : t <= -2147483648 ? -2147483648 : t;
      return bits === 32 ? i : (wrapInteger(type, i) as number);
    };
  }
  if (isInterval(from)) return (v) => (big ? BigInt(v as number) : (wrapInteger(type, v as number) as number));
  return (v) => {
    const b = typeof v === "bigint" ? v : v instanceof Decimal ? v.rescale(0, "DOWN").unscaled : BigInt(v as number);
    const w = BigInt.asIntN(bits, b);
    return big ? w : Number(w);
  };
}

// ---------------------------------------------------------------------------------------------
// To and from text

function javaInterval(t: LogicalType, v: number): string {
  return t.type === "INTERVAL_YEAR_MONTH" ? formatYearMonthText(v) : formatDayTimeText(v);
}

/** Flink's CAST(x AS STRING) text of a non-null value of type t. */
export function textOf(t: LogicalType, v: InternalValue, zone: string): string {
  switch (t.type) {
    case "CHAR":
    case "VARCHAR":
      return v as string;
    case "BOOLEAN":
      return v ? "TRUE" : "FALSE";
    case "TINYINT":
    case "SMALLINT":
    case "INTEGER":
    case "BIGINT":
      return String(v);
    case "FLOAT":
      return formatJavaFloat(v as number);
    case "DOUBLE":
      return formatJavaDouble(v as number);
    case "DECIMAL":
      return (v as Decimal).toString();
    case "DATE":
      return formatDate(v as number);
    case "TIME_WITHOUT_TIME_ZONE":
      return formatTime(v as number, t.precision);
    case "TIMESTAMP_WITHOUT_TIME_ZONE":
      return formatTimestamp(v as Timestamp, t.precision);
    case "TIMESTAMP_WITH_LOCAL_TIME_ZONE":
      return formatTimestamp(instantToLocal(v as Timestamp, zone), t.precision);
    case "INTERVAL_YEAR_MONTH":
    case "INTERVAL_DAY_TIME":
      return javaInterval(t, v as number);
    case "BINARY":
    case "VARBINARY":
      return utf8Decode.decode(v as Uint8Array);
    case "ARRAY":
      return "[" + (v as InternalValue[]).map((x) => (x === null ? "NULL" : textOf(t.elementType, x, zone))).join(", ") + "]";
    case "MULTISET": {
      const parts: string[] = [];
      for (const [k, n] of v as Map<InternalValue, InternalValue>) parts.push(`${k === null ? "NULL" : textOf(t.elementType, k, zone)}=${String(n)}`);
      return "{" + parts.join(", ") + "}";
    }
    case "MAP": {
      const parts: string[] = [];
      for (const [k, x] of v as Map<InternalValue, InternalValue>) {
        parts.push(`${k === null ? "NULL" : textOf(t.keyType, k, zone)}=${x === null ? "NULL" : textOf(t.valueType, x, zone)}`);
      }
      return "{" + parts.join(", ") + "}";
    }
    case "ROW":
    case "STRUCTURED_TYPE":
      return "(" + (v as InternalValue[]).map((x, i) => (x === null ? "NULL" : textOf(t.fields[i]!.type, x, zone))).join(", ") + ")";
    default:
      return valueText(v);
  }
}

function castToString(from: LogicalType, to: Extract<LogicalType, { type: "CHAR" | "VARCHAR" }>): CastImpl {
  const len = to.length;
  const pad = to.type === "CHAR";
  return (v, ctx) => {
    let s = textOf(from, v, ctx.localTimeZone);
    if (s.length > len) s = s.slice(0, len);
    else if (pad && s.length < len) s = s.padEnd(len, " ");
    return s;
  };
}

const TRUE_TEXT = new Set(["t", "true", "y", "yes", "1"]);
const FALSE_TEXT = new Set(["f", "false", "n", "no", "0"]);
const INT_TEXT = /^[+-]?\d+(?:\.\d*)?$|^[+-]?\.\d+$/;

/** Flink's string-to-integer rule: trimmed, optional sign, digits; a fraction is dropped. */
export function parseIntegral(s: string): bigint | null {
  const t = s.trim();
  if (!INT_TEXT.test(t)) return null;
  const dot = t.indexOf(".");
  const whole = dot < 0 ? t : t.slice(0, dot);
  if (whole === "" || whole === "+" || whole === "-") return 0n;
  return BigInt(whole);
}

function castFromString(to: LogicalType): CastImpl {
  switch (to.type) {
    case "BOOLEAN":
      return (v) => {
        const s = (v as string).trim().toLowerCase();
        if (TRUE_TEXT.has(s)) return true;
        if (FALSE_TEXT.has(s)) return false;
        return fail(v, to);
      };
    case "TINYINT":
    case "SMALLINT":
    case "INTEGER":
    case "BIGINT": {
      const bits = INT_BITS[to.type]!;
      return (v) => {
        const b = parseIntegral(v as string);
        if (b === null) return numberFormat(v as string, "Invalid character found.");
        if (BigInt.asIntN(bits, b) !== b) return numberFormat(v as string, "Overflow.");
        return to.type === "BIGINT" ? b : Number(b);
      };
    }
    case "FLOAT":
    case "DOUBLE":
      return (v) => {
        const s = (v as string).trim();
        const d = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[dDfF]?$/.test(s) ? Number(s.replace(/[dDfF]$/, "")) : s === "NaN" ? NaN : s === "Infinity" || s === "+Infinity" ? Infinity : s === "-Infinity" ? -Infinity : undefined;
        if (d === undefined) return fail(v, to);
        return to.type === "FLOAT" ? Math.fround(d) : d;
      };
    case "DECIMAL":
      return (v) => {
        let d: Decimal;
        try {
          d = Decimal.parse((v as string).trim());
        } catch {
          return fail(v, to);
        }
        return fitDecimal(d, to.precision, to.scale);
      };
    case "DATE":
      return (v) => {
        const s = (v as string).trim();
        // A timestamp text is accepted too (its date part).
        return s.length > 10 ? Math.floor(parseTimestamp(s).epochMillis / MILLIS_PER_DAY) : parseDate(s);
      };
    case "TIME_WITHOUT_TIME_ZONE": {
      const p = to.precision;
      return (v) => truncateNanos(parseTime(v as string) % NANOS_PER_DAY, p);
    }
    case "TIMESTAMP_WITHOUT_TIME_ZONE": {
      const p = to.precision;
      return (v) => truncateTimestamp(parseTimestamp(v as string), p);
    }
    case "TIMESTAMP_WITH_LOCAL_TIME_ZONE": {
      const p = to.precision;
      return (v, ctx) => truncateTimestamp(localToInstant(parseTimestamp(v as string), ctx.localTimeZone), p);
    }
    case "BINARY":
    case "VARBINARY": {
      const len = to.length;
      const pad = to.type === "BINARY";
      return (v) => fitBytes(utf8.encode(v as string), len, pad);
    }
    case "INTERVAL_DAY_TIME":
    case "INTERVAL_YEAR_MONTH":
      return (v) => fail(v, to);
    default:
      throw validation(`Cast function cannot convert value of type VARCHAR to type ${calciteName(to)}`);
  }
}

export { toBigInt };
