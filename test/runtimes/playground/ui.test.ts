// @vitest-environment happy-dom
/** The playground's UI logic (playground/ui.ts) in happy-dom. */
import { describe, expect, it } from "vitest";
import {
  EXAMPLES,
  formatCell,
  gridColumns,
  LiveView,
  renderError,
  renderGrid,
  renderStatements,
  summarizeStatement,
} from "../../../playground/ui.ts";

describe("formatCell", () => {
  it("shows NULL, exact numbers, bytes, composites", () => {
    expect(formatCell(null)).toBe("NULL");
    expect(formatCell(undefined)).toBe("NULL");
    expect(formatCell(12345678901234567890n)).toBe("12345678901234567890");
    expect(formatCell(1.5)).toBe("1.5");
    expect(formatCell(false)).toBe("false");
    expect(formatCell(new Uint8Array([0, 255, 16]))).toBe("x'00ff10'");
    expect(formatCell([1, null, "a"])).toBe("[1, NULL, a]");
    expect(formatCell(new Map([["k", 1n]]))).toBe("{k=1}");
    expect(formatCell({ a: 1n })).toBe('{"a":"1"}');
    class Dec {
      toString() {
        return "10.50";
      }
    }
    expect(formatCell(new Dec())).toBe("10.50");
  });
});

describe("gridColumns", () => {
  it("takes names and types from tuples or objects", () => {
    expect(gridColumns([["id", "INTEGER", null]])).toEqual([{ name: "id", type: "INTEGER" }]);
    expect(gridColumns([{ name: "p", typeCode: "DECIMAL", type: { kind: "DECIMAL" } }], () => "DECIMAL(10, 2)")).toEqual([{ name: "p", type: "DECIMAL(10, 2)" }]);
    expect(gridColumns(null)).toEqual([]);
  });
});

describe("renderGrid", () => {
  it("renders column names with their types, and array or object rows", () => {
    const cols = [
      { name: "id", type: "INT" },
      { name: "name", type: "STRING" },
    ];
    const table = renderGrid(document, cols, [[1, "a"], { id: 2, name: null }]);
    expect(Array.from(table.querySelectorAll("th .col-name"), (e) => e.textContent)).toEqual(["id", "name"]);
    expect(Array.from(table.querySelectorAll("th .col-type"), (e) => e.textContent)).toEqual(["INT", "STRING"]);
    const cells = Array.from(table.querySelectorAll("tbody tr"), (tr) => Array.from(tr.querySelectorAll("td"), (td) => td.textContent));
    expect(cells).toEqual([
      ["1", "a"],
      ["2", "NULL"],
    ]);
    expect(table.querySelector("tbody tr:nth-child(2) td:nth-child(2)")?.className).toBe("null");
  });

  it("escapes values (text, never HTML)", () => {
    const table = renderGrid(document, [{ name: "x", type: "STRING" }], [["<img src=x onerror=alert(1)>"]]);
    expect(table.querySelector("img")).toBeNull();
    expect(table.querySelector("td")?.textContent).toBe("<img src=x onerror=alert(1)>");
  });
});

describe("LiveView", () => {
  it("inserts, updates in place, deletes, and highlights changed rows until they fade", () => {
    let now = 1000;
    const view = new LiveView(document, [{ name: "k", type: "STRING" }, { name: "c", type: "BIGINT" }], { highlightMs: 100, now: () => now });
    view.apply({ type: "insert", id: "a", row: ["a", 1n] });
    view.apply({ type: "insert", id: "b", row: ["b", 1n] });
    now += 150;
    view.fade();
    expect(view.table.querySelectorAll("tr.changed")).toHaveLength(0);
    view.apply({ type: "update", id: "a", row: ["a", 2n], previous: ["a", 1n] });
    expect(view.text()).toEqual([
      ["a", "2"],
      ["b", "1"],
    ]);
    const changed = view.table.querySelectorAll("tbody tr.changed");
    expect(changed).toHaveLength(1);
    expect((changed[0] as HTMLElement).dataset.id).toBe("a");
    expect(changed[0]?.classList.contains("updated")).toBe(true);
    view.apply({ type: "delete", id: "b", previous: ["b", 1n] });
    expect(view.text()).toEqual([["a", "2"]]);
    expect(view.size).toBe(1);
    expect(view.counts).toEqual({ insert: 2, update: 1, delete: 1 });
    now += 150;
    view.fade();
    expect(view.table.querySelectorAll("tr.changed")).toHaveLength(0);
  });

  it("renders object rows by column name", () => {
    const view = new LiveView(document, [{ name: "k", type: "STRING" }, { name: "c", type: "BIGINT" }]);
    view.apply({ type: "insert", id: "x", row: { c: 3n, k: "z" } });
    expect(view.text()).toEqual([["z", "3"]]);
  });
});

describe("renderError", () => {
  it("shows the code, the message and a detail that adds information", () => {
    const box = renderError(document, { name: "StatementFailedError", code: "STATEMENT_FAILED", message: "Statement s-1 failed", detail: "SQL parse failed. Encountered \"SELEC\"", statementName: "s-1" });
    expect(box.querySelector(".error-code")?.textContent).toBe("STATEMENT_FAILED");
    expect(box.querySelector(".error-message")?.textContent).toBe(" Statement s-1 failed");
    expect(box.querySelector(".error-detail")?.textContent).toContain("SELEC");
    expect(box.dataset.statement).toBe("s-1");
  });

  it("falls back to the error name without a code", () => {
    const box = renderError(document, new TypeError("Failed to fetch"));
    expect(box.querySelector(".error-code")?.textContent).toBe("TypeError");
    expect(box.querySelector(".error-detail")).toBeNull();
  });
});

describe("statements panel", () => {
  it("lists statements with stop (only while running) and delete buttons", () => {
    const table = renderStatements(document, [
      { name: "s-1", phase: "RUNNING", sql: "SELECT 1" },
      { name: "s-2", phase: "COMPLETED", sql: `SELECT ${"x".repeat(100)}` },
    ]);
    const rows = table.querySelectorAll("tbody tr");
    expect(rows).toHaveLength(2);
    const stop1 = rows[0]?.querySelector('button[data-action="stop"]') as HTMLButtonElement;
    const stop2 = rows[1]?.querySelector('button[data-action="stop"]') as HTMLButtonElement;
    expect(stop1.disabled).toBe(false);
    expect(stop2.disabled).toBe(true);
    expect((rows[1]?.querySelector('button[data-action="delete"]') as HTMLButtonElement).dataset.name).toBe("s-2");
    expect(rows[1]?.querySelectorAll("td")[2]?.textContent).toHaveLength(80);
    expect(rows[0]?.querySelectorAll("td")[1]?.className).toBe("phase phase-running");
  });

  it("summarises wire JSON and client Statements alike", () => {
    const wire = { name: "s-1", spec: { statement: "SELECT 1" }, status: { phase: "RUNNING" }, metadata: { created_at: "2025-01-01T00:00:00Z" } };
    expect(summarizeStatement(wire)).toEqual({ name: "s-1", phase: "RUNNING", sql: "SELECT 1", createdAt: "2025-01-01T00:00:00Z" });
    expect(summarizeStatement({ name: "s-2", phase: "FAILED", raw: wire })).toEqual({ name: "s-2", phase: "FAILED", sql: "SELECT 1", createdAt: "2025-01-01T00:00:00Z" });
  });
});

describe("examples", () => {
  it("include a streaming aggregate and each has SQL and a mode", () => {
    expect(EXAMPLES.some((e) => e.mode === "streaming" && /GROUP BY/i.test(e.sql))).toBe(true);
    for (const e of EXAMPLES) expect(e.sql.length).toBeGreaterThan(0);
  });
});

describe("gridColumns with the client's description", () => {
  it("prefers the Flink spelling in typeName", () => {
    expect(gridColumns([{ name: "p", typeCode: "DECIMAL", typeName: "DECIMAL(10, 2)", type: { kind: "DECIMAL" } }])).toEqual([{ name: "p", type: "DECIMAL(10, 2)" }]);
  });
});
