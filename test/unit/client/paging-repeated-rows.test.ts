/**
 * A COMPLETED statement's results page that has rows and hands back the very page token it was
 * asked with would have the snapshot cursor fetch (and deliver) the same rows forever. It is a
 * ProtocolError at once instead, after the rows read so far, and the statement is cleaned up.
 */
import { describe, expect, it } from "vitest";
import { connect, ProtocolError } from "../../../src/index.ts";
import { FakeGateway, fakeConnectOptions, resultsJson, statementJson } from "../../support/fake-gateway.ts";

function gatewayServing(pages: (name: string, token: string | undefined) => ReturnType<typeof resultsJson>) {
  const gw = new FakeGateway();
  gw.on("POST", "/statements", (req) => ({ status: 201, json: statementJson({ name: (req.body as { name: string }).name, phase: "COMPLETED" }) }));
  gw.always("GET", "/statements/:name", (req) => ({ json: statementJson({ name: req.params.name!, phase: "COMPLETED" }) }));
  gw.always("DELETE", "/statements/:name", { status: 202 });
  let served = 0;
  gw.always("GET", "/statements/:name/results", (req) => {
    served++;
    return { json: pages(req.params.name!, req.query.get("page_token") ?? undefined), headers: { "x-request-id": `req-${served}` } };
  });
  return { gw, served: () => served };
}

describe("a results page with rows that repeats its own page token", () => {
  it("is a ProtocolError naming the statement, status and request id, not an endless repeat", async () => {
    // Page 1 moves on to "t1"; the page for "t1" has a row and hands "t1" back.
    const { gw, served } = gatewayServing((name, token) => (token === undefined ? resultsJson([{ op: 0, row: ["1"] }], "t1", name) : resultsJson([{ op: 0, row: ["2"] }], "t1", name)));
    const cur = connect(fakeConnectOptions(gw)).cursor();
    const e = (await cur.execute("SELECT 1").then(() => cur.fetchAll()).catch((x: unknown) => x)) as ProtocolError;
    expect(e).toBeInstanceOf(ProtocolError);
    expect(e).toMatchObject({ code: "PROTOCOL_ERROR", path: "metadata.next", status: 200, requestId: "req-2", statementName: cur.statement!.name });
    expect(e.message).toBe(`Results of statement '${cur.statement!.name}' handed back, with rows, the page token they were asked with`);
    expect(served()).toBe(2);
  });

  it("does not trip on pages that move on", async () => {
    const { gw } = gatewayServing((name, token) =>
      token === undefined ? resultsJson([{ op: 0, row: ["1"] }], "t1", name) : token === "t1" ? resultsJson([{ op: 0, row: ["2"] }], "t2", name) : resultsJson([{ op: 0, row: ["3"] }], null, name),
    );
    const cur = connect(fakeConnectOptions(gw)).cursor();
    await cur.execute("SELECT 1");
    expect((await cur.fetchAll()).length).toBe(3);
  });
});
