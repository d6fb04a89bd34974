/**
 * The authenticated `/sql/v1` proxy: browsers present the proxy's own bearer token, the Worker
 * forwards only the configured organization's and environment's statement routes with its own
 * Confluent credentials, and rewrites `next`/`self` links and `Location` to point back at
 * itself. Credentials are added here and never echoed back (upstream auth challenges and cookies
 * are dropped), and never follow a redirect off the configured endpoint's origin.
 */
import { errorResponse, isPreflightFreeBody, MIB, payloadTooLarge, readBodyCapped } from "./http.ts";

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
 * Confluent's rule for statement names (a DNS subdomain: lower-case letters, digits, `-`, dot-
 * separated labels). Checked on the raw path segment, so a percent-encoded `/` or `.` (`%2F..%2F`)
 * never passes as a name.
 */
const STATEMENT_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** Longest statement name Confluent accepts. */
export const MAX_STATEMENT_NAME_LENGTH = 100;

/**
 * Caps of the proxy, bounding the Worker's memory (128 MiB per isolate): request bodies (a
 * statement's SQL is far smaller), redirects, and the upstream JSON answers it buffers to rewrite
 * their links (results pages are a few MiB at most; other answers stream through uncounted).
 */
export const PROXY_LIMITS = { maxBodyBytes: 8 * MIB, maxRedirects: 5, maxUpstreamJsonBytes: 32 * MIB };

/**
 * Caller headers passed upstream. CORS allows exactly these plus `Authorization` (the proxy's
 * own token, replaced by the Worker's credentials); anything else a browser sent is dropped,
 * so allowing it would only invite headers that silently do nothing.
 */
export const FORWARD_REQUEST_HEADERS: readonly string[] = ["content-type", "accept", "user-agent"];
/**
 * Upstream response headers never passed on: credentials and cookies, lengths and encodings
 * that no longer describe the (decoded, possibly rewritten) body, and the hop-by-hop headers of
 * RFC 9110 section 7.6.1, which describe the upstream connection, not this one.
 */
const DROP_RESPONSE_HEADERS = [
  "set-cookie",
  "www-authenticate",
  "content-length",
  "content-encoding",
  "connection",
  "keep-alive",
  "transfer-encoding",
  "te",
  "trailer",
  "upgrade",
];
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

type RouteKind = "collection" | "statement" | "results" | "exceptions";
type RouteError = { error: number; code: string; detail: string; /** For a 405: the route's methods. */ allow?: string };
/** A statement route of the configured organization and environment. */
interface ParsedRoute {
  readonly kind: RouteKind;
  /** The statement's name (every kind but `collection`). */
  readonly name?: string;
}

const NOT_FOUND: RouteError = { error: 404, code: "ROUTE_NOT_FOUND", detail: "Not a statement route of this proxy" };

/** Parses a path as a statement route of `target`, or says why it is not one. */
function parseRoute(pathname: string, target: Pick<ProxyTarget, "organizationId" | "environmentId">): ParsedRoute | RouteError {
  const m = ROUTE.exec(pathname);
  if (!m) return NOT_FOUND;
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
  const name = m[3];
  if (name === undefined) return { kind: "collection" };
  if (name.length > MAX_STATEMENT_NAME_LENGTH || !STATEMENT_NAME.test(name)) return NOT_FOUND;
  return { kind: m[4] === undefined ? "statement" : (m[4] as "results" | "exceptions"), name };
}

/**
 * The upstream path of a route, built from its parts rather than copied from the request, so
 * what reaches the upstream is exactly one of the statement routes whatever the caller's
 * spelling (encoded characters, trailing slash).
 */
function canonicalPath(route: ParsedRoute, target: Pick<ProxyTarget, "organizationId" | "environmentId">): string {
  const base = `/sql/v1/organizations/${encodeURIComponent(target.organizationId)}/environments/${encodeURIComponent(target.environmentId)}/statements`;
  if (route.name === undefined) return base;
  return route.kind === "statement" ? `${base}/${route.name}` : `${base}/${route.name}/${route.kind}`;
}

/** Which statement route a path is, or why the proxy must not forward it. */
export function matchRoute(
  pathname: string,
  method: string,
  target: Pick<ProxyTarget, "organizationId" | "environmentId">,
): { kind: RouteKind } | RouteError {
  const route = checkRoute(pathname, method, target);
  return "error" in route ? route : { kind: route.kind };
}

/** parseRoute plus the route's methods. */
function checkRoute(pathname: string, method: string, target: Pick<ProxyTarget, "organizationId" | "environmentId">): ParsedRoute | RouteError {
  const route = parseRoute(pathname, target);
  if ("error" in route) return route;
  const allowed: Record<RouteKind, readonly string[]> = {
    collection: ["GET", "POST"],
    statement: ["GET", "PUT", "PATCH", "DELETE"],
    results: ["GET"],
    exceptions: ["GET"],
  };
  if (!allowed[route.kind].includes(method)) {
    return { error: 405, code: "METHOD_NOT_ALLOWED", detail: `${method} is not allowed on this route`, allow: allowed[route.kind].join(", ") };
  }
  return route;
}

/**
 * Forwards one request. The caller has already checked the proxy token and CORS.
 *
 * @example
 * ```ts
 * return proxySqlV1(request, { endpoint, organizationId, environmentId, authorization, fetch });
 * ```
 * Failure behaviour: routes outside the configured org/env, malformed statement names, bodies not
 * declared as JSON and bodies over 8 MiB are 403/404/405/415/413 in Confluent's error shape
 * without contacting the upstream; an upstream 401/403 about the Worker's own credentials
 * becomes 502 (the caller's token was fine); a redirect off the endpoint's origin, a `next` link
 * the proxy cannot serve (502 `UPSTREAM_LINK_UNSERVED`, rather than a page that looks like the
 * last), a JSON answer over 32 MiB (`UPSTREAM_TOO_LARGE`) and a network failure become 502.
 */
export async function proxySqlV1(request: Request, target: ProxyTarget): Promise<Response> {
  const url = new URL(request.url);
  const route = checkRoute(url.pathname, request.method, target);
  if ("error" in route) return errorResponse(route.error, route.code, route.detail, route.allow === undefined ? {} : { allow: route.allow });

  const headers = new Headers();
  for (const name of FORWARD_REQUEST_HEADERS) {
    const value = request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  headers.set("authorization", target.authorization);
  let body: Uint8Array<ArrayBuffer> | undefined;
  if (request.method !== "GET" && request.method !== "DELETE") {
    // Statement-API bodies are JSON. A cross-site form or beacon (no preflight) can only send
    // these types; refusing them keeps other sites from creating statements on a token-less
    // emulator Worker.
    if (isPreflightFreeBody(request)) return errorResponse(415, "UNSUPPORTED_MEDIA_TYPE", `${request.method} on the statements API needs a JSON Content-Type`);
    const read = await readBodyCapped(request, PROXY_LIMITS.maxBodyBytes);
    if (read === null) return payloadTooLarge(PROXY_LIMITS.maxBodyBytes);
    body = read;
  }

  const fetched = await fetchFollowingRedirects(target, `${target.endpoint}${canonicalPath(route, target)}${url.search}`, request.method, headers, body);
  if ("refusal" in fetched) return fetched.refusal;
  const response = fetched;

  if (response.status === 401 || (response.status === 403 && response.headers.has("www-authenticate"))) {
    await response.body?.cancel();
    return errorResponse(502, "UPSTREAM_AUTH_FAILED", "The upstream rejected the proxy's own credentials");
  }

  const outHeaders = responseHeaders(response.headers);
  const link = (value: string): string | undefined => proxyLink(value, target, url.origin);
  const location = outHeaders.get("location");
  if (location !== null) {
    const mapped = link(location);
    if (mapped === undefined) outHeaders.delete("location");
    else outHeaders.set("location", mapped);
  }

  const type = response.headers.get("content-type") ?? "";
  // (No HEAD case: checkRoute allows HEAD on no route, so a body is always there to rewrite.)
  if (!type.includes("json") || response.status === 204) {
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers: outHeaders });
  }
  const bytes = await readBodyCapped(response, PROXY_LIMITS.maxUpstreamJsonBytes);
  if (bytes === null) return errorResponse(502, "UPSTREAM_TOO_LARGE", `The upstream's JSON answer is larger than ${PROXY_LIMITS.maxUpstreamJsonBytes} bytes`);
  const text = new TextDecoder().decode(bytes);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return new Response(text, { status: response.status, headers: outHeaders });
  }
  if (!rewriteMetadataLinks(json, link)) {
    // Dropping it would read as the last page: the client would end the results early, silently.
    return errorResponse(502, "UPSTREAM_LINK_UNSERVED", "The upstream's next link points at a path this proxy does not serve, so the rest of the results cannot be read through it");
  }
  return new Response(JSON.stringify(json), { status: response.status, statusText: response.statusText, headers: outHeaders });
}

/**
 * Sends the request, following redirects by hand (`redirect: "manual"`): only within the
 * endpoint's origin or to https Confluent Cloud hosts (so the Worker's credentials never go
 * anywhere else, nor from https to http), at most 5 times, with the method rules browsers use
 * (303, and 301/302 after a POST, become a GET without a body).
 */
async function fetchFollowingRedirects(
  target: ProxyTarget,
  firstUrl: string,
  firstMethod: string,
  headers: Headers,
  firstBody: Uint8Array<ArrayBuffer> | undefined,
): Promise<Response | { refusal: Response }> {
  const origin = new URL(target.endpoint).origin;
  let url = firstUrl;
  let method = firstMethod;
  let body = firstBody;
  try {
    for (let hop = 0; ; hop++) {
      const response = await target.fetch(new Request(url, { method, headers, ...(body === undefined ? {} : { body }), redirect: "manual" }));
      const location = response.headers.get("location");
      if (!REDIRECTS.has(response.status) || location === null) return response;
      await response.body?.cancel().catch(() => {});
      if (hop >= PROXY_LIMITS.maxRedirects) return { refusal: errorResponse(502, "UPSTREAM_REDIRECT_LOOP", "Upstream redirected too often") };
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        return { refusal: errorResponse(502, "UPSTREAM_REDIRECT_REFUSED", "Upstream redirected to an invalid URL") };
      }
      if (!redirectKeepsCredentialsSafe(next, origin)) {
        return { refusal: errorResponse(502, "UPSTREAM_REDIRECT_REFUSED", "Upstream redirected outside the configured endpoint's origin and Confluent Cloud") };
      }
      // (HEAD never gets here: no route allows it, so a 303 always turns into a GET.)
      if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === "POST")) {
        method = "GET";
        body = undefined;
        headers.delete("content-type");
      }
      url = next.href;
    }
  } catch {
    return { refusal: errorResponse(502, "UPSTREAM_UNREACHABLE", "Upstream unreachable") };
  }
}

/**
 * Whether a redirect target may receive the Worker's credentials: the endpoint's own origin, or
 * an https Confluent Cloud host on the default port (the Flink gateway redirects to hosts that
 * are not the one first asked, as the Confluent CLI notes). Never userinfo, never plain http.
 */
function redirectKeepsCredentialsSafe(next: URL, endpointOrigin: string): boolean {
  if (next.username !== "" || next.password !== "") return false;
  if (next.origin === endpointOrigin) return true;
  return next.protocol === "https:" && next.port === "" && next.hostname.endsWith(".confluent.cloud");
}

/** The upstream's response headers minus what must not pass a proxy (see DROP_RESPONSE_HEADERS). */
function responseHeaders(upstream: Headers): Headers {
  const out = new Headers(upstream);
  // Connection may name further headers that are only about the upstream hop.
  const named = (upstream.get("connection") ?? "").split(",").map((h) => h.trim().toLowerCase()).filter((h) => h !== "");
  for (const name of [...DROP_RESPONSE_HEADERS, ...named]) out.delete(name);
  for (const name of [...out.keys()]) {
    // CORS is the proxy's decision (configured origins only), never the upstream's.
    if (name.startsWith("access-control-") || name.startsWith("proxy-")) out.delete(name);
  }
  return out;
}

/**
 * Where a link in an upstream answer should point: an upstream link (on the endpoint's origin
 * or an https Confluent Cloud host, see redirectKeepsCredentialsSafe) to a route this proxy
 * serves becomes the same route on the proxy; any other upstream link is dropped
 * (`undefined`), since passing it would show the upstream's host (a private endpoint's name) and
 * invite the client to send its proxy token there; links elsewhere are not the proxy's and stay.
 * (A dropped `next` makes proxySqlV1 answer 502 instead, see rewriteMetadataLinks.)
 *
 * @example proxyLink(`${endpoint}/sql/v1/organizations/o/environments/e/statements/s`, target, "https://w.example") // "https://w.example/sql/v1/..."
 */
export function proxyLink(link: string, target: Pick<ProxyTarget, "endpoint" | "organizationId" | "environmentId">, proxyOrigin: string): string | undefined {
  let u: URL;
  let base: URL;
  try {
    u = new URL(link);
    base = new URL(target.endpoint);
  } catch {
    return link;
  }
  // An upstream link is one to a host the proxy sends its credentials to: the endpoint, or the
  // Confluent Cloud host a redirect led to (whose answers link to itself).
  if (!redirectKeepsCredentialsSafe(u, base.origin)) return link;
  const prefix = u.origin === base.origin ? base.pathname.replace(/\/+$/, "") : "";
  const path = prefix !== "" && u.pathname.startsWith(`${prefix}/`) ? u.pathname.slice(prefix.length) : u.pathname;
  const route = parseRoute(path, target);
  if ("error" in route) return undefined;
  return `${proxyOrigin}${path}${u.search}`;
}

/**
 * Rewrites `metadata.next`, `self`, `first`, `last` and `prev` at the top and in each `data[]`
 * item (see proxyLink; a dropped link's key is removed). `false` when a `next` would have to be
 * dropped: an absent `next` means "no more results", so the answer must not be passed on.
 */
function rewriteMetadataLinks(json: unknown, rewrite: (link: string) => string | undefined): boolean {
  let nextServed = true;
  const fix = (holder: unknown): void => {
    if (holder === null || typeof holder !== "object") return;
    const metadata = (holder as { metadata?: unknown }).metadata;
    if (metadata === null || typeof metadata !== "object") return;
    const m = metadata as Record<string, unknown>;
    for (const key of ["next", "self", "first", "last", "prev"]) {
      const v = m[key];
      if (typeof v !== "string" || v === "") continue;
      const mapped = rewrite(v);
      if (mapped === undefined) {
        delete m[key];
        if (key === "next") nextServed = false;
      } else m[key] = mapped;
    }
  };
  fix(json);
  const data = (json as { data?: unknown } | null)?.data;
  if (Array.isArray(data)) for (const item of data) fix(item);
  return nextServed;
}
