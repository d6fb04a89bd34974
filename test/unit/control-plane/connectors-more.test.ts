/**
 * The connector calls beyond the Python driver (listConnectors, getConnectorConfig,
 * updateConnectorConfig, restartConnector) against the emulator's Connect routes: real
 * values through the public API, secrets never returned, coded errors. A ManualClock where a
 * state in between is checked (with `wait: false`), the instant clock where a call waits.
 */
import { afterEach, describe, expect, it } from "vitest";
import { connect, InterfaceError, OperationalError, ProgrammingError } from "../../../src/index.ts";
import { ConnectorNotFoundError, controlPlane, type ConnectorConfig } from "../../../src/control-plane/index.ts";
import { createEmulator, ManualClock, type Emulator } from "../../../src/emulator/index.ts";

const KAFKA_SECRET = "kafka-secret-c0ffee-77";
const CONFIG: ConnectorConfig = {
  "connector.class": "DatagenSource",
  "kafka.api.key": "KAFKAKEY",
  "kafka.api.secret": KAFKA_SECRET,
  "kafka.topic": "orders",
  quickstart: "ORDERS",
  "tasks.max": 1,
};

const emulators: Emulator[] = [];
afterEach(async () => {
  for (const e of emulators.splice(0)) await e.close();
});

function setup(clock: "instant" | ManualClock = "instant") {
  const emu = createEmulator({ clock, ...(clock === "instant" ? {} : { timing: { pendingMs: 1000, stoppingMs: 500, deletingMs: 300 } }) });
  emulators.push(emu);
  const conn = connect({ ...emu.connectOptions, fetch: emu.fetch });
  const cp = controlPlane(conn, { ...emu.controlPlaneOptions, poll: { initialMs: 1, maxMs: 2 } });
  return { emu, conn, cp };
}

describe("listConnectors", () => {
  it("returns every connector of the cluster with its definition and status, sorted by name, secrets masked", async () => {
    const { cp } = setup();
    expect(await cp.listConnectors()).toEqual([]);
    await cp.createConnector("b-gen", CONFIG);
    await cp.createConnector("a-gen", { ...CONFIG, "tasks.max": 2 });
    await cp.pauseConnector("b-gen");
    const list = await cp.listConnectors();
    expect(list.map((c) => [c.name, c.state, c.status.tasks.length])).toEqual([
      ["a-gen", "RUNNING", 2],
      ["b-gen", "PAUSED", 1],
    ]);
    expect(list[0]!.spec.connectorClass).toBe("DatagenSource");
    expect(list[0]!.spec.config["kafka.api.secret"]).toBe("****");
    expect(list[0]!.spec.config["kafka.topic"]).toBe("orders");
    expect(JSON.stringify(list)).not.toContain(KAFKA_SECRET);
  });

  it("asks for the expansions in one request", async () => {
    const { emu, cp } = setup();
    await cp.createConnector("one", CONFIG);
    const urls: string[] = [];
    const conn = connect({ ...emu.connectOptions, fetch: (input, init) => (urls.push(String(input instanceof Request ? input.url : input)), emu.fetch(input, init)) });
    await controlPlane(conn, emu.controlPlaneOptions).listConnectors();
    expect(urls.map((u) => new URL(u).search)).toEqual(["?expand=info%2Cstatus"]);
  });
});

describe("emulator list route", () => {
  it("answers names without expand, an object keyed by name with it, and 400 for an unknown expansion", async () => {
    const { emu, cp } = setup();
    await cp.createConnector("one", CONFIG);
    const path = `/connect/v1/environments/${emu.environmentId}/clusters/${emu.controlPlaneOptions.kafkaClusterId}/connectors`;
    const names = await cp.request({ path, api: "connect" });
    expect(names.body).toEqual(["one"]);
    const ids = await cp.request({ path, query: { expand: "id" }, api: "connect" });
    expect(ids.body).toEqual({ one: { id: { id: "lcc-00001", id_type: "ID" } } });
    const bad = await cp.request({ path, query: { expand: "status,bogus" }, api: "connect", accept: [400] });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ error: { code: 400, message: "Invalid expand value 'bogus': use any of status, info, id" } });
  });
});

describe("getConnectorConfig", () => {
  it("returns the flat config with the service's keys, secrets masked", async () => {
    const { cp } = setup();
    await cp.createConnector("gen", CONFIG);
    const config = await cp.getConnectorConfig("gen");
    expect(config).toEqual({
      "cloud.environment": "prod",
      "cloud.provider": "aws",
      "kafka.endpoint": "SASL_SSL://pkc-emu001.us-east-1.aws.confluent.cloud:9092",
      "kafka.region": "us-east-1",
      "connector.class": "DatagenSource",
      "kafka.api.key": "KAFKAKEY",
      "kafka.api.secret": "****",
      "kafka.topic": "orders",
      quickstart: "ORDERS",
      "tasks.max": "1",
      name: "gen",
    });
  });

  it("is ConnectorNotFoundError for an unknown connector, and checks the name first", async () => {
    const { cp } = setup();
    const e = await cp.getConnectorConfig("nope").catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ConnectorNotFoundError);
    expect((e as ConnectorNotFoundError).code).toBe("CONNECTOR_NOT_FOUND");
    expect((e as ConnectorNotFoundError).connectorName).toBe("nope");
    await expect(cp.getConnectorConfig("  ")).rejects.toMatchObject({ code: "CONNECTOR_NAME_INVALID" });
  });
});

describe("updateConnectorConfig", () => {
  it("replaces the config and waits until the connector runs again", async () => {
    const { cp } = setup();
    await cp.createConnector("gen", CONFIG);
    const given = Object.freeze({ ...CONFIG, "tasks.max": 3, "kafka.topic": "orders_v2" });
    const c = await cp.updateConnectorConfig("gen", given);
    expect(given).not.toHaveProperty("name");
    expect(c.state).toBe("RUNNING");
    expect(c.status.tasks.map((t) => t.id)).toEqual([0, 1, 2]);
    expect(c.spec.config["kafka.topic"]).toBe("orders_v2");
    expect(c.spec.config["kafka.api.secret"]).toBe("****");
    expect((await cp.getConnectorConfig("gen"))["tasks.max"]).toBe("3");
  });

  it("re-provisions the connector: PROVISIONING, then RUNNING; a paused one stays PAUSED", async () => {
    const clock = new ManualClock();
    const { cp } = setup(clock);
    await cp.createConnector("gen", CONFIG, { wait: false });
    clock.advance(1000);
    expect((await cp.updateConnectorConfig("gen", { ...CONFIG, "tasks.max": 2 }, { wait: false })).state).toBe("PROVISIONING");
    clock.advance(1000);
    expect((await cp.getConnector("gen")).state).toBe("RUNNING");
    await cp.pauseConnector("gen", { wait: false });
    clock.advance(500);
    expect((await cp.updateConnectorConfig("gen", CONFIG, { wait: false })).state).toBe("PROVISIONING");
    clock.advance(1000);
    expect((await cp.getConnector("gen")).state).toBe("PAUSED");
  });

  it("creates the connector when there is none of that name, as the API's PUT does", async () => {
    const { cp } = setup();
    const c = await cp.updateConnectorConfig("fresh", CONFIG);
    expect([c.name, c.state]).toEqual(["fresh", "RUNNING"]);
  });

  it("checks the config as a create does, before any request, and refuses a masked secret", async () => {
    const { cp } = setup();
    const codes = await Promise.all(
      [
        { ...CONFIG, "connector.class": "" },
        { ...CONFIG, "kafka.api.secret": undefined },
        { ...CONFIG, name: "other" },
        { ...CONFIG, "kafka.api.secret": "****" },
        { ...CONFIG, nested: {} },
      ].map((config) => cp.updateConnectorConfig("gen", config as ConnectorConfig).catch((e: unknown) => e)),
    );
    for (const e of codes) {
      expect(e).toBeInstanceOf(InterfaceError);
      expect((e as InterfaceError).code).toBe("CONNECTOR_CONFIG_INVALID");
      expect((e as InterfaceError).message).toMatch(/^updateConnectorConfig\(\): /);
    }
    expect((codes[3] as InterfaceError).message).toContain("is the mask ****, not the secret");
    expect(await cp.listConnectors()).toEqual([]);
  });

  it("ends the wait with CONNECTOR_FAILED when the new config breaks the connector, without its secret", async () => {
    const { cp } = setup();
    await cp.createConnector("gen", CONFIG);
    const e = await cp.updateConnectorConfig("gen", { ...CONFIG, "tasks.max": "zero" }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(OperationalError);
    expect((e as OperationalError).code).toBe("CONNECTOR_FAILED");
    expect((e as OperationalError).message).toContain("tasks.max: Invalid value zero");
    expect(JSON.stringify(e) + String(e)).not.toContain(KAFKA_SECRET);
  });

  it("is BAD_REQUEST when the server refuses the config (the emulator checks the service-account id)", async () => {
    const { cp } = setup();
    const e = await cp.updateConnectorConfig("gen", { "connector.class": "DatagenSource", "kafka.auth.mode": "SERVICE_ACCOUNT" }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ProgrammingError);
    expect((e as ProgrammingError).code).toBe("BAD_REQUEST");
    expect((e as ProgrammingError).message).toContain('"kafka.service.account.id"');
  });
});

describe("restartConnector", () => {
  it("restarts the connector and waits until it is RUNNING again", async () => {
    const clock = new ManualClock();
    const { cp } = setup(clock);
    await cp.createConnector("gen", CONFIG, { wait: false });
    clock.advance(1000);
    expect((await cp.restartConnector("gen", { wait: false })).state).toBe("PROVISIONING");
    clock.advance(999);
    expect((await cp.getConnector("gen")).state).toBe("PROVISIONING");
    clock.advance(1);
    expect((await cp.getConnector("gen")).state).toBe("RUNNING");
  });

  it("waits by default, and leaves a paused connector PAUSED", async () => {
    const { cp } = setup();
    await cp.createConnector("gen", CONFIG);
    expect((await cp.restartConnector("gen")).state).toBe("RUNNING");
    await cp.pauseConnector("gen");
    expect((await cp.restartConnector("gen")).state).toBe("PAUSED");
  });

  it("is ConnectorNotFoundError for an unknown connector", async () => {
    const { cp } = setup();
    await expect(cp.restartConnector("nope")).rejects.toBeInstanceOf(ConnectorNotFoundError);
    await expect(cp.restartConnector("")).rejects.toMatchObject({ code: "CONNECTOR_NAME_INVALID" });
  });
});
