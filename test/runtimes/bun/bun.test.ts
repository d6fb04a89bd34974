/** Runtime matrix, Bun (npm package `bun`): the built bundles in process and over HTTP. */
import { afterAll, beforeAll, describe, it } from "vitest";
import { expectScenario } from "../expect.ts";
import { startHttpEmulator, type HttpEmulator } from "../http-emulator.ts";
import { BIN, parseResult, run, toolAvailable } from "../support.ts";

describe.runIf(toolAvailable("bun"))("runtime: bun", () => {
  let http: HttpEmulator;
  beforeAll(async () => {
    http = await startHttpEmulator();
  });
  afterAll(async () => {
    await http?.close();
  });

  it("runs the scenario with the emulator in process", async () => {
    const out = await run(BIN.bun, ["test/runtimes/main.mjs"]);
    expectScenario(parseResult(out), "bun");
  });

  it("runs the scenario over HTTP against a loopback emulator", async () => {
    const out = await run(BIN.bun, ["test/runtimes/main.mjs", JSON.stringify(http.connectOptions)]);
    expectScenario(parseResult(out), "bun-http");
  });
});
