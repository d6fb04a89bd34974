/**
 * Building the create-statement request from a connection's config and per-statement options:
 * the name (`dbapi-<uuid>` by default, or the caller's, checked against the safe name rule),
 * labels (`user.confluent.io/` prefix, value "true"), properties (reserved keys refused; the
 * client sets `sql.current-catalog`, `sql.current-database` and, for snapshot statements,
 * `sql.snapshot.mode=now`), and the compute pool. Shared by the snapshot and streaming cursors.
 */
import { InterfaceError } from "../errors.ts";
import { labelsToWire, propertiesToWire, type ResolvedConfig } from "./config.ts";
import type { CallOptions } from "./signals.ts";
import type { CreateStatementRequest } from "./statements-api.ts";

/** Per-statement options of execute, createStatement and the DDL helpers. */
export interface StatementOptions extends CallOptions {
  /** Statement name (lower-case letters, digits and `-`, at most 72 characters); default `dbapi-<uuid>`. */
  statementName?: string | undefined;
  /**
   * End-user labels; each becomes `user.confluent.io/<label>: "true"` (the prefix may be given).
   * A label is 1 to 63 letters, digits, `-`, `_` and `.`, with a letter or digit at both ends
   * (Kubernetes' label names, as `label_selector` reads them); others are refused with
   * InterfaceError LABELS_INVALID before anything is sent.
   */
  labels?: readonly string[] | undefined;
  /** Extra statement properties (reserved keys refused). */
  properties?: Readonly<Record<string, string | number | boolean>> | undefined;
  /** Compute pool for this statement (default: the connection's, else the environment default). */
  computePoolId?: string | undefined;
  /** `sql.current-catalog` for this statement (default: the connection's). */
  catalog?: string | undefined;
  /** `sql.current-database` for this statement (default: the connection's). */
  database?: string | undefined;
}

/** The safe statement-name rule (wire-protocol.md section 7.1). */
export const STATEMENT_NAME_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A new default statement name. */
export function defaultStatementName(): string {
  return `dbapi-${crypto.randomUUID()}`;
}

/** Checks a caller-chosen statement name. */
export function checkStatementName(name: unknown, where: string): string {
  if (typeof name !== "string" || !STATEMENT_NAME_RE.test(name) || name.length > 72) {
    throw new InterfaceError(
      "STATEMENT_NAME_INVALID",
      `${where}: a statement name must be 1 to 72 lower-case letters, digits or '-', starting and ending with a letter or digit`,
    );
  }
  return name;
}

/** Checks a name passed to get/stop/delete (any non-empty string; the server decides). */
export function checkExistingName(name: unknown, where: string): string {
  if (typeof name === "object" && name !== null && typeof (name as { name?: unknown }).name === "string") {
    return (name as { name: string }).name;
  }
  if (typeof name !== "string" || name === "") {
    throw new InterfaceError("STATEMENT_NAME_INVALID", `${where}: expected a statement name or a Statement`);
  }
  return name;
}

/** The create request for `sql` with `options`. Throws coded InterfaceErrors, does no I/O. */
export function buildCreateRequest(config: ResolvedConfig, sql: string, options: StatementOptions, snapshot: boolean, where: string): CreateStatementRequest {
  const name = options.statementName === undefined ? defaultStatementName() : checkStatementName(options.statementName, where);
  const labels = labelsToWire(options.labels, where);
  const properties: Record<string, string> = { ...config.properties, ...propertiesToWire(options.properties, where) };
  const catalog = options.catalog ?? config.catalog;
  properties["sql.current-catalog"] = catalog;
  const database = options.database ?? config.database;
  if (database !== undefined) properties["sql.current-database"] = database;
  if (snapshot) properties["sql.snapshot.mode"] = "now";
  const pool = options.computePoolId === undefined || options.computePoolId === "" ? config.computePoolId : options.computePoolId;
  if (pool !== undefined && typeof pool !== "string") throw new InterfaceError("CONFIG_INVALID", `${where}: computePoolId must be a string`);
  const req: CreateStatementRequest = { name, sql, properties };
  if (labels !== undefined) req.labels = labels;
  if (pool !== undefined) req.computePoolId = pool;
  return req;
}
