/**
 * Decode options (`bigint`, `decimal`, `temporal`, `cast`) at every level: connect(), and the
 * narrower cursor(), query(), streamingCursor() and attach(), which win; validated like
 * connect() validates them. Also the statement name on decoding errors.
 */
import { describe, expect, it } from "vitest";
import { connect, DataError, InterfaceError } from "../../../src/index.ts";
import { FakeGateway, fakeConnectOptions, resultsJson, statementJson } from "../../support/fake-gateway.ts";

const MAX = "9223372036854775807";

const COLS = [
  { name: "b", type: { type: "BIGINT", nullable: false } },
  { name: "d", type: { type: "DECIMAL", nullable: true, precision: 10, scale: 2 } },
  { name: "day", type: { type: "DATE", nullable: true } },
  { name: "at", type: { type: "TIMESTAMP_WITH_LOCAL_TIME_ZONE", nullable: true, precision: 3 } },
];
const ROW = [MAX, "12.50", "2024-06-15", "2024-06-15 21:34:56.789"];

/**
 * A fake whose statements complete at once (RUNNING for streaming ones), echo the posted
 * properties, and serve one page with `ROW` per statement.
 */
function setup(extra: Record<string, unknown> = {}, row: unknown[] = ROW) {
  const gw = new FakeGateway();
  const conn = connect({ ...fakeConnectOptions(gw), ...extra });
  const made = new Map<string, Record<string, unknown>>();
  gw.always("POST", "/statements", (req) => {
    const b = req.body as { name: string; spec: { statement: string; properties: Record<string, string> } };
    const snapshot = b.spec.properties["sql.snapshot.mode"] === "now";
    const st = statementJson({ name: b.name, sql: b.spec.statement, properties: b.spec.properties, schema: COLS, phase: snapshot ? "COMPLETED" : "RUNNING" });
    made.set(b.name, st);
    return { status: 201, json: st };
  });
  gw.always("GET", "/statements/:name", (req) => ({ json: made.get(req.params.name!) ?? statementJson({ name: req.params.name, phase: "RUNNING", schema: COLS }) }));
  gw.always("GET", "/statements/:name/results", (req) => ({ json: resultsJson([row], null, req.params.name) }));
  gw.always("DELETE", "/statements/:name", { status: 202 });
  gw.always("PATCH", "/statements/:name", (req) => ({ json: statementJson({ name: req.params.name, phase: "STOPPED", schema: COLS }) }));
  return { gw, conn };
}

describe("decode options", () => {
  it("cursor({ bigint }) wins over connect({ bigint })", async () => {
    const { conn } = setup({ bigint: "number" });
    const wide = conn.cursor({ bigint: "bigint" });
    await wide.execute("SELECT b FROM t");
    expect((await wide.fetchOne())![0]).toBe(9223372036854775807n);
    const text = conn.cursor({ bigint: "string" });
    await text.execute("SELECT b FROM t");
    expect((await text.fetchOne())![0]).toBe(MAX);
    // Without an override the connection's "number" applies, which refuses to round (execute
    // decodes the first page already).
    const plain = conn.cursor();
    const e = (await plain.execute("SELECT b FROM t").catch((x: unknown) => x)) as DataError;
    expect(e).toBeInstanceOf(DataError);
    expect(e.code).toBe("BIGINT_UNSAFE");
    expect(e.statementName).toBe(plain.statement!.name);
  });

  it("query(..., { decimal }) wins over connect({ decimal }), and connect-level options apply when query gives none", async () => {
    const { conn } = setup({ decimal: "number", bigint: "string" });
    const a = await conn.query("SELECT * FROM t");
    expect(a.rows[0]).toMatchObject({ b: MAX, d: 12.5 });
    const b = await conn.query("SELECT * FROM t", undefined, { decimal: "string" });
    expect(b.rows[0]).toMatchObject({ b: MAX, d: "12.50" });
  });

  it("connect({ temporal, cast }) decode dates and run the hook", async () => {
    const seen: string[] = [];
    const { conn } = setup({
      bigint: "bigint",
      temporal: "date",
      cast: (column: { name: string }, raw: unknown, next: (raw: unknown) => unknown) => {
        seen.push(column.name);
        return column.name === "d" ? `EUR ${String(raw)}` : next(raw);
      },
    });
    const { rows } = await conn.query("SELECT * FROM t");
    const r = rows[0] as Record<string, unknown>;
    expect(r.d).toBe("EUR 12.50");
    expect(r.day).toBeInstanceOf(Date);
    expect((r.day as Date).toISOString()).toBe("2024-06-15T00:00:00.000Z");
    expect(r.b).toBe(9223372036854775807n);
    expect(seen).toEqual(["b", "d", "day", "at"]);
    // A cursor-level cast replaces the connection's.
    const cur = conn.cursor({ cast: (_c: unknown, raw: unknown) => raw });
    await cur.execute("SELECT * FROM t");
    expect(await cur.fetchOne()).toEqual(ROW);
  });

  it("streamingCursor({ temporal: 'date' }) and attach({ bigint }) decode with their own options", async () => {
    const { conn } = setup({ bigint: "string" });
    const cur = conn.streamingCursor({ temporal: "date", bigint: "bigint" });
    await cur.execute("SELECT * FROM t");
    const rows = (await cur.fetchAll()) as unknown[][];
    expect(rows[0]![0]).toBe(9223372036854775807n);
    expect(rows[0]![2]).toBeInstanceOf(Date);
    expect((rows[0]![3] as Date).toISOString()).toBe("2024-06-15T21:34:56.789Z");
    await cur.close();
    const defaults = conn.streamingCursor();
    await defaults.execute("SELECT * FROM t");
    expect(((await defaults.fetchAll()) as unknown[][])[0]!.slice(0, 3)).toEqual([MAX, "12.50", "2024-06-15"]);
    await defaults.close();
    const attached = await conn.attach("existing-job", { decimal: "number" });
    expect(((await attached.fetchAll()) as unknown[][])[0]!.slice(0, 2)).toEqual([MAX, 12.5]);
    await attached.close();
  });

  it("TIMESTAMP_LTZ values are read in the statement's sql.local-time-zone, else the connection's, else UTC", async () => {
    const utc = setup();
    expect((await utc.conn.query("SELECT at FROM t", undefined, { bigint: "string" })).rows[0]).toMatchObject({ at: "2024-06-15T21:34:56.789Z" });
    const session = setup({ localTimeZone: "Asia/Tokyo", bigint: "string" });
    expect((await session.conn.query("SELECT at FROM t")).rows[0]).toMatchObject({ at: "2024-06-15T12:34:56.789Z" });
    const cur = session.conn.cursor({ temporal: "date" });
    await cur.execute("SELECT at FROM t", undefined, { properties: { "sql.local-time-zone": "America/New_York" } });
    expect(((await cur.fetchOne())![3] as Date).toISOString()).toBe("2024-06-16T01:34:56.789Z");
  });

  it("refuses bad decode options like connect() does, before any I/O", async () => {
    const { gw, conn } = setup();
    expect(() => connect({ ...fakeConnectOptions(gw), bigint: "huge" as never })).toThrow(expect.objectContaining({ code: "CONFIG_INVALID" }));
    const cases: Array<[() => unknown, string]> = [
      [() => conn.cursor({ bigint: "huge" as never }), "cursor(): bigint"],
      [() => conn.streamingCursor({ temporal: 1 as never }), "streamingCursor(): temporal"],
      [() => conn.cursor({ cast: "nope" as never }), "cursor(): cast"],
    ];
    for (const [f, message] of cases) {
      const e = (() => {
        try {
          f();
        } catch (x) {
          return x;
        }
      })() as InterfaceError;
      expect(e).toBeInstanceOf(InterfaceError);
      expect(e.code).toBe("CONFIG_INVALID");
      expect(e.message).toContain(message);
    }
    await expect(conn.query("SELECT 1", undefined, { decimal: "float" as never })).rejects.toMatchObject({ code: "CONFIG_INVALID", message: expect.stringContaining("query(): decimal") });
    await expect(conn.attach("job", { bigint: 64 as never })).rejects.toMatchObject({ code: "CONFIG_INVALID", message: expect.stringContaining("attach(): bigint") });
    expect(gw.requests.length).toBe(0);
  });

  it("DataErrors from decoding name the statement, in snapshot and streaming cursors", async () => {
    const { conn } = setup({ bigint: "bigint" }, ["not-a-number", "1", null, null]);
    const cur = conn.cursor();
    const e = (await cur.execute("SELECT * FROM t").catch((x: unknown) => x)) as DataError;
    expect(e).toBeInstanceOf(DataError);
    expect(e).toMatchObject({ code: "VALUE_INVALID", statementName: cur.statement!.name });
    const s = conn.streamingCursor();
    await s.execute("SELECT * FROM t");
    const f = (await s.fetchAll().catch((x: unknown) => x)) as DataError;
    expect(f).toBeInstanceOf(DataError);
    expect(f.statementName).toBe(s.statementName);
    await s.close();
  });
});
