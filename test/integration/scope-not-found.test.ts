/**
 * A statement-scoped 404 has two causes the wire cannot tell apart by itself (wire-protocol.md
 * section 7): the statement is missing, or the configured organization or environment is. The
 * by-name calls of a connection check with one list request after a 404, end to end here
 * against the emulator, so a wrong `environmentId` is reported as such, and `deleteStatement`
 * no longer "succeeds" against an environment that does not exist.
 */
import { afterEach, describe, expect, it } from "vitest";
import { ProgrammingError, StatementNotFoundError, connect, type Connection } from "../../src/index.ts";
import { createEmulator, type Emulator } from "../../src/emulator/index.ts";

let emu: Emulator;
let conns: Connection[] = [];
afterEach(async () => {
  for (const c of conns) await c.close();
  conns = [];
  await emu?.close();
});

function open(environmentId?: string): { conn: Connection; requests: string[] } {
  const requests: string[] = [];
  const conn = connect({ ...emu.connectOptions, ...(environmentId ? { environmentId } : {}), fetch: emu.fetch, onRequest: (e) => requests.push(`${e.route} ${e.status ?? e.error}`) });
  conns.push(conn);
  return { conn, requests };
}

const calls = {
  getStatement: (c: Connection) => c.getStatement("nope"),
  stopStatement: (c: Connection) => c.stopStatement("nope"),
  resumeStatement: (c: Connection) => c.resumeStatement("nope"),
  statementExceptions: (c: Connection) => c.statementExceptions("nope"),
  deleteStatement: (c: Connection) => c.deleteStatement("nope"),
};

describe("statement 404s: a missing statement or a wrong environment", () => {
  it.each(Object.entries(calls))("%s against a wrong environment names the environment", async (_name, call) => {
    emu = createEmulator();
    const { conn } = open("env-doesnotexist");
    const e = (await call(conn).catch((x: unknown) => x)) as ProgrammingError;
    expect(e).toBeInstanceOf(ProgrammingError);
    expect(e.code).toBe("ORGANIZATION_OR_ENVIRONMENT_NOT_FOUND");
    expect(e.status).toBe(404);
    expect(e.message).toContain("environment 'env-doesnotexist' not found");
  });

  it.each(Object.entries(calls).filter(([n]) => n !== "deleteStatement"))("%s of a missing statement stays STATEMENT_NOT_FOUND", async (_name, call) => {
    emu = createEmulator();
    const { conn } = open();
    const e = (await call(conn).catch((x: unknown) => x)) as StatementNotFoundError;
    expect(e).toBeInstanceOf(StatementNotFoundError);
    expect(e.code).toBe("STATEMENT_NOT_FOUND");
  });

  it("deleting a statement that is already gone succeeds, at the cost of one list request", async () => {
    emu = createEmulator();
    const { conn, requests } = open();
    await expect(conn.deleteStatement("nope")).resolves.toBeUndefined();
    expect(requests).toEqual(["DELETE /statements/{name} 404", "GET /statements 200"]);
  });

  it("a delete the server accepts makes no extra request", async () => {
    emu = createEmulator();
    const { conn, requests } = open();
    const st = await conn.createStatement("SELECT 1");
    requests.length = 0;
    await conn.deleteStatement(st);
    expect(requests).toEqual(["DELETE /statements/{name} 202"]);
  });
});
