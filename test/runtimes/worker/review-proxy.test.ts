/**
 * The /sql/v1 proxy's hardening: statement names and canonical upstream paths, redirects that
 * keep the credentials on the endpoint's origin (and browser method rules), hop-by-hop response
 * headers, the body cap, preflight-free body types, and which links are rewritten.
 */
import { describe, expect, it } from "vitest";
import { matchRoute, MAX_STATEMENT_NAME_LENGTH, proxyLink, proxySqlV1, PROXY_LIMITS, type ProxyTarget } from "../../../src/worker/proxy.ts";
import { MIB } from "../../../src/worker/http.ts";

const UP = "https://flink.us-east-2.aws.confluent.cloud";
const P = "/sql/v1/organizations/org-1/environments/env-1";
const AUTH = "Basic U0VDUkVU";

function target(handler: (r: Request) => Response | Promise<Response>, seen: Request[] = [], endpoint = UP): ProxyTarget {
  return {
    endpoint,
    organizationId: "org-1",
    environmentId: "env-1",
    authorization: AUTH,
    fetch: async (r) => {
      seen.push(r);
      return handler(r);
    },
  };
}

async function codeOf(res: Response): Promise<string> {
  return ((await res.json()) as { errors: Array<{ code: string }> }).errors[0]!.code;
}

describe("statement names and upstream paths", () => {
  const t = { organizationId: "org-1", environmentId: "env-1" };

  it("accepts Confluent's name rule, dotted labels included, up to 100 characters", () => {
    for (const name of ["s", "a1", "dbapi-0f1e2d3c", "a.b", "a-b.c-d.e", "x".repeat(MAX_STATEMENT_NAME_LENGTH)]) {
      expect(matchRoute(`${P}/statements/${name}`, "GET", t), name).toEqual({ kind: "statement" });
      expect(matchRoute(`${P}/statements/${name}/results`, "GET", t), name).toEqual({ kind: "results" });
    }
  });

  it("answers 404 ROUTE_NOT_FOUND for names outside the rule, encoded ones included", () => {
    const bad = ["S", "-a", "a-", ".a", "a.", "a..b", "a_b", "..", ".", "%2E%2E", "a%2Fb", "%2F..%2Fconnections", "a%2e%2e", "x".repeat(MAX_STATEMENT_NAME_LENGTH + 1)];
    for (const name of bad) {
      expect(matchRoute(`${P}/statements/${name}`, "GET", t), name).toMatchObject({ error: 404, code: "ROUTE_NOT_FOUND" });
      expect(matchRoute(`${P}/statements/${name}/results`, "GET", t), name).toMatchObject({ error: 404, code: "ROUTE_NOT_FOUND" });
    }
  });

  it("never lets an encoded path reach another upstream route", async () => {
    const seen: Request[] = [];
    for (const path of [
      `${P}/statements/x%2F..%2F..%2Fconnections`,
      `${P}/statements/%2e%2e/%2e%2e/connections`,
      `${P}/statements/..%2F..%2F..%2F..%2F..%2Forg%2Fv2%2Forganizations`,
      `${P}/statements/a%2Fresults`,
    ]) {
      const res = await proxySqlV1(new Request(`https://p.example${path}`), target(() => Response.json({}), seen));
      expect(res.status, path).toBe(404);
      expect(await codeOf(res)).toBe("ROUTE_NOT_FOUND");
    }
    expect(seen).toHaveLength(0);
  });

  it("builds the upstream path from the parsed parts (encoded ids, trailing slash)", async () => {
    const seen: Request[] = [];
    const res = await proxySqlV1(
      new Request(`https://p.example/sql/v1/organizations/org%2D1/environments/env%2d1/statements/s-1/results/?page_token=a%2Fb`),
      target(() => Response.json({}), seen),
    );
    expect(res.status).toBe(200);
    expect(seen.map((r) => r.url)).toEqual([`${UP}${P}/statements/s-1/results?page_token=a%2Fb`]);
  });
});

describe("redirects", () => {
  const redirectThenOk = (status: number, location: string) => (r: Request) =>
    r.url.endsWith("/statements/s") || r.url.endsWith("/statements") ? new Response(null, { status, headers: { location } }) : Response.json({ ok: true });

  it("refuses redirects off the endpoint's origin and https Confluent Cloud, or to http, without sending the credentials there", async () => {
    for (const location of [
      "http://flink.us-east-2.aws.confluent.cloud/sql/v1/x", // same host, plain http
      "https://flink.us-east-2.aws.confluent.cloud:8443/sql/v1/x", // another port
      "http://other.confluent.cloud/sql/v1/x", // another Confluent host, but plain http
      "https://confluent.cloud.evil.example/x",
      "//evil.example/x",
      "https://user:pw@flink.us-east-2.aws.confluent.cloud/x",
    ]) {
      const seen: Request[] = [];
      const res = await proxySqlV1(new Request(`https://p.example${P}/statements/s`), target(redirectThenOk(302, location), seen));
      expect(res.status, location).toBe(502);
      expect(await codeOf(res)).toBe("UPSTREAM_REDIRECT_REFUSED");
      expect(seen.map((r) => r.url)).toEqual([`${UP}${P}/statements/s`]);
    }
  });

  it("stops after 5 redirects with 502 UPSTREAM_REDIRECT_LOOP", async () => {
    const seen: Request[] = [];
    const res = await proxySqlV1(new Request(`https://p.example${P}/statements/s`), target(() => new Response(null, { status: 307, headers: { location: `${P}/statements/s` } }), seen));
    expect(res.status).toBe(502);
    expect(await codeOf(res)).toBe("UPSTREAM_REDIRECT_LOOP");
    expect(seen).toHaveLength(PROXY_LIMITS.maxRedirects + 1);
  });

  it("turns 303, and 301/302 after a POST, into a GET without a body", async () => {
    for (const status of [301, 302, 303]) {
      const seen: Request[] = [];
      const res = await proxySqlV1(
        new Request(`https://p.example${P}/statements`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"name":"s"}' }),
        target(redirectThenOk(status, `${P}/statements/s/results`), seen),
      );
      expect(res.status, String(status)).toBe(200);
      const second = seen[1]!;
      expect(second.method, String(status)).toBe("GET");
      expect(second.body, String(status)).toBeNull();
      expect(second.headers.get("content-type")).toBeNull();
      expect(second.headers.get("authorization")).toBe(AUTH);
    }
  });

  it("keeps the method and body on 307 and 308, and on 301/302 after a PUT; 303 turns a PUT into a GET", async () => {
    const cases: Array<[number, string, string]> = [
      [307, "POST", "POST"],
      [308, "POST", "POST"],
      [301, "PUT", "PUT"],
      [302, "PUT", "PUT"],
      [303, "PUT", "GET"],
    ];
    for (const [status, method, expected] of cases) {
      const seen: Request[] = [];
      const path = method === "POST" ? `${P}/statements` : `${P}/statements/s`;
      const res = await proxySqlV1(
        new Request(`https://p.example${path}`, { method, headers: { "content-type": "application/json" }, body: '{"a":1}' }),
        target(redirectThenOk(status, `${P}/statements/s/results`), seen),
      );
      expect(res.status).toBe(200);
      const second = seen[1]!;
      expect(second.method, `${status} ${method}`).toBe(expected);
      expect(expected === "GET" ? second.body : await second.text(), `${status} ${method}`).toBe(expected === "GET" ? null : '{"a":1}');
    }
  });
});

describe("response headers", () => {
  it("drops hop-by-hop headers and those Connection names, keeps the rest", async () => {
    const upstream = new Headers({
      "content-type": "application/json",
      connection: "keep-alive, X-Hop, x-other-hop",
      "keep-alive": "timeout=5",
      te: "trailers",
      trailer: "Expires",
      upgrade: "h2c",
      "proxy-authenticate": "Basic",
      "proxy-connection": "keep-alive",
      "x-hop": "1",
      "x-other-hop": "2",
      "x-request-id": "r-1",
      "retry-after": "3",
    });
    const res = await proxySqlV1(new Request(`https://p.example${P}/statements`), target(() => new Response("{}", { headers: upstream })));
    expect(res.status).toBe(200);
    for (const name of ["connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-authenticate", "proxy-connection", "x-hop", "x-other-hop"]) {
      expect(res.headers.get(name), name).toBeNull();
    }
    expect(res.headers.get("x-request-id")).toBe("r-1");
    expect(res.headers.get("retry-after")).toBe("3");
  });
});

describe("request bodies", () => {
  const post = (body: BodyInit, headers: Record<string, string> = { "content-type": "application/json" }) =>
    new Request(`https://p.example${P}/statements`, { method: "POST", headers, body, duplex: "half" } as RequestInit);

  it("forwards a body of exactly 8 MiB", async () => {
    const seen: Request[] = [];
    const res = await proxySqlV1(post(new Uint8Array(8 * MIB).fill(32)), target(() => Response.json({}, { status: 201 }), seen));
    expect(res.status).toBe(201);
    expect((await seen[0]!.arrayBuffer()).byteLength).toBe(8 * MIB);
  });

  it("answers 413 PAYLOAD_TOO_LARGE over 8 MiB without contacting the upstream", async () => {
    const seen: Request[] = [];
    const res = await proxySqlV1(post(new Uint8Array(8 * MIB + 1)), target(() => Response.json({}), seen));
    expect(res.status).toBe(413);
    expect(await codeOf(res)).toBe("PAYLOAD_TOO_LARGE");
    expect(seen).toHaveLength(0);
  });

  it("counts the bytes of a streamed body that declares no length", async () => {
    let pulled = 0;
    const chunk = new Uint8Array(MIB);
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(chunk);
      },
    });
    const seen: Request[] = [];
    const request = post(endless);
    expect(request.headers.get("content-length")).toBeNull();
    const res = await proxySqlV1(request, target(() => Response.json({}), seen));
    expect(res.status).toBe(413);
    expect(seen).toHaveLength(0);
    expect(pulled).toBeLessThanOrEqual(10); // stopped reading right after the cap
  });

  it("refuses preflight-free body types (text/plain, forms, none) with 415 before reading or forwarding", async () => {
    const seen: Request[] = [];
    for (const type of ["text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""]) {
      const headers: Record<string, string> = type === "" ? {} : { "content-type": type };
      const res = await proxySqlV1(new Request(`https://p.example${P}/statements`, { method: "POST", headers, body: new Uint8Array([123, 125]) }), target(() => Response.json({}), seen));
      expect(res.status, type).toBe(415);
      expect(await codeOf(res)).toBe("UNSUPPORTED_MEDIA_TYPE");
    }
    expect(seen).toHaveLength(0);
    const patch = await proxySqlV1(
      new Request(`https://p.example${P}/statements/s`, { method: "PATCH", headers: { "content-type": "application/json-patch+json" }, body: "[]" }),
      target(() => Response.json({}), seen),
    );
    expect(patch.status).toBe(200);
  });
});

describe("links", () => {
  const t = { endpoint: UP, organizationId: "org-1", environmentId: "env-1" };
  const W = "https://w.example";

  it("rewrites upstream links to served routes, keeping the query", () => {
    expect(proxyLink(`${UP}${P}/statements`, t, W)).toBe(`${W}${P}/statements`);
    expect(proxyLink(`${UP}${P}/statements?page_token=x`, t, W)).toBe(`${W}${P}/statements?page_token=x`);
    expect(proxyLink(`${UP}${P}/statements/s-1/results?page_token=y`, t, W)).toBe(`${W}${P}/statements/s-1/results?page_token=y`);
    expect(proxyLink(`${UP}${P}/statements/s-1/exceptions`, t, W)).toBe(`${W}${P}/statements/s-1/exceptions`);
    expect(proxyLink(`https://FLINK.us-east-2.aws.confluent.cloud:443${P}/statements/s-1`, t, W)).toBe(`${W}${P}/statements/s-1`);
  });

  it("drops upstream links to routes the Worker does not serve", () => {
    expect(proxyLink(`${UP}/sql/v1/organizations/org-1/environments/env-2/statements`, t, W)).toBeUndefined();
    expect(proxyLink(`${UP}${P}/connections`, t, W)).toBeUndefined();
    expect(proxyLink(`${UP}/org/v2/environments`, t, W)).toBeUndefined();
    expect(proxyLink(`${UP}${P}/statements/a%2F..%2Fb`, t, W)).toBeUndefined();
  });

  it("leaves links on other origins alone", () => {
    expect(proxyLink("https://docs.confluent.io/x", t, W)).toBe("https://docs.confluent.io/x");
    expect(proxyLink(`http://flink.us-east-2.aws.confluent.cloud${P}/statements`, t, W)).toBe(`http://flink.us-east-2.aws.confluent.cloud${P}/statements`);
  });

  it("strips an endpoint's base path", () => {
    const based = { ...t, endpoint: "https://gw.internal.example/flink" };
    expect(proxyLink(`https://gw.internal.example/flink${P}/statements/s`, based, W)).toBe(`${W}${P}/statements/s`);
  });

  it("applies the rule to bodies and Location", async () => {
    const body = {
      metadata: { self: `${UP}${P}/statements/s`, prev: `${UP}/org/v2/secret-listing`, first: "https://docs.example/x" },
      data: [{ metadata: { self: `${UP}/sql/v1/organizations/org-9/environments/env-9/statements/s` } }],
    };
    const res = await proxySqlV1(
      new Request(`${W}${P}/statements`),
      target(() => Response.json(body, { status: 200, headers: { location: `${UP}/internal/thing` } })),
    );
    expect(res.headers.get("location")).toBeNull();
    const text = await res.text();
    expect(text).not.toContain(UP);
    const out = JSON.parse(text) as { metadata: Record<string, string>; data: Array<{ metadata: Record<string, string> }> };
    expect(out.metadata).toEqual({ self: `${W}${P}/statements/s`, first: "https://docs.example/x" });
    expect(out.data[0]!.metadata).toEqual({});
  });
});

describe("405 answers", () => {
  it("name the route's methods in Allow", async () => {
    const seen: Request[] = [];
    const cases: Array<[string, string, string]> = [
      [`${P}/statements`, "DELETE", "GET, POST"],
      [`${P}/statements/s`, "POST", "GET, PUT, PATCH, DELETE"],
      [`${P}/statements/s/results`, "DELETE", "GET"],
    ];
    for (const [path, method, allow] of cases) {
      const res = await proxySqlV1(new Request(`https://p.example${path}`, { method, ...(method === "POST" ? { body: "{}", headers: { "content-type": "application/json" } } : {}) }), target(() => Response.json({}), seen));
      expect(res.status).toBe(405);
      expect(res.headers.get("allow")).toBe(allow);
      expect(await codeOf(res)).toBe("METHOD_NOT_ALLOWED");
    }
    expect(seen).toHaveLength(0);
  });
});
