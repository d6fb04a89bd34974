/** POST /api/query's body cap (4 MiB, counted while reading) and the read-only routes' methods. */
import { describe, expect, it } from "vitest";
import { createApp, type AppDeps, type HostedEmulator } from "../../../src/worker/app.ts";
import { MIB } from "../../../src/worker/http.ts";
import { handleQuery, QUERY_LIMITS } from "../../../src/worker/query.ts";
import { fakeConnection } from "./fakes.ts";

/** A JSON body of exactly `bytes` bytes: `{"sql":"SELECT 1","pad":"   ..."}`. */
function bodyOf(bytes: number): string {
  const head = '{"sql":"SELECT 1","pad":"';
  return `${head}${" ".repeat(bytes - head.length - 2)}"}`;
}

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request("http://w.localhost/api/query", { method: "POST", headers: { "content-type": "application/json", ...headers }, body, duplex: "half" } as RequestInit);

describe("the /api/query body cap", () => {
  it("is 4 MiB", () => {
    expect(QUERY_LIMITS.maxBodyBytes).toBe(4 * MIB);
  });

  it("runs a body of exactly 4 MiB", async () => {
    const { conn, log } = fakeConnection({ rows: [[1]] });
    const res = await handleQuery(post(bodyOf(4 * MIB)), conn);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('"reason":"completed"');
    expect(log[0]).toBe("execute SELECT 1 null");
  });

  it("answers 413 PAYLOAD_TOO_LARGE one byte over, running nothing", async () => {
    const { conn, log } = fakeConnection({ rows: [[1]] });
    let done = 0;
    const res = await handleQuery(post(bodyOf(4 * MIB + 1)), conn, { onDone: async () => void done++ });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ errors: [{ status: "413", code: "PAYLOAD_TOO_LARGE" }] });
    expect(log).toEqual([]);
    expect(done).toBe(1);
  });

  it("counts a streamed body with no Content-Length, and stops reading at the cap", async () => {
    let pulled = 0;
    const chunk = new TextEncoder().encode(" ".repeat(MIB));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"sql":"SELECT 1","pad":"'));
      },
      pull(controller) {
        pulled++;
        controller.enqueue(chunk);
      },
    });
    const request = post(stream);
    expect(request.headers.get("content-length")).toBeNull();
    const { conn, log } = fakeConnection({});
    const res = await handleQuery(request, conn);
    expect(res.status).toBe(413);
    expect(log).toEqual([]);
    expect(pulled).toBeLessThanOrEqual(6);
  });

  it("through the router too, after the token check", async () => {
    const { conn, log } = fakeConnection({});
    const deps: AppDeps = { emulator: () => ({}) as HostedEmulator, connect: () => conn };
    const res = await createApp(deps)(post(new Uint8Array(4 * MIB + 10).fill(32)), {});
    expect(res.status).toBe(413);
    expect(log).toEqual([]);
    const unauthenticated = await createApp(deps)(post(new Uint8Array(4 * MIB + 10)), { PROXY_TOKEN: "a-long-proxy-token" });
    expect(unauthenticated.status).toBe(401);
  });
});

describe("read-only routes", () => {
  const emulator: HostedEmulator = {
    fetch: async () => Response.json({}),
    connectOptions: { endpoint: "http://emu", organizationId: "org-e", environmentId: "env-e", flinkApiKey: "k", flinkApiSecret: "s" },
  };
  const app = createApp({ emulator: () => emulator, connect: () => fakeConnection({}).conn });

  it("/api/healthz and /api/config answer GET and HEAD, 405 otherwise", async () => {
    for (const path of ["/api/healthz", "/api/config"]) {
      expect((await app(new Request(`http://w.localhost${path}`), {})).status).toBe(200);
      expect((await app(new Request(`http://w.localhost${path}`, { method: "HEAD" }), {})).status).toBe(200);
      for (const method of ["POST", "PUT", "DELETE", "PATCH"]) {
        const res = await app(new Request(`http://w.localhost${path}`, { method, ...(method === "DELETE" ? {} : { body: "{}" }) }), {});
        expect(res.status, `${method} ${path}`).toBe(405);
        expect(res.headers.get("allow")).toBe("GET, HEAD");
        expect(await res.json()).toMatchObject({ errors: [{ code: "METHOD_NOT_ALLOWED" }] });
      }
    }
  });
});
