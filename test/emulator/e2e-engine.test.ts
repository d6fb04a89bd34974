/**
 * End to end with the real SQL engine: the client's connect() and cursor against
 * createEmulator() defaults, in process and over HTTP.
 */
import { afterEach, describe, expect, it } from "vitest";
import { connect } from "../../src/client/connection.ts";
import { StatementStruct, StatementResultStruct, validate } from "../../src/client/schemas.ts";
import { createEmulator, type Emulator, type EmulatorServer } from "../../src/emulator/index.ts";
import { REF_STATEMENT, shapeDiff } from "./support/reference.ts";

let emu: Emulator | undefined;
let server: EmulatorServer | undefined;
afterEach(async () => {
  await server?.close();
  await emu?.close();
  server = undefined;
  emu = undefined;
});

describe.each(["in process", "over HTTP"] as const)("client + SQL engine (%s)", (mode) => {
  async function conn() {
    emu = createEmulator();
    if (mode === "in process") return connect({ ...emu.connectOptions, fetch: emu.fetch });
    server = await emu.listen({ port: 0 });
    return connect({ ...server.connectOptions });
  }

  it("runs a snapshot query", async () => {
    const c = await conn();
    const cur = c.cursor();
    await cur.execute("SELECT 1 AS x, 'hi' AS y");
    expect(cur.description?.map((d) => d.name)).toEqual(["x", "y"]);
    expect(await cur.fetchAll()).toEqual([[1, "hi"]]);
    await c.close();
  });

  it("runs a streaming query that sees rows inserted later", async () => {
    const c = await conn();
    await c.executeStreamingDdl("CREATE TABLE events (id INT, label STRING)");
    await c.executeStreamingDdl("INSERT INTO events VALUES (1, 'a'), (2, 'b')");
    const s = c.streamingCursor();
    await s.execute("SELECT id, label FROM events WHERE id > 0");
    expect(s.columns.map((col) => col.name)).toEqual(["id", "label"]);
    const got: unknown[][] = [];
    for (let i = 0; i < 200 && got.length < 2; i++) got.push(...((await s.fetchMany(10)) as unknown[][]));
    expect(got).toEqual([[1, "a"], [2, "b"]]);
    await c.executeStreamingDdl("INSERT INTO events VALUES (3, 'c')");
    const more: unknown[][] = [];
    for (let i = 0; i < 200 && more.length < 1; i++) more.push(...((await s.fetchMany(10)) as unknown[][]));
    expect(more).toEqual([[3, "c"]]);
    expect(s.mayHaveResults).toBe(true);
    await s.close();
    await c.close();
  });

  it("streams the built-in examples.marketplace orders", async () => {
    const c = await conn();
    const s = c.streamingCursor({ asDict: true });
    await s.execute("SELECT * FROM `examples`.`marketplace`.`orders`");
    const rows: Record<string, unknown>[] = [];
    for (let i = 0; i < 200 && rows.length < 5; i++) rows.push(...((await s.fetchMany(5)) as Record<string, unknown>[]));
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(Object.keys(rows[0]!)).toContain("order_id");
    await s.close();
    await c.close();
  });

  it("reports a validation error as the statement's detail", async () => {
    const c = await conn();
    await expect(c.cursor().execute("SELECT nope FROM nowhere")).rejects.toMatchObject({
      message: expect.stringMatching(/nowhere|nope/),
    });
    await c.close();
  });
});

describe("the reference's §3.1 example, produced by the real engine", () => {
  // VALUE is a reserved word in Flink SQL (Calcite), so the alias is quoted here.
  it("SELECT TRUE AS `VALUE` as a snapshot query: same fields, same traits and schema", async () => {
    emu = createEmulator();
    const o = emu.connectOptions;
    const headers = { Authorization: `Basic ${btoa(`${o.flinkApiKey}:${o.flinkApiSecret}`)}`, "Content-Type": "application/json" };
    const base = `${o.endpoint}/sql/v1/organizations/${o.organizationId}/environments/${o.environmentId}/statements`;
    const properties = { "sql.current-catalog": o.environmentId, "sql.current-database": o.database, "sql.snapshot.mode": "now" };
    const created = await emu.fetch(base, {
      method: "POST",
      headers,
      body: JSON.stringify({ name: "dbapi-d4c685ef-befe-4091-9548-05d5ccb52d4a", spec: { statement: "SELECT TRUE AS `VALUE`", properties, principal: "u-0xw9v9p" } }),
    });
    expect(created.status).toBe(201);
    const body = (await (await emu.fetch(`${base}/dbapi-d4c685ef-befe-4091-9548-05d5ccb52d4a`, { headers })).json()) as any;
    validate(body, StatementStruct, "statement");
    expect(body.status.detail).toBe("");
    expect(shapeDiff(body, REF_STATEMENT)).toEqual([]);
    expect(body.status.phase).toBe("COMPLETED");
    expect(body.status.traits).toEqual(REF_STATEMENT.status.traits);
    expect(body.spec).toEqual({ ...REF_STATEMENT.spec, statement: "SELECT TRUE AS `VALUE`", properties, compute_pool_id: o.computePoolId });
    const results = (await (await emu.fetch(`${base}/dbapi-d4c685ef-befe-4091-9548-05d5ccb52d4a/results`, { headers })).json()) as any;
    validate(results, StatementResultStruct, "results");
    expect(results.results.data).toEqual([{ op: 0, row: ["TRUE"] }]);
    expect(results.metadata.next).toBeUndefined();
  });
});
