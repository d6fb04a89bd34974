/**
 * The CONFLUENT_* variables that point the CLI at an emulator served over HTTP, control plane
 * included: what a user exports after `confluent-sql emulator`.
 */
import type { Emulator, EmulatorServer } from "../../src/emulator/index.ts";

export function emulatorCliEnv(emu: Emulator, server: EmulatorServer): Record<string, string> {
  const o = server.connectOptions;
  const cp = emu.controlPlaneOptions;
  return {
    CONFLUENT_ENDPOINT: server.url,
    CONFLUENT_CONTROL_PLANE_ENDPOINT: server.url,
    CONFLUENT_ORG_ID: o.organizationId,
    CONFLUENT_ENV_ID: o.environmentId,
    CONFLUENT_FLINK_API_KEY: o.flinkApiKey,
    CONFLUENT_FLINK_API_SECRET: o.flinkApiSecret,
    CONFLUENT_TEST_DBNAME: o.database!,
    CONFLUENT_TABLEFLOW_API_KEY: cp.tableflowApiKey,
    CONFLUENT_TABLEFLOW_API_SECRET: cp.tableflowApiSecret,
    CONFLUENT_CONNECT_API_KEY: cp.connectApiKey,
    CONFLUENT_CONNECT_API_SECRET: cp.connectApiSecret,
    CONFLUENT_KAFKA_CLUSTER_ID: cp.kafkaClusterId,
  };
}
