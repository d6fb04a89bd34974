/**
 * The contract between the emulator's gateway (REST routes, statement lifecycle, paging) and
 * its SQL engine (parser, planner, batch and streaming execution).
 *
 * The gateway knows nothing about SQL: it asks the engine to compile a statement, shows the
 * returned kind/traits/schema in the statement resource, starts the execution when the
 * statement goes RUNNING, buffers what the execution emits into result pages, and moves the
 * phase on `complete`/`fail`. The engine knows nothing about HTTP.
 *
 * Both sides may be replaced: gateway tests use a scripted engine; the real engine lives in
 * `./sql/`.
 */
import type { Column } from "../types/model.ts";
import type { Clock } from "./clock.ts";

/** Changelog op codes as on the wire: +I, -U, +U, -D. */
export type OpCode = 0 | 1 | 2 | 3;

/**
 * One row in wire encoding: scalars as strings, composites as nested arrays, NULL as null
 * (wire-protocol.md section 5.2). The engine formats values with `src/types` so the client's
 * decoder and the emulator agree by construction.
 */
export type WireValue = string | null | WireValue[];
/** A result row in wire encoding: one WireValue per column, in schema order. */
export type WireRow = WireValue[];

/** One changelog entry an execution emits: the op (`0` for +I) and the row it applies to. */
export interface ChangelogRow {
  readonly op: OpCode;
  readonly row: WireRow;
}

/** What the gateway passes to `compile`. */
export interface CompileRequest {
  /** The SQL text of `spec.statement`. */
  readonly sql: string;
  /** `spec.properties`, values as strings (sql.current-catalog, sql.current-database, sql.snapshot.mode, sql.local-time-zone, ...). */
  readonly properties: Readonly<Record<string, string>>;
  /** The statement's name (for messages and for background statements feeding tables). */
  readonly statementName: string;
}

/** What Confluent Cloud reports in `status.traits`, in model form. */
export interface StatementTraits {
  /** Upper-snake kind: SELECT, INSERT_INTO, CREATE_TABLE, CREATE_TABLE_AS, CREATE_VIEW, DROP_TABLE, ... */
  readonly sqlKind: string;
  readonly isBounded: boolean;
  readonly isAppendOnly: boolean;
  /** Zero-based column indices of the upsert key, or null. */
  readonly upsertColumns: readonly number[] | null;
  /** Result columns; null for statements without a result set (DDL, INSERT INTO). */
  readonly schema: readonly Column[] | null;
}

/** Receives an execution's output. Calls after `complete` or `fail` are ignored. */
export interface ExecutionSink {
  /** Rows produced, in order. */
  emit(rows: readonly ChangelogRow[]): void;
  /** The statement finished (bounded input exhausted, DDL applied, INSERT VALUES written). */
  complete(): void;
  /** The statement failed at run time; `message` becomes `status.detail` and an exception. */
  fail(message: string, exceptionName?: string): void;
}

/** A running statement, as the gateway controls it. */
export interface Execution {
  /** Stop producing output (STOP). Idempotent. A later `resume` continues from where it stopped. */
  stop(): void;
  /** Continue after `stop` (PUT resume). Engines that cannot resume a kind of statement throw EngineError. */
  resume(): void;
  /** Release everything (DELETE). Idempotent. */
  dispose(): void;
}

/** A statement that parsed and type-checked. */
export interface CompiledStatement {
  readonly traits: StatementTraits;
  /** Start running. Output goes to `sink`, possibly synchronously and possibly later (clock-driven). */
  start(sink: ExecutionSink): Execution;
}

/**
 * A statement that fails to parse, validate or type-check. The gateway still creates the
 * statement (201) and moves it to FAILED with `message` as `status.detail` (Flink's way), and
 * `exceptionName` in its exceptions list. Any other error thrown by `compile` fails the
 * statement too, but as `Internal error: ...` (a java.lang.RuntimeException), so a custom
 * engine can tell its users' mistakes from its own bugs. The constructor never throws.
 *
 * @example
 * ```ts
 * const engine: Engine = {
 *   compile({ sql }) {
 *     throw new EngineError(`Only SELECT here, got: ${sql}`);
 *   },
 * };
 * const emu = createEmulator({ engine: () => engine });
 * const conn = connect({ ...emu.connectOptions, fetch: emu.fetch });
 * await conn.query("DROP TABLE x");
 * // rejects: StatementFailedError, code "STATEMENT_FAILED", detail "Only SELECT here, got: DROP TABLE x"
 * ```
 */
export class EngineError extends Error {
  override readonly name = "EngineError";
  constructor(
    message: string,
    /** Java-style exception class name for the exceptions list. */
    readonly exceptionName = "org.apache.flink.table.api.ValidationException",
  ) {
    super(message);
  }
}

/** What the control plane asks `Engine.describeTopic` about: a topic (table) of a Kafka cluster (database). */
export interface TopicRequest {
  /** The environment (catalog) id. */
  readonly environmentId: string;
  /** The Kafka cluster (database) id, `lkc-...`. */
  readonly kafkaClusterId: string;
  /** The topic name: the table name, as Tableflow's `spec.display_name` gives it. */
  readonly topic: string;
}

/** The engine's answer to `describeTopic`: the table behind a topic. */
export interface TopicDescription {
  /** The table's primary key columns (its upsert key), or null for an append-only table. */
  readonly primaryKey: readonly string[] | null;
}

/** The engine as the gateway sees it. One engine per emulator (it owns the catalogs). */
export interface Engine {
  /** Compile or throw EngineError. Must not have side effects: DDL applies in `start`. */
  compile(request: CompileRequest): CompiledStatement;
  /**
   * Optional: the table behind a Kafka topic, or null when the cluster has no such table. The
   * control plane's Tableflow routes answer 404 for a topic this returns null for; with an
   * engine that lacks the method, every topic exists (append-only).
   */
  readonly describeTopic?: (request: TopicRequest) => TopicDescription | null;
}

/** What a gateway gives an engine factory. */
export interface EngineContext {
  readonly clock: Clock;
  /** Organization / environment / database naming, for catalogs and INFORMATION_SCHEMA. */
  readonly environment: { readonly id: string; readonly name: string };
  readonly databases: ReadonlyArray<{ readonly id: string; readonly name: string }>;
  /** Seed for RAND(), datagen and example tables. */
  readonly seed: number;
}
