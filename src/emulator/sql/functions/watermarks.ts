/**
 * Watermark functions (Confluent docs, "Datetime Functions": CURRENT_WATERMARK, SOURCE_WATERMARK;
 * Apache Flink "System (Built-in) Functions > Temporal Functions").
 *
 * CURRENT_WATERMARK(rowtime): the type rule here follows Flink's CurrentWatermarkInputTypeStrategy
 * and CurrentWatermarkTypeStrategy (one TIMESTAMP / TIMESTAMP_LTZ argument; result of the same
 * kind with precision 3, always nullable). That the argument is a rowtime *attribute* only the
 * planner knows, so planner/watermark.ts checks it, and hands the evaluating operator's current
 * watermark in through `EvalContext.watermark`; the argument's value is not read (Flink reads the
 * timer service). Without a watermark yet (or without one in the context) the result is NULL.
 *
 * SOURCE_WATERMARK(): declarative, meaningful only as `WATERMARK FOR col AS SOURCE_WATERMARK()`
 * (the planner maps that to the table's default strategy). Called anywhere else it fails at run
 * time with Flink's SourceWatermarkFunction message, as in Flink; its type is TIMESTAMP_LTZ(3).
 */
import { formatType } from "../../../types/format-type.ts";
import { lenient } from "./define.ts";
import type { ScalarFunction } from "./types.ts";
import { SqlRuntimeError, T, arity, validation } from "./types.ts";
import { Timestamp } from "./values.ts";
import { TABLE_EXCEPTION } from "../syntax/errors.ts";

const CURRENT_WATERMARK: ScalarFunction = lenient({
  name: "CURRENT_WATERMARK",
  deterministic: false,
  infer(ts) {
    arity("CURRENT_WATERMARK", ts, 1);
    const t = ts[0]!;
    if (t.type === "TIMESTAMP_WITHOUT_TIME_ZONE") return T.timestamp(3, true);
    if (t.type === "TIMESTAMP_WITH_LOCAL_TIME_ZONE") return T.timestampLtz(3, true);
    throw validation(`CURRENT_WATERMARK() must be called with a single rowtime attribute argument, but '${formatType(t)}' cannot be a time attribute.`);
  },
  make: () => (_a, ctx) => {
    const wm = ctx.watermark?.() ?? null;
    return wm === null || !Number.isFinite(wm) ? null : new Timestamp(wm);
  },
});

/** Flink's SourceWatermarkFunction.ERROR_MESSAGE. */
export const SOURCE_WATERMARK_MESSAGE =
  "SOURCE_WATERMARK() is a declarative function and doesn't have concrete implementation. " +
  "It should only be used in WATERMARK FOR clause in CREATE TABLE DDL. " +
  "It must be pushed down into source and the source should emit system defined watermarks. " +
  "Please check the source connector implementation.";

const SOURCE_WATERMARK: ScalarFunction = lenient({
  name: "SOURCE_WATERMARK",
  deterministic: false,
  infer(ts) {
    arity("SOURCE_WATERMARK", ts, 0);
    return T.timestampLtz(3, true);
  },
  make: () => () => {
    throw new SqlRuntimeError(SOURCE_WATERMARK_MESSAGE, TABLE_EXCEPTION);
  },
});

export const watermarkFunctions: ScalarFunction[] = [CURRENT_WATERMARK, SOURCE_WATERMARK];
