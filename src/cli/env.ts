/**
 * Connection settings for the CLI from the environment: the same CONFLUENT_* variables the
 * Python driver's integration tests read (tests/conftest.py), plus CONFLUENT_ENDPOINT and
 * CONFLUENT_DATABASE, and the control-plane credentials (named after the Python driver's
 * `global_api_key`, `tableflow_api_key`, `connect_api_key` and `database_kafka_cluster_id`
 * parameters; the global key under the name Confluent's own tools read). Pure: takes the
 * environment as an argument.
 */

/** Names of the variables, for messages. */
export const ENV_VARS = {
  apiKey: "CONFLUENT_FLINK_API_KEY",
  apiSecret: "CONFLUENT_FLINK_API_SECRET",
  globalApiKey: "CONFLUENT_CLOUD_API_KEY",
  globalApiSecret: "CONFLUENT_CLOUD_API_SECRET",
  organizationId: "CONFLUENT_ORG_ID",
  environmentId: "CONFLUENT_ENV_ID",
  computePoolId: "CONFLUENT_COMPUTE_POOL_ID",
  cloudProvider: "CONFLUENT_CLOUD_PROVIDER",
  cloudRegion: "CONFLUENT_CLOUD_REGION",
  endpoint: "CONFLUENT_ENDPOINT",
  controlPlaneEndpoint: "CONFLUENT_CONTROL_PLANE_ENDPOINT",
  database: ["CONFLUENT_TEST_DBNAME", "CONFLUENT_DATABASE"],
  tableflowApiKey: "CONFLUENT_TABLEFLOW_API_KEY",
  tableflowApiSecret: "CONFLUENT_TABLEFLOW_API_SECRET",
  connectApiKey: "CONFLUENT_CONNECT_API_KEY",
  connectApiSecret: "CONFLUENT_CONNECT_API_SECRET",
  kafkaClusterId: "CONFLUENT_KAFKA_CLUSTER_ID",
} as const;

type Env = Readonly<Record<string, string | undefined>>;

/** A variable's value, trimmed; empty counts as unset (a shell's `export X=` clears it). */
function reader(env: Env): (name: string) => string | undefined {
  return (name) => {
    const v = env[name];
    return v === undefined || v.trim() === "" ? undefined : v.trim();
  };
}

function defined(values: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) if (v !== undefined) out[k] = v;
  return out;
}

/**
 * `connect()` options from the environment, or null when none of the variables is set (the
 * caller then explains how to configure, or suggests --emulator). Validation of the values is
 * left to `connect()`, which reports coded errors without echoing secrets.
 */
export function connectOptionsFromEnv(env: Env): Record<string, unknown> | null {
  const get = reader(env);
  const database = get(ENV_VARS.database[0]) ?? get(ENV_VARS.database[1]);
  const values: Record<string, string | undefined> = {
    flinkApiKey: get(ENV_VARS.apiKey),
    flinkApiSecret: get(ENV_VARS.apiSecret),
    globalApiKey: get(ENV_VARS.globalApiKey),
    globalApiSecret: get(ENV_VARS.globalApiSecret),
    organizationId: get(ENV_VARS.organizationId),
    environmentId: get(ENV_VARS.environmentId),
    computePoolId: get(ENV_VARS.computePoolId),
    endpoint: get(ENV_VARS.endpoint),
    controlPlaneEndpoint: get(ENV_VARS.controlPlaneEndpoint),
    database,
  };
  if (values.endpoint === undefined) {
    values.cloudProvider = get(ENV_VARS.cloudProvider)?.toLowerCase();
    values.cloudRegion = get(ENV_VARS.cloudRegion);
  }
  const out = defined(values);
  return Object.keys(out).length === 0 ? null : out;
}

/**
 * `controlPlane(conn, options)` options from the environment: the dedicated Tableflow and
 * Connect pairs and the Kafka cluster id, those that are set. A half pair is passed on as it
 * is, so `controlPlane()` reports it (CONFIG_PARTIAL_CREDENTIALS) rather than the CLI guessing.
 */
export function controlPlaneOptionsFromEnv(env: Env): Record<string, string> {
  const get = reader(env);
  return defined({
    tableflowApiKey: get(ENV_VARS.tableflowApiKey),
    tableflowApiSecret: get(ENV_VARS.tableflowApiSecret),
    connectApiKey: get(ENV_VARS.connectApiKey),
    connectApiSecret: get(ENV_VARS.connectApiSecret),
    kafkaClusterId: get(ENV_VARS.kafkaClusterId),
  });
}

/** What `envForEmulator` needs: the emulator's connect options and, optionally, its control-plane ones. */
export interface EmulatorSettings {
  endpoint: string;
  organizationId: string;
  environmentId: string;
  flinkApiKey: string;
  flinkApiSecret: string;
  database?: string;
  computePoolId?: string;
  controlPlaneEndpoint?: string;
  controlPlane?: { tableflowApiKey: string; tableflowApiSecret: string; connectApiKey: string; connectApiSecret: string; kafkaClusterId: string };
}

/**
 * The variables that make `connectOptions` (and, given the emulator's control-plane options,
 * the tableflow, connectors and cluster-id commands) reach a running emulator (printed by
 * `emulator`).
 */
export function envForEmulator(o: EmulatorSettings): Record<string, string> {
  const cp = o.controlPlane;
  return {
    [ENV_VARS.endpoint]: o.endpoint,
    [ENV_VARS.organizationId]: o.organizationId,
    [ENV_VARS.environmentId]: o.environmentId,
    [ENV_VARS.apiKey]: o.flinkApiKey,
    [ENV_VARS.apiSecret]: o.flinkApiSecret,
    ...(o.database === undefined ? {} : { [ENV_VARS.database[0]]: o.database }),
    ...(o.computePoolId === undefined ? {} : { [ENV_VARS.computePoolId]: o.computePoolId }),
    ...(o.controlPlaneEndpoint === undefined ? {} : { [ENV_VARS.controlPlaneEndpoint]: o.controlPlaneEndpoint }),
    ...(cp === undefined
      ? {}
      : {
          [ENV_VARS.tableflowApiKey]: cp.tableflowApiKey,
          [ENV_VARS.tableflowApiSecret]: cp.tableflowApiSecret,
          [ENV_VARS.connectApiKey]: cp.connectApiKey,
          [ENV_VARS.connectApiSecret]: cp.connectApiSecret,
          [ENV_VARS.kafkaClusterId]: cp.kafkaClusterId,
        }),
  };
}
