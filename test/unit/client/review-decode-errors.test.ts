/**
 * A row that cannot be decoded (here a BIGINT beyond 2^53 with the default `bigint: "number"`)
 * must fail loudly without losing the rows around it: its page token has already been
 * acknowledged, so the server would not send them again. Before the fix the snapshot cursor
 * dropped the rest of the page after the bad row (and the streaming cursor the rows of the
 * same fetch before it), and later fetches went on as if nothing had been there.
 */
import { describe, expect, it } from "vitest";
import { connect, DataError } from "../../../src/index.ts";
import { FakeGateway, fakeConnectOptions, resultsJson, statementJson } from "../../support/fake-gateway.ts";

const COLS = [{ name: "b", type: { type: "BIGINT", nullable: true } }];
const UNSAFE = "9007199254740993";

function gateway(phase: "COMPLETED" | "RUNNING", pages: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}): FakeGateway {
  const gw = new FakeGateway();
  gw.always("POST", "/statements", (r) => ({
    status: 201,
    json: statementJson({ schema: COLS, name: (r.body as { name: string }).name, phase, isBounded: phase === "COMPLETED", ...extra }),
  }));
  gw.always("GET", "/statements/:name", (r) => ({ json: statementJson({ schema: COLS, name: r.params.name, phase: "COMPLETED", ...extra }) }));
  gw.on("GET", "/statements/:name/results", ...pages.map((json) => ({ json })));
  gw.always("DELETE", "/statements/:name", { status: 202 });
  gw.always("PATCH", "/statements/:name", (r) => ({ json: statementJson({ schema: COLS, name: r.params.name, phase: "STOPPED" }) }));
  return gw;
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "resolved";
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return (e as DataError).code;
  }
}

describe("snapshot cursor: an undecodable row", () => {
  it("keeps the rows after it and throws again on every fetch that reaches it", async () => {
    const gw = gateway("COMPLETED", [resultsJson([["1"], ["2"], [UNSAFE], ["4"]], "p2"), resultsJson([["5"]], null)]);
    const cur = connect(fakeConnectOptions(gw)).cursor();
    // execute reads (and decodes) the first page, so it reports the error.
    expect(await codeOf(cur.execute("SELECT b FROM t"))).toBe("BIGINT_UNSAFE");
    expect(await cur.fetchOne()).toEqual([1]);
    expect(await cur.fetchOne()).toEqual([2]);
    expect(await codeOf(cur.fetchOne())).toBe("BIGINT_UNSAFE");
    // Before the fix: [[5]], row 4 gone, and the bad row skipped.
    expect(await codeOf(cur.fetchAll())).toBe("BIGINT_UNSAFE");
    expect(await codeOf(cur.fetchMany(3))).toBe("BIGINT_UNSAFE");
    expect(gw.calls("GET", "/statements/:name/results").length).toBe(1);
    await cur.close();
  });

  it("on a later page: execute succeeds, the fetch that needs the row throws, rowCount counts every row", async () => {
    const gw = gateway("COMPLETED", [resultsJson([["1"]], "p2"), resultsJson([[UNSAFE], ["3"]], null)]);
    const cur = connect(fakeConnectOptions(gw)).cursor();
    await cur.execute("SELECT b FROM t");
    expect(await codeOf(cur.fetchAll())).toBe("BIGINT_UNSAFE");
    expect(cur.rowCount).toBe(3);
    expect(await codeOf(cur.fetchAll())).toBe("BIGINT_UNSAFE");
    await cur.close();
  });

  it("in a folded (non-append-only) snapshot result the rows are held back too", async () => {
    const pages = [resultsJson([{ op: 0, row: ["1"] }, { op: 0, row: [UNSAFE] }, { op: 0, row: ["3"] }], null)];
    const gw = gateway("COMPLETED", pages, { isAppendOnly: false });
    const cur = connect(fakeConnectOptions(gw)).cursor();
    expect(await codeOf(cur.execute("SELECT b FROM t"))).toBe("BIGINT_UNSAFE");
    expect(await cur.fetchOne()).toEqual([1]);
    // Before the fix the folded rows were dropped: fetchAll() answered [].
    expect(await codeOf(cur.fetchAll())).toBe("BIGINT_UNSAFE");
    await cur.close();
  });

  it("conn.query rejects with the DataError", async () => {
    const gw = gateway("COMPLETED", [resultsJson([["1"]], "p2"), resultsJson([[UNSAFE]], null)]);
    expect(await codeOf(connect(fakeConnectOptions(gw)).query("SELECT b FROM t"))).toBe("BIGINT_UNSAFE");
  });
});

describe("streaming cursor: an undecodable row", () => {
  it("fails the fetch without consuming the rows before it, and stays in line", async () => {
    const gw = gateway("RUNNING", [resultsJson([["1"], ["2"], [UNSAFE], ["4"]], "p2"), resultsJson([["5"]], null)]);
    const cur = connect(fakeConnectOptions(gw)).streamingCursor();
    await cur.execute("SELECT b FROM t");
    expect(await codeOf(cur.fetchMany(4))).toBe("BIGINT_UNSAFE");
    // Before the fix: [[4]] here, rows 1 and 2 consumed by the failed call and the bad row skipped.
    expect(await cur.fetchOne()).toEqual([1]);
    // A batch is all or nothing: it reaches the bad row, so it throws; one at a time gets row 2.
    expect(await codeOf(cur.fetchMany(5))).toBe("BIGINT_UNSAFE");
    expect(await cur.fetchOne()).toEqual([2]);
    expect(await codeOf(cur.fetchOne())).toBe("BIGINT_UNSAFE");
    expect(await codeOf(cur.fetchOne())).toBe("BIGINT_UNSAFE");
    await cur.close();
  });

  it("for await ends with the DataError, after the rows before it", async () => {
    const gw = gateway("RUNNING", [resultsJson([["1"], [UNSAFE], ["3"]], null)]);
    const cur = connect(fakeConnectOptions(gw)).streamingCursor();
    await cur.execute("SELECT b FROM t");
    const seen: unknown[] = [];
    const run = (async () => {
      for await (const row of cur) seen.push(row);
    })();
    expect(await codeOf(run)).toBe("BIGINT_UNSAFE");
    expect(seen).toEqual([[1]]);
    await cur.close();
  });
});
