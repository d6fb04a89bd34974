/**
 * The playground as a first-time user meets it, in Chromium against the built Worker on the
 * embedded emulator: keyboard shortcuts and focus, explained errors (a wrong proxy token, a
 * network failure), state that survives a reload, the result grid's cells, accessibility.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Miniflare } from "miniflare";
import type { Browser, Page } from "playwright-core";
import { join } from "node:path";
import { ROOT, toolAvailable } from "../support.ts";
import { isRealConsoleError, launchChromium } from "./launch.ts";

/** The built Worker serving the playground; `bindings` are its vars and secrets. */
async function startWorker(bindings: Record<string, string> = {}): Promise<{ mf: Miniflare; url: string }> {
  const mf = new Miniflare({
    modules: [{ type: "ESModule", path: join(ROOT, "dist/bundle/worker.mjs") }],
    compatibilityDate: "2025-01-01",
    compatibilityFlags: ["enable_request_signal"],
    host: "127.0.0.1",
    port: 0,
    bindings,
    assets: { directory: join(ROOT, "dist/playground"), binding: "ASSETS", routerConfig: { invoke_user_worker_ahead_of_assets: true, has_user_worker: true } },
  });
  return { mf, url: (await mf.ready).href.replace(/\/$/, "") };
}

/** Cancelled, and the run has finished winding down (its buttons are back). */
async function waitCancelled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.getElementById("status")?.textContent === "cancelled");
  await page.waitForSelector("#run:not([disabled])");
}

describe.runIf(toolAvailable("chromium"))("playground polish in chromium", () => {
  let worker: { mf: Miniflare; url: string };
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  async function openPage(url: string): Promise<Page> {
    const p = await browser.newPage({ viewport: { width: 1280, height: 760 } });
    p.on("console", (m) => {
      const where = m.location().url;
      // Expected: 404s while a deletion is confirmed, the 401s and aborted requests provoked below.
      const provoked = /status of (401|404)|ERR_FAILED|ERR_INTERNET_DISCONNECTED/.test(m.text());
      if (m.type() === "error" && !provoked && isRealConsoleError(m.text(), where)) errors.push(`${m.text()} (${where})`);
    });
    p.on("pageerror", (e) => errors.push(String(e)));
    await p.goto(`${url}/`);
    await p.waitForFunction(() => document.getElementById("upstream")?.textContent === "embedded emulator");
    return p;
  }

  beforeAll(async () => {
    worker = await startWorker();
    browser = await launchChromium();
    page = await openPage(worker.url);
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.mf.dispose();
  });

  it("runs with Ctrl+Enter from the editor and cancels with Escape", async () => {
    await page.fill("#sql", "SELECT order_id FROM `examples`.`marketplace`.`orders`");
    await page.selectOption("#mode", "streaming");
    await page.focus("#sql");
    await page.keyboard.press("Control+Enter");
    await page.waitForSelector("#result table.live tbody tr", { timeout: 20_000 });
    expect(await page.isDisabled("#run")).toBe(true);
    expect(await page.isEnabled("#cancel")).toBe(true);
    // The editor keeps the focus: the user can go on typing.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("sql");
    await page.keyboard.press("Escape");
    await waitCancelled(page);
    expect(await page.isEnabled("#run")).toBe(true);
    expect(await page.isDisabled("#cancel")).toBe(true);
    // The editor's text is untouched (no newline from the shortcut).
    expect(await page.inputValue("#sql")).toBe("SELECT order_id FROM `examples`.`marketplace`.`orders`");
  });

  it("runs with Ctrl+Enter from outside the editor; focus follows the buttons", async () => {
    await page.fill("#sql", "SELECT order_id FROM `examples`.`marketplace`.`orders`");
    await page.focus("#mode");
    await page.keyboard.press("Control+Enter");
    await page.waitForSelector("#result table.live tbody tr", { timeout: 20_000 });
    // Clicking Run disables it; its focus moves to Cancel rather than being lost to the page.
    await page.keyboard.press("Escape");
    await waitCancelled(page);
    await page.focus("#run");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#cancel:not([disabled])");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("cancel");
    await page.keyboard.press("Enter");
    await waitCancelled(page);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("run");
  });

  it("logged no console errors", () => {
    expect(errors).toEqual([]);
  });
});
