/**
 * A bearer token function that does not answer must not make a call ignore its AbortSignal,
 * its `timeoutMs` or the per-request `httpTimeoutMs`: before the fix the request waited for the
 * token with no deadline at all, so `getStatement(name, { timeoutMs })` could hang forever.
 */
import { describe, expect, it } from "vitest";
import { AbortError, connect, OperationalError, TimeoutError } from "../../../src/index.ts";
import { FakeGateway, fakeConnectOptions, statementJson } from "../../support/fake-gateway.ts";

function withToken(token: () => string | Promise<string>, extra: Record<string, unknown> = {}) {
  const gw = new FakeGateway();
  gw.always("GET", "/statements/:name", (r) => ({ json: statementJson({ name: r.params.name }) }));
  const { flinkApiKey: _k, flinkApiSecret: _s, ...base } = fakeConnectOptions(gw);
  return { gw, conn: connect({ ...base, token, ...extra }) };
}

/** Settles `p`, or answers "hung" after `ms`. */
function within<T>(p: Promise<T>, ms: number): Promise<T | unknown> {
  return Promise.race([p.then((v) => v, (e: unknown) => e), new Promise((r) => setTimeout(() => r("hung"), ms))]);
}

const never = () => new Promise<string>(() => {});

describe("a token function that never answers", () => {
  it("timeoutMs ends the call with a TimeoutError", async () => {
    const { gw, conn } = withToken(never);
    const e = await within(conn.getStatement("a", { timeoutMs: 100 }), 2000);
    expect(e).toBeInstanceOf(TimeoutError);
    expect(gw.requests.length).toBe(0);
  });

  it("an AbortSignal ends the call with an AbortError", async () => {
    const { conn } = withToken(never);
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 50);
    const e = await within(conn.getStatement("a", { signal: ctl.signal }), 2000);
    expect(e).toBeInstanceOf(AbortError);
  });

  it("httpTimeoutMs bounds each attempt when the call gives no deadline", async () => {
    const { conn } = withToken(never, { httpTimeoutMs: 50, retry: { maxAttempts: 2 } });
    const e = await within(conn.getStatement("a"), 3000);
    expect(e).toBeInstanceOf(TimeoutError);
  });

  it("a refresh after a 401 is bounded too", async () => {
    let calls = 0;
    const { gw, conn } = withToken(() => (++calls === 1 ? "first" : never()));
    gw.on("GET", "/statements/:name", { status: 401, json: { errors: [{ detail: "expired" }] } });
    const e = await within(conn.getStatement("a", { timeoutMs: 150 }), 2000);
    expect(e).toBeInstanceOf(TimeoutError);
    expect(calls).toBe(2);
  });

  it("a token function that fails is still TOKEN_FAILED", async () => {
    const { conn } = withToken(() => {
      throw new Error("idp down");
    });
    const e = await within(conn.getStatement("a", { timeoutMs: 1000 }), 2000);
    expect(e).toBeInstanceOf(OperationalError);
    expect((e as OperationalError).code).toBe("TOKEN_FAILED");
  });
});
