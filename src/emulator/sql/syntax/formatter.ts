/**
 * The unparser: AST -> Flink SQL text. Output re-parses to the same AST (positions aside) and
 * follows Flink's unparse style: upper-case keywords, backtick-quoted identifiers, minimal
 * parentheses by Calcite's operator precedence. Used for EXPLAIN, SHOW CREATE TABLE/VIEW,
 * computed-column and watermark expressions, and tests (round trip).
 */
import type { LogicalType } from "../../../types/model.ts";
import { MAX_LENGTH } from "../../../types/model.ts";
import type * as ast from "./ast.ts";
import { RESERVED } from "./keywords.ts";
import { qualifierText } from "./literals.ts";

/** Formatting options. */
export interface FormatOptions {
  /**
   * `"always"` (default, Flink's style: `` `a` ``) or `"needed"` (only names that are reserved
   * words or not plain identifiers).
   */
  readonly quoteIdentifiers?: "always" | "needed";
}

const PLAIN_IDENT = /^[A-Za-z_$\u00c0-\uffff][A-Za-z0-9_$\u00c0-\uffff]*$/;

/**
 * Unreserved words that start special syntax when followed by "(", "[" or a string, so an
 * identifier spelled like them is quoted even in "needed" mode.
 */
const SPECIAL_WORDS: ReadonlySet<string> = new Set([
  "MAP", "TRY_CAST", "TIMESTAMPADD", "TIMESTAMPDIFF", "TIMESTAMP_LTZ", "DESCRIPTOR", "EXTENDED", "TEMPORARY",
]);

/**
 * Quote an identifier with backticks (doubling inner backticks) when required or always.
 *
 * @example
 * quoteIdentifier("order id"); // "`order id`"
 * quoteIdentifier("a", { quoteIdentifiers: "needed" }); // "a"
 */
export function quoteIdentifier(name: string, options: FormatOptions = {}): string {
  const upper = name.toUpperCase();
  if (options.quoteIdentifiers === "needed" && PLAIN_IDENT.test(name) && !RESERVED.has(upper) && !SPECIAL_WORDS.has(upper)) return name;
  return "`" + name.replace(/`/g, "``") + "`";
}

/** A SQL string literal: `'it''s'`. */
export function quoteString(value: string): string {
  return "'" + value.replace(/'/g, "''") + "'";
}

/**
 * Flink SQL text of a type (`DECIMAL(10, 2)`, `STRING`, `BYTES`, `TIMESTAMP_LTZ(3)`,
 * `ROW<`a` INT, `b` STRING>`, `INT NOT NULL`), parseable by `parseDataType`.
 *
 * @example
 * formatDataType({ type: "VARCHAR", nullable: false, length: 2147483647 }); // "STRING NOT NULL"
 */
export function formatDataType(t: LogicalType, options: FormatOptions = {}): string {
  const nn = t.nullable ? "" : " NOT NULL";
  switch (t.type) {
    case "CHAR":
      return `CHAR(${t.length})${nn}`;
    case "VARCHAR":
      return (t.length === MAX_LENGTH ? "STRING" : `VARCHAR(${t.length})`) + nn;
    case "BINARY":
      return `BINARY(${t.length})${nn}`;
    case "VARBINARY":
      return (t.length === MAX_LENGTH ? "BYTES" : `VARBINARY(${t.length})`) + nn;
    case "BOOLEAN":
    case "TINYINT":
    case "SMALLINT":
    case "BIGINT":
    case "FLOAT":
    case "DOUBLE":
    case "DATE":
    case "NULL":
    case "VARIANT":
    case "SYMBOL":
      return t.type + nn;
    case "INTEGER":
      return "INT" + nn;
    case "DECIMAL":
      return `DECIMAL(${t.precision}, ${t.scale})${nn}`;
    case "TIME_WITHOUT_TIME_ZONE":
      return `TIME(${t.precision})${nn}`;
    case "TIMESTAMP_WITHOUT_TIME_ZONE":
      return `TIMESTAMP(${t.precision})${nn}`;
    case "TIMESTAMP_WITH_LOCAL_TIME_ZONE":
      return `TIMESTAMP_LTZ(${t.precision})${nn}`;
    case "TIMESTAMP_WITH_TIME_ZONE":
      return `TIMESTAMP(${t.precision}) WITH TIME ZONE${nn}`;
    case "INTERVAL_YEAR_MONTH":
      switch (t.resolution) {
        case "YEAR":
          return `INTERVAL YEAR(${t.precision})${nn}`;
        case "YEAR_TO_MONTH":
          return `INTERVAL YEAR(${t.precision}) TO MONTH${nn}`;
        case "MONTH":
          return (t.precision === 2 ? "INTERVAL MONTH" : `INTERVAL MONTH(${t.precision})`) + nn;
      }
      break;
    case "INTERVAL_DAY_TIME": {
      const p = t.precision;
      const f = t.fractionalPrecision;
      const lead = (unit: string): string => (p === 2 ? unit : `${unit}(${p})`);
      switch (t.resolution) {
        case "DAY":
          return `INTERVAL DAY(${p})${nn}`;
        case "DAY_TO_HOUR":
          return `INTERVAL DAY(${p}) TO HOUR${nn}`;
        case "DAY_TO_MINUTE":
          return `INTERVAL DAY(${p}) TO MINUTE${nn}`;
        case "DAY_TO_SECOND":
          return `INTERVAL DAY(${p}) TO SECOND(${f})${nn}`;
        case "HOUR":
          return `INTERVAL ${lead("HOUR")}${nn}`;
        case "HOUR_TO_MINUTE":
          return `INTERVAL ${lead("HOUR")} TO MINUTE${nn}`;
        case "HOUR_TO_SECOND":
          return `INTERVAL ${lead("HOUR")} TO SECOND(${f})${nn}`;
        case "MINUTE":
          return `INTERVAL ${lead("MINUTE")}${nn}`;
        case "MINUTE_TO_SECOND":
          return `INTERVAL ${lead("MINUTE")} TO SECOND(${f})${nn}`;
        case "SECOND":
          return (p === 2 ? `INTERVAL SECOND(${f})` : `INTERVAL SECOND(${p}, ${f})`) + nn;
      }
      break;
    }
    case "ARRAY":
    case "MULTISET":
      return `${t.type}<${formatDataType(t.elementType, options)}>${nn}`;
    case "MAP":
      return `MAP<${formatDataType(t.keyType, options)}, ${formatDataType(t.valueType, options)}>${nn}`;
    case "ROW":
    case "STRUCTURED_TYPE": {
      const fields = t.fields.map(
        (f) => `${quoteIdentifier(f.name, options)} ${formatDataType(f.type, options)}${f.description !== undefined ? " " + quoteString(f.description) : ""}`,
      );
      return `ROW<${fields.join(", ")}>${nn}`;
    }
    // Types the engine never produces (they only arrive from a real gateway's schemas): printed
    // as Flink prints them, for messages; the engine's parser does not read them back.
    case "DISTINCT_TYPE":
      return (t.objectIdentifier !== "" ? t.objectIdentifier : formatDataType({ ...t.sourceType, nullable: true } as LogicalType, options)) + nn;
    case "RAW":
      return `RAW(${quoteString(t.className)}${t.serializer !== undefined ? ", " + quoteString(t.serializer) : ""})${nn}`;
    case "OPAQUE":
      return t.typeName + nn;
  }
  return t satisfies never;
}

// ---------------------------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------------------------

/** Calcite precedence levels (higher binds tighter). */
const P_OR = 1;
const P_AND = 2;
const P_NOT = 3;
const P_CMP = 4;
const P_RANGE = 5;
const P_ADD = 6;
const P_MUL = 7;
const P_UNARY = 8;
const P_PRIMARY = 9;

function binaryPrecedence(op: ast.BinaryOperator): number {
  switch (op) {
    case "OR":
      return P_OR;
    case "AND":
      return P_AND;
    case "+":
    case "-":
      return P_ADD;
    case "*":
    case "/":
    case "%":
    case "||":
      return P_MUL;
    default:
      return P_CMP;
  }
}

function precedence(e: ast.Expr): number {
  switch (e.kind) {
    case "Binary":
      return binaryPrecedence(e.op);
    case "Unary":
      return e.op === "NOT" ? P_NOT : P_UNARY;
    case "Is":
    case "IsDistinctFrom":
    case "Overlaps":
    case "IsJson":
      return P_CMP;
    case "Between":
    case "InList":
    case "InSubquery":
    case "Like":
      return P_RANGE;
    case "NamedArgument":
    case "TableArgument":
      return 0;
    default:
      return P_PRIMARY;
  }
}

class Formatter {
  constructor(private readonly options: FormatOptions) {}

  id(name: string): string {
    return quoteIdentifier(name, this.options);
  }

  objectName(n: ast.ObjectName): string {
    return n.parts.map((p) => this.id(p)).join(".");
  }

  names(ns: readonly ast.Name[]): string {
    return ns.map((n) => this.id(n.value)).join(", ");
  }

  type(t: LogicalType): string {
    return formatDataType(t, this.options);
  }

  /** Format `e`, parenthesised when it binds looser than `min`. */
  expr(e: ast.Expr, min = 0): string {
    const s = this.exprInner(e);
    return precedence(e) < min ? `(${s})` : s;
  }

  private list(es: readonly ast.Expr[]): string {
    return es.map((x) => this.expr(x)).join(", ");
  }

  private exprInner(e: ast.Expr): string {
    switch (e.kind) {
      case "NumericLiteral":
        return e.text;
      case "StringLiteral":
        return quoteString(e.value);
      case "BinaryLiteral":
        return `X'${e.hex}'`;
      case "BooleanLiteral":
        return e.value ? "TRUE" : "FALSE";
      case "NullLiteral":
        return e.unknown ? "UNKNOWN" : "NULL";
      case "DatetimeLiteral":
        return `${e.keyword} ${quoteString(e.value)}`;
      case "IntervalLiteral":
        return `INTERVAL ${e.sign < 0 ? "-" : ""}${quoteString(e.text)} ${qualifierText(e.qualifier)}`;
      case "Identifier":
        return e.parts.map((p) => this.id(p)).join(".");
      case "FieldAccess": {
        // `1.f` would lex as the number `1.`: parenthesise numeric targets.
        const target = e.target.kind === "NumericLiteral" ? `(${e.target.text})` : this.expr(e.target, P_PRIMARY);
        return `${target}.${this.id(e.field)}`;
      }
      case "ElementAccess":
        return `${this.expr(e.target, P_PRIMARY)}[${this.expr(e.index)}]`;
      case "Binary": {
        const p = binaryPrecedence(e.op);
        return `${this.expr(e.left, p)} ${e.op} ${this.expr(e.right, p + 1)}`;
      }
      case "Unary": {
        if (e.op === "NOT") return `NOT ${this.expr(e.operand, P_NOT)}`;
        const inner = this.expr(e.operand, P_UNARY);
        // Never emit "--" (a comment) or "+-" ambiguities.
        return inner.startsWith("-") || inner.startsWith("+") ? `${e.op} ${inner}` : `${e.op}${inner}`;
      }
      case "Between":
        return `${this.expr(e.operand, P_RANGE)} ${e.negated ? "NOT " : ""}BETWEEN ${e.symmetric ? "SYMMETRIC " : ""}${this.expr(e.low, P_ADD)} AND ${this.expr(e.high, P_ADD)}`;
      case "InList":
        return `${this.expr(e.operand, P_RANGE)} ${e.negated ? "NOT " : ""}IN (${this.list(e.list)})`;
      case "InSubquery":
        return `${this.expr(e.operand, P_RANGE)} ${e.negated ? "NOT " : ""}IN (${this.query(e.query)})`;
      case "Like":
        return `${this.expr(e.operand, P_RANGE)} ${e.negated ? "NOT " : ""}${e.op} ${this.expr(e.pattern, P_ADD)}${e.escape ? ` ESCAPE ${this.expr(e.escape, P_ADD)}` : ""}`;
      case "Is":
        return `${this.expr(e.operand, P_CMP)} IS ${e.negated ? "NOT " : ""}${e.test}`;
      case "IsDistinctFrom":
        return `${this.expr(e.left, P_CMP)} IS ${e.negated ? "NOT " : ""}DISTINCT FROM ${this.expr(e.right, P_CMP + 1)}`;
      case "Overlaps":
        return `${this.expr(e.left, P_CMP)} OVERLAPS ${this.expr(e.right, P_CMP + 1)}`;
      case "IsJson":
        return `${this.expr(e.operand, P_CMP)} IS ${e.negated ? "NOT " : ""}JSON${e.jsonType ? " " + e.jsonType : ""}`;
      case "Exists":
        return `EXISTS (${this.query(e.query)})`;
      case "ScalarSubquery":
        return `(${this.query(e.query)})`;
      case "Case": {
        let s = "CASE";
        if (e.operand) s += " " + this.expr(e.operand);
        for (const w of e.whens) s += ` WHEN ${this.expr(w.when)} THEN ${this.expr(w.then)}`;
        if (e.else) s += ` ELSE ${this.expr(e.else)}`;
        return s + " END";
      }
      case "Cast":
        return `${e.try ? "TRY_CAST" : "CAST"}(${this.expr(e.operand)} AS ${this.type(e.type)})`;
      case "Extract":
        return `EXTRACT(${e.unit} FROM ${this.expr(e.operand)})`;
      case "Trim":
        return `TRIM(${e.side} ${e.chars ? this.expr(e.chars) + " " : ""}FROM ${this.expr(e.operand)})`;
      case "FloorCeil":
        return `${e.fn}(${this.expr(e.operand)} TO ${e.unit})`;
      case "TimestampAdd":
        return `TIMESTAMPADD(${e.unit}, ${this.expr(e.count)}, ${this.expr(e.operand)})`;
      case "TimestampDiff":
        return `TIMESTAMPDIFF(${e.unit}, ${this.expr(e.start)}, ${this.expr(e.stop)})`;
      case "JsonValue": {
        let s = `JSON_VALUE(${this.expr(e.operand)}, ${this.expr(e.path)}`;
        if (e.returning) s += ` RETURNING ${this.type(e.returning)}`;
        const b = (x: ast.JsonValueBehavior): string => (x.behavior === "DEFAULT" ? `DEFAULT ${this.expr(x.default!)}` : x.behavior);
        if (e.onEmpty) s += ` ${b(e.onEmpty)} ON EMPTY`;
        if (e.onError) s += ` ${b(e.onError)} ON ERROR`;
        return s + ")";
      }
      case "JsonQuery": {
        let s = `JSON_QUERY(${this.expr(e.operand)}, ${this.expr(e.path)}`;
        if (e.returning) s += ` RETURNING ${this.type(e.returning)}`;
        if (e.wrapper === "WITHOUT") s += " WITHOUT ARRAY WRAPPER";
        else if (e.wrapper) s += ` WITH ${e.wrapper} ARRAY WRAPPER`;
        if (e.onEmpty) s += ` ${e.onEmpty} ON EMPTY`;
        if (e.onError) s += ` ${e.onError} ON ERROR`;
        return s + ")";
      }
      case "JsonExists":
        return `JSON_EXISTS(${this.expr(e.operand)}, ${this.expr(e.path)}${e.onError ? ` ${e.onError} ON ERROR` : ""})`;
      case "JsonObject": {
        const parts = e.entries.map((kv) => `KEY ${this.expr(kv.key, P_ADD)} VALUE ${this.expr(kv.value, P_ADD)}`);
        return `JSON_OBJECT(${parts.join(", ")}${e.onNull ? `${parts.length > 0 ? " " : ""}${e.onNull} ON NULL` : ""})`;
      }
      case "JsonArray":
        return `JSON_ARRAY(${this.list(e.elements)}${e.onNull ? `${e.elements.length > 0 ? " " : ""}${e.onNull} ON NULL` : ""})`;
      case "JsonObjectAgg":
        return `JSON_OBJECTAGG(KEY ${this.expr(e.key, P_ADD)} VALUE ${this.expr(e.value, P_ADD)}${e.onNull ? ` ${e.onNull} ON NULL` : ""})`;
      case "JsonArrayAgg":
        return `JSON_ARRAYAGG(${this.expr(e.value)}${e.orderBy.length > 0 ? ` ORDER BY ${this.orderItems(e.orderBy)}` : ""}${e.onNull ? ` ${e.onNull} ON NULL` : ""})`;
      case "ArrayConstructor":
        return `ARRAY[${this.list(e.elements)}]`;
      case "MapConstructor":
        return `MAP[${e.entries.map((en) => `${this.expr(en.key)}, ${this.expr(en.value)}`).join(", ")}]`;
      case "RowConstructor":
        return e.explicit ? `ROW(${this.list(e.fields)})` : `(${this.list(e.fields)})`;
      case "NamedArgument":
        return `${this.id(e.name)} => ${this.expr(e.value)}`;
      case "Descriptor":
        return `DESCRIPTOR(${this.names(e.columns)})`;
      case "TableArgument":
        return (
          (e.name ? `TABLE ${this.objectName(e.name)}` : `TABLE (${this.query(e.query!)})`) +
          (e.partitionBy.length > 0 ? ` PARTITION BY (${this.list(e.partitionBy)})` : "")
        );
      case "FunctionCall":
        return this.call(e);
    }
    return e satisfies never;
  }

  private functionName(name: string): string {
    return PLAIN_IDENT.test(name) ? name : this.id(name);
  }

  private call(e: ast.FunctionCall): string {
    const qual = e.qualifier.map((q) => this.id(q) + ".").join("");
    const name = qual + this.functionName(e.name);
    if (e.bare) return name;
    const upper = e.name.toUpperCase();
    let args: string;
    if (e.star) args = "*";
    else if (upper === "POSITION" && e.qualifier.length === 0 && (e.args.length === 2 || e.args.length === 3)) {
      args = `${this.expr(e.args[0]!, P_ADD)} IN ${this.expr(e.args[1]!)}${e.args[2] ? ` FROM ${this.expr(e.args[2])}` : ""}`;
    } else if (upper === "OVERLAY" && e.qualifier.length === 0 && (e.args.length === 3 || e.args.length === 4)) {
      args = `${this.expr(e.args[0]!)} PLACING ${this.expr(e.args[1]!)} FROM ${this.expr(e.args[2]!)}${e.args[3] ? ` FOR ${this.expr(e.args[3])}` : ""}`;
    } else {
      args = (e.quantifier ? e.quantifier + " " : "") + this.list(e.args);
    }
    let s = `${name}(${args})`;
    if (e.withinGroup) s += ` WITHIN GROUP (ORDER BY ${this.orderItems(e.withinGroup)})`;
    if (e.filter) s += ` FILTER (WHERE ${this.expr(e.filter)})`;
    if (e.nullTreatment) s += " " + e.nullTreatment;
    if (e.over) s += " OVER " + (this.isWindowRef(e.over) ? this.id(e.over.name!) : this.windowSpec(e.over));
    return s;
  }

  private isWindowRef(w: ast.WindowSpec): boolean {
    return w.name !== null && w.partitionBy.length === 0 && w.orderBy.length === 0 && w.frame === null;
  }

  windowSpec(w: ast.WindowSpec): string {
    const parts: string[] = [];
    if (w.name !== null) parts.push(this.id(w.name));
    if (w.partitionBy.length > 0) parts.push(`PARTITION BY ${this.list(w.partitionBy)}`);
    if (w.orderBy.length > 0) parts.push(`ORDER BY ${this.orderItems(w.orderBy)}`);
    if (w.frame) {
      const b = (fb: ast.FrameBound): string => (fb.offset ? `${this.expr(fb.offset, P_ADD)} ${fb.bound}` : fb.bound);
      parts.push(w.frame.upper ? `${w.frame.unit} BETWEEN ${b(w.frame.lower)} AND ${b(w.frame.upper)}` : `${w.frame.unit} ${b(w.frame.lower)}`);
    }
    return `(${parts.join(" ")})`;
  }

  orderItems(items: readonly ast.OrderItem[]): string {
    return items.map((o) => `${this.expr(o.expr)}${o.direction ? " " + o.direction : ""}${o.nulls ? " NULLS " + o.nulls : ""}`).join(", ");
  }

  // -------------------------------------------------------------------------------------------
  // Queries
  // -------------------------------------------------------------------------------------------

  query(q: ast.Query): string {
    let s = "";
    if (q.with.length > 0) {
      s += "WITH " + q.with.map((c) => `${this.id(c.name)}${c.columns ? ` (${this.names(c.columns)})` : ""} AS (${this.query(c.query)})`).join(", ") + " ";
    }
    s += this.body(q.body);
    if (q.orderBy.length > 0) s += ` ORDER BY ${this.orderItems(q.orderBy)}`;
    if (q.limit) s += ` LIMIT ${this.expr(q.limit)}`;
    if (q.offset) s += ` OFFSET ${this.expr(q.offset)} ROWS`;
    return s;
  }

  private body(b: ast.QueryBody): string {
    switch (b.kind) {
      case "Select":
        return this.select(b);
      case "Values":
        return "VALUES " + b.rows.map((r) => `(${this.list(r)})`).join(", ");
      case "SetOperation": {
        const level = (x: ast.QueryBody): number => (x.kind === "SetOperation" ? (x.op === "INTERSECT" ? 2 : 1) : 3);
        const mine = level(b);
        const left = level(b.left) >= mine && b.left.kind !== "Query" ? this.body(b.left) : `(${this.body(b.left)})`;
        const right = level(b.right) > mine && b.right.kind !== "Query" ? this.body(b.right) : `(${this.body(b.right)})`;
        return `${left} ${b.op}${b.all ? " ALL" : ""} ${right}`;
      }
      case "Query":
        return this.query(b);
    }
  }

  private hints(hs: readonly ast.Hint[]): string {
    if (hs.length === 0) return "";
    const one = (h: ast.Hint): string => {
      const args = [...h.args.map((a) => this.id(a)), ...h.properties.map((p) => `${quoteString(p.key)}=${quoteString(p.value)}`)];
      return `${this.functionName(h.name)}(${args.join(", ")})`;
    };
    return `/*+ ${hs.map(one).join(", ")} */`;
  }

  private select(s: ast.Select): string {
    let out = "SELECT";
    if (s.hints.length > 0) out += " " + this.hints(s.hints);
    if (s.quantifier) out += " " + s.quantifier;
    out +=
      " " +
      s.items
        .map((it) =>
          it.kind === "SelectStar"
            ? [...it.qualifier.map((q) => this.id(q)), "*"].join(".")
            : `${this.expr(it.expr)}${it.alias ? " AS " + this.id(it.alias.value) : ""}`,
        )
        .join(", ");
    if (s.from) out += " FROM " + this.tableRef(s.from);
    if (s.where) out += " WHERE " + this.expr(s.where);
    if (s.groupBy) out += " GROUP BY " + (s.groupBy.length === 0 ? "()" : s.groupBy.map((g) => this.groupItem(g)).join(", "));
    if (s.having) out += " HAVING " + this.expr(s.having);
    if (s.windows.length > 0) out += " WINDOW " + s.windows.map((w) => `${this.id(w.name)} AS ${this.windowSpec(w.spec)}`).join(", ");
    return out;
  }

  private groupSet(set: readonly ast.Expr[]): string {
    return set.length === 1 && set[0]!.kind !== "RowConstructor" ? this.expr(set[0]!) : `(${this.list(set)})`;
  }

  private groupItem(g: ast.GroupItem): string {
    switch (g.kind) {
      case "GroupingSets":
        return `GROUPING SETS (${g.sets.map((s) => this.groupSet(s)).join(", ")})`;
      case "Rollup":
      case "Cube":
        return `${g.kind.toUpperCase()}(${g.elements.map((s) => this.groupSet(s)).join(", ")})`;
      default:
        return this.expr(g);
    }
  }

  private alias(a: ast.TableAlias | null): string {
    if (!a) return "";
    return ` AS ${this.id(a.name)}${a.columns ? ` (${this.names(a.columns)})` : ""}`;
  }

  tableRef(t: ast.TableRef): string {
    switch (t.kind) {
      case "NamedTable": {
        let s = this.objectName(t.name);
        if (t.hints.length > 0) s += " " + this.hints(t.hints);
        if (t.systemTime) s += ` FOR SYSTEM_TIME AS OF ${this.expr(t.systemTime, P_ADD)}`;
        return s + this.alias(t.alias);
      }
      case "DerivedTable":
        return `${t.lateral ? "LATERAL " : ""}(${this.query(t.query)})${this.alias(t.alias)}`;
      case "TableFunction":
        return `${t.lateral ? "LATERAL " : ""}TABLE(${this.call(t.call)})${this.alias(t.alias)}`;
      case "Unnest":
        return `${t.lateral ? "LATERAL " : ""}UNNEST(${this.list(t.args)})${t.withOrdinality ? " WITH ORDINALITY" : ""}${this.alias(t.alias)}`;
      case "MatchRecognize":
        return this.matchRecognize(t);
      case "Join": {
        const right = t.right.kind === "Join" ? `(${this.tableRef(t.right)})` : this.tableRef(t.right);
        const left = this.tableRef(t.left);
        if (t.comma) return `${left}, ${right}`;
        const kw = `${t.natural ? "NATURAL " : ""}${t.joinType === "INNER" ? "INNER" : t.joinType === "CROSS" ? "CROSS" : t.joinType} JOIN`;
        let s = `${left} ${kw} ${right}`;
        if (t.on) s += ` ON ${this.expr(t.on)}`;
        if (t.using) s += ` USING (${this.names(t.using)})`;
        return s;
      }
    }
  }

  private matchRecognize(t: ast.MatchRecognizeRef): string {
    const parts: string[] = [];
    if (t.partitionBy.length > 0) parts.push(`PARTITION BY ${this.list(t.partitionBy)}`);
    if (t.orderBy.length > 0) parts.push(`ORDER BY ${this.orderItems(t.orderBy)}`);
    if (t.measures.length > 0) parts.push(`MEASURES ${t.measures.map((m) => `${this.expr(m.expr)} AS ${this.id(m.name)}`).join(", ")}`);
    if (t.rowsPerMatch) parts.push(t.rowsPerMatch === "ONE" ? "ONE ROW PER MATCH" : "ALL ROWS PER MATCH");
    if (t.afterMatch) {
      const a = t.afterMatch;
      parts.push(`AFTER MATCH SKIP ${a.kind === "PAST LAST ROW" || a.kind === "TO NEXT ROW" ? a.kind : `${a.kind} ${this.id(a.variable)}`}`);
    }
    parts.push(`PATTERN (${this.rowPattern(t.pattern)})`);
    if (t.within) parts.push(`WITHIN ${this.expr(t.within, P_ADD)}`);
    if (t.subsets.length > 0) parts.push(`SUBSET ${t.subsets.map((s) => `${this.id(s.name)} = (${s.variables.map((v) => this.id(v)).join(", ")})`).join(", ")}`);
    parts.push(`DEFINE ${t.define.map((d) => `${this.id(d.name)} AS ${this.expr(d.expr)}`).join(", ")}`);
    const input = t.input.kind === "Join" ? `(${this.tableRef(t.input)})` : this.tableRef(t.input);
    return `${input} MATCH_RECOGNIZE (${parts.join(" ")})${this.alias(t.alias)}`;
  }

  /** A row pattern; `where` says where it stands, for the parentheses it needs. */
  private rowPattern(p: ast.RowPattern, where: "top" | "concat" | "operand" = "top"): string {
    switch (p.kind) {
      case "PatternVariable":
        return this.id(p.name);
      case "PatternAnchor":
        return p.anchor;
      case "PatternAlternation": {
        const s = p.items.map((i) => this.rowPattern(i)).join(" | ");
        return where === "top" ? s : `(${s})`;
      }
      case "PatternConcat": {
        const s = p.items.map((i) => this.rowPattern(i, "concat")).join(" ");
        return where === "top" ? s : `(${s})`;
      }
      case "PatternPermute":
        return `PERMUTE (${p.items.map((i) => this.rowPattern(i)).join(", ")})`;
      case "PatternExclusion":
        return `{- ${this.rowPattern(p.pattern)} -}`;
      case "PatternQuantified": {
        const inner = p.pattern.kind === "PatternVariable" || p.pattern.kind === "PatternPermute" || p.pattern.kind === "PatternExclusion" ? this.rowPattern(p.pattern) : `(${this.rowPattern(p.pattern)})`;
        let q: string;
        if (p.form === "{") q = p.min === p.max ? `{${p.min}}` : `{${p.min},${p.max === -1 ? "" : p.max}}`;
        else q = p.form;
        return `${inner}${q}${p.reluctant ? "?" : ""}`;
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Statements
  // -------------------------------------------------------------------------------------------

  private props(ps: readonly ast.Property[]): string {
    return ps.map((p) => `${quoteString(p.key)} = ${quoteString(p.value)}`).join(", ");
  }

  private like(l: ast.ShowLike | null): string {
    if (!l) return "";
    return ` ${l.negated ? "NOT " : ""}${l.caseInsensitive ? "ILIKE" : "LIKE"} ${quoteString(l.pattern)}`;
  }

  columnDef(c: ast.ColumnDef): string {
    const comment = c.comment !== null ? ` COMMENT ${quoteString(c.comment)}` : "";
    switch (c.kind) {
      case "PhysicalColumn":
        return `${this.id(c.name.value)} ${this.type(c.type)}${comment}`;
      case "ComputedColumn":
        return `${this.id(c.name.value)} AS ${this.expr(c.expr)}${comment}`;
      case "MetadataColumn":
        return `${this.id(c.name.value)} ${this.type(c.type)} METADATA${c.key !== null ? ` FROM ${quoteString(c.key)}` : ""}${c.virtual ? " VIRTUAL" : ""}${comment}`;
    }
  }

  primaryKey(pk: ast.PrimaryKey): string {
    return `${pk.constraintName !== null ? `CONSTRAINT ${this.id(pk.constraintName)} ` : ""}PRIMARY KEY (${this.names(pk.columns)})${pk.enforced ? "" : " NOT ENFORCED"}`;
  }

  watermark(w: ast.Watermark): string {
    return `WATERMARK FOR ${this.objectName(w.column)} AS ${this.expr(w.expr)}`;
  }

  distribution(d: ast.Distribution): string {
    let s = "DISTRIBUTED";
    if (d.columns.length > 0 || d.algorithm !== null) s += ` BY ${d.algorithm ? d.algorithm : ""}(${this.names(d.columns)})`;
    if (d.buckets !== null) s += ` INTO ${d.buckets} BUCKETS`;
    return s;
  }

  insert(i: ast.Insert): string {
    let s = `INSERT ${i.overwrite ? "OVERWRITE" : "INTO"} ${this.objectName(i.target)}`;
    if (i.hints.length > 0) s += " " + this.hints(i.hints);
    if (i.partition.length > 0) s += ` PARTITION (${i.partition.map((p) => `${this.id(p.key)} = ${quoteString(p.value)}`).join(", ")})`;
    if (i.columns) s += ` (${this.names(i.columns)})`;
    return `${s} ${this.query(i.source)}`;
  }

  statement(st: ast.Statement): string {
    switch (st.kind) {
      case "Query":
        return this.query(st);
      case "Insert":
        return this.insert(st);
      case "StatementSet":
        return `EXECUTE STATEMENT SET BEGIN ${st.inserts.map((i) => this.insert(i) + ";").join(" ")} END`;
      case "CreateTable": {
        let s = `CREATE ${st.orReplace ? "OR REPLACE " : ""}${st.temporary ? "TEMPORARY " : ""}TABLE ${st.ifNotExists ? "IF NOT EXISTS " : ""}${this.objectName(st.name)}`;
        const elements = st.columns.map((c) => this.columnDef(c));
        if (st.watermark) elements.push(this.watermark(st.watermark));
        if (st.primaryKey) elements.push(this.primaryKey(st.primaryKey));
        if (elements.length > 0) s += ` (\n  ${elements.join(",\n  ")}\n)`;
        if (st.comment !== null) s += `\nCOMMENT ${quoteString(st.comment)}`;
        if (st.distribution) s += `\n${this.distribution(st.distribution)}`;
        if (st.partitionedBy.length > 0) s += `\nPARTITIONED BY (${this.names(st.partitionedBy)})`;
        if (st.options.length > 0) s += `\nWITH (\n  ${st.options.map((p) => `${quoteString(p.key)} = ${quoteString(p.value)}`).join(",\n  ")}\n)`;
        if (st.like) {
          s += `\nLIKE ${this.objectName(st.like.source)}`;
          if (st.like.options.length > 0) s += ` (${st.like.options.map((o) => `${o.mode} ${o.feature}`).join(" ")})`;
        }
        if (st.asQuery) s += `\nAS ${this.query(st.asQuery)}`;
        return s;
      }
      case "CreateView":
        return `CREATE ${st.temporary ? "TEMPORARY " : ""}VIEW ${st.ifNotExists ? "IF NOT EXISTS " : ""}${this.objectName(st.name)}${st.columns ? ` (${this.names(st.columns)})` : ""}${st.comment !== null ? ` COMMENT ${quoteString(st.comment)}` : ""} AS ${this.query(st.query)}`;
      case "DropTable":
      case "DropView":
        return `DROP ${st.temporary ? "TEMPORARY " : ""}${st.kind === "DropTable" ? "TABLE" : "VIEW"} ${st.ifExists ? "IF EXISTS " : ""}${this.objectName(st.name)}`;
      case "AlterTable":
        return `ALTER TABLE ${st.ifExists ? "IF EXISTS " : ""}${this.objectName(st.name)} ${this.alterAction(st.action)}`;
      case "ShowCatalogs":
        return "SHOW CATALOGS";
      case "ShowDatabases":
        return `SHOW DATABASES${st.from ? " FROM " + this.objectName(st.from) : ""}${this.like(st.like)}`;
      case "ShowTables":
      case "ShowViews":
        return `SHOW ${st.kind === "ShowTables" ? "TABLES" : "VIEWS"}${st.from ? " FROM " + this.objectName(st.from) : ""}${this.like(st.like)}`;
      case "ShowFunctions":
        return `SHOW ${st.user ? "USER " : ""}FUNCTIONS${st.from ? " FROM " + this.objectName(st.from) : ""}${this.like(st.like)}`;
      case "ShowColumns":
        return `SHOW COLUMNS FROM ${this.objectName(st.table)}${this.like(st.like)}`;
      case "ShowCreateTable":
        return `SHOW CREATE TABLE ${this.objectName(st.name)}`;
      case "ShowCreateView":
        return `SHOW CREATE VIEW ${this.objectName(st.name)}`;
      case "ShowCurrentCatalog":
        return "SHOW CURRENT CATALOG";
      case "ShowCurrentDatabase":
        return "SHOW CURRENT DATABASE";
      case "ShowJobs":
        return "SHOW JOBS";
      case "Describe":
        return `DESCRIBE ${st.extended ? "EXTENDED " : ""}${this.objectName(st.name)}`;
      case "Explain":
        return `EXPLAIN ${st.details.length > 0 ? st.details.join(", ") + " " : ""}${this.statement(st.statement)}`;
      case "UseDatabase":
        return `USE ${this.objectName(st.name)}`;
      case "UseCatalog":
        return `USE CATALOG ${this.id(st.name)}`;
      case "Set":
        return st.key === null ? "SET" : `SET ${quoteString(st.key)} = ${quoteString(st.value ?? "")}`;
      case "Reset":
        return st.key === null ? "RESET" : `RESET ${quoteString(st.key)}`;
    }
  }

  private alterAction(a: ast.AlterTableAction): string {
    switch (a.kind) {
      case "AddSchema":
      case "ModifySchema": {
        const items: string[] = a.columns.map(
          (c) => this.columnDef(c.column) + (c.placement === null ? "" : c.placement === "FIRST" ? " FIRST" : ` AFTER ${this.id(c.placement.value)}`),
        );
        if (a.primaryKey) items.push(this.primaryKey(a.primaryKey));
        if (a.watermark) items.push(this.watermark(a.watermark));
        if (a.distribution) items.push(this.distribution(a.distribution));
        return `${a.kind === "AddSchema" ? "ADD" : "MODIFY"} (${items.join(", ")})`;
      }
      case "SetOptions":
        return `SET (${this.props(a.options)})`;
      case "ResetOptions":
        return `RESET (${a.keys.map(quoteString).join(", ")})`;
      case "RenameTable":
        return `RENAME TO ${this.objectName(a.newName)}`;
      case "RenameColumn":
        return `RENAME ${this.id(a.column.value)} TO ${this.id(a.newName.value)}`;
      case "DropColumns":
        return `DROP (${this.names(a.columns)})`;
      case "DropPrimaryKey":
        return "DROP PRIMARY KEY";
      case "DropWatermark":
        return "DROP WATERMARK";
      case "DropDistribution":
        return "DROP DISTRIBUTION";
    }
  }
}

/**
 * Flink SQL text of an expression.
 *
 * @example
 * formatExpression(parseExpression("a+1>2 AND NOT b")); // "`a` + 1 > 2 AND NOT `b`"
 */
export function formatExpression(expr: ast.Expr, options: FormatOptions = {}): string {
  return new Formatter(options).expr(expr);
}

/**
 * Flink SQL text of a statement (CREATE TABLE spans several lines, like SHOW CREATE TABLE).
 *
 * @example
 * formatStatement(parseStatement("select * from t")); // "SELECT * FROM `t`"
 */
export function formatStatement(stmt: ast.Statement, options: FormatOptions = {}): string {
  return new Formatter(options).statement(stmt);
}

/** Flink SQL text of a query (also usable for a view's expanded query). */
export function formatQuery(query: ast.Query, options: FormatOptions = {}): string {
  return new Formatter(options).query(query);
}

/** Flink SQL text of a column definition (`` `c` INT NOT NULL COMMENT 'x' ``). */
export function formatColumnDef(column: ast.ColumnDef, options: FormatOptions = {}): string {
  return new Formatter(options).columnDef(column);
}
