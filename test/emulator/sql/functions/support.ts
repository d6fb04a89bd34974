/** Helpers for the functions registry tests: typed calls with a fixed evaluation context. */
import type { LogicalType } from "../../../../src/types/model.ts";
import { formatType } from "../../../../src/types/format-type.ts";
import { lookupAggregate, lookupScalar } from "../../../../src/emulator/sql/functions/registry.ts";
import type { EvalContext, InternalValue } from "../../../../src/emulator/sql/functions/registry.ts";
import { T } from "../../../../src/emulator/sql/functions/types.ts";
import { formatWireValue } from "../../../../src/types/wire.ts";

export { T };

/** 2024-06-15 12:34:56.789 UTC */
export const NOW = Date.UTC(2024, 5, 15, 12, 34, 56, 789);

export function ctx(zone = "UTC"): EvalContext {
  let s = 42;
  return {
    now: () => NOW,
    localTimeZone: zone,
    random: () => {
      s = (s * 16807) % 2147483647;
      return s / 2147483647;
    },
  };
}

/** The result type of a scalar function, in Flink's SQL spelling. */
export function typeOf(name: string, ...types: LogicalType[]): string {
  const f = lookupScalar(name);
  if (!f) throw new Error(`no function ${name}`);
  return formatType(f.inferType(types));
}

/** Evaluates a scalar function over typed arguments. */
export function call(name: string, args: ReadonlyArray<[LogicalType, InternalValue]>, zone = "UTC"): InternalValue {
  const f = lookupScalar(name);
  if (!f) throw new Error(`no function ${name}`);
  const ts = args.map((a) => a[0]);
  const rt = f.inferType(ts);
  const v = f.compile(ts, rt)(args.map((a) => a[1]), ctx(zone));
  // Every result must be a valid internal value of the inferred type (the wire formatter checks).
  // Exception, as in Flink: DECIMAL overflow gives NULL even for a NOT NULL result type.
  if (v === null && !rt.nullable && rt.type !== "DECIMAL") throw new Error(`${name} returned NULL for NOT NULL type ${formatType(rt)}`);
  formatWireValue(rt, v);
  return v;
}

/** Evaluates an aggregate over rows of arguments (all added). */
export function agg(name: string, types: LogicalType[], rows: InternalValue[][], distinct = false): InternalValue {
  const f = lookupAggregate(name);
  if (!f) throw new Error(`no aggregate ${name}`);
  const rt = f.inferType(types, distinct);
  const acc = f.create(types, rt, distinct);
  for (const r of rows) acc.add(r);
  const v = acc.value();
  if (v === null && !rt.nullable) throw new Error(`${name} returned NULL for NOT NULL type ${formatType(rt)}`);
  formatWireValue(rt, v);
  return v;
}

export function aggType(name: string, ...types: LogicalType[]): string {
  return formatType(lookupAggregate(name)!.inferType(types, false));
}

/** Non-null typed argument helpers. */
export const int = (v: number): [LogicalType, InternalValue] => [T.int(false), v];
export const big = (v: bigint): [LogicalType, InternalValue] => [T.bigint(false), v];
export const dbl = (v: number): [LogicalType, InternalValue] => [T.double(false), v];
export const str = (v: string): [LogicalType, InternalValue] => [T.string(false), v];
export const nul = (t: LogicalType): [LogicalType, InternalValue] => [{ ...t, nullable: true } as LogicalType, null];
