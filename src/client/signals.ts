/**
 * AbortSignal composition for the client core: the caller's signal, a call's overall deadline and
 * a per-request timeout merged into one signal whose abort reason says which fired.
 *
 * Deadlines abort with a {@link TimeoutError} as the reason, the caller's signal with whatever the
 * caller gave, so {@link toAbortError} can tell a timeout from a user abort afterwards.
 */
import { AbortError, ConfluentSqlError, TimeoutError, type ErrorContext } from "../errors.ts";

/** Per-call options accepted by every async client method. */
export interface CallOptions {
  /** Aborts the call (AbortError, never retried). */
  signal?: AbortSignal | undefined;
  /** Overall deadline for the call in ms, retries and waits included (TimeoutError). */
  timeoutMs?: number | undefined;
}

/** A merged signal plus `dispose()` that clears its timers and listeners. */
export interface Linked {
  signal: AbortSignal | undefined;
  dispose(): void;
}

/** A signal that aborts when any input aborts. Uses `AbortSignal.any` where available. */
export function anySignal(inputs: ReadonlyArray<AbortSignal | undefined>): Linked {
  const present = inputs.filter((s): s is AbortSignal => s !== undefined);
  if (present.length === 0) return { signal: undefined, dispose() {} };
  if (present.length === 1) return { signal: present[0], dispose() {} };
  const any = (AbortSignal as unknown as { any?: (s: AbortSignal[]) => AbortSignal }).any;
  if (typeof any === "function") return { signal: any.call(AbortSignal, present), dispose() {} };
  // Fallback for runtimes without AbortSignal.any.
  const controller = new AbortController();
  const undo: Array<() => void> = [];
  for (const s of present) {
    if (s.aborted) {
      controller.abort(s.reason);
      break;
    }
    const on = () => controller.abort(s.reason);
    s.addEventListener("abort", on, { once: true });
    undo.push(() => s.removeEventListener("abort", on));
  }
  return { signal: controller.signal, dispose: () => undo.forEach((f) => f()) };
}

/** A signal aborting with a TimeoutError after `ms` (no signal when `ms` is undefined). */
export function deadlineSignal(ms: number | undefined, message: string): Linked {
  if (ms === undefined || !Number.isFinite(ms)) return { signal: undefined, dispose() {} };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new TimeoutError(message)), Math.max(0, ms));
  return { signal: controller.signal, dispose: () => clearTimeout(timer) };
}

/** Links the caller's signal with a deadline of `timeoutMs` (both optional). */
export function callSignal(options: CallOptions | undefined, what: string): Linked {
  const deadline = deadlineSignal(options?.timeoutMs, `${what} timed out after ${options?.timeoutMs} ms`);
  const linked = anySignal([options?.signal, deadline.signal]);
  return {
    signal: linked.signal,
    dispose() {
      linked.dispose();
      deadline.dispose();
    },
  };
}

/**
 * The coded error for an aborted signal: its reason when that is already one of ours
 * (a TimeoutError from a deadline), else an AbortError carrying the reason as cause.
 */
export function toAbortError(signal: AbortSignal | undefined, context: ErrorContext = {}): ConfluentSqlError {
  const reason: unknown = signal?.reason;
  if (reason instanceof ConfluentSqlError) return reason;
  if (isNamed(reason, "TimeoutError")) return new TimeoutError("The operation timed out", { ...context, cause: reason });
  return new AbortError("The operation was aborted", { ...context, cause: reason });
}

/**
 * `promise`'s outcome, or {@link toAbortError} as soon as `signal` aborts. The work behind
 * `promise` goes on: this is for work shared by several callers, which one caller's abort must
 * not cancel for the others.
 */
export function raceSignal<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(toAbortError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(toAbortError(signal));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** Throws {@link toAbortError} when `signal` has aborted. */
export function throwIfAborted(signal: AbortSignal | undefined, context: ErrorContext = {}): void {
  if (signal?.aborted) throw toAbortError(signal, context);
}

function isNamed(value: unknown, name: string): boolean {
  return typeof value === "object" && value !== null && (value as { name?: unknown }).name === name;
}
