/**
 * `next` links the proxy cannot serve: answering the page without its `next` would read as the
 * last page, so the proxy answers 502 UPSTREAM_LINK_UNSERVED instead and no result rows are
 * silently lost. `self` / `first` / `last` / `prev` may still be dropped.
 */
import { describe, expect, it } from "vitest";
import { createEmulator } from "../../../src/emulator/index.ts";
import { connect, OperationalError } from "../../../src/index.ts";
import { basicAuth } from "../../../src/worker/http.ts";
import { proxySqlV1, type ProxyTarget } from "../../../src/worker/proxy.ts";

const UP = "https://flink.us-east-2.aws.confluent.cloud";
const P = "/sql/v1/organizations/org-1/environments/env-1";
const W = "https://w.example";
const RESULTS = `${P}/statements/s-1/results`;

function target(body: unknown, endpoint = UP, headers: Record<string, string> = { "content-type": "application/json" }): ProxyTarget {
  return {
    endpoint,
    organizationId: "org-1",
    environmentId: "env-1",
    authorization: "Basic U0VDUkVU",
    fetch: async () => new Response(typeof body === "string" ? body : JSON.stringify(body), { headers }),
  };
}

const page = (next: string, extra: Record<string, string> = {}) => ({ metadata: { self: `${UP}${RESULTS}`, next, ...extra }, results: { data: [{ op: 0, row: ["1"] }] } });

describe("an unserved next link", () => {
  it("is 502 UPSTREAM_LINK_UNSERVED, with neither the rows nor the upstream's host in the answer", async () => {
    for (const next of [
      `${UP}/internal/elsewhere?page_token=t2`,
      `${UP}/sql/v1/organizations/org-1/environments/env-2/statements/s-1/results?page_token=t2`,
      `${UP}${P}/statements/S_1/results?page_token=t2`,
      `${UP}${P}/connections?page_token=t2`,
    ]) {
      const res = await proxySqlV1(new Request(`${W}${RESULTS}`), target(page(next)));
      expect(res.status, next).toBe(502);
      const text = await res.text();
      expect(JSON.parse(text)).toMatchObject({ errors: [{ status: "502", code: "UPSTREAM_LINK_UNSERVED", detail: expect.stringContaining("next link") }] });
      expect(text).not.toContain(UP);
      expect(text).not.toContain("row");
      expect(res.headers.get("x-request-id")).toMatch(/\S/);
    }
  });

  it("is 502 in a data[] item's metadata too (a statement list)", async () => {
    const list = { metadata: { self: `${UP}${P}/statements` }, data: [{ name: "a", metadata: { self: `${UP}${P}/statements/a`, next: `${UP}/internal/a` } }] };
    const res = await proxySqlV1(new Request(`${W}${P}/statements`), target(list));
    expect(res.status).toBe(502);
    expect(await res.json()).toMatchObject({ errors: [{ code: "UPSTREAM_LINK_UNSERVED" }] });
  });

  it("is 502 under an endpoint with a base path when the link leaves that path", async () => {
    const base = "https://gw.internal.example/flink";
    const res = await proxySqlV1(new Request(`${W}${RESULTS}`), target(page(`https://gw.internal.example/other${RESULTS}?page_token=t2`), base));
    expect(res.status).toBe(502);
    expect(await res.json()).toMatchObject({ errors: [{ code: "UPSTREAM_LINK_UNSERVED" }] });
  });
});

describe("next links that are fine", () => {
  it("a served next is rewritten to the proxy, query string kept", async () => {
    const res = await proxySqlV1(new Request(`${W}${RESULTS}`), target(page(`${UP}${RESULTS}?page_token=t2`)));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ metadata: { self: `${W}${RESULTS}`, next: `${W}${RESULTS}?page_token=t2` }, results: { data: [{ op: 0, row: ["1"] }] } });
  });

  it("an empty next (the last page) stays empty", async () => {
    const res = await proxySqlV1(new Request(`${W}${RESULTS}`), target(page("")));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { metadata: { next: string } }).metadata.next).toBe("");
  });

  it("a next on another origin is left as it is", async () => {
    const res = await proxySqlV1(new Request(`${W}${RESULTS}`), target(page("https://elsewhere.example/page?t=2")));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { metadata: { next: string } }).metadata.next).toBe("https://elsewhere.example/page?t=2");
  });

  it("unserved self / first / last / prev links are still just dropped", async () => {
    const res = await proxySqlV1(
      new Request(`${W}${RESULTS}`),
      target(page(`${UP}${RESULTS}?page_token=t2`, { self: `${UP}/internal/self`, first: `${UP}/internal/first`, last: `${UP}/internal/last`, prev: `${UP}/internal/prev` })),
    );
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(UP);
    expect((JSON.parse(text) as { metadata: unknown }).metadata).toEqual({ next: `${W}${RESULTS}?page_token=t2` });
  });

  it("a body that is not JSON passes untouched", async () => {
    const raw = `{"metadata":{"next":"${UP}/internal"`;
    const res = await proxySqlV1(new Request(`${W}${RESULTS}`), target(raw));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(raw);
  });
});

describe("through the client library", () => {
  it("a query whose second page has an unserved next fails instead of returning the first page's rows", async () => {
    const emu = createEmulator({ clock: "instant", resultPageSize: 2 });
    const o = emu.connectOptions;
    const endpoint = o.endpoint.replace(/\/+$/, "");
    let rewritten = 0;
    const upstream: ProxyTarget = {
      endpoint,
      organizationId: o.organizationId,
      environmentId: o.environmentId,
      authorization: basicAuth(o.flinkApiKey, o.flinkApiSecret),
      // The emulator's results pages, with each non-empty next moved off the statement routes.
      fetch: async (r) => {
        const res = await emu.fetch(r);
        if (!new URL(r.url).pathname.endsWith("/results")) return res;
        const body = (await res.json()) as { metadata?: { next?: string } };
        if (body.metadata?.next) {
          body.metadata.next = `${endpoint}/internal/elsewhere?page_token=x`;
          rewritten++;
        }
        return Response.json(body, { status: res.status });
      },
    };
    const conn = connect({
      endpoint: W,
      organizationId: o.organizationId,
      environmentId: o.environmentId,
      token: "caller-token",
      fetch: (input: RequestInfo | URL, init?: RequestInit) => proxySqlV1(new Request(input, init), upstream),
    });
    try {
      const failure = await conn.query("SELECT * FROM (VALUES (1), (2), (3), (4), (5)) AS t(x)").then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(failure).toBeInstanceOf(OperationalError);
      expect((failure as OperationalError).code).toBe("SERVER_ERROR");
      expect((failure as Error).message).toContain("HTTP 502");
      expect((failure as Error).message).toContain("next link");
      expect(rewritten).toBeGreaterThan(0);
    } finally {
      await conn.close();
      await emu.close();
    }
  });
});
