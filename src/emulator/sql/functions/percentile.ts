/**
 * PERCENTILE(expr, percentage [, frequency]) (Confluent Cloud docs "Numeric Functions"; Flink's
 * BuiltInFunctionDefinitions.PERCENTILE, PercentageArgumentTypeStrategy and
 * PercentileAggFunction, FLINK-36123): the exact percentile of a continuous distribution, by
 * linear interpolation between the two nearest values (Spark's / Hive's `percentile`).
 *
 * - `expr` is NUMERIC; `percentage` a NUMERIC NOT NULL in [0.0, 1.0] or an ARRAY<NUMERIC NOT NULL>
 *   NOT NULL of them; `frequency` (default 1) an integer weight. Anything else fails validation
 *   with Flink's "Invalid input arguments" message listing both signatures. A literal percentage
 *   out of range fails validation the same way (the planner hands literal values in through
 *   AggregateCallContext.literals; an ARRAY[...] constructor is not a literal for Calcite); a
 *   computed one fails the job with IllegalArgumentException "Percentage of PERCENTILE should be
 *   between [0.0, 1.0], but was '%s'." when the first row arrives (Flink checks it once).
 * - The result is DOUBLE, or ARRAY<DOUBLE> for an array of percentages, always nullable
 *   (SpecificTypeStrategies.PERCENTILE): NULL over no (non-NULL) values and for an empty array.
 * - NULL values are skipped, and so are rows whose frequency is NULL or <= 0.
 * - Retraction is supported (Flink's function has retract methods): values are counted in a
 *   map, a retraction subtracts its frequency.
 * - Position of percentage p over n counted values: p * (n - 1) + 1 (1-based); between two
 *   different neighbours the result is (higher - pos) * lower value + (pos - lower) * higher
 *   value, computed in double in that order, so results match Flink to the last bit.
 */
import type { LogicalType } from "../../../types/model.ts";
import { formatType } from "../../../types/format-type.ts";
import { formatJavaDouble } from "../../../types/text-values.ts";
import type { Accumulator, AggregateCallContext, AggregateFunction, InternalValue } from "./types.ts";
import { SqlRuntimeError, T, isInteger, isNumeric, validation, withNullable } from "./types.ts";
import { toDouble } from "./values.ts";
import { withDistinct } from "./aggregates.ts";

const PERCENTAGE = "percentage [<NUMERIC NOT NULL> | ARRAY<NUMERIC NOT NULL> NOT NULL]";
const SIGNATURES = [`PERCENTILE(expr <NUMERIC>, ${PERCENTAGE})`, `PERCENTILE(expr <NUMERIC>, ${PERCENTAGE}, frequency <INTEGER_NUMERIC>)`];

function invalidInput() {
  return validation(`Invalid input arguments. Expected signatures are:\n${SIGNATURES.join("\n")}`);
}

function inRange(p: number): boolean {
  return p >= 0 && p <= 1;
}

/** PercentageArgumentTypeStrategy / PercentageArrayArgumentTypeStrategy with nullability NOT NULL. */
function checkPercentage(t: LogicalType, literal: unknown): void {
  if (t.type === "ARRAY") {
    if (t.nullable || !isNumeric(t.elementType) || t.elementType.nullable) throw invalidInput();
    if (Array.isArray(literal) && !literal.every((v) => v !== null && inRange(toDouble(v as InternalValue)))) throw invalidInput();
    return;
  }
  if (!isNumeric(t) || t.nullable) throw invalidInput();
  if (literal !== undefined && (literal === null || !inRange(toDouble(literal as InternalValue)))) throw invalidInput();
}

function inferType(ts: readonly LogicalType[], _distinct: boolean, ctx?: AggregateCallContext): LogicalType {
  if (ts.length < 2 || ts.length > 3) {
    // Calcite filters the routines by operand count before Flink's type inference runs.
    throw validation(`No match found for function signature PERCENTILE(${ts.map((t) => `<${formatType(withNullable(t, true))}>`).join(", ")})`);
  }
  if (!isNumeric(ts[0]!)) throw invalidInput();
  checkPercentage(ts[1]!, ctx?.literals?.[1]);
  if (ts.length === 3 && !isInteger(ts[2]!)) throw invalidInput();
  return ts[1]!.type === "ARRAY" ? T.array(T.double(), true) : T.double();
}

/** Java's Double.compare order: -0.0 before 0.0, NaN last. */
function compareDouble(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  const an = a !== a;
  const bn = b !== b;
  if (an || bn) return an === bn ? 0 : an ? 1 : -1;
  const az = Object.is(a, -0);
  const bz = Object.is(b, -0);
  return az === bz ? 0 : az ? -1 : 1;
}

function outOfRange(p: number): SqlRuntimeError {
  return new SqlRuntimeError(`Percentage of PERCENTILE should be between [0.0, 1.0], but was '${formatJavaDouble(p)}'.`, "java.lang.IllegalArgumentException");
}

class PercentileAcc implements Accumulator {
  /** Value (keyed apart for -0.0, which Java's Double map keys distinguish) -> count. */
  readonly counts = new Map<number | string, { v: number; n: number }>();
  percentages: number[] | null = null;
  rows = 0;
  constructor(
    private readonly multi: boolean,
    private readonly weighted: boolean,
  ) {}
  get empty(): boolean {
    return this.rows <= 0;
  }
  add(args: InternalValue[]): void {
    this.rows++;
    if (this.percentages === null) this.percentages = this.readPercentages(args[1] ?? null);
    this.update(args, 1);
  }
  retract(args: InternalValue[]): void {
    this.rows--;
    this.update(args, -1);
  }
  private readPercentages(p: InternalValue): number[] {
    const list = this.multi ? (p as InternalValue[]).map((x) => toDouble(x)) : [toDouble(p)];
    for (const x of list) if (!inRange(x)) throw outOfRange(x);
    return list;
  }
  private update(args: InternalValue[], sign: 1 | -1): void {
    let freq = 1;
    if (this.weighted) {
      const f = args[2] ?? null;
      if (f === null) return;
      freq = Number(f);
      if (freq <= 0) return;
    }
    const raw = args[0] ?? null;
    if (raw === null) return;
    const v = toDouble(raw);
    const key = Object.is(v, -0) ? "-0" : v;
    const e = this.counts.get(key);
    const n = (e?.n ?? 0) + sign * freq;
    if (n !== 0) this.counts.set(key, { v, n });
    else this.counts.delete(key);
  }
  value(): InternalValue {
    const ps = this.percentages;
    if (ps === null || (this.multi && ps.length === 0)) return null;
    const r = this.percentiles(ps);
    if (r === null) return null;
    return this.multi ? r : r[0]!;
  }
  private percentiles(ps: readonly number[]): number[] | null {
    const sorted = [...this.counts.values()];
    let total = 0;
    for (const e of sorted) total += e.n;
    if (total <= 0) return null;
    sorted.sort((a, b) => compareDouble(a.v, b.v));
    const order = ps.map((p, i) => ({ pos: p * (total - 1) + 1, i })).sort((a, b) => a.pos - b.pos);
    const out = new Array<number>(ps.length);
    let j = 0;
    let cumulative = sorted[0]!.n;
    for (const { pos, i } of order) {
      const lower = Math.floor(pos);
      const higher = Math.ceil(pos);
      while (cumulative < lower) cumulative += sorted[++j]!.n;
      out[i] = cumulative >= higher ? sorted[j]!.v : (higher - pos) * sorted[j]!.v + (pos - lower) * sorted[j + 1]!.v;
    }
    return out;
  }
}

const PERCENTILE: AggregateFunction = {
  name: "PERCENTILE",
  inferType,
  create: (ts) => new PercentileAcc(ts[1]!.type === "ARRAY", ts.length === 3),
};

export const percentileFunctions: AggregateFunction[] = [withDistinct(PERCENTILE)];
