/**
 * Organization id inference: `GET /org/v2/organizations` on the control plane with the global API
 * key, all pages; exactly one organization is used, zero or several are a clear error.
 * Used lazily on the first request that needs the id, never by `connect()`.
 */
import { InterfaceError, OperationalError, ProtocolError } from "../errors.ts";
import type { HttpTransport } from "./http.ts";
import { OrganizationListStruct, validate } from "./schemas.ts";
import { pageTokenFromNext } from "./statements-api.ts";

/** Lists the organizations visible to the key and returns the only one. */
export async function inferOrganizationId(transport: HttpTransport, controlPlane: string, signal?: AbortSignal): Promise<string> {
  const ids: string[] = [];
  const seen = new Set<string>();
  let token: string | null = null;
  for (let page = 0; ; page++) {
    // A list that never ends (or loops) must not be read as complete: the answer could be wrong.
    if (page === 100) throw new ProtocolError("The organization list has more than 100 pages", { path: "metadata.next" });
    const query: Record<string, string | undefined> = { page_size: "100" };
    if (token !== null) query.page_token = token;
    const res = await transport.request({ method: "GET", url: `${controlPlane}/org/v2/organizations`, query, signal, what: "GET /org/v2/organizations" });
    const origin = res.requestId === undefined ? { status: res.status } : { status: res.status, requestId: res.requestId };
    const body = validate(res.body, OrganizationListStruct, "organization list", origin);
    for (const o of body.data ?? []) ids.push(o.id);
    token = pageTokenFromNext(body.metadata?.next, "metadata.next", origin);
    if (token === null) break;
    if (seen.has(token)) throw new ProtocolError("The organization list repeated a page token", { ...origin, path: "metadata.next" });
    seen.add(token);
  }
  if (ids.length === 1) return ids[0]!;
  if (ids.length === 0) {
    throw new OperationalError("ORGANIZATION_NOT_FOUND", "No organization is visible to this API key; pass organizationId to connect()");
  }
  throw new InterfaceError(
    "ORGANIZATION_AMBIGUOUS",
    `${ids.length} organizations are visible to this API key (${ids.slice(0, 5).join(", ")}${ids.length > 5 ? ", ..." : ""}); pass organizationId to connect()`,
  );
}
