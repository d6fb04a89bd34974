/**
 * Time for the emulator: statement phases, auto-stop, example-data generation, watermarks
 * and processing-time functions all read this clock, so tests can drive it by hand.
 */

/**
 * The emulator's time source. Pass a ManualClock as `createEmulator({ clock })` to drive
 * phases and auto-stop by hand; implement it yourself to share time with a test framework's
 * fake timers.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Run `fn` once after `ms` milliseconds of this clock's time. Returns a canceller. */
  setTimer(ms: number, fn: () => void): () => void;
}

/**
 * Wall-clock time with real timers: what `clock: "instant"` and `"realistic"` use. The
 * constructor never throws.
 *
 * @example
 * ```ts
 * const emu = createEmulator({ clock: new SystemClock({ unref: true }), timing: { pendingMs: 200 } });
 * ```
 */
export class SystemClock implements Clock {
  readonly #unref: boolean;

  /**
   * `unref: true` lets a host process exit while timers are pending (where the runtime has
   * `unref`, as Node, Bun and Deno do): an emulator left open must not keep a script alive.
   */
  constructor(options: { unref?: boolean } = {}) {
    this.#unref = options.unref ?? false;
  }

  /**
   * `Date.now()`. Never throws.
   *
   * @example
   * ```ts
   * new SystemClock().now(); // 1735689600000 at 2025-01-01T00:00:00Z
   * ```
   */
  now(): number {
    return Date.now();
  }
  /**
   * Runs `fn` once after `ms` real milliseconds (negative counts as 0), via `setTimeout`.
   * Returns a canceller that may be called any number of times. Never throws.
   *
   * @example
   * ```ts
   * const cancel = new SystemClock().setTimer(1000, () => console.log("a second later"));
   * cancel(); // nothing is printed
   * ```
   */
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
 * seeing `now()` equal to its due time, including timers scheduled by timers. With it a test
 * can step through PENDING, RUNNING and auto-stop without waiting. It starts at
 * 2025-01-01T00:00:00Z unless told otherwise; the constructor never throws.
 *
 * @example
 * ```ts
 * const clock = new ManualClock();
 * const emu = createEmulator({ clock, timing: { pendingMs: 1000 } });
 * const conn = connect({ ...emu.connectOptions, fetch: emu.fetch });
 * const st = await conn.createStatement("SELECT 1");
 * st.phase;                                    // "PENDING"
 * clock.advance(1000);
 * (await conn.getStatement(st)).phase;         // "COMPLETED"
 * ```
 */
export class ManualClock implements Clock {
  #now: number;
  #seq = 0;
  #timers: PendingTimer[] = [];

  constructor(startMs = Date.UTC(2025, 0, 1)) {
    this.#now = startMs;
  }

  /**
   * The clock's current time, in epoch milliseconds; changes only through `advance`. Never
   * throws.
   *
   * @example
   * ```ts
   * new ManualClock(Date.UTC(2025, 0, 1)).now(); // 1735689600000
   * ```
   */
  now(): number {
    return this.#now;
  }

  /**
   * Schedules `fn` for `now() + ms` (negative counts as 0); it runs inside a later `advance`.
   * Returns a canceller that may be called any number of times. Never throws.
   *
   * @example
   * ```ts
   * const clock = new ManualClock();
   * const cancel = clock.setTimer(500, () => {});
   * clock.pending; // 1
   * cancel();
   * clock.pending; // 0
   * ```
   */
  setTimer(ms: number, fn: () => void): () => void {
    const timer: PendingTimer = { at: this.#now + Math.max(0, ms), seq: this.#seq++, fn };
    this.#timers.push(timer);
    return () => {
      const i = this.#timers.indexOf(timer);
      if (i >= 0) this.#timers.splice(i, 1);
    };
  }

  /**
   * Moves time forward by `ms`, firing every timer that falls due, in due order (ties in the
   * order they were set). A timer that throws stops the advance: the error propagates, `now()`
   * stays at that timer's due time and later timers stay pending. Otherwise never throws.
   *
   * @example
   * ```ts
   * const clock = new ManualClock(Date.UTC(2025, 0, 1));
   * const fired: number[] = [];
   * clock.setTimer(1000, () => fired.push(clock.now()));
   * clock.advance(999); // fired: []
   * clock.advance(1);   // fired: [1735689601000]
   * ```
   */
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
