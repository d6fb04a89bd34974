/**
 * A clock for the emulator hosted inside a Worker. Timers are kept in a list and fired by
 * `pump()`, which the Worker calls on every request to the emulator, so statement phases and
 * live example rows advance in the context of the request that looks at them (workerd ties
 * timers and promises to the request that created them). A real `setTimeout` for the nearest
 * timer is also armed, in the current request, to wake anything that waits while a request
 * is open.
 */
import type { Clock } from "../emulator/clock.ts";

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
}

export class PumpedClock implements Clock {
  #timers: Timer[] = [];
  #seq = 0;
  #armed: ReturnType<typeof setTimeout> | undefined;
  #armedAt = Infinity;
  readonly #now: () => number;

  constructor(now: () => number = () => Date.now()) {
    this.#now = now;
  }

  now(): number {
    return this.#now();
  }

  setTimer(ms: number, fn: () => void): () => void {
    const timer: Timer = { at: this.#now() + Math.max(0, ms), seq: this.#seq++, fn };
    this.#timers.push(timer);
    this.#arm();
    return () => {
      const i = this.#timers.indexOf(timer);
      if (i >= 0) this.#timers.splice(i, 1);
    };
  }

  /** Fires every timer that is due, in due-time order (including timers those timers set). */
  pump(): void {
    for (;;) {
      const now = this.#now();
      let next: Timer | undefined;
      for (const t of this.#timers) {
        if (t.at <= now && (!next || t.at < next.at || (t.at === next.at && t.seq < next.seq))) next = t;
      }
      if (!next) break;
      this.#timers.splice(this.#timers.indexOf(next), 1);
      try {
        next.fn();
      } catch {
        // A failing timer must not stop the others (the emulator reports its own failures).
      }
    }
    // Re-arm in the current request: a timeout armed by an earlier request may never fire.
    if (this.#armed !== undefined) clearTimeout(this.#armed);
    this.#armed = undefined;
    this.#armedAt = Infinity;
    this.#arm();
  }

  /** Timers waiting. */
  get pending(): number {
    return this.#timers.length;
  }

  #arm(): void {
    let at = Infinity;
    for (const t of this.#timers) at = Math.min(at, t.at);
    if (at === Infinity || at >= this.#armedAt) return;
    if (this.#armed !== undefined) clearTimeout(this.#armed);
    this.#armedAt = at;
    this.#armed = setTimeout(() => {
      this.#armed = undefined;
      this.#armedAt = Infinity;
      this.pump();
    }, Math.max(0, at - this.#now()));
  }
}
