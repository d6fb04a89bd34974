/**
 * A deliberately small FunctionsApi (comparisons, arithmetic on INT/BIGINT/DOUBLE/DECIMAL,
 * COUNT/SUM/MIN/MAX/AVG, identity casts) used only when the functions registry is not
 * available, so the planner and executor can be tested on their own. The real rules (DECIMAL
 * precision, overflow, every function) live in ../functions/registry.ts.
 */
import { EngineError } from "../../engine.ts";
import { Decimal } from "../../../types/decimal.ts";
import type { LogicalType } from "../../../types/model.ts";
import { compareValues } from "../runtime/values.ts";
import type { AccumulatorLike } from "../runtime/aggregate.ts";
import type { AggregateFunctionLike, FunctionsApi, ScalarFunctionLike } from "./functions-api.ts";
import { T, isNumeric, leastRestrictive, typeName, withNullable } from "./types.ts";

function anyNullable(ts: readonly LogicalType[]): boolean {
  return ts.some((t) => t.nullable);
}

function toDec(v: unknown): Decimal {
  if (v instanceof Decimal) return v;
  if (typeof v === "bigint") return Decimal.fromUnscaled(v, 0);
  return Decimal.fromNumber(v as number);
}

function cmp(name: string, test: (c: number) => boolean): ScalarFunctionLike {
  return {
    name,
    inferType(ts) {
      leastRestrictive(ts, name);
      return T.boolean(anyNullable(ts));
    },
    compile() {
      return (a) => (a[0] === null || a[1] === null ? null : test(compareValues(normal(a[0]), normal(a[1]))));
    },
  };
}

function normal(v: unknown): unknown {
  if (v instanceof Decimal) return v.toNumber();
  return v;
}

function arith(name: string, op: (a: number, b: number) => number, big: (a: bigint, b: bigint) => bigint, dec: (a: Decimal, b: Decimal) => Decimal): ScalarFunctionLike {
  return {
    name,
    inferType(ts) {
      if (!ts.every((t) => isNumeric(t) || t.type === "NULL")) throw new EngineError(`Cannot apply '${name}' to arguments of type ${ts.map((t) => typeName(t)).join(", ")}`);
      return withNullable(leastRestrictive(ts, name), anyNullable(ts));
    },
    compile(_ts, rt) {
      return (a) => {
        if (a[0] === null || a[1] === null) return null;
        if (rt.type === "BIGINT") return big(BigInt(a[0] as bigint), BigInt(a[1] as bigint));
        if (rt.type === "DECIMAL") return dec(toDec(a[0]), toDec(a[1])).rescale(rt.scale);
        const r = op(Number(normal(a[0])), Number(normal(a[1])));
        return rt.type === "DOUBLE" || rt.type === "FLOAT" ? r : Math.trunc(r);
      };
    },
  };
}

const scalars: ScalarFunctionLike[] = [
  cmp("=", (c) => c === 0),
  cmp("<>", (c) => c !== 0),
  cmp("<", (c) => c < 0),
  cmp("<=", (c) => c <= 0),
  cmp(">", (c) => c > 0),
  cmp(">=", (c) => c >= 0),
  arith("+", (a, b) => a + b, (a, b) => a + b, (a, b) => a.add(b)),
  arith("-", (a, b) => a - b, (a, b) => a - b, (a, b) => a.subtract(b)),
  arith("*", (a, b) => a * b, (a, b) => a * b, (a, b) => a.multiply(b)),
  arith("/", (a, b) => a / b, (a, b) => a / b, (a, b) => a.divide(b, 6)),
  arith("%", (a, b) => a % b, (a, b) => a % b, (a) => a),
  {
    name: "NEG",
    inferType: (ts) => ts[0]!,
    compile: () => (a) => (a[0] === null ? null : typeof a[0] === "bigint" ? -a[0] : a[0] instanceof Decimal ? a[0].negate() : -(a[0] as number)),
  },
  {
    name: "||",
    inferType: (ts) => T.string(anyNullable(ts)),
    compile: () => (a) => (a[0] === null || a[1] === null ? null : String(a[0]) + String(a[1])),
  },
  {
    name: "UPPER",
    inferType: (ts) => T.string(anyNullable(ts)),
    compile: () => (a) => (a[0] === null ? null : String(a[0]).toUpperCase()),
  },
];

function acc(init: () => { add(v: unknown): void; retract(v: unknown): void; value(): unknown }, countStar: boolean): AccumulatorLike {
  const s = init();
  return {
    add(args) {
      if (!countStar && (args[0] === null || args[0] === undefined)) return;
      s.add(args[0]);
    },
    retract(args) {
      if (!countStar && (args[0] === null || args[0] === undefined)) return;
      s.retract(args[0]);
    },
    value: () => s.value(),
  };
}

function numericSum(rt: LogicalType) {
  let n = 0;
  let sum: number | bigint | Decimal = rt.type === "BIGINT" ? 0n : rt.type === "DECIMAL" ? Decimal.fromUnscaled(0n, rt.scale) : 0;
  const addv = (v: unknown, sign: 1 | -1) => {
    n += sign;
    if (typeof sum === "bigint") sum += BigInt(v as bigint) * BigInt(sign);
    else if (sum instanceof Decimal) sum = sign > 0 ? sum.add(toDec(v)) : sum.subtract(toDec(v));
    else sum += Number(v) * sign;
  };
  return {
    add: (v: unknown) => addv(v, 1),
    retract: (v: unknown) => addv(v, -1),
    count: () => n,
    sum: () => sum,
  };
}

const aggregates: AggregateFunctionLike[] = [
  {
    name: "COUNT",
    inferType: () => T.bigint(false),
    create(ts) {
      let n = 0n;
      return acc(() => ({ add: () => void n++, retract: () => void n--, value: () => n }), ts.length === 0);
    },
  },
  {
    name: "SUM",
    inferType: (ts) => {
      const t = ts[0]!;
      if (t.type === "DECIMAL") return T.decimal(38, t.scale);
      if (t.type === "INTEGER" || t.type === "SMALLINT" || t.type === "TINYINT") return T.int();
      return withNullable(t, true);
    },
    create(_ts, rt) {
      const s = numericSum(rt);
      return acc(() => ({ add: s.add, retract: s.retract, value: () => (s.count() === 0 ? null : s.sum()) }), false);
    },
  },
  {
    name: "AVG",
    inferType: (ts) => withNullable(ts[0]!, true),
    create(_ts, rt) {
      const s = numericSum(rt.type === "DECIMAL" ? rt : rt.type === "DOUBLE" || rt.type === "FLOAT" ? T.double() : T.bigint());
      return acc(() => ({
        add: s.add,
        retract: s.retract,
        value: () => {
          if (s.count() === 0) return null;
          const sum = s.sum();
          if (sum instanceof Decimal) return sum.divide(Decimal.fromUnscaled(BigInt(s.count()), 0), (rt as { scale: number }).scale);
          if (typeof sum === "bigint") {
            const q = sum / BigInt(s.count());
            return rt.type === "BIGINT" ? q : Number(q);
          }
          return sum / s.count();
        },
      }), false);
    },
  },
  ...(["MIN", "MAX"] as const).map((name): AggregateFunctionLike => ({
    name,
    inferType: (ts) => withNullable(ts[0]!, true),
    create() {
      const vals: unknown[] = [];
      return acc(() => ({
        add: (v) => void vals.push(v),
        retract: (v) => {
          const i = vals.findIndex((x) => compareValues(x, v) === 0);
          if (i >= 0) vals.splice(i, 1);
        },
        value: () => {
          if (vals.length === 0) return null;
          let best = vals[0];
          for (const v of vals) if (name === "MIN" ? compareValues(v, best) < 0 : compareValues(v, best) > 0) best = v;
          return best;
        },
      }), false);
    },
  })),
];

/** DISTINCT: feed the inner accumulator only the first occurrence of each value. */
function distinctOf(inner: AccumulatorLike): AccumulatorLike {
  const seen = new Map<string, number>();
  const key = (a: unknown[]) => a.map((v) => (typeof v === "bigint" ? `${v}n` : JSON.stringify(v))).join("|");
  return {
    add(a) {
      const k = key(a);
      const n = seen.get(k) ?? 0;
      seen.set(k, n + 1);
      if (n === 0) inner.add(a);
    },
    retract(a) {
      const k = key(a);
      const n = seen.get(k) ?? 0;
      if (n <= 1) {
        seen.delete(k);
        if (n === 1) inner.retract(a);
      } else seen.set(k, n - 1);
    },
    value: () => inner.value(),
  };
}

export const fallbackFunctions: FunctionsApi = {
  lookupScalar: (n) => scalars.find((f) => f.name === n),
  lookupAggregate: (n) => {
    const f = aggregates.find((x) => x.name === n);
    if (!f) return undefined;
    return { ...f, create: (ts, rt, distinct) => (distinct ? distinctOf(f.create(ts, rt, false)) : f.create(ts, rt, false)) };
  },
  cast(from, to) {
    return (v) => {
      if (to.type === "VARCHAR" || to.type === "CHAR") return String(normal(v));
      if (to.type === "DOUBLE" || to.type === "FLOAT") return Number(normal(v));
      if (to.type === "BIGINT") return BigInt(Math.trunc(Number(normal(v))));
      if (to.type === "INTEGER" || to.type === "SMALLINT" || to.type === "TINYINT") return Math.trunc(Number(normal(v)));
      if (to.type === "DECIMAL") return toDec(v).rescale(to.scale);
      if (from.type === to.type) return v;
      throw new EngineError(`Cast from ${typeName(from)} to ${typeName(to)} is not supported by the fallback functions.`);
    };
  },
  listFunctions: () => [...scalars.map((s) => s.name), ...aggregates.map((a) => a.name)],
};
