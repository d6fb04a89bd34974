/**
 * After the proxy follows a redirect to another Confluent Cloud host, that host's answer links to
 * itself. Those links are upstream links too: rewritten to the proxy when they name a served
 * route, dropped otherwise (a `next` then fails loudly), never passed on to the browser, which
 * would page straight to Confluent with its proxy token and show a host it need not know.
 */
import { describe, expect, it } from "vitest";
import { proxyLink, proxySqlV1, type ProxyTarget } from "../../../src/worker/proxy.ts";

const UP = "https://flink.us-east-2.aws.confluent.cloud";
const MOVED = "https://flink-cell7.us-east-2.aws.confluent.cloud";
const P = "/sql/v1/organizations/org-1/environments/env-1";
const W = "https://w.example";

function redirectingTarget(answer: (url: string) => unknown): ProxyTarget {
  return {
    endpoint: UP,
    organizationId: "org-1",
    environmentId: "env-1",
    authorization: "Basic U0VDUkVU",
    fetch: async (r) => (r.url.startsWith(UP) ? new Response(null, { status: 307, headers: { location: r.url.replace(UP, MOVED) } }) : Response.json(answer(r.url))),
  };
}

describe("links in the answer of a host a redirect led to", () => {
  it("are rewritten to the proxy when they name a served route", async () => {
    const res = await proxySqlV1(
      new Request(`${W}${P}/statements/s-1/results`),
      redirectingTarget(() => ({ metadata: { self: `${MOVED}${P}/statements/s-1/results`, next: `${MOVED}${P}/statements/s-1/results?page_token=abc` }, results: { data: [] } })),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { metadata: Record<string, string> };
    expect(body.metadata).toEqual({ self: `${W}${P}/statements/s-1/results`, next: `${W}${P}/statements/s-1/results?page_token=abc` });
    expect(JSON.stringify(body)).not.toContain("confluent.cloud");
  });

  it("make the answer a 502 UPSTREAM_LINK_UNSERVED when a next link names an unserved route", async () => {
    const res = await proxySqlV1(
      new Request(`${W}${P}/statements/s-1/results`),
      redirectingTarget(() => ({ metadata: { next: `${MOVED}/sql/v1/organizations/org-2/environments/env-9/statements/s-1/results?page_token=abc` }, results: { data: [] } })),
    );
    expect(res.status).toBe(502);
    expect(((await res.json()) as { errors: Array<{ code: string }> }).errors[0]?.code).toBe("UPSTREAM_LINK_UNSERVED");
  });

  it("proxyLink: Confluent Cloud https links are upstream links, http ones and other hosts are not", () => {
    const t = { endpoint: UP, organizationId: "org-1", environmentId: "env-1" };
    expect(proxyLink(`${MOVED}${P}/statements/s-1`, t, W)).toBe(`${W}${P}/statements/s-1`);
    expect(proxyLink(`${MOVED}/other/path`, t, W)).toBeUndefined();
    expect(proxyLink(`http://flink-cell7.us-east-2.aws.confluent.cloud${P}/statements/s-1`, t, W)).toBe(`http://flink-cell7.us-east-2.aws.confluent.cloud${P}/statements/s-1`);
    expect(proxyLink(`https://docs.example/x`, t, W)).toBe("https://docs.example/x");
  });
});
