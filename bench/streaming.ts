/**
 * Streaming benchmark: the client's streaming cursor against the emulator over loopback HTTP.
 *
 *   npm run bench:streaming            (esbuild -> /tmp/bench-streaming.mjs, then node)
 *
 * The emulator runs in a child process (`--serve`), so the client's memory is measured alone.
 * The live table goes through the built-in SQL engine; the 1,000,000-row stream comes from a
 * scripted statement (see benchEngine). Three figures, each next to a baseline
 * measured in the same run (the Python driver's policy: a fixed 100 ms pause between pages):
 *
 * 1. INSERT-to-consumer latency (median, p99) over 200 inserts: a consumer streams
 *    `SELECT * FROM feed`; rows are inserted at random 5-100 ms intervals (long enough for the
 *    idle backoff to grow a step or two between rows) with `INSERT INTO feed VALUES (i)`; latency = from just
 *    before the INSERT is submitted to the row reaching the consumer. 200 samples make p99 the
 *    second-worst sample rather than the worst.
 * 2. Requests per second while the stream is idle for 10 s (target <= 2).
 * 3. Peak client memory while streaming 1,000,000 rows into a slow consumer (must stay bounded
 *    by the high-water mark plus one page, not grow with the stream).
 *
 * Takes about 30-40 s on an otherwise idle 2-core machine: ~15 s of inserts (200 x (gap + the
 * INSERT's round trips)), 12 s of fixed pauses (10 s idle, settling), and the 1,000,000 rows,
 * which are CPU-bound (response bodies to parse) and so take longer on a busy machine.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { connect } from "../src/client/connection.ts";
import { streamingBackendOf } from "../src/client/streaming/adapter.ts";
import { StreamingCursor } from "../src/client/streaming/cursor.ts";
import type { StreamingCursorOptions } from "../src/client/streaming/types.ts";
import { createEmulator } from "../src/emulator/index.ts";
import type { CompiledStatement, Engine, EngineContext } from "../src/emulator/index.ts";
import { createSqlEngine } from "../src/emulator/sql/index.ts";
import type { Column } from "../src/types/model.ts";

const BIG_ROWS = 1_000_000;
const PAGE_SIZE = 500;
const LATENCY_SAMPLES = 200;
const GAP_MIN_MS = 5;
const GAP_MAX_MS = 100;
const IDLE_MS = 10_000;

// ---------------------------------------------------------------- server side (child process)

const bigint = (name: string): Column => ({ name, type: { type: "BIGINT", nullable: false } }) as Column;
const text = (name: string): Column => ({ name, type: { type: "VARCHAR", nullable: true, length: 2147483647 } }) as Column;

/**
 * The built-in SQL engine for everything (the live `feed` table: CREATE TABLE, streaming SELECT,
 * INSERT), except `SELECT * FROM big`: 1,000,000 rows emitted as fast as the gateway takes them,
 * which a VALUES list or a generator table would make a benchmark of the SQL engine instead.
 */
function benchEngine(ctx: EngineContext): Engine {
  const sql = createSqlEngine(ctx);
  return {
    compile(request): CompiledStatement {
      if (!/^SELECT \* FROM big$/i.test(request.sql.trim())) return sql.compile(request);
      return {
        traits: { sqlKind: "SELECT", isBounded: true, isAppendOnly: true, upsertColumns: null, schema: [bigint("id"), text("payload")] },
        start(sink) {
          let next = 0;
          let stopped = false;
          const payload = "x".repeat(48);
          const pump = (): void => {
            if (stopped) return;
            const rows = [];
            const end = Math.min(BIG_ROWS, next + 20_000);
            for (; next < end; next++) rows.push({ op: 0 as const, row: [String(next), payload] });
            sink.emit(rows);
            if (next >= BIG_ROWS) sink.complete();
            else setTimeout(pump, 5);
          };
          pump();
          return { stop: () => (stopped = true), resume() {}, dispose: () => (stopped = true) };
        },
      };
    },
  };
}

async function serve(): Promise<void> {
  const emu = createEmulator({ engine: benchEngine, resultPageSize: PAGE_SIZE, autoStopMs: 0 });
  const server = await emu.listen({ port: 0, hostname: "127.0.0.1" });
  process.stdout.write(`${JSON.stringify(server.connectOptions)}\n`);
  process.stdin.resume();
  process.stdin.on("end", () => {
    void server.close().then(() => emu.close()).then(() => process.exit(0));
  });
}

// ---------------------------------------------------------------- client side (parent)

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");

/** Python driver's pacing: a fixed 100 ms between page fetches, forever. */
const PYTHON_LIKE: StreamingCursorOptions = { idleBackoff: { initialMs: 100, factor: 1, maxMs: 100, jitter: 0 } };

async function runClient(): Promise<void> {
  const self = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, [self, "--serve"], { stdio: ["pipe", "pipe", "inherit"] });
  const firstLine = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`emulator process exited with ${code}`)));
  });
  const connectOptions = JSON.parse(firstLine) as Record<string, string>;
  const conn = connect({ ...connectOptions, environmentId: connectOptions.environmentId! });
  const backend = streamingBackendOf(conn);
  console.log(`emulator at ${connectOptions.endpoint} (child pid ${child.pid}), page size ${PAGE_SIZE}`);

  try {
    await latencyAndIdle(backend);
    await memory(backend);
  } finally {
    await conn.close();
    child.stdin!.end();
    await new Promise((r) => child.once("exit", r));
  }
}

type Backend = ReturnType<typeof streamingBackendOf>;

async function latencyAndIdle(backend: Backend): Promise<void> {
  // Two consumers of the same live table: ours (adaptive idle backoff) and the Python-like baseline.
  const variants = [
    { label: "adaptive (default)", cursor: new StreamingCursor<unknown[]>(backend) },
    { label: "fixed 100 ms (Python driver)", cursor: new StreamingCursor<unknown[]>(backend, PYTHON_LIKE) },
  ];
  const ddl = new StreamingCursor(backend);
  await ddl.execute("CREATE TABLE feed (id BIGINT)");
  await ddl.close();
  const arrivals = variants.map(() => new Map<number, number>());
  const readers: Promise<void>[] = [];
  for (const [i, v] of variants.entries()) {
    await v.cursor.execute("SELECT * FROM feed");
    const stream = v.cursor.stream();
    readers.push(
      (async () => {
        try {
          for await (const row of stream) arrivals[i]!.set(Number((row as unknown[])[0]), performance.now());
        } catch {
          /* closed at the end */
        }
      })(),
    );
  }
  await sleep(800); // let both settle into their idle rhythm

  const inserter = new StreamingCursor(backend);
  const sent = new Map<number, number>();
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    await sleep(GAP_MIN_MS + Math.random() * (GAP_MAX_MS - GAP_MIN_MS));
    sent.set(i, performance.now());
    await inserter.execute(`INSERT INTO feed VALUES (${i})`);
  }
  await sleep(1200);
  await inserter.close();

  console.log(`\n1. INSERT-to-consumer latency (${LATENCY_SAMPLES} inserts at random ${GAP_MIN_MS}-${GAP_MAX_MS} ms intervals)`);
  const medians: number[] = [];
  for (const [i, v] of variants.entries()) {
    const lat = [...sent].map(([id, t]) => (arrivals[i]!.get(id) ?? Number.NaN) - t).filter(Number.isFinite).sort((a, b) => a - b);
    medians.push(percentile(lat, 50));
    console.log(`   ${v.label.padEnd(30)} median ${fmt(percentile(lat, 50))} ms   p99 ${fmt(percentile(lat, 99))} ms   (${lat.length}/${sent.size} seen)`);
  }

  // Idle: nothing is inserted for IDLE_MS; count the results requests each consumer makes.
  const before = variants.map((v) => v.cursor.metrics.requests);
  const t0 = performance.now();
  await sleep(IDLE_MS);
  const seconds = (performance.now() - t0) / 1000;
  console.log(`\n2. Requests per second while idle for ${fmt(seconds)} s (target <= 2)`);
  const rates: number[] = [];
  for (const [i, v] of variants.entries()) {
    const m = v.cursor.metrics;
    const rate = (m.requests - before[i]!) / seconds;
    rates.push(rate);
    console.log(`   ${v.label.padEnd(30)} ${fmt(rate, 2)} req/s   (empty pages so far ${m.emptyPages}, waited ${fmt(m.waitMs / 1000)} s)`);
  }
  console.log(`   ratio baseline/adaptive: ${fmt(rates[1]! / rates[0]!, 1)}x fewer requests; latency ratio adaptive/baseline ${fmt(medians[0]! / medians[1]!, 2)}`);

  for (const v of variants) await v.cursor.close();
  await Promise.all(readers);
}

async function memory(backend: Backend): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const base = process.memoryUsage();
  let peakHeap = base.heapUsed;
  let peakRss = base.rss;
  const checkpoints: Array<{ rows: number; heapMb: number }> = [];
  // Every 50 ms: process.memoryUsage() costs about a millisecond, more often skews the figure.
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
  }, 50);

  const cursor = new StreamingCursor<unknown[]>(backend);
  const t0 = performance.now();
  await cursor.execute("SELECT * FROM big");
  const highWaterMark = 100;
  let rows = 0;
  let checksum = 0;
  // A slow consumer: sleeps 1 ms every 4,000 rows, so pages wait on it (the server is faster).
  for await (const item of cursor.stream({ highWaterMark })) {
    const row = item as unknown[];
    rows++;
    checksum += row[0] as number;
    if (rows % 4000 === 0) await sleep(1);
    if (rows % 200_000 === 0) {
      // Live heap (after a full GC, when --expose-gc is given): what the stream retains.
      gc?.();
      checkpoints.push({ rows, heapMb: process.memoryUsage().heapUsed / 1e6 });
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  const m = cursor.metrics;
  await cursor.close();
  const expected = (BIG_ROWS * (BIG_ROWS - 1)) / 2;
  console.log(`\n3. Streaming ${rows.toLocaleString("en")} rows into a slow consumer (highWaterMark ${highWaterMark}, page ${PAGE_SIZE} rows)`);
  console.log(`   ${fmt(seconds)} s, ${fmt(rows / seconds / 1000, 0)}k rows/s, ${m.pages} pages, ${fmt(m.bytes / 1e6)} MB received, checksum ${checksum === expected ? "ok" : "WRONG"}`);
  console.log(`   client heap: base ${fmt(base.heapUsed / 1e6)} MB, peak ${fmt(peakHeap / 1e6)} MB (+${fmt((peakHeap - base.heapUsed) / 1e6)} MB); peak RSS ${fmt(peakRss / 1e6)} MB`);
  console.log(`   live heap${gc ? " after GC" : " (run node with --expose-gc for live heap)"} at: ${checkpoints.map((c) => `${c.rows / 1000}k rows ${fmt(c.heapMb)} MB`).join(", ")}`);
  console.log(`   (the whole stream as JS rows would be ~${fmt((rows * 120) / 1e6, 0)} MB; the wire bytes alone ${fmt(m.bytes / 1e6)} MB)`);
}

if (process.argv.includes("--serve")) {
  void serve();
} else {
  runClient().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
