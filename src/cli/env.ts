/**
 * Connection settings for the CLI from the environment: the same CONFLUENT_* variables the
 * Python driver's integration tests read (tests/conftest.py), plus CONFLUENT_ENDPOINT and
 * CONFLUENT_DATABASE. Pure: takes the environment as an argument.
 */

/** Names of the variables, for messages. */
export const ENV_VARS = {
  apiKey: "CONFLUENT_FLINK_API_KEY",
  apiSecret: "CONFLUENT_FLINK_API_SECRET",
  organizationId: "CONFLUENT_ORG_ID",
  environmentId: "CONFLUENT_ENV_ID",
  computePoolId: "CONFLUENT_COMPUTE_POOL_ID",
  cloudProvider: "CONFLUENT_CLOUD_PROVIDER",
  cloudRegion: "CONFLUENT_CLOUD_REGION",
  endpoint: "CONFLUENT_ENDPOINT",
  database: ["CONFLUENT_TEST_DBNAME", "CONFLUENT_DATABASE"],
} as const;

/**
 * `connect()` options from the environment, or null when none of the variables is set (the
 * caller then explains how to configure, or suggests --emulator). Validation of the values is
 * left to `connect()`, which reports coded errors without echoing secrets.
 */
export function connectOptionsFromEnv(env: Readonly<Record<string, string | undefined>>): Record<string, unknown> | null {
  const get = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === "" ? undefined : v.trim();
  };
  const database = get(ENV_VARS.database[0]) ?? get(ENV_VARS.database[1]);
  const values: Record<string, string | undefined> = {
    flinkApiKey: get(ENV_VARS.apiKey),
    flinkApiSecret: get(ENV_VARS.apiSecret),
    organizationId: get(ENV_VARS.organizationId),
    environmentId: get(ENV_VARS.environmentId),
    computePoolId: get(ENV_VARS.computePoolId),
    endpoint: get(ENV_VARS.endpoint),
    database,
  };
  if (values.endpoint === undefined) {
    values.cloudProvider = get(ENV_VARS.cloudProvider)?.toLowerCase();
    values.cloudRegion = get(ENV_VARS.cloudRegion);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) if (v !== undefined) out[k] = v;
  return Object.keys(out).length === 0 ? null : out;
}

/** The variables that make `connectOptions` reach a running emulator (printed by `emulator`). */
export function envForEmulator(o: { endpoint: string; organizationId: string; environmentId: string; flinkApiKey: string; flinkApiSecret: string; database?: string; computePoolId?: string }): Record<string, string> {
  return {
    [ENV_VARS.endpoint]: o.endpoint,
    [ENV_VARS.organizationId]: o.organizationId,
    [ENV_VARS.environmentId]: o.environmentId,
    [ENV_VARS.apiKey]: o.flinkApiKey,
    [ENV_VARS.apiSecret]: o.flinkApiSecret,
    ...(o.database === undefined ? {} : { [ENV_VARS.database[0]]: o.database }),
    ...(o.computePoolId === undefined ? {} : { [ENV_VARS.computePoolId]: o.computePoolId }),
  };
}
