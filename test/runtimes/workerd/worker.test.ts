/**
 * The built Worker (dist/bundle/worker.mjs) in workerd through miniflare: the /sql/v1 proxy in
 * Confluent mode against an intercepted upstream, CORS, the proxy token, the playground assets,
 * and (once the client and emulator exist) /api/query on the embedded emulator.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Response as MfResponse, type Miniflare, type Request as MfRequest } from "miniflare";
import { request as httpRequest } from "node:http";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT } from "../support.ts";
import { builtWorker, CONFLUENT_BINDINGS } from "../built-worker.ts";

const P = "/sql/v1/organizations/org-1/environments/env-1";
const UP = "https://flink.us-east-2.aws.confluent.cloud";
const JSON_TYPE = { "content-type": "application/json" };
/** A token as long as Confluent mode requires (32 characters at least). */
const TOKEN = "proxy-token-0123456789abcdef0123456789abcdef";

function worker(bindings: Record<string, string>, outbound?: (r: MfRequest) => Promise<MfResponse>, listen: { host?: string; port?: number } = {}): Miniflare {
  return builtWorker(bindings, { ...(outbound ? { outbound } : {}), listen });
}

describe("worker: Confluent mode proxy", () => {
  let mf: Miniflare;
  const seen: Array<{ method: string; url: string; auth: string | null; body: string }> = [];
  beforeAll(async () => {
    mf = worker(
      {
        ...CONFLUENT_BINDINGS,
        PROXY_TOKEN: TOKEN,
        ALLOWED_ORIGINS: "https://app.example",
      },
      async (req) => {
        seen.push({ method: req.method, url: req.url, auth: req.headers.get("authorization"), body: await req.text() });
        const body = { metadata: { next: `${UP}${P}/statements/s-1/results?page_token=t2` }, results: { data: [{ op: 0, row: ["1"] }] } };
        return new MfResponse(JSON.stringify(body), { headers: { "content-type": "application/json", "x-request-id": "r-1" } });
      },
    );
    await mf.ready;
  });
  afterAll(async () => {
    await mf?.dispose();
  });

  it("forwards with the Worker's credentials and rewrites next links", async () => {
    const res = await mf.dispatchFetch(`https://proxy.example${P}/statements/s-1/results`, {
      headers: { authorization: `Bearer ${TOKEN}`, origin: "https://app.example" },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { metadata: { next: string } };
    expect(body.metadata.next).toBe(`https://proxy.example${P}/statements/s-1/results?page_token=t2`);
    expect(res.headers.get("access-control-allow-origin")).toBe("https://app.example");
    expect(res.headers.get("x-request-id")).toBe("r-1");
    const last = seen.at(-1)!;
    expect(last.url).toBe(`${UP}${P}/statements/s-1/results`);
    expect(last.auth).toBe(`Basic ${btoa("KEY:SECRET")}`);
  });

  it("refuses a missing or wrong proxy token without contacting the upstream", async () => {
    const before = seen.length;
    for (const headers of [{}, { authorization: "Bearer nope" }, { authorization: `Basic ${btoa("KEY:SECRET")}` }]) {
      const res = await mf.dispatchFetch(`https://proxy.example${P}/statements`, { headers });
      expect(res.status).toBe(401);
      expect(await res.text()).not.toContain("SECRET");
    }
    expect(seen.length).toBe(before);
  });

  it("refuses other environments and non-statement routes", async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    expect((await mf.dispatchFetch(`https://proxy.example/sql/v1/organizations/org-1/environments/env-2/statements`, { headers: auth })).status).toBe(403);
    expect((await mf.dispatchFetch(`https://proxy.example${P}/connections`, { headers: auth })).status).toBe(404);
  });

  it("answers CORS preflights for configured origins only", async () => {
    const ok = await mf.dispatchFetch(`https://proxy.example${P}/statements`, {
      method: "OPTIONS",
      headers: { origin: "https://app.example", "access-control-request-method": "POST" },
    });
    expect(ok.status).toBe(204);
    expect(ok.headers.get("access-control-allow-origin")).toBe("https://app.example");
    const no = await mf.dispatchFetch(`https://proxy.example${P}/statements`, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(no.status).toBe(403);
    const get = await mf.dispatchFetch(`https://proxy.example${P}/statements/s-1/results`, {
      headers: { authorization: `Bearer ${TOKEN}`, origin: "https://evil.example" },
    });
    expect(get.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("publishes non-secret settings at /api/config", async () => {
    const res = await mf.dispatchFetch("https://proxy.example/api/config");
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      upstream: "confluent",
      endpoint: "https://proxy.example",
      organizationId: "org-1",
      environmentId: "env-1",
      tokenRequired: true,
    });
    expect(text).not.toMatch(/SECRET|KEY|proxy-token-/);
  });

  it("serves the playground", async () => {
    const res = await mf.dispatchFetch("https://proxy.example/");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("playground");
    const iife = await mf.dispatchFetch("https://proxy.example/confluent-sql.iife.js");
    expect(iife.status).toBe(200);
    expect(await iife.text()).toContain("ConfluentSql");
  });
});

describe("worker: refuses to be an open proxy with Confluent credentials", () => {
  it("answers 503 without a PROXY_TOKEN", async () => {
    const mf = worker({
      CONFLUENT_ORG_ID: "org-1",
      CONFLUENT_ENV_ID: "env-1",
      CONFLUENT_FLINK_API_KEY: "KEY",
      CONFLUENT_FLINK_API_SECRET: "SECRET",
      CONFLUENT_ENDPOINT: UP,
    });
    try {
      const res = await mf.dispatchFetch(`https://proxy.example${P}/statements`);
      expect(res.status).toBe(503);
    } finally {
      await mf.dispose();
    }
  });
});

describe("worker: embedded emulator", () => {
  let mf: Miniflare;
  beforeAll(async () => {
    mf = worker({}, undefined, { host: "127.0.0.1", port: 0 });
    await mf.ready;
  });
  afterAll(async () => {
    await mf?.dispose();
  });

  it("reports the emulator in /api/config", async () => {
    const res = await mf.dispatchFetch("http://localhost/api/config");
    expect(await res.json()).toMatchObject({ upstream: "emulator", endpoint: "http://localhost", tokenRequired: false });
  });

  it("answers a snapshot query as NDJSON", async () => {
    const res = await mf.dispatchFetch("http://localhost/api/query", {
      method: "POST",
      headers: JSON_TYPE,
      body: JSON.stringify({ sql: "SELECT id, name FROM (VALUES (1, 'alpha'), (2, 'beta')) AS t(id, name)" }),
    });
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split("\n").map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ type: "columns", mode: "snapshot", changelog: false });
    expect(lines[0].columns.map((c: { name: string }) => c.name)).toEqual(["id", "name"]);
    expect(lines.slice(1)).toEqual([
      { type: "row", row: [1, "alpha"] },
      { type: "row", row: [2, "beta"] },
      { type: "end", rows: 2, reason: "completed" },
    ]);
  });

  const query = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    mf.dispatchFetch("http://localhost/api/query", { method: "POST", headers: { ...JSON_TYPE, ...headers }, body: JSON.stringify(body) });

  /** The phase of a statement through the Worker's proxy, polled until it leaves RUNNING/PENDING (or `ms` pass). */
  async function settledPhase(name: string, ms: number): Promise<string> {
    const config = (await (await mf.dispatchFetch("http://localhost/api/config")).json()) as { organizationId: string; environmentId: string };
    const statementUrl = `http://localhost/sql/v1/organizations/${config.organizationId}/environments/${config.environmentId}/statements/${name}`;
    let phase = "";
    for (const until = Date.now() + ms; Date.now() < until; await new Promise((r) => setTimeout(r, 100))) {
      const st = await mf.dispatchFetch(statementUrl);
      phase = st.status === 404 ? "DELETED" : ((await st.json()) as { status: { phase: string } }).status.phase;
      if (/STOPPED|DELETED|COMPLETED|FAILED/.test(phase)) break;
    }
    return phase;
  }

  /**
   * POSTs a query over a real socket, reads `lines` NDJSON lines and destroys the socket;
   * resolves with the head (the columns message) and how many lines arrived.
   */
  async function readThenDisconnect(body: Record<string, unknown>, lines: number): Promise<{ head: { type: string; statement: string }; received: number }> {
    const url = await mf.ready;
    return new Promise((resolve, reject) => {
      const req = httpRequest(new URL("/api/query", url), { method: "POST", headers: JSON_TYPE }, (res) => {
        let buffered = "";
        const got: string[] = [];
        res.on("data", (d: Buffer) => {
          buffered += d.toString();
          const parts = buffered.split("\n");
          buffered = parts.pop()!;
          got.push(...parts);
          if (got.length >= lines) {
            req.destroy();
            resolve({ head: JSON.parse(got[0]!) as { type: string; statement: string }, received: got.length });
          }
        });
      });
      req.on("error", () => {});
      req.setTimeout(20_000, () => reject(new Error(`fewer than ${lines} lines`)));
      req.end(JSON.stringify(body));
    });
  }

  it("runs DDL and INSERT (no result set) as a head and an end", async () => {
    for (const sql of ["CREATE TABLE words (k STRING)", "INSERT INTO words VALUES ('a'), ('b'), ('a')"]) {
      const res = await query({ sql });
      expect(res.status).toBe(200);
      const lines = (await res.text()).trim().split("\n").map((l) => JSON.parse(l));
      expect(lines).toEqual([expect.objectContaining({ type: "columns", columns: [] }), { type: "end", rows: 0, reason: "completed" }]);
    }
  });

  it("streams a changelog with a limit, as SSE", async () => {
    const res = await query({ sql: "SELECT k, COUNT(*) AS c FROM words GROUP BY k", mode: "streaming", limit: 4, timeoutMs: 20_000 }, { accept: "text/event-stream" });
    const text = await res.text();
    const events = text.split("\n\n").filter(Boolean).map((b) => JSON.parse(b.split("\n").find((l) => l.startsWith("data: "))!.slice(6)));
    expect(events[0]).toMatchObject({ type: "columns", changelog: true });
    const changes = events.filter((e) => e.type === "change").map((e) => [e.op, ...e.row.map(String)]);
    expect(changes).toContainEqual(["+I", "a", "1"]);
    expect(changes).toContainEqual(["+U", "a", "2"]);
    expect(events.at(-1)).toEqual({ type: "end", rows: 4, reason: "limit" });
  });

  it("stops the statement when the HTTP client disconnects while it is idle", async () => {
    // The client goes after the first line; the Worker's next write is a heartbeat.
    expect((await query({ sql: "CREATE TABLE quiet (k STRING)" })).status).toBe(200);
    const { head } = await readThenDisconnect({ sql: "SELECT * FROM quiet", mode: "streaming", heartbeatMs: 200 }, 1);
    expect(head.type).toBe("columns");
    expect(head.statement).toMatch(/\S/);
    expect(await settledPhase(head.statement, 10_000)).toMatch(/STOPPED|DELETED/);
  });

  it("stops the statement when the HTTP client disconnects during a burst of rows", async () => {
    // The live orders table's history arrives as a burst: the socket goes with rows still
    // flowing. workerd then neither pulls the body again, nor cancels it, nor aborts the
    // request's signal; the stall watchdog (3 heartbeats) has to notice.
    const { head, received } = await readThenDisconnect({ sql: "SELECT order_id FROM examples.marketplace.orders", mode: "streaming", heartbeatMs: 300 }, 300);
    expect(head.type).toBe("columns");
    expect(received).toBeGreaterThanOrEqual(300);
    expect(await settledPhase(head.statement, 10_000)).toMatch(/STOPPED|DELETED/);
  });

  it("refuses a POST that is not declared as JSON, without running anything", async () => {
    const before = await listStatementNames();
    for (const headers of [{ "content-type": "text/plain" }, { "content-type": "application/x-www-form-urlencoded" }, {}]) {
      const res = await mf.dispatchFetch("http://localhost/api/query", { method: "POST", headers, body: JSON.stringify({ sql: "CREATE TABLE csrf (k STRING)" }) });
      expect(res.status).toBe(415);
      expect(await res.json()).toMatchObject({ errors: [{ status: "415", code: "UNSUPPORTED_MEDIA_TYPE" }] });
    }
    expect(await listStatementNames()).toEqual(before);
  });

  async function listStatementNames(): Promise<string[]> {
    const config = (await (await mf.dispatchFetch("http://localhost/api/config")).json()) as { organizationId: string; environmentId: string };
    const res = await mf.dispatchFetch(`http://localhost/sql/v1/organizations/${config.organizationId}/environments/${config.environmentId}/statements`);
    return ((await res.json()) as { data: Array<{ name: string }> }).data.map((s) => s.name).sort();
  }

  it("answers a failing statement with 400 and its code, in the errors shape", async () => {
    const res = await query({ sql: "SELEC 1" });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: Array<Record<string, string>> };
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]).toMatchObject({ status: "400", code: "STATEMENT_FAILED", title: "StatementFailedError", statement: expect.stringMatching(/\S/) });
    expect(body.errors[0]!.detail).toContain("SELEC");
    const bad = await query({ sql: "" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errors: [{ status: "400", code: "INVALID_QUERY_REQUEST" }] });
  });

  it("proxies /sql/v1 to the emulator without a token", async () => {
    const config = (await (await mf.dispatchFetch("http://localhost/api/config")).json()) as { organizationId: string; environmentId: string };
    const res = await mf.dispatchFetch(`http://localhost/sql/v1/organizations/${config.organizationId}/environments/${config.environmentId}/statements`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ data: expect.any(Array) });
  });
});

describe("worker: Confluent mode end to end (upstream = a Node-side emulator behind outboundService)", () => {
  let mf: Miniflare;
  let emu: { fetch(r: Request): Promise<Response>; close(): Promise<void> };
  const seenAuth = new Set<string>();
  beforeAll(async () => {
    const { createEmulator } = (await import(pathToFileURL(join(ROOT, "dist/emulator.js")).href)) as {
      createEmulator(o: Record<string, unknown>): typeof emu;
    };
    emu = createEmulator({ organizationId: "org-1", environmentId: "env-1", apiKey: "KEY", apiSecret: "SECRET", endpoint: UP });
    mf = worker(
      {
        ...CONFLUENT_BINDINGS,
        CONFLUENT_DATABASE: "cluster_0",
        PROXY_TOKEN: TOKEN,
      },
      async (req) => {
        seenAuth.add(req.headers.get("authorization") ?? "");
        const body = req.method === "GET" || req.method === "HEAD" ? undefined : await req.arrayBuffer();
        const res = await emu.fetch(new Request(req.url, { method: req.method, headers: Object.fromEntries(req.headers), ...(body ? { body } : {}) }));
        return new MfResponse(await res.arrayBuffer(), { status: res.status, headers: Object.fromEntries(res.headers) });
      },
    );
    await mf.ready;
  });
  afterAll(async () => {
    await mf?.dispose();
    await emu?.close();
  });

  it("answers /api/query with parameters through the Worker's own credentials", async () => {
    const res = await mf.dispatchFetch("https://proxy.example/api/query", {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, ...JSON_TYPE },
      body: JSON.stringify({ sql: "SELECT %s AS n, %s AS s", params: [5, "x'y"] }),
    });
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.slice(1)).toEqual([
      { type: "row", row: [5, "x'y"] },
      { type: "end", rows: 1, reason: "completed" },
    ]);
    expect([...seenAuth]).toEqual([`Basic ${btoa("KEY:SECRET")}`]);
  });

  it("refuses /api/query without the proxy token", async () => {
    const res = await mf.dispatchFetch("https://proxy.example/api/query", { method: "POST", headers: JSON_TYPE, body: JSON.stringify({ sql: "SELECT 1" }) });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ errors: [{ status: "401", code: "UNAUTHENTICATED" }] });
  });
});
