/**
 * The examples/ programs, each in its runtime against the embedded emulator, importing the
 * package as user code does (`confluent-sql`, resolved through this package's own exports map
 * to the built dist/): the Node script, the Deno script, the `bun run` utility, and the Worker in
 * workerd through miniflare (bundled with esbuild as wrangler would; blocks.test.ts type-checks it).
 */
import { afterAll, describe, expect, it } from "vitest";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BIN, ROOT, run, toolAvailable } from "../runtimes/support.ts";
import { EDGE_BUILD } from "./support.ts";

const WORK = mkdtempSync(join(tmpdir(), "confluent-sql-examples-"));
afterAll(() => rmSync(WORK, { recursive: true, force: true }));

describe("examples/node/orders-report.mjs", () => {
  it("prints the top five customers with exact DECIMAL revenue and leaves no statement behind", { timeout: 60_000 }, async () => {
    const out = await run(process.execPath, ["examples/node/orders-report.mjs", "60"], { timeoutMs: 45_000 });
    expect(out.code, out.stderr).toBe(0);
    const lines = out.stdout.trim().split("\n");
    expect(lines[0]).toBe("Top customers by revenue from orders of at least 60:");
    expect(lines[1]).toBe("customer_id INT NOT NULL, name STRING NOT NULL, orders BIGINT NOT NULL, revenue DECIMAL(10, 2) NOT NULL");
    const rows = lines.slice(2, 7);
    for (const row of rows) expect(row).toMatch(/^3\d{3} {2}\S.{23} +\d+ orders +\d+\.\d{2}$/);
    const revenue = rows.map((r) => Number(r.split(/\s+/).at(-1)));
    expect(revenue).toEqual([...revenue].sort((a, b) => b - a));
    expect(lines.slice(7)).toEqual(["5 rows", "statements left on the server: 0"]);
  });

  it("refuses a bad argument with exit code 2", async () => {
    const out = await run(process.execPath, ["examples/node/orders-report.mjs", "lots"], { timeoutMs: 20_000 });
    expect(out.code).toBe(2);
    expect(out.stderr).toContain("usage:");
  });
});

describe.runIf(toolAvailable("deno"))("examples/deno/live-orders.ts", () => {
  it("prints live snapshots of the aggregate, then stops the statement", { timeout: 60_000 }, async () => {
    const out = await run(BIN.deno, ["run", "--no-prompt", "--no-lock", "examples/deno/live-orders.ts", "1"], { timeoutMs: 45_000 });
    expect(out.code, out.stderr).toBe(0);
    const lines = out.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^statement live-orders-\d+: changelog=true, upsert key \[0\]$/);
    const snapshots = lines.filter((l) => l.startsWith("snapshot "));
    expect(snapshots.length).toBeGreaterThanOrEqual(1);
    for (const s of snapshots) expect(s).toMatch(/^snapshot \d+: 2\d\d customers; top (3\d{3}=\d+\.\d{2} ?){3}$/);
    expect(lines.at(-2)).toMatch(/^read \d+ changelog rows in \d+ pages \(\d+ empty\), \d+ requests$/);
    expect(lines.at(-1)).toBe("phase after close: STOPPED");
  });
});

describe.runIf(toolAvailable("bun"))("examples/bun/export-csv.ts", () => {
  it("exports the header and exactly --limit rows of a table as CSV", { timeout: 60_000 }, async () => {
    const out = await run(BIN.bun, ["run", "examples/bun/export-csv.ts", "--table", "orders", "--limit", "5"], { timeoutMs: 45_000 });
    expect(out.code, out.stderr).toBe(0);
    const lines = out.stdout.split("\r\n").filter((l) => l !== "");
    expect(lines[0]).toBe("order_id,customer_id,product_id,price");
    expect(lines).toHaveLength(6);
    for (const l of lines.slice(1)) expect(l.split(",")).toHaveLength(4);
    expect(out.stderr).toContain("5 rows exported");
  });

  it("quotes CSV fields and reports a failed statement with its code", { timeout: 60_000 }, async () => {
    const ok = await run(BIN.bun, ["run", "examples/bun/export-csv.ts", "--sql", "SELECT 'a,\"b\"' AS s, CAST(NULL AS INT) AS n"], { timeoutMs: 45_000 });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toBe('s,n\r\n"a,""b""",\r\n');
    const bad = await run(BIN.bun, ["run", "examples/bun/export-csv.ts", "--table", "nope"], { timeoutMs: 45_000 });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error STATEMENT_FAILED: .*'nope' not found/m);
  });
});

describe("examples/worker", () => {
  it("streams the live aggregate as NDJSON and SSE and answers lookups, in workerd", { timeout: 90_000 }, async () => {
    const outfile = join(WORK, "worker.mjs");
    // As wrangler bundles it: `confluent-sql` resolves through this package's exports map.
    await build({ ...EDGE_BUILD, entryPoints: [join(ROOT, "examples/worker/src/index.ts")], absWorkingDir: ROOT, outfile });
    const mf = new Miniflare({ modulesRoot: WORK, modules: [{ type: "ESModule", path: outfile }], compatibilityDate: "2025-01-01", compatibilityFlags: ["enable_request_signal"] });
    try {
      const res = await mf.dispatchFetch("http://localhost/top-customers?limit=300");
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
      const changes = (await res.text()).trim().split("\n").map((l) => JSON.parse(l) as { type: string; id: string; row: Record<string, unknown> });
      expect(changes).toHaveLength(300);
      expect(changes[0]).toMatchObject({ type: "insert", row: { orders: 1 } });
      expect(Object.keys(changes[0]!.row)).toEqual(["customer_id", "orders", "revenue"]);
      const update = changes.find((c) => c.type === "update");
      expect(update, "300 changes of ~250 customers include updates").toBeDefined();
      expect(update!.row.orders as number).toBeGreaterThan(1);

      const sse = await mf.dispatchFetch("http://localhost/top-customers?limit=2", { headers: { accept: "text/event-stream" } });
      expect(sse.headers.get("content-type")).toMatch(/^text\/event-stream/);
      expect((await sse.text()).match(/^event: insert$/gm)).toHaveLength(2);

      const one = await mf.dispatchFetch("http://localhost/customers/3001");
      expect(one.status).toBe(200);
      expect(Object.keys((await one.json()) as object)).toEqual(["customer_id", "name", "address", "postcode", "city", "email"]);
      expect((await mf.dispatchFetch("http://localhost/customers/1")).status).toBe(404);
      expect((await mf.dispatchFetch("http://localhost/customers/x")).status).toBe(400);
      expect((await mf.dispatchFetch("http://localhost/top-customers?limit=0")).status).toBe(400);
    } finally {
      await mf.dispose();
    }
  });
});
