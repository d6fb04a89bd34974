/**
 * JSON_OBJECTAGG and JSON_ARRAYAGG (Confluent Cloud docs "JSON Functions"; Calcite's
 * SqlJsonObjectAggAggFunction / SqlJsonArrayAggAggFunction for types, Flink's
 * JsonObjectAggFunction / JsonArrayAggFunction for values and retraction).
 *
 * Registered, as in Flink's operator table, under one name per ON NULL behaviour:
 * JSON_OBJECTAGG_NULL_ON_NULL (the default) / JSON_OBJECTAGG_ABSENT_ON_NULL with arguments
 * (key, value), and JSON_ARRAYAGG_ABSENT_ON_NULL (the default) / JSON_ARRAYAGG_NULL_ON_NULL with
 * argument (value). The planner maps the JSON_OBJECTAGG(...) / JSON_ARRAYAGG(...) syntax onto
 * them and appends a constant 'RAW' argument when the value is a JSON_OBJECT / JSON_ARRAY call,
 * whose text is then inserted as JSON rather than as a string (Flink's WrapJsonAggFunctionArgumentsRule).
 *
 * - The result is VARCHAR(2000) NOT NULL (Calcite's VARCHAR_2000, as Flink's
 *   JsonAggregationFunctionsITCase reports it): `{}` / `[]` when nothing is accumulated.
 * - Values are serialized like JSON_STRING; JSON_OBJECTAGG keeps keys in insertion order.
 * - JSON_OBJECTAGG fails the job on a repeated key ("Key '%s' is already present. ...",
 *   TableException) and on a NULL key.
 * - Both retract: JSON_ARRAYAGG removes one equal item; JSON_OBJECTAGG removes the key when its
 *   current value equals the retracted one (Flink keeps unmatched retractions only for merging
 *   partial accumulators, which the emulator never does).
 */
import type { LogicalType } from "../../../types/model.ts";
import { toJson } from "./json.ts";
import type { Accumulator, AggregateFunction, InternalValue } from "./types.ts";
import { SqlRuntimeError, T, calciteName, isCharacter, validation } from "./types.ts";
import { TABLE_EXCEPTION } from "../syntax/errors.ts";

/** Calcite's ReturnTypes.VARCHAR_2000. */
const RESULT: LogicalType = T.varchar(2000, false);

function cannotApply(name: string, ts: readonly LogicalType[], form: string) {
  return validation(`Cannot apply '${name}' to arguments of type '${name}(${ts.map((t) => `<${calciteName(t)}>`).join(", ")})'. Supported form(s): '${form}'`);
}

/** The JSON text of a value (null for SQL NULL): JSON_STRING's rendering, or the text itself for RAW. */
function serializer(t: LogicalType, raw: boolean): (v: InternalValue) => string | null {
  if (raw) return (v) => (v === null ? null : (v as string));
  return (v) => (v === null ? null : toJson(t, v, "UTC"));
}

function isRaw(ts: readonly LogicalType[], valueIndex: number): boolean {
  return ts.length > valueIndex + 1;
}

function jsonArrayAgg(name: string, skipNulls: boolean): AggregateFunction {
  return {
    name,
    inferType(ts) {
      if (ts.length < 1 || ts.length > 2) throw validation(`Invalid number of arguments to function '${name}'. Was expecting 1 arguments`);
      return RESULT;
    },
    create(ts): Accumulator {
      const ser = serializer(ts[0]!, isRaw(ts, 0));
      const items: string[] = [];
      let rows = 0;
      return {
        add(args) {
          rows++;
          const s = ser(args[0] ?? null);
          if (s !== null) items.push(s);
          else if (!skipNulls) items.push("null");
        },
        retract(args) {
          rows--;
          const s = ser(args[0] ?? null) ?? "null";
          const i = items.indexOf(s);
          if (i >= 0) items.splice(i, 1);
        },
        value: () => "[" + items.join(",") + "]",
        get empty() {
          return rows <= 0;
        },
      };
    },
  };
}

function jsonObjectAgg(name: string, skipNulls: boolean): AggregateFunction {
  return {
    name,
    inferType(ts) {
      if (ts.length < 2 || ts.length > 3) throw validation(`Invalid number of arguments to function '${name}'. Was expecting 2 arguments`);
      if (!isCharacter(ts[0]!) && ts[0]!.type !== "NULL") throw cannotApply(name, ts.slice(0, 2), `${name}(<CHARACTER>, <ANY>)`);
      return RESULT;
    },
    create(ts): Accumulator {
      const ser = serializer(ts[1]!, isRaw(ts, 1));
      // key -> JSON text of the value, or null for a kept SQL NULL (NULL ON NULL).
      const entries = new Map<string, string | null>();
      let rows = 0;
      return {
        add(args) {
          rows++;
          const key = args[0] ?? null;
          if (key === null) throw new SqlRuntimeError(`${name} key must not be NULL`);
          const k = key as string;
          if (entries.has(k)) {
            throw new SqlRuntimeError(`Key '${k}' is already present. Duplicate keys are not allowed in JSON_OBJECTAGG. Please ensure that keys are unique.`, TABLE_EXCEPTION);
          }
          const s = ser(args[1] ?? null);
          if (s !== null || !skipNulls) entries.set(k, s);
        },
        retract(args) {
          rows--;
          const key = args[0] ?? null;
          if (key === null) return;
          const k = key as string;
          if (entries.has(k) && entries.get(k) === ser(args[1] ?? null)) entries.delete(k);
        },
        value: () => "{" + [...entries].map(([k, v]) => JSON.stringify(k) + ":" + (v ?? "null")).join(",") + "}",
        get empty() {
          return rows <= 0;
        },
      };
    },
  };
}

export const jsonAggregateFunctions: AggregateFunction[] = [
  jsonObjectAgg("JSON_OBJECTAGG_NULL_ON_NULL", false),
  jsonObjectAgg("JSON_OBJECTAGG_ABSENT_ON_NULL", true),
  jsonArrayAgg("JSON_ARRAYAGG_NULL_ON_NULL", false),
  jsonArrayAgg("JSON_ARRAYAGG_ABSENT_ON_NULL", true),
];

/** The registry name of a JSON aggregate call written with the SQL syntax. */
export function jsonAggregateName(kind: "JSON_OBJECTAGG" | "JSON_ARRAYAGG", onNull: "NULL" | "ABSENT" | null): string {
  const behaviour = onNull ?? (kind === "JSON_OBJECTAGG" ? "NULL" : "ABSENT");
  return `${kind}_${behaviour}_ON_NULL`;
}
