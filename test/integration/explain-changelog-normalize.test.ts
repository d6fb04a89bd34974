/**
 * EXPLAIN of a streaming query over a primary-key (upsert) table shows what Flink plans there:
 * a ChangelogNormalize keyed by the primary key, turning the source's upserts ([UA,D]) into a
 * full changelog. Snapshot mode shows the plain scan (Flink's batch plan has no normaliser).
 */
import { describe, expect, test } from "vitest";
import { sharedConnection } from "../support/emulated-connection.ts";

const db = sharedConnection(async (conn) => {
  await conn.query("CREATE TABLE acc (id INT NOT NULL, region STRING, PRIMARY KEY (id) NOT ENFORCED)");
  await conn.query("CREATE TABLE ev (id INT, region STRING)");
});

async function streamingPlan(sql: string): Promise<string> {
  const cur = db.conn.streamingCursor();
  await cur.execute(`EXPLAIN ${sql}`);
  const row = (await cur.fetchOne()) as unknown[];
  await cur.close();
  return String(row[0]);
}

describe("EXPLAIN over an upsert source", () => {
  test("streaming: ChangelogNormalize(key=[id]) over a [UA,D] scan", async () => {
    const plan = await streamingPlan("SELECT region, COUNT(*) AS n FROM acc GROUP BY region");
    const lines = plan.split("\n");
    const normalize = lines.findIndex((l) => l.includes("ChangelogNormalize(key=[id], changelogMode=[I,UB,UA,D])"));
    expect(normalize).toBeGreaterThan(0);
    // As Flink plans it: the upserts are shuffled by the key, then normalised.
    expect(lines[normalize + 1]).toMatch(/^\s+\+- Exchange\(distribution=\[hash\[id\]\], changelogMode=\[UA,D\]\)$/);
    expect(lines[normalize + 2]).toMatch(/^\s+\+- TableSourceScan\(table=\[\[default, cluster_0, acc\]\], fields=\[id, region, \$rowtime\], changelogMode=\[UA,D\]\)$/);
  });

  test("an append-only table and snapshot mode show the plain scan", async () => {
    expect(await streamingPlan("SELECT * FROM ev")).not.toContain("ChangelogNormalize");
    const { rows } = await db.conn.query<{ result: string }>("EXPLAIN SELECT * FROM acc");
    expect(rows[0]!.result).not.toContain("ChangelogNormalize");
    expect(rows[0]!.result).toContain("TableSourceScan(table=[[default, cluster_0, acc]]");
  });
});
