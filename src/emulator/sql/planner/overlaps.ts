/**
 * `(timepoint1, temporal1) OVERLAPS (timepoint2, temporal2)` (Flink docs, "Temporal Functions";
 * Confluent "Datetime Functions"), compiled the way Calcite's StandardConvertletTable
 * convertOverlaps (which Flink uses) expands it: a temporal that is an interval becomes
 * `timepoint + interval`; each period's ends are ordered (`CASE WHEN p <= t THEN p ELSE t END`
 * and the converse); the result is `e0 >= s1 AND e1 >= s0` with SQL's three-valued logic, so
 * periods are closed (touching ends overlap) and a NULL end gives NULL unless the other
 * comparison is FALSE.
 */
import type * as ast from "../syntax/ast.ts";
import type { CExpr, ExprCompiler } from "./expr.ts";
import { validationError } from "./scope.ts";
import { T, leastRestrictive, typeName } from "./types.ts";
import type { LogicalType } from "../../../types/model.ts";

const FORMS = [
  "'(<DATETIME>, <DATETIME>) OVERLAPS (<DATETIME>, <DATETIME>)'",
  "'(<DATETIME>, <DATETIME>) OVERLAPS (<DATETIME>, <INTERVAL>)'",
  "'(<DATETIME>, <INTERVAL>) OVERLAPS (<DATETIME>, <DATETIME>)'",
  "'(<DATETIME>, <INTERVAL>) OVERLAPS (<DATETIME>, <INTERVAL>)'",
].join("\n");

function isDatetime(t: LogicalType): boolean {
  return t.type === "DATE" || t.type === "TIME_WITHOUT_TIME_ZONE" || t.type === "TIMESTAMP_WITHOUT_TIME_ZONE" || t.type === "TIMESTAMP_WITH_LOCAL_TIME_ZONE";
}

function isInterval(t: LogicalType): boolean {
  return t.type === "INTERVAL_DAY_TIME" || t.type === "INTERVAL_YEAR_MONTH";
}

function truth(v: unknown): boolean | null {
  return v === null || v === undefined ? null : (v as boolean);
}

export function compileOverlaps(c: ExprCompiler, e: ast.OverlapsExpr): CExpr {
  const sides = [e.left, e.right].map((s) => (s.kind === "RowConstructor" && s.fields.length === 2 ? s.fields.map((f) => c.compile(f)) : null));
  const describe = (): string =>
    [e.left, e.right]
      .map((s, i) => {
        const cs = sides[i];
        return cs ? `(${cs.map((x) => `<${typeName(x.type, false)}>`).join(", ")})` : `<${s.kind === "RowConstructor" ? "ROW" : typeName(c.compile(s).type, false)}>`;
      })
      .join(" OVERLAPS ");
  const fail = () => validationError(e, `Cannot apply 'OVERLAPS' to arguments of type '${describe()}'. Supported form(s): ${FORMS}`);
  const [l, r] = sides;
  if (!l || !r) throw fail();
  const start = [l[0]!, r[0]!];
  const other = [l[1]!, r[1]!];
  for (let i = 0; i < 2; i++) {
    const s = start[i]!.type;
    const t = other[i]!.type;
    if (!isDatetime(s) || (!isDatetime(t) && !isInterval(t)) || (isDatetime(t) && t.type !== s.type)) throw fail();
  }
  if (start[0]!.type.type !== start[1]!.type.type) throw fail();
  // Each period as ordered (start, end) over one common type.
  const periods = [0, 1].map((i) => {
    const p = start[i]!;
    const t = isInterval(other[i]!.type) ? c.callCompiled("+", [p, other[i]!], e) : other[i]!;
    const le = c.callCompiled("<=", [p, t], e).fn;
    const type = leastRestrictive([p.type, t.type], "OVERLAPS");
    const pc = c.coerce(p, type).fn;
    const tc = c.coerce(t, type).fn;
    const refs = new Set([...p.refs, ...t.refs]);
    const constant = p.constant && t.constant;
    const lo: CExpr = { type, fn: (row) => (le(row) === true ? pc(row) : tc(row)), refs, constant };
    const hi: CExpr = { type, fn: (row) => (le(row) === true ? tc(row) : pc(row)), refs, constant };
    return { lo, hi };
  });
  const a = c.callCompiled(">=", [periods[0]!.hi, periods[1]!.lo], e);
  const b = c.callCompiled(">=", [periods[1]!.hi, periods[0]!.lo], e);
  const af = a.fn;
  const bf = b.fn;
  return {
    type: T.boolean(a.type.nullable || b.type.nullable),
    fn: (row) => {
      const x = truth(af(row));
      if (x === false) return false;
      const y = truth(bf(row));
      if (y === false) return false;
      return x === null || y === null ? null : true;
    },
    refs: new Set([...a.refs, ...b.refs]),
    constant: a.constant && b.constant,
  };
}
