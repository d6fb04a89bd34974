/**
 * The typed logical plan the analyzer produces and the executor turns into dataflow
 * operators (one fresh operator graph per execution, so plans hold no runtime state).
 * Each node knows its output fields, whether its changelog is insert-only, its upsert key
 * and whether it is bounded; the statement traits are read off the root.
 */
import type { LogicalType } from "../../../types/model.ts";
import type { TableDef } from "../catalog.ts";
import type { RowFn, RowPredicate } from "../runtime/dataflow.ts";
import type { JoinKind } from "../runtime/join.ts";
import type { WindowSpec } from "../runtime/window.ts";
import type { SessionSpec } from "../runtime/session-window.ts";
import type { AccumulatorLike } from "../runtime/aggregate.ts";
import type { Row, SortKey } from "../runtime/values.ts";
import type { RankType } from "../runtime/rank.ts";
import type { BatchOverSpec } from "../runtime/batch-over.ts";
import type { IntervalBounds } from "../runtime/interval-join.ts";
import type { MatchSpec } from "../runtime/match.ts";
import type { ChangelogPtfSpec } from "../runtime/changelog-ptf.ts";
import type { NodeBase as AstNode } from "../syntax/ast.ts";

export interface Field {
  readonly name: string;
  readonly type: LogicalType;
  /** Hidden from `*` (the `$rowtime` system column). */
  readonly hidden?: boolean;
  /** An event-time attribute (rowtime): usable as a window TVF's DESCRIPTOR column. */
  readonly timeAttr?: boolean;
  /** This column is the ROW_NUMBER of a Rank node (Top-N pattern detection). */
  readonly rank?: RankNode;
  /** A window TVF column. */
  readonly window?: "start" | "end" | "time";
}

export interface AggCallPlan {
  readonly name: string;
  readonly type: LogicalType;
  readonly create: () => AccumulatorLike;
  readonly args: readonly RowFn[];
  readonly filter?: RowPredicate;
  /** LAG / LEAD in a batch OVER window (runtime/batch-over.ts OverCall). */
  readonly offset?: { readonly by: number; readonly fallback: RowFn | null };
  /** CUME_DIST / PERCENT_RANK / NTILE in a batch OVER window (runtime/batch-over.ts OverCall). */
  readonly distribution?: { readonly kind: "CUME_DIST" | "PERCENT_RANK" | "NTILE"; readonly buckets: number };
  /**
   * The call as EXPLAIN shows it, Flink's way (`COUNT(*)`, `SUM(amount)`, `COUNT(DISTINCT k)`;
   * `...` for an argument that is not a plain column). Set for group and window aggregates.
   */
  readonly display?: string;
}

interface NodeBase {
  readonly fields: Field[];
  /** Only +I records (append-only). */
  insertOnly: boolean;
  /** Column positions forming a unique key of the (updating) output, or null. */
  upsertKey: number[] | null;
  readonly bounded: boolean;
}

export interface ScanNode extends NodeBase {
  readonly kind: "Scan";
  readonly table: TableDef;
  /** Builds the output row from a stored physical row and its rowtime (computed columns included). */
  readonly project: (physical: Row, rowtime: number) => Row;
  /** Watermark of the table: declared (ms from a row) or the record time. */
  readonly watermark: { readonly fromRow: (row: Row) => number | null } | null;
  /** Upsert table (primary key + changelog.mode upsert): normalise into a changelog. */
  readonly upsertKey: number[] | null;
}

export interface ValuesNode extends NodeBase {
  readonly kind: "Values";
  readonly rows: ReadonlyArray<readonly RowFn[]>;
}

/**
 * Where a Filter / Project hands its current watermark to the CURRENT_WATERMARK calls in its
 * expressions (planner/watermark.ts): the operator writes its input watermark (epoch ms,
 * -Infinity before the first) into `value` before it evaluates a batch. The state stays in the
 * operator; the slot only carries it into the compiled closures, so plans remain reusable.
 */
export interface WatermarkSlot {
  value: number;
  /** A CURRENT_WATERMARK call reads this slot (the node then carries it). */
  used: boolean;
}

export interface FilterNode extends NodeBase {
  readonly kind: "Filter";
  readonly input: PlanNode;
  readonly pred: RowPredicate;
  readonly watermark?: WatermarkSlot;
}

export interface ProjectNode extends NodeBase {
  readonly kind: "Project";
  readonly input: PlanNode;
  readonly exprs: readonly RowFn[];
  /** For each output column, the input column it copies (or -1). */
  readonly columns: readonly number[];
  readonly watermark?: WatermarkSlot;
}

export interface AggregateNode extends NodeBase {
  readonly kind: "Aggregate";
  readonly input: PlanNode;
  readonly keys: readonly RowFn[];
  readonly calls: readonly AggCallPlan[];
}

/**
 * The input of a GROUPING SETS aggregate (Flink's Expand): each input row once per grouping
 * set, with that set's projection appended (its grouping keys, NULL for keys outside the set,
 * then the set's ordinal). The row kind is kept, so retractions expand the same way.
 */
export interface ExpandNode extends NodeBase {
  readonly kind: "Expand";
  readonly input: PlanNode;
  /** One projection per grouping set, evaluated over the input row. */
  readonly projections: readonly (readonly RowFn[])[];
}

export interface WindowTvfNode extends NodeBase {
  readonly kind: "WindowTvf";
  readonly input: PlanNode;
  /** SESSION windows are assigned per partition by merging, not per row (session-window.ts). */
  readonly spec: WindowSpec | SessionSpec;
  readonly timeIndex: number;
  readonly ltz: boolean;
}

export interface WindowAggregateNode extends NodeBase {
  readonly kind: "WindowAggregate";
  readonly input: PlanNode;
  readonly keys: readonly RowFn[];
  readonly windowEnd: RowFn;
  readonly calls: readonly AggCallPlan[];
}

export interface JoinNode extends NodeBase {
  readonly kind: "Join";
  readonly joinKind: JoinKind;
  readonly left: PlanNode;
  readonly right: PlanNode;
  readonly leftKeys: readonly RowFn[];
  readonly rightKeys: readonly RowFn[];
  readonly residual: RowPredicate | null;
  /** NULL keys match (set operations). */
  readonly nullSafe?: boolean;
  /** The equi-join columns of each side that are plain columns (upsert key derivation). */
  readonly leftKeyCols?: readonly number[];
  readonly rightKeyCols?: readonly number[];
  /** Set for a streaming interval join: the time attributes (read on each side's row) and bounds. */
  readonly interval?: IntervalJoinSpec;
  /** Set for a streaming window join (runtime/window-join.ts): where each side's window_end is. */
  readonly window?: WindowJoinSpec;
}

export interface IntervalJoinSpec {
  readonly leftTime: RowFn;
  readonly rightTime: RowFn;
  readonly bounds: IntervalBounds;
}

/**
 * A streaming window join: the ON condition equates window_start and window_end of both sides
 * (Flink's WindowJoinUtil.satisfyWindowJoin), both sides append-only.
 */
export interface WindowJoinSpec {
  /** The window_end column of the left and of the right input. */
  readonly ends: readonly [number, number];
  /** Whether each side's windows were assigned in the session time zone (a TIMESTAMP_LTZ time attribute). */
  readonly ltz: readonly [boolean, boolean];
  /** Each side's window as EXPLAIN shows it (leftWindow / rightWindow). */
  readonly summaries: readonly [string, string];
  /** Equi-join keys besides window_start / window_end. */
  readonly keyCount: number;
}

export interface UnionNode extends NodeBase {
  readonly kind: "Union";
  readonly inputs: readonly PlanNode[];
}

export interface RankNode extends NodeBase {
  readonly kind: "Rank";
  readonly input: PlanNode;
  readonly partition: readonly RowFn[];
  /** Input columns of the partition keys, or null when some key is an expression. */
  readonly partitionCols: number[] | null;
  readonly compare: (a: Row, b: Row) => number;
  offset: number;
  limit: number;
  /** ROW_NUMBER is read by something other than the Top-N filter. */
  rowNumberUsed: boolean;
  /** The row number column exists in `fields` (ROW_NUMBER() OVER); ORDER BY ... LIMIT has none. */
  readonly hasRowNumber: boolean;
  /** How the number is computed: ROW_NUMBER (1, 2, 3), RANK (ties share, gaps: 1, 1, 3), DENSE_RANK (1, 1, 2). */
  readonly rankType: RankType;
  /** Ordered by a time attribute only: deduplication. */
  readonly orderByTime: boolean;
  /** Window Top-N: the input column holding window_end (partition includes window_start/end). */
  readonly windowEnd?: number;
  /**
   * Partitioned by window_start and window_end of an updating input (a window TVF forwards its
   * input's changes): Flink plans it as a window Top-N or window deduplication, which consume
   * inserts only, so streaming rejects it once the Top-N filter is known. `orderByTime`: ordered
   * by one timestamp column, which with `rn = 1` makes it a window deduplication.
   */
  readonly updatingWindow?: { readonly orderByTime: boolean };
  /** The ROW_NUMBER() / RANK() call, for messages. */
  readonly site?: AstNode;
  /**
   * EXPLAIN's orderBy: ORDER BY ... LIMIT's sort keys, or a ranking function's OVER ordering
   * over input columns (unset when some key is an expression).
   */
  readonly sortKeys?: readonly SortKey[];
}

/** OVER aggregation: input fields ++ one column per aggregate call. */
export interface OverAggNode extends NodeBase {
  readonly kind: "OverAgg";
  readonly input: PlanNode;
  readonly partition: readonly RowFn[];
  readonly time: RowFn;
  readonly frame: { readonly unit: "ROWS" | "RANGE"; readonly preceding: number };
  readonly calls: readonly AggCallPlan[];
  /** The input columns of PARTITION BY (null when some key is an expression) and of ORDER BY, for EXPLAIN. */
  readonly partitionCols?: readonly number[] | null;
  readonly orderCol?: number;
}

/** OVER aggregation in batch mode (runtime/batch-over.ts): input fields ++ one column per call. */
export interface BatchOverAggNode extends NodeBase, Omit<BatchOverSpec, "calls"> {
  readonly kind: "BatchOverAgg";
  readonly input: PlanNode;
  readonly calls: readonly AggCallPlan[];
}

/** Event-time temporal join: left rows join the right version valid at their time. */
export interface TemporalJoinNode extends NodeBase {
  readonly kind: "TemporalJoin";
  readonly left: PlanNode;
  readonly right: PlanNode;
  readonly leftKeys: readonly RowFn[];
  readonly rightKeys: readonly RowFn[];
  readonly leftTime: RowFn;
  readonly rightTime: RowFn;
  readonly residual: RowPredicate | null;
  readonly outer: boolean;
  /**
   * For EXPLAIN: the (left, right) column of each equi-join key (unset when some key is an
   * expression), the left time attribute and the right rowtime, the right primary key.
   */
  readonly keyCols?: ReadonlyArray<readonly [number, number]>;
  readonly timeCols?: readonly [number, number];
  readonly primaryKeyCols?: readonly number[];
}

/** CROSS JOIN UNNEST(...) (LEFT JOIN ... ON TRUE with `outer`): one row per collection element. */
export interface UnnestNode extends NodeBase {
  readonly kind: "Unnest";
  readonly input: PlanNode;
  /** Expands one input row into the appended column values (one array per output row). */
  readonly expand: (row: Row) => Row[];
  readonly outer: boolean;
  readonly width: number;
}

/** MATCH_RECOGNIZE: partition columns ++ measures, one row per match (runtime/match.ts). */
export interface MatchRecognizeNode extends NodeBase {
  readonly kind: "MatchRecognize";
  readonly input: PlanNode;
  readonly spec: MatchSpec;
  /** EXPLAIN text. */
  readonly text: string;
}

/** FROM_CHANGELOG / TO_CHANGELOG (planner/changelog-ptf.ts, runtime/changelog-ptf.ts). */
export interface ChangelogPtfNode extends NodeBase {
  readonly kind: "ChangelogPtf";
  readonly input: PlanNode;
  readonly spec: ChangelogPtfSpec;
}

export interface LimitNode extends NodeBase {
  readonly kind: "Limit";
  readonly input: PlanNode;
  readonly offset: number;
  readonly limit: number;
}

/** A query root: final ORDER BY (snapshot mode) and the visible width. */
export interface QueryPlan {
  readonly root: PlanNode;
  /** Result columns (the root's first `fields.length` visible columns). */
  readonly columns: Field[];
  /** Final ordering for bounded results. */
  readonly sort: readonly SortKey[];
  readonly offset: number;
  readonly limit: number;
}

export type PlanNode =
  | ScanNode
  | ValuesNode
  | FilterNode
  | ProjectNode
  | AggregateNode
  | ExpandNode
  | WindowTvfNode
  | WindowAggregateNode
  | JoinNode
  | UnionNode
  | RankNode
  | UnnestNode
  | TemporalJoinNode
  | OverAggNode
  | BatchOverAggNode
  | MatchRecognizeNode
  | ChangelogPtfNode
  | LimitNode;

/** Tables a plan reads (for INSERT-into-self checks, EXPLAIN). */
export function scannedTables(n: PlanNode, out: Set<TableDef> = new Set()): Set<TableDef> {
  switch (n.kind) {
    case "Scan":
      out.add(n.table);
      break;
    case "Values":
      break;
    case "Join":
    case "TemporalJoin":
      scannedTables(n.left, out);
      scannedTables(n.right, out);
      break;
    case "Union":
      for (const i of n.inputs) scannedTables(i, out);
      break;
    default:
      scannedTables(n.input, out);
  }
  return out;
}

/** Whether the plan has event-time operators that need watermarks to make progress. */
export function needsWatermarks(n: PlanNode): boolean {
  switch (n.kind) {
    case "WindowAggregate":
      return true;
    case "WindowTvf":
      // A session closes only when the watermark passes its end.
      return n.spec.kind === "SESSION" || needsWatermarks(n.input);
    case "Scan":
    case "Values":
      return false;
    case "TemporalJoin":
    case "OverAgg":
    case "MatchRecognize":
      return true;
    case "Rank":
      return n.windowEnd !== undefined || needsWatermarks(n.input);
    case "Join":
      return n.interval !== undefined || n.window !== undefined || needsWatermarks(n.left) || needsWatermarks(n.right);
    case "Union":
      return n.inputs.some(needsWatermarks);
    default:
      return needsWatermarks(n.input);
  }
}

/**
 * Upsert keys of a plan's output as Flink derives them (FlinkRelMdUpsertKeys: every unique key of
 * an updating result, each as ascending column indices like the ImmutableBitSets Flink keeps),
 * read after analysis finished (Top-N limits are folded in late). Empty when there is none.
 */
/**
 * Flink's RankNumberColumnRemoveRule: a ROW_NUMBER Top-N whose range is one number (`rn = 1`,
 * `rn = 3`) does not output the number; a Calc above it adds the constant. So the Top-N runs,
 * and changes its results, as one without a row number (a new top row is -D old, +I new, not
 * -U/+U), and the partition key alone is unique. Returns that constant, or null.
 */
export function constantRowNumber(n: RankNode): bigint | null {
  if (n.rankType !== "ROW_NUMBER" || n.limit !== 1 || !n.hasRowNumber || !n.rowNumberUsed || n.windowEnd !== undefined) return null;
  return BigInt(n.offset + 1);
}

export function upsertKeysOf(n: PlanNode): number[][] {
  switch (n.kind) {
    case "Scan":
      return n.upsertKey ? norm([n.upsertKey]) : [];
    case "Filter":
      return upsertKeysOf(n.input);
    case "Project": {
      const out: number[][] = [];
      for (const k of upsertKeysOf(n.input)) {
        const mapped = k.map((c) => n.columns.indexOf(c));
        if (mapped.every((i) => i >= 0)) out.push(mapped);
      }
      return norm(out);
    }
    case "Aggregate":
      return n.keys.length === 0 ? [] : [n.keys.map((_, i) => i)];
    case "Rank": {
      if (!n.partitionCols || n.windowEnd !== undefined) return [];
      if (constantRowNumber(n) !== null) return norm([n.partitionCols]);
      if (n.offset === 0 && n.limit === 1 && !(n.hasRowNumber && n.rowNumberUsed)) return norm([n.partitionCols]);
      if (n.hasRowNumber && n.rowNumberUsed && n.rankType === "ROW_NUMBER") return norm([[...n.partitionCols, n.fields.length - 1]]);
      return [];
    }
    case "Join":
      return joinUpsertKeys(n);
    case "ChangelogPtf":
      return n.upsertKey ? norm([n.upsertKey]) : [];
    default:
      return [];
  }
}

/**
 * Flink's FlinkRelMdUniqueKeys.getJoinUniqueKeys: a semi/anti join keeps the left keys; otherwise
 * every left key joined with every right key is unique, and one side's keys stay unique on their
 * own when the other side is unique on its equi-join columns and the join does not pad the side
 * with NULLs (LEFT keeps left keys, RIGHT right keys, FULL neither alone).
 */
function joinUpsertKeys(n: JoinNode): number[][] {
  if (n.joinKind === "SEMI" || n.joinKind === "ANTI") return upsertKeysOf(n.left);
  const lw = n.left.fields.length;
  const left = upsertKeysOf(n.left);
  const rightOwn = upsertKeysOf(n.right);
  const right = rightOwn.map((k) => k.map((c) => c + lw));
  const out: number[][] = [];
  for (const l of left) for (const r of right) out.push([...l, ...r]);
  const leftSet = new Set(n.leftKeyCols ?? []);
  const rightSet = new Set(n.rightKeyCols ?? []);
  const leftUnique = left.some((k) => k.every((c) => leftSet.has(c)));
  const rightUnique = rightOwn.some((k) => k.every((c) => rightSet.has(c)));
  const nullsOnLeft = n.joinKind === "RIGHT" || n.joinKind === "FULL";
  const nullsOnRight = n.joinKind === "LEFT" || n.joinKind === "FULL";
  if (rightUnique && !nullsOnLeft) out.push(...left);
  if (leftUnique && !nullsOnRight) out.push(...right);
  return norm(out);
}

/** Keys as ascending, duplicate-free column sets, each set once. */
function norm(keys: readonly number[][]): number[][] {
  const seen = new Map<string, number[]>();
  for (const k of keys) {
    const s = [...new Set(k)].sort((a, b) => a - b);
    seen.set(s.join(","), s);
  }
  return [...seen.values()];
}

/**
 * The upsert key reported for a result: the smallest of its keys (fewest columns, then lowest
 * indices), as Flink's UpsertKeyUtil.getSmallestKey picks one; null when there is none.
 */
export function smallestUpsertKey(keys: readonly number[][]): number[] | null {
  let best: number[] | null = null;
  for (const k of keys) {
    if (best === null || k.length < best.length || (k.length === best.length && compareKeys(k, best) < 0)) best = k;
  }
  return best;
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** The upsert key of a plan's output (the smallest of {@link upsertKeysOf}), or null. */
export function upsertKeyOf(n: PlanNode): number[] | null {
  return smallestUpsertKey(upsertKeysOf(n));
}

/** Rows the sources under `n` hold now: a snapshot join's size estimate of each side. */
export function sourceRows(n: PlanNode): number {
  switch (n.kind) {
    case "Scan":
      return n.table.log.records.length;
    case "Values":
      return n.rows.length;
    case "Join":
    case "TemporalJoin":
      return sourceRows(n.left) + sourceRows(n.right);
    case "Union":
      return n.inputs.reduce((sum, i) => sum + sourceRows(i), 0);
    default:
      return sourceRows(n.input);
  }
}
