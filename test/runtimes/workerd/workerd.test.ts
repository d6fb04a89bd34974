/**
 * Runtime matrix, workerd (miniflare 4): a Worker that imports the built client, control-plane
 * and emulator bundles runs the scenario inside one request.
 */
import { afterAll, beforeAll, describe, it } from "vitest";
import { Miniflare } from "miniflare";
import { join } from "node:path";
import { expectScenario } from "../expect.ts";
import { ROOT, type ScenarioResult } from "../support.ts";

describe("runtime: workerd", () => {
  let mf: Miniflare;
  beforeAll(async () => {
    mf = new Miniflare({
      modulesRoot: ROOT,
      modules: [
        { type: "ESModule", path: join(ROOT, "test/runtimes/workerd/scenario-worker.mjs") },
        { type: "ESModule", path: join(ROOT, "test/runtimes/scenario.mjs") },
        { type: "ESModule", path: join(ROOT, "dist/bundle/confluent-sql.mjs") },
        { type: "ESModule", path: join(ROOT, "dist/bundle/emulator.mjs") },
        { type: "ESModule", path: join(ROOT, "dist/bundle/control-plane.mjs") },
      ],
      compatibilityDate: "2025-01-01",
    });
    await mf.ready;
  });
  afterAll(async () => {
    await mf?.dispose();
  });

  it("runs the scenario in a Worker", async () => {
    const res = await mf.dispatchFetch("http://worker.local/scenario");
    const text = await res.text();
    if (res.status !== 200) throw new Error(`worker answered ${res.status}: ${text}`);
    expectScenario(JSON.parse(text) as ScenarioResult, "workerd");
  });
});
