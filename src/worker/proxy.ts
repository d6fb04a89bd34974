/**
 * The authenticated `/sql/v1` proxy: browsers present the proxy's own bearer token, the Worker
 * forwards only the configured organization's and environment's statement routes with its own
 * Confluent credentials, and rewrites `next`/`self` links and `Location` to point back at
 * itself. Credentials are added here and never echoed back (upstream auth challenges and cookies
 * are dropped).
 */
import { errorResponse } from "./http.ts";

/** Where and how to forward. */
export interface ProxyTarget {
  /** Upstream base (origin, optionally a path), no trailing slash. */
  readonly endpoint: string;
  readonly organizationId: string;
  readonly environmentId: string;
  /** The `Authorization` value the upstream needs (never shown to callers). */
  readonly authorization: string;
  /** fetch used for the upstream (global fetch, or the embedded emulator's). */
  readonly fetch: (request: Request) => Promise<Response>;
}

const ROUTE = /^\/sql\/v1\/organizations\/([^/]+)\/environments\/([^/]+)\/statements(?:\/([^/]+)(?:\/(results|exceptions))?)?\/?$/;
/**
 * Caller headers passed upstream. CORS allows exactly these plus `Authorization` (the proxy's
 * own token, replaced by the Worker's credentials); anything else a browser sent is dropped,
 * so allowing it would only invite headers that silently do nothing.
 */
export const FORWARD_REQUEST_HEADERS: readonly string[] = ["content-type", "accept", "user-agent"];
const DROP_RESPONSE_HEADERS = ["set-cookie", "www-authenticate", "content-length", "content-encoding", "transfer-encoding", "connection"];
const MAX_REDIRECTS = 5;

/** Which statement route a path is, or null when the proxy must not forward it. */
export function matchRoute(
  pathname: string,
  method: string,
  target: Pick<ProxyTarget, "organizationId" | "environmentId">,
): { kind: "collection" | "statement" | "results" | "exceptions" } | { error: number; code: string; detail: string } {
  const m = ROUTE.exec(pathname);
  if (!m) return { error: 404, code: "ROUTE_NOT_FOUND", detail: "Not a statement route of this proxy" };
  let org: string;
  let env: string;
  try {
    org = decodeURIComponent(m[1] as string);
    env = decodeURIComponent(m[2] as string);
  } catch {
    return { error: 400, code: "MALFORMED_PATH", detail: "Malformed path" };
  }
  if (org !== target.organizationId || env !== target.environmentId) {
    return { error: 403, code: "ENVIRONMENT_NOT_SERVED", detail: "This proxy serves only its configured organization and environment" };
  }
  const kind = m[3] === undefined ? "collection" : m[4] === undefined ? "statement" : (m[4] as "results" | "exceptions");
  const allowed: Record<typeof kind, readonly string[]> = {
    collection: ["GET", "POST"],
    statement: ["GET", "PUT", "PATCH", "DELETE"],
    results: ["GET"],
    exceptions: ["GET"],
  };
  if (!allowed[kind].includes(method)) return { error: 405, code: "METHOD_NOT_ALLOWED", detail: `${method} is not allowed on this route` };
  return { kind };
}

/**
 * Forwards one request. The caller has already checked the proxy token and CORS.
 *
 * @example
 * ```ts
 * return proxySqlV1(request, { endpoint, organizationId, environmentId, authorization, fetch });
 * ```
 * Failure behaviour: routes outside the configured org/env are 403/404/405 in Confluent's error
 * shape without contacting the upstream; an upstream 401/403 about the Worker's own credentials
 * becomes 502 (the caller's token was fine); a network failure becomes 502.
 */
export async function proxySqlV1(request: Request, target: ProxyTarget): Promise<Response> {
  const url = new URL(request.url);
  const route = matchRoute(url.pathname, request.method, target);
  if ("error" in route) return errorResponse(route.error, route.code, route.detail);

  const headers = new Headers();
  for (const name of FORWARD_REQUEST_HEADERS) {
    const value = request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  headers.set("authorization", target.authorization);
  const body = request.method === "GET" || request.method === "DELETE" ? undefined : await request.arrayBuffer();

  let upstreamUrl = `${target.endpoint}${url.pathname}${url.search}`;
  let response: Response;
  try {
    for (let hop = 0; ; hop++) {
      response = await target.fetch(
        new Request(upstreamUrl, { method: request.method, headers, ...(body === undefined ? {} : { body }), redirect: "manual" }),
      );
      const location = response.headers.get("location");
      if (response.status < 300 || response.status >= 400 || location === null || response.status === 304) break;
      if (hop >= MAX_REDIRECTS) return errorResponse(502, "UPSTREAM_REDIRECT_LOOP", "Upstream redirected too often");
      const next = new URL(location, upstreamUrl);
      // Re-send the credentials only to Confluent hosts or the same origin (fetch would drop them).
      if (next.origin !== new URL(upstreamUrl).origin && !next.hostname.endsWith(".confluent.cloud")) {
        return errorResponse(502, "UPSTREAM_REDIRECT_REFUSED", "Upstream redirected to a host outside Confluent Cloud");
      }
      upstreamUrl = next.href;
    }
  } catch {
    return errorResponse(502, "UPSTREAM_UNREACHABLE", "Upstream unreachable");
  }

  if (response.status === 401 || (response.status === 403 && response.headers.has("www-authenticate"))) {
    await response.body?.cancel();
    return errorResponse(502, "UPSTREAM_AUTH_FAILED", "The upstream rejected the proxy's own credentials");
  }

  const outHeaders = new Headers(response.headers);
  for (const name of DROP_RESPONSE_HEADERS) outHeaders.delete(name);
  // CORS is the proxy's decision (configured origins only), never the upstream's.
  for (const name of [...outHeaders.keys()]) if (name.startsWith("access-control-")) outHeaders.delete(name);
  const upstreamBase = new URL(upstreamUrl).origin;
  const rewrite = (link: string): string => rewriteLink(link, upstreamBase, target.endpoint, url.origin);
  const location = outHeaders.get("location");
  if (location !== null) outHeaders.set("location", rewrite(location));

  const type = response.headers.get("content-type") ?? "";
  if (!type.includes("json") || response.status === 204 || request.method === "HEAD") {
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers: outHeaders });
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return new Response(text, { status: response.status, headers: outHeaders });
  }
  rewriteMetadataLinks(json, rewrite);
  return new Response(JSON.stringify(json), { status: response.status, statusText: response.statusText, headers: outHeaders });
}

/** Maps an upstream link to the same path on the proxy; other links are left alone. */
export function rewriteLink(link: string, upstreamOrigin: string, endpoint: string, proxyOrigin: string): string {
  for (const base of [endpoint, upstreamOrigin]) {
    if (link === base || link.startsWith(`${base}/`) || link.startsWith(`${base}?`)) {
      const rest = link.slice(base.length);
      return `${proxyOrigin}${rest}`;
    }
  }
  return link;
}

/** Rewrites `metadata.next` and `metadata.self` at the top and in each `data[]` item. */
function rewriteMetadataLinks(json: unknown, rewrite: (link: string) => string): void {
  const fix = (holder: unknown): void => {
    if (holder === null || typeof holder !== "object") return;
    const metadata = (holder as { metadata?: unknown }).metadata;
    if (metadata === null || typeof metadata !== "object") return;
    const m = metadata as Record<string, unknown>;
    for (const key of ["next", "self", "first", "last", "prev"]) {
      const v = m[key];
      if (typeof v === "string" && v !== "") m[key] = rewrite(v);
    }
  };
  fix(json);
  const data = (json as { data?: unknown } | null)?.data;
  if (Array.isArray(data)) for (const item of data) fix(item);
}
