/** The Worker-hosted emulator's clock: timers fire when pumped (or by the armed timeout), in order. */
import { describe, expect, it } from "vitest";
import { PumpedClock } from "../../../src/worker/pumped-clock.ts";

describe("PumpedClock", () => {
  it("fires due timers in due order on pump, including timers set by timers", () => {
    let now = 1000;
    const clock = new PumpedClock(() => now);
    const fired: string[] = [];
    clock.setTimer(20, () => fired.push("b"));
    clock.setTimer(10, () => {
      fired.push("a");
      clock.setTimer(0, () => fired.push("a2"));
    });
    const cancel = clock.setTimer(15, () => fired.push("cancelled"));
    cancel();
    clock.pump();
    expect(fired).toEqual([]);
    now = 1025;
    clock.pump();
    // a2 is due at the real "now" (1025), after b (1020).
    expect(fired).toEqual(["a", "b", "a2"]);
    expect(clock.pending).toBe(0);
  });

  it("wakes itself with a real timeout while the isolate is busy", async () => {
    const clock = new PumpedClock();
    const fired = await new Promise<number>((resolve) => {
      const start = Date.now();
      clock.setTimer(15, () => resolve(Date.now() - start));
    });
    expect(fired).toBeGreaterThanOrEqual(10);
  });

  it("keeps going when a timer throws", () => {
    let now = 0;
    const clock = new PumpedClock(() => now);
    const fired: number[] = [];
    clock.setTimer(1, () => {
      throw new Error("boom");
    });
    clock.setTimer(2, () => fired.push(2));
    now = 5;
    clock.pump();
    expect(fired).toEqual([2]);
  });
});
