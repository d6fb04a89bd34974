/**
 * The WINDOW clause: `SELECT SUM(x) OVER w ... WINDOW w AS (PARTITION BY k ORDER BY t)`, as
 * Calcite resolves it (SqlValidatorImpl.resolveWindow, SqlWindow.overlay) before any planning.
 * Each OVER that names a window is replaced by the window it names, so the planner only ever
 * sees complete window specifications.
 *
 * - `OVER w` is window w as declared, frame included.
 * - `OVER (w ORDER BY ... ROWS ...)` and `WINDOW w2 AS (w ...)` refine w (SQL:2003 7.11 rule 10):
 *   they may not repeat PARTITION BY, may add ORDER BY only when w has none, and w itself may not
 *   declare a frame.
 * - Names are unique within the clause; an unknown name, or windows that name each other in a
 *   cycle, fail validation.
 *
 * Only the SELECT list is rewritten: window functions may appear nowhere else in a query block,
 * and subqueries have their own WINDOW clause.
 */
import type * as ast from "../syntax/ast.ts";
import { validationError } from "./scope.ts";

/** The select with every named-window reference in its SELECT list replaced; `windows` emptied. */
export function inlineNamedWindows(s: ast.Select): ast.Select {
  const declared = new Map<string, ast.NamedWindow>();
  for (const w of s.windows) {
    if (declared.has(w.name)) throw validationError(w, "Duplicate window names not allowed");
    declared.set(w.name, w);
  }
  const resolved = new Map<string, ast.WindowSpec>();
  const resolving = new Set<string>();
  const byName = (name: string, at: ast.NodeBase): ast.WindowSpec => {
    const done = resolved.get(name);
    if (done) return done;
    const w = declared.get(name);
    if (!w) throw validationError(at, `Window '${name}' not found`);
    if (resolving.has(name)) throw validationError(w, `Window '${name}' references itself`);
    resolving.add(name);
    const spec = resolve(w.spec);
    resolving.delete(name);
    resolved.set(name, spec);
    return spec;
  };
  const resolve = (spec: ast.WindowSpec): ast.WindowSpec => {
    if (spec.name === null) return spec;
    const base = byName(spec.name, spec);
    const refines = spec.partitionBy.length > 0 || spec.orderBy.length > 0 || spec.frame !== null;
    if (!refines) return base;
    if (spec.partitionBy.length > 0) throw validationError(spec.partitionBy[0]!, "PARTITION BY not allowed with existing window reference");
    if (base.orderBy.length > 0 && spec.orderBy.length > 0) throw validationError(base.orderBy[0]!, "ORDER BY not allowed in both base and referenced windows");
    if (base.frame !== null) throw validationError(base.frame, "Referenced window cannot have framing declarations");
    return { ...spec, name: null, partitionBy: base.partitionBy, orderBy: spec.orderBy.length > 0 ? spec.orderBy : base.orderBy };
  };
  // Every declared window is validated, used or not, as Calcite validates the whole clause.
  for (const name of declared.keys()) byName(name, declared.get(name)!);
  const items = s.items.map((item) => (item.kind === "SelectExpr" ? { ...item, expr: rewrite(item.expr, resolve) as ast.Expr } : item));
  return { ...s, items, windows: [] };
}

/** Query-shaped nodes start a scope of their own: named windows do not reach inside. */
const OWN_SCOPE = new Set(["Query", "Select", "SetOperation", "Values"]);

/** A copy of `node` with each FunctionCall's named OVER resolved; untouched subtrees are shared. */
function rewrite(node: unknown, resolve: (spec: ast.WindowSpec) => ast.WindowSpec): unknown {
  if (Array.isArray(node)) {
    const out = node.map((x) => rewrite(x, resolve));
    return out.some((x, i) => x !== node[i]) ? out : node;
  }
  if (node === null || typeof node !== "object") return node;
  const kind = (node as { kind?: unknown }).kind;
  if (typeof kind !== "string" || OWN_SCOPE.has(kind)) return node;
  let changed = false;
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    const r = k === "over" && kind === "FunctionCall" && v !== null ? resolve(v as ast.WindowSpec) : rewrite(v, resolve);
    if (r !== v) changed = true;
    copy[k] = r;
  }
  return changed ? copy : node;
}
