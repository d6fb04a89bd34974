/** Runtime matrix, Node: the built bundles in a fresh Node process, in process and over HTTP. */
import { describeScenario } from "../scenario-suite.ts";

describeScenario({ runtime: "node", enabled: true, command: process.execPath, args: () => [] });
