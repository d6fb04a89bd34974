/**
 * Time for the emulator: statement phases, auto-stop, example-data generation, watermarks
 * and processing-time functions all read this clock, so tests can drive it by hand.
 */

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Run `fn` once after `ms` milliseconds of this clock's time. Returns a canceller. */
  setTimer(ms: number, fn: () => void): () => void;
}

/** Wall-clock time with real timers. */
export class SystemClock implements Clock {
  readonly #unref: boolean;

  /**
   * `unref: true` lets a host process exit while timers are pending (where the runtime has
   * `unref`, as Node, Bun and Deno do): an emulator left open must not keep a script alive.
   */
  constructor(options: { unref?: boolean } = {}) {
    this.#unref = options.unref ?? false;
  }

  now(): number {
    return Date.now();
  }
  setTimer(ms: number, fn: () => void): () => void {
    const handle = setTimeout(fn, Math.max(0, ms));
    if (this.#unref) (handle as unknown as { unref?: () => void }).unref?.();
    return () => clearTimeout(handle);
  }
}

interface PendingTimer {
  at: number;
  seq: number;
  fn: () => void;
}

/**
 * A clock that moves only when told to. `advance(ms)` fires due timers in time order, each
 * seeing `now()` equal to its due time, including timers scheduled by timers.
 */
export class ManualClock implements Clock {
  #now: number;
  #seq = 0;
  #timers: PendingTimer[] = [];

  constructor(startMs = Date.UTC(2025, 0, 1)) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  setTimer(ms: number, fn: () => void): () => void {
    const timer: PendingTimer = { at: this.#now + Math.max(0, ms), seq: this.#seq++, fn };
    this.#timers.push(timer);
    return () => {
      const i = this.#timers.indexOf(timer);
      if (i >= 0) this.#timers.splice(i, 1);
    };
  }

  /** Move time forward by `ms`, firing every timer that falls due. */
  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      let next: PendingTimer | undefined;
      for (const t of this.#timers) {
        if (t.at <= target && (!next || t.at < next.at || (t.at === next.at && t.seq < next.seq))) next = t;
      }
      if (!next) break;
      this.#timers.splice(this.#timers.indexOf(next), 1);
      this.#now = Math.max(this.#now, next.at);
      next.fn();
    }
    this.#now = target;
  }

  /** Number of timers waiting. */
  get pending(): number {
    return this.#timers.length;
  }
}
