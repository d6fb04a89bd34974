/**
 * What the Tableflow and connector modules need from a control-plane helper, as one object:
 * the base URL, the environment, the pacing of waits, the transport per API (credentials
 * checked on use) and the cluster id. Internal to the entry.
 */
import type { HttpTransport } from "../client/http.ts";
import type { ControlPlaneApi } from "./credentials.ts";
import type { Pace } from "./wait.ts";

export interface Plane {
  /** The control-plane base URL, no trailing slash. */
  readonly base: string;
  readonly environmentId: string;
  readonly pace: Pace;
  /** The transport for `api`; throws the coded credential errors (and CONNECTION_CLOSED). */
  transport(api: ControlPlaneApi): HttpTransport;
  /** The Kafka cluster id of the connection's database (configured, or looked up once). */
  clusterId(signal: AbortSignal | undefined): Promise<string>;
}
