import { describe, expect, it } from "vitest";
import { connect } from "../../../src/index.ts";
import {
  AbortError,
  ComputePoolExhaustedError,
  InterfaceError,
  ProgrammingError,
  ProtocolError,
  StatementFailedError,
  StatementStoppedError,
  TimeoutError,
} from "../../../src/errors.ts";
import { BASE, errorResponse, FakeGateway, fakeConnectOptions, HANG, notReady, PREFIX, resultsJson, statementJson } from "../../support/fake-gateway.ts";

const COLS = [
  { name: "customer_id", type: { type: "INTEGER", nullable: false } },
  { name: "name", type: { type: "VARCHAR", nullable: true, length: 2147483647 } },
];

/** A fake that creates statements (PENDING), completes them on the second GET and serves `pages`. */
function setup(pages: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}, st: Parameters<typeof statementJson>[0] = {}) {
  const gw = new FakeGateway();
  const conn = connect({ ...fakeConnectOptions(gw), ...extra });
  let created: string | undefined;
  gw.always("POST", "/statements", (req) => {
    const b = req.body as { name: string; spec: { statement: string } };
    created = b.name;
    return { status: 201, json: statementJson({ schema: COLS, ...st, name: b.name, phase: "PENDING", sql: b.spec.statement }) };
  });
  let polls = 0;
  gw.always("GET", "/statements/:name", (req) => ({
    json: statementJson({ schema: COLS, ...st, name: req.params.name, phase: ++polls >= 2 ? (st.phase ?? "COMPLETED") : "PENDING" }),
  }));
  gw.on("GET", "/statements/:name/results", ...pages.map((p) => ({ json: p })));
  gw.always("DELETE", "/statements/:name", { status: 202 });
  return { gw, conn, created: () => created! };
}

describe("snapshot cursor", () => {
  it("executes with %s parameters, describes columns, and fetches one, many and all", async () => {
    const { gw, conn } = setup([
      resultsJson([["1", "Ann"], ["2", "Bob"]], "p2"),
      resultsJson([["3", "Cy"]], "p3"),
      resultsJson([["4", null]], null),
    ]);
    const cur = conn.cursor();
    expect(cur.description).toBeNull();
    expect(cur.rowCount).toBe(-1);
    await cur.execute("SELECT customer_id, name FROM customers WHERE customer_id > %s AND name <> %s AND pct LIKE '5%%'", [0, "O'Neil"]);
    const post = gw.calls("POST")[0]!.body as { spec: { statement: string; properties: Record<string, string> } };
    expect(post.spec.statement).toBe("SELECT customer_id, name FROM customers WHERE customer_id > 0 AND name <> 'O''Neil' AND pct LIKE '5%'");
    expect(post.spec.properties["sql.snapshot.mode"]).toBe("now");
    expect(cur.description).toEqual([
      { name: "customer_id", typeCode: "INTEGER", displaySize: null, internalSize: null, precision: null, scale: null, nullOk: false, typeName: "INT NOT NULL", type: { type: "INTEGER", nullable: false } },
      { name: "name", typeCode: "VARCHAR", displaySize: null, internalSize: 2147483647, precision: null, scale: null, nullOk: true, typeName: "STRING", type: { type: "VARCHAR", nullable: true, length: 2147483647 } },
    ]);
    expect(cur.rowCount).toBe(-1);
    expect(await cur.fetchOne()).toEqual([1, "Ann"]);
    expect(await cur.fetchMany(2)).toEqual([[2, "Bob"], [3, "Cy"]]);
    expect(await cur.fetchAll()).toEqual([[4, null]]);
    expect(cur.rowCount).toBe(4);
    expect(await cur.fetchOne()).toBeNull();
    expect(await cur.fetchMany()).toEqual([]);
    await cur.close();
    expect(gw.calls("DELETE").length).toBe(1);
  });

  it("iterates dict rows with for await and honours arraySize", async () => {
    const { conn } = setup([resultsJson([["1", "Ann"]], "p2"), resultsJson([["2", "Bob"]], null)]);
    const cur = conn.cursor({ asDict: true, arraySize: 5 });
    await cur.execute("SELECT customer_id, name FROM customers");
    const names: unknown[] = [];
    for await (const row of cur) names.push((row as { name: string }).name);
    expect(names).toEqual(["Ann", "Bob"]);
    expect(cur.rowCount).toBe(2);
    expect(cur.arraySize).toBe(5);
    expect(() => (cur.arraySize = 0)).toThrow(InterfaceError);
    await expect(cur.fetchMany(-1)).rejects.toMatchObject({ code: "FETCH_SIZE_INVALID" });
  });

  it("knows rowCount right after execute for a single-page result, and reads empty pages with next", async () => {
    const { gw, conn } = setup([resultsJson([], "p1"), resultsJson([], "p2"), resultsJson([["1", "Ann"]], null)]);
    const cur = conn.cursor();
    await cur.execute("SELECT 1");
    expect(cur.rowCount).toBe(1);
    expect(await cur.fetchAll()).toEqual([[1, "Ann"]]);
    expect(gw.calls("GET", "/statements/:name/results").length).toBe(3);
  });

  it("follows a next link on a foreign host by its page_token against the configured endpoint", async () => {
    const { gw, conn, created } = setup([]);
    gw.on(
      "GET",
      "/statements/:name/results",
      (req) => ({ json: resultsJson([["1", "a"]], "tok/1+=", req.params.name, "https://gateway-internal.example:8443") }),
      (req) => ({ json: resultsJson([["2", "b"]], null, req.params.name, "https://gateway-internal.example:8443") }),
    );
    const cur = conn.cursor();
    await cur.execute("SELECT 1");
    expect(await cur.fetchAll()).toEqual([[1, "a"], [2, "b"]]);
    const pages = gw.calls("GET", "/statements/:name/results");
    expect(pages.map((r) => r.url.origin)).toEqual([BASE, BASE]);
    expect(pages.map((r) => r.url.pathname)).toEqual([`${PREFIX}/statements/${created()}/results`, `${PREFIX}/statements/${created()}/results`]);
    expect(pages.map((r) => r.query.get("page_token"))).toEqual([null, "tok/1+="]);
    expect(gw.requests.some((r) => r.url.host.startsWith("gateway-internal"))).toBe(false);
  });

  it("refuses bad result items with a ProtocolError naming the item, the statement and the response", async () => {
    const bad: Array<[unknown, string]> = [
      [{ op: 9, row: ["1", "a"] }, "results.data[1].op"],
      [{ op: 0 }, "results.data[1].row"],
      ["not an item", "results.data[1]"],
    ];
    for (const [item, path] of bad) {
      const { conn, created } = setup([{ metadata: {}, results: { data: [{ op: 0, row: ["1", "a"] }, item] } }]);
      const e = (await conn.cursor().execute("SELECT 1").catch((x: unknown) => x)) as ProtocolError;
      expect(e).toBeInstanceOf(ProtocolError);
      expect(e).toMatchObject({ code: "PROTOCOL_ERROR", path, statementName: created(), status: 200 });
      expect(e.requestId).toMatch(/^req-/);
    }
  });

  it("retries results that are not ready yet", async () => {
    const { gw, conn } = setup([]);
    gw.on("GET", "/statements/:name/results", notReady("x"), { json: resultsJson([["1", "A"]], null) });
    const cur = conn.cursor();
    await cur.execute("SELECT 1");
    expect(await cur.fetchAll()).toEqual([[1, "A"]]);
  });

  it("folds a non-append-only snapshot changelog into final rows", async () => {
    const { conn } = setup(
      [resultsJson([["1", "a"], { op: 1, row: ["1", "a"] }, { op: 2, row: ["1", "b"] }, ["2", "c"], { op: 3, row: ["2", "c"] }], null)],
      {},
      { isAppendOnly: false },
    );
    const cur = conn.cursor();
    await cur.execute("SELECT k, v FROM t");
    expect(await cur.fetchAll()).toEqual([[1, "b"]]);
    expect(cur.rowCount).toBe(1);
  });

  it("folds an upsert changelog by its upsert_columns key: a bare +U replaces, -D removes by key", async () => {
    const { conn } = setup(
      [
        resultsJson([["1", "a"], { op: 2, row: ["1", "b"] }, ["2", "c"]], "p2"),
        // Across pages: another bare +U, a -U/+U pair, and a -D whose value differs from the row it removes.
        resultsJson([{ op: 2, row: ["2", "d"] }, ["3", "x"], { op: 1, row: ["1", "b"] }, { op: 2, row: ["1", "e"] }, { op: 3, row: ["3", "stale"] }], null),
      ],
      {},
      { isAppendOnly: false, upsertColumns: [0] },
    );
    const cur = conn.cursor({ asDict: true });
    await cur.execute("SELECT k, v FROM t");
    expect(await cur.fetchAll()).toEqual([
      { customer_id: 1, name: "e" },
      { customer_id: 2, name: "d" },
    ]);
    expect(cur.rowCount).toBe(2);
  });

  it("folds a changelog without upsert_columns by value: equal rows are counted, -U/+U keeps the position", async () => {
    const { conn } = setup(
      [resultsJson([["1", "a"], ["1", "a"], ["2", "b"], { op: 3, row: ["1", "a"] }, { op: 1, row: ["1", "a"] }, { op: 2, row: ["1", "c"] }, { op: 2, row: ["2", "b"] }], null)],
      {},
      { isAppendOnly: false, upsertColumns: null },
    );
    const cur = conn.cursor();
    await cur.execute("SELECT k, v FROM t");
    // Without a key a bare +U is one more row, not a replacement.
    expect(await cur.fetchAll()).toEqual([[1, "c"], [2, "b"], [2, "b"]]);
  });

  it("refuses upsert_columns that point outside the schema (ProtocolError naming the path)", async () => {
    const { conn, created } = setup([resultsJson([["1", "a"]], null)], {}, { isAppendOnly: false, upsertColumns: [2] });
    const e = (await conn.cursor().execute("SELECT k, v FROM t").catch((x: unknown) => x)) as ProtocolError;
    expect(e).toBeInstanceOf(ProtocolError);
    expect(e).toMatchObject({ code: "PROTOCOL_ERROR", path: "status.traits.upsert_columns", statementName: created() });
  });

  it("gives up with RESULTS_STALLED when empty pages keep handing back the same token", async () => {
    for (const isAppendOnly of [true, false]) {
      const { gw, conn, created } = setup([], {}, { isAppendOnly });
      gw.always("GET", "/statements/:name/results", { json: resultsJson([], "same-token") });
      const e = (await conn.cursor().execute("SELECT 1").catch((x: unknown) => x)) as ProtocolError;
      expect(e).toBeInstanceOf(ProtocolError);
      expect(e).toMatchObject({ code: "RESULTS_STALLED", statementName: created(), path: "metadata.next" });
      // The first page (asked without a token) plus 16 that made no progress.
      expect(gw.calls("GET", "/statements/:name/results").length).toBe(17);
    }
  });

  it("keeps reading empty pages whose token advances", async () => {
    const pages = Array.from({ length: 20 }, (_, i) => resultsJson([], `t${i + 1}`));
    const { conn } = setup([...pages, resultsJson([["7", "late"]], null)]);
    const cur = conn.cursor();
    await cur.execute("SELECT 1");
    expect(await cur.fetchAll()).toEqual([[7, "late"]]);
  });

  it("refuses a changelog that retracts a row it never sent (CHANGELOG_INCONSISTENT), by value and by key", async () => {
    for (const upsertColumns of [null, [0]]) {
      for (const op of [1, 3]) {
        const { conn, created } = setup([resultsJson([["1", "a"], { op, row: ["2", "b"] }], null)], {}, { isAppendOnly: false, upsertColumns });
        const e = (await conn.cursor().execute("SELECT k, v FROM t").catch((x: unknown) => x)) as ProtocolError;
        expect(e).toBeInstanceOf(ProtocolError);
        expect(e).toMatchObject({ code: "CHANGELOG_INCONSISTENT", statementName: created() });
        expect(e.message).toContain(op === 1 ? "-U" : "-D");
      }
    }
  });

  it("polls fast at first: a query completing on the second check returns well under a second", async () => {
    const gw = new FakeGateway();
    const conn = connect({ ...fakeConnectOptions(gw), poll: undefined });
    gw.statefulStatements("PENDING", COLS);
    let polls = 0;
    gw.on("GET", "/statements/:name", (req) => ({ json: statementJson({ name: req.params.name, phase: ++polls >= 3 ? "COMPLETED" : "PENDING", schema: COLS }) }));
    gw.on("GET", "/statements/:name", (req) => ({ json: statementJson({ name: req.params.name, phase: "RUNNING", schema: COLS }) }));
    gw.on("GET", "/statements/:name", (req) => ({ json: statementJson({ name: req.params.name, phase: "COMPLETED", schema: COLS }) }));
    gw.on("GET", "/statements/:name/results", { json: resultsJson([["1", "A"]], null) });
    const t0 = Date.now();
    const cur = conn.cursor();
    await cur.execute("SELECT 1");
    expect(Date.now() - t0).toBeLessThan(400);
    expect(await cur.fetchOne()).toEqual([1, "A"]);
  });

  it("raises StatementFailedError with the server detail", async () => {
    const gw = new FakeGateway();
    const conn = connect(fakeConnectOptions(gw));
    gw.on("POST", "/statements", (req) => ({ status: 201, json: statementJson({ name: (req.body as { name: string }).name, phase: "FAILED", detail: "SQL parse failed. Encountered \"SELEC\"" }) }));
    gw.always("DELETE", "/statements/:name", { status: 202 });
    const cur = conn.cursor();
    const e = (await cur.execute("SELEC 1").catch((x: unknown) => x)) as StatementFailedError;
    expect(e).toBeInstanceOf(StatementFailedError);
    expect(e.code).toBe("STATEMENT_FAILED");
    expect(e.detail).toContain("SQL parse failed");
    expect(e.statementName).toMatch(/^dbapi-/);
    expect(e.phase).toBe("FAILED");
    expect(cur.statement?.phase).toBe("FAILED");
    await cur.close();
    expect(gw.calls("DELETE").length).toBe(1);
  });

  it("falls back to the exceptions endpoint when the detail is empty", async () => {
    const { gw, conn } = setup([], {}, { phase: "FAILED", detail: "" });
    gw.on("GET", "/statements/:name/exceptions", { json: { data: [{ name: "java.lang.RuntimeException", message: "Table `nope` not found", timestamp: "t" }] } });
    const e = (await conn.cursor().execute("SELECT * FROM nope").catch((x: unknown) => x)) as StatementFailedError;
    expect(e).toBeInstanceOf(StatementFailedError);
    expect(e.detail).toBe("Table `nope` not found");
    expect(e.exceptions?.[0]?.name).toBe("java.lang.RuntimeException");
  });

  it("raises STATEMENT_DEGRADED and StatementStoppedError for other broken phases", async () => {
    const a = setup([], {}, { phase: "DEGRADED", detail: "restarting" });
    const cur = a.conn.cursor();
    await expect(cur.execute("SELECT 1")).rejects.toMatchObject({ code: "STATEMENT_DEGRADED", detail: "restarting", statementName: expect.stringMatching(/^dbapi-/) });
    expect(cur.statement?.name).toBe(a.created());
    expect(cur.statement?.phase).toBe("DEGRADED");
    // A DEGRADED statement still runs on the pool: deleted at once, not left until close().
    expect(a.gw.calls("DELETE").map((r) => r.params.name)).toEqual([a.created()]);
    await cur.close();
    expect(a.gw.calls("DELETE")).toHaveLength(1);
    const b = setup([], {}, { phase: "STOPPED" });
    await expect(b.conn.cursor().execute("SELECT 1")).rejects.toBeInstanceOf(StatementStoppedError);
  });

  it("raises ComputePoolExhaustedError and deletes the statement", async () => {
    const { gw, conn } = setup([], {}, { phase: "PENDING", scalingState: "POOL_EXHAUSTED" });
    const e = (await conn.cursor().execute("SELECT 1").catch((x: unknown) => x)) as ComputePoolExhaustedError;
    expect(e).toBeInstanceOf(ComputePoolExhaustedError);
    expect(e.code).toBe("COMPUTE_POOL_EXHAUSTED");
    expect(e.message).toContain("lfcp-1");
    expect(gw.calls("DELETE").length).toBe(1);
  });

  it("times out a statement that never completes and deletes it", async () => {
    const { gw, conn } = setup([], {}, { phase: "RUNNING" });
    const e = await conn.cursor().execute("SELECT 1", undefined, { timeoutMs: 80 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TimeoutError);
    expect(gw.calls("DELETE").length).toBe(1);
  });

  it("aborts a waiting execute with AbortError", async () => {
    const { gw, conn } = setup([], {}, { phase: "RUNNING" });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 40);
    const e = await conn.cursor().execute("SELECT 1", undefined, { signal: ac.signal }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AbortError);
    expect(gw.calls("DELETE").length).toBe(1);
  });

  it("an abort while the create is in flight deletes the statement by its generated name", async () => {
    const gw = new FakeGateway();
    const conn = connect(fakeConnectOptions(gw));
    gw.on("POST", "/statements", HANG);
    gw.always("DELETE", "/statements/:name", { status: 202 });
    const e = await conn.cursor().execute("SELECT 1", undefined, { timeoutMs: 40 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TimeoutError);
    const posted = (gw.calls("POST")[0]!.body as { name: string }).name;
    expect(gw.calls("DELETE").map((r) => r.params.name)).toEqual([posted]);
  });

  it("an aborted create under a caller-chosen name that belongs to another job deletes nothing", async () => {
    const gw = new FakeGateway().statefulStatements("RUNNING");
    gw.store.set("nightly-copy", statementJson({ name: "nightly-copy", phase: "RUNNING", sql: "INSERT INTO archive SELECT * FROM orders" }));
    gw.on("POST", "/statements", HANG);
    const conn = connect(fakeConnectOptions(gw));
    const e = await conn.cursor().execute("SELECT 1", undefined, { statementName: "nightly-copy", timeoutMs: 40 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TimeoutError);
    expect(gw.calls("DELETE")).toEqual([]);
    expect(gw.store.has("nightly-copy")).toBe(true);
  });

  it("an aborted create under a caller-chosen name deletes the statement it did create", async () => {
    const gw = new FakeGateway().statefulStatements("RUNNING");
    // The server creates the statement, then the answer never arrives.
    gw.on("POST", "/statements", (req) => {
      const b = req.body as { name: string; spec: { statement: string } };
      gw.store.set(b.name, statementJson({ name: b.name, phase: "RUNNING", sql: b.spec.statement }));
      return HANG;
    });
    const conn = connect(fakeConnectOptions(gw));
    const e = await conn.cursor().execute("SELECT 1", undefined, { statementName: "my-report", timeoutMs: 40 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TimeoutError);
    expect(gw.calls("DELETE").map((r) => r.params.name)).toEqual(["my-report"]);
    expect(gw.store.has("my-report")).toBe(false);
  });

  it("close() during execute aborts it and deletes the statement it created", async () => {
    const { gw, conn, created } = setup([], {}, { phase: "RUNNING" });
    const cur = conn.cursor();
    const running = cur.execute("SELECT 1").catch((x: unknown) => x);
    while (gw.calls("GET", "/statements/:name").length < 2) await new Promise((r) => setTimeout(r, 2));
    await cur.close();
    const e = await running;
    expect(e).toBeInstanceOf(AbortError);
    expect((e as AbortError).statementName).toBe(created());
    expect(gw.calls("DELETE").map((r) => r.params.name)).toEqual([created()]);
    // Nothing polls after close() returned.
    const polls = gw.calls("GET", "/statements/:name").length;
    await new Promise((r) => setTimeout(r, 30));
    expect(gw.calls("GET", "/statements/:name").length).toBe(polls);
  });

  it("close() while the create is in flight deletes the statement by its generated name", async () => {
    const gw = new FakeGateway();
    const conn = connect(fakeConnectOptions(gw));
    gw.on("POST", "/statements", HANG);
    gw.always("DELETE", "/statements/:name", { status: 202 });
    const cur = conn.cursor();
    const running = cur.execute("SELECT 1").catch((x: unknown) => x);
    while (gw.calls("POST").length === 0) await new Promise((r) => setTimeout(r, 2));
    await cur.close();
    expect(await running).toBeInstanceOf(AbortError);
    expect(gw.calls("DELETE").map((r) => r.params.name)).toEqual([(gw.calls("POST")[0]!.body as { name: string }).name]);
  });

  it("close() during a fetch aborts it and deletes the statement once", async () => {
    const { gw, conn, created } = setup([resultsJson([["1", "a"]], "p2")]);
    gw.on("GET", "/statements/:name/results", HANG);
    const cur = conn.cursor();
    await cur.execute("SELECT 1");
    const fetching = cur.fetchAll().catch((x: unknown) => x);
    while (gw.calls("GET", "/statements/:name/results").length < 2) await new Promise((r) => setTimeout(r, 2));
    await cur.close();
    expect(await fetching).toBeInstanceOf(AbortError);
    expect(gw.calls("DELETE").map((r) => r.params.name)).toEqual([created()]);
  });

  it("aborts a hanging results fetch", async () => {
    const { gw, conn } = setup([resultsJson([["1", "a"]], "p2")]);
    gw.on("GET", "/statements/:name/results", HANG);
    const cur = conn.cursor();
    await cur.execute("SELECT 1");
    const e = await cur.fetchAll({ signal: AbortSignal.timeout(40) }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TimeoutError);
  });

  it("checks parameters before any I/O", async () => {
    const { gw, conn } = setup([]);
    const cur = conn.cursor();
    await expect(cur.execute("SELECT %s, %s", [1])).rejects.toMatchObject({ code: "PARAMETER_COUNT" });
    await expect(cur.execute("SELECT %s", [1, 2])).rejects.toBeInstanceOf(ProgrammingError);
    await expect(cur.execute("   ")).rejects.toMatchObject({ code: "EMPTY_STATEMENT" });
    await expect(cur.fetchOne()).rejects.toMatchObject({ code: "NO_STATEMENT" });
    expect(gw.requests.length).toBe(0);
  });

  it("is reusable: a second execute deletes the first statement", async () => {
    const { gw, conn } = setup([resultsJson([["1", "a"]], null), resultsJson([["2", "b"]], null)]);
    const cur = conn.cursor();
    await cur.execute("SELECT 1", undefined, { statementName: "first-q" });
    await cur.execute("SELECT 2", undefined, { statementName: "second-q" });
    expect(gw.calls("DELETE").map((r) => r.params.name)).toEqual(["first-q"]);
    expect(await cur.fetchAll()).toEqual([[2, "b"]]);
    await cur.close();
    expect(gw.calls("DELETE").map((r) => r.params.name)).toEqual(["first-q", "second-q"]);
    await expect(cur.execute("SELECT 3")).rejects.toMatchObject({ code: "CURSOR_CLOSED" });
  });

  it("supports await using (Symbol.asyncDispose)", async () => {
    const { gw, conn } = setup([resultsJson([["1", "a"]], null)]);
    {
      await using cur = conn.cursor();
      await cur.execute("SELECT 1");
    }
    expect(gw.calls("DELETE").length).toBe(1);
  });

  it("gives no result set for DDL", async () => {
    const { conn } = setup([], {}, { schema: null, sqlKind: "CREATE_TABLE" });
    const cur = conn.cursor();
    await cur.execute("CREATE TABLE t (a INT)");
    expect(cur.description).toBeNull();
    await expect(cur.fetchAll()).rejects.toMatchObject({ code: "NO_RESULT_SET" });
  });

  it("connection.close() closes open cursors, which delete their statements", async () => {
    const { gw, conn } = setup([resultsJson([["1", "a"]], null)]);
    const cur = conn.cursor();
    await cur.execute("SELECT 1");
    await conn.close();
    expect(cur.closed).toBe(true);
    expect(gw.calls("DELETE").length).toBe(1);
  });
});

describe("query, sql and DDL helpers", () => {
  it("query() returns columns, object rows and the statement, and deletes it", async () => {
    const { gw, conn } = setup([resultsJson([["1", "Ann"]], null)]);
    const r = await conn.query("SELECT customer_id, name FROM customers WHERE customer_id = %s", [1]);
    expect(r.rows).toEqual([{ customer_id: 1, name: "Ann" }]);
    expect(r.columns.map((c) => c.name)).toEqual(["customer_id", "name"]);
    expect(r.statement.phase).toBe("COMPLETED");
    expect(gw.calls("DELETE").length).toBe(1);
  });

  it("sql`` is lazy, escapes values, and can be passed to execute", async () => {
    const { gw, conn } = setup([resultsJson([["1", "Ann"]], null), resultsJson([["2", "Bob"]], null)]);
    const name = "O'Neil";
    const q = conn.sql`SELECT * FROM customers WHERE name = ${name}`;
    expect(gw.requests.length).toBe(0);
    expect(q.text).toBe("SELECT * FROM customers WHERE name = 'O''Neil'");
    expect(await q).toEqual([{ customer_id: 1, name: "Ann" }]);
    const cur = conn.cursor();
    await cur.execute(conn.sql`SELECT ${2}`);
    expect((gw.calls("POST")[1]!.body as { spec: { statement: string } }).spec.statement).toBe("SELECT 2");
    await expect(cur.execute(conn.sql`SELECT 1`, [1])).rejects.toMatchObject({ code: "PARAMETER_UNSUPPORTED" });
  });

  it("accepts named %(name)s parameters and nested sql fragments", async () => {
    const { gw, conn } = setup([resultsJson([], null), resultsJson([], null)]);
    await conn.cursor().execute("SELECT * FROM t WHERE a = %(a)s AND b = %(b)s", { a: 5, b: "x" });
    const where = conn.sql`b = ${"y"}`;
    await conn.cursor().execute(conn.sql`SELECT * FROM t WHERE ${where}`);
    const texts = gw.calls("POST").map((r) => (r.body as { spec: { statement: string } }).spec.statement);
    expect(texts).toEqual(["SELECT * FROM t WHERE a = 5 AND b = 'x'", "SELECT * FROM t WHERE b = 'y'"]);
  });

  it("executeSnapshotDdl waits, deletes and returns the statement; failures carry the detail", async () => {
    const { gw, conn } = setup([], {}, { schema: null, sqlKind: "CREATE_TABLE" });
    const st = await conn.executeSnapshotDdl("CREATE TABLE t (a INT)");
    expect(st.phase).toBe("COMPLETED");
    expect(gw.calls("DELETE").length).toBe(1);
    const f = setup([], {}, { phase: "FAILED", detail: "Table t already exists" });
    await expect(f.conn.executeSnapshotDdl("CREATE TABLE t (a INT)")).rejects.toMatchObject({ code: "STATEMENT_FAILED", detail: "Table t already exists" });
    expect(f.gw.calls("DELETE").length).toBe(1);
  });

  it("executeStreamingDdl returns a RUNNING job without deleting it", async () => {
    const { gw, conn } = setup([], {}, { phase: "RUNNING", schema: null, sqlKind: "INSERT_INTO", isBounded: false });
    const st = await conn.executeStreamingDdl("INSERT INTO a SELECT * FROM b", undefined, { statementName: "copy-job" });
    expect(st.phase).toBe("RUNNING");
    expect(st.name).toBe("copy-job");
    expect(gw.calls("DELETE").length).toBe(0);
    expect((gw.calls("POST")[0]!.body as { spec: { properties: Record<string, string> } }).spec.properties["sql.snapshot.mode"]).toBeUndefined();
  });

  it("a 5xx on results is retried", async () => {
    const { gw, conn } = setup([]);
    gw.on("GET", "/statements/:name/results", errorResponse(503, "unavailable"), { json: resultsJson([["1", "A"]], null) });
    const r = await conn.query("SELECT 1");
    expect(r.rows).toEqual([{ customer_id: 1, name: "A" }]);
  });
});
