/**
 * MATCH_RECOGNIZE. Expected values come from the Flink docs page "Queries > Pattern Recognition"
 * (FLINK below) and Confluent Cloud's "Pattern Recognition Queries" page (CONFLUENT, same
 * examples); error texts from Flink's StreamExecMatch, MatchCodeGenerator,
 * MatchRecognizeValidationTest and PatternTranslatorTest. Where a docs table disagrees with what
 * Flink's CEP code does, the test says so and follows the code.
 */
import { describe, expect, test } from "vitest";
import { formatType } from "../../../src/types/format-type.ts";
import { formatStatement } from "../../../src/emulator/sql/syntax/formatter.ts";
import { parseStatement } from "../../../src/emulator/sql/syntax/parser.ts";
import { stripPositions } from "../../../src/emulator/sql/syntax/strip.ts";
import { Harness } from "./harness.ts";

const FLINK = "https://nightlies.apache.org/flink/flink-docs-stable/docs/dev/table/sql/queries/match_recognize/";
const CONFLUENT = "https://docs.confluent.io/cloud/current/flink/reference/queries/match_recognize.html";

type TickerRow = readonly [time: string, price: number, tax: number];

/** The docs' `Ticker` table (symbol, price, tax, rowtime), event time on `rowtime`. */
function ticker(rows: readonly TickerRow[], priceType = "BIGINT", symbol = "ACME"): Harness {
  const h = new Harness();
  h.run(`CREATE TABLE Ticker (symbol STRING, price ${priceType}, tax BIGINT, rowtime TIMESTAMP(3), WATERMARK FOR rowtime AS rowtime)`);
  if (rows.length > 0) insert(h, rows, symbol);
  return h;
}

function insert(h: Harness, rows: readonly TickerRow[], symbol = "ACME"): void {
  h.run("INSERT INTO Ticker VALUES " + rows.map(([ts, p, t]) => `('${symbol}', ${p}, ${t}, TIMESTAMP '${ts}')`).join(", "));
}

/** Rows one second apart from `base` (`yyyy-MM-dd HH:mm`), starting at second `from`. */
function seconds(base: string, from: number, prices: ReadonlyArray<readonly [number, number]>): TickerRow[] {
  return prices.map(([p, t], i) => [`${base}:${String(from + i).padStart(2, "0")}`, p, t] as const);
}

function schema(h: Harness, sql: string): string[] {
  return h.compile(sql).traits.schema!.map((c) => `${c.name} ${formatType(c.type)}`);
}

// FLINK "Introduction and Examples": the V shape of a falling then rising price.
const V_SHAPE = `SELECT * FROM Ticker MATCH_RECOGNIZE (
  PARTITION BY symbol
  ORDER BY rowtime
  MEASURES
    START_ROW.rowtime AS start_tstamp,
    LAST(PRICE_DOWN.rowtime) AS bottom_tstamp,
    LAST(PRICE_UP.rowtime) AS end_tstamp
  ONE ROW PER MATCH
  AFTER MATCH SKIP TO LAST PRICE_UP
  PATTERN (START_ROW PRICE_DOWN+ PRICE_UP)
  DEFINE
    PRICE_DOWN AS
      (LAST(PRICE_DOWN.price, 1) IS NULL AND PRICE_DOWN.price < START_ROW.price) OR
        PRICE_DOWN.price < LAST(PRICE_DOWN.price, 1),
    PRICE_UP AS PRICE_UP.price > LAST(PRICE_DOWN.price, 1)
) MR`;

const V_ROWS = seconds("2011-04-01 10:00", 0, [[12, 1], [17, 2], [19, 1], [21, 3], [25, 2], [18, 1], [15, 1], [14, 2], [24, 2], [25, 2], [19, 1]]);

describe("the docs' examples", () => {
  test(`V shape: one summary row per period of falling prices (${FLINK}, ${CONFLUENT})`, () => {
    const h = ticker(V_ROWS);
    expect(h.snapshotLog(V_SHAPE)).toEqual(["+I[ACME, 2011-04-01 10:00:04.000, 2011-04-01 10:00:07.000, 2011-04-01 10:00:08.000]"]);
    // Output = PARTITION BY columns + measures; a rowtime read in MEASURES is a plain timestamp.
    expect(schema(h, V_SHAPE)).toEqual(["symbol STRING", "start_tstamp TIMESTAMP(3)", "bottom_tstamp TIMESTAMP(3)", "end_tstamp TIMESTAMP(3)"]);
  });

  test(`V shape in streaming mode: append-only, emitted once the watermark passes the match (${FLINK})`, () => {
    const h = ticker([]);
    const s = h.start(V_SHAPE);
    expect(s.traits).toMatchObject({ isAppendOnly: true, upsertColumns: null });
    insert(h, V_ROWS.slice(0, 8)); // up to 10:00:07, the bottom
    expect(s.sink.log).toEqual([]);
    insert(h, V_ROWS.slice(8)); // 10:00:08 (PRICE_UP) and later
    expect(s.sink.log).toEqual(["+I[ACME, 2011-04-01 10:00:04.000, 2011-04-01 10:00:07.000, 2011-04-01 10:00:08.000]"]);
    expect(s.sink.failed).toBeNull();
  });

  test(`aggregations: the longest periods whose average price stays below 15 (${FLINK})`, () => {
    // The docs' Ticker has a BIGINT price, whose AVG is a BIGINT in Flink (14 and 13); the
    // documented 14.5 / 13.5 are the averages of the same rows as DOUBLE.
    const rows = seconds("2011-04-01 10:00", 0, [[12, 1], [17, 2], [13, 1], [16, 3], [25, 2], [2, 1], [4, 1], [10, 2], [15, 2], [25, 2], [25, 1], [30, 1]]);
    const q = `SELECT * FROM Ticker MATCH_RECOGNIZE (
      PARTITION BY symbol ORDER BY rowtime
      MEASURES FIRST(A.rowtime) AS start_tstamp, LAST(A.rowtime) AS end_tstamp, AVG(A.price) AS avgPrice
      ONE ROW PER MATCH AFTER MATCH SKIP PAST LAST ROW
      PATTERN (A+ B)
      DEFINE A AS AVG(A.price) < 15) MR`;
    expect(ticker(rows, "DOUBLE").snapshotLog(q)).toEqual([
      "+I[ACME, 2011-04-01 10:00:00.000, 2011-04-01 10:00:03.000, 14.5]",
      "+I[ACME, 2011-04-01 10:00:05.000, 2011-04-01 10:00:10.000, 13.5]",
    ]);
    const h = ticker(rows);
    expect(h.snapshotLog(q)).toEqual(["+I[ACME, 2011-04-01 10:00:00.000, 2011-04-01 10:00:03.000, 14]", "+I[ACME, 2011-04-01 10:00:05.000, 2011-04-01 10:00:10.000, 13]"]);
    expect(schema(h, q)).toEqual(["symbol STRING", "start_tstamp TIMESTAMP(3)", "end_tstamp TIMESTAMP(3)", "avgPrice BIGINT"]);
  });

  describe(`greedy and reluctant quantifiers (${FLINK}#greedy--reluctant-quantifiers)`, () => {
    const rows = seconds("2018-09-17 10:00", 2, [[10, 1], [11, 2], [12, 1], [13, 2], [14, 1], [16, 2]]);
    const q = (b: string) => `SELECT * FROM Ticker MATCH_RECOGNIZE (
      PARTITION BY symbol ORDER BY rowtime
      MEASURES C.price AS lastPrice
      ONE ROW PER MATCH AFTER MATCH SKIP PAST LAST ROW
      PATTERN (A ${b} C)
      DEFINE A AS A.price > 10, B AS B.price < 15, C AS C.price > 12)`;
    test("greedy B* swallows 12, 13 and 14", () => {
      expect(ticker(rows, "BIGINT", "XYZ").snapshotLog(q("B*"))).toEqual(["+I[XYZ, 16]"]);
    });
    test("reluctant B*? stops as soon as C matches", () => {
      expect(ticker(rows, "BIGINT", "XYZ").snapshotLog(q("B*?"))).toEqual(["+I[XYZ, 13]", "+I[XYZ, 16]"]);
    });
  });

  test(`time constraint: WITHIN INTERVAL '1' HOUR (${FLINK}#time-constraint)`, () => {
    const at = (hm: string, p: number, t: number): TickerRow => [`2011-04-01 ${hm}:00`, p, t];
    const rows = [at("10:00", 20, 1), at("10:20", 17, 2), at("10:40", 18, 1), at("11:00", 11, 3), at("11:20", 14, 2), at("11:40", 9, 1), at("12:00", 15, 1), at("12:20", 14, 2), at("12:40", 24, 2), at("13:00", 1, 2), at("13:20", 19, 1)];
    // The docs' query misses the comma between the B and C definitions. Their table shows the drop
    // from 15 (12:00) to 1 (13:00), exactly one hour; Flink's NFA drops a partial match once
    // `time - start >= within` (NFA.isStateTimedOut, run by CepOperator before the rows of that
    // time), so the match that finishes is the one from 14 (12:20): dropDiff 13.
    const q = `SELECT * FROM Ticker MATCH_RECOGNIZE (
      PARTITION BY symbol ORDER BY rowtime
      MEASURES C.rowtime AS dropTime, A.price - C.price AS dropDiff
      ONE ROW PER MATCH AFTER MATCH SKIP PAST LAST ROW
      PATTERN (A B* C) WITHIN INTERVAL '1' HOUR
      DEFINE B AS B.price > A.price - 10, C AS C.price < A.price - 10)`;
    expect(ticker(rows).snapshotLog(q)).toEqual(["+I[ACME, 2011-04-01 13:00:00.000, 13]"]);
    // Without the constraint, the earliest drop of more than 10 wins (20 at 10:00 to 9 at 11:40).
    expect(ticker(rows).snapshotLog(q.replace("WITHIN INTERVAL '1' HOUR", ""))).toEqual(["+I[ACME, 2011-04-01 11:40:00.000, 11]", "+I[ACME, 2011-04-01 13:00:00.000, 14]"]);
  });

  describe(`output mode: partition columns first, then the measures (${FLINK}#output-mode)`, () => {
    const rows = seconds("2018-09-17 10:00", 2, [[10, 1], [12, 2], [13, 1], [11, 2]]);
    const q = (after: string) => `SELECT * FROM Ticker MATCH_RECOGNIZE (
      PARTITION BY symbol ORDER BY rowtime
      MEASURES FIRST(A.price) AS startPrice, LAST(A.price) AS topPrice, B.price AS lastPrice
      ONE ROW PER MATCH ${after}
      PATTERN (A+ B)
      DEFINE A AS LAST(A.price, 1) IS NULL OR A.price > LAST(A.price, 1), B AS B.price < LAST(A.price))`;
    test("the documented row", () => {
      const h = ticker(rows, "BIGINT", "XYZ");
      expect(h.snapshotLog(q("AFTER MATCH SKIP PAST LAST ROW"))).toEqual(["+I[XYZ, 10, 13, 11]"]);
      expect(schema(h, q(""))).toEqual(["symbol STRING", "startPrice BIGINT", "topPrice BIGINT", "lastPrice BIGINT"]);
    });
    test("the default AFTER MATCH SKIP TO NEXT ROW also finds the matches starting at 12 and 13", () => {
      // The docs print only the first row; Calcite's default strategy is SKIP TO NEXT ROW
      // (PatternTranslatorTest.simplePattern: Pattern.begin("A", skipToNext())).
      expect(ticker(rows, "BIGINT", "XYZ").snapshotLog(q(""))).toEqual(["+I[XYZ, 10, 13, 11]", "+I[XYZ, 12, 13, 11]", "+I[XYZ, 13, 13, 11]"]);
    });
  });

  describe(`after match strategies (${FLINK}#after-match-strategy)`, () => {
    const rows = seconds("2018-09-17 10:00", 1, [[7, 1], [9, 2], [10, 1], [5, 2], [10, 2], [7, 2], [14, 2]]);
    const q = (strategy: string) => `SELECT * FROM Ticker MATCH_RECOGNIZE (
      PARTITION BY symbol ORDER BY rowtime
      MEASURES SUM(A.price) AS sumPrice, FIRST(rowtime) AS startTime, LAST(rowtime) AS endTime
      ONE ROW PER MATCH AFTER MATCH ${strategy}
      PATTERN (A+ C)
      DEFINE A AS SUM(A.price) < 30)`;
    const row = (sum: number, from: number, to: number) => `+I[XYZ, ${sum}, 2018-09-17 10:00:0${from}.000, 2018-09-17 10:00:0${to}.000]`;
    test("SKIP PAST LAST ROW", () => {
      expect(ticker(rows, "BIGINT", "XYZ").snapshotLog(q("SKIP PAST LAST ROW"))).toEqual([row(26, 1, 4), row(17, 5, 7)]);
    });
    test("SKIP TO NEXT ROW", () => {
      expect(ticker(rows, "BIGINT", "XYZ").snapshotLog(q("SKIP TO NEXT ROW"))).toEqual([row(26, 1, 4), row(24, 2, 5), row(25, 3, 6), row(22, 4, 7), row(17, 5, 7)]);
    });
    test("SKIP TO LAST A (and SKIP TO A, its short form)", () => {
      const expected = [row(26, 1, 4), row(25, 3, 6), row(17, 5, 7)];
      expect(ticker(rows, "BIGINT", "XYZ").snapshotLog(q("SKIP TO LAST A"))).toEqual(expected);
      expect(ticker(rows, "BIGINT", "XYZ").snapshotLog(q("SKIP TO A"))).toEqual(expected);
    });
    test("SKIP TO FIRST A fails at runtime: it would start again where the match started", () => {
      const h = ticker(rows, "BIGINT", "XYZ");
      const r = h.start(q("SKIP TO FIRST A"), { "sql.snapshot.mode": "now" });
      expect(r.sink.failed).toContain("Could not skip to first element of a match.");
    });
    test("SKIP TO FIRST / LAST a variable the match has no row for fails at runtime", () => {
      const h = ticker(rows, "BIGINT", "XYZ");
      const r = h.start(
        "SELECT * FROM Ticker MATCH_RECOGNIZE (PARTITION BY symbol ORDER BY rowtime MEASURES C.price AS p AFTER MATCH SKIP TO LAST B PATTERN (A B? C) DEFINE A AS A.price = 7, B AS B.price = 100)",
        { "sql.snapshot.mode": "now" },
      );
      expect(r.sink.failed).toMatch(/Could not skip to B\. No such element in the found match \{A=\[EventId\{id=\d+, timestamp=\d+\}\], C=\[EventId\{id=\d+, timestamp=\d+\}\]\}/);
    });
  });
});

/**
 * Flink's MatchRecognizeITCase (flink-table-planner, runtime/stream/sql), which runs in batch
 * mode: here as snapshot queries. Event times are TIMESTAMP(3) seconds from a fixed start.
 */
describe("Flink's MatchRecognizeITCase", () => {
  const ts = (sec: number) => `TIMESTAMP '2023-12-01 12:${String(Math.floor(sec / 60)).padStart(2, "0")}:${String(sec % 60).padStart(2, "0")}'`;
  function table(columns: string, rows: readonly string[]): Harness {
    const h = new Harness();
    h.run(`CREATE TABLE MyTable (${columns})`);
    h.run(`INSERT INTO MyTable VALUES ${rows.map((r) => `(${r})`).join(", ")}`);
    return h;
  }
  const names = (list: ReadonlyArray<readonly [number, string | null, number]>) => list.map(([id, name, sec]) => `${id}, ${name === null ? "CAST(NULL AS STRING)" : `'${name}'`}, ${ts(sec)}`);

  test("testSimplePatternInEventTime", () => {
    const h = table("id INT, name STRING, ts TIMESTAMP(3)", names([[1, "a", 1], [2, "z", 2], [3, "b", 3], [4, "c", 4], [5, "d", 5], [6, "a", 6], [7, "b", 7], [8, "c", 8], [9, "h", 9]]));
    const q = `SELECT T.aid, T.bid, T.cid FROM MyTable MATCH_RECOGNIZE (ORDER BY ts MEASURES \`A"\`.id AS aid, l.id AS bid, C.id AS cid
      PATTERN (\`A"\` l C) DEFINE \`A"\` AS name = 'a', l AS name = 'b', C AS name = 'c') AS T`;
    expect(h.snapshotLog(q)).toEqual(["+I[6, 7, 8]"]);
  });

  test("testTimeConstraint", () => {
    const h = table("id INT, name STRING, ts TIMESTAMP(3)", names([[1, "z", 1], [2, "a", 2], [3, "b", 30], [4, "c", 60], [5, "x", 100], [6, "a", 101], [7, "b", 131], [8, "c", 162], [9, "z", 200]]));
    const q = `SELECT T.aid, T.bid, T.cid FROM MyTable MATCH_RECOGNIZE (ORDER BY ts MEASURES A.id AS aid, B.id AS bid, C.id AS cid
      PATTERN (A B C) WITHIN INTERVAL '1' MINUTE DEFINE A AS name = 'a', B AS name = 'b', C AS name = 'c') AS T`;
    expect(h.snapshotLog(q)).toEqual(["+I[2, 3, 4]"]);
  });

  test("testSimplePatternWithNulls", () => {
    const rows = names([[1, "a", 1], [2, "b", 2], [3, "c", 3], [4, "d", 4], [5, null, 5], [6, "a", 6], [7, "b", 7], [8, "c", 8], [9, null, 9]]).map((r) => r.replace(/, TIMESTAMP/, ", CAST(NULL AS STRING), TIMESTAMP"));
    const h = table("id INT, name STRING, nullField STRING, ts TIMESTAMP(3)", rows);
    const q = `SELECT T.aid, T.bNull, T.cid, T.aNull FROM MyTable MATCH_RECOGNIZE (ORDER BY ts
      MEASURES A.id AS aid, A.nullField AS aNull, LAST(B.nullField) AS bNull, C.id AS cid
      PATTERN (A B C)
      DEFINE A AS name = 'a' AND nullField IS NULL, B AS name = 'b' AND LAST(A.nullField) IS NULL, C AS name = 'c') AS T`;
    expect(h.snapshotLog(q)).toEqual(["+I[1, NULL, 3, NULL]", "+I[6, NULL, 8, NULL]"]);
  });

  test("testCodeSplitsAreProperlyGenerated: PARTITION BY two keys", () => {
    const data: Array<[number, string, string, string]> = [[1, "a", "key1", "second_key3"], [2, "b", "key1", "second_key3"], [3, "c", "key1", "second_key3"], [4, "d", "key", "second_key"], [5, "e", "key", "second_key"], [6, "a", "key2", "second_key4"], [7, "b", "key2", "second_key4"], [8, "c", "key2", "second_key4"], [9, "f", "key", "second_key"]];
    const h = table("id INT, name STRING, key1 STRING, key2 STRING, ts TIMESTAMP(3)", data.map(([id, n, k1, k2]) => `${id}, '${n}', '${k1}', '${k2}', ${ts(id)}`));
    const q = `SELECT * FROM MyTable MATCH_RECOGNIZE (PARTITION BY key1, key2 ORDER BY ts
      MEASURES A.id AS aid, A.key1 AS akey1, LAST(B.id) AS bid, C.id AS cid, C.key2 AS ckey2
      PATTERN (A B C)
      DEFINE A AS name = 'a' AND key1 LIKE '%key%' AND id > 0, B AS name = 'b' AND LAST(A.name, 2) IS NULL, C AS name = 'c' AND LAST(A.name) = 'a') AS T`;
    expect(h.snapshotLog(q).sort()).toEqual(["+I[key1, second_key3, 1, key1, 2, 3, second_key3]", "+I[key2, second_key4, 6, key2, 7, 8, second_key4]"]);
  });

  test("testEventsAreProperlyOrdered: ORDER BY ts, secondaryOrder DESC, ternaryOrder ASC", () => {
    const data = [[2, 12, 1, "a", 1], [1, 11, 2, "b", 2], [3, 10, 3, "c", 3], [4, 8, 4, "a", 4], [4, 9, 5, "b", 5], [5, 7, 6, "c", 6], [6, 6, 8, "a", 7], [6, 6, 7, "b", 8], [8, 4, 9, "c", 9], [9, 3, 10, "a", 10], [10, 2, 11, "b", 11], [11, 1, 12, "c", 12]] as const;
    const h = table("ts TIMESTAMP(3), secondaryOrder INT, ternaryOrder INT, name STRING, id INT", data.map(([s, o2, o3, n, id]) => `${ts(2 + s)}, ${o2}, ${o3}, '${n}', ${id}`));
    const q = `SELECT T.aid, T.bid, T.cid FROM MyTable MATCH_RECOGNIZE (ORDER BY ts, secondaryOrder DESC, ternaryOrder ASC
      MEASURES A.id AS aid, B.id AS bid, C.id AS cid PATTERN (A B C) DEFINE A AS name = 'a', B AS name = 'b', C AS name = 'c') AS T`;
    expect(h.snapshotLog(q)).toEqual(["+I[10, 11, 12]"]);
  });

  const ticker8 = (prices: readonly number[]) =>
    table("symbol STRING, tstamp BIGINT, price INT, tax INT, ts AS TO_TIMESTAMP_LTZ(tstamp, 3)", prices.map((p, i) => `'ACME', ${i + 1}, ${p}, ${i + 1}`));

  test("testLogicalOffsets", () => {
    const q = `SELECT * FROM MyTable MATCH_RECOGNIZE (ORDER BY ts
      MEASURES FIRST(DOWN.tstamp) AS start_tstamp, LAST(DOWN.tstamp) AS bottom_tstamp, UP.tstamp AS end_tstamp,
        FIRST(DOWN.price + DOWN.tax + 1) AS bottom_total, UP.price + UP.tax AS end_total
      ONE ROW PER MATCH AFTER MATCH SKIP PAST LAST ROW
      PATTERN (DOWN{2,} UP)
      DEFINE DOWN AS price < LAST(DOWN.price, 1) OR LAST(DOWN.price, 1) IS NULL, UP AS price < FIRST(DOWN.price)) AS T`;
    expect(ticker8([19, 17, 13, 20, 20, 26, 20, 25]).snapshotLog(q)).toEqual(["+I[6, 7, 8, 33, 33]"]);
  });

  test("testLogicalOffsetsWithStarVariable", () => {
    const h = table("id INT, symbol STRING, tstamp BIGINT, price INT, ts AS TO_TIMESTAMP_LTZ(tstamp, 3)", [20, 19, 18, 17, 16, 15, 14, 20].map((p, i) => `${i + 1}, 'ACME', ${i + 1}, ${p}`));
    const firsts = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => `FIRST(id, ${i}) AS id${i}`);
    const lasts = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => `LAST(id, ${i}) AS id${i + 8}`);
    const q = `SELECT * FROM MyTable MATCH_RECOGNIZE (ORDER BY ts MEASURES ${[...firsts, ...lasts].join(", ")}
      ONE ROW PER MATCH AFTER MATCH SKIP PAST LAST ROW
      PATTERN (\`DOWN"\`{2,} UP)
      DEFINE \`DOWN"\` AS price < LAST(price, 1) OR LAST(price, 1) IS NULL,
        UP AS price = FIRST(price) AND price > FIRST(price, 3) AND price = LAST(price, 7)) AS T`;
    expect(h.snapshotLog(q)).toEqual(["+I[1, 2, 3, 4, 5, 6, 7, 8, 8, 7, 6, 5, 4, 3, 2, 1]"]);
  });

  test("testLogicalOffsetOutsideOfRangeInMeasures", () => {
    const q = `SELECT * FROM MyTable MATCH_RECOGNIZE (ORDER BY ts
      MEASURES FIRST(DOWN.price) AS \`first\`, LAST(DOWN.price) AS \`last\`, FIRST(DOWN.price, 5) AS nullPrice
      ONE ROW PER MATCH AFTER MATCH SKIP PAST LAST ROW
      PATTERN (DOWN{2,} UP)
      DEFINE DOWN AS price < LAST(DOWN.price, 1) OR LAST(DOWN.price, 1) IS NULL, UP AS price > LAST(DOWN.price)) AS T`;
    expect(ticker8([19, 17, 13, 20]).snapshotLog(q)).toEqual(["+I[19, 13, NULL]"]);
  });

  test("testPartitionByWithParallelSource", () => {
    const q = `SELECT * FROM MyTable MATCH_RECOGNIZE (PARTITION BY symbol ORDER BY ts
      MEASURES DOWN.tax AS bottom_tax, UP.tax AS end_tax ONE ROW PER MATCH AFTER MATCH SKIP PAST LAST ROW
      PATTERN (DOWN UP) DEFINE DOWN AS DOWN.price = 13, UP AS UP.price = 20) AS T`;
    expect(ticker8([19, 17, 13, 20]).snapshotLog(q)).toEqual(["+I[ACME, 3, 4]"]);
  });

  test("testAggregates (the weightedAvg UDAF written as SUM(price * weight) / SUM(weight))", () => {
    const data = [[1, "a", 1, 0.8, 1], [2, "z", 2, 0.8, 3], [3, "b", 1, 0.8, 2], [4, "c", 1, 0.8, 5], [5, "d", 4, 0.1, 5], [6, "a", 2, 1.5, 2], [7, "b", 2, 0.8, 3], [8, "c", 1, 0.8, 2], [9, "h", 4, 0.8, 3], [10, "h", 4, 0.8, 3], [11, "h", 2, 0.8, 3], [12, "h", 2, 0.8, 3]] as const;
    const h = table("id INT, name STRING, price INT, rate DOUBLE, weight INT, ts TIMESTAMP(3)", data.map(([id, n, p, r, w]) => `${id}, '${n}', ${p}, CAST(${r} AS DOUBLE), ${w}, ${ts(id)}`));
    const q = `SELECT * FROM MyTable MATCH_RECOGNIZE (ORDER BY ts
      MEASURES FIRST(id) AS startId, SUM(A.price) AS sumA, COUNT(D.price) AS countD, SUM(D.price) AS sumD,
        SUM(price * weight) / SUM(weight) AS wAvg, AVG(B.price) AS avgB, SUM(B.price * B.rate) AS sumExprB, LAST(id) AS endId
      AFTER MATCH SKIP PAST LAST ROW
      PATTERN (A+ B+ C D? E)
      DEFINE A AS SUM(A.price) < 6,
        B AS SUM(B.price * B.rate) < SUM(A.price) AND SUM(B.price * B.rate) > 0.2 AND SUM(B.price) >= 1 AND AVG(B.price) >= 1
          AND SUM(price * weight) / SUM(weight) > 1) AS T`;
    // COUNT over no rows is 0, SUM over no rows NULL.
    expect(h.snapshotLog(q)).toEqual(["+I[1, 5, 0, NULL, 2, 3, 3.4, 8]", "+I[9, 4, 0, NULL, 3, 4, 3.2, 12]"]);
  });

  test("testAggregatesWithNullInputs: COUNT(*) and COUNT(price) over the whole match", () => {
    const data = [[1, "a", 10], [2, "z", 10], [3, "b", null], [4, "c", null], [5, "d", 3], [6, "c", 3], [7, "c", 3], [8, "c", 3], [9, "c", 2]] as const;
    const h = table("id INT, name STRING, price INT, ts TIMESTAMP(3)", data.map(([id, n, p]) => `${id}, '${n}', ${p === null ? "CAST(NULL AS INT)" : p}, ${ts(id)}`));
    const q = `SELECT * FROM MyTable MATCH_RECOGNIZE (ORDER BY ts
      MEASURES SUM(A.price) AS sumA, COUNT(A.id) AS countAId, COUNT(A.price) AS countAPrice, COUNT(*) AS countAll, COUNT(price) AS countAllPrice, LAST(id) AS endId
      AFTER MATCH SKIP PAST LAST ROW
      PATTERN (A+ C)
      DEFINE A AS SUM(A.price) < 30, C AS C.name = 'c') AS T`;
    expect(h.snapshotLog(q)).toEqual(["+I[29, 7, 5, 8, 6, 8]"]);
  });
});

describe(`pattern navigation (${FLINK}#pattern-navigation)`, () => {
  // The docs' tables classify rows for PATTERN (A B+), which Flink does not run as written
  // (greedy last variable); a trailing C that takes the next row keeps the classification.
  const prices = (ps: number[]) => seconds("2018-09-17 10:00", 0, ps.map((p) => [p, 1] as const));

  test("A.price, SUM(price) over the whole match and SUM(B.price) over B's rows", () => {
    const q = `SELECT * FROM Ticker MATCH_RECOGNIZE (ORDER BY rowtime
      MEASURES A.price AS a, LAST(B.price) AS lastB, COUNT(B.price) AS nB, SUM(B.price) AS sumB, SUM(price) AS total, C.price AS c
      AFTER MATCH SKIP PAST LAST ROW
      PATTERN (A B+ C)
      DEFINE A AS A.price >= 10, B AS B.price > A.price AND SUM(price) < 100 AND SUM(B.price) < 80)`;
    // Rows #2-#4 go to B; #5 (35) does not: SUM(price) would be 111 and SUM(B.price) 101.
    expect(ticker(prices([10, 15, 20, 31, 35])).snapshotLog(q)).toEqual(["+I[10, 31, 3, 66, 111, 35]"]);
  });

  test("LAST(B.price, 1) and LAST(B.price, 2): logical offsets within B's rows", () => {
    const q = `SELECT * FROM Ticker MATCH_RECOGNIZE (ORDER BY rowtime
      MEASURES LAST(B.price) AS lastB, LAST(B.price, 1) AS b1, LAST(B.price, 2) AS b2, FIRST(B.price) AS firstB, FIRST(B.price, 1) AS secondB, LAST(B.price, 5) AS missing, C.price AS c
      AFTER MATCH SKIP PAST LAST ROW
      PATTERN (A B+ C)
      DEFINE A AS A.price >= 10,
        B AS (LAST(B.price, 1) IS NULL OR B.price > LAST(B.price, 1)) AND (LAST(B.price, 2) IS NULL OR B.price > 2 * LAST(B.price, 2)))`;
    // 35 is not mapped to B because 35 < 2 * 20.
    expect(ticker(prices([10, 15, 20, 31, 35])).snapshotLog(q)).toEqual(["+I[31, 20, 15, 15, 20, NULL, 35]"]);
  });

  test("LAST(price, 1) over all rows mapped so far (the default pattern variable)", () => {
    const q = `SELECT * FROM Ticker MATCH_RECOGNIZE (ORDER BY rowtime
      MEASURES A.price AS a, B.price AS b, C.price AS c, LAST(price, 1) AS beforeLast
      PATTERN (A B? C)
      DEFINE B AS B.price < 20, C AS LAST(price, 1) < C.price)`;
    // Second table of the docs: 20 maps to C and LAST(price, 1) is A's price.
    expect(ticker(prices([10, 20])).snapshotLog(q)).toEqual(["+I[10, NULL, 20, 10]"]);
  });

  test("PREV(x, 0) is the current row; physical offsets fail as in Flink", () => {
    const h = ticker(prices([10, 20, 5]));
    expect(h.snapshotLog("SELECT * FROM Ticker MATCH_RECOGNIZE (ORDER BY rowtime MEASURES A.price AS a, B.price AS b PATTERN (A B) DEFINE B AS PREV(B.price, 0) > A.price)")).toEqual(["+I[10, 20]"]);
    // PatternTranslatorTest.testPhysicalOffsetsAreNotSupported
    expect(() => h.compile("SELECT * FROM Ticker MATCH_RECOGNIZE (ORDER BY rowtime MEASURES A.price AS a PATTERN (A) DEFINE A AS PREV(A.price) = 1)")).toThrow(
      "Flink does not support physical offsets within partition.",
    );
  });

  test("a variable without DEFINE matches every row; MIN, MAX and expressions over one variable", () => {
    const q = `SELECT * FROM Ticker MATCH_RECOGNIZE (ORDER BY rowtime
      MEASURES MIN(A.price) AS lo, MAX(A.price) AS hi, SUM(A.price * A.tax) AS weighted, LAST(A.price * 2) AS twice, B.price AS b
      AFTER MATCH SKIP PAST LAST ROW
      PATTERN (A{3} B)
      DEFINE B AS B.price > 0)`;
    expect(ticker(prices([4, 9, 2, 7, 1, 1, 1, 1])).snapshotLog(q)).toEqual(["+I[2, 9, 15, 4, 7]", "+I[1, 1, 3, 2, 1]"]);
  });
});

describe("quantifiers", () => {
  const prices = (ps: number[]) => seconds("2018-09-17 10:00", 0, ps.map((p) => [p, 1] as const));
  const run = (pattern: string, define: string, ps: number[], after = "SKIP PAST LAST ROW") =>
    ticker(prices(ps)).snapshotLog(
      `SELECT * FROM Ticker MATCH_RECOGNIZE (ORDER BY rowtime MEASURES FIRST(price) AS f, LAST(price) AS l, COUNT(price) AS n AFTER MATCH ${after} PATTERN (${pattern}) DEFINE ${define})`,
    );

  test("{n}, {n,m} greedy and reluctant, {n,} and {,m}", () => {
    expect(run("A{2} B", "A AS A.price < 10, B AS B.price >= 10", [1, 2, 3, 10, 4, 5, 11])).toEqual(["+I[2, 10, 3]", "+I[4, 11, 3]"]);
    expect(run("A{1,3} B", "A AS A.price < 10, B AS B.price >= 10", [1, 2, 3, 4, 10])).toEqual(["+I[2, 10, 4]"]);
    expect(run("A{1,3}? B", "A AS A.price < 10", [1, 2, 3, 4, 5])).toEqual(["+I[1, 2, 2]", "+I[3, 4, 2]"]);
    expect(run("A{2,} B", "A AS A.price < 10, B AS B.price >= 10", [1, 10, 2, 3, 4, 10])).toEqual(["+I[2, 10, 4]"]);
    expect(run("A{,2} B", "A AS A.price < 10, B AS B.price >= 10", [10, 1, 2, 3, 10])).toEqual(["+I[10, 10, 1]", "+I[2, 10, 3]"]);
  });

  test("after a greedy {n,m} reached m rows, the next variable still may not take a row the loop accepts", () => {
    // NFACompiler.updateWithGreedyCondition puts NOT(A's condition) on every edge of B's state.
    expect(run("A{1,3} B", "A AS A.price < 10", [1, 2, 3, 4, 5])).toEqual([]);
  });

  test("+? at the end of a pattern is reluctant: the shortest match", () => {
    expect(run("A B+?", "A AS A.price = 1", [1, 5, 6, 1, 7])).toEqual(["+I[1, 5, 2]", "+I[1, 7, 2]"]);
  });

  test("optional A? and A* before a mandatory variable", () => {
    expect(run("A? B", "A AS A.price = 1, B AS B.price = 2", [1, 2, 3, 2])).toEqual(["+I[1, 2, 2]", "+I[2, 2, 1]"]);
    expect(run("A* B", "A AS A.price = 1, B AS B.price = 2", [1, 1, 1, 2, 2])).toEqual(["+I[1, 2, 4]", "+I[2, 2, 1]"]);
  });

  test("a greedy loop leaves a row to the next variable only when its own condition is false", () => {
    // B (no condition) could take the 3rd row, but A+ is greedy and A accepts it.
    expect(run("A+ B C", "A AS A.price < 5, C AS C.price = 9", [1, 2, 3, 7, 9])).toEqual(["+I[1, 9, 5]"]);
    expect(run("A+? B C", "A AS A.price < 5, C AS C.price = 9", [1, 2, 3, 7, 9])).toEqual(["+I[1, 9, 5]"]);
  });
});

describe("streaming", () => {
  const q = `SELECT * FROM Ticker MATCH_RECOGNIZE (
    PARTITION BY symbol ORDER BY rowtime
    MEASURES FIRST(UP.price) AS p1, LAST(UP.price) AS p3, MATCH_ROWTIME() AS mt
    AFTER MATCH SKIP PAST LAST ROW
    PATTERN (UP{3})
    DEFINE UP AS COUNT(UP.price) = 1 OR UP.price > LAST(UP.price, 1))`;

  test("rows are matched in event-time order per partition, whatever the arrival order; late rows are dropped", () => {
    const h = new Harness();
    h.run("CREATE TABLE Ticker (symbol STRING, price BIGINT, tax BIGINT, rowtime TIMESTAMP(3), WATERMARK FOR rowtime AS rowtime - INTERVAL '2' SECOND)");
    const s = h.start(q);
    const at = (sec: number, p: number): TickerRow => [`2024-01-01 00:00:${String(sec).padStart(2, "0")}`, p, 0];
    insert(h, [at(3, 30)], "A");
    insert(h, [at(1, 10)], "A");
    insert(h, [at(2, 20)], "A"); // in event time: 10, 20, 30
    expect(s.sink.log).toEqual([]);
    insert(h, [at(6, 1)], "B"); // the watermark (00:00:04) passes A's rows
    expect(s.sink.log).toEqual(["+I[A, 10, 30, 2024-01-01 00:00:03.000]"]);
    insert(h, [at(1, 5)], "A"); // behind the watermark: dropped
    insert(h, [at(7, 2)], "B");
    insert(h, [at(8, 3)], "B");
    insert(h, [at(11, 0)], "Z");
    expect(s.sink.log).toEqual(["+I[A, 10, 30, 2024-01-01 00:00:03.000]", "+I[B, 1, 3, 2024-01-01 00:00:08.000]"]);
  });

  test("MATCH_ROWTIME() is a time attribute: a window over the matches", () => {
    const h = ticker([]);
    expect(schema(h, q)).toEqual(["symbol STRING", "p1 BIGINT", "p3 BIGINT", "mt TIMESTAMP(3) NOT NULL"]);
    const s = h.start(
      `SELECT window_start, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE (${q}), DESCRIPTOR(mt), INTERVAL '10' SECOND)) GROUP BY window_start, window_end`,
    );
    insert(h, seconds("2024-01-01 00:00", 0, [[1, 0], [2, 0], [3, 0], [4, 0], [5, 0], [6, 0], [7, 0], [8, 0], [9, 0]]));
    insert(h, [["2024-01-01 00:00:30", 0, 0]], "Z");
    expect(s.sink.log).toEqual(["+I[2024-01-01 00:00:00.000, 3]"]);
  });

  test("secondary ORDER BY keys order rows with the same time", () => {
    const h = ticker([]);
    const s = h.start(`SELECT * FROM Ticker MATCH_RECOGNIZE (ORDER BY rowtime, price DESC MEASURES A.price AS a, B.price AS b PATTERN (A B) DEFINE A AS A.price > 1)`, {});
    insert(h, [["2024-01-01 00:00:01", 1, 0], ["2024-01-01 00:00:01", 2, 0], ["2024-01-01 00:00:01", 3, 0]]);
    insert(h, [["2024-01-01 00:00:02", 9, 0]]);
    // In time order 3, 2, 1 (price DESC), 9; the default SKIP TO NEXT ROW finds 3-2 and 2-1.
    expect(s.sink.log).toEqual(["+I[3, 2]", "+I[2, 1]"]);
  });

  test("a derived table and a table alias; the output columns are qualified by the alias", () => {
    const h = ticker(V_ROWS);
    expect(
      h.snapshotLog(
        `SELECT T.symbol, T.bottom FROM (SELECT symbol, price, rowtime FROM Ticker WHERE price > 0) MATCH_RECOGNIZE (
           PARTITION BY symbol ORDER BY rowtime MEASURES LAST(D.price) AS bottom
           AFTER MATCH SKIP PAST LAST ROW PATTERN (S D+ U) DEFINE D AS D.price < LAST(price, 1), U AS U.price > LAST(D.price)) AS T`,
      ),
    ).toEqual(["+I[ACME, 14]"]);
  });
});

describe("errors as Flink raises them", () => {
  const h = ticker([]);
  const mr = (body: string, from = "Ticker") => `SELECT * FROM ${from} MATCH_RECOGNIZE (${body})`;
  const fails = (sql: string, message: string) => expect(() => h.compile(sql)).toThrow(message);

  test("ORDER BY must start with an ascending time attribute in streaming mode (MatchRecognizeValidationTest)", () => {
    fails(mr("MEASURES A.symbol AS aSymbol PATTERN (A B) DEFINE A AS A.symbol = 'a'"), "You must specify either rowtime or proctime for order by.");
    fails(mr("ORDER BY price, rowtime MEASURES A.symbol AS aSymbol PATTERN (A B) DEFINE A AS A.symbol = 'a'"), "You must specify either rowtime or proctime for order by as the first one.");
    fails(mr("ORDER BY rowtime DESC MEASURES A.symbol AS aSymbol PATTERN (A B) DEFINE A AS A.symbol = 'a'"), "Primary sort order of a streaming table must be ascending on time.");
    // Batch (snapshot) mode sorts the bounded input by any key.
    const b = ticker(seconds("2024-01-01 00:00", 0, [[3, 0], [1, 0], [2, 0]]));
    expect(b.snapshotLog(mr("ORDER BY price MEASURES A.price AS a, B.price AS b AFTER MATCH SKIP PAST LAST ROW PATTERN (A B) DEFINE A AS TRUE"))).toEqual(["+I[1, 2]"]);
  });

  test("pattern forms CEP cannot run (PatternTranslatorTest, MatchRecognizeValidationTest)", () => {
    const body = (p: string) => `ORDER BY rowtime MEASURES A.price AS a PATTERN (${p}) DEFINE A AS A.price = 1`;
    fails(mr(body("(A | B) C")), "Currently, CEP doesn't support branching patterns.");
    fails(mr(body("(A B)+ C")), "Group patterns are not supported yet.");
    fails(mr(body("PERMUTE(A, C)")), "Currently, CEP doesn't support PERMUTE patterns.");
    fails(mr(body("A {- B -} C")), "Currently, CEP doesn't support '{-' '-}' patterns.");
    fails(mr(body("A B A")), "Pattern variables must be unique. That might change in the future.");
    fails(mr(body("A?? B")), "Reluctant optional variables are not supported yet.");
    fails(mr(body("A*")), "Patterns that can produce empty matches are not supported. There must be at least one non-optional state.");
    fails(mr(body("A? B*")), "Patterns that can produce empty matches are not supported.");
    fails(
      mr(body("A B+")),
      "Greedy quantifiers are not allowed as the last element of a Pattern yet. Finish your pattern with either a simple variable or reluctant quantifier.",
    );
    fails(mr(body("A B{2,3}")), "Greedy quantifiers are not allowed as the last element of a Pattern yet.");
    // A fixed count, an optional variable and a reluctant loop may end a pattern.
    for (const ok of ["A B{2}", "A B?", "A B*?"]) expect(() => h.compile(mr(body(ok)))).not.toThrow();
  });

  test("ALL ROWS PER MATCH, WITHIN with months, updating input", () => {
    fails(mr("ORDER BY rowtime MEASURES A.price AS a ALL ROWS PER MATCH PATTERN (A B) DEFINE A AS A.price = 1"), "All rows per match mode is not supported yet.");
    fails(
      mr("ORDER BY rowtime MEASURES A.price AS a PATTERN (A B) WITHIN INTERVAL '2-10' YEAR TO MONTH DEFINE A AS A.price = 1"),
      "Only constant intervals with millisecond resolution are supported as time constraints of patterns.",
    );
    fails(
      mr("ORDER BY rowtime MEASURES A.price AS a PATTERN (A B) DEFINE A AS A.price = 1", "(SELECT DISTINCT * FROM Ticker)"),
      "Match Recognize doesn't support consuming update changes which is produced by node GroupAggregate(",
    );
    // A primary-key table is read through ChangelogNormalize, which deletes too.
    h.run("CREATE TABLE Keyed (symbol STRING NOT NULL, price INT, rowtime TIMESTAMP(3), WATERMARK FOR rowtime AS rowtime, PRIMARY KEY (symbol) NOT ENFORCED)");
    fails(
      mr("ORDER BY rowtime MEASURES A.price AS a PATTERN (A B) DEFINE A AS A.price = 1", "Keyed"),
      "Match Recognize doesn't support consuming update and delete changes which is produced by node ChangelogNormalize(key=[symbol])",
    );
  });

  test("validation: ambiguous output columns, aggregates over several variables, unknown variables", () => {
    fails(
      mr("PARTITION BY symbol, price ORDER BY rowtime MEASURES A.symbol AS symbol, A.price AS price PATTERN (A) DEFINE A AS A.symbol = 'a'"),
      "Columns ambiguously defined: {symbol, price}",
    );
    fails(mr("ORDER BY rowtime MEASURES SUM(A.price + B.tax) AS taxedPrice PATTERN (A B) DEFINE A AS A.symbol = 'a'"), "SQL validation failed.");
    fails(mr("ORDER BY rowtime MEASURES COUNT(DISTINCT A.price) AS price PATTERN (A B) DEFINE A AS A.symbol = 'a'"), "SQL validation failed.");
    fails(mr("ORDER BY rowtime MEASURES A.price AS a PATTERN (A B) DEFINE X AS X.price = 1"), "SQL validation failed.");
    fails(mr("ORDER BY rowtime MEASURES A.price AS a PATTERN (A B) DEFINE A AS A.nope = 1"), "SQL validation failed.");
  });

  test("Calcite's navigation and WITHIN checks (SqlValidatorImpl, CalciteResource)", () => {
    const body = (measures: string, define = "A AS A.price > 0", within = "") => mr(`ORDER BY rowtime MEASURES ${measures} PATTERN (A B) ${within} DEFINE ${define}`);
    fails(body("LAST(A.price + B.tax) AS x"), "Multiple pattern variables in 'LAST(A.price + B.tax)'");
    fails(body("LAST(A.price + price) AS x"), "Multiple pattern variables in 'LAST(A.price + price)'");
    fails(body("SUM(1) AS x"), "Null parameters in 'SUM(1)'");
    fails(body("COUNT(A.price, B.price) AS x"), "Invalid number of parameters to COUNT method");
    fails(body("PREV(A.price) AS x"), "Cannot use PREV/NEXT in MEASURE 'PREV(A.price)'");
    fails(body("LAST(PREV(A.price, 0)) AS x"), "Cannot nest PREV/NEXT under LAST/FIRST 'LAST(PREV(A.price, 0))'");
    fails(body("LAST(SUM(A.price)) AS x"), "Cannot use aggregation in navigation 'LAST(SUM(A.price))'");
    fails(body("COUNT(1) AS x"), "No pattern variable specified in aggregate");
    fails(mr("MEASURES A.price AS a PATTERN (A B) WITHIN INTERVAL '1' SECOND DEFINE A AS A.price > 0"), "Must contain an ORDER BY clause when WITHIN is used");
    fails(mr("ORDER BY price MEASURES A.price AS a PATTERN (A B) WITHIN INTERVAL '1' SECOND DEFINE A AS A.price > 0"), "First column of ORDER BY must be of type TIMESTAMP");
    fails(body("A.price AS a", "A AS A.price > 0", "WITHIN INTERVAL '-1' SECOND"), "Interval must be non-negative 'INTERVAL '-1' SECOND'");
    fails(mr("ORDER BY rowtime MEASURES A.price AS a AFTER MATCH SKIP TO LAST X PATTERN (A B) DEFINE A AS A.price > 0"), "Unknown pattern 'X'");
  });

  test("MATCH_RECOGNIZE's functions elsewhere (MatchRecognizeValidationTest.testMatchRowTimeInSelect)", () => {
    fails("SELECT MATCH_ROWTIME() FROM Ticker", "Function 'MATCH_ROWTIME()' can only be used in MATCH_RECOGNIZE");
    fails("SELECT MATCH_PROCTIME() FROM Ticker", "Function 'MATCH_PROCTIME()' can only be used in MATCH_RECOGNIZE");
    fails("SELECT LAST(price, 1) FROM Ticker", "Function 'LAST(price, 1)' can only be used in MATCH_RECOGNIZE");
  });
});

describe("syntax round trip", () => {
  const cases = [
    V_SHAPE,
    "SELECT * FROM (SELECT * FROM t) MATCH_RECOGNIZE (ORDER BY ts PATTERN ((A | B) C*? D{2} E{,3}? F{1,} (G H)+ PERMUTE(A, B) {- X -} I{0,}) WITHIN INTERVAL '1' HOUR DEFINE A AS TRUE) AS T (a)",
    "SELECT * FROM t MATCH_RECOGNIZE (PARTITION BY a, b ORDER BY ts ASC, c DESC MEASURES MATCH_ROWTIME() AS mt ALL ROWS PER MATCH AFTER MATCH SKIP TO FIRST `x y` PATTERN (`x y` Z??) SUBSET U = (`x y`, Z) DEFINE Z AS Z.a > PREV(Z.a, 0))",
  ];
  for (const sql of cases) {
    test(sql.replace(/\s+/g, " ").slice(0, 80), () => {
      const first = parseStatement(sql);
      const text = formatStatement(first);
      expect(stripPositions(parseStatement(text))).toEqual(stripPositions(first));
      expect(formatStatement(parseStatement(text))).toBe(text);
    });
  }
});
