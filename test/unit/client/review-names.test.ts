/**
 * Statement names are path segments: "." and ".." survive encodeURIComponent and are resolved
 * by URL parsing, so before the fix `getStatement(".")` sent `GET /statements` (the list) and
 * `deleteStatement("..")` sent `DELETE /environments/{env}`. They are refused before any I/O.
 */
import { describe, expect, it } from "vitest";
import { connect, InterfaceError } from "../../../src/index.ts";
import { FakeGateway, fakeConnectOptions, statementJson } from "../../support/fake-gateway.ts";

function setup() {
  const gw = new FakeGateway();
  gw.always("GET", "/statements", { json: { data: [], metadata: {} } });
  gw.always("GET", "/statements/:name", (r) => ({ json: statementJson({ name: r.params.name }) }));
  return { gw, conn: connect(fakeConnectOptions(gw)) };
}

describe("dot segments as statement names", () => {
  for (const name of [".", ".."]) {
    it(`${JSON.stringify(name)} is refused by every by-name call, with nothing sent`, async () => {
      const { gw, conn } = setup();
      const calls: Array<() => Promise<unknown>> = [
        () => conn.getStatement(name),
        () => conn.deleteStatement(name),
        () => conn.stopStatement(name),
        () => conn.resumeStatement(name),
        () => conn.statementExceptions(name),
        () => conn.attach(name),
      ];
      for (const call of calls) {
        const e = await call().then(() => undefined, (x: unknown) => x);
        expect(e).toBeInstanceOf(InterfaceError);
        expect((e as InterfaceError).code).toBe("STATEMENT_NAME_INVALID");
      }
      expect(gw.requests.map((r) => `${r.method} ${r.url.pathname}`)).toEqual([]);
    });
  }

  it("names that merely contain dots are still sent, encoded", async () => {
    const { gw, conn } = setup();
    await conn.getStatement("a..b");
    expect(gw.requests[0]!.url.pathname.endsWith("/statements/a..b")).toBe(true);
  });
});
