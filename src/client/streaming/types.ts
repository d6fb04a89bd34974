/**
 * The streaming cursor's public option and result types (and the compressor's internal view of
 * the cursor), kept apart from the cursor's implementation.
 */
import type { IdleBackoffOptions } from "./idle-backoff.ts";
import type { StreamMetrics } from "./metrics.ts";
import type { ChangeEvent, ChangeOp } from "./ops.ts";
import type { StatementView } from "./port.ts";
import type { Column } from "../../types/model.ts";
import type { DecodeOptions } from "../config.ts";

/** What happens to the server-side statement when reading is cancelled or the cursor closed. */
export type CancelPolicy = "stop" | "delete" | "detach";

/** An item of a streaming result: a row (append-only statements) or a change event. */
export type StreamItem<R> = R | ChangeEvent<R>;

/**
 * Options of a streaming cursor (`conn.streamingCursor(options)`). The decode options (`bigint`,
 * `decimal`, `temporal`, `Temporal`, `cast`) override the connection's for this cursor's rows.
 */
export interface StreamingCursorOptions extends DecodeOptions {
  /** Rows as objects keyed by column name instead of arrays. Default false. */
  readonly asDict?: boolean;
  /** `"auto"`: rows for append-only statements, `{ op, row }` otherwise. `"always"`: events for all. */
  readonly changeEvents?: "auto" | "always";
  /** Policy for statements this cursor started. Default `"stop"`. Attached statements default to `"detach"`. */
  readonly onCancel?: CancelPolicy;
  /** Default size of `fetchMany()`. Default 100. */
  readonly arraySize?: number;
  /** Pacing of waits after empty pages (iteration, `stream()`, `fetchAll`). */
  readonly idleBackoff?: IdleBackoffOptions;
  /** Longest the stop/delete of a cancel may take before close() gives up on it, ms. Default 10 000. */
  readonly cancelTimeoutMs?: number;
  /** Pacing of the statement polls while waiting for RUNNING. Default: the connection's poll policy (20 ms growing x1.6 to 1 s). */
  readonly readinessBackoff?: IdleBackoffOptions;
}

/** Options of `execute`. */
export interface StreamingExecuteOptions {
  readonly signal?: AbortSignal;
  /** Deadline for submission plus the wait for RUNNING, ms. On expiry the statement is cancelled per policy. */
  readonly timeoutMs?: number;
  /** Client-chosen statement name (lower-case letters, digits and `-`); default `dbapi-<uuid>`. */
  readonly statementName?: string;
  /** End-user labels (`user.confluent.io/<label>`), checked as `StatementOptions.labels` (LABELS_INVALID). */
  readonly labels?: readonly string[];
  /** Extra `spec.properties` (reserved keys refused). */
  readonly properties?: Readonly<Record<string, string | number | boolean>>;
  readonly computePoolId?: string;
  /** `sql.current-catalog` / `sql.current-database` for this statement. */
  readonly catalog?: string;
  readonly database?: string;
  /** Overrides the cursor's policy for this statement. */
  readonly onCancel?: CancelPolicy;
}

/** Options of the fetch calls: an AbortSignal and a deadline (TimeoutError `TIMEOUT`). */
export interface FetchOptions {
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}

/** Options of `stream()`. */
export interface StreamOptions {
  /** Aborting errors the stream with an AbortError and cancels per policy. */
  readonly signal?: AbortSignal;
  /**
   * Items the stream may queue ahead of the consumer. Default 1 (plus one page buffered inside
   * the cursor). 0: pages are requested only when a read is waiting (a consumer reading one row
   * causes one page request). The next page is requested only once every queued row was read.
   */
  readonly highWaterMark?: number;
  /** Overrides the cursor's policy when the stream is cancelled or aborted. */
  readonly onCancel?: CancelPolicy;
}

/**
 * Where to resume reading a statement's results: the page token of the page holding the first
 * row the consumer has not received, and how many rows of that page to skip (it received them).
 * Persist `cursor.resumePosition` after processing rows and pass it to `attach(name, position)`.
 */
export interface ResumePosition {
  /** The token to request (null: the first page). */
  readonly pageToken: string | null;
  /** Rows at the start of that page already delivered. */
  readonly skip: number;
}

/** Options of `attachStreamingCursor` / `conn.attach`. */
export interface AttachOptions extends StreamingCursorOptions {
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  /** Resume from this page token (`cursor.resumePosition.pageToken`); default: from the start. */
  readonly pageToken?: string | null;
  /** Rows at the start of the first page read to drop (`cursor.resumePosition.skip`); default 0. */
  readonly skip?: number;
}

/** A ReadableStream of results that also reports its statement and metrics and can be disposed. */
export type ResultStream<T> = ReadableStream<T> & {
  readonly statementName: string;
  /** The statement as last read (refreshed when the results end). */
  readonly statement: StatementView | null;
  readonly metrics: StreamMetrics;
  /** The cursor's resume position (rows still queued in this stream count as undelivered). */
  readonly resumePosition: ResumePosition;
  [Symbol.asyncDispose](): Promise<void>;
};

/** A decoded item plus its wire row, for the compressor. */
export interface RawItem<R> {
  readonly op: ChangeOp;
  readonly row: R;
  readonly wire: readonly unknown[];
}


/** @internal */
export interface CursorInternals<R> {
  buffered(): number;
  exhausted(): boolean;
  lastPageEmpty(): boolean;
  takeRaw(max: number): RawItem<R>[];
  fetchPage(signal?: AbortSignal, notReady?: "retry" | "return"): Promise<number>;
  idleWait(signal?: AbortSignal): Promise<void>;
  finish(): Promise<void>;
  /** Cancels reading and applies the cursor's onCancel policy (never throws). */
  cancel(): Promise<void>;
  columns(): readonly Column[];
}

