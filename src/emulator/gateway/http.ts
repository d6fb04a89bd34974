/**
 * Response building for the gateway: JSON bodies, the `{"errors":[...]}` failure shape
 * (wire-protocol.md section 6.1, as in the one real capture: id, status, detail, source) and
 * the `HttpError` thrown by route handlers to answer with such a body.
 */

/** `source` of an error: a body pointer (RFC 6901) or a query parameter, or nothing. */
export type ErrorSource = { pointer: string } | { parameter: string } | Record<string, never>;

/** Thrown by handlers; the router turns it into an error response. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly source: ErrorSource = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }
}

/** The failure body, `status` as a string, the id being the request id (32 hex digits). */
export function errorBody(requestId: string, status: number, detail: string, source: ErrorSource = {}): unknown {
  return { errors: [{ id: requestId, status: String(status), detail, source }] };
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", ...headers },
  });
}

export function emptyResponse(status: number, headers: Record<string, string> = {}): Response {
  return new Response(null, { status, headers });
}

export function errorResponse(requestId: string, error: HttpError): Response {
  return jsonResponse(error.status, errorBody(requestId, error.status, error.detail, error.source), error.headers);
}

/** Reads a JSON request body; malformed JSON is a 400. */
export async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === "") throw new HttpError(400, "The request body is empty; a JSON body is required");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, "The request body is not valid JSON");
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
