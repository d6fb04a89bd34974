/**
 * Defects found in a client review, each pinned by a test that failed before its fix:
 * - `//` line comments (Calcite's, so Flink's) were not comments to the placeholder scanner;
 * - the `sql` tagged template put literals inside quoted strings, identifiers and comments;
 * - `conn.query({ timeoutMs })` did not bound the pages read after execute;
 * - `executeSnapshotDdl` / `executeStreamingDdl` abandoned during the create left the statement.
 */
import { describe, expect, it } from "vitest";
import { connect, identifier, InterfaceError, raw, sqlTemplate, substituteParameters, TimeoutError } from "../../../src/index.ts";
import { FakeGateway, fakeConnectOptions, HANG, resultsJson, statementJson } from "../../support/fake-gateway.ts";

const COLS = [{ name: "x", type: { type: "INTEGER", nullable: true } }];

describe("placeholders and // line comments", () => {
  it("leaves a %s inside a // comment alone, so a value's newline cannot end the comment", () => {
    const sql = "SELECT * FROM t WHERE tenant = %s\n// AND name = %s\nAND id = 1";
    // Before the fix the second %s was substituted inside the comment: its newline ended the
    // comment and `OR 1=1 --` ran as SQL.
    expect(() => substituteParameters(sql, ["a", "x\nOR 1=1 --"])).toThrow(expect.objectContaining({ code: "PARAMETER_COUNT" }));
    expect(substituteParameters(sql, ["a"])).toBe("SELECT * FROM t WHERE tenant = 'a'\n// AND name = %s\nAND id = 1");
  });

  it("does not read a quote inside a // comment as the start of a string", () => {
    expect(substituteParameters("SELECT 1 // don't\n, %s", ["b"])).toBe("SELECT 1 // don't\n, 'b'");
    // A // comment ends at CR too, and a single slash is division.
    expect(substituteParameters("SELECT 4 / %s // it's\r, %s", [2, "c"])).toBe("SELECT 4 / 2 // it's\r, 'c'");
    // Inside string literals // is text.
    expect(substituteParameters("SELECT 'http://x' || %s", ["/y"])).toBe("SELECT 'http://x' || '/y'");
  });
});

describe("sql tagged template: values only where a literal can stand", () => {
  const attack = "' OR 1=1 OR '";

  it("refuses a value inside a quoted string (it brings its own quotes)", () => {
    // Before the fix: "SELECT * FROM t WHERE name = ' ''' OR 1=1 OR ''' '", a valid query with the OR injected.
    expect(() => sqlTemplate`SELECT * FROM t WHERE name = '${attack}'`).toThrow(InterfaceError);
    expect(() => sqlTemplate`SELECT * FROM t WHERE name = '${attack}'`).toThrow(expect.objectContaining({ code: "PARAMETER_UNSUPPORTED" }));
    expect(() => sqlTemplate`SELECT * FROM t WHERE name LIKE '%${"a"}%'`).toThrow(/string literal/);
  });

  it("refuses a value inside a backtick identifier (identifier() is the way)", () => {
    expect(() => sqlTemplate`SELECT * FROM \`${"x` UNION SELECT secret FROM s --"}\``).toThrow(/identifier/);
    expect(sqlTemplate`SELECT * FROM ${identifier("my table")}`.text).toBe("SELECT * FROM `my table`");
  });

  it("refuses a value inside a -- or // line comment or a block comment", () => {
    const v = "x\nOR 1=1";
    expect(() => sqlTemplate`SELECT * FROM t WHERE a = 1 -- ${v}\nAND b = 2`).toThrow(/comment/);
    expect(() => sqlTemplate`SELECT * FROM t WHERE a = 1 // ${v}\nAND b = 2`).toThrow(/comment/);
    expect(() => sqlTemplate`SELECT /* ${v} */ 1`).toThrow(/comment/);
  });

  it("still renders values after strings, comments and identifiers have closed, and inside hints", () => {
    const q = sqlTemplate`SELECT 'it''s', \`a\`\`b\` -- c'\n, ${"v"} /* ' */ , ${1} // '\r, ${raw("x")}`;
    expect(q.text).toBe("SELECT 'it''s', `a``b` -- c'\n, 'v' /* ' */ , 1 // '\r, x");
    // A hint is code to Calcite: its option values are literals.
    expect(sqlTemplate`SELECT /*+ OPTIONS('scan.startup.mode'=${"latest-offset"}) */ * FROM t`.text).toBe(
      "SELECT /*+ OPTIONS('scan.startup.mode'='latest-offset') */ * FROM t",
    );
    // raw() and nested queries are trusted text, accepted anywhere; the context they leave counts.
    expect(sqlTemplate`SELECT '${raw("abc")}'`.text).toBe("SELECT 'abc'");
    expect(() => sqlTemplate`SELECT ${raw("'")}${"v"}'`).toThrow(/string literal/);
    const inner = sqlTemplate`a = ${1}`;
    expect(sqlTemplate`SELECT * FROM t WHERE ${inner} AND b = ${"x"}`.text).toBe("SELECT * FROM t WHERE a = 1 AND b = 'x'");
  });

  it("conn.sql refuses before anything is sent", async () => {
    const gw = new FakeGateway();
    const conn = connect(fakeConnectOptions(gw));
    expect(() => conn.sql`SELECT * FROM t WHERE name = '${attack}'`).toThrow(expect.objectContaining({ code: "PARAMETER_UNSUPPORTED" }));
    expect(gw.requests.length).toBe(0);
  });
});

function completedQueryGateway(): FakeGateway {
  const gw = new FakeGateway();
  gw.always("POST", "/statements", (req) => ({ status: 201, json: statementJson({ schema: COLS, name: (req.body as { name: string }).name, phase: "COMPLETED" }) }));
  gw.always("GET", "/statements/:name", (req) => ({ json: statementJson({ schema: COLS, name: req.params.name, phase: "COMPLETED" }) }));
  gw.always("DELETE", "/statements/:name", { status: 202 });
  return gw;
}

describe("conn.query timeoutMs", () => {
  it("bounds the pages read after execute, and the statement is deleted", async () => {
    const gw = completedQueryGateway();
    gw.on("GET", "/statements/:name/results", { json: resultsJson([["1"]], "p2") });
    gw.always("GET", "/statements/:name/results", HANG); // the second page never comes
    const conn = connect(fakeConnectOptions(gw));
    const t0 = Date.now();
    const outcome = await Promise.race([
      conn.query("SELECT x FROM t", undefined, { timeoutMs: 150 }).then(
        () => "resolved",
        (e: unknown) => e,
      ),
      new Promise((r) => setTimeout(() => r("still running after 2 s"), 2000)),
    ]);
    expect(outcome).toBeInstanceOf(TimeoutError);
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(gw.calls("DELETE").length).toBe(1);
  });

  it("is not spent by a query that finishes in time", async () => {
    const gw = completedQueryGateway();
    gw.on("GET", "/statements/:name/results", { json: resultsJson([["1"]], "p2") }, { json: resultsJson([["2"]], null) });
    const conn = connect(fakeConnectOptions(gw));
    const { rows } = await conn.query("SELECT x FROM t", undefined, { timeoutMs: 5000, asDict: false });
    expect(rows).toEqual([[1], [2]]);
  });
});

describe("DDL helpers abandoned while the create is unanswered", () => {
  function slowCreate(): FakeGateway {
    const gw = new FakeGateway();
    gw.always("POST", "/statements", (req) => {
      const b = req.body as { name: string; spec: { statement: string } };
      // The server creates the statement, but answers too late for the caller.
      gw.store.set(b.name, statementJson({ name: b.name, phase: "RUNNING", sqlKind: "INSERT_INTO", schema: null, sql: b.spec.statement }));
      return { delayMs: 300, status: 201, json: gw.store.get(b.name) };
    });
    gw.always("GET", "/statements/:name", (req) => {
      const st = gw.store.get(req.params.name!);
      return st === undefined ? { status: 404, json: { errors: [{ status: "404", detail: "not found" }] } } : { json: st };
    });
    gw.always("DELETE", "/statements/:name", (req) => (gw.store.delete(req.params.name!) ? { status: 202 } : { status: 404 }));
    return gw;
  }

  it("executeStreamingDdl deletes the INSERT INTO its timed-out create started", async () => {
    const gw = slowCreate();
    const conn = connect(fakeConnectOptions(gw));
    await expect(conn.executeStreamingDdl("INSERT INTO t SELECT * FROM s", undefined, { timeoutMs: 50 })).rejects.toBeInstanceOf(TimeoutError);
    expect(gw.calls("DELETE").length).toBe(1);
    expect(gw.store.size).toBe(0);
  });

  it("with a caller-chosen name, deletes only a statement that carries this SQL", async () => {
    const gw = slowCreate();
    const conn = connect(fakeConnectOptions(gw));
    await expect(conn.executeStreamingDdl("INSERT INTO t SELECT * FROM s", undefined, { timeoutMs: 50, statementName: "copy-t" })).rejects.toBeInstanceOf(TimeoutError);
    expect(gw.store.has("copy-t")).toBe(false);

    // Someone else's statement under the name (our POST would have met a 409): left alone.
    const other = new FakeGateway();
    other.store.set("copy-t", statementJson({ name: "copy-t", phase: "RUNNING", sqlKind: "INSERT_INTO", schema: null, sql: "INSERT INTO u SELECT 1" }));
    other.always("POST", "/statements", { delayMs: 300, status: 409, json: { errors: [{ status: "409", detail: "taken" }] } });
    other.always("GET", "/statements/:name", (req) => ({ json: other.store.get(req.params.name!) }));
    other.always("DELETE", "/statements/:name", { status: 202 });
    const conn2 = connect(fakeConnectOptions(other));
    await expect(conn2.executeStreamingDdl("INSERT INTO t SELECT * FROM s", undefined, { timeoutMs: 50, statementName: "copy-t" })).rejects.toBeInstanceOf(TimeoutError);
    expect(other.calls("DELETE").length).toBe(0);
  });
});
