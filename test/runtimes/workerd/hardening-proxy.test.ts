/**
 * The built Worker (dist/bundle/worker.mjs) in workerd, Confluent mode against an intercepted
 * upstream: a short PROXY_TOKEN is a configuration error, an unserved `next` link is 502
 * UPSTREAM_LINK_UNSERVED, an upstream JSON answer over 32 MiB is 502 UPSTREAM_TOO_LARGE, HEAD
 * is 405 without an upstream request.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Response as MfResponse, type Miniflare, type Request as MfRequest } from "miniflare";
import { builtWorker, CONFLUENT_BINDINGS } from "../built-worker.ts";

const P = "/sql/v1/organizations/org-1/environments/env-1";
const UP = "https://flink.us-east-2.aws.confluent.cloud";
const TOKEN = "hardening-token-0123456789abcdef0123456789";
const MIB = 1024 * 1024;
const CONFLUENT = CONFLUENT_BINDINGS;

function worker(bindings: Record<string, string>, outbound: (r: MfRequest) => Promise<MfResponse>): Miniflare {
  return builtWorker(bindings, { outbound, assets: null });
}

async function codeOf(res: Response | MfResponse): Promise<string> {
  return ((await res.json()) as { errors: Array<{ code: string }> }).errors[0]!.code;
}

describe("worker in workerd: Confluent-mode hardening", () => {
  let mf: Miniflare;
  const seen: string[] = [];
  beforeAll(async () => {
    mf = worker({ ...CONFLUENT, PROXY_TOKEN: TOKEN }, async (req) => {
      const path = new URL(req.url).pathname;
      seen.push(`${req.method} ${path}`);
      const json = { "content-type": "application/json" };
      if (path.endsWith("/statements/unserved/results")) {
        return new MfResponse(JSON.stringify({ metadata: { next: `${UP}/internal/page?t=2` }, results: { data: [{ op: 0, row: ["1"] }] } }), { headers: json });
      }
      if (path.endsWith("/statements/big/results")) {
        let sent = 0;
        const body = new ReadableStream<Uint8Array>({
          pull(controller) {
            if (sent === 0) controller.enqueue(new TextEncoder().encode('{"pad":"'));
            else if (sent > 33) return controller.close();
            else controller.enqueue(new Uint8Array(MIB).fill(32));
            sent++;
          },
        });
        return new MfResponse(body, { headers: json });
      }
      return new MfResponse(JSON.stringify({ metadata: { next: `${UP}${P}/statements/ok/results?t=2` } }), { headers: json });
    });
    await mf.ready;
  });
  afterAll(async () => {
    await mf?.dispose();
  });

  const auth = { authorization: `Bearer ${TOKEN}` };

  it("rewrites a served next link and refuses an unserved one with 502 UPSTREAM_LINK_UNSERVED", async () => {
    const ok = await mf.dispatchFetch(`https://proxy.example${P}/statements/ok/results`, { headers: auth });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ metadata: { next: `https://proxy.example${P}/statements/ok/results?t=2` } });
    const bad = await mf.dispatchFetch(`https://proxy.example${P}/statements/unserved/results`, { headers: auth });
    expect(bad.status).toBe(502);
    const text = await bad.text();
    expect(JSON.parse(text)).toMatchObject({ errors: [{ status: "502", code: "UPSTREAM_LINK_UNSERVED" }] });
    expect(text).not.toContain(UP);
  });

  it("refuses an upstream JSON answer over 32 MiB with 502 UPSTREAM_TOO_LARGE", async () => {
    const res = await mf.dispatchFetch(`https://proxy.example${P}/statements/big/results`, { headers: auth });
    expect(res.status).toBe(502);
    expect(await codeOf(res)).toBe("UPSTREAM_TOO_LARGE");
  });

  it("answers HEAD with 405 and never asks the upstream", async () => {
    const before = seen.length;
    const res = await mf.dispatchFetch(`https://proxy.example${P}/statements/ok/results`, { method: "HEAD", headers: auth });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET");
    expect(seen.length).toBe(before);
  });
});

describe("worker in workerd: a short PROXY_TOKEN with Confluent credentials", () => {
  let mf: Miniflare;
  let asked = 0;
  beforeAll(async () => {
    mf = worker({ ...CONFLUENT, PROXY_TOKEN: "short-token" }, async () => {
      asked++;
      return new MfResponse("{}", { headers: { "content-type": "application/json" } });
    });
    await mf.ready;
  });
  afterAll(async () => {
    await mf?.dispose();
  });

  it("makes the Worker answer 500 WORKER_MISCONFIGURED naming PROXY_TOKEN, never its value", async () => {
    const res = await mf.dispatchFetch(`https://proxy.example${P}/statements`, { headers: { authorization: "Bearer short-token" } });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ errors: [{ code: "WORKER_MISCONFIGURED", detail: expect.stringContaining("PROXY_TOKEN") }] });
    expect(text).not.toContain("short-token");
    expect(asked).toBe(0);
  });
});
