/**
 * The `reportsSend` / `onSend` contract of a StreamingBackend: a backend that reports when its
 * create request leaves lets a cancel that comes earlier send nothing (no stop, no delete, no
 * ownership GET); once it reported, or for a backend that does not report, a cancel during the
 * submit stops or deletes the name as before.
 */
import { describe, expect, it } from "vitest";
import { StreamingCursor } from "../../../src/client/streaming/cursor.ts";
import type { StreamingApi, SubmitOptions } from "../../../src/client/streaming/port.ts";
import { abortError, backendOf, ScriptedApi } from "./scripted-api.ts";

const fast = { readinessBackoff: { initialMs: 1, maxMs: 4, jitter: 0 }, idleBackoff: { initialMs: 1, maxMs: 4, jitter: 0 } };

/**
 * `api` with `reportsSend`; its submit waits (as for a bearer token) until `send()` is called,
 * then reports the send and creates the statement, or rejects when aborted first.
 */
function reporting(api: ScriptedApi, reportsSend: boolean): { backend: StreamingApi; submitStarted: Promise<void>; send: () => void } {
  let started!: () => void;
  const submitStarted = new Promise<void>((r) => (started = r));
  let send!: () => void;
  const sendGate = new Promise<void>((r) => (send = r));
  const backend: StreamingApi = {
    reportsSend,
    submit: (sql: string, o: SubmitOptions) =>
      new Promise((resolve, reject) => {
        started();
        o.signal?.addEventListener("abort", () => reject(abortError(o.signal!)), { once: true });
        void sendGate.then(() => {
          if (o.signal?.aborted) return;
          o.onSend?.();
          api.submit(sql, o).then(resolve, reject);
        });
      }),
    get: (name, o) => api.get(name, o),
    resultsPage: (name, token, o) => api.resultsPage(name, token, o),
    stop: (name, o) => api.stop(name, o),
    delete: (name, o) => api.delete(name, o),
  };
  return { backend, submitStarted, send };
}

describe("a backend that reports its sends", () => {
  it("a close() before the send sends nothing, for every policy and a caller-chosen name", async () => {
    for (const onCancel of ["stop", "delete"] as const) {
      for (const statementName of [undefined, "my-feed"]) {
        const api = new ScriptedApi();
        const { backend, submitStarted } = reporting(api, true);
        const cur = new StreamingCursor(backendOf(backend, { statementName: () => "stmt-1" }), { ...fast, onCancel });
        const executing = cur.execute("SELECT 1", undefined, { statementName }).catch((e: unknown) => e);
        await submitStarted;
        await cur.close();
        expect(await executing).toMatchObject({ code: "CURSOR_CLOSED", statementName: statementName ?? "stmt-1" });
        expect(api.calls).toEqual([]);
        expect(cur.cancelError).toBeUndefined();
      }
    }
  });

  it("an abort after the send still stops the statement it created", async () => {
    const api = new ScriptedApi();
    api.holdSubmit = true;
    const { backend, submitStarted, send } = reporting(api, true);
    const cur = new StreamingCursor(backendOf(backend, { statementName: () => "stmt-1" }), fast);
    const ac = new AbortController();
    const executing = cur.execute("SELECT 1", undefined, { signal: ac.signal }).catch((e: unknown) => e);
    await submitStarted;
    send();
    while (api.calls.length === 0) await new Promise((r) => setTimeout(r, 1));
    ac.abort();
    expect(await executing).toMatchObject({ code: "ABORTED", statementName: "stmt-1" });
    expect(api.calls.map((c) => `${c.method} ${c.name}`)).toEqual(["submit stmt-1", "stop stmt-1"]);
    expect(api.statements.get("stmt-1")!.phase).toBe("STOPPED");
  });

  it("a submit that resolves without reporting still counts as sent: a later close() stops the statement", async () => {
    const api = new ScriptedApi();
    const forgetful: StreamingApi = {
      reportsSend: true,
      submit: (sql, o) => api.submit(sql, o), // never calls o.onSend
      get: (name, o) => api.get(name, o),
      resultsPage: (name, token, o) => api.resultsPage(name, token, o),
      stop: (name, o) => api.stop(name, o),
      delete: (name, o) => api.delete(name, o),
    };
    const cur = new StreamingCursor(backendOf(forgetful, { statementName: () => "stmt-1" }), fast);
    await cur.execute("SELECT 1");
    await cur.close();
    expect(api.calls.filter((c) => c.method !== "get" && c.method !== "results").map((c) => `${c.method} ${c.name}`)).toEqual(["submit stmt-1", "stop stmt-1"]);
    expect(api.statements.get("stmt-1")!.phase).toBe("STOPPED");
  });
});

describe("a backend that does not report its sends", () => {
  it("a close() during the submit stops the name (it may have been created)", async () => {
    const api = new ScriptedApi();
    const { backend, submitStarted } = reporting(api, false);
    const cur = new StreamingCursor(backendOf(backend, { statementName: () => "stmt-1" }), fast);
    const executing = cur.execute("SELECT 1").catch((e: unknown) => e);
    await submitStarted;
    await cur.close();
    expect(await executing).toMatchObject({ code: "CURSOR_CLOSED" });
    // The fake never created it, so the stop answers 404, which counts as done.
    expect(api.calls.map((c) => `${c.method} ${c.name}`)).toEqual(["stop stmt-1"]);
    expect(cur.cancelError).toBeUndefined();
  });

  it("an already-aborted signal still sends nothing: submit is not called", async () => {
    const api = new ScriptedApi();
    const cur = new StreamingCursor(backendOf(api), fast);
    const e = await cur.execute("SELECT 1", undefined, { signal: AbortSignal.abort() }).catch((x: unknown) => x);
    await cur.close();
    expect(e).toMatchObject({ code: "ABORTED" });
    expect(api.calls).toEqual([]);
  });
});
