/**
 * Regular (non-windowed) joins over changelogs, following Flink's StreamingJoinOperator and
 * StreamingSemiAntiJoinOperator: both sides keep their rows per join key; an inner side's
 * records keep their row kind (+I/+U/-U/-D), outer sides produce +I/-D with null padding that
 * is retracted when the first match arrives and re-inserted when the last match goes.
 *
 * State is only kept while it can still be needed: once one side has ended (a bounded input
 * fully read, as in snapshot mode or a VALUES side), an insert-only row of the other side can
 * match nothing that arrives later and is never retracted, so it is joined and dropped.
 */
import { BaseOperator, DELETE, INSERT, isAccumulate } from "./dataflow.ts";
import type { Change, RowFn } from "./dataflow.ts";
import { rowKey, valueKey } from "./values.ts";
import type { Row } from "./values.ts";
import type { OpCode } from "../../engine.ts";

export type JoinKind = "INNER" | "LEFT" | "RIGHT" | "FULL" | "SEMI" | "ANTI";

const EMPTY: Entry[] = [];
/** Output rows handed downstream at a time at most (plus one input record's worth). */
const OUT_CHUNK = 4096;

interface Entry {
  row: Row;
  count: number;
  /** Number of matching rows on the other side (outer sides, semi/anti left side). */
  matched: number;
}

function sameRow(a: Row, b: Row): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (valueKey(a[i]) !== valueKey(b[i])) return false;
  }
  return true;
}

class SideState {
  readonly buckets = new Map<string, Entry[]>();
  add(key: string, row: Row, matched: number): Entry {
    let b = this.buckets.get(key);
    if (!b) {
      b = [];
      this.buckets.set(key, b);
    }
    // Duplicates are separate entries: adding stays O(1); a retraction searches its bucket.
    const e: Entry = { row, count: 1, matched };
    b.push(e);
    return e;
  }
  /** Remove one instance; returns the entry (with its matched count) or null if unknown. */
  remove(key: string, row: Row): Entry | null {
    const b = this.buckets.get(key);
    if (!b) return null;
    for (let i = 0; i < b.length; i++) {
      const e = b[i]!;
      if (sameRow(e.row, row)) {
        e.count--;
        if (e.count === 0) {
          b.splice(i, 1);
          if (b.length === 0) this.buckets.delete(key);
        }
        return e;
      }
    }
    return null;
  }
  get size(): number {
    let n = 0;
    for (const b of this.buckets.values()) n += b.length;
    return n;
  }
}

/**
 * Ports: 0 = left, 1 = right. Output rows are left ++ right (SEMI/ANTI: left only).
 * A NULL in an equi-join key never matches (SQL equality), but outer rows still come out padded.
 */
export class JoinOp extends BaseOperator {
  readonly #left = new SideState();
  readonly #right = new SideState();

  constructor(
    private readonly kind: JoinKind,
    private readonly leftKeys: readonly RowFn[],
    private readonly rightKeys: readonly RowFn[],
    /** Non-equi part of the ON condition, over left ++ right. */
    private readonly residual: ((row: Row) => boolean) | null,
    private readonly leftWidth: number,
    private readonly rightWidth: number,
    /** Keys compare with IS NOT DISTINCT FROM (INTERSECT / EXCEPT): NULL matches NULL. */
    private readonly nullSafe = false,
    /** Per port (left, right): the input never retracts (the planner's insertOnly). */
    private readonly insertOnly: readonly [boolean, boolean] = [false, false],
  ) {
    super(2);
  }

  readonly #ended: [boolean, boolean] = [false, false];

  override end(port: number): void {
    this.#ended[port] = true;
    super.end(port);
  }

  /**
   * Whether a row arriving on `port` must be kept. Its state serves two things only: joining
   * rows the other side sends later, and taking back its results when it is retracted. With the
   * other side ended and this side insert-only neither can happen.
   */
  #keeps(port: number): boolean {
    return !(this.#ended[1 - port] && this.insertOnly[port]);
  }

  #key(fns: readonly RowFn[], row: Row): string | null {
    if (fns.length === 0) return "";
    if (fns.length === 1) {
      const v = fns[0]!(row);
      if ((v === null || v === undefined) && !this.nullSafe) return null;
      return valueKey(v ?? null);
    }
    const vals = new Array<unknown>(fns.length);
    for (let i = 0; i < fns.length; i++) {
      const v = fns[i]!(row);
      if ((v === null || v === undefined) && !this.nullSafe) return null;
      vals[i] = v ?? null;
    }
    return rowKey(vals);
  }

  #joined(l: Row | null, r: Row | null): Row {
    const lp = l ?? new Array<unknown>(this.leftWidth).fill(null);
    const rp = r ?? new Array<unknown>(this.rightWidth).fill(null);
    return lp.concat(rp);
  }

  #matches(l: Row, r: Row): boolean {
    return this.residual === null || this.residual(l.concat(r));
  }

  push(changes: readonly Change[], port: number): void {
    let out: Change[] = [];
    const semi = this.kind === "SEMI" || this.kind === "ANTI";
    const inputIsLeft = port === 0;
    const inputOuter = inputIsLeft ? this.kind === "LEFT" || this.kind === "FULL" : this.kind === "RIGHT" || this.kind === "FULL";
    const otherOuter = inputIsLeft ? this.kind === "RIGHT" || this.kind === "FULL" : this.kind === "LEFT" || this.kind === "FULL";
    for (const c of changes) {
      if (!semi) this.#regular(c, inputIsLeft, inputOuter, otherOuter, out);
      else if (inputIsLeft) this.#semiLeft(c, out);
      else this.#semiRight(c, out);
      // A batch probing many stored rows (snapshot mode) can produce far more rows than it
      // holds: hand them on in pieces, between input records, so they die young instead of
      // all living at once. The order is the same.
      if (out.length >= OUT_CHUNK) {
        this.emit(out);
        out = [];
      }
    }
    this.emit(out);
  }

  #regular(c: Change, inputIsLeft: boolean, inputOuter: boolean, otherOuter: boolean, out: Change[]): void {
    const mine = inputIsLeft ? this.#left : this.#right;
    const other = inputIsLeft ? this.#right : this.#left;
    const key = this.#key(inputIsLeft ? this.leftKeys : this.rightKeys, c.row);
    const pair = (o: Row): Row => (inputIsLeft ? c.row.concat(o) : o.concat(c.row));
    const pad = (o: Row | null, mineSide: boolean): Row =>
      mineSide === inputIsLeft ? this.#joined(o, null) : this.#joined(null, o);
    let matches: Entry[] = EMPTY;
    if (key !== null) {
      const bucket = other.buckets.get(key);
      if (bucket) {
        if (this.residual === null) matches = bucket;
        else {
          matches = [];
          for (const e of bucket) {
            if (inputIsLeft ? this.#matches(c.row, e.row) : this.#matches(e.row, c.row)) matches.push(e);
          }
        }
      }
    }
    let total = 0;
    for (const e of matches) total += e.count;
    // Removing our own row below must not disturb the iteration over the other side's bucket.
    const storeKey = key ?? "\u0000null";
    if (isAccumulate(c.op)) {
      if (inputOuter && total === 0) {
        out.push({ op: INSERT, row: pad(c.row, true) });
      }
      for (const e of matches) {
        if (otherOuter) {
          if (e.matched === 0) for (let i = 0; i < e.count; i++) out.push({ op: DELETE, row: pad(e.row, false) });
          e.matched += 1;
        }
        const op: OpCode = inputOuter || otherOuter ? INSERT : c.op;
        for (let i = 0; i < e.count; i++) out.push({ op, row: pair(e.row) });
      }
      if (this.#keeps(inputIsLeft ? 0 : 1)) mine.add(storeKey, c.row, total);
    } else {
      const removed = mine.remove(storeKey, c.row);
      if (!removed) return; // retraction of a row never seen: ignore as Flink does with state TTL
      if (inputOuter && total === 0) out.push({ op: DELETE, row: pad(c.row, true) });
      for (const e of matches) {
        const op: OpCode = inputOuter || otherOuter ? DELETE : c.op;
        for (let i = 0; i < e.count; i++) out.push({ op, row: pair(e.row) });
        if (otherOuter) {
          e.matched -= 1;
          if (e.matched === 0) for (let i = 0; i < e.count; i++) out.push({ op: INSERT, row: pad(e.row, false) });
        }
      }
    }
  }

  #semiLeft(c: Change, out: Change[]): void {
    const key = this.#key(this.leftKeys, c.row);
    let total = 0;
    if (key !== null) {
      const bucket = this.#right.buckets.get(key);
      if (bucket) for (const e of bucket) if (this.#matches(c.row, e.row)) total += e.count;
    }
    const emit = this.kind === "SEMI" ? total > 0 : total === 0;
    const storeKey = key ?? "\u0000null";
    if (isAccumulate(c.op)) {
      if (this.#keeps(0)) this.#left.add(storeKey, c.row, total);
      if (emit) out.push(c);
    } else {
      if (!this.#left.remove(storeKey, c.row)) return;
      if (emit) out.push(c);
    }
  }

  #semiRight(c: Change, out: Change[]): void {
    const key = this.#key(this.rightKeys, c.row);
    if (key === null) return;
    const acc = isAccumulate(c.op);
    if (acc) {
      if (this.#keeps(1)) this.#right.add(key, c.row, 0);
    } else if (!this.#right.remove(key, c.row)) return;
    const bucket = this.#left.buckets.get(key);
    if (!bucket) return;
    for (const e of bucket) {
      if (!this.#matches(e.row, c.row)) continue;
      const before = e.matched;
      e.matched += acc ? 1 : -1;
      const wasIn = this.kind === "SEMI" ? before > 0 : before === 0;
      const isIn = this.kind === "SEMI" ? e.matched > 0 : e.matched === 0;
      if (wasIn === isIn) continue;
      for (let i = 0; i < e.count; i++) out.push({ op: isIn ? INSERT : DELETE, row: e.row });
    }
  }

  /** Rows held in state (left, right). */
  get stateSize(): [number, number] {
    return [this.#left.size, this.#right.size];
  }
}
