/**
 * Window TVFs over an updating input (FLINK-20281, Flink 1.15+): a window aggregation consumes
 * +I/-U/+U/-D, retracting from the window a change leaves, and still emits each window's groups
 * once, as +I, when the watermark passes the window end; changes to a window that already fired
 * are dropped. A window TVF on its own forwards the changes (FlinkChangelogModeInferenceProgram
 * treats StreamPhysicalWindowTableFunction as transparent), while window Top-N, window
 * deduplication and window join consume inserts only and fail with Flink's TableException.
 * Snapshot (batch) mode sees the final table.
 *
 * The updating input with a time attribute is an upsert table (PRIMARY KEY) with a WATERMARK on
 * its own column, delayed 5 s so a change can still reach a window before it fires. Deletes are
 * written into it by a running INSERT from FROM_CHANGELOG, as an upsert sink stores them.
 */
import { beforeEach, describe, expect, test } from "vitest";
import { Harness } from "./sql/harness.ts";

let h: Harness;

beforeEach(() => {
  h = new Harness();
  h.run("CREATE TABLE acc (id INT NOT NULL, amt INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND, PRIMARY KEY (id) NOT ENFORCED)");
});

/** Upserts rows `(id, amt, second of 2025-01-01 00:00)` into acc. */
function upsert(...rows: Array<[number, number, number]>): void {
  const values = rows.map(([id, amt, sec]) => `(${id}, ${amt}, TIMESTAMP '2025-01-01 00:00:${String(sec).padStart(2, "0")}')`);
  h.run(`INSERT INTO acc VALUES ${values.join(", ")}`);
}

/** The message a statement fails to compile with. */
function compileError(sql: string): string {
  try {
    h.compile(sql);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`compiled: ${sql}`);
}

const TUMBLE_AGG =
  "SELECT window_start, window_end, COUNT(*) AS n, SUM(amt) AS total, MAX(amt) AS top " +
  "FROM TABLE(TUMBLE(TABLE acc, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY window_start, window_end";

describe("window aggregation over an upsert table", () => {
  test("an update moving a row to another window retracts it from the first; late changes are dropped", () => {
    const s = h.start(TUMBLE_AGG);
    expect(s.traits).toMatchObject({ isAppendOnly: true, upsertColumns: null });
    upsert([1, 50, 1], [2, 20, 3]);
    // -U[1, 50, 00:01] leaves window [00:00, 00:10) (its MAX falls back to 20), +U[1, 15, 00:12]
    // enters [00:10, 00:20); the watermark (00:07) has closed neither.
    upsert([1, 15, 12]);
    expect(s.sink.log).toEqual([]);
    upsert([3, 30, 16]); // watermark 00:11: the first window fires
    expect(s.sink.take()).toEqual(["+I[2025-01-01 00:00:00.000, 2025-01-01 00:00:10.000, 1, 20, 20]"]);
    // A change within the fired window: both its -U and +U are late and dropped.
    upsert([2, 25, 4]);
    upsert([4, 1, 30]); // watermark 00:25: the second window fires
    expect(s.sink.take()).toEqual(["+I[2025-01-01 00:00:10.000, 2025-01-01 00:00:20.000, 2, 45, 30]"]);
    expect(s.sink.completed).toBe(false);
    // Batch sees the final table: id 2's late update counts, in its window.
    expect(h.snapshotLog(TUMBLE_AGG)).toEqual([
      "+I[2025-01-01 00:00:00.000, 2025-01-01 00:00:10.000, 1, 25, 25]",
      "+I[2025-01-01 00:00:10.000, 2025-01-01 00:00:20.000, 2, 45, 30]",
      "+I[2025-01-01 00:00:30.000, 2025-01-01 00:00:40.000, 1, 1, 1]",
    ]);
  });

  test("a delete retracts its row; a window whose rows are all deleted emits nothing", () => {
    h.run("CREATE TABLE acc_cdc (id INT NOT NULL, op STRING, amt INT, ts TIMESTAMP(3))");
    const writer = h.start("INSERT INTO acc SELECT id, amt, ts FROM FROM_CHANGELOG(input => TABLE acc_cdc PARTITION BY id)");
    const s = h.start(TUMBLE_AGG);
    const change = (id: number, op: string, amt: number, sec: number) => h.run(`INSERT INTO acc_cdc VALUES (${id}, '${op}', ${amt}, TIMESTAMP '2025-01-01 00:00:${String(sec).padStart(2, "0")}')`);
    change(1, "INSERT", 10, 1);
    change(2, "INSERT", 40, 3);
    change(5, "INSERT", 50, 12); // watermark 00:07: both windows open
    change(2, "DELETE", 40, 3); // window [00:00, 00:10) keeps id 1 only (MAX falls back to 10)
    change(5, "DELETE", 50, 12); // window [00:10, 00:20) is empty
    change(3, "INSERT", 30, 36); // watermark 00:31: both windows fire
    expect(writer.sink.failed).toBeNull();
    expect(s.sink.log).toEqual(["+I[2025-01-01 00:00:00.000, 2025-01-01 00:00:10.000, 1, 10, 10]"]);
    expect(h.snapshotLog(TUMBLE_AGG)).toEqual([
      "+I[2025-01-01 00:00:00.000, 2025-01-01 00:00:10.000, 1, 10, 10]",
      "+I[2025-01-01 00:00:30.000, 2025-01-01 00:00:40.000, 1, 30, 30]",
    ]);
  });

  test("HOP: an update leaves every window of its old time and enters those of its new one", () => {
    const sql = "SELECT window_start, window_end, COUNT(*) AS n FROM TABLE(HOP(TABLE acc, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '10' SECOND)) GROUP BY window_start, window_end";
    const s = h.start(sql);
    upsert([1, 10, 2]); // windows [-00:05, 00:05) and [00:00, 00:10)
    upsert([1, 10, 7]); // now [00:00, 00:10) and [00:05, 00:15); watermark 00:02
    upsert([9, 0, 30]); // watermark 00:25
    expect(s.sink.log).toEqual([
      "+I[2025-01-01 00:00:00.000, 2025-01-01 00:00:10.000, 1]",
      "+I[2025-01-01 00:00:05.000, 2025-01-01 00:00:15.000, 1]",
    ]);
  });

  test("CUMULATE retracts from each growing window the old row was in", () => {
    const sql = "SELECT window_start, window_end, SUM(amt) AS total FROM TABLE(CUMULATE(TABLE acc, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '10' SECOND)) GROUP BY window_start, window_end";
    const s = h.start(sql);
    upsert([1, 10, 1], [2, 5, 6]);
    upsert([1, 7, 8]); // id 1 leaves [00:00, 00:05) and moves within [00:00, 00:10)
    upsert([9, 0, 40]);
    expect(s.sink.log).toEqual(["+I[2025-01-01 00:00:00.000, 2025-01-01 00:00:10.000, 12]"]);
    expect(h.snapshotLog(sql)).toEqual([
      "+I[2025-01-01 00:00:00.000, 2025-01-01 00:00:10.000, 12]",
      "+I[2025-01-01 00:00:40.000, 2025-01-01 00:00:45.000, 0]",
      "+I[2025-01-01 00:00:40.000, 2025-01-01 00:00:50.000, 0]",
    ]);
  });

  test("grouping sets: each set's group in the old window loses the row", () => {
    const sql =
      "SELECT window_start, id, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE acc, DESCRIPTOR(ts), INTERVAL '10' SECOND)) " +
      "GROUP BY window_start, window_end, GROUPING SETS ((id), ())";
    const s = h.start(sql);
    upsert([1, 10, 1], [2, 20, 3]);
    upsert([1, 10, 12]); // id 1's group of window [00:00, 00:10) empties and is dropped
    upsert([9, 0, 40]);
    // Groups of a window come out in the order they were first created.
    expect(s.sink.log).toEqual([
      "+I[2025-01-01 00:00:00.000, NULL, 1]",
      "+I[2025-01-01 00:00:00.000, 2, 1]",
      "+I[2025-01-01 00:00:10.000, 1, 1]",
      "+I[2025-01-01 00:00:10.000, NULL, 1]",
    ]);
  });

  test("examples.marketplace.customers (an upsert table on $rowtime) can be windowed", () => {
    const s = h.start("SELECT window_start, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE examples.marketplace.customers, DESCRIPTOR($rowtime), INTERVAL '1' MINUTE)) GROUP BY window_start, window_end");
    expect(s.sink.failed).toBeNull();
    expect(s.traits).toMatchObject({ isAppendOnly: true, upsertColumns: null });
  });
});

describe("other updating inputs", () => {
  beforeEach(() => {
    h.run("CREATE TABLE ev (id INT, op STRING, amt INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)");
    h.run(
      "INSERT INTO ev VALUES (1, 'INSERT', 10, TIMESTAMP '2025-01-01 00:00:01'), (2, 'INSERT', 20, TIMESTAMP '2025-01-01 00:00:02'), " +
        "(1, 'UPDATE_BEFORE', 10, TIMESTAMP '2025-01-01 00:00:01'), (1, 'UPDATE_AFTER', 11, TIMESTAMP '2025-01-01 00:00:15'), " +
        "(2, 'DELETE', 20, TIMESTAMP '2025-01-01 00:00:02')",
    );
  });

  // FROM_CHANGELOG's output columns are not time attributes, so only batch can window them.
  test("FROM_CHANGELOG: snapshot mode gives the final windows; streaming needs a time attribute", () => {
    const sql =
      "SELECT window_start, COUNT(*) AS n, SUM(amt) AS total FROM TABLE(TUMBLE(TABLE (SELECT * FROM FROM_CHANGELOG(input => TABLE ev)), DESCRIPTOR(ts), INTERVAL '10' SECOND)) " +
      "GROUP BY window_start, window_end";
    expect(h.snapshotLog(sql)).toEqual(["+I[2025-01-01 00:00:10.000, 1, 11]"]);
    expect(compileError(sql)).toMatch(/The window function requires the timecol is a time attribute type, but is TIMESTAMP\(3\)\.$/);
  });

  test("a GROUP BY subquery: snapshot mode windows its final rows", () => {
    const sql =
      "SELECT window_start, SUM(total) AS total FROM TABLE(TUMBLE(TABLE (SELECT id, MAX(ts) AS ts, SUM(amt) AS total FROM ev WHERE op <> 'DELETE' GROUP BY id), DESCRIPTOR(ts), INTERVAL '10' SECOND)) " +
      "GROUP BY window_start, window_end";
    expect(h.snapshotLog(sql)).toEqual(["+I[2025-01-01 00:00:00.000, 20]", "+I[2025-01-01 00:00:10.000, 31]"]);
    expect(compileError(sql)).toMatch(/The window function requires the timecol is a time attribute type, but is TIMESTAMP\(3\)\.$/);
  });

  // Flink's interval join takes inserts only, so a join with an updating side is regular and
  // materialises the time attributes: streaming cannot window it, batch can.
  test("an inner join with an upsert side: snapshot mode only", () => {
    h.run("CREATE TABLE pay (pid INT, acc_id INT, pts TIMESTAMP(3), WATERMARK FOR pts AS pts)");
    upsert([1, 50, 1], [2, 20, 3]);
    upsert([1, 15, 12]);
    h.run("INSERT INTO pay VALUES (7, 1, TIMESTAMP '2025-01-01 00:00:02'), (8, 2, TIMESTAMP '2025-01-01 00:00:04')");
    const sql =
      "SELECT window_start, COUNT(*) AS n, SUM(amt) AS total FROM TABLE(TUMBLE(TABLE (SELECT p.pid, a.amt, a.ts FROM pay AS p JOIN acc AS a ON p.acc_id = a.id), DESCRIPTOR(ts), INTERVAL '10' SECOND)) " +
      "GROUP BY window_start, window_end";
    expect(h.snapshotLog(sql)).toEqual(["+I[2025-01-01 00:00:00.000, 1, 20]", "+I[2025-01-01 00:00:10.000, 1, 15]"]);
    expect(compileError(sql)).toMatch(/The window function requires the timecol is a time attribute type, but is TIMESTAMP\(3\)\.$/);
  });
});

describe("without a window aggregation", () => {
  test("a window TVF forwards its input's changes with the window columns", () => {
    const s = h.start("SELECT id, amt, window_start, window_end FROM TABLE(TUMBLE(TABLE acc, DESCRIPTOR(ts), INTERVAL '10' SECOND))");
    expect(s.traits).toMatchObject({ isAppendOnly: false, upsertColumns: null });
    upsert([1, 50, 1]);
    upsert([1, 15, 12]);
    expect(s.sink.log).toEqual([
      "+I[1, 50, 2025-01-01 00:00:00.000, 2025-01-01 00:00:10.000]",
      "-U[1, 50, 2025-01-01 00:00:00.000, 2025-01-01 00:00:10.000]",
      "+U[1, 15, 2025-01-01 00:00:10.000, 2025-01-01 00:00:20.000]",
    ]);
  });

  // FlinkChangelogModeInferenceProgram: StreamPhysicalWindowRank, StreamPhysicalWindowDeduplicate
  // and StreamPhysicalWindowJoin require insert-only input; the message names the node producing
  // the changes (for an upsert table, the ChangelogNormalize keyed by its primary key).
  const TVF = "TABLE(TUMBLE(TABLE acc, DESCRIPTOR(ts), INTERVAL '10' SECOND))";
  const PRODUCER = "which is produced by node ChangelogNormalize(key=[id])";

  test("window Top-N fails in streaming and answers in snapshot mode", () => {
    const sql = `SELECT id, amt, window_start, rn FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY amt DESC) AS rn FROM ${TVF}) WHERE rn <= 1`;
    expect(compileError(sql)).toBe(`StreamPhysicalWindowRank doesn't support consuming update and delete changes ${PRODUCER}`);
    upsert([1, 50, 1], [2, 20, 3]);
    upsert([1, 15, 12]);
    expect(h.snapshotLog(sql)).toEqual(["+I[2, 20, 2025-01-01 00:00:00.000, 1]", "+I[1, 15, 2025-01-01 00:00:10.000, 1]"]);
  });

  test("RANK() over windows fails the same way", () => {
    const sql = `SELECT * FROM (SELECT *, RANK() OVER (PARTITION BY window_start, window_end ORDER BY amt DESC) AS rk FROM ${TVF}) WHERE rk <= 2`;
    expect(compileError(sql)).toBe(`StreamPhysicalWindowRank doesn't support consuming update and delete changes ${PRODUCER}`);
  });

  test("window deduplication fails in streaming", () => {
    const sql = `SELECT * FROM (SELECT id, window_start, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY ts DESC) AS rn FROM ${TVF}) WHERE rn = 1`;
    expect(compileError(sql)).toBe(`StreamPhysicalWindowDeduplicate doesn't support consuming update and delete changes ${PRODUCER}`);
  });

  test("window join fails in streaming and answers in snapshot mode", () => {
    h.run("CREATE TABLE clicks (id INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)");
    const sql =
      `SELECT a.id, a.amt, c.id AS clicked, a.window_start FROM ${TVF} AS a JOIN TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '10' SECOND)) AS c ` +
      "ON a.id = c.id AND a.window_start = c.window_start AND a.window_end = c.window_end";
    expect(compileError(sql)).toBe(`StreamPhysicalWindowJoin doesn't support consuming update and delete changes ${PRODUCER}`);
    upsert([1, 50, 1]);
    upsert([1, 15, 12]);
    h.run("INSERT INTO clicks VALUES (1, TIMESTAMP '2025-01-01 00:00:02'), (1, TIMESTAMP '2025-01-01 00:00:13')");
    expect(h.snapshotLog(sql)).toEqual(["+I[1, 15, 1, 2025-01-01 00:00:10.000]"]);
  });

  test("SESSION over an updating input stays unsupported", () => {
    const sql = "SELECT window_start, COUNT(*) FROM TABLE(SESSION(TABLE acc, DESCRIPTOR(ts), INTERVAL '5' SECOND)) GROUP BY window_start, window_end";
    expect(compileError(sql)).toBe("Unsupported feature in the emulator: SESSION window TVF over an updating input (at line 1, column 36).");
  });
});
