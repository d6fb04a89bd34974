/**
 * A scripted Engine for gateway tests: no SQL, just directives in the statement text, and
 * the sinks kept so a test can push rows, complete or fail an execution by hand.
 *
 * Directives (first word, case-insensitive):
 *   FAIL <message>        compile error (EngineError) -> FAILED at create
 *   SNAPSHOT <n>          bounded append-only SELECT: emits n rows on start, then completes
 *   STREAM                unbounded append-only SELECT: emits nothing until the test does
 *   BOUNDED               bounded append-only SELECT that runs until the test completes it
 *   UPSERT                unbounded SELECT with upsert_columns [0]
 *   DDL                   CREATE_TABLE without schema; completes on start
 *   INSERT                INSERT_INTO without schema; runs until stopped (resumable)
 *   RUNFAIL <message>     SELECT that fails at run time
 *   THROWS                the engine throws a plain Error in compile (an engine bug)
 *   anything else         like SNAPSHOT 1
 */
import type { Column } from "../../../src/types/model.ts";
import {
  EngineError,
  type ChangelogRow,
  type CompiledStatement,
  type CompileRequest,
  type Engine,
  type ExecutionSink,
  type StatementTraits,
} from "../../../src/emulator/engine.ts";

export const COLUMNS: readonly Column[] = [
  { name: "id", type: { type: "BIGINT", nullable: false } },
  { name: "name", type: { type: "VARCHAR", nullable: true, length: 2147483647 } },
];

export function rowsFrom(start: number, count: number, op: 0 | 1 | 2 | 3 = 0): ChangelogRow[] {
  return Array.from({ length: count }, (_, i) => ({ op, row: [String(start + i), `name-${start + i}`] }));
}

export interface ScriptedRun {
  readonly request: CompileRequest;
  sink: ExecutionSink | null;
  starts: number;
  stops: number;
  resumes: number;
  disposes: number;
}

export class ScriptedEngine implements Engine {
  /** Per statement name, what happened to it. */
  readonly runs = new Map<string, ScriptedRun>();
  compiles = 0;

  run(name: string): ScriptedRun {
    const r = this.runs.get(name);
    if (!r) throw new Error(`no scripted run for ${name}`);
    return r;
  }

  sink(name: string): ExecutionSink {
    const s = this.run(name).sink;
    if (!s) throw new Error(`statement ${name} has not started`);
    return s;
  }

  compile(request: CompileRequest): CompiledStatement {
    this.compiles++;
    const [word = "", ...rest] = request.sql.trim().split(/\s+/);
    const arg = rest.join(" ");
    const directive = word.toUpperCase();
    if (directive === "FAIL") throw new EngineError(arg || "SQL parse failed");
    if (directive === "THROWS") throw new Error("engine bug");
    const select = (bounded: boolean, upsert: readonly number[] | null = null): StatementTraits => ({
      sqlKind: "SELECT",
      isBounded: bounded,
      isAppendOnly: upsert === null,
      upsertColumns: upsert,
      schema: COLUMNS,
    });
    let traits: StatementTraits;
    let onStart: (sink: ExecutionSink) => void = () => {};
    switch (directive) {
      case "STREAM":
        traits = select(false);
        break;
      case "BOUNDED":
        traits = select(true);
        break;
      case "UPSERT":
        traits = select(false, [0]);
        break;
      case "DDL":
        traits = { sqlKind: "CREATE_TABLE", isBounded: true, isAppendOnly: true, upsertColumns: null, schema: null };
        onStart = (sink) => sink.complete();
        break;
      case "INSERT":
        traits = { sqlKind: "INSERT_INTO", isBounded: false, isAppendOnly: true, upsertColumns: null, schema: null };
        break;
      case "RUNFAIL":
        traits = select(false);
        onStart = (sink) => sink.fail(arg || "boom", "java.lang.IllegalStateException");
        break;
      default: {
        const n = directive === "SNAPSHOT" ? Number(arg || "0") : 1;
        traits = select(true);
        onStart = (sink) => {
          if (n > 0) sink.emit(rowsFrom(0, n));
          sink.complete();
        };
      }
    }
    const run: ScriptedRun = { request, sink: null, starts: 0, stops: 0, resumes: 0, disposes: 0 };
    return {
      traits,
      start: (sink) => {
        this.runs.set(request.statementName, run);
        run.sink = sink;
        run.starts++;
        onStart(sink);
        return {
          stop: () => void run.stops++,
          resume: () => void run.resumes++,
          dispose: () => void run.disposes++,
        };
      },
    };
  }
}
