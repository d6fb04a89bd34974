/**
 * `POST /api/query`: runs one statement with the client library and answers a stream.
 *
 * Request body: `{ sql, params?, mode?: "snapshot" | "streaming", limit?, timeoutMs?, heartbeatMs? }`.
 * Response: NDJSON (or Server-Sent Events with `Accept: text/event-stream`), one message each:
 *   `{"type":"columns","columns":[{"name","type"}],"mode","changelog","statement"}` first, then
 *   `{"type":"row","row":[...]}` (snapshot, append-only) or `{"type":"change","op":"+U","row":[...]}`,
 *   and last `{"type":"end","rows":n,"reason":"completed"|"limit"|"timeout"}` or
 *   `{"type":"error","error":{name,code,message,detail}}`. While idle, `{"type":"heartbeat"}` (an
 *   SSE comment) every `heartbeatMs`: writing is how a runtime notices a client that went away.
 *
 * The body is pull-based: a row is read from the cursor only when the HTTP client has taken the
 * previous one, so a slow reader slows the statement's paging instead of filling memory. A
 * client that disconnects cancels the body, which cancels the cursor's stream and so stops the
 * server-side statement.
 */
import { jsonReplacer } from "../client/streaming/encoders.ts";
import { errorResponse } from "./http.ts";

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
  /** Idle interval between heartbeats, 100..60000 ms (default 10 s). */
  readonly heartbeatMs?: number;
}

/** Idle interval between heartbeat messages (they let the runtime notice a vanished client). */
export const DEFAULT_HEARTBEAT_MS = 10_000;

/** Upper bounds that keep one request from holding the Worker forever. */
export const QUERY_LIMITS = { maxLimit: 100_000, maxTimeoutMs: 15 * 60_000, maxSqlLength: 1_000_000 };

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
  | { type: "error"; error: Record<string, unknown> };

/** Plain error fields for a message (never headers or configuration, so never a credential). */
export function errorFields(e: unknown): Record<string, unknown> {
  if (e !== null && typeof e === "object") {
    const o = e as { name?: unknown; code?: unknown; message?: unknown; detail?: unknown; statementName?: unknown; status?: unknown };
    const out: Record<string, unknown> = { name: String(o.name ?? "Error"), message: String(o.message ?? "") };
    if (typeof o.code === "string") out.code = o.code;
    if (typeof o.detail === "string") out.detail = o.detail;
    if (typeof o.statementName === "string") out.statementName = o.statementName;
    if (typeof o.status === "number") out.status = o.status;
    return out;
  }
  return { name: "Error", message: String(e) };
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

/**
 * The response body: the head message, then one message per row pulled from `source`, then
 * the end (or error) message. Pull-based with a queue of one, so backpressure reaches `source`.
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
    /** Idle time after which a heartbeat message is written (default 10 s). */
    heartbeatMs?: number;
    /** Keeps the clean-up alive after the response is gone (the Worker's `ctx.waitUntil`). */
    waitUntil?: (promise: Promise<unknown>) => void;
  },
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let rows = 0;
  let finished = false;
  let pendingNext: Promise<{ done: true } | { done: false; value: unknown }> | undefined;
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let wakeTimeout: (() => void) | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    wakeTimeout = () => resolve("timeout");
  });
  let onAbort: (() => void) | undefined;
  const finish = async (): Promise<void> => {
    if (finished) return;
    finished = true;
    if (timer !== undefined) clearTimeout(timer);
    if (onAbort) options.signal?.removeEventListener("abort", onAbort);
    const cleanUp = (async () => {
      await source.cancel().catch(() => {});
      await options.onFinish?.().catch(() => {});
    })();
    // Stopping the statement must outlive a disconnected client's request.
    options.waitUntil?.(cleanUp);
    await cleanUp;
  };
  const send = (controller: ReadableStreamDefaultController<Uint8Array>, m: QueryMessage): void =>
    controller.enqueue(encoder.encode(encodeMessage(m, options.format)));

  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        send(controller, head);
        if (options.signal) {
          onAbort = () => {
            void finish();
            try {
              controller.close();
            } catch {
              // already closed
            }
          };
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
        if (finished) return;
        if (options.limit !== undefined && rows >= options.limit) {
          send(controller, { type: "end", rows, reason: "limit" });
          controller.close();
          await finish();
          return;
        }
        let step: { done: true } | { done: false; value: unknown } | "timeout" | "heartbeat";
        // The read survives heartbeats: it stays pending across pulls until it settles.
        pendingNext ??= source.next();
        let heartbeatTimer: ReturnType<typeof setTimeout> | undefined;
        const heartbeat = new Promise<"heartbeat">((resolve) => {
          heartbeatTimer = setTimeout(() => resolve("heartbeat"), options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS);
        });
        try {
          step = await Promise.race([pendingNext, timeout, heartbeat]);
        } catch (e) {
          pendingNext = undefined;
          if (finished) return;
          send(controller, { type: "error", error: errorFields(e) });
          controller.close();
          await finish();
          return;
        } finally {
          clearTimeout(heartbeatTimer);
        }
        if (finished) return; // aborted while waiting
        if (step === "heartbeat") {
          // Idle: a write lets the runtime notice a client that went away.
          send(controller, { type: "heartbeat" });
          return;
        }
        pendingNext = undefined;
        if (step === "timeout" || timedOut) {
          send(controller, { type: "end", rows, reason: "timeout" });
          controller.close();
          await finish();
          return;
        }
        if (step.done) {
          send(controller, { type: "end", rows, reason: "completed" });
          controller.close();
          await finish();
          return;
        }
        rows++;
        send(controller, toMessage(step.value, options.changelog));
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
 * Failure behaviour: a malformed body is 400; a statement that fails before any row (bad SQL,
 * FAILED) is an HTTP error (400 for statement errors, 502 otherwise) with `{ error }` JSON; an
 * error after rows began is the stream's last message.
 */
export async function handleQuery(
  request: Request,
  connection: QueryConnection,
  options: { formatType?: (t: unknown) => string; waitUntil?: (promise: Promise<unknown>) => void } = {},
): Promise<Response> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return errorResponse(400, "body must be JSON");
  }
  const q = parseQueryRequest(body);
  if ("error" in q) return errorResponse(400, q.error);
  const format = (request.headers.get("accept") ?? "").includes("text/event-stream") ? "sse" : "ndjson";

  // The deadline covers the whole request. It aborts `execute` while that is pending; once rows
  // flow, the stream ends itself with reason "timeout" (an abort would look like a failure).
  const started = Date.now();
  const executeAbort = new AbortController();
  const executeTimer = q.timeoutMs === undefined ? undefined : setTimeout(() => executeAbort.abort(), q.timeoutMs);
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
    clearTimeout(executeTimer);
    const fields = errorFields(e);
    const status = fields.name === "StatementFailedError" || fields.name === "ProgrammingError" || fields.name === "InterfaceError" ? 400 : fields.code === "TIMEOUT" || fields.code === "ABORTED" ? 504 : 502;
    return new Response(JSON.stringify({ error: fields }), { status, headers: { "content-type": "application/json" } });
  }

  clearTimeout(executeTimer);
  const remaining = q.timeoutMs === undefined ? undefined : Math.max(1, q.timeoutMs - (Date.now() - started));
  // Where the runtime reports client disconnects on the request (workerd with
  // `enable_request_signal`, Deno, Bun), stop at once; body cancellation covers the rest.
  const stream = messageStream(head, source, {
    format,
    changelog,
    onFinish: close,
    ...(request.signal ? { signal: request.signal } : {}),
    ...(options.waitUntil ? { waitUntil: options.waitUntil } : {}),
    ...(q.heartbeatMs === undefined ? {} : { heartbeatMs: q.heartbeatMs }),
    ...(q.limit === undefined ? {} : { limit: q.limit }),
    ...(remaining === undefined ? {} : { timeoutMs: remaining }),
  });
  return new Response(stream, {
    headers: {
      "content-type": format === "sse" ? "text/event-stream; charset=utf-8" : "application/x-ndjson; charset=utf-8",
      "cache-control": "no-cache",
    },
  });
}
