/** Runtime matrix, Bun (npm package `bun`): the built bundles in process and over HTTP. */
import { describeScenario } from "../scenario-suite.ts";
import { BIN, toolAvailable } from "../support.ts";

describeScenario({ runtime: "bun", enabled: toolAvailable("bun"), command: BIN.bun, args: () => [] });
