/**
 * A scripted fake Flink SQL gateway: a `fetch` function whose responses each test scripts.
 *
 * - `on(method, route, ...responses)` queues responses for a route (`/statements/:name/results`
 *   style patterns, matched against the path after `/environments/{env}`, or against the whole
 *   path for routes starting with `/org/`), consumed in order; `always(...)` sets a route's
 *   fallback once its queue is empty.
 * - A response is a `Response`, a plain `{ status, json?, text?, headers?, delayMs?, truncateAt? }`, `DROP`
 *   (the connection drops: fetch rejects with a TypeError), `HANG` (never answers; honours the
 *   request's AbortSignal), or a function of the request returning any of those (it may mutate
 *   state first, e.g. create a statement and then drop the connection).
 * - Every request is recorded (method, URL, headers, parsed body) in `requests`; unscripted
 *   requests answer 599 and are listed in `unexpected`.
 * - `store`: an optional in-memory statements table with ready-made handlers (`statefulStatements()`)
 *   for create (409 on a duplicate name), get (404 when absent), delete.
 */

export const BASE = "https://flink.test.example";
export const ORG = "org-0001";
export const ENV = "env-abc";
export const PREFIX = `/sql/v1/organizations/${ORG}/environments/${ENV}`;

export const DROP = Symbol("drop connection");
export const HANG = Symbol("never answer");

export interface RecordedRequest {
  method: string;
  url: URL;
  /** Route path: after `/environments/{env}` for gateway routes, else the full path. */
  route: string;
  query: URLSearchParams;
  headers: Headers;
  /** Parsed JSON body, or the text when not JSON, or undefined. */
  body: unknown;
  params: Record<string, string>;
  signal: AbortSignal;
}

export interface PlainResponse {
  status?: number;
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
  delayMs?: number;
  /** Send only the first `truncateAt` characters of the body, then fail the stream (a reset connection). */
  truncateAt?: number;
}

export type Scripted =
  | Response
  | PlainResponse
  | typeof DROP
  | typeof HANG
  | ((req: RecordedRequest) => Response | PlainResponse | typeof DROP | typeof HANG | Promise<Response | PlainResponse | typeof DROP | typeof HANG>);

interface Route {
  method: string;
  pattern: string;
  regex: RegExp;
  keys: string[];
  queue: Scripted[];
  fallback?: Scripted;
}

function compile(pattern: string): { regex: RegExp; keys: string[] } {
  const keys: string[] = [];
  const src = pattern
    .split("/")
    .map((seg) => {
      if (seg.startsWith(":")) {
        keys.push(seg.slice(1));
        return "([^/]+)";
      }
      return seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  return { regex: new RegExp(`^${src}$`), keys };
}

let requestCounter = 0;

export class FakeGateway {
  readonly requests: RecordedRequest[] = [];
  readonly unexpected: RecordedRequest[] = [];
  readonly store = new Map<string, Record<string, unknown>>();
  #routes: Route[] = [];

  /** The fetch to inject: `connect({ ..., fetch: gw.fetch })`. */
  readonly fetch = (async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    const url = new URL(request.url);
    const idx = url.pathname.indexOf(PREFIX);
    const route = idx >= 0 ? url.pathname.slice(idx + PREFIX.length) || "/" : url.pathname;
    const text = request.method === "GET" || request.method === "HEAD" ? "" : await request.text();
    let body: unknown;
    if (text !== "") {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    const rec: RecordedRequest = { method: request.method, url, route, query: url.searchParams, headers: request.headers, body, params: {}, signal: request.signal };
    this.requests.push(rec);
    if (request.signal.aborted) throw abortError(request.signal);
    const match = this.#match(rec);
    if (match === undefined) {
      this.unexpected.push(rec);
      return new Response(JSON.stringify({ errors: [{ status: "599", detail: `unscripted ${rec.method} ${rec.route}` }] }), { status: 599 });
    }
    return this.#respond(match, rec);
  }) as typeof globalThis.fetch;

  #match(rec: RecordedRequest): Scripted | undefined {
    for (const r of this.#routes) {
      if (r.method !== rec.method) continue;
      const m = r.regex.exec(rec.route);
      if (!m) continue;
      r.keys.forEach((k, i) => (rec.params[k] = decodeURIComponent(m[i + 1]!)));
      if (r.queue.length > 0) return r.queue.shift();
      if (r.fallback !== undefined) return r.fallback;
    }
    return undefined;
  }

  async #respond(s: Scripted, rec: RecordedRequest): Promise<Response> {
    let value = typeof s === "function" ? await s(rec) : s;
    if (value === DROP) throw new TypeError("fetch failed: connection reset");
    if (value === HANG) {
      return new Promise<Response>((_, reject) => {
        rec.signal.addEventListener("abort", () => reject(abortError(rec.signal)), { once: true });
      });
    }
    if (value instanceof Response) return value;
    const plain = value as PlainResponse;
    if (plain.delayMs !== undefined) {
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(resolve, plain.delayMs);
        rec.signal.addEventListener("abort", () => {
          clearTimeout(t);
          reject(abortError(rec.signal));
        }, { once: true });
      });
    }
    const status = plain.status ?? 200;
    const headers = new Headers({ "x-request-id": `req-${++requestCounter}`, ...(plain.headers ?? {}) });
    let bodyText: string | null = null;
    if (plain.text !== undefined) bodyText = plain.text;
    else if (plain.json !== undefined) {
      bodyText = JSON.stringify(plain.json);
      if (!headers.has("content-type")) headers.set("content-type", "application/json");
    }
    if (plain.truncateAt !== undefined && bodyText !== null) {
      const part = new TextEncoder().encode(bodyText.slice(0, plain.truncateAt));
      let sent = false;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (!sent) {
            sent = true;
            controller.enqueue(part);
            return;
          }
          controller.error(new TypeError("terminated"));
        },
      });
      return new Response(stream, { status, headers });
    }
    value = new Response(status === 204 || status === 304 ? null : bodyText, { status, headers });
    return value;
  }

  #route(method: string, pattern: string): Route {
    let r = this.#routes.find((x) => x.method === method && x.pattern === pattern);
    if (r === undefined) {
      r = { method, pattern, ...compile(pattern), queue: [] };
      this.#routes.push(r);
    }
    return r;
  }

  /** Queues responses for `method route`, used once each in order. */
  on(method: string, pattern: string, ...responses: Scripted[]): this {
    this.#route(method, pattern).queue.push(...responses);
    return this;
  }

  /** The response for `method route` whenever its queue is empty. */
  always(method: string, pattern: string, response: Scripted): this {
    this.#route(method, pattern).fallback = response;
    return this;
  }

  /** Requests to a route (method and route path), in order. */
  calls(method: string, pattern?: string): RecordedRequest[] {
    const re = pattern === undefined ? undefined : compile(pattern).regex;
    return this.requests.filter((r) => r.method === method && (re === undefined || re.test(r.route)));
  }

  /**
   * Ready-made stateful handlers over `store`: POST /statements (409 on duplicate name; the
   * statement is created with `phase`), GET /statements/:name (404 when absent), DELETE.
   */
  statefulStatements(phase = "COMPLETED", schema: unknown[] | null = [{ name: "x", type: { type: "INTEGER", nullable: true } }]): this {
    this.always("POST", "/statements", (req) => {
      const b = req.body as { name: string; spec: { statement: string; properties?: Record<string, string> }; metadata?: unknown };
      if (this.store.has(b.name)) return conflict(b.name);
      const st = statementJson({ name: b.name, phase, sql: b.spec.statement, properties: b.spec.properties ?? {}, schema });
      this.store.set(b.name, st);
      return { status: 201, json: st };
    });
    this.always("GET", "/statements/:name", (req) => {
      const st = this.store.get(req.params.name!);
      return st === undefined ? notFound(req.params.name!) : { json: st };
    });
    this.always("DELETE", "/statements/:name", (req) => {
      const had = this.store.delete(req.params.name!);
      return had ? { status: 202 } : notFound(req.params.name!);
    });
    return this;
  }
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("The operation was aborted", "AbortError");
}

/** Options of {@link statementJson}. */
export interface StatementJsonOptions {
  name?: string;
  phase?: string;
  detail?: string;
  sql?: string;
  properties?: Record<string, string> | null;
  labels?: Record<string, string>;
  schema?: unknown[] | null;
  traits?: Record<string, unknown> | null;
  sqlKind?: string;
  isBounded?: boolean;
  isAppendOnly?: boolean;
  upsertColumns?: number[] | null;
  stopped?: boolean;
  resourceVersion?: string;
  scalingState?: string;
  computePoolId?: string;
}

/** A wire Statement with sensible defaults. */
export function statementJson(o: StatementJsonOptions = {}): Record<string, unknown> {
  const name = o.name ?? "st-1";
  const phase = o.phase ?? "COMPLETED";
  const traits =
    o.traits !== undefined
      ? o.traits
      : phase === "FAILED"
        ? null
        : {
            sql_kind: o.sqlKind ?? "SELECT",
            is_bounded: o.isBounded ?? true,
            is_append_only: o.isAppendOnly ?? true,
            upsert_columns: o.upsertColumns ?? null,
            connection_refs: [],
            schema: o.schema === null ? null : { columns: o.schema ?? [{ name: "x", type: { type: "INTEGER", nullable: true } }] },
          };
  const status: Record<string, unknown> = { phase, detail: o.detail ?? "", traits, network_kind: "PUBLIC" };
  if (o.scalingState !== undefined) status.scaling_status = { scaling_state: o.scalingState, last_updated: "2026-01-01T00:00:00Z" };
  return {
    api_version: "sql/v1",
    kind: "Statement",
    name,
    organization_id: ORG,
    environment_id: ENV,
    metadata: {
      self: `${BASE}${PREFIX}/statements/${name}`,
      created_at: "2026-01-01T00:00:00.000000Z",
      uid: "00000000-0000-0000-0000-000000000001",
      resource_version: o.resourceVersion ?? "1",
      labels: o.labels ?? {},
    },
    spec: {
      statement: o.sql ?? "SELECT 1",
      properties: o.properties === undefined ? { "sql.current-catalog": ENV } : o.properties,
      compute_pool_id: o.computePoolId ?? "lfcp-1",
      principal: "u-1",
      stopped: o.stopped ?? false,
    },
    status,
  };
}

/** A results page body; `next` is a page token (rendered as an absolute URL) or null. */
export function resultsJson(rows: Array<unknown[] | { op: number; row: unknown[] }>, next: string | null, name = "st-1", host = BASE): Record<string, unknown> {
  const metadata: Record<string, unknown> = { created_at: "2026-01-01T00:00:00Z", self: `${host}${PREFIX}/statements/${name}/results` };
  if (next !== null) metadata.next = `${host}${PREFIX}/statements/${name}/results?page_token=${encodeURIComponent(next)}`;
  return {
    api_version: "sql/v1",
    kind: "StatementResult",
    metadata,
    results: { data: rows.map((r) => (Array.isArray(r) ? { op: 0, row: r } : r)) },
  };
}

/** A `{errors:[...]}` error response. */
export function errorResponse(status: number, detail: string, headers?: Record<string, string>): PlainResponse {
  const r: PlainResponse = { status, json: { errors: [{ id: "0123456789abcdef0123456789abcdef", status: String(status), detail, source: {} }] } };
  if (headers !== undefined) r.headers = headers;
  return r;
}

export function notFound(name: string): PlainResponse {
  return errorResponse(404, `Statement=${name} not found`);
}

export function conflict(name: string): PlainResponse {
  return errorResponse(409, `Statement name '${name}' is already in use`);
}

export function notReady(name: string): PlainResponse {
  return errorResponse(409, `Results for Statement=${name} not ready`);
}

/** Base connect options pointing at the fake. */
export function fakeConnectOptions(gw: FakeGateway) {
  return {
    organizationId: ORG,
    environmentId: ENV,
    endpoint: BASE,
    flinkApiKey: "FLINKKEY123",
    flinkApiSecret: "s3cr3t-flink-secret",
    fetch: gw.fetch,
    retry: { initialDelayMs: 1, maxDelayMs: 5 },
    poll: { initialMs: 1, maxMs: 5 },
  };
}
