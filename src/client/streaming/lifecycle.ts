/**
 * Statement phase rules for streaming: when `execute` may return (readiness), and what the end
 * of a result stream means (an honest ending: clean, or a coded error with the server's detail).
 *
 * Readiness follows the Python driver's streaming rules (python-driver.md section 2.3): pure DDL
 * and bounded non-append-only statements wait for a terminal phase; everything else (unbounded
 * queries, CTAS, INSERT INTO ... SELECT, bounded append-only) is ready at RUNNING. A DEGRADED
 * statement met while waiting is an error (python-driver.md section 2.4, and the snapshot
 * cursor's readiness.ts): StatementFailedError `STATEMENT_DEGRADED` with the server's detail.
 * Once reading, DEGRADED is not an ending (the server may bring it back to RUNNING).
 */
import {
  ConfluentSqlError,
  StatementFailedError,
  StatementNotFoundError,
  StatementStoppedError,
} from "../../errors.ts";
import { degradedError, poolExhaustedError } from "../phase-errors.ts";
import type { StatementExceptionView, StatementView, StreamingApi } from "./port.ts";

const PURE_DDL = new Set(["CREATE_TABLE", "DROP_TABLE", "CREATE_VIEW", "DROP_VIEW", "ALTER_TABLE", "CREATE_FUNCTION", "DROP_FUNCTION", "ALTER_VIEW"]);
const TERMINAL = new Set(["COMPLETED", "STOPPED", "FAILED", "DELETED"]);

/** Terminal phases: they do not change on their own. */
export function isTerminalPhase(phase: string): boolean {
  return TERMINAL.has(phase);
}

/** True when `execute` can hand the statement to the caller (see module comment). */
export function isReady(st: StatementView): boolean {
  if (isTerminalPhase(st.phase)) return true;
  if (st.phase !== "RUNNING") return false;
  const t = st.traits;
  if (t === null || t === undefined) return true;
  if (t.sqlKind !== undefined && t.sqlKind !== null && PURE_DDL.has(t.sqlKind)) return false;
  if (t.isBounded === true && t.isAppendOnly === false) return false;
  return true;
}

/** `status.scaling_status.scaling_state` from the raw JSON, if present. */
/** PENDING with `scaling_state: POOL_EXHAUSTED`: the compute pool has no room for it. */
export function isPoolExhausted(st: StatementView): boolean {
  return st.phase === "PENDING" && scalingState(st) === "POOL_EXHAUSTED";
}

function scalingState(st: StatementView): string | undefined {
  const raw = st.raw as { status?: { scaling_status?: { scaling_state?: unknown } } } | undefined;
  const s = raw?.status?.scaling_status?.scaling_state;
  return typeof s === "string" ? s : undefined;
}

/** True for an error that means "the statement does not exist (any more)". */
export function isNotFound(e: unknown): boolean {
  if (e instanceof StatementNotFoundError) return true;
  return e instanceof ConfluentSqlError && e.status === 404;
}

async function exceptionsOf(api: StreamingApi, name: string): Promise<readonly StatementExceptionView[] | undefined> {
  if (api.exceptions === undefined) return undefined;
  try {
    return await api.exceptions(name, {});
  } catch {
    return undefined; // best effort: the phase and detail already explain the failure
  }
}

/** A StatementFailedError for a FAILED (or FAILING) statement, with detail and exceptions. */
export async function failedError(api: StreamingApi, st: StatementView): Promise<StatementFailedError> {
  const exceptions = await exceptionsOf(api, st.name);
  const detail = st.detail || exceptions?.[0]?.message || undefined;
  return new StatementFailedError("STATEMENT_FAILED", `Statement '${st.name}' failed${detail ? `: ${detail}` : ""}`, {
    statementName: st.name,
    phase: st.phase,
    ...(detail ? { detail } : {}),
    ...(exceptions ? { exceptions } : {}),
  });
}


/** A StatementStoppedError for a statement stopped by someone other than this cursor. */
export function stoppedError(st: StatementView): StatementStoppedError {
  const detail = st.detail || undefined;
  return new StatementStoppedError(
    "STATEMENT_STOPPED",
    `Statement '${st.name}' was stopped by another client while its results were being read${detail ? `: ${detail}` : ""}`,
    { statementName: st.name, phase: st.phase, ...(detail ? { detail } : {}) },
  );
}

/** A StatementNotFoundError for a statement deleted by someone other than this cursor. */
export function deletedError(name: string, cause?: unknown): StatementNotFoundError {
  const detail = cause instanceof ConfluentSqlError ? cause.detail : undefined;
  return new StatementNotFoundError("STATEMENT_DELETED", `Statement '${name}' was deleted while its results were being read`, {
    statementName: name,
    status: 404,
    phase: "DELETED",
    ...(detail ? { detail } : {}),
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * Errors for a statement that can never become ready: FAILED, DEGRADED, stopped by someone
 * else before it ran, or PENDING on an exhausted compute pool. Undefined when it may still
 * become ready.
 */
export async function brokenStatementError(api: StreamingApi, st: StatementView, stoppedByUs: boolean): Promise<ConfluentSqlError | undefined> {
  if (st.phase === "FAILED" || st.phase === "FAILING") return failedError(api, st);
  if (st.phase === "DEGRADED") return degradedError(st);
  if ((st.phase === "STOPPED" || st.phase === "STOPPING") && !stoppedByUs) return stoppedError(st);
  if (isPoolExhausted(st)) return poolExhaustedError(st, "not-ours");
  return undefined;
}

/** Who ended the stream, as far as this cursor knows. */
export interface EndingContext {
  /** This cursor asked the server to stop the statement. */
  readonly stoppedByUs: boolean;
  /** This cursor deleted the statement. */
  readonly deletedByUs: boolean;
}

/**
 * What the end of the results means, given the statement re-read after the last page:
 * undefined for a clean end (COMPLETED; stopped or deleted by us; RUNNING with a bounded row
 * stream such as LIMIT over a stream), else the error to surface.
 */
export async function endingError(api: StreamingApi, st: StatementView, ctx: EndingContext): Promise<ConfluentSqlError | undefined> {
  switch (st.phase) {
    case "FAILED":
    case "FAILING":
      return failedError(api, st);
    case "STOPPED":
    case "STOPPING":
      return ctx.stoppedByUs || ctx.deletedByUs ? undefined : stoppedError(st);
    case "DELETING":
    case "DELETED":
      return ctx.deletedByUs ? undefined : deletedError(st.name);
    default:
      if (st.stopRequested === true && !ctx.stoppedByUs && !ctx.deletedByUs) return stoppedError(st);
      return undefined;
  }
}
