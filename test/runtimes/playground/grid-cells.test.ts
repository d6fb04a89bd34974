// @vitest-environment happy-dom
/** The result grid's cells (playground/ui.ts): NULL markers, long values, numbers, counts, times. */
import { describe, expect, it } from "vitest";
import { formatElapsed, isNumericType, LiveView, LONG_CELL_CHARS, renderGrid, rowCount } from "../../../playground/ui.ts";

const cols = [
  { name: "n", type: "STRING" },
  { name: "s", type: "STRING" },
  { name: "i", type: "INT NOT NULL" },
  { name: "d", type: "DECIMAL(10, 2)" },
  { name: "iv", type: "INTERVAL SECOND(3)" },
];

describe("result grid cells", () => {
  const table = renderGrid(document, cols, [[null, "null", 42, "3.14", "+0 00:00:01.000"]]);
  const cells = Array.from(table.querySelectorAll("tbody td"));

  it("marks a NULL apart from the string 'null'", () => {
    expect(cells[0]?.className).toBe("null");
    expect(cells[0]?.querySelector(".null-marker")?.textContent).toBe("NULL");
    expect(cells[0]?.getAttribute("title")).toBe("NULL (no value)");
    expect(cells[1]?.className).toBe("");
    expect(cells[1]?.textContent).toBe("null");
    expect(cells[1]?.querySelector(".null-marker")).toBeNull();
  });

  it("right-aligns numeric columns, header and cells, but not INTERVAL or STRING", () => {
    const numeric = (el: Element | undefined) => el?.classList.contains("num");
    expect(cells.map(numeric)).toEqual([false, false, true, true, false]);
    expect(Array.from(table.querySelectorAll("th"), numeric)).toEqual([false, false, true, true, false]);
  });

  it("falls back on the value when the type is unknown", () => {
    const t = renderGrid(document, [{ name: "a", type: "" }, { name: "b", type: "" }], [[1n, "1"]]);
    expect(Array.from(t.querySelectorAll("td"), (td) => td.classList.contains("num"))).toEqual([true, false]);
  });

  it("cuts long values short on screen and keeps the full text as the title", () => {
    const long = "x".repeat(LONG_CELL_CHARS + 1);
    const t = renderGrid(document, [{ name: "v", type: "STRING" }], [[long], ["x".repeat(LONG_CELL_CHARS)], ["two\nlines"]]);
    const [a, b, c] = Array.from(t.querySelectorAll("td"));
    expect(a?.classList.contains("long")).toBe(true);
    expect(a?.getAttribute("title")).toBe(long);
    expect(a?.textContent).toBe(long);
    expect(b?.classList.contains("long")).toBe(false);
    expect(b?.hasAttribute("title")).toBe(false);
    expect(c?.classList.contains("long")).toBe(true);
    expect(c?.getAttribute("title")).toBe("two\nlines");
  });

  it("marks an empty string", () => {
    const td = renderGrid(document, [{ name: "v", type: "STRING" }], [[""]]).querySelector("td");
    expect(td?.className).toBe("empty");
    expect(td?.getAttribute("title")).toBe("empty string");
  });

  it("says so when there are no rows", () => {
    const t = renderGrid(document, cols, []);
    expect(t.querySelector("caption")?.textContent).toBe("No rows");
    expect(renderGrid(document, cols, [[null, "", 1, "1", ""]]).querySelector("caption")).toBeNull();
  });

  it("uses the same cells in the live view", () => {
    const view = new LiveView(document, cols);
    view.apply({ type: "insert", id: "1", row: [null, "null", 7, "1.00", "x"] });
    const live = Array.from(view.table.querySelectorAll("tbody td"));
    expect(live[0]?.className).toBe("null");
    expect(live[2]?.classList.contains("num")).toBe(true);
  });

  it("drops every highlight when the stream ends", () => {
    const view = new LiveView(document, cols, { highlightMs: 60_000, now: () => 0 });
    view.apply({ type: "insert", id: "1", row: [null, "a", 1, "1.00", "x"] });
    view.apply({ type: "insert", id: "2", row: [null, "b", 2, "2.00", "y"] });
    view.apply({ type: "update", id: "1", row: [null, "a", 3, "3.00", "x"] });
    expect(view.table.querySelectorAll("tr.changed")).toHaveLength(2);
    view.settle();
    expect(view.table.querySelectorAll("tr.changed, tr.inserted, tr.updated")).toHaveLength(0);
    expect(view.text()).toHaveLength(2);
  });

  it("labels header cells as column headers", () => {
    expect(Array.from(table.querySelectorAll("th"), (th) => th.getAttribute("scope"))).toEqual(["col", "col", "col", "col", "col"]);
  });
});

describe("isNumericType", () => {
  it("knows Flink's numeric types", () => {
    for (const t of ["TINYINT", "SMALLINT", "INT", "INTEGER NOT NULL", "BIGINT", "FLOAT", "DOUBLE", "DECIMAL(10, 2)", "DEC(3)", "NUMERIC(5, 1)"]) expect(isNumericType(t)).toBe(true);
    for (const t of ["INTERVAL DAY", "STRING", "VARCHAR(3)", "BOOLEAN", "TIMESTAMP(3)", "ARRAY<INT>", "ROW<a INT>", ""]) expect(isNumericType(t)).toBe(false);
  });
});

describe("rowCount and formatElapsed", () => {
  it("counts rows in words", () => {
    expect(rowCount(0)).toBe("0 rows");
    expect(rowCount(1)).toBe("1 row");
    expect(rowCount(12)).toBe("12 rows");
  });

  it("formats milliseconds, seconds and minutes", () => {
    expect(formatElapsed(0)).toBe("0 ms");
    expect(formatElapsed(42.4)).toBe("42 ms");
    expect(formatElapsed(999)).toBe("999 ms");
    expect(formatElapsed(1000)).toBe("1.0 s");
    expect(formatElapsed(1299)).toBe("1.2 s");
    expect(formatElapsed(59_999)).toBe("59.9 s");
    expect(formatElapsed(65_000)).toBe("1 min 5 s");
    expect(formatElapsed(-5)).toBe("0 ms");
  });
});
