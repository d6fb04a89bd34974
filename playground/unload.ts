/**
 * Stopping a streaming statement when the page goes away (tab closed, reload, navigation).
 * The cursor's own stop would be an ordinary fetch, which the browser cancels as the page
 * unloads; a `keepalive` request outlives the page, so the statement does not keep running on
 * the server, unwatched, until it is stopped by hand. Pure: builds the request, sends nothing.
 */

/** Where the page's connection points (the Worker's `/api/config`). */
export interface ProxyTarget {
  readonly endpoint: string;
  readonly organizationId: string;
  readonly environmentId: string;
}

/**
 * The `PATCH` that stops statement `name` through the Worker's `/sql/v1` proxy, as the client's
 * `stopStatement` sends it, marked `keepalive`; with the proxy token when there is one.
 *
 * @example stopOnLeaveRequest({ endpoint: "https://w.example", organizationId: "o", environmentId: "e" }, "feed-1", "")
 *   // { url: "https://w.example/sql/v1/organizations/o/environments/e/statements/feed-1", init: { method: "PATCH", keepalive: true, ... } }
 */
export function stopOnLeaveRequest(target: ProxyTarget, name: string, token: string): { url: string; init: RequestInit } {
  const base = target.endpoint.replace(/\/+$/, "");
  const path = ["sql/v1/organizations", target.organizationId, "environments", target.environmentId, "statements"].map((p, i) => (i % 2 === 1 ? encodeURIComponent(p) : p)).join("/");
  const headers: Record<string, string> = { "content-type": "application/json-patch+json" };
  if (token !== "") headers.authorization = `Bearer ${token}`;
  return {
    url: `${base}/${path}/${encodeURIComponent(name)}`,
    init: { method: "PATCH", keepalive: true, headers, body: JSON.stringify([{ op: "replace", path: "/spec/stopped", value: true }]) },
  };
}
