/**
 * End to end: compute-pool exhaustion and DEGRADED statements, through the emulator's gateway
 * (`computePoolCapacity`, `degrade()`, `recover()`) and the public client. Until the emulator
 * could produce them these paths were tested against the scripted fake gateway only.
 */
import { afterEach, describe, expect, it } from "vitest";
import { ComputePoolExhaustedError, StatementFailedError, connect, type Connection } from "../../src/index.ts";
import { createEmulator, type Emulator } from "../../src/emulator/index.ts";
import { makeHarness, type Harness } from "../emulator/support/harness.ts";

const ORDERS = "SELECT order_id FROM `examples`.`marketplace`.`orders`";
const fast = { idleBackoff: { initialMs: 2, maxMs: 10, jitter: 0 }, readinessBackoff: { initialMs: 2, maxMs: 10, jitter: 0 } };

let emu: Emulator | undefined;
let conn: Connection | undefined;
let h: Harness | undefined;
afterEach(async () => {
  await conn?.close();
  await emu?.close();
  await h?.emu.close();
  conn = emu = h = undefined;
});

function open(options: Parameters<typeof createEmulator>[0] = {}): Connection {
  emu = createEmulator(options);
  conn = connect({ ...emu.connectOptions, fetch: emu.fetch });
  return conn;
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("emulator: compute pool capacity on the wire", () => {
  const scaling = async (name: string) => {
    const r = await h!.call("GET", `${h!.base}/${name}`);
    return { phase: r.body.status.phase as string, state: r.body.status.scaling_status.scaling_state as string };
  };

  it("keeps a statement PENDING with POOL_EXHAUSTED while the pool is full, and starts the waiting ones oldest first", async () => {
    h = makeHarness({ computePoolCapacity: 1 });
    expect((await h.create("a", "STREAM")).status).toBe(201);
    await h.create("b", "STREAM");
    await h.create("c", "STREAM");
    expect(await scaling("a")).toEqual({ phase: "RUNNING", state: "OK" });
    expect(await scaling("b")).toEqual({ phase: "PENDING", state: "POOL_EXHAUSTED" });
    expect(await scaling("c")).toEqual({ phase: "PENDING", state: "POOL_EXHAUSTED" });

    await h.call("PATCH", `${h.base}/a`, [{ op: "replace", path: "/spec/stopped", value: true }]);
    expect((await scaling("a")).phase).toBe("STOPPED");
    expect(await scaling("b")).toEqual({ phase: "RUNNING", state: "OK" });
    expect(await scaling("c")).toEqual({ phase: "PENDING", state: "POOL_EXHAUSTED" });

    expect((await h.call("DELETE", `${h.base}/b`)).status).toBe(202);
    expect(await scaling("c")).toEqual({ phase: "RUNNING", state: "OK" });
  });

  it("counts slots per compute pool, and a finished statement frees its slot", async () => {
    h = makeHarness({ computePoolCapacity: 1 });
    await h.create("a", "STREAM");
    await h.create("other", "STREAM", { spec: { compute_pool_id: "lfcp-other" } });
    expect(await scaling("other")).toEqual({ phase: "RUNNING", state: "OK" });
    await h.create("b", "SNAPSHOT 1", { spec: { compute_pool_id: "lfcp-other" } });
    expect(await scaling("b")).toEqual({ phase: "PENDING", state: "POOL_EXHAUSTED" });
    await h.call("DELETE", `${h.base}/other`);
    expect((await scaling("b")).phase).toBe("COMPLETED");
    // The bounded statement completed and left the slot to the next one.
    await h.create("c", "SNAPSHOT 1", { spec: { compute_pool_id: "lfcp-other" } });
    expect((await scaling("c")).phase).toBe("COMPLETED");
  });

  it("a stopped waiting statement no longer waits, and a resumed one queues again", async () => {
    h = makeHarness({ computePoolCapacity: 1 });
    await h.create("a", "STREAM");
    await h.create("job", "INSERT");
    expect(await scaling("job")).toEqual({ phase: "PENDING", state: "POOL_EXHAUSTED" });
    await h.call("PATCH", `${h.base}/job`, [{ op: "replace", path: "/spec/stopped", value: true }]);
    expect(await scaling("job")).toEqual({ phase: "STOPPED", state: "OK" });
    await h.call("PATCH", `${h.base}/job`, [{ op: "replace", path: "/spec/stopped", value: false }]);
    expect(await scaling("job")).toEqual({ phase: "PENDING", state: "POOL_EXHAUSTED" });
    await h.call("DELETE", `${h.base}/a`);
    expect(await scaling("job")).toEqual({ phase: "RUNNING", state: "OK" });
    expect(h.engine.runs.get("job")?.starts).toBe(1);
  });

  it("without the option the pool is unlimited", async () => {
    h = makeHarness();
    for (const n of ["a", "b", "c", "d"]) await h.create(n, "STREAM");
    for (const n of ["a", "b", "c", "d"]) expect(await scaling(n)).toEqual({ phase: "RUNNING", state: "OK" });
  });

  it("degrade() and recover() move RUNNING <-> DEGRADED with the detail, and refuse other phases", async () => {
    h = makeHarness();
    await h.create("a", "STREAM");
    await h.create("done", "SNAPSHOT 1");
    h.emu.degrade("a", "No checkpoint completed in 10 minutes");
    let r = await h.call("GET", `${h.base}/a`);
    expect([r.body.status.phase, r.body.status.detail]).toEqual(["DEGRADED", "No checkpoint completed in 10 minutes"]);
    expect(() => h!.emu.degrade("a", "again")).toThrow("is DEGRADED; only a RUNNING statement can become DEGRADED");
    h.emu.recover("a");
    r = await h.call("GET", `${h.base}/a`);
    expect([r.body.status.phase, r.body.status.detail]).toEqual(["RUNNING", ""]);
    expect(() => h!.emu.recover("a")).toThrow("is RUNNING; only a DEGRADED statement can recover");
    expect(() => h!.emu.degrade("done", "x")).toThrow("is COMPLETED");
    expect(() => h!.emu.degrade("nope", "x")).toThrow("the emulator has no statement named 'nope'");
  });
});

describe("client against a full compute pool", () => {
  it("a snapshot query raises ComputePoolExhaustedError, deletes its statement, and runs once the slot is free", async () => {
    const c = open({ computePoolCapacity: 1 });
    const live = c.streamingCursor(fast);
    await live.execute(ORDERS);
    const e = (await c.query("SELECT 1 AS x").catch((x: unknown) => x)) as ComputePoolExhaustedError;
    expect(e).toBeInstanceOf(ComputePoolExhaustedError);
    expect(e.code).toBe("COMPUTE_POOL_EXHAUSTED");
    expect(e.statementDeleted).toBe(true);
    expect(e.phase).toBe("PENDING");
    expect(e.message).toContain("compute pool lfcp-emu001");
    expect(e.message).toContain("The statement has been deleted");
    expect(e.toJSON()).toMatchObject({ code: "COMPUTE_POOL_EXHAUSTED", statementDeleted: true, statementName: e.statementName });
    // Deleted, so nothing stays queued behind the live query.
    await until(() => !emu!.statements().some((s) => s.name === e.statementName), "the exhausted statement to be gone");
    expect(emu!.statements().map((s) => s.phase)).toEqual(["RUNNING"]);

    await live.close();
    expect((await c.query("SELECT 1 AS x")).rows).toEqual([{ x: 1 }]);
  });

  it("a streaming cursor raises it too and deletes the statement it created", async () => {
    const c = open({ computePoolCapacity: 1 });
    const first = c.streamingCursor(fast);
    await first.execute(ORDERS);
    const second = c.streamingCursor(fast);
    const e = (await second.execute(ORDERS).catch((x: unknown) => x)) as ComputePoolExhaustedError;
    expect(e).toBeInstanceOf(ComputePoolExhaustedError);
    expect(e.statementDeleted).toBe(true);
    await until(() => emu!.statements().length === 1, "the exhausted statement to be gone");
    expect(emu!.statements()[0]!.name).toBe(first.statementName);
  });

  it("attaching to a statement that waits for the pool raises it without deleting another client's statement", async () => {
    const c = open({ computePoolCapacity: 1 });
    await c.createStatement(ORDERS, { statementName: "holder" });
    await c.createStatement(ORDERS, { statementName: "waiter" });
    await until(() => emu!.statements().find((s) => s.name === "holder")?.phase === "RUNNING", "holder to run");
    const e = (await c.attach("waiter", fast).catch((x: unknown) => x)) as ComputePoolExhaustedError;
    expect(e).toBeInstanceOf(ComputePoolExhaustedError);
    expect(e.statementDeleted).toBe(false);
    expect(e.message).toContain("left in place");
    expect(emu!.statements().find((s) => s.name === "waiter")?.phase).toBe("PENDING");
  });
});

describe("client and DEGRADED statements", () => {
  it("a streaming read goes on through DEGRADED and back to RUNNING", async () => {
    const c = open();
    const cur = c.streamingCursor(fast);
    await cur.execute(ORDERS);
    const got: unknown[] = [];
    const read = async (n: number) => {
      for (let i = 0; i < 500 && got.length < n; i++) got.push(...(await cur.fetchMany(10)));
    };
    await read(1);
    emu!.degrade(cur.statementName!, "Job restarted 12 times in the last hour");
    const before = got.length;
    await read(before + 1);
    expect(got.length).toBeGreaterThan(before);
    expect((await c.getStatement(cur.statementName!)).phase).toBe("DEGRADED");
    emu!.recover(cur.statementName!);
    await read(got.length + 1);
    expect((await c.getStatement(cur.statementName!)).phase).toBe("RUNNING");
  });

  it("attaching to a DEGRADED statement raises STATEMENT_DEGRADED with the detail", async () => {
    const c = open();
    await c.createStatement(ORDERS, { statementName: "sick" });
    await until(() => emu!.statements()[0]?.phase === "RUNNING", "the statement to run");
    emu!.degrade("sick", "No checkpoint completed in 10 minutes");
    const e = (await c.attach("sick", fast).catch((x: unknown) => x)) as StatementFailedError;
    expect(e).toBeInstanceOf(StatementFailedError);
    expect(e.code).toBe("STATEMENT_DEGRADED");
    expect(e.detail).toBe("No checkpoint completed in 10 minutes");
    expect(e.message).toBe("Statement 'sick' is in DEGRADED state: No checkpoint completed in 10 minutes");
  });

  it("a snapshot query that turns DEGRADED while it runs raises STATEMENT_DEGRADED and deletes the statement at once", async () => {
    h = makeHarness();
    conn = connect({ ...h.emu.connectOptions, fetch: h.emu.fetch });
    const pending = conn.query("BOUNDED").catch((x: unknown) => x);
    await until(() => h!.emu.statements()[0]?.phase === "RUNNING", "the statement to run");
    const name = h.emu.statements()[0]!.name;
    h.emu.degrade(name, "Task manager lost");
    const e = (await pending) as StatementFailedError;
    expect(e).toBeInstanceOf(StatementFailedError);
    expect(e.code).toBe("STATEMENT_DEGRADED");
    expect(e.detail).toBe("Task manager lost");
    await until(() => h!.emu.statements().length === 0, "the DEGRADED statement to be deleted");
  });
});
