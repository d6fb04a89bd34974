/** Parsing of the control-plane commands: the typed command each command line becomes. */
import { describe, expect, it } from "vitest";
import { parseArgs, UsageError } from "../../../src/cli/args.ts";

describe("parseArgs: tableflow, connectors, cluster-id", () => {
  it("fills the defaults: ICEBERG, managed storage, waiting, table format", () => {
    expect(parseArgs(["tableflow", "enable", "orders"])).toEqual({
      kind: "tableflow",
      action: "enable",
      table: "orders",
      formats: ["ICEBERG"],
      storage: { kind: "Managed" },
      wait: true,
      format: "table",
      emulator: false,
    });
  });

  it("reads every option of tableflow enable, in any case and either flag form", () => {
    expect(parseArgs(["tableflow", "enable", "orders", "--formats=delta, iceberg", "--bucket", "lake", "--provider-integration=cspi-1", "--no-wait", "--timeout", "60000", "-f", "json", "--emulator"])).toEqual({
      kind: "tableflow",
      action: "enable",
      table: "orders",
      formats: ["DELTA", "ICEBERG"],
      storage: { kind: "ByobAws", bucketName: "lake", providerIntegrationId: "cspi-1" },
      wait: false,
      timeoutMs: 60000,
      format: "json",
      emulator: true,
    });
    expect(parseArgs(["tableflow", "enable", "t", "--storage", "MANAGED"])).toMatchObject({ storage: { kind: "Managed" } });
  });

  it("keeps --set pairs in order, splitting at the first '=' only", () => {
    expect(parseArgs(["connectors", "create", "gen", "--set", "a=1", "--set=b=x=y", "--set", "empty=", "--config", "c.json"])).toEqual({
      kind: "connectors",
      action: "create",
      name: "gen",
      configFile: "c.json",
      settings: [
        ["a", "1"],
        ["b", "x=y"],
        ["empty", ""],
      ],
      wait: true,
      format: "table",
      emulator: false,
    });
  });

  it("parses the other actions with only the fields they use", () => {
    expect(parseArgs(["tableflow", "get", "t"])).toEqual({ kind: "tableflow", action: "get", table: "t", format: "table", emulator: false });
    expect(parseArgs(["tableflow", "disable", "t", "--no-wait"])).toEqual({ kind: "tableflow", action: "disable", table: "t", wait: false, format: "table", emulator: false });
    expect(parseArgs(["connectors", "get", "c", "--format", "json"])).toEqual({ kind: "connectors", action: "get", name: "c", format: "json", emulator: false });
    for (const action of ["pause", "resume", "delete"]) {
      expect(parseArgs(["connectors", action, "c"])).toEqual({ kind: "connectors", action, name: "c", wait: true, format: "table", emulator: false });
    }
    expect(parseArgs(["cluster-id", "--emulator", "--timeout", "5"])).toEqual({ kind: "cluster-id", format: "table", emulator: true, timeoutMs: 5 });
  });

  it("throws UsageError (code USAGE) for malformed ones", () => {
    for (const argv of [["tableflow"], ["connectors"], ["connectors", "create"], ["tableflow", "enable", "t", "--formats"], ["connectors", "create", "c", "--set", "=v"], ["cluster-id", "--no-wait"]]) {
      expect(() => parseArgs(argv), argv.join(" ")).toThrow(UsageError);
    }
  });
});
