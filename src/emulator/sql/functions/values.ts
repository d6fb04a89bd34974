/**
 * Runtime helpers over the canonical internal values (team COMMON.md): numeric conversions
 * between number / bigint / Decimal, Java-like integer wrapping, SQL equality and ordering of
 * two values of one (already unified) type, and value keys for multisets.
 */
import { Decimal } from "../../../types/decimal.ts";
import type { LogicalType } from "../../../types/model.ts";
import { Timestamp } from "../../../types/temporal.ts";
import type { InternalValue } from "./types.ts";

export { Decimal, Timestamp };

/** Any numeric internal value as a Decimal (exact for integers and decimals). */
export function toDecimal(v: InternalValue): Decimal {
  if (v instanceof Decimal) return v;
  if (typeof v === "bigint") return Decimal.fromUnscaled(v, 0);
  if (typeof v === "number") return Number.isInteger(v) ? Decimal.fromUnscaled(BigInt(v), 0) : Decimal.fromNumber(v);
  throw new TypeError(`not numeric: ${String(v)}`);
}

/** Any numeric internal value as a double. */
export function toDouble(v: InternalValue): number {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (v instanceof Decimal) return v.toNumber();
  throw new TypeError(`not numeric: ${String(v)}`);
}

/** Any integral internal value (number, bigint, Decimal truncated) as bigint. */
export function toBigInt(v: InternalValue): bigint {
  if (typeof v === "bigint") return v;
  if (typeof v === "number") return BigInt(Math.trunc(v));
  if (v instanceof Decimal) return v.rescale(0, "DOWN").unscaled;
  throw new TypeError(`not numeric: ${String(v)}`);
}

/** Wraps an integer into the range of an integer type, as Java's narrowing does. */
export function wrapInteger(type: string, v: number | bigint): number | bigint {
  switch (type) {
    case "TINYINT":
      return Number(BigInt.asIntN(8, BigInt(v)));
    case "SMALLINT":
      return Number(BigInt.asIntN(16, BigInt(v)));
    case "INTEGER":
      return typeof v === "number" && Number.isSafeInteger(v) ? v | 0 : Number(BigInt.asIntN(32, BigInt(v)));
    case "BIGINT":
      return BigInt.asIntN(64, BigInt(v));
    default:
      return v;
  }
}

/** Converts a numeric internal value to the representation of a numeric type (no range check). */
export function numericAs(t: LogicalType, v: InternalValue): InternalValue {
  if (v === null) return null;
  switch (t.type) {
    case "TINYINT":
    case "SMALLINT":
    case "INTEGER":
      return typeof v === "number" ? v : Number(toBigInt(v));
    case "BIGINT":
      return toBigInt(v);
    case "FLOAT":
      return Math.fround(toDouble(v));
    case "DOUBLE":
      return toDouble(v);
    case "DECIMAL":
      return toDecimal(v);
    default:
      return v;
  }
}

/** Decimal rounded (HALF_UP) to the type's scale, or null when it overflows the precision (Flink's rule). */
export function fitDecimal(d: Decimal, precision: number, scale: number): Decimal | null {
  const r = d.rescale(scale);
  const a = r.unscaled < 0n ? -r.unscaled : r.unscaled;
  return a.toString().length > precision ? null : r;
}

/** SQL equality of two non-null values of a common type. */
export function valuesEqual(a: InternalValue, b: InternalValue): boolean {
  return compareInternal(a, b) === 0;
}

/**
 * Ordering of two non-null values of a common type: numbers of mixed representation,
 * strings by UTF-16 code units (Flink compares StringData by UTF-8 bytes; the orders agree
 * outside surrogate pairs), booleans FALSE < TRUE, bytes unsigned, arrays/rows element-wise.
 */
export function compareInternal(a: InternalValue, b: InternalValue): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  const ta = typeof a;
  const tb = typeof b;
  if (ta === "number" && tb === "number") {
    const x = a as number;
    const y = b as number;
    // Java's Double.compare: NaN is greater than everything and equal to itself.
    if (x < y) return -1;
    if (x > y) return 1;
    if (x === y) return 0;
    return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : 1) : -1;
  }
  if (ta === "bigint" && tb === "bigint") return (a as bigint) < (b as bigint) ? -1 : 1;
  if (ta === "string" && tb === "string") return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
  if (ta === "boolean" && tb === "boolean") return a ? 1 : -1;
  if (a instanceof Decimal || b instanceof Decimal || ((ta === "number" || ta === "bigint") && (tb === "number" || tb === "bigint"))) {
    if ((ta === "number" && !Number.isInteger(a)) || (tb === "number" && !Number.isInteger(b))) {
      const x = toDouble(a);
      const y = toDouble(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    return toDecimal(a).compare(toDecimal(b));
  }
  if (a instanceof Timestamp && b instanceof Timestamp) return a.compare(b);
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
    return a.length - b.length;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const x = a[i]!;
      const y = b[i]!;
      if (x === null || y === null) {
        if (x === y) continue;
        return x === null ? -1 : 1;
      }
      const c = compareInternal(x, y);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  if (a instanceof Map && b instanceof Map) return valueKey(a) === valueKey(b) ? 0 : valueKey(a) < valueKey(b) ? -1 : 1;
  const x = valueKey(a);
  const y = valueKey(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A string equal for two values exactly when they are SQL-equal (NULL equals NULL). */
export function valueKey(v: InternalValue): string {
  if (v === null) return "N";
  switch (typeof v) {
    case "string":
      return "s" + v;
    case "number":
      return Object.is(v, -0) ? "n0" : "n" + v;
    case "bigint":
      return "n" + v;
    case "boolean":
      return v ? "T" : "F";
  }
  if (v instanceof Decimal) {
    let u = v.unscaled;
    let s = v.scale;
    while (s > 0 && u % 10n === 0n) {
      u /= 10n;
      s--;
    }
    return s === 0 ? "n" + u : "d" + u + "e" + s;
  }
  if (v instanceof Timestamp) return "t" + v.epochMillis + "." + v.nanoOfMilli;
  if (v instanceof Uint8Array) return "x" + Array.from(v, (b) => b.toString(16).padStart(2, "0")).join("");
  if (Array.isArray(v)) return "[" + v.map(valueKey).join(",") + "]";
  if (v instanceof Map) return "{" + [...v.entries()].map(([k, x]) => valueKey(k) + "=" + valueKey(x)).sort().join(",") + "}";
  return "?" + String(v);
}

/** Multiset/map lookup by SQL equality (Map keys are object identities for non-primitives). */
export function mapGet(m: Map<InternalValue, InternalValue>, key: InternalValue): InternalValue | undefined {
  if (key === null || typeof key !== "object") {
    if (m.has(key)) return m.get(key);
    if (typeof key !== "number" && typeof key !== "bigint") return undefined;
  }
  const k = valueKey(key);
  for (const [x, y] of m) if (valueKey(x) === k) return y;
  return undefined;
}
