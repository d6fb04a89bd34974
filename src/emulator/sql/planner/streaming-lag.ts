/**
 * LAG in a streaming OVER aggregation, as Flink runs it (AggFunctionFactory's stream branch and
 * LagAggFunction): an accumulator that keeps the last `offset + 1` values of its partition in
 * time order and answers the oldest of them, or the default when fewer have arrived. LAG has no
 * frame of its own (Calcite rejects ROWS/RANGE on it), so the window is RANGE UNBOUNDED
 * PRECEDING: rows with the same time attribute are accumulated together and all see the state
 * after the last of them, and nothing is ever retracted. LEAD would need rows that have not
 * arrived yet; Flink rejects it in stream mode, and so does this.
 */
import { EngineError } from "../../engine.ts";
import type { Accumulator, InternalValue } from "../functions/types.ts";
import type * as ast from "../syntax/ast.ts";
import { planLeadLag } from "./batch-over.ts";
import { unsupported } from "./scope.ts";
import type { ExprCompiler } from "./expr.ts";
import type { AggCallPlan } from "./plan.ts";
import { TABLE_EXCEPTION } from "../syntax/errors.ts";

export function planStreamingLeadLag(call: ast.FunctionCall, name: "LAG" | "LEAD", spec: ast.WindowSpec, c: ExprCompiler, constants: ExprCompiler): AggCallPlan {
  if (name === "LEAD") throw new EngineError("LEAD Function is not supported in stream mode.", TABLE_EXCEPTION);
  // Validation, result type and argument coercion are the batch planner's (the same Calcite rules).
  const batch = planLeadLag(call, name, spec, c, constants);
  const offset = -batch.offset!.by;
  if (offset < 0) throw unsupported(call.args[1]!, "a negative LAG offset in stream mode (it reads rows that have not arrived)");
  const fallback = batch.offset!.fallback;
  const value = batch.args[0]!;
  return {
    name,
    type: batch.type,
    create: () => new LagAccumulator(offset),
    args: fallback ? [value, fallback] : [value],
  };
}

class LagAccumulator implements Accumulator {
  readonly #recent: InternalValue[] = [];
  #fallback: InternalValue = null;
  #rows = 0;
  constructor(readonly offset: number) {}
  get empty(): boolean {
    return this.#rows === 0;
  }
  add(args: InternalValue[]): void {
    this.#rows++;
    // Flink keeps the default of the latest row: it is an argument, evaluated per row.
    this.#fallback = args[1] ?? null;
    this.#recent.push(args[0] ?? null);
    if (this.#recent.length > this.offset + 1) this.#recent.shift();
  }
  retract(): void {
    // Unreachable: LAG's window is unbounded preceding, so no row ever leaves it.
    throw new EngineError("LAG Function with retraction is not supported in stream mode.", TABLE_EXCEPTION);
  }
  value(): InternalValue {
    return this.#recent.length < this.offset + 1 ? this.#fallback : this.#recent[0]!;
  }
}
