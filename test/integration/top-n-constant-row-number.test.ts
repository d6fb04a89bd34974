/**
 * Flink's RankNumberColumnRemoveRule through the public client: a ROW_NUMBER Top-N filtered to
 * one number (`rn = 1`, `rn = 2`) does not output the number from the Top-N; a Calc adds the
 * constant. The stream then changes like the Top-N without the column (a new top row is -D old,
 * +I new) and the partition key alone is the upsert key, so selecting `rn` changes nothing but
 * the extra constant column. A range (`rn <= 2`) keeps the number and its -U/+U updates.
 */
import { describe, expect, test } from "vitest";
import type { Connection } from "../../src/index.ts";
import type { ChangeEvent } from "../../src/client/streaming/ops.ts";
import { ManualClock } from "../../src/emulator/index.ts";
import { FAST_POLLING, drainAvailable, freshConnections } from "../support/emulated-connection.ts";

const open = freshConnections();
const fast = FAST_POLLING;

async function drain(cur: ReturnType<Connection["streamingCursor"]>): Promise<string[]> {
  const events = (await drainAvailable(cur)) as ChangeEvent<unknown[]>[];
  return events.map((e) => `${e.op}${JSON.stringify(e.row, (_k, v: unknown) => (typeof v === "bigint" ? Number(v) : v))}`);
}

const topN = (select: string, filter: string) =>
  `SELECT ${select} FROM (SELECT k, v, ROW_NUMBER() OVER (PARTITION BY k ORDER BY v DESC) AS rn FROM t) WHERE ${filter}`;

describe("a Top-N filtered to one row number", () => {
  test("selecting rn adds a constant column and changes neither the changelog nor the key", async () => {
    const conn = open(new ManualClock(Date.UTC(2025, 0, 1)));
    await conn.query("CREATE TABLE t (k STRING, v INT)");
    const cases = [topN("k, v, rn", "rn = 1"), topN("k, v", "rn = 1"), topN("k, v, rn", "rn = 2"), topN("k, v, rn", "rn <= 2")];
    const cursors = [];
    for (const sql of cases) {
      const cur = conn.streamingCursor(fast);
      await cur.execute(sql);
      cursors.push(cur);
    }
    await conn.query("INSERT INTO t VALUES ('a', 1), ('a', 5), ('a', 3)");
    const [withRn, withoutRn, second, range] = await Promise.all(cursors.map(drain));
    expect(withoutRn).toEqual(['+I["a",1]', '-D["a",1]', '+I["a",5]']);
    expect(withRn).toEqual(['+I["a",1,1]', '-D["a",1,1]', '+I["a",5,1]']);
    expect(second).toEqual(['+I["a",1,2]', '-D["a",1,2]', '+I["a",3,2]']);
    expect(range).toEqual(['+I["a",1,1]', '-U["a",1,1]', '+U["a",5,1]', '+I["a",1,2]', '-U["a",1,2]', '+U["a",3,2]']);
    expect(cursors.map((c) => c.statement?.traits?.upsertColumns)).toEqual([[0], [0], [0], [0, 2]]);
    const cur = conn.cursor();
    await cur.execute(`EXPLAIN ${cases[0]}`);
    // Snapshot mode: a batch Rank over the Sort by partition and order; the constant is a Calc above it.
    expect(String((await cur.fetchOne())?.[0])).toMatch(/BatchCalc \[\d+\]\n\s+\+- BatchRank \[\d+\]\n\s+\+- BatchSort \[\d+\]/);
    for (const c of cursors) await c.close();
  });
});
