/**
 * Session functions. Flink 1.19/1.20 has one: CURRENT_DATABASE() (FlinkSqlOperatorTable
 * "Catalog Functions": niladic, VARCHAR NOT NULL, not deterministic), whose value is the
 * session's current database read once at query start (CodeGeneratorContext
 * addReusableQueryLevelCurrentDatabase). On Confluent Cloud the session is the statement's
 * `sql.current-database` property (what USE and the workspace's database selector set), so the
 * emulator reads it from the evaluation context. Flink has no CURRENT_CATALOG function
 * (Calcite's is not in Flink's operator table), so none is registered here.
 */
import { SqlRuntimeError, T, arity } from "./types.ts";
import type { ScalarFunction } from "./types.ts";
import { lenient } from "./define.ts";

const currentDatabase = lenient({
  name: "CURRENT_DATABASE",
  // Flink marks it non-deterministic so it is never folded into a plan constant.
  deterministic: false,
  infer(ts) {
    arity("CURRENT_DATABASE", ts, 0);
    return T.string(false);
  },
  make: () => (_args, ctx) => {
    const db = ctx.currentDatabase;
    // Flink always has a current database; a statement without one cannot answer.
    if (db === undefined || db === "") throw new SqlRuntimeError("No current database is set ('sql.current-database').");
    return db;
  },
});

export const sessionFunctions: ScalarFunction[] = [currentDatabase];
