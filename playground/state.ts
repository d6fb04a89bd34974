/**
 * What the playground remembers between visits (the editor's SQL and the chosen mode, in
 * `localStorage`) and when picking an example would throw away the user's own SQL. Storage is
 * optional: private windows, sandboxed frames and disabled site data make `localStorage` throw
 * or refuse writes, and the page must work the same without it, only forgetting on reload.
 */

/** The editor state kept across reloads. */
export interface SavedState {
  readonly sql: string;
  readonly mode: "snapshot" | "streaming";
}

/** Reads and writes the saved state; both never throw. */
export interface StateStore {
  /** The saved state, or `undefined` if there is none (or it is unreadable). */
  load(): SavedState | undefined;
  /** Saves; `false` when storage is unavailable or full. */
  save(state: SavedState): boolean;
}

/** The `localStorage` key (versioned: a future shape can ignore this one). */
export const STORAGE_KEY = "confluent-sql.playground.v1";

/** The parts of `Storage` the store uses. */
export type StorageLike = Pick<Storage, "getItem" | "setItem">;

/**
 * A store over `getStorage()`, which may itself throw (reading `window.localStorage` does when
 * site data is blocked) or return nothing.
 *
 * @example openStore(() => window.localStorage).save({ sql: "SELECT 1", mode: "snapshot" }) // true
 */
export function openStore(getStorage: () => StorageLike | null | undefined, key: string = STORAGE_KEY): StateStore {
  const storage = (): StorageLike | undefined => {
    try {
      return getStorage() ?? undefined;
    } catch {
      return undefined;
    }
  };
  return {
    load() {
      try {
        const text = storage()?.getItem(key);
        return text ? parseState(JSON.parse(text)) : undefined;
      } catch {
        return undefined;
      }
    },
    save(state) {
      const s = storage();
      if (!s) return false;
      try {
        s.setItem(key, JSON.stringify({ sql: state.sql, mode: state.mode }));
        return true;
      } catch {
        // QuotaExceededError, or storage disabled after the page loaded.
        return false;
      }
    },
  };
}

/** A saved value back to a state, or `undefined` if it is not one (edited by hand, older shape). */
function parseState(value: unknown): SavedState | undefined {
  if (value === null || typeof value !== "object") return undefined;
  const { sql, mode } = value as Record<string, unknown>;
  if (typeof sql !== "string" || (mode !== "snapshot" && mode !== "streaming")) return undefined;
  return { sql, mode };
}

/**
 * Whether the editor holds SQL the user wrote or changed: anything but empty text or the text
 * of the example last loaded (`pristine`). Replacing such text must be announced and undoable.
 *
 * @example isEdited("SELECT 1", "SELECT 1") // false
 */
export function isEdited(current: string, pristine: string | undefined): boolean {
  if (current.trim() === "") return false;
  return current !== pristine;
}

/**
 * The index of the example whose SQL the editor holds, or -1.
 *
 * @example exampleIndexFor([{ sql: "SELECT 1" }], "SELECT 1") // 0
 */
export function exampleIndexFor(examples: ReadonlyArray<{ readonly sql: string }>, sql: string): number {
  return examples.findIndex((e) => e.sql === sql);
}
