/**
 * Output formats of the CLI: an aligned text table, JSON, NDJSON and CSV (RFC 4180). Pure
 * string functions; values are shown exactly (bigint and DECIMAL as their digits, bytes as hex).
 */

export type OutputFormat = "table" | "json" | "ndjson" | "csv";
export const FORMATS: readonly OutputFormat[] = ["table", "json", "ndjson", "csv"];

/** A column as printed: its name and Flink type text. */
export interface OutColumn {
  readonly name: string;
  readonly type: string;
}

/** JSON replacer: bigint -> string, bytes -> hex string, Map -> entries, classes with toString -> string. */
export function jsonValue(_key: string, value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Uint8Array) return hex(value);
  if (value instanceof Map) return Array.from(value.entries());
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null && !(value instanceof Date)) {
      const s = String(value);
      if (s !== "[object Object]") return s;
    }
  }
  return value;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Text of one value in table and CSV output. NULL is empty in CSV and `NULL` in tables. */
export function cellText(value: unknown, nullText = "NULL"): string {
  if (value === null || value === undefined) return nullText;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") return String(value);
  if (value instanceof Uint8Array) return `x'${hex(value)}'`;
  if (value instanceof Date) return value.toISOString();
  const converted = jsonValue("", value);
  if (typeof converted === "string") return converted;
  return JSON.stringify(value, jsonValue);
}

const TIMESTAMP_TYPE = /^TIMESTAMP(?:_LTZ)?(?:\(|\s|$)/;

/**
 * Text of one value in a table, which people read: a top-level TIMESTAMP / TIMESTAMP_LTZ shows
 * a space between date and time, as Flink prints it and Confluent's SQL shell shows it (the
 * client's value is ISO text with a `T`). JSON, NDJSON and CSV keep the ISO text, for parsers.
 */
export function tableCellText(value: unknown, type: string): string {
  if (typeof value === "string" && value[10] === "T" && TIMESTAMP_TYPE.test(type)) return `${value.slice(0, 10)} ${value.slice(11)}`;
  return cellText(value);
}

/** Row values in column order, for array or object rows. */
export function rowValues(row: unknown, columns: readonly OutColumn[]): unknown[] {
  if (Array.isArray(row)) return row;
  if (row !== null && typeof row === "object") return columns.map((c) => (row as Record<string, unknown>)[c.name]);
  return [row];
}

/** A row as an object keyed by column name. */
export function rowObject(row: unknown, columns: readonly OutColumn[]): Record<string, unknown> {
  const values = rowValues(row, columns);
  const out: Record<string, unknown> = {};
  columns.forEach((c, i) => {
    out[c.name] = values[i] ?? null;
  });
  return out;
}

/** Display width of a string (no East-Asian width tables: code points). */
function width(s: string): number {
  return Array.from(s).length;
}

/**
 * An aligned table with a header (name, type below it) and a row-count footer.
 *
 * @example formatTable([{ name: "id", type: "INT" }], [[1]])
 */
export function formatTable(columns: readonly OutColumn[], rows: readonly unknown[], options: { footer?: boolean; marks?: readonly string[] } = {}): string {
  const cells = rows.map((r) => rowValues(r, columns).map((v, i) => tableCellText(v, columns[i]?.type ?? "").replace(/\r?\n/g, "\\n")));
  const widths = columns.map((c, i) => Math.max(width(c.name), width(c.type), ...cells.map((r) => width(r[i] ?? ""))));
  const pad = (s: string, w: number) => s + " ".repeat(Math.max(0, w - width(s)));
  const mark = options.marks ? (i: number) => `${options.marks?.[i] ?? " "} ` : () => "";
  const markHead = options.marks ? "  " : "";
  const line = (parts: string[]) => parts.map((p, i) => pad(p, widths[i] ?? 0)).join(" | ").trimEnd();
  const out = [
    markHead + line(columns.map((c) => c.name)),
    markHead + line(columns.map((c) => c.type)),
    markHead + widths.map((w) => "-".repeat(w)).join("-+-"),
    ...cells.map((r, i) => mark(i) + line(r)),
  ];
  if (options.footer !== false) out.push(`(${rows.length} row${rows.length === 1 ? "" : "s"})`);
  return `${out.join("\n")}\n`;
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV with a header line; NULL as an empty field, CRLF line ends (RFC 4180). */
export function formatCsv(columns: readonly OutColumn[], rows: readonly unknown[]): string {
  const lines = [columns.map((c) => csvField(c.name)).join(",")];
  for (const r of rows) lines.push(rowValues(r, columns).map((v) => csvField(cellText(v, ""))).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

/** `{ columns, rows }` as one JSON document, rows as objects. */
export function formatJson(columns: readonly OutColumn[], rows: readonly unknown[]): string {
  return `${JSON.stringify({ columns, rows: rows.map((r) => rowObject(r, columns)) }, jsonValue, 2)}\n`;
}

/** One JSON object per row (or per change event: `{ op, ...row }`). */
export function ndjsonLine(value: unknown): string {
  return `${JSON.stringify(value, jsonValue)}\n`;
}

/** Any of the batch formats over a finished result. */
export function formatRows(format: OutputFormat, columns: readonly OutColumn[], rows: readonly unknown[]): string {
  switch (format) {
    case "table":
      return formatTable(columns, rows);
    case "csv":
      return formatCsv(columns, rows);
    case "json":
      return formatJson(columns, rows);
    case "ndjson":
      return rows.map((r) => ndjsonLine(rowObject(r, columns))).join("");
  }
}
