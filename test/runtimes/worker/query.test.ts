/** POST /api/query with fake cursors: message format, backpressure, limit, timeout, cancel. */
import { describe, expect, it } from "vitest";
import {
  columnsOf,
  handleQuery,
  messageStream,
  parseQueryRequest,
  type QueryConnection,
  type RowSource,
} from "../../../src/worker/query.ts";

function lines(text: string): unknown[] {
  return text
    .split("\n")
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l));
}

/** A source of `n` rows that counts how many were pulled and whether it was cancelled. */
function countingSource(n: number): RowSource & { pulled: number; cancelled: boolean } {
  const s = {
    pulled: 0,
    cancelled: false,
    async next() {
      if (s.pulled >= n) return { done: true as const };
      s.pulled++;
      return { done: false as const, value: [s.pulled, 10n * BigInt(s.pulled)] };
    },
    async cancel() {
      s.cancelled = true;
    },
  };
  return s;
}

const head = { type: "columns" as const, columns: [{ name: "id", type: "INT" }], mode: "snapshot", changelog: false, statement: "s-1" };

describe("parseQueryRequest", () => {
  it("defaults mode to snapshot and validates fields", () => {
    expect(parseQueryRequest({ sql: "SELECT 1" })).toEqual({ sql: "SELECT 1", mode: "snapshot" });
    expect(parseQueryRequest({ sql: "x", mode: "streaming", params: [1], limit: 5, timeoutMs: 100 })).toEqual({
      sql: "x",
      mode: "streaming",
      params: [1],
      limit: 5,
      timeoutMs: 100,
    });
    expect(parseQueryRequest(null)).toEqual({ error: "body must be a JSON object" });
    expect(parseQueryRequest({ sql: " " })).toMatchObject({ error: expect.stringContaining("sql") });
    expect(parseQueryRequest({ sql: "x", mode: "batch" })).toMatchObject({ error: expect.stringContaining("mode") });
    expect(parseQueryRequest({ sql: "x", limit: 0 })).toMatchObject({ error: expect.stringContaining("limit") });
    expect(parseQueryRequest({ sql: "x", timeoutMs: 1.5 })).toMatchObject({ error: expect.stringContaining("timeoutMs") });
    expect(parseQueryRequest({ sql: "x", params: { a: 1 } })).toMatchObject({ error: expect.stringContaining("params") });
    expect(parseQueryRequest({ sql: "x", heartbeatMs: 50 })).toMatchObject({ error: expect.stringContaining("heartbeatMs") });
    expect(parseQueryRequest({ sql: "x", heartbeatMs: 500 })).toEqual({ sql: "x", mode: "snapshot", heartbeatMs: 500 });
  });
});

describe("columnsOf", () => {
  it("reads tuple and object descriptions", () => {
    expect(columnsOf([["a", "INTEGER"]])).toEqual([{ name: "a", type: "INTEGER" }]);
    expect(columnsOf([{ name: "b", typeCode: "DECIMAL", type: { kind: "DECIMAL" } }], () => "DECIMAL(10, 2)")).toEqual([
      { name: "b", type: "DECIMAL(10, 2)" },
    ]);
    expect(columnsOf([{ name: "c", typeCode: "DECIMAL", typeName: "DECIMAL(5, 1)", type: {} }], () => "wrong")).toEqual([{ name: "c", type: "DECIMAL(5, 1)" }]);
    expect(columnsOf(null)).toEqual([]);
  });
});

describe("messageStream", () => {
  it("writes the head, one line per row (bigint as string) and the end", async () => {
    const src = countingSource(3);
    const text = await new Response(messageStream(head, src, { format: "ndjson", changelog: false })).text();
    expect(lines(text)).toEqual([
      head,
      { type: "row", row: [1, "10"] },
      { type: "row", row: [2, "20"] },
      { type: "row", row: [3, "30"] },
      { type: "end", rows: 3, reason: "completed" },
    ]);
    expect(src.cancelled).toBe(true);
  });

  it("pulls rows only as the reader asks for them (backpressure)", async () => {
    const src = countingSource(1000);
    const reader = messageStream(head, src, { format: "ndjson", changelog: false }).getReader();
    await reader.read(); // head
    await reader.read(); // row 1
    await new Promise((r) => setTimeout(r, 20));
    expect(src.pulled).toBeLessThanOrEqual(2);
    await reader.cancel();
    expect(src.cancelled).toBe(true);
  });

  it("stops at the limit and cancels the source", async () => {
    const src = countingSource(1000);
    const out = lines(await new Response(messageStream(head, src, { format: "ndjson", changelog: false, limit: 2 })).text());
    expect(out.at(-1)).toEqual({ type: "end", rows: 2, reason: "limit" });
    expect(out).toHaveLength(4);
    expect(src.cancelled).toBe(true);
  });

  it("ends with reason timeout when the source is idle past the deadline", async () => {
    let cancelled = false;
    const idle: RowSource = {
      next: () => new Promise(() => {}),
      async cancel() {
        cancelled = true;
      },
    };
    const out = lines(await new Response(messageStream(head, idle, { format: "ndjson", changelog: false, timeoutMs: 30 })).text());
    expect(out).toEqual([head, { type: "end", rows: 0, reason: "timeout" }]);
    expect(cancelled).toBe(true);
  });

  it("writes heartbeats while idle without losing the pending row, and stops on abort", async () => {
    let release: ((v: { done: false; value: unknown }) => void) | undefined;
    let calls = 0;
    let cancelled = false;
    const slow: RowSource = {
      next() {
        calls++;
        return new Promise((r) => (release = r));
      },
      async cancel() {
        cancelled = true;
      },
    };
    const abort = new AbortController();
    const waited: Promise<unknown>[] = [];
    const reader = messageStream(head, slow, { format: "ndjson", changelog: false, heartbeatMs: 10, signal: abort.signal, waitUntil: (p) => waited.push(p) }).getReader();
    const decode = async () => JSON.parse(new TextDecoder().decode((await reader.read()).value));
    expect(await decode()).toEqual(head);
    expect(await decode()).toEqual({ type: "heartbeat" });
    expect(await decode()).toEqual({ type: "heartbeat" });
    release?.({ done: false, value: [7] });
    expect(await decode()).toEqual({ type: "row", row: [7] });
    expect(calls).toBe(1); // one read for the row, kept across heartbeats
    abort.abort();
    expect(await reader.read()).toEqual({ done: true, value: undefined });
    await Promise.all(waited);
    expect(waited).toHaveLength(1);
    expect(cancelled).toBe(true);
  });

  it("frames SSE heartbeats as comments", async () => {
    const idle: RowSource = { next: () => new Promise(() => {}), cancel: async () => {} };
    const reader = messageStream(head, idle, { format: "sse", changelog: false, heartbeatMs: 10 }).getReader();
    await reader.read();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe(": heartbeat\n\n");
    await reader.cancel();
  });

  it("reports a failure after rows as the last message", async () => {
    let i = 0;
    const failing: RowSource = {
      async next() {
        if (i++ === 0) return { done: false, value: [1] };
        throw Object.assign(new Error("statement stopped elsewhere"), { name: "StatementStoppedError", code: "STATEMENT_STOPPED" });
      },
      async cancel() {},
    };
    const out = lines(await new Response(messageStream(head, failing, { format: "ndjson", changelog: false })).text());
    expect(out.at(-1)).toEqual({
      type: "error",
      error: { name: "StatementStoppedError", code: "STATEMENT_STOPPED", message: "statement stopped elsewhere" },
    });
  });

  it("writes change events and SSE framing", async () => {
    let i = 0;
    const events = [
      { op: "+I", row: ["a", 1] },
      { op: "-U", row: ["a", 1] },
      { op: "+U", row: ["a", 2] },
    ];
    const src: RowSource = {
      async next() {
        const e = events[i++];
        return e === undefined ? { done: true } : { done: false, value: e };
      },
      async cancel() {},
    };
    const text = await new Response(messageStream({ ...head, changelog: true }, src, { format: "sse", changelog: true })).text();
    const blocks = text.split("\n\n").filter((b) => b.length > 0);
    expect(blocks[0]).toMatch(/^event: columns\ndata: \{/);
    expect(blocks[2]).toBe(`event: change\ndata: ${JSON.stringify({ type: "change", op: "-U", row: ["a", 1] })}`);
    expect(blocks.at(-1)).toMatch(/^event: end\n/);
  });
});

/** A fake connection whose cursors record what happened. */
function fakeConnection(opts: { fail?: Error; rows?: unknown[][]; events?: unknown[] }) {
  const log: string[] = [];
  const conn: QueryConnection = {
    cursor() {
      let rows = [...(opts.rows ?? [])];
      return {
        description: [["id", "INTEGER"]],
        statementName: "snap-1",
        async execute(sql: string, params?: readonly unknown[]) {
          log.push(`execute ${sql} ${JSON.stringify(params ?? null)}`);
          if (opts.fail) throw opts.fail;
        },
        async fetchMany(n = 1) {
          const out = rows.slice(0, n);
          rows = rows.slice(n);
          return out;
        },
        async close() {
          log.push("close");
        },
      };
    },
    streamingCursor() {
      let i = 0;
      return {
        description: [{ name: "k", typeCode: "STRING" }, { name: "c", typeCode: "BIGINT" }],
        statementName: "stream-1",
        returnsChangelog: true,
        async execute(sql: string) {
          log.push(`execute-streaming ${sql}`);
          if (opts.fail) throw opts.fail;
        },
        stream() {
          return new ReadableStream({
            pull(controller) {
              const e = (opts.events ?? [])[i++];
              if (e === undefined) return new Promise(() => {}); // unbounded: no more rows yet
              controller.enqueue(e);
            },
            cancel() {
              log.push("stream-cancel");
            },
          });
        },
        async close() {
          log.push("close");
        },
      };
    },
  };
  return { conn, log };
}

const post = (body: unknown, accept?: string) =>
  new Request("http://w/api/query", { method: "POST", body: JSON.stringify(body), headers: accept ? { accept } : {} });

describe("handleQuery", () => {
  it("answers a snapshot as NDJSON and closes the cursor", async () => {
    const { conn, log } = fakeConnection({ rows: [[1], [2]] });
    const res = await handleQuery(post({ sql: "SELECT %s", params: [7] }), conn);
    expect(res.headers.get("content-type")).toContain("application/x-ndjson");
    expect(lines(await res.text())).toEqual([
      { type: "columns", columns: [{ name: "id", type: "INTEGER" }], mode: "snapshot", changelog: false, statement: "snap-1" },
      { type: "row", row: [1] },
      { type: "row", row: [2] },
      { type: "end", rows: 2, reason: "completed" },
    ]);
    expect(log).toEqual(["execute SELECT %s [7]", "close"]);
  });

  it("streams change events and stops the statement when the client disconnects", async () => {
    const { conn, log } = fakeConnection({ events: [{ op: "+I", row: ["a", 1n] }] });
    const res = await handleQuery(post({ sql: "SELECT k, COUNT(*) ...", mode: "streaming" }), conn);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    const first = JSON.parse(decoder.decode((await reader.read()).value));
    expect(first).toMatchObject({ type: "columns", changelog: true, statement: "stream-1", columns: [{ name: "k", type: "STRING" }, { name: "c", type: "BIGINT" }] });
    expect(JSON.parse(decoder.decode((await reader.read()).value))).toEqual({ type: "change", op: "+I", row: ["a", "1"] });
    await reader.cancel();
    expect(log).toEqual(["execute-streaming SELECT k, COUNT(*) ...", "stream-cancel", "close"]);
  });

  it("answers a failed statement with 400 and its code, before any stream", async () => {
    const fail = Object.assign(new Error("SQL parse failed"), { name: "StatementFailedError", code: "STATEMENT_FAILED", detail: "Encountered SELEC", statementName: "s-9" });
    const { conn, log } = fakeConnection({ fail });
    const res = await handleQuery(post({ sql: "SELEC 1" }), conn);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: { name: "StatementFailedError", code: "STATEMENT_FAILED", message: "SQL parse failed", detail: "Encountered SELEC", statementName: "s-9" },
    });
    expect(log).toEqual(["execute SELEC 1 null", "close"]);
  });

  it("rejects malformed bodies with 400", async () => {
    const { conn } = fakeConnection({});
    expect((await handleQuery(new Request("http://w/api/query", { method: "POST", body: "{" }), conn)).status).toBe(400);
    expect((await handleQuery(post({ mode: "snapshot" }), conn)).status).toBe(400);
  });

  it("uses SSE when asked", async () => {
    const { conn } = fakeConnection({ rows: [[1]] });
    const res = await handleQuery(post({ sql: "SELECT 1" }, "text/event-stream"), conn);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    expect(await res.text()).toMatch(/^event: columns\n/);
  });
});
