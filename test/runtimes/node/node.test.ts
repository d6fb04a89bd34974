/** Runtime matrix, Node: the built bundles in a fresh Node process, in process and over HTTP. */
import { afterAll, beforeAll, describe, it } from "vitest";
import { expectScenario } from "../expect.ts";
import { startHttpEmulator, type HttpEmulator } from "../http-emulator.ts";
import { parseResult, run } from "../support.ts";

describe("runtime: node", () => {
  let http: HttpEmulator;
  beforeAll(async () => {
    http = await startHttpEmulator();
  });
  afterAll(async () => {
    await http?.close();
  });

  it("runs the scenario with the emulator in process", async () => {
    const out = await run(process.execPath, ["test/runtimes/main.mjs"]);
    expectScenario(parseResult(out), "node");
  });

  it("runs the scenario over HTTP against a loopback emulator", async () => {
    const out = await run(process.execPath, ["test/runtimes/main.mjs", JSON.stringify(http.connectOptions)]);
    expectScenario(parseResult(out), "node-http");
  });
});
