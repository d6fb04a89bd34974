/**
 * The CLI's newer control-plane commands: `tableflow list|update` and `connectors
 * list|config|restart`. Parsing is checked pure; the commands run in process through `main()`
 * against an emulator served over HTTP, configured only by the CONFLUENT_* variables. Exact
 * output and exit codes; no secret in anything printed.
 */
import { afterAll, describe, expect, it } from "vitest";
import { parseControlPlaneCommand, type Tokens } from "../../../src/cli/control-plane-args.ts";
import { USAGE } from "../../../src/cli/args.ts";
import { runCli, servedEmulatorForCli, type CliRun } from "../../support/cli-env.ts";

const EMULATOR_SECRET = "emu-secret-more-5d1e";
const KAFKA_SECRET = "kafka-secret-more-a9f0";
const NEW_SECRET = "kafka-secret-rotated-33b2";

const tokens = (args: string[], flags: Record<string, string | true> = {}, sets: string[] = []): Tokens => ({ args, flags, given: Object.keys(flags), sets });
const parse = (command: string, t: Tokens) => parseControlPlaneCommand(command, t);
const usageError = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return `${(e as { code?: string }).code}: ${(e as Error).message}`;
  }
  throw new Error("no error");
};

describe("parsing", () => {
  it("tableflow update takes formats, config flags and --resume, only what is given", () => {
    expect(parse("tableflow", tokens(["update", "orders"], { "--formats": "delta", "--retention-ms": "90000000", "--error-mode": "skip", "--no-wait": true }))).toEqual({
      format: "table",
      emulator: false,
      kind: "tableflow",
      action: "update",
      table: "orders",
      formats: ["DELTA"],
      config: { retentionMs: "90000000", errorHandling: { mode: "SKIP" } },
      resume: false,
      wait: false,
    });
    expect(parse("tableflow", tokens(["update", "orders"], { "--resume": true }))).toMatchObject({ action: "update", resume: true, wait: true });
    expect(parse("tableflow", tokens(["update", "orders"], { "--resume": true }))).not.toHaveProperty("formats");
  });

  it("tableflow update refuses nothing to change, --suspend (with the reason) and enable's storage flags", () => {
    expect(usageError(() => parse("tableflow", tokens(["update", "orders"])))).toBe(
      "USAGE: tableflow update needs something to change: --formats, --retention-ms, --data-retention-ms, --error-mode, --error-log-table or --resume",
    );
    expect(usageError(() => parse("tableflow", tokens(["update", "orders"], { "--suspend": true })))).toBe(
      "USAGE: --suspend is not available: Confluent's Tableflow API cannot suspend a topic on demand (only --resume a suspended one); tableflow disable turns it off",
    );
    expect(usageError(() => parse("tableflow", tokens(["update", "orders"], { "--bucket": "b" })))).toBe("USAGE: --bucket does not apply to tableflow update");
    expect(usageError(() => parse("tableflow", tokens(["update"], { "--resume": true })))).toBe("USAGE: tableflow update needs exactly one table name");
    expect(usageError(() => parse("tableflow", tokens(["get", "t"], { "--resume": true })))).toBe("USAGE: --resume does not apply to tableflow get");
  });

  it("list takes no name; connectors config and restart take one", () => {
    expect(parse("tableflow", tokens(["list"], { "--format": "json" }))).toEqual({ format: "json", emulator: false, kind: "tableflow", action: "list" });
    expect(parse("connectors", tokens(["list"]))).toEqual({ format: "table", emulator: false, kind: "connectors", action: "list" });
    expect(usageError(() => parse("connectors", tokens(["list", "x"])))).toBe("USAGE: connectors list takes no arguments");
    expect(parse("connectors", tokens(["config", "gen"]))).toEqual({ format: "table", emulator: false, kind: "connectors", action: "config", name: "gen", settings: [], wait: true });
    expect(parse("connectors", tokens(["config", "gen"], { "--config": "c.json", "--set": "tasks.max=2" }, ["tasks.max=2"]))).toMatchObject({ configFile: "c.json", settings: [["tasks.max", "2"]] });
    expect(parse("connectors", tokens(["restart", "gen"], { "--no-wait": true }))).toEqual({ format: "table", emulator: false, kind: "connectors", action: "restart", name: "gen", wait: false });
    expect(usageError(() => parse("connectors", tokens(["restart", "gen"], { "--set": "a=b" }, ["a=b"])))).toBe("USAGE: --set does not apply to connectors restart");
    expect(usageError(() => parse("connectors", tokens(["bogus"])))).toBe("USAGE: connectors needs one of create, get, list, config, pause, resume, restart, delete");
  });

  it("never echoes a --set value in a message", () => {
    const message = usageError(() => parse("connectors", tokens(["config", "gen"], { "--set": "x" }, [`kafka.api.secret=${KAFKA_SECRET}`, `kafka.api.secret=${KAFKA_SECRET}`])));
    expect(message).toBe("USAGE: --set gives kafka.api.secret twice");
  });

  it("USAGE lists the new commands", () => {
    for (const text of [
      "confluent-sql tableflow update TABLE [--formats ICEBERG,DELTA] [--retention-ms MS]",
      "[--error-log-table NAME] [--resume]",
      "confluent-sql tableflow list",
      "confluent-sql connectors config NAME [--config FILE.json] [--set KEY=VALUE ...]",
      "confluent-sql connectors restart NAME",
      "confluent-sql connectors list",
    ]) {
      expect(USAGE).toContain(text);
    }
  });
});

const printed: string[] = [];
const served = servedEmulatorForCli(EMULATOR_SECRET, ["CREATE TABLE tf_a (id INT)", "CREATE TABLE tf_b (id INT, PRIMARY KEY (id) NOT ENFORCED)"]);

async function cli(argv: string[], files: Record<string, string> = {}): Promise<CliRun> {
  const run = await runCli(argv, served.env, files);
  printed.push(run.stdout, run.stderr);
  return run;
}

afterAll(() => {
  for (const text of printed) {
    expect(text).not.toContain(EMULATOR_SECRET);
    expect(text).not.toContain(KAFKA_SECRET);
    expect(text).not.toContain(NEW_SECRET);
  }
});

describe("tableflow list and update over HTTP", () => {
  it("lists the topics as columns and JSON, and updates formats, retention and error mode", async () => {
    expect(await cli(["tableflow", "list"])).toEqual({ code: 0, stdout: "TABLE  PHASE  FORMATS  WRITE MODE\n", stderr: "" });
    expect((await cli(["tableflow", "enable", "tf_a"])).code).toBe(0);
    expect((await cli(["tableflow", "enable", "tf_b", "--formats", "delta"])).code).toBe(0);
    expect(await cli(["tableflow", "list"])).toEqual({
      code: 0,
      stdout: ["TABLE  PHASE    FORMATS  WRITE MODE", "tf_a   RUNNING  ICEBERG  APPEND", "tf_b   RUNNING  DELTA    UPSERT", ""].join("\n"),
      stderr: "",
    });
    const json = await cli(["tableflow", "list", "--format", "json"]);
    expect((JSON.parse(json.stdout) as Array<{ tableName: string }>).map((t) => t.tableName)).toEqual(["tf_a", "tf_b"]);

    const updated = await cli(["tableflow", "update", "tf_a", "--formats", "iceberg,delta", "--retention-ms", "172800000", "--error-log-table", "bad_rows"]);
    expect(updated.stderr).toBe("");
    expect(updated.code).toBe(0);
    expect(updated.stdout).toContain("phase            RUNNING\nformats          ICEBERG, DELTA\n");
    expect(updated.stdout).toContain("retention ms     172800000\nerror mode       LOG\nerror log table  bad_rows\n");

    const resumed = await cli(["tableflow", "update", "tf_a", "--resume", "--format", "json"]);
    const topic = JSON.parse(resumed.stdout) as { spec: { suspended: boolean; config: Record<string, unknown> } };
    expect(topic.spec.suspended).toBe(false);
    expect(topic.spec.config.retention_ms).toBe("172800000");
  });

  it("reports a table without Tableflow with the client's coded error", async () => {
    expect(await cli(["tableflow", "update", "nope", "--resume"])).toEqual({
      code: 1,
      stdout: "",
      stderr: expect.stringMatching(/^error TABLEFLOW_TOPIC_NOT_FOUND: Tableflow is not enabled for table 'nope'/),
    });
  });
});

describe("connectors list, config and restart over HTTP", () => {
  const create = (name: string) =>
    cli(["connectors", "create", name, "--set", "connector.class=DatagenSource", "--set", "kafka.api.key=KAFKAKEY", "--set", `kafka.api.secret=${KAFKA_SECRET}`, "--set", "kafka.topic=tf_a"]);

  it("lists connectors as columns, shows the config masked, changes it with --set, restarts", async () => {
    expect(await cli(["connectors", "list"])).toEqual({ code: 0, stdout: "NAME  STATE  CLASS  TASKS\n", stderr: "" });
    expect((await create("gen-b")).code).toBe(0);
    expect((await create("gen-a")).code).toBe(0);
    expect(await cli(["connectors", "list"])).toEqual({
      code: 0,
      stdout: ["NAME   STATE    CLASS          TASKS", "gen-a  RUNNING  DatagenSource  1", "gen-b  RUNNING  DatagenSource  1", ""].join("\n"),
      stderr: "",
    });

    const shown = await cli(["connectors", "config", "gen-a"]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain("kafka.api.secret   ****\n");
    expect(shown.stdout).toContain("kafka.topic        tf_a\n");
    const asJson = JSON.parse((await cli(["connectors", "config", "gen-a", "--format", "json"])).stdout) as Record<string, string>;
    expect(asJson["kafka.api.secret"]).toBe("****");
    expect(asJson.name).toBe("gen-a");

    // --set alone: the current config's secret reads back masked, so it must be given again.
    const masked = await cli(["connectors", "config", "gen-a", "--set", "tasks.max=2"]);
    expect(masked).toEqual({ code: 1, stdout: "", stderr: expect.stringContaining("CONNECTOR_CONFIG_INVALID: updateConnectorConfig(): config['kafka.api.secret'] is the mask ****") });
    const changed = await cli(["connectors", "config", "gen-a", "--set", "tasks.max=2", "--set", `kafka.api.secret=${NEW_SECRET}`]);
    expect(changed.stderr).toBe("");
    expect(changed.stdout).toContain("state   RUNNING\n");
    expect(changed.stdout).toContain("tasks   0 RUNNING, 1 RUNNING\n");

    const restarted = await cli(["connectors", "restart", "gen-a"]);
    expect(restarted.code).toBe(0);
    expect(restarted.stdout).toContain("state   RUNNING\n");
  });

  it("replaces the config from a --config file", async () => {
    expect((await create("gen-file")).code).toBe(0);
    const file = JSON.stringify({ "connector.class": "DatagenSource", "kafka.api.key": "KAFKAKEY", "kafka.api.secret": NEW_SECRET, "kafka.topic": "tf_b", quickstart: "USERS" });
    const replaced = await cli(["connectors", "config", "gen-file", "--config", "c.json", "--format", "json"], { "c.json": file });
    expect(replaced.code).toBe(0);
    const c = JSON.parse(replaced.stdout) as { state: string; spec: { config: Record<string, string> } };
    expect(c.state).toBe("RUNNING");
    expect(c.spec.config).toMatchObject({ "kafka.topic": "tf_b", quickstart: "USERS", "kafka.api.secret": "****" });
  });

  it("reports an unknown connector with the client's coded error", async () => {
    expect(await cli(["connectors", "restart", "nope"])).toEqual({ code: 1, stdout: "", stderr: expect.stringMatching(/^error CONNECTOR_NOT_FOUND: Connector 'nope' not found/) });
    expect(await cli(["connectors", "config", "nope"])).toEqual({ code: 1, stdout: "", stderr: expect.stringMatching(/^error CONNECTOR_NOT_FOUND: /) });
  });
});
