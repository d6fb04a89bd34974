/** Worker configuration checks: PROXY_TOKEN apart from the Confluent credentials, ALLOWED_ORIGINS, the endpoint. */
import { describe, expect, it } from "vitest";
import { readAllowedOrigins, readConfig, WorkerConfigError, type WorkerEnv } from "../../../src/worker/config.ts";
import { createApp, type AppDeps } from "../../../src/worker/app.ts";

const CONFLUENT: WorkerEnv = {
  CONFLUENT_ORG_ID: "org-1",
  CONFLUENT_ENV_ID: "env-1",
  CONFLUENT_FLINK_API_KEY: "KEY-1234",
  CONFLUENT_FLINK_API_SECRET: "SECRET-5678",
  CONFLUENT_CLOUD_PROVIDER: "aws",
  CONFLUENT_CLOUD_REGION: "us-east-2",
};

function configError(env: WorkerEnv): string {
  try {
    readConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(WorkerConfigError);
    return (e as Error).message;
  }
  throw new Error("readConfig accepted the configuration");
}

const deps: AppDeps = {
  connect: () => {
    throw new Error("must not connect");
  },
  emulator: () => {
    throw new Error("must not start the emulator");
  },
};

describe("PROXY_TOKEN", () => {
  it("must not be the Confluent API key or secret; the message shows neither", async () => {
    for (const token of ["KEY-1234", "SECRET-5678", " SECRET-5678 "]) {
      const message = configError({ ...CONFLUENT, PROXY_TOKEN: token });
      expect(message).toContain("PROXY_TOKEN");
      expect(message).not.toContain("KEY-1234");
      expect(message).not.toContain("SECRET-5678");
      const res = await createApp(deps)(new Request("https://w.example/api/config"), { ...CONFLUENT, PROXY_TOKEN: token });
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(JSON.parse(text)).toMatchObject({ errors: [{ status: "500", code: "WORKER_MISCONFIGURED" }] });
      expect(text).not.toMatch(/KEY-1234|SECRET-5678/);
    }
    const another = "another-token-of-at-least-32-characters";
    expect(readConfig({ ...CONFLUENT, PROXY_TOKEN: another }).proxyToken).toBe(another);
  });
});

describe("ALLOWED_ORIGINS", () => {
  it("is normalised to the form browsers send in Origin", () => {
    expect(readAllowedOrigins({ ALLOWED_ORIGINS: "HTTPS://App.Example:443/, http://LOCALHOST:80, http://localhost:5173/ ,https://a.example:8443" })).toEqual([
      "https://app.example",
      "http://localhost",
      "http://localhost:5173",
      "https://a.example:8443",
    ]);
    expect(readAllowedOrigins({ ALLOWED_ORIGINS: "https://a.example,https://A.example/" })).toEqual(["https://a.example"]);
    expect(readAllowedOrigins({})).toEqual([]);
    expect(readAllowedOrigins({ ALLOWED_ORIGINS: " , " })).toEqual([]);
  });

  it("refuses *, null and anything that is not an http(s) origin, naming ALLOWED_ORIGINS", () => {
    for (const value of ["*", "null", "NULL", "https://a.example,*", "a.example", "https://a.example/app", "https://a.example?x", "https://u:p@a.example", "ftp://a.example", "file:///x"]) {
      const message = configError({ ALLOWED_ORIGINS: value });
      expect(message, value).toContain("ALLOWED_ORIGINS");
    }
  });

  it("makes the Worker answer 500 WORKER_MISCONFIGURED", async () => {
    const res = await createApp(deps)(new Request("https://w.example/api/healthz", { headers: { origin: "https://a.example" } }), { ALLOWED_ORIGINS: "*" });
    expect(res.status).toBe(500);
    const body = (await res.json()) as { errors: Array<{ code: string; detail: string }> };
    expect(body.errors[0]!.code).toBe("WORKER_MISCONFIGURED");
    expect(body.errors[0]!.detail).toContain("ALLOWED_ORIGINS");
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("the Confluent endpoint", () => {
  it("must be https (plain http only on a loopback host), without credentials, query or fragment", () => {
    for (const endpoint of ["http://flink.example.com", "ftp://flink.example.com", "not a url", "https://u:p@flink.example.com", "https://flink.example.com/?x=1", "https://flink.example.com/#f"]) {
      expect(configError({ ...CONFLUENT, CONFLUENT_ENDPOINT: endpoint }), endpoint).toContain("CONFLUENT_ENDPOINT");
    }
    const endpointOf = (e: string) => (readConfig({ ...CONFLUENT, CONFLUENT_ENDPOINT: e }).upstream as { endpoint: string }).endpoint;
    expect(endpointOf("https://Flink.Private.Example:443/base/")).toBe("https://flink.private.example/base");
    expect(endpointOf("http://localhost:8080")).toBe("http://localhost:8080");
    expect(endpointOf("http://127.0.0.1:9/")).toBe("http://127.0.0.1:9");
  });

  it("refuses a provider or region that would change the host name", () => {
    for (const [provider, region] of [["aws", "evil.example/x"], ["aws@evil.example", "us-east-2"], ["aws", "us east"], ["aws", "us-east-2."]]) {
      expect(configError({ ...CONFLUENT, CONFLUENT_CLOUD_PROVIDER: provider!, CONFLUENT_CLOUD_REGION: region! })).toContain("CONFLUENT_CLOUD_REGION");
    }
    expect((readConfig({ ...CONFLUENT, CONFLUENT_CLOUD_REGION: "US-EAST-2" }).upstream as { endpoint: string }).endpoint).toBe("https://flink.us-east-2.aws.confluent.cloud");
  });
});
