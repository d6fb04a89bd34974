/**
 * The built Worker (dist/bundle/worker.mjs) in workerd on a real socket, as `wrangler dev` and
 * `npm start` serve it: a token-less emulator Worker refuses a request whose Host is a rebinding
 * name (403 HOST_NOT_ALLOWED), serves loopback names and the names in ALLOWED_HOSTS.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Miniflare } from "miniflare";
import { request as httpRequest } from "node:http";
import { builtWorker } from "../built-worker.ts";

function worker(bindings: Record<string, string> = {}): Miniflare {
  return builtWorker(bindings, { listen: { host: "127.0.0.1", port: 0 } });
}

/** A GET over the socket with the Host header a browser would send for `host`. */
function get(base: URL, path: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: base.hostname, port: base.port, path, method: "GET", headers: { host } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("worker in workerd: Host check of the token-less emulator", () => {
  let mf: Miniflare;
  let base: URL;
  let listed: Miniflare;
  let listedBase: URL;
  beforeAll(async () => {
    mf = worker();
    base = await mf.ready;
    listed = worker({ ALLOWED_HOSTS: "sql.lan.example" });
    listedBase = await listed.ready;
  });
  afterAll(async () => {
    await mf?.dispose();
    await listed?.dispose();
  });

  it("refuses a rebinding name on the socket, for the API and the playground", async () => {
    for (const path of ["/api/config", "/api/healthz", "/", "/sql/v1/organizations/o/environments/e/statements"]) {
      const res = await get(base, path, `rebind.example:${base.port}`);
      expect(res.status, path).toBe(403);
      expect(JSON.parse(res.body)).toMatchObject({ errors: [{ status: "403", code: "HOST_NOT_ALLOWED" }] });
    }
  });

  it("serves the loopback names on the socket (what npm start prints) and through dispatchFetch", async () => {
    for (const host of [`127.0.0.1:${base.port}`, `localhost:${base.port}`, `[::1]:${base.port}`]) {
      const res = await get(base, "/api/config", host);
      expect(res.status, host).toBe(200);
      expect(JSON.parse(res.body)).toMatchObject({ upstream: "emulator", endpoint: `http://${host}`, tokenRequired: false });
    }
    const page = await get(base, "/", `127.0.0.1:${base.port}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain("confluent-sql playground");
    expect((await mf.dispatchFetch("http://localhost/api/healthz")).status).toBe(200);
    const refused = await mf.dispatchFetch("http://rebind.example/api/healthz");
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ errors: [{ code: "HOST_NOT_ALLOWED" }] });
  });

  it("serves a name listed in ALLOWED_HOSTS, and still refuses others", async () => {
    const ok = await get(listedBase, "/api/config", `sql.lan.example:${listedBase.port}`);
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ upstream: "emulator", endpoint: `http://sql.lan.example:${listedBase.port}` });
    expect((await get(listedBase, "/api/config", `rebind.example:${listedBase.port}`)).status).toBe(403);
  });
});
