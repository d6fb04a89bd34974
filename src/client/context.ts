/**
 * The connection's internals as one object, for sibling modules (cursors, the streaming cursor):
 * resolved config, transport, statements API, and the decode/parameter hooks. A Connection
 * registers its context in a WeakMap; `contextOf(conn)` reads it, so nothing internal is visible
 * on the public object (and nothing secret is reachable through `inspect`).
 */
import { InterfaceError } from "../errors.ts";
import type { ResolvedConfig } from "./config.ts";
import type { HttpTransport } from "./http.ts";
import type { StatementsApi } from "./statements-api.ts";

export interface ClientContext {
  readonly config: ResolvedConfig;
  /** The gateway transport (credentials inside, private). */
  readonly transport: HttpTransport;
  readonly api: StatementsApi;
  /** The control-plane transport with the global API key, when one is configured (`confluent-sql/control-plane`). */
  readonly controlPlane: HttpTransport | undefined;
  /** The organization id, looked up once if it was not configured. */
  organizationId(signal?: AbortSignal): Promise<string>;
  /** Throws InterfaceError CONNECTION_CLOSED after `close()`. */
  assertOpen(): void;
  readonly closed: boolean;
}

const registry = new WeakMap<object, ClientContext>();

/** Called by the Connection constructor. */
export function registerContext(owner: object, context: ClientContext): void {
  registry.set(owner, context);
}

/** The context of a Connection (internal accessor for sibling modules). */
export function contextOf(connection: object): ClientContext {
  const c = registry.get(connection);
  if (c === undefined) throw new InterfaceError("NOT_A_CONNECTION", "Not a confluent-sql Connection");
  return c;
}
