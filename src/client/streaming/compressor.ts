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
 * - Snapshots are never taken between a `-U` and its `+U` (changelog-table.ts).
 * - Keys use the wire form of the rows (exact: no float noise, NaN-safe).
 */
import { ChangelogTable, upsertKeyFunction, type MaterializedChange } from "./changelog-table.ts";
import type { CursorInternals, StreamingCursor } from "./cursor.ts";
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

/** See the module comment. */
export class ChangelogCompressor<R> {
  readonly #cursor: StreamingCursor<R>;
  readonly #internals: CursorInternals<R>;
  readonly #table: ChangelogTable<R>;
  readonly #onChange: ((change: MaterializedChange<R>) => void) | undefined;
  #version = 0;

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
   * end; never idles. While a -U waits for its +U the old row is shown; at the end of the
   * results a -U left without its +U counts as a delete.
   *
   * @throws the cursor's honest-ending errors when the results end that way;
   * InternalError `CHANGELOG_INCONSISTENT` for a retraction of an unknown row.
   */
  async currentSnapshot(options: SnapshotOptions = {}): Promise<R[]> {
    if (await this.#drain(options, "return")) {
      await this.#internals.finish();
      // No +U comes after the end: a dangling -U is a delete (as in snapshots()).
      this.#table.flush(this.#onChange);
    }
    return this.#table.snapshot();
  }

  /**
   * Applies buffered events, then requests pages until one is empty, the results end, or
   * `maxPages` pages were read (a busy stream never returns an empty page). Returns true when
   * the results ended. `notReady: "return"` (currentSnapshot, which never waits) takes a 409
   * "not ready" as an empty page.
   */
  async #drain(options: SnapshotOptions, notReady: "retry" | "return" = "retry"): Promise<boolean> {
    const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
    this.#applyBuffered();
    for (let pages = 0; pages < maxPages && !this.#internals.exhausted(); pages++) {
      const rows = await this.#internals.fetchPage(options.signal, notReady);
      this.#applyBuffered();
      if (rows === 0) break;
    }
    return this.#internals.exhausted() && this.#internals.buffered() === 0;
  }

  /**
   * Snapshots as they change (see module comment).
   *
   * @example
   * ```ts
   * for await (const rows of cur.changelogCompressor().snapshots()) render(rows);
   * ```
   */
  async *snapshots(options: SnapshotOptions = {}): AsyncGenerator<R[], void, undefined> {
    const signal = options.signal;
    let clean = false;
    try {
      let shown = -1;
      for (;;) {
        const ended = await this.#drain(options);
        if (ended) this.#table.flush(this.#onChange);
        if (this.#version !== shown && (!this.#table.updatePending || ended)) {
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

  /** Forgets the materialised rows and closes the cursor (cancelling per its policy). */
  async close(): Promise<void> {
    this.#table.clear();
    await this.#cursor.close();
  }
}
