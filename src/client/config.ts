/**
 * `connect()` options: the public option type and their eager validation into a resolved config.
 *
 * Validation happens before anything else and does no I/O. Every mistake is an InterfaceError
 * with a specific `code` (CONFIG_*) and a message that names the option, never its value when the
 * option is a credential. Credentials leave this module only inside the auth spec handed to the
 * transport; the resolved config itself holds none.
 */
import { InterfaceError } from "../errors.ts";
import type { AuthSpec, TokenSource } from "./auth.ts";
import { POLL_POLICY, RETRY_POLICY, type BackoffPolicy } from "./backoff.ts";
import type { RequestEvent, RetryOptions } from "./http.ts";
import type { CastHook, DecodeOptions as TypeDecodeOptions } from "../types/decode.ts";

/** How result values become JS values (the type module's options, without the per-statement time zone). */
export type DecodeOptions = Omit<TypeDecodeOptions, "localTimeZone">;

/** Package version, sent in the default User-Agent. */
export const VERSION = "0.1.0";
/** The User-Agent header sent unless `connect({ userAgent })` gives another. */
export const DEFAULT_USER_AGENT = `confluent-sql-js/${VERSION} (+https://www.npmjs.com/package/confluent-sql)`;
export const DEFAULT_CONTROL_PLANE = "https://api.confluent.cloud";

export type { CastHook };

/** Options of {@link connect}. Names follow the Python driver's `connect()` in camelCase. */
export interface ConnectOptions extends DecodeOptions {
  /** Confluent Cloud organization id (UUID). May be omitted with a global API key: it is then looked up. */
  organizationId?: string | undefined;
  /** Environment id, e.g. `env-abc123`. Required. */
  environmentId: string;
  /** `aws`, `gcp` or `azure`; with `cloudRegion` builds `https://flink.{region}.{provider}.confluent.cloud`. */
  cloudProvider?: string | undefined;
  cloudRegion?: string | undefined;
  /**
   * Flink gateway base URL instead of provider/region (private networking, a proxy, the emulator).
   * A compute pool's `http_endpoint`, which ends in `/sql/v1/organizations/{org}/environments/{env}`,
   * is accepted too: that path is dropped, its organization fills in an omitted `organizationId`,
   * and ids that differ from `organizationId` / `environmentId` are refused
   * (`CONFIG_INVALID_ENDPOINT`), as is any other `/sql/v1` path. Other paths (a proxy's prefix) are kept.
   */
  endpoint?: string | undefined;
  /** Control plane base URL for the organization lookup. Default `https://api.confluent.cloud`. */
  controlPlaneEndpoint?: string | undefined;
  /** Flink region API key pair (Basic auth). */
  flinkApiKey?: string | undefined;
  flinkApiSecret?: string | undefined;
  /** Global API key pair (Basic auth); preferred over the Flink pair when both are given. */
  globalApiKey?: string | undefined;
  globalApiSecret?: string | undefined;
  /** Bearer token (OAuth/BYOIDC), or a function returning one (called again when a 401 says it expired). */
  token?: TokenSource | undefined;
  /** Alias of `token` (the Python driver's `external_access_token`). */
  externalAccessToken?: TokenSource | undefined;
  /** Sent as `Confluent-Identity-Pool-Id` with a bearer token. */
  identityPoolId?: string | undefined;
  /** `"none"`: send no credentials (a proxy in front adds them). */
  auth?: "none" | undefined;
  /** Default database (Kafka cluster), sets `sql.current-database`. */
  database?: string | undefined;
  /** Catalog for `sql.current-catalog`; default: the environment id. */
  catalog?: string | undefined;
  /** Default compute pool; absent means the environment's default pool. */
  computePoolId?: string | undefined;
  /** Statement properties added to every statement (reserved keys refused). */
  properties?: Readonly<Record<string, string | number | boolean>> | undefined;
  /** Session time zone (`sql.local-time-zone`), e.g. `UTC`, `Europe/Berlin`. */
  localTimeZone?: string | undefined;
  /** Per HTTP request timeout in ms (default 10000). */
  httpTimeoutMs?: number | undefined;
  /** User-Agent header, 1 to 100 characters on one line (the Python driver's limit). */
  userAgent?: string | undefined;
  /** Minimum pause between result page fetches in ms (default 0). */
  resultPageFetchPauseMs?: number | undefined;
  /** fetch implementation (default globalThis.fetch); e.g. the emulator's `fetch`. */
  fetch?: typeof globalThis.fetch | undefined;
  /** HTTP retry tuning. */
  retry?: { maxAttempts?: number; initialDelayMs?: number; maxDelayMs?: number; budgetMs?: number } | undefined;
  /** Statement polling tuning (first delay and cap, in ms). */
  poll?: { initialMs?: number; maxMs?: number } | undefined;
  /** Random source for jitter (tests). */
  random?: (() => number) | undefined;
  /** Called after every HTTP attempt with method, route, status, duration and request id (no headers, no bodies). */
  onRequest?: ((event: RequestEvent) => void) | undefined;
}

/** Validated, normalised configuration without credentials. */
export interface ResolvedConfig {
  readonly organizationId: string | undefined;
  readonly environmentId: string;
  /** Gateway base URL, no trailing slash. */
  readonly endpoint: string;
  readonly controlPlaneEndpoint: string;
  readonly authKind: AuthSpec["kind"];
  /** Whether the organization may be looked up (a global key is configured). */
  readonly canInferOrganization: boolean;
  readonly database: string | undefined;
  readonly catalog: string;
  readonly computePoolId: string | undefined;
  readonly properties: Readonly<Record<string, string>>;
  readonly localTimeZone: string | undefined;
  readonly httpTimeoutMs: number;
  readonly userAgent: string;
  readonly resultPageFetchPauseMs: number;
  readonly fetch: typeof globalThis.fetch;
  readonly retry: RetryOptions;
  readonly poll: BackoffPolicy;
  readonly random: () => number;
  readonly decode: DecodeOptions;
  readonly onRequest: ((event: RequestEvent) => void) | undefined;
}

/** Property keys the client sets itself; callers use the dedicated options instead. */
export const RESERVED_PROPERTIES: ReadonlySet<string> = new Set(["sql.current-catalog", "sql.current-database", "sql.snapshot.mode"]);

function fail(code: string, message: string): never {
  throw new InterfaceError(code, message);
}

function optString(options: Record<string, unknown>, key: string): string | undefined {
  const v = options[key];
  if (v === undefined || v === null || v === "") return undefined;
  if (typeof v !== "string") fail("CONFIG_INVALID", `connect(): ${key} must be a string, got ${typeof v}`);
  return v;
}

function positive(options: Record<string, unknown>, key: string, fallback: number, allowZero = false): number {
  const v = options[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || (!allowZero && v === 0)) {
    fail("CONFIG_INVALID", `connect(): ${key} must be a ${allowZero ? "non-negative" : "positive"} number of milliseconds`);
  }
  return v;
}

function normaliseUrl(key: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail("CONFIG_INVALID_ENDPOINT", `connect(): ${key} is not a valid URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") fail("CONFIG_INVALID_ENDPOINT", `connect(): ${key} must be an http(s) URL`);
  if (url.username !== "" || url.password !== "") fail("CONFIG_INVALID_ENDPOINT", `connect(): ${key} must not contain credentials`);
  if (url.search !== "" || url.hash !== "") fail("CONFIG_INVALID_ENDPOINT", `connect(): ${key} must not have a query or fragment`);
  return url.toString().replace(/\/+$/, "");
}

/**
 * Splits a gateway URL that already ends in `/sql/v1/organizations/{org}/environments/{env}` (a
 * compute pool's `http_endpoint`) into its base and ids; any other `/sql/v1` path is refused, as
 * the client appends that path itself. Other paths (a proxy's prefix) are kept.
 */
function splitPoolEndpoint(endpoint: string): { base: string; org?: string; env?: string } {
  const path = new URL(endpoint).pathname;
  const at = path.search(/\/sql\/v1(\/|$)/);
  if (at < 0) return { base: endpoint };
  const base = endpoint.slice(0, endpoint.length - path.length + at);
  const m = /^\/sql\/v1\/organizations\/([^/]+)\/environments\/([^/]+)\/?$/.exec(path.slice(at));
  if (m === null) fail("CONFIG_INVALID_ENDPOINT", `connect(): endpoint must be the gateway's base URL without a /sql/v1/... route; pass ${base}`);
  return { base, org: m[1]!, env: m[2]! };
}

/** Prefix of end-user labels (as `LABEL_PREFIX` of statement.ts, which config.ts does not import). */
const LABEL_PREFIX = "user.confluent.io/";
/** A label name in Kubernetes' syntax, which `label_selector` uses: 1-63 characters. */
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/**
 * Validates end-user labels into their full keys (`user.confluent.io/<label>`; the prefix may be
 * given). A label is 1 to 63 letters, digits, `-`, `_` and `.`, beginning and ending with a letter
 * or digit (Kubernetes' label names): anything else (`,`, `=`, `/`, spaces) would change what a
 * `label_selector` means. Throws InterfaceError LABELS_INVALID.
 */
export function labelKeys(labels: unknown, where: string): string[] {
  if (!Array.isArray(labels)) fail("LABELS_INVALID", `${where}: labels must be an array of strings`);
  return labels.map((label: unknown, i) => {
    if (typeof label !== "string" || label === "") fail("LABELS_INVALID", `${where}: labels[${i}] must be a non-empty string`);
    const name = label.startsWith(LABEL_PREFIX) ? label.slice(LABEL_PREFIX.length) : label;
    if (!LABEL_NAME.test(name)) {
      fail("LABELS_INVALID", `${where}: labels[${i}] ${JSON.stringify(label)} is not a label (1-63 letters, digits, '-', '_', '.'; a letter or digit at both ends)`);
    }
    return LABEL_PREFIX + name;
  });
}

/** Validates a label list into wire labels (`user.confluent.io/<label>: "true"`), as {@link labelKeys}. */
export function labelsToWire(labels: unknown, where: string): Record<string, string> | undefined {
  if (labels === undefined || labels === null) return undefined;
  const out: Record<string, string> = {};
  for (const key of labelKeys(labels, where)) out[key] = "true";
  return Object.keys(out).length === 0 ? undefined : out;
}

/** Validates user statement properties: string keys, string/number/boolean values, no reserved keys. */
export function propertiesToWire(props: unknown, where: string): Record<string, string> {
  if (props === undefined || props === null) return {};
  if (typeof props !== "object" || Array.isArray(props)) fail("PROPERTIES_INVALID", `${where}: properties must be an object`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(props as Record<string, unknown>)) {
    if (RESERVED_PROPERTIES.has(k)) {
      fail("PROPERTY_RESERVED", `${where}: property '${k}' is set by the client; use the ${k === "sql.snapshot.mode" ? "cursor kind" : k === "sql.current-catalog" ? "catalog option" : "database option"} instead`);
    }
    if (typeof v === "string") out[k] = v;
    else if (typeof v === "number" && Number.isFinite(v)) out[k] = String(v);
    else if (typeof v === "boolean") out[k] = String(v);
    else fail("PROPERTIES_INVALID", `${where}: property '${k}' must be a string, number or boolean`);
  }
  return out;
}

/**
 * The decode options present in `options` (`bigint`, `decimal`, `temporal`, `Temporal`, `cast`),
 * validated; `where` names the caller in messages. Throws InterfaceError CONFIG_INVALID.
 */
function decodeOptions(options: Record<string, unknown>, where: string): DecodeOptions {
  const decode: DecodeOptions = {};
  const enumOpt = <T extends string>(key: string, allowed: readonly T[]): T | undefined => {
    const v = options[key];
    if (v === undefined) return undefined;
    if (typeof v !== "string" || !(allowed as readonly string[]).includes(v)) {
      fail("CONFIG_INVALID", `${where}: ${key} must be one of ${allowed.map((a) => `"${a}"`).join(", ")}`);
    }
    return v as T;
  };
  const bigint = enumOpt("bigint", ["number", "bigint", "string"] as const);
  if (bigint !== undefined) decode.bigint = bigint;
  const decimal = enumOpt("decimal", ["string", "number"] as const);
  if (decimal !== undefined) decode.decimal = decimal;
  const temporal = enumOpt("temporal", ["string", "date", "temporal"] as const);
  if (temporal !== undefined) decode.temporal = temporal;
  if (options.Temporal !== undefined) decode.Temporal = options.Temporal;
  if (options.cast !== undefined) {
    if (typeof options.cast !== "function") fail("CONFIG_INVALID", `${where}: cast must be a function`);
    decode.cast = options.cast as CastHook;
  }
  return decode;
}

/**
 * The decode options of a cursor, query or attach: the connection's, overridden by those given
 * in `options` (validated like connect()'s, InterfaceError CONFIG_INVALID naming `where`).
 */
export function mergeDecodeOptions(base: DecodeOptions, options: object | undefined, where: string): DecodeOptions {
  if (options === undefined || options === null) return base;
  const narrow = decodeOptions(options as Record<string, unknown>, where);
  return Object.keys(narrow).length === 0 ? base : { ...base, ...narrow };
}

/** The auth spec and resolved config for `options`; throws coded InterfaceErrors. */
export function resolveConfig(input: ConnectOptions): { config: ResolvedConfig; auth: AuthSpec; controlPlaneAuth: AuthSpec | undefined } {
  if (input === null || typeof input !== "object") fail("CONFIG_INVALID", "connect() needs an options object");
  const o = input as unknown as Record<string, unknown>;

  const environmentId = optString(o, "environmentId");
  if (environmentId === undefined) fail("CONFIG_MISSING_ENVIRONMENT", "connect(): environmentId is required");

  // Endpoint: explicit, or derived from provider + region.
  const endpointOpt = optString(o, "endpoint");
  const provider = optString(o, "cloudProvider");
  const region = optString(o, "cloudRegion");
  let endpoint: string;
  let pool: { org?: string; env?: string } = {};
  if (endpointOpt !== undefined) {
    if (provider !== undefined || region !== undefined) {
      fail("CONFIG_ENDPOINT_CONFLICT", "connect(): give either endpoint or cloudProvider + cloudRegion, not both");
    }
    const split = splitPoolEndpoint(normaliseUrl("endpoint", endpointOpt));
    endpoint = split.base;
    pool = split;
  } else {
    if (provider === undefined) fail("CONFIG_MISSING_CLOUD", "connect(): cloudProvider is required when endpoint is not given");
    if (region === undefined) fail("CONFIG_MISSING_CLOUD", "connect(): cloudRegion is required when endpoint is not given");
    const p = provider.toLowerCase();
    const r = region.toLowerCase();
    if (!/^[a-z0-9-]+$/.test(p)) fail("CONFIG_INVALID", "connect(): cloudProvider must be like aws, gcp or azure");
    if (!/^[a-z0-9-]+$/.test(r)) fail("CONFIG_INVALID", "connect(): cloudRegion must be like us-east-2");
    endpoint = `https://flink.${r}.${p}.confluent.cloud`;
  }
  const cp = optString(o, "controlPlaneEndpoint");
  const controlPlaneEndpoint = cp === undefined ? DEFAULT_CONTROL_PLANE : normaliseUrl("controlPlaneEndpoint", cp);

  // Credentials.
  const pair = (keyName: string, secretName: string) => {
    const key = optString(o, keyName);
    const secret = optString(o, secretName);
    if ((key === undefined) !== (secret === undefined)) {
      fail("CONFIG_PARTIAL_CREDENTIALS", `connect(): ${keyName} and ${secretName} must be given together`);
    }
    return key === undefined || secret === undefined ? undefined : { key, secret };
  };
  const global = pair("globalApiKey", "globalApiSecret");
  const flink = pair("flinkApiKey", "flinkApiSecret");
  if (o.token !== undefined && o.externalAccessToken !== undefined) {
    fail("CONFIG_CREDENTIALS_CONFLICT", "connect(): give token or externalAccessToken, not both");
  }
  const token = o.token ?? o.externalAccessToken;
  if (token !== undefined && token !== null && typeof token !== "string" && typeof token !== "function") {
    fail("CONFIG_INVALID", "connect(): token must be a string or a function returning one");
  }
  const hasToken = typeof token === "function" || (typeof token === "string" && token !== "");
  const identityPoolId = optString(o, "identityPoolId");
  const authOpt = o.auth;
  if (authOpt !== undefined && authOpt !== "none") fail("CONFIG_INVALID", "connect(): auth must be \"none\" when given");

  let auth: AuthSpec;
  if (authOpt === "none") {
    if (global || flink || hasToken) fail("CONFIG_CREDENTIALS_CONFLICT", "connect(): auth: \"none\" cannot be combined with API keys or a token");
    auth = { kind: "none" };
  } else if (hasToken) {
    if (global || flink) fail("CONFIG_CREDENTIALS_CONFLICT", "connect(): a bearer token cannot be combined with API key credentials");
    auth = { kind: "bearer", token: token as TokenSource, identityPoolId };
  } else if (global) {
    auth = { kind: "basic", key: global.key, secret: global.secret };
  } else if (flink) {
    auth = { kind: "basic", key: flink.key, secret: flink.secret };
  } else {
    return fail(
      "CONFIG_NO_CREDENTIALS",
      "connect(): no credentials: give globalApiKey/globalApiSecret, flinkApiKey/flinkApiSecret, a token, or auth: \"none\"",
    );
  }
  if (identityPoolId !== undefined && auth.kind !== "bearer") fail("CONFIG_INVALID", "connect(): identityPoolId is only used with a bearer token");

  const givenOrg = optString(o, "organizationId");
  for (const [what, inUrl, given] of [["environment", pool.env, environmentId], ["organization", pool.org, givenOrg]]) {
    if (inUrl !== undefined && given !== undefined && inUrl !== given) {
      fail("CONFIG_INVALID_ENDPOINT", `connect(): endpoint names ${what} '${inUrl}' but ${what}Id is '${given}'; pass the base URL ${endpoint} as endpoint`);
    }
  }
  const organizationId = givenOrg ?? pool.org;
  const canInferOrganization = global !== undefined;
  if (organizationId === undefined && !canInferOrganization) {
    fail("CONFIG_MISSING_ORGANIZATION", "connect(): organizationId is required (it can only be looked up with a global API key)");
  }

  const database = optString(o, "database");
  const catalog = optString(o, "catalog") ?? environmentId;
  const computePoolId = optString(o, "computePoolId");
  const localTimeZone = optString(o, "localTimeZone");
  const properties = propertiesToWire(o.properties, "connect()");
  if (localTimeZone !== undefined) properties["sql.local-time-zone"] = localTimeZone;

  const httpTimeoutMs = positive(o, "httpTimeoutMs", 10_000);
  const resultPageFetchPauseMs = positive(o, "resultPageFetchPauseMs", 0, true);
  const userAgent = o.userAgent === undefined ? DEFAULT_USER_AGENT : o.userAgent;
  if (typeof userAgent !== "string" || userAgent.length < 1 || userAgent.length > 100 || /[\r\n]/.test(userAgent)) {
    fail("CONFIG_INVALID", "connect(): userAgent must be a single-line string of 1 to 100 characters");
  }
  const f = o.fetch ?? (globalThis as { fetch?: unknown }).fetch;
  if (typeof f !== "function") fail("CONFIG_NO_FETCH", "connect(): no fetch available; pass options.fetch");
  const random = o.random ?? Math.random;
  if (typeof random !== "function") fail("CONFIG_INVALID", "connect(): random must be a function");

  const r = (o.retry ?? {}) as Record<string, unknown>;
  if (typeof r !== "object") fail("CONFIG_INVALID", "connect(): retry must be an object");
  const maxAttempts = positive(r, "maxAttempts", 4);
  const retry: RetryOptions = {
    maxAttempts: Math.floor(maxAttempts),
    policy: { ...RETRY_POLICY, initialMs: positive(r, "initialDelayMs", RETRY_POLICY.initialMs, true), maxMs: positive(r, "maxDelayMs", RETRY_POLICY.maxMs, true) },
    budgetMs: positive(r, "budgetMs", 30_000, true),
  };
  const p = (o.poll ?? {}) as Record<string, unknown>;
  if (typeof p !== "object") fail("CONFIG_INVALID", "connect(): poll must be an object");
  const poll: BackoffPolicy = { ...POLL_POLICY, initialMs: positive(p, "initialMs", POLL_POLICY.initialMs, true), maxMs: positive(p, "maxMs", POLL_POLICY.maxMs, true) };

  const decode = decodeOptions(o, "connect()");

  const onRequest = o.onRequest;
  if (onRequest !== undefined && typeof onRequest !== "function") fail("CONFIG_INVALID", "connect(): onRequest must be a function");

  const config: ResolvedConfig = {
    organizationId,
    environmentId,
    endpoint,
    controlPlaneEndpoint,
    authKind: auth.kind,
    canInferOrganization,
    database,
    catalog,
    computePoolId,
    properties,
    localTimeZone,
    httpTimeoutMs,
    userAgent,
    resultPageFetchPauseMs,
    fetch: f as typeof globalThis.fetch,
    retry,
    poll,
    random: random as () => number,
    decode,
    onRequest: onRequest as ((event: RequestEvent) => void) | undefined,
  };
  return { config, auth, controlPlaneAuth: global ? { kind: "basic", key: global.key, secret: global.secret } : undefined };
}
