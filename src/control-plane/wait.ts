/**
 * The plumbing every control-plane call shares: one deadline and signal per call, polling
 * until the server settles (the client's Backoff and abortable sleep), and the context of a
 * response for the errors made from it.
 *
 * A wait that runs out of time is a TimeoutError that says what was last seen; the caller's
 * abort is an AbortError. Both stop the requests in flight.
 */
import { ConfluentSqlError, TimeoutError, type ErrorContext } from "../errors.ts";
import { Backoff, sleep, type BackoffPolicy } from "../client/backoff.ts";
import { errorDetail } from "../client/http-errors.ts";
import type { HttpResponse, HttpTransport } from "../client/http.ts";
import { callSignal, toAbortError } from "../client/signals.ts";
import type { WaitOptions } from "./models.ts";

/** The wait's pacing: the backoff policy and its random source. */
export interface Pace {
  readonly policy: BackoffPolicy;
  readonly random: () => number;
}

/** Default deadline of a call that waits (the Python driver's 300 s). */
export const WAIT_TIMEOUT_MS = 300_000;

/**
 * Runs `body` under one signal: the caller's, and a deadline of `timeoutMs` (300 s by
 * default when the call waits). `what` names the call in the timeout message.
 */
export async function withCall<T>(options: WaitOptions, what: string, body: (signal: AbortSignal | undefined, wait: boolean) => Promise<T>): Promise<T> {
  const wait = options.wait !== false;
  const timeoutMs = options.timeoutMs ?? (wait ? WAIT_TIMEOUT_MS : undefined);
  const call = callSignal({ signal: options.signal, timeoutMs }, what);
  try {
    return await body(call.signal, wait);
  } catch (e) {
    if (call.signal?.aborted && !(e instanceof ConfluentSqlError)) throw toAbortError(call.signal);
    throw e;
  } finally {
    call.dispose();
  }
}

/**
 * Reads with `read` until `settled` says done (it throws for a terminal failure), sleeping
 * with backoff between reads. With `first` (what the change request itself answered), that is
 * checked first and the first read comes after a pause; without, the first read is immediate.
 * On a timeout the error names the last state seen (`describe`).
 */
export async function pollUntil<T>(
  read: () => Promise<T>,
  settled: (value: T) => boolean,
  describe: (value: T) => string,
  pace: Pace,
  signal: AbortSignal | undefined,
  first?: { value: T },
): Promise<T> {
  const backoff = new Backoff(pace.policy, pace.random);
  let last: { value: T } | undefined;
  let given = first;
  try {
    for (;;) {
      const value = given !== undefined ? given.value : await read();
      given = undefined;
      last = { value };
      if (settled(value)) return value;
      try {
        await sleep(backoff.next(), signal);
      } catch {
        throw toAbortError(signal);
      }
    }
  } catch (e) {
    if (e instanceof TimeoutError && last !== undefined) throw new TimeoutError(`${e.message} (last seen: ${describe(last.value)})`, { cause: e });
    throw e;
  }
}

/** Status and request id of a response, for a ProtocolError about its body. */
export function bodyContext(res: HttpResponse): ErrorContext {
  return res.requestId === undefined ? { status: res.status } : { status: res.status, requestId: res.requestId };
}

/** Status, request id and the server's (scrubbed) explanation of an error response. */
export function responseContext(res: HttpResponse, transport: HttpTransport): ErrorContext {
  const context: ErrorContext = { status: res.status };
  if (res.requestId !== undefined) context.requestId = res.requestId;
  const detail = transport.redact(errorDetail(res.body, ""));
  if (detail !== "") context.detail = detail;
  return context;
}

/** A path segment, encoded (names are not trusted to be URL-safe). */
export const segment = (value: string): string => encodeURIComponent(value);
