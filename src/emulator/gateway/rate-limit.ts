/**
 * Optional request budgets per second and per minute (the real service allows 50/s and
 * 1000/min per IP, wire-protocol.md section 8), counted in fixed windows of the emulator's
 * clock. Answers carry `X-RateLimit-Limit/Remaining/Reset` (reset in relative seconds).
 */
import type { RateLimitOptions } from "../options.ts";

export interface RateLimitVerdict {
  readonly allowed: boolean;
  readonly headers: Record<string, string>;
  /** Seconds until the exhausted window resets (for Retry-After), when not allowed. */
  readonly retryAfterSeconds: number;
}

interface Window {
  readonly limit: number;
  readonly sizeMs: number;
  start: number;
  count: number;
}

/** The real service's per-second budget (DOC-REST), for 429s when no limit is configured. */
export const DEFAULT_LIMIT_PER_SECOND = 50;

export class RateLimiter {
  readonly #windows: Window[] = [];

  constructor(options: RateLimitOptions | undefined) {
    if (options?.perSecond && options.perSecond > 0) this.#windows.push({ limit: options.perSecond, sizeMs: 1000, start: -Infinity, count: 0 });
    if (options?.perMinute && options.perMinute > 0) this.#windows.push({ limit: options.perMinute, sizeMs: 60_000, start: -Infinity, count: 0 });
  }

  get enabled(): boolean {
    return this.#windows.length > 0;
  }

  /**
   * The budget an `X-RateLimit-Limit` header names outside a counted request (an injected
   * 429): the per-second one when configured, else the per-minute one, else the real 50/s.
   */
  get headlineLimit(): number {
    const perSecond = this.#windows.find((w) => w.sizeMs === 1000);
    return (perSecond ?? this.#windows[0])?.limit ?? DEFAULT_LIMIT_PER_SECOND;
  }

  /** Counts one request at `now` (ms). */
  take(now: number): RateLimitVerdict {
    let blocking: Window | null = null;
    for (const w of this.#windows) {
      if (now >= w.start + w.sizeMs) {
        w.start = Math.floor(now / w.sizeMs) * w.sizeMs;
        w.count = 0;
      }
      if (w.count >= w.limit && !blocking) blocking = w;
    }
    if (!blocking) for (const w of this.#windows) w.count++;
    // Report the tightest window: the one with the fewest requests left.
    let shown = this.#windows[0]!;
    for (const w of this.#windows) if (w.limit - w.count < shown.limit - shown.count) shown = w;
    const reportOn = blocking ?? shown;
    const resetSeconds = Math.max(1, Math.ceil((reportOn.start + reportOn.sizeMs - now) / 1000));
    const headers: Record<string, string> = {
      "X-RateLimit-Limit": String(reportOn.limit),
      "X-RateLimit-Remaining": String(Math.max(0, reportOn.limit - reportOn.count)),
      "X-RateLimit-Reset": String(resetSeconds),
    };
    return { allowed: !blocking, headers, retryAfterSeconds: resetSeconds };
  }
}
