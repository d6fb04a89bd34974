/**
 * Managed connectors (connect/v1): create (201, secrets masked, service-added keys), read,
 * status (PROVISIONING -> RUNNING after pendingMs), pause (202; PAUSED after stoppingMs),
 * resume (202; RUNNING after pendingMs), delete (200 {"error":null}; gone after deletingMs),
 * the FAILED path (tasks.max not a positive integer), 400/404/409 and 401 in Connect's
 * {"error":{"code","message"}} shape, and faults aimed at connector route ids.
 */
import { afterEach, describe, expect, it } from "vitest";
import { controlPlane, TIMING, type ControlPlaneHarness } from "./support/control-plane.ts";

let h: ControlPlaneHarness;
afterEach(async () => {
  await h?.emu.close();
});

const CONFIG = {
  "connector.class": "DatagenSource",
  "kafka.api.key": "KAFKAKEY",
  "kafka.api.secret": "kafka-secret-value",
  "kafka.topic": "orders",
  quickstart: "ORDERS",
  "output.data.format": "JSON",
  "tasks.max": "2",
};

async function create(name = "orders-gen", config: Record<string, unknown> = CONFIG) {
  return h.call("POST", h.connectors, { name, config });
}

async function state(name = "orders-gen"): Promise<string> {
  const r = await h.call("GET", `${h.connectors}/${name}/status`);
  expect(r.status, r.text).toBe(200);
  return r.body.connector.state;
}

describe("connect/v1 create and read", () => {
  it("creates with 201: the config comes back with secrets masked, the keys the service adds, tasks and type", async () => {
    h = controlPlane();
    const r = await create();
    expect(r.status).toBe(201);
    const body = {
      name: "orders-gen",
      config: {
        "cloud.environment": "prod",
        "cloud.provider": "aws",
        "kafka.endpoint": "SASL_SSL://pkc-emu001.us-east-1.aws.confluent.cloud:9092",
        "kafka.region": "us-east-1",
        "connector.class": "DatagenSource",
        "kafka.api.key": "KAFKAKEY",
        "kafka.api.secret": "****",
        "kafka.topic": "orders",
        quickstart: "ORDERS",
        "output.data.format": "JSON",
        "tasks.max": "2",
        name: "orders-gen",
      },
      tasks: [
        { connector: "orders-gen", task: 0 },
        { connector: "orders-gen", task: 1 },
      ],
      type: "source",
    };
    expect(r.body).toEqual(body);
    const read = await h.call("GET", `${h.connectors}/orders-gen`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(body);
    expect(read.text).not.toContain("kafka-secret-value");
  });

  it("masks every key naming a secret or a password, and tells sinks from sources by class", async () => {
    h = controlPlane();
    const r = await create("pg-sink", {
      "connector.class": "PostgresSink",
      "kafka.api.key": "K",
      "kafka.api.secret": "S",
      "connection.password": "hunter2",
      "aws.SECRET.access.key": "abc",
      "connection.user": "app",
      topics: "orders",
      "tasks.max": 1,
    });
    expect(r.status).toBe(201);
    expect(r.body.type).toBe("sink");
    expect(r.body.config).toMatchObject({
      "kafka.api.secret": "****",
      "connection.password": "****",
      "aws.SECRET.access.key": "****",
      "connection.user": "app",
      "tasks.max": "1",
    });
  });

  it("goes PROVISIONING, then RUNNING with its tasks once pendingMs has passed", async () => {
    h = controlPlane();
    await create();
    const provisioning = await h.call("GET", `${h.connectors}/orders-gen/status`);
    expect(provisioning.body).toEqual({
      name: "orders-gen",
      connector: { state: "PROVISIONING", worker_id: "orders-gen", trace: "" },
      tasks: [],
      type: "source",
    });
    h.clock.advance(TIMING.pendingMs - 1);
    expect(await state()).toBe("PROVISIONING");
    h.clock.advance(1);
    const running = await h.call("GET", `${h.connectors}/orders-gen/status`);
    expect(running.body).toEqual({
      name: "orders-gen",
      connector: { state: "RUNNING", worker_id: "orders-gen", trace: "" },
      tasks: [
        { id: 0, state: "RUNNING", worker_id: "orders-gen", msg: "" },
        { id: 1, state: "RUNNING", worker_id: "orders-gen", msg: "" },
      ],
      type: "source",
    });
  });

  it("lists the cluster's connector names in creation order", async () => {
    h = controlPlane();
    await create("b-second");
    await create("a-first");
    const r = await h.call("GET", h.connectors);
    expect(r.status).toBe(200);
    expect(r.body).toEqual(["b-second", "a-first"]);
  });

  it("fills config.name in when it is missing", async () => {
    h = controlPlane();
    expect(CONFIG).not.toHaveProperty("name");
    const r = await create("unnamed", CONFIG);
    expect(r.status).toBe(201);
    expect(r.body.config.name).toBe("unnamed");
  });
});

describe("connect/v1 errors", () => {
  const bad: Array<[string, unknown, string]> = [
    ["no connector.class", { name: "x", config: { "kafka.api.key": "K", "kafka.api.secret": "S" } }, 'Missing required configuration "connector.class" which has no default value.'],
    ["a config.name that is not the name", { name: "x", config: { ...CONFIG, name: "y" } }, "Connector name mismatch: config.name is 'y' but the connector is named 'x'"],
    ["no Kafka API secret", { name: "x", config: { "connector.class": "DatagenSource", "kafka.api.key": "K" } }, 'Missing required configuration "kafka.api.secret" which has no default value.'],
    [
      "a service account mode without the account",
      { name: "x", config: { "connector.class": "DatagenSource", "kafka.auth.mode": "SERVICE_ACCOUNT" } },
      'Missing required configuration "kafka.service.account.id" which has no default value.',
    ],
    ["no name", { config: CONFIG }, "name is required: the connector's name"],
    ["no config", { name: "x" }, "config is required: an object of configuration strings"],
    ["a nested config value", { name: "x", config: { ...CONFIG, nested: { a: 1 } } }, "Invalid value for configuration nested: values must be strings"],
    ["a body that is not an object", ["x"], "The request body must be a JSON object with name and config"],
  ];

  it.each(bad)("answers 400 for %s, in Connect's error shape, and creates nothing", async (_what, body, message) => {
    h = controlPlane();
    const r = await h.call("POST", h.connectors, body);
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ error: { code: 400, message } });
    expect((await h.call("GET", h.connectors)).body).toEqual([]);
  });

  it("answers 409 for a name already in use in the cluster", async () => {
    h = controlPlane();
    expect((await create()).status).toBe(201);
    const again = await create();
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ error: { code: 409, message: "Connector orders-gen already exists" } });
  });

  it("answers 404 for an unknown environment, cluster or connector on every route", async () => {
    h = controlPlane();
    const org = h.emu.organizationId;
    const env = await h.call("POST", "/connect/v1/environments/env-nope/clusters/lkc-emu001/connectors", { name: "x", config: CONFIG });
    expect(env.status).toBe(404);
    expect(env.body).toEqual({ error: { code: 404, message: `Environment 'env-nope' not found in organization '${org}'` } });
    const cluster = await h.call("GET", "/connect/v1/environments/env-emu001/clusters/lkc-nope/connectors");
    expect(cluster.status).toBe(404);
    expect(cluster.body).toEqual({ error: { code: 404, message: "Kafka cluster 'lkc-nope' not found in environment 'env-emu001'" } });
    for (const [method, suffix] of [
      ["GET", ""],
      ["GET", "/status"],
      ["PUT", "/pause"],
      ["PUT", "/resume"],
      ["DELETE", ""],
    ] as const) {
      const r = await h.call(method, `${h.connectors}/ghost${suffix}`);
      expect(r.status, `${method} ${suffix}`).toBe(404);
      expect(r.body).toEqual({ error: { code: 404, message: "Connector ghost not found" } });
    }
  });

  it("answers 401 and 405 in Connect's shape too", async () => {
    h = controlPlane();
    const anonymous = await h.emu.fetch(`http://emulator.local${h.connectors}`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toBe('Basic realm="Confluent Cloud"');
    expect(await anonymous.json()).toEqual({ error: { code: 401, message: "Authentication is required: send an API key (Basic) or a bearer token" } });
    const post = await h.call("POST", `${h.connectors}/x/status`, {});
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET");
    expect(post.body).toEqual({ error: { code: 405, message: `Method POST is not allowed on ${h.connectors}/x/status` } });
  });
});

describe("connect/v1 lifecycle", () => {
  it("pause answers 202 with no body; PAUSED after stoppingMs; resume 202, RUNNING after pendingMs", async () => {
    h = controlPlane();
    await create();
    h.clock.advance(TIMING.pendingMs);
    const pause = await h.call("PUT", `${h.connectors}/orders-gen/pause`);
    expect(pause.status).toBe(202);
    expect(pause.text).toBe("");
    expect(await state()).toBe("RUNNING");
    h.clock.advance(TIMING.stoppingMs);
    const paused = await h.call("GET", `${h.connectors}/orders-gen/status`);
    expect(paused.body.connector.state).toBe("PAUSED");
    expect(paused.body.tasks.map((t: any) => t.state)).toEqual(["PAUSED", "PAUSED"]);
    // Pausing again changes nothing.
    expect((await h.call("PUT", `${h.connectors}/orders-gen/pause`)).status).toBe(202);
    h.clock.advance(TIMING.stoppingMs);
    expect(await state()).toBe("PAUSED");
    const resume = await h.call("PUT", `${h.connectors}/orders-gen/resume`);
    expect(resume.status).toBe(202);
    expect(resume.text).toBe("");
    h.clock.advance(TIMING.pendingMs - 1);
    expect(await state()).toBe("PAUSED");
    h.clock.advance(1);
    expect(await state()).toBe("RUNNING");
  });

  it("a pause during provisioning ends it PAUSED; a resume before the pause lands calls it off", async () => {
    h = controlPlane();
    await create();
    await h.call("PUT", `${h.connectors}/orders-gen/pause`);
    h.clock.advance(TIMING.pendingMs);
    expect(await state()).toBe("PAUSED");
    await h.call("PUT", `${h.connectors}/orders-gen/resume`);
    h.clock.advance(TIMING.pendingMs);
    expect(await state()).toBe("RUNNING");
    await h.call("PUT", `${h.connectors}/orders-gen/pause`);
    await h.call("PUT", `${h.connectors}/orders-gen/resume`);
    h.clock.advance(TIMING.stoppingMs + TIMING.pendingMs);
    expect(await state()).toBe("RUNNING");
  });

  it("a tasks.max that is not a positive integer fails at the end of provisioning, with a trace", async () => {
    h = controlPlane();
    const r = await create("broken", { ...CONFIG, "tasks.max": "0" });
    expect(r.status).toBe(201);
    expect(r.body.tasks).toEqual([]);
    expect(await state("broken")).toBe("PROVISIONING");
    h.clock.advance(TIMING.pendingMs);
    const failed = await h.call("GET", `${h.connectors}/broken/status`);
    expect(failed.body).toEqual({
      name: "broken",
      connector: {
        state: "FAILED",
        worker_id: "broken",
        trace: "There were some errors with your configuration:\ntasks.max: Invalid value 0 for configuration tasks.max: must be a positive integer",
      },
      tasks: [],
      type: "source",
    });
    // Pause and resume are accepted and leave a failed connector failed.
    expect((await h.call("PUT", `${h.connectors}/broken/pause`)).status).toBe(202);
    expect((await h.call("PUT", `${h.connectors}/broken/resume`)).status).toBe(202);
    h.clock.advance(TIMING.pendingMs + TIMING.stoppingMs);
    expect(await state("broken")).toBe("FAILED");
    for (const value of ["-1", "two", "1.5"]) {
      await create(`broken${value}`, { ...CONFIG, "tasks.max": value });
    }
    h.clock.advance(TIMING.pendingMs);
    for (const value of ["-1", "two", "1.5"]) expect(await state(`broken${value}`)).toBe("FAILED");
  });

  it("delete answers 200 {error: null}; the connector reads until deletingMs has passed, then 404", async () => {
    h = controlPlane();
    await create();
    h.clock.advance(TIMING.pendingMs);
    const del = await h.call("DELETE", `${h.connectors}/orders-gen`);
    expect(del.status).toBe(200);
    expect(del.body).toEqual({ error: null });
    expect((await h.call("GET", `${h.connectors}/orders-gen`)).status).toBe(200);
    expect((await create()).status).toBe(409);
    // Lifecycle requests while it goes away do not bring it back.
    await h.call("PUT", `${h.connectors}/orders-gen/resume`);
    h.clock.advance(TIMING.deletingMs);
    expect((await h.call("GET", `${h.connectors}/orders-gen`)).status).toBe(404);
    expect((await h.call("GET", `${h.connectors}/orders-gen/status`)).status).toBe(404);
    expect((await h.call("GET", h.connectors)).body).toEqual([]);
    expect(h.clock.pending).toBe(0);
    expect((await create()).status).toBe(201);
  });

  it("keeps connectors of different clusters apart", async () => {
    h = controlPlane({ databases: [{ id: "lkc-one", name: "one" }, { id: "lkc-two", name: "two" }] });
    const two = "/connect/v1/environments/env-emu001/clusters/lkc-two/connectors";
    expect((await create("same")).status).toBe(201);
    expect((await h.call("POST", two, { name: "same", config: CONFIG })).status).toBe(201);
    await h.call("DELETE", `${two}/same`);
    h.clock.advance(TIMING.deletingMs);
    expect((await h.call("GET", `${h.connectors}/same`)).status).toBe(200);
    expect((await h.call("GET", `${two}/same`)).status).toBe(404);
  });
});

describe("connect/v1 faults", () => {
  it("faults aimed at connector routes answer in Connect's shape; other routes are untouched", async () => {
    h = controlPlane({
      faults: [
        { route: "connectors.status", sequence: [{ kind: "error", status: 503 }, { kind: "rate-limit", retryAfterSeconds: 2 }] },
        { route: "connectors.create", sequence: [{ kind: "drop", when: "after" }] },
      ],
    });
    // The create happens, but its answer is lost.
    await expect(create()).rejects.toThrow(TypeError);
    expect((await h.call("GET", `${h.connectors}/orders-gen`)).status).toBe(200);
    const unavailable = await h.call("GET", `${h.connectors}/orders-gen/status`);
    expect(unavailable.status).toBe(503);
    expect(unavailable.body).toEqual({ error: { code: 503, message: "Service Unavailable" } });
    const limited = await h.call("GET", `${h.connectors}/orders-gen/status`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("2");
    expect(limited.body).toEqual({ error: { code: 429, message: "Too Many Requests" } });
    expect(await state()).toBe("PROVISIONING");
  });
});
