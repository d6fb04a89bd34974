/**
 * A scripted, in-memory StreamingApi for the streaming cursor's unit tests: statements with
 * phase scripts, result pages served from a queue (empty pages with a next link once the queue
 * runs dry, like an idle stream; a page with rows asked for again by its token is replayed, as a
 * gateway re-serves an offset), holdable requests that honour AbortSignals, and a call log.
 */
import { ConfluentSqlError, StatementNotFoundError } from "../../../src/errors.ts";
import type { Column } from "../../../src/types/model.ts";
import type {
  ResultsPageView,
  StatementExceptionView,
  StatementTraitsView,
  StatementView,
  StreamingApi,
  StreamingBackend,
  SubmitOptions,
} from "../../../src/client/streaming/port.ts";

export type Page =
  | { data: Array<{ op: number; row: unknown[] }>; end?: boolean }
  | { error: unknown }
  /** A 409 "not ready": returned as such with `notReady: "return"`, else retried (the next page, with its retry counted). */
  | { notReady: true }
  | { hold: true; data?: Array<{ op: number; row: unknown[] }> };

export interface FakeStatement {
  name: string;
  phase: string;
  /** Phases the next GETs move through (each GET shifts one). */
  phases: string[];
  traits: StatementTraitsView;
  detail?: string;
  /** `spec.statement`, as submitted. */
  sql?: string;
  stopRequested?: boolean;
  deleted?: boolean;
  pages: Page[];
  exceptions?: StatementExceptionView[];
  token: number;
  /** Pages with rows (and the last page) by the token that requested them: asking again replays them. */
  served?: Map<string, ResultsPageView>;
}

export interface Call {
  method: "submit" | "get" | "results" | "stop" | "delete" | "exceptions";
  name: string;
  token?: string | null;
}

export function col(name: string, type = "VARCHAR"): Column {
  return { name, type: { type: type as "VARCHAR", nullable: true, length: 2147483647 } } as unknown as Column;
}

export function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("aborted", "AbortError");
}

export class ScriptedApi implements StreamingApi {
  readonly statements = new Map<string, FakeStatement>();
  readonly calls: Call[] = [];
  inflight = 0;
  maxInflight = 0;
  /** Resolvers of held results requests. */
  readonly held: Array<() => void> = [];
  /** Template for statements created by submit. */
  nextSubmit: Partial<FakeStatement> & { traits: StatementTraitsView } = {
    traits: { sqlKind: "SELECT", isBounded: false, isAppendOnly: true, upsertColumns: null, schema: [col("a"), col("b")] },
  };
  submitted: string[] = [];
  holdSubmit = false;
  /** Makes the next submit fail with this error (the statement is not created). */
  failSubmit: unknown = undefined;
  hangStop = false;
  /** How long a stop takes to answer, ms. */
  stopDelayMs = 0;
  #counter = 0;

  add(st: Partial<FakeStatement> & { name: string; traits: StatementTraitsView }): FakeStatement {
    const full: FakeStatement = { phase: "RUNNING", phases: [], pages: [], token: 0, ...st };
    this.statements.set(st.name, full);
    return full;
  }

  view(st: FakeStatement): StatementView {
    return {
      name: st.name,
      phase: st.phase,
      detail: st.detail ?? null,
      ...(st.sql === undefined ? {} : { sql: st.sql }),
      traits: st.traits,
      stopRequested: st.stopRequested ?? false,
      raw: { status: { phase: st.phase } },
    };
  }

  #find(name: string): FakeStatement {
    const st = this.statements.get(name);
    if (st === undefined || st.deleted) {
      throw new StatementNotFoundError("STATEMENT_NOT_FOUND", `Statement '${name}' not found`, { status: 404, statementName: name, detail: "not found" });
    }
    return st;
  }

  async #track<T>(signal: AbortSignal | undefined, body: () => Promise<T>): Promise<T> {
    this.inflight++;
    this.maxInflight = Math.max(this.maxInflight, this.inflight);
    try {
      if (signal?.aborted) throw abortError(signal);
      await Promise.resolve();
      return await body();
    } finally {
      this.inflight--;
    }
  }

  submit(sql: string, options: SubmitOptions): Promise<StatementView> {
    return this.#track(options.signal, async () => {
      const name = options.statementName ?? this.newName();
      this.calls.push({ method: "submit", name });
      this.submitted.push(sql);
      if (this.failSubmit !== undefined) throw this.failSubmit;
      const st = this.add({ phase: "PENDING", phases: ["RUNNING"], ...this.nextSubmit, name, sql });
      if (this.holdSubmit) {
        // The server created it, but the answer never arrives before the caller gives up.
        await new Promise<never>((_, reject) => options.signal?.addEventListener("abort", () => reject(abortError(options.signal!)), { once: true }));
      }
      return this.view(st);
    });
  }

  get(name: string, options: { signal?: AbortSignal }): Promise<StatementView> {
    return this.#track(options.signal, async () => {
      this.calls.push({ method: "get", name });
      const st = this.#find(name);
      const next = st.phases.shift();
      if (next !== undefined) st.phase = next;
      return this.view(st);
    });
  }

  resultsPage(name: string, pageToken: string | null, options: { signal?: AbortSignal; notReady?: "retry" | "return" }): Promise<ResultsPageView> {
    return this.#track(options.signal, async () => {
      this.calls.push({ method: "results", name, token: pageToken });
      const st = this.#find(name);
      const served = (st.served ??= new Map());
      const replay = served.get(pageToken ?? "");
      if (replay !== undefined) return replay;
      let page = st.pages.shift();
      let retries = 0;
      while (page !== undefined && "notReady" in page) {
        if (options.notReady === "return") return { data: [], nextPageToken: pageToken, bytes: 80, notReady: true };
        retries++;
        page = st.pages.shift();
      }
      const next = (): string => `t${++st.token}`;
      if (page === undefined) return { data: [], nextPageToken: next(), bytes: 10 };
      if ("error" in page) throw page.error;
      if ("hold" in page) {
        await new Promise<void>((resolve, reject) => {
          this.held.push(resolve);
          options.signal?.addEventListener("abort", () => reject(abortError(options.signal!)), { once: true });
        });
        return { data: page.data ?? [], nextPageToken: next(), bytes: 10 };
      }
      const out = { data: page.data, nextPageToken: page.end ? null : next(), bytes: bodyBytes(page.data), retries };
      if (page.data.length > 0 || page.end) served.set(pageToken ?? "", out);
      return out;
    });
  }

  stop(name: string, options: { signal?: AbortSignal }): Promise<unknown> {
    return this.#track(options.signal, async () => {
      this.calls.push({ method: "stop", name });
      if (this.stopDelayMs > 0) await new Promise((r) => setTimeout(r, this.stopDelayMs));
      if (this.hangStop) {
        await new Promise<never>((_, reject) => options.signal?.addEventListener("abort", () => reject(abortError(options.signal!)), { once: true }));
      }
      const st = this.#find(name);
      st.stopRequested = true;
      if (st.phase !== "COMPLETED" && st.phase !== "FAILED") st.phase = "STOPPED";
      return this.view(st);
    });
  }

  delete(name: string, options: { signal?: AbortSignal }): Promise<unknown> {
    return this.#track(options.signal, async () => {
      this.calls.push({ method: "delete", name });
      const st = this.#find(name);
      st.deleted = true;
      return undefined;
    });
  }

  exceptions(name: string, options: { signal?: AbortSignal }): Promise<readonly StatementExceptionView[]> {
    return this.#track(options.signal, async () => {
      this.calls.push({ method: "exceptions", name });
      return this.#find(name).exceptions ?? [];
    });
  }

  /** A new statement name, like the client's `dbapi-<uuid>` default. */
  newName(): string {
    return `stmt-${++this.#counter}`;
  }

  count(method: Call["method"]): number {
    return this.calls.filter((c) => c.method === method).length;
  }
}

/** A backend over the scripted API with an identity decoder (wire rows as they are). */
export function backendOf(api: StreamingApi, extra: Partial<StreamingBackend> = {}): StreamingBackend {
  return {
    api,
    ...(api instanceof ScriptedApi ? { statementName: () => api.newName() } : {}),
    decoder: (columns) => ({
      toArray: (row) => [...row],
      toObject: (row) => Object.fromEntries(columns.map((c, i) => [c.name, row[i]])),
    }),
    substitute: (sql, params) => {
      const values = Array.isArray(params) ? params : [];
      let i = 0;
      return sql.replace(/%s/g, () => `'${String(values[i++])}'`);
    },
    ...extra,
  };
}

/** The size the fake reports for a page: its rows as JSON (a real body adds its envelope). */
export function bodyBytes(data: ReadonlyArray<{ op: number; row: readonly unknown[] }>): number {
  return JSON.stringify(data).length;
}

export function rows(...rs: unknown[][]): Array<{ op: number; row: unknown[] }> {
  return rs.map((row) => ({ op: 0, row }));
}

export function ops(...evs: Array<[number, unknown[]]>): Array<{ op: number; row: unknown[] }> {
  return evs.map(([op, row]) => ({ op, row }));
}

export { ConfluentSqlError };
