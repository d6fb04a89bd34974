/**
 * Test harness: an engine on a ManualClock, a collecting sink, and helpers to run statements
 * to completion (snapshot) or keep them running (streaming) and read their changelog.
 */
import { ManualClock } from "../../../src/emulator/clock.ts";
import type { ChangelogRow, CompiledStatement, Execution, ExecutionSink, StatementTraits } from "../../../src/emulator/engine.ts";
import { createSqlEngine } from "../../../src/emulator/sql/index.ts";
import type { SqlEngine, SqlEngineOptions } from "../../../src/emulator/sql/index.ts";

export const OPS = ["+I", "-U", "+U", "-D"] as const;

export class CollectingSink implements ExecutionSink {
  rows: ChangelogRow[] = [];
  completed = false;
  failed: string | null = null;
  emit(rows: readonly ChangelogRow[]): void {
    if (this.completed || this.failed !== null) return;
    this.rows.push(...rows);
  }
  complete(): void {
    if (this.failed === null) this.completed = true;
  }
  fail(message: string): void {
    if (!this.completed && this.failed === null) this.failed = message;
  }
  /** Changelog as "+I[a, b]" strings (Flink's print format). */
  get log(): string[] {
    return this.rows.map((r) => `${OPS[r.op]}[${r.row.map(fmt).join(", ")}]`);
  }
  take(): string[] {
    const l = this.log;
    this.rows = [];
    return l;
  }
}

function fmt(v: unknown): string {
  if (v === null) return "NULL";
  if (Array.isArray(v)) return `[${v.map(fmt).join(", ")}]`;
  return String(v);
}

export interface Running {
  sink: CollectingSink;
  exec: Execution;
  traits: StatementTraits;
}

/**
 * The engine context and clock start of every Harness, exported so a test can build an emulator
 * (`createEmulator`) whose engine starts from the same state and sees the same time.
 */
export const HARNESS_CONTEXT = {
  environment: { id: "env-123", name: "default" },
  databases: [{ id: "lkc-abc", name: "cluster_0" }],
  seed: 7,
  start: Date.UTC(2025, 0, 1),
} as const;

export class Harness {
  readonly clock: ManualClock;
  readonly engine: SqlEngine;
  readonly props: Record<string, string>;
  #n = 0;

  constructor(options: SqlEngineOptions = {}, start: number = HARNESS_CONTEXT.start) {
    this.clock = new ManualClock(start);
    const { environment, databases, seed } = HARNESS_CONTEXT;
    this.engine = createSqlEngine({ clock: this.clock, environment, databases, seed }, options);
    this.props = { "sql.current-catalog": "default", "sql.current-database": "cluster_0" };
  }

  compile(sql: string, props: Record<string, string> = {}): CompiledStatement {
    return this.engine.compile({ sql, properties: { ...this.props, ...props }, statementName: `s${++this.#n}` });
  }

  /** Start a statement and return its sink and execution. */
  start(sql: string, props: Record<string, string> = {}): Running {
    const st = this.compile(sql, props);
    const sink = new CollectingSink();
    const exec = st.start(sink);
    return { sink, exec, traits: st.traits };
  }

  /** Run a statement that must complete (DDL, INSERT VALUES, snapshot queries); throws on failure. */
  run(sql: string, props: Record<string, string> = {}): Running {
    const r = this.start(sql, props);
    if (r.sink.failed !== null) throw new Error(`statement failed: ${r.sink.failed}`);
    if (!r.sink.completed) throw new Error(`statement did not complete: ${sql}`);
    return r;
  }

  /** Snapshot query rows as wire rows. */
  snapshot(sql: string): unknown[][] {
    return this.run(sql, { "sql.snapshot.mode": "now" }).sink.rows.map((r) => r.row);
  }

  /** Snapshot query rows in Flink print form. */
  snapshotLog(sql: string): string[] {
    return this.run(sql, { "sql.snapshot.mode": "now" }).sink.log;
  }
}
