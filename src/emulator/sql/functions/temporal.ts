/**
 * Temporal functions (Apache Flink docs, "System (Built-in) Functions > Temporal Functions"):
 * CURRENT_TIMESTAMP/NOW (TIMESTAMP_LTZ(3)), LOCALTIMESTAMP (TIMESTAMP(3)), CURRENT_DATE,
 * CURRENT_TIME/LOCALTIME (TIME(0)), CURRENT_ROW_TIMESTAMP, PROCTIME, EXTRACT and the
 * YEAR/QUARTER/MONTH/WEEK/DAYOFYEAR/DAYOFMONTH/DAYOFWEEK/HOUR/MINUTE/SECOND shorthands (BIGINT),
 * DATE_FORMAT, TIMESTAMPADD, TIMESTAMPDIFF (INT), TO_TIMESTAMP (TIMESTAMP(3)), TO_TIMESTAMP_LTZ
 * (TIMESTAMP_LTZ(3)), TO_DATE, UNIX_TIMESTAMP, FROM_UNIXTIME, CONVERT_TZ and FLOOR/CEIL(x TO unit).
 *
 * TIMESTAMP_LTZ values are instants; fields, formatting and flooring use the statement's
 * `sql.local-time-zone` (ctx.localTimeZone) as Flink does. Format patterns are Java
 * date-time patterns (yyyy, MM, dd, HH, mm, ss, SSS, ...).
 */
import type { LogicalType } from "../../../types/model.ts";
import {
  MILLIS_PER_DAY,
  civilFromDays,
  daysFromCivil,
  instantToLocal,
  localToInstant,
  parseTimestamp,
  validateTimeZone,
} from "../../../types/temporal.ts";
import { lenient, strict } from "./define.ts";
import { addMonthsToDays, addMonthsToTimestamp } from "./operators.ts";
import type { EvalContext, InternalValue, ScalarFunction } from "./types.ts";
import { SqlRuntimeError, T, arity, cannotApplyCall, isCharacter, isInteger, isNumeric, isTimestampType } from "./types.ts";
import { Decimal, Timestamp, toDecimal } from "./values.ts";

const NANOS_PER_DAY = 86_400_000_000_000;

/** Wall-clock timestamp of a DATE / TIMESTAMP / TIMESTAMP_LTZ value (LTZ in the session zone). */
function wallClock(t: LogicalType, v: InternalValue, zone: string): Timestamp {
  if (t.type === "DATE") return new Timestamp((v as number) * MILLIS_PER_DAY);
  if (t.type === "TIME_WITHOUT_TIME_ZONE") return Timestamp.fromEpochNanos(BigInt(v as number));
  if (t.type === "TIMESTAMP_WITH_LOCAL_TIME_ZONE") return instantToLocal(v as Timestamp, zone);
  if (isCharacter(t)) return parseTimestamp(v as string);
  return v as Timestamp;
}

interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  milli: number;
  nano: number; // nanos within the second
  days: number; // days since epoch
}

function fieldsOf(ts: Timestamp): Fields {
  const days = Math.floor(ts.epochMillis / MILLIS_PER_DAY);
  const msOfDay = ts.epochMillis - days * MILLIS_PER_DAY;
  const [year, month, day] = civilFromDays(days);
  const secs = Math.floor(msOfDay / 1000);
  const milli = msOfDay - secs * 1000;
  return {
    year,
    month,
    day,
    hour: Math.floor(secs / 3600),
    minute: Math.floor(secs / 60) % 60,
    second: secs % 60,
    milli,
    nano: milli * 1_000_000 + ts.nanoOfMilli,
    days,
  };
}

/** Day of week, ISO: Monday = 1 .. Sunday = 7. */
function isoDow(days: number): number {
  return ((((days + 3) % 7) + 7) % 7) + 1; // 1970-01-01 was a Thursday (4)
}

function dayOfYear(f: Fields): number {
  return f.days - daysFromCivil(f.year, 1, 1) + 1;
}

/** ISO-8601 week number and week-based year. */
function isoWeek(days: number): [number, number] {
  const dow = isoDow(days);
  const thursday = days - dow + 4;
  const [y] = civilFromDays(thursday);
  const week = Math.floor((thursday - daysFromCivil(y, 1, 1)) / 7) + 1;
  return [week, y];
}

const UNITS = new Set([
  "MILLENNIUM", "CENTURY", "DECADE", "YEAR", "ISOYEAR", "QUARTER", "MONTH", "WEEK", "DAY", "DOW", "ISODOW", "DOY",
  "HOUR", "MINUTE", "SECOND", "MILLISECOND", "MICROSECOND", "NANOSECOND", "EPOCH",
]);

function extractField(unit: string, t: LogicalType, v: InternalValue, zone: string): bigint {
  if (t.type === "INTERVAL_YEAR_MONTH") {
    const m = v as number;
    switch (unit) {
      case "YEAR":
        return BigInt(Math.trunc(m / 12));
      case "MONTH":
        return BigInt(m % 12);
      case "QUARTER":
        return BigInt(Math.trunc((m % 12) / 3) + 1);
      default:
        throw new SqlRuntimeError(`EXTRACT(${unit} FROM INTERVAL YEAR TO MONTH) is not supported`);
    }
  }
  if (t.type === "INTERVAL_DAY_TIME") {
    const ms = v as number;
    switch (unit) {
      case "DAY":
        return BigInt(Math.trunc(ms / MILLIS_PER_DAY));
      case "HOUR":
        return BigInt(Math.trunc(ms / 3_600_000) % 24);
      case "MINUTE":
        return BigInt(Math.trunc(ms / 60_000) % 60);
      case "SECOND":
        return BigInt(Math.trunc(ms / 1000) % 60);
      case "MILLISECOND":
        return BigInt(ms % 60_000);
      case "EPOCH":
        return BigInt(Math.trunc(ms / 1000));
      default:
        throw new SqlRuntimeError(`EXTRACT(${unit} FROM INTERVAL DAY TO SECOND) is not supported`);
    }
  }
  const ts = wallClock(t, v, zone);
  const f = fieldsOf(ts);
  switch (unit) {
    case "MILLENNIUM":
      return BigInt(Math.floor((f.year - 1) / 1000) + 1);
    case "CENTURY":
      return BigInt(Math.floor((f.year - 1) / 100) + 1);
    case "DECADE":
      return BigInt(Math.floor(f.year / 10));
    case "YEAR":
      return BigInt(f.year);
    case "ISOYEAR":
      return BigInt(isoWeek(f.days)[1]);
    case "QUARTER":
      return BigInt(Math.floor((f.month - 1) / 3) + 1);
    case "MONTH":
      return BigInt(f.month);
    case "WEEK":
      return BigInt(isoWeek(f.days)[0]);
    case "DAY":
      return BigInt(f.day);
    case "DOW":
      return BigInt((isoDow(f.days) % 7) + 1); // Sunday = 1 .. Saturday = 7
    case "ISODOW":
      return BigInt(isoDow(f.days));
    case "DOY":
      return BigInt(dayOfYear(f));
    case "HOUR":
      return BigInt(f.hour);
    case "MINUTE":
      return BigInt(f.minute);
    case "SECOND":
      return BigInt(f.second);
    case "MILLISECOND":
      return BigInt(f.second * 1000 + f.milli);
    case "MICROSECOND":
      return BigInt(f.second * 1_000_000 + Math.floor(f.nano / 1000));
    case "NANOSECOND":
      return BigInt(f.second) * 1_000_000_000n + BigInt(f.nano);
    case "EPOCH": {
      const epochTs = t.type === "TIMESTAMP_WITH_LOCAL_TIME_ZONE" ? (v as Timestamp) : ts;
      return BigInt(Math.floor(epochTs.epochMillis / 1000));
    }
    default:
      throw new SqlRuntimeError(`Unsupported time unit ${unit}`);
  }
}

function requireDatetime(name: string, ts: readonly LogicalType[], i: number, allowInterval: boolean): void {
  const t = ts[i]!;
  const ok =
    t.type === "DATE" ||
    t.type === "TIME_WITHOUT_TIME_ZONE" ||
    isTimestampType(t) ||
    t.type === "NULL" ||
    (allowInterval && (t.type === "INTERVAL_DAY_TIME" || t.type === "INTERVAL_YEAR_MONTH"));
  if (!ok) throw cannotApplyCall(name, ts, `'${name}(<DATETIME>)'`);
}

const EXTRACT = strict({
  name: "EXTRACT",
  infer(ts) {
    arity("EXTRACT", ts, 2);
    requireDatetime("EXTRACT", ts, 1, true);
    return T.bigint(false);
  },
  make(ts) {
    const t = ts[1]!;
    return (a, ctx) => {
      const unit = String(a[0]).toUpperCase();
      if (!UNITS.has(unit)) throw new SqlRuntimeError(`Unsupported time unit ${unit}`);
      return extractField(unit, t, a[1]!, ctx.localTimeZone);
    };
  },
});

function shorthand(name: string, unit: string): ScalarFunction {
  return strict({
    name,
    infer(ts) {
      arity(name, ts, 1);
      requireDatetime(name, ts, 0, false);
      return T.bigint(false);
    },
    make: (ts) => (a, ctx) => extractField(unit, ts[0]!, a[0]!, ctx.localTimeZone),
  });
}

// ---------------------------------------------------------------------------------------------
// Current time

function nowFn(name: string, type: LogicalType, value: (ctx: EvalContext) => InternalValue): ScalarFunction {
  return lenient({
    name,
    deterministic: false,
    infer(ts) {
      arity(name, ts, 0);
      return type;
    },
    make: () => (_a, ctx) => value(ctx),
  });
}

/** Local time of day as TIME(0) nanos (whole seconds). */
function timeOfDaySeconds(ctx: EvalContext): number {
  const ms = ((localNow(ctx).epochMillis % MILLIS_PER_DAY) + MILLIS_PER_DAY) % MILLIS_PER_DAY;
  return Math.floor(ms / 1000) * 1e9;
}

function localNow(ctx: EvalContext): Timestamp {
  return instantToLocal(new Timestamp(ctx.now()), ctx.localTimeZone);
}

// ---------------------------------------------------------------------------------------------
// Java date-time patterns

type Token = { kind: "lit"; text: string } | { kind: "field"; letter: string; count: number };

const patternCache = new Map<string, Token[]>();

/** Tokens of a Java date-time pattern: letter runs and literals ('quoted' text, '' for a quote). */
export function tokenizePattern(p: string): Token[] {
  const hit = patternCache.get(p);
  if (hit) return hit;
  const out: Token[] = [];
  for (let i = 0; i < p.length; ) {
    const c = p[i]!;
    if (c === "'") {
      if (p[i + 1] === "'") {
        out.push({ kind: "lit", text: "'" });
        i += 2;
        continue;
      }
      let j = i + 1;
      let text = "";
      while (j < p.length) {
        if (p[j] === "'") {
          if (p[j + 1] === "'") {
            text += "'";
            j += 2;
            continue;
          }
          break;
        }
        text += p[j];
        j++;
      }
      out.push({ kind: "lit", text });
      i = j + 1;
    } else if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (j < p.length && p[j] === c) j++;
      out.push({ kind: "field", letter: c, count: j - i });
      i = j;
    } else {
      out.push({ kind: "lit", text: c });
      i++;
    }
  }
  if (patternCache.size > 200) patternCache.clear();
  patternCache.set(p, out);
  return out;
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

function padNum(n: number, w: number): string {
  const s = String(Math.abs(n)).padStart(w, "0");
  return n < 0 ? "-" + s : s;
}

/**
 * The zone a formatted value is in, for the zone letters: `z` (short name, `zzzz` long), `Z`
 * (+HHMM), `X` / `x` (ISO offset; `X` gives "Z" for zero). DATE_FORMAT formats TIMESTAMP and
 * STRING values in UTC and TIMESTAMP_LTZ values in the session zone, as Flink does.
 */
export interface FormatZone {
  readonly id: string;
  /** Offset of the wall clock from UTC at the formatted instant, in ms. */
  readonly offsetMs: number;
  /** The formatted instant (epoch ms), for names that change with daylight saving time. */
  readonly instantMs?: number;
}

const UTC_ZONE: FormatZone = { id: "UTC", offsetMs: 0 };

function offsetText(ms: number, colon: boolean, minutes: "always" | "nonzero"): string {
  const total = Math.round(Math.abs(ms) / 60_000);
  const h = String(Math.floor(total / 60)).padStart(2, "0");
  const m = String(total % 60).padStart(2, "0");
  const sign = ms < 0 ? "-" : "+";
  if (minutes === "nonzero" && total % 60 === 0) return sign + h;
  return sign + h + (colon ? ":" : "") + m;
}

/** Java's time-zone name (SimpleDateFormat `z`): "UTC" for UTC, else the en-US name Intl gives. */
function zoneName(zone: FormatZone, long: boolean): string {
  const id = zone.id.toUpperCase();
  if (id === "UTC" || id === "ETC/UTC" || id === "Z") return long ? "Coordinated Universal Time" : "UTC";
  const fixed = /^(?:GMT|UTC|UT)?[+-]\d/i.test(zone.id);
  if (!fixed) {
    try {
      const parts = new Intl.DateTimeFormat("en-US", { timeZone: zone.id, timeZoneName: long ? "long" : "short" }).formatToParts(new Date(zone.instantMs ?? 0));
      const name = parts.find((p) => p.type === "timeZoneName")?.value;
      if (name !== undefined && !/^GMT[+-]/.test(name)) return name;
    } catch {
      // fall through to the offset form
    }
  }
  return zone.offsetMs === 0 ? "GMT" : "GMT" + offsetText(zone.offsetMs, true, "always");
}

/** Formats a wall-clock timestamp with a Java date-time pattern. */
export function formatPattern(ts: Timestamp, pattern: string, zone: FormatZone = UTC_ZONE): string {
  const f = fieldsOf(ts);
  let out = "";
  for (const tok of tokenizePattern(pattern)) {
    if (tok.kind === "lit") {
      out += tok.text;
      continue;
    }
    const c = tok.count;
    switch (tok.letter) {
      case "y":
      case "u":
      case "Y":
        out += c === 2 ? padNum(((f.year % 100) + 100) % 100, 2) : padNum(f.year, c);
        break;
      case "M":
      case "L":
        out += c >= 4 ? MONTHS[f.month - 1]! : c === 3 ? MONTHS[f.month - 1]!.slice(0, 3) : padNum(f.month, c);
        break;
      case "d":
        out += padNum(f.day, c);
        break;
      case "D":
        out += padNum(dayOfYear(f), c);
        break;
      case "H":
        out += padNum(f.hour, c);
        break;
      case "k":
        out += padNum(f.hour === 0 ? 24 : f.hour, c);
        break;
      case "h":
        out += padNum(f.hour % 12 === 0 ? 12 : f.hour % 12, c);
        break;
      case "K":
        out += padNum(f.hour % 12, c);
        break;
      case "m":
        out += padNum(f.minute, c);
        break;
      case "s":
        out += padNum(f.second, c);
        break;
      case "S":
        out += String(f.nano).padStart(9, "0").slice(0, Math.min(9, c)).padEnd(c, "0");
        break;
      case "a":
        out += f.hour < 12 ? "AM" : "PM";
        break;
      case "E":
        out += c >= 4 ? DAYS[isoDow(f.days) - 1]! : DAYS[isoDow(f.days) - 1]!.slice(0, 3);
        break;
      case "e":
        out += String(isoDow(f.days));
        break;
      case "w":
        out += padNum(isoWeek(f.days)[0], c);
        break;
      case "Q":
      case "q":
        out += padNum(Math.floor((f.month - 1) / 3) + 1, c);
        break;
      case "z":
        out += zoneName(zone, c >= 4);
        break;
      case "Z":
        out += offsetText(zone.offsetMs, c >= 4, "always");
        break;
      case "X":
        out += zone.offsetMs === 0 ? "Z" : offsetText(zone.offsetMs, c >= 3, c === 1 ? "nonzero" : "always");
        break;
      case "x":
        out += offsetText(zone.offsetMs, c >= 3, c === 1 ? "nonzero" : "always");
        break;
      default:
        throw new SqlRuntimeError(`Unknown pattern letter: ${tok.letter}`);
    }
  }
  return out;
}

/** A zone offset in the text for X / x / Z pattern letters ("Z", "+08", "+0800", "+08:00"), in ms; or null. */
function parseOffset(text: string, i: number, allowZ: boolean): { ms: number; len: number } | null {
  if (allowZ && text[i] === "Z") return { ms: 0, len: 1 };
  const m = /^([+-])(\d{2})(?::?(\d{2}))?/.exec(text.slice(i));
  if (!m) return null;
  const h = Number(m[2]);
  const min = m[3] === undefined ? 0 : Number(m[3]);
  if (h > 18 || min > 59) return null;
  return { ms: (m[1] === "-" ? -1 : 1) * (h * 60 + min) * 60_000, len: m[0].length };
}

/**
 * How a pattern parse treats its input:
 * - `trailing`: text after the pattern is ignored, as `SimpleDateFormat.parse(String)` does
 *   (UNIX_TIMESTAMP).
 * - `strict`: `DateTimeFormatter` resolution (TO_TIMESTAMP): a field given twice with different
 *   values ("Conflict found") and a clock hour `h` outside 1..12 (`K` outside 0..11) fail.
 */
export interface ParseOptions {
  readonly trailing?: boolean;
  readonly strict?: boolean;
}

/** The field a numeric pattern letter sets, for the conflict check of strict parsing. */
const FIELD_OF: Record<string, string> = { y: "year", u: "year", Y: "year", M: "month", L: "month", d: "day", H: "hour", k: "hour", h: "ampm-hour", K: "ampm-hour", m: "minute", s: "second", S: "nano" };

/**
 * Parses text with a Java date-time pattern into a wall-clock timestamp, or null. A zone offset
 * (pattern letters X, x, Z) is checked and reported through `offset` when given, else ignored.
 */
export function parsePattern(text: string, pattern: string, offset?: { ms: number | null }, options: ParseOptions = {}): Timestamp | null {
  const toks = tokenizePattern(pattern);
  const seen = options.strict ? new Map<string, number>() : null;
  let i = 0;
  let year = 1970;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let nano = 0;
  let pm: boolean | null = null;
  for (let k = 0; k < toks.length; k++) {
    const tok = toks[k]!;
    if (tok.kind === "lit") {
      if (text.startsWith(tok.text, i)) i += tok.text.length;
      else return null;
      continue;
    }
    if (tok.letter === "a") {
      const s = text.slice(i, i + 2).toUpperCase();
      if (s !== "AM" && s !== "PM") return null;
      pm = s === "PM";
      i += 2;
      continue;
    }
    if ((tok.letter === "M" || tok.letter === "L") && tok.count >= 3) {
      const idx = MONTHS.findIndex((m) => text.startsWith(tok.count === 3 ? m.slice(0, 3) : m, i));
      if (idx < 0) return null;
      month = idx + 1;
      i += tok.count === 3 ? 3 : MONTHS[idx]!.length;
      continue;
    }
    if (tok.letter === "X" || tok.letter === "x" || tok.letter === "Z") {
      const o = parseOffset(text, i, tok.letter !== "x");
      if (o === null) return null;
      if (offset) offset.ms = o.ms;
      i += o.len;
      continue;
    }
    if (tok.letter === "E") {
      const idx = DAYS.findIndex((d) => text.startsWith(tok.count >= 4 ? d : d.slice(0, 3), i));
      if (idx < 0) return null;
      i += tok.count >= 4 ? DAYS[idx]!.length : 3;
      continue;
    }
    // Numeric field: adjacent numeric fields take exactly `count` digits, otherwise up to 9.
    const next = toks[k + 1];
    const adjacent = next !== undefined && next.kind === "field";
    const max = tok.letter === "S" ? 9 : adjacent ? tok.count : tok.letter === "y" || tok.letter === "u" ? 9 : Math.max(2, tok.count);
    let j = i;
    if (tok.letter === "y" && (text[j] === "-" || text[j] === "+")) j++;
    while (j < text.length && j - i < max && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
    if (j === i) return null;
    const digits = text.slice(i, j);
    const num = Number(digits);
    i = j;
    if (seen !== null) {
      const field = FIELD_OF[tok.letter];
      if (field !== undefined) {
        const before = seen.get(field);
        if (before !== undefined && before !== num) return null;
        seen.set(field, num);
      }
      if ((tok.letter === "h" && (num < 1 || num > 12)) || (tok.letter === "K" && num > 11)) return null;
    }
    switch (tok.letter) {
      case "y":
      case "u":
      case "Y":
        year = tok.count === 2 && digits.length === 2 ? 2000 + num : num;
        break;
      case "M":
      case "L":
        month = num;
        break;
      case "d":
        day = num;
        break;
      case "H":
      case "k":
        hour = num === 24 && tok.letter === "k" ? 0 : num;
        break;
      case "h":
      case "K":
        hour = num % 12;
        break;
      case "m":
        minute = num;
        break;
      case "s":
        second = num;
        break;
      case "S":
        nano = Number(digits.padEnd(9, "0"));
        break;
      default:
        return null;
    }
  }
  if (i !== text.length && options.trailing !== true) return null;
  if (pm === true) hour += 12;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const days = daysFromCivil(year, month, day);
  if (civilFromDays(days)[2] !== day) return null;
  const ms = days * MILLIS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000 + Math.floor(nano / 1e6);
  return new Timestamp(ms, nano % 1_000_000);
}

const DEFAULT_FORMAT = "yyyy-MM-dd HH:mm:ss";

/** Parses Flink's default timestamp text or a pattern; null when it does not match. */
function parseWith(text: string, pattern: string | null, offset?: { ms: number | null }, options?: ParseOptions): Timestamp | null {
  if (pattern === null || pattern === DEFAULT_FORMAT) {
    const p = parsePattern(text, DEFAULT_FORMAT, undefined, options);
    // SimpleDateFormat (trailing) has no fallback; TO_TIMESTAMP's DateTimeFormatter path does.
    if (p || options?.trailing === true) return p;
    try {
      return parseTimestamp(text);
    } catch {
      return null;
    }
  }
  return parsePattern(text, pattern, offset, options);
}

// ---------------------------------------------------------------------------------------------
// FLOOR / CEIL (x TO unit)

function floorDays(days: number, unit: string): number {
  const [y, m] = civilFromDays(days);
  switch (unit) {
    case "MILLENNIUM":
      return daysFromCivil(Math.floor((y - 1) / 1000) * 1000 + 1, 1, 1);
    case "CENTURY":
      return daysFromCivil(Math.floor((y - 1) / 100) * 100 + 1, 1, 1);
    case "DECADE":
      return daysFromCivil(Math.floor(y / 10) * 10, 1, 1);
    case "YEAR":
      return daysFromCivil(y, 1, 1);
    case "QUARTER":
      return daysFromCivil(y, Math.floor((m - 1) / 3) * 3 + 1, 1);
    case "MONTH":
      return daysFromCivil(y, m, 1);
    case "WEEK":
      return days - (isoDow(days) % 7); // weeks start on Sunday (Calcite's DateTimeUtils)
    default:
      return days;
  }
}

const UNIT_MS: Record<string, number> = { DAY: MILLIS_PER_DAY, HOUR: 3_600_000, MINUTE: 60_000, SECOND: 1000, MILLISECOND: 1 };

function floorWall(ts: Timestamp, unit: string): Timestamp {
  const unitMs = UNIT_MS[unit];
  if (unitMs !== undefined) return new Timestamp(Math.floor(ts.epochMillis / unitMs) * unitMs);
  const days = Math.floor(ts.epochMillis / MILLIS_PER_DAY);
  return new Timestamp(floorDays(days, unit) * MILLIS_PER_DAY);
}

function ceilWall(ts: Timestamp, unit: string): Timestamp {
  const f = floorWall(ts, unit);
  if (f.epochMillis === ts.epochMillis && ts.nanoOfMilli === 0) return f;
  const unitMs = UNIT_MS[unit];
  if (unitMs !== undefined) return new Timestamp(f.epochMillis + unitMs);
  const days = Math.floor(f.epochMillis / MILLIS_PER_DAY);
  const months = unit === "YEAR" ? 12 : unit === "QUARTER" ? 3 : unit === "MONTH" ? 1 : unit === "DECADE" ? 120 : unit === "CENTURY" ? 1200 : unit === "MILLENNIUM" ? 12000 : 0;
  if (months > 0) return new Timestamp(addMonthsToDays(days, months) * MILLIS_PER_DAY);
  return new Timestamp((days + 7) * MILLIS_PER_DAY); // WEEK
}

function temporalFloorCeil(name: "FLOOR" | "CEIL"): ScalarFunction {
  return strict({
    name,
    infer(ts) {
      arity(name, ts, 2);
      requireDatetime(name, ts, 0, false);
      return ts[0]!;
    },
    make(ts) {
      const t = ts[0]!;
      const op = name === "FLOOR" ? floorWall : ceilWall;
      return (a, ctx) => {
        const unit = String(a[1]).toUpperCase();
        const v = a[0]!;
        switch (t.type) {
          case "DATE":
            return Math.floor(op(new Timestamp((v as number) * MILLIS_PER_DAY), unit).epochMillis / MILLIS_PER_DAY);
          case "TIME_WITHOUT_TIME_ZONE": {
            const r = op(new Timestamp(Math.floor((v as number) / 1e6), (v as number) % 1e6), unit);
            return (r.epochMillis * 1e6) % NANOS_PER_DAY;
          }
          case "TIMESTAMP_WITH_LOCAL_TIME_ZONE":
            return localToInstant(op(instantToLocal(v as Timestamp, ctx.localTimeZone), unit), ctx.localTimeZone);
          default:
            return op(v as Timestamp, unit);
        }
      };
    },
  });
}

const floorTo = temporalFloorCeil("FLOOR");
const ceilTo = temporalFloorCeil("CEIL");

/** The `FLOOR/CEIL(x TO unit)` implementations (numeric.ts dispatches two-argument calls here). */
export function lookupTemporalFloorCeil(name: "FLOOR" | "CEIL"): ScalarFunction {
  return name === "FLOOR" ? floorTo : ceilTo;
}

// ---------------------------------------------------------------------------------------------
// TIMESTAMPADD / TIMESTAMPDIFF

const ADD_MONTHS: Record<string, number> = { YEAR: 12, QUARTER: 3, MONTH: 1 };
const ADD_MS: Record<string, number> = { WEEK: 7 * MILLIS_PER_DAY, DAY: MILLIS_PER_DAY, HOUR: 3_600_000, MINUTE: 60_000, SECOND: 1000, MILLISECOND: 1 };

const TIMESTAMPADD: ScalarFunction = strict({
  name: "TIMESTAMPADD",
  infer(ts) {
    arity("TIMESTAMPADD", ts, 3);
    if (!isInteger(ts[1]!) && ts[1]!.type !== "NULL") throw cannotApplyCall("TIMESTAMPADD", ts, "'TIMESTAMPADD(<ANY>, <INTEGER>, <DATETIME>)'");
    requireDatetime("TIMESTAMPADD", ts, 2, false);
    return ts[2]!;
  },
  inferWithLiterals(ts, literals) {
    // Calcite: adding a unit finer than DAY to a DATE gives a TIMESTAMP(0).
    const unit = typeof literals[0] === "string" ? literals[0].toUpperCase() : null;
    if (ts[2]!.type === "DATE" && unit !== null && ADD_MS[unit] !== undefined && unit !== "DAY" && unit !== "WEEK") return T.timestamp(0);
    return null;
  },
  make(ts, rt) {
    const t = ts[2]!;
    return (a) => {
      const unit = String(a[0]).toUpperCase();
      const n = Number(a[1]);
      const months = ADD_MONTHS[unit];
      const ms = ADD_MS[unit];
      if (months === undefined && ms === undefined) throw new SqlRuntimeError(`Unsupported time unit ${unit} in TIMESTAMPADD`);
      const v = a[2]!;
      if (t.type === "DATE") {
        if (months !== undefined) return addMonthsToDays(v as number, n * months);
        if (rt.type === "DATE") return (v as number) + Math.trunc((n * ms!) / MILLIS_PER_DAY);
        return new Timestamp((v as number) * MILLIS_PER_DAY + n * ms!);
      }
      if (t.type === "TIME_WITHOUT_TIME_ZONE") {
        if (months !== undefined) return v;
        return ((((v as number) + n * ms! * 1e6) % NANOS_PER_DAY) + NANOS_PER_DAY) % NANOS_PER_DAY;
      }
      const ts0 = v as Timestamp;
      if (months !== undefined) return addMonthsToTimestamp(ts0, n * months);
      return new Timestamp(ts0.epochMillis + n * ms!, ts0.nanoOfMilli);
    };
  },
});

/**
 * Whole months from day d1 to day d0, as Calcite's DateTimeUtils.subtractMonths(int, int) (which
 * Flink's TIMESTAMPDIFF uses for MONTH / QUARTER / YEAR): the largest m such that
 * addMonths(d1, m) <= d0, where addMonths clamps to the end of the month, so Jan 31 -> Feb 29
 * is one month and Feb 29, 2020 -> Feb 28, 2021 is twelve.
 */
function subtractMonthDays(d0: number, d1: number): number {
  if (d0 < d1) return -subtractMonthDays(d1, d0);
  // No month has more than 31 days, so this never overshoots.
  let m = Math.trunc((d0 - d1) / 31);
  for (;;) {
    if (addMonthsToDays(d1, m) >= d0) return m;
    if (addMonthsToDays(d1, m + 1) > d0) return m;
    m++;
  }
}

/** Calcite's subtractMonths(long, long) over epoch milliseconds: the time of day only breaks a tie on the same day. */
function subtractMonths(t0: number, t1: number): number {
  const ms0 = ((t0 % MILLIS_PER_DAY) + MILLIS_PER_DAY) % MILLIS_PER_DAY;
  const ms1 = ((t1 % MILLIS_PER_DAY) + MILLIS_PER_DAY) % MILLIS_PER_DAY;
  const d0 = (t0 - ms0) / MILLIS_PER_DAY;
  const d1 = (t1 - ms1) / MILLIS_PER_DAY;
  let x = subtractMonthDays(d0, d1);
  if (addMonthsToDays(d1, x) === d0 && ms0 < ms1) x--;
  return x;
}

const TIMESTAMPDIFF: ScalarFunction = strict({
  name: "TIMESTAMPDIFF",
  infer(ts) {
    arity("TIMESTAMPDIFF", ts, 3);
    requireDatetime("TIMESTAMPDIFF", ts, 1, false);
    requireDatetime("TIMESTAMPDIFF", ts, 2, false);
    return T.int(false);
  },
  make(ts) {
    const ta = ts[1]!;
    const tb = ts[2]!;
    return (a, ctx) => {
      const unit = String(a[0]).toUpperCase();
      // LTZ values are compared as instants; others as wall-clock times.
      const x = ta.type === "TIMESTAMP_WITH_LOCAL_TIME_ZONE" && tb.type === "TIMESTAMP_WITH_LOCAL_TIME_ZONE" ? (a[1] as Timestamp) : wallClock(ta, a[1]!, ctx.localTimeZone);
      const y = ta.type === "TIMESTAMP_WITH_LOCAL_TIME_ZONE" && tb.type === "TIMESTAMP_WITH_LOCAL_TIME_ZONE" ? (a[2] as Timestamp) : wallClock(tb, a[2]!, ctx.localTimeZone);
      const months = ADD_MONTHS[unit];
      if (months !== undefined) return Math.trunc(subtractMonths(y.epochMillis, x.epochMillis) / months);
      const ms = ADD_MS[unit];
      if (ms === undefined) throw new SqlRuntimeError(`Unsupported time unit ${unit} in TIMESTAMPDIFF`);
      return Math.trunc((y.epochMillis - x.epochMillis) / ms) | 0;
    };
  },
});

// ---------------------------------------------------------------------------------------------

function requireString(name: string, ts: readonly LogicalType[], positions: readonly number[], form: string): void {
  for (const i of positions) {
    const t = ts[i];
    if (t !== undefined && !isCharacter(t) && t.type !== "NULL") throw cannotApplyCall(name, ts, form);
  }
}

const DATE_FORMAT = strict({
  name: "DATE_FORMAT",
  infer(ts) {
    arity("DATE_FORMAT", ts, 2);
    const t = ts[0]!;
    if (!isTimestampType(t) && t.type !== "DATE" && !isCharacter(t) && t.type !== "NULL") {
      throw cannotApplyCall("DATE_FORMAT", ts, "'DATE_FORMAT(<TIMESTAMP>, <STRING>)'\n'DATE_FORMAT(<STRING>, <STRING>)'");
    }
    requireString("DATE_FORMAT", ts, [1], "'DATE_FORMAT(<TIMESTAMP>, <STRING>)'");
    return T.string(isCharacter(t));
  },
  alwaysNullable: false,
  make(ts) {
    const t = ts[0]!;
    return (a, ctx) => {
      if (isCharacter(t)) {
        const p = parseWith(a[0] as string, null);
        return p === null ? null : formatPattern(p, a[1] as string);
      }
      const wall = wallClock(t, a[0]!, ctx.localTimeZone);
      if (t.type !== "TIMESTAMP_WITH_LOCAL_TIME_ZONE") return formatPattern(wall, a[1] as string);
      const offsetMs = wall.epochMillis - (a[0] as Timestamp).epochMillis;
      return formatPattern(wall, a[1] as string, { id: ctx.localTimeZone, offsetMs, instantMs: (a[0] as Timestamp).epochMillis });
    };
  },
});

const TO_TIMESTAMP = strict({
  name: "TO_TIMESTAMP",
  infer(ts) {
    arity("TO_TIMESTAMP", ts, 1, 2);
    requireString("TO_TIMESTAMP", ts, [0, 1], "'TO_TIMESTAMP(<STRING>)'\n'TO_TIMESTAMP(<STRING>, <STRING>)'");
    return T.timestamp(3);
  },
  alwaysNullable: true,
  make: () => (a) => {
    const text = a[0] as string;
    let p = parseWith(text, a.length > 1 ? (a[1] as string) : null, undefined, { strict: true });
    // Flink's DateTimeUtils.parseTimestampData: when the pattern does not parse the text, the
    // text is tried as java.sql.Timestamp.valueOf ("yyyy-[m]m-[d]d hh:mm:ss[.f...]") or, without
    // a space, as java.sql.Date.valueOf at midnight.
    if (p === null && a.length > 1) p = parseSqlTimestampText(text);
    return p === null ? null : new Timestamp(p.epochMillis);
  },
});

/** java.sql.Timestamp.valueOf / java.sql.Date.valueOf on trimmed text, or null. */
function parseSqlTimestampText(text: string): Timestamp | null {
  const t = text.trim();
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?: (\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,9}))?)?$/.exec(t);
  if (m === null || (m[4] === undefined && t.includes(" "))) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const days = daysFromCivil(year, month, day);
  if (civilFromDays(days)[2] !== day) return null;
  const nano = Number((m[7] ?? "").padEnd(9, "0"));
  return new Timestamp(days * MILLIS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000 + Math.floor(nano / 1e6), nano % 1_000_000);
}

const TO_TIMESTAMP_LTZ = strict({
  name: "TO_TIMESTAMP_LTZ",
  infer(ts) {
    arity("TO_TIMESTAMP_LTZ", ts, 1, 3);
    const t = ts[0]!;
    if (isNumeric(t)) {
      if (ts.length > 2 || (ts.length === 2 && !isInteger(ts[1]!))) throw cannotApplyCall("TO_TIMESTAMP_LTZ", ts, "'TO_TIMESTAMP_LTZ(<NUMERIC>, <INTEGER>)'");
      return T.timestampLtz(3);
    }
    requireString("TO_TIMESTAMP_LTZ", ts, [0, 1, 2], "'TO_TIMESTAMP_LTZ(<NUMERIC>, <INTEGER>)'\n'TO_TIMESTAMP_LTZ(<STRING>, <STRING>, <STRING>)'");
    return T.timestampLtz(3);
  },
  alwaysNullable: true,
  make(ts) {
    if (isNumeric(ts[0]!)) {
      return (a) => {
        const precision = a.length > 1 ? Number(a[1]) : 3;
        if (precision !== 0 && precision !== 3) throw new SqlRuntimeError(`The precision value '${precision}' for function TO_TIMESTAMP_LTZ(numeric, precision) is unsupported, the supported value is '0' for second or '3' for millisecond.`);
        const v = a[0]!;
        if (typeof v === "number" && !Number.isFinite(v)) return null;
        const ms = precision === 0 ? toDecimal(v).multiply(Decimal.fromUnscaled(1000n, 0)) : toDecimal(v);
        return new Timestamp(Number(ms.rescale(0, "DOWN").unscaled));
      };
    }
    return (a, ctx) => {
      const p = parseWith(a[0] as string, a.length > 1 ? (a[1] as string) : null);
      if (p === null) return null;
      const zone = a.length > 2 ? (a[2] as string) : ctx.localTimeZone;
      return localToInstant(new Timestamp(p.epochMillis), zone);
    };
  },
});

const TO_DATE = strict({
  name: "TO_DATE",
  infer(ts) {
    arity("TO_DATE", ts, 1, 2);
    requireString("TO_DATE", ts, [0, 1], "'TO_DATE(<STRING>)'\n'TO_DATE(<STRING>, <STRING>)'");
    return T.date();
  },
  alwaysNullable: true,
  make: () => (a) => {
    const p = a.length > 1 ? parsePattern(a[0] as string, a[1] as string) : parseWith(a[0] as string, "yyyy-MM-dd");
    return p === null ? null : Math.floor(p.epochMillis / MILLIS_PER_DAY);
  },
});

const UNIX_TIMESTAMP: ScalarFunction = lenient({
  name: "UNIX_TIMESTAMP",
  deterministic: false,
  infer(ts) {
    arity("UNIX_TIMESTAMP", ts, 0, 2);
    requireString("UNIX_TIMESTAMP", ts, [0, 1], "'UNIX_TIMESTAMP()'\n'UNIX_TIMESTAMP(<STRING>)'\n'UNIX_TIMESTAMP(<STRING>, <STRING>)'");
    return T.bigint(ts.some((t) => t.nullable));
  },
  make(ts) {
    if (ts.length === 0) return (_a, ctx) => BigInt(Math.floor(ctx.now() / 1000));
    return (a, ctx) => {
      if (a.some((x) => x === null)) return null;
      const offset: { ms: number | null } = { ms: null };
      // SimpleDateFormat.parse(String): text after the pattern is ignored.
      const p = parseWith(a[0] as string, a.length > 1 ? (a[1] as string) : null, offset, { trailing: true });
      // Flink returns Long.MIN_VALUE when the text does not parse.
      if (p === null) return -(2n ** 63n);
      // An offset in the text (pattern X / Z) wins over the session zone (Flink docs, UNIX_TIMESTAMP).
      const ms = offset.ms !== null ? p.epochMillis - offset.ms : localToInstant(p, ctx.localTimeZone).epochMillis;
      return BigInt(Math.floor(ms / 1000));
    };
  },
});

const FROM_UNIXTIME = strict({
  name: "FROM_UNIXTIME",
  infer(ts) {
    arity("FROM_UNIXTIME", ts, 1, 2);
    if (!isInteger(ts[0]!) && ts[0]!.type !== "NULL") throw cannotApplyCall("FROM_UNIXTIME", ts, "'FROM_UNIXTIME(<INTEGER>)'\n'FROM_UNIXTIME(<INTEGER>, <STRING>)'");
    requireString("FROM_UNIXTIME", ts, [1], "'FROM_UNIXTIME(<INTEGER>, <STRING>)'");
    return T.string();
  },
  make: () => (a, ctx) => {
    const local = instantToLocal(new Timestamp(Number(a[0]) * 1000), ctx.localTimeZone);
    return formatPattern(local, a.length > 1 ? (a[1] as string) : DEFAULT_FORMAT);
  },
});

const CONVERT_TZ = strict({
  name: "CONVERT_TZ",
  infer(ts) {
    arity("CONVERT_TZ", ts, 3);
    requireString("CONVERT_TZ", ts, [0, 1, 2], "'CONVERT_TZ(<STRING>, <STRING>, <STRING>)'");
    return T.string();
  },
  make: () => (a) => {
    const p = parseWith(a[0] as string, null);
    if (p === null) throw new SqlRuntimeError(`Invalid timestamp text in CONVERT_TZ: ${String(a[0])}`);
    try {
      validateTimeZone(a[1] as string);
      validateTimeZone(a[2] as string);
    } catch (e) {
      throw new SqlRuntimeError(e instanceof Error ? e.message : String(e));
    }
    const instant = localToInstant(p, a[1] as string);
    return formatPattern(instantToLocal(instant, a[2] as string), DEFAULT_FORMAT);
  },
});

export const temporalFunctions: ScalarFunction[] = [
  nowFn("CURRENT_TIMESTAMP", T.timestampLtz(3, false), (ctx) => new Timestamp(ctx.now())),
  nowFn("NOW", T.timestampLtz(3, false), (ctx) => new Timestamp(ctx.now())),
  nowFn("CURRENT_ROW_TIMESTAMP", T.timestampLtz(3, false), (ctx) => new Timestamp(ctx.now())),
  nowFn("PROCTIME", T.timestampLtz(3, false), (ctx) => new Timestamp(ctx.now())),
  nowFn("LOCALTIMESTAMP", T.timestamp(3, false), (ctx) => localNow(ctx)),
  nowFn("CURRENT_DATE", T.date(false), (ctx) => Math.floor(localNow(ctx).epochMillis / MILLIS_PER_DAY)),
  nowFn("CURRENT_TIME", T.time(0, false), (ctx) => timeOfDaySeconds(ctx)),
  nowFn("LOCALTIME", T.time(0, false), (ctx) => timeOfDaySeconds(ctx)),
  EXTRACT,
  shorthand("YEAR", "YEAR"),
  shorthand("QUARTER", "QUARTER"),
  shorthand("MONTH", "MONTH"),
  shorthand("WEEK", "WEEK"),
  shorthand("DAYOFYEAR", "DOY"),
  shorthand("DAYOFMONTH", "DAY"),
  shorthand("DAYOFWEEK", "DOW"),
  shorthand("HOUR", "HOUR"),
  shorthand("MINUTE", "MINUTE"),
  shorthand("SECOND", "SECOND"),
  DATE_FORMAT,
  TIMESTAMPADD,
  TIMESTAMPDIFF,
  TO_TIMESTAMP,
  TO_TIMESTAMP_LTZ,
  TO_DATE,
  UNIX_TIMESTAMP,
  FROM_UNIXTIME,
  CONVERT_TZ,
];
