/**
 * Group aggregation (GROUP BY, DISTINCT, global aggregates) as Flink's GroupAggFunction does it:
 * state per group key; after each input record a group that changed emits +I (first result),
 * -U/+U (changed result; nothing when the result is unchanged) or -D (last row retracted).
 *
 * GROUPING SETS run here too (see GroupAggOp's key sets): each input row is grouped once per set,
 * which is what Flink's Expand followed by one aggregate computes, without the expanded copies.
 * Batch mode (deferUntilEnd) accumulates everything and emits each group once at the end.
 */
import { BaseOperator, DELETE, INSERT, UPDATE_AFTER, UPDATE_BEFORE, isAccumulate } from "./dataflow.ts";
import type { Change, RowFn, RowPredicate } from "./dataflow.ts";
import { KeyIndex } from "./key-index.ts";
import { valueKey } from "./values.ts";
import type { Row } from "./values.ts";

/**
 * The accumulator shape of the functions registry (add/retract/value). `args` is only valid
 * during the call: GroupAggOp refills one array per call for every row, so an accumulator
 * keeps the values it needs, never the array itself.
 */
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

/** COUNT(*) and other argument-less calls share one (frozen, so no accumulator can keep writes in it). */
const NO_ARGS: unknown[] = Object.freeze([]) as unknown as unknown[];

/** Fills `into` (the call's reused argument array) with the call's arguments over `row`. */
function evalArgs(call: AggCall, row: Row, into: unknown[]): unknown[] {
  const fns = call.args;
  for (let i = 0; i < fns.length; i++) into[i] = fns[i]!(row);
  return into;
}

function sameRow(a: Row, b: Row): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    // Two non-null primitives that are not === differ (valueKey would say so too, -0 === 0),
    // except NaN; objects, and null against undefined, need valueKey.
    if (typeof x !== "object" && typeof y !== "object" && x !== undefined && y !== undefined) {
      if (Number.isNaN(x) && Number.isNaN(y)) continue;
      return false;
    }
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

/**
 * Output row: group key values, then aggregate values.
 *
 * `keySets` holds one list of key functions per grouping set, all of the same width (a plain
 * GROUP BY has one set; a global aggregate one empty set). Each input row is grouped under every
 * set in turn, in order, as the rows of an Expand would arrive; the aggregate calls read the
 * input row itself.
 */
export class GroupAggOp extends BaseOperator {
  readonly #groups: KeyIndex<GroupState>;
  /** Groups in order of creation: batch mode emits them in this order at the end. */
  readonly #created: GroupState[] = [];
  /** Reused for each row's key values; copied only when the row starts a new group. */
  readonly #scratch: unknown[];
  /** One argument array per call, refilled for each row (see AccumulatorLike). */
  readonly #args: unknown[][];
  readonly #global: boolean;
  #everEmitted = false;

  constructor(
    private readonly keySets: readonly (readonly RowFn[])[],
    private readonly calls: readonly AggCall[],
    private readonly options: GroupAggOptions = {},
  ) {
    super();
    const width = keySets[0]?.length ?? 0;
    if (keySets.length === 0 || keySets.some((set) => set.length !== width)) throw new Error("GroupAggOp: grouping sets must be non-empty and of one width");
    this.#global = width === 0;
    this.#groups = new KeyIndex(width);
    this.#scratch = new Array<unknown>(width);
    this.#args = calls.map((c) => (c.args.length === 0 ? NO_ARGS : new Array<unknown>(c.args.length)));
  }

  push(changes: readonly Change[]): void {
    // Streaming: Flink's GroupAggFunction (no mini-batch) emits after every record, so a -U/+U
    // pair from an upstream update, or the rows of one join probe, each give their own result
    // change: a single-row group updated upstream is -D then +I, not a folded -U/+U. (One input
    // row touches one group per grouping set, as Expand's copies would, each emitted on its own.)
    if (this.options.deferUntilEnd || changes.length <= 1) this.#apply(changes);
    else for (const c of changes) this.#apply([c]);
  }

  #apply(changes: readonly Change[]): void {
    const touched = new Set<GroupState>();
    const sets = this.keySets;
    const keys = this.#scratch;
    const defer = this.options.deferUntilEnd === true;
    for (const c of changes) {
      const acc = isAccumulate(c.op);
      for (let s = 0; s < sets.length; s++) {
        const kf = sets[s]!;
        for (let i = 0; i < kf.length; i++) keys[i] = kf[i]!(c.row);
        let st = this.#groups.get(keys);
        if (!st) {
          if (!acc) continue; // retraction of an unknown group: Flink ignores it
          st = { keys: keys.slice(), accs: this.calls.map((a) => a.create()), count: 0, last: null };
          this.#groups.add(st.keys, st);
          if (defer) this.#created.push(st);
        }
        this.#accumulate(st, c.row, acc);
        if (!defer) touched.add(st);
      }
    }
    const out: Change[] = [];
    for (const st of touched) {
      if (st.count <= 0) {
        if (st.last) out.push({ op: DELETE, row: st.last });
        this.#groups.delete(st.keys);
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

  #accumulate(st: GroupState, row: Row, acc: boolean): void {
    for (let i = 0; i < this.calls.length; i++) {
      const call = this.calls[i]!;
      if (call.filter && !call.filter(row)) continue;
      const args = evalArgs(call, row, this.#args[i]!);
      if (acc) st.accs[i]!.add(args);
      else st.accs[i]!.retract(args);
    }
    st.count += acc ? 1 : -1;
  }

  #result(st: GroupState): Row {
    const row = st.keys.slice();
    for (const a of st.accs) row.push(a.value());
    return row;
  }

  protected override onEnd(): void {
    if (this.options.deferUntilEnd) {
      const out: Change[] = [];
      for (const st of this.#created) if (st.count > 0) out.push({ op: INSERT, row: this.#result(st) });
      if (out.length > 0) this.#everEmitted = true;
      this.#groups.clear();
      this.#created.length = 0;
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
