import { describe, expect, it } from "vitest";
import { IntegrityError, InterfaceError, OperationalError, ProgrammingError, TimeoutError } from "../../../src/index.ts";
import { ConnectorAlreadyExistsError, ConnectorNotFoundError, type ConnectorConfig } from "../../../src/control-plane/index.ts";
import { basic, clustersPage, CONNECTORS, connectorJson, cpCalls, GLOBAL, LKC, setup, statusJson } from "./fixtures.ts";

const ONE = `${CONNECTORS}/:name`;
const STATUS = `${CONNECTORS}/:name/status`;
const KAFKA_SECRET = "kafka-secret-value-42";
const CONFIG: ConnectorConfig = {
  "connector.class": "DatagenSource",
  "kafka.api.key": "KAFKAKEY",
  "kafka.api.secret": KAFKA_SECRET,
  "kafka.topic": "orders",
  "tasks.max": 1,
  "output.data.format": "JSON",
};

/** What the server returns for CONFIG: secrets as `****`, unless `echo` (a server that does not mask). */
function created(name: string, echo = false) {
  const config: Record<string, string> = { ...(CONFIG as Record<string, string>), "tasks.max": "1", "kafka.api.secret": echo ? KAFKA_SECRET : "****" };
  return { status: 201, json: connectorJson(name, config) };
}

describe("createConnector", () => {
  it("POSTs name and a copy of the config with the name added, then waits on /status until RUNNING", async () => {
    const { gw, cp } = setup();
    gw.on("GET", "/cmk/v2/clusters", clustersPage([[LKC, "cluster_0"]]));
    gw.on("POST", CONNECTORS, created("orders-gen", true));
    gw.on("GET", STATUS, { json: statusJson("orders-gen", "PROVISIONING") }, { json: statusJson("orders-gen", "PROVISIONING") }, { json: statusJson("orders-gen", "RUNNING") });
    const config = Object.freeze({ ...CONFIG });
    const c = await cp.createConnector("orders-gen", config);
    expect(config).toEqual(CONFIG);
    expect("name" in config).toBe(false);
    const post = gw.calls("POST", CONNECTORS)[0]!;
    expect(post.body).toEqual({
      name: "orders-gen",
      config: { "connector.class": "DatagenSource", "kafka.api.key": "KAFKAKEY", "kafka.api.secret": KAFKA_SECRET, "kafka.topic": "orders", "tasks.max": "1", "output.data.format": "JSON", name: "orders-gen" },
    });
    expect(post.headers.get("authorization")).toBe(basic(GLOBAL));
    expect(cpCalls(gw.requests).slice(1)).toEqual([`POST ${CONNECTORS}`, `GET ${CONNECTORS}/orders-gen/status`, `GET ${CONNECTORS}/orders-gen/status`, `GET ${CONNECTORS}/orders-gen/status`]);
    expect(c.name).toBe("orders-gen");
    expect(c.state).toBe("RUNNING");
    expect(c.spec.connectorClass).toBe("DatagenSource");
    expect(c.spec.type).toBe("source");
    // The server echoed the secret: the client masks it anyway.
    expect(c.spec.config["kafka.api.secret"]).toBe("****");
    expect(c.spec.config["kafka.api.key"]).toBe("KAFKAKEY");
    expect(JSON.stringify(c)).not.toContain(KAFKA_SECRET);
    expect(c.status).toEqual({ state: "RUNNING", workerId: "w-1", trace: undefined, tasks: [{ id: 0, state: "RUNNING", workerId: "w-1", msg: undefined }], pluginLifecycle: undefined });
  });

  it("reads the status once and returns without waiting when wait is false", async () => {
    const { gw, cp } = setup({ cp: { kafkaClusterId: LKC } });
    gw.on("POST", CONNECTORS, created("c1"));
    gw.on("GET", STATUS, { json: statusJson("c1", "PROVISIONING") });
    expect((await cp.createConnector("c1", CONFIG, { wait: false })).state).toBe("PROVISIONING");
    expect(gw.calls("GET", STATUS).length).toBe(1);
  });

  it("checks the name and config before any request", async () => {
    const { gw, cp } = setup({ cp: { kafkaClusterId: LKC } });
    const { "connector.class": _c, ...noClass } = CONFIG;
    const { "kafka.api.secret": _s, ...noSecret } = CONFIG;
    for (const [name, config] of [
      ["c1", noClass],
      ["c1", noSecret],
      ["c1", { ...CONFIG, name: "other" }],
      ["c1", { ...CONFIG, extra: { nested: true } }],
      ["c1", null],
    ] as const) {
      const e = (await cp.createConnector(name, config as ConnectorConfig).catch((x: unknown) => x)) as InterfaceError;
      expect(e).toBeInstanceOf(InterfaceError);
      expect(e.code).toBe("CONNECTOR_CONFIG_INVALID");
      expect(e.message).not.toContain(KAFKA_SECRET);
    }
    await expect(cp.createConnector("  ", CONFIG)).rejects.toMatchObject({ code: "CONNECTOR_NAME_INVALID" });
    expect(gw.requests).toEqual([]);
    // A service-account connector needs no API key pair; a name that matches is fine.
    gw.on("POST", CONNECTORS, created("c1"));
    gw.on("GET", STATUS, { json: statusJson("c1", "RUNNING") });
    await cp.createConnector("c1", { "connector.class": "DatagenSource", "kafka.auth.mode": "SERVICE_ACCOUNT", "kafka.service.account.id": "sa-1", name: "c1" });
    expect((gw.calls("POST", CONNECTORS)[0]!.body as { config: Record<string, string> }).config.name).toBe("c1");
  });

  it("maps 409 to ConnectorAlreadyExistsError", async () => {
    const { gw, cp } = setup({ cp: { kafkaClusterId: LKC } });
    gw.on("POST", CONNECTORS, { status: 409, json: { errors: [{ detail: "connector c1 already exists" }] } });
    const e = (await cp.createConnector("c1", CONFIG).catch((x: unknown) => x)) as ConnectorAlreadyExistsError;
    expect(e).toBeInstanceOf(ConnectorAlreadyExistsError);
    expect(e).toBeInstanceOf(IntegrityError);
    expect([e.code, e.status, e.connectorName]).toEqual(["CONNECTOR_EXISTS", 409, "c1"]);
    expect(gw.calls("GET", STATUS)).toEqual([]);
  });

  it("scrubs the config's secrets from an error that echoes them, and does not retry the POST", async () => {
    const { gw, cp } = setup({ cp: { kafkaClusterId: LKC } });
    gw.on("POST", CONNECTORS, { status: 400, json: { errors: [{ detail: `invalid kafka.api.secret '${KAFKA_SECRET}'` }] } });
    const e = (await cp.createConnector("c1", CONFIG).catch((x: unknown) => x)) as ProgrammingError;
    expect(e.code).toBe("BAD_REQUEST");
    expect(e.detail).toBe("invalid kafka.api.secret '***'");
    expect(`${e.message} ${JSON.stringify(e)}`).not.toContain(KAFKA_SECRET);
    gw.on("POST", CONNECTORS, { status: 503, json: { errors: [{ detail: "busy" }] } });
    await expect(cp.createConnector("c1", CONFIG)).rejects.toMatchObject({ code: "SERVER_ERROR" });
    expect(gw.calls("POST", CONNECTORS).length).toBe(2);
  });

  it("ends the wait at FAILED and at DEGRADED with the trace", async () => {
    const { gw, cp } = setup({ cp: { kafkaClusterId: LKC } });
    gw.always("POST", CONNECTORS, created("c1"));
    gw.on("GET", STATUS, { json: statusJson("c1", "PROVISIONING") }, { json: statusJson("c1", "FAILED", { trace: "org.apache.kafka.ConfigException: bad topic\n\tat X" }) });
    const failed = (await cp.createConnector("c1", CONFIG).catch((x: unknown) => x)) as OperationalError;
    expect(failed).toBeInstanceOf(OperationalError);
    expect([failed.code, failed.phase, failed.message]).toEqual(["CONNECTOR_FAILED", "FAILED", "Connector 'c1' is FAILED: org.apache.kafka.ConfigException: bad topic"]);
    expect(failed.detail).toBe("org.apache.kafka.ConfigException: bad topic\n\tat X");
    gw.on("GET", STATUS, { json: statusJson("c1", "DEGRADED", { tasks: [{ id: 0, state: "RUNNING" }, { id: 1, state: "FAILED", msg: "task died" }] }) });
    const degraded = (await cp.createConnector("c1", CONFIG).catch((x: unknown) => x)) as OperationalError;
    expect([degraded.code, degraded.detail]).toEqual(["CONNECTOR_DEGRADED", "task 1: task died"]);
  });

  it("times out naming the last state", async () => {
    const { gw, cp } = setup({ cp: { kafkaClusterId: LKC } });
    gw.on("POST", CONNECTORS, created("c1"));
    gw.always("GET", STATUS, { json: statusJson("c1", "PROVISIONING") });
    const e = (await cp.createConnector("c1", CONFIG, { timeoutMs: 30 }).catch((x: unknown) => x)) as TimeoutError;
    expect(e).toBeInstanceOf(TimeoutError);
    expect(e.message).toContain("(last seen: state PROVISIONING)");
  });
});

describe("getConnector", () => {
  it("reads the definition, then the status, by URL-encoded name", async () => {
    const { gw, cp } = setup({ cp: { kafkaClusterId: LKC } });
    gw.on("GET", ONE, { json: connectorJson("a b", { "connector.class": "S3_SINK", "aws.secret.access.key": "****", "aws.access.key.id": "AKIA" }) });
    gw.on("GET", STATUS, { json: statusJson("a b", "PAUSED") });
    const c = await cp.getConnector("a b");
    expect(cpCalls(gw.requests)).toEqual([`GET ${CONNECTORS}/a%20b`, `GET ${CONNECTORS}/a%20b/status`]);
    expect([c.state, c.spec.connectorClass, c.spec.config["aws.secret.access.key"], c.spec.tasks]).toEqual(["PAUSED", "S3_SINK", "****", [{ connector: "a b", task: 0 }]]);
  });

  it("maps 404 to ConnectorNotFoundError without reading the status", async () => {
    const { gw, cp } = setup({ cp: { kafkaClusterId: LKC } });
    gw.on("GET", ONE, { status: 404, json: { errors: [{ detail: "Connector c1 not found" }] } });
    const e = (await cp.getConnector("c1").catch((x: unknown) => x)) as ConnectorNotFoundError;
    expect(e).toBeInstanceOf(ConnectorNotFoundError);
    expect(e).toBeInstanceOf(ProgrammingError);
    expect([e.code, e.status, e.connectorName, e.detail]).toEqual(["CONNECTOR_NOT_FOUND", 404, "c1", "Connector c1 not found"]);
    expect(e.toJSON()).toMatchObject({ connectorName: "c1" });
    expect(gw.calls("GET", STATUS)).toEqual([]);
  });

  it("rejects a malformed status as a ProtocolError naming the path", async () => {
    const { gw, cp } = setup({ cp: { kafkaClusterId: LKC } });
    gw.on("GET", ONE, { json: connectorJson("c1", { "connector.class": "X" }) });
    gw.on("GET", STATUS, { json: { name: "c1", connector: { worker_id: "w" } } });
    await expect(cp.getConnector("c1")).rejects.toMatchObject({ code: "PROTOCOL_ERROR", path: "connector.state" });
  });
});

describe("deleteConnector", () => {
  it("DELETEs and waits until the connector reads 404", async () => {
    const { gw, cp } = setup({ cp: { kafkaClusterId: LKC } });
    gw.on("DELETE", ONE, { status: 200, json: {} });
    gw.on("GET", ONE, { json: connectorJson("c1", { "connector.class": "X" }) }, { status: 404, json: { errors: [{ detail: "gone" }] } });
    await expect(cp.deleteConnector("c1")).resolves.toBeUndefined();
    expect(cpCalls(gw.requests)).toEqual([`DELETE ${CONNECTORS}/c1`, `GET ${CONNECTORS}/c1`, `GET ${CONNECTORS}/c1`]);
  });

  it("maps 404 to ConnectorNotFoundError; wait: false sends only the DELETE", async () => {
    const { gw, cp } = setup({ cp: { kafkaClusterId: LKC } });
    gw.on("DELETE", ONE, { status: 404, json: { errors: [{ detail: "nope" }] } }, { status: 200, json: {} });
    await expect(cp.deleteConnector("c1")).rejects.toMatchObject({ code: "CONNECTOR_NOT_FOUND" });
    await cp.deleteConnector("c1", { wait: false });
    expect(gw.calls("GET", ONE)).toEqual([]);
  });
});

describe("pauseConnector and resumeConnector", () => {
  it("PUTs pause without a body, reads the connector and waits until PAUSED; resume waits until RUNNING", async () => {
    const { gw, cp } = setup({ cp: { kafkaClusterId: LKC } });
    gw.always("GET", ONE, { json: connectorJson("c1", { "connector.class": "X" }) });
    gw.on("PUT", `${ONE}/pause`, { status: 503, json: { errors: [{ detail: "busy" }] } }, { status: 202 });
    gw.on("GET", STATUS, { json: statusJson("c1", "RUNNING") }, { json: statusJson("c1", "PAUSED") });
    const paused = await cp.pauseConnector("c1");
    expect(paused.state).toBe("PAUSED");
    const puts = gw.calls("PUT", `${ONE}/pause`);
    expect(puts.length).toBe(2); // idempotent: the 503 was retried
    expect(puts[1]!.body).toBeUndefined();
    expect(cpCalls(gw.requests)).toEqual([`PUT ${CONNECTORS}/c1/pause`, `PUT ${CONNECTORS}/c1/pause`, `GET ${CONNECTORS}/c1`, `GET ${CONNECTORS}/c1/status`, `GET ${CONNECTORS}/c1/status`]);

    gw.on("PUT", `${ONE}/resume`, { status: 202 });
    gw.on("GET", STATUS, { json: statusJson("c1", "PAUSED") }, { json: statusJson("c1", "RUNNING") });
    expect((await cp.resumeConnector("c1")).state).toBe("RUNNING");
    expect(gw.calls("PUT", `${ONE}/resume`).length).toBe(1);
  });

  it("fails a resume that ends FAILED, returns at once with wait: false, and maps 404", async () => {
    const { gw, cp } = setup({ cp: { kafkaClusterId: LKC } });
    gw.always("GET", ONE, { json: connectorJson("c1", { "connector.class": "X" }) });
    gw.always("PUT", `${ONE}/resume`, { status: 202 });
    gw.on("GET", STATUS, { json: statusJson("c1", "FAILED", { trace: "boom" }) }, { json: statusJson("c1", "PAUSED") });
    await expect(cp.resumeConnector("c1")).rejects.toMatchObject({ code: "CONNECTOR_FAILED", detail: "boom" });
    expect((await cp.resumeConnector("c1", { wait: false })).state).toBe("PAUSED");
    gw.on("PUT", `${ONE}/pause`, { status: 404, json: { errors: [{ detail: "no" }] } });
    await expect(cp.pauseConnector("c1")).rejects.toBeInstanceOf(ConnectorNotFoundError);
  });
});
