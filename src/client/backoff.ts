/**
 * Pure backoff helpers: capped exponential delays with jitter, `Retry-After` parsing, and an
 * abortable sleep. Used for HTTP retries, statement polling and the streaming empty-page backoff.
 *
 * Everything random takes an injectable `random` so tests are deterministic.
 */

/** Shape of a backoff sequence. */
export interface BackoffPolicy {
  /** First delay in ms. */
  initialMs: number;
  /** Cap for any single delay in ms (applied after jitter). */
  maxMs: number;
  /** Growth per attempt, e.g. 2 (doubling) or 1.5. */
  factor: number;
  /**
   * Multiplicative jitter: each delay is scaled by a uniform factor in `[1 - jitter, 1 + jitter]`.
   * 0 disables jitter; 1 is "full jitter" around the nominal delay.
   */
  jitter: number;
}

/** Polling a statement for a phase change: fast first checks, then up to one second apart. */
export const POLL_POLICY: BackoffPolicy = { initialMs: 20, maxMs: 1_000, factor: 1.6, jitter: 0.25 };

/** HTTP retries of idempotent requests (network errors, 408, 429, 5xx). */
export const RETRY_POLICY: BackoffPolicy = { initialMs: 100, maxMs: 5_000, factor: 2, jitter: 0.5 };

/**
 * The delay before retry number `attempt` (0-based): `initialMs * factor^attempt`, jittered, capped.
 *
 * @example
 * ```ts
 * backoffDelay(0, RETRY_POLICY, () => 0.5); // 100
 * backoffDelay(3, RETRY_POLICY, () => 0.5); // 800
 * ```
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const nominal = policy.initialMs * Math.pow(policy.factor, Math.max(0, attempt));
  const scale = 1 + policy.jitter * (2 * random() - 1);
  const delay = Math.min(policy.maxMs, nominal * scale);
  return Math.max(0, Math.round(delay));
}

/** A stateful sequence of {@link backoffDelay}s; `reset()` after progress. */
export class Backoff {
  #attempt = 0;
  constructor(
    private readonly policy: BackoffPolicy,
    private readonly random: () => number = Math.random,
  ) {}

  /** The next delay (and advances). */
  next(): number {
    return backoffDelay(this.#attempt++, this.policy, this.random);
  }

  /** Start again from `initialMs`. */
  reset(): void {
    this.#attempt = 0;
  }

  /** How many delays were handed out since the last reset. */
  get attempt(): number {
    return this.#attempt;
  }
}

/**
 * Parses a `Retry-After` header: delta-seconds (`"2"`, `"0.5"`) or an HTTP date. Returns ms to wait,
 * or undefined when absent or unparsable. Negative values and past dates give 0.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/**
 * Waits `ms`; rejects with the signal's reason as soon as `signal` aborts (and at once if it
 * already has). The timer is cleared on abort, so nothing keeps the event loop alive.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
