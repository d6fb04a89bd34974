/**
 * A small, independent parser for the Flink SQL literal forms that src/types/params.ts emits,
 * used by the property tests to check that every rendered literal reads back as the value it
 * came from (and is exactly one expression: nothing can leak out of a string).
 *
 * Scalar texts inside typed literals are read back with the type module (parseDate,
 * parseTimestamp, Decimal.parse, ...), so the test also pins render/parse agreement.
 */
import { Decimal } from "../../../../src/types/decimal.ts";
import { DayTimeInterval, YearMonthInterval } from "../../../../src/types/interval.ts";
import type { LogicalType } from "../../../../src/types/model.ts";
import { parseDate, parseTime, parseTimestamp, Timestamp } from "../../../../src/types/temporal.ts";
import { parseBinaryText, parseDayTimeText, parseYearMonthText } from "../../../../src/types/text-values.ts";
import { parseTypeText } from "../../../../src/types/type-text.ts";

type Tok = { k: "str" | "word" | "num" | "punct" | "hex"; v: string };

function tokenize(sql: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === " ") { i++; continue; }
    if ((c === "x" || c === "X") && sql[i + 1] === "'") {
      const end = sql.indexOf("'", i + 2);
      out.push({ k: "hex", v: sql.slice(i, end + 1) });
      i = end + 1;
      continue;
    }
    if (c === "'") {
      let v = "";
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) throw new Error("unterminated string");
        if (sql[j] === "'") {
          if (sql[j + 1] === "'") { v += "'"; j += 2; continue; }
          break;
        }
        v += sql[j];
        j++;
      }
      out.push({ k: "str", v });
      i = j + 1;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      let j = i;
      while (j < sql.length && /[A-Za-z0-9_$]/.test(sql[j]!)) j++;
      out.push({ k: "word", v: sql.slice(i, j) });
      i = j;
      continue;
    }
    if (/[0-9]/.test(c)) {
      const m = /^\d+(?:\.\d+)?(?:E-?\d+)?/.exec(sql.slice(i))!;
      out.push({ k: "num", v: m[0] });
      i += m[0].length;
      continue;
    }
    if ("()[],<>-".includes(c)) { out.push({ k: "punct", v: c }); i++; continue; }
    throw new Error(`unexpected ${JSON.stringify(c)} in ${sql}`);
  }
  return out;
}

export type Parsed =
  | null | boolean | number | bigint | string | Uint8Array | Date | Decimal | Timestamp
  | { date: number } | { time: number; precision: number } | YearMonthInterval | DayTimeInterval
  | { typedNull: LogicalType } | Parsed[] | Map<Parsed, Parsed> | { row: Parsed[] };

class P {
  i = 0;
  constructor(readonly toks: Tok[], readonly text: string) {}
  peek(): Tok | undefined { return this.toks[this.i]; }
  next(): Tok {
    const t = this.toks[this.i++];
    if (t === undefined) throw new Error(`unexpected end of ${this.text}`);
    return t;
  }
  expect(v: string): void {
    const t = this.next();
    if (t.v !== v || t.k === "str") throw new Error(`expected ${v}, got ${t.v} in ${this.text}`);
  }
  /** Collects type text up to the closing parenthesis of a CAST. */
  typeText(): string {
    let depth = 0;
    const parts: string[] = [];
    for (;;) {
      const t = this.peek();
      if (t === undefined) throw new Error("unterminated type");
      if (t.v === ")" && t.k === "punct" && depth === 0) break;
      if (t.k === "punct" && (t.v === "(" || t.v === "<")) depth++;
      if (t.k === "punct" && (t.v === ")" || t.v === ">")) depth--;
      parts.push(t.k === "str" ? `'${t.v.replace(/'/g, "''")}'` : t.v);
      this.i++;
    }
    return parts.join(" ").replace(/ \( /g, "(").replace(/ \)/g, ")").replace(/ ,/g, ",");
  }
  list(close: string): Parsed[] {
    const out: Parsed[] = [];
    if (this.peek()?.v === close) { this.i++; return out; }
    for (;;) {
      out.push(this.expr());
      const t = this.next();
      if (t.v === close) return out;
      if (t.v !== ",") throw new Error(`expected , or ${close}`);
    }
  }
  expr(): Parsed {
    const t = this.next();
    switch (t.k) {
      case "str": return t.v;
      case "hex": return parseBinaryText(t.v)!;
      case "num": return t.v.includes("E") ? Number(t.v) : Number.isSafeInteger(Number(t.v)) ? Number(t.v) : BigInt(t.v);
      case "punct":
        if (t.v === "-") {
          const v = this.expr();
          return typeof v === "bigint" ? -v : -(v as number);
        }
        if (t.v === "(") {
          this.expect("-");
          const v = this.expr();
          this.expect(")");
          return typeof v === "bigint" ? -v : -(v as number);
        }
        throw new Error(`unexpected ${t.v}`);
      case "word": break;
    }
    switch (t.v) {
      case "TRUE": return true;
      case "FALSE": return false;
      case "NULL": return null;
      case "DATE": return { date: parseDate(this.next().v) };
      case "TIME": {
        const s = this.next().v;
        const dot = s.indexOf(".");
        return { time: parseTime(s), precision: dot < 0 ? 0 : s.length - dot - 1 };
      }
      case "TIMESTAMP": return parseTimestamp(this.next().v);
      case "INTERVAL": {
        const body = this.next().v;
        const unit = this.next().v;
        if (this.peek()?.v === "(") { this.i++; this.next(); this.expect(")"); }
        this.expect("TO");
        const to = this.next().v;
        if (this.peek()?.v === "(") { this.i++; this.next(); this.expect(")"); }
        if (unit === "YEAR" && to === "MONTH") {
          return YearMonthInterval.ofMonths(parseYearMonthText(body)!);
        }
        if (unit === "DAY" && to === "SECOND") return new DayTimeInterval(parseDayTimeText(body)!);
        throw new Error(`interval ${unit} TO ${to}`);
      }
      case "TO_TIMESTAMP_LTZ": {
        this.expect("(");
        const ms = this.expr() as number;
        this.expect(",");
        this.expect("3");
        this.expect(")");
        return new Date(ms);
      }
      case "CAST": {
        this.expect("(");
        const v = this.expr();
        this.expect("AS");
        const type = parseTypeText(this.typeText());
        this.expect(")");
        if (v === null) return { typedNull: type };
        if (type.type === "DECIMAL") return Decimal.parse(v as string);
        if (type.type === "DOUBLE" && typeof v === "string") return Number(v);
        if (type.type === "BIGINT") return BigInt(v as number | bigint);
        return v;
      }
      case "ARRAY": {
        this.expect("[");
        return this.list("]").map((x) => (isTypedNull(x) ? null : x));
      }
      case "ARRAY_REMOVE": {
        this.expect("(");
        this.expr();
        this.expect(",");
        this.expr();
        this.expect(")");
        return [];
      }
      case "MAP_FROM_ARRAYS": {
        this.expect("(");
        this.expr();
        this.expect(",");
        this.expr();
        this.expect(")");
        return new Map();
      }
      case "MAP": {
        this.expect("[");
        const flat = this.list("]").map((x) => (isTypedNull(x) ? null : x));
        const m = new Map<Parsed, Parsed>();
        for (let k = 0; k < flat.length; k += 2) m.set(flat[k]!, flat[k + 1]!);
        return m;
      }
      case "ROW": {
        this.expect("(");
        return { row: this.list(")") };
      }
    }
    throw new Error(`unknown word ${t.v} in ${this.text}`);
  }
}

function isTypedNull(x: Parsed): boolean {
  return typeof x === "object" && x !== null && "typedNull" in x;
}

/** Parses exactly one literal; throws if anything is left over. */
export function parseLiteral(sql: string): Parsed {
  const p = new P(tokenize(sql), sql);
  const v = p.expr();
  if (p.i !== p.toks.length) throw new Error(`trailing tokens after literal in ${sql}`);
  return v;
}
