/**
 * Running bundled doc blocks: one process per (file, runtime) imports the blocks of that file in
 * order and brackets each block's output with markers, so one process start serves many blocks
 * while each block still gets its own verdict and output. A block that throws is reported and the
 * next one runs; a process that hangs (a block left something open) is killed at the deadline.
 */
import { writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { BIN, run, type ProcessResult } from "../runtimes/support.ts";
import type { Runtime } from "./support.ts";

const START = "@@doc-block-start ";
const END = "@@doc-block-end ";

/** What one block did inside a batch. */
export interface BlockOutcome {
  /** The block ran to its end without throwing. */
  readonly ok: boolean;
  /** Its stdout lines. */
  readonly lines: string[];
  /** The thrown error (stack) when not ok, or why the block never finished. */
  readonly error?: string;
}

export interface BatchResult {
  readonly outcomes: Map<string, BlockOutcome>;
  readonly process: ProcessResult;
}

/** Writes a runner next to the bundled blocks (same directory) and returns its path. */
function writeRunner(names: readonly string[], bundles: ReadonlyMap<string, string>, runnerName: string): string {
  const dir = dirname(bundles.get(names[0]!)!);
  const path = join(dir, `${runnerName}.mjs`);
  const list = JSON.stringify(names.map((n) => [n, `./${basename(bundles.get(n)!)}`]));
  writeFileSync(
    path,
    `for (const [name, file] of ${list}) {
  console.log(${JSON.stringify(START)} + name);
  try {
    await import(file);
    console.log(${JSON.stringify(END)} + name + " ok");
  } catch (e) {
    console.log(${JSON.stringify(END)} + name + " error " + JSON.stringify(String(e && e.stack ? e.stack : e)));
  }
}
`,
  );
  return path;
}

const COMMANDS: Record<Runtime, (file: string) => [string, string[]]> = {
  node: (f) => [process.execPath, [f]],
  // No permissions but reading the bundled blocks: they use the in-process emulator.
  deno: (f) => [BIN.deno, ["run", "--no-prompt", "--no-lock", "--no-config", `--allow-read=${dirname(f)}`, f]],
  bun: (f) => [BIN.bun, ["run", f]],
};

/** Runs the named blocks in order in one process of `runtime`. */
export async function runBatch(runtime: Runtime, names: readonly string[], bundles: ReadonlyMap<string, string>, runnerName: string, timeoutMs: number): Promise<BatchResult> {
  const runner = writeRunner(names, bundles, runnerName);
  const [cmd, args] = COMMANDS[runtime](runner);
  const out = await run(cmd, args, { timeoutMs, cwd: dirname(runner) });
  const outcomes = new Map<string, BlockOutcome>();
  let current: string | null = null;
  let lines: string[] = [];
  for (const line of out.stdout.split("\n")) {
    if (line.startsWith(START)) {
      current = line.slice(START.length).trim();
      lines = [];
    } else if (line.startsWith(END) && current !== null) {
      const rest = line.slice(END.length + current.length + 1);
      outcomes.set(current, rest === "ok" ? { ok: true, lines } : { ok: false, lines, error: JSON.parse(rest.slice("error ".length)) as string });
      current = null;
    } else if (current !== null) {
      lines.push(line);
    }
  }
  if (current !== null) {
    const why = out.code === null ? `the ${runtime} process was killed after ${timeoutMs} ms (the block never finished)` : `the ${runtime} process exited with ${out.code} inside the block`;
    outcomes.set(current, { ok: false, lines, error: `${why}\nstderr:\n${out.stderr}` });
  }
  return { outcomes, process: out };
}
