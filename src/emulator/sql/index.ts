/**
 * The emulator's SQL engine: `createSqlEngine(ctx)` builds an Engine (src/emulator/engine.ts)
 * owning the catalogs: catalog = Confluent environment, database = Kafka cluster (name or id),
 * plus the read-only `examples` catalog with `marketplace` tables filled on the clock.
 *
 * Layout:
 * - planner/: types.ts (type helpers), scope.ts (name resolution, error texts), expr.ts
 *   (expression typing + closure compilation), query.ts (AST -> plan), grouping-sets.ts
 *   (GROUPING SETS / ROLLUP / CUBE expansion, grouping functions), plan.ts (plan nodes, upsert
 *   keys), functions-api.ts / functions-binding.ts (the functions registry seam).
 * - runtime/: incremental operators producing changelogs: dataflow.ts (filter, project, union,
 *   limit, unnest), aggregate.ts, join.ts, temporal-join.ts, rank.ts (Top-N, dedup, window
 *   Top-N), window.ts (TVFs, window aggregates), over.ts, normalize.ts, values.ts (keys, order).
 * - executor.ts: runs a plan in snapshot or streaming mode on the emulator's clock.
 * - statements.ts: statement kinds, traits, DDL/DML; metadata.ts: DESCRIBE, SHOW CREATE,
 *   EXPLAIN, INFORMATION_SCHEMA; catalog.ts: catalogs, tables as logs; examples-catalog.ts.
 * syntax/ (parser), functions/ (function registry) and examples/ belong to other owners.
 */
import type { CompiledStatement, CompileRequest, Engine, EngineContext, TopicDescription, TopicRequest } from "../engine.ts";
import { Catalogs } from "./catalog.ts";
import { StatementCompiler } from "./statements.ts";
import type { EngineState } from "./statements.ts";
import { defaultFunctions } from "./planner/functions-binding.ts";
import type { FunctionsApi } from "./planner/functions-api.ts";
import { installExamples } from "./examples-catalog.ts";

/** Options for tests and benchmarks. */
export interface SqlEngineOptions {
  /** Replace the functions registry (tests of the planner alone). */
  readonly functions?: FunctionsApi;
  /** Skip the `examples` catalog. */
  readonly examples?: boolean;
}

/** A small deterministic PRNG (mulberry32) for RAND(). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The engine plus its catalogs (tests inspect table logs directly). */
export interface SqlEngine extends Engine {
  readonly catalogs: Catalogs;
}

/**
 * Create the SQL engine for one emulator.
 *
 * @example
 * const engine = createSqlEngine({ clock: new ManualClock(), environment: { id: "env-1", name: "default" },
 *   databases: [{ id: "lkc-1", name: "cluster_0" }], seed: 1 });
 * const st = engine.compile({ sql: "SELECT 1 AS one", properties: { "sql.snapshot.mode": "now" }, statementName: "s1" });
 * st.traits.schema; // [{ name: "one", type: { type: "INTEGER", nullable: false } }]
 * st.start(sink);    // sink.emit([{ op: 0, row: ["1"] }]); sink.complete()
 *
 * `compile` throws EngineError (SqlSyntaxError for parse errors) for anything invalid or
 * unsupported; it has no side effects (DDL applies in `start`).
 */
export function createSqlEngine(ctx: EngineContext, options: SqlEngineOptions = {}): SqlEngine {
  const catalogs = new Catalogs();
  catalogs.addCatalog(ctx.environment.id, ctx.environment.name, ctx.databases);
  if (options.examples !== false) installExamples(catalogs, ctx);
  const state: EngineState = { ctx, catalogs, fns: options.functions ?? defaultFunctions(), random: prng(ctx.seed) };
  const compiler = new StatementCompiler(state);
  return {
    catalogs,
    compile(request: CompileRequest): CompiledStatement {
      return compiler.compile(request);
    },
    describeTopic({ environmentId, kafkaClusterId, topic }: TopicRequest): TopicDescription | null {
      const catalog = catalogs.catalogs.find((c) => c.id === environmentId);
      const database = catalog?.databases.find((d) => d.id === kafkaClusterId);
      const object = database?.objects.get(topic);
      // Views have no topic of their own; only tables are Kafka topics.
      if (!object || object.kind !== "table") return null;
      return { primaryKey: object.primaryKey ? [...object.primaryKey.columns] : null };
    },
  };
}
