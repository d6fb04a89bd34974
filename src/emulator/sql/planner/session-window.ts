/**
 * Planning of the SESSION window TVF (Flink docs, "Windowing TVF > SESSION", Flink 1.19+):
 * `SESSION(TABLE t [PARTITION BY k | PARTITION BY (k1, k2)], DESCRIPTOR(time_col), gap)`, or
 * with named arguments DATA, TIMECOL, GAP. The shared TVF checks (table argument, descriptor,
 * time attribute, insert-only input) stay in query.ts; this module resolves the partition keys
 * and the gap, and checks the window aggregations it can answer.
 */
import type * as ast from "../syntax/ast.ts";
import type { SessionSpec } from "../runtime/session-window.ts";
import type { Field, PlanNode } from "./plan.ts";
import { unsupported, validationError } from "./scope.ts";

/** Positional argument names of SESSION, as Flink's SqlSessionTableFunction declares them. */
export const SESSION_ARGS = ["DATA", "TIMECOL", "GAP"] as const;

/**
 * The session spec. `gapOf` reads a day-time interval literal argument (query.ts). Partition
 * keys must be columns of the input: Calcite resolves PARTITION BY of a table argument against
 * the table's columns only.
 */
export function sessionSpec(call: ast.FunctionCall, data: ast.TableArgument, inputFields: readonly Field[], gapOf: (key: string) => number): SessionSpec {
  const partitionCols = data.partitionBy.map((e) => {
    if (e.kind !== "Identifier") throw validationError(e, "PARTITION BY of a SESSION table argument must name columns of the table");
    const name = e.parts[e.parts.length - 1]!;
    const i = inputFields.findIndex((f) => f.name === name);
    if (i < 0) throw validationError(e, `Column '${name}' not found in any table`);
    return i;
  });
  const gapMs = gapOf("GAP");
  if (gapMs <= 0) throw validationError(call, `SESSION window gap must be positive, but got ${gapMs} ms.`);
  return { kind: "SESSION", gapMs, partitionCols };
}

/**
 * Row-semantics window TVFs take no PARTITION BY: Calcite accepts it only on table parameters
 * with set semantics, which among the window TVFs is SESSION's alone.
 */
export function rejectPartitionedRowTvf(name: string, data: ast.TableArgument): void {
  if (data.partitionBy.length > 0) {
    throw validationError(data.partitionBy[0]!, `Only tables with set semantics may be partitioned. Invalid PARTITION BY clause in the 0-th operand of table function '${name}'`);
  }
}

/**
 * The SESSION window TVF under a window aggregate, through filters and projections, with the
 * aggregate's non-window key columns mapped to the TVF's input; null when there is none.
 */
function sessionBelow(node: PlanNode, cols: number[]): { spec: SessionSpec; cols: number[] | null } | null {
  let n = node;
  let mapped: number[] | null = cols;
  for (;;) {
    if (n.kind === "Filter") n = n.input;
    else if (n.kind === "Project") {
      const p = n;
      mapped = mapped && mapped.every((c) => p.columns[c] !== undefined && p.columns[c]! >= 0) ? mapped.map((c) => p.columns[c]!) : null;
      n = n.input;
    } else if (n.kind === "WindowTvf") {
      return n.spec.kind === "SESSION" ? { spec: n.spec, cols: mapped } : null;
    } else return null;
  }
}

/**
 * A session window aggregation groups by window_start, window_end and the TVF's partition keys
 * (Flink docs, "Window Aggregation > SESSION"). Grouping by other columns (or leaving a
 * partition key out) makes Flink assign sessions per group key instead of per partition, which
 * the emulator does not model: it fails rather than answer differently.
 */
export function checkSessionGroupKeys(input: PlanNode, keys: readonly { column?: number }[], keyFields: readonly Field[], site: ast.NodeBase, groupingSets: boolean): void {
  const plainKeys = keys.filter((_, i) => !keyFields[i]!.window);
  const cols = plainKeys.every((k) => k.column !== undefined) ? plainKeys.map((k) => k.column!) : null;
  const found = sessionBelow(input, cols ?? []);
  if (!found) return;
  if (groupingSets) throw unsupported(site, "GROUPING SETS / ROLLUP / CUBE over SESSION windows");
  const sameKeys = cols !== null && found.cols !== null && found.cols.length === found.spec.partitionCols.length && found.spec.partitionCols.every((c) => found.cols!.includes(c));
  if (!sameKeys) {
    throw unsupported(site, "a SESSION window aggregation grouped by other keys than window_start, window_end and the SESSION PARTITION BY columns");
  }
}
