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
 * Streaming mode buffers rows until the watermark passes them (late rows are dropped, as in
 * Flink's CepOperator); snapshot mode runs over the bounded input at its end. Output is
 * append-only: one row per match.
 */
import { SqlRuntimeError } from "../functions/types.ts";
import { BaseOperator, INSERT } from "./dataflow.ts";
import type { Change, RowFn } from "./dataflow.ts";
import { eventTimeMillis, rowKey } from "./values.ts";
import type { Row } from "./values.ts";

/** A row mapped to a pattern variable (`v` is the variable's index in the pattern). */
export interface Mapped {
  readonly row: Row;
  readonly v: number;
  readonly t: number;
  /** Position in processing order (CEP's EventId order). */
  readonly seq: number;
}

/**
 * What DEFINE / MEASURES expressions see: the rows of the (partial) match and, in DEFINE, the
 * row being classified and the variable it is tried for (-1 in MEASURES).
 */
export interface MatchCtx {
  readonly rows: readonly Mapped[];
  readonly current: Row | null;
  readonly currentVar: number;
}

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
  /** The output row of a match: partition values, then the measures. */
  readonly output: (partition: Row, match: readonly Mapped[]) => Row;
}

interface Partial {
  readonly rows: readonly Mapped[];
  /** Variable of the last taken row, and how many rows it has. */
  readonly elem: number;
  readonly count: number;
}

interface PartitionState {
  readonly key: Row;
  partials: Partial[];
  completed: Array<readonly Mapped[]>;
}

const startOf = (rows: readonly Mapped[]): number => rows[0]!.seq;

export class MatchRecognizeOp extends BaseOperator {
  readonly #parts = new Map<string, PartitionState>();
  #pending: Array<{ t: number; row: Row; seq: number }> = [];
  #arrival = 0;
  #seq = 0;

  constructor(private readonly spec: MatchSpec) {
    super();
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
        p = { key: keyVals, partials: [], completed: [] };
        this.#parts.set(k, p);
      }
      this.#timeout(p, r.t, out);
      this.#process(p, { row: r.row, v: -1, t: r.t, seq: this.#seq++ }, out);
    }
    if (upTo !== Infinity) for (const p of this.#parts.values()) this.#timeout(p, upTo, out);
    this.emit(out);
  }

  /** WITHIN: partial matches whose start is `within` or more before `t` can no longer finish. */
  #timeout(p: PartitionState, t: number, out: Change[]): void {
    const w = this.spec.within;
    if (w === null) return;
    const before = p.partials.length;
    p.partials = p.partials.filter((pm) => t - pm.rows[0]!.t < w);
    if (p.partials.length !== before) this.#release(p, out);
  }

  #process(p: PartitionState, e: Mapped, out: Change[]): void {
    const next: Partial[] = [];
    const done: Array<readonly Mapped[]> = [];
    for (const pm of p.partials) this.#advance(pm, e, next, done);
    this.#advance(null, e, next, done);
    p.partials = next.sort((a, b) => startOf(a.rows) - startOf(b.rows));
    p.completed.push(...done);
    p.completed.sort((a, b) => startOf(a) - startOf(b));
    this.#release(p, out);
  }

  /** Emits completed matches no live partial match started before, pruning after each. */
  #release(p: PartitionState, out: Change[]): void {
    while (p.completed.length > 0 && (p.partials.length === 0 || startOf(p.completed[0]!) <= startOf(p.partials[0]!.rows))) {
      const m = p.completed.shift()!;
      const prune = this.#pruneBefore(m);
      p.partials = p.partials.filter((pm) => !prune(startOf(pm.rows)));
      p.completed = p.completed.filter((c) => !prune(startOf(c)));
      out.push({ op: INSERT, row: this.spec.output(p.key, m) });
    }
  }

  /** AfterMatchSkipStrategy.prune: which start positions the match `m` discards. */
  #pruneBefore(m: readonly Mapped[]): (start: number) => boolean {
    const s = this.spec.skip;
    switch (s.kind) {
      case "PAST LAST ROW": {
        const last = m[m.length - 1]!.seq;
        return (start) => start <= last;
      }
      case "TO NEXT ROW": {
        const first = m[0]!.seq;
        return (start) => start <= first;
      }
      default: {
        const rows = m.filter((x) => x.v === s.variable);
        if (rows.length === 0) {
          throw new SqlRuntimeError(`Could not skip to ${s.name}. No such element in the found match ${this.#describe(m)}`, "org.apache.flink.util.FlinkRuntimeException");
        }
        const target = (s.kind === "TO FIRST" ? rows[0]! : rows[rows.length - 1]!).seq;
        if (target === m[0]!.seq) throw new SqlRuntimeError("Could not skip to first element of a match.", "org.apache.flink.util.FlinkRuntimeException");
        return (start) => start < target;
      }
    }
  }

  /** A match the way CEP prints its Map<String, List<EventId>>. */
  #describe(m: readonly Mapped[]): string {
    const byVar = new Map<string, string[]>();
    for (const x of m) {
      const name = this.spec.elements[x.v]!.name;
      byVar.set(name, [...(byVar.get(name) ?? []), `EventId{id=${x.seq}, timestamp=${x.t}}`]);
    }
    return `{${[...byVar].map(([k, v]) => `${k}=[${v.join(", ")}]`).join(", ")}}`;
  }

  #holds(el: number, pm: Partial | null, e: Mapped): boolean {
    const cond = this.spec.elements[el]!.cond;
    if (!cond) return true;
    return cond({ rows: pm ? pm.rows : [], current: e.row, currentVar: el });
  }

  /**
   * Entering variable `j`'s first state: its edges carry NOT(previous variable's condition) when
   * the previous variable is a greedy loop (NFACompiler.updateWithGreedyCondition).
   */
  #guard(j: number, pm: Partial | null, e: Mapped): boolean {
    if (j === 0) return true;
    const prev = this.spec.elements[j - 1]!;
    return !prev.greedy || !this.#holds(j - 1, pm, e);
  }

  #advance(pm: Partial | null, e: Mapped, next: Partial[], done: Array<readonly Mapped[]>): void {
    const els = this.spec.elements;
    const take = (j: number, count: number): void => {
      const rows = [...(pm ? pm.rows : []), { ...e, v: j }];
      const np: Partial = { rows, elem: j, count };
      next.push(np);
      if (count >= els[j]!.min && this.#canFinish(j, pm, e)) done.push(rows);
    };
    let from: number;
    if (pm) {
      const el = els[pm.elem]!;
      if (pm.count < el.max && this.#holds(pm.elem, pm, e)) take(pm.elem, pm.count + 1);
      if (pm.count < el.min) return;
      from = pm.elem + 1;
    } else from = 0;
    for (let j = from; j < els.length; j++) {
      if (!this.#guard(j, pm, e)) return;
      if (this.#holds(j, pm, e)) take(j, 1);
      if (els[j]!.min > 0) return;
    }
  }

  /** After taking a row into `j`: only optional variables follow, and their guards let it through. */
  #canFinish(j: number, pm: Partial | null, e: Mapped): boolean {
    const els = this.spec.elements;
    for (let t = j + 1; t < els.length; t++) {
      if (els[t]!.min > 0) return false;
      if (!this.#guard(t, pm, e)) return false;
    }
    return true;
  }
}
