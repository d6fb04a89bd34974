/**
 * Small HTTP helpers of the Worker: error bodies in Confluent's shape (so the client library
 * decodes them into coded errors), and the proxy token check.
 */

/** `{"errors":[{status, detail}]}` as the sql/v1 API answers, with a request id. */
export function errorResponse(status: number, detail: string, headers: Record<string, string> = {}): Response {
  const id = crypto.randomUUID();
  return new Response(JSON.stringify({ errors: [{ id, status: String(status), detail }] }), {
    status,
    headers: { "content-type": "application/json", "x-request-id": id, ...headers },
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
