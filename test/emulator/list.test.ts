/**
 * Statement list paging and filters: page_size, page_token, label_selector,
 * spec.compute_pool_id, statement_name_search_query (only with time_ordered=true).
 */
import { afterEach, describe, expect, it } from "vitest";
import { StatementListStruct, validate } from "../../src/client/schemas.ts";
import { makeHarness, type Harness } from "./support/harness.ts";

let h: Harness;
afterEach(async () => {
  await h?.emu.close();
});

async function names(query: string): Promise<{ names: string[]; next: string | undefined }> {
  const r = await h.call("GET", `${h.base}${query}`);
  expect(r.status).toBe(200);
  validate(r.body, StatementListStruct, "list");
  return { names: r.body.data.map((s: any) => s.name), next: r.body.metadata.next };
}

describe("list", () => {
  it("default page size 10, max 100, walking next links to the end", async () => {
    h = makeHarness();
    for (let i = 0; i < 23; i++) await h.create(`s${String(i).padStart(2, "0")}`, "STREAM");
    const first = await names("");
    expect(first.names).toHaveLength(10);
    expect(first.next).toMatch(/^http:\/\/emulator\.local\/sql\/v1\/.*\/statements\?page_token=[^&]+$/);
    const all: string[] = [...first.names];
    let next = first.next;
    while (next) {
      const p = await names(next.slice("http://emulator.local".length + h.base.length));
      all.push(...p.names);
      next = p.next;
    }
    expect(all).toEqual(Array.from({ length: 23 }, (_, i) => `s${String(i).padStart(2, "0")}`));
    expect((await names("?page_size=1000")).names).toHaveLength(23);
    const capped = makeHarness();
    for (let i = 0; i < 105; i++) await capped.create(`c${i}`, "DDL");
    const big = await capped.call("GET", `${capped.base}?page_size=500`);
    expect(big.body.data).toHaveLength(100);
    await capped.emu.close();
  });

  it("keeps the other filters in next, with page_token last", async () => {
    h = makeHarness();
    for (let i = 0; i < 3; i++) await h.create(`h${i}`, "STREAM", { metadata: { labels: { "user.confluent.io/hidden": "true" } } });
    const p = await names("?label_selector=user.confluent.io%2Fhidden%3Dtrue&page_size=2");
    expect(p.names).toEqual(["h0", "h1"]);
    const next = new URL(p.next!);
    expect([...next.searchParams.keys()]).toEqual(["label_selector", "page_size", "page_token"]);
    expect(next.searchParams.get("label_selector")).toBe("user.confluent.io/hidden=true");
  });

  it("label_selector ANDs comma-separated terms", async () => {
    h = makeHarness();
    await h.create("a", "STREAM", { metadata: { labels: { x: "1", y: "2" } } });
    await h.create("b", "STREAM", { metadata: { labels: { x: "1" } } });
    await h.create("c", "STREAM");
    expect((await names("?label_selector=x%3D1")).names).toEqual(["a", "b"]);
    expect((await names("?label_selector=x%3D1,y%3D2")).names).toEqual(["a"]);
    expect((await names("?label_selector=x%3D2")).names).toEqual([]);
    expect((await h.call("GET", `${h.base}?label_selector=novalue`)).status).toBe(400);
  });

  it("spec.compute_pool_id filters exactly", async () => {
    h = makeHarness();
    await h.create("p1", "STREAM", { spec: { compute_pool_id: "lfcp-1" } });
    await h.create("p2", "STREAM", { spec: { compute_pool_id: "lfcp-2" } });
    expect((await names("?spec.compute_pool_id=lfcp-2")).names).toEqual(["p2"]);
  });

  it("statement_name_search_query only with time_ordered=true", async () => {
    h = makeHarness();
    await h.create("orders-a", "STREAM");
    await h.create("clicks-b", "STREAM");
    expect((await names("?statement_name_search_query=orders")).names).toEqual(["orders-a", "clicks-b"]);
    expect((await names("?statement_name_search_query=orders&time_ordered=true")).names).toEqual(["orders-a"]);
    expect((await names("?statement_name_search_query=Orders&time_ordered=true")).names).toEqual([]);
  });

  it("400 for a bad page_size or page_token", async () => {
    h = makeHarness();
    const r = await h.call("GET", `${h.base}?page_size=abc`);
    expect(r.status).toBe(400);
    expect(r.body.errors[0].source).toEqual({ parameter: "page_size" });
    expect((await h.call("GET", `${h.base}?page_size=0`)).status).toBe(400);
    expect((await h.call("GET", `${h.base}?page_token=garbage!`)).status).toBe(400);
  });

  it("deleted statements disappear from the list", async () => {
    h = makeHarness();
    await h.create("k1", "STREAM");
    await h.create("k2", "STREAM");
    await h.call("DELETE", `${h.base}/k1`);
    expect((await names("")).names).toEqual(["k2"]);
  });
});
