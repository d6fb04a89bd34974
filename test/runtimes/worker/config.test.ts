/** Worker configuration and CORS: pure functions, no runtime needed. */
import { describe, expect, it } from "vitest";
import { readConfig, WorkerConfigError } from "../../../src/worker/config.ts";
import { corsHeaders, preflight } from "../../../src/worker/cors.ts";
import { basicAuth, hasBearer } from "../../../src/worker/http.ts";

describe("readConfig", () => {
  it("uses the emulator when no Confluent binding is set", () => {
    const c = readConfig({ PROXY_TOKEN: "tok", ALLOWED_ORIGINS: "https://a.example/, http://localhost:5173" });
    expect(c.upstream).toEqual({ kind: "emulator" });
    expect(c.proxyToken).toBe("tok");
    expect(c.allowedOrigins).toEqual(["https://a.example", "http://localhost:5173"]);
  });

  it("builds the regional endpoint from provider and region", () => {
    const c = readConfig({
      CONFLUENT_ORG_ID: "org-1",
      CONFLUENT_ENV_ID: "env-1",
      CONFLUENT_FLINK_API_KEY: "KEY",
      CONFLUENT_FLINK_API_SECRET: "SECRET",
      CONFLUENT_CLOUD_PROVIDER: "AWS",
      CONFLUENT_CLOUD_REGION: "us-east-2",
      CONFLUENT_COMPUTE_POOL_ID: "lfcp-1",
    });
    expect(c.upstream).toMatchObject({
      kind: "confluent",
      endpoint: "https://flink.us-east-2.aws.confluent.cloud",
      organizationId: "org-1",
      computePoolId: "lfcp-1",
    });
  });

  it("refuses a partial configuration, naming the missing bindings and no values", () => {
    let error: unknown;
    try {
      readConfig({ CONFLUENT_ORG_ID: "org-1", CONFLUENT_FLINK_API_SECRET: "SUPERSECRET" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WorkerConfigError);
    const message = (error as Error).message;
    expect(message).toContain("CONFLUENT_ENV_ID");
    expect(message).toContain("CONFLUENT_FLINK_API_KEY");
    expect(message).toContain("CONFLUENT_CLOUD_REGION");
    expect(message).not.toContain("SUPERSECRET");
  });
});

describe("CORS and auth helpers", () => {
  it("allows configured origins only", () => {
    expect(corsHeaders("https://a.example", ["https://a.example"])["access-control-allow-origin"]).toBe("https://a.example");
    expect(corsHeaders("https://evil.example", ["https://a.example"])).toEqual({});
    expect(corsHeaders(null, ["https://a.example"])).toEqual({});
  });

  it("answers preflights: 204 for an allowed origin, 403 otherwise", () => {
    const ok = preflight(new Request("http://w/sql/v1/x", { method: "OPTIONS", headers: { origin: "https://a.example" } }), ["https://a.example"]);
    expect(ok.status).toBe(204);
    expect(ok.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("authorization");
    const no = preflight(new Request("http://w/sql/v1/x", { method: "OPTIONS", headers: { origin: "https://b.example" } }), ["https://a.example"]);
    expect(no.status).toBe(403);
    expect(no.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("checks the bearer token exactly", () => {
    const req = (h?: string) => new Request("http://w/", h === undefined ? {} : { headers: { authorization: h } });
    expect(hasBearer(req("Bearer s3cret"), "s3cret")).toBe(true);
    expect(hasBearer(req("bearer s3cret"), "s3cret")).toBe(true);
    expect(hasBearer(req("Bearer s3creT"), "s3cret")).toBe(false);
    expect(hasBearer(req("Bearer s3cret2"), "s3cret")).toBe(false);
    expect(hasBearer(req("Basic s3cret"), "s3cret")).toBe(false);
    expect(hasBearer(req(), "s3cret")).toBe(false);
  });

  it("encodes Basic credentials as UTF-8", () => {
    expect(basicAuth("key", "sécret")).toBe(`Basic ${btoa("key:s\xc3\xa9cret")}`);
  });
});
