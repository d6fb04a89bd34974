/**
 * `controlPlane(conn, options)` and the `ControlPlane` helper: Tableflow, connectors, the
 * Kafka cluster id and raw control-plane requests for one connection's environment.
 *
 * It reads the connection through the client's internal context (config, the global-key
 * transport, the closed flag), so the public Connection API stays as it is and the core
 * bundle carries none of this. It must not import the emulator.
 */
import { InterfaceError, ProgrammingError } from "../errors.ts";
import { contextOf, type ClientContext } from "../client/context.ts";
import type { HttpMethod } from "../client/http.ts";
import type { CallOptions } from "../client/signals.ts";
import type { Connection } from "../client/connection.ts";
import { resolveClusterId } from "./cluster.ts";
import { createConnector, deleteConnector, getConnector, getConnectorConfig, listConnectors, restartConnector, setPaused, updateConnectorConfig } from "./connectors.ts";
import { resolveControlPlane, type ControlPlaneApi, type ControlPlaneOptions, type ResolvedControlPlane } from "./credentials.ts";
import type { Connector, ConnectorConfig, EnableTableflowOptions, TableflowTopic, UpdateTableflowOptions, WaitOptions } from "./models.ts";
import type { Plane } from "./plane.ts";
import { disableTableflow, enableTableflow, getTableflow, listTableflowTopics, updateTableflow } from "./tableflow.ts";
import { withCall } from "./wait.ts";

/** Options of {@link ControlPlane.request}. */
export interface ControlPlaneRequest extends CallOptions {
  /** Default `GET`. */
  method?: HttpMethod | undefined;
  /** A path on the control plane (`/cmk/v2/clusters`), or an absolute URL on its origin. */
  path: string;
  /** Query parameters (URL-encoded; undefined values skipped). */
  query?: Record<string, string | undefined> | undefined;
  /** Sent as JSON. */
  body?: unknown;
  /** Whose credentials: the global key (`cloud`, default), or the Tableflow or Connect pair when there is no global key. */
  api?: ControlPlaneApi | undefined;
  /** Statuses returned instead of thrown (the Python hook's `raise_for_status=False`, per status). */
  accept?: readonly number[] | undefined;
  /** Retry on network errors, 408, 429 and 5xx. Default: for GET and PUT only. */
  retry?: boolean | undefined;
}

/** What {@link ControlPlane.request} resolves to. */
export interface ControlPlaneResponse {
  readonly status: number;
  /** Parsed JSON, or undefined for an empty body. */
  readonly body: unknown;
  readonly headers: Headers;
  /** `X-Request-Id` of the response. */
  readonly requestId: string | undefined;
}

const INSPECT = Symbol.for("nodejs.util.inspect.custom");
const METHODS: readonly string[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];
const APIS: readonly string[] = ["tableflow", "connect", "cloud"];

/**
 * Control-plane operations for one connection's environment: Tableflow, connectors, the
 * Kafka cluster id and raw requests. Obtain it with {@link controlPlane}; it holds no state
 * but its credentials and the cluster id lookup, so making one is cheap.
 *
 * Every async method takes `{ signal, timeoutMs }`; the ones that change state also take
 * `wait` (default true: return once the change took effect, within 300 s by default).
 *
 * @example
 * ```ts
 * const cp = controlPlane(conn, { kafkaClusterId: "lkc-abc123" });
 * await cp.enableTableflow("orders", { formats: ["ICEBERG"], storage: { kind: "Managed" } });
 * ```
 * @throws InterfaceError CONNECTION_CLOSED from every method once the connection is closed.
 */
export class ControlPlane {
  readonly #ctx: ClientContext;
  readonly #resolved: ResolvedControlPlane;
  readonly #plane: Plane;

  /**
   * The same as `controlPlane(connection, options)`.
   * @throws InterfaceError NOT_A_CONNECTION, CONFIG_PARTIAL_CREDENTIALS, CONFIG_CREDENTIALS_CONFLICT, CONFIG_INVALID, as controlPlane.
   */
  constructor(connection: Connection, options: ControlPlaneOptions = {}) {
    const ctx = contextOf(connection);
    const resolved = resolveControlPlane(ctx, options);
    this.#ctx = ctx;
    this.#resolved = resolved;
    this.#plane = {
      base: ctx.config.controlPlaneEndpoint,
      environmentId: ctx.config.environmentId,
      pace: { policy: resolved.poll, random: ctx.config.random },
      transport: (api) => {
        ctx.assertOpen();
        return resolved.transport(api);
      },
      clusterId: async (signal) => this.#clusterId(signal),
    };
    // As Connection does: Node's console.log shows the safe summary, never a credential.
    Object.defineProperty(this, INSPECT, { value: () => `ControlPlane ${JSON.stringify(this.toJSON())}` });
  }

  async #clusterId(signal: AbortSignal | undefined): Promise<string> {
    this.#ctx.assertOpen();
    if (this.#resolved.kafkaClusterId !== undefined) return this.#resolved.kafkaClusterId;
    return resolveClusterId(
      this.#ctx,
      () => {
        try {
          return this.#resolved.transport("cloud");
        } catch (e) {
          if (!(e instanceof ProgrammingError) || e.code !== "CONTROL_PLANE_NO_CREDENTIALS") throw e;
          throw new ProgrammingError(
            "KAFKA_CLUSTER_ID_NEEDS_GLOBAL_KEY",
            "Looking up the Kafka cluster id needs a global API key (connect({ globalApiKey, globalApiSecret })); or pass kafkaClusterId to controlPlane()",
          );
        }
      },
      signal,
    );
  }

  /**
   * The Kafka cluster id (`lkc-…`) of the connection's database: `kafkaClusterId` when given
   * (no request), else looked up once per connection in the environment's cluster list (CMK,
   * all pages) by display name.
   *
   * @example `const lkc = await cp.resolveKafkaClusterId(); // "lkc-abc123"`
   * @throws ProgrammingError KAFKA_CLUSTER_ID_NO_DATABASE (no `database` on the connection),
   * KAFKA_CLUSTER_ID_NEEDS_GLOBAL_KEY, CONTROL_PLANE_BEARER_UNSUPPORTED; OperationalError
   * KAFKA_CLUSTER_NOT_FOUND; InterfaceError KAFKA_CLUSTER_AMBIGUOUS (several clusters of that
   * name: pass `kafkaClusterId`); ProtocolError for a malformed page; transport errors.
   */
  async resolveKafkaClusterId(options: CallOptions = {}): Promise<string> {
    return withCall({ ...options, wait: false }, "Resolving the Kafka cluster id", (signal) => this.#clusterId(signal));
  }

  /**
   * Enables Tableflow for a table: `POST /tableflow/v1/tableflow-topics` with the formats,
   * storage and config, then (unless `wait: false`) waits until the topic is RUNNING. Inputs
   * are checked before any request.
   *
   * @example
   * ```ts
   * const topic = await cp.enableTableflow("orders", {
   *   formats: ["ICEBERG", "DELTA"],
   *   storage: { kind: "ByobAws", bucketName: "lake", providerIntegrationId: "cspi-123" },
   *   config: { retentionMs: 604_800_000, errorHandling: { mode: "LOG" } },
   * });
   * topic.phase; // "RUNNING"
   * ```
   * @throws InterfaceError TABLE_NAME_INVALID, TABLEFLOW_OPTIONS_INVALID, TABLEFLOW_FORMAT_INVALID
   * (none, unknown or repeated), TABLEFLOW_STORAGE_INVALID, TABLEFLOW_CONFIG_INVALID (before any
   * request); ProgrammingError CONTROL_PLANE_NO_CREDENTIALS, CONTROL_PLANE_BEARER_UNSUPPORTED;
   * the errors of resolveKafkaClusterId; TableflowTopicAlreadyExistsError (409); OperationalError
   * TABLEFLOW_FAILED with the server's messages when it FAILED; TimeoutError (naming the last
   * phase) and AbortError; ProtocolError for a malformed response.
   */
  async enableTableflow(table: string, options: EnableTableflowOptions): Promise<TableflowTopic> {
    return enableTableflow(this.#plane, table, options);
  }

  /**
   * Reads a table's Tableflow topic: its formats, storage, config and phase.
   *
   * @example `const { phase, spec } = await cp.getTableflow("orders");`
   * @throws TableflowTopicNotFoundError (404: Tableflow is not enabled for it);
   * InterfaceError TABLE_NAME_INVALID; the credential and cluster id errors of enableTableflow;
   * ProtocolError for a malformed response.
   */
  async getTableflow(table: string, options: CallOptions = {}): Promise<TableflowTopic> {
    return getTableflow(this.#plane, table, options);
  }

  /**
   * Disables Tableflow for a table (the whole topic, every format): `DELETE`, then (unless
   * `wait: false`) waits until the topic is gone.
   *
   * @example `await cp.disableTableflow("orders", { timeoutMs: 60_000 });`
   * @throws TableflowTopicNotFoundError (404: not enabled); InterfaceError TABLE_NAME_INVALID;
   * the credential and cluster id errors of enableTableflow; TimeoutError and AbortError.
   */
  async disableTableflow(table: string, options: WaitOptions = {}): Promise<void> {
    return disableTableflow(this.#plane, table, options);
  }

  /**
   * Changes a table's Tableflow topic: `PATCH /tableflow/v1/tableflow-topics/{table}` with only
   * what is given (formats, config fields, `suspended: false` to resume), then (unless
   * `wait: false`) waits until the topic is RUNNING. Inputs are checked before any request.
   *
   * @example
   * ```ts
   * const topic = await cp.updateTableflow("orders", {
   *   formats: ["ICEBERG", "DELTA"],
   *   config: { retentionMs: 172_800_000, errorHandling: { mode: "SKIP" } },
   * });
   * topic.spec.tableFormats; // ["ICEBERG", "DELTA"]
   * ```
   * @throws InterfaceError TABLE_NAME_INVALID, TABLEFLOW_OPTIONS_INVALID (nothing to change, a
   * `suspended` that is not a boolean), TABLEFLOW_FORMAT_INVALID, TABLEFLOW_CONFIG_INVALID
   * (before any request); TableflowTopicNotFoundError (404: not enabled); ProgrammingError
   * BAD_REQUEST for a change the server refuses (400, such as `suspended: true`); the credential
   * and cluster id errors of enableTableflow; OperationalError TABLEFLOW_FAILED; TimeoutError
   * and AbortError; ProtocolError for a malformed response.
   */
  async updateTableflow(table: string, options: UpdateTableflowOptions): Promise<TableflowTopic> {
    return updateTableflow(this.#plane, table, options);
  }

  /**
   * The Tableflow topics of the connection's Kafka cluster, every page
   * (`GET /tableflow/v1/tableflow-topics?environment=…&spec.kafka_cluster=…`), in the server's order.
   *
   * @example `const names = (await cp.listTableflowTopics()).map((t) => t.tableName);`
   * @throws the credential and cluster id errors of enableTableflow; ProtocolError for a
   * malformed page, more than 100 pages or a repeated page token; TimeoutError and AbortError.
   */
  async listTableflowTopics(options: CallOptions = {}): Promise<TableflowTopic[]> {
    return listTableflowTopics(this.#plane, options);
  }

  /**
   * Creates a managed connector in the connection's Kafka cluster, then (unless `wait: false`)
   * waits until it is RUNNING. `config` must name `connector.class` and, unless
   * `kafka.auth.mode` says otherwise, `kafka.api.key` and `kafka.api.secret`; `name` is added
   * to a copy (the object given is never changed). The returned config has its secrets masked.
   *
   * @example
   * ```ts
   * const c = await cp.createConnector("orders-datagen", {
   *   "connector.class": "DatagenSource", "kafka.api.key": key, "kafka.api.secret": secret,
   *   "kafka.topic": "orders", quickstart: "ORDERS", "output.data.format": "JSON", "tasks.max": 1,
   * });
   * c.state; // "RUNNING"; c.spec.config["kafka.api.secret"] === "****"
   * ```
   * @throws InterfaceError CONNECTOR_NAME_INVALID, CONNECTOR_CONFIG_INVALID (before any request);
   * ProgrammingError CONTROL_PLANE_NO_CREDENTIALS, CONTROL_PLANE_BEARER_UNSUPPORTED; the errors
   * of resolveKafkaClusterId; ConnectorAlreadyExistsError (409); OperationalError
   * CONNECTOR_FAILED or CONNECTOR_DEGRADED (with the trace) when it does not come up;
   * TimeoutError and AbortError. Error text never contains the config's secret values.
   */
  async createConnector(name: string, config: ConnectorConfig, options: WaitOptions = {}): Promise<Connector> {
    return createConnector(this.#plane, name, config, options);
  }

  /**
   * Reads a connector: its definition (`GET …/connectors/{name}`) and its status (`…/status`).
   *
   * @example `const { state, status } = await cp.getConnector("orders-datagen");`
   * @throws ConnectorNotFoundError (404); InterfaceError CONNECTOR_NAME_INVALID; the credential
   * and cluster id errors of createConnector; ProtocolError for a malformed response.
   */
  async getConnector(name: string, options: CallOptions = {}): Promise<Connector> {
    return getConnector(this.#plane, name, options);
  }

  /**
   * Deletes a connector, then (unless `wait: false`) waits until it is gone.
   *
   * @example `await cp.deleteConnector("orders-datagen");`
   * @throws ConnectorNotFoundError (404); InterfaceError CONNECTOR_NAME_INVALID; the credential
   * and cluster id errors of createConnector; TimeoutError and AbortError.
   */
  async deleteConnector(name: string, options: WaitOptions = {}): Promise<void> {
    return deleteConnector(this.#plane, name, options);
  }

  /**
   * Pauses a connector (`PUT …/pause`), then (unless `wait: false`) waits until it is PAUSED.
   *
   * @example `(await cp.pauseConnector("orders-datagen")).state; // "PAUSED"`
   * @throws ConnectorNotFoundError (404); OperationalError CONNECTOR_FAILED when it FAILED
   * instead; the other errors of getConnector; TimeoutError and AbortError.
   */
  async pauseConnector(name: string, options: WaitOptions = {}): Promise<Connector> {
    return setPaused(this.#plane, name, true, options);
  }

  /**
   * Resumes a paused connector (`PUT …/resume`), then (unless `wait: false`) waits until it
   * is RUNNING.
   *
   * @example `(await cp.resumeConnector("orders-datagen")).state; // "RUNNING"`
   * @throws ConnectorNotFoundError (404); OperationalError CONNECTOR_FAILED or
   * CONNECTOR_DEGRADED; the other errors of getConnector; TimeoutError and AbortError.
   */
  async resumeConnector(name: string, options: WaitOptions = {}): Promise<Connector> {
    return setPaused(this.#plane, name, false, options);
  }

  /**
   * The connectors of the connection's Kafka cluster with their definitions and status, in one
   * request (`GET …/connectors?expand=info,status`), sorted by name. Configs have their
   * secrets masked.
   *
   * @example `for (const c of await cp.listConnectors()) console.log(c.name, c.state);`
   * @throws the credential and cluster id errors of createConnector; ProtocolError for a
   * malformed response; TimeoutError and AbortError.
   */
  async listConnectors(options: CallOptions = {}): Promise<Connector[]> {
    return listConnectors(this.#plane, options);
  }

  /**
   * A connector's config (`GET …/connectors/{name}/config`), secrets masked as `****` (the
   * server masks them, and the client masks secret-named keys itself).
   *
   * @example `(await cp.getConnectorConfig("orders-datagen"))["kafka.topic"]; // "orders"`
   * @throws ConnectorNotFoundError (404); InterfaceError CONNECTOR_NAME_INVALID; the credential
   * and cluster id errors of createConnector; ProtocolError for a malformed response.
   */
  async getConnectorConfig(name: string, options: CallOptions = {}): Promise<Record<string, string>> {
    return getConnectorConfig(this.#plane, name, options);
  }

  /**
   * Replaces a connector's config (`PUT …/connectors/{name}/config`; the whole config, checked
   * as createConnector checks it, secrets included: a masked `****` is refused), then (unless
   * `wait: false`) waits until it runs again. The API creates the connector when there is none
   * of that name. A paused connector stays paused. The object given is never changed.
   *
   * @example
   * ```ts
   * const current = await cp.getConnectorConfig("orders-datagen");
   * await cp.updateConnectorConfig("orders-datagen", { ...current, "kafka.api.secret": secret, "tasks.max": 2 });
   * ```
   * @throws InterfaceError CONNECTOR_NAME_INVALID, CONNECTOR_CONFIG_INVALID (before any request);
   * ProgrammingError BAD_REQUEST for a config the server refuses; OperationalError
   * CONNECTOR_FAILED or CONNECTOR_DEGRADED; the credential and cluster id errors of
   * createConnector; TimeoutError and AbortError. Error text never contains the secret values.
   */
  async updateConnectorConfig(name: string, config: ConnectorConfig, options: WaitOptions = {}): Promise<Connector> {
    return updateConnectorConfig(this.#plane, name, config, options);
  }

  /**
   * Restarts a connector and its tasks (`POST …/connectors/{name}/restart`), then (unless
   * `wait: false`) waits until it is RUNNING again; a paused connector stays PAUSED.
   *
   * @example `(await cp.restartConnector("orders-datagen")).state; // "RUNNING"`
   * @throws ConnectorNotFoundError (404); OperationalError CONNECTOR_FAILED or
   * CONNECTOR_DEGRADED; the other errors of getConnector; TimeoutError and AbortError.
   */
  async restartConnector(name: string, options: WaitOptions = {}): Promise<Connector> {
    return restartConnector(this.#plane, name, options);
  }

  /**
   * A raw control-plane request with the client's credentials, retries, timeouts and error
   * mapping (the Python driver's `connect_controlplane_request`): for routes this helper does
   * not wrap. Requests go only to the configured control plane, never to another host.
   *
   * @example
   * ```ts
   * const res = await cp.request({ path: "/cmk/v2/clusters", query: { environment: conn.environmentId } });
   * res.body; // { data: [...], metadata: {...} }
   * ```
   * @throws InterfaceError CONTROL_PLANE_REQUEST_INVALID (a path off the control plane, an
   * unknown method or api); ProgrammingError CONTROL_PLANE_NO_CREDENTIALS,
   * CONTROL_PLANE_BEARER_UNSUPPORTED; the coded HTTP errors (docs/errors.md) for statuses not in `accept`.
   */
  async request(options: ControlPlaneRequest): Promise<ControlPlaneResponse> {
    if (options === null || typeof options !== "object") throw new InterfaceError("CONTROL_PLANE_REQUEST_INVALID", "request(): options with a path are required");
    const method = options.method ?? "GET";
    const api = options.api ?? "cloud";
    if (!METHODS.includes(method)) throw new InterfaceError("CONTROL_PLANE_REQUEST_INVALID", `request(): method must be one of ${METHODS.join(", ")}`);
    if (!APIS.includes(api)) throw new InterfaceError("CONTROL_PLANE_REQUEST_INVALID", `request(): api must be one of ${APIS.map((a) => `"${a}"`).join(", ")}`);
    const url = this.#url(options.path);
    return withCall({ signal: options.signal, timeoutMs: options.timeoutMs, wait: false }, `${method} ${url.pathname}`, async (signal) => {
      const transport = this.#plane.transport(api);
      const res = await transport.request({
        method,
        url: url.toString(),
        query: options.query,
        body: options.body,
        accept: options.accept,
        retry: options.retry ?? (method === "GET" || method === "PUT"),
        signal,
        what: `${method} ${url.pathname}`,
      });
      return { status: res.status, body: res.body, headers: res.headers, requestId: res.requestId };
    });
  }

  /** `path` on the control plane; anything that would leave its origin is refused. */
  #url(path: unknown): URL {
    const base = new URL(this.#plane.base);
    if (typeof path !== "string" || path === "") throw new InterfaceError("CONTROL_PLANE_REQUEST_INVALID", "request(): path must be a non-empty string");
    let url: URL;
    try {
      url = path.startsWith("/") && !path.startsWith("//") ? new URL(`${this.#plane.base}${path}`) : new URL(path);
    } catch {
      throw new InterfaceError("CONTROL_PLANE_REQUEST_INVALID", "request(): path is not a valid path or URL");
    }
    if (url.origin !== base.origin) {
      // The credentials are for the control plane: never hand them to another host.
      throw new InterfaceError("CONTROL_PLANE_REQUEST_INVALID", `request(): ${url.origin} is not the control plane (${base.origin})`);
    }
    return url;
  }

  /**
   * A summary without credentials, safe to log: the control plane, the environment, the
   * cluster id when configured, and the credentials in use: `"global"` (the connection's
   * global key), the APIs given a dedicated pair, `"bearer"` or `"none"`. Never throws.
   *
   * @example
   * ```ts
   * JSON.stringify(controlPlane(conn, { connectApiKey: "K", connectApiSecret: "S" }));
   * // '{"controlPlaneEndpoint":"https://api.confluent.cloud","environmentId":"env-1","credentials":["connect"]}'
   * ```
   */
  toJSON(): Record<string, unknown> {
    return {
      controlPlaneEndpoint: this.#plane.base,
      environmentId: this.#plane.environmentId,
      kafkaClusterId: this.#resolved.kafkaClusterId,
      credentials: this.#ctx.controlPlane !== undefined ? "global" : this.#ctx.config.authKind === "basic" ? this.#resolved.dedicated : this.#ctx.config.authKind,
    };
  }
}

/**
 * The control-plane helper of a connection: Tableflow, connectors, the Kafka cluster id and
 * raw control-plane requests, with the connection's endpoint, environment, database and
 * credentials. Validates the options at once and does no network I/O; a missing credential
 * is reported by the first call that needs it.
 *
 * Credentials: the connection's global API key is used for everything when it has one; else
 * the dedicated `tableflowApiKey`/`connectApiKey` pair of the API; a connection on a bearer
 * token fails closed (CONTROL_PLANE_BEARER_UNSUPPORTED).
 *
 * @example
 * ```ts
 * import { connect } from "confluent-sql";
 * import { controlPlane } from "confluent-sql/control-plane";
 * const conn = connect({ environmentId, cloudProvider: "aws", cloudRegion: "us-east-2", globalApiKey, globalApiSecret, database: "cluster_0" });
 * const cp = controlPlane(conn);
 * await cp.enableTableflow("orders", { formats: "ICEBERG", storage: { kind: "Managed" } });
 * ```
 * @throws InterfaceError NOT_A_CONNECTION (not a Connection from connect()),
 * CONFIG_PARTIAL_CREDENTIALS (a key without its secret), CONFIG_CREDENTIALS_CONFLICT (key
 * pairs with a bearer-token connection), CONFIG_INVALID (an option of the wrong type).
 */
export function controlPlane(connection: Connection, options: ControlPlaneOptions = {}): ControlPlane {
  return new ControlPlane(connection, options);
}
