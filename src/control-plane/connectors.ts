/**
 * Managed connectors (`/connect/v1/environments/{env}/clusters/{lkc}/connectors`,
 * python-driver.md sections 2.18 and 4.8): create, read, delete, pause, resume; beyond the
 * Python driver, as Confluent's Connect API v1 documents them: the list with `?expand=`, the
 * config read and replace (`…/{name}/config`) and restart (`POST …/{name}/restart`).
 *
 * The caller's config is copied, never changed (`name` is added to the copy); values are sent
 * as text. Secrets never come back out: returned configs are masked (the server's `****`, and
 * the client masks secret-named keys itself), and error text is scrubbed of the secret values
 * the caller sent. Waits poll `…/status`: FAILED and DEGRADED end a wait at once with an
 * OperationalError carrying the trace (Python waited out the timeout on DEGRADED).
 */
import { ConfluentSqlError, InterfaceError, OperationalError } from "../errors.ts";
import type { HttpTransport } from "../client/http.ts";
import { validate } from "../client/schemas.ts";
import { ConnectorAlreadyExistsError, ConnectorNotFoundError } from "./errors.ts";
import type { Connector, ConnectorConfig, ConnectorSpec, ConnectorState, ConnectorStatus, WaitOptions } from "./models.ts";
import type { Plane } from "./plane.ts";
import { ConnectorConfigStruct, ConnectorListStruct, ConnectorStatusStruct, ConnectorStruct, type ConnectorJson, type ConnectorStatusJson } from "./schemas.ts";
import { bodyContext, pollUntil, responseContext, segment, withCall } from "./wait.ts";

/** Config keys whose values are secrets: masked in what is returned, scrubbed from errors. */
const SECRET_KEY = /(secret|password|passwd|credential|token|private[._-]?key|sasl\.jaas\.config)/i;
const MASK = "****";

function fail(code: string, message: string): never {
  throw new InterfaceError(code, message);
}

/** Checks a connector name; throws InterfaceError CONNECTOR_NAME_INVALID. */
export function checkConnectorName(name: unknown, where: string): string {
  if (typeof name !== "string" || name.trim() === "") fail("CONNECTOR_NAME_INVALID", `${where}: the connector name must be a non-empty string`);
  return name;
}

/**
 * The wire config of a create: a copy of `config` with text values and `name` set; throws
 * InterfaceError CONNECTOR_CONFIG_INVALID for a missing class or Kafka credentials, a `name`
 * that differs, or a value that is not text, a number or a boolean.
 */
export function configToWire(name: string, config: unknown, where = "createConnector()"): Record<string, string> {
  if (config === null || typeof config !== "object" || Array.isArray(config)) fail("CONNECTOR_CONFIG_INVALID", `${where}: config must be an object`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(config as Record<string, unknown>)) {
    if (typeof v === "string") out[k] = v;
    else if ((typeof v === "number" && Number.isFinite(v)) || typeof v === "boolean") out[k] = String(v);
    else fail("CONNECTOR_CONFIG_INVALID", `${where}: config['${k}'] must be a string, number or boolean`);
  }
  if (!out["connector.class"]) fail("CONNECTOR_CONFIG_INVALID", `${where}: config['connector.class'] is required`);
  // The Python driver always asks for an API key pair; a service-account auth mode needs none.
  const mode = out["kafka.auth.mode"];
  if (mode === undefined || mode === "KAFKA_API_KEY") {
    for (const key of ["kafka.api.key", "kafka.api.secret"]) {
      if (!out[key]) fail("CONNECTOR_CONFIG_INVALID", `${where}: config['${key}'] is required (or set 'kafka.auth.mode' to SERVICE_ACCOUNT)`);
    }
  }
  // A masked value read back from the server would overwrite the real secret with `****`.
  for (const [k, v] of Object.entries(out)) {
    if (v === MASK && SECRET_KEY.test(k)) fail("CONNECTOR_CONFIG_INVALID", `${where}: config['${k}'] is the mask ${MASK}, not the secret: give the real value`);
  }
  if (out.name !== undefined && out.name !== name) fail("CONNECTOR_CONFIG_INVALID", `${where}: config['name'] is '${out.name}' but the connector is named '${name}'`);
  out.name = name;
  return out;
}

/** The secret values of a config (long enough to scrub without mangling other text). */
function secretValues(config: Readonly<Record<string, string>>): string[] {
  return Object.entries(config)
    .filter(([k, v]) => SECRET_KEY.test(k) && v.length >= 4 && v !== MASK)
    .map(([, v]) => v);
}

function scrubText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join("***");
  return out;
}

/** `e` with the secrets removed from its message and detail (a server may echo the request). */
function scrubbed(e: unknown, secrets: readonly string[]): unknown {
  if (!(e instanceof ConfluentSqlError) || secrets.length === 0) return e;
  const target = e as { message: string; detail?: string };
  target.message = scrubText(target.message, secrets);
  if (target.detail !== undefined) target.detail = scrubText(target.detail, secrets);
  return e;
}

/** A config as returned to the caller: secret-named keys and known secret values masked. */
function maskConfig(config: Readonly<Record<string, unknown>>, secrets: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(config)) {
    const text = typeof v === "string" ? v : JSON.stringify(v) ?? "";
    out[k] = text !== "" && (SECRET_KEY.test(k) || secrets.includes(text)) ? MASK : text;
  }
  return out;
}

function specFromWire(json: ConnectorJson, secrets: readonly string[]): ConnectorSpec {
  const config = maskConfig(json.config ?? {}, secrets);
  return {
    name: json.name,
    connectorClass: config["connector.class"],
    type: json.type ?? undefined,
    config,
    tasks: (json.tasks ?? []).map((t) => ({ connector: t.connector ?? undefined, task: t.task ?? undefined })),
  };
}

function statusFromWire(json: ConnectorStatusJson): ConnectorStatus {
  return {
    state: json.connector.state,
    workerId: json.connector.worker_id ?? undefined,
    trace: json.connector.trace || undefined,
    tasks: (json.tasks ?? []).map((t) => ({ id: t.id, state: t.state, workerId: t.worker_id ?? undefined, msg: t.msg || t.trace || undefined })),
    pluginLifecycle: json.plugin_lifecycle ?? undefined,
  };
}

/**
 * A trace's opening lines as one line for the message (the whole trace stays in `detail`):
 * the first line alone is often only a heading ("There were some errors with your
 * configuration:"), so the lines before the first Java stack frame (`at ...`) are joined, up
 * to a length that keeps a long report readable.
 */
function traceSummary(text: string, maxLength = 300): string {
  const lines = text.split("\n").map((line) => line.trim());
  const firstFrame = lines.findIndex((line) => /^at\s/.test(line));
  const joined = lines.slice(0, firstFrame === -1 ? undefined : firstFrame).filter((line) => line !== "").join(" ");
  return joined.length <= maxLength ? joined : joined.slice(0, maxLength - 1) + "…";
}

/** The error ending a wait on a FAILED or DEGRADED connector, or undefined when it is neither. */
function brokenError(name: string, status: ConnectorStatus, secrets: readonly string[]): OperationalError | undefined {
  if (status.state !== "FAILED" && status.state !== "DEGRADED") return undefined;
  const taskTexts = status.tasks.filter((t) => t.state === "FAILED" && t.msg !== undefined).map((t) => `task ${t.id}: ${t.msg}`);
  const detail = scrubText([status.trace, ...taskTexts].filter((p): p is string => p !== undefined && p !== "").join("\n"), secrets);
  const message = `Connector '${name}' is ${status.state}${detail ? `: ${traceSummary(detail)}` : ""}`;
  const context = { phase: status.state, ...(detail ? { detail } : {}) };
  return status.state === "FAILED" ? new OperationalError("CONNECTOR_FAILED", message, context) : new OperationalError("CONNECTOR_DEGRADED", message, context);
}

function collection(plane: Plane, clusterId: string): string {
  return `${plane.base}/connect/v1/environments/${segment(plane.environmentId)}/clusters/${segment(clusterId)}/connectors`;
}

interface Target {
  readonly transport: HttpTransport;
  /** `…/connectors/{name}`. */
  readonly url: string;
  readonly name: string;
}

async function target(plane: Plane, name: string, signal: AbortSignal | undefined): Promise<Target> {
  const transport = plane.transport("connect");
  const clusterId = await plane.clusterId(signal);
  return { transport, url: `${collection(plane, clusterId)}/${segment(name)}`, name };
}

async function readSpec(t: Target, signal: AbortSignal | undefined, secrets: readonly string[] = []): Promise<ConnectorSpec> {
  const res = await t.transport.request({ method: "GET", url: t.url, accept: [404], signal, what: "GET /connect/v1/.../connectors/{name}" });
  if (res.status === 404) throw new ConnectorNotFoundError(t.name, responseContext(res, t.transport));
  return specFromWire(validate(res.body, ConnectorStruct, "connector", bodyContext(res)), secrets);
}

async function readStatus(t: Target, signal: AbortSignal | undefined): Promise<ConnectorStatus> {
  const res = await t.transport.request({ method: "GET", url: `${t.url}/status`, accept: [404], signal, what: "GET /connect/v1/.../connectors/{name}/status" });
  if (res.status === 404) throw new ConnectorNotFoundError(t.name, responseContext(res, t.transport));
  return statusFromWire(validate(res.body, ConnectorStatusStruct, "connector status", bodyContext(res)));
}

/** Polls the status until `goal`; FAILED (and DEGRADED) end the wait with an error. */
function waitForState(plane: Plane, t: Target, first: ConnectorStatus, goal: ConnectorState, secrets: readonly string[], signal: AbortSignal | undefined): Promise<ConnectorStatus> {
  const settled = (s: ConnectorStatus) => {
    const broken = goal === "PAUSED" && s.state === "DEGRADED" ? undefined : brokenError(t.name, s, secrets);
    if (broken !== undefined) throw broken;
    return s.state === goal;
  };
  return pollUntil(() => readStatus(t, signal), settled, (s) => `state ${s.state}`, plane.pace, signal, { value: first });
}

const connector = (spec: ConnectorSpec, status: ConnectorStatus): Connector => ({ name: spec.name, state: status.state, spec, status });

/** See {@link ControlPlane.createConnector}. */
export function createConnector(plane: Plane, name: string, config: ConnectorConfig, options: WaitOptions): Promise<Connector> {
  const checked = checkConnectorName(name, "createConnector()");
  const wire = configToWire(checked, config);
  const secrets = secretValues(wire);
  return withCall(options, `Creating connector '${checked}'`, async (signal, wait) => {
    try {
      const transport = plane.transport("connect");
      const url = collection(plane, await plane.clusterId(signal));
      const res = await transport.request({ method: "POST", url, body: { name: checked, config: wire }, accept: [409], signal, what: "POST /connect/v1/.../connectors" });
      if (res.status === 409) throw new ConnectorAlreadyExistsError(checked, responseContext(res, transport));
      const spec = specFromWire(validate(res.body, ConnectorStruct, "connector", bodyContext(res)), secrets);
      const t: Target = { transport, url: `${url}/${segment(checked)}`, name: checked };
      const status = await readStatus(t, signal);
      return connector(spec, wait ? await waitForState(plane, t, status, "RUNNING", secrets, signal) : status);
    } catch (e) {
      throw scrubbed(e, secrets);
    }
  });
}

/** See {@link ControlPlane.getConnector}. */
export function getConnector(plane: Plane, name: string, options: WaitOptions): Promise<Connector> {
  const checked = checkConnectorName(name, "getConnector()");
  return withCall({ ...options, wait: false }, `Reading connector '${checked}'`, async (signal) => {
    const t = await target(plane, checked, signal);
    const spec = await readSpec(t, signal);
    return connector(spec, await readStatus(t, signal));
  });
}

/** See {@link ControlPlane.deleteConnector}. */
export function deleteConnector(plane: Plane, name: string, options: WaitOptions): Promise<void> {
  const checked = checkConnectorName(name, "deleteConnector()");
  return withCall(options, `Deleting connector '${checked}'`, async (signal, wait) => {
    const t = await target(plane, checked, signal);
    const res = await t.transport.request({ method: "DELETE", url: t.url, accept: [404], signal, what: "DELETE /connect/v1/.../connectors/{name}" });
    if (res.status === 404) throw new ConnectorNotFoundError(checked, responseContext(res, t.transport));
    if (!wait) return;
    const gone = async (): Promise<ConnectorSpec | "gone"> => {
      try {
        return await readSpec(t, signal);
      } catch (e) {
        if (e instanceof ConnectorNotFoundError) return "gone";
        throw e;
      }
    };
    await pollUntil(gone, (s) => s === "gone", (s) => (s === "gone" ? "gone" : "still present"), plane.pace, signal);
  });
}

/** See {@link ControlPlane.pauseConnector} and {@link ControlPlane.resumeConnector}. */
export function setPaused(plane: Plane, name: string, paused: boolean, options: WaitOptions): Promise<Connector> {
  const where = paused ? "pauseConnector()" : "resumeConnector()";
  const checked = checkConnectorName(name, where);
  const verb = paused ? "pause" : "resume";
  return withCall(options, `${paused ? "Pausing" : "Resuming"} connector '${checked}'`, async (signal, wait) => {
    const t = await target(plane, checked, signal);
    // Idempotent (pausing a paused connector changes nothing), so safe to retry.
    const res = await t.transport.request({ method: "PUT", url: `${t.url}/${verb}`, retry: true, accept: [404], signal, what: `PUT /connect/v1/.../connectors/{name}/${verb}` });
    if (res.status === 404) throw new ConnectorNotFoundError(checked, responseContext(res, t.transport));
    const spec = await readSpec(t, signal);
    const status = await readStatus(t, signal);
    return connector(spec, wait ? await waitForState(plane, t, status, paused ? "PAUSED" : "RUNNING", [], signal) : status);
  });
}

/** See {@link ControlPlane.listConnectors}. */
export function listConnectors(plane: Plane, options: WaitOptions): Promise<Connector[]> {
  return withCall({ ...options, wait: false }, "Listing connectors", async (signal) => {
    const transport = plane.transport("connect");
    const url = collection(plane, await plane.clusterId(signal));
    const res = await transport.request({ method: "GET", url, query: { expand: "info,status" }, signal, what: "GET /connect/v1/.../connectors?expand=info,status" });
    const origin = bodyContext(res);
    const body = validate(res.body, ConnectorListStruct, "connector list", origin);
    const out: Connector[] = [];
    for (const [name, entry] of Object.entries(body)) {
      // An entry without info or status (a connector being created or deleted) still gets listed.
      const info: ConnectorJson = entry.info ?? { name };
      const status: ConnectorStatusJson = entry.status ?? { connector: { state: "NONE" }, plugin_lifecycle: null };
      out.push(connector(specFromWire({ ...info, name: info.name || name }, []), statusFromWire(status)));
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  });
}

/** See {@link ControlPlane.getConnectorConfig}. */
export function getConnectorConfig(plane: Plane, name: string, options: WaitOptions): Promise<Record<string, string>> {
  const checked = checkConnectorName(name, "getConnectorConfig()");
  return withCall({ ...options, wait: false }, `Reading the config of connector '${checked}'`, async (signal) => {
    const t = await target(plane, checked, signal);
    const res = await t.transport.request({ method: "GET", url: `${t.url}/config`, accept: [404], signal, what: "GET /connect/v1/.../connectors/{name}/config" });
    if (res.status === 404) throw new ConnectorNotFoundError(checked, responseContext(res, t.transport));
    return maskConfig(validate(res.body, ConnectorConfigStruct, "connector config", bodyContext(res)), []);
  });
}

/**
 * After a change the server re-provisions the connector: wait until RUNNING, unless a pause
 * is in force (the status reads PAUSED), which a config change or restart does not lift.
 */
async function settle(plane: Plane, t: Target, secrets: readonly string[], wait: boolean, signal: AbortSignal | undefined): Promise<Connector> {
  const spec = await readSpec(t, signal, secrets);
  const status = await readStatus(t, signal);
  if (!wait || status.state === "PAUSED") return connector(spec, status);
  return connector(spec, await waitForState(plane, t, status, "RUNNING", secrets, signal));
}

/** See {@link ControlPlane.updateConnectorConfig}. */
export function updateConnectorConfig(plane: Plane, name: string, config: ConnectorConfig, options: WaitOptions): Promise<Connector> {
  const checked = checkConnectorName(name, "updateConnectorConfig()");
  const wire = configToWire(checked, config, "updateConnectorConfig()");
  const secrets = secretValues(wire);
  return withCall(options, `Updating the config of connector '${checked}'`, async (signal, wait) => {
    try {
      const t = await target(plane, checked, signal);
      // A PUT of the whole config is idempotent, so safe to retry.
      await t.transport.request({ method: "PUT", url: `${t.url}/config`, body: wire, retry: true, signal, what: "PUT /connect/v1/.../connectors/{name}/config" });
      return await settle(plane, t, secrets, wait, signal);
    } catch (e) {
      throw scrubbed(e, secrets);
    }
  });
}

/** See {@link ControlPlane.restartConnector}. */
export function restartConnector(plane: Plane, name: string, options: WaitOptions): Promise<Connector> {
  const checked = checkConnectorName(name, "restartConnector()");
  return withCall(options, `Restarting connector '${checked}'`, async (signal, wait) => {
    const t = await target(plane, checked, signal);
    const res = await t.transport.request({ method: "POST", url: `${t.url}/restart`, accept: [404], signal, what: "POST /connect/v1/.../connectors/{name}/restart" });
    if (res.status === 404) throw new ConnectorNotFoundError(checked, responseContext(res, t.transport));
    return settle(plane, t, [], wait, signal);
  });
}
