/**
 * MATCH_RECOGNIZE end to end through the public client (connect -> statements API -> emulator
 * gateway): the Flink docs' V-shape query in a snapshot, Confluent's "larger and larger orders"
 * example over examples.marketplace.orders, a streaming pattern over a live table on a
 * ManualClock (a match is emitted once the watermark passes its last row), and Flink's errors
 * as failed statements.
 */
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/emulator/index.ts";
import { freshConnections } from "../support/emulated-connection.ts";

const FLINK = "https://nightlies.apache.org/flink/flink-docs-stable/docs/dev/table/sql/queries/match_recognize/";
const CONFLUENT_COURSE = "https://developer.confluent.io/courses/flink-sql/match-recognize";

const open = freshConnections();

describe("snapshot", () => {
  it(`the V shape of a falling then rising price (${FLINK})`, async () => {
    const c = open();
    await c.query("CREATE TABLE Ticker (symbol STRING, price BIGINT, tax BIGINT, rowtime TIMESTAMP(3), WATERMARK FOR rowtime AS rowtime)");
    const prices = [12, 17, 19, 21, 25, 18, 15, 14, 24, 25, 19];
    await c.query(`INSERT INTO Ticker VALUES ${prices.map((p, i) => `('ACME', ${p}, 1, TIMESTAMP '2011-04-01 10:00:${String(i).padStart(2, "0")}')`).join(", ")}`);
    const cur = c.cursor();
    await cur.execute(`SELECT * FROM Ticker MATCH_RECOGNIZE (
        PARTITION BY symbol ORDER BY rowtime
        MEASURES START_ROW.price AS start_price, LAST(PRICE_DOWN.price) AS bottom_price, LAST(PRICE_UP.price) AS end_price,
                 LAST(PRICE_DOWN.rowtime) AS bottom_tstamp
        ONE ROW PER MATCH AFTER MATCH SKIP TO LAST PRICE_UP
        PATTERN (START_ROW PRICE_DOWN+ PRICE_UP)
        DEFINE
          PRICE_DOWN AS (LAST(PRICE_DOWN.price, 1) IS NULL AND PRICE_DOWN.price < START_ROW.price) OR PRICE_DOWN.price < LAST(PRICE_DOWN.price, 1),
          PRICE_UP AS PRICE_UP.price > LAST(PRICE_DOWN.price, 1)) MR`);
    expect(cur.description!.map((d) => [d.name, d.typeCode])).toEqual([
      ["symbol", "VARCHAR"],
      ["start_price", "BIGINT"],
      ["bottom_price", "BIGINT"],
      ["end_price", "BIGINT"],
      ["bottom_tstamp", "TIMESTAMP_WITHOUT_TIME_ZONE"],
    ]);
    const rows = (await cur.fetchAll()) as unknown[][];
    expect(rows.map((r) => r.slice(0, 4))).toEqual([["ACME", 25, 14, 24]]);
    expect(String(rows[0]![4])).toContain("2011-04-01");
    await cur.close();
  });

  it(`larger and larger orders: exactly three prices going up (${CONFLUENT_COURSE})`, async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const c = open(clock);
    clock.advance(3600_000);
    const cur = c.cursor();
    await cur.execute(`SELECT * FROM examples.marketplace.orders MATCH_RECOGNIZE (
        PARTITION BY customer_id
        ORDER BY \`$rowtime\`
        MEASURES ARRAY_AGG(UP.price) AS up_prices
        AFTER MATCH SKIP PAST LAST ROW
        PATTERN (UP{3})
        DEFINE UP AS (COUNT(UP.price) = 1) OR (UP.price > LAST(UP.price, 1)))`);
    expect(cur.description!.map((d) => [d.name, d.typeCode])).toEqual([
      ["customer_id", "INTEGER"],
      ["up_prices", "ARRAY"],
    ]);
    const rows = (await cur.fetchAll()) as Array<[number, number[]]>;
    expect(rows.length).toBeGreaterThan(10);
    for (const [customer, ups] of rows) {
      expect(customer).toBeGreaterThanOrEqual(3000);
      expect(ups).toHaveLength(3);
      expect(ups[0]! < ups[1]! && ups[1]! < ups[2]!).toBe(true);
    }
    await cur.close();
  });
});

describe("streaming", () => {
  it("a match is emitted once the watermark passes its last row", async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const c = open(clock);
    await c.query("CREATE TABLE readings (sensor STRING, temp INT)");
    const cur = c.streamingCursor({ idleBackoff: { initialMs: 2, maxMs: 10, jitter: 0 } });
    await cur.execute(`SELECT * FROM readings MATCH_RECOGNIZE (
        PARTITION BY sensor ORDER BY $rowtime
        MEASURES FIRST(W.temp) AS first_warm, LAST(W.temp) AS last_warm, COUNT(W.temp) AS warm_readings, C.temp AS cooled_to
        AFTER MATCH SKIP PAST LAST ROW
        PATTERN (W{2,} C)
        DEFINE W AS W.temp >= 30, C AS C.temp < 30)`);
    expect(cur.description!.map((d) => d.name)).toEqual(["sensor", "first_warm", "last_warm", "warm_readings", "cooled_to"]);
    for (const values of ["('s1', 31), ('s2', 35)", "('s1', 33)", "('s1', 32), ('s2', 20)", "('s1', 25)"]) {
      await c.query(`INSERT INTO readings VALUES ${values}`);
      clock.advance(1000);
    }
    const rows: unknown[][] = [];
    for (let i = 0; i < 500 && rows.length < 1; i++) rows.push(...((await cur.fetchMany(10)) as unknown[][]));
    // s2 had one warm reading only: no match.
    expect(rows).toEqual([["s1", 31, 32, 3, 25]]);
    await cur.close();
  });

  it("Flink's errors fail the statement", async () => {
    const c = open();
    await c.query("CREATE TABLE readings (sensor STRING, temp INT)");
    const cur = c.streamingCursor();
    await expect(cur.execute("SELECT * FROM readings MATCH_RECOGNIZE (ORDER BY $rowtime MEASURES A.temp AS t PATTERN (A B+) DEFINE A AS A.temp > 0)")).rejects.toMatchObject({
      code: "STATEMENT_FAILED",
      message: expect.stringContaining("Greedy quantifiers are not allowed as the last element of a Pattern yet."),
    });
    await expect(cur.execute("SELECT * FROM readings MATCH_RECOGNIZE (ORDER BY temp MEASURES A.temp AS t PATTERN (A B) DEFINE A AS A.temp > 0)")).rejects.toMatchObject({
      code: "STATEMENT_FAILED",
      message: expect.stringContaining("You must specify either rowtime or proctime for order by as the first one."),
    });
  });
});
