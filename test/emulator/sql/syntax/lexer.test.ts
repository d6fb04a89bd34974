/**
 * The lexer on its own: token kinds and values, case handling, escapes, comments, hints,
 * numbers, and positions across line endings (\n, \r\n, \r).
 */
import { describe, expect, it } from "vitest";
import { tokenize } from "../../../../src/emulator/sql/syntax/lexer.ts";
import { SqlSyntaxError } from "../../../../src/emulator/sql/syntax/errors.ts";

function kinds(sql: string): Array<[string, string]> {
  return tokenize(sql).map((t) => [t.type, t.value]);
}

describe("tokens", () => {
  it("words keep their spelling and carry an upper-case form", () => {
    const [t] = tokenize("sElEcT");
    expect(t).toMatchObject({ type: "word", value: "sElEcT", upper: "SELECT", text: "sElEcT" });
  });

  it("identifiers may contain $ and _ and non-ASCII letters", () => {
    expect(kinds("$rowtime a_b$1 café")).toEqual([
      ["word", "$rowtime"],
      ["word", "a_b$1"],
      ["word", "café"],
      ["eof", ""],
    ]);
  });

  it("backtick identifiers: `` doubles, any character allowed", () => {
    expect(kinds("`a``b` `x y.z`")).toEqual([
      ["quoted", "a`b"],
      ["quoted", "x y.z"],
      ["eof", ""],
    ]);
  });

  it("strings: '' doubles; N'' and _charset'' prefixes are dropped", () => {
    expect(kinds("'it''s' N'n' _UTF16'u' ''")).toEqual([
      ["string", "it's"],
      ["string", "n"],
      ["string", "u"],
      ["string", ""],
      ["eof", ""],
    ]);
  });

  it("binary strings upper-case their hex digits", () => {
    expect(kinds("x'0a ff' X''")).toEqual([
      ["binary", "0AFF"],
      ["binary", ""],
      ["eof", ""],
    ]);
  });

  it("numbers, exact and approximate", () => {
    const toks = tokenize("1 1.5 .5 1. 1e3 1.5E-2 2e+1 3e");
    expect(toks.map((t) => [t.value, t.approximate])).toEqual([
      ["1", false],
      ["1.5", false],
      [".5", false],
      ["1.", false],
      ["1e3", true],
      ["1.5E-2", true],
      ["2e+1", true],
      ["3", false],
      ["e", undefined],
      ["", undefined],
    ]);
  });

  it("operators, longest match first", () => {
    expect(kinds("<> <= >= != || => < > = + - * / % ( ) [ ] , ; . :").map(([, v]) => v)).toEqual([
      "<>", "<=", ">=", "!=", "||", "=>", "<", ">", "=", "+", "-", "*", "/", "%", "(", ")", "[", "]", ",", ";", ".", ":", "",
    ]);
  });

  it("comments are skipped; hints become hint tokens", () => {
    expect(kinds("a -- x\n/* y */ b /*+ OPTIONS('k'='v') */")).toEqual([
      ["word", "a"],
      ["word", "b"],
      ["hintOpen", "/*+"],
      ["word", "OPTIONS"],
      ["symbol", "("],
      ["string", "k"],
      ["symbol", "="],
      ["string", "v"],
      ["symbol", ")"],
      ["hintClose", "*/"],
      ["eof", ""],
    ]);
  });

  it("1 - -1 does not start a comment; 1--1 does", () => {
    expect(kinds("1 - -1").map(([, v]) => v)).toEqual(["1", "-", "-", "1", ""]);
    expect(kinds("1--1").map(([, v]) => v)).toEqual(["1", ""]);
  });

  it("marks strings that start a new line (for literal continuation)", () => {
    const toks = tokenize("'a' 'b'\n'c'");
    expect(toks.map((t) => t.newlineBefore)).toEqual([false, false, true, false]);
  });
});

describe("positions", () => {
  it("tracks lines and columns with \\n, \\r\\n and \\r", () => {
    const toks = tokenize("a\nbb\r\nccc\rd");
    expect(toks.map((t) => [t.value, t.pos.line, t.pos.column, t.pos.offset, t.end.column])).toEqual([
      ["a", 1, 1, 0, 1],
      ["bb", 2, 1, 2, 2],
      ["ccc", 3, 1, 6, 3],
      ["d", 4, 1, 10, 1],
      ["", 4, 1, 10, 1],
    ]);
  });

  it("multi-line tokens end on their last line", () => {
    const [t] = tokenize("'x\nyz'");
    expect(t!.pos).toEqual({ line: 1, column: 1, offset: 0 });
    expect(t!.end).toEqual({ line: 2, column: 3, offset: 5 });
  });

  it("EOF sits on the last character of the input", () => {
    const toks = tokenize("ab  ");
    expect(toks[1]).toMatchObject({ type: "eof", pos: { line: 1, column: 4, offset: 3 } });
    expect(tokenize("")[0]).toMatchObject({ type: "eof", pos: { line: 1, column: 1, offset: 0 } });
  });
});

describe("errors", () => {
  // JavaCC reports a lexical error at EOF one column after the last character read.
  it.each([
    ["'open", "Lexical error at line 1, column 6.  Encountered: <EOF> after : \"'open\""],
    ["`open", 'Lexical error at line 1, column 6.  Encountered: <EOF> after : "`open"'],
    ["/* open", 'Lexical error at line 1, column 8.  Encountered: <EOF> after : "/* open"'],
    ["a ~ b", 'Lexical error at line 1, column 3.  Encountered: "~" (126) after : ""'],
    ["/*+ OPTIONS()", 'Lexical error at line 1, column 14.  Encountered: <EOF> after : "/*+"'],
  ])("%s", (sql, reason) => {
    let caught: unknown;
    try {
      tokenize(sql);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(SqlSyntaxError);
    expect((caught as SqlSyntaxError).reason).toBe(reason);
  });

  it("`` is not an identifier", () => {
    expect(() => tokenize("``")).toThrow(SqlSyntaxError);
  });
});
