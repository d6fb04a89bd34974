/**
 * The emulator's control-plane authentication on the newer routes (connector list with
 * expansions, config, restart; Tableflow update and list): no credentials or a wrong secret is
 * a 401 with a `WWW-Authenticate` challenge, in Connect's error shape on Connect routes and in
 * the v2 `errors` shape on Tableflow's, and nothing is changed. Through the client the 401 is
 * OperationalError UNAUTHENTICATED, naming no secret.
 *
 * The emulator has one key pair for everything (its Flink key doubles as the Tableflow and
 * Connect pairs, see EmulatorControlPlaneOptions), so there is no per-API key scoping to test.
 */
import { afterEach, describe, expect, it } from "vitest";
import { connect, OperationalError } from "../../../src/index.ts";
import { controlPlane } from "../../../src/control-plane/index.ts";
import { createEmulator, type Emulator } from "../../../src/emulator/index.ts";

const SECRET = "emu-auth-secret-41c7";
const WRONG = "not-the-secret-0000";
const emulators: Emulator[] = [];
afterEach(async () => {
  for (const e of emulators.splice(0)) await e.close();
});

async function setup() {
  const emu = createEmulator({ clock: "instant", apiSecret: SECRET });
  emulators.push(emu);
  const conn = connect({ ...emu.connectOptions, fetch: emu.fetch });
  await conn.executeSnapshotDdl("CREATE TABLE orders (id INT)");
  const cp = controlPlane(conn, { ...emu.controlPlaneOptions, poll: { initialMs: 1, maxMs: 2 } });
  await cp.enableTableflow("orders", { formats: "ICEBERG", storage: { kind: "Managed" } });
  await cp.createConnector("gen", { "connector.class": "DatagenSource", "kafka.api.key": "K", "kafka.api.secret": "kafka-secret-x", "tasks.max": 1 });
  const origin = emu.connectOptions.endpoint;
  const connectors = `/connect/v1/environments/${emu.environmentId}/clusters/${emu.controlPlaneOptions.kafkaClusterId}/connectors`;
  const scope = { environment: { id: emu.environmentId }, kafka_cluster: { id: emu.controlPlaneOptions.kafkaClusterId } };
  const raw = (method: string, path: string, authorization: string | undefined, body?: unknown) =>
    emu.fetch(`${origin}${path}`, {
      method,
      headers: { ...(authorization === undefined ? {} : { Authorization: authorization }), ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return { emu, cp, connectors, scope, raw };
}

const basic = (key: string, secret: string) => `Basic ${btoa(`${key}:${secret}`)}`;

describe("control-plane authentication on the newer routes", () => {
  it("answers 401 with a challenge for no credentials and for a wrong secret, changing nothing", async () => {
    const { emu, cp, connectors, scope, raw } = await setup();
    const key = emu.controlPlaneOptions.connectApiKey;
    const routes: Array<[method: string, path: string, body: unknown, connect: boolean]> = [
      ["GET", `${connectors}?expand=info,status`, undefined, true],
      ["GET", `${connectors}/gen/config`, undefined, true],
      ["PUT", `${connectors}/gen/config`, { "connector.class": "DatagenSource", "kafka.api.key": "K", "kafka.api.secret": "s", "tasks.max": "3" }, true],
      ["POST", `${connectors}/gen/restart`, undefined, true],
      ["PATCH", "/tableflow/v1/tableflow-topics/orders", { spec: { ...scope, table_formats: ["DELTA"] } }, false],
      ["GET", `/tableflow/v1/tableflow-topics?environment=${emu.environmentId}&spec.kafka_cluster=${scope.kafka_cluster.id}`, undefined, false],
    ];
    for (const [method, path, body, isConnect] of routes) {
      for (const authorization of [undefined, basic(key, WRONG), basic("WRONGKEY", SECRET), "Basic !!!"]) {
        const res = await raw(method, path, authorization, body);
        const what = `${method} ${path} with ${authorization === undefined ? "no credentials" : "bad credentials"}`;
        expect(res.status, what).toBe(401);
        expect(res.headers.get("www-authenticate"), what).toMatch(/^Basic /);
        const json = (await res.json()) as Record<string, any>;
        if (isConnect) expect(json.error.code, what).toBe(401);
        else expect(json.errors[0].status, what).toBe("401");
        expect(JSON.stringify(json)).not.toContain(SECRET);
      }
    }
    // Nothing changed: still one task, still ICEBERG only, still RUNNING.
    expect((await cp.getConnector("gen")).status.tasks.length).toBe(1);
    expect((await cp.getTableflow("orders")).spec.tableFormats).toEqual(["ICEBERG"]);
  });

  it("through the client, a wrong Connect or Tableflow secret is UNAUTHENTICATED naming no secret", async () => {
    const { emu } = await setup();
    const conn = connect({ ...emu.connectOptions, fetch: emu.fetch });
    const wrong = controlPlane(conn, { ...emu.controlPlaneOptions, connectApiSecret: WRONG, tableflowApiSecret: WRONG });
    const calls: Array<() => Promise<unknown>> = [
      () => wrong.listConnectors(),
      () => wrong.getConnectorConfig("gen"),
      () => wrong.restartConnector("gen"),
      () => wrong.updateTableflow("orders", { suspended: false }),
      () => wrong.listTableflowTopics(),
    ];
    for (const call of calls) {
      const e = await call().catch((x: unknown) => x);
      expect(e).toBeInstanceOf(OperationalError);
      expect((e as OperationalError).code).toBe("UNAUTHENTICATED");
      expect((e as OperationalError).status).toBe(401);
      expect(String(e) + JSON.stringify(e)).not.toContain(WRONG);
      expect(String(e) + JSON.stringify(e)).not.toContain(SECRET);
    }
  });
});
