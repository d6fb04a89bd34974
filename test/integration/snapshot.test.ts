/**
 * The snapshot cursor end to end against the emulator with its real SQL engine, in process
 * (`connect({ ...emu.connectOptions, fetch: emu.fetch })`).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmulator, type Emulator } from "../../src/emulator/index.ts";
import { connect, ProgrammingError, StatementFailedError, StatementNotFoundError, type Connection } from "../../src/index.ts";

let emu: Emulator;
let conn: Connection;

beforeAll(async () => {
  emu = createEmulator({ clock: "instant" });
  conn = connect({ ...emu.connectOptions, fetch: emu.fetch });
  await conn.executeSnapshotDdl("CREATE TABLE customers (customer_id INT, name STRING, balance DECIMAL(10, 2))");
  await conn.executeSnapshotDdl("INSERT INTO customers VALUES (1, 'Ann', 10.50), (2, 'Bob', 0.00), (3, 'O''Neil', NULL), (123, 'Dee', 99.99)");
});

afterAll(async () => {
  await conn.close();
  await emu.close();
});

describe("snapshot cursor (emulator, real engine)", () => {
  it("runs the quick start: parameters, description, fetchOne/fetchMany/fetchAll", async () => {
    const cur = conn.cursor();
    await cur.execute("SELECT customer_id, name FROM customers WHERE customer_id = %s", [123]);
    expect(cur.description?.map((d) => [d.name, d.typeCode])).toEqual([
      ["customer_id", "INTEGER"],
      ["name", "VARCHAR"],
    ]);
    expect(await cur.fetchOne()).toEqual([123, "Dee"]);
    expect(await cur.fetchMany(2)).toEqual([]);
    expect(await cur.fetchAll()).toEqual([]);
    expect(cur.rowCount).toBe(1);
    await cur.close();
  });

  it("returns a small snapshot query well under the Python driver's one-second first poll", async () => {
    const t0 = performance.now();
    const { rows } = await conn.query("SELECT 1 AS n");
    expect(rows).toEqual([{ n: 1 }]);
    expect(performance.now() - t0).toBeLessThan(500);
  });

  it("iterates dict rows with for await and escapes string parameters", async () => {
    const dicts = conn.cursor({ asDict: true });
    await dicts.execute("SELECT customer_id, name FROM customers WHERE name <> %s", ["O'Neil"]);
    const names: string[] = [];
    for await (const row of dicts) names.push((row as { name: string }).name);
    expect(names.sort()).toEqual(["Ann", "Bob", "Dee"]);
    await dicts.close();
  });

  it("keeps DECIMAL exact and describes precision and scale", async () => {
    const { rows, columns } = await conn.query("SELECT balance FROM customers WHERE customer_id = %s", [1]);
    expect(rows).toEqual([{ balance: "10.50" }]);
    expect(columns[0]).toMatchObject({ typeCode: "DECIMAL", precision: 10, scale: 2, nullOk: true, typeName: "DECIMAL(10, 2)" });
  });

  it("aggregates in snapshot mode", async () => {
    const { rows } = await conn.query("SELECT COUNT(*) AS n FROM customers");
    expect(rows).toEqual([{ n: 4 }]);
  });

  it("the sql tag renders values as literals", async () => {
    const who = "Ann";
    const rows = await conn.sql`SELECT customer_id FROM customers WHERE name = ${who}`;
    expect(rows).toEqual([{ customer_id: 1 }]);
  });

  it("reports SQL errors as StatementFailedError with the engine's detail, and deletes nothing still running", async () => {
    const running = await conn.executeStreamingDdl("SELECT customer_id FROM customers", undefined, { statementName: "still-running-job" });
    expect(running.phase).toBe("RUNNING");
    try {
      const cur = conn.cursor();
      const e = (await cur.execute("SELECT nope FROM customers").catch((x: unknown) => x)) as StatementFailedError;
      expect(e).toBeInstanceOf(StatementFailedError);
      expect(e.code).toBe("STATEMENT_FAILED");
      expect(e.detail).toMatch(/nope/);
      const failed = emu.statements().find((s) => s.name === e.statementName);
      expect(failed?.phase).toBe("FAILED");
      await cur.close();
      // The failed statement is gone; the running job nobody asked to delete is untouched.
      expect(emu.statements().find((s) => s.name === e.statementName && s.phase !== "DELETING")).toBeUndefined();
      expect(emu.statements().find((s) => s.name === "still-running-job")?.phase).toBe("RUNNING");
    } finally {
      await conn.deleteStatement("still-running-job");
    }
  });

  it("decodes with the cursor's options over the connection's, and TIMESTAMP_LTZ in the session's time zone", async () => {
    const narrow = connect({ ...emu.connectOptions, fetch: emu.fetch, bigint: "number" });
    try {
      const wide = narrow.cursor({ bigint: "bigint" });
      await wide.execute("SELECT CAST(9223372036854775807 AS BIGINT) AS b");
      expect(await wide.fetchAll()).toEqual([[9223372036854775807n]]);
      await wide.close();
      await expect(narrow.query("SELECT CAST(9223372036854775807 AS BIGINT) AS b")).rejects.toMatchObject({ code: "BIGINT_UNSAFE" });
      const ltz = "SELECT CAST(TIMESTAMP '2024-06-15 12:34:56.789' AS TIMESTAMP_LTZ(3)) AS t";
      expect((await narrow.query(ltz)).rows).toEqual([{ t: "2024-06-15T12:34:56.789Z" }]);
      const tokyo = narrow.cursor({ temporal: "date" });
      await tokyo.execute(ltz, undefined, { properties: { "sql.local-time-zone": "Asia/Tokyo" } });
      expect(((await tokyo.fetchOne())![0] as Date).toISOString()).toBe("2024-06-15T03:34:56.789Z");
      await tokyo.close();
    } finally {
      await narrow.close();
    }
  });

  it("refuses a wrong parameter count before sending anything", async () => {
    const before = emu.statements().length;
    await expect(conn.cursor().execute("SELECT %s, %s", [1])).rejects.toBeInstanceOf(ProgrammingError);
    expect(emu.statements().length).toBe(before);
  });

  it("a wrong organizationId or environmentId is ORGANIZATION_OR_ENVIRONMENT_NOT_FOUND naming the ids, not a missing statement", async () => {
    const wrong = [
      { organizationId: "00000000-0000-4000-8000-00000000dead", environmentId: emu.environmentId },
      { organizationId: emu.organizationId, environmentId: "env-nope42" },
    ];
    for (const ids of wrong) {
      const bad = connect({ ...emu.connectOptions, ...ids, fetch: emu.fetch });
      try {
        const calls: Array<[string, () => Promise<unknown>]> = [
          ["cursor().execute", () => bad.cursor().execute("SELECT 1", undefined, { statementName: "probe-1" })],
          ["query", () => bad.query("SELECT 1")],
          ["executeSnapshotDdl", () => bad.executeSnapshotDdl("CREATE TABLE t (a INT)")],
          ["streamingCursor().execute", () => bad.streamingCursor().execute("SELECT 1")],
          ["listStatements", async () => await bad.listStatements()],
        ];
        for (const [what, call] of calls) {
          const e = (await call().catch((x: unknown) => x)) as ProgrammingError;
          expect(e, what).toBeInstanceOf(ProgrammingError);
          expect(e, what).not.toBeInstanceOf(StatementNotFoundError);
          expect(e, what).toMatchObject({ code: "ORGANIZATION_OR_ENVIRONMENT_NOT_FOUND", status: 404 });
          expect(e.message, what).toContain(`organization '${ids.organizationId}'`);
          expect(e.message, what).toContain(`environment '${ids.environmentId}'`);
          expect(e.detail, what).toMatch(/(Organization|Environment) '.*' not found/);
          for (const secret of [emu.connectOptions.flinkApiKey, emu.connectOptions.flinkApiSecret]) {
            if (secret) expect(JSON.stringify({ ...e.toJSON(), message: e.message }), what).not.toContain(secret);
          }
        }
      } finally {
        await bad.close();
      }
    }
    // Nothing was created anywhere.
    expect(emu.statements().some((s) => s.name === "probe-1")).toBe(false);
  });

  it("leaves no statements behind after closed cursors", async () => {
    const cur = conn.cursor();
    await cur.execute("SELECT name FROM customers");
    await cur.fetchAll();
    await cur.close();
    const live = emu.statements().filter((s) => s.phase !== "DELETING");
    expect(live.map((s) => s.phase)).toEqual([]);
  });
});
