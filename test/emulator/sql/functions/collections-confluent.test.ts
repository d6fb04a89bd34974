/**
 * The collection, JSON and conversion functions Confluent Cloud lists that the emulator gained:
 * ARRAY_SORT, ARRAY_UNION, ARRAY_EXCEPT, ARRAY_INTERSECT, MAP_UNION, JSON_QUOTE, JSON_UNQUOTE,
 * TYPEOF, JSON_OBJECTAGG and JSON_ARRAYAGG, plus the Flink behaviour of existing ones that was
 * off (ARRAY_POSITION, ARRAY_APPEND/PREPEND, ARRAY_MAX/MIN). Each expected value names its source:
 *
 * - CC_COLL / CC_JSON: Confluent Cloud's "Collection Functions" / "JSON Functions" pages (the
 *   function lists; descriptions as Flink's).
 * - FLINK_DOCS: Apache Flink "System (Built-in) Functions" (docs/data/sql_functions.yml).
 * - Flink ITCases (apache/flink flink-table-planner .../functions/*ITCase.java) where the docs
 *   give no example: CollectionFunctionsITCase, MiscFunctionsITCase, JsonAggregationFunctionsITCase.
 */
import { describe, expect, test } from "vitest";
import type { InternalValue } from "../../../../src/emulator/sql/functions/registry.ts";
import { lookupAggregate, listFunctions } from "../../../../src/emulator/sql/functions/registry.ts";
import type { LogicalType } from "../../../../src/types/model.ts";
import { T, agg, aggType, call, int, nul, str, typeOf } from "./support.ts";

const CC_COLL = "https://docs.confluent.io/cloud/current/flink/reference/functions/collection-functions.html";
const CC_JSON = "https://docs.confluent.io/cloud/current/flink/reference/functions/json-functions.html";
const FLINK_DOCS = "https://nightlies.apache.org/flink/flink-docs-stable/docs/dev/table/functions/systemfunctions/";
const COLLECTION_IT = "apache/flink CollectionFunctionsITCase.java";
const MISC_IT = "apache/flink MiscFunctionsITCase.java";
const JSON_AGG_IT = "apache/flink JsonAggregationFunctionsITCase.java";

const arr = (t: LogicalType, v: InternalValue[], nullable = false): [LogicalType, InternalValue] => [T.array(t, nullable), v];
const map = (k: LogicalType, v: LogicalType, entries: [InternalValue, InternalValue][]): [LogicalType, InternalValue] => [T.map(k, v, false), new Map(entries)];
const b = (v: boolean): [LogicalType, InternalValue] => [T.boolean(false), v];
const ints = (v: (number | null)[]) => arr(T.int(), v);

describe(`new functions are listed (${CC_COLL}, ${CC_JSON})`, () => {
  test("SHOW FUNCTIONS names them; the JSON aggregates under Flink's per-ON-NULL names", () => {
    const names = listFunctions();
    for (const n of ["ARRAY_SORT", "ARRAY_UNION", "ARRAY_EXCEPT", "ARRAY_INTERSECT", "MAP_UNION", "JSON_QUOTE", "JSON_UNQUOTE", "TYPEOF"]) expect(names).toContain(n);
    for (const n of ["JSON_OBJECTAGG_NULL_ON_NULL", "JSON_OBJECTAGG_ABSENT_ON_NULL", "JSON_ARRAYAGG_NULL_ON_NULL", "JSON_ARRAYAGG_ABSENT_ON_NULL"]) expect(lookupAggregate(n)?.name).toBe(n);
  });
});

describe(`ARRAY_SORT (${FLINK_DOCS}; ${COLLECTION_IT})`, () => {
  // FLINK_DOCS: "defaulting to ascending order with NULLs at the start ... ascending_order false
  // orders it in descending with NULLs last ... null_first ... irrespective of the sorting order".
  test("orders, NULL placement, NULL arguments", () => {
    const f0 = ints([1, 2, 2, null]);
    expect(call("ARRAY_SORT", [f0])).toEqual([null, 1, 2, 2]);
    expect(call("ARRAY_SORT", [f0, b(false)])).toEqual([2, 2, 1, null]);
    expect(call("ARRAY_SORT", [f0, b(true)])).toEqual([null, 1, 2, 2]);
    expect(call("ARRAY_SORT", [f0, b(true), b(false)])).toEqual([1, 2, 2, null]);
    expect(call("ARRAY_SORT", [f0, b(false), b(true)])).toEqual([null, 2, 2, 1]);
    expect(call("ARRAY_SORT", [f0, b(false), b(false)])).toEqual([2, 2, 1, null]);
    expect(call("ARRAY_SORT", [f0, nul(T.boolean())])).toBeNull();
    expect(call("ARRAY_SORT", [f0, b(false), nul(T.boolean())])).toBeNull();
    expect(call("ARRAY_SORT", [nul(T.array(T.int())), b(true)])).toBeNull();
    expect(call("ARRAY_SORT", [arr(T.string(), ["a", "cv", "dc", "rerer", "234", "12"])])).toEqual(["12", "234", "a", "cv", "dc", "rerer"]);
    expect(call("ARRAY_SORT", [arr(T.double(), [1.2, 3.5, 4.7, 1.3, 1.0, 5.0]), b(false)])).toEqual([5.0, 4.7, 3.5, 1.3, 1.2, 1.0]);
  });
  test("type: the array's, nullable when any argument is; ROW elements are rejected", () => {
    expect(typeOf("ARRAY_SORT", T.array(T.int(), false))).toBe("ARRAY<INT> NOT NULL");
    expect(typeOf("ARRAY_SORT", T.array(T.int(), false), T.boolean(true))).toBe("ARRAY<INT>");
    const rowArray = T.array({ type: "ROW", nullable: true, fields: [{ name: "f0", type: T.boolean() }, { name: "f1", type: T.date() }] });
    expect(() => typeOf("ARRAY_SORT", rowArray, T.boolean(false))).toThrow("Invalid function call:\nARRAY_SORT(ARRAY<ROW<f0 BOOLEAN, f1 DATE>>, BOOLEAN NOT NULL)");
    expect(() => typeOf("ARRAY_SORT", T.int(false))).toThrow(/Invalid input arguments. Expected signatures are:\nARRAY_SORT\(<ARRAY<COMPARABLE>>\)/);
  });
});

describe(`ARRAY_UNION / ARRAY_EXCEPT / ARRAY_INTERSECT (${FLINK_DOCS}; ${COLLECTION_IT})`, () => {
  test("ARRAY_UNION: union without duplicates, NULL if either array is NULL", () => {
    expect(call("ARRAY_UNION", [ints([1, 2, null]), ints([1, null, 4])])).toEqual([1, 2, null, 4]);
    expect(call("ARRAY_UNION", [arr(T.int(false), [1]), ints([2, null])])).toEqual([1, 2, null]);
    expect(call("ARRAY_UNION", [nul(T.array(T.int())), ints([1, null, 4])])).toBeNull();
    expect(typeOf("ARRAY_UNION", T.array(T.int(false), true), T.array(T.int(), false))).toBe("ARRAY<INT>");
    expect(() => typeOf("ARRAY_UNION", T.int(false), T.boolean(false))).toThrow("Invalid input arguments. Expected signatures are:\nARRAY_UNION(<COMMON>, <COMMON>)");
  });
  test("ARRAY_EXCEPT: array1's distinct elements not in array2, order kept, NULL last", () => {
    const f0 = ints([1, 2, 2]);
    expect(call("ARRAY_EXCEPT", [f0, ints([1, null, 4])])).toEqual([2]);
    expect(call("ARRAY_EXCEPT", [f0, ints([42])])).toEqual([1, 2]);
    expect(call("ARRAY_EXCEPT", [ints([1, 2, 3, 2, 4, 2]), ints([2, 2])])).toEqual([1, 3, 4]);
    expect(call("ARRAY_EXCEPT", [f0, nul(T.array(T.int()))])).toBeNull();
    expect(call("ARRAY_EXCEPT", [f0, ints([null, 2])])).toEqual([1]);
    expect(call("ARRAY_EXCEPT", [ints([null, null, 1]), ints([null, 42])])).toEqual([1]);
    expect(call("ARRAY_EXCEPT", [ints([null, 1]), ints([42])])).toEqual([1, null]);
    expect(call("ARRAY_EXCEPT", [arr(T.array(T.int()), [[1, null, 3], [0], [1]]), arr(T.array(T.int(), false), [[0]])])).toEqual([[1, null, 3], [1]]);
    expect(() => typeOf("ARRAY_EXCEPT", T.array(T.int()), T.array(T.char(2, false), false))).toThrow("ARRAY_EXCEPT(<COMMON>, <COMMON>)");
  });
  test("ARRAY_INTERSECT: array1's distinct elements also in array2, NULL when both hold one", () => {
    expect(call("ARRAY_INTERSECT", [ints([1, 1, 2]), ints([1, null, 4])])).toEqual([1]);
    expect(call("ARRAY_INTERSECT", [ints([1, 1, 2]), ints([3, 4])])).toEqual([]);
    expect(call("ARRAY_INTERSECT", [nul(T.array(T.int())), ints([1, null, 4])])).toBeNull();
    expect(call("ARRAY_INTERSECT", [ints([null, null, 1]), ints([null, 42])])).toEqual([null]);
    const m12 = new Map<InternalValue, InternalValue>([[1, "a"], [2, "b"]]);
    const mapArr = T.array(T.map(T.int(), T.string()));
    expect(call("ARRAY_INTERSECT", [[mapArr, [m12, new Map([[3, "c"]])]], [mapArr, [new Map<InternalValue, InternalValue>([[1, "a"], [2, "b"]])]]])).toEqual([m12]);
  });
});

describe("MAP_UNION (FLINK_DOCS; FLINK-32261's examples)", () => {
  test("later maps win on repeated keys; NULL when any map is NULL; one map is returned as is", () => {
    const m1 = map(T.string(), T.int(), [["a", 1], ["b", 2]]);
    const entries = (v: InternalValue) => Object.fromEntries(v as Map<string, number>);
    expect(entries(call("MAP_UNION", [m1, map(T.string(), T.int(), [["c", 3], ["d", 4]])]))).toEqual({ a: 1, b: 2, c: 3, d: 4 });
    expect(entries(call("MAP_UNION", [m1, map(T.string(), T.int(), [["b", 3], ["c", 4]])]))).toEqual({ a: 1, b: 3, c: 4 });
    expect(entries(call("MAP_UNION", [m1]))).toEqual({ a: 1, b: 2 });
    expect(call("MAP_UNION", [m1, nul(T.map(T.string(), T.int()))])).toBeNull();
    // Flink's MapUnionFunction order: the later map's entries, then the earlier ones it did not override.
    expect([...(call("MAP_UNION", [m1, map(T.string(), T.int(), [["b", 3], ["c", 4]])]) as Map<string, number>).keys()]).toEqual(["b", "c", "a"]);
    expect(typeOf("MAP_UNION", T.map(T.string(), T.int(), false), T.map(T.string(), T.bigint(), true))).toBe("MAP<STRING, BIGINT>");
    expect(() => typeOf("MAP_UNION", T.int(false))).toThrow("MAP_UNION(<COMMON>, <COMMON>...)");
  });
});

describe(`existing collection functions, Flink semantics (${COLLECTION_IT})`, () => {
  test("ARRAY_POSITION of a NULL needle is NULL, typed INT (nullable)", () => {
    expect(call("ARRAY_POSITION", [arr(T.int(false), [null, 1, 2, 2, null].filter((x) => x !== null)), nul(T.int())])).toBeNull();
    expect(typeOf("ARRAY_POSITION", T.array(T.int(false), false), T.int(true))).toBe("INT");
    expect(typeOf("ARRAY_POSITION", T.array(T.int(false), false), T.int(false))).toBe("INT NOT NULL");
    expect(call("ARRAY_POSITION", [arr(T.int(), [null, 1, 2, 2, null]), int(2)])).toBe(3);
  });
  test("ARRAY_APPEND / ARRAY_PREPEND of NULL make the element type nullable", () => {
    expect(typeOf("ARRAY_APPEND", T.array(T.string(false), true), T.null())).toBe("ARRAY<STRING>");
    expect(typeOf("ARRAY_APPEND", T.array(T.string(false), true), T.char(1, false))).toBe("ARRAY<STRING NOT NULL>");
    expect(call("ARRAY_APPEND", [arr(T.string(false), ["Hello", "World"]), nul(T.string())])).toEqual(["Hello", "World", null]);
    expect(call("ARRAY_PREPEND", [arr(T.string(false), ["Hello", "World"]), str("!")])).toEqual(["!", "Hello", "World"]);
  });
  test("validation errors in Flink's words (CollectionFunctionsITCase)", () => {
    expect(() => typeOf("ARRAY_CONTAINS", T.array(T.int()), T.boolean(false))).toThrow("Invalid input arguments. Expected signatures are:\nARRAY_CONTAINS(haystack <ARRAY>, needle <ARRAY ELEMENT>)");
    expect(() => typeOf("ARRAY_POSITION", T.array(T.int(false), false), T.boolean(false))).toThrow("ARRAY_POSITION(haystack <ARRAY>, needle <ARRAY ELEMENT>)");
    expect(() => typeOf("ARRAY_REMOVE", T.array(T.int()), T.boolean(false))).toThrow("ARRAY_REMOVE(haystack <ARRAY>, needle <ARRAY ELEMENT>)");
    expect(() => typeOf("ARRAY_APPEND", T.array(T.string(false)), T.int(false))).toThrow("ARRAY_APPEND(array <ARRAY>, element <ARRAY ELEMENT>)");
    expect(() => typeOf("ARRAY_PREPEND", T.int(false), T.array(T.string(false)))).toThrow("ARRAY_PREPEND(array <ARRAY>, element <ARRAY ELEMENT>)");
    expect(() => typeOf("ARRAY_SLICE", T.array(T.string()), T.boolean(false), T.decimal(2, 1, false))).toThrow("Invalid input arguments. Expected signatures are:\nARRAY_SLICE(<ARRAY>, <INTEGER>, <INTEGER>)");
    expect(() => typeOf("ARRAY_JOIN", T.array(T.int()), T.char(1, false))).toThrow(
      "Invalid input arguments. Expected signatures are:\nARRAY_JOIN(ARRAY<STRING>, <CHARACTER_STRING>)\nARRAY_JOIN(ARRAY<STRING>, <CHARACTER_STRING>, <CHARACTER_STRING>)",
    );
    expect(() => typeOf("ARRAY_CONCAT", T.array(T.string(), false), T.array(T.int(false), false))).toThrow("Invalid function call:\nARRAY_CONCAT(ARRAY<STRING> NOT NULL, ARRAY<INT NOT NULL> NOT NULL)");
    expect(() => typeOf("ARRAY_MAX", T.int(false))).toThrow("Invalid function call:\nARRAY_MAX(INT NOT NULL)");
  });
  test("ARRAY_JOIN is always STRING (nullable), as Flink declares it", () => {
    expect(typeOf("ARRAY_JOIN", T.array(T.string(), false), T.char(1, false))).toBe("STRING");
  });
  test("ARRAY_MAX / ARRAY_MIN reject BOOLEAN, ROW, ARRAY and MAP elements", () => {
    expect(() => typeOf("ARRAY_MAX", T.array(T.boolean(), true))).toThrow("Invalid function call:\nARRAY_MAX(ARRAY<BOOLEAN>)");
    expect(() => typeOf("ARRAY_MIN", T.array(T.array(T.int()), true))).toThrow("Invalid function call:\nARRAY_MIN(ARRAY<ARRAY<INT>>)");
    expect(call("ARRAY_MAX", [arr(T.string(), ["a", null, "bc", "d", "def"])])).toBe("def");
  });
});

describe(`JSON_QUOTE / JSON_UNQUOTE (${CC_JSON}; ${FLINK_DOCS} string functions)`, () => {
  test("JSON_QUOTE escapes quote, backslash, slash, control characters and non-ASCII", () => {
    expect(call("JSON_QUOTE", [str("Hello, World!")])).toBe('"Hello, World!"');
    expect(call("JSON_QUOTE", [str('a"b\\c/d\te\nf')])).toBe('"a\\"b\\\\c\\/d\\te\\nf"');
    expect(call("JSON_QUOTE", [str("é€")])).toBe('"\\u00e9\\u20ac"');
    expect(call("JSON_QUOTE", [nul(T.string())])).toBeNull();
    expect(typeOf("JSON_QUOTE", T.string(false))).toBe("STRING NOT NULL");
    expect(() => typeOf("JSON_QUOTE", T.int(false))).toThrow(/Cannot apply 'JSON_QUOTE'/);
  });
  test("JSON_UNQUOTE unescapes a JSON string literal and passes anything else through", () => {
    expect(call("JSON_UNQUOTE", [str('"abc"')])).toBe("abc");
    expect(call("JSON_UNQUOTE", [str('"a\\"b\\/\\u00e9\\n"')])).toBe('a"b/é\n');
    expect(call("JSON_UNQUOTE", [str("[1, 2, 3]")])).toBe("[1, 2, 3]");
    expect(call("JSON_UNQUOTE", [str('"not closed')])).toBe('"not closed');
    expect(call("JSON_UNQUOTE", [str('"bad \\x escape"')])).toBe('"bad \\x escape"');
    expect(call("JSON_UNQUOTE", [str("abc")])).toBe("abc");
    expect(call("JSON_UNQUOTE", [nul(T.string())])).toBeNull();
    // JSON_UNQUOTE(JSON_QUOTE(s)) is s.
    const s = 'x "y" \\ / é\t';
    expect(call("JSON_UNQUOTE", [str(call("JSON_QUOTE", [str(s)]) as string)])).toBe(s);
  });
});

describe(`TYPEOF (${FLINK_DOCS} "Type Conversion Functions"; ${MISC_IT})`, () => {
  test("summary string, serializable string with a TRUE literal, NULL for the NULL type", () => {
    expect(call("TYPEOF", [int(12)])).toBe("INT NOT NULL");
    expect(call("TYPEOF", [[T.char(11, false), "Hello world"], b(true)])).toBe("CHAR(11) NOT NULL");
    expect(call("TYPEOF", [[T.null(), null]])).toBe("NULL");
    expect(call("TYPEOF", [str("x")])).toBe("STRING NOT NULL");
    expect(call("TYPEOF", [str("x"), b(true)])).toBe("VARCHAR(2147483647) NOT NULL");
    expect(typeOf("TYPEOF", T.int(false))).toBe("STRING");
  });
});

describe(`JSON_OBJECTAGG / JSON_ARRAYAGG (${CC_JSON}; ${JSON_AGG_IT})`, () => {
  test("results and type VARCHAR(2000) NOT NULL", () => {
    const rows = [["A", 1], ["B", null], ["C", 3]];
    expect(agg("JSON_OBJECTAGG_NULL_ON_NULL", [T.string(), T.int()], rows)).toBe('{"A":1,"B":null,"C":3}');
    expect(agg("JSON_OBJECTAGG_ABSENT_ON_NULL", [T.string(), T.int()], rows)).toBe('{"A":1,"C":3}');
    expect(agg("JSON_ARRAYAGG_ABSENT_ON_NULL", [T.string()], [["A"], [null], ["C"]])).toBe('["A","C"]');
    expect(agg("JSON_ARRAYAGG_NULL_ON_NULL", [T.string()], [["A"], [null], ["C"]])).toBe('["A",null,"C"]');
    expect(agg("JSON_ARRAYAGG_ABSENT_ON_NULL", [T.int()], [])).toBe("[]");
    expect(aggType("JSON_OBJECTAGG_NULL_ON_NULL", T.string(), T.int())).toBe("VARCHAR(2000) NOT NULL");
    expect(aggType("JSON_ARRAYAGG_ABSENT_ON_NULL", T.int())).toBe("VARCHAR(2000) NOT NULL");
  });
  // FLINK_DOCS JSON_OBJECTAGG example: '{"Apple":2,"Banana":17,"Orange":0}'.
  test("the docs' JSON_OBJECTAGG example; JSON_ARRAYAGG's", () => {
    expect(agg("JSON_OBJECTAGG_NULL_ON_NULL", [T.string(), T.int()], [["Apple", 2], ["Banana", 17], ["Orange", 0]])).toBe('{"Apple":2,"Banana":17,"Orange":0}');
    expect(agg("JSON_ARRAYAGG_ABSENT_ON_NULL", [T.string()], [["Apple"], ["Banana"], ["Orange"]])).toBe('["Apple","Banana","Orange"]');
  });
  test("retraction (Flink's retract methods)", () => {
    const f = lookupAggregate("JSON_OBJECTAGG_NULL_ON_NULL")!;
    const ts = [T.string(), T.int()];
    const acc = f.create(ts, f.inferType(ts, false), false);
    acc.add(["A", 1]);
    acc.add(["B", 2]);
    acc.add(["C", 3]);
    acc.retract(["B", 2]);
    expect(acc.value()).toBe('{"A":1,"C":3}');
    acc.retract(["A", 99]); // a different value: the key stays
    expect(acc.value()).toBe('{"A":1,"C":3}');
    const g = lookupAggregate("JSON_ARRAYAGG_ABSENT_ON_NULL")!;
    const a2 = g.create([T.int()], g.inferType([T.int()], false), false);
    for (const v of [1, 2, 3]) a2.add([v]);
    a2.retract([2]);
    expect(a2.value()).toBe("[1,3]");
    expect(a2.empty).toBe(false);
  });
  test("a repeated key fails the job (TableException); non-character keys fail validation", () => {
    expect(() => agg("JSON_OBJECTAGG_NULL_ON_NULL", [T.string(), T.int()], [["A", 1], ["A", 2]])).toThrow(
      "Key 'A' is already present. Duplicate keys are not allowed in JSON_OBJECTAGG. Please ensure that keys are unique.",
    );
    expect(() => aggType("JSON_OBJECTAGG_NULL_ON_NULL", T.int(), T.int())).toThrow(
      "Cannot apply 'JSON_OBJECTAGG_NULL_ON_NULL' to arguments of type 'JSON_OBJECTAGG_NULL_ON_NULL(<INTEGER>, <INTEGER>)'. Supported form(s): 'JSON_OBJECTAGG_NULL_ON_NULL(<CHARACTER>, <ANY>)'",
    );
  });
});
