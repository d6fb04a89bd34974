/**
 * Result decoding: wire values (strings, nested arrays, null) -> the JS values users get.
 *
 * One decoder is compiled per result schema: each column gets a closure chain built once from
 * its type and the options, so decoding a cell is a direct call, never a switch on the type.
 * Defaults (each switchable):
 * - BOOLEAN -> boolean; TINYINT/SMALLINT/INTEGER/FLOAT/DOUBLE -> number (NaN, ±Infinity kept).
 * - BIGINT -> number, but outside the safe-integer range a DataError `BIGINT_UNSAFE` naming
 *   the column (never silent rounding); `bigint: "bigint" | "string"`.
 * - DECIMAL -> string exactly as sent; `decimal: "number"`.
 * - CHAR/VARCHAR -> string; BINARY/VARBINARY (`x'..'`) -> Uint8Array.
 * - DATE/TIME/TIMESTAMP -> lossless ISO-8601 strings (`2024-06-15`, `12:34:56.789`,
 *   `2024-06-15T12:34:56.123456`); TIMESTAMP_LTZ -> ISO instant with `Z`, converted from the
 *   statement's `sql.local-time-zone` (`localTimeZone`, UTC when unset).
 *   `temporal: "date"`: Date objects (truncated to milliseconds; naive values read as UTC,
 *   TIME as that time on 1970-01-01 UTC).
 *   `temporal: "temporal"`: Temporal.PlainDate/PlainTime/PlainDateTime/Instant from the global
 *   `Temporal` or `options.Temporal`.
 * - INTERVAL -> YearMonthInterval / DayTimeInterval.
 * - ARRAY -> Array; MAP -> Map; MULTISET -> Map of element to count; ROW (nested) -> plain
 *   object keyed by field name at any depth; VARIANT -> plain JS (objects, arrays, scalars).
 * - DISTINCT_TYPE -> its source type's value. RAW, SYMBOL and OPAQUE (a type this driver does
 *   not know, e.g. one newer than it) -> the raw wire value as sent (string, array or null),
 *   so one unknown column never makes a result unreadable; a `cast` hook can interpret it.
 * - `cast(column, raw, next)`: a hook per top-level column; `next` is the default decoder.
 *
 * Every malformed value is a DataError (code `VALUE_INVALID`) naming the column, its type and
 * the truncated value. This module is the planetscale `cast.ts` shape: small named pieces.
 * Row objects are built by a generated object literal where the runtime allows it (see
 * `generate`), by a generic loop elsewhere (Workers, strict CSP); both give the same result.
 */
import { DataError, InterfaceError, ProtocolError } from "../errors.ts";
import { truncate } from "./decimal.ts";
import { formatType } from "./format-type.ts";
import { DayTimeInterval, YearMonthInterval } from "./interval.ts";
import type { Column, LogicalType, RowField } from "./model.ts";
import {
  formatTimestamp,
  isUtcZone,
  localToInstant,
  localMillisToUtc,
  daysFromCivil,
  MILLIS_PER_DAY,
  parseDate,
  parseTime,
  parseTimestamp,
  Timestamp,
  validateTimeZone,
  formatDate,
  formatTime,
} from "./temporal.ts";
import {
  isBigIntText,
  parseBigIntText,
  parseBinaryText,
  parseBooleanText,
  parseDayTimeText,
  parseDoubleText,
  parseIntText,
  parseYearMonthText,
} from "./text-values.ts";

/** Per-column hook: receives the raw wire value and the default decoder for the column. */
export type CastHook = (column: Column, raw: unknown, next: (raw: unknown) => unknown) => unknown;

export interface DecodeOptions {
  /** BIGINT as a number (default; unsafe values throw), a bigint, or the text as sent. */
  bigint?: "number" | "bigint" | "string";
  /** DECIMAL as the text as sent (default) or a number (may round). */
  decimal?: "string" | "number";
  /** DATE/TIME/TIMESTAMP/TIMESTAMP_LTZ as ISO strings (default), Date objects or Temporal objects. */
  temporal?: "string" | "date" | "temporal";
  /** The Temporal namespace to use for `temporal: "temporal"` (default: the global one). */
  Temporal?: unknown;
  /** Per-column override hook. */
  cast?: CastHook;
  /** The statement's `sql.local-time-zone` (TIMESTAMP_LTZ values are printed in it); default UTC. */
  localTimeZone?: string;
}

export interface RowDecoder {
  /** Decoded values, positional. */
  toArray(row: readonly unknown[]): unknown[];
  /** Decoded values keyed by column name. @throws InterfaceError `COLUMN_NAME_DUPLICATE` when names repeat. */
  toObject(row: readonly unknown[]): Record<string, unknown>;
}

type Dec = (w: unknown) => unknown;

/** Thrown by leaf decoders; turned into a DataError naming the column at the top. */
class DecodeFailure {
  constructor(
    readonly type: LogicalType,
    readonly value: unknown,
    readonly code = "VALUE_INVALID",
    readonly why?: string,
  ) {}
}

function fail(t: LogicalType, w: unknown, why?: string): never {
  throw new DecodeFailure(t, w, "VALUE_INVALID", why);
}

function show(v: unknown): string {
  try {
    return truncate(typeof v === "string" ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v)));
  } catch {
    return truncate(String(v));
  }
}

function toDataError(f: DecodeFailure, column: Column, index: number): DataError {
  const where = `column ${JSON.stringify(column.name)} (#${index + 1}, ${formatType(column.type)})`;
  const inner = f.type === column.type ? "" : ` ${formatType(f.type)}`;
  if (f.code === "BIGINT_UNSAFE") {
    return new DataError(
      "BIGINT_UNSAFE",
      `Cannot decode ${where}: BIGINT value ${show(f.value)} is outside the safe integer range; use the option bigint: "bigint" or "string"`,
    );
  }
  return new DataError(f.code, `Cannot decode ${where}: invalid${inner} value ${show(f.value)}${f.why === undefined ? "" : ` (${f.why})`}`);
}

// ---------------------------------------------------------------------------------------------
// Fast validators for the canonical temporal text forms (fall back to the general parsers).

function d2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** `YYYY-MM-DD` at i..i+10 is a real date. */
function dateAt(s: string, i: number): boolean {
  const y1 = d2(s, i);
  const y2 = d2(s, i + 2);
  const m = d2(s, i + 5);
  const d = d2(s, i + 8);
  if (y1 < 0 || y2 < 0 || s.charCodeAt(i + 4) !== 45 || s.charCodeAt(i + 7) !== 45 || m < 1 || m > 12 || d < 1) return false;
  if (d <= 28) return true;
  const y = y1 * 100 + y2;
  const dim = m === 2 ? ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
  return d <= dim;
}

/** `HH:MM:SS[.f{1,9}]` from i to the end of s. */
function timeAt(s: string, i: number): boolean {
  const h = d2(s, i);
  const mi = d2(s, i + 3);
  const se = d2(s, i + 6);
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 59 || s.charCodeAt(i + 2) !== 58 || s.charCodeAt(i + 5) !== 58) return false;
  const end = s.length;
  if (end === i + 8) return true;
  if (s.charCodeAt(i + 8) !== 46 || end === i + 9 || end > i + 18) return false;
  for (let j = i + 9; j < end; j++) {
    const c = s.charCodeAt(j);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function canonicalDate(s: string): boolean {
  return s.length === 10 && dateAt(s, 0);
}
function canonicalTime(s: string): boolean {
  return s.length >= 8 && timeAt(s, 0);
}
function canonicalTimestamp(s: string): boolean {
  return s.length >= 19 && s.charCodeAt(10) === 32 && dateAt(s, 0) && timeAt(s, 11);
}

/** Fraction digits of a time or timestamp text as sent (0 when it has none). */
function fractionDigits(s: string): number {
  const dot = s.lastIndexOf(".");
  return dot < 0 || dot < s.lastIndexOf(":") ? 0 : s.length - dot - 1;
}

/**
 * ISO-8601 form of a `YYYY-MM-DD` text from formatDate. Years outside 0000-9999 (which Flink's
 * formatter prints as `+10000`, `-0001`) take the expanded `±YYYYYY` form that Date.parse and
 * Temporal read, so they are never cut or misread.
 */
function isoDate(s: string): string {
  const c = s.charCodeAt(0);
  if (c !== 43 && c !== 45 && s.indexOf("-") === 4) return s;
  const dash = s.indexOf("-", 1);
  return (c === 45 ? "-" : "+") + s.slice(c === 43 || c === 45 ? 1 : 0, dash).padStart(6, "0") + s.slice(dash);
}

/** ISO-8601 form of a `YYYY-MM-DD HH:MM:SS[.f]` text from formatTimestamp. */
function isoDateTime(s: string): string {
  const sp = s.indexOf(" ");
  return isoDate(s.slice(0, sp)) + "T" + s.slice(sp + 1);
}

/** A Date for epoch millis, or a DataError when Date cannot hold it (beyond ±275760 years). */
function checkedDate(t: LogicalType, w: unknown, ms: number): Date {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? fail(t, w, "outside the range of Date") : d;
}

/** A Temporal object, or a DataError when Temporal rejects the value (out of its range). */
function viaTemporal(t: LogicalType, w: unknown, make: () => unknown): unknown {
  try {
    return make();
  } catch (e) {
    if (e instanceof DecodeFailure) throw e;
    return fail(t, w, "not accepted by Temporal");
  }
}

const MILLIS_PER_HOUR = 3_600_000;

/**
 * TIMESTAMP_LTZ text in a non-UTC session zone -> ISO instant, with the zone resolved once per
 * local hour instead of once per value. For each local hour seen it keeps:
 * - the UTC `YYYY-MM-DDTHH` prefix, when the whole hour converts with one offset that is a
 *   whole number of hours: minutes, seconds and the fraction then carry over exactly as sent;
 * - the offset in ms, when it is one offset of whole seconds but not whole hours (`+05:30`);
 * - NaN, when the two ends of the hour convert with different offsets (a transition inside the
 *   hour, as in zones that shift by 30 minutes): each such value is converted exactly.
 * Conversion follows localMillisToUtc (java.time's `LocalDateTime.atZone`, which Flink uses to
 * read LTZ text): in a DST overlap the earlier offset, in a gap the time moved forward by the
 * gap, both uniform over a whole-hour transition, so those hours are cached like any other.
 */
class LocalHours {
  readonly #byHour = new Map<number, string | number>();
  readonly #zone: string;
  constructor(zone: string) {
    this.#zone = zone;
  }

  /** The ISO instant of canonical `YYYY-MM-DD HH:MM:SS[.f]` text; undefined to use the exact path. */
  toUtcIso(w: string): string | undefined {
    const y = d2(w, 0) * 100 + d2(w, 2);
    const mo = d2(w, 5);
    const d = d2(w, 8);
    const h = d2(w, 11);
    const key = ((y * 13 + mo) * 32 + d) * 24 + h;
    let e = this.#byHour.get(key);
    if (e === undefined) e = this.#entry(key, daysFromCivil(y, mo, d) * MILLIS_PER_DAY + h * MILLIS_PER_HOUR);
    if (typeof e === "string") return e + w.slice(13) + "Z";
    if (e !== e) return undefined;
    const local = daysFromCivil(y, mo, d) * MILLIS_PER_DAY + ((h * 60 + d2(w, 14)) * 60 + d2(w, 17)) * 1000;
    const text = formatTimestamp(new Timestamp(local - e), 0);
    return isoDateTime(text) + w.slice(19) + "Z";
  }

  #entry(key: number, start: number): string | number {
    const end = start + MILLIS_PER_HOUR - 1;
    const off = start - localMillisToUtc(start, this.#zone);
    let e: string | number;
    if (end - localMillisToUtc(end, this.#zone) !== off || off % 1000 !== 0) e = NaN;
    else if (off % MILLIS_PER_HOUR !== 0) e = off;
    else e = isoDateTime(formatTimestamp(new Timestamp(start - off), 0)).slice(0, -6);
    if (this.#byHour.size >= 10_000) this.#byHour.clear();
    this.#byHour.set(key, e);
    return e;
  }
}

/** Parse with a throwing parser, mapping any failure to a DecodeFailure. */
function attempt<T>(t: LogicalType, w: string, parse: (s: string) => T): T {
  try {
    return parse(w);
  } catch {
    return fail(t, w);
  }
}

// ---------------------------------------------------------------------------------------------

interface TemporalNs {
  PlainDate: { from(s: string): unknown };
  PlainTime: { from(s: string): unknown };
  PlainDateTime: { from(s: string): unknown };
  Instant: { fromEpochNanoseconds(n: bigint): unknown };
}

class Compiler {
  readonly #bigint: "number" | "bigint" | "string";
  readonly #decimal: "string" | "number";
  readonly #temporal: "string" | "date" | "temporal";
  readonly #zone: string;
  readonly #utc: boolean;
  #temporalNs: TemporalNs | undefined;
  #variantTable: Map<number, Dec> | undefined;
  readonly #options: DecodeOptions;

  constructor(options: DecodeOptions) {
    this.#options = options;
    this.#bigint = options.bigint ?? "number";
    this.#decimal = options.decimal ?? "string";
    this.#temporal = options.temporal ?? "string";
    for (const [k, v, allowed] of [
      ["bigint", this.#bigint, ["number", "bigint", "string"]],
      ["decimal", this.#decimal, ["string", "number"]],
      ["temporal", this.#temporal, ["string", "date", "temporal"]],
    ] as const) {
      if (!(allowed as readonly string[]).includes(v)) {
        throw new InterfaceError("OPTION_INVALID", `Invalid decode option ${k}: ${JSON.stringify(v)} (expected ${allowed.join(", ")})`);
      }
    }
    this.#zone = options.localTimeZone ?? "UTC";
    try {
      validateTimeZone(this.#zone);
    } catch (cause) {
      throw new InterfaceError("OPTION_INVALID", `Invalid localTimeZone ${JSON.stringify(this.#zone)}`, { cause });
    }
    this.#utc = isUtcZone(this.#zone);
  }

  #T(): TemporalNs {
    if (this.#temporalNs === undefined) {
      const ns = (this.#options.Temporal ?? (globalThis as { Temporal?: unknown }).Temporal) as TemporalNs | undefined;
      if (ns === undefined || ns === null || typeof ns.PlainDate?.from !== "function") {
        throw new InterfaceError(
          "TEMPORAL_UNAVAILABLE",
          'temporal: "temporal" needs a global Temporal or the option Temporal (e.g. from a polyfill)',
        );
      }
      this.#temporalNs = ns;
    }
    return this.#temporalNs;
  }

  /** Decoder for a value of type t; handles null itself. */
  compile(t: LogicalType): Dec {
    const d = this.#compileNonNull(t);
    if (t.type === "NULL") return d;
    return (w) => (w === null ? null : d(w));
  }

  /** Decoder for a non-null wire value of type t. */
  #compileNonNull(t: LogicalType): Dec {
    switch (t.type) {
      case "NULL":
        return (w) => (w === null ? null : fail(t, w, "NULL type holds only null"));
      case "BOOLEAN":
        return (w) => {
          if (w === "TRUE") return true;
          if (w === "FALSE") return false;
          const b = typeof w === "string" ? parseBooleanText(w) : undefined;
          return b === undefined ? fail(t, w) : b;
        };
      case "TINYINT":
      case "SMALLINT":
      case "INTEGER": {
        const lo = t.type === "TINYINT" ? -128 : t.type === "SMALLINT" ? -32768 : -2147483648;
        const hi = -lo - 1;
        return (w) => {
          const n = typeof w === "string" ? parseIntText(w, lo, hi) : undefined;
          return n === undefined ? fail(t, w) : n;
        };
      }
      case "BIGINT":
        return this.#bigintDecoder(t);
      case "FLOAT":
      case "DOUBLE":
        return (w) => {
          const n = typeof w === "string" ? parseDoubleText(w) : undefined;
          return n === undefined ? fail(t, w) : n;
        };
      case "DECIMAL": {
        const re = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
        if (this.#decimal === "number") return (w) => (typeof w === "string" && re.test(w) ? +w : fail(t, w));
        return (w) => (typeof w === "string" && re.test(w) ? w : fail(t, w));
      }
      case "CHAR":
      case "VARCHAR":
        return (w) => (typeof w === "string" ? w : fail(t, w, "expected a string"));
      case "BINARY":
      case "VARBINARY":
        return (w) => {
          const b = typeof w === "string" ? parseBinaryText(w) : undefined;
          return b === undefined ? fail(t, w) : b;
        };
      case "DATE":
        return this.#dateDecoder(t);
      case "TIME_WITHOUT_TIME_ZONE":
        return this.#timeDecoder(t);
      case "TIMESTAMP_WITHOUT_TIME_ZONE":
      case "TIMESTAMP_WITH_TIME_ZONE": // not produced by Flink's runtime; decoded like TIMESTAMP
        return this.#timestampDecoder(t);
      case "TIMESTAMP_WITH_LOCAL_TIME_ZONE":
        return this.#ltzDecoder(t);
      case "INTERVAL_YEAR_MONTH":
        return (w) => {
          const n = typeof w === "string" ? parseYearMonthText(w) : undefined;
          return n === undefined ? fail(t, w) : YearMonthInterval.ofMonths(n);
        };
      case "INTERVAL_DAY_TIME":
        return (w) => {
          const n = typeof w === "string" ? parseDayTimeText(w) : undefined;
          return n === undefined ? fail(t, w) : new DayTimeInterval(n);
        };
      case "ARRAY": {
        const el = this.compile(t.elementType);
        return (w) => {
          if (!Array.isArray(w)) fail(t, w, "expected an array");
          const out = new Array(w.length);
          for (let i = 0; i < w.length; i++) out[i] = el(w[i]);
          return out;
        };
      }
      case "MAP": {
        const k = this.compile(t.keyType);
        const v = this.compile(t.valueType);
        return (w) => {
          if (!Array.isArray(w)) fail(t, w, "expected a list of [key, value] pairs");
          const out = new Map<unknown, unknown>();
          for (let i = 0; i < w.length; i++) {
            const p = w[i];
            if (!Array.isArray(p) || p.length !== 2) fail(t, w, "expected a list of [key, value] pairs");
            out.set(k(p[0]), v(p[1]));
          }
          return out;
        };
      }
      case "MULTISET": {
        const el = this.compile(t.elementType);
        return (w) => {
          if (!Array.isArray(w)) fail(t, w, "expected a list of [element, count] pairs");
          const out = new Map<unknown, number>();
          for (let i = 0; i < w.length; i++) {
            const p = w[i];
            if (!Array.isArray(p) || p.length !== 2) fail(t, w, "expected a list of [element, count] pairs");
            const c = typeof p[1] === "string" ? parseIntText(p[1], 0, Number.MAX_SAFE_INTEGER) : undefined;
            if (c === undefined) fail(t, w, "invalid count");
            out.set(el(p[0]), c);
          }
          return out;
        };
      }
      case "ROW":
      case "STRUCTURED_TYPE":
        return this.#rowDecoder(t, t.fields);
      case "VARIANT":
        return (w) => this.#variant(t, w);
      case "DISTINCT_TYPE":
        return this.#compileNonNull(t.sourceType);
      case "RAW":
      case "SYMBOL":
      case "OPAQUE":
        // Nothing to interpret (RAW is a Java object, SYMBOL a planner enum) or nothing known
        // (a newer Flink type): the value is handed out exactly as the server sent it.
        return (w) => w;
    }
  }

  #bigintDecoder(t: LogicalType): Dec {
    switch (this.#bigint) {
      case "bigint":
        return (w) => {
          const n = typeof w === "string" ? parseBigIntText(w) : undefined;
          return n === undefined ? fail(t, w) : n;
        };
      case "string":
        return (w) => (typeof w === "string" && isBigIntText(w) ? w : fail(t, w));
      default:
        return (w) => {
          if (typeof w !== "string") fail(t, w);
          const n = parseIntText(w, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
          if (n !== undefined) return n;
          if (isBigIntText(w)) throw new DecodeFailure(t, w, "BIGINT_UNSAFE");
          return fail(t, w);
        };
    }
  }

  #dateDecoder(t: LogicalType): Dec {
    const toIso = (w: unknown): string => {
      if (typeof w !== "string") fail(t, w);
      return canonicalDate(w) ? w : isoDate(formatDate(attempt(t, w, parseDate)));
    };
    switch (this.#temporal) {
      case "date":
        return (w) => checkedDate(t, w, attempt(t, toIso(w), parseDate) * MILLIS_PER_DAY);
      case "temporal": {
        const T = this.#T();
        return (w) => viaTemporal(t, w, () => T.PlainDate.from(toIso(w)));
      }
      default:
        return toIso;
    }
  }

  #timeDecoder(t: LogicalType): Dec {
    const toIso = (w: unknown): string => {
      if (typeof w !== "string") fail(t, w);
      return canonicalTime(w) ? w : formatTime(attempt(t, w, parseTime), 9);
    };
    switch (this.#temporal) {
      case "date":
        return (w) => new Date(Math.floor(attempt(t, toIso(w), parseTime) / 1e6));
      case "temporal": {
        const T = this.#T();
        return (w) => T.PlainTime.from(toIso(w));
      }
      default:
        return toIso;
    }
  }

  #timestampDecoder(t: LogicalType): Dec {
    const toIso = (w: unknown): string => {
      if (typeof w !== "string") fail(t, w);
      if (canonicalTimestamp(w)) return w.slice(0, 10) + "T" + w.slice(11);
      return isoDateTime(formatTimestamp(attempt(t, w, parseTimestamp), fractionDigits(w)));
    };
    switch (this.#temporal) {
      case "date":
        return (w) => checkedDate(t, w, attempt(t, toIso(w), parseTimestamp).epochMillis);
      case "temporal": {
        const T = this.#T();
        return (w) => viaTemporal(t, w, () => T.PlainDateTime.from(toIso(w)));
      }
      default:
        return toIso;
    }
  }

  #ltzDecoder(t: LogicalType): Dec {
    const zone = this.#zone;
    const utc = this.#utc;
    const instant = (w: unknown): Timestamp => {
      if (typeof w !== "string") fail(t, w);
      const local = attempt(t, w, parseTimestamp);
      return utc ? local : localToInstant(local, zone);
    };
    switch (this.#temporal) {
      case "date":
        return (w) => checkedDate(t, w, instant(w).epochMillis);
      case "temporal": {
        const T = this.#T();
        return (w) => viaTemporal(t, w, () => T.Instant.fromEpochNanoseconds(instant(w).toEpochNanos()));
      }
      default: {
        const hours = utc ? undefined : new LocalHours(zone);
        return (w) => {
          if (typeof w === "string" && canonicalTimestamp(w)) {
            if (hours === undefined) return w.slice(0, 10) + "T" + w.slice(11) + "Z";
            const fast = hours.toUtcIso(w);
            if (fast !== undefined) return fast;
          }
          return isoDateTime(formatTimestamp(instant(w), fractionDigits(w as string))) + "Z";
        };
      }
    }
  }

  #rowDecoder(t: LogicalType, fields: readonly RowField[]): Dec {
    const n = fields.length;
    const names = fields.map((f) => f.name);
    const decs = fields.map((f) => this.compile(f.type));
    const special = names.some((k) => k === "__proto__");
    const built = generateObjectBuilder(names, decs);
    if (built !== undefined) {
      return (w) => {
        if (!Array.isArray(w) || w.length !== n) fail(t, w, `expected an array of ${n} field values`);
        return built(w);
      };
    }
    // Cloning a template with every key gives each object its final shape in one step.
    const template = objectTemplate(names);
    return (w) => {
      if (!Array.isArray(w) || w.length !== n) fail(t, w, `expected an array of ${n} field values`);
      const o: Record<string, unknown> = { ...template };
      for (let i = 0; i < n; i++) {
        if (special) Object.defineProperty(o, names[i]!, { value: decs[i]!(w[i]), enumerable: true, writable: true, configurable: true });
        else o[names[i]!] = decs[i]!(w[i]);
      }
      return o;
    };
  }

  // VARIANT: self-describing nodes [code, value(, offset)] (wire-protocol.md 5.2).
  #variant(t: LogicalType, node: unknown): unknown {
    if (node === null) return null;
    if (!Array.isArray(node) || node.length < 1) fail(t, node, "expected a [code, value] node");
    const code = typeof node[0] === "number" ? node[0] : Number(node[0]);
    switch (code) {
      case 0:
        return null;
      case 1: {
        const entries = node[1];
        if (!Array.isArray(entries)) fail(t, node, "expected object entries");
        const o: Record<string, unknown> = {};
        for (const e of entries) {
          if (!Array.isArray(e) || e.length !== 2 || typeof e[0] !== "string") fail(t, node, "expected [key, node] entries");
          Object.defineProperty(o, e[0], { value: this.#variant(t, e[1]), enumerable: true, writable: true, configurable: true });
        }
        return o;
      }
      case 2: {
        const items = node[1];
        if (!Array.isArray(items)) fail(t, node, "expected array items");
        return items.map((x) => this.#variant(t, x));
      }
      default: {
        const d = this.#variantScalars().get(code);
        if (d === undefined) fail(t, node, `unknown VARIANT type code ${String(node[0])}`);
        const v = node[1];
        return v === null || v === undefined ? null : d(typeof v === "boolean" || typeof v === "number" ? String(v) : v);
      }
    }
  }

  #variantScalars(): Map<number, Dec> {
    if (this.#variantTable === undefined) {
      const T = (type: LogicalType["type"], extra: object = {}): LogicalType => ({ type, nullable: true, ...extra }) as LogicalType;
      const table: Array<[number, LogicalType]> = [
        [3, T("BOOLEAN")],
        [4, T("TINYINT")],
        [5, T("SMALLINT")],
        [6, T("INTEGER")],
        [7, T("BIGINT")],
        [8, T("FLOAT")],
        [9, T("DOUBLE")],
        [10, T("DECIMAL", { precision: 38, scale: 18 })],
        [11, T("VARCHAR", { length: 2147483647 })],
        [12, T("DATE")],
        [13, T("TIMESTAMP_WITHOUT_TIME_ZONE", { precision: 6 })],
        [14, T("TIMESTAMP_WITH_LOCAL_TIME_ZONE", { precision: 6 })],
        [15, T("VARBINARY", { length: 2147483647 })],
        [16, T("TIME_WITHOUT_TIME_ZONE", { precision: 9 })],
        [17, T("TIMESTAMP_WITHOUT_TIME_ZONE", { precision: 9 })],
        [18, T("TIMESTAMP_WITH_LOCAL_TIME_ZONE", { precision: 9 })],
      ];
      const m = new Map<number, Dec>();
      for (const [c, type] of table) {
        const base = this.#compileNonNull(type);
        // VARIANT booleans may arrive as JSON booleans stringified above ("true"/"false").
        m.set(c, base);
      }
      this.#variantTable = m;
    }
    return this.#variantTable;
  }
}

// Object construction dominates decoding cost when keys are stored one by one (a keyed store
// with a different key each time is megamorphic). Where the runtime allows code generation
// (Node, Deno, Bun, most browsers) a builder with an object literal of the schema's keys is
// generated once per schema; keys are JSON-escaped, values never touch the generated text.
// Where it is not allowed (Cloudflare Workers, strict CSP) the first attempt fails and the
// generic builders are used from then on.
let codegen: boolean | undefined;

/** @internal Forces (true/false) or resets (undefined) the use of generated builders; for tests. */
export function _setCodegen(allowed: boolean | undefined): void {
  codegen = allowed;
}

function keyLiteral(k: string): string {
  return k === "__proto__" ? '["__proto__"]' : JSON.stringify(k);
}

function generate<T>(decs: readonly Dec[], body: string): ((r: readonly unknown[]) => T) | undefined {
  if (codegen === false || decs.length > 1000) return undefined;
  try {
    const params = decs.map((_, i) => "d" + i);
    const factory = new Function(...params, `"use strict"; return function (r) { return ${body}; };`) as (...d: Dec[]) => (r: readonly unknown[]) => T;
    const f = factory(...decs);
    codegen = true;
    return f;
  } catch {
    codegen = false;
    return undefined;
  }
}

function generateObjectBuilder(names: readonly string[], decs: readonly Dec[]): ((r: readonly unknown[]) => Record<string, unknown>) | undefined {
  return generate(decs, "{" + names.map((k, i) => `${keyLiteral(k)}: d${i}(r[${i}])`).join(", ") + "}");
}

function generateArrayBuilder(decs: readonly Dec[]): ((r: readonly unknown[]) => unknown[]) | undefined {
  return generate(decs, "[" + decs.map((_, i) => `d${i}(r[${i}])`).join(", ") + "]");
}

/** An object with every name as an own data property (null), in order; `__proto__` included. */
function objectTemplate(names: readonly string[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const k of names) Object.defineProperty(o, k, { value: null, enumerable: true, writable: true, configurable: true });
  return o;
}

/**
 * Compiles a decoder for one value type (nested values included).
 *
 * @example
 * ```ts
 * const dec = compileValueDecoder(parseTypeText("ARRAY<BIGINT>"), { bigint: "bigint" });
 * dec(["1", null]); // [1n, null]
 * ```
 * @throws DataError (code `VALUE_INVALID` / `BIGINT_UNSAFE`) from the returned function for malformed values.
 */
export function compileValueDecoder(type: LogicalType, options: DecodeOptions = {}): (raw: unknown) => unknown {
  const d = new Compiler(options).compile(type);
  const col: Column = { name: "value", type };
  return (raw) => {
    try {
      return d(raw);
    } catch (e) {
      if (e instanceof DecodeFailure) throw toDataError(e, col, 0);
      throw e;
    }
  };
}

/**
 * Compiles the decoder of a result schema, once per statement (or per cursor options).
 *
 * @example
 * ```ts
 * const dec = compileRowDecoder(columns, { localTimeZone: "Europe/Berlin" });
 * for (const item of page.data) rows.push(dec.toObject(item.row));
 * ```
 * @throws InterfaceError code `OPTION_INVALID` (bad option values or time zone) or
 *   `TEMPORAL_UNAVAILABLE` at compile time; the returned methods throw DataError
 *   (`VALUE_INVALID`, `BIGINT_UNSAFE`) naming the column, type and truncated value, and
 *   ProtocolError when a row does not have one value per column.
 */
export function compileRowDecoder(columns: readonly Column[], options: DecodeOptions = {}): RowDecoder {
  const compiler = new Compiler(options);
  const n = columns.length;
  const cast = options.cast;
  const decs: Dec[] = columns.map((c) => {
    const d = compiler.compile(c.type);
    if (cast === undefined) return d;
    const next = (raw: unknown): unknown => d(raw);
    return (raw: unknown) => cast(c, raw, next);
  });
  const nullFast = cast === undefined;
  const names = columns.map((c) => c.name);
  const duplicate = names.find((k, i) => names.indexOf(k) !== i);
  const special = names.includes("__proto__");
  const template = objectTemplate(names);

  const check = (row: readonly unknown[]): void => {
    if (!Array.isArray(row) || row.length !== n) {
      throw new ProtocolError(
        `Result row has ${Array.isArray(row) ? row.length + " values" : "no array"}, the schema has ${n} columns`,
        { path: "results.data[].row" },
      );
    }
  };
  const rethrow = (e: unknown, i: number): never => {
    if (e instanceof DecodeFailure) throw toDataError(e, columns[i]!, i);
    throw e;
  };

  const arrayGeneric = (row: readonly unknown[]): unknown[] => {
    const out = new Array(n);
    let i = 0;
    try {
      for (; i < n; i++) {
        const w = row[i];
        out[i] = nullFast && w === null ? null : decs[i]!(w);
      }
    } catch (e) {
      rethrow(e, i);
    }
    return out;
  };
  const objectGeneric = (row: readonly unknown[]): Record<string, unknown> => {
    const out: Record<string, unknown> = { ...template };
    let i = 0;
    try {
      for (; i < n; i++) {
        const w = row[i];
        const v = nullFast && w === null ? null : decs[i]!(w);
        if (special) Object.defineProperty(out, names[i]!, { value: v, enumerable: true, writable: true, configurable: true });
        else out[names[i]!] = v;
      }
    } catch (e) {
      rethrow(e, i);
    }
    return out;
  };
  // Generated builders (see `generate`); a failure is re-run generically to name the column.
  const arrayFast = generateArrayBuilder(decs);
  const objectFast = duplicate === undefined ? generateObjectBuilder(names, decs) : undefined;
  const viaFast = <T,>(fast: (r: readonly unknown[]) => T, generic: (r: readonly unknown[]) => T, row: readonly unknown[]): T => {
    try {
      return fast(row);
    } catch (e) {
      if (e instanceof DecodeFailure) {
        generic(row); // throws the DataError naming the column
        throw toDataError(e, columns[0]!, 0); // only if a cast hook is not deterministic
      }
      throw e;
    }
  };

  return {
    toArray(row) {
      check(row);
      return arrayFast === undefined ? arrayGeneric(row) : viaFast(arrayFast, arrayGeneric, row);
    },
    toObject(row) {
      if (duplicate !== undefined) {
        throw new InterfaceError(
          "COLUMN_NAME_DUPLICATE",
          `Column name ${JSON.stringify(duplicate)} appears more than once; use array rows or alias the columns`,
        );
      }
      check(row);
      return objectFast === undefined ? objectGeneric(row) : viaFast(objectFast, objectGeneric, row);
    },
  };
}
