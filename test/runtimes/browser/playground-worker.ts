/** The built Worker serving the playground in miniflare, on 127.0.0.1 and a free port, for the Chromium tests. */
import type { Miniflare } from "miniflare";
import { join } from "node:path";
import { builtWorker } from "../built-worker.ts";
import { ROOT } from "../support.ts";

/**
 * Starts it; `bindings` are its vars and secrets (none: the embedded emulator), `assets` the
 * directory it serves (the built playground unless a test serves a page of its own).
 */
export async function startPlaygroundWorker(bindings: Record<string, string> = {}, assets = join(ROOT, "dist/playground")): Promise<{ mf: Miniflare; url: string }> {
  const mf = builtWorker(bindings, { assets, listen: { host: "127.0.0.1", port: 0 } });
  return { mf, url: (await mf.ready).href.replace(/\/$/, "") };
}
