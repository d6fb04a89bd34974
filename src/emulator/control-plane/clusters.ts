/**
 * `GET /cmk/v2/clusters?environment=<env>&page_size=N[&page_token=...]`: the environment's
 * Kafka clusters, one per SQL database (`spec.display_name` = database name, `id` = database
 * id), which is how clients turn a database name into the `lkc-...` id Tableflow and Connect
 * need (python-driver.md 2.15). Paged as paging.ts describes. The list route declares no 404: an
 * environment the caller cannot see is a 403, as Confluent's v2 APIs answer for resources
 * outside a key's reach.
 */
import { HttpError } from "../gateway/http.ts";
import { rfc3339 } from "../gateway/time.ts";
import { listResponse } from "./paging.ts";
import { CLOUD, CLUSTER_CREATED_AT, ControlPlaneContext, REGION, requiredParam, type KafkaCluster } from "./context.ts";

export class Clusters {
  readonly #ctx: ControlPlaneContext;

  constructor(ctx: ControlPlaneContext) {
    this.#ctx = ctx;
  }

  list(url: URL): Response {
    const environment = requiredParam(url, "environment");
    if (environment !== this.#ctx.cfg.environmentId) {
      throw new HttpError(403, `Forbidden Access: environment '${environment}' is not visible to this API key`, { parameter: "environment" });
    }
    const all = this.#ctx.clusters;
    return listResponse({ apiVersion: "cmk/v2", kind: "ClusterList", first: `${url.origin}/cmk/v2/clusters?environment=${encodeURIComponent(environment)}` }, all, url, (c) => this.#json(c, url.origin));
  }

  #json(cluster: KafkaCluster, origin: string): Record<string, unknown> {
    const host = ControlPlaneContext.hostPart(cluster);
    const created = rfc3339(CLUSTER_CREATED_AT);
    const region = REGION;
    const cloud = CLOUD.toLowerCase();
    return {
      api_version: "cmk/v2",
      kind: "Cluster",
      id: cluster.id,
      metadata: {
        self: `${origin}/cmk/v2/clusters/${cluster.id}`,
        resource_name: this.#ctx.crn(`environment=${this.#ctx.cfg.environmentId}`, `cloud-cluster=${cluster.id}`, `kafka=${cluster.id}`),
        created_at: created,
        updated_at: created,
      },
      spec: {
        display_name: cluster.displayName,
        availability: "SINGLE_ZONE",
        cloud: CLOUD,
        region,
        config: { kind: "Basic" },
        kafka_bootstrap_endpoint: `SASL_SSL://pkc-${host}.${region}.${cloud}.confluent.cloud:9092`,
        http_endpoint: `https://pkc-${host}.${region}.${cloud}.confluent.cloud:443`,
        api_endpoint: `https://pkac-${host}.${region}.${cloud}.confluent.cloud`,
        environment: this.#ctx.environmentRef(origin),
      },
      status: { phase: "PROVISIONED" },
    };
  }
}
