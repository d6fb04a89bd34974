// Build: esbuild for the JavaScript, tsc for the declarations.
//
// Outputs (dist/):
//   esm/                               the library as per-file ESM modules (src/ minus the CLI
//                                      and the Worker), runtime deps (ofetch, superstruct) left
//                                      as imports: with "sideEffects": false a user's bundler
//                                      keeps only the modules an app imports.
//   index.js, emulator.js,             the package entries, re-exporting esm/ (control-plane.js:
//   control-plane.js                   Tableflow and connectors, kept out of the core client).
//   worker.js                          the Worker module, one self-contained file (deps external).
//   cli.js                             Node CLI entry (also runs under Bun and Deno).
//   bundle/confluent-sql.mjs           self-contained core client (deps inlined): what edge
//                                      runtimes load in the runtime tests, and what the size
//                                      budget measures.
//   bundle/emulator.mjs                self-contained emulator, same idea.
//   bundle/control-plane.mjs           self-contained core client PLUS the control plane, one
//                                      copy of each module (see the build step for why).
//   bundle/worker.mjs                  self-contained Worker module (client + emulator).
//   confluent-sql.iife.js              browser global `ConfluentSql` (the playground loads it).
//   playground/                        the playground page (static files, app.js, the IIFE): the
//                                      Worker's ASSETS directory (wrangler.toml).
//   types/                             declarations, `.ts` specifiers rewritten to `.js`.
import * as esbuild from "esbuild";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { CORE_GZIP_BUDGET } from "./scripts/size-budget.mjs";


const edge = {
  bundle: true,
  target: "es2022",
  platform: "neutral",
  // superstruct has no exports map; ofetch's edge conditions avoid node-fetch-native.
  mainFields: ["module", "main"],
  conditions: ["workerd", "worker", "browser", "import"],
  sourcemap: true,
  legalComments: "none",
  logLevel: "warning",
};

// Start clean, but keep the dist/playground directory itself: a running `npm start` (wrangler
// dev) serves it as the Worker's assets and exits when the directory disappears under it.
for (const name of existsSync("dist") ? readdirSync("dist") : []) {
  if (name !== "playground") rmSync(join("dist", name), { recursive: true, force: true });
}
for (const name of existsSync("dist/playground") ? readdirSync("dist/playground") : []) rmSync(join("dist/playground", name), { recursive: true, force: true });

await Promise.all([
  // Per file, not one bundle per entry: a bundled entry needs keepNames (bundling renames
  // classes such as `_Statement`, which users see in logs and stacks), and keepNames' top-level
  // `__name()` calls are side effects that stop a user's bundler from dropping anything. Per
  // file (transpiled, not bundled), class names survive as written and unused modules drop out
  // whole. The `.ts` import specifiers are rewritten to `.js` below. (Not esbuild's chunk
  // splitting either: its bare `import "./chunk-…"` lines draw bundler warnings under
  // "sideEffects": false.)
  esbuild.build({
    entryPoints: [...walk("src")].filter((f) => f.endsWith(".ts") && !/^src[\\/](cli|worker)[\\/]/.test(f)),
    outdir: "dist/esm",
    outbase: "src",
    bundle: false,
    format: "esm",
    target: edge.target,
    platform: "neutral",
    legalComments: "none",
    logLevel: "warning",
  }),
  esbuild.build({
    ...edge,
    entryPoints: ["src/worker/index.ts"],
    outfile: "dist/worker.js",
    format: "esm",
    keepNames: true,
    external: ["ofetch", "superstruct", "node:*"],
  }),
  esbuild.build({
    ...edge,
    entryPoints: ["src/index.ts"],
    outfile: "dist/bundle/confluent-sql.mjs",
    format: "esm",
    minify: true,
  }),
  esbuild.build({
    ...edge,
    entryPoints: ["src/emulator/index.ts"],
    outfile: "dist/bundle/emulator.mjs",
    format: "esm",
    minify: true,
    external: ["node:*"],
  }),
  // Not a control-plane-only bundle: it would carry its own copy of src/errors.ts and of the
  // connection-context WeakMap, so controlPlane() given a connection of confluent-sql.mjs would
  // throw NOT_A_CONNECTION and its errors would fail `instanceof` against the core bundle's
  // classes. Importing through confluent-sql.mjs instead would make that bundle export
  // internals (contextOf) or split it into chunks (no longer one self-contained file under its
  // size budget). So this file is the whole client: load it instead of confluent-sql.mjs.
  esbuild.build({
    ...edge,
    stdin: {
      contents: 'export * from "./src/index.ts";\nexport * from "./src/control-plane/index.ts";\n',
      resolveDir: ".",
      sourcefile: "control-plane-bundle.ts",
      loader: "ts",
    },
    outfile: "dist/bundle/control-plane.mjs",
    format: "esm",
    minify: true,
  }),
  esbuild.build({
    ...edge,
    entryPoints: ["src/worker/index.ts"],
    outfile: "dist/bundle/worker.mjs",
    format: "esm",
    minify: true,
    external: ["node:*"],
  }),
  esbuild.build({
    ...edge,
    entryPoints: ["src/index.ts"],
    outfile: "dist/confluent-sql.iife.js",
    format: "iife",
    globalName: "ConfluentSql",
    minify: true,
  }),
  esbuild.build({
    bundle: true,
    target: "node20",
    platform: "node",
    format: "esm",
    entryPoints: ["src/cli/index.ts"],
    outfile: "dist/cli.js",
    banner: { js: "#!/usr/bin/env node" },
    external: ["ofetch", "superstruct"],
    logLevel: "warning",
  }),
]);

for (const file of walk("dist/esm")) rewriteTsSpecifiers(file);
writeFileSync("dist/index.js", 'export * from "./esm/index.js";\n');
writeFileSync("dist/emulator.js", 'export * from "./esm/emulator/index.js";\n');
writeFileSync("dist/control-plane.js", 'export * from "./esm/control-plane/index.js";\n');

// Playground: its static files plus the IIFE, served by the Worker through its ASSETS binding.
mkdirSync("dist/playground", { recursive: true });
for (const name of readdirSync("playground")) {
  if (!name.endsWith(".ts") && statSync(join("playground", name)).isFile()) copyFileSync(join("playground", name), join("dist/playground", name));
}
copyFileSync("dist/confluent-sql.iife.js", "dist/playground/confluent-sql.iife.js");
await esbuild.build({ ...edge, entryPoints: ["playground/app.ts"], outfile: "dist/playground/app.js", format: "esm", minify: true });

// Declarations. tsc keeps the `.ts` specifiers we write for Deno-compatible sources; published
// declarations must say `.js`, which every resolution mode maps to the `.d.ts` beside it.
execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], { stdio: "inherit" });
for (const file of walk("dist/types")) if (file.endsWith(".d.ts")) rewriteTsSpecifiers(file);

const core = readFileSync("dist/bundle/confluent-sql.mjs");
const gz = gzipSync(core, { level: 9 }).length;
console.log(
  `core ESM bundle (ofetch + superstruct included): ${(core.length / 1024).toFixed(1)} KB, ` +
    `${(gz / 1024).toFixed(1)} KB gzip (budget ${CORE_GZIP_BUDGET / 1024} KB)`,
);
if (/createEmulator|sql\/v1 emulator/.test(core.toString("utf8"))) {
  console.error("build: the emulator leaked into the core bundle");
  process.exit(1);
}
if (gz > CORE_GZIP_BUDGET) {
  console.error(`build: core bundle is over its gzip budget (${gz} > ${CORE_GZIP_BUDGET} bytes)`);
  process.exit(1);
}

/** Relative `.ts` specifiers (static and dynamic imports, re-exports) become `.js`, in place. */
function rewriteTsSpecifiers(file) {
  const text = readFileSync(file, "utf8");
  const fixed = text.replace(/(from\s*|import\s*\()(["'])(\.{1,2}\/[^"']+?)\.ts\2/g, "$1$2$3.js$2");
  if (fixed !== text) writeFileSync(file, fixed);
}

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}
