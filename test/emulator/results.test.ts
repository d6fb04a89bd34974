/**
 * Result pages: {op,row} items, server-chosen page size, empty pages with `next` while
 * running, the final page without `next`, forward-only tokens, 409 not ready, 408 expiry.
 */
import { afterEach, describe, expect, it } from "vitest";
import { ErrorBodyStruct, StatementResultStruct, validate } from "../../src/client/schemas.ts";
import { makeHarness, type Harness } from "./support/harness.ts";
import { REF_NOT_READY, REF_RESULT, shapeDiff } from "./support/reference.ts";
import { rowsFrom } from "./support/scripted-engine.ts";

let h: Harness;
afterEach(async () => {
  await h?.emu.close();
});

async function page(url: string) {
  const r = await h.call("GET", url);
  expect(r.status).toBe(200);
  validate(r.body, StatementResultStruct, "results");
  return r.body;
}

describe("results", () => {
  it("pages a snapshot result with absolute next URLs, page_token last, final page without next", async () => {
    h = makeHarness({ resultPageSize: 4 });
    await h.create("snap", "SNAPSHOT 10", { spec: { properties: { "sql.snapshot.mode": "now" } } });
    const self = `http://emulator.local${h.base}/snap/results`;
    const first = await page(`${h.base}/snap/results`);
    expect(shapeDiff(first, REF_RESULT)).toEqual([]);
    expect(first.metadata.self).toBe(self);
    expect(first.metadata.next.startsWith(`${self}?page_token=`)).toBe(true);
    expect(first.results.data).toEqual(rowsFrom(0, 4));
    const second = await page(first.metadata.next);
    expect(second.results.data).toEqual(rowsFrom(4, 4));
    const third = await page(second.metadata.next);
    expect(third.results.data).toEqual(rowsFrom(8, 2));
    expect(third.metadata.next).toBeUndefined();
    expect(third.metadata.created_at).toMatch(/Z$/);
  });

  it("409 'not ready' with the real body shape while PENDING", async () => {
    h = makeHarness({ manual: true, timing: { pendingMs: 1000 } });
    await h.create("jrobinson-vscode-2025-05-15t15-14-47", "STREAM");
    const r = await h.call("GET", `${h.base}/jrobinson-vscode-2025-05-15t15-14-47/results`);
    expect(r.status).toBe(409);
    validate(r.body, ErrorBodyStruct, "error");
    expect(shapeDiff(r.body, REF_NOT_READY)).toEqual([]);
    expect(r.body.errors[0].detail).toBe(REF_NOT_READY.errors[0]!.detail);
    expect(r.body.errors[0].source).toEqual({});
    h.clock!.advance(1000);
    expect((await h.call("GET", `${h.base}/jrobinson-vscode-2025-05-15t15-14-47/results`)).status).toBe(200);
  });

  it("a running statement gives empty pages with next, then rows as they arrive, then the end", async () => {
    h = makeHarness({ resultPageSize: 3 });
    await h.create("st", "STREAM");
    const p1 = await page(`${h.base}/st/results`);
    expect(p1.results.data).toEqual([]);
    expect(p1.metadata.next).toBeTruthy();
    // Nothing new: same position, still a next link.
    const p2 = await page(p1.metadata.next);
    expect(p2.results.data).toEqual([]);
    expect(p2.metadata.next).toBe(p1.metadata.next);
    h.engine.sink("st").emit([...rowsFrom(0, 2), { op: 1, row: ["0", "name-0"] }, { op: 2, row: ["0", "x"] }]);
    const p3 = await page(p2.metadata.next);
    expect(p3.results.data.map((r: any) => r.op)).toEqual([0, 0, 1]);
    const p4 = await page(p3.metadata.next);
    expect(p4.results.data).toEqual([{ op: 2, row: ["0", "x"] }]);
    expect(p4.metadata.next).toBeTruthy();
    h.engine.sink("st").complete();
    const p5 = await page(p4.metadata.next);
    expect(p5.results.data).toEqual([]);
    expect(p5.metadata.next).toBeUndefined();
    expect((await h.call("GET", `${h.base}/st`)).body.status.phase).toBe("COMPLETED");
  });

  it("tokens are forward-only: a retry of the same token works, an older one is refused", async () => {
    h = makeHarness({ resultPageSize: 2 });
    await h.create("fw", "SNAPSHOT 6");
    const p1 = await page(`${h.base}/fw/results`);
    const p2 = await page(p1.metadata.next);
    const again = await page(p1.metadata.next); // a retry after a lost answer
    expect(again.results.data).toEqual(p2.results.data);
    await page(p2.metadata.next); // acknowledges p2's rows
    const stale = await h.call("GET", p1.metadata.next);
    expect(stale.status).toBe(400);
    expect(stale.body.errors[0].source).toEqual({ parameter: "page_token" });
    expect((await h.call("GET", `${h.base}/fw/results`)).status).toBe(400); // offset 0 is gone too
    const bogus = await h.call("GET", `${h.base}/fw/results?page_token=bm9wZQ`);
    expect(bogus.status).toBe(400);
  });

  it("a token of another statement is refused", async () => {
    h = makeHarness({ resultPageSize: 1 });
    await h.create("a1", "SNAPSHOT 3");
    await h.create("b1", "SNAPSHOT 3");
    const pa = await page(`${h.base}/a1/results`);
    const token = new URL(pa.metadata.next).searchParams.get("page_token");
    expect((await h.call("GET", `${h.base}/b1/results?page_token=${token}`)).status).toBe(400);
  });

  it("DDL completes with a final empty page; INSERT keeps an empty page with next", async () => {
    h = makeHarness();
    await h.create("ddl", "DDL");
    const d = await page(`${h.base}/ddl/results`);
    expect(d.results.data).toEqual([]);
    expect(d.metadata.next).toBeUndefined();
    const g = await h.call("GET", `${h.base}/ddl`);
    expect(g.body.status.traits.schema).toBeNull();
    expect(g.body.status.traits.sql_kind).toBe("CREATE_TABLE");
    await h.create("ins", "INSERT");
    const i = await page(`${h.base}/ins/results`);
    expect(i.metadata.next).toBeTruthy();
  });

  it("408 for snapshot results older than the window (1 hour by default)", async () => {
    h = makeHarness({ manual: true, timing: { pendingMs: 0 } });
    await h.create("old", "SNAPSHOT 2", { spec: { properties: { "sql.snapshot.mode": "now" } } });
    await h.create("stream", "STREAM");
    h.clock!.advance(60 * 60_000 - 1);
    expect((await h.call("GET", `${h.base}/old/results`)).status).toBe(200);
    h.clock!.advance(1);
    const r = await h.call("GET", `${h.base}/old/results`);
    expect(r.status).toBe(408);
    expect(r.body.errors[0].detail).toMatch(/^Results for Statement=old are no longer available/);
    // Non-snapshot statements have no such window (and stay readable).
    expect((await h.call("GET", `${h.base}/stream/results`)).status).toBe(200);
  });

  it("a run-time failure ends the results and shows in exceptions", async () => {
    h = makeHarness();
    await h.create("rf", "RUNFAIL division by zero");
    const g = await h.call("GET", `${h.base}/rf`);
    expect(g.body.status.phase).toBe("FAILED");
    expect(g.body.status.detail).toBe("division by zero");
    expect(g.body.status.traits).toBeNull();
    const ex = await h.call("GET", `${h.base}/rf/exceptions`);
    expect(ex.body.data[0]).toMatchObject({ name: "java.lang.IllegalStateException", message: "java.lang.IllegalStateException: division by zero" });
    const r = await page(`${h.base}/rf/results`);
    expect(r.metadata.next).toBeUndefined();
  });
});
