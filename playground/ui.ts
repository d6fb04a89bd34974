/**
 * The playground's UI logic as small functions over a `Document`: cell formatting, the result
 * grid with column types, the live (materialised) view with changed-row highlighting, the
 * statements panel and error display. No network, no globals: tested with happy-dom.
 */

/** A result column as the grid shows it. */
export interface GridColumn {
  readonly name: string;
  readonly type: string;
}

/** A materialised change (the client's `materializeChanges` output). */
export type LiveChange =
  | { readonly type: "insert"; readonly id: string; readonly row: unknown }
  | { readonly type: "update"; readonly id: string; readonly row: unknown; readonly previous?: unknown }
  | { readonly type: "delete"; readonly id: string; readonly previous?: unknown };

/** A statement row of the statements panel. */
export interface StatementSummary {
  readonly name: string;
  readonly phase: string;
  readonly sql: string;
  readonly createdAt?: string;
}

/** Example queries for the editor's menu. */
export const EXAMPLES: ReadonlyArray<{ readonly label: string; readonly sql: string; readonly mode: "snapshot" | "streaming" }> = [
  {
    label: "Live: orders per customer (streaming aggregate)",
    mode: "streaming",
    sql: "SELECT customer_id, COUNT(*) AS orders, CAST(SUM(price) AS DECIMAL(10, 2)) AS revenue\nFROM `examples`.`marketplace`.`orders`\nGROUP BY customer_id",
  },
  { label: "Live: latest orders (append-only)", mode: "streaming", sql: "SELECT order_id, customer_id, product_id, price\nFROM `examples`.`marketplace`.`orders`" },
  {
    label: "Live: orders per 10-second window (TUMBLE)",
    mode: "streaming",
    sql:
      "SELECT window_start, window_end, COUNT(*) AS orders, ROUND(SUM(price), 2) AS revenue\n" +
      "FROM TABLE(TUMBLE(TABLE `examples`.`marketplace`.`orders`, DESCRIPTOR($rowtime), INTERVAL '10' SECOND))\n" +
      "GROUP BY window_start, window_end",
  },
  {
    label: "Live: three rising prices per customer (MATCH_RECOGNIZE)",
    mode: "streaming",
    sql:
      "SELECT *\nFROM `examples`.`marketplace`.`orders`\n  MATCH_RECOGNIZE (\n    PARTITION BY customer_id\n    ORDER BY $rowtime\n" +
      "    MEASURES A.price AS first_price, C.price AS last_price, MATCH_ROWTIME() AS matched_at\n" +
      "    AFTER MATCH SKIP PAST LAST ROW\n    PATTERN (A B C)\n    DEFINE B AS B.price > A.price, C AS C.price > B.price\n  )",
  },
  {
    label: "Snapshot: a few customers",
    mode: "snapshot",
    sql: "SELECT customer_id, name, city, email\nFROM `examples`.`marketplace`.`customers`\nWHERE customer_id < 3010",
  },
  {
    label: "Snapshot: VALUES with types",
    mode: "snapshot",
    sql: "SELECT id, name, CAST(id * 1.5 AS DECIMAL(10, 2)) AS price\nFROM (VALUES (1, 'alpha'), (2, 'beta'), (3, 'gamma')) AS t(id, name)",
  },
  { label: "Error: a typo", mode: "snapshot", sql: "SELEC 1" },
];

/**
 * Text of one cell: NULL for null, decimals/bigints as exact strings, bytes as hex, composites
 * as JSON.
 *
 * @example formatCell(null) // "NULL"
 */
export function formatCell(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "string") return value;
  if (typeof value === "bigint" || typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Uint8Array) return `x'${Array.from(value, (b) => b.toString(16).padStart(2, "0")).join("")}'`;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Map) return `{${Array.from(value, ([k, v]) => `${formatCell(k)}=${formatCell(v)}`).join(", ")}}`;
  if (Array.isArray(value)) return `[${value.map(formatCell).join(", ")}]`;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    const s = String(value);
    if (s !== "[object Object]") return s;
  }
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
}

/** Columns from a cursor description (DB-API tuples or objects, with a full type when known). */
export function gridColumns(description: readonly unknown[] | null | undefined, formatType?: (t: unknown) => string): GridColumn[] {
  if (!description) return [];
  return description.map((d) => {
    if (Array.isArray(d)) return { name: String(d[0]), type: String(d[1] ?? "") };
    const o = d as Record<string, unknown>;
    const full = o.type;
    // The client's description carries the Flink spelling as `typeName` (e.g. DECIMAL(10, 2)).
    if (typeof o.typeName === "string") return { name: String(o.name), type: o.typeName };
    let type = String(o.typeCode ?? "");
    if (typeof full === "string") type = full;
    else if (full !== undefined && full !== null && formatType) type = formatType(full);
    return { name: String(o.name), type };
  });
}

function cellsOf(row: unknown, columns: readonly GridColumn[]): unknown[] {
  if (Array.isArray(row)) return row;
  if (row !== null && typeof row === "object") return columns.map((c) => (row as Record<string, unknown>)[c.name]);
  return [row];
}

/** Flink's numeric types (not INTERVAL, which also starts with INT). */
const NUMERIC_TYPE = /^(TINYINT|SMALLINT|INTEGER|INT|BIGINT|FLOAT|DOUBLE|DECIMAL|DEC|NUMERIC|REAL)\b/i;

/**
 * Whether a column of this Flink type holds numbers (their cells are right-aligned).
 *
 * @example isNumericType("DECIMAL(10, 2) NOT NULL") // true
 */
export function isNumericType(type: string): boolean {
  return NUMERIC_TYPE.test(type.trim());
}

/** Cells whose text is longer than this are cut short on screen; the full text is their title. */
export const LONG_CELL_CHARS = 60;

/**
 * "1 row", "3 rows".
 *
 * @example rowCount(1) // "1 row"
 */
export function rowCount(n: number): string {
  return `${n} row${n === 1 ? "" : "s"}`;
}

/**
 * A duration as people read it: milliseconds under a second, then seconds with a tenth, then
 * minutes and seconds.
 *
 * @example formatElapsed(1234) // "1.2 s"
 */
export function formatElapsed(ms: number): string {
  const t = Math.max(0, ms);
  if (t < 1000) return `${Math.round(t)} ms`;
  if (t < 60_000) return `${(Math.floor(t / 100) / 10).toFixed(1)} s`;
  const seconds = Math.floor(t / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

function headerRow(doc: Document, columns: readonly GridColumn[]): HTMLTableSectionElement {
  const thead = doc.createElement("thead");
  const tr = doc.createElement("tr");
  for (const c of columns) {
    const th = doc.createElement("th");
    th.scope = "col";
    if (isNumericType(c.type)) th.classList.add("num");
    const name = doc.createElement("span");
    name.className = "col-name";
    name.textContent = c.name;
    const type = doc.createElement("span");
    type.className = "col-type";
    type.textContent = c.type;
    th.append(name, type);
    tr.append(th);
  }
  thead.append(tr);
  return thead;
}

/** One cell: NULL as a marker badge, empty strings marked, long text cut short with a title. */
function bodyCell(doc: Document, value: unknown, type: string): HTMLTableCellElement {
  const td = doc.createElement("td");
  const text = formatCell(value);
  if (value === null || value === undefined) {
    // A badge (see style.css), so it never reads like the string 'NULL'.
    const marker = doc.createElement("span");
    marker.className = "null-marker";
    marker.textContent = text;
    td.append(marker);
    td.className = "null";
    td.title = "NULL (no value)";
  } else {
    td.textContent = text;
    if (text === "") {
      td.className = "empty";
      td.title = "empty string";
    }
  }
  // Without a type, the value itself says whether it is a number.
  if (type === "" ? typeof value === "number" || typeof value === "bigint" : isNumericType(type)) td.classList.add("num");
  if (text.length > LONG_CELL_CHARS || text.includes("\n")) {
    td.classList.add("long");
    td.title = text;
  }
  return td;
}

function bodyRow(doc: Document, row: unknown, columns: readonly GridColumn[]): HTMLTableRowElement {
  const tr = doc.createElement("tr");
  for (const [i, v] of cellsOf(row, columns).entries()) tr.append(bodyCell(doc, v, columns[i]?.type ?? ""));
  return tr;
}

/** How many rows a snapshot result shows: a page of tens of thousands of rows would freeze it. */
export const MAX_GRID_ROWS = 1000;

/**
 * A complete result table: header cells carry the column name and its Flink type. At most
 * `maxRows` rows are drawn; a caption then says how many of how many (the row count in the
 * status line stays the real one).
 */
export function renderGrid(doc: Document, columns: readonly GridColumn[], rows: readonly unknown[], maxRows = MAX_GRID_ROWS): HTMLTableElement {
  const table = doc.createElement("table");
  table.className = "grid";
  table.append(headerRow(doc, columns));
  const tbody = doc.createElement("tbody");
  const shown = Math.min(rows.length, maxRows);
  for (let i = 0; i < shown; i++) tbody.append(bodyRow(doc, rows[i], columns));
  table.append(tbody);
  if (rows.length === 0 || shown < rows.length) {
    const caption = doc.createElement("caption");
    caption.className = rows.length === 0 ? "empty-result" : "truncated-result";
    caption.textContent = rows.length === 0 ? "No rows" : `Showing the first ${shown.toLocaleString("en-US")} of ${rows.length.toLocaleString("en-US")} rows`;
    table.append(caption);
  }
  return table;
}

/**
 * A table kept in sync with a materialised changelog. Rows keep their position; inserted and
 * updated rows get the class `changed` (and `inserted`) until `highlightMs` passes; deleted rows
 * disappear. Counts of each kind are kept for the status line.
 */
export class LiveView {
  readonly table: HTMLTableElement;
  readonly #doc: Document;
  readonly #columns: readonly GridColumn[];
  readonly #tbody: HTMLTableSectionElement;
  readonly #rows = new Map<string, HTMLTableRowElement>();
  readonly #highlightMs: number;
  readonly #now: () => number;
  readonly #changedAt = new Map<string, number>();
  counts = { insert: 0, update: 0, delete: 0 };

  constructor(doc: Document, columns: readonly GridColumn[], options: { highlightMs?: number; now?: () => number } = {}) {
    this.#doc = doc;
    this.#columns = columns;
    this.#highlightMs = options.highlightMs ?? 1500;
    this.#now = options.now ?? (() => Date.now());
    this.table = doc.createElement("table");
    this.table.className = "grid live";
    this.table.append(headerRow(doc, columns));
    this.#tbody = doc.createElement("tbody");
    this.table.append(this.#tbody);
  }

  /** Number of rows shown. */
  get size(): number {
    return this.#rows.size;
  }

  /** Applies one change to the DOM. */
  apply(change: LiveChange): void {
    this.counts[change.type]++;
    if (change.type === "delete") {
      this.#rows.get(change.id)?.remove();
      this.#rows.delete(change.id);
      this.#changedAt.delete(change.id);
      return;
    }
    const fresh = bodyRow(this.#doc, change.row, this.#columns);
    fresh.dataset.id = change.id;
    fresh.classList.add("changed", change.type === "insert" ? "inserted" : "updated");
    const old = this.#rows.get(change.id);
    if (old) old.replaceWith(fresh);
    else this.#tbody.append(fresh);
    this.#rows.set(change.id, fresh);
    this.#changedAt.set(change.id, this.#now());
  }

  /** Removes the highlight of rows that changed longer than `highlightMs` ago. */
  fade(): void {
    const cutoff = this.#now() - this.#highlightMs;
    for (const [id, at] of this.#changedAt) {
      if (at > cutoff) continue;
      this.#rows.get(id)?.classList.remove("changed", "inserted", "updated");
      this.#changedAt.delete(id);
    }
  }

  /** Removes every highlight: a stream that ended has nothing changing any more. */
  settle(): void {
    for (const id of this.#changedAt.keys()) this.#rows.get(id)?.classList.remove("changed", "inserted", "updated");
    this.#changedAt.clear();
  }

  /** The row cells as text, in display order (for tests and copy). */
  text(): string[][] {
    return Array.from(this.#tbody.querySelectorAll("tr"), (tr) => Array.from(tr.querySelectorAll("td"), (td) => td.textContent ?? ""));
  }
}

/**
 * The message without its leading "Statement '<name>' failed: ", which the error box says on a
 * line of its own; any other message is kept whole.
 *
 * @example withoutStatementPrefix("Statement 's-1' failed: SQL parse failed", "s-1") // "SQL parse failed"
 */
export function withoutStatementPrefix(message: string, statementName: string | undefined): string {
  if (statementName === undefined) return message;
  const prefix = `Statement '${statementName}' failed: `;
  return message.startsWith(prefix) && message.length > prefix.length ? message.slice(prefix.length) : message;
}

/**
 * An error box: `CODE: message`, the server's detail when it says more, the statement it was
 * about, and `hint` (what to do next) when the caller has one.
 */
export function renderError(doc: Document, error: unknown, options: { hint?: string | undefined } = {}): HTMLElement {
  const box = doc.createElement("div");
  box.className = "error";
  // Announced by screen readers as soon as it appears.
  box.setAttribute("role", "alert");
  const e = (error ?? {}) as { name?: unknown; code?: unknown; message?: unknown; detail?: unknown; statementName?: unknown };
  const code = doc.createElement("strong");
  code.className = "error-code";
  code.textContent = typeof e.code === "string" ? e.code : String(e.name ?? "Error");
  const message = doc.createElement("span");
  message.className = "error-message";
  const statementName = typeof e.statementName === "string" && e.statementName !== "" ? e.statementName : undefined;
  message.textContent = ` ${withoutStatementPrefix(String(e.message ?? error), statementName)}`;
  box.append(code, message);
  if (typeof e.detail === "string" && e.detail !== "" && !String(e.message ?? "").includes(e.detail)) {
    const detail = doc.createElement("pre");
    detail.className = "error-detail";
    detail.textContent = e.detail;
    box.append(detail);
  }
  if (statementName !== undefined) {
    box.dataset.statement = statementName;
    const statement = doc.createElement("div");
    statement.className = "error-statement";
    const name = doc.createElement("code");
    name.textContent = statementName;
    statement.append("Statement ", name);
    box.append(statement);
  }
  if (options.hint) {
    const hint = doc.createElement("p");
    hint.className = "error-hint";
    hint.textContent = options.hint;
    box.append(hint);
  }
  return box;
}

/** Phases whose statements can still be stopped. */
const STOPPABLE = new Set(["PENDING", "RUNNING", "DEGRADED"]);

/**
 * The statements panel's table with Stop and Delete buttons (`data-action`, `data-name`);
 * the caller handles clicks by delegation.
 */
export function renderStatements(doc: Document, statements: readonly StatementSummary[]): HTMLTableElement {
  const table = doc.createElement("table");
  table.className = "statements";
  const head = doc.createElement("tr");
  for (const h of ["Name", "Phase", "SQL", ""]) {
    const th = doc.createElement("th");
    th.textContent = h;
    head.append(th);
  }
  const thead = doc.createElement("thead");
  thead.append(head);
  table.append(thead);
  const tbody = doc.createElement("tbody");
  for (const s of statements) {
    const tr = doc.createElement("tr");
    tr.dataset.name = s.name;
    const cells = [s.name, s.phase, s.sql.length > 80 ? `${s.sql.slice(0, 77)}...` : s.sql];
    for (const [i, text] of cells.entries()) {
      const td = doc.createElement("td");
      td.textContent = text;
      if (i === 1) td.className = `phase phase-${s.phase.toLowerCase()}`;
      // The whole statement on hover when the cell shows only its start.
      if (i === 2 && text !== s.sql) td.title = s.sql;
      tr.append(td);
    }
    const actions = doc.createElement("td");
    for (const action of ["stop", "delete"] as const) {
      const b = doc.createElement("button");
      b.type = "button";
      b.dataset.action = action;
      b.dataset.name = s.name;
      b.textContent = action === "stop" ? "Stop" : "Delete";
      // Every row has the same two buttons: the name says which statement they act on.
      b.setAttribute("aria-label", `${b.textContent} ${s.name}`);
      if (action === "stop" && !STOPPABLE.has(s.phase)) b.disabled = true;
      actions.append(b);
    }
    tr.append(actions);
    tbody.append(tr);
  }
  table.append(tbody);
  if (statements.length === 0) {
    const caption = doc.createElement("caption");
    caption.className = "empty-statements";
    caption.textContent = "No statements yet: run one.";
    table.append(caption);
  }
  return table;
}

/** Statement JSON (wire or the client's Statement) to a panel row. */
export function summarizeStatement(s: unknown): StatementSummary {
  const o = (s ?? {}) as Record<string, unknown>;
  const raw = (o.raw ?? o) as { name?: unknown; spec?: { statement?: unknown }; status?: { phase?: unknown }; metadata?: { created_at?: unknown } };
  const name = String(o.name ?? raw.name ?? "");
  const phase = String(o.phase ?? raw.status?.phase ?? "");
  const sql = String(o.sql ?? o.statement ?? raw.spec?.statement ?? "");
  const created = raw.metadata?.created_at;
  return { name, phase, sql, ...(typeof created === "string" ? { createdAt: created } : {}) };
}
