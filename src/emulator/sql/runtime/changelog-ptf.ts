/**
 * Runtime of the built-in changelog conversion PTFs (Confluent docs, "Changelog Conversion";
 * Flink docs, "Queries > Changelog Conversion"):
 *
 * - FROM_CHANGELOG reads an append-only input whose op column carries a change code and emits
 *   each row, without that column, with the mapped row kind. A NULL or unmapped code fails the
 *   statement (error_handling 'FAIL', Flink's TableRuntimeException texts) or drops the row
 *   ('SKIP'). Upsert mode (no UPDATE_BEFORE in the mapping, PARTITION BY key) is normalised by
 *   the executor into a retract changelog, as the emulator does for upsert tables.
 * - TO_CHANGELOG turns every input record into an insert with its row kind's code in the op
 *   column; kinds without a code are dropped. In batch (snapshot) mode the input has no row
 *   kinds but inserts: the operator collapses its input and emits the final rows at the end.
 */
import type { OpCode } from "../../engine.ts";
import { SqlRuntimeError } from "../functions/types.ts";
import { BaseOperator, DELETE, INSERT, isAccumulate } from "./dataflow.ts";
import type { Change } from "./dataflow.ts";
import { rowKey } from "./values.ts";
import type { Row } from "./values.ts";

export interface FromChangelogSpec {
  readonly kind: "FROM_CHANGELOG";
  /** Input column holding the op code. */
  readonly opIndex: number;
  /** Op code -> row kind. */
  readonly codes: ReadonlyMap<string, OpCode>;
  /** error_handling => 'SKIP'. */
  readonly skipInvalid: boolean;
  /** For each output column, the input column it copies. */
  readonly output: readonly number[];
  /** Upsert mode: output columns of the PARTITION BY key (normalised downstream), else null. */
  readonly upsertKey: readonly number[] | null;
}

export interface ToChangelogSpec {
  readonly kind: "TO_CHANGELOG";
  /** Output code per input row kind (index = OpCode), null when the kind is not forwarded. */
  readonly codes: readonly (string | null)[];
  /** For each output column, the input column it copies, or -1 for the op column. */
  readonly output: readonly number[];
  /** produces_full_deletes => FALSE: per output column, whether a DELETE row keeps it (else NULL). */
  readonly deleteKeeps: readonly boolean[] | null;
}

export type ChangelogPtfSpec = FromChangelogSpec | ToChangelogSpec;

/** Java's AbstractCollection.toString of the defined codes: `[a, b]`. */
function definedCodes(codes: ReadonlyMap<string, OpCode>): string {
  return `[${[...codes.keys()].join(", ")}]`;
}

export class FromChangelogOp extends BaseOperator {
  constructor(private readonly spec: FromChangelogSpec) {
    super();
  }
  push(changes: readonly Change[]): void {
    const { opIndex, codes, skipInvalid, output } = this.spec;
    const out: Change[] = [];
    for (const c of changes) {
      const code = c.row[opIndex];
      if (code === null || code === undefined) {
        if (skipInvalid) continue;
        throw new SqlRuntimeError("Received NULL op code. Every changelog row must carry an operation code.");
      }
      const op = codes.get(String(code));
      if (op === undefined) {
        if (skipInvalid) continue;
        throw new SqlRuntimeError(`Received invalid op code '${String(code)}'. Defined op codes are: ${definedCodes(codes)}.`);
      }
      out.push({ op, row: output.map((i) => c.row[i]) });
    }
    this.emit(out);
  }
}

export class ToChangelogOp extends BaseOperator {
  /** Batch mode: the input's net rows (key -> row, count), in first-insert order. */
  readonly #net: Map<string, { row: Row; count: number }> | null;

  constructor(private readonly spec: ToChangelogSpec, batch: boolean) {
    super();
    this.#net = batch ? new Map() : null;
  }

  #convert(op: OpCode, row: Row): Change | null {
    const code = this.spec.codes[op];
    if (code === null || code === undefined) return null;
    const keeps = op === DELETE ? this.spec.deleteKeeps : null;
    return { op: INSERT, row: this.spec.output.map((i, pos) => (i < 0 ? code : keeps && !keeps[pos] ? null : row[i])) };
  }

  push(changes: readonly Change[]): void {
    const net = this.#net;
    if (net) {
      for (const c of changes) {
        const k = rowKey(c.row);
        const e = net.get(k);
        const delta = isAccumulate(c.op) ? 1 : -1;
        if (e) {
          e.count += delta;
          if (e.count <= 0) net.delete(k);
        } else if (delta > 0) net.set(k, { row: c.row, count: 1 });
      }
      return;
    }
    const out: Change[] = [];
    for (const c of changes) {
      const o = this.#convert(c.op, c.row);
      if (o) out.push(o);
    }
    this.emit(out);
  }

  protected override onEnd(): void {
    if (!this.#net) return;
    const out: Change[] = [];
    for (const e of this.#net.values()) {
      for (let i = 0; i < e.count; i++) {
        const o = this.#convert(INSERT, e.row);
        if (o) out.push(o);
      }
    }
    this.#net.clear();
    this.emit(out);
  }
}
