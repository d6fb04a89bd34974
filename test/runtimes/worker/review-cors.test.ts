/** CORS through the router: Vary: Origin on every API answer, merged with the upstream's, and on configuration errors. */
import { describe, expect, it } from "vitest";
import { createApp, type AppDeps, type HostedEmulator } from "../../../src/worker/app.ts";
import { appendVary, withCors } from "../../../src/worker/cors.ts";

const ORIGIN = "https://app.example";

function emulatorAnswering(response: () => Response): HostedEmulator {
  return {
    fetch: async () => response(),
    connectOptions: { endpoint: "http://emu", organizationId: "org-e", environmentId: "env-e", flinkApiKey: "k", flinkApiSecret: "s" },
  };
}

function app(response: () => Response = () => Response.json({ data: [] })) {
  const emulator = emulatorAnswering(response);
  const deps: AppDeps = {
    emulator: () => emulator,
    connect: () => {
      throw new Error("not used");
    },
  };
  return createApp(deps);
}

const STATEMENTS = "http://w.localhost/sql/v1/organizations/org-e/environments/env-e/statements";

describe("Vary: Origin", () => {
  it("is on API answers for allowed, other and absent origins", async () => {
    const env = { ALLOWED_ORIGINS: ORIGIN };
    const cases: Array<Record<string, string>> = [{ origin: ORIGIN }, { origin: "https://evil.example" }, {}];
    for (const headers of cases) {
      for (const url of [STATEMENTS, "http://w.localhost/api/config", "http://w.localhost/api/healthz", "http://w.localhost/api/nope"]) {
        const res = await app()(new Request(url, { headers }), env);
        expect(res.headers.get("vary"), `${url} ${JSON.stringify(headers)}`).toBe("Origin");
        expect(res.headers.get("access-control-allow-origin")).toBe(headers.origin === ORIGIN ? ORIGIN : null);
      }
    }
  });

  it("is appended to the upstream's Vary, not replacing it", async () => {
    const res = await app(() => Response.json({ data: [] }, { headers: { vary: "Accept-Encoding, Accept" } }))(new Request(STATEMENTS, { headers: { origin: ORIGIN } }), {
      ALLOWED_ORIGINS: ORIGIN,
    });
    expect(res.headers.get("vary")).toBe("Accept-Encoding, Accept, Origin");
    expect(res.headers.get("access-control-allow-origin")).toBe(ORIGIN);
  });

  it("is on preflight answers, allowed or not", async () => {
    for (const origin of [ORIGIN, "https://evil.example"]) {
      const res = await app()(new Request(STATEMENTS, { method: "OPTIONS", headers: { origin, "access-control-request-method": "POST" } }), { ALLOWED_ORIGINS: ORIGIN });
      expect(res.status).toBe(origin === ORIGIN ? 204 : 403);
      expect(res.headers.get("vary")).toBe("Origin");
    }
  });

  it("appendVary keeps * and does not repeat a listed name", () => {
    const vary = (initial: string | null) => {
      const h = new Headers(initial === null ? {} : { vary: initial });
      appendVary(h, "Origin");
      return h.get("vary");
    };
    expect(vary(null)).toBe("Origin");
    expect(vary("")).toBe("Origin");
    expect(vary("*")).toBe("*");
    expect(vary("accept, origin")).toBe("accept, origin");
    expect(vary("Accept-Encoding")).toBe("Accept-Encoding, Origin");
    const res = withCors(new Response("x", { headers: { vary: "Accept" } }), new Request("http://w/", { headers: { origin: ORIGIN } }), [ORIGIN]);
    expect(res.headers.get("vary")).toBe("Accept, Origin");
  });
});

describe("configuration errors and CORS", () => {
  it("a 500 WORKER_MISCONFIGURED carries the CORS headers for an allowed origin", async () => {
    const env = { ALLOWED_ORIGINS: ORIGIN, CONFLUENT_ORG_ID: "org-1" };
    const res = await app()(new Request("http://w.localhost/api/config", { headers: { origin: ORIGIN } }), env);
    expect(res.status).toBe(500);
    expect(res.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(res.headers.get("vary")).toBe("Origin");
    expect(await res.json()).toMatchObject({ errors: [{ code: "WORKER_MISCONFIGURED" }] });
    const other = await app()(new Request("http://w.localhost/api/config", { headers: { origin: "https://evil.example" } }), env);
    expect(other.status).toBe(500);
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });
});
