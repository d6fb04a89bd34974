/** The /sql/v1 proxy with a scripted upstream fetch (no runtime needed). */
import { describe, expect, it } from "vitest";
import { preflight } from "../../../src/worker/cors.ts";
import { matchRoute, proxyLink, proxySqlV1, type ProxyTarget } from "../../../src/worker/proxy.ts";

const UP = "https://flink.us-east-2.aws.confluent.cloud";
const P = "/sql/v1/organizations/org-1/environments/env-1";

function target(handler: (r: Request) => Response | Promise<Response>, seen: Request[] = []): ProxyTarget {
  return {
    endpoint: UP,
    organizationId: "org-1",
    environmentId: "env-1",
    authorization: "Basic U0VDUkVU",
    fetch: async (r) => {
      seen.push(r);
      return handler(r);
    },
  };
}

describe("matchRoute", () => {
  const t = { organizationId: "org-1", environmentId: "env-1" };
  it("accepts the statement routes with their methods", () => {
    expect(matchRoute(`${P}/statements`, "POST", t)).toEqual({ kind: "collection" });
    expect(matchRoute(`${P}/statements`, "GET", t)).toEqual({ kind: "collection" });
    expect(matchRoute(`${P}/statements/s-1`, "PATCH", t)).toEqual({ kind: "statement" });
    expect(matchRoute(`${P}/statements/s-1/results`, "GET", t)).toEqual({ kind: "results" });
    expect(matchRoute(`${P}/statements/s-1/exceptions`, "GET", t)).toEqual({ kind: "exceptions" });
  });
  it("refuses other organizations, environments, routes and methods", () => {
    expect(matchRoute(`/sql/v1/organizations/org-2/environments/env-1/statements`, "GET", t)).toMatchObject({ error: 403 });
    expect(matchRoute(`/sql/v1/organizations/org-1/environments/env-9/statements`, "GET", t)).toMatchObject({ error: 403 });
    expect(matchRoute(`${P}/connections`, "GET", t)).toMatchObject({ error: 404 });
    expect(matchRoute(`/org/v2/organizations`, "GET", t)).toMatchObject({ error: 404 });
    expect(matchRoute(`${P}/statements/s-1/results`, "DELETE", t)).toMatchObject({ error: 405 });
    expect(matchRoute(`${P}/statements`, "DELETE", t)).toMatchObject({ error: 405 });
  });
});

describe("proxySqlV1", () => {
  it("forwards with the Worker's credentials, not the caller's, and passes the body", async () => {
    const seen: Request[] = [];
    const res = await proxySqlV1(
      new Request(`https://proxy.example${P}/statements`, {
        method: "POST",
        headers: { authorization: "Bearer caller-token", "content-type": "application/json", cookie: "a=b" },
        body: JSON.stringify({ name: "s-1" }),
      }),
      target(() => new Response(JSON.stringify({ name: "s-1" }), { status: 201, headers: { "content-type": "application/json", location: `${UP}${P}/statements/s-1` } }), seen),
    );
    expect(res.status).toBe(201);
    expect(seen).toHaveLength(1);
    const up = seen[0] as Request;
    expect(up.url).toBe(`${UP}${P}/statements`);
    expect(up.headers.get("authorization")).toBe("Basic U0VDUkVU");
    expect(up.headers.get("cookie")).toBeNull();
    expect(await up.json()).toEqual({ name: "s-1" });
    expect(res.headers.get("location")).toBe(`https://proxy.example${P}/statements/s-1`);
  });

  it("rewrites next and self links to the proxy and keeps the query string", async () => {
    const seen: Request[] = [];
    const body = {
      metadata: { self: `${UP}${P}/statements/s-1/results`, next: `${UP}${P}/statements/s-1/results?page_token=abc` },
      results: { data: [{ op: 0, row: [`${UP}/not-a-link-in-data`] }] },
    };
    const res = await proxySqlV1(
      new Request(`https://proxy.example${P}/statements/s-1/results?page_token=xyz`),
      target(() => new Response(JSON.stringify(body), { headers: { "content-type": "application/json" } }), seen),
    );
    expect(seen[0]?.url).toBe(`${UP}${P}/statements/s-1/results?page_token=xyz`);
    const out = (await res.json()) as typeof body;
    expect(out.metadata.next).toBe(`https://proxy.example${P}/statements/s-1/results?page_token=abc`);
    expect(out.metadata.self).toBe(`https://proxy.example${P}/statements/s-1/results`);
    expect(out.results.data[0]?.row[0]).toBe(`${UP}/not-a-link-in-data`);
  });

  it("rewrites links inside list items", async () => {
    const body = { data: [{ name: "a", metadata: { self: `${UP}${P}/statements/a` } }], metadata: { next: "" } };
    const res = await proxySqlV1(new Request(`https://p.example${P}/statements?page_size=1`), target(() => Response.json(body)));
    const out = (await res.json()) as typeof body;
    expect(out.data[0]?.metadata.self).toBe(`https://p.example${P}/statements/a`);
    expect(out.metadata.next).toBe("");
  });

  it("never contacts the upstream for a foreign environment", async () => {
    const seen: Request[] = [];
    const res = await proxySqlV1(new Request(`https://p.example/sql/v1/organizations/org-1/environments/env-2/statements`), target(() => new Response("x"), seen));
    expect(res.status).toBe(403);
    expect(seen).toHaveLength(0);
    const body = (await res.json()) as { errors: Array<{ status: string; detail: string }> };
    expect(body.errors[0]).toMatchObject({ status: "403", code: "ENVIRONMENT_NOT_SERVED" });
  });

  it("forwards every header CORS lets a browser send, except the token it replaces", async () => {
    // A header CORS allows but the proxy drops would be accepted from browsers and silently ignored.
    const allowed = (preflight(new Request(`https://p.example${P}/statements`, { method: "OPTIONS", headers: { origin: "https://a.example" } }), ["https://a.example"]).headers.get("access-control-allow-headers") ?? "")
      .split(",")
      .map((h) => h.trim().toLowerCase())
      .filter((h) => h !== "");
    expect(allowed).toContain("authorization");
    expect(allowed).toContain("content-type");
    const sent = Object.fromEntries(allowed.map((h) => [h, h === "authorization" ? "Bearer caller-token" : `value-of-${h}`]));
    const seen: Request[] = [];
    await proxySqlV1(new Request(`https://p.example${P}/statements`, { method: "POST", headers: sent, body: "{}" }), target(() => Response.json({}), seen));
    const up = seen[0] as Request;
    for (const h of allowed) {
      expect(up.headers.get(h), h).toBe(h === "authorization" ? "Basic U0VDUkVU" : `value-of-${h}`);
    }
  });

  it("turns an upstream 401 into 502 without its challenge", async () => {
    const res = await proxySqlV1(
      new Request(`https://p.example${P}/statements`),
      target(() => new Response('{"errors":[]}', { status: 401, headers: { "www-authenticate": 'Basic error="invalid_key"', "content-type": "application/json" } })),
    );
    expect(res.status).toBe(502);
    expect(res.headers.get("www-authenticate")).toBeNull();
    expect(await res.text()).not.toContain("U0VDUkVU");
  });

  it("passes error statuses and bodies through (409 not ready, 404)", async () => {
    const res = await proxySqlV1(
      new Request(`https://p.example${P}/statements/s/results`),
      target(() => Response.json({ errors: [{ status: "409", detail: "Results for Statement=s not ready" }] }, { status: 409 })),
    );
    expect(res.status).toBe(409);
    expect(((await res.json()) as { errors: Array<{ detail: string }> }).errors[0]?.detail).toContain("not ready");
  });

  it("follows redirects within the endpoint's origin or to https Confluent Cloud hosts with the credentials, refuses anything else", async () => {
    const seen: Request[] = [];
    const res = await proxySqlV1(
      new Request(`https://p.example${P}/statements/s`),
      target((r) => (r.url.endsWith("/statements/s") ? new Response(null, { status: 307, headers: { location: `${P}/statements/s/results` } }) : Response.json({ name: "s" })), seen),
    );
    expect(res.status).toBe(200);
    expect(seen.map((r) => r.url)).toEqual([`${UP}${P}/statements/s`, `${UP}${P}/statements/s/results`]);
    expect(seen[1]?.headers.get("authorization")).toBe("Basic U0VDUkVU");

    // The gateway may redirect to another Confluent Cloud host over https: the credentials follow.
    const hops: Request[] = [];
    const moved = await proxySqlV1(
      new Request(`https://p.example${P}/statements/s`),
      target((r) => (r.url.startsWith(UP) ? new Response(null, { status: 307, headers: { location: `https://flink-xyz.us-east-2.aws.confluent.cloud${P}/statements/s` } }) : Response.json({ name: "s" })), hops),
    );
    expect(moved.status).toBe(200);
    expect(hops.map((r) => r.url)).toEqual([`${UP}${P}/statements/s`, `https://flink-xyz.us-east-2.aws.confluent.cloud${P}/statements/s`]);
    expect(hops[1]?.headers.get("authorization")).toBe("Basic U0VDUkVU");

    // Anywhere else, plain http, another port, a look-alike host or userinfo: refused, nothing sent there.
    for (const location of [
      "https://evil.example/steal",
      "https://evilconfluent.cloud/steal",
      "https://confluent.cloud.evil.example/steal",
      `http://flink.us-east-2.aws.confluent.cloud${P}/statements/s`,
      `https://flink.us-east-2.aws.confluent.cloud:8443${P}/statements/s`,
      `https://user:pw@flink.us-east-2.aws.confluent.cloud${P}/statements/s`,
    ]) {
      const bad = await proxySqlV1(new Request(`https://p.example${P}/statements/s`), target(() => new Response(null, { status: 302, headers: { location } })));
      expect(bad.status).toBe(502);
      expect(await bad.json()).toMatchObject({ errors: [{ code: "UPSTREAM_REDIRECT_REFUSED" }] });
    }
  });

  it("maps an unreachable upstream to 502", async () => {
    const res = await proxySqlV1(new Request(`https://p.example${P}/statements`), target(() => Promise.reject(new TypeError("fetch failed"))));
    expect(res.status).toBe(502);
  });

  it("proxyLink leaves foreign links alone", () => {
    const t = { endpoint: UP, organizationId: "org-1", environmentId: "env-1" };
    expect(proxyLink("https://other.example/x", t, "https://p")).toBe("https://other.example/x");
    expect(proxyLink(`${UP}${P}/statements?y=1`, t, "https://p")).toBe(`https://p${P}/statements?y=1`);
  });
});

describe("proxySqlV1 CORS", () => {
  it("drops the upstream's CORS headers (the proxy decides)", async () => {
    const res = await proxySqlV1(
      new Request(`https://p.example${P}/statements`),
      target(() => Response.json({ data: [] }, { headers: { "access-control-allow-origin": "*", "access-control-expose-headers": "x" } })),
    );
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    expect(res.headers.get("access-control-expose-headers")).toBeNull();
  });
});
