/**
 * The client over real HTTP (Node's fetch, sockets on 127.0.0.1) against the emulator's
 * listener: the same code path a deployed client takes, redirects handled by hand included.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmulator, type Emulator, type EmulatorServer } from "../../src/emulator/index.ts";
import { connect, type Connection } from "../../src/index.ts";

let emu: Emulator;
let server: EmulatorServer;
let conn: Connection;

beforeAll(async () => {
  emu = createEmulator({ clock: "instant" });
  server = await emu.listen({ port: 0 });
  conn = connect({ ...server.connectOptions });
});

afterAll(async () => {
  await conn.close();
  await server.close();
  await emu.close();
});

describe("client over HTTP", () => {
  it("runs a snapshot query with the global fetch", async () => {
    const { rows } = await conn.query("SELECT 1 AS n, 'a' AS s");
    expect(rows).toEqual([{ n: 1, s: "a" }]);
  });

  it("follows a redirect from another origin and re-sends the credentials", async () => {
    const seen: Array<string | undefined> = [];
    const redirector: Server = createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(307, { location: `${server.url}${req.url}` });
      res.end();
    });
    await new Promise<void>((resolve) => redirector.listen(0, "127.0.0.1", resolve));
    try {
      const port = (redirector.address() as AddressInfo).port;
      const viaRedirect = connect({ ...server.connectOptions, endpoint: `http://127.0.0.1:${port}` });
      const { rows } = await viaRedirect.query("SELECT 2 AS two");
      expect(rows).toEqual([{ two: 2 }]);
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((a) => a?.startsWith("Basic "))).toBe(true);
      await viaRedirect.close();
    } finally {
      await new Promise<void>((resolve) => redirector.close(() => resolve()));
    }
  });
});
