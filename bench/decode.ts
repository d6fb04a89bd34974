/**
 * Decode benchmark: a 10,000-row results page of mixed types, decoded from its JSON text.
 * Prints rows/s for JSON.parse alone and for JSON.parse + compiled decoding of the same bytes,
 * measured in the same run, and the ratio (target: total <= 2x JSON.parse alone), twice: with
 * the session time zone UTC and with Europe/Berlin (TIMESTAMP_LTZ values then go through the
 * zone conversion; the page spans the 2024-03-31 DST change).
 *
 * Run: npm run bench:decode
 */
import process from "node:process";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { compileRowDecoder } from "../src/types/decode.ts";
import { parseColumnsJson } from "../src/types/schema-json.ts";

const ROWS = 10_000;
const ROUNDS = 21;
const WARMUP = 3;

const columns = parseColumnsJson(
  {
    columns: [
      { name: "id", type: { type: "BIGINT", nullable: false } },
      { name: "customer", type: { type: "VARCHAR", nullable: true, length: 2147483647 } },
      { name: "qty", type: { type: "INTEGER", nullable: true } },
      { name: "price", type: { type: "DECIMAL", nullable: true, precision: 10, scale: 2 } },
      { name: "score", type: { type: "DOUBLE", nullable: true } },
      { name: "paid", type: { type: "BOOLEAN", nullable: true } },
      { name: "day", type: { type: "DATE", nullable: true } },
      { name: "created", type: { type: "TIMESTAMP_WITHOUT_TIME_ZONE", nullable: true, precision: 3 } },
      { name: "$rowtime", type: { type: "TIMESTAMP_WITH_LOCAL_TIME_ZONE", nullable: false, precision: 3 } },
      { name: "tags", type: { type: "ARRAY", nullable: true, element_type: { type: "VARCHAR", nullable: true, length: 2147483647 } } },
      { name: "addr", type: { type: "ROW", nullable: true, fields: [
        { name: "city", field_type: { type: "VARCHAR", nullable: true, length: 2147483647 } },
        { name: "zip", field_type: { type: "INTEGER", nullable: true } },
      ] } },
    ],
  },
  "bench",
);

function pad(n: number, w = 2): string {
  return String(n).padStart(w, "0");
}

const data = [];
for (let i = 0; i < ROWS; i++) {
  const ms = Date.UTC(2024, 2, 27) + i * 61_123;
  const d = new Date(ms);
  const ts = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
  data.push({
    op: 0,
    row: [
      String(1_000_000 + i),
      `customer-${i % 977}`,
      String(i % 50),
      `${(i * 7) % 100000}.${pad(i % 100)}`,
      String((i * 1.37) % 1000),
      i % 3 === 0 ? "TRUE" : "FALSE",
      ts.slice(0, 10),
      ts,
      ts,
      i % 5 === 0 ? null : ["a", `t${i % 13}`],
      i % 7 === 0 ? null : [`city-${i % 31}`, String(10000 + (i % 9000))],
    ],
  });
}
const text = JSON.stringify({ results: { data }, metadata: { next: null } });

type Page = { results: { data: Array<{ op: number; row: unknown[] }> } };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

// CPU time (user + system, this process) as well as wall time: on a shared, loaded machine
// wall time mostly measures the scheduler, CPU time what the code costs.
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const fmt = (ms: number): string => `${Math.round(ROWS / (ms / 1000)).toLocaleString("en-US")} rows/s (${ms.toFixed(2)} ms)`;

// A full collection before each measurement, so none pays for the garbage of the one before
// it (`npm run bench:decode` runs node without --expose-gc, hence the flag set here).
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

// Both zones are measured in every round, next to JSON.parse alone, so they see the same
// machine conditions (this machine is shared; separate runs differ by more than the effect);
// their order alternates.
const zones = ["UTC", "Europe/Berlin"];
const decoders = zones.map((localTimeZone) => compileRowDecoder(columns, { localTimeZone }));
const parseTimes: number[] = [];
const totalTimes = zones.map((): number[] => []);
let parseCpu = 0;
const totalCpu = zones.map(() => 0);
let sink = 0;
for (let r = 0; r < ROUNDS + WARMUP; r++) {
  gc();
  let c0 = cpu();
  let t0 = performance.now();
  const p1 = JSON.parse(text) as Page;
  sink += p1.results.data.length;
  if (r >= WARMUP) {
    parseTimes.push(performance.now() - t0);
    parseCpu += cpu() - c0;
  }
  for (let k = 0; k < zones.length; k++) {
    const z = (k + r) % zones.length;
    const dec = decoders[z]!;
    gc();
    c0 = cpu();
    t0 = performance.now();
    const p2 = JSON.parse(text) as Page;
    const rows = p2.results.data;
    const out = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = dec.toObject(rows[i]!.row);
    sink += out.length;
    if (r >= WARMUP) {
      totalTimes[z]!.push(performance.now() - t0);
      totalCpu[z]! += cpu() - c0;
    }
  }
}
console.log(`page: ${ROWS} rows x ${columns.length} columns, ${(text.length / 1e6).toFixed(2)} MB JSON, ${ROUNDS} rounds after ${WARMUP} warm-up; sql.local-time-zone UTC and Europe/Berlin`);
for (const [label, parseMs, totalMs] of [
  ["cpu time, mean", parseCpu / ROUNDS, totalCpu.map((c) => c / ROUNDS)],
  ["wall time, median", median(parseTimes), totalTimes.map(median)],
] as const) {
  console.log(`[${label}] JSON.parse alone:                       ${fmt(parseMs)}`);
  zones.forEach((zone, z) => {
    const total = totalMs[z]!;
    const tag = `${zone}:`.padEnd(15);
    console.log(`[${label}] ${tag} JSON.parse + decode:  ${fmt(total)}`);
    console.log(`[${label}] ${tag} decode only:          ${fmt(total - parseMs)}`);
    console.log(`[${label}] ${tag} ratio total / parse:  ${(total / parseMs).toFixed(2)}x (target <= 2.00x)`);
  });
}
if (sink < 0) console.log(sink);
