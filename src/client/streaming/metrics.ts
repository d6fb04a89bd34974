/**
 * Counters every streaming cursor and stream keeps, so users can see what a stream costs
 * (requests, bytes) and how it behaves (empty pages, waits, time to first row).
 *
 * Times come from an injectable clock (default `performance.now()` when present, else Date.now()).
 */

/** A read-only view of the counters. */
export interface StreamMetrics {
  /** Result pages received (empty or not). */
  readonly pages: number;
  /** Pages that held no rows. */
  readonly emptyPages: number;
  /** Changelog rows received from the server. */
  readonly rows: number;
  /** Rows (or events) handed to the consumer. */
  readonly rowsDelivered: number;
  /** Response bytes of the result pages that arrived (the statements API's count). */
  readonly bytes: number;
  /**
   * Requests this cursor made, failed ones included: the create POST, statement reads (polls
   * while waiting for RUNNING, re-reads at the end of results), the exceptions list, stop or
   * delete, and result pages with each retry inside a page request (409 not ready, 5xx).
   */
  readonly requests: number;
  /** Retries inside result page requests (409 not ready, 429, 5xx, network), as the API reports them. */
  readonly retries: number;
  /** Time spent inside result page requests, ms. */
  readonly requestMs: number;
  /**
   * Time spent in deliberate pauses, ms: between statement polls while waiting for RUNNING,
   * and after empty pages (idle backoff). The planned pause is counted once it has elapsed;
   * an aborted pause, retry backoffs inside requests and request time are not.
   */
  readonly waitMs: number;
  /** Number of those pauses. */
  readonly waits: number;
  /** From the call to execute (or attach) to the first row received, ms; null before it. */
  readonly timeToFirstRowMs: number | null;
  /** Average rows per page. */
  readonly avgRowsPerPage: number;
}

const now: () => number =
  typeof performance !== "undefined" && typeof performance.now === "function" ? () => performance.now() : () => Date.now();

/** The mutable side, owned by one cursor. */
export class MetricsRecorder implements StreamMetrics {
  pages = 0;
  emptyPages = 0;
  rows = 0;
  rowsDelivered = 0;
  bytes = 0;
  requests = 0;
  retries = 0;
  requestMs = 0;
  waitMs = 0;
  waits = 0;
  timeToFirstRowMs: number | null = null;
  #startedAt: number;
  readonly #clock: () => number;

  constructor(clock: () => number = now) {
    this.#clock = clock;
    this.#startedAt = clock();
  }

  get avgRowsPerPage(): number {
    return this.pages === 0 ? 0 : this.rows / this.pages;
  }

  /** Current time on this recorder's clock. */
  now(): number {
    return this.#clock();
  }

  /** Restart the time-to-first-row clock (a new execute). */
  start(): void {
    this.#startedAt = this.#clock();
    this.timeToFirstRowMs = null;
  }

  /** One page arrived after a request that started at `startedAt`. */
  page(rows: number, bytes: number, startedAt: number, retries = 0): void {
    const t = this.#clock();
    this.pages++;
    this.requests += 1 + retries;
    this.retries += retries;
    this.requestMs += t - startedAt;
    this.rows += rows;
    this.bytes += bytes;
    if (rows === 0) this.emptyPages++;
    else if (this.timeToFirstRowMs === null) this.timeToFirstRowMs = t - this.#startedAt;
  }

  /** A request that did not produce a page (statement read, failed or not-ready page). */
  request(startedAt?: number, retries = 0): void {
    this.requests += 1 + retries;
    this.retries += retries;
    if (startedAt !== undefined) this.requestMs += this.#clock() - startedAt;
  }

  /** A deliberate pause of `ms` (poll for RUNNING, idle backoff). */
  waited(ms: number): void {
    this.waits++;
    this.waitMs += ms;
  }

  /** A frozen copy, safe to log or JSON.stringify. */
  snapshot(): StreamMetrics {
    return Object.freeze({
      pages: this.pages,
      emptyPages: this.emptyPages,
      rows: this.rows,
      rowsDelivered: this.rowsDelivered,
      bytes: this.bytes,
      requests: this.requests,
      retries: this.retries,
      requestMs: this.requestMs,
      waitMs: this.waitMs,
      waits: this.waits,
      timeToFirstRowMs: this.timeToFirstRowMs,
      avgRowsPerPage: this.avgRowsPerPage,
    });
  }

  toJSON(): StreamMetrics {
    return this.snapshot();
  }
}
