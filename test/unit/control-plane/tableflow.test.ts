import { describe, expect, it } from "vitest";
import { AbortError, IntegrityError, InterfaceError, OperationalError, ProgrammingError, ProtocolError, TimeoutError } from "../../../src/index.ts";
import { TableflowTopicAlreadyExistsError, TableflowTopicNotFoundError, type EnableTableflowOptions } from "../../../src/control-plane/index.ts";
import { ENV } from "../../support/fake-gateway.ts";
import { basic, clustersPage, cpCalls, GLOBAL, LKC, setup, topicJson } from "./fixtures.ts";

const TOPICS = "/tableflow/v1/tableflow-topics";
const TOPIC = `${TOPICS}/:table`;
const QUERY = `?environment=${ENV}&spec.kafka_cluster=${LKC}`;
const MANAGED: EnableTableflowOptions = { formats: ["ICEBERG"], storage: { kind: "Managed" } };

describe("enableTableflow", () => {
  it("resolves the cluster, POSTs the topic spec and waits until RUNNING", async () => {
    const { gw, cp } = setup();
    gw.on("GET", "/cmk/v2/clusters", clustersPage([[LKC, "cluster_0"]]));
    gw.on("POST", TOPICS, { status: 201, json: topicJson({ phase: "PENDING" }) });
    gw.on("GET", TOPIC, { json: topicJson({ phase: "PENDING" }) }, { json: topicJson({ phase: "RUNNING" }) });
    const topic = await cp.enableTableflow("orders", MANAGED);
    expect(cpCalls(gw.requests)).toEqual([`GET /cmk/v2/clusters?environment=${ENV}&page_size=100`, `POST ${TOPICS}`, `GET ${TOPICS}/orders${QUERY}`, `GET ${TOPICS}/orders${QUERY}`]);
    expect(gw.calls("POST", TOPICS)[0]!.body).toEqual({
      spec: { display_name: "orders", storage: { kind: "Managed" }, table_formats: ["ICEBERG"], environment: { id: ENV }, kafka_cluster: { id: LKC } },
    });
    expect(gw.calls("POST", TOPICS)[0]!.headers.get("authorization")).toBe(basic(GLOBAL));
    expect(gw.calls("POST", TOPICS)[0]!.headers.get("content-type")).toBe("application/json");
    expect(topic.phase).toBe("RUNNING");
    expect(topic.tableName).toBe("orders");
    expect(topic.spec).toEqual({
      displayName: "orders",
      tableFormats: ["ICEBERG"],
      storage: { kind: "Managed", tablePath: "s3://managed/orders" },
      environmentId: ENV,
      kafkaClusterId: LKC,
      suspended: false,
      config: { retention_ms: "604800000", enable_compaction: true, enable_partitioning: false },
    });
    expect(topic.status).toEqual({ phase: "RUNNING", writeMode: "UPSERT", errorMessage: undefined, failingTableFormats: [], catalogSyncStatuses: [] });
    expect((topic.raw as { kind: string }).kind).toBe("TableflowTopic");
  });

  it("sends the formats once each, ICEBERG first, and the storage and config in wire names", async () => {
    const { gw, cp } = setup({ cp: { kafkaClusterId: LKC } });
    gw.always("POST", TOPICS, { status: 201, json: topicJson({ phase: "RUNNING" }) });
    await cp.enableTableflow("orders", {
      formats: ["DELTA", "ICEBERG"],
      storage: { kind: "ByobAws", bucketName: "lake", providerIntegrationId: "cspi-1" },
      config: { retentionMs: 604_800_000, dataRetentionMs: "86400000", errorHandling: { mode: "LOG" } },
    });
    await cp.enableTableflow("orders", {
      formats: "DELTA",
      storage: { kind: "AzureDataLakeStorageGen2", storageAccountName: "acct", containerName: "c", providerIntegrationId: "cspi-2" },
      config: { errorHandling: { mode: "SKIP" } },
    });
    await cp.enableTableflow("orders", { ...MANAGED, config: {} });
    const specs = gw.calls("POST", TOPICS).map((r) => (r.body as { spec: Record<string, unknown> }).spec);
    expect(specs[0]!.table_formats).toEqual(["ICEBERG", "DELTA"]);
    expect(specs[0]!.storage).toEqual({ kind: "ByobAws", bucket_name: "lake", provider_integration_id: "cspi-1" });
    expect(specs[0]!.config).toEqual({ retention_ms: "604800000", data_retention_ms: "86400000", error_handling: { mode: "LOG", target: "error_log" } });
    expect(specs[1]!.table_formats).toEqual(["DELTA"]);
    expect(specs[1]!.storage).toEqual({ kind: "AzureDataLakeStorageGen2", storage_account_name: "acct", container_name: "c", provider_integration_id: "cspi-2" });
    expect(specs[1]!.config).toEqual({ error_handling: { mode: "SKIP" } });
    expect("config" in specs[2]!).toBe(false);
    // Already RUNNING in the POST answer: nothing to wait for.
    expect(gw.calls("GET", TOPIC)).toEqual([]);
  });

  it("checks formats, storage and config before any request", async () => {
    const { gw, cp } = setup();
    const cases: Array<[unknown, string]> = [
      [{ ...MANAGED, formats: [] }, "TABLEFLOW_FORMAT_INVALID"],
      [{ ...MANAGED, formats: ["ICEBERG", "ICEBERG"] }, "TABLEFLOW_FORMAT_INVALID"],
      [{ ...MANAGED, formats: ["PARQUET"] }, "TABLEFLOW_FORMAT_INVALID"],
      [{ ...MANAGED, formats: undefined }, "TABLEFLOW_FORMAT_INVALID"],
      [{ ...MANAGED, storage: { kind: "ByobAws", bucketName: "lake" } }, "TABLEFLOW_STORAGE_INVALID"],
      [{ ...MANAGED, storage: { kind: "Gcs" } }, "TABLEFLOW_STORAGE_INVALID"],
      [{ ...MANAGED, storage: undefined }, "TABLEFLOW_STORAGE_INVALID"],
      [{ ...MANAGED, config: { retentionMs: -1 } }, "TABLEFLOW_CONFIG_INVALID"],
      [{ ...MANAGED, config: { retentionMs: 1.5 } }, "TABLEFLOW_CONFIG_INVALID"],
      [{ ...MANAGED, config: { errorHandling: { mode: "IGNORE" } } }, "TABLEFLOW_CONFIG_INVALID"],
      [{ ...MANAGED, config: { errorHandling: { mode: "LOG", target: "" } } }, "TABLEFLOW_CONFIG_INVALID"],
      [undefined, "TABLEFLOW_OPTIONS_INVALID"],
    ];
    for (const [options, code] of cases) {
      const e = (await cp.enableTableflow("orders", options as EnableTableflowOptions).catch((x: unknown) => x)) as InterfaceError;
      expect(e, JSON.stringify(options)).toBeInstanceOf(InterfaceError);
      expect(e.code, JSON.stringify(options)).toBe(code);
    }
    await expect(cp.enableTableflow("", MANAGED)).rejects.toMatchObject({ code: "TABLE_NAME_INVALID" });
    expect(gw.requests).toEqual([]);
  });

  it("maps 409 to TableflowTopicAlreadyExistsError", async () => {
    const { gw, cp } = setup({ cp: { kafkaClusterId: LKC } });
    gw.on("POST", TOPICS, { status: 409, json: { errors: [{ detail: "Tableflow topic already exists" }] } });
    const e = (await cp.enableTableflow("orders", MANAGED).catch((x: unknown) => x)) as TableflowTopicAlreadyExistsError;
    expect(e).toBeInstanceOf(TableflowTopicAlreadyExistsError);
    expect(e).toBeInstanceOf(IntegrityError);
    expect([e.code, e.status, e.tableName, e.detail]).toEqual(["TABLEFLOW_TOPIC_EXISTS", 409, "orders", "Tableflow topic already exists"]);
    expect(e.toJSON()).toMatchObject({ name: "TableflowTopicAlreadyExistsError", tableName: "orders" });
  });

  it("fails with TABLEFLOW_FAILED carrying the server's messages when the topic FAILED", async () => {
    const { gw, cp } = setup({ cp: { kafkaClusterId: LKC } });
    gw.on("POST", TOPICS, { status: 201, json: topicJson() });
    gw.on("GET", TOPIC, {
      json: topicJson({
        phase: "FAILED",
        status: { error_message: "cannot write", failing_table_formats: [{ format: "DELTA", error_message: "no access to bucket" }] },
      }),
    });
    const e = (await cp.enableTableflow("orders", MANAGED).catch((x: unknown) => x)) as OperationalError;
    expect(e).toBeInstanceOf(OperationalError);
    expect([e.code, e.phase, e.detail]).toEqual(["TABLEFLOW_FAILED", "FAILED", "cannot write; DELTA: no access to bucket"]);
  });

  it("times out naming the last phase, and honours the caller's signal", async () => {
    const { gw, cp } = setup({ cp: { kafkaClusterId: LKC } });
    gw.always("POST", TOPICS, { status: 201, json: topicJson() });
    gw.always("GET", TOPIC, { json: topicJson({ phase: "PENDING" }) });
    const e = (await cp.enableTableflow("orders", { ...MANAGED, timeoutMs: 30 }).catch((x: unknown) => x)) as TimeoutError;
    expect(e).toBeInstanceOf(TimeoutError);
    expect(e.code).toBe("TIMEOUT");
    expect(e.message).toContain("Enabling Tableflow for 'orders' timed out after 30 ms (last seen: phase PENDING)");
    const ac = new AbortController();
    const pending = cp.enableTableflow("orders", { ...MANAGED, signal: ac.signal }).catch((x: unknown) => x);
    setTimeout(() => ac.abort(), 10);
    expect(await pending).toBeInstanceOf(AbortError);
  });

  it("returns the POST answer without waiting when wait is false", async () => {
    const { gw, cp } = setup({ cp: { kafkaClusterId: LKC } });
    gw.on("POST", TOPICS, { status: 201, json: topicJson({ phase: "PENDING" }) });
    expect((await cp.enableTableflow("orders", { ...MANAGED, wait: false })).phase).toBe("PENDING");
    expect(gw.calls("GET", TOPIC)).toEqual([]);
  });
});

describe("getTableflow", () => {
  it("reads the topic by URL-encoded name with the environment and cluster as query", async () => {
    const { gw, cp } = setup({ cp: { kafkaClusterId: LKC } });
    gw.on("GET", TOPIC, { json: topicJson({ table: "a/b c", phase: "RUNNING" }) });
    expect((await cp.getTableflow("a/b c")).tableName).toBe("a/b c");
    expect(cpCalls(gw.requests)).toEqual([`GET ${TOPICS}/a%2Fb%20c${QUERY}`]);
  });

  it("passes unknown phases, formats and storage kinds through, and defaults a missing status", async () => {
    const { gw, cp } = setup({ cp: { kafkaClusterId: LKC } });
    const body = topicJson({ phase: "SUSPENDED", formats: ["ICEBERG", "HUDI"], storage: { kind: "Gcs", bucket_name: "g" } });
    gw.on("GET", TOPIC, { json: body }, { json: { ...body, status: null } });
    const t = await cp.getTableflow("orders");
    expect([t.phase, t.spec.tableFormats, t.spec.storage]).toEqual(["SUSPENDED", ["ICEBERG", "HUDI"], { kind: "Gcs", bucketName: "g" }]);
    expect((await cp.getTableflow("orders")).phase).toBe("UNKNOWN");
  });

  it("maps 404 to TableflowTopicNotFoundError and a malformed body to ProtocolError", async () => {
    const { gw, cp } = setup({ cp: { kafkaClusterId: LKC } });
    gw.on("GET", TOPIC, { status: 404, json: { errors: [{ detail: "not found" }] } }, { json: { spec: { storage: { kind: "Managed" } } } });
    const e = (await cp.getTableflow("orders").catch((x: unknown) => x)) as TableflowTopicNotFoundError;
    expect(e).toBeInstanceOf(TableflowTopicNotFoundError);
    expect(e).toBeInstanceOf(ProgrammingError);
    expect([e.code, e.status, e.tableName]).toEqual(["TABLEFLOW_TOPIC_NOT_FOUND", 404, "orders"]);
    await expect(cp.getTableflow("orders")).rejects.toSatisfy((x: unknown) => x instanceof ProtocolError && x.path === "spec.display_name");
  });
});

describe("disableTableflow", () => {
  it("DELETEs the topic and waits until reading it answers 404", async () => {
    const { gw, cp } = setup({ cp: { kafkaClusterId: LKC } });
    gw.on("DELETE", TOPIC, { status: 204 });
    gw.on("GET", TOPIC, { json: topicJson({ phase: "RUNNING" }) }, { status: 404, json: { errors: [{ detail: "gone" }] } });
    await expect(cp.disableTableflow("orders")).resolves.toBeUndefined();
    expect(cpCalls(gw.requests)).toEqual([`DELETE ${TOPICS}/orders${QUERY}`, `GET ${TOPICS}/orders${QUERY}`, `GET ${TOPICS}/orders${QUERY}`]);
  });

  it("maps a 404 on DELETE to TableflowTopicNotFoundError, and does not wait with wait: false", async () => {
    const { gw, cp } = setup({ cp: { kafkaClusterId: LKC } });
    gw.on("DELETE", TOPIC, { status: 404, json: { errors: [{ detail: "no such topic" }] } }, { status: 204 });
    await expect(cp.disableTableflow("orders")).rejects.toMatchObject({ code: "TABLEFLOW_TOPIC_NOT_FOUND", detail: "no such topic" });
    await cp.disableTableflow("orders", { wait: false });
    expect(gw.calls("GET", TOPIC)).toEqual([]);
  });

  it("does not retry the DELETE on a 5xx", async () => {
    const { gw, cp } = setup({ cp: { kafkaClusterId: LKC } });
    gw.on("DELETE", TOPIC, { status: 503, json: { errors: [{ detail: "busy" }] } });
    await expect(cp.disableTableflow("orders")).rejects.toMatchObject({ code: "SERVER_ERROR", status: 503 });
    expect(gw.calls("DELETE", TOPIC).length).toBe(1);
  });
});
