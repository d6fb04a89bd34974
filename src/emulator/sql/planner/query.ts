/**
 * Query analysis: AST queries -> typed logical plans (plan.ts). Name resolution over FROM
 * items (tables, views, CTEs, derived tables, window TVFs, joins), `*` expansion, Flink's
 * default column names (EXPR$n), GROUP BY (with grouping sets) / HAVING / aggregates, window aggregation,
 * DISTINCT, ORDER BY / LIMIT / OFFSET (Top-N), ROW_NUMBER Top-N and deduplication,
 * UNION [ALL], VALUES and subqueries (IN / NOT IN / EXISTS in WHERE, scalar; correlated ones
 * with equality correlations are decorrelated into joins by decorrelate.ts), MATCH_RECOGNIZE
 * (match-recognize.ts).
 * Anything else fails with an EngineError naming the feature and its position.
 */
import type { LogicalType } from "../../../types/model.ts";
import { EngineError } from "../../engine.ts";
import { scanRowBuilder } from "./scan-row.ts";
import type { Catalogs, TableDef, ViewDef } from "../catalog.ts";
import type { RowFn, RowPredicate } from "../runtime/dataflow.ts";
import type { JoinKind } from "../runtime/join.ts";
import type { SortKey, Row } from "../runtime/values.ts";
import { compareValues, rowComparator, eventTimeMillis } from "../runtime/values.ts";
import type { WindowKind, WindowSpec } from "../runtime/window.ts";
import { CHANGELOG_PTFS, changelogPtfArgs, planFromChangelog, planToChangelog } from "./changelog-ptf.ts";
import { SESSION_ARGS, checkSessionGroupKeys, rejectPartitionedRowTvf, sessionSpec } from "./session-window.ts";
import type { RankType } from "../runtime/rank.ts";
import type * as ast from "../syntax/ast.ts";
import { ExprCompiler, exprText, fingerprint } from "./expr.ts";
import { splitConjuncts, walk } from "./ast-walk.ts";
import { planScalarSubquery, planSemiJoin } from "./decorrelate.ts";
import { splitGroupedWindows } from "./grouped-windows.ts";
import { intervalCondition } from "./interval-join.ts";
import { joinOutputField, planWindowJoin } from "./window-join.ts";
import type { KeyColumns } from "./window-join.ts";
import { naturalJoinColumns } from "./natural-join.ts";
import { inlineNamedWindows } from "./named-windows.ts";
import { planStreamingLeadLag } from "./streaming-lag.ts";
import { planMatchRecognize } from "./match-recognize.ts";
import type { SubqueryHost } from "./decorrelate.ts";
import { infoSchemaTable } from "../metadata.ts";
import type { CExpr } from "./expr.ts";
import type { EvalContextLike, FunctionsApi } from "./functions-api.ts";
import type { AggCallPlan, Field, IntervalJoinSpec, PlanNode, QueryPlan, RankNode, WatermarkSlot } from "./plan.ts";
import { planBatchOverWindow, planDistribution, planLeadLag, windowOrderComparator } from "./batch-over.ts";
import { groupAggregateContext, literalArgument, overAggregateContext } from "./aggregate-context.ts";
import { GROUPING_FUNCTIONS, expandGrouping, groupIdValues, groupingValues } from "./grouping-sets.ts";
import { updatesNotSupported } from "./node-description.ts";
import { Scope, tableException, unsupported, validationError } from "./scope.ts";
import { JSON_AGG_ORIGIN, jsonAggregateCall } from "./json-aggregates.ts";
import { isSourceWatermark, usedSlot, watermarkSlot } from "./watermark.ts";
import type { ScopeCol } from "./scope.ts";
import { T, flinkResultType, leastRestrictive, typeName, withNullable } from "./types.ts";
import { TABLE_EXCEPTION } from "../syntax/errors.ts";

/** Everything analysis needs about the statement and the engine. */
export interface AnalyzerEnv {
  readonly catalogs: Catalogs;
  readonly props: Readonly<Record<string, string>>;
  readonly fns: FunctionsApi;
  readonly ctx: EvalContextLike;
  readonly sql: string;
  readonly localTimeZone: string;
  readonly snapshot: boolean;
}

/** A relation in FROM: its plan and the scope it exposes. */
interface Rel {
  node: PlanNode;
  scope: Scope;
}

/**
 * WHERE conjuncts that the joins under a SELECT may take as their own condition, as Flink's
 * FlinkFilterJoinRule pushes them: `FROM a, b WHERE a.id = b.id` then runs as a hash join on
 * `id` (not a cross product filtered afterwards), and a BETWEEN over both sides' time
 * attributes makes it an interval join. A join adds what it takes to `taken`; the WHERE filter
 * leaves those out (it still compiles them all, so its errors are unchanged).
 */
interface JoinPushdown {
  readonly candidates: readonly ast.Expr[];
  readonly taken: Set<ast.Expr>;
}

interface CteDef {
  readonly cte: ast.CommonTableExpr;
  readonly ctes: Map<string, CteDef>;
}

function isTrue(v: unknown): boolean {
  return v === true;
}

function project(input: PlanNode, exprs: readonly CExpr[], fields: Field[], watermark?: WatermarkSlot): PlanNode {
  // Upsert key survives when every key column is projected as a plain column.
  let upsertKey: number[] | null = null;
  if (input.upsertKey) {
    const mapped = input.upsertKey.map((k) => exprs.findIndex((e) => e.column === k));
    if (mapped.every((i) => i >= 0)) upsertKey = mapped;
  }
  const fns = exprs.map((e) => e.fn);
  const identity = exprs.length === input.fields.length && exprs.every((e, i) => e.column === i);
  // Only a true no-op may reuse the input: a projection that lists a hidden column (the
  // ROW_NUMBER of a Rank node, say) makes it visible, so a later `SELECT *` must see it.
  if (identity && fields.every((f, i) => f.name === input.fields[i]!.name && !f.hidden === !input.fields[i]!.hidden)) return input;
  return {
    kind: "Project",
    input,
    columns: exprs.map((e) => e.column ?? -1),
    exprs: fns.map((f) => (row: Row) => {
      const v = f(row);
      return v === undefined ? null : v;
    }),
    fields,
    insertOnly: input.insertOnly,
    upsertKey,
    bounded: input.bounded,
    ...(watermark ? { watermark } : {}),
  };
}

function filter(input: PlanNode, pred: RowPredicate, watermark?: WatermarkSlot): PlanNode {
  return { kind: "Filter", input, pred, fields: input.fields, insertOnly: input.insertOnly, upsertKey: input.upsertKey, bounded: input.bounded, ...(watermark ? { watermark } : {}) };
}

/** Calcite makes duplicate output names unique by appending 0, 1, ... */
export function uniquify(names: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const n of names) {
    let name = n;
    for (let i = 0; seen.has(name); i++) name = `${n}${i}`;
    seen.add(name);
    out.push(name);
  }
  return out;
}

function literalInt(e: ast.Expr | null, what: string): number | null {
  if (!e) return null;
  if (e.kind !== "NumericLiteral" || e.approximate || e.text.includes(".")) {
    throw validationError(e, `${what} must be a non-negative integer literal`);
  }
  return Number(e.text);
}

export class QueryAnalyzer {
  constructor(readonly env: AnalyzerEnv) {}

  compiler(scope: Scope, patch: Partial<ConstructorParameters<typeof ExprCompiler>[0]> = {}): ExprCompiler {
    return new ExprCompiler({
      scope,
      fns: this.env.fns,
      ctx: this.env.ctx,
      sql: this.env.sql,
      localTimeZone: this.env.localTimeZone,
      ...patch,
    });
  }

  /** Analyze a top-level query. */
  analyzeTop(q: ast.Query): QueryPlan {
    const r = this.#query(q, null, new Map(), true);
    // A ROW_NUMBER that reaches the result is output.
    for (const c of r.columns) if (c.rank) c.rank.rowNumberUsed = true;
    if (!this.env.snapshot) {
      rejectUnboundedNumbering(r.root);
      rejectUpdatingWindowRanks(r.root);
    }
    return { ...r, columns: r.columns.map((c) => ({ ...c, type: flinkResultType(c.type) })) };
  }

  /** Analyze a nested query to a node and output fields. */
  subquery(q: ast.Query, outer: Scope | null, ctes: Map<string, CteDef>): { node: PlanNode; fields: Field[] } {
    const r = this.#query(q, outer, ctes, false);
    return { node: r.root, fields: r.columns };
  }

  #query(q: ast.Query, outer: Scope | null, parentCtes: Map<string, CteDef>, top: boolean): QueryPlan {
    let ctes = parentCtes;
    if (q.with.length > 0) {
      ctes = new Map(parentCtes);
      for (const c of q.with) ctes.set(c.name, { cte: c, ctes: new Map(ctes) });
    }
    const limit = literalInt(q.limit, "LIMIT");
    const offset = literalInt(q.offset, "OFFSET") ?? 0;
    let node: PlanNode;
    let visible: number;
    let sortKeys: SortKey[] = [];
    if (q.body.kind === "Select") {
      const r = this.#select(q.body, outer, ctes, q.orderBy);
      node = r.node;
      visible = r.visible;
      sortKeys = r.sortKeys;
    } else {
      const b = this.#body(q.body, outer, ctes);
      node = b.node;
      visible = b.fields.length;
      if (q.orderBy.length > 0) sortKeys = this.#orderByOutput(q.orderBy, b.fields);
    }
    if (sortKeys.length > 0 && (limit !== null || offset > 0)) {
      node = this.#topN(node, sortKeys, offset, limit ?? Infinity);
    } else if (sortKeys.length > 0) {
      if (!top) sortKeys = []; // ORDER BY without LIMIT in a subquery has no effect (Calcite drops it)
      else if (!this.env.snapshot && !node.bounded) {
        const first = sortKeys[0]!;
        if (!node.fields[first.index]!.timeAttr || first.descending) {
          throw new EngineError("Sort on a non-time-attribute field is not supported.", TABLE_EXCEPTION);
        }
      }
    } else if ((limit !== null || offset > 0) && !node.insertOnly && (this.env.snapshot || node.bounded)) {
      // Batch LIMIT applies to the input's final rows (an upsert table's current state): a
      // Top-N with no order keeps any N of them through the changelog's retractions.
      node = this.#topN(node, [], offset, limit ?? Infinity);
    } else if (limit !== null || offset > 0) {
      if (!node.insertOnly) throw unsupported(q.limit ?? q.offset, "LIMIT/OFFSET without ORDER BY over an updating input");
      node = {
        kind: "Limit",
        input: node,
        offset,
        limit: limit ?? Infinity,
        fields: node.fields,
        insertOnly: true,
        upsertKey: null,
        bounded: node.bounded,
      };
    }
    let fields = node.fields.slice(0, visible);
    // A top-level query keeps hidden ORDER BY columns for the final sort; output trims them.
    if (visible < node.fields.length && !top) {
      const exprs: CExpr[] = fields.map((f, i) => ({ type: f.type, fn: (r: Row) => r[i], refs: new Set([i]), constant: false, column: i }));
      const keep = node;
      node = project(keep, exprs, fields);
      fields = node.fields;
    }
    return { root: node, columns: fields, sort: top ? sortKeys : [], offset, limit: limit ?? Infinity };
  }

  #topN(input: PlanNode, keys: SortKey[], offset: number, limit: number): RankNode {
    return {
      kind: "Rank",
      input,
      partition: [],
      partitionCols: [],
      compare: rowComparator(keys),
      offset,
      limit,
      rowNumberUsed: false,
      hasRowNumber: false,
      rankType: "ROW_NUMBER",
      orderByTime: false,
      sortKeys: keys,
      fields: input.fields,
      insertOnly: input.bounded && input.insertOnly && this.env.snapshot,
      upsertKey: null,
      bounded: input.bounded,
    };
  }

  #orderByOutput(items: readonly ast.OrderItem[], fields: Field[]): SortKey[] {
    return items.map((it) => {
      let index = -1;
      if (it.expr.kind === "NumericLiteral") index = Number(it.expr.text) - 1;
      else if (it.expr.kind === "Identifier") {
        const name = it.expr.parts[it.expr.parts.length - 1]!;
        index = fields.findIndex((f) => f.name === name);
      }
      if (index < 0 || index >= fields.length) throw validationError(it.expr, `Column '${exprText(this.env.sql, it.expr)}' not found in ORDER BY`);
      const descending = it.direction === "DESC";
      return { index, descending, nullsFirst: it.nulls ? it.nulls === "FIRST" : !descending };
    });
  }

  #body(b: ast.QueryBody, outer: Scope | null, ctes: Map<string, CteDef>): { node: PlanNode; fields: Field[] } {
    switch (b.kind) {
      case "Query":
        return this.subquery(b, outer, ctes);
      case "Select": {
        const r = this.#select(b, outer, ctes, []);
        return { node: r.node, fields: r.node.fields.slice(0, r.visible) };
      }
      case "Values":
        return this.#values(b, outer);
      case "SetOperation":
        return this.#setOp(b, outer, ctes);
    }
  }

  #values(v: ast.Values, outer: Scope | null): { node: PlanNode; fields: Field[] } {
    const c = this.compiler(new Scope([], outer), { clause: "VALUES" });
    const rows = v.rows.map((r) => r.map((e) => c.compile(e)));
    const width = rows[0]!.length;
    for (const r of rows) if (r.length !== width) throw validationError(v, "Values passed to VALUES operator must have compatible types");
    const types: LogicalType[] = [];
    for (let i = 0; i < width; i++) types.push(leastRestrictive(rows.map((r) => r[i]!.type), "VALUES"));
    const fns = rows.map((r) => r.map((e, i) => c.coerce(e, types[i]!).fn));
    const fields: Field[] = types.map((t, i) => ({ name: `EXPR$${i}`, type: t }));
    return { node: { kind: "Values", rows: fns, fields, insertOnly: true, upsertKey: null, bounded: true }, fields };
  }

  #setOp(s: ast.SetOperation, outer: Scope | null, ctes: Map<string, CteDef>): { node: PlanNode; fields: Field[] } {
    if (s.op !== "UNION" && s.all) throw unsupported(s, `${s.op} ALL`);
    const l = this.#body(s.left, outer, ctes);
    const r = this.#body(s.right, outer, ctes);
    if (l.fields.length !== r.fields.length) {
      throw validationError(s, `Column count mismatch in ${s.op}`);
    }
    const types = l.fields.map((f, i) => leastRestrictive([f.type, r.fields[i]!.type], "UNION"));
    const fields: Field[] = l.fields.map((f, i) => ({ name: f.name, type: types[i]! }));
    const c = this.compiler(new Scope([], outer));
    const conform = (side: { node: PlanNode; fields: Field[] }): PlanNode => {
      const exprs = side.fields.map((f, i) => c.coerce({ type: f.type, fn: (row: Row) => row[i], refs: new Set([i]), constant: false, column: i }, types[i]!));
      return project(side.node, exprs, fields);
    };
    const inputs = [conform(l), conform(r)];
    if (s.op !== "UNION") {
      // INTERSECT / EXCEPT (distinct): DISTINCT left, semi / anti join on all columns, NULLs equal.
      const left = this.#distinct(inputs[0]!);
      const keys = fields.map((_, i) => (row: Row) => row[i]);
      const node: PlanNode = {
        kind: "Join",
        joinKind: s.op === "INTERSECT" ? "SEMI" : "ANTI",
        left,
        right: inputs[1]!,
        leftKeys: keys,
        rightKeys: keys,
        // Every column is a key (EXPLAIN's `IS NOT DISTINCT FROM` pairs).
        leftKeyCols: fields.map((_, i) => i),
        rightKeyCols: fields.map((_, i) => i),
        residual: null,
        nullSafe: true,
        fields,
        // EXCEPT retracts left rows when a matching right row arrives, even in batch mode.
        insertOnly: s.op === "INTERSECT" && this.env.snapshot && left.bounded && inputs[1]!.bounded,
        upsertKey: null,
        bounded: left.bounded && inputs[1]!.bounded,
      };
      return { node, fields };
    }
    let node: PlanNode = {
      kind: "Union",
      inputs,
      fields,
      insertOnly: inputs.every((i) => i.insertOnly),
      upsertKey: null,
      bounded: inputs.every((i) => i.bounded),
    };
    if (!s.all) node = this.#distinct(node);
    return { node, fields };
  }

  #distinct(input: PlanNode): PlanNode {
    const keys = input.fields.map((_, i) => (row: Row) => row[i]);
    return {
      kind: "Aggregate",
      input,
      keys,
      calls: [],
      fields: input.fields.map((f) => ({ name: f.name, type: f.type })),
      insertOnly: this.env.snapshot && input.bounded,
      upsertKey: input.fields.map((_, i) => i),
      bounded: input.bounded,
    };
  }

  // -------------------------------------------------------------------------------------------
  // FROM

  #from(t: ast.TableRef, outer: Scope | null, ctes: Map<string, CteDef>, pushdown: JoinPushdown | null = null): Rel {
    switch (t.kind) {
      case "NamedTable":
        return this.#named(t, outer, ctes);
      case "DerivedTable": {
        if (t.lateral) throw unsupported(t, "LATERAL subqueries");
        const r = this.subquery(t.query, outer, ctes);
        return this.#aliased(r.node, r.fields, t.alias, null, t);
      }
      case "TableFunction":
        return this.#tableFunction(t, outer, ctes);
      case "Unnest":
        throw unsupported(t, "UNNEST");
      case "Join":
        return this.#join(t, outer, ctes, pushdown);
      case "MatchRecognize": {
        const input = this.#from(t.input, outer, ctes);
        const m = planMatchRecognize(this, t, input);
        const node: PlanNode = { kind: "MatchRecognize", input: input.node, spec: m.spec, text: m.text, fields: m.fields, insertOnly: true, upsertKey: null, bounded: input.node.bounded };
        return this.#aliased(node, m.fields, t.alias, null, t);
      }
    }
  }

  #aliased(node: PlanNode, fields: Field[], alias: ast.TableAlias | null, defaultQualifier: string | null, at: ast.NodeBase): Rel {
    let fs = fields;
    if (alias?.columns) {
      if (alias.columns.length !== fields.length) {
        throw validationError(at, `List of column aliases must have same degree as table; table has ${fields.length} columns, whereas alias list has ${alias.columns.length} columns`);
      }
      fs = fields.map((f, i) => ({ ...f, name: alias.columns![i]!.value }));
      node = { ...node, fields: fs } as PlanNode;
    }
    const q = alias?.name ?? defaultQualifier;
    return { node, scope: new Scope(fs.map((f, i) => ({ qualifier: q, name: f.name, type: f.type, index: i, field: f }))) };
  }

  #named(t: ast.NamedTable, outer: Scope | null, ctes: Map<string, CteDef>, temporal = false): Rel {
    if (t.systemTime && !temporal) throw unsupported(t.systemTime, "FOR SYSTEM_TIME AS OF outside the right side of a JOIN");
    const parts = t.name.parts;
    if (parts.length === 1 && ctes.has(parts[0]!)) {
      const def = ctes.get(parts[0]!)!;
      const r = this.subquery(def.cte.query, outer, def.ctes);
      let fields = r.fields;
      if (def.cte.columns) {
        if (def.cte.columns.length !== fields.length) throw validationError(def.cte, `Number of columns must match number of query columns`);
        fields = fields.map((f, i) => ({ ...f, name: def.cte.columns![i]!.value }));
      }
      const node = fields === r.fields ? r.node : ({ ...r.node, fields } as PlanNode);
      return this.#aliased(node, fields, t.alias, parts[0]!, t);
    }
    const obj = this.resolveObject(t.name);
    if (obj.kind === "view") {
      const r = this.viewPlan(obj);
      return this.#aliased(r.node, r.fields, t.alias, obj.name, t);
    }
    const node = this.scan(obj);
    return this.#aliased(node, node.fields, t.alias, obj.name, t);
  }

  resolveObject(name: ast.ObjectName): TableDef | ViewDef {
    const parts = name.parts;
    if (parts.length >= 2 && parts[parts.length - 2] === "INFORMATION_SCHEMA") {
      const catName = parts.length === 3 ? parts[0]! : this.env.props["sql.current-catalog"];
      const cat = catName ? this.env.catalogs.findCatalog(catName) : undefined;
      if (!cat) throw validationError(name, `Catalog '${catName ?? ""}' does not exist.`);
      const t = infoSchemaTable(this.env.catalogs, cat, parts[parts.length - 1]!);
      if (!t) throw validationError(name, `Object '${parts[parts.length - 1]}' not found within '${cat.name}.INFORMATION_SCHEMA'`);
      return t;
    }
    const path = this.env.catalogs.resolvePath(name.parts, this.env.props);
    const obj = this.env.catalogs.lookup(path);
    if (!obj) {
      throw validationError(name, `Object '${path.name}' not found within '${path.catalog.name}.${path.database.name}'`);
    }
    return obj;
  }

  viewPlan(v: ViewDef): { node: PlanNode; fields: Field[] } {
    const sub = new QueryAnalyzer({ ...this.env, sql: v.queryText, props: { ...this.env.props, "sql.current-catalog": v.catalog.name, "sql.current-database": v.database.name } });
    const r = sub.subquery(v.query, null, new Map());
    if (v.columnNames) {
      const fields = r.fields.map((f, i) => ({ ...f, name: v.columnNames![i] ?? f.name }));
      return { node: { ...r.node, fields } as PlanNode, fields };
    }
    return r;
  }

  /** Scan of a table: declared columns (computed ones evaluated), then the hidden `$rowtime`. */
  scan(t: TableDef): PlanNode {
    const stored = t.columns.filter((c) => c.kind !== "computed");
    const storedScope = Scope.of(stored.map((c) => ({ name: c.name, type: c.type })), null);
    const comp = this.compiler(storedScope);
    const computed = new Map<string, RowFn>();
    for (const c of t.columns) if (c.kind === "computed") computed.set(c.name, comp.compile(c.expr!).fn);
    const hasRowtimeCol = t.columns.some((c) => c.name === "$rowtime");
    const timeCol = t.watermark?.column ?? "$rowtime";
    const fields: Field[] = t.columns.map((c) => ({ name: c.name, type: c.type, timeAttr: c.name === timeCol }));
    if (!hasRowtimeCol) fields.push({ name: "$rowtime", type: T.timestampLtz(3, false), hidden: true, timeAttr: timeCol === "$rowtime" });
    const projectRow = scanRowBuilder(t.columns, computed, !hasRowtimeCol);
    let watermark: { fromRow: (row: Row) => number | null } | null = null;
    if (t.watermark && isSourceWatermark(t.watermark.expr)) {
      // Confluent's default strategy (planner/watermark.ts): the clock on $rowtime, else ascending.
      const ci = fields.findIndex((f) => f.name === t.watermark!.column);
      if (t.watermark.column !== "$rowtime") {
        watermark = {
          fromRow: (row) => {
            const ms = eventTimeMillis(row[ci]);
            return ms === null ? null : ms - 1;
          },
        };
      }
    } else if (t.watermark) {
      const wmScope = Scope.of(fields, null);
      const wm = this.compiler(wmScope).compile(t.watermark.expr).fn;
      watermark = { fromRow: (row) => eventTimeMillis(wm(row)) };
    }
    const mode = t.options["changelog.mode"];
    let upsertKey: number[] | null = null;
    if (t.primaryKey && mode !== "append" && (mode === "upsert" || mode === "retract" || mode === undefined)) {
      upsertKey = t.primaryKey.columns.map((n) => fields.findIndex((f) => f.name === n));
    }
    return {
      kind: "Scan",
      table: t,
      project: projectRow,
      watermark,
      fields,
      insertOnly: upsertKey === null,
      upsertKey,
      bounded: t.bounded === true,
    };
  }

  #tableFunction(t: ast.TableFunctionRef, outer: Scope | null, ctes: Map<string, CteDef>): Rel {
    const call = t.call;
    const name = call.name.toUpperCase();
    if (CHANGELOG_PTFS.has(name)) {
      const args = changelogPtfArgs(name, call);
      const input = this.#tableArgument(args.get("input") as ast.TableArgument, outer, ctes);
      const p = name === "FROM_CHANGELOG" ? planFromChangelog(call, args, input.node) : planToChangelog(call, args, input.node, this.env.snapshot);
      const node: PlanNode = { kind: "ChangelogPtf", input: input.node, spec: p.spec, fields: p.fields, insertOnly: p.insertOnly, upsertKey: p.upsertKey, bounded: input.node.bounded };
      return this.#aliased(node, p.fields, t.alias, null, t);
    }
    if (name !== "TUMBLE" && name !== "HOP" && name !== "CUMULATE" && name !== "SESSION") {
      // A name no catalog knows, called with plain values: Calcite's lookup fails first, as for
      // any call (`FROM foo(1)` -> "No match found for function signature foo(...)").
      const plain = call.args.every((a) => a.kind !== "TableArgument" && a.kind !== "Descriptor" && a.kind !== "NamedArgument");
      if (plain && !this.env.fns.lookupScalar(name) && !this.env.fns.lookupAggregate(name)) {
        const c = this.compiler(new Scope([]), { clause: "FROM" });
        c.callCompiled(call.name, call.args.map((a) => c.compile(a)), call);
      }
      throw unsupported(t, `table function '${call.name}'`);
    }
    const named = new Map<string, ast.Expr>();
    const positional: ast.Expr[] = [];
    for (const a of call.args) {
      if (a.kind === "NamedArgument") named.set(a.name.toUpperCase(), a.value);
      else positional.push(a);
    }
    const order: readonly string[] =
      name === "SESSION" ? SESSION_ARGS : name === "TUMBLE" ? ["DATA", "TIMECOL", "SIZE", "OFFSET"] : name === "HOP" ? ["DATA", "TIMECOL", "SLIDE", "SIZE", "OFFSET"] : ["DATA", "TIMECOL", "STEP", "SIZE", "OFFSET"];
    positional.forEach((a, i) => {
      if (i < order.length) named.set(order[i]!, a);
    });
    const data = named.get("DATA");
    const timecol = named.get("TIMECOL");
    if (!data || data.kind !== "TableArgument") throw validationError(call, `${name} expects a table argument: ${name}(TABLE t, DESCRIPTOR(time_col), ...)`);
    if (!timecol || timecol.kind !== "Descriptor" || timecol.columns.length !== 1) throw validationError(call, `${name} expects DESCRIPTOR(time_col) as its second argument`);
    if (name !== "SESSION") rejectPartitionedRowTvf(name, data);
    const input = this.#tableArgument(data, outer, ctes);
    const colName = timecol.columns[0]!.value;
    const timeIndex = input.node.fields.findIndex((f) => f.name === colName);
    if (timeIndex < 0) throw validationError(timecol, `Column '${colName}' not found in any table`);
    const tf = input.node.fields[timeIndex]!;
    // Batch (snapshot) mode windows any TIMESTAMP / TIMESTAMP_LTZ column (Confluent docs,
    // "Window Aggregation"); streaming needs an event-time attribute.
    const batchTime = this.env.snapshot && (tf.type.type === "TIMESTAMP_WITHOUT_TIME_ZONE" || tf.type.type === "TIMESTAMP_WITH_LOCAL_TIME_ZONE");
    if (!tf.timeAttr && !batchTime) {
      throw validationError(timecol, `The window function requires the timecol is a time attribute type, but is ${typeName(tf.type)}.`);
    }
    const interval = (key: string, required: boolean): number => {
      const e = named.get(key);
      if (!e) {
        if (required) throw validationError(call, `${name} is missing its ${key} argument`);
        return 0;
      }
      const c = this.compiler(new Scope([], outer)).compile(e);
      if (c.type.type !== "INTERVAL_DAY_TIME" || !c.constant) throw validationError(e, `${key} of ${name} must be a day-time INTERVAL literal`);
      return c.fn([]) as number;
    };
    const ltz = tf.type.type === "TIMESTAMP_WITH_LOCAL_TIME_ZONE";
    // Flink's batch window table function has no unaligned windows (BatchExecWindowTableFunction).
    if (name === "SESSION" && this.env.snapshot) throw tableException("Unaligned windows like session are not supported in batch mode yet.");
    // Flink's StreamPhysicalWindowTableFunction forwards its input's changes (FlinkChangelogModeInferenceProgram
    // treats it as transparent); a window aggregation then consumes them (FLINK-20281), while window
    // Top-N / deduplication / join reject them. The session assigner merges windows per partition
    // and has no retraction here, so an updating input to SESSION stays unsupported.
    if (name === "SESSION" && !input.node.insertOnly) throw unsupported(t, "SESSION window TVF over an updating input");
    const spec = name === "SESSION" ? sessionSpec(call, data, input.node.fields, (key) => interval(key, true)) : this.#alignedWindow(call, name, interval);
    const fields: Field[] = [
      ...input.node.fields.map((f) => ({ ...f, timeAttr: false })),
      { name: "window_start", type: T.timestamp(3, false), window: "start" },
      { name: "window_end", type: T.timestamp(3, false), window: "end" },
      { name: "window_time", type: ltz ? T.timestampLtz(3, false) : T.timestamp(3, false), window: "time", timeAttr: true },
    ];
    const node: PlanNode = {
      kind: "WindowTvf",
      input: input.node,
      spec,
      timeIndex,
      ltz,
      fields,
      insertOnly: input.node.insertOnly,
      // A row may fall into several windows (HOP, CUMULATE), so the input's key is no key here.
      upsertKey: null,
      bounded: input.node.bounded,
    };
    return this.#aliased(node, fields, t.alias, null, t);
  }

  /** The relation of a `TABLE t` / `TABLE (query)` argument. */
  #tableArgument(data: ast.TableArgument, outer: Scope | null, ctes: Map<string, CteDef>): Rel {
    if (data.name) {
      const fake: ast.NamedTable = { kind: "NamedTable", name: data.name, hints: [], systemTime: null, alias: null, pos: data.pos, end: data.end };
      return this.#named(fake, outer, ctes);
    }
    const r = this.subquery(data.query!, outer, ctes);
    return this.#aliased(r.node, r.fields, null, null, data);
  }

  /** TUMBLE / HOP / CUMULATE: windows aligned to the epoch (plus offset), one set per row time. */
  #alignedWindow(call: ast.FunctionCall, name: string, interval: (key: string, required: boolean) => number): WindowSpec {
    const size = interval("SIZE", true);
    const step = name === "TUMBLE" ? size : interval(name === "HOP" ? "SLIDE" : "STEP", true);
    const offsetMs = interval("OFFSET", false);
    if (size <= 0 || step <= 0) throw validationError(call, `Window size and slide/step must be positive`);
    if (name === "CUMULATE" && size % step !== 0) throw validationError(call, `CUMULATE window requires size must be an integral multiple of step, but got size ${size} ms and step ${step} ms.`);
    if (name === "HOP" && size % step !== 0) throw validationError(call, `HOP window requires size must be an integral multiple of slide, but got size ${size} ms and slide ${step} ms.`);
    return { kind: name as WindowKind, sizeMs: size, stepMs: step, offsetMs };
  }

  #unnest(j: ast.Join, u: ast.UnnestRef, outer: Scope | null, ctes: Map<string, CteDef>, pushdown: JoinPushdown | null): Rel {
    const isTrueOn = j.on === null || (j.on.kind === "BooleanLiteral" && j.on.value);
    if (!(j.joinType === "CROSS" || ((j.joinType === "INNER" || j.joinType === "LEFT") && isTrueOn && !j.using)) || !isTrueOn) {
      throw unsupported(j, "UNNEST other than CROSS JOIN UNNEST / LEFT JOIN UNNEST ... ON TRUE");
    }
    // The left side is never padded with NULLs, so a join inside it may take WHERE conjuncts.
    const l = this.#from(j.left, outer, ctes, pushdown);
    const c = this.compiler(l.scope, { clause: "UNNEST" });
    const args = u.args.map((a) => c.compile(a));
    const cols: Field[] = [];
    const expanders: Array<(v: unknown) => Row[]> = [];
    const widths: number[] = [];
    args.forEach((a, ai) => {
      const t = a.type;
      const before = cols.length;
      if (t.type === "ARRAY" || t.type === "MULTISET") {
        const et = t.elementType;
        if (et.type === "ROW") {
          for (const f of et.fields) cols.push({ name: f.name, type: withNullable(f.type, true) });
          expanders.push((v) => {
            const out: Row[] = [];
            const items = t.type === "ARRAY" ? (v as Row[]) : [...(v as Map<unknown, number>)].flatMap(([e, n]) => new Array<unknown>(n).fill(e));
            for (const e of items) out.push(e === null ? et.fields.map(() => null) : (e as Row).slice());
            return out;
          });
        } else {
          cols.push({ name: `EXPR$${cols.length}`, type: et });
          expanders.push((v) => (t.type === "ARRAY" ? (v as unknown[]).map((e) => [e]) : [...(v as Map<unknown, number>)].flatMap(([e, n]) => new Array<Row>(n).fill([e]))));
        }
      } else if (t.type === "MAP") {
        cols.push({ name: `EXPR$${cols.length}`, type: t.keyType }, { name: `EXPR$${cols.length + 1}`, type: t.valueType });
        expanders.push((v) => [...(v as Map<unknown, unknown>)].map(([k, x]) => [k, x]));
      } else {
        throw validationError(u.args[ai]!, `UNNEST argument must be an ARRAY, MAP or MULTISET, but is ${typeName(t)}`);
      }
      widths.push(cols.length - before);
    });
    if (u.withOrdinality) cols.push({ name: "ORDINALITY", type: T.int(false) });
    if (u.alias?.columns) {
      if (u.alias.columns.length !== cols.length) throw validationError(u.alias, `List of column aliases must have same degree as table; table has ${cols.length} columns, whereas alias list has ${u.alias.columns.length} columns`);
      u.alias.columns.forEach((n, i) => (cols[i] = { ...cols[i]!, name: n.value }));
    }
    const fns = args.map((a) => a.fn);
    const ord = u.withOrdinality;
    const expand = (row: Row): Row[] => {
      // Several arguments are zipped; the shortest pads with NULL as in Calcite.
      const lists = fns.map((f, i) => {
        const v = f(row);
        return v === null || v === undefined ? [] : expanders[i]!(v);
      });
      const n = Math.max(0, ...lists.map((x) => x.length));
      const out: Row[] = [];
      for (let k = 0; k < n; k++) {
        const r: Row = [];
        lists.forEach((list, i) => {
          r.push(...(list[k] ?? new Array<unknown>(widths[i]!).fill(null)));
        });
        if (ord) r.push(k + 1);
        out.push(r);
      }
      return out;
    };
    const lw = l.node.fields.length;
    const outerJoin = j.joinType === "LEFT";
    const fields = [...l.node.fields, ...cols.map((f) => (outerJoin ? { ...f, type: withNullable(f.type, true) } : f))];
    const node: PlanNode = {
      kind: "Unnest",
      input: l.node,
      expand,
      outer: outerJoin,
      width: cols.length,
      fields,
      insertOnly: l.node.insertOnly,
      upsertKey: null,
      bounded: l.node.bounded,
    };
    const q = u.alias?.name ?? null;
    return {
      node,
      scope: l.scope.extend(cols.map((f, i) => ({ qualifier: q, name: f.name, type: fields[lw + i]!.type, index: lw + i, field: fields[lw + i]! })), outer),
    };
  }

  /**
   * Event-time temporal join (Flink docs, "Queries > Joins > Event Time Temporal Join"): the right
   * side must be a versioned table (primary key + time attribute), the ON clause must equate its
   * key, and FOR SYSTEM_TIME AS OF must name the left side's time attribute.
   */
  #temporalJoin(j: ast.Join, right: ast.NamedTable, outer: Scope | null, ctes: Map<string, CteDef>, pushdown: JoinPushdown | null): Rel {
    if (j.joinType !== "INNER" && j.joinType !== "LEFT") throw unsupported(j, `${j.joinType} temporal joins (only INNER and LEFT)`);
    if (!j.on) throw validationError(j, "A temporal join requires an ON condition");
    const l = this.#from(j.left, outer, ctes, pushdown);
    const r = this.#named(right, outer, ctes, true);
    const lw = l.node.fields.length;
    const pk = r.node.kind === "Scan" ? r.node.table.primaryKey : null;
    if (!pk) {
      throw validationError(right, "Temporal Table Join requires primary key in versioned table, but no primary key can be found.");
    }
    const rTime = r.node.fields.findIndex((f) => f.timeAttr);
    if (rTime < 0) throw validationError(right, "Event-Time Temporal Table Join requires both primary key and row time attribute in versioned table, but no row time attribute can be found.");
    const asOf = this.compiler(l.scope, { clause: "FOR SYSTEM_TIME AS OF" }).compile(right.systemTime!);
    if (asOf.column === undefined || !l.node.fields[asOf.column]!.timeAttr) {
      throw unsupported(right.systemTime, "FOR SYSTEM_TIME AS OF with an expression other than the left side's event-time attribute (processing-time temporal joins)");
    }
    const nullR = j.joinType === "LEFT";
    const cols = [...l.scope.cols, ...r.scope.cols.map((c) => ({ ...c, index: c.index + lw, type: nullR ? withNullable(c.type, true) : c.type }))];
    const plainScope = new Scope([...l.scope.cols, ...r.scope.cols.map((c) => ({ ...c, index: c.index + lw }))], outer);
    const comp = this.compiler(plainScope, { clause: "ON" });
    const lc = this.compiler(l.scope, { clause: "ON" });
    const rc = this.compiler(new Scope(r.scope.cols, null), { clause: "ON" });
    const leftKeys: RowFn[] = [];
    const rightKeys: RowFn[] = [];
    const rightKeyCols: number[] = [];
    const keyCols: Array<readonly [number, number]> = [];
    let plainKeys = true;
    const residual: RowFn[] = [];
    for (const cj of splitConjuncts(j.on)) {
      if (cj.kind === "Binary" && cj.op === "=") {
        const a = comp.compile(cj.left);
        const b = comp.compile(cj.right);
        const leftOnly = (x: CExpr) => x.refs.size > 0 && [...x.refs].every((i) => i < lw);
        const rightOnly = (x: CExpr) => x.refs.size > 0 && [...x.refs].every((i) => i >= lw);
        if ((leftOnly(a) && rightOnly(b)) || (rightOnly(a) && leftOnly(b))) {
          const le = leftOnly(a) ? cj.left : cj.right;
          const re = leftOnly(a) ? cj.right : cj.left;
          const lt = lc.compile(le);
          const rt = rc.compile(re);
          const common = leastRestrictive([lt.type, rt.type], "join condition");
          leftKeys.push(lc.coerce(lt, common).fn);
          rightKeys.push(rc.coerce(rt, common).fn);
          if (rt.column !== undefined) rightKeyCols.push(rt.column);
          if (lt.column !== undefined && rt.column !== undefined) keyCols.push([lt.column, rt.column]);
          else plainKeys = false;
          continue;
        }
      }
      residual.push(comp.compile(cj).fn);
    }
    const pkCols = pk.columns.map((n) => r.node.fields.findIndex((f) => f.name === n));
    if (!pkCols.every((c) => rightKeyCols.includes(c)) || rightKeyCols.length !== pkCols.length) {
      throw validationError(j.on, `Temporal table's primary key [${pk.columns.join(", ")}] must be included in the equivalence condition of Temporal Join's condition.`);
    }
    const at = asOf.fn;
    const rt = rTime;
    const node: PlanNode = {
      kind: "TemporalJoin",
      left: l.node,
      right: r.node,
      leftKeys,
      rightKeys,
      leftTime: at,
      rightTime: (row) => row[rt],
      residual: residual.length === 0 ? null : (row) => residual.every((f) => f(row) === true),
      outer: nullR,
      ...(plainKeys ? { keyCols } : {}),
      timeCols: [asOf.column, rt],
      primaryKeyCols: pkCols,
      fields: cols.map((c) => ({ ...c.field, type: c.type, timeAttr: c.index < lw ? c.field.timeAttr : false })),
      insertOnly: l.node.insertOnly,
      upsertKey: null,
      bounded: l.node.bounded && r.node.bounded,
    };
    return { node, scope: new Scope(cols.map((c) => ({ ...c, field: node.fields[c.index]! })), outer) };
  }

  #join(j: ast.Join, outer: Scope | null, ctes: Map<string, CteDef>, pushdown: JoinPushdown | null = null): Rel {
    if (j.natural && j.joinType === "CROSS") throw validationError(j, "Cannot specify condition (NATURAL keyword, or ON or USING clause) following CROSS JOIN");
    if (j.right.kind === "Unnest") {
      if (j.natural) throw unsupported(j, "NATURAL JOIN with UNNEST");
      return this.#unnest(j, j.right, outer, ctes, pushdown);
    }
    if (j.right.kind === "NamedTable" && j.right.systemTime) {
      if (j.natural) throw unsupported(j, "NATURAL JOIN with FOR SYSTEM_TIME AS OF");
      return this.#temporalJoin(j, j.right, outer, ctes, pushdown);
    }
    const kind: JoinKind = j.joinType === "CROSS" ? "INNER" : j.joinType;
    // A WHERE conjunct may move into a join only where the WHERE sees that join's rows
    // unchanged: through INNER joins, and into the side of an outer join that is never padded.
    const leftPush = kind === "INNER" || kind === "LEFT" ? pushdown : null;
    const rightPush = kind === "INNER" || kind === "RIGHT" ? pushdown : null;
    const l = this.#filterJoinInput(this.#from(j.left, outer, ctes, leftPush), leftPush);
    const r = this.#filterJoinInput(this.#from(j.right, outer, ctes, rightPush), rightPush);
    const using = j.natural ? naturalJoinColumns(j, l.scope, r.scope) : j.using;
    const lw = l.node.fields.length;
    const nullL = kind === "RIGHT" || kind === "FULL";
    const nullR = kind === "LEFT" || kind === "FULL";
    const cols = [
      ...l.scope.cols.map((c) => ({ ...c, type: nullL ? withNullable(c.type, true) : c.type })),
      ...r.scope.cols.map((c) => ({ ...c, index: c.index + lw, type: nullR ? withNullable(c.type, true) : c.type })),
    ];
    const scope = new Scope(cols, outer);
    const plainScope = new Scope([...l.scope.cols, ...r.scope.cols.map((c) => ({ ...c, index: c.index + lw }))], outer);
    const leftKeys: RowFn[] = [];
    const rightKeys: RowFn[] = [];
    const residual: CExpr[] = [];
    const conjuncts: ast.Expr[] = [];
    const comp = this.compiler(plainScope, { clause: "ON" });
    const lc = this.compiler(l.scope, { clause: "ON" });
    const rc = this.compiler(new Scope(r.scope.cols, null), { clause: "ON" });
    // USING (k): equi-join on the (merged, for a nested USING join) k of each side.
    const usingPairs: Array<{ name: string; left: ScopeCol; right: ScopeCol }> = [];
    const leftKeyCols: number[] = [];
    const rightKeyCols: number[] = [];
    // Each equi-join key's plain column on either side, for window join detection.
    const keyColumns: KeyColumns[] = [];
    if (using) {
      for (const n of using) {
        const li = l.scope.lookup([n.value], n, true);
        const ri = r.scope.lookup([n.value], n, true);
        if (!li || !ri) throw validationError(n, `Column '${n.value}' not found in ${li ? "right" : "left"} table`);
        const ref = (c: ScopeCol): CExpr => ({ type: c.type, fn: (row) => row[c.index], refs: new Set([c.index]), constant: false, column: c.index });
        const common = leastRestrictive([li.col.type, ri.col.type], "join condition");
        leftKeys.push(lc.coerce(ref(li.col), common).fn);
        rightKeys.push(rc.coerce(ref(ri.col), common).fn);
        leftKeyCols.push(li.col.index);
        rightKeyCols.push(ri.col.index);
        keyColumns.push([li.col.index, ri.col.index]);
        usingPairs.push({ name: n.value, left: li.col, right: { ...ri.col, index: ri.col.index + lw } });
      }
    } else if (j.on) conjuncts.push(...splitConjuncts(j.on));
    else if (j.joinType !== "CROSS" && !j.natural) throw validationError(j, "INNER, LEFT, RIGHT or FULL join requires a condition (NATURAL keyword or ON or USING clause)");
    if (kind === "INNER" && pushdown) conjuncts.push(...this.#takeJoinConjuncts(pushdown, plainScope, lw));
    for (const cj of conjuncts) {
      const c = comp.compile(cj);
      if (c.type.type !== "BOOLEAN" && c.type.type !== "NULL") throw validationError(cj, `ON condition must be a BOOLEAN expression`);
      if (cj.kind === "Binary" && cj.op === "=") {
        const a = comp.compile(cj.left);
        const b = comp.compile(cj.right);
        const aLeft = [...a.refs].every((x) => x < lw) && a.refs.size > 0;
        const aRight = [...a.refs].every((x) => x >= lw) && a.refs.size > 0;
        const bLeft = [...b.refs].every((x) => x < lw) && b.refs.size > 0;
        const bRight = [...b.refs].every((x) => x >= lw) && b.refs.size > 0;
        if ((aLeft && bRight) || (aRight && bLeft)) {
          const le = aLeft ? cj.left : cj.right;
          const re = aLeft ? cj.right : cj.left;
          const lt = lc.compile(le);
          const rt = rc.compile(re);
          const common = leastRestrictive([lt.type, rt.type], "join condition");
          leftKeys.push(lc.coerce(lt, common).fn);
          rightKeys.push(rc.coerce(rt, common).fn);
          if (lt.column !== undefined) leftKeyCols.push(lt.column);
          if (rt.column !== undefined) rightKeyCols.push(rt.column);
          keyColumns.push([lt.column, rt.column]);
          continue;
        }
      }
      residual.push(c);
    }
    // Equal window_start and window_end of the same windows on both sides, from ON, USING or
    // NATURAL alike, make it Flink's window join, which consumes inserts only. Streaming runs it
    // as a window join (runtime/window-join.ts); snapshot mode joins regularly, with the same rows.
    const { windowJoin, spec: window } = planWindowJoin(l.node, r.node, keyColumns, this.env.snapshot);
    const res = residual.length === 0 ? null : residual.map((c) => c.fn);
    const interval = window ? null : this.#intervalJoin(conjuncts, l, r, comp, lw);
    const node: PlanNode = {
      kind: "Join",
      joinKind: kind,
      left: l.node,
      right: r.node,
      leftKeys,
      rightKeys,
      residual: res ? (row) => res.every((f) => isTrue(f(row))) : null,
      leftKeyCols,
      rightKeyCols,
      ...(interval ? { interval } : {}),
      ...(window ? { window } : {}),
      // An interval join keeps the time attributes of both sides, outer or not, and so does a
      // window join. A regular join materialises them (Flink's RelTimeIndicatorConverter),
      // so a window over its output fails as in Flink. The comma form of an interval join
      // (`FROM a, b WHERE ... a.t BETWEEN b.t - ... AND b.t`) gets here through the pushdown.
      // Only a window join keeps window_start / window_end as window properties: over a regular
      // join's output, GROUP BY window_start, window_end is a regular group aggregation and
      // ROW_NUMBER partitioned by them a regular Top-N, both consuming the join's updates.
      fields: cols.map((c) => joinOutputField(c.field, c.type, interval !== null || windowJoin, windowJoin)),
      // Interval and window joins emit outer rows padded once, when the watermark allows: append-only.
      insertOnly: (kind === "INNER" || interval !== null || window !== null) && l.node.insertOnly && r.node.insertOnly,
      upsertKey: null,
      bounded: l.node.bounded && r.node.bounded,
    };
    const joined = cols.map((c) => ({ ...c, field: node.fields[c.index]! }));
    const byIndex = new Map(joined.map((c) => [c.index, c]));
    const star = [...l.scope.starCols().map((c) => byIndex.get(c.index)!), ...r.scope.starCols().map((c) => byIndex.get(c.index + lw)!)];
    if (usingPairs.length === 0) return { node, scope: new Scope(joined, outer, star) };
    return this.#usingColumns(node, joined, star, usingPairs, outer);
  }

  /**
   * The WHERE conjuncts this INNER join takes as its condition: those that read both of its
   * sides and nothing outside them. They are compiled without the enclosing query's scope, so a
   * name that only an outer query (or a table further up the FROM) has is not taken here; the
   * WHERE compiles every conjunct against the whole FROM anyway, so ambiguities still fail there.
   */
  #takeJoinConjuncts(pushdown: JoinPushdown, plainScope: Scope, lw: number): ast.Expr[] {
    const bothSides = (c: CExpr) => [...c.refs].some((x) => x < lw) && [...c.refs].some((x) => x >= lw);
    return this.#takeConjuncts(pushdown, plainScope.cols, () => false, bothSides).map((t) => t.e);
  }

  /**
   * The untaken pushdown conjuncts that compile over `cols` alone (no enclosing scope) to a
   * BOOLEAN that `accept` takes, each marked taken. `skip` is asked first, before compiling
   * (compiling a ROW_NUMBER column marks the number as read).
   */
  #takeConjuncts(pushdown: JoinPushdown, cols: ScopeCol[], skip: (e: ast.Expr) => boolean, accept: (c: CExpr) => boolean): Array<{ e: ast.Expr; c: CExpr }> {
    const local = this.compiler(new Scope(cols, null), { clause: "WHERE" });
    const taken: Array<{ e: ast.Expr; c: CExpr }> = [];
    for (const e of pushdown.candidates) {
      if (pushdown.taken.has(e) || skip(e)) continue;
      let c: CExpr;
      try {
        c = local.compile(e);
      } catch {
        continue;
      }
      if (c.type.type !== "BOOLEAN" || !accept(c)) continue;
      pushdown.taken.add(e);
      taken.push({ e, c });
    }
    return taken;
  }

  /**
   * A join input with the WHERE conjuncts that read only its columns applied to it, below the
   * join (Flink's FlinkFilterJoinRule pushes them there too): the join then keeps and matches
   * only the rows the WHERE keeps. A conjunct reading a ROW_NUMBER column stays in the WHERE,
   * where a Top-N filter folds into its Rank.
   */
  #filterJoinInput(rel: Rel, pushdown: JoinPushdown | null): Rel {
    if (!pushdown) return rel;
    const taken = this.#takeConjuncts(pushdown, rel.scope.cols, (e) => this.#readsRankColumn(e, rel.scope), (c) => c.refs.size > 0);
    if (taken.length === 0) return rel;
    const preds: RowPredicate[] = taken.map(({ c: { fn } }) => (row) => fn(row) === true);
    return { node: filter(rel.node, preds.length === 1 ? preds[0]! : (row) => preds.every((p) => p(row))), scope: rel.scope };
  }

  /** Whether `e` names a ROW_NUMBER / RANK column of `scope` (compiling it would mark the number as read). */
  #readsRankColumn(e: ast.Expr, scope: Scope): boolean {
    let found = false;
    walk(e, (x) => {
      if (x.kind !== "Identifier") return;
      try {
        if (scope.lookup(x.parts, x)?.col.field.rank) found = true;
      } catch {
        // Ambiguous here: the WHERE reports it.
      }
    });
    return found;
  }

  /**
   * Whether a WHERE conjunct may become a join condition: no subquery, aggregate, OVER or
   * non-deterministic call (a join evaluates an equality's sides once per input row, not once
   * per pair, and Flink keeps such filters above the join too).
   */
  #pushableToJoin(e: ast.Expr): boolean {
    let ok = true;
    walk(e, (x) => {
      if (x.kind === "InSubquery" || x.kind === "Exists" || x.kind === "ScalarSubquery" || x.kind === "JsonObjectAgg" || x.kind === "JsonArrayAgg") ok = false;
      else if (x.kind === "FunctionCall") {
        const fn = this.env.fns.lookupScalar(x.name);
        if (x.over !== null || !fn || fn.deterministic === false) ok = false;
      }
      return ok;
    });
    return ok;
  }

  /**
   * The time bounds of a streaming interval join (runtime/interval-join.ts), or null for a
   * regular join: the ON condition bounding a time attribute of each side by the other. Snapshot
   * mode joins the bounded inputs regularly, with the same rows.
   *
   * @throws the TableException of Flink's changelog mode inference when an input is updating (a
   * primary-key table): Flink plans the interval join from the condition alone, and the interval
   * join only reads append-only inputs; running it as a regular join would be a wrong answer.
   */
  #intervalJoin(conjuncts: readonly ast.Expr[], l: Rel, r: Rel, comp: ExprCompiler, lw: number): IntervalJoinSpec | null {
    if (this.env.snapshot || conjuncts.length === 0) return null;
    const found = intervalCondition(conjuncts, (e) => {
      if (e.kind !== "Identifier") return null;
      let c: CExpr;
      try {
        c = comp.compile(e);
      } catch {
        return null;
      }
      if (c.column === undefined) return null;
      const side = c.column < lw ? 0 : 1;
      const column = side === 0 ? c.column : c.column - lw;
      const field = (side === 0 ? l.node : r.node).fields[column];
      return field?.timeAttr ? { side, column } : null;
    });
    if (!found) return null;
    const updating = [l.node, r.node].find((n) => !n.insertOnly);
    if (updating) throw tableException(updatesNotSupported("IntervalJoin", updating));
    const { leftColumn, rightColumn } = found;
    return { leftTime: (row) => row[leftColumn], rightTime: (row) => row[rightColumn], bounds: found.bounds };
  }

  /**
   * The merged columns of `JOIN ... USING`, appended (hidden) after the join's own columns.
   * Calcite's star expansion (SqlValidatorImpl.Permute) puts them first in `*`, each as
   * COALESCE(left.k, right.k) of the two sides' least restrictive type, nullable only when both
   * sides (after outer-join padding) are; the sides' own k columns then leave `*`. For INNER and
   * LEFT joins the value is the left k, for RIGHT the right k, for FULL whichever is present.
   */
  #usingColumns(node: PlanNode, joined: ScopeCol[], star: ScopeCol[], pairs: ReadonlyArray<{ name: string; left: ScopeCol; right: ScopeCol }>, outer: Scope | null): Rel {
    const c = this.compiler(new Scope(joined, null));
    const width = node.fields.length;
    const exprs: CExpr[] = node.fields.map((f, i) => ({ type: f.type, fn: (r: Row) => r[i], refs: new Set([i]), constant: false, column: i }));
    const merged: ScopeCol[] = pairs.map((p, i) => {
      const l = joined.find((x) => x.index === p.left.index)!;
      const r = joined.find((x) => x.index === p.right.index)!;
      const type = withNullable(leastRestrictive([l.type, r.type], "USING"), l.type.nullable && r.type.nullable);
      const lf = c.coerce(exprs[l.index]!, type).fn;
      const rf = c.coerce(exprs[r.index]!, type).fn;
      exprs.push({ type, fn: (row) => { const v = lf(row); return v === null || v === undefined ? rf(row) : v; }, refs: new Set([l.index, r.index]), constant: false });
      const field: Field = { name: p.name, type, hidden: true };
      return { qualifier: null, name: p.name, type, index: width + i, field, common: true };
    });
    const sources = new Set(pairs.flatMap((p) => [p.left.index, p.right.index]));
    const fields = [...node.fields, ...merged.map((m) => m.field)];
    const projected = project(node, exprs, fields);
    return { node: projected, scope: new Scope([...joined, ...merged], outer, [...merged, ...star.filter((x) => !sources.has(x.index))]) };
  }

  // -------------------------------------------------------------------------------------------
  // SELECT

  #select(
    s: ast.Select,
    outer: Scope | null,
    ctes: Map<string, CteDef>,
    orderBy: readonly ast.OrderItem[],
  ): { node: PlanNode; visible: number; sortKeys: SortKey[] } {
    if (s.windows.length > 0 || s.items.some((i) => i.kind === "SelectExpr" && namesWindow(i.expr))) s = inlineNamedWindows(s);
    // Window functions over GROUP BY results: aggregate in a block of its own, then the windows.
    const split = splitGroupedWindows(s, orderBy, (name) => this.env.fns.lookupAggregate(name) !== undefined);
    if (split) return this.#select(split.select, outer, ctes, split.orderBy);
    const whereConjuncts = splitConjuncts(s.where);
    const pushdown: JoinPushdown | null =
      s.from?.kind === "Join" && whereConjuncts.length > 0 ? { candidates: whereConjuncts.filter((cj) => this.#pushableToJoin(cj)), taken: new Set() } : null;
    let rel: Rel = s.from ? this.#from(s.from, outer, ctes, pushdown) : { node: oneRow(), scope: new Scope([], outer) };
    if (outer && rel.scope.outer === null) rel = { node: rel.node, scope: rel.scope.extend([], outer) };

    // WHERE: subquery conjuncts become semi/anti joins; Top-N filters fold into their Rank;
    // conjuncts a join took (pushdown) are compiled for their errors but not applied again.
    const rest: ast.Expr[] = [];
    for (const cj of whereConjuncts) {
      if (cj.kind === "InSubquery") rel = planSemiJoin(this.#subqueryHost(ctes), rel, cj.query, cj.operand, cj.negated, cj);
      else if (cj.kind === "Exists") rel = planSemiJoin(this.#subqueryHost(ctes), rel, cj.query, null, false, cj);
      else if (cj.kind === "Unary" && cj.op === "NOT" && cj.operand.kind === "Exists") rel = planSemiJoin(this.#subqueryHost(ctes), rel, cj.operand.query, null, true, cj);
      else if (this.#foldRankFilter(rel, cj)) continue;
      else rest.push(cj);
    }
    rel = this.#scalarSubqueries(rel, [...rest, ...s.items.flatMap((i) => (i.kind === "SelectExpr" ? [i.expr] : [])), ...(s.having ? [s.having] : [])], ctes);
    if (rest.length > 0) {
      const whereWm = watermarkSlot();
      const c = this.compiler(rel.scope, { clause: "WHERE", watermark: whereWm, substitute: (e) => (isGroupingCall(e) ? groupingOutsideSelect(e) : this.#subSub(e)) });
      const preds = rest.flatMap((e) => {
        const x = c.compile(e);
        if (x.type.type !== "BOOLEAN" && x.type.type !== "NULL") throw validationError(e, `WHERE clause must be a condition`);
        return pushdown?.taken.has(e) ? [] : [x.fn];
      });
      if (preds.length > 0) {
        rel = { node: filter(rel.node, preds.length === 1 ? (r) => preds[0]!(r) === true : (r) => preds.every((p) => p(r) === true), usedSlot(whereWm)), scope: rel.scope };
      }
    }

    // ROW_NUMBER() OVER (...) items.
    const allOver = s.items.filter((i): i is ast.SelectExprItem => i.kind === "SelectExpr" && i.expr.kind === "FunctionCall" && i.expr.over !== null);
    const isRankFn = (i: ast.SelectExprItem) => RANK_FUNCTIONS.has((i.expr as ast.FunctionCall).name.toUpperCase());
    const overItems = allOver.filter(isRankFn);
    // OVER aggregates (and LAG / LEAD) may sit inside expressions: `v - LAG(v) OVER w`.
    const aggOver: ast.FunctionCall[] = [];
    for (const i of s.items) {
      if (i.kind !== "SelectExpr") continue;
      walk(i.expr, (x) => {
        if (x.kind === "FunctionCall" && x.over !== null && !RANK_FUNCTIONS.has(x.name.toUpperCase())) {
          aggOver.push(x);
          return false;
        }
      });
    }
    const rankSubst = new Map<ast.Expr, CExpr>();
    if (aggOver.length > 0) {
      if (overItems.length > 0) throw unsupported(overItems[0]!, `${(overItems[0]!.expr as ast.FunctionCall).name.toUpperCase()} together with OVER aggregates in one SELECT`);
      rel = this.#overAggregates(rel, aggOver, rankSubst);
    }
    if (overItems.length > 0) {
      if (overItems.length > 1) throw unsupported(overItems[1]!, "more than one OVER window function in a SELECT");
      const item = overItems[0]!;
      const call = item.expr as ast.FunctionCall;
      const fname = call.name.toUpperCase() as RankType;
      const spec = call.over!;
      if (call.args.length > 0 || call.star) throw validationError(call, `Invalid number of arguments to function '${fname}'. Was expecting 0 arguments`);
      if (spec.name) throw unsupported(spec, "named windows");
      if (spec.frame) throw unsupported(spec.frame, `window frames on ${fname}`);
      if (spec.orderBy.length === 0) {
        throw validationError(call, fname === "ROW_NUMBER" ? "ROW_NUMBER() requires an ORDER BY in its OVER clause" : "RANK or DENSE_RANK functions require ORDER BY clause in window specification");
      }
      const c = this.compiler(rel.scope, { clause: "OVER" });
      const partition = spec.partitionBy.map((e) => c.compile(e));
      const order = spec.orderBy.map((o) => ({ e: c.compile(o.expr), desc: o.direction === "DESC", nulls: o.nulls }));
      const cmp = windowOrderComparator(order);
      const orderByTime = order.length === 1 && order[0]!.e.column !== undefined && !!rel.node.fields[order[0]!.e.column]!.timeAttr;
      // Window Top-N: the partition contains window_start and window_end of an append-only input.
      const pcols = partition.map((p) => (p.column !== undefined ? rel.node.fields[p.column] : undefined));
      const endIdx = partition.find((p, i) => pcols[i]?.window === "end")?.column;
      const windowPartition = pcols.some((f) => f?.window === "start") && endIdx !== undefined;
      const windowed = rel.node.insertOnly && windowPartition;
      const updatingWindow = windowPartition && !rel.node.insertOnly && !this.env.snapshot;
      if (updatingWindow && fname !== "ROW_NUMBER") throw tableException(updatesNotSupported("StreamPhysicalWindowRank", rel.node));
      // RANK / DENSE_RANK are computed over the whole (bounded) input in batch, as Flink's batch
      // OVER aggregation does; the emulator has no streaming rank operator for them.
      if (fname !== "ROW_NUMBER" && (windowed || (!this.env.snapshot && !rel.node.bounded))) {
        throw unsupported(call, `${fname}() over ${windowed ? "windows (window Top-N)" : "an unbounded (streaming) input"}; use ROW_NUMBER() or sql.snapshot.mode = 'now'`);
      }
      const rankNode: RankNode = {
        kind: "Rank",
        input: rel.node,
        partition: partition.map((p) => p.fn),
        partitionCols: partition.every((p) => p.column !== undefined) ? partition.map((p) => p.column!) : null,
        compare: cmp,
        offset: 0,
        limit: Infinity,
        rowNumberUsed: false,
        hasRowNumber: true,
        rankType: fname,
        site: call,
        orderByTime,
        ...(order.every((o) => o.e.column !== undefined)
          ? { sortKeys: order.map((o) => ({ index: o.e.column!, descending: o.desc, nullsFirst: o.nulls === "FIRST" || (o.nulls === null && !o.desc) })) }
          : {}),
        ...(windowed ? { windowEnd: endIdx } : {}),
        ...(updatingWindow ? { updatingWindow: { orderByTime: order.length === 1 && isTimestamp(order[0]!.e.type) } } : {}),
        fields: [],
        insertOnly: windowed,
        upsertKey: null,
        bounded: rel.node.bounded,
      };
      const rnField: Field = { name: item.alias?.value ?? "EXPR$rn", type: T.bigint(false), rank: rankNode, hidden: true };
      rankNode.fields.push(...rel.node.fields.map((f) => ({ ...f, timeAttr: false })), rnField);
      const pk = partition.map((p) => p.column ?? -1);
      rankNode.upsertKey = pk.every((k) => k >= 0) ? pk : null;
      const idx = rel.node.fields.length;
      rankSubst.set(call, { type: rnField.type, fn: (r) => r[idx], refs: new Set([idx]), constant: false, column: idx });
      rel = { node: rankNode, scope: rel.scope.extend([{ qualifier: null, name: rnField.name, type: rnField.type, index: idx, field: rnField }]) };
    }

    const aggCalls = this.#collectAggregates([...s.items.flatMap((i) => (i.kind === "SelectExpr" ? [i.expr] : [])), ...(s.having ? [s.having] : []), ...orderBy.map((o) => o.expr)]);
    const grouped = s.groupBy !== null || aggCalls.length > 0;
    if (grouped && (allOver.length > 0 || aggOver.length > 0)) throw unsupported(allOver[0] ?? aggOver[0]!, "OVER window functions together with GROUP BY");

    let post: ExprCompiler;
    let node: PlanNode;
    const selectWm = watermarkSlot();
    if (grouped) {
      const g = this.#aggregate(s, rel, aggCalls);
      node = g.node;
      post = g.post;
      if (s.having) {
        const h = post.with({ clause: "HAVING" }).compile(s.having);
        if (h.type.type !== "BOOLEAN") throw validationError(s.having, "HAVING clause must be a condition");
        const f = h.fn;
        node = filter(node, (r) => f(r) === true);
      }
    } else {
      node = rel.node;
      const subst = this.#subSub;
      post = this.compiler(rel.scope, {
        clause: "SELECT",
        watermark: selectWm,
        substitute: (e) => {
          if (isGroupingCall(e)) throw validationError(e, `${e.name.toUpperCase()} operator may only occur in an aggregate query`);
          return rankSubst.get(e) ?? subst(e);
        },
        onColumn: (i) => {
          const f = rel.scope.cols.find((c) => c.index === i)?.field;
          if (f?.rank) f.rank.rowNumberUsed = true;
        },
      });
    }

    // Select list.
    const exprs: CExpr[] = [];
    const names: string[] = [];
    const outFields: Field[] = [];
    let ordinal = 0;
    for (const item of s.items) {
      if (item.kind === "SelectStar") {
        if (grouped) throw validationError(item, "SELECT * is not allowed with GROUP BY");
        const q = item.qualifier[item.qualifier.length - 1];
        const cols = q === undefined ? rel.scope.starCols() : rel.scope.cols.filter((c) => !c.field.hidden && c.qualifier === q);
        if (cols.length === 0 && item.qualifier.length > 0) throw validationError(item, `Unknown identifier '${item.qualifier.join(".")}'`);
        for (const c of cols) {
          const i = c.index;
          if (c.field.rank) c.field.rank.rowNumberUsed = true;
          exprs.push({ type: c.type, fn: (r) => r[i], refs: new Set([i]), constant: false, column: i });
          names.push(c.name);
          outFields.push({ ...c.field, name: c.name, type: c.type });
          ordinal++;
        }
        continue;
      }
      const c = post.compile(item.expr);
      exprs.push(c);
      let name: string;
      if (item.alias) name = item.alias.value;
      else if (item.expr.kind === "Identifier") name = item.expr.parts[item.expr.parts.length - 1]!;
      else name = `EXPR$${ordinal}`;
      names.push(name);
      const src = c.column !== undefined ? node.fields[c.column] : undefined;
      outFields.push({ name, type: c.type, ...(src?.timeAttr ? { timeAttr: true } : {}), ...(src?.rank ? { rank: src.rank } : {}), ...(src?.window ? { window: src.window } : {}) });
      ordinal++;
    }
    const unique = uniquify(names);
    unique.forEach((n, i) => (outFields[i] = { ...outFields[i]!, name: n }));

    // ORDER BY: select aliases / ordinals first, otherwise expressions over the input (hidden columns).
    const sortKeys: SortKey[] = [];
    const visible = exprs.length;
    for (const o of orderBy) {
      const descending = o.direction === "DESC";
      const nullsFirst = o.nulls ? o.nulls === "FIRST" : !descending;
      let index = -1;
      if (o.expr.kind === "NumericLiteral" && !o.expr.text.includes(".")) {
        index = Number(o.expr.text) - 1;
        if (index < 0 || index >= visible) throw validationError(o.expr, `Ordinal out of range`);
      } else if (o.expr.kind === "Identifier" && o.expr.parts.length === 1) {
        index = unique.indexOf(o.expr.parts[0]!);
      }
      if (index < 0) {
        const fp = fingerprint(o.expr);
        index = s.items.findIndex((it) => it.kind === "SelectExpr" && fingerprint(it.expr) === fp);
        if (index >= 0 && s.items.some((it) => it.kind === "SelectStar")) index = -1;
      }
      if (index < 0) {
        if (s.quantifier === "DISTINCT") throw validationError(o.expr, "Expression is not in the select list of a SELECT DISTINCT");
        const c = post.compile(o.expr);
        exprs.push(c);
        outFields.push({ name: `$order${sortKeys.length}`, type: c.type, ...(c.column !== undefined && node.fields[c.column]?.timeAttr ? { timeAttr: true } : {}) });
        index = exprs.length - 1;
      }
      sortKeys.push({ index, descending, nullsFirst });
    }

    node = project(node, exprs, outFields, usedSlot(selectWm));
    if (s.quantifier === "DISTINCT") node = this.#distinct(node);
    return { node, visible, sortKeys };
  }

  /**
   * OVER aggregates (Flink docs, "Queries > Over Aggregation"): one OverAgg node per distinct
   * window; ORDER BY must be one ascending time attribute; frames are ROWS/RANGE ... PRECEDING
   * up to CURRENT ROW (default RANGE UNBOUNDED PRECEDING).
   */
  #overAggregates(rel: Rel, calls: ast.FunctionCall[], subst: Map<ast.Expr, CExpr>): Rel {
    const groups = new Map<string, ast.FunctionCall[]>();
    for (const c of calls) {
      const k = fingerprint({ ...c.over!, kind: "WindowSpec" } as unknown as ast.Expr);
      groups.set(k, [...(groups.get(k) ?? []), c]);
    }
    for (const group of groups.values()) {
      const spec = group[0]!.over!;
      if (spec.name) throw unsupported(spec, "named windows in OVER");
      const c = this.compiler(rel.scope, { clause: "OVER" });
      // Batch (snapshot) mode sees the whole bounded input: any ORDER BY, frames reaching
      // FOLLOWING rows (runtime/batch-over.ts). Streaming needs one ascending time attribute.
      if (this.env.snapshot && !rel.node.insertOnly) throw unsupported(spec, "OVER aggregation over an updating input");
      const batchWindow = this.env.snapshot ? planBatchOverWindow(spec, c, this.compiler(new Scope([]))) : null;
      let ot: CExpr | null = null;
      let frame: { unit: "ROWS" | "RANGE"; preceding: number } = { unit: "RANGE", preceding: Infinity };
      if (!batchWindow) {
      if (spec.orderBy.length !== 1) throw validationError(spec, "OVER windows require exactly one ORDER BY time attribute.");
      const o = spec.orderBy[0]!;
      ot = c.compile(o.expr);
      if (ot.column === undefined || !rel.node.fields[ot.column]!.timeAttr || o.direction === "DESC") {
        throw validationError(o, "OVER windows' ordering in stream mode must be defined on a time attribute.");
      }
      if (spec.frame) {
        const f = spec.frame;
        if (f.upper && f.upper.bound !== "CURRENT ROW") throw unsupported(f.upper, "OVER frames ending after CURRENT ROW");
        let preceding: number;
        if (f.lower.bound === "UNBOUNDED PRECEDING") preceding = Infinity;
        else if (f.lower.bound === "CURRENT ROW") preceding = 0;
        else if (f.lower.bound === "PRECEDING" && f.lower.offset) {
          const off = this.compiler(new Scope([])).compile(f.lower.offset);
          const v = off.fn([]);
          if (f.unit === "ROWS") {
            if (typeof v !== "number") throw validationError(f.lower.offset, "ROWS frame offset must be an integer literal");
            preceding = v;
          } else {
            if (off.type.type !== "INTERVAL_DAY_TIME") throw validationError(f.lower.offset, "RANGE frame offset over a time attribute must be a day-time INTERVAL");
            preceding = v as number;
          }
        } else throw unsupported(f.lower, "OVER frames starting after CURRENT ROW");
        frame = { unit: f.unit, preceding };
      }
      }
      const partition = spec.partitionBy.map((e) => c.compile(e).fn);
      const argC = this.compiler(rel.scope, { clause: "OVER aggregate arguments" });
      const plans: AggCallPlan[] = group.map((call) => {
        const name = call.name.toUpperCase();
        if (name === "LAG" || name === "LEAD") {
          const plan = batchWindow ? planLeadLag : planStreamingLeadLag;
          return plan(call, name, spec, argC, this.compiler(new Scope([])));
        }
        if (name === "CUME_DIST" || name === "PERCENT_RANK" || name === "NTILE") {
          if (!batchWindow) throw unsupported(call, `${name}() OVER (...) on a streaming input (it works in snapshot mode, sql.snapshot.mode = 'now')`);
          return planDistribution(call, name, spec);
        }
        const fn = this.env.fns.lookupAggregate(name);
        if (!fn) throw unsupported(call, `${name}(...) OVER (...) (OVER supports aggregate functions and ROW_NUMBER)`);
        const args = call.args.map((a) => argC.compile(a));
        const distinct = call.quantifier === "DISTINCT";
        const argTypes = args.map((a) => a.type);
        let type: LogicalType;
        try {
          type = fn.inferType(argTypes, distinct, { ...overAggregateContext(spec, call), literals: args.map(literalArgument) });
        } catch (err) {
          if (err instanceof EngineError && !/^SQL validation failed/.test(err.message)) throw validationError(call, err.message);
          throw err;
        }
        const filterFn = call.filter ? argC.compile(call.filter).fn : null;
        return { name, display: aggregateCallText(name, call), type, create: () => fn.create(argTypes, type, distinct), args: args.map((a) => a.fn), ...(filterFn ? { filter: (r: Row) => filterFn(r) === true } : {}) };
      });
      const base = rel.node.fields.length;
      const partitionCols = spec.partitionBy.map((e) => c.compile(e).column);
      const fields: Field[] = [...rel.node.fields, ...plans.map((p, i) => ({ name: `$over${base + i}`, type: p.type, hidden: true }))];
      const node: PlanNode = batchWindow
        ? { kind: "BatchOverAgg", input: rel.node, partition, ...batchWindow, calls: plans, fields, insertOnly: true, upsertKey: null, bounded: rel.node.bounded }
        : {
            kind: "OverAgg",
            input: rel.node,
            partition,
            time: ot!.fn,
            frame,
            calls: plans,
            partitionCols: partitionCols.every((col) => col !== undefined) ? (partitionCols as number[]) : null,
            orderCol: ot!.column!,
            fields,
            insertOnly: true,
            upsertKey: null,
            bounded: rel.node.bounded,
          };
      if (!rel.node.insertOnly) throw unsupported(spec, "OVER aggregation over an updating input");
      group.forEach((call, i) => {
        const idx = base + i;
        subst.set(call, { type: plans[i]!.type, fn: (r) => r[idx], refs: new Set([idx]), constant: false, column: idx });
      });
      rel = { node, scope: rel.scope.extend(plans.map((p, i) => ({ qualifier: null, name: fields[base + i]!.name, type: p.type, index: base + i, field: fields[base + i]! }))) };
    }
    return rel;
  }

  /** Replaces scalar subqueries by the columns the pre-pass joined in. */
  #subSub = (e: ast.Expr): CExpr | undefined => this.#scalarCols.get(e);
  #scalarCols = new Map<ast.Expr, CExpr>();

  #scalarSubqueries(rel: Rel, exprs: readonly ast.Expr[], ctes: Map<string, CteDef>): Rel {
    const found: ast.ScalarSubquery[] = [];
    for (const e of exprs) walk(e, (x) => {
      if (x.kind === "ScalarSubquery") found.push(x);
    });
    for (const sq of found) {
      const r = planScalarSubquery(this.#subqueryHost(ctes), rel, sq);
      this.#scalarCols.set(sq, r.value);
      rel = r.rel;
    }
    return rel;
  }

  /** What the decorrelation module (decorrelate.ts) needs to plan a subquery of this query. */
  #subqueryHost(ctes: Map<string, CteDef>): SubqueryHost {
    return {
      snapshot: this.env.snapshot,
      plan: (q, outer) => this.subquery(q, outer, ctes),
      fromScope: (q, s, outer) => {
        // The subquery's own WITH, each CTE seeing the ones before it (as #query builds them).
        let inner = ctes;
        for (const c of q.with) inner = new Map(inner).set(c.name, { cte: c, ctes: inner });
        return s.from ? this.#from(s.from, outer, inner).scope : new Scope([], outer);
      },
      compiler: (scope, clause) => this.compiler(scope, { clause }),
      isAggregate: (name) => this.env.fns.lookupAggregate(name) !== undefined,
    };
  }

  /** `rn <= N`, `rn < N`, `rn = N`, `rn BETWEEN a AND b` over a ROW_NUMBER column: fold into the Rank. */
  #foldRankFilter(rel: Rel, e: ast.Expr): boolean {
    const col = (x: ast.Expr): RankNode | null => {
      if (x.kind !== "Identifier") return null;
      const f = rel.scope.lookup(x.parts, x);
      return f?.col.field.rank ?? null;
    };
    const num = (x: ast.Expr): number | null => (x.kind === "NumericLiteral" && !x.approximate && !x.text.includes(".") ? Number(x.text) : null);
    let rank: RankNode | null = null;
    let lo = 1;
    let hi = Infinity;
    if (e.kind === "Binary") {
      const l = col(e.left);
      const n = num(e.right);
      if (l && n !== null) {
        rank = l;
        if (e.op === "<=") hi = n;
        else if (e.op === "<") hi = n - 1;
        else if (e.op === "=") {
          lo = n;
          hi = n;
        } else if (e.op === ">=") lo = n;
        else if (e.op === ">") lo = n + 1;
        else return false;
      }
    } else if (e.kind === "Between" && !e.negated) {
      const l = col(e.operand);
      const a = num(e.low);
      const b = num(e.high);
      if (l && a !== null && b !== null) {
        rank = l;
        lo = a;
        hi = b;
      }
    }
    if (!rank) return false;
    const curLo = rank.offset + 1;
    const curHi = rank.offset + rank.limit;
    const nlo = Math.max(lo, curLo);
    const nhi = Math.min(hi, curHi);
    rank.offset = nlo - 1;
    rank.limit = Math.max(0, nhi - nlo + 1);
    return true;
  }

  #collectAggregates(exprs: readonly ast.Expr[]): ast.FunctionCall[] {
    const out: ast.FunctionCall[] = [];
    const seen = new Set<string>();
    for (const e of exprs) {
      walk(e, (x) => {
        if (x.kind === "FunctionCall" && x.over === null && this.env.fns.lookupAggregate(x.name.toUpperCase())) {
          const fp = fingerprint(x);
          if (!seen.has(fp)) {
            seen.add(fp);
            out.push(x);
          }
          return false;
        }
        if (x.kind === "JsonObjectAgg" || x.kind === "JsonArrayAgg") {
          const fp = fingerprint(x);
          if (!seen.has(fp)) {
            seen.add(fp);
            out.push(jsonAggregateCall(x));
          }
          return false;
        }
        return undefined;
      });
    }
    return out;
  }

  #aggregate(s: ast.Select, rel: Rel, aggCalls: ast.FunctionCall[]): { node: PlanNode; post: ExprCompiler } {
    const input = this.compiler(rel.scope, { clause: "GROUP BY", substitute: (e) => (isGroupingCall(e) ? groupingOutsideSelect(e) : this.#subSub(e)) });
    const grouping = expandGrouping(s.groupBy ?? []);
    const keyAsts = [...grouping.keys];
    const groupWindow = keyAsts.find((k): k is ast.FunctionCall => k.kind === "FunctionCall" && GROUP_WINDOW_FUNCTIONS.has(k.name.toUpperCase()));
    if (groupWindow) {
      // The deprecated group window syntax; Confluent documents only the windowing TVFs.
      throw unsupported(groupWindow, `group window aggregation (GROUP BY ${groupWindow.name.toUpperCase()}(...)); use a windowing TVF: FROM TABLE(${groupWindow.name.toUpperCase()}(TABLE t, DESCRIPTOR(time_col), ...)) GROUP BY window_start, window_end`);
    }
    // One grouping set is an ordinary GROUP BY (Calcite plans GROUPING SETS ((a, b)) as GROUP BY
    // a, b); several are planned as Flink does: Expand, then one aggregate keyed by the keys and
    // the set's ordinal `$e`.
    const sets = grouping.sets.length === 1 ? null : grouping.sets;
    // A key missing from some set is NULL in that set's rows, so its type turns nullable.
    const keys = keyAsts.map((k, i) => {
      const c = input.compile(k);
      return sets && sets.some((set) => !set.includes(i)) ? { ...c, type: withNullable(c.type, true) } : c;
    });
    const argCompiler = input.with({ clause: "aggregate arguments" });
    const calls: AggCallPlan[] = aggCalls.map((call) => {
      const name = call.name.toUpperCase();
      const fn = this.env.fns.lookupAggregate(name)!;
      if (call.withinGroup) throw unsupported(call, `${name} ... WITHIN GROUP`);
      const args = call.args.map((a) => argCompiler.compile(a));
      for (const a of call.args) walk(a, (x) => {
        if (x.kind === "FunctionCall" && x.over === null && this.env.fns.lookupAggregate(x.name.toUpperCase()) && !this.env.fns.lookupScalar(x.name.toUpperCase())) {
          throw validationError(x, "Aggregate function calls cannot be nested");
        }
      });
      const distinct = call.quantifier === "DISTINCT";
      const argTypes = args.map((a) => a.type);
      let type: LogicalType;
      try {
        type = fn.inferType(argTypes, distinct, { ...groupAggregateContext(keyAsts.length, call), literals: args.map(literalArgument) });
      } catch (err) {
        if (err instanceof EngineError && !/^SQL validation failed/.test(err.message)) throw validationError(call, err.message);
        throw err;
      }
      const filterFn = call.filter ? argCompiler.with({ clause: "FILTER" }).compile(call.filter).fn : null;
      return {
        name,
        display: aggregateCallText(name, call),
        type,
        create: () => fn.create(argTypes, type, distinct),
        args: args.map((a) => a.fn),
        ...(filterFn ? { filter: (r: Row) => filterFn(r) === true } : {}),
      };
    });
    const keyFields: Field[] = keys.map((k, i) => {
      const src = k.column !== undefined ? rel.node.fields[k.column] : undefined;
      const ast0 = keyAsts[i]!;
      return {
        name: ast0.kind === "Identifier" ? ast0.parts[ast0.parts.length - 1]! : `EXPR$${i}`,
        type: k.type,
        ...(src?.window ? { window: src.window } : {}),
      };
    });
    const aggFields: Field[] = calls.map((c, i) => ({ name: `EXPR$${keys.length + i}`, type: c.type }));
    const startKey = keyFields.findIndex((f) => f.window === "start");
    const endKey = keyFields.findIndex((f) => f.window === "end");
    let node: PlanNode;
    checkSessionGroupKeys(rel.node, keys, keyFields, s.groupBy?.[0] ?? s, sets !== null && sets !== undefined);
    if (sets) {
      // Flink docs, "Window Aggregation > GROUPING SETS": window_start and window_end are
      // grouped outside the grouping sets, so they are in every set.
      const inEverySet = (k: number): boolean => k >= 0 && sets.every((set) => set.includes(k));
      const windowed = inEverySet(startKey) && inEverySet(endKey);
      if (keyFields.some((f) => f.window) && !windowed) {
        throw unsupported(s.groupBy![0]!, "GROUPING SETS / ROLLUP / CUBE that leave window_start or window_end out of a grouping set (write GROUP BY window_start, window_end, GROUPING SETS (...))");
      }
      const timeKey = keyFields.findIndex((f) => f.window === "time");
      if (timeKey >= 0) {
        const { window: _w, ...plain } = keyFields[timeKey]!;
        keyFields[timeKey] = inEverySet(timeKey) ? { ...keyFields[timeKey]!, timeAttr: true } : plain;
      }
      node = this.#groupingSetsAggregate(rel.node, keys, sets, keyFields, calls, windowed ? keys[endKey]!.column! : null);
    } else if (startKey >= 0 && endKey >= 0) {
      const endCol = keys[endKey]!.column!;
      const timeKey = keyFields.findIndex((f) => f.window === "time");
      if (timeKey >= 0) keyFields[timeKey] = { ...keyFields[timeKey]!, timeAttr: true };
      node = {
        kind: "WindowAggregate",
        input: rel.node,
        keys: keys.map((k) => k.fn),
        windowEnd: (r) => r[endCol],
        calls,
        fields: [...keyFields, ...aggFields],
        insertOnly: true,
        upsertKey: null,
        bounded: rel.node.bounded,
      };
    } else {
      if (keyFields.some((f) => f.window) && !rel.node.bounded) {
        throw unsupported(s.groupBy ? (s.groupBy[0] as ast.Expr) : s, "a window aggregation must GROUP BY both window_start and window_end");
      }
      node = {
        kind: "Aggregate",
        input: rel.node,
        keys: keys.map((k) => k.fn),
        calls,
        fields: [...keyFields.map((f) => ({ name: f.name, type: f.type })), ...aggFields],
        insertOnly: this.env.snapshot && rel.node.bounded,
        upsertKey: keys.map((_, i) => i),
        bounded: rel.node.bounded,
      };
      if (this.env.snapshot) node.insertOnly = true;
    }
    const keyFps = keyAsts.map((k) => fingerprint(k));
    const aggFps = aggCalls.map((c) => fingerprint(JSON_AGG_ORIGIN.get(c) ?? c));
    // With grouping sets the aggregate's row is keys, `$e`, aggregate values.
    const aggBase = keys.length + (sets ? 1 : 0);
    const ref = (i: number, type: LogicalType): CExpr => ({ type, fn: (r) => r[i], refs: new Set([i]), constant: false, column: i });
    const post = this.compiler(new Scope([], rel.scope.outer), {
      clause: "SELECT",
      substitute: (e) => {
        if (isGroupingCall(e)) {
          // An argument names a grouping key by its text, or by the column it resolves to
          // (GROUPING(customer) for GROUP BY ROLLUP(o.customer)).
          const keyOf = (a: ast.Expr): number => {
            const byText = keyFps.indexOf(fingerprint(a));
            if (byText >= 0 || a.kind !== "Identifier") return byText;
            const found = rel.scope.lookup(a.parts, a, true);
            return found && found.used === a.parts.length ? keys.findIndex((kk) => kk.column === found.col.index) : -1;
          };
          return this.#groupingFunction(e, keyOf, sets ?? [keyAsts.map((_, i) => i)], keys.length);
        }
        const fp = fingerprint(e);
        const a = aggFps.indexOf(fp);
        if (a >= 0) return ref(aggBase + a, calls[a]!.type);
        const k = keyFps.indexOf(fp);
        if (k >= 0) return ref(k, keys[k]!.type);
        if (e.kind === "Identifier") {
          const found = rel.scope.lookup(e.parts, e, true);
          if (found) {
            const ki = keys.findIndex((kk) => kk.column === found.col.index);
            if (ki >= 0 && found.used === e.parts.length) return ref(ki, keys[ki]!.type);
            if (ki < 0) throw validationError(e, `Expression '${exprText(this.env.sql, e)}' is not being grouped`);
          }
        }
        // The subquery's value was joined in before aggregation: its column is gone here.
        if (e.kind === "ScalarSubquery") throw unsupported(e, "scalar subqueries in the SELECT list, HAVING or ORDER BY of an aggregating query");
        return undefined;
      },
    });
    return { node, post };
  }

  /**
   * Several grouping sets (Flink's DecomposeGroupingSetsRule): Expand appends each set's keys
   * (NULL outside the set) and its ordinal `$e` to every input row, and one aggregate groups by
   * all of them, so each set is its own group with its own changelog (+I, -U/+U, -D). The
   * aggregate calls keep reading the unexpanded input columns.
   *
   * No upsert key is reported: the aggregate is unique on (keys, $e), but `$e` never reaches the
   * result (Flink's Calc after the aggregate turns it into GROUPING() values and drops it), and
   * the keys alone are not unique across sets (the grand total and a group whose key is NULL
   * both show NULL). So the result is a retract stream, as Flink's is.
   *
   * With `windowEndCol` (an input column) it is a window aggregation instead: each window fires
   * once per set's group, append-only, as without grouping sets.
   */
  #groupingSetsAggregate(
    input: PlanNode,
    keys: readonly CExpr[],
    sets: readonly (readonly number[])[],
    keyFields: readonly Field[],
    calls: AggCallPlan[],
    windowEndCol: number | null,
  ): PlanNode {
    const w = input.fields.length;
    const projections = sets.map((set, ordinal) => {
      const e = BigInt(ordinal);
      return [...keys.map((k, i) => (set.includes(i) ? k.fn : () => null)), () => e];
    });
    const expandFields: Field[] = [
      ...input.fields.map((f) => ({ ...f, timeAttr: false })),
      ...keyFields.map((f) => ({ name: f.name, type: f.type, hidden: true })),
      { name: "$e", type: T.bigint(false), hidden: true },
    ];
    const expand: PlanNode = { kind: "Expand", input, projections, fields: expandFields, insertOnly: input.insertOnly, upsertKey: null, bounded: input.bounded };
    // The appended columns and nothing else: the executor relies on it to group the Expand's
    // input rows by the projections directly (executor.ts, "Aggregate").
    const groupKeys = [...keys.map((_, i) => (r: Row) => r[w + i]), (r: Row) => r[w + keys.length]];
    const setField: Field = { name: "$e", type: T.bigint(false), hidden: true };
    const aggFields = calls.map((c, i) => ({ name: `EXPR$${keys.length + i}`, type: c.type }));
    if (windowEndCol !== null) {
      return {
        kind: "WindowAggregate",
        input: expand,
        keys: groupKeys,
        windowEnd: (r) => r[windowEndCol],
        calls,
        fields: [...keyFields, setField, ...aggFields],
        insertOnly: true,
        upsertKey: null,
        bounded: input.bounded,
      };
    }
    return {
      kind: "Aggregate",
      input: expand,
      keys: groupKeys,
      calls,
      fields: [...keyFields.map((f) => ({ name: f.name, type: f.type })), setField, ...aggFields],
      insertOnly: this.env.snapshot,
      upsertKey: null,
      bounded: input.bounded,
    };
  }

  /**
   * GROUPING(...) / GROUPING_ID(...) / GROUP_ID() in an aggregate query: a value per grouping
   * set, read off `$e` (column `eIndex` of the aggregate's row) when there are several sets.
   */
  #groupingFunction(call: ast.FunctionCall, keyOf: (arg: ast.Expr) => number, sets: readonly (readonly number[])[], eIndex: number): CExpr {
    const name = call.name.toUpperCase();
    let values: bigint[];
    if (name === "GROUP_ID") {
      if (call.args.length > 0) throw validationError(call, "Invalid number of arguments to function 'GROUP_ID'. Was expecting 0 arguments");
      values = groupIdValues(sets);
    } else {
      if (call.args.length === 0 || call.star) throw validationError(call, `Invalid number of arguments to function '${name}'. Was expecting 1 or more arguments`);
      const args = call.args.map((a) => {
        const i = keyOf(a);
        if (i < 0) throw validationError(a, `Argument to ${name} operator must be a grouped expression`);
        return i;
      });
      values = groupingValues(sets, args);
    }
    const type = T.bigint(false);
    const first = values[0]!;
    if (values.every((v) => v === first)) return { type, fn: () => first, refs: new Set(), constant: true };
    return { type, fn: (r) => values[Number(r[eIndex] as bigint)], refs: new Set([eIndex]), constant: false };
  }
}

/**
 * Flink plans ROW_NUMBER() as a Rank only under a Top-N filter with an upper bound (rn <= N,
 * rn = N, ...); otherwise it stays an OVER aggregation, which streaming mode rejects. Checked
 * once filters are folded in (they may come from an enclosing query).
 */
function rejectUnboundedNumbering(n: PlanNode): void {
  if (n.kind === "Rank" && n.hasRowNumber && n.limit === Infinity && !n.input.bounded) {
    throw unsupported(n.site ?? null, `${n.rankType}() without a Top-N filter with an upper bound (WHERE rn <= N) on a streaming input`);
  }
  for (const k of planInputs(n)) rejectUnboundedNumbering(k);
}

/**
 * A ROW_NUMBER partitioned by the windows of an updating input is Flink's window deduplication
 * (`rn = 1` ordered by one time column) or window Top-N; both consume inserts only
 * (FlinkChangelogModeInferenceProgram), so the planner fails the query naming the node that
 * produces the changes. Checked once the Top-N filter is folded in.
 */
function rejectUpdatingWindowRanks(n: PlanNode): void {
  if (n.kind === "Rank" && n.updatingWindow) {
    const dedup = n.updatingWindow.orderByTime && n.offset === 0 && n.limit === 1;
    throw tableException(updatesNotSupported(dedup ? "StreamPhysicalWindowDeduplicate" : "StreamPhysicalWindowRank", n.input));
  }
  for (const k of planInputs(n)) rejectUpdatingWindowRanks(k);
}

function isTimestamp(t: LogicalType): boolean {
  return t.type === "TIMESTAMP_WITHOUT_TIME_ZONE" || t.type === "TIMESTAMP_WITH_LOCAL_TIME_ZONE";
}

function planInputs(n: PlanNode): PlanNode[] {
  switch (n.kind) {
    case "Scan":
    case "Values":
      return [];
    case "Join":
    case "TemporalJoin":
      return [n.left, n.right];
    case "Union":
      return [...n.inputs];
    default:
      return [n.input];
  }
}

/** A call of GROUPING / GROUPING_ID / GROUP_ID, which only the aggregate's output can answer. */
/** Whether an expression has a window function whose OVER names a window (`OVER w`). */
function namesWindow(e: ast.Expr): boolean {
  let found = false;
  walk(e, (x) => {
    if (x.kind === "FunctionCall" && x.over?.name) found = true;
  });
  return found;
}

function isGroupingCall(e: ast.Expr): e is ast.FunctionCall {
  return e.kind === "FunctionCall" && e.qualifier.length === 0 && e.over === null && GROUPING_FUNCTIONS.has(e.name.toUpperCase());
}

/** Calcite's message for a grouping function in WHERE, GROUP BY or an aggregate's argument. */
function groupingOutsideSelect(e: ast.FunctionCall): never {
  throw validationError(e, `${e.name.toUpperCase()} operator may only occur in SELECT, HAVING or ORDER BY clause`);
}

/** Ranking window functions planned as a Rank node (Top-N / deduplication / numbering). */
const RANK_FUNCTIONS: ReadonlySet<string> = new Set(["ROW_NUMBER", "RANK", "DENSE_RANK"]);
/** Group window functions of the legacy `GROUP BY TUMBLE(ts, INTERVAL ...)` syntax. */
const GROUP_WINDOW_FUNCTIONS: ReadonlySet<string> = new Set(["TUMBLE", "HOP", "SESSION"]);

function oneRow(): PlanNode {
  return { kind: "Values", rows: [[]], fields: [], insertOnly: true, upsertKey: null, bounded: true };
}

/** An aggregate call as Flink's plans print it: `COUNT(*)`, `SUM(amount)`, `COUNT(DISTINCT k)`; `...` for an expression argument. */
function aggregateCallText(name: string, call: ast.FunctionCall): string {
  if (call.star) return `${name}(*)`;
  const args = call.args.map((a) => (a.kind === "Identifier" ? a.parts[a.parts.length - 1]! : "..."));
  return `${name}(${call.quantifier === "DISTINCT" ? "DISTINCT " : ""}${args.join(", ")})`;
}
