/**
 * The package entry (src/index.ts) re-exports the streaming module's public surface: every type
 * the streaming index exports is nameable from `confluent-sql` (a user who reads
 * `cursor.resumePosition` or writes a `StreamingBackend` must be able to import its type), and
 * every value is re-exported unless it is listed below as internal, with the public way to get
 * at it. Read syntactically: both files are re-exports only.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ts from "typescript";

/** Value exports of the streaming index that the package deliberately leaves out. */
const INTERNAL_VALUES: Record<string, string> = {
  attachStreamingCursor: "conn.attach() builds the backend and calls it",
  createChangelogTable: "materializeChanges() and new ChangelogTable() cover it",
  changeEvent: "events come from cursors; OP_CODES / opCode give the codes",
};

function exportsOf(relative: string): { types: Set<string>; values: Set<string> } {
  const path = fileURLToPath(new URL(relative, import.meta.url));
  const file = ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.ES2022, true);
  const types = new Set<string>();
  const values = new Set<string>();
  for (const node of file.statements) {
    if (!ts.isExportDeclaration(node) || node.exportClause === undefined || !ts.isNamedExports(node.exportClause)) continue;
    for (const spec of node.exportClause.elements) {
      (node.isTypeOnly || spec.isTypeOnly ? types : values).add(spec.name.text);
    }
  }
  return { types, values };
}

describe("package exports", () => {
  const streaming = exportsOf("../../../src/client/streaming/index.ts");
  const entry = exportsOf("../../../src/index.ts");

  it("reads both export lists (a parse that finds nothing would prove nothing)", () => {
    expect(streaming.types.has("StreamOptions")).toBe(true);
    expect(streaming.values.has("StreamingCursor")).toBe(true);
    expect(entry.values.has("connect")).toBe(true);
  });

  it("names every public streaming type, ResumePosition and the backend port included", () => {
    const missing = [...streaming.types].filter((t) => !entry.types.has(t));
    expect(missing).toEqual([]);
    for (const t of ["ResumePosition", "StatementView", "StreamingBackend", "ChangelogTableOptions"]) expect(entry.types.has(t), t).toBe(true);
  });

  it("re-exports every streaming value except the listed internal ones", () => {
    const missing = [...streaming.values].filter((v) => !entry.values.has(v) && !(v in INTERNAL_VALUES));
    expect(missing).toEqual([]);
    for (const v of Object.keys(INTERNAL_VALUES)) {
      expect(streaming.values.has(v), `${v} is still exported by the streaming index`).toBe(true);
      expect(entry.values.has(v), `${v} is public now: drop it from INTERNAL_VALUES`).toBe(false);
    }
  });
});
