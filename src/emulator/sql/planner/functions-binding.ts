/**
 * Binds the planner's FunctionsApi to the functions registry (../functions/registry.ts, owned
 * by the functions helper). A name the registry does not (yet) define falls back to the small
 * built-in set in ./fallback-functions.ts, so the engine keeps working while the registry grows.
 */
import * as registry from "../functions/registry.ts";
import type { FunctionsApi, ScalarFunctionLike, AggregateFunctionLike } from "./functions-api.ts";
import { fallbackFunctions } from "./fallback-functions.ts";

export function defaultFunctions(): FunctionsApi {
  return {
    lookupScalar: (name) => (registry.lookupScalar(name) as unknown as ScalarFunctionLike | undefined) ?? fallbackFunctions.lookupScalar(name),
    lookupAggregate: (name) => (registry.lookupAggregate(name) as unknown as AggregateFunctionLike | undefined) ?? fallbackFunctions.lookupAggregate(name),
    cast: (from, to, tryCast) => registry.cast(from, to, tryCast) as unknown as ReturnType<FunctionsApi["cast"]>,
    listFunctions: () => [...new Set([...registry.listFunctions(), ...fallbackFunctions.listFunctions()])].sort(),
  };
}
