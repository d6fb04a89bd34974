/**
 * `connect()` and `Connection`: the entry point of the client.
 *
 * `connect` validates its options eagerly (coded InterfaceErrors) and does no network I/O; the
 * organization id, when omitted with a global key, is looked up lazily on first use. The
 * Connection owns the transport and the statements API (through its ClientContext, reachable by
 * sibling modules with `contextOf`), hands out cursors, and exposes the statements routes.
 * Credentials live only inside the transports: `toJSON` and `inspect` show none.
 */
import { InterfaceError, ProgrammingError, StatementNotFoundError } from "../errors.ts";
import { labelKeys, mergeDecodeOptions, resolveConfig, type ConnectOptions, type DecodeOptions, type ResolvedConfig } from "./config.ts";
import { registerContext, type ClientContext } from "./context.ts";
import { HttpTransport } from "./http.ts";
import { inferOrganizationId } from "./org.ts";
import { raceSignal, type CallOptions } from "./signals.ts";
import { stopStatement } from "./readiness.ts";
import { Statement } from "./statement.ts";
import { StatementsApi, type ListFilters, type StatementException, type StopOptions } from "./statements-api.ts";
import { buildCreateRequest, checkExistingName, type StatementOptions } from "./submit.ts";
import { Cursor, runDdl, type ColumnDescription, type CursorOptions, type SqlText } from "./cursor.ts";
import { SqlQuery, sqlTemplate } from "./types-bridge.ts";
import { streamingBackendOf } from "./streaming/adapter.ts";
import { attachStreamingCursor, StreamingCursor } from "./streaming/cursor.ts";
import type { AttachOptions, StreamingCursorOptions } from "./streaming/types.ts";

/** Options of {@link Connection.listStatements}. */
export interface ListStatementsOptions extends ListFilters, CallOptions {}

/** Options of {@link Connection.createStatement}. */
export interface CreateStatementOptions extends StatementOptions {
  /** Run as a snapshot query (`sql.snapshot.mode=now`); default false (streaming). */
  snapshot?: boolean | undefined;
}

/** Options of {@link Connection.query}; decode options override the connection's for this query. */
export interface QueryOptions extends StatementOptions, DecodeOptions {
  /** Rows as objects keyed by column name (default true) or arrays (false). */
  asDict?: boolean | undefined;
}

/** What {@link Connection.query} resolves to. */
export interface QueryResult<Row = unknown> {
  /** Column descriptions (empty for statements without results). */
  columns: ColumnDescription[];
  rows: Row[];
  /** The statement as it completed (it has been deleted since). */
  statement: Statement;
}

/** A lazy query built by `conn.sql`: await it for its rows, or pass it to `cursor.execute`. */
export interface LazyQuery<Row = Record<string, unknown>> extends SqlText, PromiseLike<Row[]> {}

/** The result of listStatements: await it for an array, or `for await` it to page lazily. */
export interface StatementListing extends PromiseLike<Statement[]>, AsyncIterable<Statement> {}

const INSPECT = Symbol.for("nodejs.util.inspect.custom");

/** A SqlQuery that runs when awaited; nesting it in another `sql` template inlines its text. */
class LazyQueryImpl<Row> extends SqlQuery implements LazyQuery<Row> {
  readonly #run: (text: string) => Promise<Row[]>;
  constructor(text: string, run: (text: string) => Promise<Row[]>) {
    super(text);
    this.#run = run;
  }
  then<A = Row[], B = never>(onFulfilled?: ((rows: Row[]) => A | PromiseLike<A>) | null, onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<A | B> {
    return this.#run(this.text).then(onFulfilled, onRejected);
  }
}

/**
 * A connection to one Flink environment. Obtain it with {@link connect}. It holds no socket:
 * every call is a stateless HTTP request, so a connection is cheap and `close()` is about
 * cleaning up the cursors (and their statements) opened through it.
 *
 * @example
 * ```ts
 * const emu = createEmulator();
 * await using conn = connect({ ...emu.connectOptions, fetch: emu.fetch });
 * (await conn.query("SELECT 1 AS x")).rows; // [{ x: 1 }]
 * ```
 */
export class Connection {
  readonly #config: ResolvedConfig;
  readonly #context: ClientContext;
  #closed = false;
  /** The running (or finished) close(), set when it begins. */
  #closing: Promise<void> | undefined;
  #org: Promise<string> | undefined;
  #inferredOrg: string | undefined;
  readonly #closers = new Set<() => Promise<void>>();

  /**
   * The same as `connect(options)`.
   * @throws InterfaceError with a CONFIG_* code for missing or inconsistent options, as connect.
   */
  constructor(options: ConnectOptions) {
    const { config, auth, controlPlaneAuth } = resolveConfig(options);
    this.#config = config;
    // Node's console.log shows the same safe summary as toJSON(). Defined here rather than as a
    // `[INSPECT]()` method: a computed class key makes bundlers keep the class (and all it
    // imports) even when the importer never uses it, which defeats "sideEffects": false.
    Object.defineProperty(this, INSPECT, { value: () => `Connection ${JSON.stringify(this.toJSON())}` });
    const transportFor = (a: typeof auth) =>
      new HttpTransport({
        fetch: config.fetch,
        auth: a,
        userAgent: config.userAgent,
        requestTimeoutMs: config.httpTimeoutMs,
        retry: config.retry,
        random: config.random,
        onRequest: config.onRequest,
      });
    const transport = transportFor(auth);
    const controlPlane = controlPlaneAuth === undefined ? undefined : transportFor(controlPlaneAuth);
    const organizationId = async (signal?: AbortSignal): Promise<string> => {
      if (config.organizationId !== undefined) return config.organizationId;
      if (controlPlane === undefined) throw new InterfaceError("CONFIG_MISSING_ORGANIZATION", "organizationId is required");
      // One lookup shared by concurrent callers, so it runs without any caller's signal (its
      // requests are bounded by the HTTP timeout and retry budget); each caller races its own
      // signal. A failed lookup is not cached.
      this.#org ??= inferOrganizationId(controlPlane, config.controlPlaneEndpoint).then(
        (id) => {
          this.#inferredOrg = id;
          return id;
        },
        (e: unknown) => {
          this.#org = undefined;
          throw e;
        },
      );
      return raceSignal(this.#org, signal);
    };
    const api = new StatementsApi({
      transport,
      baseUrl: async (signal) =>
        `${config.endpoint}/sql/v1/organizations/${encodeURIComponent(await organizationId(signal))}/environments/${encodeURIComponent(config.environmentId)}`,
      ids: async (signal) => ({ organizationId: await organizationId(signal), environmentId: config.environmentId }),
      poll: config.poll,
      random: config.random,
    });
    const self = this;
    this.#context = {
      config,
      transport,
      api,
      controlPlane,
      organizationId,
      assertOpen: () => self.#assertOpen(),
      get closed() {
        return self.#closed;
      },
    };
    registerContext(this, this.#context);
  }

  #assertOpen(): void {
    if (this.#closing !== undefined) throw new InterfaceError("CONNECTION_CLOSED", "The connection is closed");
  }

  /** @internal Registers cleanup to run on `close()` (cursors use it); returns an unregister function. */
  onClose(closer: () => Promise<void>): () => void {
    this.#closers.add(closer);
    return () => this.#closers.delete(closer);
  }

  /** The environment id. */
  get environmentId(): string {
    return this.#config.environmentId;
  }

  /** The organization id: configured, or looked up (undefined until the first request when it was omitted). */
  get organizationId(): string | undefined {
    return this.#config.organizationId ?? this.#inferredOrg;
  }

  /** The default compute pool (undefined: the environment's default pool). */
  get computePoolId(): string | undefined {
    return this.#config.computePoolId;
  }

  /** The default database (`sql.current-database`). */
  get database(): string | undefined {
    return this.#config.database;
  }

  /** The gateway base URL. */
  get endpoint(): string {
    return this.#config.endpoint;
  }

  /** Whether `close()` was called (true as soon as it begins, while it still closes the cursors). */
  get closed(): boolean {
    return this.#closing !== undefined;
  }

  /**
   * A snapshot cursor with DB-API semantics.
   *
   * @example
   * ```ts
   * await using cur = conn.cursor({ asDict: true });
   * await cur.execute("SELECT customer_id, name FROM customers");
   * for await (const row of cur) console.log(row);
   * ```
   * Decode options given here (`bigint`, `decimal`, `temporal`, `Temporal`, `cast`) override
   * the connection's: `conn.cursor({ bigint: "bigint" })`.
   * @throws InterfaceError CONNECTION_CLOSED after `close()`; ARRAY_SIZE_INVALID; CONFIG_INVALID
   * for a bad decode option.
   */
  cursor(options: CursorOptions & { asDict: true }): Cursor<Record<string, unknown>>;
  cursor(options?: CursorOptions): Cursor<unknown[]>;
  cursor(options: CursorOptions = {}): Cursor<unknown> {
    this.#assertOpen();
    return this.#cursor(options, mergeDecodeOptions(this.#config.decode, options, "cursor()"));
  }

  #cursor(options: CursorOptions, decode: DecodeOptions): Cursor<unknown> {
    return new Cursor(this.#context, (closer) => this.onClose(closer), options, decode);
  }

  /**
   * A streaming cursor (streaming helper, src/client/streaming): `execute` returns once the
   * statement is RUNNING; `fetchOne`/`fetchMany` never wait; `for await` and `stream()` (a
   * pull-based ReadableStream) wait for rows; non-append-only statements yield `{ op, row }`
   * change events. Cancelling (signal, `stream.cancel()`, `break`, `close()`) stops the statement
   * it started (`onCancel`: "stop" | "delete" | "detach"). Closing the connection closes it.
   *
   * @example
   * ```ts
   * await using cur = conn.streamingCursor();
   * await cur.execute("SELECT customer_id, COUNT(*) FROM orders GROUP BY customer_id");
   * for await (const rows of cur.changelogCompressor().snapshots()) render(rows);
   * ```
   * Decode options given here override the connection's, as for `cursor()`.
   * @throws InterfaceError CONNECTION_CLOSED after `close()`; CONFIG_INVALID for a bad decode option.
   */
  streamingCursor(options: StreamingCursorOptions & { asDict: true }): StreamingCursor<Record<string, unknown>>;
  streamingCursor(options?: StreamingCursorOptions): StreamingCursor<unknown[]>;
  streamingCursor(options: StreamingCursorOptions = {}): StreamingCursor<unknown[]> | StreamingCursor<Record<string, unknown>> {
    this.#assertOpen();
    return new StreamingCursor<unknown[]>(streamingBackendOf(this, mergeDecodeOptions(this.#config.decode, options, "streamingCursor()")), options);
  }

  /**
   * Opens a streaming cursor on an existing statement's results (e.g. after a restart), from
   * the start or from a saved `pageToken` (`cursor.pageToken`). Closing it leaves the statement
   * running unless `onCancel` says otherwise.
   *
   * @example
   * ```ts
   * const cur = await conn.attach("orders-feed", { pageToken: saved });
   * for await (const row of cur) handle(row);
   * ```
   * Decode options given here override the connection's, as for `cursor()`.
   * @throws StatementNotFoundError STATEMENT_NOT_FOUND; StatementFailedError STATEMENT_FAILED;
   * InterfaceError CONNECTION_CLOSED, CONFIG_INVALID for a bad decode option.
   */
  attach(statement: string | Statement, options: AttachOptions & { asDict: true }): Promise<StreamingCursor<Record<string, unknown>>>;
  attach(statement: string | Statement, options?: AttachOptions): Promise<StreamingCursor<unknown[]>>;
  async attach(statement: string | Statement, options: AttachOptions = {}): Promise<StreamingCursor<unknown[]> | StreamingCursor<Record<string, unknown>>> {
    this.#assertOpen();
    const decode = mergeDecodeOptions(this.#config.decode, options, "attach()");
    return attachStreamingCursor<unknown[]>(streamingBackendOf(this, decode), checkExistingName(statement, "attach()"), options);
  }

  /**
   * Runs a snapshot query and returns all its rows (objects by default) with the column
   * descriptions and the completed statement; the statement is deleted afterwards.
   *
   * @example
   * ```ts
   * const { rows } = await conn.query("SELECT name FROM customers WHERE customer_id = %s", [7]);
   * const { rows: exact } = await conn.query("SELECT total FROM orders", undefined, { decimal: "string", bigint: "bigint" });
   * ```
   * `options.timeoutMs` is the deadline of the whole query, reading every results page included.
   * @throws InterfaceError CONFIG_INVALID for a bad decode option (before any I/O); the errors of
   * `Cursor.execute` and `Cursor.fetchAll` (TimeoutError when `timeoutMs` passes in either).
   */
  query<Row = unknown[]>(sql: string | SqlText, params: readonly unknown[] | Record<string, unknown> | undefined, options: QueryOptions & { asDict: false }): Promise<QueryResult<Row>>;
  query<Row = Record<string, unknown>>(sql: string | SqlText, params?: readonly unknown[] | Record<string, unknown>, options?: QueryOptions): Promise<QueryResult<Row>>;
  async query<Row>(sql: string | SqlText, params?: readonly unknown[] | Record<string, unknown>, options: QueryOptions = {}): Promise<QueryResult<Row>> {
    this.#assertOpen();
    const cur = this.#cursor({ asDict: options.asDict !== false }, mergeDecodeOptions(this.#config.decode, options, "query()"));
    const started = Date.now();
    try {
      await cur.execute(sql, params, options);
      // `timeoutMs` bounds the whole query: the pages after the first get what execute left.
      const left = options.timeoutMs === undefined ? undefined : Math.max(0, options.timeoutMs - (Date.now() - started));
      const rows = cur.description === null ? [] : await cur.fetchAll({ signal: options.signal, timeoutMs: left });
      return { columns: cur.description ?? [], rows: rows as Row[], statement: cur.statement! };
    } finally {
      await cur.close();
    }
  }

  /**
   * Tagged template: interpolated values become escaped SQL literals. The result is lazy: awaiting
   * it runs the snapshot query and yields its rows as objects; `cursor.execute(q)` accepts it too.
   *
   * @example
   * ```ts
   * const rows = await conn.sql`SELECT * FROM orders WHERE customer_id = ${id}`;
   * ```
   * @throws InterfaceError PARAMETER_UNSUPPORTED at once for a value that cannot be rendered, or
   * that sits inside a quoted string, a backtick identifier or a comment of the template
   * (`'${name}'`: values bring their own quotes).
   */
  readonly sql = <Row = Record<string, unknown>>(strings: TemplateStringsArray, ...values: unknown[]): LazyQuery<Row> => {
    return new LazyQueryImpl<Row>(sqlTemplate(strings, ...values).text, (text) => this.query<Row>({ text }).then((r) => r.rows));
  };

  /**
   * Runs DDL as a snapshot statement, waits until it finishes, deletes it and returns it.
   *
   * @example `await conn.executeSnapshotDdl("CREATE TABLE t (id INT)")`
   * @throws StatementFailedError with the server detail; the other errors of `Cursor.execute`.
   */
  async executeSnapshotDdl(sql: string | SqlText, params?: readonly unknown[] | Record<string, unknown>, options: StatementOptions = {}): Promise<Statement> {
    this.#assertOpen();
    return runDdl(this.#context, sql, params, options, true);
  }

  /**
   * Runs DDL or a background job in streaming mode. Pure DDL waits until finished (then the
   * statement is deleted); CTAS / INSERT INTO return once RUNNING and keep running.
   *
   * @example `const job = await conn.executeStreamingDdl("INSERT INTO big SELECT * FROM orders", undefined, { statementName: "copy-orders" })`
   * @throws StatementFailedError with the server detail; the other errors of `Cursor.execute`.
   */
  async executeStreamingDdl(sql: string | SqlText, params?: readonly unknown[] | Record<string, unknown>, options: StatementOptions = {}): Promise<Statement> {
    this.#assertOpen();
    return runDdl(this.#context, sql, params, options, false);
  }

  /**
   * Creates a statement and returns it as the server accepted it (usually PENDING), without
   * waiting. Streaming mode unless `snapshot: true`.
   *
   * @example
   * ```ts
   * const st = await conn.createStatement("INSERT INTO t SELECT * FROM s", { statementName: "copy-t" });
   * ```
   * @throws ProgrammingError EMPTY_STATEMENT for blank SQL, InterfaceError STATEMENT_INVALID for SQL
   * that is no string and for bad options (all before any I/O); IntegrityError STATEMENT_NAME_TAKEN when
   * the name is in use; ProtocolError when the server's 201 answer is not a statement (the
   * statement it created is deleted, best-effort, so none is left behind unseen);
   * OperationalError/RateLimitError/TimeoutError/AbortError for transport failures.
   */
  async createStatement(sql: string, options: CreateStatementOptions = {}): Promise<Statement> {
    this.#assertOpen();
    // The same checks, codes and classes as execute() (renderSql): text, then not blank.
    if (typeof sql !== "string") throw new InterfaceError("STATEMENT_INVALID", "createStatement(): expected SQL text");
    if (sql.trim() === "") throw new ProgrammingError("EMPTY_STATEMENT", "createStatement(): the SQL text is empty");
    const req = buildCreateRequest(this.#config, sql, options, options.snapshot === true, "createStatement()");
    return this.#context.api.create(req, options);
  }

  /**
   * Reads a statement by name.
   * @example `const st = await conn.getStatement("dbapi-...")`
   * @throws StatementNotFoundError when it does not exist (HTTP 404); ProgrammingError
   * ORGANIZATION_OR_ENVIRONMENT_NOT_FOUND when the configured organization or environment does
   * not exist (a 404 too: one list request after it tells the two apart).
   */
  async getStatement(statement: string | Statement, options: CallOptions = {}): Promise<Statement> {
    this.#assertOpen();
    const name = checkExistingName(statement, "getStatement()");
    return this.#explained(() => this.#context.api.get(name, options), "GET /statements/{name}", options);
  }

  /** Runs a by-name call; a statement 404 caused by a wrong organization or environment says so. */
  async #explained<T>(run: () => Promise<T>, what: string, options: CallOptions): Promise<T> {
    try {
      return await run();
    } catch (e) {
      if (e instanceof StatementNotFoundError && e.status === 404) throw await this.#context.api.explainNotFound(e, what, options);
      throw e;
    }
  }

  /**
   * Lists statements, following every page. Filters: `labels` (all must match), `computePoolId`,
   * `nameContains` (substring, case-sensitive). Await it for an array or iterate it lazily.
   * Labels are checked as for statements (InterfaceError LABELS_INVALID, before any request):
   * 1 to 63 letters, digits, `-`, `_` and `.`, so none can change the `label_selector`.
   *
   * @example
   * ```ts
   * for await (const st of conn.listStatements({ labels: ["nightly"] })) console.log(st.name, st.phase);
   * const all = await conn.listStatements({ nameContains: "orders" });
   * ```
   * @throws InterfaceError LABELS_INVALID, PAGE_SIZE_INVALID; ProtocolError when a page does not
   * match the wire schema; transport errors as usual.
   */
  listStatements(options: ListStatementsOptions = {}): StatementListing {
    this.#assertOpen();
    const { signal, timeoutMs, ...filters } = options;
    if (filters.labels !== undefined) filters.labels = labelKeys(typeof filters.labels === "string" ? [filters.labels] : filters.labels, "listStatements()");
    if (filters.pageSize !== undefined && (!Number.isInteger(filters.pageSize) || filters.pageSize < 1 || filters.pageSize > 100)) {
      throw new InterfaceError("PAGE_SIZE_INVALID", "listStatements(): pageSize must be an integer from 1 to 100");
    }
    const api = this.#context.api;
    const call = { signal, timeoutMs };
    return {
      then(onFulfilled, onRejected) {
        return api.list(filters, call).then(onFulfilled, onRejected);
      },
      [Symbol.asyncIterator]() {
        return api.iterate(filters, call)[Symbol.asyncIterator]();
      },
    };
  }

  /**
   * Stops a statement (JSON Patch `spec.stopped=true`) and waits until it reaches a terminal phase,
   * unless `wait: false` (then the PATCH response is returned; the phase may still be RUNNING).
   * A statement already COMPLETED, STOPPED or FAILED is returned as it is, without a PATCH: a
   * Statement object as given (no request at all), a name after reading it.
   *
   * @example `await conn.stopStatement("copy-t", { timeoutMs: 60_000 })`
   * @throws StatementNotFoundError (404); ProgrammingError ORGANIZATION_OR_ENVIRONMENT_NOT_FOUND
   * (see getStatement); OperationalError STOP_FAILED (with the server's detail) when the statement
   * FAILED instead of stopping; TimeoutError when it did not stop in time (default 300 s).
   */
  async stopStatement(statement: string | Statement, options: StopOptions = {}): Promise<Statement> {
    this.#assertOpen();
    const name = checkExistingName(statement, "stopStatement()");
    return this.#explained(() => stopStatement(this.#context, name, statement instanceof Statement ? statement : undefined, options), "PATCH /statements/{name}", options);
  }

  /**
   * Resumes a stopped statement (PUT with `spec.stopped=false` and the current resource version,
   * re-read and retried on a version conflict).
   *
   * @example `await conn.resumeStatement("copy-t")`
   * @throws StatementNotFoundError (404); ProgrammingError ORGANIZATION_OR_ENVIRONMENT_NOT_FOUND
   * (see getStatement); IntegrityError RESOURCE_VERSION_CONFLICT after 5 conflicts.
   */
  async resumeStatement(statement: string | Statement, options: CallOptions = {}): Promise<Statement> {
    this.#assertOpen();
    const name = checkExistingName(statement, "resumeStatement()");
    return this.#explained(() => this.#context.api.resume(name, options), "PUT /statements/{name}", options);
  }

  /**
   * Deletes a statement (stopping it if it runs). A statement that is already gone counts as deleted.
   * @example `await conn.deleteStatement(st)`
   * @throws ProgrammingError ORGANIZATION_OR_ENVIRONMENT_NOT_FOUND when the 404 came from a wrong
   * organization or environment (one list request after a 404 checks), not from a statement
   * already gone; OperationalError and friends for transport failures.
   */
  async deleteStatement(statement: string | Statement, options: CallOptions = {}): Promise<void> {
    this.#assertOpen();
    const name = checkExistingName(statement, "deleteStatement()");
    if (await this.#context.api.delete(name, options)) return;
    const gone = new StatementNotFoundError("STATEMENT_NOT_FOUND", `Statement '${name}' not found`, { status: 404, statementName: name });
    const explained = await this.#context.api.explainNotFound(gone, "DELETE /statements/{name}", options);
    if (explained !== gone) throw explained;
  }

  /**
   * The statement's most recent exceptions (up to 10, newest first).
   * @example `const [latest] = await conn.statementExceptions("copy-t")`
   * @throws StatementNotFoundError (404); ProgrammingError ORGANIZATION_OR_ENVIRONMENT_NOT_FOUND
   * (see getStatement).
   */
  async statementExceptions(statement: string | Statement, options: CallOptions = {}): Promise<StatementException[]> {
    this.#assertOpen();
    const name = checkExistingName(statement, "statementExceptions()");
    return this.#explained(() => this.#context.api.exceptions(name, options), "GET /statements/{name}/exceptions", options);
  }

  /**
   * Closes the connection: closes its open cursors (snapshot cursors delete their finished
   * statements, streaming cursors apply their `onCancel` policy); statements created otherwise
   * are left alone. Idempotent. Never throws: a cursor's failed cleanup does not stop the
   * others. Every call on the connection made once close() has begun (also while it still
   * closes the cursors) throws InterfaceError `CONNECTION_CLOSED`, so no cursor escapes it; a
   * second close() resolves when the first is done.
   *
   * @example
   * ```ts
   * await conn.close();
   * conn.cursor(); // throws InterfaceError, code "CONNECTION_CLOSED"
   * ```
   */
  close(): Promise<void> {
    return (this.#closing ??= (async () => {
      const closers = [...this.#closers];
      this.#closers.clear();
      await Promise.allSettled(closers.map((c) => c()));
      this.#closed = true;
    })());
  }

  /**
   * `await using conn = connect(...)` closes it at the end of the block. Never throws, as
   * close().
   *
   * @example
   * ```ts
   * {
   *   await using conn = connect({ ...emu.connectOptions, fetch: emu.fetch });
   *   await conn.query("SELECT 1");
   * } // conn.closed === true here
   * ```
   */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /**
   * A summary without credentials, safe to log: where it points, the ids, the kind of auth
   * and whether it is closed. Never throws.
   *
   * @example
   * ```ts
   * JSON.stringify(conn);
   * // '{"endpoint":"http://emulator.local","organizationId":"b0b21724-...","environmentId":"env-emu001",
   * //   "computePoolId":"lfcp-emu001","database":"cluster_0","auth":"basic","closed":false}'
   * ```
   */
  toJSON(): Record<string, unknown> {
    const c = this.#config;
    return {
      endpoint: c.endpoint,
      organizationId: c.organizationId,
      environmentId: c.environmentId,
      computePoolId: c.computePoolId,
      database: c.database,
      auth: c.authKind,
      closed: this.closed,
    };
  }

}

/**
 * Opens a connection to a Confluent Cloud Flink environment (or the emulator). Validates the
 * options at once and does no network I/O.
 *
 * @example
 * ```ts
 * const conn = connect({
 *   organizationId, environmentId, cloudProvider: "aws", cloudRegion: "us-east-2",
 *   flinkApiKey, flinkApiSecret, database: "cluster_0", computePoolId: "lfcp-123",
 * });
 * ```
 * @throws InterfaceError with a CONFIG_* code for missing or inconsistent options
 * (CONFIG_MISSING_ENVIRONMENT, CONFIG_MISSING_ORGANIZATION, CONFIG_ENDPOINT_CONFLICT,
 * CONFIG_MISSING_CLOUD, CONFIG_PARTIAL_CREDENTIALS, CONFIG_NO_CREDENTIALS,
 * CONFIG_CREDENTIALS_CONFLICT, CONFIG_INVALID_ENDPOINT, CONFIG_INVALID, PROPERTY_RESERVED).
 */
export function connect(options: ConnectOptions): Connection {
  return new Connection(options);
}
