/**
 * The paging parameters every emulated list shares (statements, cmk clusters, Tableflow
 * topics): `page_size` (default 10, at most 100, as the OpenAPI specs declare) and opaque
 * `page_token`s carrying one number under a kind prefix (`seq:` for statements, `offset:` for
 * the control-plane lists), base64 without padding as the real service's look.
 */
import { HttpError } from "./http.ts";

const DEFAULT_PAGE_SIZE = 10;
const MAX_PAGE_SIZE = 100;

/** `page_size` of a list request: 400 unless a positive integer; capped at 100. */
export function pageSizeParam(params: URLSearchParams): number {
  const text = params.get("page_size");
  if (text === null || text === "") return DEFAULT_PAGE_SIZE;
  if (!/^\d+$/.test(text) || Number(text) < 1) {
    throw new HttpError(400, `page_size must be a positive integer, got '${text}'`, { parameter: "page_size" });
  }
  return Math.min(MAX_PAGE_SIZE, Number(text));
}

/** A page token for `value` of this `kind`. */
export function encodePageToken(kind: string, value: number): string {
  return btoa(`${kind}:${value}`).replace(/=+$/, "");
}

/** The number a token of this `kind` carries; 400 for anything else (another kind included). */
export function decodePageToken(kind: string, token: string): number {
  let text = "";
  try {
    text = atob(token + "=".repeat((4 - (token.length % 4)) % 4));
  } catch {
    text = "";
  }
  const digits = text.startsWith(`${kind}:`) ? text.slice(kind.length + 1) : "";
  if (token.length > 255 || !/^\d{1,15}$/.test(digits)) throw new HttpError(400, "page_token is not valid", { parameter: "page_token" });
  return Number(digits);
}
