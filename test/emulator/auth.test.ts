/**
 * Authentication, CORS, routing errors (404/405), X-Request-Id and the control plane's
 * organization list.
 */
import { afterEach, describe, expect, it } from "vitest";
import { ErrorBodyStruct, OrganizationListStruct, validate } from "../../src/client/schemas.ts";
import { basicAuth, makeHarness, type Harness } from "./support/harness.ts";
import { REF_404, shapeDiff } from "./support/reference.ts";

let h: Harness;
afterEach(async () => {
  await h?.emu.close();
});

describe("auth", () => {
  it("accepts Basic with the emulator's key and secret", async () => {
    h = makeHarness({ apiKey: "K1", apiSecret: "S1" });
    expect((await h.call("GET", h.base)).status).toBe(200);
  });

  it("401 with WWW-Authenticate for a wrong secret, a missing header and an unknown scheme", async () => {
    h = makeHarness();
    const wrong = await h.call("GET", h.base, undefined, { Authorization: basicAuth(h.emu.connectOptions.flinkApiKey, "nope") });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toBe('Basic error="invalid_key", error_description="The API Key is invalid"');
    expect(wrong.body.errors[0]).toMatchObject({ status: "401", detail: "The API Key is invalid" });
    expect(wrong.text).not.toContain("nope");
    const none = await h.emu.fetch(`${h.emu.connectOptions.endpoint}${h.base}`);
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toMatch(/^Basic/);
    const odd = await h.call("GET", h.base, undefined, { Authorization: "Digest abc" });
    expect(odd.status).toBe(401);
    expect(odd.headers.get("www-authenticate")).toBeTruthy();
  });

  it("accepts a bearer token with Confluent-Identity-Pool-Id, which becomes the principal", async () => {
    h = makeHarness();
    const headers = { Authorization: "Bearer eyJ.token", "Confluent-Identity-Pool-Id": "pool-abc" };
    const r = await h.call("POST", h.base, { name: "b1", spec: { statement: "STREAM" } }, headers);
    expect(r.status).toBe(201);
    expect(r.body.spec.principal).toBe("pool-abc");
  });

  it("accepts a data-plane bearer token without Confluent-Identity-Pool-Id (CLI, VS Code); the principal comes from the config", async () => {
    h = makeHarness({ principal: "u-cli-user" });
    const headers = { Authorization: "Bearer eyJ.dataplane" };
    const r = await h.call("POST", h.base, { name: "dp1", spec: { statement: "STREAM" } }, headers);
    expect(r.status).toBe(201);
    expect(r.body.spec.principal).toBe("u-cli-user");
    expect((await h.call("GET", `${h.base}/dp1`, undefined, headers)).status).toBe(200);
    const empty = await h.call("GET", h.base, undefined, { Authorization: "Bearer " });
    expect(empty.status).toBe(401);
    expect(empty.headers.get("www-authenticate")).toMatch(/invalid_token/);
  });

  it("restricts bearer tokens when a list is configured", async () => {
    h = makeHarness({ bearerTokens: ["good"] });
    const ok = await h.call("GET", h.base, undefined, { Authorization: "Bearer good", "Confluent-Identity-Pool-Id": "pool-1" });
    expect(ok.status).toBe(200);
    const bad = await h.call("GET", h.base, undefined, { Authorization: "Bearer bad", "Confluent-Identity-Pool-Id": "pool-1" });
    expect(bad.status).toBe(401);
    expect(bad.headers.get("www-authenticate")).toMatch(/invalid_token/);
    expect((await h.call("GET", h.base, undefined, { Authorization: "Bearer good" })).status).toBe(200);
    const badNoPool = await h.call("GET", h.base, undefined, { Authorization: "Bearer bad" });
    expect(badNoPool.status).toBe(401);
    expect(badNoPool.headers.get("www-authenticate")).toMatch(/invalid_token/);
    expect(badNoPool.text).not.toContain("bad\"");
  });

  it("requireAuth: false accepts anything", async () => {
    h = makeHarness({ requireAuth: false });
    const r = await h.emu.fetch(`${h.emu.connectOptions.endpoint}${h.base}`);
    expect(r.status).toBe(200);
  });
});

describe("routing", () => {
  it("404 with the real error shape for another organization or environment (reference 6.2)", async () => {
    h = makeHarness();
    const other = "00000000-0000-0000-0000-000000000000";
    const org = await h.call("GET", h.base.replace(h.emu.organizationId, other));
    expect(org.status).toBe(404);
    validate(org.body, ErrorBodyStruct, "error");
    expect(shapeDiff(org.body, REF_404)).toEqual([]);
    expect(org.body.errors[0]).toEqual({ id: org.headers.get("x-request-id"), status: "404", detail: `Organization '${other}' not found`, source: {} });
    const env = await h.call("GET", h.base.replace(h.emu.environmentId, "env-other"));
    expect(env.status).toBe(404);
    expect(shapeDiff(env.body, REF_404)).toEqual([]);
    expect(env.body.errors[0].detail).toBe(`Environment 'env-other' not found in organization '${h.emu.organizationId}'`);
    // Credentials are checked first: a stranger learns nothing about which organizations exist.
    const anonymous = await h.emu.fetch(`${h.emu.connectOptions.endpoint}${h.base.replace(h.emu.organizationId, other)}`);
    expect(anonymous.status).toBe(401);
  });

  it("404 for unknown paths, 405 with Allow for wrong methods", async () => {
    h = makeHarness();
    const unknown = await h.call("GET", "/sql/v2/whatever");
    expect(unknown.status).toBe(404);
    const wrong = await h.call("DELETE", h.base);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("GET, POST");
    expect((await h.call("POST", `${h.base}/x/results`)).status).toBe(405);
    expect((await h.call("POST", `${h.base}/x`)).status).toBe(405);
  });

  it("X-Request-Id on every response, distinct per request", async () => {
    h = makeHarness();
    const ids = new Set<string>();
    for (const r of [await h.call("GET", h.base), await h.call("GET", `${h.base}/nope`), await h.call("GET", "/nope")]) {
      const id = r.headers.get("x-request-id");
      expect(id).toMatch(/^[0-9a-f]{32}$/);
      ids.add(id!);
    }
    const del = await h.create("x1", "STREAM").then(() => h.call("DELETE", `${h.base}/x1`));
    expect(del.headers.get("x-request-id")).toMatch(/^[0-9a-f]{32}$/);
    expect(ids.size).toBe(3);
  });

  it("the same seed gives the same ids", async () => {
    const a = makeHarness({ seed: 7 });
    const b = makeHarness({ seed: 7 });
    const ra = await a.create("s", "STREAM");
    const rb = await b.create("s", "STREAM");
    expect(ra.body.metadata.uid).toBe(rb.body.metadata.uid);
    expect(ra.headers.get("x-request-id")).toBe(rb.headers.get("x-request-id"));
    await a.emu.close();
    h = b;
  });

  it("GET /org/v2/organizations lists the one organization", async () => {
    h = makeHarness();
    const r = await h.call("GET", "/org/v2/organizations?page_size=100");
    expect(r.status).toBe(200);
    validate(r.body, OrganizationListStruct, "organizations");
    expect(r.body.data).toHaveLength(1);
    expect(r.body.data[0].id).toBe(h.emu.organizationId);
    expect(r.body.metadata.next).toBeUndefined();
    expect((await h.emu.fetch(`${h.emu.connectOptions.endpoint}/org/v2/organizations`)).status).toBe(401);
  });
});

describe("CORS", () => {
  it("answers preflight without credentials and exposes headers", async () => {
    h = makeHarness();
    const pre = await h.emu.fetch(`${h.emu.connectOptions.endpoint}${h.base}`, {
      method: "OPTIONS",
      headers: { Origin: "http://localhost:5173", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization, content-type" },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe("*");
    expect(pre.headers.get("access-control-allow-methods")).toContain("PATCH");
    expect(pre.headers.get("access-control-allow-headers")).toBe("authorization, content-type");
    const r = await h.call("GET", h.base, undefined, { Origin: "http://localhost:5173" });
    expect(r.headers.get("access-control-allow-origin")).toBe("*");
    expect(r.headers.get("access-control-expose-headers")).toContain("X-Request-Id");
  });

  it("configured origins are echoed; others get no CORS headers", async () => {
    h = makeHarness({ corsOrigins: ["https://app.example"] });
    const ok = await h.call("GET", h.base, undefined, { Origin: "https://app.example" });
    expect(ok.headers.get("access-control-allow-origin")).toBe("https://app.example");
    expect(ok.headers.get("vary")).toBe("Origin");
    const other = await h.call("GET", h.base, undefined, { Origin: "https://evil.example" });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });
});
