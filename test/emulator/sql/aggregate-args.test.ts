/**
 * GroupAggOp refills one argument array per aggregate call for every row, so an accumulator
 * that kept the array instead of its values would end up with the last row's values
 * everywhere. The aggregates that keep values (ARRAY_AGG, COLLECT, LISTAGG, JSON_ARRAYAGG,
 * JSON_OBJECTAGG, FIRST_VALUE/LAST_VALUE, DISTINCT, PERCENTILE) must show every row's own value,
 * in snapshot mode and in a streaming changelog whose retractions remove the right values.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { Harness } from "./harness.ts";

const h = new Harness({ examples: false });
beforeAll(() => {
  h.run("CREATE TABLE t (g STRING, v INT, s STRING)");
  h.run("INSERT INTO t VALUES ('a', 1, 'x'), ('a', 2, 'y'), ('a', 3, 'z'), ('b', 4, 'w'), ('a', 2, 'y')");
});

describe("aggregates keeping values see each row's arguments", () => {
  test("snapshot: collecting aggregates over several rows", () => {
    expect(
      h.snapshot(
        "SELECT g, ARRAY_AGG(v), LISTAGG(s, '-'), JSON_ARRAYAGG(v), FIRST_VALUE(s), LAST_VALUE(s), COUNT(DISTINCT v), SUM(DISTINCT v), COLLECT(v), PERCENTILE(v, 0.5) FROM t GROUP BY g",
      ),
    ).toEqual([
      ["a", ["1", "2", "3", "2"], "x-y-z-y", "[1,2,3,2]", "x", "y", "3", "6", [["1", "1"], ["2", "2"], ["3", "1"]], "2.0"],
      ["b", ["4"], "w", "[4]", "w", "w", "1", "4", [["4", "1"]], "4.0"],
    ]);
    expect(h.snapshot("SELECT g, JSON_OBJECTAGG(KEY CAST(v AS STRING) VALUE s) FROM (SELECT DISTINCT g, v, s FROM t) GROUP BY g")).toEqual([
      ["a", '{"1":"x","2":"y","3":"z"}'],
      ["b", '{"4":"w"}'],
    ]);
  });

  test("streaming: retractions take back each row's own value", () => {
    const r = h.start("SELECT ARRAY_AGG(n), LISTAGG(g || ':' || CAST(n AS STRING)) FROM (SELECT g, CAST(COUNT(*) AS INT) AS n FROM t GROUP BY g)");
    expect(r.sink.take()).toEqual([
      "+I[[1], a:1]",
      "-D[[1], a:1]",
      "+I[[2], a:2]",
      "-D[[2], a:2]",
      "+I[[3], a:3]",
      "-U[[3], a:3]",
      "+U[[3, 1], a:3,b:1]",
      "-U[[3, 1], a:3,b:1]",
      "+U[[1], b:1]",
      "-U[[1], b:1]",
      "+U[[1, 4], b:1,a:4]",
    ]);
    r.exec.dispose();
  });
});
