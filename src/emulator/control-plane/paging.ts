/**
 * Paging of the control-plane lists (cmk/v2 clusters, Tableflow topics): `page_size` (default
 * 10, at most 100, as the OpenAPI specs declare), an opaque `page_token` naming the offset of
 * the next item, and `metadata.next` repeating the request's parameters with `page_token`
 * last, like the statement list (so `next.split("page_token=")[1]` works).
 */
import { HttpError } from "../gateway/http.ts";

const DEFAULT_PAGE_SIZE = 10;
const MAX_PAGE_SIZE = 100;

export interface Page<T> {
  readonly items: T[];
  /** The absolute `next` link, or null on the last page. */
  readonly next: string | null;
}

function pageSize(url: URL): number {
  const text = url.searchParams.get("page_size");
  if (text === null || text === "") return DEFAULT_PAGE_SIZE;
  if (!/^\d+$/.test(text) || Number(text) < 1) {
    throw new HttpError(400, `page_size must be a positive integer, got '${text}'`, { parameter: "page_size" });
  }
  return Math.min(MAX_PAGE_SIZE, Number(text));
}

function encodeToken(offset: number): string {
  return btoa(`offset:${offset}`).replace(/=+$/, "");
}

function decodeToken(token: string): number {
  let text = "";
  try {
    text = atob(token + "=".repeat((4 - (token.length % 4)) % 4));
  } catch {
    text = "";
  }
  const m = /^offset:(\d{1,9})$/.exec(text);
  if (!m || token.length > 255) throw new HttpError(400, "page_token is not valid", { parameter: "page_token" });
  return Number(m[1]);
}

/** The page of `all` the request's `page_size` and `page_token` select. */
export function pageOf<T>(all: readonly T[], url: URL): Page<T> {
  const size = pageSize(url);
  const token = url.searchParams.get("page_token");
  const offset = token === null || token === "" ? 0 : decodeToken(token);
  const items = all.slice(offset, offset + size);
  if (offset + size >= all.length) return { items, next: null };
  const params = new URLSearchParams();
  for (const [k, v] of url.searchParams) if (k !== "page_token") params.append(k, v);
  params.append("page_token", encodeToken(offset + size));
  return { items, next: `${url.origin}${url.pathname}?${params.toString()}` };
}
