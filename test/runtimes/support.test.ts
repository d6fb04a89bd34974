/** The runtime matrix's policy for missing tools: fail unless explicitly skipped. */
import { describe, expect, it } from "vitest";
import { BIN, SKIP_RUNTIMES_VAR, toolStatus } from "./support.ts";

const missing = () => false;

describe("toolStatus", () => {
  it("runs a tool that is installed", () => {
    expect(toolStatus("deno", {}, (p) => p === BIN.deno)).toEqual({ run: true });
  });

  it("fails for a missing tool, naming the opt-out", () => {
    for (const env of [{}, { CI: "" }, { [SKIP_RUNTIMES_VAR]: "deno,bun" }, { [SKIP_RUNTIMES_VAR]: "" }]) {
      const status = toolStatus("chromium", env, missing);
      expect(status).toMatchObject({ run: false, skip: false });
      expect((status as { message: string }).message).toContain(`${SKIP_RUNTIMES_VAR}=chromium`);
      expect((status as { message: string }).message).toContain(BIN.chromium);
    }
  });

  it("skips a missing tool that the opt-out names", () => {
    expect(toolStatus("deno", { [SKIP_RUNTIMES_VAR]: "chromium, Deno" }, missing)).toMatchObject({ run: false, skip: true, message: expect.stringContaining(SKIP_RUNTIMES_VAR) });
    expect(toolStatus("bun", { [SKIP_RUNTIMES_VAR]: "bun" }, missing)).toMatchObject({ run: false, skip: true });
  });
});
