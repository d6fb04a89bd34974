/**
 * The snapshot cursor (DB-API 2.0 semantics, async) and the DDL helpers.
 *
 * `execute` submits the statement with `sql.snapshot.mode=now`, waits (adaptive polling) until
 * it COMPLETED, and reads the first results page; fetches then walk the remaining pages lazily.
 * `rowCount` is -1 until the last page was read, then the number of rows. Finished statements
 * are deleted when the cursor is closed or reused; a statement abandoned by a timeout or abort, or
 * found DEGRADED, is deleted best-effort at once, so nothing keeps running server-side.
 */
import { AbortError, ConfluentSqlError, InterfaceError, NotSupportedError, ProgrammingError, ProtocolError, StatementFailedError, StatementStoppedError, withContext } from "../errors.ts";
import { formatType } from "../types/format-type.ts";
import type { Column, LogicalType } from "../types/model.ts";
import { Backoff, sleep } from "./backoff.ts";
import type { DecodeOptions } from "./config.ts";
import type { ClientContext } from "./context.ts";
import { waitUntil } from "./readiness.ts";
import { anySignal, callSignal, toAbortError, type CallOptions } from "./signals.ts";
import type { Statement } from "./statement.ts";
import type { CreateStatementRequest, ResultsPage } from "./statements-api.ts";
import { createChangelogTable } from "./streaming/materialize.ts";
import { opName } from "./streaming/ops.ts";
import { buildCreateRequest, type StatementOptions } from "./submit.ts";
import { compileRowDecoder, substituteParameters, type RowDecoder } from "./types-bridge.ts";

/** Empty pages in a row that hand back the token they were asked with before the reader gives up. */
const STALLED_PAGES = 16;

/** DB-API `description` entry, plus the full Flink type. */
export interface ColumnDescription {
  readonly name: string;
  /** The type root as the wire names it, e.g. `INTEGER`, `VARCHAR`, `DECIMAL`, `TIMESTAMP_WITH_LOCAL_TIME_ZONE`. */
  readonly typeCode: string;
  readonly displaySize: null;
  /** Declared length of CHAR/VARCHAR/BINARY/VARBINARY, else null. */
  readonly internalSize: number | null;
  /** DECIMAL precision or fractional-second precision of TIME/TIMESTAMP, else null. */
  readonly precision: number | null;
  /** DECIMAL scale, else null. */
  readonly scale: number | null;
  readonly nullOk: boolean;
  /** Flink SQL spelling, e.g. `DECIMAL(10, 2)`. */
  readonly typeName: string;
  /** The full logical type. */
  readonly type: LogicalType;
}

/** SQL text carried by an object, e.g. a `conn.sql` tagged template. */
export interface SqlText {
  readonly text: string;
}

/** Options of `execute`. */
export interface ExecuteOptions extends StatementOptions {}

/**
 * Options of `conn.cursor()`. The decode options (`bigint`, `decimal`, `temporal`, `Temporal`,
 * `cast`) override the connection's for this cursor's results.
 */
export interface CursorOptions extends DecodeOptions {
  /** Rows as objects keyed by column name instead of arrays. */
  asDict?: boolean | undefined;
  /** Default `fetchMany` size (default 1). */
  arraySize?: number | undefined;
}

/**
 * The row decoder of a statement's results: `decode` with the statement's session time zone
 * (`sql.local-time-zone`, else the connection's), whose DataErrors and ProtocolErrors name the
 * statement. Shared with the streaming cursor.
 */
export function compileStatementDecoder(
  ctx: ClientContext,
  columns: readonly Column[],
  decode: DecodeOptions,
  statement: { readonly name: string; readonly properties?: Readonly<Record<string, string>> | undefined } | undefined,
): RowDecoder {
  const zone = statement?.properties?.["sql.local-time-zone"] ?? ctx.config.localTimeZone;
  const d = compileRowDecoder(columns, zone === undefined ? decode : { ...decode, localTimeZone: zone });
  if (statement === undefined) return d;
  const named = (e: unknown): never => {
    throw e instanceof ConfluentSqlError ? withContext(e, { statementName: statement.name }) : e;
  };
  return {
    toArray(row) {
      try {
        return d.toArray(row);
      } catch (e) {
        return named(e);
      }
    },
    toObject(row) {
      try {
        return d.toObject(row);
      } catch (e) {
        return named(e);
      }
    },
  };
}

/** `description` of a schema. */
export function describeColumns(columns: readonly Column[]): ColumnDescription[] {
  return columns.map((c) => {
    const t = c.type;
    let precision: number | null = null;
    let scale: number | null = null;
    let internalSize: number | null = null;
    if (t.type === "DECIMAL") {
      precision = t.precision;
      scale = t.scale;
    } else if (t.type === "TIME_WITHOUT_TIME_ZONE" || t.type === "TIMESTAMP_WITHOUT_TIME_ZONE" || t.type === "TIMESTAMP_WITH_LOCAL_TIME_ZONE" || t.type === "TIMESTAMP_WITH_TIME_ZONE") {
      precision = t.precision;
    } else if (t.type === "CHAR" || t.type === "VARCHAR" || t.type === "BINARY" || t.type === "VARBINARY") {
      internalSize = t.length;
    }
    let typeName: string;
    try {
      typeName = formatType(t);
    } catch {
      typeName = t.type;
    }
    return { name: c.name, typeCode: t.type, displaySize: null, internalSize, precision, scale, nullOk: t.nullable, typeName, type: t };
  });
}

/** SQL text from a string or an `{ text }` object, with `%s` parameters substituted. */
export function renderSql(sql: string | SqlText, params: readonly unknown[] | Record<string, unknown> | undefined, where: string): string {
  let text: string;
  if (typeof sql === "string") {
    text = params === undefined ? sql : substituteParameters(sql, params);
  } else if (sql !== null && typeof sql === "object" && typeof (sql as SqlText).text === "string") {
    if (params !== undefined) throw new InterfaceError("PARAMETER_UNSUPPORTED", `${where}: a sql\`...\` query carries its own values; pass no parameters`);
    text = sql.text;
  } else {
    throw new InterfaceError("STATEMENT_INVALID", `${where}: expected SQL text`);
  }
  if (text.trim() === "") throw new ProgrammingError("EMPTY_STATEMENT", `${where}: the SQL text is empty`);
  return text;
}

/**
 * Cleans up after an execute abandoned before the create answered: the POST may or may not have
 * created the statement. A generated name is ours by construction; a caller-chosen one may belong
 * to another job, so it is deleted only when the server holds our SQL under it.
 */
async function deleteAbandoned(ctx: ClientContext, req: CreateStatementRequest, callerNamed: boolean): Promise<void> {
  if (callerNamed) {
    let own: Statement | null | undefined;
    try {
      own = await ctx.api.lookupOwn(req, { timeoutMs: ctx.config.httpTimeoutMs });
    } catch {
      own = undefined;
    }
    if (own === null || own === undefined) return;
  }
  await deleteQuietly(ctx, req.name);
}

/** Deletes a statement, ignoring every failure (cleanup path). */
async function deleteQuietly(ctx: ClientContext, name: string): Promise<void> {
  try {
    await ctx.api.delete(name, { timeoutMs: ctx.config.httpTimeoutMs });
  } catch {
    // Best effort: the statement ends by itself or is cleaned up by the server's retention.
  }
}

/**
 * A DB-API style snapshot cursor. Obtain it from `conn.cursor()`.
 *
 * @example
 * ```ts
 * const cur = conn.cursor();
 * await cur.execute("SELECT customer_id, name FROM customers WHERE customer_id = %s", [123]);
 * console.log(cur.description, await cur.fetchOne(), await cur.fetchMany(2), await cur.fetchAll());
 * await cur.close();
 * ```
 */
export class Cursor<Row = unknown[]> {
  readonly #ctx: ClientContext;
  readonly #unregister: () => void;
  readonly asDict: boolean;
  readonly #decode: DecodeOptions;
  #arraySize = 1;
  #closed = false;
  #statement: Statement | null = null;
  #description: ColumnDescription[] | null = null;
  #decoder: RowDecoder | null = null;
  #buffer: unknown[] = [];
  #pos = 0;
  /** Wire rows read but not decoded yet: from the first one a DataError stopped at. */
  #pending: Array<readonly unknown[]> = [];
  #nextToken: string | null = null;
  #exhausted = true;
  #count = 0;
  #rowCount = -1;
  #lastPageAt = 0;
  #busy = false;
  /** Name of the statement this cursor created and has not deleted yet. */
  #owned: string | null = null;
  /** The running call, for close() to abort and await. */
  #inflight: { abort(): void; done: Promise<void> } | null = null;

  /** @internal Use `conn.cursor()`; `decode` are the connection's decode options merged with the cursor's. */
  constructor(ctx: ClientContext, register: (closer: () => Promise<void>) => () => void, options: CursorOptions = {}, decode: DecodeOptions = ctx.config.decode) {
    this.#ctx = ctx;
    this.#decode = decode;
    this.asDict = options.asDict === true;
    if (options.arraySize !== undefined) this.arraySize = options.arraySize;
    this.#unregister = register(() => this.close());
  }

  /** Default number of rows of `fetchMany()` (a positive integer). */
  get arraySize(): number {
    return this.#arraySize;
  }

  set arraySize(n: number) {
    if (typeof n !== "number" || !Number.isInteger(n) || n < 1) throw new InterfaceError("ARRAY_SIZE_INVALID", "arraySize must be a positive integer");
    this.#arraySize = n;
  }

  /** Result columns of the last execute; null before execute and for statements without results. */
  get description(): ColumnDescription[] | null {
    return this.#description;
  }

  /** Rows in the result once all pages were read, else -1. */
  get rowCount(): number {
    return this.#rowCount;
  }

  /** The statement of the last execute (as last seen), or null. */
  get statement(): Statement | null {
    return this.#statement;
  }

  get closed(): boolean {
    return this.#closed;
  }

  #assertUsable(where: string): void {
    if (this.#closed) throw new InterfaceError("CURSOR_CLOSED", `${where}: the cursor is closed`);
    this.#ctx.assertOpen();
    if (this.#busy) throw new InterfaceError("CURSOR_BUSY", `${where}: another call on this cursor is still running`);
  }

  /**
   * Runs a snapshot query and waits for its results. Parameters replace `%s` placeholders (an
   * array) or `%(name)s` placeholders (an object); with parameters `%%` is a literal percent.
   * A `conn.sql\`...\`` query may be passed instead of text.
   *
   * @example
   * ```ts
   * await cur.execute("SELECT * FROM orders WHERE total > %s", [100], { timeoutMs: 60_000, labels: ["report"] });
   * ```
   * @throws ProgrammingError PARAMETER_COUNT / EMPTY_STATEMENT and InterfaceError for bad input (no I/O);
   * StatementFailedError (FAILED or DEGRADED, with the server detail; a DEGRADED statement is
   * deleted at once, a FAILED one when the cursor is closed or reused); ComputePoolExhaustedError;
   * StatementStoppedError; TimeoutError / AbortError (the statement is then deleted best-effort;
   * nothing is sent when the create POST had not left yet); transport errors.
   */
  async execute(sql: string | SqlText, params?: readonly unknown[] | Record<string, unknown>, options: ExecuteOptions = {}): Promise<this> {
    this.#assertUsable("execute()");
    const text = renderSql(sql, params, "execute()");
    const req = buildCreateRequest(this.#ctx.config, text, options, true, "execute()");
    return this.#call(options, `Statement '${req.name}'`, async (signal) => {
      await this.#releaseStatement();
      this.#reset();
      let st: Statement | null = null;
      // Until the POST leaves, an abort has no statement to clean up (so sends nothing).
      let sent = false;
      try {
        st = await this.#ctx.api.create(req, { signal, onSend: () => (sent = true) });
        this.#statement = st;
        this.#owned = st.name;
        st = await waitUntil(this.#ctx, st, (s) => s.isTerminal, signal, (s) => {
          st = s;
          this.#statement = s;
        });
        this.#statement = st;
        await this.#open(st, signal);
      } catch (e) {
        if (signal?.aborted && (st === null || !st.isTerminal)) {
          // Abandoned by timeout, abort or close(): do not leave it running.
          if (st !== null) await this.#releaseStatement(false);
          else if (sent) await deleteAbandoned(this.#ctx, req, options.statementName !== undefined);
        } else if (isCoded(e) && e.code === "STATEMENT_DEGRADED") {
          // Unlike a FAILED one (deleted on close), a DEGRADED statement keeps using the compute
          // pool although this execute gave up on it: delete it now (still inspectable as `statement`).
          await this.#releaseStatement(false);
        }
        if (signal?.aborted) throw withContext(isCoded(e) ? e : toAbortError(signal), { statementName: req.name });
        throw e;
      }
      return this;
    });
  }

  /**
   * Runs `body` as the cursor's one call in flight, under the call's signal and deadline and
   * abortable by `close()` (which then waits for its cleanup).
   */
  async #call<T>(options: CallOptions, what: string, body: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
    this.#busy = true;
    const closing = new AbortController();
    const call = callSignal(options, what);
    const linked = anySignal([call.signal, closing.signal]);
    const run = body(linked.signal);
    const done = run.then(
      () => undefined,
      () => undefined,
    );
    this.#inflight = { abort: () => closing.abort(new AbortError(`${what}: the cursor was closed while the call was running`)), done };
    try {
      return await run;
    } finally {
      linked.dispose();
      call.dispose();
      this.#inflight = null;
      this.#busy = false;
    }
  }

  /** Prepares reading the COMPLETED statement's results (first page read at once). */
  async #open(st: Statement, signal: AbortSignal | undefined): Promise<void> {
    const schema = st.schema;
    if (schema === null) {
      this.#description = null;
      this.#exhausted = true;
      this.#rowCount = -1;
      return;
    }
    this.#description = describeColumns(schema);
    this.#decoder = compileStatementDecoder(this.#ctx, schema, this.#decode, st);
    this.#exhausted = false;
    this.#nextToken = null;
    if (st.traits?.isAppendOnly === false) {
      await this.#readAllFolded(signal);
    } else {
      await this.#readPage(signal);
    }
  }

  /**
   * The items of the next page that has any, or of the last page (possibly none): empty pages
   * with a next link are skipped after a pause. The statement is COMPLETED, so an empty page
   * handing back the token it was asked with makes no progress; after {@link STALLED_PAGES} in a
   * row that is a ProtocolError RESULTS_STALLED rather than a loop forever. A page with rows that
   * hands back the token it was asked with would repeat them forever: a ProtocolError at once.
   */
  async #nextItems(signal: AbortSignal | undefined): Promise<ResultsPage["data"]> {
    const st = this.#statement!;
    const backoff = new Backoff(this.#ctx.config.poll, this.#ctx.config.random);
    for (let stalled = 0; ; ) {
      await this.#pace(signal);
      const asked = this.#nextToken;
      const page = await this.#ctx.api.resultsPage(st.name, asked, { signal });
      this.#lastPageAt = Date.now();
      this.#nextToken = page.nextPageToken;
      if (page.nextPageToken === null) {
        this.#exhausted = true;
        return page.data;
      }
      if (page.data.length > 0) {
        // Reading on would fetch these very rows again, and again: refuse rather than repeat them.
        if (page.nextPageToken === asked) throw new ProtocolError(`Results of statement '${st.name}' handed back, with rows, the page token they were asked with`, { ...page.origin, path: "metadata.next" });
        return page.data;
      }
      stalled = page.nextPageToken === asked ? stalled + 1 : 0;
      if (stalled >= STALLED_PAGES) {
        throw new ProtocolError(`Results of statement '${st.name}' made no progress: ${stalled} empty pages in a row handed back the same page token`, {
          ...page.origin,
          code: "RESULTS_STALLED",
          path: "metadata.next",
        });
      }
      try {
        await sleep(backoff.next(), signal);
      } catch {
        throw toAbortError(signal, { statementName: st.name });
      }
    }
  }

  /** Reads the next rows into the buffer. */
  async #readPage(signal: AbortSignal | undefined): Promise<void> {
    const st = this.#statement!;
    const items = await this.#nextItems(signal);
    for (const item of items) {
      if (item.op !== 0) {
        throw new NotSupportedError("UNEXPECTED_CHANGELOG", `Statement '${st.name}' sent a ${item.op} changelog row in an append-only snapshot result`, { statementName: st.name });
      }
    }
    for (const item of items) this.#pending.push(item.row);
    this.#count += items.length;
    if (this.#exhausted) this.#rowCount = this.#count;
    this.#decodePending();
  }

  /**
   * Decodes the pending wire rows into the buffer, in order. A row that cannot be decoded
   * throws its DataError and stays first in line (with every row after it), so the error comes
   * back on each later fetch that needs it instead of the rows around it being lost: the page
   * token has moved on, the server would not send them again.
   */
  #decodePending(): void {
    const pending = this.#pending;
    if (pending.length === 0) return;
    const decoder = this.#decoder!;
    let i = 0;
    try {
      for (; i < pending.length; i++) this.#buffer.push(this.asDict ? decoder.toObject(pending[i]!) : decoder.toArray(pending[i]!));
    } finally {
      this.#pending = i === pending.length ? [] : pending.slice(i);
    }
  }

  /**
   * For a non-append-only result: read everything and fold the changelog into final rows, the
   * way the streaming materialiser does (changelog-table.ts). With `upsert_columns` rows are
   * keyed by those columns: `+I`/`+U` for a known key replaces its row (a bare `+U` is how upsert
   * streams update), `-U`/`-D` remove by key. Without them rows are matched by value: a
   * retraction removes the latest equal row, and a `+U` right after its `-U` takes that row's
   * place. A retraction of a row that is not there means the changelog is inconsistent: a
   * ProtocolError CHANGELOG_INCONSISTENT, never a silent skip.
   */
  async #readAllFolded(signal: AbortSignal | undefined): Promise<void> {
    const st = this.#statement!;
    const table = createChangelogTable<readonly unknown[]>({ upsertColumns: checkedUpsertColumns(st) });
    do {
      for (const item of await this.#nextItems(signal)) {
        const op = opName(item.op)!;
        try {
          table.apply(op, item.row, item.row);
        } catch (e) {
          if (!isCoded(e) || e.code !== "CHANGELOG_INCONSISTENT") throw e;
          throw new ProtocolError(`Statement '${st.name}' retracted a row it never sent (${op} without a matching +I/+U, ${table.mode} mode)`, {
            code: "CHANGELOG_INCONSISTENT",
            statementName: st.name,
            cause: e,
          });
        }
      }
    } while (!this.#exhausted);
    table.flush();
    this.#pending = table.snapshot();
    this.#count = this.#pending.length;
    this.#rowCount = this.#count;
    this.#decodePending();
  }

  async #pace(signal: AbortSignal | undefined): Promise<void> {
    const gap = this.#ctx.config.resultPageFetchPauseMs;
    if (gap <= 0 || this.#lastPageAt === 0) return;
    const wait = this.#lastPageAt + gap - Date.now();
    if (wait > 0) {
      try {
        await sleep(wait, signal);
      } catch {
        throw toAbortError(signal);
      }
    }
  }

  #assertResultSet(where: string): void {
    if (this.#statement === null) throw new InterfaceError("NO_STATEMENT", `${where}: execute() has not been called`);
    if (this.#description === null) throw new InterfaceError("NO_RESULT_SET", `${where}: the statement produced no result set`);
  }

  /** Buffered rows available now. */
  #available(): number {
    return this.#buffer.length - this.#pos;
  }

  #take(n: number): unknown[] {
    const out = this.#buffer.slice(this.#pos, this.#pos + n);
    this.#pos += out.length;
    if (this.#pos > 4096 && this.#pos * 2 > this.#buffer.length) {
      this.#buffer = this.#buffer.slice(this.#pos);
      this.#pos = 0;
    }
    return out;
  }

  async #fetch(n: number, where: string, options: CallOptions): Promise<unknown[]> {
    this.#assertUsable(where);
    this.#assertResultSet(where);
    return this.#call(options, where, async (signal) => {
      // Rows held back by a decode error come first (and throw it again) once the buffer runs short.
      if (this.#available() < n) this.#decodePending();
      while (this.#available() < n && !this.#exhausted) await this.#readPage(signal);
      return this.#take(n);
    });
  }

  /**
   * The next row, or null when there are no more. Reads the next results page only when the
   * rows already read are used up.
   *
   * @example
   * ```ts
   * await cur.execute("SELECT * FROM (VALUES (1, 'a'), (2, 'b'), (3, 'c')) AS t(n, s)");
   * await cur.fetchOne(); // [1, "a"] ({ n: 1, s: "a" } with conn.cursor({ asDict: true }))
   * ```
   * @throws InterfaceError NO_STATEMENT / NO_RESULT_SET / CURSOR_CLOSED / CURSOR_BUSY (another
   * call on this cursor is running); DataError when a value cannot be decoded (the row is not
   * skipped: every later fetch that reaches it throws again, the rows before it stay readable one
   * by one); AbortError /
   * TimeoutError from `options.signal` / `options.timeoutMs`; the HTTP errors of a page read.
   */
  async fetchOne(options: CallOptions = {}): Promise<Row | null> {
    const rows = await this.#fetch(1, "fetchOne()", options);
    return rows.length === 0 ? null : (rows[0] as Row);
  }

  /**
   * Up to `size` rows (default `arraySize`); fewer only at the end of the result, `[]` after it.
   *
   * @example
   * ```ts
   * await cur.execute("SELECT * FROM (VALUES (1, 'a'), (2, 'b'), (3, 'c')) AS t(n, s)");
   * await cur.fetchOne();  // [1, "a"]
   * await cur.fetchMany(5); // [[2, "b"], [3, "c"]]
   * await cur.fetchMany(5); // []
   * ```
   * @throws InterfaceError FETCH_SIZE_INVALID for a size that is not a positive integer; otherwise
   * as fetchOne.
   */
  async fetchMany(size?: number, options: CallOptions = {}): Promise<Row[]> {
    const n = size ?? this.#arraySize;
    if (typeof n !== "number" || !Number.isInteger(n) || n < 1) throw new InterfaceError("FETCH_SIZE_INVALID", "fetchMany(): size must be a positive integer");
    return (await this.#fetch(n, "fetchMany()", options)) as Row[];
  }

  /**
   * All remaining rows, reading every page left; `[]` at the end of the result. `rowCount` is
   * known afterwards.
   *
   * @example
   * ```ts
   * await cur.execute("SELECT * FROM (VALUES (1, 'a'), (2, 'b'), (3, 'c')) AS t(n, s)");
   * await cur.fetchAll(); // [[1, "a"], [2, "b"], [3, "c"]]
   * cur.rowCount;         // 3
   * ```
   * @throws InterfaceError NO_STATEMENT / NO_RESULT_SET / CURSOR_CLOSED / CURSOR_BUSY, and the
   * errors of fetchOne.
   */
  async fetchAll(options: CallOptions = {}): Promise<Row[]> {
    return (await this.#fetch(Number.POSITIVE_INFINITY, "fetchAll()", options)) as Row[];
  }

  /**
   * Iterates the remaining rows (`for await (const row of cur)`), `arraySize` rows per read.
   * Leaving the loop early keeps the cursor open: close it to delete the statement.
   *
   * @example
   * ```ts
   * await cur.execute("SELECT * FROM (VALUES (1, 'a'), (2, 'b'), (3, 'c')) AS t(n, s)");
   * for await (const [n, s] of cur as Cursor<[number, string]>) console.log(n, s); // 1 a, 2 b, 3 c
   * ```
   * @throws (from the loop) what fetchMany throws: InterfaceError NO_STATEMENT / NO_RESULT_SET /
   * CURSOR_CLOSED / CURSOR_BUSY, a DataError for a value that cannot be decoded.
   */
  async *[Symbol.asyncIterator](): AsyncGenerator<Row, void, undefined> {
    for (;;) {
      const rows = await this.#fetch(Math.max(1, this.#arraySize), "iteration", {});
      if (rows.length === 0) return;
      yield* rows as Row[];
    }
  }

  /**
   * DB-API no-op, kept so ported code runs: parameters are rendered as literals, there are no
   * input buffers to size. Never throws, whatever the argument.
   *
   * @example
   * ```ts
   * cur.setInputSizes([null, 100]); // does nothing
   * ```
   */
  setInputSizes(_sizes: unknown): void {}

  /**
   * DB-API no-op, kept so ported code runs: results arrive as JSON pages, there are no output
   * buffers to size. Never throws, whatever the arguments.
   *
   * @example
   * ```ts
   * cur.setOutputSize(1000, 2); // does nothing
   * ```
   */
  setOutputSize(_size: unknown, _column?: unknown): void {}

  /** Deletes the statement this cursor created (finished, or abandoned by a failed execute). */
  async #releaseStatement(forget = true): Promise<void> {
    const name = this.#owned;
    this.#owned = null;
    if (forget) this.#statement = null;
    if (name !== null && !this.#ctx.closed) await deleteQuietly(this.#ctx, name);
  }

  #reset(): void {
    this.#description = null;
    this.#decoder = null;
    this.#buffer = [];
    this.#pos = 0;
    this.#pending = [];
    this.#nextToken = null;
    this.#exhausted = true;
    this.#count = 0;
    this.#rowCount = -1;
    this.#lastPageAt = 0;
  }

  /**
   * Closes the cursor and deletes its statement. A call still running (an execute waiting for
   * its statement, a fetch) is aborted with an AbortError first, and the statement it created is
   * deleted too. Idempotent. Never throws: the delete is best-effort, so a failed one cannot
   * hide the error that made the caller close. Later calls throw InterfaceError `CURSOR_CLOSED`.
   *
   * @example
   * ```ts
   * await cur.execute("SELECT 1");
   * await cur.close();    // the statement is deleted
   * await cur.fetchOne(); // rejects: InterfaceError, code "CURSOR_CLOSED"
   * ```
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#unregister();
    const running = this.#inflight;
    if (running !== null) {
      running.abort();
      await running.done;
    }
    await this.#releaseStatement(false);
    this.#reset();
  }

  /**
   * `await using cur = conn.cursor()` closes it (deleting its statement) at the end of the
   * block. Never throws, as close().
   *
   * @example
   * ```ts
   * {
   *   await using cur = conn.cursor();
   *   await cur.execute("SELECT 1");
   *   await cur.fetchAll(); // [[1]]
   * } // the statement is deleted here
   * ```
   */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/**
 * `traits.upsert_columns` of a statement, checked against its schema: a key column the rows do
 * not have would fold every row onto one key.
 */
function checkedUpsertColumns(st: Statement): readonly number[] | null {
  const cols = st.traits?.upsertColumns ?? null;
  const width = st.schema?.length ?? 0;
  if (cols === null) return null;
  for (const i of cols) {
    if (!Number.isInteger(i) || i < 0 || i >= width) {
      throw new ProtocolError(`Statement '${st.name}' names upsert column ${String(i)}, but its schema has ${width} columns`, {
        path: "status.traits.upsert_columns",
        statementName: st.name,
      });
    }
  }
  return cols;
}

function isCoded(e: unknown): e is ConfluentSqlError {
  return typeof e === "object" && e !== null && typeof (e as { code?: unknown }).code === "string";
}

/**
 * Runs DDL (or any statement without results) and returns its final statement.
 * Snapshot: waits for a terminal phase, then deletes the statement. Streaming: pure DDL waits for
 * a terminal phase (and is deleted); CTAS, INSERT INTO and the like return once RUNNING and keep running.
 * A call that fails or is abandoned (timeout, abort) before that deletes its statement best-effort,
 * also when the abort came while the create was unanswered (as `Cursor.execute` does); one
 * abandoned before its create POST was sent sends nothing at all.
 */
export async function runDdl(ctx: ClientContext, sql: string | SqlText, params: readonly unknown[] | Record<string, unknown> | undefined, options: StatementOptions, snapshot: boolean): Promise<Statement> {
  ctx.assertOpen();
  const where = snapshot ? "executeSnapshotDdl()" : "executeStreamingDdl()";
  const text = renderSql(sql, params, where);
  const req = buildCreateRequest(ctx.config, text, options, snapshot, where);
  const call = callSignal(options, `Statement '${req.name}'`);
  let st: Statement | null = null;
  let sent = false;
  try {
    st = await ctx.api.create(req, { signal: call.signal, onSend: () => (sent = true) });
    const ready = snapshot
      ? (s: Statement) => s.isTerminal
      : (s: Statement) => s.isTerminal || (s.phase === "RUNNING" && !PURE_DDL.has(s.traits?.sqlKind ?? ""));
    st = await waitUntil(ctx, st, ready, call.signal);
    if (st.isTerminal) await deleteQuietly(ctx, st.name);
    return st;
  } catch (e) {
    // A failed, stopped or abandoned DDL statement is of no further use: clean it up.
    if (st !== null && (call.signal?.aborted || e instanceof StatementFailedError || e instanceof StatementStoppedError)) {
      await deleteQuietly(ctx, st.name);
    } else if (st === null && sent && call.signal?.aborted) {
      // Abandoned while the create was unanswered: the server may have created it, and an
      // INSERT INTO or CTAS would then run on although the caller got a TimeoutError/AbortError.
      // (Abandoned before the POST left: there is nothing to clean up, so nothing is sent.)
      await deleteAbandoned(ctx, req, options.statementName !== undefined);
    }
    if (call.signal?.aborted && !isCoded(e)) throw toAbortError(call.signal, { statementName: req.name });
    throw e;
  } finally {
    call.dispose();
  }
}

const PURE_DDL = new Set(["CREATE_TABLE", "DROP_TABLE", "CREATE_VIEW", "DROP_VIEW", "ALTER_TABLE", "CREATE_FUNCTION", "DROP_FUNCTION", "ALTER_VIEW"]);
