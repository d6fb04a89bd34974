/**
 * A join's `where` and `select` as Flink's join nodes print them, streaming (Join, IntervalJoin,
 * WindowJoin) and batch (HashJoin, NestedLoopJoin) alike.
 */
import type { JoinNode, PlanNode, TemporalJoinNode } from "./planner/plan.ts";
import { joinTypeName } from "./join-type-names.ts";

/** The column names of a join's combined row (left ++ right), a name taken before made unique as Calcite does (`id0`). */
export function joinedNames(n: { readonly left: PlanNode; readonly right: PlanNode }): string[] {
  const both = [...n.left.fields, ...n.right.fields];
  const taken = new Set<string>();
  return both.map((f) => {
    let name = f.name;
    for (let i = 0; taken.has(name); i++) name = `${f.name}${i}`;
    taken.add(name);
    return name;
  });
}

/** The equi-join key pairs (left column, right column) when every key is a plain column, else null. */
export function keyPairs(n: JoinNode): Array<readonly [number, number]> | null {
  const l = n.leftKeyCols;
  const r = n.rightKeyCols;
  if (!l || !r || l.length !== n.leftKeys.length || r.length !== n.rightKeys.length) return null;
  return l.map((c, i) => [c, r[i]!] as const);
}

/** Whether the key pair equates window_start or window_end of both sides (a window join's window keys). */
export function isWindowKey(n: JoinNode, [l, r]: readonly [number, number]): boolean {
  const w = n.left.fields[l]!.window;
  return (w === "start" || w === "end") && w === n.right.fields[r]!.window;
}

/**
 * A join's `where`: its equi-join keys over the combined row's names (`IS NOT DISTINCT FROM`
 * for a set operation's null-safe keys), `...` for what the emulator keeps no text of (other
 * conditions, expression keys, an interval join's time bounds), `true` for none; ANDed.
 */
export function joinCondition(n: JoinNode, pairs: Array<readonly [number, number]> | null, more: boolean): string {
  const all = joinedNames(n);
  const w = n.left.fields.length;
  const conds: string[] = [];
  if (pairs) for (const [l, r] of pairs) conds.push(`${n.nullSafe ? "IS NOT DISTINCT FROM" : "="}(${all[l]}, ${all[w + r]})`);
  else conds.push("...");
  if (n.residual || more) conds.push("...");
  if (conds.length === 0) return "true";
  return conds.length === 1 ? conds[0]! : `AND(${conds.join(", ")})`;
}

/** A join's output names: a semi / anti join's is its left input, the others' the combined row. */
export function joinOutputs(n: JoinNode): string[] {
  return n.joinKind === "SEMI" || n.joinKind === "ANTI" ? n.left.fields.map((f) => f.name) : joinedNames(n);
}

/** Flink's JoinInputSideSpec of one input: whether it has a unique key, and whether the join key contains it. */
function inputSpec(side: PlanNode, keyCols: readonly number[] | undefined): string {
  const key = side.upsertKey;
  if (!key || key.length === 0) return "NoUniqueKey";
  return keyCols && key.every((c) => keyCols.includes(c)) ? "JoinKeyContainsUniqueKey" : "HasUniqueKey";
}

/**
 * A regular join as StreamPhysicalJoin describes itself (EXPLAIN, and the node Flink names in
 * planner messages): type, condition, output and each input's unique-key spec.
 */
export function joinDescription(n: JoinNode): string {
  const pairs = keyPairs(n);
  const where = joinCondition(n, pairs === null && n.leftKeys.length > 0 ? null : (pairs ?? []), false);
  const specs = `leftInputSpec=[${inputSpec(n.left, n.leftKeyCols)}], rightInputSpec=[${inputSpec(n.right, n.rightKeyCols)}]`;
  return `Join(joinType=[${joinTypeName(n.joinKind)}], where=[${where}], select=[${joinOutputs(n).join(", ")}], ${specs})`;
}

/**
 * An event-time temporal join's `where` as Flink prints it: the key equalities, `...` for other
 * conditions, then Flink's `__TEMPORAL_JOIN_CONDITION(left time, right rowtime, primary key,
 * left keys, right keys)`.
 */
export function temporalCondition(n: TemporalJoinNode): string {
  const all = joinedNames(n);
  const w = n.left.fields.length;
  const pairs = n.keyCols;
  const conds: string[] = pairs ? pairs.map(([l, r]) => `=(${all[l]}, ${all[w + r]})`) : ["..."];
  if (n.residual) conds.push("...");
  if (n.timeCols && n.primaryKeyCols) {
    const right = (cols: readonly number[]) => cols.map((c) => all[w + c]).join(", ");
    const keys = pairs ? `, __TEMPORAL_JOIN_LEFT_KEY(${pairs.map(([l]) => all[l]).join(", ")}), __TEMPORAL_JOIN_RIGHT_KEY(${right(pairs.map(([, r]) => r))})` : "";
    conds.push(`__TEMPORAL_JOIN_CONDITION(${all[n.timeCols[0]]}, ${all[w + n.timeCols[1]]}, __TEMPORAL_JOIN_CONDITION_PRIMARY_KEY(${right(n.primaryKeyCols)})${keys})`);
  }
  return conds.length === 1 ? conds[0]! : `AND(${conds.join(", ")})`;
}
