/** The Worker's router with fake deps: what /api/query accepts, and the per-request connection's lifetime. */
import { describe, expect, it } from "vitest";
import { createApp, type AppDeps, type HostedEmulator } from "../../../src/worker/app.ts";
import { fakeConnection } from "./fakes.ts";

const emulator: HostedEmulator = {
  fetch: async () => new Response("{}", { headers: { "content-type": "application/json" } }),
  connectOptions: { endpoint: "http://emu", organizationId: "org-e", environmentId: "env-e", flinkApiKey: "k", flinkApiSecret: "s" },
};

/** Deps whose connections (numbered) log their cursors and their own closing into one log. */
function fakeDeps(opts: { fail?: Error } = {}) {
  const log: string[] = [];
  let connections = 0;
  const deps: AppDeps = {
    emulator: () => emulator,
    connect() {
      const id = ++connections;
      const { conn } = fakeConnection({ rows: [[1], [2]], ...opts, log });
      return { ...conn, close: async () => void log.push(`connection-close ${id}`) };
    },
  };
  return { deps, log, connections: () => connections };
}

const post = (body: string, headers: Record<string, string>) => new Request("http://w.localhost/api/query", { method: "POST", headers, body });

describe("POST /api/query in the router", () => {
  it("refuses bodies not declared as JSON with 415, before connecting", async () => {
    // text/plain and form bodies are "simple" cross-origin requests: no preflight guards them.
    const { deps, connections } = fakeDeps();
    const app = createApp(deps);
    for (const type of ["text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonp"]) {
      const res = await app(post('{"sql":"SELECT 1"}', { "content-type": type }), {});
      expect(res.status, type).toBe(415);
      expect(await res.json()).toMatchObject({ errors: [{ status: "415", code: "UNSUPPORTED_MEDIA_TYPE" }] });
    }
    const none = await app(new Request("http://w.localhost/api/query", { method: "POST", body: new Uint8Array([123, 125]) }), {});
    expect(none.status).toBe(415);
    expect(connections()).toBe(0);
    const ok = await app(post('{"sql":"SELECT 1"}', { "content-type": "Application/JSON; charset=utf-8" }), {});
    expect(ok.status).toBe(200);
    await ok.text();
  });

  it("answers a wrong method with 405 METHOD_NOT_ALLOWED", async () => {
    const res = await createApp(fakeDeps().deps)(new Request("http://w.localhost/api/query"), {});
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
    expect(await res.json()).toMatchObject({ errors: [{ status: "405", code: "METHOD_NOT_ALLOWED" }] });
  });

  it("closes the request's connection once the stream is finished", async () => {
    const { deps, log } = fakeDeps();
    const waited: Promise<unknown>[] = [];
    const res = await createApp(deps)(post('{"sql":"SELECT n"}', { "content-type": "application/json" }), {}, { waitUntil: (p) => void waited.push(p) });
    expect(log).toEqual(["execute SELECT n null"]); // still streaming: the connection stays open
    expect(await res.text()).toContain('"reason":"completed"');
    await Promise.all(waited);
    expect(log).toEqual(["execute SELECT n null", "close", "connection-close 1"]);
  });

  it("closes the request's connection after an error answer", async () => {
    const fail = Object.assign(new Error("SQL parse failed"), { name: "StatementFailedError", code: "STATEMENT_FAILED" });
    const { deps, log } = fakeDeps({ fail });
    const app = createApp(deps);
    const res = await app(post('{"sql":"SELEC"}', { "content-type": "application/json" }), {});
    expect(res.status).toBe(400);
    expect(log).toEqual(["execute SELEC null", "close", "connection-close 1"]);
    const bad = await app(post('{"sql":""}', { "content-type": "application/json" }), {});
    expect(bad.status).toBe(400);
    expect(log.slice(3)).toEqual(["connection-close 2"]);
  });

  it("answers a half-configured Worker with 500 WORKER_MISCONFIGURED", async () => {
    const res = await createApp(fakeDeps().deps)(post("{}", { "content-type": "application/json" }), { CONFLUENT_ORG_ID: "org-1" });
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ errors: [{ status: "500", code: "WORKER_MISCONFIGURED" }] });
  });
});
