/**
 * Parses Flink SQL type text into a LogicalType: the inverse of `formatType`, accepting every
 * spelling Flink accepts (`INT`/`INTEGER`, `STRING`, `BYTES`, `DEC`/`NUMERIC`, `TIMESTAMP(3)
 * WITH LOCAL TIME ZONE`/`TIMESTAMP_LTZ(3)`, `T ARRAY`, `ROW(a INT)`/`ROW<a INT>`, intervals with
 * precisions) plus the wire's root names (`TIMESTAMP_WITHOUT_TIME_ZONE`, `INTERVAL_DAY_TIME`).
 * Omitted parameters take Flink's defaults (VARCHAR(1), DECIMAL(10, 0), TIMESTAMP(6), TIME(0)).
 */
import { InterfaceError } from "../errors.ts";
import { truncate } from "./decimal.ts";
import {
  MAX_LENGTH,
  type DayTimeResolution,
  type LogicalType,
  type RowField,
  type YearMonthResolution,
} from "./model.ts";

type Tok =
  | { k: "word"; v: string; up: string; pos: number }
  | { k: "quoted"; v: string; pos: number }
  | { k: "string"; v: string; pos: number }
  | { k: "num"; v: number; pos: number }
  | { k: "punct"; v: string; pos: number }
  | { k: "end"; pos: number };

function fail(text: string, pos: number, why: string): never {
  throw new InterfaceError("TYPE_TEXT_INVALID", `Invalid type '${truncate(text, 80)}' at position ${pos + 1}: ${why}`);
}

function tokenize(text: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (/[A-Za-z_]/.test(c)) {
      const start = i;
      while (i < text.length && /[A-Za-z0-9_$]/.test(text[i]!)) i++;
      const v = text.slice(start, i);
      out.push({ k: "word", v, up: v.toUpperCase(), pos: start });
    } else if (/[0-9]/.test(c)) {
      const start = i;
      while (i < text.length && /[0-9]/.test(text[i]!)) i++;
      out.push({ k: "num", v: Number(text.slice(start, i)), pos: start });
    } else if (c === "`" || c === "'") {
      const start = i;
      let v = "";
      i++;
      for (;;) {
        if (i >= text.length) fail(text, start, "unterminated quote");
        if (text[i] === c) {
          if (text[i + 1] === c) {
            v += c;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += text[i];
        i++;
      }
      out.push(c === "`" ? { k: "quoted", v, pos: start } : { k: "string", v, pos: start });
    } else if ("()<>,".includes(c)) {
      out.push({ k: "punct", v: c, pos: i });
      i++;
    } else {
      fail(text, i, `unexpected character '${c}'`);
    }
  }
  out.push({ k: "end", pos: text.length });
  return out;
}

class Parser {
  #i = 0;
  readonly #text: string;
  readonly #toks: Tok[];
  constructor(text: string, toks: Tok[]) {
    this.#text = text;
    this.#toks = toks;
  }

  #peek(): Tok {
    return this.#toks[this.#i]!;
  }
  #next(): Tok {
    return this.#toks[this.#i++]!;
  }
  #isWord(w: string, at = 0): boolean {
    const t = this.#toks[this.#i + at];
    return t !== undefined && t.k === "word" && t.up === w;
  }
  #acceptWord(w: string): boolean {
    if (this.#isWord(w)) {
      this.#i++;
      return true;
    }
    return false;
  }
  #expectWord(w: string): void {
    if (!this.#acceptWord(w)) fail(this.#text, this.#peek().pos, `expected ${w}`);
  }
  #isPunct(p: string): boolean {
    const t = this.#peek();
    return t.k === "punct" && t.v === p;
  }
  #acceptPunct(p: string): boolean {
    if (this.#isPunct(p)) {
      this.#i++;
      return true;
    }
    return false;
  }
  #expectPunct(p: string): void {
    if (!this.#acceptPunct(p)) fail(this.#text, this.#peek().pos, `expected '${p}'`);
  }
  #number(): number {
    const t = this.#next();
    if (t.k !== "num") fail(this.#text, t.pos, "expected a number");
    return t.v;
  }
  /** `(n)` if present. */
  #optParam(): number | undefined {
    if (!this.#acceptPunct("(")) return undefined;
    const n = this.#number();
    this.#expectPunct(")");
    return n;
  }
  #range(n: number, lo: number, hi: number, what: string, pos: number): number {
    if (n < lo || n > hi) fail(this.#text, pos, `${what} must be between ${lo} and ${hi}`);
    return n;
  }

  parseAll(): LogicalType {
    const t = this.type();
    const end = this.#peek();
    if (end.k !== "end") fail(this.#text, end.pos, "unexpected text after the type");
    return t;
  }

  /** A type with postfix ARRAY/MULTISET and NULL/NOT NULL. */
  type(): LogicalType {
    let t = this.#primary();
    for (;;) {
      if (this.#isWord("NOT") && this.#isWord("NULL", 1)) {
        this.#i += 2;
        t = { ...t, nullable: false } as LogicalType;
      } else if (this.#isWord("NULL") && t.type !== "NULL") {
        this.#i++;
        t = { ...t, nullable: true } as LogicalType;
      } else if (this.#acceptWord("ARRAY")) {
        t = { type: "ARRAY", nullable: true, elementType: t };
      } else if (this.#acceptWord("MULTISET")) {
        t = { type: "MULTISET", nullable: true, elementType: t };
      } else {
        return t;
      }
    }
  }

  #rowFields(close: string): RowField[] {
    const fields: RowField[] = [];
    if (this.#acceptPunct(close)) return fields;
    for (;;) {
      const n = this.#next();
      let name: string;
      if (n.k === "word") name = n.v;
      else if (n.k === "quoted") name = n.v;
      else fail(this.#text, n.pos, "expected a field name");
      const type = this.type();
      const d = this.#peek();
      let field: RowField = { name, type };
      if (d.k === "string") {
        this.#i++;
        field = { name, type, description: d.v };
      }
      fields.push(field);
      if (this.#acceptPunct(close)) return fields;
      this.#expectPunct(",");
    }
  }

  #timestampSuffix(precision: number): LogicalType {
    if (this.#isWord("WITHOUT")) {
      this.#i++;
      this.#expectWord("TIME");
      this.#expectWord("ZONE");
    } else if (this.#isWord("WITH")) {
      this.#i++;
      if (this.#acceptWord("LOCAL")) {
        this.#expectWord("TIME");
        this.#expectWord("ZONE");
        return { type: "TIMESTAMP_WITH_LOCAL_TIME_ZONE", nullable: true, precision };
      }
      this.#expectWord("TIME");
      this.#expectWord("ZONE");
      return { type: "TIMESTAMP_WITH_TIME_ZONE", nullable: true, precision };
    }
    return { type: "TIMESTAMP_WITHOUT_TIME_ZONE", nullable: true, precision };
  }

  #interval(): LogicalType {
    const startTok = this.#next();
    if (startTok.k !== "word") fail(this.#text, startTok.pos, "expected an interval unit");
    const unit = startTok.up === "DAYS" ? "DAY" : startTok.up === "YEARS" ? "YEAR" : startTok.up;
    const pos = startTok.pos;
    const precOf = (n: number | undefined, lo: number, hi: number, dflt: number, what: string): number =>
      n === undefined ? dflt : this.#range(n, lo, hi, what, pos);
    if (unit === "YEAR" || unit === "MONTH") {
      if (unit === "MONTH") return { type: "INTERVAL_YEAR_MONTH", nullable: true, resolution: "MONTH", precision: 2 };
      const p = precOf(this.#optParam(), 1, 4, 2, "year precision");
      let resolution: YearMonthResolution = "YEAR";
      if (this.#acceptWord("TO")) {
        this.#expectWord("MONTH");
        resolution = "YEAR_TO_MONTH";
      }
      return { type: "INTERVAL_YEAR_MONTH", nullable: true, resolution, precision: p };
    }
    let dayPrecision = 2;
    let fractional = 6;
    let from: string;
    if (unit === "DAY") {
      dayPrecision = precOf(this.#optParam(), 1, 6, 2, "day precision");
      from = "DAY";
    } else if (unit === "HOUR" || unit === "MINUTE") {
      from = unit;
    } else if (unit === "SECOND") {
      fractional = precOf(this.#optParam(), 0, 9, 6, "fractional precision");
      return { type: "INTERVAL_DAY_TIME", nullable: true, resolution: "SECOND", precision: dayPrecision, fractionalPrecision: fractional };
    } else {
      fail(this.#text, pos, `unknown interval unit ${startTok.v}`);
    }
    let to: string | undefined;
    if (this.#acceptWord("TO")) {
      const t = this.#next();
      if (t.k !== "word" || !["HOUR", "MINUTE", "SECOND"].includes(t.up)) fail(this.#text, t.pos, "expected HOUR, MINUTE or SECOND");
      to = t.up;
      if (to === "SECOND") fractional = precOf(this.#optParam(), 0, 9, 6, "fractional precision");
    }
    const resolution = (to === undefined ? from : `${from}_TO_${to}`) as DayTimeResolution;
    const valid: readonly string[] = ["DAY", "DAY_TO_HOUR", "DAY_TO_MINUTE", "DAY_TO_SECOND", "HOUR", "HOUR_TO_MINUTE", "HOUR_TO_SECOND", "MINUTE", "MINUTE_TO_SECOND"];
    if (!valid.includes(resolution)) fail(this.#text, pos, `invalid interval ${from} TO ${to}`);
    return { type: "INTERVAL_DAY_TIME", nullable: true, resolution, precision: dayPrecision, fractionalPrecision: fractional };
  }

  #primary(): LogicalType {
    const t = this.#next();
    if (t.k !== "word") fail(this.#text, t.pos, "expected a type name");
    const pos = t.pos;
    const len = (dflt: number): number => {
      const n = this.#optParam();
      return n === undefined ? dflt : this.#range(n, 1, MAX_LENGTH, "length", pos);
    };
    const nn = true;
    switch (t.up) {
      case "CHAR":
      case "CHARACTER":
        if (this.#acceptWord("VARYING")) return { type: "VARCHAR", nullable: nn, length: len(1) };
        return { type: "CHAR", nullable: nn, length: len(1) };
      case "VARCHAR":
        return { type: "VARCHAR", nullable: nn, length: len(1) };
      case "STRING":
        return { type: "VARCHAR", nullable: nn, length: MAX_LENGTH };
      case "BINARY":
        if (this.#acceptWord("VARYING")) return { type: "VARBINARY", nullable: nn, length: len(1) };
        return { type: "BINARY", nullable: nn, length: len(1) };
      case "VARBINARY":
        return { type: "VARBINARY", nullable: nn, length: len(1) };
      case "BYTES":
        return { type: "VARBINARY", nullable: nn, length: MAX_LENGTH };
      case "BOOLEAN":
      case "BOOL":
        return { type: "BOOLEAN", nullable: nn };
      case "TINYINT":
      case "SMALLINT":
      case "BIGINT":
      case "FLOAT":
      case "DATE":
      case "VARIANT":
      case "SYMBOL":
        return { type: t.up, nullable: nn };
      case "NULL":
        return { type: "NULL", nullable: true };
      case "INT":
      case "INTEGER":
        return { type: "INTEGER", nullable: nn };
      case "REAL":
        return { type: "FLOAT", nullable: nn };
      case "DOUBLE":
        this.#acceptWord("PRECISION");
        return { type: "DOUBLE", nullable: nn };
      case "DECIMAL":
      case "DEC":
      case "NUMERIC": {
        let precision = 10;
        let scale = 0;
        if (this.#acceptPunct("(")) {
          precision = this.#range(this.#number(), 1, 38, "decimal precision", pos);
          if (this.#acceptPunct(",")) scale = this.#range(this.#number(), 0, precision, "decimal scale", pos);
          this.#expectPunct(")");
        }
        return { type: "DECIMAL", nullable: nn, precision, scale };
      }
      case "TIME": {
        const p = this.#optParam();
        if (this.#acceptWord("WITHOUT")) {
          this.#expectWord("TIME");
          this.#expectWord("ZONE");
        }
        return { type: "TIME_WITHOUT_TIME_ZONE", nullable: nn, precision: p === undefined ? 0 : this.#range(p, 0, 9, "time precision", pos) };
      }
      case "TIME_WITHOUT_TIME_ZONE": {
        const p = this.#optParam();
        return { type: "TIME_WITHOUT_TIME_ZONE", nullable: nn, precision: p === undefined ? 0 : this.#range(p, 0, 9, "time precision", pos) };
      }
      case "TIMESTAMP": {
        const p = this.#optParam();
        return this.#timestampSuffix(p === undefined ? 6 : this.#range(p, 0, 9, "timestamp precision", pos));
      }
      case "TIMESTAMP_LTZ":
      case "TIMESTAMP_WITH_LOCAL_TIME_ZONE":
      case "TIMESTAMP_WITHOUT_TIME_ZONE":
      case "TIMESTAMP_WITH_TIME_ZONE": {
        const p = this.#optParam();
        const precision = p === undefined ? 6 : this.#range(p, 0, 9, "timestamp precision", pos);
        const type = t.up === "TIMESTAMP_LTZ" ? "TIMESTAMP_WITH_LOCAL_TIME_ZONE" : t.up;
        return { type, nullable: nn, precision };
      }
      case "INTERVAL":
        return this.#interval();
      case "INTERVAL_YEAR_MONTH":
        return { type: "INTERVAL_YEAR_MONTH", nullable: nn, resolution: "YEAR_TO_MONTH", precision: 2 };
      case "INTERVAL_DAY_TIME":
        return { type: "INTERVAL_DAY_TIME", nullable: nn, resolution: "DAY_TO_SECOND", precision: 2, fractionalPrecision: 6 };
      case "ARRAY":
      case "MULTISET": {
        this.#expectPunct("<");
        const elementType = this.type();
        this.#expectPunct(">");
        return { type: t.up, nullable: nn, elementType };
      }
      case "MAP": {
        this.#expectPunct("<");
        const keyType = this.type();
        this.#expectPunct(",");
        const valueType = this.type();
        this.#expectPunct(">");
        return { type: "MAP", nullable: nn, keyType, valueType };
      }
      case "ROW": {
        if (this.#acceptPunct("<")) return { type: "ROW", nullable: nn, fields: this.#rowFields(">") };
        this.#expectPunct("(");
        return { type: "ROW", nullable: nn, fields: this.#rowFields(")") };
      }
      case "RAW": {
        // RAW('class', 'serializer snapshot'), as Flink prints it; the snapshot may be left out.
        this.#expectPunct("(");
        const cls = this.#next();
        if (cls.k !== "string") fail(this.#text, cls.pos, "expected the class name as a string");
        let serializer: string | undefined;
        if (this.#acceptPunct(",")) {
          const snap = this.#next();
          if (snap.k !== "string") fail(this.#text, snap.pos, "expected the serializer snapshot as a string");
          serializer = snap.v;
        }
        this.#expectPunct(")");
        return serializer === undefined
          ? { type: "RAW", nullable: nn, className: cls.v }
          : { type: "RAW", nullable: nn, className: cls.v, serializer };
      }
      case "STRUCTURED": {
        this.#expectPunct("<");
        const cls = this.#next();
        if (cls.k !== "string") fail(this.#text, cls.pos, "expected the class name as a string");
        const fields = this.#acceptPunct(",") ? this.#rowFields(">") : (this.#expectPunct(">"), []);
        return { type: "STRUCTURED_TYPE", nullable: nn, className: cls.v, fields };
      }
      default:
        fail(this.#text, pos, `unknown type ${t.v}`);
    }
  }
}

/**
 * Parses Flink SQL type text.
 *
 * @example
 * ```ts
 * parseTypeText("DECIMAL(10, 2) NOT NULL"); // { type: "DECIMAL", nullable: false, precision: 10, scale: 2 }
 * parseTypeText("ARRAY<ROW<a INT, `b c` STRING>>");
 * ```
 * @throws InterfaceError code `TYPE_TEXT_INVALID` naming the position, for unknown names,
 *   out-of-range parameters and malformed text.
 */
export function parseTypeText(text: string): LogicalType {
  if (typeof text !== "string") throw new InterfaceError("TYPE_TEXT_INVALID", `Type text must be a string, got ${typeof text}`);
  return new Parser(text, tokenize(text)).parseAll();
}
