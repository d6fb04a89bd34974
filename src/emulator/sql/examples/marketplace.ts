/**
 * The `examples.marketplace` tables of Confluent Cloud (orders, clicks, customers, products)
 * and a deterministic, seeded generator of their rows on the emulator's clock.
 *
 * Schemas follow Confluent's "Example Data Streams in Confluent Cloud for Apache Flink"
 * (https://docs.confluent.io/cloud/current/flink/reference/example-data.html) and what SHOW
 * CREATE TABLE reports there; every column is NOT NULL:
 * - clicks(click_id STRING UUID, user_id INT 3000..5000, url STRING
 *   `https://www.acme.com/product/[a-z]{5}`, user_agent STRING, view_time INT 10..120)
 * - customers(customer_id INT 3000..3250 PRIMARY KEY NOT ENFORCED, name, address, postcode, city,
 *   email STRING)
 * - orders(order_id STRING UUID, customer_id INT 3000..3250, product_id STRING '1000'..'1500',
 *   price DOUBLE 0.00..100.00)
 * - products(product_id STRING '1000'..'1500' PRIMARY KEY NOT ENFORCED, name, brand, vendor,
 *   department STRING)
 * Every example table also has the system column `$rowtime` TIMESTAMP_LTZ(3) NOT NULL; it is
 * the last column here and the last value of every generated row.
 *
 * Determinism: time is cut into fixed buckets per table; the rows of a bucket depend only on
 * (seed, table, bucket index), so the same seed and range always give the same rows, and
 * `rowsBetween(t, a, b) ++ rowsBetween(t, b, c)` equals `rowsBetween(t, a, c)` (ranges are
 * half-open [from, to)). Rows come out in `$rowtime` order. customers and products cycle through
 * their whole key range (one row per second each), so every id orders reference shows up
 * within a few minutes; a customer's or product's attributes depend only on (seed, id).
 */
import type { Column, LogicalType } from "../../../types/model.ts";
import { MAX_LENGTH } from "../../../types/model.ts";
import { Timestamp } from "../../../types/temporal.ts";
import type { InternalValue } from "../../../types/wire.ts";

export type ExampleTableName = "orders" | "clicks" | "customers" | "products";

export interface ExampleTable {
  readonly name: ExampleTableName;
  /** Physical columns, then `$rowtime` TIMESTAMP_LTZ(3) NOT NULL. */
  readonly columns: readonly Column[];
  /** PRIMARY KEY ... NOT ENFORCED column names, or null. */
  readonly primaryKey: readonly string[] | null;
  /** Average rows per second the generator produces. */
  readonly rowsPerSecond: number;
}

const STRING: LogicalType = { type: "VARCHAR", length: MAX_LENGTH, nullable: false };
const INT: LogicalType = { type: "INTEGER", nullable: false };
const DOUBLE: LogicalType = { type: "DOUBLE", nullable: false };
const ROWTIME: Column = { name: "$rowtime", type: { type: "TIMESTAMP_WITH_LOCAL_TIME_ZONE", precision: 3, nullable: false } };

/** Bucket length and rows per bucket (min..max) per table. */
const SHAPE: Record<ExampleTableName, { bucketMs: number; min: number; max: number }> = {
  orders: { bucketMs: 1000, min: 1, max: 4 },
  clicks: { bucketMs: 1000, min: 2, max: 8 },
  customers: { bucketMs: 1000, min: 1, max: 1 },
  products: { bucketMs: 1000, min: 1, max: 1 },
};

const TABLE_SALT: Record<ExampleTableName, number> = { orders: 0x0a11ce, clicks: 0xc11c, customers: 0xc057, products: 0x9d0c };

export const exampleTables: readonly ExampleTable[] = [
  {
    name: "orders",
    columns: [
      { name: "order_id", type: STRING },
      { name: "customer_id", type: INT },
      { name: "product_id", type: STRING },
      { name: "price", type: DOUBLE },
      ROWTIME,
    ],
    primaryKey: null,
    rowsPerSecond: 2.5,
  },
  {
    name: "clicks",
    columns: [
      { name: "click_id", type: STRING },
      { name: "user_id", type: INT },
      { name: "url", type: STRING },
      { name: "user_agent", type: STRING },
      { name: "view_time", type: INT },
      ROWTIME,
    ],
    primaryKey: null,
    rowsPerSecond: 5,
  },
  {
    name: "customers",
    columns: [
      { name: "customer_id", type: INT },
      { name: "name", type: STRING },
      { name: "address", type: STRING },
      { name: "postcode", type: STRING },
      { name: "city", type: STRING },
      { name: "email", type: STRING },
      ROWTIME,
    ],
    primaryKey: ["customer_id"],
    rowsPerSecond: 1,
  },
  {
    name: "products",
    columns: [
      { name: "product_id", type: STRING },
      { name: "name", type: STRING },
      { name: "brand", type: STRING },
      { name: "vendor", type: STRING },
      { name: "department", type: STRING },
      ROWTIME,
    ],
    primaryKey: ["product_id"],
    rowsPerSecond: 1,
  },
];

/** The table definition by name (case-insensitive), or undefined. */
export function exampleTable(name: string): ExampleTable | undefined {
  const n = name.toLowerCase();
  return exampleTables.find((t) => t.name === n);
}

// ---------------------------------------------------------------------------------------------
// Seeded randomness

function mix32(h: number, v: number): number {
  h = Math.imul(h ^ v, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A 32-bit state from the seed and any number of (safe) integers. */
function hashState(seed: number, ...parts: number[]): number {
  let h = mix32(0x9e3779b9, seed | 0);
  h = mix32(h, Math.floor(seed / 4294967296) | 0);
  for (const p of parts) {
    h = mix32(h, p | 0);
    h = mix32(h, Math.floor(p / 4294967296) | 0);
  }
  return h;
}

/** mulberry32 over a given state. */
class Rng {
  constructor(private s: number) {}
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  uuid(): string {
    const hex = "0123456789abcdef";
    let s = "";
    for (let i = 0; i < 36; i++) {
      if (i === 8 || i === 13 || i === 18 || i === 23) s += "-";
      else if (i === 14) s += "4";
      else if (i === 19) s += hex[8 + Math.floor(this.next() * 4)];
      else s += hex[Math.floor(this.next() * 16)];
    }
    return s;
  }
}

// ---------------------------------------------------------------------------------------------
// Fake values in the style of datafaker's Name, Address, Internet and Commerce providers

const FIRST = ["Ellsworth", "Jayme", "Les", "Lexie", "Lyle", "Candida", "Colette", "Sheldon", "Minnie", "Johnsie", "Mara", "Gerda", "Emily", "Aurelio", "Bettie", "Cletus", "Delphine", "Elvin", "Fern", "Gaston", "Hilda", "Isidro", "Jolene", "Kurt", "Lorena", "Milo", "Nadia", "Orval", "Petra", "Quincy", "Rosalind", "Stan", "Tamika", "Ulises", "Vera", "Wendell", "Ximena", "Yasmin", "Zack", "Ada"];
const LAST = ["Price", "Buckridge", "Beier", "Collins", "Spencer", "Howe", "Ebert", "Sipes", "Becker", "Hane", "Schumm", "Deckow", "Schowalter", "Kuhn", "Larkin", "Mertz", "Nolan", "Okuneva", "Pagac", "Quigley", "Reilly", "Stokes", "Torp", "Ullrich", "Vandervort", "Walsh", "Yost", "Zieme", "Abbott", "Bogan"];
const PREFIX = ["Mr. ", "Mrs. ", "Ms. ", "Dr. ", "", "", "", "", "", ""];
const STREET_SUFFIX = ["Drive", "Green", "Road", "Street", "Avenue", "Lane", "Court", "Way", "Place", "Square"];
const CITY_SUFFIX = ["haven", "chester", "side", "ville", "borough", "port", "furt", "land", "mouth", "view"];
const MAIL = ["gmail.com", "yahoo.com", "hotmail.com"];
const ADJ = ["Enormous", "Practical", "Gorgeous", "Fantastic", "Synergistic", "Lightweight", "Sleek", "Rustic", "Intelligent", "Ergonomic", "Durable", "Incredible", "Mediocre", "Heavy Duty", "Awesome", "Small"];
const MATERIAL = ["Aluminum", "Plastic", "Paper", "Rubber", "Leather", "Silk", "Steel", "Wooden", "Granite", "Cotton", "Linen", "Marble", "Wool", "Concrete", "Bronze", "Copper"];
const PRODUCT = ["Keyboard", "Computer", "Watch", "Car", "Clock", "Hat", "Chair", "Table", "Shoes", "Gloves", "Lamp", "Bottle", "Bag", "Coat", "Knife", "Wallet"];
const BRAND = ["LG", "Adidas", "Samsung", "Nike", "Apple", "Sony", "Dell", "Puma", "Gucci", "Nestle", "Toyota", "Zara"];
const VENDOR = ["Dollar General", "Target", "Amazon", "Walmart", "Costco", "Kroger", "Best Buy", "IKEA", "Home Depot", "Macy's"];
const DEPT = ["Garden", "Movies", "Outdoors", "Home", "Kids", "Toys", "Books", "Music", "Sports", "Electronics", "Clothing", "Grocery", "Beauty", "Jewelry", "Tools", "Automotive"];
const AGENTS = [
  "Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; AS; rv:11.0) like Gecko",
  "Mozilla/5.0 (Windows NT 6.1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/41.0.2228.0 Safari/537.36",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/42.0.2311.135 Safari/537.36 Edge/12.246",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_10_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/41.0.2227.1 Safari/537.36",
  "Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 13_2_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.0.3 Mobile/15E148 Safari/604.1",
  "Opera/9.80 (X11; Linux i686; Ubuntu/14.10) Presto/2.12.388 Version/12.16",
];

const CUSTOMER_MIN = 3000;
const CUSTOMER_MAX = 3250;
const PRODUCT_MIN = 1000;
const PRODUCT_MAX = 1500;

function customerRow(seed: number, id: number): InternalValue[] {
  const r = new Rng(hashState(seed, 0xc057, id));
  const first = r.pick(FIRST);
  const last = r.pick(LAST);
  const name = r.pick(PREFIX) + first + " " + last;
  const address = `${r.int(1, 9999).toString().padStart(4, "0")} ${r.pick(FIRST)} ${r.pick(STREET_SUFFIX)}`;
  const postcode = String(r.int(10000, 99999));
  const city = r.pick(LAST) + r.pick(CITY_SUFFIX);
  const email = `${first.toLowerCase()}.${last.toLowerCase()}@${r.pick(MAIL)}`;
  return [id, name, address, postcode, city, email];
}

function productRow(seed: number, id: number): InternalValue[] {
  const r = new Rng(hashState(seed, 0x9d0c, id));
  const name = `${r.pick(ADJ)} ${r.pick(MATERIAL)} ${r.pick(PRODUCT)}`;
  const depts = r.int(1, 3);
  const chosen: string[] = [];
  while (chosen.length < depts) {
    const d = r.pick(DEPT);
    if (!chosen.includes(d)) chosen.push(d);
  }
  const department = chosen.length === 1 ? chosen[0]! : chosen.slice(0, -1).join(", ") + " & " + chosen[chosen.length - 1]!;
  return [String(id), name, r.pick(BRAND), r.pick(VENDOR), department];
}

function letters(r: Rng, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += String.fromCharCode(97 + Math.floor(r.next() * 26));
  return s;
}

/** The rows of one bucket, in time order (each row ends with its `$rowtime`). */
function bucketRows(table: ExampleTableName, bucket: number, seed: number): InternalValue[][] {
  const shape = SHAPE[table];
  const r = new Rng(hashState(seed, TABLE_SALT[table], bucket));
  const n = r.int(shape.min, shape.max);
  const offsets: number[] = [];
  for (let i = 0; i < n; i++) offsets.push(Math.floor(r.next() * shape.bucketMs));
  offsets.sort((a, b) => a - b);
  const start = bucket * shape.bucketMs;
  const out: InternalValue[][] = [];
  for (let i = 0; i < n; i++) {
    const ts = new Timestamp(start + offsets[i]!);
    let row: InternalValue[];
    switch (table) {
      case "orders":
        row = [r.uuid(), r.int(CUSTOMER_MIN, CUSTOMER_MAX), String(r.int(PRODUCT_MIN, PRODUCT_MAX)), r.int(0, 10000) / 100];
        break;
      case "clicks":
        row = [r.uuid(), r.int(3000, 5000), "https://www.acme.com/product/" + letters(r, 5), r.pick(AGENTS), r.int(10, 120)];
        break;
      case "customers": {
        // Cycle through every customer id so joins find them; attributes depend on the id only.
        const span = CUSTOMER_MAX - CUSTOMER_MIN + 1;
        const id = CUSTOMER_MIN + (((bucket % span) + span) % span);
        row = customerRow(seed, id);
        break;
      }
      case "products": {
        const span = PRODUCT_MAX - PRODUCT_MIN + 1;
        const id = PRODUCT_MIN + (((bucket % span) + span) % span);
        row = productRow(seed, id);
        break;
      }
    }
    row.push(ts);
    out.push(row);
  }
  return out;
}

/** Upper bound of buckets one call may scan (keeps a mistaken huge range from hanging). */
export const MAX_BUCKETS_PER_CALL = 1_000_000;

/**
 * The rows of an example table whose `$rowtime` lies in [fromMs, toMs), in `$rowtime` order,
 * as canonical internal values (INT as number, DOUBLE as number, STRING as string, `$rowtime`
 * as Timestamp, last). Pure: the same arguments always give equal rows.
 *
 * @example
 * ```ts
 * const rows = rowsBetween("orders", Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 1, 0, 0, 10), 42);
 * // ~25 rows like ["36d77b21-...", 3137, "1305", 65.71, Timestamp(2024-01-01 00:00:00.412)]
 * ```
 * @throws RangeError for an unknown table, non-integer bounds or a range over
 * {@link MAX_BUCKETS_PER_CALL} buckets.
 */
export function rowsBetween(table: string, fromMs: number, toMs: number, seed: number): InternalValue[][] {
  const t = exampleTable(table);
  if (!t) throw new RangeError(`Unknown example table: ${table}`);
  if (!Number.isSafeInteger(fromMs) || !Number.isSafeInteger(toMs)) throw new RangeError("rowsBetween bounds must be integer milliseconds");
  if (toMs <= fromMs) return [];
  const { bucketMs } = SHAPE[t.name];
  const first = Math.floor(fromMs / bucketMs);
  const last = Math.floor((toMs - 1) / bucketMs);
  if (last - first + 1 > MAX_BUCKETS_PER_CALL) throw new RangeError(`rowsBetween range too large: ${last - first + 1} buckets`);
  const out: InternalValue[][] = [];
  for (let b = first; b <= last; b++) {
    for (const row of bucketRows(t.name, b, seed)) {
      const ms = (row[row.length - 1] as Timestamp).epochMillis;
      if (ms >= fromMs && ms < toMs) out.push(row);
    }
  }
  return out;
}

/** Customer attributes by id (the row customers emits for it, without `$rowtime`), for tests and joins. */
export function customerById(id: number, seed: number): InternalValue[] | null {
  return id >= CUSTOMER_MIN && id <= CUSTOMER_MAX ? customerRow(seed, id) : null;
}

/** Product attributes by id ('1000'..'1500', as orders.product_id holds it; without `$rowtime`). */
export function productById(id: string, seed: number): InternalValue[] | null {
  if (!/^\d+$/.test(id)) return null;
  const n = Number(id);
  return n >= PRODUCT_MIN && n <= PRODUCT_MAX && String(n) === id ? productRow(seed, n) : null;
}
