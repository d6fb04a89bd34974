/**
 * PRINTF(format, obj...) (Flink 1.20 BuiltInFunctionDefinitions.PRINTF, runtime PrintfFunction):
 * `java.util.Formatter` with Locale.US over the arguments as Flink's internal data structures
 * (a STRING argument is a BinaryStringData, so `%d` of a string fails with
 * IllegalFormatConversionException; DECIMAL is a DecimalData and TIMESTAMP a TimestampData,
 * which only `%s` prints; DATE and TIME are Integers of days / milliseconds). The result
 * type is always the nullable STRING (`explicit(DataTypes.STRING())`), NULL when the format is
 * NULL; a NULL argument prints as "null" ("false" for `%b`).
 * A Formatter exception fails the job as Flink's FlinkRuntimeException wrapping it.
 */
import { EngineError } from "../../engine.ts";
import type { LogicalType } from "../../../types/model.ts";
import type { Decimal } from "../../../types/decimal.ts";
import { MILLIS_PER_DAY, formatDate } from "../../../types/temporal.ts";
import type { Timestamp } from "../../../types/temporal.ts";
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
      return (v) => ({ kind: "object", javaClass: "org.apache.flink.table.data.DecimalData", text: (v as Decimal).toString() });
    // Flink's internal forms, surprising as they are: a DATE is an Integer of days since
    // 1970-01-01, a TIME an Integer of milliseconds of the day.
    case "DATE":
      return (v) => ({ kind: "int", value: BigInt(v as number) });
    case "TIME_WITHOUT_TIME_ZONE":
      return (v) => ({ kind: "int", value: BigInt(Math.floor((v as number) / 1e6)) });
    // A TimestampData prints as LocalDateTime.toString, an instant (TIMESTAMP_LTZ) in UTC.
    case "TIMESTAMP_WITHOUT_TIME_ZONE":
    case "TIMESTAMP_WITH_LOCAL_TIME_ZONE":
      return (v) => ({ kind: "object", javaClass: "org.apache.flink.table.data.TimestampData", text: javaLocalDateTime(v as Timestamp) });
    case "NULL":
      return () => ({ kind: "null" });
    default:
      // Arrays, maps, rows and binary strings print as Java object identities in Flink.
      return null;
  }
}

/** Java's LocalDateTime.toString: `2024-01-02T03:04`, seconds and 3/6/9 fraction digits only when non-zero. */
function javaLocalDateTime(ts: Timestamp): string {
  const days = Math.floor(ts.epochMillis / MILLIS_PER_DAY);
  const msOfDay = ts.epochMillis - days * MILLIS_PER_DAY;
  const secs = Math.floor(msOfDay / 1000);
  const nanos = (msOfDay - secs * 1000) * 1_000_000 + ts.nanoOfMilli;
  const two = (n: number) => String(n).padStart(2, "0");
  let text = `${formatDate(days)}T${two(Math.floor(secs / 3600))}:${two(Math.floor((secs % 3600) / 60))}`;
  if (secs % 60 > 0 || nanos > 0) text += `:${two(secs % 60)}`;
  if (nanos > 0) {
    const digits = nanos % 1_000_000 === 0 ? 3 : nanos % 1000 === 0 ? 6 : 9;
    text += "." + String(nanos).padStart(9, "0").slice(0, digits);
  }
  return text;
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
