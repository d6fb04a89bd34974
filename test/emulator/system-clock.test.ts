/**
 * SystemClock's `unref` option: timers still fire and cancel normally; the handle is unref'd
 * (so an emulator left open does not keep Node alive; see runtimes.test.ts for the process check).
 */
import { describe, expect, it, vi } from "vitest";
import { SystemClock } from "../../src/emulator/clock.ts";

describe("SystemClock({ unref: true })", () => {
  it("fires and cancels like the plain clock", async () => {
    const clock = new SystemClock({ unref: true });
    const fired: string[] = [];
    clock.setTimer(5, () => fired.push("a"));
    const cancel = clock.setTimer(5, () => fired.push("b"));
    cancel();
    await new Promise((r) => setTimeout(r, 30));
    expect(fired).toEqual(["a"]);
  });

  it("unrefs the timer handle where the runtime supports it", () => {
    const unref = vi.fn();
    const spy = vi.spyOn(globalThis, "setTimeout").mockImplementation((() => ({ unref })) as never);
    try {
      new SystemClock({ unref: true }).setTimer(1000, () => {});
      expect(unref).toHaveBeenCalledTimes(1);
      new SystemClock().setTimer(1000, () => {});
      expect(unref).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });
});
