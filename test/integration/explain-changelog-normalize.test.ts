/**
 * EXPLAIN of a streaming query over a primary-key (upsert) table shows what Flink plans there:
 * a StreamChangelogNormalize keyed by the primary key, turning the source's upserts into a
 * retracting changelog. Snapshot mode shows the plain scan (Flink's batch plan has no normaliser).
 */
import { describe, expect, test } from "vitest";
import { sharedConnection } from "../support/emulated-connection.ts";
import { detailsOf, operators, planLines, streamingPlan } from "../support/explain-text.ts";

const db = sharedConnection(async (conn) => {
  await conn.query("CREATE TABLE acc (id INT NOT NULL, region STRING, PRIMARY KEY (id) NOT ENFORCED)");
  await conn.query("CREATE TABLE ev (id INT, region STRING)");
});


describe("EXPLAIN over an upsert source", () => {
  test("streaming: StreamChangelogNormalize keyed by id over an upsert scan", async () => {
    const plan = await streamingPlan(db.conn, "SELECT region, COUNT(*) AS n FROM acc GROUP BY region");
    // As Flink plans it: the upserts are shuffled by the key, then normalised.
    expect(planLines(plan).slice(3)).toEqual(["      +- StreamChangelogNormalize [3]", "        +- StreamExchange [2]", "          +- StreamTableSourceScan [1]"]);
    expect(detailsOf(plan, "StreamTableSourceScan")).toEqual(["Table: `default`.`cluster_0`.`acc`", "Primary key: (id)", "Changelog mode: upsert", "Upsert key: (id)", "State size: low"]);
    expect(detailsOf(plan, "StreamExchange")).toEqual(["Changelog mode: upsert", "Upsert key: (id)"]);
    expect(detailsOf(plan, "StreamChangelogNormalize")).toEqual(["Changelog mode: retract", "Upsert key: (id)", "State size: medium"]);
  });

  test("an append-only table and snapshot mode show the plain scan", async () => {
    expect(operators(await streamingPlan(db.conn, "SELECT * FROM ev"))).not.toContain("StreamChangelogNormalize");
    const { rows } = await db.conn.query<{ result: string }>("EXPLAIN SELECT * FROM acc");
    expect(operators(rows[0]!.result)).toEqual(["BatchSink", "BatchCalc", "BatchTableSourceScan"]);
    expect(detailsOf(rows[0]!.result, "BatchTableSourceScan")).toEqual(["Table: `default`.`cluster_0`.`acc`", "Primary key: (id)"]);
  });
});
