/**
 * FROM_CHANGELOG / TO_CHANGELOG end to end: connect() -> statements API -> emulator. A streaming
 * cursor's changelogCompressor over FROM_CHANGELOG materialises the table a custom changelog
 * describes (Confluent, "Read and Write Custom Changelog Formats":
 * https://docs.confluent.io/cloud/current/flink/how-to-guides/read-write-custom-changelog.html;
 * "Changelog Conversion": https://docs.confluent.io/cloud/current/flink/reference/functions/changelog-conversion.html).
 */
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/emulator/index.ts";
import { freshConnections } from "../support/emulated-connection.ts";

const openWith = freshConnections();
const open = () => openWith(new ManualClock(Date.UTC(2026, 0, 1)));

const norm = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? Number(x) : x));

/** Polls `read` until it returns `want`, or 2 s passed; returns the last value. */
async function until<T>(read: () => Promise<T>, want: unknown): Promise<T> {
  const deadline = Date.now() + 2000;
  let last = await read();
  while (norm(last) !== norm(want) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 5));
    last = await read();
  }
  return last;
}

describe("FROM_CHANGELOG through the client", () => {
  it("upsert mode (PARTITION BY key): the compressor keeps the latest row per key", async () => {
    const c = open();
    await c.query("CREATE TABLE orders_cdc (order_id INT, op STRING, amount INT)");
    const cur = c.streamingCursor({ idleBackoff: { initialMs: 2, maxMs: 10, jitter: 0 } });
    await cur.execute("SELECT * FROM FROM_CHANGELOG(input => TABLE orders_cdc PARTITION BY order_id, op_mapping => MAP['c', 'INSERT', 'u', 'UPDATE_AFTER', 'd', 'DELETE'])");
    expect(cur.description!.map((d) => [d.name, d.typeCode])).toEqual([
      ["order_id", "INTEGER"],
      ["amount", "INTEGER"],
    ]);
    const compressor = cur.changelogCompressor();
    expect(compressor.mode).toBe("upsert");
    await c.query("INSERT INTO orders_cdc VALUES (1, 'c', 10), (2, 'c', 20), (3, 'c', 30)");
    await c.query("INSERT INTO orders_cdc VALUES (1, 'u', 15), (2, 'd', 20)");
    const want = [
      [1, 15],
      [3, 30],
    ];
    expect(await until(() => compressor.currentSnapshot(), want)).toEqual(want);
    await cur.close();
  });

  it("retract mode (default op names): -U/+U/-D events apply to the materialised rows", async () => {
    const c = open();
    await c.query("CREATE TABLE cdc_stream (id INT, op STRING, name STRING)");
    const cur = c.streamingCursor({ idleBackoff: { initialMs: 2, maxMs: 10, jitter: 0 } });
    await cur.execute("SELECT * FROM FROM_CHANGELOG(input => TABLE cdc_stream)");
    const compressor = cur.changelogCompressor();
    expect(compressor.mode).toBe("retract");
    await c.query("INSERT INTO cdc_stream VALUES (1, 'INSERT', 'Alice'), (2, 'INSERT', 'Bob')");
    await c.query("INSERT INTO cdc_stream VALUES (1, 'UPDATE_BEFORE', 'Alice'), (1, 'UPDATE_AFTER', 'Alice2'), (2, 'DELETE', 'Bob')");
    const want = [[1, "Alice2"]];
    expect(await until(() => compressor.currentSnapshot(), want)).toEqual(want);
    await cur.close();
  });

  it("an unmapped op code fails the statement with Flink's message", async () => {
    const c = open();
    await c.query("CREATE TABLE cdc_stream (id INT, op STRING)");
    await c.query("INSERT INTO cdc_stream VALUES (1, 'x')");
    await expect(c.query("SELECT * FROM FROM_CHANGELOG(input => TABLE cdc_stream)")).rejects.toMatchObject({
      code: "STATEMENT_FAILED",
      message: expect.stringContaining("Received invalid op code 'x'."),
    });
  });
});

describe("TO_CHANGELOG through the client", () => {
  it("a snapshot query returns the aggregate's rows with their op code", async () => {
    const c = open();
    await c.query("CREATE TABLE clicks (id INT, name STRING)");
    await c.query("INSERT INTO clicks VALUES (1, 'Alice'), (1, 'Alice'), (2, 'Bob')");
    const cur = c.cursor();
    await cur.execute(
      "SELECT * FROM TO_CHANGELOG(input => TABLE (SELECT id, COUNT(*) AS cnt FROM clicks GROUP BY id) PARTITION BY id, op => DESCRIPTOR(kind)) ORDER BY id",
    );
    expect(cur.description!.map((d) => [d.name, d.typeCode])).toEqual([
      ["id", "INTEGER"],
      ["kind", "VARCHAR"],
      ["cnt", "BIGINT"],
    ]);
    expect(norm(await cur.fetchAll())).toBe(
      norm([
        [1, "INSERT", 2],
        [2, "INSERT", 1],
      ]),
    );
    await cur.close();
  });

  it("a streaming query emits append-only rows carrying the change kinds", async () => {
    const c = open();
    await c.query("CREATE TABLE clicks (id INT, name STRING)");
    const cur = c.streamingCursor({ idleBackoff: { initialMs: 2, maxMs: 10, jitter: 0 } });
    await cur.execute("SELECT * FROM TO_CHANGELOG(input => TABLE (SELECT id, COUNT(*) AS cnt FROM clicks GROUP BY id) PARTITION BY id)");
    expect(cur.returnsChangelog).toBe(false);
    await c.query("INSERT INTO clicks VALUES (1, 'Alice')");
    await c.query("INSERT INTO clicks VALUES (1, 'Alice')");
    const rows: unknown[][] = [];
    for (let i = 0; i < 500 && rows.length < 2; i++) rows.push(...((await cur.fetchMany(10)) as unknown[][]));
    expect(norm(rows)).toBe(
      norm([
        [1, "INSERT", 1],
        [1, "UPDATE_AFTER", 2],
      ]),
    );
    await cur.close();
  });
});
