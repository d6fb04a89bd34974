/**
 * EXPLAIN's text as Confluent Cloud prints it (docs.confluent.io, "EXPLAIN Statement"): a
 * `== Physical Plan ==` section with each operator by name and number (`StreamJoin [9]`), the
 * inputs drawn below it, numbered in the order they run (inputs first, left to right); then a
 * `== Physical Details ==` section with a block per operator worth describing: the table a
 * scan reads or a sink writes (`Foreground` for a query's own result), its primary key, the
 * changelog mode (`append`, `upsert`, `retract`), the upsert key and the state size
 * (`low`, `medium`; nothing for stateless operators). Operators that only pass appended rows on
 * get no block, as on Confluent's pages. An identical subtree met again (a table scanned twice,
 * a statement set's shared source) prints as `(reused) [n]`.
 *
 * Snapshot (batch) plans print in the same layout with Flink's batch operator names
 * (`BatchHashJoin`), which Confluent documents no example of: the emulator's choice. A bounded
 * plan carries no changelog, so their blocks name tables only.
 */
import type { PlanOperator } from "./explain.ts";
import type { PlanNode } from "./planner/plan.ts";
import { upsertKeyOf } from "./planner/plan.ts";

/** The table a plan's sink writes. */
export interface SinkTarget {
  /** The table as Confluent prints it: `` `cat`.`db`.`t` ``, or `Foreground` for a query's result. */
  readonly table: string;
}

/**
 * State size per operator, as Confluent's EXPLAIN rates it. The page's examples show low for
 * scans, values, sinks and window table functions and medium for group aggregates, regular joins
 * and ChangelogNormalize; the others follow the same reading (windowed and time-bounded state is
 * low, state growing with the keys is medium). Unlisted operators are stateless.
 */
const STATE_SIZES: Readonly<Record<string, "low" | "medium">> = {
  TableSourceScan: "low",
  Values: "low",
  Sink: "low",
  WindowTableFunction: "low",
  WindowAggregate: "low",
  WindowDeduplicate: "low",
  WindowJoin: "low",
  WindowRank: "low",
  IntervalJoin: "low",
  GroupAggregate: "medium",
  Join: "medium",
  ChangelogNormalize: "medium",
  Rank: "medium",
  SortLimit: "medium",
  Limit: "medium",
  Deduplicate: "medium",
  OverAggregate: "medium",
  TemporalJoin: "medium",
  Match: "medium",
  ProcessTableFunction: "medium",
};

/** One sink's operator tree (its root is the sink) and the table the sink writes. */
export interface RootedPlan {
  readonly tree: PlanOperator;
  readonly sink: SinkTarget;
}

/** The full EXPLAIN text of `plans` (one per sink: a query's own result, or each INSERT). */
export function confluentExplain(plans: readonly RootedPlan[], streaming: boolean): string {
  const numbered = new Map<string, number>();
  const details: string[] = [];
  let next = 1;

  /** Numbers `op`'s subtree (inputs first) and returns its lines: its own after `prefix`, its inputs' after `indent`. */
  const visit = (op: PlanOperator, sink: SinkTarget | null, prefix: string, indent: string): string[] => {
    const key = reuseKey(op);
    const reused = key !== null ? numbered.get(key) : undefined;
    if (reused !== undefined) return [`${prefix}(reused) [${reused}]`];
    const below: string[] = [];
    op.children.forEach((c, i) => {
      const last = i === op.children.length - 1;
      below.push(...visit(c, null, `${indent}+- `, `${indent}${last ? "  " : ":  "}`));
    });
    const id = next++;
    if (key !== null) numbered.set(key, id);
    const name = `${streaming ? "Stream" : "Batch"}${operatorName(op.text)}`;
    const block = detailLines(op, sink, streaming);
    if (block.length > 0) details.push([`[${id}] ${name}`, ...block].join("\n"));
    return [`${prefix}${name} [${id}]`, ...below];
  };

  const trees = plans.map((p) => visit(p.tree, p.sink, "", "  ").join("\n"));
  const sorted = details.map((d) => ({ d, id: Number(/^\[(\d+)\]/.exec(d)![1]) })).sort((a, b) => a.id - b.id);
  return ["== Physical Plan ==", "", trees.join("\n\n"), "", "== Physical Details ==", "", sorted.map((x) => x.d).join("\n\n")].join("\n");
}

/** The operator's name: its Flink text up to the first parenthesis (`Join` of `Join(joinType=...)`). */
function operatorName(text: string): string {
  const open = text.indexOf("(");
  return open < 0 ? text : text.slice(0, open);
}

/**
 * Operators whose text leaves out what tells two of them apart (a VALUES list's rows, an
 * UNNEST's array, the grouping sets of an Expand, a process table function's arguments, a
 * pattern), and sinks, which are never shared.
 */
const NEVER_REUSED = new Set(["Values", "Correlate", "Expand", "ProcessTableFunction", "Match", "Sink"]);

/**
 * What identifies `op`'s subtree for reuse, or null when it cannot be told from another: the
 * emulator keeps no expression text, so two operators printing `...` may differ.
 */
function reuseKey(op: PlanOperator): string | null {
  if (op.text.includes("...") || NEVER_REUSED.has(operatorName(op.text))) return null;
  const kids = op.children.map(reuseKey);
  if (kids.some((k) => k === null)) return null;
  return `${op.text}${op.mode ?? ""}(${kids.join(";")})`;
}

/** The changelog mode `op` produces: upserts where marked, else append for insert-only nodes, else retract. */
function modeOf(op: PlanOperator): "append" | "upsert" | "retract" {
  if (op.mode) return op.mode;
  return op.node.insertOnly ? "append" : "retract";
}

function backticked(parts: readonly string[]): string {
  return parts.map((p) => `\`${p}\``).join(".");
}

function keyText(node: PlanNode, cols: readonly number[]): string {
  return `(${cols.map((c) => node.fields[c]!.name).join(",")})`;
}

/**
 * The lines of `op`'s details block, empty when there is nothing to say: a stateless operator
 * passing appended rows on without a key. The lines keep Confluent's order (Table, Primary key,
 * Changelog mode, Upsert key, State size).
 */
function detailLines(op: PlanOperator, sink: SinkTarget | null, streaming: boolean): string[] {
  const name = operatorName(op.text);
  const lines: string[] = [];
  const scan = name === "TableSourceScan" && op.node.kind === "Scan" ? op.node : null;
  if (sink) lines.push(`Table: ${sink.table}`);
  if (scan) lines.push(`Table: ${backticked([scan.table.catalog.name, scan.table.database.name, scan.table.name])}`);
  if (scan?.table.primaryKey) lines.push(`Primary key: (${scan.table.primaryKey.columns.join(",")})`);
  if (!streaming) return lines;
  const mode = modeOf(op);
  const key = upsertKeyOf(op.node);
  const state = STATE_SIZES[sink ? "Sink" : name];
  if (lines.length === 0 && mode === "append" && !key && !state) return [];
  lines.push(`Changelog mode: ${mode}`);
  if (key && key.length > 0) lines.push(`Upsert key: ${keyText(op.node, key)}`);
  if (state) lines.push(`State size: ${state}`);
  return lines;
}
