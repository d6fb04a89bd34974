/**
 * The paging guards' ProtocolErrors carry the HTTP status and the request id of the page
 * response that tripped them, as every other ProtocolError of a response does: RESULTS_STALLED
 * (a COMPLETED statement's empty results pages handing back the token they were asked with),
 * and "repeated a page token" of the statement list, the organization list and the Kafka
 * cluster list. Before the fix they had neither.
 */
import { describe, expect, it } from "vitest";
import { connect, ProtocolError } from "../../../src/index.ts";
import { BASE, ENV, FakeGateway, fakeConnectOptions, PREFIX, resultsJson, statementJson } from "../../support/fake-gateway.ts";
import { clustersPage, setup as controlPlaneSetup } from "../control-plane/fixtures.ts";

/** `response` with an explicit `x-request-id`. */
function withId<T extends object>(response: T, requestId: string): T & { headers: Record<string, string> } {
  return { ...response, headers: { "x-request-id": requestId } };
}

describe("RESULTS_STALLED", () => {
  it("names the status and request id of the page that made no progress", async () => {
    const gw = new FakeGateway();
    gw.on("POST", "/statements", (req) => ({ status: 201, json: statementJson({ name: (req.body as { name: string }).name, phase: "COMPLETED" }) }));
    gw.always("GET", "/statements/:name", (req) => ({ json: statementJson({ name: req.params.name!, phase: "COMPLETED" }) }));
    gw.always("DELETE", "/statements/:name", { status: 202 });
    let page = 0;
    // The first page moves to token "t1"; every later one hands "t1" back, empty.
    gw.always("GET", "/statements/:name/results", (req) => withId({ json: resultsJson([], "t1", req.params.name!) }, `req-page-${++page}`));
    const cur = connect(fakeConnectOptions(gw)).cursor();
    const e = (await cur.execute("SELECT 1").catch((x: unknown) => x)) as ProtocolError;
    expect(e).toBeInstanceOf(ProtocolError);
    expect(e).toMatchObject({ code: "RESULTS_STALLED", path: "metadata.next", status: 200, statementName: cur.statement!.name });
    // The 16th stalled page is the 17th results response.
    expect(page).toBe(17);
    expect(e.requestId).toBe("req-page-17");
  });
});

describe("a repeated page token", () => {
  const listJson = (name: string, next: string) => ({
    json: {
      api_version: "sql/v1",
      kind: "StatementList",
      metadata: { self: `${BASE}${PREFIX}/statements`, next: `${BASE}${PREFIX}/statements?page_token=${next}` },
      data: [statementJson({ name })],
    },
  });

  it("of the statement list names the status and request id of the page that repeated it", async () => {
    const gw = new FakeGateway();
    gw.on("GET", "/statements", withId(listJson("a", "p2"), "req-list-1"), withId(listJson("b", "p3"), "req-list-2"), withId(listJson("c", "p2"), "req-list-3"));
    const e = (await Promise.resolve(connect(fakeConnectOptions(gw)).listStatements()).catch((x: unknown) => x)) as ProtocolError;
    expect(e).toBeInstanceOf(ProtocolError);
    expect(e).toMatchObject({ code: "PROTOCOL_ERROR", path: "metadata.next", status: 200, requestId: "req-list-3" });
    expect(e.message).toBe("Statement list paging repeated a page token");
  });

  it("of the organization list names the status and request id of the page that repeated it", async () => {
    const gw = new FakeGateway();
    const conn = connect({
      environmentId: ENV,
      endpoint: BASE,
      controlPlaneEndpoint: "https://cp.example",
      globalApiKey: "GK",
      globalApiSecret: "GS",
      fetch: gw.fetch,
      retry: { initialDelayMs: 1, maxDelayMs: 1 },
    });
    const loop = { json: { data: [{ id: "org-0001" }], metadata: { next: "https://cp.example/org/v2/organizations?page_size=100&page_token=same" } } };
    gw.on("GET", "/org/v2/organizations", withId(loop, "req-org-1"), withId(loop, "req-org-2"));
    const e = (await conn.getStatement("x").catch((x: unknown) => x)) as ProtocolError;
    expect(e).toBeInstanceOf(ProtocolError);
    expect(e).toMatchObject({ code: "PROTOCOL_ERROR", path: "metadata.next", status: 200, requestId: "req-org-2" });
    expect(e.message).toBe("The organization list repeated a page token");
  });

  it("of the Kafka cluster list names the status and request id of the page that repeated it", async () => {
    const { gw, cp } = controlPlaneSetup();
    gw.on("GET", "/cmk/v2/clusters", withId(clustersPage([["lkc-x", "nope"]], "same"), "req-cmk-1"), withId(clustersPage([["lkc-y", "nope"]], "same"), "req-cmk-2"));
    const e = (await cp.resolveKafkaClusterId().catch((x: unknown) => x)) as ProtocolError;
    expect(e).toBeInstanceOf(ProtocolError);
    expect(e).toMatchObject({ code: "PROTOCOL_ERROR", path: "metadata.next", status: 200, requestId: "req-cmk-2" });
    expect(e.message).toBe("The Kafka cluster list repeated a page token");
  });
});
