/**
 * Window joins (Flink docs, "Queries > Window Join"; Flink's WindowJoinOperator): both inputs
 * carry windows (window_start, window_end) and the join condition equates them, so rows meet
 * only within a window. Rows are kept per window and join key until the watermark passes the
 * window's end (`window_end - 1 <= watermark`, window-firing.ts); then
 * the window is joined once, its rows of an outer side without a partner emitted null-padded,
 * and its state dropped. Nothing is emitted before and nothing retracted: the result is
 * append-only. Rows for a window that already fired are late and dropped.
 *
 * A semi / anti join (IN / EXISTS and their negations, Flink's SemiAntiJoinOperator among the
 * window join processors) emits a left row when its window fires if some right row of the
 * same window and key matches it (semi) or none does (anti); the output is the left row alone.
 */
import { BaseOperator, INSERT, isAccumulate } from "./dataflow.ts";
import type { Change, RowFn, RowPredicate } from "./dataflow.ts";
import { rowKey } from "./values.ts";
import type { Row } from "./values.ts";
import type { JoinKind } from "./join.ts";
import { firedEnds, windowFired } from "./window-firing.ts";

/** The rows of one join key in one window, per side in arrival order. */
interface Bucket {
  readonly rows: [Row[], Row[]];
  /** Some key value is NULL: no row of this bucket matches (outer rows are padded). */
  readonly nullKey: boolean;
}

export class WindowJoinOp extends BaseOperator {
  /** Window end (epoch ms) -> join key -> rows. */
  readonly #windows = new Map<number, Map<string, Bucket>>();

  constructor(
    private readonly kind: JoinKind,
    private readonly keys: readonly [readonly RowFn[], readonly RowFn[]],
    /** Each side's window end in epoch ms (null: no window). */
    private readonly ends: readonly [(row: Row) => number | null, (row: Row) => number | null],
    /** The rest of the ON condition over the joined row (keys already compared). */
    private readonly condition: RowPredicate | null,
    private readonly widths: readonly [number, number],
  ) {
    super(2);
  }

  push(changes: readonly Change[], port: number): void {
    const side = port as 0 | 1;
    const wm = this.currentWatermark;
    for (const c of changes) {
      // Both inputs are append-only (the planner rejects updating ones, as Flink's does).
      if (!isAccumulate(c.op)) continue;
      const end = this.ends[side](c.row);
      if (end === null || windowFired(end, wm)) continue; // late: the window already fired
      let window = this.#windows.get(end);
      if (!window) {
        window = new Map();
        this.#windows.set(end, window);
      }
      const keyValues = this.keys[side].map((f) => f(c.row));
      const nullKey = keyValues.some((v) => v === null || v === undefined);
      // A NULL key matches nothing; such rows share a bucket only among themselves.
      const key = (nullKey ? "\u0000null:" : "") + rowKey(keyValues);
      let bucket = window.get(key);
      if (!bucket) {
        bucket = { rows: [[], []], nullKey };
        window.set(key, bucket);
      }
      bucket.rows[side].push(c.row);
    }
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

  #fire(upTo: number): void {
    const ends = firedEnds(this.#windows, upTo);
    const out: Change[] = [];
    for (const e of ends) {
      for (const b of this.#windows.get(e)!.values()) this.#join(b, out);
      this.#windows.delete(e);
    }
    this.emit(out);
  }

  /** One window's rows of one key, in the order Flink's window join processors emit them. */
  #join(b: Bucket, out: Change[]): void {
    const [left, right] = b.rows;
    if (this.kind === "SEMI" || this.kind === "ANTI") {
      const semi = this.kind === "SEMI";
      for (const l of left) {
        const matched = !b.nullKey && right.some((r) => !this.condition || this.condition([...l, ...r]));
        if (matched === semi) out.push({ op: INSERT, row: l });
      }
      return;
    }
    const padLeft = this.kind === "LEFT" || this.kind === "FULL";
    const padRight = this.kind === "RIGHT" || this.kind === "FULL";
    const matches = (l: Row, r: Row): Row | null => {
      if (b.nullKey) return null;
      const joined = [...l, ...r];
      return !this.condition || this.condition(joined) ? joined : null;
    };
    if (this.kind === "RIGHT") {
      // Flink's right outer processor walks the right rows, each against every left row.
      for (const r of right) {
        let matched = false;
        for (const l of left) {
          const j = matches(l, r);
          if (j) {
            out.push({ op: INSERT, row: j });
            matched = true;
          }
        }
        if (!matched) out.push(this.#padded(r, 1));
      }
      return;
    }
    const rightMatched = new Array<boolean>(right.length).fill(false);
    for (const l of left) {
      let matched = false;
      right.forEach((r, i) => {
        const j = matches(l, r);
        if (j) {
          out.push({ op: INSERT, row: j });
          matched = true;
          rightMatched[i] = true;
        }
      });
      if (!matched && padLeft) out.push(this.#padded(l, 0));
    }
    if (padRight) right.forEach((r, i) => rightMatched[i] || out.push(this.#padded(r, 1)));
  }

  #padded(row: Row, side: 0 | 1): Change {
    const nulls = new Array<unknown>(this.widths[1 - side]!).fill(null);
    return { op: INSERT, row: side === 0 ? [...row, ...nulls] : [...nulls, ...row] };
  }
}
