/**
 * The statements routes of `sql/v1` (wire-protocol.md section 2), one method per route, on top of
 * the HTTP transport. Knows URLs, bodies, which statuses mean what for each route, and the
 * route-specific retry rules:
 *
 * - create is made idempotent by the client-chosen name: after a network failure or a 5xx the
 *   statement is read by name instead of posted twice; a 409 on such a retry means "already
 *   created", a 409 on a first attempt means the name is taken (IntegrityError STATEMENT_NAME_TAKEN);
 * - results 409 "not ready" is retried with backoff (or, on request, returned at once as an
 *   empty not-ready page for callers that must not block); next links are rebuilt from their
 *   `page_token` against the configured endpoint, so proxies and emulators work;
 * - resume re-reads and retries on a stale `resource_version` (409);
 * - delete treats 404 as success.
 *
 * Does not decide anything about cursors or readiness.
 */
import { ConfluentSqlError, IntegrityError, type ErrorContext, InterfaceError, OperationalError, ProgrammingError, ProtocolError, RateLimitError, StatementNotFoundError, TimeoutError } from "../errors.ts";
import { Backoff, parseRetryAfter, sleep, type BackoffPolicy } from "./backoff.ts";
import type { HttpResponse, HttpTransport } from "./http.ts";
import { StatementExceptionListStruct, StatementListStruct, StatementResultStruct, validate } from "./schemas.ts";
import { callSignal, toAbortError, type CallOptions } from "./signals.ts";
import { LABEL_PREFIX, Statement } from "./statement.ts";

/** One results page. `op` 0..3 = +I, -U, +U, -D. */
export interface ResultsPage {
  data: Array<{ op: 0 | 1 | 2 | 3; row: unknown[] }>;
  /** `page_token` of `metadata.next`; null when the page had no next link (the end of the results). */
  nextPageToken: string | null;
  /** Body size. */
  bytes: number;
  /** Retries spent on this page (409 not ready, 429, 5xx, network). */
  retries: number;
  /** Status, request id and statement name of the response, for errors this page leads to. */
  origin?: ErrorContext;
  /**
   * Set (with no rows) when the server answered 409 "not ready" and the call asked for
   * `notReady: "return"`; `nextPageToken` is then the token asked for, so ask again with it.
   */
  notReady?: true;
}

/** One page of `GET /statements`. */
export interface StatementListPage {
  statements: Statement[];
  nextPageToken: string | null;
  /** Status and request id of the response. */
  origin: ErrorContext;
}

/** Options of `resultsPage`. */
export interface ResultsPageOptions extends CallOptions {
  /**
   * A 409 "not ready": `"retry"` (default) waits with backoff until `timeoutMs` (default 120 s);
   * `"return"` answers at once with an empty page marked `notReady`, for callers that must not
   * block (the streaming cursor's non-blocking fetches).
   */
  notReady?: "retry" | "return" | undefined;
}

/** An entry of the exceptions list, newest first. */
export interface StatementException {
  name: string;
  message: string;
  timestamp?: string;
}

/** What `create` sends. */
export interface CreateStatementRequest {
  name: string;
  sql: string;
  properties: Readonly<Record<string, string>>;
  /** Full label keys (already prefixed). */
  labels?: Readonly<Record<string, string>> | undefined;
  computePoolId?: string | undefined;
}

/** Options of `create`. */
export interface CreateOptions extends CallOptions {
  /**
   * Called when the POST is handed to the network. Until then the server cannot have the
   * statement, so a caller abandoning the create earlier has nothing to clean up.
   */
  onSend?: (() => void) | undefined;
}

/** Filters of `GET /statements`. */
export interface ListFilters {
  /** End-user labels (prefix added when missing); all must match. Checked as `StatementOptions.labels`. */
  labels?: readonly string[] | string | undefined;
  computePoolId?: string | undefined;
  /** Case-sensitive substring of the name (sent with `time_ordered=true`, which the server needs). */
  nameContains?: string | undefined;
  /** Page size, 1..100 (default 100). */
  pageSize?: number | undefined;
}

/** Options of `conn.stopStatement`: how long to wait, and whether to wait for STOPPED at all. */
export interface StopOptions extends CallOptions {
  /** Wait for a terminal phase (default true). With false, returns the PATCH response at once. */
  wait?: boolean | undefined;
}

export interface StatementsApiDeps {
  transport: HttpTransport;
  /** `{endpoint}/sql/v1/organizations/{org}/environments/{env}` (may look the org up first). */
  baseUrl(signal?: AbortSignal): Promise<string>;
  /** Organization and environment ids for request bodies. */
  ids(signal?: AbortSignal): Promise<{ organizationId: string; environmentId: string }>;
  poll: BackoffPolicy;
  random: () => number;
  /** Deadline for results 409 "not ready" retries when the call gives none (default 120 s). */
  notReadyTimeoutMs?: number;
}

const enc = encodeURIComponent;

/**
 * Extracts `page_token` from an absolute or relative `metadata.next`; null for absent/null/"".
 * `context` (status, request id, statement name of the response) goes into the ProtocolError.
 */
export function pageTokenFromNext(next: string | null | undefined, path: string, context: ErrorContext = {}): string | null {
  if (next === undefined || next === null || next === "") return null;
  let url: URL;
  try {
    url = new URL(next, "http://relative.invalid/");
  } catch {
    throw new ProtocolError(`Invalid ${path}: not a URL`, { ...context, path });
  }
  const token = url.searchParams.get("page_token");
  if (token === null || token === "") throw new ProtocolError(`Invalid ${path}: the next link has no page_token`, { ...context, path });
  return token;
}

function isNotFoundStatus(e: unknown): e is ConfluentSqlError {
  return e instanceof ConfluentSqlError && e.status === 404;
}

function isSuccess(status: number | undefined): boolean {
  return status !== undefined && status >= 200 && status < 300;
}

function isUncertain(e: unknown): boolean {
  if (e instanceof TimeoutError) return true;
  if (!(e instanceof ConfluentSqlError)) return false;
  return e.code === "NETWORK_ERROR" || (e.status !== undefined && e.status >= 500);
}

/** The statements routes. */
export class StatementsApi {
  readonly #d: StatementsApiDeps;

  constructor(deps: StatementsApiDeps) {
    this.#d = deps;
  }

  async #url(signal: AbortSignal | undefined, ...segments: string[]): Promise<string> {
    for (const segment of segments) {
      // encodeURIComponent keeps dots, and URL parsing resolves "." and ".." segments: such a
      // "name" would address another route (`getStatement(".")` would GET the list).
      if (segment === "." || segment === "..") {
        throw new InterfaceError("STATEMENT_NAME_INVALID", `'${segment}' is not a statement name: it would address another route`);
      }
    }
    const base = await this.#d.baseUrl(signal);
    return segments.length === 0 ? `${base}/statements` : `${base}/statements/${segments.map(enc).join("/")}`;
  }

  /**
   * `POST /statements`, idempotent by name (see the module comment).
   * @throws IntegrityError STATEMENT_NAME_TAKEN when the name is in use by another statement;
   * ProgrammingError ORGANIZATION_OR_ENVIRONMENT_NOT_FOUND on a 404 (the path's organization or
   * environment does not exist: a create cannot miss a statement); ProtocolError for a 2xx answer
   * whose body is not a statement (the statement it created is then deleted, best-effort).
   */
  async create(req: CreateStatementRequest, options: CreateOptions = {}): Promise<Statement> {
    const call = callSignal(options, "Creating the statement");
    const signal = call.signal;
    try {
      const { organizationId, environmentId } = await this.#d.ids(signal);
      const spec: Record<string, unknown> = { statement: req.sql, properties: req.properties, stopped: false };
      if (req.computePoolId !== undefined) spec.compute_pool_id = req.computePoolId;
      const body: Record<string, unknown> = { name: req.name, organization_id: organizationId, environment_id: environmentId, spec };
      if (req.labels !== undefined && Object.keys(req.labels).length > 0) body.metadata = { labels: req.labels };
      const url = await this.#url(signal);
      const backoff = new Backoff(this.#d.poll, this.#d.random);
      let uncertain = false;
      for (let attempt = 1; ; attempt++) {
        let res: HttpResponse;
        try {
          res = await this.#d.transport.request({
            method: "POST",
            url,
            body,
            retry: false,
            accept: [409, 429],
            signal,
            statementName: req.name,
            what: "POST /statements",
            onSend: options.onSend,
          });
        } catch (e) {
          if (signal?.aborted) throw toAbortError(signal, { statementName: req.name });
          if (e instanceof ProtocolError && isSuccess(e.status)) throw await this.#deleteUnreadable(req.name, e);
          if (isNotFoundStatus(e)) throw await this.#scopeNotFound(e, "POST /statements", signal);
          if (!isUncertain(e) || attempt >= 5) throw e;
          // The server may have created it before the connection dropped: look before posting again.
          uncertain = true;
          const existing = await this.#findOwn(req, signal);
          if (existing !== undefined) return existing;
          await this.#pause(backoff.next() * 5, signal, req.name);
          continue;
        }
        if (res.status === 429) {
          if (attempt >= 5) throw rateLimited(res, req.name);
          await this.#pause(parseRetryAfter(res.headers.get("retry-after")) ?? backoff.next() * 5, signal, req.name);
          continue;
        }
        if (res.status === 409) {
          if (uncertain) {
            const existing = await this.#findOwn(req, signal);
            if (existing !== undefined) return existing;
          }
          throw new IntegrityError("STATEMENT_NAME_TAKEN", `A statement named '${req.name}' already exists in this environment`, {
            status: 409,
            statementName: req.name,
            ...(res.requestId === undefined ? {} : { requestId: res.requestId }),
          });
        }
        try {
          return Statement.fromJson(res.body, "create-statement response", ctx(res, req.name));
        } catch (e) {
          throw await this.#deleteUnreadable(req.name, e);
        }
      }
    } finally {
      call.dispose();
    }
  }

  /**
   * A 2xx create whose body cannot be read: the server created the statement (a name in use
   * answers 409), but the caller only gets an error, so nothing would clean it up. Deletes it
   * best-effort and returns `e` to throw.
   */
  async #deleteUnreadable(name: string, e: unknown): Promise<unknown> {
    try {
      await this.delete(name);
    } catch {
      // Best effort, as for other abandoned creates: the error to report is `e`.
    }
    return e;
  }

  /**
   * After a create whose outcome is unknown: the statement named `req.name` when it carries
   * `req.sql` (so `req` created it), null when the name belongs to a different statement,
   * undefined when no statement has the name.
   */
  async lookupOwn(req: CreateStatementRequest, options: CallOptions = {}): Promise<Statement | null | undefined> {
    let st: Statement;
    try {
      st = await this.get(req.name, options);
    } catch (e) {
      if (e instanceof StatementNotFoundError) return undefined;
      throw e;
    }
    return st.sql.trim() === req.sql.trim() ? st : null;
  }

  /** After an uncertain create: our statement if it exists, else undefined; someone else's is a taken name. */
  async #findOwn(req: CreateStatementRequest, signal: AbortSignal | undefined): Promise<Statement | undefined> {
    const st = await this.lookupOwn(req, { signal });
    if (st === null) {
      throw new IntegrityError("STATEMENT_NAME_TAKEN", `A statement named '${req.name}' already exists in this environment`, {
        status: 409,
        statementName: req.name,
      });
    }
    return st;
  }

  /**
   * The error for a 404 on a route that names no statement (create, list): it cannot mean a
   * missing statement, so the organization or environment of the path does not exist (or the
   * endpoint serves another region). Names the configured ids; credentials never get near it.
   */
  async #scopeNotFound(e: ConfluentSqlError, what: string, signal: AbortSignal | undefined): Promise<ConfluentSqlError> {
    let ids: { organizationId: string; environmentId: string };
    try {
      ids = await this.#d.ids(signal);
    } catch {
      return e; // the lookup that failed has its own error; keep the original one
    }
    const server = e.detail ? ` (the server said: ${e.detail})` : "";
    return new ProgrammingError(
      "ORGANIZATION_OR_ENVIRONMENT_NOT_FOUND",
      `${what} failed with HTTP 404: organization '${ids.organizationId}' or environment '${ids.environmentId}' not found${server}. ` +
        "Check organizationId and environmentId, and that the endpoint is the environment's cloud region.",
      {
        status: 404,
        ...(e.requestId === undefined ? {} : { requestId: e.requestId }),
        ...(e.detail === undefined ? {} : { detail: e.detail }),
        cause: e,
      },
    );
  }

  async #pause(ms: number, signal: AbortSignal | undefined, statementName: string): Promise<void> {
    try {
      await sleep(ms, signal);
    } catch {
      throw toAbortError(signal, { statementName });
    }
  }

  /**
   * `GET /statements/{name}`.
   * @throws StatementNotFoundError (404) once the statement is deleted or never existed.
   */
  async get(name: string, options: CallOptions = {}): Promise<Statement> {
    const res = await this.#d.transport.request({
      method: "GET",
      url: await this.#url(options.signal, name),
      signal: options.signal,
      timeoutMs: options.timeoutMs,
      statementName: name,
      what: "GET /statements/{name}",
    });
    return Statement.fromJson(res.body, "statement response", ctx(res, name));
  }

  /**
   * One page of `GET /statements`; filters are re-sent with every page token.
   * @throws ProgrammingError ORGANIZATION_OR_ENVIRONMENT_NOT_FOUND on a 404.
   */
  async listPage(filters: ListFilters, pageToken: string | null, options: CallOptions = {}): Promise<StatementListPage> {
    const query: Record<string, string | undefined> = { page_size: String(filters.pageSize ?? 100) };
    const labels = typeof filters.labels === "string" ? [filters.labels] : (filters.labels ?? []);
    if (labels.length > 0) {
      query.label_selector = labels.map((l) => `${l.startsWith(LABEL_PREFIX) ? l : LABEL_PREFIX + l}=true`).join(",");
    }
    if (filters.computePoolId !== undefined) query["spec.compute_pool_id"] = filters.computePoolId;
    if (filters.nameContains !== undefined && filters.nameContains !== "") {
      query.statement_name_search_query = filters.nameContains;
      query.time_ordered = "true";
    }
    if (pageToken !== null) query.page_token = pageToken;
    let res: HttpResponse;
    try {
      res = await this.#d.transport.request({
        method: "GET",
        url: await this.#url(options.signal),
        query,
        signal: options.signal,
        timeoutMs: options.timeoutMs,
        what: "GET /statements",
      });
    } catch (e) {
      if (isNotFoundStatus(e)) throw await this.#scopeNotFound(e, "GET /statements", options.signal);
      throw e;
    }
    const body = validate(res.body, StatementListStruct, "statement list", ctx(res));
    const origin = ctx(res);
    const statements = (body.data ?? []).map((s, i) => new Statement(s, { ...origin, path: `data[${i}].` }));
    return { statements, nextPageToken: pageTokenFromNext(body.metadata?.next, "metadata.next", origin), origin };
  }

  /** All statements matching `filters`, page after page, lazily. */
  async *iterate(filters: ListFilters = {}, options: CallOptions = {}): AsyncGenerator<Statement, void, undefined> {
    let token: string | null = null;
    const seen = new Set<string>();
    do {
      const page: StatementListPage = await this.listPage(filters, token, options);
      for (const s of page.statements) yield s;
      if (page.nextPageToken !== null) {
        // A server that hands back a token twice would page forever.
        if (seen.has(page.nextPageToken)) throw new ProtocolError("Statement list paging repeated a page token", { ...page.origin, path: "metadata.next" });
        seen.add(page.nextPageToken);
      }
      token = page.nextPageToken;
    } while (token !== null);
  }

  /** All statements matching `filters` as one array. */
  async list(filters: ListFilters = {}, options: CallOptions = {}): Promise<Statement[]> {
    const out: Statement[] = [];
    for await (const s of this.iterate(filters, options)) out.push(s);
    return out;
  }

  /**
   * Stops a statement (`PATCH` with `[{op:"replace",path:"/spec/stopped",value:true}]`) and, unless
   * `wait: false`, polls until it reaches a terminal phase (STOPPED, or COMPLETED/FAILED if it ended
   * first). Default wait deadline 300 s.
   */
  async stop(name: string, options: StopOptions = {}): Promise<Statement> {
    const call = callSignal({ signal: options.signal, timeoutMs: options.timeoutMs ?? 300_000 }, `Stopping statement '${name}'`);
    try {
      const res = await this.#d.transport.request({
        method: "PATCH",
        url: await this.#url(call.signal, name),
        body: [{ op: "replace", path: "/spec/stopped", value: true }],
        contentType: "application/json-patch+json",
        retry: true, // setting stopped=true twice is harmless
        signal: call.signal,
        statementName: name,
        what: "PATCH /statements/{name}",
      });
      let st = res.body === undefined ? await this.get(name, { signal: call.signal }) : Statement.fromJson(res.body, "stop response", ctx(res, name));
      if (options.wait === false || st.isTerminal) return st;
      st = await this.waitFor(name, (s) => s.isTerminal, { signal: call.signal });
      return st;
    } catch (e) {
      if (call.signal?.aborted) throw toAbortError(call.signal, { statementName: name });
      throw e;
    } finally {
      call.dispose();
    }
  }

  /**
   * Resumes a stopped statement: GET, then PUT it back with `spec.stopped=false` and its
   * `resource_version`; a 409 (stale version) re-reads and tries again, up to 5 times.
   */
  async resume(name: string, options: CallOptions = {}): Promise<Statement> {
    const call = callSignal(options, `Resuming statement '${name}'`);
    try {
      for (let attempt = 1; ; attempt++) {
        const current = await this.get(name, { signal: call.signal });
        const raw = current.raw as unknown as Record<string, unknown>;
        const body = { ...raw, spec: { ...(raw.spec as Record<string, unknown>), stopped: false } };
        const res = await this.#d.transport.request({
          method: "PUT",
          url: await this.#url(call.signal, name),
          body,
          retry: false,
          accept: [409],
          signal: call.signal,
          statementName: name,
          what: "PUT /statements/{name}",
        });
        if (res.status === 409) {
          if (attempt >= 5) {
            throw new IntegrityError("RESOURCE_VERSION_CONFLICT", `Statement '${name}' kept changing while it was being resumed`, { status: 409, statementName: name });
          }
          continue;
        }
        return res.body === undefined || res.body === null ? await this.get(name, { signal: call.signal }) : Statement.fromJson(res.body, "resume response", ctx(res, name));
      }
    } catch (e) {
      if (call.signal?.aborted) throw toAbortError(call.signal, { statementName: name });
      throw e;
    } finally {
      call.dispose();
    }
  }

  /**
   * A statement-scoped 404 is ambiguous: the statement is missing, or the path's organization or
   * environment is (wire-protocol.md section 7: both answer 404, and the texts are not known).
   * One `GET /statements?page_size=1` tells them apart, and it is only made after a 404. Returns
   * ProgrammingError ORGANIZATION_OR_ENVIRONMENT_NOT_FOUND when the list 404s too, else `e`
   * (also when the probe itself fails for another reason).
   */
  async explainNotFound(e: ConfluentSqlError, what: string, options: CallOptions = {}): Promise<ConfluentSqlError> {
    try {
      await this.listPage({ pageSize: 1 }, null, { signal: options.signal });
      return e;
    } catch (probe) {
      if (probe instanceof ProgrammingError && probe.code === "ORGANIZATION_OR_ENVIRONMENT_NOT_FOUND") return this.#scopeNotFound(e, what, options.signal);
      return e;
    }
  }

  /**
   * `DELETE /statements/{name}`; a 404 (already gone) counts as success. Resolves to false
   * when the statement was already gone (404), true when the server accepted the delete.
   */
  async delete(name: string, options: CallOptions = {}): Promise<boolean> {
    const res = await this.#d.transport.request({
      method: "DELETE",
      url: await this.#url(options.signal, name),
      retry: true, // a repeated delete meets 404, which is success
      accept: [404],
      signal: options.signal,
      timeoutMs: options.timeoutMs,
      statementName: name,
      what: "DELETE /statements/{name}",
    });
    return res.status !== 404;
  }

  /** `GET /statements/{name}/exceptions`: the latest (up to 10) exceptions, newest first. */
  async exceptions(name: string, options: CallOptions = {}): Promise<StatementException[]> {
    const res = await this.#d.transport.request({
      method: "GET",
      url: await this.#url(options.signal, name, "exceptions"),
      signal: options.signal,
      timeoutMs: options.timeoutMs,
      statementName: name,
      what: "GET /statements/{name}/exceptions",
    });
    const body = validate(res.body, StatementExceptionListStruct, "exception list", ctx(res, name));
    return (body.data ?? []).map((e) => {
      const out: StatementException = { name: e.name ?? "", message: e.message ?? "" };
      if (e.timestamp) out.timestamp = e.timestamp;
      return out;
    });
  }

  /**
   * One results page. `pageToken` null reads the first page. A 409 "not ready" is retried with
   * backoff until `timeoutMs` (default 120 s) passes, or returned at once with
   * `notReady: "return"`.
   * @throws StatementNotFoundError when the statement is gone (404); OperationalError
   * RESULTS_NOT_READY when the results stay not ready past the deadline.
   */
  async resultsPage(name: string, pageToken: string | null, options: ResultsPageOptions = {}): Promise<ResultsPage> {
    const url = await this.#url(options.signal, name, "results");
    const backoff = new Backoff(this.#d.poll, this.#d.random);
    const deadline = Date.now() + (options.timeoutMs ?? this.#d.notReadyTimeoutMs ?? 120_000);
    let retries = 0;
    for (;;) {
      const res = await this.#d.transport.request({
        method: "GET",
        url,
        query: pageToken === null ? undefined : { page_token: pageToken },
        accept: [409],
        signal: options.signal,
        timeoutMs: Math.max(1, deadline - Date.now()),
        statementName: name,
        what: "GET /statements/{name}/results",
      });
      retries += res.retries;
      if (res.status === 409) {
        if (options.notReady === "return") return { data: [], nextPageToken: pageToken, bytes: res.bytes, retries, origin: ctx(res, name), notReady: true };
        const delay = backoff.next();
        if (Date.now() + delay > deadline) {
          throw new OperationalError("RESULTS_NOT_READY", `Results of statement '${name}' were still not ready when the deadline passed`, ctx(res, name));
        }
        retries++;
        try {
          await sleep(delay, options.signal);
        } catch {
          throw toAbortError(options.signal, { statementName: name });
        }
        continue;
      }
      return parseResultsPage(res, name, retries);
    }
  }

  /**
   * Polls `GET /statements/{name}` with the adaptive poll policy until `done(statement)` holds.
   * The first check is immediate.
   */
  async waitFor(name: string, done: (s: Statement) => boolean, options: CallOptions = {}): Promise<Statement> {
    const call = callSignal(options, `Waiting for statement '${name}'`);
    const backoff = new Backoff(this.#d.poll, this.#d.random);
    try {
      for (;;) {
        const st = await this.get(name, { signal: call.signal });
        if (done(st)) return st;
        await sleep(backoff.next(), call.signal);
      }
    } catch (e) {
      if (call.signal?.aborted) throw toAbortError(call.signal, { statementName: name });
      throw e;
    } finally {
      call.dispose();
    }
  }
}

function ctx(res: HttpResponse, statementName?: string): { status: number; requestId?: string; statementName?: string } {
  const out: { status: number; requestId?: string; statementName?: string } = { status: res.status };
  if (res.requestId !== undefined) out.requestId = res.requestId;
  if (statementName !== undefined) out.statementName = statementName;
  return out;
}

function rateLimited(res: HttpResponse, name: string): ConfluentSqlError {
  const retryAfterMs = parseRetryAfter(res.headers.get("retry-after"));
  return new RateLimitError("POST /statements failed with HTTP 429: rate limited", {
    ...ctx(res, name),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}

/** Validates a results body; items are checked in a tight loop (pages can be large). */
function parseResultsPage(res: HttpResponse, name: string, retries: number): ResultsPage {
  const origin = ctx(res, name);
  const body = validate(res.body, StatementResultStruct, "results page", origin);
  const items = body.results.data ?? [];
  const data: ResultsPage["data"] = new Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as { op?: unknown; row?: unknown } | null;
    if (item === null || typeof item !== "object") {
      throw new ProtocolError(`Invalid results page: at results.data[${i}], expected an object`, { ...origin, path: `results.data[${i}]` });
    }
    if (!Array.isArray(item.row)) {
      throw new ProtocolError(`Invalid results page: at results.data[${i}].row, expected an array`, { ...origin, path: `results.data[${i}].row` });
    }
    const op = item.op ?? 0;
    if (op !== 0 && op !== 1 && op !== 2 && op !== 3) {
      throw new ProtocolError(`Invalid results page: at results.data[${i}].op, expected 0..3`, { ...origin, path: `results.data[${i}].op` });
    }
    data[i] = { op, row: item.row };
  }
  return { data, nextPageToken: pageTokenFromNext(body.metadata?.next, "metadata.next", origin), bytes: res.bytes, retries, origin };
}
