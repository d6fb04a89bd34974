/**
 * The playground end to end in Chromium: the built Worker (miniflare, embedded emulator, the
 * playground from its ASSETS binding) serves the page, the page's client talks to the Worker's
 * /sql/v1 proxy, and a streaming aggregate over the live example tables updates in the grid.
 * Takes a screenshot into test-results/ (gitignored) on every run; only with UPDATE_SCREENSHOT=1
 * does it replace the README's tracked docs/playground.png.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Miniflare } from "miniflare";
import type { Browser, Page } from "playwright-core";
import { copyFileSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { ROOT, toolAvailable } from "../support.ts";

const SCREENSHOT = join(ROOT, "test-results/playground.png");
const README_SCREENSHOT = join(ROOT, "docs/playground.png");
const UPDATE_SCREENSHOT = process.env.UPDATE_SCREENSHOT === "1";
import { isRealConsoleError, launchChromium } from "./launch.ts";
import { startPlaygroundWorker } from "./playground-worker.ts";

describe.runIf(toolAvailable("chromium"))("playground in chromium", () => {
  let mf: Miniflare;
  let url: string;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    ({ mf, url } = await startPlaygroundWorker());
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
    page.on("console", (m) => {
      const where = m.location().url;
      // A deleted statement answers 404 while the client confirms the deletion: expected.
      const expected404 = /status of 404/.test(m.text()) && /\/sql\/v1\/.+\/statements\//.test(where);
      if (m.type() === "error" && !expected404 && isRealConsoleError(m.text(), where)) errors.push(`${m.text()} (${where})`);
    });
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`${url}/`);
    await page.waitForFunction(() => document.getElementById("upstream")?.textContent === "embedded emulator");
  });
  afterAll(async () => {
    await browser?.close();
    await mf?.dispose();
  });

  it("shows a streaming aggregate updating live, then cancels it", async () => {
    await page.selectOption("#examples", { label: "Live: orders per customer (streaming aggregate)" });
    expect(await page.inputValue("#mode")).toBe("streaming");
    await page.click("#run");
    // Rows appear, then an existing row is updated in place (a -U/+U pair materialised).
    await page.waitForSelector("#result table.live tbody tr", { timeout: 20_000 });
    await page.waitForSelector("#result table.live tbody tr.updated", { timeout: 20_000 });
    const header = await page.$$eval("#result th", (ths) => ths.map((th) => [th.querySelector(".col-name")?.textContent, th.querySelector(".col-type")?.textContent]));
    expect(header.map((h) => h[0])).toEqual(["customer_id", "orders", "revenue"]);
    expect(header[1]?.[1]).toMatch(/BIGINT/);
    const status = await page.textContent("#status");
    expect(status).toMatch(/running · \d+ rows · \d+ inserts, [1-9]\d* updates/);
    expect(header[2]?.[1]).toMatch(/DECIMAL\(10, 2\)/);
    // The table's history arrives in a burst; once its highlight has faded, live orders keep
    // updating rows one by one.
    await page.waitForTimeout(2_000);
    await page.waitForFunction(() => {
      const changed = document.querySelectorAll("#result tr.changed").length;
      return changed > 0 && changed < document.querySelectorAll("#result tbody tr").length / 2;
    }, null, { timeout: 10_000 });
    const updatesBefore = Number(/(\d+) updates/.exec(status ?? "")?.[1]);
    await page.waitForSelector("#result table.live tbody tr.changed", { timeout: 15_000 });
    await page.waitForFunction((n) => Number(/(\d+) updates/.exec(document.getElementById("status")?.textContent ?? "")?.[1]) > n, updatesBefore);
    const updated = await page.$$eval("#result tbody tr.updated", (trs) => trs.length);
    expect(updated).toBeGreaterThan(0);
    await page.waitForSelector("#statements td.phase-running");
    // Bring a just-updated row into the result pane's view for the README's screenshot.
    await page.waitForSelector("#result table.live tbody tr.changed", { timeout: 15_000 });
    await page.evaluate(() => {
      const pane = document.getElementById("result") as HTMLElement;
      const row = pane.querySelector("tr.changed") as HTMLElement | null;
      if (row) pane.scrollTop = Math.max(0, row.offsetTop - pane.clientHeight / 2);
    });
    const tracked = statSync(README_SCREENSHOT);
    const startedAt = Date.now();
    mkdirSync(join(ROOT, "test-results"), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    const png = readFileSync(SCREENSHOT);
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect(statSync(SCREENSHOT).mtimeMs).toBeGreaterThanOrEqual(startedAt - 1_000);
    if (UPDATE_SCREENSHOT) copyFileSync(SCREENSHOT, README_SCREENSHOT);
    // A plain test run must leave the tracked file (and so `git status`) alone.
    else expect(statSync(README_SCREENSHOT).mtimeMs).toBe(tracked.mtimeMs);

    await page.click("#cancel");
    await page.waitForFunction(() => document.getElementById("status")?.textContent === "cancelled");
    // The cancelled statement was stopped on the server: the panel shows it as no longer running.
    await page.click("#refresh");
    await page.waitForFunction(() => {
      const phases = Array.from(document.querySelectorAll("#statements td.phase"), (td) => td.textContent);
      return phases.length > 0 && !phases.includes("RUNNING") && !phases.includes("PENDING");
    }, null, { timeout: 15_000 });
  });

  it("runs a snapshot with column types", async () => {
    await page.selectOption("#examples", { label: "Snapshot: VALUES with types" });
    await page.click("#run");
    await page.waitForFunction(() => document.getElementById("status")?.textContent === "3 rows");
    const rows = await page.$$eval("#result tbody tr", (trs) => trs.map((tr) => Array.from(tr.querySelectorAll("td"), (td) => td.textContent)));
    expect(rows).toEqual([
      ["1", "alpha", "1.50"],
      ["2", "beta", "3.00"],
      ["3", "gamma", "4.50"],
    ]);
    const types = await page.$$eval("#result th .col-type", (els) => els.map((e) => e.textContent));
    expect(types[2]).toMatch(/DECIMAL\(10, 2\)/);
  });

  it("runs the snapshot example over a live example table", async () => {
    await page.selectOption("#examples", { label: "Snapshot: a few customers" });
    await page.click("#run");
    await page.waitForFunction(() => document.getElementById("status")?.textContent === "10 rows");
    const first = await page.$$eval("#result tbody tr:first-child td", (tds) => tds.map((td) => td.textContent));
    expect(first[0]).toBe("3000");
    expect(first[3]).toMatch(/@/);
  });

  it("shows a failed statement's error code", async () => {
    await page.selectOption("#examples", { label: "Error: a typo" });
    await page.click("#run");
    await page.waitForSelector("#result .error");
    expect(await page.textContent("#result .error-code")).toBe("STATEMENT_FAILED");
  });

  it("stops and deletes statements from the panel", async () => {
    await page.selectOption("#examples", { label: "Live: latest orders (append-only)" });
    await page.click("#run");
    await page.waitForSelector("#result table.live tbody tr", { timeout: 20_000 });
    await page.click("#refresh");
    // The panel re-renders on every refresh: address buttons by statement name, not by handle.
    const name = await page.locator('#statements tr:has(td.phase-running) button[data-action="stop"]:not([disabled])').first().getAttribute("data-name");
    expect(name).toBeTruthy();
    await page.click(`#statements button[data-action="stop"][data-name="${name}"]`);
    await page.waitForFunction((n) => {
      const tr = document.querySelector(`#statements tr[data-name="${n}"]`);
      return tr !== null && !/RUNNING|PENDING/.test(tr.querySelector("td.phase")?.textContent ?? "");
    }, name);
    await page.click(`#statements button[data-action="delete"][data-name="${name}"]`);
    await page.waitForFunction((n) => document.querySelector(`#statements tr[data-name="${n}"]`) === null, name, { timeout: 15_000 });
  });

  it("logged no console errors", () => {
    expect(errors).toEqual([]);
  });
});
