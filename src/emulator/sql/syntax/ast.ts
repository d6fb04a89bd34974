/**
 * The typed abstract syntax tree of the emulator's Flink SQL dialect, produced by
 * `parseStatement` (./parser.ts) and consumed by the planner.
 *
 * Conventions (the planner relies on them):
 * - Every node is a plain object with a string `kind` discriminant, a `pos` (its first
 *   character) and an `end` (its LAST character, inclusive, which is what Calcite/Flink cite in
 *   "From line 1, column 8 to line 1, column 10: ..." messages; the node's text is
 *   `sql.slice(pos.offset, end.offset + 1)`). Lines and columns are 1-based, offsets 0-based
 *   UTF-16 code-unit indexes.
 * - Absent optional parts are `null` (or an empty array), never `undefined`, so two parses of the
 *   same text are deep-equal.
 * - Identifiers keep their spelling: Flink does not fold identifier case (backtick quoting only
 *   allows special characters). Keywords and function names are case-insensitive; function names
 *   are stored as written (compare with `toUpperCase()`).
 * - Every type is a `LogicalType` from src/types/model.ts, with Flink SQL's defaults applied
 *   (DECIMAL = DECIMAL(10, 0), CHAR = CHAR(1), BINARY = BINARY(1), VARCHAR = STRING and
 *   VARBINARY = BYTES (Flink's type system gives them the maximum length), TIMESTAMP and
 *   TIMESTAMP_LTZ = precision 6, TIME = TIME(0), intervals: leading precision 2, fractional 6).
 * - Purely syntactic variants are normalised (see each node): `!=` is `<>`, FETCH FIRST is LIMIT,
 *   SUBSTRING(s FROM i FOR n) is SUBSTRING(s, i, n), an inline `PRIMARY KEY` column constraint is
 *   the table's `primaryKey`. Anything with a different meaning keeps its own shape.
 *
 * This file holds types only (no runtime code), so importing it costs nothing.
 */
import type { LogicalType } from "../../../types/model.ts";

// ---------------------------------------------------------------------------------------------
// Positions and common pieces
// ---------------------------------------------------------------------------------------------

/** A source position: 1-based line and column, 0-based offset into the SQL text. */
export interface Pos {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

/** Fields every node has. */
export interface NodeBase {
  /** First character of the node. */
  readonly pos: Pos;
  /** Last character of the node (inclusive). */
  readonly end: Pos;
}

/**
 * A possibly qualified object name: `t`, `db.t`, `catalog.db.t` (each part unquoted or
 * backtick-quoted; quoting is not kept because it does not change the name in Flink).
 */
export interface ObjectName extends NodeBase {
  readonly kind: "ObjectName";
  readonly parts: readonly string[];
}

/** A simple (unqualified) name with its position, e.g. a column in a column list. */
export interface Name extends NodeBase {
  readonly kind: "Name";
  readonly value: string;
}

/** `'key' = 'value'` in WITH (...), SET, hints. Key and value are unescaped string contents. */
export interface Property extends NodeBase {
  readonly kind: "Property";
  readonly key: string;
  readonly value: string;
}

/**
 * Datetime units (EXTRACT, FLOOR/CEIL TO, TIMESTAMPADD/TIMESTAMPDIFF, interval qualifiers).
 * `SQL_TSI_*` spellings in TIMESTAMPADD/TIMESTAMPDIFF are normalised to the plain unit.
 */
export type TimeUnit =
  | "MILLENNIUM"
  | "CENTURY"
  | "DECADE"
  | "YEAR"
  | "ISOYEAR"
  | "QUARTER"
  | "MONTH"
  | "WEEK"
  | "DAY"
  | "DOW"
  | "ISODOW"
  | "DOY"
  | "HOUR"
  | "MINUTE"
  | "SECOND"
  | "MILLISECOND"
  | "MICROSECOND"
  | "NANOSECOND"
  | "EPOCH";

/** The units an interval qualifier may start or end with. */
export type IntervalUnit = "YEAR" | "MONTH" | "DAY" | "HOUR" | "MINUTE" | "SECOND";

/**
 * An interval qualifier: `DAY`, `DAY(3)`, `YEAR TO MONTH`, `DAY(3) TO SECOND(3)`,
 * `SECOND(2, 3)`. Precisions are null when not written.
 */
export interface IntervalQualifier extends NodeBase {
  readonly kind: "IntervalQualifier";
  readonly start: IntervalUnit;
  /** The `TO` unit, or null for a single-field qualifier. */
  readonly endUnit: IntervalUnit | null;
  /** Leading-field precision as written (`DAY(3)` -> 3). */
  readonly startPrecision: number | null;
  /** Fractional-second precision as written (`TO SECOND(3)` -> 3, `SECOND(2, 3)` -> 3). */
  readonly fractionalPrecision: number | null;
}

// ---------------------------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------------------------

/**
 * An exact (`42`, `1.50`, `.5`) or approximate (`1E2`, `1.5e-3`) numeric literal, unsigned
 * (a leading minus is a `Unary`). `text` is the literal as written. Flink types exact integers as
 * INT/BIGINT/DECIMAL by magnitude, exact decimals as DECIMAL(p, s), approximate ones as DOUBLE.
 */
export interface NumericLiteral extends NodeBase {
  readonly kind: "NumericLiteral";
  readonly text: string;
  readonly approximate: boolean;
}

/**
 * A character string literal with its contents unescaped (`'it''s'` -> `it's`, `U&'\00e9'`
 * -> `é`). Adjacent literals separated only by whitespace containing a newline are
 * concatenated, as in Calcite. Flink types it CHAR(n) with n = value length (CHAR(0) for '').
 */
export interface StringLiteral extends NodeBase {
  readonly kind: "StringLiteral";
  readonly value: string;
}

/** `x'0aFF'`: `hex` holds the digits as written, upper-cased (even count). Type BINARY(n). */
export interface BinaryLiteral extends NodeBase {
  readonly kind: "BinaryLiteral";
  readonly hex: string;
}

/** TRUE / FALSE. */
export interface BooleanLiteral extends NodeBase {
  readonly kind: "BooleanLiteral";
  readonly value: boolean;
}

/** NULL (type NULL) or UNKNOWN (a BOOLEAN null). */
export interface NullLiteral extends NodeBase {
  readonly kind: "NullLiteral";
  /** True when written UNKNOWN: typed BOOLEAN instead of NULL. */
  readonly unknown: boolean;
}

/**
 * `DATE '2024-01-31'`, `TIME '12:34:56.789'`, `TIMESTAMP '2024-01-31 12:34:56.5'`,
 * `TIMESTAMP_LTZ '...'` (also `TIMESTAMP WITH LOCAL TIME ZONE '...'`). The format is checked by
 * the parser; `type` is NOT NULL with the precision given by the fractional digits written (as in
 * Calcite: `TIMESTAMP '2024-01-01 00:00:00'` is TIMESTAMP(0)).
 */
export interface DatetimeLiteral extends NodeBase {
  readonly kind: "DatetimeLiteral";
  readonly keyword: "DATE" | "TIME" | "TIMESTAMP" | "TIMESTAMP_LTZ";
  /** The string contents, trimmed. */
  readonly value: string;
  readonly type: LogicalType;
}

/**
 * `INTERVAL '1-6' YEAR TO MONTH`, `INTERVAL '2 04:15:20.123' DAY TO SECOND`, `INTERVAL '10'
 * MINUTE`, `INTERVAL -'1' DAY`. The parser validates the string against the qualifier and
 * computes the value in Flink's internal unit: total months for year-month intervals, total
 * milliseconds for day-time intervals (digits beyond milliseconds are truncated, as Flink does).
 * `type` is the qualifier's type (NOT NULL, defaults: leading precision 2, fractional 6); note
 * that Flink's planner reports day-time literal results as INTERVAL SECOND(3) and year-month ones
 * as INTERVAL MONTH, which is the planner's concern.
 */
export interface IntervalLiteral extends NodeBase {
  readonly kind: "IntervalLiteral";
  /** The string contents as written (sign included if it was inside the quotes). */
  readonly text: string;
  /** Sign written outside the quotes (`INTERVAL -'1' DAY` -> -1), else 1. */
  readonly sign: 1 | -1;
  readonly qualifier: IntervalQualifier;
  /** Months (YEAR/MONTH qualifiers) or milliseconds (DAY..SECOND), sign applied. */
  readonly value: number;
  readonly type: LogicalType;
}

/**
 * A possibly compound identifier: `a`, `t.a`, `db.t.a`, `r.f`, `` `weird name` ``, `$rowtime`.
 * Which parts name a table and which a column or row field is decided by the planner.
 */
export interface Identifier extends NodeBase {
  readonly kind: "Identifier";
  readonly parts: readonly string[];
}

/** `expr.field` where `expr` is not a plain identifier, e.g. `(r).f`, `f(x).a`, `a[1].b`. */
export interface FieldAccess extends NodeBase {
  readonly kind: "FieldAccess";
  readonly target: Expr;
  readonly field: string;
}

/** `a[i]` (array, 1-based) or `m['k']` (map). */
export interface ElementAccess extends NodeBase {
  readonly kind: "ElementAccess";
  readonly target: Expr;
  readonly index: Expr;
}

/** Binary operators with their SQL names (function-registry names). `!=` is parsed as `<>`. */
export type BinaryOperator =
  | "OR"
  | "AND"
  | "="
  | "<>"
  | "<"
  | "<="
  | ">"
  | ">="
  | "+"
  | "-"
  | "*"
  | "/"
  | "%"
  | "||";

export interface BinaryExpr extends NodeBase {
  readonly kind: "Binary";
  readonly op: BinaryOperator;
  readonly left: Expr;
  readonly right: Expr;
}

/** `NOT x`, `-x`, `+x`. */
export interface UnaryExpr extends NodeBase {
  readonly kind: "Unary";
  readonly op: "NOT" | "-" | "+";
  readonly operand: Expr;
}

/** `x [NOT] BETWEEN [ASYMMETRIC | SYMMETRIC] low AND high`. */
export interface BetweenExpr extends NodeBase {
  readonly kind: "Between";
  readonly operand: Expr;
  readonly low: Expr;
  readonly high: Expr;
  readonly negated: boolean;
  readonly symmetric: boolean;
}

/** `x [NOT] IN (a, b, ...)`. */
export interface InListExpr extends NodeBase {
  readonly kind: "InList";
  readonly operand: Expr;
  readonly list: readonly Expr[];
  readonly negated: boolean;
}

/** `x [NOT] IN (SELECT ...)`; `operand` may be a row `(a, b)`. */
export interface InSubqueryExpr extends NodeBase {
  readonly kind: "InSubquery";
  readonly operand: Expr;
  readonly query: Query;
  readonly negated: boolean;
}

/** `x [NOT] LIKE p [ESCAPE e]` and `x [NOT] SIMILAR TO p [ESCAPE e]`. */
export interface LikeExpr extends NodeBase {
  readonly kind: "Like";
  readonly op: "LIKE" | "SIMILAR TO";
  readonly operand: Expr;
  readonly pattern: Expr;
  readonly escape: Expr | null;
  readonly negated: boolean;
}

/** `x IS [NOT] NULL | TRUE | FALSE | UNKNOWN`. */
export interface IsExpr extends NodeBase {
  readonly kind: "Is";
  readonly operand: Expr;
  readonly test: "NULL" | "TRUE" | "FALSE" | "UNKNOWN";
  readonly negated: boolean;
}

/** `(start1, end1) OVERLAPS (start2, end2)`: each side is a period (a two-field row). */
export interface OverlapsExpr extends NodeBase {
  readonly kind: "Overlaps";
  readonly left: Expr;
  readonly right: Expr;
}

/** `a IS [NOT] DISTINCT FROM b`. */
export interface IsDistinctFromExpr extends NodeBase {
  readonly kind: "IsDistinctFrom";
  readonly left: Expr;
  readonly right: Expr;
  readonly negated: boolean;
}

/** `x IS [NOT] JSON [VALUE | SCALAR | ARRAY | OBJECT]`. */
export interface IsJsonExpr extends NodeBase {
  readonly kind: "IsJson";
  readonly operand: Expr;
  readonly jsonType: "VALUE" | "SCALAR" | "ARRAY" | "OBJECT" | null;
  readonly negated: boolean;
}

/** `EXISTS (SELECT ...)`. */
export interface ExistsExpr extends NodeBase {
  readonly kind: "Exists";
  readonly query: Query;
}

/** `(SELECT ...)` used as a value. */
export interface ScalarSubquery extends NodeBase {
  readonly kind: "ScalarSubquery";
  readonly query: Query;
}

export interface CaseWhen extends NodeBase {
  readonly kind: "CaseWhen";
  readonly when: Expr;
  readonly then: Expr;
}

/** Simple (`CASE x WHEN 1 THEN ...`, operand set) or searched (`CASE WHEN p THEN ...`) CASE. */
export interface CaseExpr extends NodeBase {
  readonly kind: "Case";
  readonly operand: Expr | null;
  readonly whens: readonly CaseWhen[];
  readonly else: Expr | null;
}

/** `CAST(x AS type)` / `TRY_CAST(x AS type)`. */
export interface CastExpr extends NodeBase {
  readonly kind: "Cast";
  readonly operand: Expr;
  readonly type: LogicalType;
  readonly try: boolean;
}

/** `EXTRACT(unit FROM x)`. */
export interface ExtractExpr extends NodeBase {
  readonly kind: "Extract";
  readonly unit: TimeUnit;
  readonly operand: Expr;
}

/** `TRIM([[BOTH | LEADING | TRAILING] [chars] FROM] s)`; side defaults to BOTH, chars to null (space). */
export interface TrimExpr extends NodeBase {
  readonly kind: "Trim";
  readonly side: "BOTH" | "LEADING" | "TRAILING";
  readonly chars: Expr | null;
  readonly operand: Expr;
}

/** `FLOOR(x TO unit)` / `CEIL(x TO unit)` (CEILING is CEIL). Without `TO` these are FunctionCalls. */
export interface FloorCeilExpr extends NodeBase {
  readonly kind: "FloorCeil";
  readonly fn: "FLOOR" | "CEIL";
  readonly operand: Expr;
  readonly unit: TimeUnit;
}

/** `TIMESTAMPADD(unit, count, datetime)`. */
export interface TimestampAddExpr extends NodeBase {
  readonly kind: "TimestampAdd";
  readonly unit: TimeUnit;
  readonly count: Expr;
  readonly operand: Expr;
}

/** `TIMESTAMPDIFF(unit, start, end)` (result = end - start in units). */
export interface TimestampDiffExpr extends NodeBase {
  readonly kind: "TimestampDiff";
  readonly unit: TimeUnit;
  readonly start: Expr;
  readonly stop: Expr;
}

/** JSON ON EMPTY / ON ERROR behaviour for JSON_VALUE. */
export interface JsonValueBehavior extends NodeBase {
  readonly kind: "JsonValueBehavior";
  readonly behavior: "NULL" | "ERROR" | "DEFAULT";
  /** The DEFAULT expression, else null. */
  readonly default: Expr | null;
}

/** `JSON_VALUE(json, path [RETURNING type] [... ON EMPTY] [... ON ERROR])`. */
export interface JsonValueExpr extends NodeBase {
  readonly kind: "JsonValue";
  readonly operand: Expr;
  readonly path: Expr;
  /** RETURNING type, null when not written (Flink's default is STRING). */
  readonly returning: LogicalType | null;
  readonly onEmpty: JsonValueBehavior | null;
  readonly onError: JsonValueBehavior | null;
}

/** `JSON_QUERY(json, path [RETURNING type] [wrapper] [... ON EMPTY] [... ON ERROR])`. */
export interface JsonQueryExpr extends NodeBase {
  readonly kind: "JsonQuery";
  readonly operand: Expr;
  readonly path: Expr;
  readonly returning: LogicalType | null;
  /** `WITHOUT [ARRAY] WRAPPER`, `WITH [CONDITIONAL | UNCONDITIONAL] [ARRAY] WRAPPER` (WITH alone is UNCONDITIONAL). */
  readonly wrapper: "WITHOUT" | "CONDITIONAL" | "UNCONDITIONAL" | null;
  readonly onEmpty: "NULL" | "EMPTY ARRAY" | "EMPTY OBJECT" | "ERROR" | null;
  readonly onError: "NULL" | "EMPTY ARRAY" | "EMPTY OBJECT" | "ERROR" | null;
}

/** `JSON_EXISTS(json, path [{TRUE | FALSE | UNKNOWN | ERROR} ON ERROR])`. */
export interface JsonExistsExpr extends NodeBase {
  readonly kind: "JsonExists";
  readonly operand: Expr;
  readonly path: Expr;
  readonly onError: "TRUE" | "FALSE" | "UNKNOWN" | "ERROR" | null;
}

export interface JsonKeyValue extends NodeBase {
  readonly kind: "JsonKeyValue";
  readonly key: Expr;
  readonly value: Expr;
}

/** `JSON_OBJECT([KEY] k VALUE v, ... [{NULL | ABSENT} ON NULL])`; also `k : v`. onNull null = not written (default NULL ON NULL). */
export interface JsonObjectExpr extends NodeBase {
  readonly kind: "JsonObject";
  readonly entries: readonly JsonKeyValue[];
  readonly onNull: "NULL" | "ABSENT" | null;
}

/** `JSON_ARRAY(v, ... [{NULL | ABSENT} ON NULL])`; onNull null = not written (default ABSENT ON NULL). */
export interface JsonArrayExpr extends NodeBase {
  readonly kind: "JsonArray";
  readonly elements: readonly Expr[];
  readonly onNull: "NULL" | "ABSENT" | null;
}

/** `JSON_OBJECTAGG([KEY] k VALUE v [{NULL | ABSENT} ON NULL])` (an aggregate). */
export interface JsonObjectAggExpr extends NodeBase {
  readonly kind: "JsonObjectAgg";
  readonly key: Expr;
  readonly value: Expr;
  readonly onNull: "NULL" | "ABSENT" | null;
}

/** `JSON_ARRAYAGG(v [ORDER BY ...] [{NULL | ABSENT} ON NULL])` (an aggregate). */
export interface JsonArrayAggExpr extends NodeBase {
  readonly kind: "JsonArrayAgg";
  readonly value: Expr;
  readonly orderBy: readonly OrderItem[];
  readonly onNull: "NULL" | "ABSENT" | null;
}

/** `ARRAY[a, b, ...]`. */
export interface ArrayConstructor extends NodeBase {
  readonly kind: "ArrayConstructor";
  readonly elements: readonly Expr[];
}

export interface MapEntry extends NodeBase {
  readonly kind: "MapEntry";
  readonly key: Expr;
  readonly value: Expr;
}

/** `MAP[k1, v1, k2, v2, ...]` (pairs grouped into entries). */
export interface MapConstructor extends NodeBase {
  readonly kind: "MapConstructor";
  readonly entries: readonly MapEntry[];
}

/** `ROW(a, b)` (explicit) or `(a, b)` (implicit, two or more fields). */
export interface RowConstructor extends NodeBase {
  readonly kind: "RowConstructor";
  readonly fields: readonly Expr[];
  readonly explicit: boolean;
}

/** `name => value`: a named argument of a (table) function call. */
export interface NamedArgument extends NodeBase {
  readonly kind: "NamedArgument";
  /** As written (`DATA`, `TIMECOL`, `SIZE`, `SLIDE`, `STEP`, `OFFSET`, ...); compare upper-cased. */
  readonly name: string;
  readonly value: Expr;
}

/** `DESCRIPTOR(a, b)`: column names passed to a table function (the time attribute of a window TVF). */
export interface DescriptorExpr extends NodeBase {
  readonly kind: "Descriptor";
  readonly columns: readonly Name[];
}

/**
 * `TABLE t` or `TABLE (subquery)` passed as a table argument of a table function (window TVFs),
 * optionally `TABLE t PARTITION BY k` (SESSION windows).
 */
export interface TableArgument extends NodeBase {
  readonly kind: "TableArgument";
  /** The table name, or null when `query` is given. */
  readonly name: ObjectName | null;
  readonly query: Query | null;
  /** `PARTITION BY` keys (empty when not written). */
  readonly partitionBy: readonly Expr[];
}

/** The frame bound of an OVER window. `offset` is set for `n PRECEDING` / `n FOLLOWING`. */
export interface FrameBound extends NodeBase {
  readonly kind: "FrameBound";
  readonly bound: "UNBOUNDED PRECEDING" | "PRECEDING" | "CURRENT ROW" | "FOLLOWING" | "UNBOUNDED FOLLOWING";
  readonly offset: Expr | null;
}

/** `ROWS | RANGE {lower | BETWEEN lower AND upper}` (upper null for the short form, meaning CURRENT ROW). */
export interface WindowFrame extends NodeBase {
  readonly kind: "WindowFrame";
  readonly unit: "ROWS" | "RANGE";
  readonly lower: FrameBound;
  readonly upper: FrameBound | null;
}

/**
 * An OVER window: `OVER (PARTITION BY ... ORDER BY ... ROWS BETWEEN ...)`, `OVER w` (only
 * `name` set) or `OVER (w ORDER BY ...)` (a named base window refined).
 */
export interface WindowSpec extends NodeBase {
  readonly kind: "WindowSpec";
  /** The named window referenced, or null. */
  readonly name: string | null;
  readonly partitionBy: readonly Expr[];
  readonly orderBy: readonly OrderItem[];
  readonly frame: WindowFrame | null;
}

/**
 * A function call: `f(a, b)`, `COUNT(*)`, `COUNT(DISTINCT x)`, `SUM(x) FILTER (WHERE p)`,
 * `ROW_NUMBER() OVER (...)`, `LISTAGG(x, ',') WITHIN GROUP (ORDER BY y)`, window TVFs
 * `TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '1' MINUTE)` (args include TableArgument, Descriptor,
 * NamedArgument), and niladic `CURRENT_TIMESTAMP` / `CURRENT_DATE` / `CURRENT_TIME` /
 * `LOCALTIMESTAMP` / `LOCALTIME` / `CURRENT_USER` etc. written without parentheses (`bare`).
 * Normalised special syntax: SUBSTRING(s FROM i [FOR n]) -> SUBSTRING(s, i[, n]);
 * POSITION(a IN b [FROM i]) -> POSITION(a, b[, i]); OVERLAY(s PLACING r FROM i [FOR n]) ->
 * OVERLAY(s, r, i[, n]); CEILING -> name kept as written.
 */
export interface FunctionCall extends NodeBase {
  readonly kind: "FunctionCall";
  /** The function name as written (last part of a qualified name). */
  readonly name: string;
  /** Catalog/database qualifier parts (`db.f(x)` -> ["db"]), usually empty. */
  readonly qualifier: readonly string[];
  readonly args: readonly Expr[];
  /** `f(DISTINCT x)` / `f(ALL x)`. */
  readonly quantifier: "DISTINCT" | "ALL" | null;
  /** `COUNT(*)` (args is then empty). */
  readonly star: boolean;
  /** `FILTER (WHERE p)`. */
  readonly filter: Expr | null;
  /** `WITHIN GROUP (ORDER BY ...)` (also `f(x ORDER BY y)` written inside the call), or null. */
  readonly withinGroup: readonly OrderItem[] | null;
  /** `RESPECT NULLS` / `IGNORE NULLS` after the call. */
  readonly nullTreatment: "RESPECT NULLS" | "IGNORE NULLS" | null;
  readonly over: WindowSpec | null;
  /** Written without parentheses (CURRENT_TIMESTAMP and friends). */
  readonly bare: boolean;
}

/** Any expression. */
export type Expr =
  | NumericLiteral
  | StringLiteral
  | BinaryLiteral
  | BooleanLiteral
  | NullLiteral
  | DatetimeLiteral
  | IntervalLiteral
  | Identifier
  | FieldAccess
  | ElementAccess
  | BinaryExpr
  | UnaryExpr
  | BetweenExpr
  | InListExpr
  | InSubqueryExpr
  | LikeExpr
  | IsExpr
  | IsDistinctFromExpr
  | OverlapsExpr
  | IsJsonExpr
  | ExistsExpr
  | ScalarSubquery
  | CaseExpr
  | CastExpr
  | ExtractExpr
  | TrimExpr
  | FloorCeilExpr
  | TimestampAddExpr
  | TimestampDiffExpr
  | JsonValueExpr
  | JsonQueryExpr
  | JsonExistsExpr
  | JsonObjectExpr
  | JsonArrayExpr
  | JsonObjectAggExpr
  | JsonArrayAggExpr
  | ArrayConstructor
  | MapConstructor
  | RowConstructor
  | NamedArgument
  | DescriptorExpr
  | TableArgument
  | FunctionCall;

export type ExprKind = Expr["kind"];

// ---------------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------------

/** `expr [ASC | DESC] [NULLS FIRST | NULLS LAST]`; direction/nulls null when not written. */
export interface OrderItem extends NodeBase {
  readonly kind: "OrderItem";
  readonly expr: Expr;
  readonly direction: "ASC" | "DESC" | null;
  readonly nulls: "FIRST" | "LAST" | null;
}

/** `expr [[AS] alias]` in a select list. */
export interface SelectExprItem extends NodeBase {
  readonly kind: "SelectExpr";
  readonly expr: Expr;
  readonly alias: Name | null;
}

/** `*` or `t.*` / `db.t.*` (qualifier parts) in a select list. */
export interface SelectStarItem extends NodeBase {
  readonly kind: "SelectStar";
  readonly qualifier: readonly string[];
}

export type SelectItem = SelectExprItem | SelectStarItem;

/** A hint `/*+ NAME(args) *\/`: `OPTIONS('k'='v')` fills `properties`, `NAME(a, b)` fills `args`. */
export interface Hint extends NodeBase {
  readonly kind: "Hint";
  readonly name: string;
  readonly args: readonly string[];
  readonly properties: readonly Property[];
}

/** `GROUPING SETS ((a, b), (a), ())`: each set is a list of expressions (empty = grand total). */
export interface GroupingSets extends NodeBase {
  readonly kind: "GroupingSets";
  readonly sets: readonly (readonly Expr[])[];
}

/** `ROLLUP(a, (b, c))` / `CUBE(...)`: each element is a list (a parenthesised group or one expression). */
export interface RollupCube extends NodeBase {
  readonly kind: "Rollup" | "Cube";
  readonly elements: readonly (readonly Expr[])[];
}

export type GroupItem = Expr | GroupingSets | RollupCube;

/** `WINDOW w AS (...)` entry. */
export interface NamedWindow extends NodeBase {
  readonly kind: "NamedWindow";
  readonly name: string;
  readonly spec: WindowSpec;
}

/** `SELECT [DISTINCT | ALL] items [FROM ...] [WHERE ...] [GROUP BY ...] [HAVING ...] [WINDOW ...]`. */
export interface Select extends NodeBase {
  readonly kind: "Select";
  readonly hints: readonly Hint[];
  readonly quantifier: "DISTINCT" | "ALL" | null;
  readonly items: readonly SelectItem[];
  readonly from: TableRef | null;
  readonly where: Expr | null;
  /** null when there is no GROUP BY (an empty array is `GROUP BY ()`). */
  readonly groupBy: readonly GroupItem[] | null;
  readonly having: Expr | null;
  readonly windows: readonly NamedWindow[];
}

/** `VALUES (1, 'a'), (2, 'b')`; `VALUES 1, 2` is two one-column rows. */
export interface Values extends NodeBase {
  readonly kind: "Values";
  readonly rows: readonly (readonly Expr[])[];
}

/** `left UNION [ALL | DISTINCT] right` etc. `all` false = DISTINCT (the default). */
export interface SetOperation extends NodeBase {
  readonly kind: "SetOperation";
  readonly op: "UNION" | "INTERSECT" | "EXCEPT";
  readonly all: boolean;
  readonly left: QueryBody;
  readonly right: QueryBody;
}

/** The body of a query; a parenthesised query with its own WITH/ORDER BY/LIMIT is a nested Query. */
export type QueryBody = Select | Values | SetOperation | Query;

/** `name [(cols)] AS (query)` in WITH. */
export interface CommonTableExpr extends NodeBase {
  readonly kind: "CommonTableExpr";
  readonly name: string;
  readonly columns: readonly Name[] | null;
  readonly query: Query;
}

/**
 * A complete query: `[WITH ...] body [ORDER BY ...] [LIMIT n | FETCH FIRST n ROWS ONLY]
 * [OFFSET m [ROWS]]`. Every query (top level, subquery, CTE, INSERT source) is wrapped in one.
 */
export interface Query extends NodeBase {
  readonly kind: "Query";
  readonly with: readonly CommonTableExpr[];
  readonly body: QueryBody;
  readonly orderBy: readonly OrderItem[];
  readonly limit: Expr | null;
  readonly offset: Expr | null;
}

/** `AS alias [(c1, c2)]` after a table reference. */
export interface TableAlias extends NodeBase {
  readonly kind: "TableAlias";
  readonly name: string;
  readonly columns: readonly Name[] | null;
}

/** A table or view by name: `[catalog.][db.]t [/*+ OPTIONS(...) *\/] [FOR SYSTEM_TIME AS OF e] [AS a]`. */
export interface NamedTable extends NodeBase {
  readonly kind: "NamedTable";
  readonly name: ObjectName;
  readonly hints: readonly Hint[];
  /** `FOR SYSTEM_TIME AS OF expr` (temporal join), else null. */
  readonly systemTime: Expr | null;
  readonly alias: TableAlias | null;
}

/** `[LATERAL] (query) [AS] a [(cols)]`, including `(VALUES ...) AS t(a, b)`. */
export interface DerivedTable extends NodeBase {
  readonly kind: "DerivedTable";
  readonly lateral: boolean;
  readonly query: Query;
  readonly alias: TableAlias | null;
}

/**
 * `[LATERAL] TABLE(f(args))`: a table function, including the window TVFs
 * `TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '1' MINUTE))`, HOP, CUMULATE and SESSION
 * (positional or named `DATA =>`, `TIMECOL =>`, `SIZE =>`, `SLIDE =>`, `STEP =>`, `OFFSET =>`).
 */
export interface TableFunctionRef extends NodeBase {
  readonly kind: "TableFunction";
  readonly lateral: boolean;
  readonly call: FunctionCall;
  readonly alias: TableAlias | null;
}

/** `UNNEST(a [, b ...]) [WITH ORDINALITY] [AS t(x, ...)]` (usually `CROSS JOIN UNNEST(...)`). */
export interface UnnestRef extends NodeBase {
  readonly kind: "Unnest";
  readonly lateral: boolean;
  readonly args: readonly Expr[];
  readonly withOrdinality: boolean;
  readonly alias: TableAlias | null;
}

/**
 * `left [INNER | LEFT [OUTER] | RIGHT [OUTER] | FULL [OUTER] | CROSS] JOIN right [ON e | USING (cols)]`,
 * or `left, right` (`joinType` CROSS with `comma` true). `natural` for NATURAL joins.
 */
export interface Join extends NodeBase {
  readonly kind: "Join";
  readonly joinType: "INNER" | "LEFT" | "RIGHT" | "FULL" | "CROSS";
  readonly comma: boolean;
  readonly natural: boolean;
  readonly left: TableRef;
  readonly right: TableRef;
  readonly on: Expr | null;
  readonly using: readonly Name[] | null;
}

/** A row pattern of MATCH_RECOGNIZE's PATTERN clause. */
export type RowPattern = PatternVariable | PatternConcat | PatternAlternation | PatternQuantified | PatternPermute | PatternExclusion | PatternAnchor;

/** A pattern variable (`A`, `"price down"`). */
export interface PatternVariable extends NodeBase {
  readonly kind: "PatternVariable";
  readonly name: string;
}

/** `p1 p2 ...` (strict contiguity). */
export interface PatternConcat extends NodeBase {
  readonly kind: "PatternConcat";
  readonly items: readonly RowPattern[];
}

/** `p1 | p2 | ...`. */
export interface PatternAlternation extends NodeBase {
  readonly kind: "PatternAlternation";
  readonly items: readonly RowPattern[];
}

/**
 * `p*`, `p+`, `p?`, `p{n}`, `p{n,}`, `p{n,m}`, `p{,m}`, each optionally reluctant (`p*?`).
 * `max` is -1 for no upper bound; `group` marks a parenthesised operand `(p)`.
 */
export interface PatternQuantified extends NodeBase {
  readonly kind: "PatternQuantified";
  readonly pattern: RowPattern;
  readonly min: number;
  readonly max: number;
  readonly reluctant: boolean;
  /** How it was written: "*", "+", "?", or "{" for the brace forms. */
  readonly form: "*" | "+" | "?" | "{";
}

/** `PERMUTE(p1, p2, ...)`. */
export interface PatternPermute extends NodeBase {
  readonly kind: "PatternPermute";
  readonly items: readonly RowPattern[];
}

/** `{- p -}`. */
export interface PatternExclusion extends NodeBase {
  readonly kind: "PatternExclusion";
  readonly pattern: RowPattern;
}

/** `^` / `$`. */
export interface PatternAnchor extends NodeBase {
  readonly kind: "PatternAnchor";
  readonly anchor: "^" | "$";
}

/** `expr AS name` in MEASURES, `name AS condition` in DEFINE. */
export interface MatchNamedExpr extends NodeBase {
  readonly kind: "MatchNamedExpr";
  readonly name: string;
  readonly expr: Expr;
}

/** `AFTER MATCH SKIP ...`. */
export type AfterMatchSkip =
  | { readonly kind: "PAST LAST ROW" }
  | { readonly kind: "TO NEXT ROW" }
  | { readonly kind: "TO FIRST" | "TO LAST" | "TO"; readonly variable: string };

/**
 * `input MATCH_RECOGNIZE ([PARTITION BY ...] [ORDER BY ...] [MEASURES ...] [ONE ROW | ALL ROWS PER
 * MATCH] [AFTER MATCH SKIP ...] PATTERN (...) [WITHIN interval] [SUBSET ...] DEFINE ...) [AS alias]`.
 */
export interface MatchRecognizeRef extends NodeBase {
  readonly kind: "MatchRecognize";
  readonly input: TableRef;
  readonly partitionBy: readonly Expr[];
  readonly orderBy: readonly OrderItem[];
  readonly measures: readonly MatchNamedExpr[];
  readonly rowsPerMatch: "ONE" | "ALL" | null;
  readonly afterMatch: AfterMatchSkip | null;
  readonly pattern: RowPattern;
  readonly within: Expr | null;
  readonly subsets: readonly { readonly name: string; readonly variables: readonly string[] }[];
  readonly define: readonly MatchNamedExpr[];
  readonly alias: TableAlias | null;
}

export type TableRef = NamedTable | DerivedTable | TableFunctionRef | UnnestRef | Join | MatchRecognizeRef;

// ---------------------------------------------------------------------------------------------
// DDL
// ---------------------------------------------------------------------------------------------

/** `name type [NOT NULL] [COMMENT '...']`. Nullability is in `type.nullable`. */
export interface PhysicalColumn extends NodeBase {
  readonly kind: "PhysicalColumn";
  readonly name: Name;
  readonly type: LogicalType;
  readonly comment: string | null;
}

/** `name AS expr [COMMENT '...']`. */
export interface ComputedColumn extends NodeBase {
  readonly kind: "ComputedColumn";
  readonly name: Name;
  readonly expr: Expr;
  readonly comment: string | null;
}

/** `name type METADATA [FROM 'key'] [VIRTUAL] [COMMENT '...']`. */
export interface MetadataColumn extends NodeBase {
  readonly kind: "MetadataColumn";
  readonly name: Name;
  readonly type: LogicalType;
  /** The FROM key, or null (the column name is the key). */
  readonly key: string | null;
  readonly virtual: boolean;
  readonly comment: string | null;
}

export type ColumnDef = PhysicalColumn | ComputedColumn | MetadataColumn;

/**
 * `[CONSTRAINT name] PRIMARY KEY (cols) [NOT] ENFORCED`, also written inline after a column.
 * Flink only accepts NOT ENFORCED; `enforced` is true when ENFORCED was written or nothing was
 * (the planner rejects both, as Flink does).
 */
export interface PrimaryKey extends NodeBase {
  readonly kind: "PrimaryKey";
  readonly constraintName: string | null;
  readonly columns: readonly Name[];
  readonly enforced: boolean;
}

/** `WATERMARK FOR rowtime_column AS expr`. */
export interface Watermark extends NodeBase {
  readonly kind: "Watermark";
  /** The rowtime column (parts for a nested field, usually one). */
  readonly column: ObjectName;
  readonly expr: Expr;
}

/** `DISTRIBUTED BY [HASH | RANGE](cols) [INTO n BUCKETS]` or `DISTRIBUTED INTO n BUCKETS`. */
export interface Distribution extends NodeBase {
  readonly kind: "Distribution";
  readonly algorithm: "HASH" | "RANGE" | null;
  readonly columns: readonly Name[];
  readonly buckets: number | null;
}

/** One `INCLUDING | EXCLUDING | OVERWRITING feature` of a LIKE clause. */
export interface LikeOption extends NodeBase {
  readonly kind: "LikeOption";
  readonly mode: "INCLUDING" | "EXCLUDING" | "OVERWRITING";
  readonly feature: "ALL" | "CONSTRAINTS" | "DISTRIBUTION" | "GENERATED" | "METADATA" | "OPTIONS" | "PARTITIONS" | "WATERMARKS";
}

/** `LIKE source [(options)]` in CREATE TABLE. */
export interface LikeClause extends NodeBase {
  readonly kind: "LikeClause";
  readonly source: ObjectName;
  readonly options: readonly LikeOption[];
}

/**
 * `CREATE [OR REPLACE] [TEMPORARY] TABLE [IF NOT EXISTS] name [(columns, constraints, watermark)] [COMMENT '...']
 * [DISTRIBUTED BY ...] [PARTITIONED BY (cols)] [WITH (...)] [LIKE ...] [AS query]`.
 * With `asQuery` set it is CREATE TABLE AS SELECT (sql kind CREATE_TABLE_AS).
 */
export interface CreateTable extends NodeBase {
  readonly kind: "CreateTable";
  readonly name: ObjectName;
  readonly ifNotExists: boolean;
  /** `CREATE OR REPLACE TABLE ... AS SELECT` (Confluent Cloud; sql kind CREATE_OR_REPLACE_TABLE_AS). */
  readonly orReplace: boolean;
  readonly temporary: boolean;
  readonly columns: readonly ColumnDef[];
  readonly primaryKey: PrimaryKey | null;
  readonly watermark: Watermark | null;
  readonly comment: string | null;
  readonly distribution: Distribution | null;
  readonly partitionedBy: readonly Name[];
  readonly options: readonly Property[];
  readonly like: LikeClause | null;
  readonly asQuery: Query | null;
}

/** `CREATE [TEMPORARY] VIEW [IF NOT EXISTS] name [(cols)] [COMMENT '...'] AS query`. */
export interface CreateView extends NodeBase {
  readonly kind: "CreateView";
  readonly name: ObjectName;
  readonly ifNotExists: boolean;
  readonly temporary: boolean;
  readonly columns: readonly Name[] | null;
  readonly comment: string | null;
  readonly query: Query;
}

/** `DROP [TEMPORARY] TABLE | VIEW [IF EXISTS] name`. */
export interface DropObject extends NodeBase {
  readonly kind: "DropTable" | "DropView";
  readonly name: ObjectName;
  readonly ifExists: boolean;
  readonly temporary: boolean;
}

/** A column added by ALTER TABLE ADD/MODIFY, with `FIRST` / `AFTER col` placement. */
export interface AlterColumn extends NodeBase {
  readonly kind: "AlterColumn";
  readonly column: ColumnDef;
  /** "FIRST", the column it goes after, or null (at the end / in place). */
  readonly placement: "FIRST" | Name | null;
}

/** `ADD (...)` / `ADD col ...` / `MODIFY (...)` / `MODIFY col ...`. */
export interface AlterSchemaChange extends NodeBase {
  readonly kind: "AddSchema" | "ModifySchema";
  readonly columns: readonly AlterColumn[];
  readonly primaryKey: PrimaryKey | null;
  readonly watermark: Watermark | null;
  readonly distribution: Distribution | null;
}

/** `SET ('k' = 'v', ...)`. */
export interface AlterSetOptions extends NodeBase {
  readonly kind: "SetOptions";
  readonly options: readonly Property[];
}

/** `RESET ('k', ...)`. */
export interface AlterResetOptions extends NodeBase {
  readonly kind: "ResetOptions";
  readonly keys: readonly string[];
}

/** `RENAME TO new_name`. */
export interface AlterRenameTable extends NodeBase {
  readonly kind: "RenameTable";
  readonly newName: ObjectName;
}

/** `RENAME col TO new_col`. */
export interface AlterRenameColumn extends NodeBase {
  readonly kind: "RenameColumn";
  readonly column: Name;
  readonly newName: Name;
}

/** `DROP (c1, c2)` / `DROP c1` / `DROP PRIMARY KEY` / `DROP WATERMARK` / `DROP DISTRIBUTION`. */
export interface AlterDrop extends NodeBase {
  readonly kind: "DropColumns" | "DropPrimaryKey" | "DropWatermark" | "DropDistribution";
  /** Dropped columns (DropColumns only, else empty). */
  readonly columns: readonly Name[];
}

export type AlterTableAction =
  | AlterSchemaChange
  | AlterSetOptions
  | AlterResetOptions
  | AlterRenameTable
  | AlterRenameColumn
  | AlterDrop;

/** `ALTER TABLE [IF EXISTS] name action`. */
export interface AlterTable extends NodeBase {
  readonly kind: "AlterTable";
  readonly name: ObjectName;
  readonly ifExists: boolean;
  readonly action: AlterTableAction;
}

// ---------------------------------------------------------------------------------------------
// DML and other statements
// ---------------------------------------------------------------------------------------------

/**
 * `INSERT INTO | OVERWRITE t [PARTITION (k = 'v', ...)] [(cols)] query` where the query may be
 * `VALUES ...` (a Query whose body is Values).
 */
export interface Insert extends NodeBase {
  readonly kind: "Insert";
  readonly overwrite: boolean;
  readonly target: ObjectName;
  readonly hints: readonly Hint[];
  readonly partition: readonly Property[];
  readonly columns: readonly Name[] | null;
  readonly source: Query;
}

/** `EXECUTE STATEMENT SET BEGIN INSERT ...; INSERT ...; END`. */
export interface StatementSet extends NodeBase {
  readonly kind: "StatementSet";
  readonly inserts: readonly Insert[];
}

/** `[NOT] LIKE 'pattern'` / `[NOT] ILIKE 'pattern'` of a SHOW statement. */
export interface ShowLike extends NodeBase {
  readonly kind: "ShowLike";
  readonly pattern: string;
  readonly negated: boolean;
  readonly caseInsensitive: boolean;
}

export interface ShowCatalogs extends NodeBase {
  readonly kind: "ShowCatalogs";
}

/** `SHOW DATABASES [FROM | IN catalog]`. */
export interface ShowDatabases extends NodeBase {
  readonly kind: "ShowDatabases";
  readonly from: ObjectName | null;
  readonly like: ShowLike | null;
}

/** `SHOW TABLES | VIEWS [FROM | IN [catalog.]db] [[NOT] LIKE 'p']`. */
export interface ShowTables extends NodeBase {
  readonly kind: "ShowTables" | "ShowViews";
  readonly from: ObjectName | null;
  readonly like: ShowLike | null;
}

/** `SHOW [USER] FUNCTIONS [FROM | IN [catalog.]db] [[NOT] LIKE 'p']`. */
export interface ShowFunctions extends NodeBase {
  readonly kind: "ShowFunctions";
  readonly user: boolean;
  readonly from: ObjectName | null;
  readonly like: ShowLike | null;
}

/** `SHOW COLUMNS FROM | IN t [[NOT] LIKE 'p']`. */
export interface ShowColumns extends NodeBase {
  readonly kind: "ShowColumns";
  readonly table: ObjectName;
  readonly like: ShowLike | null;
}

/** `SHOW CREATE TABLE t` / `SHOW CREATE VIEW v`. */
export interface ShowCreate extends NodeBase {
  readonly kind: "ShowCreateTable" | "ShowCreateView";
  readonly name: ObjectName;
}

/** `SHOW CURRENT CATALOG` / `SHOW CURRENT DATABASE`. */
export interface ShowCurrent extends NodeBase {
  readonly kind: "ShowCurrentCatalog" | "ShowCurrentDatabase";
}

/** `SHOW JOBS`. */
export interface ShowJobs extends NodeBase {
  readonly kind: "ShowJobs";
}

/** `DESCRIBE | DESC [EXTENDED] t`. */
export interface Describe extends NodeBase {
  readonly kind: "Describe";
  readonly name: ObjectName;
  readonly extended: boolean;
}

/**
 * `EXPLAIN [PLAN FOR] [detail, ...] statement` where statement is a query, INSERT, statement set
 * or CREATE TABLE AS. `details` are Flink's ExplainDetail names upper-cased
 * (ESTIMATED_COST, CHANGELOG_MODE, JSON_EXECUTION_PLAN, PLAN_ADVICE).
 */
export interface Explain extends NodeBase {
  readonly kind: "Explain";
  readonly details: readonly string[];
  readonly statement: Statement;
}

/** `USE [catalog.]database`. */
export interface UseDatabase extends NodeBase {
  readonly kind: "UseDatabase";
  readonly name: ObjectName;
}

/** `USE CATALOG c`. */
export interface UseCatalog extends NodeBase {
  readonly kind: "UseCatalog";
  readonly name: string;
}

/**
 * `SET` (list), `SET 'k' = 'v'`. Confluent Cloud rejects SET inside a statement (properties go
 * in the request); the planner fails it with a clear message.
 */
export interface SetStatement extends NodeBase {
  readonly kind: "Set";
  readonly key: string | null;
  readonly value: string | null;
}

/** `RESET` / `RESET 'k'`. */
export interface ResetStatement extends NodeBase {
  readonly kind: "Reset";
  readonly key: string | null;
}

/** Any statement `parseStatement` returns. */
export type Statement =
  | Query
  | Insert
  | StatementSet
  | CreateTable
  | CreateView
  | DropObject
  | AlterTable
  | ShowCatalogs
  | ShowDatabases
  | ShowTables
  | ShowFunctions
  | ShowColumns
  | ShowCreate
  | ShowCurrent
  | ShowJobs
  | Describe
  | Explain
  | UseDatabase
  | UseCatalog
  | SetStatement
  | ResetStatement;

export type StatementKind = Statement["kind"];
