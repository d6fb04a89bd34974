import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/emulator/clock.ts";

describe("ManualClock", () => {
  it("fires due timers in time order, each seeing its own due time", () => {
    const clock = new ManualClock(1_000);
    const seen: Array<[string, number]> = [];
    clock.setTimer(30, () => seen.push(["b", clock.now()]));
    clock.setTimer(10, () => {
      seen.push(["a", clock.now()]);
      clock.setTimer(5, () => seen.push(["a2", clock.now()]));
    });
    const cancel = clock.setTimer(20, () => seen.push(["never", clock.now()]));
    cancel();
    clock.advance(25);
    expect(seen).toEqual([["a", 1_010], ["a2", 1_015]]);
    expect(clock.now()).toBe(1_025);
    clock.advance(5);
    expect(seen.at(-1)).toEqual(["b", 1_030]);
    expect(clock.pending).toBe(0);
  });
});
