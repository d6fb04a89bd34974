/**
 * Window joins written with USING or NATURAL JOIN, end to end through the public client
 * (streaming cursor, change events) against the embedded emulator: like the ON form, they emit
 * a window's results only once the watermark of both inputs passes its end, pad outer rows
 * then, and never retract (Flink docs, "Queries > Window Join").
 */
import { describe, expect, test } from "vitest";
import type { Connection } from "../../src/index.ts";
import { freshConnections } from "../support/emulated-connection.ts";
import { drainPrinted, openWithTables, ORDERS_AND_SHIPMENTS, runAll, tumble, WINDOW_TEST_CURSOR } from "../support/window-tables.ts";

const open = freshConnections();
const fast = WINDOW_TEST_CURSOR;
const drain = drainPrinted;
const run = runAll;
const setUp = (): Promise<Connection> => openWithTables(open, ORDERS_AND_SHIPMENTS);


describe("USING / NATURAL window joins through the public client", () => {
  test("LEFT JOIN ... USING (window_start, window_end, id): unmatched orders padded at window end, no -D / +I pairs", async () => {
    const conn = await setUp();
    const cur = conn.streamingCursor(fast);
    await cur.execute(`SELECT id, window_start, item, carrier FROM ${tumble("orders")} o LEFT JOIN ${tumble("shipments")} s USING (window_start, window_end, id)`);
    expect(cur.statement?.traits).toMatchObject({ isAppendOnly: true, upsertColumns: null });
    await run(conn, "INSERT INTO orders VALUES (1, 'book', TIMESTAMP '2025-01-01 10:00:05'), (2, 'pen', TIMESTAMP '2025-01-01 10:00:20')");
    await run(conn, "INSERT INTO shipments VALUES (1, 'ups', TIMESTAMP '2025-01-01 10:00:30')");
    expect(await drain(cur)).toEqual([]);
    await run(conn, "INSERT INTO orders VALUES (3, 'cup', TIMESTAMP '2025-01-01 10:01:10')", "INSERT INTO shipments VALUES (4, 'dhl', TIMESTAMP '2025-01-01 10:01:10')");
    expect(await drain(cur)).toEqual(["+I[1, 2025-01-01T10:00:00.000, book, ups]", "+I[2, 2025-01-01T10:00:00.000, pen, NULL]"]);
    await cur.close();
  });

  test("NATURAL JOIN of two windowed projections: the matches once the window closes", async () => {
    const conn = await setUp();
    const cur = conn.streamingCursor(fast);
    const side = (t: string, col: string) => `(SELECT id, window_start, window_end, ${col} FROM ${tumble(t)})`;
    await cur.execute(`SELECT * FROM ${side("orders", "item")} NATURAL JOIN ${side("shipments", "carrier")}`);
    expect(cur.statement?.traits).toMatchObject({ isAppendOnly: true, upsertColumns: null });
    await run(conn, "INSERT INTO orders VALUES (1, 'book', TIMESTAMP '2025-01-01 10:00:05')");
    await run(conn, "INSERT INTO shipments VALUES (1, 'ups', TIMESTAMP '2025-01-01 10:00:30')");
    expect(await drain(cur)).toEqual([]);
    await run(conn, "INSERT INTO orders VALUES (9, '-', TIMESTAMP '2025-01-01 10:02:00')", "INSERT INTO shipments VALUES (8, '-', TIMESTAMP '2025-01-01 10:02:00')");
    expect(await drain(cur)).toEqual(["+I[1, 2025-01-01T10:00:00.000, 2025-01-01T10:01:00.000, book, ups]"]);
    await cur.close();
  });
});
