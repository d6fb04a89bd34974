/**
 * What MATCH_RECOGNIZE's DEFINE and MEASURES expressions see of a match (MatchCodeGenerator's
 * navigation): a variable's rows, counted from either end, and aggregates over them. In DEFINE
 * the row being classified counts as one of the variable it is tried for (and of the whole
 * match, `*`); in MEASURES the match is complete and there is no such row.
 */
import type { MatchAggregate, RowBuffer, RunningSet, Segment } from "./match-rows.ts";
import { BEHIND, RunningAggregate, aggregateOver, segmentOf } from "./match-rows.ts";
import type { Row } from "./values.ts";

/** The variable index that stands for the whole match (an unqualified column, `COUNT(*)`). */
export const WHOLE_MATCH = -2;

export interface MatchCtx {
  /** Row `offset` of variable `v`'s rows (WHOLE_MATCH: all of them) from the first or the last, or null past either end. */
  row(v: number, fromFirst: boolean, offset: number): Row | null;
  /** Aggregate call `i` of the spec's list over its variable's rows. */
  aggregate(i: number): unknown;
}

/** A partial or completed match. */
export interface MatchRows {
  /** Position of its first row in the partition's buffer. */
  readonly start: number;
  /** The segment of the variable that took the last row. */
  readonly seg: Segment;
  /** Running DEFINE aggregates over `seg`'s rows: owned by this match, handed on when it takes a row into the same variable. */
  readonly running: RunningSet | null;
  /** Running DEFINE aggregates over the whole match: every partial match with this start has taken the same rows, so they share them. */
  readonly whole: RunningSet | null;
}

abstract class View implements MatchCtx {
  /** The range [lo, hi) of positions #range last computed. */
  protected lo = 0;
  protected hi = 0;

  constructor(
    protected readonly rows: RowBuffer,
    protected readonly aggs: readonly MatchAggregate[],
  ) {}

  protected abstract range(v: number): void;

  row(v: number, fromFirst: boolean, offset: number): Row | null {
    this.range(v);
    const i = fromFirst ? this.lo + offset : this.hi - 1 - offset;
    return i >= this.lo && i < this.hi ? this.rows.at(i).row : null;
  }

  abstract aggregate(i: number): unknown;
}

/**
 * A DEFINE condition's view: the partial match `pm` (null: none yet) and the row at `cur`, tried
 * for variable `tried`. One per partition, moved from partial match to partial match by `reset`
 * (conditions run once per partial match and row: no allocation there).
 */
export class DefineView extends View {
  tried = -1;
  #pm: MatchRows | null = null;
  #cur = 0;
  #start = 0;
  #seg: Segment | null = null;
  /** The whole-match aggregates: pm's, or the set of the matches starting at `cur`. */
  #whole: RunningSet | null = null;

  reset(pm: MatchRows | null, cur: number, whole: RunningSet | null): void {
    this.#pm = pm;
    this.#cur = cur;
    this.#start = pm ? pm.start : cur;
    this.#seg = pm ? pm.seg : null;
    this.#whole = whole;
  }

  protected range(v: number): void {
    if (v === WHOLE_MATCH) {
      this.lo = this.#start;
      this.hi = this.#cur + 1;
      return;
    }
    const s = segmentOf(this.#seg, v);
    if (v === this.tried) {
      // The current row extends the last segment, or starts the variable's rows.
      this.lo = s !== null && s.to === this.#cur ? s.from : this.#cur;
      this.hi = this.#cur + 1;
    } else if (s !== null) {
      this.lo = s.from;
      this.hi = s.to;
    } else this.lo = this.hi = 0;
  }

  aggregate(i: number): unknown {
    const agg = this.aggs[i]!;
    const v = agg.variable;
    this.range(v);
    const { lo, hi } = this;
    if (lo === hi) return aggregateOver(agg, this.rows, 0, 0);
    if (v === WHOLE_MATCH) return this.#running(this.#whole, i, lo, hi);
    const seg = this.#seg;
    if (seg !== null && seg.v === v) return this.#running(this.#pm!.running, i, lo, hi);
    // The current row alone (the variable starts with it), or a variable the match has moved past.
    if (v === this.tried) return aggregateOver(agg, this.rows, lo, hi);
    return frozenValue(segmentOf(seg, v)!, agg, i, this.rows);
  }

  #running(set: RunningSet | null, i: number, from: number, to: number): unknown {
    const agg = this.aggs[i]!;
    if (set === null) return aggregateOver(agg, this.rows, from, to);
    let r = set.get(i);
    if (!r) set.set(i, (r = new RunningAggregate(agg, from)));
    const value = r.valueTo(this.rows, to);
    return value === BEHIND ? aggregateOver(agg, this.rows, from, to) : value;
  }
}

/** Aggregate `i` over a segment the match has moved past: computed once, then kept on the segment. */
function frozenValue(s: Segment, agg: MatchAggregate, i: number, rows: RowBuffer): unknown {
  if (s.frozen?.has(i)) return s.frozen.get(i);
  const value = aggregateOver(agg, rows, s.from, s.to);
  (s.frozen ??= new Map()).set(i, value);
  return value;
}

/**
 * When `pm` moves on from its last variable, its running aggregates over that variable's rows
 * are final: keep their values on the segment, before the partial match that stays in the
 * variable adds the next rows to them.
 */
export function freezeSegment(pm: MatchRows, rows: RowBuffer): void {
  if (pm.running === null || pm.running.size === 0) return;
  const s = pm.seg;
  for (const [i, r] of pm.running) {
    if (s.frozen?.has(i)) continue;
    const value = r.valueTo(rows, s.to);
    if (value !== BEHIND) (s.frozen ??= new Map()).set(i, value);
  }
}

/** A completed match's view, for MEASURES (and the output row). */
export class MeasureView extends View {
  constructor(
    rows: RowBuffer,
    aggs: readonly MatchAggregate[],
    private readonly m: MatchRows,
  ) {
    super(rows, aggs);
  }

  protected range(v: number): void {
    if (v === WHOLE_MATCH) {
      this.lo = this.m.start;
      this.hi = this.m.seg.to;
      return;
    }
    const s = segmentOf(this.m.seg, v);
    this.lo = s ? s.from : 0;
    this.hi = s ? s.to : 0;
  }

  aggregate(i: number): unknown {
    const agg = this.aggs[i]!;
    this.range(agg.variable);
    return aggregateOver(agg, this.rows, this.lo, this.hi);
  }
}
