/**
 * `POST /api/query`: runs one statement with the client library and answers a stream.
 *
 * Request body: `{ sql, params?, mode?: "snapshot" | "streaming", limit?, timeoutMs?, heartbeatMs? }`.
 * Response: NDJSON (or Server-Sent Events with `Accept: text/event-stream`), one message each:
 *   `{"type":"columns","columns":[{"name","type"}],"mode","changelog","statement"}` first, then
 *   `{"type":"row","row":[...]}` (snapshot, append-only) or `{"type":"change","op":"+U","row":[...]}`,
 *   and last `{"type":"end","rows":n,"reason":"completed"|"limit"|"timeout"}` or
 *   `{"type":"error","errors":[{id,status,code,title,detail,statement}]}` (the same entries as an
 *   error answer's body). While idle, `{"type":"heartbeat"}` (an SSE comment) every
 *   `heartbeatMs`: writing is how a runtime notices a client that went away.
 *
 * The body is pull-based: a row is read from the cursor only when the HTTP client has taken the
 * previous one, so a slow reader slows the statement's paging instead of filling memory. A
 * client that disconnects cancels the body (or aborts the request's signal, or, where the
 * runtime does neither, trips the stall watchdog), which cancels the cursor's stream and so
 * stops the server-side statement.
 */
import { jsonReplacer } from "../client/streaming/encoders.ts";
import { errorEntry, errorResponse, errorsResponse, MIB, payloadTooLarge, readBodyCapped, type ErrorEntry } from "./http.ts";

/** What the handler needs from a snapshot cursor (a structural subset of the client's). */
export interface SnapshotCursorLike {
  execute(sql: string, params?: readonly unknown[], options?: { signal?: AbortSignal }): Promise<unknown>;
  readonly description: readonly unknown[] | null;
  fetchMany(size?: number): Promise<unknown[]>;
  close(): Promise<void>;
  readonly statementName?: string | null;
  readonly statement?: { readonly name?: string } | null;
}

/** What the handler needs from a streaming cursor. */
export interface StreamingCursorLike {
  execute(sql: string, params?: readonly unknown[], options?: { signal?: AbortSignal }): Promise<unknown>;
  readonly description: readonly unknown[] | null;
  readonly returnsChangelog: boolean;
  stream(): ReadableStream<unknown>;
  close(): Promise<void>;
  readonly statementName?: string | null;
  readonly statement?: { readonly name?: string } | null;
}

/** The connection the handler uses (the client's Connection satisfies it). */
export interface QueryConnection {
  cursor(options?: { asDict?: boolean }): SnapshotCursorLike;
  streamingCursor(options?: { asDict?: boolean }): StreamingCursorLike;
}

/** A parsed, validated request body. */
export interface QueryRequest {
  readonly sql: string;
  readonly params?: readonly unknown[];
  readonly mode: "snapshot" | "streaming";
  readonly limit?: number;
  readonly timeoutMs?: number;
  /** Idle interval between heartbeats, 100..60000 ms (default 5 s). */
  readonly heartbeatMs?: number;
}

/**
 * Idle interval between heartbeat messages (they let the runtime notice a vanished client).
 * With the stall watchdog at 3 heartbeats, a vanished client is detected within 20 s, inside
 * the 30 s Cloudflare grants `waitUntil` work after a client disconnects.
 */
export const DEFAULT_HEARTBEAT_MS = 5_000;

/**
 * Upper bounds that keep one request from holding the Worker forever, or its memory: the body
 * (4 MiB, counted as it is read) bounds the SQL and the parameters together.
 */
export const QUERY_LIMITS = { maxLimit: 100_000, maxTimeoutMs: 15 * 60_000, maxSqlLength: 1_000_000, maxBodyBytes: 4 * MIB };

/**
 * Validates a request body. Returns the request or a message saying what is wrong.
 *
 * @example parseQueryRequest({ sql: "SELECT 1" }) // { sql: "SELECT 1", mode: "snapshot" }
 */
export function parseQueryRequest(body: unknown): QueryRequest | { error: string } {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return { error: "body must be a JSON object" };
  const b = body as Record<string, unknown>;
  if (typeof b.sql !== "string" || b.sql.trim() === "") return { error: "sql must be a non-empty string" };
  if (b.sql.length > QUERY_LIMITS.maxSqlLength) return { error: "sql is too long" };
  const mode = b.mode ?? "snapshot";
  if (mode !== "snapshot" && mode !== "streaming") return { error: 'mode must be "snapshot" or "streaming"' };
  if (b.params !== undefined && b.params !== null && !Array.isArray(b.params)) return { error: "params must be an array" };
  for (const [key, max] of [
    ["limit", QUERY_LIMITS.maxLimit],
    ["timeoutMs", QUERY_LIMITS.maxTimeoutMs],
    ["heartbeatMs", 60_000],
  ] as const) {
    const v = b[key];
    if (v === undefined || v === null) continue;
    const min = key === "heartbeatMs" ? 100 : 1;
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
      return { error: `${key} must be an integer between ${min} and ${max}` };
    }
  }
  return {
    sql: b.sql,
    mode,
    ...(Array.isArray(b.params) ? { params: b.params as unknown[] } : {}),
    ...(typeof b.limit === "number" ? { limit: b.limit } : {}),
    ...(typeof b.timeoutMs === "number" ? { timeoutMs: b.timeoutMs } : {}),
    ...(typeof b.heartbeatMs === "number" ? { heartbeatMs: b.heartbeatMs } : {}),
  };
}

/** A column as the first message reports it. */
export interface ColumnInfo {
  readonly name: string;
  readonly type: string;
}

/**
 * Column names and type text from a DB-API description (tuple or object entries). Uses the
 * full Flink type's text when the entry carries one, the type code otherwise.
 */
export function columnsOf(description: readonly unknown[] | null, formatType?: (t: unknown) => string): ColumnInfo[] {
  if (!description) return [];
  return description.map((d) => {
    if (Array.isArray(d)) return { name: String(d[0]), type: String(d[1]) };
    const o = d as Record<string, unknown>;
    const full = o.type ?? o.flinkType ?? o.logicalType;
    let type = String(o.typeName ?? o.typeCode ?? "");
    if (typeof o.typeName !== "string" && full !== undefined && full !== null) {
      if (typeof full === "string") type = full;
      else if (formatType) type = formatType(full);
    }
    return { name: String(o.name), type };
  });
}

/** One message of the response stream. */
export type QueryMessage =
  | { type: "columns"; columns: ColumnInfo[]; mode: string; changelog: boolean; statement: string | null }
  | { type: "row"; row: unknown }
  | { type: "change"; op: string; row: unknown }
  | { type: "end"; rows: number; reason: "completed" | "limit" | "timeout" }
  | { type: "heartbeat" }
  | { type: "error"; errors: ErrorEntry[] };

/**
 * The HTTP status an error maps to: 400 for the caller's statement, 504 for a deadline, 502
 * for anything between the Worker and the gateway.
 */
function statusOf(name: string, code: string): number {
  if (name === "StatementFailedError" || name === "ProgrammingError" || name === "InterfaceError") return 400;
  if (code === "TIMEOUT" || code === "ABORTED") return 504;
  return 502;
}

/**
 * An error thrown by the client as an `errors` entry: its code, its class as `title`, its
 * message (with the server's detail when the message lacks it) and its statement. Never
 * headers or configuration, so never a credential.
 *
 * @example errorEntryOf(new StatementFailedError(...)) // { status: "400", code: "STATEMENT_FAILED", title: "StatementFailedError", ... }
 */
export function errorEntryOf(e: unknown): ErrorEntry {
  if (e === null || typeof e !== "object") return errorEntry(502, "INTERNAL_ERROR", String(e), { title: "Error" });
  const o = e as { name?: unknown; code?: unknown; message?: unknown; detail?: unknown; statementName?: unknown };
  const name = String(o.name ?? "Error");
  const code = typeof o.code === "string" && o.code !== "" ? o.code : "INTERNAL_ERROR";
  let detail = String(o.message ?? "");
  if (typeof o.detail === "string" && o.detail !== "" && !detail.includes(o.detail)) detail = detail === "" ? o.detail : `${detail}: ${o.detail}`;
  return errorEntry(statusOf(name, code), code, detail, { title: name, ...(typeof o.statementName === "string" ? { statement: o.statementName } : {}) });
}

/** Serialises one message as an NDJSON line or an SSE event (event name = message type). */
export function encodeMessage(message: QueryMessage, format: "ndjson" | "sse"): string {
  // SSE heartbeats are comments: EventSource ignores them.
  if (message.type === "heartbeat" && format === "sse") return ": heartbeat\n\n";
  const json = JSON.stringify(message, jsonReplacer);
  return format === "ndjson" ? `${json}\n` : `event: ${message.type}\ndata: ${json}\n\n`;
}

/** A source of rows or change events, read one at a time. */
export interface RowSource {
  next(): Promise<{ done: true } | { done: false; value: unknown }>;
  cancel(): Promise<void>;
}

/** How many heartbeat intervals the reader may leave a written message untaken before the stream counts as abandoned. */
export const STALL_HEARTBEATS = 3;

/**
 * The response body: the head message, then one message per row pulled from `source`, then
 * the end (or error) message. Pull-based with a queue of one, so backpressure reaches `source`.
 *
 * Ending, for whatever reason (completed, limit, timeout, error, the client's cancel or abort,
 * the stall watchdog), runs the clean-up exactly once: `source.cancel()`, then `onFinish`.
 *
 * The stall watchdog covers runtimes that lose track of a vanished client: workerd, once the
 * socket is gone, neither pulls again nor cancels the body nor aborts the request's signal.
 * A message the reader leaves untaken for `stallMs` (default 3 heartbeats) ends the stream with
 * a `CLIENT_STALLED` error and stops the statement. Heartbeats make that bound hold while the
 * statement is idle too. The whole life of the stream is registered with `waitUntil`, since
 * without it workerd drops the request's timers along with the client.
 */
export function messageStream(
  head: QueryMessage,
  source: RowSource,
  options: {
    format: "ndjson" | "sse";
    limit?: number;
    timeoutMs?: number;
    changelog: boolean;
    onFinish?: () => Promise<void>;
    /** Aborts when the HTTP client goes away (the request's signal): ends everything at once. */
    signal?: AbortSignal;
    /** Idle time after which a heartbeat message is written (default 5 s). */
    heartbeatMs?: number;
    /** How long a written message may stay untaken before the client counts as gone (default 3 heartbeats). */
    stallMs?: number;
    /** Keeps the stream and its clean-up alive after the client is gone (the Worker's `ctx.waitUntil`). */
    waitUntil?: (promise: Promise<unknown>) => void;
  },
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const stallMs = options.stallMs ?? STALL_HEARTBEATS * heartbeatMs;
  let rows = 0;
  let finished = false;
  let pendingNext: Promise<{ done: true } | { done: false; value: unknown }> | undefined;
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stallTimer: ReturnType<typeof setTimeout> | undefined;
  let wakeTimeout: (() => void) | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    wakeTimeout = () => resolve("timeout");
  });
  let controllerRef: ReadableStreamDefaultController<Uint8Array> | undefined;
  let settle: () => void = () => {};
  const settled = new Promise<void>((resolve) => {
    settle = resolve;
  });
  options.waitUntil?.(settled);
  let onAbort: (() => void) | undefined;

  const send = (controller: ReadableStreamDefaultController<Uint8Array>, m: QueryMessage): void =>
    controller.enqueue(encoder.encode(encodeMessage(m, options.format)));

  /** Ends the stream (with a last message, when the client may still read it) and cleans up once. */
  const finish = async (last?: QueryMessage): Promise<void> => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    clearTimeout(stallTimer);
    if (onAbort) options.signal?.removeEventListener("abort", onAbort);
    if (controllerRef) {
      try {
        if (last) send(controllerRef, last);
        controllerRef.close();
      } catch {
        // cancelled by the reader: nobody to tell
      }
    }
    try {
      await source.cancel().catch(() => {});
      await options.onFinish?.().catch(() => {});
    } finally {
      settle();
    }
  };

  /** Called after each message is queued: the reader has `stallMs` to take it. */
  const watchReader = (): void => {
    clearTimeout(stallTimer);
    stallTimer = setTimeout(() => {
      const detail = `The client took no data for ${stallMs} ms; the statement was stopped`;
      void finish({ type: "error", errors: [errorEntry(408, "CLIENT_STALLED", detail)] });
    }, stallMs);
  };

  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controllerRef = controller;
        send(controller, head);
        watchReader();
        if (options.signal) {
          onAbort = () => void finish();
          if (options.signal.aborted) onAbort();
          else options.signal.addEventListener("abort", onAbort, { once: true });
        }
        if (options.timeoutMs !== undefined) {
          timer = setTimeout(() => {
            timedOut = true;
            wakeTimeout?.();
          }, options.timeoutMs);
        }
      },
      async pull(controller) {
        clearTimeout(stallTimer);
        if (finished) return;
        if (options.limit !== undefined && rows >= options.limit) {
          await finish({ type: "end", rows, reason: "limit" });
          return;
        }
        let step: { done: true } | { done: false; value: unknown } | "timeout" | "heartbeat";
        // The read survives heartbeats: it stays pending across pulls until it settles.
        pendingNext ??= source.next();
        let heartbeatTimer: ReturnType<typeof setTimeout> | undefined;
        const heartbeat = new Promise<"heartbeat">((resolve) => {
          heartbeatTimer = setTimeout(() => resolve("heartbeat"), heartbeatMs);
        });
        try {
          step = await Promise.race([pendingNext, timeout, heartbeat]);
        } catch (e) {
          pendingNext = undefined;
          await finish({ type: "error", errors: [errorEntryOf(e)] });
          return;
        } finally {
          clearTimeout(heartbeatTimer);
        }
        if (finished) return; // ended while waiting
        if (step === "heartbeat") {
          // Idle: a write lets the runtime notice a client that went away.
          send(controller, { type: "heartbeat" });
          watchReader();
          return;
        }
        pendingNext = undefined;
        if (step === "timeout" || timedOut) {
          await finish({ type: "end", rows, reason: "timeout" });
          return;
        }
        if (step.done) {
          await finish({ type: "end", rows, reason: "completed" });
          return;
        }
        rows++;
        send(controller, toMessage(step.value, options.changelog));
        watchReader();
      },
      async cancel() {
        // The HTTP client went away: stop the statement.
        await finish();
      },
    },
    { highWaterMark: 0 },
  );
}

function toMessage(value: unknown, changelog: boolean): QueryMessage {
  if (changelog && value !== null && typeof value === "object" && "op" in value && "row" in value) {
    const e = value as { op: unknown; row: unknown };
    return { type: "change", op: String(e.op), row: e.row };
  }
  return { type: "row", row: value };
}

function emptySource(): RowSource {
  return { next: async () => ({ done: true }), cancel: async () => {} };
}

/** Row source over a snapshot cursor: fetchMany in small batches. */
function snapshotSource(cursor: SnapshotCursorLike, batch = 100): RowSource {
  let buffer: unknown[] = [];
  let ended = false;
  return {
    async next() {
      if (buffer.length === 0 && !ended) {
        buffer = await cursor.fetchMany(batch);
        if (buffer.length === 0) ended = true;
      }
      if (buffer.length === 0) return { done: true };
      return { done: false, value: buffer.shift() };
    },
    async cancel() {
      ended = true;
      buffer = [];
    },
  };
}

/** Row source over a streaming cursor's ReadableStream (its pulls page the statement). */
function streamSource(stream: ReadableStream<unknown>): RowSource {
  const reader = stream.getReader();
  return {
    async next() {
      const r = await reader.read();
      return r.done ? { done: true } : { done: false, value: r.value };
    },
    async cancel() {
      await reader.cancel().catch(() => {});
    },
  };
}

function statementNameOf(c: { statementName?: string | null; statement?: { name?: string } | null }): string | null {
  return c.statementName ?? c.statement?.name ?? null;
}

/**
 * Handles `POST /api/query` with a connection.
 *
 * @example
 * ```ts
 * return handleQuery(request, conn, { waitUntil: (p) => ctx.waitUntil(p), onDone: () => conn.close() });
 * ```
 * Failure behaviour: every error body is `{"errors":[{id, status, code, title?, detail, statement?}]}`.
 * A body over 4 MiB is 413 `PAYLOAD_TOO_LARGE` (nothing is run); a malformed body is 400
 * `INVALID_QUERY_REQUEST`; a statement that fails before any row (bad
 * SQL, FAILED) is 400 with the client's code (`STATEMENT_FAILED`, ...), a deadline 504, other
 * failures 502; an error after rows began is the stream's last message,
 * `{"type":"error","errors":[...]}` with the same entries.
 */
export async function handleQuery(
  request: Request,
  connection: QueryConnection,
  options: {
    formatType?: (t: unknown) => string;
    waitUntil?: (promise: Promise<unknown>) => void;
    /** Runs once when the request is over (after the stream's clean-up, or before an error answer). */
    onDone?: () => Promise<void>;
  } = {},
): Promise<Response> {
  let streaming = false;
  try {
    const answer = await answerQuery(request, connection, options);
    streaming = answer.streaming;
    return answer.response;
  } finally {
    // A stream runs onDone from its own clean-up; any other answer is final now.
    if (!streaming) await options.onDone?.().catch(() => {});
  }
}

async function answerQuery(
  request: Request,
  connection: QueryConnection,
  options: { formatType?: (t: unknown) => string; waitUntil?: (promise: Promise<unknown>) => void; onDone?: () => Promise<void> },
): Promise<{ response: Response; streaming: boolean }> {
  const refuse = (response: Response) => ({ response, streaming: false });
  const bytes = await readBodyCapped(request, QUERY_LIMITS.maxBodyBytes).catch(() => undefined);
  if (bytes === null) return refuse(payloadTooLarge(QUERY_LIMITS.maxBodyBytes));
  let body: unknown;
  try {
    if (bytes === undefined) throw new Error("unreadable body");
    body = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return refuse(errorResponse(400, "INVALID_QUERY_REQUEST", "body must be JSON"));
  }
  const q = parseQueryRequest(body);
  if ("error" in q) return refuse(errorResponse(400, "INVALID_QUERY_REQUEST", q.error));
  const format = (request.headers.get("accept") ?? "").includes("text/event-stream") ? "sse" : "ndjson";

  // The deadline covers the whole request. It aborts `execute` while that is pending; once rows
  // flow, the stream ends itself with reason "timeout" (an abort would look like a failure).
  // A client gone before the first row aborts `execute` too, where the runtime says so.
  const started = Date.now();
  const executeAbort = new AbortController();
  const executeTimer = q.timeoutMs === undefined ? undefined : setTimeout(() => executeAbort.abort(), q.timeoutMs);
  const abortExecute = (): void => executeAbort.abort();
  request.signal?.addEventListener("abort", abortExecute, { once: true });
  const callOptions = { signal: executeAbort.signal };
  let head: QueryMessage;
  let source: RowSource;
  let changelog = false;
  let close: () => Promise<void>;
  try {
    if (q.mode === "snapshot") {
      const cur = connection.cursor();
      close = () => cur.close();
      try {
        await cur.execute(q.sql, q.params, callOptions);
      } catch (e) {
        await close().catch(() => {});
        throw e;
      }
      // DDL and INSERT INTO have no result set: the head and the end, nothing between.
      source = cur.description === null ? emptySource() : snapshotSource(cur);
      head = { type: "columns", columns: columnsOf(cur.description, options.formatType), mode: q.mode, changelog, statement: statementNameOf(cur) };
    } else {
      const cur = connection.streamingCursor();
      close = () => cur.close();
      try {
        await cur.execute(q.sql, q.params, callOptions);
      } catch (e) {
        await close().catch(() => {});
        throw e;
      }
      changelog = cur.returnsChangelog;
      source = streamSource(cur.stream());
      head = { type: "columns", columns: columnsOf(cur.description, options.formatType), mode: q.mode, changelog, statement: statementNameOf(cur) };
    }
  } catch (e) {
    const entry = errorEntryOf(e);
    return refuse(errorsResponse(Number(entry.status), entry));
  } finally {
    clearTimeout(executeTimer);
    request.signal?.removeEventListener("abort", abortExecute);
  }

  const remaining = q.timeoutMs === undefined ? undefined : Math.max(1, q.timeoutMs - (Date.now() - started));
  const onDone = options.onDone;
  // Where the runtime reports client disconnects on the request (workerd with
  // `enable_request_signal`, Deno, Bun), stop at once; body cancellation and the stall
  // watchdog cover the rest.
  const stream = messageStream(head, source, {
    format,
    changelog,
    onFinish: async () => {
      await close().catch(() => {});
      await onDone?.();
    },
    ...(request.signal ? { signal: request.signal } : {}),
    ...(options.waitUntil ? { waitUntil: options.waitUntil } : {}),
    ...(q.heartbeatMs === undefined ? {} : { heartbeatMs: q.heartbeatMs }),
    ...(q.limit === undefined ? {} : { limit: q.limit }),
    ...(remaining === undefined ? {} : { timeoutMs: remaining }),
  });
  const response = new Response(stream, {
    headers: {
      "content-type": format === "sse" ? "text/event-stream; charset=utf-8" : "application/x-ndjson; charset=utf-8",
      "cache-control": "no-cache",
    },
  });
  return { response, streaming: true };
}
