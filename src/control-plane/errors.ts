/**
 * The control plane's own error classes: a Tableflow topic or a connector that does not exist,
 * or already exists. They join the hierarchy of src/errors.ts where their statement cousins
 * sit: "not found" is a ProgrammingError (as StatementNotFoundError), "already exists" an
 * IntegrityError (as STATEMENT_NAME_TAKEN), so a `catch` written for statements behaves the
 * same here. Every other control-plane failure uses the core classes with its own code.
 */
import { IntegrityError, ProgrammingError, type ErrorContext } from "../errors.ts";

/**
 * The table has no Tableflow topic (HTTP 404 from the Tableflow API): Tableflow is not enabled
 * for it in this environment and cluster. Code `TABLEFLOW_TOPIC_NOT_FOUND`; `tableName` names
 * it. The constructor never throws.
 *
 * @example
 * ```ts
 * try { await cp.getTableflow("orders"); }
 * catch (e) {
 *   if (e instanceof TableflowTopicNotFoundError) console.log(e.tableName); // "orders"
 * }
 * ```
 */
export class TableflowTopicNotFoundError extends ProgrammingError {
  override name = "TableflowTopicNotFoundError";
  /** The table (Kafka topic) asked about. */
  readonly tableName: string;
  constructor(tableName: string, context: ErrorContext = {}) {
    super("TABLEFLOW_TOPIC_NOT_FOUND", `Tableflow is not enabled for table '${tableName}'${context.detail ? `: ${context.detail}` : ""}`, context);
    this.tableName = tableName;
  }

  /** Adds `tableName` to the base class's fields. Never throws. */
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), tableName: this.tableName };
  }
}

/**
 * Tableflow is already enabled for the table (HTTP 409 on enable). Code
 * `TABLEFLOW_TOPIC_EXISTS`; `tableName` names it. The constructor never throws.
 *
 * @example
 * ```ts
 * try { await cp.enableTableflow("orders", { formats: ["ICEBERG"], storage: { kind: "Managed" } }); }
 * catch (e) {
 *   if (e instanceof TableflowTopicAlreadyExistsError) await cp.getTableflow("orders");
 * }
 * ```
 */
export class TableflowTopicAlreadyExistsError extends IntegrityError {
  override name = "TableflowTopicAlreadyExistsError";
  /** The table (Kafka topic) Tableflow was to be enabled for. */
  readonly tableName: string;
  constructor(tableName: string, context: ErrorContext = {}) {
    super("TABLEFLOW_TOPIC_EXISTS", `Tableflow is already enabled for table '${tableName}'${context.detail ? `: ${context.detail}` : ""}`, context);
    this.tableName = tableName;
  }

  /** Adds `tableName` to the base class's fields. Never throws. */
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), tableName: this.tableName };
  }
}

/**
 * The connector does not exist in the environment's cluster (HTTP 404 from the Connect API).
 * Code `CONNECTOR_NOT_FOUND`; `connectorName` names it. The constructor never throws.
 *
 * @example
 * ```ts
 * try { await cp.getConnector("orders-sink"); }
 * catch (e) {
 *   if (e instanceof ConnectorNotFoundError) console.log(e.connectorName); // "orders-sink"
 * }
 * ```
 */
export class ConnectorNotFoundError extends ProgrammingError {
  override name = "ConnectorNotFoundError";
  /** The connector asked about. */
  readonly connectorName: string;
  constructor(connectorName: string, context: ErrorContext = {}) {
    super("CONNECTOR_NOT_FOUND", `Connector '${connectorName}' not found${context.detail ? `: ${context.detail}` : ""}`, context);
    this.connectorName = connectorName;
  }

  /** Adds `connectorName` to the base class's fields. Never throws. */
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), connectorName: this.connectorName };
  }
}

/**
 * A connector of that name already exists (HTTP 409 on create). Code `CONNECTOR_EXISTS`;
 * `connectorName` names it. The constructor never throws.
 *
 * @example
 * ```ts
 * try { await cp.createConnector("orders-sink", config); }
 * catch (e) {
 *   if (e instanceof ConnectorAlreadyExistsError) await cp.getConnector("orders-sink");
 * }
 * ```
 */
export class ConnectorAlreadyExistsError extends IntegrityError {
  override name = "ConnectorAlreadyExistsError";
  /** The connector that was to be created. */
  readonly connectorName: string;
  constructor(connectorName: string, context: ErrorContext = {}) {
    super("CONNECTOR_EXISTS", `Connector '${connectorName}' already exists${context.detail ? `: ${context.detail}` : ""}`, context);
    this.connectorName = connectorName;
  }

  /** Adds `connectorName` to the base class's fields. Never throws. */
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), connectorName: this.connectorName };
  }
}
