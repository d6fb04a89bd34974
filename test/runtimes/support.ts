/**
 * Shared plumbing of the runtime matrix: where the built bundles and runtime binaries are,
 * running a child process with a deadline, parsing the scenario's `RESULT` line, and the
 * policy for missing tools (a failure, unless explicitly skipped with CONFLUENT_SQL_SKIP_RUNTIMES).
 */
import { it } from "vitest";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const DIST = join(ROOT, "dist");
export const BUNDLES = {
  client: join(DIST, "bundle/confluent-sql.mjs"),
  emulator: join(DIST, "bundle/emulator.mjs"),
  /** The core client plus the control plane, one copy of each module (build.mjs says why). */
  controlPlane: join(DIST, "bundle/control-plane.mjs"),
  worker: join(DIST, "bundle/worker.mjs"),
  iife: join(DIST, "confluent-sql.iife.js"),
  cli: join(DIST, "cli.js"),
};
export const BIN = {
  deno: join(ROOT, "node_modules/.bin/deno"),
  bun: join(ROOT, "node_modules/.bin/bun"),
  chromium: "/usr/bin/chromium",
};

/** Flags for Debian's chromium under playwright-core (never a downloaded browser). */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/** The environment variable that lists tools whose tests may be skipped, e.g. `chromium,deno`. */
export const SKIP_RUNTIMES_VAR = "CONFLUENT_SQL_SKIP_RUNTIMES";

/**
 * What to do about a tool: run its tests, skip them (missing, and named in
 * CONFLUENT_SQL_SKIP_RUNTIMES), or fail (missing, not opted out). Pure, for tests.
 */
export function toolStatus(
  name: keyof typeof BIN,
  env: Readonly<Record<string, string | undefined>>,
  exists: (path: string) => boolean = existsSync,
): { run: true } | { run: false; skip: boolean; message: string } {
  if (exists(BIN[name])) return { run: true };
  const optedOut = (env[SKIP_RUNTIMES_VAR] ?? "")
    .split(",")
    .map((t) => t.trim().toLowerCase())
    .includes(name);
  const where = `runtime matrix: ${name} not found at ${BIN[name]}`;
  if (optedOut) return { run: false, skip: true, message: `${where}; skipping its tests (${SKIP_RUNTIMES_VAR} names it)` };
  const install = name === "chromium" ? "install Debian's chromium (apt-get install chromium)" : `run npm install (${name} is a devDependency)`;
  return {
    run: false,
    skip: false,
    message: `${where}. To fix: ${install}; or set ${SKIP_RUNTIMES_VAR}=${name} to skip its tests on purpose.`,
  };
}

const reported = new Set<string>();

/**
 * Whether a tool's tests should run. A missing tool is a failing test of its own (saying how to
 * install it or opt out), never a silent skip; with CONFLUENT_SQL_SKIP_RUNTIMES naming it, the
 * tests are skipped with a warning on stderr.
 */
export function toolAvailable(name: keyof typeof BIN): boolean {
  const status = toolStatus(name, process.env);
  if (status.run) return true;
  if (!reported.has(name)) {
    reported.add(name);
    if (status.skip) console.warn(status.message);
    else it(`runtime matrix: ${name} is installed`, () => {
      throw new Error(status.message);
    });
  }
  return false;
}

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion (or kills it at the deadline); never throws on exit codes. */
export function run(
  command: string,
  args: readonly string[],
  options: { timeoutMs?: number; cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {},
): Promise<ProcessResult> {
  return new Promise((resolvePromise) => {
    const child = execFile(
      command,
      args,
      {
        cwd: options.cwd ?? ROOT,
        timeout: options.timeoutMs ?? 30_000,
        killSignal: "SIGKILL",
        maxBuffer: 16 * 1024 * 1024,
        env: { ...process.env, NO_COLOR: "1", ...options.env },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : null) : 0;
        resolvePromise({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}

/** The JSON after `RESULT ` in a scenario's stdout; throws with the whole output when absent. */
export function parseResult(out: ProcessResult): ScenarioResult {
  const line = out.stdout.split("\n").find((l) => l.startsWith("RESULT "));
  if (!line) {
    throw new Error(`no RESULT line (exit ${out.code})\nstdout:\n${out.stdout}\nstderr:\n${out.stderr}`);
  }
  return JSON.parse(line.slice("RESULT ".length)) as ScenarioResult;
}

/** What scenario.mjs returns (JSON-safe). */
export interface ScenarioResult {
  runtime: string;
  snapshot: { columns: [string, string][]; rows: unknown[][]; rowCount: number } | null;
  params: { rows: Record<string, unknown>[] } | null;
  streaming: { returnsChangelog: boolean; events: unknown[][]; final: Record<string, number>; phaseAfterCancel: string } | null;
  error: { thrown: boolean; name?: string; code?: string; statementName?: boolean; detail?: string } | null;
  controlPlane: ControlPlaneSummary | null;
  failures: Record<string, string>;
}

/** A control-plane call expected to fail, as the scenario records it. */
export interface CaughtSummary {
  thrown: boolean;
  name?: string;
  code?: string;
  isExportedClass?: boolean;
  isIntegrityError?: boolean;
  isProgrammingError?: boolean;
  isConfluentSqlError?: boolean;
}

/** What scenario.mjs's control-plane check returns. */
export interface ControlPlaneSummary {
  /** What controlPlane() does with a connection of the core bundle (its error code). */
  coreConnection: string;
  tableflow: {
    tableMatches: boolean;
    phase: string;
    readPhase: string;
    formats: string[];
    storageKind: string | null;
    writeMode: string;
    kafkaClusterIdMatches: boolean;
  };
  enableAgain: CaughtSummary;
  connector: {
    nameMatches: boolean;
    state: string;
    readState: string;
    connectorClass: string;
    maskedSecret: string;
    readMaskedSecret: string;
    secretLeaked: boolean;
  };
  connectorAfterDelete: CaughtSummary;
  tableflowAfterDisable: CaughtSummary;
}
