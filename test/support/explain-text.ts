/**
 * Readers of Confluent-format EXPLAIN text (`== Physical Plan ==` then `== Physical Details ==`)
 * for tests: the plan of a statement in either mode, the operators of the tree in print order,
 * and the details block of one operator.
 */
import type { Connection } from "../../src/index.ts";
import { FAST_POLLING } from "./emulated-connection.ts";

/** The EXPLAIN text of `sql` as a snapshot (batch) statement plans it. */
export async function snapshotPlan(conn: Connection, sql: string): Promise<string> {
  const { rows } = await conn.query<{ result: string }>(`EXPLAIN ${sql}`);
  return rows[0]!.result;
}

/** The EXPLAIN text of `sql` as a streaming statement plans it. */
export async function streamingPlan(conn: Connection, sql: string): Promise<string> {
  const cur = conn.streamingCursor(FAST_POLLING);
  await cur.execute(`EXPLAIN ${sql}`);
  const row = (await cur.fetchOne()) as unknown[];
  await cur.close();
  return String(row[0]);
}

/** The tree lines of the Physical Plan section (blank lines between sinks dropped). */
export function planLines(text: string): string[] {
  const start = text.indexOf("== Physical Plan ==");
  const end = text.indexOf("== Physical Details ==");
  return text.slice(start + "== Physical Plan ==".length, end).split("\n").filter((l) => l.trim() !== "");
}

/** The operator names of the tree in print order (`StreamJoin`, `(reused)`), without numbers or drawing. */
export function operators(text: string): string[] {
  return planLines(text).map((l) => l.replace(/^[\s:+-]*/, "").replace(/ \[\d+\]$/, ""));
}

/** The details block of the first operator named `name` (its lines after the `[n] Name` header), or null. */
export function detailsOf(text: string, name: string, nth = 0): string[] | null {
  const details = text.slice(text.indexOf("== Physical Details =="));
  const blocks = details.split("\n\n").map((b) => b.trim().split("\n")).filter((b) => new RegExp(`^\\[\\d+\\] ${name}$`).test(b[0]!));
  return blocks[nth]?.slice(1) ?? null;
}
