/**
 * A fresh emulator and a client connected to it for each test, closed after the test: the
 * set-up of the end-to-end tests that go through the public client (connect -> statements API
 * -> the emulator's gateway).
 */
import { afterEach } from "vitest";
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
