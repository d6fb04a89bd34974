/**
 * Streaming queries end to end through the public client (streaming cursor, change events,
 * changelog compressor) against the embedded emulator, on query shapes the other streaming
 * tests leave out: updating sources (primary keys), joins that fan out into an aggregate,
 * filters on aggregated values that flip, unions of updating and append-only inputs, Top-N over
 * an aggregate, out-of-order deduplication, latest-offset, stopping mid-stream, and a slow reader.
 *
 * Every expected changelog is the one Flink produces for the same input with its defaults
 * (mini-batch off: every operator emits per input record), reasoned from its operators:
 * GroupAggFunction (+I first result, -U/+U changed, -D last row retracted, nothing unchanged),
 * StreamingJoinOperator (outer rows padded, -D/+I around the first and last match),
 * RetractableTopNFunction (with the row number: the displaced row's -D before the -U/+U of the
 * ranks that moved), ChangelogNormalize over a primary-key table (-U/+U per key).
 */
import { describe, expect, test } from "vitest";
import type { Connection } from "../../src/index.ts";
import type { ChangeEvent } from "../../src/client/streaming/ops.ts";
import { ManualClock } from "../../src/emulator/index.ts";
import { FAST_POLLING, drainAvailable, freshConnections } from "../support/emulated-connection.ts";

const open = freshConnections();
const fast = FAST_POLLING;

function fmt(v: unknown): string {
  return v === null ? "NULL" : String(v);
}

/** Change events in Flink's print form, "+I[a, 1]". */
function printed(events: readonly unknown[]): string[] {
  return events.map((e) => {
    const ev = e as ChangeEvent<unknown[]>;
    return `${ev.op}[${ev.row.map(fmt).join(", ")}]`;
  });
}

/** Rows in print form, "[a, 1]" (for materialised tables). */
function rowsOf(rows: readonly unknown[]): string[] {
  return rows.map((r) => `[${(r as unknown[]).map(fmt).join(", ")}]`);
}

/** Every event available now: pages until one comes back empty (the emulator emits synchronously). */
async function drain(cur: ReturnType<Connection["streamingCursor"]>): Promise<string[]> {
  return printed(await drainAvailable(cur));
}

async function run(conn: Connection, ...sql: string[]): Promise<void> {
  for (const s of sql) await conn.query(s);
}

function connect(): Connection {
  return open(new ManualClock(Date.UTC(2025, 0, 1)));
}

describe("aggregation over a primary-key (upsert) source", () => {
  // ChangelogNormalize turns each new row of a key into -U old / +U new; the aggregate retracts
  // per record, so a group whose only row is updated empties (-D) and comes back (+I).
  test("rows moving between groups and a single-row group updated: -D then +I, per record", async () => {
    const conn = connect();
    await run(conn, "CREATE TABLE acc (id INT NOT NULL, region STRING, bal INT, PRIMARY KEY (id) NOT ENFORCED)");
    const cur = conn.streamingCursor(fast);
    await cur.execute("SELECT region, SUM(bal) AS total, COUNT(*) AS n FROM acc GROUP BY region");
    expect(cur.statement?.traits).toMatchObject({ isAppendOnly: false, upsertColumns: [0] });
    const table = cur.changelogCompressor();
    expect(table.mode).toBe("upsert");
    await run(conn, "INSERT INTO acc VALUES (1, 'eu', 10)", "INSERT INTO acc VALUES (2, 'eu', 5)");
    await run(conn, "INSERT INTO acc VALUES (1, 'us', 10)"); // id 1 moves from eu to us
    await run(conn, "INSERT INTO acc VALUES (1, 'us', 7)"); // us has only id 1
    await run(conn, "INSERT INTO acc VALUES (2, 'eu', 6)"); // eu has only id 2
    const raw = conn.streamingCursor(fast);
    await raw.execute("SELECT region, SUM(bal) AS total, COUNT(*) AS n FROM acc GROUP BY region");
    expect(await drain(raw)).toEqual([
      "+I[eu, 10, 1]",
      "-U[eu, 10, 1]",
      "+U[eu, 15, 2]",
      "-U[eu, 15, 2]",
      "+U[eu, 5, 1]",
      "+I[us, 10, 1]",
      "-D[us, 10, 1]",
      "+I[us, 7, 1]",
      "-D[eu, 5, 1]",
      "+I[eu, 6, 1]",
    ]);
    expect(rowsOf(await table.currentSnapshot())).toEqual(["[us, 7, 1]", "[eu, 6, 1]"]);
  });

  test("a global aggregate over an upsert source is a retract stream: -D/+I when its only row changes", async () => {
    const conn = connect();
    await run(conn, "CREATE TABLE acc (id INT NOT NULL, bal INT, PRIMARY KEY (id) NOT ENFORCED)");
    const cur = conn.streamingCursor(fast);
    await cur.execute("SELECT COUNT(*) AS n, SUM(bal) AS total FROM acc");
    expect(cur.statement?.traits).toMatchObject({ isAppendOnly: false, upsertColumns: null });
    const table = cur.changelogCompressor();
    expect(table.mode).toBe("retract");
    await run(conn, "INSERT INTO acc VALUES (1, 10)", "INSERT INTO acc VALUES (1, 7)", "INSERT INTO acc VALUES (2, 1)");
    const raw = conn.streamingCursor(fast);
    await raw.execute("SELECT COUNT(*) AS n, SUM(bal) AS total FROM acc");
    expect(await drain(raw)).toEqual(["+I[1, 10]", "-D[1, 10]", "+I[1, 7]", "-U[1, 7]", "+U[2, 8]"]);
    expect(rowsOf(await table.currentSnapshot())).toEqual(["[2, 8]"]);
  });

  test("DISTINCT over an upsert source: the key's value leaving and coming back is -D/+I", async () => {
    const conn = connect();
    await run(conn, "CREATE TABLE acc (id INT NOT NULL, region STRING, bal INT, PRIMARY KEY (id) NOT ENFORCED)");
    const cur = conn.streamingCursor(fast);
    await cur.execute("SELECT DISTINCT region FROM acc");
    const table = cur.changelogCompressor();
    await run(conn, "INSERT INTO acc VALUES (1, 'eu', 10)", "INSERT INTO acc VALUES (1, 'eu', 7)", "INSERT INTO acc VALUES (1, 'us', 7)");
    const raw = conn.streamingCursor(fast);
    await raw.execute("SELECT DISTINCT region FROM acc");
    expect(await drain(raw)).toEqual(["+I[eu]", "-D[eu]", "+I[eu]", "-D[eu]", "+I[us]"]);
    expect(rowsOf(await table.currentSnapshot())).toEqual(["[us]"]);
  });

  test("MIN and AVG retract the updated row before accumulating its new value", async () => {
    const conn = connect();
    await run(conn, "CREATE TABLE acc (id INT NOT NULL, region STRING, bal INT, PRIMARY KEY (id) NOT ENFORCED)");
    const cur = conn.streamingCursor(fast);
    await cur.execute("SELECT region, MIN(bal) AS lo, AVG(bal) AS av FROM acc GROUP BY region");
    await run(conn, "INSERT INTO acc VALUES (1, 'eu', 10), (2, 'eu', 4)", "INSERT INTO acc VALUES (2, 'eu', 20)");
    expect(await drain(cur)).toEqual([
      "+I[eu, 10, 10]",
      "-U[eu, 10, 10]",
      "+U[eu, 4, 7]",
      "-U[eu, 4, 7]",
      "+U[eu, 10, 10]", // id 2's old 4 retracted
      "-U[eu, 10, 10]",
      "+U[eu, 10, 15]", // its new 20 accumulated
    ]);
  });
});

describe("an aggregate over a join that fans out", () => {
  // One probe row matching two stored rows gives two join results; the aggregate sees them one
  // after the other.
  test("COUNT per key counts the join's rows one by one", async () => {
    const conn = connect();
    await run(conn, "CREATE TABLE t (a INT, b STRING)", "CREATE TABLE u (b STRING, c INT)");
    const cur = conn.streamingCursor(fast);
    await cur.execute("SELECT u.b, COUNT(*) AS n, SUM(t.a) AS s FROM t JOIN u ON t.b = u.b GROUP BY u.b");
    await run(conn, "INSERT INTO t VALUES (1, 'x'), (2, 'x')", "INSERT INTO u VALUES ('x', 10)");
    expect(await drain(cur)).toEqual(["+I[x, 1, 1]", "-U[x, 1, 1]", "+U[x, 2, 3]"]);
  });

  test("a Top-1 over the join replaces the first match by the better second one", async () => {
    const conn = connect();
    await run(conn, "CREATE TABLE t (a INT, b STRING)", "CREATE TABLE u (b STRING, c INT)");
    const cur = conn.streamingCursor(fast);
    await cur.execute("SELECT a, c FROM (SELECT t.a, u.c, ROW_NUMBER() OVER (PARTITION BY u.b ORDER BY t.a DESC) AS rn FROM t JOIN u ON t.b = u.b) WHERE rn <= 1");
    expect(cur.statement?.traits).toMatchObject({ isAppendOnly: false, upsertColumns: null });
    const table = cur.changelogCompressor();
    await run(conn, "INSERT INTO t VALUES (1, 'x'), (2, 'x')", "INSERT INTO u VALUES ('x', 10)");
    const raw = conn.streamingCursor(fast);
    await raw.execute("SELECT a, c FROM (SELECT t.a, u.c, ROW_NUMBER() OVER (PARTITION BY u.b ORDER BY t.a DESC) AS rn FROM t JOIN u ON t.b = u.b) WHERE rn <= 1");
    expect(await drain(raw)).toEqual(["+I[1, 10]", "-D[1, 10]", "+I[2, 10]"]);
    expect(rowsOf(await table.currentSnapshot())).toEqual(["[2, 10]"]);
  });
});

describe("an aggregate over a LEFT JOIN", () => {
  // The join retracts the NULL-padded row (-D) and inserts the match (+I) as two records; the
  // group's only row leaving empties the group (-D) before the match re-creates it (+I).
  test("COUNT of the right side: 0 for the padded row, then -D/+I at the first match, -U/+U after", async () => {
    const conn = connect();
    await run(conn, "CREATE TABLE t (a INT, b STRING)", "CREATE TABLE u (b STRING, c INT)");
    const cur = conn.streamingCursor(fast);
    await cur.execute("SELECT t.b, COUNT(u.c) AS n FROM t LEFT JOIN u ON t.b = u.b GROUP BY t.b");
    expect(cur.statement?.traits).toMatchObject({ isAppendOnly: false, upsertColumns: [0] });
    const table = cur.changelogCompressor();
    const raw = conn.streamingCursor(fast);
    await raw.execute("SELECT t.b, COUNT(u.c) AS n FROM t LEFT JOIN u ON t.b = u.b GROUP BY t.b");
    await run(conn, "INSERT INTO t VALUES (1, 'x')", "INSERT INTO u VALUES ('x', 10)", "INSERT INTO u VALUES ('x', 11)");
    expect(await drain(raw)).toEqual(["+I[x, 0]", "-D[x, 0]", "+I[x, 1]", "-U[x, 1]", "+U[x, 2]"]);
    expect(rowsOf(await table.currentSnapshot())).toEqual(["[x, 2]"]);
  });
});

describe("an interval join over a primary-key table", () => {
  // Flink plans the interval join from the ON condition alone; its changelog mode inference then
  // rejects the updating input (the interval join reads append-only inputs only).
  test("fails the statement like Flink instead of running a regular join", async () => {
    const conn = connect();
    await run(conn, "CREATE TABLE acc (id INT NOT NULL, bal INT, PRIMARY KEY (id) NOT ENFORCED)", "CREATE TABLE ev (id INT, v INT)");
    const cur = conn.streamingCursor(fast);
    const err = await cur
      .execute("SELECT a.id, a.bal, e.v FROM acc a JOIN ev e ON a.id = e.id AND a.$rowtime BETWEEN e.$rowtime - INTERVAL '1' SECOND AND e.$rowtime")
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: "STATEMENT_FAILED",
      detail: expect.stringContaining("IntervalJoin doesn't support consuming update and delete changes which is produced by node ChangelogNormalize(key=[id])"),
    });
  });
});

describe("Top-N over an aggregate, with the row number", () => {
  // RetractableTopNFunction per record: the -U of y's old count deletes its rank 2 (-D), then
  // the +U of its new count takes rank 1 (-U/+U) and pushes x to rank 2 (+I).
  test("a group overtaking another", async () => {
    const conn = connect();
    await run(conn, "CREATE TABLE t (a INT, b STRING)");
    const cur = conn.streamingCursor(fast);
    await cur.execute("SELECT b, n, rn FROM (SELECT b, n, ROW_NUMBER() OVER (ORDER BY n DESC) AS rn FROM (SELECT b, COUNT(*) AS n FROM t GROUP BY b)) WHERE rn <= 2");
    expect(cur.statement?.traits).toMatchObject({ isAppendOnly: false, upsertColumns: [2] });
    const table = cur.changelogCompressor();
    await run(conn, "INSERT INTO t VALUES (1, 'x')", "INSERT INTO t VALUES (1, 'y')", "INSERT INTO t VALUES (1, 'y')");
    const raw = conn.streamingCursor(fast);
    await raw.execute("SELECT b, n, rn FROM (SELECT b, n, ROW_NUMBER() OVER (ORDER BY n DESC) AS rn FROM (SELECT b, COUNT(*) AS n FROM t GROUP BY b)) WHERE rn <= 2");
    expect(await drain(raw)).toEqual(["+I[x, 1, 1]", "+I[y, 1, 2]", "-D[y, 1, 2]", "-U[x, 1, 1]", "+U[y, 2, 1]", "+I[x, 1, 2]"]);
    expect(rowsOf(await table.currentSnapshot())).toEqual(["[y, 2, 1]", "[x, 1, 2]"]);
  });
});

describe("a filter on an aggregated value that flips", () => {
  // The filter keeps each record's kind: the -U of a passing value passes, the +U of a failing
  // one is dropped, so a group leaving the result is a -U alone.
  for (const [name, sql] of [
    ["HAVING", "SELECT b, SUM(a) AS s FROM t GROUP BY b HAVING SUM(a) > 0"],
    ["WHERE over the aggregate", "SELECT * FROM (SELECT b, SUM(a) AS s FROM t GROUP BY b) WHERE s > 0"],
  ] as const) {
    test(`${name}: the group leaves with a lone -U and comes back with a +U`, async () => {
      const conn = connect();
      await run(conn, "CREATE TABLE t (a INT, b STRING)");
      const cur = conn.streamingCursor(fast);
      await cur.execute(sql);
      expect(cur.statement?.traits).toMatchObject({ isAppendOnly: false, upsertColumns: [0] });
      const table = cur.changelogCompressor();
      const raw = conn.streamingCursor(fast);
      await raw.execute(sql);
      await run(conn, "INSERT INTO t VALUES (5, 'x'), (1, 'y')");
      expect(rowsOf(await table.currentSnapshot())).toEqual(["[x, 5]", "[y, 1]"]);
      await run(conn, "INSERT INTO t VALUES (-10, 'x')");
      expect(await drain(raw)).toEqual(["+I[x, 5]", "+I[y, 1]", "-U[x, 5]"]);
      // The +U was filtered out, so x is no longer in the result: the compressor applies a -U
      // still alone once the server has nothing more (Flink emits an update's -U and +U
      // together), so a quiet stream does not keep showing the group that left.
      expect(rowsOf(await table.currentSnapshot())).toEqual(["[y, 1]"]);
      await run(conn, "INSERT INTO t VALUES (2, 'y')");
      expect(await drain(raw)).toEqual(["-U[y, 1]", "+U[y, 3]"]);
      expect(rowsOf(await table.currentSnapshot())).toEqual(["[y, 3]"]);
      await run(conn, "INSERT INTO t VALUES (20, 'x')");
      expect(await drain(raw)).toEqual(["+U[x, 15]"]); // its -U[x, -5] was filtered out
      expect(rowsOf(await table.currentSnapshot())).toEqual(["[y, 3]", "[x, 15]"]);
    });
  }
});

describe("changes() over a filter on an aggregated value", () => {
  // The same lone -U as above, through the materialised-change stream the CLI's live view and
  // the playground use: it comes out as a delete once the server has nothing more, without
  // waiting for another event.
  test("a group leaving a HAVING result is deleted while the stream is quiet", async () => {
    const conn = connect();
    await run(conn, "CREATE TABLE t (a INT, b STRING)");
    const cur = conn.streamingCursor(fast);
    await cur.execute("SELECT b, SUM(a) AS s FROM t GROUP BY b HAVING SUM(a) > 0");
    await run(conn, "INSERT INTO t VALUES (5, 'x'), (1, 'y')");
    const reader = cur.changes().getReader();
    const read = async (): Promise<string> => {
      const next = await reader.read();
      const c = next.value!;
      return `${c.type} ${JSON.stringify(c.type === "delete" ? c.previous : c.row)}`;
    };
    expect(await read()).toBe('insert ["x",5]');
    expect(await read()).toBe('insert ["y",1]');
    await run(conn, "INSERT INTO t VALUES (-10, 'x')");
    expect(await read()).toBe('delete ["x",5]');
    await run(conn, "INSERT INTO t VALUES (2, 'y')");
    expect(await read()).toBe('update ["y",3]');
    await reader.cancel();
    await cur.close();
  });
});

describe("joins of updating inputs", () => {
  test("LEFT JOIN of two primary-key tables: an update of the right row passes through the NULL-padded row", async () => {
    const conn = connect();
    await run(
      conn,
      "CREATE TABLE pa (id INT NOT NULL, x STRING, PRIMARY KEY (id) NOT ENFORCED)",
      "CREATE TABLE pb (bid INT NOT NULL, y STRING, PRIMARY KEY (bid) NOT ENFORCED)",
    );
    const sql = "SELECT pa.id, pa.x, pb.y FROM pa LEFT JOIN pb ON pa.id = pb.bid";
    const cur = conn.streamingCursor(fast);
    await cur.execute(sql);
    expect(cur.statement?.traits).toMatchObject({ isAppendOnly: false, upsertColumns: [0] });
    const table = cur.changelogCompressor();
    // Started before the rows arrive, so the two sources interleave in insertion order.
    const raw = conn.streamingCursor(fast);
    await raw.execute(sql);
    await run(conn, "INSERT INTO pa VALUES (1, 'a')", "INSERT INTO pb VALUES (1, 'b')", "INSERT INTO pb VALUES (1, 'c')", "INSERT INTO pa VALUES (1, 'd')");
    expect(await drain(raw)).toEqual([
      "+I[1, a, NULL]",
      "-D[1, a, NULL]",
      "+I[1, a, b]",
      "-D[1, a, b]", // pb's -U: the only match goes...
      "+I[1, a, NULL]", // ...so the left row is padded again
      "-D[1, a, NULL]", // pb's +U: a match again
      "+I[1, a, c]",
      "-D[1, a, c]", // pa's -U (the outer side)
      "+I[1, d, c]",
    ]);
    expect(rowsOf(await table.currentSnapshot())).toEqual(["[1, d, c]"]);
  });

  test("UNION ALL of an updating and an append-only input is a retract stream without upsert key", async () => {
    const conn = connect();
    await run(conn, "CREATE TABLE t (a INT, b STRING)", "CREATE TABLE u (b STRING, c INT)");
    const sql = "SELECT b, COUNT(*) AS n FROM t GROUP BY b UNION ALL SELECT b, CAST(c AS BIGINT) FROM u";
    const cur = conn.streamingCursor(fast);
    await cur.execute(sql);
    expect(cur.statement?.traits).toMatchObject({ isAppendOnly: false, upsertColumns: null });
    const table = cur.changelogCompressor();
    expect(table.mode).toBe("retract");
    const raw = conn.streamingCursor(fast);
    await raw.execute(sql);
    await run(conn, "INSERT INTO t VALUES (1, 'x')", "INSERT INTO u VALUES ('x', 1)", "INSERT INTO t VALUES (1, 'x')", "INSERT INTO u VALUES ('x', 2)");
    // The aggregate's [x, 1] and u's equal row [x, 1]: the -U retracts one of them.
    expect(await drain(raw)).toEqual(["+I[x, 1]", "+I[x, 1]", "-U[x, 1]", "+U[x, 2]", "+I[x, 2]"]);
    expect(rowsOf(await table.currentSnapshot()).sort()).toEqual(["[x, 1]", "[x, 2]", "[x, 2]"]);
  });

  test("COUNT(DISTINCT) and COUNT(*) side by side in a global aggregate", async () => {
    const conn = connect();
    await run(conn, "CREATE TABLE t (a INT, b STRING)");
    const cur = conn.streamingCursor(fast);
    await cur.execute("SELECT COUNT(DISTINCT b) AS kinds, COUNT(*) AS n FROM t");
    const table = cur.changelogCompressor();
    const raw = conn.streamingCursor(fast);
    await raw.execute("SELECT COUNT(DISTINCT b) AS kinds, COUNT(*) AS n FROM t");
    await run(conn, "INSERT INTO t VALUES (1, 'x'), (2, 'x'), (3, 'y')");
    expect(await drain(raw)).toEqual(["+I[1, 1]", "-U[1, 1]", "+U[1, 2]", "-U[1, 2]", "+U[2, 3]"]);
    expect(rowsOf(await table.currentSnapshot())).toEqual(["[2, 3]"]);
  });
});

describe("deduplication keeping the first row by event time", () => {
  // Flink's FlinkChangelogModeInferenceProgram: only a proctime keep-first deduplication is
  // insert-only; on a rowtime an earlier row arriving later replaces the kept one (-U/+U).
  test("a row with an earlier time than the kept one replaces it", async () => {
    const conn = connect();
    await run(conn, "CREATE TABLE ev (id INT, k STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '10' SECOND)");
    const sql = "SELECT id, k FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY k ORDER BY ts ASC) AS rn FROM ev) WHERE rn = 1";
    const cur = conn.streamingCursor(fast);
    await cur.execute(sql);
    expect(cur.statement?.traits).toMatchObject({ isAppendOnly: false, upsertColumns: [1] });
    await run(
      conn,
      "INSERT INTO ev VALUES (1, 'x', TIMESTAMP '2025-01-01 00:00:05')",
      "INSERT INTO ev VALUES (2, 'x', TIMESTAMP '2025-01-01 00:00:03')",
      "INSERT INTO ev VALUES (3, 'x', TIMESTAMP '2025-01-01 00:00:30')",
    );
    expect(await drain(cur)).toEqual(["+I[1, x]", "-U[1, x]", "+U[2, x]"]);
  });
});

describe("reading positions and endings", () => {
  test("latest-offset: an aggregate starts from the rows appended after it started", async () => {
    const conn = connect();
    await run(conn, "CREATE TABLE t (a INT, b STRING)", "INSERT INTO t VALUES (1, 'x'), (2, 'y')");
    const cur = conn.streamingCursor(fast);
    await cur.execute("SELECT b, COUNT(*) AS n FROM t GROUP BY b", undefined, { properties: { "sql.tables.scan.startup.mode": "latest-offset" } });
    const table = cur.changelogCompressor();
    expect(await table.currentSnapshot()).toEqual([]);
    await run(conn, "INSERT INTO t VALUES (3, 'x')", "INSERT INTO t VALUES (4, 'x')");
    expect(rowsOf(await table.currentSnapshot())).toEqual(["[x, 2]"]);
  });

  test("stopStatement() mid-stream: what was applied stays, unread events are dropped, the results end cleanly", async () => {
    const conn = connect();
    await run(conn, "CREATE TABLE t (a INT, b STRING)");
    const cur = conn.streamingCursor(fast);
    await cur.execute("SELECT b, COUNT(*) AS n FROM t GROUP BY b");
    const table = cur.changelogCompressor();
    await run(conn, "INSERT INTO t VALUES (1, 'x'), (2, 'x')");
    expect(rowsOf(await table.currentSnapshot())).toEqual(["[x, 2]"]);
    await run(conn, "INSERT INTO t VALUES (3, 'y')"); // produced, not read yet
    await cur.stopStatement();
    expect((await conn.getStatement(cur.statementName!)).phase).toBe("STOPPED");
    await run(conn, "INSERT INTO t VALUES (4, 'y')");
    // Documented: the cursor's own stop drops what it has not handed out and ends cleanly.
    expect(cur.mayHaveResults).toBe(false);
    expect(await cur.fetchMany(10)).toEqual([]);
    expect(rowsOf(await table.currentSnapshot())).toEqual(["[x, 2]"]);
  });

  test("a stop from elsewhere mid-stream: the events produced before it are applied, then STATEMENT_STOPPED", async () => {
    const conn = connect();
    await run(conn, "CREATE TABLE t (a INT, b STRING)");
    const cur = conn.streamingCursor(fast);
    await cur.execute("SELECT b, COUNT(*) AS n FROM t GROUP BY b");
    const changes: string[] = [];
    const table = cur.changelogCompressor({ onChange: (c) => changes.push(`${c.type} ${rowsOf([c.type === "delete" ? c.previous : c.row])[0]}`) });
    await run(conn, "INSERT INTO t VALUES (1, 'x'), (2, 'x')");
    expect(rowsOf(await table.currentSnapshot())).toEqual(["[x, 2]"]);
    await run(conn, "INSERT INTO t VALUES (3, 'y'), (4, 'x')");
    await conn.stopStatement(cur.statementName!);
    await run(conn, "INSERT INTO t VALUES (5, 'y')"); // after the stop: never seen
    await expect(table.currentSnapshot()).rejects.toMatchObject({ code: "STATEMENT_STOPPED" });
    expect(cur.mayHaveResults).toBe(false);
    expect(table.size).toBe(2);
    expect(changes).toEqual(["insert [x, 1]", "update [x, 2]", "insert [y, 1]", "update [x, 3]"]);
    expect(cur.statement?.phase).toBe("STOPPED");
    // The ending stays what it was.
    await expect(table.currentSnapshot()).rejects.toMatchObject({ code: "STATEMENT_STOPPED" });
  });

  test("a slow reader of stream() loses nothing and keeps the order", async () => {
    const conn = connect();
    await run(conn, "CREATE TABLE t (a INT, b STRING)");
    const cur = conn.streamingCursor(fast);
    await cur.execute("SELECT b, COUNT(*) AS n FROM t GROUP BY b");
    const values = Array.from({ length: 300 }, (_, i) => `(${i}, 'k${i % 7}')`).join(", ");
    await run(conn, `INSERT INTO t VALUES ${values}`);
    const reader = cur.stream({ highWaterMark: 1 }).getReader();
    const seen: string[] = [];
    // 300 rows over 7 keys: 7 +I and 293 -U/+U pairs.
    while (seen.length < 7 + 2 * 293) {
      const { value } = await reader.read();
      seen.push(...printed([value]));
      if (seen.length % 50 === 0) await new Promise((r) => setTimeout(r, 5)); // a slow consumer
    }
    await reader.cancel();
    const counts = new Map<string, number>();
    for (const e of seen) {
      const [, op, k, n] = /^([+-][IUD])\[(k\d), (\d+)\]$/.exec(e)!;
      const before = counts.get(k!) ?? 0;
      // Each key's events follow one another: +I 1, then -U n / +U n+1.
      if (op === "+I") expect([before, n]).toEqual([0, "1"]);
      if (op === "-U") expect(Number(n)).toBe(before);
      if (op === "+U") expect(Number(n)).toBe(before + 1);
      if (op !== "-U") counts.set(k!, Number(n));
    }
    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(300);
    expect(cur.metrics.rows).toBeGreaterThanOrEqual(seen.length);
  });
});
