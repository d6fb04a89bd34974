import { describe, expect, it } from "vitest";
import { connect } from "../../../src/client/connection.ts";
import { HIDDEN_LABEL } from "../../../src/client/statement.ts";
import { IntegrityError, InterfaceError, OperationalError, ProtocolError, StatementNotFoundError, TimeoutError } from "../../../src/errors.ts";
import {
  BASE,
  conflict,
  DROP,
  ENV,
  errorResponse,
  FakeGateway,
  fakeConnectOptions,
  notFound,
  notReady,
  ORG,
  PREFIX,
  resultsJson,
  statementJson,
} from "../../support/fake-gateway.ts";

function setup(extra: Record<string, unknown> = {}) {
  const gw = new FakeGateway();
  const conn = connect({ ...fakeConnectOptions(gw), ...extra });
  return { gw, conn };
}

function listPage(names: string[], next: string | null) {
  const metadata: Record<string, unknown> = {};
  if (next !== null) metadata.next = `${BASE}${PREFIX}/statements?page_size=100&page_token=${next}`;
  return { json: { api_version: "sql/v1", kind: "StatementList", metadata, data: names.map((name) => statementJson({ name })) } };
}

describe("createStatement", () => {
  it("posts name, ids, spec, properties and prefixed labels", async () => {
    const { gw, conn } = setup({ database: "cluster_0", computePoolId: "lfcp-9" });
    gw.statefulStatements("PENDING");
    const st = await conn.createStatement("SELECT 1", { labels: ["nightly", HIDDEN_LABEL], properties: { "sql.state-ttl": "1 h", "x.n": 5 } });
    expect(st.name).toMatch(/^dbapi-[0-9a-f-]{36}$/);
    expect(st.phase).toBe("PENDING");
    const body = gw.calls("POST")[0]!.body as Record<string, any>;
    expect(body.name).toBe(st.name);
    expect(body.organization_id).toBe(ORG);
    expect(body.environment_id).toBe(ENV);
    expect(body.spec).toEqual({
      statement: "SELECT 1",
      stopped: false,
      compute_pool_id: "lfcp-9",
      properties: { "sql.state-ttl": "1 h", "x.n": "5", "sql.current-catalog": ENV, "sql.current-database": "cluster_0" },
    });
    expect(body.metadata).toEqual({ labels: { "user.confluent.io/nightly": "true", "user.confluent.io/hidden": "true" } });
  });

  it("uses the catalog option and snapshot mode, and omits the pool when none is configured", async () => {
    const { gw, conn } = setup({ catalog: "my-env" });
    gw.statefulStatements();
    await conn.createStatement("SELECT 1", { snapshot: true, statementName: "my-query-1" });
    const body = gw.calls("POST")[0]!.body as Record<string, any>;
    expect(body.name).toBe("my-query-1");
    expect(body.spec.compute_pool_id).toBeUndefined();
    expect(body.metadata).toBeUndefined();
    expect(body.spec.properties).toEqual({ "sql.current-catalog": "my-env", "sql.snapshot.mode": "now" });
  });

  it("sends connection properties and the time zone, with per-statement catalog and database", async () => {
    const { gw, conn } = setup({ properties: { "sql.state-ttl": "1 h" }, localTimeZone: "Europe/Berlin", database: "db0" });
    gw.statefulStatements("PENDING");
    await conn.createStatement("SELECT 1", { catalog: "other-env", database: "db1", properties: { "sql.state-ttl": "2 h" } });
    const props = (gw.calls("POST")[0]!.body as { spec: { properties: Record<string, string> } }).spec.properties;
    expect(props).toEqual({ "sql.state-ttl": "2 h", "sql.local-time-zone": "Europe/Berlin", "sql.current-catalog": "other-env", "sql.current-database": "db1" });
  });

  it("refuses reserved properties and bad names before any I/O", async () => {
    const { gw, conn } = setup();
    await expect(conn.createStatement("SELECT 1", { properties: { "sql.current-catalog": "x" } })).rejects.toMatchObject({ code: "PROPERTY_RESERVED" });
    await expect(conn.createStatement("SELECT 1", { properties: { "sql.snapshot.mode": "now" } })).rejects.toBeInstanceOf(InterfaceError);
    await expect(conn.createStatement("SELECT 1", { statementName: "Bad_Name" })).rejects.toMatchObject({ code: "STATEMENT_NAME_INVALID" });
    await expect(conn.createStatement("SELECT 1", { labels: "x" as never })).rejects.toMatchObject({ code: "LABELS_INVALID" });
    await expect(conn.createStatement("  ")).rejects.toMatchObject({ code: "EMPTY_STATEMENT" });
    expect(gw.requests.length).toBe(0);
  });

  it("a 409 on a first create is IntegrityError STATEMENT_NAME_TAKEN", async () => {
    const { gw, conn } = setup();
    gw.on("POST", "/statements", conflict("taken"));
    const e = (await conn.createStatement("SELECT 1", { statementName: "taken" }).catch((x: unknown) => x)) as IntegrityError;
    expect(e).toBeInstanceOf(IntegrityError);
    expect(e.code).toBe("STATEMENT_NAME_TAKEN");
    expect(e.statementName).toBe("taken");
    expect(gw.calls("POST").length).toBe(1);
  });

  it("a POST whose connection drops after the server created the statement leaves exactly one statement", async () => {
    const { gw, conn } = setup();
    gw.statefulStatements("PENDING");
    // First POST: the server creates it, then the connection drops before the response arrives.
    gw.on("POST", "/statements", (req) => {
      const b = req.body as { name: string; spec: { statement: string } };
      gw.store.set(b.name, statementJson({ name: b.name, phase: "PENDING", sql: b.spec.statement }));
      return DROP;
    });
    const st = await conn.createStatement("SELECT 42", { statementName: "once" });
    expect(st.name).toBe("once");
    expect(gw.store.size).toBe(1);
    expect(gw.calls("POST").length).toBe(1);
    expect(gw.calls("GET", "/statements/:name").length).toBe(1);
  });

  it("a dropped POST that never reached the server is posted again", async () => {
    const { gw, conn } = setup();
    gw.statefulStatements("PENDING");
    gw.on("POST", "/statements", DROP);
    const st = await conn.createStatement("SELECT 42", { statementName: "twice" });
    expect(st.name).toBe("twice");
    expect(gw.calls("POST").length).toBe(2);
    expect(gw.store.size).toBe(1);
  });

  it("a 409 on a retry after an uncertain failure means already created", async () => {
    const { gw, conn } = setup();
    gw.on("POST", "/statements", errorResponse(503, "busy"), conflict("mine"));
    gw.on("GET", "/statements/:name", notFound("mine"), { json: statementJson({ name: "mine", sql: "SELECT 7", phase: "PENDING" }) });
    const st = await conn.createStatement("SELECT 7", { statementName: "mine" });
    expect(st.name).toBe("mine");
    expect(gw.calls("POST").length).toBe(2);
  });

  it("retries a create that was rate limited (429 means not created)", async () => {
    const { gw, conn } = setup();
    gw.statefulStatements("PENDING");
    gw.on("POST", "/statements", errorResponse(429, "slow", { "retry-after": "0" }));
    await conn.createStatement("SELECT 1", { statementName: "rl" });
    expect(gw.calls("POST").length).toBe(2);
  });
});

describe("get / list / stop / resume / delete / exceptions", () => {
  it("lists across three pages re-sending the filters with each token", async () => {
    const { gw, conn } = setup();
    gw.on("GET", "/statements", listPage(["a", "b"], "t1"), listPage([], "t2"), listPage(["c"], null));
    const all = await conn.listStatements({ labels: ["nightly", "team-x"], computePoolId: "lfcp-1", nameContains: "ord" });
    expect(all.map((s) => s.name)).toEqual(["a", "b", "c"]);
    const calls = gw.calls("GET", "/statements");
    expect(calls.length).toBe(3);
    for (const [i, c] of calls.entries()) {
      expect(c.query.get("label_selector")).toBe("user.confluent.io/nightly=true,user.confluent.io/team-x=true");
      expect(c.query.get("spec.compute_pool_id")).toBe("lfcp-1");
      expect(c.query.get("statement_name_search_query")).toBe("ord");
      expect(c.query.get("time_ordered")).toBe("true");
      expect(c.query.get("page_size")).toBe("100");
      expect(c.query.get("page_token")).toBe([null, "t1", "t2"][i]);
    }
  });

  it("lists lazily as an async iterator", async () => {
    const { gw, conn } = setup();
    gw.on("GET", "/statements", listPage(["a"], "t1"), listPage(["b"], null));
    const names: string[] = [];
    for await (const s of conn.listStatements()) {
      names.push(s.name);
      if (names.length === 1) expect(gw.requests.length).toBe(1);
    }
    expect(names).toEqual(["a", "b"]);
  });

  it("refuses a bad page size before any I/O", () => {
    const { gw, conn } = setup();
    expect(() => conn.listStatements({ pageSize: 0 })).toThrow(expect.objectContaining({ code: "PAGE_SIZE_INVALID" }));
    expect(() => conn.listStatements({ pageSize: 101 })).toThrow(InterfaceError);
    expect(gw.requests.length).toBe(0);
  });

  it("accepts a null data array and next: \"\" as the last page", async () => {
    const { gw, conn } = setup();
    gw.on("GET", "/statements", { json: { data: null, metadata: { next: "" } } });
    await expect(conn.listStatements()).resolves.toEqual([]);
  });

  it("rejects a list item that breaks the schema with its path", async () => {
    const { gw, conn } = setup();
    gw.on("GET", "/statements", { json: { data: [statementJson({ name: "a" }), { name: "b" }] } });
    const e = (await conn.listStatements().then(() => undefined, (x: unknown) => x)) as ProtocolError;
    expect(e).toBeInstanceOf(ProtocolError);
    expect(e.path).toBe("data[1].spec");
  });

  it("stops with a JSON Patch and waits for STOPPED", async () => {
    const { gw, conn } = setup();
    gw.on("PATCH", "/statements/:name", { json: statementJson({ name: "s", phase: "RUNNING", stopped: true }) });
    gw.on(
      "GET",
      "/statements/:name",
      { json: statementJson({ name: "s", phase: "RUNNING" }) },
      { json: statementJson({ name: "s", phase: "STOPPING", stopped: true }) },
      { json: statementJson({ name: "s", phase: "STOPPED", stopped: true }) },
    );
    const st = await conn.stopStatement("s");
    expect(st.phase).toBe("STOPPED");
    const patch = gw.calls("PATCH")[0]!;
    expect(patch.headers.get("content-type")).toBe("application/json-patch+json");
    expect(patch.body).toEqual([{ op: "replace", path: "/spec/stopped", value: true }]);
  });

  it("stop with wait: false returns the PATCH response at once", async () => {
    const { gw, conn } = setup();
    gw.on("GET", "/statements/:name", { json: statementJson({ name: "s", phase: "RUNNING" }) });
    gw.on("PATCH", "/statements/:name", { json: statementJson({ name: "s", phase: "RUNNING", stopped: true }) });
    const st = await conn.stopStatement("s", { wait: false });
    expect(st.phase).toBe("RUNNING");
    expect(st.stopRequested).toBe(true);
    // The one GET is the terminal check before the PATCH; nothing waits afterwards.
    expect(gw.calls("GET").length).toBe(1);
  });

  it("stop of an unknown statement is StatementNotFoundError; a stop wait can time out", async () => {
    const { gw, conn } = setup();
    gw.on("GET", "/statements/:name", notFound("nope"));
    await expect(conn.stopStatement("nope")).rejects.toBeInstanceOf(StatementNotFoundError);
    expect(gw.calls("PATCH")).toEqual([]);
    gw.on("PATCH", "/statements/:name", { json: statementJson({ name: "s", phase: "RUNNING", stopped: true }) });
    gw.always("GET", "/statements/:name", { json: statementJson({ name: "s", phase: "STOPPING" }) });
    await expect(conn.stopStatement("s", { timeoutMs: 80 })).rejects.toBeInstanceOf(TimeoutError);
  });

  it("stop sends nothing for a terminal Statement and no PATCH for a terminal name", async () => {
    const { gw, conn } = setup();
    gw.on("GET", "/statements/:name", { json: statementJson({ name: "done", phase: "COMPLETED" }) }, { json: statementJson({ name: "failed", phase: "FAILED", detail: "old failure" }) });
    const done = await conn.getStatement("done");
    expect(await conn.stopStatement(done)).toBe(done);
    expect(gw.requests.length).toBe(1);
    const failed = await conn.stopStatement("failed");
    expect(failed.phase).toBe("FAILED");
    expect(gw.calls("PATCH")).toEqual([]);
  });

  it("a stop wait that ends FAILED is OperationalError STOP_FAILED with the server's detail", async () => {
    const { gw, conn } = setup();
    gw.on("GET", "/statements/:name", { json: statementJson({ name: "s", phase: "RUNNING" }) }, { json: statementJson({ name: "s", phase: "FAILED", detail: "Sink rejected the last checkpoint" }) });
    gw.on("PATCH", "/statements/:name", { json: statementJson({ name: "s", phase: "RUNNING", stopped: true }) });
    const e = (await conn.stopStatement("s").catch((x: unknown) => x)) as OperationalError;
    expect(e).toBeInstanceOf(OperationalError);
    expect(e).toMatchObject({ code: "STOP_FAILED", statementName: "s", phase: "FAILED", detail: "Sink rejected the last checkpoint" });
    expect(e.message).toContain("Sink rejected the last checkpoint");
    // Without a detail, the exceptions endpoint explains it.
    gw.on("GET", "/statements/:name", { json: statementJson({ name: "t", phase: "RUNNING" }) });
    gw.on("PATCH", "/statements/:name", { json: statementJson({ name: "t", phase: "FAILED", detail: "" }) });
    gw.on("GET", "/statements/:name/exceptions", { json: { data: [{ name: "java.lang.IllegalStateException", message: "state backend lost", timestamp: "t" }] } });
    await expect(conn.stopStatement("t")).rejects.toMatchObject({ code: "STOP_FAILED", detail: "state backend lost" });
    // wait: false returns the PATCH response as it is.
    gw.on("GET", "/statements/:name", { json: statementJson({ name: "u", phase: "RUNNING" }) });
    gw.on("PATCH", "/statements/:name", { json: statementJson({ name: "u", phase: "FAILED", detail: "x" }) });
    await expect(conn.stopStatement("u", { wait: false })).resolves.toMatchObject({ phase: "FAILED" });
  });

  it("resumes with PUT and the resource version, re-reading after a 409", async () => {
    const { gw, conn } = setup();
    gw.on(
      "GET",
      "/statements/:name",
      { json: statementJson({ name: "s", phase: "STOPPED", stopped: true, resourceVersion: "4" }) },
      { json: statementJson({ name: "s", phase: "STOPPED", stopped: true, resourceVersion: "5" }) },
      { json: statementJson({ name: "s", phase: "PENDING", resourceVersion: "6" }) },
    );
    gw.on("PUT", "/statements/:name", errorResponse(409, "stale resource version"), { status: 202 });
    const st = await conn.resumeStatement("s");
    expect(st.phase).toBe("PENDING");
    const puts = gw.calls("PUT");
    expect(puts.map((p) => (p.body as any).metadata.resource_version)).toEqual(["4", "5"]);
    expect((puts[1]!.body as any).spec.stopped).toBe(false);
  });

  it("delete treats 404 as success and reports other failures", async () => {
    const { gw, conn } = setup();
    gw.on("DELETE", "/statements/:name", { status: 202 }, notFound("gone"), errorResponse(403, "forbidden"));
    await conn.deleteStatement("a");
    await conn.deleteStatement("gone");
    await expect(conn.deleteStatement("c")).rejects.toMatchObject({ code: "PERMISSION_DENIED", status: 403 });
  });

  it("reads exceptions newest first", async () => {
    const { gw, conn } = setup();
    gw.on("GET", "/statements/:name/exceptions", {
      json: { data: [{ kind: "StatementException", name: "java.lang.RuntimeException", message: "boom", timestamp: "2026-01-01T00:00:00Z" }] },
    });
    await expect(conn.statementExceptions("s")).resolves.toEqual([{ name: "java.lang.RuntimeException", message: "boom", timestamp: "2026-01-01T00:00:00Z" }]);
  });

  it("getStatement accepts a Statement and reads traits", async () => {
    const { gw, conn } = setup();
    gw.always("GET", "/statements/:name", { json: statementJson({ name: "s", phase: "RUNNING", isBounded: false, isAppendOnly: false, upsertColumns: [0], labels: { "user.confluent.io/x": "true", other: "1" } }) });
    const a = await conn.getStatement("s");
    const b = await conn.getStatement(a);
    expect(b.traits).toMatchObject({ sqlKind: "SELECT", isBounded: false, isAppendOnly: false, upsertColumns: [0] });
    expect(b.endUserLabels).toEqual(["x"]);
    expect(b.isTerminal).toBe(false);
    expect(b.schema?.[0]).toEqual({ name: "x", type: { type: "INTEGER", nullable: true } });
  });
});

describe("results pages (StatementsApi.resultsPage)", () => {
  it("retries 409 not ready, then rebuilds the next link against the configured endpoint", async () => {
    const { gw, conn } = setup();
    const { contextOf } = await import("../../../src/client/context.ts");
    const api = contextOf(conn).api;
    gw.on(
      "GET",
      "/statements/:name/results",
      notReady("s"),
      notReady("s"),
      { json: resultsJson([["1"], { op: 3, row: ["2"] }, { row: ["3"] } as never], "tok/1+=", "s", "https://some-internal-host.confluent.cloud") },
      { json: resultsJson([], null, "s") },
    );
    const p1 = await api.resultsPage("s", null);
    expect(p1.data).toEqual([{ op: 0, row: ["1"] }, { op: 3, row: ["2"] }, { op: 0, row: ["3"] }]);
    expect(p1.nextPageToken).toBe("tok/1+=");
    expect(p1.retries).toBe(2);
    const p2 = await api.resultsPage("s", p1.nextPageToken);
    expect(p2.nextPageToken).toBeNull();
    const last = gw.requests.at(-1)!;
    expect(last.url.host).toBe(new URL(BASE).host);
    expect(last.query.get("page_token")).toBe("tok/1+=");
  });

  it("gives up on not-ready after the deadline", async () => {
    const { gw, conn } = setup();
    const { contextOf } = await import("../../../src/client/context.ts");
    gw.always("GET", "/statements/:name/results", notReady("s"));
    const e = (await contextOf(conn).api.resultsPage("s", null, { timeoutMs: 50 }).catch((x: unknown) => x)) as OperationalError;
    expect(["RESULTS_NOT_READY", "TIMEOUT"]).toContain(e.code);
  });

  it("rejects a bad op and a missing row with the item path", async () => {
    const { gw, conn } = setup();
    const { contextOf } = await import("../../../src/client/context.ts");
    gw.on("GET", "/statements/:name/results", { json: { results: { data: [{ op: 0, row: [] }, { op: 9, row: [] }] } } }, { json: { results: { data: [{ op: 0 }] } } }, { json: { metadata: {} } });
    const api = contextOf(conn).api;
    await expect(api.resultsPage("s", null)).rejects.toMatchObject({ path: "results.data[1].op" });
    await expect(api.resultsPage("s", null)).rejects.toMatchObject({ path: "results.data[0].row" });
    await expect(api.resultsPage("s", null)).rejects.toMatchObject({ path: "results" });
  });
});

describe("statement bodies: lazy schemas and error context", () => {
  const broken = [{ name: "x", type: { nullable: true } }];

  it("lists every statement even when one has a column type that cannot be read; that one names the prefixed path on access", async () => {
    const { gw, conn } = setup();
    gw.on("GET", "/statements", {
      json: { data: [statementJson({ name: "a" }), statementJson({ name: "b", schema: broken }), statementJson({ name: "c", schema: [{ name: "v", type: { type: "TYPE_FROM_THE_FUTURE", nullable: true } }] })] },
      headers: { "x-request-id": "rid-list" },
    });
    const all = await conn.listStatements();
    expect(all.map((s) => [s.name, s.phase])).toEqual([["a", "COMPLETED"], ["b", "COMPLETED"], ["c", "COMPLETED"]]);
    expect(all[0]!.schema).toEqual([{ name: "x", type: { type: "INTEGER", nullable: true } }]);
    const e = (() => {
      try {
        return all[1]!.schema;
      } catch (x) {
        return x;
      }
    })() as ProtocolError;
    expect(e).toBeInstanceOf(ProtocolError);
    expect(e.path).toMatch(/^data\[1\]\.status\.traits\.schema\.columns\[0\]\.type/);
    expect(e).toMatchObject({ statementName: "b", status: 200, requestId: "rid-list" });
    // The traits the schema does not affect stay readable.
    expect(all[1]!.traits?.sqlKind).toBe("SELECT");
  });

  it("getStatement succeeds for a statement whose schema cannot be read; reading the schema fails with full context", async () => {
    const { gw, conn } = setup();
    gw.on("GET", "/statements/:name", { json: statementJson({ name: "b", schema: broken }), headers: { "x-request-id": "rid-get" } });
    const st = await conn.getStatement("b");
    expect(st.phase).toBe("COMPLETED");
    expect(() => st.schema).toThrow(expect.objectContaining({ code: "PROTOCOL_ERROR", statementName: "b", status: 200, requestId: "rid-get" }));
    expect(() => st.traits?.schema).toThrow(ProtocolError);
  });

  it("ProtocolErrors from get, create, stop and resume bodies carry status, request id and statement name", async () => {
    const { gw, conn } = setup();
    const bad = (name: string) => {
      const j = statementJson({ name });
      (j.status as Record<string, unknown>).phase = 7;
      return j;
    };
    gw.on("GET", "/statements/:name", { json: bad("g"), headers: { "x-request-id": "rid-1" } });
    await expect(conn.getStatement("g")).rejects.toMatchObject({ code: "PROTOCOL_ERROR", path: "status.phase", status: 200, requestId: "rid-1", statementName: "g" });

    gw.on("POST", "/statements", { status: 201, json: bad("made"), headers: { "x-request-id": "rid-2" } });
    await expect(conn.createStatement("SELECT 1", { statementName: "made" })).rejects.toMatchObject({ path: "status.phase", status: 201, requestId: "rid-2", statementName: "made" });

    gw.on("GET", "/statements/:name", { json: statementJson({ name: "s", phase: "RUNNING" }) });
    gw.on("PATCH", "/statements/:name", { json: bad("s"), headers: { "x-request-id": "rid-3" } });
    await expect(conn.stopStatement("s", { wait: false })).rejects.toMatchObject({ path: "status.phase", status: 200, requestId: "rid-3", statementName: "s" });

    gw.on("GET", "/statements/:name", { json: statementJson({ name: "r", phase: "STOPPED", stopped: true }) });
    gw.on("PUT", "/statements/:name", { json: bad("r"), headers: { "x-request-id": "rid-4" } });
    await expect(conn.resumeStatement("r")).rejects.toMatchObject({ path: "status.phase", status: 200, requestId: "rid-4", statementName: "r" });
  });
});
