/**
 * Delayed state changes of control-plane resources (a connector going RUNNING, a Tableflow
 * topic going away), on the emulator's clock, with the statement lifecycle's convention: a
 * delay of 0 runs in a microtask, so the answer that caused it shows the old state and the
 * caller's next request the new one, without any timer (instant mode); a positive delay is a
 * clock timer, which a ManualClock fires on `advance`.
 */
import type { Clock } from "../clock.ts";

/** Anything that owns pending changes: they are dropped when it is removed. */
export interface Scheduled {
  readonly timers: Set<() => void>;
  removed: boolean;
}

export class Scheduler {
  readonly #clock: Clock;
  readonly #owners = new Set<Scheduled>();
  #closed = false;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Runs `fn` after `ms` of the clock unless `owner` was removed (or the emulator closed) by then. */
  after(owner: Scheduled, ms: number, fn: () => void): void {
    if (this.#closed) return;
    const live = () => !owner.removed && !this.#closed;
    if (ms <= 0) {
      queueMicrotask(() => {
        if (live()) fn();
      });
      return;
    }
    this.#owners.add(owner);
    const cancel = this.#clock.setTimer(ms, () => {
      owner.timers.delete(cancel);
      if (live()) fn();
    });
    owner.timers.add(cancel);
  }

  /** Drops every pending change of `owner` (a pause overtaking a provisioning, say). */
  cancel(owner: Scheduled): void {
    for (const c of owner.timers) c();
    owner.timers.clear();
  }

  /** Marks `owner` removed and drops its pending changes. */
  remove(owner: Scheduled): void {
    owner.removed = true;
    this.cancel(owner);
    this.#owners.delete(owner);
  }

  /** Cancels everything; later `after` calls do nothing. Idempotent. */
  close(): void {
    this.#closed = true;
    for (const o of this.#owners) this.cancel(o);
    this.#owners.clear();
  }
}
