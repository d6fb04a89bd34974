/**
 * The streaming cursor through the real client stack (Connection -> StatementsApi -> transport ->
 * fetch) against the scripted fake gateway: what goes over the wire.
 */
import { describe, expect, it } from "vitest";
import { connect } from "../../../src/client/connection.ts";
import { streamingBackendOf } from "../../../src/client/streaming/adapter.ts";
import { StreamingCursor } from "../../../src/client/streaming/cursor.ts";
import { FakeGateway, HANG, errorResponse, fakeConnectOptions, notFound, resultsJson, statementJson } from "../../support/fake-gateway.ts";

const schema = [
  { name: "id", type: { type: "INTEGER", nullable: false } },
  { name: "name", type: { type: "VARCHAR", nullable: true, length: 2147483647 } },
];
const fast = { idleBackoff: { initialMs: 1, maxMs: 4, jitter: 0 }, readinessBackoff: { initialMs: 1, maxMs: 4, jitter: 0 } };

function running(gw: FakeGateway, o: Parameters<typeof statementJson>[0] = {}): void {
  gw.always("POST", "/statements", (req) => {
    const b = req.body as { name: string; spec: { statement: string; properties: Record<string, string> } };
    return { status: 201, json: statementJson({ name: b.name, phase: "PENDING", sql: b.spec.statement, properties: b.spec.properties, isBounded: false, schema, ...o }) };
  });
  gw.always("GET", "/statements/:name", (req) => ({ json: statementJson({ name: req.params.name!, phase: "RUNNING", isBounded: false, schema, ...o }) }));
  gw.always("PATCH", "/statements/:name", (req) => ({ json: statementJson({ name: req.params.name!, phase: "STOPPING", stopped: true, isBounded: false, schema, ...o }) }));
}

function setup(): { gw: FakeGateway; cur: StreamingCursor; conn: ReturnType<typeof connect> } {
  const gw = new FakeGateway();
  const conn = connect(fakeConnectOptions(gw) as Parameters<typeof connect>[0]);
  const cur = new StreamingCursor(streamingBackendOf(conn), fast);
  return { gw, cur, conn };
}

describe("streaming cursor over HTTP", () => {
  it("submits in streaming mode, returns at RUNNING and decodes rows", async () => {
    const { gw, cur } = setup();
    running(gw);
    await cur.execute("SELECT id, name FROM t", undefined, { statementName: "feed-1", labels: ["demo"] });
    const post = gw.calls("POST", "/statements")[0]!;
    const body = post.body as { name: string; spec: { properties: Record<string, string> }; metadata?: { labels: Record<string, string> } };
    expect(body.name).toBe("feed-1");
    expect(body.spec.properties["sql.snapshot.mode"]).toBeUndefined();
    expect(body.metadata?.labels).toEqual({ "user.confluent.io/demo": "true" });
    expect(cur.statement?.phase).toBe("RUNNING");
    gw.on("GET", "/statements/:name/results", { json: resultsJson([["1", "a"], ["2", null]], "tok-1", "feed-1") });
    expect(await cur.fetchOne()).toEqual([1, "a"]);
    expect(await cur.fetchOne()).toEqual([2, null]);
    expect(gw.calls("GET", "/statements/:name/results")).toHaveLength(1);
    gw.on("GET", "/statements/:name/results", { json: resultsJson([], "tok-2", "feed-1") });
    expect(await cur.fetchOne()).toBeNull();
    const results = gw.calls("GET", "/statements/:name/results");
    expect(results.map((r) => r.query.get("page_token"))).toEqual([null, "tok-1"]);
    await cur.close();
    const patch = gw.calls("PATCH", "/statements/:name");
    expect(patch).toHaveLength(1);
    expect(patch[0]!.body).toEqual([{ op: "replace", path: "/spec/stopped", value: true }]);
  });

  it("renders parameters and sql objects, and describes the columns", async () => {
    const { gw, cur } = setup();
    running(gw);
    await cur.execute("SELECT id, name FROM t WHERE name = %s AND id > %s", ["o'neil", 5]);
    const sent = (gw.calls("POST", "/statements")[0]!.body as { spec: { statement: string } }).spec.statement;
    expect(sent).toBe("SELECT id, name FROM t WHERE name = 'o''neil' AND id > 5");
    expect(cur.description?.map((d) => [d.name, d.typeCode, d.nullOk])).toEqual([
      ["id", "INTEGER", false],
      ["name", "VARCHAR", true],
    ]);
    await cur.execute({ text: "SELECT 42" });
    expect((gw.calls("POST", "/statements")[1]!.body as { spec: { statement: string } }).spec.statement).toBe("SELECT 42");
    await expect(cur.execute({ text: "SELECT 1" }, [1])).rejects.toMatchObject({ code: "PARAMETER_UNSUPPORTED" });
    await expect(cur.execute("SELECT %s")).resolves.toBe(cur);
    const patches = gw.calls("PATCH", "/statements/:name").length;
    await expect(cur.execute("SELECT %s", [1, 2])).rejects.toMatchObject({ code: "PARAMETER_COUNT" });
    // Bad input changed nothing: the running statement was not stopped, the cursor still reads it.
    expect(gw.calls("PATCH", "/statements/:name")).toHaveLength(patches);
    expect(cur.mayHaveResults).toBe(true);
    await cur.close();
  });

  it("cancel during a pending results request aborts it and stops the statement", async () => {
    const { gw, cur } = setup();
    running(gw);
    await cur.execute("SELECT id, name FROM t", undefined, { statementName: "feed-2" });
    gw.on("GET", "/statements/:name/results", HANG);
    const stream = cur.stream();
    for (let i = 0; i < 1000 && gw.calls("GET", "/statements/:name/results").length === 0; i++) await new Promise((r) => setTimeout(r, 2));
    const pending = gw.calls("GET", "/statements/:name/results");
    expect(pending).toHaveLength(1);
    await stream.cancel();
    expect(pending[0]!.signal.aborted).toBe(true);
    expect(gw.calls("PATCH", "/statements/:name")).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 20));
    expect(gw.calls("GET", "/statements/:name/results")).toHaveLength(1);
  });

  it("fetchOne/fetchMany take a 409 not ready as nothing yet: one request, no retry loop", async () => {
    const { gw, cur } = setup();
    running(gw);
    await cur.execute("SELECT id, name FROM t", undefined, { statementName: "early-1" });
    const notReady = errorResponse(409, "Results for Statement=early-1 not ready");
    gw.on("GET", "/statements/:name/results", notReady, notReady, { json: resultsJson([["1", "a"]], "tok-1", "early-1") });
    expect(await cur.fetchOne()).toBeNull();
    expect(gw.calls("GET", "/statements/:name/results")).toHaveLength(1);
    expect(await cur.fetchMany(5)).toEqual([]);
    expect(gw.calls("GET", "/statements/:name/results")).toHaveLength(2);
    expect(cur.mayHaveResults).toBe(true);
    expect(await cur.fetchOne()).toEqual([1, "a"]);
    // Not ready is not the end: the first page is asked for again, from the start.
    expect(gw.calls("GET", "/statements/:name/results").map((r) => r.query.get("page_token"))).toEqual([null, null, null]);
    expect(cur.metrics).toMatchObject({ pages: 1, rows: 1 });

    // Waiting reads keep retrying a 409 (with backoff) until rows come.
    gw.on("GET", "/statements/:name/results", notReady, notReady, { json: resultsJson([["2", "b"]], "tok-2", "early-1") });
    const reader = cur.stream().getReader();
    expect((await reader.read()).value).toEqual([2, "b"]);
    await reader.cancel();
    expect(cur.metrics.retries).toBe(2);
  });

  it("metrics over HTTP: bytes are the response bodies; requests count POST, polls, pages, retries and the stop", async () => {
    const { gw, cur } = setup();
    running(gw);
    await cur.execute("SELECT id, name FROM t", undefined, { statementName: "meter-1" });
    const bodies = [resultsJson([["1", "a"], ["2", "b"]], "t1", "meter-1"), resultsJson([["3", "c"]], "t2", "meter-1")];
    gw.on("GET", "/statements/:name/results", { status: 503 }, { json: bodies[0] }, { json: bodies[1] });
    const stream = cur.stream({ highWaterMark: 0 });
    const reader = stream.getReader();
    for (let i = 0; i < 3; i++) await reader.read();
    await reader.cancel();
    const sizes = bodies.map((b) => JSON.stringify(b).length);
    expect(stream.metrics).toMatchObject({ pages: 2, rows: 3, retries: 1, bytes: sizes[0]! + sizes[1]! });
    // POST, one poll, page 1 (two attempts), page 2, the PATCH that stopped it.
    expect(stream.metrics.requests).toBe(1 + 1 + 2 + 1 + 1);
    expect(gw.requests).toHaveLength(6);
  });

  it("a 404 on the results after someone deleted the statement is STATEMENT_DELETED", async () => {
    const { gw, cur } = setup();
    running(gw);
    await cur.execute("SELECT id, name FROM t", undefined, { statementName: "feed-3" });
    gw.on("GET", "/statements/:name/results", notFound("feed-3"));
    await expect(cur.fetchMany(10)).rejects.toMatchObject({ code: "STATEMENT_DELETED", statementName: "feed-3" });
  });

  it("a page without next followed by a STOPPED statement (stopped elsewhere) is STATEMENT_STOPPED", async () => {
    const { gw, cur } = setup();
    running(gw);
    await cur.execute("SELECT id, name FROM t", undefined, { statementName: "feed-4" });
    gw.on("GET", "/statements/:name/results", { json: resultsJson([["1", "a"]], null, "feed-4") });
    gw.on("GET", "/statements/:name", { json: statementJson({ name: "feed-4", phase: "STOPPED", detail: "Stopped by admin", stopped: true, isBounded: false, schema }) });
    const seen: unknown[] = [];
    const err = await (async () => {
      for await (const r of cur) seen.push(r);
    })().catch((e: unknown) => e);
    expect(seen).toEqual([[1, "a"]]);
    expect(err).toMatchObject({ code: "STATEMENT_STOPPED", detail: "Stopped by admin" });
  });

  it("waits through empty pages (backing off) and ends cleanly on a COMPLETED bounded statement", async () => {
    const { gw, cur } = setup();
    running(gw, { isBounded: true });
    await cur.execute("SELECT id, name FROM t", undefined, { statementName: "feed-6" });
    gw.on(
      "GET",
      "/statements/:name/results",
      { json: resultsJson([], "t1", "feed-6") },
      { json: resultsJson([], "t2", "feed-6") },
      { json: resultsJson([["1", "a"]], "t3", "feed-6") },
      { json: resultsJson([], "t4", "feed-6") },
      { json: resultsJson([["2", "b"]], null, "feed-6") },
    );
    gw.on("GET", "/statements/:name", { json: statementJson({ name: "feed-6", phase: "COMPLETED", isBounded: true, schema }) });
    const rowsSeen: unknown[] = [];
    for await (const r of cur) rowsSeen.push(r);
    expect(rowsSeen).toEqual([[1, "a"], [2, "b"]]);
    expect(gw.calls("GET", "/statements/:name/results").map((r) => r.query.get("page_token"))).toEqual([null, "t1", "t2", "t3", "t4"]);
    expect(cur.metrics).toMatchObject({ pages: 5, emptyPages: 3, rows: 2, waits: 1 + 3 }); // one poll for RUNNING, three idle waits
    await cur.close();
    expect(gw.calls("PATCH", "/statements/:name")).toHaveLength(0); // it had completed
  });

  it("upsert and retract changelogs over HTTP: events, compressor snapshots, numeric op codes", async () => {
    const { gw, cur } = setup();
    running(gw, { isAppendOnly: false, upsertColumns: [1] });
    await cur.execute("SELECT id, name FROM t", undefined, { statementName: "agg-1" });
    expect(cur.returnsChangelog).toBe(true);
    gw.on(
      "GET",
      "/statements/:name/results",
      { json: resultsJson([{ op: 0, row: ["1", "a"] }, { op: 0, row: ["1", "b"] }, { op: 1, row: ["1", "a"] }], "t1", "agg-1") },
      { json: resultsJson([{ op: 2, row: ["2", "a"] }, { op: 3, row: ["1", "b"] }], "t2", "agg-1") },
      { json: resultsJson([], "t3", "agg-1") }, // "nothing new yet": the snapshot boundary
    );
    const comp = cur.changelogCompressor();
    expect(comp.mode).toBe("upsert");
    expect(await comp.currentSnapshot()).toEqual([[2, "a"]]);

    const retract = setup();
    running(retract.gw, { isAppendOnly: false, upsertColumns: null });
    await retract.cur.execute("SELECT id, name FROM t", undefined, { statementName: "agg-2" });
    retract.gw.on("GET", "/statements/:name/results", { json: resultsJson([{ op: 0, row: ["5", "x"] }, { op: 1, row: ["5", "x"] }, { op: 2, row: ["6", "x"] }], "t1", "agg-2") });
    const events = await retract.cur.fetchMany(10);
    expect(events.map((e) => [(e as { code: number }).code, (e as { row: unknown[] }).row])).toEqual([
      [0, [5, "x"]],
      [1, [5, "x"]],
      [2, [6, "x"]],
    ]);
  });

  it("an abort while waiting for RUNNING stops the statement over HTTP", async () => {
    const { gw, cur } = setup();
    running(gw);
    gw.always("GET", "/statements/:name", (req) => ({ json: statementJson({ name: req.params.name!, phase: "PENDING", isBounded: false, schema }) }));
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 30);
    await expect(cur.execute("SELECT id, name FROM t", undefined, { signal: ac.signal, statementName: "pending-1" })).rejects.toMatchObject({ code: "ABORTED" });
    expect(gw.calls("PATCH", "/statements/:name").map((r) => r.params.name)).toEqual(["pending-1"]);
  });

  it("close() during a hanging POST of a caller-chosen name stops it only when the server holds our SQL under it", async () => {
    for (const held of ["INSERT INTO sink SELECT * FROM src", "SELECT id, name FROM t"]) {
      const { gw, cur } = setup();
      running(gw);
      gw.always("POST", "/statements", HANG);
      gw.always("GET", "/statements/:name", (req) => ({ json: statementJson({ name: req.params.name!, phase: "RUNNING", sql: held, isBounded: false, schema }) }));
      gw.always("DELETE", "/statements/:name", { status: 202 });
      const executing = cur.execute("SELECT id, name FROM t", undefined, { statementName: "nightly-etl" }).catch((e: unknown) => e);
      for (let i = 0; i < 1000 && gw.calls("POST", "/statements").length === 0; i++) await new Promise((r) => setTimeout(r, 2));
      await cur.close();
      expect(await executing).toMatchObject({ code: "CURSOR_CLOSED", statementName: "nightly-etl" });
      expect(gw.calls("GET", "/statements/:name").map((r) => r.params.name)).toEqual(["nightly-etl"]);
      const ours = held === "SELECT id, name FROM t";
      expect(gw.calls("PATCH", "/statements/:name")).toHaveLength(ours ? 1 : 0);
      expect(gw.calls("DELETE", "/statements/:name")).toHaveLength(0);
    }
  });

  it("attach reads an existing statement and closing the connection detaches", async () => {
    const { gw, conn } = setup();
    running(gw);
    gw.on("GET", "/statements/:name/results", { json: resultsJson([["7", "z"]], "tok-9", "existing") });
    const cur = await conn.attach("existing", fast);
    expect(await cur.fetchOne()).toEqual([7, "z"]);
    await conn.close();
    expect(cur.closed).toBe(true);
    expect(gw.calls("PATCH", "/statements/:name")).toHaveLength(0);
  });

  it("closing the connection stops statements its streaming cursors started", async () => {
    const { gw, conn } = setup();
    running(gw);
    const cur = conn.streamingCursor({ asDict: true, ...fast });
    await cur.execute("SELECT id, name FROM t", undefined, { statementName: "feed-5" });
    gw.on("GET", "/statements/:name/results", { json: resultsJson([["1", "a"]], "tok-1", "feed-5") });
    expect(await cur.fetchOne()).toEqual({ id: 1, name: "a" });
    await conn.close();
    expect(cur.closed).toBe(true);
    expect(gw.calls("PATCH", "/statements/:name")).toHaveLength(1);
    expect(() => conn.streamingCursor()).toThrow(expect.objectContaining({ code: "CONNECTION_CLOSED" }) as Error);
  });
});
