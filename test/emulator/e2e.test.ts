/**
 * End to end: the client's connect() and cursors against the emulator, in process
 * (emu.fetch) and over HTTP (emu.listen + the real fetch). Uses the scripted engine so the
 * gateway<->client contract is pinned independently of the SQL engine.
 */
import { afterEach, describe, expect, it } from "vitest";
import { connect } from "../../src/client/connection.ts";
import type { EmulatorServer } from "../../src/emulator/index.ts";
import { makeHarness, type Harness } from "./support/harness.ts";
import { rowsFrom } from "./support/scripted-engine.ts";

let h: Harness | undefined;
let server: EmulatorServer | undefined;
afterEach(async () => {
  await server?.close();
  await h?.emu.close();
  server = undefined;
  h = undefined;
});

describe.each(["in process", "over HTTP"] as const)("client against the emulator (%s)", (mode) => {
  async function conn(options: Parameters<typeof makeHarness>[0] = {}) {
    h = makeHarness(options);
    if (mode === "in process") return connect({ ...h.emu.connectOptions, fetch: h.emu.fetch });
    server = await h.emu.listen({ port: 0 });
    return connect({ ...server.connectOptions });
  }

  it("a snapshot query returns every row across several result pages", async () => {
    const c = await conn({ resultPageSize: 3 });
    const cur = c.cursor();
    await cur.execute("SNAPSHOT 7");
    const rows = (await cur.fetchAll()) as unknown[][];
    expect(rows.map((r) => String(r[0]))).toEqual(["0", "1", "2", "3", "4", "5", "6"]);
    expect(rows[6]![1]).toBe("name-6");
    expect(cur.description?.map((d) => d.name)).toEqual(["id", "name"]);
    const [created] = h!.emu.statements();
    expect(created!.phase).toBe("COMPLETED");
    expect(h!.engine.run(created!.name).request.properties["sql.snapshot.mode"]).toBe("now");
    await cur.close();
    await c.close();
  });

  it("the client rides through injected 503, 429 and a dropped connection on result reads", async () => {
    const c = await conn({
      resultPageSize: 2,
      faults: [
        {
          route: "statements.results",
          sequence: [{ kind: "error", status: 503 }, null, { kind: "rate-limit", retryAfterSeconds: 0 }, { kind: "drop" }],
        },
      ],
    });
    const cur = c.cursor();
    await cur.execute("SNAPSHOT 5");
    const rows = (await cur.fetchAll()) as unknown[][];
    expect(rows.map((r) => String(r[0]))).toEqual(["0", "1", "2", "3", "4"]);
    await c.close();
  });

  it("a compile error surfaces as the statement's detail", async () => {
    const c = await conn();
    const cur = c.cursor();
    await expect(cur.execute("FAIL Object 'nope' not found")).rejects.toMatchObject({ message: expect.stringContaining("Object 'nope' not found") });
    await c.close();
  });

  it("without organizationId, a global key looks the organization up on the control plane, then a query runs", async () => {
    h = makeHarness({ organizationId: "7c210ed4-6e1e-4355-abf9-b25e25a8b25a", apiKey: "GLOBALKEY0000001", apiSecret: "global-secret" });
    if (mode === "over HTTP") server = await h.emu.listen({ port: 0 });
    const { organizationId: _omitted, flinkApiKey, flinkApiSecret, ...rest } = server?.connectOptions ?? h.emu.connectOptions;
    const events: Array<{ route: string; status?: number | undefined }> = [];
    const c = connect({
      ...rest,
      globalApiKey: flinkApiKey,
      globalApiSecret: flinkApiSecret,
      controlPlaneEndpoint: rest.endpoint,
      ...(mode === "in process" ? { fetch: h.emu.fetch } : {}),
      onRequest: (e) => events.push({ route: e.route, status: e.status }),
    });
    const cur = c.cursor();
    await cur.execute("SNAPSHOT 2");
    expect(((await cur.fetchAll()) as unknown[][]).map((r) => String(r[0]))).toEqual(["0", "1"]);
    expect(events[0]).toEqual({ route: "GET /org/v2/organizations", status: 200 });
    expect(events.filter((e) => e.route === "GET /org/v2/organizations")).toHaveLength(1);
    expect(events.every((e) => e.status === undefined || e.status < 300)).toBe(true);
    expect(h.emu.statements().map((s) => s.phase)).toEqual(["COMPLETED"]);
    await c.close();
  });

  it("a run-time failure is reported while the statement is still FAILING", async () => {
    const c = await conn({ timing: { failingMs: 60_000 } });
    const failed = { code: "STATEMENT_FAILED", message: expect.stringContaining("division by zero") };
    await expect(c.cursor().execute("RUNFAIL division by zero")).rejects.toMatchObject(failed);
    await expect(c.streamingCursor().execute("RUNFAIL division by zero")).rejects.toMatchObject(failed);
    expect(h!.emu.statements().map((s) => s.phase)).toEqual(["FAILING", "FAILING"]);
    await c.close();
  });

  it("a streaming query reads rows as the engine emits them", async () => {
    const c = await conn({ resultPageSize: 2 });
    const s = c.streamingCursor();
    await s.execute("STREAM");
    const name = h!.emu.statements()[0]!.name;
    h!.engine.sink(name).emit(rowsFrom(0, 3));
    const got: unknown[][] = [];
    while (got.length < 3) got.push(...((await s.fetchMany(10)) as unknown[][]));
    expect(got.map((r) => String(r[0]))).toEqual(["0", "1", "2"]);
    expect(s.mayHaveResults).toBe(true);
    h!.engine.sink(name).emit(rowsFrom(3, 1));
    h!.engine.sink(name).complete();
    const rest: unknown[][] = [];
    while (s.mayHaveResults) rest.push(...((await s.fetchMany(10)) as unknown[][]));
    expect(rest.map((r) => String(r[0]))).toEqual(["3"]);
    await s.close();
    await c.close();
  });

  it("statement management: create with labels, list by label and name, stop, resume, exceptions, delete", async () => {
    const c = await conn();
    const st = await c.createStatement("INSERT", { statementName: "copy-t", labels: ["nightly"] });
    expect(st.name).toBe("copy-t");
    await c.createStatement("STREAM", { statementName: "other-q" });
    expect((await c.listStatements({ labels: ["nightly"] })).map((s) => s.name)).toEqual(["copy-t"]);
    expect((await c.listStatements({ nameContains: "other" })).map((s) => s.name)).toEqual(["other-q"]);
    expect((await c.listStatements()).map((s) => s.name)).toEqual(["copy-t", "other-q"]);
    const stopped = await c.stopStatement("copy-t");
    expect(stopped.phase).toBe("STOPPED");
    const resumed = await c.resumeStatement("copy-t");
    expect(["PENDING", "RUNNING"]).toContain(resumed.phase);
    expect((await c.getStatement("copy-t")).phase).toBe("RUNNING");
    expect(h!.engine.run("copy-t").resumes).toBe(1);
    expect(await c.statementExceptions("copy-t")).toEqual([]);
    await c.deleteStatement("copy-t");
    await expect(c.getStatement("copy-t")).rejects.toMatchObject({ code: "STATEMENT_NOT_FOUND" });
    await c.close();
  });
});
