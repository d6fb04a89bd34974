/**
 * OVER window aggregation (Flink docs, "Queries > Over Aggregation"): for each input row, the
 * aggregates over the rows of its partition in the frame ending at it, ordered by a time
 * attribute. Rows wait until the watermark passes their time (then every earlier row is known)
 * and are emitted in time order, append-only. RANGE frames treat rows with the same time as
 * peers; bounded frames retract rows that leave the frame, so state stays bounded.
 */
import { BaseOperator, INSERT } from "./dataflow.ts";
import type { Change, RowFn } from "./dataflow.ts";
import type { AccumulatorLike, AggCall } from "./aggregate.ts";
import { eventTimeMillis, rowKey } from "./values.ts";
import type { Row } from "./values.ts";

export interface OverFrame {
  readonly unit: "ROWS" | "RANGE";
  /** Rows (ROWS) or milliseconds (RANGE) preceding; Infinity for UNBOUNDED PRECEDING. */
  readonly preceding: number;
}

interface Partition {
  readonly accs: AccumulatorLike[];
  /** Rows currently inside the frame (bounded frames only). */
  readonly inFrame: Array<{ t: number; row: Row }>;
}

export class OverAggOp extends BaseOperator {
  readonly #parts = new Map<string, Partition>();
  #pending: Array<{ t: number; row: Row; seq: number }> = [];
  #seq = 0;

  constructor(
    private readonly partition: readonly RowFn[],
    private readonly timeFn: RowFn,
    private readonly frame: OverFrame,
    private readonly calls: readonly AggCall[],
  ) {
    super();
  }

  push(changes: readonly Change[]): void {
    const wm = this.currentWatermark;
    for (const c of changes) {
      const t = eventTimeMillis(this.timeFn(c.row));
      if (t === null || t <= wm) continue; // late rows are dropped, as in Flink
      this.#pending.push({ t, row: c.row, seq: this.#seq++ });
    }
  }

  #args(call: AggCall, row: Row): unknown[] {
    return call.args.map((f) => f(row));
  }

  #add(p: Partition, row: Row, sign: 1 | -1): void {
    this.calls.forEach((call, i) => {
      if (call.filter && !call.filter(row)) return;
      if (sign > 0) p.accs[i]!.add(this.#args(call, row));
      else p.accs[i]!.retract(this.#args(call, row));
    });
  }

  #flush(upTo: number): void {
    const ready = this.#pending.filter((p) => p.t <= upTo).sort((a, b) => a.t - b.t || a.seq - b.seq);
    if (ready.length === 0) return;
    this.#pending = this.#pending.filter((p) => p.t > upTo);
    const out: Change[] = [];
    // Group ready rows by partition, keeping time order.
    const byPart = new Map<string, Array<{ t: number; row: Row }>>();
    for (const r of ready) {
      const k = rowKey(this.partition.map((f) => f(r.row)));
      let l = byPart.get(k);
      if (!l) {
        l = [];
        byPart.set(k, l);
      }
      l.push(r);
    }
    const emitted: Array<{ t: number; seq: number; row: Row }> = [];
    let seq = 0;
    for (const [k, rows] of byPart) {
      let p = this.#parts.get(k);
      if (!p) {
        p = { accs: this.calls.map((c) => c.create()), inFrame: [] };
        this.#parts.set(k, p);
      }
      const bounded = this.frame.preceding !== Infinity;
      if (this.frame.unit === "RANGE") {
        for (let i = 0; i < rows.length; ) {
          let j = i;
          while (j < rows.length && rows[j]!.t === rows[i]!.t) j++;
          const t = rows[i]!.t;
          for (let x = i; x < j; x++) {
            this.#add(p, rows[x]!.row, 1);
            if (bounded) p.inFrame.push(rows[x]!);
          }
          if (bounded) {
            while (p.inFrame.length > 0 && p.inFrame[0]!.t < t - this.frame.preceding) this.#add(p, p.inFrame.shift()!.row, -1);
          }
          const values = p.accs.map((a) => a.value());
          for (let x = i; x < j; x++) emitted.push({ t, seq: seq++, row: [...rows[x]!.row, ...values] });
          i = j;
        }
      } else {
        for (const r of rows) {
          this.#add(p, r.row, 1);
          if (bounded) {
            p.inFrame.push(r);
            while (p.inFrame.length > this.frame.preceding + 1) this.#add(p, p.inFrame.shift()!.row, -1);
          }
          emitted.push({ t: r.t, seq: seq++, row: [...r.row, ...p.accs.map((a) => a.value())] });
        }
      }
    }
    emitted.sort((a, b) => a.t - b.t || a.seq - b.seq);
    for (const e of emitted) out.push({ op: INSERT, row: e.row });
    this.emit(out);
  }

  protected override onWatermark(wm: number): void {
    this.#flush(wm);
  }

  protected override onEnd(): void {
    this.#flush(Infinity);
  }
}
