/** The built Worker serving the playground in miniflare, on 127.0.0.1 and a free port, for the Chromium tests. */
import { Miniflare } from "miniflare";
import { join } from "node:path";
import { ROOT } from "../support.ts";

/**
 * Starts it; `bindings` are its vars and secrets (none: the embedded emulator), `assets` the
 * directory it serves (the built playground unless a test serves a page of its own).
 */
export async function startPlaygroundWorker(bindings: Record<string, string> = {}, assets = join(ROOT, "dist/playground")): Promise<{ mf: Miniflare; url: string }> {
  const mf = new Miniflare({
    modules: [{ type: "ESModule", path: join(ROOT, "dist/bundle/worker.mjs") }],
    compatibilityDate: "2025-01-01",
    compatibilityFlags: ["enable_request_signal"],
    host: "127.0.0.1",
    port: 0,
    bindings,
    assets: { directory: assets, binding: "ASSETS", routerConfig: { invoke_user_worker_ahead_of_assets: true, has_user_worker: true } },
  });
  return { mf, url: (await mf.ready).href.replace(/\/$/, "") };
}
