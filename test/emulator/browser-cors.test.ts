/**
 * A browser-like caller (happy-dom's fetch, which enforces CORS and preflights requests with
 * Authorization) against the HTTP listener: allowed origins get through, others are blocked.
 */
import { Window } from "happy-dom";
import { afterEach, describe, expect, it } from "vitest";
import { createEmulator, type Emulator, type EmulatorServer } from "../../src/emulator/index.ts";

let emu: Emulator | undefined;
let server: EmulatorServer | undefined;
const windows: Window[] = [];
afterEach(async () => {
  for (const w of windows.splice(0)) await w.happyDOM.close();
  await server?.close();
  await emu?.close();
});

async function fromPage(origin: string, method = "GET", body?: unknown) {
  const win = new Window({ url: `${origin}/` });
  windows.push(win);
  const o = emu!.connectOptions;
  const path = `/sql/v1/organizations/${o.organizationId}/environments/${o.environmentId}/statements`;
  return win.fetch(`${server!.url}${path}`, {
    method,
    headers: { Authorization: `Basic ${btoa(`${o.flinkApiKey}:${o.flinkApiSecret}`)}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe("CORS from a page", () => {
  it("an allowed origin can list and create (preflighted) and read X-Request-Id", async () => {
    emu = createEmulator({ corsOrigins: ["http://page.example"], engine: () => ({ compile: () => { throw new Error("unused"); } }) });
    server = await emu.listen({ port: 0 });
    const r = await fromPage("http://page.example");
    expect(r.status).toBe(200);
    expect(r.headers.get("x-request-id")).toMatch(/^[0-9a-f]{32}$/);
    expect((JSON.parse(await r.text()) as { kind: string }).kind).toBe("StatementList");
    const c = await fromPage("http://page.example", "POST", { name: "from-page", spec: { statement: "SELECT 1" } });
    expect(c.status).toBe(201);
    expect(c.headers.get("location")).toContain("/statements/from-page");
  });

  it("another origin is blocked by the browser", async () => {
    emu = createEmulator({ corsOrigins: ["http://page.example"] });
    server = await emu.listen({ port: 0 });
    await expect(fromPage("http://evil.example")).rejects.toThrow(/Cross-Origin/);
  });

  it("the default (*) lets any page call", async () => {
    emu = createEmulator();
    server = await emu.listen({ port: 0 });
    expect((await fromPage("http://anything.example")).status).toBe(200);
  });
});
