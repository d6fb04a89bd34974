import { describe, expect, it } from "vitest";
import { InterfaceError, OperationalError, ProgrammingError, ProtocolError } from "../../../src/index.ts";
import { controlPlane } from "../../../src/control-plane/index.ts";
import { ENV } from "../../support/fake-gateway.ts";
import { basic, clustersPage, cpCalls, flinkOnly, GLOBAL, LKC, setup, TABLEFLOW } from "./fixtures.ts";

const CLUSTERS = "/cmk/v2/clusters";

describe("resolveKafkaClusterId", () => {
  it("uses kafkaClusterId without any request", async () => {
    const { gw, cp } = setup({ cp: { kafkaClusterId: "lkc-given" } });
    expect(await cp.resolveKafkaClusterId()).toBe("lkc-given");
    expect(gw.requests).toEqual([]);
  });

  it("pages through the environment's clusters with the global key and matches the display name exactly", async () => {
    const { gw, cp } = setup();
    gw.on(
      "GET",
      CLUSTERS,
      clustersPage([["lkc-other", "cluster_00"], ["lkc-upper", "Cluster_0"]], "p2"),
      clustersPage([["lkc-0001", "cluster_0"]], null),
    );
    expect(await cp.resolveKafkaClusterId()).toBe("lkc-0001");
    expect(cpCalls(gw.requests)).toEqual([
      `GET ${CLUSTERS}?environment=${ENV}&page_size=100`,
      `GET ${CLUSTERS}?environment=${ENV}&page_size=100&page_token=p2`,
    ]);
    for (const r of gw.requests) expect(r.headers.get("authorization")).toBe(basic(GLOBAL));
  });

  it("looks up once per connection, shared by concurrent callers and by every helper of the connection", async () => {
    const { gw, conn, cp } = setup();
    gw.on("GET", CLUSTERS, { ...clustersPage([[LKC, "cluster_0"]]), delayMs: 5 });
    const other = controlPlane(conn, { poll: { initialMs: 1, maxMs: 1 } });
    const ids = await Promise.all([cp.resolveKafkaClusterId(), cp.resolveKafkaClusterId(), other.resolveKafkaClusterId()]);
    expect(ids).toEqual([LKC, LKC, LKC]);
    expect(await other.resolveKafkaClusterId()).toBe(LKC);
    expect(gw.calls("GET", CLUSTERS).length).toBe(1);
  });

  it("falls back to a cluster whose id is the database (Flink accepts either)", async () => {
    const { gw, cp } = setup({ connect: { database: "lkc-0002" } });
    gw.on("GET", CLUSTERS, clustersPage([["lkc-0001", "cluster_0"], ["lkc-0002", "cluster_1"]]));
    expect(await cp.resolveKafkaClusterId()).toBe("lkc-0002");
  });

  it("names every id when several clusters share the display name", async () => {
    const { gw, cp } = setup();
    gw.on("GET", CLUSTERS, clustersPage([["lkc-a", "cluster_0"]], "p2"), clustersPage([["lkc-b", "cluster_0"]]));
    const e = (await cp.resolveKafkaClusterId().catch((x: unknown) => x)) as InterfaceError;
    expect(e).toBeInstanceOf(InterfaceError);
    expect(e.code).toBe("KAFKA_CLUSTER_AMBIGUOUS");
    expect(e.message).toContain("lkc-a, lkc-b");
  });

  it("fails with KAFKA_CLUSTER_NOT_FOUND when no cluster matches, and does not cache the failure", async () => {
    const { gw, cp } = setup();
    gw.on("GET", CLUSTERS, clustersPage([["lkc-x", "elsewhere"]]), clustersPage([[LKC, "cluster_0"]]));
    const e = (await cp.resolveKafkaClusterId().catch((x: unknown) => x)) as OperationalError;
    expect(e).toBeInstanceOf(OperationalError);
    expect(e.code).toBe("KAFKA_CLUSTER_NOT_FOUND");
    expect(e.message).toContain("'cluster_0'");
    expect(await cp.resolveKafkaClusterId()).toBe(LKC);
  });

  it("needs a database when no kafkaClusterId is given (no request)", async () => {
    const { gw, cp } = setup({ connect: { database: undefined } });
    await expect(cp.resolveKafkaClusterId()).rejects.toMatchObject({ code: "KAFKA_CLUSTER_ID_NO_DATABASE", name: "ProgrammingError" });
    expect(gw.requests).toEqual([]);
  });

  it("needs the global key for the lookup: a Tableflow pair alone does not do", async () => {
    const { gw, cp } = setup({ connect: flinkOnly, cp: { tableflowApiKey: TABLEFLOW.key, tableflowApiSecret: TABLEFLOW.secret } });
    const e = (await cp.getTableflow("orders").catch((x: unknown) => x)) as ProgrammingError;
    expect(e).toBeInstanceOf(ProgrammingError);
    expect(e.code).toBe("KAFKA_CLUSTER_ID_NEEDS_GLOBAL_KEY");
    expect(e.message).toContain("kafkaClusterId");
    expect(gw.requests).toEqual([]);
  });

  it("retries a failed page read (GETs are safe to repeat)", async () => {
    const { gw, cp } = setup();
    gw.on("GET", CLUSTERS, { status: 503, json: { errors: [{ detail: "busy" }] } }, clustersPage([[LKC, "cluster_0"]]));
    expect(await cp.resolveKafkaClusterId()).toBe(LKC);
    expect(gw.calls("GET", CLUSTERS).length).toBe(2);
  });

  it("rejects a page that does not fit the schema, and a repeated page token, as ProtocolErrors", async () => {
    const a = setup();
    a.gw.on("GET", CLUSTERS, { json: { data: [{ spec: { display_name: "cluster_0" } }] } });
    const e = (await a.cp.resolveKafkaClusterId().catch((x: unknown) => x)) as ProtocolError;
    expect(e).toBeInstanceOf(ProtocolError);
    expect(e.path).toBe("data[0].id");
    expect(e.status).toBe(200);
    expect(e.requestId).toMatch(/^req-\d+$/);
    const b = setup();
    b.gw.always("GET", CLUSTERS, clustersPage([["lkc-x", "nope"]], "same"));
    await expect(b.cp.resolveKafkaClusterId()).rejects.toMatchObject({ code: "PROTOCOL_ERROR", path: "metadata.next" });
    expect(b.gw.calls("GET", CLUSTERS).length).toBe(2);
  });

  it("honours the caller's signal without cancelling the lookup others share", async () => {
    const { gw, cp } = setup();
    gw.on("GET", CLUSTERS, { ...clustersPage([[LKC, "cluster_0"]]), delayMs: 40 });
    const ac = new AbortController();
    const first = cp.resolveKafkaClusterId({ signal: ac.signal }).catch((x: unknown) => x);
    const second = cp.resolveKafkaClusterId();
    ac.abort();
    expect(await first).toMatchObject({ code: "ABORTED" });
    expect(await second).toBe(LKC);
  });
});
