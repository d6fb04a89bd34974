/**
 * `Statement`: an immutable snapshot of a server-side statement, built from validated wire JSON.
 *
 * Reads only what the client needs and keeps the whole body in `raw` for everything else.
 * Unknown phases are kept as they are (the phase enum is extensible); traits are null for FAILED
 * statements, the schema is null for DDL, and the legacy `status.result_schema` is used when
 * `traits.schema` is absent.
 */
import { ConfluentSqlError, withContext } from "../errors.ts";
import type { Column } from "../types/model.ts";
import { parseColumnsJson } from "../types/schema-json.ts";
import { StatementStruct, validate, type StatementJson } from "./schemas.ts";

/** Where a statement body came from, for the errors it raises later. */
export interface StatementOrigin {
  /** JSON path of the statement inside its body, e.g. `data[3].` for a list item ("" at the root). */
  path?: string | undefined;
  status?: number | undefined;
  requestId?: string | undefined;
}

/** Prefix of end-user labels (wire-protocol.md section 7.2). */
export const LABEL_PREFIX = "user.confluent.io/";
/** The label that hides a statement from default Cloud UI listings. */
export const HIDDEN_LABEL = "user.confluent.io/hidden";

/** Phases that do not change on their own. */
export const TERMINAL_PHASES: ReadonlySet<string> = new Set(["COMPLETED", "STOPPED", "FAILED"]);

/** Statement phases the reference lists; others may appear and are passed through. */
export type StatementPhase =
  | "PENDING"
  | "RUNNING"
  | "COMPLETED"
  | "DELETING"
  | "FAILING"
  | "FAILED"
  | "STOPPING"
  | "STOPPED"
  | "DEGRADED"
  | (string & {});

/** `status.traits` in model form. */
export interface StatementTraits {
  /** e.g. `SELECT`, `INSERT_INTO`, `CREATE_TABLE`; null when the server did not say. */
  readonly sqlKind: string | null;
  readonly isBounded: boolean | null;
  readonly isAppendOnly: boolean | null;
  /** Zero-based indices of the upsert key columns, or null. */
  readonly upsertColumns: readonly number[] | null;
  /**
   * Result columns; null for statements without a result (DDL, INSERT INTO). Parsed on first
   * access, so one malformed column type fails only the code that reads this statement's schema.
   * @throws ProtocolError naming the column's JSON path and the statement.
   */
  readonly schema: readonly Column[] | null;
}

/**
 * A statement as the server last described it: an immutable snapshot, so read it again
 * (`conn.getStatement(st)`) to see a phase change. Every statements-API call returns one.
 *
 * @example
 * ```ts
 * await conn.createStatement("SELECT 1 AS x", { statementName: "daily-report" }); // phase "PENDING"
 * const st = await conn.getStatement("daily-report");
 * st.phase;          // "COMPLETED"
 * st.isTerminal;     // true
 * st.traits?.sqlKind; // "SELECT"
 * st.schema?.map((c) => c.name); // ["x"]
 * ```
 */
export class Statement {
  /** The statement name, unique in its environment. */
  readonly name: string;
  /** PENDING, RUNNING, COMPLETED, ...; a phase the client does not know is kept as sent. */
  readonly phase: StatementPhase;
  /** `status.detail` ("" when the server sent none). */
  readonly detail: string;
  /** Null for FAILED statements (the server sends no traits). */
  readonly traits: StatementTraits | null;
  /** `spec.properties` (values as strings). */
  readonly properties: Readonly<Record<string, string>>;
  /** `metadata.labels`, full keys. */
  readonly labels: Readonly<Record<string, string>>;
  readonly computePoolId: string | null;
  readonly principal: string | null;
  /** The SQL text (`spec.statement`). */
  readonly sql: string;
  /** `spec.stopped`: a stop was requested (the phase may still be RUNNING). */
  readonly stopRequested: boolean;
  /** `metadata.resource_version` (opaque), for PUT. */
  readonly resourceVersion: string | null;
  readonly uid: string | null;
  readonly createdAt: string | null;
  readonly organizationId: string | null;
  readonly environmentId: string | null;
  /** `status.scaling_status.scaling_state`, e.g. `POOL_EXHAUSTED`. */
  readonly scalingState: string | null;
  /** The JSON as received. */
  readonly raw: StatementJson;

  /**
   * Wraps a body that was already validated; `Statement.fromJson` validates JSON from anywhere
   * else. Never throws for a valid StatementJson: a malformed column type fails later, with a
   * ProtocolError, only when `traits.schema` is read.
   */
  constructor(json: StatementJson, origin: StatementOrigin = {}) {
    this.raw = json;
    this.name = json.name;
    const status = json.status;
    this.phase = status.phase;
    this.detail = status.detail ?? "";
    const spec = json.spec;
    this.sql = spec.statement ?? "";
    this.computePoolId = spec.compute_pool_id || null;
    this.principal = spec.principal ?? null;
    this.stopRequested = spec.stopped === true;
    const props: Record<string, string> = {};
    for (const [k, v] of Object.entries(spec.properties ?? {})) props[k] = typeof v === "string" ? v : JSON.stringify(v);
    this.properties = props;
    const meta = json.metadata;
    this.labels = { ...(meta?.labels ?? {}) };
    this.resourceVersion = meta?.resource_version ?? null;
    this.uid = meta?.uid ?? null;
    this.createdAt = meta?.created_at ?? null;
    this.organizationId = json.organization_id ?? null;
    this.environmentId = json.environment_id ?? null;
    this.scalingState = status.scaling_status?.scaling_state ?? null;
    const t = status.traits;
    const schemaJson = t?.schema ?? status.result_schema ?? null;
    const columnsJson = schemaJson?.columns ?? null;
    const schemaPath = `${origin.path ?? ""}${t?.schema ? "status.traits.schema.columns" : "status.result_schema.columns"}`;
    let columns: readonly Column[] | undefined;
    const readSchema = (): readonly Column[] | null => {
      if (columnsJson === null) return null;
      try {
        columns ??= parseColumnsJson(columnsJson, schemaPath);
      } catch (e) {
        throw e instanceof ConfluentSqlError ? withContext(e, { statementName: json.name, status: origin.status, requestId: origin.requestId }) : e;
      }
      return columns;
    };
    const base =
      t === null || t === undefined
        ? columnsJson === null
          ? null
          : { sqlKind: null, isBounded: null, isAppendOnly: null, upsertColumns: null }
        : { sqlKind: t.sql_kind ?? null, isBounded: t.is_bounded ?? null, isAppendOnly: t.is_append_only ?? null, upsertColumns: t.upsert_columns ?? null };
    this.traits = base === null ? null : Object.defineProperty(base, "schema", { get: readSchema, enumerable: true }) as StatementTraits;
  }

  /**
   * Validates `json` as a Statement and wraps it: for a body kept from earlier (`st.raw`), or
   * one received by other means. `what` names it in error messages.
   *
   * @example
   * ```ts
   * const saved = JSON.stringify(st.raw);
   * Statement.fromJson(JSON.parse(saved)).phase; // "COMPLETED"
   * Statement.fromJson({ name: "x" }, "saved statement");
   * // throws ProtocolError, code "PROTOCOL_ERROR", path "spec"
   * ```
   * @throws ProtocolError naming the path of the first mismatch, with the origin's status and
   * request id and the statement name when known.
   */
  static fromJson(json: unknown, what = "statement response", origin: { status?: number; requestId?: string; statementName?: string } = {}): Statement {
    return new Statement(validate(json, StatementStruct, what, origin), origin);
  }

  /** COMPLETED, STOPPED or FAILED. */
  get isTerminal(): boolean {
    return TERMINAL_PHASES.has(this.phase);
  }

  /** FAILED or FAILING. */
  get isFailed(): boolean {
    return this.phase === "FAILED" || this.phase === "FAILING";
  }

  /** PENDING with `scaling_state: POOL_EXHAUSTED`: the compute pool has no room for it. */
  get isPoolExhausted(): boolean {
    return this.phase === "PENDING" && this.scalingState === "POOL_EXHAUSTED";
  }

  /** Result columns, or null (DDL, failed). */
  get schema(): readonly Column[] | null {
    return this.traits?.schema ?? null;
  }

  /** End-user labels with the `user.confluent.io/` prefix stripped. */
  get endUserLabels(): string[] {
    return Object.keys(this.labels)
      .filter((k) => k.startsWith(LABEL_PREFIX))
      .map((k) => k.slice(LABEL_PREFIX.length));
  }

  /**
   * A compact summary for logs: name, phase, detail, compute pool and kind, not the whole body
   * (`raw` has that). Never throws.
   *
   * @example
   * ```ts
   * JSON.stringify(st);
   * // '{"name":"daily-report","phase":"COMPLETED","detail":"","computePoolId":"lfcp-emu001","sqlKind":"SELECT"}'
   * ```
   */
  toJSON(): Record<string, unknown> {
    return { name: this.name, phase: this.phase, detail: this.detail, computePoolId: this.computePoolId, sqlKind: this.traits?.sqlKind ?? null };
  }
}
