/**
 * The playground as a first-time user meets it, in Chromium against the built Worker on the
 * embedded emulator: keyboard shortcuts and focus, explained errors (a wrong proxy token, a
 * network failure), state that survives a reload, the result grid's cells, accessibility.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Miniflare } from "miniflare";
import type { Browser, Page } from "playwright-core";
import { toolAvailable } from "../support.ts";
import { isRealConsoleError, launchChromium } from "./launch.ts";
import { startPlaygroundWorker } from "./playground-worker.ts";

const startWorker = startPlaygroundWorker;

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
      // Expected: 404s while a deletion is confirmed; the 401s, the 403 and the aborted requests provoked below.
      const provoked = /status of (401|403|404)|ERR_FAILED|ERR_INTERNET_DISCONNECTED/.test(m.text());
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

  it("shows a failed statement's code, message and name", async () => {
    await page.selectOption("#mode", "snapshot");
    await page.fill("#sql", "SELECT nope FROM `examples`.`marketplace`.`orders`");
    await page.click("#run");
    await page.waitForSelector("#result .error");
    expect(await page.textContent("#result .error-code")).toBe("STATEMENT_FAILED");
    const message = await page.textContent("#result .error-message");
    expect(message).toMatch(/nope/);
    const name = await page.textContent("#result .error-statement code");
    expect(name).toMatch(/\S+/);
    // The name is said once, on its own line, not again at the start of the message.
    expect(message).not.toContain(`'${name}'`);
    expect(await page.getAttribute("#result .error", "role")).toBe("alert");
    expect(await page.textContent("#status")).toBe("failed");
  });

  it("explains a Worker it cannot reach", async () => {
    await page.route("**/sql/v1/**", (route) => route.abort("internetdisconnected"));
    try {
      await page.fill("#sql", "SELECT 1 AS x");
      await page.click("#run");
      await page.waitForSelector("#result .error", { timeout: 40_000 });
      expect(await page.textContent("#result .error-code")).toBe("NETWORK_ERROR");
      const hint = await page.textContent("#result .error-hint");
      expect(hint).toContain(worker.url);
      expect(hint).toContain("npm start");
    } finally {
      await page.unroute("**/sql/v1/**");
    }
    // Once the Worker answers again, the same page works without a reload.
    await page.click("#run");
    await page.waitForFunction(() => /^1 row/.test(document.getElementById("status")?.textContent ?? ""));
  });

  it("keeps the editor's SQL and the mode across a reload", async () => {
    await page.fill("#sql", "SELECT 42 AS answer");
    await page.selectOption("#mode", "streaming");
    await page.reload();
    await page.waitForFunction(() => document.getElementById("upstream")?.textContent === "embedded emulator");
    expect(await page.inputValue("#sql")).toBe("SELECT 42 AS answer");
    expect(await page.inputValue("#mode")).toBe("streaming");
    expect(await page.inputValue("#examples")).toBe("");
  });

  it("says when an example replaces the user's SQL, and gives it back", async () => {
    await page.fill("#sql", "SELECT 42 AS answer");
    await page.selectOption("#mode", "streaming");
    await page.selectOption("#examples", { label: "Snapshot: VALUES with types" });
    expect(await page.inputValue("#sql")).toMatch(/^SELECT id, name/);
    expect(await page.inputValue("#mode")).toBe("snapshot");
    expect(await page.isVisible("#notice")).toBe(true);
    expect(await page.textContent("#notice .notice-text")).toMatch(/replaced your SQL/);
    await page.click("#undo");
    expect(await page.inputValue("#sql")).toBe("SELECT 42 AS answer");
    expect(await page.inputValue("#mode")).toBe("streaming");
    expect(await page.isHidden("#notice")).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("sql");
    // An unedited example gives way to the next one without a word.
    await page.selectOption("#examples", { label: "Snapshot: a few customers" });
    expect(await page.isVisible("#notice")).toBe(true);
    await page.selectOption("#examples", { label: "Snapshot: VALUES with types" });
    expect(await page.isHidden("#notice")).toBe(true);
    expect(await page.inputValue("#examples")).not.toBe("");
  });

  it("works when the browser refuses localStorage", async () => {
    const context = await browser.newContext();
    await context.addInitScript(() => {
      Object.defineProperty(window, "localStorage", {
        get() {
          throw new DOMException("The operation is insecure.", "SecurityError");
        },
      });
    });
    const blocked = await context.newPage();
    const pageErrors: string[] = [];
    blocked.on("pageerror", (e) => pageErrors.push(String(e)));
    await blocked.goto(`${worker.url}/`);
    await blocked.waitForFunction(() => document.getElementById("upstream")?.textContent === "embedded emulator");
    expect(await blocked.inputValue("#sql")).toMatch(/^SELECT customer_id/);
    await blocked.selectOption("#examples", { label: "Snapshot: VALUES with types" });
    await blocked.fill("#sql", "SELECT 7 AS x");
    await blocked.click("#run");
    await blocked.waitForFunction(() => /^1 row/.test(document.getElementById("status")?.textContent ?? ""));
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it("shows NULLs, long values, numbers, types, the row count and the elapsed time", async () => {
    await page.selectOption("#mode", "snapshot");
    await page.fill("#sql", "SELECT CAST(NULL AS STRING) AS n, 'null' AS s, 42 AS i, REPEAT('abcdefghij', 12) AS longv");
    await page.keyboard.press("Control+Enter");
    await page.waitForFunction(() => document.getElementById("status")?.textContent === "1 row");
    expect(await page.textContent("#elapsed")).toMatch(/^· \d+(\.\d)? (ms|s)$/);
    const cells = await page.$$eval("#result tbody td", (tds) =>
      tds.map((td) => ({ text: td.textContent, cls: td.className, title: td.getAttribute("title"), align: getComputedStyle(td).textAlign, width: td.getBoundingClientRect().width })),
    );
    expect(cells.map((c) => c.text)).toEqual(["NULL", "null", "42", "abcdefghij".repeat(12)]);
    expect(cells[0]?.cls).toBe("null");
    expect(await page.$eval("#result td.null .null-marker", (e) => getComputedStyle(e).backgroundColor)).not.toBe(
      await page.$eval("#result tbody td:nth-child(2)", (e) => getComputedStyle(e).backgroundColor),
    );
    expect(cells[1]?.cls).toBe("");
    expect(cells[2]?.align).toBe("right");
    expect(cells[1]?.align).toBe("left");
    // The long value is cut short on screen (narrower than its text) with the whole value on hover.
    expect(cells[3]?.title).toBe("abcdefghij".repeat(12));
    const overflow = await page.$eval("#result td.long", (td) => td.scrollWidth > td.clientWidth);
    expect(overflow).toBe(true);
    const types = await page.$$eval("#result th .col-type", (els) => els.map((e) => e.textContent));
    expect(types).toEqual(["STRING", "CHAR(4) NOT NULL", "INT NOT NULL", "STRING NOT NULL"]);
  });

  it("says so when a query returns no rows", async () => {
    await page.fill("#sql", "SELECT customer_id FROM `examples`.`marketplace`.`customers` WHERE customer_id < 0");
    await page.click("#run");
    await page.waitForFunction(() => document.getElementById("status")?.textContent === "0 rows");
    expect(await page.textContent("#result caption")).toBe("No rows");
  });

  it("labels its controls and regions", async () => {
    expect(await page.getByLabel("SQL", { exact: true }).evaluate((e) => e.id)).toBe("sql");
    expect(await page.getByLabel("Mode").evaluate((e) => e.id)).toBe("mode");
    expect(await page.getByLabel("Example").evaluate((e) => e.id)).toBe("examples");
    expect(await page.getByRole("button", { name: "Refresh statements" }).count()).toBe(1);
    expect(await page.getByRole("region", { name: "Result" }).evaluate((e) => e.id)).toBe("result");
    expect(await page.getAttribute("#sql", "aria-describedby")).toBe("sql-help");
    expect(await page.textContent("#sql-help")).toMatch(/Ctrl\+Enter runs · Escape cancels/);
    expect(await page.getAttribute("#cancel", "aria-keyshortcuts")).toBe("Escape");
  });

  it("disables Run while there is no SQL", async () => {
    await page.fill("#sql", "  ");
    expect(await page.isDisabled("#run")).toBe(true);
    const before = await page.textContent("#status");
    await page.focus("#sql");
    await page.keyboard.press("Control+Enter");
    expect(await page.textContent("#status")).toBe(before);
    await page.fill("#sql", "SELECT 1 AS x");
    expect(await page.isEnabled("#run")).toBe(true);
  });

  it("announces changes of state but not every streamed row, and marks the result busy", async () => {
    await page.selectOption("#mode", "streaming");
    await page.fill("#sql", "SELECT order_id FROM `examples`.`marketplace`.`orders`");
    await page.click("#run");
    await page.waitForFunction(() => /running · \d+ rows/.test(document.getElementById("status")?.textContent ?? ""), null, { timeout: 20_000 });
    expect(await page.textContent("#announcer")).toBe("running");
    expect(await page.getAttribute("#announcer", "aria-live")).toBe("polite");
    expect(await page.getAttribute("#result", "aria-busy")).toBe("true");
    await page.keyboard.press("Escape");
    await waitCancelled(page);
    // Nothing changes in a cancelled result: no row stays highlighted.
    expect(await page.$$eval("#result tr.changed", (trs) => trs.length)).toBe(0);
    expect(await page.textContent("#announcer")).toBe("cancelled");
    expect(await page.getAttribute("#result", "aria-busy")).toBe("false");
    await page.selectOption("#mode", "snapshot");
    await page.fill("#sql", "SELECT 1 AS x");
    await page.click("#run");
    await page.waitForFunction(() => document.getElementById("announcer")?.textContent === "1 row");
  });

  it("shows where the keyboard focus is", async () => {
    // The run before may still be winding down (its status is shown before Run is enabled again).
    await page.waitForSelector("#run:not([disabled])");
    await page.focus("#mode");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("run");
    const outline = await page.$eval("#run", (e) => {
      const st = getComputedStyle(e);
      return { style: st.outlineStyle, width: st.outlineWidth };
    });
    expect(outline).toEqual({ style: "solid", width: "2px" });
    // The result pane takes the focus too, so a wide result can be scrolled from the keyboard.
    expect(await page.getAttribute("#result", "tabindex")).toBe("0");
  });

  it("shows a failed Delete in the panel and keeps the result", async () => {
    await page.selectOption("#mode", "snapshot");
    await page.fill("#sql", "SELECT 5 AS x");
    await page.click("#run");
    await page.waitForFunction(() => document.getElementById("status")?.textContent === "1 row");
    // A streaming statement stays listed (snapshot ones are deleted when their cursor closes).
    await page.selectOption("#mode", "streaming");
    await page.fill("#sql", "SELECT order_id FROM `examples`.`marketplace`.`orders`");
    await page.click("#run");
    await page.waitForSelector("#result table.live tbody tr", { timeout: 20_000 });
    await page.keyboard.press("Escape");
    await waitCancelled(page);
    await page.click("#refresh");
    const name = await page.locator('#statements button[data-action="delete"]').first().getAttribute("data-name");
    const resultBefore = await page.innerHTML("#result");
    await page.route("**/sql/v1/**/statements/*", (route) =>
      route.request().method() === "DELETE"
        ? route.fulfill({ status: 403, contentType: "application/json", body: JSON.stringify({ errors: [{ status: "403", detail: "Deleting is not allowed here" }] }) })
        : route.continue(),
    );
    try {
      await page.click(`#statements button[data-action="delete"][data-name="${name}"]`);
      await page.waitForSelector("#statements .error");
      expect(await page.textContent("#statements .error-code")).toBe("PERMISSION_DENIED");
      expect(await page.textContent("#statements .error")).toContain("Deleting is not allowed here");
      // The list is still there under the error, and the result pane is untouched.
      expect(await page.locator(`#statements tr[data-name="${name}"]`).count()).toBe(1);
      expect(await page.innerHTML("#result")).toBe(resultBefore);
    } finally {
      await page.unroute("**/sql/v1/**/statements/*");
    }
  });

  it("stacks the panels in a narrow window", async () => {
    await page.setViewportSize({ width: 700, height: 900 });
    try {
      const result = await page.locator("section.results").boundingBox();
      const panel = await page.locator("section.panel").boundingBox();
      expect(panel!.y).toBeGreaterThan(result!.y + result!.height - 1);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    } finally {
      await page.setViewportSize({ width: 1280, height: 760 });
    }
  });

  it("logged no console errors", () => {
    expect(errors).toEqual([]);
  });
});

describe.runIf(toolAvailable("chromium"))("playground behind a proxy token, in chromium", () => {
  let worker: { mf: Miniflare; url: string };
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    worker = await startWorker({ PROXY_TOKEN: "let-me-in" });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
    await page.goto(`${worker.url}/`);
    await page.waitForFunction(() => document.getElementById("upstream")?.textContent === "embedded emulator");
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.mf.dispose();
  });

  it("asks for the token instead of failing to list statements", async () => {
    expect(await page.isVisible("#token")).toBe(true);
    await page.waitForSelector("#statements .note");
    expect(await page.textContent("#statements .note")).toMatch(/PROXY_TOKEN/);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("token");
  });

  it("explains a 401 without a token, then with a wrong one, and runs with the right one", async () => {
    await page.selectOption("#mode", "snapshot");
    await page.fill("#sql", "SELECT 1 AS x");
    await page.click("#run");
    await page.waitForSelector("#result .error");
    expect(await page.textContent("#result .error-code")).toBe("UNAUTHENTICATED");
    expect(await page.textContent("#result .error-hint")).toMatch(/needs a token/);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("token");
    // The panel keeps its short note rather than repeating the error.
    await page.waitForSelector("#statements .note");
    expect(await page.$("#statements .error")).toBeNull();

    await page.fill("#token", "wrong");
    await page.click("#run");
    await page.waitForFunction(() => /did not accept/.test(document.querySelector("#result .error-hint")?.textContent ?? ""));
    expect(await page.textContent("#result .error-code")).toBe("UNAUTHENTICATED");

    // Enter in the token field runs, as it would submit any form.
    await page.fill("#token", "let-me-in");
    await page.press("#token", "Enter");
    await page.waitForFunction(() => /^1 row/.test(document.getElementById("status")?.textContent ?? ""));
    expect(await page.$$eval("#result tbody td", (tds) => tds.map((td) => td.textContent))).toEqual(["1"]);
    // With the token the panel lists statements again.
    await page.waitForSelector("#statements table.statements");
  });
});
