/**
 * The lexer of the Flink SQL dialect (Calcite's lexical rules as Flink configures them):
 * case-insensitive keywords, case-preserving identifiers (Flink does not fold case), backtick
 * quoted identifiers with `` doubling, '' string escapes, U&'..' Unicode strings, x'..' binary
 * strings, -- and // line comments and /* *\/ comments, and `/*+ ... *\/` hints (kept as HINT_OPEN/HINT_CLOSE tokens).
 * Every token carries its start and (inclusive) end position.
 */
import type { Pos } from "./ast.ts";
import { SqlSyntaxError } from "./errors.ts";

export type TokenType =
  /** An unquoted word: keyword or identifier. `value` as written, `upper` upper-cased. */
  | "word"
  /** A backtick-quoted identifier; `value` unescaped. */
  | "quoted"
  /** A character string; `value` unescaped. */
  | "string"
  /** x'..'; `value` the hex digits upper-cased. */
  | "binary"
  /** A numeric literal as written. */
  | "number"
  /** An operator or punctuation; `value` the symbol (`!=` kept, `<>`...). */
  | "symbol"
  | "hintOpen"
  | "hintClose"
  | "eof";

export interface Token {
  readonly type: TokenType;
  readonly value: string;
  /** Upper-cased value for words (keyword comparisons), else same as value. */
  readonly upper: string;
  /** The source text of the token. */
  readonly text: string;
  readonly pos: Pos;
  /** Last character (inclusive); for EOF the same as pos. */
  readonly end: Pos;
  /** For strings: true when a newline separated it from a preceding string (continuation). */
  readonly newlineBefore: boolean;
  /** For numbers: has an exponent. */
  readonly approximate?: boolean;
}

const SYMBOLS3 = new Set<string>([]);
const SYMBOLS2 = new Set(["<>", "<=", ">=", "!=", "||", "=>", "::"]);
const SYMBOLS1 = new Set(["(", ")", "[", "]", "{", "}", ",", ";", ".", "+", "-", "*", "/", "%", "=", "<", ">", ":", "?", "^", "|", "&"]);

function isIdentStart(c: string): boolean {
  return (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_" || c === "$" || c.charCodeAt(0) >= 0xc0;
}
function isIdentPart(c: string): boolean {
  return isIdentStart(c) || (c >= "0" && c <= "9");
}
function isDigit(c: string): boolean {
  return c >= "0" && c <= "9";
}
function isHex(c: string): boolean {
  return isDigit(c) || (c >= "a" && c <= "f") || (c >= "A" && c <= "F");
}

/**
 * Split SQL text into tokens (ending with one `eof` token).
 *
 * @example
 * tokenize("SELECT `a b` FROM t -- note").map((t) => t.value); // ["SELECT", "a b", "FROM", "t", ""]
 * @throws SqlSyntaxError on an unterminated string/identifier/comment or an unknown character,
 *   with Calcite's "Lexical error at line L, column C." wording.
 */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let col = 1;
  let inHint = false;
  let sawNewline = false;

  const here = (): Pos => ({ line, column: col, offset: i });
  const advance = (): void => {
    const c = sql[i];
    i++;
    if (c === "\n" || (c === "\r" && sql[i] !== "\n")) {
      line++;
      col = 1;
    } else {
      col++;
    }
  };
  const lastPos = (start: Pos): Pos => {
    // Position of the character before the current one; tokens never span zero characters.
    if (i === start.offset) return start;
    // Recompute cheaply: scan from start to i-1.
    let l = start.line;
    let c = start.column;
    for (let k = start.offset; k < i - 1; k++) {
      const ch = sql[k];
      if (ch === "\n" || (ch === "\r" && sql[k + 1] !== "\n")) {
        l++;
        c = 1;
      } else c++;
    }
    return { line: l, column: c, offset: i - 1 };
  };
  const push = (type: TokenType, value: string, start: Pos, extra?: { approximate?: boolean }): void => {
    const text = sql.slice(start.offset, i);
    const tok: Token = {
      type,
      value,
      upper: type === "word" ? value.toUpperCase() : value,
      text,
      pos: start,
      end: lastPos(start),
      newlineBefore: sawNewline,
      ...(extra?.approximate !== undefined ? { approximate: extra.approximate } : {}),
    };
    tokens.push(tok);
    sawNewline = false;
  };
  const lexError = (pos: Pos, encountered: string, after: string): never => {
    throw new SqlSyntaxError(`Lexical error at line ${pos.line}, column ${pos.column}.  Encountered: ${encountered} after : "${after}"`, pos);
  };

  /** Reads a quoted section starting at the opening quote; doubling the quote escapes it. */
  const readQuoted = (quote: string, start: Pos): string => {
    advance(); // opening quote
    let out = "";
    for (;;) {
      if (i >= sql.length) lexError(here(), "<EOF>", sql.slice(start.offset, i));
      const c = sql[i]!;
      if (c === quote) {
        if (sql[i + 1] === quote) {
          out += quote;
          advance();
          advance();
          continue;
        }
        advance();
        return out;
      }
      out += c;
      advance();
    }
  };

  while (i < sql.length) {
    const c = sql[i]!;
    // Whitespace
    if (c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f") {
      if (c === "\n" || c === "\r") sawNewline = true;
      advance();
      continue;
    }
    // Comments: Calcite's lexer (so Flink's) starts a line comment with `//` as well as `--`.
    if ((c === "-" || c === "/") && sql[i + 1] === c) {
      while (i < sql.length && sql[i] !== "\n" && sql[i] !== "\r") advance();
      continue;
    }
    if (c === "/" && sql[i + 1] === "*") {
      const start = here();
      if (sql[i + 2] === "+" && !inHint) {
        advance();
        advance();
        advance();
        inHint = true;
        push("hintOpen", "/*+", start);
        continue;
      }
      advance();
      advance();
      for (;;) {
        if (i >= sql.length) lexError(here(), "<EOF>", sql.slice(start.offset, i));
        if (sql[i] === "*" && sql[i + 1] === "/") {
          advance();
          advance();
          break;
        }
        if (sql[i] === "\n" || sql[i] === "\r") sawNewline = true;
        advance();
      }
      continue;
    }
    if (inHint && c === "*" && sql[i + 1] === "/") {
      const start = here();
      advance();
      advance();
      inHint = false;
      push("hintClose", "*/", start);
      continue;
    }
    const start = here();
    // Binary string x'..'
    if ((c === "x" || c === "X") && sql[i + 1] === "'") {
      advance();
      const v = readQuoted("'", start);
      for (let k = 0; k < v.length; k++) {
        const ch = v[k]!;
        if (!isHex(ch) && ch !== " ") {
          throw new SqlSyntaxError(`Binary literal string must contain only characters '0' - '9', 'A' - 'F' at line ${start.line}, column ${start.column}.`, start);
        }
      }
      const hex = v.replace(/ /g, "").toUpperCase();
      if (hex.length % 2 !== 0) {
        throw new SqlSyntaxError(`Binary literal string must contain an even number of hexits at line ${start.line}, column ${start.column}.`, start);
      }
      push("binary", hex, start);
      continue;
    }
    // Unicode string U&'..' (optionally followed by UESCAPE 'c', handled here)
    if ((c === "u" || c === "U") && sql[i + 1] === "&" && sql[i + 2] === "'") {
      advance();
      advance();
      const raw = readQuoted("'", start);
      // Look ahead for UESCAPE '<c>'
      let escape = "\\";
      const rest = /^\s+UESCAPE\s+'(.)'/i.exec(sql.slice(i));
      if (rest) {
        escape = rest[1]!;
        const target = i + rest[0].length;
        while (i < target) advance();
      }
      push("string", decodeUnicodeEscapes(raw, escape, start), start);
      continue;
    }
    // National / charset-prefixed strings: N'..', _UTF16'..' (prefix dropped)
    if ((c === "n" || c === "N") && sql[i + 1] === "'") {
      advance();
      push("string", readQuoted("'", start), start);
      continue;
    }
    if (c === "_" && /^_[A-Za-z0-9_]+'/.test(sql.slice(i, i + 40))) {
      while (sql[i] !== "'") advance();
      push("string", readQuoted("'", start), start);
      continue;
    }
    if (c === "'") {
      push("string", readQuoted("'", start), start);
      continue;
    }
    if (c === "`") {
      const v = readQuoted("`", start);
      if (v.length === 0) throw new SqlSyntaxError(`Lexical error at line ${start.line}, column ${start.column}.  Encountered: "\`\`" (empty identifier)`, start);
      push("quoted", v, start);
      continue;
    }
    if (c === '"') {
      // Flink's dialect quotes identifiers with backticks; double quotes are not a token.
      lexError(start, `"\\"" (34)`, "");
    }
    if (isDigit(c) || (c === "." && isDigit(sql[i + 1] ?? ""))) {
      while (i < sql.length && isDigit(sql[i]!)) advance();
      if (sql[i] === "." && !(sql[i + 1] === ".")) {
        advance();
        while (i < sql.length && isDigit(sql[i]!)) advance();
      }
      let approximate = false;
      if ((sql[i] === "e" || sql[i] === "E") && (isDigit(sql[i + 1] ?? "") || ((sql[i + 1] === "+" || sql[i + 1] === "-") && isDigit(sql[i + 2] ?? "")))) {
        approximate = true;
        advance();
        if (sql[i] === "+" || sql[i] === "-") advance();
        while (i < sql.length && isDigit(sql[i]!)) advance();
      }
      push("number", sql.slice(start.offset, i), start, { approximate });
      continue;
    }
    if (isIdentStart(c)) {
      while (i < sql.length && isIdentPart(sql[i]!)) advance();
      push("word", sql.slice(start.offset, i), start);
      continue;
    }
    const two = sql.slice(i, i + 2);
    if (SYMBOLS3.has(sql.slice(i, i + 3))) {
      advance();
      advance();
      advance();
      push("symbol", sql.slice(start.offset, i), start);
      continue;
    }
    if (SYMBOLS2.has(two)) {
      advance();
      advance();
      push("symbol", two, start);
      continue;
    }
    if (SYMBOLS1.has(c)) {
      advance();
      push("symbol", c, start);
      continue;
    }
    lexError(start, `"${c}" (${c.charCodeAt(0)})`, "");
  }
  if (inHint) lexError(here(), "<EOF>", "/*+");
  // Like JavaCC (Calcite), the EOF token sits on the last character of the input.
  const eofPos = i === 0 ? here() : lastPos({ line: 1, column: 1, offset: 0 });
  tokens.push({ type: "eof", value: "", upper: "", text: "", pos: eofPos, end: eofPos, newlineBefore: sawNewline });
  return tokens;
}

/** Decode `\XXXX` and `\+XXXXXX` escapes (with a custom escape character) of a U&'' string. */
function decodeUnicodeEscapes(raw: string, escape: string, pos: Pos): string {
  let out = "";
  for (let k = 0; k < raw.length; k++) {
    const ch = raw[k]!;
    if (ch !== escape) {
      out += ch;
      continue;
    }
    if (raw[k + 1] === escape) {
      out += escape;
      k++;
      continue;
    }
    let digits: string;
    if (raw[k + 1] === "+") {
      digits = raw.slice(k + 2, k + 8);
      k += 7;
    } else {
      digits = raw.slice(k + 1, k + 5);
      k += 4;
    }
    if (!/^[0-9a-fA-F]+$/.test(digits) || (digits.length !== 4 && digits.length !== 6)) {
      throw new SqlSyntaxError(`Unicode escape sequence starting at character ${k} is not exactly four hex digits at line ${pos.line}, column ${pos.column}.`, pos);
    }
    const code = parseInt(digits, 16);
    if (code > 0x10ffff) {
      throw new SqlSyntaxError(`Unicode escape sequence U+${digits.toUpperCase()} is not a valid code point at line ${pos.line}, column ${pos.column}.`, pos);
    }
    out += String.fromCodePoint(code);
  }
  return out;
}
