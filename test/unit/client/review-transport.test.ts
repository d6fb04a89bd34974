/**
 * The transport's deadlines hold even when the injected `fetch` ignores AbortSignals (a mock, a
 * plain request handler) or answers with a body that never ends: before the fix such a call
 * hung past its `timeoutMs`, its signal and `httpTimeoutMs`.
 */
import { describe, expect, it } from "vitest";
import { AbortError, connect, TimeoutError } from "../../../src/index.ts";

const BASE = { organizationId: "org-1", environmentId: "env-1", endpoint: "https://gw.example", flinkApiKey: "key", flinkApiSecret: "secret-123" };

function within<T>(p: Promise<T>, ms: number): Promise<T | unknown> {
  return Promise.race([p.then((v) => v, (e: unknown) => e), new Promise((r) => setTimeout(() => r("hung"), ms))]);
}

const deafFetch = (() => new Promise<Response>(() => {})) as typeof fetch;
const endlessBody = (async () =>
  new Response(new ReadableStream({ pull: () => new Promise<void>(() => {}) }), { status: 200, headers: { "content-type": "application/json" } })) as typeof fetch;

describe("a fetch that ignores its signal", () => {
  it("timeoutMs still ends the call (TimeoutError)", async () => {
    const conn = connect({ ...BASE, fetch: deafFetch });
    expect(await within(conn.getStatement("a", { timeoutMs: 100 }), 2000)).toBeInstanceOf(TimeoutError);
  });

  it("an AbortSignal still ends the call (AbortError)", async () => {
    const conn = connect({ ...BASE, fetch: deafFetch });
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 50);
    expect(await within(conn.getStatement("a", { signal: ctl.signal }), 2000)).toBeInstanceOf(AbortError);
  });

  it("httpTimeoutMs bounds each attempt, and a GET is retried", async () => {
    let calls = 0;
    const counting = ((...args: Parameters<typeof fetch>) => {
      calls++;
      return deafFetch(...args);
    }) as typeof fetch;
    const conn = connect({ ...BASE, fetch: counting, httpTimeoutMs: 50, retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 1 } });
    expect(await within(conn.getStatement("a"), 3000)).toBeInstanceOf(TimeoutError);
    expect(calls).toBe(2);
  });

  it("a body that never ends is bounded the same way", async () => {
    const conn = connect({ ...BASE, fetch: endlessBody, httpTimeoutMs: 50, retry: { maxAttempts: 1 } });
    expect(await within(conn.getStatement("a"), 2000)).toBeInstanceOf(TimeoutError);
  });
});
