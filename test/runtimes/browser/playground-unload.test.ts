/**
 * Leaving the playground while a streaming statement runs stops it on the server: the page sends
 * a keepalive stop PATCH on `pagehide` (a plain fetch would be cancelled with the page). Chromium
 * against the built Worker on the embedded emulator; the statement is read back from Node.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Miniflare } from "miniflare";
import type { Browser } from "playwright-core";
import { toolAvailable } from "../support.ts";
import { launchChromium } from "./launch.ts";
import { startPlaygroundWorker } from "./playground-worker.ts";

interface StatementJson {
  name: string;
  spec: { stopped?: boolean };
  status: { phase: string };
}

describe.runIf(toolAvailable("chromium"))("playground: leaving the page stops its streaming statement", () => {
  let mf: Miniflare;
  let url: string;
  let browser: Browser;
  let statements: string;

  beforeAll(async () => {
    ({ mf, url } = await startPlaygroundWorker());
    const config = (await (await fetch(`${url}/api/config`)).json()) as { organizationId: string; environmentId: string };
    statements = `${url}/sql/v1/organizations/${config.organizationId}/environments/${config.environmentId}/statements`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await mf?.dispose();
  });

  async function running(): Promise<StatementJson[]> {
    const list = (await (await fetch(statements)).json()) as { data: StatementJson[] };
    return list.data.filter((s) => s.status.phase === "RUNNING");
  }

  it("sends the stop as the page goes away, and the statement ends STOPPED", async () => {
    const page = await browser.newPage();
    await page.goto(`${url}/`);
    await page.waitForFunction(() => document.getElementById("upstream")?.textContent === "embedded emulator");
    await page.selectOption("#mode", "streaming");
    await page.fill("#sql", "SELECT order_id FROM `examples`.`marketplace`.`orders`");
    await page.click("#run");
    await page.waitForSelector("#result table.live tbody tr", { timeout: 20_000 });
    const before = await running();
    expect(before).toHaveLength(1);
    const name = before[0]!.name;

    await page.goto("about:blank");

    let st: StatementJson | undefined;
    for (const deadline = Date.now() + 15_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
      st = (await (await fetch(`${statements}/${name}`)).json()) as StatementJson;
      if (st.spec.stopped === true && st.status.phase !== "RUNNING") break;
    }
    expect(st?.spec.stopped).toBe(true);
    expect(st?.status.phase).toBe("STOPPED");
    expect(await running()).toEqual([]);
    await page.close();
  });

  it("leaves nothing to stop after a snapshot run, and sends no stop for it", async () => {
    const page = await browser.newPage();
    const patches: string[] = [];
    page.on("request", (r) => {
      if (r.method() === "PATCH") patches.push(r.url());
    });
    await page.goto(`${url}/`);
    await page.waitForFunction(() => document.getElementById("upstream")?.textContent === "embedded emulator");
    await page.selectOption("#mode", "snapshot");
    await page.fill("#sql", "SELECT 1 AS x");
    await page.click("#run");
    await page.waitForFunction(() => document.getElementById("status")?.textContent === "1 row");
    await page.goto("about:blank");
    expect(patches).toEqual([]);
    await page.close();
  });
});
