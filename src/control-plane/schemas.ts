/**
 * Wire schemas of the control-plane routes this entry uses (python-driver.md section 4.8): the
 * CMK cluster list, Tableflow topics, and Connect's connector and status bodies.
 *
 * As in src/client/schemas.ts: superstruct `type()` (unknown fields ignored, servers add
 * fields), `null` accepted wherever a field is optional, and only what the client reads is
 * described. A body that does not fit is a ProtocolError naming the JSON path (`validate`).
 */
import { array, boolean, nullable, number, optional, record, string, type, unknown, type Infer, type Struct } from "superstruct";
import { PageMetadataStruct } from "../client/schemas.ts";

const maybe = <T, S>(s: Struct<T, S>) => optional(nullable(s));

/** `GET /cmk/v2/clusters?environment=…`: one page of Kafka clusters. */
export const ClusterListStruct = type({
  metadata: maybe(PageMetadataStruct),
  data: maybe(array(type({ id: string(), spec: maybe(type({ display_name: maybe(string()) })) }))),
});

/** `spec.storage` of a Tableflow topic: `kind` picks which other fields apply. */
export const StorageStruct = type({
  kind: string(),
  bucket_name: maybe(string()),
  provider_integration_id: maybe(string()),
  storage_account_name: maybe(string()),
  container_name: maybe(string()),
  table_path: maybe(string()),
  bucket_region: maybe(string()),
  storage_region: maybe(string()),
});
export type StorageJson = Infer<typeof StorageStruct>;

/** A Tableflow topic (create and get responses). */
export const TableflowTopicStruct = type({
  metadata: maybe(record(string(), unknown())),
  spec: type({
    display_name: string(),
    storage: maybe(StorageStruct),
    table_formats: maybe(array(string())),
    environment: maybe(type({ id: string() })),
    kafka_cluster: maybe(type({ id: string() })),
    suspended: maybe(boolean()),
    config: maybe(record(string(), unknown())),
  }),
  status: maybe(
    type({
      phase: maybe(string()),
      write_mode: maybe(string()),
      error_message: maybe(string()),
      failing_table_formats: maybe(array(type({ format: string(), error_message: maybe(string()) }))),
      catalog_sync_statuses: maybe(array(unknown())),
    }),
  ),
});
export type TableflowTopicJson = Infer<typeof TableflowTopicStruct>;

/** `GET /tableflow/v1/tableflow-topics?environment=…&spec.kafka_cluster=…`: one page. */
export const TableflowTopicListStruct = type({
  metadata: maybe(PageMetadataStruct),
  data: maybe(array(TableflowTopicStruct)),
});

/** A connector (create and get responses): its config comes back with secrets as `****`. */
export const ConnectorStruct = type({
  name: string(),
  type: maybe(string()),
  config: maybe(record(string(), unknown())),
  tasks: maybe(array(type({ connector: maybe(string()), task: maybe(number()) }))),
});
export type ConnectorJson = Infer<typeof ConnectorStruct>;

/** `GET …/connectors/{name}/config`: the flat config, secrets as `****`. */
export const ConnectorConfigStruct = record(string(), unknown());

/** `GET …/connectors/{name}/status`. */
export const ConnectorStatusStruct = type({
  name: maybe(string()),
  type: maybe(string()),
  connector: type({ state: string(), worker_id: maybe(string()), trace: maybe(string()) }),
  tasks: maybe(array(type({ id: number(), state: string(), worker_id: maybe(string()), msg: maybe(string()), trace: maybe(string()) }))),
  plugin_lifecycle: maybe(unknown()),
});
export type ConnectorStatusJson = Infer<typeof ConnectorStatusStruct>;

/** `GET …/connectors?expand=info,status`: an object keyed by connector name. */
export const ConnectorListStruct = record(string(), type({ info: maybe(ConnectorStruct), status: maybe(ConnectorStatusStruct) }));
