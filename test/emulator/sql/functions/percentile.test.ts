/**
 * PERCENTILE(expr, percentage [, frequency]), listed on Confluent's "Numeric Functions" page
 * (https://docs.confluent.io/cloud/current/flink/reference/functions/numeric-functions.html).
 * Expected values cite where they come from: the function's examples in FLINK-36123
 * (https://issues.apache.org/jira/browse/FLINK-36123, the text of Flink's docs entry) and
 * Flink's PercentileAggFunctionITCase (apache/flink, flink-table-planner
 * .../planner/functions/PercentileAggFunctionITCase.java) for interpolation bits, retraction,
 * frequencies and error messages.
 */
import { describe, expect, test } from "vitest";
import { Harness } from "../harness.ts";
import { agg, aggType, T } from "./support.ts";
import { formatType } from "../../../../src/types/format-type.ts";
import { lookupAggregate } from "../../../../src/emulator/sql/functions/registry.ts";
import type { InternalValue } from "../../../../src/emulator/sql/functions/registry.ts";
import { Decimal } from "../../../../src/emulator/sql/functions/values.ts";
import { sharedConnection } from "../../../support/emulated-connection.ts";

const JIRA = "https://issues.apache.org/jira/browse/FLINK-36123";
const ITCASE = "apache/flink PercentileAggFunctionITCase";
const SNAP = { "sql.snapshot.mode": "now" };
const SIGNATURES =
  "Invalid input arguments. Expected signatures are:\n" +
  "PERCENTILE(expr <NUMERIC>, percentage [<NUMERIC NOT NULL> | ARRAY<NUMERIC NOT NULL> NOT NULL])\n" +
  "PERCENTILE(expr <NUMERIC>, percentage [<NUMERIC NOT NULL> | ARRAY<NUMERIC NOT NULL> NOT NULL], frequency <INTEGER_NUMERIC>)";

const D = T.double();
const P = T.double(false);
const PA = T.array(T.double(false), false);
const F = T.int();

/**
 * FLINK-36123's examples (taken over from Spark's docs) print 6.0 and 3.0. Spark interpolates at
 * the 0-based position p * (n - 1); Flink's PercentileAggFunction at the 1-based p * (n - 1) + 1,
 * and (1.6 - 1) is 0.6000000000000001 in double, so Flink's own arithmetic gives one ulp more.
 * The emulator runs Flink's arithmetic (its ITCase values above are bit-exact), so these
 * examples are asserted as Flink computes them and as the docs print them, to 1e-12.
 */
const FLINK_6 = 6.000000000000001;

describe("PERCENTILE unit (registry)", () => {
  // FLINK-36123: SELECT PERCENTILE(col, 0.3) FROM VALUES (0), (10), (10) -> 6.0
  test(`single percentage (${JIRA})`, () => {
    const v = agg("PERCENTILE", [D, P], [[0, 0.3], [10, 0.3], [10, 0.3]]) as number;
    expect(v).toBeCloseTo(6.0, 12);
    expect(v).toBe(FLINK_6);
  });
  // FLINK-36123: SELECT PERCENTILE(col, 0.3, freq) FROM VALUES (0, 1), (10, 2) -> 6.0
  test(`with frequency (${JIRA})`, () => {
    const v = agg("PERCENTILE", [D, P, F], [[0, 0.3, 1], [10, 0.3, 2]]) as number;
    expect(v).toBeCloseTo(6.0, 12);
    expect(v).toBe(FLINK_6);
  });
  // FLINK-36123: SELECT PERCENTILE(col, array(0.25, 0.75)) FROM VALUES (0), (10) -> [2.5,7.5]
  test(`array of percentages (${JIRA})`, () => {
    expect(agg("PERCENTILE", [D, PA], [[0, [0.25, 0.75]], [10, [0.25, 0.75]]])).toEqual([2.5, 7.5]);
  });
  // ITCase group "A": 1, 5, 4, 2, 9, 1, 4 (frequencies 1, 2, 1, 4, 3, 2, 1).
  const A = [[1, 1], [5, 2], [4, 1], [2, 4], [9, 3], [1, 2], [4, 1]] as const;
  test(`interpolation to the last bit (${ITCASE})`, () => {
    const rows = (p: InternalValue) => A.map(([v]): InternalValue[] => [v, p]);
    expect(agg("PERCENTILE", [D, P], rows(0.5))).toBe(4.0);
    expect(agg("PERCENTILE", [D, P], rows(0.3))).toBe(1.7999999999999998);
    expect(agg("PERCENTILE", [D, PA], rows([0.9, 0.7, 0.3, 1.0]))).toEqual([6.600000000000001, 4.199999999999999, 1.7999999999999998, 9.0]);
    const weighted = (p: InternalValue) => A.map(([v, f]): InternalValue[] => [v, p, f]);
    expect(agg("PERCENTILE", [D, P, F], weighted(0.5))).toBe(3.0);
    expect(agg("PERCENTILE", [D, PA, F], weighted([0.9, 0.7, 0.3, 1.0]))).toEqual([9.0, 5.0, 2.0, 9.0]);
  });
  test(`retraction, NULL values and non-positive / NULL frequencies (${ITCASE} group "B")`, () => {
    const f = lookupAggregate("PERCENTILE")!;
    const ts = [D, P, F];
    const acc = f.create(ts, f.inferType(ts, false), false);
    const single = f.create([D, P], f.inferType([D, P], false), false);
    const ops: Array<["+" | "-", number | null, number | null]> = [
      ["+", null, 1], ["-", null, 1], ["+", 3, null], ["+", 2, 3], ["+", 2, -1], ["+", 6, 2], ["+", 9, 1], ["-", 9, 1], ["-", 2, 3], ["+", 4, 1],
    ];
    for (const [op, v, fr] of ops) {
      (op === "+" ? acc.add.bind(acc) : acc.retract.bind(acc))([v, 0.5, fr]);
      (op === "+" ? single.add.bind(single) : single.retract.bind(single))([v, 0.5]);
    }
    expect(acc.value()).toBe(6.0);
    expect(single.value()).toBe(3.5);
  });
  test("DECIMAL values are read as doubles (ITCase 'DecimalData value': 3.4000000000000004)", () => {
    const dt = T.decimal(2, 1);
    const f = lookupAggregate("PERCENTILE")!;
    const acc = f.create([dt, P], T.double(), false);
    const d = (s: string) => Decimal.parse(s);
    for (const s of ["3.0", "2.0", "2.0", "9.0"]) acc.add([d(s), 0.1]);
    acc.retract([d("2.0"), 0.1]);
    acc.retract([d("2.0"), 0.1]);
    acc.add([d("5.0"), 0.1]);
    expect(acc.value()).toBe(3.4000000000000004);
  });
  test("NULL over no values, and for an empty percentage array", () => {
    expect(agg("PERCENTILE", [D, P], [])).toBeNull();
    expect(agg("PERCENTILE", [D, P], [[null, 0.5]])).toBeNull();
    expect(agg("PERCENTILE", [D, PA], [[1, []]])).toBeNull();
  });
  test("DISTINCT counts each value once", () => {
    // Databricks' (Spark-compatible) example: percentile(DISTINCT col, 0.3) over 0, 10, 10 is 3.0.
    const v = agg("PERCENTILE", [D, P], [[0, 0.3], [10, 0.3], [10, 0.3]], true) as number;
    expect(v).toBeCloseTo(3.0, 12);
    expect(v).toBe(3.0000000000000004); // Flink's 1-based position, as above
  });
  test("result types: DOUBLE / ARRAY<DOUBLE>, always nullable (SpecificTypeStrategies.PERCENTILE)", () => {
    expect(aggType("PERCENTILE", T.int(false), T.decimal(2, 1, false))).toBe("DOUBLE");
    expect(aggType("PERCENTILE", T.bigint(false), T.array(T.decimal(3, 2, false), false), T.tinyint(false))).toBe("ARRAY<DOUBLE>");
  });
  test("validation: Flink's signatures for non-numeric, nullable or out-of-range literal arguments", () => {
    const f = lookupAggregate("PERCENTILE")!;
    const v = (ts: Parameters<typeof f.inferType>[0], literals?: unknown[]) => () => f.inferType(ts, false, { emptyGroup: false, filter: false, ...(literals ? { literals } : {}) });
    expect(v([T.string(), P])).toThrow(SIGNATURES);
    expect(v([D, T.double(true)])).toThrow(SIGNATURES);
    expect(v([D, T.array(T.double(true), false)])).toThrow(SIGNATURES);
    expect(v([D, T.array(T.double(false), true)])).toThrow(SIGNATURES);
    expect(v([D, P, T.double(false)])).toThrow(SIGNATURES);
    expect(v([D, T.decimal(2, 1, false)], [undefined, Decimal.parse("1.5")])).toThrow(SIGNATURES);
    expect(v([D, T.int(false)], [undefined, -1])).toThrow(SIGNATURES);
    expect(v([D, T.int(false)], [undefined, 1])()).toMatchObject({ type: "DOUBLE" });
    expect(v([D])).toThrow("No match found for function signature PERCENTILE(<DOUBLE>)");
  });
  test("a computed percentage out of range fails at run time with IllegalArgumentException", () => {
    const f = lookupAggregate("PERCENTILE")!;
    const acc = f.create([D, P], T.double(), false);
    expect(() => acc.add([1, 3.0])).toThrow("Percentage of PERCENTILE should be between [0.0, 1.0], but was '3.0'.");
    const multi = f.create([D, PA], T.array(T.double()), false);
    expect(() => multi.add([1, [0.0, 1.5]])).toThrow("Percentage of PERCENTILE should be between [0.0, 1.0], but was '1.5'.");
  });
});

function fails(h: Harness, sql: string): string {
  try {
    h.run(sql, SNAP);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`expected ${sql} to fail`);
}

describe("PERCENTILE through the engine", () => {
  const h = new Harness();
  const q = (sql: string) => ({ types: h.compile(sql, SNAP).traits.schema!.map((c) => formatType(c.type)), rows: h.snapshot(sql) });

  test(`the FLINK-36123 examples (${JIRA})`, () => {
    expect(q("SELECT PERCENTILE(col, 0.3) FROM (VALUES (0), (10), (10)) AS tab(col)")).toEqual({ types: ["DOUBLE"], rows: [["6.000000000000001"]] });
    expect(q("SELECT PERCENTILE(col, 0.3, freq) FROM (VALUES (0, 1), (10, 2)) AS tab(col, freq)")).toEqual({ types: ["DOUBLE"], rows: [["6.000000000000001"]] });
    expect(q("SELECT PERCENTILE(col, ARRAY[0.25, 0.75]) FROM (VALUES (0), (10)) AS tab(col)")).toEqual({ types: ["ARRAY<DOUBLE>"], rows: [[["2.5", "7.5"]]] });
  });
  test("GROUP BY and OVER", () => {
    h.run("CREATE TABLE pt (k STRING NOT NULL, v DOUBLE, f INT)");
    h.run("INSERT INTO pt VALUES ('A', 1.0, 1), ('A', 5.0, 2), ('A', 4.0, 1), ('A', 2.0, 4), ('A', 9.0, 3), ('A', 1.0, 2), ('A', 4.0, 1), ('B', NULL, 1)");
    expect(h.snapshot("SELECT k, PERCENTILE(v, 0.5), PERCENTILE(v, 0.3), PERCENTILE(v, 0.5, f) FROM pt GROUP BY k ORDER BY k")).toEqual([
      ["A", "4.0", "1.7999999999999998", "3.0"],
      ["B", null, null, null],
    ]);
    expect(h.snapshot("SELECT v, PERCENTILE(v, 0.5) OVER (ORDER BY v, f) FROM pt WHERE k = 'A' AND v < 3")).toEqual([
      ["1.0", "1.0"],
      ["1.0", "1.0"],
      ["2.0", "1.0"],
    ]);
  });
  test(`validation errors (${ITCASE})`, () => {
    expect(fails(h, "SELECT PERCENTILE(col, 1.5) FROM (VALUES (1.0)) AS t(col)")).toContain(SIGNATURES);
    expect(fails(h, "SELECT PERCENTILE(col, -1) FROM (VALUES (1.0)) AS t(col)")).toContain(SIGNATURES);
    expect(fails(h, "SELECT PERCENTILE(col, 'x') FROM (VALUES (1.0)) AS t(col)")).toContain(SIGNATURES);
  });
  test("in MATCH_RECOGNIZE MEASURES, over one variable's rows; literal percentages are validated there too", () => {
    const m = new Harness();
    m.run("CREATE TABLE mt (v DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)");
    m.run("INSERT INTO mt VALUES (1.0, TIMESTAMP '2024-01-01 00:00:01'), (3.0, TIMESTAMP '2024-01-01 00:00:02'), (9.0, TIMESTAMP '2024-01-01 00:01:02'), (1.0, TIMESTAMP '2024-01-01 00:02:02')");
    expect(m.snapshotLog("SELECT * FROM mt MATCH_RECOGNIZE (ORDER BY ts MEASURES SUM(A.v) AS s, PERCENTILE(A.v, 0.5) AS p PATTERN (A+? B) DEFINE B AS B.v > 5)")).toEqual(["+I[4.0, 2.0]", "+I[3.0, 3.0]"]);
    expect(fails(m, "SELECT * FROM mt MATCH_RECOGNIZE (ORDER BY ts MEASURES PERCENTILE(A.v, 1.5) AS p PATTERN (A+? B) DEFINE B AS B.v > 5)")).toContain(SIGNATURES);
  });
  test(`run-time errors for computed percentages (${ITCASE})`, () => {
    expect(fails(h, "SELECT PERCENTILE(col, 1.0 + 2.0) FROM (VALUES (1.0)) AS t(col)")).toContain("Percentage of PERCENTILE should be between [0.0, 1.0], but was '3.0'.");
    expect(fails(h, "SELECT PERCENTILE(col, 1.0 - 2.0, 2) FROM (VALUES (1.0)) AS t(col)")).toContain("but was '-1.0'.");
    expect(fails(h, "SELECT PERCENTILE(col, ARRAY[0.0, 1.5]) FROM (VALUES (1.0)) AS t(col)")).toContain("but was '1.5'.");
    expect(fails(h, "SELECT PERCENTILE(col, ARRAY[0.5, -2.0], 2) FROM (VALUES (1.0)) AS t(col)")).toContain("but was '-2.0'.");
  });
  test("streaming: an updating input is retracted", () => {
    const s = new Harness();
    s.run("CREATE TABLE ev (u STRING NOT NULL, n INT NOT NULL)");
    const r = s.start("SELECT PERCENTILE(c, 0.5) AS med FROM (SELECT u, COUNT(*) AS c FROM ev GROUP BY u)");
    s.run("INSERT INTO ev VALUES ('a', 1)");
    s.run("INSERT INTO ev VALUES ('b', 1)");
    s.run("INSERT INTO ev VALUES ('a', 1)");
    // counts: a=1 -> [1]; b=1 -> [1, 1]; a=2 retracts 1 and adds 2 -> [1, 2], median 1.5.
    // An update that leaves the result unchanged is not emitted (as Flink's GroupAggFunction).
    expect(r.sink.log).toEqual(["+I[1.0]", "-U[1.0]", "+U[1.5]"]);
    expect(r.traits).toMatchObject({ isAppendOnly: false });
  });
});

describe("PERCENTILE through the public API (connect against createEmulator)", () => {
  const db = sharedConnection();
  test(`the FLINK-36123 examples (${JIRA})`, async () => {
    const { rows, columns } = await db.conn.query(
      "SELECT PERCENTILE(col, 0.3) AS p, PERCENTILE(col, ARRAY[0.25, 0.75]) AS ps FROM (VALUES (0), (10), (10)) AS tab(col)",
    );
    expect(columns.map((c) => [c.name, c.typeCode, c.nullOk])).toEqual([
      ["p", "DOUBLE", true],
      ["ps", "ARRAY", true],
    ]);
    expect(rows).toEqual([{ p: FLINK_6, ps: [5.0, 10.0] }]);
    expect((await db.conn.query("SELECT PERCENTILE(col, 0.3, freq) AS p FROM (VALUES (0, 1), (10, 2)) AS tab(col, freq)")).rows).toEqual([{ p: FLINK_6 }]);
    expect((await db.conn.query("SELECT PERCENTILE(col, ARRAY[0.25, 0.75]) AS ps FROM (VALUES (0), (10)) AS tab(col)")).rows).toEqual([{ ps: [2.5, 7.5] }]);
  });
});
