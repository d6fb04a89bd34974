// A `bun run` utility: exports one of the example tables (or any query) as CSV on stdout,
// header from the result's description; rows are read page by page as they are written, and
// only as many pages as the limit needs.
//
//   bun run examples/bun/export-csv.ts [--table orders] [--limit 100] [--sql "SELECT ..."]
//
// Runs on the embedded emulator; with CONFLUENT_ENV_ID and the other CONFLUENT_* variables set
// it exports from Confluent Cloud instead.
import { parseArgs } from "node:util";
import { connect, identifier, type ConnectOptions } from "confluent-sql";
import { createEmulator } from "confluent-sql/emulator";

const { values: args } = parseArgs({
  args: Bun.argv.slice(2),
  options: { table: { type: "string", default: "orders" }, limit: { type: "string", default: "100" }, sql: { type: "string" } },
});
const limit = Number(args.limit);
if (!Number.isInteger(limit) || limit < 1) throw new Error("--limit must be a positive integer");

const env = Bun.env;
const emu = env.CONFLUENT_ENV_ID ? undefined : createEmulator();
const options: ConnectOptions = emu
  ? { ...emu.connectOptions, fetch: emu.fetch }
  : {
      organizationId: env.CONFLUENT_ORG_ID,
      environmentId: env.CONFLUENT_ENV_ID!,
      cloudProvider: env.CONFLUENT_CLOUD_PROVIDER,
      cloudRegion: env.CONFLUENT_CLOUD_REGION,
      flinkApiKey: env.CONFLUENT_FLINK_API_KEY,
      flinkApiSecret: env.CONFLUENT_FLINK_API_SECRET,
    };
const conn = connect(options);

/** One CSV field: quoted when it holds a comma, quote or line break. */
function field(value: unknown): string {
  if (value === null) return "";
  const text = value instanceof Uint8Array ? Buffer.from(value).toString("base64") : typeof value === "object" ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const out = Bun.stdout.writer();
// BIGINT as bigint (DECIMAL and temporal values are exact text by default): the CSV carries every digit.
const cur = conn.cursor({ arraySize: 100, bigint: "bigint" });
try {
  // identifier() quotes the table name: no way to inject SQL through --table.
  const table = identifier("examples", "marketplace", args.table);
  await cur.execute(args.sql ?? `SELECT * FROM ${table}`);
  out.write((cur.description ?? []).map((c) => field(c.name)).join(",") + "\r\n");
  let rows = 0;
  for await (const row of cur) {
    out.write(row.map(field).join(",") + "\r\n");
    if (++rows === limit) break;
  }
  await out.flush();
  console.error(`${rows} rows exported`);
} catch (e) {
  const err = e as { code?: string; message: string };
  console.error(`error ${err.code ?? "UNKNOWN"}: ${err.message}`);
  process.exitCode = 1;
} finally {
  await cur.close();
  await conn.close();
  await emu?.close();
}
