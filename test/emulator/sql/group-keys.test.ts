/**
 * Group key equality of GROUP BY, GROUPING SETS / ROLLUP / CUBE and DISTINCT aggregation: which
 * rows share a group. Grouping is SQL equality with NULL equal to NULL (Flink's GROUP BY), per
 * column, so values that merely print alike, or whose concatenation would be alike, stay apart.
 * Snapshot results go through the public client; streaming changelogs (retractions on the
 * aggregate's input) through the engine harness, as the streaming tests do.
 */
import { describe, expect, test } from "vitest";
import { KeyIndex } from "../../../src/emulator/sql/runtime/key-index.ts";
import { Decimal } from "../../../src/emulator/sql/functions/values.ts";
import { sharedConnection } from "../../support/emulated-connection.ts";
import { Harness } from "./harness.ts";

/** Rows as sorted JSON text, so the assertions do not depend on group order. */
function sorted(rows: readonly unknown[]): string[] {
  return rows.map((r) => JSON.stringify(r)).sort();
}

describe("snapshot group keys through the client", () => {
  const db = sharedConnection(async (conn) => {
    await conn.executeSnapshotDdl("CREATE TABLE gk (s STRING, a STRING, b STRING, x DOUBLE, m DECIMAL(6, 2), i INT)");
    await conn.executeSnapshotDdl(
      "INSERT INTO gk VALUES " +
        "(CAST(NULL AS STRING), 'x|', 'y', 0.0, 1.00, 1), " +
        "('null', 'x', '|y', -0.0, 1.0, 1), " +
        "('', 'a', CAST(NULL AS STRING), 1.0, 1, 2), " +
        "('N', CAST(NULL AS STRING), 'a', 1, 2.5, CAST(NULL AS INT)), " +
        "('1', 'a', 'null', CAST('NaN' AS DOUBLE), 2.50, 2), " +
        "('1.0', 'a', '', CAST('NaN' AS DOUBLE), CAST(NULL AS DECIMAL(6, 2)), 3), " +
        "(CAST(NULL AS STRING), 'x|', 'y', 2.0, CAST(NULL AS DECIMAL(6, 2)), 3)",
    );
  });

  test("NULL, 'null', '', 'N' and strings that print like numbers are separate groups", async () => {
    const r = await db.conn.query("SELECT s, COUNT(*) AS n FROM gk GROUP BY s");
    expect(sorted(r.rows)).toEqual(sorted([
      { s: null, n: 2 },
      { s: "null", n: 1 },
      { s: "", n: 1 },
      { s: "N", n: 1 },
      { s: "1", n: 1 },
      { s: "1.0", n: 1 },
    ]));
  });

  test("composite keys whose concatenation collides stay apart; NULL in either column is its own value", async () => {
    const r = await db.conn.query("SELECT a, b, COUNT(*) AS n FROM gk GROUP BY a, b");
    expect(sorted(r.rows)).toEqual(sorted([
      { a: "x|", b: "y", n: 2 },
      { a: "x", b: "|y", n: 1 },
      { a: "a", b: null, n: 1 },
      { a: null, b: "a", n: 1 },
      { a: "a", b: "null", n: 1 },
      { a: "a", b: "", n: 1 },
    ]));
  });

  test("DOUBLE keys: 0.0 and -0.0 are one group, 1 and 1.0 are one group, NaN is one group", async () => {
    const r = await db.conn.query("SELECT CAST(x AS STRING) AS xs, COUNT(*) AS n FROM gk GROUP BY x");
    const counts = r.rows.map((row) => (row as { n: number }).n).sort();
    // 0/-0 (2 rows), 1/1.0 (2), NaN (2), 2.0 (1).
    expect(counts).toEqual([1, 2, 2, 2]);
    expect(r.rows.find((row) => (row as { xs: string }).xs === "NaN")).toMatchObject({ n: 2 });
  });

  test("DECIMAL keys: 1, 1.0 and 1.00 are one group, 2.5 and 2.50 another, NULL a third", async () => {
    const r = await db.conn.query("SELECT CAST(m AS STRING) AS ms, COUNT(*) AS n FROM gk GROUP BY m");
    expect(sorted(r.rows)).toEqual(sorted([
      { ms: "1.00", n: 3 },
      { ms: "2.50", n: 2 },
      { ms: null, n: 2 },
    ]));
  });

  test("ROLLUP: the grand total and the groups whose key is NULL are different rows, told apart by GROUPING", async () => {
    const r = await db.conn.query("SELECT a, b, COUNT(*) AS n, GROUPING(a, b) AS g FROM gk GROUP BY ROLLUP (a, b)");
    expect(sorted(r.rows)).toEqual(sorted([
      { a: "x|", b: "y", n: 2, g: 0 },
      { a: "x", b: "|y", n: 1, g: 0 },
      { a: "a", b: null, n: 1, g: 0 },
      { a: null, b: "a", n: 1, g: 0 },
      { a: "a", b: "null", n: 1, g: 0 },
      { a: "a", b: "", n: 1, g: 0 },
      { a: "x|", b: null, n: 2, g: 1 },
      { a: "x", b: null, n: 1, g: 1 },
      { a: "a", b: null, n: 3, g: 1 },
      { a: null, b: null, n: 1, g: 1 },
      { a: null, b: null, n: 7, g: 3 },
    ]));
  });

  test("CUBE over an INT and a STRING key: 1 and '1' never meet, each set's NULL group is its own", async () => {
    const r = await db.conn.query("SELECT i, s, COUNT(*) AS n, GROUPING(i, s) AS g FROM gk WHERE i = 1 OR s = '1' OR i IS NULL GROUP BY CUBE (i, s)");
    // Rows: (i 1, s NULL), (i 1, s 'null'), (i NULL, s 'N'), (i 2, s '1').
    expect(sorted(r.rows)).toEqual(sorted([
      { i: 1, s: null, n: 1, g: 0 },
      { i: 1, s: "null", n: 1, g: 0 },
      { i: null, s: "N", n: 1, g: 0 },
      { i: 2, s: "1", n: 1, g: 0 },
      { i: 1, s: null, n: 2, g: 1 },
      { i: null, s: null, n: 1, g: 1 },
      { i: 2, s: null, n: 1, g: 1 },
      { i: null, s: null, n: 1, g: 2 },
      { i: null, s: "null", n: 1, g: 2 },
      { i: null, s: "N", n: 1, g: 2 },
      { i: null, s: "1", n: 1, g: 2 },
      { i: null, s: null, n: 4, g: 3 },
    ]));
  });

  test("GROUPING SETS with a FILTER and DISTINCT aggregate per set", async () => {
    const r = await db.conn.query(
      "SELECT a, COUNT(DISTINCT b) AS db, COUNT(*) FILTER (WHERE i > 1) AS big, GROUPING(a) AS g FROM gk GROUP BY GROUPING SETS ((a), ())",
    );
    expect(sorted(r.rows)).toEqual(sorted([
      { a: "x|", db: 1, big: 1, g: 0 },
      { a: "x", db: 1, big: 0, g: 0 },
      { a: "a", db: 2, big: 3, g: 0 },
      { a: null, db: 1, big: 0, g: 0 },
      { a: null, db: 5, big: 4, g: 1 },
    ]));
  });
});

describe("streaming group keys with retractions", () => {
  function harness(): Harness {
    const h = new Harness();
    h.run("CREATE TABLE t (k STRING, v INT)");
    return h;
  }

  // The inner aggregate retracts its previous count (-U) before the new one (+U): the outer
  // aggregate must find the retracted row's group by key, and drop a group whose last row left.
  test("ROLLUP over a retracting input: -U/+U per set, -D when a group empties, the group comes back as +I", () => {
    const h = harness();
    const s = h.start("SELECT c, COUNT(*) AS n, GROUPING(c) AS g FROM (SELECT k, COUNT(*) AS c FROM t GROUP BY k) GROUP BY ROLLUP (c)");
    h.run("INSERT INTO t VALUES ('a', 1)");
    expect(s.sink.take()).toEqual(["+I[1, 1, 0]", "+I[NULL, 1, 1]"]);
    h.run("INSERT INTO t VALUES (CAST(NULL AS STRING), 1)");
    expect(s.sink.take()).toEqual(["-U[1, 1, 0]", "+U[1, 2, 0]", "-U[NULL, 1, 1]", "+U[NULL, 2, 1]"]);
    // 'a' goes from count 1 to 2 (-U then +U): group c=1 loses a row, c=2 is new. Each record
    // is its own update, as in Flink without mini-batch, so the total loses its row and regains it.
    h.run("INSERT INTO t VALUES ('a', 2)");
    expect(s.sink.take()).toEqual(["-U[1, 2, 0]", "+U[1, 1, 0]", "-U[NULL, 2, 1]", "+U[NULL, 1, 1]", "+I[2, 1, 0]", "-U[NULL, 1, 1]", "+U[NULL, 2, 1]"]);
    // The NULL key's count goes 1 -> 2: c=1 empties (-D), c=2 gets its second row.
    h.run("INSERT INTO t VALUES (CAST(NULL AS STRING), 2)");
    expect(s.sink.take()).toEqual(["-D[1, 1, 0]", "-U[NULL, 2, 1]", "+U[NULL, 1, 1]", "-U[2, 1, 0]", "+U[2, 2, 0]", "-U[NULL, 1, 1]", "+U[NULL, 2, 1]"]);
    // A new key brings c=1 back: a new group, so +I again.
    h.run("INSERT INTO t VALUES ('', 3)");
    expect(s.sink.take()).toEqual(["+I[1, 1, 0]", "-U[NULL, 2, 1]", "+U[NULL, 3, 1]"]);
  });

  test("GROUP BY a retracted composite key: NULL and 'null' and '' keep separate state", () => {
    const h = harness();
    const s = h.start("SELECT k, c, COUNT(*) AS n FROM (SELECT k, COUNT(*) AS c FROM t GROUP BY k) GROUP BY k, c");
    h.run("INSERT INTO t VALUES (CAST(NULL AS STRING), 1), ('null', 1), ('', 1)");
    expect(s.sink.take()).toEqual(["+I[NULL, 1, 1]", "+I[null, 1, 1]", "+I[, 1, 1]"]);
    h.run("INSERT INTO t VALUES ('null', 2)");
    expect(s.sink.take()).toEqual(["-D[null, 1, 1]", "+I[null, 2, 1]"]);
    h.run("INSERT INTO t VALUES (CAST(NULL AS STRING), 2)");
    expect(s.sink.take()).toEqual(["-D[NULL, 1, 1]", "+I[NULL, 2, 1]"]);
  });
});

describe("KeyIndex", () => {
  test("primitive keys follow SQL grouping equality; objects are keyed apart from strings", () => {
    const ix = new KeyIndex<string>(2);
    ix.add([null, "a"], "null-a");
    ix.add(["null", "a"], "str-a");
    ix.add([0, 1n], "zero");
    ix.add([Number.NaN, 1n], "nan");
    ix.add([Decimal.fromUnscaled(10n, 1), "x"], "dec");
    ix.add(["d1e0", "x"], "text");
    expect(ix.size).toBe(6);
    expect(ix.get([undefined, "a"])).toBe("null-a");
    expect(ix.get(["null", "a"])).toBe("str-a");
    expect(ix.get([-0, 1n])).toBe("zero");
    expect(ix.get([0, 1])).toBeUndefined();
    expect(ix.get([0, "1"])).toBeUndefined();
    expect(ix.get([Number.NaN, 1n])).toBe("nan");
    expect(ix.get([Decimal.fromUnscaled(100n, 2), "x"])).toBe("dec");
    expect(ix.get([Decimal.fromUnscaled(1n, 0), "x"])).toBe("dec");
    expect(ix.get(["d1e0", "x"])).toBe("text");
  });

  test("delete removes the entry and prunes the levels it leaves empty", () => {
    const ix = new KeyIndex<number>(3);
    ix.add(["a", 1, true], 1);
    ix.add(["a", 2, true], 2);
    ix.delete(["a", 1, true]);
    expect(ix.get(["a", 1, true])).toBeUndefined();
    expect(ix.get(["a", 2, true])).toBe(2);
    ix.delete(["a", 2, true]);
    expect(ix.size).toBe(0);
    // Nothing is left under "a": adding it again starts from an empty level.
    ix.add(["a", 2, false], 3);
    expect(ix.get(["a", 2, true])).toBeUndefined();
    expect(ix.get(["a", 2, false])).toBe(3);
  });

  test("width 0 (a global aggregate) holds one entry", () => {
    const ix = new KeyIndex<string>(0);
    expect(ix.get([])).toBeUndefined();
    ix.add([], "all");
    expect(ix.get([])).toBe("all");
    ix.delete([]);
    expect(ix.size).toBe(0);
  });
});
