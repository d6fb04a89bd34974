/**
 * Canonical string keys for row values, so the changelog compressor can find "the same row" in a
 * Map in O(1) instead of scanning with deep equality.
 *
 * Two values get the same key exactly when they are the same SQL value as decoded by the client:
 * NaN equals NaN, -0 differs from 0 (Flink keeps both), bigint 1 differs from number 1,
 * Uint8Arrays compare by bytes, Maps (MAP, MULTISET) by their entries regardless of order, and
 * objects (rows in object mode, Decimal, Timestamp) by their own enumerable fields. Wire rows
 * (strings, null, nested arrays) are the cheapest and most exact input, and the cursor uses them.
 */

/**
 * Key of one value.
 *
 * @example valueKey(["1", null, ["a"]]) === valueKey(["1", null, ["a"]]) // true
 */
export function valueKey(value: unknown): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      return Object.is(value, -0) ? "#-0" : `#${value}`;
    case "bigint":
      return `${value}n`;
    case "boolean":
      return value ? "T" : "F";
    case "undefined":
      return "U";
    case "object":
      return objectKey(value);
    default:
      return `?${String(value)}`;
  }
}

function objectKey(value: object | null): string {
  if (value === null) return "N";
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) out += (i === 0 ? "" : ",") + valueKey(value[i]);
    return out + "]";
  }
  if (value instanceof Uint8Array) {
    let out = "x'";
    for (const byte of value) out += byte.toString(16).padStart(2, "0");
    return out + "'";
  }
  if (value instanceof Map) {
    // MAP and MULTISET have no order: sort the encoded entries.
    const entries: string[] = [];
    for (const [k, v] of value) entries.push(`${valueKey(k)}:${valueKey(v)}`);
    entries.sort();
    return `M{${entries.join(",")}}`;
  }
  if (value instanceof Date) return `D${value.getTime()}`;
  const proto: unknown = Object.getPrototypeOf(value);
  const ctor = proto !== null && proto !== Object.prototype ? (proto as { constructor?: { name?: string } }).constructor?.name : "";
  let out = `${ctor ?? ""}{`;
  let first = true;
  for (const k of Object.keys(value)) {
    out += (first ? "" : ",") + JSON.stringify(k) + ":" + valueKey((value as Record<string, unknown>)[k]);
    first = false;
  }
  // Classes without own fields (e.g. a Temporal value) still differ by their text form.
  if (first && ctor) out += JSON.stringify(String(value));
  return out + "}";
}
