/**
 * Windowing table functions (TUMBLE, HOP, CUMULATE) and window aggregation, after Flink's
 * "Windowing TVF" and "Window Aggregation" documentation: the TVF appends window_start,
 * window_end and window_time to each row (one copy per window the row falls in); a window
 * aggregate keeps state per (window, key) and emits one final +I per group when the
 * watermark passes the window's end, then frees that window's state. Rows for windows that
 * already fired are late and dropped.
 *
 * Over an updating input (FLINK-20281) the aggregate consumes -U/-D too: a retraction is
 * retracted from its window's accumulators, and a group whose rows were all retracted is
 * dropped without output (Flink counts the rows of each group for this and skips an empty
 * one when the window fires). The result stays append-only: one +I per group at window end.
 */
import { BaseOperator, INSERT, isAccumulate } from "./dataflow.ts";
import type { Change, RowFn } from "./dataflow.ts";
import type { AccumulatorLike, AggCall } from "./aggregate.ts";
import { eventTimeMillis, rowKey } from "./values.ts";
import type { Row } from "./values.ts";
import { firedEnds, windowFired } from "./window-firing.ts";

export type WindowKind = "TUMBLE" | "HOP" | "CUMULATE";

export interface WindowSpec {
  readonly kind: WindowKind;
  /** TUMBLE: size; HOP: size (slide separately); CUMULATE: max size (step separately). */
  readonly sizeMs: number;
  /** HOP slide or CUMULATE step. */
  readonly stepMs: number;
  readonly offsetMs: number;
}

function floorMod(a: number, b: number): number {
  return ((a % b) + b) % b;
}

/** Windows [start, end) containing time `t`, in Flink's order (by start ascending). */
export function assignWindows(spec: WindowSpec, t: number): Array<[number, number]> {
  switch (spec.kind) {
    case "TUMBLE": {
      const start = t - floorMod(t - spec.offsetMs, spec.sizeMs);
      return [[start, start + spec.sizeMs]];
    }
    case "HOP": {
      const out: Array<[number, number]> = [];
      const lastStart = t - floorMod(t - spec.offsetMs, spec.stepMs);
      for (let s = lastStart; s > t - spec.sizeMs; s -= spec.stepMs) out.push([s, s + spec.sizeMs]);
      return out.reverse();
    }
    case "CUMULATE": {
      const out: Array<[number, number]> = [];
      const start = t - floorMod(t - spec.offsetMs, spec.sizeMs);
      const firstEnd = t - floorMod(t - spec.offsetMs, spec.stepMs) + spec.stepMs;
      for (let e = firstEnd; e <= start + spec.sizeMs; e += spec.stepMs) out.push([start, e]);
      return out;
    }
  }
}

/**
 * Appends window_start, window_end, window_time. `makeTime` builds the internal timestamp
 * value for the new columns (window_start/window_end as TIMESTAMP(3), window_time of the
 * time attribute's type).
 */
export class WindowTvfOp extends BaseOperator {
  constructor(
    private readonly spec: WindowSpec,
    private readonly timeFn: RowFn,
    private readonly makeBound: (ms: number) => unknown,
    private readonly makeTime: (ms: number) => unknown,
  ) {
    super();
  }
  push(changes: readonly Change[]): void {
    const out: Change[] = [];
    for (const c of changes) {
      const t = eventTimeMillis(this.timeFn(c.row));
      if (t === null) continue; // a NULL time attribute belongs to no window
      for (const [s, e] of assignWindows(this.spec, t)) {
        out.push({ op: c.op, row: [...c.row, this.makeBound(s), this.makeBound(e), this.makeTime(e - 1)] });
      }
    }
    this.emit(out);
  }
}

interface WinGroup {
  readonly keys: unknown[];
  readonly accs: AccumulatorLike[];
  /** Accumulated minus retracted rows: 0 means the group is empty and emits nothing. */
  count: number;
}

/** Output: group key values, then aggregates; input rows carry their window end at `windowEndFn`. */
export class WindowAggOp extends BaseOperator {
  readonly #windows = new Map<number, Map<string, WinGroup>>();

  constructor(
    private readonly keyFns: readonly RowFn[],
    private readonly windowEndFn: RowFn,
    private readonly calls: readonly AggCall[],
  ) {
    super();
  }

  push(changes: readonly Change[]): void {
    const wm = this.currentWatermark;
    for (const c of changes) {
      const end = eventTimeMillis(this.windowEndFn(c.row));
      if (end === null || windowFired(end, wm)) continue; // late: the window already fired
      const acc = isAccumulate(c.op);
      let groups = this.#windows.get(end);
      if (!groups) {
        // A retraction for a window holding nothing (a changelog deleting a row it never
        // inserted) has nothing to undo, as in GroupAggOp.
        if (!acc) continue;
        groups = new Map();
        this.#windows.set(end, groups);
      }
      const keys = this.keyFns.map((f) => f(c.row));
      const k = rowKey(keys);
      let g = groups.get(k);
      if (!g) {
        if (!acc) continue;
        g = { keys, accs: this.calls.map((a) => a.create()), count: 0 };
        groups.set(k, g);
      }
      for (let i = 0; i < this.calls.length; i++) {
        const call = this.calls[i]!;
        if (call.filter && !call.filter(c.row)) continue;
        const args = call.args.map((f) => f(c.row));
        if (acc) g.accs[i]!.add(args);
        else g.accs[i]!.retract(args);
      }
      g.count += acc ? 1 : -1;
      if (g.count <= 0) {
        groups.delete(k);
        if (groups.size === 0) this.#windows.delete(end);
      }
    }
  }

  #fire(upTo: number): void {
    const ends = firedEnds(this.#windows, upTo);
    const out: Change[] = [];
    for (const e of ends) {
      for (const g of this.#windows.get(e)!.values()) {
        const row = g.keys.slice();
        for (const a of g.accs) row.push(a.value());
        out.push({ op: INSERT, row });
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

  /** Open windows (state bound check). */
  get openWindows(): number {
    return this.#windows.size;
  }
}
