/**
 * MATCH_RECOGNIZE over long runs: the cases where partial matches share their rows (the runtime
 * keeps one buffer per partition and a chain of per-variable ranges per partial match, and
 * carries DEFINE aggregates forward instead of rescanning). Each expectation is worked out from
 * the pattern semantics (Flink's CEP NFA) in the comments, independently of the engine.
 */
import { describe, expect, test } from "vitest";
import { Harness } from "./harness.ts";

const BASE = Date.UTC(2024, 0, 1);

/** `TIMESTAMP 'yyyy-MM-dd HH:mm:ss'` for `s` seconds after BASE. */
function ts(s: number): string {
  return `TIMESTAMP '${new Date(BASE + s * 1000).toISOString().slice(0, 19).replace("T", " ")}'`;
}

/** Table T (id, price, rowtime); row i has id i and time i seconds after BASE. */
function table(priceType: "INT" | "DOUBLE"): Harness {
  const h = new Harness();
  h.run(`CREATE TABLE T (id INT, price ${priceType}, rowtime TIMESTAMP(3), WATERMARK FOR rowtime AS rowtime)`);
  return h;
}

function values(prices: readonly number[], from = 0): string {
  return "INSERT INTO T VALUES " + prices.map((p, i) => `(${from + i}, ${p}, ${ts(from + i)})`).join(", ");
}

/** Snapshot result of `q` over `prices`. */
function snapshot(priceType: "INT" | "DOUBLE", prices: readonly number[], q: string): string[] {
  const h = table(priceType);
  h.run(values(prices));
  return h.snapshotLog(q);
}

/**
 * Streaming result of `q` over `prices` inserted `chunk` rows at a time, then one row `tail`
 * seconds later (price `tailPrice`) that moves the watermark past every row before it.
 */
function streaming(priceType: "INT" | "DOUBLE", prices: readonly number[], q: string, chunk: number, tailPrice: number): string[] {
  const h = table(priceType);
  const s = h.start(q);
  for (let i = 0; i < prices.length; i += chunk) h.run(values(prices.slice(i, i + chunk), i));
  h.run(values([tailPrice], prices.length + 100));
  expect(s.sink.failed).toBeNull();
  return s.sink.log;
}

const range = <T,>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

describe("DEFINE reading LAST, FIRST and AVG over a long run", () => {
  // S takes a price 0; UP+ (greedy) takes rising prices while their average, the current row
  // included, stays within 50 of the first one; E takes the row UP refuses when it is above
  // UP's average (its own DEFINE: UP's rows without the current one).
  const q = `SELECT * FROM T MATCH_RECOGNIZE (ORDER BY rowtime
    MEASURES S.id AS s_id, FIRST(UP.price) AS first_up, LAST(UP.price) AS last_up, COUNT(UP.price) AS n_up,
      AVG(UP.price) AS avg_up, E.price AS e_price, LAST(UP.price, 50) AS last_up_50, FIRST(UP.price, 50) AS first_up_50, SUM(price) AS total
    AFTER MATCH SKIP PAST LAST ROW
    PATTERN (S UP+ E)
    DEFINE S AS S.price = 0,
      UP AS (LAST(UP.price, 1) IS NULL OR UP.price > LAST(UP.price, 1)) AND AVG(UP.price) <= FIRST(UP.price) + 50,
      E AS E.price > AVG(UP.price))`;
  // Run 1 (ids 0..399): prices 0, 1, ..., 399. UP takes 1..k while (1 + k) / 2 <= 51: k = 101;
  // at 102 the average would be 51.5, so E takes 102 (> 51). The match's prices sum to 0+...+102.
  // Run 2 (ids 400..599): prices 0, 2, 4, ... UP takes 2..2k while k + 1 <= 52: k = 51 (2..102);
  // at 104 the average would be 53 > 52, so E takes 104 (> 52). Sum 0+2+...+104 = 2756.
  const prices = [...range(400, (i) => i), ...range(200, (i) => 2 * i)];
  const expected = [
    "+I[0, 1.0, 101.0, 101, 51.0, 102.0, 51.0, 51.0, 5253.0]",
    "+I[400, 2.0, 102.0, 51, 52.0, 104.0, 2.0, 102.0, 2756.0]",
  ];

  test("snapshot", () => {
    expect(snapshot("DOUBLE", prices, q)).toEqual(expected);
  });

  test("streaming, rows arriving in chunks of 7 (the watermark moves inside the run)", () => {
    // The tail row has price 0 (an S) and is the last row: no match follows it.
    expect(streaming("DOUBLE", prices, q, 7, 0)).toEqual(expected);
  });
});

describe("greedy A+ B with AFTER MATCH SKIP TO NEXT ROW over a long run", () => {
  // 200 rising prices then a drop: every row starts a partial match, A+ takes the rest of the
  // rise, and B the drop. SKIP TO NEXT ROW keeps every start: 200 matches, in start order, each
  // over its own rows (AVG over ids i..199 of prices 10 + id, BIGINT-like integer division).
  const q = `SELECT * FROM T MATCH_RECOGNIZE (ORDER BY rowtime
    MEASURES FIRST(A.id) AS first_a, COUNT(A.id) AS n_a, AVG(A.price) AS avg_a, B.id AS b_id, LAST(A.price, 1) AS before_last
    AFTER MATCH SKIP TO NEXT ROW
    PATTERN (A+ B)
    DEFINE A AS LAST(A.price, 1) IS NULL OR A.price > LAST(A.price, 1),
      B AS B.price < LAST(A.price))`;
  const prices = [...range(200, (i) => 10 + i), 5];
  const expected = range(200, (i) => `+I[${i}, ${200 - i}, ${Math.trunc((10 + i + 209) / 2)}, 200, ${i < 199 ? 208 : "NULL"}]`);

  test("snapshot", () => {
    expect(snapshot("INT", prices, q)).toEqual(expected);
  });

  test("streaming, rows arriving in chunks of 13", () => {
    // The tail row (price 100, a rise after 5) starts A's that never meet a B.
    expect(streaming("INT", prices, q, 13, 100)).toEqual(expected);
  });
});

describe("reluctant A+? B over a long run", () => {
  // A has no condition; B takes a row 10 below A's average. Prices: 150 x 100, 50, 150 x 100, 50.
  const prices = [...range(150, () => 100), 50, ...range(150, () => 100), 50];
  const q = (after: string, quantifier: string) => `SELECT * FROM T MATCH_RECOGNIZE (ORDER BY rowtime
    MEASURES FIRST(A.id) AS first_a, COUNT(A.id) AS n_a, B.id AS b_id
    AFTER MATCH ${after}
    PATTERN (A${quantifier} B)
    DEFINE B AS B.price < AVG(A.price) - 10)`;

  test("SKIP TO NEXT ROW: each start's shortest match", () => {
    // Starts 0..149 end at the first 50 (id 150). Start 150 (the 50 itself) needs a row below
    // AVG - 10 of rows from 150 on: the 100s are not, the second 50 (id 301) is (AVG 99 as
    // INT: (50 + 150 * 100) / 151). Starts 151..300 end there too.
    const expected = [...range(150, (i) => `+I[${i}, ${150 - i}, 150]`), ...range(151, (i) => `+I[${150 + i}, ${151 - i}, 301]`)];
    expect(snapshot("INT", prices, q("SKIP TO NEXT ROW", "+?"))).toEqual(expected);
    expect(streaming("INT", prices, q("SKIP TO NEXT ROW", "+?"), 11, 100)).toEqual(expected);
  });

  test("SKIP PAST LAST ROW: the earliest shortest match, then the next one after it", () => {
    expect(snapshot("INT", prices, q("SKIP PAST LAST ROW", "+?"))).toEqual(["+I[0, 150, 150]", "+I[151, 150, 301]"]);
  });

  test("the greedy A+ B never leaves A, whose (absent) condition accepts every row", () => {
    expect(snapshot("INT", prices, q("SKIP PAST LAST ROW", "+"))).toEqual([]);
  });

  test("SKIP TO LAST A: the next match starts at the first one's last A row", () => {
    // Match 0..150 (A = 0..149); the next start is 149: A = {149}, B = 150 (50 < 100 - 10).
    // Skipping to its last A would start at the match's own first row: Flink fails the job.
    const h = table("INT");
    h.run(values(prices));
    const r = h.start(q("SKIP TO LAST A", "+?"), { "sql.snapshot.mode": "now" });
    expect(r.sink.failed).toBe("Could not skip to first element of a match.");
    // The operator emits the matches a batch of rows completes together, so the failing batch
    // emits none (Flink would have sent the first match before the job failed).
    expect(r.sink.log).toEqual([]);
  });
});

describe("WITHIN over a long run", () => {
  // 100 rows one second apart that A accepts, then a B: only partial matches that started
  // less than 10 seconds before the B (ids 91..99) are still alive when it comes.
  const prices = [...range(100, () => 1), 9];
  const q = `SELECT * FROM T MATCH_RECOGNIZE (ORDER BY rowtime
    MEASURES FIRST(A.id) AS first_a, COUNT(A.id) AS n_a, AVG(A.price) AS avg_a, B.id AS b_id
    AFTER MATCH SKIP PAST LAST ROW
    PATTERN (A+ B) WITHIN INTERVAL '10' SECOND
    DEFINE A AS A.price < 5 AND AVG(A.price) = 1, B AS B.price > 5)`;

  test("snapshot", () => {
    expect(snapshot("INT", prices, q)).toEqual(["+I[91, 9, 1, 100]"]);
  });

  test("streaming, rows arriving in chunks of 3", () => {
    expect(streaming("INT", prices, q, 3, 1)).toEqual(["+I[91, 9, 1, 100]"]);
  });
});

describe("aggregates over the whole match in DEFINE", () => {
  // COUNT(*) and SUM(price) count the row being classified: A takes rows while the match has at
  // most 120 rows and sums to at most 500. Prices are all 2 except a 9 at id 300.
  const prices = [...range(300, () => 2), 9, ...range(20, () => 2)];
  const q = `SELECT * FROM T MATCH_RECOGNIZE (ORDER BY rowtime
    MEASURES FIRST(A.id) AS first_a, COUNT(*) AS n, SUM(price) AS total, B.id AS b_id
    AFTER MATCH SKIP PAST LAST ROW
    PATTERN (A+ B)
    DEFINE A AS COUNT(*) <= 120 AND SUM(price) <= 500 AND A.price = 2, B AS SUM(price) > 0)`;

  test("the cut falls where the whole match's count reaches 121", () => {
    // From id 0: A takes 0..119 (count 120, sum 240); at 120 A fails, B (no greedy conflict left:
    // A's condition is false) takes it: 121 rows, sum 242. From 121: A 121..240, B 241. From 242:
    // A takes 242..299 (58 rows), the 9 fails A and becomes B: 59 rows, sum 116 + 9 = 125.
    // From 301: A takes 301..320, nothing after, no match.
    expect(snapshot("INT", prices, q)).toEqual(["+I[0, 121, 242, 120]", "+I[121, 121, 242, 241]", "+I[242, 59, 125, 300]"]);
  });
});
