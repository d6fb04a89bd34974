/**
 * The playground page's wiring: reads `/api/config`, connects with the client library (the
 * IIFE global `ConfluentSql`) to this Worker's `/sql/v1` proxy (auth "none" plus the proxy's
 * bearer token when it asks for one), and connects the editor, run/cancel buttons, result
 * views and the statements panel. All rendering lives in `ui.ts`; the rules it follows are
 * pure modules of their own: `keyboard.ts` (shortcuts), `explain.ts` (what to do about an
 * error), `state.ts` (what survives a reload), `controls.ts` (announcements, when Run can act).
 */
import {
  EXAMPLES,
  formatElapsed,
  gridColumns,
  LiveView,
  renderError,
  renderGrid,
  renderStatements,
  rowCount,
  summarizeStatement,
  type LiveChange,
} from "./ui.ts";
import { runShortcutLabel, shortcutFor } from "./keyboard.ts";
import { explainError, type Trouble } from "./explain.ts";
import { exampleIndexFor, isEdited, openStore, type SavedState } from "./state.ts";
import { announcementFor, canRun, type RunState, type StatusLine } from "./controls.ts";
import { stopOnLeaveRequest } from "./unload.ts";

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
  readonly statement?: { name?: string; traits?: { upsertColumns?: readonly number[] | null } | null } | null;
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
let running: { abort: AbortController; cursor?: Cursor | StreamingCursor; streaming?: StreamingCursor; reader?: ReadableStreamDefaultReader<LiveChange | unknown> } | undefined;

const elapsedBox = $<HTMLElement>("elapsed");
/** When the current run started (`performance.now()`), for the elapsed time beside the status. */
let startedAt = 0;
function showElapsed(): void {
  elapsedBox.textContent = `· ${formatElapsed(performance.now() - startedAt)}`;
}

const announcer = $<HTMLElement>("announcer");
let lastStatus: StatusLine | undefined;

function setStatus(text: string, state: RunState = "idle"): void {
  status.textContent = text;
  status.dataset.state = state;
  const said = announcementFor(lastStatus, { text, state });
  if (said !== null) announcer.textContent = said;
  lastStatus = { text, state };
}

/** Run can act when there is SQL and nothing is running (Ctrl+Enter restarts a running one). */
function updateRunButton(): void {
  runButton.disabled = running !== undefined || !canRun(sqlBox.value);
}

/** The error box for `e`, with the next step when the failure has an obvious one. */
function errorBox(e: unknown): { box: HTMLElement; trouble: Trouble } {
  const { trouble, hint } = explainError(e, {
    tokenRequired: config?.tokenRequired ?? false,
    tokenGiven: tokenBox.value.trim() !== "",
    origin: location.origin,
  });
  // Show the field even if /api/config did not ask for a token: the proxy does.
  if (trouble === "token") $("token-row").hidden = false;
  return { box: renderError(document, e, { hint }), trouble };
}

function showError(e: unknown): void {
  const { box, trouble } = errorBox(e);
  result.replaceChildren(box);
  setStatus("failed", "error");
  // Straight to the field the hint talks about.
  if (trouble === "token") tokenBox.focus();
}

/** `/api/config`, or a coded error saying the Worker did not answer with it. */
async function loadConfig(): Promise<PublicConfig> {
  const res = await fetch("/api/config");
  if (!res.ok) {
    throw Object.assign(new Error(`GET /api/config failed with HTTP ${res.status}: is this page served by the confluent-sql Worker?`), { code: "CONFIG_UNAVAILABLE", status: res.status });
  }
  return (await res.json()) as PublicConfig;
}

async function getConnection(): Promise<Connection> {
  if (connection) return connection;
  config ??= await loadConfig();
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
    setStatus(rowCount(rows.length), "done");
    showElapsed();
  } finally {
    await cur.close().catch(() => {});
  }
}

async function runStreaming(conn: Connection, abort: AbortController): Promise<void> {
  const cur = conn.streamingCursor();
  if (running) {
    running.cursor = cur;
    running.streaming = cur;
  }
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
  const fader = setInterval(() => {
    view.fade();
    showElapsed();
  }, 250);
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
    showElapsed();
  } finally {
    clearInterval(fader);
    // Nothing fades any more once the stream is over: no row may stay marked as just changed.
    view.settle();
    await cur.close().catch(() => {});
  }
}

async function run(): Promise<void> {
  if (!canRun(sqlBox.value)) {
    sqlBox.focus();
    return;
  }
  if (running) await cancel();
  const abort = new AbortController();
  running = { abort };
  // The Run button is about to be disabled: hand its focus to Cancel, the one that can act now.
  const fromRunButton = document.activeElement === runButton;
  runButton.disabled = true;
  cancelButton.disabled = false;
  result.setAttribute("aria-busy", "true");
  if (fromRunButton) cancelButton.focus();
  setStatus("pending", "running");
  startedAt = performance.now();
  elapsedBox.textContent = "";
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
      updateRunButton();
      cancelButton.disabled = true;
      result.setAttribute("aria-busy", "false");
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

/** Refreshes in flight: the Refresh button waits for all of them. */
let refreshing = 0;
const refreshButton = $<HTMLButtonElement>("refresh");

async function refreshStatements(): Promise<void> {
  refreshing++;
  refreshButton.disabled = true;
  try {
    const conn = await getConnection();
    const listed = conn.listStatements();
    const all: unknown[] = [];
    if (Symbol.asyncIterator in (listed as object)) for await (const s of listed as AsyncIterable<unknown>) all.push(s);
    else all.push(...(await (listed as Promise<unknown[]>)));
    const rows = all.map(summarizeStatement).sort((a, b) => (b.createdAt ?? "").localeCompare(a.createdAt ?? ""));
    statementsBox.replaceChildren(renderStatements(document, rows));
  } catch (e) {
    const { box, trouble } = errorBox(e);
    // The result pane explains a 401 already; here a short note is enough.
    statementsBox.replaceChildren(trouble === "token" ? tokenNote() : box);
  } finally {
    if (--refreshing === 0) refreshButton.disabled = false;
  }
}

statementsBox.addEventListener("click", (event) => {
  const button = (event.target as HTMLElement).closest("button");
  const name = button?.dataset.name;
  if (!button || !name) return;
  button.disabled = true;
  void (async () => {
    let failure: HTMLElement | undefined;
    try {
      const conn = await getConnection();
      if (button.dataset.action === "stop") await conn.stopStatement(name, { wait: false });
      else await conn.deleteStatement(name);
    } catch (e) {
      // Shown in the panel, above the refreshed list: the result pane keeps the user's result.
      failure = errorBox(e).box;
    }
    await refreshStatements();
    if (failure) statementsBox.prepend(failure);
  })();
});

for (const [i, ex] of EXAMPLES.entries()) {
  const option = document.createElement("option");
  option.value = String(i);
  option.textContent = ex.label;
  examples.append(option);
}
/** The SQL of the example last loaded: text that differs from it is the user's own. */
let pristine: string | undefined;
/** What an example replaced, while its Undo is offered. */
let replaced: SavedState | undefined;
const store = openStore(() => window.localStorage);
const notice = $<HTMLElement>("notice");

function currentState(): SavedState {
  return { sql: sqlBox.value, mode: mode.value === "streaming" ? "streaming" : "snapshot" };
}
function saveState(): void {
  store.save(currentState());
}
function showState(state: SavedState): void {
  sqlBox.value = state.sql;
  mode.value = state.mode;
  const index = exampleIndexFor(EXAMPLES, state.sql);
  examples.value = index < 0 ? "" : String(index);
  updateRunButton();
}
function hideNotice(): void {
  notice.hidden = true;
  replaced = undefined;
}

examples.addEventListener("change", () => {
  const ex = EXAMPLES[Number(examples.value)];
  if (!ex) return;
  // The user's own SQL is not thrown away silently: say so, and offer it back.
  const before = currentState();
  replaced = isEdited(before.sql, pristine) ? before : undefined;
  showState(ex);
  pristine = ex.sql;
  saveState();
  if (replaced) {
    notice.querySelector(".notice-text")!.textContent = "The example replaced your SQL.";
    notice.hidden = false;
  } else {
    notice.hidden = true;
  }
});
$("undo").addEventListener("click", () => {
  if (replaced) showState(replaced);
  hideNotice();
  saveState();
  sqlBox.focus();
});
sqlBox.addEventListener("input", () => {
  // Typing into the example makes it the user's SQL: an Undo now would throw that away.
  hideNotice();
  if (examples.value !== "" && sqlBox.value !== EXAMPLES[Number(examples.value)]?.sql) examples.value = "";
  saveState();
  updateRunButton();
});
mode.addEventListener("change", saveState);
runButton.addEventListener("click", () => void run());
cancelButton.addEventListener("click", () => void cancel());
refreshButton.addEventListener("click", () => void refreshStatements());
$("token-row").addEventListener("submit", (e) => {
  e.preventDefault();
  void run();
});
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
document.querySelector("#sql-help kbd")!.textContent = shortcutLabel;
runButton.title = `Run the SQL (${shortcutLabel})`;
cancelButton.title = "Cancel the running statement (Escape)";

// Back where the user left off; the first example on a first visit.
const restored = store.load() ?? EXAMPLES[0];
if (restored) {
  showState(restored);
  if (exampleIndexFor(EXAMPLES, restored.sql) >= 0) pristine = restored.sql;
}
// A new token may unlock the statements list the page could not load without it.
tokenBox.addEventListener("change", () => void refreshStatements());
// Leaving the page must not leave a streaming statement running, unwatched, on the server.
window.addEventListener("pagehide", () => {
  const name = running?.streaming?.statement?.name;
  if (name === undefined || config === undefined) return;
  const { url, init } = stopOnLeaveRequest(config, name, tokenBox.value.trim());
  void fetch(url, init).catch(() => {});
});
void getConnection().then(
  // Without the token the proxy answers 401: ask for it instead of showing that error.
  () => (config?.tokenRequired && tokenBox.value.trim() === "" ? askForToken() : refreshStatements()),
  showError,
);

function tokenNote(): HTMLElement {
  const note = document.createElement("p");
  note.className = "note";
  note.textContent = "This Worker's proxy needs a token: enter its PROXY_TOKEN above to run statements and list them here.";
  return note;
}

function askForToken(): void {
  statementsBox.replaceChildren(tokenNote());
  tokenBox.focus();
}
