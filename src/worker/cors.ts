/**
 * CORS for the Worker: configured origins only. A request from any other origin gets no
 * `Access-Control-Allow-Origin`, so the browser blocks it; same-origin requests (the playground
 * served by this Worker) need none.
 */

import { FORWARD_REQUEST_HEADERS } from "./proxy.ts";

const ALLOW_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
// What the proxy reads or forwards, nothing more (see FORWARD_REQUEST_HEADERS).
const ALLOW_HEADERS = ["authorization", ...FORWARD_REQUEST_HEADERS].join(", ");
const EXPOSE_HEADERS = "X-Request-Id, Location, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset";

/**
 * The CORS headers for a request, or an empty object when its origin is not allowed.
 *
 * @example corsHeaders("https://a.example", ["https://a.example"])["access-control-allow-origin"] // "https://a.example"
 */
export function corsHeaders(origin: string | null, allowed: readonly string[]): Record<string, string> {
  if (origin === null || !allowed.includes(origin)) return {};
  return {
    "access-control-allow-origin": origin,
    "access-control-expose-headers": EXPOSE_HEADERS,
    vary: "Origin",
  };
}

/** Answers an OPTIONS preflight: 204 with the allowances for allowed origins, 403 otherwise. */
export function preflight(request: Request, allowed: readonly string[]): Response {
  const origin = request.headers.get("origin");
  const base = corsHeaders(origin, allowed);
  if (Object.keys(base).length === 0) return new Response(null, { status: 403, headers: { vary: "Origin" } });
  return new Response(null, {
    status: 204,
    headers: {
      ...base,
      "access-control-allow-methods": ALLOW_METHODS,
      "access-control-allow-headers": ALLOW_HEADERS,
      "access-control-max-age": "600",
    },
  });
}

/**
 * A copy of `response` with the CORS headers for `request` added, and `Vary: Origin` in every
 * case: whether the answer carries `Access-Control-Allow-Origin` depends on the request's
 * origin, so a cache must not hand one origin's answer to another. An upstream `Vary` is kept
 * (Origin is appended to it).
 */
export function withCors(response: Response, request: Request, allowed: readonly string[]): Response {
  const extra = corsHeaders(request.headers.get("origin"), allowed);
  const headers = new Headers(response.headers);
  for (const [k, v] of Object.entries(extra)) if (k !== "vary") headers.set(k, v);
  appendVary(headers, "Origin");
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/**
 * Adds `name` to the `Vary` header unless it is already listed (in any case) or Vary is `*`.
 *
 * @example appendVary(headers, "Origin") // "Accept-Encoding" becomes "Accept-Encoding, Origin"
 */
export function appendVary(headers: Headers, name: string): void {
  const current = headers.get("vary");
  if (current === null || current.trim() === "") {
    headers.set("vary", name);
    return;
  }
  const listed = current.split(",").map((v) => v.trim().toLowerCase());
  if (listed.includes("*") || listed.includes(name.toLowerCase())) return;
  headers.set("vary", `${current}, ${name}`);
}
