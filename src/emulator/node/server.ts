/**
 * HTTP adapter: puts the emulator's request handler on a real socket with `node:http`, which
 * Node, Bun and Deno all provide. The only module of the emulator that touches a Node API.
 *
 * `node:http` is loaded with a computed specifier and described by the few structural types
 * below, so this file also type-checks (and bundles) in the portable build, where listening
 * is simply unavailable: `serveHttp` rejects there.
 */

import { errorBody } from "../gateway/http.ts";
import { randomHex } from "../gateway/random.ts";

/** What the adapter needs from the gateway. */
export interface HttpHandler {
  (request: Request): Promise<{ response: Response; truncateAt?: number } | "drop">;
}

export interface HttpServerHandle {
  readonly url: string;
  readonly port: number;
  readonly hostname: string;
  close(): Promise<void>;
}

interface Socket {
  destroy(): void;
}
interface IncomingMessage extends AsyncIterable<Uint8Array> {
  readonly method?: string;
  readonly url?: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly socket: Socket;
}
interface ServerResponse {
  writeHead(status: number, headers: Record<string, string | string[]>): unknown;
  write(chunk: Uint8Array, cb?: () => void): boolean;
  end(chunk?: Uint8Array): unknown;
}
interface NodeServer {
  listen(port: number, hostname: string, cb: () => void): unknown;
  address(): { port: number } | string | null;
  close(cb?: (err?: Error) => void): unknown;
  closeAllConnections?(): void;
  on(event: "error", cb: (e: Error) => void): unknown;
}
interface NodeHttp {
  createServer(handler: (req: IncomingMessage, res: ServerResponse) => void): NodeServer;
}

async function loadHttp(): Promise<NodeHttp> {
  const specifier = ["node", "http"].join(":");
  try {
    return (await import(/* @vite-ignore */ specifier)) as NodeHttp;
  } catch (e) {
    throw new Error(`emulator.listen() needs node:http (Node, Bun or Deno); it is not available here: ${(e as Error).message}`);
  }
}

function toHeaders(raw: IncomingMessage["headers"]): Headers {
  const headers = new Headers();
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const item of v) headers.append(k, item);
    else headers.set(k, v);
  }
  return headers;
}

async function readBody(req: IncomingMessage): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of req) {
    chunks.push(chunk);
    total += chunk.length;
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export interface ServeOptions {
  readonly port: number;
  readonly hostname: string;
  /** Request ids for the answers the adapter makes itself; default 32 random hex digits. */
  readonly requestId?: () => string;
}

/** Thrown when the request line or Host header does not form a URL: the client's fault. */
class BadRequest extends Error {}

/**
 * Serves `handler` on `hostname:port` (port 0 picks a free one).
 *
 * A request without a Host header (HTTP/1.0) is taken as addressed to this listener, so the
 * absolute URLs the gateway builds (`self`, `next`, `Location`) still carry the port.
 *
 * @example
 * const server = await serveHttp(handler, { port: 0, hostname: "127.0.0.1" });
 * console.log(server.url); await server.close();
 * @throws Error when node:http is unavailable or the port cannot be bound. A request the
 *   handler cannot answer gets a 500 (400 for an unusable URL) in the gateway's error shape,
 *   with `X-Request-Id` like every other answer.
 */
export async function serveHttp(handler: HttpHandler, options: ServeOptions): Promise<HttpServerHandle> {
  const http = await loadHttp();
  const requestId = options.requestId ?? (() => randomHex(Math.random, 32));
  const urlHost = options.hostname.includes(":") ? `[${options.hostname}]` : options.hostname;
  // Known once listening, which is before any request can arrive.
  let authority = urlHost;
  const server = http.createServer((req, res) => {
    void (async () => {
      try {
        const host = typeof req.headers.host === "string" && req.headers.host !== "" ? req.headers.host : authority;
        const method = (req.method ?? "GET").toUpperCase();
        const body = method === "GET" || method === "HEAD" ? undefined : await readBody(req);
        let request: Request;
        try {
          request = new Request(`http://${host}${req.url ?? "/"}`, {
            method,
            headers: toHeaders(req.headers),
            body: body && body.length > 0 ? body : undefined,
          });
        } catch (e) {
          throw new BadRequest(`Bad Request: ${(e as Error).message}`);
        }
        const handled = await handler(request);
        if (handled === "drop") {
          req.socket.destroy();
          return;
        }
        const { response, truncateAt } = handled;
        const bytes = new Uint8Array(await response.arrayBuffer());
        const headers: Record<string, string> = {};
        response.headers.forEach((v, k) => {
          headers[k] = v;
        });
        if (response.status !== 204 && response.status !== 304) headers["content-length"] = String(bytes.length);
        res.writeHead(response.status, headers);
        if (truncateAt !== undefined) {
          // Promise a full body, send part of it, then break the connection.
          res.write(bytes.subarray(0, truncateAt), () => req.socket.destroy());
          return;
        }
        res.end(bytes);
      } catch (e) {
        try {
          const id = requestId();
          const status = e instanceof BadRequest ? 400 : 500;
          const detail = e instanceof BadRequest ? e.message : `Internal error: ${(e as Error)?.message ?? String(e)}`;
          const bytes = new TextEncoder().encode(JSON.stringify(errorBody(id, status, detail)));
          res.writeHead(status, { "content-type": "application/json", "content-length": String(bytes.length), "x-request-id": id });
          res.end(bytes);
        } catch {
          req.socket.destroy();
        }
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.on("error", reject);
    server.listen(options.port, options.hostname, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : options.port;
  authority = `${urlHost}:${port}`;
  let closed: Promise<void> | null = null;
  return {
    url: `http://${authority}`,
    port,
    hostname: options.hostname,
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      });
      return closed;
    },
  };
}
