/**
 * Window joins end to end through the public client (streaming cursor, change events) against
 * the embedded emulator. Flink's window join (docs, "Queries > Window Join") emits a window's
 * results only once the watermark passes its end, pads outer rows without a partner then, and
 * never retracts: the statement is append-only. Snapshot mode answers with the same rows.
 */
import { describe, expect, test } from "vitest";
import type { Connection } from "../../src/index.ts";
import { freshConnections } from "../support/emulated-connection.ts";
import { drainPrinted, printed as fmt, openWithTables, ORDERS_AND_SHIPMENTS, runAll, tumble, WINDOW_TEST_CURSOR } from "../support/window-tables.ts";

const open = freshConnections();
const fast = WINDOW_TEST_CURSOR;
const drain = drainPrinted;
const run = runAll;
const setUp = (): Promise<Connection> => openWithTables(open, ORDERS_AND_SHIPMENTS);

const query = (kind: string) =>
  `SELECT o.id, o.item, s.carrier, o.window_start, s.window_end FROM ${tumble("orders")} o ${kind} JOIN ${tumble("shipments")} s ` +
  "ON o.id = s.id AND o.window_start = s.window_start AND o.window_end = s.window_end";

describe("window join through the public client", () => {
  test("INNER: nothing until both watermarks pass the window end, then the matches", async () => {
    const conn = await setUp();
    const cur = conn.streamingCursor(fast);
    await cur.execute(query(""));
    expect(cur.statement?.traits).toMatchObject({ isAppendOnly: true, upsertColumns: null });
    await run(conn, "INSERT INTO orders VALUES (1, 'book', TIMESTAMP '2025-01-01 10:00:05'), (2, 'pen', TIMESTAMP '2025-01-01 10:00:20')");
    await run(conn, "INSERT INTO shipments VALUES (1, 'ups', TIMESTAMP '2025-01-01 10:00:30')");
    expect(await drain(cur)).toEqual([]);
    await run(conn, "INSERT INTO orders VALUES (3, 'cup', TIMESTAMP '2025-01-01 10:01:10')");
    expect(await drain(cur)).toEqual([]);
    await run(conn, "INSERT INTO shipments VALUES (3, 'dhl', TIMESTAMP '2025-01-01 10:01:00')");
    expect(await drain(cur)).toEqual(["+I[1, book, ups, 2025-01-01T10:00:00.000, 2025-01-01T10:01:00.000]"]);
    await cur.close();
  });

  test("LEFT: unmatched orders padded at window end, no -D / +I pairs; late rows dropped", async () => {
    const conn = await setUp();
    const cur = conn.streamingCursor(fast);
    await cur.execute(query("LEFT"));
    expect(cur.statement?.traits).toMatchObject({ isAppendOnly: true, upsertColumns: null });
    await run(conn, "INSERT INTO orders VALUES (1, 'book', TIMESTAMP '2025-01-01 10:00:05'), (2, 'pen', TIMESTAMP '2025-01-01 10:00:20')");
    await run(conn, "INSERT INTO shipments VALUES (1, 'ups', TIMESTAMP '2025-01-01 10:00:30')");
    await run(conn, "INSERT INTO orders VALUES (3, 'cup', TIMESTAMP '2025-01-01 10:01:10')");
    await run(conn, "INSERT INTO shipments VALUES (4, 'dhl', TIMESTAMP '2025-01-01 10:01:10')");
    expect(await drain(cur)).toEqual([
      "+I[1, book, ups, 2025-01-01T10:00:00.000, 2025-01-01T10:01:00.000]",
      "+I[2, pen, NULL, 2025-01-01T10:00:00.000, NULL]",
    ]);
    // The first window fired: a late order for it is dropped, not padded.
    await run(conn, "INSERT INTO orders VALUES (5, 'late', TIMESTAMP '2025-01-01 10:00:50')");
    await run(conn, "INSERT INTO orders VALUES (6, 'ink', TIMESTAMP '2025-01-01 10:02:10')", "INSERT INTO shipments VALUES (6, 'fedex', TIMESTAMP '2025-01-01 10:02:10')");
    expect(await drain(cur)).toEqual(["+I[3, cup, NULL, 2025-01-01T10:01:00.000, NULL]"]);
    await cur.close();
  });

  test("snapshot mode: the same rows as a regular join", async () => {
    const conn = await setUp();
    await run(conn, "INSERT INTO orders VALUES (1, 'book', TIMESTAMP '2025-01-01 10:00:05'), (2, 'pen', TIMESTAMP '2025-01-01 10:00:20')");
    await run(conn, "INSERT INTO shipments VALUES (1, 'ups', TIMESTAMP '2025-01-01 10:00:30')");
    const { rows } = await conn.query(query("FULL"));
    expect(rows.map((r) => Object.values(r as Record<string, unknown>).map(fmt).join(", ")).sort()).toEqual([
      "1, book, ups, 2025-01-01T10:00:00.000, 2025-01-01T10:01:00.000",
      "2, pen, NULL, 2025-01-01T10:00:00.000, NULL",
    ]);
  });

  test("over a primary-key table: the statement fails like Flink", async () => {
    const conn = await setUp();
    await run(conn, "CREATE TABLE acc (id INT NOT NULL, carrier STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts, PRIMARY KEY (id) NOT ENFORCED)");
    const cur = conn.streamingCursor(fast);
    const err = await cur.execute(query("FULL").replace("TABLE shipments", "TABLE acc")).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: "STATEMENT_FAILED",
      detail: expect.stringContaining("StreamPhysicalWindowJoin doesn't support consuming update and delete changes which is produced by node ChangelogNormalize(key=[id])"),
    });
  });
});
