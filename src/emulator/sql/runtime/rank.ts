/**
 * Top-N (ORDER BY ... LIMIT over a stream, ROW_NUMBER() OVER (...) <= N) and deduplication
 * (ROW_NUMBER() ... = 1 ordered by a time attribute), as Flink's rank and deduplicate functions
 * emit them: without the row number, rows leaving the top N come out as -D and rows entering
 * as +I; with the row number, every rank whose row changed is updated (-U/+U); deduplication
 * replaces a key's row with -U/+U.
 *
 * State per partition is a sorted array; for append-only input only the top N rows are kept
 * (a row pushed out can never come back), so the cost stays flat.
 */
import { BaseOperator, DELETE, INSERT, UPDATE_AFTER, UPDATE_BEFORE, isAccumulate } from "./dataflow.ts";
import type { Change, RowFn } from "./dataflow.ts";
import { rowKey, valueKey } from "./values.ts";
import type { Row } from "./values.ts";
import { firedEnds, windowFired } from "./window-firing.ts";

function sameRow(a: Row, b: Row): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (valueKey(a[i]) !== valueKey(b[i])) return false;
  }
  return true;
}

export type RankType = "ROW_NUMBER" | "RANK" | "DENSE_RANK";

export interface RankOptions {
  readonly partition: readonly RowFn[];
  readonly compare: (a: Row, b: Row) => number;
  /** Ranks kept: offset < rank <= offset + limit (1-based ranks). */
  readonly offset: number;
  readonly limit: number;
  /** Append the ROW_NUMBER (BIGINT) as the last column. */
  readonly withRowNumber: boolean;
  /** The input never retracts: keep only the top rows. */
  readonly appendOnlyInput: boolean;
  /** Deduplication: a replaced row is an update (-U/+U) even without the row number. */
  readonly dedup: boolean;
  /** Batch mode: emit the final top rows once, at the end. */
  readonly deferUntilEnd?: boolean;
  /** ROW_NUMBER unless set; RANK and DENSE_RANK are computed in batch mode (deferUntilEnd) only. */
  readonly rankType?: RankType;
}

export class RankOp extends BaseOperator {
  readonly #parts = new Map<string, Row[]>();

  constructor(private readonly o: RankOptions) {
    super();
    if (o.rankType !== undefined && o.rankType !== "ROW_NUMBER" && !o.deferUntilEnd) throw new Error(`${o.rankType} is only computed in batch mode`);
  }

  /**
   * RANK / DENSE_RANK over a sorted partition: rows that compare equal share a number; RANK
   * then skips (1, 1, 3), DENSE_RANK does not (1, 1, 2). Keeps offset < number <= offset + limit.
   */
  #ranked(rows: Row[], dense: boolean): Change[] {
    const out: Change[] = [];
    let number = 0;
    let groups = 0;
    for (let i = 0; i < rows.length; i++) {
      if (i === 0 || this.o.compare(rows[i - 1]!, rows[i]!) !== 0) {
        groups++;
        number = dense ? groups : i + 1;
      }
      if (number > this.o.offset + this.o.limit) break;
      if (number > this.o.offset) out.push({ op: INSERT, row: this.o.withRowNumber ? [...rows[i]!, BigInt(number)] : rows[i]! });
    }
    return out;
  }

  #top(rows: Row[]): Row[] {
    return rows.slice(this.o.offset, this.o.offset + this.o.limit);
  }

  /** Insert after equal rows (earlier arrivals rank first). */
  #insert(rows: Row[], row: Row): void {
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.o.compare(rows[mid]!, row) <= 0) lo = mid + 1;
      else hi = mid;
    }
    rows.splice(lo, 0, row);
  }

  #remove(rows: Row[], row: Row): boolean {
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.o.compare(rows[mid]!, row) < 0) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < rows.length && this.o.compare(rows[i]!, row) === 0; i++) {
      if (sameRow(rows[i]!, row)) {
        rows.splice(i, 1);
        return true;
      }
    }
    return false;
  }

  push(changes: readonly Change[]): void {
    // Streaming: Flink's rank functions emit per input record, so several rows arriving in one
    // batch (a join probe, an upstream -U/+U) each update the top N in turn.
    if (this.o.deferUntilEnd || changes.length <= 1) this.#apply(changes);
    else for (const c of changes) this.#apply([c]);
  }

  #apply(changes: readonly Change[]): void {
    const before = new Map<string, Row[]>();
    const keep = this.o.offset + this.o.limit;
    for (const c of changes) {
      const k = rowKey(this.o.partition.map((f) => f(c.row)));
      let rows = this.#parts.get(k);
      if (!rows) {
        rows = [];
        this.#parts.set(k, rows);
      }
      if (!this.o.deferUntilEnd && !before.has(k)) before.set(k, this.#top(rows));
      if (isAccumulate(c.op)) {
        this.#insert(rows, c.row);
        // Ties past the cut can still rank within N under RANK / DENSE_RANK: those keep all rows.
        if (this.o.appendOnlyInput && rows.length > keep && (this.o.rankType ?? "ROW_NUMBER") === "ROW_NUMBER") rows.length = keep;
      } else {
        this.#remove(rows, c.row);
      }
    }
    const out: Change[] = [];
    for (const [k, old] of before) {
      const rows = this.#parts.get(k)!;
      const now = this.#top(rows);
      if (rows.length === 0) this.#parts.delete(k);
      this.#diff(old, now, out);
    }
    this.emit(out);
  }

  #diff(old: Row[], now: Row[], out: Change[]): void {
    if (this.o.withRowNumber) {
      const n = Math.max(old.length, now.length);
      for (let i = 0; i < n; i++) {
        const a = old[i];
        const b = now[i];
        const rank = BigInt(this.o.offset + i + 1);
        if (a && b) {
          if (a === b || sameRow(a, b)) continue;
          out.push({ op: UPDATE_BEFORE, row: [...a, rank] });
          out.push({ op: UPDATE_AFTER, row: [...b, rank] });
        } else if (b) out.push({ op: INSERT, row: [...b, rank] });
        else if (a) out.push({ op: DELETE, row: [...a, rank] });
      }
      return;
    }
    // Multiset difference, identity first (rows are shared objects), then by value.
    const removed = old.filter((r) => !now.includes(r));
    const added = now.filter((r) => !old.includes(r));
    if (this.o.dedup && removed.length === 1 && added.length === 1) {
      out.push({ op: UPDATE_BEFORE, row: removed[0]! });
      out.push({ op: UPDATE_AFTER, row: added[0]! });
      return;
    }
    for (const r of removed) out.push({ op: DELETE, row: r });
    for (const r of added) out.push({ op: INSERT, row: r });
  }

  protected override onEnd(): void {
    if (!this.o.deferUntilEnd) return;
    const out: Change[] = [];
    const type = this.o.rankType ?? "ROW_NUMBER";
    for (const rows of this.#parts.values()) {
      if (type === "ROW_NUMBER") this.#diff([], this.#top(rows), out);
      else out.push(...this.#ranked(rows, type === "DENSE_RANK"));
    }
    this.#parts.clear();
    this.emit(out);
  }
}

/**
 * Window Top-N / window deduplication (Flink docs, "Queries > Window Top-N"): ROW_NUMBER over a
 * partition that includes window_start and window_end. Rows are ranked per window and the
 * final top rows are emitted once (+I) when the watermark passes the window end; the window's
 * state is then freed. Rows of windows that already fired are late and dropped.
 */
export class WindowRankOp extends BaseOperator {
  readonly #windows = new Map<number, Map<string, Row[]>>();

  constructor(
    private readonly o: RankOptions,
    private readonly windowEnd: (row: Row) => number | null,
  ) {
    super();
  }

  push(changes: readonly Change[]): void {
    const keep = this.o.offset + this.o.limit;
    const wm = this.currentWatermark;
    for (const c of changes) {
      if (!isAccumulate(c.op)) continue;
      const end = this.windowEnd(c.row);
      if (end === null || windowFired(end, wm)) continue;
      let parts = this.#windows.get(end);
      if (!parts) {
        parts = new Map();
        this.#windows.set(end, parts);
      }
      const k = rowKey(this.o.partition.map((f) => f(c.row)));
      let rows = parts.get(k);
      if (!rows) {
        rows = [];
        parts.set(k, rows);
      }
      let lo = 0;
      let hi = rows.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.o.compare(rows[mid]!, c.row) <= 0) lo = mid + 1;
        else hi = mid;
      }
      if (lo < keep) {
        rows.splice(lo, 0, c.row);
        if (rows.length > keep) rows.length = keep;
      }
    }
  }

  #fire(upTo: number): void {
    const ends = firedEnds(this.#windows, upTo);
    const out: Change[] = [];
    for (const e of ends) {
      for (const rows of this.#windows.get(e)!.values()) {
        const top = rows.slice(this.o.offset, this.o.offset + this.o.limit);
        top.forEach((r, i) => out.push({ op: INSERT, row: this.o.withRowNumber ? [...r, BigInt(this.o.offset + i + 1)] : r }));
      }
      this.#windows.delete(e);
    }
    this.emit(out);
  }

  protected override onWatermark(wm: number): void {
    this.#fire(wm);
  }

  protected override onEnd(): void {
    this.#fire(Infinity);
  }
}
