/**
 * Property tests (fast-check): for random expression trees in the parser's canonical form,
 * format -> parse returns the same tree (so the formatter's parenthesisation agrees with the
 * parser's precedence), with both quoting styles; and the lexer never crashes on arbitrary
 * text (it either tokenizes or throws SqlSyntaxError).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type * as ast from "../../../../src/emulator/sql/syntax/ast.ts";
import { SqlSyntaxError } from "../../../../src/emulator/sql/syntax/errors.ts";
import { formatExpression, formatStatement } from "../../../../src/emulator/sql/syntax/formatter.ts";
import { tokenize } from "../../../../src/emulator/sql/syntax/lexer.ts";
import { parseDataType, parseExpression, parseStatement } from "../../../../src/emulator/sql/syntax/parser.ts";
import { stripPositions } from "../../../../src/emulator/sql/syntax/strip.ts";
import { EngineError } from "../../../../src/emulator/engine.ts";
import { CORPUS_ENTRIES } from "./corpus.ts";

const P = { line: 1, column: 1, offset: 0 };
const at = { pos: P, end: P };

const nameArb = fc.oneof(
  fc.constantFrom("a", "b", "price", "$rowtime", "Name", "value", "select", "map", "user", "order id", "x`y", "é"),
  fc.stringMatching(/^[a-z_][a-z0-9_]{0,6}$/),
);

const numericArb: fc.Arbitrary<ast.Expr> = fc
  .oneof(
    fc.nat({ max: 100000 }).map(String),
    fc.tuple(fc.nat({ max: 999 }), fc.nat({ max: 999 })).map(([a, b]) => `${a}.${b}`),
    fc.nat({ max: 999 }).map((b) => `.${b}`),
    fc.tuple(fc.nat({ max: 99 }), fc.constantFrom("E", "e-", "E+"), fc.nat({ max: 30 })).map(([a, e, b]) => `${a}${e}${b}`),
  )
  .map((text) => ({ kind: "NumericLiteral", text, approximate: /e/i.test(text), ...at }));

const leafArb: fc.Arbitrary<ast.Expr> = fc.oneof(
  numericArb,
  fc.string({ maxLength: 6 }).map((value) => ({ kind: "StringLiteral", value, ...at }) as ast.Expr),
  fc.boolean().map((value) => ({ kind: "BooleanLiteral", value, ...at }) as ast.Expr),
  fc.boolean().map((unknown) => ({ kind: "NullLiteral", unknown, ...at }) as ast.Expr),
  fc.array(nameArb, { minLength: 1, maxLength: 3 }).map((parts) => ({ kind: "Identifier", parts, ...at }) as ast.Expr),
  fc.constantFrom("INTERVAL '5' SECOND", "INTERVAL '1-2' YEAR TO MONTH", "DATE '2024-01-02'", "TIMESTAMP '2024-01-02 03:04:05.123'", "CURRENT_TIMESTAMP", "x'0A'").map((s) =>
    parseExpression(s),
  ),
);

const typeArb = fc.constantFrom("INT", "STRING", "DECIMAL(10, 2)", "TIMESTAMP_LTZ(3)", "ARRAY<INT NOT NULL>", "ROW<a INT, `b c` STRING>", "MAP<STRING, BIGINT>").map((t) => parseDataType(t));

const binaryOps: ast.BinaryOperator[] = ["OR", "AND", "=", "<>", "<", "<=", ">", ">=", "+", "-", "*", "/", "%", "||"];

const { expr } = fc.letrec<{ expr: ast.Expr }>((tie) => {
  const e = tie("expr");
  return {
    expr: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      leafArb,
      fc.record({ op: fc.constantFrom(...binaryOps), left: e, right: e }).map((r) => ({ kind: "Binary", ...r, ...at }) as ast.Expr),
      fc.record({ op: fc.constantFrom("NOT" as const, "-" as const, "+" as const), operand: e }).map((r) => ({ kind: "Unary", ...r, ...at }) as ast.Expr),
      fc
        .record({ operand: e, test: fc.constantFrom("NULL" as const, "TRUE" as const, "FALSE" as const, "UNKNOWN" as const), negated: fc.boolean() })
        .map((r) => ({ kind: "Is", ...r, ...at }) as ast.Expr),
      fc.record({ left: e, right: e, negated: fc.boolean() }).map((r) => ({ kind: "IsDistinctFrom", ...r, ...at }) as ast.Expr),
      fc
        .record({ operand: e, low: e, high: e, negated: fc.boolean(), symmetric: fc.boolean() })
        .map((r) => ({ kind: "Between", ...r, ...at }) as ast.Expr),
      fc.record({ operand: e, list: fc.array(e, { minLength: 1, maxLength: 3 }), negated: fc.boolean() }).map((r) => ({ kind: "InList", ...r, ...at }) as ast.Expr),
      fc
        .record({ op: fc.constantFrom("LIKE" as const, "SIMILAR TO" as const), operand: e, pattern: e, escape: fc.option(e, { nil: null }), negated: fc.boolean() })
        .map((r) => ({ kind: "Like", ...r, ...at }) as ast.Expr),
      fc
        .record({
          operand: fc.option(e, { nil: null }),
          whens: fc.array(fc.record({ when: e, then: e }).map((w) => ({ kind: "CaseWhen", ...w, ...at }) as ast.CaseWhen), { minLength: 1, maxLength: 2 }),
          else: fc.option(e, { nil: null }),
        })
        .map((r) => ({ kind: "Case", ...r, ...at }) as ast.Expr),
      fc.record({ operand: e, type: typeArb, try: fc.boolean() }).map((r) => ({ kind: "Cast", ...r, ...at }) as ast.Expr),
      fc
        .record({ name: fc.constantFrom("f", "UPPER", "COUNT", "my_fn", "YEAR"), args: fc.array(e, { maxLength: 3 }), quantifier: fc.constantFrom(null, "DISTINCT" as const) })
        .filter((r) => r.quantifier === null || r.args.length > 0)
        .map(
          (r) =>
            ({ kind: "FunctionCall", qualifier: [], star: false, filter: null, withinGroup: null, nullTreatment: null, over: null, bare: false, ...r, ...at }) as ast.Expr,
        ),
      fc.record({ target: e, index: e }).map((r) => ({ kind: "ElementAccess", ...r, ...at }) as ast.Expr),
      fc
        .record({ target: e, field: nameArb })
        .filter((r) => r.target.kind !== "Identifier")
        .map((r) => ({ kind: "FieldAccess", ...r, ...at }) as ast.Expr),
      fc
        .record({ fields: fc.array(e, { minLength: 2, maxLength: 3 }), explicit: fc.boolean() })
        .map((r) => ({ kind: "RowConstructor", ...r, ...at }) as ast.Expr),
      fc.array(e, { maxLength: 3 }).map((elements) => ({ kind: "ArrayConstructor", elements, ...at }) as ast.Expr),
    ),
  };
});

describe("expression round trip (property)", () => {
  it("format -> parse is the identity on canonical trees", () => {
    fc.assert(
      fc.property(expr, fc.constantFrom("always" as const, "needed" as const), (e, quoting) => {
        const text = formatExpression(e, { quoteIdentifiers: quoting });
        let back: ast.Expr;
        try {
          back = parseExpression(text);
        } catch (err) {
          throw new Error(`could not re-parse ${JSON.stringify(text)}: ${(err as Error).message}`);
        }
        expect(stripPositions(back)).toEqual(stripPositions(e));
      }),
      { numRuns: 250, seed: 20261123 },
    );
  });

  it("expressions embedded in a statement survive the statement round trip", () => {
    fc.assert(
      fc.property(expr, (e) => {
        const sql = `SELECT ${formatExpression(e)} AS x FROM t WHERE ${formatExpression(e)}`;
        const st = parseStatement(sql);
        expect(stripPositions(parseStatement(formatStatement(st)))).toEqual(stripPositions(st));
      }),
      { numRuns: 100, seed: 7 },
    );
  });
});

describe("lexer robustness (property)", () => {
  it("tokenizes or throws SqlSyntaxError, never anything else", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        try {
          const tokens = tokenize(s);
          expect(tokens[tokens.length - 1]!.type).toBe("eof");
        } catch (e) {
          expect(e).toBeInstanceOf(SqlSyntaxError);
        }
      }),
      { numRuns: 300, seed: 3 },
    );
  });

  it("mutated corpus statements parse or throw EngineErrors (never a crash)", () => {
    const entry = fc.constantFrom(...CORPUS_ENTRIES.map(([, sql]) => sql));
    fc.assert(
      fc.property(entry, fc.nat(), fc.nat({ max: 20 }), fc.string({ maxLength: 4 }), (sql, at, cut, insert) => {
        const p = at % (sql.length + 1);
        const mutated = sql.slice(0, p) + insert + sql.slice(Math.min(sql.length, p + cut));
        try {
          parseStatement(mutated);
        } catch (e) {
          expect(e).toBeInstanceOf(EngineError);
        }
      }),
      { numRuns: 1500, seed: 1 },
    );
  });

  it("the parser only throws EngineErrors on arbitrary SQL-like text", () => {
    const word = fc.constantFrom("SELECT", "FROM", "t", "a", "(", ")", ",", "*", "+", "WHERE", "=", "1", "'x'", "AS", "JOIN", "ON", "GROUP", "BY", "CAST", "INT", "INTERVAL", "DAY", ";", ".", "[", "]");
    fc.assert(
      fc.property(fc.array(word, { maxLength: 14 }), (words) => {
        try {
          parseStatement(words.join(" "));
        } catch (e) {
          expect(e).toBeInstanceOf(EngineError);
        }
      }),
      { numRuns: 400, seed: 11 },
    );
  });
});
