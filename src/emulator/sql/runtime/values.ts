/**
 * Equality keys and ordering over the canonical internal values (COMMON.md), used by every
 * stateful operator (group keys, join keys, distinct, materialisation) and by ORDER BY.
 * Decimal and Timestamp are recognised structurally so this module does not depend on the
 * classes' construction details.
 */

/** Internal row: positional canonical internal values. */
export type Row = unknown[];

interface DecimalLike {
  readonly unscaled: bigint;
  readonly scale: number;
}
interface TimestampLike {
  readonly epochMillis: number;
  readonly nanoOfMilli: number;
}

function isDecimal(v: object): v is DecimalLike {
  return typeof (v as DecimalLike).unscaled === "bigint" && typeof (v as DecimalLike).scale === "number";
}
function isTimestamp(v: object): v is TimestampLike {
  return typeof (v as TimestampLike).epochMillis === "number" && typeof (v as TimestampLike).nanoOfMilli === "number";
}

/** Decimal normalised so 1.0 and 1.00 share a key (trailing zeros stripped). */
function decimalKey(d: DecimalLike): string {
  let u = d.unscaled;
  let s = d.scale;
  while (s > 0 && u % 10n === 0n && u !== 0n) {
    u /= 10n;
    s--;
  }
  if (u === 0n) s = 0;
  return `d${u}e${s}`;
}

/**
 * A string that is equal for two values exactly when SQL equality (with NULL equal to NULL,
 * as GROUP BY and DISTINCT need) holds for values of the same type.
 */
export function valueKey(v: unknown): string {
  if (v === null || v === undefined) return "N";
  switch (typeof v) {
    case "string":
      return `s${v.length}:${v}`;
    case "number":
      return Object.is(v, -0) ? "n0" : `n${v}`;
    case "bigint":
      return `b${v}`;
    case "boolean":
      return v ? "T" : "F";
    case "object": {
      if (v instanceof Uint8Array) {
        let s = "x";
        for (const byte of v) s += byte.toString(16).padStart(2, "0");
        return s + ";";
      }
      if (Array.isArray(v)) return `[${v.map(valueKey).join(",")}]`;
      if (v instanceof Map) {
        const entries = [...v.entries()].map(([k, x]) => `${valueKey(k)}=${valueKey(x)}`).sort();
        return `{${entries.join(",")}}`;
      }
      if (isDecimal(v)) return decimalKey(v);
      if (isTimestamp(v)) return `t${v.epochMillis}.${v.nanoOfMilli}`;
      return `o${JSON.stringify(v)}`;
    }
    default:
      return `?${String(v)}`;
  }
}

/** Key of a whole row or of selected positions. */
export function rowKey(row: Row, positions?: readonly number[]): string {
  let s = "";
  if (positions) {
    for (let i = 0; i < positions.length; i++) s += valueKey(row[positions[i]!]) + "|";
  } else {
    for (let i = 0; i < row.length; i++) s += valueKey(row[i]) + "|";
  }
  return s;
}

function compareDecimal(a: DecimalLike, b: DecimalLike): number {
  let x = a.unscaled;
  let y = b.unscaled;
  if (a.scale < b.scale) x *= 10n ** BigInt(b.scale - a.scale);
  else if (b.scale < a.scale) y *= 10n ** BigInt(a.scale - b.scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Total order over non-null values of one type (NULL handling is the caller's: Flink sorts
 * NULL first in ascending order, last in descending order).
 */
export function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  const ta = typeof a;
  if (ta === "number" || ta === "bigint") {
    if (typeof b === "number" || typeof b === "bigint") {
      if (ta === typeof b) return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : Number.isNaN(a as number) ? (Number.isNaN(b as number) ? 0 : 1) : Number.isNaN(b as number) ? -1 : 0;
      const x = Number(a);
      const y = Number(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
  }
  if (ta === "string") return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
  if (ta === "boolean") return a === b ? 0 : a ? 1 : -1;
  if (typeof a === "object" && typeof b === "object" && b !== null) {
    if (a instanceof Uint8Array && b instanceof Uint8Array) {
      const n = Math.min(a.length, b.length);
      for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
      return a.length - b.length;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      const n = Math.min(a.length, b.length);
      for (let i = 0; i < n; i++) {
        const c = compareNullsFirst(a[i], b[i]);
        if (c !== 0) return c;
      }
      return a.length - b.length;
    }
    if (isDecimal(a) && isDecimal(b)) return compareDecimal(a, b);
    if (isTimestamp(a) && isTimestamp(b)) {
      return a.epochMillis !== b.epochMillis ? (a.epochMillis < b.epochMillis ? -1 : 1) : a.nanoOfMilli - b.nanoOfMilli;
    }
  }
  const x = valueKey(a);
  const y = valueKey(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** compareValues with NULL lowest. */
export function compareNullsFirst(a: unknown, b: unknown): number {
  const an = a === null || a === undefined;
  const bn = b === null || b === undefined;
  if (an || bn) return an && bn ? 0 : an ? -1 : 1;
  return compareValues(a, b);
}

/** One ORDER BY key: position in the row, direction, null placement. */
export interface SortKey {
  readonly index: number;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

/** Build a row comparator for ORDER BY keys. */
export function rowComparator(keys: readonly SortKey[]): (a: Row, b: Row) => number {
  return (a, b) => {
    for (const k of keys) {
      const x = a[k.index];
      const y = b[k.index];
      const xn = x === null || x === undefined;
      const yn = y === null || y === undefined;
      let c: number;
      if (xn || yn) {
        if (xn && yn) continue;
        c = xn === k.nullsFirst ? -1 : 1;
        if (c !== 0) return c;
        continue;
      }
      c = compareValues(x, y);
      if (c !== 0) return k.descending ? -c : c;
    }
    return 0;
  };
}

/** Milliseconds of an event-time value (TIMESTAMP / TIMESTAMP_LTZ internal value). */
export function eventTimeMillis(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "object" && isTimestamp(v)) return v.epochMillis;
  if (typeof v === "number") return v;
  return null;
}
