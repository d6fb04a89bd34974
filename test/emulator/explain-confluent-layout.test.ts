/**
 * How the Confluent-format EXPLAIN draws and numbers a plan: inputs numbered before the operator
 * that reads them, left to right; each input two columns further in after `+- `, the branch of an
 * input with siblings after it continued by `:  ` at every depth below it; an identical subtree
 * met again as `(reused) [n]` (never two subtrees the emulator cannot tell apart); a details
 * block only where there is something to say.
 */
import { beforeEach, describe, expect, test } from "vitest";
import { Harness } from "./sql/harness.ts";
import { detailsOf, planLines } from "../support/explain-text.ts";

let h: Harness;

beforeEach(() => {
  h = new Harness();
  for (const t of ["A", "B", "C"]) h.run(`CREATE TABLE ${t} (id INT, v STRING)`);
});

const plan = (sql: string) => h.run(`EXPLAIN ${sql}`).sink.rows[0]!.row[0] as string;

describe("drawing and numbering", () => {
  test("nested inputs with siblings after them keep their branch open with `:` at every depth", () => {
    expect(planLines(plan("SELECT id FROM A UNION ALL SELECT id FROM B UNION ALL SELECT id FROM C"))).toEqual([
      "StreamSink [9]",
      "  +- StreamUnion [8]",
      "    +- StreamUnion [5]",
      "    :  +- StreamCalc [2]",
      "    :  :  +- StreamTableSourceScan [1]",
      "    :  +- StreamCalc [4]",
      "    :    +- StreamTableSourceScan [3]",
      "    +- StreamCalc [7]",
      "      +- StreamTableSourceScan [6]",
    ]);
  });

  test("a join over a join: the left subtree numbered first, the outer join after both inputs", () => {
    expect(planLines(plan("SELECT x.id FROM (SELECT * FROM A WHERE id > 1) x JOIN (SELECT * FROM B WHERE id > 1) y ON x.id = y.id JOIN C z ON y.id = z.id"))).toEqual([
      "StreamSink [13]",
      "  +- StreamCalc [12]",
      "    +- StreamJoin [11]",
      "      +- StreamExchange [8]",
      "      :  +- StreamJoin [7]",
      "      :    +- StreamExchange [3]",
      "      :    :  +- StreamCalc [2]",
      "      :    :    +- StreamTableSourceScan [1]",
      "      :    +- StreamExchange [6]",
      "      :      +- StreamCalc [5]",
      "      :        +- StreamTableSourceScan [4]",
      "      +- StreamExchange [10]",
      "        +- StreamTableSourceScan [9]",
    ]);
  });
});

describe("reuse", () => {
  test("a self-join reads one shuffled scan twice", () => {
    expect(planLines(plan("SELECT x.id FROM A x JOIN A y ON x.id = y.id"))).toEqual([
      "StreamSink [5]",
      "  +- StreamCalc [4]",
      "    +- StreamJoin [3]",
      "      +- StreamExchange [2]",
      "      :  +- StreamTableSourceScan [1]",
      "      +- (reused) [2]",
    ]);
  });

  test("two filters the emulator keeps no text of are not taken for the same: only the scan below them is reused", () => {
    const text = plan("SELECT x.id FROM (SELECT * FROM A WHERE id > 1) x JOIN (SELECT * FROM A WHERE id > 2) y ON x.id = y.id");
    expect(planLines(text).slice(-4)).toEqual(["      :    +- StreamTableSourceScan [1]", "      +- StreamExchange [5]", "        +- StreamCalc [4]", "          +- (reused) [1]"]);
    // The reused scan has its one block; the filters pass appended rows on and have none.
    expect(detailsOf(text, "StreamTableSourceScan", 1)).toBeNull();
    expect(detailsOf(text, "StreamCalc")).toBeNull();
  });

  test("two VALUES lists of as many rows are not taken for the same (the emulator keeps no text of their rows)", () => {
    const text = plan("SELECT * FROM (VALUES (1), (2)) AS t(a) UNION ALL SELECT * FROM (VALUES (3), (4)) AS u(a)");
    expect(text).not.toContain("(reused)");
    expect(text.match(/StreamValues \[\d+\]/g)).toHaveLength(2);
  });

  test("two UNNESTs over one input are not taken for the same either; the scan below them is shared", () => {
    h.run("CREATE TABLE T (xs ARRAY<INT>, ys ARRAY<INT>)");
    const text = plan("SELECT x FROM T CROSS JOIN UNNEST(xs) AS a(x) UNION ALL SELECT y FROM T CROSS JOIN UNNEST(ys) AS b(y)");
    expect(text.match(/StreamCorrelate \[\d+\]/g)).toHaveLength(2);
    expect(text.match(/\(reused\) \[1\]/g)).toHaveLength(1);
  });
});
