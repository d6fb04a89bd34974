/**
 * Statement list filtering and paging (wire-protocol.md section 2.2): `page_size` (default
 * 10, capped at 100), `page_token`, `spec.compute_pool_id`, `label_selector` (comma-separated
 * `key=value` terms, ANDed) and `statement_name_search_query`, which the real service honours
 * only together with `time_ordered=true`. Order: creation order (the reference leaves it open).
 * Page tokens name the last statement returned, so deletes between pages skip nothing.
 */
import { HttpError } from "./http.ts";
import { decodePageToken, encodePageToken, pageSizeParam } from "./page-params.ts";
import type { StoredStatement } from "./statement.ts";

function parseLabelSelector(text: string): Array<[string, string]> {
  const terms: Array<[string, string]> = [];
  for (const raw of text.split(",")) {
    const term = raw.trim();
    if (term === "") continue;
    const eq = term.indexOf("=");
    if (eq <= 0) throw new HttpError(400, `label_selector term '${term}' is not of the form key=value`, { parameter: "label_selector" });
    // Tolerate `==` as Kubernetes-style selectors allow.
    const key = term.slice(0, eq).trim();
    const value = term.slice(term[eq + 1] === "=" ? eq + 2 : eq + 1).trim();
    terms.push([key, value]);
  }
  return terms;
}

export function listStatements(
  all: readonly StoredStatement[],
  params: URLSearchParams,
): { items: StoredStatement[]; nextToken: string | null } {
  const pageSize = pageSizeParam(params);
  const token = params.get("page_token");
  const after = token === null || token === "" ? -1 : decodePageToken("seq", token);
  const pool = params.get("spec.compute_pool_id");
  const selector = parseLabelSelector(params.get("label_selector") ?? "");
  const timeOrdered = (params.get("time_ordered") ?? "").toLowerCase() === "true";
  const search = timeOrdered ? params.get("statement_name_search_query") : null;

  const matching = all.filter(
    (st) =>
      st.seq > after &&
      (pool === null || pool === "" || st.computePoolId === pool) &&
      selector.every(([k, v]) => st.labels[k] === v) &&
      (search === null || search === "" || st.name.includes(search)),
  );
  const items = matching.slice(0, pageSize);
  const nextToken = matching.length > pageSize ? encodePageToken("seq", items[items.length - 1]!.seq) : null;
  return { items, nextToken };
}
