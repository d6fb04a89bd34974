/**
 * The public shapes of the control-plane entry: what Tableflow and connector calls take and
 * return. Plain data (interfaces and string unions), camelCase versions of the Python driver's
 * models; `src/control-plane/tableflow.ts` and `connectors.ts` convert them to and from the wire.
 */
import type { CallOptions } from "../client/signals.ts";

/** Options of the calls that can wait for the server to settle. */
export interface WaitOptions extends CallOptions {
  /**
   * Wait until the change took effect (default true), polling with backoff. The call's
   * `timeoutMs` then defaults to 300000 (5 minutes, as in Python) and covers every request.
   */
  wait?: boolean | undefined;
}

/** A Tableflow table format. */
export type TableFormat = "ICEBERG" | "DELTA";

/** Confluent-managed storage: `{ kind: "Managed" }`. */
export interface ManagedStorage {
  kind: "Managed";
}

/** Bring-your-own-bucket storage on AWS S3. */
export interface ByobAwsStorage {
  kind: "ByobAws";
  bucketName: string;
  /** The provider integration (`cspi-…`) that grants access to the bucket. */
  providerIntegrationId: string;
}

/** Azure Data Lake Storage Gen2 storage. */
export interface AzureAdlsStorage {
  kind: "AzureDataLakeStorageGen2";
  storageAccountName: string;
  containerName: string;
  providerIntegrationId: string;
}

/** Where Tableflow writes the tables: one of the three storage kinds. */
export type TableflowStorage = ManagedStorage | ByobAwsStorage | AzureAdlsStorage;

/**
 * Storage as the server reports it: the kind (any string, so a kind added later still reads),
 * the fields given at enable time, and the read-only ones the server adds.
 */
export interface TableflowStorageInfo {
  readonly kind: TableflowStorage["kind"] | (string & {});
  readonly bucketName?: string;
  readonly providerIntegrationId?: string;
  readonly storageAccountName?: string;
  readonly containerName?: string;
  /** Read-only: where the tables are. */
  readonly tablePath?: string;
  /** Read-only (ByobAws). */
  readonly bucketRegion?: string;
  /** Read-only (AzureDataLakeStorageGen2). */
  readonly storageRegion?: string;
}

/** Suspend the topic's materialisation on a record that cannot be written (the server's default). */
export interface TableflowErrorHandlingSuspend {
  mode: "SUSPEND";
}

/** Skip records that cannot be written. */
export interface TableflowErrorHandlingSkip {
  mode: "SKIP";
}

/** Write records that cannot be materialised to a log table (`target`, default `error_log`). */
export interface TableflowErrorHandlingLog {
  mode: "LOG";
  target?: string | undefined;
}

/** What Tableflow does with a record it cannot write. */
export type TableflowErrorHandling = TableflowErrorHandlingSuspend | TableflowErrorHandlingSkip | TableflowErrorHandlingLog;

/** Optional settings of a Tableflow topic; only the fields given are sent. */
export interface TableflowTopicConfig {
  /** How long snapshots are kept, in ms (a positive integer, or its decimal text). */
  retentionMs?: number | string | undefined;
  /** How long table data is kept, in ms. */
  dataRetentionMs?: number | string | undefined;
  errorHandling?: TableflowErrorHandling | undefined;
}

/** Options of {@link ControlPlane.enableTableflow}. */
export interface EnableTableflowOptions extends WaitOptions {
  /** One format or several (each at most once); sent ICEBERG first, then DELTA. */
  formats: TableFormat | readonly TableFormat[];
  storage: TableflowStorage;
  config?: TableflowTopicConfig | undefined;
}

/**
 * Options of {@link ControlPlane.updateTableflow}: what to change (at least one); what is not
 * given stays as it is. Storage cannot change once Tableflow is enabled.
 */
export interface UpdateTableflowOptions extends WaitOptions {
  /** The formats from now on (replacing the current list). */
  formats?: TableFormat | readonly TableFormat[] | undefined;
  /** Config fields to change; the others keep their values. */
  config?: TableflowTopicConfig | undefined;
  /**
   * `false` resumes a suspended topic. Confluent's API documents only `false` (suspending on
   * demand is not supported), so `true` is sent as given and refused by the server (400).
   */
  suspended?: boolean | undefined;
}

/** A Tableflow topic's phase. Phases the client does not know pass through; `UNKNOWN` when the server sent none. */
export type TableflowPhase = "PENDING" | "RUNNING" | "FAILED" | "UNKNOWN" | (string & {});

/** `spec` of a Tableflow topic. */
export interface TableflowTopicSpec {
  /** The table (Kafka topic) name. */
  readonly displayName: string;
  /** The formats as the server lists them (any string, so a format added later still reads). */
  readonly tableFormats: ReadonlyArray<TableFormat | (string & {})>;
  readonly storage: TableflowStorageInfo | undefined;
  readonly environmentId: string | undefined;
  readonly kafkaClusterId: string | undefined;
  readonly suspended: boolean | undefined;
  /** The config as the server reports it (wire names: `retention_ms`, `enable_compaction`, ...). */
  readonly config: Readonly<Record<string, unknown>>;
}

/** `status` of a Tableflow topic. */
export interface TableflowTopicStatus {
  readonly phase: TableflowPhase;
  readonly writeMode: string | undefined;
  /** The server's explanation when FAILED (undefined when empty). */
  readonly errorMessage: string | undefined;
  /** Formats that fail, each with its message. */
  readonly failingTableFormats: ReadonlyArray<{ readonly format: string; readonly errorMessage: string | undefined }>;
  readonly catalogSyncStatuses: readonly unknown[];
}

/** Tableflow for one table, as the server reports it. */
export interface TableflowTopic {
  /** `spec.displayName`: the table. */
  readonly tableName: string;
  /** `status.phase`. */
  readonly phase: TableflowPhase;
  readonly spec: TableflowTopicSpec;
  readonly status: TableflowTopicStatus;
  /** The JSON as received. */
  readonly raw: unknown;
}

/** A connector's state. States the client does not know pass through. */
export type ConnectorState = "NONE" | "PROVISIONING" | "RUNNING" | "DEGRADED" | "FAILED" | "PAUSED" | "DELETED" | (string & {});

/** One task of a connector. */
export interface TaskStatus {
  readonly id: number;
  readonly state: ConnectorState;
  readonly workerId: string | undefined;
  /** Why the task is not running, when the server says. */
  readonly msg: string | undefined;
}

/** A connector's status (`GET …/connectors/{name}/status`). */
export interface ConnectorStatus {
  readonly state: ConnectorState;
  readonly workerId: string | undefined;
  /** The failure trace (undefined when empty). */
  readonly trace: string | undefined;
  readonly tasks: readonly TaskStatus[];
  readonly pluginLifecycle: unknown;
}

/** A connector's definition as the server reports it. */
export interface ConnectorSpec {
  readonly name: string;
  /** `config["connector.class"]`. */
  readonly connectorClass: string | undefined;
  /** `source` or `sink`. */
  readonly type: string | undefined;
  /**
   * The config, secrets masked: the server sends `****` for them, and the client masks any
   * value whose key names a secret (`…secret`, `…password`, `…token`, ...) in case it did not.
   */
  readonly config: Readonly<Record<string, string>>;
  readonly tasks: ReadonlyArray<{ readonly connector: string | undefined; readonly task: number | undefined }>;
}

/** A connector: its definition and its status. */
export interface Connector {
  readonly name: string;
  /** `status.state`. */
  readonly state: ConnectorState;
  readonly spec: ConnectorSpec;
  readonly status: ConnectorStatus;
}

/** A connector config: string values (numbers and booleans are sent as text). */
export type ConnectorConfig = Readonly<Record<string, string | number | boolean>>;
