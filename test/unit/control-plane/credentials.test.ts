import { describe, expect, it } from "vitest";
import { inspect } from "node:util";
import { connect, InterfaceError, ProgrammingError } from "../../../src/index.ts";
import { ControlPlane, controlPlane } from "../../../src/control-plane/index.ts";
import { BASE, ENV, FakeGateway, ORG } from "../../support/fake-gateway.ts";
import { basic, CONNECT, CONNECTORS, connectorJson, CP, flinkOnly, GLOBAL, LKC, setup, statusJson, TABLEFLOW, topicJson } from "./fixtures.ts";

const TOPIC = "/tableflow/v1/tableflow-topics/:table";
const ALL_SECRETS = [GLOBAL.secret, TABLEFLOW.secret, CONNECT.secret, "flink-secret-value-1"];

function scriptReads(gw: FakeGateway) {
  gw.always("GET", TOPIC, { json: topicJson({ phase: "RUNNING" }) });
  gw.always("GET", `${CONNECTORS}/:name`, { json: connectorJson("c1", { "connector.class": "DatagenSource" }) });
  gw.always("GET", `${CONNECTORS}/:name/status`, { json: statusJson("c1", "RUNNING") });
}

describe("control-plane credentials", () => {
  it("prefers the connection's global key over dedicated pairs, for every API", async () => {
    const { gw, cp } = setup({ cp: { kafkaClusterId: LKC, tableflowApiKey: TABLEFLOW.key, tableflowApiSecret: TABLEFLOW.secret, connectApiKey: CONNECT.key, connectApiSecret: CONNECT.secret } });
    scriptReads(gw);
    await cp.getTableflow("orders");
    await cp.getConnector("c1");
    expect(gw.requests.length).toBe(3);
    for (const r of gw.requests) expect(r.headers.get("authorization")).toBe(basic(GLOBAL));
  });

  it("uses the Tableflow pair for Tableflow and the Connect pair for connectors without a global key", async () => {
    const { gw, cp } = setup({
      connect: flinkOnly,
      cp: { kafkaClusterId: LKC, tableflowApiKey: TABLEFLOW.key, tableflowApiSecret: TABLEFLOW.secret, connectApiKey: CONNECT.key, connectApiSecret: CONNECT.secret },
    });
    scriptReads(gw);
    await cp.getTableflow("orders");
    await cp.getConnector("c1");
    expect(gw.requests.map((r) => [r.url.pathname.split("/")[1], r.headers.get("authorization")])).toEqual([
      ["tableflow", basic(TABLEFLOW)],
      ["connect", basic(CONNECT)],
      ["connect", basic(CONNECT)],
    ]);
  });

  it("reports a missing credential at first use, not when the helper is made, and sends nothing", async () => {
    const { gw, cp } = setup({ connect: flinkOnly, cp: { kafkaClusterId: LKC, tableflowApiKey: TABLEFLOW.key, tableflowApiSecret: TABLEFLOW.secret } });
    const e = (await cp.getConnector("c1").catch((x: unknown) => x)) as ProgrammingError;
    expect(e).toBeInstanceOf(ProgrammingError);
    expect(e.code).toBe("CONTROL_PLANE_NO_CREDENTIALS");
    expect(e.message).toContain("connectApiKey");
    await expect(cp.request({ path: "/cmk/v2/clusters" })).rejects.toMatchObject({ code: "CONTROL_PLANE_NO_CREDENTIALS" });
    const noPairs = setup({ connect: flinkOnly, cp: { kafkaClusterId: LKC } });
    await expect(noPairs.cp.enableTableflow("orders", { formats: "ICEBERG", storage: { kind: "Managed" } })).rejects.toMatchObject({
      code: "CONTROL_PLANE_NO_CREDENTIALS",
      message: expect.stringContaining("tableflowApiKey"),
    });
    expect(gw.requests).toEqual([]);
    expect(noPairs.gw.requests).toEqual([]);
  });

  it("refuses half pairs when the helper is made, naming the options and never the value", () => {
    for (const [options, name] of [
      [{ tableflowApiKey: "K" }, "tableflowApiSecret"],
      [{ connectApiSecret: "connect-secret-only" }, "connectApiKey"],
    ] as const) {
      const { conn } = setup();
      const e = (() => {
        try {
          controlPlane(conn, options);
        } catch (x) {
          return x;
        }
      })() as InterfaceError;
      expect(e).toBeInstanceOf(InterfaceError);
      expect(e.code).toBe("CONFIG_PARTIAL_CREDENTIALS");
      expect(e.message).toContain(name);
      expect(e.message).not.toContain("connect-secret-only");
    }
  });

  it("fails closed on a bearer-token connection, and refuses key pairs next to the token", async () => {
    const gw = new FakeGateway();
    const conn = connect({ organizationId: ORG, environmentId: ENV, endpoint: BASE, controlPlaneEndpoint: CP, token: "tok-abcdef", identityPoolId: "pool-1", fetch: gw.fetch });
    const cp = controlPlane(conn, { kafkaClusterId: LKC });
    for (const call of [() => cp.getTableflow("orders"), () => cp.createConnector("c1", { "connector.class": "X", "kafka.api.key": "k", "kafka.api.secret": "s" }), () => cp.request({ path: "/x" })]) {
      const e = (await call().catch((x: unknown) => x)) as ProgrammingError;
      expect(e).toBeInstanceOf(ProgrammingError);
      expect(e.code).toBe("CONTROL_PLANE_BEARER_UNSUPPORTED");
      expect(e.message).toContain("bearer token");
    }
    await expect(controlPlane(conn).resolveKafkaClusterId()).rejects.toMatchObject({ code: "CONTROL_PLANE_BEARER_UNSUPPORTED" });
    expect(gw.requests).toEqual([]);
    expect(() => controlPlane(conn, { connectApiKey: CONNECT.key, connectApiSecret: CONNECT.secret })).toThrow(expect.objectContaining({ code: "CONFIG_CREDENTIALS_CONFLICT" }));
  });

  it('sends no credentials with auth: "none" (a proxy adds them)', async () => {
    const { gw, cp } = setup({ connect: { globalApiKey: undefined, globalApiSecret: undefined, auth: "none" }, cp: { kafkaClusterId: LKC } });
    scriptReads(gw);
    await cp.getTableflow("orders");
    expect(gw.requests[0]!.headers.get("authorization")).toBeNull();
  });

  it("never shows a secret: errors echoing one, toJSON and inspect", async () => {
    const { gw, cp } = setup({ connect: flinkOnly, cp: { kafkaClusterId: LKC, tableflowApiKey: TABLEFLOW.key, tableflowApiSecret: TABLEFLOW.secret, connectApiKey: CONNECT.key, connectApiSecret: CONNECT.secret } });
    gw.on("GET", TOPIC, { status: 401, json: { errors: [{ detail: `bad credentials ${TABLEFLOW.key}:${TABLEFLOW.secret}` }] } });
    const e = (await cp.getTableflow("orders").catch((x: unknown) => x)) as Error & { code: string };
    expect(e.code).toBe("UNAUTHENTICATED");
    const text = `${e.message} ${JSON.stringify(e)} ${inspect(cp)} ${JSON.stringify(cp)}`;
    for (const s of ALL_SECRETS) expect(text).not.toContain(s);
    expect(JSON.parse(JSON.stringify(cp))).toEqual({ controlPlaneEndpoint: CP, environmentId: ENV, kafkaClusterId: LKC, credentials: ["tableflow", "connect"] });
    expect(inspect(cp)).toContain("ControlPlane {");
  });

  it("needs a Connection from connect(), and an open one", async () => {
    expect(() => controlPlane({} as never)).toThrow(expect.objectContaining({ code: "NOT_A_CONNECTION" }));
    expect(() => controlPlane(setup().conn, { kafkaClusterId: 7 as never })).toThrow(expect.objectContaining({ code: "CONFIG_INVALID" }));
    const { gw, conn, cp } = setup({ cp: { kafkaClusterId: LKC } });
    expect(new ControlPlane(conn)).toBeInstanceOf(ControlPlane);
    await conn.close();
    await expect(cp.getTableflow("orders")).rejects.toMatchObject({ code: "CONNECTION_CLOSED" });
    await expect(cp.resolveKafkaClusterId()).rejects.toMatchObject({ code: "CONNECTION_CLOSED" });
    expect(gw.requests).toEqual([]);
  });
});
