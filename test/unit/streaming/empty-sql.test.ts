/**
 * Empty SQL fails a streaming `execute` exactly as it fails a snapshot one: ProgrammingError
 * `EMPTY_STATEMENT`, message "execute(): the SQL text is empty", nothing sent, and checked on
 * the text that would be sent (after parameter substitution). Before the fix the streaming
 * cursor said "The SQL statement is empty", and checked before substitution, so a query that
 * rendered to blank text (`"%s"` with `raw("")`) was posted to the server.
 */
import { describe, expect, it } from "vitest";
import { connect, ProgrammingError, raw, sqlTemplate } from "../../../src/index.ts";
import { FakeGateway, fakeConnectOptions } from "../../support/fake-gateway.ts";

/** The error of `run`, as class name, code and message. */
async function failure(run: () => Promise<unknown>): Promise<{ name: string; code: string; message: string }> {
  const e = await run().then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(Error);
  const { name, code, message } = e as ProgrammingError;
  return { name, code, message };
}

describe("empty SQL, snapshot and streaming alike", () => {
  const inputs: Array<[string, string | { text: string }, readonly unknown[] | undefined]> = [
    ["empty text", "", undefined],
    ["blanks", " \n\t ", undefined],
    ["a blank sql`...` query", sqlTemplate`  `, undefined],
    ["text that renders blank", "%s", [raw("")]],
    ["blank text with a rendered-blank parameter", "  %s  ", [raw(" ")]],
  ];

  for (const [label, sql, params] of inputs) {
    it(`${label}: ProgrammingError EMPTY_STATEMENT "execute(): the SQL text is empty", nothing sent`, async () => {
      const gw = new FakeGateway();
      const conn = connect(fakeConnectOptions(gw));
      const snapshot = await failure(() => conn.cursor().execute(sql, params));
      const cur = conn.streamingCursor();
      const streaming = await failure(() => cur.execute(sql, params));
      expect(snapshot).toEqual({ name: "ProgrammingError", code: "EMPTY_STATEMENT", message: "execute(): the SQL text is empty" });
      expect(streaming).toEqual(snapshot);
      await cur.close();
      await conn.close();
      expect(gw.requests).toEqual([]);
    });
  }

  it("blank text with parameters it has no placeholders for fails the same way in both (PARAMETER_COUNT)", async () => {
    const gw = new FakeGateway();
    const conn = connect(fakeConnectOptions(gw));
    const snapshot = await failure(() => conn.cursor().execute("  ", [1]));
    const streaming = await failure(() => conn.streamingCursor().execute("  ", [1]));
    expect(snapshot.code).toBe("PARAMETER_COUNT");
    expect(streaming).toEqual(snapshot);
    expect(gw.requests).toEqual([]);
  });

  it("a streaming cursor whose empty execute failed keeps its previous statement running", async () => {
    const gw = new FakeGateway().statefulStatements("RUNNING");
    const conn = connect(fakeConnectOptions(gw));
    const cur = conn.streamingCursor();
    await cur.execute("SELECT 1");
    const e = await failure(() => cur.execute("   "));
    expect(e.code).toBe("EMPTY_STATEMENT");
    // One POST (the first execute), no stop or delete.
    expect(gw.requests.filter((r) => r.method !== "GET").map((r) => r.method)).toEqual(["POST"]);
    expect(cur.statement?.phase).toBe("RUNNING");
  });
});

describe("createStatement with no SQL", () => {
  it("refuses blank text as execute does (ProgrammingError EMPTY_STATEMENT) and text that is no string as InterfaceError STATEMENT_INVALID, sending nothing", async () => {
    const gw = new FakeGateway();
    const conn = connect(fakeConnectOptions(gw));
    expect(await failure(() => conn.createStatement(" \n"))).toEqual({ name: "ProgrammingError", code: "EMPTY_STATEMENT", message: "createStatement(): the SQL text is empty" });
    expect(await failure(() => conn.createStatement(42 as unknown as string))).toEqual({ name: "InterfaceError", code: "STATEMENT_INVALID", message: "createStatement(): expected SQL text" });
    expect(gw.requests).toHaveLength(0);
  });
});
