/**
 * The WINDOW clause. Flink docs, "Queries > Over Aggregation": "You can also define a window with
 * a WINDOW clause and reference it in multiple OVER clauses". Resolution and errors follow
 * Calcite (SqlValidatorImpl.resolveWindow, SqlWindow.overlay, CalciteResource messages).
 */
import { beforeAll, describe, expect, test } from "vitest";
import { Harness } from "./harness.ts";

let h: Harness;
beforeAll(() => {
  h = new Harness();
  h.run("CREATE TABLE sales (region STRING, dno INT NOT NULL, amount INT)");
  h.run("INSERT INTO sales VALUES ('eu', 1, 10), ('eu', 2, 20), ('eu', 4, 40), ('us', 1, 7), ('us', 3, 3)");
});

describe("snapshot mode", () => {
  test("one named window shared by several OVER calls gives what the inline window gives", () => {
    const named = h.snapshot(
      "SELECT region, dno, SUM(amount) OVER w AS total, COUNT(*) OVER w AS n, MAX(amount) OVER w AS top FROM sales " +
        "WINDOW w AS (PARTITION BY region ORDER BY dno ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) ORDER BY region, dno",
    );
    expect(named).toEqual([
      ["eu", "1", "10", "1", "10"],
      ["eu", "2", "30", "2", "20"],
      ["eu", "4", "60", "2", "40"],
      ["us", "1", "7", "1", "7"],
      ["us", "3", "10", "2", "7"],
    ]);
    const inline = h.snapshot(
      "SELECT region, dno, SUM(amount) OVER (PARTITION BY region ORDER BY dno ROWS BETWEEN 1 PRECEDING AND CURRENT ROW), " +
        "COUNT(*) OVER (PARTITION BY region ORDER BY dno ROWS BETWEEN 1 PRECEDING AND CURRENT ROW), " +
        "MAX(amount) OVER (PARTITION BY region ORDER BY dno ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM sales ORDER BY region, dno",
    );
    expect(inline).toEqual(named);
  });

  test("OVER (w ORDER BY ... frame) refines a window that has only PARTITION BY; windows may build on windows", () => {
    const expected = [
      ["eu", "1", "10", "70", "10"],
      ["eu", "2", "30", "70", "30"],
      ["eu", "4", "70", "70", "60"],
      ["us", "1", "7", "10", "7"],
      ["us", "3", "10", "10", "10"],
    ];
    expect(
      h.snapshot(
        "SELECT region, dno, SUM(amount) OVER (p ORDER BY dno) AS run_total, SUM(amount) OVER p AS whole, SUM(amount) OVER (o ROWS 1 PRECEDING) AS last2 " +
          "FROM sales WINDOW p AS (PARTITION BY region), o AS (p ORDER BY dno) ORDER BY region, dno",
      ),
    ).toEqual(expected);
    // The same through a chain of declared windows, one of them declared after its user.
    expect(
      h.snapshot(
        "SELECT region, dno, SUM(amount) OVER o AS run_total, SUM(amount) OVER p AS whole, SUM(amount) OVER last2 AS last2 " +
          "FROM sales WINDOW last2 AS (o ROWS 1 PRECEDING), p AS (PARTITION BY region), o AS (p ORDER BY dno) ORDER BY region, dno",
      ),
    ).toEqual(expected);
  });

  test("ROW_NUMBER over a named window (Top-N)", () => {
    expect(h.snapshot("SELECT region, dno FROM (SELECT region, dno, ROW_NUMBER() OVER w AS rn FROM sales WINDOW w AS (PARTITION BY region ORDER BY amount DESC)) WHERE rn = 1 ORDER BY region")).toEqual([
      ["eu", "4"],
      ["us", "1"],
    ]);
  });
});

describe("streaming mode", () => {
  test("a named RANGE window over $rowtime, as in Flink's docs", () => {
    const s = new Harness();
    s.run("CREATE TABLE t (a INT, b STRING)");
    const run = s.start(
      "SELECT a, b, SUM(a) OVER w AS total, COUNT(*) OVER w AS n FROM t " +
        "WINDOW w AS (PARTITION BY b ORDER BY $rowtime RANGE BETWEEN INTERVAL '1' SECOND PRECEDING AND CURRENT ROW)",
    );
    expect(run.traits).toMatchObject({ isAppendOnly: true });
    s.run("INSERT INTO t VALUES (1, 'x')");
    s.clock.advance(1000);
    s.run("INSERT INTO t VALUES (2, 'x'), (5, 'y')");
    s.clock.advance(1000);
    s.run("INSERT INTO t VALUES (3, 'x')");
    s.clock.advance(1000);
    expect(run.sink.log).toEqual(["+I[1, x, 1, 1]", "+I[2, x, 3, 2]", "+I[5, y, 5, 1]", "+I[3, x, 5, 2]"]);
  });
});

describe("errors, with Calcite's messages", () => {
  const fails = (sql: string) => () => h.compile(sql, { "sql.snapshot.mode": "now" });
  test("unknown and duplicate names, self references", () => {
    expect(fails("SELECT SUM(amount) OVER w FROM sales")).toThrow("Window 'w' not found");
    expect(fails("SELECT SUM(amount) OVER v FROM sales WINDOW w AS (ORDER BY dno)")).toThrow("Window 'v' not found");
    expect(fails("SELECT SUM(amount) OVER w FROM sales WINDOW w AS (ORDER BY dno), w AS (ORDER BY amount)")).toThrow("Duplicate window names not allowed");
    expect(fails("SELECT dno FROM sales WINDOW w AS (v ORDER BY dno), v AS (w)")).toThrow(/Window '[vw]' references itself/);
    expect(fails("SELECT dno FROM sales WINDOW w AS (missing ORDER BY dno)")).toThrow("Window 'missing' not found");
  });
  test("refinements may not repeat PARTITION BY or ORDER BY, nor extend a framed window", () => {
    expect(fails("SELECT SUM(amount) OVER (w PARTITION BY dno) FROM sales WINDOW w AS (ORDER BY dno)")).toThrow(
      "SQL validation failed. From line 1, column 41 to line 1, column 43: PARTITION BY not allowed with existing window reference",
    );
    expect(fails("SELECT SUM(amount) OVER (w ORDER BY amount) FROM sales WINDOW w AS (ORDER BY dno)")).toThrow("ORDER BY not allowed in both base and referenced windows");
    expect(fails("SELECT SUM(amount) OVER (w ORDER BY amount) FROM sales WINDOW w AS (PARTITION BY region ROWS 1 PRECEDING)")).toThrow(
      "Referenced window cannot have framing declarations",
    );
  });
});
