// @vitest-environment happy-dom
/** The statements panel's accessible names, full SQL on hover and empty state (playground/ui.ts). */
import { describe, expect, it } from "vitest";
import { renderStatements } from "../../../playground/ui.ts";

describe("statements panel, accessibly", () => {
  const long = `SELECT ${"x, ".repeat(40)}1`;
  const table = renderStatements(document, [
    { name: "s-1", phase: "RUNNING", sql: "SELECT 1" },
    { name: "s-2", phase: "COMPLETED", sql: long },
  ]);

  it("names each button after its statement", () => {
    const labels = Array.from(table.querySelectorAll("button"), (b) => b.getAttribute("aria-label"));
    expect(labels).toEqual(["Stop s-1", "Delete s-1", "Stop s-2", "Delete s-2"]);
  });

  it("keeps the whole SQL as the title of a shortened cell only", () => {
    const sqlCells = Array.from(table.querySelectorAll("tbody tr"), (tr) => tr.querySelectorAll("td")[2]);
    expect(sqlCells[0]?.hasAttribute("title")).toBe(false);
    expect(sqlCells[1]?.getAttribute("title")).toBe(long);
    expect(sqlCells[1]?.textContent?.endsWith("...")).toBe(true);
  });

  it("says there are none yet rather than showing an empty table", () => {
    expect(renderStatements(document, []).querySelector("caption")?.textContent).toBe("No statements yet: run one.");
    expect(table.querySelector("caption")).toBeNull();
  });
});
