// A snapshot report in Node: the five customers with the most revenue from orders of at least
// a given price, names joined in, money as exact DECIMAL text; then proof that the cursors
// cleaned up after themselves (no statement left on the server).
//
//   node examples/node/orders-report.mjs [minPrice]      (default 50)
//
// Runs on the embedded emulator. With CONFLUENT_ORG_ID, CONFLUENT_ENV_ID,
// CONFLUENT_FLINK_API_KEY, CONFLUENT_FLINK_API_SECRET, CONFLUENT_CLOUD_PROVIDER and
// CONFLUENT_CLOUD_REGION set it runs on Confluent Cloud instead.
import { connect, DataError } from "confluent-sql";
import { createEmulator } from "confluent-sql/emulator";

const minPrice = Number(process.argv[2] ?? 50);
if (!Number.isFinite(minPrice)) {
  console.error("usage: node examples/node/orders-report.mjs [minPrice]");
  process.exit(2);
}

const cloud = process.env.CONFLUENT_ENV_ID !== undefined;
const emu = cloud ? undefined : createEmulator();
const conn = cloud
  ? connect({
      organizationId: process.env.CONFLUENT_ORG_ID,
      environmentId: process.env.CONFLUENT_ENV_ID,
      cloudProvider: process.env.CONFLUENT_CLOUD_PROVIDER,
      cloudRegion: process.env.CONFLUENT_CLOUD_REGION,
      flinkApiKey: process.env.CONFLUENT_FLINK_API_KEY,
      flinkApiSecret: process.env.CONFLUENT_FLINK_API_SECRET,
      computePoolId: process.env.CONFLUENT_COMPUTE_POOL_ID,
    })
  : connect({ ...emu.connectOptions, fetch: emu.fetch });

try {
  const cur = conn.cursor({ asDict: true });
  await cur.execute(
    `SELECT c.customer_id, c.name, COUNT(*) AS orders, CAST(SUM(o.price) AS DECIMAL(10, 2)) AS revenue
       FROM \`examples\`.\`marketplace\`.\`orders\` AS o
       JOIN \`examples\`.\`marketplace\`.\`customers\` AS c ON o.customer_id = c.customer_id
      WHERE o.price >= %s
      GROUP BY c.customer_id, c.name
      ORDER BY revenue DESC
      LIMIT 5`,
    [minPrice],
    { labels: ["orders-report"], timeoutMs: 60_000 },
  );
  console.log(`Top customers by revenue from orders of at least ${minPrice}:`);
  console.log(cur.description.map((c) => `${c.name} ${c.typeName}`).join(", "));
  for await (const row of cur) {
    // DECIMAL arrives as exact text ("1234.50"), never a rounded float.
    console.log(`${row.customer_id}  ${row.name.padEnd(24)} ${String(row.orders).padStart(3)} orders  ${row.revenue.padStart(9)}`);
  }
  console.log(`${cur.rowCount} rows`);
  await cur.close(); // deletes the COMPLETED statement

  const left = await conn.listStatements({ labels: ["orders-report"] });
  console.log(`statements left on the server: ${left.length}`);
} catch (e) {
  // Every error has a stable code; DataError means a value could not be decoded exactly.
  console.error(`${e instanceof DataError ? "bad value" : "failed"}: ${e.code ?? ""} ${e.message}`);
  process.exitCode = 1;
} finally {
  await conn.close();
  await emu?.close();
}
