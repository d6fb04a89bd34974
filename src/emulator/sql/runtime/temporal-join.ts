/**
 * Event-time temporal join (`JOIN versioned FOR SYSTEM_TIME AS OF left.time ON key = ...`), as
 * Flink's docs describe it ("Queries > Joins > Event Time Temporal Join"): each left row joins
 * the version of the right row (by key) that was valid at the left row's time. Left rows wait
 * until the watermark (the minimum of both inputs) passes their time, so every version up to
 * that time is known; then they are emitted in time order. Right-side changes only update the
 * versions and never emit. The output is append-only for an append-only left input.
 */
import { BaseOperator, isAccumulate } from "./dataflow.ts";
import type { Change, RowFn } from "./dataflow.ts";
import { eventTimeMillis, rowKey, valueKey } from "./values.ts";
import type { Row } from "./values.ts";

interface Version {
  readonly t: number;
  readonly row: Row | null;
}

/** Versions kept per key (older ones can no longer be the answer once newer ones are below the watermark). */
const MAX_VERSIONS = 64;

export class TemporalJoinOp extends BaseOperator {
  readonly #versions = new Map<string, Version[]>();
  #pending: Array<{ t: number; c: Change; seq: number }> = [];
  #seq = 0;

  constructor(
    private readonly leftKeys: readonly RowFn[],
    private readonly rightKeys: readonly RowFn[],
    private readonly leftTime: RowFn,
    private readonly rightTime: RowFn,
    private readonly residual: ((row: Row) => boolean) | null,
    private readonly outer: boolean,
    private readonly rightWidth: number,
  ) {
    super(2);
  }

  #key(fns: readonly RowFn[], row: Row): string | null {
    const vals = fns.map((f) => f(row));
    if (vals.some((v) => v === null || v === undefined)) return null;
    return vals.length === 1 ? valueKey(vals[0]) : rowKey(vals);
  }

  push(changes: readonly Change[], port: number): void {
    if (port === 1) {
      for (const c of changes) {
        if (c.op === 1) continue; // -U is followed by its +U
        const k = this.#key(this.rightKeys, c.row);
        const t = eventTimeMillis(this.rightTime(c.row));
        if (k === null || t === null) continue;
        let vs = this.#versions.get(k);
        if (!vs) {
          vs = [];
          this.#versions.set(k, vs);
        }
        const v: Version = { t, row: isAccumulate(c.op) ? c.row : null };
        let i = vs.length;
        while (i > 0 && vs[i - 1]!.t > t) i--;
        vs.splice(i, 0, v);
        if (vs.length > MAX_VERSIONS) vs.splice(0, vs.length - MAX_VERSIONS);
      }
      return;
    }
    for (const c of changes) {
      const t = eventTimeMillis(this.leftTime(c.row));
      if (t === null) continue;
      this.#pending.push({ t, c, seq: this.#seq++ });
    }
  }

  #flush(upTo: number): void {
    if (this.#pending.length === 0) return;
    const ready = this.#pending.filter((p) => p.t <= upTo).sort((a, b) => a.t - b.t || a.seq - b.seq);
    if (ready.length === 0) return;
    this.#pending = this.#pending.filter((p) => p.t > upTo);
    const out: Change[] = [];
    for (const { t, c } of ready) {
      const k = this.#key(this.leftKeys, c.row);
      let match: Row | null = null;
      if (k !== null) {
        const vs = this.#versions.get(k);
        if (vs) {
          for (let i = vs.length - 1; i >= 0; i--) {
            if (vs[i]!.t <= t) {
              match = vs[i]!.row;
              break;
            }
          }
        }
      }
      if (match !== null) {
        const joined = c.row.concat(match);
        if (this.residual === null || this.residual(joined)) {
          out.push({ op: c.op, row: joined });
          continue;
        }
      }
      if (this.outer) out.push({ op: c.op, row: c.row.concat(new Array<unknown>(this.rightWidth).fill(null)) });
    }
    this.emit(out);
  }

  protected override onWatermark(wm: number): void {
    this.#flush(wm);
  }

  protected override onEnd(): void {
    this.#flush(Infinity);
  }
}
