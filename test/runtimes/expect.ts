/**
 * One set of expectations for every runtime: the scenario's checks (four of the core client,
 * one of the control plane) must come out the same in Node, Deno, Bun, workerd and Chromium.
 */
import { expect } from "vitest";
import type { ScenarioResult } from "./support.ts";

export function expectScenario(result: ScenarioResult, runtime: string): void {
  expect(result.runtime).toBe(runtime);
  // Each failure message names the check, so a red test says which part broke.
  expect(result.failures).toEqual({});

  // Snapshot: two rows with their column types.
  expect(result.snapshot?.columns.map(([name]) => name)).toEqual(["id", "name"]);
  expect(result.snapshot?.columns[0]?.[1]).toBe("INTEGER");
  expect(result.snapshot?.columns[1]?.[1]).toMatch(/CHAR/);
  expect(result.snapshot?.rows).toEqual([
    [1, "alpha"],
    [2, "beta"],
  ]);
  expect(result.snapshot?.rowCount).toBe(2);

  // Parameterised: values rendered as literals and decoded back, quotes intact.
  expect(result.params?.rows).toEqual([{ answer: 42, quote: "it's" }]);

  // Streaming aggregate: a real changelog (retractions) whose fold is a=2, b=1.
  expect(result.streaming?.returnsChangelog).toBe(true);
  expect(result.streaming?.final).toEqual({ '["a"]': 2, '["b"]': 1 });
  const events = (result.streaming?.events ?? []).map((e) => e.map(String));
  expect(events).toContainEqual(["+I", "a", "1"]);
  expect(events.some((e) => e[0] === "-U" || e[0] === "-D")).toBe(true);
  expect(events).toContainEqual(["+U", "a", "2"]);
  expect(result.streaming?.phaseAfterCancel).toMatch(/^(STOPPING|STOPPED)$/);

  // Error: a coded StatementFailedError carrying the server's detail.
  expect(result.error).toMatchObject({ thrown: true, name: "StatementFailedError", code: "STATEMENT_FAILED", statementName: true });
  expect(result.error?.detail).toMatch(/SELEC/);

  expectControlPlane(result);
}

/** The control-plane check, through the built control-plane bundle against the emulator. */
function expectControlPlane(result: ScenarioResult): void {
  const cp = result.controlPlane;
  // That bundle has its own copy of the client: a core-bundle connection is not one of its own.
  expect(cp?.coreConnection).toBe("NOT_A_CONNECTION");

  // Tableflow enabled on the SQL-made table, waited for until RUNNING, read back.
  expect(cp?.tableflow).toEqual({
    tableMatches: true,
    phase: "RUNNING",
    readPhase: "RUNNING",
    formats: ["ICEBERG"],
    storageKind: "Managed",
    writeMode: "APPEND",
    kafkaClusterIdMatches: true,
  });
  // A second enable: the coded subclass, and `instanceof` works up the one hierarchy.
  expect(cp?.enableAgain).toEqual({
    thrown: true,
    name: "TableflowTopicAlreadyExistsError",
    code: "TABLEFLOW_TOPIC_EXISTS",
    isExportedClass: true,
    isIntegrityError: true,
    isProgrammingError: false,
    isConfluentSqlError: true,
  });

  // The connector runs, and its secret never comes back in clear.
  expect(cp?.connector).toEqual({
    nameMatches: true,
    state: "RUNNING",
    readState: "RUNNING",
    connectorClass: "DatagenSource",
    maskedSecret: "****",
    readMaskedSecret: "****",
    secretLeaked: false,
  });

  // Both deleted: reading them again is the coded "not found" of each.
  expect(cp?.connectorAfterDelete).toEqual({
    thrown: true,
    name: "ConnectorNotFoundError",
    code: "CONNECTOR_NOT_FOUND",
    isExportedClass: true,
    isIntegrityError: false,
    isProgrammingError: true,
    isConfluentSqlError: true,
  });
  expect(cp?.tableflowAfterDisable).toEqual({
    thrown: true,
    name: "TableflowTopicNotFoundError",
    code: "TABLEFLOW_TOPIC_NOT_FOUND",
    isExportedClass: true,
    isIntegrityError: false,
    isProgrammingError: true,
    isConfluentSqlError: true,
  });
}
