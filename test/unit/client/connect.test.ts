import { describe, expect, it } from "vitest";
import { connect, InterfaceError, type ConnectOptions } from "../../../src/index.ts";
import { AbortError, OperationalError, ProtocolError } from "../../../src/errors.ts";
import { BASE, ENV, FakeGateway, statementJson } from "../../support/fake-gateway.ts";

const noFetch = (() => {
  throw new Error("connect() must not do I/O");
}) as unknown as typeof fetch;

const base: ConnectOptions = {
  organizationId: "org-1",
  environmentId: "env-1",
  cloudProvider: "aws",
  cloudRegion: "us-east-2",
  flinkApiKey: "KEY",
  flinkApiSecret: "SECRET-VALUE-123",
  fetch: noFetch,
};

function codeOf(options: unknown): string | undefined {
  try {
    connect(options as ConnectOptions);
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(InterfaceError);
    expect(String((e as Error).message)).not.toContain("SECRET-VALUE-123");
    return (e as InterfaceError).code;
  }
}

describe("connect()", () => {
  it("builds the public endpoint from provider and region without any I/O", () => {
    const conn = connect({ ...base, cloudProvider: "AWS" });
    expect(conn.endpoint).toBe("https://flink.us-east-2.aws.confluent.cloud");
    expect(conn.environmentId).toBe("env-1");
    expect(conn.closed).toBe(false);
  });

  it("strips a trailing slash from an explicit endpoint", () => {
    const { cloudProvider: _p, cloudRegion: _r, ...rest } = base;
    expect(connect({ ...rest, endpoint: "https://proxy.example/flink/" }).endpoint).toBe("https://proxy.example/flink");
  });

  it.each([
    [{ environmentId: undefined }, "CONFIG_MISSING_ENVIRONMENT"],
    [{ environmentId: "" }, "CONFIG_MISSING_ENVIRONMENT"],
    [{ organizationId: undefined }, "CONFIG_MISSING_ORGANIZATION"],
    [{ endpoint: "https://x.example" }, "CONFIG_ENDPOINT_CONFLICT"],
    [{ cloudRegion: undefined }, "CONFIG_MISSING_CLOUD"],
    [{ cloudProvider: undefined }, "CONFIG_MISSING_CLOUD"],
    [{ flinkApiSecret: undefined }, "CONFIG_PARTIAL_CREDENTIALS"],
    [{ globalApiKey: "G" }, "CONFIG_PARTIAL_CREDENTIALS"],
    [{ flinkApiKey: undefined, flinkApiSecret: undefined }, "CONFIG_NO_CREDENTIALS"],
    [{ token: "t" }, "CONFIG_CREDENTIALS_CONFLICT"],
    [{ auth: "none" }, "CONFIG_CREDENTIALS_CONFLICT"],
    [{ auth: "basic" }, "CONFIG_INVALID"],
    [{ token: 5 }, "CONFIG_INVALID"],
    [{ httpTimeoutMs: 0 }, "CONFIG_INVALID"],
    [{ httpTimeoutMs: "10" }, "CONFIG_INVALID"],
    [{ userAgent: "" }, "CONFIG_INVALID"],
    [{ userAgent: "x".repeat(101) }, "CONFIG_INVALID"],
    [{ userAgent: "a\nb" }, "CONFIG_INVALID"],
    [{ properties: { "sql.current-database": "x" } }, "PROPERTY_RESERVED"],
    [{ properties: { "a.b": {} } }, "PROPERTIES_INVALID"],
    [{ bigint: "float" }, "CONFIG_INVALID"],
    [{ cast: "x" }, "CONFIG_INVALID"],
    [{ identityPoolId: "pool-1" }, "CONFIG_INVALID"],
    [{ flinkApiKey: undefined, flinkApiSecret: undefined, token: "a", externalAccessToken: "b" }, "CONFIG_CREDENTIALS_CONFLICT"],
    [{ retry: { maxAttempts: 0 } }, "CONFIG_INVALID"],
    [{ resultPageFetchPauseMs: -1 }, "CONFIG_INVALID"],
  ])("rejects %j with %s", (patch, code) => {
    expect(codeOf({ ...base, ...patch })).toBe(code);
  });

  it("accepts a User-Agent of up to 100 characters, the Python driver's limit", () => {
    expect(() => connect({ ...base, userAgent: "x".repeat(100) })).not.toThrow();
    expect(codeOf({ ...base, userAgent: "x".repeat(101) })).toBe("CONFIG_INVALID");
  });

  it("rejects a non-http endpoint and one carrying credentials", () => {
    const { cloudProvider: _p, cloudRegion: _r, ...rest } = base;
    expect(codeOf({ ...rest, endpoint: "ftp://x" })).toBe("CONFIG_INVALID_ENDPOINT");
    expect(codeOf({ ...rest, endpoint: "https://u:p@x.example" })).toBe("CONFIG_INVALID_ENDPOINT");
    expect(codeOf({ ...rest, endpoint: "not a url" })).toBe("CONFIG_INVALID_ENDPOINT");
  });

  it("accepts a global key without organizationId, a bearer token function, and auth: none", () => {
    expect(() => connect({ ...base, organizationId: undefined, flinkApiKey: undefined, flinkApiSecret: undefined, globalApiKey: "G", globalApiSecret: "S" })).not.toThrow();
    expect(() => connect({ ...base, flinkApiKey: undefined, flinkApiSecret: undefined, token: async () => "t", identityPoolId: "pool-1" })).not.toThrow();
    expect(() => connect({ ...base, flinkApiKey: undefined, flinkApiSecret: undefined, auth: "none" })).not.toThrow();
  });

  it("prefers the global key over the Flink key", async () => {
    const gw = new FakeGateway();
    const conn = connect({ ...base, cloudProvider: undefined, cloudRegion: undefined, endpoint: BASE, environmentId: ENV, organizationId: "org-0001", globalApiKey: "GK", globalApiSecret: "GS", fetch: gw.fetch });
    gw.on("GET", "/statements/:name", { json: statementJson({ name: "a" }) });
    await conn.getStatement("a");
    expect(gw.requests[0]!.headers.get("authorization")).toBe(`Basic ${btoa("GK:GS")}`);
  });

  it("keeps credentials out of toJSON and inspect", async () => {
    const conn = connect(base);
    const { inspect } = await import("node:util");
    expect(JSON.stringify(conn)).not.toContain("SECRET-VALUE-123");
    expect(inspect(conn, { depth: 20, showHidden: true })).not.toContain("SECRET-VALUE-123");
    expect(JSON.stringify(conn)).toContain("env-1");
  });

  it("fails calls after close() with CONNECTION_CLOSED", async () => {
    const conn = connect(base);
    await conn.close();
    await conn.close();
    await expect(conn.getStatement("a")).rejects.toMatchObject({ code: "CONNECTION_CLOSED" });
    expect(() => conn.cursor()).toThrow(InterfaceError);
  });
});

describe("organization inference", () => {
  function orgSetup() {
    const gw = new FakeGateway();
    const conn = connect({
      environmentId: ENV,
      endpoint: BASE,
      controlPlaneEndpoint: "https://cp.example",
      globalApiKey: "GK",
      globalApiSecret: "GS",
      fetch: gw.fetch,
      retry: { initialDelayMs: 1, maxDelayMs: 1 },
    });
    return { gw, conn };
  }

  it("looks the organization up lazily, once, across pages", async () => {
    const { gw, conn } = orgSetup();
    expect(gw.requests.length).toBe(0);
    gw.on(
      "GET",
      "/org/v2/organizations",
      { json: { data: [], metadata: { next: "https://cp.example/org/v2/organizations?page_size=100&page_token=p2" } } },
      { json: { data: [{ id: "org-0001", display_name: "Mine" }], metadata: {} } },
    );
    gw.always("GET", "/statements/:name", { json: statementJson({ name: "a" }) });
    expect(conn.organizationId).toBeUndefined();
    await Promise.all([conn.getStatement("a"), conn.getStatement("a")]);
    expect(conn.organizationId).toBe("org-0001");
    await conn.getStatement("a");
    const orgCalls = gw.requests.filter((r) => r.url.host === "cp.example");
    expect(orgCalls.length).toBe(2);
    expect(orgCalls[1]!.query.get("page_token")).toBe("p2");
    expect(orgCalls[0]!.headers.get("authorization")).toBe(`Basic ${btoa("GK:GS")}`);
    expect(gw.calls("GET", "/statements/:name")[0]!.url.pathname).toContain("/organizations/org-0001/");
  });

  it("fails clearly with zero or several organizations", async () => {
    const a = orgSetup();
    a.gw.on("GET", "/org/v2/organizations", { json: { data: [] } });
    await expect(a.conn.getStatement("x")).rejects.toMatchObject({ code: "ORGANIZATION_NOT_FOUND" });
    const b = orgSetup();
    b.gw.on("GET", "/org/v2/organizations", { json: { data: [{ id: "o1" }, { id: "o2" }] } });
    const e = (await b.conn.getStatement("x").catch((x: unknown) => x)) as InterfaceError;
    expect(e.code).toBe("ORGANIZATION_AMBIGUOUS");
    expect(e.message).toContain("o1, o2");
  });

  it("refuses an organization list whose paging repeats itself instead of answering from part of it", async () => {
    const { gw, conn } = orgSetup();
    const loop = { json: { data: [{ id: "org-0001" }], metadata: { next: "https://cp.example/org/v2/organizations?page_size=100&page_token=same" } } };
    gw.on("GET", "/org/v2/organizations", loop, loop, loop);
    const e = (await conn.getStatement("x").catch((x: unknown) => x)) as ProtocolError;
    expect(e).toBeInstanceOf(ProtocolError);
    expect(e.message).toBe("The organization list repeated a page token");
    expect(gw.requests.filter((r) => r.url.host === "cp.example").length).toBe(2);
  });

  it("one caller's abort does not fail the others sharing the lookup", async () => {
    const { gw, conn } = orgSetup();
    gw.on("GET", "/org/v2/organizations", { json: { data: [{ id: "org-0001" }] }, delayMs: 60 });
    gw.always("GET", "/statements/:name", { json: statementJson({ name: "a" }) });
    const ac = new AbortController();
    const first = conn.getStatement("a", { signal: ac.signal }).catch((x: unknown) => x);
    const second = conn.getStatement("a");
    setTimeout(() => ac.abort(), 10);
    expect(await first).toBeInstanceOf(AbortError);
    await expect(second).resolves.toMatchObject({ name: "a" });
    expect(gw.requests.filter((r) => r.url.host === "cp.example").length).toBe(1);
    expect(gw.calls("GET", "/statements/:name").length).toBe(1);
  });

  it("does not cache a failed lookup", async () => {
    const { gw, conn } = orgSetup();
    gw.on("GET", "/org/v2/organizations", { status: 403, json: { errors: [{ detail: "no" }] } }, { json: { data: [{ id: "org-0001" }] } });
    gw.always("GET", "/statements/:name", { json: statementJson({ name: "a" }) });
    await expect(conn.getStatement("a")).rejects.toBeInstanceOf(OperationalError);
    await expect(conn.getStatement("a")).resolves.toMatchObject({ name: "a" });
  });
});
