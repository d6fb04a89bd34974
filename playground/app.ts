/**
 * The playground page's wiring: reads `/api/config`, connects with the client library (the
 * IIFE global `ConfluentSql`) to this Worker's `/sql/v1` proxy (auth "none" plus the proxy's
 * bearer token when it asks for one), and connects the editor, run/cancel buttons, result
 * views and the statements panel. All rendering lives in `ui.ts`.
 */
import {
  EXAMPLES,
  gridColumns,
  LiveView,
  renderError,
  renderGrid,
  renderStatements,
  summarizeStatement,
  type LiveChange,
} from "./ui.ts";
import { runShortcutLabel, shortcutFor } from "./keyboard.ts";

/* The parts of the client the page uses (structural: the IIFE global is untyped). */
interface Cursor {
  execute(sql: string, params?: readonly unknown[], options?: { signal?: AbortSignal }): Promise<unknown>;
  readonly description: readonly unknown[] | null;
  fetchAll(): Promise<unknown[]>;
  close(): Promise<void>;
}
interface StreamingCursor extends Omit<Cursor, "fetchAll"> {
  readonly returnsChangelog: boolean;
  stream(options?: { signal?: AbortSignal }): ReadableStream<unknown>;
  readonly statement?: { traits?: { upsertColumns?: readonly number[] | null } | null } | null;
  readonly traits?: { upsertColumns?: readonly number[] | null } | null;
  /** Materialised changes of a changelog (the client's compressor). */
  changes?(options?: { onMissing?: "error" | "ignore" }): ReadableStream<LiveChange>;
}
interface Connection {
  cursor(): Cursor;
  streamingCursor(): StreamingCursor;
  listStatements(options?: Record<string, unknown>): Promise<unknown[]> | AsyncIterable<unknown>;
  stopStatement(name: string, options?: Record<string, unknown>): Promise<unknown>;
  deleteStatement(name: string): Promise<unknown>;
}
interface ClientGlobal {
  connect(options: Record<string, unknown>): Connection;
  materializeChanges?(options: { upsertColumns?: readonly number[] | null; columnNames?: readonly string[]; onMissing?: "ignore" | "error" }): TransformStream<unknown, LiveChange>;
  formatType?(t: unknown): string;
}
interface PublicConfig {
  endpoint: string;
  organizationId: string;
  environmentId: string;
  database?: string;
  computePoolId?: string;
  tokenRequired: boolean;
  upstream: string;
}

const lib = (globalThis as unknown as { ConfluentSql: ClientGlobal }).ConfluentSql;
const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

const sqlBox = $<HTMLTextAreaElement>("sql");
const examples = $<HTMLSelectElement>("examples");
const mode = $<HTMLSelectElement>("mode");
const runButton = $<HTMLButtonElement>("run");
const cancelButton = $<HTMLButtonElement>("cancel");
const status = $<HTMLElement>("status");
const result = $<HTMLElement>("result");
const tokenBox = $<HTMLInputElement>("token");
const statementsBox = $<HTMLElement>("statements");

let connection: Connection | undefined;
let config: PublicConfig | undefined;
let running: { abort: AbortController; cursor?: Cursor | StreamingCursor; reader?: ReadableStreamDefaultReader<LiveChange | unknown> } | undefined;

function setStatus(text: string, state: "idle" | "running" | "error" | "done" = "idle"): void {
  status.textContent = text;
  status.dataset.state = state;
}

function showError(e: unknown): void {
  result.replaceChildren(renderError(document, e));
  setStatus("failed", "error");
}

async function getConnection(): Promise<Connection> {
  if (connection) return connection;
  config ??= (await (await fetch("/api/config")).json()) as PublicConfig;
  $("upstream").textContent = config.upstream === "emulator" ? "embedded emulator" : "Confluent Cloud";
  $("token-row").hidden = !config.tokenRequired;
  const withToken = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const token = tokenBox.value.trim();
    if (token !== "") request.headers.set("authorization", `Bearer ${token}`);
    return fetch(request);
  };
  connection = lib.connect({
    endpoint: config.endpoint,
    organizationId: config.organizationId,
    environmentId: config.environmentId,
    ...(config.database === undefined ? {} : { database: config.database }),
    ...(config.computePoolId === undefined ? {} : { computePoolId: config.computePoolId }),
    auth: "none",
    fetch: withToken,
  });
  return connection;
}

async function runSnapshot(conn: Connection, abort: AbortController): Promise<void> {
  const cur = conn.cursor();
  if (running) running.cursor = cur;
  try {
    await cur.execute(sqlBox.value, undefined, { signal: abort.signal });
    const rows = await cur.fetchAll();
    result.replaceChildren(renderGrid(document, gridColumns(cur.description, lib.formatType), rows));
    setStatus(`${rows.length} row${rows.length === 1 ? "" : "s"}`, "done");
  } finally {
    await cur.close().catch(() => {});
  }
}

async function runStreaming(conn: Connection, abort: AbortController): Promise<void> {
  const cur = conn.streamingCursor();
  if (running) running.cursor = cur;
  await cur.execute(sqlBox.value, undefined, { signal: abort.signal });
  void refreshStatements(); // the new statement shows up as RUNNING
  const columns = gridColumns(cur.description, lib.formatType);
  const view = new LiveView(document, columns);
  result.replaceChildren(view.table);
  const upsertColumns = cur.traits?.upsertColumns ?? cur.statement?.traits?.upsertColumns ?? null;
  let counter = 0;
  // Append-only results become inserts with fresh ids; changelogs go through the compressor.
  const changes: ReadableStream<LiveChange> =
    cur.returnsChangelog && typeof cur.changes === "function"
      ? cur.changes({ onMissing: "ignore" })
      : cur.returnsChangelog && lib.materializeChanges
      ? (cur.stream() as ReadableStream<unknown>).pipeThrough(
          lib.materializeChanges({ upsertColumns, columnNames: columns.map((c) => c.name), onMissing: "ignore" }),
        )
      : cur.stream().pipeThrough(
          new TransformStream<unknown, LiveChange>({
            transform(row, controller) {
              controller.enqueue({ type: "insert", id: String(counter++), row });
            },
          }),
        );
  const reader = changes.getReader();
  if (running) running.reader = reader;
  const fader = setInterval(() => view.fade(), 250);
  setStatus("running", "running");
  try {
    for (;;) {
      const { value, done } = await reader.read();
      // A cancelled stream ends too: that is "cancelled" (cancel() says so), not "completed".
      if (abort.signal.aborted) return;
      if (done) break;
      view.apply(value);
      const c = view.counts;
      setStatus(`running · ${view.size} rows · ${c.insert} inserts, ${c.update} updates, ${c.delete} deletes`, "running");
    }
    setStatus(`completed · ${view.size} rows`, "done");
  } finally {
    clearInterval(fader);
    await cur.close().catch(() => {});
  }
}

async function run(): Promise<void> {
  if (running) await cancel();
  const abort = new AbortController();
  running = { abort };
  // The Run button is about to be disabled: hand its focus to Cancel, the one that can act now.
  const fromRunButton = document.activeElement === runButton;
  runButton.disabled = true;
  cancelButton.disabled = false;
  if (fromRunButton) cancelButton.focus();
  setStatus("pending", "running");
  result.replaceChildren();
  try {
    const conn = await getConnection();
    if (mode.value === "streaming") await runStreaming(conn, abort);
    else await runSnapshot(conn, abort);
  } catch (e) {
    // A run restarted by the shortcut owns the status and the result pane now.
    const superseded = running !== undefined && running.abort !== abort;
    if (superseded) return;
    if (abort.signal.aborted) setStatus("cancelled", "idle");
    else showError(e);
  } finally {
    if (running?.abort === abort) running = undefined;
    // A run restarted by the shortcut is still going: leave its buttons alone.
    if (!running) {
      const fromCancelButton = document.activeElement === cancelButton;
      runButton.disabled = false;
      cancelButton.disabled = true;
      if (fromCancelButton) runButton.focus();
    }
    void refreshStatements();
  }
}

async function cancel(): Promise<void> {
  const r = running;
  if (!r) return;
  r.abort.abort();
  // Cancelling the stream (or closing the cursor) stops the statement on the server.
  await r.reader?.cancel().catch(() => {});
  await r.cursor?.close().catch(() => {});
  setStatus("cancelled", "idle");
}

async function refreshStatements(): Promise<void> {
  try {
    const conn = await getConnection();
    const listed = conn.listStatements();
    const all: unknown[] = [];
    if (Symbol.asyncIterator in (listed as object)) for await (const s of listed as AsyncIterable<unknown>) all.push(s);
    else all.push(...(await (listed as Promise<unknown[]>)));
    const rows = all.map(summarizeStatement).sort((a, b) => (b.createdAt ?? "").localeCompare(a.createdAt ?? ""));
    statementsBox.replaceChildren(renderStatements(document, rows));
  } catch (e) {
    statementsBox.replaceChildren(renderError(document, e));
  }
}

statementsBox.addEventListener("click", (event) => {
  const button = (event.target as HTMLElement).closest("button");
  const name = button?.dataset.name;
  if (!button || !name) return;
  button.disabled = true;
  void (async () => {
    try {
      const conn = await getConnection();
      if (button.dataset.action === "stop") await conn.stopStatement(name, { wait: false });
      else await conn.deleteStatement(name);
    } catch (e) {
      result.replaceChildren(renderError(document, e));
    }
    await refreshStatements();
  })();
});

for (const [i, ex] of EXAMPLES.entries()) {
  const option = document.createElement("option");
  option.value = String(i);
  option.textContent = ex.label;
  examples.append(option);
}
examples.addEventListener("change", () => {
  const ex = EXAMPLES[Number(examples.value)];
  if (!ex) return;
  sqlBox.value = ex.sql;
  mode.value = ex.mode;
});
runButton.addEventListener("click", () => void run());
cancelButton.addEventListener("click", () => void cancel());
$("refresh").addEventListener("click", () => void refreshStatements());
// Page-wide, so the shortcut works from the mode menu or the result grid too.
document.addEventListener("keydown", (e) => {
  const action = shortcutFor(e, running !== undefined);
  if (!action) return;
  e.preventDefault();
  void (action === "run" ? run() : cancel());
});
const platform = (navigator as { userAgentData?: { platform?: string } }).userAgentData?.platform ?? navigator.platform;
const shortcutLabel = runShortcutLabel(platform);
runButton.querySelector("kbd")!.textContent = shortcutLabel;
runButton.title = `Run the SQL (${shortcutLabel})`;
cancelButton.title = "Cancel the running statement (Escape)";

const first = EXAMPLES[0];
if (first) {
  sqlBox.value = first.sql;
  mode.value = first.mode;
}
void getConnection().then(refreshStatements, showError);
