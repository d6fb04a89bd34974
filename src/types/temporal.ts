/**
 * Dates, times and timestamps in Flink's internal form, their text forms, and time-zone
 * conversion for TIMESTAMP_LTZ.
 *
 * Internal forms (team COMMON.md): DATE = days since 1970-01-01, TIME = nanoseconds of the day,
 * TIMESTAMP / TIMESTAMP_LTZ = {@link Timestamp} (Flink's TimestampData: epoch millis plus
 * nanos within the milli; for LTZ it is the instant). Text forms are what Flink prints
 * (`2024-06-15 12:34:56.123`, space separated). Zones are resolved with `Intl.DateTimeFormat`
 * (no tz database of our own); fixed offsets (`GMT+03:00`, `+03:00`, `UTC`) are handled here.
 */
import { DataError } from "../errors.ts";
import { truncate } from "./decimal.ts";

export const MILLIS_PER_DAY = 86_400_000;
export const NANOS_PER_DAY = 86_400_000_000_000;

/**
 * A point on the time line with nanosecond precision (Flink's TimestampData).
 * For TIMESTAMP (without zone) it is the wall-clock time read as if it were UTC.
 *
 * @example
 * ```ts
 * const ts = parseTimestamp("2024-06-15 12:34:56.123456789");
 * ts.epochMillis;  // 1718454896123
 * ts.nanoOfMilli;  // 456789
 * ```
 */
export class Timestamp {
  /** Milliseconds since 1970-01-01T00:00:00 (may be negative). */
  readonly epochMillis: number;
  /** Nanoseconds within the millisecond, 0..999_999. */
  readonly nanoOfMilli: number;

  constructor(epochMillis: number, nanoOfMilli = 0) {
    if (!Number.isSafeInteger(epochMillis) || !Number.isInteger(nanoOfMilli) || nanoOfMilli < 0 || nanoOfMilli > 999_999) {
      throw new DataError("TIMESTAMP_INVALID", `Invalid timestamp parts: ${epochMillis} ms + ${nanoOfMilli} ns`);
    }
    this.epochMillis = epochMillis;
    this.nanoOfMilli = nanoOfMilli;
  }

  static fromEpochMillis(epochMillis: number, nanoOfMilli = 0): Timestamp {
    return new Timestamp(epochMillis, nanoOfMilli);
  }

  /** From nanoseconds since the epoch. */
  static fromEpochNanos(nanos: bigint): Timestamp {
    let ms = nanos / 1_000_000n;
    let rest = nanos % 1_000_000n;
    if (rest < 0n) {
      rest += 1_000_000n;
      ms -= 1n;
    }
    return new Timestamp(Number(ms), Number(rest));
  }

  /** Nanoseconds since the epoch. */
  toEpochNanos(): bigint {
    return BigInt(this.epochMillis) * 1_000_000n + BigInt(this.nanoOfMilli);
  }

  compare(other: Timestamp): number {
    return this.epochMillis !== other.epochMillis
      ? (this.epochMillis < other.epochMillis ? -1 : 1)
      : this.nanoOfMilli - other.nanoOfMilli;
  }

  equals(other: Timestamp): boolean {
    return this.epochMillis === other.epochMillis && this.nanoOfMilli === other.nanoOfMilli;
  }

  /** `YYYY-MM-DD HH:MM:SS.fffffffff` (all nine digits; use formatTimestamp for Flink's form). */
  toString(): string {
    return formatTimestamp(this, 9);
  }
}

// ---------------------------------------------------------------------------------------------
// Civil calendar arithmetic (proleptic Gregorian, as java.time), days since 1970-01-01.

/** Days since 1970-01-01 of a civil date (month 1..12). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Civil date of a day number: [year, month 1..12, day 1..31]. */
export function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeap(y) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

function pad2(n: number): string {
  return n < 10 ? "0" + n : String(n);
}

function formatYear(y: number): string {
  if (y >= 0 && y <= 9999) return y < 10 ? "000" + y : y < 100 ? "00" + y : y < 1000 ? "0" + y : String(y);
  return y < 0 ? "-" + String(-y).padStart(4, "0") : "+" + String(y);
}

/** `YYYY-MM-DD` for days since the epoch. */
export function formatDate(days: number): string {
  const [y, m, d] = civilFromDays(days);
  return formatYear(y) + "-" + pad2(m) + "-" + pad2(d);
}

const DATE_RE = /^([+-]?\d{4,6})-(\d{1,2})-(\d{1,2})$/;

function parseDateParts(text: string, what: string, code: string): number {
  const m = DATE_RE.exec(text);
  if (m === null) throw new DataError(code, `Invalid ${what}: ${truncate(text)}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) {
    throw new DataError(code, `Invalid ${what} (no such day): ${truncate(text)}`);
  }
  return daysFromCivil(y, mo, d);
}

/**
 * Days since 1970-01-01 of `YYYY-MM-DD` (one- or two-digit month and day accepted).
 * @throws DataError code `DATE_INVALID` for malformed text or impossible dates (2023-02-29).
 */
export function parseDate(text: string): number {
  if (typeof text !== "string") throw new DataError("DATE_INVALID", `Invalid date: ${String(text)}`);
  return parseDateParts(text.trim(), "date", "DATE_INVALID");
}

/** Fraction digits as Flink prints timestamps: at least `precision` digits, trailing zeros beyond it dropped. */
function fractionForTimestamp(nanos: number, precision: number): string {
  if (nanos === 0 && precision === 0) return "";
  let s = String(nanos).padStart(9, "0");
  let end = 9;
  while (end > precision && s.charCodeAt(end - 1) === 48) end--;
  s = s.slice(0, end);
  return s.length === 0 ? "" : "." + s;
}

/**
 * `HH:MM:SS[.f]` for nanoseconds of the day, the way Flink prints TIME(p): with p > 0 at least
 * one fraction digit and at most p, trailing zeros dropped (`12:34:56.5`, `12:34:56.0`).
 */
export function formatTime(nanosOfDay: number, precision: number): string {
  let n = nanosOfDay % NANOS_PER_DAY;
  if (n < 0) n += NANOS_PER_DAY;
  const secs = Math.floor(n / 1e9);
  const frac = n - secs * 1e9;
  const h = Math.floor(secs / 3600);
  const mi = Math.floor((secs % 3600) / 60);
  const s = secs % 60;
  let out = pad2(h) + ":" + pad2(mi) + ":" + pad2(s);
  if (precision > 0) {
    let digits = String(frac).padStart(9, "0").slice(0, Math.min(precision, 9));
    let end = digits.length;
    while (end > 1 && digits.charCodeAt(end - 1) === 48) end--;
    digits = digits.slice(0, end);
    out += "." + digits;
  }
  return out;
}

const TIME_RE = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/;

function parseTimeParts(text: string, what: string, code: string): number {
  const m = TIME_RE.exec(text);
  if (m === null) throw new DataError(code, `Invalid ${what}: ${truncate(text)}`);
  const h = Number(m[1]);
  const mi = Number(m[2]);
  const s = m[3] === undefined ? 0 : Number(m[3]);
  if (h > 23 || mi > 59 || s > 59) throw new DataError(code, `Invalid ${what} (out of range): ${truncate(text)}`);
  const frac = m[4] === undefined ? 0 : Number(m[4].padEnd(9, "0"));
  return (h * 3600 + mi * 60 + s) * 1e9 + frac;
}

/**
 * Nanoseconds of the day of `HH:MM[:SS[.fffffffff]]`.
 * @throws DataError code `TIME_INVALID`.
 */
export function parseTime(text: string): number {
  if (typeof text !== "string") throw new DataError("TIME_INVALID", `Invalid time: ${String(text)}`);
  return parseTimeParts(text.trim(), "time", "TIME_INVALID");
}

/**
 * `YYYY-MM-DD HH:MM:SS[.f]` with a space, fraction as Flink prints TIMESTAMP(p): exactly p
 * digits for values that fit the precision (`2024-06-15 12:34:56.000` for p = 3).
 */
export function formatTimestamp(ts: Timestamp, precision: number): string {
  const ms = ts.epochMillis;
  const days = Math.floor(ms / MILLIS_PER_DAY);
  const msOfDay = ms - days * MILLIS_PER_DAY;
  const secs = Math.floor(msOfDay / 1000);
  const nanos = (msOfDay - secs * 1000) * 1_000_000 + ts.nanoOfMilli;
  const h = Math.floor(secs / 3600);
  const mi = Math.floor((secs % 3600) / 60);
  const s = secs % 60;
  return formatDate(days) + " " + pad2(h) + ":" + pad2(mi) + ":" + pad2(s) + fractionForTimestamp(nanos, precision);
}

/**
 * Parses `YYYY-MM-DD[( |T)HH:MM[:SS[.fffffffff]]]` (no zone) into a Timestamp.
 * @throws DataError code `TIMESTAMP_INVALID`.
 */
export function parseTimestamp(text: string): Timestamp {
  if (typeof text !== "string") throw new DataError("TIMESTAMP_INVALID", `Invalid timestamp: ${String(text)}`);
  const t = text.trim();
  let sep = t.indexOf(" ");
  if (sep < 0) sep = t.indexOf("T");
  const days = parseDateParts(sep < 0 ? t : t.slice(0, sep), "timestamp", "TIMESTAMP_INVALID");
  const nanos = sep < 0 ? 0 : parseTimeParts(t.slice(sep + 1), "timestamp", "TIMESTAMP_INVALID");
  const ms = Math.floor(nanos / 1e6);
  return new Timestamp(days * MILLIS_PER_DAY + ms, nanos - ms * 1e6);
}

// ---------------------------------------------------------------------------------------------
// Time zones

/** A resolved zone: a fixed offset, or an Intl-backed IANA zone. */
interface Zone {
  /** Offset in ms (local = utc + offset) at the given instant. */
  offsetAt(utcMillis: number): number;
  readonly fixed: boolean;
}

const zoneCache = new Map<string, Zone>();
const FIXED_RE = /^(?:GMT|UTC|UT)?([+-])(\d{1,2})(?::?(\d{2}))?(?::(\d{2}))?$/i;

function fixedZone(offset: number): Zone {
  return { fixed: true, offsetAt: () => offset };
}

// Offsets are cached per 6-hour bucket whose two ends agree (zone transitions are months
// apart, so such a bucket has one offset); a bucket with a transition is computed exactly.
const BUCKET = 6 * 3_600_000;

function intlZone(id: string): Zone {
  const fmt = new Intl.DateTimeFormat("en-US", {
    timeZone: id,
    hourCycle: "h23",
    era: "short",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  });
  const exact = (utc: number): number => {
    const base = Math.floor(utc / 1000) * 1000;
    let y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, bc = false;
    for (const p of fmt.formatToParts(base)) {
      switch (p.type) {
        case "year": y = Number(p.value); break;
        case "month": mo = Number(p.value); break;
        case "day": d = Number(p.value); break;
        case "hour": h = Number(p.value); break;
        case "minute": mi = Number(p.value); break;
        case "second": s = Number(p.value); break;
        case "era": bc = p.value.startsWith("B"); break;
      }
    }
    if (bc) y = 1 - y;
    const local = daysFromCivil(y, mo, d) * MILLIS_PER_DAY + ((h * 60 + mi) * 60 + s) * 1000;
    return local - base;
  };
  const cache = new Map<number, number>();
  return {
    fixed: false,
    offsetAt(utc: number): number {
      const b = Math.floor(utc / BUCKET);
      const hit = cache.get(b);
      if (hit !== undefined) return hit;
      const start = exact(b * BUCKET);
      // Only cache a bucket whose two ends agree; a transition inside it is computed exactly.
      if (start !== exact(b * BUCKET + BUCKET - 1)) return exact(utc);
      if (cache.size > 50_000) cache.clear();
      cache.set(b, start);
      return start;
    },
  };
}

function resolveZone(zone: string): Zone {
  const hit = zoneCache.get(zone);
  if (hit !== undefined) return hit;
  let z: Zone;
  const id = typeof zone === "string" ? zone.trim() : "";
  const upper = id.toUpperCase();
  if (upper === "UTC" || upper === "Z" || upper === "GMT" || upper === "UT" || upper === "ETC/UTC" || upper === "ETC/GMT") {
    z = fixedZone(0);
  } else {
    const m = FIXED_RE.exec(id);
    if (m !== null) {
      const h = Number(m[2]);
      const mi = m[3] === undefined ? 0 : Number(m[3]);
      const s = m[4] === undefined ? 0 : Number(m[4]);
      if (h > 18 || mi > 59 || s > 59) throw new DataError("TIMEZONE_INVALID", `Invalid time zone offset: ${truncate(id)}`);
      z = fixedZone((m[1] === "-" ? -1 : 1) * ((h * 60 + mi) * 60 + s) * 1000);
    } else {
      try {
        z = intlZone(id);
      } catch (cause) {
        throw new DataError("TIMEZONE_INVALID", `Unknown time zone: ${truncate(String(zone))}`, { cause });
      }
    }
  }
  if (zoneCache.size > 1000) zoneCache.clear();
  zoneCache.set(zone, z);
  return z;
}

/**
 * Checks a zone id (IANA, `UTC`, `GMT+03:00`, `+03:00`).
 * @throws DataError code `TIMEZONE_INVALID`.
 */
export function validateTimeZone(zone: string): void {
  resolveZone(zone);
}

/** Whether the zone is UTC (offset always 0), for fast paths. */
export function isUtcZone(zone: string | undefined): boolean {
  if (zone === undefined) return true;
  const z = resolveZone(zone);
  return z.fixed && z.offsetAt(0) === 0;
}

/** Offset of the zone from UTC in milliseconds at an instant (local = utc + offset). */
export function zoneOffsetMillis(zone: string, utcMillis: number): number {
  return resolveZone(zone).offsetAt(utcMillis);
}

/**
 * The wall-clock time in `zone` of an instant (result read as if UTC), e.g. to print a
 * TIMESTAMP_LTZ in the session's `sql.local-time-zone`.
 * @throws DataError code `TIMEZONE_INVALID` for an unknown zone.
 */
export function instantToLocal(ts: Timestamp, zone: string): Timestamp {
  const off = resolveZone(zone).offsetAt(ts.epochMillis);
  return off === 0 ? ts : new Timestamp(ts.epochMillis + off, ts.nanoOfMilli);
}

/**
 * The instant of a wall-clock time in `zone`, resolved like java.time's
 * `LocalDateTime.atZone`: in an overlap the earlier offset wins, in a gap the time is moved
 * forward by the gap's length.
 * @throws DataError code `TIMEZONE_INVALID` for an unknown zone.
 */
export function localToInstant(ts: Timestamp, zone: string): Timestamp {
  const utc = localMillisToUtc(ts.epochMillis, zone);
  return utc === ts.epochMillis ? ts : new Timestamp(utc, ts.nanoOfMilli);
}

/**
 * Epoch millis of a wall-clock time (given as millis read as UTC) in `zone`; same rules as
 * {@link localToInstant}. For hot paths that do not need a Timestamp object.
 * @throws DataError code `TIMEZONE_INVALID` for an unknown zone.
 */
export function localMillisToUtc(local: number, zone: string): number {
  const z = resolveZone(zone);
  if (z.fixed) return local - z.offsetAt(0);
  const before = z.offsetAt(local - MILLIS_PER_DAY);
  const after = z.offsetAt(local + MILLIS_PER_DAY);
  if (z.offsetAt(local - before) === before) return local - before;
  if (z.offsetAt(local - after) === after) return local - after;
  return local - before; // gap
}
