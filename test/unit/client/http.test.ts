import { describe, expect, it } from "vitest";
import { connect } from "../../../src/client/connection.ts";
import {
  AbortError,
  IntegrityError,
  OperationalError,
  ProtocolError,
  RateLimitError,
  StatementNotFoundError,
  TimeoutError,
} from "../../../src/errors.ts";
import { BASE, DROP, ENV, errorResponse, FakeGateway, fakeConnectOptions, HANG, PREFIX, statementJson } from "../../support/fake-gateway.ts";

function setup(extra: Record<string, unknown> = {}) {
  const gw = new FakeGateway();
  const conn = connect({ ...fakeConnectOptions(gw), ...extra });
  return { gw, conn };
}

describe("HTTP layer", () => {
  it("sends Basic auth, JSON accept and the User-Agent", async () => {
    const { gw, conn } = setup({ userAgent: "my-app/1.0" });
    gw.on("GET", "/statements/:name", { json: statementJson({ name: "a" }) });
    const st = await conn.getStatement("a");
    expect(st.name).toBe("a");
    const req = gw.requests[0]!;
    expect(req.headers.get("authorization")).toBe(`Basic ${btoa("FLINKKEY123:s3cr3t-flink-secret")}`);
    expect(req.headers.get("user-agent")).toBe("my-app/1.0");
    expect(req.headers.get("accept")).toBe("application/json");
    expect(req.url.toString()).toBe(`${BASE}${PREFIX}/statements/a`);
  });

  it("calls the fetch with globalThis as this (browsers reject a detached fetch)", async () => {
    const gw = new FakeGateway();
    gw.on("GET", "/statements/:name", { json: statementJson({ name: "a" }) });
    const strictFetch = function (this: unknown, input: RequestInfo | URL, init?: RequestInit) {
      if (this !== globalThis) throw new TypeError("Illegal invocation");
      return gw.fetch(input, init);
    };
    const conn = connect({ ...fakeConnectOptions(gw), fetch: strictFetch as typeof fetch });
    await expect(conn.getStatement("a")).resolves.toMatchObject({ name: "a" });
  });

  it("reports every attempt to onRequest without headers", async () => {
    const events: Array<Record<string, unknown>> = [];
    const { gw, conn } = setup({ onRequest: (e: Record<string, unknown>) => events.push(e) });
    gw.on("GET", "/statements/:name", DROP, errorResponse(503, "busy"), { json: statementJson({ name: "a" }), headers: { "x-request-id": "rid-9" } });
    await conn.getStatement("a");
    expect(events.map((e) => [e.attempt, e.status, e.error, e.route])).toEqual([
      [1, undefined, "NETWORK_ERROR", "GET /statements/{name}"],
      [2, 503, undefined, "GET /statements/{name}"],
      [3, 200, undefined, "GET /statements/{name}"],
    ]);
    expect(events[2]!.requestId).toBe("rid-9");
    expect(JSON.stringify(events)).not.toContain("s3cr3t");
  });

  it("URL-encodes path segments", async () => {
    const { gw, conn } = setup();
    gw.on("GET", "/statements/:name", { json: statementJson({ name: "a/b c" }) });
    await conn.getStatement("a/b c");
    expect(gw.requests[0]!.url.pathname).toBe(`${PREFIX}/statements/a%2Fb%20c`);
  });

  it("sends a bearer token with the identity pool header and re-asks the token function after a 401", async () => {
    const gw = new FakeGateway();
    let n = 0;
    const conn = connect({
      organizationId: "org-0001",
      environmentId: ENV,
      endpoint: BASE,
      token: async () => `tok-${++n}`,
      identityPoolId: "pool-xyz",
      fetch: gw.fetch,
    });
    gw.on("GET", "/statements/:name", errorResponse(401, "token expired"), { json: statementJson({ name: "a" }) });
    const st = await conn.getStatement("a");
    expect(st.name).toBe("a");
    expect(gw.requests.map((r) => r.headers.get("authorization"))).toEqual(["Bearer tok-1", "Bearer tok-2"]);
    expect(gw.requests[1]!.headers.get("confluent-identity-pool-id")).toBe("pool-xyz");
  });

  it("reports a failing token function as TOKEN_FAILED and a static token's 401 without a replay", async () => {
    const gw = new FakeGateway();
    const base = { organizationId: "org-0001", environmentId: ENV, endpoint: BASE, fetch: gw.fetch };
    const failing = connect({ ...base, token: async () => { throw new Error("idp down"); } });
    await expect(failing.getStatement("a")).rejects.toMatchObject({ code: "TOKEN_FAILED" });
    expect(gw.requests.length).toBe(0);
    const fixed = connect({ ...base, token: "static-token-value" });
    gw.on("GET", "/statements/:name", errorResponse(401, "expired"));
    const e = (await fixed.getStatement("a").catch((x: unknown) => x)) as OperationalError;
    expect(e.code).toBe("UNAUTHENTICATED");
    expect(gw.requests.length).toBe(1);
    expect(gw.requests[0]!.headers.get("authorization")).toBe("Bearer static-token-value");
    expect(gw.requests[0]!.headers.has("confluent-identity-pool-id")).toBe(false);
  });

  it("sends no credentials with auth: none", async () => {
    const gw = new FakeGateway();
    const conn = connect({ organizationId: "o", environmentId: ENV, endpoint: BASE, auth: "none", fetch: gw.fetch });
    gw.always("GET", "/sql/v1/organizations/o/environments/env-abc/statements/:name", { json: statementJson({ name: "a" }) });
    await conn.getStatement("a");
    expect(gw.requests[0]!.headers.has("authorization")).toBe(false);
  });

  it("retries a GET after 503 and succeeds", async () => {
    const { gw, conn } = setup();
    gw.on("GET", "/statements/:name", errorResponse(503, "unavailable"), errorResponse(502, "bad gateway"), { json: statementJson({ name: "a" }) });
    const st = await conn.getStatement("a");
    expect(st.phase).toBe("COMPLETED");
    expect(gw.calls("GET").length).toBe(3);
  });

  it("honours Retry-After on 429", async () => {
    const { gw, conn } = setup();
    gw.on("GET", "/statements/:name", errorResponse(429, "slow down", { "retry-after": "0.2" }), { json: statementJson({ name: "a" }) });
    const t0 = Date.now();
    await conn.getStatement("a");
    expect(Date.now() - t0).toBeGreaterThanOrEqual(180);
    expect(gw.calls("GET").length).toBe(2);
  });

  it("gives up with RateLimitError carrying retryAfterMs once the attempts are spent", async () => {
    const { gw, conn } = setup({ retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 2 } });
    gw.always("GET", "/statements/:name", errorResponse(429, "slow down", { "retry-after": "0" }));
    const e = await conn.getStatement("a").catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RateLimitError);
    expect((e as RateLimitError).code).toBe("RATE_LIMITED");
    expect((e as RateLimitError).retryAfterMs).toBe(0);
    expect((e as RateLimitError).status).toBe(429);
    expect(gw.calls("GET").length).toBe(2);
  });

  it("retries a GET after a dropped connection", async () => {
    const { gw, conn } = setup();
    gw.on("GET", "/statements/:name", DROP, { json: statementJson({ name: "a" }) });
    await expect(conn.getStatement("a")).resolves.toMatchObject({ name: "a" });
  });

  it("reports a network failure as OperationalError NETWORK_ERROR after retries", async () => {
    const { gw, conn } = setup({ retry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 1 } });
    gw.always("GET", "/statements/:name", DROP);
    const e = await conn.getStatement("a").catch((x: unknown) => x);
    expect(e).toBeInstanceOf(OperationalError);
    expect((e as OperationalError).code).toBe("NETWORK_ERROR");
    expect(gw.calls("GET").length).toBe(3);
  });

  it("never retries 4xx user errors", async () => {
    const { gw, conn } = setup();
    gw.on("GET", "/statements/:name", errorResponse(400, "bad filter"));
    const e = await conn.getStatement("a").catch((x: unknown) => x);
    expect((e as OperationalError).code).toBe("BAD_REQUEST");
    expect((e as OperationalError).detail).toBe("bad filter");
    expect(gw.requests.length).toBe(1);
  });

  it("maps 404 to StatementNotFoundError with status, request id and name", async () => {
    const { gw, conn } = setup();
    gw.on("GET", "/statements/:name", { ...errorResponse(404, "Statement=a not found"), headers: { "x-request-id": "rid-42" } });
    const e = (await conn.getStatement("a").catch((x: unknown) => x)) as StatementNotFoundError;
    expect(e).toBeInstanceOf(StatementNotFoundError);
    expect(e.code).toBe("STATEMENT_NOT_FOUND");
    expect(e.status).toBe(404);
    expect(e.requestId).toBe("rid-42");
    expect(e.statementName).toBe("a");
  });

  it("reads every error body shape", async () => {
    const { gw, conn } = setup();
    gw.on(
      "GET",
      "/statements/:name",
      { status: 400, json: { error: { message: "legacy nested" } } },
      { status: 400, json: { message: "legacy flat" } },
      { status: 400, json: { status: 400, error: { code: "invalid", message: "guideline", suggestion: "fix it" }, requestId: "r" } },
      { status: 400, text: "<html><body>Bad Request from proxy</body></html>" },
      { status: 400, json: { errors: [{ detail: "one" }, { detail: "two" }] } },
    );
    const details: (string | undefined)[] = [];
    for (let i = 0; i < 5; i++) details.push(((await conn.getStatement("a").catch((x: unknown) => x)) as OperationalError).detail);
    expect(details).toEqual(["legacy nested", "legacy flat", "guideline (fix it)", "Bad Request from proxy", "one; two"]);
  });

  it("follows a redirect to another host and re-sends the credentials", async () => {
    const { gw, conn } = setup();
    gw.on("GET", "/statements/:name", { status: 307, headers: { location: `https://other-host.example${PREFIX}/statements/a` } }, { json: statementJson({ name: "a" }) });
    await conn.getStatement("a");
    expect(gw.requests.length).toBe(2);
    expect(gw.requests[1]!.url.host).toBe("other-host.example");
    expect(gw.requests[1]!.headers.get("authorization")).toBe(gw.requests[0]!.headers.get("authorization"));
  });

  it("stops after 5 redirects", async () => {
    const { gw, conn } = setup();
    gw.always("GET", "/statements/:name", { status: 302, headers: { location: `${BASE}${PREFIX}/statements/a` } });
    const e = (await conn.getStatement("a").catch((x: unknown) => x)) as OperationalError;
    expect(e.code).toBe("TOO_MANY_REDIRECTS");
    expect(gw.requests.length).toBe(6);
  });

  it("re-reads a GET whose body was cut off", async () => {
    const { gw, conn } = setup();
    gw.on("GET", "/statements/:name", { json: statementJson({ name: "a" }), truncateAt: 20 }, { json: statementJson({ name: "a" }) });
    await expect(conn.getStatement("a")).resolves.toMatchObject({ name: "a" });
    expect(gw.requests.length).toBe(2);
  });

  it("turns malformed JSON into ProtocolError", async () => {
    const { gw, conn } = setup();
    gw.on("GET", "/statements/:name", { text: "{not json" });
    const e = (await conn.getStatement("a").catch((x: unknown) => x)) as ProtocolError;
    expect(e).toBeInstanceOf(ProtocolError);
    expect(e.code).toBe("PROTOCOL_ERROR");
    expect(e.path).toBe("(body)");
  });

  it("turns a schema-violating body into ProtocolError naming the path", async () => {
    const { gw, conn } = setup();
    const bad = statementJson({ name: "a" });
    (bad.status as Record<string, unknown>).phase = 7;
    gw.on("GET", "/statements/:name", { json: bad });
    const e = (await conn.getStatement("a").catch((x: unknown) => x)) as ProtocolError;
    expect(e).toBeInstanceOf(ProtocolError);
    expect(e.path).toBe("status.phase");
    expect(e.message).toContain("status.phase");
  });

  it("names a bad column type path inside the schema", async () => {
    const { gw, conn } = setup();
    gw.on("GET", "/statements/:name", { json: statementJson({ name: "a", schema: [{ name: "x", type: { nullable: true } }] }) });
    const st = await conn.getStatement("a");
    const e = (() => {
      try {
        return st.schema;
      } catch (x) {
        return x;
      }
    })() as ProtocolError;
    expect(e).toBeInstanceOf(ProtocolError);
    expect(e.path).toMatch(/^status\.traits\.schema\.columns\[0\]\.type/);
  });

  it("tolerates unknown fields and null arrays", async () => {
    const { gw, conn } = setup();
    const st = statementJson({ name: "a", properties: null, upsertColumns: null });
    (st as Record<string, unknown>).brand_new_field = { x: 1 };
    (st.status as Record<string, unknown>).warnings = null;
    gw.on("GET", "/statements/:name", { json: st });
    const s = await conn.getStatement("a");
    expect(s.properties).toEqual({});
    expect(s.traits?.upsertColumns).toBeNull();
  });

  it("times out a hanging request with TimeoutError and retries GETs within the budget", async () => {
    const { gw, conn } = setup({ httpTimeoutMs: 50, retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 1 } });
    gw.always("GET", "/statements/:name", HANG);
    const t0 = Date.now();
    const e = await conn.getStatement("a").catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TimeoutError);
    expect((e as TimeoutError).code).toBe("TIMEOUT");
    expect(gw.requests.length).toBe(2);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it("honours a call's timeoutMs over the whole call", async () => {
    const { gw, conn } = setup({ httpTimeoutMs: 10_000 });
    gw.always("GET", "/statements/:name", HANG);
    const e = await conn.getStatement("a", { timeoutMs: 60 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TimeoutError);
    expect(gw.requests.length).toBe(1);
  });

  it("aborts with AbortError and never retries an abort", async () => {
    const { gw, conn } = setup();
    gw.always("GET", "/statements/:name", HANG);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 30);
    const e = await conn.getStatement("a", { signal: ac.signal }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AbortError);
    expect((e as AbortError).code).toBe("ABORTED");
    expect(gw.requests.length).toBe(1);
  });

  it("rejects at once with an already aborted signal", async () => {
    const { gw, conn } = setup();
    const e = await conn.getStatement("a", { signal: AbortSignal.abort() }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AbortError);
    expect(gw.requests.length).toBe(0);
  });

  it("never puts credentials into errors, even when the server echoes them", async () => {
    const { gw, conn } = setup();
    const basic = btoa("FLINKKEY123:s3cr3t-flink-secret");
    gw.on("GET", "/statements/:name", errorResponse(401, `bad key s3cr3t-flink-secret (Basic ${basic})`));
    const e = (await conn.getStatement("a").catch((x: unknown) => x)) as OperationalError;
    expect(e.code).toBe("UNAUTHENTICATED");
    const everything = [e.message, e.detail, JSON.stringify(e), String(e.stack)].join("\n");
    expect(everything).not.toContain("s3cr3t-flink-secret");
    expect(everything).not.toContain(basic);
    const { inspect } = await import("node:util");
    expect(inspect(conn, { depth: 10 })).not.toContain("s3cr3t");
    expect(JSON.stringify(conn)).not.toContain("s3cr3t");
    // A network failure's cause chain must not reach the request headers either.
    gw.always("GET", "/statements/:name", DROP);
    const net = await conn.getStatement("a").catch((x: unknown) => x);
    const dump = inspect(net, { depth: 20, showHidden: true, getters: true });
    expect(dump).not.toContain(basic);
    expect(dump).not.toContain("s3cr3t");
  });

  it("maps a 409 on a plain GET to IntegrityError", async () => {
    const { gw, conn } = setup();
    gw.on("GET", "/statements/:name", errorResponse(409, "conflict"));
    const e = await conn.getStatement("a").catch((x: unknown) => x);
    expect(e).toBeInstanceOf(IntegrityError);
  });
});

describe("HTTP layer: redirects, retries and secret hygiene", () => {
  it("refuses an https -> http redirect with REDIRECT_INSECURE and never sends the credentials over plain HTTP", async () => {
    const { gw, conn } = setup();
    gw.on("GET", "/statements/:name", { status: 302, headers: { location: `http://plain-host.example${PREFIX}/statements/a` } });
    gw.always("GET", "/statements/:name", { json: statementJson({ name: "a" }) });
    const e = (await conn.getStatement("a").catch((x: unknown) => x)) as OperationalError;
    expect(e).toBeInstanceOf(OperationalError);
    expect(e.code).toBe("REDIRECT_INSECURE");
    expect(e.statementName).toBe("a");
    expect(gw.requests.map((r) => r.url.protocol)).toEqual(["https:"]);
  });

  it("retries a GET after 408", async () => {
    const { gw, conn } = setup();
    gw.on("GET", "/statements/:name", errorResponse(408, "request timeout"), { json: statementJson({ name: "a" }) });
    await expect(conn.getStatement("a")).resolves.toMatchObject({ name: "a" });
    expect(gw.requests.length).toBe(2);
  });

  it("schedules no retry past the budgetMs deadline", async () => {
    const { gw, conn } = setup({ retry: { maxAttempts: 10, initialDelayMs: 1, maxDelayMs: 1, budgetMs: 200 } });
    gw.always("GET", "/statements/:name", errorResponse(503, "busy", { "retry-after": "1" }));
    const t0 = Date.now();
    const e = (await conn.getStatement("a").catch((x: unknown) => x)) as OperationalError;
    expect(e.code).toBe("SERVER_ERROR");
    expect(e.status).toBe(503);
    // Retry-After asks for 1 s, which lies beyond the 200 ms budget: one attempt, no wait.
    expect(gw.requests.length).toBe(1);
    expect(Date.now() - t0).toBeLessThan(900);

    const short = setup({ retry: { maxAttempts: 100, initialDelayMs: 40, maxDelayMs: 40, budgetMs: 150 }, random: () => 0.5 });
    short.gw.always("GET", "/statements/:name", errorResponse(503, "busy"));
    await expect(short.conn.getStatement("a")).rejects.toMatchObject({ code: "SERVER_ERROR" });
    // 40 ms apart under a 150 ms budget: the first attempt plus at most 4 retries.
    expect(short.gw.requests.length).toBeGreaterThanOrEqual(2);
    expect(short.gw.requests.length).toBeLessThanOrEqual(5);
  });

  it("keeps the body excerpt of a JSON syntax error out of the error and its cause", async () => {
    const { gw, conn } = setup();
    gw.on("GET", "/statements/:name", { text: "s3cr3t-flink-secret is not json" });
    const e = (await conn.getStatement("a").catch((x: unknown) => x)) as ProtocolError;
    expect(e).toBeInstanceOf(ProtocolError);
    expect(e.path).toBe("(body)");
    expect(e.cause).toBeInstanceOf(SyntaxError);
    const { inspect } = await import("node:util");
    const everything = [e.message, JSON.stringify(e), inspect(e, { depth: 20, showHidden: true })].join("\n");
    // Not even a prefix of the secret (engines quote a truncated excerpt of the body).
    expect(everything).not.toContain("s3cr3t");
  });

  it("keeps redacting a bearer token after it was refreshed", async () => {
    const gw = new FakeGateway();
    let n = 0;
    const conn = connect({ organizationId: "org-0001", environmentId: ENV, endpoint: BASE, token: async () => `tok-secret-${++n}`, fetch: gw.fetch });
    gw.on("GET", "/statements/:name", errorResponse(401, "expired"), errorResponse(400, "tok-secret-1 and tok-secret-2 are not welcome here"));
    const e = (await conn.getStatement("a").catch((x: unknown) => x)) as OperationalError;
    expect(gw.requests.map((r) => r.headers.get("authorization"))).toEqual(["Bearer tok-secret-1", "Bearer tok-secret-2"]);
    expect(e.code).toBe("BAD_REQUEST");
    const everything = [e.message, e.detail, JSON.stringify(e), String(e.cause)].join("\n");
    expect(everything).not.toContain("tok-secret");
  });
});
