/**
 * Numeric functions (Apache Flink docs, "System (Built-in) Functions > Arithmetic Functions"):
 * ABS, MOD, ROUND, TRUNCATE, FLOOR, CEIL/CEILING (numeric forms; the `TO unit` forms are in
 * ./temporal.ts and dispatched from here), POWER/POW, SQRT, EXP, LN, LOG10, LOG2, LOG, SIGN,
 * RAND, RAND_INTEGER, PI, E, trigonometry, DEGREES, RADIANS, BIN, HEX, UNHEX (Confluent docs,
 * "Numeric Functions"; Flink's UnhexFunction: STRING -> nullable BYTES, NULL on a non-hex digit,
 * an odd length drops the first digit and leaves a zero byte in front).
 *
 * Types: ABS/SIGN keep the argument type; ROUND/TRUNCATE of DECIMAL(p, s) to r digits follow
 * Flink's findRoundDecimalType, FLOOR/CEIL of DECIMAL(p, s) give DECIMAL(p - s + 1, 0) (or
 * p when s = 0); MOD follows the `%` operator; the transcendental functions return DOUBLE.
 * ROUND is HALF_UP (Java BigDecimal), also for doubles.
 */
import type { LogicalType } from "../../../types/model.ts";
import { lenient, strict } from "./define.ts";
import { lookupTemporalFloorCeil } from "./temporal.ts";
import { roundDecimal } from "./type-rules.ts";
import { inferArithmetic, modOperator } from "./operators.ts";
import type { InternalValue, ScalarFunction } from "./types.ts";
import { SqlRuntimeError, T, arity, cannotApplyCall, isApprox, isCharacter, isInteger, isNumeric } from "./types.ts";
import { Decimal, toDouble, wrapInteger } from "./values.ts";
import { JavaRandom } from "./java-random.ts";

function requireNumeric(name: string, ts: readonly LogicalType[], positions: readonly number[]): void {
  for (const i of positions) {
    const t = ts[i];
    if (t !== undefined && !isNumeric(t) && t.type !== "NULL") throw cannotApplyCall(name, ts, `'${name}(<NUMERIC>)'`);
  }
}

function double1(name: string, f: (x: number) => number): ScalarFunction {
  return strict({
    name,
    infer(ts) {
      arity(name, ts, 1);
      requireNumeric(name, ts, [0]);
      return T.double(false);
    },
    make: () => (a) => f(toDouble(a[0]!)),
  });
}

function double2(name: string, f: (x: number, y: number) => number): ScalarFunction {
  return strict({
    name,
    infer(ts) {
      arity(name, ts, 2);
      requireNumeric(name, ts, [0, 1]);
      return T.double(false);
    },
    make: () => (a) => f(toDouble(a[0]!), toDouble(a[1]!)),
  });
}

/** HALF_UP (or DOWN) rounding of a double to `d` decimal places via its exact decimal text (as BigDecimal). */
function roundDouble(x: number, d: number, mode: "HALF_UP" | "DOWN"): number {
  if (!Number.isFinite(x)) return x;
  return roundDecimalValue(Decimal.fromNumber(x), d, mode, Math.max(0, d)).toNumber();
}

function roundDecimalValue(d: Decimal, r: number, mode: "HALF_UP" | "DOWN", resultScale: number): Decimal {
  if (r >= d.scale) return d.rescale(resultScale);
  if (r >= 0) return d.rescale(r, mode).rescale(resultScale);
  const big = 10n ** BigInt(-r);
  const whole = d.rescale(0, "DOWN").unscaled;
  let q = (whole / big) * big;
  if (mode === "HALF_UP") {
    const rem = d.subtract(Decimal.fromUnscaled(q, 0)).abs();
    if (rem.multiply(Decimal.fromUnscaled(2n, 0)).compare(Decimal.fromUnscaled(big, 0)) >= 0) q += d.signum < 0 ? -big : big;
  }
  return Decimal.fromUnscaled(q, 0).rescale(resultScale);
}

function roundInteger(v: number | bigint, r: number, mode: "HALF_UP" | "DOWN"): bigint {
  const b = BigInt(v);
  if (r >= 0) return b;
  const big = 10n ** BigInt(-r);
  let q = (b / big) * big;
  if (mode === "HALF_UP") {
    const rem = b - q;
    const a = rem < 0n ? -rem : rem;
    if (a * 2n >= big) q += b < 0n ? -big : big;
  }
  return q;
}

/**
 * ROUND / TRUNCATE. The digit count is an argument value, but the DECIMAL result type needs it
 * at planning time: without a constant, the type keeps the argument's scale (values are still
 * rounded). The planner passes literal digits as constants of INT type, so `r` comes from the
 * value at run time.
 */
function roundLike(name: "ROUND" | "TRUNCATE", mode: "HALF_UP" | "DOWN"): ScalarFunction {
  return strict({
    name,
    infer(ts) {
      arity(name, ts, 1, 2);
      requireNumeric(name, ts, [0]);
      if (ts.length > 1 && !isInteger(ts[1]!) && ts[1]!.type !== "NULL") throw cannotApplyCall(name, ts, `'${name}(<NUMERIC>, <INTEGER>)'`);
      const t = ts[0]!;
      if (t.type === "DECIMAL") return ts.length === 1 ? roundDecimal(t.precision, t.scale, 0) : t;
      return t.type === "NULL" ? T.int() : t;
    },
    inferWithLiterals(ts, literals) {
      const t = ts[0]!;
      const r = literals[1];
      if (t.type === "DECIMAL" && ts.length > 1 && typeof r === "number") return roundDecimal(t.precision, t.scale, r);
      return null;
    },
    make(ts, rt) {
      const t = ts[0]!;
      return (a) => {
        const r = a.length > 1 ? Number(a[1]) : 0;
        const v = a[0]!;
        if (t.type === "DECIMAL") return roundDecimalValue(v as Decimal, r, mode, rt.type === "DECIMAL" ? rt.scale : 0);
        if (isApprox(t)) {
          const x = roundDouble(v as number, r, mode);
          return t.type === "FLOAT" ? Math.fround(x) : x;
        }
        const q = roundInteger(v as number | bigint, r, mode);
        return t.type === "BIGINT" ? BigInt.asIntN(64, q) : (wrapInteger(t.type, q) as number);
      };
    },
  });
}

function floorCeil(name: "FLOOR" | "CEIL"): ScalarFunction {
  const numeric = strict({
    name,
    infer(ts) {
      requireNumeric(name, ts, [0]);
      const t = ts[0]!;
      if (t.type === "DECIMAL") return T.decimal(t.scale === 0 ? t.precision : Math.min(38, t.precision - t.scale + 1), 0);
      return t;
    },
    make(ts) {
      const t = ts[0]!;
      const f = name === "FLOOR" ? Math.floor : Math.ceil;
      return (a) => {
        const v = a[0]!;
        if (t.type === "DECIMAL") {
          const d = v as Decimal;
          const down = d.rescale(0, "DOWN");
          if (down.compare(d) === 0) return down;
          const adjust = name === "FLOOR" ? (d.signum < 0 ? -1n : 0n) : d.signum > 0 ? 1n : 0n;
          return Decimal.fromUnscaled(down.unscaled + adjust, 0);
        }
        if (isApprox(t)) return f(v as number);
        return v;
      };
    },
  });
  return {
    name,
    inferType(ts) {
      if (ts.length === 2) return lookupTemporalFloorCeil(name).inferType(ts);
      arity(name, ts, 1);
      return numeric.inferType(ts);
    },
    compile(ts, rt) {
      if (ts.length === 2) return lookupTemporalFloorCeil(name).compile(ts, rt);
      return numeric.compile(ts, rt);
    },
  };
}

/**
 * The generator of RAND(seed) / RAND_INTEGER(seed, bound), as Flink's RandCallGen makes it: a
 * constant seed gets one `new java.util.Random(seed)` per call site, so the sequence continues
 * from row to row; a seed that varies by row (a column) gets `new java.util.Random(seed)` for
 * every evaluation, so each row sees the first draw of its own seed.
 */
function seededRandom(constantSeed: boolean): (seed: InternalValue) => JavaRandom {
  const fresh = (seed: InternalValue) => new JavaRandom(typeof seed === "bigint" ? seed : Number(seed));
  if (!constantSeed) return fresh;
  let gen: JavaRandom | null = null;
  return (seed) => (gen ??= fresh(seed));
}

const mod = strict({
  name: "MOD",
  infer(ts) {
    arity("MOD", ts, 2);
    const [a, b] = [ts[0]!, ts[1]!];
    if ((!isNumeric(a) && a.type !== "NULL") || (!isNumeric(b) && b.type !== "NULL") || isApprox(a) || isApprox(b)) {
      throw cannotApplyCall("MOD", ts, "'MOD(<EXACT_NUMERIC>, <EXACT_NUMERIC>)'");
    }
    return inferArithmetic("%", a, b);
  },
  make(ts, rt) {
    return modOperator.compile(ts, rt);
  },
});

function bigOrNumber(t: LogicalType, x: number): InternalValue {
  return t.type === "BIGINT" ? BigInt(x) : x;
}

/** Flink's UnhexFunction.unhex over the string's UTF-8 bytes (pairs read from the end). */
function unhex(text: string): Uint8Array | null {
  const bytes = new TextEncoder().encode(text);
  const out = new Uint8Array((bytes.length + 1) >> 1);
  let i = bytes.length - 2;
  let j = out.length - 1;
  for (; i >= 0; i -= 2) {
    const l = hexDigit(bytes[i]!);
    const r = hexDigit(bytes[i + 1]!);
    if (l < 0 || r < 0) return null;
    out[j--] = (l << 4) | r;
  }
  if (i === -1 && hexDigit(bytes[0]!) < 0) return null;
  return out;
}

function hexDigit(b: number): number {
  if (b >= 48 && b <= 57) return b - 48;
  if (b >= 65 && b <= 70) return b - 55;
  if (b >= 97 && b <= 102) return b - 87;
  return -1;
}

export const numericFunctions: ScalarFunction[] = [
  strict({
    name: "ABS",
    infer(ts) {
      arity("ABS", ts, 1);
      requireNumeric("ABS", ts, [0]);
      return ts[0]!;
    },
    make(ts) {
      const t = ts[0]!;
      if (t.type === "DECIMAL") return (a) => (a[0] as Decimal).abs();
      if (t.type === "BIGINT") return (a) => BigInt.asIntN(64, (a[0] as bigint) < 0n ? -(a[0] as bigint) : (a[0] as bigint));
      if (isInteger(t)) return (a) => wrapInteger(t.type, Math.abs(a[0] as number)) as number;
      return (a) => Math.abs(a[0] as number);
    },
  }),
  mod,
  roundLike("ROUND", "HALF_UP"),
  roundLike("TRUNCATE", "DOWN"),
  floorCeil("FLOOR"),
  floorCeil("CEIL"),
  { ...floorCeil("CEIL"), name: "CEILING" },
  double2("POWER", (x, y) => Math.pow(x, y)),
  double2("POW", (x, y) => Math.pow(x, y)),
  double1("SQRT", Math.sqrt),
  double1("EXP", Math.exp),
  double1("LN", Math.log),
  double1("LOG10", Math.log10),
  double1("LOG2", Math.log2),
  strict({
    name: "LOG",
    infer(ts) {
      arity("LOG", ts, 1, 2);
      requireNumeric("LOG", ts, [0, 1]);
      return T.double(false);
    },
    make: (ts) => (ts.length === 1 ? (a) => Math.log(toDouble(a[0]!)) : (a) => Math.log(toDouble(a[1]!)) / Math.log(toDouble(a[0]!))),
  }),
  strict({
    name: "SIGN",
    infer(ts) {
      arity("SIGN", ts, 1);
      requireNumeric("SIGN", ts, [0]);
      return ts[0]!;
    },
    make(ts) {
      const t = ts[0]!;
      if (t.type === "DECIMAL") return (a) => Decimal.fromUnscaled(BigInt((a[0] as Decimal).signum), 0).rescale(t.scale);
      return (a) => {
        const x = toDouble(a[0]!);
        return bigOrNumber(t, x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : x);
      };
    },
  }),
  lenient({
    name: "RAND",
    deterministic: false,
    infer(ts) {
      arity("RAND", ts, 0, 1);
      if (ts.length === 1 && !isInteger(ts[0]!)) throw cannotApplyCall("RAND", ts, "'RAND()'\n'RAND(<INTEGER>)'");
      return T.double(false);
    },
    make(ts, _rt, constantArgs) {
      if (ts.length === 0) return (_a, ctx) => ctx.random();
      const gen = seededRandom(constantArgs?.[0] ?? true);
      // Flink's generateCallIfArgsNotNull: a NULL seed gives NULL (though Calcite types RAND NOT NULL).
      return (a) => (a[0] === null || a[0] === undefined ? null : gen(a[0]).nextDouble());
    },
  }),
  lenient({
    name: "RAND_INTEGER",
    deterministic: false,
    infer(ts) {
      arity("RAND_INTEGER", ts, 1, 2);
      for (const t of ts) if (!isInteger(t)) throw cannotApplyCall("RAND_INTEGER", ts, "'RAND_INTEGER(<INTEGER>)'\n'RAND_INTEGER(<INTEGER>, <INTEGER>)'");
      // Calcite's ReturnTypes.INTEGER, as Flink declares RAND_INTEGER: NOT NULL whatever the arguments.
      return T.int(false);
    },
    make(ts, _rt, constantArgs) {
      if (ts.length === 1) {
        return (a, ctx) => {
          if (a[0] === null) return null;
          const bound = Number(a[0]);
          if (!(bound > 0)) throw new SqlRuntimeError("bound must be positive", "java.lang.IllegalArgumentException");
          return Math.floor(ctx.random() * bound);
        };
      }
      const gen = seededRandom(constantArgs?.[0] ?? true);
      return (a) => {
        // generateCallIfArgsNotNull: NULL when the seed or the bound is NULL.
        if (a[0] === null || a[1] === null) return null;
        const bound = Number(a[1]);
        if (!(bound > 0)) throw new SqlRuntimeError("bound must be positive", "java.lang.IllegalArgumentException");
        return gen(a[0]!).nextInt(bound);
      };
    },
  }),
  lenient({ name: "PI", infer: () => T.double(false), make: () => () => Math.PI }),
  lenient({ name: "E", infer: () => T.double(false), make: () => () => Math.E }),
  double1("SIN", Math.sin),
  double1("COS", Math.cos),
  double1("TAN", Math.tan),
  double1("COT", (x) => 1 / Math.tan(x)),
  double1("ASIN", Math.asin),
  double1("ACOS", Math.acos),
  double1("ATAN", Math.atan),
  double2("ATAN2", Math.atan2),
  double1("SINH", Math.sinh),
  double1("COSH", Math.cosh),
  double1("TANH", Math.tanh),
  double1("DEGREES", (x) => (x * 180) / Math.PI),
  double1("RADIANS", (x) => (x / 180) * Math.PI),
  double1("CBRT", Math.cbrt),
  strict({
    name: "BIN",
    infer(ts) {
      arity("BIN", ts, 1);
      if (!isInteger(ts[0]!)) throw cannotApplyCall("BIN", ts, "'BIN(<INTEGER>)'");
      return T.string(false);
    },
    make: () => (a) => BigInt.asUintN(64, BigInt(a[0] as number | bigint)).toString(2),
  }),
  strict({
    name: "HEX",
    infer(ts) {
      arity("HEX", ts, 1);
      if (!isInteger(ts[0]!) && !isCharacter(ts[0]!)) throw cannotApplyCall("HEX", ts, "'HEX(<INTEGER>)'\n'HEX(<STRING>)'");
      return T.string(false);
    },
    make(ts) {
      if (isCharacter(ts[0]!)) {
        const enc = new TextEncoder();
        return (a) => Array.from(enc.encode(a[0] as string), (b) => b.toString(16).padStart(2, "0")).join("").toUpperCase();
      }
      return (a) => BigInt.asUintN(64, BigInt(a[0] as number | bigint)).toString(16).toUpperCase();
    },
  }),
  strict({
    name: "UNHEX",
    infer(ts) {
      arity("UNHEX", ts, 1);
      if (!isCharacter(ts[0]!) && ts[0]!.type !== "NULL") throw cannotApplyCall("UNHEX", ts, "'UNHEX(<CHARACTER_STRING>)'");
      return T.bytes();
    },
    alwaysNullable: true,
    make: () => (a) => unhex(a[0] as string),
  }),
];
