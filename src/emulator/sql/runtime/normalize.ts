/**
 * ChangelogNormalize: reading an upsert table (PRIMARY KEY, changelog.mode 'upsert') turns its
 * log (latest row per key, -D as a tombstone) into a proper changelog: +I for a new key,
 * -U/+U when a key's row changes (nothing when it is identical), -D when it is deleted.
 */
import { BaseOperator, DELETE, INSERT, UPDATE_AFTER, UPDATE_BEFORE, isAccumulate } from "./dataflow.ts";
import type { Change } from "./dataflow.ts";
import { rowKey, valueKey } from "./values.ts";
import type { Row } from "./values.ts";

function same(a: Row, b: Row): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && valueKey(a[i]) !== valueKey(b[i])) return false;
  return true;
}

export class ChangelogNormalizeOp extends BaseOperator {
  readonly #rows = new Map<string, Row>();
  constructor(private readonly key: readonly number[], private readonly ignoreColumns: readonly number[] = []) {
    super();
  }
  push(changes: readonly Change[]): void {
    const out: Change[] = [];
    for (const c of changes) {
      const k = rowKey(c.row, this.key);
      const prev = this.#rows.get(k);
      if (isAccumulate(c.op)) {
        if (!prev) out.push({ op: INSERT, row: c.row });
        else {
          // The record time alone changing is not a change of the row.
          const a = prev.filter((_, i) => !this.ignoreColumns.includes(i));
          const b = c.row.filter((_, i) => !this.ignoreColumns.includes(i));
          if (same(a, b)) continue;
          out.push({ op: UPDATE_BEFORE, row: prev });
          out.push({ op: UPDATE_AFTER, row: c.row });
        }
        this.#rows.set(k, c.row);
      } else if (prev) {
        out.push({ op: DELETE, row: prev });
        this.#rows.delete(k);
      }
    }
    this.emit(out);
  }
}
