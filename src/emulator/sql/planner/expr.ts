/**
 * Expression analysis and compilation: AST expression -> result type (Flink's rules, via the
 * functions registry) and a JS closure over an input row, compiled once per statement.
 * Logical connectives, CASE, IS [NOT] NULL and field access are compiled here (they need lazy
 * evaluation or are structural); everything else is a registry call.
 */
import { Decimal } from "../../../types/decimal.ts";
import { EngineError } from "../../engine.ts";
import { Timestamp, localToInstant, parseDate, parseTime, parseTimestamp } from "../../../types/temporal.ts";
import type { LogicalType } from "../../../types/model.ts";
import type * as ast from "../syntax/ast.ts";
import type { RowFn } from "../runtime/dataflow.ts";
import { compareNullsFirst, compareValues, valueKey } from "../runtime/values.ts";
import type { EvalContextLike, FunctionsApi } from "./functions-api.ts";
import { jsonPathArguments } from "./json-path-arguments.ts";
import type { WatermarkSlot } from "./plan.ts";
import { Scope, unsupported, validationError } from "./scope.ts";
import { compileCurrentWatermark } from "./watermark.ts";
import { compileOverlaps } from "./overlaps.ts";
import { T, isNumeric, isString, leastRestrictive, typeName, withNullable } from "./types.ts";

/** A compiled expression. */
export interface CExpr {
  readonly type: LogicalType;
  readonly fn: RowFn;
  /** Input columns it reads. */
  readonly refs: ReadonlySet<number>;
  /** No column reads and deterministic: may be folded. */
  readonly constant: boolean;
  /** Set when the expression is exactly a column reference. */
  readonly column?: number;
  /**
   * A literal (or a keyword argument such as TIMESTAMPADD's unit): what Calcite's
   * SqlCallBinding.getOperandLiteralValue sees, so result types may depend on its value.
   */
  readonly literal?: boolean;
}

/** Hooks a caller (the query analyzer) installs for one compilation context. */
export interface ExprEnv {
  readonly scope: Scope;
  readonly fns: FunctionsApi;
  readonly ctx: EvalContextLike;
  readonly sql: string;
  readonly localTimeZone: string;
  /** Replace a whole sub-expression by an input column (group keys, aggregates, subqueries). */
  readonly substitute?: (e: ast.Expr) => CExpr | undefined;
  /** Where aggregates are illegal, the clause name for the message (e.g. "WHERE"). */
  readonly clause?: string;
  /** Called for every column reference (Top-N detection). */
  readonly onColumn?: (index: number) => void;
  /** Where CURRENT_WATERMARK reads the evaluating operator's watermark (WHERE / SELECT only). */
  readonly watermark?: WatermarkSlot;
}

const EMPTY: ReadonlySet<number> = new Set();

/** Functions Calcite accepts only inside MATCH_RECOGNIZE (planner/match-recognize.ts compiles them there). */
const MATCH_ONLY_FUNCTIONS: ReadonlySet<string> = new Set(["MATCH_ROWTIME", "MATCH_PROCTIME", "PREV", "NEXT", "FIRST", "LAST", "CLASSIFIER", "MATCH_NUMBER"]);

/**
 * Calcite's validator rewrites an unqualified USING column to COALESCE(left.k, right.k) in the
 * select list (SelectExpander) and in GROUP BY / HAVING (ExtendedExpander), including aggregate
 * arguments and OVER specs inside them; WHERE and ON use the plain expander, where the name
 * stays ambiguous.
 */
const COMMON_COLUMN_CLAUSES: ReadonlySet<string> = new Set(["SELECT", "GROUP BY", "HAVING", "aggregate arguments", "FILTER", "OVER", "OVER aggregate arguments"]);

export function expandsCommonColumns(clause: string | undefined): boolean {
  return clause !== undefined && COMMON_COLUMN_CLAUSES.has(clause);
}

function union(list: readonly CExpr[]): Set<number> {
  const s = new Set<number>();
  for (const e of list) for (const r of e.refs) s.add(r);
  return s;
}

export function exprText(sql: string, e: ast.NodeBase): string {
  return sql.slice(e.pos.offset, e.end.offset + 1);
}

/** Functions that exist only with OVER (Calcite: RESOURCE.absentOverClause()). */
const WINDOW_ONLY_FUNCTIONS: ReadonlySet<string> = new Set(["ROW_NUMBER", "RANK", "DENSE_RANK", "PERCENT_RANK", "CUME_DIST", "NTILE", "LAG", "LEAD"]);

/** Calcite's texts for an aggregate where none may be (SqlValidatorImpl, CalciteResource). */
function misplacedAggregate(clause: string | undefined, text: string): string {
  switch (clause) {
    case "WHERE":
    case "GROUP BY":
    case "ON":
      return `Aggregate expression is illegal in ${clause} clause`;
    case "aggregate arguments":
    case "OVER aggregate arguments":
      return "Aggregate expressions cannot be nested";
    case "FILTER":
      return "FILTER must not contain aggregate expression";
    default:
      return `Aggregate functions are not allowed in ${clause ?? "this clause"}: ${text}`;
  }
}

/** Structural fingerprint ignoring positions (GROUP BY matching). */
export function fingerprint(e: ast.Expr): string {
  return JSON.stringify(e, (k, v: unknown) => (k === "pos" || k === "end" ? undefined : v));
}

function constantOf(type: LogicalType, value: unknown): CExpr {
  return { type, fn: () => value, refs: EMPTY, constant: true, literal: true };
}

const INT_MAX = 2147483647n;
const LONG_MAX = 9223372036854775807n;

function numericLiteral(e: ast.NumericLiteral): CExpr {
  if (e.approximate) return constantOf(T.double(false), Number(e.text));
  if (!e.text.includes(".")) {
    const v = BigInt(e.text);
    if (v <= INT_MAX) return constantOf(T.int(false), Number(v));
    if (v <= LONG_MAX) return constantOf(T.bigint(false), v);
    const d = Decimal.parse(e.text);
    if (e.text.length > 38) throw validationError(e, `Numeric literal '${e.text}' out of range`);
    return constantOf(T.decimal(e.text.replace(/^0+(?=\d)/, "").length, 0, false), d);
  }
  const d = Decimal.parse(e.text);
  const [i, f = ""] = e.text.split(".");
  const intDigits = i!.replace(/^0+/, "").length;
  const precision = Math.max(intDigits + f.length, 1);
  if (precision > 38) throw validationError(e, `Numeric literal '${e.text}' out of range`);
  return constantOf(T.decimal(precision, f.length, false), d);
}

function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** SQL three-valued truth of a BOOLEAN internal value. */
function truth(v: unknown): boolean | null {
  return v === null || v === undefined ? null : (v as boolean);
}

export class ExprCompiler {
  constructor(readonly env: ExprEnv) {}

  with(patch: Partial<ExprEnv>): ExprCompiler {
    return new ExprCompiler({ ...this.env, ...patch });
  }

  compile(e: ast.Expr): CExpr {
    const sub = this.env.substitute?.(e);
    if (sub) return sub;
    switch (e.kind) {
      case "NumericLiteral":
        return numericLiteral(e);
      case "StringLiteral":
        return constantOf(T.char(e.value.length, false), e.value);
      case "BinaryLiteral":
        return constantOf({ type: "BINARY", length: Math.max(1, e.hex.length / 2), nullable: false }, hexToBytes(e.hex));
      case "BooleanLiteral":
        return constantOf(T.boolean(false), e.value);
      case "NullLiteral":
        return constantOf(e.unknown ? T.boolean(true) : T.null(), null);
      case "DatetimeLiteral":
        return this.#datetime(e);
      case "IntervalLiteral":
        return constantOf(e.type, e.value);
      case "Identifier":
        return this.#identifier(e);
      case "FieldAccess": {
        const target = this.compile(e.target);
        return this.#field(target, e.field, e);
      }
      case "Binary":
        return this.#binary(e);
      case "Unary":
        return this.#unary(e);
      case "Between": {
        const x = e.operand;
        // Like = and <> (FLINK-24492), BETWEEN does not coerce between numbers and strings:
        // each bound is checked as `=` would check it (same message), then compared with >= / <=.
        const xc = this.compile(x);
        for (const bound of [e.low, e.high]) {
          const bc = this.compile(bound);
          if ((isNumeric(xc.type) && isString(bc.type)) || (isString(xc.type) && isNumeric(bc.type))) this.callCompiled("=", [xc, bc], e);
        }
        const ge: ast.BinaryExpr = { kind: "Binary", op: ">=", left: x, right: e.low, pos: e.pos, end: e.end };
        const le: ast.BinaryExpr = { kind: "Binary", op: "<=", left: x, right: e.high, pos: e.pos, end: e.end };
        let both: ast.Expr = { kind: "Binary", op: "AND", left: ge, right: le, pos: e.pos, end: e.end };
        if (e.symmetric) {
          const ge2: ast.BinaryExpr = { kind: "Binary", op: ">=", left: x, right: e.high, pos: e.pos, end: e.end };
          const le2: ast.BinaryExpr = { kind: "Binary", op: "<=", left: x, right: e.low, pos: e.pos, end: e.end };
          both = { kind: "Binary", op: "OR", left: both, right: { kind: "Binary", op: "AND", left: ge2, right: le2, pos: e.pos, end: e.end }, pos: e.pos, end: e.end };
        }
        const c = this.compile(both);
        return e.negated ? this.#not(c) : c;
      }
      case "InList": {
        const c = this.#inList(e);
        return e.negated ? this.#not(c) : c;
      }
      case "Like": {
        const args = [e.operand, e.pattern, ...(e.escape ? [e.escape] : [])];
        const c = this.call(e.op, args, e);
        return e.negated ? this.#not(c) : c;
      }
      case "Is":
        return this.#is(e);
      case "IsDistinctFrom":
        return this.#distinct(e);
      case "Overlaps":
        return compileOverlaps(this, e);
      case "Case":
        return this.#case(e);
      case "Cast":
        return this.cast(this.compile(e.operand), e.type, e.try, e);
      case "ArrayConstructor":
        return this.call("ARRAY", e.elements, e);
      case "MapConstructor":
        return this.call("MAP", e.entries.flatMap((x) => [x.key, x.value]), e);
      case "RowConstructor":
        return this.#row(e);
      case "ElementAccess":
        return this.call("ITEM", [e.target, e.index], e);
      case "FunctionCall":
        return this.#function(e);
      case "Extract":
      case "Trim":
      case "FloorCeil":
      case "TimestampAdd":
      case "TimestampDiff":
      case "JsonValue":
      case "JsonQuery":
      case "JsonExists":
      case "JsonObject":
      case "JsonArray":
      case "IsJson":
        return this.special(e);
      case "InSubquery":
      case "Exists":
      case "ScalarSubquery":
        throw unsupported(e, "subqueries in this position (only WHERE conjuncts x [NOT] IN (SELECT ...), [NOT] EXISTS (SELECT ...) and scalar subqueries are supported)");
      case "JsonObjectAgg":
      case "JsonArrayAgg":
        throw unsupported(e, `${e.kind === "JsonObjectAgg" ? "JSON_OBJECTAGG" : "JSON_ARRAYAGG"}`);
      case "NamedArgument":
      case "Descriptor":
      case "TableArgument":
        throw validationError(e, `${e.kind} is only allowed as an argument of a table function`);
    }
  }

  /** Hook for syntax-specific functions; replaced by the functions binding. */
  special(e: ast.Expr): CExpr {
    return specialForms(this, e);
  }

  #datetime(e: ast.DatetimeLiteral): CExpr {
    switch (e.keyword) {
      case "DATE":
        return constantOf(e.type, parseDate(e.value));
      case "TIME":
        return constantOf(e.type, parseTime(e.value));
      case "TIMESTAMP":
        return constantOf(e.type, parseTimestamp(e.value));
      case "TIMESTAMP_LTZ":
        return constantOf(e.type, localToInstant(parseTimestamp(e.value), this.env.localTimeZone));
    }
  }

  #identifier(e: ast.Identifier): CExpr {
    const found = this.env.scope.lookup(e.parts, e, expandsCommonColumns(this.env.clause));
    if (!found) {
      // Equality correlations in a subquery's WHERE were already turned into join keys
      // (decorrelate.ts); an outer reference that reaches here is in a position they do not cover.
      let level = 0;
      for (let s = this.env.scope.outer; s; s = s.outer) {
        level++;
        if (!s.lookup(e.parts, e)) continue;
        const name = e.parts.join(".");
        throw unsupported(e, level === 1 ? `correlated subqueries (reference to outer column '${name}' outside an equality correlation in the subquery's WHERE)` : `nested multi-level correlation (reference to column '${name}' of a query ${level} levels out)`);
      }
      if (e.parts.length > 1 && this.env.scope.qualifiers().has(e.parts[0]!)) {
        throw validationError(e, `Column '${e.parts[1]}' not found in table '${e.parts[0]}'`);
      }
      throw validationError(e, `Column '${e.parts.join(".")}' not found in any table`);
    }
    const { col, used } = found;
    // Reading a ROW_NUMBER column (other than through a folded Top-N filter) keeps the number.
    if (col.field.rank) col.field.rank.rowNumberUsed = true;
    this.env.onColumn?.(col.index);
    const idx = col.index;
    let c: CExpr = { type: col.type, fn: (row) => row[idx], refs: new Set([idx]), constant: false, column: idx };
    for (let i = used; i < e.parts.length; i++) c = this.#field(c, e.parts[i]!, e);
    return c;
  }

  #field(target: CExpr, name: string, node: ast.NodeBase): CExpr {
    const t = target.type;
    if (t.type !== "ROW" && t.type !== "STRUCTURED_TYPE") {
      throw validationError(node, `Column '${name}' not found in any table`);
    }
    const i = t.fields.findIndex((f) => f.name === name);
    if (i < 0) throw validationError(node, `Unknown field '${name}'`);
    const ft = t.fields[i]!.type;
    const fn = target.fn;
    return {
      type: t.nullable ? withNullable(ft, true) : ft,
      fn: (row) => {
        const v = fn(row) as unknown[] | null;
        return v === null || v === undefined ? null : v[i];
      },
      refs: target.refs,
      constant: target.constant,
    };
  }

  #not(c: CExpr): CExpr {
    this.#requireBoolean(c, "NOT");
    const fn = c.fn;
    return { type: T.boolean(c.type.nullable), fn: (r) => { const v = truth(fn(r)); return v === null ? null : !v; }, refs: c.refs, constant: c.constant };
  }

  #requireBoolean(c: CExpr, op: string, node?: ast.NodeBase): void {
    if (c.type.type !== "BOOLEAN" && c.type.type !== "NULL") {
      throw validationError(node ?? null, `Cannot apply '${op}' to arguments of type '${typeName(c.type)}'. Supported form(s): '${op} <BOOLEAN>'`);
    }
  }

  #binary(e: ast.BinaryExpr): CExpr {
    if (e.op === "AND" || e.op === "OR") {
      const l = this.compile(e.left);
      const r = this.compile(e.right);
      for (const x of [l, r]) {
        if (x.type.type !== "BOOLEAN" && x.type.type !== "NULL") {
          throw validationError(e, `Cannot apply '${e.op}' to arguments of type '<${typeName(l.type)}> ${e.op} <${typeName(r.type)}>'. Supported form(s): '<BOOLEAN> ${e.op} <BOOLEAN>'`);
        }
      }
      const lf = l.fn;
      const rf = r.fn;
      const fn: RowFn =
        e.op === "AND"
          ? (row) => {
              const a = truth(lf(row));
              if (a === false) return false;
              const b = truth(rf(row));
              if (b === false) return false;
              return a === null || b === null ? null : true;
            }
          : (row) => {
              const a = truth(lf(row));
              if (a === true) return true;
              const b = truth(rf(row));
              if (b === true) return true;
              return a === null || b === null ? null : false;
            };
      return { type: T.boolean(l.type.nullable || r.type.nullable), fn, refs: union([l, r]), constant: l.constant && r.constant };
    }
    return this.call(e.op, [e.left, e.right], e);
  }

  #unary(e: ast.UnaryExpr): CExpr {
    if (e.op === "NOT") return this.#not(this.compile(e.operand));
    const c = this.compile(e.operand);
    if (e.op === "+") {
      if (!isNumeric(c.type) && c.type.type !== "INTERVAL_DAY_TIME" && c.type.type !== "INTERVAL_YEAR_MONTH") {
        throw validationError(e, `Cannot apply '+' to arguments of type '+<${typeName(c.type)}>'`);
      }
      return c;
    }
    // Fold a negative numeric literal so -2147483648 stays an INT like in Flink.
    if (e.operand.kind === "NumericLiteral" && !e.operand.approximate) {
      const lit = numericLiteral({ ...e.operand, text: e.operand.text });
      const v = lit.fn([]);
      if (lit.type.type === "BIGINT" && v === INT_MAX + 1n) return constantOf(T.int(false), -2147483648);
      if (lit.type.type === "DECIMAL" && e.operand.text === "9223372036854775808") return constantOf(T.bigint(false), -(LONG_MAX + 1n));
      // Calcite's parser makes `-1` a negative numeric literal.
      return { ...this.callCompiled("NEG", [c], e), literal: true };
    }
    return this.callCompiled("NEG", [c], e);
  }

  /**
   * `x IN (a, b, ...)` is `x = a OR x = b OR ...` (Calcite expands IN lists into a disjunction /
   * SEARCH): each `x = item` is type-checked as the `=` operator would be, and the result is
   * TRUE on a match, else NULL when x or any item is NULL, else FALSE. Evaluated in a loop (no
   * nested OR tree, so thousands of items cannot overflow the stack); a list of constants of
   * one exact family (integers/decimals, strings, ...) is a Set lookup.
   */
  #inList(e: ast.InListExpr): CExpr {
    if (e.list.length === 0) throw validationError(e, "IN list must not be empty");
    const x = this.compile(e.operand);
    const items = e.list.map((i) => this.compile(i));
    const eqs = items.map((item) => this.callCompiled("=", [x, item], e));
    const type = T.boolean(eqs.some((q) => q.type.nullable));
    const refs = union([x, ...items]);
    const constant = x.constant && items.every((i) => i.constant);
    const family = inFamily(x.type);
    if (family !== null && items.every((i) => i.constant && inFamily(i.type) === family)) {
      const keys = new Set<string>();
      let nullItem = false;
      for (const item of items) {
        const v = item.fn([]);
        if (v === null || v === undefined) nullItem = true;
        else keys.add(inKey(v));
      }
      const xf = x.fn;
      const miss = nullItem ? null : false;
      return { type, fn: (row) => { const v = xf(row); return v === null || v === undefined ? null : keys.has(inKey(v)) ? true : miss; }, refs, constant };
    }
    const fns = eqs.map((q) => q.fn);
    return {
      type,
      fn: (row) => {
        let unknown = false;
        for (const f of fns) {
          const r = f(row);
          if (r === true) return true;
          if (r === null || r === undefined) unknown = true;
        }
        return unknown ? null : false;
      },
      refs,
      constant,
    };
  }

  #is(e: ast.IsExpr): CExpr {
    const c = this.compile(e.operand);
    const fn = c.fn;
    let test: (v: unknown) => boolean;
    switch (e.test) {
      case "NULL":
        test = (v) => v === null || v === undefined;
        break;
      case "TRUE":
        this.#requireBoolean(c, "IS TRUE", e);
        test = (v) => v === true;
        break;
      case "FALSE":
        this.#requireBoolean(c, "IS FALSE", e);
        test = (v) => v === false;
        break;
      case "UNKNOWN":
        this.#requireBoolean(c, "IS UNKNOWN", e);
        test = (v) => v === null || v === undefined;
        break;
    }
    const neg = e.negated;
    return { type: T.boolean(false), fn: (r) => test(fn(r)) !== neg, refs: c.refs, constant: c.constant };
  }

  #distinct(e: ast.IsDistinctFromExpr): CExpr {
    const l = this.compile(e.left);
    const r = this.compile(e.right);
    leastRestrictive([l.type, r.type], "IS DISTINCT FROM");
    const lf = l.fn;
    const rf = r.fn;
    const neg = e.negated;
    return {
      type: T.boolean(false),
      fn: (row) => (compareNullsFirst(lf(row), rf(row)) !== 0) !== neg,
      refs: union([l, r]),
      constant: l.constant && r.constant,
    };
  }

  #case(e: ast.CaseExpr): CExpr {
    const operand = e.operand ? this.compile(e.operand) : null;
    const whens = e.whens.map((w) => {
      let cond: CExpr;
      if (operand) {
        const eq: ast.BinaryExpr = { kind: "Binary", op: "=", left: e.operand!, right: w.when, pos: w.pos, end: w.end };
        cond = this.compile(eq);
      } else {
        cond = this.compile(w.when);
        this.#requireBoolean(cond, "CASE WHEN", w.when);
      }
      return { cond, then: this.compile(w.then) };
    });
    const els = e.else ? this.compile(e.else) : null;
    const results = [...whens.map((w) => w.then), ...(els ? [els] : [])];
    let type = leastRestrictive(results.map((r) => r.type), "CASE");
    // Calcite: a CASE without ELSE (or with a nullable branch) is nullable.
    type = withNullable(type, !els || results.some((r) => r.type.nullable));
    const conv = results.map((r) => this.coerce(r, type));
    const conds = whens.map((w) => w.cond.fn);
    const thens = conv.slice(0, whens.length).map((c) => c.fn);
    const elseFn = els ? conv[conv.length - 1]!.fn : null;
    return {
      type,
      fn: (row) => {
        for (let i = 0; i < conds.length; i++) if (conds[i]!(row) === true) return thens[i]!(row);
        return elseFn ? elseFn(row) : null;
      },
      refs: union([...whens.map((w) => w.cond), ...results]),
      constant: whens.every((w) => w.cond.constant) && results.every((r) => r.constant),
    };
  }

  #row(e: ast.RowConstructor): CExpr {
    const fields = e.fields.map((f) => this.compile(f));
    const fns = fields.map((f) => f.fn);
    return {
      type: { type: "ROW", nullable: false, fields: fields.map((f, i) => ({ name: `EXPR$${i}`, type: f.type })) },
      fn: (row) => fns.map((f) => f(row)),
      refs: union(fields),
      constant: fields.every((f) => f.constant),
    };
  }

  /** Cast `c` to `type` when they differ beyond nullability (implicit coercion). */
  coerce(c: CExpr, type: LogicalType): CExpr {
    if (JSON.stringify(withNullable(c.type, true)) === JSON.stringify(withNullable(type, true))) {
      return c.type.nullable === type.nullable ? c : { ...c, type: withNullable(c.type, type.nullable) };
    }
    if (c.type.type === "NULL") return { ...c, type };
    const conv = this.env.fns.cast(c.type, type, false);
    const fn = c.fn;
    const ctx = this.env.ctx;
    return { type: withNullable(type, c.type.nullable || type.nullable), fn: (r) => { const v = fn(r); return v === null || v === undefined ? null : conv(v, ctx); }, refs: c.refs, constant: c.constant };
  }

  cast(c: CExpr, target: LogicalType, tryCast: boolean, _node: ast.NodeBase): CExpr {
    const conv = this.env.fns.cast(c.type, target, tryCast);
    const fn = c.fn;
    const ctx = this.env.ctx;
    const type = withNullable(target, tryCast || c.type.nullable || target.nullable && c.type.type === "NULL");
    return {
      type,
      fn: (r) => {
        const v = fn(r);
        return v === null || v === undefined ? null : conv(v, ctx);
      },
      refs: c.refs,
      constant: c.constant,
    };
  }

  #function(e: ast.FunctionCall): CExpr {
    const name = e.name.toUpperCase();
    if (e.over) {
      const clause = this.env.clause;
      if (clause === "WHERE" || clause === "GROUP BY" || clause === "HAVING" || clause === "ON") {
        throw validationError(e, `Windowed aggregate expression is illegal in ${clause} clause`);
      }
      throw unsupported(
        e,
        `'${name}(...) OVER (...)' here (OVER aggregates, LAG and LEAD may appear anywhere in a SELECT item; ROW_NUMBER, RANK and DENSE_RANK only as a whole SELECT item)`,
      );
    }
    if (this.env.fns.lookupAggregate(name) && !this.env.fns.lookupScalar(name)) {
      throw validationError(e, misplacedAggregate(this.env.clause, exprText(this.env.sql, e)));
    }
    if (WINDOW_ONLY_FUNCTIONS.has(name) && !this.env.fns.lookupScalar(name)) throw validationError(e, "OVER clause is necessary for window functions");
    if (e.star) throw validationError(e, `'*' is only allowed in COUNT(*)`);
    if (e.filter || e.withinGroup) throw validationError(e, `FILTER / WITHIN GROUP are only allowed on aggregate functions`);
    if (name === "CURRENT_WATERMARK") return compileCurrentWatermark(this, e);
    return this.call(name, e.args, e);
  }

  /** A registry function over AST arguments. */
  call(name: string, args: readonly ast.Expr[], node: ast.NodeBase): CExpr {
    return this.callCompiled(name, args.map((a) => this.compile(a)), node);
  }

  /** A registry function over compiled arguments. */
  callCompiled(name: string, args: readonly CExpr[], node: ast.NodeBase): CExpr {
    const f = this.env.fns.lookupScalar(name);
    const argTypes = args.map((a) => a.type);
    if (!f) {
      // Calcite's SqlValidatorImpl: MATCH_RECOGNIZE's own functions elsewhere.
      if (MATCH_ONLY_FUNCTIONS.has(name)) throw validationError(node, `Function '${exprText(this.env.sql, node)}' can only be used in MATCH_RECOGNIZE`);
      throw validationError(node, `No match found for function signature ${name}(${argTypes.map((t) => `<${typeName(t, false)}>`).join(", ")})`);
    }
    let type: LogicalType;
    try {
      type = (f.inferTypeWithLiterals && f.inferTypeWithLiterals(argTypes, args.map(literalValue))) || f.inferType(argTypes);
    } catch (err) {
      if (err instanceof EngineError && !/^SQL validation failed/.test(err.message) && node) {
        throw validationError(node, err.message);
      }
      throw err;
    }
    const impl = f.compile(argTypes, type, args.map((a) => a.constant));
    const ctx = this.env.ctx;
    const fns = args.map((a) => a.fn);
    let fn: RowFn;
    if (fns.length === 0) fn = () => impl([], ctx);
    else if (fns.length === 1) {
      const a = fns[0]!;
      fn = (r) => impl([a(r)], ctx);
    } else if (fns.length === 2) {
      const a = fns[0]!;
      const b = fns[1]!;
      fn = (r) => impl([a(r), b(r)], ctx);
    } else fn = (r) => impl(fns.map((g) => g(r)), ctx);
    const constant = f.deterministic !== false && args.every((a) => a.constant);
    return { type, fn, refs: union(args), constant };
  }
}

/**
 * Types whose `=` is plain value equality within the family, so an IN list of constants can be
 * a Set: exact numerics (compared by value, whatever the scale), character strings, and a few
 * scalar types compared with themselves. Approximate numerics (NaN), temporal types with
 * precision-dependent values and composites take the general path.
 */
function inFamily(t: LogicalType): string | null {
  switch (t.type) {
    case "TINYINT":
    case "SMALLINT":
    case "INTEGER":
    case "BIGINT":
    case "DECIMAL":
      return "exact";
    case "CHAR":
    case "VARCHAR":
      return "string";
    case "BOOLEAN":
    case "DATE":
      return t.type;
    default:
      return null;
  }
}

function inKey(v: unknown): string {
  // An integer and an equal decimal share a key (valueKey normalises decimals to d<unscaled>e<scale>).
  if (typeof v === "number" && Number.isInteger(v)) return `d${v}e0`;
  if (typeof v === "bigint") return `d${v}e0`;
  return valueKey(v);
}

/** The value of a literal argument (for literal-dependent result types), else undefined. */
function literalValue(a: CExpr): unknown {
  if (!a.literal) return undefined;
  const v = a.fn([]);
  return v === null ? undefined : v;
}

/**
 * The ON NULL argument of JSON_OBJECT / JSON_ARRAY, naming (` RAW i j ...`) the argument
 * positions whose value is itself a JSON_OBJECT / JSON_ARRAY call: Flink inserts those as JSON
 * rather than as strings (JsonGenerateUtils.isJsonFunctionOperand).
 */
function jsonOnNull(onNull: string, values: readonly ast.Expr[], first: number, step: number): string {
  const raw = values.flatMap((v, i) => (v.kind === "JsonObject" || v.kind === "JsonArray" || jsonRawCall(v) !== null ? [first + i * step] : []));
  return raw.length === 0 ? onNull : `${onNull} RAW ${raw.join(" ")}`;
}

/** The argument of a `JSON(text)` call (pre-formatted JSON for JSON_OBJECT / JSON_ARRAY), else null. */
function jsonRawCall(v: ast.Expr): ast.Expr | null {
  if (v.kind !== "FunctionCall" || v.name.toUpperCase() !== "JSON" || v.qualifier.length > 0 || v.args.length !== 1) return null;
  if (v.star || v.quantifier !== null || v.over !== null || v.filter !== null) return null;
  return v.args[0]!;
}

/** A JSON_OBJECT / JSON_ARRAY value: `JSON(text)` becomes its text checked and compacted ("JSON RAW"). */
function compileJsonValue(c: ExprCompiler, v: ast.Expr): CExpr {
  const raw = jsonRawCall(v);
  return raw === null ? c.compile(v) : c.callCompiled("JSON RAW", [c.compile(raw)], v);
}

/** Syntax-specific forms mapped onto registry names; arguments that are units are passed as string constants. */
function specialForms(c: ExprCompiler, e: ast.Expr): CExpr {
  const unit = (u: string): CExpr => constantOf(T.char(u.length, false), u);
  switch (e.kind) {
    case "Extract":
      return c.callCompiled("EXTRACT", [unit(e.unit), c.compile(e.operand)], e);
    case "Trim":
      return c.callCompiled("TRIM", [unit(e.side), e.chars ? c.compile(e.chars) : constantOf(T.char(1, false), " "), c.compile(e.operand)], e);
    case "FloorCeil":
      return c.callCompiled(e.fn, [c.compile(e.operand), unit(e.unit)], e);
    case "TimestampAdd":
      return c.callCompiled("TIMESTAMPADD", [unit(e.unit), c.compile(e.count), c.compile(e.operand)], e);
    case "TimestampDiff":
      return c.callCompiled("TIMESTAMPDIFF", [unit(e.unit), c.compile(e.start), c.compile(e.stop)], e);
    case "JsonValue":
    case "JsonQuery":
    case "JsonExists":
      return c.callCompiled(e.kind === "JsonValue" ? "JSON_VALUE" : e.kind === "JsonQuery" ? "JSON_QUERY" : "JSON_EXISTS", jsonPathArguments(c, e, unit), e);
    case "JsonObject": {
      const values = e.entries.map((kv) => kv.value);
      const args: CExpr[] = [unit(jsonOnNull(e.onNull ?? "NULL", values, 2, 2))];
      for (const kv of e.entries) args.push(c.compile(kv.key), compileJsonValue(c, kv.value));
      return c.callCompiled("JSON_OBJECT", args, e);
    }
    case "JsonArray":
      return c.callCompiled("JSON_ARRAY", [unit(jsonOnNull(e.onNull ?? "ABSENT", e.elements, 1, 1)), ...e.elements.map((x) => compileJsonValue(c, x))], e);
    case "IsJson": {
      const r = c.callCompiled("IS JSON", [c.compile(e.operand), unit(e.jsonType ?? "VALUE")], e);
      if (!e.negated) return r;
      const fn = r.fn;
      return { ...r, fn: (row) => { const v = fn(row); return v === null ? null : !v; } };
    }
    default:
      throw unsupported(e, e.kind);
  }
}

/** Evaluate a constant expression now (LIMIT/OFFSET, window sizes). */
export function evalConstant(c: CExpr): unknown {
  return c.fn([]);
}

/** The sort key of ORDER BY defaults: Flink puts NULLs first ascending, last descending. */
export function defaultNullsFirst(descending: boolean): boolean {
  return !descending;
}

export { compareValues, valueKey, Timestamp };
