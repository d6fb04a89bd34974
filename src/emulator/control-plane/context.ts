/**
 * What the control-plane resources share: the emulator's one environment and its Kafka
 * clusters (one per SQL database), the clock and delays, and the references
 * (`{id, related, resource_name}`) Confluent's v2-style APIs put in their resources.
 */
import type { Clock } from "../clock.ts";
import type { TopicDescription } from "../engine.ts";
import { HttpError } from "../gateway/http.ts";
import { Scheduler } from "./scheduler.ts";

/** A Kafka cluster of the environment: a SQL database of its catalog. */
export interface KafkaCluster {
  /** `lkc-...`, the database id. */
  readonly id: string;
  /** The database name, which clients match to find the cluster. */
  readonly displayName: string;
}

export interface ControlPlaneConfig {
  readonly organizationId: string;
  readonly environmentId: string;
  readonly databases: ReadonlyArray<{ readonly id: string; readonly name: string }>;
  readonly clock: Clock;
  readonly random: () => number;
  /** Delays on the clock (options.ts TimingOptions). */
  readonly pendingMs: number;
  readonly stoppingMs: number;
  readonly deletingMs: number;
  /** The engine's table behind a topic; null when absent. Without a lookup every topic exists. */
  readonly describeTopic: ((clusterId: string, topic: string) => TopicDescription | null) | null;
}

/** Cloud and region the emulated clusters claim to live in (what endpoints and paths show). */
export const CLOUD = "AWS";
export const REGION = "us-east-1";

/** The fixed creation time of the emulator's clusters (like the organization's). */
export const CLUSTER_CREATED_AT = Date.UTC(2024, 0, 1);

export class ControlPlaneContext {
  readonly cfg: ControlPlaneConfig;
  readonly scheduler: Scheduler;
  readonly clusters: readonly KafkaCluster[];

  constructor(cfg: ControlPlaneConfig) {
    this.cfg = cfg;
    this.scheduler = new Scheduler(cfg.clock);
    this.clusters = cfg.databases.map((d) => ({ id: d.id, displayName: d.name }));
  }

  /** The environment's cluster with this id, or undefined (also for another environment). */
  cluster(environmentId: string, clusterId: string): KafkaCluster | undefined {
    if (environmentId !== this.cfg.environmentId) return undefined;
    return this.clusters.find((c) => c.id === clusterId);
  }

  /** The cluster, or a 404 naming what is missing (environment first, then cluster). */
  requireCluster(environmentId: string, clusterId: string): KafkaCluster {
    if (environmentId !== this.cfg.environmentId) {
      throw new HttpError(404, `Environment '${environmentId}' not found in organization '${this.cfg.organizationId}'`);
    }
    const cluster = this.cluster(environmentId, clusterId);
    if (!cluster) throw new HttpError(404, `Kafka cluster '${clusterId}' not found in environment '${environmentId}'`);
    return cluster;
  }

  crn(...parts: string[]): string {
    return `crn://confluent.cloud/organization=${this.cfg.organizationId}${parts.map((p) => `/${p}`).join("")}`;
  }

  environmentRef(origin: string): Record<string, string> {
    const env = this.cfg.environmentId;
    return { id: env, related: `${origin}/org/v2/environments/${env}`, resource_name: this.crn(`environment=${env}`) };
  }

  clusterRef(origin: string, cluster: KafkaCluster): Record<string, string> {
    const env = this.cfg.environmentId;
    return {
      id: cluster.id,
      environment: env,
      related: `${origin}/cmk/v2/clusters/${cluster.id}`,
      resource_name: this.crn(`environment=${env}`, `cloud-cluster=${cluster.id}`),
    };
  }

  /** A host-name fragment for the cluster's endpoints: `lkc-abc12` -> `abc12`. */
  static hostPart(cluster: KafkaCluster): string {
    return cluster.id.replace(/^lkc-/, "").toLowerCase().replace(/[^a-z0-9-]/g, "-");
  }

  close(): void {
    this.scheduler.close();
  }
}

/** A required query parameter, or a 400 naming it (`source.parameter`, as the APIs do). */
export function requiredParam(url: URL, name: string): string {
  const v = url.searchParams.get(name);
  if (v === null || v.trim() === "") throw new HttpError(400, `Query parameter '${name}' is required`, { parameter: name });
  return v;
}
