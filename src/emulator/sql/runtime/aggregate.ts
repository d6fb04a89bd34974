/**
 * Group aggregation (GROUP BY, DISTINCT, global aggregates) as Flink's GroupAggFunction does it:
 * state per group key; after each input record a group that changed emits +I (first result),
 * -U/+U (changed result; nothing when the result is unchanged) or -D (last row retracted).
 * Batch mode (deferUntilEnd) accumulates everything and emits each group once at the end.
 */
import { BaseOperator, DELETE, INSERT, UPDATE_AFTER, UPDATE_BEFORE, isAccumulate } from "./dataflow.ts";
import type { Change, RowFn, RowPredicate } from "./dataflow.ts";
import { rowKey, valueKey } from "./values.ts";
import type { Row } from "./values.ts";

/** The accumulator shape of the functions registry (add/retract/value). */
export interface AccumulatorLike {
  add(args: unknown[]): void;
  retract(args: unknown[]): void;
  value(): unknown;
}

/** One aggregate call, compiled. */
export interface AggCall {
  create(): AccumulatorLike;
  readonly args: readonly RowFn[];
  /** FILTER (WHERE ...) clause. */
  readonly filter?: RowPredicate;
}

interface GroupState {
  readonly keys: unknown[];
  readonly accs: AccumulatorLike[];
  count: number;
  last: Row | null;
}

function evalArgs(call: AggCall, row: Row): unknown[] {
  const a = new Array<unknown>(call.args.length);
  for (let i = 0; i < a.length; i++) a[i] = call.args[i]!(row);
  return a;
}

function sameRow(a: Row, b: Row): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (valueKey(x) !== valueKey(y)) return false;
  }
  return true;
}

export interface GroupAggOptions {
  /** A global aggregate (no GROUP BY) in batch mode emits one row even for empty input. */
  readonly emitEmptyGlobal?: boolean;
  /** Batch mode: accumulate everything and emit each group's final row once, at the end. */
  readonly deferUntilEnd?: boolean;
}

/** Output row: group key values, then aggregate values. */
export class GroupAggOp extends BaseOperator {
  readonly #groups = new Map<string, GroupState>();
  readonly #global: boolean;
  #everEmitted = false;

  constructor(
    private readonly keyFns: readonly RowFn[],
    private readonly calls: readonly AggCall[],
    private readonly options: GroupAggOptions = {},
  ) {
    super();
    this.#global = keyFns.length === 0;
  }

  push(changes: readonly Change[]): void {
    // Streaming: Flink's GroupAggFunction (no mini-batch) emits after every record, so a -U/+U
    // pair from an upstream update, or the rows of one join probe, each give their own result
    // change: a single-row group updated upstream is -D then +I, not a folded -U/+U.
    if (this.options.deferUntilEnd || changes.length <= 1) this.#apply(changes);
    else for (const c of changes) this.#apply([c]);
  }

  #apply(changes: readonly Change[]): void {
    const touched = new Map<string, GroupState>();
    for (const c of changes) {
      const kf = this.keyFns;
      const keys = new Array<unknown>(kf.length);
      for (let i = 0; i < kf.length; i++) keys[i] = kf[i]!(c.row);
      const k = this.#global ? "" : kf.length === 1 ? valueKey(keys[0]) : rowKey(keys);
      let st = this.#groups.get(k);
      if (!st) {
        if (!isAccumulate(c.op)) continue; // retraction of an unknown group: Flink ignores it
        st = { keys, accs: this.calls.map((a) => a.create()), count: 0, last: null };
        this.#groups.set(k, st);
      }
      const acc = isAccumulate(c.op);
      for (let i = 0; i < this.calls.length; i++) {
        const call = this.calls[i]!;
        if (call.filter && !call.filter(c.row)) continue;
        const args = evalArgs(call, c.row);
        if (acc) st.accs[i]!.add(args);
        else st.accs[i]!.retract(args);
      }
      st.count += acc ? 1 : -1;
      if (!this.options.deferUntilEnd) touched.set(k, st);
    }
    const out: Change[] = [];
    for (const [k, st] of touched) {
      if (st.count <= 0) {
        if (st.last) out.push({ op: DELETE, row: st.last });
        this.#groups.delete(k);
        continue;
      }
      const row = this.#result(st);
      if (!st.last) out.push({ op: INSERT, row });
      else if (!sameRow(st.last, row)) {
        out.push({ op: UPDATE_BEFORE, row: st.last });
        out.push({ op: UPDATE_AFTER, row });
      }
      st.last = row;
    }
    if (out.length > 0) this.#everEmitted = true;
    this.emit(out);
  }

  #result(st: GroupState): Row {
    const row = st.keys.slice();
    for (const a of st.accs) row.push(a.value());
    return row;
  }

  protected override onEnd(): void {
    if (this.options.deferUntilEnd) {
      const out: Change[] = [];
      for (const st of this.#groups.values()) if (st.count > 0) out.push({ op: INSERT, row: this.#result(st) });
      if (out.length > 0) this.#everEmitted = true;
      this.#groups.clear();
      this.emit(out);
    }
    // Batch semantics: SELECT COUNT(*) FROM empty gives one row (0); a streaming job emits nothing.
    if (this.#global && this.options.emitEmptyGlobal && !this.#everEmitted && this.#groups.size === 0) {
      const st: GroupState = { keys: [], accs: this.calls.map((a) => a.create()), count: 0, last: null };
      this.emit([{ op: INSERT, row: this.#result(st) }]);
    }
  }

  /** Number of live groups (tests and benchmarks check state stays bounded). */
  get stateSize(): number {
    return this.#groups.size;
  }
}
