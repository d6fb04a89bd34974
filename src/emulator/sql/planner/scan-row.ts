/**
 * The row a table scan emits for one stored log record: the declared columns in declaration
 * order (physical values, metadata values, computed columns), then the hidden `$rowtime` unless
 * the table declares a column of that name itself.
 *
 * This runs once per record of every scan, so it is the hottest allocation site of the engine:
 * it allocates exactly one array of the final width per record (no intermediate copy, no
 * `push` that regrows the backing store), and records stamped in the same millisecond share
 * one (immutable) Timestamp. Only a table with computed columns builds a second, stored-layout
 * row, because its computed expressions are compiled over that layout.
 */
import { Timestamp } from "../../../types/temporal.ts";
import type { RowFn } from "../runtime/dataflow.ts";
import type { Row } from "../runtime/values.ts";
import type { TableColumn } from "../catalog.ts";

/** Builds a scan's output row from a record's physical values and its timestamp (ms). */
export type ScanRowBuilder = (physical: Row, rowtime: number) => Row;

/**
 * @param columns the table's declared columns
 * @param computed compiled computed columns by name, each over the stored layout (the
 *   non-computed columns in declaration order)
 * @param appendRowtime whether the hidden `$rowtime` follows the declared columns
 */
export function scanRowBuilder(columns: readonly TableColumn[], computed: ReadonlyMap<string, RowFn>, appendRowtime: boolean): ScanRowBuilder {
  let lastMs = NaN;
  let lastTs: Timestamp | null = null;
  const timestamp = (ms: number): Timestamp => {
    if (ms !== lastMs || lastTs === null) {
      lastMs = ms;
      lastTs = new Timestamp(ms, 0);
    }
    return lastTs;
  };
  const width = columns.length + (appendRowtime ? 1 : 0);

  if (columns.every((c) => c.kind === "physical")) {
    // The common table: a copy of the physical values, plus `$rowtime`.
    const n = columns.length;
    return (physical, rowtime) => {
      const out = new Array<unknown>(width);
      for (let i = 0; i < n; i++) out[i] = physical[i];
      if (appendRowtime) out[n] = timestamp(rowtime);
      return out;
    };
  }

  const stored = columns.filter((c) => c.kind !== "computed");
  // Where each stored column's value comes from: a physical position, or the record timestamp.
  const physicalAt: number[] = [];
  let p = 0;
  for (const c of stored) physicalAt.push(c.kind === "physical" ? p++ : isTimestampKey(c.metadataKey ?? c.name) ? TIMESTAMP : NULL_METADATA);
  const storedValue = (physical: Row, rowtime: number, i: number): unknown => {
    const at = physicalAt[i]!;
    return at >= 0 ? physical[at] : at === TIMESTAMP ? timestamp(rowtime) : null;
  };

  if (stored.length === columns.length) {
    // Physical and metadata columns only: the stored layout is the output layout.
    const n = columns.length;
    return (physical, rowtime) => {
      const out = new Array<unknown>(width);
      for (let i = 0; i < n; i++) out[i] = storedValue(physical, rowtime, i);
      if (appendRowtime) out[n] = timestamp(rowtime);
      return out;
    };
  }

  // Output position -> stored position (>= 0) or computed function.
  const storedPos = new Map(stored.map((c, i) => [c.name, i]));
  const sources: Array<number | RowFn> = columns.map((c) => (c.kind === "computed" ? computed.get(c.name)! : storedPos.get(c.name)!));
  return (physical, rowtime) => {
    const s = new Array<unknown>(stored.length);
    for (let i = 0; i < stored.length; i++) s[i] = storedValue(physical, rowtime, i);
    const out = new Array<unknown>(width);
    for (let i = 0; i < sources.length; i++) {
      const src = sources[i]!;
      out[i] = typeof src === "number" ? s[src] : src(s);
    }
    if (appendRowtime) out[sources.length] = timestamp(rowtime);
    return out;
  };
}

/** Stored-column sources that are not physical positions. */
const TIMESTAMP = -1;
const NULL_METADATA = -2;

/** The metadata keys that read the record timestamp (the only metadata the emulator has). */
function isTimestampKey(key: string): boolean {
  return key === "timestamp" || key === "$rowtime";
}
