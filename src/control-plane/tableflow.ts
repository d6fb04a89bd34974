/**
 * Tableflow: materialise a table's Kafka topic as Iceberg and/or Delta tables
 * (`/tableflow/v1/tableflow-topics`, python-driver.md sections 2.17 and 4.8).
 *
 * Inputs are validated before any request (InterfaceError TABLEFLOW_*_INVALID); the cluster id
 * is resolved next; 404 and 409 become the entry's coded classes. Waits poll the topic: enable
 * until RUNNING (FAILED is an OperationalError with the server's messages), disable until it
 * is gone (404). Unknown phases, formats and storage kinds in responses pass through.
 *
 * Beyond the Python driver, as Confluent's Tableflow API v1 documents them: an update
 * (`PATCH …/{name}`, formats, config, resume) and the list of the cluster's topics (all pages,
 * bounded, a repeated page token a ProtocolError, like the cluster lookup).
 */
import { InterfaceError, OperationalError } from "../errors.ts";
import { validate } from "../client/schemas.ts";
import { TableflowTopicAlreadyExistsError, TableflowTopicNotFoundError } from "./errors.ts";
import type { CallOptions } from "../client/signals.ts";
import { readAllPages } from "./paging.ts";
import type { EnableTableflowOptions, UpdateTableflowOptions, TableFormat, TableflowStorage, TableflowStorageInfo, TableflowTopic, TableflowTopicConfig, WaitOptions } from "./models.ts";
import type { Plane } from "./plane.ts";
import { TableflowTopicListStruct, TableflowTopicStruct, type StorageJson, type TableflowTopicJson } from "./schemas.ts";
import { bodyContext, pollUntil, responseContext, segment, withCall } from "./wait.ts";

const FORMATS: readonly TableFormat[] = ["ICEBERG", "DELTA"];
const ERROR_MODES = ["SUSPEND", "SKIP", "LOG"] as const;

function fail(code: string, message: string): never {
  throw new InterfaceError(code, message);
}

/** Checks a table name (the Kafka topic); throws InterfaceError TABLE_NAME_INVALID. */
export function checkTableName(table: unknown, where: string): string {
  if (typeof table !== "string" || table.trim() === "") fail("TABLE_NAME_INVALID", `${where}: the table name must be a non-empty string`);
  return table;
}

/** One format or a list; each known, once; ICEBERG before DELTA (the order Python sends). */
export function formatsToWire(formats: unknown, where = "enableTableflow()"): TableFormat[] {
  const list: unknown[] = typeof formats === "string" ? [formats] : Array.isArray(formats) ? formats : fail("TABLEFLOW_FORMAT_INVALID", `${where}: formats must be a format or an array of formats`);
  if (list.length === 0) fail("TABLEFLOW_FORMAT_INVALID", `${where}: formats must name at least one format`);
  const seen = new Set<TableFormat>();
  for (const f of list) {
    if (!FORMATS.includes(f as TableFormat)) fail("TABLEFLOW_FORMAT_INVALID", `${where}: unknown format ${JSON.stringify(f)}; use ${FORMATS.map((x) => `"${x}"`).join(" or ")}`);
    if (seen.has(f as TableFormat)) fail("TABLEFLOW_FORMAT_INVALID", `${where}: format "${String(f)}" is given twice`);
    seen.add(f as TableFormat);
  }
  return FORMATS.filter((f) => seen.has(f));
}

/** The wire `spec.storage` of a storage option; throws InterfaceError TABLEFLOW_STORAGE_INVALID. */
export function storageToWire(storage: unknown): Record<string, string> {
  if (storage === null || typeof storage !== "object") fail("TABLEFLOW_STORAGE_INVALID", 'enableTableflow(): storage must be an object such as { kind: "Managed" }');
  const s = storage as Record<string, unknown>;
  const need = (key: string, wire: string, out: Record<string, string>) => {
    const v = s[key];
    if (typeof v !== "string" || v === "") fail("TABLEFLOW_STORAGE_INVALID", `enableTableflow(): storage.${key} is required for kind "${String(s.kind)}"`);
    out[wire] = v;
  };
  const out: Record<string, string> = { kind: String(s.kind) };
  if (s.kind === "Managed") return out;
  if (s.kind === "ByobAws") {
    need("bucketName", "bucket_name", out);
    need("providerIntegrationId", "provider_integration_id", out);
    return out;
  }
  if (s.kind === "AzureDataLakeStorageGen2") {
    need("storageAccountName", "storage_account_name", out);
    need("containerName", "container_name", out);
    need("providerIntegrationId", "provider_integration_id", out);
    return out;
  }
  return fail("TABLEFLOW_STORAGE_INVALID", 'enableTableflow(): storage.kind must be "Managed", "ByobAws" or "AzureDataLakeStorageGen2"');
}

function millis(value: unknown, key: string, where: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = typeof value === "number" ? (Number.isSafeInteger(value) ? String(value) : "") : typeof value === "string" ? value : "";
  if (!/^[1-9]\d*$/.test(text)) fail("TABLEFLOW_CONFIG_INVALID", `${where}: config.${key} must be a positive whole number of milliseconds`);
  return text;
}

/** The wire `spec.config`: only the fields given; undefined when none is. */
export function configToWire(config: unknown, where = "enableTableflow()"): Record<string, unknown> | undefined {
  if (config === undefined || config === null) return undefined;
  if (typeof config !== "object" || Array.isArray(config)) fail("TABLEFLOW_CONFIG_INVALID", `${where}: config must be an object`);
  const c = config as TableflowTopicConfig;
  const out: Record<string, unknown> = {};
  const retention = millis(c.retentionMs, "retentionMs", where);
  if (retention !== undefined) out.retention_ms = retention;
  const dataRetention = millis(c.dataRetentionMs, "dataRetentionMs", where);
  if (dataRetention !== undefined) out.data_retention_ms = dataRetention;
  const eh = c.errorHandling as { mode?: unknown; target?: unknown } | undefined | null;
  if (eh !== undefined && eh !== null) {
    if (typeof eh !== "object" || !ERROR_MODES.includes(eh.mode as (typeof ERROR_MODES)[number])) {
      fail("TABLEFLOW_CONFIG_INVALID", `${where}: config.errorHandling.mode must be "SUSPEND", "SKIP" or "LOG"`);
    }
    if (eh.mode === "LOG") {
      if (eh.target !== undefined && (typeof eh.target !== "string" || eh.target === "")) fail("TABLEFLOW_CONFIG_INVALID", `${where}: config.errorHandling.target must be a non-empty string`);
      out.error_handling = { mode: "LOG", target: eh.target ?? "error_log" };
    } else {
      out.error_handling = { mode: eh.mode };
    }
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

function storageFromWire(s: StorageJson | null | undefined): TableflowStorageInfo | undefined {
  if (s === undefined || s === null) return undefined;
  const out: Record<string, string> = { kind: s.kind };
  const copy = (wire: keyof StorageJson, key: string) => {
    const v = s[wire];
    if (typeof v === "string") out[key] = v;
  };
  copy("bucket_name", "bucketName");
  copy("provider_integration_id", "providerIntegrationId");
  copy("storage_account_name", "storageAccountName");
  copy("container_name", "containerName");
  copy("table_path", "tablePath");
  copy("bucket_region", "bucketRegion");
  copy("storage_region", "storageRegion");
  return out as unknown as TableflowStorageInfo;
}

/** A validated Tableflow topic body as the public model. */
export function topicFromWire(json: TableflowTopicJson, raw: unknown): TableflowTopic {
  const st = json.status ?? {};
  const phase = st.phase || "UNKNOWN";
  return {
    tableName: json.spec.display_name,
    phase,
    spec: {
      displayName: json.spec.display_name,
      tableFormats: json.spec.table_formats ?? [],
      storage: storageFromWire(json.spec.storage),
      environmentId: json.spec.environment?.id,
      kafkaClusterId: json.spec.kafka_cluster?.id,
      suspended: json.spec.suspended ?? undefined,
      config: json.spec.config ?? {},
    },
    status: {
      phase,
      writeMode: st.write_mode ?? undefined,
      errorMessage: st.error_message || undefined,
      failingTableFormats: (st.failing_table_formats ?? []).map((f) => ({ format: f.format, errorMessage: f.error_message || undefined })),
      catalogSyncStatuses: st.catalog_sync_statuses ?? [],
    },
    raw,
  };
}

function failedError(topic: TableflowTopic): OperationalError {
  const parts = [topic.status.errorMessage, ...topic.status.failingTableFormats.map((f) => `${f.format}: ${f.errorMessage ?? "failed"}`)].filter((p): p is string => p !== undefined);
  const detail = parts.join("; ");
  return new OperationalError("TABLEFLOW_FAILED", `Tableflow for table '${topic.tableName}' FAILED${detail ? `: ${detail}` : ""}`, { phase: "FAILED", ...(detail ? { detail } : {}) });
}

const topicsUrl = (plane: Plane) => `${plane.base}/tableflow/v1/tableflow-topics`;

/** `GET` the topic; a 404 is TableflowTopicNotFoundError. */
async function readTopic(plane: Plane, table: string, clusterId: string, signal: AbortSignal | undefined): Promise<TableflowTopic> {
  const transport = plane.transport("tableflow");
  const res = await transport.request({
    method: "GET",
    url: `${topicsUrl(plane)}/${segment(table)}`,
    query: { environment: plane.environmentId, "spec.kafka_cluster": clusterId },
    accept: [404],
    signal,
    what: "GET /tableflow/v1/tableflow-topics/{table}",
  });
  if (res.status === 404) throw new TableflowTopicNotFoundError(table, responseContext(res, transport));
  return topicFromWire(validate(res.body, TableflowTopicStruct, "Tableflow topic", bodyContext(res)), res.body);
}

/** Whether the topic is gone (404), for the wait after a disable. */
async function isGone(plane: Plane, table: string, clusterId: string, signal: AbortSignal | undefined): Promise<TableflowTopic | "gone"> {
  try {
    return await readTopic(plane, table, clusterId, signal);
  } catch (e) {
    if (e instanceof TableflowTopicNotFoundError) return "gone";
    throw e;
  }
}

/** See {@link ControlPlane.enableTableflow}. */
export function enableTableflow(plane: Plane, table: string, options: EnableTableflowOptions): Promise<TableflowTopic> {
  const name = checkTableName(table, "enableTableflow()");
  if (options === null || typeof options !== "object") fail("TABLEFLOW_OPTIONS_INVALID", "enableTableflow(): options with formats and storage are required");
  const formats = formatsToWire(options.formats);
  const storage = storageToWire(options.storage);
  const config = configToWire(options.config);
  return withCall(options, `Enabling Tableflow for '${name}'`, async (signal, wait) => {
    const transport = plane.transport("tableflow");
    const clusterId = await plane.clusterId(signal);
    const spec: Record<string, unknown> = {
      display_name: name,
      storage,
      table_formats: formats,
      environment: { id: plane.environmentId },
      kafka_cluster: { id: clusterId },
    };
    if (config !== undefined) spec.config = config;
    const res = await transport.request({ method: "POST", url: topicsUrl(plane), body: { spec }, accept: [409], signal, what: "POST /tableflow/v1/tableflow-topics" });
    if (res.status === 409) throw new TableflowTopicAlreadyExistsError(name, responseContext(res, transport));
    const created = topicFromWire(validate(res.body, TableflowTopicStruct, "Tableflow topic", bodyContext(res)), res.body);
    const settled = (t: TableflowTopic) => {
      if (t.phase === "FAILED") throw failedError(t);
      return t.phase === "RUNNING";
    };
    if (!wait) return created;
    return pollUntil(() => readTopic(plane, name, clusterId, signal), settled, (t) => `phase ${t.phase}`, plane.pace, signal, { value: created });
  });
}

/** See {@link ControlPlane.getTableflow}. */
export function getTableflow(plane: Plane, table: string, options: WaitOptions): Promise<TableflowTopic> {
  const name = checkTableName(table, "getTableflow()");
  return withCall({ ...options, wait: false }, `Reading Tableflow for '${name}'`, async (signal) => {
    plane.transport("tableflow");
    const clusterId = await plane.clusterId(signal);
    return readTopic(plane, name, clusterId, signal);
  });
}

/** See {@link ControlPlane.disableTableflow}. */
export function disableTableflow(plane: Plane, table: string, options: WaitOptions): Promise<void> {
  const name = checkTableName(table, "disableTableflow()");
  return withCall(options, `Disabling Tableflow for '${name}'`, async (signal, wait) => {
    const transport = plane.transport("tableflow");
    const clusterId = await plane.clusterId(signal);
    const res = await transport.request({
      method: "DELETE",
      url: `${topicsUrl(plane)}/${segment(name)}`,
      query: { environment: plane.environmentId, "spec.kafka_cluster": clusterId },
      accept: [404],
      signal,
      what: "DELETE /tableflow/v1/tableflow-topics/{table}",
    });
    if (res.status === 404) throw new TableflowTopicNotFoundError(name, responseContext(res, transport));
    if (!wait) return;
    await pollUntil(
      () => isGone(plane, name, clusterId, signal),
      (t) => t === "gone",
      (t) => (t === "gone" ? "gone" : `phase ${t.phase}`),
      plane.pace,
      signal,
    );
  });
}

/** The wait of an enable or an update: until RUNNING; FAILED is an error. */
function runningOrFailed(t: TableflowTopic): boolean {
  if (t.phase === "FAILED") throw failedError(t);
  return t.phase === "RUNNING";
}

/** See {@link ControlPlane.updateTableflow}. */
export function updateTableflow(plane: Plane, table: string, options: UpdateTableflowOptions): Promise<TableflowTopic> {
  const where = "updateTableflow()";
  const name = checkTableName(table, where);
  if (options === null || typeof options !== "object") fail("TABLEFLOW_OPTIONS_INVALID", `${where}: options naming what to change are required`);
  const change: Record<string, unknown> = {};
  if (options.formats !== undefined) change.table_formats = formatsToWire(options.formats, where);
  const config = configToWire(options.config, where);
  if (config !== undefined) change.config = config;
  if (options.suspended !== undefined) {
    if (typeof options.suspended !== "boolean") fail("TABLEFLOW_OPTIONS_INVALID", `${where}: suspended must be a boolean`);
    change.suspended = options.suspended;
  }
  if (Object.keys(change).length === 0) fail("TABLEFLOW_OPTIONS_INVALID", `${where}: nothing to change: give formats, config or suspended`);
  return withCall(options, `Updating Tableflow for '${name}'`, async (signal, wait) => {
    const transport = plane.transport("tableflow");
    const clusterId = await plane.clusterId(signal);
    // The topic is scoped by the body's environment and cluster, as the API's update schema has it.
    const spec = { ...change, environment: { id: plane.environmentId }, kafka_cluster: { id: clusterId } };
    const res = await transport.request({
      method: "PATCH",
      url: `${topicsUrl(plane)}/${segment(name)}`,
      body: { spec },
      accept: [404],
      signal,
      what: "PATCH /tableflow/v1/tableflow-topics/{table}",
    });
    if (res.status === 404) throw new TableflowTopicNotFoundError(name, responseContext(res, transport));
    const updated = topicFromWire(validate(res.body, TableflowTopicStruct, "Tableflow topic", bodyContext(res)), res.body);
    if (!wait) return updated;
    return pollUntil(() => readTopic(plane, name, clusterId, signal), runningOrFailed, (t) => `phase ${t.phase}`, plane.pace, signal, { value: updated });
  });
}

/** See {@link ControlPlane.listTableflowTopics}. */
export function listTableflowTopics(plane: Plane, options: CallOptions): Promise<TableflowTopic[]> {
  return withCall({ ...options, wait: false }, "Listing Tableflow topics", async (signal) => {
    const transport = plane.transport("tableflow");
    const clusterId = await plane.clusterId(signal);
    const out: TableflowTopic[] = [];
    await readAllPages(
      transport,
      { url: topicsUrl(plane), query: { environment: plane.environmentId, "spec.kafka_cluster": clusterId }, what: "GET /tableflow/v1/tableflow-topics", signal },
      "Tableflow topic list",
      (body, origin) => validate(body, TableflowTopicListStruct, "Tableflow topic list", origin),
      (body) => {
        for (const item of body.data ?? []) out.push(topicFromWire(item, item));
      },
    );
    return out;
  });
}
