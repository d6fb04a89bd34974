/**
 * Which credentials each control-plane API gets, and the transports that hold them.
 *
 * The rules (python-driver.md section 2.15): the connection's global API key is preferred for
 * everything; a dedicated Tableflow or Connect key pair is consulted only without one; the CMK
 * cluster lookup and raw `cloud` requests need the global key. A connection on a bearer token
 * (BYOIDC, OAuth) fails closed: the control-plane APIs are not called with it, and no key is
 * silently substituted. `auth: "none"` (a proxy adds credentials) sends none here either.
 *
 * Options are validated when the helper is made (coded InterfaceErrors, no I/O, like
 * `connect()`); a missing credential is reported when an API first needs it (ProgrammingError),
 * as the Python driver does. Secrets live only inside the transports built here.
 */
import { InterfaceError, ProgrammingError } from "../errors.ts";
import type { AuthSpec } from "../client/auth.ts";
import { POLL_POLICY, type BackoffPolicy } from "../client/backoff.ts";
import type { ClientContext } from "../client/context.ts";
import { HttpTransport } from "../client/http.ts";

/** Options of {@link controlPlane}. Names follow the Python driver's `connect()` parameters in camelCase. */
export interface ControlPlaneOptions {
  /** Tableflow API key pair; used only when the connection has no global API key. */
  tableflowApiKey?: string | undefined;
  tableflowApiSecret?: string | undefined;
  /** Connect (connectors) API key pair; used only when the connection has no global API key. */
  connectApiKey?: string | undefined;
  connectApiSecret?: string | undefined;
  /**
   * The Kafka cluster id (`lkc-…`) of the connection's database. Given, Tableflow and
   * connectors never look it up (no CMK request, no global key needed). The Python driver's
   * `database_kafka_cluster_id`.
   */
  kafkaClusterId?: string | undefined;
  /** Pacing of the waits (first delay and cap, in ms). Default 500 ms growing to 10 s. */
  poll?: { initialMs?: number; maxMs?: number } | undefined;
}

/** The control-plane API a request is for, which decides its credentials. */
export type ControlPlaneApi = "tableflow" | "connect" | "cloud";

/** Waits on the control plane: Tableflow and connectors change state in seconds, not milliseconds. */
export const CONTROL_PLANE_POLL: BackoffPolicy = { ...POLL_POLICY, initialMs: 500, maxMs: 10_000, factor: 1.5 };

/** Validated options; the key pairs stay here until a transport is built from them. */
export interface ResolvedControlPlane {
  readonly kafkaClusterId: string | undefined;
  readonly poll: BackoffPolicy;
  /** The APIs given a dedicated key pair (for summaries; no secrets). */
  readonly dedicated: readonly ControlPlaneApi[];
  /** The transport for `api`; throws the coded error when it has no credentials. */
  transport(api: ControlPlaneApi): HttpTransport;
}

function fail(code: string, message: string): never {
  throw new InterfaceError(code, message);
}

function optString(o: Record<string, unknown>, key: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null || v === "") return undefined;
  if (typeof v !== "string") fail("CONFIG_INVALID", `controlPlane(): ${key} must be a string, got ${typeof v}`);
  return v;
}

function pair(o: Record<string, unknown>, keyName: string, secretName: string): AuthSpec | undefined {
  const key = optString(o, keyName);
  const secret = optString(o, secretName);
  // A half pair is a mistake even when a global key makes it unused: say so rather than ignore it.
  if ((key === undefined) !== (secret === undefined)) fail("CONFIG_PARTIAL_CREDENTIALS", `controlPlane(): ${keyName} and ${secretName} must be given together`);
  return key === undefined || secret === undefined ? undefined : { kind: "basic", key, secret };
}

function pollPolicy(value: unknown): BackoffPolicy {
  if (value === undefined || value === null) return CONTROL_PLANE_POLL;
  if (typeof value !== "object") fail("CONFIG_INVALID", "controlPlane(): poll must be an object");
  const ms = (key: "initialMs" | "maxMs"): number => {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined) return CONTROL_PLANE_POLL[key];
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) fail("CONFIG_INVALID", `controlPlane(): poll.${key} must be a non-negative number of milliseconds`);
    return v;
  };
  return { ...CONTROL_PLANE_POLL, initialMs: ms("initialMs"), maxMs: ms("maxMs") };
}

const SUBJECT: Record<ControlPlaneApi, string> = { tableflow: "Tableflow", connect: "Connectors", cloud: "Control-plane requests" };
const NEEDS: Record<ControlPlaneApi, string> = { tableflow: "Tableflow needs", connect: "Connectors need", cloud: "Control-plane requests need" };

/** Validates `options` against the connection's auth; throws coded InterfaceErrors. */
export function resolveControlPlane(ctx: ClientContext, options: ControlPlaneOptions | undefined): ResolvedControlPlane {
  if (options !== undefined && (options === null || typeof options !== "object")) fail("CONFIG_INVALID", "controlPlane(): options must be an object");
  const o = (options ?? {}) as Record<string, unknown>;
  const dedicated: Partial<Record<ControlPlaneApi, AuthSpec>> = {};
  const tableflow = pair(o, "tableflowApiKey", "tableflowApiSecret");
  const connect = pair(o, "connectApiKey", "connectApiSecret");
  if (tableflow) dedicated.tableflow = tableflow;
  if (connect) dedicated.connect = connect;
  const authKind = ctx.config.authKind;
  if (authKind === "bearer" && (tableflow || connect)) {
    // As connect() refuses a token next to API keys: one connection, one kind of identity.
    fail("CONFIG_CREDENTIALS_CONFLICT", "controlPlane(): API key pairs cannot be combined with a connection that uses a bearer token");
  }
  const kafkaClusterId = optString(o, "kafkaClusterId");
  const poll = pollPolicy(o.poll);

  const built = new Map<ControlPlaneApi | "none", HttpTransport>();
  const build = (slot: ControlPlaneApi | "none", auth: AuthSpec): HttpTransport => {
    let t = built.get(slot);
    if (t === undefined) {
      const c = ctx.config;
      t = new HttpTransport({ fetch: c.fetch, auth, userAgent: c.userAgent, requestTimeoutMs: c.httpTimeoutMs, retry: c.retry, random: c.random, onRequest: c.onRequest });
      built.set(slot, t);
    }
    return t;
  };

  return {
    kafkaClusterId,
    poll,
    dedicated: Object.keys(dedicated) as ControlPlaneApi[],
    transport(api) {
      if (authKind === "bearer") {
        throw new ProgrammingError(
          "CONTROL_PLANE_BEARER_UNSUPPORTED",
          `${SUBJECT[api]} cannot be used on a connection that uses a bearer token (BYOIDC/OAuth): the client does not send that token to the control plane; connect with a global API key instead`,
        );
      }
      if (ctx.controlPlane !== undefined) return ctx.controlPlane;
      const own = api === "cloud" ? undefined : dedicated[api];
      if (own !== undefined) return build(api, own);
      if (authKind === "none") return build("none", { kind: "none" });
      const pairHint = api === "cloud" ? "" : ` or controlPlane(conn, { ${api}ApiKey, ${api}ApiSecret })`;
      throw new ProgrammingError("CONTROL_PLANE_NO_CREDENTIALS", `${NEEDS[api]} a global API key (connect({ globalApiKey, globalApiSecret }))${pairHint}`);
    },
  };
}
