/**
 * How MATCH_RECOGNIZE's partial matches hold their rows without copying them.
 *
 * Matching is strictly contiguous: a live partial match has taken every row of its partition
 * since the row it started at. So the rows of all partial matches are stretches of one sequence,
 * the partition's {@link RowBuffer}, and partial matches differ only in where they start and in
 * which variable took which row. Variables follow each other in pattern order, so each
 * variable's rows are one range of buffer positions: a partial match is a start position and a
 * chain of {@link Segment}s, and taking a row costs one new segment, whatever the match's
 * length. Rows are read back by position (FIRST / LAST are O(1)) and only turned into a list
 * when a match fails with CEP's description of it.
 *
 * Aggregates in DEFINE would still rescan a long match on every row; {@link RunningAggregate}
 * carries them forward instead (see there).
 */
import type { RowFn } from "./dataflow.ts";
import type { Row } from "./values.ts";

/** One row of a partition, in processing order. */
export interface BufferedRow {
  readonly row: Row;
  readonly t: number;
  /** Position in processing order across partitions (CEP's EventId). */
  readonly seq: number;
}

/** A partition's rows from the earliest start of a live (partial or completed) match on. */
export class RowBuffer {
  #rows: BufferedRow[] = [];
  /** Position of #rows[0]. */
  #base = 0;

  /** The position the next row gets. */
  get end(): number {
    return this.#base + this.#rows.length;
  }

  push(r: BufferedRow): number {
    this.#rows.push(r);
    return this.end - 1;
  }

  at(pos: number): BufferedRow {
    return this.#rows[pos - this.#base]!;
  }

  /**
   * No live match starts before `pos`: its rows can go. The array is cut only once that frees
   * at least half of it, so each row is copied O(1) times on average.
   */
  release(pos: number): void {
    const drop = pos - this.#base;
    if (drop <= 0) return;
    if (drop >= this.#rows.length) {
      this.#base = this.end;
      this.#rows = [];
    } else if (drop * 2 >= this.#rows.length) {
      this.#rows = this.#rows.slice(drop);
      this.#base = pos;
    }
  }
}

/**
 * The rows one variable took in a partial match: positions [from, to). Immutable except for
 * `frozen`, a cache of DEFINE aggregates over exactly these rows (which never change), so
 * partial matches sharing the segment share the cache.
 */
export interface Segment {
  readonly v: number;
  readonly from: number;
  readonly to: number;
  /** The previous variable's segment (variables the match passed without rows have none). */
  readonly prev: Segment | null;
  frozen: Map<number, unknown> | null;
}

/** Variable `v`'s segment in the chain ending at `last`, or null when the match has no row for it. */
export function segmentOf(last: Segment | null, v: number): Segment | null {
  for (let s = last; s !== null && s.v >= v; s = s.prev) if (s.v === v) return s;
  return null;
}

/** An aggregate call in DEFINE or MEASURES: over one variable's rows (-2: the whole match). */
export interface MatchAggregate {
  readonly variable: number;
  /** In a DEFINE condition (MEASURES' aggregates run once per match, from scratch). */
  readonly inDefine: boolean;
  readonly args: readonly RowFn[];
  create(): { add(args: unknown[]): void; value(): unknown };
}

function addRow(agg: MatchAggregate, acc: ReturnType<MatchAggregate["create"]>, row: Row): void {
  const args = new Array<unknown>(agg.args.length);
  for (let i = 0; i < args.length; i++) args[i] = agg.args[i]!(row);
  acc.add(args);
}

/** The aggregate over positions [from, to), from a fresh accumulator. */
export function aggregateOver(agg: MatchAggregate, rows: RowBuffer, from: number, to: number): unknown {
  const acc = agg.create();
  for (let p = from; p < to; p++) addRow(agg, acc, rows.at(p).row);
  return acc.value();
}

/** What {@link RunningAggregate.valueTo} returns when asked for fewer rows than it has. */
export const BEHIND: unique symbol = Symbol("behind");

/**
 * An accumulator over positions [from, at) that only moves forward. Each DEFINE aggregate call
 * is always asked about the same rows relative to the row being classified (its variable's rows
 * with that row, or without it: the call sits in one variable's condition), and a partial
 * match's rows only grow, so one accumulator per call and segment answers every row with the
 * adds of the rows since the previous one. No retraction: adding the same rows in the same
 * order gives exactly the value a fresh accumulator would (floating-point sums included).
 */
export class RunningAggregate {
  readonly #acc: ReturnType<MatchAggregate["create"]>;
  #at: number;
  /** value() at #at, or BEHIND when not computed since the last add. */
  #value: unknown = BEHIND;

  constructor(
    private readonly agg: MatchAggregate,
    from: number,
  ) {
    this.#acc = agg.create();
    this.#at = from;
  }

  /** The aggregate over [from, to), or BEHIND when rows past `to` were added already. */
  valueTo(rows: RowBuffer, to: number): unknown {
    if (to < this.#at) return BEHIND;
    if (to > this.#at) {
      for (; this.#at < to; this.#at++) addRow(this.agg, this.#acc, rows.at(this.#at).row);
      this.#value = BEHIND;
    }
    if (this.#value === BEHIND) this.#value = this.#acc.value();
    return this.#value;
  }
}

/** Running aggregates by call index; one set per owner (a segment's rows, or a whole match's). */
export type RunningSet = Map<number, RunningAggregate>;
