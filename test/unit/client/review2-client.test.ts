/**
 * Defects found in a second client review, each pinned by a test that failed before its fix:
 * 1. a compute pool's `http_endpoint` (which already has `/sql/v1/organizations/.../environments/...`)
 *    passed as `endpoint` doubled the path (a confusing 404);
 * 2. labels with `,`, `=` and other characters outside the label syntax changed the meaning of
 *    `label_selector` (or the created labels) silently;
 * 3. `Date` parameters beyond year 9999 or before year 0 rendered unchecked;
 * 4. a cursor created while `conn.close()` ran was not closed by it;
 * 5. a results `next` link without `page_token` gave a ProtocolError without status, request id
 *    or statement name;
 * 6. a create answered 201 with an unreadable body left the created statement behind.
 */
import { describe, expect, it } from "vitest";
import { connect, InterfaceError, ProtocolError, sqlTemplate, substituteParameters } from "../../../src/index.ts";
import { BASE, ENV, FakeGateway, fakeConnectOptions, ORG, PREFIX, resultsJson, statementJson } from "../../support/fake-gateway.ts";

const COLS = [{ name: "x", type: { type: "INTEGER", nullable: true } }];

function listJson(names: string[], next?: string): Record<string, unknown> {
  const metadata: Record<string, unknown> = { self: `${BASE}${PREFIX}/statements` };
  if (next !== undefined) metadata.next = next;
  return { api_version: "sql/v1", kind: "StatementList", metadata, data: names.map((name) => statementJson({ name })) };
}

describe("1. a compute pool's http_endpoint as endpoint", () => {
  const poolEndpoint = `${BASE}${PREFIX}`;

  it("uses the base of the URL when its organization and environment agree", async () => {
    const gw = new FakeGateway();
    gw.always("GET", "/statements", { json: listJson([]) });
    for (const endpoint of [poolEndpoint, `${poolEndpoint}/`]) {
      const conn = connect({ ...fakeConnectOptions(gw), endpoint });
      expect(conn.endpoint).toBe(BASE);
      await conn.listStatements();
      // Before the fix: .../environments/env-abc/sql/v1/organizations/org-0001/environments/env-abc/statements
      expect(gw.requests.at(-1)!.url.pathname).toBe(`${PREFIX}/statements`);
    }
    expect(gw.unexpected).toEqual([]);
  });

  it("takes the organization from the URL when organizationId is omitted (no lookup)", async () => {
    const gw = new FakeGateway();
    gw.always("GET", "/statements", { json: listJson([]) });
    const { organizationId: _omitted, ...options } = fakeConnectOptions(gw);
    // Before the fix: CONFIG_MISSING_ORGANIZATION (a Flink key cannot look it up).
    const conn = connect({ ...options, endpoint: poolEndpoint });
    expect(conn.organizationId).toBe(ORG);
    await conn.listStatements();
    expect(gw.requests.map((r) => r.url.pathname)).toEqual([`${PREFIX}/statements`]);
  });

  it("keeps a proxy's path prefix in front of the pool path", async () => {
    const gw = new FakeGateway();
    gw.always("GET", "/statements", { json: listJson([]) });
    const conn = connect({ ...fakeConnectOptions(gw), endpoint: `${BASE}/flink-proxy${PREFIX}` });
    expect(conn.endpoint).toBe(`${BASE}/flink-proxy`);
    await conn.listStatements();
    expect(gw.requests[0]!.url.pathname).toBe(`/flink-proxy${PREFIX}/statements`);
  });

  it("refuses a URL naming another environment or organization, saying what to do", () => {
    const gw = new FakeGateway();
    const other = `${BASE}/sql/v1/organizations/${ORG}/environments/env-other`;
    expect(() => connect({ ...fakeConnectOptions(gw), endpoint: other })).toThrow(InterfaceError);
    expect(() => connect({ ...fakeConnectOptions(gw), endpoint: other })).toThrow(
      expect.objectContaining({ code: "CONFIG_INVALID_ENDPOINT", message: expect.stringMatching(/env-other.*env-abc[\s\S]*https:\/\/flink\.test\.example/) }),
    );
    const otherOrg = `${BASE}/sql/v1/organizations/org-9999/environments/${ENV}`;
    expect(() => connect({ ...fakeConnectOptions(gw), endpoint: otherOrg })).toThrow(
      expect.objectContaining({ code: "CONFIG_INVALID_ENDPOINT", message: expect.stringMatching(/org-9999.*org-0001/) }),
    );
    expect(gw.requests.length).toBe(0);
  });

  it("refuses any other /sql/v1 path (a partial pool path, a statements route)", () => {
    const gw = new FakeGateway();
    for (const path of ["/sql/v1", "/sql/v1/organizations/org-0001", `${PREFIX}/statements`, `${PREFIX}/statements/st-1`, "/sql/v1/"]) {
      expect(() => connect({ ...fakeConnectOptions(gw), endpoint: `${BASE}${path}` }), path).toThrow(
        expect.objectContaining({ code: "CONFIG_INVALID_ENDPOINT", message: expect.stringContaining(BASE) }),
      );
    }
  });
});

describe("2. labels are checked against the label syntax", () => {
  it("refuses a filter label that would change the label_selector, before any request", () => {
    const gw = new FakeGateway();
    const conn = connect(fakeConnectOptions(gw));
    // Before the fix "a,user.confluent.io/b" selected two labels, "x=false" sent `x=false=true`.
    for (const bad of ["nightly,user.confluent.io/other", "x=false", "a b", "a!", "team/x", "-lead", "trail.", "", "x".repeat(64), "user.confluent.io/"]) {
      expect(() => conn.listStatements({ labels: [bad] }), bad).toThrow(expect.objectContaining({ code: "LABELS_INVALID" }));
    }
    expect(() => conn.listStatements({ labels: "a,b" })).toThrow(expect.objectContaining({ code: "LABELS_INVALID" }));
    // Before the fix: a TypeError (l.startsWith is not a function) on the first page.
    expect(() => conn.listStatements({ labels: [7 as unknown as string] })).toThrow(expect.objectContaining({ code: "LABELS_INVALID" }));
    expect(gw.requests.length).toBe(0);
  });

  it("still sends valid labels, prefixed or not", async () => {
    const gw = new FakeGateway();
    gw.always("GET", "/statements", { json: listJson([]) });
    const conn = connect(fakeConnectOptions(gw));
    await conn.listStatements({ labels: ["nightly", "user.confluent.io/team_x.v2", "A1", "x".repeat(63)] });
    expect(gw.requests[0]!.query.get("label_selector")).toBe(
      `user.confluent.io/nightly=true,user.confluent.io/team_x.v2=true,user.confluent.io/A1=true,user.confluent.io/${"x".repeat(63)}=true`,
    );
  });

  it("refuses such labels on a statement, before any request", async () => {
    const gw = new FakeGateway();
    const conn = connect(fakeConnectOptions(gw));
    await expect(conn.cursor().execute("SELECT 1", undefined, { labels: ["a=b"] })).rejects.toMatchObject({ code: "LABELS_INVALID" });
    await expect(conn.createStatement("SELECT 1", { labels: ["ok", "x,y"] })).rejects.toMatchObject({ code: "LABELS_INVALID", message: expect.stringContaining("labels[1]") });
    await expect(conn.executeStreamingDdl("CREATE TABLE t (a INT)", undefined, { labels: ["sp ace"] })).rejects.toMatchObject({ code: "LABELS_INVALID" });
    expect(gw.requests.length).toBe(0);
  });
});

describe("3. Date parameters outside years 0000-9999", () => {
  it("refuses them like timestamp() and date() do", () => {
    const y10000 = new Date(Date.UTC(10000, 0, 1));
    const yMinus1 = new Date(Date.UTC(-1, 11, 31, 23, 59, 59, 999));
    expect(() => substituteParameters("SELECT %s", [y10000])).toThrow(expect.objectContaining({ code: "PARAMETER_INVALID" }));
    expect(() => substituteParameters("SELECT %s", [yMinus1])).toThrow(expect.objectContaining({ code: "PARAMETER_INVALID", message: expect.stringContaining("0000-9999") }));
    expect(() => sqlTemplate`SELECT ${[y10000]}`).toThrow(expect.objectContaining({ code: "PARAMETER_INVALID" }));
    expect(() => substituteParameters("SELECT %s", [new Date(Number.NaN)])).toThrow(expect.objectContaining({ code: "PARAMETER_INVALID" }));
  });

  it("renders the boundaries", () => {
    const last = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
    const year0 = new Date(0);
    year0.setUTCFullYear(0, 0, 1); // 0000-01-01T00:00:00Z (Date.UTC maps year 0 to 1900)
    expect(substituteParameters("SELECT %s", [new Date(last)])).toBe(`SELECT TO_TIMESTAMP_LTZ(${last}, 3)`);
    expect(substituteParameters("SELECT %s", [year0])).toBe(`SELECT TO_TIMESTAMP_LTZ(${year0.getTime()}, 3)`);
  });

  it("conn.query refuses before anything is sent", async () => {
    const gw = new FakeGateway();
    const conn = connect(fakeConnectOptions(gw));
    await expect(conn.query("SELECT %s", [new Date(Date.UTC(12345, 0, 1))])).rejects.toMatchObject({ code: "PARAMETER_INVALID" });
    expect(gw.requests.length).toBe(0);
  });
});

describe("4. close() and cursors created while it runs", () => {
  it("refuses new cursors once close() began, and a second close() waits for the first", async () => {
    const gw = new FakeGateway();
    gw.always("POST", "/statements", (req) => ({ status: 201, json: statementJson({ schema: COLS, name: (req.body as { name: string }).name, phase: "COMPLETED" }) }));
    gw.always("GET", "/statements/:name", (req) => ({ json: statementJson({ schema: COLS, name: req.params.name, phase: "COMPLETED" }) }));
    gw.always("GET", "/statements/:name/results", (req) => ({ json: resultsJson([["1"]], null, req.params.name) }));
    gw.always("DELETE", "/statements/:name", { status: 202, delayMs: 30 });
    const conn = connect(fakeConnectOptions(gw));
    const cur = conn.cursor();
    await cur.execute("SELECT 1");
    const closing = conn.close(); // cur's DELETE takes 30 ms
    // Before the fix these succeeded, and the cursors stayed open after close() resolved.
    expect(() => conn.cursor()).toThrow(expect.objectContaining({ code: "CONNECTION_CLOSED" }));
    expect(conn.closed).toBe(true); // "whether close() was called": false until it had finished
    expect(() => conn.streamingCursor()).toThrow(expect.objectContaining({ code: "CONNECTION_CLOSED" }));
    await expect(conn.query("SELECT 1")).rejects.toMatchObject({ code: "CONNECTION_CLOSED" });
    // Before the fix the second close() resolved at once, before the cleanup.
    let secondDone = false;
    const second = conn.close().then(() => (secondDone = true));
    await new Promise((r) => setTimeout(r, 5));
    expect(secondDone).toBe(false);
    await second;
    await closing;
    expect(cur.closed).toBe(true);
    expect(gw.calls("DELETE").length).toBe(1);
    expect(gw.calls("POST").length).toBe(1);
  });
});

describe("5. a next link without page_token", () => {
  it("results: the ProtocolError names the statement, status and request id", async () => {
    const gw = new FakeGateway();
    gw.always("POST", "/statements", (req) => ({ status: 201, json: statementJson({ schema: COLS, name: (req.body as { name: string }).name, phase: "COMPLETED" }) }));
    gw.always("GET", "/statements/:name", (req) => ({ json: statementJson({ schema: COLS, name: req.params.name, phase: "COMPLETED" }) }));
    gw.always("GET", "/statements/:name/results", (req) => {
      const body = resultsJson([["1"]], null, req.params.name);
      (body.metadata as Record<string, unknown>).next = `${BASE}${PREFIX}/statements/${req.params.name}/results?offset=3`;
      return { json: body, headers: { "x-request-id": "req-next-1" } };
    });
    gw.always("DELETE", "/statements/:name", { status: 202 });
    const conn = connect(fakeConnectOptions(gw));
    const cur = conn.cursor();
    const err = await cur.execute("SELECT 1").then(() => cur.fetchAll()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProtocolError);
    expect(err).toMatchObject({ code: "PROTOCOL_ERROR", path: "metadata.next", status: 200, requestId: "req-next-1", statementName: cur.statement!.name });
    await conn.close();
  });

  it("statement list: the ProtocolError carries status and request id", async () => {
    const gw = new FakeGateway();
    gw.always("GET", "/statements", { json: listJson(["a"], `${BASE}${PREFIX}/statements?page_size=100`), headers: { "x-request-id": "req-list-1" } });
    const conn = connect(fakeConnectOptions(gw));
    const err = await conn.listStatements().then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(ProtocolError);
    expect(err).toMatchObject({ path: "metadata.next", status: 200, requestId: "req-list-1" });
  });
});

describe("6. a create answered 201 with an unreadable body", () => {
  function gateway(answer: { text?: string; json?: unknown }): FakeGateway {
    const gw = new FakeGateway();
    gw.always("POST", "/statements", { status: 201, ...answer, headers: { "x-request-id": "req-create-1" } });
    gw.always("DELETE", "/statements/:name", { status: 202 });
    return gw;
  }

  it("deletes the statement the server created (client-chosen name)", async () => {
    const gw = gateway({ text: "<html>proxy says hi</html>" });
    const conn = connect(fakeConnectOptions(gw));
    const cur = conn.cursor();
    const err = await cur.execute("SELECT 1").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProtocolError);
    expect(err).toMatchObject({ status: 201, requestId: "req-create-1" });
    const posted = (gw.calls("POST")[0]!.body as { name: string }).name;
    // Before the fix: no DELETE, the statement stayed on the server.
    expect(gw.calls("DELETE").map((r) => r.params.name)).toEqual([posted]);
    expect((err as ProtocolError).statementName).toBe(posted);
  });

  it("deletes it for a caller-chosen name too (a 201 means this request created it), and for a body off the schema", async () => {
    const gw = gateway({ json: { kind: "Statement", name: 42 } });
    const conn = connect(fakeConnectOptions(gw));
    await expect(conn.createStatement("INSERT INTO t SELECT * FROM s", { statementName: "copy-t" })).rejects.toBeInstanceOf(ProtocolError);
    expect(gw.calls("DELETE").map((r) => r.params.name)).toEqual(["copy-t"]);
    const gw2 = gateway({ text: "not json" });
    const conn2 = connect(fakeConnectOptions(gw2));
    await expect(conn2.executeStreamingDdl("INSERT INTO t SELECT * FROM s", undefined, { statementName: "copy-u" })).rejects.toBeInstanceOf(ProtocolError);
    expect(gw2.calls("DELETE").map((r) => r.params.name)).toEqual(["copy-u"]);
  });
});
