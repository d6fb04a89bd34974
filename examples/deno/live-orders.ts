// A streaming aggregate in Deno: orders and revenue per customer over the live `orders` table,
// kept materialised by the changelog compressor and printed each time it changes, until a
// deadline; leaving the loop stops the statement on the server.
//
//   deno run examples/deno/live-orders.ts [seconds]      (default 3; needs no permissions)
//
// Runs on the embedded emulator (in process). Against Confluent Cloud, connect() with your
// credentials instead and grant --allow-net=flink.<region>.<provider>.confluent.cloud.
import { connect, type StreamingCursor } from "confluent-sql";
import { createEmulator } from "confluent-sql/emulator";

const seconds = Number(Deno.args[0] ?? 3);
const emu = createEmulator();
const conn = connect({ ...emu.connectOptions, fetch: emu.fetch });

type Row = { customer_id: number; orders: number; revenue: number };
let cur: StreamingCursor<Row> | undefined;
try {
  cur = conn.streamingCursor({ asDict: true }) as StreamingCursor<Row>;
  await cur.execute(
    `SELECT customer_id, COUNT(*) AS orders, ROUND(SUM(price), 2) AS revenue
       FROM \`examples\`.\`marketplace\`.\`orders\`
      GROUP BY customer_id`,
    undefined,
    { statementName: `live-orders-${Date.now()}`, timeoutMs: 30_000 },
  );
  console.log(`statement ${cur.statementName}: changelog=${cur.returnsChangelog}, upsert key ${JSON.stringify(cur.statement?.traits?.upsertColumns)}`);

  const deadline = Date.now() + seconds * 1000;
  let n = 0;
  for await (const rows of cur.changelogCompressor().snapshots()) {
    const top = [...rows].sort((a, b) => b.revenue - a.revenue).slice(0, 3);
    console.log(`snapshot ${++n}: ${rows.length} customers; top ${top.map((r) => `${r.customer_id}=${r.revenue.toFixed(2)}`).join(" ")}`);
    if (Date.now() >= deadline) break; // stops the statement (the cursor's onCancel policy)
  }
  const m = cur.metrics;
  console.log(`read ${m.rows} changelog rows in ${m.pages} pages (${m.emptyPages} empty), ${m.requests} requests`);
} finally {
  await cur?.close();
  console.log(`phase after close: ${emu.statements().at(-1)?.phase}`);
  await conn.close();
  await emu.close();
}
