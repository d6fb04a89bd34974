/**
 * Streaming EXPLAIN reads as Flink 1.19 / 1.20 prints an optimized physical plan with its
 * changelog modes: Flink's tree drawing (`:- ` / `+- ` / `:  `), the StreamPhysical* node texts
 * (Join with FlinkJoinType names, `where`, `select` and input specs; GroupAggregate with its
 * calls; Rank with its strategy; WindowAggregate / WindowJoin with their windows),
 * `changelogMode=[...]` as each node's last attribute, and Exchange nodes where Flink shuffles.
 * Decorrelated subqueries show their columns by name, never an internal alias.
 */
import { beforeEach, describe, expect, test } from "vitest";
import { Harness } from "./sql/harness.ts";

let h: Harness;

beforeEach(() => {
  h = new Harness();
  h.run("CREATE TABLE orders (id INT, cust INT, amount DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)");
  h.run("CREATE TABLE customers (id INT NOT NULL, name STRING, PRIMARY KEY (id) NOT ENFORCED)");
  h.run("CREATE TABLE A (id INT, v STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)");
  h.run("CREATE TABLE B (id INT, v STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)");
});

const plan = (sql: string) => h.run(`EXPLAIN ${sql}`).sink.rows[0]!.row[0] as string;
const ORDERS = "TableSourceScan(table=[[default, cluster_0, orders]], fields=[id, cust, amount, ts, $rowtime], changelogMode=[I])";
const CUSTOMERS = "TableSourceScan(table=[[default, cluster_0, customers]], fields=[id, name, $rowtime], changelogMode=[UA,D])";
const tumble = (t: string) => `TABLE(TUMBLE(TABLE ${t}, DESCRIPTOR(ts), INTERVAL '10' SECOND))`;

describe("joins", () => {
  test("a regular join: Flink's node text, each input shuffled by its key (the normalised upsert side already is)", () => {
    expect(plan("SELECT o.id, c.name FROM orders o JOIN customers c ON o.cust = c.id")).toBe(
      [
        "== Physical Plan ==",
        "Calc(select=[id, name], changelogMode=[I,UB,UA,D])",
        "+- Join(joinType=[InnerJoin], where=[=(cust, id0)], select=[id, cust, amount, ts, $rowtime, id0, name, $rowtime0], leftInputSpec=[NoUniqueKey], rightInputSpec=[JoinKeyContainsUniqueKey], changelogMode=[I,UB,UA,D])",
        "   :- Exchange(distribution=[hash[cust]], changelogMode=[I])",
        `   :  +- ${ORDERS}`,
        "   +- ChangelogNormalize(key=[id], changelogMode=[I,UB,UA,D])",
        "      +- Exchange(distribution=[hash[id]], changelogMode=[UA,D])",
        `         +- ${CUSTOMERS}`,
      ].join("\n"),
    );
  });

  test("each join kind by its FlinkJoinType name", () => {
    const on = "ON a.id = b.id";
    expect(plan(`SELECT a.v FROM A a LEFT JOIN B b ${on}`)).toContain("Join(joinType=[LeftOuterJoin], where=[=(id, id0)]");
    expect(plan(`SELECT a.v FROM A a RIGHT JOIN B b ${on}`)).toContain("Join(joinType=[RightOuterJoin], where=[=(id, id0)]");
    expect(plan(`SELECT a.v FROM A a FULL JOIN B b ${on}`)).toContain("Join(joinType=[FullOuterJoin], where=[=(id, id0)]");
    expect(plan("SELECT * FROM A WHERE id IN (SELECT id FROM B)")).toContain("Join(joinType=[LeftSemiJoin], where=[=(id, id0)], select=[id, v, ts, $rowtime]");
    expect(plan("SELECT * FROM A WHERE NOT EXISTS (SELECT * FROM B WHERE B.id = A.id)")).toContain("Join(joinType=[LeftAntiJoin], where=[=(id, id0)]");
    for (const text of [plan(`SELECT a.v FROM A a LEFT JOIN B b ${on}`), plan("SELECT * FROM A WHERE id IN (SELECT id FROM B)")]) {
      expect(text).not.toMatch(/joinType=\[(INNER|LEFT|RIGHT|FULL|SEMI|ANTI)Join\]/);
    }
  });

  test("a cross join: no condition, both inputs gathered on one task", () => {
    const text = plan("SELECT * FROM A, B");
    expect(text).toContain("Join(joinType=[InnerJoin], where=[true], select=[id, v, ts, $rowtime, id0, v0, ts0, $rowtime0], leftInputSpec=[NoUniqueKey], rightInputSpec=[NoUniqueKey], changelogMode=[I])");
    expect(text.match(/Exchange\(distribution=\[single\], changelogMode=\[I\]\)/g)).toHaveLength(2);
  });

  test("an interval join and a window join keep their own node names", () => {
    expect(plan("SELECT * FROM A, B WHERE A.id = B.id AND A.ts BETWEEN B.ts - INTERVAL '4' HOUR AND B.ts")).toContain(
      "IntervalJoin(joinType=[InnerJoin], windowBounds=[isRowTime=true, leftLowerBound=-14400000, leftUpperBound=0], where=[AND(=(id, id0), ...)], select=[id, v, ts, $rowtime, id0, v0, ts0, $rowtime0], changelogMode=[I])",
    );
    const w = "TUMBLE(win_start=[window_start], win_end=[window_end], size=[10 s])";
    const windowJoin = plan(`SELECT L.id, R.v FROM ${tumble("A")} L JOIN ${tumble("B")} R ON L.window_start = R.window_start AND L.window_end = R.window_end AND L.id = R.id`);
    expect(windowJoin).toContain(`WindowJoin(leftWindow=[${w}], rightWindow=[${w}], joinType=[InnerJoin], where=[=(id, id0)], select=[`);
    // Shuffled by the key besides the windows; each window is assigned by the TVF on its time column.
    expect(windowJoin).toContain("   :- Exchange(distribution=[hash[id]], changelogMode=[I])\n   :  +- WindowTableFunction(window=[TUMBLE(time_col=[ts], size=[10 s])], changelogMode=[I])");
  });
});

describe("decorrelated subqueries", () => {
  const CORRELATED = "L.window_start = R.window_start AND L.window_end = R.window_end AND L.id = R.id";

  test("an EXISTS window semi join names the subquery's window columns, not $corr aliases", () => {
    const text = plan(`SELECT L.id, L.v FROM ${tumble("A")} L WHERE EXISTS (SELECT * FROM ${tumble("B")} R WHERE ${CORRELATED})`);
    const w = "TUMBLE(win_start=[window_start], win_end=[window_end], size=[10 s])";
    expect(text).toContain(`WindowJoin(leftWindow=[${w}], rightWindow=[${w}], joinType=[LeftSemiJoin], where=[=(id, id0)]`);
    expect(text).toContain("+- Calc(select=[window_start, window_end, id], changelogMode=[I])");
    expect(text).not.toContain("$corr");
  });

  test("a key column whose name the subquery already selects gets Flink's suffix", () => {
    const text = plan("SELECT * FROM orders WHERE cust IN (SELECT id FROM customers c WHERE c.id = orders.cust)");
    expect(text).toContain("Calc(select=[id, id AS id0], changelogMode=[I,UB,UA,D])");
    expect(text).not.toContain("$corr");
  });
});

describe("aggregates, Top-N and limits", () => {
  test("a group aggregate over an append-only input updates but never deletes; shuffled by its keys", () => {
    expect(plan("SELECT cust, COUNT(*) AS cnt, SUM(amount) FROM orders GROUP BY cust")).toBe(
      [
        "== Physical Plan ==",
        // A call is named by its alias; the projection that only passes the row on is no node.
        "GroupAggregate(groupBy=[cust], select=[cust, COUNT(*) AS cnt, SUM(amount) AS EXPR$2], changelogMode=[I,UB,UA])",
        "+- Exchange(distribution=[hash[cust]], changelogMode=[I])",
        `   +- ${ORDERS}`,
      ].join("\n"),
    );
    // Without keys: one group, on one task; Flink omits the empty groupBy.
    expect(plan("SELECT COUNT(DISTINCT cust) FROM orders")).toContain(
      "GroupAggregate(select=[COUNT(DISTINCT cust) AS EXPR$0], changelogMode=[I,UB,UA])\n+- Exchange(distribution=[single], changelogMode=[I])",
    );
    // Over an updating input it deletes too.
    expect(plan("SELECT name, COUNT(*) FROM customers GROUP BY name")).toContain("GroupAggregate(groupBy=[name], select=[name, COUNT(*) AS EXPR$1], changelogMode=[I,UB,UA,D])");
  });

  test("a window aggregate over its TVF: grouped on the keys besides the window, sizes in Flink's units", () => {
    const text = plan("SELECT window_start, window_end, cust, SUM(amount) AS total FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '10' MINUTES)) GROUP BY window_start, window_end, cust");
    expect(text).toContain(
      [
        "Calc(select=[window_start, window_end, cust, total], changelogMode=[I])",
        "+- WindowAggregate(groupBy=[cust], window=[TUMBLE(time_col=[ts], size=[10 min])], select=[cust, SUM(amount) AS total, start('w$) AS window_start, end('w$) AS window_end], changelogMode=[I])",
        "   +- Exchange(distribution=[hash[cust]], changelogMode=[I])",
        `      +- ${ORDERS}`,
      ].join("\n"),
    );
    expect(plan("SELECT window_start, COUNT(*) FROM TABLE(HOP(TABLE orders, DESCRIPTOR(ts), INTERVAL '5' MINUTES, INTERVAL '1' HOUR)) GROUP BY window_start, window_end")).toContain(
      "WindowAggregate(window=[HOP(time_col=[ts], size=[1 h], slide=[5 min])], select=[COUNT(*) AS EXPR$1, start('w$) AS window_start, end('w$) AS window_end], changelogMode=[I])",
    );
  });

  test("a Top-N is a Rank with its strategy, a window Top-N a WindowRank, ORDER BY ... LIMIT a SortLimit on one task", () => {
    expect(plan("SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY cust ORDER BY amount DESC) AS rn FROM orders) WHERE rn <= 3")).toContain(
      [
        "+- Rank(strategy=[AppendFastStrategy], rankType=[ROW_NUMBER], rankRange=[rankStart=1, rankEnd=3], partitionBy=[cust], orderBy=[amount DESC], select=[id, cust, amount, ts, $rowtime, rn], changelogMode=[I,UB,UA,D])",
        "   +- Exchange(distribution=[hash[cust]], changelogMode=[I])",
      ].join("\n"),
    );
    expect(plan(`SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end, id ORDER BY ts DESC) AS rn FROM ${tumble("A")}) WHERE rn <= 2`)).toContain(
      "WindowRank(window=[TUMBLE(win_start=[window_start], win_end=[window_end], size=[10 s])], rankType=[ROW_NUMBER], rankRange=[rankStart=1, rankEnd=2], partitionBy=[id], orderBy=[ts DESC], select=[",
    );
    expect(plan("SELECT * FROM orders ORDER BY amount DESC LIMIT 5")).toContain(
      "SortLimit(orderBy=[amount DESC], offset=[0], fetch=[5], strategy=[AppendFastStrategy], changelogMode=[I,UB,UA,D])\n+- Exchange(distribution=[single], changelogMode=[I])",
    );
  });
});

describe("other nodes", () => {
  test("a filter and the projection over it are one Calc, select before where", () => {
    expect(plan("SELECT id, amount FROM orders WHERE amount > 10")).toBe(["== Physical Plan ==", "Calc(select=[id, amount], where=[...], changelogMode=[I])", `+- ${ORDERS}`].join("\n"));
  });

  test("a union lists its columns; the siblings are drawn with :- and the last with +-", () => {
    expect(plan("SELECT id FROM A UNION ALL SELECT id FROM B")).toBe(
      [
        "== Physical Plan ==",
        "Union(all=[true], union=[id], changelogMode=[I])",
        ":- Calc(select=[id], changelogMode=[I])",
        ":  +- TableSourceScan(table=[[default, cluster_0, A]], fields=[id, v, ts, $rowtime], changelogMode=[I])",
        "+- Calc(select=[id], changelogMode=[I])",
        "   +- TableSourceScan(table=[[default, cluster_0, B]], fields=[id, v, ts, $rowtime], changelogMode=[I])",
      ].join("\n"),
    );
  });

  test("an INSERT plan hangs under its Sink (the table's full path and columns), which consumes (changelogMode NONE)", () => {
    h.run("CREATE TABLE sink_t (cust INT, n BIGINT)");
    expect(plan("INSERT INTO sink_t SELECT cust, COUNT(*) FROM orders GROUP BY cust")).toBe(
      [
        "== Physical Plan ==",
        "Sink(table=[default.cluster_0.sink_t], fields=[cust, n], changelogMode=[NONE])",
        "+- GroupAggregate(groupBy=[cust], select=[cust, COUNT(*) AS EXPR$1], changelogMode=[I,UB,UA])",
        "   +- Exchange(distribution=[hash[cust]], changelogMode=[I])",
        `      +- ${ORDERS}`,
      ].join("\n"),
    );
  });

  test("a planner message names the producing aggregate by the same text", () => {
    h.run("CREATE TABLE Ticker (symbol STRING, price BIGINT, rowtime TIMESTAMP(3), WATERMARK FOR rowtime AS rowtime)");
    const sql = "SELECT * FROM (SELECT symbol, COUNT(*) AS n FROM Ticker GROUP BY symbol) MATCH_RECOGNIZE (ORDER BY symbol MEASURES A.n AS a PATTERN (A) DEFINE A AS A.n > 1)";
    expect(() => h.compile(sql)).toThrow(/produced by node GroupAggregate\(groupBy=\[symbol\], select=\[symbol, COUNT\(\*\) AS EXPR\$1\]\)/);
  });
});

describe("exchanges and temporal joins", () => {
  test("no shuffle where the input is distributed as needed already: an aggregate over a normalised table by its key", () => {
    const text = plan("SELECT id, COUNT(*) FROM customers GROUP BY id");
    expect(text).toContain(
      [
        "GroupAggregate(groupBy=[id], select=[id, COUNT(*) AS EXPR$1], changelogMode=[I,UB,UA,D])",
        "+- ChangelogNormalize(key=[id], changelogMode=[I,UB,UA,D])",
        "   +- Exchange(distribution=[hash[id]], changelogMode=[UA,D])",
      ].join("\n"),
    );
    // Grouped by another column, the normalised rows are shuffled again.
    expect(plan("SELECT name, COUNT(*) FROM customers GROUP BY name")).toContain("+- Exchange(distribution=[hash[name]], changelogMode=[I,UB,UA,D])\n   +- ChangelogNormalize(key=[id]");
  });

  test("an event-time temporal join names its keys and Flink's temporal condition", () => {
    h.run("CREATE TABLE rates (cust INT NOT NULL, rate DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts, PRIMARY KEY (cust) NOT ENFORCED)");
    const text = plan("SELECT o.id, r.rate FROM orders o JOIN rates FOR SYSTEM_TIME AS OF o.ts AS r ON o.cust = r.cust");
    expect(text).toContain(
      "TemporalJoin(joinType=[InnerJoin], where=[AND(=(cust, cust0), __TEMPORAL_JOIN_CONDITION(ts, ts0, __TEMPORAL_JOIN_CONDITION_PRIMARY_KEY(cust0), __TEMPORAL_JOIN_LEFT_KEY(cust), __TEMPORAL_JOIN_RIGHT_KEY(cust0)))], select=[id, cust, amount, ts, $rowtime, cust0, rate, ts0, $rowtime0], changelogMode=[I])",
    );
    expect(text).toContain("   :- Exchange(distribution=[hash[cust]], changelogMode=[I])");
  });
});
