/**
 * The snapshot cursor's behaviours end to end against the emulator, in process (`emu.fetch`) and
 * over HTTP (`emu.listen` on 127.0.0.1): the same cases the scripted fake gateway pins in
 * test/unit/client (cursor, statements, http), here against the real gateway and SQL engine.
 *
 * Statements that must stay PENDING use a ManualClock nobody advances; statements that must
 * stay RUNNING, or fail without a detail, use a small scripted engine, since no real snapshot
 * query does either. Compute pool exhaustion is not covered: the emulator always reports
 * `scaling_state: OK`.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createEmulator, ManualClock, type Emulator, type EmulatorOptions, type Engine } from "../../src/emulator/index.ts";
import {
  AbortError,
  connect,
  DatabaseError,
  date,
  decimal,
  IntegrityError,
  RateLimitError,
  StatementFailedError,
  StatementNotFoundError,
  TimeoutError,
  typedNull,
  type Column,
  type ConnectOptions,
  type Connection,
  type RequestEvent,
} from "../../src/index.ts";

const MODES = ["in process", "over HTTP"] as const;
type Mode = (typeof MODES)[number];

/** Five rows in a known order; with `resultPageSize: 2` they span three pages. */
const FIVE = "SELECT n, s FROM (VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd'), (5, 'e')) AS t(n, s)";
const FIVE_ROWS = [[1, "a"], [2, "b"], [3, "c"], [4, "d"], [5, "e"]];

/** Nothing ever leaves PENDING (the clock never moves); deletes take effect at once. */
function stuckPending(): EmulatorOptions {
  return { clock: new ManualClock(), timing: { pendingMs: 3_600_000, deletingMs: 0, stoppingMs: 0, failingMs: 0 } };
}

const ONE_COLUMN: Column[] = [{ name: "x", type: { type: "INTEGER", nullable: true } }];

/** `SELECT forever`: RUNNING until deleted. `SELECT mute failure`: fails at run time with an empty detail. */
const scripted: Engine = {
  compile(req) {
    const sql = req.sql.trim();
    if (sql !== "SELECT forever" && sql !== "SELECT mute failure") throw new Error(`scripted engine: unexpected SQL ${sql}`);
    return {
      traits: { sqlKind: "SELECT", isBounded: true, isAppendOnly: true, upsertColumns: null, schema: ONE_COLUMN },
      start(sink) {
        if (sql === "SELECT mute failure") sink.fail("", "org.apache.flink.runtime.JobException");
        return { stop() {}, resume() {}, dispose() {} };
      },
    };
  },
};

interface Rig {
  readonly emu: Emulator;
  readonly conn: Connection;
  /** Every HTTP attempt the client made, with the time it was reported. */
  readonly events: Array<RequestEvent & { at: number }>;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function open(mode: Mode, options: EmulatorOptions = {}, client: Partial<ConnectOptions> = {}): Promise<Rig> {
  const emu = createEmulator({ clock: "instant", ...options });
  cleanups.push(() => emu.close());
  let target: Pick<ConnectOptions, "endpoint" | "fetch">;
  if (mode === "in process") {
    target = { endpoint: emu.connectOptions.endpoint, fetch: emu.fetch };
  } else {
    const server = await emu.listen({ port: 0 });
    cleanups.push(() => server.close());
    target = { endpoint: server.url };
  }
  const events: Rig["events"] = [];
  const conn = connect({
    ...emu.connectOptions,
    ...target,
    retry: { initialDelayMs: 1, maxDelayMs: 5 },
    onRequest: (e) => events.push({ ...e, at: performance.now() }),
    ...client,
  });
  cleanups.push(() => conn.close());
  return { emu, conn, events };
}

async function expectGone(conn: Connection, name: string): Promise<void> {
  const e = await conn.getStatement(name).catch((x: unknown) => x);
  expect(e, name).toBeInstanceOf(StatementNotFoundError);
  expect(e, name).toMatchObject({ code: "STATEMENT_NOT_FOUND", status: 404, statementName: name });
}

async function names(conn: Connection, filters: Parameters<Connection["listStatements"]>[0] = {}): Promise<string[]> {
  return (await conn.listStatements(filters)).map((s) => s.name).sort();
}

/** Resolves once the client has made an attempt matching `route` (polls its event log). */
async function seen(rig: Rig, route: string): Promise<void> {
  while (!rig.events.some((e) => e.route === route)) await new Promise((r) => setTimeout(r, 2));
}

function statuses(rig: Rig, route: string): Array<number | string | undefined> {
  return rig.events.filter((e) => e.route === route).map((e) => e.status ?? e.error);
}

describe.each(MODES)("snapshot cursor parity with the fake-gateway tests (%s)", (mode) => {
  describe("description, rowCount, arraySize and fetches", () => {
    it("starts with no description, rowCount -1 and arraySize 1, and refuses fetches before execute", async () => {
      const { conn, events } = await open(mode);
      const cur = conn.cursor();
      expect(cur.description).toBeNull();
      expect(cur.rowCount).toBe(-1);
      expect(cur.arraySize).toBe(1);
      expect(cur.statement).toBeNull();
      await expect(cur.fetchOne()).rejects.toMatchObject({ code: "NO_STATEMENT" });
      await expect(cur.fetchMany()).rejects.toMatchObject({ code: "NO_STATEMENT" });
      expect(() => {
        cur.arraySize = 0;
      }).toThrow(expect.objectContaining({ code: "ARRAY_SIZE_INVALID" }));
      expect(events).toEqual([]);
    });

    it("describes the columns, pages lazily and knows rowCount only after the last page", async () => {
      const { conn } = await open(mode, { resultPageSize: 2 });
      const cur = conn.cursor();
      await cur.execute(FIVE);
      expect(cur.description?.map((d) => [d.name, d.typeCode, d.nullOk, d.internalSize, d.precision, d.scale, d.typeName])).toEqual([
        ["n", "INTEGER", false, null, null, null, "INT NOT NULL"],
        ["s", "CHAR", false, 1, null, null, "CHAR(1) NOT NULL"],
      ]);
      expect(cur.rowCount).toBe(-1);
      expect(await cur.fetchMany()).toEqual([[1, "a"]]);
      cur.arraySize = 2;
      expect(await cur.fetchMany()).toEqual([[2, "b"], [3, "c"]]);
      expect(cur.rowCount).toBe(-1);
      await expect(cur.fetchMany(0)).rejects.toMatchObject({ code: "FETCH_SIZE_INVALID" });
      expect(await cur.fetchOne()).toEqual([4, "d"]);
      expect(await cur.fetchAll()).toEqual([[5, "e"]]);
      expect(cur.rowCount).toBe(5);
      expect(await cur.fetchMany()).toEqual([]);
      expect(await cur.fetchOne()).toBeNull();
      expect(await cur.fetchAll()).toEqual([]);
      await cur.close();
    });

    it("knows rowCount right after execute when the result fits one page; iterates arraySize rows per read", async () => {
      const { conn, events } = await open(mode, { resultPageSize: 2 });
      const single = conn.cursor();
      await single.execute("SELECT 7 AS seven");
      expect(single.rowCount).toBe(1);
      expect(await single.fetchAll()).toEqual([[7]]);
      await single.close();

      const cur = conn.cursor({ arraySize: 3 });
      expect(cur.arraySize).toBe(3);
      await cur.execute(FIVE);
      const pagesBefore = events.filter((e) => e.route === "GET /statements/{name}/results").length;
      const got: unknown[] = [];
      for await (const row of cur) got.push(row);
      expect(got).toEqual(FIVE_ROWS);
      expect(cur.rowCount).toBe(5);
      // Pages 2 and 3 were read by the loop, none of them twice.
      expect(events.filter((e) => e.route === "GET /statements/{name}/results").length - pagesBefore).toBe(2);
      await cur.close();
    });

    it("gives no result set for DDL", async () => {
      const { conn } = await open(mode);
      const cur = conn.cursor();
      await cur.execute("CREATE TABLE parity_t (a INT)");
      expect(cur.description).toBeNull();
      expect(cur.statement?.phase).toBe("COMPLETED");
      expect(cur.statement?.traits?.sqlKind).toBe("CREATE_TABLE");
      await expect(cur.fetchAll()).rejects.toMatchObject({ code: "NO_RESULT_SET" });
      await cur.close();
    });
  });

  describe("asDict rows and parameters", () => {
    it("returns dict rows from fetchOne, fetchMany, fetchAll and for await", async () => {
      const { conn } = await open(mode, { resultPageSize: 2 });
      const cur = conn.cursor({ asDict: true });
      expect(cur.asDict).toBe(true);
      await cur.execute(FIVE);
      expect(await cur.fetchOne()).toEqual({ n: 1, s: "a" });
      expect(await cur.fetchMany(2)).toEqual([{ n: 2, s: "b" }, { n: 3, s: "c" }]);
      const rest: unknown[] = [];
      for await (const row of cur) rest.push(row);
      expect(rest).toEqual([{ n: 4, s: "d" }, { n: 5, s: "e" }]);
      await cur.execute("SELECT 1 AS v, 'x' AS ex");
      expect(await cur.fetchAll()).toEqual([{ v: 1, ex: "x" }]);
      await cur.close();
    });

    it("renders %s parameters as literals the engine evaluates, with %% as a literal percent", async () => {
      const { conn } = await open(mode);
      const cur = conn.cursor();
      await cur.execute("SELECT %s AS s, %s AS n, %s AS b, %s AS z, %s AS d, %s AS dt, %s AS f, 'p%%' AS pct", [
        "O'Neil",
        42,
        true,
        typedNull("INT"),
        decimal("12.30"),
        date("2024-02-29"),
        1.5,
      ]);
      expect(cur.statement?.sql).toBe(
        "SELECT 'O''Neil' AS s, 42 AS n, TRUE AS b, CAST(NULL AS INT) AS z, CAST('12.30' AS DECIMAL(4, 2)) AS d, DATE '2024-02-29' AS dt, 1.5E0 AS f, 'p%' AS pct",
      );
      expect(await cur.fetchAll()).toEqual([["O'Neil", 42, true, null, "12.30", "2024-02-29", 1.5, "p%"]]);
      expect(cur.description?.map((d) => d.typeName)).toEqual([
        "CHAR(6) NOT NULL",
        "INT NOT NULL",
        "BOOLEAN NOT NULL",
        "INT",
        "DECIMAL(4, 2) NOT NULL",
        "DATE NOT NULL",
        "DOUBLE NOT NULL",
        "CHAR(2) NOT NULL",
      ]);
      await cur.close();
    });

    it("renders %(name)s parameters, reusing a name", async () => {
      const { conn } = await open(mode);
      const cur = conn.cursor({ asDict: true });
      await cur.execute("SELECT %(a)s AS a, %(b)s AS b, %(a)s + 1 AS a1", { a: 5, b: "x" });
      expect(cur.statement?.sql).toBe("SELECT 5 AS a, 'x' AS b, 5 + 1 AS a1");
      expect(await cur.fetchAll()).toEqual([{ a: 5, b: "x", a1: 6 }]);
      await expect(cur.execute("SELECT %(missing)s", { a: 1 })).rejects.toMatchObject({ code: "PARAMETER_MISSING" });
      await cur.close();
    });

    it("runs a sql`` template passed to execute, and awaited directly; refuses extra parameters", async () => {
      const { conn, emu } = await open(mode);
      const who = "it's";
      const cur = conn.cursor();
      await cur.execute(conn.sql`SELECT ${who} AS q, ${2} AS two`);
      expect(cur.statement?.sql).toBe("SELECT 'it''s' AS q, 2 AS two");
      expect(await cur.fetchAll()).toEqual([["it's", 2]]);
      expect(await conn.sql`SELECT ${who} AS q`).toEqual([{ q: "it's" }]);
      const before = emu.statements().length;
      await expect(cur.execute(conn.sql`SELECT 1`, [1])).rejects.toMatchObject({ code: "PARAMETER_UNSUPPORTED" });
      await expect(cur.execute("SELECT %s, %s", [1])).rejects.toMatchObject({ code: "PARAMETER_COUNT" });
      expect(emu.statements().length).toBe(before);
      await cur.close();
    });
  });

  describe("statement ownership: reuse, close, dispose", () => {
    it("a second execute on the same cursor deletes the first statement and yields the new rows", async () => {
      const { conn } = await open(mode);
      const cur = conn.cursor();
      await cur.execute("SELECT 1 AS first_col", undefined, { statementName: "parity-first" });
      expect(cur.statement?.name).toBe("parity-first");
      expect(await names(conn)).toEqual(["parity-first"]);
      await cur.execute(FIVE, undefined, { statementName: "parity-second" });
      await expectGone(conn, "parity-first");
      expect(await names(conn)).toEqual(["parity-second"]);
      expect(cur.statement?.name).toBe("parity-second");
      expect(cur.description?.map((d) => d.name)).toEqual(["n", "s"]);
      expect(await cur.fetchAll()).toEqual(FIVE_ROWS);
      await cur.close();
      expect(await names(conn)).toEqual([]);
      await expect(cur.execute("SELECT 3")).rejects.toMatchObject({ code: "CURSOR_CLOSED" });
    });

    it("close() deletes the finished statement; later calls are CURSOR_CLOSED; close is idempotent", async () => {
      const { conn } = await open(mode);
      const cur = conn.cursor();
      await cur.execute(FIVE);
      const name = cur.statement!.name;
      expect(name).toMatch(/^dbapi-[0-9a-f-]{36}$/);
      expect((await conn.getStatement(name)).phase).toBe("COMPLETED");
      expect(await cur.fetchAll()).toEqual(FIVE_ROWS);
      // Reading every row does not delete it: only close (or reuse) does.
      expect(await names(conn)).toEqual([name]);
      await cur.close();
      expect(cur.closed).toBe(true);
      await expectGone(conn, name);
      expect(await names(conn)).toEqual([]);
      await expect(cur.fetchOne()).rejects.toMatchObject({ code: "CURSOR_CLOSED" });
      await expect(cur.execute("SELECT 1")).rejects.toMatchObject({ code: "CURSOR_CLOSED" });
      await cur.close();
    });

    it("await using deletes the statement at the end of the block", async () => {
      const { conn } = await open(mode);
      let name: string;
      {
        await using cur = conn.cursor();
        await cur.execute("SELECT 1 AS v");
        name = cur.statement!.name;
        expect(await cur.fetchOne()).toEqual([1]);
        expect(await names(conn)).toEqual([name]);
      }
      await expectGone(conn, name);
      expect(await names(conn)).toEqual([]);
    });

    it("connection.close() closes its open cursors, which delete their statements", async () => {
      const { conn, emu } = await open(mode);
      const a = conn.cursor();
      const b = conn.cursor({ asDict: true });
      await a.execute("SELECT 1 AS v");
      await b.execute("SELECT 2 AS two");
      expect(emu.statements().map((s) => s.phase)).toEqual(["COMPLETED", "COMPLETED"]);
      await conn.close();
      expect([a.closed, b.closed]).toEqual([true, true]);
      expect(emu.statements()).toEqual([]);
    });
  });

  describe("failures", () => {
    it("a statement that fails to validate is StatementFailedError with the server detail; its exceptions are listed; reuse deletes it", async () => {
      const { conn } = await open(mode);
      const cur = conn.cursor();
      const e = (await cur.execute("SELECT nope FROM (VALUES (1)) AS t(a)").catch((x: unknown) => x)) as StatementFailedError;
      expect(e).toBeInstanceOf(StatementFailedError);
      expect(e).toBeInstanceOf(DatabaseError);
      expect(e).toMatchObject({ code: "STATEMENT_FAILED", phase: "FAILED" });
      expect(e.detail).toMatch(/Column 'nope' not found/);
      expect(e.message).toContain(e.detail);
      expect(e.statementName).toBe(cur.statement?.name);
      expect(cur.statement?.phase).toBe("FAILED");
      expect(cur.description).toBeNull();
      // A FAILED statement stays inspectable until the cursor is closed.
      const server = await conn.getStatement(e.statementName!);
      expect(server).toMatchObject({ phase: "FAILED", detail: e.detail });
      const exceptions = await conn.statementExceptions(e.statementName!);
      expect(exceptions.map((x) => x.name)).toEqual(["org.apache.flink.table.api.ValidationException"]);
      expect(exceptions[0]!.message).toContain(e.detail);
      // Reusing the cursor deletes the FAILED statement, as close() would.
      await cur.execute("SELECT 3 AS three");
      await expectGone(conn, e.statementName!);
      expect(await cur.fetchAll()).toEqual([[3]]);
      await cur.close();
      expect(await names(conn)).toEqual([]);
    });

    it("a run-time failure (division by zero) carries the engine's detail and its exception", async () => {
      const { conn } = await open(mode);
      const cur = conn.cursor();
      const e = (await cur.execute("SELECT 1 / 0 AS x").catch((x: unknown) => x)) as StatementFailedError;
      expect(e).toBeInstanceOf(StatementFailedError);
      expect(e).toMatchObject({ code: "STATEMENT_FAILED", detail: "/ by zero", statementName: cur.statement?.name });
      expect(["FAILING", "FAILED"]).toContain(e.phase);
      expect((await conn.getStatement(e.statementName!)).phase).toBe("FAILED");
      expect(await conn.statementExceptions(e.statementName!)).toEqual([
        { name: "java.lang.ArithmeticException", message: "java.lang.ArithmeticException: / by zero", timestamp: expect.any(String) },
      ]);
      await cur.close();
      await expectGone(conn, e.statementName!);
    });

    it("a failure without a detail takes the newest exception from the exceptions endpoint", async () => {
      const rig = await open(mode, { engine: () => scripted });
      const cur = rig.conn.cursor();
      const e = (await cur.execute("SELECT mute failure").catch((x: unknown) => x)) as StatementFailedError;
      expect(e).toBeInstanceOf(StatementFailedError);
      expect(e.code).toBe("STATEMENT_FAILED");
      expect(e.detail).toBe("org.apache.flink.runtime.JobException: ");
      expect(e.exceptions).toEqual([{ name: "org.apache.flink.runtime.JobException", message: "org.apache.flink.runtime.JobException: ", timestamp: expect.any(String) }]);
      expect(statuses(rig, "GET /statements/{name}/exceptions")).toEqual([200]);
      await cur.close();
      expect(rig.emu.statements()).toEqual([]);
    });

    it("a taken statement name is IntegrityError STATEMENT_NAME_TAKEN, and the other statement is left alone", async () => {
      const { conn } = await open(mode);
      const other = await conn.createStatement("SELECT 1 AS v", { statementName: "parity-taken" });
      const cur = conn.cursor();
      const e = await cur.execute("SELECT 2 AS two", undefined, { statementName: "parity-taken" }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(IntegrityError);
      expect(e).toMatchObject({ code: "STATEMENT_NAME_TAKEN", status: 409, statementName: "parity-taken" });
      // The cursor is not stuck: it runs the next statement under a free name.
      await cur.execute("SELECT 2 AS two", undefined, { statementName: "parity-free" });
      expect(await cur.fetchAll()).toEqual([[2]]);
      await cur.close();
      const kept = await conn.getStatement("parity-taken");
      expect(kept.sql).toBe("SELECT 1 AS v");
      expect(kept.uid).toBe(other.uid);
      expect(await names(conn)).toEqual(["parity-taken"]);
    });
  });

  describe("labels", () => {
    it("labels round-trip through execute, getStatement and listStatements({ labels })", async () => {
      const { conn } = await open(mode);
      const labelled = conn.cursor();
      await labelled.execute("SELECT 1 AS v", undefined, { labels: ["parity", "nightly"], statementName: "parity-labelled" });
      const plain = conn.cursor();
      await plain.execute("SELECT 2 AS two", undefined, { statementName: "parity-plain" });
      const st = await conn.getStatement("parity-labelled");
      expect(st.endUserLabels.sort()).toEqual(["nightly", "parity"]);
      expect(st.labels["user.confluent.io/parity"]).toBe("true");
      expect(await names(conn, { labels: ["parity"] })).toEqual(["parity-labelled"]);
      expect(await names(conn, { labels: "user.confluent.io/nightly" })).toEqual(["parity-labelled"]);
      expect(await names(conn, { labels: ["parity", "nightly"] })).toEqual(["parity-labelled"]);
      expect(await names(conn, { labels: ["parity", "weekly"] })).toEqual([]);
      const iterated: string[] = [];
      for await (const s of conn.listStatements({ labels: ["nightly"], pageSize: 1 })) iterated.push(s.name);
      expect(iterated).toEqual(["parity-labelled"]);
      expect(await names(conn)).toEqual(["parity-labelled", "parity-plain"]);
      await labelled.close();
      await plain.close();
      expect(await names(conn, { labels: ["parity"] })).toEqual([]);
    });
  });

  describe("timeouts and aborts", () => {
    it("execute timeoutMs against a statement that stays PENDING is TimeoutError, and the statement is deleted", async () => {
      const { conn, emu } = await open(mode, stuckPending());
      const cur = conn.cursor();
      const e = await cur.execute(FIVE, undefined, { timeoutMs: 100 }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(TimeoutError);
      expect(e).toMatchObject({ code: "TIMEOUT", statementName: cur.statement?.name });
      expect(cur.statement?.phase).toBe("PENDING");
      expect(emu.statements()).toEqual([]);
      await expectGone(conn, cur.statement!.name);
      // Time passing cannot start it any more.
      (emu.clock as ManualClock).advance(3_600_000);
      expect(emu.statements()).toEqual([]);
      await cur.close();
    });

    it("execute timeoutMs against a statement that stays RUNNING is TimeoutError, and the statement is deleted", async () => {
      const { conn, emu } = await open(mode, { engine: () => scripted });
      const cur = conn.cursor();
      // Long enough for the polls to see RUNNING (the first comes after about 20 ms).
      const e = await cur.execute("SELECT forever", undefined, { timeoutMs: 200 }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(TimeoutError);
      expect(e).toMatchObject({ code: "TIMEOUT", statementName: cur.statement?.name });
      expect(cur.statement?.phase).toBe("RUNNING");
      expect(emu.statements()).toEqual([]);
      await expectGone(conn, cur.statement!.name);
    });

    it("an AbortSignal fired while execute waits is AbortError with the caller's reason, and the statement is deleted", async () => {
      const rig = await open(mode, stuckPending());
      const cur = rig.conn.cursor();
      const ac = new AbortController();
      const reason = new Error("user navigated away");
      const running = cur.execute(FIVE, undefined, { signal: ac.signal }).catch((x: unknown) => x);
      await seen(rig, "GET /statements/{name}");
      ac.abort(reason);
      const e = await running;
      expect(e).toBeInstanceOf(AbortError);
      expect(e).toMatchObject({ code: "ABORTED", statementName: cur.statement?.name });
      expect((e as AbortError).cause).toBe(reason);
      expect(rig.emu.statements()).toEqual([]);
      await expectGone(rig.conn, cur.statement!.name);
    });

    it("an already aborted signal sends no create", async () => {
      const rig = await open(mode);
      const e = await rig.conn.cursor().execute("SELECT 1", undefined, { signal: AbortSignal.abort() }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(AbortError);
      expect((e as AbortError).code).toBe("ABORTED");
      expect(statuses(rig, "POST /statements")).toEqual([]);
      expect(rig.emu.statements()).toEqual([]);
    });

    it("close() during execute aborts it and deletes the statement it created", async () => {
      const rig = await open(mode, stuckPending());
      const cur = rig.conn.cursor();
      const running = cur.execute(FIVE).catch((x: unknown) => x);
      await seen(rig, "GET /statements/{name}");
      expect(rig.emu.statements().map((s) => s.phase)).toEqual(["PENDING"]);
      await cur.close();
      const e = await running;
      expect(e).toBeInstanceOf(AbortError);
      expect(e).toMatchObject({ code: "ABORTED", statementName: expect.stringMatching(/^dbapi-/) });
      expect(rig.emu.statements()).toEqual([]);
      await expectGone(rig.conn, (e as AbortError).statementName!);
    });

    it("aborted and timed-out fetches lose no rows: the next fetch reads the page again", async () => {
      // The first results read (inside execute) is served; the next two hang until the client gives up.
      const slow = { kind: "latency", ms: 1500 } as const;
      const rig = await open(mode, { resultPageSize: 2, faults: [{ route: "statements.results", sequence: [null, slow, slow] }] });
      const cur = rig.conn.cursor();
      await cur.execute(FIVE);
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 50);
      const aborted = await cur.fetchAll({ signal: ac.signal }).catch((x: unknown) => x);
      expect(aborted).toBeInstanceOf(AbortError);
      expect((aborted as AbortError).code).toBe("ABORTED");
      const timedOut = await cur.fetchAll({ timeoutMs: 50 }).catch((x: unknown) => x);
      expect(timedOut).toBeInstanceOf(TimeoutError);
      expect((timedOut as TimeoutError).code).toBe("TIMEOUT");
      expect(cur.rowCount).toBe(-1);
      expect(await cur.fetchAll()).toEqual(FIVE_ROWS);
      expect(cur.rowCount).toBe(5);
      await cur.close();
      expect(rig.emu.statements()).toEqual([]);
    });

    it("close() during a fetch aborts it and deletes the statement", async () => {
      const rig = await open(mode, { resultPageSize: 2, faults: [{ route: "statements.results", sequence: [null, { kind: "latency", ms: 1500 }] }] });
      const cur = rig.conn.cursor();
      await cur.execute(FIVE);
      const name = cur.statement!.name;
      const fetching = cur.fetchAll().catch((x: unknown) => x);
      await new Promise((r) => setTimeout(r, 50));
      await cur.close();
      expect(await fetching).toBeInstanceOf(AbortError);
      expect(statuses(rig, "DELETE /statements/{name}")).toEqual([202]);
      expect(rig.emu.statements()).toEqual([]);
      await expectGone(rig.conn, name);
    });
  });

  describe("retries through emulator faults", () => {
    it("a 503 on results is retried and the rows arrive", async () => {
      const rig = await open(mode, { faults: [{ route: "statements.results", sequence: [{ kind: "error", status: 503 }] }] });
      const { rows } = await rig.conn.query(FIVE);
      expect(rows).toEqual(FIVE_ROWS.map(([n, s]) => ({ n, s })));
      expect(statuses(rig, "GET /statements/{name}/results")).toEqual([503, 200]);
    });

    it("a 503 on a status poll is retried", async () => {
      const rig = await open(mode, { faults: [{ route: "statements.get", sequence: [{ kind: "error", status: 503 }] }] });
      const { rows } = await rig.conn.query("SELECT 1 AS v");
      expect(rows).toEqual([{ v: 1 }]);
      expect(statuses(rig, "GET /statements/{name}").slice(0, 2)).toEqual([503, 200]);
    });

    it("a 429 on results waits for Retry-After before retrying", async () => {
      const rig = await open(mode, { faults: [{ route: "statements.results", sequence: [{ kind: "rate-limit", retryAfterSeconds: 1 }] }] });
      const { rows } = await rig.conn.query("SELECT 1 AS v");
      expect(rows).toEqual([{ v: 1 }]);
      const reads = rig.events.filter((e) => e.route === "GET /statements/{name}/results");
      expect(reads.map((e) => [e.attempt, e.status])).toEqual([[1, 429], [2, 200]]);
      // The retry honoured the server's 1 s, far above the client's 5 ms backoff cap.
      expect(reads[1]!.at - reads[0]!.at).toBeGreaterThanOrEqual(950);
    });

    it("429s past the attempt budget are RateLimitError with the server's last Retry-After; close still cleans up", async () => {
      const rig = await open(
        mode,
        { faults: [{ route: "statements.results", sequence: [{ kind: "rate-limit", retryAfterSeconds: 0 }, { kind: "rate-limit", retryAfterSeconds: 3 }] }] },
        { retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 5 } },
      );
      const cur = rig.conn.cursor();
      const e = await cur.execute("SELECT 1 AS v").catch((x: unknown) => x);
      expect(e).toBeInstanceOf(RateLimitError);
      expect(e).toMatchObject({ code: "RATE_LIMITED", status: 429, retryAfterMs: 3000 });
      expect(statuses(rig, "GET /statements/{name}/results")).toEqual([429, 429]);
      await cur.close();
      expect(rig.emu.statements()).toEqual([]);
    });

    it("a rate-limited create is posted again and creates exactly one statement", async () => {
      const rig = await open(mode, { faults: [{ route: "statements.create", sequence: [{ kind: "rate-limit", retryAfterSeconds: 0 }] }] });
      const cur = rig.conn.cursor();
      await cur.execute("SELECT 1 AS v");
      expect(statuses(rig, "POST /statements")).toEqual([429, 201]);
      expect(await names(rig.conn)).toEqual([cur.statement!.name]);
      expect(await cur.fetchAll()).toEqual([[1]]);
      await cur.close();
    });

    it("a create whose connection drops after the server created the statement leaves exactly one statement", async () => {
      const rig = await open(mode, { faults: [{ route: "statements.create", sequence: [{ kind: "drop", when: "after" }] }] });
      const cur = rig.conn.cursor();
      await cur.execute(FIVE);
      const name = cur.statement!.name;
      expect(statuses(rig, "POST /statements")).toEqual(["NETWORK_ERROR"]);
      expect(rig.emu.statements().map((s) => s.name)).toEqual([name]);
      expect(await names(rig.conn)).toEqual([name]);
      expect(await cur.fetchAll()).toEqual(FIVE_ROWS);
      await cur.close();
      expect(rig.emu.statements()).toEqual([]);
    });

    it("a create whose connection drops before the server saw it is posted again, once", async () => {
      const rig = await open(mode, { faults: [{ route: "statements.create", sequence: [{ kind: "drop", when: "before" }] }] });
      const cur = rig.conn.cursor();
      await cur.execute("SELECT 1 AS v", undefined, { statementName: "parity-dropped" });
      expect(statuses(rig, "POST /statements").at(-1)).toBe(201);
      expect(await names(rig.conn)).toEqual(["parity-dropped"]);
      expect(await cur.fetchAll()).toEqual([[1]]);
      await cur.close();
      expect(rig.emu.statements()).toEqual([]);
    });

    it("a 404 is not retried", async () => {
      const rig = await open(mode);
      await expectGone(rig.conn, "parity-missing");
      expect(statuses(rig, "GET /statements/{name}")).toEqual([404]);
    });
  });
});
