/**
 * The HTTP listener on 127.0.0.1 with Node's real fetch: routes, headers, dropped
 * connections (socket destroyed) and truncated bodies over a socket.
 */
import { afterEach, describe, expect, it } from "vitest";
import { StatementStruct, validate } from "../../src/client/schemas.ts";
import type { EmulatorServer } from "../../src/emulator/index.ts";
import { makeHarness, type Harness } from "./support/harness.ts";

let h: Harness | undefined;
let server: EmulatorServer | undefined;
afterEach(async () => {
  await server?.close();
  await h?.emu.close();
  server = undefined;
  h = undefined;
});

async function start(options: Parameters<typeof makeHarness>[0] = {}): Promise<Harness> {
  const base = makeHarness(options);
  server = await base.emu.listen({ port: 0 });
  h = base.via(server.url, globalThis.fetch);
  return h;
}

describe("HTTP listener", () => {
  it("listens on 127.0.0.1 and speaks the protocol over a real socket", async () => {
    const x = await start();
    expect(server!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server!.connectOptions.endpoint).toBe(server!.url);
    const c = await x.create("h1", "SNAPSHOT 3");
    expect(c.status).toBe(201);
    validate(c.body, StatementStruct, "statement");
    expect(c.headers.get("location")).toBe(`${server!.url}${x.base}/h1`);
    expect(c.body.metadata.self).toBe(`${server!.url}${x.base}/h1`);
    expect(c.headers.get("x-request-id")).toMatch(/^[0-9a-f]{32}$/);
    const r = await x.call("GET", `${x.base}/h1/results`);
    expect(r.body.results.data).toHaveLength(3);
    expect(r.body.metadata.self.startsWith(server!.url)).toBe(true);
    const d = await x.call("DELETE", `${x.base}/h1`);
    expect(d.status).toBe(202);
    expect((await x.call("GET", `${x.base}/h1`)).status).toBe(404);
    const un = await fetch(`${server!.url}${x.base}`);
    expect(un.status).toBe(401);
    expect(un.headers.get("www-authenticate")).toBeTruthy();
    await un.text();
  });

  it("serves concurrent requests", async () => {
    const x = await start();
    const replies = await Promise.all(Array.from({ length: 40 }, (_, i) => x.create(`c${i}`, "SNAPSHOT 2")));
    expect(replies.map((r) => r.status)).toEqual(Array(40).fill(201));
    const list = await x.call("GET", `${x.base}?page_size=100`);
    expect(list.body.data).toHaveLength(40);
    const pages = await Promise.all(Array.from({ length: 40 }, (_, i) => x.call("GET", `${x.base}/c${i}/results`)));
    expect(pages.every((p) => p.body.results.data.length === 2)).toBe(true);
  });

  it("a dropped connection makes fetch reject", async () => {
    const x = await start({ faults: [{ route: "statements.list", sequence: [{ kind: "drop" }] }] });
    await expect(x.call("GET", x.base)).rejects.toBeInstanceOf(TypeError);
    expect((await x.call("GET", x.base)).status).toBe(200);
  });

  it("a truncated body fails while reading", async () => {
    const x = await start({ faults: [{ route: "statements.list", sequence: [{ kind: "truncate", bytes: 10 }] }] });
    const res = await fetch(`${server!.url}${x.base}`, {
      headers: { Authorization: `Basic ${btoa(`${x.emu.connectOptions.flinkApiKey}:${x.emu.connectOptions.flinkApiSecret}`)}` },
    });
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toBeInstanceOf(TypeError);
  });

  it("close() of the emulator closes its listeners", async () => {
    const x = await start();
    const url = server!.url;
    await x.emu.close();
    await expect(fetch(`${url}${x.base}`)).rejects.toBeInstanceOf(TypeError);
  });
});
