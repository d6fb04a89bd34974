/**
 * Window functions over an aggregating query block, such as
 * `SELECT brand, COUNT(*) AS n, ROW_NUMBER() OVER (PARTITION BY brand ORDER BY COUNT(*) DESC)
 * FROM ... GROUP BY brand`: SQL evaluates the OVER functions after GROUP BY and HAVING, so
 * Calcite plans an aggregate and then the window over its rows. The planner handles one stage
 * per SELECT, so this module splits such a block into two, as the user could have written:
 *
 *   SELECT <items, each group key / aggregate replaced by its column>
 *   FROM (SELECT <group keys>, <aggregates> FROM ... WHERE ... GROUP BY ... HAVING ...)
 *
 * The split is purely syntactic (AST in, AST out). Blocks it cannot split faithfully (`*`,
 * grouping sets, GROUPING functions) are left alone and keep the planner's own error.
 */
import type * as ast from "../syntax/ast.ts";
import { fingerprint } from "./expr.ts";
import { validationError } from "./scope.ts";

/** The two-stage form of `s` (and its ORDER BY), or null when `s` needs no split or cannot be split. */
export function splitGroupedWindows(
  s: ast.Select,
  orderBy: readonly ast.OrderItem[],
  isAggregate: (name: string) => boolean,
): { select: ast.Select; orderBy: ast.OrderItem[] } | null {
  const exprItems = s.items.filter((i): i is ast.SelectExprItem => i.kind === "SelectExpr");
  if (!exprItems.some((i) => hasOver(i.expr))) return null;
  if (exprItems.length !== s.items.length) return null;
  if (s.groupBy?.some((g) => g.kind === "GroupingSets" || g.kind === "Rollup" || g.kind === "Cube")) return null;

  // Aggregates outside OVER, wherever the outer stage will need their value.
  const aggregates = new Map<string, ast.FunctionCall>();
  let grouping = false;
  const collect = (node: unknown): void =>
    visit(node, (node) => {
      if (node.kind !== "FunctionCall") return true;
      const x = node as ast.FunctionCall;
      const name = x.name.toUpperCase();
      if (name === "GROUPING" || name === "GROUPING_ID" || name === "GROUP_ID") grouping = true;
      if (x.over === null && isAggregate(name)) {
        aggregates.set(fingerprint(x), x);
        return false;
      }
      return true;
    });
  for (const i of exprItems) collect(i.expr);
  for (const o of orderBy) collect(o.expr);
  if (s.groupBy === null && aggregates.size === 0) return null;
  if (grouping) return null;

  const keys = (s.groupBy ?? []) as readonly ast.Expr[];
  const keyCols = new Map<string, string>();
  keys.forEach((k, i) => keyCols.set(fingerprint(k), `$g${i}`));
  const aggCols = new Map<string, string>();
  [...aggregates.keys()].forEach((fp, i) => aggCols.set(fp, `$a${i}`));

  // An unqualified name may stand for a qualified key (`brand` for GROUP BY p.brand), as Calcite resolves it.
  const byLastPart = new Map<string, string | null>();
  keys.forEach((k, i) => {
    if (k.kind !== "Identifier") return;
    const last = k.parts[k.parts.length - 1]!;
    byLastPart.set(last, byLastPart.has(last) ? null : `$g${i}`);
  });

  const at = (node: ast.NodeBase) => ({ pos: node.pos, end: node.end });
  const ref = (name: string, node: ast.NodeBase): ast.Identifier => ({ kind: "Identifier", parts: [name], ...at(node) });
  const substitute = (node: ast.Expr): ast.Expr =>
    replace(node, (x) => {
      const fp = fingerprint(x);
      const col = aggCols.get(fp) ?? keyCols.get(fp);
      if (col) return ref(col, x);
      if (x.kind === "Identifier") {
        const key = x.parts.length === 1 ? byLastPart.get(x.parts[0]!) : undefined;
        if (key) return ref(key, x);
        throw validationError(x, `Expression '${x.parts.join(".")}' is not being grouped`);
      }
      return undefined;
    });

  const innerItems: ast.SelectExprItem[] = [
    ...keys.map((k, i) => item(k, `$g${i}`)),
    ...[...aggregates.values()].map((a, i) => item(a, `$a${i}`)),
  ];
  const inner: ast.Select = { ...s, quantifier: null, items: innerItems, windows: [] };
  const query: ast.Query = { kind: "Query", with: [], body: inner, orderBy: [], limit: null, offset: null, ...at(s) };
  const from: ast.DerivedTable = { kind: "DerivedTable", lateral: false, query, alias: { kind: "TableAlias", name: "$grouped", columns: null, ...at(s) }, ...at(s) };

  // Output names stay those of the original items: a column keeps its name, an expression its ordinal.
  const outerItems = exprItems.map((i, n): ast.SelectExprItem => {
    const name = i.alias?.value ?? (i.expr.kind === "Identifier" ? i.expr.parts[i.expr.parts.length - 1]! : `EXPR$${n}`);
    return { ...i, expr: substitute(i.expr), alias: i.alias ?? { kind: "Name", value: name, ...at(i) } };
  });
  const outer: ast.Select = { ...s, items: outerItems, from, where: null, groupBy: null, having: null, windows: [] };
  // ORDER BY an output name or ordinal refers to the outer items as written; anything else is an
  // expression over the group, like the items.
  const outputNames = new Set(outerItems.map((i) => i.alias!.value));
  const byOutput = (e: ast.Expr) => (e.kind === "Identifier" && e.parts.length === 1 && outputNames.has(e.parts[0]!)) || e.kind === "NumericLiteral";
  return { select: outer, orderBy: orderBy.map((o) => (byOutput(o.expr) ? o : { ...o, expr: substitute(o.expr) })) };
}

function item(expr: ast.Expr, alias: string): ast.SelectExprItem {
  return { kind: "SelectExpr", expr, alias: { kind: "Name", value: alias, pos: expr.pos, end: expr.end }, pos: expr.pos, end: expr.end };
}

function hasOver(e: ast.Expr): boolean {
  let found = false;
  visit(e, (x) => {
    if (x.kind === "FunctionCall" && (x as ast.FunctionCall).over !== null) found = true;
    return !found;
  });
  return found;
}

/** Query-shaped nodes have a scope of their own: their names and aggregates are not this block's. */
const OWN_SCOPE = new Set(["Query", "Select", "SetOperation", "Values"]);

/** Visits every node with a `kind` (window specifications included), not entering subqueries. */
function visit(node: unknown, f: (x: { readonly kind: string }) => boolean): void {
  if (Array.isArray(node)) {
    for (const x of node) visit(x, f);
    return;
  }
  if (node === null || typeof node !== "object") return;
  const kind = (node as { kind?: unknown }).kind;
  if (typeof kind === "string") {
    if (OWN_SCOPE.has(kind)) return;
    if (!f(node as { kind: string })) return;
  }
  for (const [k, v] of Object.entries(node)) if (k !== "pos" && k !== "end") visit(v, f);
}

/**
 * A copy of `node` where `f` replaced what it returns a node for; `f` sees expressions top-down
 * (outside subqueries) and returns undefined to go on into the children. Window specifications
 * are entered, so `OVER (ORDER BY COUNT(*))` reads the aggregate's column too.
 */
function replace(node: ast.Expr, f: (x: ast.Expr) => ast.Expr | undefined): ast.Expr {
  const go = (x: unknown, asExpr: boolean): unknown => {
    if (Array.isArray(x)) return x.map((y) => go(y, asExpr));
    if (x === null || typeof x !== "object") return x;
    const kind = (x as { kind?: unknown }).kind;
    if (typeof kind === "string" && OWN_SCOPE.has(kind)) return x;
    if (asExpr && typeof kind === "string" && !NON_EXPRESSIONS.has(kind)) {
      const r = f(x as ast.Expr);
      if (r) return r;
    }
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) copy[k] = k === "pos" || k === "end" ? v : go(v, true);
    return copy;
  };
  return go(node, true) as ast.Expr;
}

/** Nodes inside expressions that are not expressions themselves (never replaced, only entered). */
const NON_EXPRESSIONS = new Set(["WindowSpec", "OrderItem", "WindowFrame", "FrameBound", "CaseWhen", "MapEntry", "JsonKeyValue", "JsonValueBehavior", "Name", "TypeName"]);
