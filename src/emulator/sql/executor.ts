/**
 * Runs a query plan: builds a fresh operator graph (runtime/*) and drives it.
 *
 * Snapshot mode (`sql.snapshot.mode=now`, or a bounded query): every source's current
 * contents go in as one batch, inputs end, and the final result is materialised.
 * Streaming mode: existing records are replayed one at a time (Confluent tables start from the
 * earliest offset), then the execution subscribes to the logs and pushes each appended record
 * on its own, so the changelog is the per-record one Flink emits. Watermarks come from a
 * table's WATERMARK declaration (max of the expression over its rows) or, for the default
 * `$rowtime` attribute, from the clock (`now - 1 ms`: every later record is stamped `>= now`),
 * refreshed after each append and on a 200 ms tick of the emulator's clock.
 */
import type { Clock } from "../clock.ts";
import { Timestamp, localToInstant, zoneOffsetMillis, isUtcZone } from "../../types/temporal.ts";
import type { LogRecord, TableLog } from "./catalog.ts";
import { GroupAggOp } from "./runtime/aggregate.ts";
import type { AggCall } from "./runtime/aggregate.ts";
import { CollectOp, FilterOp, LimitOp, ProjectOp, UnionOp, UnnestOp, isAccumulate } from "./runtime/dataflow.ts";
import type { Change, Operator, RowFn } from "./runtime/dataflow.ts";
import { JoinOp } from "./runtime/join.ts";
import { IntervalJoinOp } from "./runtime/interval-join.ts";
import { WindowJoinOp } from "./runtime/window-join.ts";
import { ChangelogNormalizeOp } from "./runtime/normalize.ts";
import { RankOp, WindowRankOp } from "./runtime/rank.ts";
import { TemporalJoinOp } from "./runtime/temporal-join.ts";
import { OverAggOp } from "./runtime/over.ts";
import { BatchOverAggOp } from "./runtime/batch-over.ts";
import { MatchRecognizeOp } from "./runtime/match.ts";
import { rowComparator, rowKey } from "./runtime/values.ts";
import type { Row } from "./runtime/values.ts";
import { WindowAggOp, WindowTvfOp } from "./runtime/window.ts";
import { SessionWindowTvfOp } from "./runtime/session-window.ts";
import { FromChangelogOp, ToChangelogOp } from "./runtime/changelog-ptf.ts";
import type { AggCallPlan, PlanNode, QueryPlan, ScanNode } from "./planner/plan.ts";
import { constantRowNumber, needsWatermarks, sourceRows } from "./planner/plan.ts";

const TICK_MS = 200;
/** Generated example tables are pulled once a second when no event-time operator needs more. */
const GENERATOR_TICK_MS = 1000;

interface ScanSource {
  readonly node: ScanNode;
  readonly target: Operator;
  readonly port: number;
  offset: number;
  wm: number;
}

interface ValuesSource {
  readonly rows: Row[];
  readonly target: Operator;
  readonly port: number;
}

interface Graph {
  scans: ScanSource[];
  values: ValuesSource[];
  /** Every source in the order snapshot mode reads them (see the Join case of build). */
  snapshotOrder: Array<ScanSource | ValuesSource>;
}

function aggCalls(calls: readonly AggCallPlan[]): AggCall[] {
  return calls.map((c) => ({ create: c.create, args: c.args, ...(c.filter ? { filter: c.filter } : {}) }));
}

export interface ExecOptions {
  readonly clock: Clock;
  readonly snapshot: boolean;
  readonly localTimeZone: string;
  /** `sql.tables.scan.startup.mode` (streaming): earliest-offset (default), latest-offset or timestamp. */
  readonly startupMode?: string;
  /** `sql.tables.scan.startup.timestamp-millis` for the timestamp mode. */
  readonly startupMillis?: number;
}

function build(node: PlanNode, out: Operator, port: number, g: Graph, o: ExecOptions): void {
  switch (node.kind) {
    case "Scan": {
      if (node.upsertKey) {
        const rowtimeIdx = node.fields.findIndex((f) => f.name === "$rowtime" && f.hidden);
        const n = new ChangelogNormalizeOp(node.upsertKey, rowtimeIdx >= 0 ? [rowtimeIdx] : []).connect(out, port);
        const s: ScanSource = { node, target: n, port: 0, offset: 0, wm: -Infinity };
        g.scans.push(s);
        g.snapshotOrder.push(s);
      } else {
        const s: ScanSource = { node, target: out, port, offset: 0, wm: -Infinity };
        g.scans.push(s);
        g.snapshotOrder.push(s);
      }
      return;
    }
    case "Values": {
      const v: ValuesSource = { rows: node.rows.map((r) => r.map((f) => f([]))), target: out, port };
      g.values.push(v);
      g.snapshotOrder.push(v);
      return;
    }
    case "Filter":
      return build(node.input, new FilterOp(node.pred, node.watermark ?? null).connect(out, port), 0, g, o);
    case "Project":
      return build(node.input, new ProjectOp(node.exprs, node.watermark ?? null).connect(out, port), 0, g, o);
    case "Aggregate": {
      // Over an Expand (GROUPING SETS) the aggregate's keys are exactly the columns Expand appends
      // (planner/query.ts, #groupingSetsAggregate), and its calls read only the input's columns.
      // So the aggregate groups each input row under every set's projection itself: the same
      // groups and changelog, without an expanded copy of every row per set.
      const expand = node.input.kind === "Expand" ? node.input : null;
      if (expand && expand.projections.some((p) => p.length !== node.keys.length)) throw new Error("Aggregate over Expand: keys and grouping-set projections differ in width");
      const keySets = expand ? expand.projections : [node.keys];
      const op = new GroupAggOp(keySets, aggCalls(node.calls), { emitEmptyGlobal: o.snapshot || node.bounded, deferUntilEnd: o.snapshot }).connect(out, port);
      return build(expand ? expand.input : node.input, op, 0, g, o);
    }
    case "WindowTvf": {
      const ti = node.timeIndex;
      const zone = o.localTimeZone;
      const utc = !node.ltz || isUtcZone(zone);
      if (node.spec.kind === "SESSION") {
        // Sessions are merged on the instant; only window_start/window_end are shown local.
        const bound = utc ? (ms: number) => new Timestamp(ms, 0) : (ms: number) => new Timestamp(ms + zoneOffsetMillis(zone, ms), 0);
        const op = new SessionWindowTvfOp(node.spec, (r) => r[ti], bound, (ms) => new Timestamp(ms, 0));
        return build(node.input, op.connect(out, port), 0, g, o);
      }
      // TIMESTAMP_LTZ time attributes are windowed in the session time zone (Flink docs,
      // "Windowing TVF"): window_start/window_end are local TIMESTAMP(3), window_time the instant.
      const timeFn = utc
        ? (r: Row) => r[ti]
        : (r: Row) => {
            const t = r[ti] as Timestamp | null;
            return t === null ? null : new Timestamp(t.epochMillis + zoneOffsetMillis(zone, t.epochMillis), 0);
          };
      const bound = (ms: number) => new Timestamp(ms, 0);
      const time = utc ? bound : (ms: number) => localToInstant(new Timestamp(ms, 0), zone);
      return build(node.input, new WindowTvfOp(node.spec, timeFn, bound, time).connect(out, port), 0, g, o);
    }
    case "WindowAggregate": {
      const zone = o.localTimeZone;
      const end = node.windowEnd;
      const ltzInput = node.input.kind === "WindowTvf" ? node.input.ltz : true;
      const endFn = !ltzInput || isUtcZone(zone) ? end : (r: Row) => localToInstant(end(r) as Timestamp, zone);
      return build(node.input, new WindowAggOp(node.keys, endFn, aggCalls(node.calls)).connect(out, port), 0, g, o);
    }
    case "Join": {
      if (node.interval) {
        const { leftTime, rightTime, bounds } = node.interval;
        const widths = [node.left.fields.length, node.right.fields.length] as const;
        const iop = new IntervalJoinOp(node.joinKind, [node.leftKeys, node.rightKeys], [leftTime, rightTime], bounds, node.residual, widths).connect(out, port);
        build(node.left, iop, 0, g, o);
        build(node.right, iop, 1, g, o);
        return;
      }
      if (node.window) {
        // window_end is local for windows of a TIMESTAMP_LTZ attribute; the watermark is an instant.
        const zone = o.localTimeZone;
        const endMs = (col: number, ltz: boolean) => (r: Row): number | null => {
          const v = r[col] as Timestamp | null | undefined;
          if (v === null || v === undefined) return null;
          return !ltz || isUtcZone(zone) ? v.epochMillis : localToInstant(v, zone).epochMillis;
        };
        const { ends, ltz } = node.window;
        const widths = [node.left.fields.length, node.right.fields.length] as const;
        const wop = new WindowJoinOp(node.joinKind, [node.leftKeys, node.rightKeys], [endMs(ends[0], ltz[0]), endMs(ends[1], ltz[1])], node.residual, widths).connect(out, port);
        build(node.left, wop, 0, g, o);
        build(node.right, wop, 1, g, o);
        return;
      }
      const insertOnly = [node.left.insertOnly, node.right.insertOnly] as const;
      const op = new JoinOp(node.joinKind, node.leftKeys, node.rightKeys, node.residual, node.left.fields.length, node.right.fields.length, node.nullSafe ?? false, insertOnly).connect(out, port);
      if (o.snapshot && sourceRows(node.right) <= sourceRows(node.left)) {
        // Batch mode reads the smaller side to its end first, as a hash join builds on it: the
        // other side's rows are then joined as they arrive and kept in no state, and the result
        // follows that side's order. (Streaming replays sources in plan order.)
        build(node.right, op, 1, g, o);
        build(node.left, op, 0, g, o);
      } else {
        build(node.left, op, 0, g, o);
        build(node.right, op, 1, g, o);
      }
      return;
    }
    case "Union": {
      const op = new UnionOp(node.inputs.length).connect(out, port);
      node.inputs.forEach((inp, i) => build(inp, op, i, g, o));
      return;
    }
    case "Rank": {
      if (node.windowEnd !== undefined) {
        const we = node.windowEnd;
        const zone = o.localTimeZone;
        const utc = isUtcZone(zone);
        const endMs = (r: Row): number | null => {
          const v = r[we] as Timestamp | null;
          if (v === null || v === undefined) return null;
          return utc ? v.epochMillis : localToInstant(v, zone).epochMillis;
        };
        const wop = new WindowRankOp(
          {
            partition: node.partition,
            compare: node.compare,
            offset: node.offset,
            limit: node.limit,
            withRowNumber: node.hasRowNumber && node.rowNumberUsed,
            appendOnlyInput: true,
            dedup: false,
          },
          endMs,
        ).connect(out, port);
        return build(node.input, wop, 0, g, o);
      }
      // A constant row number (RankNumberColumnRemoveRule) is added after the Top-N, not by it.
      const constant = constantRowNumber(node);
      if (constant !== null) {
        const width = node.fields.length - 1;
        const columns: RowFn[] = Array.from({ length: width }, (_, i) => (r: Row) => r[i]);
        columns.push(() => constant);
        out = new ProjectOp(columns).connect(out, port);
        port = 0;
      }
      const op = new RankOp({
        partition: node.partition,
        compare: node.compare,
        offset: node.offset,
        limit: node.limit,
        withRowNumber: node.hasRowNumber && node.rowNumberUsed && constant === null,
        appendOnlyInput: node.input.insertOnly,
        dedup: node.rankType === "ROW_NUMBER" && node.orderByTime && node.offset === 0 && node.limit === 1,
        deferUntilEnd: o.snapshot,
        rankType: node.rankType,
      }).connect(out, port);
      return build(node.input, op, 0, g, o);
    }
    case "Limit":
      return build(node.input, new LimitOp(node.offset, node.limit).connect(out, port), 0, g, o);
    case "OverAgg":
      return build(node.input, new OverAggOp(node.partition, node.time, node.frame, aggCalls(node.calls)).connect(out, port), 0, g, o);
    case "MatchRecognize":
      return build(node.input, new MatchRecognizeOp(node.spec).connect(out, port), 0, g, o);
    case "BatchOverAgg": {
      const calls = aggCalls(node.calls).map((call, i) => {
        const { offset, distribution } = node.calls[i]!;
        return offset ? { ...call, offset } : distribution ? { ...call, distribution } : call;
      });
      const spec = { partition: node.partition, compare: node.compare, rangeKey: node.rangeKey, descending: node.descending, frame: node.frame, calls };
      return build(node.input, new BatchOverAggOp(spec).connect(out, port), 0, g, o);
    }
    case "TemporalJoin": {
      const op = new TemporalJoinOp(node.leftKeys, node.rightKeys, node.leftTime, node.rightTime, node.residual, node.outer, node.right.fields.length).connect(out, port);
      build(node.left, op, 0, g, o);
      build(node.right, op, 1, g, o);
      return;
    }
    case "ChangelogPtf": {
      const spec = node.spec;
      if (spec.kind === "TO_CHANGELOG") return build(node.input, new ToChangelogOp(spec, o.snapshot).connect(out, port), 0, g, o);
      // Upsert mode: +I/+U/-D by key become a retract changelog, as for upsert tables (Scan).
      const target = spec.upsertKey ? new ChangelogNormalizeOp(spec.upsertKey).connect(out, port) : null;
      const op = target ? new FromChangelogOp(spec).connect(target, 0) : new FromChangelogOp(spec).connect(out, port);
      return build(node.input, op, 0, g, o);
    }
    case "Unnest":
      return build(node.input, new UnnestOp(node.expand, node.outer, node.width).connect(out, port), 0, g, o);
    case "Expand": {
      // One record per grouping set with the set's columns appended: UNNEST's operator, whose
      // "elements" here are the grouping-set projections.
      const projections = node.projections;
      const expand = (row: Row): Row[] => projections.map((p) => p.map((f) => f(row)));
      return build(node.input, new UnnestOp(expand, false, 0).connect(out, port), 0, g, o);
    }
  }
}


/** One execution of a query plan. Output goes to `onChanges` (internal rows); `onEnd` when bounded input is exhausted. */
export class QueryExecution {
  #graph: Graph | null = null;
  #unsubs: Array<() => void> = [];
  #cancelTick: (() => void) | null = null;
  #tickMs = TICK_MS;
  #running = false;
  #ended = false;
  #disposed = false;
  #failed = false;

  constructor(
    private readonly plan: QueryPlan,
    private readonly o: ExecOptions,
    private readonly onChanges: (changes: readonly Change[]) => void,
    private readonly onEnd: () => void,
    private readonly onError: (err: unknown) => void,
  ) {}

  #guard(fn: () => void): void {
    if (this.#failed || this.#disposed) return;
    try {
      fn();
    } catch (err) {
      this.#failed = true;
      this.#teardown();
      this.onError(err);
    }
  }

  start(): void {
    const collect = new CollectOp(
      (c) => this.onChanges(c),
      () => {
        this.#ended = true;
        this.#teardown();
        this.onEnd();
      },
    );
    const g: Graph = { scans: [], values: [], snapshotOrder: [] };
    build(this.plan.root, collect, 0, g, this.o);
    this.#graph = g;
    this.#guard(() => {
      if (this.o.snapshot) this.#runSnapshot(g);
      else this.#runStreaming(g);
    });
  }

  #runSnapshot(g: Graph): void {
    // Each source ends as soon as it is read, as a bounded source does in Flink's batch mode:
    // an operator whose other inputs are still open can then drop state it would only keep
    // for this input's future rows (JoinOp).
    for (const src of g.snapshotOrder) {
      if ("node" in src) this.#readScan(src);
      else src.target.push(src.rows.map((row) => ({ op: 0, row })), src.port);
      src.target.end(src.port);
    }
  }

  #readScan(s: ScanSource): void {
    // Chunks keep garbage young; operators defer their results to the end in batch mode.
    const CHUNK = 4096;
    s.node.table.log.refresh?.();
    const recs = s.node.table.log.records;
    const n = recs.length;
    const project = s.node.project;
    for (let from = 0; from < n; from += CHUNK) {
      const to = Math.min(n, from + CHUNK);
      const batch = new Array<Change>(to - from);
      for (let i = from; i < to; i++) {
        const r = recs[i]!;
        batch[i - from] = { op: r.op, row: project(r.row, r.rowtime) };
      }
      s.target.push(batch, s.port);
    }
    s.offset = s.node.table.log.end;
  }

  #runStreaming(g: Graph): void {
    for (const s of g.scans) {
      const log = s.node.table.log;
      log.refresh?.();
      const recs = log.records;
      s.offset = log.base;
      if (this.o.startupMode === "latest-offset") s.offset = log.end;
      else if (this.o.startupMode === "timestamp") {
        const ts = this.o.startupMillis ?? 0;
        while (s.offset < log.end && recs[s.offset - log.base]!.rowtime < ts) s.offset++;
      }
    }
    for (const v of g.values) {
      v.target.push(v.rows.map((row) => ({ op: 0, row })), v.port);
      v.target.end(v.port);
    }
    this.#running = true;
    this.#subscribe();
  }

  #subscribe(): void {
    const g = this.#graph!;
    for (const s of g.scans) {
      s.node.table.log.refresh?.();
      this.#drain(s);
      this.#unsubs.push(s.node.table.log.subscribe(() => this.#guard(() => this.#drain(s))));
    }
    this.#advanceClockWatermarks();
    // Ticks move clock-driven watermarks (only event-time operators care) and pull generated
    // example rows; a plain filter over user tables needs neither.
    const clockWatermarks = needsWatermarks(this.plan.root) && g.scans.some((s) => !s.node.watermark);
    const generated = g.scans.some((s) => s.node.table.log.refresh);
    this.#tickMs = clockWatermarks ? TICK_MS : GENERATOR_TICK_MS;
    if (clockWatermarks || generated) this.#scheduleTick();
  }

  #scheduleTick(): void {
    this.#cancelTick = this.o.clock.setTimer(this.#tickMs, () => {
      this.#cancelTick = null;
      if (!this.#running) return;
      this.#guard(() => {
        const logs = new Set<TableLog>();
        for (const s of this.#graph!.scans) logs.add(s.node.table.log);
        for (const l of logs) l.refresh?.();
        this.#advanceClockWatermarks();
      });
      if (this.#running) this.#scheduleTick();
    });
  }

  #advanceClockWatermarks(): void {
    const now = this.o.clock.now();
    for (const s of this.#graph!.scans) {
      if (s.node.watermark) continue;
      const wm = now - 1;
      if (wm > s.wm) {
        s.wm = wm;
        s.target.watermark(wm, s.port);
      }
    }
  }

  #drain(s: ScanSource): void {
    if (!this.#running) return;
    const log = s.node.table.log;
    const recs = log.records;
    const project = s.node.project;
    const wmFn = s.node.watermark?.fromRow;
    // A reader behind the retention horizon (a stopped statement) resumes at the oldest record.
    if (s.offset < log.base) s.offset = log.base;
    while (s.offset < log.end) {
      const r: LogRecord = recs[s.offset++ - log.base]!;
      const row = project(r.row, r.rowtime);
      s.target.push([{ op: r.op, row }], s.port);
      if (wmFn) {
        const wm = wmFn(row);
        if (wm !== null && wm > s.wm) {
          s.wm = wm;
          s.target.watermark(wm, s.port);
        }
      }
    }
    if (!wmFn) this.#advanceClockWatermarks();
  }

  #teardown(): void {
    this.#running = false;
    for (const u of this.#unsubs) u();
    this.#unsubs = [];
    this.#cancelTick?.();
    this.#cancelTick = null;
  }

  stop(): void {
    this.#teardown();
  }

  resume(): void {
    if (this.#disposed || this.#ended || this.#failed || this.#running || !this.#graph || this.o.snapshot) return;
    this.#running = true;
    this.#guard(() => this.#subscribe());
  }

  dispose(): void {
    this.#teardown();
    this.#disposed = true;
  }

  get ended(): boolean {
    return this.#ended;
  }
}

/** Collapse a changelog into the rows it leaves (snapshot results), in first-insert order. */
export class Materializer {
  #rows: Row[] = [];
  #map: Map<string, { row: Row; count: number; order: number }> | null = null;
  #seq = 0;

  add(changes: readonly Change[]): void {
    for (const c of changes) {
      if (this.#map === null) {
        if (c.op === 0) {
          this.#rows.push(c.row);
          continue;
        }
        // First update or delete: switch to keyed materialisation.
        this.#map = new Map();
        for (const r of this.#rows) this.#put(r, 1);
        this.#rows = [];
      }
      this.#put(c.row, isAccumulate(c.op) ? 1 : -1);
    }
  }

  #put(row: Row, delta: number): void {
    const k = rowKey(row);
    const e = this.#map!.get(k);
    if (e) {
      e.count += delta;
      if (e.count <= 0) this.#map!.delete(k);
    } else if (delta > 0) this.#map!.set(k, { row, count: delta, order: this.#seq++ });
  }

  rows(): Row[] {
    if (this.#map === null) return this.#rows;
    const out: Row[] = [];
    for (const e of this.#map.values()) for (let i = 0; i < e.count; i++) out.push(e.row);
    return out;
  }
}

/** Final ordering and limit of a bounded result. */
export function finishRows(plan: QueryPlan, rows: Row[]): Row[] {
  let out = rows;
  if (plan.sort.length > 0) {
    const cmp = rowComparator(plan.sort);
    out = rows.slice().sort(cmp);
  }
  return out;
}
