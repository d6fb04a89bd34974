/**
 * Aggregate functions with retraction (streaming group aggregates receive -U/-D for updating
 * inputs): COUNT, SUM, SUM0, AVG, MIN, MAX, FIRST_VALUE, LAST_VALUE, COLLECT, LISTAGG,
 * ARRAY_AGG, STDDEV/VARIANCE family, BOOL_AND/BOOL_OR; DISTINCT via a counted value set.
 *
 * Result types follow the Apache Flink docs ("System (Built-in) Functions > Aggregate
 * Functions") and LogicalTypeMerging: COUNT is BIGINT NOT NULL; SUM of DECIMAL(p, s) is
 * DECIMAL(38, s), otherwise the argument type; AVG (and STDDEV/VAR, which Flink rewrites into
 * SUM/COUNT arithmetic) of DECIMAL(p, s) is DECIMAL(38, max(6, s)), otherwise the argument type
 * (AVG of INT is INT, integer division); MIN/MAX/FIRST/LAST keep the argument type.
 * Nullability is Calcite's: SUM, AVG, MIN, MAX, FIRST_VALUE, LAST_VALUE, STDDEV_POP, VAR_POP,
 * EVERY/BOOL_AND/BOOL_OR are nullable if the argument is or if the call may see no rows
 * (AggregateCallContext: no grouping key, an OVER window that can be empty, a FILTER clause);
 * COUNT, $SUM0 and COLLECT are NOT NULL; LISTAGG is nullable if an argument is (Flink's
 * ARG0_NULLABLE) or the call may see no rows; the sample variances and ARRAY_AGG are always
 * nullable (NULL over one row / over no rows even in a group). NULL arguments are skipped.
 * MIN/MAX/FIRST_VALUE/LAST_VALUE keep counted multisets so a retraction of the current
 * extreme finds the next one.
 */
import type { LogicalType } from "../../../types/model.ts";
import { avgType, sumType } from "./type-rules.ts";
import type { Accumulator, AggregateCallContext, AggregateFunction, InternalValue } from "./types.ts";
import { T, UNKNOWN_AGGREGATE_CONTEXT, anyNullable, arity, calciteName, isCharacter, isInteger, isNumeric, mayBeEmpty, validation, withNullable } from "./types.ts";
import { Decimal, compareInternal, fitDecimal, toDecimal, toDouble, valueKey, wrapInteger } from "./values.ts";

/** Map key of a value: primitives as themselves (Map compares them by value), objects by valueKey. */
type Key = string | number | bigint | boolean | null;
function keyOf(v: InternalValue): Key {
  return v !== null && typeof v === "object" ? "\u0000" + valueKey(v) : (v as Key);
}

/** Rows accumulated minus rows retracted, for `empty`. */
abstract class Base implements Accumulator {
  protected rows = 0;
  get empty(): boolean {
    return this.rows <= 0;
  }
  add(args: InternalValue[]): void {
    this.rows++;
    this.onAdd(args);
  }
  retract(args: InternalValue[]): void {
    this.rows--;
    this.onRetract(args);
  }
  protected abstract onAdd(args: InternalValue[]): void;
  protected abstract onRetract(args: InternalValue[]): void;
  abstract value(): InternalValue;
}

/**
 * Calcite's "nullable if empty" (ReturnTypes.ARG0_NULLABLE_IF_EMPTY, AGG_SUM,
 * AVG_AGG_FUNCTION): the type as derived from the argument, made nullable when the call may
 * see no rows (`getGroupCount() == 0 || hasFilter()`).
 */
function nullableIfEmpty(t: LogicalType, ctx: AggregateCallContext = UNKNOWN_AGGREGATE_CONTEXT): LogicalType {
  return mayBeEmpty(ctx) ? withNullable(t, true) : t;
}

function requireNumeric(name: string, ts: readonly LogicalType[]): LogicalType {
  arity(name, ts, 1);
  const t = ts[0]!;
  if (!isNumeric(t)) {
    throw validation(`Cannot apply '${name}' to arguments of type '${name}(<${calciteName(t)}>)'. Supported form(s): '${name}(<NUMERIC>)'`);
  }
  return t;
}

// ---------------------------------------------------------------------------------------------
// COUNT

class CountAcc extends Base {
  n = 0;
  constructor(private readonly star: boolean) {
    super();
  }
  protected onAdd(args: InternalValue[]): void {
    if (this.star || args.every((a) => a !== null)) this.n++;
  }
  protected onRetract(args: InternalValue[]): void {
    if (this.star || args.every((a) => a !== null)) this.n--;
  }
  value(): InternalValue {
    return BigInt(this.n);
  }
}

const COUNT: AggregateFunction = {
  name: "COUNT",
  inferType: () => T.bigint(false),
  create: (ts) => new CountAcc(ts.length === 0),
};

// ---------------------------------------------------------------------------------------------
// SUM, SUM0, AVG

/** Running sum of non-null values in the representation of `rt`, with the count of values. */
class SumState {
  n = 0;
  sum: number | bigint | Decimal;
  constructor(readonly rt: LogicalType) {
    this.sum = rt.type === "BIGINT" ? 0n : rt.type === "DECIMAL" ? Decimal.fromUnscaled(0n, rt.scale) : 0;
  }
  update(v: InternalValue, sign: 1 | -1): void {
    if (v === null) return;
    this.n += sign;
    const s = this.sum;
    if (typeof s === "bigint") {
      // Small integer sums stay exact in a double; switch to bigint arithmetic only near 2^53.
      if (typeof v === "number" && this.small !== null) {
        const next = this.small + sign * v;
        if (Number.isSafeInteger(next)) {
          this.small = next;
          return;
        }
        this.sum = (this.sum as bigint) + BigInt(this.small);
        this.small = null;
      }
      const cur = this.sum as bigint;
      this.sum = sign > 0 ? cur + BigInt(v as bigint | number) : cur - BigInt(v as bigint | number);
    } else if (s instanceof Decimal) this.sum = sign > 0 ? s.add(toDecimal(v)) : s.subtract(toDecimal(v));
    else this.sum = s + sign * toDouble(v);
  }
  /** Exact running sum of number-valued integers while it is a safe integer (null once bigint). */
  small: number | null = 0;
  /** The integer sum as bigint (for integer result types). */
  get bigSum(): bigint {
    return this.small !== null ? BigInt(this.small) + (this.sum as bigint) : (this.sum as bigint);
  }
}

class SumAcc extends Base {
  readonly s: SumState;
  constructor(
    private readonly rt: LogicalType,
    private readonly zeroWhenEmpty: boolean,
  ) {
    super();
    this.s = new SumState(rt.type === "TINYINT" || rt.type === "SMALLINT" || rt.type === "INTEGER" ? T.bigint() : rt);
  }
  protected onAdd(args: InternalValue[]): void {
    this.s.update(args[0] ?? null, 1);
  }
  protected onRetract(args: InternalValue[]): void {
    this.s.update(args[0] ?? null, -1);
  }
  value(): InternalValue {
    if (this.s.n === 0 && !this.zeroWhenEmpty) return null;
    const rt = this.rt;
    const sum = this.s.sum;
    switch (rt.type) {
      case "TINYINT":
      case "SMALLINT":
      case "INTEGER":
        // Flink sums in the argument type: overflow wraps like Java.
        return wrapInteger(rt.type, this.s.bigSum) as number;
      case "BIGINT":
        return BigInt.asIntN(64, this.s.bigSum);
      case "FLOAT":
        return Math.fround(sum as number);
      case "DECIMAL":
        return fitDecimal(sum as Decimal, rt.precision, rt.scale);
      default:
        return sum as number;
    }
  }
}

const SUM: AggregateFunction = {
  name: "SUM",
  inferType: (ts, _d, ctx) => nullableIfEmpty(sumType(requireNumeric("SUM", ts)), ctx),
  create: (_ts, rt) => new SumAcc(rt, false),
};

const SUM0: AggregateFunction = {
  name: "$SUM0",
  inferType: (ts) => withNullable(sumType(requireNumeric("$SUM0", ts)), false),
  create: (_ts, rt) => new SumAcc(rt, true),
};

class AvgAcc extends Base {
  readonly s: SumState;
  constructor(
    argType: LogicalType,
    private readonly rt: LogicalType,
  ) {
    super();
    this.s = new SumState(isInteger(argType) ? T.bigint() : argType.type === "DECIMAL" ? T.decimal(38, argType.scale) : T.double());
  }
  protected onAdd(args: InternalValue[]): void {
    this.s.update(args[0] ?? null, 1);
  }
  protected onRetract(args: InternalValue[]): void {
    this.s.update(args[0] ?? null, -1);
  }
  value(): InternalValue {
    const n = this.s.n;
    if (n === 0) return null;
    const sum = this.s.sum;
    const rt = this.rt;
    if (typeof sum === "bigint") {
      const q = this.s.bigSum / BigInt(n); // integer division, as Flink's AVG on integers
      return rt.type === "BIGINT" ? q : Number(q);
    }
    if (sum instanceof Decimal) {
      const scale = rt.type === "DECIMAL" ? rt.scale : 6;
      const r = sum.divide(Decimal.fromUnscaled(BigInt(n), 0), scale);
      return rt.type === "DECIMAL" ? fitDecimal(r, rt.precision, rt.scale) : r;
    }
    const avg = sum / n;
    return rt.type === "FLOAT" ? Math.fround(avg) : avg;
  }
}

const AVG: AggregateFunction = {
  name: "AVG",
  inferType: (ts, _d, ctx) => nullableIfEmpty(avgType(requireNumeric("AVG", ts)), ctx),
  create: (ts, rt) => new AvgAcc(ts[0]!, rt),
};

// ---------------------------------------------------------------------------------------------
// Variance family (computed in double, converted to the AVG-like result type)

type VarKind = "VAR_POP" | "VAR_SAMP" | "STDDEV_POP" | "STDDEV_SAMP";

class VarAcc extends Base {
  n = 0;
  sum = 0;
  sumSq = 0;
  constructor(
    private readonly kind: VarKind,
    private readonly rt: LogicalType,
  ) {
    super();
  }
  protected onAdd(args: InternalValue[]): void {
    const v = args[0] ?? null;
    if (v === null) return;
    const x = toDouble(v);
    this.n++;
    this.sum += x;
    this.sumSq += x * x;
  }
  protected onRetract(args: InternalValue[]): void {
    const v = args[0] ?? null;
    if (v === null) return;
    const x = toDouble(v);
    this.n--;
    this.sum -= x;
    this.sumSq -= x * x;
  }
  value(): InternalValue {
    const n = this.n;
    const samp = this.kind.endsWith("SAMP");
    if (n === 0 || (samp && n === 1)) return null;
    let variance = (this.sumSq - (this.sum * this.sum) / n) / (samp ? n - 1 : n);
    if (variance < 0) variance = 0; // rounding noise
    const r = this.kind.startsWith("STDDEV") ? Math.sqrt(variance) : variance;
    const rt = this.rt;
    if (isInteger(rt)) return rt.type === "BIGINT" ? BigInt(Math.trunc(r)) : Math.trunc(r);
    if (rt.type === "DECIMAL") return fitDecimal(Decimal.fromNumber(r), rt.precision, rt.scale);
    return rt.type === "FLOAT" ? Math.fround(r) : r;
  }
}

function variance(name: string, kind: VarKind): AggregateFunction {
  // Calcite types the whole family with AVG_AGG_FUNCTION. The sample variants are NULL over a
  // single row, so they stay nullable even in a non-empty group (CALCITE-6547 / CALCITE-7656
  // later made Calcite's type say so); a NOT NULL column never carries that NULL.
  const alwaysNullable = kind.endsWith("SAMP");
  return {
    name,
    inferType: (ts, _d, ctx) => {
      const t = nullableIfEmpty(avgType(requireNumeric(name, ts)), ctx);
      return alwaysNullable ? withNullable(t, true) : t;
    },
    create: (_ts, rt) => new VarAcc(kind, rt),
  };
}

// ---------------------------------------------------------------------------------------------
// MIN / MAX (counted multiset with a cached extreme)

class ExtremeAcc extends Base {
  readonly counts = new Map<Key, { v: InternalValue; n: number }>();
  best: InternalValue = null;
  valid = true;
  constructor(private readonly sign: 1 | -1) {
    super();
  }
  protected onAdd(args: InternalValue[]): void {
    const v = args[0] ?? null;
    if (v === null) return;
    const k = keyOf(v);
    const e = this.counts.get(k);
    if (e) e.n++;
    else this.counts.set(k, { v, n: 1 });
    if (this.valid && (this.best === null || this.sign * compareInternal(v, this.best) < 0)) this.best = v;
  }
  protected onRetract(args: InternalValue[]): void {
    const v = args[0] ?? null;
    if (v === null) return;
    const k = keyOf(v);
    const e = this.counts.get(k);
    if (!e) return;
    if (--e.n === 0) {
      this.counts.delete(k);
      if (this.best !== null && keyOf(this.best) === k) this.valid = false;
    }
  }
  value(): InternalValue {
    if (!this.valid) {
      let best: InternalValue = null;
      for (const { v } of this.counts.values()) if (best === null || this.sign * compareInternal(v, best) < 0) best = v;
      this.best = best;
      this.valid = true;
    }
    return this.counts.size === 0 ? null : this.best;
  }
}

function extreme(name: "MIN" | "MAX"): AggregateFunction {
  return {
    name,
    inferType(ts, _d, ctx) {
      arity(name, ts, 1);
      const t = ts[0]!;
      if (t.type === "MAP" || t.type === "MULTISET" || t.type === "ARRAY" || t.type === "ROW") {
        throw validation(`Cannot apply '${name}' to arguments of type '${name}(<${calciteName(t)}>)'. Supported form(s): '${name}(<COMPARABLE_TYPE>)'`);
      }
      // SqlMinMaxAggFunction: ReturnTypes.ARG0_NULLABLE_IF_EMPTY.
      return nullableIfEmpty(t, ctx);
    },
    create: () => new ExtremeAcc(name === "MIN" ? 1 : -1),
  };
}

// ---------------------------------------------------------------------------------------------
// FIRST_VALUE / LAST_VALUE / LISTAGG / ARRAY_AGG / COLLECT: ordered values with retraction

/** Values in arrival order; a retraction removes the latest equal occurrence. */
class OrderedValues {
  readonly items: InternalValue[] = [];
  add(v: InternalValue): void {
    this.items.push(v);
  }
  remove(v: InternalValue): void {
    const k = valueKey(v);
    for (let i = this.items.length - 1; i >= 0; i--) {
      if (valueKey(this.items[i]!) === k) {
        this.items.splice(i, 1);
        return;
      }
    }
  }
}

class FirstLastAcc extends Base {
  readonly vals = new OrderedValues();
  constructor(private readonly last: boolean) {
    super();
  }
  protected onAdd(args: InternalValue[]): void {
    const v = args[0] ?? null;
    if (v !== null) this.vals.add(v);
  }
  protected onRetract(args: InternalValue[]): void {
    const v = args[0] ?? null;
    if (v !== null) this.vals.remove(v);
  }
  value(): InternalValue {
    const it = this.vals.items;
    if (it.length === 0) return null;
    return this.last ? it[it.length - 1]! : it[0]!;
  }
}

function firstLast(name: string, last: boolean): AggregateFunction {
  return {
    name,
    inferType(ts, _d, ctx) {
      arity(name, ts, 1);
      // Flink's SqlFirstLastValueAggFunction: ReturnTypes.ARG0_NULLABLE_IF_EMPTY.
      return nullableIfEmpty(ts[0]!, ctx);
    },
    create: () => new FirstLastAcc(last),
  };
}

class ListAggAcc extends Base {
  readonly vals = new OrderedValues();
  sep = ",";
  protected onAdd(args: InternalValue[]): void {
    const v = args[0] ?? null;
    if (args.length > 1 && typeof args[1] === "string") this.sep = args[1];
    if (v !== null) this.vals.add(v);
  }
  protected onRetract(args: InternalValue[]): void {
    const v = args[0] ?? null;
    if (v !== null) this.vals.remove(v);
  }
  value(): InternalValue {
    return this.vals.items.length === 0 ? null : this.vals.items.join(this.sep);
  }
}

const LISTAGG: AggregateFunction = {
  name: "LISTAGG",
  inferType(ts, _d, ctx = UNKNOWN_AGGREGATE_CONTEXT) {
    arity("LISTAGG", ts, 1, 2);
    for (const t of ts) {
      if (!isCharacter(t) && t.type !== "NULL") {
        throw validation(`Cannot apply 'LISTAGG' to arguments of type 'LISTAGG(${ts.map((x) => `<${calciteName(x)}>`).join(", ")})'. Supported form(s): 'LISTAGG(<STRING>)'\n'LISTAGG(<STRING>, <STRING>)'`);
      }
    }
    // Flink's SqlListAggFunction: ReturnTypes.ARG0_NULLABLE (STRING, nullable if an argument
    // is). Over no rows LISTAGG is NULL, so a call that may see none (no GROUP BY, FILTER) is
    // nullable too: a NOT NULL column must not carry that NULL.
    return T.string(anyNullable(ts) || mayBeEmpty(ctx));
  },
  create: () => new ListAggAcc(),
};

class ArrayAggAcc extends Base {
  readonly vals = new OrderedValues();
  protected onAdd(args: InternalValue[]): void {
    this.vals.add(args[0] ?? null);
  }
  protected onRetract(args: InternalValue[]): void {
    this.vals.remove(args[0] ?? null);
  }
  value(): InternalValue {
    return this.vals.items.length === 0 ? null : this.vals.items.slice();
  }
}

const ARRAY_AGG: AggregateFunction = {
  name: "ARRAY_AGG",
  inferType(ts) {
    arity("ARRAY_AGG", ts, 1);
    return T.array(ts[0]!, true);
  },
  create: () => new ArrayAggAcc(),
};

class CollectAcc extends Base {
  readonly counts = new Map<Key, { v: InternalValue; n: number }>();
  protected onAdd(args: InternalValue[]): void {
    const v = args[0] ?? null;
    if (v === null) return;
    const k = keyOf(v);
    const e = this.counts.get(k);
    if (e) e.n++;
    else this.counts.set(k, { v, n: 1 });
  }
  protected onRetract(args: InternalValue[]): void {
    const v = args[0] ?? null;
    if (v === null) return;
    const k = keyOf(v);
    const e = this.counts.get(k);
    if (e && --e.n === 0) this.counts.delete(k);
  }
  value(): InternalValue {
    const m = new Map<InternalValue, InternalValue>();
    for (const { v, n } of this.counts.values()) m.set(v, n);
    return m;
  }
}

const COLLECT: AggregateFunction = {
  name: "COLLECT",
  inferType(ts) {
    arity("COLLECT", ts, 1);
    return T.multiset(ts[0]!, false);
  },
  create: () => new CollectAcc(),
};

// ---------------------------------------------------------------------------------------------
// BOOL_AND / BOOL_OR

class BoolAcc extends Base {
  t = 0;
  f = 0;
  constructor(private readonly and: boolean) {
    super();
  }
  protected onAdd(args: InternalValue[]): void {
    if (args[0] === true) this.t++;
    else if (args[0] === false) this.f++;
  }
  protected onRetract(args: InternalValue[]): void {
    if (args[0] === true) this.t--;
    else if (args[0] === false) this.f--;
  }
  value(): InternalValue {
    if (this.t + this.f <= 0) return null;
    return this.and ? this.f <= 0 : this.t > 0;
  }
}

function boolAgg(name: string, and: boolean): AggregateFunction {
  return {
    name,
    inferType(ts, _d, ctx) {
      arity(name, ts, 1);
      if (ts[0]!.type !== "BOOLEAN" && ts[0]!.type !== "NULL") {
        throw validation(`Cannot apply '${name}' to arguments of type '${name}(<${calciteName(ts[0]!)}>)'. Supported form(s): '${name}(<BOOLEAN>)'`);
      }
      // Calcite defines EVERY / BOOL_AND / BOOL_OR as SqlMinMaxAggFunction over BOOLEAN:
      // ReturnTypes.ARG0_NULLABLE_IF_EMPTY.
      return nullableIfEmpty(T.boolean(ts[0]!.type === "NULL" || ts[0]!.nullable), ctx);
    },
    create: () => new BoolAcc(and),
  };
}

// ---------------------------------------------------------------------------------------------
// DISTINCT

/** Feeds the inner accumulator the first occurrence of each argument tuple only. */
class DistinctAcc implements Accumulator {
  readonly seen = new Map<Key, number>();
  rows = 0;
  constructor(private readonly inner: Accumulator) {}
  get empty(): boolean {
    return this.rows <= 0;
  }
  add(args: InternalValue[]): void {
    this.rows++;
    const k = args.length === 1 ? keyOf(args[0]!) : args.map(valueKey).join("|");
    const n = this.seen.get(k) ?? 0;
    this.seen.set(k, n + 1);
    if (n === 0) this.inner.add(args);
  }
  retract(args: InternalValue[]): void {
    this.rows--;
    const k = args.length === 1 ? keyOf(args[0]!) : args.map(valueKey).join("|");
    const n = this.seen.get(k) ?? 0;
    if (n <= 1) {
      this.seen.delete(k);
      if (n === 1) this.inner.retract(args);
    } else this.seen.set(k, n - 1);
  }
  value(): InternalValue {
    return this.inner.value();
  }
}

/** `f` with DISTINCT support: each distinct argument tuple is accumulated once. */
export function withDistinct(f: AggregateFunction): AggregateFunction {
  return {
    name: f.name,
    inferType: (ts, distinct, ctx) => f.inferType(ts, distinct, ctx),
    create: (ts, rt, distinct) => (distinct ? new DistinctAcc(f.create(ts, rt, false)) : f.create(ts, rt, false)),
  };
}

export const aggregateFunctions: AggregateFunction[] = [
  COUNT,
  SUM,
  SUM0,
  { ...SUM0, name: "SUM0" },
  AVG,
  extreme("MIN"),
  extreme("MAX"),
  firstLast("FIRST_VALUE", false),
  firstLast("LAST_VALUE", true),
  LISTAGG,
  ARRAY_AGG,
  COLLECT,
  variance("VAR_POP", "VAR_POP"),
  variance("VAR_SAMP", "VAR_SAMP"),
  variance("VARIANCE", "VAR_SAMP"),
  variance("STDDEV_POP", "STDDEV_POP"),
  variance("STDDEV_SAMP", "STDDEV_SAMP"),
  variance("STDDEV", "STDDEV_SAMP"),
  boolAgg("BOOL_AND", true),
  boolAgg("BOOL_OR", false),
  boolAgg("EVERY", true),
].map(withDistinct);
