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
  /**
   * Comma-separated host names a token-less emulator Worker also answers on, besides the
   * loopback ones (localhost, *.localhost, 127.0.0.1, [::1]), e.g. "sql.example.workers.dev".
   */
  ALLOWED_HOSTS?: string;
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
  /** ALLOWED_HOSTS, normalised (see readAllowedHosts). */
  readonly allowedHosts: readonly string[];
}

/** Thrown for a half-configured Worker; the message names the missing bindings, never values. */
export class WorkerConfigError extends Error {
  override readonly name = "WorkerConfigError";
}

/**
 * Shortest PROXY_TOKEN a Worker with Confluent credentials accepts (`openssl rand -hex 32` gives
 * 64). The emulator has nothing secret behind it, so any token will do there.
 */
export const MIN_PROXY_TOKEN_LENGTH = 32;

const REQUIRED = ["CONFLUENT_ORG_ID", "CONFLUENT_ENV_ID", "CONFLUENT_FLINK_API_KEY", "CONFLUENT_FLINK_API_SECRET"] as const;

/**
 * Reads the bindings. No Confluent binding at all: the embedded emulator. Some but not all:
 * an error naming what is missing (a typo must not silently fall back to the emulator).
 *
 * @example readConfig({ PROXY_TOKEN: "t" }).upstream.kind // "emulator"
 * @throws WorkerConfigError for a partial Confluent configuration, or a PROXY_TOKEN that is one
 * of the Confluent credentials or (with Confluent credentials) shorter than 32 characters.
 */
export function readConfig(env: WorkerEnv): WorkerConfig {
  const allowedOrigins = readAllowedOrigins(env);
  const allowedHosts = readAllowedHosts(env);
  const proxyToken = nonEmpty(env.PROXY_TOKEN);
  const present = REQUIRED.filter((k) => nonEmpty(env[k]) !== undefined);
  const base = { allowedOrigins, allowedHosts, ...(proxyToken === undefined ? {} : { proxyToken }) };
  if (present.length === 0) return { ...base, upstream: { kind: "emulator" } };
  const missing = REQUIRED.filter((k) => nonEmpty(env[k]) === undefined);
  let endpoint = nonEmpty(env.CONFLUENT_ENDPOINT);
  if (endpoint === undefined) {
    const provider = nonEmpty(env.CONFLUENT_CLOUD_PROVIDER);
    const region = nonEmpty(env.CONFLUENT_CLOUD_REGION);
    if (provider === undefined || region === undefined) missing.push("CONFLUENT_CLOUD_PROVIDER" as never, "CONFLUENT_CLOUD_REGION" as never);
    else {
      // Both become part of a host name: a stray "/" or "@" would move the credentials elsewhere.
      if (!HOST_LABELS.test(provider) || !HOST_LABELS.test(region)) {
        throw new WorkerConfigError("CONFLUENT_CLOUD_PROVIDER and CONFLUENT_CLOUD_REGION must be letters, digits and '-' (e.g. aws, us-east-2)");
      }
      endpoint = `https://flink.${region.toLowerCase()}.${provider.toLowerCase()}.confluent.cloud`;
    }
  } else {
    endpoint = checkEndpoint(endpoint);
  }
  if (missing.length > 0 || endpoint === undefined) {
    throw new WorkerConfigError(`Worker configuration incomplete: missing ${[...new Set(missing)].join(", ")}`);
  }
  // The token is handed to browsers; being one of the Confluent credentials would hand those out.
  if (proxyToken !== undefined && (proxyToken === nonEmpty(env.CONFLUENT_FLINK_API_KEY) || proxyToken === nonEmpty(env.CONFLUENT_FLINK_API_SECRET))) {
    throw new WorkerConfigError("PROXY_TOKEN must differ from CONFLUENT_FLINK_API_KEY and CONFLUENT_FLINK_API_SECRET (callers hold it)");
  }
  // The token is all that stands between the Internet and the Worker's Confluent key: a short
  // one could be guessed. The message gives the rule, never the value (nor its length).
  if (proxyToken !== undefined && proxyToken.length < MIN_PROXY_TOKEN_LENGTH) {
    throw new WorkerConfigError(`PROXY_TOKEN is too short: with Confluent credentials it must be at least ${MIN_PROXY_TOKEN_LENGTH} characters (e.g. \`openssl rand -hex 32\`)`);
  }
  const computePoolId = nonEmpty(env.CONFLUENT_COMPUTE_POOL_ID);
  const database = nonEmpty(env.CONFLUENT_DATABASE);
  return {
    ...base,
    upstream: {
      kind: "confluent",
      endpoint: endpoint.replace(/\/+$/, ""),
      organizationId: nonEmpty(env.CONFLUENT_ORG_ID) as string,
      environmentId: nonEmpty(env.CONFLUENT_ENV_ID) as string,
      apiKey: nonEmpty(env.CONFLUENT_FLINK_API_KEY) as string,
      apiSecret: nonEmpty(env.CONFLUENT_FLINK_API_SECRET) as string,
      ...(computePoolId === undefined ? {} : { computePoolId }),
      ...(database === undefined ? {} : { database }),
    },
  };
}

const HOST_LABELS = /^[a-z0-9]+(-[a-z0-9]+)*$/i;
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * CONFLUENT_ENDPOINT as a base URL: https (plain http only to a loopback host, for a local
 * gateway), no credentials, query or fragment; without a trailing slash.
 */
function checkEndpoint(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new WorkerConfigError("CONFLUENT_ENDPOINT is not a URL");
  }
  const secure = url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK.has(url.hostname));
  if (!secure) throw new WorkerConfigError("CONFLUENT_ENDPOINT must be an https URL (the Worker sends its Confluent credentials there)");
  if (url.username !== "" || url.password !== "" || url.search !== "" || url.hash !== "") {
    throw new WorkerConfigError("CONFLUENT_ENDPOINT must be a base URL without credentials, query or fragment");
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, "");
}

/**
 * ALLOWED_ORIGINS as origins in the form browsers send them (lower-case scheme and host, no
 * default port, no trailing slash), so a listed origin matches the `Origin` header exactly.
 * `*` and `null` are refused: this Worker answers with credentials-bearing APIs, and `null` is
 * the origin of sandboxed frames and local files, which any page can produce.
 *
 * @example readAllowedOrigins({ ALLOWED_ORIGINS: "HTTPS://App.Example:443/" }) // ["https://app.example"]
 * @throws WorkerConfigError naming ALLOWED_ORIGINS for an entry that is not an http(s) origin.
 */
export function readAllowedOrigins(env: Pick<WorkerEnv, "ALLOWED_ORIGINS">): string[] {
  const out: string[] = [];
  const entries = (env.ALLOWED_ORIGINS ?? "").split(",").map((o) => o.trim());
  entries.forEach((entry, i) => {
    if (entry === "") return;
    const where = `ALLOWED_ORIGINS entry ${i + 1}`;
    if (entry === "*" || entry.toLowerCase() === "null") throw new WorkerConfigError(`${where}: "*" and "null" are not allowed; list each origin`);
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      throw new WorkerConfigError(`${where} is not an origin (scheme://host[:port])`);
    }
    const bare = url.pathname === "/" && url.search === "" && url.hash === "" && url.username === "" && url.password === "" && !entry.endsWith("?") && !entry.endsWith("#");
    if ((url.protocol !== "https:" && url.protocol !== "http:") || !bare) throw new WorkerConfigError(`${where} is not an origin (scheme://host[:port])`);
    if (!out.includes(url.origin)) out.push(url.origin);
  });
  return out;
}

/**
 * ALLOWED_HOSTS as host names in the form `URL.hostname` gives them (lower case, IDN as
 * punycode, IPv6 in brackets), so they compare with a request's host directly. Entries are bare
 * names: a scheme, port, path or `*` is refused (a wildcard would undo the Host check).
 *
 * @example readAllowedHosts({ ALLOWED_HOSTS: "Sql.Example.COM, 192.168.1.5" }) // ["sql.example.com", "192.168.1.5"]
 * @throws WorkerConfigError naming ALLOWED_HOSTS for an entry that is not a bare host name.
 */
export function readAllowedHosts(env: Pick<WorkerEnv, "ALLOWED_HOSTS">): string[] {
  const out: string[] = [];
  const entries = (env.ALLOWED_HOSTS ?? "").split(",").map((h) => h.trim());
  entries.forEach((entry, i) => {
    if (entry === "") return;
    const hostname = bareHostname(entry);
    if (hostname === undefined) throw new WorkerConfigError(`ALLOWED_HOSTS entry ${i + 1} is not a host name (no scheme, port, path or "*")`);
    if (!out.includes(hostname)) out.push(hostname);
  });
  return out;
}

/** `entry` as a hostname when it is nothing but one. */
function bareHostname(entry: string): string | undefined {
  if (entry.includes("*") || /[/?#@\\\s]/.test(entry)) return undefined;
  let url: URL;
  try {
    url = new URL(`http://${entry}`);
  } catch {
    return undefined;
  }
  // A port ("host:8787") shows in `host` but not in `hostname`.
  if (url.host !== url.hostname || url.hostname === "") return undefined;
  return url.hostname.replace(/\.$/, "");
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}
