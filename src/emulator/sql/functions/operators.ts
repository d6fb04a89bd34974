/**
 * Operators: comparison (= <> < <= > >=, IS [NOT] DISTINCT FROM), logical (AND OR NOT, IS
 * [NOT] NULL/TRUE/FALSE/UNKNOWN), arithmetic (+ - * / % and unary NEG over numerics, intervals,
 * dates and timestamps) and string concatenation (||).
 *
 * Semantics (Apache Flink docs, "System (Built-in) Functions": Comparison, Logical, Arithmetic
 * functions): NULL in gives NULL out except for the IS forms and three-valued AND/OR; integer
 * arithmetic wraps like Java; integer division by zero fails the job ("/ by zero",
 * java.lang.ArithmeticException); DOUBLE division by zero is Infinity/NaN like Java; DECIMAL
 * results take the LogicalTypeMerging precision/scale and become NULL when they overflow it.
 */
import type { LogicalType } from "../../../types/model.ts";
import { MILLIS_PER_DAY, civilFromDays, daysFromCivil } from "../../../types/temporal.ts";
import { compileCast } from "./cast.ts";
import { lenient, strict } from "./define.ts";
import { arithmeticType, comparisonType, concatType } from "./type-rules.ts";
import type { EvalContext, InternalValue, ScalarFunction, ScalarImpl } from "./types.ts";
import {
  SqlRuntimeError,
  T,
  cannotApplyBinary,
  isApprox,
  isCharacter,
  isBinary,
  isInteger,
  isNumeric,
  isTimestampType,
  validation,
  calciteName,
  flinkName,
  withNullable,
} from "./types.ts";
import { Decimal, Timestamp, compareInternal, fitDecimal, toDecimal, toDouble, valuesEqual, wrapInteger } from "./values.ts";

type Conv = (v: InternalValue, ctx: EvalContext) => InternalValue;

function sameType(a: LogicalType, b: LogicalType): boolean {
  return JSON.stringify({ ...a, nullable: true }) === JSON.stringify({ ...b, nullable: true });
}

/** Converter bringing an operand of type `from` to the comparison type (identity when no cast is needed). */
function toCommon(from: LogicalType, to: LogicalType): Conv | null {
  if (from.type === "NULL" || sameType(from, to)) return null;
  if (isNumeric(from) && isNumeric(to)) return null; // compareInternal handles mixed numerics
  if (isCharacter(from) && isCharacter(to)) return null;
  if (isBinary(from) && isBinary(to)) return null;
  if (from.type === to.type && (from.type === "TIME_WITHOUT_TIME_ZONE" || from.type === "ARRAY" || from.type === "ROW" || from.type === "MAP" || from.type === "MULTISET" || from.type.startsWith("INTERVAL"))) return null;
  const c = compileCast(from, to);
  return (v, ctx) => (v === null ? null : c(v, ctx));
}

export const runtimeArithmetic = (message: string): SqlRuntimeError => new SqlRuntimeError(message, "java.lang.ArithmeticException");

function comparison(op: "=" | "<>" | "<" | "<=" | ">" | ">=", test: (c: number) => boolean): ScalarFunction {
  const ordered = op !== "=" && op !== "<>";
  return {
    name: op,
    inferType(ts) {
      if (ts.length !== 2) throw validation(`Invalid number of arguments to operator '${op}'`);
      const [a, b] = [ts[0]!, ts[1]!];
      // FLINK-24492: = and <> between a number and a character string are rejected (Calcite's
      // coercion gave wrong results there); < <= > >= cast the string to the number's type.
      if (!ordered && ((isNumeric(a) && isCharacter(b)) || (isCharacter(a) && isNumeric(b)))) {
        throw validation(`implicit type conversion between ${flinkName(a)} and ${flinkName(b)} is not supported now`);
      }
      comparisonType(op, a, b, ordered);
      return T.boolean(ts[0]!.nullable || ts[1]!.nullable);
    },
    compile(ts): ScalarImpl {
      const common = comparisonType(op, ts[0]!, ts[1]!, ordered);
      const ca = toCommon(ts[0]!, common);
      const cb = toCommon(ts[1]!, common);
      const doubles = isApprox(common);
      if (!ordered) {
        const eq = op === "=";
        return (a, ctx) => {
          let x = a[0] as InternalValue;
          let y = a[1] as InternalValue;
          if (x === null || y === null) return null;
          if (ca) x = ca(x, ctx);
          if (cb) y = cb(y, ctx);
          // NaN = NaN is false in SQL (Java double comparison), unlike compareInternal's total order.
          if (doubles && (Number.isNaN(toDouble(x)) || Number.isNaN(toDouble(y)))) return !eq;
          return valuesEqual(x, y) === eq;
        };
      }
      return (a, ctx) => {
        let x = a[0] as InternalValue;
        let y = a[1] as InternalValue;
        if (x === null || y === null) return null;
        if (ca) x = ca(x, ctx);
        if (cb) y = cb(y, ctx);
        if (doubles && (Number.isNaN(toDouble(x)) || Number.isNaN(toDouble(y)))) return false;
        return test(compareInternal(x, y));
      };
    },
  };
}

function distinctFrom(name: string, negated: boolean): ScalarFunction {
  return {
    name,
    inferType(ts) {
      comparisonType(name, ts[0]!, ts[1]!, false);
      return T.boolean(false);
    },
    compile(ts): ScalarImpl {
      const common = comparisonType(name, ts[0]!, ts[1]!, false);
      const ca = toCommon(ts[0]!, common);
      const cb = toCommon(ts[1]!, common);
      return (a, ctx) => {
        let x = a[0] as InternalValue;
        let y = a[1] as InternalValue;
        let distinct: boolean;
        if (x === null || y === null) distinct = x !== y;
        else {
          if (ca) x = ca(x, ctx);
          if (cb) y = cb(y, ctx);
          distinct = !valuesEqual(x, y);
        }
        return distinct !== negated;
      };
    },
  };
}

function requireBoolean(op: string, ts: readonly LogicalType[]): void {
  for (const t of ts) {
    if (t.type !== "BOOLEAN" && t.type !== "NULL") {
      if (ts.length === 2) throw cannotApplyBinary(op, ts[0]!, ts[1]!, `'<BOOLEAN> ${op} <BOOLEAN>'`);
      throw validation(`Cannot apply '${op}' to arguments of type '${op} <${calciteName(t)}>'. Supported form(s): '${op} <BOOLEAN>'`);
    }
  }
}

const logical: ScalarFunction[] = [
  lenient({
    name: "AND",
    infer(ts) {
      requireBoolean("AND", ts);
      return T.boolean(ts.some((t) => t.nullable));
    },
    make: () => (a) => {
      let unknown = false;
      for (const v of a) {
        if (v === false) return false;
        if (v === null) unknown = true;
      }
      return unknown ? null : true;
    },
  }),
  lenient({
    name: "OR",
    infer(ts) {
      requireBoolean("OR", ts);
      return T.boolean(ts.some((t) => t.nullable));
    },
    make: () => (a) => {
      let unknown = false;
      for (const v of a) {
        if (v === true) return true;
        if (v === null) unknown = true;
      }
      return unknown ? null : false;
    },
  }),
  strict({
    name: "NOT",
    infer(ts) {
      requireBoolean("NOT", ts);
      return T.boolean(false);
    },
    make: () => (a) => !a[0],
  }),
];

function isTest(name: string, test: (v: InternalValue) => boolean, booleanOnly: boolean): ScalarFunction {
  return lenient({
    name,
    infer(ts) {
      if (ts.length !== 1) throw validation(`Invalid number of arguments to operator '${name}'`);
      if (booleanOnly) requireBoolean(name, ts);
      return T.boolean(false);
    },
    make: () => (a) => test(a[0]!),
  });
}

const isOps: ScalarFunction[] = [
  isTest("IS NULL", (v) => v === null, false),
  isTest("IS NOT NULL", (v) => v !== null, false),
  isTest("IS TRUE", (v) => v === true, true),
  isTest("IS NOT TRUE", (v) => v !== true, true),
  isTest("IS FALSE", (v) => v === false, true),
  isTest("IS NOT FALSE", (v) => v !== false, true),
  isTest("IS UNKNOWN", (v) => v === null, true),
  isTest("IS NOT UNKNOWN", (v) => v !== null, true),
];

// ---------------------------------------------------------------------------------------------
// Arithmetic

type ArithOp = "+" | "-" | "*" | "/" | "%";

const SUPPORTED: Record<ArithOp, string> = {
  "+": "'<NUMERIC> + <NUMERIC>'\n'<DATETIME_INTERVAL> + <DATETIME_INTERVAL>'\n'<DATETIME> + <DATETIME_INTERVAL>'\n'<DATETIME_INTERVAL> + <DATETIME>'",
  "-": "'<NUMERIC> - <NUMERIC>'\n'<DATETIME_INTERVAL> - <DATETIME_INTERVAL>'\n'<DATETIME> - <DATETIME_INTERVAL>'",
  "*": "'<NUMERIC> * <NUMERIC>'\n'<DATETIME_INTERVAL> * <NUMERIC>'\n'<NUMERIC> * <DATETIME_INTERVAL>'",
  "/": "'<NUMERIC> / <NUMERIC>'\n'<DATETIME_INTERVAL> / <NUMERIC>'",
  "%": "'<EXACT_NUMERIC> % <EXACT_NUMERIC>'",
};

function isDatetimeValueType(t: LogicalType): boolean {
  return t.type === "DATE" || t.type === "TIME_WITHOUT_TIME_ZONE" || isTimestampType(t);
}

/** Result type of a binary arithmetic operator, or a Calcite-style validation error. */
export function inferArithmetic(op: ArithOp, a: LogicalType, b: LogicalType): LogicalType {
  const nullable = a.nullable || b.nullable;
  if (a.type === "NULL" && b.type === "NULL") return T.int(true);
  if (a.type === "NULL") return withNullable(b, true);
  if (b.type === "NULL") return withNullable(a, true);
  if (isNumeric(a) && isNumeric(b)) {
    if (op === "%" && (isApprox(a) || isApprox(b))) throw cannotApplyBinary(op, a, b, SUPPORTED[op]);
    return arithmeticType(op, a, b);
  }
  const ia = a.type === "INTERVAL_DAY_TIME" || a.type === "INTERVAL_YEAR_MONTH";
  const ib = b.type === "INTERVAL_DAY_TIME" || b.type === "INTERVAL_YEAR_MONTH";
  if (op === "+" || op === "-") {
    if (ia && ib && a.type === b.type) return withNullable(a, nullable);
    if (isDatetimeValueType(a) && ib) return withNullable(a, nullable);
    if (op === "+" && ia && isDatetimeValueType(b)) return withNullable(b, nullable);
  }
  if (op === "*" && ia && isNumeric(b)) return withNullable(a, nullable);
  if (op === "*" && isNumeric(a) && ib) return withNullable(b, nullable);
  if (op === "/" && ia && isNumeric(b)) return withNullable(a, nullable);
  throw cannotApplyBinary(op, a, b, SUPPORTED[op]);
}

function divByZero(): never {
  throw runtimeArithmetic("/ by zero");
}

/** a + n months with the day clamped to the month's length (java.time plusMonths). */
export function addMonthsToDays(days: number, months: number): number {
  const [y, m, d] = civilFromDays(days);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12 + 1;
  const dim = new Date(Date.UTC(2000, nm, 0)).getUTCDate();
  const leap = (ny % 4 === 0 && ny % 100 !== 0) || ny % 400 === 0;
  const maxDay = nm === 2 ? (leap ? 29 : 28) : dim;
  return daysFromCivil(ny, nm, Math.min(d, maxDay));
}

/** Adds months to a timestamp (wall clock), keeping the time of day. */
export function addMonthsToTimestamp(ts: Timestamp, months: number): Timestamp {
  const days = Math.floor(ts.epochMillis / MILLIS_PER_DAY);
  const rest = ts.epochMillis - days * MILLIS_PER_DAY;
  return new Timestamp(addMonthsToDays(days, months) * MILLIS_PER_DAY + rest, ts.nanoOfMilli);
}

function numericArith(op: ArithOp, rt: LogicalType): (x: InternalValue, y: InternalValue) => InternalValue {
  switch (rt.type) {
    case "TINYINT":
    case "SMALLINT":
    case "INTEGER": {
      const type = rt.type;
      return (x, y) => {
        const a = Number(x);
        const b = Number(y);
        switch (op) {
          case "+":
            return wrapInteger(type, a + b) as number;
          case "-":
            return wrapInteger(type, a - b) as number;
          case "*":
            return type === "INTEGER" ? Math.imul(a, b) : (wrapInteger(type, a * b) as number);
          case "/":
            if (b === 0) divByZero();
            return wrapInteger(type, Math.trunc(a / b)) as number;
          case "%":
            // The divisor's type (Calcite NULLABLE_MOD); the dividend may be a BIGINT.
            if (b === 0) divByZero();
            if (typeof x === "bigint") return Number(x % BigInt(b));
            return (a % b) + 0;
        }
      };
    }
    case "BIGINT":
      return (x, y) => {
        const a = BigInt(x as bigint | number);
        const b = BigInt(y as bigint | number);
        switch (op) {
          case "+":
            return BigInt.asIntN(64, a + b);
          case "-":
            return BigInt.asIntN(64, a - b);
          case "*":
            return BigInt.asIntN(64, a * b);
          case "/":
            if (b === 0n) divByZero();
            return BigInt.asIntN(64, a / b);
          case "%":
            if (b === 0n) divByZero();
            return a % b;
        }
      };
    case "FLOAT":
    case "DOUBLE": {
      const f = rt.type === "FLOAT" ? Math.fround : (v: number) => v;
      return (x, y) => {
        const a = toDouble(x);
        const b = toDouble(y);
        switch (op) {
          case "+":
            return f(a + b);
          case "-":
            return f(a - b);
          case "*":
            return f(a * b);
          case "/":
            return f(a / b);
          case "%":
            return f(a % b);
        }
      };
    }
    case "DECIMAL": {
      const { precision, scale } = rt;
      return (x, y) => {
        const a = toDecimal(x);
        const b = toDecimal(y);
        let r: Decimal;
        switch (op) {
          case "+":
            r = a.add(b);
            break;
          case "-":
            r = a.subtract(b);
            break;
          case "*":
            r = a.multiply(b);
            break;
          case "/":
            if (b.unscaled === 0n) throw runtimeArithmetic("Division by zero");
            r = a.divide(b, scale);
            break;
          case "%": {
            if (b.unscaled === 0n) throw runtimeArithmetic("Division by zero");
            const q = a.divide(b, 0, "DOWN");
            r = a.subtract(q.multiply(b));
            break;
          }
        }
        return fitDecimal(r, precision, scale);
      };
    }
    default:
      return () => {
        throw validation(`Unsupported arithmetic result type ${calciteName(rt)}`);
      };
  }
}

function intervalNumber(v: InternalValue): number {
  return toDouble(v);
}

function arithmetic(op: ArithOp): ScalarFunction {
  return strict({
    name: op,
    infer(ts) {
      if (ts.length !== 2) throw validation(`Invalid number of arguments to operator '${op}'`);
      return inferArithmetic(op, ts[0]!, ts[1]!);
    },
    make(ts, rt) {
      const a = ts[0]!;
      const b = ts[1]!;
      if (isNumeric(rt) && (isNumeric(a) || a.type === "NULL") && (isNumeric(b) || b.type === "NULL")) {
        const f = numericArith(op, rt);
        return (v) => f(v[0]!, v[1]!);
      }
      const ia = a.type === "INTERVAL_DAY_TIME" || a.type === "INTERVAL_YEAR_MONTH";
      const ib = b.type === "INTERVAL_DAY_TIME" || b.type === "INTERVAL_YEAR_MONTH";
      if (ia && ib) return (v) => (op === "+" ? (v[0] as number) + (v[1] as number) : (v[0] as number) - (v[1] as number));
      if (ia && isNumeric(b)) {
        return (v) => {
          const n = intervalNumber(v[1]!);
          if (op === "/" && n === 0) divByZero();
          return Math.round(op === "*" ? (v[0] as number) * n : (v[0] as number) / n);
        };
      }
      if (isNumeric(a) && ib) return (v) => Math.round(intervalNumber(v[0]!) * (v[1] as number));
      // datetime +- interval (either order for +)
      const dtFirst = !ia;
      const dt = dtFirst ? a : b;
      const iv = dtFirst ? b : a;
      const sign = op === "-" ? -1 : 1;
      const months = iv.type === "INTERVAL_YEAR_MONTH";
      return (v) => {
        const d = (dtFirst ? v[0] : v[1])!;
        const n = ((dtFirst ? v[1] : v[0]) as number) * sign;
        switch (dt.type) {
          case "DATE":
            return months ? addMonthsToDays(d as number, n) : (d as number) + Math.trunc(n / MILLIS_PER_DAY);
          case "TIME_WITHOUT_TIME_ZONE": {
            if (months) return d;
            const day = 86_400_000_000_000;
            return ((((d as number) + n * 1e6) % day) + day) % day;
          }
          default: {
            const ts = d as Timestamp;
            if (months) return addMonthsToTimestamp(ts, n);
            return new Timestamp(ts.epochMillis + n, ts.nanoOfMilli);
          }
        }
      };
    },
  });
}

const neg = strict({
  name: "NEG",
  infer(ts) {
    const t = ts[0]!;
    if (!isNumeric(t) && t.type !== "INTERVAL_DAY_TIME" && t.type !== "INTERVAL_YEAR_MONTH" && t.type !== "NULL") {
      throw validation(`Cannot apply '-' to arguments of type '-<${calciteName(t)}>'. Supported form(s): '-<NUMERIC>'\n'-<DATETIME_INTERVAL>'`);
    }
    return t;
  },
  make(ts) {
    const t = ts[0]!;
    if (isInteger(t)) {
      const type = t.type;
      return (a) => wrapInteger(type, typeof a[0] === "bigint" ? -a[0] : -(a[0] as number)) as InternalValue;
    }
    if (t.type === "DECIMAL") return (a) => (a[0] as Decimal).negate();
    return (a) => -(a[0] as number);
  },
});

const concatOp = strict({
  name: "||",
  infer(ts) {
    if (ts.length !== 2) throw validation("Invalid number of arguments to operator '||'");
    const [a, b] = [ts[0]!, ts[1]!];
    if (isBinary(a) && isBinary(b)) return T.bytes(false);
    const ok = (t: LogicalType) => isCharacter(t) || t.type === "NULL";
    if (!ok(a) || !ok(b)) throw cannotApplyBinary("||", a, b, "'<STRING> || <STRING>'");
    return concatType(ts, false);
  },
  make(ts) {
    if (isBinary(ts[0]!)) {
      return (a) => {
        const x = a[0] as Uint8Array;
        const y = a[1] as Uint8Array;
        const out = new Uint8Array(x.length + y.length);
        out.set(x);
        out.set(y, x.length);
        return out;
      };
    }
    return (a) => (a[0] as string) + (a[1] as string);
  },
});

/** `+` applied to one operand (identity). */
const pos = strict({
  name: "POS",
  infer: (ts) => ts[0]!,
  make: () => (a) => a[0]!,
});

/** `%` (also MOD's implementation). */
export const modOperator = arithmetic("%");

export const operators: ScalarFunction[] = [
  comparison("=", (c) => c === 0),
  comparison("<>", (c) => c !== 0),
  comparison("<", (c) => c < 0),
  comparison("<=", (c) => c <= 0),
  comparison(">", (c) => c > 0),
  comparison(">=", (c) => c >= 0),
  distinctFrom("IS DISTINCT FROM", false),
  distinctFrom("IS NOT DISTINCT FROM", true),
  ...logical,
  ...isOps,
  arithmetic("+"),
  arithmetic("-"),
  arithmetic("*"),
  arithmetic("/"),
  modOperator,
  neg,
  pos,
  concatOp,
];

export { Decimal };
