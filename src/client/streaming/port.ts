/**
 * What the streaming cursor needs from the rest of the client, as narrow interfaces.
 *
 * The cursor codes against these instead of the concrete Connection, StatementsApi and
 * Statement classes, so it can be tested with a few lines of fake and so the client core can
 * change its internals freely. `adapter.ts` builds a {@link StreamingBackend} from the
 * connection's context.
 */
import type { ErrorContext } from "../../errors.ts";
import type { Column } from "../../types/model.ts";
import type { ColumnDescription } from "../cursor.ts";

/** The statement fields the cursor reads (a structural subset of the client's `Statement`). */
export interface StatementView {
  readonly name: string;
  /** PENDING, RUNNING, COMPLETED, DEGRADED, STOPPING, STOPPED, FAILING, FAILED, DELETING. */
  readonly phase: string;
  /** `status.detail`. */
  readonly detail?: string | null | undefined;
  readonly traits?: StatementTraitsView | null | undefined;
  /**
   * `spec.statement`. A cancel during the create POST of a caller-chosen name compares it with
   * the SQL it sent, to tell its own statement from another job's under that name.
   */
  readonly sql?: string | undefined;
  /** `spec.stopped`: somebody asked for the statement to stop. */
  readonly stopRequested?: boolean | undefined;
  /** `spec.properties` (e.g. `sql.local-time-zone`, which the row decoder needs). */
  readonly properties?: Readonly<Record<string, string>> | undefined;
  /** The statement's JSON as received (for `status.scaling_status` and anything else). */
  readonly raw?: unknown;
}

/** `status.traits` in model form. */
export interface StatementTraitsView {
  readonly sqlKind?: string | null | undefined;
  readonly isBounded?: boolean | null | undefined;
  readonly isAppendOnly?: boolean | null | undefined;
  readonly upsertColumns?: readonly number[] | null | undefined;
  readonly schema?: readonly Column[] | null | undefined;
}

/** One results page, as the statements API returns it. */
export interface ResultsPageView {
  readonly data: ReadonlyArray<{ readonly op: number; readonly row: readonly unknown[] }>;
  /** The page token of `metadata.next`, or null when the page had no next link (end of results). */
  readonly nextPageToken: string | null;
  /** Size of the response body, for metrics. */
  readonly bytes: number;
  /** How many times the API retried this page (409 not ready, 5xx), if it reports it. */
  readonly retries?: number;
  /** The server answered 409 "not ready" (no rows; only with `notReady: "return"`). */
  readonly notReady?: boolean;
  /** The response's status and request id, for errors about this page, if the API reports them. */
  readonly origin?: ErrorContext;
}

/** An entry of `GET /statements/{name}/exceptions`. */
export interface StatementExceptionView {
  readonly name: string;
  readonly message: string;
  readonly timestamp?: string;
}

/** Options for creating the statement behind `execute`. */
export interface SubmitOptions {
  readonly signal?: AbortSignal | undefined;
  /** Client-chosen statement name (a generated one otherwise). */
  readonly statementName?: string | undefined;
  readonly labels?: readonly string[] | undefined;
  /** Extra `spec.properties` (never `sql.snapshot.mode`: streaming cursors run in streaming mode). */
  readonly properties?: Readonly<Record<string, string | number | boolean>> | undefined;
  readonly computePoolId?: string | undefined;
  /** `sql.current-catalog` / `sql.current-database` for this statement (default: the connection's). */
  readonly catalog?: string | undefined;
  readonly database?: string | undefined;
  /**
   * To be called just before the create request is handed to the network, by a backend whose
   * `reportsSend` is true. A cancel that came earlier then sends nothing: there is no statement.
   */
  readonly onSend?: (() => void) | undefined;
}

/** Calls of the statements API the cursor makes. All take an AbortSignal and must honour it. */
export interface StreamingApi {
  /**
   * True when `submit` calls `options.onSend` before its request leaves. Otherwise calling
   * `submit` counts as sending, and a cancel during it stops or deletes the name.
   */
  readonly reportsSend?: boolean | undefined;
  /** POST /statements in streaming mode; returns the created statement. */
  submit(sql: string, options: SubmitOptions): Promise<StatementView>;
  /** GET /statements/{name}. Rejects with a 404-coded error (status 404) once it is deleted. */
  get(name: string, options: { signal?: AbortSignal | undefined }): Promise<StatementView>;
  /**
   * GET /statements/{name}/results[?page_token=...]. A 409 "not ready" is waited out (retried
   * with backoff) unless `notReady` is `"return"`: then it answers at once with `notReady: true`.
   */
  resultsPage(name: string, pageToken: string | null, options: { signal?: AbortSignal | undefined; notReady?: "retry" | "return" | undefined }): Promise<ResultsPageView>;
  /** Stop (PATCH spec.stopped=true) without waiting for STOPPED. */
  stop(name: string, options: { signal?: AbortSignal | undefined }): Promise<unknown>;
  /** DELETE /statements/{name}. */
  delete(name: string, options: { signal?: AbortSignal | undefined }): Promise<unknown>;
  /** GET /statements/{name}/exceptions, newest first; optional. */
  exceptions?(name: string, options: { signal?: AbortSignal | undefined }): Promise<readonly StatementExceptionView[]>;
}

/** Decodes wire rows of a schema into JS rows. */
export interface RowDecoderView {
  toArray(row: readonly unknown[]): unknown[];
  toObject(row: readonly unknown[]): Record<string, unknown>;
}

/** Everything a streaming cursor gets from its connection. */
export interface StreamingBackend {
  readonly api: StreamingApi;
  /** Builds the row decoder for a result schema (the connection's decode options applied). */
  decoder(columns: readonly Column[], statement?: StatementView): RowDecoderView;
  /** DB-API `description` of a schema (absent: the cursor reports none). */
  describe?(columns: readonly Column[]): ColumnDescription[];
  /** Renders parameters into the SQL text; absent means parameters are refused. */
  substitute?(sql: string, params: readonly unknown[] | Record<string, unknown> | undefined): string;
  /** Throws when the connection is closed. */
  assertOpen?(): void;
  /** Default pacing of the statement polls while waiting for RUNNING (the connection's poll policy). */
  readonly readiness?: { readonly initialMs?: number; readonly maxMs?: number; readonly factor?: number; readonly jitter?: number };
  /** A new default statement name (absent: `dbapi-<uuid>`). Chosen before the POST so a cancel during it knows the name. */
  statementName?(): string;
  /** Registers a cleanup the connection runs on close; returns the unregister function. */
  onClose?(closer: () => Promise<void>): () => void;
}
