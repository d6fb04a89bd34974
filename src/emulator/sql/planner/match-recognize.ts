/**
 * MATCH_RECOGNIZE analysis (Flink docs, "Queries > Pattern Recognition"; Confluent Cloud's
 * "Pattern Recognition Queries"): the PATTERN becomes a chain of quantified variables the way
 * Flink's StreamExecMatch.translatePattern builds a CEP Pattern, DEFINE conditions and MEASURES
 * become functions over the (partial) match, and the output is the PARTITION BY columns followed
 * by the measures (ONE ROW PER MATCH), append-only.
 *
 * Expressions navigate the match (MatchCodeGenerator): `A.price` is the last row mapped to `A`
 * (in A's own DEFINE, the row being classified), an unqualified column the last row of the whole
 * match, `FIRST(A.price, n)` / `LAST(A.price, n)` count from either end of A's rows,
 * `PREV(A.price, 0)` is `A.price` (any other physical offset fails as in Flink), aggregates run
 * over the rows of one variable, and `MATCH_ROWTIME()` is the time of the match's last row.
 *
 * What Flink rejects is rejected with its messages: alternation, group quantifiers, PERMUTE,
 * exclusion, repeated variables, reluctant optional, patterns that can match empty, a greedy
 * quantifier at the end, ALL ROWS PER MATCH, ORDER BY not starting with an ascending time
 * attribute (streaming), updating inputs, CLASSIFIER() (in Flink's operator table but not in its
 * MatchCodeGenerator, so it fails with ExprCodeGenerator's "Unsupported call").
 */
import type { LogicalType } from "../../../types/model.ts";
import { Timestamp } from "../../../types/temporal.ts";
import { EngineError } from "../../engine.ts";
import type { RowFn } from "../runtime/dataflow.ts";
import { WHOLE_MATCH } from "../runtime/match.ts";
import type { MatchAggregate, MatchCtx, MatchElement, MatchSpec, SkipStrategy } from "../runtime/match.ts";
import { rowComparator } from "../runtime/values.ts";
import type { Row, SortKey } from "../runtime/values.ts";
import type * as ast from "../syntax/ast.ts";
import { literalArgument } from "./aggregate-context.ts";
import { walk } from "./ast-walk.ts";
import type { CExpr, ExprCompiler } from "./expr.ts";
import { exprText } from "./expr.ts";
import type { EvalContextLike, FunctionsApi } from "./functions-api.ts";
import { updatesNotSupported } from "./node-description.ts";
import type { Field, PlanNode } from "./plan.ts";
import { Scope, tableException, unsupported, validationError } from "./scope.ts";
import { T, withNullable } from "./types.ts";

/** What the analyzer lends this module. */
export interface MatchHost {
  compiler(scope: Scope, patch?: { clause?: string; substitute?: (e: ast.Expr) => CExpr | undefined }): ExprCompiler;
  readonly env: { readonly snapshot: boolean; readonly fns: FunctionsApi; readonly ctx: EvalContextLike; readonly sql: string };
}

interface Element {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly reluctant: boolean;
}

/** The MATCH_RECOGNIZE plan node's payload. */
export interface MatchPlan {
  readonly spec: MatchSpec;
  readonly fields: Field[];
  /** For EXPLAIN. */
  readonly text: string;
}

/** Calcite's RexCall rendering of a pattern, for Flink's "Expression not supported" messages. */
function rexText(p: ast.RowPattern): string {
  switch (p.kind) {
    case "PatternVariable":
      return `_UTF-16LE'${p.name}'`;
    case "PatternConcat":
      return p.items.map(rexText).reduce((a, b) => `(${a}, ${b})`);
    case "PatternAlternation":
      return p.items.map(rexText).reduce((a, b) => `|(${a}, ${b})`);
    case "PatternQuantified":
      return `PATTERN_QUANTIFIER(${rexText(p.pattern)}, ${p.min}, ${p.max}, ${p.reluctant})`;
    case "PatternPermute":
      return `PATTERN_PERMUTE(${p.items.map(rexText).join(", ")})`;
    case "PatternExclusion":
      return `PATTERN_EXCLUDE(${rexText(p.pattern)})`;
    case "PatternAnchor":
      return p.anchor;
  }
}

/** StreamExecMatch.PatternVisitor: a chain of single quantified variables, or Flink's error. */
function translatePattern(p: ast.RowPattern, out: Element[]): void {
  switch (p.kind) {
    case "PatternConcat":
      for (const i of p.items) translatePattern(i, out);
      return;
    case "PatternVariable":
      out.push({ name: p.name, min: 1, max: 1, reluctant: false });
      return;
    case "PatternQuantified":
      if (p.pattern.kind !== "PatternVariable") {
        throw tableException(`Expression not supported: ${rexText(p.pattern)} Group patterns are not supported yet.`);
      }
      out.push({ name: p.pattern.name, min: p.min, max: p.max, reluctant: p.reluctant });
      return;
    case "PatternAlternation":
      throw tableException(`Expression not supported: ${rexText(p)}. Currently, CEP doesn't support branching patterns.`);
    case "PatternPermute":
      throw tableException(`Expression not supported: ${rexText(p)}. Currently, CEP doesn't support PERMUTE patterns.`);
    case "PatternExclusion":
      throw tableException(`Expression not supported: ${rexText(p)}. Currently, CEP doesn't support '{-' '-}' patterns.`);
    case "PatternAnchor":
      throw unsupported(p, `pattern anchor ${p.anchor}`);
  }
}

/** The variables a pattern names, in order (Calcite's validator sees them before Flink translates). */
function patternVariables(p: ast.RowPattern, out: string[]): void {
  switch (p.kind) {
    case "PatternVariable":
      out.push(p.name);
      return;
    case "PatternQuantified":
    case "PatternExclusion":
      patternVariables(p.pattern, out);
      return;
    case "PatternConcat":
    case "PatternAlternation":
    case "PatternPermute":
      for (const i of p.items) patternVariables(i, out);
      return;
    case "PatternAnchor":
      return;
  }
}

const NAVIGATION = new Set(["FIRST", "LAST", "PREV", "NEXT"]);

/** Compiles DEFINE / MEASURES expressions into functions of a {@link MatchCtx}. */
class MatchExprCompiler {
  readonly #vars: Map<string, number>;
  readonly #base: ExprCompiler;
  /** Column references with a variable qualifier resolve to the plain input column. */
  readonly #inner: ExprCompiler;
  /** The aggregate calls compiled so far, in DEFINE and MEASURES: MatchCtx.aggregate(i) evaluates them. */
  readonly aggregates: MatchAggregate[] = [];

  constructor(
    private readonly host: MatchHost,
    private readonly scope: Scope,
    vars: readonly string[],
    private readonly timeIndex: number,
    private readonly timeType: LogicalType,
  ) {
    this.#vars = new Map(vars.map((v, i) => [v, i]));
    this.#base = host.compiler(scope, { clause: "MATCH_RECOGNIZE" });
    this.#inner = host.compiler(scope, {
      clause: "MATCH_RECOGNIZE",
      substitute: (e) => {
        if (e.kind === "Identifier" && e.parts.length >= 2 && this.#vars.has(e.parts[0]!)) return this.#base.compile({ ...e, parts: e.parts.slice(1) });
        if (e.kind === "FunctionCall" && !e.over && (NAVIGATION.has(e.name.toUpperCase()) || this.host.env.fns.lookupAggregate(e.name.toUpperCase()))) {
          throw unsupported(e, `${e.name.toUpperCase()}(...) nested in a MATCH_RECOGNIZE navigation or aggregate`);
        }
        return undefined;
      },
    });
  }

  /**
   * The one pattern variable a navigation or aggregate reads (WHOLE_MATCH for `*`, the whole
   * match: an unqualified column), or null for none; Calcite's PatternValidator rejects several.
   * Calcite also rejects PREV/NEXT under FIRST/LAST and aggregates inside a navigation.
   */
  #variableOf(es: readonly ast.Expr[], call: ast.FunctionCall): number | null {
    const found = new Set<number>();
    const outer = call.name.toUpperCase();
    for (const e of es) walk(e, (x) => {
      if (x.kind === "Identifier") {
        const v = x.parts.length >= 2 ? this.#vars.get(x.parts[0]!) : undefined;
        found.add(v ?? WHOLE_MATCH);
      } else if (x.kind === "FunctionCall" && !x.over && NAVIGATION.has(outer)) {
        const inner = x.name.toUpperCase();
        if ((outer === "FIRST" || outer === "LAST") && (inner === "PREV" || inner === "NEXT")) {
          throw validationError(call, `Cannot nest PREV/NEXT under LAST/FIRST '${exprText(this.host.env.sql, call)}'`);
        }
        if (this.host.env.fns.lookupAggregate(inner)) throw validationError(call, `Cannot use aggregation in navigation '${exprText(this.host.env.sql, call)}'`);
      }
    });
    if (found.size > 1) {
      if (outer === "COUNT") throw validationError(call, "Invalid number of parameters to COUNT method");
      throw validationError(call, `Multiple pattern variables in '${exprText(this.host.env.sql, call)}'`);
    }
    if (found.size === 0 && outer !== "COUNT") throw validationError(call, `Null parameters in '${exprText(this.host.env.sql, call)}'`);
    return found.size === 0 ? null : [...found][0]!;
  }

  /** Compiles one expression; `defining` is the DEFINE variable's index, or -1 in MEASURES. */
  compile(e: ast.Expr, clause: "DEFINE" | "MEASURES"): { type: LogicalType; fn: (ctx: MatchCtx) => unknown; rowtime: boolean } {
    const slots: Array<(ctx: MatchCtx) => unknown> = [];
    let rowtime = false;
    const slot = (type: LogicalType, f: (ctx: MatchCtx) => unknown): CExpr => {
      const i = slots.length;
      slots.push(f);
      return { type, fn: (r: Row) => r[i], refs: new Set<number>(), constant: false };
    };
    const nav = (v: number, first: boolean, offset: number, inner: RowFn) => (ctx: MatchCtx): unknown => {
      const row = ctx.row(v, first, offset);
      return row === null ? null : inner(row);
    };
    const compiler = this.#base.with({
      clause,
      substitute: (x) => {
        if (x.kind === "Identifier") {
          const v = x.parts.length >= 2 ? this.#vars.get(x.parts[0]!) : undefined;
          const inner = v !== undefined ? this.#base.compile({ ...x, parts: x.parts.slice(1) }) : this.#base.compile(x);
          return slot(withNullable(inner.type, true), nav(v ?? WHOLE_MATCH, false, 0, inner.fn));
        }
        if (x.kind !== "FunctionCall" || x.over) return undefined;
        const name = x.name.toUpperCase();
        if (NAVIGATION.has(name)) {
          if (x.args.length < 1 || x.args.length > 2) return undefined;
          let offset = name === "PREV" || name === "NEXT" ? 1 : 0;
          if (x.args.length === 2) {
            const o = x.args[1]!;
            if (o.kind !== "NumericLiteral" || o.approximate || !/^\d+$/.test(o.text)) throw validationError(o, `Offset in ${name} must be a non-negative integer literal`);
            offset = Number(o.text);
          }
          if ((name === "PREV" || name === "NEXT") && clause === "MEASURES") throw validationError(x, `Cannot use PREV/NEXT in MEASURE '${exprText(this.host.env.sql, x)}'`);
          const v = this.#variableOf([x.args[0]!], x) ?? WHOLE_MATCH;
          if ((name === "PREV" || name === "NEXT") && offset !== 0) throw tableException("Flink does not support physical offsets within partition.");
          const inner = this.#inner.compile(x.args[0]!);
          return slot(withNullable(inner.type, true), nav(v, name === "FIRST", offset, inner.fn));
        }
        if (name === "MATCH_ROWTIME" || name === "MATCH_PROCTIME") {
          if (clause !== "MEASURES") throw validationError(x, `Function '${name}()' can only be used in MATCH_RECOGNIZE's MEASURES`);
          if (name === "MATCH_PROCTIME") {
            if (x.args.length > 0) return undefined;
            const ctx = this.host.env.ctx;
            return slot(T.timestampLtz(3, false), () => new Timestamp(ctx.now(), 0));
          }
          let index = this.timeIndex;
          let type = this.timeType;
          if (index < 0 && x.args.length === 0) throw unsupported(x, "MATCH_ROWTIME() without a time attribute or timestamp to order by");
          if (x.args.length === 1) {
            const a = x.args[0]!;
            const col = a.kind === "Identifier" ? this.#inner.compile(a) : null;
            if (!col || col.column === undefined || !this.scope.cols[col.column]!.field.timeAttr) {
              throw validationError(a, "The function MATCH_ROWTIME requires argument to be a row time attribute type, but is not.");
            }
            index = col.column;
            type = col.type;
          } else if (x.args.length > 1) return undefined;
          rowtime = x === e;
          const i = index;
          return slot(withNullable(type, false), (ctx) => ctx.row(WHOLE_MATCH, false, 0)![i]);
        }
        if (name === "CLASSIFIER") {
          // Calcite types CLASSIFIER() (OperandTypes.NILADIC) and Flink's operator table lists it,
          // but Flink's MatchCodeGenerator has no case for it: the call falls through to
          // ExprCodeGenerator, which finds no generator and fails the statement.
          if (x.args.length > 0 || x.star) throw validationError(x, "Invalid number of arguments to function 'CLASSIFIER'. Was expecting 0 arguments");
          throw new EngineError(
            "Unsupported call: CLASSIFIER() \nIf you think this function should be supported, you can create an issue and start a discussion for it.",
            "org.apache.flink.table.planner.codegen.CodeGenException",
          );
        }
        const agg = this.host.env.fns.lookupAggregate(name);
        if (!agg) return undefined;
        if (x.quantifier === "DISTINCT") throw validationError(x, "DISTINCT aggregations are not supported in MATCH_RECOGNIZE.");
        if (x.filter) throw unsupported(x.filter, "FILTER in a MATCH_RECOGNIZE aggregate");
        // MatchUtil.AggregationPatternVariableFinder: a call without operands (COUNT(*)) is over `*`.
        const v = x.star || x.args.length === 0 ? WHOLE_MATCH : this.#variableOf(x.args, x);
        if (v === null) throw tableException("No pattern variable specified in aggregate");
        const args = x.args.map((a) => this.#inner.compile(a));
        const argTypes = args.map((a) => a.type);
        let type: LogicalType;
        try {
          // No context beyond the literals: the default ("may see no rows") as before.
          type = agg.inferType(argTypes, false, { emptyGroup: true, filter: false, literals: args.map(literalArgument) });
        } catch (err) {
          if (err instanceof EngineError && !/^SQL validation failed/.test(err.message)) throw validationError(x, err.message);
          throw err;
        }
        const index = this.aggregates.length;
        this.aggregates.push({ variable: v, inDefine: clause === "DEFINE", args: args.map((a) => a.fn), create: () => agg.create(argTypes, type, false) });
        return slot(type, (ctx) => ctx.aggregate(index));
      },
    });
    const c = compiler.compile(e);
    const fn = c.fn;
    return {
      type: c.type,
      rowtime,
      fn: (ctx) => {
        const vals = new Array<unknown>(slots.length);
        for (let i = 0; i < slots.length; i++) vals[i] = slots[i]!(ctx);
        return fn(vals);
      },
    };
  }
}

/** Plans `input MATCH_RECOGNIZE (...)` over an analysed input. */
export function planMatchRecognize(host: MatchHost, t: ast.MatchRecognizeRef, input: { node: PlanNode; scope: Scope }): MatchPlan {
  const sql = host.env.sql;
  const scope = input.scope;
  // Calcite's validation.
  if (t.subsets.length > 0) throw unsupported(t, "SUBSET in MATCH_RECOGNIZE");
  const named: string[] = [];
  patternVariables(t.pattern, named);
  const vars = [...new Set(named)];
  for (const d of t.define) {
    if (!vars.includes(d.name)) throw validationError(d, `Unknown pattern '${d.name}'`);
  }
  const seenDefine = new Set<string>();
  for (const d of t.define) {
    if (seenDefine.has(d.name)) throw validationError(d, `Pattern variable '${d.name}' has already been defined`);
    seenDefine.add(d.name);
  }
  if (t.afterMatch && "variable" in t.afterMatch && !vars.includes(t.afterMatch.variable)) {
    throw validationError(t, `Unknown pattern '${t.afterMatch.variable}'`);
  }
  const base = host.compiler(scope, { clause: "MATCH_RECOGNIZE" });
  const partition = t.partitionBy.map((p) => {
    const c = base.compile(p);
    if (c.column === undefined) throw unsupported(p, "PARTITION BY an expression in MATCH_RECOGNIZE (use a column)");
    return { index: c.column, field: scope.cols[c.column]!.field };
  });
  const orderKeys = t.orderBy.map((o) => ({ item: o, c: base.compile(o.expr) }));
  const first = orderKeys[0];
  if (t.within) {
    // SqlValidatorImpl.validateMatchRecognize.
    if (!first) throw validationError(t.within, "Must contain an ORDER BY clause when WITHIN is used");
    const ft = first.c.type.type;
    if (ft !== "TIMESTAMP_WITHOUT_TIME_ZONE" && ft !== "TIMESTAMP_WITH_LOCAL_TIME_ZONE") throw validationError(t.within, "First column of ORDER BY must be of type TIMESTAMP");
    const w = host.compiler(new Scope([])).compile(t.within);
    const v = w.constant ? w.fn([]) : null;
    if ((typeof v === "number" || typeof v === "bigint") && v < 0) throw validationError(t.within, `Interval must be non-negative '${exprText(sql, t.within)}'`);
  }
  const names = [...partition.map((p) => p.field.name), ...t.measures.map((m) => m.name)];
  const dup = [...new Set(names.filter((n, i) => names.indexOf(n) !== i))];
  if (dup.length > 0) throw validationError(t, `Columns ambiguously defined: {${dup.join(", ")}}`);

  // The planner: MATCH_RECOGNIZE consumes insert-only changelogs.
  if (!input.node.insertOnly) throw tableException(updatesNotSupported("Match Recognize", input.node));

  // StreamExecMatch.checkOrderKeys (stream mode; batch mode sorts the bounded input).
  const firstIsTime = first !== undefined && first.c.column !== undefined && scope.cols[first.c.column]!.field.timeAttr === true;
  if (!host.env.snapshot) {
    if (!first) throw tableException("You must specify either rowtime or proctime for order by.");
    if (!firstIsTime) throw tableException("You must specify either rowtime or proctime for order by as the first one.");
    if (first.item.direction === "DESC") throw tableException("Primary sort order of a streaming table must be ascending on time.");
  }
  const sortKeys: SortKey[] = orderKeys.map((o, i) => ({ index: i, descending: o.item.direction === "DESC", nullsFirst: o.item.nulls ? o.item.nulls === "FIRST" : o.item.direction !== "DESC" }));
  const keyFns = orderKeys.map((o) => o.c.fn);
  const cmp = rowComparator(sortKeys);
  const keyRow = (r: Row): Row => keyFns.map((f) => f(r));
  let time: RowFn;
  let tieOrder: ((a: Row, b: Row) => number) | null;
  if (!host.env.snapshot) {
    const tf = first!.c.fn;
    time = tf;
    const rest = sortKeys.slice(1);
    const restCmp = rowComparator(rest);
    tieOrder = rest.length > 0 ? (a, b) => restCmp(keyRow(a), keyRow(b)) : null;
  } else {
    const timeLike = first && (first.c.type.type === "TIMESTAMP_WITHOUT_TIME_ZONE" || first.c.type.type === "TIMESTAMP_WITH_LOCAL_TIME_ZONE") && first.item.direction !== "DESC";
    const tf = timeLike ? first.c.fn : null;
    time = tf ? tf : () => 0;
    tieOrder = orderKeys.length > 0 ? (a, b) => cmp(keyRow(a), keyRow(b)) : null;
  }
  // MATCH_ROWTIME() reads the time the rows are ordered by (batch mode: the first ORDER BY key when
  // it is a timestamp column, as BatchExecMatch copies it into the record timestamp).
  const firstTimestampCol = first && first.c.column !== undefined && /^TIMESTAMP_W/.test(first.c.type.type) ? first.c.column : -1;
  const timeIndex = firstIsTime ? first!.c.column! : firstTimestampCol >= 0 ? firstTimestampCol : scope.cols.findIndex((c) => c.field.timeAttr);
  const timeType = timeIndex >= 0 ? scope.cols[timeIndex]!.type : T.timestamp(3, false);

  // StreamExecMatch.translatePattern.
  const elements: Element[] = [];
  translatePattern(t.pattern, elements);
  const seen = new Set<string>();
  for (const el of elements) {
    if (seen.has(el.name)) throw tableException("Pattern variables must be unique. That might change in the future.");
    seen.add(el.name);
  }
  const within = t.within ? withinMillis(host, t.within) : null;
  const mc = new MatchExprCompiler(host, scope, elements.map((e) => e.name), timeIndex, timeType);
  const defines = new Map(t.define.map((d) => [d.name, d]));
  const specElements: MatchElement[] = elements.map((el) => {
    const isOptional = el.min === 0 && el.max === 1;
    if (el.reluctant && isOptional) throw tableException("Reluctant optional variables are not supported yet.");
    const greedy = !el.reluctant && !isOptional && el.min !== el.max;
    const d = defines.get(el.name);
    let cond: MatchElement["cond"] = null;
    if (d) {
      const c = mc.compile(d.expr, "DEFINE");
      if (c.type.type !== "BOOLEAN" && c.type.type !== "NULL") throw validationError(d.expr, `DEFINE condition of '${d.name}' must be a boolean expression, but is ${c.type.type}`);
      const f = c.fn;
      cond = (ctx) => f(ctx) === true;
    }
    return { name: el.name, min: el.min, max: el.max === -1 ? Infinity : el.max, greedy, cond };
  });
  if (specElements.every((e) => e.min === 0)) {
    throw tableException("Patterns that can produce empty matches are not supported. There must be at least one non-optional state.");
  }
  if (specElements[specElements.length - 1]!.greedy) {
    throw tableException("Greedy quantifiers are not allowed as the last element of a Pattern yet. Finish your pattern with either a simple variable or reluctant quantifier.");
  }
  if (t.rowsPerMatch === "ALL") throw tableException("All rows per match mode is not supported yet.");

  const measures = t.measures.map((m) => ({ m, c: mc.compile(m.expr, "MEASURES") }));
  const fields: Field[] = [
    ...partition.map((p) => ({ name: p.field.name, type: p.field.type })),
    ...measures.map(({ m, c }) => ({ name: m.name, type: c.type, ...(c.rowtime ? { timeAttr: true } : {}) })),
  ];
  const fns = measures.map(({ c }) => c.fn);
  const output = (key: Row, match: MatchCtx): Row => [...key, ...fns.map((f) => f(match))];
  const skip = skipStrategy(t.afterMatch, elements.map((e) => e.name));
  const spec: MatchSpec = { partition: partition.map((p) => (r: Row) => r[p.index]), time, tieOrder, elements: specElements, skip, within, aggregates: mc.aggregates, output };
  const text =
    `Match(partitionBy=[${partition.map((p) => p.field.name).join(", ")}], orderBy=[${t.orderBy.map((o) => exprText(sql, o)).join(", ")}], ` +
    `measures=[${t.measures.map((m) => m.name).join(", ")}], rowsPerMatch=[ONE ROW PER MATCH], after=[SKIP ${skip.kind}${"name" in skip ? ` ${skip.name}` : ""}], ` +
    `pattern=[${exprText(sql, t.pattern)}]${within !== null ? `, within=[${within}ms]` : ""})`;
  return { spec, fields, text };
}

/** Calcite's default is SKIP TO NEXT ROW; `SKIP TO v` means SKIP TO LAST v. */
function skipStrategy(a: ast.AfterMatchSkip | null, names: readonly string[]): SkipStrategy {
  if (!a || a.kind === "TO NEXT ROW") return { kind: "TO NEXT ROW" };
  if (a.kind === "PAST LAST ROW") return { kind: "PAST LAST ROW" };
  return { kind: a.kind === "TO FIRST" ? "TO FIRST" : "TO LAST", variable: names.indexOf(a.variable), name: a.variable };
}

/** StreamExecMatch.translateTimeBound: a constant day-time interval. */
function withinMillis(host: MatchHost, e: ast.Expr): number {
  const c = host.compiler(new Scope([])).compile(e);
  if (e.kind !== "IntervalLiteral" || c.type.type !== "INTERVAL_DAY_TIME") {
    throw tableException("Only constant intervals with millisecond resolution are supported as time constraints of patterns.");
  }
  const v = c.fn([]);
  return typeof v === "bigint" ? Number(v) : (v as number);
}
