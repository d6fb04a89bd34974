/**
 * The built Worker (dist/bundle/worker.mjs) in workerd through miniflare, as the workerd, browser
 * and doc tests start it, and the Confluent-mode bindings they share.
 */
import { Miniflare, type Request as MfRequest, type Response as MfResponse } from "miniflare";
import { join } from "node:path";
import { ROOT } from "./support.ts";

/** A complete Confluent configuration (organization, environment, key, provider and region); add PROXY_TOKEN. */
export const CONFLUENT_BINDINGS = {
  CONFLUENT_ORG_ID: "org-1",
  CONFLUENT_ENV_ID: "env-1",
  CONFLUENT_FLINK_API_KEY: "KEY",
  CONFLUENT_FLINK_API_SECRET: "SECRET",
  CONFLUENT_CLOUD_PROVIDER: "aws",
  CONFLUENT_CLOUD_REGION: "us-east-2",
} as const;

export interface BuiltWorkerOptions {
  /** Answers the Worker's outgoing requests (the Confluent upstream). */
  readonly outbound?: (r: MfRequest) => Promise<MfResponse>;
  /** Listen on a socket (`{ host: "127.0.0.1", port: 0 }`) rather than dispatchFetch only. */
  readonly listen?: { host?: string; port?: number };
  /** The directory served as the ASSETS binding; `null` for none. Default: the built playground. */
  readonly assets?: string | null;
}

/** A miniflare instance running the built Worker with `bindings` (its vars and secrets). */
export function builtWorker(bindings: Record<string, string> = {}, options: BuiltWorkerOptions = {}): Miniflare {
  const assets = options.assets === undefined ? join(ROOT, "dist/playground") : options.assets;
  return new Miniflare({
    ...options.listen,
    // Listed explicitly: miniflare's import scanner refuses the emulator's (unused) dynamic import of node:http.
    modules: [{ type: "ESModule", path: join(ROOT, "dist/bundle/worker.mjs") }],
    compatibilityDate: "2025-01-01",
    compatibilityFlags: ["enable_request_signal"],
    bindings,
    ...(assets === null ? {} : { assets: { directory: assets, binding: "ASSETS", routerConfig: { invoke_user_worker_ahead_of_assets: true, has_user_worker: true } } }),
    ...(options.outbound ? { outboundService: options.outbound } : {}),
  });
}
