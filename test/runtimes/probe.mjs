/**
 * Loads every built bundle and prints `RESULT {"runtime", "exports": {...}}`: proves the bundles
 * are self-contained and free of Node built-ins in each runtime, before any query runs.
 */
import * as client from "../../dist/bundle/confluent-sql.mjs";
import * as emulator from "../../dist/bundle/emulator.mjs";
import * as worker from "../../dist/bundle/worker.mjs";
import * as controlPlane from "../../dist/bundle/control-plane.mjs";

const runtime = typeof globalThis.Deno !== "undefined" ? "deno" : typeof globalThis.Bun !== "undefined" ? "bun" : "node";
const exports = {
  client: Object.keys(client).sort(),
  emulator: Object.keys(emulator).sort(),
  worker: Object.keys(worker).sort(),
  controlPlane: Object.keys(controlPlane).sort(),
};
console.log(`RESULT ${JSON.stringify({ runtime, exports, workerFetch: typeof worker.default?.fetch })}`);
