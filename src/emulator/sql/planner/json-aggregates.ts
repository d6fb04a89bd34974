/**
 * The JSON_OBJECTAGG / JSON_ARRAYAGG syntax as ordinary aggregate calls: Flink's operator table
 * has one function per ON NULL behaviour (JSON_OBJECTAGG_NULL_ON_NULL, the default, and
 * JSON_OBJECTAGG_ABSENT_ON_NULL; JSON_ARRAYAGG_ABSENT_ON_NULL, the default, and
 * JSON_ARRAYAGG_NULL_ON_NULL), see functions/json-aggregates.ts. A value that is a JSON_OBJECT /
 * JSON_ARRAY call is inserted as JSON, not as a string (Flink's WrapJsonAggFunctionArgumentsRule
 * with JsonGenerateUtils.isJsonFunctionOperand): the call then gets a constant 'RAW' argument.
 */
import type * as ast from "../syntax/ast.ts";
import { unsupported } from "./scope.ts";
import { jsonAggregateName } from "../functions/json-aggregates.ts";

/** The synthetic call -> the JSON aggregate expression it stands for (GROUP BY / SELECT matching). */
export const JSON_AGG_ORIGIN = new WeakMap<ast.FunctionCall, ast.Expr>();

export function jsonAggregateCall(e: ast.JsonObjectAggExpr | ast.JsonArrayAggExpr): ast.FunctionCall {
  const object = e.kind === "JsonObjectAgg";
  if (!object && e.orderBy.length > 0) throw unsupported(e, "JSON_ARRAYAGG ... ORDER BY");
  const kind = object ? "JSON_OBJECTAGG" : "JSON_ARRAYAGG";
  const name = jsonAggregateName(kind, e.onNull);
  const value = e.value;
  const args: ast.Expr[] = object ? [e.key, value] : [value];
  if (value.kind === "JsonObject" || value.kind === "JsonArray") {
    args.push({ kind: "StringLiteral", value: "RAW", pos: value.pos, end: value.end } as ast.StringLiteral);
  }
  const call: ast.FunctionCall = {
    kind: "FunctionCall", name, qualifier: [], args, quantifier: null, star: false, filter: null, withinGroup: null, nullTreatment: null, over: null, bare: false, pos: e.pos, end: e.end,
  } as ast.FunctionCall;
  JSON_AGG_ORIGIN.set(call, e);
  return call;
}
