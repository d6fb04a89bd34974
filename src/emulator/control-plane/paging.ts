/**
 * Paging of the control-plane lists (cmk/v2 clusters, Tableflow topics): `page_size` (default
 * 10, at most 100, as the OpenAPI specs declare), an opaque `page_token` naming the offset of
 * the next item, and `metadata.next` repeating the request's parameters with `page_token`
 * last, like the statement list (so `next.split("page_token=")[1]` works).
 */
import { jsonResponse } from "../gateway/http.ts";
import { decodePageToken, encodePageToken, pageSizeParam } from "../gateway/page-params.ts";

export interface Page<T> {
  readonly items: T[];
  /** The absolute `next` link, or null on the last page. */
  readonly next: string | null;
}

/** The page of `all` the request's `page_size` and `page_token` select. */
function pageOf<T>(all: readonly T[], url: URL): Page<T> {
  const size = pageSizeParam(url.searchParams);
  const token = url.searchParams.get("page_token");
  const offset = token === null || token === "" ? 0 : decodePageToken("offset", token);
  const items = all.slice(offset, offset + size);
  if (offset + size >= all.length) return { items, next: null };
  const params = new URLSearchParams();
  for (const [k, v] of url.searchParams) if (k !== "page_token") params.append(k, v);
  params.append("page_token", encodePageToken("offset", offset + size));
  return { items, next: `${url.origin}${url.pathname}?${params.toString()}` };
}

/**
 * A list answer in the control-plane envelope (`api_version`, `kind`, `metadata` with `first`,
 * `next` while there are more, and `total_size`), the page of `all` the request selects.
 */
export function listResponse<T>(
  list: { readonly apiVersion: string; readonly kind: string; readonly first: string },
  all: readonly T[],
  url: URL,
  toJson: (item: T) => unknown,
): Response {
  const page = pageOf(all, url);
  const metadata: Record<string, unknown> = { first: list.first };
  if (page.next !== null) metadata.next = page.next;
  metadata.total_size = all.length;
  return jsonResponse(200, { api_version: list.apiVersion, kind: list.kind, metadata, data: page.items.map(toJson) });
}
