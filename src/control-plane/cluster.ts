/**
 * Kafka cluster id resolution: Tableflow and Connect address a table's cluster by id
 * (`lkc-…`), while a connection names it by its display name (`database`). The id comes from
 * `controlPlane(conn, { kafkaClusterId })` when given (no request), else from the CMK cluster
 * list of the environment, all pages, matched on the display name exactly (or, failing that,
 * on the id itself: Flink accepts either as the database).
 *
 * A lookup is cached per connection (every helper of one connection shares it); concurrent
 * callers share one lookup, which runs without any one caller's signal (each races its own);
 * a failed lookup is not cached. Pages are bounded and a repeated page token is a ProtocolError.
 */
import { InterfaceError, OperationalError, ProgrammingError } from "../errors.ts";
import type { ClientContext } from "../client/context.ts";
import type { HttpTransport } from "../client/http.ts";
import { validate } from "../client/schemas.ts";
import { raceSignal } from "../client/signals.ts";
import { ClusterListStruct } from "./schemas.ts";
import { readAllPages } from "./paging.ts";

const lookups = new WeakMap<ClientContext, Promise<string>>();

/** The cluster id of the connection's database; throws coded errors (see the module comment). */
export function resolveClusterId(ctx: ClientContext, transport: () => HttpTransport, signal: AbortSignal | undefined): Promise<string> {
  // Credentials first: under a bearer token the reason to give is that one, whatever else is missing.
  const t = transport();
  const database = ctx.config.database;
  if (database === undefined) {
    throw new ProgrammingError(
      "KAFKA_CLUSTER_ID_NO_DATABASE",
      "Cannot resolve a Kafka cluster id without a database: pass database to connect(), or kafkaClusterId to controlPlane()",
    );
  }
  let lookup = lookups.get(ctx);
  if (lookup === undefined) {
    lookup = findCluster(t, ctx.config.controlPlaneEndpoint, ctx.config.environmentId, database).catch((e: unknown) => {
      lookups.delete(ctx);
      throw e;
    });
    lookups.set(ctx, lookup);
  }
  return raceSignal(lookup, signal);
}

async function findCluster(transport: HttpTransport, base: string, environmentId: string, database: string): Promise<string> {
  const byName: string[] = [];
  let byId: string | undefined;
  await readAllPages(
    transport,
    { url: `${base}/cmk/v2/clusters`, query: { environment: environmentId }, what: "GET /cmk/v2/clusters" },
    "Kafka cluster list",
    (body, origin) => validate(body, ClusterListStruct, "Kafka cluster list", origin),
    (body) => {
      for (const c of body.data ?? []) {
        if (c.spec?.display_name === database) byName.push(c.id);
        else if (c.id === database) byId = c.id;
      }
    },
  );
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1) {
    throw new InterfaceError(
      "KAFKA_CLUSTER_AMBIGUOUS",
      `${byName.length} Kafka clusters in environment '${environmentId}' are named '${database}' (${byName.join(", ")}); pass kafkaClusterId to controlPlane()`,
    );
  }
  if (byId !== undefined) return byId;
  throw new OperationalError("KAFKA_CLUSTER_NOT_FOUND", `No Kafka cluster named '${database}' in environment '${environmentId}'; check database, or pass kafkaClusterId to controlPlane()`);
}
