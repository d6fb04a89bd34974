/**
 * WHERE conjuncts moving into joins, as Flink's FlinkFilterJoinRule moves them, through the
 * public client against the embedded emulator. Before, `FROM a, b WHERE a.id = b.id` ran as a
 * cross product filtered afterwards (20,000 x 20,000 rows took over a minute), and the comma
 * form of an interval join (the Flink docs' own example) ran as a regular join whose state
 * never expires. The plans below show the keyed join; the results are those of the ON form. A
 * conjunct over one input filters that input below the join, unless the join pads it.
 */
import { describe, expect, test } from "vitest";
import type { Connection } from "../../src/index.ts";
import { ManualClock } from "../../src/emulator/index.ts";
import { FAST_POLLING, drainAvailable, freshConnections, sharedConnection } from "../support/emulated-connection.ts";
import { operators, planLines, snapshotPlan, streamingPlan } from "../support/explain-text.ts";

const fast = FAST_POLLING;

async function run(conn: Connection, ...sql: string[]): Promise<void> {
  for (const s of sql) await conn.query(s);
}



/** The operators directly below the first operator named `name` in the plan tree (each input's `+- ` is two columns further in). */
function inputsOf(text: string, name: string): string[] {
  const lines = planLines(text);
  const column = (l: string) => l.indexOf("+- ");
  const at = lines.findIndex((l) => l.includes(`${name} [`));
  const inputs: string[] = [];
  for (let i = at + 1; i < lines.length && column(lines[i]!) > column(lines[at]!); i++) {
    if (column(lines[i]!) === column(lines[at]!) + 2) inputs.push(lines[i]!.slice(column(lines[i]!) + 3).replace(/ \[\d+\]$/, ""));
  }
  return inputs;
}

async function sortedRows(conn: Connection, sql: string): Promise<string[]> {
  const { rows } = await conn.query(sql, undefined, { asDict: false });
  return rows.map((r) => JSON.stringify(r)).sort();
}

describe("snapshot: the comma join takes its equalities as join keys", () => {
  const db = sharedConnection(async (conn) => {
    await run(
      conn,
      "CREATE TABLE a (id INT, v STRING)",
      "CREATE TABLE b (id INT, w INT)",
      "CREATE TABLE c (w INT, label STRING)",
      "INSERT INTO a VALUES (1, 'x'), (2, 'y'), (3, 'z'), (NULL, 'n')",
      "INSERT INTO b VALUES (1, 10), (1, 11), (3, 30), (4, 40), (NULL, 0)",
      "INSERT INTO c VALUES (10, 'ten'), (30, 'thirty'), (40, 'forty')",
    );
  });

  test("the same rows as JOIN ... ON, from a keyed join with no filter above it", async () => {
    const comma = "SELECT a.id, a.v, b.w FROM a, b WHERE a.id = b.id";
    expect(await sortedRows(db.conn, comma)).toEqual(['[1,"x",10]', '[1,"x",11]', '[3,"z",30]']);
    expect(await sortedRows(db.conn, "SELECT a.id, a.v, b.w FROM a JOIN b ON a.id = b.id")).toEqual(await sortedRows(db.conn, comma));
    const p = await snapshotPlan(db.conn, comma);
    // A keyed hash join, no nested loop over the cross product.
    expect(operators(p)).toEqual(["BatchSink", "BatchCalc", "BatchHashJoin", "BatchTableSourceScan", "BatchTableSourceScan"]);
  });

  test("a conjunct on one side stays in the WHERE; one over both sides joins the condition", async () => {
    const sql = "SELECT a.id, b.w FROM a, b WHERE a.id = b.id AND b.w > 10 AND a.v <> CAST(b.w AS STRING)";
    expect(await sortedRows(db.conn, sql)).toEqual(["[1,11]", "[3,30]"]);
    expect(await sortedRows(db.conn, "SELECT a.id, b.w FROM a, b WHERE a.id < b.id AND b.w >= 30")).toEqual(["[1,30]", "[1,40]", "[2,30]", "[2,40]", "[3,40]"]);
    const p = await snapshotPlan(db.conn, sql);
    // The equality is the join key (a hash join), b.w > 10 a filter on b below the join.
    expect(inputsOf(p, "BatchHashJoin")).toEqual(["BatchTableSourceScan", "BatchCalc"]);
  });

  test("three tables: each equality goes to the join that first sees both its sides", async () => {
    const sql = "SELECT a.v, c.label FROM a, b, c WHERE b.w = c.w AND a.id = b.id";
    expect(await sortedRows(db.conn, sql)).toEqual(['["x","ten"]', '["z","thirty"]']);
    const p = await snapshotPlan(db.conn, sql);
    expect(operators(p).filter((o) => o === "BatchHashJoin")).toHaveLength(2);
    expect(operators(p)).not.toContain("BatchNestedLoopJoin");
  });

  test("into the preserved side of an outer join, never into the padded one", async () => {
    // The anti-join idiom: moving `b.id IS NULL` under the LEFT JOIN would change the answer.
    expect(await sortedRows(db.conn, "SELECT a.id, a.v FROM a LEFT JOIN b ON a.id = b.id WHERE b.id IS NULL")).toEqual(['[2,"y"]', '[null,"n"]']);
    const sql = "SELECT a.v, c.label FROM (a CROSS JOIN b) LEFT JOIN c ON b.w = c.w WHERE a.id = b.id";
    expect(await sortedRows(db.conn, sql)).toEqual(['["x","ten"]', '["x",null]', '["z","thirty"]']);
    // The CROSS JOIN takes a.id = b.id as its key: two hash joins, no nested loop.
    expect(operators(await snapshotPlan(db.conn, sql)).filter((o) => o === "BatchHashJoin")).toHaveLength(2);
    expect(operators(await snapshotPlan(db.conn, sql))).not.toContain("BatchNestedLoopJoin");
  });

  test("a conjunct on one side filters that input below the join; on a padded side it stays above", async () => {
    const below = "SELECT a.id, b.w FROM a JOIN b ON a.id = b.id WHERE a.v = 'x'";
    expect(await sortedRows(db.conn, below)).toEqual(["[1,10]", "[1,11]"]);
    expect(inputsOf(await snapshotPlan(db.conn, below), "BatchHashJoin")).toEqual(["BatchCalc", "BatchTableSourceScan"]);
    // LEFT JOIN: a filter on the padded side is evaluated after the padding, as written.
    const above = "SELECT a.id, b.w FROM a LEFT JOIN b ON a.id = b.id WHERE b.w > 10 OR b.w IS NULL";
    expect(await sortedRows(db.conn, above)).toEqual(["[1,11]", "[2,null]", "[3,30]", "[null,null]"]);
    const abovePlan = await snapshotPlan(db.conn, above);
    expect(inputsOf(abovePlan, "BatchHashJoin")).toEqual(["BatchTableSourceScan", "BatchTableSourceScan"]);
    expect(operators(abovePlan).slice(0, 3)).toEqual(["BatchSink", "BatchCalc", "BatchHashJoin"]);
  });

  test("a Top-N filter on a joined subquery still folds into its Rank (the row number is not output)", async () => {
    const sql = "SELECT x.id, x.v, b.w FROM (SELECT id, v, ROW_NUMBER() OVER (PARTITION BY id ORDER BY v) AS rn FROM a) x JOIN b ON x.id = b.id WHERE x.rn <= 1";
    expect(await sortedRows(db.conn, sql)).toEqual(['[1,"x",10]', '[1,"x",11]', '[3,"z",30]']);
    const ops = operators(await snapshotPlan(db.conn, sql));
    expect(ops.slice(ops.indexOf("BatchHashJoin"))).toEqual(["BatchHashJoin", "BatchCalc", "BatchRank", "BatchSort", "BatchTableSourceScan", "BatchTableSourceScan"]);
  });

  test("errors are those of the WHERE clause, unchanged", async () => {
    await expect(db.conn.query("SELECT * FROM a, b WHERE id = w")).rejects.toMatchObject({
      code: "STATEMENT_FAILED",
      message: expect.stringContaining("Column 'id' is ambiguous"),
    });
    await expect(db.conn.query("SELECT * FROM a, b WHERE a.id = b.nope")).rejects.toMatchObject({
      message: expect.stringContaining("Column 'nope' not found in table 'b'"),
    });
    await expect(db.conn.query("SELECT * FROM a, b WHERE a.id + b.id")).rejects.toMatchObject({
      message: expect.stringContaining("WHERE clause must be a condition"),
    });
  });

  test("a correlated subquery's WHERE keeps its outer reference out of the inner join", async () => {
    const sql = "SELECT c.label FROM c WHERE EXISTS (SELECT 1 FROM a, b WHERE a.id = b.id AND b.w = c.w)";
    expect(await sortedRows(db.conn, sql)).toEqual(['["ten"]', '["thirty"]']);
  });

  test("a non-deterministic conjunct is not made a join condition", async () => {
    const sql = "SELECT a.id FROM a, b WHERE a.id = b.id AND RAND() < 2";
    expect(await sortedRows(db.conn, sql)).toEqual(["[1]", "[1]", "[3]"]);
    // RAND() < 2 stays a filter above the join, which is keyed by the equality.
    expect(operators(await snapshotPlan(db.conn, sql))).toEqual(["BatchSink", "BatchCalc", "BatchHashJoin", "BatchTableSourceScan", "BatchTableSourceScan"]);
  });
});

const open = freshConnections();

/** Every row available now (an append-only stream's rows are plain arrays). */
async function drain(cur: ReturnType<Connection["streamingCursor"]>): Promise<string[]> {
  return (await drainAvailable(cur)).map((r) => JSON.stringify(r));
}

describe("streaming: the Flink docs' comma-form interval join", () => {
  const TABLES = [
    "CREATE TABLE Orders (id INT, order_time TIMESTAMP(3), WATERMARK FOR order_time AS order_time)",
    "CREATE TABLE Shipments (order_id INT, ship_time TIMESTAMP(3), WATERMARK FOR ship_time AS ship_time)",
  ];
  const JOIN = "SELECT o.id, s.ship_time FROM Orders o, Shipments s WHERE o.id = s.order_id AND o.order_time BETWEEN s.ship_time - INTERVAL '4' HOUR AND s.ship_time";

  test("runs as an interval join: append-only, time attributes kept, a window over it accepted", async () => {
    const conn = open(new ManualClock(Date.UTC(2025, 0, 1)));
    await run(conn, ...TABLES);
    const p = await streamingPlan(conn, JOIN);
    expect(operators(p)).toContain("StreamIntervalJoin");
    expect(operators(p)).not.toContain("StreamJoin");
    const cur = conn.streamingCursor(fast);
    await cur.execute(JOIN);
    expect(cur.returnsChangelog).toBe(false);
    await run(
      conn,
      "INSERT INTO Orders VALUES (1, TIMESTAMP '2024-01-01 08:00:00'), (2, TIMESTAMP '2024-01-01 08:00:00')",
      // 1 ships in time; 2 ships five hours later, outside the bound.
      "INSERT INTO Shipments VALUES (1, TIMESTAMP '2024-01-01 10:00:00'), (2, TIMESTAMP '2024-01-01 13:00:00')",
    );
    expect(await drain(cur)).toEqual(['[1,"2024-01-01T10:00:00.000"]']);
    await cur.close();

    const windowed = conn.streamingCursor(fast);
    await windowed.execute(`SELECT window_start, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE (${JOIN}), DESCRIPTOR(ship_time), INTERVAL '1' HOUR)) GROUP BY window_start, window_end`);
    expect(windowed.returnsChangelog).toBe(false);
    await windowed.close();
  });

  test("over a primary-key table it fails as Flink's interval join does", async () => {
    const conn = open(new ManualClock(Date.UTC(2025, 0, 1)));
    await run(conn, "CREATE TABLE acc (id INT NOT NULL, ts TIMESTAMP(3), PRIMARY KEY (id) NOT ENFORCED, WATERMARK FOR ts AS ts)", TABLES[0]!);
    const cur = conn.streamingCursor(fast);
    await expect(cur.execute("SELECT o.id FROM Orders o, acc a WHERE o.id = a.id AND o.order_time BETWEEN a.ts - INTERVAL '1' HOUR AND a.ts")).rejects.toMatchObject({
      code: "STATEMENT_FAILED",
      detail: expect.stringContaining("IntervalJoin doesn't support consuming update and delete changes which is produced by node ChangelogNormalize(key=[id])"),
    });
  });

  test("a regular join materialises the time attributes, so a window over it fails as in Flink", async () => {
    const conn = open(new ManualClock(Date.UTC(2025, 0, 1)));
    await run(conn, ...TABLES);
    const cur = conn.streamingCursor(fast);
    const regular = "SELECT o.id, s.ship_time FROM Orders o, Shipments s WHERE o.id = s.order_id";
    await expect(cur.execute(`SELECT window_start, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE (${regular}), DESCRIPTOR(ship_time), INTERVAL '1' HOUR)) GROUP BY window_start, window_end`)).rejects.toMatchObject({
      code: "STATEMENT_FAILED",
      detail: expect.stringContaining("The window function requires the timecol is a time attribute type, but is TIMESTAMP(3)."),
    });
  });
});
