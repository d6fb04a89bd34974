/**
 * Packaging checks: publint and @arethetypeswrong/cli (ESM-only profile) clean on the packed
 * package, the core bundle within its gzip budget (scripts/size-budget.mjs), the emulator never reachable from
 * the core entry, unused modules dropped by a user's bundler, and the bin/exports shape.
 */
import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { BUNDLES, DIST, ROOT, run } from "./support.ts";
import { CORE_GZIP_BUDGET } from "../../scripts/size-budget.mjs";

describe("packaging", () => {
  it("passes publint (strict)", async () => {
    const out = await run(join(ROOT, "node_modules/.bin/publint"), ["--strict", "."], { timeoutMs: 30_000 });
    expect(out.stdout + out.stderr).toContain("All good!");
    expect(out.code).toBe(0);
  });

  it("passes @arethetypeswrong/cli with the esm-only profile on the packed tarball", async () => {
    const dir = mkdtempSync(join(tmpdir(), "confluent-sql-pack-"));
    try {
      const pack = await run("npm", ["pack", "--silent", "--pack-destination", dir], { timeoutMs: 30_000 });
      expect(pack.code, pack.stderr).toBe(0);
      const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz"));
      expect(tarball).toBeDefined();
      // `--format table`: one column per entry point, whatever their number (attw's default
      // flips the table to one row per entry once it grows wider than the terminal).
      const out = await run(join(ROOT, "node_modules/.bin/attw"), [join(dir, tarball as string), "--profile", "esm-only", "--no-color", "--no-emoji", "--format", "table"], {
        timeoutMs: 30_000,
      });
      expect(out.code, out.stdout + out.stderr).toBe(0);
      // The resolutions an ESM-only package must satisfy: every entry point resolves to OK.
      for (const mode of ["node16 (from ESM)", "bundler"]) {
        const row = out.stdout.split("\n").find((l) => l.startsWith(`│ ${mode}`));
        expect(row, mode).toBeDefined();
        const cells = (row as string).split("│").slice(2, -1).map((c) => c.trim());
        expect(cells.length).toBeGreaterThanOrEqual(3);
        for (const cell of cells) expect(cell, `${mode}: ${cell}`).toMatch(/^OK\b/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("keeps the core ESM bundle within its gzip budget", () => {
    const gz = gzipSync(readFileSync(BUNDLES.client), { level: 9 }).length;
    expect(gz, `core bundle is ${gz} bytes gzip; budget ${CORE_GZIP_BUDGET}`).toBeLessThanOrEqual(CORE_GZIP_BUDGET);
  });

  it("bundles from every package entry without a bundler warning", async () => {
    // A user's bundler sees the package as published: "sideEffects": false plus our dist files.
    const esbuild = await import("esbuild");
    for (const entry of ["index.js", "emulator.js", "control-plane.js", "worker.js"]) {
      const result = await esbuild.build({
        entryPoints: [join(DIST, entry)],
        bundle: true,
        write: false,
        format: "esm",
        platform: "neutral",
        mainFields: ["module", "main"],
        external: ["node:*"],
        logLevel: "silent",
      });
      expect(result.warnings.map((w) => w.text), entry).toEqual([]);
    }
  });

  it("keeps public class names in the published ESM entry", async () => {
    // Bundling would otherwise rename classes (`_Statement`), which users see in logs and stacks.
    const api = (await import(join(DIST, "index.js"))) as Record<string, { name: string }>;
    for (const name of ["Statement", "YearMonthInterval", "DayTimeInterval", "Decimal", "Cursor", "StreamingCursor", "DataError"]) {
      expect(api[name]?.name, name).toBe(name);
    }
  });

  it("never reaches the emulator from the core entry", async () => {
    const esbuild = await import("esbuild");
    // The source graph of the core entry holds no emulator module...
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
    expect(inputs.filter((p) => p.startsWith("src/emulator/"))).toEqual([]);
    // ...and neither does the published entry's module graph, nor the self-contained bundles:
    // their code, that is (whitespace minification drops comments, which may mention it).
    const published = await esbuild.build({
      entryPoints: [join(DIST, "index.js")],
      bundle: true,
      write: false,
      metafile: true,
      format: "esm",
      platform: "neutral",
      external: ["ofetch", "superstruct"],
      logLevel: "silent",
    });
    const modules = Object.keys(published.metafile.inputs);
    expect(modules.some((p) => p.startsWith("dist/esm/client/"))).toBe(true);
    expect(modules.filter((p) => p.includes("/emulator/"))).toEqual([]);
    for (const file of [BUNDLES.client, BUNDLES.iife]) {
      const code = (await esbuild.transform(readFileSync(file, "utf8"), { minifyWhitespace: true, loader: "js" })).code;
      expect(code, file).not.toMatch(/createEmulator|emulator\.local/);
      expect(code, file).not.toMatch(/from\s*["']\.\.?\//); // self-contained: no relative imports
    }
  });

  it("lets a user's bundler drop what an app does not import (per-file modules, sideEffects: false)", async () => {
    const esbuild = await import("esbuild");
    // What an app pays, minified and gzipped, for one import from the published package.
    const cost = async (code: string) => {
      const out = await esbuild.build({
        stdin: { contents: code, resolveDir: ROOT, loader: "js" },
        bundle: true,
        write: false,
        minify: true,
        metafile: true,
        format: "esm",
        platform: "neutral",
        mainFields: ["module", "main"],
        conditions: ["workerd", "browser"],
        logLevel: "silent",
      });
      // Modules that put code in the output (metafile.inputs also lists the ones shaken away).
      const included = Object.values(out.metafile.outputs)[0]!.inputs;
      const modules = Object.keys(included).filter((m) => included[m]!.bytesInOutput > 0);
      return { gzip: gzipSync(out.outputFiles[0]!.contents, { level: 9 }).length, modules };
    };
    const full = await cost('import { connect } from "confluent-sql"; console.log(connect);');
    const replacer = await cost('import { jsonReplacer } from "confluent-sql"; console.log(jsonReplacer);');
    const errors = await cost('import { ConfluentSqlError, DataError } from "confluent-sql"; console.log(ConfluentSqlError, DataError);');
    const decimal = await cost('import { Decimal } from "confluent-sql"; console.log(Decimal);');
    // connect() needs the client, ofetch and superstruct; the others need none of that.
    expect(full.modules.some((m) => m.includes("node_modules/ofetch/"))).toBe(true);
    for (const small of [replacer, errors, decimal]) {
      expect(small.modules.filter((m) => /node_modules\/(ofetch|superstruct)\/|dist\/esm\/client\/connection/.test(m))).toEqual([]);
      expect(small.gzip).toBeLessThan(full.gzip / 4);
    }
    expect(replacer.gzip).toBeLessThan(1024);
  });

  it("declares an ESM-only package with types first and an executable bin", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
      type: string;
      exports: Record<string, Record<string, string> | string>;
      bin: Record<string, string>;
      sideEffects: boolean;
    };
    expect(pkg.type).toBe("module");
    expect(pkg.sideEffects).toBe(false);
    for (const [key, entry] of Object.entries(pkg.exports)) {
      if (typeof entry === "string") continue;
      expect(Object.keys(entry)[0], key).toBe("types");
    }
    expect(pkg.bin["confluent-sql"]).toBe("./dist/cli.js");
    expect(readFileSync(BUNDLES.cli, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
  });
});
