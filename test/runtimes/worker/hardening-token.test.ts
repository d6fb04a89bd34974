/** PROXY_TOKEN strength: a Worker with Confluent credentials refuses a token under 32 characters. */
import { describe, expect, it } from "vitest";
import { MIN_PROXY_TOKEN_LENGTH, readConfig, WorkerConfigError, type WorkerEnv } from "../../../src/worker/config.ts";
import { createApp, type AppDeps } from "../../../src/worker/app.ts";

const CONFLUENT: WorkerEnv = {
  CONFLUENT_ORG_ID: "org-1",
  CONFLUENT_ENV_ID: "env-1",
  CONFLUENT_FLINK_API_KEY: "KEY-1234",
  CONFLUENT_FLINK_API_SECRET: "SECRET-5678",
  CONFLUENT_CLOUD_PROVIDER: "aws",
  CONFLUENT_CLOUD_REGION: "us-east-2",
};

/** What `openssl rand -hex 32` prints: 64 hex characters. */
const HEX_64 = "0123456789abcdef".repeat(4);

const noUpstream: AppDeps = {
  connect: () => {
    throw new Error("must not connect");
  },
  emulator: () => {
    throw new Error("must not start the emulator");
  },
};

describe("PROXY_TOKEN strength with Confluent credentials", () => {
  it("is at least 32 characters", () => {
    expect(MIN_PROXY_TOKEN_LENGTH).toBe(32);
  });

  it("refuses a shorter token with a message naming PROXY_TOKEN and the rule, never the value", () => {
    for (const token of ["zq", "short-token", "a".repeat(31), ` ${"b".repeat(31)} `]) {
      let error: unknown;
      try {
        readConfig({ ...CONFLUENT, PROXY_TOKEN: token });
      } catch (e) {
        error = e;
      }
      expect(error, token).toBeInstanceOf(WorkerConfigError);
      const message = (error as Error).message;
      expect(message).toContain("PROXY_TOKEN");
      expect(message).toContain("32");
      expect(message).toContain("openssl rand -hex 32");
      expect(message).not.toContain(token.trim());
    }
  });

  it("accepts 32 characters and more (surrounding spaces do not count)", () => {
    expect(readConfig({ ...CONFLUENT, PROXY_TOKEN: "c".repeat(32) }).proxyToken).toBe("c".repeat(32));
    expect(readConfig({ ...CONFLUENT, PROXY_TOKEN: ` ${HEX_64}\n` }).proxyToken).toBe(HEX_64);
  });

  it("makes every request answer 500 WORKER_MISCONFIGURED, without the token in the body", async () => {
    const app = createApp(noUpstream);
    for (const path of ["/api/config", "/api/healthz", "/api/query", "/sql/v1/organizations/org-1/environments/env-1/statements"]) {
      const res = await app(new Request(`https://w.example${path}`, { headers: { authorization: "Bearer short-token" } }), { ...CONFLUENT, PROXY_TOKEN: "short-token" });
      expect(res.status, path).toBe(500);
      const text = await res.text();
      expect(JSON.parse(text)).toMatchObject({ errors: [{ status: "500", code: "WORKER_MISCONFIGURED", detail: expect.stringContaining("PROXY_TOKEN") }] });
      expect(text).not.toContain("short-token");
    }
  });

  it("serves with a long token", async () => {
    const res = await createApp(noUpstream)(new Request("https://w.example/api/config"), { ...CONFLUENT, PROXY_TOKEN: HEX_64 });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ upstream: "confluent", tokenRequired: true });
  });

  it("still names the clash first for a token equal to a Confluent credential", () => {
    expect(() => readConfig({ ...CONFLUENT, PROXY_TOKEN: "SECRET-5678" })).toThrow(/must differ from CONFLUENT_FLINK_API_KEY/);
  });
});

describe("PROXY_TOKEN on the embedded emulator", () => {
  it("may be short: nothing secret is behind it", async () => {
    expect(readConfig({ PROXY_TOKEN: "tok" }).proxyToken).toBe("tok");
    const res = await createApp(noUpstream)(new Request("http://localhost/api/healthz"), { PROXY_TOKEN: "tok" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, upstream: "emulator" });
  });
});
