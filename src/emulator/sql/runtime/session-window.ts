/**
 * The SESSION window TVF, after Flink's "Windowing TVF > SESSION" documentation: rows of one
 * partition whose windows [t, t + gap) intersect belong to one session, window_start being the
 * first row's time and window_end the last row's time plus the gap. Unlike TUMBLE / HOP /
 * CUMULATE a row's window is not known when it arrives (a later row may extend the session, or
 * bridge two sessions into one), so rows are buffered per partition and emitted, with
 * window_start, window_end and window_time appended, once the watermark passes the session's
 * end (as Flink's unaligned window table function does). Downstream window aggregates and
 * window Top-N then see the rows of a session before the watermark that closes it.
 */
import { BaseOperator } from "./dataflow.ts";
import type { Change, RowFn } from "./dataflow.ts";
import { eventTimeMillis, rowKey } from "./values.ts";
import { windowFired } from "./window-firing.ts";

export interface SessionSpec {
  readonly kind: "SESSION";
  readonly gapMs: number;
  /** Input columns of `PARTITION BY`; empty for one session stream over all rows. */
  readonly partitionCols: readonly number[];
}

interface Session {
  start: number;
  /** Exclusive: the last row's time plus the gap. */
  end: number;
  /** Rows with their arrival number, so merged sessions keep arrival order. */
  rows: Array<{ readonly seq: number; readonly change: Change }>;
}

/**
 * Assigns sessions per partition. Times are epoch milliseconds of the time attribute (the
 * instant for TIMESTAMP_LTZ); `makeBound` / `makeTime` build the appended column values.
 */
export class SessionWindowTvfOp extends BaseOperator {
  readonly #partitions = new Map<string, Session[]>();
  #seq = 0;

  constructor(
    private readonly spec: SessionSpec,
    private readonly timeFn: RowFn,
    private readonly makeBound: (ms: number) => unknown,
    private readonly makeTime: (ms: number) => unknown,
  ) {
    super();
  }

  push(changes: readonly Change[]): void {
    const wm = this.currentWatermark;
    for (const c of changes) {
      const t = eventTimeMillis(this.timeFn(c.row));
      if (t === null) continue; // a NULL time attribute belongs to no session
      const key = rowKey(this.spec.partitionCols.map((i) => c.row[i]));
      let sessions = this.#partitions.get(key);
      if (!sessions) {
        sessions = [];
        this.#partitions.set(key, sessions);
      }
      let start = t;
      let end = t + this.spec.gapMs;
      // Flink's TimeWindow.intersects is inclusive at both ends: windows that only touch merge.
      const touching = sessions.filter((s) => s.start <= end && s.end >= start);
      // Late: the row opens a session that the watermark has already closed.
      if (touching.length === 0 && windowFired(end, wm)) continue;
      const rows: Session["rows"] = [{ seq: this.#seq++, change: c }];
      for (const s of touching) {
        start = Math.min(start, s.start);
        end = Math.max(end, s.end);
        rows.push(...s.rows);
      }
      rows.sort((a, b) => a.seq - b.seq);
      const kept = sessions.filter((s) => !touching.includes(s));
      kept.push({ start, end, rows });
      this.#partitions.set(key, kept);
    }
  }

  /** Emits the sessions whose last millisecond (window_time) is at or before `upTo`. */
  #fire(upTo: number): void {
    const closed: Session[] = [];
    for (const [key, sessions] of this.#partitions) {
      const open = sessions.filter((s) => !windowFired(s.end, upTo));
      if (open.length === sessions.length) continue;
      for (const s of sessions) if (windowFired(s.end, upTo)) closed.push(s);
      if (open.length === 0) this.#partitions.delete(key);
      else this.#partitions.set(key, open);
    }
    closed.sort((a, b) => a.end - b.end || a.rows[0]!.seq - b.rows[0]!.seq);
    const out: Change[] = [];
    for (const s of closed) {
      const start = this.makeBound(s.start);
      const end = this.makeBound(s.end);
      const time = this.makeTime(s.end - 1);
      for (const { change } of s.rows) out.push({ op: change.op, row: [...change.row, start, end, time] });
    }
    this.emit(out);
  }

  protected override onWatermark(wm: number): void {
    this.#fire(wm);
  }

  protected override onEnd(): void {
    this.#fire(Infinity);
  }

  /** Open sessions over all partitions (state bound check). */
  get openSessions(): number {
    let n = 0;
    for (const s of this.#partitions.values()) n += s.length;
    return n;
  }
}
