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

/**
 * Base class: DB-API `Error`. Everything the library throws on purpose is one, so one
 * `instanceof` check separates its errors from bugs in the caller's code. The library raises
 * only subclasses; constructing one never throws.
 *
 * @example
 * ```ts
 * try {
 *   await conn.query("SELECT nope FROM `examples`.`marketplace`.`orders`");
 * } catch (e) {
 *   if (!(e instanceof ConfluentSqlError)) throw e;
 *   e.code;   // "STATEMENT_FAILED"
 *   e.detail; // "SQL validation failed. From line 1, column 8 to line 1, column 11: Column 'nope' not found ..."
 * }
 * ```
 */
export class ConfluentSqlError extends Error {
  override name = "ConfluentSqlError";
  /** Stable machine-readable code, e.g. `CONFIG_INVALID`, `STATEMENT_FAILED`. */
  readonly code: string;
  /** HTTP status of the response that caused it, when there was one. */
  readonly status?: number;
  /** `X-Request-Id` of that response: quote it to Confluent support. */
  readonly requestId?: string;
  /** Statement the call was about. */
  readonly statementName?: string;
  /** Phase of that statement when the error was raised. */
  readonly phase?: string;
  /** The server's explanation (`errors[].detail` or `status.detail`). */
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

  /**
   * A plain object for logs and JSON responses: name, code, message and the context fields
   * that are set. No stack and no cause chain, which may hold request details. Never throws.
   *
   * @example
   * ```ts
   * JSON.stringify(new InterfaceError("CURSOR_CLOSED", "The cursor is closed"));
   * // '{"name":"InterfaceError","code":"CURSOR_CLOSED","message":"The cursor is closed"}'
   * ```
   */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, code: this.code, message: this.message };
    for (const key of ["status", "requestId", "statementName", "phase", "detail"] as const) {
      if (this[key] !== undefined) out[key] = this[key];
    }
    return out;
  }
}

/**
 * DB-API `Warning`. The library raises none today; the class exists so code ported from the
 * Python driver that catches it still compiles.
 *
 * @example
 * ```ts
 * new Warning("W", "not an error") instanceof ConfluentSqlError; // true
 * ```
 */
export class Warning extends ConfluentSqlError {
  override name = "Warning";
}

/**
 * Misuse of the client itself: bad configuration, bad parameters, closed cursor. Raised before
 * anything is sent, so fixing the calling code is the remedy, not retrying.
 *
 * @example
 * ```ts
 * const cur = conn.cursor();
 * await cur.close();
 * await cur.execute("SELECT 1"); // rejects: InterfaceError, code "CURSOR_CLOSED"
 * ```
 */
export class InterfaceError extends ConfluentSqlError {
  override name = "InterfaceError";
}

/**
 * Errors reported by or about the database (server) side: the base of DataError,
 * OperationalError, IntegrityError, InternalError, ProgrammingError, NotSupportedError and
 * StatementFailedError, so one check catches everything that is not the caller's misuse.
 *
 * @example
 * ```ts
 * try { await conn.query("SELECT nope FROM `examples`.`marketplace`.`orders`"); }
 * catch (e) { e instanceof DatabaseError; } // true (a StatementFailedError)
 * ```
 */
export class DatabaseError extends ConfluentSqlError {
  override name = "DatabaseError";
}

/**
 * A value that cannot be represented or decoded: out of range, malformed for its type.
 *
 * @example
 * ```ts
 * Decimal.parse("12,5"); // throws DataError, code "DECIMAL_INVALID"
 * ```
 */
export class DataError extends DatabaseError {
  override name = "DataError";
}

/**
 * Not the caller's fault: network, timeouts, rate limits, server unavailability. Safe requests
 * were already retried when this is raised, so retry later rather than at once.
 *
 * @example
 * ```ts
 * const emu = createEmulator({ faults: [{ probability: 1, faults: { kind: "drop" } }] });
 * const conn = connect({ ...emu.connectOptions, fetch: emu.fetch, retry: { maxAttempts: 2 } });
 * await conn.query("SELECT 1"); // rejects: OperationalError, code "NETWORK_ERROR"
 * ```
 */
export class OperationalError extends DatabaseError {
  override name = "OperationalError";
}

/**
 * A constraint such as a unique statement name was violated.
 *
 * @example
 * ```ts
 * await conn.createStatement("SELECT 1", { statementName: "daily-report" });
 * await conn.createStatement("SELECT 1", { statementName: "daily-report" });
 * // rejects: IntegrityError, code "STATEMENT_NAME_TAKEN", status 409
 * ```
 */
export class IntegrityError extends DatabaseError {
  override name = "IntegrityError";
}

/**
 * The client or server got into a state it should not be in; report it with `requestId`.
 *
 * @example
 * ```ts
 * new ChangelogTable({ mode: "upsert" }); // throws InternalError, code "CHANGELOG_NO_UPSERT_KEY"
 * ```
 */
export class InternalError extends DatabaseError {
  override name = "InternalError";
}

/**
 * SQL errors, wrong parameter counts, unknown statements.
 *
 * @example
 * ```ts
 * await conn.query("SELECT %s, %s", [1]); // rejects: ProgrammingError, code "PARAMETER_COUNT"
 * ```
 */
export class ProgrammingError extends DatabaseError {
  override name = "ProgrammingError";
}

/**
 * A feature the statement or cursor does not support (e.g. fetchAll on an unbounded stream).
 *
 * @example
 * ```ts
 * const cur = conn.streamingCursor();
 * await cur.execute("SELECT * FROM `examples`.`marketplace`.`orders`");
 * await cur.fetchAll(); // rejects: NotSupportedError, code "FETCH_ALL_UNBOUNDED"
 * ```
 */
export class NotSupportedError extends DatabaseError {
  override name = "NotSupportedError";
}

/**
 * The server answered with something that does not match the protocol; `path` names where.
 * `code` is `PROTOCOL_ERROR` unless a more specific one applies (e.g. `CHANGELOG_INCONSISTENT`,
 * `RESULTS_STALLED`). The constructor never throws.
 *
 * @example
 * ```ts
 * // A proxy that answers 200 with the wrong body:
 * const conn = connect({ ...emu.connectOptions, fetch: async () => Response.json({ hello: 1 }) });
 * await conn.query("SELECT 1");
 * // rejects: ProtocolError, code "PROTOCOL_ERROR", path "name", status 200
 * ```
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

/**
 * The statement does not exist (404), or was deleted.
 *
 * @example
 * ```ts
 * await conn.getStatement("no-such-statement");
 * // rejects: StatementNotFoundError, code "STATEMENT_NOT_FOUND", status 404
 * ```
 */
export class StatementNotFoundError extends ProgrammingError {
  override name = "StatementNotFoundError";
}

/**
 * The statement FAILED (or is DEGRADED); `detail` has the server's explanation. The
 * constructor never throws.
 *
 * @example
 * ```ts
 * try { await conn.query("SELECT nope FROM `examples`.`marketplace`.`orders`"); }
 * catch (e) {
 *   if (e instanceof StatementFailedError) console.log(e.code, e.phase); // STATEMENT_FAILED FAILED
 * }
 * ```
 */
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

/**
 * The statement was STOPPED, by this client or someone else.
 *
 * @example
 * ```ts
 * const cur = conn.streamingCursor();
 * await cur.execute("SELECT * FROM `examples`.`marketplace`.`orders`");
 * await other.stopStatement(cur.statementName!); // another connection
 * await cur.fetchMany(100); // (once the buffered rows are read) rejects:
 * // StatementStoppedError, code "STATEMENT_STOPPED", phase "STOPPED"
 * ```
 */
export class StatementStoppedError extends OperationalError {
  override name = "StatementStoppedError";
}

/**
 * The compute pool had no capacity for the statement (PENDING with POOL_EXHAUSTED). The
 * client deletes a statement it created when this happens, so nothing is left queued;
 * `statementDeleted` says whether that delete succeeded (false: clean it up by hand). The
 * constructor never throws.
 *
 * @example
 * ```ts
 * const emu = createEmulator({ computePoolCapacity: 1 });
 * const conn = connect({ ...emu.connectOptions, fetch: emu.fetch });
 * const live = conn.streamingCursor();
 * await live.execute("SELECT * FROM `examples`.`marketplace`.`orders`"); // holds the only slot
 * try { await conn.query("SELECT 1"); }
 * catch (e) {
 *   if (e instanceof ComputePoolExhaustedError) e.statementDeleted; // true; e.code "COMPUTE_POOL_EXHAUSTED"
 * }
 * ```
 */
export class ComputePoolExhaustedError extends OperationalError {
  override name = "ComputePoolExhaustedError";
  /** Whether the client deleted the statement it had created (the Python driver's `statement_deleted`). */
  readonly statementDeleted: boolean;

  constructor(code: string, message: string, context: ErrorContext & { statementDeleted?: boolean } = {}) {
    super(code, message, context);
    this.statementDeleted = context.statementDeleted ?? false;
  }

  /** Adds `statementDeleted` to the base class's fields. Never throws. */
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), statementDeleted: this.statementDeleted };
  }
}

/**
 * A deadline passed (per-request `httpTimeoutMs` or a call's `timeoutMs`). Code `TIMEOUT`; the
 * constructor never throws.
 *
 * @example
 * ```ts
 * const emu = createEmulator({ clock: "realistic" }); // statements take about a second to start
 * const conn = connect({ ...emu.connectOptions, fetch: emu.fetch });
 * await conn.query("SELECT 1", undefined, { timeoutMs: 50 }); // rejects: TimeoutError, code "TIMEOUT"
 * ```
 */
export class TimeoutError extends OperationalError {
  override name = "TimeoutError";
  constructor(message: string, context: ErrorContext = {}) {
    super("TIMEOUT", message, context);
  }
}

/**
 * The caller's AbortSignal fired. Code `ABORTED`; never retried. The constructor never throws.
 *
 * @example
 * ```ts
 * await conn.query("SELECT 1", undefined, { signal: AbortSignal.abort() });
 * // rejects: AbortError, code "ABORTED"
 * ```
 */
export class AbortError extends OperationalError {
  override name = "AbortError";
  constructor(message = "The operation was aborted", context: ErrorContext = {}) {
    super("ABORTED", message, context);
  }
}

/**
 * 429 after the retry budget was spent; `retryAfterMs` is the server's last hint. Code
 * `RATE_LIMITED`; the constructor never throws.
 *
 * @example
 * ```ts
 * const emu = createEmulator({ faults: [{ probability: 1, faults: { kind: "rate-limit" } }] });
 * const conn = connect({ ...emu.connectOptions, fetch: emu.fetch, retry: { maxAttempts: 2 } });
 * await conn.query("SELECT 1");
 * // rejects: RateLimitError, code "RATE_LIMITED", status 429, retryAfterMs 1000
 * ```
 */
export class RateLimitError extends OperationalError {
  override name = "RateLimitError";
  /** The last `Retry-After` the server sent, in milliseconds. */
  readonly retryAfterMs?: number;
  constructor(message: string, context: ErrorContext & { retryAfterMs?: number } = {}) {
    super("RATE_LIMITED", message, context);
    if (context.retryAfterMs !== undefined) this.retryAfterMs = context.retryAfterMs;
  }
}
