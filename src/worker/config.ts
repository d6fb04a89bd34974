/**
 * The Worker's configuration from its bindings (wrangler `vars` and secrets): which upstream
 * it talks to (Confluent Cloud, or the embedded emulator when no Confluent secrets are set),
 * the proxy's own bearer token and the CORS origins. Pure: no I/O, no globals.
 */

/** Bindings the Worker reads. Secrets: CONFLUENT_FLINK_API_SECRET, PROXY_TOKEN. */
export interface WorkerEnv {
  CONFLUENT_ORG_ID?: string;
  CONFLUENT_ENV_ID?: string;
  CONFLUENT_FLINK_API_KEY?: string;
  CONFLUENT_FLINK_API_SECRET?: string;
  CONFLUENT_CLOUD_PROVIDER?: string;
  CONFLUENT_CLOUD_REGION?: string;
  /** Full gateway base URL (private networking); wins over provider + region. */
  CONFLUENT_ENDPOINT?: string;
  CONFLUENT_COMPUTE_POOL_ID?: string;
  /** `sql.current-database` for /api/query (the Python driver's tests call it CONFLUENT_TEST_DBNAME). */
  CONFLUENT_DATABASE?: string;
  /** Bearer token callers of /sql/v1 and /api/query must present. */
  PROXY_TOKEN?: string;
  /** Comma-separated origins allowed by CORS, e.g. "https://app.example.com,http://localhost:5173". */
  ALLOWED_ORIGINS?: string;
  /** Static assets (the playground), from wrangler's `[assets]`. */
  ASSETS?: { fetch(request: Request): Promise<Response> };
}

/** Where statements go. */
export type Upstream =
  | {
      readonly kind: "confluent";
      /** Gateway origin + optional base path, no trailing slash. */
      readonly endpoint: string;
      readonly organizationId: string;
      readonly environmentId: string;
      readonly apiKey: string;
      readonly apiSecret: string;
      readonly computePoolId?: string;
      readonly database?: string;
    }
  | { readonly kind: "emulator" };

export interface WorkerConfig {
  readonly upstream: Upstream;
  readonly proxyToken?: string;
  readonly allowedOrigins: readonly string[];
}

/** Thrown for a half-configured Worker; the message names the missing bindings, never values. */
export class WorkerConfigError extends Error {
  override readonly name = "WorkerConfigError";
}

const REQUIRED = ["CONFLUENT_ORG_ID", "CONFLUENT_ENV_ID", "CONFLUENT_FLINK_API_KEY", "CONFLUENT_FLINK_API_SECRET"] as const;

/**
 * Reads the bindings. No Confluent binding at all: the embedded emulator. Some but not all:
 * an error naming what is missing (a typo must not silently fall back to the emulator).
 *
 * @example readConfig({ PROXY_TOKEN: "t" }).upstream.kind // "emulator"
 * @throws WorkerConfigError for a partial Confluent configuration.
 */
export function readConfig(env: WorkerEnv): WorkerConfig {
  const allowedOrigins = (env.ALLOWED_ORIGINS ?? "")
    .split(",")
    .map((o) => o.trim().replace(/\/+$/, ""))
    .filter((o) => o.length > 0);
  const proxyToken = nonEmpty(env.PROXY_TOKEN);
  const present = REQUIRED.filter((k) => nonEmpty(env[k]) !== undefined);
  const base = { allowedOrigins, ...(proxyToken === undefined ? {} : { proxyToken }) };
  if (present.length === 0) return { ...base, upstream: { kind: "emulator" } };
  const missing = REQUIRED.filter((k) => nonEmpty(env[k]) === undefined);
  let endpoint = nonEmpty(env.CONFLUENT_ENDPOINT);
  if (endpoint === undefined) {
    const provider = nonEmpty(env.CONFLUENT_CLOUD_PROVIDER);
    const region = nonEmpty(env.CONFLUENT_CLOUD_REGION);
    if (provider === undefined || region === undefined) missing.push("CONFLUENT_CLOUD_PROVIDER" as never, "CONFLUENT_CLOUD_REGION" as never);
    else endpoint = `https://flink.${region}.${provider.toLowerCase()}.confluent.cloud`;
  }
  if (missing.length > 0 || endpoint === undefined) {
    throw new WorkerConfigError(`Worker configuration incomplete: missing ${[...new Set(missing)].join(", ")}`);
  }
  const computePoolId = nonEmpty(env.CONFLUENT_COMPUTE_POOL_ID);
  const database = nonEmpty(env.CONFLUENT_DATABASE);
  return {
    ...base,
    upstream: {
      kind: "confluent",
      endpoint: endpoint.replace(/\/+$/, ""),
      organizationId: env.CONFLUENT_ORG_ID as string,
      environmentId: env.CONFLUENT_ENV_ID as string,
      apiKey: env.CONFLUENT_FLINK_API_KEY as string,
      apiSecret: env.CONFLUENT_FLINK_API_SECRET as string,
      ...(computePoolId === undefined ? {} : { computePoolId }),
      ...(database === undefined ? {} : { database }),
    },
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}
