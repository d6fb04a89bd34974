/**
 * The stored statement record and its JSON form (`sql.v1.Statement`, wire-protocol.md
 * section 3). The record is mutated only by the lifecycle; rendering is pure.
 */
import type { CompiledStatement, Execution, StatementTraits } from "../engine.ts";
import { ResultBuffer } from "./results.ts";
import { toColumnsJson } from "../../types/schema-json.ts";
import { rfc3339, rfc3339Seconds } from "./time.ts";

export type Phase =
  | "PENDING"
  | "RUNNING"
  | "COMPLETED"
  | "DELETING"
  | "FAILING"
  | "FAILED"
  | "STOPPING"
  | "STOPPED"
  | "DEGRADED";

/** Phases that do not change on their own. */
export const TERMINAL_PHASES: ReadonlySet<Phase> = new Set<Phase>(["COMPLETED", "FAILED", "STOPPED"]);

export interface StatementException {
  readonly name: string;
  readonly message: string;
  readonly timestamp: number;
}

export interface StoredStatement {
  readonly name: string;
  readonly uid: string;
  /** Creation order; list order and list page tokens use it. */
  readonly seq: number;
  readonly createdAt: number;
  updatedAt: number;
  resourceVersion: number;
  labels: Record<string, string>;
  readonly sql: string;
  /** As given (values as strings); null when the create carried none. */
  readonly properties: Record<string, string> | null;
  computePoolId: string;
  principal: string;
  stopped: boolean;
  readonly snapshot: boolean;
  readonly dryRun: boolean;
  phase: Phase;
  detail: string;
  readonly traits: StatementTraits | null;
  readonly compiled: CompiledStatement | null;
  execution: Execution | null;
  readonly results: ResultBuffer;
  /** Newest first, at most 10. */
  exceptions: StatementException[];
  /** Cancellers of this statement's pending timers. */
  readonly timers: Set<() => void>;
  cancelAutoStop: (() => void) | null;
  /** Set once DELETING finished; the record is gone from the store. */
  removed: boolean;
  /** `status.scaling_status.scaling_state`: POOL_EXHAUSTED while waiting for a pool slot. */
  scalingState: "OK" | "POOL_EXHAUSTED";
  scalingUpdatedAt: number;
  /** Whether the statement's job occupies a slot of its compute pool now. */
  holdsSlot: boolean;
}

/** Base path of one environment's statements, without origin. */
export function statementsPath(organizationId: string, environmentId: string): string {
  return `/sql/v1/organizations/${organizationId}/environments/${environmentId}/statements`;
}

function traitsJson(traits: StatementTraits): unknown {
  return {
    sql_kind: traits.sqlKind,
    is_bounded: traits.isBounded,
    is_append_only: traits.isAppendOnly,
    upsert_columns: traits.upsertColumns === null ? null : [...traits.upsertColumns],
    connection_refs: [],
    schema: traits.schema === null ? null : { columns: toColumnsJson(traits.schema) },
  };
}

/** The statement as the wire shows it. `base` is origin + statements path. */
export function statementJson(
  st: StoredStatement,
  ids: { organizationId: string; environmentId: string },
  base: string,
): Record<string, unknown> {
  return {
    api_version: "sql/v1",
    kind: "Statement",
    metadata: {
      self: `${base}/${st.name}`,
      created_at: rfc3339(st.createdAt),
      updated_at: rfc3339(st.updatedAt),
      uid: st.uid,
      resource_version: String(st.resourceVersion),
      labels: { ...st.labels },
    },
    name: st.name,
    organization_id: ids.organizationId,
    environment_id: ids.environmentId,
    spec: {
      statement: st.sql,
      properties: st.properties === null ? null : { ...st.properties },
      compute_pool_id: st.computePoolId,
      principal: st.principal,
      stopped: st.stopped,
      execution_mode: st.snapshot ? "BATCH" : "STREAMING",
    },
    status: {
      phase: st.phase,
      detail: st.detail,
      network_kind: "PUBLIC",
      scaling_status: { scaling_state: st.scalingState, last_updated: rfc3339Seconds(st.scalingUpdatedAt) },
      traits: st.traits === null || st.phase === "FAILED" ? null : traitsJson(st.traits),
    },
  };
}

export function exceptionJson(e: StatementException): unknown {
  return { kind: "StatementException", name: e.name, message: e.message, timestamp: rfc3339Seconds(e.timestamp) };
}
