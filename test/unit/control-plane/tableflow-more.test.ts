/**
 * updateTableflow and listTableflowTopics against the emulator's Tableflow routes (formats,
 * config fields, resume, the wait, coded errors), and the list's paging guards on the scripted
 * fake gateway (pages followed, a repeated page token a ProtocolError).
 */
import { afterEach, describe, expect, it } from "vitest";
import { connect, InterfaceError, ProgrammingError, ProtocolError } from "../../../src/index.ts";
import { controlPlane, TableflowTopicNotFoundError } from "../../../src/control-plane/index.ts";
import { createEmulator, type Emulator } from "../../../src/emulator/index.ts";
import { CP, cpCalls, LKC, setup as fakeSetup, topicJson } from "./fixtures.ts";
import { ENV } from "../../support/fake-gateway.ts";
import { controlPlane as harness } from "../../emulator/support/control-plane.ts";

const emulators: Emulator[] = [];
afterEach(async () => {
  for (const e of emulators.splice(0)) await e.close();
});

/** An instant-clock emulator with these tables, and the helper on it. */
async function setup(tables: string[]) {
  const emu = createEmulator({ clock: "instant" });
  emulators.push(emu);
  const conn = connect({ ...emu.connectOptions, fetch: emu.fetch });
  for (const t of tables) await conn.executeSnapshotDdl(`CREATE TABLE ${t} (id INT, amount DOUBLE)`);
  const cp = controlPlane(conn, { ...emu.controlPlaneOptions, poll: { initialMs: 1, maxMs: 2 } });
  return { emu, conn, cp };
}

describe("updateTableflow", () => {
  it("changes the formats and waits until the topic is RUNNING again", async () => {
    const { cp } = await setup(["orders"]);
    await cp.enableTableflow("orders", { formats: "ICEBERG", storage: { kind: "Managed" } });
    const t = await cp.updateTableflow("orders", { formats: ["DELTA", "ICEBERG"] });
    expect(t.phase).toBe("RUNNING");
    expect(t.spec.tableFormats).toEqual(["ICEBERG", "DELTA"]);
    expect((await cp.getTableflow("orders")).spec.tableFormats).toEqual(["ICEBERG", "DELTA"]);
  });

  it("changes only the config fields given; the others keep their values", async () => {
    const { cp } = await setup(["orders"]);
    await cp.enableTableflow("orders", { formats: "ICEBERG", storage: { kind: "Managed" }, config: { retentionMs: 172_800_000, errorHandling: { mode: "LOG", target: "bad_rows" } } });
    const retention = await cp.updateTableflow("orders", { config: { retentionMs: "259200000" } });
    expect(retention.spec.config.retention_ms).toBe("259200000");
    expect(retention.spec.config.error_handling).toEqual({ mode: "LOG", target: "bad_rows" });
    const mode = await cp.updateTableflow("orders", { config: { errorHandling: { mode: "SKIP" } } });
    expect(mode.spec.config).toMatchObject({ retention_ms: "259200000", error_handling: { mode: "SKIP" }, record_failure_strategy: "SKIP" });
    expect(mode.spec.tableFormats).toEqual(["ICEBERG"]);
  });

  it("sends only what changes, scoped by the body's environment and cluster", async () => {
    const { gw, cp } = fakeSetup({ cp: { kafkaClusterId: LKC } });
    gw.on("PATCH", "/tableflow/v1/tableflow-topics/orders", { json: topicJson({ phase: "RUNNING" }) });
    await cp.updateTableflow("orders", { suspended: false, config: { dataRetentionMs: 5 }, wait: false });
    const patch = gw.calls("PATCH", "/tableflow/v1/tableflow-topics/orders")[0]!;
    expect(patch.body).toEqual({ spec: { config: { data_retention_ms: "5" }, suspended: false, environment: { id: ENV }, kafka_cluster: { id: LKC } } });
    expect(cpCalls(gw.requests)).toEqual(["PATCH /tableflow/v1/tableflow-topics/orders"]);
  });

  it("with wait: false returns the topic as the PATCH answered it (PENDING after a change of formats)", async () => {
    const h = harness();
    emulators.push(h.emu);
    await h.sql("CREATE TABLE orders (id INT)");
    const clock = h.clock;
    const cp = controlPlane(connect({ ...h.emu.connectOptions, fetch: h.emu.fetch }), h.emu.controlPlaneOptions);
    await cp.enableTableflow("orders", { formats: "ICEBERG", storage: { kind: "Managed" }, wait: false });
    clock.advance(1000);
    expect((await cp.getTableflow("orders")).phase).toBe("RUNNING");
    expect((await cp.updateTableflow("orders", { config: { retentionMs: 90_000_000 }, wait: false })).phase).toBe("RUNNING");
    expect((await cp.updateTableflow("orders", { formats: ["ICEBERG", "DELTA"], wait: false })).phase).toBe("PENDING");
    clock.advance(1000);
    expect((await cp.getTableflow("orders")).phase).toBe("RUNNING");
  });

  it("checks its input before any request", async () => {
    const { gw, cp } = fakeSetup({ cp: { kafkaClusterId: LKC } });
    const cases: Array<[unknown, string, string]> = [
      [{}, "TABLEFLOW_OPTIONS_INVALID", "nothing to change"],
      [{ suspended: "no" }, "TABLEFLOW_OPTIONS_INVALID", "suspended must be a boolean"],
      [{ formats: [] }, "TABLEFLOW_FORMAT_INVALID", "at least one format"],
      [{ formats: ["PARQUET"] }, "TABLEFLOW_FORMAT_INVALID", 'unknown format "PARQUET"'],
      [{ config: { retentionMs: -1 } }, "TABLEFLOW_CONFIG_INVALID", "config.retentionMs"],
      [{ config: { errorHandling: { mode: "DROP" } } }, "TABLEFLOW_CONFIG_INVALID", "errorHandling.mode"],
    ];
    for (const [options, code, text] of cases) {
      const e = await cp.updateTableflow("orders", options as never).catch((x: unknown) => x);
      expect(e, code).toBeInstanceOf(InterfaceError);
      expect((e as InterfaceError).code).toBe(code);
      expect((e as InterfaceError).message).toContain(`updateTableflow(): `);
      expect((e as InterfaceError).message).toContain(text);
    }
    await expect(cp.updateTableflow("", { suspended: false })).rejects.toMatchObject({ code: "TABLE_NAME_INVALID" });
    expect(cpCalls(gw.requests)).toEqual([]);
  });

  it("is TableflowTopicNotFoundError when Tableflow is not enabled, and BAD_REQUEST for suspended: true", async () => {
    const { cp } = await setup(["orders"]);
    const missing = await cp.updateTableflow("orders", { formats: "DELTA" }).catch((x: unknown) => x);
    expect(missing).toBeInstanceOf(TableflowTopicNotFoundError);
    expect((missing as TableflowTopicNotFoundError).tableName).toBe("orders");
    await cp.enableTableflow("orders", { formats: "ICEBERG", storage: { kind: "Managed" } });
    const suspend = await cp.updateTableflow("orders", { suspended: true }).catch((x: unknown) => x);
    expect(suspend).toBeInstanceOf(ProgrammingError);
    expect((suspend as ProgrammingError).code).toBe("BAD_REQUEST");
    expect((suspend as ProgrammingError).message).toContain("spec.suspended can only be false");
    expect((await cp.updateTableflow("orders", { suspended: false })).spec.suspended).toBe(false);
  });

  it("the emulator refuses a change of storage or display name (400 with the pointer)", async () => {
    const { emu, cp } = await setup(["orders"]);
    await cp.enableTableflow("orders", { formats: "ICEBERG", storage: { kind: "Managed" } });
    const scope = { environment: { id: emu.environmentId }, kafka_cluster: { id: emu.controlPlaneOptions.kafkaClusterId } };
    const path = "/tableflow/v1/tableflow-topics/orders";
    const storage = await cp.request({ method: "PATCH", path, api: "tableflow", body: { spec: { ...scope, storage: { kind: "Managed" } } }, accept: [400] });
    expect(storage.status).toBe(400);
    expect((storage.body as { errors: Array<{ detail: string; source: unknown }> }).errors[0]).toMatchObject({
      detail: "spec.storage cannot be changed once Tableflow is enabled",
      source: { pointer: "/spec/storage" },
    });
    const renamed = await cp.request({ method: "PATCH", path, api: "tableflow", body: { spec: { ...scope, display_name: "other" } }, accept: [400] });
    expect((renamed.body as { errors: Array<{ source: unknown }> }).errors[0]!.source).toEqual({ pointer: "/spec/display_name" });
    const unscoped = await cp.request({ method: "PATCH", path, api: "tableflow", body: { spec: { table_formats: ["DELTA"] } }, accept: [400] });
    expect((unscoped.body as { errors: Array<{ source: unknown }> }).errors[0]!.source).toEqual({ pointer: "/spec/environment" });
  });
});

describe("listTableflowTopics", () => {
  it("lists the cluster's Tableflow topics in creation order", async () => {
    const { cp } = await setup(["t1", "t2", "t3"]);
    expect(await cp.listTableflowTopics()).toEqual([]);
    for (const t of ["t2", "t1", "t3"]) await cp.enableTableflow(t, { formats: "ICEBERG", storage: { kind: "Managed" } });
    const list = await cp.listTableflowTopics();
    expect(list.map((t) => [t.tableName, t.phase, t.spec.kafkaClusterId])).toEqual([
      ["t2", "RUNNING", "lkc-emu001"],
      ["t1", "RUNNING", "lkc-emu001"],
      ["t3", "RUNNING", "lkc-emu001"],
    ]);
  });

  it("follows metadata.next with the page token, scoped by environment and cluster", async () => {
    const { gw, cp } = fakeSetup({ cp: { kafkaClusterId: LKC } });
    const page = (names: string[], next: string | null) => ({
      json: { api_version: "tableflow/v1", kind: "TableflowTopicList", metadata: next === null ? {} : { next: `${CP}/tableflow/v1/tableflow-topics?page_token=${next}` }, data: names.map((n) => topicJson({ table: n, phase: "RUNNING" })) },
    });
    gw.on("GET", "/tableflow/v1/tableflow-topics", page(["a", "b"], "p2"), page(["c"], null));
    expect((await cp.listTableflowTopics()).map((t) => t.tableName)).toEqual(["a", "b", "c"]);
    expect(cpCalls(gw.requests)).toEqual([
      `GET /tableflow/v1/tableflow-topics?environment=${ENV}&spec.kafka_cluster=${LKC}&page_size=100`,
      `GET /tableflow/v1/tableflow-topics?environment=${ENV}&spec.kafka_cluster=${LKC}&page_size=100&page_token=p2`,
    ]);
  });

  it("is a ProtocolError for a repeated page token or a malformed page", async () => {
    const { gw, cp } = fakeSetup({ cp: { kafkaClusterId: LKC } });
    const looping = { json: { metadata: { next: `${CP}/tableflow/v1/tableflow-topics?page_token=same` }, data: [] } };
    gw.on("GET", "/tableflow/v1/tableflow-topics", looping, looping, { json: { data: [{ spec: {} }] } });
    const e = await cp.listTableflowTopics().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ProtocolError);
    expect((e as ProtocolError).message).toBe("The Tableflow topic list repeated a page token");
    const bad = await cp.listTableflowTopics().catch((x: unknown) => x);
    expect(bad).toBeInstanceOf(ProtocolError);
    expect((bad as ProtocolError).message).toBe("Invalid Tableflow topic list: at data[0].spec.display_name, expected string, got nothing");
  });
});
