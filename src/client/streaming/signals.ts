/**
 * AbortSignal plumbing for the streaming cursor: combining the caller's signal with the
 * cursor's own, and recognising aborts whatever shape they arrive in (our AbortError, a
 * DOMException from fetch, a timeout).
 */
import { AbortError, ConfluentSqlError, TimeoutError } from "../../errors.ts";

/** A signal that aborts when any input aborts; `dispose` detaches the listeners. */
export function anySignal(signals: ReadonlyArray<AbortSignal | undefined>): { signal: AbortSignal; dispose(): void } {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  if (present.length === 1) return { signal: present[0]!, dispose() {} };
  const controller = new AbortController();
  const listeners: Array<() => void> = [];
  for (const s of present) {
    if (s.aborted) {
      controller.abort(s.reason);
      break;
    }
    const on = (): void => controller.abort(s.reason);
    s.addEventListener("abort", on, { once: true });
    listeners.push(() => s.removeEventListener("abort", on));
  }
  return {
    signal: controller.signal,
    dispose() {
      for (const l of listeners) l();
    },
  };
}

/** A signal that aborts after `ms` with a TimeoutError (clear it with `dispose`). */
export function timeoutSignal(ms: number | undefined, what: string): { signal: AbortSignal | undefined; dispose(): void } {
  if (ms === undefined || !Number.isFinite(ms)) return { signal: undefined, dispose() {} };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new TimeoutError(`${what} timed out after ${ms} ms`)), Math.max(0, ms));
  return { signal: controller.signal, dispose: () => clearTimeout(timer) };
}

/** True for anything that means "aborted": AbortError/TimeoutError of ours, DOMException AbortError. */
export function isAbortLike(e: unknown): boolean {
  if (e instanceof AbortError || e instanceof TimeoutError) return true;
  return typeof e === "object" && e !== null && ((e as { name?: unknown }).name === "AbortError" || (e as { name?: unknown }).name === "TimeoutError");
}

/** Converts a signal's abort reason into a coded error (AbortError unless it already is one). */
export function abortReason(signal: AbortSignal | undefined, statementName?: string): ConfluentSqlError {
  const reason: unknown = signal?.reason;
  if (reason instanceof ConfluentSqlError) return reason;
  const context = statementName === undefined ? { cause: reason } : { cause: reason, statementName };
  if (typeof reason === "object" && reason !== null && (reason as { name?: unknown }).name === "TimeoutError") {
    return new TimeoutError("The operation timed out", context);
  }
  return new AbortError("The operation was aborted", context);
}
