/**
 * Managed connectors (`connect/v1`, python-driver.md 2.18 and 4.8) under
 * `/connect/v1/environments/{env}/clusters/{lkc}/connectors`:
 *
 * - `POST` `{name, config}`: 201 with the connector (config with secrets masked); 400 for a
 *   missing `connector.class`, Kafka credentials, or a `config.name` that is not `name`; 409
 *   when the name is taken in that cluster.
 * - `GET` (names; with `?expand=` any of `status`, `info`, `id`: an object keyed by name),
 *   `GET /{name}`, `GET /{name}/status`, `PUT /{name}/pause|resume` (202, no body),
 *   `DELETE /{name}` (200 `{"error":null}`; gone after `deletingMs`).
 * - `GET /{name}/config`: the flat config, secrets masked. `PUT /{name}/config` (a flat config
 *   with `name` and `connector.class`, checked as a create is): creates or replaces, 200 with the
 *   connector; a replace re-provisions it (PROVISIONING for `pendingMs`, then as before).
 * - `POST /{name}/restart`: 202; the connector re-provisions (a paused one stays PAUSED).
 *
 * State (only `/status` reports it): PROVISIONING, then RUNNING after `pendingMs`; a pause
 * reaches PAUSED after `stoppingMs`, a resume RUNNING after `pendingMs`. One deterministic
 * failure: a `tasks.max` that is not a positive integer makes the connector FAILED at the end
 * of provisioning, with the reason in `connector.trace`, so clients can test that path.
 *
 * Errors use Connect's own shape, `{"error":{"code":404,"message":"..."}}` (its OpenAPI spec),
 * not the `{"errors":[...]}` of the v2 APIs.
 */
import { HttpError, isObject, jsonResponse, readJson } from "../gateway/http.ts";
import { ControlPlaneContext, REGION, type KafkaCluster } from "./context.ts";
import type { Scheduled } from "./scheduler.ts";

export type ConnectorState = "PROVISIONING" | "RUNNING" | "PAUSED" | "FAILED";

/** What `?expand=` of the list may ask for. */
const EXPANSIONS: readonly string[] = ["status", "info", "id"];

/** What the service shows instead of a secret value. */
export const MASK = "****";

interface StoredConnector extends Scheduled {
  readonly name: string;
  readonly cluster: KafkaCluster;
  /** As created or last PUT, secrets in clear (never rendered). */
  config: Readonly<Record<string, string>>;
  type: "source" | "sink";
  /** Null when `tasks.max` is invalid (the connector fails). */
  tasksMax: number | null;
  readonly seq: number;
  /** `lcc-...`, what `?expand=id` shows. */
  readonly id: string;
  state: ConnectorState;
  trace: string;
  /** What the last pause/resume asked for; provisioning ends in it. */
  paused: boolean;
  deleting: boolean;
}

/** Connect's error body: `{"error":{"code":<status>,"message":"..."}}`, headers kept (WWW-Authenticate). */
export function connectErrorResponse(_requestId: string, error: HttpError): Response {
  return jsonResponse(error.status, { error: { code: error.status, message: error.detail } }, error.headers);
}

/** Keys whose values the service never returns: anything naming a secret or a password. */
export function isSecretKey(key: string): boolean {
  return /secret|password/i.test(key);
}

/** `tasks.max` as a count, or null when it is not a positive integer. Absent means 1. */
function parseTasksMax(value: string | undefined): number | null {
  if (value === undefined) return 1;
  return /^\s*\d+\s*$/.test(value) && Number(value) >= 1 ? Number(value) : null;
}

/** A config map of strings; numbers and booleans become strings, as Connect stores them. */
function parseConfig(value: unknown): Record<string, string> {
  if (!isObject(value)) throw new HttpError(400, "config is required: an object of configuration strings");
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === "string") out[k] = v;
    else if (typeof v === "number" || typeof v === "boolean") out[k] = String(v);
    else throw new HttpError(400, `Invalid value for configuration ${k}: values must be strings`);
  }
  return out;
}

/** The Kafka credentials a managed connector needs: an API key pair, or a service account. */
function checkKafkaAuth(config: Record<string, string>): void {
  const mode = (config["kafka.auth.mode"] ?? "KAFKA_API_KEY").toUpperCase();
  const required = mode === "SERVICE_ACCOUNT" ? ["kafka.service.account.id"] : ["kafka.api.key", "kafka.api.secret"];
  const missing = required.filter((k) => (config[k] ?? "").trim() === "");
  if (missing.length > 0) {
    throw new HttpError(400, `Missing required configuration ${missing.map((k) => `"${k}"`).join(", ")} which has no default value.`);
  }
}

/** The checks of a create (and of a PUT of the config): class, Kafka credentials, name. */
function checkedConfig(config: Record<string, string>, name: string): Record<string, string> {
  if ((config["connector.class"] ?? "").trim() === "") {
    throw new HttpError(400, 'Missing required configuration "connector.class" which has no default value.');
  }
  if (config.name !== undefined && config.name !== name) {
    throw new HttpError(400, `Connector name mismatch: config.name is '${config.name}' but the connector is named '${name}'`);
  }
  checkKafkaAuth(config);
  return config;
}

/** Managed connector classes end in Source or Sink (DatagenSource, S3_SINK, GcsSink...). */
function connectorType(config: Record<string, string>): "source" | "sink" {
  return /sink$/i.test(config["connector.class"]!) ? "sink" : "source";
}

export class Connectors {
  readonly #ctx: ControlPlaneContext;
  /** Keyed by `<cluster id>/<name>`. */
  readonly #connectors = new Map<string, StoredConnector>();
  #seq = 0;

  constructor(ctx: ControlPlaneContext) {
    this.#ctx = ctx;
  }

  // GET .../connectors[?expand=status,info,id]: the names in creation order, or an object of the
  // asked-for expansions keyed by name.
  list(url: URL, env: string, clusterId: string): Response {
    const cluster = this.#ctx.requireCluster(env, clusterId);
    const all = [...this.#connectors.values()].filter((c) => c.cluster.id === cluster.id).sort((a, b) => a.seq - b.seq);
    const expand = url.searchParams.get("expand");
    if (expand === null || expand.trim() === "") return jsonResponse(200, all.map((c) => c.name));
    const wanted = expand.split(",").map((e) => e.trim());
    for (const e of wanted) {
      if (!EXPANSIONS.includes(e)) throw new HttpError(400, `Invalid expand value '${e}': use any of ${EXPANSIONS.join(", ")}`);
    }
    const out: Record<string, unknown> = {};
    for (const c of all) {
      const entry: Record<string, unknown> = {};
      if (wanted.includes("id")) entry.id = { id: c.id, id_type: "ID" };
      if (wanted.includes("info")) entry.info = this.#json(c);
      if (wanted.includes("status")) entry.status = this.#statusJson(c);
      out[c.name] = entry;
    }
    return jsonResponse(200, out);
  }

  // POST .../connectors
  async create(request: Request, env: string, clusterId: string): Promise<Response> {
    const cluster = this.#ctx.requireCluster(env, clusterId);
    const body = await readJson(request);
    if (!isObject(body)) throw new HttpError(400, "The request body must be a JSON object with name and config");
    const name = body.name;
    if (typeof name !== "string" || name.trim() === "") throw new HttpError(400, "name is required: the connector's name");
    if (/[/\\]/.test(name)) throw new HttpError(400, `Connector name '${name}' must not contain '/' or '\\'`);
    const config = checkedConfig(parseConfig(body.config), name);
    const key = `${cluster.id}/${name}`;
    if (this.#connectors.has(key)) throw new HttpError(409, `Connector ${name} already exists`);
    const stored = this.#add(cluster, name, config);
    return jsonResponse(201, this.#json(stored));
  }

  #add(cluster: KafkaCluster, name: string, config: Record<string, string>): StoredConnector {
    const seq = this.#seq++;
    const stored: StoredConnector = {
      name,
      cluster,
      config: { ...config, name },
      type: connectorType(config),
      tasksMax: parseTasksMax(config["tasks.max"]),
      seq,
      id: `lcc-${String(seq + 1).padStart(5, "0")}`,
      state: "PROVISIONING",
      trace: "",
      paused: false,
      deleting: false,
      timers: new Set(),
      removed: false,
    };
    this.#connectors.set(`${cluster.id}/${name}`, stored);
    this.#ctx.scheduler.after(stored, this.#ctx.cfg.pendingMs, () => this.#provisioned(stored));
    return stored;
  }

  // GET .../connectors/{name}/config: the flat config, secrets masked.
  getConfig(env: string, clusterId: string, name: string): Response {
    return jsonResponse(200, this.#json(this.#find(env, clusterId, name)).config);
  }

  // PUT .../connectors/{name}/config: create or replace; the body is the flat config.
  async putConfig(request: Request, env: string, clusterId: string, name: string): Promise<Response> {
    const cluster = this.#ctx.requireCluster(env, clusterId);
    const config = checkedConfig(parseConfig(await readJson(request)), name);
    const c = this.#connectors.get(`${cluster.id}/${name}`);
    if (!c || c.deleting) {
      if (c) throw new HttpError(409, `Connector ${name} is being deleted`);
      return jsonResponse(200, this.#json(this.#add(cluster, name, config)));
    }
    c.config = { ...config, name };
    c.type = connectorType(config);
    c.tasksMax = parseTasksMax(config["tasks.max"]);
    this.#reprovision(c);
    return jsonResponse(200, this.#json(c));
  }

  // POST .../connectors/{name}/restart: asynchronous; the connector re-provisions.
  restart(env: string, clusterId: string, name: string): Response {
    const c = this.#find(env, clusterId, name);
    if (!c.deleting) this.#reprovision(c);
    return new Response(null, { status: 202 });
  }

  /** Back to PROVISIONING, then to what provisioning ends in (PAUSED when a pause is in force). */
  #reprovision(c: StoredConnector): void {
    this.#ctx.scheduler.cancel(c);
    c.state = "PROVISIONING";
    c.trace = "";
    this.#ctx.scheduler.after(c, this.#ctx.cfg.pendingMs, () => this.#provisioned(c));
  }

  // GET .../connectors/{name}
  get(env: string, clusterId: string, name: string): Response {
    return jsonResponse(200, this.#json(this.#find(env, clusterId, name)));
  }

  // GET .../connectors/{name}/status
  status(env: string, clusterId: string, name: string): Response {
    return jsonResponse(200, this.#statusJson(this.#find(env, clusterId, name)));
  }

  #statusJson(c: StoredConnector): Record<string, unknown> {
    const tasks =
      c.state === "RUNNING" || c.state === "PAUSED"
        ? Array.from({ length: c.tasksMax ?? 0 }, (_, id) => ({ id, state: c.state, worker_id: c.name, msg: "" }))
        : [];
    return { name: c.name, connector: { state: c.state, worker_id: c.name, trace: c.trace }, tasks, type: c.type };
  }

  // PUT .../connectors/{name}/pause: asynchronous, as the API says; PAUSED after stoppingMs.
  pause(env: string, clusterId: string, name: string): Response {
    const c = this.#find(env, clusterId, name);
    c.paused = true;
    if (c.state === "RUNNING") this.#settle(c, this.#ctx.cfg.stoppingMs, "PAUSED");
    return new Response(null, { status: 202 });
  }

  // PUT .../connectors/{name}/resume: does nothing unless paused (or pausing); RUNNING after pendingMs.
  resume(env: string, clusterId: string, name: string): Response {
    const c = this.#find(env, clusterId, name);
    c.paused = false;
    if (c.state === "PAUSED") this.#settle(c, this.#ctx.cfg.pendingMs, "RUNNING");
    else if (c.state === "RUNNING" && !c.deleting) this.#ctx.scheduler.cancel(c); // a pause not yet in effect is called off
    return new Response(null, { status: 202 });
  }

  // DELETE .../connectors/{name}
  delete(env: string, clusterId: string, name: string): Response {
    const c = this.#find(env, clusterId, name);
    if (!c.deleting) {
      c.deleting = true;
      this.#ctx.scheduler.cancel(c);
      this.#ctx.scheduler.after(c, this.#ctx.cfg.deletingMs, () => {
        this.#connectors.delete(`${c.cluster.id}/${c.name}`);
        this.#ctx.scheduler.remove(c);
      });
    }
    return jsonResponse(200, { error: null });
  }

  #find(env: string, clusterId: string, name: string): StoredConnector {
    const cluster = this.#ctx.requireCluster(env, clusterId);
    const c = this.#connectors.get(`${cluster.id}/${name}`);
    if (!c) throw new HttpError(404, `Connector ${name} not found`);
    return c;
  }

  #provisioned(c: StoredConnector): void {
    if (c.tasksMax === null) {
      c.state = "FAILED";
      c.trace =
        "There were some errors with your configuration:\n" +
        `tasks.max: Invalid value ${c.config["tasks.max"]} for configuration tasks.max: must be a positive integer`;
      return;
    }
    c.state = c.paused ? "PAUSED" : "RUNNING";
  }

  /** Moves `c` to `state` after `ms`, replacing any pending move (the latest request wins). */
  #settle(c: StoredConnector, ms: number, state: ConnectorState): void {
    if (c.deleting) return;
    this.#ctx.scheduler.cancel(c);
    this.#ctx.scheduler.after(c, ms, () => {
      c.state = state;
    });
  }

  /** The connector read body: config with secrets masked and the keys the service adds. */
  #json(c: StoredConnector): Record<string, unknown> {
    const host = ControlPlaneContext.hostPart(c.cluster);
    const config: Record<string, string> = {
      "cloud.environment": "prod",
      "cloud.provider": "aws",
      "kafka.endpoint": `SASL_SSL://pkc-${host}.${REGION}.aws.confluent.cloud:9092`,
      "kafka.region": REGION,
    };
    for (const [k, v] of Object.entries(c.config)) config[k] = isSecretKey(k) ? MASK : v;
    return {
      name: c.name,
      config,
      tasks: Array.from({ length: c.tasksMax ?? 0 }, (_, task) => ({ connector: c.name, task })),
      type: c.type,
    };
  }
}
