/**
 * Checks and evaluation of typed literals at parse time, following Calcite (which validates
 * DATE/TIME/TIMESTAMP literal formats in the parser and interval literals against their
 * qualifier): the precision of a TIME/TIMESTAMP literal is the number of fractional digits
 * written; interval literals become Flink's internal values (months, or milliseconds).
 */
import type { LogicalType } from "../../../types/model.ts";
import type { IntervalQualifier, IntervalUnit } from "./ast.ts";

/** A literal problem; the parser turns it into a positioned error. */
export class LiteralError extends Error {
  override name = "LiteralError";
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function checkDate(y: string, m: string, d: string): boolean {
  const month = Number(m);
  const day = Number(d);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(Number(y), month);
}

function checkTime(h: string, mi: string, s: string | undefined): boolean {
  return Number(h) <= 23 && Number(mi) <= 59 && (s === undefined || Number(s) <= 59);
}

const DATE_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
// Calcite parses these with the patterns 'HH:mm:ss' and 'yyyy-MM-dd HH:mm:ss' (fraction optional):
// seconds are required, the date and time are separated by one space.
const TIME_RE = /^(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d*))?$/;
const TIMESTAMP_RE = /^(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d*))?$/;

/**
 * The type of a DATE/TIME/TIMESTAMP/TIMESTAMP_LTZ literal, or a LiteralError with Calcite's
 * message: "Illegal TIMESTAMP literal '2024-13-01 00:00:00': not in format 'yyyy-MM-dd HH:mm:ss'".
 */
export function datetimeLiteralType(keyword: "DATE" | "TIME" | "TIMESTAMP" | "TIMESTAMP_LTZ", value: string): LogicalType {
  const v = value.trim();
  const bad = (format: string): never => {
    throw new LiteralError(`Illegal ${keyword === "TIMESTAMP_LTZ" ? "TIMESTAMP WITH LOCAL TIME ZONE" : keyword} literal '${value}': not in format '${format}'`);
  };
  const precisionOf = (fraction: string | undefined): number => {
    const p = fraction === undefined ? 0 : fraction.length;
    if (p > 9) bad(keyword === "TIME" ? "HH:mm:ss" : "yyyy-MM-dd HH:mm:ss");
    return p;
  };
  if (keyword === "DATE") {
    const m = DATE_RE.exec(v);
    if (!m || !checkDate(m[1]!, m[2]!, m[3]!)) bad("yyyy-MM-dd");
    return { type: "DATE", nullable: false };
  }
  if (keyword === "TIME") {
    const m = TIME_RE.exec(v);
    if (!m || !checkTime(m[1]!, m[2]!, m[3])) bad("HH:mm:ss");
    return { type: "TIME_WITHOUT_TIME_ZONE", nullable: false, precision: precisionOf(m![4]) };
  }
  const m = TIMESTAMP_RE.exec(v);
  if (!m || !checkDate(m[1]!, m[2]!, m[3]!) || !checkTime(m[4]!, m[5]!, m[6])) bad("yyyy-MM-dd HH:mm:ss");
  return {
    type: keyword === "TIMESTAMP" ? "TIMESTAMP_WITHOUT_TIME_ZONE" : "TIMESTAMP_WITH_LOCAL_TIME_ZONE",
    nullable: false,
    precision: precisionOf(m![7]),
  };
}

const YEAR_MONTH: ReadonlySet<IntervalUnit> = new Set(["YEAR", "MONTH"]);

/** The text of a qualifier as Calcite prints it in messages: `DAY(2) TO SECOND(6)` style. */
export function qualifierText(q: Pick<IntervalQualifier, "start" | "endUnit" | "startPrecision" | "fractionalPrecision">): string {
  const lead = q.startPrecision === null ? q.start : `${q.start}(${q.startPrecision})`;
  if (q.endUnit === null) {
    if (q.start === "SECOND" && q.fractionalPrecision !== null) return `SECOND(${q.startPrecision ?? 2}, ${q.fractionalPrecision})`;
    return lead;
  }
  const end = q.endUnit === "SECOND" && q.fractionalPrecision !== null ? `SECOND(${q.fractionalPrecision})` : q.endUnit;
  return `${lead} TO ${end}`;
}

/** True when `start TO end` is a valid qualifier pair. */
export function validQualifierPair(start: IntervalUnit, end: IntervalUnit): boolean {
  const order: IntervalUnit[] = ["YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND"];
  if (start === "YEAR") return end === "MONTH";
  if (start === "MONTH") return false;
  return order.indexOf(end) > order.indexOf(start) && end !== "MONTH";
}

/** The LogicalType of an interval qualifier (Flink defaults: leading precision 2, fractional 6). */
export function intervalType(q: Pick<IntervalQualifier, "start" | "endUnit" | "startPrecision" | "fractionalPrecision">, nullable: boolean): LogicalType {
  if (YEAR_MONTH.has(q.start)) {
    const resolution = q.endUnit === "MONTH" ? "YEAR_TO_MONTH" : q.start === "YEAR" ? "YEAR" : "MONTH";
    return { type: "INTERVAL_YEAR_MONTH", nullable, resolution, precision: q.startPrecision ?? 2 };
  }
  const resolution = (q.endUnit === null ? q.start : `${q.start}_TO_${q.endUnit}`) as
    | "DAY" | "DAY_TO_HOUR" | "DAY_TO_MINUTE" | "DAY_TO_SECOND" | "HOUR" | "HOUR_TO_MINUTE" | "HOUR_TO_SECOND" | "MINUTE" | "MINUTE_TO_SECOND" | "SECOND";
  return {
    type: "INTERVAL_DAY_TIME",
    nullable,
    resolution,
    precision: q.startPrecision ?? 2,
    fractionalPrecision: q.fractionalPrecision ?? 6,
  };
}

const UNIT_MS: Record<string, number> = { DAY: 86_400_000, HOUR: 3_600_000, MINUTE: 60_000, SECOND: 1000 };

/**
 * Evaluate an interval literal's string against its qualifier: months for YEAR/MONTH
 * qualifiers, milliseconds otherwise (sub-millisecond digits truncated). Throws LiteralError with
 * Calcite's messages ("Illegal interval literal format '1-x' for INTERVAL YEAR TO MONTH",
 * "Interval field value 100 exceeds precision of DAY(2) field").
 */
export function intervalValue(text: string, q: Pick<IntervalQualifier, "start" | "endUnit" | "startPrecision" | "fractionalPrecision">): number {
  const qText = qualifierText(q);
  const illegal = (): never => {
    throw new LiteralError(`Illegal interval literal format '${text}' for INTERVAL ${qText}`);
  };
  let s = text.trim();
  let sign = 1;
  if (s.startsWith("-")) {
    sign = -1;
    s = s.slice(1).trim();
  } else if (s.startsWith("+")) {
    s = s.slice(1).trim();
  }
  const units: IntervalUnit[] = [];
  const order: IntervalUnit[] = ["YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND"];
  const from = order.indexOf(q.start);
  const to = q.endUnit === null ? from : order.indexOf(q.endUnit);
  for (let k = from; k <= to; k++) units.push(order[k]!);
  // Build the expected pattern: separators are "-" (year-month), " " (day-hour), ":" (time).
  let pattern = "^";
  units.forEach((u, idx) => {
    if (idx > 0) pattern += u === "MONTH" ? "-" : u === "HOUR" && units[idx - 1] === "DAY" ? " +" : ":";
    pattern += u === "SECOND" ? "(\\d+)(?:\\.(\\d*))?" : "(\\d+)";
  });
  pattern += "$";
  const m = new RegExp(pattern).exec(s);
  if (!m) return illegal();
  const fields = units.map((_, idx) => m[idx + 1]!);
  const fraction = units[units.length - 1] === "SECOND" ? (m[units.length + 1] ?? "") : "";
  const leadPrecision = q.startPrecision ?? 2;
  const leading = fields[0]!;
  if (leading.replace(/^0+(?=\d)/, "").length > leadPrecision) {
    throw new LiteralError(`Interval field value ${Number(leading)} exceeds precision of ${q.start}(${leadPrecision}) field`);
  }
  const limits: Record<string, number> = { MONTH: 11, HOUR: 23, MINUTE: 59, SECOND: 59 };
  fields.forEach((f, idx) => {
    const u = units[idx]!;
    if (idx > 0 && Number(f) > limits[u]!) {
      throw new LiteralError(`Illegal interval literal format '${text}' for INTERVAL ${qText}`);
    }
  });
  const fracPrecision = q.fractionalPrecision ?? 6;
  if (fraction.length > fracPrecision) {
    throw new LiteralError(`Illegal interval literal format '${text}' for INTERVAL ${qText}`);
  }
  if (YEAR_MONTH.has(q.start)) {
    let months = 0;
    units.forEach((u, idx) => {
      months += u === "YEAR" ? Number(fields[idx]) * 12 : Number(fields[idx]);
    });
    return sign * months || 0;
  }
  let ms = 0;
  units.forEach((u, idx) => {
    ms += Number(fields[idx]) * UNIT_MS[u]!;
  });
  if (fraction.length > 0) ms += Number((fraction + "000").slice(0, 3));
  return sign * ms || 0;
}
