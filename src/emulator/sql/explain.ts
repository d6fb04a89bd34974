/**
 * EXPLAIN's operator tree: the physical operators Flink 1.19 / 1.20 plans for a statement, each
 * with its StreamPhysical* (or, in snapshot mode, batch: explain-batch.ts) node text, such as
 * `Join(joinType=[InnerJoin], where=[=(a, b0)], select=[...])`, the plan node whose rows it
 * produces and its inputs. An `Exchange(distribution=[hash[k]])` (or `[single]`) stands where
 * Flink shuffles: below joins, aggregates, ranks, OVER aggregates, ChangelogNormalize and limits,
 * unless the input is distributed so already. Chains of filters and projections are one Calc;
 * an aggregate's calls take the aliases above them. explain-confluent.ts prints the tree as
 * Confluent Cloud does (operator names from the texts; changelog modes and keys from the nodes).
 * The emulator keeps no expression text: a condition or argument it cannot name is `...`.
 */
import type { Field, JoinNode, PlanNode, RankNode, WindowAggregateNode } from "./planner/plan.ts";
import { constantRowNumber } from "./planner/plan.ts";
import { aggregateCallsText, batchHead, groupAggregateDescription, orderByText } from "./explain-batch.ts";
import { joinTypeName } from "./join-type-names.ts";
import { isWindowKey, joinCondition, joinDescription, joinedNames, joinOutputs, keyPairs, temporalCondition } from "./explain-join.ts";
import { windowSummary, windowTvfBelow } from "./planner/window-join.ts";

/** One child in the tree: a plan node, under an Exchange with this distribution when set. */
interface Child {
  readonly node: PlanNode;
  readonly exchange?: string;
}

/**
 * How a plan node prints: `heads` outermost first, each the only child of the one before (one
 * node may print as several, as an upsert source's ChangelogNormalize over its Exchange and
 * scan), `upsert` marking the heads that carry an upsert source's changes; then its children.
 */
interface Shown {
  readonly heads: ReadonlyArray<{ readonly text: string; readonly mode?: "upsert" }>;
  readonly children: readonly Child[];
}

/**
 * One operator of the printed plan: its Flink node text (`Join(joinType=[InnerJoin], ...)`), the
 * plan node whose output it produces (an Exchange produces its input's rows), and its inputs.
 * The Confluent printer (explain-confluent.ts) names it by the text's operator name and reads
 * its changelog mode and upsert key off `node`; `mode` overrides the mode where the operator
 * carries other changes than `node` (an upsert source's scan and shuffle carry upserts).
 */
export interface PlanOperator {
  readonly text: string;
  readonly node: PlanNode;
  readonly mode?: "upsert";
  readonly children: readonly PlanOperator[];
}

/**
 * The operator tree of `root` under `parents`: operators above it, each the only input of the
 * one before (a Sink, batch's final Sort), each producing `root`'s rows.
 */
export function planOperators(root: PlanNode, streaming: boolean, parents: readonly string[] = []): PlanOperator {
  let tree = operatorOf({ node: root }, streaming);
  for (const text of [...parents].reverse()) tree = { text, node: root, children: [tree] };
  return tree;
}

/** The operators of `child`: an Exchange over it when its input must be shuffled, then its heads over its inputs. */
function operatorOf(child: Child, streaming: boolean): PlanOperator {
  const shown = streaming ? streamingShown(child.node) : batchShown(child.node);
  const inputs = shown.children.map((c) => operatorOf(c, streaming));
  let tree: PlanOperator | null = null;
  for (const h of [...shown.heads].reverse()) tree = { text: h.text, node: child.node, ...(h.mode ? { mode: h.mode } : {}), children: tree ? [tree] : inputs };
  // As Flink's planner, no shuffle where the input is already distributed as required.
  if (child.exchange !== undefined && child.exchange !== distributionOf(child.node)) {
    tree = { text: `Exchange(distribution=[${child.exchange}])`, node: child.node, ...(tree!.mode ? { mode: tree!.mode } : {}), children: [tree!] };
  }
  return tree!;
}

function names(fields: readonly Field[]): string {
  return fields.map((f) => f.name).join(", ");
}

/**
 * How the streaming output of `n` is already distributed (as an Exchange would word it), when
 * known: hashed by the key of a ChangelogNormalize, through the filters and projections that
 * keep those columns. A group aggregate's or a Top-N's output is not: Flink's physical rules give
 * those nodes no distribution trait, so a consumer hashing by the same key shuffles again (as
 * Confluent's EXPLAIN page shows an Exchange between a GroupAggregate and the join over it).
 */
function distributionOf(n: PlanNode): string | undefined {
  const cols = hashedColumns(n);
  return cols && cols.length > 0 ? hashOn(n, cols) : undefined;
}

function hashedColumns(n: PlanNode): readonly number[] | null {
  switch (n.kind) {
    case "Scan":
      return n.upsertKey;
    case "Filter":
      return hashedColumns(n.input);
    case "Project": {
      const below = hashedColumns(n.input);
      if (!below) return null;
      const mapped = below.map((c) => n.columns.indexOf(c));
      return mapped.every((i) => i >= 0) ? mapped : null;
    }
    default:
      return null;
  }
}

/** A hash distribution on `cols` of `n`, or `single` without keys. */
function hashOn(n: PlanNode, cols: readonly number[]): string {
  return cols.length === 0 ? "single" : `hash[${cols.map((c) => n.fields[c]!.name).join(", ")}]`;
}

/** A node printed as one head over its inputs, in streaming with its own changelog mode. */
function single(n: PlanNode, text: string, children: readonly Child[]): Shown {
  return { heads: [{ text }], children };
}

/** The batch form: explain-batch.ts's batch operators, else the common form. */
function batchShown(n: PlanNode): Shown {
  if (n.kind === "Filter" || n.kind === "Project") return calcShown(n, false);
  const batch = batchHead(n);
  if (batch) return { heads: batch.heads.map((text) => ({ text })), children: batch.kids.map((node) => ({ node })) };
  return commonShown(n) ?? { heads: [{ text: `${n.kind}(select=[${names(n.fields)}])` }], children: [] };
}

/** The streaming form of `n`, as its StreamPhysical* node prints. */
function streamingShown(n: PlanNode): Shown {
  switch (n.kind) {
    case "Filter":
    case "Project":
      return calcShown(n, true);
    case "Scan": {
      const scan = scanText(n);
      if (!n.upsertKey) break;
      // Flink normalises an upsert source's changes per key, shuffled by the key: the source and the shuffle carry upserts.
      const key = n.upsertKey.map((i) => n.fields[i]!.name).join(", ");
      return {
        heads: [{ text: `ChangelogNormalize(key=[${key}])` }, { text: `Exchange(distribution=[hash[${key}]])`, mode: "upsert" }, { text: scan, mode: "upsert" }],
        children: [],
      };
    }
    case "Aggregate": {
      const keys = n.fields.slice(0, n.keys.length);
      return single(n, groupAggregateDescription(n), [{ node: n.input, exchange: keys.length > 0 ? `hash[${names(keys)}]` : "single" }]);
    }
    case "WindowAggregate":
      return windowAggregateShown(n);
    case "Join":
      return joinShown(n);
    case "Rank":
      return rankShown(n);
    case "Limit":
      return single(n, `Limit(offset=[${n.offset}], fetch=[${n.limit}])`, [{ node: n.input, exchange: "single" }]);
    case "OverAgg":
      return single(n, overText(n), [{ node: n.input, exchange: n.partitionCols ? hashOn(n.input, n.partitionCols) : n.partition.length > 0 ? "hash[...]" : "single" }]);
    case "TemporalJoin":
      return single(n, temporalText(n), [
        { node: n.left, exchange: n.keyCols ? hashOn(n.left, n.keyCols.map((p) => p[0])) : "hash[...]" },
        { node: n.right, exchange: n.keyCols ? hashOn(n.right, n.keyCols.map((p) => p[1])) : "hash[...]" },
      ]);
    default:
      break;
  }
  const common = commonShown(n);
  if (common) return common;
  return single(n, `${n.kind}(select=[${names(n.fields)}])`, []);
}

/**
 * A streaming OVER aggregate as Flink prints it: `window=[ ROWS BETWEEN 2 PRECEDING AND CURRENT
 * ROW]` (Flink's text starts with a space and shortens RANGE to `RANG`), each call as `w0$o<i>`.
 */
function overText(n: PlanNode & { kind: "OverAgg" }): string {
  const input = n.input.fields;
  const partitionBy = n.partition.length === 0 ? "" : `partitionBy=[${n.partitionCols ? n.partitionCols.map((c) => input[c]!.name).join(", ") : "..."}], `;
  const orderBy = `orderBy=[${n.orderCol !== undefined ? `${input[n.orderCol]!.name} ASC` : "..."}], `;
  const lower = n.frame.preceding === Infinity ? "UNBOUNDED PRECEDING" : n.frame.preceding === 0 ? "CURRENT ROW" : `${n.frame.preceding} PRECEDING`;
  const window = `window=[ ${n.frame.unit === "ROWS" ? "ROWS" : "RANG"} BETWEEN ${lower} AND CURRENT ROW]`;
  const calls = n.calls.map((c, i) => `${c.display ?? `${c.name}(...)`} AS w0$o${i}`);
  return `OverAggregate(${partitionBy}${orderBy}${window}, select=[${[...input.map((f) => f.name), ...calls].join(", ")}])`;
}

function temporalText(n: PlanNode & { kind: "TemporalJoin" }): string {
  return `TemporalJoin(joinType=[${n.outer ? "LeftOuterJoin" : "InnerJoin"}], where=[${temporalCondition(n)}], select=[${joinedNames(n).join(", ")}])`;
}

function scanText(n: PlanNode & { kind: "Scan" }): string {
  return `TableSourceScan(table=[[${n.table.catalog.name}, ${n.table.database.name}, ${n.table.name}]], fields=[${names(n.fields)}])`;
}

/** The nodes that print alike in streaming and batch (without changelog modes here). */
function commonShown(n: PlanNode): Shown | null {
  const one = (text: string, children: readonly PlanNode[]): Shown => ({ heads: [{ text }], children: children.map((node) => ({ node })) });
  switch (n.kind) {
    case "Scan":
      return one(scanText(n), []);
    case "Values":
      return one(`Values(tuples=[${n.rows.length} rows], fields=[${names(n.fields)}])`, []);
    case "WindowTvf":
      return one(`WindowTableFunction(window=[${tvfWindowText(n)}])`, [n.input]);
    case "Union":
      return one(`Union(all=[true], union=[${names(n.fields)}])`, n.inputs);
    case "BatchOverAgg": {
      const b = (v: number) => (v === -Infinity ? "UNBOUNDED PRECEDING" : v === Infinity ? "UNBOUNDED FOLLOWING" : v === 0 ? "CURRENT ROW" : `${Math.abs(v)} ${v < 0 ? "PRECEDING" : "FOLLOWING"}`);
      return one(`OverAggregate(window=[${n.frame.unit} BETWEEN ${b(n.frame.lower)} AND ${b(n.frame.upper)}], select=[${n.calls.map((c) => c.name).join(", ")}])`, [n.input]);
    }
    case "OverAgg":
      return one(overText(n), [n.input]);
    case "TemporalJoin":
      return one(temporalText(n), [n.left, n.right]);
    case "Expand":
      return one(`Expand(projects=[${n.projections.length} grouping sets])`, [n.input]);
    case "Unnest":
      // Correlate prints Calcite's JoinRelType (INNER / LEFT), not FlinkJoinType.
      return one(`Correlate(invocation=[UNNEST], joinType=[${n.outer ? "LEFT" : "INNER"}])`, [n.input]);
    case "MatchRecognize":
      return one(n.text, [n.input]);
    case "ChangelogPtf":
      return one(`ProcessTableFunction(invocation=[${n.spec.kind}], select=[${names(n.fields)}])`, [n.input]);
    case "Limit":
      return one(`Limit(offset=[${n.offset}], fetch=[${n.limit}])`, [n.input]);
    default:
      return null;
  }
}

/** The names a node's output columns have in the plan text: a join's as its `select` lists them. */
function outputNames(n: PlanNode): string[] {
  if (n.kind === "Join") return joinOutputs(n);
  if (n.kind === "TemporalJoin") return joinedNames(n);
  // An OVER aggregate's calls are Flink's w0$o0, w0$o1, ... (streaming prints them so).
  if (n.kind === "OverAgg") return n.fields.map((f, i) => (i < n.input.fields.length ? f.name : `w0$o${i - n.input.fields.length}`));
  return n.fields.map((f) => f.name);
}

/**
 * A chain of projections and filters as the one Calc Flink merges it into (FlinkCalcMergeRule):
 * each column by the input column it copies (`cust AS customer` when renamed), `... AS name`
 * when computed; `where=[...]` when some filter is in the chain.
 */
function calcShown(n: PlanNode & { kind: "Filter" | "Project" }, streaming: boolean): Shown {
  let input: PlanNode = n;
  let source = n.fields.map((_, i) => i);
  let filtered = false;
  while (input.kind === "Filter" || input.kind === "Project") {
    if (input.kind === "Project") {
      const columns = input.columns;
      source = source.map((c) => (c < 0 ? -1 : (columns[c] ?? -1)));
    } else filtered = true;
    input = input.input;
  }
  if ((input.kind === "Aggregate" || input.kind === "WindowAggregate") && source.every((c) => c >= 0)) {
    // Calcite names an aggregate's calls by the aliases of the projection over it, and a
    // projection that then only passes a group aggregate's row on is no node of its own.
    const agg = input;
    const renamed = agg.fields.map((f) => f.name);
    const named = new Set<number>();
    source.forEach((c, i) => {
      if (c >= agg.keys.length && !named.has(c)) renamed[c] = n.fields[i]!.name;
      named.add(c);
    });
    input = { ...agg, fields: agg.fields.map((f, i) => ({ ...f, name: renamed[i]! })) };
    // (A window aggregate lists its window columns last, so Flink keeps the Calc that reorders them.)
    const identity = agg.kind === "Aggregate" && !filtered && source.length === agg.fields.length && source.every((c, i) => c === i);
    if (identity) return streaming ? streamingShown(input) : batchShown(input);
  }
  const from = outputNames(input);
  const select = n.fields.map((f, i) => {
    const c = source[i]!;
    if (c < 0) return `... AS ${f.name}`;
    return from[c] === f.name ? f.name : `${from[c]} AS ${f.name}`;
  });
  return { heads: [{ text: `Calc(select=[${select.join(", ")}]${filtered ? ", where=[...]" : ""})` }], children: [{ node: input }] };
}

/** A window TVF's window where it is assigned: `TUMBLE(time_col=[ts], size=[10 s])`. */
function tvfWindowText(n: PlanNode & { kind: "WindowTvf" }): string {
  const cols = `time_col=[${n.input.fields[n.timeIndex]!.name}]`;
  const text = windowSummary(n, "", "", cols);
  if (n.spec.kind !== "SESSION" || n.spec.partitionCols.length === 0) return text;
  const spec = n.spec;
  return `${text.slice(0, -1)}, partitionBy=[${spec.partitionCols.map((i) => n.input.fields[i]!.name).join(", ")}])`;
}

/**
 * A window aggregate as StreamPhysicalWindowAggregate prints it: grouped on the keys besides
 * the window columns, the window assigned here when its input is the window TVF itself
 * (Flink merges the TVF into the aggregate), and the window columns as `start('w$)` etc.
 */
function windowAggregateShown(n: WindowAggregateNode): Shown {
  const keys = n.fields.slice(0, n.keys.length);
  const plainKeys = keys.filter((f) => f.window === undefined && f.name !== "$e");
  const setKey = keys.filter((f) => f.name === "$e");
  const groupKeys = [...plainKeys, ...setKey];
  const property = (w: Field["window"]) => (w === "start" ? "start" : w === "end" ? "end" : "rowtime");
  const select = [
    ...groupKeys.map((f) => f.name),
    ...aggregateCallsText(n.calls, n.fields.slice(n.keys.length)),
    ...keys.filter((f) => f.window !== undefined).map((f) => `${property(f.window)}('w$) AS ${f.name}`),
  ].join(", ");
  const direct = n.input.kind === "WindowTvf" ? n.input : null;
  const tvf = direct ?? windowTvfBelow(n.input);
  const start = keys.find((f) => f.window === "start")?.name ?? "window_start";
  const end = keys.find((f) => f.window === "end")?.name ?? "window_end";
  const window = direct ? tvfWindowText(direct) : windowSummary(tvf, start, end);
  const input = direct ? direct.input : n.input;
  const groupBy = groupKeys.length > 0 ? `groupBy=[${names(groupKeys)}], ` : "";
  return single(n, `WindowAggregate(${groupBy}window=[${window}], select=[${select}])`, [{ node: input, exchange: groupKeys.length > 0 ? `hash[${names(groupKeys)}]` : "single" }]);
}

/** A regular, interval or window join, each input shuffled by its (non-window) join keys. */
function joinShown(n: JoinNode): Shown {
  const type = joinTypeName(n.joinKind);
  const select = `select=[${joinOutputs(n).join(", ")}]`;
  let pairs = keyPairs(n);
  if (n.window && pairs) pairs = pairs.filter((p) => !isWindowKey(n, p));
  // No key pairs known although there are keys (some key is an expression): a `...` condition.
  const unknownKeys = pairs === null && (n.window ? n.window.keyCount : n.leftKeys.length) > 0;
  const known = unknownKeys ? null : (pairs ?? []);
  const exchange = (side: 0 | 1): string => (known ? hashOn(side === 0 ? n.left : n.right, known.map((p) => p[side])) : "hash[...]");
  const children: Child[] = [
    { node: n.left, exchange: exchange(0) },
    { node: n.right, exchange: exchange(1) },
  ];
  if (n.window) {
    return single(n, `WindowJoin(leftWindow=[${n.window.summaries[0]}], rightWindow=[${n.window.summaries[1]}], joinType=[${type}], where=[${joinCondition(n, known, false)}], ${select})`, children);
  }
  if (n.interval) {
    const bounds = `windowBounds=[isRowTime=true, leftLowerBound=${-n.interval.bounds.upper}, leftUpperBound=${-n.interval.bounds.lower}]`;
    return single(n, `IntervalJoin(joinType=[${type}], ${bounds}, where=[${joinCondition(n, known, true)}], ${select})`, children);
  }
  return single(n, joinDescription(n), children);
}

/**
 * Flink's RankProcessStrategy for a Top-N over `input`: AppendFastStrategy over an append-only
 * input, UpdateFastStrategy keyed by the input's unique key, else RetractStrategy.
 */
function rankStrategy(input: PlanNode): string {
  if (input.insertOnly) return "AppendFastStrategy";
  return input.upsertKey && input.upsertKey.length > 0 ? `UpdateFastStrategy[${input.upsertKey.join(",")}]` : "RetractStrategy";
}

/**
 * The first (or last) row per key by time, without its row number: Flink's
 * StreamPhysicalDeduplicate (FlinkLogicalRankRuleForRangeEnd's deduplication case), or
 * WindowDeduplicate per window; null for another Top-N.
 */
function deduplicateShown(n: RankNode, numbered: boolean): Shown | null {
  const key = n.sortKeys?.length === 1 ? n.sortKeys[0]! : null;
  if (n.rankType !== "ROW_NUMBER" || !n.orderByTime || !key || n.offset !== 0 || n.limit !== 1 || numbered) return null;
  const keep = key.descending ? "LastRow" : "FirstRow";
  const input = n.input.fields;
  const cols = n.partitionCols;
  if (n.windowEnd !== undefined) {
    const partition = cols ? cols.filter((c) => input[c]!.window !== "start" && input[c]!.window !== "end") : null;
    const start = input.find((f) => f.window === "start")?.name ?? "window_start";
    const window = windowSummary(windowTvfBelow(n.input), start, input[n.windowEnd]!.name);
    const keys = partition ? names(partition.map((c) => input[c]!)) : "...";
    return single(n, `WindowDeduplicate(window=[${window}], keep=[${keep}], partitionKeys=[${keys}], orderKey=[${input[key.index]!.name}], order=[ROWTIME])`, [
      { node: n.input, exchange: partition ? hashOn(n.input, partition) : "hash[...]" },
    ]);
  }
  const keys = cols ? names(cols.map((c) => input[c]!)) : "...";
  return single(n, `Deduplicate(keep=[${keep}], key=[${keys}], order=[ROWTIME])`, [{ node: n.input, exchange: cols ? hashOn(n.input, cols) : "hash[...]" }]);
}

/** A ranking function's `orderBy=[amount DESC]`, `[...]` when some key is an expression. */
function rankOrder(n: RankNode): string {
  return n.sortKeys ? orderByText(n.sortKeys, n.input.fields) : "orderBy=[...]";
}

/** A Top-N (Rank, or WindowRank over windows), or an ORDER BY ... LIMIT (SortLimit, over one partition). */
function rankShown(n: RankNode): Shown {
  const range = `offset=[${n.offset}], fetch=[${n.limit}]`;
  if (!n.hasRowNumber) {
    const keys = n.sortKeys ?? [];
    if (keys.length === 0) return single(n, `Limit(${range})`, [{ node: n.input, exchange: "single" }]);
    return single(n, `SortLimit(${orderByText(keys, n.input.fields)}, ${range}, strategy=[${rankStrategy(n.input)}])`, [{ node: n.input, exchange: "single" }]);
  }
  const rankRange = `rankRange=[rankStart=${n.offset + 1}, rankEnd=${n.offset + n.limit}]`;
  // A number nobody reads, or a constant one (rn = 1, added after the Rank), is not an output of the Rank.
  const numbered = n.rowNumberUsed && constantRowNumber(n) === null;
  const outputs = numbered ? n.fields : n.fields.slice(0, -1);
  const dedup = deduplicateShown(n, numbered);
  if (dedup) return dedup;
  const select = `select=[${names(outputs)}]`;
  const cols = n.partitionCols;
  if (n.windowEnd !== undefined) {
    const inWindow = (c: number) => n.input.fields[c]!.window === "start" || n.input.fields[c]!.window === "end";
    const partition = cols ? cols.filter((c) => !inWindow(c)) : null;
    const start = n.input.fields.find((f) => f.window === "start")?.name ?? "window_start";
    const window = windowSummary(windowTvfBelow(n.input), start, n.input.fields[n.windowEnd]!.name);
    const partitionBy = partition ? names(partition.map((c) => n.input.fields[c]!)) : "...";
    return single(n, `WindowRank(window=[${window}], rankType=[${n.rankType}], ${rankRange}, partitionBy=[${partitionBy}], ${rankOrder(n)}, ${select})`, [
      { node: n.input, exchange: partition ? hashOn(n.input, partition) : "hash[...]" },
    ]);
  }
  const partitionBy = cols ? names(cols.map((c) => n.input.fields[c]!)) : "...";
  return single(n, `Rank(strategy=[${rankStrategy(n.input)}], rankType=[${n.rankType}], ${rankRange}, partitionBy=[${partitionBy}], ${rankOrder(n)}, ${select})`, [
    { node: n.input, exchange: cols ? hashOn(n.input, cols) : n.partition.length > 0 ? "hash[...]" : "single" },
  ]);
}
