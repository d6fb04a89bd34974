/**
 * Planner side of the watermark functions (../functions/watermarks.ts has their type rules).
 *
 * CURRENT_WATERMARK(rowtime) (Flink docs, "Temporal Functions"; Confluent "Datetime Functions"):
 * the argument must be a rowtime attribute of the input (Flink's
 * CurrentWatermarkInputTypeStrategy message otherwise), and the value is the watermark the
 * evaluating operator has received, NULL before the first one. The emulator evaluates it in the
 * WHERE clause and the SELECT list of a query without GROUP BY (Flink's Calc after the source):
 * the analyzer gives those compilations a WatermarkSlot that the Filter / Project operator fills
 * before each batch. Elsewhere it is reported as unsupported instead of giving a wrong value.
 *
 * `WATERMARK FOR col AS SOURCE_WATERMARK()` selects Confluent's default strategy: on `$rowtime`
 * that is the emulator's clock watermark (as with no declaration); on another column, whose
 * values the emulator cannot bound by the clock, the ascending strategy `col - 1 ms` (Confluent
 * docs, "ALTER TABLE": watermarks for perfectly ordered data).
 */
import { formatType } from "../../../types/format-type.ts";
import type * as ast from "../syntax/ast.ts";
import type { EvalContextLike } from "./functions-api.ts";
import type { CExpr, ExprCompiler } from "./expr.ts";
import type { WatermarkSlot } from "./plan.ts";
import { unsupported, validationError } from "./scope.ts";

/** A fresh slot for one Filter / Project compilation. */
export function watermarkSlot(): WatermarkSlot {
  return { value: -Infinity, used: false };
}

/** The slot when some CURRENT_WATERMARK call of the compilation reads it. */
export function usedSlot(slot: WatermarkSlot): WatermarkSlot | undefined {
  return slot.used ? slot : undefined;
}

/** CURRENT_WATERMARK(arg) as a special form of `c`'s compilation. */
export function compileCurrentWatermark(c: ExprCompiler, e: ast.FunctionCall): CExpr {
  const args = e.args.map((a) => c.compile(a));
  const slot = c.env.watermark;
  const base = c.env.ctx;
  const ctx: EvalContextLike = {
    now: () => base.now(),
    localTimeZone: base.localTimeZone,
    random: () => base.random(),
    currentDatabase: base.currentDatabase,
    watermark: () => (slot === undefined || slot.value === -Infinity ? null : slot.value),
  };
  // Argument count and type family first (the registry's rule), then the time attribute.
  const call = c.with({ ctx }).callCompiled("CURRENT_WATERMARK", args, e);
  const arg = args[0]!;
  const col = arg.column === undefined ? undefined : c.env.scope.cols.find((x) => x.index === arg.column);
  if (!col?.field.timeAttr) {
    throw validationError(e, `The argument of CURRENT_WATERMARK() must be a rowtime attribute, but was '${formatType(arg.type)}'.`);
  }
  if (slot === undefined) {
    throw unsupported(e, "CURRENT_WATERMARK outside the WHERE clause and the SELECT list of a query without GROUP BY");
  }
  slot.used = true;
  return { ...call, constant: false };
}

/** `SOURCE_WATERMARK()` exactly (the whole watermark expression). */
export function isSourceWatermark(e: ast.Expr): boolean {
  return e.kind === "FunctionCall" && e.name.toUpperCase() === "SOURCE_WATERMARK" && e.args.length === 0 && !e.star && e.over === null;
}
