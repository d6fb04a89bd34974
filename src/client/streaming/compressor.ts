/**
 * The cursor-level changelog compressor (`cursor.changelogCompressor()`): keeps the materialised
 * result of a changelog statement up to date from the cursor's events and hands out snapshots.
 *
 * - `currentSnapshot()` drains what is available now (buffered events, then pages until one
 *   comes back empty or the results end; no idle waits) and returns the rows.
 * - `snapshots()` is an async iterable: the first snapshot at once, then one each time the
 *   table changed, waiting with the idle backoff in between (no identical snapshots in a busy
 *   loop). It ends when the results end: cleanly for a completed statement or one this client
 *   stopped; with the coded error (StatementStoppedError, StatementFailedError, ...) otherwise.
 *   Leaving the loop early closes the cursor (cancelling the statement per its policy); a
 *   failed read cancels the statement per policy too.
 * - Snapshots are never taken between a `-U` and its `+U` (changelog-table.ts). Flink emits an
 *   update's `-U` and `+U` together, so a `-U` still alone once the server has nothing more
 *   (an empty page) lost its `+U` to a filter (`HAVING`, `WHERE` over an aggregate) and is
 *   applied as a delete; a `+U` arriving later after all simply inserts the row again.
 * - Keys use the wire form of the rows (exact: no float noise, NaN-safe).
 */
import { ChangelogTable, upsertKeyFunction, type MaterializedChange } from "./changelog-table.ts";
import type { StreamingCursor } from "./cursor.ts";
import type { CursorInternals } from "./types.ts";
import { CURSOR_INTERNALS } from "./internals.ts";

/** Options of `cursor.changelogCompressor()`. */
export interface CompressorOptions {
  /** What a retraction of a row that is not there does. Default `"error"` (CHANGELOG_INCONSISTENT). */
  readonly onMissing?: "error" | "ignore";
  /** Receives every materialised change as it is applied (for UIs patching a view). */
  readonly onChange?: (change: MaterializedChange<unknown>) => void;
}

/** Options of `currentSnapshot()` and `snapshots()`. */
export interface SnapshotOptions {
  readonly signal?: AbortSignal;
  /** Most pages read per snapshot (a busy stream never returns an empty page). Default 64. */
  readonly maxPages?: number;
}

const DEFAULT_MAX_PAGES = 64;

/**
 * The materialised result of a changelog statement, kept up to date from its cursor's events
 * (`cursor.changelogCompressor()`): `currentSnapshot()` for the rows now, `snapshots()` for each
 * change. Snapshots never show the state between a `-U` and its `+U`, and rows are keyed by
 * their wire form (exact: no float noise, NaN-safe).
 *
 * @example
 * ```ts
 * const cur = conn.streamingCursor();
 * await cur.execute("SELECT customer_id, COUNT(*) AS n FROM `examples`.`marketplace`.`orders` GROUP BY customer_id");
 * const table = cur.changelogCompressor({ onChange: (c) => console.log(c.type, c.id) });
 * table.mode; // "upsert" (keyed by customer_id)
 * for await (const rows of table.snapshots()) render(rows);
 * ```
 */
export class ChangelogCompressor<R> {
  readonly #cursor: StreamingCursor<R>;
  readonly #internals: CursorInternals<R>;
  readonly #table: ChangelogTable<R>;
  readonly #onChange: ((change: MaterializedChange<R>) => void) | undefined;
  #version = 0;

  /** @internal Use `cursor.changelogCompressor()`, which checks that the statement is a changelog. */
  constructor(cursor: StreamingCursor<R>, upsertColumns: readonly number[] | null, options: CompressorOptions = {}) {
    this.#cursor = cursor;
    this.#internals = cursor[CURSOR_INTERNALS]();
    const names = this.#internals.columns().map((c) => c.name);
    const onMissing = options.onMissing ?? "error";
    this.#table =
      upsertColumns !== null && upsertColumns.length > 0
        ? new ChangelogTable<R>({ mode: "upsert", upsertKey: upsertKeyFunction<R>(upsertColumns, names), onMissing })
        : new ChangelogTable<R>({ mode: "retract", onMissing });
    this.#onChange = options.onChange as ((change: MaterializedChange<R>) => void) | undefined;
  }

  /** `"upsert"` (keyed by upsert columns) or `"retract"` (keyed by whole rows). */
  get mode(): "upsert" | "retract" {
    return this.#table.mode;
  }

  /** Rows currently materialised. */
  get size(): number {
    return this.#table.size;
  }

  /** Applies everything buffered in the cursor; returns how many events were applied. */
  #applyBuffered(): number {
    const items = this.#internals.takeRaw(Number.MAX_SAFE_INTEGER);
    const onChange = this.#onChange;
    for (const it of items) this.#table.apply(it.op, it.row, it.wire, onChange);
    if (items.length > 0) this.#version++;
    return items.length;
  }

  /**
   * Drains the events available now and returns the materialised rows (a fresh array of shared,
   * never-mutated rows). Requests pages until one is empty (or not ready yet) or the results
   * end; never idles. While a -U waits for its +U the old row is shown; once the results end,
   * or a page comes back empty, a -U left without its +U counts as a delete (a filter dropped
   * the +U).
   *
   * @example
   * ```ts
   * const table = cur.changelogCompressor();
   * const rows = await table.currentSnapshot(); // [[3226, 13], [3053, 1], ...]
   * rows.length === table.size;                // true
   * ```
   * @throws the cursor's honest-ending errors when the results end that way (StatementFailedError,
   * StatementStoppedError, StatementNotFoundError `STATEMENT_DELETED`); InternalError
   * `CHANGELOG_INCONSISTENT` for a retraction of an unknown row (unless `onMissing: "ignore"`);
   * AbortError when `options.signal` fires.
   */
  async currentSnapshot(options: SnapshotOptions = {}): Promise<R[]> {
    const state = await this.#drain(options, "return");
    if (state === "ended") await this.#internals.finish();
    // No +U comes after the end, nor after an empty page: a dangling -U is a delete.
    if (state !== "busy") this.#flushPending();
    return this.#table.snapshot();
  }

  /**
   * Applies buffered events, then requests pages until one is empty, the results end, or
   * `maxPages` pages were read (a busy stream never returns an empty page). Returns `"ended"`
   * when the results ended, `"idle"` when the last page was empty (the server has nothing more
   * now), else `"busy"`. `notReady: "return"` (currentSnapshot, which never waits) takes a 409
   * "not ready" as an empty page.
   */
  async #drain(options: SnapshotOptions, notReady: "retry" | "return" = "retry"): Promise<"ended" | "idle" | "busy"> {
    const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
    this.#applyBuffered();
    let idle = false;
    for (let pages = 0; pages < maxPages && !this.#internals.exhausted(); pages++) {
      const rows = await this.#internals.fetchPage(options.signal, notReady);
      this.#applyBuffered();
      if (rows === 0) {
        idle = true;
        break;
      }
    }
    if (this.#internals.exhausted() && this.#internals.buffered() === 0) return "ended";
    return idle && this.#internals.buffered() === 0 ? "idle" : "busy";
  }

  /** Applies a -U left without its +U as a delete; true when that changed the table. */
  #flushPending(): boolean {
    if (!this.#table.updatePending) return false;
    this.#table.flush(this.#onChange);
    this.#version++;
    return true;
  }

  /**
   * Snapshots as they change: the first at once, then one each time the table changed, waiting
   * with the idle backoff in between (never the same snapshot twice in a busy loop). Ends
   * cleanly when the statement completes or this client stopped it. Leaving the loop early
   * closes the cursor (cancelling the statement per its policy).
   *
   * @example
   * ```ts
   * for await (const rows of cur.changelogCompressor().snapshots()) render(rows);
   * ```
   * @throws (from the loop) what currentSnapshot throws, once the statement was cancelled per
   * policy, so a failed read does not leave it running.
   */
  async *snapshots(options: SnapshotOptions = {}): AsyncGenerator<R[], void, undefined> {
    const signal = options.signal;
    let clean = false;
    try {
      let shown = -1;
      for (;;) {
        const state = await this.#drain(options);
        const ended = state === "ended";
        if (state !== "busy") this.#flushPending();
        if (this.#version !== shown && !this.#table.updatePending) {
          shown = this.#version;
          yield this.#table.snapshot();
        }
        if (ended) {
          await this.#internals.finish();
          clean = true;
          return;
        }
        // Wait only when the last page was empty; a busy stream goes straight on.
        if (this.#internals.lastPageEmpty()) await this.#internals.idleWait(signal);
      }
    } catch (e) {
      // A failed read must not leave the statement running (a no-op once it ended server-side).
      await this.#internals.cancel();
      clean = true;
      throw e;
    } finally {
      if (!clean) await this.#cursor.close();
    }
  }

  /**
   * Forgets the materialised rows and closes the cursor (cancelling per its policy). Idempotent;
   * never throws, as the cursor's close().
   *
   * @example
   * ```ts
   * await table.close();
   * cur.closed; // true
   * ```
   */
  async close(): Promise<void> {
    this.#table.clear();
    await this.#cursor.close();
  }
}
