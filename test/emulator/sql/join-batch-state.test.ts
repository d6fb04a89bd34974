/**
 * A regular join keeps a row in state only while something can still need it: once one side has
 * ended (snapshot mode reads the smaller side to its end first), insert-only rows of the other
 * side are joined as they arrive and dropped. These tests pin the state that is (not) kept, the
 * results of every join kind over that path, and the order snapshot results now follow.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { JoinOp } from "../../../src/emulator/sql/runtime/join.ts";
import type { JoinKind } from "../../../src/emulator/sql/runtime/join.ts";
import { CollectOp, DELETE, INSERT } from "../../../src/emulator/sql/runtime/dataflow.ts";
import type { Change } from "../../../src/emulator/sql/runtime/dataflow.ts";
import type { Row } from "../../../src/emulator/sql/runtime/values.ts";
import { Harness } from "./harness.ts";

const OPS = ["+I", "-U", "+U", "-D"];

/** A join on column 0 of both sides (left [k, l], right [k, r]) collecting its changelog. */
function joinOn(kind: JoinKind, insertOnly: readonly [boolean, boolean]): { op: JoinOp; log: string[] } {
  const log: string[] = [];
  const op = new JoinOp(kind, [(r: Row) => r[0]], [(r: Row) => r[0]], null, 2, 2, false, insertOnly);
  op.connect(new CollectOp((cs: readonly Change[]) => {
    for (const c of cs) log.push(`${OPS[c.op]}${JSON.stringify(c.row)}`);
  }));
  return { op, log };
}

const ins = (...row: unknown[]): Change => ({ op: INSERT, row });
const del = (...row: unknown[]): Change => ({ op: DELETE, row });

describe("JoinOp state once a side has ended", () => {
  test("insert-only left rows after the right side ended are joined and not kept", () => {
    const { op, log } = joinOn("INNER", [true, true]);
    op.push([ins(1, "r1"), ins(2, "r2"), ins(1, "r1b")], 1);
    op.end(1);
    op.push([ins(1, "a"), ins(3, "b"), ins(2, "c")], 0);
    expect(op.stateSize).toEqual([0, 3]);
    expect(log).toEqual(['+I[1,"a",1,"r1"]', '+I[1,"a",1,"r1b"]', '+I[2,"c",2,"r2"]']);
  });

  test("left rows are kept while the right side is open", () => {
    const { op, log } = joinOn("INNER", [true, true]);
    op.push([ins(1, "a"), ins(2, "c")], 0);
    expect(op.stateSize).toEqual([2, 0]);
    op.push([ins(1, "r1")], 1);
    expect(log).toEqual(['+I[1,"a",1,"r1"]']);
  });

  test("an updating left side keeps its rows, so a later retraction still takes its results back", () => {
    const { op, log } = joinOn("INNER", [false, true]);
    op.push([ins(1, "r1")], 1);
    op.end(1);
    op.push([ins(1, "a")], 0);
    expect(op.stateSize).toEqual([1, 1]);
    op.push([del(1, "a")], 0);
    expect(op.stateSize).toEqual([0, 1]);
    expect(log).toEqual(['+I[1,"a",1,"r1"]', '-D[1,"a",1,"r1"]']);
  });

  test("outer joins: a left row is padded once, and a right row loses its padding at its first match", () => {
    const left = joinOn("LEFT", [true, true]);
    left.op.push([ins(1, "r1")], 1);
    left.op.end(1);
    left.op.push([ins(1, "a"), ins(2, "b")], 0);
    expect(left.op.stateSize).toEqual([0, 1]);
    expect(left.log).toEqual(['+I[1,"a",1,"r1"]', '+I[2,"b",null,null]']);

    const right = joinOn("RIGHT", [true, true]);
    right.op.push([ins(1, "r1"), ins(2, "r2")], 1);
    right.op.end(1);
    right.op.push([ins(1, "a"), ins(1, "a2")], 0);
    expect(right.op.stateSize).toEqual([0, 2]);
    expect(right.log).toEqual(['+I[null,null,1,"r1"]', '+I[null,null,2,"r2"]', '-D[null,null,1,"r1"]', '+I[1,"a",1,"r1"]', '+I[1,"a2",1,"r1"]']);
  });

  test("semi and anti joins keep no left rows once the right side ended", () => {
    for (const [kind, expected] of [["SEMI", ['+I[1,"a"]']], ["ANTI", ['+I[2,"b"]']]] as const) {
      const { op, log } = joinOn(kind, [true, true]);
      op.push([ins(1, "r1")], 1);
      op.end(1);
      op.push([ins(1, "a"), ins(2, "b")], 0);
      expect(op.stateSize).toEqual([0, 1]);
      expect(log).toEqual(expected);
    }
  });
});

describe("snapshot joins read the smaller side first", () => {
  const h = new Harness({ examples: false });
  beforeAll(() => {
    h.run("CREATE TABLE o (id INT, cust STRING, qty INT)");
    h.run("CREATE TABLE c (name STRING, city STRING)");
    h.run("INSERT INTO o VALUES (1, 'ann', 2), (2, 'bob', 1), (3, 'ann', 5), (4, 'zed', 1), (5, CAST(NULL AS STRING), 3), (6, 'bob', 4)");
    h.run("INSERT INTO c VALUES ('bob', 'Rome'), ('ann', 'Paris'), ('ann', 'Lyon'), ('eve', 'Oslo')");
  });
  const sorted = (rows: unknown[][]) => rows.map((r) => JSON.stringify(r)).sort();

  test("the result follows the larger side's order, whichever side it is on", () => {
    expect(h.snapshot("SELECT c.city, o.id FROM c JOIN o ON o.cust = c.name")).toEqual([
      ["Paris", "1"],
      ["Lyon", "1"],
      ["Rome", "2"],
      ["Paris", "3"],
      ["Lyon", "3"],
      ["Rome", "6"],
    ]);
  });

  test("an inner join's result follows the (larger) left side's order", () => {
    expect(h.snapshot("SELECT o.id, c.city FROM o JOIN c ON o.cust = c.name")).toEqual([
      ["1", "Paris"],
      ["1", "Lyon"],
      ["2", "Rome"],
      ["3", "Paris"],
      ["3", "Lyon"],
      ["6", "Rome"],
    ]);
  });

  test("outer, semi and anti joins: NULL keys never match, semi and anti keep the left order", () => {
    expect(sorted(h.snapshot("SELECT o.id, c.city FROM o LEFT JOIN c ON o.cust = c.name AND o.qty > 1"))).toEqual(
      sorted([["1", "Paris"], ["1", "Lyon"], ["2", null], ["3", "Paris"], ["3", "Lyon"], ["4", null], ["5", null], ["6", "Rome"]]),
    );
    expect(sorted(h.snapshot("SELECT o.id, c.name FROM o RIGHT JOIN c ON o.cust = c.name"))).toEqual(
      sorted([["1", "ann"], ["1", "ann"], ["2", "bob"], ["3", "ann"], ["3", "ann"], ["6", "bob"], [null, "eve"]]),
    );
    expect(sorted(h.snapshot("SELECT o.id, c.name FROM o FULL JOIN c ON o.cust = c.name AND c.city <> 'Lyon'"))).toEqual(
      sorted([["1", "ann"], ["2", "bob"], ["3", "ann"], ["4", null], ["5", null], ["6", "bob"], [null, "ann"], [null, "eve"]]),
    );
    expect(h.snapshot("SELECT id FROM o WHERE cust IN (SELECT name FROM c)")).toEqual([["1"], ["2"], ["3"], ["6"]]);
    expect(h.snapshot("SELECT id FROM o WHERE NOT EXISTS (SELECT 1 FROM c WHERE c.name = o.cust)")).toEqual([["4"], ["5"]]);
  });

  test("updating inputs on either side", () => {
    expect(sorted(h.snapshot("SELECT t.cust, t.n, c.city FROM (SELECT cust, COUNT(*) AS n FROM o GROUP BY cust) t JOIN c ON t.cust = c.name"))).toEqual(
      sorted([["ann", "2", "Paris"], ["ann", "2", "Lyon"], ["bob", "2", "Rome"]]),
    );
    expect(sorted(h.snapshot("SELECT o.id, t.n FROM o JOIN (SELECT name, COUNT(*) AS n FROM c GROUP BY name) t ON o.cust = t.name"))).toEqual(
      sorted([["1", "2"], ["2", "1"], ["3", "2"], ["6", "1"]]),
    );
  });

  test("a VALUES right side", () => {
    expect(h.snapshot("SELECT o.id, v.tag FROM o JOIN (VALUES ('ann', 'A'), ('zed', 'Z')) AS v(who, tag) ON o.cust = v.who")).toEqual([
      ["1", "A"],
      ["3", "A"],
      ["4", "Z"],
    ]);
  });
});
