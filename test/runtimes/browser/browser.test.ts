/**
 * Runtime matrix, Chromium: a page loads the IIFE client (global ConfluentSql) and the emulator
 * bundle, runs the scenario, and must log no console errors.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { expectScenario } from "../expect.ts";
import { startStaticServer } from "../static-server.ts";
import { toolAvailable, type ScenarioResult } from "../support.ts";
import { isRealConsoleError, launchChromium } from "./launch.ts";

describe.runIf(toolAvailable("chromium"))("runtime: chromium", () => {
  let browser: Browser;
  let server: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    server = await startStaticServer();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("runs the scenario in a page", async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" && isRealConsoleError(m.text(), m.location().url)) errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`${server.url}/test/runtimes/browser/scenario.html`);
    await page.waitForFunction(() => (window as unknown as { __result?: unknown }).__result !== undefined, null, {
      timeout: 30_000,
    });
    const result = (await page.evaluate(() => (window as unknown as { __result: unknown }).__result)) as ScenarioResult;
    expectScenario(result, "chromium");
    expect(errors).toEqual([]);
    await page.close();
  });
});
