/**
 * End to end: the streaming cursor through the real client (connect -> statements API -> fetch)
 * against the emulator's gateway (phases, result paging, stop, delete).
 *
 * Part 1 replaces the SQL engine with a small scripted one that maintains a live table and a
 * `GROUP BY` / global `COUNT(*)` changelog the way Flink emits them, so the streaming path is
 * tested independently of the SQL engine's progress. Part 2 runs the same scenario through the
 * built-in SQL engine.
 */
import { afterEach, describe, expect, it } from "vitest";
import { connect, type Connection } from "../../src/client/connection.ts";
import { streamingBackendOf } from "../../src/client/streaming/adapter.ts";
import { StreamingCursor, attachStreamingCursor } from "../../src/client/streaming/cursor.ts";
import type { ChangeEvent } from "../../src/client/streaming/ops.ts";
import { createEmulator, type Emulator } from "../../src/emulator/index.ts";
import type { ChangelogRow, CompiledStatement, Engine, ExecutionSink } from "../../src/emulator/index.ts";
import type { Column } from "../../src/types/model.ts";

const fast = { idleBackoff: { initialMs: 2, maxMs: 10, jitter: 0 }, readinessBackoff: { initialMs: 2, maxMs: 10, jitter: 0 } };

const col = (name: string, type: "VARCHAR" | "BIGINT"): Column =>
  (type === "VARCHAR" ? { name, type: { type, nullable: true, length: 2147483647 } } : { name, type: { type, nullable: false } }) as Column;

/** A live `clicks(user)` table plus two continuous aggregates over it. */
function aggregateEngine(): Engine {
  const counts = new Map<string, number>();
  let total = 0;
  const perUser = new Set<ExecutionSink>();
  const global = new Set<ExecutionSink>();
  const subscribe = (set: Set<ExecutionSink>, sink: ExecutionSink) => {
    set.add(sink);
    return { stop: () => set.delete(sink), resume: () => set.add(sink), dispose: () => set.delete(sink) };
  };
  return {
    compile({ sql }): CompiledStatement {
      const s = sql.trim();
      if (/^SELECT user, COUNT\(\*\) AS n FROM clicks GROUP BY user$/i.test(s)) {
        return {
          traits: { sqlKind: "SELECT", isBounded: false, isAppendOnly: false, upsertColumns: [0], schema: [col("user", "VARCHAR"), col("n", "BIGINT")] },
          start(sink) {
            // Current state first, like a fresh job reading the table from the beginning.
            sink.emit([...counts].map(([u, n]) => ({ op: 0, row: [u, String(n)] })));
            return subscribe(perUser, sink);
          },
        };
      }
      if (/^SELECT COUNT\(\*\) AS n FROM clicks$/i.test(s)) {
        return {
          traits: { sqlKind: "SELECT", isBounded: false, isAppendOnly: false, upsertColumns: null, schema: [col("n", "BIGINT")] },
          start(sink) {
            if (total > 0) sink.emit([{ op: 0, row: [String(total)] }]);
            return subscribe(global, sink);
          },
        };
      }
      const insert = /^INSERT INTO clicks VALUES (.+)$/i.exec(s);
      if (insert) {
        const users = [...insert[1]!.matchAll(/\('([a-z]+)'\)/g)].map((m) => m[1]!);
        return {
          traits: { sqlKind: "INSERT_INTO", isBounded: true, isAppendOnly: true, upsertColumns: null, schema: null },
          start(sink) {
            for (const u of users) {
              const before = counts.get(u);
              counts.set(u, (before ?? 0) + 1);
              const rows: ChangelogRow[] =
                before === undefined
                  ? [{ op: 0, row: [u, "1"] }]
                  : [
                      { op: 1, row: [u, String(before)] },
                      { op: 2, row: [u, String(before + 1)] },
                    ];
              for (const sub of perUser) sub.emit(rows);
              total++;
              const g: ChangelogRow[] =
                total === 1
                  ? [{ op: 0, row: ["1"] }]
                  : [
                      { op: 1, row: [String(total - 1)] },
                      { op: 2, row: [String(total)] },
                    ];
              for (const sub of global) sub.emit(g);
            }
            sink.complete();
            return { stop() {}, resume() {}, dispose() {} };
          },
        };
      }
      throw new Error(`unsupported in this test engine: ${s}`);
    },
  };
}

let emu: Emulator | undefined;
let conn: Connection | undefined;

afterEach(async () => {
  await conn?.close();
  await emu?.close();
  conn = undefined;
  emu = undefined;
});

function open(engine?: () => Engine, pageSize = 3): { emu: Emulator; conn: Connection } {
  emu = createEmulator(engine === undefined ? { resultPageSize: pageSize } : { engine, resultPageSize: pageSize });
  conn = connect({ ...emu.connectOptions, fetch: emu.fetch });
  return { emu, conn };
}

async function insert(c: Connection, ...users: string[]): Promise<void> {
  const cur = new StreamingCursor(streamingBackendOf(c), fast);
  await cur.execute(`INSERT INTO clicks VALUES ${users.map((u) => `('${u}')`).join(", ")}`);
  await cur.close();
}

/** Normalised text of rows (bigint and number compare equal) for polling comparisons. */
function norm(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? Number(x) : x));
}

/** Polls `read` until its result looks like `want` (bigint ~ number), or 2 s passed; returns the last value. */
async function until<T>(read: () => Promise<T>, want: unknown): Promise<T> {
  const deadline = Date.now() + 2000;
  let last: T = await read();
  while (norm(last) !== norm(want) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 5));
    last = await read();
  }
  return last;
}

describe("streaming against the emulator (scripted aggregate engine)", () => {
  it("a streaming GROUP BY over a live table updates as rows are inserted", async () => {
    const { conn: c, emu: e } = open(() => aggregateEngine());
    const cur = new StreamingCursor(streamingBackendOf(c), fast);
    await cur.execute("SELECT user, COUNT(*) AS n FROM clicks GROUP BY user");
    expect(cur.statement?.phase).toBe("RUNNING");
    expect(cur.returnsChangelog).toBe(true);
    const compressor = cur.changelogCompressor();
    expect(compressor.mode).toBe("upsert");
    expect(await compressor.currentSnapshot()).toEqual([]);

    await insert(c, "ann", "bob", "ann");
    expect(await until(() => compressor.currentSnapshot(), [["ann", 2], ["bob", 1]])).toEqual([
      ["ann", 2],
      ["bob", 1],
    ]);
    await insert(c, "cid", "bob", "bob", "ann");
    expect(await until(() => compressor.currentSnapshot(), [["ann", 3], ["bob", 3], ["cid", 1]])).toEqual([
      ["ann", 3],
      ["bob", 3],
      ["cid", 1],
    ]);
    const m = cur.metrics;
    expect(m.rows).toBe(3 + 2 * 4); // +I ann, +I bob, -U/+U ann, +I cid, 3 x (-U/+U)
    expect(m.pages).toBeGreaterThanOrEqual(4); // page size 3

    await cur.close();
    const info = e.statements().find((s) => s.name === cur.statementName);
    expect(info?.stopped).toBe(true);
  });

  it("a global COUNT(*) retract stream yields -U/+U events and compresses to one row", async () => {
    const { conn: c } = open(() => aggregateEngine(), 2);
    const cur = new StreamingCursor(streamingBackendOf(c), fast);
    await cur.execute("SELECT COUNT(*) AS n FROM clicks");
    const compressor = cur.changelogCompressor();
    expect(compressor.mode).toBe("retract");
    await insert(c, "ann", "bob", "cid");
    expect(await until(() => compressor.currentSnapshot(), [[3]])).toEqual([[3]]);

    const raw = new StreamingCursor<unknown[]>(streamingBackendOf(c), fast);
    await raw.execute("SELECT COUNT(*) AS n FROM clicks");
    await insert(c, "dan");
    const events: ChangeEvent<unknown[]>[] = [];
    const reader = raw.stream().getReader();
    while (events.length < 3) events.push((await reader.read()).value as ChangeEvent<unknown[]>);
    await reader.cancel();
    expect(events.map((ev) => [ev.op, ev.row])).toEqual([
      ["+I", [3]],
      ["-U", [3]],
      ["+U", [4]],
    ]);
  });

  it("a stop from elsewhere ends the stream with STATEMENT_STOPPED; a delete with STATEMENT_DELETED", async () => {
    const { conn: c } = open(() => aggregateEngine());
    await insert(c, "ann");
    const cur = new StreamingCursor<unknown[]>(streamingBackendOf(c), fast);
    await cur.execute("SELECT user, COUNT(*) AS n FROM clicks GROUP BY user");
    const seen: unknown[] = [];
    const reading = (async () => {
      for await (const ev of cur) {
        seen.push(ev);
        await c.stopStatement(cur.statementName!, { wait: true });
      }
    })();
    await expect(reading).rejects.toMatchObject({ code: "STATEMENT_STOPPED", statementName: cur.statementName });
    expect(seen).toEqual([{ op: "+I", code: 0, row: ["ann", 1] }]);

    const other = new StreamingCursor<unknown[]>(streamingBackendOf(c), fast);
    await other.execute("SELECT user, COUNT(*) AS n FROM clicks GROUP BY user");
    expect(await other.fetchOne()).toEqual({ op: "+I", code: 0, row: ["ann", 1] });
    await c.deleteStatement(other.statementName!);
    const err = await (async () => {
      for (let i = 0; i < 200; i++) await other.fetchMany(10);
    })().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "STATEMENT_DELETED" });
  });

  it("attach resumes reading a running statement from a saved page token", async () => {
    const { conn: c } = open(() => aggregateEngine(), 2);
    const first = new StreamingCursor<unknown[]>(streamingBackendOf(c), { ...fast, onCancel: "detach" });
    await first.execute("SELECT user, COUNT(*) AS n FROM clicks GROUP BY user");
    await insert(c, "ann", "bob", "cid");
    const got: unknown[] = [];
    while (got.length < 2) got.push(...(await first.fetchMany(2)));
    const token = first.pageToken;
    const name = first.statementName!;
    await first.close(); // detach: the statement keeps running
    const resumed = await attachStreamingCursor<unknown[]>(streamingBackendOf(c), name, { ...fast, pageToken: token });
    let next = null;
    for (let i = 0; i < 100 && next === null; i++) next = await resumed.fetchOne();
    expect(next).toEqual({ op: "+I", code: 0, row: ["cid", 1] });
    await resumed.close();
  });
});

describe("streaming against the emulator: resuming", () => {
  it("resumes from a partial page on the forward-only gateway without losing or repeating rows", async () => {
    const { conn: c } = open(() => aggregateEngine(), 3);
    await insert(c, "ann", "bob", "cid", "dan");
    const first = new StreamingCursor<unknown[]>(streamingBackendOf(c), { ...fast, onCancel: "detach" });
    await first.execute("SELECT user, COUNT(*) AS n FROM clicks GROUP BY user");
    let row = null;
    for (let i = 0; i < 100 && row === null; i++) row = await first.fetchOne();
    expect(row).toEqual({ op: "+I", code: 0, row: ["ann", 1] });
    const position = first.resumePosition;
    expect(position.skip).toBe(1); // bob and cid are still buffered
    const name = first.statementName!;
    await first.close();

    const resumed = await c.attach(name, { ...fast, ...position });
    const got: unknown[] = [];
    for (let i = 0; i < 200 && got.length < 3; i++) got.push(...(await resumed.fetchMany(10)));
    expect(got.map((ev) => (ev as ChangeEvent<unknown[]>).row[0])).toEqual(["bob", "cid", "dan"]);
    await resumed.close();
  });
});

describe("streaming against the emulator: waiting for RUNNING", () => {
  it("an abort while the statement is PENDING stops it server-side, with nothing left in flight", async () => {
    emu = createEmulator({ engine: () => aggregateEngine(), timing: { pendingMs: 60_000 } });
    conn = connect({ ...emu.connectOptions, fetch: emu.fetch });
    const cur = new StreamingCursor(streamingBackendOf(conn), fast);
    const ac = new AbortController();
    // Abort once the server holds the statement (PENDING), whatever the machine's load.
    const watcher = setInterval(() => {
      if (emu!.statements().some((s) => s.name === "slow-start" && s.phase === "PENDING")) setTimeout(() => ac.abort(), 20);
    }, 2);
    const err = await cur.execute("SELECT COUNT(*) AS n FROM clicks", undefined, { signal: ac.signal, statementName: "slow-start" }).catch((e: unknown) => e);
    clearInterval(watcher);
    expect(err).toMatchObject({ code: "ABORTED", statementName: "slow-start" });
    const info = emu.statements().find((s) => s.name === "slow-start");
    expect(info?.stopped).toBe(true);

    const del = new StreamingCursor(streamingBackendOf(conn), { ...fast, onCancel: "delete" });
    await expect(del.execute("SELECT COUNT(*) AS n FROM clicks", undefined, { timeoutMs: 40, statementName: "slow-two" })).rejects.toMatchObject({ code: "TIMEOUT" });
    expect(emu.statements().find((s) => s.name === "slow-two")?.phase ?? "gone").toMatch(/DELETING|gone/);
  });
});

describe("streaming against the emulator with injected faults", () => {
  it("keeps streaming through 503s, 429s and dropped connections on the results route", async () => {
    emu = createEmulator({
      engine: () => aggregateEngine(),
      resultPageSize: 2,
      faults: [
        {
          route: "statements.results",
          sequence: [null, { kind: "error", status: 503 }, null, { kind: "drop" }, { kind: "rate-limit", retryAfterSeconds: 0 }, null],
        },
      ],
    });
    conn = connect({ ...emu.connectOptions, fetch: emu.fetch, retry: { initialDelayMs: 1, maxDelayMs: 5 } } as Parameters<typeof connect>[0]);
    await insert(conn, "ann", "bob", "cid", "dan", "eve");
    const cur = new StreamingCursor<unknown[]>(streamingBackendOf(conn), fast);
    await cur.execute("SELECT user, COUNT(*) AS n FROM clicks GROUP BY user");
    const seen: unknown[] = [];
    const reader = cur.stream().getReader();
    while (seen.length < 5) seen.push(((await reader.read()).value as ChangeEvent<unknown[]>).row[0]);
    await reader.cancel();
    expect(seen).toEqual(["ann", "bob", "cid", "dan", "eve"]);
    expect(cur.metrics.retries).toBeGreaterThanOrEqual(3);
  });
});

describe("streaming against the emulator (built-in SQL engine)", () => {
  it("a streaming aggregate over a live table updates as rows are inserted", async () => {
    const { conn: c } = open(undefined, 100);
    const setup = new StreamingCursor(streamingBackendOf(c), fast);
    await setup.execute("CREATE TABLE clicks (`user` STRING)");
    const cur = new StreamingCursor(streamingBackendOf(c), fast);
    await cur.execute("SELECT `user`, COUNT(*) AS n FROM clicks GROUP BY `user`");
    const compressor = cur.changelogCompressor();
    const ins = new StreamingCursor(streamingBackendOf(c), fast);
    await ins.execute("INSERT INTO clicks VALUES ('ann'), ('bob'), ('ann')");
    const snap = await until(() => compressor.currentSnapshot(), [["ann", 2], ["bob", 1]]);
    expect((snap as unknown[][]).map((r) => [r[0], Number(r[1])])).toEqual([
      ["ann", 2],
      ["bob", 1],
    ]);
    await ins.execute("INSERT INTO clicks VALUES ('bob')");
    // Streaming INSERT INTO ... SELECT returns at RUNNING and keeps running after the cursor closes.
    await setup.execute("CREATE TABLE clicks_copy (`user` STRING)");
    const job = new StreamingCursor(streamingBackendOf(c), fast);
    await job.execute("INSERT INTO clicks_copy SELECT `user` FROM clicks");
    expect(job.statement?.phase).toBe("RUNNING");
    expect(job.mayHaveResults).toBe(false);
    await job.close();
    expect((await c.getStatement(job.statementName!)).phase).toBe("RUNNING");
    const snap2 = await until(() => compressor.currentSnapshot(), [["ann", 2], ["bob", 2]]);
    expect((snap2 as unknown[][]).map((r) => [r[0], Number(r[1])])).toEqual([
      ["ann", 2],
      ["bob", 2],
    ]);
    await cur.close();
  });

  it("CREATE TABLE ... AS SELECT returns at RUNNING, stays running after close, and keeps filling its table", async () => {
    const { conn: c, emu: e } = open(undefined, 100);
    const setup = new StreamingCursor(streamingBackendOf(c), fast);
    await setup.execute("CREATE TABLE visits (`user` STRING)");
    const ctas = new StreamingCursor(streamingBackendOf(c), fast);
    await ctas.execute("CREATE TABLE visits_copy AS SELECT `user` FROM visits");
    expect(ctas.statement?.phase).toBe("RUNNING");
    expect(ctas.statement?.traits?.sqlKind).toBe("CREATE_TABLE_AS");
    expect(ctas.mayHaveResults).toBe(false);
    await expect(ctas.fetchOne()).rejects.toMatchObject({ code: "NO_RESULTS" });
    const name = ctas.statementName!;
    await ctas.close();
    expect((await c.getStatement(name)).phase).toBe("RUNNING");
    expect(e.statements().find((s) => s.name === name)?.stopped).toBe(false);

    // Rows inserted after the cursor closed still reach the CTAS table: the job runs on.
    const ins = new StreamingCursor(streamingBackendOf(c), fast);
    await ins.execute("INSERT INTO visits VALUES ('ann'), ('bob')");
    const reader = new StreamingCursor<unknown[]>(streamingBackendOf(c), fast);
    await reader.execute("SELECT `user` FROM visits_copy");
    const got: unknown[] = [];
    for (let i = 0; i < 400 && got.length < 2; i++) got.push(...(await reader.fetchMany(10)));
    expect(got).toEqual([["ann"], ["bob"]]);
    await reader.close();
    expect((await c.getStatement(name)).phase).toBe("RUNNING");
  });
});
