/**
 * The materialised result of a changelog: applies +I/-U/+U/-D events one at a time in O(1) and
 * hands out snapshots and fine-grained changes.
 *
 * Two modes, chosen from the statement's traits:
 * - **upsert** (`upsert_columns` known, e.g. `GROUP BY k`): rows keyed by the upsert columns, kept
 *   in first-insertion order. `+I` or `+U` for an unseen key inserts (upsert streams allow it),
 *   for a known key replaces in place; `-D` removes.
 * - **retract** (no upsert key, e.g. a global `COUNT(*)`): rows counted by a canonical value key
 *   (see value-key.ts) in a Map of stacks, so `-U`/`-D` find "the most recent equal row" without
 *   a linear scan; `+U` after `-U` takes the retracted row's position.
 *
 * A `-U` is held as *pending* and not applied until the next event: a `+U` completes it as an
 * update in place; any other event (a `HAVING` filter can drop the `+U`) first applies it as a
 * delete. While a `-U` is pending the snapshot still shows the old row, so a snapshot never
 * shows the state between a `-U` and its `+U`.
 *
 * A retraction of a row that is not in the table is an `InternalError` with code
 * `CHANGELOG_INCONSISTENT` unless `onMissing: "ignore"` (useful when attaching mid-stream).
 */
import { InterfaceError, InternalError } from "../../errors.ts";
import type { ChangeOp } from "./ops.ts";
import { valueKey } from "./value-key.ts";

/** How rows are identified: by upsert key, or by their whole value. */
export type ChangelogMode = "upsert" | "retract";

/** One change of the materialised table, for UIs that patch a view instead of redrawing it. */
export type MaterializedChange<R> =
  | { readonly type: "insert"; readonly id: string; readonly row: R }
  | { readonly type: "update"; readonly id: string; readonly row: R; readonly previous: R }
  | { readonly type: "delete"; readonly id: string; readonly previous: R };

/** Options of {@link ChangelogTable}. */
export interface ChangelogTableOptions<R> {
  /** `"upsert"` needs `upsertKey`; `"retract"` keys rows by their whole value. */
  readonly mode: ChangelogMode;
  /**
   * Upsert mode: the key of a row. Receives the wire row when the caller has it (cheapest and
   * exact), otherwise the decoded row. Build one with {@link upsertKeyFunction}.
   */
  readonly upsertKey?: (row: R, wire: readonly unknown[] | undefined) => string;
  /** What a `-U`/`-D` for a row that is not there does. Default `"error"`. */
  readonly onMissing?: "error" | "ignore";
}

/**
 * An upsert-key function over the given column positions: by index for array rows and wire rows,
 * by column name (`columnNames[i]`) for object rows.
 *
 * @example upsertKeyFunction([0], ["k", "cnt"])
 * @throws (the returned function) InterfaceError `UPSERT_COLUMNS_UNRESOLVED` for a row that lacks
 * a key column: an object row without `columnNames` naming it, or a row too short. Every row
 * would otherwise get the same key and overwrite the one before, without an error.
 */
export function upsertKeyFunction<R>(
  indices: readonly number[],
  columnNames?: readonly string[],
): (row: R, wire: readonly unknown[] | undefined) => string {
  const names = indices.map((i) => columnNames?.[i]);
  return (row, wire) => {
    let out = "";
    for (let j = 0; j < indices.length; j++) {
      const i = indices[j]!;
      let v: unknown;
      if (wire !== undefined) v = wire[i];
      else {
        const field = Array.isArray(row) ? i : names[j];
        if (field === undefined || !(field in (row as object))) {
          throw new InterfaceError("UPSERT_COLUMNS_UNRESOLVED", `Upsert column ${i} is not in the row${field === undefined ? ": object rows need columnNames" : ` (no '${field}')`}`);
        }
        v = (row as Record<string | number, unknown>)[field];
      }
      out += (j === 0 ? "" : "|") + valueKey(v);
    }
    return out;
  };
}

/**
 * A changelog applied in O(1) per event, for materialising results yourself (the cursor's
 * compressor and `materializeChanges` use it). `upsert` mode keys rows by `upsertKey` and keeps
 * them in first-insertion order; `retract` mode matches whole rows, a `+U` taking the place of
 * the `-U` before it. A `-U` is held until the next event, so a snapshot never shows the state
 * between a `-U` and its `+U`. Not re-entrant (an `emit` callback must not call `apply`); one
 * per changelog.
 *
 * @example
 * ```ts
 * const t = new ChangelogTable<unknown[]>({ mode: "upsert", upsertKey: (row) => String(row[0]) });
 * t.apply("+I", [7, 1]);
 * t.apply("-U", [7, 1]);
 * t.apply("+U", [7, 2]);
 * t.snapshot(); // [[7, 2]]
 * ```
 */
export class ChangelogTable<R> {
  /** How rows are identified, as given to the constructor. */
  readonly mode: ChangelogMode;
  readonly #onMissing: "error" | "ignore";
  readonly #upsertKey: (row: R, wire: readonly unknown[] | undefined) => string;
  // Upsert mode: key -> row. Retract mode: slot id -> row. Map order is the result order.
  readonly #rows = new Map<string, R>();
  // Retract mode only: value key -> stack of slot ids holding an equal row.
  readonly #slotsByValue = new Map<string, string[]>();
  #nextSlot = 0;
  // The -U awaiting its +U: the row's id (upsert key or slot id).
  #pending: string | null = null;
  #events = 0;

  /**
   * @throws InternalError `CHANGELOG_NO_UPSERT_KEY` for `mode: "upsert"` without `upsertKey`
   * (there would be no way to find a row's previous version).
   */
  constructor(options: ChangelogTableOptions<R>) {
    this.mode = options.mode;
    this.#onMissing = options.onMissing ?? "error";
    if (options.mode === "upsert") {
      if (options.upsertKey === undefined) {
        throw new InternalError("CHANGELOG_NO_UPSERT_KEY", "Upsert mode needs an upsert key function");
      }
      this.#upsertKey = options.upsertKey;
    } else {
      this.#upsertKey = () => "";
    }
  }

  /** Number of rows currently materialised (a pending `-U`'s row still counts). */
  get size(): number {
    return this.#rows.size;
  }

  /** Events applied so far. */
  get events(): number {
    return this.#events;
  }

  /** True while a `-U` waits for its `+U`. */
  get updatePending(): boolean {
    return this.#pending !== null;
  }

  /**
   * Applies one event. `wire` is the row as it came off the wire (optional, used for keys);
   * `emit` receives the resulting changes, if any.
   *
   * @example
   * ```ts
   * const t = new ChangelogTable<unknown[]>({ mode: "retract" });
   * const seen: string[] = [];
   * t.apply("+I", ["a", 1], undefined, (c) => seen.push(c.type));
   * t.apply("-U", ["a", 1], undefined, (c) => seen.push(c.type));
   * t.apply("+U", ["a", 2], undefined, (c) => seen.push(c.type));
   * seen;         // ["insert", "update"]
   * t.snapshot(); // [["a", 2]]
   * t.apply("-D", ["b", 1]); // throws InternalError, code "CHANGELOG_INCONSISTENT"
   * ```
   * @throws InternalError `CHANGELOG_INCONSISTENT` when a retraction finds no row (unless ignored).
   */
  apply(op: ChangeOp, row: R, wire?: readonly unknown[], emit?: (change: MaterializedChange<R>) => void): void {
    this.#events++;
    if (this.mode === "upsert") this.#applyUpsert(op, row, wire, emit);
    else this.#applyRetract(op, row, wire, emit);
  }

  /**
   * The rows in result order: a fresh array holding the (shared, never mutated) row objects, so
   * it can be kept or handed to a renderer while more events are applied. While a `-U` waits
   * for its `+U` the old row is shown. Never throws.
   *
   * @example
   * ```ts
   * const t = new ChangelogTable<unknown[]>({ mode: "retract" });
   * t.apply("+I", ["a", 1]);
   * t.apply("-U", ["a", 1]);
   * t.snapshot(); // [["a", 1]]: the update is not complete yet
   * ```
   */
  snapshot(): R[] {
    return Array.from(this.#rows.values());
  }

  /**
   * Applies a pending `-U` as a delete (end of input: its `+U` will not come); no-op without
   * one. Never throws.
   *
   * @example
   * ```ts
   * const t = new ChangelogTable<unknown[]>({ mode: "retract" });
   * t.apply("+I", ["a", 1]);
   * t.apply("-U", ["a", 1]);             // the input ends before its +U
   * t.flush((c) => console.log(c.type)); // "delete"
   * t.snapshot();                        // []
   * ```
   */
  flush(emit?: (change: MaterializedChange<R>) => void): void {
    this.#resolvePending(emit);
  }

  /**
   * Forgets every row and any pending update (`events` keeps counting). Never throws.
   *
   * @example
   * ```ts
   * t.clear();
   * t.size; // 0
   * ```
   */
  clear(): void {
    this.#rows.clear();
    this.#slotsByValue.clear();
    this.#pending = null;
  }

  #resolvePending(emit: ((change: MaterializedChange<R>) => void) | undefined): void {
    const id = this.#pending;
    if (id === null) return;
    this.#pending = null;
    const previous = this.#rows.get(id);
    if (previous === undefined) return;
    this.#rows.delete(id);
    emit?.({ type: "delete", id, previous });
  }

  #missing(op: ChangeOp, row: R): void {
    if (this.#onMissing === "ignore") return;
    let shown: string;
    try {
      shown = valueKey(row);
    } catch {
      shown = "?";
    }
    if (shown.length > 200) shown = `${shown.slice(0, 200)}...`;
    throw new InternalError(
      "CHANGELOG_INCONSISTENT",
      `Received ${op} for a row that is not in the result (${this.mode} mode): ${shown}`,
    );
  }

  #applyUpsert(op: ChangeOp, row: R, wire: readonly unknown[] | undefined, emit?: (c: MaterializedChange<R>) => void): void {
    const key = this.#upsertKey(row, wire);
    if (op === "+U" && this.#pending === key) {
      // The common case: -U k immediately followed by +U k.
      this.#pending = null;
      const previous = this.#rows.get(key)!;
      this.#rows.set(key, row);
      emit?.({ type: "update", id: key, row, previous });
      return;
    }
    if (op === "-D" && this.#pending === key) {
      this.#pending = null; // the -D removes it anyway
    } else {
      this.#resolvePending(emit);
    }
    switch (op) {
      case "+I":
      case "+U": {
        const previous = this.#rows.get(key);
        this.#rows.set(key, row);
        if (previous === undefined) emit?.({ type: "insert", id: key, row });
        else emit?.({ type: "update", id: key, row, previous });
        return;
      }
      case "-U":
        if (this.#rows.has(key)) this.#pending = key;
        else this.#missing(op, row);
        return;
      case "-D": {
        const previous = this.#rows.get(key);
        if (previous === undefined) {
          this.#missing(op, row);
          return;
        }
        this.#rows.delete(key);
        emit?.({ type: "delete", id: key, previous });
        return;
      }
    }
  }

  #applyRetract(op: ChangeOp, row: R, wire: readonly unknown[] | undefined, emit?: (c: MaterializedChange<R>) => void): void {
    const value = valueKey(wire ?? row);
    if (op === "+U" && this.#pending !== null) {
      const id = this.#pending;
      this.#pending = null;
      const previous = this.#rows.get(id)!;
      this.#rows.set(id, row);
      this.#push(value, id);
      emit?.({ type: "update", id, row, previous });
      return;
    }
    this.#resolvePending(emit);
    switch (op) {
      case "+I":
      case "+U": {
        // A bare +U (no -U before it) is taken as an insert rather than refused.
        const id = `#${this.#nextSlot++}`;
        this.#rows.set(id, row);
        this.#push(value, id);
        emit?.({ type: "insert", id, row });
        return;
      }
      case "-U":
      case "-D": {
        const id = this.#pop(value);
        if (id === undefined) {
          this.#missing(op, row);
          return;
        }
        if (op === "-U") {
          this.#pending = id;
          return;
        }
        const previous = this.#rows.get(id)!;
        this.#rows.delete(id);
        emit?.({ type: "delete", id, previous });
        return;
      }
    }
  }

  #push(value: string, id: string): void {
    const stack = this.#slotsByValue.get(value);
    if (stack === undefined) this.#slotsByValue.set(value, [id]);
    else stack.push(id);
  }

  #pop(value: string): string | undefined {
    const stack = this.#slotsByValue.get(value);
    if (stack === undefined) return undefined;
    const id = stack.pop();
    if (stack.length === 0) this.#slotsByValue.delete(value);
    return id;
  }
}
