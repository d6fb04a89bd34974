/**
 * The error hierarchy of confluent-sql, shared by the client and the type module.
 *
 * Every error is a {@link ConfluentSqlError} with a stable string `code` (switch on it, not on
 * messages), a DB-API category as its class, and, where known, the HTTP status, the request id,
 * the statement name and the server's detail. Messages and fields never contain credentials:
 * code that builds an error from a request must pass it through nothing that holds headers.
 *
 * @example
 * ```ts
 * try { await cur.execute("SELEC 1"); }
 * catch (e) {
 *   if (e instanceof StatementFailedError) console.log(e.code, e.statementName, e.detail);
 * }
 * ```
 */

/** Where the error came from, as far as the client knows. */
export interface ErrorContext {
  /** HTTP status of the response that caused it. */
  status?: number;
  /** `X-Request-Id` of that response. */
  requestId?: string;
  /** Statement the call was about. */
  statementName?: string;
  /** Phase of that statement when the error was raised. */
  phase?: string;
  /** The server's explanation (`errors[].detail` or `status.detail`). */
  detail?: string;
  /** The underlying error (a network failure, a validation failure). */
  cause?: unknown;
}

/** Base class: DB-API `Error`. */
export class ConfluentSqlError extends Error {
  override name = "ConfluentSqlError";
  /** Stable machine-readable code, e.g. `CONFIG_INVALID`, `STATEMENT_FAILED`. */
  readonly code: string;
  readonly status?: number;
  readonly requestId?: string;
  readonly statementName?: string;
  readonly phase?: string;
  readonly detail?: string;

  constructor(code: string, message: string, context: ErrorContext = {}) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.code = code;
    if (context.status !== undefined) this.status = context.status;
    if (context.requestId !== undefined) this.requestId = context.requestId;
    if (context.statementName !== undefined) this.statementName = context.statementName;
    if (context.phase !== undefined) this.phase = context.phase;
    if (context.detail !== undefined) this.detail = context.detail;
  }

  /** A plain object for logs and JSON responses (no stack, no cause chain). */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, code: this.code, message: this.message };
    for (const key of ["status", "requestId", "statementName", "phase", "detail"] as const) {
      if (this[key] !== undefined) out[key] = this[key];
    }
    return out;
  }
}

/** DB-API `Warning`. */
export class Warning extends ConfluentSqlError {
  override name = "Warning";
}

/** Misuse of the client itself: bad configuration, bad parameters, closed cursor. */
export class InterfaceError extends ConfluentSqlError {
  override name = "InterfaceError";
}

/** Errors reported by or about the database (server) side. */
export class DatabaseError extends ConfluentSqlError {
  override name = "DatabaseError";
}

/** A value that cannot be represented or decoded: out of range, malformed for its type. */
export class DataError extends DatabaseError {
  override name = "DataError";
}

/** Not the caller's fault: network, timeouts, rate limits, server unavailability. */
export class OperationalError extends DatabaseError {
  override name = "OperationalError";
}

/** A constraint such as a unique statement name was violated. */
export class IntegrityError extends DatabaseError {
  override name = "IntegrityError";
}

/** The client or server got into a state it should not be in. */
export class InternalError extends DatabaseError {
  override name = "InternalError";
}

/** SQL errors, wrong parameter counts, unknown statements. */
export class ProgrammingError extends DatabaseError {
  override name = "ProgrammingError";
}

/** A feature the statement or cursor does not support (e.g. fetchAll on an unbounded stream). */
export class NotSupportedError extends DatabaseError {
  override name = "NotSupportedError";
}

/**
 * The server answered with something that does not match the protocol; `path` names where.
 * `code` is `PROTOCOL_ERROR` unless a more specific one applies (e.g. `CHANGELOG_INCONSISTENT`,
 * `RESULTS_STALLED`).
 */
export class ProtocolError extends InternalError {
  override name = "ProtocolError";
  /** JSON path of the offending value, e.g. `status.traits.schema.columns[0].type`. */
  readonly path?: string;
  constructor(message: string, context: ErrorContext & { path?: string; code?: string } = {}) {
    super(context.code ?? "PROTOCOL_ERROR", message, context);
    if (context.path !== undefined) this.path = context.path;
  }
}

/**
 * @internal Fills in where-known context (status, request id, statement name) that the code
 * raising `error` did not have, e.g. a decoding DataError reaching the cursor that knows the
 * statement. Fields already set are kept. Returns the same error.
 */
export function withContext<E extends ConfluentSqlError>(error: E, context: Pick<ErrorContext, "status" | "requestId" | "statementName">): E {
  const target = error as { status?: number; requestId?: string; statementName?: string };
  if (target.status === undefined && context.status !== undefined) target.status = context.status;
  if (target.requestId === undefined && context.requestId !== undefined) target.requestId = context.requestId;
  if (target.statementName === undefined && context.statementName !== undefined) target.statementName = context.statementName;
  return error;
}

/** The statement does not exist (404), or was deleted. */
export class StatementNotFoundError extends ProgrammingError {
  override name = "StatementNotFoundError";
}

/** The statement FAILED (or is DEGRADED); `detail` has the server's explanation. */
export class StatementFailedError extends DatabaseError {
  override name = "StatementFailedError";
  /** Exceptions reported for the statement, newest first (when they were fetched). */
  readonly exceptions?: ReadonlyArray<{ name: string; message: string; timestamp?: string }>;
  constructor(
    code: string,
    message: string,
    context: ErrorContext & { exceptions?: ReadonlyArray<{ name: string; message: string; timestamp?: string }> } = {},
  ) {
    super(code, message, context);
    if (context.exceptions !== undefined) this.exceptions = context.exceptions;
  }
}

/** The statement was STOPPED, by this client or someone else. */
export class StatementStoppedError extends OperationalError {
  override name = "StatementStoppedError";
}

/** The compute pool had no capacity for the statement (PENDING with POOL_EXHAUSTED). */
export class ComputePoolExhaustedError extends OperationalError {
  override name = "ComputePoolExhaustedError";
}

/** A deadline passed (per-request `httpTimeoutMs` or a call's `timeoutMs`). */
export class TimeoutError extends OperationalError {
  override name = "TimeoutError";
  constructor(message: string, context: ErrorContext = {}) {
    super("TIMEOUT", message, context);
  }
}

/** The caller's AbortSignal fired. Never retried. */
export class AbortError extends OperationalError {
  override name = "AbortError";
  constructor(message = "The operation was aborted", context: ErrorContext = {}) {
    super("ABORTED", message, context);
  }
}

/** 429 after the retry budget was spent; `retryAfterMs` is the server's last hint. */
export class RateLimitError extends OperationalError {
  override name = "RateLimitError";
  readonly retryAfterMs?: number;
  constructor(message: string, context: ErrorContext & { retryAfterMs?: number } = {}) {
    super("RATE_LIMITED", message, context);
    if (context.retryAfterMs !== undefined) this.retryAfterMs = context.retryAfterMs;
  }
}
