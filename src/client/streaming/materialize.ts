/**
 * A TransformStream from change events ({ op, row }) to materialised changes (insert / update /
 * delete of a row with a stable id), for UIs that patch a table view instead of redrawing it.
 *
 * A `-U` followed by its `+U` comes out as one `update`, never as a delete then an insert; a
 * `-U` still pending when the input ends comes out as a `delete`.
 */
import { ChangelogTable, upsertKeyFunction, type MaterializedChange } from "./changelog-table.ts";
import type { ChangeEvent } from "./ops.ts";

/** Options of {@link materializeChanges}. */
export interface MaterializeOptions<R> {
  /** Upsert key column positions (`traits.upsertColumns`); absent or empty means retract mode. */
  readonly upsertColumns?: readonly number[] | null;
  /** Column names, needed to find upsert columns in object rows (without them such rows fail with `UPSERT_COLUMNS_UNRESOLVED`). */
  readonly columnNames?: readonly string[];
  /** A custom key function for upsert mode (overrides `upsertColumns`). */
  readonly upsertKey?: (row: R) => string;
  /** See {@link ChangelogTable}: what a retraction of an absent row does. Default `"error"`. */
  readonly onMissing?: "error" | "ignore";
}

/** Builds the table {@link materializeChanges} and the compressor use. */
export function createChangelogTable<R>(options: MaterializeOptions<R>): ChangelogTable<R> {
  const custom = options.upsertKey;
  if (custom !== undefined) {
    return new ChangelogTable<R>({ mode: "upsert", upsertKey: (row) => custom(row), onMissing: options.onMissing ?? "error" });
  }
  const cols = options.upsertColumns;
  if (cols !== undefined && cols !== null && cols.length > 0) {
    return new ChangelogTable<R>({
      mode: "upsert",
      upsertKey: upsertKeyFunction<R>(cols, options.columnNames),
      onMissing: options.onMissing ?? "error",
    });
  }
  return new ChangelogTable<R>({ mode: "retract", onMissing: options.onMissing ?? "error" });
}

/**
 * Turns a stream of change events into a stream of materialised changes.
 *
 * @example
 * ```ts
 * const changes = cursor.stream().pipeThrough(materializeChanges({ upsertColumns: [0] }));
 * for await (const c of changes) if (c.type === "update") view.patch(c.id, c.row);
 * ```
 * @throws (errors the readable side) InternalError `CHANGELOG_INCONSISTENT` when a retraction
 * finds no row and `onMissing` is `"error"`; InterfaceError `UPSERT_COLUMNS_UNRESOLVED` when a
 * row lacks an upsert column (object rows need `columnNames`).
 */
export function materializeChanges<R>(
  options: MaterializeOptions<R> = {},
): TransformStream<ChangeEvent<R> | readonly ChangeEvent<R>[], MaterializedChange<R>> {
  const table = createChangelogTable<R>(options);
  return new TransformStream({
    transform(chunk, controller) {
      const emit = (c: MaterializedChange<R>): void => controller.enqueue(c);
      if (Array.isArray(chunk)) for (const e of chunk as readonly ChangeEvent<R>[]) table.apply(e.op, e.row, undefined, emit);
      else {
        const e = chunk as ChangeEvent<R>;
        table.apply(e.op, e.row, undefined, emit);
      }
    },
    flush(controller) {
      table.flush((c) => controller.enqueue(c));
    },
  });
}
