/**
 * LAG in streaming OVER aggregation. Flink (FLINK-19449, AggFunctionFactory, LagAggFunction and
 * OverAggregateITCase.testLagFunction / testLeadFunction): LAG works on an append-only input over
 * the default window (RANGE UNBOUNDED PRECEDING, so rows with the same time attribute all see
 * the state after the last of them); LEAD fails with "LEAD Function is not supported in stream
 * mode." Calcite rejects a frame on LAG.
 */
import { describe, expect, test } from "vitest";
import { formatType } from "../../../src/types/format-type.ts";
import { Harness } from "./harness.ts";

function setup() {
  const h = new Harness();
  h.run("CREATE TABLE t (a INT, b BIGINT NOT NULL, c STRING)");
  return h;
}

describe("LAG over a streaming input", () => {
  test("previous values per partition, in time order, with offsets and a default", () => {
    const h = setup();
    const s = h.start(
      "SELECT a, b, LAG(b) OVER w AS p1, LAG(b, 2) OVER w AS p2, LAG(b, 2, CAST(10086 AS BIGINT)) OVER w AS p2d FROM t " +
        "WINDOW w AS (PARTITION BY a ORDER BY $rowtime)",
    );
    expect(s.traits).toMatchObject({ isAppendOnly: true });
    expect(s.traits.schema!.map((c) => `${c.name} ${formatType(c.type)}`)).toEqual(["a INT", "b BIGINT NOT NULL", "p1 BIGINT", "p2 BIGINT", "p2d BIGINT NOT NULL"]);
    h.run("INSERT INTO t VALUES (1, 1, 'Hi')");
    h.clock.advance(1000);
    h.run("INSERT INTO t VALUES (1, 3, 'Hello'), (2, 30, 'other')");
    h.clock.advance(1000);
    h.run("INSERT INTO t VALUES (1, 6, 'Hello world')");
    h.clock.advance(1000);
    h.run("INSERT INTO t VALUES (1, 7, 'Hello world')");
    h.clock.advance(1000);
    expect(s.sink.log).toEqual([
      "+I[1, 1, NULL, NULL, 10086]",
      "+I[1, 3, 1, NULL, 10086]",
      "+I[2, 30, NULL, NULL, 10086]",
      "+I[1, 6, 3, 1, 1]",
      "+I[1, 7, 6, 3, 3]",
    ]);
  });

  test("rows with the same time attribute see the state after all of them (RANGE peers)", () => {
    const h = setup();
    const s = h.start("SELECT b, LAG(b) OVER (PARTITION BY a ORDER BY $rowtime) AS p FROM t");
    h.run("INSERT INTO t VALUES (1, 3, 'x')");
    h.clock.advance(1000);
    h.run("INSERT INTO t VALUES (1, 4, 'x'), (1, 5, 'x')");
    h.clock.advance(1000);
    h.run("INSERT INTO t VALUES (1, 9, 'x')");
    h.clock.advance(1000);
    expect(s.sink.log).toEqual(["+I[3, NULL]", "+I[4, 4]", "+I[5, 4]", "+I[9, 5]"]);
  });

  test("LEAD, frames and negative offsets fail", () => {
    const h = setup();
    expect(() => h.compile("SELECT LEAD(b) OVER (ORDER BY $rowtime) FROM t")).toThrow("LEAD Function is not supported in stream mode.");
    expect(() => h.compile("SELECT LAG(b) OVER (ORDER BY $rowtime ROWS 1 PRECEDING) FROM t")).toThrow("ROW/RANGE not allowed with RANK, DENSE_RANK or ROW_NUMBER functions");
    expect(() => h.compile("SELECT LAG(b, -1) OVER (ORDER BY $rowtime) FROM t")).toThrow(/negative LAG offset in stream mode/);
    expect(() => h.compile("SELECT LAG(b, 1.5) OVER (ORDER BY $rowtime) FROM t")).toThrow("The offset of LAG must be a constant integer");
  });
});
