/**
 * Interval values as the client hands them out (decoding) and takes them in (parameters).
 *
 * Both wrap Flink's internal representation exactly: INTERVAL YEAR TO MONTH is a whole number
 * of months, INTERVAL DAY TO SECOND a whole number of milliseconds (Flink keeps no finer unit,
 * so nothing is lost). `toString()` is the wire form, `toSql()` a literal Flink parses back to
 * the same value, `toJSON()` an ISO-8601 duration.
 */
import { InterfaceError } from "../errors.ts";

function pad2(n: number): string {
  return n < 10 ? "0" + n : String(n);
}

/**
 * INTERVAL YEAR TO MONTH.
 *
 * @example
 * ```ts
 * const iv = new YearMonthInterval(1, 6);  // or YearMonthInterval.ofMonths(18)
 * iv.toString(); // "+1-06"
 * iv.toSql();    // "INTERVAL '1-6' YEAR TO MONTH"
 * iv.toJSON();   // "P1Y6M"
 * ```
 * @throws InterfaceError code `INTERVAL_INVALID` for non-integers, mixed signs or |months| > 11.
 */
export class YearMonthInterval {
  /** Signed total number of months. */
  readonly totalMonths: number;

  constructor(years: number, months = 0) {
    if (!Number.isSafeInteger(years) || !Number.isSafeInteger(months) || Math.abs(months) > 11 || (years > 0 && months < 0) || (years < 0 && months > 0)) {
      throw new InterfaceError("INTERVAL_INVALID", `Invalid year-month interval: ${years} years, ${months} months (same sign, |months| <= 11)`);
    }
    this.totalMonths = years * 12 + months;
    if (!Number.isSafeInteger(this.totalMonths)) throw new InterfaceError("INTERVAL_INVALID", "Year-month interval out of range");
    // Values are shared (decoded rows, parameters, Map keys): `readonly` is compile-time only.
    Object.freeze(this);
  }

  /**
   * From a signed total number of months (Flink's internal value), split into years and
   * months of the same sign.
   *
   * @example
   * ```ts
   * YearMonthInterval.ofMonths(18).toString(); // "+1-06"
   * YearMonthInterval.ofMonths(-3).toString(); // "-0-03"
   * ```
   * @throws InterfaceError code `INTERVAL_INVALID` when `totalMonths` is not a safe integer
   * (`1.5`, `NaN`).
   */
  static ofMonths(totalMonths: number): YearMonthInterval {
    if (!Number.isSafeInteger(totalMonths)) throw new InterfaceError("INTERVAL_INVALID", `Invalid month count: ${totalMonths}`);
    const neg = totalMonths < 0;
    const a = Math.abs(totalMonths);
    const y = Math.floor(a / 12);
    const m = a % 12;
    return new YearMonthInterval(neg ? -y : y, neg ? -m : m);
  }

  /** -1, 0 or 1. */
  get sign(): number {
    return Math.sign(this.totalMonths);
  }
  /** Whole years, signed (same sign as the interval). */
  get years(): number {
    return Math.trunc(this.totalMonths / 12) || 0;
  }
  /** Remaining months, signed, -11..11. */
  get months(): number {
    return this.totalMonths % 12 || 0;
  }

  /**
   * Same length in months. Use it rather than `===`: decoding hands out a new object per value.
   * Never throws.
   *
   * @example
   * ```ts
   * new YearMonthInterval(1, 6).equals(YearMonthInterval.ofMonths(18)); // true
   * ```
   */
  equals(other: YearMonthInterval): boolean {
    return this.totalMonths === other.totalMonths;
  }

  /**
   * Orders by length: negative when this interval is shorter than `other`, zero when equal,
   * positive when longer (the difference in months), so it can be passed to `sort`. Never throws.
   *
   * @example
   * ```ts
   * [new YearMonthInterval(2), new YearMonthInterval(0, 3), new YearMonthInterval(-1)]
   *   .sort((a, b) => a.compare(b))
   *   .map(String); // ["-1-00", "+0-03", "+2-00"]
   * ```
   */
  compare(other: YearMonthInterval): number {
    return this.totalMonths - other.totalMonths;
  }

  /**
   * Flink's text form, as the server sends it in results: always signed, months two digits.
   * Never throws.
   *
   * @example
   * ```ts
   * new YearMonthInterval(1, 6).toString();  // "+1-06"
   * new YearMonthInterval(0, -3).toString(); // "-0-03"
   * ```
   */
  toString(): string {
    const a = Math.abs(this.totalMonths);
    return (this.totalMonths < 0 ? "-" : "+") + Math.floor(a / 12) + "-" + pad2(a % 12);
  }

  /**
   * A Flink literal for the same value (what parameters render); the year precision is stated
   * when over two digits, since Flink's default `YEAR(2)` would reject the literal.
   *
   * @example
   * ```ts
   * new YearMonthInterval(1, 6).toSql();     // "INTERVAL '1-6' YEAR TO MONTH"
   * new YearMonthInterval(-120, -3).toSql(); // "INTERVAL '-120-3' YEAR(3) TO MONTH"
   * ```
   * @throws InterfaceError code `INTERVAL_INVALID` beyond Flink's 9999 years.
   */
  toSql(): string {
    const a = Math.abs(this.totalMonths);
    const y = Math.floor(a / 12);
    if (y > 9999) throw new InterfaceError("INTERVAL_INVALID", `Year-month interval too large for Flink: ${this.toString()}`);
    const p = String(y).length;
    return `INTERVAL '${this.totalMonths < 0 ? "-" : ""}${y}-${a % 12}' YEAR${p > 2 ? `(${p})` : ""} TO MONTH`;
  }

  /**
   * ISO-8601 duration, so `JSON.stringify` of a row gives text other tools can parse.
   * Never throws.
   *
   * @example
   * ```ts
   * JSON.stringify({ term: new YearMonthInterval(1, 6) }); // '{"term":"P1Y6M"}'
   * new YearMonthInterval(0, -3).toJSON();                  // "-P3M"
   * new YearMonthInterval(0).toJSON();                      // "P0M"
   * ```
   */
  toJSON(): string {
    const a = Math.abs(this.totalMonths);
    const y = Math.floor(a / 12);
    const m = a % 12;
    const body = (y > 0 ? y + "Y" : "") + (m > 0 || y === 0 ? m + "M" : "");
    return (this.totalMonths < 0 ? "-P" : "P") + body;
  }
}

/** The signed fields `DayTimeInterval.of` sums; missing ones count as 0. */
export interface DayTimeFields {
  days?: number;
  hours?: number;
  minutes?: number;
  seconds?: number;
  milliseconds?: number;
}

/**
 * INTERVAL DAY TO SECOND, exact to the millisecond (Flink's resolution).
 *
 * @example
 * ```ts
 * const iv = DayTimeInterval.of({ days: -2, hours: -4, minutes: -15, seconds: -20, milliseconds: -123 });
 * iv.toString(); // "-2 04:15:20.123"
 * iv.toSql();    // "INTERVAL '-2 04:15:20.123' DAY TO SECOND(3)"
 * iv.toJSON();   // "-P2DT4H15M20.123S"
 * ```
 * @throws InterfaceError code `INTERVAL_INVALID` for a non-integer or unsafe millisecond count.
 */
export class DayTimeInterval {
  /** Signed total milliseconds. */
  readonly totalMilliseconds: number;

  constructor(totalMilliseconds: number) {
    if (!Number.isSafeInteger(totalMilliseconds)) {
      throw new InterfaceError("INTERVAL_INVALID", `Invalid day-time interval: ${totalMilliseconds} ms (whole milliseconds only)`);
    }
    this.totalMilliseconds = totalMilliseconds === 0 ? 0 : totalMilliseconds;
    Object.freeze(this);
  }

  /**
   * Sums the given signed fields (missing ones count as 0). Fractions are fine as long as the
   * total is whole milliseconds: `{ seconds: 1.5 }` is 1500 ms.
   *
   * @example
   * ```ts
   * DayTimeInterval.of({ hours: 1, minutes: 30 }).totalMilliseconds; // 5400000
   * DayTimeInterval.of({ days: 2 }).equals(DayTimeInterval.of({ hours: 48 })); // true
   * ```
   * @throws InterfaceError code `INTERVAL_INVALID` when the total is not a safe integer number
   * of milliseconds (`{ seconds: 0.0005 }`, a `NaN` field).
   */
  static of(fields: DayTimeFields): DayTimeInterval {
    const { days = 0, hours = 0, minutes = 0, seconds = 0, milliseconds = 0 } = fields;
    return new DayTimeInterval((((days * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000 + milliseconds);
  }

  /** -1, 0 or 1. */
  get sign(): number {
    return Math.sign(this.totalMilliseconds);
  }
  private get abs(): number {
    return Math.abs(this.totalMilliseconds);
  }
  /** Whole days of the magnitude (unsigned; see `sign`). */
  get days(): number {
    return Math.floor(this.abs / 86_400_000);
  }
  /** Hours 0..23 of the magnitude. */
  get hours(): number {
    return Math.floor(this.abs / 3_600_000) % 24;
  }
  /** Minutes 0..59 of the magnitude. */
  get minutes(): number {
    return Math.floor(this.abs / 60_000) % 60;
  }
  /** Seconds 0..59 of the magnitude. */
  get seconds(): number {
    return Math.floor(this.abs / 1000) % 60;
  }
  /** Milliseconds 0..999 of the magnitude. */
  get milliseconds(): number {
    return this.abs % 1000;
  }

  /**
   * Same length in milliseconds. Use it rather than `===`: decoding hands out a new object per
   * value. Never throws.
   *
   * @example
   * ```ts
   * DayTimeInterval.of({ days: 2 }).equals(DayTimeInterval.of({ hours: 48 })); // true
   * ```
   */
  equals(other: DayTimeInterval): boolean {
    return this.totalMilliseconds === other.totalMilliseconds;
  }

  /**
   * Orders by length: negative when this interval is shorter than `other`, zero when equal,
   * positive when longer (the difference in milliseconds), so it can be passed to `sort`.
   * Never throws.
   *
   * @example
   * ```ts
   * DayTimeInterval.of({ seconds: 1 }).compare(DayTimeInterval.of({ milliseconds: 999 })); // 1
   * ```
   */
  compare(other: DayTimeInterval): number {
    return this.totalMilliseconds - other.totalMilliseconds;
  }

  private body(): string {
    return `${this.days} ${pad2(this.hours)}:${pad2(this.minutes)}:${pad2(this.seconds)}.${String(this.milliseconds).padStart(3, "0")}`;
  }

  /**
   * Flink's text form, as the server sends it in results: always signed, always with
   * milliseconds. Never throws.
   *
   * @example
   * ```ts
   * DayTimeInterval.of({ days: 2, hours: 4, minutes: 15, seconds: 20 }).toString(); // "+2 04:15:20.000"
   * new DayTimeInterval(-1).toString();                                          // "-0 00:00:00.001"
   * ```
   */
  toString(): string {
    return (this.totalMilliseconds < 0 ? "-" : "+") + this.body();
  }

  /**
   * A Flink literal for the same value (what parameters render); the day precision is stated
   * when over two digits, since Flink's default `DAY(2)` would reject the literal.
   *
   * @example
   * ```ts
   * DayTimeInterval.of({ minutes: 90 }).toSql(); // "INTERVAL '0 01:30:00.000' DAY TO SECOND(3)"
   * DayTimeInterval.of({ days: 120 }).toSql();   // "INTERVAL '120 00:00:00.000' DAY(3) TO SECOND(3)"
   * ```
   * @throws InterfaceError code `INTERVAL_INVALID` beyond Flink's 999999 days.
   */
  toSql(): string {
    const d = this.days;
    if (d > 999_999) throw new InterfaceError("INTERVAL_INVALID", `Day-time interval too large for Flink: ${this.toString()}`);
    const p = String(d).length;
    return `INTERVAL '${this.totalMilliseconds < 0 ? "-" : ""}${this.body()}' DAY${p > 2 ? `(${p})` : ""} TO SECOND(3)`;
  }

  /**
   * ISO-8601 duration, so `JSON.stringify` of a row gives text other tools can parse; days are
   * not folded into hours. Never throws.
   *
   * @example
   * ```ts
   * JSON.stringify({ wait: DayTimeInterval.of({ minutes: 90 }) }); // '{"wait":"PT1H30M"}'
   * new DayTimeInterval(-1).toJSON();                              // "-PT0.001S"
   * new DayTimeInterval(0).toJSON();                               // "PT0S"
   * ```
   */
  toJSON(): string {
    if (this.totalMilliseconds === 0) return "PT0S";
    let out = this.totalMilliseconds < 0 ? "-P" : "P";
    if (this.days > 0) out += this.days + "D";
    const h = this.hours, mi = this.minutes, s = this.seconds, ms = this.milliseconds;
    if (h > 0 || mi > 0 || s > 0 || ms > 0) {
      out += "T";
      if (h > 0) out += h + "H";
      if (mi > 0) out += mi + "M";
      if (s > 0 || ms > 0) out += s + (ms > 0 ? "." + String(ms).padStart(3, "0").replace(/0+$/, "") : "") + "S";
    }
    return out;
  }
}
