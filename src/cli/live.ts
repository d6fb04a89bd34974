/**
 * The `--streaming` live view: a materialised changelog as a table that is redrawn in place on
 * a terminal (rows changed by the last batch marked with `*`), or printed once at the end when
 * the output is not a terminal.
 */
import { formatTable, type OutColumn } from "./format.ts";

/** A change of the materialised table (the client's `materializeChanges` output). */
export type TableChange =
  | { readonly type: "insert"; readonly id: string; readonly row: unknown }
  | { readonly type: "update"; readonly id: string; readonly row: unknown }
  | { readonly type: "delete"; readonly id: string };

export class LiveTable {
  readonly #rows = new Map<string, unknown>();
  readonly #changed = new Set<string>();
  readonly #columns: readonly OutColumn[];
  #drawnLines = 0;
  counts = { insert: 0, update: 0, delete: 0 };

  constructor(columns: readonly OutColumn[]) {
    this.#columns = columns;
  }

  apply(change: TableChange): void {
    this.counts[change.type]++;
    if (change.type === "delete") {
      this.#rows.delete(change.id);
      this.#changed.delete(change.id);
    } else {
      this.#rows.set(change.id, change.row);
      this.#changed.add(change.id);
    }
  }

  /** Current rows in display order. */
  rows(): unknown[] {
    return [...this.#rows.values()];
  }

  get size(): number {
    return this.#rows.size;
  }

  /** The table as text; `mark` adds a `*` column for rows changed since the last `render`. */
  render(mark: boolean): string {
    const ids = [...this.#rows.keys()];
    const marks = mark ? ids.map((id) => (this.#changed.has(id) ? "*" : " ")) : undefined;
    const text = formatTable(this.#columns, [...this.#rows.values()], { footer: false, ...(marks ? { marks } : {}) });
    this.#changed.clear();
    const c = this.counts;
    return `${text}(${this.size} rows; ${c.insert} inserts, ${c.update} updates, ${c.delete} deletes)\n`;
  }

  /** ANSI to replace the previous drawing with the current one (terminal output). */
  redraw(): string {
    const text = this.render(true);
    const up = this.#drawnLines > 0 ? `\x1b[${this.#drawnLines}A\x1b[J` : "";
    this.#drawnLines = text.split("\n").length - 1;
    return up + text;
  }
}
