/**
 * Statement compilation: parse, dispatch by statement kind, compute Confluent-style traits
 * (sql_kind, is_bounded, is_append_only, upsert_columns, schema) and return a
 * CompiledStatement whose `start` applies DDL, writes INSERT rows or runs the query.
 * Compilation has no side effects; DDL re-validates in `start` (a concurrent statement may
 * have changed the catalog in between).
 */
import { EngineError } from "../engine.ts";
import type { ChangelogRow, CompiledStatement, CompileRequest, EngineContext, Execution, ExecutionSink, StatementTraits } from "../engine.ts";
import type { Column, LogicalType } from "../../types/model.ts";
import { formatterFor } from "../../types/wire.ts";
import type { InternalValue } from "../../types/wire.ts";
import { validateTimeZone } from "../../types/temporal.ts";
import { parseStatement } from "./syntax/parser.ts";
import type * as ast from "./syntax/ast.ts";
import { Catalogs, TableLog, physicalColumns, quoteIdent } from "./catalog.ts";
import type { CatalogEntry, LogRecord, TableColumn, TableDef, ViewDef } from "./catalog.ts";
import { Materializer, QueryExecution, finishRows } from "./executor.ts";
import type { Change } from "./runtime/dataflow.ts";
import type { Row } from "./runtime/values.ts";
import { ExprCompiler, exprText } from "./planner/expr.ts";
import type { EvalContextLike, FunctionsApi } from "./planner/functions-api.ts";
import type { QueryPlan } from "./planner/plan.ts";
import { scannedTables, smallestUpsertKey, upsertKeyOf, upsertKeysOf } from "./planner/plan.ts";
import { QueryAnalyzer } from "./planner/query.ts";
import type { AnalyzerEnv } from "./planner/query.ts";
import { Scope, unsupported, validationError } from "./planner/scope.ts";
import { T, leastRestrictive, typeName, withNullable } from "./planner/types.ts";
import { describeTable, infoSchemaTable, showCreateTable } from "./metadata.ts";
import { planOperators } from "./explain.ts";
import { confluentExplain, type RootedPlan } from "./explain-confluent.ts";
import { orderByText } from "./explain-batch.ts";
import { mergeLikeColumns, mergeLikeFeatures } from "./table-like.ts";
import { TABLE_EXCEPTION } from "./syntax/errors.ts";

/** Shared engine state. */
export interface EngineState {
  readonly ctx: EngineContext;
  readonly catalogs: Catalogs;
  readonly fns: FunctionsApi;
  /** Deterministic RAND() stream. */
  random(): number;
}

type Starter = (sink: ExecutionSink) => Execution;

const NOOP_EXECUTION: Execution = { stop() {}, resume() {}, dispose() {} };

function traits(sqlKind: string, schema: readonly Column[] | null, o: Partial<StatementTraits> = {}): StatementTraits {
  return { sqlKind, isBounded: true, isAppendOnly: true, upsertColumns: null, schema, ...o };
}

/** A bounded result computed at start: emit the rows and complete. */
function rowsResult(columns: Column[], rows: () => InternalValue[][], zone: string): Starter {
  return (sink) => {
    try {
      const fmts = columns.map((c) => formatterFor(c.type, zone));
      sink.emit(rows().map((r) => ({ op: 0, row: r.map((v, i) => fmts[i]!(v)) })));
      sink.complete();
    } catch (err) {
      sink.fail(runtimeMessage(err), runtimeException(err));
    }
    return NOOP_EXECUTION;
  };
}

function ddl(apply: () => void): Starter {
  return (sink) => {
    try {
      apply();
      sink.complete();
    } catch (err) {
      sink.fail(runtimeMessage(err), err instanceof EngineError || isStackOverflow(err) ? runtimeException(err) : undefined);
    }
    return NOOP_EXECUTION;
  };
}

function likeMatch(pattern: string, ci: boolean): (s: string) => boolean {
  let re = "^";
  for (const ch of pattern) {
    if (ch === "%") re += ".*";
    else if (ch === "_") re += ".";
    else re += ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  const r = new RegExp(re + "$", ci ? "is" : "s");
  return (s) => r.test(s);
}

/**
 * TIMESTAMP and TIMESTAMP_LTZ cast implicitly into each other when written to a sink (Flink's
 * LogicalTypeCasts), although they have no common type for UNION or CASE: `INSERT INTO t
 * VALUES (1, CURRENT_TIMESTAMP)` into a TIMESTAMP(3) column is valid.
 */
function timestampKindsMeet(src: LogicalType, sink: LogicalType): boolean {
  const kinds = new Set(["TIMESTAMP_WITHOUT_TIME_ZONE", "TIMESTAMP_WITH_LOCAL_TIME_ZONE"]);
  return kinds.has(src.type) && kinds.has(sink.type);
}

export class StatementCompiler {
  constructor(readonly state: EngineState) {}

  compile(req: CompileRequest): CompiledStatement {
    let stmt: ast.Statement;
    try {
      stmt = parseStatement(req.sql);
    } catch (err) {
      throw compileFailure(err, (m) => new EngineError(`SQL parse failed. ${m}`, "org.apache.flink.table.api.SqlParserException"));
    }
    const props = req.properties;
    const zone = props["sql.local-time-zone"] ?? "UTC";
    try {
      validateTimeZone(zone);
    } catch {
      throw new EngineError(`Invalid value '${zone}' for 'sql.local-time-zone'.`);
    }
    const snapshotMode = props["sql.snapshot.mode"];
    if (snapshotMode !== undefined && snapshotMode !== "now" && snapshotMode !== "off") {
      throw new EngineError(`Invalid value '${snapshotMode}' for 'sql.snapshot.mode'. Supported values: now, off.`);
    }
    startupOptions(props); // validates the scan startup properties
    const clock = this.state.ctx.clock;
    const state = this.state;
    const evalCtx: EvalContextLike = {
      now: () => clock.now(),
      localTimeZone: zone,
      random: () => state.random(),
      currentDatabase: props["sql.current-database"],
    };
    const env: AnalyzerEnv = {
      catalogs: this.state.catalogs,
      props,
      fns: this.state.fns,
      ctx: evalCtx,
      sql: req.sql,
      localTimeZone: zone,
      snapshot: snapshotMode === "now",
    };
    let r: { traits: StatementTraits; start: Starter };
    try {
      r = this.#dispatch(stmt, env, req);
    } catch (err) {
      // Everything that goes wrong while planning is a statement failure, never a crash.
      throw compileFailure(err, (m) => new EngineError(m));
    }
    const start = r.start;
    return {
      traits: r.traits,
      start: (sink) => {
        try {
          return start(sink);
        } catch (err) {
          sink.fail(runtimeMessage(err), runtimeException(err));
          return NOOP_EXECUTION;
        }
      },
    };
  }

  #dispatch(stmt: ast.Statement, env: AnalyzerEnv, req: CompileRequest): { traits: StatementTraits; start: Starter } {
    switch (stmt.kind) {
      case "Query":
        return this.#select(stmt, env);
      case "Insert":
        return this.#insertSet([stmt], env, req, "INSERT_INTO");
      case "StatementSet":
        if (stmt.inserts.length === 0) throw validationError(stmt, "A statement set must contain at least one INSERT");
        return this.#insertSet(stmt.inserts, env, req, "EXECUTE_STATEMENT_SET");
      case "CreateTable":
        return this.#createTable(stmt, env, req);
      case "CreateView":
        return this.#createView(stmt, env);
      case "DropTable":
      case "DropView":
        return this.#drop(stmt, env);
      case "AlterTable":
        return this.#alter(stmt, env);
      case "ShowCatalogs": {
        const cols: Column[] = [{ name: "catalog name", type: T.string(false) }, { name: "catalog id", type: T.string(false) }];
        return { traits: traits("SHOW_CATALOGS", cols), start: rowsResult(cols, () => this.state.catalogs.catalogs.map((c) => [c.name, c.id]), env.localTimeZone) };
      }
      case "ShowDatabases": {
        const cat = this.#catalogFor(stmt.from, env);
        const cols: Column[] = [{ name: "database name", type: T.string(false) }, { name: "database id", type: T.string(false) }];
        const like = stmt.like ? likeMatch(stmt.like.pattern, stmt.like.caseInsensitive) : null;
        return {
          traits: traits("SHOW_DATABASES", cols),
          start: rowsResult(cols, () => cat.databases.filter((d) => !like || like(d.name) !== stmt.like!.negated).map((d) => [d.name, d.id]), env.localTimeZone),
        };
      }
      case "ShowTables":
      case "ShowViews": {
        const db = this.#databaseFor(stmt.from, env);
        const views = stmt.kind === "ShowViews";
        const cols: Column[] = [{ name: views ? "view name" : "table name", type: T.string(false) }];
        const like = stmt.like ? likeMatch(stmt.like.pattern, stmt.like.caseInsensitive) : null;
        return {
          traits: traits(views ? "SHOW_VIEWS" : "SHOW_TABLES", cols),
          start: rowsResult(
            cols,
            () =>
              [...db.objects.values()]
                .filter((o) => (views ? o.kind === "view" : true))
                .map((o) => o.name)
                .filter((n) => !like || like(n) !== stmt.like!.negated)
                .sort()
                .map((n) => [n]),
            env.localTimeZone,
          ),
        };
      }
      case "ShowFunctions": {
        const cols: Column[] = [{ name: "function name", type: T.string(false) }];
        const like = stmt.like ? likeMatch(stmt.like.pattern, stmt.like.caseInsensitive) : null;
        const names = stmt.user ? [] : this.state.fns.listFunctions().filter((n) => /^[A-Z_][A-Z0-9_]*$/.test(n));
        return {
          traits: traits("SHOW_FUNCTIONS", cols),
          start: rowsResult(cols, () => [...new Set(names)].filter((n) => !like || like(n) !== stmt.like!.negated).sort().map((n) => [n]), env.localTimeZone),
        };
      }
      case "ShowCurrentCatalog": {
        const cols: Column[] = [{ name: "current catalog name", type: T.string(false) }];
        const cur = env.props["sql.current-catalog"];
        if (!cur) throw new EngineError("No current catalog is set ('sql.current-catalog').");
        return { traits: traits("SHOW_CURRENT_CATALOG", cols), start: rowsResult(cols, () => [[cur]], env.localTimeZone) };
      }
      case "ShowCurrentDatabase": {
        const cols: Column[] = [{ name: "current database name", type: T.string(false) }];
        const cur = env.props["sql.current-database"];
        if (!cur) throw new EngineError("No current database is set ('sql.current-database').");
        return { traits: traits("SHOW_CURRENT_DATABASE", cols), start: rowsResult(cols, () => [[cur]], env.localTimeZone) };
      }
      case "ShowCreateTable":
      case "ShowCreateView": {
        const obj = new QueryAnalyzer(env).resolveObject(stmt.name);
        if (stmt.kind === "ShowCreateTable" && obj.kind !== "table") throw new EngineError(`SHOW CREATE TABLE is only supported for tables, but ${obj.name} is a view. Please use SHOW CREATE VIEW instead.`);
        if (stmt.kind === "ShowCreateView" && obj.kind !== "view") throw new EngineError(`SHOW CREATE VIEW is only supported for views, but ${obj.name} is a table. Please use SHOW CREATE TABLE instead.`);
        // Flink's TableResult for SHOW CREATE TABLE/VIEW and EXPLAIN has one column, "result".
        const cols: Column[] = [{ name: "result", type: T.string(false) }];
        return { traits: traits(stmt.kind === "ShowCreateTable" ? "SHOW_CREATE_TABLE" : "SHOW_CREATE_VIEW", cols), start: rowsResult(cols, () => [[showCreateTable(obj)]], env.localTimeZone) };
      }
      case "ShowColumns":
      case "Describe": {
        const name = stmt.kind === "Describe" ? stmt.name : stmt.table;
        const obj = new QueryAnalyzer(env).resolveObject(name);
        const extended = stmt.kind === "Describe" && stmt.extended;
        const fields = obj.kind === "view" ? new QueryAnalyzer(env).viewPlan(obj).fields : null;
        const d = describeTable(obj, extended, fields);
        return { traits: traits("DESCRIBE", d.columns), start: rowsResult(d.columns, () => d.rows, env.localTimeZone) };
      }
      case "Explain": {
        const inner = stmt.statement;
        const streaming = !env.snapshot;
        let plans: RootedPlan[];
        if (inner.kind === "Query") {
          const plan = new QueryAnalyzer(env).analyzeTop(inner);
          // Batch sorts a top-level ORDER BY in a Sort node above the plan (streaming has none;
          // with LIMIT / OFFSET the plan's SortLimit does it).
          const sorted = env.snapshot && plan.sort.length > 0 && plan.limit === Infinity && plan.offset === 0;
          // A query's result goes to Confluent's foreground sink (the rows the statement returns).
          const parents = ["Sink(table=[Foreground])", ...(sorted ? [`Sort(${orderByText(plan.sort, plan.root.fields)})`] : [])];
          plans = [{ tree: planOperators(plan.root, streaming, parents), sink: { table: "Foreground" } }];
        }
        else if (inner.kind === "Insert" || inner.kind === "StatementSet" || (inner.kind === "CreateTable" && inner.asQuery)) {
          const targets: { target: readonly string[]; source: ast.Query }[] = inner.kind === "Insert" ? [{ target: inner.target.parts, source: inner.source }] : inner.kind === "StatementSet" ? inner.inserts.map((i) => ({ target: i.target.parts, source: i.source })) : [];
          if (inner.kind === "CreateTable") targets.push({ target: inner.name.parts, source: inner.asQuery! });
          plans = targets.map(({ target, source }) => {
            const plan = new QueryAnalyzer(env).analyzeTop(source);
            const sink = sinkOf(env, target, plan.columns.map((c) => c.name));
            return { tree: planOperators(plan.root, streaming, [sink.text]), sink: { table: sink.table } };
          });
        } else throw unsupported(inner, "EXPLAIN of this statement kind");
        const text = confluentExplain(plans, streaming);
        const cols: Column[] = [{ name: "result", type: T.string(false) }];
        return { traits: traits("EXPLAIN", cols), start: rowsResult(cols, () => [[text]], env.localTimeZone) };
      }
      case "UseCatalog":
      case "UseDatabase":
        throw new EngineError(
          "USE statements are not supported as statements on Confluent Cloud: set 'sql.current-catalog' and 'sql.current-database' in the statement properties instead.",
        );
      case "Set":
      case "Reset":
        throw new EngineError(`${stmt.kind === "Set" ? "SET" : "RESET"} is not supported as a statement: pass configuration as statement properties instead.`);
      case "ShowJobs":
        throw unsupported(stmt, "SHOW JOBS");
    }
  }

  #catalogFor(from: ast.ObjectName | null, env: AnalyzerEnv): CatalogEntry {
    const name = from ? from.parts[0]! : env.props["sql.current-catalog"];
    if (!name) throw new EngineError("No current catalog is set: use SHOW DATABASES FROM <catalog> or set 'sql.current-catalog'.");
    const cat = this.state.catalogs.findCatalog(name);
    if (!cat) throw new EngineError(`Catalog '${name}' does not exist.`, "org.apache.flink.table.catalog.exceptions.CatalogException");
    return cat;
  }

  #databaseFor(from: ast.ObjectName | null, env: AnalyzerEnv) {
    const parts = from ? from.parts : [];
    const catName = parts.length === 2 ? parts[0]! : env.props["sql.current-catalog"];
    const dbName = parts.length >= 1 ? parts[parts.length - 1]! : env.props["sql.current-database"];
    if (!catName || !dbName) throw new EngineError("No current catalog or database is set: qualify the name or set 'sql.current-catalog' and 'sql.current-database'.");
    const cat = this.state.catalogs.findCatalog(catName);
    if (!cat) throw new EngineError(`Catalog '${catName}' does not exist.`, "org.apache.flink.table.catalog.exceptions.CatalogException");
    const db = this.state.catalogs.findDatabase(cat, dbName);
    if (!db) throw new EngineError(`Database '${dbName}' does not exist in catalog '${cat.name}'.`, "org.apache.flink.table.catalog.exceptions.DatabaseNotExistException");
    return db;
  }

  // -------------------------------------------------------------------------------------------
  // SELECT

  #select(q: ast.Query, env: AnalyzerEnv): { traits: StatementTraits; start: Starter } {
    const analyzer = new QueryAnalyzer(env);
    const plan = analyzer.analyzeTop(q);
    const schema: Column[] = plan.columns.map((f) => ({ name: f.name, type: f.type }));
    const bounded = env.snapshot || plan.root.bounded;
    const appendOnly = bounded || plan.root.insertOnly;
    let upsert: number[] | null = null;
    if (!appendOnly) upsert = smallestUpsertKey(upsertKeysOf(plan.root).filter((k) => k.length > 0 && k.every((c) => c < schema.length)));
    const t = traits("SELECT", schema, { isBounded: bounded, isAppendOnly: appendOnly, upsertColumns: upsert });
    const zone = env.localTimeZone;
    const clock = this.state.ctx.clock;
    const snapshot = bounded;
    return {
      traits: t,
      start: (sink) => {
        const fmts = schema.map((c) => formatterFor(c.type, zone));
        const width = schema.length;
        const format = (row: Row) => {
          const out = new Array(width);
          for (let i = 0; i < width; i++) out[i] = fmts[i]!(row[i] as InternalValue);
          return out;
        };
        // A bounded insert-only result without a final sort streams straight to the sink;
        // anything else is materialised (retractions collapsed, rows sorted) at the end.
        const mat = snapshot && (plan.sort.length > 0 || !plan.root.insertOnly) ? new Materializer() : null;
        const exec = new QueryExecution(
          plan,
          { clock, snapshot, localTimeZone: zone, ...startupOptions(env.props) },
          (changes) => {
            if (mat) mat.add(changes);
            else {
              if (snapshot && changes.some((c) => c.op !== 0)) {
                // A planner bug, not a user error: say so rather than emit a wrong result.
                throw new Error("Internal error: a bounded append-only plan produced an update.");
              }
              sink.emit(changes.map((c): ChangelogRow => ({ op: c.op, row: format(c.row) })));
            }
          },
          () => {
            if (mat) {
              try {
                const rows = finishRows(plan, mat.rows());
                sink.emit(rows.map((r) => ({ op: 0, row: format(r) })));
              } catch (err) {
                sink.fail(runtimeMessage(err), runtimeException(err));
                return;
              }
            }
            sink.complete();
          },
          (err) => sink.fail(runtimeMessage(err), runtimeException(err)),
        );
        exec.start();
        return exec;
      },
    };
  }

  // -------------------------------------------------------------------------------------------
  // INSERT / statement sets / CTAS

  /** Plan an INSERT into `target`: returns the writer of result changes. */
  #planInsert(ins: ast.Insert, env: AnalyzerEnv, target: TableDef): { plan: QueryPlan; write: (changes: readonly Change[]) => void } {
    if (ins.overwrite) throw unsupported(ins, "INSERT OVERWRITE");
    if (ins.partition.length > 0) throw unsupported(ins, "INSERT ... PARTITION");
    const analyzer = new QueryAnalyzer(env);
    const plan = analyzer.analyzeTop(ins.source);
    return { plan, write: this.#writer(plan, target, ins.columns?.map((c) => c.value) ?? null, env, ins) };
  }

  #writer(plan: QueryPlan, target: TableDef, columnList: string[] | null, env: AnalyzerEnv, at: ast.NodeBase): (changes: readonly Change[]) => void {
    const phys = physicalColumns(target);
    const names = columnList ?? phys.map((c) => c.name);
    for (const n of names) {
      if (!phys.some((c) => c.name === n)) {
        if (target.columns.some((c) => c.name === n)) throw validationError(at, `Column '${n}' of table ${target.name} is not a physical column and cannot be written`);
        throw validationError(at, `Unknown target column '${n}'`);
      }
    }
    // Flink's DynamicSinkUtils.createSchemaMismatchException: a ValidationException raised after
    // SQL validation (so without its position prefix), ending with both schemas.
    const schemas = `\n\nQuery schema: [${plan.columns.map((c) => `${c.name}: ${typeName(c.type)}`).join(", ")}]\nSink schema:  [${names.map((n) => `${n}: ${typeName(phys.find((c) => c.name === n)!.type)}`).join(", ")}]`;
    if (names.length !== plan.columns.length) {
      throw new EngineError(`Column types of query result and sink for '${target.catalog.name}.${target.database.name}.${target.name}' do not match.\nCause: Different number of columns.${schemas}`);
    }
    const comp = new ExprCompiler({ scope: new Scope([]), fns: env.fns, ctx: env.ctx, sql: env.sql, localTimeZone: env.localTimeZone });
    const conv: Array<(row: Row) => unknown> = phys.map((c) => {
      const i = names.indexOf(c.name);
      if (i < 0) {
        if (!c.type.nullable) throw validationError(at, `Column '${c.name}' has no default value and does not allow NULLs`);
        return () => null;
      }
      const src = plan.columns[i]!.type;
      try {
        if (src.type !== "NULL" && !timestampKindsMeet(src, c.type)) leastRestrictive([src, c.type], "INSERT");
      } catch {
        throw new EngineError(
          `Column types of query result and sink for '${target.catalog.name}.${target.database.name}.${target.name}' do not match.\nCause: Incompatible types for sink column '${c.name}' at position ${phys.indexOf(c)}.${schemas}`,
        );
      }
      const e = comp.coerce({ type: src, fn: (r) => r[i], refs: new Set([i]), constant: false, column: i }, withNullable(c.type, true));
      const notNull = !c.type.nullable;
      const fn = e.fn;
      return (r: Row) => {
        const v = fn(r);
        if (notNull && (v === null || v === undefined)) {
          throw new EngineError(`Column '${c.name}' is NOT NULL, however, a null value is being written into it.`, TABLE_EXCEPTION);
        }
        return v;
      };
    });
    const upsertTarget = target.primaryKey !== null && target.options["changelog.mode"] !== "append";
    if (!plan.root.insertOnly && !upsertTarget && !env.snapshot && !plan.root.bounded) {
      throw new EngineError(
        `Table sink '${target.catalog.name}.${target.database.name}.${target.name}' doesn't support consuming update and delete changes which is produced by node ${plan.root.kind}.`,
        TABLE_EXCEPTION,
      );
    }
    const clock = this.state.ctx.clock;
    return (changes) => {
      const recs: LogRecord[] = [];
      for (const c of changes) {
        if (c.op === 1) continue; // -U: an upsert log keeps only the new row
        if (c.op === 3 && !upsertTarget) continue;
        recs.push({ op: c.op === 3 ? 3 : 0, row: conv.map((f) => f(c.row)), rowtime: clock.now() });
      }
      target.log.append(recs);
    };
  }

  #insertSet(inserts: readonly ast.Insert[], env: AnalyzerEnv, req: CompileRequest, kind: string): { traits: StatementTraits; start: Starter } {
    const planned = inserts.map((ins) => {
      const obj = new QueryAnalyzer(env).resolveObject(ins.target);
      if (obj.kind !== "table") throw validationError(ins.target, `Cannot insert into view '${obj.name}'`);
      if (obj.readOnly) throw new EngineError(`Table '${obj.catalog.name}.${obj.database.name}.${obj.name}' is read-only.`);
      const p = this.#planInsert(ins, env, obj);
      if (!env.snapshot && !p.plan.root.bounded && scannedTables(p.plan.root).has(obj)) {
        // A streaming statement feeding the table it reads would loop forever in-process.
        throw unsupported(ins, `a streaming INSERT into '${obj.name}' that also reads '${obj.name}'`);
      }
      return p;
    });
    const bounded = env.snapshot || planned.every((p) => p.plan.root.bounded);
    void req;
    return {
      traits: traits(kind, null, { isBounded: bounded, isAppendOnly: true }),
      start: (sink) => this.#runInserts(planned, env, sink, bounded),
    };
  }

  #runInserts(planned: Array<{ plan: QueryPlan; write: (c: readonly Change[]) => void }>, env: AnalyzerEnv, sink: ExecutionSink, bounded: boolean): Execution {
    const clock = this.state.ctx.clock;
    let remaining = planned.length;
    const execs: QueryExecution[] = [];
    let failed = false;
    for (const p of planned) {
      const mat = bounded && !p.plan.root.insertOnly ? new Materializer() : null;
      const exec = new QueryExecution(
        p.plan,
        { clock, snapshot: bounded, localTimeZone: env.localTimeZone, ...startupOptions(env.props) },
        (changes) => {
          if (mat) mat.add(changes);
          else p.write(changes);
        },
        () => {
          if (mat) p.write(mat.rows().map((row) => ({ op: 0, row })));
          if (--remaining === 0 && !failed) sink.complete();
        },
        (err) => {
          failed = true;
          for (const e of execs) e.dispose();
          sink.fail(runtimeMessage(err), runtimeException(err));
        },
      );
      execs.push(exec);
    }
    for (const e of execs) {
      try {
        e.start();
      } catch (err) {
        sink.fail(runtimeMessage(err), runtimeException(err));
        break;
      }
    }
    return {
      stop: () => execs.forEach((e) => e.stop()),
      resume: () => execs.forEach((e) => e.resume()),
      dispose: () => execs.forEach((e) => e.dispose()),
    };
  }

  // -------------------------------------------------------------------------------------------
  // DDL

  #createTable(stmt: ast.CreateTable, env: AnalyzerEnv, req: CompileRequest): { traits: StatementTraits; start: Starter } {
    if (stmt.temporary) throw unsupported(stmt, "CREATE TEMPORARY TABLE");
    if (stmt.like && stmt.asQuery) throw unsupported(stmt.like, "CREATE TABLE ... LIKE together with AS SELECT");
    if (stmt.partitionedBy.length > 0) throw unsupported(stmt, "PARTITIONED BY");
    const like = stmt.like ? { clause: stmt.like, source: this.#likeSource(stmt.like, env) } : null;
    const path = this.state.catalogs.resolvePath(stmt.name.parts, env.props);
    if (path.catalog.readOnly) throw new EngineError(`Catalog '${path.catalog.name}' is read-only.`);
    const exists = () => this.state.catalogs.lookup(path) !== undefined;
    const existsError = () =>
      new EngineError(
        `Could not execute CreateTable in path ${this.state.catalogs.fullName(path)}: Table (or view) ${path.database.name}.${path.name} already exists in Catalog ${path.catalog.name}.`,
        "org.apache.flink.table.api.ValidationException",
      );
    if (exists() && !stmt.ifNotExists) throw existsError();

    let queryPlan: QueryPlan | null = null;
    let columns: TableColumn[];
    if (stmt.asQuery) {
      queryPlan = new QueryAnalyzer(env).analyzeTop(stmt.asQuery);
      const declared = this.#columns(stmt, env);
      const fromQuery: TableColumn[] = queryPlan.columns.map((c) => ({ name: c.name, type: c.type, kind: "physical" as const }));
      columns = [...declared.filter((d) => !fromQuery.some((q) => q.name === d.name)), ...fromQuery.map((q) => declared.find((d) => d.name === q.name) ?? q)];
    } else {
      columns = this.#columns(stmt, env);
    }
    if (columns.some((c) => c.name === "$rowtime")) throw validationError(stmt, "Column name '$rowtime' is reserved for the system column");
    if (like) columns = mergeLikeColumns(like.source, like.clause, columns);
    const pk = stmt.primaryKey;
    if (pk) {
      if (pk.enforced) throw validationError(pk, "Flink doesn't support ENFORCED mode for PRIMARY KEY constraint. ENFORCED/NOT ENFORCED controls if the constraint checks are performed on the incoming/outgoing data. Flink does not own the data therefore the only supported mode is the NOT ENFORCED mode");
      for (const c of pk.columns) {
        const col = columns.find((x) => x.name === c.value);
        if (!col) throw validationError(c, `Could not create a PRIMARY KEY '${pk.constraintName ?? "PK"}'. Column '${c.value}' does not exist.`);
        if (col.kind !== "physical") throw validationError(c, `Could not create a PRIMARY KEY with column '${c.value}' at line ${c.pos.line}, column ${c.pos.column}.\nA PRIMARY KEY constraint must be declared on physical columns.`);
      }
      // A primary key implies NOT NULL (Flink docs, CREATE TABLE: "PRIMARY KEY").
      columns = columns.map((c) => (pk.columns.some((k) => k.value === c.name) ? { ...c, type: withNullable(c.type, false) } : c));
    }
    // CTAS of an updating query: the table gets the query's upsert key as its primary key
    // (Confluent docs, "CREATE TABLE AS SELECT"), so the result can be written as an upsert log.
    let derivedPk: TableDef["primaryKey"] = null;
    if (queryPlan && !pk && !env.snapshot && !queryPlan.root.bounded && !queryPlan.root.insertOnly) {
      const key = upsertKeyOf(queryPlan.root);
      if (!key || key.length === 0) {
        throw new EngineError(
          `Table sink '${path.catalog.name}.${path.database.name}.${path.name}' doesn't support consuming update and delete changes which is produced by node ${queryPlan.root.kind}: the query has no unique key to use as the table's primary key.`,
          TABLE_EXCEPTION,
        );
      }
      const names = key.map((k) => queryPlan!.columns[k]!.name);
      derivedPk = { name: null, columns: names };
      columns = columns.map((c) => (names.includes(c.name) ? { ...c, type: withNullable(c.type, false) } : c));
    }
    let watermark = stmt.watermark ? this.#watermark(stmt.watermark, columns, env) : null;
    let options: Record<string, string> = {};
    for (const p of stmt.options) options[p.key] = p.value;
    const dist = stmt.distribution;
    if (dist) for (const c of dist.columns) if (!columns.some((x) => x.name === c.value)) throw validationError(c, `Invalid bucket key '${c.value}'. A bucket key must reference a physical column in the schema.`);
    let primaryKey: TableDef["primaryKey"] = pk ? { name: pk.constraintName, columns: pk.columns.map((c) => c.value) } : derivedPk;
    let distribution: TableDef["distribution"] = dist ? { algorithm: dist.algorithm, columns: dist.columns.map((c) => c.value), buckets: dist.buckets } : null;
    if (like) ({ primaryKey, watermark, distribution, options } = { ...mergeLikeFeatures(like.source, like.clause, { primaryKey, watermark, distribution, options }) });
    const makeTable = (): TableDef => ({
      kind: "table",
      catalog: path.catalog,
      database: path.database,
      name: path.name,
      columns,
      primaryKey,
      watermark,
      distribution,
      options,
      comment: stmt.comment,
      log: new TableLog(),
      readOnly: false,
      createdAt: this.state.ctx.clock.now(),
    });
    if (!queryPlan) {
      return {
        traits: traits("CREATE_TABLE", null),
        start: ddl(() => {
          if (exists()) {
            if (stmt.ifNotExists) return;
            throw existsError();
          }
          path.database.objects.set(path.name, makeTable());
        }),
      };
    }
    const plan = queryPlan;
    const bounded = env.snapshot || plan.root.bounded;
    void req;
    return {
      traits: traits("CREATE_TABLE_AS", null, { isBounded: bounded, isAppendOnly: true }),
      start: (sink) => {
        if (exists()) {
          sink.fail(existsError().message);
          return NOOP_EXECUTION;
        }
        const table = makeTable();
        path.database.objects.set(path.name, table);
        let write: (c: readonly Change[]) => void;
        try {
          write = this.#writer(plan, table, plan.columns.map((c) => c.name), env, stmt);
        } catch (err) {
          sink.fail(runtimeMessage(err), runtimeException(err));
          return NOOP_EXECUTION;
        }
        return this.#runInserts([{ plan, write }], env, sink, bounded);
      },
    };
  }

  /** Validate `WATERMARK FOR col AS expr` against the table's columns (Flink's messages). */
  #watermark(wm: ast.Watermark, columns: readonly TableColumn[], env: AnalyzerEnv): NonNullable<TableDef["watermark"]> {
    const col = wm.column.parts[0]!;
    const tc = columns.find((c) => c.name === col) ?? (col === "$rowtime" ? { name: "$rowtime", type: T.timestampLtz(3, false), kind: "metadata" as const } : undefined);
    if (!tc) throw validationError(wm.column, `The rowtime attribute field '${col}' is not defined in the table schema, at line ${wm.pos.line}, column ${wm.pos.column}`);
    if (tc.type.type !== "TIMESTAMP_WITHOUT_TIME_ZONE" && tc.type.type !== "TIMESTAMP_WITH_LOCAL_TIME_ZONE") {
      throw validationError(wm.column, `Invalid data type of time field for watermark definition. The field must be of type TIMESTAMP(p) or TIMESTAMP_LTZ(p), the supported precision 'p' is from 0 to 3, but the time field type is ${typeName(tc.type)}`);
    }
    const scope = Scope.of([...columns.map((c) => ({ name: c.name, type: c.type })), { name: "$rowtime", type: T.timestampLtz(3, false) }], null);
    const w = new ExprCompiler({ scope, fns: env.fns, ctx: env.ctx, sql: env.sql, localTimeZone: env.localTimeZone }).compile(wm.expr);
    if (w.type.type !== "TIMESTAMP_WITHOUT_TIME_ZONE" && w.type.type !== "TIMESTAMP_WITH_LOCAL_TIME_ZONE") {
      throw validationError(wm.expr, `Watermark strategy ${exprText(env.sql, wm.expr)} must be of type TIMESTAMP or TIMESTAMP_LTZ but is of type '${typeName(w.type)}'.`);
    }
    return { column: col, expr: wm.expr, exprText: exprText(env.sql, wm.expr) };
  }

  /** The table a `LIKE` clause copies (Flink's SqlCreateTableConverter messages). */
  #likeSource(like: ast.LikeClause, env: AnalyzerEnv): TableDef {
    const path = this.state.catalogs.resolvePath(like.source.parts, env.props);
    const found = this.state.catalogs.lookup(path);
    const at = `line ${like.source.pos.line}, column ${like.source.pos.column}`;
    if (!found) throw new EngineError(`Source table '${this.state.catalogs.fullName(path)}' of the LIKE clause not found in the catalog, at ${at}`);
    if (found.kind !== "table") throw new EngineError(`Source table '${this.state.catalogs.fullName(path)}' of the LIKE clause can not be a VIEW, at ${at}`);
    return found;
  }

  #columns(stmt: { columns: readonly ast.ColumnDef[] }, env: AnalyzerEnv): TableColumn[] {
    const out: TableColumn[] = [];
    const seen = new Set<string>();
    for (const c of stmt.columns) {
      if (seen.has(c.name.value)) throw validationError(c.name, `A column named '${c.name.value}' already exists in the table.`);
      seen.add(c.name.value);
      if (c.kind === "PhysicalColumn") out.push({ name: c.name.value, type: c.type, kind: "physical", comment: c.comment });
      else if (c.kind === "MetadataColumn") {
        const key = c.key ?? c.name.value;
        if (key !== "timestamp" && key !== "$rowtime") throw unsupported(c, `metadata key '${key}' (only 'timestamp' is available in the emulator)`);
        out.push({ name: c.name.value, type: c.type, kind: "metadata", metadataKey: key, virtual: c.virtual, comment: c.comment });
      } else {
        const scope = Scope.of(out.filter((x) => x.kind !== "computed").map((x) => ({ name: x.name, type: x.type })), null);
        const e = new ExprCompiler({ scope, fns: env.fns, ctx: env.ctx, sql: env.sql, localTimeZone: env.localTimeZone }).compile(c.expr);
        out.push({ name: c.name.value, type: e.type, kind: "computed", expr: c.expr, exprText: exprText(env.sql, c.expr), comment: c.comment });
      }
    }
    return out;
  }

  #createView(stmt: ast.CreateView, env: AnalyzerEnv): { traits: StatementTraits; start: Starter } {
    if (stmt.temporary) throw unsupported(stmt, "CREATE TEMPORARY VIEW");
    const path = this.state.catalogs.resolvePath(stmt.name.parts, env.props);
    if (path.catalog.readOnly) throw new EngineError(`Catalog '${path.catalog.name}' is read-only.`);
    const plan = new QueryAnalyzer(env).analyzeTop(stmt.query);
    if (stmt.columns && stmt.columns.length !== plan.columns.length) {
      throw validationError(stmt, `VIEW definition and input fields not match:\n\tDef fields: [${stmt.columns.map((c) => c.value).join(", ")}].\n\tInput fields: [${plan.columns.map((c) => c.name).join(", ")}].`);
    }
    const existsError = () =>
      new EngineError(`Could not execute CreateView in path ${this.state.catalogs.fullName(path)}: Table (or view) ${path.database.name}.${path.name} already exists in Catalog ${path.catalog.name}.`);
    if (this.state.catalogs.lookup(path) && !stmt.ifNotExists) throw existsError();
    const view: ViewDef = {
      kind: "view",
      catalog: path.catalog,
      database: path.database,
      name: path.name,
      query: stmt.query,
      queryText: env.sql,
      columnNames: stmt.columns?.map((c) => c.value) ?? null,
      comment: stmt.comment,
      createdAt: this.state.ctx.clock.now(),
    };
    return {
      traits: traits("CREATE_VIEW", null),
      start: ddl(() => {
        if (this.state.catalogs.lookup(path)) {
          if (stmt.ifNotExists) return;
          throw existsError();
        }
        path.database.objects.set(path.name, view);
      }),
    };
  }

  #drop(stmt: ast.DropObject, env: AnalyzerEnv): { traits: StatementTraits; start: Starter } {
    if (stmt.temporary) throw unsupported(stmt, "DROP TEMPORARY TABLE/VIEW");
    const path = this.state.catalogs.resolvePath(stmt.name.parts, env.props);
    const isTable = stmt.kind === "DropTable";
    const check = (): boolean => {
      const obj = this.state.catalogs.lookup(path);
      if (!obj) {
        if (stmt.ifExists) return false;
        throw new EngineError(
          `${isTable ? "Table" : "View"} with identifier '${this.state.catalogs.fullName(path)}' does not exist.`,
          "org.apache.flink.table.api.ValidationException",
        );
      }
      if (isTable && obj.kind === "view") throw new EngineError(`DROP TABLE cannot be used to drop a view. Use DROP VIEW instead.`);
      if (!isTable && obj.kind === "table") throw new EngineError(`DROP VIEW cannot be used to drop a table. Use DROP TABLE instead.`);
      if (path.catalog.readOnly) throw new EngineError(`Catalog '${path.catalog.name}' is read-only.`);
      return true;
    };
    check();
    return {
      traits: traits(isTable ? "DROP_TABLE" : "DROP_VIEW", null),
      start: ddl(() => {
        if (check()) path.database.objects.delete(path.name);
      }),
    };
  }

  #alter(stmt: ast.AlterTable, env: AnalyzerEnv): { traits: StatementTraits; start: Starter } {
    const path = this.state.catalogs.resolvePath(stmt.name.parts, env.props);
    const get = (): TableDef | null => {
      const obj = this.state.catalogs.lookup(path);
      if (!obj) {
        if (stmt.ifExists) return null;
        throw new EngineError(`Table \`${path.catalog.name}\`.\`${path.database.name}\`.\`${path.name}\` doesn't exist or is a temporary table.`);
      }
      if (obj.kind !== "table") throw new EngineError(`ALTER TABLE for a view is not allowed`);
      if (obj.readOnly) throw new EngineError(`Table '${obj.name}' is read-only.`);
      return obj;
    };
    const a = stmt.action;
    let apply: (t: TableDef) => void;
    switch (a.kind) {
      case "AddSchema":
      case "ModifySchema": {
        if (a.primaryKey || a.distribution) throw unsupported(a, "ALTER TABLE ADD/MODIFY PRIMARY KEY or DISTRIBUTION");
        if (a.kind === "ModifySchema" && a.columns.length > 0) throw unsupported(a, "ALTER TABLE MODIFY of columns");
        if (a.watermark) {
          // Confluent docs, "ALTER TABLE": ADD / MODIFY WATERMARK, e.g. on $rowtime.
          const wmAst = a.watermark;
          const t0 = get();
          if (t0) {
            const wm = this.#watermark(wmAst, t0.columns, env);
            if (a.kind === "AddSchema" && t0.watermark) throw new EngineError(`The base table has already defined the watermark strategy \`${t0.watermark.column}\` AS ${t0.watermark.exprText}. You might want to drop it before adding a new one.`);
            if (a.columns.length > 0) throw unsupported(a, "adding columns and a watermark in one ALTER TABLE");
            apply = (t) => {
              t.watermark = wm;
            };
            break;
          }
        }
        apply = (t) => {
          const added = this.#columns({ columns: [...t.columns.filter((c) => c.kind !== "computed").map(toAstColumnStub), ...a.columns.map((c) => c.column)] }, env).slice(t.columns.filter((c) => c.kind !== "computed").length);
          for (const c of added) {
            if (t.columns.some((x) => x.name === c.name)) throw new EngineError(`Try to add a column \`${c.name}\` which already exists in the table.`);
            if (c.kind === "physical" && !c.type.nullable) throw new EngineError(`Cannot add a NOT NULL column '${c.name}' to a table with existing rows.`);
          }
          const phys = physicalColumns(t).length;
          t.columns = [...t.columns, ...added];
          // Existing log records get NULL for new physical columns.
          const newPhys = physicalColumns(t).length;
          if (newPhys > phys) {
            const recs = t.log.records;
            for (let i = 0; i < recs.length; i++) {
              const r = recs[i]!;
              recs[i] = { ...r, row: [...r.row, ...new Array(newPhys - phys).fill(null)] };
            }
          }
        };
        break;
      }
      case "DropWatermark":
        apply = (t) => {
          if (!t.watermark) throw new EngineError(`The base table does not define any watermark strategy.`);
          t.watermark = null;
        };
        break;
      case "SetOptions":
        apply = (t) => {
          for (const p of a.options) t.options[p.key] = p.value;
        };
        break;
      case "ResetOptions":
        apply = (t) => {
          for (const k of a.keys) delete t.options[k];
        };
        break;
      default:
        throw unsupported(a, `ALTER TABLE ${a.kind}`);
    }
    get();
    return {
      traits: traits("ALTER_TABLE", null),
      start: ddl(() => {
        const t = get();
        if (t) apply(t);
      }),
    };
  }

  /** INFORMATION_SCHEMA and other virtual tables. */
  static infoSchema = infoSchemaTable;
}

function toAstColumnStub(c: TableColumn): ast.ColumnDef {
  const pos = { line: 1, column: 1, offset: 0 };
  return { kind: "PhysicalColumn", name: { kind: "Name", value: c.name, pos, end: pos }, type: c.type, comment: null, pos, end: pos };
}

function startupOptions(props: Readonly<Record<string, string>>): { startupMode?: string; startupMillis?: number } {
  const mode = props["sql.tables.scan.startup.mode"];
  if (mode === undefined) return {};
  if (mode !== "earliest-offset" && mode !== "latest-offset" && mode !== "timestamp") {
    throw new EngineError(`Unsupported value '${mode}' for 'sql.tables.scan.startup.mode'. Supported: earliest-offset, latest-offset, timestamp.`);
  }
  const ms = Number(props["sql.tables.scan.startup.timestamp-millis"] ?? "0");
  return { startupMode: mode, startupMillis: ms };
}

function runtimeException(err: unknown): string {
  if (isStackOverflow(err)) return TABLE_EXCEPTION;
  return err instanceof EngineError ? err.exceptionName : "org.apache.flink.runtime.JobException";
}

function runtimeMessage(err: unknown): string {
  if (isStackOverflow(err)) return TOO_COMPLEX;
  return err instanceof Error ? err.message : String(err);
}

const TOO_COMPLEX = "Statement too complex: its expressions or queries are nested too deeply for the emulator's engine to plan or evaluate.";

/**
 * The JavaScript engine ran out of stack (V8/JavaScriptCore: RangeError "Maximum call stack size
 * exceeded", SpiderMonkey: InternalError "too much recursion"): reported as a clear statement
 * failure instead of the raw JS error.
 */
function isStackOverflow(err: unknown): boolean {
  return err instanceof Error && (err.name === "RangeError" || err.name === "InternalError") && /call stack|too much recursion/i.test(err.message);
}

/** A failure while compiling a statement as the EngineError the gateway reports. */
function compileFailure(err: unknown, wrap: (message: string) => EngineError): EngineError {
  if (err instanceof EngineError) return err;
  if (isStackOverflow(err)) return new EngineError(TOO_COMPLEX, TABLE_EXCEPTION);
  return wrap(err instanceof Error ? err.message : String(err));
}

export type { LogicalType };

/**
 * A plan's Sink as Flink prints it: the table by its full path, and the columns it writes (an
 * existing table's physical columns, else the query's, as CREATE TABLE AS SELECT creates them).
 */
function sinkOf(env: AnalyzerEnv, target: readonly string[], queryColumns: readonly string[]): { text: string; table: string } {
  let path = [...target];
  let fields = queryColumns;
  try {
    const resolved = env.catalogs.resolvePath(target, env.props);
    path = [resolved.catalog.name, resolved.database.name, resolved.name];
    const obj = env.catalogs.lookup(resolved);
    if (obj?.kind === "table") fields = obj.columns.filter((c) => c.kind === "physical").map((c) => c.name);
  } catch {
    // An unknown catalog or database: the path as written (the statement fails when it runs).
  }
  return { text: `Sink(table=[${path.join(".")}], fields=[${fields.join(", ")}])`, table: path.map((p) => `\`${p}\``).join(".") };
}
