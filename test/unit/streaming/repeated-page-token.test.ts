/**
 * A streaming statement's results page that has rows and hands back the very page token it was
 * asked with would have the cursor deliver the same rows again on every read. It is a
 * ProtocolError instead, raised on that page (its rows are not delivered: the server's paging is
 * broken, and which of them are new cannot be told), naming the statement and the page's request id; pages that move on, and empty pages that keep their token (nothing new yet),
 * are read as before.
 */
import { describe, expect, it } from "vitest";
import { connect, ProtocolError } from "../../../src/index.ts";
import { FakeGateway, fakeConnectOptions, resultsJson, statementJson } from "../../support/fake-gateway.ts";

const schema = [{ name: "id", type: { type: "INTEGER", nullable: false } }];

function running(gw: FakeGateway): void {
  gw.always("POST", "/statements", (req) => ({ status: 201, json: statementJson({ name: (req.body as { name: string }).name, phase: "PENDING", isBounded: false, schema }) }));
  gw.always("GET", "/statements/:name", (req) => ({ json: statementJson({ name: req.params.name!, phase: "RUNNING", isBounded: false, schema }) }));
  gw.always("PATCH", "/statements/:name", (req) => ({ json: statementJson({ name: req.params.name!, phase: "STOPPING", stopped: true, isBounded: false, schema }) }));
}

const fast = { idleBackoff: { initialMs: 1, maxMs: 2, jitter: 0 }, readinessBackoff: { initialMs: 1, maxMs: 2, jitter: 0 } };

describe("streaming results: a page with rows that repeats its own page token", () => {
  it("is a ProtocolError with the statement name and request id, raised on that page", async () => {
    const gw = new FakeGateway();
    running(gw);
    gw.on(
      "GET",
      "/statements/:name/results",
      { json: resultsJson([["1"]], "t1", "feed-rep") },
      { json: resultsJson([["2"]], "t1", "feed-rep"), headers: { "x-request-id": "req-rep" } },
    );
    const cur = connect(fakeConnectOptions(gw)).streamingCursor(fast);
    await cur.execute("SELECT id FROM t", undefined, { statementName: "feed-rep" });
    expect(await cur.fetchOne()).toEqual([1]);
    const e = (await cur.fetchOne().catch((x: unknown) => x)) as ProtocolError;
    expect(e).toBeInstanceOf(ProtocolError);
    expect(e).toMatchObject({ code: "PROTOCOL_ERROR", path: "metadata.next", statementName: "feed-rep", status: 200, requestId: "req-rep" });
    expect(e.message).toBe("Results of statement 'feed-rep' handed back, with rows, the page token they were asked with");
    expect(gw.calls("GET", "/statements/:name/results").map((r) => r.query.get("page_token"))).toEqual([null, "t1"]);
    await cur.close();
  });

  it("reads on through empty pages that keep their token, and pages that move on", async () => {
    const gw = new FakeGateway();
    running(gw);
    gw.on(
      "GET",
      "/statements/:name/results",
      { json: resultsJson([["1"]], "t1", "feed-ok") },
      { json: resultsJson([], "t1", "feed-ok") },
      { json: resultsJson([["2"]], "t2", "feed-ok") },
    );
    const cur = connect(fakeConnectOptions(gw)).streamingCursor(fast);
    await cur.execute("SELECT id FROM t", undefined, { statementName: "feed-ok" });
    expect(await cur.fetchOne()).toEqual([1]);
    // fetchOne answers null for a read that found nothing new (the empty page); the next one reads on.
    expect(await cur.fetchOne()).toBeNull();
    expect(await cur.fetchOne()).toEqual([2]);
    expect(gw.calls("GET", "/statements/:name/results").map((r) => r.query.get("page_token"))).toEqual([null, "t1", "t1"]);
    await cur.close();
  });
});
