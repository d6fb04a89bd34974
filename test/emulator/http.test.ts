/**
 * The HTTP listener on 127.0.0.1 with Node's real fetch: routes, headers, dropped
 * connections (socket destroyed), truncated bodies over a socket, requests without a Host
 * header, and the adapter's own error answers.
 */
import { connect as tcpConnect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ErrorBodyStruct, StatementStruct, validate } from "../../src/client/schemas.ts";
import type { EmulatorServer } from "../../src/emulator/index.ts";
import { serveHttp } from "../../src/emulator/node/server.ts";
import { basicAuth, makeHarness, type Harness } from "./support/harness.ts";

interface RawReply {
  status: number;
  headers: Record<string, string>;
  body: any;
}

/** Sends `head` (request line and headers, no Host unless given) over a bare socket. */
function rawRequest(port: number, head: string[], body = ""): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("error", reject);
    socket.on("end", () => {
      try {
        const text = Buffer.concat(chunks).toString("utf8");
        const split = text.indexOf("\r\n\r\n");
        const [statusLine, ...lines] = text.slice(0, split).split("\r\n");
        const headers: Record<string, string> = {};
        for (const l of lines) headers[l.slice(0, l.indexOf(":")).toLowerCase()] = l.slice(l.indexOf(":") + 1).trim();
        const rest = text.slice(split + 4);
        resolve({ status: Number(statusLine!.split(" ")[1]), headers, body: rest === "" ? undefined : JSON.parse(rest) });
      } catch (e) {
        reject(e);
      }
    });
    const extra = body === "" ? [] : ["Content-Type: application/json", `Content-Length: ${Buffer.byteLength(body)}`];
    socket.end(`${[...head, ...extra].join("\r\n")}\r\n\r\n${body}`);
  });
}

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

  it("a request without a Host header (HTTP/1.0) gets absolute URLs with the listener's port", async () => {
    const x = await start();
    const auth = `Authorization: ${basicAuth(x.emu.connectOptions.flinkApiKey, x.emu.connectOptions.flinkApiSecret)}`;
    const body = JSON.stringify({ name: "nohost", spec: { statement: "SNAPSHOT 1" } });
    const created = await rawRequest(server!.port, [`POST ${x.base} HTTP/1.0`, auth], body);
    expect(created.status).toBe(201);
    expect(created.headers["location"]).toBe(`${server!.url}${x.base}/nohost`);
    expect(created.body.metadata.self).toBe(`${server!.url}${x.base}/nohost`);
    const list = await rawRequest(server!.port, [`GET ${x.base}?page_size=1 HTTP/1.0`, auth]);
    expect(list.body.metadata.self).toBe(`${server!.url}${x.base}`);
  });

  it("the adapter's own answers carry X-Request-Id and errors[].id: 400 for an unusable Host, 500 for a handler failure", async () => {
    const x = await start();
    const bad = await rawRequest(server!.port, [`GET ${x.base} HTTP/1.1`, "Host: bad host", "Connection: close"]);
    expect(bad.status).toBe(400);
    validate(bad.body, ErrorBodyStruct, "error");
    expect(bad.headers["x-request-id"]).toMatch(/^[0-9a-f]{32}$/);
    expect(bad.body.errors[0]).toMatchObject({ id: bad.headers["x-request-id"], status: "400", source: {} });

    const broken = await serveHttp(
      async () => {
        throw new Error("handler exploded");
      },
      { port: 0, hostname: "127.0.0.1" },
    );
    try {
      const res = await fetch(`${broken.url}/anything`);
      expect(res.status).toBe(500);
      const id = res.headers.get("x-request-id");
      expect(id).toMatch(/^[0-9a-f]{32}$/);
      const json = validate(await res.json(), ErrorBodyStruct, "error");
      expect(json.errors?.[0]).toEqual({ id, status: "500", detail: "Internal error: handler exploded", source: {} });
    } finally {
      await broken.close();
    }
  });

  it("close() of the emulator closes its listeners", async () => {
    const x = await start();
    const url = server!.url;
    await x.emu.close();
    await expect(fetch(`${url}${x.base}`)).rejects.toBeInstanceOf(TypeError);
  });
});
