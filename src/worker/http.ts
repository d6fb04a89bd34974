/**
 * Small HTTP helpers of the Worker: error bodies in Confluent's shape (so the client library
 * decodes them into coded errors), and the proxy token check.
 */

/** One entry of an `errors` array, in Confluent's shape plus the statement it concerns. */
export interface ErrorEntry {
  readonly id: string;
  /** The HTTP status, as text (as Confluent writes it). */
  readonly status: string;
  /** A stable code (the client library's error code where one applies). */
  readonly code: string;
  /** The error's class name (StatementFailedError, ...), when it came from the client. */
  readonly title?: string;
  readonly detail: string;
  /** The statement the error is about. */
  readonly statement?: string;
}

/**
 * An `errors` entry. Every error body the Worker writes (its own and a statement's, before or
 * inside a stream) has this one shape, so callers read `errors[0].code` everywhere.
 *
 * @example errorEntry(415, "UNSUPPORTED_MEDIA_TYPE", "send application/json").code // "UNSUPPORTED_MEDIA_TYPE"
 */
export function errorEntry(status: number, code: string, detail: string, extra: { title?: string; statement?: string } = {}): ErrorEntry {
  return { id: crypto.randomUUID(), status: String(status), code, detail, ...extra };
}

/**
 * `{"errors":[{id, status, code, detail}]}` as the sql/v1 API answers, with the id also in
 * `x-request-id`, so the client library decodes it into a coded error.
 *
 * @example errorResponse(405, "METHOD_NOT_ALLOWED", "POST only")
 */
export function errorResponse(status: number, code: string, detail: string, headers: Record<string, string> = {}): Response {
  return errorsResponse(status, errorEntry(status, code, detail), headers);
}

/** The response for one prepared entry. */
export function errorsResponse(status: number, entry: ErrorEntry, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ errors: [entry] }), {
    status,
    headers: { "content-type": "application/json", "x-request-id": entry.id, ...headers },
  });
}

/**
 * Whether the request carries `Authorization: Bearer <expected>`. Compares in time independent
 * of where the strings differ (the length is not secret).
 */
export function hasBearer(request: Request, expected: string): boolean {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  if (!match) return false;
  const given = match[1] as string;
  if (given.length !== expected.length) return false;
  let diff = 0;
  for (let i = 0; i < given.length; i++) diff |= given.charCodeAt(i) ^ expected.charCodeAt(i);
  return diff === 0;
}

/** `Basic base64(key:secret)`, UTF-8 safe. */
export function basicAuth(key: string, secret: string): string {
  const bytes = new TextEncoder().encode(`${key}:${secret}`);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return `Basic ${btoa(binary)}`;
}

/** 1 MiB, the unit of the Worker's body caps. */
export const MIB = 1024 * 1024;

/**
 * The body of a request (or of an upstream response), read up to `maxBytes`; `null` when it is
 * longer. A declared `Content-Length` over the cap is refused without reading, but the count is
 * made on the bytes as they arrive, so a missing or understated length (chunked bodies) cannot
 * get more through.
 *
 * @example const body = await readBodyCapped(request, 4 * MIB); if (body === null) return errorResponse(413, ...);
 */
export async function readBodyCapped(request: Pick<Request, "headers" | "body">, maxBytes: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (Number.isFinite(declared) && declared > maxBytes) {
    await request.body?.cancel().catch(() => {});
    return null;
  }
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** The 413 answer for a body over `maxBytes`. */
export function payloadTooLarge(maxBytes: number): Response {
  return errorResponse(413, "PAYLOAD_TOO_LARGE", `The request body is larger than ${maxBytes} bytes`);
}

/**
 * Whether a browser could have sent this body cross-site without a CORS preflight: no
 * `Content-Type`, or one of the three CORS-safelisted types (`text/plain`,
 * `application/x-www-form-urlencoded`, `multipart/form-data`, any parameters). Only such requests
 * reach the Worker from pages CORS does not allow, so refusing them stops cross-site forms and
 * beacons from changing anything.
 */
export function isPreflightFreeBody(request: Request): boolean {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  return type === "" || type === "text/plain" || type === "application/x-www-form-urlencoded" || type === "multipart/form-data";
}
