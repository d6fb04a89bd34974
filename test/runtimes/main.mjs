/**
 * Entry for Node, Deno and Bun: runs the scenario against the BUILT bundles and prints one line
 * `RESULT <json>` for the vitest side to parse.
 *
 *   <runtime> test/runtimes/main.mjs                        in-process emulator (emu.fetch)
 *   <runtime> test/runtimes/main.mjs '<connect options>' '<control-plane options>'
 *                                                           over HTTP (a Node-side emu.listen)
 *
 * Arguments rather than environment variables, so Deno needs no --allow-env.
 */
import * as client from "../../dist/bundle/confluent-sql.mjs";
import * as emulator from "../../dist/bundle/emulator.mjs";
import * as controlPlaneBundle from "../../dist/bundle/control-plane.mjs";
import { runInProcess, runScenario } from "./scenario.mjs";

const runtime = typeof globalThis.Deno !== "undefined" ? "deno" : typeof globalThis.Bun !== "undefined" ? "bun" : "node";
const args = runtime === "deno" ? globalThis.Deno.args : globalThis.process.argv.slice(2);

const overHttp = (connectOptions, controlPlaneOptions) =>
  runScenario(() => client.connect(connectOptions), {
    runtime: `${runtime}-http`,
    controlPlane: controlPlaneOptions && { bundle: controlPlaneBundle, connectOptions, options: controlPlaneOptions },
  });
const result = args[0]
  ? await overHttp(JSON.parse(args[0]), args[1] ? JSON.parse(args[1]) : undefined)
  : await runInProcess(client, emulator, controlPlaneBundle, { runtime });
console.log(`RESULT ${JSON.stringify(result)}`);
// The emulator's clock may hold timers (auto-stop, live tables); the scenario is over.
if (runtime === "deno") globalThis.Deno.exit(0);
else globalThis.process.exit(0);
