/**
 * Right after a create the statement's name can briefly be unresolvable (wire-protocol.md 2.7).
 * The streaming cursor already polled through a few 404s; the snapshot cursor and the DDL
 * helpers failed at once with STATEMENT_NOT_FOUND for a statement that did exist (and then
 * completed). Now they tolerate three 404s in a row, and still fail after a fourth.
 */
import { describe, expect, it } from "vitest";
import { connect, StatementNotFoundError } from "../../../src/index.ts";
import { FakeGateway, fakeConnectOptions, notFound, resultsJson, statementJson } from "../../support/fake-gateway.ts";

const COLS = [{ name: "x", type: { type: "INTEGER", nullable: true } }];

function gateway(missing: number): FakeGateway {
  const gw = new FakeGateway();
  gw.always("POST", "/statements", (r) => ({ status: 201, json: statementJson({ schema: COLS, name: (r.body as { name: string }).name, phase: "PENDING" }) }));
  let misses = 0;
  gw.always("GET", "/statements/:name", (r) => (misses++ < missing ? notFound(r.params.name!) : { json: statementJson({ schema: COLS, name: r.params.name, phase: "COMPLETED" }) }));
  gw.always("GET", "/statements/:name/results", { json: resultsJson([["1"]], null) });
  gw.always("DELETE", "/statements/:name", { status: 202 });
  return gw;
}

describe("snapshot waits and 404 right after the create", () => {
  it("a query polls through up to three 404s", async () => {
    const gw = gateway(3);
    const { rows } = await connect(fakeConnectOptions(gw)).query("SELECT 1 AS x", undefined, { asDict: false });
    expect(rows).toEqual([[1]]);
    expect(gw.calls("GET", "/statements/:name").length).toBe(4);
  });

  it("executeSnapshotDdl too", async () => {
    const gw = gateway(1);
    const st = await connect(fakeConnectOptions(gw)).executeSnapshotDdl("CREATE TABLE t (x INT)");
    expect(st.phase).toBe("COMPLETED");
  });

  it("a fourth 404 in a row is a StatementNotFoundError", async () => {
    const gw = gateway(4);
    const e = await connect(fakeConnectOptions(gw)).query("SELECT 1 AS x").catch((x: unknown) => x);
    expect(e).toBeInstanceOf(StatementNotFoundError);
    expect((e as StatementNotFoundError).code).toBe("STATEMENT_NOT_FOUND");
  });
});
