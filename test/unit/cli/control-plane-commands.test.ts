/**
 * The CLI's control-plane commands (tableflow, connectors, cluster-id) run in process through
 * `main()` with an injected I/O, against an emulator served over HTTP and reached only through
 * the CONFLUENT_* variables, as a user would after `confluent-sql emulator`. Exact output and
 * exit codes; no secret in anything printed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmulator, type Emulator, type EmulatorServer } from "../../../src/emulator/index.ts";
import { connect } from "../../../src/index.ts";
import { main, type CliIo } from "../../../src/cli/main.ts";
import { emulatorCliEnv } from "../../support/cli-env.ts";
import { USAGE } from "../../../src/cli/args.ts";

const EMULATOR_SECRET = "emu-secret-7f3a9c";
const KAFKA_SECRET = "kafka-secret-b81e55";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Everything any command printed, to check no secret ever shows. */
const printed: string[] = [];

/** An in-process I/O: output captured, the environment and files given, Ctrl+C on demand. */
function makeIo(env: Record<string, string>, files: Record<string, string>) {
  const out = { stdout: "", stderr: "" };
  const interrupts = new Set<() => void>();
  const io: CliIo = {
    stdout: { write: (t) => void (out.stdout += t), isTTY: false },
    stderr: { write: (t) => void (out.stderr += t), isTTY: false },
    env,
    onInterrupt(handler) {
      interrupts.add(handler);
      return () => interrupts.delete(handler);
    },
    version: "0.0.0-test",
    async readTextFile(path) {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: no such file ${path}`), { code: "ENOENT" });
      return text;
    },
  };
  return { io, out, interrupt: () => [...interrupts].forEach((h) => h()) };
}

async function cli(argv: string[], env: Record<string, string> = {}, files: Record<string, string> = {}): Promise<Run> {
  const { io, out } = makeIo(env, files);
  const code = await main(argv, io);
  printed.push(out.stdout, out.stderr);
  return { code, ...out };
}

let emu: Emulator;
let server: EmulatorServer;
let env: Record<string, string>;

beforeAll(async () => {
  emu = createEmulator({ clock: "instant", apiSecret: EMULATOR_SECRET });
  server = await emu.listen();
  env = emulatorCliEnv(emu, server);
  const conn = connect({ ...emu.connectOptions, fetch: emu.fetch });
  await conn.executeSnapshotDdl("CREATE TABLE orders_tf (id INT, amount DOUBLE)");
  await conn.close();
});

afterAll(async () => {
  await server.close();
  await emu.close();
  for (const text of printed) {
    expect(text).not.toContain(EMULATOR_SECRET);
    expect(text).not.toContain(KAFKA_SECRET);
  }
});


/** The table path the emulator makes up ends in a generated id: keep the rest exact. */
const TABLE_PATH = /^(table path +s3:\/\/confluent-tableflow-us-east-1\/b0b21724-4586-4a07-b787-d0bb5aacbf87\/env-emu001\/lkc-emu001\/v1\/)[0-9a-f-]{36}$/m;
const withoutId = (text: string): string => text.replace(TABLE_PATH, "$1<id>");

const connectorSets = (name: string, tasks: string): string[] => [
  "connectors",
  "create",
  name,
  "--set",
  "connector.class=DatagenSource",
  "--set",
  "kafka.api.key=KAFKAKEY",
  "--set",
  `kafka.api.secret=${KAFKA_SECRET}`,
  "--set",
  "kafka.topic=orders_tf",
  "--set",
  `tasks.max=${tasks}`,
];

describe("tableflow over HTTP, configured by the CONFLUENT_* variables", () => {
  it("enables, reads (table and json), refuses a second enable, disables, then reports it gone", async () => {
    const enabled = await cli(["tableflow", "enable", "orders_tf", "--formats", "delta,ICEBERG"], env);
    expect(enabled.stderr).toBe("");
    expect(enabled.code).toBe(0);
    expect(withoutId(enabled.stdout)).toBe(
      [
        "table          orders_tf",
        "phase          RUNNING",
        "formats        ICEBERG, DELTA",
        "storage        Managed",
        "table path     s3://confluent-tableflow-us-east-1/b0b21724-4586-4a07-b787-d0bb5aacbf87/env-emu001/lkc-emu001/v1/<id>",
        "write mode     APPEND",
        "retention ms   604800000",
        "error mode     SUSPEND",
        "kafka cluster  lkc-emu001",
        "environment    env-emu001",
        "",
      ].join("\n"),
    );

    const read = await cli(["tableflow", "get", "orders_tf"], env);
    expect(read.code).toBe(0);
    expect(read.stdout).toBe(enabled.stdout);

    const json = await cli(["tableflow", "get", "orders_tf", "--format", "json"], env);
    expect(json.code).toBe(0);
    const topic = JSON.parse(json.stdout) as Record<string, any>;
    expect(Object.keys(topic)).toEqual(["tableName", "phase", "spec", "status"]);
    expect(topic.phase).toBe("RUNNING");
    expect(topic.spec.tableFormats).toEqual(["ICEBERG", "DELTA"]);
    expect(topic.spec.kafkaClusterId).toBe("lkc-emu001");
    expect(topic.status).toEqual({ phase: "RUNNING", writeMode: "APPEND", failingTableFormats: [], catalogSyncStatuses: [] });

    const again = await cli(["tableflow", "enable", "orders_tf"], env);
    expect(again).toEqual({ code: 1, stdout: "", stderr: expect.stringMatching(/^error TABLEFLOW_TOPIC_EXISTS: Tableflow is already enabled for table 'orders_tf'/) });

    const disabled = await cli(["tableflow", "disable", "orders_tf"], env);
    expect(disabled).toEqual({ code: 0, stdout: "", stderr: "Tableflow disabled for orders_tf\n" });

    const gone = await cli(["tableflow", "get", "orders_tf"], env);
    expect(gone).toEqual({
      code: 1,
      stdout: "",
      stderr: "error TABLEFLOW_TOPIC_NOT_FOUND: Tableflow is not enabled for table 'orders_tf': Tableflow topic 'orders_tf' not found in Kafka cluster 'lkc-emu001'\n",
    });
  });

  it("--no-wait returns the topic as the request left it (PENDING), and a bad bucket ends the wait with TABLEFLOW_FAILED", async () => {
    const pending = await cli(["tableflow", "enable", "orders_tf", "--no-wait"], env);
    expect(pending.code).toBe(0);
    expect(pending.stdout).toMatch(/^table {10}orders_tf\nphase {10}PENDING\nformats {8}ICEBERG\n/);
    expect((await cli(["tableflow", "disable", "orders_tf", "--no-wait"], env)).stderr).toBe("Tableflow disable requested for orders_tf\n");

    const failed = await cli(["tableflow", "enable", "orders_tf", "--bucket", "My_Bucket", "--provider-integration", "cspi-1"], env);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toBe("");
    expect(failed.stderr).toMatch(/^error TABLEFLOW_FAILED: .*not a valid S3 bucket name/);
  });
});

describe("connectors over HTTP", () => {
  it("creates from --set values, pauses, reads, deletes, then reports it gone", async () => {
    const created = await cli(connectorSets("orders-gen", "2"), env);
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    expect(created.stdout).toBe(
      [
        "name    orders-gen",
        "state   RUNNING",
        "class   DatagenSource",
        "type    source",
        "worker  orders-gen",
        "tasks   0 RUNNING, 1 RUNNING",
        "config:",
        "  cloud.environment  prod",
        "  cloud.provider     aws",
        "  connector.class    DatagenSource",
        "  kafka.api.key      KAFKAKEY",
        "  kafka.api.secret   ****",
        "  kafka.endpoint     SASL_SSL://pkc-emu001.us-east-1.aws.confluent.cloud:9092",
        "  kafka.region       us-east-1",
        "  kafka.topic        orders_tf",
        "  name               orders-gen",
        "  tasks.max          2",
        "",
      ].join("\n"),
    );

    const paused = await cli(["connectors", "pause", "orders-gen"], env);
    expect(paused.code).toBe(0);
    expect(paused.stdout).toContain("\nstate   PAUSED\n");

    const read = await cli(["connectors", "get", "orders-gen", "--format", "json"], env);
    expect(read.code).toBe(0);
    const connector = JSON.parse(read.stdout) as Record<string, any>;
    expect(Object.keys(connector)).toEqual(["name", "state", "spec", "status"]);
    expect(connector.state).toBe("PAUSED");
    expect(connector.spec.config["kafka.api.secret"]).toBe("****");
    expect(connector.status.tasks.map((t: { state: string }) => t.state)).toEqual(["PAUSED", "PAUSED"]);

    const resumed = await cli(["connectors", "resume", "orders-gen"], env);
    expect(resumed.stdout).toContain("\nstate   RUNNING\n");

    const dup = await cli(connectorSets("orders-gen", "2"), env);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/^error CONNECTOR_EXISTS: Connector 'orders-gen' already exists/);

    const deleted = await cli(["connectors", "delete", "orders-gen"], env);
    expect(deleted).toEqual({ code: 0, stdout: "", stderr: "deleted connector orders-gen\n" });

    const gone = await cli(["connectors", "get", "orders-gen"], env);
    expect(gone.code).toBe(1);
    expect(gone.stdout).toBe("");
    expect(gone.stderr).toMatch(/^error CONNECTOR_NOT_FOUND: Connector 'orders-gen' not found/);
  });

  it("creates from a --config file (the Connect API's { name, config } body too), --set overriding it", async () => {
    const files = {
      "flat.json": JSON.stringify({ "connector.class": "DatagenSource", "kafka.api.key": "KAFKAKEY", "kafka.api.secret": KAFKA_SECRET, "kafka.topic": "orders_tf", "tasks.max": 1 }),
      "body.json": JSON.stringify({ name: "from-body", config: { "connector.class": "DatagenSource", "kafka.api.key": "KAFKAKEY", "kafka.api.secret": KAFKA_SECRET, "tasks.max": "1" } }),
    };
    const flat = await cli(["connectors", "create", "from-file", "--config", "flat.json", "--set", "tasks.max=3", "--format", "json"], env, files);
    expect(flat.code).toBe(0);
    const c = JSON.parse(flat.stdout) as Record<string, any>;
    expect([c.name, c.state, c.spec.config["tasks.max"], c.spec.config["kafka.api.secret"]]).toEqual(["from-file", "RUNNING", "3", "****"]);
    expect(c.status.tasks).toHaveLength(3);

    const body = await cli(["connectors", "create", "from-body", "--config", "body.json", "--no-wait"], env, files);
    expect(body.code).toBe(0);
    expect(body.stdout).toMatch(/^name {4}from-body\nstate {3}(PROVISIONING|RUNNING)\n/);
    // The body's name must be the one on the command line: the client refuses a mismatch.
    const mismatch = await cli(["connectors", "create", "other", "--config", "body.json"], env, files);
    expect(mismatch.code).toBe(1);
    expect(mismatch.stderr).toBe("error CONNECTOR_CONFIG_INVALID: createConnector(): config['name'] is 'from-body' but the connector is named 'other'\n");

    for (const name of ["from-file", "from-body"]) expect((await cli(["connectors", "delete", name, "--no-wait"], env)).stderr).toBe(`delete requested for connector ${name}\n`);
  });

  it("reports a connector that FAILED (tasks.max 0) as CONNECTOR_FAILED with its trace, exit 1", async () => {
    const failed = await cli(connectorSets("bad-tasks", "0"), env);
    expect(failed).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "error CONNECTOR_FAILED: Connector 'bad-tasks' is FAILED: There were some errors with your configuration: tasks.max: Invalid value 0 for configuration tasks.max: must be a positive integer\n" +
        "There were some errors with your configuration:\ntasks.max: Invalid value 0 for configuration tasks.max: must be a positive integer\n",
    });
    // It exists, FAILED: get shows the state and the trace on one line.
    const read = await cli(["connectors", "get", "bad-tasks"], env);
    expect(read.code).toBe(0);
    expect(read.stdout).toContain("\nstate   FAILED\n");
    expect(read.stdout).toContain("\ntrace   There were some errors with your configuration:\\ntasks.max: Invalid value 0");
  });
});

describe("cluster-id", () => {
  it("prints CONFLUENT_KAFKA_CLUSTER_ID, or looks the database up with the global key", async () => {
    expect(await cli(["cluster-id"], env)).toEqual({ code: 0, stdout: "lkc-emu001\n", stderr: "" });
    const { CONFLUENT_KAFKA_CLUSTER_ID: _id, CONFLUENT_FLINK_API_KEY: key, CONFLUENT_FLINK_API_SECRET: secret, ...rest } = env;
    const global = { ...rest, CONFLUENT_CLOUD_API_KEY: key!, CONFLUENT_CLOUD_API_SECRET: secret! };
    expect(await cli(["cluster-id", "--format", "json"], global)).toEqual({ code: 0, stdout: '{"kafkaClusterId":"lkc-emu001"}\n', stderr: "" });
    const unknownDb = await cli(["cluster-id"], { ...global, CONFLUENT_TEST_DBNAME: "no_such_db" });
    expect(unknownDb.code).toBe(1);
    expect(unknownDb.stderr).toMatch(/^error KAFKA_CLUSTER_NOT_FOUND: /);
    const noGlobal = await cli(["cluster-id"], { ...rest, CONFLUENT_FLINK_API_KEY: key!, CONFLUENT_FLINK_API_SECRET: secret! });
    expect(noGlobal.code).toBe(1);
    expect(noGlobal.stderr).toMatch(/^error KAFKA_CLUSTER_ID_NEEDS_GLOBAL_KEY: /);
  });

  it("reports a half credential pair from the environment as CONFIG_PARTIAL_CREDENTIALS, naming no value", async () => {
    const { CONFLUENT_CONNECT_API_SECRET: _s, ...half } = env;
    const r = await cli(["connectors", "get", "x"], half);
    expect(r).toEqual({ code: 1, stdout: "", stderr: "error CONFIG_PARTIAL_CREDENTIALS: controlPlane(): connectApiKey and connectApiSecret must be given together\n" });
  });
});

describe("--emulator (an in-process emulator for one command)", () => {
  it("runs cluster-id and a connector create, and explains a miss it cannot avoid", async () => {
    expect(await cli(["cluster-id", "--emulator"])).toEqual({ code: 0, stdout: "lkc-emu001\n", stderr: "" });
    const created = await cli([...connectorSets("gen", "1"), "--emulator"]);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^name {4}gen\nstate {3}RUNNING\n/);
    const missing = await cli(["tableflow", "get", "orders", "--emulator"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(
      "error TABLEFLOW_TOPIC_NOT_FOUND: Tableflow is not enabled for table 'orders': Tableflow topic 'orders' not found in Kafka cluster 'lkc-emu001'\n" +
        "(--emulator starts an empty emulator for this one command: for tables, Tableflow topics and connectors that last, run `confluent-sql emulator` and export what it prints)\n",
    );
  });
});

describe("the emulator command", () => {
  it("prints the control-plane variables too, and they work for the control-plane commands", async () => {
    const { io, out, interrupt } = makeIo({}, {});
    const serving = main(["emulator", "--port", "0"], io);
    while (!out.stdout.includes("Ctrl+C to stop.")) await new Promise((r) => setTimeout(r, 5));
    const exported = Object.fromEntries([...out.stdout.matchAll(/^ {2}export (\w+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
    expect(Object.keys(exported)).toEqual([
      "CONFLUENT_ENDPOINT",
      "CONFLUENT_ORG_ID",
      "CONFLUENT_ENV_ID",
      "CONFLUENT_FLINK_API_KEY",
      "CONFLUENT_FLINK_API_SECRET",
      "CONFLUENT_TEST_DBNAME",
      "CONFLUENT_COMPUTE_POOL_ID",
      "CONFLUENT_CONTROL_PLANE_ENDPOINT",
      "CONFLUENT_TABLEFLOW_API_KEY",
      "CONFLUENT_TABLEFLOW_API_SECRET",
      "CONFLUENT_CONNECT_API_KEY",
      "CONFLUENT_CONNECT_API_SECRET",
      "CONFLUENT_KAFKA_CLUSTER_ID",
    ]);
    expect(exported.CONFLUENT_CONTROL_PLANE_ENDPOINT).toBe(exported.CONFLUENT_ENDPOINT);
    try {
      // Two commands sharing state through it: a table made by `query`, then Tableflow on it.
      expect((await cli(["query", "CREATE TABLE shared_tf (id INT)"], exported)).code).toBe(0);
      const enabled = await cli(["tableflow", "enable", "shared_tf"], exported);
      expect(enabled.code).toBe(0);
      expect(enabled.stdout).toMatch(/^table {10}shared_tf\nphase {10}RUNNING\n/);
      expect((await cli(["tableflow", "get", "shared_tf", "--format", "json"], exported)).stdout).toContain('"phase": "RUNNING"');
    } finally {
      interrupt();
      expect(await serving).toBe(0);
    }
  });
});

describe("usage errors (exit 2, nothing on stdout, no request)", () => {
  const usage = (message: string, code = "USAGE") => ({ code: 2, stdout: "", stderr: `confluent-sql: ${code}: ${message}\nRun confluent-sql --help for usage.\n` });

  it("names what is wrong with the command line", async () => {
    const cases: Array<[string[], string]> = [
      [["tableflow", "enable"], "tableflow enable needs exactly one table name"],
      [["tableflow", "get", "a", "b"], "tableflow get needs exactly one table name"],
      [["tableflow", "frobnicate", "t"], "tableflow needs one of enable, get, list, update, disable"],
      [["tableflow", "get", "t", "--bogus"], "unknown option --bogus"],
      [["tableflow", "enable", "t", "--formats", "ICEBERG,PARQUET"], "--formats takes ICEBERG and/or DELTA, comma-separated (got 'PARQUET')"],
      [["tableflow", "enable", "t", "--formats", "iceberg,ICEBERG"], "--formats names ICEBERG twice"],
      [["tableflow", "enable", "t", "--formats", ""], "--formats takes ICEBERG and/or DELTA, comma-separated"],
      [["tableflow", "enable", "t", "--format", "iceberg"], "--format must be one of table, json here (Tableflow's table formats go in --formats)"],
      [["tableflow", "get", "t", "--format", "csv"], "--format must be one of table, json here"],
      [["tableflow", "enable", "t", "--bucket", "b"], "--bucket and --provider-integration go together: the S3 bucket and the provider integration (cspi-...) that grants access to it"],
      [["tableflow", "enable", "t", "--storage", "managed", "--bucket", "b", "--provider-integration", "cspi-1"], "give --storage managed or storage of your own (--bucket, or --storage-account and --container, with --provider-integration), not both"],
      [["tableflow", "enable", "t", "--storage", "s3"], "--storage must be managed (for storage of your own, give --bucket NAME --provider-integration ID for S3, or --storage-account NAME --container NAME --provider-integration ID for Azure)"],
      [["tableflow", "get", "t", "--no-wait"], "--no-wait does not apply to tableflow get"],
      [["tableflow", "disable", "t", "--formats", "DELTA"], "--formats does not apply to tableflow disable"],
      [["tableflow", "get", "t", "--limit", "3"], "--limit does not apply to tableflow get"],
      [["tableflow", "disable", "t", "--timeout", "0"], "--timeout needs a whole number of at least 1"],
      [["connectors", "create", "c"], "connectors create needs --config FILE.json or --set key=value (or both: --set wins)"],
      [["connectors", "create", "c", "--set", "a=1", "--set", "a=2"], "--set gives a twice"],
      [["connectors", "pause"], "connectors pause needs exactly one connector name"],
      [["connectors", "get", "c", "--set", "a=1"], "--set does not apply to connectors get"],
      [["cluster-id", "lkc-1"], "cluster-id takes no arguments"],
      [["query", "SELECT 1", "--no-wait"], "--no-wait does not apply to query"],
    ];
    for (const [argv, message] of cases) expect(await cli(argv, env), argv.join(" ")).toEqual(usage(message));
  });

  it("never echoes a --set value or a config file's content", async () => {
    expect(await cli(["connectors", "create", "c", "--set", KAFKA_SECRET], env)).toEqual(usage("--set needs key=value (a config key, '=', then its value)"));
    const files = { "bad.json": `{"kafka.api.secret": "${KAFKA_SECRET}",}`, "list.json": `["${KAFKA_SECRET}"]` };
    expect(await cli(["connectors", "create", "c", "--config", "bad.json"], env, files)).toEqual(usage("--config bad.json is not valid JSON", "CONFIG_FILE_INVALID"));
    expect(await cli(["connectors", "create", "c", "--config", "list.json"], env, files)).toEqual(usage("--config list.json must hold a JSON object of config keys and values", "CONFIG_FILE_INVALID"));
    expect(await cli(["connectors", "create", "c", "--config", "missing.json"], env, files)).toEqual(usage("cannot read --config missing.json (ENOENT)", "CONFIG_FILE_UNREADABLE"));
  });

  it("explains missing connection settings, with both ways to an emulator", async () => {
    const r = await cli(["tableflow", "get", "t"], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^confluent-sql: NO_CONNECTION_SETTINGS: no connection settings: set CONFLUENT_CLOUD_API_KEY and CONFLUENT_CLOUD_API_SECRET/);
    expect(r.stderr).toContain("Or add --emulator");
    expect(r.stderr).toContain("`confluent-sql emulator`");
  });

  it("documents the new commands and variables in --help", async () => {
    const help = await cli(["--help"]);
    expect(help).toEqual({ code: 0, stdout: USAGE, stderr: "" });
    for (const text of [
      "confluent-sql tableflow enable TABLE [--formats ICEBERG,DELTA]",
      "[--storage managed | --bucket NAME --provider-integration ID",
      "| --storage-account NAME --container NAME --provider-integration ID]",
      "[--retention-ms MS] [--data-retention-ms MS]",
      "[--error-mode suspend|skip|log] [--error-log-table NAME]",
      "confluent-sql connectors create NAME (--config FILE.json | --set KEY=VALUE ...)",
      "confluent-sql connectors get|pause|resume|delete NAME",
      "confluent-sql cluster-id",
      "--no-wait",
      "CONFLUENT_CLOUD_API_KEY",
      "CONFLUENT_TABLEFLOW_API_KEY",
      "CONFLUENT_CONNECT_API_KEY",
      "CONFLUENT_KAFKA_CLUSTER_ID",
      "CONFLUENT_CONTROL_PLANE_ENDPOINT",
    ]) {
      expect(USAGE).toContain(text);
    }
  });
});
