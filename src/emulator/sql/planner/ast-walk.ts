/**
 * Traversal helpers over expression ASTs shared by the SELECT planner and the subquery
 * decorrelation: conjunct splitting and a visitor that stays inside one query level.
 */
import type * as ast from "../syntax/ast.ts";

/** `a AND b AND c` -> [a, b, c]; null -> []. */
export function splitConjuncts(e: ast.Expr | null): ast.Expr[] {
  if (!e) return [];
  if (e.kind === "Binary" && e.op === "AND") return [...splitConjuncts(e.left), ...splitConjuncts(e.right)];
  return [e];
}

/** Visit an expression tree without entering subqueries; `f` returning false skips the children. */
export function walk(e: ast.Expr, f: (e: ast.Expr) => boolean | void): void {
  if (f(e) === false) return;
  for (const v of Object.values(e)) {
    if (v && typeof v === "object") {
      if (Array.isArray(v)) {
        for (const x of v) if (x && typeof x === "object" && "kind" in x) visitAny(x as { kind: string }, f);
      } else if ("kind" in v) visitAny(v as { kind: string }, f);
    }
  }
}

function visitAny(x: { kind: string }, f: (e: ast.Expr) => boolean | void): void {
  if (x.kind === "Query" || x.kind === "WindowSpec") return;
  if (x.kind === "CaseWhen" || x.kind === "MapEntry" || x.kind === "JsonKeyValue" || x.kind === "OrderItem" || x.kind === "JsonValueBehavior") {
    for (const v of Object.values(x)) if (v && typeof v === "object" && !Array.isArray(v) && "kind" in v) visitAny(v as { kind: string }, f);
    return;
  }
  if (x.kind === "Pos") return;
  walk(x as ast.Expr, f);
}
