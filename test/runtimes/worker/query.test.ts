/** POST /api/query with fake cursors: message format, backpressure, limit, timeout, cancel. */
import { describe, expect, it } from "vitest";
import { fakeConnection } from "./fakes.ts";
import {
  columnsOf,
  handleQuery,
  messageStream,
  parseQueryRequest,
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
      errors: [{ id: expect.any(String), status: "502", code: "STATEMENT_STOPPED", title: "StatementStoppedError", detail: "statement stopped elsewhere" }],
    });
  });

  it("ends a stream whose reader stops taking data, and keeps the clean-up registered until then", async () => {
    // A reader that takes the head and one row, then nothing: what workerd does after the socket
    // is gone (no pull, no cancel, no abort).
    const src = countingSource(1000);
    let finishedAt = 0;
    const waited: Promise<unknown>[] = [];
    const stream = messageStream(head, src, {
      format: "ndjson",
      changelog: false,
      heartbeatMs: 100,
      waitUntil: (p) => waited.push(p),
      onFinish: async () => {
        finishedAt = Date.now();
      },
    });
    expect(waited).toHaveLength(1); // registered up front, before the client can vanish
    const reader = stream.getReader();
    await reader.read();
    await reader.read();
    const stalledAt = Date.now();
    await waited[0];
    expect(src.cancelled).toBe(true);
    expect(src.pulled).toBeLessThanOrEqual(2);
    expect(finishedAt - stalledAt).toBeGreaterThanOrEqual(250); // 3 heartbeats, give or take a timer tick
    // A reader that comes back learns why the stream ended.
    const rest: unknown[] = [];
    for (let r = await reader.read(); !r.done; r = await reader.read()) rest.push(...lines(new TextDecoder().decode(r.value)));
    expect(rest.at(-1)).toMatchObject({ type: "error", errors: [{ status: "408", code: "CLIENT_STALLED" }] });
  });

  it("does not count a slow statement as a stalled reader", async () => {
    // The reader keeps reading while the source takes 4 heartbeats per row: heartbeats fill the gap.
    let n = 0;
    let cancelled = false;
    const slow: RowSource = {
      next: () => new Promise((r) => setTimeout(() => r(n++ < 2 ? { done: false, value: [n] } : { done: true }), 200)),
      async cancel() {
        cancelled = true;
      },
    };
    const out = lines(await new Response(messageStream(head, slow, { format: "ndjson", changelog: false, heartbeatMs: 50 })).text());
    expect(out.filter((m) => (m as { type: string }).type !== "heartbeat")).toEqual([
      head,
      { type: "row", row: [1] },
      { type: "row", row: [2] },
      { type: "end", rows: 2, reason: "completed" },
    ]);
    expect(cancelled).toBe(true);
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
    const body = (await res.json()) as { errors: Array<{ id: string }> };
    expect(body).toEqual({
      errors: [
        {
          id: expect.any(String),
          status: "400",
          code: "STATEMENT_FAILED",
          title: "StatementFailedError",
          detail: "SQL parse failed: Encountered SELEC",
          statement: "s-9",
        },
      ],
    });
    expect(res.headers.get("x-request-id")).toBe(body.errors[0]?.id);
    expect(log).toEqual(["execute SELEC 1 null", "close"]);
  });

  it("answers an upstream failure with 502 and a timeout with 504, in the same shape", async () => {
    const cases: Array<[Error, string, string]> = [
      [Object.assign(new Error("GET /statements failed with HTTP 500"), { name: "OperationalError", code: "SERVER_ERROR" }), "502", "SERVER_ERROR"],
      [Object.assign(new Error("deadline"), { name: "OperationalError", code: "TIMEOUT" }), "504", "TIMEOUT"],
      [new Error("no code at all"), "502", "INTERNAL_ERROR"],
    ];
    for (const [fail, status, code] of cases) {
      const res = await handleQuery(post({ sql: "SELECT 1" }), fakeConnection({ fail }).conn);
      expect(String(res.status)).toBe(status);
      expect(await res.json()).toMatchObject({ errors: [{ status, code, detail: fail.message }] });
    }
  });

  it("rejects malformed bodies with 400 INVALID_QUERY_REQUEST", async () => {
    const { conn } = fakeConnection({});
    for (const req of [new Request("http://w/api/query", { method: "POST", body: "{" }), post({ mode: "snapshot" })]) {
      const res = await handleQuery(req, conn);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ errors: [{ status: "400", code: "INVALID_QUERY_REQUEST", detail: expect.stringMatching(/JSON|sql/) }] });
    }
  });

  it("runs onDone once: after the stream's clean-up, or before an error answer", async () => {
    const { conn, log } = fakeConnection({ rows: [[1]] });
    const onDone = async () => {
      log.push("done");
    };
    await (await handleQuery(post({ sql: "SELECT 1" }), conn, { onDone })).text();
    expect(log).toEqual(["execute SELECT 1 null", "close", "done"]);
    log.length = 0;
    await handleQuery(post({ sql: 1 }), conn, { onDone });
    expect(log).toEqual(["done"]);
    const failing = fakeConnection({ fail: Object.assign(new Error("x"), { name: "StatementFailedError", code: "STATEMENT_FAILED" }) });
    await handleQuery(post({ sql: "SELEC" }), failing.conn, { onDone: async () => void failing.log.push("done") });
    expect(failing.log).toEqual(["execute SELEC null", "close", "done"]);
  });

  it("uses SSE when asked", async () => {
    const { conn } = fakeConnection({ rows: [[1]] });
    const res = await handleQuery(post({ sql: "SELECT 1" }, "text/event-stream"), conn);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    expect(await res.text()).toMatch(/^event: columns\n/);
  });
});
