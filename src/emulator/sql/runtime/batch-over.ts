/**
 * OVER aggregation in batch (snapshot) mode, as Flink's batch OverAggregate runs it: the whole
 * bounded input is known, so ORDER BY may be any keys in any direction (or absent) and frames
 * may reach FOLLOWING rows. Each partition is sorted once; the frame of every row is found by
 * two pointers that only move forward, and one accumulator per call adds rows entering the
 * frame and retracts rows leaving it, so a partition costs O(n log n), not O(n * frame).
 *
 * Frame semantics (SQL standard, Calcite): ROWS bounds count rows from the current one; RANGE
 * bounds are the current row's peers (CURRENT ROW) or values `offset` away from its ORDER BY
 * key, in the ORDER BY direction. Rows whose key is NULL are peers of each other only.
 */
import { BaseOperator, INSERT } from "./dataflow.ts";
import type { Change, RowFn } from "./dataflow.ts";
import type { AccumulatorLike, AggCall } from "./aggregate.ts";
import { rowKey } from "./values.ts";
import type { Row } from "./values.ts";

/**
 * A frame: bounds relative to the current row. Negative = PRECEDING, 0 = CURRENT ROW, positive
 * = FOLLOWING; -Infinity / Infinity = UNBOUNDED. For RANGE, offsets are in the units of the
 * order key (its numeric value, or milliseconds for a timestamp).
 */
export interface BatchOverFrame {
  readonly unit: "ROWS" | "RANGE";
  readonly lower: number;
  readonly upper: number;
}

/**
 * A call of the window: an aggregate over the frame, or (with `offset`) LAG / LEAD: its first
 * argument evaluated `offset.by` rows away in the ordered partition (negative = earlier), or
 * `offset.fallback` of the current row (NULL without one) past the partition's edge.
 */
export interface OverCall extends AggCall {
  readonly offset?: { readonly by: number; readonly fallback: RowFn | null };
  /**
   * A ranking distribution over the whole ordered partition (no frame), as Calcite defines it:
   * CUME_DIST = rows up to the current row's last peer / partition rows; PERCENT_RANK =
   * (RANK - 1) / (rows - 1), 0 for a single row; NTILE(n) = the bucket 1..n of the row when the
   * rows are dealt into n buckets whose sizes differ by at most one, larger buckets first.
   */
  readonly distribution?: { readonly kind: "CUME_DIST" | "PERCENT_RANK" | "NTILE"; readonly buckets: number };
}

export interface BatchOverSpec {
  readonly partition: readonly RowFn[];
  /** Sorts a partition by the window's ORDER BY (0 for every pair when there is none). */
  readonly compare: (a: Row, b: Row) => number;
  /** The single ORDER BY key as a number, for RANGE frames with offsets; null otherwise. */
  readonly rangeKey: ((row: Row) => number | null) | null;
  /** Whether that single key sorts descending (a PRECEDING offset then means larger values). */
  readonly descending: boolean;
  readonly frame: BatchOverFrame;
  readonly calls: readonly OverCall[];
}

export class BatchOverAggOp extends BaseOperator {
  readonly #rows: Row[] = [];

  constructor(private readonly spec: BatchOverSpec) {
    super();
  }

  push(changes: readonly Change[]): void {
    // The planner only builds this over an insert-only bounded input.
    for (const c of changes) if (c.op === INSERT) this.#rows.push(c.row);
  }

  protected override onEnd(): void {
    const parts = new Map<string, Row[]>();
    for (const row of this.#rows) {
      const k = rowKey(this.spec.partition.map((f) => f(row)));
      let list = parts.get(k);
      if (!list) parts.set(k, (list = []));
      list.push(row);
    }
    this.#rows.length = 0;
    const out: Change[] = [];
    for (const rows of parts.values()) {
      rows.sort(this.spec.compare); // stable: ties keep input order
      for (const row of this.#evaluate(rows)) out.push({ op: INSERT, row });
    }
    this.emit(out);
  }

  /** The partition's rows, each extended by the calls' values over its frame. */
  #evaluate(rows: Row[]): Row[] {
    const n = rows.length;
    const { lower, upper } = this.#bounds(rows);
    const calls = this.spec.calls;
    // Offset and distribution calls keep no accumulator; their slot stays unused.
    const accs: Array<AccumulatorLike | null> = calls.map((c) => (c.offset || c.distribution ? null : c.create()));
    const peers = calls.some((c) => c.distribution?.kind !== undefined && c.distribution.kind !== "NTILE") ? this.#peers(rows) : null;
    // The accumulators hold rows [from, to) of the partition.
    let from = 0;
    let to = 0;
    const out: Row[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const lo = lower[i]!;
      const hi = Math.max(lo, upper[i]! + 1);
      if (lo >= to) {
        // The frame starts past everything held: empty the accumulators and jump.
        for (; from < to; from++) this.#apply(accs, rows[from]!, -1);
        from = to = lo;
      }
      for (; to < hi; to++) this.#apply(accs, rows[to]!, 1);
      for (; from < lo; from++) this.#apply(accs, rows[from]!, -1);
      const row = rows[i]!;
      out[i] = [
        ...row,
        ...calls.map((call, k) => {
          if (call.distribution) return distributionValue(call.distribution, i, n, peers);
          if (!call.offset) return accs[k]!.value();
          const at = i + call.offset.by;
          if (at >= 0 && at < n) return call.args[0]!(rows[at]!) ?? null;
          return call.offset.fallback ? call.offset.fallback(row) ?? null : null;
        }),
      ];
    }
    return out;
  }

  /** First and last index of each row's peer group (rows the ORDER BY cannot tell apart). */
  #peers(rows: Row[]): { start: number[]; end: number[] } {
    const n = rows.length;
    const start = new Array<number>(n);
    const end = new Array<number>(n);
    for (let i = 0; i < n; ) {
      let j = i + 1;
      while (j < n && this.spec.compare(rows[i]!, rows[j]!) === 0) j++;
      for (let x = i; x < j; x++) {
        start[x] = i;
        end[x] = j - 1;
      }
      i = j;
    }
    return { start, end };
  }

  #apply(accs: ReadonlyArray<AccumulatorLike | null>, row: Row, sign: 1 | -1): void {
    this.spec.calls.forEach((call, i) => {
      if (call.offset || call.distribution || (call.filter && !call.filter(row))) return;
      const args = call.args.map((f) => f(row));
      if (sign > 0) accs[i]!.add(args);
      else accs[i]!.retract(args);
    });
  }

  /** First and last row index (inclusive) of each row's frame; last < first means empty. */
  #bounds(rows: Row[]): { lower: number[]; upper: number[] } {
    const n = rows.length;
    const { unit, lower: lo, upper: up } = this.spec.frame;
    const lower = new Array<number>(n);
    const upper = new Array<number>(n);
    if (unit === "ROWS") {
      for (let i = 0; i < n; i++) {
        lower[i] = lo === -Infinity ? 0 : Math.min(n, Math.max(0, i + lo));
        upper[i] = up === Infinity ? n - 1 : Math.max(-1, Math.min(n - 1, i + up));
      }
      return { lower, upper };
    }
    const { start: peerStart, end: peerEnd } = this.#peers(rows);
    const needsKey = (lo !== -Infinity && lo !== 0) || (up !== Infinity && up !== 0);
    const keys = needsKey ? rows.map((r) => this.spec.rangeKey!(r)) : null;
    // In ORDER BY direction, "preceding by d" is key - d ascending and key + d descending.
    const dir = this.spec.descending ? -1 : 1;
    let first = 0;
    let last = -1;
    for (let i = 0; i < n; i++) {
      const k = keys?.[i] ?? null;
      if (lo === -Infinity) lower[i] = 0;
      else if (lo === 0 || k === null) lower[i] = peerStart[i]!;
      else {
        // First row whose key is not before key - |lo| (in ORDER BY direction).
        const bound = k + dir * lo;
        if (first > i) first = i;
        while (first < i && (keys![first] === null || dir * (keys![first]! - bound) < 0)) first++;
        lower[i] = Math.min(first, peerStart[i]!);
      }
      if (up === Infinity) upper[i] = n - 1;
      else if (up === 0 || k === null) upper[i] = peerEnd[i]!;
      else {
        // Last row whose key is not after key + up (in ORDER BY direction).
        const bound = k + dir * up;
        if (last < peerEnd[i]!) last = peerEnd[i]!;
        while (last + 1 < n && keys![last + 1] !== null && dir * (keys![last + 1]! - bound) <= 0) last++;
        upper[i] = last;
      }
    }
    return { lower, upper };
  }
}

/** The value of a distribution call for row `i` of an ordered partition of `n` rows. */
function distributionValue(d: NonNullable<OverCall["distribution"]>, i: number, n: number, peers: { start: number[]; end: number[] } | null): number | bigint {
  switch (d.kind) {
    case "CUME_DIST":
      return (peers!.end[i]! + 1) / n;
    case "PERCENT_RANK":
      return n === 1 ? 0 : peers!.start[i]! / (n - 1);
    case "NTILE": {
      // The first n % buckets buckets hold one row more than the others.
      const size = Math.floor(n / d.buckets);
      const extra = n % d.buckets;
      const big = extra * (size + 1);
      return BigInt(i < big ? Math.floor(i / (size + 1)) + 1 : extra + Math.floor((i - big) / size) + 1);
    }
  }
}
