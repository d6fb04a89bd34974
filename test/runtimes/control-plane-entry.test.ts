/**
 * The `confluent-sql/control-plane` entry stays out of the core client: no control-plane module
 * is in the core entry's source graph or its self-contained bundle, and the published entry
 * exposes the helper and its error classes with their names intact.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { BUNDLES, DIST, ROOT } from "./support.ts";

describe("confluent-sql/control-plane entry", () => {
  it("is not reachable from the core entry", async () => {
    const esbuild = await import("esbuild");
    const graph = await esbuild.build({
      entryPoints: [join(ROOT, "src/index.ts")],
      bundle: true,
      write: false,
      metafile: true,
      format: "esm",
      platform: "neutral",
      mainFields: ["module", "main"],
      logLevel: "silent",
    });
    const inputs = Object.keys(graph.metafile.inputs);
    expect(inputs.some((p) => p.startsWith("src/client/"))).toBe(true);
    expect(inputs.filter((p) => p.startsWith("src/control-plane/"))).toEqual([]);
    const core = readFileSync(BUNDLES.client, "utf8");
    expect(core).not.toMatch(/tableflow-topics|TABLEFLOW_FAILED|\/cmk\/v2\/clusters/);
  });

  it("exports the helper and the four error classes, names intact", async () => {
    const api = (await import(join(DIST, "control-plane.js"))) as Record<string, { name: string }>;
    expect(Object.keys(api).sort()).toEqual(["ConnectorAlreadyExistsError", "ConnectorNotFoundError", "ControlPlane", "TableflowTopicAlreadyExistsError", "TableflowTopicNotFoundError", "controlPlane"]);
    for (const name of ["ControlPlane", "TableflowTopicNotFoundError", "ConnectorAlreadyExistsError"]) expect(api[name]?.name).toBe(name);
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { exports: Record<string, Record<string, string>> };
    expect(pkg.exports["./control-plane"]).toEqual({ types: "./dist/types/control-plane/index.d.ts", default: "./dist/control-plane.js" });
  });
});
