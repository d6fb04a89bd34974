/**
 * Runtime matrix, Deno (npm package `deno`): the built bundles with no permissions in process,
 * and with only --allow-net=127.0.0.1:<port> over HTTP.
 */
import { describeScenario } from "../scenario-suite.ts";
import { BIN, toolAvailable } from "../support.ts";

const DENO = ["run", "--no-prompt", "--no-lock", "--no-config"];

describeScenario({
  runtime: "deno",
  enabled: toolAvailable("deno"),
  command: BIN.deno,
  args: (http) => (http ? [...DENO, `--allow-net=127.0.0.1:${http.port}`] : DENO),
  inProcessTitle: "runs the scenario with the emulator in process and no permissions",
  httpTitle: "runs the scenario over HTTP with --allow-net limited to the emulator",
});
