/**
 * The cap on upstream JSON answers the proxy buffers to rewrite their links: over 32 MiB is 502
 * UPSTREAM_TOO_LARGE, counted while reading (a missing or understated Content-Length gets no
 * more through) and refused unread when declared; non-JSON answers stream through uncounted.
 */
import { describe, expect, it } from "vitest";
import { MIB } from "../../../src/worker/http.ts";
import { proxySqlV1, PROXY_LIMITS, type ProxyTarget } from "../../../src/worker/proxy.ts";

const UP = "https://flink.us-east-2.aws.confluent.cloud";
const P = "/sql/v1/organizations/org-1/environments/env-1";
const RESULTS = `${P}/statements/s-1/results`;
const W = "https://w.example";

function target(response: () => Response): ProxyTarget {
  return { endpoint: UP, organizationId: "org-1", environmentId: "env-1", authorization: "Basic U0VDUkVU", fetch: async () => response() };
}

/** A body of `total` bytes in 1 MiB chunks of spaces after `head`, made as it is pulled. */
function streamed(head: string, total: number, counter: { pulled: number; cancelled: boolean }): ReadableStream<Uint8Array> {
  const first = new TextEncoder().encode(head);
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      const chunk = sent === 0 ? first : new Uint8Array(Math.min(MIB, total - sent)).fill(32);
      sent += chunk.byteLength;
      counter.pulled++;
      controller.enqueue(chunk);
    },
    cancel() {
      counter.cancelled = true;
    },
  });
}

async function codeOf(res: Response): Promise<string> {
  return ((await res.json()) as { errors: Array<{ code: string }> }).errors[0]!.code;
}

describe("the upstream JSON cap", () => {
  it("is 32 MiB", () => {
    expect(PROXY_LIMITS.maxUpstreamJsonBytes).toBe(32 * MIB);
  });

  it("refuses a longer chunked JSON answer with 502 UPSTREAM_TOO_LARGE, stopping the read at the cap", async () => {
    const counter = { pulled: 0, cancelled: false };
    const res = await proxySqlV1(
      new Request(`${W}${RESULTS}`),
      target(() => new Response(streamed('{"metadata":{"next":""},"pad":"', 40 * MIB, counter), { headers: { "content-type": "application/json" } })),
    );
    expect(res.status).toBe(502);
    expect(await codeOf(res)).toBe("UPSTREAM_TOO_LARGE");
    expect(counter.cancelled).toBe(true);
    // One head chunk, then 1 MiB chunks: reading stopped just past 32 MiB, not at 40.
    expect(counter.pulled).toBeLessThanOrEqual(34);
  });

  it("refuses a declared Content-Length over the cap without reading the body", async () => {
    const counter = { pulled: 0, cancelled: false };
    const res = await proxySqlV1(
      new Request(`${W}${RESULTS}`),
      target(() => new Response(streamed("{", 2 * MIB, counter), { headers: { "content-type": "application/json", "content-length": String(32 * MIB + 1) } })),
    );
    expect(res.status).toBe(502);
    expect(await codeOf(res)).toBe("UPSTREAM_TOO_LARGE");
    expect(counter.pulled).toBeLessThanOrEqual(1);
  });

  it("passes an answer of exactly 32 MiB, links rewritten", async () => {
    const head = `{"metadata":{"next":"${UP}${RESULTS}?page_token=t2"},"pad":"`;
    const pad = 32 * MIB - head.length - 2;
    const body = `${head}${" ".repeat(pad)}"}`;
    expect(new TextEncoder().encode(body).byteLength).toBe(32 * MIB);
    const res = await proxySqlV1(new Request(`${W}${RESULTS}`), target(() => new Response(body, { headers: { "content-type": "application/json" } })));
    expect(res.status).toBe(200);
    const out = (await res.json()) as { metadata: { next: string }; pad: string };
    expect(out.metadata.next).toBe(`${W}${RESULTS}?page_token=t2`);
    expect(out.pad).toHaveLength(pad);
  });

  it("keeps non-ASCII text intact (decoded as UTF-8 after counting bytes)", async () => {
    const body = { metadata: { self: `${UP}${RESULTS}` }, results: { data: [{ op: 0, row: ["Zoë", "東京", "🙂"] }] } };
    const res = await proxySqlV1(new Request(`${W}${RESULTS}`), target(() => new Response(JSON.stringify(body), { headers: { "content-type": "application/json; charset=utf-8" } })));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ metadata: { self: `${W}${RESULTS}` }, results: { data: [{ op: 0, row: ["Zoë", "東京", "🙂"] }] } });
  });

  it("does not apply to answers that are not JSON, which stream through", async () => {
    const counter = { pulled: 0, cancelled: false };
    const res = await proxySqlV1(new Request(`${W}${RESULTS}`), target(() => new Response(streamed("x", 33 * MIB, counter), { headers: { "content-type": "text/plain" } })));
    expect(res.status).toBe(200);
    expect((await res.arrayBuffer()).byteLength).toBe(33 * MIB);
  });
});
