/**
 * The hand-written recursive-descent parser of the emulator's Flink SQL dialect: one statement
 * in, a typed AST (./ast.ts) out, or a SqlSyntaxError with Flink's wording
 * ("SQL parse failed. Encountered "FROMM" at line 1, column 10. Was expecting one of: ...").
 * Expressions use precedence climbing with Calcite's operator precedences (lowest first):
 * OR < AND < NOT < comparisons/IS < BETWEEN/IN/LIKE/SIMILAR < + - < * / % || < unary +/- <
 * postfix [] and `.`.
 */
import type { LogicalType, RowField } from "../../../types/model.ts";
import { MAX_LENGTH } from "../../../types/model.ts";
import { EngineError } from "../../engine.ts";
import type * as ast from "./ast.ts";
import { SqlSyntaxError, TABLE_EXCEPTION } from "./errors.ts";
import { NOT_FUNCTION_NAMES, RESERVED } from "./keywords.ts";
import { tokenize } from "./lexer.ts";
import type { Token } from "./lexer.ts";
import { LiteralError, datetimeLiteralType, intervalType, intervalValue, qualifierText, validQualifierPair } from "./literals.ts";

type Pos = ast.Pos;

const VALIDATION_EXCEPTION = "org.apache.flink.table.api.ValidationException";

/**
 * Parse exactly one SQL statement (a trailing `;` is allowed).
 *
 * @example
 * const stmt = parseStatement("SELECT a, COUNT(*) FROM t GROUP BY a");
 * if (stmt.kind === "Query" && stmt.body.kind === "Select") console.log(stmt.body.items.length); // 2
 * @throws SqlSyntaxError (exception name org.apache.flink.table.api.SqlParserException) when the
 *   text does not parse or holds more than one statement; EngineError (ValidationException) for a
 *   type that is out of range (e.g. DECIMAL(40, 0)) or an interval literal that does not fit its
 *   qualifier, with Flink's message.
 */
export function parseStatement(sql: string): ast.Statement {
  return withDiagnostics(sql, (p) => p.parseSingleStatement());
}

/**
 * Parse fast (no "expected token" bookkeeping); when that fails with a syntax error, parse
 * again recording what each position accepts, and throw that run's error, whose message has
 * the "Was expecting one of" list. Parsing is deterministic, so both runs fail at the same token.
 */
function withDiagnostics<T>(sql: string, run: (p: Parser) => T): T {
  const tokens = tokenize(sql);
  try {
    return run(new Parser(sql, tokens, false));
  } catch (e) {
    if (!(e instanceof SqlSyntaxError)) throw e;
    return run(new Parser(sql, tokens, true));
  }
}

/**
 * Parse a standalone expression (for tests, computed columns stored as text, and tools).
 *
 * @example
 * parseExpression("a + 1").kind; // "Binary"
 * @throws SqlSyntaxError when the text is not exactly one expression.
 */
export function parseExpression(sql: string): ast.Expr {
  return withDiagnostics(sql, (p) => p.parseStandaloneExpression());
}

/**
 * Parse a Flink SQL data type (`DECIMAL(10, 2) NOT NULL`, `ROW<a INT, b STRING>`, `INT ARRAY`).
 *
 * @example
 * parseDataType("VARCHAR(3)"); // { type: "VARCHAR", nullable: true, length: 3 }
 * @throws SqlSyntaxError on bad syntax, EngineError for an out-of-range length or precision.
 */
export function parseDataType(sql: string): LogicalType {
  return withDiagnostics(sql, (p) => p.parseStandaloneType());
}

const TIME_UNITS: ReadonlySet<string> = new Set([
  "MILLENNIUM", "CENTURY", "DECADE", "YEAR", "ISOYEAR", "QUARTER", "MONTH", "WEEK", "DAY", "DOW",
  "ISODOW", "DOY", "HOUR", "MINUTE", "SECOND", "MILLISECOND", "MICROSECOND", "NANOSECOND", "EPOCH",
]);
const INTERVAL_UNITS: ReadonlySet<string> = new Set(["YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND"]);
const NILADIC: ReadonlySet<string> = new Set([
  "CURRENT_TIMESTAMP", "CURRENT_DATE", "CURRENT_TIME", "LOCALTIMESTAMP", "LOCALTIME", "CURRENT_USER",
  "SESSION_USER", "SYSTEM_USER", "USER", "CURRENT_ROLE", "CURRENT_CATALOG", "CURRENT_SCHEMA", "CURRENT_PATH",
]);
const EXPLAIN_DETAILS: ReadonlySet<string> = new Set(["ESTIMATED_COST", "CHANGELOG_MODE", "JSON_EXECUTION_PLAN", "PLAN_ADVICE"]);
const LIKE_FEATURES: ReadonlySet<string> = new Set(["ALL", "CONSTRAINTS", "DISTRIBUTION", "GENERATED", "METADATA", "OPTIONS", "PARTITIONS", "WATERMARKS"]);

const COMPARISON: ReadonlySet<string> = new Set(["=", "<>", "!=", "<", "<=", ">", ">="]);

/**
 * Limits that keep recursion (here, in the planner and in the formatter) far from the JS stack
 * limit, so absurd input fails with a SqlSyntaxError instead of a RangeError.
 */
const MAX_NESTING = 200;
const MAX_CHAIN = 1000;
/** Deepest AST allowed (a left-deep chain of 1000 `+` is 1000 deep). */
const MAX_TREE_DEPTH = 1500;

/** Iteratively measure the AST's depth; fail at the first node deeper than MAX_TREE_DEPTH. */
function checkTreeDepth(root: object): void {
  const stack: Array<[unknown, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== "object") continue;
    if (Array.isArray(node)) {
      for (const x of node) stack.push([x, depth]);
      continue;
    }
    const rec = node as Record<string, unknown>;
    const isNode = typeof rec["kind"] === "string" && typeof rec["pos"] === "object";
    if (isNode && depth > MAX_TREE_DEPTH) {
      const pos = rec["pos"] as Pos;
      throw new SqlSyntaxError(`Statement is nested too deeply (more than ${MAX_TREE_DEPTH} levels) at line ${pos.line}, column ${pos.column}.`, pos);
    }
    for (const [k, v] of Object.entries(rec)) {
      if (k !== "pos" && k !== "end" && v !== null && typeof v === "object") stack.push([v, isNode ? depth + 1 : depth]);
    }
  }
}

class Parser {
  private i = 0;
  /** Token index where expectations were last recorded, and what was expected there. */
  private expectedAt = -1;
  /** Raw expectations: keywords/symbols as written, or `<CLASS>` names; quoted when rendered. */
  private expected = new Set<string>();
  private lastEnd: Pos;
  private depth = 0;

  constructor(
    private readonly sql: string,
    private readonly tokens: Token[],
    /** Record expectations for error messages (the slower diagnostic run). */
    private readonly recording: boolean,
  ) {
    this.lastEnd = this.tokens[0]!.pos;
  }

  // -------------------------------------------------------------------------------------------
  // Token helpers
  // -------------------------------------------------------------------------------------------

  private peek(k = 0): Token {
    return this.tokens[Math.min(this.i + k, this.tokens.length - 1)]!;
  }

  private advance(): Token {
    const t = this.tokens[this.i]!;
    if (t.type !== "eof") {
      this.i++;
      this.lastEnd = t.end;
    }
    return t;
  }

  private note(what: string): void {
    if (!this.recording) return;
    if (this.i > this.expectedAt) {
      this.expectedAt = this.i;
      this.expected = new Set();
    }
    if (this.i === this.expectedAt) this.expected.add(what);
  }

  /** Is the token at offset k the (unquoted) keyword kw? Records the expectation at k = 0. */
  private isKw(kw: string, k = 0): boolean {
    const t = this.peek(k);
    const ok = t.type === "word" && t.upper === kw;
    if (!ok && k === 0) this.note(kw);
    return ok;
  }

  private acceptKw(kw: string): boolean {
    if (this.isKw(kw)) {
      this.advance();
      return true;
    }
    return false;
  }

  /** Accept a sequence of keywords only if all are present. */
  private acceptKws(...kws: string[]): boolean {
    for (let k = 0; k < kws.length; k++) {
      if (!this.isKw(kws[k]!, k)) return false;
    }
    for (let k = 0; k < kws.length; k++) this.advance();
    return true;
  }

  private expectKw(kw: string): Token {
    if (!this.isKw(kw)) this.fail();
    return this.advance();
  }

  private isSym(s: string, k = 0): boolean {
    const t = this.peek(k);
    const ok = t.type === "symbol" && t.value === s;
    if (!ok && k === 0) this.note(s);
    return ok;
  }

  private acceptSym(s: string): boolean {
    if (this.isSym(s)) {
      this.advance();
      return true;
    }
    return false;
  }

  private expectSym(s: string): Token {
    if (!this.isSym(s)) this.fail();
    return this.advance();
  }

  private atEof(): boolean {
    const ok = this.peek().type === "eof";
    if (!ok) this.note("<EOF>");
    return ok;
  }

  /** Is the token at k usable as an identifier (quoted, or an unreserved word)? */
  private isIdent(k = 0): boolean {
    const t = this.peek(k);
    const ok = t.type === "quoted" || (t.type === "word" && !RESERVED.has(t.upper));
    if (!ok && k === 0) this.note("<IDENTIFIER>");
    return ok;
  }

  private identifier(): string {
    if (!this.isIdent()) this.fail();
    return this.advance().value;
  }

  private name(): ast.Name {
    const start = this.peek().pos;
    const value = this.identifier();
    return this.fin<ast.Name>(start, { kind: "Name", value });
  }

  private objectName(): ast.ObjectName {
    const start = this.peek().pos;
    const parts = [this.identifier()];
    while (this.isSym(".") && this.isIdent(1)) {
      this.advance();
      parts.push(this.identifier());
    }
    return this.fin<ast.ObjectName>(start, { kind: "ObjectName", parts });
  }

  private stringValue(): string {
    const t = this.peek();
    if (t.type !== "string") {
      this.note("<STRING_LITERAL>");
      this.fail();
    }
    this.advance();
    let v = t.value;
    while (this.peek().type === "string" && this.peek().newlineBefore) v += this.advance().value;
    return v;
  }

  private unsignedInteger(): number {
    const t = this.peek();
    if (t.type !== "number" || !/^\d+$/.test(t.value)) {
      this.note("<UNSIGNED_INTEGER_LITERAL>");
      this.fail();
    }
    this.advance();
    return Number(t.value);
  }

  private fin<T extends ast.NodeBase>(start: Pos, n: Omit<T, "pos" | "end">): T {
    // `n` is always a fresh object literal: completing it in place avoids a copy.
    const node = n as { pos?: Pos; end?: Pos };
    node.pos = start;
    node.end = this.lastEnd;
    return node as T;
  }

  /** Throw Calcite's "Encountered ... Was expecting ..." error at the current token. */
  private fail(): never {
    const t = this.peek();
    const image = t.type === "eof" ? "<EOF>" : t.type === "string" ? `'${t.value.replace(/'/g, "''")}'` : t.text;
    let msg = `Encountered "${image}" at line ${t.pos.line}, column ${t.pos.column}.`;
    if (this.expectedAt === this.i && this.expected.size > 0) {
      const all = [...this.expected];
      const list = all.slice(0, 40);
      const render = (e: string): string => (/^<[A-Z_ ]+>$/.test(e) ? e : `"${e}"`);
      const lines = list.map((e) => (e === "<EOF>" ? `    ${e} ` : `    ${render(e)} ...`));
      msg += `\nWas expecting${list.length === 1 ? ":" : " one of:"}\n${lines.join("\n")}`;
      if (all.length > list.length) msg += "\n    ...";
    }
    throw new SqlSyntaxError(msg, t.pos);
  }

  /** Run `f` one nesting level deeper, failing cleanly past MAX_NESTING. */
  private nested<T>(f: () => T): T {
    if (this.depth >= MAX_NESTING) {
      const t = this.peek();
      this.failAt(`Statement is nested too deeply (more than ${MAX_NESTING} levels) at line ${t.pos.line}, column ${t.pos.column}.`, t.pos);
    }
    this.depth++;
    try {
      return f();
    } finally {
      this.depth--;
    }
  }

  /** Fail when one operator chain grows past MAX_CHAIN operands. */
  private chain(n: number): void {
    if (n > MAX_CHAIN) {
      const t = this.peek();
      this.failAt(`Expression has too many operands (more than ${MAX_CHAIN}) at line ${t.pos.line}, column ${t.pos.column}.`, t.pos);
    }
  }

  private failAt(message: string, pos: Pos): never {
    throw new SqlSyntaxError(message, pos);
  }

  private validationError(message: string, start: Pos, end: Pos): never {
    throw new EngineError(
      `SQL validation failed. From line ${start.line}, column ${start.column} to line ${end.line}, column ${end.column}: ${message}`,
      VALIDATION_EXCEPTION,
    );
  }

  // -------------------------------------------------------------------------------------------
  // Entry points
  // -------------------------------------------------------------------------------------------

  parseSingleStatement(): ast.Statement {
    const stmt = this.statement();
    this.acceptSym(";");
    if (!this.atEof()) {
      const t = this.peek();
      if (this.lastWasSemicolon()) {
        throw new SqlSyntaxError(
          `Only a single statement is supported, but found another statement at line ${t.pos.line}, column ${t.pos.column}.`,
          t.pos,
        );
      }
      this.fail();
    }
    if (this.tokens.length * 3 > MAX_TREE_DEPTH) checkTreeDepth(stmt);
    return stmt;
  }

  private lastWasSemicolon(): boolean {
    const prev = this.tokens[this.i - 1];
    return prev !== undefined && prev.type === "symbol" && prev.value === ";";
  }

  parseStandaloneExpression(): ast.Expr {
    const e = this.expr();
    if (!this.atEof()) this.fail();
    if (this.tokens.length * 3 > MAX_TREE_DEPTH) checkTreeDepth(e);
    return e;
  }

  parseStandaloneType(): LogicalType {
    const t = this.dataType();
    if (!this.atEof()) this.fail();
    return t;
  }

  // -------------------------------------------------------------------------------------------
  // Statements
  // -------------------------------------------------------------------------------------------

  private statement(): ast.Statement {
    if (this.startsQuery()) return this.query();
    if (this.isKw("INSERT")) return this.insert();
    if (this.isKw("EXECUTE")) return this.executeStatementSet();
    if (this.isKw("CREATE")) return this.create();
    if (this.isKw("DROP")) return this.drop();
    if (this.isKw("ALTER")) return this.alterTable();
    if (this.isKw("SHOW")) return this.show();
    if (this.isKw("DESCRIBE") || this.isKw("DESC")) return this.describe();
    if (this.isKw("EXPLAIN")) return this.explain();
    if (this.isKw("USE")) return this.use();
    if (this.isKw("SET")) return this.set();
    if (this.isKw("RESET")) return this.reset();
    return this.fail();
  }

  private startsQuery(k = 0): boolean {
    const sel = this.isKw("SELECT", k);
    const w = this.isKw("WITH", k);
    const v = this.isKw("VALUES", k);
    const p = this.isSym("(", k);
    return sel || w || v || p;
  }

  private insert(): ast.Insert {
    const start = this.expectKw("INSERT").pos;
    let overwrite = false;
    if (this.acceptKw("OVERWRITE")) overwrite = true;
    else this.expectKw("INTO");
    const target = this.objectName();
    const hints = this.hints();
    const partition: ast.Property[] = [];
    if (this.acceptKw("PARTITION")) {
      this.expectSym("(");
      do {
        const ps = this.peek().pos;
        const key = this.identifier();
        this.expectSym("=");
        const vt = this.peek();
        let value: string;
        if (vt.type === "string") value = this.stringValue();
        else if (vt.type === "number") value = this.advance().value;
        else return this.fail();
        partition.push(this.fin<ast.Property>(ps, { kind: "Property", key, value }));
      } while (this.acceptSym(","));
      this.expectSym(")");
    }
    let columns: ast.Name[] | null = null;
    if (this.isSym("(") && !this.startsQuery(1)) {
      this.advance();
      columns = this.nameList();
      this.expectSym(")");
    }
    const source = this.query();
    return this.fin<ast.Insert>(start, { kind: "Insert", overwrite, target, hints, partition, columns, source });
  }

  private executeStatementSet(): ast.StatementSet | ast.Insert {
    const start = this.expectKw("EXECUTE").pos;
    if (this.isKw("INSERT")) return this.insert();
    this.expectKw("STATEMENT");
    return this.statementSetBody(start);
  }

  /** `SET BEGIN insert; ... END` after `[EXECUTE] STATEMENT`. */
  private statementSetBody(start: Pos): ast.StatementSet {
    this.expectKw("SET");
    this.expectKw("BEGIN");
    const inserts: ast.Insert[] = [];
    while (!this.isKw("END")) {
      inserts.push(this.insert());
      this.expectSym(";");
    }
    const endTok = this.peek();
    if (inserts.length === 0) this.failAt(`Encountered "${endTok.text}" at line ${endTok.pos.line}, column ${endTok.pos.column}.\nWas expecting:\n    "INSERT" ...`, endTok.pos);
    this.expectKw("END");
    return this.fin<ast.StatementSet>(start, { kind: "StatementSet", inserts });
  }


  private create(): ast.CreateTable | ast.CreateView {
    const start = this.expectKw("CREATE").pos;
    const orReplace = this.acceptKws("OR", "REPLACE");
    const temporary = this.acceptKw("TEMPORARY");
    if (this.isKw("FUNCTION") || this.isKw("SYSTEM")) this.userDefinedFunctions();
    if (!orReplace && this.isKw("VIEW")) return this.createView(start, temporary);
    this.expectKw("TABLE");
    const ifNotExists = this.acceptKws("IF", "NOT", "EXISTS");
    const name = this.objectName();
    const columns: ast.ColumnDef[] = [];
    let primaryKey: ast.PrimaryKey | null = null;
    let watermark: ast.Watermark | null = null;
    if (this.acceptSym("(")) {
      do {
        const el = this.tableElement();
        if (el.kind === "PrimaryKey") {
          if (primaryKey !== null) this.duplicatePrimaryKey(el);
          primaryKey = el;
        } else if (el.kind === "Watermark") {
          if (watermark !== null) this.validationError("Multiple WATERMARK statements is not supported yet.", el.pos, el.end);
          watermark = el;
        } else {
          columns.push(el.column);
          if (el.inlineKey !== null) {
            if (primaryKey !== null) this.duplicatePrimaryKey(el.inlineKey);
            primaryKey = el.inlineKey;
          }
        }
      } while (this.acceptSym(","));
      this.expectSym(")");
    }
    let comment: string | null = null;
    if (this.acceptKw("COMMENT")) comment = this.stringValue();
    const distribution = this.isKw("DISTRIBUTED") ? this.distribution() : null;
    let partitionedBy: ast.Name[] = [];
    if (this.acceptKws("PARTITIONED", "BY")) {
      this.expectSym("(");
      partitionedBy = this.nameList();
      this.expectSym(")");
    }
    const options = this.acceptKw("WITH") ? this.propertyList() : [];
    let like: ast.LikeClause | null = null;
    if (this.isKw("LIKE")) like = this.likeClause();
    let asQuery: ast.Query | null = null;
    if (like === null && this.acceptKw("AS")) asQuery = this.query();
    return this.fin<ast.CreateTable>(start, {
      kind: "CreateTable", name, ifNotExists, orReplace, temporary, columns, primaryKey, watermark, comment, distribution, partitionedBy, options, like, asQuery,
    });
  }

  private duplicatePrimaryKey(pk: ast.PrimaryKey): never {
    return this.validationError("Duplicate primary key definition", pk.pos, pk.end);
  }

  private createView(start: Pos, temporary: boolean): ast.CreateView {
    this.expectKw("VIEW");
    const ifNotExists = this.acceptKws("IF", "NOT", "EXISTS");
    const name = this.objectName();
    let columns: ast.Name[] | null = null;
    if (this.acceptSym("(")) {
      columns = this.nameList();
      this.expectSym(")");
    }
    let comment: string | null = null;
    if (this.acceptKw("COMMENT")) comment = this.stringValue();
    this.expectKw("AS");
    const query = this.query();
    return this.fin<ast.CreateView>(start, { kind: "CreateView", name, ifNotExists, temporary, columns, comment, query });
  }

  private tableElement():
    | ast.PrimaryKey
    | ast.Watermark
    | { kind: "Column"; column: ast.ColumnDef; inlineKey: ast.PrimaryKey | null } {
    if (this.isKw("CONSTRAINT") || this.isKw("PRIMARY")) return this.primaryKeyConstraint();
    // A column may be called `watermark`: only WATERMARK FOR starts a watermark definition.
    if (this.isKw("WATERMARK") && this.isKw("FOR", 1)) return this.watermark();
    return this.columnDef();
  }

  private primaryKeyConstraint(): ast.PrimaryKey {
    const start = this.peek().pos;
    let constraintName: string | null = null;
    if (this.acceptKw("CONSTRAINT")) constraintName = this.identifier();
    this.expectKw("PRIMARY");
    this.expectKw("KEY");
    this.expectSym("(");
    const columns = this.nameList();
    this.expectSym(")");
    const enforced = this.enforcement();
    return this.fin<ast.PrimaryKey>(start, { kind: "PrimaryKey", constraintName, columns, enforced });
  }

  private enforcement(): boolean {
    if (this.acceptKws("NOT", "ENFORCED")) return false;
    this.acceptKw("ENFORCED");
    return true;
  }

  private watermark(): ast.Watermark {
    const start = this.expectKw("WATERMARK").pos;
    this.expectKw("FOR");
    const column = this.objectName();
    this.expectKw("AS");
    const expr = this.expr();
    return this.fin<ast.Watermark>(start, { kind: "Watermark", column, expr });
  }

  private columnDef(): { kind: "Column"; column: ast.ColumnDef; inlineKey: ast.PrimaryKey | null } {
    const start = this.peek().pos;
    const name = this.name();
    if (this.acceptKw("AS")) {
      const expr = this.expr();
      let comment: string | null = null;
      if (this.acceptKw("COMMENT")) comment = this.stringValue();
      return { kind: "Column", column: this.fin<ast.ComputedColumn>(start, { kind: "ComputedColumn", name, expr, comment }), inlineKey: null };
    }
    const type = this.dataType();
    if (this.acceptKw("METADATA")) {
      let key: string | null = null;
      if (this.acceptKw("FROM")) key = this.stringValue();
      const virtual = this.acceptKw("VIRTUAL");
      let comment: string | null = null;
      if (this.acceptKw("COMMENT")) comment = this.stringValue();
      return { kind: "Column", column: this.fin<ast.MetadataColumn>(start, { kind: "MetadataColumn", name, type, key, virtual, comment }), inlineKey: null };
    }
    let inlineKey: ast.PrimaryKey | null = null;
    if (this.isKw("CONSTRAINT") || this.isKw("PRIMARY")) {
      const ks = this.peek().pos;
      let constraintName: string | null = null;
      if (this.acceptKw("CONSTRAINT")) constraintName = this.identifier();
      this.expectKw("PRIMARY");
      this.expectKw("KEY");
      const enforced = this.enforcement();
      inlineKey = this.fin<ast.PrimaryKey>(ks, { kind: "PrimaryKey", constraintName, columns: [name], enforced });
    }
    let comment: string | null = null;
    if (this.acceptKw("COMMENT")) comment = this.stringValue();
    return { kind: "Column", column: this.fin<ast.PhysicalColumn>(start, { kind: "PhysicalColumn", name, type, comment }), inlineKey };
  }

  private distribution(): ast.Distribution {
    const start = this.expectKw("DISTRIBUTED").pos;
    let algorithm: "HASH" | "RANGE" | null = null;
    let columns: ast.Name[] = [];
    if (this.acceptKw("BY")) {
      if (this.acceptKw("HASH")) algorithm = "HASH";
      else if (this.acceptKw("RANGE")) algorithm = "RANGE";
      this.expectSym("(");
      columns = this.nameList();
      this.expectSym(")");
    } else if (!this.isKw("INTO")) {
      this.fail();
    }
    let buckets: number | null = null;
    if (this.acceptKw("INTO")) {
      buckets = this.unsignedInteger();
      this.expectKw("BUCKETS");
    }
    return this.fin<ast.Distribution>(start, { kind: "Distribution", algorithm, columns, buckets });
  }

  private propertyList(): ast.Property[] {
    this.expectSym("(");
    const out: ast.Property[] = [];
    if (!this.isSym(")")) {
      do {
        const start = this.peek().pos;
        const key = this.stringValue();
        this.expectSym("=");
        const value = this.stringValue();
        out.push(this.fin<ast.Property>(start, { kind: "Property", key, value }));
      } while (this.acceptSym(","));
    }
    this.expectSym(")");
    return out;
  }

  private likeClause(): ast.LikeClause {
    const start = this.expectKw("LIKE").pos;
    const source = this.objectName();
    const options: ast.LikeOption[] = [];
    if (this.acceptSym("(")) {
      do {
        const os = this.peek().pos;
        let mode: ast.LikeOption["mode"];
        if (this.acceptKw("INCLUDING")) mode = "INCLUDING";
        else if (this.acceptKw("EXCLUDING")) mode = "EXCLUDING";
        else if (this.acceptKw("OVERWRITING")) mode = "OVERWRITING";
        else return this.fail();
        const ft = this.peek();
        if (ft.type !== "word" || !LIKE_FEATURES.has(ft.upper)) {
          for (const f of LIKE_FEATURES) this.note(f);
          this.fail();
        }
        this.advance();
        options.push(this.fin<ast.LikeOption>(os, { kind: "LikeOption", mode, feature: ft.upper as ast.LikeOption["feature"] }));
      } while (this.isKw("INCLUDING") || this.isKw("EXCLUDING") || this.isKw("OVERWRITING") || this.acceptSym(","));
      this.expectSym(")");
    }
    return this.fin<ast.LikeClause>(start, { kind: "LikeClause", source, options });
  }

  /**
   * CREATE / DROP [TEMPORARY [SYSTEM]] FUNCTION: Confluent runs Java UDFs from uploaded
   * artifacts (`USING JAR 'confluent-artifact://...'`), which the emulator cannot load; a clear
   * refusal instead of a parse error that lists what was expected.
   */
  private userDefinedFunctions(): never {
    const t = this.peek();
    throw new EngineError(
      `Unsupported feature in the emulator: user-defined functions (CREATE / DROP FUNCTION); it runs the built-in functions only (at line ${t.pos.line}, column ${t.pos.column}).`,
      TABLE_EXCEPTION,
    );
  }

  private drop(): ast.DropObject {
    const start = this.expectKw("DROP").pos;
    const temporary = this.acceptKw("TEMPORARY");
    if (this.isKw("FUNCTION") || this.isKw("SYSTEM")) this.userDefinedFunctions();
    let kind: "DropTable" | "DropView";
    if (this.acceptKw("TABLE")) kind = "DropTable";
    else if (this.acceptKw("VIEW")) kind = "DropView";
    else return this.fail();
    const ifExists = this.acceptKws("IF", "EXISTS");
    const name = this.objectName();
    return this.fin<ast.DropObject>(start, { kind, name, ifExists, temporary });
  }

  private alterTable(): ast.AlterTable {
    const start = this.expectKw("ALTER").pos;
    this.expectKw("TABLE");
    const ifExists = this.acceptKws("IF", "EXISTS");
    const name = this.objectName();
    const as = this.peek().pos;
    let action: ast.AlterTableAction;
    if (this.isKw("ADD") || this.isKw("MODIFY")) {
      const kind = this.advance().upper === "ADD" ? "AddSchema" : "ModifySchema";
      const columns: ast.AlterColumn[] = [];
      let primaryKey: ast.PrimaryKey | null = null;
      let watermark: ast.Watermark | null = null;
      let distribution: ast.Distribution | null = null;
      const one = (): void => {
        if (this.isKw("DISTRIBUTED")) {
          distribution = this.distribution();
          return;
        }
        const el = this.tableElement();
        if (el.kind === "PrimaryKey") primaryKey = el;
        else if (el.kind === "Watermark") watermark = el;
        else {
          const cs = el.column.pos;
          let placement: "FIRST" | ast.Name | null = null;
          if (this.acceptKw("FIRST")) placement = "FIRST";
          else if (this.acceptKw("AFTER")) placement = this.name();
          columns.push(this.fin<ast.AlterColumn>(cs, { kind: "AlterColumn", column: el.column, placement }));
          if (el.inlineKey !== null) primaryKey = el.inlineKey;
        }
      };
      if (this.isSym("(")) {
        this.advance();
        do one();
        while (this.acceptSym(","));
        this.expectSym(")");
      } else {
        one();
      }
      action = this.fin<ast.AlterSchemaChange>(as, { kind, columns, primaryKey, watermark, distribution });
    } else if (this.acceptKw("SET")) {
      const options = this.propertyList();
      action = this.fin<ast.AlterSetOptions>(as, { kind: "SetOptions", options });
    } else if (this.acceptKw("RESET")) {
      this.expectSym("(");
      const keys: string[] = [];
      do keys.push(this.stringValue());
      while (this.acceptSym(","));
      this.expectSym(")");
      action = this.fin<ast.AlterResetOptions>(as, { kind: "ResetOptions", keys });
    } else if (this.acceptKw("RENAME")) {
      if (this.acceptKw("TO")) {
        const newName = this.objectName();
        action = this.fin<ast.AlterRenameTable>(as, { kind: "RenameTable", newName });
      } else {
        const column = this.name();
        this.expectKw("TO");
        const newName = this.name();
        action = this.fin<ast.AlterRenameColumn>(as, { kind: "RenameColumn", column, newName });
      }
    } else if (this.acceptKw("DROP")) {
      if (this.acceptKws("PRIMARY", "KEY")) action = this.fin<ast.AlterDrop>(as, { kind: "DropPrimaryKey", columns: [] });
      else if (this.acceptKw("WATERMARK")) action = this.fin<ast.AlterDrop>(as, { kind: "DropWatermark", columns: [] });
      else if (this.acceptKw("DISTRIBUTION")) action = this.fin<ast.AlterDrop>(as, { kind: "DropDistribution", columns: [] });
      else if (this.acceptSym("(")) {
        const columns = this.nameList();
        this.expectSym(")");
        action = this.fin<ast.AlterDrop>(as, { kind: "DropColumns", columns });
      } else {
        const columns = [this.name()];
        action = this.fin<ast.AlterDrop>(as, { kind: "DropColumns", columns });
      }
    } else {
      return this.fail();
    }
    return this.fin<ast.AlterTable>(start, { kind: "AlterTable", name, ifExists, action });
  }

  private showLike(): ast.ShowLike | null {
    const start = this.peek().pos;
    const negated = this.isKw("NOT") && (this.isKw("LIKE", 1) || this.isKw("ILIKE", 1));
    if (negated) this.advance();
    if (this.acceptKw("LIKE")) {
      const pattern = this.stringValue();
      return this.fin<ast.ShowLike>(start, { kind: "ShowLike", pattern, negated, caseInsensitive: false });
    }
    if (this.acceptKw("ILIKE")) {
      const pattern = this.stringValue();
      return this.fin<ast.ShowLike>(start, { kind: "ShowLike", pattern, negated, caseInsensitive: true });
    }
    if (negated) this.fail();
    return null;
  }

  private showFrom(): ast.ObjectName | null {
    if (this.acceptKw("FROM") || this.acceptKw("IN")) return this.objectName();
    return null;
  }

  private show(): ast.Statement {
    const start = this.expectKw("SHOW").pos;
    if (this.acceptKw("CATALOGS")) return this.fin<ast.ShowCatalogs>(start, { kind: "ShowCatalogs" });
    if (this.acceptKw("DATABASES")) {
      const from = this.showFrom();
      const like = this.showLike();
      return this.fin<ast.ShowDatabases>(start, { kind: "ShowDatabases", from, like });
    }
    if (this.isKw("TABLES") || this.isKw("VIEWS")) {
      const kind = this.advance().upper === "TABLES" ? "ShowTables" : "ShowViews";
      const from = this.showFrom();
      const like = this.showLike();
      return this.fin<ast.ShowTables>(start, { kind, from, like });
    }
    if (this.isKw("FUNCTIONS") || this.isKw("USER")) {
      const user = this.acceptKw("USER");
      this.expectKw("FUNCTIONS");
      const from = this.showFrom();
      const like = this.showLike();
      return this.fin<ast.ShowFunctions>(start, { kind: "ShowFunctions", user, from, like });
    }
    if (this.acceptKw("COLUMNS")) {
      if (!this.acceptKw("FROM")) this.expectKw("IN");
      const table = this.objectName();
      const like = this.showLike();
      return this.fin<ast.ShowColumns>(start, { kind: "ShowColumns", table, like });
    }
    if (this.acceptKw("CREATE")) {
      let kind: "ShowCreateTable" | "ShowCreateView";
      if (this.acceptKw("TABLE")) kind = "ShowCreateTable";
      else if (this.acceptKw("VIEW")) kind = "ShowCreateView";
      else return this.fail();
      const name = this.objectName();
      return this.fin<ast.ShowCreate>(start, { kind, name });
    }
    if (this.acceptKw("CURRENT")) {
      if (this.acceptKw("CATALOG")) return this.fin<ast.ShowCurrent>(start, { kind: "ShowCurrentCatalog" });
      this.expectKw("DATABASE");
      return this.fin<ast.ShowCurrent>(start, { kind: "ShowCurrentDatabase" });
    }
    if (this.acceptKw("JOBS")) return this.fin<ast.ShowJobs>(start, { kind: "ShowJobs" });
    return this.fail();
  }

  private describe(): ast.Describe {
    const start = this.advance().pos; // DESCRIBE | DESC
    const extended = this.isKw("EXTENDED") && (this.isIdent(1)) ? (this.advance(), true) : false;
    const name = this.objectName();
    return this.fin<ast.Describe>(start, { kind: "Describe", name, extended });
  }

  private explain(): ast.Explain {
    const start = this.expectKw("EXPLAIN").pos;
    const details: string[] = [];
    if (this.acceptKws("PLAN", "FOR")) {
      // no details with PLAN FOR
    } else {
      while (this.peek().type === "word" && EXPLAIN_DETAILS.has(this.peek().upper)) {
        details.push(this.advance().upper);
        if (!this.acceptSym(",")) break;
      }
    }
    let statement: ast.Statement;
    if (this.isKw("INSERT")) statement = this.insert();
    else if (this.isKw("EXECUTE")) statement = this.executeStatementSet();
    else if (this.isKw("STATEMENT")) {
      // `EXPLAIN STATEMENT SET BEGIN ... END`
      statement = this.statementSetBody(this.advance().pos);
    } else if (this.isKw("CREATE")) statement = this.create();
    else if (this.startsQuery()) statement = this.query();
    else return this.fail();
    return this.fin<ast.Explain>(start, { kind: "Explain", details, statement });
  }

  private use(): ast.UseDatabase | ast.UseCatalog {
    const start = this.expectKw("USE").pos;
    if (this.isKw("CATALOG") && (this.isIdent(1))) {
      this.advance();
      const name = this.identifier();
      return this.fin<ast.UseCatalog>(start, { kind: "UseCatalog", name });
    }
    const name = this.objectName();
    return this.fin<ast.UseDatabase>(start, { kind: "UseDatabase", name });
  }

  /** A SET/RESET key: a string literal or a dotted unquoted name (`SET table.x = 'v'`). */
  private configKey(): string {
    if (this.peek().type === "string") return this.stringValue();
    const parts = [this.peek().type === "word" || this.peek().type === "quoted" ? this.advance().value : this.fail()];
    while (this.acceptSym(".")) {
      const t = this.peek();
      if (t.type !== "word" && t.type !== "quoted" && t.type !== "number") this.fail();
      parts.push(this.advance().value);
    }
    return parts.join(".");
  }

  private set(): ast.SetStatement {
    const start = this.expectKw("SET").pos;
    if (this.isSym(";") || this.peek().type === "eof") return this.fin<ast.SetStatement>(start, { kind: "Set", key: null, value: null });
    const key = this.configKey();
    this.expectSym("=");
    const t = this.peek();
    let value: string;
    if (t.type === "string") value = this.stringValue();
    else if (t.type === "word" || t.type === "number" || t.type === "quoted") value = this.advance().value;
    else return this.fail();
    return this.fin<ast.SetStatement>(start, { kind: "Set", key, value });
  }

  private reset(): ast.ResetStatement {
    const start = this.expectKw("RESET").pos;
    if (this.isSym(";") || this.peek().type === "eof") return this.fin<ast.ResetStatement>(start, { kind: "Reset", key: null });
    const key = this.configKey();
    return this.fin<ast.ResetStatement>(start, { kind: "Reset", key });
  }

  private nameList(): ast.Name[] {
    const out = [this.name()];
    while (this.acceptSym(",")) out.push(this.name());
    return out;
  }

  // -------------------------------------------------------------------------------------------
  // Queries
  // -------------------------------------------------------------------------------------------

  /** `[WITH ...] body [ORDER BY ...] [LIMIT ...] [OFFSET ...] [FETCH ...]`. */
  query(): ast.Query {
    return this.nested(() => this.queryInner());
  }

  private queryInner(): ast.Query {
    const start = this.peek().pos;
    const withList: ast.CommonTableExpr[] = [];
    if (this.acceptKw("WITH")) {
      do {
        const cs = this.peek().pos;
        const name = this.identifier();
        let columns: ast.Name[] | null = null;
        if (this.acceptSym("(")) {
          columns = this.nameList();
          this.expectSym(")");
        }
        this.expectKw("AS");
        this.expectSym("(");
        const q = this.query();
        this.expectSym(")");
        withList.push(this.fin<ast.CommonTableExpr>(cs, { kind: "CommonTableExpr", name, columns, query: q }));
      } while (this.acceptSym(","));
    }
    const body = this.setExpr();
    let orderBy: ast.OrderItem[] = [];
    if (this.acceptKw("ORDER")) {
      this.expectKw("BY");
      orderBy = this.orderItems();
    }
    let limit: ast.Expr | null = null;
    let offset: ast.Expr | null = null;
    if (this.acceptKw("LIMIT")) {
      if (this.acceptKw("ALL")) limit = null;
      else limit = this.limitValue();
    }
    if (this.acceptKw("OFFSET")) {
      offset = this.limitValue();
      if (!this.acceptKw("ROWS")) this.acceptKw("ROW");
    }
    if (limit === null && this.acceptKw("FETCH")) {
      if (!this.acceptKw("FIRST")) this.expectKw("NEXT");
      limit = this.limitValue();
      if (!this.acceptKw("ROWS")) this.expectKw("ROW");
      this.expectKw("ONLY");
    }
    // A query that is just a parenthesised query with nothing around it is that query.
    if (withList.length === 0 && orderBy.length === 0 && limit === null && offset === null && body.kind === "Query") {
      return { ...body, pos: start, end: this.lastEnd };
    }
    return this.fin<ast.Query>(start, { kind: "Query", with: withList, body, orderBy, limit, offset });
  }

  private limitValue(): ast.Expr {
    const t = this.peek();
    if (t.type === "number") return this.primary();
    if (t.type === "symbol" && t.value === "?") this.failAt(`Dynamic parameters are not supported at line ${t.pos.line}, column ${t.pos.column}.`, t.pos);
    this.note("<UNSIGNED_INTEGER_LITERAL>");
    return this.fail();
  }

  private orderItems(): ast.OrderItem[] {
    const out: ast.OrderItem[] = [];
    do {
      const start = this.peek().pos;
      const expr = this.expr();
      let direction: "ASC" | "DESC" | null = null;
      if (this.acceptKw("ASC")) direction = "ASC";
      else if (this.acceptKw("DESC")) direction = "DESC";
      let nulls: "FIRST" | "LAST" | null = null;
      if (this.acceptKws("NULLS", "FIRST")) nulls = "FIRST";
      else if (this.acceptKws("NULLS", "LAST")) nulls = "LAST";
      out.push(this.fin<ast.OrderItem>(start, { kind: "OrderItem", expr, direction, nulls }));
    } while (this.acceptSym(","));
    return out;
  }

  private setExpr(): ast.QueryBody {
    const start = this.peek().pos;
    let left = this.intersectExpr();
    for (let n = 1; ; n++) {
      this.chain(n);
      let op: "UNION" | "EXCEPT";
      if (this.acceptKw("UNION")) op = "UNION";
      else if (this.acceptKw("EXCEPT") || this.acceptKw("MINUS")) op = "EXCEPT";
      else break;
      const all = this.acceptKw("ALL") ? true : (this.acceptKw("DISTINCT"), false);
      const right = this.intersectExpr();
      left = this.fin<ast.SetOperation>(start, { kind: "SetOperation", op, all, left, right });
    }
    return left;
  }

  private intersectExpr(): ast.QueryBody {
    const start = this.peek().pos;
    let left = this.queryPrimary();
    let n = 0;
    while (this.acceptKw("INTERSECT")) {
      this.chain(++n);
      const all = this.acceptKw("ALL") ? true : (this.acceptKw("DISTINCT"), false);
      const right = this.queryPrimary();
      left = this.fin<ast.SetOperation>(start, { kind: "SetOperation", op: "INTERSECT", all, left, right });
    }
    return left;
  }

  private queryPrimary(): ast.QueryBody {
    if (this.isKw("SELECT")) return this.select();
    if (this.isKw("VALUES")) return this.values();
    if (this.isSym("(")) {
      const start = this.advance().pos;
      const q = this.query();
      this.expectSym(")");
      // Parentheses around a plain body add nothing; keep a Query only when it has clauses.
      if (q.with.length === 0 && q.orderBy.length === 0 && q.limit === null && q.offset === null) return q.body;
      return { ...q, pos: start, end: this.lastEnd };
    }
    return this.fail();
  }

  private values(): ast.Values {
    const start = this.expectKw("VALUES").pos;
    const rows: ast.Expr[][] = [];
    do {
      // `(a, b)` and `ROW(a, b)` are rows; anything else is a one-column row.
      const e = this.expr();
      if (e.kind === "RowConstructor") rows.push([...e.fields]);
      else rows.push([e]);
    } while (this.acceptSym(","));
    return this.fin<ast.Values>(start, { kind: "Values", rows });
  }

  private hints(): ast.Hint[] {
    const out: ast.Hint[] = [];
    if (this.peek().type !== "hintOpen") return out;
    this.advance();
    do {
      const start = this.peek().pos;
      const name = this.identifier();
      const args: string[] = [];
      const properties: ast.Property[] = [];
      if (this.acceptSym("(")) {
        if (!this.isSym(")")) {
          do {
            const ps = this.peek().pos;
            if (this.peek().type === "string" && this.isSym("=", 1)) {
              const key = this.stringValue();
              this.expectSym("=");
              const value = this.stringValue();
              properties.push(this.fin<ast.Property>(ps, { kind: "Property", key, value }));
            } else if (this.peek().type === "string") {
              args.push(this.stringValue());
            } else {
              const t = this.peek();
              if (t.type !== "word" && t.type !== "quoted" && t.type !== "number") this.fail();
              let v = this.advance().value;
              while (this.acceptSym(".")) v += "." + this.identifier();
              args.push(v);
            }
          } while (this.acceptSym(","));
        }
        this.expectSym(")");
      }
      out.push(this.fin<ast.Hint>(start, { kind: "Hint", name, args, properties }));
    } while (this.acceptSym(","));
    if (this.peek().type !== "hintClose") {
      this.note("*/");
      this.fail();
    }
    this.advance();
    return out;
  }

  private select(): ast.Select {
    const start = this.expectKw("SELECT").pos;
    const hints = this.hints();
    let quantifier: "DISTINCT" | "ALL" | null = null;
    if (this.acceptKw("DISTINCT")) quantifier = "DISTINCT";
    else if (this.acceptKw("ALL")) quantifier = "ALL";
    const items: ast.SelectItem[] = [];
    do items.push(this.selectItem());
    while (this.acceptSym(","));
    let from: ast.TableRef | null = null;
    if (this.acceptKw("FROM")) from = this.fromClause();
    let where: ast.Expr | null = null;
    if (this.acceptKw("WHERE")) where = this.expr();
    let groupBy: ast.GroupItem[] | null = null;
    if (this.acceptKw("GROUP")) {
      this.expectKw("BY");
      this.acceptKw("ALL") || this.acceptKw("DISTINCT");
      groupBy = this.groupItems();
    }
    let having: ast.Expr | null = null;
    if (this.acceptKw("HAVING")) having = this.expr();
    const windows: ast.NamedWindow[] = [];
    if (this.acceptKw("WINDOW")) {
      do {
        const ws = this.peek().pos;
        const name = this.identifier();
        this.expectKw("AS");
        const spec = this.windowSpecParens();
        windows.push(this.fin<ast.NamedWindow>(ws, { kind: "NamedWindow", name, spec }));
      } while (this.acceptSym(","));
    }
    return this.fin<ast.Select>(start, { kind: "Select", hints, quantifier, items, from, where, groupBy, having, windows });
  }

  private selectItem(): ast.SelectItem {
    const start = this.peek().pos;
    // `*` or `a.b.*`
    let k = 0;
    while (this.isIdent(k) && this.isSym(".", k + 1)) k += 2;
    if (this.isSym("*", k)) {
      const qualifier: string[] = [];
      for (let j = 0; j < k; j += 2) {
        qualifier.push(this.advance().value);
        this.advance();
      }
      this.advance();
      return this.fin<ast.SelectStarItem>(start, { kind: "SelectStar", qualifier });
    }
    const expr = this.expr();
    let alias: ast.Name | null = null;
    if (this.acceptKw("AS")) alias = this.name();
    else if (this.isIdent()) alias = this.name();
    return this.fin<ast.SelectExprItem>(start, { kind: "SelectExpr", expr, alias });
  }

  private groupItems(): ast.GroupItem[] {
    const out: ast.GroupItem[] = [];
    do out.push(this.groupItem());
    while (this.acceptSym(","));
    return out;
  }

  /** A grouping element list member: `(a, b)` / `()` / `a`. */
  private groupingSet(): ast.Expr[] {
    if (this.isSym("(") && this.isSym(")", 1)) {
      this.advance();
      this.advance();
      return [];
    }
    const e = this.expr();
    if (e.kind === "RowConstructor" && !e.explicit) return [...e.fields];
    return [e];
  }

  private groupItem(): ast.GroupItem {
    const start = this.peek().pos;
    if (this.acceptKws("GROUPING", "SETS")) {
      this.expectSym("(");
      const sets: ast.Expr[][] = [];
      do sets.push(this.groupingSet());
      while (this.acceptSym(","));
      this.expectSym(")");
      return this.fin<ast.GroupingSets>(start, { kind: "GroupingSets", sets });
    }
    if ((this.isKw("ROLLUP") || this.isKw("CUBE")) && this.isSym("(", 1)) {
      const kind = this.advance().upper === "ROLLUP" ? "Rollup" : "Cube";
      this.expectSym("(");
      const elements: ast.Expr[][] = [];
      do elements.push(this.groupingSet());
      while (this.acceptSym(","));
      this.expectSym(")");
      return this.fin<ast.RollupCube>(start, { kind, elements });
    }
    if (this.isSym("(") && this.isSym(")", 1)) {
      this.advance();
      this.advance();
      return this.fin<ast.GroupingSets>(start, { kind: "GroupingSets", sets: [[]] });
    }
    return this.expr();
  }

  private fromClause(): ast.TableRef {
    const start = this.peek().pos;
    let left = this.tableRef();
    for (let n = 1; ; n++) {
      this.chain(n);
      if (this.acceptSym(",")) {
        const right = this.tableRef();
        left = this.fin<ast.Join>(start, { kind: "Join", joinType: "CROSS", comma: true, natural: false, left, right, on: null, using: null });
        continue;
      }
      const natural = this.isKw("NATURAL");
      const k0 = natural ? 1 : 0;
      let joinType: ast.Join["joinType"] | null = null;
      let consume = 0;
      if (this.isKw("JOIN", k0)) {
        joinType = "INNER";
        consume = 1;
      } else if (this.isKw("INNER", k0) && this.isKw("JOIN", k0 + 1)) {
        joinType = "INNER";
        consume = 2;
      } else if (this.isKw("CROSS", k0) && this.isKw("JOIN", k0 + 1)) {
        joinType = "CROSS";
        consume = 2;
      } else {
        for (const jt of ["LEFT", "RIGHT", "FULL"] as const) {
          if (this.isKw(jt, k0)) {
            if (this.isKw("JOIN", k0 + 1)) {
              joinType = jt;
              consume = 2;
            } else if (this.isKw("OUTER", k0 + 1) && this.isKw("JOIN", k0 + 2)) {
              joinType = jt;
              consume = 3;
            }
            break;
          }
        }
      }
      if (joinType === null) {
        if (natural) this.fail();
        break;
      }
      for (let n = 0; n < consume + k0; n++) this.advance();
      const right = this.tableRef();
      let on: ast.Expr | null = null;
      let using: ast.Name[] | null = null;
      if (natural && (this.isKw("ON") || this.isKw("USING"))) {
        // Calcite's grammar takes the condition; its validator then rejects it, pointing at it.
        const isOn = this.acceptKw("ON");
        if (!isOn) this.advance();
        const from = this.peek().pos;
        if (isOn) this.expr();
        else {
          this.expectSym("(");
          this.nameList();
          this.expectSym(")");
        }
        this.validationError("Cannot specify NATURAL keyword with ON or USING clause", from, this.lastEnd);
      }
      if (joinType !== "CROSS" && !natural) {
        if (this.acceptKw("ON")) on = this.expr();
        else if (this.acceptKw("USING")) {
          this.expectSym("(");
          using = this.nameList();
          this.expectSym(")");
        } else {
          // Calcite parses this and its validator rejects it; the message is the validator's.
          this.validationError("INNER, LEFT, RIGHT or FULL join requires a condition (NATURAL keyword or ON or USING clause)", start, this.lastEnd);
        }
      }
      left = this.fin<ast.Join>(start, { kind: "Join", joinType, comma: false, natural, left, right, on, using });
    }
    return left;
  }

  private tableAlias(): ast.TableAlias | null {
    const start = this.peek().pos;
    let name: string;
    if (this.acceptKw("AS")) name = this.identifier();
    else if (this.isIdent()) name = this.identifier();
    else return null;
    let columns: ast.Name[] | null = null;
    if (this.isSym("(")) {
      this.advance();
      columns = this.nameList();
      this.expectSym(")");
    }
    return this.fin<ast.TableAlias>(start, { kind: "TableAlias", name, columns });
  }

  private tableRef(): ast.TableRef {
    const start = this.peek().pos;
    const lateral = this.acceptKw("LATERAL");
    if (this.isKw("TABLE") && this.isSym("(", 1)) {
      this.advance();
      this.advance();
      const call = this.primary();
      if (call.kind !== "FunctionCall") this.failAt(`Encountered "${this.sql.slice(call.pos.offset, call.end.offset + 1)}" at line ${call.pos.line}, column ${call.pos.column}.\nWas expecting:\n    <function call> ...`, call.pos);
      this.expectSym(")");
      const alias = this.tableAlias();
      return this.fin<ast.TableFunctionRef>(start, { kind: "TableFunction", lateral, call, alias });
    }
    if (this.isKw("UNNEST")) {
      this.advance();
      this.expectSym("(");
      const args = this.exprList();
      this.expectSym(")");
      const withOrdinality = this.acceptKws("WITH", "ORDINALITY");
      const alias = this.tableAlias();
      return this.fin<ast.UnnestRef>(start, { kind: "Unnest", lateral, args, withOrdinality, alias });
    }
    if (this.isSym("(")) {
      if (this.startsQuery(1) && (this.isKw("SELECT", 1) || this.isKw("WITH", 1) || this.isKw("VALUES", 1) || this.looksLikeQueryInParens())) {
        this.advance();
        const query = this.query();
        this.expectSym(")");
        if (this.isKw("MATCH_RECOGNIZE")) {
          const input = this.fin<ast.DerivedTable>(start, { kind: "DerivedTable", lateral, query, alias: null });
          return this.matchRecognize(start, input);
        }
        const alias = this.tableAlias();
        return this.fin<ast.DerivedTable>(start, { kind: "DerivedTable", lateral, query, alias });
      }
      if (lateral) this.fail();
      this.advance();
      const inner = this.nested(() => this.fromClause());
      this.expectSym(")");
      return inner;
    }
    if (lateral) this.fail();
    if (this.isIdent() && this.isSym("(", 1)) {
      // `FROM f(args)`: a table function called without TABLE(...), as Flink allows for process
      // table functions (FROM_CHANGELOG, TO_CHANGELOG).
      const call = this.primary();
      if (call.kind === "FunctionCall") {
        const alias = this.tableAlias();
        return this.fin<ast.TableFunctionRef>(start, { kind: "TableFunction", lateral, call, alias });
      }
      this.fail();
    }
    const name = this.objectName();
    const hints = this.hints();
    let systemTime: ast.Expr | null = null;
    if (this.acceptKws("FOR", "SYSTEM_TIME", "AS", "OF")) systemTime = this.additive();
    if (this.isKw("MATCH_RECOGNIZE")) {
      const input = this.fin<ast.NamedTable>(start, { kind: "NamedTable", name, hints, systemTime, alias: null });
      return this.matchRecognize(start, input);
    }
    const alias = this.tableAlias();
    return this.fin<ast.NamedTable>(start, { kind: "NamedTable", name, hints, systemTime, alias });
  }

  // -------------------------------------------------------------------------------------------
  // MATCH_RECOGNIZE (Calcite's grammar, with Flink's WITHIN extension)
  // -------------------------------------------------------------------------------------------

  private matchRecognize(start: Pos, input: ast.TableRef): ast.MatchRecognizeRef {
    this.expectKw("MATCH_RECOGNIZE");
    this.expectSym("(");
    let partitionBy: ast.Expr[] = [];
    if (this.acceptKws("PARTITION", "BY")) partitionBy = this.exprList();
    let orderBy: ast.OrderItem[] = [];
    if (this.acceptKws("ORDER", "BY")) orderBy = this.orderItems();
    const measures: ast.MatchNamedExpr[] = [];
    if (this.acceptKw("MEASURES")) {
      do {
        const at = this.peek().pos;
        const expr = this.expr();
        this.expectKw("AS");
        const name = this.identifier();
        measures.push(this.fin<ast.MatchNamedExpr>(at, { kind: "MatchNamedExpr", name, expr }));
      } while (this.acceptSym(","));
    }
    let rowsPerMatch: "ONE" | "ALL" | null = null;
    if (this.acceptKws("ONE", "ROW", "PER", "MATCH")) rowsPerMatch = "ONE";
    else if (this.acceptKws("ALL", "ROWS", "PER", "MATCH")) rowsPerMatch = "ALL";
    let afterMatch: ast.AfterMatchSkip | null = null;
    if (this.acceptKws("AFTER", "MATCH", "SKIP")) {
      if (this.acceptKws("PAST", "LAST", "ROW")) afterMatch = { kind: "PAST LAST ROW" };
      else {
        this.expectKw("TO");
        if (this.acceptKws("NEXT", "ROW")) afterMatch = { kind: "TO NEXT ROW" };
        else if (this.acceptKw("FIRST")) afterMatch = { kind: "TO FIRST", variable: this.identifier() };
        else if (this.acceptKw("LAST")) afterMatch = { kind: "TO LAST", variable: this.identifier() };
        else afterMatch = { kind: "TO", variable: this.identifier() };
      }
    }
    this.expectKw("PATTERN");
    this.expectSym("(");
    const pattern = this.rowPattern();
    this.expectSym(")");
    let within: ast.Expr | null = null;
    if (this.acceptKw("WITHIN")) within = this.additive();
    const subsets: Array<{ name: string; variables: string[] }> = [];
    if (this.acceptKw("SUBSET")) {
      do {
        const name = this.identifier();
        this.expectSym("=");
        this.expectSym("(");
        const variables = [this.identifier()];
        while (this.acceptSym(",")) variables.push(this.identifier());
        this.expectSym(")");
        subsets.push({ name, variables });
      } while (this.acceptSym(","));
    }
    this.expectKw("DEFINE");
    const define: ast.MatchNamedExpr[] = [];
    do {
      const at = this.peek().pos;
      const name = this.identifier();
      this.expectKw("AS");
      const expr = this.expr();
      define.push(this.fin<ast.MatchNamedExpr>(at, { kind: "MatchNamedExpr", name, expr }));
    } while (this.acceptSym(","));
    this.expectSym(")");
    const alias = this.tableAlias();
    return this.fin<ast.MatchRecognizeRef>(start, {
      kind: "MatchRecognize",
      input,
      partitionBy,
      orderBy,
      measures,
      rowsPerMatch,
      afterMatch,
      pattern,
      within,
      subsets,
      define,
      alias,
    });
  }

  /** `term ( '|' term )*`. */
  private rowPattern(): ast.RowPattern {
    return this.nested(() => {
      const start = this.peek().pos;
      const items = [this.patternTerm()];
      while (this.acceptSym("|")) items.push(this.patternTerm());
      return items.length === 1 ? items[0]! : this.fin<ast.PatternAlternation>(start, { kind: "PatternAlternation", items });
    });
  }

  /** `factor factor ...`. */
  private patternTerm(): ast.RowPattern {
    const start = this.peek().pos;
    const items = [this.patternFactor()];
    for (let n = 1; this.startsPatternFactor(); n++) {
      this.chain(n);
      items.push(this.patternFactor());
    }
    return items.length === 1 ? items[0]! : this.fin<ast.PatternConcat>(start, { kind: "PatternConcat", items });
  }

  private startsPatternFactor(): boolean {
    if (this.isIdent() || this.isKw("PERMUTE")) return true;
    const t = this.peek();
    return t.type === "symbol" && (t.value === "(" || t.value === "^" || t.value === "$" || (t.value === "{" && this.isSym("-", 1)));
  }

  private patternFactor(): ast.RowPattern {
    const start = this.peek().pos;
    let p: ast.RowPattern;
    if (this.isKw("PERMUTE") && this.isSym("(", 1)) {
      this.advance();
      this.advance();
      const items = [this.rowPattern()];
      while (this.acceptSym(",")) items.push(this.rowPattern());
      this.expectSym(")");
      p = this.fin<ast.PatternPermute>(start, { kind: "PatternPermute", items });
    } else if (this.isSym("{") && this.isSym("-", 1)) {
      this.advance();
      this.advance();
      const inner = this.rowPattern();
      this.expectSym("-");
      this.expectSym("}");
      p = this.fin<ast.PatternExclusion>(start, { kind: "PatternExclusion", pattern: inner });
    } else if (this.isSym("^") || this.isSym("$")) {
      const anchor = this.advance().value as "^" | "$";
      return this.fin<ast.PatternAnchor>(start, { kind: "PatternAnchor", anchor });
    } else if (this.acceptSym("(")) {
      p = this.rowPattern();
      this.expectSym(")");
      // A parenthesised pattern keeps its own span, so a quantifier on it is told apart.
      p = { ...p, pos: start, end: this.lastEnd };
    } else {
      const name = this.identifier();
      p = this.fin<ast.PatternVariable>(start, { kind: "PatternVariable", name });
    }
    return this.patternQuantifier(start, p);
  }

  private patternQuantifier(start: Pos, p: ast.RowPattern): ast.RowPattern {
    let min: number;
    let max: number;
    let form: ast.PatternQuantified["form"];
    if (this.acceptSym("*")) [min, max, form] = [0, -1, "*"];
    else if (this.acceptSym("+")) [min, max, form] = [1, -1, "+"];
    else if (this.acceptSym("?")) [min, max, form] = [0, 1, "?"];
    else if (this.isSym("{") && !this.isSym("-", 1)) {
      this.advance();
      form = "{";
      if (this.acceptSym(",")) {
        min = 0;
        max = this.unsignedInteger();
      } else {
        min = this.unsignedInteger();
        if (this.acceptSym(",")) max = this.isSym("}") ? -1 : this.unsignedInteger();
        else max = min;
      }
      this.expectSym("}");
    } else return p;
    const reluctant = this.acceptSym("?");
    return this.fin<ast.PatternQuantified>(start, { kind: "PatternQuantified", pattern: p, min, max, reluctant, form });
  }

  /** After "(": do the following nested parentheses open a query? */
  private looksLikeQueryInParens(): boolean {
    let k = 1;
    while (this.peek(k).type === "symbol" && this.peek(k).value === "(") k++;
    const t = this.peek(k);
    return t.type === "word" && (t.upper === "SELECT" || t.upper === "WITH" || t.upper === "VALUES");
  }

  // -------------------------------------------------------------------------------------------
  // Expressions
  // -------------------------------------------------------------------------------------------

  expr(): ast.Expr {
    return this.nested(() => this.or());
  }

  private exprList(): ast.Expr[] {
    const out = [this.expr()];
    while (this.acceptSym(",")) out.push(this.expr());
    return out;
  }

  private or(): ast.Expr {
    let left = this.and();
    let n = 0;
    while (this.acceptKw("OR")) {
      this.chain(++n);
      const right = this.and();
      left = this.fin<ast.BinaryExpr>(left.pos, { kind: "Binary", op: "OR", left, right });
    }
    return left;
  }

  private and(): ast.Expr {
    let left = this.not();
    let n = 0;
    while (this.acceptKw("AND")) {
      this.chain(++n);
      const right = this.not();
      left = this.fin<ast.BinaryExpr>(left.pos, { kind: "Binary", op: "AND", left, right });
    }
    return left;
  }

  private not(): ast.Expr {
    if (this.isKw("NOT")) {
      const start = this.advance().pos;
      const operand = this.nested(() => this.not());
      return this.fin<ast.UnaryExpr>(start, { kind: "Unary", op: "NOT", operand });
    }
    return this.comparison();
  }

  /** Comparisons (=, <>, ...), IS ... tests and IS [NOT] DISTINCT FROM, left-associative. */
  private comparison(): ast.Expr {
    let left = this.range();
    for (let n = 1; ; n++) {
      this.chain(n);
      const t = this.peek();
      if (t.type === "symbol" && COMPARISON.has(t.value)) {
        this.advance();
        const op = (t.value === "!=" ? "<>" : t.value) as ast.BinaryOperator;
        const right = this.range();
        left = this.fin<ast.BinaryExpr>(left.pos, { kind: "Binary", op, left, right });
        continue;
      }
      for (const s of COMPARISON) this.note(s);
      if (this.acceptKw("OVERLAPS")) {
        const right = this.range();
        left = this.fin<ast.OverlapsExpr>(left.pos, { kind: "Overlaps", left, right });
        continue;
      }
      if (this.acceptKw("IS")) {
        const negated = this.acceptKw("NOT");
        if (this.acceptKw("NULL")) left = this.fin<ast.IsExpr>(left.pos, { kind: "Is", operand: left, test: "NULL", negated });
        else if (this.acceptKw("TRUE")) left = this.fin<ast.IsExpr>(left.pos, { kind: "Is", operand: left, test: "TRUE", negated });
        else if (this.acceptKw("FALSE")) left = this.fin<ast.IsExpr>(left.pos, { kind: "Is", operand: left, test: "FALSE", negated });
        else if (this.acceptKw("UNKNOWN")) left = this.fin<ast.IsExpr>(left.pos, { kind: "Is", operand: left, test: "UNKNOWN", negated });
        else if (this.acceptKws("DISTINCT", "FROM")) {
          const right = this.range();
          left = this.fin<ast.IsDistinctFromExpr>(left.pos, { kind: "IsDistinctFrom", left, right, negated });
        } else if (this.acceptKw("JSON")) {
          let jsonType: ast.IsJsonExpr["jsonType"] = null;
          for (const jt of ["VALUE", "SCALAR", "ARRAY", "OBJECT"] as const) {
            if (this.acceptKw(jt)) {
              jsonType = jt;
              break;
            }
          }
          left = this.fin<ast.IsJsonExpr>(left.pos, { kind: "IsJson", operand: left, jsonType, negated });
        } else {
          return this.fail();
        }
        continue;
      }
      break;
    }
    return left;
  }

  /** [NOT] BETWEEN / IN / LIKE / SIMILAR TO. */
  private range(): ast.Expr {
    let left = this.additive();
    for (let n = 1; ; n++) {
      this.chain(n);
      const negated = this.isKw("NOT") && (this.isKw("BETWEEN", 1) || this.isKw("IN", 1) || this.isKw("LIKE", 1) || this.isKw("SIMILAR", 1));
      if (negated) this.advance();
      if (this.acceptKw("BETWEEN")) {
        let symmetric = false;
        if (this.acceptKw("SYMMETRIC")) symmetric = true;
        else this.acceptKw("ASYMMETRIC");
        const low = this.additive();
        this.expectKw("AND");
        const high = this.additive();
        left = this.fin<ast.BetweenExpr>(left.pos, { kind: "Between", operand: left, low, high, negated, symmetric });
        continue;
      }
      if (this.acceptKw("IN")) {
        this.expectSym("(");
        if (this.startsSubquery()) {
          const query = this.query();
          this.expectSym(")");
          left = this.fin<ast.InSubqueryExpr>(left.pos, { kind: "InSubquery", operand: left, query, negated });
        } else {
          const list = this.exprList();
          this.expectSym(")");
          left = this.fin<ast.InListExpr>(left.pos, { kind: "InList", operand: left, list, negated });
        }
        continue;
      }
      let op: "LIKE" | "SIMILAR TO" | null = null;
      if (this.acceptKw("LIKE")) op = "LIKE";
      else if (this.acceptKws("SIMILAR", "TO")) op = "SIMILAR TO";
      if (op !== null) {
        const pattern = this.additive();
        let escape: ast.Expr | null = null;
        if (this.acceptKw("ESCAPE")) escape = this.additive();
        left = this.fin<ast.LikeExpr>(left.pos, { kind: "Like", op, operand: left, pattern, escape, negated });
        continue;
      }
      if (negated) this.fail();
      break;
    }
    return left;
  }

  /** At a token right after "(": does a query start here? */
  private startsSubquery(): boolean {
    if (this.isKw("SELECT") || this.isKw("WITH") || this.isKw("VALUES")) return true;
    if (!this.isSym("(")) return false;
    let k = 0;
    while (this.peek(k).type === "symbol" && this.peek(k).value === "(") k++;
    const t = this.peek(k);
    return t.type === "word" && (t.upper === "SELECT" || t.upper === "WITH" || t.upper === "VALUES");
  }

  private additive(): ast.Expr {
    let left = this.multiplicative();
    for (let n = 1; ; n++) {
      this.chain(n);
      let op: ast.BinaryOperator | null = null;
      if (this.isSym("+")) op = "+";
      else if (this.isSym("-")) op = "-";
      if (op === null) break;
      this.advance();
      const right = this.multiplicative();
      left = this.fin<ast.BinaryExpr>(left.pos, { kind: "Binary", op, left, right });
    }
    return left;
  }

  private multiplicative(): ast.Expr {
    let left = this.unary();
    for (let n = 1; ; n++) {
      this.chain(n);
      let op: ast.BinaryOperator | null = null;
      if (this.isSym("*")) op = "*";
      else if (this.isSym("/")) op = "/";
      else if (this.isSym("%")) op = "%";
      else if (this.isSym("||")) op = "||";
      if (op === null) break;
      this.advance();
      const right = this.unary();
      left = this.fin<ast.BinaryExpr>(left.pos, { kind: "Binary", op, left, right });
    }
    return left;
  }

  private unary(): ast.Expr {
    if (this.isSym("-") || this.isSym("+")) {
      const t = this.advance();
      const operand = this.nested(() => this.unary());
      return this.fin<ast.UnaryExpr>(t.pos, { kind: "Unary", op: t.value as "-" | "+", operand });
    }
    return this.postfix();
  }

  private postfix(): ast.Expr {
    let e = this.primary();
    for (let n = 1; ; n++) {
      this.chain(n);
      if (this.isSym("[")) {
        this.advance();
        const index = this.expr();
        this.expectSym("]");
        e = this.fin<ast.ElementAccess>(e.pos, { kind: "ElementAccess", target: e, index });
        continue;
      }
      if (this.isSym(".") && this.isIdent(1)) {
        this.advance();
        const field = this.advance().value;
        if (e.kind === "Identifier") e = this.fin<ast.Identifier>(e.pos, { kind: "Identifier", parts: [...e.parts, field] });
        else e = this.fin<ast.FieldAccess>(e.pos, { kind: "FieldAccess", target: e, field });
        continue;
      }
      break;
    }
    return e;
  }

  /** A string literal, possibly continued by adjacent literals on following lines. */
  private stringLiteral(): ast.StringLiteral {
    const start = this.peek().pos;
    const value = this.stringValue();
    return this.fin<ast.StringLiteral>(start, { kind: "StringLiteral", value });
  }

  private primary(): ast.Expr {
    const t = this.peek();
    const start = t.pos;
    switch (t.type) {
      case "number":
        this.advance();
        return this.fin<ast.NumericLiteral>(start, { kind: "NumericLiteral", text: t.value, approximate: t.approximate === true });
      case "string":
        return this.stringLiteral();
      case "binary": {
        this.advance();
        let hex = t.value;
        while (this.peek().type === "binary" && this.peek().newlineBefore) hex += this.advance().value;
        return this.fin<ast.BinaryLiteral>(start, { kind: "BinaryLiteral", hex });
      }
      case "quoted":
        return this.identifierExpr();
      case "symbol":
        if (t.value === "(") return this.parenthesized();
        if (t.value === "?") this.failAt(`Dynamic parameters are not supported at line ${t.pos.line}, column ${t.pos.column}.`, t.pos);
        break;
      case "word":
        return this.wordExpr();
      default:
        break;
    }
    this.noteExpressionStart();
    return this.fail();
  }

  /** What may start an expression, for the "Was expecting one of" list. */
  private noteExpressionStart(): void {
    for (const e of ["<IDENTIFIER>", "<LITERAL>", "(", "CASE", "CAST", "EXISTS", "INTERVAL", "ARRAY", "MAP", "ROW", "NULL", "TRUE", "FALSE"]) this.note(e);
  }

  private parenthesized(): ast.Expr {
    const start = this.expectSym("(").pos;
    if (this.startsSubquery()) {
      // `((SELECT 1) + 1)` starts like a parenthesised query: when the query does not start
      // right after this "(", try it as a query first and fall back to an expression.
      const direct = this.isKw("SELECT") || this.isKw("WITH") || this.isKw("VALUES");
      const save = { i: this.i, lastEnd: this.lastEnd, expectedAt: this.expectedAt, expected: new Set(this.expected) };
      try {
        const query = this.query();
        this.expectSym(")");
        return this.fin<ast.ScalarSubquery>(start, { kind: "ScalarSubquery", query });
      } catch (e) {
        if (direct || !(e instanceof SqlSyntaxError)) throw e;
        this.i = save.i;
        this.lastEnd = save.lastEnd;
        this.expectedAt = save.expectedAt;
        this.expected = save.expected;
      }
    }
    const items = this.exprList();
    this.expectSym(")");
    if (items.length === 1) return items[0]!;
    return this.fin<ast.RowConstructor>(start, { kind: "RowConstructor", fields: items, explicit: false });
  }

  private identifierExpr(): ast.Expr {
    const start = this.peek().pos;
    const first = this.advance();
    const parts = [first.value];
    while (this.isSym(".") && this.isIdent(1) && !this.isSym("(", 2)) {
      this.advance();
      parts.push(this.advance().value);
    }
    if (this.isSym("(")) {
      // qualified function call: db.f(x)
      const fname = parts.pop()!;
      return this.functionCall(start, fname, parts);
    }
    if (this.isSym(".") && (this.peek(1).type === "quoted" || this.peek(1).type === "word") && this.isSym("(", 2)) {
      this.advance();
      const fname = this.advance().value;
      return this.functionCall(start, fname, parts);
    }
    return this.fin<ast.Identifier>(start, { kind: "Identifier", parts });
  }

  private wordExpr(): ast.Expr {
    const t = this.peek();
    const start = t.pos;
    const u = t.upper;
    const next = this.peek(1);
    const nextIsParen = next.type === "symbol" && next.value === "(";
    const nextIsString = next.type === "string";
    switch (u) {
      case "TRUE":
      case "FALSE":
        this.advance();
        return this.fin<ast.BooleanLiteral>(start, { kind: "BooleanLiteral", value: u === "TRUE" });
      case "NULL":
        this.advance();
        return this.fin<ast.NullLiteral>(start, { kind: "NullLiteral", unknown: false });
      case "UNKNOWN":
        this.advance();
        return this.fin<ast.NullLiteral>(start, { kind: "NullLiteral", unknown: true });
      case "DATE":
      case "TIME":
      case "TIMESTAMP":
      case "TIMESTAMP_LTZ":
        if (nextIsString) return this.datetimeLiteral(u);
        if (u === "TIMESTAMP" && this.isKw("WITH", 1) && this.isKw("LOCAL", 2) && this.isKw("TIME", 3) && this.isKw("ZONE", 4) && this.peek(5).type === "string") {
          for (let n = 0; n < 5; n++) this.advance();
          return this.datetimeLiteral("TIMESTAMP_LTZ", start);
        }
        break;
      case "INTERVAL":
        return this.intervalLiteral();
      case "CASE":
        return this.caseExpr();
      case "CAST":
      case "TRY_CAST":
        if (nextIsParen) return this.castExpr();
        break;
      case "EXTRACT":
        if (nextIsParen) return this.extractExpr();
        break;
      case "TRIM":
        if (nextIsParen) return this.trimExpr();
        break;
      case "POSITION":
        if (nextIsParen) return this.positionExpr();
        break;
      case "SUBSTRING":
        if (nextIsParen) return this.substringExpr();
        break;
      case "OVERLAY":
        if (nextIsParen) return this.overlayExpr();
        break;
      case "FLOOR":
      case "CEIL":
      case "CEILING":
        if (nextIsParen) return this.floorCeilExpr();
        break;
      case "TIMESTAMPADD":
      case "TIMESTAMPDIFF":
        if (nextIsParen) return this.timestampAddDiff();
        break;
      case "JSON_VALUE":
      case "JSON_QUERY":
      case "JSON_EXISTS":
        if (nextIsParen) return this.jsonValueQuery(u);
        break;
      case "JSON_OBJECT":
        if (nextIsParen) return this.jsonObject();
        break;
      case "JSON_ARRAY":
        if (nextIsParen) return this.jsonArray();
        break;
      case "JSON_OBJECTAGG":
        if (nextIsParen) return this.jsonObjectAgg();
        break;
      case "JSON_ARRAYAGG":
        if (nextIsParen) return this.jsonArrayAgg();
        break;
      case "EXISTS":
        if (nextIsParen) {
          this.advance();
          this.expectSym("(");
          const query = this.query();
          this.expectSym(")");
          return this.fin<ast.ExistsExpr>(start, { kind: "Exists", query });
        }
        break;
      case "ARRAY":
        if (next.type === "symbol" && next.value === "[") {
          this.advance();
          this.advance();
          const elements = this.isSym("]") ? [] : this.exprList();
          this.expectSym("]");
          return this.fin<ast.ArrayConstructor>(start, { kind: "ArrayConstructor", elements });
        }
        break;
      case "MAP":
        if (next.type === "symbol" && next.value === "[") {
          this.advance();
          this.advance();
          const entries: ast.MapEntry[] = [];
          if (!this.isSym("]")) {
            do {
              const key = this.expr();
              this.expectSym(",");
              const value = this.expr();
              entries.push({ kind: "MapEntry", key, value, pos: key.pos, end: value.end });
            } while (this.acceptSym(","));
          }
          this.expectSym("]");
          return this.fin<ast.MapConstructor>(start, { kind: "MapConstructor", entries });
        }
        break;
      case "ROW":
        if (nextIsParen) {
          this.advance();
          this.advance();
          const fields = this.isSym(")") ? [] : this.exprList();
          this.expectSym(")");
          return this.fin<ast.RowConstructor>(start, { kind: "RowConstructor", fields, explicit: true });
        }
        break;
      default:
        break;
    }
    if (NILADIC.has(u) && !nextIsParen) {
      this.advance();
      return this.fin<ast.FunctionCall>(start, {
        kind: "FunctionCall", name: t.value, qualifier: [], args: [], quantifier: null, star: false, filter: null, withinGroup: null, nullTreatment: null, over: null, bare: true,
      });
    }
    if (!RESERVED.has(u)) return this.identifierExpr();
    if (nextIsParen && !NOT_FUNCTION_NAMES.has(u)) {
      this.advance();
      return this.functionCall(start, t.value, []);
    }
    this.noteExpressionStart();
    return this.fail();
  }

  private datetimeLiteral(keyword: "DATE" | "TIME" | "TIMESTAMP" | "TIMESTAMP_LTZ", startOverride?: Pos): ast.DatetimeLiteral {
    const kw = startOverride === undefined ? this.advance() : undefined;
    const start = startOverride ?? kw!.pos;
    const st = this.peek();
    const value = this.stringValue();
    let type: LogicalType;
    try {
      type = datetimeLiteralType(keyword, value);
    } catch (e) {
      if (e instanceof LiteralError) {
        this.failAt(`From line ${start.line}, column ${start.column} to line ${this.lastEnd.line}, column ${this.lastEnd.column}: ${e.message}`, st.pos);
      }
      throw e;
    }
    return this.fin<ast.DatetimeLiteral>(start, { kind: "DatetimeLiteral", keyword, value: value.trim(), type });
  }

  private intervalLiteral(): ast.IntervalLiteral {
    const start = this.expectKw("INTERVAL").pos;
    let sign: 1 | -1 = 1;
    if (this.acceptSym("-")) sign = -1;
    else this.acceptSym("+");
    const t = this.peek();
    if (t.type !== "string") {
      this.note("<STRING_LITERAL>");
      this.fail();
    }
    const text = this.stringValue();
    const qualifier = this.intervalQualifier();
    let value: number;
    try {
      value = intervalValue(text, qualifier) * sign || 0;
    } catch (e) {
      if (e instanceof LiteralError) this.validationError(e.message, start, this.lastEnd);
      throw e;
    }
    const type = intervalType(qualifier, false);
    return this.fin<ast.IntervalLiteral>(start, { kind: "IntervalLiteral", text, sign, qualifier, value, type });
  }

  private intervalUnit(): ast.IntervalUnit {
    const t = this.peek();
    if (t.type === "word" && INTERVAL_UNITS.has(t.upper)) {
      this.advance();
      return t.upper as ast.IntervalUnit;
    }
    // Plural spellings (DAYS, HOURS, ...) are accepted by newer Calcite versions.
    if (t.type === "word" && t.upper.endsWith("S") && INTERVAL_UNITS.has(t.upper.slice(0, -1))) {
      this.advance();
      return t.upper.slice(0, -1) as ast.IntervalUnit;
    }
    for (const u of INTERVAL_UNITS) this.note(u);
    return this.fail();
  }

  /**
   * An interval qualifier. In a literal (Calcite's syntax) `SECOND(p)` is the leading precision;
   * in a data type (`typeContext`, Flink's documented type syntax `INTERVAL SECOND(p2)`) a single
   * number after SECOND is the fractional precision. `SECOND(p1, p2)` is both in either context.
   */
  private intervalQualifier(typeContext = false): ast.IntervalQualifier {
    const start = this.peek().pos;
    const first = this.intervalUnit();
    let startPrecision: number | null = null;
    let fractionalPrecision: number | null = null;
    if (this.acceptSym("(")) {
      startPrecision = this.unsignedInteger();
      if (first === "SECOND" && this.acceptSym(",")) fractionalPrecision = this.unsignedInteger();
      else if (first === "SECOND" && typeContext) {
        fractionalPrecision = startPrecision;
        startPrecision = null;
      }
      this.expectSym(")");
    }
    let endUnit: ast.IntervalUnit | null = null;
    if (this.isKw("TO")) {
      const toTok = this.advance();
      const endTok = this.peek();
      endUnit = this.intervalUnit();
      if (!validQualifierPair(first, endUnit)) {
        this.failAt(`Encountered "TO ${endTok.text}" at line ${toTok.pos.line}, column ${toTok.pos.column}.`, toTok.pos);
      }
      if (endUnit === "SECOND" && this.acceptSym("(")) {
        fractionalPrecision = this.unsignedInteger();
        this.expectSym(")");
      }
    }
    const q = { start: first, endUnit, startPrecision, fractionalPrecision };
    const end = this.lastEnd;
    if (startPrecision !== null && (startPrecision < 1 || startPrecision > (first === "YEAR" || first === "MONTH" ? 4 : 6) + (first === "YEAR" || first === "MONTH" ? 0 : 0))) {
      this.validationError(`Interval leading field precision '${startPrecision}' out of range for INTERVAL ${qualifierText(q)}`, start, end);
    }
    if (fractionalPrecision !== null && (fractionalPrecision < 0 || fractionalPrecision > 9)) {
      this.validationError(`Interval fractional second precision '${fractionalPrecision}' out of range for INTERVAL ${qualifierText(q)}`, start, end);
    }
    return this.fin<ast.IntervalQualifier>(start, { kind: "IntervalQualifier", ...q });
  }

  private caseExpr(): ast.CaseExpr {
    const start = this.expectKw("CASE").pos;
    let operand: ast.Expr | null = null;
    if (!this.isKw("WHEN")) operand = this.expr();
    const whens: ast.CaseWhen[] = [];
    do {
      const ws = this.expectKw("WHEN").pos;
      // A simple CASE takes a list of values per WHEN (`WHEN 1, 2 THEN ...`, Flink docs
      // "Conditional Functions"); each value becomes its own WHEN with the shared result, the
      // first match winning as in Calcite's expansion to `x = 1 OR x = 2`.
      const values = operand !== null ? this.exprList() : [this.expr()];
      this.expectKw("THEN");
      const then = this.expr();
      for (const when of values) whens.push(this.fin<ast.CaseWhen>(ws, { kind: "CaseWhen", when, then }));
    } while (this.isKw("WHEN"));
    let elseExpr: ast.Expr | null = null;
    if (this.acceptKw("ELSE")) elseExpr = this.expr();
    this.expectKw("END");
    return this.fin<ast.CaseExpr>(start, { kind: "Case", operand, whens, else: elseExpr });
  }

  private castExpr(): ast.CastExpr {
    const t = this.advance();
    this.expectSym("(");
    const operand = this.expr();
    this.expectKw("AS");
    const type = this.dataType();
    this.expectSym(")");
    return this.fin<ast.CastExpr>(t.pos, { kind: "Cast", operand, type, try: t.upper === "TRY_CAST" });
  }

  private timeUnit(): ast.TimeUnit {
    const t = this.peek();
    if (t.type === "word") {
      let u = t.upper;
      if (u.startsWith("SQL_TSI_")) u = u.slice(8);
      if (u === "FRAC_SECOND") u = "MICROSECOND";
      if (TIME_UNITS.has(u)) {
        this.advance();
        return u as ast.TimeUnit;
      }
    }
    for (const u of ["YEAR", "QUARTER", "MONTH", "WEEK", "DAY", "HOUR", "MINUTE", "SECOND"]) this.note(u);
    return this.fail();
  }

  private extractExpr(): ast.ExtractExpr {
    const start = this.advance().pos;
    this.expectSym("(");
    const unit = this.timeUnit();
    this.expectKw("FROM");
    const operand = this.expr();
    this.expectSym(")");
    return this.fin<ast.ExtractExpr>(start, { kind: "Extract", unit, operand });
  }

  private trimExpr(): ast.TrimExpr {
    const start = this.advance().pos;
    this.expectSym("(");
    let side: ast.TrimExpr["side"] = "BOTH";
    let sideWritten = false;
    for (const s of ["BOTH", "LEADING", "TRAILING"] as const) {
      if (this.acceptKw(s)) {
        side = s;
        sideWritten = true;
        break;
      }
    }
    let chars: ast.Expr | null = null;
    let operand: ast.Expr;
    if (sideWritten && this.acceptKw("FROM")) {
      operand = this.expr();
    } else {
      const first = this.expr();
      if (this.acceptKw("FROM")) {
        chars = first;
        operand = this.expr();
      } else {
        if (sideWritten) this.fail();
        operand = first;
      }
    }
    this.expectSym(")");
    return this.fin<ast.TrimExpr>(start, { kind: "Trim", side, chars, operand });
  }

  private call(start: Pos, name: string, args: ast.Expr[]): ast.FunctionCall {
    return this.fin<ast.FunctionCall>(start, {
      kind: "FunctionCall", name, qualifier: [], args, quantifier: null, star: false, filter: null, withinGroup: null, nullTreatment: null, over: null, bare: false,
    });
  }

  private positionExpr(): ast.FunctionCall {
    const t = this.advance();
    this.expectSym("(");
    const needle = this.additive();
    this.expectKw("IN");
    const haystack = this.expr();
    const args = [needle, haystack];
    if (this.acceptKw("FROM")) args.push(this.expr());
    this.expectSym(")");
    return this.call(t.pos, t.value, args);
  }

  private substringExpr(): ast.FunctionCall {
    const t = this.advance();
    this.expectSym("(");
    const s = this.expr();
    const args = [s];
    if (this.acceptKw("FROM")) {
      args.push(this.expr());
      if (this.acceptKw("FOR")) args.push(this.expr());
    } else if (this.acceptSym(",")) {
      args.push(this.expr());
      if (this.acceptSym(",")) args.push(this.expr());
    } else {
      this.fail();
    }
    this.expectSym(")");
    return this.call(t.pos, t.value, args);
  }

  private overlayExpr(): ast.FunctionCall {
    const t = this.advance();
    this.expectSym("(");
    const s = this.expr();
    this.expectKw("PLACING");
    const r = this.expr();
    this.expectKw("FROM");
    const args = [s, r, this.expr()];
    if (this.acceptKw("FOR")) args.push(this.expr());
    this.expectSym(")");
    return this.call(t.pos, t.value, args);
  }

  private floorCeilExpr(): ast.Expr {
    const t = this.advance();
    this.expectSym("(");
    const operand = this.expr();
    if (this.acceptKw("TO")) {
      const unit = this.timeUnit();
      this.expectSym(")");
      return this.fin<ast.FloorCeilExpr>(t.pos, { kind: "FloorCeil", fn: t.upper === "FLOOR" ? "FLOOR" : "CEIL", operand, unit });
    }
    const args = [operand];
    while (this.acceptSym(",")) args.push(this.expr());
    this.expectSym(")");
    return this.finishCall(t.pos, t.value, [], args, null, false);
  }

  private timestampAddDiff(): ast.Expr {
    const t = this.advance();
    this.expectSym("(");
    const unit = this.timeUnit();
    this.expectSym(",");
    const a = this.expr();
    this.expectSym(",");
    const b = this.expr();
    this.expectSym(")");
    if (t.upper === "TIMESTAMPADD") return this.fin<ast.TimestampAddExpr>(t.pos, { kind: "TimestampAdd", unit, count: a, operand: b });
    return this.fin<ast.TimestampDiffExpr>(t.pos, { kind: "TimestampDiff", unit, start: a, stop: b });
  }

  private jsonBehavior(): ast.JsonValueBehavior | null {
    const start = this.peek().pos;
    if (this.isKw("NULL") || this.isKw("ERROR")) {
      const behavior = this.advance().upper as "NULL" | "ERROR";
      return this.fin<ast.JsonValueBehavior>(start, { kind: "JsonValueBehavior", behavior, default: null });
    }
    if (this.acceptKw("DEFAULT")) {
      const d = this.expr();
      return this.fin<ast.JsonValueBehavior>(start, { kind: "JsonValueBehavior", behavior: "DEFAULT", default: d });
    }
    return null;
  }

  private jsonQueryBehavior(): "NULL" | "EMPTY ARRAY" | "EMPTY OBJECT" | "ERROR" | null {
    if (this.acceptKw("NULL")) return "NULL";
    if (this.acceptKw("ERROR")) return "ERROR";
    if (this.acceptKws("EMPTY", "ARRAY")) return "EMPTY ARRAY";
    if (this.acceptKws("EMPTY", "OBJECT")) return "EMPTY OBJECT";
    return null;
  }

  private jsonValueQuery(fn: string): ast.Expr {
    const start = this.advance().pos;
    this.expectSym("(");
    const operand = this.expr();
    this.expectSym(",");
    const path = this.expr();
    if (fn === "JSON_EXISTS") {
      let onError: ast.JsonExistsExpr["onError"] = null;
      for (const b of ["TRUE", "FALSE", "UNKNOWN", "ERROR"] as const) {
        if (this.isKw(b) && this.isKw("ON", 1) && this.isKw("ERROR", 2)) {
          this.advance();
          this.advance();
          this.advance();
          onError = b;
          break;
        }
      }
      this.expectSym(")");
      return this.fin<ast.JsonExistsExpr>(start, { kind: "JsonExists", operand, path, onError });
    }
    let returning: LogicalType | null = null;
    if (this.acceptKw("RETURNING")) returning = this.dataType();
    if (fn === "JSON_VALUE") {
      let onEmpty: ast.JsonValueBehavior | null = null;
      let onError: ast.JsonValueBehavior | null = null;
      for (let round = 0; round < 2; round++) {
        const save = this.i;
        const saveEnd = this.lastEnd;
        const b = this.jsonBehavior();
        if (b === null) break;
        this.expectKw("ON");
        const bb = { ...b, end: this.peek().end };
        if (this.acceptKw("EMPTY") && onEmpty === null && onError === null) onEmpty = bb;
        else if (this.acceptKw("ERROR") && onError === null) onError = bb;
        else {
          this.i = save;
          this.lastEnd = saveEnd;
          this.fail();
        }
      }
      this.expectSym(")");
      return this.fin<ast.JsonValueExpr>(start, { kind: "JsonValue", operand, path, returning, onEmpty, onError });
    }
    let wrapper: ast.JsonQueryExpr["wrapper"] = null;
    if (this.acceptKw("WITHOUT")) {
      this.acceptKw("ARRAY");
      this.expectKw("WRAPPER");
      wrapper = "WITHOUT";
    } else if (this.acceptKw("WITH")) {
      wrapper = "UNCONDITIONAL";
      if (this.acceptKw("CONDITIONAL")) wrapper = "CONDITIONAL";
      else this.acceptKw("UNCONDITIONAL");
      this.acceptKw("ARRAY");
      this.expectKw("WRAPPER");
    }
    let onEmpty: ast.JsonQueryExpr["onEmpty"] = null;
    let onError: ast.JsonQueryExpr["onError"] = null;
    for (let round = 0; round < 2; round++) {
      const b = this.jsonQueryBehavior();
      if (b === null) break;
      this.expectKw("ON");
      if (onEmpty === null && onError === null && this.acceptKw("EMPTY")) onEmpty = b;
      else if (onError === null && this.acceptKw("ERROR")) onError = b;
      else this.fail();
    }
    this.expectSym(")");
    return this.fin<ast.JsonQueryExpr>(start, { kind: "JsonQuery", operand, path, returning, wrapper, onEmpty, onError });
  }

  private jsonOnNull(): "NULL" | "ABSENT" | null {
    if (this.isKw("NULL") && this.isKw("ON", 1) && this.isKw("NULL", 2)) {
      this.advance();
      this.advance();
      this.advance();
      return "NULL";
    }
    if (this.acceptKw("ABSENT")) {
      this.expectKw("ON");
      this.expectKw("NULL");
      return "ABSENT";
    }
    return null;
  }

  private jsonKeyValue(): ast.JsonKeyValue {
    const start = this.peek().pos;
    const explicitKey = this.isKw("KEY") && !this.isKw("VALUE", 1) && !this.isSym(":", 1);
    if (explicitKey) this.advance();
    const key = this.additive();
    if (!this.acceptSym(":")) this.expectKw("VALUE");
    const value = this.additive();
    return this.fin<ast.JsonKeyValue>(start, { kind: "JsonKeyValue", key, value });
  }

  private jsonObject(): ast.JsonObjectExpr {
    const start = this.advance().pos;
    this.expectSym("(");
    const entries: ast.JsonKeyValue[] = [];
    let onNull = this.jsonOnNull();
    if (onNull === null && !this.isSym(")")) {
      do entries.push(this.jsonKeyValue());
      while (this.acceptSym(","));
      onNull = this.jsonOnNull();
    }
    this.expectSym(")");
    return this.fin<ast.JsonObjectExpr>(start, { kind: "JsonObject", entries, onNull });
  }

  private jsonArray(): ast.JsonArrayExpr {
    const start = this.advance().pos;
    this.expectSym("(");
    let elements: ast.Expr[] = [];
    let onNull = this.jsonOnNull();
    if (onNull === null && !this.isSym(")")) {
      elements = this.exprList();
      onNull = this.jsonOnNull();
    }
    this.expectSym(")");
    return this.fin<ast.JsonArrayExpr>(start, { kind: "JsonArray", elements, onNull });
  }

  private jsonObjectAgg(): ast.JsonObjectAggExpr {
    const start = this.advance().pos;
    this.expectSym("(");
    const kv = this.jsonKeyValue();
    const onNull = this.jsonOnNull();
    this.expectSym(")");
    return this.fin<ast.JsonObjectAggExpr>(start, { kind: "JsonObjectAgg", key: kv.key, value: kv.value, onNull });
  }

  private jsonArrayAgg(): ast.JsonArrayAggExpr {
    const start = this.advance().pos;
    this.expectSym("(");
    const value = this.expr();
    let orderBy: ast.OrderItem[] = [];
    if (this.acceptKws("ORDER", "BY")) orderBy = this.orderItems();
    const onNull = this.jsonOnNull();
    this.expectSym(")");
    return this.fin<ast.JsonArrayAggExpr>(start, { kind: "JsonArrayAgg", value, orderBy, onNull });
  }

  /** One argument of a function call: `name => value`, `TABLE t`, `DESCRIPTOR(...)`, or an expression. */
  private functionArg(): ast.Expr {
    const start = this.peek().pos;
    if ((this.peek().type === "word" || this.peek().type === "quoted") && this.isSym("=>", 1)) {
      const name = this.advance().value;
      this.advance();
      const value = this.functionArg();
      return this.fin<ast.NamedArgument>(start, { kind: "NamedArgument", name, value });
    }
    if (this.isKw("TABLE") && !this.isSym("(", 1)) {
      this.advance();
      const name = this.objectName();
      const partitionBy = this.acceptKws("PARTITION", "BY") ? this.partitionKeys() : [];
      return this.fin<ast.TableArgument>(start, { kind: "TableArgument", name, query: null, partitionBy });
    }
    if (this.isKw("TABLE") && this.isSym("(", 1) && this.startsQueryAfterParen(2)) {
      this.advance();
      this.advance();
      const query = this.query();
      this.expectSym(")");
      const partitionBy = this.acceptKws("PARTITION", "BY") ? this.partitionKeys() : [];
      return this.fin<ast.TableArgument>(start, { kind: "TableArgument", name: null, query, partitionBy });
    }
    if (this.isKw("DESCRIPTOR") && this.isSym("(", 1)) {
      this.advance();
      this.advance();
      const columns = this.nameList();
      this.expectSym(")");
      return this.fin<ast.DescriptorExpr>(start, { kind: "Descriptor", columns });
    }
    return this.expr();
  }

  /** `PARTITION BY a` or `PARTITION BY (a, b)` of a table argument. */
  private partitionKeys(): ast.Expr[] {
    if (this.isSym("(")) {
      this.advance();
      const keys = this.exprList();
      this.expectSym(")");
      return keys;
    }
    return [this.additive()];
  }

  private startsQueryAfterParen(k: number): boolean {
    const t = this.peek(k);
    return t.type === "word" && (t.upper === "SELECT" || t.upper === "WITH" || t.upper === "VALUES");
  }

  private functionCall(start: Pos, name: string, qualifier: string[]): ast.FunctionCall {
    this.expectSym("(");
    let quantifier: "DISTINCT" | "ALL" | null = null;
    let star = false;
    const args: ast.Expr[] = [];
    if (this.isSym("*") && this.isSym(")", 1)) {
      this.advance();
      star = true;
    } else if (!this.isSym(")")) {
      if (this.acceptKw("DISTINCT")) quantifier = "DISTINCT";
      else if (this.acceptKw("ALL")) quantifier = "ALL";
      args.push(this.functionArg());
      while (this.acceptSym(",")) args.push(this.functionArg());
    }
    // `ARRAY_AGG(x ORDER BY y)` is the same as WITHIN GROUP (ORDER BY y).
    let withinGroupInline: ast.OrderItem[] | null = null;
    if (this.acceptKws("ORDER", "BY")) withinGroupInline = this.orderItems();
    this.expectSym(")");
    const call = this.finishCall(start, name, qualifier, args, quantifier, star);
    if (withinGroupInline !== null && call.withinGroup === null) return { ...call, withinGroup: withinGroupInline };
    return call;
  }

  /** After the closing parenthesis: WITHIN GROUP, FILTER, RESPECT/IGNORE NULLS, OVER. */
  private finishCall(start: Pos, name: string, qualifier: string[], args: ast.Expr[], quantifier: "DISTINCT" | "ALL" | null, star: boolean): ast.FunctionCall {
    let withinGroup: ast.OrderItem[] | null = null;
    if (this.isKw("WITHIN") && this.isKw("GROUP", 1)) {
      this.advance();
      this.advance();
      this.expectSym("(");
      this.expectKw("ORDER");
      this.expectKw("BY");
      withinGroup = this.orderItems();
      this.expectSym(")");
    }
    let filter: ast.Expr | null = null;
    if (this.isKw("FILTER") && this.isSym("(", 1)) {
      this.advance();
      this.advance();
      this.expectKw("WHERE");
      filter = this.expr();
      this.expectSym(")");
    }
    let nullTreatment: ast.FunctionCall["nullTreatment"] = null;
    if (this.acceptKws("RESPECT", "NULLS")) nullTreatment = "RESPECT NULLS";
    else if (this.acceptKws("IGNORE", "NULLS")) nullTreatment = "IGNORE NULLS";
    let over: ast.WindowSpec | null = null;
    if (this.acceptKw("OVER")) {
      if (this.isSym("(")) over = this.windowSpecParens();
      else {
        const ws = this.peek().pos;
        const wname = this.identifier();
        over = this.fin<ast.WindowSpec>(ws, { kind: "WindowSpec", name: wname, partitionBy: [], orderBy: [], frame: null });
      }
    }
    return this.fin<ast.FunctionCall>(start, { kind: "FunctionCall", name, qualifier, args, quantifier, star, filter, withinGroup, nullTreatment, over, bare: false });
  }

  private windowSpecParens(): ast.WindowSpec {
    const start = this.expectSym("(").pos;
    let name: string | null = null;
    if (this.isIdent()) name = this.identifier();
    let partitionBy: ast.Expr[] = [];
    if (this.acceptKws("PARTITION", "BY")) partitionBy = this.exprList();
    let orderBy: ast.OrderItem[] = [];
    if (this.acceptKws("ORDER", "BY")) orderBy = this.orderItems();
    let frame: ast.WindowFrame | null = null;
    if (this.isKw("ROWS") || this.isKw("RANGE")) {
      const fs = this.peek().pos;
      const unit = this.advance().upper as "ROWS" | "RANGE";
      let lower: ast.FrameBound;
      let upper: ast.FrameBound | null = null;
      if (this.acceptKw("BETWEEN")) {
        lower = this.frameBound();
        this.expectKw("AND");
        upper = this.frameBound();
      } else {
        lower = this.frameBound();
      }
      frame = this.fin<ast.WindowFrame>(fs, { kind: "WindowFrame", unit, lower, upper });
    }
    this.expectSym(")");
    return this.fin<ast.WindowSpec>(start, { kind: "WindowSpec", name, partitionBy, orderBy, frame });
  }

  private frameBound(): ast.FrameBound {
    const start = this.peek().pos;
    if (this.acceptKws("UNBOUNDED", "PRECEDING")) return this.fin<ast.FrameBound>(start, { kind: "FrameBound", bound: "UNBOUNDED PRECEDING", offset: null });
    if (this.acceptKws("UNBOUNDED", "FOLLOWING")) return this.fin<ast.FrameBound>(start, { kind: "FrameBound", bound: "UNBOUNDED FOLLOWING", offset: null });
    if (this.acceptKws("CURRENT", "ROW")) return this.fin<ast.FrameBound>(start, { kind: "FrameBound", bound: "CURRENT ROW", offset: null });
    const offset = this.additive();
    if (this.acceptKw("PRECEDING")) return this.fin<ast.FrameBound>(start, { kind: "FrameBound", bound: "PRECEDING", offset });
    this.expectKw("FOLLOWING");
    return this.fin<ast.FrameBound>(start, { kind: "FrameBound", bound: "FOLLOWING", offset });
  }

  // -------------------------------------------------------------------------------------------
  // Data types
  // -------------------------------------------------------------------------------------------

  /** A type that parses but is out of range: Flink's LogicalType message, positioned. */
  private typeError(message: string, start: Pos): never {
    return this.validationError(message, start, this.lastEnd);
  }

  private optLength(def: number): number {
    if (this.acceptSym("(")) {
      const n = this.unsignedInteger();
      this.expectSym(")");
      return n;
    }
    return def;
  }

  /** `type [NOT NULL | NULL] [ARRAY | MULTISET [NOT NULL | NULL]]*`. */
  dataType(): LogicalType {
    return this.nested(() => this.dataTypeInner());
  }

  private dataTypeInner(): LogicalType {
    let t = this.baseType();
    for (;;) {
      if (this.acceptKws("NOT", "NULL")) t = { ...t, nullable: false };
      else if (this.isKw("NULL") && !this.isKw("ON", 1)) {
        this.advance();
        t = { ...t, nullable: true };
      }
      if (this.isKw("ARRAY") && !this.isSym("<", 1) && !this.isSym("[", 1)) {
        this.advance();
        t = { type: "ARRAY", nullable: true, elementType: t };
        continue;
      }
      if (this.isKw("MULTISET") && !this.isSym("<", 1)) {
        this.advance();
        t = { type: "MULTISET", nullable: true, elementType: t };
        continue;
      }
      return t;
    }
  }

  private charLength(kind: string, n: number, start: Pos): number {
    if (n < 1 || n > MAX_LENGTH) this.typeError(`${kind} string length must be between 1 and ${MAX_LENGTH} (both inclusive).`, start);
    return n;
  }

  private baseType(): LogicalType {
    const t = this.peek();
    const start = t.pos;
    if (t.type !== "word") {
      this.note("<DATA TYPE>");
      return this.fail();
    }
    const u = t.upper;
    switch (u) {
      // Lengths default as in Flink SQL (through Calcite): CHAR/BINARY to 1, VARCHAR/VARBINARY to
      // 2147483647, i.e. STRING/BYTES (FlinkTypeSystem.getDefaultPrecision returns
      // Integer.MAX_VALUE for VARCHAR and VARBINARY), so CAST(x AS VARCHAR) is CAST(x AS STRING).
      case "CHAR":
      case "CHARACTER": {
        this.advance();
        if (this.acceptKw("VARYING")) {
          const n = this.optLength(MAX_LENGTH);
          return { type: "VARCHAR", nullable: true, length: this.charLength("Variable character", n, start) };
        }
        const n = this.optLength(1);
        return { type: "CHAR", nullable: true, length: this.charLength("Character", n, start) };
      }
      case "VARCHAR": {
        this.advance();
        const n = this.optLength(MAX_LENGTH);
        return { type: "VARCHAR", nullable: true, length: this.charLength("Variable character", n, start) };
      }
      case "STRING":
        this.advance();
        return { type: "VARCHAR", nullable: true, length: MAX_LENGTH };
      case "BINARY": {
        this.advance();
        if (this.acceptKw("VARYING")) {
          const n = this.optLength(MAX_LENGTH);
          return { type: "VARBINARY", nullable: true, length: this.charLength("Variable binary", n, start) };
        }
        const n = this.optLength(1);
        return { type: "BINARY", nullable: true, length: this.charLength("Binary", n, start) };
      }
      case "VARBINARY": {
        this.advance();
        const n = this.optLength(MAX_LENGTH);
        return { type: "VARBINARY", nullable: true, length: this.charLength("Variable binary", n, start) };
      }
      case "BYTES":
        this.advance();
        return { type: "VARBINARY", nullable: true, length: MAX_LENGTH };
      case "BOOLEAN":
      case "BOOL":
        this.advance();
        return { type: "BOOLEAN", nullable: true };
      case "TINYINT":
      case "SMALLINT":
      case "BIGINT":
        this.advance();
        return { type: u, nullable: true };
      case "INT":
      case "INTEGER":
        this.advance();
        return { type: "INTEGER", nullable: true };
      case "FLOAT":
      case "REAL":
        this.advance();
        this.optPrecisionIgnored();
        return { type: "FLOAT", nullable: true };
      case "DOUBLE":
        this.advance();
        this.acceptKw("PRECISION");
        return { type: "DOUBLE", nullable: true };
      case "DECIMAL":
      case "DEC":
      case "NUMERIC": {
        this.advance();
        let precision = 10;
        let scale = 0;
        if (this.acceptSym("(")) {
          precision = this.unsignedInteger();
          if (this.acceptSym(",")) scale = this.unsignedInteger();
          this.expectSym(")");
        }
        if (precision < 1 || precision > 38) this.typeError("Decimal precision must be between 1 and 38 (both inclusive).", start);
        if (scale < 0 || scale > precision) this.typeError(`Decimal scale must be between 0 and the precision ${precision} (both inclusive).`, start);
        return { type: "DECIMAL", nullable: true, precision, scale };
      }
      case "DATE":
        this.advance();
        return { type: "DATE", nullable: true };
      case "TIME": {
        this.advance();
        const p = this.optLength(0);
        if (p < 0 || p > 9) this.typeError("Time precision must be between 0 and 9 (both inclusive).", start);
        this.acceptKws("WITHOUT", "TIME", "ZONE");
        return { type: "TIME_WITHOUT_TIME_ZONE", nullable: true, precision: p };
      }
      case "TIMESTAMP": {
        this.advance();
        const p = this.optLength(6);
        if (p < 0 || p > 9) this.typeError("Timestamp precision must be between 0 and 9 (both inclusive).", start);
        if (this.acceptKws("WITH", "LOCAL", "TIME", "ZONE")) return { type: "TIMESTAMP_WITH_LOCAL_TIME_ZONE", nullable: true, precision: p };
        if (this.acceptKws("WITH", "TIME", "ZONE")) return { type: "TIMESTAMP_WITH_TIME_ZONE", nullable: true, precision: p };
        this.acceptKws("WITHOUT", "TIME", "ZONE");
        return { type: "TIMESTAMP_WITHOUT_TIME_ZONE", nullable: true, precision: p };
      }
      case "TIMESTAMP_LTZ": {
        this.advance();
        const p = this.optLength(6);
        if (p < 0 || p > 9) this.typeError("Timestamp precision must be between 0 and 9 (both inclusive).", start);
        return { type: "TIMESTAMP_WITH_LOCAL_TIME_ZONE", nullable: true, precision: p };
      }
      case "INTERVAL": {
        this.advance();
        const q = this.intervalQualifier(true);
        return intervalType(q, true);
      }
      case "ARRAY":
      case "MULTISET": {
        this.advance();
        this.expectSym("<");
        const elementType = this.dataType();
        this.expectSym(">");
        return { type: u, nullable: true, elementType };
      }
      case "MAP": {
        this.advance();
        this.expectSym("<");
        const keyType = this.dataType();
        this.expectSym(",");
        const valueType = this.dataType();
        this.expectSym(">");
        return { type: "MAP", nullable: true, keyType, valueType };
      }
      case "ROW": {
        this.advance();
        // `ROW<>` lexes as the `<>` operator: an empty row.
        if (this.acceptSym("<>")) return { type: "ROW", nullable: true, fields: [] };
        let close: string;
        if (this.acceptSym("<")) close = ">";
        else {
          this.expectSym("(");
          close = ")";
        }
        const fields: RowField[] = [];
        if (!this.isSym(close)) {
          do {
            const fname = this.identifier();
            const ftype = this.dataType();
            let description: string | undefined;
            if (this.peek().type === "string") description = this.stringValue();
            fields.push(description === undefined ? { name: fname, type: ftype } : { name: fname, type: ftype, description });
          } while (this.acceptSym(","));
        }
        this.expectSym(close);
        return { type: "ROW", nullable: true, fields };
      }
      case "NULL":
        this.advance();
        return { type: "NULL", nullable: true };
      case "VARIANT":
        this.advance();
        return { type: "VARIANT", nullable: true };
      default:
        break;
    }
    if (t.type === "word" && !RESERVED.has(u)) {
      this.failAt(`Unknown or unsupported data type "${t.text}" at line ${t.pos.line}, column ${t.pos.column}.`, t.pos);
    }
    this.note("<DATA TYPE>");
    return this.fail();
  }

  private optPrecisionIgnored(): void {
    if (this.isSym("(")) {
      this.advance();
      this.unsignedInteger();
      this.expectSym(")");
    }
  }
}
