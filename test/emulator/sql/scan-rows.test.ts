/**
 * The rows a table scan builds from stored records (planner/scan-row.ts): declared columns in
 * declaration order, physical, metadata and computed interleaved, then the hidden `$rowtime`.
 * These pin the layout every reader of a scan relies on, so a faster row builder cannot move a
 * value into the wrong column or drop the record time.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { Harness } from "./harness.ts";

const T0 = Date.UTC(2025, 0, 1);
let h: Harness;

beforeAll(() => {
  h = new Harness();
  h.run("CREATE TABLE plain (k INT, s STRING)");
  h.run("INSERT INTO plain VALUES (1, 'x'), (2, 'y')");
  h.clock.advance(1500);
  h.run("INSERT INTO plain VALUES (3, 'z')");

  // Metadata and computed columns between physical ones; the computed ones read physical
  // columns on either side of them and the metadata column.
  h.run(
    "CREATE TABLE mixed (a INT, ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp', b AS a * 10, c STRING, d AS CONCAT(c, '!'), e AS EXTRACT(SECOND FROM ts))",
  );
  h.run("INSERT INTO mixed VALUES (1, 'p')");
  // A metadata column first, and no computed column: every physical value sits one to the right.
  h.run("CREATE TABLE meta_first (ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp', a INT, c STRING)");
  h.run("INSERT INTO meta_first VALUES (7, 'm')");
  h.clock.advance(2000);
  h.run("INSERT INTO mixed VALUES (2, 'q'), (3, CAST(NULL AS STRING))");
});

describe("plain physical tables", () => {
  test("SELECT * has the physical columns only", () => {
    expect(h.snapshot("SELECT * FROM plain")).toEqual([
      ["1", "x"],
      ["2", "y"],
      ["3", "z"],
    ]);
  });
  test("$rowtime follows the physical columns, one per record time", () => {
    expect(h.snapshot("SELECT k, $rowtime, s FROM plain")).toEqual([
      ["1", "2025-01-01 00:00:00.000", "x"],
      ["2", "2025-01-01 00:00:00.000", "y"],
      ["3", "2025-01-01 00:00:01.500", "z"],
    ]);
  });
  test("$rowtime read only in WHERE", () => {
    expect(h.snapshot(`SELECT k FROM plain WHERE $rowtime > TO_TIMESTAMP_LTZ(${T0}, 3)`)).toEqual([["3"]]);
  });
  test("a join of two scans keeps each side's columns in place", () => {
    expect(h.snapshot("SELECT * FROM plain p JOIN mixed m ON p.k = m.a")).toEqual([
      ["1", "x", "1", "2025-01-01 00:00:01.500", "10", "p", "p!", "1"],
      ["2", "y", "2", "2025-01-01 00:00:03.500", "20", "q", "q!", "3"],
      ["3", "z", "3", "2025-01-01 00:00:03.500", "30", null, null, "3"],
    ]);
  });
});

describe("metadata and computed columns", () => {
  test("SELECT * evaluates computed columns over the stored values", () => {
    expect(h.snapshot("SELECT * FROM mixed")).toEqual([
      ["1", "2025-01-01 00:00:01.500", "10", "p", "p!", "1"],
      ["2", "2025-01-01 00:00:03.500", "20", "q", "q!", "3"],
      ["3", "2025-01-01 00:00:03.500", "30", null, null, "3"],
    ]);
  });
  test("a metadata column before the physical ones", () => {
    expect(h.snapshot("SELECT *, $rowtime FROM meta_first")).toEqual([["2025-01-01 00:00:01.500", "7", "m", "2025-01-01 00:00:01.500"]]);
  });
  test("the timestamp metadata column equals $rowtime", () => {
    expect(h.snapshot("SELECT a, ts = $rowtime, $rowtime FROM mixed")).toEqual([
      ["1", "TRUE", "2025-01-01 00:00:01.500"],
      ["2", "TRUE", "2025-01-01 00:00:03.500"],
      ["3", "TRUE", "2025-01-01 00:00:03.500"],
    ]);
  });
  test("a computed column whose inputs the query does not select", () => {
    expect(h.snapshot("SELECT d FROM mixed WHERE b > 10")).toEqual([["q!"], [null]]);
  });
  test("streaming: a later record gets its own record time", () => {
    const r = h.start("SELECT a, b, ts FROM mixed WHERE a > 1");
    expect(r.sink.take()).toEqual(["+I[2, 20, 2025-01-01 00:00:03.500]", "+I[3, 30, 2025-01-01 00:00:03.500]"]);
    h.clock.advance(250);
    h.run("INSERT INTO mixed VALUES (4, 'r')");
    expect(r.sink.take()).toEqual(["+I[4, 40, 2025-01-01 00:00:03.750]"]);
    r.exec.stop();
  });
});

describe("records older than the schema", () => {
  test("a column added later reads NULL and $rowtime stays last", () => {
    const g = new Harness();
    g.run("CREATE TABLE grown (k INT)");
    g.run("INSERT INTO grown VALUES (1)");
    g.run("ALTER TABLE grown ADD (v STRING)");
    g.clock.advance(10);
    g.run("INSERT INTO grown VALUES (2, 'new')");
    expect(g.snapshot("SELECT *, $rowtime FROM grown")).toEqual([
      ["1", null, "2025-01-01 00:00:00.000"],
      ["2", "new", "2025-01-01 00:00:00.010"],
    ]);
  });
});
