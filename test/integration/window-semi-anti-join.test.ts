/**
 * Window semi / anti joins end to end through the public client (streaming cursor, change
 * events) against the embedded emulator: IN / EXISTS and their negations over windowing TVFs,
 * keyed on window_start and window_end, emit a left row only once the watermark of both inputs
 * passes its window's end, and never retract (Flink docs, "Queries > Window Join"). NOT IN keeps
 * SQL's NULL semantics per window. Snapshot mode answers with the same rows.
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

const shippedInWindow = `SELECT o.id, o.item, o.window_start FROM ${tumble("orders")} o WHERE (o.window_start, o.window_end, o.id) IN (SELECT window_start, window_end, id FROM ${tumble("shipments")})`;
const unshippedInWindow = `SELECT o.id, o.item, o.window_start FROM ${tumble("orders")} o WHERE o.id NOT IN (SELECT s.id FROM ${tumble("shipments")} s WHERE o.window_start = s.window_start AND o.window_end = s.window_end)`;

describe("window semi / anti joins through the public client", () => {
  test("IN: nothing until both watermarks pass the window end, then the matched orders", async () => {
    const conn = await setUp();
    const cur = conn.streamingCursor(fast);
    await cur.execute(shippedInWindow);
    expect(cur.statement?.traits).toMatchObject({ isAppendOnly: true, upsertColumns: null });
    await run(conn, "INSERT INTO orders VALUES (1, 'book', TIMESTAMP '2025-01-01 10:00:05'), (2, 'pen', TIMESTAMP '2025-01-01 10:00:20')");
    await run(conn, "INSERT INTO shipments VALUES (1, 'ups', TIMESTAMP '2025-01-01 10:00:30'), (1, 'dhl', TIMESTAMP '2025-01-01 10:00:40')");
    expect(await drain(cur)).toEqual([]);
    await run(conn, "INSERT INTO orders VALUES (3, 'cup', TIMESTAMP '2025-01-01 10:01:10')");
    expect(await drain(cur)).toEqual([]);
    await run(conn, "INSERT INTO shipments VALUES (3, 'fedex', TIMESTAMP '2025-01-01 10:01:00')");
    expect(await drain(cur)).toEqual(["+I[1, book, 2025-01-01T10:00:00.000]"]);
    await cur.close();
  });

  test("NOT IN: the unshipped orders at window end, no -D; a NULL shipment id empties its window only", async () => {
    const conn = await setUp();
    const cur = conn.streamingCursor(fast);
    await cur.execute(unshippedInWindow);
    expect(cur.statement?.traits).toMatchObject({ isAppendOnly: true, upsertColumns: null });
    await run(conn, "INSERT INTO orders VALUES (1, 'book', TIMESTAMP '2025-01-01 10:00:05'), (2, 'pen', TIMESTAMP '2025-01-01 10:00:20')");
    await run(conn, "INSERT INTO shipments VALUES (1, 'ups', TIMESTAMP '2025-01-01 10:00:30')");
    expect(await drain(cur)).toEqual([]);
    await run(conn, "INSERT INTO orders VALUES (3, 'cup', TIMESTAMP '2025-01-01 10:01:10'), (4, 'ink', TIMESTAMP '2025-01-01 10:01:20')");
    await run(conn, "INSERT INTO shipments VALUES (CAST(NULL AS INT), '?', TIMESTAMP '2025-01-01 10:01:30')");
    // The 10:00 window fired: order 2 was not shipped in it.
    expect(await drain(cur)).toEqual(["+I[2, pen, 2025-01-01T10:00:00.000]"]);
    await run(conn, "INSERT INTO orders VALUES (5, 'mug', TIMESTAMP '2025-01-01 10:03:00'), (6, 'jar', TIMESTAMP '2025-01-01 10:03:30')");
    await run(conn, "INSERT INTO shipments VALUES (5, 'ups', TIMESTAMP '2025-01-01 10:03:00')");
    await run(conn, "INSERT INTO orders VALUES (0, '-', TIMESTAMP '2025-01-01 10:05:00')", "INSERT INTO shipments VALUES (0, '-', TIMESTAMP '2025-01-01 10:05:00')");
    // 10:01: the NULL shipment id makes every order's NOT IN unknown; 10:03: order 6 was not shipped.
    expect(await drain(cur)).toEqual(["+I[6, jar, 2025-01-01T10:03:00.000]"]);
    await cur.close();
  });

  test("snapshot mode: the same rows", async () => {
    const conn = await setUp();
    await run(conn, "INSERT INTO orders VALUES (1, 'book', TIMESTAMP '2025-01-01 10:00:05'), (2, 'pen', TIMESTAMP '2025-01-01 10:00:20')");
    await run(conn, "INSERT INTO shipments VALUES (1, 'ups', TIMESTAMP '2025-01-01 10:00:30')");
    const rows = async (sql: string) => (await conn.query(sql)).rows.map((r) => Object.values(r as Record<string, unknown>).map(fmt).join(", "));
    expect(await rows(shippedInWindow)).toEqual(["1, book, 2025-01-01T10:00:00.000"]);
    expect(await rows(unshippedInWindow)).toEqual(["2, pen, 2025-01-01T10:00:00.000"]);
  });

  test("over a primary-key table: the statement fails like Flink", async () => {
    const conn = await setUp();
    await run(conn, "CREATE TABLE acc (id INT NOT NULL, carrier STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts, PRIMARY KEY (id) NOT ENFORCED)");
    const cur = conn.streamingCursor(fast);
    const err = await cur.execute(unshippedInWindow.replace("TABLE shipments", "TABLE acc")).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: "STATEMENT_FAILED",
      detail: expect.stringContaining("StreamPhysicalWindowJoin doesn't support consuming update and delete changes which is produced by node ChangelogNormalize(key=[id])"),
    });
  });
});
