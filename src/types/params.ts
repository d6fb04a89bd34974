/**
 * Query parameters: JS values -> Flink SQL literals, and placeholder substitution.
 *
 * There is no server-side binding in the statements API, so quoting is the whole defence
 * against injection: every value renders as a self-contained literal (strings single-quoted
 * with quotes doubled, nothing else escaped; negative numbers parenthesised so `1-%s` can
 * never become a `--` comment), and substitution is tokenizer-aware so placeholders inside
 * string literals, backtick identifiers and comments are left alone.
 *
 * Rendering rules (no silent precision loss, no session-zone dependence):
 * - boolean -> TRUE/FALSE; integer number -> digits (INT/BIGINT); other numbers -> explicit DOUBLE
 *   (`1.5E0`, `CAST('NaN' AS DOUBLE)`); bigint -> `CAST(n AS BIGINT)`.
 * - string -> `'..'`; Uint8Array/ArrayBuffer -> `x'..'`; Date -> `TO_TIMESTAMP_LTZ(ms, 3)` (an
 *   instant, whatever `sql.local-time-zone` is; UTC years 0000-9999 only).
 * - arrays -> `ARRAY[..]` with element types unified (NULL elements cast to that type); Map and
 *   plain objects -> `MAP[k, v, ..]`; helpers for everything that needs a type: `decimal`,
 *   `date`, `time`, `timestamp`, `row`, `array`, `map`, `typedNull`, intervals, `identifier`, `raw`.
 * - Temporal.PlainDate/PlainTime/PlainDateTime -> naive literals; Temporal.Instant -> LTZ (whole ms).
 * - null -> NULL; undefined, functions, symbols and unknown objects -> InterfaceError.
 *
 * Empty arrays/maps need a type hint (`array([], "INT")`); Flink has no empty `ARRAY[]`, so
 * they render as `ARRAY_REMOVE(ARRAY[CAST(NULL AS T)], CAST(NULL AS T))` (and MAP_FROM_ARRAYS).
 */
import { InterfaceError, ProgrammingError } from "../errors.ts";
import { Decimal, digitCount, truncate } from "./decimal.ts";
import { formatType, quoteIdentifier } from "./format-type.ts";
import { DayTimeInterval, YearMonthInterval } from "./interval.ts";
import type { LogicalType } from "./model.ts";
import { civilFromDays, formatDate, parseDate, parseTime, parseTimestamp, Timestamp } from "./temporal.ts";
import { formatJavaDouble, toHex } from "./text-values.ts";
import { parseTypeText } from "./type-text.ts";

// The interval value classes render themselves (`toSql()`); re-exported for parameter users.
export { YearMonthInterval, DayTimeInterval };

/**
 * A piece of SQL inserted verbatim by substitution and templates: produced by the helpers
 * (`typedNull`, `decimal`, `identifier`, `raw`, ...). `type` is the literal's Flink type when
 * known (used to unify array/map element types). Constructing one yourself is the same trust
 * decision as `raw()`: the text is not quoted or checked. The constructor never throws.
 *
 * @example
 * ```ts
 * const price = decimal("19.90");
 * price.sql;       // "CAST('19.90' AS DECIMAL(4, 2))"
 * price.type?.type; // "DECIMAL"
 * substituteParameters("SELECT * FROM %s WHERE price > %s", [identifier("my orders"), price]);
 * // "SELECT * FROM `my orders` WHERE price > CAST('19.90' AS DECIMAL(4, 2))"
 * ```
 */
export class SqlFragment {
  constructor(
    readonly sql: string,
    readonly type?: LogicalType,
  ) {}
  /**
   * The SQL text, so a fragment can be logged or concatenated. Never throws.
   *
   * @example
   * ```ts
   * String(identifier("db", "orders")); // "`db`.`orders`"
   * ```
   */
  toString(): string {
    return this.sql;
  }
}

/**
 * SQL text built by the `sql` tagged template, values already rendered as literals.
 * Nesting one SqlQuery in another template inlines its text, which is how conditions are
 * composed. Constructing one yourself marks the text as trusted (it is sent as is); the
 * constructor never throws.
 *
 * @example
 * ```ts
 * const since = sqlTemplate`ts > ${new Date(0)}`;
 * const q = sqlTemplate`SELECT * FROM orders WHERE ${since} AND id = ${7}`;
 * q.text; // "SELECT * FROM orders WHERE ts > TO_TIMESTAMP_LTZ(0, 3) AND id = 7"
 * ```
 */
export class SqlQuery {
  constructor(readonly text: string) {}
  /**
   * The SQL text (`text`), so a query can be logged or passed where a string is expected.
   * Never throws.
   *
   * @example
   * ```ts
   * String(sqlTemplate`SELECT ${"it's"}`); // "SELECT 'it''s'"
   * ```
   */
  toString(): string {
    return this.text;
  }
}

interface Rendered {
  sql: string;
  /** Known type; null for an untyped NULL; undefined when unknown (raw SQL). */
  type: LogicalType | null | undefined;
}

const T = {
  INT: { type: "INTEGER", nullable: false } as LogicalType,
  BIGINT: { type: "BIGINT", nullable: false } as LogicalType,
  DOUBLE: { type: "DOUBLE", nullable: false } as LogicalType,
  BOOLEAN: { type: "BOOLEAN", nullable: false } as LogicalType,
};

function unsupported(path: string, value: unknown, why?: string): never {
  let what: string;
  if (value === undefined) what = "undefined";
  else if (typeof value === "function") what = "a function";
  else if (typeof value === "symbol") what = "a symbol";
  else if (typeof value === "object" && value !== null) what = `an object of type ${value.constructor?.name ?? "Object"}`;
  else what = typeof value;
  throw new InterfaceError(
    "PARAMETER_UNSUPPORTED",
    `Cannot render ${path} as a SQL literal: ${what}${why === undefined ? " is not supported" : ": " + why}`,
  );
}

function invalid(path: string, why: string): never {
  throw new InterfaceError("PARAMETER_INVALID", `Invalid ${path}: ${why}`);
}

function neg(sql: string, negative: boolean): string {
  // Parenthesised so a preceding `-` can never form a `--` comment.
  return negative ? `(${sql})` : sql;
}

/** A finite double as an explicit DOUBLE literal (`1.5E0`, `(-1.0E-7)`), non-finite via CAST. */
function doubleLiteral(v: number): string {
  if (!Number.isFinite(v)) return `CAST('${v !== v ? "NaN" : v > 0 ? "Infinity" : "-Infinity"}' AS DOUBLE)`;
  let s = formatJavaDouble(v);
  if (!s.includes("E")) s += "E0";
  return neg(s, s.startsWith("-"));
}

function numberLiteral(v: number): Rendered {
  if (Number.isSafeInteger(v) && !Object.is(v, -0)) {
    const type = v >= -2147483648 && v <= 2147483647 ? T.INT : T.BIGINT;
    return { sql: neg(String(v), v < 0), type };
  }
  return { sql: doubleLiteral(v), type: T.DOUBLE };
}

function stringLiteral(s: string): string {
  return "'" + s.replace(/'/g, "''") + "'";
}

function decimalFragment(d: Decimal, path: string, precision?: number, scale?: number): SqlFragment {
  let v = d;
  if (scale !== undefined) {
    if (!Number.isInteger(scale) || scale < 0 || scale > 38) invalid(path, `decimal scale ${scale} is not in 0..38`);
    const r = v.rescale(scale, "DOWN");
    if (r.compare(v) !== 0) invalid(path, `${v.toString()} has more than ${scale} fraction digits`);
    v = r;
  }
  const s = v.scale;
  const needed = Math.max(digitCount(v.unscaled), s, 1);
  const p = precision ?? needed;
  if (!Number.isInteger(p) || p < 1 || p > 38) invalid(path, `decimal precision ${p} is not in 1..38`);
  if (s > p) invalid(path, `decimal scale ${s} exceeds precision ${p}`);
  if (needed > p) {
    invalid(path, `${v.toString()} does not fit DECIMAL(${p}, ${s})`);
  }
  if (needed > 38) invalid(path, `${truncate(v.toString())} needs more than 38 digits`);
  const type: LogicalType = { type: "DECIMAL", nullable: false, precision: p, scale: s };
  return new SqlFragment(`CAST('${v.toString()}' AS ${formatType(nullableType(type))})`, type);
}

function bytesLiteral(b: Uint8Array): Rendered {
  return { sql: "x'" + toHex(b) + "'", type: { type: "BINARY", nullable: false, length: Math.max(b.length, 1) } };
}

// ---------------------------------------------------------------------------------------------
// Type unification for ARRAY / MAP elements.

const NUM_RANK: Record<string, number> = { TINYINT: 1, SMALLINT: 2, INTEGER: 3, BIGINT: 4, DECIMAL: 5, FLOAT: 6, DOUBLE: 7 };
const INT_DIGITS: Record<string, number> = { TINYINT: 3, SMALLINT: 5, INTEGER: 10, BIGINT: 19 };

function family(t: LogicalType): string {
  if (NUM_RANK[t.type] !== undefined) return "NUMBER";
  if (t.type === "CHAR" || t.type === "VARCHAR") return "STRING";
  if (t.type === "BINARY" || t.type === "VARBINARY") return "BYTES";
  return t.type;
}

function nullableType(t: LogicalType): LogicalType {
  return t.nullable ? t : ({ ...t, nullable: true } as LogicalType);
}

/** Least common type of two literal types, or undefined when Flink could not unify them. */
function unify(a: LogicalType, b: LogicalType): LogicalType | undefined {
  if (a.type === "NULL") return nullableType(b);
  if (b.type === "NULL") return nullableType(a);
  if (family(a) !== family(b)) return undefined;
  switch (a.type) {
    case "TINYINT": case "SMALLINT": case "INTEGER": case "BIGINT": case "DECIMAL": case "FLOAT": case "DOUBLE": {
      const ra = NUM_RANK[a.type]!;
      const rb = NUM_RANK[b.type]!;
      if (ra >= 6 || rb >= 6) return { type: ra === 6 && rb === 6 ? "FLOAT" : "DOUBLE", nullable: true };
      if (a.type === "DECIMAL" || b.type === "DECIMAL") {
        const ps = (t: LogicalType): [number, number] => (t.type === "DECIMAL" ? [t.precision, t.scale] : [INT_DIGITS[t.type]!, 0]);
        const [pa, sa] = ps(a);
        const [pb, sb] = ps(b);
        const s = Math.max(sa, sb);
        return { type: "DECIMAL", nullable: true, precision: Math.min(38, Math.max(pa - sa, pb - sb) + s), scale: s };
      }
      return nullableType(ra >= rb ? a : b);
    }
    case "CHAR": case "VARCHAR": {
      const la = a.length, lb = (b as { length: number }).length;
      if (a.type === "CHAR" && b.type === "CHAR" && la === lb) return nullableType(a);
      return { type: "VARCHAR", nullable: true, length: Math.max(la, lb) };
    }
    case "BINARY": case "VARBINARY": {
      const la = a.length, lb = (b as { length: number }).length;
      if (a.type === "BINARY" && b.type === "BINARY" && la === lb) return nullableType(a);
      return { type: "VARBINARY", nullable: true, length: Math.max(la, lb) };
    }
    case "TIME_WITHOUT_TIME_ZONE": case "TIMESTAMP_WITHOUT_TIME_ZONE": case "TIMESTAMP_WITH_LOCAL_TIME_ZONE": case "TIMESTAMP_WITH_TIME_ZONE":
      return { type: a.type, nullable: true, precision: Math.max(a.precision, (b as { precision: number }).precision) } as LogicalType;
    case "ARRAY": case "MULTISET": {
      const e = unify(a.elementType, (b as typeof a).elementType);
      return e === undefined ? undefined : { type: a.type, nullable: true, elementType: e };
    }
    case "MAP": {
      const bb = b as typeof a;
      const k = unify(a.keyType, bb.keyType);
      const v = unify(a.valueType, bb.valueType);
      return k === undefined || v === undefined ? undefined : { type: "MAP", nullable: true, keyType: k, valueType: v };
    }
    case "ROW": {
      const bf = (b as typeof a).fields;
      if (a.fields.length !== bf.length) return undefined;
      const fields = [];
      for (let i = 0; i < bf.length; i++) {
        const t = unify(a.fields[i]!.type, bf[i]!.type);
        if (t === undefined) return undefined;
        fields.push({ name: a.fields[i]!.name, type: t });
      }
      return { type: "ROW", nullable: true, fields };
    }
    default:
      return nullableType(a);
  }
}

function castTo(sql: string, t: LogicalType): string {
  return `CAST(${sql} AS ${formatType(nullableType(t))})`;
}

function nullOf(t: LogicalType): string {
  return `CAST(NULL AS ${formatType(nullableType(t))})`;
}

function sameType(a: LogicalType, b: LogicalType): boolean {
  return formatType(nullableType(a)) === formatType(nullableType(b));
}

/**
 * Unifies rendered elements: returns their SQL (NULLs cast, hinted elements cast) and the
 * common type (undefined when only raw fragments were seen).
 */
function unifyElements(items: Rendered[], hint: LogicalType | undefined, path: string, what: string): { sqls: string[]; type: LogicalType | undefined } {
  if (hint !== undefined) {
    const sqls = items.map((r) => (r.type === null ? nullOf(hint) : r.type === undefined || sameType(r.type, hint) ? r.sql : castTo(r.sql, hint)));
    return { sqls, type: nullableType(hint) };
  }
  let common: LogicalType | undefined;
  let nulls = false;
  for (let i = 0; i < items.length; i++) {
    const t = items[i]!.type;
    if (t === null) {
      nulls = true;
    } else if (t !== undefined) {
      if (common === undefined) common = t;
      else {
        const u = unify(common, t);
        if (u === undefined) {
          throw new InterfaceError(
            "PARAMETER_MIXED_TYPES",
            `Cannot render ${path}: ${what} mix ${formatType(nullableType(common))} and ${formatType(nullableType(t))}; convert them to one type`,
          );
        }
        common = u;
      }
    }
  }
  if (items.length === 0 || (nulls && common === undefined)) {
    throw new InterfaceError(
      "PARAMETER_NEEDS_TYPE",
      `Cannot render ${path}: ${items.length === 0 ? "empty" : "all-NULL"} ${what} have no type; pass a type hint, e.g. array([], "INT") or map(m, "STRING", "INT")`,
    );
  }
  const sqls = items.map((r) => (r.type === null ? nullOf(common!) : r.sql));
  return { sqls, type: common === undefined ? undefined : nullableType(common) };
}

function arrayLiteral(values: readonly unknown[], hint: LogicalType | undefined, path: string, depth: number): Rendered {
  const items = values.map((v, i) => render(v, `${path}[${i}]`, depth + 1));
  if (items.length === 0 && hint !== undefined) {
    // Flink has no empty ARRAY[] constructor: remove the only (NULL) element of a typed array.
    const n = nullOf(hint);
    return { sql: `ARRAY_REMOVE(ARRAY[${n}], ${n})`, type: { type: "ARRAY", nullable: false, elementType: nullableType(hint) } };
  }
  const { sqls, type } = unifyElements(items, hint, path, "array elements");
  return {
    sql: `ARRAY[${sqls.join(", ")}]`,
    type: type === undefined ? undefined : { type: "ARRAY", nullable: false, elementType: type },
  };
}

function mapLiteral(entries: ReadonlyArray<readonly [unknown, unknown]>, kh: LogicalType | undefined, vh: LogicalType | undefined, path: string, depth: number): Rendered {
  if (entries.length === 0 && kh !== undefined && vh !== undefined) {
    const k = arrayLiteral([], kh, path, depth).sql;
    const v = arrayLiteral([], vh, path, depth).sql;
    return { sql: `MAP_FROM_ARRAYS(${k}, ${v})`, type: { type: "MAP", nullable: false, keyType: nullableType(kh), valueType: nullableType(vh) } };
  }
  const keys = entries.map(([k], i) => render(k, `${path} key ${i}`, depth + 1));
  const vals = entries.map(([k, v]) => render(v, `${path}[${typeof k === "string" ? JSON.stringify(truncate(k, 30)) : String(k)}]`, depth + 1));
  const ku = unifyElements(keys, kh, path, "map keys");
  const vu = unifyElements(vals, vh, path, "map values");
  const parts: string[] = [];
  for (let i = 0; i < entries.length; i++) parts.push(ku.sqls[i]!, vu.sqls[i]!);
  return {
    sql: `MAP[${parts.join(", ")}]`,
    type: ku.type === undefined || vu.type === undefined ? undefined : { type: "MAP", nullable: false, keyType: ku.type, valueType: vu.type },
  };
}

function isPlainObject(v: object): boolean {
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

/**
 * Temporal objects (global Temporal or a polyfill, recognised by their toStringTag):
 * PlainDate/PlainTime/PlainDateTime as naive literals with all their digits, Instant as
 * TIMESTAMP_LTZ (whole milliseconds only: Flink's TO_TIMESTAMP_LTZ takes epoch millis).
 */
function temporalLiteral(value: object, path: string): Rendered | undefined {
  const tag = Object.prototype.toString.call(value);
  const frag = (f: SqlFragment): Rendered => ({ sql: f.sql, type: f.type });
  switch (tag) {
    case "[object Temporal.PlainDate]":
      return frag(date(String(value)));
    case "[object Temporal.PlainTime]":
      return frag(time(String(value)));
    case "[object Temporal.PlainDateTime]":
      return frag(timestamp(String(value)));
    case "[object Temporal.Instant]": {
      const ns = (value as { epochNanoseconds?: unknown }).epochNanoseconds;
      if (typeof ns !== "bigint") return undefined;
      if (ns % 1_000_000n !== 0n) invalid(path, "a Temporal.Instant parameter must be whole milliseconds (TO_TIMESTAMP_LTZ takes epoch millis)");
      return render(new Date(Number(ns / 1_000_000n)), path, 0);
    }
    default:
      return undefined;
  }
}

function render(value: unknown, path: string, depth: number): Rendered {
  if (depth > 64) invalid(path, "nesting deeper than 64 levels (a cycle?)");
  switch (typeof value) {
    case "boolean":
      return { sql: value ? "TRUE" : "FALSE", type: T.BOOLEAN };
    case "number":
      return numberLiteral(value);
    case "bigint": {
      if (value >= -(2n ** 63n) && value < 2n ** 63n) return { sql: `CAST(${value} AS BIGINT)`, type: T.BIGINT };
      const f = decimalFragment(Decimal.fromUnscaled(value, 0), path);
      return { sql: f.sql, type: f.type };
    }
    case "string":
      return { sql: stringLiteral(value), type: { type: "CHAR", nullable: false, length: Math.max(value.length, 1) } };
    case "object": {
      if (value === null) return { sql: "NULL", type: null };
      if (value instanceof SqlFragment) return { sql: value.sql, type: value.type };
      if (value instanceof SqlQuery) return { sql: value.text, type: undefined };
      if (value instanceof Uint8Array) return bytesLiteral(value);
      if (value instanceof ArrayBuffer) return bytesLiteral(new Uint8Array(value));
      if (value instanceof Date) {
        const ms = value.getTime();
        if (Number.isNaN(ms)) invalid(path, "Invalid Date");
        // Flink's TIMESTAMP_LTZ covers years 0000-9999, as timestamp() and date() check.
        const y = value.getUTCFullYear();
        if (y < 0 || y > 9999) invalid(path, `year ${y} is outside 0000-9999`);
        return { sql: `TO_TIMESTAMP_LTZ(${ms}, 3)`, type: { type: "TIMESTAMP_WITH_LOCAL_TIME_ZONE", nullable: false, precision: 3 } };
      }
      if (value instanceof Decimal) {
        const f = decimalFragment(value, path);
        return { sql: f.sql, type: f.type };
      }
      if (value instanceof YearMonthInterval) {
        return { sql: value.toSql(), type: { type: "INTERVAL_YEAR_MONTH", nullable: false, resolution: "YEAR_TO_MONTH", precision: 4 } };
      }
      if (value instanceof DayTimeInterval) {
        return {
          sql: value.toSql(),
          type: { type: "INTERVAL_DAY_TIME", nullable: false, resolution: "DAY_TO_SECOND", precision: 6, fractionalPrecision: 3 },
        };
      }
      if (Array.isArray(value)) return arrayLiteral(value, undefined, path, depth);
      if (value instanceof Map) return mapLiteral([...value.entries()], undefined, undefined, path, depth);
      if (isPlainObject(value)) return mapLiteral(Object.entries(value), undefined, undefined, path, depth);
      const temporal = temporalLiteral(value, path);
      if (temporal !== undefined) return temporal;
      return unsupported(path, value);
    }
    default:
      return unsupported(path, value);
  }
}

/**
 * The Flink SQL literal for a JS value.
 *
 * @example
 * ```ts
 * renderLiteral("O'Reilly");            // "'O''Reilly'"
 * renderLiteral(1.5);                   // "1.5E0"
 * renderLiteral(-3);                    // "(-3)"
 * renderLiteral([1, null, 3]);          // "ARRAY[1, CAST(NULL AS INT), 3]"
 * renderLiteral(new Date(0));           // "TO_TIMESTAMP_LTZ(0, 3)"
 * ```
 * @throws InterfaceError `PARAMETER_UNSUPPORTED` (undefined, functions, unknown objects),
 *   `PARAMETER_NEEDS_TYPE` (empty or all-NULL arrays/maps), `PARAMETER_MIXED_TYPES`,
 *   `PARAMETER_INVALID` (also an invalid `Date`, or one outside years 0000-9999 in UTC, as
 *   `timestamp()` and `date()`).
 */
export function renderLiteral(value: unknown): string {
  return render(value, "parameter", 0).sql;
}

/** Renders a parameter naming it in errors (`parameter 2`, `parameter "id"`). */
export function renderParameter(value: unknown, label: string): string {
  return render(value, label, 0).sql;
}

// ---------------------------------------------------------------------------------------------
// Helpers

/**
 * The part of t (t itself or a nested type) that Flink SQL has no text for, so that a CAST to
 * it could never parse: STRUCTURED, DISTINCT and SYMBOL types (no SQL syntax), `TIMESTAMP WITH
 * TIME ZONE` (not supported by Flink), RAW without its serializer snapshot, and types this
 * driver does not know.
 */
function unwritable(t: LogicalType): LogicalType | undefined {
  switch (t.type) {
    case "STRUCTURED_TYPE":
    case "DISTINCT_TYPE":
    case "SYMBOL":
    case "OPAQUE":
    case "TIMESTAMP_WITH_TIME_ZONE":
      return t;
    case "RAW":
      return t.serializer === undefined ? t : undefined;
    case "ARRAY":
    case "MULTISET":
      return unwritable(t.elementType);
    case "MAP":
      return unwritable(t.keyType) ?? unwritable(t.valueType);
    case "ROW":
      for (const f of t.fields) {
        const u = unwritable(f.type);
        if (u !== undefined) return u;
      }
      return undefined;
    default:
      return undefined;
  }
}

function typeArg(t: string | LogicalType, fn: string): LogicalType {
  let type: LogicalType;
  if (typeof t === "string") type = parseTypeText(t);
  else if (typeof t === "object" && t !== null && typeof (t as { type?: unknown }).type === "string") type = t;
  else throw new InterfaceError("PARAMETER_INVALID", `${fn}(): expected a type text or LogicalType`);
  const u = unwritable(type);
  if (u !== undefined) {
    const hint = u.type === "TIMESTAMP_WITH_TIME_ZONE" ? " (use TIMESTAMP_LTZ)" : "";
    throw new InterfaceError(
      "PARAMETER_TYPE_UNSUPPORTED",
      `${fn}(): Flink SQL cannot CAST to ${formatType(nullableType(u))}${u === type ? "" : ` in ${formatType(nullableType(type))}`}${hint}`,
    );
  }
  return type;
}

/**
 * Verbatim SQL (no quoting at all): for trusted fragments only.
 * @example sql`SELECT * FROM t ORDER BY ${raw("ts DESC")}`
 * @throws InterfaceError `PARAMETER_INVALID` when text is not a string.
 */
export function raw(text: string): SqlFragment {
  if (typeof text !== "string") throw new InterfaceError("PARAMETER_INVALID", "raw(): expected a string");
  const f = new SqlFragment(text);
  verbatim.add(f);
  return f;
}

/**
 * A backtick-quoted identifier (backticks doubled); several parts are joined with dots.
 * @example identifier("my catalog", "db", "orders") // "`my catalog`.`db`.`orders`"
 * @throws InterfaceError `PARAMETER_INVALID` for empty or non-string parts.
 */
export function identifier(...parts: string[]): SqlFragment {
  if (parts.length === 0 || parts.some((p) => typeof p !== "string" || p.length === 0)) {
    throw new InterfaceError("PARAMETER_INVALID", "identifier(): expected one or more non-empty strings");
  }
  return new SqlFragment(parts.map(quoteIdentifier).join("."));
}

/**
 * A NULL of a given type, for places where Flink cannot infer one.
 * @example typedNull("DECIMAL(10, 2)") // "CAST(NULL AS DECIMAL(10, 2))"
 * @throws InterfaceError `TYPE_TEXT_INVALID` for type text parseTypeText rejects, and
 *   `PARAMETER_TYPE_UNSUPPORTED` (naming the type) for a type Flink cannot CAST to, even nested:
 *   STRUCTURED, DISTINCT, SYMBOL, `TIMESTAMP(p) WITH TIME ZONE`, RAW without a serializer
 *   snapshot, or a type unknown to this driver.
 */
export function typedNull(type: string | LogicalType): SqlFragment {
  const t = nullableType(typeArg(type, "typedNull"));
  return new SqlFragment(`CAST(NULL AS ${formatType(t)})`, t);
}

/**
 * An exact DECIMAL: `CAST('<value>' AS DECIMAL(p, s))` with the smallest precision and scale
 * that hold the value (`0.001` -> DECIMAL(3, 3)), or the given ones.
 * @example decimal("0.001") // "CAST('0.001' AS DECIMAL(3, 3))"
 * @throws DataError `DECIMAL_INVALID` for unparsable text; InterfaceError `PARAMETER_INVALID`
 *   when the value needs more than 38 digits, does not fit, or would lose fraction digits.
 */
export function decimal(value: string | number | bigint | Decimal, precision?: number, scale?: number): SqlFragment {
  const d =
    value instanceof Decimal ? value
    : typeof value === "bigint" ? Decimal.fromUnscaled(value, 0)
    : typeof value === "number" ? Decimal.fromNumber(value)
    : Decimal.parse(value);
  return decimalFragment(d, "decimal()", precision, scale);
}

function checkPrecision(p: number | undefined, fn: string): void {
  if (p !== undefined && (!Number.isInteger(p) || p < 0 || p > 9)) invalid(`${fn}()`, `precision ${p} is not in 0..9`);
}

/** Fraction digits of nanos at exactly p digits, refusing to drop non-zero digits. */
function fraction(nanos: number, p: number, fn: string, text: string): string {
  const all = String(nanos).padStart(9, "0");
  if (!/^0*$/.test(all.slice(p))) invalid(`${fn}()`, `${truncate(text)} has more than ${p} fraction digits`);
  return p === 0 ? "" : "." + all.slice(0, p);
}

/** Fraction digits of temporal text; blanks around it are ignored, as the parsers ignore them. */
function givenDigits(text: string): number {
  const t = text.trim();
  const dot = t.lastIndexOf(".");
  return dot < 0 || dot < t.lastIndexOf(":") ? 0 : t.length - dot - 1;
}

/**
 * A naive DATE literal from `YYYY-MM-DD` or a Date (its UTC calendar day). Blanks around the
 * text are ignored (as by `time()` and `timestamp()`).
 * @example date("2024-06-15") // "DATE '2024-06-15'"
 * @throws DataError `DATE_INVALID`; InterfaceError `PARAMETER_INVALID` outside years 0000-9999.
 */
export function date(value: string | Date): SqlFragment {
  let days: number;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) invalid("date()", "Invalid Date");
    days = Math.floor(value.getTime() / 86_400_000);
  } else {
    days = parseDate(value);
  }
  const y = civilFromDays(days)[0];
  if (y < 0 || y > 9999) invalid("date()", `year ${y} is outside 0000-9999`);
  return new SqlFragment(`DATE '${formatDate(days)}'`, { type: "DATE", nullable: false });
}

/**
 * A TIME literal; precision defaults to the fraction digits given. Blanks around the text are ignored.
 * @example time("12:34:56.5", 3) // "TIME '12:34:56.500'"
 * @throws DataError `TIME_INVALID`; InterfaceError `PARAMETER_INVALID` when digits would be lost.
 */
export function time(value: string, precision?: number): SqlFragment {
  checkPrecision(precision, "time");
  const nanos = parseTime(value);
  const p = precision ?? Math.min(givenDigits(value), 9);
  const secs = Math.floor(nanos / 1e9);
  const text =
    String(Math.floor(secs / 3600)).padStart(2, "0") + ":" + String(Math.floor(secs / 60) % 60).padStart(2, "0") + ":" +
    String(secs % 60).padStart(2, "0") + fraction(nanos - secs * 1e9, p, "time", value);
  return new SqlFragment(`TIME '${text}'`, { type: "TIME_WITHOUT_TIME_ZONE", nullable: false, precision: p });
}

/**
 * A naive TIMESTAMP literal from `YYYY-MM-DD HH:MM:SS[.f]` (or `T`), or a Date's UTC wall time.
 * Precision defaults to the digits given (3 for a Date). Blanks around the text are ignored.
 * @example timestamp("2024-06-15 12:34:56.123456789") // "TIMESTAMP '2024-06-15 12:34:56.123456789'"
 * @throws DataError `TIMESTAMP_INVALID`; InterfaceError `PARAMETER_INVALID` when digits would be lost.
 */
export function timestamp(value: string | Date, precision?: number): SqlFragment {
  checkPrecision(precision, "timestamp");
  let ts: Timestamp;
  let p: number;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) invalid("timestamp()", "Invalid Date");
    ts = new Timestamp(value.getTime());
    p = precision ?? 3;
  } else {
    ts = parseTimestamp(value);
    p = precision ?? Math.min(givenDigits(value), 9);
  }
  const days = Math.floor(ts.epochMillis / 86_400_000);
  const y = civilFromDays(days)[0];
  if (y < 0 || y > 9999) invalid("timestamp()", `year ${y} is outside 0000-9999`);
  const msOfDay = ts.epochMillis - days * 86_400_000;
  const secs = Math.floor(msOfDay / 1000);
  const nanos = (msOfDay - secs * 1000) * 1e6 + ts.nanoOfMilli;
  const text =
    formatDate(days) + " " + String(Math.floor(secs / 3600)).padStart(2, "0") + ":" + String(Math.floor(secs / 60) % 60).padStart(2, "0") + ":" +
    String(secs % 60).padStart(2, "0") + fraction(nanos, p, "timestamp", String(value));
  return new SqlFragment(`TIMESTAMP '${text}'`, { type: "TIMESTAMP_WITHOUT_TIME_ZONE", nullable: false, precision: p });
}

/**
 * A ROW value: `ROW(v1, v2, ...)`, each value rendered like a parameter.
 * @example row(1, "a", null) // "ROW(1, 'a', NULL)"
 * @throws InterfaceError for no values or unsupported values.
 */
export function row(...values: unknown[]): SqlFragment {
  if (values.length === 0) throw new InterfaceError("PARAMETER_INVALID", "row(): a ROW needs at least one field");
  const items = values.map((v, i) => render(v, `row() field ${i + 1}`, 1));
  const known = items.every((r) => r.type !== undefined);
  const type: LogicalType | undefined = known
    ? { type: "ROW", nullable: false, fields: items.map((r, i) => ({ name: `EXPR$${i}`, type: r.type ?? { type: "NULL", nullable: true } })) }
    : undefined;
  return new SqlFragment(`ROW(${items.map((r) => r.sql).join(", ")})`, type);
}

/**
 * An ARRAY with an element type: needed for empty and all-NULL arrays, and to force a type.
 * @example array([], "INT") // "ARRAY_REMOVE(ARRAY[CAST(NULL AS INT)], CAST(NULL AS INT))"
 * @throws InterfaceError for bad type text, a type Flink cannot CAST to (as typedNull) or
 *   unsupported elements.
 */
export function array(values: readonly unknown[], elementType?: string | LogicalType): SqlFragment {
  if (!Array.isArray(values)) throw new InterfaceError("PARAMETER_INVALID", "array(): expected an array");
  const hint = elementType === undefined ? undefined : typeArg(elementType, "array");
  const r = arrayLiteral(values, hint, "array()", 0);
  return new SqlFragment(r.sql, r.type ?? undefined);
}

/**
 * A MAP with key/value types (needed when empty or all-NULL): from a Map, a plain object or
 * `[key, value]` pairs.
 * @example map(new Map([["a", 1]]), "STRING", "BIGINT") // "MAP['a', CAST(1 AS BIGINT)]"
 * @throws InterfaceError for bad type text, a type Flink cannot CAST to (as typedNull) or
 *   unsupported entries.
 */
export function map(
  entries: Map<unknown, unknown> | Record<string, unknown> | ReadonlyArray<readonly [unknown, unknown]>,
  keyType?: string | LogicalType,
  valueType?: string | LogicalType,
): SqlFragment {
  const list: Array<readonly [unknown, unknown]> =
    entries instanceof Map ? [...entries.entries()]
    : Array.isArray(entries) ? [...(entries as ReadonlyArray<readonly [unknown, unknown]>)]
    : Object.entries(entries);
  if (list.some((e) => !Array.isArray(e) || e.length !== 2)) throw new InterfaceError("PARAMETER_INVALID", "map(): expected [key, value] pairs");
  const kh = keyType === undefined ? undefined : typeArg(keyType, "map");
  const vh = valueType === undefined ? undefined : typeArg(valueType, "map");
  const r = mapLiteral(list, kh, vh, "map()", 0);
  return new SqlFragment(r.sql, r.type ?? undefined);
}

// ---------------------------------------------------------------------------------------------
// Placeholder substitution

/** Fragments from raw(): inserted exactly as given, even where they touch other tokens. */
const verbatim = new WeakSet<SqlFragment>();

/** A character that continues an identifier, keyword or number in Calcite's lexer. */
function isWordCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c >= 0xc0;
}

/**
 * Whether the characters a and b, written next to each other, would lex as one token or
 * change each other's meaning: `'a''b'` (one string), `` `a``b` `` (one identifier), `x1`,
 * `12`, `X'..'`/`N'..'`/`U&'..'` prefixes, `1.5`.
 */
function tokensJoin(a: number, b: number): boolean {
  if (isWordCode(a)) return isWordCode(b) || b === 39 || (b === 46 && a >= 48 && a <= 57);
  if (a === 39 || a === 96) return b === a;
  if (a === 38 /* & */) return b === 39;
  if (a === 46 /* . */) return b >= 48 && b <= 57;
  return false;
}

/** left + right, with a space where the last character of left would merge with right's first. */
function glue(left: string, right: string): string {
  if (left.length === 0 || right.length === 0) return left + right;
  return tokensJoin(left.charCodeAt(left.length - 1), right.charCodeAt(0)) ? left + " " + right : left + right;
}

// Lexical contexts of Calcite's lexer that a literal must never be put into (see lexEnd).
const IN_CODE = 0;
const IN_LINE_COMMENT = 10;
const IN_BLOCK_COMMENT = 42;
const IN_STRING = 39;
const IN_IDENTIFIER = 96;

/**
 * The lexical context after `text`, starting in `state`: code, a '...' string, a `...`
 * identifier, a `--`/`//` line comment (ends at LF or CR) or a block comment. `/*+` opens a
 * hint, which Calcite lexes as code. A doubled quote closes and reopens, so it needs no case.
 */
function lexEnd(state: number, text: string): number {
  let s = state;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (s === IN_CODE) {
      if (c === 39 || c === 96) s = c;
      else if ((c === 45 || c === 47) && text.charCodeAt(i + 1) === c) s = IN_LINE_COMMENT;
      else if (c === 47 && text.charCodeAt(i + 1) === 42 && text.charCodeAt(i + 2) !== 43) {
        s = IN_BLOCK_COMMENT;
        i++;
      }
    } else if (s === IN_STRING || s === IN_IDENTIFIER) {
      if (c === s) s = IN_CODE;
    } else if (s === IN_LINE_COMMENT) {
      if (c === 10 || c === 13) s = IN_CODE;
    } else if (c === 42 && text.charCodeAt(i + 1) === 47) {
      s = IN_CODE;
      i++;
    }
  }
  return s;
}

/**
 * Concatenates SQL text pieces and parameter values rendered as literals. A literal is kept
 * a token of its own: where it would merge with the text or literal beside it (`%s%s` with
 * "a", "b" would read as the one literal `a'b`) a space is put in between, so Calcite sees
 * two tokens (and rejects `'a' 'b'` as "String literal continued on same line" rather than
 * reading a different value). raw() and nested SqlQuery text are inserted verbatim.
 *
 * A literal is refused where the text around it opened a string, an identifier or a comment
 * (`sql\`... = '${v}'\``): its quotes would close and reopen the surrounding string (and a
 * newline in it would end a line comment), so a crafted value would run as SQL.
 */
function joinPieces(texts: readonly string[], values: readonly unknown[], label: (i: number) => string): string {
  let out = texts[0] ?? "";
  let state = lexEnd(IN_CODE, out);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const asIs = v instanceof SqlQuery || (v instanceof SqlFragment && verbatim.has(v));
    if (!asIs && state !== IN_CODE) {
      const where =
        state === IN_STRING ? "inside a '...' string literal (a value is rendered with its own quotes: remove the ones around it)"
        : state === IN_IDENTIFIER ? "inside a `...` identifier (use identifier() for names)"
        : "inside a comment";
      throw new InterfaceError("PARAMETER_UNSUPPORTED", `Cannot render ${label(i)} ${where}`);
    }
    const lit = renderParameter(v, label(i));
    out = asIs ? out + lit : glue(out, lit);
    if (asIs) state = lexEnd(state, lit);
    const text = texts[i + 1] ?? "";
    out = asIs ? out + text : glue(out, text);
    state = lexEnd(state, text);
  }
  return out;
}

type Piece = string | { index: number } | { name: string; at: number };

/**
 * Splits SQL into text and placeholders, skipping string literals, backtick identifiers and
 * comments (`--` and `//` to the end of the line, `/* *\/`). `%%` becomes `%` everywhere
 * (Python's rule); `%s` is positional, `%(name)s` named;
 * any other `%` is the modulo operator.
 */
function scan(sql: string, named: boolean): Piece[] {
  const pieces: Piece[] = [];
  let buf = "";
  let positional = 0;
  const n = sql.length;
  let i = 0;
  const copyQuoted = (end: number): void => {
    buf += sql.slice(i, end).replaceAll("%%", "%");
    i = end;
  };
  while (i < n) {
    const c = sql.charCodeAt(i);
    if (c === 39 /* ' */ || c === 96 /* ` */) {
      let j = i + 1;
      for (;;) {
        if (j >= n) break;
        if (sql.charCodeAt(j) === c) {
          if (sql.charCodeAt(j + 1) === c) {
            j += 2;
            continue;
          }
          j++;
          break;
        }
        j++;
      }
      copyQuoted(Math.min(j, n));
    } else if ((c === 45 /* - */ || c === 47 /* / */) && sql.charCodeAt(i + 1) === c) {
      // Calcite (so Flink) starts a line comment with `//` as well as `--`, and ends it at CR as
      // well as LF: a `%s` after a lone `\r` is live SQL. Substituting into a `//` comment would
      // let a value's newline end the comment and run the rest of the value as SQL.
      let j = i + 2;
      while (j < n && sql.charCodeAt(j) !== 10 && sql.charCodeAt(j) !== 13) j++;
      copyQuoted(j);
    } else if (c === 47 /* / */ && sql.charCodeAt(i + 1) === 42 /* * */) {
      const end = sql.indexOf("*/", i + 2);
      copyQuoted(end < 0 ? n : end + 2);
    } else if (c === 37 /* % */) {
      const d = sql.charCodeAt(i + 1);
      if (d === 37) {
        buf += "%";
        i += 2;
      } else if (d === 115 /* s */) {
        if (named) {
          throw new ProgrammingError("PARAMETER_STYLE", `Positional placeholder %s at offset ${i} used with named parameters; use %(name)s`);
        }
        pieces.push(buf, { index: positional++ });
        buf = "";
        i += 2;
      } else if (d === 40 /* ( */) {
        const m = /^%\(([^()]*)\)s/.exec(sql.slice(i, i + 300));
        if (m === null) {
          buf += "%"; // modulo followed by a parenthesis
          i++;
        } else {
          if (!named) {
            throw new ProgrammingError("PARAMETER_STYLE", `Named placeholder %(${truncate(m[1]!, 40)})s at offset ${i} used with positional parameters; pass an object`);
          }
          pieces.push(buf, { name: m[1]!, at: i });
          buf = "";
          i += m[0].length;
        }
      } else {
        buf += "%";
        i++;
      }
    } else {
      // Copy a run of ordinary characters at once.
      let j = i + 1;
      while (j < n) {
        const e = sql.charCodeAt(j);
        if (e === 39 || e === 96 || e === 37 || e === 45 || e === 47) break;
        j++;
      }
      buf += sql.slice(i, j);
      i = j;
    }
  }
  pieces.push(buf);
  return pieces;
}

/**
 * Substitutes parameters into SQL text, Python-driver compatible: positional `%s` with an
 * array, named `%(name)s` with an object; with parameters, `%%` becomes `%`; with none (or an
 * empty array/object) the SQL is returned unchanged. Placeholders inside string literals,
 * backtick identifiers and comments (`--` and `//` line comments end at LF or CR, as in
 * Calcite) are not
 * placeholders, and a lone `%` is modulo. A value never merges with the token beside it: a
 * space is inserted where it would (`%s%s`, `x%s`); raw() fragments are inserted verbatim.
 *
 * @example
 * ```ts
 * substituteParameters("SELECT * FROM t WHERE id = %s AND c1 % 2 = 0", [42]);
 * // "SELECT * FROM t WHERE id = 42 AND c1 % 2 = 0"
 * substituteParameters("SELECT %(name)s", { name: "O'Reilly" }); // "SELECT 'O''Reilly'"
 * substituteParameters("SELECT %s%s", ["a", "b"]); // "SELECT 'a' 'b'" (two literals, not 'a''b')
 * ```
 * @throws ProgrammingError `PARAMETER_COUNT` (wrong number of positional parameters),
 *   `PARAMETER_MISSING` (named parameter not given), `PARAMETER_STYLE` (mixed styles);
 *   InterfaceError `PARAMETER_UNSUPPORTED` / `PARAMETER_NEEDS_TYPE` / ... naming the position.
 *   All are raised before anything is sent.
 */
export function substituteParameters(sql: string, params?: readonly unknown[] | Record<string, unknown>): string {
  if (typeof sql !== "string") throw new InterfaceError("SQL_INVALID", `SQL must be a string, got ${typeof sql}`);
  if (params === undefined || params === null) return sql;
  if (Array.isArray(params)) {
    if (params.length === 0) return sql;
    const pieces = scan(sql, false);
    const count = pieces.filter((p) => typeof p !== "string").length;
    if (count !== params.length) {
      throw new ProgrammingError(
        "PARAMETER_COUNT",
        `The statement has ${count} placeholder${count === 1 ? "" : "s"} (%s) but ${params.length} parameter${params.length === 1 ? " was" : "s were"} given`,
      );
    }
    const texts = pieces.filter((p): p is string => typeof p === "string");
    return joinPieces(texts, params, (i) => `parameter ${i + 1}`);
  }
  if (typeof params !== "object" || !isPlainObject(params)) {
    throw new InterfaceError("PARAMETERS_INVALID", "Parameters must be an array (for %s) or a plain object (for %(name)s)");
  }
  const names = Object.keys(params);
  if (names.length === 0) return sql;
  const pieces = scan(sql, true);
  const texts: string[] = [];
  const keys: string[] = [];
  for (const p of pieces) {
    if (typeof p === "string") {
      texts.push(p);
      continue;
    }
    const name = (p as { name: string }).name;
    if (!Object.prototype.hasOwnProperty.call(params, name)) {
      throw new ProgrammingError("PARAMETER_MISSING", `No value for the named parameter %(${truncate(name, 40)})s`);
    }
    keys.push(name);
  }
  const values = keys.map((k) => (params as Record<string, unknown>)[k]);
  return joinPieces(texts, values, (i) => `parameter ${JSON.stringify(truncate(keys[i]!, 40))}`);
}

/**
 * The tagged template behind the connection's `sql`: values become literals, SqlQuery values
 * are inlined, and `%` is not special.
 *
 * @example
 * ```ts
 * const q = sqlTemplate`SELECT * FROM orders WHERE id = ${id} AND note = ${"it's"}`;
 * q.text; // "SELECT * FROM orders WHERE id = 7 AND note = 'it''s'"
 * ```
 * @throws InterfaceError naming the value's position for unsupported values, and
 *   `PARAMETER_UNSUPPORTED` for a value placed inside a quoted string, a backtick identifier or
 *   a comment of the template (`'${v}'`): it would not be one literal there.
 */
export function sqlTemplate(strings: TemplateStringsArray | readonly string[], ...values: unknown[]): SqlQuery {
  return new SqlQuery(joinPieces(strings, values, (i) => `parameter ${i + 1}`));
}

/** Type of a rendered value when it is known (for tests and diagnostics). */
export function literalType(value: unknown): LogicalType | null | undefined {
  return render(value, "parameter", 0).type;
}
