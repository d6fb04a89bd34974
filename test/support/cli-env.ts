/**
 * The CONFLUENT_* variables that point the CLI at an emulator served over HTTP, control plane
 * included: what a user exports after `confluent-sql emulator`.
 */
import { afterAll, beforeAll } from "vitest";
import { createEmulator, type Emulator, type EmulatorServer } from "../../src/emulator/index.ts";
import { connect } from "../../src/index.ts";
import { main, type CliIo } from "../../src/cli/main.ts";

export function emulatorCliEnv(emu: Emulator, server: EmulatorServer): Record<string, string> {
  const o = server.connectOptions;
  const cp = emu.controlPlaneOptions;
  return {
    CONFLUENT_ENDPOINT: server.url,
    CONFLUENT_CONTROL_PLANE_ENDPOINT: server.url,
    CONFLUENT_ORG_ID: o.organizationId,
    CONFLUENT_ENV_ID: o.environmentId,
    CONFLUENT_FLINK_API_KEY: o.flinkApiKey,
    CONFLUENT_FLINK_API_SECRET: o.flinkApiSecret,
    CONFLUENT_TEST_DBNAME: o.database!,
    CONFLUENT_TABLEFLOW_API_KEY: cp.tableflowApiKey,
    CONFLUENT_TABLEFLOW_API_SECRET: cp.tableflowApiSecret,
    CONFLUENT_CONNECT_API_KEY: cp.connectApiKey,
    CONFLUENT_CONNECT_API_SECRET: cp.connectApiSecret,
    CONFLUENT_KAFKA_CLUSTER_ID: cp.kafkaClusterId,
  };
}

/** What one in-process CLI run printed, and its exit code. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI's `main(argv)` in process with a captured I/O (no terminal, no Ctrl+C), `env` as
 * its environment and `files` as the only readable files (others are ENOENT).
 */
export async function runCli(argv: string[], env: Record<string, string>, files: Record<string, string> = {}): Promise<CliRun> {
  const out = { stdout: "", stderr: "" };
  const io: CliIo = {
    stdout: { write: (t) => void (out.stdout += t), isTTY: false },
    stderr: { write: (t) => void (out.stderr += t), isTTY: false },
    env,
    onInterrupt: () => () => {},
    version: "0.0.0-test",
    async readTextFile(path) {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: "ENOENT" });
      return text;
    },
  };
  const code = await main(argv, io);
  return { code, ...out };
}

/**
 * An emulator served over HTTP for the file's tests (beforeAll / afterAll), created with
 * `apiSecret`, with `ddl` run on it; `env` are the CONFLUENT_* variables pointing at it.
 */
export function servedEmulatorForCli(apiSecret: string, ddl: readonly string[]): { readonly env: Record<string, string> } {
  let emu: Emulator | undefined;
  let server: EmulatorServer | undefined;
  let env: Record<string, string> | undefined;
  beforeAll(async () => {
    emu = createEmulator({ clock: "instant", apiSecret });
    server = await emu.listen();
    env = emulatorCliEnv(emu, server);
    const conn = connect({ ...emu.connectOptions, fetch: emu.fetch });
    for (const sql of ddl) await conn.executeSnapshotDdl(sql);
    await conn.close();
  });
  afterAll(async () => {
    await server?.close();
    await emu?.close();
  });
  return {
    get env(): Record<string, string> {
      if (!env) throw new Error("servedEmulatorForCli: used outside a test");
      return env;
    },
  };
}
