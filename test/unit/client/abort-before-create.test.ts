/**
 * A call abandoned (abort, timeout, close) before its create POST was handed to the network has
 * no statement server-side: nothing at all is sent, neither the POST nor a DELETE, a stop PATCH
 * or an ownership GET for the name it would have used. Before the fix every such cancel sent a
 * DELETE (snapshot execute, DDL helpers) or PATCH (streaming cursor) for a statement that never
 * existed. A cancel after the POST left still cleans up (pinned in cursor.test.ts and
 * test/unit/streaming/cursor.test.ts; one case here as a control).
 */
import { describe, expect, it } from "vitest";
import { connect } from "../../../src/index.ts";
import { FakeGateway, fakeConnectOptions, HANG } from "../../support/fake-gateway.ts";

/** A gateway that records every request; statements it would create are kept in `store`. */
function gateway(): FakeGateway {
  return new FakeGateway().statefulStatements("RUNNING");
}

function requestsOf(gw: FakeGateway): string[] {
  return gw.requests.map((r) => `${r.method} ${r.route}`);
}

/** Connect options with a bearer token function that calls `onCall` (its n-th call) and returns what it returns. */
function withToken(gw: FakeGateway, onCall: (n: number) => string | Promise<string>) {
  const { flinkApiKey: _k, flinkApiSecret: _s, ...rest } = fakeConnectOptions(gw);
  let n = 0;
  return { ...rest, token: () => onCall(++n) };
}

describe("a signal that is already aborted", () => {
  it("sends nothing for cursor().execute, the DDL helpers and streaming execute", async () => {
    const gw = gateway();
    const conn = connect(fakeConnectOptions(gw));
    const signal = AbortSignal.abort();
    const snapshot = await conn.cursor().execute("SELECT 1", undefined, { signal }).catch((e: unknown) => e);
    const ddl = await conn.executeSnapshotDdl("CREATE TABLE t (a INT)", undefined, { signal }).catch((e: unknown) => e);
    const streamingDdl = await conn.executeStreamingDdl("INSERT INTO t SELECT 1", undefined, { signal }).catch((e: unknown) => e);
    for (const onCancel of ["stop", "delete"] as const) {
      const cur = conn.streamingCursor({ onCancel });
      const streaming = await cur.execute("SELECT 1", undefined, { signal }).catch((e: unknown) => e);
      expect(streaming).toMatchObject({ code: "ABORTED" });
      await cur.close();
      expect(cur.cancelError).toBeUndefined();
    }
    expect([snapshot, ddl, streamingDdl]).toMatchObject([{ code: "ABORTED" }, { code: "ABORTED" }, { code: "ABORTED" }]);
    expect(requestsOf(gw)).toEqual([]);
    await conn.close();
  });

  it("sends nothing under a caller-chosen name either (no ownership GET)", async () => {
    const gw = gateway();
    const conn = connect(fakeConnectOptions(gw));
    const signal = AbortSignal.abort();
    const snapshot = await conn.cursor().execute("SELECT 1", undefined, { signal, statementName: "my-report" }).catch((e: unknown) => e);
    const cur = conn.streamingCursor();
    const streaming = await cur.execute("SELECT 1", undefined, { signal, statementName: "my-feed" }).catch((e: unknown) => e);
    await cur.close();
    expect(snapshot).toMatchObject({ code: "ABORTED", statementName: "my-report" });
    expect(streaming).toMatchObject({ code: "ABORTED", statementName: "my-feed" });
    expect(requestsOf(gw)).toEqual([]);
  });
});

describe("an abort while the create waits for its bearer token", () => {
  it("sends nothing for cursor().execute and executeStreamingDdl", async () => {
    const gw = gateway();
    const ac = new AbortController();
    // The first request asks for the token; the caller gives up meanwhile.
    const conn = connect(withToken(gw, () => (ac.abort(), "tok-1")));
    const snapshot = await conn.cursor().execute("SELECT 1", undefined, { signal: ac.signal }).catch((e: unknown) => e);
    expect(snapshot).toMatchObject({ code: "ABORTED" });
    const ac2 = new AbortController();
    const conn2 = connect(withToken(gw, () => (ac2.abort(), "tok-2")));
    const ddl = await conn2.executeStreamingDdl("INSERT INTO t SELECT 1", undefined, { signal: ac2.signal }).catch((e: unknown) => e);
    expect(ddl).toMatchObject({ code: "ABORTED" });
    // The token is there now, so a cleanup request would have gone out.
    expect(requestsOf(gw)).toEqual([]);
  });

  it("sends nothing for the streaming cursor, whatever the cancel policy", async () => {
    for (const onCancel of ["stop", "delete"] as const) {
      for (const statementName of [undefined, "my-feed"]) {
        const gw = gateway();
        const ac = new AbortController();
        const conn = connect(withToken(gw, () => (ac.abort(), "tok")));
        const cur = conn.streamingCursor({ onCancel });
        const e = await cur.execute("SELECT 1", undefined, { signal: ac.signal, statementName }).catch((x: unknown) => x);
        expect(e).toMatchObject({ code: "ABORTED" });
        await cur.close();
        expect(requestsOf(gw)).toEqual([]);
        expect(cur.cancelError).toBeUndefined();
      }
    }
  });

  it("close() of the cursor sends nothing (snapshot and streaming)", async () => {
    for (const kind of ["snapshot", "streaming"] as const) {
      const gw = gateway();
      let release!: (token: string) => void;
      const token = new Promise<string>((r) => (release = r));
      let asked!: () => void;
      const tokenAsked = new Promise<void>((r) => (asked = r));
      const conn = connect(withToken(gw, () => (asked(), token)));
      const cur = kind === "snapshot" ? conn.cursor() : conn.streamingCursor({ onCancel: "delete" });
      const running = cur.execute("SELECT 1").catch((e: unknown) => e);
      await tokenAsked;
      const closing = cur.close();
      // The token arrives at once: a cleanup request would not wait for it.
      release("tok");
      await closing;
      expect(await running).toMatchObject({ code: kind === "snapshot" ? "ABORTED" : "CURSOR_CLOSED" });
      expect(requestsOf(gw), kind).toEqual([]);
    }
  });

  it("a timeout that fires before the token arrives sends nothing (snapshot, DDL, streaming)", async () => {
    const gw = gateway();
    // The token takes far longer than the calls' 1 ms deadline; the create never leaves.
    const slow = () => new Promise<string>((r) => setTimeout(() => r("tok"), 40));
    const snapshot = await connect(withToken(gw, slow)).cursor().execute("SELECT 1", undefined, { timeoutMs: 1 }).catch((e: unknown) => e);
    const ddl = await connect(withToken(gw, slow)).executeSnapshotDdl("CREATE TABLE t (a INT)", undefined, { timeoutMs: 1 }).catch((e: unknown) => e);
    const cur = connect(withToken(gw, slow)).streamingCursor();
    const streaming = await cur.execute("SELECT 1", undefined, { timeoutMs: 1 }).catch((e: unknown) => e);
    await cur.close();
    expect([snapshot, ddl, streaming]).toMatchObject([{ code: "TIMEOUT" }, { code: "TIMEOUT" }, { code: "TIMEOUT" }]);
    // Wait until the token came (a cleanup request would be sent with it), then look.
    await slow();
    await new Promise((r) => setTimeout(r, 0));
    expect(requestsOf(gw)).toEqual([]);
  });
});

describe("control: a cancel after the POST left still cleans up", () => {
  it("deletes (snapshot) and stops (streaming) the generated name once the POST was sent", async () => {
    const gw = new FakeGateway();
    gw.always("POST", "/statements", HANG);
    gw.always("DELETE", "/statements/:name", { status: 202 });
    gw.always("PATCH", "/statements/:name", { status: 200, json: {} });
    const conn = connect(fakeConnectOptions(gw));
    const ac = new AbortController();
    const snapshot = conn.cursor().execute("SELECT 1", undefined, { signal: ac.signal }).catch((e: unknown) => e);
    while (gw.calls("POST").length === 0) await new Promise((r) => setTimeout(r, 1));
    ac.abort();
    expect(await snapshot).toMatchObject({ code: "ABORTED" });
    const cur = conn.streamingCursor();
    const streaming = cur.execute("SELECT 1").catch((e: unknown) => e);
    while (gw.calls("POST").length === 1) await new Promise((r) => setTimeout(r, 1));
    await cur.close();
    expect(await streaming).toMatchObject({ code: "CURSOR_CLOSED" });
    const [first, second] = gw.calls("POST").map((r) => (r.body as { name: string }).name);
    expect(requestsOf(gw)).toEqual(["POST /statements", `DELETE /statements/${first}`, "POST /statements", `PATCH /statements/${second}`]);
  });
});
