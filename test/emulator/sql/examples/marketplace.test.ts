/**
 * The examples.marketplace generator: schemas as Confluent documents them
 * (https://docs.confluent.io/cloud/current/flink/reference/example-data.html), determinism,
 * the concatenation property, value ranges, and joinability of orders with customers/products.
 */
import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { exampleTables, exampleTable, rowsBetween, customerById, productById, MAX_BUCKETS_PER_CALL } from "../../../../src/emulator/sql/examples/marketplace.ts";
import { formatType } from "../../../../src/types/format-type.ts";
import { Timestamp } from "../../../../src/types/temporal.ts";
import { formatWireValue } from "../../../../src/types/wire.ts";

const T0 = Date.UTC(2024, 5, 15, 12, 0, 0);

function schema(name: string): string[] {
  return exampleTable(name)!.columns.map((c) => `${c.name} ${formatType(c.type)}`);
}

// Every example column is NOT NULL and product ids are strings, as SHOW CREATE TABLE reports
// them on Confluent Cloud.
describe("schemas (Confluent example-data reference)", () => {
  test("orders", () => {
    expect(schema("orders")).toEqual(["order_id STRING NOT NULL", "customer_id INT NOT NULL", "product_id STRING NOT NULL", "price DOUBLE NOT NULL", "$rowtime TIMESTAMP_LTZ(3) NOT NULL"]);
    expect(exampleTable("orders")!.primaryKey).toBeNull();
  });
  test("clicks", () => {
    expect(schema("clicks")).toEqual(["click_id STRING NOT NULL", "user_id INT NOT NULL", "url STRING NOT NULL", "user_agent STRING NOT NULL", "view_time INT NOT NULL", "$rowtime TIMESTAMP_LTZ(3) NOT NULL"]);
  });
  test("customers (PRIMARY KEY customer_id NOT ENFORCED)", () => {
    expect(schema("customers")).toEqual(["customer_id INT NOT NULL", "name STRING NOT NULL", "address STRING NOT NULL", "postcode STRING NOT NULL", "city STRING NOT NULL", "email STRING NOT NULL", "$rowtime TIMESTAMP_LTZ(3) NOT NULL"]);
    expect(exampleTable("customers")!.primaryKey).toEqual(["customer_id"]);
  });
  test("products (PRIMARY KEY product_id NOT ENFORCED)", () => {
    expect(schema("products")).toEqual(["product_id STRING NOT NULL", "name STRING NOT NULL", "brand STRING NOT NULL", "vendor STRING NOT NULL", "department STRING NOT NULL", "$rowtime TIMESTAMP_LTZ(3) NOT NULL"]);
    expect(exampleTable("PRODUCTS")!.primaryKey).toEqual(["product_id"]);
  });
  test("four tables", () => {
    expect(exampleTables.map((t) => t.name)).toEqual(["orders", "clicks", "customers", "products"]);
  });
});

describe("generator", () => {
  test("same seed and range give the same rows; another seed differs", () => {
    const a = rowsBetween("orders", T0, T0 + 60_000, 7);
    const b = rowsBetween("orders", T0, T0 + 60_000, 7);
    expect(a).toEqual(b);
    expect(rowsBetween("orders", T0, T0 + 60_000, 8)).not.toEqual(a);
  });

  test("realistic rates: orders a few per second, clicks more, customers/products one per second", () => {
    const minute = (t: string) => rowsBetween(t, T0, T0 + 60_000, 1).length;
    expect(minute("orders")).toBeGreaterThanOrEqual(60);
    expect(minute("orders")).toBeLessThanOrEqual(240);
    expect(minute("clicks")).toBeGreaterThanOrEqual(120);
    expect(minute("clicks")).toBeLessThanOrEqual(480);
    expect(minute("customers")).toBe(60);
    expect(minute("products")).toBe(60);
  });

  test("concatenation property: [a,b) ++ [b,c) == [a,c) for any split (property)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("orders", "clicks", "customers", "products"),
        fc.integer({ min: 0, max: 20_000 }),
        fc.integer({ min: 0, max: 20_000 }),
        fc.integer({ min: 0, max: 1000 }),
        (table, d1, d2, seed) => {
          const a = T0 + 123;
          const b = a + Math.min(d1, d2);
          const c = a + Math.max(d1, d2);
          const whole = rowsBetween(table, a, c, seed);
          const parts = [...rowsBetween(table, a, b, seed), ...rowsBetween(table, b, c, seed)];
          expect(parts).toEqual(whole);
        },
      ),
      { numRuns: 60 },
    );
  });

  test("rows are in $rowtime order and inside the half-open range", () => {
    const rows = rowsBetween("clicks", T0 + 500, T0 + 10_500, 3);
    let prev = -Infinity;
    for (const r of rows) {
      const ts = r[r.length - 1] as Timestamp;
      expect(ts).toBeInstanceOf(Timestamp);
      expect(ts.epochMillis).toBeGreaterThanOrEqual(T0 + 500);
      expect(ts.epochMillis).toBeLessThan(T0 + 10_500);
      expect(ts.epochMillis).toBeGreaterThanOrEqual(prev);
      prev = ts.epochMillis;
    }
  });

  test("value ranges follow the documented ones", () => {
    for (const r of rowsBetween("orders", T0, T0 + 120_000, 11)) {
      expect(r[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(r[1]).toBeGreaterThanOrEqual(3000);
      expect(r[1]).toBeLessThanOrEqual(3250);
      expect(r[2]).toMatch(/^1[0-5]\d\d$/);
      expect(Number(r[2])).toBeLessThanOrEqual(1500);
      expect(r[3]).toBeGreaterThanOrEqual(0);
      expect(r[3]).toBeLessThanOrEqual(100);
      expect(Math.round((r[3] as number) * 100) / 100).toBe(r[3]);
    }
    for (const r of rowsBetween("clicks", T0, T0 + 60_000, 11)) {
      expect(r[1]).toBeGreaterThanOrEqual(3000);
      expect(r[1]).toBeLessThanOrEqual(5000);
      expect(r[2]).toMatch(/^https:\/\/www\.acme\.com\/product\/[a-z]{5}$/);
      expect(typeof r[3]).toBe("string");
      expect(r[4]).toBeGreaterThanOrEqual(10);
      expect(r[4]).toBeLessThanOrEqual(120);
    }
  });

  test("customers and products cycle through every key; attributes are stable per id", () => {
    const customers = rowsBetween("customers", T0, T0 + 251_000, 5);
    expect(new Set(customers.map((r) => r[0])).size).toBe(251);
    const again = rowsBetween("customers", T0 + 251_000, T0 + 502_000, 5);
    const byId = new Map(customers.map((r) => [r[0], r.slice(0, -1)]));
    for (const r of again) expect(r.slice(0, -1)).toEqual(byId.get(r[0]));
    expect(customerById(3000, 5)).toEqual(byId.get(3000));
    const products = rowsBetween("products", T0, T0 + 501_000, 5);
    expect(new Set(products.map((r) => r[0])).size).toBe(501);
    expect(products.every((r) => typeof r[0] === "string")).toBe(true);
    expect(productById("1000", 5)).toEqual(products.find((r) => r[0] === "1000")!.slice(0, -1));
    expect(productById("999", 5)).toBeNull();
    expect(productById("01000", 5)).toBeNull();
    expect(customerById(3251, 5)).toBeNull();
    const email = customers[0]![5] as string;
    expect(email).toMatch(/^[a-z]+\.[a-z]+@(gmail|yahoo|hotmail)\.com$/);
  });

  test("every value is a valid internal value of its column type (wire formatter accepts it)", () => {
    for (const t of exampleTables) {
      const rows = rowsBetween(t.name, T0, T0 + 30_000, 9);
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) {
        expect(r.length).toBe(t.columns.length);
        t.columns.forEach((c, i) => {
          expect(r[i] === null && !c.type.nullable).toBe(false);
          expect(() => formatWireValue(c.type, r[i]!)).not.toThrow();
        });
      }
    }
    const [first] = rowsBetween("orders", T0, T0 + 1000, 9);
    expect(formatWireValue(exampleTable("orders")!.columns[4]!.type, first![4]!, { localTimeZone: "UTC" })).toMatch(/^2024-06-15 12:00:00\.\d{3}$/);
  });

  test("bad input", () => {
    expect(() => rowsBetween("nope", T0, T0 + 1, 1)).toThrow(RangeError);
    expect(() => rowsBetween("orders", 0.5, 10, 1)).toThrow(RangeError);
    expect(rowsBetween("orders", T0, T0, 1)).toEqual([]);
    expect(rowsBetween("orders", T0 + 10, T0, 1)).toEqual([]);
    expect(() => rowsBetween("orders", 0, (MAX_BUCKETS_PER_CALL + 10) * 1000, 1)).toThrow(/too large/);
  });
});
