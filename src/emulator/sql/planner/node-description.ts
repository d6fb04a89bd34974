/**
 * Flink's plan node texts, for the "<operator> doesn't support consuming update changes which is
 * produced by node <node>" errors of operators that only read append-only inputs
 * (FlinkChangelogModeInferenceProgram). Approximations of Flink's RelNode descriptions: the
 * operator name and the visible columns.
 */
import type { PlanNode } from "./plan.ts";

/** The node's text, e.g. `GroupAggregate(groupBy=[b], select=[b, n])`, `ChangelogNormalize(key=[id])`. */
export function nodeDescription(n: PlanNode): string {
  const names = n.fields.filter((f) => !f.hidden).map((f) => f.name);
  switch (n.kind) {
    case "Aggregate":
      return `GroupAggregate(groupBy=[${names.slice(0, n.keys.length).join(", ")}], select=[${names.join(", ")}])`;
    case "Join":
      return `Join(joinType=[${n.joinKind}], select=[${names.join(", ")}])`;
    case "Rank":
      return `Rank(select=[${names.join(", ")}])`;
    default:
      return `${n.kind}(select=[${names.join(", ")}])`;
  }
}

/**
 * The node an updating input's changes come from, as Flink names it: a primary-key table is read
 * through ChangelogNormalize (keyed by the primary key); filters and projections pass changes on.
 */
export function changeProducerDescription(n: PlanNode): string {
  if (n.kind === "Scan" && n.upsertKey) return `ChangelogNormalize(key=[${n.upsertKey.map((i) => n.fields[i]!.name).join(", ")}])`;
  if ((n.kind === "Filter" || n.kind === "Project") && !n.input.insertOnly) return changeProducerDescription(n.input);
  return nodeDescription(n);
}
