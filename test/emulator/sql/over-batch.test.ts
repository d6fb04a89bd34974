/**
 * OVER aggregation in batch (snapshot) mode. Flink's batch planner (BatchPhysicalOverAggregate)
 * accepts any ORDER BY and frames reaching FOLLOWING rows, which streaming does not; frame
 * semantics are the SQL standard's as Calcite validates them (SqlWindow, CalciteResource).
 */
import { beforeAll, describe, expect, test } from "vitest";
import { formatType } from "../../../src/types/format-type.ts";
import { Harness } from "./harness.ts";

const SNAPSHOT = { "sql.snapshot.mode": "now" };
let h: Harness;

function schemaOf(sql: string): string[] {
  return h.compile(sql, SNAPSHOT).traits.schema!.map((c) => `${c.name} ${formatType(c.type)}`);
}

beforeAll(() => {
  h = new Harness();
  h.run("CREATE TABLE sales (region STRING, dno INT NOT NULL, amount INT)");
  h.run(
    "INSERT INTO sales VALUES ('eu', 1, 10), ('eu', 2, 20), ('eu', 3, NULL), ('eu', 4, 40), ('eu', 4, 5), ('us', 1, 7), ('us', 3, 3), ('us', 6, 6)",
  );
  h.run("CREATE TABLE events (id INT NOT NULL, ts TIMESTAMP(3) NOT NULL, v INT NOT NULL)");
  h.run(
    "INSERT INTO events VALUES (1, TIMESTAMP '2026-01-01 00:00:00', 1), (2, TIMESTAMP '2026-01-01 00:00:30', 2), (3, TIMESTAMP '2026-01-01 00:01:10', 4), (4, TIMESTAMP '2026-01-01 00:05:00', 8)",
  );
});

describe("ORDER BY any column, default frames", () => {
  // SQL standard / Flink docs "Over Aggregation": with ORDER BY the default frame is RANGE
  // BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW, so peers (equal keys) share one value.
  test("running total by a non-time column, peers included, partitioned", () => {
    expect(h.snapshot("SELECT region, dno, amount, SUM(amount) OVER (PARTITION BY region ORDER BY dno) AS total FROM sales ORDER BY region, dno, amount")).toEqual([
      ["eu", "1", "10", "10"],
      ["eu", "2", "20", "30"],
      ["eu", "3", null, "30"],
      ["eu", "4", "5", "75"],
      ["eu", "4", "40", "75"],
      ["us", "1", "7", "7"],
      ["us", "3", "3", "10"],
      ["us", "6", "6", "16"],
    ]);
  });
  // Without ORDER BY the frame is the whole partition.
  test("no ORDER BY: the whole partition; several windows in one SELECT", () => {
    expect(h.snapshot("SELECT region, dno, COUNT(*) OVER (PARTITION BY region) AS n, MAX(amount) OVER () AS top FROM sales ORDER BY region, dno LIMIT 3")).toEqual([
      ["eu", "1", "5", "40"],
      ["eu", "2", "5", "40"],
      ["eu", "3", "5", "40"],
    ]);
  });
  test("DESC ordering with NULLS LAST by default", () => {
    expect(h.snapshot("SELECT amount, COUNT(amount) OVER (ORDER BY amount DESC) AS c FROM sales WHERE region = 'eu' ORDER BY c, amount")).toEqual([
      ["40", "1"],
      ["20", "2"],
      ["10", "3"],
      [null, "4"], // the outer ORDER BY puts NULL first (ASC)
      ["5", "4"],
    ]);
  });
  test("result types: the aggregate's type, added after the input columns", () => {
    expect(schemaOf("SELECT dno, SUM(amount) OVER (ORDER BY dno) AS s, COUNT(*) OVER (ORDER BY dno) AS c FROM sales")).toEqual(["dno INT NOT NULL", "s INT", "c BIGINT NOT NULL"]);
  });
});

describe("ROWS and RANGE frames", () => {
  // ROWS counts rows from the current one, in ORDER BY order.
  test("moving average over the previous and the current row", () => {
    expect(h.snapshot("SELECT dno, AVG(amount) OVER (PARTITION BY region ORDER BY dno ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS a FROM sales WHERE region = 'us' ORDER BY dno")).toEqual([
      ["1", "7"],
      ["3", "5"],
      ["6", "4"],
    ]);
  });
  test("frames that reach FOLLOWING rows, and empty frames at the edge", () => {
    expect(h.snapshot("SELECT dno, SUM(amount) OVER (ORDER BY dno ROWS BETWEEN 1 FOLLOWING AND 2 FOLLOWING) AS nxt FROM sales WHERE region = 'us' ORDER BY dno")).toEqual([
      ["1", "9"],
      ["3", "6"],
      ["6", null],
    ]);
    expect(h.snapshot("SELECT dno, COUNT(*) OVER (ORDER BY dno ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS rest FROM sales WHERE region = 'us' ORDER BY dno")).toEqual([
      ["1", "3"],
      ["3", "2"],
      ["6", "1"],
    ]);
  });
  // RANGE offsets are measured on the ORDER BY value: days 1..6 with a 2-dno window.
  test("RANGE over a numeric key: values within the offset, peers together", () => {
    expect(h.snapshot("SELECT dno, SUM(amount) OVER (PARTITION BY region ORDER BY dno RANGE BETWEEN 2 PRECEDING AND CURRENT ROW) AS s FROM sales WHERE region = 'us' ORDER BY dno")).toEqual([
      ["1", "7"],
      ["3", "10"],
      ["6", "6"],
    ]);
    expect(h.snapshot("SELECT dno, COUNT(*) OVER (ORDER BY dno DESC RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS c FROM sales WHERE region = 'eu' ORDER BY dno")).toEqual([
      ["1", "2"],
      ["2", "3"],
      ["3", "4"],
      ["4", "3"],
      ["4", "3"],
    ]);
  });
  test("RANGE over a timestamp with an INTERVAL", () => {
    expect(h.snapshot("SELECT id, SUM(v) OVER (ORDER BY ts RANGE BETWEEN INTERVAL '1' MINUTE PRECEDING AND CURRENT ROW) AS s FROM events ORDER BY id")).toEqual([
      ["1", "1"],
      ["2", "3"],
      ["3", "6"],
      ["4", "8"],
    ]);
  });
  test("FIRST_VALUE / LAST_VALUE follow the frame", () => {
    expect(h.snapshot("SELECT id, FIRST_VALUE(v) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS f, LAST_VALUE(v) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS l FROM events ORDER BY id")).toEqual([
      ["1", "1", "2"],
      ["2", "1", "4"],
      ["3", "2", "8"],
      ["4", "4", "8"],
    ]);
  });
});

describe("LAG and LEAD", () => {
  // Calcite SqlLeadLagAggFunction: the value `offset` rows before/after; nullable unless a NOT
  // NULL default is given; the type is the least restrictive of the value and the default.
  test("values, offsets, defaults and types", () => {
    expect(h.snapshot("SELECT id, LAG(v) OVER (ORDER BY id) AS p, LEAD(v, 2, 0) OVER (ORDER BY id) AS n2 FROM events ORDER BY id")).toEqual([
      ["1", null, "4"],
      ["2", "1", "8"],
      ["3", "2", "0"],
      ["4", "4", "0"],
    ]);
    expect(schemaOf("SELECT LAG(v) OVER (ORDER BY id) AS p, LEAD(v, 2, 0) OVER (ORDER BY id) AS n2, LAG(v, 1, 0.5) OVER (ORDER BY id) AS d FROM events")).toEqual([
      "p INT",
      "n2 INT NOT NULL",
      "d DECIMAL(11, 1) NOT NULL",
    ]);
    expect(h.snapshot("SELECT LAG(v, 1, 0.5) OVER (ORDER BY id) AS d FROM events ORDER BY d LIMIT 2")).toEqual([["0.5"], ["1.0"]]);
  });
  test("per partition", () => {
    expect(h.snapshot("SELECT region, dno, LAG(dno) OVER (PARTITION BY region ORDER BY dno) AS before_it FROM sales WHERE amount IS NOT NULL ORDER BY region, dno")).toEqual([
      ["eu", "1", null],
      ["eu", "2", "1"],
      ["eu", "4", "2"],
      ["eu", "4", "4"],
      ["us", "1", null],
      ["us", "3", "1"],
      ["us", "6", "3"],
    ]);
  });
});

describe("validation (Calcite's messages)", () => {
  test.each([
    ["SELECT SUM(v) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND 1 PRECEDING) FROM events", "Upper frame boundary cannot be PRECEDING when lower boundary is CURRENT ROW"],
    ["SELECT SUM(v) OVER (ORDER BY id ROWS BETWEEN 1 FOLLOWING AND CURRENT ROW) FROM events", "Upper frame boundary cannot be CURRENT ROW when lower boundary is FOLLOWING"],
    ["SELECT SUM(v) OVER (ORDER BY id ROWS BETWEEN 2 FOLLOWING AND 1 PRECEDING) FROM events", "Upper frame boundary cannot be PRECEDING when lower boundary is FOLLOWING"],
    ["SELECT SUM(v) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED FOLLOWING AND CURRENT ROW) FROM events", "UNBOUNDED FOLLOWING cannot be specified for the lower frame boundary"],
    ["SELECT SUM(v) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND UNBOUNDED PRECEDING) FROM events", "UNBOUNDED PRECEDING cannot be specified for the upper frame boundary"],
    ["SELECT SUM(v) OVER (RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) FROM events", "Window specification must contain an ORDER BY clause"],
    ["SELECT SUM(v) OVER (ORDER BY id, v RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) FROM events", "RANGE clause cannot be used with compound ORDER BY clause"],
    ["SELECT SUM(v) OVER (ORDER BY id RANGE BETWEEN INTERVAL '1' SECOND PRECEDING AND CURRENT ROW) FROM events", "Data Type mismatch between ORDER BY and RANGE clause"],
    ["SELECT SUM(v) OVER (ORDER BY id ROWS BETWEEN 1.5 PRECEDING AND CURRENT ROW) FROM events", "ROWS value must be a non-negative integral constant"],
    ["SELECT LAG(v) OVER (ORDER BY id ROWS 1 PRECEDING) FROM events", "ROW/RANGE not allowed with RANK, DENSE_RANK or ROW_NUMBER functions"],
  ])("%s", (sql, message) => {
    expect(() => h.compile(sql, SNAPSHOT)).toThrow(message);
  });
  test("streaming keeps its rules: one ascending time attribute, no LAG", () => {
    expect(() => h.compile("SELECT SUM(v) OVER (ORDER BY id) FROM events")).toThrow("OVER windows' ordering in stream mode must be defined on a time attribute.");
  });
});

describe("OVER calls inside expressions", () => {
  test("aggregates and LAG inside SELECT expressions", () => {
    expect(h.snapshot("SELECT id, v * 100 / SUM(v) OVER () AS pct, v - LAG(v, 1, v) OVER (ORDER BY id) AS delta FROM events ORDER BY id")).toEqual([
      ["1", "6", "0"],
      ["2", "13", "1"],
      ["3", "26", "2"],
      ["4", "53", "4"],
    ]);
  });
  test("ranking functions stay whole SELECT items; LEAD is snapshot-only (streaming-lag.test.ts has streaming LAG)", () => {
    expect(() => h.compile("SELECT ROW_NUMBER() OVER (ORDER BY id) + 1 FROM events", SNAPSHOT)).toThrow(
      "Unsupported feature in the emulator: 'ROW_NUMBER(...) OVER (...)' here (OVER aggregates, LAG and LEAD may appear anywhere in a SELECT item; ROW_NUMBER, RANK and DENSE_RANK only as a whole SELECT item)",
    );
    expect(() => h.compile("SELECT LEAD(v) OVER (ORDER BY $rowtime) FROM events")).toThrow("LEAD Function is not supported in stream mode.");
  });
});
