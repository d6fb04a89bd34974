/**
 * The streaming cursor: runs a statement in streaming mode and reads its (usually unbounded)
 * results as rows or changelog events, with the Python driver's cursor semantics plus Web
 * Streams, backpressure, cancellation and honest endings.
 *
 * - `execute` returns once the statement is RUNNING (DDL and bounded changelogs: terminal).
 * - `fetchOne`/`fetchMany` never wait: buffered rows first, else at most ONE page request.
 * - `for await` and `stream()` wait for rows, backing off on empty pages (idle-backoff.ts).
 * - `stream()` is pull-based: a page is requested only when the consumer's queue is below its
 *   high-water mark and holds no rows of the previous page (requesting a page acknowledges the
 *   rows before it server-side), so memory stays bounded by that mark plus one page, and
 *   `resumePosition` always covers every row not yet handed to the consumer.
 * - Cancelling (AbortSignal, `stream.cancel()`, `break`, `close()`, `await using`) aborts the
 *   in-flight request, waits for it to settle, then applies the `onCancel` policy to the
 *   statement this cursor started: `"stop"` (default), `"delete"` or `"detach"`.
 * - The end of results is a page without a next link; the cursor then re-reads the statement
 *   and ends cleanly (COMPLETED, stopped by us) or throws a coded error (FAILED with detail and
 *   exceptions, stopped or deleted by someone else).
 *
 * Must not import the Connection (it gets a StreamingBackend) nor anything Node-only.
 */
import { InterfaceError, NotSupportedError, ProgrammingError, ProtocolError, StatementNotFoundError } from "../../errors.ts";
import type { Column } from "../../types/model.ts";
import type { MaterializedChange } from "./changelog-table.ts";
import { ChangelogCompressor, type CompressorOptions } from "./compressor.ts";
import { IdleBackoff, sleep } from "./idle-backoff.ts";
import { brokenStatementError, deletedError, endingError, isNotFound, isPoolExhausted, isReady, isTerminalPhase } from "./lifecycle.ts";
import { poolExhaustedError } from "../phase-errors.ts";
import { createChangelogTable } from "./materialize.ts";
import { MetricsRecorder, type StreamMetrics } from "./metrics.ts";
import { changeEvent, opName, type ChangeEvent, type ChangeOp } from "./ops.ts";
import type { ColumnDescription } from "../cursor.ts";
import type { RowDecoderView, StatementView, StreamingApi, StreamingBackend } from "./port.ts";
import { CURSOR_INTERNALS } from "./internals.ts";
import { abortReason, anySignal, timeoutSignal } from "./signals.ts";
import { defaultStatementName } from "../submit.ts";
import type {
  AttachOptions,
  CancelPolicy,
  CursorInternals,
  FetchOptions,
  RawItem,
  ResultStream,
  ResumePosition,
  StreamItem,
  StreamOptions,
  StreamingCursorOptions,
  StreamingExecuteOptions,
} from "./types.ts";

/** A wire item waiting in the page buffer (decoded only when taken). */
interface WireItem {
  readonly op: number;
  readonly row: readonly unknown[];
}

const DEFAULT_ARRAY_SIZE = 100;
/** Longest a cancel waits for its stop/delete request. */
const CANCEL_TIMEOUT_MS = 10_000;

/** Internal: our statement is PENDING on an exhausted compute pool (see execute()). */
class NotAccepted extends Error {
  constructor(readonly statement: StatementView) {
    super(`Statement '${statement.name}' was not accepted by its compute pool`);
  }
}

/**
 * Runs a statement in streaming mode (`conn.streamingCursor()`) and reads its usually unbounded
 * results: rows for append-only statements, `{ op, row }` change events otherwise. `fetchOne`
 * and `fetchMany` never wait (at most one page request); `for await` and `stream()` wait,
 * backing off while pages are empty. The end of the results is honest: clean when the statement
 * COMPLETED or this cursor stopped it, a coded error when it FAILED or someone else stopped or
 * deleted it. Cancelling (a signal, `break`, `stream.cancel()`, `close()`) applies the
 * `onCancel` policy to a statement this cursor started: `"stop"` (default), `"delete"` or
 * `"detach"`.
 *
 * @example
 * ```ts
 * await using cur = conn.streamingCursor();
 * await cur.execute("SELECT customer_id, COUNT(*) FROM orders GROUP BY customer_id");
 * for await (const { op, row } of cur.stream<ChangeEvent<unknown[]>>()) console.log(op, row);
 * ```
 */
export class StreamingCursor<R = unknown[]> {
  readonly #backend: StreamingBackend;
  /** The backend's API with every call counted in the metrics and awaited by a cancel. */
  readonly #api: StreamingApi;
  readonly #options: StreamingCursorOptions;
  /** Default `fetchMany` size. */
  arraySize: number;

  #statement: StatementView | null = null;
  #ownsStatement = false;
  #policy: CancelPolicy = "stop";
  #stoppedByUs = false;
  #deletedByUs = false;
  #released = false;
  #closed = false;
  #releaseError: unknown = undefined;
  /** The stop/delete of the current statement once started; concurrent cancels share it. */
  #releasing: Promise<void> | null = null;
  /**
   * The SQL of a create POST under a caller-chosen name whose answer has not arrived. The name
   * may belong to another job (the POST would then be refused), so a cancel first reads who
   * holds it. Null for generated names: those are ours by construction.
   */
  #unconfirmedSql: string | null = null;
  /** The create request of the current statement has not left yet: a cancel sends nothing. */
  #unsent = false;
  /** Statements-API calls in flight (submit, statement reads, exceptions, stop/delete). */
  readonly #calls = new Set<Promise<unknown>>();

  #decoder: RowDecoderView | null = null;
  #columns: readonly Column[] = [];
  #changelog = false;
  #items: WireItem[] = [];
  #head = 0;
  #token: string | null = null;
  #exhausted = true;
  #ended = false;
  #endError: unknown = undefined;
  #lastPageEmpty = false;
  #inflight: Promise<number> | null = null;
  /** The token that requested the page whose rows are buffered (or were taken last). */
  #pageOrigin: string | null = null;
  /** Rows of that page taken from the buffer so far (rows skipped on attach included). */
  #pageTaken = 0;
  /** That page had no next link. */
  #finalPage = false;
  /** Rows still to drop from the first page(s) read after `attach(..., { skip })`. */
  #skip = 0;
  /** Items the open stream has queued that its consumer has not read yet. */
  #queued: () => number = zero;
  /** The position when reading was cancelled (the buffer is dropped then). */
  #frozenPosition: ResumePosition | null = null;
  /** execute/attach completed for the current statement (a placeholder exists during the POST). */
  #readable = false;
  #activity = new AbortController();
  #streamOpen = false;
  // Bumped by every execute/attach, so a stream or iterator of an earlier statement stops.
  #generation = 0;
  #metrics = new MetricsRecorder();
  #backoff: IdleBackoff;
  #unregister: (() => void) | undefined;

  /**
   * A cursor over any {@link StreamingBackend} (a fake in tests, another transport);
   * `conn.streamingCursor()` builds one over the connection. Never throws for a well-formed
   * backend: options are not checked here (a bad `arraySize` fails at `fetchMany`).
   */
  constructor(backend: StreamingBackend, options: StreamingCursorOptions = {}) {
    this.#backend = backend;
    this.#api = this.#meteredApi(backend.api);
    this.#options = options;
    this.arraySize = options.arraySize ?? DEFAULT_ARRAY_SIZE;
    this.#backoff = new IdleBackoff(options.idleBackoff);
    // Closing the connection closes its streaming cursors (cancelling per policy).
    this.#unregister = backend.onClose?.(() => this.close());
  }

  // ---- introspection ----

  /** The statement as last read from the server (refreshed at the end of results); null before execute. */
  get statement(): StatementView | null {
    return this.#statement;
  }

  /** The statement's name; null before execute. */
  get statementName(): string | null {
    return this.#statement?.name ?? null;
  }

  /** Result columns; empty before execute and for statements without results (DDL, INSERT INTO). */
  get columns(): readonly Column[] {
    return this.#columns;
  }

  /** DB-API `description` (name, type code, sizes, nullability, full type) of the result columns; null without results. */
  get description(): ColumnDescription[] | null {
    if (this.#decoder === null) return null;
    return this.#backend.describe?.(this.#columns) ?? null;
  }

  /**
   * True when more rows may still come: a result schema, not closed, and the end not yet
   * reached. After the last page it stays true until a fetch has re-read the statement, so a
   * `while (cur.mayHaveResults) await cur.fetchMany()` loop sees how the results ended (a
   * coded error when the statement failed or was stopped by someone else).
   */
  get mayHaveResults(): boolean {
    return !this.#closed && this.#decoder !== null && !this.#ended;
  }

  /** True when items are `{ op, row }` change events (the statement is not append-only). */
  get returnsChangelog(): boolean {
    return this.#decoder !== null && this.#statement?.traits?.isAppendOnly === false;
  }

  /**
   * Where to resume reading with `attach(name, cursor.resumePosition)`: the page holding the
   * first row not yet handed to the consumer, plus how many of its rows were. Rows buffered in
   * the cursor or queued in an open `stream()` count as not handed over, so a resume loses
   * nothing; with the skip count it repeats nothing either (except in a rare race between a
   * stream read and cancel, where a row may come again: at-least-once). To keep the position
   * replayable on the forward-only gateway (requesting a page acknowledges the rows before
   * it), the next page is requested only once every row of the current one was handed over.
   * Unchanged by close() and cancellation; `{ pageToken: null, skip: 0 }` before any page.
   *
   * @example
   * ```ts
   * for await (const row of cur) { await save(row); await kv.put("pos", JSON.stringify(cur.resumePosition)); }
   * // later, elsewhere:
   * const again = await conn.attach(name, JSON.parse(await kv.get("pos")));
   * ```
   */
  get resumePosition(): ResumePosition {
    return this.#frozenPosition ?? this.#position();
  }

  /**
   * The page token of {@link resumePosition} (null: from the start). Resuming from it without
   * the skip count is at-least-once: rows of that page already delivered come again.
   */
  get pageToken(): string | null {
    return this.resumePosition.pageToken;
  }

  /** Counters of this cursor's reading (reset by execute). */
  get metrics(): StreamMetrics {
    return this.#metrics.snapshot();
  }

  /** True after close(). */
  get closed(): boolean {
    return this.#closed;
  }

  /** The error a best-effort stop/delete on cancel ran into, if any (cancel itself never throws it). */
  get cancelError(): unknown {
    return this.#releaseError;
  }

  // ---- execute / attach ----

  /**
   * Submits `sql` in streaming mode and returns once it is RUNNING (see module comment).
   * A statement this cursor started earlier is first cancelled per its policy.
   *
   * @example await cur.execute("SELECT * FROM orders WHERE price > %s", [100]);
   * @throws ProgrammingError `EMPTY_STATEMENT`; StatementFailedError `STATEMENT_FAILED` or
   * `STATEMENT_DEGRADED` (with the server detail); StatementStoppedError;
   * ComputePoolExhaustedError; AbortError / TimeoutError; InterfaceError `CURSOR_CLOSED` (also
   * when the cursor or its connection is closed while execute runs). Whenever execute fails
   * after the statement was created, the statement is cancelled per policy first. A cancel
   * that comes while the create POST of a caller-chosen `statementName` is unanswered first
   * reads the statement by that name and stops or deletes it only if it carries this SQL: the
   * name may belong to another job whose statement the POST could not replace.
   */
  async execute(sql: string | { readonly text: string }, params?: readonly unknown[] | Record<string, unknown>, options: StreamingExecuteOptions = {}): Promise<this> {
    this.#assertOpen();
    // Bad input fails before anything changes (the previous statement keeps running).
    const text = this.#render(sql, params);
    await this.#cancel(this.#policy);
    this.#assertOpen();
    this.#reset();
    const timeout = timeoutSignal(options.timeoutMs, "execute");
    const link = anySignal([options.signal, timeout.signal, this.#activity.signal]);
    this.#policy = options.onCancel ?? this.#options.onCancel ?? "stop";
    // The name is fixed before the POST, so a cancel (close, conn.close, abort, timeout) that
    // comes while the POST is in flight knows which statement to stop or delete.
    const name = options.statementName ?? this.#backend.statementName?.() ?? defaultStatementName();
    this.#statement = { name, phase: "PENDING" };
    this.#ownsStatement = true;
    this.#released = false;
    this.#unconfirmedSql = options.statementName === undefined ? null : text;
    let created = false;
    this.#unsent = true;
    try {
      // Aborted already: the POST would be refused at once, so nothing is sent at all.
      if (link.signal.aborted) throw link.signal.reason;
      if (this.#backend.api.reportsSend !== true) this.#unsent = false;
      const generation = this.#generation;
      const submitted = await this.#api.submit(text, {
        onSend: () => {
          if (generation === this.#generation) this.#unsent = false;
        },
        signal: link.signal,
        statementName: name,
        labels: options.labels,
        properties: options.properties,
        computePoolId: options.computePoolId,
        catalog: options.catalog,
        database: options.database,
      });
      created = true;
      // Created, so sent (also for a backend that forgot to report it).
      this.#unsent = false;
      this.#unconfirmedSql = null;
      this.#statement = submitted;
      // A backend may answer although the POST was aborted: the cursor may be closed by now.
      if (link.signal.aborted) throw link.signal.reason;
      const ready = await this.#waitReady(submitted, link.signal);
      if (link.signal.aborted) throw link.signal.reason;
      this.#startReading(ready, null, 0);
      return this;
    } catch (e) {
      if (link.signal.aborted) {
        const err = this.#closed
          ? new InterfaceError("CURSOR_CLOSED", `The cursor was closed while executing statement '${name}'`, { statementName: name })
          : abortReason(link.signal, name);
        await this.#cancel(this.#policy);
        throw err;
      }
      if (!created) {
        // Refused (bad SQL, name taken by another statement): there is nothing of ours to cancel.
        this.#statement = null;
        this.#ownsStatement = false;
        this.#released = true;
        throw e;
      }
      if (e instanceof NotAccepted) {
        // It would wait in the pool's queue indefinitely: deleted whatever the policy, as the
        // snapshot cursor and the Python driver do.
        await this.#cancel("delete");
        throw poolExhaustedError(e.statement, this.#deletedByUs && this.#releaseError === undefined ? "deleted" : "delete-failed");
      }
      // The statement exists but execute failed (it will not run, or could not be watched):
      // the caller never got to read it, so it is cancelled per policy (a no-op once terminal).
      await this.#cancel(this.#policy);
      throw e;
    } finally {
      link.dispose();
      timeout.dispose();
    }
  }

  /** @internal Used by {@link attachStreamingCursor}. */
  async _attach(statementName: string, options: AttachOptions): Promise<this> {
    this.#assertOpen();
    const skip = options.skip ?? 0;
    if (!Number.isInteger(skip) || skip < 0) {
      throw new InterfaceError("INVALID_ARGUMENT", `attach(): skip must be a non-negative integer, got ${String(skip)}`);
    }
    this.#reset();
    this.#policy = options.onCancel ?? "detach";
    const timeout = timeoutSignal(options.timeoutMs, "attach");
    const link = anySignal([options.signal, timeout.signal, this.#activity.signal]);
    try {
      let st: StatementView;
      try {
        st = await this.#api.get(statementName, { signal: link.signal });
      } catch (e) {
        if (isNotFound(e)) {
          throw new StatementNotFoundError("STATEMENT_NOT_FOUND", `Statement '${statementName}' does not exist`, {
            statementName,
            status: 404,
            cause: e,
          });
        }
        throw e;
      }
      this.#statement = st;
      this.#ownsStatement = false;
      this.#released = false;
      const ready = await this.#waitReady(st, link.signal);
      this.#startReading(ready, options.pageToken ?? null, skip);
      return this;
    } catch (e) {
      if (link.signal.aborted) throw abortReason(link.signal, statementName);
      throw e;
    } finally {
      link.dispose();
      timeout.dispose();
    }
  }

  // ---- non-blocking fetches ----

  /**
   * The next row or event, or null if none has arrived yet (or the results ended). Makes at
   * most one page request.
   *
   * @example
   * ```ts
   * await cur.execute("SELECT order_id, price FROM `examples`.`marketplace`.`orders`");
   * await cur.fetchOne(); // ["5600498a-e055-4db9-b81b-d3da4540d3ee", 54.79], or null if none yet
   * ```
   * @throws InterfaceError `NOT_EXECUTED`, `NO_RESULTS` (DDL, INSERT INTO) or `CURSOR_CLOSED`;
   * the honest-ending errors (StatementFailedError, StatementStoppedError,
   * StatementNotFoundError `STATEMENT_DELETED`) once the results end that way; AbortError /
   * TimeoutError when `options.signal` / `options.timeoutMs` ends the page request; DataError for
   * a value that cannot be decoded (nothing is consumed by that call and the row is not skipped:
   * later fetches that reach it throw again).
   */
  async fetchOne(options: FetchOptions = {}): Promise<StreamItem<R> | null> {
    const items = await this.fetchMany(1, options);
    return items[0] ?? null;
  }

  /**
   * Up to `size` rows or events that are available now: buffered ones without a request,
   * else those of at most one new page. `[]` means "nothing yet" while `mayHaveResults`.
   *
   * @example
   * ```ts
   * await cur.execute("SELECT customer_id, COUNT(*) AS n FROM `examples`.`marketplace`.`orders` GROUP BY customer_id");
   * await cur.fetchMany(2); // [{ op: "+I", code: 0, row: [3249, 1] }, { op: "+I", code: 0, row: [3140, 1] }]
   * ```
   * @throws InterfaceError `INVALID_ARGUMENT` for a size that is not a positive integer; see fetchOne.
   */
  async fetchMany(size: number = this.arraySize, options: FetchOptions = {}): Promise<StreamItem<R>[]> {
    this.#assertReadable();
    if (!Number.isInteger(size) || size <= 0) {
      throw new InterfaceError("INVALID_ARGUMENT", `fetchMany size must be a positive integer, got ${String(size)}`);
    }
    if (this.#buffered() === 0) {
      if (this.#exhausted) {
        await this.#finish();
        return [];
      }
      // "Never block": a 409 not ready is "nothing yet", not a retry loop.
      await this.#withDeadline(options, "fetchMany", (signal) => this.#fetchPage(signal, "return"));
      if (this.#buffered() === 0) {
        if (this.#exhausted) await this.#finish();
        return [];
      }
    }
    return this.#take(size);
  }

  /**
   * Every remaining row of a bounded statement (waits for the end).
   *
   * @example
   * ```ts
   * await cur.execute("SELECT 1 AS x UNION ALL SELECT 2");
   * await cur.fetchAll(); // [[1], [2]]
   * ```
   * @throws NotSupportedError `FETCH_ALL_UNBOUNDED` when the statement is unbounded (an
   * unbounded fetchAll would never return); otherwise as fetchOne.
   */
  async fetchAll(options: FetchOptions = {}): Promise<StreamItem<R>[]> {
    this.#assertReadable();
    if (this.#statement?.traits?.isBounded === false) {
      throw new NotSupportedError("FETCH_ALL_UNBOUNDED", "fetchAll is not supported on an unbounded streaming statement; iterate or use stream()", {
        statementName: this.#statement.name,
      });
    }
    return this.#withDeadline(options, "fetchAll", async (signal) => {
      const out: StreamItem<R>[] = [];
      while (await this.#waitForItems(signal)) {
        for (const item of this.#take(Number.MAX_SAFE_INTEGER)) out.push(item);
      }
      return out;
    });
  }

  /**
   * Waits for rows: yields items as pages arrive, backing off while pages are empty, until the
   * results end (cleanly or with a coded error). `break` cancels the statement per policy.
   *
   * @example
   * ```ts
   * await cur.execute("SELECT order_id, price FROM `examples`.`marketplace`.`orders`");
   * let n = 0;
   * for await (const row of cur) {
   *   console.log(row);      // ["5600498a-e055-4db9-b81b-d3da4540d3ee", 54.79], ...
   *   if (++n === 10) break; // stops the statement (onCancel "stop")
   * }
   * ```
   * @throws (from the loop) what fetchOne throws, an error thrown in the loop body after the
   * statement was cancelled, and InterfaceError `CURSOR_REUSED` once the cursor has executed
   * another statement.
   */
  async *[Symbol.asyncIterator](): AsyncGenerator<StreamItem<R>, void, undefined> {
    this.#assertReadable();
    const generation = this.#generation;
    const name = this.#statement!.name;
    let clean = false;
    try {
      while (await this.#waitForItems(undefined)) {
        while (this.#buffered() > 0) {
          if (generation !== this.#generation) throw superseded(name);
          const [item] = this.#take(1);
          yield item!;
        }
      }
      clean = true;
    } finally {
      // A break or an error: the statement is cancelled per policy (a no-op when it already
      // ended server-side), so a failed read does not leave it running until close().
      if (!clean && generation === this.#generation) await this.#cancel(this.#policy);
    }
  }

  /**
   * The results as a pull-based ReadableStream (see module comment). One stream at a time per
   * cursor. Usable with `pipeThrough`, `pipeTo`, `for await` and as a `Response` body.
   *
   * Items are rows for an append-only statement and `{ op, row }` change events otherwise
   * (`returnsChangelog`), which only the server's traits decide; the type parameter lets a
   * caller who knows which say so without a cast.
   *
   * @example
   * ```ts
   * return new Response(cur.stream().pipeThrough(ndjsonEncoder()), { headers: { "content-type": NDJSON_CONTENT_TYPE } });
   * // A changelog query, materialised for a UI:
   * const changes = cur.stream<ChangeEvent<unknown[]>>().pipeThrough(materializeChanges());
   * ```
   * @throws InterfaceError `STREAM_ALREADY_OPEN`, `NO_RESULTS` (DDL), `NOT_EXECUTED`, `CURSOR_CLOSED`.
   */
  stream<T extends StreamItem<R> = StreamItem<R>>(options: StreamOptions = {}): ResultStream<T> {
    return this.#openStream<T>(options, undefined);
  }

  /**
   * `stream()`, plus `onIdle`: called each time the server had nothing more (the last page came
   * back empty and nothing is buffered), just before the stream idles. `changes()` uses it.
   */
  #openStream<T extends StreamItem<R>>(options: StreamOptions, onIdle: (() => void) | undefined): ResultStream<T> {
    this.#assertReadable();
    if (this.#streamOpen) throw new InterfaceError("STREAM_ALREADY_OPEN", "This cursor already has an open stream");
    this.#streamOpen = true;
    const policy = options.onCancel ?? this.#policy;
    const signal = options.signal;
    const name = this.#statement!.name;
    const generation = this.#generation;
    const hwm = Math.max(0, options.highWaterMark ?? 1);
    let done = false;
    let ctl: ReadableStreamDefaultController<StreamItem<R>> | undefined;
    let onAbort: (() => void) | undefined;
    // Items queued in the stream, not yet read. Read from the controller while the stream is
    // live; frozen once it ended (a cancel has already emptied the queue when we hear of it,
    // so the value from before, refreshed on every pull, is kept).
    let queued = 0;
    const refreshQueued = (): number => {
      const d = done ? null : (ctl?.desiredSize ?? null);
      if (d !== null) queued = Math.max(0, hwm - d);
      return queued;
    };
    this.#queued = refreshQueued;
    const finishStream = (): void => {
      done = true;
      this.#streamOpen = false;
      if (onAbort !== undefined) signal?.removeEventListener("abort", onAbort);
    };
    const stream = new ReadableStream<StreamItem<R>>(
      {
        start: (controller) => {
          ctl = controller;
          onAbort = () => {
            if (done) return;
            refreshQueued();
            finishStream();
            const reason = abortReason(signal, name);
            // The stream errors only once the cancel (aborted request, stop) has settled, so
            // nothing of it is left in flight when the consumer sees the AbortError.
            void this.#cancelIfCurrent(generation, policy).then(() => controller.error(reason));
          };
          if (signal?.aborted) onAbort();
          else signal?.addEventListener("abort", onAbort, { once: true });
        },
        pull: async (controller) => {
          try {
            for (;;) {
              if (done) return;
              if (generation !== this.#generation) throw superseded(name);
              if (this.#buffered() > 0) {
                // At least one item per pull: with highWaterMark 0 a pull means a read waits.
                do controller.enqueue(this.#take(1)[0]!);
                while ((controller.desiredSize ?? 0) > 0 && this.#buffered() > 0);
                refreshQueued();
                return;
              }
              // Requesting the next page acknowledges this one server-side: wait until the
              // consumer has read what is queued (a read calls pull again), so resumePosition
              // stays replayable. Every await below thus starts with an empty queue.
              if (refreshQueued() > 0) return;
              if (this.#exhausted) {
                await this.#finish();
                if (done) return;
                finishStream();
                controller.close();
                return;
              }
              if (this.#lastPageEmpty) {
                onIdle?.();
                await this.#idleWait(signal);
              }
              await this.#fetchPage(signal);
            }
          } catch (e) {
            if (done) return; // cancelled or aborted meanwhile: the stream already has its ending
            refreshQueued();
            finishStream();
            await this.#cancelIfCurrent(generation, policy);
            throw e;
          }
        },
        cancel: async () => {
          if (done) return;
          finishStream();
          await this.#cancelIfCurrent(generation, policy);
        },
      },
      { highWaterMark: hwm, size: () => 1 },
    );
    const metrics = this.#metrics;
    Object.defineProperties(stream, {
      statementName: { value: name, enumerable: true },
      statement: { get: () => (generation === this.#generation ? this.#statement : null), enumerable: true },
      metrics: { get: () => metrics.snapshot(), enumerable: true },
      resumePosition: { get: () => (generation === this.#generation ? this.resumePosition : { pageToken: null, skip: 0 }), enumerable: true },
      [Symbol.asyncDispose]: { value: () => stream.cancel() },
    });
    return stream as unknown as ResultStream<T>;
  }

  /**
   * The changelog as materialised changes (insert / update / delete of rows with stable ids),
   * for UIs that patch a view: `stream()` piped through {@link materializeChanges} with this
   * statement's upsert columns. Cancelling it cancels the stream (and the statement, per policy).
   * Unlike a bare `materializeChanges`, it knows when the server has nothing more: a `-U` still
   * alone then comes out as a `delete` (a filter over the aggregate dropped its `+U`).
   *
   * @example for await (const c of cur.changes()) if (c.type === "update") view.patch(c.id, c.row);
   * @throws InterfaceError `NOT_A_CHANGELOG` when the statement is append-only.
   */
  changes(options: StreamOptions & { readonly onMissing?: "error" | "ignore" } = {}): ReadableStream<MaterializedChange<R>> {
    this.#assertReadable();
    if (!this.returnsChangelog) {
      throw new InterfaceError("NOT_A_CHANGELOG", "changes() needs a statement that returns a changelog (not append-only)");
    }
    const table = createChangelogTable<R>({
      upsertColumns: this.#statement!.traits?.upsertColumns ?? null,
      columnNames: this.#columns.map((c) => c.name),
      onMissing: options.onMissing ?? "error",
    });
    // A direct wrapper rather than pipeThrough, so cancel() resolves only once the source
    // stream's cancellation (abort, policy) has completed.
    let out: ReadableStreamDefaultController<MaterializedChange<R>> | undefined;
    // A -U still alone when the server has nothing more lost its +U to a filter over the
    // aggregate (Flink emits the two together): it is a delete, or a quiet stream would keep
    // showing a row that left the result (as the compressor does).
    const onIdle = (): void => {
      if (out !== undefined && !ended && table.updatePending) table.flush((c) => out!.enqueue(c));
    };
    let ended = false;
    const reader = this.#openStream<ChangeEvent<R>>(options, onIdle).getReader();
    return new ReadableStream<MaterializedChange<R>>(
      {
        start(controller) {
          out = controller;
        },
        async pull(controller) {
          for (;;) {
            const next = await reader.read();
            if (next.done) {
              ended = true;
              table.flush((c) => controller.enqueue(c));
              controller.close();
              return;
            }
            let emitted = false;
            table.apply(next.value.op, next.value.row, undefined, (c) => {
              controller.enqueue(c);
              emitted = true;
            });
            if (emitted) return;
          }
        },
        cancel: (reason) => {
          ended = true;
          return reader.cancel(reason);
        },
      },
      { highWaterMark: 0 },
    );
  }

  /**
   * A changelog compressor over this cursor's events (materialised snapshots and changes).
   * Create it before reading anything: events read by other calls never reach it, and a
   * retraction of a row it never saw is `CHANGELOG_INCONSISTENT`.
   *
   * @example
   * ```ts
   * await cur.execute("SELECT customer_id, COUNT(*) AS n FROM `examples`.`marketplace`.`orders` GROUP BY customer_id");
   * const table = cur.changelogCompressor();
   * await table.currentSnapshot(); // [[3226, 13], [3053, 1], ...]: one row per customer
   * ```
   * @throws InterfaceError `NOT_A_CHANGELOG` when the statement is append-only or has no results.
   */
  changelogCompressor(options: CompressorOptions = {}): ChangelogCompressor<R> {
    this.#assertReadable();
    if (!this.returnsChangelog) {
      throw new InterfaceError("NOT_A_CHANGELOG", "The changelog compressor needs a statement that returns a changelog (not append-only)");
    }
    return new ChangelogCompressor<R>(this, this.#statement!.traits?.upsertColumns ?? null, options);
  }

  /** @internal */
  [CURSOR_INTERNALS](): CursorInternals<R> {
    const generation = this.#generation;
    return {
      buffered: () => this.#buffered(),
      exhausted: () => this.#exhausted,
      lastPageEmpty: () => this.#lastPageEmpty,
      takeRaw: (max) => this.#takeRaw(max),
      fetchPage: (signal, notReady) => this.#fetchPage(signal, notReady),
      idleWait: (signal) => this.#idleWait(signal),
      finish: () => this.#finish(),
      cancel: () => this.#cancelIfCurrent(generation, this.#policy),
      columns: () => this.#columns,
    };
  }

  // ---- statement control ----

  /**
   * Stops the statement now, whatever the `onCancel` policy: buffered rows are dropped and the
   * results end cleanly. No-op before execute and for a statement already stopped. Never
   * throws: a failed stop request is kept in `cancelError`, so it is safe in `finally`.
   *
   * @example
   * ```ts
   * await cur.stopStatement();
   * cur.mayHaveResults; // false
   * ```
   */
  async stopStatement(): Promise<void> {
    await this.#cancel("stop", true);
  }

  /**
   * Deletes the statement now, whatever the `onCancel` policy: buffered rows are dropped and the
   * results end cleanly. No-op before execute. Never throws: a failed delete request is kept
   * in `cancelError` (a 404, already gone, is not an error).
   *
   * @example
   * ```ts
   * await cur.deleteStatement();
   * await cur.fetchMany(); // []
   * ```
   */
  async deleteStatement(): Promise<void> {
    await this.#cancel("delete", true);
  }

  /**
   * Closes the cursor: aborts any request in flight, applies the cancel policy to the statement
   * (unless it already ended), and refuses further use. Idempotent; never throws for the
   * best-effort stop (see `cancelError`). Closing the connection closes its cursors.
   *
   * @example
   * ```ts
   * await cur.close();
   * await cur.fetchOne(); // rejects: InterfaceError, code "CURSOR_CLOSED"
   * ```
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#unregister?.();
    await this.#cancel(this.#policy);
  }

  /**
   * `await using cur = conn.streamingCursor()` closes it at the end of the block, so the
   * statement is stopped (per `onCancel`) however the block is left. Never throws, as close().
   *
   * @example
   * ```ts
   * {
   *   await using cur = conn.streamingCursor();
   *   await cur.execute("SELECT * FROM `examples`.`marketplace`.`orders`");
   *   console.log(await cur.fetchMany(10));
   * } // the statement is STOPPED here
   * ```
   */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  // ---- internals ----

  #assertOpen(): void {
    if (this.#closed) throw new InterfaceError("CURSOR_CLOSED", "Cursor is closed");
    this.#backend.assertOpen?.();
  }

  #assertReadable(): void {
    this.#assertOpen();
    if (this.#statement === null) throw new InterfaceError("NOT_EXECUTED", "No statement has been executed yet");
    if (!this.#readable) {
      throw new InterfaceError("NOT_EXECUTED", `Statement '${this.#statement.name}' is not ready to read: execute() or attach() has not completed`, {
        statementName: this.#statement.name,
      });
    }
    if (this.#decoder === null) {
      throw new InterfaceError("NO_RESULTS", `Statement '${this.#statement.name}' has no result set (DDL or INSERT INTO); it keeps running server-side`, {
        statementName: this.#statement.name,
      });
    }
  }

  async #withDeadline<T>(options: FetchOptions, what: string, body: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
    if (options.timeoutMs === undefined) return body(options.signal);
    const timeout = timeoutSignal(options.timeoutMs, what);
    const link = anySignal([options.signal, timeout.signal]);
    try {
      return await body(link.signal);
    } finally {
      link.dispose();
      timeout.dispose();
    }
  }

  #render(sql: string | { readonly text: string }, params: readonly unknown[] | Record<string, unknown> | undefined): string {
    if (typeof sql === "object" && sql !== null && typeof sql.text === "string") {
      // A sql`...` query carries its own (already rendered) values.
      if (params !== undefined) throw new InterfaceError("PARAMETER_UNSUPPORTED", "execute(): a sql`...` query carries its own values; pass no parameters");
      sql = sql.text;
    }
    if (typeof sql !== "string") throw new InterfaceError("STATEMENT_INVALID", "execute(): expected SQL text");
    if (params !== undefined) {
      if (this.#backend.substitute === undefined) {
        throw new InterfaceError("PARAMETER_UNSUPPORTED", "This connection cannot render parameters");
      }
      sql = this.#backend.substitute(sql, params);
    }
    // Checked on the text to send, as the snapshot cursor does (same code and message).
    if (sql.trim() === "") throw new ProgrammingError("EMPTY_STATEMENT", "execute(): the SQL text is empty");
    return sql;
  }

  #reset(): void {
    this.#generation++;
    this.#streamOpen = false;
    this.#activity = new AbortController();
    this.#statement = null;
    this.#ownsStatement = false;
    this.#unconfirmedSql = null;
    this.#unsent = false;
    this.#stoppedByUs = false;
    this.#deletedByUs = false;
    this.#released = true;
    this.#releasing = null;
    this.#releaseError = undefined;
    this.#decoder = null;
    this.#columns = [];
    this.#changelog = false;
    this.#items = [];
    this.#head = 0;
    this.#token = null;
    this.#pageOrigin = null;
    this.#pageTaken = 0;
    this.#finalPage = false;
    this.#skip = 0;
    this.#queued = zero;
    this.#frozenPosition = null;
    this.#readable = false;
    this.#exhausted = true;
    this.#ended = false;
    this.#endError = undefined;
    this.#lastPageEmpty = false;
    this.#metrics = new MetricsRecorder();
    this.#backoff.reset();
  }

  async #waitReady(initial: StatementView, signal: AbortSignal): Promise<StatementView> {
    const pacer = new IdleBackoff({ initialMs: 20, factor: 1.6, maxMs: 1000, jitter: 0.25, ...this.#backend.readiness, ...this.#options.readinessBackoff });
    let st = initial;
    let notFound = 0;
    for (;;) {
      const broken = await brokenStatementError(this.#api, st, this.#stoppedByUs);
      if (broken !== undefined) {
        // execute() deletes a statement of ours first (cancelling here would abort its own call).
        if (isPoolExhausted(st) && this.#ownsStatement) throw new NotAccepted(st);
        throw broken;
      }
      if (isReady(st)) return st;
      const pause = pacer.next();
      await sleep(pause, signal);
      this.#metrics.waited(pause);
      try {
        st = await this.#api.get(st.name, { signal });
      } catch (e) {
        // Right after creation the name can briefly be unresolvable (wire-protocol.md 2.7).
        if (isNotFound(e) && !signal.aborted && ++notFound <= 3) continue;
        if (isNotFound(e)) throw deletedError(st.name, e);
        throw e;
      }
      this.#statement = st;
    }
  }

  #startReading(st: StatementView, token: string | null, skip: number): void {
    this.#statement = st;
    this.#readable = true;
    const schema = st.traits?.schema ?? null;
    if (schema === null || schema.length === 0) {
      // DDL / INSERT INTO ... SELECT: nothing to read; the job stays RUNNING server-side, and
      // closing the cursor does not stop it (there is no reading to cancel).
      this.#decoder = null;
      this.#exhausted = true;
      this.#released = true;
      return;
    }
    this.#columns = schema;
    this.#decoder = this.#backend.decoder(schema, st);
    this.#changelog = this.#options.changeEvents === "always" || st.traits?.isAppendOnly === false;
    this.#token = token;
    this.#pageOrigin = token;
    this.#skip = skip;
    this.#exhausted = false;
  }

  /** See {@link resumePosition}. */
  #position(): ResumePosition {
    const queued = this.#queued();
    // Undelivered rows all belong to the page in the buffer: the next page is requested only
    // once every row of the current one was handed over. The final page is replayed with
    // everything delivered skipped (the position is never "past the end").
    if (this.#buffered() + queued > 0 || this.#finalPage) return { pageToken: this.#pageOrigin, skip: this.#pageTaken - queued };
    return { pageToken: this.#token, skip: this.#skip };
  }

  #buffered(): number {
    return this.#items.length - this.#head;
  }

  /**
   * Removes `n` items from the front of the buffer. Callers decode first and consume after: a
   * row that cannot be decoded fails the call and stays first in line, so neither it nor the
   * rows decoded before it in the same call are dropped (the page token has moved on).
   */
  #consume(n: number): void {
    this.#head += n;
    if (this.#head === this.#items.length) {
      this.#items = [];
      this.#head = 0;
    }
  }

  #decodeRow(wire: readonly unknown[]): R {
    const d = this.#decoder!;
    return (this.#options.asDict === true ? d.toObject(wire) : d.toArray(wire)) as R;
  }

  #opOf(item: WireItem): ChangeOp {
    const op = opName(item.op);
    if (op === undefined) {
      throw new ProtocolError(`Unknown changelog op ${String(item.op)} in the results of '${this.#statement?.name}'`, {
        path: "results.data[].op",
        ...(this.#statement ? { statementName: this.#statement.name } : {}),
      });
    }
    if (op !== "+I" && !this.#changelog) {
      throw new ProtocolError(`Append-only statement '${this.#statement?.name}' sent a ${op} row`, {
        path: "results.data[].op",
        ...(this.#statement ? { statementName: this.#statement.name } : {}),
      });
    }
    return op;
  }

  #take(max: number): StreamItem<R>[] {
    const n = Math.min(max, this.#buffered());
    const out: StreamItem<R>[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const item = this.#items[this.#head + i]!;
      const op = this.#opOf(item);
      const row = this.#decodeRow(item.row);
      out[i] = this.#changelog ? changeEvent(op, row) : row;
    }
    this.#consume(n);
    this.#pageTaken += n;
    this.#metrics.rowsDelivered += n;
    return out;
  }

  #takeRaw(max: number): RawItem<R>[] {
    const n = Math.min(max, this.#buffered());
    const out: RawItem<R>[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const item = this.#items[this.#head + i]!;
      out[i] = { op: this.#opOf(item), row: this.#decodeRow(item.row), wire: item.row };
    }
    this.#consume(n);
    this.#pageTaken += n;
    this.#metrics.rowsDelivered += n;
    return out;
  }

  /** Waits until items are buffered (true) or the results ended cleanly (false). */
  async #waitForItems(signal: AbortSignal | undefined): Promise<boolean> {
    for (;;) {
      if (this.#buffered() > 0) return true;
      if (this.#exhausted) {
        await this.#finish();
        return false;
      }
      if (this.#lastPageEmpty) await this.#idleWait(signal);
      await this.#fetchPage(signal);
    }
  }

  async #idleWait(signal: AbortSignal | undefined): Promise<void> {
    const ms = this.#backoff.next();
    const link = anySignal([signal, this.#activity.signal]);
    try {
      await sleep(ms, link.signal);
    } catch {
      throw abortReason(link.signal, this.#statement?.name);
    } finally {
      link.dispose();
    }
    this.#metrics.waited(ms);
  }

  /**
   * One results page request (shared if one is already in flight). Returns the rows added.
   * `notReady`: what a 409 "not ready" does, wait it out (waiting reads) or count as no rows.
   */
  #fetchPage(signal: AbortSignal | undefined, notReady: "retry" | "return" = "retry"): Promise<number> {
    if (this.#inflight !== null) return this.#inflight;
    const p = this.#requestPage(signal, notReady);
    this.#inflight = p;
    const clear = (): void => {
      if (this.#inflight === p) this.#inflight = null;
    };
    p.then(clear, clear);
    return p;
  }

  async #requestPage(signal: AbortSignal | undefined, notReady: "retry" | "return"): Promise<number> {
    const name = this.#statement!.name;
    const activity = this.#activity;
    const link = anySignal([signal, activity.signal]);
    const started = this.#metrics.now();
    const requested = this.#token;
    let page;
    try {
      page = await this.#backend.api.resultsPage(name, requested, { signal: link.signal, notReady });
    } catch (e) {
      this.#metrics.request(started);
      if (link.signal.aborted) throw abortReason(link.signal, name);
      await this.#explainReadFailure(e);
      return 0;
    } finally {
      link.dispose();
    }
    if (activity.signal.aborted) throw abortReason(activity.signal, name);
    if (page.notReady === true) {
      this.#metrics.request(started, page.retries ?? 0);
      this.#lastPageEmpty = true;
      return 0;
    }
    const rows = page.data.length;
    this.#metrics.page(rows, page.bytes, started, page.retries ?? 0);
    const final = page.nextPageToken === null || page.nextPageToken === "";
    if (rows > 0 && !final && page.nextPageToken === requested) {
      // Reading on would fetch these very rows again, and again: refuse rather than repeat them.
      throw new ProtocolError(`Results of statement '${name}' handed back, with rows, the page token they were asked with`, { ...page.origin, path: "metadata.next", statementName: name });
    }
    if (rows > 0 || final) {
      // The buffer is empty here (pages are requested only then): this page is the resume point.
      this.#pageOrigin = requested;
      this.#pageTaken = 0;
      this.#finalPage = final;
    }
    const skipped = Math.min(this.#skip, rows);
    this.#skip -= skipped;
    this.#pageTaken += skipped;
    for (let i = skipped; i < rows; i++) this.#items.push(page.data[i]!);
    if (final) this.#exhausted = true;
    else this.#token = page.nextPageToken;
    this.#lastPageEmpty = rows === 0;
    if (rows > 0) this.#backoff.reset();
    return rows - skipped;
  }

  /** A results request failed: 404 or a terminal phase explains it; otherwise rethrow. */
  async #explainReadFailure(e: unknown): Promise<void> {
    const name = this.#statement!.name;
    if (isNotFound(e)) {
      this.#gone();
      if (this.#deletedByUs) return;
      this.#endError = deletedError(name, e);
      throw this.#endError;
    }
    let st: StatementView;
    try {
      st = await this.#api.get(name, { signal: this.#activity.signal });
    } catch (e2) {
      if (isNotFound(e2) && !this.#deletedByUs) {
        this.#gone();
        this.#endError = deletedError(name, e2);
        throw this.#endError;
      }
      throw e;
    }
    this.#statement = st;
    if (isTerminalPhase(st.phase) || st.phase === "FAILING" || st.phase === "STOPPING") {
      const err = await endingError(this.#api, st, { stoppedByUs: this.#stoppedByUs, deletedByUs: this.#deletedByUs });
      this.#ended = true;
      this.#exhausted = true;
      if (err === undefined && (this.#stoppedByUs || this.#deletedByUs)) return;
      this.#endError = err ?? e;
      throw this.#endError;
    }
    throw e;
  }

  /** The results ended (a page without next): re-read the statement and decide how. */
  async #finish(): Promise<void> {
    if (this.#ended) {
      if (this.#endError !== undefined) throw this.#endError;
      return;
    }
    const name = this.#statement!.name;
    let st: StatementView;
    try {
      st = await this.#api.get(name, { signal: this.#activity.signal });
    } catch (e) {
      if (isNotFound(e)) {
        this.#gone();
        if (this.#deletedByUs) return;
        this.#endError = deletedError(name, e);
        throw this.#endError;
      }
      if (this.#activity.signal.aborted) throw abortReason(this.#activity.signal, name);
      throw e; // not marked ended: a later call re-reads again
    }
    this.#statement = st;
    const err = await endingError(this.#api, st, { stoppedByUs: this.#stoppedByUs, deletedByUs: this.#deletedByUs });
    this.#ended = true;
    if (err !== undefined) {
      this.#endError = err;
      throw err;
    }
  }

  /** The statement no longer exists (404): the results ended and there is nothing to release. */
  #gone(): void {
    this.#ended = true;
    this.#exhausted = true;
    this.#released = true;
  }

  /** Wraps `api` so every call is counted as a request (failed ones too) and tracked for cancels. */
  #meteredApi(api: StreamingApi): StreamingApi {
    const call = <T>(run: () => Promise<T>): Promise<T> => {
      const metrics = this.#metrics;
      let p: Promise<T>;
      try {
        p = run();
      } catch (e) {
        p = Promise.reject(e);
      }
      this.#calls.add(p);
      const settle = (): void => {
        this.#calls.delete(p);
        metrics.request();
      };
      p.then(settle, settle);
      return p;
    };
    const exceptions = api.exceptions;
    return {
      submit: (sql, o) => call(() => api.submit(sql, o)),
      get: (name, o) => call(() => api.get(name, o)),
      resultsPage: (name, token, o) => api.resultsPage(name, token, o),
      stop: (name, o) => call(() => api.stop(name, o)),
      delete: (name, o) => call(() => api.delete(name, o)),
      ...(exceptions === undefined ? {} : { exceptions: (name: string, o: { signal?: AbortSignal | undefined }) => call(() => exceptions.call(api, name, o)) }),
    };
  }

  /** A cancel on behalf of a stream or iterator, unless the cursor has moved on to another statement. */
  async #cancelIfCurrent(generation: number, policy: CancelPolicy): Promise<void> {
    if (generation === this.#generation) await this.#cancel(policy);
  }

  /**
   * Stops all reading activity (aborting and awaiting every request in flight, the create POST
   * included) and applies `policy` to the statement unless it already ended. Never throws.
   * Concurrent cancels share one stop/delete.
   */
  async #cancel(policy: CancelPolicy, force = false): Promise<void> {
    const statement = this.#statement;
    if (statement === null) return;
    this.#activity.abort(abortReason(undefined, statement.name));
    const inflight = this.#inflight;
    if (inflight !== null) await inflight.then(noop, noop);
    await Promise.allSettled([...this.#calls]);
    // Dropping the buffer must not move the resume point past rows nobody received.
    if (this.#frozenPosition === null && this.#decoder !== null) this.#frozenPosition = this.#position();
    this.#exhausted = true;
    this.#ended = true;
    this.#items = [];
    this.#head = 0;
    if (this.#releasing !== null) await this.#releasing;
    if (this.#released && !force) return;
    this.#released = true;
    // The statement as last read (the POST may have answered meanwhile).
    const current = this.#statement?.name === statement.name ? this.#statement : statement;
    const release = this.#release(current, policy);
    this.#releasing = release;
    await release;
  }

  async #release(statement: StatementView, policy: CancelPolicy): Promise<void> {
    if (policy === "detach" || this.#unsent) return;
    if (policy === "stop" && isTerminalPhase(statement.phase)) return;
    // Bounded: an unresponsive server must not hang close() (the error is kept in cancelError).
    const deadline = timeoutSignal(this.#options.cancelTimeoutMs ?? CANCEL_TIMEOUT_MS, `${policy === "delete" ? "Deleting" : "Stopping"} statement '${statement.name}'`);
    try {
      if (this.#unconfirmedSql !== null) {
        const own = await this.#ownStatement(statement.name, this.#unconfirmedSql, deadline.signal);
        if (own === undefined || (policy === "stop" && isTerminalPhase(own.phase))) return;
      }
      if (policy === "delete") {
        this.#deletedByUs = true;
        await this.#api.delete(statement.name, { signal: deadline.signal });
      } else {
        this.#stoppedByUs = true;
        await this.#api.stop(statement.name, { signal: deadline.signal });
      }
    } catch (e) {
      if (!isNotFound(e)) this.#releaseError = e;
    } finally {
      deadline.dispose();
    }
  }

  /**
   * The statement named `name` if it carries `sql` (so our POST created it), else undefined:
   * none by that name (the POST never got through), or another job's. A failed read throws, so
   * the release does nothing and reports it in `cancelError`: stopping a stranger's job is worse
   * than leaving ours to the server's retention.
   */
  async #ownStatement(name: string, sql: string, signal: AbortSignal | undefined): Promise<StatementView | undefined> {
    try {
      const st = await this.#api.get(name, { signal });
      return st.sql !== undefined && st.sql.trim() === sql.trim() ? st : undefined;
    } catch (e) {
      if (!isNotFound(e)) throw e;
      return undefined;
    }
  }
}

function noop(): void {}

function zero(): number {
  return 0;
}

function superseded(name: string): InterfaceError {
  return new InterfaceError("CURSOR_REUSED", `The cursor executed another statement; results of '${name}' are no longer read`, {
    statementName: name,
  });
}

/**
 * Opens a streaming cursor on an existing statement's results, e.g. after a restart.
 * The statement is not stopped on cancel unless `onCancel` says so.
 *
 * @example const cur = await attachStreamingCursor(backend, "orders-feed", { pageToken: saved });
 * @throws StatementNotFoundError `STATEMENT_NOT_FOUND` for an unknown statement; StatementFailedError.
 */
export async function attachStreamingCursor<R = unknown[]>(
  backend: StreamingBackend,
  statementName: string,
  options: AttachOptions = {},
): Promise<StreamingCursor<R>> {
  const cursor = new StreamingCursor<R>(backend, options);
  return cursor._attach(statementName, options);
}
