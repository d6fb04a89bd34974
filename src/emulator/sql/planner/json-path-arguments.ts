/**
 * The clauses of JSON_VALUE / JSON_QUERY / JSON_EXISTS as the constant arguments the functions
 * registry takes (layout in ../functions/json-path-functions.ts): RETURNING as type text, the
 * wrapper and ON EMPTY / ON ERROR behaviours as keywords, DEFAULT values as operands.
 */
import { formatType } from "../../../types/format-type.ts";
import type * as ast from "../syntax/ast.ts";
import type { CExpr, ExprCompiler } from "./expr.ts";
import { T, withNullable } from "./types.ts";

type Keyword = (word: string) => CExpr;

export function jsonPathArguments(c: ExprCompiler, e: ast.JsonValueExpr | ast.JsonQueryExpr | ast.JsonExistsExpr, keyword: Keyword): CExpr[] {
  const args = [c.compile(e.operand), c.compile(e.path)];
  if (e.kind === "JsonExists") return e.onError ? [...args, keyword(e.onError)] : args;
  const returning = keyword(formatType(withNullable(e.returning ?? T.string(), true)));
  if (e.kind === "JsonQuery") return [...args, returning, keyword(e.wrapper ?? "WITHOUT"), keyword(e.onEmpty ?? "NULL"), keyword(e.onError ?? "NULL")];
  const behavior = (b: ast.JsonValueBehavior | null): CExpr[] => [keyword(b?.behavior ?? "NULL"), b?.default ? c.compile(b.default) : ABSENT_DEFAULT];
  return [...args, returning, ...behavior(e.onEmpty), ...behavior(e.onError)];
}

/** An absent DEFAULT: a NULL operand. */
const ABSENT_DEFAULT: CExpr = { type: T.null(), fn: () => null, refs: new Set(), constant: true, literal: true };
