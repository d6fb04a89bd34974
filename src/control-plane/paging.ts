/**
 * Reading every page of a control-plane list (`page_size=100`, `metadata.next` links): bounded at
 * 100 pages, and a page token met twice is a ProtocolError rather than a loop forever. Shared by
 * the Kafka cluster lookup and the Tableflow topic list.
 */
import { ProtocolError, type ErrorContext } from "../errors.ts";
import type { HttpTransport } from "../client/http.ts";
import { pageTokenFromNext } from "../client/statements-api.ts";
import { bodyContext } from "./wait.ts";

const MAX_PAGES = 100;

/**
 * GETs `url` with `query` page after page, handing each page's validated body to `onPage`, until
 * a page has no next link. `what` names the list in errors ("Kafka cluster list").
 *
 * @throws ProtocolError for more than 100 pages or a repeated page token (with the status and
 * request id of the page that repeated it); the transport's errors as they are.
 */
export async function readAllPages<B extends { metadata?: { next?: string | null | undefined } | null | undefined }>(
  transport: HttpTransport,
  request: { url: string; query: Record<string, string>; what: string; signal?: AbortSignal | undefined },
  what: string,
  parse: (body: unknown, origin: ErrorContext) => B,
  onPage: (body: B) => void,
): Promise<void> {
  const seen = new Set<string>();
  let token: string | null = null;
  for (let page = 0; ; page++) {
    if (page === MAX_PAGES) throw new ProtocolError(`The ${what} has more than ${MAX_PAGES} pages`, { path: "metadata.next" });
    const query: Record<string, string> = { ...request.query, page_size: "100" };
    if (token !== null) query.page_token = token;
    const res = await transport.request({ method: "GET", url: request.url, query, what: request.what, ...(request.signal === undefined ? {} : { signal: request.signal }) });
    const origin = bodyContext(res);
    const body = parse(res.body, origin);
    onPage(body);
    token = pageTokenFromNext(body.metadata?.next, "metadata.next", origin);
    if (token === null) return;
    if (seen.has(token)) throw new ProtocolError(`The ${what} repeated a page token`, { ...origin, path: "metadata.next" });
    seen.add(token);
  }
}
