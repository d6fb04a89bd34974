/**
 * The functions of Confluent's "Aggregate Functions in Confluent Cloud for Apache Flink" page
 * (https://docs.confluent.io/cloud/current/flink/reference/functions/aggregate-functions.html):
 * AVG, COLLECT, COUNT, CUME_DIST, DENSE_RANK, FIRST_VALUE, LAG, LAST_VALUE, LEAD, LISTAGG, MAX,
 * MIN, NTILE, PERCENT_RANK, RANK, ROW_NUMBER, STDDEV_POP, STDDEV_SAMP, SUM, VAR_POP, VAR_SAMP,
 * VARIANCE. Expected values quoted from the page say so; the others follow the functions'
 * definitions there and in the Apache Flink docs ("System (Built-in) Functions > Aggregate
 * Functions": CUME_DIST is the number of rows preceding or equal to the current row in the
 * partition's ordering divided by the partition's rows; PERCENT_RANK is (RANK - 1) / (rows - 1);
 * NTILE(n) deals the ordered rows into n buckets, Flink's NTILEAggFunction giving the first
 * rows % n buckets one row more).
 */
import { describe, expect, test } from "vitest";
import { Harness } from "../harness.ts";
import { formatType } from "../../../../src/types/format-type.ts";
import { lookupAggregate } from "../../../../src/emulator/sql/functions/registry.ts";
import { sharedConnection } from "../../../support/emulated-connection.ts";

const DOC = "https://docs.confluent.io/cloud/current/flink/reference/functions/aggregate-functions.html";
const SNAP = { "sql.snapshot.mode": "now" };

function q(h: Harness, sql: string): { types: string[]; rows: unknown[][] } {
  return { types: h.compile(sql, SNAP).traits.schema!.map((c) => formatType(c.type)), rows: h.snapshot(sql) };
}

function fails(h: Harness, sql: string, props: Record<string, string> = SNAP): string {
  try {
    h.run(sql, props);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`expected ${sql} to fail`);
}

describe(`every function of ${DOC}`, () => {
  test("the aggregate functions are in the registry", () => {
    for (const name of ["AVG", "COLLECT", "COUNT", "FIRST_VALUE", "LAST_VALUE", "LISTAGG", "MAX", "MIN", "STDDEV_POP", "STDDEV_SAMP", "SUM", "VAR_POP", "VAR_SAMP", "VARIANCE"]) {
      expect(lookupAggregate(name), name).toBeDefined();
    }
  });

  test("the window functions run in an OVER clause (snapshot mode)", () => {
    const h = new Harness();
    h.run("CREATE TABLE w (x INT NOT NULL)");
    h.run("INSERT INTO w VALUES (1), (2), (3)");
    for (const f of ["CUME_DIST()", "DENSE_RANK()", "LAG(x)", "LEAD(x)", "NTILE(2)", "PERCENT_RANK()", "RANK()", "ROW_NUMBER()"]) {
      expect(h.snapshot(`SELECT x, ${f} OVER (ORDER BY x) FROM w`), f).toHaveLength(3);
    }
  });
});

describe("aggregate examples", () => {
  const h = new Harness();

  // The page writes `FROM (VALUES ...) AS my_values`, naming the table, not its column; Calcite
  // has no table-as-column reference, so the column is named here.
  test("AVG: -- returns 1.500000", () => {
    expect(q(h, "SELECT AVG(my_values) FROM (VALUES (0.0), (1.0), (2.0), (3.0)) AS t(my_values)")).toEqual({ types: ["DECIMAL(38, 6)"], rows: [["1.500000"]] });
  });

  test("COUNT: -- returns 4; COUNT(DISTINCT e1, e2) counts distinct non-NULL tuples", () => {
    expect(q(h, "SELECT COUNT(my_values) FROM (VALUES (0), (1), (2), (3)) AS t(my_values)")).toEqual({ types: ["BIGINT NOT NULL"], rows: [["4"]] });
    expect(h.snapshot("SELECT COUNT(DISTINCT a, b), COUNT(DISTINCT a), COUNT(*), COUNT(1) FROM (VALUES (1, 'x'), (1, 'x'), (1, 'y'), (2, CAST(NULL AS STRING))) AS t(a, b)")).toEqual([["2", "2", "4", "4"]]);
  });

  test("COLLECT: a multiset, NULL values ignored, DISTINCT one instance of each", () => {
    expect(q(h, "SELECT COLLECT(x), COLLECT(DISTINCT x) FROM (VALUES (1), (CAST(NULL AS INT)), (1), (2)) AS t(x)")).toEqual({
      types: ["MULTISET<INT> NOT NULL", "MULTISET<INT> NOT NULL"],
      rows: [[[["1", "2"], ["2", "1"]], [["1", "1"], ["2", "1"]]]],
    });
  });

  test("FIRST_VALUE, LAST_VALUE, MAX, MIN, SUM over the page's sample values", () => {
    expect(q(h, "SELECT FIRST_VALUE(v), LAST_VALUE(v), MAX(v), MIN(v), SUM(v), SUM(DISTINCT v) FROM (VALUES (0), (1), (2), (3), (3)) AS t(v)")).toEqual({
      types: ["INT", "INT", "INT", "INT", "INT", "INT"],
      rows: [["0", "3", "3", "0", "9", "6"]],
    });
  });

  test("STDDEV_POP, STDDEV_SAMP, VAR_POP, VAR_SAMP, VARIANCE (VARIANCE is VAR_SAMP)", () => {
    expect(q(h, "SELECT STDDEV_POP(v), STDDEV_SAMP(v), VAR_POP(v), VAR_SAMP(v), VARIANCE(v) FROM (VALUES (0.0), (1.0), (2.0), (3.0)) AS t(v)")).toEqual({
      types: ["DECIMAL(38, 6)", "DECIMAL(38, 6)", "DECIMAL(38, 6)", "DECIMAL(38, 6)", "DECIMAL(38, 6)"],
      rows: [["1.118034", "1.290994", "1.250000", "1.666667", "1.666667"]],
    });
    // Over DOUBLE the results are DOUBLE.
    expect(h.snapshot("SELECT VAR_POP(v), STDDEV_SAMP(v) FROM (VALUES (CAST(1 AS DOUBLE)), (3e0)) AS t(v)")).toEqual([["1.0", "1.4142135623730951"]]);
  });

  test("LISTAGG: default separator ',', NULLs skipped, a custom separator", () => {
    expect(q(h, "SELECT LISTAGG(s), LISTAGG(s, '|') FROM (VALUES ('a'), ('b'), (CAST(NULL AS STRING)), ('c')) AS t(s)")).toEqual({
      types: ["STRING", "STRING"],
      rows: [["a,b,c", "a|b|c"]],
    });
  });
});

describe("CUME_DIST, PERCENT_RANK, NTILE", () => {
  const h = new Harness();
  h.run("CREATE TABLE r (i INT NOT NULL, s STRING NOT NULL, g STRING NOT NULL)");
  h.run("INSERT INTO r VALUES (1, 'A', 'x'), (2, 'B', 'x'), (2, 'b', 'x'), (3, 'D', 'x'), (4, 'E', 'x'), (7, 'F', 'y')");

  // CUME_DIST / PERCENT_RANK: Calcite's ReturnTypes.FRACTIONAL_RANK (DOUBLE NOT NULL); NTILE:
  // ReturnTypes.RANK (BIGINT NOT NULL). Ties share CUME_DIST and PERCENT_RANK.
  test("values over ties, per partition", () => {
    const sql =
      "SELECT g, i, s, PERCENT_RANK() OVER (PARTITION BY g ORDER BY i), CUME_DIST() OVER (PARTITION BY g ORDER BY i), NTILE(4) OVER (PARTITION BY g ORDER BY i, s), NTILE(2) OVER (PARTITION BY g ORDER BY i, s) FROM r";
    const r = q(h, `${sql} ORDER BY g, i, s`);
    expect(r.types).toEqual(["STRING NOT NULL", "INT NOT NULL", "STRING NOT NULL", "DOUBLE NOT NULL", "DOUBLE NOT NULL", "BIGINT NOT NULL", "BIGINT NOT NULL"]);
    expect(r.rows).toEqual([
      ["x", "1", "A", "0.0", "0.2", "1", "1"],
      ["x", "2", "B", "0.25", "0.6", "1", "1"],
      ["x", "2", "b", "0.25", "0.6", "2", "1"],
      ["x", "3", "D", "0.75", "0.8", "3", "2"],
      ["x", "4", "E", "1.0", "1.0", "4", "2"],
      // A single-row partition: PERCENT_RANK 0, CUME_DIST 1, bucket 1.
      ["y", "7", "F", "0.0", "1.0", "1", "1"],
    ]);
  });

  test("more buckets than rows: one row per bucket", () => {
    expect(h.snapshot("SELECT i, NTILE(10) OVER (ORDER BY i, s) FROM r WHERE g = 'x' ORDER BY i, s").map((row) => row[1])).toEqual(["1", "2", "3", "4", "5"]);
  });

  test("descending order", () => {
    expect(h.snapshot("SELECT i, CUME_DIST() OVER (ORDER BY i DESC) FROM r WHERE g = 'x' ORDER BY i").map((row) => row[1])).toEqual(["1.0", "0.8", "0.8", "0.4", "0.2"]);
  });

  // Calcite's validation messages (CalciteResource): funcNeedsOrderBy, rankWithFrame,
  // argumentMustBePositiveInteger, invalidArgCount.
  test("validation errors", () => {
    expect(fails(h, "SELECT CUME_DIST() OVER (PARTITION BY g) FROM r")).toMatch(/RANK or DENSE_RANK functions require ORDER BY clause in window specification/);
    expect(fails(h, "SELECT PERCENT_RANK() OVER (ORDER BY i ROWS UNBOUNDED PRECEDING) FROM r")).toMatch(/ROW\/RANGE not allowed with RANK, DENSE_RANK or ROW_NUMBER functions/);
    expect(fails(h, "SELECT NTILE(0) OVER (ORDER BY i) FROM r")).toMatch(/Argument to function 'NTILE' must be a positive integer literal/);
    expect(fails(h, "SELECT NTILE(i) OVER (ORDER BY i) FROM r")).toMatch(/Argument to function 'NTILE' must be a positive integer literal/);
    expect(fails(h, "SELECT CUME_DIST(i) OVER (ORDER BY i) FROM r")).toMatch(/Invalid number of arguments to function 'CUME_DIST'. Was expecting 0 arguments/);
    expect(fails(h, "SELECT NTILE() OVER (ORDER BY i) FROM r")).toMatch(/Invalid number of arguments to function 'NTILE'. Was expecting 1 arguments/);
  });

  // Flink runs these in its batch OverAggregate only (FLINK-27619 added NTILE to batch).
  test("a streaming input is not supported", () => {
    expect(() => h.compile("SELECT NTILE(2) OVER (ORDER BY $rowtime) FROM r")).toThrow(/NTILE\(\) OVER \(\.\.\.\) on a streaming input/);
  });
});

describe("through the public API (connect against createEmulator)", () => {
  const db = sharedConnection(async (conn) => {
    await conn.executeSnapshotDdl("CREATE TABLE scores (player STRING NOT NULL, points INT NOT NULL)");
    await conn.executeSnapshotDdl("INSERT INTO scores VALUES ('ann', 10), ('bob', 20), ('cid', 20), ('dee', 40)");
  });

  test("CUME_DIST, PERCENT_RANK and NTILE as the client decodes them", async () => {
    const { rows, columns } = await db.conn.query(
      "SELECT player, CUME_DIST() OVER (ORDER BY points) AS cd, PERCENT_RANK() OVER (ORDER BY points) AS pr, NTILE(3) OVER (ORDER BY points, player) AS tile FROM scores ORDER BY player",
    );
    expect(columns.map((c) => [c.name, c.typeCode, c.nullOk])).toEqual([
      ["player", "VARCHAR", false],
      ["cd", "DOUBLE", false],
      ["pr", "DOUBLE", false],
      ["tile", "BIGINT", false],
    ]);
    expect(rows).toEqual([
      { player: "ann", cd: 0.25, pr: 0, tile: 1 },
      { player: "bob", cd: 0.75, pr: 1 / 3, tile: 1 },
      { player: "cid", cd: 0.75, pr: 1 / 3, tile: 2 },
      { player: "dee", cd: 1, pr: 1, tile: 3 },
    ]);
  });

  test("the AVG and COUNT examples of the page", async () => {
    expect((await db.conn.query("SELECT AVG(my_values) AS a FROM (VALUES (0.0), (1.0), (2.0), (3.0)) AS t(my_values)")).rows).toEqual([{ a: "1.500000" }]);
    expect((await db.conn.query("SELECT COUNT(my_values) AS n FROM (VALUES (0), (1), (2), (3)) AS t(my_values)")).rows).toEqual([{ n: 4 }]);
  });
});
