/**
 * Waiting for a statement and turning broken phases into errors: FAILED (with the server's
 * detail, or the newest entry of the exceptions endpoint when the detail is empty), DEGRADED,
 * STOPPED by someone else, and PENDING with an exhausted compute pool (the statement is deleted
 * best-effort first, as it will never run).
 *
 * Polling is adaptive (the connection's poll policy): the first checks come after tens of
 * milliseconds and back off with jitter to a cap, so a small snapshot query returns quickly.
 */
import {
  ConfluentSqlError,
  OperationalError,
  StatementFailedError,
  StatementNotFoundError,
  StatementStoppedError,
} from "../errors.ts";
import { Backoff, sleep } from "./backoff.ts";
import type { ClientContext } from "./context.ts";
import { degradedError, poolExhaustedError, type ExhaustedStatementFate } from "./phase-errors.ts";
import { callSignal, toAbortError } from "./signals.ts";
import type { Statement } from "./statement.ts";
import type { StopOptions } from "./statements-api.ts";

/** The error for a broken statement, or undefined when it is fine so far. */
export async function brokenStatementError(ctx: ClientContext, st: Statement, signal?: AbortSignal): Promise<ConfluentSqlError | undefined> {
  const base = { statementName: st.name, phase: st.phase };
  if (st.phase === "FAILED" || st.phase === "FAILING") {
    let detail = st.detail;
    let exceptions: Array<{ name: string; message: string; timestamp?: string }> | undefined;
    if (detail === "") {
      try {
        exceptions = await ctx.api.exceptions(st.name, { signal });
        detail = exceptions[0]?.message ?? "";
      } catch {
        // Best effort: the phase alone already says it failed.
      }
    }
    const message = `Statement '${st.name}' failed${detail ? `: ${detail}` : ""}`;
    return new StatementFailedError("STATEMENT_FAILED", message, {
      ...base,
      ...(detail ? { detail } : {}),
      ...(exceptions === undefined ? {} : { exceptions }),
    });
  }
  if (st.phase === "DEGRADED") return degradedError(st);
  if (st.isPoolExhausted) {
    let fate: ExhaustedStatementFate = "deleted";
    try {
      await ctx.api.delete(st.name, {});
    } catch {
      fate = "delete-failed";
    }
    return poolExhaustedError(st, fate);
  }
  if (st.phase === "STOPPED" || st.phase === "STOPPING" || st.phase === "DELETING") {
    return new StatementStoppedError("STATEMENT_STOPPED", `Statement '${st.name}' was stopped (${st.phase})${st.detail ? `: ${st.detail}` : ""}`, {
      ...base,
      ...(st.detail ? { detail: st.detail } : {}),
    });
  }
  return undefined;
}

/**
 * Polls until `ready(statement)`; throws {@link brokenStatementError} for broken phases, the
 * signal's AbortError/TimeoutError when it fires, StatementNotFoundError after four 404s in a
 * row. `onUpdate` sees every statement read.
 */
export async function waitUntil(
  ctx: ClientContext,
  first: Statement,
  ready: (s: Statement) => boolean,
  signal?: AbortSignal,
  onUpdate?: (s: Statement) => void,
): Promise<Statement> {
  const backoff = new Backoff(ctx.config.poll, ctx.config.random);
  let st = first;
  let notFound = 0;
  for (;;) {
    const broken = await brokenStatementError(ctx, st, signal);
    if (broken !== undefined) throw broken;
    if (ready(st)) return st;
    try {
      await sleep(backoff.next(), signal);
    } catch {
      throw toAbortError(signal, { statementName: st.name });
    }
    try {
      st = await ctx.api.get(st.name, { signal });
    } catch (e) {
      // Right after creation the name can briefly be unresolvable (wire-protocol.md 2.7): a
      // few 404s in a row are polled through, as the streaming cursor does.
      if (e instanceof StatementNotFoundError && !signal?.aborted && ++notFound <= 3) continue;
      throw e;
    }
    notFound = 0;
    onUpdate?.(st);
  }
}

/**
 * Stops a statement the way the Python driver does: one already terminal (a Statement as given,
 * or a name read first) is returned as it is, without a PATCH that would mark a finished
 * statement stopped; otherwise PATCH and, unless `wait: false`, wait for a terminal phase. A wait
 * that ends FAILED is an OperationalError STOP_FAILED with the server's detail (or the newest
 * exception). Default deadline 300 s.
 */
export async function stopStatement(ctx: ClientContext, name: string, known: Statement | undefined, options: StopOptions): Promise<Statement> {
  const call = callSignal({ signal: options.signal, timeoutMs: options.timeoutMs ?? 300_000 }, `Stopping statement '${name}'`);
  try {
    const current = known ?? (await ctx.api.get(name, { signal: call.signal }));
    if (current.isTerminal) return current;
    const st = await ctx.api.stop(name, { signal: call.signal, wait: options.wait });
    if (options.wait === false || !st.isFailed) return st;
    const failed = await brokenStatementError(ctx, st, call.signal);
    const detail = failed?.detail ?? st.detail;
    throw new OperationalError("STOP_FAILED", `Statement '${name}' failed while it was being stopped${detail ? `: ${detail}` : ""}`, {
      statementName: name,
      phase: st.phase,
      ...(detail ? { detail } : {}),
      ...(failed === undefined ? {} : { cause: failed }),
    });
  } catch (e) {
    if (call.signal?.aborted && !(e instanceof ConfluentSqlError)) throw toAbortError(call.signal, { statementName: name });
    throw e;
  } finally {
    call.dispose();
  }
}
