/**
 * Conditional, collection and JSON functions. Sources: Apache Flink docs, "System (Built-in)
 * Functions" > Conditional Functions (COALESCE, NULLIF, IF, IFNULL, GREATEST/LEAST return NULL
 * if any argument is NULL), Collection Functions (1-based element access, NULL out of range,
 * CARDINALITY, ELEMENT, ARRAY_* and MAP_* functions), Value Construction Functions (ARRAY[..],
 * MAP[..]) and JSON Functions (JSON_VALUE/JSON_QUERY/JSON_EXISTS, strict paths unless `lax`,
 * JSON_OBJECT NULL ON NULL, JSON_ARRAY ABSENT ON NULL, IS JSON).
 */
import { describe, expect, test } from "vitest";
import type { InternalValue } from "../../../../src/emulator/sql/functions/registry.ts";
import type { LogicalType } from "../../../../src/types/model.ts";
import { Decimal } from "../../../../src/types/decimal.ts";
import { T, big, call, dbl, int, nul, str, typeOf } from "./support.ts";

const arr = (t: LogicalType, v: InternalValue[]): [LogicalType, InternalValue] => [T.array(t, false), v];
const map = (k: LogicalType, v: LogicalType, entries: [InternalValue, InternalValue][]): [LogicalType, InternalValue] => [T.map(k, v, false), new Map(entries)];
const b = (v: boolean): [LogicalType, InternalValue] => [T.boolean(false), v];

describe("conditional", () => {
  test("COALESCE: common type, NOT NULL when any argument is, first non-null value converted", () => {
    expect(typeOf("COALESCE", T.int(true), T.decimal(10, 2, false))).toBe("DECIMAL(12, 2) NOT NULL");
    expect(typeOf("COALESCE", T.int(true), T.bigint(true))).toBe("BIGINT");
    expect(call("COALESCE", [nul(T.int()), [T.decimal(10, 2, false), Decimal.parse("1.50")]])).toEqual(Decimal.parse("1.50"));
    expect(call("COALESCE", [[T.int(true), 7], [T.decimal(10, 2, false), Decimal.parse("1.50")]])).toEqual(Decimal.parse("7.00"));
    expect(call("COALESCE", [nul(T.string()), nul(T.string())])).toBeNull();
    expect(() => typeOf("COALESCE", T.int(false), T.boolean(false))).toThrow(/Cannot apply 'COALESCE'/);
  });
  test("IFNULL / NULLIF / IF", () => {
    expect(call("IFNULL", [nul(T.int()), int(3)])).toBe(3);
    expect(typeOf("IFNULL", T.int(true), T.int(false))).toBe("INT NOT NULL");
    expect(call("NULLIF", [int(1), int(1)])).toBeNull();
    expect(call("NULLIF", [int(1), int(2)])).toBe(1);
    expect(typeOf("NULLIF", T.int(false), T.int(false))).toBe("INT");
    expect(call("IF", [b(true), str("y"), str("n")])).toBe("y");
    expect(call("IF", [nul(T.boolean()), str("y"), str("n")])).toBe("n");
    expect(typeOf("IF", T.boolean(false), T.int(false), T.double(false))).toBe("DOUBLE NOT NULL");
    expect(call("IF", [b(true), int(1), dbl(2.5)])).toBe(1);
    expect(() => typeOf("IF", T.int(false), T.int(false), T.int(false))).toThrow(/Cannot apply 'IF'/);
  });
  test("GREATEST / LEAST (NULL if any argument is NULL)", () => {
    expect(call("GREATEST", [int(1), int(5), int(3)])).toBe(5);
    expect(call("LEAST", [str("b"), str("a")])).toBe("a");
    expect(call("GREATEST", [int(1), nul(T.int())])).toBeNull();
    expect(typeOf("GREATEST", T.int(false), T.bigint(false))).toBe("BIGINT NOT NULL");
    expect(call("GREATEST", [int(1), big(5n)])).toBe(5n);
  });
});

describe("collections", () => {
  test("constructors: ARRAY[...] and MAP[...] take the common element type and are NOT NULL", () => {
    expect(typeOf("ARRAY", T.int(false), T.double(false))).toBe("ARRAY<DOUBLE NOT NULL> NOT NULL");
    expect(call("ARRAY", [int(1), dbl(2.5), nul(T.int())])).toEqual([1, 2.5, null]);
    expect(typeOf("MAP", T.char(1, false), T.int(false))).toBe("MAP<CHAR(1) NOT NULL, INT NOT NULL> NOT NULL");
    const m = call("MAP", [str("a"), int(1), str("a"), int(2)]) as Map<InternalValue, InternalValue>;
    expect([...m]).toEqual([["a", 2]]);
  });
  test("element and map access: 1-based, NULL when missing", () => {
    expect(call("ITEM", [arr(T.int(), [10, 20]), int(1)])).toBe(10);
    expect(call("ITEM", [arr(T.int(), [10, 20]), int(3)])).toBeNull();
    expect(call("ITEM", [arr(T.int(), [10, 20]), int(0)])).toBeNull();
    expect(typeOf("ITEM", T.array(T.int(false), false), T.int(false))).toBe("INT");
    expect(call("ITEM", [map(T.string(), T.int(), [["a", 1]]), str("a")])).toBe(1);
    expect(call("ITEM", [map(T.string(), T.int(), [["a", 1]]), str("b")])).toBeNull();
    expect(call("ITEM", [map(T.bigint(), T.string(), [[5n, "x"]]), int(5)])).toBe("x");
  });
  test("CARDINALITY / ELEMENT", () => {
    expect(call("CARDINALITY", [arr(T.int(), [1, 2, 3])])).toBe(3);
    expect(call("CARDINALITY", [map(T.string(), T.int(), [["a", 1]])])).toBe(1);
    expect(call("CARDINALITY", [[T.multiset(T.int(), false), new Map<InternalValue, InternalValue>([[1, 2], [3, 1]])]])).toBe(3);
    expect(call("ELEMENT", [arr(T.int(), [7])])).toBe(7);
    expect(call("ELEMENT", [arr(T.int(), [])])).toBeNull();
    expect(() => call("ELEMENT", [arr(T.int(), [1, 2])])).toThrow(/more than one element/);
  });
  test("ARRAY_CONTAINS / ARRAY_POSITION / ARRAY_REMOVE / ARRAY_DISTINCT / ARRAY_REVERSE", () => {
    expect(call("ARRAY_CONTAINS", [arr(T.int(), [1, 2]), int(2)])).toBe(true);
    expect(call("ARRAY_CONTAINS", [arr(T.bigint(), [1n, 2n]), int(2)])).toBe(true);
    expect(call("ARRAY_CONTAINS", [arr(T.int(), [1, null]), nul(T.int())])).toBe(true);
    expect(call("ARRAY_CONTAINS", [nul(T.array(T.int())), int(1)])).toBeNull();
    expect(call("ARRAY_POSITION", [arr(T.string(), ["a", "b", "b"]), str("b")])).toBe(2);
    expect(call("ARRAY_POSITION", [arr(T.string(), ["a"]), str("z")])).toBe(0);
    expect(call("ARRAY_REMOVE", [arr(T.int(), [1, 2, 1, 3]), int(1)])).toEqual([2, 3]);
    expect(call("ARRAY_DISTINCT", [arr(T.int(), [1, 2, 1, null, null])])).toEqual([1, 2, null]);
    expect(call("ARRAY_REVERSE", [arr(T.int(), [1, 2, 3])])).toEqual([3, 2, 1]);
  });
  test("ARRAY_SLICE / ARRAY_CONCAT / ARRAY_APPEND / ARRAY_PREPEND / ARRAY_JOIN / ARRAY_MAX / ARRAY_MIN", () => {
    expect(call("ARRAY_SLICE", [arr(T.int(), [1, 2, 3, 4, 5]), int(2), int(4)])).toEqual([2, 3, 4]);
    expect(call("ARRAY_SLICE", [arr(T.int(), [1, 2, 3, 4, 5]), int(-2)])).toEqual([4, 5]);
    expect(call("ARRAY_SLICE", [arr(T.int(), [1, 2, 3]), int(3), int(1)])).toEqual([]);
    expect(call("ARRAY_CONCAT", [arr(T.int(), [1]), arr(T.int(), [2, 3])])).toEqual([1, 2, 3]);
    expect(call("ARRAY_APPEND", [arr(T.int(), [1]), int(2)])).toEqual([1, 2]);
    expect(call("ARRAY_PREPEND", [arr(T.int(), [1]), int(0)])).toEqual([0, 1]);
    expect(call("ARRAY_JOIN", [arr(T.string(), ["a", null, "c"]), str(",")])).toBe("a,c");
    expect(call("ARRAY_JOIN", [arr(T.string(), ["a", null, "c"]), str(","), str("?")])).toBe("a,?,c");
    expect(call("ARRAY_MAX", [arr(T.int(), [3, null, 9, 1])])).toBe(9);
    expect(call("ARRAY_MIN", [arr(T.int(), [])])).toBeNull();
  });
  // Flink docs, "Collection Functions": MAP_FROM_ARRAYS(keys, values) pairs keys[i] with
  // values[i]; MapFromArraysFunction fails the job when the lengths differ.
  test("MAP_FROM_ARRAYS", () => {
    expect(typeOf("MAP_FROM_ARRAYS", T.array(T.string(false), false), T.array(T.int(true), false))).toBe("MAP<STRING NOT NULL, INT> NOT NULL");
    expect(typeOf("MAP_FROM_ARRAYS", T.array(T.int(), true), T.array(T.int(), false))).toBe("MAP<INT, INT>");
    expect(call("MAP_FROM_ARRAYS", [arr(T.string(), ["a", "b"]), arr(T.int(), [1, null])])).toEqual(new Map<InternalValue, InternalValue>([["a", 1], ["b", null]]));
    expect(call("MAP_FROM_ARRAYS", [arr(T.int(), []), arr(T.string(), [])])).toEqual(new Map());
    expect(call("MAP_FROM_ARRAYS", [arr(T.int(), [1, 1]), arr(T.string(), ["x", "y"])])).toEqual(new Map([[1, "y"]]));
    expect(call("MAP_FROM_ARRAYS", [nul(T.array(T.int())), arr(T.int(), [1])])).toBeNull();
    expect(() => call("MAP_FROM_ARRAYS", [arr(T.int(), [1]), arr(T.int(), [1, 2])])).toThrow(/The length of the keys array 1 is not equal to the length of the values array 2/);
    expect(() => typeOf("MAP_FROM_ARRAYS", T.int(false), T.array(T.int(), false))).toThrow(/Cannot apply 'MAP_FROM_ARRAYS'/);
  });
  test("MAP_KEYS / MAP_VALUES / MAP_ENTRIES", () => {
    const m = map(T.string(), T.int(), [["a", 1], ["b", 2]]);
    expect(call("MAP_KEYS", [m])).toEqual(["a", "b"]);
    expect(call("MAP_VALUES", [m])).toEqual([1, 2]);
    expect(call("MAP_ENTRIES", [m])).toEqual([["a", 1], ["b", 2]]);
    expect(typeOf("MAP_ENTRIES", T.map(T.string(false), T.int(), false))).toBe("ARRAY<ROW<`key` STRING NOT NULL, `value` INT> NOT NULL> NOT NULL");
  });
});

describe("JSON", () => {
  const doc = str('{"a": {"b": [1, 2.5, "x", true, null]}, "name": "Ann", "o": {"k": 1}}');
  test("JSON_VALUE returns scalars as STRING, NULL for missing / non-scalar / invalid JSON", () => {
    expect(typeOf("JSON_VALUE", T.string(false), T.string(false))).toBe("STRING");
    expect(call("JSON_VALUE", [doc, str("$.name")])).toBe("Ann");
    expect(call("JSON_VALUE", [doc, str("$.a.b[0]")])).toBe("1");
    expect(call("JSON_VALUE", [doc, str("$.a.b[1]")])).toBe("2.5");
    expect(call("JSON_VALUE", [doc, str("$.a.b[3]")])).toBe("true");
    expect(call("JSON_VALUE", [doc, str("$.a.b[4]")])).toBeNull();
    expect(call("JSON_VALUE", [doc, str("$['name']")])).toBe("Ann");
    expect(call("JSON_VALUE", [doc, str("lax $.missing")])).toBeNull();
    expect(call("JSON_VALUE", [doc, str("$.o")])).toBeNull();
    expect(call("JSON_VALUE", [str("not json"), str("$.a")])).toBeNull();
    expect(() => call("JSON_VALUE", [doc, str("a.b")])).toThrow(/Illegal jsonpath/);
  });
  test("JSON_QUERY returns objects/arrays as JSON text; JSON_EXISTS", () => {
    expect(call("JSON_QUERY", [doc, str("$.o")])).toBe('{"k":1}');
    expect(call("JSON_QUERY", [doc, str("$.a.b")])).toBe('[1,2.5,"x",true,null]');
    expect(call("JSON_QUERY", [doc, str("$.name")])).toBeNull();
    expect(call("JSON_EXISTS", [doc, str("$.a.b[2]")])).toBe(true);
    expect(call("JSON_EXISTS", [doc, str("$.zzz")])).toBe(false);
    expect(call("JSON_EXISTS", [doc, str("strict $.zzz")])).toBe(false);
  });
  test("JSON_OBJECT (NULL ON NULL default) / JSON_ARRAY (ABSENT ON NULL default) / JSON_STRING", () => {
    expect(typeOf("JSON_OBJECT", T.char(4, false), T.string(false), T.int(true))).toBe("STRING NOT NULL");
    expect(call("JSON_OBJECT", [str("NULL"), str("a"), int(1), str("b"), nul(T.string()), str("c"), str("x\"y")])).toBe('{"a":1,"b":null,"c":"x\\"y"}');
    expect(call("JSON_OBJECT", [str("ABSENT"), str("a"), int(1), str("b"), nul(T.string())])).toBe('{"a":1}');
    expect(call("JSON_ARRAY", [str("ABSENT"), int(1), nul(T.int()), b(true), [T.decimal(5, 2, false), Decimal.parse("1.50")]])).toBe("[1,true,1.50]");
    expect(call("JSON_ARRAY", [str("NULL"), nul(T.int())])).toBe("[null]");
    expect(call("JSON_STRING", [arr(T.int(), [1, 2])])).toBe("[1,2]");
    expect(call("JSON_STRING", [str("a")])).toBe('"a"');
    expect(call("JSON_STRING", [dbl(1)])).toBe("1.0");
    expect(call("JSON_STRING", [map(T.string(), T.int(), [["k", 1]])])).toBe('{"k":1}');
  });
  test("IS JSON [VALUE | OBJECT | ARRAY | SCALAR]", () => {
    expect(call("IS JSON", [str("{}")])).toBe(true);
    expect(call("IS JSON", [str("{"), str("VALUE")])).toBe(false);
    expect(call("IS JSON", [str("[1]"), str("OBJECT")])).toBe(false);
    expect(call("IS JSON", [str("[1]"), str("ARRAY")])).toBe(true);
    expect(call("IS JSON", [str("1"), str("SCALAR")])).toBe(true);
    expect(call("IS JSON", [nul(T.string())])).toBe(false);
  });
});

describe("JSON_VALUE ... RETURNING (type text as a constant third argument)", () => {
  test("the RETURNING type comes from the literal; values are cast with NULL ON ERROR", async () => {
    const { lookupScalar } = await import("../../../../src/emulator/sql/functions/registry.ts");
    const { formatType } = await import("../../../../src/types/format-type.ts");
    const f = lookupScalar("JSON_VALUE")!;
    const ts = [T.string(false), T.string(false), T.string(false)];
    const rt = f.inferTypeWithLiterals!(ts, [undefined, undefined, "INT"])!;
    expect(formatType(rt)).toBe("INT");
    const run = f.compile(ts, rt);
    const ctx = { now: () => 0, localTimeZone: "UTC", random: () => 0.5 };
    expect(run(['{"a": 42}', "$.a", "INT"], ctx)).toBe(42);
    expect(run(['{"a": "x"}', "$.a", "INT"], ctx)).toBeNull();
    const drt = f.inferTypeWithLiterals!(ts, [undefined, undefined, "DOUBLE"])!;
    expect(f.compile(ts, drt)(['{"a": 2.5}', "$.a", "DOUBLE"], ctx)).toBe(2.5);
    expect(() => f.inferTypeWithLiterals!(ts, [undefined, undefined, "NOT A TYPE"])).toThrow(/RETURNING/);
  });
});
