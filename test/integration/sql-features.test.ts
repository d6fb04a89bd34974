/**
 * End to end through the public client (connect -> statements API -> emulator gateway): SQL the
 * engine gained late, checked where users meet it, in cursor descriptions and decoded rows.
 * NATURAL JOIN and the WINDOW clause in a snapshot query; streaming LAG over a live table on a
 * ManualClock (an OVER aggregation emits a row once the watermark passes it).
 */
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/emulator/index.ts";
import { freshConnections } from "../support/emulated-connection.ts";

const open = freshConnections();

describe("snapshot: NATURAL JOIN and a named window", () => {
  it("joins on the common columns and shares one window between OVER calls", async () => {
    const c = open();
    await c.query("CREATE TABLE scores (player STRING, round_no INT, points INT)");
    await c.query("CREATE TABLE players (player STRING, team STRING)");
    await c.query("INSERT INTO scores VALUES ('ann', 1, 3), ('ann', 2, 5), ('bob', 1, 4)");
    await c.query("INSERT INTO players VALUES ('ann', 'red'), ('bob', 'blue')");
    const cur = c.cursor();
    await cur.execute(
      "SELECT player, team, round_no, SUM(points) OVER w AS total, COUNT(*) OVER w AS rounds " +
        "FROM scores NATURAL JOIN players WINDOW w AS (PARTITION BY player ORDER BY round_no) ORDER BY player, round_no",
    );
    expect(cur.description!.map((d) => [d.name, d.typeCode])).toEqual([
      ["player", "VARCHAR"],
      ["team", "VARCHAR"],
      ["round_no", "INTEGER"],
      ["total", "INTEGER"],
      ["rounds", "BIGINT"],
    ]);
    expect(await cur.fetchAll()).toEqual([
      ["ann", "red", 1, 3, 1],
      ["ann", "red", 2, 8, 2],
      ["bob", "blue", 1, 4, 1],
    ]);
    await cur.close();
  });
  it("a bad window reference fails the statement with Calcite's message", async () => {
    const c = open();
    await c.query("CREATE TABLE t (a INT)");
    await expect(c.query("SELECT SUM(a) OVER w FROM t")).rejects.toMatchObject({ code: "STATEMENT_FAILED", message: expect.stringContaining("Window 'w' not found") });
  });
});

describe("streaming: LAG over a live table", () => {
  it("each row carries the previous value of its partition, in time order", async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const c = open(clock);
    await c.query("CREATE TABLE readings (sensor STRING, temp INT)");
    const cur = c.streamingCursor({ idleBackoff: { initialMs: 2, maxMs: 10, jitter: 0 } });
    await cur.execute("SELECT sensor, temp, temp - LAG(temp) OVER (PARTITION BY sensor ORDER BY $rowtime) AS delta FROM readings");
    for (const values of ["('s1', 20), ('s2', 5)", "('s1', 23)", "('s1', 21), ('s2', 9)"]) {
      await c.query(`INSERT INTO readings VALUES ${values}`);
      clock.advance(1000);
    }
    await c.query("INSERT INTO readings VALUES ('s3', 0)");
    clock.advance(1000);
    const rows: unknown[][] = [];
    for (let i = 0; i < 500 && rows.length < 6; i++) rows.push(...((await cur.fetchMany(10)) as unknown[][]));
    expect(rows).toEqual([
      ["s1", 20, null],
      ["s2", 5, null],
      ["s1", 23, 3],
      ["s1", 21, -2],
      ["s2", 9, 4],
      ["s3", 0, null],
    ]);
    await cur.close();
  });
  it("LEAD fails the streaming statement as in Flink", async () => {
    const c = open();
    await c.query("CREATE TABLE readings (sensor STRING, temp INT)");
    const cur = c.streamingCursor();
    await expect(cur.execute("SELECT LEAD(temp) OVER (ORDER BY $rowtime) FROM readings")).rejects.toMatchObject({
      code: "STATEMENT_FAILED",
      message: expect.stringContaining("LEAD Function is not supported in stream mode."),
    });
  });
});
