/**
 * Scalar text forms shared by the wire formatter/parser, the result decoder and the literal
 * renderer: Java-style float/double text, integers with range checks, booleans, `x'..'` hex.
 *
 * Leaf parsers return `undefined` for malformed input so hot callers (the row decoder) can
 * build their own error with the column name; nothing here allocates an error on success.
 */

const INT_RE = /^[+-]?\d{1,20}$/;
const DOUBLE_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** An integer in [min, max] from base-10 text, or undefined. */
export function parseIntText(s: string, min: number, max: number): number | undefined {
  if (!INT_RE.test(s)) return undefined;
  const n = +s;
  return n >= min && n <= max ? n + 0 : undefined; // + 0 turns -0 into 0
}

export const BIGINT_MIN = -(2n ** 63n);
export const BIGINT_MAX = 2n ** 63n - 1n;

/** A BIGINT from text, or undefined (malformed or outside the 64-bit range). */
export function parseBigIntText(s: string): bigint | undefined {
  if (!INT_RE.test(s)) return undefined;
  const n = BigInt(s);
  return n >= BIGINT_MIN && n <= BIGINT_MAX ? n : undefined;
}

/** Whether text is a well-formed BIGINT (syntax and 64-bit range). */
export function isBigIntText(s: string): boolean {
  if (!INT_RE.test(s)) return false;
  const n = +s;
  if (n > -9.2e18 && n < 9.2e18) return true;
  return parseBigIntText(s) !== undefined;
}

/** A double from Java-style text (`1.0E7`, `NaN`, `-Infinity`), or undefined. */
export function parseDoubleText(s: string): number | undefined {
  // Fast path: `+s` accepts a superset of Java's syntax (blanks, "", 0x/0b/0o prefixes); the
  // first/last character checks exclude exactly those, anything else goes to the regex.
  const n = +s;
  if (n === n) {
    const len = s.length;
    const f = s.charCodeAt(0);
    const l = s.charCodeAt(len - 1);
    if (len > 0 && ((l >= 48 && l <= 57) || l === 46)) {
      if (f >= 48 && f <= 57) {
        if (len === 1 || f !== 48 || s.charCodeAt(1) < 65) return n;
      } else if (f === 45 || f === 43 || f === 46) {
        return n;
      }
    }
  }
  if (DOUBLE_RE.test(s)) return +s;
  switch (s) {
    case "NaN":
    case "+NaN":
    case "-NaN":
      return NaN;
    case "Infinity":
    case "+Infinity":
      return Infinity;
    case "-Infinity":
      return -Infinity;
  }
  return undefined;
}

/** TRUE/FALSE in any case, or undefined. */
export function parseBooleanText(s: string): boolean | undefined {
  if (s === "TRUE" || s === "true") return true;
  if (s === "FALSE" || s === "false") return false;
  const u = s.toUpperCase();
  return u === "TRUE" ? true : u === "FALSE" ? false : undefined;
}

function javaStyle(exp: string, neg: boolean): string {
  // exp is JS toExponential() output of the magnitude, e.g. "1.2345678e+7"
  const e = exp.indexOf("e");
  const digits = exp.slice(0, e).replace(".", "");
  const x = Number(exp.slice(e + 1));
  let out: string;
  if (x >= -3 && x < 7) {
    if (x >= 0) {
      const intLen = x + 1;
      const intPart = digits.length >= intLen ? digits.slice(0, intLen) : digits + "0".repeat(intLen - digits.length);
      const frac = digits.length > intLen ? digits.slice(intLen) : "0";
      out = intPart + "." + frac;
    } else {
      out = "0." + "0".repeat(-x - 1) + digits;
    }
  } else {
    out = digits[0] + "." + (digits.length > 1 ? digits.slice(1) : "0") + "E" + x;
  }
  return neg ? "-" + out : out;
}

/**
 * Java's `Double.toString` (JDK 19+, shortest digits): `1.0`, `0.001`, `1.0E7`, `1.0E-4`,
 * `NaN`, `Infinity`, `-0.0`.
 */
export function formatJavaDouble(v: number): string {
  if (v !== v) return "NaN";
  if (v === Infinity) return "Infinity";
  if (v === -Infinity) return "-Infinity";
  if (v === 0) return Object.is(v, -0) ? "-0.0" : "0.0";
  return javaStyle(Math.abs(v).toExponential(), v < 0);
}

/** Java's `Float.toString` for a value that is a float32 (shortest digits that round-trip as float32). */
export function formatJavaFloat(v: number): string {
  if (v !== v || v === Infinity || v === -Infinity || v === 0) return formatJavaDouble(v);
  const f = Math.fround(v);
  const a = Math.abs(f);
  for (let p = 1; p <= 9; p++) {
    const candidate = Number(a.toPrecision(p));
    if (Math.fround(candidate) === a) return javaStyle(candidate.toExponential(), f < 0);
  }
  return javaStyle(a.toExponential(), f < 0);
}

const HEX = "0123456789abcdef";
const HEX_PAIRS: string[] = [];
for (let i = 0; i < 256; i++) HEX_PAIRS.push(HEX[i >> 4]! + HEX[i & 15]!);
const HEX_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) HEX_VALUE[48 + i] = i;
for (let i = 0; i < 6; i++) {
  HEX_VALUE[97 + i] = 10 + i;
  HEX_VALUE[65 + i] = 10 + i;
}

/** Lower-case hex digits of bytes. */
export function toHex(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += HEX_PAIRS[bytes[i]!];
  return s;
}

/** `x'7f0203'` for bytes (`x''` when empty), Flink's wire and literal form. */
export function formatBinaryText(bytes: Uint8Array): string {
  return "x'" + toHex(bytes) + "'";
}

/** Bytes of `x'..'` / `X'..'` text (even number of hex digits), or undefined. */
export function parseBinaryText(s: string): Uint8Array | undefined {
  const n = s.length;
  if (n < 3 || (s.charCodeAt(0) | 32) !== 120 || s.charCodeAt(1) !== 39 || s.charCodeAt(n - 1) !== 39 || (n - 3) % 2 !== 0) {
    return undefined;
  }
  const out = new Uint8Array((n - 3) / 2);
  for (let i = 0, j = 2; i < out.length; i++, j += 2) {
    const a = s.charCodeAt(j);
    const b = s.charCodeAt(j + 1);
    const hi = a < 128 ? HEX_VALUE[a]! : -1;
    const lo = b < 128 ? HEX_VALUE[b]! : -1;
    if (hi < 0 || lo < 0) return undefined;
    out[i] = (hi << 4) | lo;
  }
  return out;
}

const YM_RE = /^([+-])?(\d{1,9})-(\d{1,2})$/;
const DT_RE = /^([+-])?(\d{1,9}) (\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;

/** Total months of `+Y-MM` / `-Y-MM`, or undefined. */
export function parseYearMonthText(s: string): number | undefined {
  const m = YM_RE.exec(s);
  if (m === null) return undefined;
  const months = Number(m[3]);
  if (months > 11) return undefined;
  const total = Number(m[2]) * 12 + months;
  return m[1] === "-" ? -total || 0 : total;
}

/**
 * Total milliseconds of `+D HH:MM:SS[.fff]`, or undefined. Digits beyond milliseconds must be
 * zero (Flink keeps milliseconds; anything finer would be lost silently).
 */
export function parseDayTimeText(s: string): number | undefined {
  const m = DT_RE.exec(s);
  if (m === null) return undefined;
  const h = Number(m[3]);
  const mi = Number(m[4]);
  const sec = Number(m[5]);
  if (h > 23 || mi > 59 || sec > 59) return undefined;
  let ms = 0;
  if (m[6] !== undefined) {
    const f = m[6].padEnd(9, "0");
    if (!/^0*$/.test(f.slice(3))) return undefined;
    ms = Number(f.slice(0, 3));
  }
  const total = (((Number(m[2]) * 24 + h) * 60 + mi) * 60 + sec) * 1000 + ms;
  if (!Number.isSafeInteger(total)) return undefined;
  return m[1] === "-" ? -total || 0 : total;
}

function pad2(n: number): string {
  return n < 10 ? "0" + n : String(n);
}

/** `+Y-MM` for total months. */
export function formatYearMonthText(totalMonths: number): string {
  const a = Math.abs(totalMonths);
  return (totalMonths < 0 ? "-" : "+") + Math.floor(a / 12) + "-" + pad2(a % 12);
}

/** `+D HH:MM:SS.fff` for total milliseconds (always three fraction digits, as Flink prints it). */
export function formatDayTimeText(totalMillis: number): string {
  const a = Math.abs(totalMillis);
  const d = Math.floor(a / 86_400_000);
  const h = Math.floor(a / 3_600_000) % 24;
  const mi = Math.floor(a / 60_000) % 60;
  const s = Math.floor(a / 1000) % 60;
  const ms = a % 1000;
  return (totalMillis < 0 ? "-" : "+") + d + " " + pad2(h) + ":" + pad2(mi) + ":" + pad2(s) + "." + String(ms).padStart(3, "0");
}
