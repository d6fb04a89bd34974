/**
 * `tableflow enable` with Azure storage and the topic config flags (`--retention-ms`,
 * `--data-retention-ms`, `--error-mode`, `--error-log-table`): how they parse, what they refuse,
 * and what reaches the Tableflow API, run through `main()` against an emulator served over HTTP.
 */
import { describe, expect, it } from "vitest";
import { runCli, servedEmulatorForCli, type CliRun } from "../../support/cli-env.ts";
import { parseArgs, UsageError } from "../../../src/cli/args.ts";

const SECRET = "emu-secret-tf-0c41d2";

async function cli(argv: string[], env: Record<string, string>): Promise<CliRun> {
  const run = await runCli(argv, env);
  expect(run.stdout + run.stderr).not.toContain(SECRET);
  return run;
}

function usageMessage(argv: string[]): string {
  try {
    parseArgs(argv);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error(`parseArgs(${JSON.stringify(argv)}) did not throw`);
}

describe("parseArgs: tableflow enable storage and config flags", () => {
  it("reads Azure storage and every config flag", () => {
    const cmd = parseArgs([
      "tableflow", "enable", "t",
      "--storage-account", "lakeacct", "--container=tables", "--provider-integration", "cspi-az1",
      "--retention-ms", "172800000", "--data-retention-ms=259200000", "--error-mode", "Log", "--error-log-table", "t_errors",
    ]);
    expect(cmd).toMatchObject({
      kind: "tableflow",
      action: "enable",
      table: "t",
      storage: { kind: "AzureDataLakeStorageGen2", storageAccountName: "lakeacct", containerName: "tables", providerIntegrationId: "cspi-az1" },
      config: { retentionMs: "172800000", dataRetentionMs: "259200000", errorHandling: { mode: "LOG", target: "t_errors" } },
    });
  });

  it("leaves config out when no config flag is given, and lets --error-log-table imply LOG", () => {
    expect(parseArgs(["tableflow", "enable", "t"])).not.toHaveProperty("config");
    expect(parseArgs(["tableflow", "enable", "t", "--error-log-table", "errs"])).toMatchObject({ config: { errorHandling: { mode: "LOG", target: "errs" } } });
    expect(parseArgs(["tableflow", "enable", "t", "--error-mode", "skip"])).toMatchObject({ config: { errorHandling: { mode: "SKIP" } } });
    expect(parseArgs(["tableflow", "enable", "t", "--error-mode", "log"])).toMatchObject({ config: { errorHandling: { mode: "LOG" } } });
  });

  it("keeps a retention beyond 2^53 exact, as text", () => {
    expect(parseArgs(["tableflow", "enable", "t", "--retention-ms", "9007199254740993"])).toMatchObject({ config: { retentionMs: "9007199254740993" } });
  });

  it("refuses contradictory or malformed flags with a message that says what to give", () => {
    expect(usageMessage(["tableflow", "enable", "t", "--storage-account", "a", "--provider-integration", "cspi-1"])).toMatch(/^--storage-account, --container and --provider-integration go together/);
    expect(usageMessage(["tableflow", "enable", "t", "--bucket", "b", "--container", "c", "--provider-integration", "cspi-1"])).toMatch(/different storage kinds/);
    expect(usageMessage(["tableflow", "enable", "t", "--storage", "managed", "--container", "c"])).toMatch(/not both/);
    expect(usageMessage(["tableflow", "enable", "t", "--retention-ms", "1.5"])).toBe("--retention-ms needs a whole number of milliseconds of at least 1");
    expect(usageMessage(["tableflow", "enable", "t", "--data-retention-ms", "0"])).toBe("--data-retention-ms needs a whole number of milliseconds of at least 1");
    expect(usageMessage(["tableflow", "enable", "t", "--error-mode", "retry"])).toBe("--error-mode must be one of suspend, skip, log");
    expect(usageMessage(["tableflow", "enable", "t", "--error-mode", "skip", "--error-log-table", "e"])).toBe("--error-log-table names the table of --error-mode log, not skip");
    expect(usageMessage(["tableflow", "enable", "t", "--error-log-table", " "])).toBe("--error-log-table needs a table name");
  });

  it("refuses the new flags on commands that do not take them", () => {
    expect(usageMessage(["tableflow", "get", "t", "--retention-ms", "100"])).toMatch(/--retention-ms/);
    expect(usageMessage(["tableflow", "disable", "t", "--container", "c"])).toMatch(/--container/);
  });
});

describe("tableflow enable with Azure storage and config, over HTTP", () => {
  const served = servedEmulatorForCli(SECRET, ["CREATE TABLE azure_tf (id INT, amount DOUBLE)", "CREATE TABLE managed_tf (id INT)"]);

  it("prints the Azure account, container, region and the config the server stored", async () => {
    const r = await cli(
      [
        "tableflow", "enable", "azure_tf",
        "--storage-account", "lakeacct", "--container", "tables", "--provider-integration", "cspi-az1",
        "--retention-ms", "172800000", "--data-retention-ms", "259200000", "--error-log-table", "azure_tf_errors",
      ],
      served.env,
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines).toContain("storage            AzureDataLakeStorageGen2 (account lakeacct, container tables, cspi-az1)");
    expect(lines).toContain("storage region     eastus");
    expect(lines).toContain("retention ms       172800000");
    expect(lines).toContain("data retention ms  259200000");
    expect(lines).toContain("error mode         LOG");
    expect(lines).toContain("error log table    azure_tf_errors");
    expect(r.stdout).toMatch(/^table path +abfss:\/\/tables@lakeacct\.dfs\.core\.windows\.net\//m);

    const json = JSON.parse((await cli(["tableflow", "get", "azure_tf", "--format", "json"], served.env)).stdout) as { spec: { storage: Record<string, string>; config: Record<string, unknown> } };
    expect(json.spec.storage).toMatchObject({ kind: "AzureDataLakeStorageGen2", storageAccountName: "lakeacct", containerName: "tables", providerIntegrationId: "cspi-az1", storageRegion: "eastus" });
    expect(json.spec.config).toMatchObject({ retention_ms: "172800000", data_retention_ms: "259200000", error_handling: { mode: "LOG", target: "azure_tf_errors" } });
  });

  it("passes a retention the server refuses through as its coded error, enabling nothing", async () => {
    const r = await cli(["tableflow", "enable", "managed_tf", "--retention-ms", "1000"], served.env);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("error BAD_REQUEST: POST /tableflow/v1/tableflow-topics failed with HTTP 400: spec.config.retention_ms must be at least 86400000 (24 hours), got 1000\n");
    const after = await cli(["tableflow", "get", "managed_tf"], served.env);
    expect(after.code).toBe(1);
    expect(after.stderr).toMatch(/^error TABLEFLOW_TOPIC_NOT_FOUND: /);
  });
});
