/**
 * A subset of `java.util.Formatter` (Locale.US), as Flink's PRINTF uses it: conversions
 * `%s %S %b %B %c %C %d %o %x %X %f %e %E %g %G %% %n` with argument indexes (`2$`, `<`), the flags
 * `- # + space 0 , (`, width and precision, and the Java checks and exception messages for
 * them (MissingFormatArgumentException "Format specifier '%s'", UnknownFormatConversionException
 * "Conversion = 'q'", IllegalFormatConversionException "d != java.lang.Double", ...).
 *
 * Floating-point conversions round HALF_UP on the shortest decimal digits of the double, as
 * Java's FormattedFloatingDecimal does (`%.2f` of 1.005 is "1.01", where JS toFixed gives
 * "1.00"). Conversions outside the subset (`%a %h %t`) throw JavaFormatUnsupported rather than
 * guess.
 *
 * @example
 * ```ts
 * javaFormat("%-5s|%05d|%.2f", [{ kind: "string", value: "ab" }, { kind: "int", value: 42n }, { kind: "double", value: 1.005 }]);
 * // "ab   |00042|1.01"
 * ```
 */
import { formatJavaDouble, formatJavaFloat } from "../../../types/text-values.ts";

/** One argument as Java sees it: the boxed class Flink's internal data structure has. */
export type JavaArg =
  | { readonly kind: "null" }
  | { readonly kind: "string"; readonly value: string }
  | { readonly kind: "boolean"; readonly value: boolean }
  | { readonly kind: "byte" | "short" | "int" | "long"; readonly value: bigint }
  | { readonly kind: "float" | "double"; readonly value: number }
  /**
   * Any other object, which only `%s` / `%b` print: its Java class (for the conversion error) and
   * its toString (Flink's DecimalData prints the plain decimal, TimestampData a LocalDateTime).
   */
  | { readonly kind: "object"; readonly javaClass: string; readonly text: string };

/** A Java exception from the formatter: `name` is the exception class, `message` its message. */
export class JavaFormatError extends Error {
  constructor(
    readonly javaClass: string,
    message: string,
  ) {
    super(message);
  }
}

/** A conversion the emulator does not implement (the message names it). */
export class JavaFormatUnsupported extends Error {}

const JAVA_CLASS: Record<Exclude<JavaArg["kind"], "null" | "object">, string> = {
  string: "org.apache.flink.table.data.binary.BinaryStringData",
  boolean: "java.lang.Boolean",
  byte: "java.lang.Byte",
  short: "java.lang.Short",
  int: "java.lang.Integer",
  long: "java.lang.Long",
  float: "java.lang.Float",
  double: "java.lang.Double",
};

/** Bits of the integer kinds (negative %x / %o values are shown as unsigned of that width). */
const INTEGER_BITS = { byte: 8n, short: 16n, int: 32n, long: 64n } as const;

// Java's Formatter pattern: %[argument_index$][flags][width][.precision][t]conversion
const SPECIFIER = /%(\d+\$)?([-#+ 0,(<]*)?(\d+)?(\.\d+)?([tT])?([a-zA-Z%])/y;

/** Flags in Java's Flags.toString order. */
const FLAG_ORDER = "-#+ 0,(<";

interface Spec {
  readonly text: string;
  readonly index: number | null;
  readonly flags: string;
  readonly width: number;
  readonly precision: number;
  readonly conversion: string;
}

type Piece = string | Spec;

const exc = (name: string, message: string) => new JavaFormatError(`java.util.${name}`, message);

function flagString(flags: string): string {
  return [...FLAG_ORDER].filter((f) => flags.includes(f)).join("");
}

/** Formatter.parse: literal text and specifiers, checked as FormatSpecifier's constructor does. */
function parse(format: string): Piece[] {
  const out: Piece[] = [];
  let i = 0;
  while (i < format.length) {
    const pct = format.indexOf("%", i);
    if (pct < 0) {
      out.push(format.slice(i));
      break;
    }
    if (pct > i) out.push(format.slice(i, pct));
    SPECIFIER.lastIndex = pct;
    const m = SPECIFIER.exec(format);
    if (m === null) throw exc("UnknownFormatConversionException", `Conversion = '${pct + 1 < format.length ? format[pct + 1] : "%"}'`);
    const flags = m[2] ?? "";
    for (const f of flags) if (flags.indexOf(f) !== flags.lastIndexOf(f)) throw exc("DuplicateFormatFlagsException", `Flags = '${f}'`);
    if (m[5] !== undefined) throw new JavaFormatUnsupported(`PRINTF date/time conversion '%${m[5]}${m[6]}'`);
    // Only these conversions have an upper-case variant; %D, %N, ... are unknown to Java.
    if (m[6] !== m[6]!.toLowerCase() && !"BHSCXEGA".includes(m[6]!)) throw exc("UnknownFormatConversionException", `Conversion = '${m[6]}'`);
    const spec: Spec = {
      text: m[0],
      index: m[1] === undefined ? null : Number(m[1].slice(0, -1)),
      flags: m[6] !== m[6]!.toLowerCase() ? flags + "^" : flags,
      width: m[3] === undefined ? -1 : Number(m[3]),
      precision: m[4] === undefined ? -1 : Number(m[4].slice(1)),
      conversion: m[6]!.toLowerCase(),
    };
    check(spec);
    out.push(spec);
    i = pct + m[0].length;
  }
  return out;
}

function has(s: Spec, flag: string): boolean {
  return s.flags.includes(flag);
}

function badFlags(s: Spec, bad: string): void {
  for (const f of bad) if (has(s, f)) throw exc("FormatFlagsConversionMismatchException", `Conversion = ${s.conversion}, Flags = ${f}`);
}

function missingWidth(s: Spec): void {
  if (s.width === -1 && (has(s, "-") || has(s, "0"))) throw exc("MissingFormatWidthException", s.text);
}

/** FormatSpecifier's per-conversion checks (checkGeneral, checkInteger, checkFloat, checkText, ...). */
function check(s: Spec): void {
  const c = s.conversion;
  switch (c) {
    case "s":
    case "b":
      if (c === "b" && has(s, "#")) badFlags(s, "#");
      if (s.width === -1 && has(s, "-")) throw exc("MissingFormatWidthException", s.text);
      badFlags(s, "+ 0,(");
      return;
    case "c":
      if (s.precision !== -1) throw exc("IllegalFormatPrecisionException", String(s.precision));
      badFlags(s, "#+ 0,(");
      if (s.width === -1 && has(s, "-")) throw exc("MissingFormatWidthException", s.text);
      return;
    case "d":
    case "o":
    case "x":
    case "f":
    case "e":
    case "g":
      if (s.precision !== -1 && (c === "d" || c === "o" || c === "x")) throw exc("IllegalFormatPrecisionException", String(s.precision));
      missingWidth(s);
      if ((has(s, "+") && has(s, " ")) || (has(s, "-") && has(s, "0"))) throw exc("IllegalFormatFlagsException", `Flags = '${flagString(s.flags)}'`);
      if (c === "d") badFlags(s, "#");
      else if (c === "o" || c === "x" || c === "e") badFlags(s, ",");
      else if (c === "g") badFlags(s, "#");
      return;
    case "%":
      if (s.precision !== -1) throw exc("IllegalFormatPrecisionException", String(s.precision));
      if (flagString(s.flags) !== "" && flagString(s.flags) !== "-") throw exc("IllegalFormatFlagsException", `Flags = '${flagString(s.flags)}'`);
      if (s.width === -1 && has(s, "-")) throw exc("MissingFormatWidthException", s.text);
      return;
    case "n":
      if (s.width !== -1) throw exc("IllegalFormatWidthException", String(s.width));
      if (s.precision !== -1) throw exc("IllegalFormatPrecisionException", String(s.precision));
      if (flagString(s.flags) !== "") throw exc("IllegalFormatFlagsException", `Flags = '${flagString(s.flags)}'`);
      return;
    case "a":
    case "h":
      throw new JavaFormatUnsupported(`PRINTF conversion '%${s.text.slice(-1)}'`);
    default:
      throw exc("UnknownFormatConversionException", `Conversion = '${s.text.slice(-1)}'`);
  }
}

/**
 * `String.format(Locale.US, format, args)` for the supported subset.
 *
 * @throws JavaFormatError (the Java exception Flink wraps) or JavaFormatUnsupported.
 */
export function javaFormat(format: string, args: readonly JavaArg[]): string {
  const pieces = parse(format);
  let out = "";
  let ordinary = 0;
  let last = -1;
  for (const p of pieces) {
    if (typeof p === "string") {
      out += p;
      continue;
    }
    if (p.conversion === "%") {
      out += justify(p, "%");
      continue;
    }
    if (p.conversion === "n") {
      out += "\n";
      continue;
    }
    let idx: number;
    if (has(p, "<")) idx = last;
    else if (p.index !== null) idx = p.index - 1;
    else idx = ordinary++;
    if (idx < 0 || idx >= args.length) throw exc("MissingFormatArgumentException", `Format specifier '${p.text}'`);
    last = idx;
    const text = convert(p, args[idx]!);
    out += justify(p, has(p, "^") ? text.toUpperCase() : text);
  }
  return out;
}

/** Formatter's appendJustified: pad with spaces to the width, on the right for '-'. */
function justify(s: Spec, text: string): string {
  if (s.width === -1 || text.length >= s.width) return text;
  const pad = " ".repeat(s.width - text.length);
  return has(s, "-") ? text + pad : pad + text;
}

function mismatch(s: Spec, a: Exclude<JavaArg, { kind: "null" }>): never {
  throw exc("IllegalFormatConversionException", `${s.conversion} != ${a.kind === "object" ? a.javaClass : JAVA_CLASS[a.kind]}`);
}

function convert(s: Spec, a: JavaArg): string {
  switch (s.conversion) {
    case "b": {
      const t = a.kind === "null" ? "false" : a.kind === "boolean" ? String(a.value) : "true";
      return s.precision === -1 ? t : t.slice(0, s.precision);
    }
    case "s": {
      if (has(s, "#")) throw exc("FormatFlagsConversionMismatchException", "Conversion = s, Flags = #");
      const t = generalText(a);
      return s.precision === -1 ? t : t.slice(0, s.precision);
    }
    case "c":
      return character(s, a);
  }
  if (a.kind === "null") return "null";
  switch (s.conversion) {
    case "d":
    case "o":
    case "x":
      if (a.kind !== "byte" && a.kind !== "short" && a.kind !== "int" && a.kind !== "long") return mismatch(s, a);
      return s.conversion === "d" ? decimalInteger(s, a.value) : radixInteger(s, a.value, INTEGER_BITS[a.kind]);
    default:
      if (a.kind !== "float" && a.kind !== "double") return mismatch(s, a);
      return floating(s, a.value);
  }
}

/** `%s`: the argument's toString (Flink's internal data structures print their value). */
function generalText(a: JavaArg): string {
  switch (a.kind) {
    case "null":
      return "null";
    case "string":
      return a.value;
    case "boolean":
      return String(a.value);
    case "byte":
    case "short":
    case "int":
    case "long":
      return a.value.toString();
    case "object":
      return a.text;
    case "float":
      return formatJavaFloat(a.value);
    case "double":
      return formatJavaDouble(a.value);
  }
}

function character(s: Spec, a: JavaArg): string {
  if (a.kind === "null") return "null";
  if (a.kind !== "byte" && a.kind !== "short" && a.kind !== "int") return mismatch(s, a);
  // Byte, Short and Integer are code points (Character.isValidCodePoint, else the exception).
  const cp = Number(a.value);
  if (cp < 0 || cp > 0x10ffff) throw exc("IllegalFormatCodePointException", `Code point = 0x${(cp >>> 0).toString(16)}`);
  return String.fromCodePoint(cp);
}

/** Locale.US grouping of a digit string by threes. */
function group(digits: string): string {
  const intEnd = digits.indexOf(".") < 0 ? digits.length : digits.indexOf(".");
  let head = digits.slice(0, intEnd);
  const tail = digits.slice(intEnd);
  let grouped = "";
  while (head.length > 3) {
    grouped = "," + head.slice(-3) + grouped;
    head = head.slice(0, -3);
  }
  return head + grouped + tail;
}

/**
 * Formatter's leadingSign + localizedMagnitude + trailingSign for a magnitude `digits`: sign
 * ('+', ' ', '-' or '('), grouping, zero padding to `width` (counting the sign), ')'.
 */
function signed(s: Spec, neg: boolean, digits: string, width: number): string {
  let sign = "";
  if (!neg) sign = has(s, "+") ? "+" : has(s, " ") ? " " : "";
  else sign = has(s, "(") ? "(" : "-";
  let body = has(s, ",") ? group(digits) : digits;
  const w = width !== -1 && neg && has(s, "(") ? width - 1 : width;
  if (w !== -1 && has(s, "0")) body = "0".repeat(Math.max(0, w - sign.length - body.length)) + body;
  return sign + body + (neg && has(s, "(") ? ")" : "");
}

function decimalInteger(s: Spec, v: bigint): string {
  const neg = v < 0n;
  return signed(s, neg, (neg ? -v : v).toString(), s.width);
}

function radixInteger(s: Spec, v: bigint, bits: bigint): string {
  // Java shows a negative Byte/Short/Integer/Long as the unsigned value of its width.
  if (has(s, "(") || has(s, " ") || has(s, "+")) badFlags(s, "( +");
  const u = BigInt.asUintN(Number(bits), v);
  const digits = u.toString(s.conversion === "x" ? 16 : 8);
  const prefix = has(s, "#") ? (s.conversion === "x" ? "0x" : "0") : "";
  const zeros = has(s, "0") ? "0".repeat(Math.max(0, s.width - prefix.length - digits.length)) : "";
  return prefix + zeros + digits;
}

/** Shortest decimal digits and exponent of a positive finite double: value = 0.d1d2... x 10^exp. */
function decimalDigits(v: number): { digits: string; exp: number } {
  const [mant, e] = v.toExponential().split("e");
  return { digits: mant!.replace(".", ""), exp: Number(e) + 1 };
}

/** FormattedFloatingDecimal.applyPrecision: keep `keep` digits, rounding HALF_UP. */
function applyPrecision(d: { digits: string; exp: number }, keep: number): { digits: string; exp: number } {
  const { digits, exp } = d;
  if (keep >= digits.length || keep < 0) return d;
  if (keep === 0) return digits[0]! >= "5" ? { digits: "1", exp: exp + 1 } : { digits: "0", exp };
  if (digits[keep]! < "5") return { digits: digits.slice(0, keep), exp };
  const up = (BigInt(digits.slice(0, keep)) + 1n).toString();
  // A carry out of the first digit (9.99 -> 10.0) adds a digit and raises the exponent.
  return up.length > keep ? { digits: up.slice(0, keep), exp: exp + 1 } : { digits: up, exp };
}

function fixed(v: number, precision: number): string {
  if (v === 0) return precision === 0 ? "0" : "0." + "0".repeat(precision);
  const { digits, exp } = applyPrecision(decimalDigits(v), decimalDigits(v).exp + precision);
  let intPart: string;
  let frac: string;
  if (exp > 0) {
    intPart = digits.slice(0, exp).padEnd(exp, "0");
    frac = digits.slice(exp);
  } else {
    intPart = "0";
    frac = "0".repeat(-exp) + digits;
  }
  frac = frac.slice(0, precision).padEnd(precision, "0");
  if (/^0+$/.test(digits)) intPart = "0";
  return precision === 0 ? intPart : `${intPart}.${frac}`;
}

function scientific(v: number, precision: number): { mantissa: string; exponent: string } {
  if (v === 0) return { mantissa: precision === 0 ? "0" : "0." + "0".repeat(precision), exponent: "+00" };
  const { digits, exp } = applyPrecision(decimalDigits(v), precision + 1);
  const frac = digits.slice(1).padEnd(precision, "0").slice(0, precision);
  const e = exp - 1;
  const ee = String(Math.abs(e)).padStart(2, "0");
  return { mantissa: precision === 0 ? digits[0]! : `${digits[0]}.${frac}`, exponent: (e < 0 ? "-" : "+") + ee };
}

/** Formatter.print(double): %f, %e and %g with signs, '#', grouping, zero padding; NaN / Infinity unpadded. */
function floating(s: Spec, value: number): string {
  if (value !== value) return "NaN";
  const neg = value < 0 || Object.is(value, -0);
  const v = Math.abs(value);
  if (v === Infinity) return signed({ ...s, flags: s.flags.replace(/[0,]/g, "") }, neg, "Infinity", -1);
  const precision = s.precision === -1 ? 6 : s.precision;
  if (s.conversion === "f") {
    let m = fixed(v, precision);
    if (has(s, "#") && precision === 0) m += ".";
    return signed(s, neg, m, s.width);
  }
  if (s.conversion === "g") {
    // Java's %g: `precision` significant digits (0 counts as 1) after rounding; decimal form for
    // 1e-4 <= rounded < 10^precision, else scientific. Unlike C, trailing zeros stay.
    const p = s.precision === 0 ? 1 : precision;
    const exp10 = v === 0 ? 0 : applyPrecision(decimalDigits(v), p).exp - 1;
    if (v === 0 || (exp10 >= -4 && exp10 < p)) return signed(s, neg, fixed(v, p - 1 - exp10), s.width);
    return exponential(s, neg, v, p - 1);
  }
  return exponential(s, neg, v, precision);
}

/** %e (and %g's scientific form): mantissa zero-padded to the width less the exponent. */
function exponential(s: Spec, neg: boolean, v: number, precision: number): string {
  const { mantissa, exponent } = scientific(v, precision);
  const m = has(s, "#") && precision === 0 ? mantissa + "." : mantissa;
  const w = s.width === -1 ? -1 : s.width - exponent.length - 1;
  const head = signed(s, neg, m, w);
  // The closing parenthesis of a negative value comes after the exponent.
  return neg && has(s, "(") ? `${head.slice(0, -1)}e${exponent})` : `${head}e${exponent}`;
}
