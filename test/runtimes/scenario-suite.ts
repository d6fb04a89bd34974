/**
 * The runtime matrix's shared suite: the scenario (test/runtimes/main.mjs, built bundles) run in
 * a fresh process of one runtime, once with the emulator in process and once over HTTP against
 * a loopback emulator. Each runtime's test file says only how to start that runtime.
 */
import { afterAll, beforeAll, describe, it } from "vitest";
import { expectScenario } from "./expect.ts";
import { startHttpEmulator, type HttpEmulator } from "./http-emulator.ts";
import { parseResult, run } from "./support.ts";

export interface ScenarioSuite {
  /** Runtime name as the scenario reports it (`node`, `bun`, `deno`). */
  readonly runtime: string;
  /** False skips the suite (a missing tool that CONFLUENT_SQL_SKIP_RUNTIMES names). */
  readonly enabled: boolean;
  readonly command: string;
  /** Arguments before the scenario's own: none in process; over HTTP, given the emulator. */
  readonly args: (http?: HttpEmulator) => string[];
  readonly inProcessTitle?: string;
  readonly httpTitle?: string;
}

export function describeScenario(suite: ScenarioSuite): void {
  describe.runIf(suite.enabled)(`runtime: ${suite.runtime}`, () => {
    let http: HttpEmulator;
    beforeAll(async () => {
      http = await startHttpEmulator();
    });
    afterAll(async () => {
      await http?.close();
    });

    it(suite.inProcessTitle ?? "runs the scenario with the emulator in process", async () => {
      const out = await run(suite.command, [...suite.args(), "test/runtimes/main.mjs"]);
      expectScenario(parseResult(out), suite.runtime);
    });

    it(suite.httpTitle ?? "runs the scenario over HTTP against a loopback emulator", async () => {
      const out = await run(suite.command, [...suite.args(http), "test/runtimes/main.mjs", JSON.stringify(http.connectOptions), JSON.stringify(http.controlPlaneOptions)]);
      expectScenario(parseResult(out), `${suite.runtime}-http`);
    });
  });
}
