/**
 * `createEmulator`: wires options, clock, engine, lifecycle, routes (sql/v1 and the control
 * plane), faults and rate limits into one fetch-compatible handler, plus `listen()` for real
 * HTTP (Node, Bun, Deno).
 */
import { SystemClock, type Clock } from "./clock.ts";
import type { Engine } from "./engine.ts";
import { FaultInjector } from "./gateway/faults.ts";
import { Lifecycle } from "./gateway/lifecycle.ts";
import { randomHex, seededRandom } from "./gateway/random.ts";
import { RateLimiter } from "./gateway/rate-limit.ts";
import { DroppedConnection, Router, type Handled } from "./gateway/router.ts";
import { Routes } from "./gateway/routes.ts";
import type { StoredStatement } from "./gateway/statement.ts";
import { DEFAULTS, type EmulatorConnectOptions, type EmulatorControlPlaneOptions, type EmulatorOptions, type FaultRule } from "./options.ts";
import { createSqlEngine } from "./sql/index.ts";
import { ControlPlane } from "./control-plane/routes.ts";

/** A fetch-compatible function. */
export type FetchFunction = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

/** A running HTTP listener. */
export interface EmulatorServer {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  readonly url: string;
  readonly port: number;
  /** `emulator.connectOptions` with `endpoint` set to `url`. */
  readonly connectOptions: EmulatorConnectOptions;
  close(): Promise<void>;
}

/** A read-only view of one statement, for tests and tools. */
export interface StatementInfo {
  readonly name: string;
  readonly phase: string;
  readonly detail: string;
  readonly resourceVersion: number;
  readonly stopped: boolean;
  /** Rows the execution has emitted so far (read or not). */
  readonly bufferedRows: number;
}

/**
 * A running emulator, as `createEmulator` returns it: a `fetch` to hand to `connect()`, the
 * matching `connectOptions`, and controls for tests (faults, the statement list, `close`).
 */
export interface Emulator {
  /** Standard fetch: answers sql/v1 and control-plane (cmk, Tableflow, Connect) requests in process, no sockets. */
  readonly fetch: FetchFunction;
  /** Everything `connect()` needs, pointing at the in-process endpoint. */
  readonly connectOptions: EmulatorConnectOptions;
  /**
   * Key pairs for `controlPlane(conn, emu.controlPlaneOptions)` (`confluent-sql/control-plane`),
   * so Tableflow, connectors and the Kafka cluster lookup run against this emulator.
   */
  readonly controlPlaneOptions: EmulatorControlPlaneOptions;
  readonly clock: Clock;
  readonly organizationId: string;
  readonly environmentId: string;
  /** Serves over HTTP on 127.0.0.1 (default) and `port` (default 0 = any free port). */
  listen(options?: { port?: number; hostname?: string }): Promise<EmulatorServer>;
  /** Replaces the fault rules (sequences restart). */
  setFaults(rules: readonly FaultRule[]): void;
  /** The statements that exist now, in creation order. */
  statements(): StatementInfo[];
  /**
   * Moves a RUNNING statement to DEGRADED with `detail` as its `status.detail`, as the real
   * service does for a job that stopped committing or keeps restarting. Its job keeps running.
   *
   * @example
   * ```ts
   * emu.degrade(cursor.statementName!, "No checkpoint completed in the last 10 minutes");
   * ```
   * @throws Error when no statement has that name or it is not RUNNING.
   */
  degrade(name: string, detail: string): void;
  /**
   * Brings a DEGRADED statement back to RUNNING and clears its detail.
   *
   * @example
   * ```ts
   * emu.recover(cursor.statementName!);
   * ```
   * @throws Error when no statement has that name or it is not DEGRADED.
   */
  recover(name: string): void;
  /** Stops every statement and timer and closes every listener. Idempotent. */
  close(): Promise<void>;
}

function info(st: StoredStatement): StatementInfo {
  return {
    name: st.name,
    phase: st.phase,
    detail: st.detail,
    resourceVersion: st.resourceVersion,
    stopped: st.stopped,
    bufferedRows: st.results.end,
  };
}

/** A TypeError like the one a real fetch raises when the network fails. */
function networkError(): TypeError {
  return new TypeError("fetch failed", { cause: new Error("connection dropped by the emulator's fault injection") });
}

/** A response whose body stops after `at` bytes and then errors, as on a reset connection. */
async function truncated(response: Response, at: number): Promise<Response> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  let sent = at <= 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      // Deliver the part first; erroring in the same call would discard it.
      if (!sent) {
        sent = true;
        controller.enqueue(bytes.slice(0, at));
        return;
      }
      controller.error(new TypeError("terminated", { cause: new Error("connection reset by the emulator's fault injection") }));
    },
  });
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/**
 * Creates an in-memory Flink SQL gateway speaking the Confluent Cloud sql/v1 protocol.
 *
 * Never throws for options of the declared types: out-of-range values (a negative page size,
 * say) fall back to defaults, so a typo cannot break a test's setup. An exception from a
 * custom `engine` factory propagates.
 *
 * @example
 * ```ts
 * const emu = createEmulator({ clock: "instant" });
 * const conn = connect({ ...emu.connectOptions, fetch: emu.fetch });
 * (await conn.query("SELECT 1 AS x")).rows; // [{ x: 1 }]
 * const server = await emu.listen({ port: 0 }); // real HTTP on 127.0.0.1, server.url
 * await server.close(); await emu.close();
 * ```
 */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const clockOption = options.clock ?? "instant";
  const clock: Clock = typeof clockOption === "object" ? clockOption : new SystemClock({ unref: true });
  const baseTiming = clockOption === "instant" ? DEFAULTS.instantTiming : DEFAULTS.realisticTiming;
  const timing = { ...baseTiming, ...options.timing };
  const seed = options.seed ?? DEFAULTS.seed;
  const random = seededRandom(seed);
  const organizationId = options.organizationId ?? DEFAULTS.organizationId;
  const environmentId = options.environmentId ?? DEFAULTS.environmentId;
  const environmentName = options.environmentName ?? DEFAULTS.environmentName;
  const databases = options.databases && options.databases.length > 0 ? options.databases : DEFAULTS.databases;
  const apiKey = options.apiKey ?? DEFAULTS.apiKey;
  const apiSecret = options.apiSecret ?? DEFAULTS.apiSecret;
  const computePoolId = options.computePoolId ?? DEFAULTS.computePoolId;
  const positive = (v: number | undefined, d: number) => (v !== undefined && v > 0 ? v : d);

  const engineFactory = options.engine ?? createSqlEngine;
  const engine: Engine = engineFactory({
    clock,
    environment: { id: environmentId, name: environmentName },
    databases,
    seed,
  });
  const lifecycle = new Lifecycle({
    clock,
    engine,
    random,
    pendingMs: timing.pendingMs,
    stoppingMs: timing.stoppingMs,
    deletingMs: timing.deletingMs,
    failingMs: timing.failingMs,
    autoStopMs: options.autoStopMs ?? DEFAULTS.autoStopMs,
    poolCapacity: Math.max(1, Math.floor(positive(Number(options.computePoolCapacity), Infinity))),
  });
  const routes = new Routes({
    organizationId,
    environmentId,
    organizationName: "Emulator",
    defaultComputePoolId: computePoolId,
    resultPageSize: Math.floor(positive(options.resultPageSize, DEFAULTS.resultPageSize)),
    snapshotResultsTtlMs: positive(options.snapshotResultsTtlMs, DEFAULTS.snapshotResultsTtlMs),
    maxStatementNameLength: positive(options.maxStatementNameLength, DEFAULTS.maxStatementNameLength),
    clock,
    lifecycle,
  });
  const controlPlane = new ControlPlane({
    organizationId,
    environmentId,
    databases,
    clock,
    random,
    pendingMs: timing.pendingMs,
    stoppingMs: timing.stoppingMs,
    deletingMs: timing.deletingMs,
    describeTopic: engine.describeTopic
      ? (kafkaClusterId, topic) => engine.describeTopic!({ environmentId, kafkaClusterId, topic })
      : null,
  });
  const faults = new FaultInjector(random, options.faults ?? []);
  const router = new Router({
    organizationId,
    environmentId,
    auth: {
      apiKey,
      apiSecret,
      principal: options.principal ?? DEFAULTS.principal,
      required: options.requireAuth ?? true,
      bearerTokens: options.bearerTokens ?? null,
    },
    corsOrigins: options.corsOrigins ?? "*",
    random,
    now: () => clock.now(),
    routes,
    controlPlane,
    faults,
    rateLimiter: new RateLimiter(options.rateLimit),
  });

  const endpoint = (options.endpoint ?? DEFAULTS.endpoint).replace(/\/+$/, "");
  const connectOptions: EmulatorConnectOptions = {
    endpoint,
    controlPlaneEndpoint: endpoint,
    organizationId,
    environmentId,
    flinkApiKey: apiKey,
    flinkApiSecret: apiSecret,
    database: databases[0]!.name,
    computePoolId,
  };

  const existing = (name: string): StoredStatement => {
    const st = lifecycle.get(name);
    if (!st || st.removed) throw new Error(`the emulator has no statement named '${name}'`);
    return st;
  };

  const servers = new Set<EmulatorServer>();
  let closed = false;

  const fetch: FetchFunction = async (input, init) => {
    const request = new Request(input, init);
    const signal = init?.signal ?? (input instanceof Request ? input.signal : null);
    if (signal?.aborted) throw signal.reason;
    if (closed) throw networkError();
    let handled: Handled;
    try {
      handled = await router.handle(request, signal);
    } catch (e) {
      if (e instanceof DroppedConnection) throw networkError();
      throw e;
    }
    if (handled.truncateAt !== undefined) return truncated(handled.response, handled.truncateAt);
    return handled.response;
  };

  const controlPlaneOptions: EmulatorControlPlaneOptions = {
    tableflowApiKey: apiKey,
    tableflowApiSecret: apiSecret,
    connectApiKey: apiKey,
    connectApiSecret: apiSecret,
    kafkaClusterId: databases[0]!.id,
  };

  const emulator: Emulator = {
    fetch,
    connectOptions,
    controlPlaneOptions,
    clock,
    organizationId,
    environmentId,
    async listen(listenOptions = {}) {
      const { serveHttp } = await import("./node/server.ts");
      const handle = await serveHttp(
        async (request) => {
          try {
            return await router.handle(request);
          } catch (e) {
            if (e instanceof DroppedConnection) return "drop";
            throw e;
          }
        },
        { port: listenOptions.port ?? 0, hostname: listenOptions.hostname ?? "127.0.0.1", requestId: () => randomHex(random, 32) },
      );
      const server: EmulatorServer = {
        url: handle.url,
        port: handle.port,
        connectOptions: { ...connectOptions, endpoint: handle.url, controlPlaneEndpoint: handle.url },
        async close() {
          servers.delete(server);
          await handle.close();
        },
      };
      servers.add(server);
      return server;
    },
    setFaults(rules) {
      faults.set(rules);
    },
    statements() {
      return lifecycle.all().map(info);
    },
    degrade(name, detail) {
      lifecycle.degrade(existing(name), String(detail));
    },
    recover(name) {
      lifecycle.recover(existing(name));
    },
    async close() {
      if (closed) return;
      closed = true;
      lifecycle.close();
      controlPlane.close();
      await Promise.all([...servers].map((s) => s.close()));
    },
  };
  return emulator;
}
