/**
 * PRINTF(format, obj...) (Flink 1.20 BuiltInFunctionDefinitions.PRINTF, runtime PrintfFunction):
 * `java.util.Formatter` with Locale.US over the arguments as Flink's internal data structures
 * (a STRING argument is a BinaryStringData, so `%d` of a string fails with
 * IllegalFormatConversionException; DECIMAL is a DecimalData, which only `%s` prints). The result
 * type is always the nullable STRING (`explicit(DataTypes.STRING())`), NULL when the format is
 * NULL; a NULL argument prints as "null" ("false" for `%b`).
 * A Formatter exception fails the job as Flink's FlinkRuntimeException wrapping it.
 */
import { EngineError } from "../../engine.ts";
import type { LogicalType } from "../../../types/model.ts";
import type { Decimal } from "../../../types/decimal.ts";
import { TABLE_EXCEPTION } from "../syntax/errors.ts";
import { JavaFormatError, JavaFormatUnsupported, javaFormat } from "./java-format.ts";
import type { JavaArg } from "./java-format.ts";
import type { InternalValue, ScalarFunction } from "./types.ts";
import { SqlRuntimeError, T, calciteName, isCharacter, validation } from "./types.ts";

const SIGNATURE = "PRINTF(format <CHARACTER_STRING>, obj <ANY>...)";

/** How an argument of type t reaches Java, or null when the emulator does not model it. */
function argumentOf(t: LogicalType): ((v: InternalValue) => JavaArg) | null {
  const integer = (kind: "byte" | "short" | "int" | "long") => (v: InternalValue) => ({ kind, value: BigInt(v as number | bigint) });
  switch (t.type) {
    case "CHAR":
    case "VARCHAR":
      return (v) => ({ kind: "string", value: v as string });
    case "BOOLEAN":
      return (v) => ({ kind: "boolean", value: v as boolean });
    case "TINYINT":
      return integer("byte");
    case "SMALLINT":
      return integer("short");
    case "INTEGER":
      return integer("int");
    case "BIGINT":
      return integer("long");
    case "FLOAT":
      return (v) => ({ kind: "float", value: v as number });
    case "DOUBLE":
      return (v) => ({ kind: "double", value: v as number });
    case "DECIMAL":
      return (v) => ({ kind: "decimal", text: (v as Decimal).toString() });
    case "NULL":
      return () => ({ kind: "null" });
    default:
      // DATE is an int of days and TIMESTAMP a TimestampData in Flink: printing those internal
      // forms is more surprising than useful to imitate, so the emulator refuses them.
      return null;
  }
}

const printf: ScalarFunction = {
  name: "PRINTF",
  inferType(ts) {
    if (ts.length < 1) throw validation("Invalid number of arguments to function 'PRINTF'. Was expecting 1 or more arguments");
    const format = ts[0]!;
    if (!isCharacter(format) && format.type !== "NULL") throw validation(`Invalid input arguments. Expected signatures are:\n${SIGNATURE}`);
    for (const t of ts.slice(1)) {
      if (argumentOf(t) === null) throw new EngineError(`Unsupported feature in the emulator: PRINTF arguments of type ${calciteName(t)}.`, TABLE_EXCEPTION);
    }
    // Flink declares explicit(STRING()): nullable whatever the arguments.
    return T.string();
  },
  compile(ts) {
    const convert = ts.slice(1).map((t) => argumentOf(t)!);
    return (a) => {
      const format = a[0];
      if (format === null || format === undefined) return null;
      const args = convert.map((c, i) => {
        const v = a[i + 1];
        return v === null || v === undefined ? ({ kind: "null" } as const) : c(v);
      });
      try {
        return javaFormat(format as string, args);
      } catch (err) {
        if (err instanceof JavaFormatError) throw new SqlRuntimeError(`${err.javaClass}: ${err.message}`, "org.apache.flink.util.FlinkRuntimeException");
        if (err instanceof JavaFormatUnsupported) throw new SqlRuntimeError(`Unsupported feature in the emulator: ${err.message}.`, TABLE_EXCEPTION);
        throw err;
      }
    };
  },
};

export const printfFunctions: ScalarFunction[] = [printf];
