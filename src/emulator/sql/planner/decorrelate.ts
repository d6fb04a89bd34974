/**
 * Subqueries in WHERE and in expressions, planned as joins the way Flink's planner decorrelates
 * them (FlinkSubQueryRemoveRule with SubQueryDecorrelator for IN / EXISTS in a filter, Calcite's
 * RelDecorrelator for scalar subqueries):
 *
 * - `[NOT] EXISTS (q)` and `x IN (q)` become semi / anti joins; equality correlations
 *   `inner = outer` in q's WHERE become join keys, q then projects their inner sides; other
 *   correlated conjuncts (`o.amount > c.limit`) become the join's condition.
 * - `x NOT IN (q)` is FlinkSubQueryRemoveRule's NULL-aware anti join on
 *   `(x = y OR (x = y) IS NULL)` plus the correlations: a row goes when some correlated row of q
 *   equals it or compares UNKNOWN (a NULL on either side), so a NULL in q (or a NULL x against
 *   a non-empty q) drops the row, as SQL's three-valued NOT IN requires.
 * - A scalar `(q)` becomes a LEFT JOIN with q grouped on its (equality) correlation keys: an
 *   aggregate without GROUP BY is grouped on them, anything else is wrapped in SINGLE_VALUE
 *   (more than one row for an outer row fails at run time). Calcite's "count bug" fix gives an
 *   outer row without matches the aggregate over no rows (COUNT 0, not NULL).
 *
 * Other correlations (non-equality in scalar or aggregating subqueries, in the subquery's
 * SELECT list, several levels out) fail with `unsupported()` naming the case.
 */
import { EngineError } from "../../engine.ts";
import type * as ast from "../syntax/ast.ts";
import type { Row } from "../runtime/values.ts";
import { compareValues } from "../runtime/values.ts";
import type { RowFn } from "../runtime/dataflow.ts";
import { splitConjuncts, walk } from "./ast-walk.ts";
import type { CExpr, ExprCompiler } from "./expr.ts";
import type { AggCallPlan, Field, PlanNode } from "./plan.ts";
import { unsupported, validationError } from "./scope.ts";
import type { Scope } from "./scope.ts";
import { leastRestrictive, withNullable } from "./types.ts";
import { joinOutputField, planWindowJoin } from "./window-join.ts";
import type { KeyColumns } from "./window-join.ts";

/** A relation being planned: its node and the names it exposes. */
export interface Rel {
  node: PlanNode;
  scope: Scope;
}

/** What decorrelation needs from the SELECT planner. */
export interface SubqueryHost {
  readonly snapshot: boolean;
  /** Plan a subquery with `outer` as its enclosing scope. */
  plan(q: ast.Query, outer: Scope): { node: PlanNode; fields: Field[] };
  /** The columns a subquery's FROM exposes (to tell its own columns from outer ones). */
  fromScope(q: ast.Query, s: ast.Select, outer: Scope): Scope;
  compiler(scope: Scope, clause: string): ExprCompiler;
  isAggregate(name: string): boolean;
}

/** `inner = outer` in a subquery's WHERE. */
interface Correlation {
  readonly inner: ast.Expr;
  readonly outer: ast.Expr;
}

/**
 * Another correlated WHERE conjunct of a semi / anti join's subquery (`o.amount > c.limit`):
 * it becomes the join's residual condition, reading the subquery's columns it names (`refs`,
 * projected by the subquery after the correlation keys).
 */
interface JoinCondition {
  readonly expr: ast.Expr;
  readonly refs: readonly ast.Identifier[];
}

interface Decorrelated {
  /**
   * The subquery without its correlations. Its last columns are the correlations' inner sides,
   * then the subquery columns the join conditions read.
   */
  readonly query: ast.Query;
  readonly correlations: readonly Correlation[];
  readonly conditions: readonly JoinCondition[];
  /**
   * q aggregated without GROUP BY and is now grouped on exactly the correlation keys: one row
   * per key, and none for an outer row without matches where q had its one row over no input
   * (see {@link emptyGroupValue}).
   */
  readonly ungroupedAggregate: boolean;
}

type Use = "EXISTS" | "IN" | "NOT IN" | "scalar";

/** Which sides an expression reads: the subquery's own columns, the outer query's. */
function sides(e: ast.Expr, inner: Scope, outer: Scope): { inner: boolean; outer: boolean } {
  const found = { inner: false, outer: false };
  walk(e, (x) => {
    if (x.kind !== "Identifier") return;
    if (inner.lookup(x.parts, x)) found.inner = true;
    else if (outer.lookup(x.parts, x)) found.outer = true;
    else found.inner = true; // unknown: its own "not found" error comes when the subquery is planned
  });
  return found;
}

function decorrelate(host: SubqueryHost, q: ast.Query, outer: Scope, use: Use): Decorrelated {
  const plain = { query: q, correlations: [], conditions: [], ungroupedAggregate: false };
  // Set operations and VALUES: an outer reference fails where it is compiled.
  if (q.body.kind !== "Select") return plain;
  const s = q.body;
  const inner = host.fromScope(q, s, outer);
  const readsOuter = (e: ast.Expr) => sides(e, inner, outer).outer;
  const rest: ast.Expr[] = [];
  const correlations: Correlation[] = [];
  const conditions: JoinCondition[] = [];
  for (const cj of splitConjuncts(s.where)) {
    if (!readsOuter(cj)) {
      rest.push(cj);
      continue;
    }
    if (cj.kind === "Binary" && cj.op === "=") {
      const l = sides(cj.left, inner, outer);
      const r = sides(cj.right, inner, outer);
      if (l.inner && !l.outer && r.outer && !r.inner) {
        correlations.push({ inner: cj.left, outer: cj.right });
        continue;
      }
      if (r.inner && !r.outer && l.outer && !l.inner) {
        correlations.push({ inner: cj.right, outer: cj.left });
        continue;
      }
    }
    // A semi / anti join checks any other correlated conjunct on each pair of rows, as Flink's
    // SubQueryDecorrelator puts it into the join condition; a scalar subquery's join cannot.
    if (use === "scalar") throw unsupported(cj, "correlated scalar subqueries with a correlation other than an equality inner.col = outer.col ANDed into the subquery's WHERE");
    let nested = false;
    const refs: ast.Identifier[] = [];
    walk(cj, (x) => {
      if (x.kind === "Exists" || x.kind === "InSubquery" || x.kind === "ScalarSubquery") nested = true;
      if (x.kind === "Identifier" && inner.lookup(x.parts, x)) refs.push(x);
    });
    if (nested) throw unsupported(cj, "a subquery inside a correlated condition of a subquery");
    conditions.push({ expr: cj, refs });
  }
  for (const it of s.items) if (it.kind === "SelectExpr" && readsOuter(it.expr)) throw unsupported(it.expr, "correlation in a subquery's SELECT list");
  for (const g of s.groupBy ?? []) {
    if (g.kind !== "GroupingSets" && g.kind !== "Rollup" && g.kind !== "Cube" && readsOuter(g as ast.Expr)) throw unsupported(g, "correlation in a subquery's GROUP BY");
  }
  if (s.having && readsOuter(s.having)) throw unsupported(s.having, "correlation in a subquery's HAVING");
  if (correlations.length === 0 && conditions.length === 0) return plain;

  if (q.limit || q.offset) throw unsupported(q.limit ?? q.offset, "LIMIT / OFFSET in a correlated subquery");
  let aggregates = s.having !== null || s.groupBy?.length === 0;
  for (const it of s.items) {
    if (it.kind === "SelectExpr") walk(it.expr, (x) => {
      if (x.kind === "FunctionCall" && x.over === null && host.isAggregate(x.name.toUpperCase())) aggregates = true;
      if (x.kind === "JsonObjectAgg" || x.kind === "JsonArrayAgg") aggregates = true;
    });
  }
  const grouped = s.groupBy !== null && s.groupBy.length > 0;
  // The condition filters q's rows before aggregation; the join would see only the groups.
  if (conditions.length > 0 && (grouped || aggregates)) throw unsupported(conditions[0]!.expr, "a correlation other than an equality in an aggregating subquery");
  const innerKeys = correlations.map((c) => c.inner);
  const names = new ColumnNamer(use === "EXISTS" ? [] : s.items);
  const keyItems: ast.SelectExprItem[] = innerKeys.map((e) => ({ kind: "SelectExpr", expr: e, alias: { kind: "Name", value: names.next(e), pos: e.pos, end: e.end }, pos: e.pos, end: e.end }));
  let groupBy = s.groupBy;
  if (grouped) groupBy = [...s.groupBy!, ...innerKeys];
  else if (aggregates) {
    // An aggregate without GROUP BY yields one row even over no input; grouped on the
    // correlation keys it yields none. A scalar subquery makes up for that with the aggregate's
    // value over no rows, IN when that value is NULL (it never makes IN true); EXISTS (always
    // true) and NOT IN (a NULL drops the row) would need that row itself.
    const what = `correlated ${use === "scalar" ? "scalar" : use} subquery`;
    if (use === "EXISTS" || use === "NOT IN") throw unsupported(s, `${what} that aggregates without GROUP BY`);
    if (s.having) throw unsupported(s.having, `${what} that aggregates without GROUP BY and has a HAVING clause`);
    const item = s.items.length === 1 ? s.items[0]! : null;
    // Over no rows these give '{}' / '[]', which the join cannot make up the way it does NULL.
    if (item?.kind === "SelectExpr" && (item.expr.kind === "JsonObjectAgg" || item.expr.kind === "JsonArrayAgg")) throw unsupported(item.expr, `${what} over JSON_OBJECTAGG / JSON_ARRAYAGG without GROUP BY`);
    const call = item?.kind === "SelectExpr" && item.expr.kind === "FunctionCall" && item.expr.over === null && host.isAggregate(item.expr.name.toUpperCase());
    if (!call) throw unsupported(s, `${what} whose SELECT item is an expression over aggregates (only a single aggregate call)`);
    groupBy = innerKeys;
  }
  const refItems: ast.SelectExprItem[] = conditions.flatMap((c) => c.refs).map((e) => ({ kind: "SelectExpr", expr: e, alias: { kind: "Name", value: names.next(e), pos: e.pos, end: e.end }, pos: e.pos, end: e.end }));
  const items = [...(use === "EXISTS" ? [] : s.items), ...keyItems, ...refItems];
  const where = rest.reduce<ast.Expr | null>((acc, e) => (acc ? { kind: "Binary", op: "AND", left: acc, right: e, pos: acc.pos, end: e.end } : e), null);
  const body: ast.Select = { ...s, items, where, groupBy };
  return { query: { ...q, body, orderBy: [] }, correlations, conditions, ungroupedAggregate: groupBy === innerKeys && innerKeys.length > 0 };
}

/**
 * Names for the columns a decorrelated subquery adds (its correlation keys and the columns its
 * other correlated conditions read), as Flink's plans show them: a column keeps its own name,
 * an expression is `$f<position>`, and a name already taken gets Flink's `0`, `1`, ... suffix
 * (Calcite's SqlValidatorUtil.uniquify), so EXPLAIN reads `win_start=[window_start]` rather
 * than an internal alias. Only the join reads these columns, by position.
 */
class ColumnNamer {
  readonly #taken = new Set<string>();
  #position: number;

  constructor(items: readonly ast.SelectItem[]) {
    for (const it of items) {
      if (it.kind !== "SelectExpr") continue;
      const name = it.alias?.value ?? (it.expr.kind === "Identifier" ? it.expr.parts[it.expr.parts.length - 1]! : null);
      if (name !== null) this.#taken.add(name.toLowerCase());
    }
    this.#position = items.length;
  }

  next(e: ast.Expr): string {
    const base = e.kind === "Identifier" ? e.parts[e.parts.length - 1]! : `$f${this.#position}`;
    this.#position++;
    let name = base;
    for (let i = 0; this.#taken.has(name.toLowerCase()); i++) name = `${base}${i}`;
    this.#taken.add(name.toLowerCase());
    return name;
  }
}

function column(i: number, type: Field["type"]): CExpr {
  return { type, fn: (row: Row) => row[i], refs: new Set([i]), constant: false, column: i };
}

/** Join keys of the correlations: outer expressions against the subquery's trailing columns. */
function correlationKeys(host: SubqueryHost, rel: Rel, d: Decorrelated, fields: readonly Field[], first: number): JoinKeys {
  const oc = host.compiler(rel.scope, "WHERE");
  const keys: JoinKeys = { left: [], right: [], leftCols: [], rightCols: [], pairs: [] };
  d.correlations.forEach((c, i) => {
    const lt = oc.compile(c.outer);
    const rt = column(first + i, fields[first + i]!.type);
    const common = leastRestrictive([lt.type, rt.type], "correlation");
    const l = oc.coerce(lt, common);
    const r = oc.coerce(rt, common);
    keys.left.push(l.fn);
    keys.right.push(r.fn);
    if (l.column !== undefined) keys.leftCols.push(l.column);
    if (r.column !== undefined) keys.rightCols.push(r.column);
    keys.pairs.push([l.column, r.column]);
  });
  return keys;
}

/**
 * The join conditions over the joined row (outer row ++ subquery row): outer columns read
 * where the outer scope has them, the subquery columns they name from `at` on.
 */
function joinConditions(host: SubqueryHost, rel: Rel, d: Decorrelated, fields: readonly Field[], at: number): ((row: Row) => boolean) | null {
  if (d.conditions.length === 0) return null;
  const refs = new Map<ast.Expr, CExpr>();
  let i = 0;
  for (const c of d.conditions) {
    for (const id of c.refs) {
      refs.set(id, column(at + i, fields[at - rel.node.fields.length + i]!.type));
      i++;
    }
  }
  const c = host.compiler(rel.scope, "WHERE").with({ substitute: (e) => refs.get(e) });
  const preds = d.conditions.map((cond) => {
    const x = c.compile(cond.expr);
    if (x.type.type !== "BOOLEAN" && x.type.type !== "NULL") throw validationError(cond.expr, "WHERE clause must be a condition");
    return x.fn;
  });
  return (row) => preds.every((p) => p(row) === true);
}

/** Equi-join keys, and the plain columns among them (for upsert-key derivation, plan.ts). */
interface JoinKeys {
  left: RowFn[];
  right: RowFn[];
  leftCols: number[];
  rightCols: number[];
  /** Each key's plain column on either side (window join detection). */
  pairs: KeyColumns[];
}

/**
 * `[NOT] EXISTS (q)`, `x [NOT] IN (q)` as a WHERE conjunct: a semi join (anti join for the
 * negations) of `rel` with q on the correlation keys (and the IN operands, except NOT IN).
 */
export function planSemiJoin(host: SubqueryHost, rel: Rel, q: ast.Query, operand: ast.Expr | null, negated: boolean, at: ast.Expr): Rel {
  const d = decorrelate(host, q, rel.scope, operand ? (negated ? "NOT IN" : "IN") : "EXISTS");
  const r = host.plan(d.query, rel.scope);
  if (d.ungroupedAggregate && emptyGroupValue(r.node, q) !== null) {
    throw unsupported(q, "correlated IN subquery over an aggregate without GROUP BY that is not NULL over no rows (COUNT)");
  }
  const nref = d.conditions.reduce((n, c) => n + c.refs.length, 0);
  const first = r.fields.length - d.correlations.length - nref;
  const keys = correlationKeys(host, rel, d, r.fields, first);
  const lw = rel.node.fields.length;
  const conditions = joinConditions(host, rel, d, r.fields, lw + first + d.correlations.length);
  let residual: ((row: Row) => boolean) | null = conditions;
  if (operand) {
    const ops = operand.kind === "RowConstructor" ? operand.fields : [operand];
    if (ops.length !== first) throw validationError(at, `Values passed to IN operator must have compatible types`);
    const c = host.compiler(rel.scope, "WHERE");
    const pairs = ops.map((o, i) => {
      const lt = c.compile(o);
      const common = leastRestrictive([lt.type, r.fields[i]!.type], "IN");
      // For NOT IN the right value is read from the joined row (left ++ right) by the residual.
      const rt = column(negated ? lw + i : i, r.fields[i]!.type);
      const left = c.coerce(lt, common);
      // NOT IN on two NOT NULL values is a plain equality (Calcite simplifies the IS NULL away),
      // so it is a join key, read on the right side's own row: a window anti join can key on
      // window_start / window_end this way.
      const equi = !negated || (!lt.type.nullable && !r.fields[i]!.type.nullable);
      const right = c.coerce(negated && equi ? column(i, r.fields[i]!.type) : rt, common);
      return { left: left.fn, right: right.fn, equi, columns: [left.column, right.column === undefined ? undefined : i] as KeyColumns };
    });
    for (const p of pairs) {
      if (!p.equi) continue;
      keys.left.push(p.left);
      keys.right.push(p.right);
      keys.pairs.push(p.columns);
    }
    const nullAware = pairs.filter((p) => !p.equi);
    if (nullAware.length > 0) {
      // Each pair x = y OR (x = y) IS NULL, ANDed: no pair compares FALSE (UNKNOWN matches).
      residual = (row) => {
        if (conditions && !conditions(row)) return false;
        for (const p of nullAware) {
          const a = p.left(row);
          const b = p.right(row);
          if (a === null || a === undefined || b === null || b === undefined) continue;
          if (compareValues(a, b) !== 0) return false;
        }
        return true;
      };
    }
  }
  const kind = negated ? "ANTI" : "SEMI";
  // Keyed on window_start and window_end of the same windows it is a window semi / anti join:
  // streaming emits each left row once, when its window fires (append-only).
  const { windowJoin, spec: window } = planWindowJoin(rel.node, r.node, keys.pairs, host.snapshot);
  const node: PlanNode = {
    kind: "Join",
    joinKind: kind,
    left: rel.node,
    right: r.node,
    leftKeys: keys.left,
    rightKeys: keys.right,
    // The key columns EXPLAIN names (a semi / anti join's upsert keys are its left input's).
    leftKeyCols: keys.pairs.flatMap(([l]) => (l === undefined ? [] : [l])),
    rightKeyCols: keys.pairs.flatMap(([, r]) => (r === undefined ? [] : [r])),
    residual,
    ...(window ? { window } : {}),
    // Only a window semi / anti join keeps window properties (FlinkRelMdWindowProperties), so
    // GROUP BY window_start, window_end over any other is a group aggregation. (Its time
    // attributes are kept, as before: when Flink materialises them is left unsettled here.)
    fields: rel.node.fields.map((f) => joinOutputField(f, f.type, true, windowJoin)),
    // Flink's FlinkChangelogModeInferenceProgram: a semi join forwards its inputs' changes; an
    // anti join retracts a left row when its first match arrives (the emulator's too, in batch),
    // unless it is a window join, which decides once per window.
    insertOnly: (kind === "SEMI" || window !== null) && rel.node.insertOnly && r.node.insertOnly,
    upsertKey: rel.node.upsertKey,
    bounded: rel.node.bounded && r.node.bounded,
  };
  return { node, scope: rel.scope };
}

/**
 * A scalar subquery: `rel` LEFT JOIN (q grouped on its correlation keys, SINGLE_VALUE of its
 * one column); the value is appended as a hidden column (a scalar subquery adds no column to
 * `*`). The value's type is nullable, as Calcite types every scalar subquery.
 */
export function planScalarSubquery(host: SubqueryHost, rel: Rel, sq: ast.ScalarSubquery): { rel: Rel; value: CExpr } {
  const d = decorrelate(host, sq.query, rel.scope, "scalar");
  const r = host.plan(d.query, rel.scope);
  const nk = d.correlations.length;
  if (r.fields.length - nk !== 1) throw validationError(sq, "Scalar subquery must return exactly one column");
  const type = withNullable(r.fields[0]!.type, true);
  // The right side: q itself when it is an aggregate grouped on exactly the correlation keys
  // (one row per key: [value, keys...]), otherwise SINGLE_VALUE of q per key ([keys..., value]).
  const one = d.ungroupedAggregate;
  const right = one ? r.node : singleValuePerKey(host, r.node, r.fields, type, nk);
  const keyAt = one ? 1 : 0;
  const valueAt = one ? 0 : nk;
  const keys = correlationKeys(host, rel, d, right.fields, keyAt);
  const lw = rel.node.fields.length;
  const at = lw + valueAt;
  const node: PlanNode = {
    kind: "Join",
    joinKind: "LEFT",
    left: rel.node,
    right,
    leftKeys: keys.left,
    rightKeys: keys.right,
    residual: null,
    leftKeyCols: keys.leftCols,
    rightKeyCols: keys.rightCols,
    // The joined-in columns are hidden: a scalar subquery adds no column to `*`.
    fields: [...rel.node.fields, ...right.fields.map((f, i) => ({ name: `$scalar${lw + i}`, type: withNullable(f.type, true), hidden: true }))],
    insertOnly: false,
    upsertKey: null,
    bounded: rel.node.bounded && right.bounded,
  };
  // Calcite's count-bug fix: an outer row without matches gets the aggregate over no rows.
  const empty = one ? emptyGroupValue(r.node, sq) : null;
  const value: CExpr = {
    type,
    fn: (row) => {
      const v = row[at];
      if (v === SEVERAL_ROWS) throw severalRows();
      // A matched value is never NULL-padded; the padding is the only null on a `one` side's key.
      return empty !== null && row[lw + keyAt] === null ? empty : v;
    },
    refs: new Set([at]),
    constant: false,
  };
  const hidden = node.fields.slice(lw).map((f, i) => ({ qualifier: "$scalar", name: f.name, type: f.type, index: lw + i, field: f }));
  return { rel: { node, scope: rel.scope.extend(hidden) }, value };
}

/**
 * What an aggregate without GROUP BY yields over no rows (COUNT's 0, NULL for most others):
 * read off the grouped plan's one aggregate call, whose fresh accumulator has seen no rows.
 */
function emptyGroupValue(node: PlanNode, at: ast.NodeBase): unknown {
  const agg = node.kind === "Project" ? node.input : node;
  if (agg.kind !== "Aggregate" || agg.calls.length !== 1) throw unsupported(at, "this correlated aggregate subquery");
  const v = agg.calls[0]!.create().value();
  return v === undefined ? null : v;
}

/**
 * SINGLE_VALUE of q's first column grouped on its trailing `nk` key columns. Calcite's
 * decorrelation feeds SINGLE_VALUE only the correlation values the outer query has, so a key
 * with several inner rows fails only when an outer row meets it: a correlated SINGLE_VALUE
 * marks such a key and reading the mark fails. Uncorrelated, it fails at once.
 */
function singleValuePerKey(host: SubqueryHost, input: PlanNode, fields: readonly Field[], type: Field["type"], nk: number): PlanNode {
  const deferred = nk > 0;
  const single: AggCallPlan = { name: "SINGLE_VALUE", type, create: () => singleValue(deferred), args: [(row) => row[0]] };
  const keyFields = fields.slice(1);
  return {
    kind: "Aggregate",
    input,
    keys: keyFields.map((_, i) => (row: Row) => row[1 + i]),
    calls: [single],
    fields: [...keyFields.map((f) => ({ name: f.name, type: f.type })), { name: fields[0]!.name, type }],
    insertOnly: host.snapshot && input.bounded,
    upsertKey: keyFields.map((_, i) => i),
    bounded: input.bounded,
  };
}

/** The SINGLE_VALUE of a correlation key with several rows (see planScalarSubquery). */
const SEVERAL_ROWS: unique symbol = Symbol("SINGLE_VALUE of several rows");

/** Flink's runtime error for a scalar subquery with several rows (SingleValueAggFunction). */
function severalRows(): EngineError {
  return new EngineError("SingleValueAggFunction received more than one element.", "org.apache.flink.table.api.TableRuntimeException");
}

/** SINGLE_VALUE: a scalar subquery's value; more than one row fails (or is marked, `deferred`). */
function singleValue(deferred: boolean): { add(a: unknown[]): void; retract(a: unknown[]): void; value(): unknown } {
  const values: unknown[] = [];
  return {
    add(a) {
      values.push(a[0]);
    },
    retract(a) {
      const i = values.findIndex((v) => v === a[0] || compareValues(v, a[0]) === 0);
      if (i >= 0) values.splice(i, 1);
    },
    value() {
      if (values.length > 1) {
        if (deferred) return SEVERAL_ROWS;
        throw severalRows();
      }
      return values.length === 0 ? null : values[0];
    },
  };
}
