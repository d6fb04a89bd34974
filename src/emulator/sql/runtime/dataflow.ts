/**
 * Incremental dataflow operators producing Flink changelogs. Every query runs as a graph of
 * these, in both modes: snapshot mode pushes each source's current contents as one batch and
 * ends the inputs; streaming mode pushes each appended row as its own batch (so the changelog
 * is the per-record one Flink produces) and forwards watermarks.
 *
 * Stateful operators keep state per key (group, join key, partition) so the cost of a change
 * does not depend on the size of the input seen so far.
 */
import type { OpCode } from "../../engine.ts";
import type { Row } from "./values.ts";

/** One changelog entry in internal form. */
export interface Change {
  readonly op: OpCode;
  readonly row: Row;
}

export const INSERT: OpCode = 0;
export const UPDATE_BEFORE: OpCode = 1;
export const UPDATE_AFTER: OpCode = 2;
export const DELETE: OpCode = 3;

/** +I and +U add a row; -U and -D take one away. */
export function isAccumulate(op: OpCode): boolean {
  return op === 0 || op === 2;
}

/** A node of the dataflow graph. Inputs are numbered ports. */
export interface Operator {
  push(changes: readonly Change[], port: number): void;
  /** Event-time watermark (ms since epoch) of input `port`. */
  watermark(wm: number, port: number): void;
  /** Input `port` is exhausted (bounded sources, snapshot mode). */
  end(port: number): void;
}

/** Base: one downstream, watermark = min over inputs, ended when all inputs ended. */
export abstract class BaseOperator implements Operator {
  out: Operator | null = null;
  outPort = 0;
  #wms: number[];
  #ended: boolean[];
  #lastWm = -Infinity;

  constructor(inputs = 1) {
    this.#wms = new Array<number>(inputs).fill(-Infinity);
    this.#ended = new Array<boolean>(inputs).fill(false);
  }

  connect(op: Operator, port = 0): this {
    this.out = op;
    this.outPort = port;
    return this;
  }

  protected emit(changes: readonly Change[]): void {
    if (changes.length > 0 && this.out) this.out.push(changes, this.outPort);
  }

  abstract push(changes: readonly Change[], port: number): void;

  watermark(wm: number, port: number): void {
    if (wm <= this.#wms[port]!) return;
    this.#wms[port] = wm;
    let min = Infinity;
    for (let i = 0; i < this.#wms.length; i++) if (!this.#ended[i] && this.#wms[i]! < min) min = this.#wms[i]!;
    if (min === Infinity) min = Math.max(...this.#wms);
    if (min > this.#lastWm) {
      this.#lastWm = min;
      this.onWatermark(min);
      this.out?.watermark(min, this.outPort);
    }
  }

  /** Current combined watermark. */
  protected get currentWatermark(): number {
    return this.#lastWm;
  }

  /** Hook for event-time operators (fire windows) before the watermark goes downstream. */
  protected onWatermark(_wm: number): void {}

  end(port: number): void {
    if (this.#ended[port]) return;
    this.#ended[port] = true;
    if (this.#ended.every(Boolean)) {
      this.onEnd();
      this.out?.end(this.outPort);
    }
  }

  /** Hook: all inputs ended (flush). */
  protected onEnd(): void {}
}

export type RowFn = (row: Row) => unknown;
export type RowPredicate = (row: Row) => boolean;

/** Receives an operator's current watermark before its expressions run (CURRENT_WATERMARK). */
export interface WatermarkSink {
  value: number;
}

/** WHERE / HAVING / ON residuals over a changelog: each record is kept or dropped on its own (as Flink's Calc does). */
export class FilterOp extends BaseOperator {
  constructor(private readonly pred: RowPredicate, private readonly wm: WatermarkSink | null = null) {
    super();
  }
  push(changes: readonly Change[]): void {
    if (this.wm) this.wm.value = this.currentWatermark;
    const out: Change[] = [];
    for (const c of changes) if (this.pred(c.row)) out.push(c);
    this.emit(out);
  }
}

/** SELECT list: one compiled closure per output column. */
export class ProjectOp extends BaseOperator {
  constructor(private readonly fns: readonly RowFn[], private readonly wm: WatermarkSink | null = null) {
    super();
  }
  push(changes: readonly Change[]): void {
    if (this.wm) this.wm.value = this.currentWatermark;
    const fns = this.fns;
    const n = fns.length;
    const out = new Array<Change>(changes.length);
    for (let i = 0; i < changes.length; i++) {
      const c = changes[i]!;
      const row = new Array<unknown>(n);
      for (let j = 0; j < n; j++) row[j] = fns[j]!(c.row);
      out[i] = { op: c.op, row };
    }
    this.emit(out);
  }
}

/** UNION ALL: forwards every input. */
export class UnionOp extends BaseOperator {
  push(changes: readonly Change[]): void {
    this.emit(changes);
  }
}

/** Forwards to several consumers (a source read by two branches of a query). */
export class FanOutOp extends BaseOperator {
  readonly targets: Array<{ op: Operator; port: number }> = [];
  add(op: Operator, port: number): void {
    this.targets.push({ op, port });
  }
  push(changes: readonly Change[]): void {
    for (const t of this.targets) t.op.push(changes, t.port);
  }
  override watermark(wm: number): void {
    for (const t of this.targets) t.op.watermark(wm, t.port);
  }
  override end(): void {
    for (const t of this.targets) t.op.end(t.port);
  }
}

/** LIMIT without ORDER BY over an append-only input: the first rows, then nothing. */
export class LimitOp extends BaseOperator {
  #seen = 0;
  constructor(private readonly offset: number, private readonly limit: number) {
    super();
  }
  push(changes: readonly Change[]): void {
    const out: Change[] = [];
    for (const c of changes) {
      const i = this.#seen++;
      if (i >= this.offset && i < this.offset + this.limit) out.push(c);
    }
    this.emit(out);
  }
}

/** UNNEST: each input record becomes one record per element (same row kind). */
export class UnnestOp extends BaseOperator {
  constructor(private readonly expand: (row: Row) => Row[], private readonly outer: boolean, private readonly width: number) {
    super();
  }
  push(changes: readonly Change[]): void {
    const out: Change[] = [];
    for (const c of changes) {
      const parts = this.expand(c.row);
      if (parts.length === 0 && this.outer) out.push({ op: c.op, row: [...c.row, ...new Array<unknown>(this.width).fill(null)] });
      for (const p of parts) out.push({ op: c.op, row: [...c.row, ...p] });
    }
    this.emit(out);
  }
}

/** Terminal operator collecting changes and observing watermarks and the end. */
export class CollectOp implements Operator {
  constructor(
    private readonly onChanges: (changes: readonly Change[]) => void,
    private readonly onEnd: () => void = () => {},
    private readonly onWatermark: (wm: number) => void = () => {},
  ) {}
  push(changes: readonly Change[]): void {
    if (changes.length > 0) this.onChanges(changes);
  }
  watermark(wm: number): void {
    this.onWatermark(wm);
  }
  end(): void {
    this.onEnd();
  }
}
