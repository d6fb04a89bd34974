/**
 * `confluent-sql/control-plane` end to end against the emulator's control-plane routes: the
 * client's request shapes and the emulator's answers must meet (the unit tests pin each side
 * against a fake). In process, and once over real HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmulator, type Emulator } from "../../src/emulator/index.ts";
import { connect, OperationalError, ProgrammingError, type Connection } from "../../src/index.ts";
import {
  controlPlane,
  ConnectorAlreadyExistsError,
  ConnectorNotFoundError,
  TableflowTopicAlreadyExistsError,
  TableflowTopicNotFoundError,
  type ControlPlane,
} from "../../src/control-plane/index.ts";

const fastPoll = { initialMs: 1, maxMs: 5 };

let emu: Emulator;
let conn: Connection;
let cp: ControlPlane;

beforeAll(async () => {
  emu = createEmulator({ clock: "instant" });
  conn = connect({ ...emu.connectOptions, fetch: emu.fetch });
  cp = controlPlane(conn, { ...emu.controlPlaneOptions, poll: fastPoll });
  await conn.executeSnapshotDdl("CREATE TABLE orders_tf (id INT, amount DOUBLE)");
  await conn.executeSnapshotDdl("CREATE TABLE keyed_tf (id INT NOT NULL, amount DOUBLE, PRIMARY KEY (id) NOT ENFORCED)");
  await conn.executeSnapshotDdl("CREATE TABLE bucket_tf (id INT)");
});

afterAll(async () => {
  await conn.close();
  await emu.close();
});

describe("Tableflow against the emulator", () => {
  it("enables, reads, refuses a second enable, disables, and then reports not found", async () => {
    const topic = await cp.enableTableflow("orders_tf", { formats: ["DELTA", "ICEBERG"], storage: { kind: "Managed" } });
    expect(topic.phase).toBe("RUNNING");
    expect(topic.tableName).toBe("orders_tf");
    expect(topic.spec.tableFormats).toEqual(["ICEBERG", "DELTA"]);
    expect(topic.spec.kafkaClusterId).toBe("lkc-emu001");
    expect(topic.spec.environmentId).toBe(emu.environmentId);
    expect(topic.spec.storage?.kind).toBe("Managed");
    expect(topic.status.writeMode).toBe("APPEND");

    const read = await cp.getTableflow("orders_tf");
    expect(read.phase).toBe("RUNNING");

    const again = await cp.enableTableflow("orders_tf", { formats: ["ICEBERG"], storage: { kind: "Managed" } }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(TableflowTopicAlreadyExistsError);
    expect((again as TableflowTopicAlreadyExistsError).code).toBe("TABLEFLOW_TOPIC_EXISTS");

    await cp.disableTableflow("orders_tf");
    const gone = await cp.getTableflow("orders_tf").catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(TableflowTopicNotFoundError);
    expect((gone as TableflowTopicNotFoundError).tableName).toBe("orders_tf");
  });

  it("reports UPSERT for a keyed table and not found for a table that does not exist", async () => {
    const keyed = await cp.enableTableflow("keyed_tf", { formats: ["ICEBERG"], storage: { kind: "Managed" } });
    expect(keyed.status.writeMode).toBe("UPSERT");
    const missing = await cp.enableTableflow("no_such_table", { formats: ["ICEBERG"], storage: { kind: "Managed" } }).catch((e: unknown) => e);
    // Not TableflowTopicNotFoundError ("Tableflow is not enabled"): the topic itself is missing.
    expect(missing).toBeInstanceOf(ProgrammingError);
    expect((missing as ProgrammingError).code).toBe("NOT_FOUND");
    expect((missing as ProgrammingError).status).toBe(404);
    expect((missing as ProgrammingError).message).toContain("Topic 'no_such_table' not found");
  });

  it("ends the wait with TABLEFLOW_FAILED and the server's message when the bucket is unusable", async () => {
    const failed = await cp
      .enableTableflow("bucket_tf", { formats: ["ICEBERG"], storage: { kind: "ByobAws", bucketName: "My_Bucket", providerIntegrationId: "cspi-1" } })
      .catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(OperationalError);
    expect((failed as OperationalError).code).toBe("TABLEFLOW_FAILED");
    expect((failed as OperationalError).message).toContain("not a valid S3 bucket name");
  });
});

describe("connectors against the emulator", () => {
  const config = {
    "connector.class": "DatagenSource",
    "kafka.api.key": "KAFKAKEY",
    "kafka.api.secret": "very-secret-value",
    "kafka.topic": "orders",
    quickstart: "ORDERS",
    "tasks.max": 2,
  };

  it("creates (waiting for RUNNING), masks secrets, pauses, resumes and deletes", async () => {
    const created = await cp.createConnector("orders-gen", config);
    expect(created.state).toBe("RUNNING");
    expect(created.spec.connectorClass).toBe("DatagenSource");
    expect(created.spec.type).toBe("source");
    expect(created.spec.config["kafka.api.secret"]).toBe("****");
    expect(created.spec.config["tasks.max"]).toBe("2");
    expect(created.status.tasks.map((t) => [t.id, t.state])).toEqual([
      [0, "RUNNING"],
      [1, "RUNNING"],
    ]);
    expect(JSON.stringify(created)).not.toContain("very-secret-value");
    expect(config["kafka.api.secret"]).toBe("very-secret-value"); // the caller's object is untouched

    const dup = await cp.createConnector("orders-gen", config).catch((e: unknown) => e);
    expect(dup).toBeInstanceOf(ConnectorAlreadyExistsError);

    expect((await cp.pauseConnector("orders-gen")).state).toBe("PAUSED");
    expect((await cp.getConnector("orders-gen")).state).toBe("PAUSED");
    expect((await cp.resumeConnector("orders-gen")).state).toBe("RUNNING");

    await cp.deleteConnector("orders-gen");
    const gone = await cp.getConnector("orders-gen").catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(ConnectorNotFoundError);
    expect((gone as ConnectorNotFoundError).connectorName).toBe("orders-gen");
  });

  it("ends the wait with CONNECTOR_FAILED and the trace for an invalid tasks.max", async () => {
    const failed = await cp.createConnector("bad-tasks", { ...config, "tasks.max": 0 }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(OperationalError);
    expect((failed as OperationalError).code).toBe("CONNECTOR_FAILED");
    // The trace's first line only says "There were some errors"; the message carries the next ones too.
    expect((failed as OperationalError).message).toBe(
      "Connector 'bad-tasks' is FAILED: There were some errors with your configuration: tasks.max: Invalid value 0 for configuration tasks.max: must be a positive integer",
    );
    expect((failed as OperationalError).detail).toContain("\ntasks.max: Invalid value 0");
  });
});

describe("cluster lookup against the emulator", () => {
  it("resolves the connection's database through /cmk/v2/clusters with a global key, over HTTP", async () => {
    const server = await emu.listen();
    const key = emu.connectOptions.flinkApiKey;
    const secret = emu.connectOptions.flinkApiSecret;
    const { flinkApiKey: _k, flinkApiSecret: _s, ...rest } = server.connectOptions;
    const global = connect({ ...rest, globalApiKey: key, globalApiSecret: secret });
    try {
      expect(await controlPlane(global).resolveKafkaClusterId()).toBe("lkc-emu001");
      const unknownDb = connect({ ...rest, globalApiKey: key, globalApiSecret: secret, database: "no_such_db" });
      const err = await controlPlane(unknownDb).resolveKafkaClusterId().catch((e: unknown) => e);
      expect((err as OperationalError).code).toBe("KAFKA_CLUSTER_NOT_FOUND");
      await unknownDb.close();
    } finally {
      await global.close();
      await server.close();
    }
  });
});
