/**
 * confluent-sql/control-plane: Tableflow, managed connectors, Kafka cluster id resolution and
 * raw control-plane requests for a connection (re-exports only).
 *
 * A separate entry so the core client (`confluent-sql`) carries none of it. It reads the
 * connection through the client's internal context and must not import the emulator.
 */
export { controlPlane, ControlPlane } from "./control-plane.ts";
export type { ControlPlaneRequest, ControlPlaneResponse } from "./control-plane.ts";
export type { ControlPlaneApi, ControlPlaneOptions } from "./credentials.ts";
export { TableflowTopicNotFoundError, TableflowTopicAlreadyExistsError, ConnectorNotFoundError, ConnectorAlreadyExistsError } from "./errors.ts";
export type {
  AzureAdlsStorage,
  ByobAwsStorage,
  Connector,
  ConnectorConfig,
  ConnectorSpec,
  ConnectorState,
  ConnectorStatus,
  EnableTableflowOptions,
  UpdateTableflowOptions,
  ManagedStorage,
  TableFormat,
  TableflowErrorHandling,
  TableflowErrorHandlingLog,
  TableflowErrorHandlingSkip,
  TableflowErrorHandlingSuspend,
  TableflowPhase,
  TableflowStorage,
  TableflowStorageInfo,
  TableflowTopic,
  TableflowTopicConfig,
  TableflowTopicSpec,
  TableflowTopicStatus,
  TaskStatus,
  WaitOptions,
} from "./models.ts";
