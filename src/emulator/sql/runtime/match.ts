/**
 * MATCH_RECOGNIZE (Flink docs, "Queries > Pattern Recognition"): per partition, rows in event-time
 * order run through the pattern the way Flink's CEP NFA does (NFA.java / NFACompiler.java):
 *
 * - the pattern is a chain of variables with strict contiguity, each with a quantifier (min, max);
 *   every row starts a new partial match and advances every live one (no row may be skipped);
 * - a partial match may take a row into its current variable again (up to max) or move on to a
 *   following variable once min is reached, passing optional ones; both branches live on, except
 *   after a GREEDY looping variable: entering its successor requires the looping variable's
 *   condition to be false for the row (NFACompiler.updateWithGreedyCondition);
 * - a match completes right after a take from which only optional variables remain;
 * - completed matches wait until no earlier-started partial match is alive, then go out in start
 *   order, each pruning partial and completed matches as the AFTER MATCH SKIP strategy says;
 * - WITHIN drops partial matches once the row time minus their start time reaches the interval.
 *
 * Partial matches share their rows (match-rows.ts): taking a row is O(1) whatever the match's
 * length, and DEFINE's navigation and aggregates do not rescan the match (match-view.ts).
 *
 * Streaming mode buffers rows until the watermark passes them (late rows are dropped, as in
 * Flink's CepOperator); snapshot mode runs over the bounded input at its end. Output is
 * append-only: one row per match.
 */
import { SqlRuntimeError } from "../functions/types.ts";
import { BaseOperator, INSERT } from "./dataflow.ts";
import type { Change, RowFn } from "./dataflow.ts";
import { RowBuffer, segmentOf } from "./match-rows.ts";
import type { MatchAggregate, RunningSet, Segment } from "./match-rows.ts";
import { DefineView, MeasureView, freezeSegment } from "./match-view.ts";
import type { MatchCtx, MatchRows } from "./match-view.ts";
import { eventTimeMillis, rowKey } from "./values.ts";
import type { Row } from "./values.ts";

export type { MatchAggregate } from "./match-rows.ts";
export type { MatchCtx } from "./match-view.ts";
export { WHOLE_MATCH } from "./match-view.ts";

export interface MatchElement {
  readonly name: string;
  readonly min: number;
  /** Infinity when unbounded. */
  readonly max: number;
  /** CEP's GREEDY property (greedy looping quantifiers other than `?` and `{n}`). */
  readonly greedy: boolean;
  /** The DEFINE condition, or null (always true). */
  readonly cond: ((ctx: MatchCtx) => boolean) | null;
}

export type SkipStrategy =
  | { readonly kind: "PAST LAST ROW" }
  | { readonly kind: "TO NEXT ROW" }
  | { readonly kind: "TO FIRST" | "TO LAST"; readonly variable: number; readonly name: string };

export interface MatchSpec {
  readonly partition: readonly RowFn[];
  readonly time: RowFn;
  /** Order among rows with the same time (the secondary ORDER BY keys), or null. */
  readonly tieOrder: ((a: Row, b: Row) => number) | null;
  readonly elements: readonly MatchElement[];
  readonly skip: SkipStrategy;
  /** WITHIN, in milliseconds, or null. */
  readonly within: number | null;
  /** The aggregate calls of DEFINE and MEASURES, which MatchCtx.aggregate(i) evaluates. */
  readonly aggregates: readonly MatchAggregate[];
  /** The output row of a match: partition values, then the measures. */
  readonly output: (partition: Row, match: MatchCtx) => Row;
}

interface PartitionState {
  readonly key: Row;
  readonly rows: RowBuffer;
  readonly view: DefineView;
  /** Sorted by start (advancing keeps that order: a partial match's successors share its start). */
  partials: MatchRows[];
  /** Sorted by start. */
  completed: MatchRows[];
}

/** How many leading entries (sorted by start) `prune` discards. */
function prunedPrefix(list: readonly MatchRows[], prune: (start: number) => boolean): number {
  let k = 0;
  while (k < list.length && prune(list[k]!.start)) k++;
  return k;
}

export class MatchRecognizeOp extends BaseOperator {
  readonly #parts = new Map<string, PartitionState>();
  #pending: Array<{ t: number; row: Row; seq: number }> = [];
  #arrival = 0;
  #seq = 0;
  /** Whether DEFINE aggregates: only then do matches carry running aggregates. */
  readonly #runs: boolean;

  constructor(private readonly spec: MatchSpec) {
    super();
    this.#runs = spec.aggregates.some((a) => a.inDefine);
  }

  push(changes: readonly Change[]): void {
    const wm = this.currentWatermark;
    for (const c of changes) {
      const t = eventTimeMillis(this.spec.time(c.row));
      // Rows behind the watermark are dropped as late, as in Flink's CepOperator. The emulator
      // moves a declared watermark with every row (Flink does so periodically), so rows at the
      // watermark itself are still taken and wait for it to pass: rows of one INSERT may share
      // their time and must be ordered together.
      if (t === null || t < wm) continue;
      this.#pending.push({ t, row: c.row, seq: this.#arrival++ });
    }
  }

  protected override onWatermark(wm: number): void {
    this.#flush(wm);
  }

  protected override onEnd(): void {
    this.#flush(Infinity);
  }

  #flush(upTo: number): void {
    const tie = this.spec.tieOrder;
    const ready = this.#pending.filter((p) => p.t < upTo || upTo === Infinity).sort((a, b) => a.t - b.t || (tie ? tie(a.row, b.row) : 0) || a.seq - b.seq);
    if (ready.length === 0) return;
    this.#pending = this.#pending.filter((p) => p.t >= upTo && upTo !== Infinity);
    const out: Change[] = [];
    for (const r of ready) {
      const keyVals = this.spec.partition.map((f) => f(r.row));
      const k = rowKey(keyVals);
      let p = this.#parts.get(k);
      if (!p) {
        const rows = new RowBuffer();
        p = { key: keyVals, rows, view: new DefineView(rows, this.spec.aggregates), partials: [], completed: [] };
        this.#parts.set(k, p);
      }
      this.#timeout(p, r.t, out);
      this.#process(p, p.rows.push({ row: r.row, t: r.t, seq: this.#seq++ }), out);
      this.#forget(p);
    }
    if (upTo !== Infinity) {
      for (const p of this.#parts.values()) {
        this.#timeout(p, upTo, out);
        this.#forget(p);
      }
    }
    this.emit(out);
  }

  /** Lets the buffer drop rows no live or waiting match starts at or after. */
  #forget(p: PartitionState): void {
    const a = p.partials[0]?.start ?? Infinity;
    const b = p.completed[0]?.start ?? Infinity;
    const from = Math.min(a, b);
    p.rows.release(from === Infinity ? p.rows.end : from);
  }

  /** WITHIN: partial matches whose start is `within` or more before `t` can no longer finish. */
  #timeout(p: PartitionState, t: number, out: Change[]): void {
    const w = this.spec.within;
    if (w === null) return;
    const before = p.partials.length;
    p.partials = p.partials.filter((pm) => t - p.rows.at(pm.start).t < w);
    if (p.partials.length !== before) this.#release(p, out);
  }

  /** Runs the row at position `cur` through every live partial match and a new one. */
  #process(p: PartitionState, cur: number, out: Change[]): void {
    const next: MatchRows[] = [];
    const done: MatchRows[] = [];
    for (const pm of p.partials) this.#advance(p, pm, cur, null, next, done);
    this.#advance(p, null, cur, this.#runs ? new Map() : null, next, done);
    // Already in start order: successors keep their partial match's start and come in its order.
    p.partials = next;
    const last = p.completed[p.completed.length - 1];
    p.completed.push(...done);
    if (last && done.length > 0 && done[0]!.start < last.start) p.completed.sort((a, b) => a.start - b.start);
    this.#release(p, out);
  }

  /** Emits completed matches no live partial match started before, pruning after each. */
  #release(p: PartitionState, out: Change[]): void {
    while (p.completed.length > 0 && (p.partials.length === 0 || p.completed[0]!.start <= p.partials[0]!.start)) {
      const m = p.completed.shift()!;
      // Every strategy discards the matches starting up to some position: a prefix of both lists.
      const prune = this.#pruneBefore(p.rows, m);
      p.partials.splice(0, prunedPrefix(p.partials, prune));
      p.completed.splice(0, prunedPrefix(p.completed, prune));
      out.push({ op: INSERT, row: this.spec.output(p.key, new MeasureView(p.rows, this.spec.aggregates, m)) });
    }
  }

  /** AfterMatchSkipStrategy.prune: which start positions the match `m` discards. */
  #pruneBefore(rows: RowBuffer, m: MatchRows): (start: number) => boolean {
    const s = this.spec.skip;
    switch (s.kind) {
      case "PAST LAST ROW": {
        const last = m.seg.to - 1;
        return (start) => start <= last;
      }
      case "TO NEXT ROW": {
        const first = m.start;
        return (start) => start <= first;
      }
      default: {
        const seg = segmentOf(m.seg, s.variable);
        if (seg === null) {
          throw new SqlRuntimeError(`Could not skip to ${s.name}. No such element in the found match ${this.#describe(rows, m)}`, "org.apache.flink.util.FlinkRuntimeException");
        }
        const target = s.kind === "TO FIRST" ? seg.from : seg.to - 1;
        if (target === m.start) throw new SqlRuntimeError("Could not skip to first element of a match.", "org.apache.flink.util.FlinkRuntimeException");
        return (start) => start < target;
      }
    }
  }

  /** A match the way CEP prints its Map<String, List<EventId>>. */
  #describe(rows: RowBuffer, m: MatchRows): string {
    const segs: Segment[] = [];
    for (let s: Segment | null = m.seg; s !== null; s = s.prev) segs.unshift(s);
    const parts = segs.map((s) => {
      const ids: string[] = [];
      for (let i = s.from; i < s.to; i++) ids.push(`EventId{id=${rows.at(i).seq}, timestamp=${rows.at(i).t}}`);
      return `${this.spec.elements[s.v]!.name}=[${ids.join(", ")}]`;
    });
    return `{${parts.join(", ")}}`;
  }

  #holds(view: DefineView, el: number): boolean {
    const cond = this.spec.elements[el]!.cond;
    if (!cond) return true;
    view.tried = el;
    return cond(view);
  }

  /**
   * Entering variable `j`'s first state: its edges carry NOT(previous variable's condition) when
   * the previous variable is a greedy loop (NFACompiler.updateWithGreedyCondition).
   */
  #guard(view: DefineView, j: number): boolean {
    return j === 0 || !this.spec.elements[j - 1]!.greedy || !this.#holds(view, j - 1);
  }

  /** After taking a row into `j`: only optional variables follow, and their guards let it through. */
  #canFinish(view: DefineView, j: number): boolean {
    const els = this.spec.elements;
    for (let t = j + 1; t < els.length; t++) {
      if (els[t]!.min > 0 || !this.#guard(view, t)) return false;
    }
    return true;
  }

  /**
   * Advances `pm` (null: a match starting with this row, whose whole-match aggregates are
   * `whole`) by the row at `cur`, pushing its successors to `next` and those that complete a
   * match to `done` as well.
   */
  #advance(p: PartitionState, pm: MatchRows | null, cur: number, whole: RunningSet | null, next: MatchRows[], done: MatchRows[]): void {
    const els = this.spec.elements;
    const view = p.view;
    view.reset(pm, cur, pm ? pm.whole : whole);
    let from: number;
    if (pm) {
      const elem = pm.seg.v;
      const el = els[elem]!;
      const count = pm.seg.to - pm.seg.from;
      if (count < el.max && this.#holds(view, elem)) this.#take(p, pm, elem, cur, whole, next, done);
      if (count < el.min) return;
      from = elem + 1;
    } else from = 0;
    for (let j = from; j < els.length; j++) {
      if (!this.#guard(view, j)) return;
      if (this.#holds(view, j)) this.#take(p, pm, j, cur, whole, next, done);
      if (els[j]!.min > 0) return;
    }
  }

  /** `pm` (or a new match) takes the row at `cur` into variable `j`. */
  #take(p: PartitionState, pm: MatchRows | null, j: number, cur: number, whole: RunningSet | null, next: MatchRows[], done: MatchRows[]): void {
    let seg: Segment;
    let running: RunningSet | null;
    if (pm && j === pm.seg.v) {
      seg = { v: j, from: pm.seg.from, to: cur + 1, prev: pm.seg.prev, frozen: null };
      // The one successor that stays in the variable carries its running aggregates on.
      running = pm.running;
    } else {
      if (pm) freezeSegment(pm, p.rows);
      seg = { v: j, from: cur, to: cur + 1, prev: pm ? pm.seg : null, frozen: null };
      running = this.#runs ? new Map() : null;
    }
    const np: MatchRows = { start: pm ? pm.start : cur, seg, running, whole: pm ? pm.whole : whole };
    next.push(np);
    if (seg.to - seg.from >= this.spec.elements[j]!.min && this.#canFinish(p.view, j)) done.push(np);
  }
}
