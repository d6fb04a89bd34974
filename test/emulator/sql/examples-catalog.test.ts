/**
 * The examples.marketplace catalog: tables and columns as Confluent's example data, rows from
 * the seeded generator on the emulator's clock (deterministic for a seed), live in streaming.
 */
import { describe, expect, test } from "vitest";
import { formatType } from "../../../src/types/format-type.ts";
import { Harness } from "./harness.ts";

describe("examples.marketplace", () => {
  test("tables and schemas", () => {
    const h = new Harness();
    expect(h.run("SHOW TABLES FROM examples.marketplace").sink.log).toEqual(["+I[clicks]", "+I[customers]", "+I[orders]", "+I[products]"]);
    const schema = h.compile("SELECT * FROM examples.marketplace.orders").traits.schema!;
    expect(schema.map((c) => `${c.name} ${formatType(c.type)}`)).toEqual(["order_id STRING NOT NULL", "customer_id INT NOT NULL", "product_id STRING NOT NULL", "price DOUBLE NOT NULL"]);
  });

  test("snapshot reads the generated history; the same seed gives the same rows", () => {
    const a = new Harness();
    const b = new Harness();
    const q = "SELECT COUNT(*), MIN(customer_id) >= 3000, MAX(customer_id) <= 3250 FROM examples.marketplace.orders";
    const ra = a.snapshot(q);
    expect(Number(ra[0]![0])).toBeGreaterThan(100);
    expect(ra[0]!.slice(1)).toEqual(["TRUE", "TRUE"]);
    expect(b.snapshot("SELECT * FROM examples.marketplace.orders")).toEqual(a.snapshot("SELECT * FROM examples.marketplace.orders"));
  });

  test("a streaming query sees new rows as the clock advances", () => {
    const h = new Harness();
    const s = h.start("SELECT order_id FROM examples.marketplace.orders", { "sql.tables.scan.startup.mode": "latest-offset" });
    expect(s.sink.rows.length).toBe(0);
    h.clock.advance(10_000);
    expect(s.sink.rows.length).toBeGreaterThan(5);
    expect(s.sink.completed).toBe(false);
  });

  test("a windowed count over orders emits once per minute", () => {
    const h = new Harness();
    const s = h.start(
      "SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE examples.marketplace.orders, DESCRIPTOR($rowtime), INTERVAL '1' MINUTE)) GROUP BY window_start, window_end",
      { "sql.tables.scan.startup.mode": "latest-offset" },
    );
    h.clock.advance(60_000);
    expect(s.sink.log.length).toBe(1);
    expect(s.sink.log[0]).toMatch(/^\+I\[2025-01-01 00:00:00\.000, \d+\]$/);
    h.clock.advance(60_000);
    expect(s.sink.log.length).toBe(2);
  });

  test("the examples catalog cannot be written", () => {
    const h = new Harness();
    expect(() => h.compile("INSERT INTO examples.marketplace.orders VALUES ('x', 1, '2', 3.0)")).toThrow(/read-only/);
  });

  // A batch LIMIT without ORDER BY returns any N rows of the result; over an upsert table that
  // is its current state (one row per key), not the first N changelog entries.
  test("snapshot LIMIT over a primary-key table returns current rows", () => {
    const h = new Harness();
    const all = h.snapshot("SELECT * FROM examples.marketplace.customers");
    expect(all.length).toBe(251);
    const two = h.snapshot("SELECT * FROM examples.marketplace.customers LIMIT 2");
    expect(two.length).toBe(2);
    for (const r of two) expect(all).toContainEqual(r);
    expect(h.snapshot("SELECT COUNT(*) FROM (SELECT customer_id FROM examples.marketplace.customers LIMIT 10 OFFSET 245)")).toEqual([["6"]]);
  });

  // The generated logs keep a retention window (like a Kafka topic): after days without reads a
  // query still runs (no multi-day generation in one go) and memory stays bounded.
  test("retention: twelve idle days later queries run over a bounded window", () => {
    const h = new Harness();
    const orders = () => {
      const t = h.engine.catalogs.lookup(h.engine.catalogs.resolvePath(["examples", "marketplace", "orders"], h.props));
      if (t?.kind !== "table") throw new Error("no orders table");
      return t.log;
    };
    const s = h.start("SELECT order_id FROM examples.marketplace.orders", { "sql.tables.scan.startup.mode": "latest-offset" });
    s.exec.dispose();
    h.clock.advance(12 * 24 * 3600_000);
    const rows = h.snapshot("SELECT COUNT(*), MIN($rowtime), MAX($rowtime) FROM examples.marketplace.orders");
    const count = Number(rows[0]![0]);
    expect(count).toBeGreaterThan(3600); // one hour at 1..4 orders a second
    expect(count).toBeLessThanOrEqual(4 * 3600 + 256);
    expect(rows[0]![1]! >= "2025-01-12 23:00:00").toBe(true);
    expect(rows[0]![2]! >= "2025-01-12 23:59:50").toBe(true);
    const before = orders().records.length;
    h.clock.advance(2 * 3600_000);
    h.snapshot("SELECT COUNT(*) FROM examples.marketplace.orders");
    expect(orders().records.length).toBeLessThanOrEqual(4 * 3600 + 256);
    expect(orders().base).toBeGreaterThan(before / 2);
    // A streaming read from the earliest offset starts at the oldest retained row (retention
    // drops in batches of a few hundred rows, so up to ~2 minutes past the hour may remain).
    const e = h.start("SELECT $rowtime FROM examples.marketplace.orders");
    expect(e.sink.rows.length).toBe(orders().records.length);
    expect(String(e.sink.rows[0]!.row[0]) >= "2025-01-13 00:58:00").toBe(true);
    e.exec.dispose();
  });

  test("orders join products on the string product id", () => {
    const h = new Harness();
    const rows = h.snapshot("SELECT COUNT(*), COUNT(p.product_id) FROM examples.marketplace.orders o LEFT JOIN examples.marketplace.products p ON o.product_id = p.product_id");
    // Ten minutes of history cycle through all 501 products, so every order finds its product.
    expect(Number(rows[0]![0])).toBeGreaterThan(100);
    expect(rows[0]![1]).toBe(rows[0]![0]);
  });
});
