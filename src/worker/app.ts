/**
 * The Worker's router, built from injected pieces (the client's `connect`, an emulator factory,
 * the type formatter) so tests can run it with fakes and the entry (`index.ts`) wires the real
 * ones.
 *
 * Routes: `GET /api/config` (non-secret settings the playground needs), `POST /api/query`
 * (NDJSON or SSE results), `/sql/v1/...` (authenticated proxy), `GET /healthz`, and the
 * playground for everything else (the `ASSETS` binding). CORS for configured origins only.
 */
import { readAllowedOrigins, readConfig, WorkerConfigError, type WorkerConfig, type WorkerEnv } from "./config.ts";
import { preflight, withCors } from "./cors.ts";
import { isAllowedHost } from "./hosts.ts";
import { basicAuth, errorResponse, hasBearer } from "./http.ts";
import { proxySqlV1, type ProxyTarget } from "./proxy.ts";
import { handleQuery, type QueryConnection } from "./query.ts";

/** The emulator as the Worker uses it (a subset of `createEmulator()`'s result). */
export interface HostedEmulator {
  fetch(request: Request): Promise<Response>;
  readonly connectOptions: {
    readonly endpoint: string;
    readonly organizationId: string;
    readonly environmentId: string;
    readonly flinkApiKey: string;
    readonly flinkApiSecret: string;
    readonly database?: string;
    readonly computePoolId?: string;
  };
}

/** What the router is built from. */
export interface AppDeps {
  /** The client's `connect()`. */
  connect(options: Record<string, unknown>): QueryConnection & { close?(): Promise<void> };
  /** Creates (once per isolate) the embedded emulator used when no Confluent secrets are set. */
  emulator(): HostedEmulator;
  /** Flink type text of a LogicalType (for column types in /api/query). */
  formatType?: (t: unknown) => string;
}

/** The part of the Workers ExecutionContext the router uses. */
export interface WorkerContext {
  waitUntil(promise: Promise<unknown>): void;
}

/**
 * The Worker's fetch handler over `deps`.
 *
 * @example export default { fetch: createApp({ connect, emulator, formatType }) };
 *
 * Failure behaviour: errors answer `{"errors":[{id, status, code, detail}]}` (a half-configured
 * Worker 500 `WORKER_MISCONFIGURED`, a wrong token 401, a token-less emulator reached by a name
 * that is not loopback nor in ALLOWED_HOSTS 403 `HOST_NOT_ALLOWED`, no such route 404, ...).
 */
export function createApp(deps: AppDeps): (request: Request, env: WorkerEnv, ctx?: WorkerContext) => Promise<Response> {
  return async (request, env, ctx) => {
    const url = new URL(request.url);
    const path = url.pathname;
    const api = path.startsWith("/api/") || path.startsWith("/sql/v1/");
    let config: WorkerConfig;
    try {
      config = readConfig(env);
    } catch (e) {
      if (!(e instanceof WorkerConfigError)) throw e;
      return misconfigured(request, env, e);
    }
    // Without a token, the emulator's only guard against a DNS-rebinding page (same-origin to
    // the browser) is the name it was reached by; see hosts.ts. This covers the playground's
    // files too, so such a page never even loads.
    if (config.upstream.kind === "emulator" && config.proxyToken === undefined && !isAllowedHost(request, config.allowedHosts)) {
      const refused = errorResponse(403, "HOST_NOT_ALLOWED", "This token-less emulator Worker answers only on localhost, 127.0.0.1, [::1] and the names in ALLOWED_HOSTS");
      // Still Vary: Origin on the API, as every API answer (a cache keys on it).
      return api ? withCors(refused, request, config.allowedOrigins) : refused;
    }
    if (api && request.method === "OPTIONS") return preflight(request, config.allowedOrigins);
    if (!api) return serveAsset(request, env, path);
    const response = await route(request, path, config, deps, ctx);
    return withCors(response, request, config.allowedOrigins);
  };
}

/**
 * The 500 of a half-configured Worker. A page on an allowed origin gets the CORS headers, so it
 * can read what is wrong instead of seeing a bare network error (unless ALLOWED_ORIGINS itself
 * is what is wrong).
 */
function misconfigured(request: Request, env: WorkerEnv, error: WorkerConfigError): Response {
  const response = errorResponse(500, "WORKER_MISCONFIGURED", error.message);
  let origins: string[] = [];
  try {
    origins = readAllowedOrigins(env);
  } catch {
    // the broken binding: no origin is allowed
  }
  return withCors(response, request, origins);
}

/** Routes that only read: GET (and HEAD) only. */
const READ_ONLY = { allow: "GET, HEAD" };

async function route(request: Request, path: string, config: WorkerConfig, deps: AppDeps, ctx: WorkerContext | undefined): Promise<Response> {
  if (path === "/api/config" || path === "/api/healthz") {
    if (request.method !== "GET" && request.method !== "HEAD") return errorResponse(405, "METHOD_NOT_ALLOWED", "GET only", READ_ONLY);
    return json(path === "/api/config" ? publicConfig(request, config, deps) : { ok: true, upstream: config.upstream.kind });
  }

  const denied = authorize(request, config);
  if (denied) return denied;

  if (path === "/api/query") {
    if (request.method !== "POST") return errorResponse(405, "METHOD_NOT_ALLOWED", "POST only", { allow: "POST" });
    // A JSON body cannot be sent cross-origin without a CORS preflight, which only configured
    // origins pass; a text/plain or form POST could be, and would run a statement unasked.
    if (!isJson(request)) return errorResponse(415, "UNSUPPORTED_MEDIA_TYPE", "POST /api/query needs Content-Type: application/json");
    const conn = deps.connect(connectOptions(config, deps));
    return handleQuery(request, conn, {
      ...(deps.formatType === undefined ? {} : { formatType: deps.formatType }),
      ...(ctx ? { waitUntil: (p: Promise<unknown>) => ctx.waitUntil(p) } : {}),
      onDone: async () => {
        await conn.close?.();
      },
    });
  }
  if (path.startsWith("/sql/v1/")) return proxySqlV1(request, proxyTarget(config, deps));
  return errorResponse(404, "ROUTE_NOT_FOUND", "No such route");
}

/**
 * The proxy's own access rule: a configured PROXY_TOKEN must be presented as a bearer token;
 * without one, only the embedded emulator is served (nothing secret behind it), and a Worker
 * holding Confluent credentials refuses to be an open proxy.
 */
function authorize(request: Request, config: WorkerConfig): Response | null {
  if (config.proxyToken !== undefined) {
    return hasBearer(request, config.proxyToken)
      ? null
      : errorResponse(401, "UNAUTHENTICATED", "Missing or wrong proxy token", { "www-authenticate": 'Bearer realm="confluent-sql proxy"' });
  }
  if (config.upstream.kind === "emulator") return null;
  return errorResponse(503, "PROXY_TOKEN_REQUIRED", "The proxy has Confluent credentials but no PROXY_TOKEN; refusing to serve it openly");
}

/** Settings a browser client needs; no secret is part of it. */
function publicConfig(request: Request, config: WorkerConfig, deps: AppDeps): Record<string, unknown> {
  const origin = new URL(request.url).origin;
  if (config.upstream.kind === "confluent") {
    const u = config.upstream;
    return {
      upstream: "confluent",
      endpoint: origin,
      organizationId: u.organizationId,
      environmentId: u.environmentId,
      ...(u.database === undefined ? {} : { database: u.database }),
      ...(u.computePoolId === undefined ? {} : { computePoolId: u.computePoolId }),
      tokenRequired: config.proxyToken !== undefined,
    };
  }
  const o = deps.emulator().connectOptions;
  return {
    upstream: "emulator",
    endpoint: origin,
    organizationId: o.organizationId,
    environmentId: o.environmentId,
    ...(o.database === undefined ? {} : { database: o.database }),
    ...(o.computePoolId === undefined ? {} : { computePoolId: o.computePoolId }),
    tokenRequired: config.proxyToken !== undefined,
  };
}

function connectOptions(config: WorkerConfig, deps: AppDeps): Record<string, unknown> {
  if (config.upstream.kind === "confluent") {
    const u = config.upstream;
    return {
      endpoint: u.endpoint,
      organizationId: u.organizationId,
      environmentId: u.environmentId,
      flinkApiKey: u.apiKey,
      flinkApiSecret: u.apiSecret,
      ...(u.database === undefined ? {} : { database: u.database }),
      ...(u.computePoolId === undefined ? {} : { computePoolId: u.computePoolId }),
    };
  }
  const emu = deps.emulator();
  return { ...emu.connectOptions, fetch: (input: RequestInfo | URL, init?: RequestInit) => emu.fetch(new Request(input, init)) };
}

function proxyTarget(config: WorkerConfig, deps: AppDeps): ProxyTarget {
  if (config.upstream.kind === "confluent") {
    const u = config.upstream;
    return {
      endpoint: u.endpoint,
      organizationId: u.organizationId,
      environmentId: u.environmentId,
      authorization: basicAuth(u.apiKey, u.apiSecret),
      fetch: (r) => fetch(r),
    };
  }
  const emu = deps.emulator();
  const o = emu.connectOptions;
  return {
    endpoint: o.endpoint.replace(/\/+$/, ""),
    organizationId: o.organizationId,
    environmentId: o.environmentId,
    authorization: basicAuth(o.flinkApiKey, o.flinkApiSecret),
    fetch: (r) => emu.fetch(r),
  };
}

async function serveAsset(request: Request, env: WorkerEnv, path: string): Promise<Response> {
  if (request.method !== "GET" && request.method !== "HEAD") return errorResponse(405, "METHOD_NOT_ALLOWED", "Static files are GET only", { allow: "GET, HEAD" });
  if (env.ASSETS === undefined) {
    return new Response("The playground is not deployed with this Worker (no ASSETS binding).", { status: 404 });
  }
  const response = await env.ASSETS.fetch(request);
  if (response.status === 404 && path === "/") {
    const url = new URL(request.url);
    url.pathname = "/index.html";
    return env.ASSETS.fetch(new Request(url, request));
  }
  return response;
}

/** Whether the body is declared as JSON (`application/json`, any parameters). */
function isJson(request: Request): boolean {
  const type = request.headers.get("content-type") ?? "";
  return type.split(";")[0]!.trim().toLowerCase() === "application/json";
}

function json(value: unknown, status = 200): Response {
  return new Response(JSON.stringify(value), { status, headers: { "content-type": "application/json" } });
}
