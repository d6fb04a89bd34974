/**
 * Doc tests: finding the fenced code blocks of README.md and docs/*.md, what each kind of block
 * promises (the classes below), bundling runnable blocks against the BUILT package, and the
 * `// =>` output convention.
 *
 * Block classes, chosen by the fence's info string (anything else fails the test):
 *
 *   ```ts / ```js                    runs in Node against the emulator; ts is also type-checked
 *   ```ts node deno bun              runs in each runtime listed (same code, same expectations)
 *   ```ts cloud                      needs Confluent Cloud: type-checked against dist/types only
 *   ```ts worker                     a Worker module: run in workerd (miniflare), one request
 *                                    (`// GET /path` in the block picks the path; default `/`)
 *   ```html browser                  a page served by the built Worker (emulator mode) next to
 *                                    /confluent-sql.iife.js, opened in Chromium; it must write
 *                                    its output into `#out`
 *   ```sql                           statements run one by one on a fresh emulator (snapshot)
 *   ```sql fails                     the last statement must FAIL (the others must succeed)
 *   ```sh                            `npx confluent-sql ... --emulator` lines run (dist/cli.js);
 *                                    `npm run X` must name a script; example paths must exist
 *   ```json / ```ndjson              must parse
 *   ```text / ```toml                shown as is
 *
 * Output convention: a comment `// => text` (`-- => text` in SQL) on any line of a block is an
 * expectation. The block's output lines (stdout; the response body for worker blocks; `#out`
 * for browser blocks; the rows as JSON for SQL) must contain the expectations in order, each
 * matching a whole line; `...` inside an expectation matches anything.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build, type BuildOptions, type Plugin } from "esbuild";
import { ROOT } from "../runtimes/support.ts";

export { ROOT };

/** One fenced code block of a Markdown file. */
export interface CodeBlock {
  /** Path relative to the repository root, e.g. `docs/streaming.md`. */
  readonly file: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly lang: string;
  readonly flags: readonly string[];
  readonly code: string;
  /** `file:line`, for test names and messages. */
  readonly id: string;
}

export type Runtime = "node" | "deno" | "bun";

export type BlockClass =
  | { readonly kind: "run"; readonly runtimes: readonly Runtime[]; readonly typecheck: boolean }
  | { readonly kind: "cloud" }
  | { readonly kind: "worker" }
  | { readonly kind: "browser" }
  | { readonly kind: "sql"; readonly fails: boolean }
  | { readonly kind: "shell" }
  | { readonly kind: "data"; readonly format: "json" | "ndjson" | "text" | "toml" };

/** The Markdown files whose blocks are tested: the README and every guide (not the generated API reference). */
export function docFiles(): string[] {
  const guides = readdirSync(join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md") && f !== "api.md")
    .sort()
    .map((f) => `docs/${f}`);
  return ["README.md", ...guides];
}

/** The fenced blocks of one file (backtick fences, optionally indented as in list items). */
export function extractBlocks(file: string, text = readFileSync(join(ROOT, file), "utf8")): CodeBlock[] {
  const lines = text.split("\n");
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^( {0,3})(`{3,})(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const indent = open[1]!.length;
    const fence = open[2]!;
    const [lang = "", ...flags] = open[3]!.trim().split(/\s+/).filter((w) => w !== "");
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      if (new RegExp(`^ {0,${indent + 3}}${fence}\\s*$`).test(lines[j]!)) break;
      body.push(lines[j]!.slice(Math.min(indent, lines[j]!.length - lines[j]!.trimStart().length)));
    }
    if (j === lines.length) throw new Error(`${file}:${i + 1}: code fence is never closed`);
    blocks.push({ file, line: i + 1, lang, flags, code: body.join("\n") + "\n", id: `${file}:${i + 1}` });
    i = j;
  }
  return blocks;
}

const RUNTIMES: readonly Runtime[] = ["node", "deno", "bun"];

/** The class of a block; throws for an info string that is none of the documented ones. */
export function classify(block: CodeBlock): BlockClass {
  const { lang, flags } = block;
  const only = (...allowed: string[]) => flags.every((f) => allowed.includes(f));
  if (lang === "ts" || lang === "js") {
    if (flags.length === 1 && flags[0] === "cloud") return { kind: "cloud" };
    if (flags.length === 1 && flags[0] === "worker") return { kind: "worker" };
    if (only(...RUNTIMES) && new Set(flags).size === flags.length) {
      return { kind: "run", runtimes: flags.length === 0 ? ["node"] : (flags as Runtime[]), typecheck: lang === "ts" };
    }
  }
  if (lang === "html" && flags.length === 1 && flags[0] === "browser") return { kind: "browser" };
  if (lang === "sql" && only("fails") && flags.length <= 1) return { kind: "sql", fails: flags.length === 1 };
  if (lang === "sh" && flags.length === 0) return { kind: "shell" };
  if ((lang === "json" || lang === "ndjson" || lang === "text" || lang === "toml") && flags.length === 0) return { kind: "data", format: lang };
  throw new Error(
    `${block.id}: unknown code block class \`\`\`${[lang, ...flags].join(" ")}; use one of: ts, js, ts node deno bun, ts cloud, ts worker, html browser, sql, sql fails, sh, json, ndjson, text, toml (test/docs/support.ts)`,
  );
}

/** Every block of every documented file, with its class. */
export function allBlocks(): Array<CodeBlock & { readonly cls: BlockClass }> {
  return docFiles().flatMap((f) => extractBlocks(f).map((b) => ({ ...b, cls: classify(b) })));
}

/** The `// => text` (or `-- => text`) expectations of a block, in order. */
export function expectations(code: string, marker = "//"): string[] {
  const out: string[] = [];
  const re = new RegExp(`${marker.replace(/[/-]/g, "\\$&")} => (.*)$`);
  for (const line of code.split("\n")) {
    const m = re.exec(line);
    if (m) out.push(m[1]!.trim());
  }
  return out;
}

function lineMatcher(expected: string): RegExp {
  const parts = expected.split("...").map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${parts.join(".*")}$`, "s");
}

/**
 * Checks that `lines` contain `expected` in order (a subsequence, whole lines, `...` wildcards).
 * Returns null when they do, else a message showing what was expected and what came out.
 */
export function matchExpectations(expected: readonly string[], lines: readonly string[]): string | null {
  let at = 0;
  for (const e of expected) {
    const re = lineMatcher(e);
    while (at < lines.length && !re.test(lines[at]!.trimEnd())) at++;
    if (at === lines.length) {
      return `expected a line matching\n  ${e}\nafter the earlier expectations, in the output:\n${lines.map((l) => `  | ${l}`).join("\n")}`;
    }
    at++;
  }
  return null;
}

/** The built package entries the docs import, as a user's bundler would resolve them. */
export const PACKAGE_ENTRIES: Readonly<Record<string, string>> = {
  "confluent-sql": join(ROOT, "dist/index.js"),
  "confluent-sql/emulator": join(ROOT, "dist/emulator.js"),
  "confluent-sql/control-plane": join(ROOT, "dist/control-plane.js"),
};

/** esbuild plugin mapping `confluent-sql`, `confluent-sql/emulator` and `confluent-sql/control-plane` to the built dist/ entries. */
export const packagePlugin: Plugin = {
  name: "confluent-sql-dist",
  setup(build) {
    build.onResolve({ filter: /^confluent-sql(\/emulator|\/control-plane)?$/ }, (args) => ({ path: PACKAGE_ENTRIES[args.path]! }));
  },
};

/** The build settings of the package's edge bundles (build.mjs): one output runs in every runtime. */
export const EDGE_BUILD: BuildOptions = {
  bundle: true,
  format: "esm",
  target: "es2022",
  platform: "neutral",
  mainFields: ["module", "main"],
  conditions: ["workerd", "worker", "browser", "import"],
  external: ["node:*"],
  logLevel: "error",
};

/** EDGE_BUILD for doc blocks, which live outside the package: the package names map to dist/. */
export const DOC_BUILD: BuildOptions = { ...EDGE_BUILD, plugins: [packagePlugin] };

/**
 * Bundles sources (block code or files) into `outDir`, sharing the library in chunks.
 * Returns the output path per input name.
 */
export async function bundle(inputs: ReadonlyArray<{ name: string; code: string; ext: "ts" | "js" }>, outDir: string): Promise<Map<string, string>> {
  const srcDir = join(outDir, "src");
  mkdirSync(srcDir, { recursive: true });
  const entryPoints: Record<string, string> = {};
  for (const input of inputs) {
    const path = join(srcDir, `${input.name}.${input.ext}`);
    writeFileSync(path, input.code);
    entryPoints[input.name] = path;
  }
  await build({ ...DOC_BUILD, entryPoints, outdir: join(outDir, "out"), splitting: true, outExtension: { ".js": ".mjs" } });
  return new Map(inputs.map((i) => [i.name, join(outDir, "out", `${i.name}.mjs`)]));
}

/** A file name for a block, unique within a run. */
export function blockName(block: CodeBlock): string {
  return `${block.file.replace(/[^a-zA-Z0-9]+/g, "_")}_L${block.line}`;
}
