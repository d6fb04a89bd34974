/**
 * SESSION window joins end to end through the public client (streaming cursor, change events)
 * against the embedded emulator: with the same gap on both sides, rows of equal sessions are
 * joined once the watermark of both inputs passes the session's end, append-only (Flink 1.19+,
 * docs "Queries > Window Join"). Snapshot mode has no session windows, as Flink's batch mode.
 */
import { describe, expect, test } from "vitest";
import type { Connection } from "../../src/index.ts";
import { freshConnections } from "../support/emulated-connection.ts";
import { drainPrinted, openWithTables, runAll, WINDOW_TEST_CURSOR } from "../support/window-tables.ts";

const open = freshConnections();
const fast = WINDOW_TEST_CURSOR;
const drain = drainPrinted;
const run = runAll;
const TABLES = [
  "CREATE TABLE clicks (uid INT, page STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)",
  "CREATE TABLE views (uid INT, ad STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)",
];
const setUp = (): Promise<Connection> => openWithTables(open, TABLES);

const session = (t: string) => `TABLE(SESSION(TABLE ${t} PARTITION BY uid, DESCRIPTOR(ts), INTERVAL '1' MINUTE))`;
const query =
  `SELECT c.uid, c.page, v.ad, c.window_start, c.window_end FROM ${session("clicks")} c LEFT JOIN ${session("views")} v ` +
  "ON c.uid = v.uid AND c.window_start = v.window_start AND c.window_end = v.window_end";

describe("SESSION window join through the public client", () => {
  test("LEFT: equal sessions joined and others padded once both inputs closed them, never retracted", async () => {
    const conn = await setUp();
    const cur = conn.streamingCursor(fast);
    await cur.execute(query);
    expect(cur.statement?.traits).toMatchObject({ isAppendOnly: true, upsertColumns: null });
    await run(conn, "INSERT INTO clicks VALUES (1, 'home', TIMESTAMP '2025-01-01 10:00:00'), (1, 'cart', TIMESTAMP '2025-01-01 10:00:30'), (2, 'home', TIMESTAMP '2025-01-01 10:00:10')");
    await run(conn, "INSERT INTO views VALUES (1, 'shoes', TIMESTAMP '2025-01-01 10:00:00'), (1, 'hats', TIMESTAMP '2025-01-01 10:00:30')");
    expect(await drain(cur)).toEqual([]);
    await run(conn, "INSERT INTO clicks VALUES (9, '-', TIMESTAMP '2025-01-01 10:05:00')");
    expect(await drain(cur)).toEqual([]); // the views' watermark (10:00:30) keeps the sessions open
    await run(conn, "INSERT INTO views VALUES (9, '-', TIMESTAMP '2025-01-01 10:05:00')");
    const events = await drain(cur);
    expect(events.sort()).toEqual(
      [
        "+I[1, home, shoes, 2025-01-01T10:00:00.000, 2025-01-01T10:01:30.000]",
        "+I[1, home, hats, 2025-01-01T10:00:00.000, 2025-01-01T10:01:30.000]",
        "+I[1, cart, shoes, 2025-01-01T10:00:00.000, 2025-01-01T10:01:30.000]",
        "+I[1, cart, hats, 2025-01-01T10:00:00.000, 2025-01-01T10:01:30.000]",
        "+I[2, home, NULL, 2025-01-01T10:00:10.000, 2025-01-01T10:01:10.000]",
      ].sort(),
    );
    await cur.close();
  });

  test("snapshot mode: the statement fails as in Flink's batch mode", async () => {
    const conn = await setUp();
    await expect(conn.query(query)).rejects.toMatchObject({
      code: "STATEMENT_FAILED",
      message: expect.stringContaining("Unaligned windows like session are not supported in batch mode yet."),
    });
  });
});
