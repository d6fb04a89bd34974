/**
 * Interval joins (Flink docs, "Queries > Joins > Interval Joins"; Flink's
 * RowTimeIntervalJoin): an equi-join of two append-only inputs whose condition bounds one side's
 * time attribute by the other's, `r.t - l.t` in [lower, upper]. Unlike a regular join it never
 * retracts: a row of an outer side that found no partner is emitted null-padded once the
 * watermark shows that no partner can arrive any more, and rows leave the state then, so the
 * result is append-only (and keeps its time attributes).
 */
import { BaseOperator, INSERT } from "./dataflow.ts";
import type { Change, RowFn, RowPredicate } from "./dataflow.ts";
import { eventTimeMillis, rowKey } from "./values.ts";
import type { Row } from "./values.ts";
import type { JoinKind } from "./join.ts";

/** `rightTime - leftTime` must lie in [lower, upper] (ms) for rows to match. */
export interface IntervalBounds {
  readonly lower: number;
  readonly upper: number;
}

interface Pending {
  readonly row: Row;
  readonly time: number;
  matched: boolean;
}

export class IntervalJoinOp extends BaseOperator {
  readonly #sides: [Map<string, Pending[]>, Map<string, Pending[]>] = [new Map(), new Map()];

  constructor(
    private readonly kind: JoinKind,
    private readonly keys: readonly [readonly RowFn[], readonly RowFn[]],
    private readonly times: readonly [RowFn, RowFn],
    private readonly bounds: IntervalBounds,
    /** The whole ON condition over the joined row (the time bounds included). */
    private readonly condition: RowPredicate | null,
    private readonly widths: readonly [number, number],
  ) {
    super(2);
  }

  push(changes: readonly Change[], port: number): void {
    const side = port as 0 | 1;
    const other = (1 - side) as 0 | 1;
    const wm = this.currentWatermark;
    const out: Change[] = [];
    for (const c of changes) {
      const time = eventTimeMillis(this.times[side](c.row));
      const keyValues = this.keys[side].map((f) => f(c.row));
      const entry: Pending = { row: c.row, time: time ?? -Infinity, matched: false };
      // A NULL key or time never matches; such a row of an outer side is padded at once.
      if (time === null || keyValues.some((v) => v === null || v === undefined)) {
        if (this.#outer(side)) out.push(this.#padded(entry.row, side));
        continue;
      }
      const key = rowKey(keyValues);
      for (const p of this.#sides[other].get(key) ?? []) {
        const joined = side === 0 ? [...c.row, ...p.row] : [...p.row, ...c.row];
        if (this.condition && !this.condition(joined)) continue;
        entry.matched = true;
        p.matched = true;
        out.push({ op: INSERT, row: joined });
      }
      if (this.#expiry(entry.time, side) <= wm) {
        // Already past every partner it could have: a late row of an outer side stays unmatched.
        if (!entry.matched && this.#outer(side)) out.push(this.#padded(entry.row, side));
        continue;
      }
      const bucket = this.#sides[side].get(key);
      if (bucket) bucket.push(entry);
      else this.#sides[side].set(key, [entry]);
    }
    this.emit(out);
  }

  protected override onWatermark(wm: number): void {
    this.#expire(wm);
  }

  protected override onEnd(): void {
    this.#expire(Infinity);
  }

  /** The watermark at which no partner of a row at `time` on `side` can arrive any more. */
  #expiry(time: number, side: 0 | 1): number {
    return side === 0 ? time + this.bounds.upper : time - this.bounds.lower;
  }

  #outer(side: 0 | 1): boolean {
    return this.kind === "FULL" || (side === 0 ? this.kind === "LEFT" : this.kind === "RIGHT");
  }

  #padded(row: Row, side: 0 | 1): Change {
    const nulls = new Array<unknown>(this.widths[1 - side]!).fill(null);
    return { op: INSERT, row: side === 0 ? [...row, ...nulls] : [...nulls, ...row] };
  }

  #expire(wm: number): void {
    // Padded rows leave in the order their timers would fire in Flink: by expiry time.
    const expired: Array<{ at: number; change: Change }> = [];
    for (const side of [0, 1] as const) {
      for (const [key, bucket] of this.#sides[side]) {
        const keep = bucket.filter((p) => {
          const at = this.#expiry(p.time, side);
          if (at > wm) return true;
          if (!p.matched && this.#outer(side)) expired.push({ at, change: this.#padded(p.row, side) });
          return false;
        });
        if (keep.length === 0) this.#sides[side].delete(key);
        else if (keep.length !== bucket.length) this.#sides[side].set(key, keep);
      }
    }
    expired.sort((a, b) => a.at - b.at);
    this.emit(expired.map((e) => e.change));
  }
}
