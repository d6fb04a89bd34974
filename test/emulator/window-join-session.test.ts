/**
 * Window joins over SESSION windows (Flink 1.19+ runs them in streaming mode; docs, "Queries >
 * Window Join"): each side's SESSION TVF assigns its own sessions, and with the same gap on
 * both sides the join equating window_start and window_end is a window join. Rows meet only in
 * equal sessions (same start and end), once the watermark of both inputs passes the session's
 * end; the result is append-only. Different gaps make a regular join, as in Flink. Batch mode
 * has no session windows: snapshot queries fail as Flink's batch planner does.
 *
 * A and B declare `WATERMARK FOR ts AS ts`; the join's watermark is the smaller of the two.
 */
import { beforeEach, describe, expect, test } from "vitest";
import { EngineError } from "../../src/emulator/engine.ts";
import { Harness } from "./sql/harness.ts";
import { detailsOf, operators } from "../support/explain-text.ts";

let h: Harness;

beforeEach(() => {
  h = new Harness();
  h.run("CREATE TABLE A (id INT, v STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)");
  h.run("CREATE TABLE B (id INT, v STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)");
});

const session = (t: string, gapSec = 5, partition = "") => `TABLE(SESSION(TABLE ${t}${partition}, DESCRIPTOR(ts), INTERVAL '${gapSec}' SECOND))`;
const ON = "ON a.id = b.id AND a.window_start = b.window_start AND a.window_end = b.window_end";
const join = (kind: string, left = session("A"), right = session("B")) =>
  `SELECT a.id, a.v, b.id AS bid, b.v AS bv, a.window_start, a.window_end FROM ${left} AS a ${kind} JOIN ${right} AS b ${ON}`;

/** Inserts `(id, v, second)` rows, the second of 2024-01-01 00:00. */
function insert(table: "A" | "B", ...rows: Array<[number, string, number]>): void {
  const values = rows.map(([id, v, sec]) => `(${id}, '${v}', TIMESTAMP '2024-01-01 00:00:${String(sec).padStart(2, "0")}')`);
  h.run(`INSERT INTO ${table} VALUES ${values.join(", ")}`);
}

const S1 = "2024-01-01 00:00:01.000, 2024-01-01 00:00:08.000"; // rows at 00:00:01 and 00:00:03, gap 5 s

describe("SESSION window joins, the same gap on both sides", () => {
  test("INNER: equal sessions meet once both inputs closed them; sessions with other bounds do not", () => {
    const s = h.start(join(""));
    expect(s.traits).toMatchObject({ isAppendOnly: true, upsertColumns: null });
    insert("A", [1, "a1", 1], [1, "a2", 3], [2, "a3", 20]);
    insert("B", [1, "b1", 1], [1, "b2", 3], [2, "b3", 21]); // id 2: sessions [00:20, 00:25) and [00:21, 00:26)
    // Both watermarks are past 00:00:07.999: the session [00:01, 00:08) of each side is closed.
    expect(s.sink.take().sort()).toEqual([`+I[1, a1, 1, b1, ${S1}]`, `+I[1, a1, 1, b2, ${S1}]`, `+I[1, a2, 1, b1, ${S1}]`, `+I[1, a2, 1, b2, ${S1}]`]);
    insert("A", [0, "-", 40]);
    expect(s.sink.take()).toEqual([]); // B's watermark (00:00:21) holds the sessions of id 2 open
    insert("B", [0, "-", 40]);
    expect(s.sink.take()).toEqual([]); // closed now, but their bounds differ
  });

  test("nothing is emitted while a session can still grow", () => {
    const s = h.start(join(""));
    insert("A", [1, "a1", 1]);
    insert("B", [1, "b1", 1]);
    insert("A", [9, "-", 5]);
    insert("B", [9, "-", 5]); // watermark 00:00:05: the sessions may still be extended
    expect(s.sink.take()).toEqual([]);
    insert("A", [0, "-", 30]);
    insert("B", [0, "-", 30]);
    // [00:01, 00:10) on both sides: the rows at 00:01 and 00:05 are one session of gap 5 s.
    expect(s.sink.take()).toEqual(["+I[1, a1, 1, b1, 2024-01-01 00:00:01.000, 2024-01-01 00:00:10.000]", "+I[9, -, 9, -, 2024-01-01 00:00:01.000, 2024-01-01 00:00:10.000]"]);
  });

  test("FULL over sessions PARTITION BY id: unmatched rows padded when their session closes", () => {
    const sql = join("FULL", session("A", 5, " PARTITION BY id"), session("B", 5, " PARTITION BY id"));
    const s = h.start(sql);
    expect(s.traits.isAppendOnly).toBe(true);
    insert("A", [1, "a1", 1], [1, "a2", 3], [2, "a3", 4]);
    insert("B", [1, "b1", 1], [1, "b2", 3], [3, "b4", 6]);
    insert("A", [0, "-", 30]);
    insert("B", [0, "-", 30]);
    expect(s.sink.take().sort()).toEqual(
      [
        `+I[1, a1, 1, b1, ${S1}]`,
        `+I[1, a1, 1, b2, ${S1}]`,
        `+I[1, a2, 1, b1, ${S1}]`,
        `+I[1, a2, 1, b2, ${S1}]`,
        "+I[2, a3, NULL, NULL, 2024-01-01 00:00:04.000, 2024-01-01 00:00:09.000]",
        "+I[NULL, NULL, 3, b4, NULL, NULL]",
      ].sort(),
    );
  });

  test("a window semi join over sessions: EXISTS on equal session bounds", () => {
    const s = h.start(`SELECT a.id, a.v, a.window_start, a.window_end FROM ${session("A")} a WHERE EXISTS (SELECT * FROM ${session("B")} b WHERE a.window_start = b.window_start AND a.window_end = b.window_end)`);
    expect(s.traits.isAppendOnly).toBe(true);
    insert("A", [1, "a1", 1], [2, "a2", 3], [3, "a3", 20]);
    insert("B", [7, "b1", 1], [8, "b2", 3], [9, "b3", 21]);
    insert("A", [0, "-", 40]);
    insert("B", [0, "-", 40]);
    expect(s.sink.take()).toEqual([`+I[1, a1, ${S1}]`, `+I[2, a2, ${S1}]`]);
  });

  test("EXPLAIN names the window join with each side's session gap", () => {
    const plan = h.run(`EXPLAIN ${join("LEFT")}`).sink.rows[0]!.row[0] as string;
    expect(detailsOf(plan, "StreamWindowJoin")).toEqual(["Changelog mode: append", "State size: low"]);
  });
});

describe("SESSION windows elsewhere", () => {
  test("different gaps on the two sides: a regular join, no WindowJoin", () => {
    const sql = join("", session("A", 5), session("B", 3));
    const text = String(h.run(`EXPLAIN ${sql}`).sink.rows[0]!.row[0]);
    expect(operators(text)).not.toContain("StreamWindowJoin");
    expect(detailsOf(text, "StreamJoin")).toEqual(["Changelog mode: append", "State size: medium"]);
    const s = h.start(sql);
    insert("A", [1, "a1", 1]);
    insert("B", [1, "b1", 1]);
    // Sessions [00:01, 00:06) and [00:01, 00:04): they never meet, whenever they close.
    insert("A", [0, "-", 30]);
    insert("B", [0, "-", 30]);
    expect(s.sink.log).toEqual([]);
  });

  test("snapshot mode fails as Flink's batch planner does: no session windows in batch", () => {
    let err: unknown;
    try {
      h.compile(join(""), { "sql.snapshot.mode": "now" });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).exceptionName).toBe("org.apache.flink.table.api.TableException");
    expect((err as Error).message).toBe("Unaligned windows like session are not supported in batch mode yet.");
  });
});
