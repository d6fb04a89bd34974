/**
 * Tableflow topics (`tableflow/v1`, python-driver.md 2.17 and 4.8): enabling Iceberg/Delta
 * materialization of the Kafka topic behind a Flink table.
 *
 * - `POST /tableflow/v1/tableflow-topics` validates the body (400 with `source.pointer` for a bad
 *   storage kind, table format, config value; 404 for an unknown environment, cluster or topic;
 *   409 when the topic already has Tableflow), answers 202 with the topic in phase PENDING and
 *   a `Location`, and moves it to RUNNING after `pendingMs`.
 * - `GET /tableflow/v1/tableflow-topics[/{name}]?environment=&spec.kafka_cluster=` list / read.
 * - `PATCH /tableflow/v1/tableflow-topics/{name}` with `spec.environment` and `spec.kafka_cluster`
 *   naming the topic (as the API's update schema does) and any of `table_formats`, `config`
 *   fields (the others keep their values) and `suspended` (only `false`, as documented): 200
 *   with the topic; a change of formats re-materializes it (PENDING for `pendingMs`). Storage
 *   and the display name cannot change (400).
 * - `DELETE` the same path: 204, and the topic is gone (404) after `deletingMs`.
 *
 * Read-only fields are filled in as the service does: `storage.table_path` (and the bucket or
 * storage region), `config.enable_compaction` / `enable_partitioning`, the status fields.
 *
 * One deterministic failure, so clients can test the FAILED path: a `ByobAws` bucket whose name
 * breaks the S3 bucket naming rules cannot be written, so the topic goes FAILED (instead of
 * RUNNING) with `status.error_message` and every format in `failing_table_formats`.
 */
import { HttpError, emptyResponse, isObject, jsonResponse, readJson } from "../gateway/http.ts";
import { randomUuid } from "../gateway/random.ts";
import { rfc3339 } from "../gateway/time.ts";
import { listResponse } from "./paging.ts";
import { REGION, requiredParam, type ControlPlaneContext, type KafkaCluster } from "./context.ts";
import type { Scheduled } from "./scheduler.ts";

export type TableflowPhase = "PENDING" | "RUNNING" | "FAILED";

const TABLE_FORMATS = ["ICEBERG", "DELTA"] as const;
const ERROR_MODES = ["SUSPEND", "SKIP", "LOG"] as const;
/** The API's documented default and minimum of `config.retention_ms` (7 days, 24 hours). */
const DEFAULT_RETENTION_MS = "604800000";
const MIN_RETENTION_MS = 86_400_000;
/** S3 bucket naming: 3-63 lower-case letters, digits, dots and hyphens, alphanumeric at both ends. */
const S3_BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** The region an Azure container reports (the emulated clusters live in AWS us-east-1). */
const AZURE_REGION = "eastus";

/** Required writable fields per storage kind (the read-only ones are the server's). */
const STORAGE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Managed: [],
  ByobAws: ["bucket_name", "provider_integration_id"],
  AzureDataLakeStorageGen2: ["storage_account_name", "container_name", "provider_integration_id"],
};

interface TopicConfig {
  readonly retentionMs: string;
  readonly dataRetentionMs: string | null;
  readonly errorMode: (typeof ERROR_MODES)[number];
  readonly errorTarget: string | null;
}

interface StoredTableflowTopic extends Scheduled {
  readonly cluster: KafkaCluster;
  readonly displayName: string;
  readonly storage: Record<string, string>;
  tableFormats: readonly string[];
  config: TopicConfig;
  readonly writeMode: "APPEND" | "UPSERT";
  readonly createdAt: number;
  readonly seq: number;
  updatedAt: number;
  phase: TableflowPhase;
  /** Why it failed; empty unless FAILED. */
  errorMessage: string;
  deleting: boolean;
}

function bad(detail: string, pointer: string): HttpError {
  return new HttpError(400, detail, { pointer });
}

function requireString(obj: Record<string, unknown>, key: string, pointer: string): string {
  const v = obj[key];
  if (typeof v !== "string" || v.trim() === "") throw bad(`${pointer.slice(1).replace(/\//g, ".")} is required and must be a non-empty string`, pointer);
  return v;
}

function requireRefId(spec: Record<string, unknown>, key: string): string {
  const ref = spec[key];
  if (!isObject(ref)) throw bad(`spec.${key} is required (an object with an id)`, `/spec/${key}`);
  return requireString(ref, "id", `/spec/${key}/id`);
}

function parseStorage(value: unknown): { kind: string; fields: Record<string, string> } {
  if (!isObject(value)) throw bad("spec.storage is required (an object with a kind)", "/spec/storage");
  const kind = value.kind;
  if (typeof kind !== "string" || !(kind in STORAGE_FIELDS)) {
    throw bad(
      `spec.storage.kind ${JSON.stringify(kind ?? null)} is not supported: use one of ${Object.keys(STORAGE_FIELDS).join(", ")}`,
      "/spec/storage/kind",
    );
  }
  const fields: Record<string, string> = { kind };
  for (const f of STORAGE_FIELDS[kind]!) fields[f] = requireString(value, f, `/spec/storage/${f}`);
  return { kind, fields };
}

function parseFormats(value: unknown): string[] {
  if (value === undefined || value === null) return ["ICEBERG"];
  if (!Array.isArray(value) || value.length === 0) {
    throw bad("spec.table_formats must be a non-empty array of ICEBERG and/or DELTA", "/spec/table_formats");
  }
  const seen = new Set<string>();
  value.forEach((f: unknown, i: number) => {
    if (typeof f !== "string" || !(TABLE_FORMATS as readonly string[]).includes(f)) {
      throw bad(`spec.table_formats[${i}] ${JSON.stringify(f)} is not a table format: use ICEBERG or DELTA`, `/spec/table_formats/${i}`);
    }
    if (seen.has(f)) throw bad(`spec.table_formats lists ${f} twice`, `/spec/table_formats/${i}`);
    seen.add(f);
  });
  // The service reports formats in a fixed order, whatever order they were asked in.
  return TABLE_FORMATS.filter((f) => seen.has(f));
}

/** An int64 carried as a string (numbers are accepted too, as JSON clients send them). */
function parseMillis(value: unknown, pointer: string): string {
  const text = typeof value === "number" && Number.isInteger(value) ? String(value) : value;
  if (typeof text !== "string" || !/^\d{1,19}$/.test(text)) {
    throw bad(`${pointer.slice(1).replace(/\//g, ".")} must be a whole number of milliseconds (a string), got ${JSON.stringify(value)}`, pointer);
  }
  return text;
}

function parseConfig(value: unknown): TopicConfig {
  if (value === undefined || value === null) return { retentionMs: DEFAULT_RETENTION_MS, dataRetentionMs: null, errorMode: "SUSPEND", errorTarget: null };
  if (!isObject(value)) throw bad("spec.config must be an object", "/spec/config");
  let retentionMs = DEFAULT_RETENTION_MS;
  if (value.retention_ms !== undefined && value.retention_ms !== null) {
    retentionMs = parseMillis(value.retention_ms, "/spec/config/retention_ms");
    if (Number(retentionMs) < MIN_RETENTION_MS) {
      throw bad(`spec.config.retention_ms must be at least ${MIN_RETENTION_MS} (24 hours), got ${retentionMs}`, "/spec/config/retention_ms");
    }
  }
  const dataRetentionMs =
    value.data_retention_ms === undefined || value.data_retention_ms === null ? null : parseMillis(value.data_retention_ms, "/spec/config/data_retention_ms");
  // `error_handling` is the current field; `record_failure_strategy` the deprecated one (SUSPEND or SKIP).
  let errorMode: TopicConfig["errorMode"] = "SUSPEND";
  let errorTarget: string | null = null;
  const legacy = value.record_failure_strategy;
  if (legacy !== undefined && legacy !== null) {
    if (legacy !== "SUSPEND" && legacy !== "SKIP") {
      throw bad(`spec.config.record_failure_strategy ${JSON.stringify(legacy)} is not valid: use SUSPEND or SKIP`, "/spec/config/record_failure_strategy");
    }
    errorMode = legacy;
  }
  const handling = value.error_handling;
  if (handling !== undefined && handling !== null) {
    if (!isObject(handling)) throw bad("spec.config.error_handling must be an object with a mode", "/spec/config/error_handling");
    const mode = handling.mode;
    if (typeof mode !== "string" || !(ERROR_MODES as readonly string[]).includes(mode)) {
      throw bad(`spec.config.error_handling.mode ${JSON.stringify(mode ?? null)} is not valid: use SUSPEND, SKIP or LOG`, "/spec/config/error_handling/mode");
    }
    if (legacy !== undefined && legacy !== null && legacy !== mode) {
      throw bad("spec.config.record_failure_strategy contradicts spec.config.error_handling.mode", "/spec/config/record_failure_strategy");
    }
    errorMode = mode as TopicConfig["errorMode"];
    if (mode === "LOG") {
      const target = handling.target;
      if (target !== undefined && target !== null && (typeof target !== "string" || target.trim() === "")) {
        throw bad("spec.config.error_handling.target must be a non-empty topic name", "/spec/config/error_handling/target");
      }
      errorTarget = typeof target === "string" ? target : "error_log";
    }
  }
  return { retentionMs, dataRetentionMs, errorMode, errorTarget };
}

/** `spec.suspended`: a boolean, and only false (the API cannot suspend on demand). */
function checkSuspended(value: unknown): void {
  if (value === undefined || value === null) return;
  if (typeof value !== "boolean") throw bad("spec.suspended must be a boolean", "/spec/suspended");
  if (value) throw bad("spec.suspended can only be false: suspending Tableflow on demand is not supported", "/spec/suspended");
}

/**
 * The wire config after an update: the current values with the update's fields over them. An
 * update naming an error handling (either field) replaces the current one whole.
 */
function mergedConfig(current: TopicConfig, update: unknown): Record<string, unknown> {
  if (!isObject(update)) throw bad("spec.config must be an object", "/spec/config");
  const base: Record<string, unknown> = { retention_ms: current.retentionMs };
  if (current.dataRetentionMs !== null) base.data_retention_ms = current.dataRetentionMs;
  const handlingGiven = (update.error_handling ?? update.record_failure_strategy ?? null) !== null;
  if (!handlingGiven) base.error_handling = current.errorTarget === null ? { mode: current.errorMode } : { mode: current.errorMode, target: current.errorTarget };
  const out = { ...base };
  for (const [k, v] of Object.entries(update)) if (v !== undefined && v !== null) out[k] = v;
  return out;
}

export class TableflowTopics {
  readonly #ctx: ControlPlaneContext;
  /** Keyed by `<cluster id>/<topic>`. */
  readonly #topics = new Map<string, StoredTableflowTopic>();
  #seq = 0;

  constructor(ctx: ControlPlaneContext) {
    this.#ctx = ctx;
  }

  // POST /tableflow/v1/tableflow-topics
  async create(request: Request, url: URL): Promise<Response> {
    const body = await readJson(request);
    if (!isObject(body)) throw new HttpError(400, "The request body must be a JSON object (a TableflowTopic)");
    const spec = body.spec;
    if (!isObject(spec)) throw bad("spec is required", "/spec");
    const displayName = requireString(spec, "display_name", "/spec/display_name");
    const environmentId = requireRefId(spec, "environment");
    const clusterId = requireRefId(spec, "kafka_cluster");
    const storage = parseStorage(spec.storage);
    const tableFormats = parseFormats(spec.table_formats);
    const config = parseConfig(spec.config);
    checkSuspended(spec.suspended);
    const cluster = this.#ctx.requireCluster(environmentId, clusterId);
    const topic = this.#describeTopic(cluster, displayName);
    const key = `${cluster.id}/${displayName}`;
    if (this.#topics.has(key)) {
      throw new HttpError(409, `Tableflow is already enabled for topic '${displayName}' in Kafka cluster '${cluster.id}'`, { pointer: "/spec/display_name" }, {
        Location: this.#self(url.origin, cluster, displayName),
      });
    }
    const now = this.#ctx.cfg.clock.now();
    const stored: StoredTableflowTopic = {
      cluster,
      displayName,
      storage: this.#withReadOnlyStorage(storage, cluster),
      tableFormats,
      config,
      writeMode: topic.primaryKey && topic.primaryKey.length > 0 ? "UPSERT" : "APPEND",
      createdAt: now,
      updatedAt: now,
      seq: this.#seq++,
      phase: "PENDING",
      errorMessage: "",
      deleting: false,
      timers: new Set(),
      removed: false,
    };
    this.#topics.set(key, stored);
    this.#materialize(stored);
    return jsonResponse(202, this.#json(stored, url.origin), { Location: this.#self(url.origin, cluster, displayName) });
  }

  // PATCH /tableflow/v1/tableflow-topics/{display_name}
  async update(request: Request, url: URL, name: string): Promise<Response> {
    const body = await readJson(request);
    if (!isObject(body)) throw new HttpError(400, "The request body must be a JSON object (a TableflowTopic update)");
    const spec = body.spec;
    if (!isObject(spec)) throw bad("spec is required", "/spec");
    const cluster = this.#ctx.requireCluster(requireRefId(spec, "environment"), requireRefId(spec, "kafka_cluster"));
    const stored = this.#topics.get(`${cluster.id}/${name}`);
    if (!stored) throw new HttpError(404, `Tableflow topic '${name}' not found in Kafka cluster '${cluster.id}'`);
    if (spec.display_name !== undefined && spec.display_name !== null && spec.display_name !== name) {
      throw bad("spec.display_name cannot be changed: it is the topic's name", "/spec/display_name");
    }
    if (spec.storage !== undefined && spec.storage !== null) throw bad("spec.storage cannot be changed once Tableflow is enabled", "/spec/storage");
    checkSuspended(spec.suspended);
    const formats = spec.table_formats === undefined || spec.table_formats === null ? null : parseFormats(spec.table_formats);
    const config = spec.config === undefined || spec.config === null ? null : parseConfig(mergedConfig(stored.config, spec.config));
    if (config !== null) stored.config = config;
    if (formats !== null && formats.join() !== stored.tableFormats.join()) {
      stored.tableFormats = formats;
      if (!stored.deleting) this.#materialize(stored);
    }
    stored.updatedAt = this.#ctx.cfg.clock.now();
    return jsonResponse(200, this.#json(stored, url.origin));
  }

  // GET /tableflow/v1/tableflow-topics?environment=&spec.kafka_cluster=
  list(url: URL): Response {
    const cluster = this.#scope(url);
    const all = [...this.#topics.values()].filter((t) => t.cluster.id === cluster.id).sort((a, b) => a.seq - b.seq);
    return listResponse({ apiVersion: "tableflow/v1", kind: "TableflowTopicList", first: `${url.origin}/tableflow/v1/tableflow-topics` }, all, url, (t) => this.#json(t, url.origin));
  }

  // GET /tableflow/v1/tableflow-topics/{display_name}?environment=&spec.kafka_cluster=
  get(url: URL, name: string): Response {
    return jsonResponse(200, this.#json(this.#find(url, name), url.origin));
  }

  // DELETE /tableflow/v1/tableflow-topics/{display_name}?environment=&spec.kafka_cluster=
  delete(url: URL, name: string): Response {
    const stored = this.#find(url, name);
    if (!stored.deleting) {
      stored.deleting = true;
      this.#ctx.scheduler.cancel(stored);
      this.#ctx.scheduler.after(stored, this.#ctx.cfg.deletingMs, () => {
        this.#topics.delete(`${stored.cluster.id}/${stored.displayName}`);
        this.#ctx.scheduler.remove(stored);
      });
    }
    return emptyResponse(204);
  }

  /** PENDING, then RUNNING (or FAILED, see the header) after `pendingMs`. */
  #materialize(stored: StoredTableflowTopic): void {
    this.#ctx.scheduler.cancel(stored);
    stored.phase = "PENDING";
    stored.errorMessage = "";
    this.#ctx.scheduler.after(stored, this.#ctx.cfg.pendingMs, () => {
      const failure = storageFailure(stored.storage);
      stored.phase = failure === null ? "RUNNING" : "FAILED";
      stored.errorMessage = failure ?? "";
      stored.updatedAt = this.#ctx.cfg.clock.now();
    });
  }

  /** The cluster named by the `environment` and `spec.kafka_cluster` query parameters. */
  #scope(url: URL): KafkaCluster {
    const environmentId = requiredParam(url, "environment");
    const clusterId = requiredParam(url, "spec.kafka_cluster");
    return this.#ctx.requireCluster(environmentId, clusterId);
  }

  #find(url: URL, name: string): StoredTableflowTopic {
    const cluster = this.#scope(url);
    const stored = this.#topics.get(`${cluster.id}/${name}`);
    if (!stored) throw new HttpError(404, `Tableflow topic '${name}' not found in Kafka cluster '${cluster.id}'`);
    return stored;
  }

  #describeTopic(cluster: KafkaCluster, topic: string): { primaryKey: readonly string[] | null } {
    const describe = this.#ctx.cfg.describeTopic;
    if (!describe) return { primaryKey: null };
    const found = describe(cluster.id, topic);
    if (!found) {
      throw new HttpError(404, `Topic '${topic}' not found in Kafka cluster '${cluster.id}' (database '${cluster.displayName}')`, { pointer: "/spec/display_name" });
    }
    return found;
  }

  #withReadOnlyStorage(storage: { kind: string; fields: Record<string, string> }, cluster: KafkaCluster): Record<string, string> {
    const { organizationId, environmentId } = this.#ctx.cfg;
    const suffix = `${organizationId}/${environmentId}/${cluster.id}/v1/${randomUuid(this.#ctx.cfg.random)}`;
    const f = storage.fields;
    switch (storage.kind) {
      case "ByobAws":
        return { ...f, bucket_region: REGION, table_path: `s3://${f.bucket_name}/${suffix}` };
      case "AzureDataLakeStorageGen2":
        return { ...f, storage_region: AZURE_REGION, table_path: `abfss://${f.container_name}@${f.storage_account_name}.dfs.core.windows.net/${suffix}` };
      default:
        return { ...f, table_path: `s3://confluent-tableflow-${REGION}/${suffix}` };
    }
  }

  #self(origin: string, cluster: KafkaCluster, name: string): string {
    const q = new URLSearchParams({ environment: this.#ctx.cfg.environmentId, "spec.kafka_cluster": cluster.id });
    return `${origin}/tableflow/v1/tableflow-topics/${encodeURIComponent(name)}?${q.toString()}`;
  }

  #json(t: StoredTableflowTopic, origin: string): Record<string, unknown> {
    const config: Record<string, unknown> = {
      enable_compaction: true,
      enable_partitioning: false,
      retention_ms: t.config.retentionMs,
    };
    if (t.config.dataRetentionMs !== null) config.data_retention_ms = t.config.dataRetentionMs;
    if (t.config.errorMode !== "LOG") config.record_failure_strategy = t.config.errorMode;
    config.error_handling = t.config.errorTarget === null ? { mode: t.config.errorMode } : { mode: t.config.errorMode, target: t.config.errorTarget };
    return {
      api_version: "tableflow/v1",
      kind: "TableflowTopic",
      metadata: {
        self: this.#self(origin, t.cluster, t.displayName),
        resource_name: this.#ctx.crn(`environment=${this.#ctx.cfg.environmentId}`, `cloud-cluster=${t.cluster.id}`, `tableflow-topic=${t.displayName}`),
        created_at: rfc3339(t.createdAt),
        updated_at: rfc3339(t.updatedAt),
      },
      spec: {
        display_name: t.displayName,
        suspended: false,
        config,
        storage: { ...t.storage },
        table_formats: [...t.tableFormats],
        environment: this.#ctx.environmentRef(origin),
        kafka_cluster: this.#ctx.clusterRef(origin, t.cluster),
      },
      status: {
        phase: t.phase,
        error_message: t.errorMessage,
        failing_table_formats: t.phase === "FAILED" ? t.tableFormats.map((format) => ({ format, error_message: t.errorMessage })) : [],
        write_mode: t.writeMode,
        catalog_sync_statuses: [],
      },
    };
  }
}

/** Why materializing into this storage fails, or null when it works (see the header). */
function storageFailure(storage: Readonly<Record<string, string>>): string | null {
  const bucket = storage.bucket_name;
  if (storage.kind !== "ByobAws" || bucket === undefined) return null;
  if (S3_BUCKET_NAME.test(bucket) && !bucket.includes("..")) return null;
  return `Could not write to bucket '${bucket}': it is not a valid S3 bucket name`;
}
