/**
 * Snapshot reads of `examples.marketplace.customers` (an upsert table whose generator cycles
 * through ids 3000..3250, one a second) at every phase of that 251-second cycle. Without ORDER
 * BY a snapshot has no defined row order, and the emulator's does depend on the clock: the
 * docs/snapshot.md example relied on it and failed whenever it ran in the few seconds of the
 * cycle where id 3000 was not first. These tests pin what a reader can rely on instead: the
 * set of rows is the same at every phase, and ORDER BY gives the order.
 */
import { describe, expect, it } from "vitest";
import { connect } from "../../src/index.ts";
import { createEmulator, ManualClock } from "../../src/emulator/index.ts";

const CYCLE_S = 251;
const START = Date.UTC(2025, 0, 1);

/** Runs `sql` as a cursor snapshot on a fresh emulator whose clock starts `offsetS` seconds after START. */
async function snapshotAt(offsetS: number, sql: string): Promise<{ rowCount: number; ids: unknown[] }> {
  const clock = new ManualClock(START + offsetS * 1000);
  const emu = createEmulator({ clock, timing: { pendingMs: 0 } });
  const conn = connect({ ...emu.connectOptions, fetch: emu.fetch, poll: { initialMs: 1, maxMs: 1 } });
  try {
    const cur = conn.cursor();
    await cur.execute(sql, [3000, 3009]);
    const rowCount = cur.rowCount;
    const ids = (await cur.fetchAll()).map((r) => r[0]);
    await cur.close();
    return { rowCount, ids };
  } finally {
    await conn.close();
    await emu.close();
  }
}

const SELECT = "SELECT customer_id FROM `examples`.`marketplace`.`customers` WHERE customer_id BETWEEN %s AND %s";
const EXPECTED = Array.from({ length: 10 }, (_, i) => 3000 + i);

describe("examples.marketplace.customers snapshots across the id cycle", () => {
  it("ORDER BY customer_id gives ids 3000..3009 in order, in one page, at every second of the cycle", async () => {
    const wrong: string[] = [];
    for (let s = 0; s < CYCLE_S; s++) {
      const { rowCount, ids } = await snapshotAt(s, `${SELECT} ORDER BY customer_id`);
      if (rowCount !== 10 || JSON.stringify(ids) !== JSON.stringify(EXPECTED)) wrong.push(`+${s}s: rowCount ${rowCount}, ids ${ids.join(",")}`);
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it("without ORDER BY the rows are the same set at every second of the cycle (the order is not promised)", async () => {
    const wrong: string[] = [];
    for (let s = 0; s < CYCLE_S; s++) {
      const { rowCount, ids } = await snapshotAt(s, SELECT);
      const sorted = [...ids].sort((a, b) => (a as number) - (b as number));
      if (rowCount !== 10 || JSON.stringify(sorted) !== JSON.stringify(EXPECTED)) wrong.push(`+${s}s: rowCount ${rowCount}, ids ${ids.join(",")}`);
    }
    expect(wrong).toEqual([]);
  }, 120_000);
});
