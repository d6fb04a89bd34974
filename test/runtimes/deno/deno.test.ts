/**
 * Runtime matrix, Deno (npm package `deno`): the built bundles with no permissions in process,
 * and with only --allow-net=127.0.0.1:<port> over HTTP.
 */
import { afterAll, beforeAll, describe, it } from "vitest";
import { expectScenario } from "../expect.ts";
import { startHttpEmulator, type HttpEmulator } from "../http-emulator.ts";
import { BIN, parseResult, run, toolAvailable } from "../support.ts";

const DENO = ["run", "--no-prompt", "--no-lock", "--no-config"];

describe.runIf(toolAvailable("deno"))("runtime: deno", () => {
  let http: HttpEmulator;
  beforeAll(async () => {
    http = await startHttpEmulator();
  });
  afterAll(async () => {
    await http?.close();
  });

  it("runs the scenario with the emulator in process and no permissions", async () => {
    const out = await run(BIN.deno, [...DENO, "test/runtimes/main.mjs"]);
    expectScenario(parseResult(out), "deno");
  });

  it("runs the scenario over HTTP with --allow-net limited to the emulator", async () => {
    const out = await run(BIN.deno, [
      ...DENO,
      `--allow-net=127.0.0.1:${http.port}`,
      "test/runtimes/main.mjs",
      JSON.stringify(http.connectOptions),
    ]);
    expectScenario(parseResult(out), "deno-http");
  });
});
