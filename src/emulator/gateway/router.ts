/**
 * The gateway's request pipeline: CORS preflight, injected faults, rate limits, route match,
 * authentication, the organization/environment check, the handler, and the headers every
 * answer carries (`X-Request-Id`, CORS, `X-RateLimit-*`). Transport-neutral: the in-process
 * fetch and the HTTP servers both call `handle`. Control-plane routes (cmk, Tableflow, Connect)
 * come from `controlPlane` and go through the same pipeline; Connect renders its errors in its
 * own shape.
 */
import type { ControlPlaneMatch, ErrorRenderer } from "../control-plane/routes.ts";
import type { RouteId } from "../options.ts";
import { authenticate, type AuthConfig } from "./auth.ts";
import type { FaultInjector } from "./faults.ts";
import { HttpError, errorResponse, emptyResponse } from "./http.ts";
import { randomHex } from "./random.ts";
import type { RateLimiter } from "./rate-limit.ts";
import type { RouteContext, Routes } from "./routes.ts";

/** The connection breaks: no answer. In process this becomes a rejected fetch (TypeError). */
export class DroppedConnection extends Error {
  constructor() {
    super("connection dropped by fault injection");
  }
}

/** An answer plus transport instructions. */
export interface Handled {
  readonly response: Response;
  /** Send only this many body bytes, then break the connection. */
  readonly truncateAt?: number;
}

export interface RouterConfig {
  readonly organizationId: string;
  readonly environmentId: string;
  readonly auth: AuthConfig;
  readonly corsOrigins: "*" | readonly string[];
  readonly random: () => number;
  readonly now: () => number;
  readonly routes: Routes;
  readonly controlPlane: { match(method: string, path: string): ControlPlaneMatch | null };
  readonly faults: FaultInjector;
  readonly rateLimiter: RateLimiter;
}

interface Match {
  readonly id: RouteId;
  readonly org: string | null;
  readonly env: string | null;
  readonly name: string;
  readonly run: (ctx: RouteContext) => Response | Promise<Response>;
}

/** What a method and path select: the route, else the methods the path allows, and the error shape. */
interface Selection {
  readonly match: Match | null;
  readonly allowed: readonly string[];
  readonly renderError: ErrorRenderer;
}

const ENV_PREFIX = /^\/sql\/v1\/organizations\/([^/]+)\/environments\/([^/]+)\/statements(?:\/([^/]+)(?:\/(results|exceptions))?)?\/?$/;

const ALLOW_HEADERS = "Authorization, Content-Type, Accept, Confluent-Identity-Pool-Id, User-Agent, X-Request-Id";
const EXPOSE_HEADERS = "X-Request-Id, Location, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset";

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function sleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export class Router {
  readonly #cfg: RouterConfig;

  constructor(config: RouterConfig) {
    this.#cfg = config;
  }

  /** Which route a method and path select; `allowed` lists methods when only the path matched. */
  #select(method: string, path: string): Selection {
    const cp = this.#cfg.controlPlane.match(method, path);
    if (cp) {
      const match = cp.route ? { id: cp.route.id, org: null, env: null, name: "", run: cp.route.run } : null;
      return { match, allowed: cp.allowed, renderError: cp.renderError ?? errorResponse };
    }
    return { ...this.#match(method, path), renderError: errorResponse };
  }

  /** The organization list and the sql/v1 statement routes. */
  #match(method: string, path: string): { match: Match | null; allowed: string[] } {
    const r = this.#cfg.routes;
    if (/^\/org\/v2\/organizations\/?$/.test(path)) {
      if (method === "GET") return { match: { id: "organizations.list", org: null, env: null, name: "", run: (c) => r.organizations(c) }, allowed: [] };
      return { match: null, allowed: ["GET"] };
    }
    const m = ENV_PREFIX.exec(path);
    if (!m) return { match: null, allowed: [] };
    const org = decode(m[1]!);
    const env = decode(m[2]!);
    const name = m[3] === undefined ? "" : decode(m[3]);
    const sub = m[4];
    const mk = (id: RouteId, run: Match["run"]): { match: Match; allowed: string[] } => ({ match: { id, org, env, name, run }, allowed: [] });
    if (m[3] === undefined) {
      if (method === "GET") return mk("statements.list", (c) => r.list(c));
      if (method === "POST") return mk("statements.create", (c) => r.create(c));
      return { match: null, allowed: ["GET", "POST"] };
    }
    if (sub === "results" || sub === "exceptions") {
      if (method === "GET") return mk(sub === "results" ? "statements.results" : "statements.exceptions", (c) => (sub === "results" ? r.results(c) : r.exceptions(c)));
      return { match: null, allowed: ["GET"] };
    }
    switch (method) {
      case "GET":
        return mk("statements.get", (c) => r.get(c));
      case "PUT":
        return mk("statements.update", (c) => r.update(c));
      case "PATCH":
        return mk("statements.patch", (c) => r.patch(c));
      case "DELETE":
        return mk("statements.delete", (c) => r.delete(c));
      default:
        return { match: null, allowed: ["GET", "PUT", "PATCH", "DELETE"] };
    }
  }

  #cors(request: Request): Record<string, string> {
    const origin = request.headers.get("origin");
    const allowed = this.#cfg.corsOrigins;
    if (allowed === "*") return { "Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": EXPOSE_HEADERS };
    if (origin && allowed.includes(origin)) {
      return { "Access-Control-Allow-Origin": origin, "Access-Control-Expose-Headers": EXPOSE_HEADERS, Vary: "Origin" };
    }
    return {};
  }

  /**
   * Answers one request. Throws DroppedConnection for a dropped-connection fault, and the
   * signal's reason when `signal` aborts during injected latency.
   */
  async handle(request: Request, signal?: AbortSignal | null): Promise<Handled> {
    const cfg = this.#cfg;
    const requestId = randomHex(cfg.random, 32);
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    const cors = this.#cors(request);
    const finish = (response: Response, extra: Record<string, string> = {}): Response => {
      for (const [k, v] of Object.entries({ ...cors, ...extra })) response.headers.set(k, v);
      response.headers.set("X-Request-Id", requestId);
      return response;
    };

    if (method === "OPTIONS") {
      const headers: Record<string, string> = { ...cors };
      if (Object.keys(cors).length > 0) {
        headers["Access-Control-Allow-Methods"] = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
        headers["Access-Control-Allow-Headers"] = request.headers.get("access-control-request-headers") ?? ALLOW_HEADERS;
        headers["Access-Control-Max-Age"] = "600";
      }
      return { response: finish(emptyResponse(204, headers)) };
    }

    const { match, allowed, renderError } = this.#select(method, url.pathname);
    const decision = cfg.faults.decide(match?.id ?? null, method);
    if (decision.latencyMs > 0) await sleep(decision.latencyMs, signal);
    const fault = decision.fault;
    if (fault?.kind === "drop" && fault.when !== "after") throw new DroppedConnection();
    if (fault?.kind === "error") {
      const status = fault.status ?? 503;
      const detail = status === 502 ? "Bad Gateway" : status === 504 ? "Gateway Timeout" : status === 503 ? "Service Unavailable" : "Internal Server Error";
      return { response: finish(renderError(requestId, new HttpError(status, detail))) };
    }
    if (fault?.kind === "rate-limit") {
      const retry = fault.retryAfterSeconds ?? 1;
      return {
        response: finish(renderError(requestId, new HttpError(429, "Too Many Requests")), {
          "Retry-After": String(retry),
          "X-RateLimit-Limit": String(cfg.rateLimiter.headlineLimit),
          "X-RateLimit-Remaining": "0",
          "X-RateLimit-Reset": String(retry),
        }),
      };
    }

    let rateHeaders: Record<string, string> = {};
    if (cfg.rateLimiter.enabled) {
      const verdict = cfg.rateLimiter.take(cfg.now());
      rateHeaders = verdict.headers;
      if (!verdict.allowed) {
        return {
          response: finish(renderError(requestId, new HttpError(429, "Too Many Requests")), {
            ...rateHeaders,
            "Retry-After": String(verdict.retryAfterSeconds),
          }),
        };
      }
    }

    let response: Response;
    try {
      if (!match) {
        if (allowed.length > 0) throw new HttpError(405, `Method ${method} is not allowed on ${url.pathname}`, {}, { Allow: allowed.join(", ") });
        throw new HttpError(404, `No route for ${method} ${url.pathname}`);
      }
      const caller = authenticate(request, cfg.auth);
      // A wrong organization is a 404 like a wrong environment (wire-protocol.md 6.2), and only
      // after authentication, so unauthenticated callers cannot probe for organizations.
      if (match.org !== null && match.org !== cfg.organizationId) {
        throw new HttpError(404, `Organization '${match.org}' not found`);
      }
      if (match.env !== null && match.env !== cfg.environmentId) {
        throw new HttpError(404, `Environment '${match.env}' not found in organization '${cfg.organizationId}'`);
      }
      response = await match.run({ request, url, caller, name: match.name });
    } catch (e) {
      if (!(e instanceof HttpError)) {
        const message = e instanceof Error ? e.message : String(e);
        response = renderError(requestId, new HttpError(500, `Internal error: ${message}`));
      } else {
        response = renderError(requestId, e);
      }
    }
    finish(response, rateHeaders);
    if (fault?.kind === "drop") throw new DroppedConnection();
    if (fault?.kind === "truncate") {
      const bytes = new Uint8Array(await response.clone().arrayBuffer());
      const at = Math.max(0, Math.min(bytes.length - 1, fault.bytes ?? Math.floor(bytes.length / 2)));
      return { response, truncateAt: at };
    }
    return { response };
  }
}
