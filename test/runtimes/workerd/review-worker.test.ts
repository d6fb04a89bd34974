/**
 * The built Worker (dist/bundle/worker.mjs) in workerd through miniflare, for the proxy checks
 * that depend on the runtime's own fetch: redirects handled by hand (credentials stay on the
 * endpoint's origin), hop-by-hop headers, the body cap, statement names, Vary.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Response as MfResponse, type Miniflare, type Request as MfRequest } from "miniflare";
import { builtWorker, CONFLUENT_BINDINGS } from "../built-worker.ts";

const P = "/sql/v1/organizations/org-1/environments/env-1";
const UP = "https://flink.us-east-2.aws.confluent.cloud";
const AUTH = { authorization: "Bearer proxy-token-for-review-0123456789abcdef" };

describe("worker in workerd: proxy hardening", () => {
  let mf: Miniflare;
  const seen: Array<{ method: string; url: string; auth: string | null; body: string }> = [];
  beforeAll(async () => {
    mf = builtWorker(
      { ...CONFLUENT_BINDINGS, PROXY_TOKEN: "proxy-token-for-review-0123456789abcdef", ALLOWED_ORIGINS: "HTTPS://App.Example:443/" },
      {
        assets: null,
        outbound: async (req: MfRequest) => {
        seen.push({ method: req.method, url: req.url, auth: req.headers.get("authorization"), body: await req.text() });
        const url = new URL(req.url);
        if (url.pathname.endsWith("/statements/to-evil")) return new MfResponse(null, { status: 302, headers: { location: "https://evil.example/x" } });
        if (url.pathname.endsWith("/statements/to-http")) return new MfResponse(null, { status: 301, headers: { location: `http://${url.host}${P}/statements/s` } });
        if (url.pathname.endsWith("/statements") && req.method === "POST") return new MfResponse(null, { status: 303, headers: { location: `${P}/statements/s` } });
        return new MfResponse(JSON.stringify({ metadata: { self: `${UP}${P}/statements/s`, prev: `${UP}/internal` } }), {
          headers: { "content-type": "application/json", "x-hop": "1", connection: "x-hop", "keep-alive": "timeout=5", vary: "Accept-Encoding" },
        });
        },
      },
    );
    await mf.ready;
  });
  afterAll(async () => {
    await mf?.dispose();
  });

  it("refuses redirects off the endpoint's origin, sending the credentials nowhere else", async () => {
    for (const name of ["to-evil", "to-http"]) {
      const before = seen.length;
      const res = await mf.dispatchFetch(`https://proxy.example${P}/statements/${name}`, { headers: AUTH });
      expect(res.status, name).toBe(502);
      expect(((await res.json()) as { errors: Array<{ code: string }> }).errors[0]!.code).toBe("UPSTREAM_REDIRECT_REFUSED");
      expect(seen.slice(before).map((s) => s.url)).toEqual([`${UP}${P}/statements/${name}`]);
    }
  });

  it("follows a 303 after a POST as a GET without a body, on the same origin", async () => {
    const before = seen.length;
    const res = await mf.dispatchFetch(`https://proxy.example${P}/statements`, {
      method: "POST",
      headers: { ...AUTH, "content-type": "application/json" },
      body: '{"name":"s"}',
    });
    expect(res.status).toBe(200);
    expect(seen.slice(before).map((s) => [s.method, s.url, s.body])).toEqual([
      ["POST", `${UP}${P}/statements`, '{"name":"s"}'],
      ["GET", `${UP}${P}/statements/s`, ""],
    ]);
    expect(seen.at(-1)!.auth).toBe(`Basic ${btoa("KEY:SECRET")}`);
  });

  it("drops hop-by-hop headers and unserved upstream links; Vary gets Origin appended", async () => {
    const res = await mf.dispatchFetch(`https://proxy.example${P}/statements/s`, { headers: { ...AUTH, origin: "https://app.example" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-hop")).toBeNull();
    expect(res.headers.get("keep-alive")).toBeNull();
    expect(res.headers.get("access-control-allow-origin")).toBe("https://app.example");
    expect(res.headers.get("vary")).toBe("Accept-Encoding, Origin");
    expect(await res.json()).toEqual({ metadata: { self: `https://proxy.example${P}/statements/s` } });
  });

  it("refuses encoded path tricks and oversized bodies without contacting the upstream", async () => {
    const before = seen.length;
    const sneaky = await mf.dispatchFetch(`https://proxy.example${P}/statements/x%2F..%2F..%2Fconnections`, { headers: AUTH });
    expect(sneaky.status).toBe(404);
    const big = await mf.dispatchFetch(`https://proxy.example${P}/statements`, {
      method: "POST",
      headers: { ...AUTH, "content-type": "application/json" },
      body: new Uint8Array(8 * 1024 * 1024 + 1),
    });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { errors: Array<{ code: string }> }).errors[0]!.code).toBe("PAYLOAD_TOO_LARGE");
    expect(seen.length).toBe(before);
  });
});
