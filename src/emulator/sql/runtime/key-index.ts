/**
 * A map from composite keys (one value per key column) to state, without building a string per
 * lookup. A per-row string key (valueKey of each column joined) was the main per-row allocation of
 * group aggregation, and with GROUPING SETS every input row is looked up once per set.
 *
 * One Map level per key column. A primitive value is its own Map key: Map's SameValueZero
 * equality is exactly the grouping equality valueKey defines for primitives (NULL equals NULL,
 * -0 equals 0, NaN equals NaN, 1 and 1n and '1' are distinct). Objects (DECIMAL, TIMESTAMP, bytes,
 * arrays, maps) are keyed by their valueKey string in a second Map of the level, so an object
 * whose key text equals some string value can never meet it.
 */
import { valueKey } from "./values.ts";

interface Level {
  readonly byValue: Map<unknown, unknown>;
  byKeyText: Map<string, unknown> | null;
}

function newLevel(): Level {
  return { byValue: new Map(), byKeyText: null };
}

function isObjectKey(v: unknown): v is object {
  return typeof v === "object" && v !== null;
}

/** undefined and null are both SQL NULL (valueKey gives both "N"). */
function primitiveKey(v: unknown): unknown {
  return v === undefined ? null : v;
}

function lookup(level: Level, v: unknown): unknown {
  if (isObjectKey(v)) return level.byKeyText?.get(valueKey(v));
  return level.byValue.get(primitiveKey(v));
}

function store(level: Level, v: unknown, entry: unknown): void {
  if (isObjectKey(v)) (level.byKeyText ??= new Map()).set(valueKey(v), entry);
  else level.byValue.set(primitiveKey(v), entry);
}

function remove(level: Level, v: unknown): void {
  if (isObjectKey(v)) level.byKeyText?.delete(valueKey(v));
  else level.byValue.delete(primitiveKey(v));
}

function isEmpty(level: Level): boolean {
  return level.byValue.size === 0 && (level.byKeyText === null || level.byKeyText.size === 0);
}

/**
 * Keys of a fixed width. `get` allocates nothing for primitive keys, so callers can pass a
 * reused scratch array; `set` keeps no reference to the array it is given.
 */
export class KeyIndex<V> {
  readonly #width: number;
  /** The one entry when the width is 0 (a global aggregate). */
  #only: V | undefined = undefined;
  readonly #root: Level = newLevel();
  #size = 0;

  constructor(width: number) {
    this.#width = width;
  }

  get size(): number {
    return this.#size;
  }

  get(keys: readonly unknown[]): V | undefined {
    const w = this.#width;
    if (w === 0) return this.#only;
    let level = this.#root;
    for (let i = 0; i < w - 1; i++) {
      const next = lookup(level, keys[i]) as Level | undefined;
      if (next === undefined) return undefined;
      level = next;
    }
    return lookup(level, keys[w - 1]) as V | undefined;
  }

  /** Adds an entry for keys that have none (callers check with `get` first). */
  add(keys: readonly unknown[], value: V): void {
    const w = this.#width;
    this.#size++;
    if (w === 0) {
      this.#only = value;
      return;
    }
    let level = this.#root;
    for (let i = 0; i < w - 1; i++) {
      let next = lookup(level, keys[i]) as Level | undefined;
      if (next === undefined) store(level, keys[i], (next = newLevel()));
      level = next;
    }
    store(level, keys[w - 1], value);
  }

  /** Removes the entry of keys (present), and the levels it leaves empty, so state stays bounded. */
  delete(keys: readonly unknown[]): void {
    const w = this.#width;
    this.#size--;
    if (w === 0) {
      this.#only = undefined;
      return;
    }
    const path: Level[] = [this.#root];
    for (let i = 0; i < w - 1; i++) path.push(lookup(path[i]!, keys[i]) as Level);
    for (let i = w - 1; i >= 0; i--) {
      remove(path[i]!, keys[i]);
      if (i > 0 && !isEmpty(path[i]!)) break;
    }
  }

  clear(): void {
    this.#only = undefined;
    this.#root.byValue.clear();
    this.#root.byKeyText = null;
    this.#size = 0;
  }
}
