/**
 * Aggregates: result types as Flink reports them and add/retract behaviour.
 * Sources: Apache Flink docs "System (Built-in) Functions > Aggregate Functions"; result types
 * from Flink's LogicalTypeMerging.findSumAggType (DECIMAL(38, s), otherwise the argument type)
 * and findAvgAggType (DECIMAL(38, max(6, s)), otherwise the argument type: AVG of INT is INT);
 * COUNT is BIGINT NOT NULL. NULL arguments are ignored; empty input gives NULL (COUNT gives 0).
 */
import { describe, expect, test } from "vitest";
import { lookupAggregate } from "../../../../src/emulator/sql/functions/registry.ts";
import type { InternalValue } from "../../../../src/emulator/sql/functions/registry.ts";
import type { LogicalType } from "../../../../src/types/model.ts";
import { Decimal } from "../../../../src/types/decimal.ts";
import { T, agg, aggType } from "./support.ts";

const d = (s: string) => Decimal.parse(s);

function acc(name: string, types: LogicalType[], distinct = false) {
  const f = lookupAggregate(name)!;
  return f.create(types, f.inferType(types, distinct), distinct);
}

describe("result types", () => {
  test.each<[string, LogicalType[], string]>([
    ["COUNT", [], "BIGINT NOT NULL"],
    ["COUNT", [T.string()], "BIGINT NOT NULL"],
    ["SUM", [T.int(false)], "INT"],
    ["SUM", [T.tinyint()], "TINYINT"],
    ["SUM", [T.bigint()], "BIGINT"],
    ["SUM", [T.double()], "DOUBLE"],
    ["SUM", [T.decimal(10, 2, false)], "DECIMAL(38, 2)"],
    ["AVG", [T.int(false)], "INT"],
    ["AVG", [T.double()], "DOUBLE"],
    ["AVG", [T.decimal(10, 2)], "DECIMAL(38, 6)"],
    ["AVG", [T.decimal(20, 8)], "DECIMAL(38, 8)"],
    ["MIN", [T.string(false)], "STRING"],
    ["MAX", [T.timestampLtz(3, false)], "TIMESTAMP_LTZ(3)"],
    ["FIRST_VALUE", [T.int(false)], "INT"],
    ["LISTAGG", [T.string()], "STRING"],
    ["COLLECT", [T.int()], "MULTISET<INT> NOT NULL"],
    ["ARRAY_AGG", [T.int()], "ARRAY<INT>"],
    ["STDDEV_POP", [T.double()], "DOUBLE"],
    ["VAR_SAMP", [T.int()], "INT"],
    ["BOOL_AND", [T.boolean()], "BOOLEAN"],
  ])("%s(%j)", (name, types, expected) => {
    expect(aggType(name, ...types)).toBe(expected);
  });
  test("SUM / AVG reject non-numeric arguments", () => {
    expect(() => aggType("SUM", T.string())).toThrow("Cannot apply 'SUM' to arguments of type 'SUM(<VARCHAR(2147483647)>)'. Supported form(s): 'SUM(<NUMERIC>)'");
    expect(() => aggType("AVG", T.boolean())).toThrow(/Cannot apply 'AVG'/);
  });
});

describe("values", () => {
  test("COUNT(*) counts rows, COUNT(x) non-null values, COUNT(DISTINCT x) distinct non-null values", () => {
    expect(agg("COUNT", [], [[], [], []])).toBe(3n);
    expect(agg("COUNT", [T.int()], [[1], [null], [1]])).toBe(2n);
    expect(agg("COUNT", [T.int()], [[1], [null], [1], [2]], true)).toBe(2n);
    expect(agg("COUNT", [], [])).toBe(0n);
  });
  test("SUM keeps the argument type (INT wraps like Java), NULL on no non-null input", () => {
    expect(agg("SUM", [T.int()], [[1], [2], [null]])).toBe(3);
    expect(agg("SUM", [T.int()], [[2147483647], [1]])).toBe(-2147483648);
    expect(agg("SUM", [T.bigint()], [[1n], [2n]])).toBe(3n);
    expect(agg("SUM", [T.int()], [[null]])).toBeNull();
    expect(String(agg("SUM", [T.decimal(10, 2)], [[d("1.10")], [d("2.25")]]))).toBe("3.35");
    expect(agg("$SUM0", [T.int()], [])).toBe(0);
  });
  test("AVG of integers is integer division; of DECIMAL has scale max(6, s); of DOUBLE is exact", () => {
    expect(agg("AVG", [T.int()], [[1], [2]])).toBe(1);
    expect(agg("AVG", [T.bigint()], [[1n], [2n], [4n]])).toBe(2n);
    expect(String(agg("AVG", [T.decimal(10, 2)], [[d("1.00")], [d("2.00")], [d("2.00")]]))).toBe("1.666667");
    expect(agg("AVG", [T.double()], [[1], [2]])).toBe(1.5);
    expect(agg("AVG", [T.double()], [])).toBeNull();
  });
  test("MIN / MAX over strings, numbers and NULLs", () => {
    expect(agg("MIN", [T.string()], [["b"], [null], ["a"]])).toBe("a");
    expect(agg("MAX", [T.decimal(5, 2)], [[d("1.50")], [d("10.00")], [d("9.99")]])).toEqual(d("10.00"));
    expect(agg("MAX", [T.int()], [[null]])).toBeNull();
  });
  test("FIRST_VALUE / LAST_VALUE skip NULLs", () => {
    expect(agg("FIRST_VALUE", [T.int()], [[null], [2], [3]])).toBe(2);
    expect(agg("LAST_VALUE", [T.int()], [[1], [2], [null]])).toBe(2);
  });
  test("LISTAGG joins with ',' or the given separator, skipping NULLs", () => {
    expect(agg("LISTAGG", [T.string()], [["a"], [null], ["b"]])).toBe("a,b");
    expect(agg("LISTAGG", [T.string(), T.string()], [["a", "; "], ["b", "; "]])).toBe("a; b");
    expect(agg("LISTAGG", [T.string()], [])).toBeNull();
  });
  test("COLLECT builds a multiset, ARRAY_AGG an array (NULLs respected)", () => {
    const m = agg("COLLECT", [T.string()], [["a"], ["b"], ["a"], [null]]) as Map<InternalValue, InternalValue>;
    expect([...m.entries()]).toEqual([["a", 2], ["b", 1]]);
    expect(agg("ARRAY_AGG", [T.int()], [[1], [null], [1]])).toEqual([1, null, 1]);
    expect(agg("ARRAY_AGG", [T.int()], [[1], [null], [1]], true)).toEqual([1, null]);
  });
  test("variance family (STDDEV = STDDEV_SAMP, VARIANCE = VAR_SAMP)", () => {
    const rows = [[2], [4], [4], [4], [5], [5], [7], [9]];
    expect(agg("VAR_POP", [T.double()], rows)).toBeCloseTo(4, 10);
    expect(agg("STDDEV_POP", [T.double()], rows)).toBeCloseTo(2, 10);
    expect(agg("VAR_SAMP", [T.double()], rows)).toBeCloseTo(32 / 7, 10);
    expect(agg("STDDEV", [T.double()], rows)).toBeCloseTo(Math.sqrt(32 / 7), 10);
    expect(agg("VARIANCE", [T.double()], [[1]])).toBeNull();
    expect(agg("STDDEV_POP", [T.int()], rows)).toBe(2);
  });
  test("BOOL_AND / BOOL_OR", () => {
    expect(agg("BOOL_AND", [T.boolean()], [[true], [null], [false]])).toBe(false);
    expect(agg("BOOL_OR", [T.boolean()], [[false], [null], [true]])).toBe(true);
    expect(agg("BOOL_AND", [T.boolean()], [])).toBeNull();
  });
});

describe("retraction (updating inputs)", () => {
  test("SUM / COUNT / AVG go back exactly, and to NULL / 0 when everything is retracted", () => {
    const s = acc("SUM", [T.int()]);
    const c = acc("COUNT", [T.int()]);
    const a = acc("AVG", [T.decimal(10, 2)]);
    s.add([5]);
    s.add([7]);
    s.retract([5]);
    expect(s.value()).toBe(7);
    s.retract([7]);
    expect(s.value()).toBeNull();
    expect(s.empty).toBe(true);
    c.add([1]);
    c.add([null]);
    c.retract([1]);
    expect(c.value()).toBe(0n);
    expect(c.empty).toBe(false); // the NULL row is still there
    a.add([d("1.00")]);
    a.add([d("3.00")]);
    a.retract([d("1.00")]);
    expect(String(a.value())).toBe("3.000000");
  });
  test("MAX finds the next largest after the current maximum is retracted (counted multiset)", () => {
    const m = acc("MAX", [T.int()]);
    for (const v of [3, 9, 9, 5]) m.add([v]);
    expect(m.value()).toBe(9);
    m.retract([9]);
    expect(m.value()).toBe(9);
    m.retract([9]);
    expect(m.value()).toBe(5);
    m.retract([5]);
    m.retract([3]);
    expect(m.value()).toBeNull();
    m.add([1]);
    expect(m.value()).toBe(1);
  });
  test("MIN over strings with retraction", () => {
    const m = acc("MIN", [T.string()]);
    m.add(["b"]);
    m.add(["a"]);
    m.retract(["a"]);
    expect(m.value()).toBe("b");
  });
  test("FIRST_VALUE / LAST_VALUE after retractions", () => {
    const f = acc("FIRST_VALUE", [T.string()]);
    const l = acc("LAST_VALUE", [T.string()]);
    for (const v of ["x", "y", "z"]) {
      f.add([v]);
      l.add([v]);
    }
    f.retract(["x"]);
    l.retract(["z"]);
    expect(f.value()).toBe("y");
    expect(l.value()).toBe("y");
  });
  test("COUNT(DISTINCT) / SUM(DISTINCT) only drop a value when its last occurrence goes", () => {
    const c = acc("COUNT", [T.int()], true);
    const s = acc("SUM", [T.int()], true);
    for (const v of [1, 1, 2]) {
      c.add([v]);
      s.add([v]);
    }
    expect(c.value()).toBe(2n);
    expect(s.value()).toBe(3);
    c.retract([1]);
    s.retract([1]);
    expect(c.value()).toBe(2n);
    expect(s.value()).toBe(3);
    c.retract([1]);
    s.retract([1]);
    expect(c.value()).toBe(1n);
    expect(s.value()).toBe(2);
  });
  test("LISTAGG, COLLECT, ARRAY_AGG and the variance retract", () => {
    const l = acc("LISTAGG", [T.string()]);
    l.add(["a"]);
    l.add(["b"]);
    l.retract(["a"]);
    expect(l.value()).toBe("b");
    const m = acc("COLLECT", [T.int()]);
    m.add([1]);
    m.add([1]);
    m.retract([1]);
    expect([...(m.value() as Map<InternalValue, InternalValue>)]).toEqual([[1, 1]]);
    const v = acc("VAR_POP", [T.double()]);
    for (const x of [1, 2, 3, 100]) v.add([x]);
    v.retract([100]);
    expect(v.value()).toBeCloseTo(2 / 3, 10);
    const b = acc("BOOL_AND", [T.boolean()]);
    b.add([true]);
    b.add([false]);
    b.retract([false]);
    expect(b.value()).toBe(true);
  });
});

test("aliases: STDDEV_SAMP, SUM0 and EVERY; COUNT(DISTINCT a, b) counts distinct tuples", () => {
  expect(agg("STDDEV_SAMP", [T.double()], [[1], [3]])).toBeCloseTo(Math.SQRT2, 12);
  expect(agg("SUM0", [T.bigint()], [])).toBe(0n);
  expect(aggType("SUM0", T.int())).toBe("INT NOT NULL");
  expect(agg("EVERY", [T.boolean()], [[true], [true]])).toBe(true);
  expect(agg("COUNT", [T.int(), T.string()], [[1, "a"], [1, "a"], [1, "b"], [null, "c"]], true)).toBe(2n);
});
