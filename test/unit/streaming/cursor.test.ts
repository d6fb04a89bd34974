import { describe, expect, it } from "vitest";
import { attachStreamingCursor, StreamingCursor } from "../../../src/client/streaming/cursor.ts";
import type { StreamingCursorOptions } from "../../../src/client/streaming/types.ts";
import { ndjsonEncoder, toResponse } from "../../../src/client/streaming/encoders.ts";
import { materializeChanges } from "../../../src/client/streaming/materialize.ts";
import type { ChangeEvent } from "../../../src/client/streaming/ops.ts";
import { AbortError, NotSupportedError, StatementFailedError, StatementNotFoundError, StatementStoppedError } from "../../../src/errors.ts";
import { backendOf, bodyBytes, col, ops, rows, ScriptedApi } from "./scripted-api.ts";

const fast: StreamingCursorOptions = {
  idleBackoff: { initialMs: 1, maxMs: 4, jitter: 0 },
  readinessBackoff: { initialMs: 1, maxMs: 4, jitter: 0 },
};

function setup(options: StreamingCursorOptions = {}): { api: ScriptedApi; cur: StreamingCursor } {
  const api = new ScriptedApi();
  const cur = new StreamingCursor(backendOf(api), { ...fast, ...options });
  return { api, cur };
}

const st = (api: ScriptedApi, name = "stmt-1") => api.statements.get(name)!;
const changelogTraits = (upsert: number[] | null) => ({
  sqlKind: "SELECT",
  isBounded: false,
  isAppendOnly: false,
  upsertColumns: upsert,
  schema: [col("k"), col("cnt", "BIGINT")],
});

/** Polls `cond` every 2 ms for up to 2 s (the machine may be busy); returns whether it held. */
async function eventually(cond: () => boolean): Promise<boolean> {
  for (let i = 0; i < 1000 && !cond(); i++) await new Promise((r) => setTimeout(r, 2));
  return cond();
}

/** `p`, or a rejection after `ms` (a read that never resolves fails the test instead of hanging it). */
function within<T>(p: Promise<T>, ms = 1000): Promise<T> {
  return Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms))]);
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe("execute", () => {
  it("returns once the statement is RUNNING, after polling through PENDING", async () => {
    const { api, cur } = setup();
    api.nextSubmit = { ...api.nextSubmit, phases: ["PENDING", "PENDING", "RUNNING"] };
    await cur.execute("SELECT * FROM orders WHERE id = %s", [7]);
    expect(api.submitted).toEqual(["SELECT * FROM orders WHERE id = '7'"]);
    expect(cur.statement?.phase).toBe("RUNNING");
    expect(api.count("get")).toBe(3);
    expect(api.count("results")).toBe(0);
    expect(cur.mayHaveResults).toBe(true);
    expect(cur.returnsChangelog).toBe(false);
    expect(cur.columns.map((c) => c.name)).toEqual(["a", "b"]);
  });

  it("surfaces a FAILED statement with the server detail and exceptions", async () => {
    const { api, cur } = setup();
    api.nextSubmit = {
      ...api.nextSubmit,
      phases: ["FAILED"],
      detail: "Table 'nope' not found",
      exceptions: [{ name: "ValidationException", message: "Table 'nope' not found" }],
    };
    const err = await cur.execute("SELECT * FROM nope").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StatementFailedError);
    expect(err).toMatchObject({ code: "STATEMENT_FAILED", detail: "Table 'nope' not found", statementName: "stmt-1", phase: "FAILED" });
    expect((err as StatementFailedError).exceptions).toEqual([{ name: "ValidationException", message: "Table 'nope' not found" }]);
  });

  it("a DEGRADED statement while waiting for RUNNING is STATEMENT_DEGRADED (like the snapshot cursor), and is stopped", async () => {
    const { api, cur } = setup();
    api.nextSubmit = { ...api.nextSubmit, phases: ["PENDING", "DEGRADED"], detail: "Job restarting repeatedly" };
    const err = await cur.execute("SELECT * FROM t").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StatementFailedError);
    expect(err).toMatchObject({ code: "STATEMENT_DEGRADED", phase: "DEGRADED", detail: "Job restarting repeatedly", statementName: "stmt-1" });
    expect((err as Error).message).toBe("Statement 'stmt-1' is in DEGRADED state: Job restarting repeatedly");
    // execute failed, so the caller cannot read it: cancelled per policy rather than left degraded.
    expect(api.count("stop")).toBe(1);
    expect(cur.mayHaveResults).toBe(false);
  });

  it("stops the statement when aborted during the wait for RUNNING", async () => {
    const { api, cur } = setup({ readinessBackoff: { initialMs: 5, maxMs: 5, jitter: 0 } });
    api.nextSubmit = { ...api.nextSubmit, phases: Array(1000).fill("PENDING") };
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 30);
    const err = await cur.execute("SELECT 1", undefined, { signal: ac.signal }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AbortError);
    expect((err as AbortError).code).toBe("ABORTED");
    expect(api.count("stop")).toBe(1);
    expect(api.inflight).toBe(0);
    expect(st(api).phase).toBe("STOPPED");
  });

  it("aborted while the POST is in flight, it still stops a statement created under the chosen name", async () => {
    const { api, cur } = setup();
    api.holdSubmit = true;
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 10);
    await expect(cur.execute("SELECT 1", undefined, { signal: ac.signal, statementName: "mine" })).rejects.toMatchObject({ code: "ABORTED" });
    // The name was the caller's: one GET confirmed it holds our SQL before the stop.
    expect(api.calls.map((c) => `${c.method} ${c.name}`)).toEqual(["submit mine", "get mine", "stop mine"]);
    expect(api.inflight).toBe(0);
  });

  it("close() while the POST is in flight stops the statement it creates, and execute refuses to resolve", async () => {
    const { api, cur } = setup();
    api.holdSubmit = true;
    const executing = cur.execute("SELECT 1").catch((e: unknown) => e);
    expect(await eventually(() => api.count("submit") === 1)).toBe(true);
    await expect(cur.fetchOne()).rejects.toMatchObject({ code: "NOT_EXECUTED", statementName: "stmt-1" });
    await cur.close();
    // The name was chosen before the POST, so the cancel knows what to stop; a generated name is
    // ours by construction, so no GET checks who holds it.
    expect(api.calls.map((c) => `${c.method} ${c.name}`)).toEqual(["submit stmt-1", "stop stmt-1"]);
    expect(st(api).phase).toBe("STOPPED");
    expect(api.inflight).toBe(0);
    expect(await executing).toMatchObject({ code: "CURSOR_CLOSED", statementName: "stmt-1" });
    expect(cur.closed).toBe(true);
  });

  it("conn.close() during the POST cancels per policy (delete) once the POST settles", async () => {
    const api = new ScriptedApi();
    const closers = new Set<() => Promise<void>>();
    const backend = backendOf(api, { onClose: (c) => (closers.add(c), () => closers.delete(c)) });
    const cur = new StreamingCursor(backend, { ...fast, onCancel: "delete" });
    api.holdSubmit = true;
    const executing = cur.execute("SELECT 1").catch((e: unknown) => e);
    expect(await eventually(() => api.count("submit") === 1)).toBe(true);
    await Promise.all([...closers].map((c) => c())); // what Connection.close() does
    expect(api.calls.filter((c) => c.method === "delete").map((c) => c.name)).toEqual(["stmt-1"]);
    expect(st(api).deleted).toBe(true);
    expect(await executing).toMatchObject({ code: "CURSOR_CLOSED" });
    expect(api.inflight).toBe(0);
  });

  it("a submit that answers after close() does not resolve execute on the closed cursor", async () => {
    const api = new ScriptedApi();
    // A backend that ignores the abort and answers anyway (the server created it).
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const submit = api.submit.bind(api);
    api.submit = async (sql, o) => {
      const view = await submit(sql, { ...o, signal: undefined });
      await gate;
      return view;
    };
    const cur = new StreamingCursor(backendOf(api), fast);
    const executing = cur.execute("SELECT 1").catch((e: unknown) => e);
    expect(await eventually(() => api.count("submit") === 1)).toBe(true);
    const closing = cur.close();
    release();
    await closing;
    expect(await executing).toMatchObject({ code: "CURSOR_CLOSED" });
    expect(api.count("stop")).toBe(1);
    expect(st(api).phase).toBe("STOPPED");
  });

  it("a failed submit (name taken) leaves the other statement alone", async () => {
    const { api, cur } = setup();
    api.failSubmit = Object.assign(new Error("taken"), { code: "STATEMENT_NAME_TAKEN" });
    await expect(cur.execute("SELECT 1", undefined, { statementName: "theirs" })).rejects.toMatchObject({ code: "STATEMENT_NAME_TAKEN" });
    await cur.close();
    expect(api.count("stop") + api.count("delete")).toBe(0);
  });

  it("a cancel during the POST of a caller-chosen name held by another job leaves that job alone", async () => {
    for (const how of ["abort", "close", "timeout"] as const) {
      for (const onCancel of ["stop", "delete"] as const) {
        const { api, cur } = setup({ onCancel });
        const theirs = api.add({ name: "nightly-etl", phase: "RUNNING", sql: "INSERT INTO sink SELECT * FROM src", stopRequested: false, traits: api.nextSubmit.traits });
        // The POST would be refused (409, the name is taken), but the caller gives up before the answer.
        api.submit = (_sql, o) => {
          api.calls.push({ method: "submit", name: o.statementName ?? "?" });
          return new Promise((_, reject) => o.signal?.addEventListener("abort", () => reject(o.signal!.reason), { once: true }));
        };
        const ac = new AbortController();
        const executing = cur
          .execute("SELECT 1", undefined, { statementName: "nightly-etl", signal: ac.signal, ...(how === "timeout" ? { timeoutMs: 20 } : {}) })
          .catch((e: unknown) => e);
        expect(await eventually(() => api.count("submit") === 1)).toBe(true);
        if (how === "abort") ac.abort();
        if (how === "close") await cur.close();
        expect(await executing).toMatchObject({ code: how === "abort" ? "ABORTED" : how === "close" ? "CURSOR_CLOSED" : "TIMEOUT" });
        await cur.close();
        // One GET saw another statement's SQL under the name: nothing was stopped or deleted.
        expect(api.calls.map((c) => c.method)).toEqual(["submit", "get"]);
        expect(theirs).toMatchObject({ phase: "RUNNING", stopRequested: false });
        expect(theirs.deleted).toBeUndefined();
        expect(api.inflight).toBe(0);
      }
    }
  });

  it("a cancel during the POST of a caller-chosen name the server never created sends no stop or delete", async () => {
    const { api, cur } = setup();
    api.submit = (_sql, o) => {
      api.calls.push({ method: "submit", name: o.statementName ?? "?" });
      return new Promise((_, reject) => o.signal?.addEventListener("abort", () => reject(o.signal!.reason), { once: true }));
    };
    const executing = cur.execute("SELECT 1", undefined, { statementName: "never-made" }).catch((e: unknown) => e);
    expect(await eventually(() => api.count("submit") === 1)).toBe(true);
    await cur.close();
    expect(await executing).toMatchObject({ code: "CURSOR_CLOSED" });
    expect(api.calls.map((c) => `${c.method} ${c.name}`)).toEqual(["submit never-made", "get never-made"]);
    expect(cur.cancelError).toBeUndefined();
  });

  it("deletes instead when onCancel is delete, and times out with TIMEOUT", async () => {
    const { api, cur } = setup({ onCancel: "delete", readinessBackoff: { initialMs: 5, maxMs: 5, jitter: 0 } });
    api.nextSubmit = { ...api.nextSubmit, phases: Array(1000).fill("PENDING") };
    const err = await cur.execute("SELECT 1", undefined, { timeoutMs: 25 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "TIMEOUT" });
    expect(api.count("delete")).toBe(1);
    expect(api.count("stop")).toBe(0);
  });

  it("returns at RUNNING for streaming DDL (INSERT INTO ... SELECT) and leaves it running", async () => {
    const { api, cur } = setup();
    api.nextSubmit = { phases: ["RUNNING"], traits: { sqlKind: "INSERT_INTO", isBounded: false, isAppendOnly: true, upsertColumns: null, schema: null } };
    await cur.execute("INSERT INTO t SELECT * FROM s");
    expect(cur.statement?.phase).toBe("RUNNING");
    expect(cur.mayHaveResults).toBe(false);
    await expect(cur.fetchOne()).rejects.toMatchObject({ code: "NO_RESULTS" });
    await cur.close();
    expect(st(api).phase).toBe("RUNNING");
    expect(api.count("stop")).toBe(0);
  });

  it("returns at RUNNING for a streaming CTAS even when reported bounded (Flink FSE-1021), and leaves it running", async () => {
    const { api, cur } = setup();
    api.nextSubmit = { phases: ["PENDING", "RUNNING", "RUNNING"], traits: { sqlKind: "CREATE_TABLE_AS", isBounded: true, isAppendOnly: true, upsertColumns: null, schema: null } };
    await cur.execute("CREATE TABLE c AS SELECT * FROM s");
    expect(cur.statement?.phase).toBe("RUNNING");
    expect(api.count("get")).toBe(2);
    await cur.close();
    expect(st(api).phase).toBe("RUNNING");
    expect(api.count("stop") + api.count("delete")).toBe(0);
  });

  it("refuses use after close with CURSOR_CLOSED", async () => {
    const { cur } = setup();
    await cur.close();
    await expect(cur.execute("SELECT 1")).rejects.toMatchObject({ code: "CURSOR_CLOSED" });
  });
});

describe("non-blocking fetches", () => {
  it("fetchOne makes at most one page request and returns null when nothing has arrived", async () => {
    const { api, cur } = setup();
    await cur.execute("SELECT a, b FROM t");
    expect(await cur.fetchOne()).toBeNull();
    expect(api.count("results")).toBe(1);
    st(api).pages.push({ data: rows(["1", "x"], ["2", "y"], ["3", "z"]) });
    expect(await cur.fetchOne()).toEqual(["1", "x"]);
    expect(api.count("results")).toBe(2);
    expect(await cur.fetchMany(5)).toEqual([["2", "y"], ["3", "z"]]);
    expect(api.count("results")).toBe(2);
    expect(await cur.fetchMany(5)).toEqual([]);
    expect(api.count("results")).toBe(3);
    expect(cur.mayHaveResults).toBe(true);
    expect(cur.metrics).toMatchObject({ pages: 3, emptyPages: 2, rows: 3, rowsDelivered: 3 });
  });

  it("a consumer reading one row causes exactly one page request", async () => {
    const { api, cur } = setup();
    await cur.execute("SELECT a, b FROM t");
    st(api).pages.push({ data: rows(["1", "x"], ["2", "y"]) }, { data: rows(["3", "z"]) });
    expect(await cur.fetchOne()).toEqual(["1", "x"]);
    await cur.close();
    expect(api.count("results")).toBe(1);

    const second = setup();
    await second.cur.execute("SELECT a, b FROM t");
    st(second.api).pages.push({ data: rows(["1", "x"], ["2", "y"]) }, { data: rows(["3", "z"]) });
    const reader = second.cur.stream().getReader();
    expect((await reader.read()).value).toEqual(["1", "x"]);
    await new Promise((r) => setTimeout(r, 20));
    await reader.cancel();
    expect(second.api.count("results")).toBe(1);
    expect(second.api.count("stop")).toBe(1);
  });

  it("rejects fetchMany sizes that are not positive integers", async () => {
    const { cur } = setup();
    await cur.execute("SELECT 1");
    await expect(cur.fetchMany(0)).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    await expect(cur.fetchMany(1.5)).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
  });

  it("refuses fetchAll on an unbounded statement and drains a bounded one", async () => {
    const { api, cur } = setup();
    await cur.execute("SELECT 1");
    await expect(cur.fetchAll()).rejects.toBeInstanceOf(NotSupportedError);
    await expect(cur.fetchAll()).rejects.toMatchObject({ code: "FETCH_ALL_UNBOUNDED" });
    api.nextSubmit = { phases: ["RUNNING"], traits: { sqlKind: "SELECT", isBounded: true, isAppendOnly: true, upsertColumns: null, schema: [col("a")] } };
    const b = new StreamingCursor(backendOf(api), fast);
    await b.execute("SELECT a FROM bounded");
    const s = api.statements.get(b.statementName!)!;
    s.pages.push({ data: rows(["1"]) }, { data: [] }, { data: rows(["2"]) }, { data: rows(["3"]), end: true });
    s.phases.push("COMPLETED");
    expect(await b.fetchAll()).toEqual([["1"], ["2"], ["3"]]);
    expect(b.mayHaveResults).toBe(false);
    expect(b.statement?.phase).toBe("COMPLETED");
  });

  it("yields change events for append-only statements too with changeEvents: always", async () => {
    const { api, cur } = setup({ changeEvents: "always", asDict: true });
    await cur.execute("SELECT a, b FROM t");
    st(api).pages.push({ data: rows(["1", "x"]) });
    expect(await cur.fetchOne()).toEqual({ op: "+I", code: 0, row: { a: "1", b: "x" } });
    expect(cur.returnsChangelog).toBe(false);
  });

  it("gives objects with asDict", async () => {
    const { api, cur } = setup({ asDict: true });
    await cur.execute("SELECT a, b FROM t");
    st(api).pages.push({ data: rows(["1", "x"]) });
    expect(await cur.fetchOne()).toEqual({ a: "1", b: "x" });
  });
});

describe("waiting reads and honest endings", () => {
  it("for await waits through empty pages with backoff and ends cleanly on a completed statement", async () => {
    const { api, cur } = setup();
    await cur.execute("SELECT a, b FROM t");
    const s = st(api);
    s.pages.push({ data: [] }, { data: [] }, { data: rows(["1", "x"]) }, { data: [] }, { data: rows(["2", "y"]), end: true });
    s.phases.push("COMPLETED");
    expect(await collect(cur)).toEqual([["1", "x"], ["2", "y"]]);
    const m = cur.metrics;
    expect(m.emptyPages).toBe(3);
    expect(m.waits).toBe(1 + 3); // one poll for RUNNING, three idle waits
    expect(m.timeToFirstRowMs).not.toBeNull();
    expect(api.count("stop")).toBe(0);
    expect(cur.mayHaveResults).toBe(false);
  });

  it("a stop from elsewhere mid-stream surfaces as STATEMENT_STOPPED, not a silent end", async () => {
    const { api, cur } = setup();
    await cur.execute("SELECT a, b FROM t");
    const s = st(api);
    s.pages.push({ data: rows(["1", "x"]) }, { data: rows(["2", "y"]), end: true });
    s.phases.push("STOPPED");
    s.detail = "Stopped by user bob";
    const seen: unknown[] = [];
    const err = await (async () => {
      for await (const r of cur) seen.push(r);
    })().catch((e: unknown) => e);
    expect(seen).toEqual([["1", "x"], ["2", "y"]]);
    expect(err).toBeInstanceOf(StatementStoppedError);
    expect(err).toMatchObject({ code: "STATEMENT_STOPPED", phase: "STOPPED", detail: "Stopped by user bob", statementName: "stmt-1" });
    // The error sticks: later fetches repeat it instead of pretending the stream ended.
    await expect(cur.fetchOne()).rejects.toBe(err);
  });

  it("a while (mayHaveResults) fetchMany loop sees a stop from elsewhere instead of a silent end", async () => {
    const { api, cur } = setup();
    await cur.execute("SELECT a, b FROM t");
    const s = st(api);
    s.pages.push({ data: [] }, { data: rows(["1", "x"]) }, { data: rows(["2", "y"]), end: true });
    s.phases.push("STOPPED");
    const got: unknown[] = [];
    const err = await (async () => {
      while (cur.mayHaveResults) got.push(...(await cur.fetchMany(10)));
    })().catch((e: unknown) => e);
    expect(got).toEqual([["1", "x"], ["2", "y"]]);
    expect(err).toMatchObject({ code: "STATEMENT_STOPPED" });
    expect(cur.mayHaveResults).toBe(false);

    const done = setup();
    done.api.nextSubmit = { phases: ["RUNNING"], traits: { sqlKind: "SELECT", isBounded: true, isAppendOnly: true, upsertColumns: null, schema: [col("a")] } };
    await done.cur.execute("SELECT a FROM t");
    st(done.api).pages.push({ data: rows(["1"]), end: true });
    st(done.api).phases.push("COMPLETED");
    const all: unknown[] = [];
    while (done.cur.mayHaveResults) all.push(...(await done.cur.fetchMany(10)));
    expect(all).toEqual([["1"]]);
  });

  it("a statement that FAILED while streaming surfaces STATEMENT_FAILED with detail and exceptions", async () => {
    const { api, cur } = setup();
    await cur.execute("SELECT a, b FROM t");
    const s = st(api);
    s.pages.push({ data: rows(["1", "x"]), end: true });
    s.phases.push("FAILED");
    s.detail = "Division by zero";
    s.exceptions = [{ name: "ArithmeticException", message: "Division by zero", timestamp: "2026-01-01T00:00:00Z" }];
    const stream = cur.stream();
    const reader = stream.getReader();
    expect((await reader.read()).value).toEqual(["1", "x"]);
    const err = await reader.read().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StatementFailedError);
    expect(err).toMatchObject({ code: "STATEMENT_FAILED", detail: "Division by zero" });
    expect((err as StatementFailedError).exceptions?.[0]?.name).toBe("ArithmeticException");
  });

  it("a 404 after deletion by someone else surfaces STATEMENT_DELETED", async () => {
    const { api, cur } = setup();
    await cur.execute("SELECT a, b FROM t");
    const s = st(api);
    s.pages.push({ data: rows(["1", "x"]) });
    expect(await cur.fetchOne()).toEqual(["1", "x"]);
    s.deleted = true;
    const err = await cur.fetchOne().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StatementNotFoundError);
    expect(err).toMatchObject({ code: "STATEMENT_DELETED", status: 404, statementName: "stmt-1" });
    expect(cur.mayHaveResults).toBe(false);
  });

  it("a results request that fails on a statement stopped elsewhere is explained by re-reading it", async () => {
    const { api, cur } = setup();
    await cur.execute("SELECT a, b FROM t");
    const s = st(api);
    const boom = Object.assign(new Error("HTTP 500"), { status: 500 });
    s.pages.push({ error: boom });
    s.phases.push("STOPPED");
    await expect(cur.fetchOne()).rejects.toMatchObject({ code: "STATEMENT_STOPPED" });

    const other = setup();
    await other.cur.execute("SELECT a, b FROM t");
    st(other.api).pages.push({ error: boom });
    await expect(other.cur.fetchOne()).rejects.toBe(boom);
  });

  it("ends cleanly after this client stops the statement", async () => {
    const { api, cur } = setup();
    await cur.execute("SELECT a, b FROM t");
    st(api).pages.push({ data: rows(["1", "x"]) });
    expect(await cur.fetchOne()).toEqual(["1", "x"]);
    await cur.stopStatement();
    expect(st(api).phase).toBe("STOPPED");
    expect(await cur.fetchOne()).toBeNull();
    expect(cur.mayHaveResults).toBe(false);
  });
});

describe("changelogs", () => {
  it("yields { op, row } events for a retract changelog and compresses them", async () => {
    const { api, cur } = setup();
    api.nextSubmit = { phases: ["RUNNING"], traits: changelogTraits(null) };
    await cur.execute("SELECT COUNT(*) FROM t");
    expect(cur.returnsChangelog).toBe(true);
    const s = st(api);
    s.pages.push({ data: ops([0, ["all", "1"]]) }, { data: ops([1, ["all", "1"]]) }, { data: ops([2, ["all", "2"]]) });
    const events = (await cur.fetchMany(10)) as ChangeEvent<unknown[]>[];
    expect(events).toEqual([{ op: "+I", code: 0, row: ["all", "1"] }]);
    // Events consumed elsewhere are not replayed: a compressor started late meets a -U for a
    // row it never saw, which is an error unless told to ignore it.
    const late = cur.changelogCompressor();
    await expect(late.currentSnapshot()).rejects.toMatchObject({ code: "CHANGELOG_INCONSISTENT" });

    const fresh = setup();
    fresh.api.nextSubmit = { phases: ["RUNNING"], traits: changelogTraits(null) };
    await fresh.cur.execute("SELECT COUNT(*) FROM t");
    const f = st(fresh.api);
    const compressor = fresh.cur.changelogCompressor();
    expect(compressor.mode).toBe("retract");
    f.pages.push({ data: ops([0, ["all", "1"]], [0, ["b", "1"]], [1, ["b", "1"]]) }, { data: ops([2, ["b", "2"]]) });
    // The first page ends with a dangling -U: the snapshot taken then shows the old row.
    const snap1 = await compressor.currentSnapshot();
    expect(snap1).toEqual([["all", "1"], ["b", "2"]]);
    // A -U still alone when the server has nothing more (an empty page) lost its +U to a filter
    // (Flink emits the two together): it is applied as a delete.
    f.pages.push({ data: ops([1, ["all", "1"]]) });
    expect(await compressor.currentSnapshot()).toEqual([["b", "2"]]);
    // A +U arriving after all simply inserts the row again.
    f.pages.push({ data: ops([2, ["all", "5"]]) });
    const snap2 = await compressor.currentSnapshot();
    expect(snap2).toEqual([["b", "2"], ["all", "5"]]);
  });

  it("currentSnapshot() never waits: a 409 not ready is an empty page; snapshots() waits it out", async () => {
    const { api, cur } = setup();
    api.nextSubmit = { phases: ["RUNNING"], traits: changelogTraits([0]) };
    await cur.execute("SELECT k, COUNT(*) FROM t GROUP BY k");
    st(api).pages.push({ notReady: true }, { data: ops([0, ["a", "1"]]) }, { data: [] }, { notReady: true }, { data: ops([2, ["a", "2"]]) }, { data: [], end: true });
    st(api).phases.push("COMPLETED");
    const compressor = cur.changelogCompressor();
    expect(await compressor.currentSnapshot()).toEqual([]);
    expect(api.count("results")).toBe(1);
    expect(await compressor.currentSnapshot()).toEqual([["a", "1"]]);
    expect(await collect(compressor.snapshots())).toEqual([[["a", "2"]]]);
    expect(cur.metrics).toMatchObject({ retries: 1, pages: 4 });
  });

  it("types stream() as change events on request, so it pipes into materializeChanges without a cast", async () => {
    const { api, cur } = setup();
    api.nextSubmit = { phases: ["RUNNING"], traits: changelogTraits([0]) };
    await cur.execute("SELECT k, COUNT(*) FROM t GROUP BY k");
    st(api).pages.push({ data: ops([0, ["a", "1"]]) }, { data: ops([1, ["a", "1"]], [2, ["a", "2"]]), end: true });
    st(api).phases.push("COMPLETED");
    const changes = cur.stream<ChangeEvent<unknown[]>>().pipeThrough(materializeChanges({ upsertColumns: [0] }));
    const seen = (await collect(changes)).map((c) => [c.type, c.type === "delete" ? c.previous : c.row]);
    expect(seen).toEqual([
      ["insert", ["a", "1"]],
      ["update", ["a", "2"]],
    ]);
  });

  it("materialises an upsert changelog with snapshots() and never shows a half-applied update", async () => {
    const { api, cur } = setup();
    api.nextSubmit = { phases: ["RUNNING"], traits: changelogTraits([0]) };
    await cur.execute("SELECT k, COUNT(*) FROM t GROUP BY k");
    const s = st(api);
    s.pages.push(
      { data: ops([0, ["a", "1"]], [0, ["b", "1"]]) },
      { data: [] },
      { data: ops([1, ["a", "1"]]) },
      { data: ops([2, ["a", "2"]]) },
      { data: [] },
      { data: ops([2, ["c", "1"]], [3, ["b", "1"]]), end: true },
    );
    s.phases.push("COMPLETED");
    const compressor = cur.changelogCompressor();
    expect(compressor.mode).toBe("upsert");
    const snaps = await collect(compressor.snapshots());
    expect(snaps).toEqual([
      [["a", "1"], ["b", "1"]],
      [["a", "2"], ["b", "1"]],
      [["a", "2"], ["c", "1"]],
    ]);
  });

  it("snapshots() ends with STATEMENT_STOPPED when someone else stops the statement", async () => {
    const { api, cur } = setup();
    api.nextSubmit = { phases: ["RUNNING"], traits: changelogTraits([0]) };
    await cur.execute("SELECT k, COUNT(*) FROM t GROUP BY k");
    const s = st(api);
    s.pages.push({ data: ops([0, ["a", "1"]]) }, { data: [], end: true });
    s.phases.push("STOPPED");
    const got: unknown[] = [];
    const err = await (async () => {
      for await (const snap of cur.changelogCompressor().snapshots()) got.push(snap);
    })().catch((e: unknown) => e);
    expect(got).toEqual([[["a", "1"]]]);
    expect(err).toMatchObject({ code: "STATEMENT_STOPPED" });
  });

  it("snapshots() that fails on a read error stops the statement", async () => {
    const { api, cur } = setup();
    api.nextSubmit = { phases: ["RUNNING"], traits: changelogTraits([0]) };
    await cur.execute("SELECT k, COUNT(*) FROM t GROUP BY k");
    const boom = Object.assign(new Error("HTTP 503"), { status: 503 });
    st(api).pages.push({ data: ops([0, ["a", "1"]]) }, { data: [] }, { error: boom });
    const got: unknown[] = [];
    await expect(
      (async () => {
        for await (const snap of cur.changelogCompressor().snapshots()) got.push(snap);
      })(),
    ).rejects.toBe(boom);
    expect(got).toEqual([[["a", "1"]]]);
    expect(api.count("stop")).toBe(1);
    expect(api.inflight).toBe(0);
  });

  it("changes() materialises -U/+U pairs into updates with stable ids, and cancelling stops the statement", async () => {
    const { api, cur } = setup();
    api.nextSubmit = { phases: ["RUNNING"], traits: changelogTraits([0]) };
    await cur.execute("SELECT k, COUNT(*) FROM t GROUP BY k");
    st(api).pages.push(
      { data: ops([0, ["a", "1"]], [0, ["b", "1"]], [1, ["a", "1"]]) },
      { data: ops([2, ["a", "2"]], [3, ["b", "1"]]) },
    );
    const reader = cur.changes().getReader();
    const got = [];
    for (let i = 0; i < 4; i++) got.push((await reader.read()).value);
    expect(got).toEqual([
      { type: "insert", id: '"a"', row: ["a", "1"] },
      { type: "insert", id: '"b"', row: ["b", "1"] },
      { type: "update", id: '"a"', row: ["a", "2"], previous: ["a", "1"] },
      { type: "delete", id: '"b"', previous: ["b", "1"] },
    ]);
    await reader.cancel();
    expect(api.count("stop")).toBe(1);
    expect(api.inflight).toBe(0);
  });

  it("snapshots() keeps going on a busy stream (maxPages) and reports changes through onChange", async () => {
    const { api, cur } = setup();
    api.nextSubmit = { phases: ["RUNNING"], traits: changelogTraits([0]) };
    await cur.execute("SELECT k, COUNT(*) FROM t GROUP BY k");
    const s = st(api);
    for (let i = 1; i <= 10; i++) s.pages.push({ data: ops(i === 1 ? [0, ["a", "1"]] : [2, ["a", String(i)]]) });
    s.pages.push({ data: [], end: true });
    s.phases.push("COMPLETED");
    const changes: string[] = [];
    const compressor = cur.changelogCompressor({ onChange: (c) => changes.push(c.type) });
    const snaps = await collect(compressor.snapshots({ maxPages: 3 }));
    expect(snaps).toEqual([[["a", "3"]], [["a", "6"]], [["a", "9"]], [["a", "10"]]]);
    expect(changes).toEqual(["insert", ...Array(9).fill("update")]);
  });

  it("refuses a compressor on an append-only statement", async () => {
    const { cur } = setup();
    await cur.execute("SELECT 1");
    expect(() => cur.changelogCompressor()).toThrow(expect.objectContaining({ code: "NOT_A_CHANGELOG" }) as Error);
  });

  it("rejects unknown op codes with a ProtocolError", async () => {
    const { api, cur } = setup();
    api.nextSubmit = { phases: ["RUNNING"], traits: changelogTraits(null) };
    await cur.execute("SELECT COUNT(*) FROM t");
    st(api).pages.push({ data: ops([7, ["x", "1"]]) });
    await expect(cur.fetchOne()).rejects.toMatchObject({ code: "PROTOCOL_ERROR" });
  });
});

describe("stream() and cancellation", () => {
  it("is pull-based: nothing beyond the high-water mark is fetched while the consumer does not read", async () => {
    const { api, cur } = setup();
    await cur.execute("SELECT a, b FROM t");
    const s = st(api);
    for (let i = 0; i < 50; i++) s.pages.push({ data: rows([String(2 * i), "x"], [String(2 * i + 1), "y"]) });
    const stream = cur.stream({ highWaterMark: 3 });
    expect(await eventually(() => api.count("results") >= 1)).toBe(true);
    await new Promise((r) => setTimeout(r, 40));
    // Two rows queued: the next page would acknowledge them server-side before the consumer
    // read them, so it waits until they are read (see resumePosition).
    expect(api.count("results")).toBe(1);
    const reader = stream.getReader();
    for (let i = 0; i < 10; i++) expect((await reader.read()).value).toEqual([String(i), i % 2 === 0 ? "x" : "y"]);
    await new Promise((r) => setTimeout(r, 20));
    expect(api.count("results")).toBeLessThanOrEqual(7);
    await reader.cancel();
    expect(stream.metrics.rowsDelivered).toBeGreaterThanOrEqual(10);
  });

  it("highWaterMark 0 fetches on demand only: a read gets its row, one page request for one row", async () => {
    const { api, cur } = setup();
    await cur.execute("SELECT a, b FROM t");
    st(api).pages.push({ data: rows(["1", "x"], ["2", "y"]) }, { data: rows(["3", "z"]) });
    const stream = cur.stream({ highWaterMark: 0 });
    await new Promise((r) => setTimeout(r, 20));
    expect(api.count("results")).toBe(0); // nobody asked yet
    const reader = stream.getReader();
    expect((await within(reader.read())).value).toEqual(["1", "x"]);
    await new Promise((r) => setTimeout(r, 20));
    expect(api.count("results")).toBe(1);
    expect((await within(reader.read())).value).toEqual(["2", "y"]);
    expect(api.count("results")).toBe(1);
    expect((await within(reader.read())).value).toEqual(["3", "z"]);
    expect(api.count("results")).toBe(2);
    await reader.cancel();
    expect(api.count("stop")).toBe(1);
  });

  it("cancel during a pending request aborts it, leaves nothing in flight and stops the statement", async () => {
    const { api, cur } = setup();
    await cur.execute("SELECT a, b FROM t");
    st(api).pages.push({ hold: true });
    const stream = cur.stream();
    expect(await eventually(() => api.inflight === 1)).toBe(true);
    await stream.cancel();
    expect(api.inflight).toBe(0);
    expect(api.count("stop")).toBe(1);
    expect(api.count("results")).toBe(1);
    await new Promise((r) => setTimeout(r, 20));
    expect(api.count("results")).toBe(1);
    expect(api.maxInflight).toBe(1);
  });

  it("an AbortSignal errors the stream with ABORTED and stops the statement", async () => {
    const { api, cur } = setup();
    await cur.execute("SELECT a, b FROM t");
    const ac = new AbortController();
    const stream = cur.stream({ signal: ac.signal });
    const reader = stream.getReader();
    const pending = reader.read();
    setTimeout(() => ac.abort(), 15);
    await expect(pending).rejects.toMatchObject({ code: "ABORTED" });
    expect(await eventually(() => api.count("stop") === 1 && api.inflight === 0)).toBe(true);
  });

  it("break out of for await stops the statement (cursor and stream)", async () => {
    const { api, cur } = setup();
    await cur.execute("SELECT a, b FROM t");
    st(api).pages.push({ data: rows(["1", "x"], ["2", "y"]) });
    for await (const r of cur) {
      expect(r).toEqual(["1", "x"]);
      break;
    }
    expect(api.count("stop")).toBe(1);

    const second = setup();
    await second.cur.execute("SELECT a, b FROM t");
    st(second.api).pages.push({ data: rows(["1", "x"], ["2", "y"]) });
    for await (const r of second.cur.stream()) {
      expect(r).toEqual(["1", "x"]);
      break;
    }
    expect(second.api.count("stop")).toBe(1);
    expect(second.api.inflight).toBe(0);
  });

  it("a read error that outlasts the retries stops the statement (stream and for await)", async () => {
    const boom = Object.assign(new Error("HTTP 500"), { status: 500 });
    const { api, cur } = setup();
    await cur.execute("SELECT a, b FROM t");
    st(api).pages.push({ data: rows(["1", "x"]) }, { error: boom });
    const reader = cur.stream().getReader();
    expect((await reader.read()).value).toEqual(["1", "x"]);
    await expect(reader.read()).rejects.toBe(boom);
    expect(api.count("stop")).toBe(1);
    expect(st(api).phase).toBe("STOPPED");
    expect(api.inflight).toBe(0);

    const it2 = setup();
    await it2.cur.execute("SELECT a, b FROM t");
    st(it2.api).pages.push({ error: boom });
    await expect(collect(it2.cur)).rejects.toBe(boom);
    expect(it2.api.count("stop")).toBe(1);
    expect(it2.api.inflight).toBe(0);
  });

  it("an honest ending (stopped elsewhere) sends no stop of its own", async () => {
    const { api, cur } = setup();
    await cur.execute("SELECT a, b FROM t");
    st(api).pages.push({ data: [], end: true });
    st(api).phases.push("STOPPED");
    await expect(collect(cur.stream())).rejects.toMatchObject({ code: "STATEMENT_STOPPED" });
    expect(api.count("stop")).toBe(0);
  });

  it("an abort has sent (and finished) the stop by the time the stream errors", async () => {
    const { api, cur } = setup();
    await cur.execute("SELECT a, b FROM t");
    st(api).pages.push({ hold: true });
    api.stopDelayMs = 20;
    const ac = new AbortController();
    const reader = cur.stream({ signal: ac.signal }).getReader();
    const pending = reader.read();
    expect(await eventually(() => api.inflight === 1)).toBe(true);
    ac.abort();
    await expect(pending).rejects.toMatchObject({ code: "ABORTED" });
    expect(api.count("stop")).toBe(1);
    expect(st(api).phase).toBe("STOPPED");
    expect(api.inflight).toBe(0);
  });

  it("onCancel detach leaves the statement running; delete deletes it; asyncDispose closes", async () => {
    const a = setup({ onCancel: "detach" });
    await a.cur.execute("SELECT 1");
    await a.cur.close();
    expect(a.api.count("stop") + a.api.count("delete")).toBe(0);

    const d = setup();
    await d.cur.execute("SELECT 1", undefined, { onCancel: "delete" });
    await d.cur.stream().cancel();
    expect(d.api.count("delete")).toBe(1);

    const x = setup();
    {
      await using cur = x.cur;
      await cur.execute("SELECT 1");
    }
    expect(x.api.count("stop")).toBe(1);
    expect(x.cur.closed).toBe(true);
  });

  it("works as a Response body through an NDJSON encoder", async () => {
    const { api, cur } = setup();
    api.nextSubmit = { phases: ["RUNNING"], traits: { sqlKind: "SELECT", isBounded: true, isAppendOnly: true, upsertColumns: null, schema: [col("a"), col("b")] } };
    await cur.execute("SELECT a, b FROM t");
    const s = st(api);
    s.pages.push({ data: rows(["1", null]) }, { data: rows(["2", "y"]), end: true });
    s.phases.push("COMPLETED");
    const text = await new Response(cur.stream().pipeThrough(ndjsonEncoder())).text();
    expect(text).toBe('["1",null]\n["2","y"]\n');
  });

  it("pipes through a TransformStream into a WritableStream with pipeTo, ending with the statement refreshed", async () => {
    const { api, cur } = setup();
    api.nextSubmit = { phases: ["RUNNING"], traits: { sqlKind: "SELECT", isBounded: true, isAppendOnly: true, upsertColumns: null, schema: [col("a"), col("b")] } };
    await cur.execute("SELECT a, b FROM t");
    const s = st(api);
    s.pages.push({ data: rows(["1", "x"]) }, { data: [] }, { data: rows(["2", "y"], ["3", "z"]), end: true });
    s.phases.push("COMPLETED");
    const written: string[] = [];
    const stream = cur.stream({ highWaterMark: 2 });
    await stream
      .pipeThrough(new TransformStream<unknown, string>({ transform: (row, c) => c.enqueue((row as string[]).join(":")) }))
      .pipeTo(new WritableStream({ write: (chunk) => void written.push(chunk) }));
    expect(written).toEqual(["1:x", "2:y", "3:z"]);
    expect(stream.statement?.phase).toBe("COMPLETED");
    expect(stream.metrics).toMatchObject({ pages: 3, emptyPages: 1, rows: 3, rowsDelivered: 3 });
    expect(api.count("stop")).toBe(0);
  });

  it("a client that goes away from a Response body cancels the stream and stops the statement", async () => {
    const { api, cur } = setup();
    await cur.execute("SELECT a, b FROM t");
    st(api).pages.push({ data: rows(["1", "x"]) });
    const res = toResponse(cur.stream(), "sse", { event: "row" });
    const reader = res.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('event: row\ndata: ["1","x"]\n\n');
    await reader.cancel();
    for (let i = 0; i < 50 && api.count("stop") === 0; i++) await new Promise((r) => setTimeout(r, 2));
    expect(api.count("stop")).toBe(1);
    for (let i = 0; i < 50 && api.inflight > 0; i++) await new Promise((r) => setTimeout(r, 2));
    expect(api.inflight).toBe(0);
  });

  it("close() gives up on a stop the server never answers after cancelTimeoutMs, and reports it", async () => {
    const { api, cur } = setup({ cancelTimeoutMs: 30 });
    await cur.execute("SELECT a, b FROM t");
    api.hangStop = true;
    const started = Date.now();
    await cur.close();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(cur.cancelError).toMatchObject({ code: "TIMEOUT" });
    expect(api.inflight).toBe(0);
  });

  it("allows one open stream at a time", async () => {
    const { cur } = setup();
    await cur.execute("SELECT 1");
    const s = cur.stream();
    expect(() => cur.stream()).toThrow(expect.objectContaining({ code: "STREAM_ALREADY_OPEN" }) as Error);
    await s.cancel();
  });
});

describe("metrics", () => {
  it("through stream(): bytes, requests (statement polls and retries included), retries, and waits for RUNNING", async () => {
    const { api, cur } = setup();
    api.nextSubmit = { phases: ["PENDING", "PENDING", "RUNNING"], traits: { sqlKind: "SELECT", isBounded: true, isAppendOnly: true, upsertColumns: null, schema: [col("a"), col("b")] } };
    await cur.execute("SELECT a, b FROM t");
    // POST + 3 polls; the polls were preceded by pauses of 1, 2 and 3 ms (readinessBackoff, no jitter).
    expect(cur.metrics).toMatchObject({ requests: 4, waits: 3, waitMs: 6, pages: 0, bytes: 0 });
    const s = st(api);
    const [p1, p3] = [rows(["1", "x"], ["2", "y"]), rows(["3", "z"])];
    s.pages.push({ notReady: true }, { data: p1 }, { data: [] }, { data: p3, end: true });
    s.phases.push("COMPLETED");
    const stream = cur.stream();
    expect(await collect(stream)).toEqual([["1", "x"], ["2", "y"], ["3", "z"]]);
    // pages: 2 attempts (one 409 retried) + empty + last; then the statement re-read at the end.
    // One idle pause (1 ms) after the empty page.
    expect(stream.metrics).toMatchObject({ requests: 4 + 2 + 1 + 1 + 1, retries: 1, pages: 3, emptyPages: 1, rows: 3, rowsDelivered: 3, waits: 4, waitMs: 7 });
    expect(stream.metrics.bytes).toBe(bodyBytes(p1) + bodyBytes([]) + bodyBytes(p3));
  });

  it("through the cursor: failed page requests, statement re-reads, the exceptions list, failed submits and stops count", async () => {
    const { api, cur } = setup();
    await cur.execute("SELECT a, b FROM t");
    expect(cur.metrics.requests).toBe(2); // POST + one poll
    const s = st(api);
    s.pages.push({ error: Object.assign(new Error("HTTP 500"), { status: 500 }) });
    await expect(cur.fetchOne()).rejects.toMatchObject({ status: 500 });
    expect(cur.metrics.requests).toBe(4); // the failed page + the re-read that explains it

    const fresh = setup();
    await fresh.cur.execute("SELECT a, b FROM t");
    const f = st(fresh.api);
    f.pages.push({ data: rows(["1", "x"]), end: true });
    f.phases.push("FAILED");
    f.detail = "boom";
    expect(await fresh.cur.fetchOne()).toEqual(["1", "x"]);
    await expect(fresh.cur.fetchOne()).rejects.toMatchObject({ code: "STATEMENT_FAILED" });
    // POST, poll, page, re-read, exceptions list.
    expect(fresh.api.count("exceptions")).toBe(1);
    expect(fresh.cur.metrics).toMatchObject({ requests: 5, pages: 1, bytes: bodyBytes(rows(["1", "x"])) });

    const stuck = setup({ cancelTimeoutMs: 20 });
    await stuck.cur.execute("SELECT 1");
    stuck.api.hangStop = true;
    await stuck.cur.close();
    expect(stuck.cur.cancelError).toMatchObject({ code: "TIMEOUT" });
    expect(stuck.cur.metrics.requests).toBe(3); // POST, poll, the stop that failed

    const refused = setup();
    refused.api.failSubmit = Object.assign(new Error("bad SQL"), { status: 400 });
    await expect(refused.cur.execute("SELEC 1")).rejects.toMatchObject({ status: 400 });
    expect(refused.cur.metrics.requests).toBe(1);
  });
});

describe("re-execute and deadlines", () => {
  it("a new execute stops the previous statement and ends its open stream", async () => {
    const { api, cur } = setup();
    await cur.execute("SELECT a, b FROM t");
    const first = cur.stream();
    const reader = first.getReader();
    const pending = reader.read().catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 10));
    await cur.execute("SELECT a, b FROM u");
    // Aborted mid-request, or (on a busy machine, if it had not started yet) refused as superseded.
    expect(["ABORTED", "CURSOR_REUSED"]).toContain(((await pending) as { code: string }).code);
    expect(api.statements.get("stmt-1")!.phase).toBe("STOPPED");
    expect(cur.statementName).toBe("stmt-2");
    st(api, "stmt-2").pages.push({ data: rows(["9", "z"]) });
    expect(await cur.fetchOne()).toEqual(["9", "z"]);
    await cur.close();
  });

  it("fetchAll honours timeoutMs with TIMEOUT", async () => {
    const { api, cur } = setup();
    api.nextSubmit = { phases: ["RUNNING"], traits: { sqlKind: "SELECT", isBounded: true, isAppendOnly: true, upsertColumns: null, schema: [col("a")] } };
    await cur.execute("SELECT a FROM slow");
    await expect(cur.fetchAll({ timeoutMs: 30 })).rejects.toMatchObject({ code: "TIMEOUT" });
    await cur.close();
    expect(api.inflight).toBe(0);
  });
});

describe("attach", () => {
  it("reads an existing statement's results, resumes from a page token, and detaches on close", async () => {
    const api = new ScriptedApi();
    api.add({
      name: "feed",
      traits: { sqlKind: "SELECT", isBounded: false, isAppendOnly: true, upsertColumns: null, schema: [col("a")] },
      pages: [{ data: rows(["1"]) }, { data: rows(["2"]) }],
    });
    const cur = await attachStreamingCursor(backendOf(api), "feed", fast);
    expect(await cur.fetchOne()).toEqual(["1"]);
    const token = cur.pageToken;
    expect(token).toBe("t1");
    await cur.close();
    expect(api.count("stop")).toBe(0);
    const resumed = await attachStreamingCursor(backendOf(api), "feed", { ...fast, pageToken: token });
    expect(await resumed.fetchOne()).toEqual(["2"]);
    expect(api.calls.filter((c) => c.method === "results").map((c) => c.token)).toEqual([null, "t1"]);
    await resumed.close();
  });

  it("resumePosition covers rows of a partial page: read 1 of 3, attach, get rows 2 and 3", async () => {
    const api = new ScriptedApi();
    api.add({
      name: "feed",
      traits: { sqlKind: "SELECT", isBounded: false, isAppendOnly: true, upsertColumns: null, schema: [col("a")] },
      pages: [{ data: rows(["1"], ["2"], ["3"]) }, { data: rows(["4"]) }],
    });
    const cur = await attachStreamingCursor(backendOf(api), "feed", fast);
    expect(cur.resumePosition).toEqual({ pageToken: null, skip: 0 });
    expect(await cur.fetchOne()).toEqual(["1"]);
    // Rows 2 and 3 are buffered: the position is still inside the first page.
    expect(cur.resumePosition).toEqual({ pageToken: null, skip: 1 });
    expect(cur.pageToken).toBeNull(); // at-least-once: resuming from it alone replays row 1
    const saved = cur.resumePosition;
    await cur.close();
    expect(cur.resumePosition).toEqual(saved);

    const exact = await attachStreamingCursor(backendOf(api), "feed", { ...fast, ...saved });
    expect(await exact.fetchMany(10)).toEqual([["2"], ["3"]]);
    expect(exact.resumePosition).toEqual({ pageToken: "t1", skip: 0 });
    expect(await exact.fetchMany(10)).toEqual([["4"]]);
    await exact.close();

    const atLeastOnce = await attachStreamingCursor(backendOf(api), "feed", { ...fast, pageToken: saved.pageToken });
    expect(await atLeastOnce.fetchMany(10)).toEqual([["1"], ["2"], ["3"]]);
    await atLeastOnce.close();
    await expect(attachStreamingCursor(backendOf(api), "feed", { ...fast, skip: -1 })).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
  });

  it("a stream's resumePosition counts rows still queued in the stream as undelivered, also after cancel", async () => {
    const api = new ScriptedApi();
    api.add({
      name: "feed",
      traits: { sqlKind: "SELECT", isBounded: false, isAppendOnly: true, upsertColumns: null, schema: [col("a")] },
      pages: [{ data: rows(["1"], ["2"], ["3"]) }, { data: rows(["4"], ["5"]) }],
    });
    const cur = await attachStreamingCursor(backendOf(api), "feed", fast);
    const stream = cur.stream({ highWaterMark: 3 });
    const reader = stream.getReader();
    expect((await reader.read()).value).toEqual(["1"]);
    await new Promise((r) => setTimeout(r, 20));
    // Rows 2 and 3 sit in the stream's queue; the second page was not requested (it would
    // acknowledge them server-side).
    expect(api.count("results")).toBe(1);
    expect(stream.resumePosition).toEqual({ pageToken: null, skip: 1 });
    expect(cur.resumePosition).toEqual({ pageToken: null, skip: 1 });
    expect((await reader.read()).value).toEqual(["2"]);
    expect(cur.resumePosition).toEqual({ pageToken: null, skip: 2 });
    await reader.cancel(); // detach: the statement keeps running
    expect(cur.resumePosition).toEqual({ pageToken: null, skip: 2 });

    const resumed = await attachStreamingCursor(backendOf(api), "feed", { ...fast, ...cur.resumePosition });
    const r2 = resumed.stream().getReader();
    const got = [];
    for (let i = 0; i < 2; i++) got.push((await r2.read()).value);
    expect(got).toEqual([["3"], ["4"]]);
    await new Promise((r) => setTimeout(r, 10));
    expect(resumed.resumePosition).toEqual({ pageToken: "t1", skip: 1 }); // row 5 queued
    expect((await r2.read()).value).toEqual(["5"]);
    await r2.cancel();
  });

  it("fails with STATEMENT_NOT_FOUND for an unknown statement", async () => {
    const api = new ScriptedApi();
    await expect(attachStreamingCursor(backendOf(api), "ghost", fast)).rejects.toMatchObject({ code: "STATEMENT_NOT_FOUND", status: 404 });
  });
});
