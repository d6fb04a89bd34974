/**
 * Exact decimal numbers: Flink's DECIMAL(p, s) as an unscaled `bigint` plus a scale.
 *
 * This is the canonical internal value of DECIMAL (see team COMMON.md), used by the emulator's
 * arithmetic and by the wire formatter, and the parsed form of `decimal("0.001")` parameters.
 * It deliberately knows nothing about SQL types: callers decide precision limits.
 */
import { DataError } from "../errors.ts";

const DECIMAL_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

const POW10: bigint[] = [1n];
/** 10^n as a bigint (cached for small n). */
export function pow10(n: number): bigint {
  if (n < POW10.length) return POW10[n]!;
  if (n > 400) return 10n ** BigInt(n);
  for (let i = POW10.length; i <= n; i++) POW10.push(POW10[i - 1]! * 10n);
  return POW10[n]!;
}

function abs(v: bigint): bigint {
  return v < 0n ? -v : v;
}

/** Number of decimal digits of |v| (1 for zero). */
export function digitCount(v: bigint): number {
  return v === 0n ? 1 : abs(v).toString().length;
}

/**
 * An immutable exact decimal: `unscaled * 10^-scale`. The scale is never negative.
 *
 * @example
 * ```ts
 * Decimal.parse("-0.001").toString(); // "-0.001"
 * Decimal.parse("100.00").precision;   // 5
 * Decimal.parse("1.25").rescale(1).toString(); // "1.3" (HALF_UP)
 * ```
 */
export class Decimal {
  /** The digits as an integer: `123.45` has `unscaled` 12345n. */
  readonly unscaled: bigint;
  /** Digits after the point (never negative): `123.45` has scale 2. */
  readonly scale: number;

  private constructor(unscaled: bigint, scale: number) {
    this.unscaled = unscaled;
    this.scale = scale;
  }

  /**
   * Parses a plain or exponent decimal text (`"123.45"`, `"-0.001"`, `"1E+2"`, `".5"`).
   * A positive exponent is multiplied out, so the scale is never negative. Trailing zeros are
   * kept: they are the scale, and `"100.00"` fits DECIMAL(5, 2) where `"100"` needs only (3, 0).
   *
   * @example
   * ```ts
   * Decimal.parse("123.45").scale;     // 2
   * Decimal.parse("1E+2").toString();  // "100"
   * Decimal.parse("1.5e-3").toString(); // "0.0015"
   * ```
   * @throws DataError code `DECIMAL_INVALID` for anything else (including NaN, Infinity, "",
   * `"1,5"`, text over 1000 characters, an exponent beyond ±10000).
   */
  static parse(text: string): Decimal {
    const m = typeof text === "string" && text.length <= 1000 ? DECIMAL_RE.exec(text) : null;
    if (m === null || (m[2] === "" && (m[3] === undefined || m[3] === ""))) {
      throw new DataError("DECIMAL_INVALID", `Invalid decimal: ${truncate(String(text))}`);
    }
    const intPart = m[2]!;
    const fracPart = m[3] ?? "";
    const exp = m[4] === undefined ? 0 : Number(m[4]);
    if (!Number.isSafeInteger(exp) || Math.abs(exp) > 10000) {
      throw new DataError("DECIMAL_INVALID", `Decimal exponent out of range: ${truncate(text)}`);
    }
    let unscaled = BigInt((intPart + fracPart) || "0");
    if (m[1] === "-") unscaled = -unscaled;
    let scale = fracPart.length - exp;
    if (scale < 0) {
      unscaled *= pow10(-scale);
      scale = 0;
    }
    return new Decimal(unscaled, scale);
  }

  /**
   * Builds `unscaled * 10^-scale`, the form Flink and Java's BigDecimal store. A negative scale
   * is multiplied out.
   *
   * @example
   * ```ts
   * Decimal.fromUnscaled(12345n, 2).toString(); // "123.45"
   * Decimal.fromUnscaled(5n, -3).toString();    // "5000"
   * ```
   * @throws DataError code `DECIMAL_INVALID` when scale is not an integer.
   */
  static fromUnscaled(unscaled: bigint, scale: number): Decimal {
    if (!Number.isInteger(scale)) throw new DataError("DECIMAL_INVALID", `Invalid decimal scale ${scale}`);
    if (scale < 0) return new Decimal(unscaled * pow10(-scale), 0);
    return new Decimal(unscaled, scale);
  }

  /**
   * The exact decimal value of a finite JS number, via its shortest round-trip text
   * (`0.1` becomes `0.1`, not the binary expansion). The double's error is kept, not hidden:
   * `0.1 + 0.2` gives `0.30000000000000004`.
   *
   * @example
   * ```ts
   * Decimal.fromNumber(0.1).toString();  // "0.1"
   * Decimal.fromNumber(1e21).toString(); // "1000000000000000000000"
   * ```
   * @throws DataError code `DECIMAL_INVALID` for NaN and infinities.
   */
  static fromNumber(value: number): Decimal {
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new DataError("DECIMAL_INVALID", `Decimal.fromNumber needs a finite number, got ${typeof value} ${truncate(String(value))}`);
    }
    return Decimal.parse(String(value));
  }

  /** Number of significant digits of the unscaled value (at least 1). */
  get precision(): number {
    return digitCount(this.unscaled);
  }

  /**
   * Smallest DECIMAL(p, s) type that holds this value exactly: s = scale and
   * p = max(digits, scale) + (integer digits beyond the scale). `0.001` needs DECIMAL(3, 3).
   */
  get sqlPrecision(): number {
    return Math.max(this.precision, this.scale, 1);
  }

  /** -1, 0 or 1. */
  get signum(): number {
    return this.unscaled < 0n ? -1 : this.unscaled > 0n ? 1 : 0;
  }

  /**
   * Plain text with trailing zeros kept to the scale, never an exponent. Never throws.
   *
   * @example
   * ```ts
   * Decimal.parse("100.00").toString(); // "100.00"
   * Decimal.parse("-1e-3").toString();  // "-0.001"
   * ```
   */
  toString(): string {
    const neg = this.unscaled < 0n;
    let digits = abs(this.unscaled).toString();
    if (this.scale === 0) return neg ? "-" + digits : digits;
    if (digits.length <= this.scale) digits = "0".repeat(this.scale - digits.length + 1) + digits;
    const cut = digits.length - this.scale;
    return (neg ? "-" : "") + digits.slice(0, cut) + "." + digits.slice(cut);
  }

  /**
   * Same as `toString()`: JSON has no exact decimal, and a JSON number would be read back as
   * a double. Never throws.
   *
   * @example
   * ```ts
   * JSON.stringify({ price: Decimal.parse("19.90") }); // '{"price":"19.90"}'
   * ```
   */
  toJSON(): string {
    return this.toString();
  }

  /**
   * The nearest double: digits beyond about 17 are lost, and values beyond the double range
   * give `Infinity`. Never throws.
   *
   * @example
   * ```ts
   * Decimal.parse("19.90").toNumber();                 // 19.9
   * Decimal.parse("12345678901234567890.12").toNumber(); // 12345678901234567000
   * ```
   */
  toNumber(): number {
    return Number(this.toString());
  }

  /**
   * Changes the scale. Going up appends zeros; going down rounds: `HALF_UP` (Flink's
   * CAST/ROUND rule, the default; ties away from zero) or `DOWN` (truncation towards zero).
   *
   * @example
   * ```ts
   * Decimal.parse("1.25").rescale(1).toString();         // "1.3"
   * Decimal.parse("-1.25").rescale(1).toString();        // "-1.3"
   * Decimal.parse("1.29").rescale(1, "DOWN").toString(); // "1.2"
   * Decimal.parse("1.5").rescale(3).toString();          // "1.500"
   * ```
   * @throws DataError code `DECIMAL_INVALID` when `scale` is not a non-negative integer.
   */
  rescale(scale: number, rounding: "HALF_UP" | "DOWN" = "HALF_UP"): Decimal {
    if (!Number.isInteger(scale) || scale < 0) {
      throw new DataError("DECIMAL_INVALID", `Invalid decimal scale ${scale}`);
    }
    if (scale === this.scale) return this;
    if (scale > this.scale) return new Decimal(this.unscaled * pow10(scale - this.scale), scale);
    const div = pow10(this.scale - scale);
    let q = this.unscaled / div; // truncates towards zero
    if (rounding === "HALF_UP") {
      const r = abs(this.unscaled % div);
      if (r * 2n >= div) q += this.unscaled < 0n ? -1n : 1n;
    }
    return new Decimal(q, scale);
  }

  /**
   * Numeric comparison, independent of scale: -1, 0 or 1, so it can be passed to `sort`.
   * Never throws.
   *
   * @example
   * ```ts
   * Decimal.parse("1.0").compare(Decimal.parse("0.99")); // 1
   * Decimal.parse("1.0").compare(Decimal.parse("1.00")); // 0
   * ```
   */
  compare(other: Decimal): number {
    const s = Math.max(this.scale, other.scale);
    const a = this.scale === s ? this.unscaled : this.unscaled * pow10(s - this.scale);
    const b = other.scale === s ? other.unscaled : other.unscaled * pow10(s - other.scale);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  /**
   * Numeric equality, independent of scale. Use it rather than `===`, which compares objects.
   * Never throws.
   *
   * @example
   * ```ts
   * Decimal.parse("1.0").equals(Decimal.parse("1.00")); // true
   * Decimal.parse("1.0") === Decimal.parse("1.00");     // false
   * ```
   */
  equals(other: Decimal): boolean {
    return this.compare(other) === 0;
  }

  /**
   * The value with the opposite sign, at the same scale. Never throws.
   *
   * @example
   * ```ts
   * Decimal.parse("1.50").negate().toString(); // "-1.50"
   * ```
   */
  negate(): Decimal {
    return new Decimal(-this.unscaled, this.scale);
  }

  /**
   * The magnitude, at the same scale (the same object when not negative). Never throws.
   *
   * @example
   * ```ts
   * Decimal.parse("-2.5").abs().toString(); // "2.5"
   * ```
   */
  abs(): Decimal {
    return this.unscaled < 0n ? this.negate() : this;
  }

  /**
   * Exact sum; the result's scale is the larger of the two. No precision limit applies: checking
   * that a result fits a DECIMAL(p, s) column is the caller's job. Never throws.
   *
   * @example
   * ```ts
   * Decimal.parse("0.1").add(Decimal.parse("0.25")).toString(); // "0.35"
   * ```
   */
  add(other: Decimal): Decimal {
    const s = Math.max(this.scale, other.scale);
    return new Decimal(this.rescale(s).unscaled + other.rescale(s).unscaled, s);
  }

  /**
   * Exact difference; the result's scale is the larger of the two. Never throws.
   *
   * @example
   * ```ts
   * Decimal.parse("1").subtract(Decimal.parse("0.01")).toString(); // "0.99"
   * ```
   */
  subtract(other: Decimal): Decimal {
    return this.add(other.negate());
  }

  /**
   * Exact product; the result's scale is the sum of the scales, so nothing is rounded. Never
   * throws.
   *
   * @example
   * ```ts
   * Decimal.parse("1.5").multiply(Decimal.parse("0.25")).toString(); // "0.375"
   * ```
   */
  multiply(other: Decimal): Decimal {
    return new Decimal(this.unscaled * other.unscaled, this.scale + other.scale);
  }

  /**
   * Quotient rounded to `scale` digits after the point, `HALF_UP` by default or `DOWN`. A
   * quotient rarely has an exact decimal form, which is why the scale is not optional.
   *
   * @example
   * ```ts
   * Decimal.parse("2").divide(Decimal.parse("3"), 2).toString();         // "0.67"
   * Decimal.parse("2").divide(Decimal.parse("3"), 2, "DOWN").toString(); // "0.66"
   * ```
   * @throws DataError code `DIVISION_BY_ZERO` when other is zero; `DECIMAL_INVALID` when `scale`
   * is not a non-negative integer.
   */
  divide(other: Decimal, scale: number, rounding: "HALF_UP" | "DOWN" = "HALF_UP"): Decimal {
    // Checked before any BigInt arithmetic: a fractional scale would otherwise surface as a raw
    // "Cannot mix BigInt" TypeError from pow10.
    if (!Number.isInteger(scale) || scale < 0) throw new DataError("DECIMAL_INVALID", `Invalid decimal scale ${scale}`);
    if (other.unscaled === 0n) throw new DataError("DIVISION_BY_ZERO", "Division by zero");
    // this / other = (a / 10^sa) / (b / 10^sb); compute with one extra digit, then round.
    const shift = scale + other.scale - this.scale + 1;
    let num = this.unscaled;
    let den = other.unscaled;
    if (shift >= 0) num *= pow10(shift);
    else den *= pow10(-shift);
    const q = num / den; // scale + 1 digits, truncated
    return new Decimal(q, scale + 1).rescale(scale, rounding);
  }
}

/** Shortens a value for error messages (never more than ~60 characters). */
export function truncate(text: string, max = 60): string {
  return text.length <= max ? text : text.slice(0, max) + "…";
}
