/**
 * The control-plane routes beside sql/v1, as the gateway router sees them: which path and
 * method select which handler (and route id, for faults), which methods a known path allows
 * (for a 405), and how errors look (Connect has its own body shape). Authentication, faults
 * and rate limits stay with the router, so these routes behave like the statement routes.
 */
import type { RouteId } from "../options.ts";
import type { HttpError } from "../gateway/http.ts";
import type { RouteContext } from "../gateway/routes.ts";
import { Clusters } from "./clusters.ts";
import { connectErrorResponse, Connectors } from "./connectors.ts";
import { ControlPlaneContext, type ControlPlaneConfig } from "./context.ts";
import { TableflowTopics } from "./tableflow.ts";

/** Renders an HttpError as a response body (the request id is also in `X-Request-Id`). */
export type ErrorRenderer = (requestId: string, error: HttpError) => Response;

/** A matched path: the handler for the method, or only the methods the path allows. */
export interface ControlPlaneMatch {
  readonly route: { readonly id: RouteId; readonly run: (ctx: RouteContext) => Response | Promise<Response> } | null;
  readonly allowed: readonly string[];
  /** Set when the API's errors are not the `{"errors":[...]}` kind. */
  readonly renderError?: ErrorRenderer;
}

const CLUSTERS = /^\/cmk\/v2\/clusters\/?$/;
const TABLEFLOW = /^\/tableflow\/v1\/tableflow-topics(?:\/([^/]+))?\/?$/;
const CONNECTORS = /^\/connect\/v1\/environments\/([^/]+)\/clusters\/([^/]+)\/connectors(?:\/([^/]+)(?:\/(status|pause|resume|config|restart))?)?\/?$/;

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export class ControlPlane {
  readonly #ctx: ControlPlaneContext;
  readonly #clusters: Clusters;
  readonly #tableflow: TableflowTopics;
  readonly #connectors: Connectors;

  constructor(config: ControlPlaneConfig) {
    this.#ctx = new ControlPlaneContext(config);
    this.#clusters = new Clusters(this.#ctx);
    this.#tableflow = new TableflowTopics(this.#ctx);
    this.#connectors = new Connectors(this.#ctx);
  }

  /** The route for `method` and `path`, or null when the path is not a control-plane one. */
  match(method: string, path: string): ControlPlaneMatch | null {
    const select = (
      handlers: Partial<Record<string, [RouteId, (ctx: RouteContext) => Response | Promise<Response>]>>,
      renderError?: ErrorRenderer,
    ): ControlPlaneMatch => {
      const h = handlers[method];
      const base = renderError ? { renderError } : {};
      if (h) return { route: { id: h[0], run: h[1] }, allowed: [], ...base };
      return { route: null, allowed: Object.keys(handlers), ...base };
    };

    if (CLUSTERS.test(path)) return select({ GET: ["clusters.list", (c) => this.#clusters.list(c.url)] });

    const tf = TABLEFLOW.exec(path);
    if (tf) {
      if (tf[1] === undefined) {
        return select({
          GET: ["tableflow.list", (c) => this.#tableflow.list(c.url)],
          POST: ["tableflow.create", (c) => this.#tableflow.create(c.request, c.url)],
        });
      }
      const name = decode(tf[1]);
      return select({
        GET: ["tableflow.get", (c) => this.#tableflow.get(c.url, name)],
        PATCH: ["tableflow.update", (c) => this.#tableflow.update(c.request, c.url, name)],
        DELETE: ["tableflow.delete", (c) => this.#tableflow.delete(c.url, name)],
      });
    }

    const cn = CONNECTORS.exec(path);
    if (cn) {
      const env = decode(cn[1]!);
      const cluster = decode(cn[2]!);
      const k = this.#connectors;
      if (cn[3] === undefined) {
        return select(
          {
            GET: ["connectors.list", (c) => k.list(c.url, env, cluster)],
            POST: ["connectors.create", (c) => k.create(c.request, env, cluster)],
          },
          connectErrorResponse,
        );
      }
      const name = decode(cn[3]);
      switch (cn[4]) {
        case "status":
          return select({ GET: ["connectors.status", () => k.status(env, cluster, name)] }, connectErrorResponse);
        case "pause":
          return select({ PUT: ["connectors.pause", () => k.pause(env, cluster, name)] }, connectErrorResponse);
        case "resume":
          return select({ PUT: ["connectors.resume", () => k.resume(env, cluster, name)] }, connectErrorResponse);
        case "config":
          return select(
            {
              GET: ["connectors.config", () => k.getConfig(env, cluster, name)],
              PUT: ["connectors.update", (c) => k.putConfig(c.request, env, cluster, name)],
            },
            connectErrorResponse,
          );
        case "restart":
          return select({ POST: ["connectors.restart", () => k.restart(env, cluster, name)] }, connectErrorResponse);
        default:
          return select(
            {
              GET: ["connectors.get", () => k.get(env, cluster, name)],
              DELETE: ["connectors.delete", () => k.delete(env, cluster, name)],
            },
            connectErrorResponse,
          );
      }
    }
    return null;
  }

  /** Cancels every pending change. Idempotent. */
  close(): void {
    this.#ctx.close();
  }
}
