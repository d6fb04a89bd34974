/**
 * How Flink's planner names a plan node in "X doesn't support consuming update and delete
 * changes which is produced by node N" (FlinkChangelogModeInferenceProgram: N is the first node
 * below X that produces the changes; nodes that only forward them, such as a Calc or a window
 * table function, are looked through).
 */
import type { PlanNode } from "./plan.ts";
import { groupAggregateDescription } from "../explain-batch.ts";
import { joinDescription } from "../explain-join.ts";

/** Flink's detailed description of `n` (RelNode#getRelDetailedDescription), as far as the emulator knows it. */
export function nodeDescription(n: PlanNode): string {
  const names = n.fields.filter((f) => !f.hidden).map((f) => f.name);
  switch (n.kind) {
    case "Aggregate":
      return groupAggregateDescription(n);
    case "Join":
      return joinDescription(n);
    case "Rank":
      return `Rank(select=[${names.join(", ")}])`;
    case "Scan":
      // An upsert source is normalised by a ChangelogNormalize keyed by the primary key.
      if (n.upsertKey) return `ChangelogNormalize(key=[${n.upsertKey.map((i) => n.fields[i]!.name).join(", ")}])`;
      return `TableSourceScan(table=[[${n.table.catalog.name}, ${n.table.database.name}, ${n.table.name}]], fields=[${names.join(", ")}])`;
    default:
      return `${n.kind}(select=[${names.join(", ")}])`;
  }
}

/** The node that produces the updates reaching `n`, looking through nodes that only forward them. */
export function updatingProducer(n: PlanNode): PlanNode {
  let cur = n;
  while ((cur.kind === "Filter" || cur.kind === "Project" || cur.kind === "WindowTvf" || cur.kind === "Unnest" || cur.kind === "Expand") && !cur.input.insertOnly) {
    cur = cur.input;
  }
  return cur;
}

/**
 * The change kinds beyond inserts that `producer` emits, as Flink words them: a group aggregate
 * over an append-only input updates but never deletes; other updating nodes may do both.
 */
function changeKinds(producer: PlanNode): string {
  if (producer.kind === "Aggregate" && producer.input.insertOnly) return "update";
  return "update and delete";
}

/** Flink's TableException text for `requester` (a physical node name) over the updating `input`. */
export function updatesNotSupported(requester: string, input: PlanNode): string {
  const producer = updatingProducer(input);
  return `${requester} doesn't support consuming ${changeKinds(producer)} changes which is produced by node ${nodeDescription(producer)}`;
}
