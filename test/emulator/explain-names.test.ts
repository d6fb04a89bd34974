/**
 * Streaming EXPLAIN reads as Confluent Cloud prints a plan: the operators by their Stream* names,
 * numbered inputs first, drawn with `+- ` and `:  `; then each operator's details (table,
 * primary key, changelog mode, upsert key, state size). Exchanges show where the plan
 * shuffles; decorrelated subqueries plan as the joins Flink makes of them.
 */
import { beforeEach, describe, expect, test } from "vitest";
import { Harness } from "./sql/harness.ts";
import { detailsOf, operators, planLines } from "../support/explain-text.ts";

let h: Harness;

beforeEach(() => {
  h = new Harness();
  h.run("CREATE TABLE orders (id INT, cust INT, amount DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)");
  h.run("CREATE TABLE customers (id INT NOT NULL, name STRING, PRIMARY KEY (id) NOT ENFORCED)");
  h.run("CREATE TABLE A (id INT, v STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)");
  h.run("CREATE TABLE B (id INT, v STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)");
});

const plan = (sql: string) => h.run(`EXPLAIN ${sql}`).sink.rows[0]!.row[0] as string;
const tumble = (t: string) => `TABLE(TUMBLE(TABLE ${t}, DESCRIPTOR(ts), INTERVAL '10' SECOND))`;
const ORDERS_SCAN = ["Table: `default`.`cluster_0`.`orders`", "Changelog mode: append", "State size: low"];

describe("joins", () => {
  test("a regular join: each input shuffled by its key (the normalised upsert side already is)", () => {
    const text = plan("SELECT o.id, c.name FROM orders o JOIN customers c ON o.cust = c.id");
    expect(planLines(text)).toEqual([
      "StreamSink [8]",
      "  +- StreamCalc [7]",
      "    +- StreamJoin [6]",
      "      +- StreamExchange [2]",
      "      :  +- StreamTableSourceScan [1]",
      "      +- StreamChangelogNormalize [5]",
      "        +- StreamExchange [4]",
      "          +- StreamTableSourceScan [3]",
    ]);
    expect(detailsOf(text, "StreamTableSourceScan")).toEqual(ORDERS_SCAN);
    expect(detailsOf(text, "StreamTableSourceScan", 1)).toEqual(["Table: `default`.`cluster_0`.`customers`", "Primary key: (id)", "Changelog mode: upsert", "Upsert key: (id)", "State size: low"]);
    expect(detailsOf(text, "StreamJoin")).toEqual(["Changelog mode: retract", "State size: medium"]);
    // The append-only side's shuffle passes appended rows on: no block of its own.
    expect(text).not.toContain("[2] StreamExchange");
  });

  test("every join kind is a regular StreamJoin; semi and anti joins of subqueries too", () => {
    const on = "ON a.id = b.id";
    for (const sql of [`SELECT a.v FROM A a LEFT JOIN B b ${on}`, `SELECT a.v FROM A a RIGHT JOIN B b ${on}`, `SELECT a.v FROM A a FULL JOIN B b ${on}`]) {
      const text = plan(sql);
      expect(operators(text)).toContain("StreamJoin");
      // An outer join retracts the NULL-padded rows it emitted.
      expect(detailsOf(text, "StreamJoin")).toEqual(["Changelog mode: retract", "State size: medium"]);
    }
    for (const sql of ["SELECT * FROM A WHERE id IN (SELECT id FROM B)", "SELECT * FROM A WHERE NOT EXISTS (SELECT * FROM B WHERE B.id = A.id)"]) {
      expect(operators(plan(sql))).toContain("StreamJoin");
    }
    expect(detailsOf(plan("SELECT * FROM A WHERE id IN (SELECT id FROM B)"), "StreamJoin")).toEqual(["Changelog mode: append", "State size: medium"]);
  });

  test("a cross join: both inputs shuffled (gathered on one task), append-only", () => {
    const text = plan("SELECT * FROM A, B");
    expect(operators(text)).toEqual(["StreamSink", "StreamCalc", "StreamJoin", "StreamExchange", "StreamTableSourceScan", "StreamExchange", "StreamTableSourceScan"]);
    expect(detailsOf(text, "StreamJoin")).toEqual(["Changelog mode: append", "State size: medium"]);
  });

  test("an interval join and a window join keep their own operator names, with low state", () => {
    const interval = plan("SELECT * FROM A, B WHERE A.id = B.id AND A.ts BETWEEN B.ts - INTERVAL '4' HOUR AND B.ts");
    expect(operators(interval)).toContain("StreamIntervalJoin");
    expect(operators(interval)).not.toContain("StreamJoin");
    expect(detailsOf(interval, "StreamIntervalJoin")).toEqual(["Changelog mode: append", "State size: low"]);
    const windowJoin = plan(`SELECT L.id, R.v FROM ${tumble("A")} L JOIN ${tumble("B")} R ON L.window_start = R.window_start AND L.window_end = R.window_end AND L.id = R.id`);
    // Shuffled by the key besides the windows; each window is assigned by the TVF on its side.
    expect(planLines(windowJoin).slice(2)).toEqual([
      "    +- StreamWindowJoin [7]",
      "      +- StreamExchange [3]",
      "      :  +- StreamWindowTableFunction [2]",
      "      :    +- StreamTableSourceScan [1]",
      "      +- StreamExchange [6]",
      "        +- StreamWindowTableFunction [5]",
      "          +- StreamTableSourceScan [4]",
    ]);
    expect(detailsOf(windowJoin, "StreamWindowJoin")).toEqual(["Changelog mode: append", "State size: low"]);
    expect(detailsOf(windowJoin, "StreamWindowTableFunction")).toEqual(["Changelog mode: append", "State size: low"]);
  });
});

describe("decorrelated subqueries", () => {
  const CORRELATED = "L.window_start = R.window_start AND L.window_end = R.window_end AND L.id = R.id";

  test("an EXISTS over windows is a window (semi) join, append-only", () => {
    const text = plan(`SELECT L.id, L.v FROM ${tumble("A")} L WHERE EXISTS (SELECT * FROM ${tumble("B")} R WHERE ${CORRELATED})`);
    expect(operators(text)).toContain("StreamWindowJoin");
    expect(detailsOf(text, "StreamWindowJoin")).toEqual(["Changelog mode: append", "State size: low"]);
    expect(text).not.toContain("$corr");
  });

  test("an IN over a normalised table: the subquery side keeps the table's key up to the join", () => {
    const text = plan("SELECT * FROM orders WHERE cust IN (SELECT id FROM customers c WHERE c.id = orders.cust)");
    expect(operators(text)).toEqual([
      "StreamSink", "StreamCalc", "StreamJoin", "StreamExchange", "StreamTableSourceScan",
      "StreamExchange", "StreamCalc", "StreamChangelogNormalize", "StreamExchange", "StreamTableSourceScan",
    ]);
    expect(detailsOf(text, "StreamCalc")).toEqual(["Changelog mode: retract", "Upsert key: (id)"]);
    expect(text).not.toContain("$corr");
  });
});

describe("aggregates, Top-N and limits", () => {
  test("a group aggregate: shuffled by its keys, retracting, keyed by its group keys", () => {
    const text = plan("SELECT cust, COUNT(*) AS cnt, SUM(amount) FROM orders GROUP BY cust");
    // The projection that only passes the aggregate's row on is no operator.
    expect(planLines(text)).toEqual(["StreamSink [4]", "  +- StreamGroupAggregate [3]", "    +- StreamExchange [2]", "      +- StreamTableSourceScan [1]"]);
    expect(detailsOf(text, "StreamTableSourceScan")).toEqual(ORDERS_SCAN);
    expect(detailsOf(text, "StreamGroupAggregate")).toEqual(["Changelog mode: retract", "Upsert key: (cust)", "State size: medium"]);
    expect(detailsOf(text, "StreamSink")).toEqual(["Table: Foreground", "Changelog mode: retract", "Upsert key: (cust)", "State size: low"]);
    // Without keys: one group, no upsert key.
    expect(detailsOf(plan("SELECT COUNT(DISTINCT cust) FROM orders"), "StreamGroupAggregate")).toEqual(["Changelog mode: retract", "State size: medium"]);
    expect(detailsOf(plan("SELECT name, COUNT(*) FROM customers GROUP BY name"), "StreamGroupAggregate")).toEqual(["Changelog mode: retract", "Upsert key: (name)", "State size: medium"]);
  });

  test("a window aggregate over its TVF is one append-only StreamWindowAggregate (the TVF merged in)", () => {
    const text = plan("SELECT window_start, window_end, cust, SUM(amount) AS total FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '10' MINUTES)) GROUP BY window_start, window_end, cust");
    expect(planLines(text)).toEqual(["StreamSink [5]", "  +- StreamCalc [4]", "    +- StreamWindowAggregate [3]", "      +- StreamExchange [2]", "        +- StreamTableSourceScan [1]"]);
    expect(detailsOf(text, "StreamWindowAggregate")).toEqual(["Changelog mode: append", "State size: low"]);
    expect(operators(plan("SELECT window_start, COUNT(*) FROM TABLE(HOP(TABLE orders, DESCRIPTOR(ts), INTERVAL '5' MINUTES, INTERVAL '1' HOUR)) GROUP BY window_start, window_end"))).toContain("StreamWindowAggregate");
  });

  test("a Top-N is a StreamRank keyed by partition and number, a window Top-N a StreamWindowRank, ORDER BY ... LIMIT a StreamSortLimit", () => {
    const rank = plan("SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY cust ORDER BY amount DESC) AS rn FROM orders) WHERE rn <= 3");
    expect(planLines(rank)).toContain("    +- StreamRank [3]");
    expect(planLines(rank)).toContain("      +- StreamExchange [2]");
    expect(detailsOf(rank, "StreamRank")).toEqual(["Changelog mode: retract", "Upsert key: (cust,rn)", "State size: medium"]);
    const windowRank = plan(`SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end, id ORDER BY ts DESC) AS rn FROM ${tumble("A")}) WHERE rn <= 2`);
    expect(operators(windowRank)).toContain("StreamWindowRank");
    expect(detailsOf(windowRank, "StreamWindowRank")).toEqual(["Changelog mode: append", "State size: low"]);
    const sortLimit = plan("SELECT * FROM orders ORDER BY amount DESC LIMIT 5");
    expect(operators(sortLimit).slice(0, 3)).toEqual(["StreamSink", "StreamSortLimit", "StreamExchange"]);
    expect(detailsOf(sortLimit, "StreamSortLimit")).toEqual(["Changelog mode: retract", "State size: medium"]);
  });
});

describe("other nodes", () => {
  test("a filter and the projection over it are one StreamCalc, which passes appended rows on without a details block", () => {
    const text = plan("SELECT id, amount FROM orders WHERE amount > 10");
    expect(planLines(text)).toEqual(["StreamSink [3]", "  +- StreamCalc [2]", "    +- StreamTableSourceScan [1]"]);
    expect(detailsOf(text, "StreamCalc")).toBeNull();
  });

  test("a union's inputs: the first drawn with its branch continued by :, the last without", () => {
    expect(planLines(plan("SELECT id FROM A UNION ALL SELECT id FROM B"))).toEqual([
      "StreamSink [6]",
      "  +- StreamUnion [5]",
      "    +- StreamCalc [2]",
      "    :  +- StreamTableSourceScan [1]",
      "    +- StreamCalc [4]",
      "      +- StreamTableSourceScan [3]",
    ]);
  });

  test("an INSERT plan hangs under its StreamSink, which names the table by its full path", () => {
    h.run("CREATE TABLE sink_t (cust INT, n BIGINT)");
    const text = plan("INSERT INTO sink_t SELECT cust, COUNT(*) FROM orders GROUP BY cust");
    expect(planLines(text)).toEqual(["StreamSink [4]", "  +- StreamGroupAggregate [3]", "    +- StreamExchange [2]", "      +- StreamTableSourceScan [1]"]);
    expect(detailsOf(text, "StreamSink")).toEqual(["Table: `default`.`cluster_0`.`sink_t`", "Changelog mode: retract", "Upsert key: (cust)", "State size: low"]);
  });

  test("a planner message names the producing aggregate by the same text", () => {
    h.run("CREATE TABLE Ticker (symbol STRING, price BIGINT, rowtime TIMESTAMP(3), WATERMARK FOR rowtime AS rowtime)");
    const sql = "SELECT * FROM (SELECT symbol, COUNT(*) AS n FROM Ticker GROUP BY symbol) MATCH_RECOGNIZE (ORDER BY symbol MEASURES A.n AS a PATTERN (A) DEFINE A AS A.n > 1)";
    expect(() => h.compile(sql)).toThrow(/produced by node GroupAggregate\(groupBy=\[symbol\], select=\[symbol, COUNT\(\*\) AS EXPR\$1\]\)/);
  });
});

describe("exchanges and temporal joins", () => {
  test("no shuffle where the input is distributed as needed already: an aggregate over a normalised table by its key", () => {
    expect(operators(plan("SELECT id, COUNT(*) FROM customers GROUP BY id"))).toEqual(["StreamSink", "StreamGroupAggregate", "StreamChangelogNormalize", "StreamExchange", "StreamTableSourceScan"]);
    // Grouped by another column, the normalised rows are shuffled again, still retracting by the table's key.
    const text = plan("SELECT name, COUNT(*) FROM customers GROUP BY name");
    expect(operators(text)).toEqual(["StreamSink", "StreamGroupAggregate", "StreamExchange", "StreamChangelogNormalize", "StreamExchange", "StreamTableSourceScan"]);
    expect(detailsOf(text, "StreamExchange")).toEqual(["Changelog mode: upsert", "Upsert key: (id)"]);
    expect(detailsOf(text, "StreamExchange", 1)).toEqual(["Changelog mode: retract", "Upsert key: (id)"]);
  });

  test("an event-time temporal join is a StreamTemporalJoin over the normalised versioned table, append-only", () => {
    h.run("CREATE TABLE rates (cust INT NOT NULL, rate DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts, PRIMARY KEY (cust) NOT ENFORCED)");
    const text = plan("SELECT o.id, r.rate FROM orders o JOIN rates FOR SYSTEM_TIME AS OF o.ts AS r ON o.cust = r.cust");
    expect(planLines(text).slice(2, 5)).toEqual(["    +- StreamTemporalJoin [6]", "      +- StreamExchange [2]", "      :  +- StreamTableSourceScan [1]"]);
    expect(detailsOf(text, "StreamTemporalJoin")).toEqual(["Changelog mode: append", "State size: medium"]);
  });
});
