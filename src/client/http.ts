/**
 * The HTTP transport: one JSON request/response exchange with the gateway, on ofetch.
 *
 * Owns: auth headers (re-asked from a token function after a 401), `User-Agent`, JSON bodies,
 * redirects followed by hand with the credentials re-sent (fetch drops `Authorization` across
 * origins; the Flink gateway redirects to other hosts), per-request timeouts composed with the
 * caller's signal, the retry loop for safe requests (idempotent GETs on network errors, 408, 429
 * honouring `Retry-After`, 5xx; capped jittered backoff under an overall deadline), error bodies
 * mapped to coded errors, the request id. ofetch runs with `retry: false`: its own retry policy
 * would retry 409, which means "name taken" on create.
 *
 * Never puts a header value into an error: every server-derived text goes through `redact`.
 */
import { createFetch, type $Fetch } from "ofetch";
import { ConfluentSqlError as ConfluentSqlErrorClass, OperationalError, ProtocolError, TimeoutError, type ConfluentSqlError, type ErrorContext } from "../errors.ts";
import { createAuthProvider, type AuthProvider, type AuthSpec } from "./auth.ts";
import { backoffDelay, parseRetryAfter, RETRY_POLICY, sleep, type BackoffPolicy } from "./backoff.ts";
import { errorFromResponse } from "./http-errors.ts";
import { anySignal, deadlineSignal, raceSignal, toAbortError } from "./signals.ts";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Retry settings of the transport. */
export interface RetryOptions {
  /** Attempts in total for a retryable request (1 = no retry). Default 4. */
  maxAttempts: number;
  /** Delay sequence. Default {@link RETRY_POLICY}. */
  policy: BackoffPolicy;
  /** No retry is scheduled that would start later than this many ms after the first attempt. Default 30 s. */
  budgetMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { maxAttempts: 4, policy: RETRY_POLICY, budgetMs: 30_000 };

export interface TransportConfig {
  fetch: typeof globalThis.fetch;
  auth: AuthSpec;
  userAgent: string;
  /** Per-request (per-attempt) timeout in ms. */
  requestTimeoutMs: number;
  retry?: Partial<RetryOptions> | undefined;
  random?: (() => number) | undefined;
  /** Redirects followed per request (default 5, like the Confluent CLI). */
  maxRedirects?: number | undefined;
  /** Called after every attempt (for logging and metrics); exceptions it throws are ignored. */
  onRequest?: ((event: RequestEvent) => void) | undefined;
}

/** One HTTP attempt, as reported to `onRequest`. Carries no headers and no body. */
export interface RequestEvent {
  method: HttpMethod;
  /** Route template, e.g. "GET /statements/{name}". */
  route: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** HTTP status, or undefined when the request failed without a response. */
  status?: number | undefined;
  durationMs: number;
  requestId?: string | undefined;
  /** Error code when the attempt failed (network error, timeout). */
  error?: string | undefined;
  statementName?: string | undefined;
}

export interface HttpRequest {
  method: HttpMethod;
  /** Absolute URL; query parameters go in `query`. */
  url: string;
  query?: Record<string, string | undefined> | undefined;
  /** JSON-serialised when not a string. */
  body?: unknown;
  contentType?: string | undefined;
  /** Retry on network errors, 408, 429, 5xx. Default: true for GET only. */
  retry?: boolean | undefined;
  /** Statuses returned to the caller instead of thrown (e.g. 404 for DELETE, 409 for results). */
  accept?: readonly number[] | undefined;
  signal?: AbortSignal | undefined;
  /** Overall deadline for this request including retries (TimeoutError). */
  timeoutMs?: number | undefined;
  /** Named in errors; a 404 becomes StatementNotFoundError. */
  statementName?: string | undefined;
  /** Route for messages, e.g. "GET /statements/{name}". */
  what: string;
  /** Called just before each attempt is handed to fetch: from then on the server may have seen it. */
  onSend?: (() => void) | undefined;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or undefined for an empty body. */
  body: unknown;
  /** Body size in characters. */
  bytes: number;
  requestId?: string | undefined;
  /** Retries spent on this request. */
  retries: number;
  /** Final URL after redirects. */
  url: string;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Thrown inside one attempt when the network failed (retryable for safe requests). */
class NetworkFailure {
  constructor(
    readonly cause: unknown,
    readonly timedOut: boolean,
  ) {}
}

/** A JSON-over-HTTP transport bound to one set of credentials. */
export class HttpTransport {
  readonly #ofetch: $Fetch;
  readonly #auth: AuthProvider;
  readonly #config: TransportConfig;
  readonly #retry: RetryOptions;
  readonly #random: () => number;

  constructor(config: TransportConfig) {
    this.#config = config;
    const userFetch = config.fetch;
    // Hand the user's fetch a Request: works for fetch itself and for plain Request handlers.
    const fetchAdapter = ((input: RequestInfo | URL, init?: RequestInit) => {
      const clean: RequestInit = {};
      if (init?.method !== undefined) clean.method = init.method;
      if (init?.headers !== undefined) clean.headers = init.headers;
      if (init?.body !== undefined && init.body !== null) clean.body = init.body;
      if (init?.signal) clean.signal = init.signal;
      if (init?.redirect !== undefined) clean.redirect = init.redirect;
      // `.call(globalThis)`: browsers and workerd reject a detached `fetch` ("Illegal invocation").
      return userFetch.call(globalThis, new Request(input, clean));
    }) as typeof globalThis.fetch;
    this.#ofetch = createFetch({ fetch: fetchAdapter });
    this.#auth = createAuthProvider(config.auth);
    this.#retry = { ...DEFAULT_RETRY, ...config.retry };
    this.#random = config.random ?? Math.random;
  }

  /** Removes every credential value from `text`. */
  redact = (text: string): string => {
    let out = text;
    for (const secret of this.#auth.secrets()) {
      if (secret.length >= 4) out = out.split(secret).join("***");
    }
    return out;
  };

  /** Safe description for logs and `inspect`: no credentials. */
  toJSON(): Record<string, unknown> {
    return { auth: this.#auth.kind, userAgent: this.#config.userAgent, requestTimeoutMs: this.#config.requestTimeoutMs };
  }

  /**
   * Sends `req`, retrying where safe. Resolves with 2xx responses and statuses listed in
   * `req.accept`; throws a coded error otherwise (AbortError, TimeoutError, RateLimitError,
   * StatementNotFoundError, OperationalError NETWORK_ERROR, ProtocolError for a malformed body, ...).
   */
  async request(req: HttpRequest): Promise<HttpResponse> {
    const retryable = req.retry ?? req.method === "GET";
    const overall = deadlineSignal(req.timeoutMs, `${req.what} timed out after ${req.timeoutMs} ms`);
    const outer = anySignal([req.signal, overall.signal]);
    const started = Date.now();
    const ctx: ErrorContext = req.statementName === undefined ? {} : { statementName: req.statementName };
    let attempt = 0;
    let refreshed = false;
    try {
      for (;;) {
        attempt++;
        if (outer.signal?.aborted) throw toAbortError(outer.signal, ctx);
        let failure: ConfluentSqlError;
        let waitHint: number | undefined;
        const t0 = Date.now();
        let reported = false;
        try {
          const res = await this.#attempt(req, outer.signal);
          reported = true;
          this.#emit({ method: req.method, route: req.what, attempt, status: res.status, durationMs: Date.now() - t0, requestId: res.requestId, statementName: req.statementName });
          if (res.status === 401 && this.#auth.canRefresh && !refreshed) {
            // The token expired: ask the token function again and replay once (nothing was done).
            refreshed = true;
            attempt--;
            await this.#ensureRefresh(outer.signal, ctx);
            continue;
          }
          if ((res.status >= 200 && res.status < 300) || req.accept?.includes(res.status)) {
            return { ...res, retries: attempt - 1 };
          }
          const retryAfterMs = parseRetryAfter(res.headers.get("retry-after"));
          failure = errorFromResponse({
            status: res.status,
            body: res.body,
            text: res.text,
            requestId: res.requestId,
            what: req.what,
            statementName: req.statementName,
            retryAfterMs,
            redact: this.redact,
          });
          const transient = res.status === 408 || res.status === 429 || res.status >= 500;
          if (!retryable || !transient) throw failure;
          waitHint = retryAfterMs;
        } catch (e) {
          if (!(e instanceof NetworkFailure)) {
            if (!reported) {
              const status = e instanceof ConfluentSqlErrorClass ? e.status : undefined;
              this.#emit({ method: req.method, route: req.what, attempt, status, durationMs: Date.now() - t0, error: codeOf(e), statementName: req.statementName });
            }
            throw e;
          }
          this.#emit({ method: req.method, route: req.what, attempt, durationMs: Date.now() - t0, error: e.timedOut ? "TIMEOUT" : "NETWORK_ERROR", statementName: req.statementName });
          if (outer.signal?.aborted) throw toAbortError(outer.signal, ctx);
          const message = e.timedOut
            ? `${req.what} timed out after ${this.#config.requestTimeoutMs} ms`
            : `${req.what} failed: network error${describeCause(e.cause, this.redact)}`;
          failure = e.timedOut
            ? new TimeoutError(message, { ...ctx, cause: e.cause })
            : new OperationalError("NETWORK_ERROR", message, { ...ctx, cause: e.cause });
          if (!retryable) throw failure;
        }
        if (attempt >= this.#retry.maxAttempts) throw failure;
        const delay = Math.max(waitHint ?? 0, backoffDelay(attempt - 1, this.#retry.policy, this.#random));
        if (Date.now() + delay - started > this.#retry.budgetMs) throw failure;
        try {
          await sleep(delay, outer.signal);
        } catch {
          throw toAbortError(outer.signal, ctx);
        }
      }
    } finally {
      outer.dispose();
      overall.dispose();
    }
  }

  #emit(event: RequestEvent): void {
    const hook = this.#config.onRequest;
    if (hook === undefined) return;
    try {
      hook(event);
    } catch {
      // A logging hook must not break requests.
    }
  }

  /** Asks the token function for a new token, within the caller's signal and one request timeout. */
  async #ensureRefresh(signal: AbortSignal | undefined, ctx: ErrorContext): Promise<void> {
    const ms = this.#config.requestTimeoutMs;
    const limit = deadlineSignal(ms, `The bearer token function did not answer within ${ms} ms`);
    const linked = anySignal([signal, limit.signal]);
    try {
      await raceSignal(this.#auth.headers(true), linked.signal);
    } catch (e) {
      if (signal?.aborted) throw toAbortError(signal, ctx);
      if (limit.signal?.aborted) throw new TimeoutError(`The bearer token function did not answer within ${ms} ms`, ctx);
      throw new OperationalError("TOKEN_FAILED", "The bearer token function failed", { ...ctx, cause: e });
    } finally {
      linked.dispose();
      limit.dispose();
    }
  }

  /** One attempt: sends, follows redirects, reads and parses the body. */
  async #attempt(
    req: HttpRequest,
    outer: AbortSignal | undefined,
  ): Promise<{ status: number; headers: Headers; body: unknown; text: string; bytes: number; requestId?: string; url: string }> {
    const perRequest = deadlineSignal(this.#config.requestTimeoutMs, `${req.what} timed out after ${this.#config.requestTimeoutMs} ms`);
    const linked = anySignal([outer, perRequest.signal]);
    try {
      let authHeaders: Record<string, string>;
      try {
        // Raced with the signals: a token function that never answers must not outlast the
        // caller's signal, the call's deadline or the per-request timeout.
        authHeaders = await raceSignal(this.#auth.headers(false), linked.signal);
      } catch (e) {
        if (outer?.aborted) throw toAbortError(outer);
        if (perRequest.signal?.aborted) throw new NetworkFailure(new Error("the bearer token function did not answer in time"), true);
        throw new OperationalError("TOKEN_FAILED", "The bearer token function failed", { cause: e });
      }
      const headers: Record<string, string> = {
        accept: "application/json",
        "user-agent": this.#config.userAgent,
        ...authHeaders,
      };
      let method: HttpMethod = req.method;
      let body: string | undefined;
      if (req.body !== undefined) {
        body = typeof req.body === "string" ? req.body : JSON.stringify(req.body);
        headers["content-type"] = req.contentType ?? "application/json";
      }
      let url = withQuery(req.url, req.query);
      const manual = this.#auth.kind !== "none";
      const max = this.#config.maxRedirects ?? 5;
      for (let redirects = 0; ; redirects++) {
        let response: Response;
        try {
          const init: Record<string, unknown> = {
            method,
            headers,
            retry: false,
            ignoreResponseError: true,
            responseType: "text",
            redirect: manual ? "manual" : "follow",
          };
          if (body !== undefined) init.body = body;
          if (linked.signal !== undefined) init.signal = linked.signal;
          req.onSend?.();
          // Raced as well as signalled: a custom fetch (a mock, a request handler) may ignore the
          // signal, or hand back a body that never ends; the deadlines must hold all the same.
          response = await raceSignal(this.#ofetch.raw(url, init), linked.signal);
        } catch (e) {
          if (outer?.aborted) throw toAbortError(outer);
          // Never keep ofetch's FetchError: its `options` getter reaches the request headers.
          const isFetchError = e instanceof Error && e.name === "FetchError";
          const cause = isFetchError ? ((e as { cause?: unknown }).cause ?? new Error(this.redact(e.message))) : e;
          throw new NetworkFailure(cause, perRequest.signal?.aborted === true);
        }
        if (response.type === "opaqueredirect") {
          // Browsers hide manual redirects; credentials then only survive same-origin hops.
          throw new OperationalError("REDIRECT_UNSUPPORTED", `${req.what}: the server redirected and this runtime cannot follow redirects with credentials`);
        }
        const location = response.headers.get("location");
        if (REDIRECTS.has(response.status) && location !== null) {
          if (redirects >= max) {
            throw new OperationalError("TOO_MANY_REDIRECTS", `${req.what}: more than ${max} redirects`, { status: response.status });
          }
          const next = new URL(location, url);
          if (manual && next.protocol === "http:" && new URL(url).protocol === "https:") {
            // Following would put the credentials on the wire in clear text.
            throw new OperationalError("REDIRECT_INSECURE", `${req.what}: the server redirected from https to plain http (${next.host}); refusing to send credentials unencrypted`, {
              status: response.status,
              ...(req.statementName === undefined ? {} : { statementName: req.statementName }),
            });
          }
          url = next.toString();
          if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === "POST")) {
            method = "GET";
            body = undefined;
            delete headers["content-type"];
          }
          continue;
        }
        const text = typeof (response as { _data?: unknown })._data === "string" ? ((response as { _data?: string })._data as string) : "";
        const requestId = response.headers.get("x-request-id") ?? undefined;
        let parsed: unknown;
        if (text.trim() !== "") {
          try {
            parsed = JSON.parse(text);
          } catch (e) {
            if (response.status >= 200 && response.status < 300) {
              // Engines quote (a truncated excerpt of) the body in the message: keep neither.
              const cause = new SyntaxError(this.redact(String((e as Error).message).replace(/"[\s\S]*"(\.\.\.)?/, '"..."')));
              const context: ErrorContext & { path?: string } = { status: response.status, path: "(body)", cause };
              if (requestId !== undefined) context.requestId = requestId;
              if (req.statementName !== undefined) context.statementName = req.statementName;
              throw new ProtocolError(`${req.what}: response body is not valid JSON`, context);
            }
            parsed = undefined;
          }
        }
        const out: { status: number; headers: Headers; body: unknown; text: string; bytes: number; requestId?: string; url: string } = {
          status: response.status,
          headers: response.headers,
          body: parsed,
          text,
          bytes: Number(response.headers.get("content-length")) || text.length,
          url,
        };
        if (requestId !== undefined) out.requestId = requestId;
        return out;
      }
    } finally {
      linked.dispose();
      perRequest.dispose();
    }
  }
}

/** Appends query parameters (undefined values skipped), URL-encoded. */
export function withQuery(url: string, query: Record<string, string | undefined> | undefined): string {
  if (query === undefined) return url;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined) parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  }
  if (parts.length === 0) return url;
  return `${url}${url.includes("?") ? "&" : "?"}${parts.join("&")}`;
}

function codeOf(e: unknown): string {
  return typeof e === "object" && e !== null && typeof (e as { code?: unknown }).code === "string" ? (e as { code: string }).code : "ERROR";
}

function describeCause(cause: unknown, redact: (t: string) => string): string {
  if (typeof cause === "object" && cause !== null && typeof (cause as { message?: unknown }).message === "string") {
    const m = (cause as { message: string }).message;
    return m === "" ? "" : ` (${redact(m)})`;
  }
  return "";
}
