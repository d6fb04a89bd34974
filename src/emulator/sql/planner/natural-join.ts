/**
 * NATURAL JOIN's column list. Calcite (SqlValidatorUtil.deriveNaturalJoinColumnList) joins on the
 * columns whose name occurs exactly once on each side, in the left side's order; a name that
 * occurs twice on a side is silently left out of the condition rather than rejected. With no such
 * column the join has no condition (a cross join, as the SQL standard says). The list is then
 * planned exactly as `USING (...)`, so `*` shows each common column once, merged.
 */
import type * as ast from "../syntax/ast.ts";
import type { Scope } from "./scope.ts";

export function naturalJoinColumns(join: ast.Join, left: Scope, right: Scope): ast.Name[] {
  const names = (s: Scope): string[] => s.starCols().map((c) => c.name);
  const count = (list: readonly string[], name: string): number => list.filter((n) => n === name).length;
  const l = names(left);
  const r = names(right);
  return l.filter((n) => count(l, n) === 1 && count(r, n) === 1).map((value) => ({ kind: "Name", value, pos: join.pos, end: join.end }));
}
