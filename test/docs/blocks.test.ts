/**
 * Every fenced code block of README.md and docs/*.md, tested by its class (see support.ts):
 * runnable blocks execute against the built package and the emulator in Node, Deno or Bun and
 * must print what their `// =>` comments say; TypeScript blocks type-check against the published
 * declarations; Worker blocks run in workerd; the browser block runs in Chromium behind the
 * built Worker's proxy; SQL blocks run on the emulator; shell blocks' emulator commands run.
 */
import { afterAll, describe, expect, it } from "vitest";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { launchChromium } from "../runtimes/browser/launch.ts";
import { startPlaygroundWorker } from "../runtimes/browser/playground-worker.ts";
import { run, toolAvailable } from "../runtimes/support.ts";
import { blockName, bundle, classify, DOC_BUILD, docFiles, expectations, extractBlocks, matchExpectations, ROOT, type BlockClass, type CodeBlock, type Runtime } from "./support.ts";
import { runBatch, type BatchResult } from "./runner.ts";
import { typecheck } from "./typecheck.ts";

const WORK = mkdtempSync(join(tmpdir(), "confluent-sql-doc-blocks-"));
afterAll(() => rmSync(WORK, { recursive: true, force: true }));

type Classified = CodeBlock & { cls: BlockClass | null; error?: string };
const blocks: Classified[] = docFiles().flatMap((file) =>
  extractBlocks(file).map((b) => {
    try {
      return { ...b, cls: classify(b) };
    } catch (e) {
      return { ...b, cls: null, error: (e as Error).message };
    }
  }),
);
const of = <K extends BlockClass["kind"]>(kind: K) => blocks.filter((b): b is Classified & { cls: Extract<BlockClass, { kind: K }> } => b.cls?.kind === kind);

/** One at a time per core: the batches are CPU-bound processes. */
function limiter(slots: number): <T>(job: () => Promise<T>) => Promise<T> {
  let free = slots;
  const waiting: Array<() => void> = [];
  return async (job) => {
    if (free === 0) await new Promise<void>((r) => waiting.push(r));
    else free--;
    try {
      return await job();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else free++;
    }
  };
}
const slot = limiter(2);

function once<T>(f: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= f());
}

describe("doc blocks: classes", () => {
  it("every block is of a documented class", () => {
    expect(blocks.filter((b) => b.cls === null).map((b) => b.error)).toEqual([]);
    expect(blocks.length).toBeGreaterThan(0);
  });
});

// ---- runnable blocks (Node, Deno, Bun) ----

const runnable = of("run");
const bundled = once(() => bundle(runnable.map((b) => ({ name: blockName(b), code: b.code, ext: b.lang as "ts" | "js" })), join(WORK, "run")));
const batches = new Map<string, () => Promise<BatchResult>>();
function batch(file: string, runtime: Runtime): Promise<BatchResult> {
  const key = `${file} ${runtime}`;
  if (!batches.has(key)) {
    const names = runnable.filter((b) => b.file === file && b.cls.runtimes.includes(runtime)).map(blockName);
    batches.set(key, once(async () => slot(async () => runBatch(runtime, names, await bundled(), `run_${runtime}_${file.replace(/\W+/g, "_")}`, 150_000))));
  }
  return batches.get(key)!();
}

for (const runtime of ["node", "deno", "bun"] as const) {
  const mine = runnable.filter((b) => b.cls.runtimes.includes(runtime));
  describe.runIf(mine.length > 0 && (runtime === "node" || toolAvailable(runtime)))(`doc blocks in ${runtime}`, () => {
    for (const b of mine) {
      it(`${b.id} runs and prints what it says`, { timeout: 240_000 }, async () => {
        const result = await batch(b.file, runtime);
        const outcome = result.outcomes.get(blockName(b));
        expect(outcome, `${b.id} did not run; ${runtime} stderr:\n${result.process.stderr}`).toBeDefined();
        expect(outcome!.ok, `${b.id} failed in ${runtime}:\n${outcome!.error}\noutput:\n${outcome!.lines.join("\n")}`).toBe(true);
        const mismatch = matchExpectations(expectations(b.code), outcome!.lines);
        expect(mismatch, `${b.id} in ${runtime}`).toBeNull();
      });
    }
    for (const file of [...new Set(mine.map((b) => b.file))]) {
      it(`${file}: the ${runtime} process exits 0 after the last block (nothing left open)`, { timeout: 240_000 }, async () => {
        const result = await batch(file, runtime);
        expect(result.process.code, `exit ${result.process.code}\nstderr:\n${result.process.stderr}`).toBe(0);
      });
    }
  });
}

// ---- type-checking (ts blocks that run in Node, and cloud blocks) ----

const typed = blocks.filter((b) => (b.cls?.kind === "run" && b.cls.typecheck && b.cls.runtimes.includes("node")) || b.cls?.kind === "cloud");
// The Worker example imports the package like the blocks do, so one program checks them all.
const WORKER_EXAMPLE = "examples/worker/src/index.ts";
const diagnostics = once(async () =>
  typecheck(
    [...typed.map((b) => ({ name: blockName(b), code: b.code })), { name: "example_worker", code: readFileSync(join(ROOT, WORKER_EXAMPLE), "utf8") }],
    join(WORK, "types"),
  ),
);

describe.runIf(typed.length > 0)("doc blocks: types", () => {
  for (const b of typed) {
    it(`${b.id} type-checks against dist/types${b.cls?.kind === "cloud" ? " (cloud block)" : ""}`, { timeout: 120_000 }, async () => {
      expect((await diagnostics()).get(blockName(b))).toEqual([]);
    });
  }
  it(`${WORKER_EXAMPLE} type-checks against dist/types`, { timeout: 120_000 }, async () => {
    expect((await diagnostics()).get("example_worker")).toEqual([]);
  });
});

// ---- Worker blocks (workerd through miniflare) ----

describe.runIf(of("worker").length > 0)("doc blocks: workers", () => {
  for (const b of of("worker")) {
    it(`${b.id} answers in workerd`, { timeout: 60_000 }, async () => {
      const src = join(WORK, "worker", `${blockName(b)}.ts`);
      mkdirSync(join(WORK, "worker"), { recursive: true });
      writeFileSync(src, b.code);
      const outfile = join(WORK, "worker", `${blockName(b)}.mjs`);
      await build({ ...DOC_BUILD, entryPoints: [src], outfile });
      const path = /\/\/ GET (\/\S*)/.exec(b.code)?.[1] ?? "/";
      const mf = new Miniflare({ modulesRoot: join(WORK, "worker"), modules: [{ type: "ESModule", path: outfile }], compatibilityDate: "2025-01-01", compatibilityFlags: ["enable_request_signal"] });
      try {
        const res = await mf.dispatchFetch(`http://localhost${path}`);
        const text = await readSome(res.body as ReadableStream<Uint8Array> | null, expectations(b.code).length || 1);
        expect(res.status, text).toBe(200);
        expect(matchExpectations(expectations(b.code), text.split("\n"))).toBeNull();
      } finally {
        await mf.dispose();
      }
    });
  }
});

/** Reads at least `lines` lines of a (possibly endless) body, then cancels it. */
async function readSome(body: ReadableStream<Uint8Array> | null, lines: number): Promise<string> {
  if (body === null) return "";
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const deadline = Date.now() + 15_000;
  while (text.split("\n").length <= lines && Date.now() < deadline) {
    const { done, value } = await reader.read();
    if (done) return text;
    text += decoder.decode(value, { stream: true });
  }
  await reader.cancel();
  return text;
}

// ---- the browser block (Chromium, served by the built Worker in emulator mode) ----

describe.runIf(of("browser").length > 0 && toolAvailable("chromium"))("doc blocks: browser", () => {
  const chromium = once(() => launchChromium());
  afterAll(async () => {
    if (of("browser").length > 0) await (await chromium()).close();
  });
  for (const b of of("browser")) {
    it(`${b.id} runs in Chromium behind the Worker's proxy`, { timeout: 90_000 }, async () => {
      const assets = join(WORK, "browser", blockName(b));
      mkdirSync(assets, { recursive: true });
      writeFileSync(join(assets, "index.html"), b.code);
      copyFileSync(join(ROOT, "dist/confluent-sql.iife.js"), join(assets, "confluent-sql.iife.js"));
      const { mf, url } = await startPlaygroundWorker({}, assets);
      const page = await (await chromium()).newPage();
      try {
        const errors: string[] = [];
        page.on("pageerror", (e) => errors.push(String(e)));
        await page.goto(url);
        const expected = expectations(b.code);
        let text = "";
        const deadline = Date.now() + 30_000;
        for (;;) {
          text = (await page.textContent("#out")) ?? "";
          if (errors.length > 0 || matchExpectations(expected, text.split("\n")) === null || Date.now() > deadline) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        expect(errors).toEqual([]);
        expect(matchExpectations(expected, text.split("\n"))).toBeNull();
      } finally {
        await page.close();
        await mf.dispose();
      }
    });
  }
});

// ---- SQL blocks (a fresh emulator each) ----

const sqlBlocks = of("sql");
const sqlRun = once(async () => {
  const runner = await bundle([{ name: "sql-runner", code: readFileSync(join(ROOT, "test/docs/sql-runner.ts"), "utf8"), ext: "ts" }], join(WORK, "sql"));
  const input = join(WORK, "sql", "blocks.json");
  const statements = (code: string) =>
    code
      .split(/;[ \t]*(?:\n|$)/)
      .map((s) => s.trim())
      .filter((s) => s.split("\n").some((l) => l.trim() !== "" && !l.trim().startsWith("--")));
  writeFileSync(input, JSON.stringify(sqlBlocks.map((b) => ({ name: blockName(b), statements: statements(b.code), fails: b.cls.fails }))));
  const out = await slot(() => run(process.execPath, [runner.get("sql-runner")!, input], { timeoutMs: 60_000, cwd: ROOT }));
  const outcomes = new Map<string, { ok: boolean; lines: string[]; error?: string }>();
  let current: string | null = null;
  let lines: string[] = [];
  for (const line of out.stdout.split("\n")) {
    if (line.startsWith("@@doc-block-start ")) [current, lines] = [line.slice(18).trim(), []];
    else if (line.startsWith("@@doc-block-end ") && current !== null) {
      const rest = line.slice(16 + current.length + 1);
      outcomes.set(current, rest === "ok" ? { ok: true, lines } : { ok: false, lines, error: JSON.parse(rest.slice(6)) as string });
      current = null;
    } else if (current !== null) lines.push(line);
  }
  return { outcomes, out };
});

describe.runIf(sqlBlocks.length > 0)("doc blocks: sql", () => {
  for (const b of sqlBlocks) {
    it(`${b.id} runs on the emulator${b.cls.fails ? " and fails as documented" : ""}`, { timeout: 90_000 }, async () => {
      const { outcomes, out } = await sqlRun();
      const outcome = outcomes.get(blockName(b));
      expect(outcome, out.stderr).toBeDefined();
      expect(outcome!.ok, `${outcome!.error}\n${outcome!.lines.join("\n")}`).toBe(true);
      expect(matchExpectations(expectations(b.code, "--"), outcome!.lines)).toBeNull();
    });
  }
});

// ---- shell blocks ----

const scripts = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;

/** Command lines of a shell block (no prompts, no trailing comments), each with the `# => text` lines after it. */
function commands(code: string): Array<{ line: string; expected: string[] }> {
  const out: Array<{ line: string; expected: string[] }> = [];
  for (const raw of code.split("\n")) {
    const expectation = /^\s*# => (.*)$/.exec(raw);
    if (expectation) {
      out.at(-1)?.expected.push(expectation[1]!.trim());
      continue;
    }
    const line = raw.replace(/^\$ /, "").replace(/\s+#\s.*$/, "").trim();
    if (line !== "" && !line.startsWith("#")) out.push({ line, expected: [] });
  }
  return out;
}

describe.runIf(of("shell").length > 0)("doc blocks: shell", () => {
  for (const b of of("shell")) {
    const cmds = commands(b.code);
    it(`${b.id}: npm scripts and example paths it names exist`, () => {
      for (const { line } of cmds) {
        const script = /^npm run (\S+)/.exec(line)?.[1];
        if (script !== undefined) expect(scripts[script], `${line}: no such npm script`).toBeDefined();
        for (const m of line.matchAll(/\b(examples\/[\w./-]+)/g)) expect(existsSync(join(ROOT, m[1]!)), `${line}: ${m[1]} does not exist`).toBe(true);
      }
    });
    for (const { line, expected } of cmds.filter((c) => c.line.startsWith("npx confluent-sql ") && /\s--emulator\b/.test(c.line))) {
      it(`${b.id}: \`${line.length > 70 ? `${line.slice(0, 70)}...` : line}\` exits 0${expected.length > 0 ? " and prints what it says" : ""}`, { timeout: 60_000 }, async () => {
        const out = await slot(() => run("sh", ["-c", line.replace(/^npx confluent-sql /, `"${process.execPath}" dist/cli.js `)], { timeoutMs: 30_000 }));
        expect(out.code, `stdout:\n${out.stdout}\nstderr:\n${out.stderr}`).toBe(0);
        expect(out.stdout.trim().length, "it printed nothing").toBeGreaterThan(0);
        expect(matchExpectations(expected, out.stdout.split("\n"))).toBeNull();
      });
    }
  }
});

// ---- data blocks ----

const parsed = of("data").filter((d) => d.cls.format === "json" || d.cls.format === "ndjson");
describe.runIf(parsed.length > 0)("doc blocks: data", () => {
  for (const b of parsed) {
    it(`${b.id} is valid ${b.cls.format}`, () => {
      const docs = b.cls.format === "json" ? [b.code] : b.code.split("\n").filter((l) => l.trim() !== "");
      for (const d of docs) expect(() => JSON.parse(d), d).not.toThrow();
    });
  }
});

