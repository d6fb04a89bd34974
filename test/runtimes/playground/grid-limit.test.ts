// @vitest-environment happy-dom
/** The snapshot result grid draws at most MAX_GRID_ROWS rows and says so; smaller results are whole. */
import { describe, expect, it } from "vitest";
import { MAX_GRID_ROWS, renderGrid } from "../../../playground/ui.ts";

const cols = [{ name: "n", type: "INT NOT NULL" }];
const rows = (n: number) => Array.from({ length: n }, (_, i) => [i]);

describe("result grid row limit", () => {
  it("draws the first MAX_GRID_ROWS rows of a larger result, with a caption naming both counts", () => {
    const table = renderGrid(document, cols, rows(MAX_GRID_ROWS + 494));
    expect(table.querySelectorAll("tbody tr")).toHaveLength(MAX_GRID_ROWS);
    expect(table.querySelector("tbody tr:last-child td")?.textContent).toBe(String(MAX_GRID_ROWS - 1));
    expect(table.querySelector("caption")?.className).toBe("truncated-result");
    expect(table.querySelector("caption")?.textContent).toBe("Showing the first 1,000 of 1,494 rows");
  });

  it("draws a result of exactly the limit whole, without a caption", () => {
    const table = renderGrid(document, cols, rows(MAX_GRID_ROWS));
    expect(table.querySelectorAll("tbody tr")).toHaveLength(MAX_GRID_ROWS);
    expect(table.querySelector("caption")).toBeNull();
  });

  it("takes a smaller limit, and still says No rows for an empty result", () => {
    const table = renderGrid(document, cols, rows(3), 2);
    expect(Array.from(table.querySelectorAll("tbody td"), (td) => td.textContent)).toEqual(["0", "1"]);
    expect(table.querySelector("caption")?.textContent).toBe("Showing the first 2 of 3 rows");
    expect(renderGrid(document, cols, []).querySelector("caption.empty-result")?.textContent).toBe("No rows");
  });
});
