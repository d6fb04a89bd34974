/**
 * DNS rebinding: a token-less emulator Worker answers only on loopback names and those in
 * ALLOWED_HOSTS (403 HOST_NOT_ALLOWED otherwise); with a token, or with Confluent credentials
 * (which need one), the token is the guard and any name is served.
 */
import { describe, expect, it } from "vitest";
import { createApp, type AppDeps, type HostedEmulator } from "../../../src/worker/app.ts";
import { readAllowedHosts, readConfig, WorkerConfigError } from "../../../src/worker/config.ts";
import { isAllowedHost } from "../../../src/worker/hosts.ts";
import { fakeConnection } from "./fakes.ts";
import { CONFLUENT_BINDINGS } from "../built-worker.ts";

const emulator: HostedEmulator = {
  connectOptions: { endpoint: "http://emu", organizationId: "org-e", environmentId: "env-e", flinkApiKey: "k", flinkApiSecret: "s" },
  fetch: async () => new Response(JSON.stringify({ data: [] }), { headers: { "content-type": "application/json" } }),
};

function app(): { app: ReturnType<typeof createApp>; connects: () => number } {
  let connects = 0;
  const deps: AppDeps = {
    emulator: () => emulator,
    connect: () => {
      connects++;
      return fakeConnection({ rows: [[1]] }).conn;
    },
  };
  return { app: createApp(deps), connects: () => connects };
}

const STATEMENTS = "/sql/v1/organizations/org-e/environments/env-e/statements";
const assets = { ASSETS: { fetch: async () => new Response("<!doctype html>playground", { headers: { "content-type": "text/html" } }) } };

async function errorCode(res: Response): Promise<string | undefined> {
  return ((await res.json()) as { errors?: Array<{ code: string }> }).errors?.[0]?.code;
}

describe("isAllowedHost", () => {
  it("accepts the loopback names on any port, and *.localhost", () => {
    for (const url of ["http://localhost/", "http://localhost:8787/x", "http://LOCALHOST./", "http://127.0.0.1:9/", "http://[::1]:8787/", "http://app.localhost:5173/", "https://a.b.localhost/"]) {
      expect(isAllowedHost(new Request(url), []), url).toBe(true);
    }
  });

  it("refuses any other name, including look-alikes and other loopback-ish spellings", () => {
    for (const url of ["http://rebind.example:8787/", "http://localhost.example/", "http://127.0.0.1.nip.io/", "http://mylocalhost/", "http://0.0.0.0:8787/", "http://192.168.1.5/"]) {
      expect(isAllowedHost(new Request(url), []), url).toBe(false);
    }
  });

  it("accepts the listed names", () => {
    expect(isAllowedHost(new Request("https://sql.example.workers.dev/"), ["sql.example.workers.dev"])).toBe(true);
    expect(isAllowedHost(new Request("http://192.168.1.5:8787/"), ["192.168.1.5"])).toBe(true);
    expect(isAllowedHost(new Request("https://other.example.workers.dev/"), ["sql.example.workers.dev"])).toBe(false);
  });

  it("checks the Host header too: both it and the URL must be allowed", () => {
    const withHost = (url: string, host: string) => new Request(url, { headers: { host } });
    expect(isAllowedHost(withHost("http://localhost/", "127.0.0.1:8787"), [])).toBe(true);
    expect(isAllowedHost(withHost("http://localhost/", "rebind.example:8787"), [])).toBe(false);
    expect(isAllowedHost(withHost("http://localhost/", "localhost@rebind.example"), [])).toBe(false);
    expect(isAllowedHost(withHost("http://localhost/", ""), [])).toBe(false);
    expect(isAllowedHost(withHost("http://rebind.example/", "localhost"), [])).toBe(false);
  });
});

describe("ALLOWED_HOSTS", () => {
  it("is read as bare host names, lower-cased, without duplicates", () => {
    expect(readAllowedHosts({ ALLOWED_HOSTS: " Sql.Example.COM, 192.168.1.5,sql.example.com., [::2] ," })).toEqual(["sql.example.com", "192.168.1.5", "[::2]"]);
    expect(readAllowedHosts({})).toEqual([]);
    expect(readConfig({ ALLOWED_HOSTS: "a.example" }).allowedHosts).toEqual(["a.example"]);
  });

  it("refuses a wildcard, a scheme, a port or a path, naming ALLOWED_HOSTS", () => {
    for (const value of ["*", "*.example.com", "http://a.example", "a.example:8787", "a.example/x", "u@a.example", "a b"]) {
      expect(() => readAllowedHosts({ ALLOWED_HOSTS: value }), value).toThrow(WorkerConfigError);
      expect(() => readAllowedHosts({ ALLOWED_HOSTS: value }), value).toThrow(/ALLOWED_HOSTS entry 1/);
    }
  });

  it("when broken makes the Worker answer 500 WORKER_MISCONFIGURED", async () => {
    const res = await app().app(new Request("http://localhost/api/healthz"), { ALLOWED_HOSTS: "*" });
    expect(res.status).toBe(500);
    const body = (await res.json()) as { errors: Array<{ code: string; detail: string }> };
    expect(body.errors[0]).toMatchObject({ code: "WORKER_MISCONFIGURED", detail: expect.stringContaining("ALLOWED_HOSTS") });
  });
});

describe("the token-less emulator Worker", () => {
  it("answers 403 HOST_NOT_ALLOWED on another name, for every route and the playground, without running anything", async () => {
    const { app: handle, connects } = app();
    const requests = [
      new Request("http://rebind.example:8787/api/config"),
      new Request("http://rebind.example:8787/api/healthz"),
      new Request("http://rebind.example:8787/api/query", { method: "POST", headers: { "content-type": "application/json" }, body: '{"sql":"SELECT 1"}' }),
      new Request(`http://rebind.example:8787${STATEMENTS}`),
      new Request(`http://rebind.example:8787${STATEMENTS}`, { method: "OPTIONS", headers: { origin: "http://rebind.example:8787", "access-control-request-method": "POST" } }),
      new Request("http://rebind.example:8787/"),
    ];
    for (const request of requests) {
      const res = await handle(request, { ...assets });
      expect(res.status, `${request.method} ${request.url}`).toBe(403);
      if (new URL(request.url).pathname !== "/") expect(res.headers.get("vary"), request.url).toContain("Origin");
      expect(await errorCode(res)).toBe("HOST_NOT_ALLOWED");
    }
    expect(connects()).toBe(0);
  });

  it("answers on loopback names and on listed ones", async () => {
    const { app: handle, connects } = app();
    for (const base of ["http://localhost:8787", "http://127.0.0.1:8787", "http://[::1]:8787", "http://play.localhost"]) {
      const res = await handle(new Request(`${base}/api/healthz`), {});
      expect(res.status, base).toBe(200);
      expect(await res.json()).toEqual({ ok: true, upstream: "emulator" });
    }
    const listed = await handle(new Request("https://sql.example.workers.dev/api/config"), { ALLOWED_HOSTS: "sql.example.workers.dev" });
    expect(listed.status).toBe(200);
    expect(await listed.json()).toMatchObject({ upstream: "emulator", endpoint: "https://sql.example.workers.dev", tokenRequired: false });
    const page = await handle(new Request("http://127.0.0.1:8787/"), { ...assets });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("playground");
    const query = await handle(new Request("http://localhost/api/query", { method: "POST", headers: { "content-type": "application/json" }, body: '{"sql":"SELECT 1"}' }), {});
    expect(query.status).toBe(200);
    expect(connects()).toBe(1);
  });

  it("answers any name once it has a token (the token is then the guard)", async () => {
    const { app: handle } = app();
    const open = await handle(new Request("http://rebind.example/api/healthz"), { PROXY_TOKEN: "tok" });
    expect(open.status).toBe(200);
    const locked = await handle(new Request(`http://rebind.example${STATEMENTS}`), { PROXY_TOKEN: "tok" });
    expect(locked.status).toBe(401);
    expect(await errorCode(locked)).toBe("UNAUTHENTICATED");
  });

  it("does not apply with Confluent credentials, which need a long token anyway", async () => {
    const env = {
      ...CONFLUENT_BINDINGS,
      PROXY_TOKEN: "0123456789abcdef".repeat(4),
    };
    const res = await app().app(new Request("https://sql.example.workers.dev/api/config"), env);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ upstream: "confluent", tokenRequired: true });
  });
});
