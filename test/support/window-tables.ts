/**
 * The set-up the window-join tests through the public client share: a connection on a
 * ManualClock at 2025-01-01T00:00Z with the tables they need, statements run in order, and the
 * events available now printed as Flink prints a changelog (`+I[1, a, NULL]`).
 */
import type { Connection } from "../../src/index.ts";
import type { ChangeEvent } from "../../src/client/streaming/ops.ts";
import { ManualClock } from "../../src/emulator/index.ts";
import { FAST_POLLING, drainAvailable } from "./emulated-connection.ts";

/** Streaming cursor options: change events always, polling without waiting. */
export const WINDOW_TEST_CURSOR = { changeEvents: "always" as const, ...FAST_POLLING };

/** Orders and shipments, each with an ascending watermark on `ts`. */
export const ORDERS_AND_SHIPMENTS = [
  "CREATE TABLE orders (id INT, item STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)",
  "CREATE TABLE shipments (id INT, carrier STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)",
] as const;

/** A one-minute TUMBLE over `table` on `ts`. */
export const tumble = (table: string): string => `TABLE(TUMBLE(TABLE ${table}, DESCRIPTOR(ts), INTERVAL '1' MINUTE))`;

/** Runs the statements one after the other (snapshot queries: DDL, INSERT ... VALUES). */
export async function runAll(conn: Connection, ...sql: string[]): Promise<void> {
  for (const s of sql) await conn.query(s);
}

/** A connection from `open` (see freshConnections) on a ManualClock at 2025-01-01, with `ddl` run. */
export async function openWithTables(open: (clock: ManualClock) => Connection, ddl: readonly string[]): Promise<Connection> {
  const conn = open(new ManualClock(Date.UTC(2025, 0, 1)));
  await runAll(conn, ...ddl);
  return conn;
}

/** A value as Flink prints it in a row: NULL for null. */
export function printed(v: unknown): string {
  return v === null ? "NULL" : String(v);
}

/** Every event available now, in Flink's print form (the emulator emits synchronously). */
export async function drainPrinted(cur: ReturnType<Connection["streamingCursor"]>): Promise<string[]> {
  return ((await drainAvailable(cur)) as ChangeEvent<unknown[]>[]).map((ev) => `${ev.op}[${ev.row.map(printed).join(", ")}]`);
}
