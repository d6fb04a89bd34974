/**
 * Emulators and clients connected to them, opened and closed around tests: the
 * set-up of the end-to-end tests that go through the public client (connect -> statements API
 * -> the emulator's gateway).
 */
import { afterAll, afterEach, beforeAll } from "vitest";
import { connect, type Connection } from "../../src/index.ts";
import { createEmulator, type Emulator, type ManualClock } from "../../src/emulator/index.ts";

/**
 * Registers the clean-up and returns `open(clock?)`. With a ManualClock the phase delays are
 * zero: a ManualClock alone keeps realistic delays, which would never pass without advance().
 */
export function freshConnections(): (clock?: ManualClock) => Connection {
  let emu: Emulator | undefined;
  let conn: Connection | undefined;
  afterEach(async () => {
    await conn?.close();
    await emu?.close();
    conn = emu = undefined;
  });
  return (clock) => {
    emu = createEmulator(clock ? { clock, timing: { pendingMs: 0, stoppingMs: 0, deletingMs: 0, failingMs: 0 } } : {});
    conn = connect({ ...emu.connectOptions, fetch: emu.fetch });
    return conn;
  };
}

/**
 * One emulator and one connection for a whole file or describe block (beforeAll / afterAll),
 * read as `db.conn`; `setup` runs once on the new connection (tables, rows).
 */
export function sharedConnection(setup?: (conn: Connection) => Promise<void>): { readonly conn: Connection } {
  let emu: Emulator | undefined;
  let conn: Connection | undefined;
  beforeAll(async () => {
    emu = createEmulator({ clock: "instant" });
    conn = connect({ ...emu.connectOptions, fetch: emu.fetch });
    await setup?.(conn);
  });
  afterAll(async () => {
    await conn?.close();
    await emu?.close();
  });
  return {
    get conn(): Connection {
      if (!conn) throw new Error("sharedConnection: used outside a test");
      return conn;
    },
  };
}

/** Streaming cursor options that poll the in-process emulator without waiting (tests only). */
export const FAST_POLLING = {
  idleBackoff: { initialMs: 1, maxMs: 5, jitter: 0 },
  readinessBackoff: { initialMs: 1, maxMs: 5, jitter: 0 },
} as const;

/**
 * Every row or change event available now: pages until one comes back empty (the emulator
 * emits synchronously, so an empty page means it has nothing more for now).
 */
export async function drainAvailable(cur: { fetchMany(size: number): Promise<unknown[]> }): Promise<unknown[]> {
  const out: unknown[] = [];
  for (;;) {
    const page = await cur.fetchMany(1000);
    if (page.length === 0) return out;
    out.push(...page);
  }
}
