/**
 * The options of `createEmulator` and their resolved form. Pure data: no behaviour here.
 */
import type { Clock } from "./clock.ts";
import type { Engine, EngineContext } from "./engine.ts";

/** Route identifiers, used to aim faults at one route. */
export type RouteId =
  | "statements.create"
  | "statements.list"
  | "statements.get"
  | "statements.update"
  | "statements.patch"
  | "statements.delete"
  | "statements.results"
  | "statements.exceptions"
  | "organizations.list"
  | "clusters.list"
  | "tableflow.list"
  | "tableflow.create"
  | "tableflow.get"
  | "tableflow.update"
  | "tableflow.delete"
  | "connectors.list"
  | "connectors.create"
  | "connectors.get"
  | "connectors.status"
  | "connectors.pause"
  | "connectors.resume"
  | "connectors.config"
  | "connectors.update"
  | "connectors.restart"
  | "connectors.delete";

/**
 * One injected fault.
 * - `latency`: wait `ms` (real time, like a slow network) before handling; combines with others.
 * - `error`: answer `status` (default 503) with an error body, without handling the request.
 * - `rate-limit`: answer 429 with `Retry-After: retryAfterSeconds` (default 1) and `X-RateLimit-*`
 *   (the limit named is `rateLimit.perSecond`, else `perMinute`, else the real service's 50/s).
 * - `drop`: the connection breaks. In process, `fetch` rejects with a TypeError; over HTTP the
 *   server destroys the socket. `when: "after"` handles the request first (its effects stay),
 *   then drops the answer.
 * - `truncate`: the request is handled but the body stops after `bytes` (default: half of it)
 *   and the stream errors, as when a connection resets mid-body.
 */
export type Fault =
  | { readonly kind: "latency"; readonly ms: number }
  | { readonly kind: "error"; readonly status?: number }
  | { readonly kind: "rate-limit"; readonly retryAfterSeconds?: number }
  | { readonly kind: "drop"; readonly when?: "before" | "after" }
  | { readonly kind: "truncate"; readonly bytes?: number };

/**
 * Where and how often faults happen. Each matching request consults the rule once: with
 * `sequence`, the n-th matching request gets `sequence[n]` (null = no fault; after the end,
 * none); with `probability`, a seeded draw picks whether a fault happens and which of `faults`.
 */
export interface FaultRule {
  /** Routes the rule applies to; default every route. */
  readonly route?: RouteId | readonly RouteId[];
  /** HTTP methods the rule applies to (upper case); default every method. */
  readonly method?: string | readonly string[];
  readonly sequence?: ReadonlyArray<Fault | null>;
  readonly probability?: number;
  readonly faults?: Fault | readonly Fault[];
}

/** Request budgets, counted in fixed windows of the emulator's clock. */
export interface RateLimitOptions {
  readonly perSecond?: number;
  readonly perMinute?: number;
}

/**
 * Phase delays in milliseconds of the emulator's clock. 0 means "right after the answer". The
 * control plane uses the same delays: Tableflow PENDING -> RUNNING and connector PROVISIONING
 * -> RUNNING (and resume) take `pendingMs`, a connector's pause `stoppingMs`, and deleting a
 * Tableflow topic or a connector `deletingMs`.
 */
export interface TimingOptions {
  /** PENDING -> RUNNING (and resume's PENDING -> RUNNING). */
  readonly pendingMs?: number;
  /** STOPPING -> STOPPED. */
  readonly stoppingMs?: number;
  /** DELETING -> gone (404). */
  readonly deletingMs?: number;
  /** FAILING -> FAILED after a run-time failure. */
  readonly failingMs?: number;
}

/**
 * Options of `createEmulator`; every one is optional. A non-positive `resultPageSize`,
 * `snapshotResultsTtlMs` or `maxStatementNameLength` falls back to its default rather than
 * throwing, so a test's setup does not fail on it.
 */
export interface EmulatorOptions {
  /** Organization id (a UUID); default a fixed emulator id. */
  readonly organizationId?: string;
  readonly environmentId?: string;
  /** Display name of the environment (the SQL catalog name). Default "default". */
  readonly environmentName?: string;
  /** Kafka clusters (SQL databases) of the environment; the first is `connectOptions.database`. */
  readonly databases?: ReadonlyArray<{ readonly id: string; readonly name: string }>;
  readonly apiKey?: string;
  readonly apiSecret?: string;
  /** Default compute pool, used when a create names none. */
  readonly computePoolId?: string;
  /**
   * Statements each compute pool runs at once. Default unlimited. The real service sizes pools
   * in CFUs; the emulator counts one slot per statement whose job exists (RUNNING, DEGRADED,
   * STOPPING, FAILING). A statement that would start while its pool is full stays PENDING with
   * `status.scaling_status.scaling_state` "POOL_EXHAUSTED" (what the client reports as
   * ComputePoolExhaustedError) and starts, oldest first, when a slot frees. A non-positive or
   * non-numeric value means unlimited.
   */
  readonly computePoolCapacity?: number;
  /** Principal inferred from the API key. Default "u-emulator". */
  readonly principal?: string;
  /**
   * "instant" (default): system time, phases change right after each answer.
   * "realistic": system time with demo-like delays. Or any Clock (e.g. ManualClock) with
   * realistic delays unless `timing` says otherwise.
   */
  readonly clock?: Clock | "instant" | "realistic";
  readonly timing?: TimingOptions;
  /** Seed for ids, fault dice and the engine's generators. Default 1. */
  readonly seed?: number;
  /** Engine factory; default the built-in Flink SQL engine. */
  readonly engine?: (ctx: EngineContext) => Engine;
  readonly faults?: readonly FaultRule[];
  readonly rateLimit?: RateLimitOptions;
  /** Rows per results page (server-chosen on the real service). Default 100. */
  readonly resultPageSize?: number;
  /** Auto-stop of unread unbounded foreground SELECTs. Default 5 minutes. 0 or Infinity disables. */
  readonly autoStopMs?: number;
  /** How long snapshot results stay readable after creation (then 408). Default 1 hour. */
  readonly snapshotResultsTtlMs?: number;
  /** Longest accepted statement name. Default 100 (the OAS); 72 is the documented stricter rule. */
  readonly maxStatementNameLength?: number;
  /** Allowed CORS origins; default "*". */
  readonly corsOrigins?: "*" | readonly string[];
  /** Require credentials (default true). With false, any or no Authorization is accepted. */
  readonly requireAuth?: boolean;
  /**
   * Bearer tokens accepted. Default: any non-empty token. With `Confluent-Identity-Pool-Id`
   * the (first) pool id is the principal; without it (a data-plane token) `principal` is.
   */
  readonly bearerTokens?: readonly string[];
  /** Origin used in `connectOptions.endpoint` for in-process use. Default "http://emulator.local". */
  readonly endpoint?: string;
}

/** What `connect()` needs to reach this emulator. */
export interface EmulatorConnectOptions {
  readonly endpoint: string;
  /** The same origin: the emulator also answers the control-plane routes (cmk, Tableflow, Connect). */
  readonly controlPlaneEndpoint: string;
  readonly organizationId: string;
  readonly environmentId: string;
  readonly flinkApiKey: string;
  readonly flinkApiSecret: string;
  readonly database: string;
  readonly computePoolId: string;
}

/**
 * The dedicated key pairs `controlPlane()` (`confluent-sql/control-plane`) takes, set to the
 * emulator's key: `connectOptions` carries a Flink key, which the real control plane refuses.
 */
export interface EmulatorControlPlaneOptions {
  readonly tableflowApiKey: string;
  readonly tableflowApiSecret: string;
  readonly connectApiKey: string;
  readonly connectApiSecret: string;
  /** The id of `connectOptions.database`: the cluster lookup needs a global key, which this is not. */
  readonly kafkaClusterId: string;
}

export const DEFAULTS = {
  organizationId: "b0b21724-4586-4a07-b787-d0bb5aacbf87",
  environmentId: "env-emu001",
  environmentName: "default",
  databases: [{ id: "lkc-emu001", name: "cluster_0" }],
  apiKey: "EMULATORKEY00001",
  apiSecret: "emulator-secret",
  computePoolId: "lfcp-emu001",
  principal: "u-emulator",
  seed: 1,
  resultPageSize: 100,
  autoStopMs: 5 * 60_000,
  snapshotResultsTtlMs: 60 * 60_000,
  maxStatementNameLength: 100,
  endpoint: "http://emulator.local",
  realisticTiming: { pendingMs: 1200, stoppingMs: 600, deletingMs: 400, failingMs: 500 },
  instantTiming: { pendingMs: 0, stoppingMs: 0, deletingMs: 0, failingMs: 0 },
} as const;
