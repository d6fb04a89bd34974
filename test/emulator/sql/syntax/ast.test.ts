/**
 * AST shapes and positions produced by parseStatement, grouped by feature. Expected shapes
 * follow the Flink SQL reference (statement syntax, data types and their defaults) and
 * Calcite's operator precedence.
 */
import { describe, expect, it } from "vitest";
import type * as ast from "../../../../src/emulator/sql/syntax/ast.ts";
import { parseDataType, parseExpression, parseStatement } from "../../../../src/emulator/sql/syntax/parser.ts";
import { stripPositions } from "../../../../src/emulator/sql/syntax/strip.ts";
import { formatDataType, formatExpression } from "../../../../src/emulator/sql/syntax/formatter.ts";

function select(sql: string): ast.Select {
  const st = parseStatement(sql);
  if (st.kind !== "Query" || st.body.kind !== "Select") throw new Error(`not a plain SELECT: ${st.kind}`);
  return st.body;
}

function expr(sql: string): unknown {
  return stripPositions(parseExpression(sql));
}

/** Shape of an expression with every subexpression parenthesised, to check precedence. */
function shape(sql: string): string {
  const walk = (e: ast.Expr): string => {
    switch (e.kind) {
      case "Binary":
        return `(${walk(e.left)} ${e.op} ${walk(e.right)})`;
      case "Unary":
        return `(${e.op} ${walk(e.operand)})`;
      case "Is":
        return `(${walk(e.operand)} IS ${e.negated ? "NOT " : ""}${e.test})`;
      case "Between":
        return `(${walk(e.operand)} BETWEEN ${walk(e.low)} AND ${walk(e.high)})`;
      case "Like":
        return `(${walk(e.operand)} ${e.op} ${walk(e.pattern)})`;
      case "InList":
        return `(${walk(e.operand)} IN [${e.list.map(walk).join(", ")}])`;
      case "ElementAccess":
        return `${walk(e.target)}[${walk(e.index)}]`;
      case "Identifier":
        return e.parts.join(".");
      case "NumericLiteral":
        return e.text;
      case "StringLiteral":
        return `'${e.value}'`;
      case "BooleanLiteral":
        return String(e.value).toUpperCase();
      default:
        return formatExpression(e, { quoteIdentifiers: "needed" });
    }
  };
  return walk(parseExpression(sql));
}

describe("lexical rules", () => {
  it("keeps identifier case and folds keywords", () => {
    const s = select("sElEcT Name, `NAME`, nAmE fRoM Customers");
    expect(s.items.map((i) => (i.kind === "SelectExpr" && i.expr.kind === "Identifier" ? i.expr.parts[0] : null))).toEqual(["Name", "NAME", "nAmE"]);
    expect(s.from).toMatchObject({ kind: "NamedTable", name: { parts: ["Customers"] } });
  });

  it("unescapes backtick identifiers and string literals", () => {
    const s = select("SELECT `a``b`, 'it''s', U&'caf\\00e9', U&'x#0021' UESCAPE '#', x'0aFf' FROM `my table`");
    const exprs = s.items.map((i) => (i.kind === "SelectExpr" ? stripPositions(i.expr) : null));
    expect(exprs).toEqual([
      { kind: "Identifier", parts: ["a`b"] },
      { kind: "StringLiteral", value: "it's" },
      { kind: "StringLiteral", value: "café" },
      { kind: "StringLiteral", value: "x!" },
      { kind: "BinaryLiteral", hex: "0AFF" },
    ]);
    expect(s.from).toMatchObject({ name: { parts: ["my table"] } });
  });

  it("concatenates string literals continued on a new line", () => {
    expect(expr("'ab'\n  'cd'")).toEqual({ kind: "StringLiteral", value: "abcd" });
  });

  it("accepts $rowtime unquoted and three-part names", () => {
    const s = select("SELECT $rowtime FROM examples.marketplace.orders");
    expect(s.items[0]).toMatchObject({ expr: { kind: "Identifier", parts: ["$rowtime"] } });
    expect(s.from).toMatchObject({ name: { parts: ["examples", "marketplace", "orders"] } });
  });

  it("ignores comments and allows one trailing semicolon", () => {
    const st = parseStatement("-- leading\nSELECT /* inline */ 1 -- trailing\n;");
    expect(st.kind).toBe("Query");
  });
});

describe("positions", () => {
  it("gives every node its first and last character (1-based line/column, 0-based offset)", () => {
    const sql = "SELECT a + 10\nFROM t";
    const s = select(sql);
    const item = s.items[0] as ast.SelectExprItem;
    expect(item.expr.pos).toEqual({ line: 1, column: 8, offset: 7 });
    expect(item.expr.end).toEqual({ line: 1, column: 13, offset: 12 });
    const bin = item.expr as ast.BinaryExpr;
    expect(bin.right.pos).toEqual({ line: 1, column: 12, offset: 11 });
    expect(s.from!.pos).toEqual({ line: 2, column: 6, offset: 19 });
    expect(s.pos).toEqual({ line: 1, column: 1, offset: 0 });
    expect(s.end).toEqual({ line: 2, column: 6, offset: 19 });
    expect(sql.slice(bin.pos.offset, bin.end.offset + 1)).toBe("a + 10");
  });

  it("covers quoted identifiers, strings and multi-line nodes", () => {
    const sql = "SELECT `x y`, 'a\nb' FROM t";
    const s = select(sql);
    const [a, b] = s.items as ast.SelectExprItem[];
    expect(sql.slice(a!.expr.pos.offset, a!.expr.end.offset + 1)).toBe("`x y`");
    expect(b!.expr.pos).toEqual({ line: 1, column: 15, offset: 14 });
    expect(b!.expr.end).toEqual({ line: 2, column: 2, offset: 18 });
  });

  it("positions column definitions and table options in DDL", () => {
    const sql = "CREATE TABLE t (\n  id INT,\n  ts TIMESTAMP(3)\n) WITH ('k' = 'v')";
    const st = parseStatement(sql) as ast.CreateTable;
    expect(st.columns[1]!.pos).toEqual({ line: 3, column: 3, offset: 29 });
    expect(st.columns[1]!.name.end).toEqual({ line: 3, column: 4, offset: 30 });
    expect(st.options[0]!.pos.column).toBe(9);
    expect(sql.slice(st.options[0]!.pos.offset, st.options[0]!.end.offset + 1)).toBe("'k' = 'v'");
  });
});

describe("literals", () => {
  it("numeric literals keep their text and kind", () => {
    expect(expr("1.50")).toEqual({ kind: "NumericLiteral", text: "1.50", approximate: false });
    expect(expr("1E2")).toEqual({ kind: "NumericLiteral", text: "1E2", approximate: true });
    expect(expr(".5e-3")).toEqual({ kind: "NumericLiteral", text: ".5e-3", approximate: true });
    expect(expr("-7")).toEqual({ kind: "Unary", op: "-", operand: { kind: "NumericLiteral", text: "7", approximate: false } });
  });

  it("boolean, NULL and UNKNOWN", () => {
    expect(expr("TRUE")).toEqual({ kind: "BooleanLiteral", value: true });
    expect(expr("false")).toEqual({ kind: "BooleanLiteral", value: false });
    expect(expr("NULL")).toEqual({ kind: "NullLiteral", unknown: false });
    expect(expr("UNKNOWN")).toEqual({ kind: "NullLiteral", unknown: true });
  });

  it("datetime literals get their precision from the digits written", () => {
    expect(expr("DATE '2024-02-29'")).toEqual({ kind: "DatetimeLiteral", keyword: "DATE", value: "2024-02-29", type: { type: "DATE", nullable: false } });
    expect(expr("TIME '12:34:56.78'")).toMatchObject({ type: { type: "TIME_WITHOUT_TIME_ZONE", precision: 2, nullable: false } });
    expect(expr("TIMESTAMP '2024-01-31 12:34:56'")).toMatchObject({ type: { type: "TIMESTAMP_WITHOUT_TIME_ZONE", precision: 0 } });
    expect(expr("TIMESTAMP '2024-01-31 12:34:56.123'")).toMatchObject({ type: { type: "TIMESTAMP_WITHOUT_TIME_ZONE", precision: 3 } });
    expect(expr("TIMESTAMP_LTZ '2024-01-31 12:34:56.123456'")).toMatchObject({ keyword: "TIMESTAMP_LTZ", type: { type: "TIMESTAMP_WITH_LOCAL_TIME_ZONE", precision: 6 } });
    expect(expr("TIMESTAMP WITH LOCAL TIME ZONE '2024-01-31 00:00:00'")).toMatchObject({ keyword: "TIMESTAMP_LTZ", type: { precision: 0 } });
  });

  it("interval literals: qualifier, type and value in Flink's internal unit", () => {
    expect(expr("INTERVAL '1-6' YEAR TO MONTH")).toEqual({
      kind: "IntervalLiteral",
      text: "1-6",
      sign: 1,
      qualifier: { kind: "IntervalQualifier", start: "YEAR", endUnit: "MONTH", startPrecision: null, fractionalPrecision: null },
      value: 18,
      type: { type: "INTERVAL_YEAR_MONTH", nullable: false, resolution: "YEAR_TO_MONTH", precision: 2 },
    });
    expect(expr("INTERVAL '2 04:15:20.123' DAY TO SECOND")).toMatchObject({
      value: ((2 * 24 + 4) * 60 + 15) * 60_000 + 20_123,
      type: { type: "INTERVAL_DAY_TIME", resolution: "DAY_TO_SECOND", precision: 2, fractionalPrecision: 6 },
    });
    expect(expr("INTERVAL '10' MINUTE")).toMatchObject({ value: 600_000, type: { resolution: "MINUTE" } });
    expect(expr("INTERVAL '10' MINUTES")).toMatchObject({ value: 600_000, qualifier: { start: "MINUTE" } });
    expect(expr("INTERVAL '100' DAY(3)")).toMatchObject({ value: 100 * 86_400_000, type: { precision: 3 } });
    expect(expr("INTERVAL '-1' DAY")).toMatchObject({ value: -86_400_000, sign: 1 });
    expect(expr("INTERVAL -'1' HOUR")).toMatchObject({ value: -3_600_000, sign: -1 });
    expect(expr("INTERVAL '1.5' SECOND")).toMatchObject({ value: 1500 });
    expect(expr("INTERVAL '1:30' HOUR TO MINUTE")).toMatchObject({ value: 90 * 60_000, type: { resolution: "HOUR_TO_MINUTE" } });
    expect(expr("INTERVAL '3' MONTH")).toMatchObject({ value: 3, type: { resolution: "MONTH" } });
    expect(expr("INTERVAL '1 02:03:04.5678' DAY(3) TO SECOND(4)")).toMatchObject({
      value: 86_400_000 + 2 * 3_600_000 + 3 * 60_000 + 4_567,
      type: { precision: 3, fractionalPrecision: 4 },
    });
  });

  it("collection and row constructors", () => {
    expect(expr("ARRAY[1, 2]")).toMatchObject({ kind: "ArrayConstructor", elements: [{ text: "1" }, { text: "2" }] });
    expect(expr("MAP['a', 1, 'b', 2]")).toMatchObject({
      kind: "MapConstructor",
      entries: [
        { key: { value: "a" }, value: { text: "1" } },
        { key: { value: "b" }, value: { text: "2" } },
      ],
    });
    expect(expr("ROW(1, 'x')")).toMatchObject({ kind: "RowConstructor", explicit: true, fields: [{ text: "1" }, { value: "x" }] });
    expect(expr("(1, 'x')")).toMatchObject({ kind: "RowConstructor", explicit: false });
    expect(expr("(1)")).toEqual({ kind: "NumericLiteral", text: "1", approximate: false });
  });
});

describe("operator precedence (Calcite)", () => {
  it.each([
    ["a OR b AND c", "(a OR (b AND c))"],
    ["NOT a AND b", "((NOT a) AND b)"],
    ["NOT a = b", "(NOT (a = b))"],
    ["a = b AND c <> d", "((a = b) AND (c <> d))"],
    ["a + b * c", "(a + (b * c))"],
    ["a - b - c", "((a - b) - c)"],
    ["a || b || c", "((a || b) || c)"],
    ["a || b + c", "((a || b) + c)"],
    ["-a * b", "((- a) * b)"],
    ["-a[1]", "(- a[1])"],
    ["a + 1 IS NULL", "((a + 1) IS NULL)"],
    ["a = b IS NOT NULL", "((a = b) IS NOT NULL)"],
    ["NOT a IS NULL", "(NOT (a IS NULL))"],
    ["a BETWEEN 1 + 1 AND 3 AND b", "((a BETWEEN (1 + 1) AND 3) AND b)"],
    ["a LIKE 'x' = TRUE", "((a LIKE 'x') = TRUE)"],
    ["a IN (1, 2) OR b", "((a IN [1, 2]) OR b)"],
    ["a != b", "(a <> b)"],
    ["a % 2 = 0", "((a % 2) = 0)"],
  ])("%s", (sql, expected) => {
    expect(shape(sql)).toBe(expected);
  });
});

describe("predicates and special forms", () => {
  it("BETWEEN, IN, LIKE, IS", () => {
    expect(expr("a NOT BETWEEN SYMMETRIC 1 AND 2")).toMatchObject({ kind: "Between", negated: true, symmetric: true });
    expect(expr("a NOT IN (1)")).toMatchObject({ kind: "InList", negated: true, list: [{ text: "1" }] });
    expect(expr("a IN (SELECT b FROM u)")).toMatchObject({ kind: "InSubquery", negated: false, query: { kind: "Query", body: { kind: "Select" } } });
    expect(expr("a NOT LIKE 'x!%' ESCAPE '!'")).toMatchObject({ kind: "Like", op: "LIKE", negated: true, escape: { value: "!" } });
    expect(expr("a SIMILAR TO 'b'")).toMatchObject({ kind: "Like", op: "SIMILAR TO", negated: false, escape: null });
    expect(expr("a IS NOT UNKNOWN")).toMatchObject({ kind: "Is", test: "UNKNOWN", negated: true });
    expect(expr("a IS NOT DISTINCT FROM b")).toMatchObject({ kind: "IsDistinctFrom", negated: true });
    expect(expr("a IS JSON OBJECT")).toMatchObject({ kind: "IsJson", jsonType: "OBJECT", negated: false });
    expect(expr("EXISTS (SELECT 1)")).toMatchObject({ kind: "Exists" });
    expect(expr("(SELECT 1)")).toMatchObject({ kind: "ScalarSubquery" });
  });

  // Calcite's grammar lists LEFT and RIGHT among the reserved words usable as function names.
  it("LEFT(...) and RIGHT(...) are function calls; LEFT / RIGHT JOIN still parse", () => {
    expect(expr("LEFT('hello', 2)")).toMatchObject({ kind: "FunctionCall", name: "LEFT", args: [{ value: "hello" }, { text: "2" }] });
    expect(expr("right(s, 3)")).toMatchObject({ kind: "FunctionCall", name: "right", args: [{ parts: ["s"] }, { text: "3" }] });
    const s = select("SELECT LEFT(a.x, 1) FROM a LEFT JOIN b ON a.x = b.x RIGHT JOIN c ON c.x = a.x");
    expect(s.items[0]).toMatchObject({ kind: "SelectExpr", expr: { kind: "FunctionCall", name: "LEFT" } });
    expect(s.from).toMatchObject({ kind: "Join", joinType: "RIGHT", left: { kind: "Join", joinType: "LEFT" } });
  });

  it("CASE", () => {
    expect(expr("CASE a WHEN 1 THEN 'x' ELSE 'y' END")).toMatchObject({
      kind: "Case",
      operand: { parts: ["a"] },
      whens: [{ kind: "CaseWhen", when: { text: "1" }, then: { value: "x" } }],
      else: { value: "y" },
    });
    expect(expr("CASE WHEN a THEN 1 END")).toMatchObject({ kind: "Case", operand: null, else: null });
  });

  it("CAST and TRY_CAST carry a LogicalType", () => {
    expect(expr("CAST(a AS DECIMAL(10, 2))")).toMatchObject({ kind: "Cast", try: false, type: { type: "DECIMAL", precision: 10, scale: 2, nullable: true } });
    expect(expr("TRY_CAST(a AS INT)")).toMatchObject({ kind: "Cast", try: true, type: { type: "INTEGER" } });
  });

  it("EXTRACT, TRIM, FLOOR/CEIL TO, TIMESTAMPADD/DIFF", () => {
    expect(expr("EXTRACT(DAY FROM d)")).toMatchObject({ kind: "Extract", unit: "DAY" });
    expect(expr("TRIM(s)")).toMatchObject({ kind: "Trim", side: "BOTH", chars: null });
    expect(expr("TRIM(LEADING 'x' FROM s)")).toMatchObject({ kind: "Trim", side: "LEADING", chars: { value: "x" }, operand: { parts: ["s"] } });
    expect(expr("TRIM('x' FROM s)")).toMatchObject({ kind: "Trim", side: "BOTH", chars: { value: "x" } });
    expect(expr("FLOOR(ts TO HOUR)")).toMatchObject({ kind: "FloorCeil", fn: "FLOOR", unit: "HOUR" });
    expect(expr("CEILING(ts TO DAY)")).toMatchObject({ kind: "FloorCeil", fn: "CEIL", unit: "DAY" });
    expect(expr("FLOOR(x)")).toMatchObject({ kind: "FunctionCall", name: "FLOOR", args: [{ parts: ["x"] }] });
    expect(expr("TIMESTAMPADD(SQL_TSI_DAY, 1, ts)")).toMatchObject({ kind: "TimestampAdd", unit: "DAY", count: { text: "1" } });
    expect(expr("TIMESTAMPDIFF(HOUR, a, b)")).toMatchObject({ kind: "TimestampDiff", unit: "HOUR", start: { parts: ["a"] }, stop: { parts: ["b"] } });
  });

  it("normalises SUBSTRING/POSITION/OVERLAY to positional calls", () => {
    expect(expr("SUBSTRING(s FROM 2 FOR 3)")).toMatchObject({ kind: "FunctionCall", name: "SUBSTRING", args: [{ parts: ["s"] }, { text: "2" }, { text: "3" }] });
    expect(stripPositions(parseExpression("SUBSTRING(s, 2, 3)"))).toEqual(stripPositions(parseExpression("SUBSTRING(s FROM 2 FOR 3)")));
    expect(expr("POSITION('a' IN s)")).toMatchObject({ kind: "FunctionCall", name: "POSITION", args: [{ value: "a" }, { parts: ["s"] }] });
    expect(expr("OVERLAY(s PLACING 'x' FROM 2 FOR 1)")).toMatchObject({ kind: "FunctionCall", name: "OVERLAY", args: [{}, { value: "x" }, { text: "2" }, { text: "1" }] });
  });

  it("niladic functions without parentheses", () => {
    expect(expr("CURRENT_TIMESTAMP")).toMatchObject({ kind: "FunctionCall", name: "CURRENT_TIMESTAMP", bare: true, args: [] });
    expect(expr("localtimestamp")).toMatchObject({ kind: "FunctionCall", name: "localtimestamp", bare: true });
    expect(expr("NOW()")).toMatchObject({ kind: "FunctionCall", name: "NOW", bare: false });
  });

  it("element and field access", () => {
    expect(expr("a[1]")).toMatchObject({ kind: "ElementAccess", target: { parts: ["a"] }, index: { text: "1" } });
    expect(expr("m['k']")).toMatchObject({ kind: "ElementAccess", index: { value: "k" } });
    expect(expr("t.r.f")).toEqual({ kind: "Identifier", parts: ["t", "r", "f"] });
    expect(expr("a[1].f")).toMatchObject({ kind: "FieldAccess", field: "f", target: { kind: "ElementAccess" } });
    expect(expr("f(x).g")).toMatchObject({ kind: "FieldAccess", field: "g", target: { kind: "FunctionCall" } });
  });

  it("JSON functions", () => {
    expect(expr("JSON_VALUE(j, '$.a' RETURNING INT DEFAULT 0 ON EMPTY ERROR ON ERROR)")).toMatchObject({
      kind: "JsonValue",
      returning: { type: "INTEGER" },
      onEmpty: { behavior: "DEFAULT", default: { text: "0" } },
      onError: { behavior: "ERROR", default: null },
    });
    expect(expr("JSON_VALUE(j, '$.a' RETURNING INT NULL ON EMPTY)")).toMatchObject({ returning: { type: "INTEGER", nullable: true }, onEmpty: { behavior: "NULL" }, onError: null });
    expect(expr("JSON_QUERY(j, '$' WITH ARRAY WRAPPER)")).toMatchObject({ kind: "JsonQuery", wrapper: "UNCONDITIONAL" });
    expect(expr("JSON_OBJECT(KEY 'a' VALUE 1, 'b' VALUE 2 ABSENT ON NULL)")).toMatchObject({
      kind: "JsonObject",
      onNull: "ABSENT",
      entries: [{ key: { value: "a" }, value: { text: "1" } }, { key: { value: "b" } }],
    });
    expect(expr("JSON_ARRAY(1, 2 NULL ON NULL)")).toMatchObject({ kind: "JsonArray", elements: [{}, {}], onNull: "NULL" });
    expect(expr("JSON_ARRAYAGG(v ORDER BY k)")).toMatchObject({ kind: "JsonArrayAgg", orderBy: [{ expr: { parts: ["k"] } }] });
  });

  it("aggregate call syntax: DISTINCT, *, FILTER, WITHIN GROUP, OVER", () => {
    expect(expr("COUNT(*)")).toMatchObject({ kind: "FunctionCall", star: true, args: [] });
    expect(expr("COUNT(DISTINCT a)")).toMatchObject({ quantifier: "DISTINCT", args: [{ parts: ["a"] }] });
    expect(expr("SUM(a) FILTER (WHERE a > 0)")).toMatchObject({ filter: { kind: "Binary", op: ">" } });
    expect(expr("LISTAGG(s, ',') WITHIN GROUP (ORDER BY s)")).toMatchObject({ withinGroup: [{ expr: { parts: ["s"] } }] });
    expect(expr("ROW_NUMBER() OVER (PARTITION BY a ORDER BY ts DESC)")).toMatchObject({
      over: { kind: "WindowSpec", name: null, partitionBy: [{ parts: ["a"] }], orderBy: [{ direction: "DESC", nulls: null }], frame: null },
    });
    expect(expr("SUM(a) OVER (ORDER BY ts RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW)")).toMatchObject({
      over: {
        frame: {
          unit: "RANGE",
          lower: { bound: "PRECEDING", offset: { kind: "IntervalLiteral", value: 3_600_000 } },
          upper: { bound: "CURRENT ROW", offset: null },
        },
      },
    });
    expect(expr("SUM(a) OVER w")).toMatchObject({ over: { name: "w", partitionBy: [], orderBy: [], frame: null } });
    expect(expr("f(a => 1)")).toMatchObject({ args: [{ kind: "NamedArgument", name: "a", value: { text: "1" } }] });
  });
});

describe("queries", () => {
  it("select list, aliases and stars", () => {
    const s = select("SELECT DISTINCT *, t.*, c.d.t.*, a AS x, b y FROM t");
    expect(s.quantifier).toBe("DISTINCT");
    expect(stripPositions(s.items)).toEqual([
      { kind: "SelectStar", qualifier: [] },
      { kind: "SelectStar", qualifier: ["t"] },
      { kind: "SelectStar", qualifier: ["c", "d", "t"] },
      { kind: "SelectExpr", expr: { kind: "Identifier", parts: ["a"] }, alias: { kind: "Name", value: "x" } },
      { kind: "SelectExpr", expr: { kind: "Identifier", parts: ["b"] }, alias: { kind: "Name", value: "y" } },
    ]);
  });

  it("WHERE, GROUP BY, HAVING, ORDER BY, LIMIT, OFFSET", () => {
    const st = parseStatement("SELECT a, COUNT(*) FROM t WHERE b > 1 GROUP BY a HAVING COUNT(*) > 2 ORDER BY a DESC NULLS LAST LIMIT 10 OFFSET 2") as ast.Query;
    const s = st.body as ast.Select;
    expect(s.where).toMatchObject({ kind: "Binary", op: ">" });
    expect(s.groupBy).toMatchObject([{ kind: "Identifier", parts: ["a"] }]);
    expect(s.having).toMatchObject({ kind: "Binary" });
    expect(st.orderBy).toMatchObject([{ direction: "DESC", nulls: "LAST" }]);
    expect(st.limit).toMatchObject({ kind: "NumericLiteral", text: "10" });
    expect(st.offset).toMatchObject({ text: "2" });
  });

  it("FETCH FIRST is LIMIT", () => {
    const a = parseStatement("SELECT a FROM t OFFSET 1 ROWS FETCH FIRST 5 ROWS ONLY") as ast.Query;
    expect(a.limit).toMatchObject({ text: "5" });
    expect(a.offset).toMatchObject({ text: "1" });
  });

  it("grouping sets, rollup, cube", () => {
    const s = select("SELECT 1 FROM t GROUP BY GROUPING SETS ((a, b), a, ()), ROLLUP(a, b), CUBE((a, b), c)");
    expect(stripPositions(s.groupBy)).toEqual([
      { kind: "GroupingSets", sets: [[{ kind: "Identifier", parts: ["a"] }, { kind: "Identifier", parts: ["b"] }], [{ kind: "Identifier", parts: ["a"] }], []] },
      { kind: "Rollup", elements: [[{ kind: "Identifier", parts: ["a"] }], [{ kind: "Identifier", parts: ["b"] }]] },
      { kind: "Cube", elements: [[{ kind: "Identifier", parts: ["a"] }, { kind: "Identifier", parts: ["b"] }], [{ kind: "Identifier", parts: ["c"] }]] },
    ]);
  });

  it("set operations: INTERSECT binds tighter than UNION/EXCEPT", () => {
    const st = parseStatement("SELECT 1 UNION ALL SELECT 2 INTERSECT SELECT 3 EXCEPT SELECT 4") as ast.Query;
    expect(st.body).toMatchObject({
      kind: "SetOperation",
      op: "EXCEPT",
      all: false,
      left: { kind: "SetOperation", op: "UNION", all: true, right: { kind: "SetOperation", op: "INTERSECT" } },
    });
  });

  it("VALUES and VALUES AS t(a, b)", () => {
    const v = parseStatement("VALUES (1, 'a'), (2, 'b')") as ast.Query;
    expect(v.body).toMatchObject({ kind: "Values", rows: [[{ text: "1" }, { value: "a" }], [{ text: "2" }, { value: "b" }]] });
    const s = select("SELECT * FROM (VALUES (1, 'a')) AS t(id, name)");
    expect(s.from).toMatchObject({
      kind: "DerivedTable",
      lateral: false,
      query: { body: { kind: "Values" } },
      alias: { name: "t", columns: [{ value: "id" }, { value: "name" }] },
    });
    const single = parseStatement("VALUES 1, 2") as ast.Query;
    expect(single.body).toMatchObject({ kind: "Values", rows: [[{ text: "1" }], [{ text: "2" }]] });
  });

  it("WITH clauses", () => {
    const st = parseStatement("WITH a (x) AS (SELECT 1), b AS (SELECT * FROM a) SELECT * FROM b") as ast.Query;
    expect(st.with).toMatchObject([
      { kind: "CommonTableExpr", name: "a", columns: [{ value: "x" }] },
      { kind: "CommonTableExpr", name: "b", columns: null },
    ]);
  });

  it("joins of every kind", () => {
    const s = select("SELECT * FROM a JOIN b ON a.x = b.x LEFT OUTER JOIN c USING (y) CROSS JOIN d, e");
    expect(s.from).toMatchObject({
      kind: "Join",
      joinType: "CROSS",
      comma: true,
      right: { kind: "NamedTable", name: { parts: ["e"] } },
      left: {
        kind: "Join",
        joinType: "CROSS",
        comma: false,
        left: {
          kind: "Join",
          joinType: "LEFT",
          using: [{ value: "y" }],
          on: null,
          left: { kind: "Join", joinType: "INNER", on: { kind: "Binary", op: "=" } },
        },
      },
    });
    expect(select("SELECT * FROM a FULL JOIN b ON TRUE").from).toMatchObject({ joinType: "FULL" });
    expect(select("SELECT * FROM a RIGHT JOIN b ON TRUE").from).toMatchObject({ joinType: "RIGHT" });
  });

  it("temporal joins, UNNEST and LATERAL TABLE", () => {
    const s = select("SELECT * FROM o JOIN r FOR SYSTEM_TIME AS OF o.ts AS x ON o.k = x.k");
    expect(s.from).toMatchObject({ right: { kind: "NamedTable", systemTime: { parts: ["o", "ts"] }, alias: { name: "x" } } });
    const u = select("SELECT * FROM t CROSS JOIN UNNEST(t.tags) WITH ORDINALITY AS x(tag, i)");
    expect(u.from).toMatchObject({ right: { kind: "Unnest", withOrdinality: true, args: [{ parts: ["t", "tags"] }], alias: { name: "x" } } });
    const l = select("SELECT * FROM t, LATERAL TABLE(split(s)) AS w(word)");
    expect(l.from).toMatchObject({ right: { kind: "TableFunction", lateral: true, call: { name: "split" }, alias: { name: "w" } } });
  });

  it("window TVFs with positional and named arguments", () => {
    const s = select("SELECT * FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR($rowtime), INTERVAL '1' MINUTE))");
    expect(stripPositions(s.from)).toMatchObject({
      kind: "TableFunction",
      lateral: false,
      call: {
        name: "TUMBLE",
        args: [
          { kind: "TableArgument", name: { kind: "ObjectName", parts: ["orders"] }, query: null, partitionBy: [] },
          { kind: "Descriptor", columns: [{ kind: "Name", value: "$rowtime" }] },
          { kind: "IntervalLiteral", value: 60_000 },
        ],
      },
      alias: null,
    });
    const h = select(
      "SELECT * FROM TABLE(HOP(DATA => TABLE orders, TIMECOL => DESCRIPTOR(ts), SLIDE => INTERVAL '5' MINUTES, SIZE => INTERVAL '10' MINUTES, OFFSET => INTERVAL '1' MINUTE))",
    );
    const call = (h.from as ast.TableFunctionRef).call;
    expect(call.args.map((a) => (a.kind === "NamedArgument" ? a.name : a.kind))).toEqual(["DATA", "TIMECOL", "SLIDE", "SIZE", "OFFSET"]);
    expect(call.args[0]).toMatchObject({ value: { kind: "TableArgument" } });
    const c = select("SELECT * FROM TABLE(CUMULATE(TABLE (SELECT * FROM t), DESCRIPTOR(ts), INTERVAL '2' MINUTE, INTERVAL '10' MINUTE))");
    expect((c.from as ast.TableFunctionRef).call.args[0]).toMatchObject({ kind: "TableArgument", name: null, query: { kind: "Query" } });
    const sess = select("SELECT * FROM TABLE(SESSION(TABLE t PARTITION BY k, DESCRIPTOR(ts), INTERVAL '5' MINUTE))");
    expect((sess.from as ast.TableFunctionRef).call.args[0]).toMatchObject({ partitionBy: [{ parts: ["k"] }] });
  });

  it("hints", () => {
    const s = select("SELECT /*+ STATE_TTL('o' = '1d') */ * FROM o /*+ OPTIONS('scan.startup.mode' = 'latest-offset') */");
    expect(s.hints).toMatchObject([{ name: "STATE_TTL", properties: [{ key: "o", value: "1d" }] }]);
    expect(s.from).toMatchObject({ hints: [{ name: "OPTIONS", args: [], properties: [{ key: "scan.startup.mode", value: "latest-offset" }] }] });
  });
});

describe("data types", () => {
  // Types only a real gateway's schema carries are printed as Flink prints them (messages).
  it("formats RAW, DISTINCT_TYPE, SYMBOL and unknown wire types", () => {
    expect(formatDataType({ type: "RAW", nullable: true, className: "java.util.UUID" })).toBe("RAW('java.util.UUID')");
    expect(formatDataType({ type: "DISTINCT_TYPE", nullable: false, objectIdentifier: "`c`.`d`.`Money`", sourceType: { type: "DECIMAL", nullable: true, precision: 10, scale: 2 } })).toBe("`c`.`d`.`Money` NOT NULL");
    expect(formatDataType({ type: "DISTINCT_TYPE", nullable: true, objectIdentifier: "", sourceType: { type: "INTEGER", nullable: false } })).toBe("INT");
    expect(formatDataType({ type: "SYMBOL", nullable: false })).toBe("SYMBOL NOT NULL");
    expect(formatDataType({ type: "OPAQUE", nullable: true, typeName: "GEOGRAPHY", json: { type: "GEOGRAPHY" } })).toBe("GEOGRAPHY");
  });

  it.each<[string, unknown]>([
    ["CHAR", { type: "CHAR", nullable: true, length: 1 }],
    // FlinkTypeSystem.getDefaultPrecision: VARCHAR and VARBINARY default to Integer.MAX_VALUE.
    ["VARCHAR", { type: "VARCHAR", nullable: true, length: 2147483647 }],
    ["VARBINARY", { type: "VARBINARY", nullable: true, length: 2147483647 }],
    ["CHARACTER VARYING", { type: "VARCHAR", nullable: true, length: 2147483647 }],
    ["VARCHAR(10)", { type: "VARCHAR", nullable: true, length: 10 }],
    ["STRING", { type: "VARCHAR", nullable: true, length: 2147483647 }],
    ["BINARY", { type: "BINARY", nullable: true, length: 1 }],
    ["VARBINARY(4)", { type: "VARBINARY", nullable: true, length: 4 }],
    ["BYTES", { type: "VARBINARY", nullable: true, length: 2147483647 }],
    ["BOOLEAN", { type: "BOOLEAN", nullable: true }],
    ["TINYINT", { type: "TINYINT", nullable: true }],
    ["SMALLINT", { type: "SMALLINT", nullable: true }],
    ["INT", { type: "INTEGER", nullable: true }],
    ["INTEGER NOT NULL", { type: "INTEGER", nullable: false }],
    ["BIGINT", { type: "BIGINT", nullable: true }],
    ["FLOAT", { type: "FLOAT", nullable: true }],
    ["DOUBLE PRECISION", { type: "DOUBLE", nullable: true }],
    ["DECIMAL", { type: "DECIMAL", nullable: true, precision: 10, scale: 0 }],
    ["DEC(5)", { type: "DECIMAL", nullable: true, precision: 5, scale: 0 }],
    ["NUMERIC(38, 18)", { type: "DECIMAL", nullable: true, precision: 38, scale: 18 }],
    ["DATE", { type: "DATE", nullable: true }],
    ["TIME", { type: "TIME_WITHOUT_TIME_ZONE", nullable: true, precision: 0 }],
    ["TIME(3)", { type: "TIME_WITHOUT_TIME_ZONE", nullable: true, precision: 3 }],
    ["TIMESTAMP", { type: "TIMESTAMP_WITHOUT_TIME_ZONE", nullable: true, precision: 6 }],
    ["TIMESTAMP(3) WITHOUT TIME ZONE", { type: "TIMESTAMP_WITHOUT_TIME_ZONE", nullable: true, precision: 3 }],
    ["TIMESTAMP(3) WITH LOCAL TIME ZONE", { type: "TIMESTAMP_WITH_LOCAL_TIME_ZONE", nullable: true, precision: 3 }],
    ["TIMESTAMP_LTZ", { type: "TIMESTAMP_WITH_LOCAL_TIME_ZONE", nullable: true, precision: 6 }],
    ["TIMESTAMP_LTZ(3) NOT NULL", { type: "TIMESTAMP_WITH_LOCAL_TIME_ZONE", nullable: false, precision: 3 }],
    ["INTERVAL YEAR", { type: "INTERVAL_YEAR_MONTH", nullable: true, resolution: "YEAR", precision: 2 }],
    ["INTERVAL YEAR(4) TO MONTH", { type: "INTERVAL_YEAR_MONTH", nullable: true, resolution: "YEAR_TO_MONTH", precision: 4 }],
    ["INTERVAL MONTH", { type: "INTERVAL_YEAR_MONTH", nullable: true, resolution: "MONTH", precision: 2 }],
    ["INTERVAL DAY", { type: "INTERVAL_DAY_TIME", nullable: true, resolution: "DAY", precision: 2, fractionalPrecision: 6 }],
    ["INTERVAL DAY(3) TO SECOND(3)", { type: "INTERVAL_DAY_TIME", nullable: true, resolution: "DAY_TO_SECOND", precision: 3, fractionalPrecision: 3 }],
    ["INTERVAL SECOND(3)", { type: "INTERVAL_DAY_TIME", nullable: true, resolution: "SECOND", precision: 2, fractionalPrecision: 3 }],
    ["INTERVAL HOUR TO MINUTE", { type: "INTERVAL_DAY_TIME", nullable: true, resolution: "HOUR_TO_MINUTE", precision: 2, fractionalPrecision: 6 }],
    ["ARRAY<INT NOT NULL>", { type: "ARRAY", nullable: true, elementType: { type: "INTEGER", nullable: false } }],
    ["INT ARRAY", { type: "ARRAY", nullable: true, elementType: { type: "INTEGER", nullable: true } }],
    ["INT NOT NULL ARRAY NOT NULL", { type: "ARRAY", nullable: false, elementType: { type: "INTEGER", nullable: false } }],
    ["MULTISET<STRING>", { type: "MULTISET", nullable: true, elementType: { type: "VARCHAR", nullable: true, length: 2147483647 } }],
    ["MAP<STRING, BIGINT>", { type: "MAP", nullable: true, keyType: { type: "VARCHAR", nullable: true, length: 2147483647 }, valueType: { type: "BIGINT", nullable: true } }],
    ["ROW<a INT, b STRING 'desc'>", { type: "ROW", nullable: true, fields: [{ name: "a", type: { type: "INTEGER", nullable: true } }, { name: "b", type: { type: "VARCHAR", nullable: true, length: 2147483647 }, description: "desc" }] }],
    ["ROW(a INT)", { type: "ROW", nullable: true, fields: [{ name: "a", type: { type: "INTEGER", nullable: true } }] }],
    ["ROW<>", { type: "ROW", nullable: true, fields: [] }],
    ["NULL", { type: "NULL", nullable: true }],
  ])("%s", (text, expected) => {
    expect(parseDataType(text)).toEqual(expected);
  });
});

describe("DDL", () => {
  it("CREATE TABLE with every element", () => {
    const st = parseStatement(`CREATE TABLE IF NOT EXISTS cat.db.t (
      id BIGINT NOT NULL COMMENT 'key',
      doubled AS id * 2,
      ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL,
      part INT METADATA,
      CONSTRAINT pk PRIMARY KEY (id) NOT ENFORCED,
      WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
    ) COMMENT 'tbl'
    DISTRIBUTED BY HASH(id) INTO 4 BUCKETS
    WITH ('changelog.mode' = 'upsert', 'value.format' = 'avro-registry')`) as ast.CreateTable;
    expect(stripPositions(st)).toEqual({
      kind: "CreateTable",
      name: { kind: "ObjectName", parts: ["cat", "db", "t"] },
      ifNotExists: true,
      orReplace: false,
      temporary: false,
      columns: [
        { kind: "PhysicalColumn", name: { kind: "Name", value: "id" }, type: { type: "BIGINT", nullable: false }, comment: "key" },
        {
          kind: "ComputedColumn",
          name: { kind: "Name", value: "doubled" },
          expr: { kind: "Binary", op: "*", left: { kind: "Identifier", parts: ["id"] }, right: { kind: "NumericLiteral", text: "2", approximate: false } },
          comment: null,
        },
        { kind: "MetadataColumn", name: { kind: "Name", value: "ts" }, type: { type: "TIMESTAMP_WITH_LOCAL_TIME_ZONE", nullable: true, precision: 3 }, key: "timestamp", virtual: true, comment: null },
        { kind: "MetadataColumn", name: { kind: "Name", value: "part" }, type: { type: "INTEGER", nullable: true }, key: null, virtual: false, comment: null },
      ],
      primaryKey: { kind: "PrimaryKey", constraintName: "pk", columns: [{ kind: "Name", value: "id" }], enforced: false },
      watermark: {
        kind: "Watermark",
        column: { kind: "ObjectName", parts: ["ts"] },
        expr: {
          kind: "Binary",
          op: "-",
          left: { kind: "Identifier", parts: ["ts"] },
          right: {
            kind: "IntervalLiteral",
            text: "5",
            sign: 1,
            qualifier: { kind: "IntervalQualifier", start: "SECOND", endUnit: null, startPrecision: null, fractionalPrecision: null },
            value: 5000,
            type: { type: "INTERVAL_DAY_TIME", nullable: false, resolution: "SECOND", precision: 2, fractionalPrecision: 6 },
          },
        },
      },
      comment: "tbl",
      distribution: { kind: "Distribution", algorithm: "HASH", columns: [{ kind: "Name", value: "id" }], buckets: 4 },
      partitionedBy: [],
      options: [
        { kind: "Property", key: "changelog.mode", value: "upsert" },
        { kind: "Property", key: "value.format", value: "avro-registry" },
      ],
      like: null,
      asQuery: null,
    });
  });

  it("statement words are usable as column names", () => {
    const st = parseStatement("CREATE TABLE t (watermark INT, metadata STRING, comment STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)") as ast.CreateTable;
    expect(st.columns.map((c) => [c.kind, c.name.value])).toEqual([
      ["PhysicalColumn", "watermark"],
      ["PhysicalColumn", "metadata"],
      ["PhysicalColumn", "comment"],
      ["PhysicalColumn", "ts"],
    ]);
    expect(st.watermark).toMatchObject({ column: { parts: ["ts"] } });
  });

  it("inline PRIMARY KEY and missing NOT ENFORCED", () => {
    const a = parseStatement("CREATE TABLE t (id INT PRIMARY KEY NOT ENFORCED)") as ast.CreateTable;
    expect(a.primaryKey).toMatchObject({ columns: [{ value: "id" }], enforced: false, constraintName: null });
    const b = parseStatement("CREATE TABLE t (id INT, PRIMARY KEY (id))") as ast.CreateTable;
    expect(b.primaryKey).toMatchObject({ enforced: true });
  });

  it("CREATE TABLE AS SELECT and LIKE", () => {
    const ctas = parseStatement("CREATE TABLE t2 (PRIMARY KEY (a) NOT ENFORCED) WITH ('x' = 'y') AS SELECT a FROM t") as ast.CreateTable;
    expect(ctas.columns).toEqual([]);
    expect(ctas.primaryKey).toMatchObject({ columns: [{ value: "a" }] });
    expect(ctas.asQuery).toMatchObject({ kind: "Query", body: { kind: "Select" } });
    const like = parseStatement("CREATE TABLE t2 WITH ('a' = 'b') LIKE t (EXCLUDING ALL INCLUDING OPTIONS)") as ast.CreateTable;
    expect(like.like).toMatchObject({ source: { parts: ["t"] }, options: [{ mode: "EXCLUDING", feature: "ALL" }, { mode: "INCLUDING", feature: "OPTIONS" }] });
  });

  it("CREATE VIEW, DROP", () => {
    expect(parseStatement("CREATE VIEW IF NOT EXISTS v (x) AS SELECT 1")).toMatchObject({ kind: "CreateView", ifNotExists: true, columns: [{ value: "x" }] });
    expect(parseStatement("DROP TABLE IF EXISTS a.b")).toMatchObject({ kind: "DropTable", ifExists: true, name: { parts: ["a", "b"] } });
    expect(parseStatement("DROP VIEW v")).toMatchObject({ kind: "DropView", ifExists: false });
  });

  it("ALTER TABLE actions", () => {
    expect(parseStatement("ALTER TABLE t ADD c INT")).toMatchObject({
      kind: "AlterTable",
      action: { kind: "AddSchema", columns: [{ kind: "AlterColumn", column: { kind: "PhysicalColumn", name: { value: "c" } }, placement: null }] },
    });
    expect(parseStatement("ALTER TABLE t ADD (c INT FIRST, d AS c AFTER c, WATERMARK FOR ts AS ts)")).toMatchObject({
      action: { columns: [{ placement: "FIRST" }, { placement: { value: "c" }, column: { kind: "ComputedColumn" } }], watermark: { kind: "Watermark" } },
    });
    expect(parseStatement("ALTER TABLE t SET ('k' = 'v')")).toMatchObject({ action: { kind: "SetOptions", options: [{ key: "k", value: "v" }] } });
    expect(parseStatement("ALTER TABLE t RESET ('k')")).toMatchObject({ action: { kind: "ResetOptions", keys: ["k"] } });
    expect(parseStatement("ALTER TABLE t RENAME TO u")).toMatchObject({ action: { kind: "RenameTable", newName: { parts: ["u"] } } });
    expect(parseStatement("ALTER TABLE t DROP (a, b)")).toMatchObject({ action: { kind: "DropColumns", columns: [{ value: "a" }, { value: "b" }] } });
    expect(parseStatement("ALTER TABLE t DROP WATERMARK")).toMatchObject({ action: { kind: "DropWatermark" } });
  });
});

describe("DML and utility statements", () => {
  it("INSERT INTO ... VALUES / SELECT with column list", () => {
    const a = parseStatement("INSERT INTO t (a, b) VALUES (1, 'x')") as ast.Insert;
    expect(a).toMatchObject({ kind: "Insert", overwrite: false, target: { parts: ["t"] }, columns: [{ value: "a" }, { value: "b" }], source: { body: { kind: "Values" } } });
    const b = parseStatement("INSERT INTO t (SELECT * FROM u)") as ast.Insert;
    expect(b.columns).toBeNull();
    expect(b.source.body.kind).toBe("Select");
  });

  it("EXECUTE STATEMENT SET", () => {
    const st = parseStatement("EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; INSERT INTO b SELECT 2; END") as ast.StatementSet;
    expect(st.kind).toBe("StatementSet");
    expect(st.inserts.map((i) => i.target.parts[0])).toEqual(["a", "b"]);
  });

  it.each<[string, unknown]>([
    ["SHOW CATALOGS", { kind: "ShowCatalogs" }],
    ["SHOW DATABASES", { kind: "ShowDatabases", from: null, like: null }],
    ["SHOW TABLES FROM cat.db LIKE 'a%'", { kind: "ShowTables", from: { kind: "ObjectName", parts: ["cat", "db"] }, like: { kind: "ShowLike", pattern: "a%", negated: false, caseInsensitive: false } }],
    ["SHOW TABLES IN db NOT LIKE 'a%'", { kind: "ShowTables", from: { kind: "ObjectName", parts: ["db"] }, like: { kind: "ShowLike", pattern: "a%", negated: true, caseInsensitive: false } }],
    ["SHOW VIEWS", { kind: "ShowViews", from: null, like: null }],
    ["SHOW USER FUNCTIONS", { kind: "ShowFunctions", user: true, from: null, like: null }],
    ["SHOW COLUMNS FROM t", { kind: "ShowColumns", table: { kind: "ObjectName", parts: ["t"] }, like: null }],
    ["SHOW CREATE TABLE t", { kind: "ShowCreateTable", name: { kind: "ObjectName", parts: ["t"] } }],
    ["SHOW CREATE VIEW v", { kind: "ShowCreateView", name: { kind: "ObjectName", parts: ["v"] } }],
    ["SHOW CURRENT CATALOG", { kind: "ShowCurrentCatalog" }],
    ["SHOW CURRENT DATABASE", { kind: "ShowCurrentDatabase" }],
    ["DESCRIBE t", { kind: "Describe", name: { kind: "ObjectName", parts: ["t"] }, extended: false }],
    ["DESC EXTENDED a.t", { kind: "Describe", name: { kind: "ObjectName", parts: ["a", "t"] }, extended: true }],
    ["USE db", { kind: "UseDatabase", name: { kind: "ObjectName", parts: ["db"] } }],
    ["USE CATALOG c", { kind: "UseCatalog", name: "c" }],
    ["SET 'sql.local-time-zone' = 'UTC'", { kind: "Set", key: "sql.local-time-zone", value: "UTC" }],
    ["SET", { kind: "Set", key: null, value: null }],
    ["RESET 'a'", { kind: "Reset", key: "a" }],
  ])("%s", (sql, expected) => {
    expect(stripPositions(parseStatement(sql))).toEqual(expected);
  });

  it("a table called `extended` can still be described", () => {
    expect(stripPositions(parseStatement("DESCRIBE extended"))).toEqual({ kind: "Describe", name: { kind: "ObjectName", parts: ["extended"] }, extended: false });
  });

  it("EXPLAIN wraps a statement", () => {
    expect(parseStatement("EXPLAIN CHANGELOG_MODE SELECT 1")).toMatchObject({ kind: "Explain", details: ["CHANGELOG_MODE"], statement: { kind: "Query" } });
    expect(parseStatement("EXPLAIN PLAN FOR INSERT INTO t SELECT 1")).toMatchObject({ kind: "Explain", details: [], statement: { kind: "Insert" } });
  });
});
