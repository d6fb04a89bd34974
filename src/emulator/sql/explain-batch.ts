/**
 * EXPLAIN in snapshot mode, shaped as Flink's batch planner shows a plan: no node carries a
 * changelog mode (a bounded result has none), and the nodes whose batch physical operator has
 * another name than its streaming one use the batch name: HashAggregate for group and window
 * aggregates (grouped on window_start / window_end, as batch plans a window TVF aggregation),
 * HashJoin for an equi-join (NestedLoopJoin without equi-keys) with Flink's join type names,
 * its `where` and `select`, Rank / SortLimit / Limit with `global=[true]` above the Sort they
 * need, and a final Sort for a top-level ORDER BY. The emulator's compact form stays: no
 * Exchange nodes, no local / global split, `...` where it keeps no expression text.
 */
import type { AggCallPlan, Field, PlanNode } from "./planner/plan.ts";
import { constantRowNumber, sourceRows } from "./planner/plan.ts";
import { joinTypeName } from "./join-type-names.ts";
import { joinCondition, joinOutputs, keyPairs } from "./explain-join.ts";
import type { SortKey } from "./runtime/values.ts";

/**
 * A plan node's batch form: `heads` are the lines it prints, outermost first (one node may print
 * as several, such as a Rank over its Sort), each nested under the one before; `kids` follow.
 */
export interface BatchHead {
  readonly heads: readonly string[];
  readonly kids: readonly PlanNode[];
}

/** `orderBy=[a ASC, b DESC]`, as Flink's RelExplainUtil.collationToString words it. */
export function orderByText(keys: readonly SortKey[], fields: readonly Field[]): string {
  return `orderBy=[${keys.map((k) => `${fields[k.index]!.name} ${k.descending ? "DESC" : "ASC"}`).join(", ")}]`;
}

function names(fields: readonly Field[]): string {
  return fields.map((f) => f.name).join(", ");
}

/** `COUNT(*) AS cnt, SUM(amount) AS EXPR$2`: each aggregate call with the name of its output column. */
export function aggregateCallsText(calls: readonly AggCallPlan[], outputs: readonly Field[]): string[] {
  return calls.map((c, i) => `${c.display ?? `${c.name}(...)`} AS ${outputs[i]!.name}`);
}

/**
 * A group aggregate as StreamPhysicalGroupAggregate describes itself (EXPLAIN, and the node
 * Flink names in planner messages): `GroupAggregate(groupBy=[k], select=[k, COUNT(*) AS EXPR$1])`.
 */
export function groupAggregateDescription(n: PlanNode & { kind: "Aggregate" }): string {
  const keys = n.fields.slice(0, n.keys.length);
  const groupBy = keys.length > 0 ? `groupBy=[${names(keys)}], ` : "";
  return `GroupAggregate(${groupBy}select=[${[...keys.map((f) => f.name), ...aggregateCallsText(n.calls, n.fields.slice(n.keys.length))].join(", ")}])`;
}

/**
 * A HashAggregate over the first `keys` fields (Flink omits groupBy when there is none),
 * selecting the keys and each call as its output column (`COUNT(*) AS EXPR$1`).
 */
function hashAggregate(fields: readonly Field[], keys: number, calls: readonly AggCallPlan[]): string {
  const groupBy = keys > 0 ? `groupBy=[${names(fields.slice(0, keys))}], ` : "";
  const select = [...fields.slice(0, keys).map((f) => f.name), ...aggregateCallsText(calls, fields.slice(keys))];
  return `HashAggregate(isMerge=[false], ${groupBy}select=[${select.join(", ")}])`;
}

/** The batch form of `n`, or null where it prints as in streaming (without its changelog mode). */
export function batchHead(n: PlanNode): BatchHead | null {
  switch (n.kind) {
    case "Aggregate":
    case "WindowAggregate":
      return { heads: [hashAggregate(n.fields, n.keys.length, n.calls)], kids: [n.input] };
    case "Join": {
      const type = joinTypeName(n.joinKind);
      // The side the executor reads to its end first (runtime: the smaller one) is the build side.
      const build = sourceRows(n.right) <= sourceRows(n.left) ? "right" : "left";
      const pairs = keyPairs(n);
      const where = `where=[${joinCondition(n, pairs === null && n.leftKeys.length > 0 ? null : (pairs ?? []), false)}]`;
      const select = `select=[${joinOutputs(n).join(", ")}]`;
      const head = `${n.leftKeys.length > 0 ? "HashJoin" : "NestedLoopJoin"}(joinType=[${type}], ${where}, ${select}, build=[${build}])`;
      return { heads: [head], kids: [n.left, n.right] };
    }
    case "Rank": {
      const range = `offset=[${n.offset}]${Number.isFinite(n.limit) ? `, fetch=[${n.limit}]` : ""}`;
      if (!n.hasRowNumber) {
        const keys = n.sortKeys ?? [];
        // LIMIT without ORDER BY over an updating input's final rows is a plain limit in batch.
        if (keys.length === 0) return { heads: [`Limit(${range}, global=[true])`], kids: [n.input] };
        return { heads: [`SortLimit(${orderByText(keys, n.input.fields)}, ${range}, global=[true])`], kids: [n.input] };
      }
      const partitionBy = n.partitionCols ? names(n.partitionCols.map((i) => n.input.fields[i]!)) : "...";
      const orderBy = n.sortKeys ? orderByText(n.sortKeys, n.input.fields) : "orderBy=[...]";
      // The Sort below a batch rank orders by the partition keys, then the ranking order.
      const sortKeys = n.partitionCols && n.sortKeys ? [...n.partitionCols.map((index) => ({ index, descending: false, nullsFirst: true })), ...n.sortKeys] : null;
      const sort = `Sort(${sortKeys ? orderByText(sortKeys, n.input.fields) : "orderBy=[...]"})`;
      if (n.rankType === "DENSE_RANK") {
        // Flink's batch Rank takes RANK and ROW_NUMBER only: DENSE_RANK stays an OVER aggregate, filtered.
        const over = `OverAggregate(partitionBy=[${partitionBy}], ${orderBy}, window=[DENSE_RANK], select=[${names(n.input.fields)}, w0$o0])`;
        return { heads: [`Calc(select=[${names(n.fields)}], where=[...])`, over, sort], kids: [n.input] };
      }
      const rankRange = `rankRange=[rankStart=${n.offset + 1}, rankEnd=${n.offset + n.limit}]`;
      // As in streaming's outputRankNumber: a number nobody reads, or a constant one (rn = 1,
      // added after the Rank), is not an output of the Rank.
      const outputs = n.rowNumberUsed && constantRowNumber(n) === null ? n.fields : n.fields.slice(0, -1);
      return { heads: [`Rank(rankType=[${n.rankType}], ${rankRange}, partitionBy=[${partitionBy}], ${orderBy}, global=[true], select=[${names(outputs)}])`, sort], kids: [n.input] };
    }
    case "Limit":
      return { heads: [`Limit(offset=[${n.offset}]${Number.isFinite(n.limit) ? `, fetch=[${n.limit}]` : ""}, global=[true])`], kids: [n.input] };
    default:
      return null;
  }
}
