// A Cloudflare Worker endpoint: a live aggregate (orders and revenue per customer) served as a
// stream of materialised changes, NDJSON or Server-Sent Events, plus a snapshot lookup.
//
//   GET /top-customers[?limit=N]        NDJSON: {"type":"insert"|"update"|"delete","id","row"...}
//   GET /top-customers (Accept: text/event-stream)   the same as SSE events named by type
//   GET /customers/<id>                 one customer, as JSON
//
// With CONFLUENT_* bindings (see wrangler.toml) it queries Confluent Cloud; without them it hosts
// the emulator, one per request (the isolate keeps no state between requests).
//
//   npx wrangler dev -c examples/worker/wrangler.toml
import { connect, toResponse, type Connection, type MaterializedChange } from "confluent-sql";
import { createEmulator } from "confluent-sql/emulator";

export interface Env {
  CONFLUENT_ORG_ID?: string;
  CONFLUENT_ENV_ID?: string;
  CONFLUENT_FLINK_API_KEY?: string;
  CONFLUENT_FLINK_API_SECRET?: string;
  CONFLUENT_CLOUD_PROVIDER?: string;
  CONFLUENT_CLOUD_REGION?: string;
  CONFLUENT_COMPUTE_POOL_ID?: string;
}

/** Confluent Cloud when configured, else an emulator for this request. */
function open(env: Env): Connection {
  if (env.CONFLUENT_ENV_ID !== undefined) {
    return connect({
      organizationId: env.CONFLUENT_ORG_ID,
      environmentId: env.CONFLUENT_ENV_ID,
      cloudProvider: env.CONFLUENT_CLOUD_PROVIDER,
      cloudRegion: env.CONFLUENT_CLOUD_REGION,
      flinkApiKey: env.CONFLUENT_FLINK_API_KEY,
      flinkApiSecret: env.CONFLUENT_FLINK_API_SECRET,
      computePoolId: env.CONFLUENT_COMPUTE_POOL_ID,
    });
  }
  const emu = createEmulator();
  return connect({ ...emu.connectOptions, fetch: emu.fetch });
}

/** Passes the first `limit` chunks, then ends the stream (which cancels what feeds it). */
function take<T>(limit: number): TransformStream<T, T> {
  let seen = 0;
  return new TransformStream<T, T>({
    transform(chunk, controller) {
      controller.enqueue(chunk);
      if (++seen >= limit) controller.terminate();
    },
  });
}

/** A coded error as an HTTP answer: the caller's fault (bad SQL, bad input) or the upstream's. */
function failure(e: unknown): Response {
  const err = e as { name?: string; code?: string; message?: string; toJSON?: () => unknown };
  const callerFault = ["ProgrammingError", "InterfaceError", "StatementFailedError"].includes(err.name ?? "");
  return Response.json({ error: err.toJSON?.() ?? { message: String(e) } }, { status: callerFault ? 400 : 502 });
}

async function topCustomers(request: Request, env: Env): Promise<Response> {
  const url = new URL(request.url);
  const limit = url.searchParams.has("limit") ? Number(url.searchParams.get("limit")) : Infinity;
  if (!(limit >= 1)) return Response.json({ error: { message: "limit must be a positive number" } }, { status: 400 });
  const cur = open(env).streamingCursor({ asDict: true });
  await cur.execute(
    `SELECT customer_id, COUNT(*) AS orders, ROUND(SUM(price), 2) AS revenue
       FROM \`examples\`.\`marketplace\`.\`orders\`
      GROUP BY customer_id`,
  );
  // changes(): each -U/+U pair arrives as one "update" with a stable id, ready to patch a view.
  // The client going away (request.signal) or the limit ending the stream stops the statement.
  let changes: ReadableStream<MaterializedChange<Record<string, unknown>>> = cur.changes({ signal: request.signal });
  if (limit !== Infinity) changes = changes.pipeThrough(take(limit));
  const sse = (request.headers.get("accept") ?? "").includes("text/event-stream");
  return sse ? toResponse(changes, "sse", { event: (c) => c.type, heartbeatMs: 15_000 }) : toResponse(changes, "ndjson");
}

async function customer(id: string, env: Env): Promise<Response> {
  if (!/^\d+$/.test(id)) return Response.json({ error: { message: "customer id must be a number" } }, { status: 400 });
  const conn = open(env);
  try {
    const { rows } = await conn.query("SELECT * FROM `examples`.`marketplace`.`customers` WHERE customer_id = %s", [Number(id)]);
    return rows.length === 0 ? Response.json({ error: { message: "no such customer" } }, { status: 404 }) : Response.json(rows[0]);
  } finally {
    await conn.close();
  }
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const { pathname } = new URL(request.url);
    try {
      if (request.method !== "GET") return new Response("GET only", { status: 405 });
      if (pathname === "/top-customers") return await topCustomers(request, env);
      const m = /^\/customers\/([^/]+)$/.exec(pathname);
      if (m) return await customer(m[1]!, env);
      return new Response("not found", { status: 404 });
    } catch (e) {
      return failure(e);
    }
  },
};
