/**
 * Tableflow topics (tableflow/v1): enable (202, PENDING, RUNNING after pendingMs on the
 * emulator's clock), read, list, disable (204, gone after deletingMs); body validation (400
 * with a pointer), unknown environment / cluster / topic (404), already enabled (409); the
 * storage echo with its read-only fields and the config defaults; write_mode from the table;
 * the FAILED path (a BYOB bucket name S3 would refuse).
 */
import { afterEach, describe, expect, it } from "vitest";
import type { Engine } from "../../src/emulator/index.ts";
import { controlPlane, TIMING, type ControlPlaneHarness } from "./support/control-plane.ts";

let h: ControlPlaneHarness;
afterEach(async () => {
  await h?.emu.close();
});

const ORG = "b0b21724-4586-4a07-b787-d0bb5aacbf87";
const TOPICS = "/tableflow/v1/tableflow-topics";
const SCOPE = "environment=env-emu001&spec.kafka_cluster=lkc-emu001";

function enableBody(spec: Record<string, unknown> = {}): { spec: Record<string, unknown> } {
  return {
    spec: {
      display_name: "orders",
      storage: { kind: "Managed" },
      table_formats: ["ICEBERG"],
      environment: { id: "env-emu001" },
      kafka_cluster: { id: "lkc-emu001" },
      ...spec,
    },
  };
}

async function withOrders(): Promise<ControlPlaneHarness> {
  const x = controlPlane();
  await x.sql("CREATE TABLE orders (order_id INT, amount DOUBLE)");
  return x;
}

describe("tableflow/v1 enable and read", () => {
  it("enables with 202 and the full topic in PENDING, then RUNNING once pendingMs has passed", async () => {
    h = await withOrders();
    const created = await h.call("POST", TOPICS, enableBody());
    expect(created.status).toBe(202);
    expect(created.headers.get("location")).toBe(`http://emulator.local${TOPICS}/orders?${SCOPE}`);
    const tablePath: string = created.body.spec.storage.table_path;
    expect(tablePath).toMatch(new RegExp(`^s3://confluent-tableflow-us-east-1/${ORG}/env-emu001/lkc-emu001/v1/[0-9a-f-]{36}$`));
    const createdAt = created.body.metadata.created_at;
    expect(createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(created.body).toEqual({
      api_version: "tableflow/v1",
      kind: "TableflowTopic",
      metadata: {
        self: `http://emulator.local${TOPICS}/orders?${SCOPE}`,
        resource_name: `crn://confluent.cloud/organization=${ORG}/environment=env-emu001/cloud-cluster=lkc-emu001/tableflow-topic=orders`,
        created_at: createdAt,
        updated_at: createdAt,
      },
      spec: {
        display_name: "orders",
        suspended: false,
        config: {
          enable_compaction: true,
          enable_partitioning: false,
          retention_ms: "604800000",
          record_failure_strategy: "SUSPEND",
          error_handling: { mode: "SUSPEND" },
        },
        storage: { kind: "Managed", table_path: tablePath },
        table_formats: ["ICEBERG"],
        environment: {
          id: "env-emu001",
          related: "http://emulator.local/org/v2/environments/env-emu001",
          resource_name: `crn://confluent.cloud/organization=${ORG}/environment=env-emu001`,
        },
        kafka_cluster: {
          id: "lkc-emu001",
          environment: "env-emu001",
          related: "http://emulator.local/cmk/v2/clusters/lkc-emu001",
          resource_name: `crn://confluent.cloud/organization=${ORG}/environment=env-emu001/cloud-cluster=lkc-emu001`,
        },
      },
      status: { phase: "PENDING", error_message: "", failing_table_formats: [], write_mode: "APPEND", catalog_sync_statuses: [] },
    });

    const pending = await h.call("GET", `${TOPICS}/orders?${SCOPE}`);
    expect(pending.status).toBe(200);
    expect(pending.body).toEqual(created.body);
    h.clock.advance(TIMING.pendingMs - 1);
    expect((await h.call("GET", `${TOPICS}/orders?${SCOPE}`)).body.status.phase).toBe("PENDING");
    h.clock.advance(1);
    const running = await h.call("GET", `${TOPICS}/orders?${SCOPE}`);
    expect(running.body.status.phase).toBe("RUNNING");
    expect(Date.parse(running.body.metadata.updated_at) - Date.parse(createdAt)).toBe(TIMING.pendingMs);
    expect(running.body.spec).toEqual(created.body.spec);
  });

  it("answers 409 with a Location when the topic already has Tableflow, and changes nothing", async () => {
    h = await withOrders();
    expect((await h.call("POST", TOPICS, enableBody())).status).toBe(202);
    const again = await h.call("POST", TOPICS, enableBody({ table_formats: ["DELTA"] }));
    expect(again.status).toBe(409);
    expect(again.headers.get("location")).toBe(`http://emulator.local${TOPICS}/orders?${SCOPE}`);
    expect(again.body.errors[0]).toMatchObject({
      status: "409",
      detail: "Tableflow is already enabled for topic 'orders' in Kafka cluster 'lkc-emu001'",
      source: { pointer: "/spec/display_name" },
    });
    expect((await h.call("GET", `${TOPICS}/orders?${SCOPE}`)).body.spec.table_formats).toEqual(["ICEBERG"]);
  });

  it("answers 404 for a topic without a table, a view, an unknown cluster and an unknown environment", async () => {
    h = await withOrders();
    await h.sql("CREATE VIEW big_orders AS SELECT * FROM orders WHERE amount > 100");
    const noTable = await h.call("POST", TOPICS, enableBody({ display_name: "nothing_here" }));
    expect(noTable.status).toBe(404);
    expect(noTable.body.errors[0]).toMatchObject({
      status: "404",
      detail: "Topic 'nothing_here' not found in Kafka cluster 'lkc-emu001' (database 'cluster_0')",
      source: { pointer: "/spec/display_name" },
    });
    expect((await h.call("POST", TOPICS, enableBody({ display_name: "big_orders" }))).status).toBe(404);
    const cluster = await h.call("POST", TOPICS, enableBody({ kafka_cluster: { id: "lkc-nope" } }));
    expect(cluster.status).toBe(404);
    expect(cluster.body.errors[0].detail).toBe("Kafka cluster 'lkc-nope' not found in environment 'env-emu001'");
    const env = await h.call("POST", TOPICS, enableBody({ environment: { id: "env-nope" } }));
    expect(env.status).toBe(404);
    expect(env.body.errors[0].detail).toBe(`Environment 'env-nope' not found in organization '${ORG}'`);
    // Reads: an unknown topic, and an unknown cluster or environment in the query.
    const read = await h.call("GET", `${TOPICS}/orders?${SCOPE}`);
    expect(read.status).toBe(404);
    expect(read.body.errors[0].detail).toBe("Tableflow topic 'orders' not found in Kafka cluster 'lkc-emu001'");
    expect((await h.call("GET", `${TOPICS}/orders?environment=env-emu001&spec.kafka_cluster=lkc-nope`)).status).toBe(404);
    expect((await h.call("DELETE", `${TOPICS}/orders?environment=env-nope&spec.kafka_cluster=lkc-emu001`)).status).toBe(404);
  });

  it("GET and DELETE need both scope parameters (400 naming the parameter)", async () => {
    h = await withOrders();
    const noEnv = await h.call("GET", `${TOPICS}/orders?spec.kafka_cluster=lkc-emu001`);
    expect(noEnv.status).toBe(400);
    expect(noEnv.body.errors[0]).toMatchObject({ detail: "Query parameter 'environment' is required", source: { parameter: "environment" } });
    const noCluster = await h.call("DELETE", `${TOPICS}/orders?environment=env-emu001`);
    expect(noCluster.status).toBe(400);
    expect(noCluster.body.errors[0]).toMatchObject({ detail: "Query parameter 'spec.kafka_cluster' is required", source: { parameter: "spec.kafka_cluster" } });
    const put = await h.call("PUT", `${TOPICS}/orders?${SCOPE}`, {});
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("GET, PATCH, DELETE");
  });
});

describe("tableflow/v1 validation", () => {
  const cases: Array<[string, Record<string, unknown>, string, string]> = [
    ["an unknown storage kind", { storage: { kind: "Gcs" } }, 'spec.storage.kind "Gcs" is not supported: use one of Managed, ByobAws, AzureDataLakeStorageGen2', "/spec/storage/kind"],
    ["a storage without kind", { storage: {} }, "spec.storage.kind null is not supported: use one of Managed, ByobAws, AzureDataLakeStorageGen2", "/spec/storage/kind"],
    ["no storage", { storage: undefined }, "spec.storage is required (an object with a kind)", "/spec/storage"],
    ["ByobAws without a bucket", { storage: { kind: "ByobAws", provider_integration_id: "cspi-1" } }, "spec.storage.bucket_name is required and must be a non-empty string", "/spec/storage/bucket_name"],
    [
      "Azure without a container",
      { storage: { kind: "AzureDataLakeStorageGen2", storage_account_name: "acct", provider_integration_id: "cspi-1" } },
      "spec.storage.container_name is required and must be a non-empty string",
      "/spec/storage/container_name",
    ],
    ["an unknown table format", { table_formats: ["ICEBERG", "HUDI"] }, 'spec.table_formats[1] "HUDI" is not a table format: use ICEBERG or DELTA', "/spec/table_formats/1"],
    ["a lower-case table format", { table_formats: ["iceberg"] }, 'spec.table_formats[0] "iceberg" is not a table format: use ICEBERG or DELTA', "/spec/table_formats/0"],
    ["a duplicate table format", { table_formats: ["DELTA", "DELTA"] }, "spec.table_formats lists DELTA twice", "/spec/table_formats/1"],
    ["no table formats", { table_formats: [] }, "spec.table_formats must be a non-empty array of ICEBERG and/or DELTA", "/spec/table_formats"],
    ["a non-array table_formats", { table_formats: "ICEBERG" }, "spec.table_formats must be a non-empty array of ICEBERG and/or DELTA", "/spec/table_formats"],
    ["no display_name", { display_name: "" }, "spec.display_name is required and must be a non-empty string", "/spec/display_name"],
    ["no environment", { environment: undefined }, "spec.environment is required (an object with an id)", "/spec/environment"],
    ["no kafka_cluster id", { kafka_cluster: {} }, "spec.kafka_cluster.id is required and must be a non-empty string", "/spec/kafka_cluster/id"],
    ["a retention below 24 hours", { config: { retention_ms: "3600000" } }, "spec.config.retention_ms must be at least 86400000 (24 hours), got 3600000", "/spec/config/retention_ms"],
    ["a non-numeric retention", { config: { retention_ms: "7d" } }, 'spec.config.retention_ms must be a whole number of milliseconds (a string), got "7d"', "/spec/config/retention_ms"],
    ["an unknown error mode", { config: { error_handling: { mode: "RETRY" } } }, 'spec.config.error_handling.mode "RETRY" is not valid: use SUSPEND, SKIP or LOG', "/spec/config/error_handling/mode"],
    ["a LOG mode without legacy support", { config: { record_failure_strategy: "LOG" } }, 'spec.config.record_failure_strategy "LOG" is not valid: use SUSPEND or SKIP', "/spec/config/record_failure_strategy"],
    ["suspended: true", { suspended: true }, "spec.suspended can only be false: suspending Tableflow on demand is not supported", "/spec/suspended"],
  ];

  it.each(cases)("answers 400 for %s, with a pointer, and creates nothing", async (_what, spec, detail, pointer) => {
    h = await withOrders();
    const r = await h.call("POST", TOPICS, enableBody(spec));
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ errors: [{ id: r.headers.get("x-request-id"), status: "400", detail, source: { pointer } }] });
    expect((await h.call("GET", `${TOPICS}/orders?${SCOPE}`)).status).toBe(404);
  });

  it("answers 400 for a body that is not a topic", async () => {
    h = await withOrders();
    expect((await h.call("POST", TOPICS, [])).body.errors[0].detail).toBe("The request body must be a JSON object (a TableflowTopic)");
    expect((await h.call("POST", TOPICS, {})).body.errors[0]).toMatchObject({ detail: "spec is required", source: { pointer: "/spec" } });
    expect((await h.call("POST", TOPICS, "{nope")).body.errors[0].detail).toBe("The request body is not valid JSON");
  });
});

describe("tableflow/v1 storage, config and write mode", () => {
  it("echoes BYOB AWS and Azure storage with their read-only region and table path", async () => {
    h = await withOrders();
    await h.sql("CREATE TABLE payments (id INT)");
    const aws = await h.call("POST", TOPICS, enableBody({ storage: { kind: "ByobAws", bucket_name: "my-bucket", provider_integration_id: "cspi-123" } }));
    expect(aws.status).toBe(202);
    expect(aws.body.spec.storage).toEqual({
      kind: "ByobAws",
      bucket_name: "my-bucket",
      provider_integration_id: "cspi-123",
      bucket_region: "us-east-1",
      table_path: expect.stringMatching(new RegExp(`^s3://my-bucket/${ORG}/env-emu001/lkc-emu001/v1/[0-9a-f-]{36}$`)),
    });
    const azure = await h.call("POST", TOPICS, enableBody({
      display_name: "payments",
      storage: { kind: "AzureDataLakeStorageGen2", storage_account_name: "acct", container_name: "lake", provider_integration_id: "cspi-9", table_path: "ignored" },
    }));
    expect(azure.status).toBe(202);
    expect(azure.body.spec.storage).toEqual({
      kind: "AzureDataLakeStorageGen2",
      storage_account_name: "acct",
      container_name: "lake",
      provider_integration_id: "cspi-9",
      storage_region: "eastus",
      table_path: expect.stringMatching(new RegExp(`^abfss://lake@acct\\.dfs\\.core\\.windows\\.net/${ORG}/env-emu001/lkc-emu001/v1/[0-9a-f-]{36}$`)),
    });
  });

  it("orders formats ICEBERG then DELTA, keeps retention as strings and defaults the LOG target", async () => {
    h = await withOrders();
    const r = await h.call("POST", TOPICS, enableBody({
      table_formats: ["DELTA", "ICEBERG"],
      config: { retention_ms: 172800000, data_retention_ms: "2592000000", error_handling: { mode: "LOG" } },
    }));
    expect(r.status).toBe(202);
    expect(r.body.spec.table_formats).toEqual(["ICEBERG", "DELTA"]);
    expect(r.body.spec.config).toEqual({
      enable_compaction: true,
      enable_partitioning: false,
      retention_ms: "172800000",
      data_retention_ms: "2592000000",
      error_handling: { mode: "LOG", target: "error_log" },
    });
  });

  it("reports UPSERT for a table with a primary key and APPEND for one without", async () => {
    h = await withOrders();
    await h.sql("CREATE TABLE customers (id INT, name STRING, PRIMARY KEY (id) NOT ENFORCED)");
    expect((await h.call("POST", TOPICS, enableBody({ display_name: "customers" }))).body.status.write_mode).toBe("UPSERT");
    expect((await h.call("POST", TOPICS, enableBody())).body.status.write_mode).toBe("APPEND");
  });

  it("with an engine that cannot describe topics, every topic exists", async () => {
    const bare: Engine = {
      compile() {
        throw new Error("not used");
      },
    };
    h = controlPlane({ engine: () => bare });
    const r = await h.call("POST", TOPICS, enableBody({ display_name: "anything" }));
    expect(r.status).toBe(202);
    expect(r.body.status.write_mode).toBe("APPEND");
  });
});

describe("tableflow/v1 failure", () => {
  it("a BYOB bucket whose name breaks the S3 rules goes FAILED after pendingMs, each format failing", async () => {
    h = await withOrders();
    const r = await h.call("POST", TOPICS, enableBody({
      table_formats: ["ICEBERG", "DELTA"],
      storage: { kind: "ByobAws", bucket_name: "My_Bucket", provider_integration_id: "cspi-1" },
    }));
    expect(r.status).toBe(202);
    expect(r.body.status.phase).toBe("PENDING");
    h.clock.advance(TIMING.pendingMs);
    const failed = await h.call("GET", `${TOPICS}/orders?${SCOPE}`);
    const message = "Could not write to bucket 'My_Bucket': it is not a valid S3 bucket name";
    expect(failed.body.status).toEqual({
      phase: "FAILED",
      error_message: message,
      failing_table_formats: [
        { format: "ICEBERG", error_message: message },
        { format: "DELTA", error_message: message },
      ],
      write_mode: "APPEND",
      catalog_sync_statuses: [],
    });
  });

  it("a valid bucket name runs; consecutive dots are not valid", async () => {
    h = await withOrders();
    await h.sql("CREATE TABLE payments (id INT)");
    for (const [topic, bucket, phase] of [
      ["orders", "my.bucket-2", "RUNNING"],
      ["payments", "a..b", "FAILED"],
    ] as const) {
      await h.call("POST", TOPICS, enableBody({ display_name: topic, storage: { kind: "ByobAws", bucket_name: bucket, provider_integration_id: "cspi-1" } }));
      h.clock.advance(TIMING.pendingMs);
      expect((await h.call("GET", `${TOPICS}/${topic}?${SCOPE}`)).body.status.phase, bucket).toBe(phase);
    }
  });
});

describe("tableflow/v1 list and disable", () => {
  it("lists the cluster's topics in creation order, paged", async () => {
    h = await withOrders();
    await h.sql("CREATE TABLE payments (id INT)");
    await h.call("POST", TOPICS, enableBody({ display_name: "payments" }));
    await h.call("POST", TOPICS, enableBody());
    const first = await h.call("GET", `${TOPICS}?${SCOPE}&page_size=1`);
    expect(first.status).toBe(200);
    expect(first.body.kind).toBe("TableflowTopicList");
    expect(first.body.data.map((t: any) => t.spec.display_name)).toEqual(["payments"]);
    const second = await h.call("GET", first.body.metadata.next);
    expect(second.body.data.map((t: any) => t.spec.display_name)).toEqual(["orders"]);
    expect(second.body.metadata.next).toBeUndefined();
  });

  it("disables with 204; the topic reads until deletingMs has passed, then 404; it can be enabled again", async () => {
    h = await withOrders();
    await h.call("POST", TOPICS, enableBody());
    h.clock.advance(TIMING.pendingMs);
    const del = await h.call("DELETE", `${TOPICS}/orders?${SCOPE}`);
    expect(del.status).toBe(204);
    expect(del.text).toBe("");
    expect((await h.call("GET", `${TOPICS}/orders?${SCOPE}`)).body.status.phase).toBe("RUNNING");
    // A second delete while it goes away is accepted too, and does not restart the delay.
    expect((await h.call("DELETE", `${TOPICS}/orders?${SCOPE}`)).status).toBe(204);
    expect((await h.call("POST", TOPICS, enableBody())).status).toBe(409);
    h.clock.advance(TIMING.deletingMs);
    expect((await h.call("GET", `${TOPICS}/orders?${SCOPE}`)).status).toBe(404);
    expect((await h.call("DELETE", `${TOPICS}/orders?${SCOPE}`)).status).toBe(404);
    const again = await h.call("POST", TOPICS, enableBody());
    expect(again.status).toBe(202);
    expect(again.body.status.phase).toBe("PENDING");
  });

  it("a delete before RUNNING cancels the pending transition", async () => {
    h = await withOrders();
    await h.call("POST", TOPICS, enableBody());
    await h.call("DELETE", `${TOPICS}/orders?${SCOPE}`);
    h.clock.advance(TIMING.deletingMs);
    expect((await h.call("GET", `${TOPICS}/orders?${SCOPE}`)).status).toBe(404);
    expect(h.clock.pending).toBe(0);
  });

  it("in instant mode the next request already sees RUNNING, and a delete is gone by the next request", async () => {
    h = controlPlane({ clock: "instant", timing: undefined });
    await h.sql("CREATE TABLE orders (id INT)");
    const r = await h.call("POST", TOPICS, enableBody());
    expect(r.body.status.phase).toBe("PENDING");
    expect((await h.call("GET", `${TOPICS}/orders?${SCOPE}`)).body.status.phase).toBe("RUNNING");
    await h.call("DELETE", `${TOPICS}/orders?${SCOPE}`);
    expect((await h.call("GET", `${TOPICS}/orders?${SCOPE}`)).status).toBe(404);
  });
});
