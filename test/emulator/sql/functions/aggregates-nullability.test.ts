/**
 * Nullability of aggregate results as Calcite and Flink infer it, through SQL (the statement
 * schema the client sees), and the runtime never putting NULL in a NOT NULL column.
 *
 * Sources (apache/calcite, apache/flink):
 * - ReturnTypes.AGG_SUM, AVG_AGG_FUNCTION, ARG0_NULLABLE_IF_EMPTY: the type derived from the
 *   argument (so nullable only if the argument is), made nullable when
 *   `getGroupCount() == 0 || hasFilter()`; used by SUM, AVG and the STDDEV/VAR family, MIN/MAX
 *   (SqlMinMaxAggFunction), FIRST_VALUE/LAST_VALUE (Flink's SqlFirstLastValueAggFunction).
 * - SqlCallBinding.getGroupCount: the number of GROUP BY items other than `()`, 0 for an
 *   aggregate query without GROUP BY; GROUPING SETS / ROLLUP / CUBE count as one item.
 * - SqlFilterOperator.deriveType: a FILTER call is typed with group count 0.
 * - SqlOverOperator.deriveType: group count 1 only if SqlWindow.isAlwaysNonEmpty() (both bounds
 *   UNBOUNDED / CURRENT ROW, lower <= upper; the default frame qualifies).
 * - LogicalTypeMerging.findSumAggType / findAvgAggType keep the argument's nullability.
 * - COUNT: BIGINT NOT NULL; $SUM0: AGG_SUM_EMPTY_IS_ZERO, NOT NULL; COLLECT:
 *   ReturnTypes.TO_MULTISET, a NOT NULL multiset of the argument type; Flink's LISTAGG:
 *   ReturnTypes.ARG0_NULLABLE.
 * Deliberate differences (a NOT NULL column must never carry NULL): STDDEV_SAMP / VAR_SAMP /
 * STDDEV / VARIANCE stay nullable (NULL over one row; Calcite's own later fix, CALCITE-6547),
 * and LISTAGG is nullable also when the call may see no rows.
 */
import { describe, expect, test } from "vitest";
import { Harness } from "../harness.ts";
import { formatType } from "../../../../src/types/format-type.ts";
import type { Column } from "../../../../src/types/model.ts";
import { sharedConnection } from "../../../support/emulated-connection.ts";

const SNAP = { "sql.snapshot.mode": "now" };

function setup(): Harness {
  const h = new Harness();
  h.run("CREATE TABLE t (k STRING NOT NULL, x INT NOT NULL, y INT, d DECIMAL(10, 2) NOT NULL, s STRING NOT NULL, b BOOLEAN NOT NULL) WITH ('changelog.mode' = 'append')");
  h.run("INSERT INTO t VALUES ('a', 1, 10, 1.50, 'p', TRUE), ('a', 3, CAST(NULL AS INT), 2.25, 'q', FALSE), ('b', 5, 7, 0.10, 'r', TRUE)");
  h.run("CREATE TABLE empty_t (k STRING NOT NULL, x INT NOT NULL) WITH ('changelog.mode' = 'append')");
  return h;
}

/** The column types of a query as the statement schema reports them. */
function types(h: Harness, sql: string, props: Record<string, string> = SNAP): string[] {
  return h.compile(sql, props).traits.schema!.map((c) => formatType(c.type));
}

/** Rows of a snapshot query, checking no NOT NULL column holds NULL. */
function rows(h: Harness, sql: string): unknown[][] {
  const schema = h.compile(sql, SNAP).traits.schema!;
  const out = h.snapshot(sql);
  assertNoNullInNotNull(schema, out);
  return out;
}

function assertNoNullInNotNull(schema: readonly Column[], out: readonly unknown[][]): void {
  for (const r of out) {
    schema.forEach((c, i) => {
      if (!c.type.nullable && r[i] === null) throw new Error(`NULL in NOT NULL column ${c.name}: ${JSON.stringify(r)}`);
    });
  }
}

describe("group aggregation (GROUP BY k)", () => {
  const h = setup();

  test("NOT NULL arguments give NOT NULL results (SUM, AVG, MIN, MAX, FIRST/LAST_VALUE, STDDEV_POP, VAR_POP, EVERY)", () => {
    const sql =
      "SELECT k, SUM(x), SUM(d), AVG(x), AVG(d), MIN(x), MAX(s), FIRST_VALUE(x), LAST_VALUE(s), STDDEV_POP(x), VAR_POP(d), EVERY(b), BOOL_OR(b) FROM t GROUP BY k";
    expect(types(h, sql)).toEqual([
      "STRING NOT NULL",
      "INT NOT NULL",
      "DECIMAL(38, 2) NOT NULL",
      "INT NOT NULL",
      "DECIMAL(38, 6) NOT NULL",
      "INT NOT NULL",
      "STRING NOT NULL",
      "INT NOT NULL",
      "STRING NOT NULL",
      "INT NOT NULL",
      "DECIMAL(38, 6) NOT NULL",
      "BOOLEAN NOT NULL",
      "BOOLEAN NOT NULL",
    ]);
    expect(rows(h, sql)).toEqual([
      ["a", "4", "3.75", "2", "1.875000", "1", "q", "1", "q", "1", "0.140625", "FALSE", "TRUE"],
      ["b", "5", "0.10", "5", "0.100000", "5", "r", "5", "r", "0", "0.000000", "TRUE", "TRUE"],
    ]);
  });

  test("nullable arguments keep the result nullable", () => {
    expect(types(h, "SELECT k, SUM(y), AVG(y), MIN(y), MAX(y), FIRST_VALUE(y), STDDEV_POP(y) FROM t GROUP BY k")).toEqual([
      "STRING NOT NULL",
      "INT",
      "INT",
      "INT",
      "INT",
      "INT",
      "INT",
    ]);
  });

  test("COUNT and COLLECT are never nullable; LISTAGG follows its argument", () => {
    expect(types(h, "SELECT k, COUNT(*), COUNT(y), COLLECT(x), COLLECT(y), LISTAGG(s), LISTAGG(s, ';') FROM t GROUP BY k")).toEqual([
      "STRING NOT NULL",
      "BIGINT NOT NULL",
      "BIGINT NOT NULL",
      "MULTISET<INT NOT NULL> NOT NULL",
      "MULTISET<INT> NOT NULL",
      "STRING NOT NULL",
      "STRING NOT NULL",
    ]);
    expect(rows(h, "SELECT k, LISTAGG(s, ';') FROM t GROUP BY k")).toEqual([
      ["a", "p;q"],
      ["b", "r"],
    ]);
  });

  test("the sample variance family stays nullable: NULL over a single row", () => {
    const sql = "SELECT k, STDDEV_SAMP(x), VAR_SAMP(x), STDDEV(x), VARIANCE(x) FROM t GROUP BY k";
    expect(types(h, sql)).toEqual(["STRING NOT NULL", "INT", "INT", "INT", "INT"]);
    // Group b has one row: the sample variance is NULL.
    expect(rows(h, sql)).toEqual([
      ["a", "1", "2", "1", "2"],
      ["b", null, null, null, null],
    ]);
  });

  test("FILTER makes the result nullable (SqlFilterOperator: group count 0), COUNT stays NOT NULL", () => {
    const sql = "SELECT k, SUM(x) FILTER (WHERE x > 2), MIN(x) FILTER (WHERE x > 2), LISTAGG(s) FILTER (WHERE x > 2), COUNT(*) FILTER (WHERE x > 2) FROM t GROUP BY k";
    expect(types(h, sql)).toEqual(["STRING NOT NULL", "INT", "INT", "STRING", "BIGINT NOT NULL"]);
    expect(rows(h, "SELECT k, SUM(x) FILTER (WHERE x > 4), MIN(x) FILTER (WHERE x > 4), COUNT(*) FILTER (WHERE x > 4) FROM t GROUP BY k")).toEqual([
      ["a", null, null, "0"],
      ["b", "5", "5", "1"],
    ]);
  });

  test("DISTINCT does not change the type", () => {
    expect(types(h, "SELECT k, SUM(DISTINCT x), MIN(DISTINCT x) FROM t GROUP BY k")).toEqual(["STRING NOT NULL", "INT NOT NULL", "INT NOT NULL"]);
  });
});

describe("aggregation without grouping key", () => {
  const h = setup();

  test("no GROUP BY: nullable (group count 0), one row of NULLs over an empty table in batch", () => {
    const sql = "SELECT SUM(x), MIN(x), AVG(x), FIRST_VALUE(x), STDDEV_POP(x), LISTAGG(k), COUNT(*), COLLECT(x) FROM empty_t";
    expect(types(h, sql)).toEqual(["INT", "INT", "INT", "INT", "INT", "STRING", "BIGINT NOT NULL", "MULTISET<INT NOT NULL> NOT NULL"]);
    expect(rows(h, sql)).toEqual([[null, null, null, null, null, null, "0", []]]);
  });

  test("GROUP BY () is the same as no GROUP BY", () => {
    expect(types(h, "SELECT SUM(x), MAX(x) FROM t GROUP BY ()")).toEqual(["INT", "INT"]);
    expect(rows(h, "SELECT SUM(x), MAX(x) FROM t GROUP BY ()")).toEqual([["9", "5"]]);
  });

  test("a grouping key of any kind makes the group non-empty, also a constant one", () => {
    expect(types(h, "SELECT SUM(x) FROM t GROUP BY 'c'")).toEqual(["INT NOT NULL"]);
  });
});

describe("grouping sets", () => {
  const h = setup();

  // Calcite counts GROUPING SETS / ROLLUP / CUBE as one GROUP BY item, so the group count is 1:
  // the aggregates keep their argument's nullability; the keys missing from a set turn nullable.
  test("ROLLUP and GROUPING SETS with the empty set", () => {
    const sql = "SELECT k, SUM(x), MIN(x), COUNT(*) FROM t GROUP BY ROLLUP(k)";
    expect(types(h, sql)).toEqual(["STRING", "INT NOT NULL", "INT NOT NULL", "BIGINT NOT NULL"]);
    expect(rows(h, `${sql} ORDER BY GROUPING(k), k`)).toEqual([
      ["a", "4", "1", "2"],
      ["b", "5", "5", "1"],
      [null, "9", "1", "3"],
    ]);
    expect(types(h, "SELECT k, SUM(y) FROM t GROUP BY GROUPING SETS ((k), ())")).toEqual(["STRING", "INT"]);
  });

  // Flink plans grouping sets as Expand + an aggregate keyed by the set: no input, no rows.
  test("over an empty input the empty set gives no row", () => {
    expect(rows(h, "SELECT k, SUM(x) FROM empty_t GROUP BY GROUPING SETS ((k), ())")).toEqual([]);
  });

  test("FILTER still makes the result nullable", () => {
    expect(types(h, "SELECT k, SUM(x) FILTER (WHERE x > 1) FROM t GROUP BY CUBE(k)")).toEqual(["STRING", "INT"]);
  });
});

describe("streaming group aggregation", () => {
  // A group whose last row is retracted is deleted (-D), never updated to NULL values.
  test("retraction down to zero rows deletes the group", () => {
    const h = new Harness();
    h.run("CREATE TABLE p (id INT NOT NULL, k STRING NOT NULL, x INT NOT NULL, PRIMARY KEY (id) NOT ENFORCED)");
    const s = h.start("SELECT k, SUM(x), MIN(x), AVG(x) FROM p GROUP BY k");
    expect(s.traits.schema!.map((c) => formatType(c.type))).toEqual(["STRING NOT NULL", "INT NOT NULL", "INT NOT NULL", "INT NOT NULL"]);
    h.run("INSERT INTO p VALUES (1, 'a', 5)");
    h.run("INSERT INTO p VALUES (2, 'a', 3)");
    h.run("INSERT INTO p VALUES (1, 'b', 7)");
    h.run("INSERT INTO p VALUES (2, 'b', 1)");
    expect(s.sink.log).toEqual([
      "+I[a, 5, 5, 5]",
      "-U[a, 5, 5, 5]",
      "+U[a, 8, 3, 4]",
      "-U[a, 8, 3, 4]",
      "+U[a, 3, 3, 3]",
      "+I[b, 7, 7, 7]",
      "-D[a, 3, 3, 3]",
      "-U[b, 7, 7, 7]",
      "+U[b, 8, 1, 4]",
    ]);
    assertNoNullInNotNull(s.traits.schema!, s.sink.rows.map((r) => r.row as unknown[]));
  });

  test("a streaming global aggregate is nullable, as in batch", () => {
    const h = setup();
    expect(types(h, "SELECT SUM(x), MAX(x) FROM t", {})).toEqual(["INT", "INT"]);
  });
});

describe("window TVF aggregation", () => {
  // Grouped by window_start / window_end, so the group count is at least 2.
  test("window aggregates keep the argument's nullability; FILTER makes them nullable", () => {
    const h = new Harness();
    h.run("CREATE TABLE w (x INT NOT NULL, y INT)");
    const sql =
      "SELECT window_start, window_end, SUM(x), MIN(x), MAX(y), SUM(x) FILTER (WHERE x > 1), COUNT(*) FROM TABLE(TUMBLE(TABLE w, DESCRIPTOR($rowtime), INTERVAL '10' SECOND)) GROUP BY window_start, window_end";
    const s = h.start(sql);
    expect(s.traits.schema!.map((c) => formatType(c.type))).toEqual([
      "TIMESTAMP(3) NOT NULL",
      "TIMESTAMP(3) NOT NULL",
      "INT NOT NULL",
      "INT NOT NULL",
      "INT",
      "INT",
      "BIGINT NOT NULL",
    ]);
    h.run("INSERT INTO w VALUES (1, CAST(NULL AS INT))");
    h.clock.advance(10000);
    expect(s.sink.log).toEqual(["+I[2025-01-01 00:00:00.000, 2025-01-01 00:00:10.000, 1, 1, NULL, NULL, 1]"]);
    assertNoNullInNotNull(s.traits.schema!, s.sink.rows.map((r) => r.row as unknown[]));
  });
});

describe("OVER aggregation", () => {
  const h = setup();

  // The default frame (RANGE UNBOUNDED PRECEDING .. CURRENT ROW) always holds the current row.
  test("frames of UNBOUNDED / CURRENT ROW bounds are always non-empty", () => {
    const sql =
      "SELECT SUM(x) OVER (PARTITION BY k ORDER BY $rowtime), MIN(x) OVER (ORDER BY $rowtime ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW), MAX(x) OVER (ORDER BY $rowtime ROWS CURRENT ROW), AVG(y) OVER (ORDER BY $rowtime) FROM t";
    expect(types(h, sql, {})).toEqual(["INT NOT NULL", "INT NOT NULL", "INT NOT NULL", "INT"]);
  });

  // `n PRECEDING` is not a literal bound, so Calcite does not know the window is non-empty.
  test("offset bounds make the result nullable", () => {
    const sql =
      "SELECT SUM(x) OVER (ORDER BY $rowtime ROWS BETWEEN 2 PRECEDING AND CURRENT ROW), MIN(x) OVER (ORDER BY $rowtime RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW), COUNT(x) OVER (ORDER BY $rowtime ROWS 1 PRECEDING) FROM t";
    expect(types(h, sql, {})).toEqual(["INT", "INT", "BIGINT NOT NULL"]);
  });

  test("FILTER makes an OVER aggregate nullable", () => {
    expect(types(h, "SELECT SUM(x) FILTER (WHERE x > 1) OVER (ORDER BY $rowtime) FROM t", {})).toEqual(["INT"]);
  });

  // Snapshot (batch) OVER windows may reach FOLLOWING rows.
  test("batch frames: whole partition NOT NULL, a following-only frame nullable and NULL at the end", () => {
    const sql =
      "SELECT x, SUM(x) OVER (PARTITION BY k ORDER BY x ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING), SUM(x) OVER (PARTITION BY k ORDER BY x ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING), SUM(x) OVER (PARTITION BY k ORDER BY x ROWS BETWEEN 1 FOLLOWING AND 2 FOLLOWING), SUM(x) OVER (PARTITION BY k) FROM t";
    expect(types(h, sql)).toEqual(["INT NOT NULL", "INT NOT NULL", "INT NOT NULL", "INT", "INT NOT NULL"]);
    expect(rows(h, `${sql} ORDER BY x`)).toEqual([
      ["1", "4", "4", "3", "4"],
      ["3", "4", "3", null, "4"],
      ["5", "5", "5", null, "5"],
    ]);
  });
});

describe("through the public API (connect against createEmulator)", () => {
  const db = sharedConnection(async (conn) => {
    await conn.executeSnapshotDdl("CREATE TABLE sales (region STRING NOT NULL, amount INT NOT NULL, note STRING)");
    await conn.executeSnapshotDdl("INSERT INTO sales VALUES ('eu', 10, 'x'), ('eu', 20, CAST(NULL AS STRING)), ('us', 5, 'y')");
  });

  test("cursor description: nullOk follows Calcite's rule per query shape", async () => {
    const grouped = await db.conn.query("SELECT region, SUM(amount) AS total, MIN(note) AS first_note, COUNT(*) AS n FROM sales GROUP BY region");
    expect(grouped.columns.map((c) => [c.name, c.nullOk])).toEqual([
      ["region", false],
      ["total", false],
      ["first_note", true],
      ["n", false],
    ]);
    expect(grouped.rows).toEqual([
      { region: "eu", total: 30, first_note: "x", n: 2 },
      { region: "us", total: 5, first_note: "y", n: 1 },
    ]);
    const global = await db.conn.query("SELECT SUM(amount) AS total FROM sales");
    expect(global.columns[0]).toMatchObject({ name: "total", nullOk: true });
    expect(global.rows).toEqual([{ total: 35 }]);
    const filtered = await db.conn.query("SELECT region, SUM(amount) FILTER (WHERE amount > 15) AS big FROM sales GROUP BY region");
    expect(filtered.columns[1]).toMatchObject({ name: "big", nullOk: true });
    expect(filtered.rows).toEqual([
      { region: "eu", big: 20 },
      { region: "us", big: null },
    ]);
  });

  test("a streaming statement's schema carries the same nullability", async () => {
    const st = await db.conn.executeStreamingDdl("SELECT region, MAX(amount) AS top FROM sales GROUP BY region", undefined, { statementName: "agg-nullability-stream" });
    expect(st.schema?.map((c) => [c.name, c.type.nullable])).toEqual([
      ["region", false],
      ["top", false],
    ]);
    await db.conn.deleteStatement(st);
  });
});
