/**
 * Byte encoders for streamed rows and change events: NDJSON and Server-Sent Events, as
 * TransformStreams whose readable side can be the body of a `Response` (Workers, Deno, Bun, Node).
 *
 * Values JSON cannot carry are made explicit rather than dropped: bigint -> decimal string,
 * Uint8Array -> base64 string, Map (MAP, MULTISET) -> array of [key, value] pairs, class
 * instances with their own `toString` (Decimal) -> that string.
 */

/**
 * A JSON replacer with the conversions above; pass your own to the encoders to change them.
 * Decimal, the intervals and Date have a `toJSON`, which `JSON.stringify` applies first. Never
 * throws (unless a value's own `toString` does).
 *
 * @example
 * ```ts
 * JSON.stringify({ n: 9007199254740993n, b: new Uint8Array([1, 2]), m: new Map([["a", 1]]) }, jsonReplacer);
 * // '{"n":"9007199254740993","b":"AQI=","m":[["a",1]]}'
 * ```
 */
export function jsonReplacer(_key: string, value: unknown): unknown {
  switch (typeof value) {
    case "bigint":
      return value.toString();
    case "object": {
      if (value === null || Array.isArray(value)) return value;
      if (value instanceof Uint8Array) return bytesToBase64(value);
      if (value instanceof Map) return Array.from(value.entries());
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        const toString = (value as { toString?: unknown }).toString;
        if (typeof toString === "function" && toString !== Object.prototype.toString) return String(value);
      }
      return value;
    }
    default:
      return value;
  }
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** Options shared by the encoders. */
export interface EncoderOptions {
  /** JSON replacer; default {@link jsonReplacer}. */
  readonly replacer?: (key: string, value: unknown) => unknown;
}

/**
 * Newline-delimited JSON: one JSON document per chunk, each followed by `\n`.
 *
 * @example
 * ```ts
 * return new Response(cursor.stream().pipeThrough(ndjsonEncoder()), {
 *   headers: { "content-type": NDJSON_CONTENT_TYPE },
 * });
 * ```
 * @throws (errors the stream) a TypeError for values JSON cannot represent (cycles).
 */
export function ndjsonEncoder<T = unknown>(options: EncoderOptions = {}): TransformStream<T, Uint8Array<ArrayBuffer>> {
  const replacer = options.replacer ?? jsonReplacer;
  const encoder = new TextEncoder();
  return new TransformStream<T, Uint8Array<ArrayBuffer>>({
    transform(chunk, controller) {
      controller.enqueue(encoder.encode(`${JSON.stringify(chunk, replacer as (k: string, v: unknown) => unknown)}\n`));
    },
  });
}

/** Content type for {@link ndjsonEncoder} output. */
export const NDJSON_CONTENT_TYPE = "application/x-ndjson; charset=utf-8";
/** Content type for {@link sseEncoder} output. */
export const SSE_CONTENT_TYPE = "text/event-stream; charset=utf-8";

/** Options of {@link sseEncoder}. */
export interface SseOptions<T> extends EncoderOptions {
  /** The `event:` field: a fixed name, or one per chunk (e.g. the change op). Omitted when undefined. */
  readonly event?: string | ((chunk: T, index: number) => string | undefined);
  /** The `id:` field per chunk (lets a browser's EventSource resume with Last-Event-ID). */
  readonly id?: (chunk: T, index: number) => string | undefined;
  /** Reconnection delay sent once at the start (`retry:` field), in ms. */
  readonly retryMs?: number;
  /**
   * Sends a comment line (`:`) after this many ms without an event, so proxies and load
   * balancers do not close an idle stream. Off by default.
   */
  readonly heartbeatMs?: number;
}

function sseField(name: string, value: string): string {
  // A field value cannot contain a line break; split into several fields of the same name.
  return value
    .split(/\r\n|\r|\n/)
    .map((line) => `${name}: ${line}\n`)
    .join("");
}

/**
 * Server-Sent Events: each chunk becomes one event whose `data:` is its JSON.
 *
 * @example
 * ```ts
 * const body = cursor.stream().pipeThrough(sseEncoder({ event: (e) => e.op }));
 * return new Response(body, { headers: { "content-type": SSE_CONTENT_TYPE, "cache-control": "no-cache" } });
 * ```
 * @throws (errors the stream) a TypeError for values JSON cannot represent (cycles).
 */
export function sseEncoder<T = unknown>(options: SseOptions<T> = {}): TransformStream<T, Uint8Array<ArrayBuffer>> {
  const replacer = options.replacer ?? jsonReplacer;
  const encoder = new TextEncoder();
  let index = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  let lastSent = 0;
  const stopHeartbeat = (): void => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
  };
  return new TransformStream<T, Uint8Array<ArrayBuffer>>({
    start(controller) {
      if (options.retryMs !== undefined) controller.enqueue(encoder.encode(`retry: ${Math.max(0, Math.trunc(options.retryMs))}\n\n`));
      const every = options.heartbeatMs;
      if (every !== undefined && every > 0) {
        lastSent = Date.now();
        timer = setInterval(() => {
          if (Date.now() - lastSent < every) return;
          try {
            controller.enqueue(encoder.encode(":\n\n"));
            lastSent = Date.now();
          } catch {
            stopHeartbeat(); // the readable side was cancelled (client went away)
          }
        }, Math.max(10, Math.trunc(every / 2)));
      }
    },
    flush() {
      stopHeartbeat();
    },
    transform(chunk, controller) {
      lastSent = Date.now();
      const i = index++;
      let text = "";
      const event = typeof options.event === "function" ? options.event(chunk, i) : options.event;
      if (event !== undefined) text += sseField("event", event);
      const id = options.id?.(chunk, i);
      if (id !== undefined) text += sseField("id", id);
      text += sseField("data", JSON.stringify(chunk, replacer as (k: string, v: unknown) => unknown) ?? "null");
      controller.enqueue(encoder.encode(`${text}\n`));
    },
  });
}

/**
 * Wraps a stream of rows or events in a `Response` with the matching content type. `init`
 * takes the Response options plus the encoder's (replacer; for SSE event, id, retryMs,
 * heartbeatMs). Cancelling the body (the client went away) cancels `stream`, which stops the
 * statement per the cursor's policy. The `content-type` (and, for SSE, `cache-control:
 * no-cache`) is set unless `init.headers` has one.
 *
 * Throws a TypeError when `stream` is locked (already being read) or a header is invalid, and a
 * RangeError for a `status` outside 200..599 (both from `Response` and `pipeThrough`; nothing
 * else is checked). An error of the stream itself (the statement failed) errors the response body instead, after
 * the rows sent so far.
 *
 * @example return toResponse(cursor.stream(), "sse", { event: (e) => e.op, heartbeatMs: 15_000 });
 */
export function toResponse<T>(
  stream: ReadableStream<T>,
  format: "ndjson" | "sse",
  init: ResponseInit & SseOptions<T> = {},
): Response {
  const { replacer, event, id, retryMs, heartbeatMs, ...responseInit } = init;
  const sse: { -readonly [K in keyof SseOptions<T>]: SseOptions<T>[K] } = {};
  if (replacer !== undefined) sse.replacer = replacer;
  if (event !== undefined) sse.event = event;
  if (id !== undefined) sse.id = id;
  if (retryMs !== undefined) sse.retryMs = retryMs;
  if (heartbeatMs !== undefined) sse.heartbeatMs = heartbeatMs;
  const body =
    format === "ndjson"
      ? stream.pipeThrough(ndjsonEncoder<T>(replacer === undefined ? {} : { replacer }))
      : stream.pipeThrough(sseEncoder<T>(sse));
  const headers = new Headers(responseInit.headers);
  if (!headers.has("content-type")) headers.set("content-type", format === "ndjson" ? NDJSON_CONTENT_TYPE : SSE_CONTENT_TYPE);
  if (format === "sse" && !headers.has("cache-control")) headers.set("cache-control", "no-cache");
  return new Response(body, { ...responseInit, headers });
}
