/**
 * Shared set-up of the control-plane unit tests: a connection on the scripted fake gateway
 * (test/support/fake-gateway.ts, whose non-gateway routes match the whole path), the helper
 * under test, and wire bodies in the shapes of python-driver.md section 4.8.
 */
import { connect, type ConnectOptions } from "../../../src/index.ts";
import { controlPlane, type ControlPlaneOptions } from "../../../src/control-plane/index.ts";
import { BASE, ENV, FakeGateway, ORG, type RecordedRequest } from "../../support/fake-gateway.ts";

export const CP = "https://cp.example";
export const LKC = "lkc-0001";
export const GLOBAL = { key: "GLOBALKEY1", secret: "global-secret-value-1" };
export const FLINK = { key: "FLINKKEY1", secret: "flink-secret-value-1" };
export const TABLEFLOW = { key: "TFKEY1", secret: "tableflow-secret-value-1" };
export const CONNECT = { key: "CONNECTKEY1", secret: "connect-secret-value-1" };

export const basic = (pair: { key: string; secret: string }) => `Basic ${btoa(`${pair.key}:${pair.secret}`)}`;

export interface SetupOptions {
  connect?: Partial<ConnectOptions>;
  cp?: ControlPlaneOptions;
}

/** A connection with a global key and `database: "cluster_0"`, and its control-plane helper (fast polling). */
export function setup(o: SetupOptions = {}) {
  const gw = new FakeGateway();
  const conn = connect({
    organizationId: ORG,
    environmentId: ENV,
    endpoint: BASE,
    controlPlaneEndpoint: CP,
    globalApiKey: GLOBAL.key,
    globalApiSecret: GLOBAL.secret,
    database: "cluster_0",
    fetch: gw.fetch,
    retry: { initialDelayMs: 1, maxDelayMs: 1 },
    ...o.connect,
  });
  const cp = controlPlane(conn, { poll: { initialMs: 1, maxMs: 2 }, ...o.cp });
  return { gw, conn, cp };
}

/** Options that replace the global key by a Flink key (the dedicated pairs then matter). */
export const flinkOnly: Partial<ConnectOptions> = { globalApiKey: undefined, globalApiSecret: undefined, flinkApiKey: FLINK.key, flinkApiSecret: FLINK.secret };

/** A CMK cluster list page; `next` is a page token rendered as an absolute URL. */
export function clustersPage(clusters: Array<[id: string, name: string]>, next: string | null = null) {
  return {
    json: {
      api_version: "cmk/v2",
      kind: "ClusterList",
      metadata: next === null ? {} : { next: `${CP}/cmk/v2/clusters?environment=${ENV}&page_size=100&page_token=${next}` },
      data: clusters.map(([id, name]) => ({ id, spec: { display_name: name, environment: { id: ENV } } })),
    },
  };
}

/** A Tableflow topic body. */
export function topicJson(o: { table?: string; phase?: string; formats?: string[]; storage?: Record<string, unknown>; status?: Record<string, unknown> } = {}) {
  return {
    api_version: "tableflow/v1",
    kind: "TableflowTopic",
    metadata: { self: `${CP}/tableflow/v1/tableflow-topics/${o.table ?? "orders"}` },
    spec: {
      display_name: o.table ?? "orders",
      storage: o.storage ?? { kind: "Managed", table_path: "s3://managed/orders" },
      table_formats: o.formats ?? ["ICEBERG"],
      environment: { id: ENV },
      kafka_cluster: { id: LKC },
      suspended: false,
      config: { retention_ms: "604800000", enable_compaction: true, enable_partitioning: false },
    },
    status: { phase: o.phase ?? "PENDING", write_mode: "UPSERT", error_message: "", failing_table_formats: [], catalog_sync_statuses: [], ...o.status },
  };
}

/** A connector read body; `config` as the server returns it. */
export function connectorJson(name: string, config: Record<string, string>) {
  return { name, type: "source", config: { ...config, name }, tasks: [{ connector: name, task: 0 }] };
}

/** A connector status body. */
export function statusJson(name: string, state: string, extra: { trace?: string; tasks?: Array<Record<string, unknown>> } = {}) {
  return {
    name,
    type: "source",
    connector: { state, worker_id: "w-1", trace: extra.trace ?? "" },
    tasks: extra.tasks ?? [{ id: 0, state: state === "PROVISIONING" ? "PROVISIONING" : state, worker_id: "w-1" }],
    plugin_lifecycle: null,
  };
}

/** The control-plane requests (those to {@link CP}), as `METHOD path?query`. */
export function cpCalls(requests: readonly RecordedRequest[]): string[] {
  return requests.filter((r) => r.url.origin === CP).map((r) => `${r.method} ${r.url.pathname}${r.url.search}`);
}

export const CONNECTORS = `/connect/v1/environments/${ENV}/clusters/${LKC}/connectors`;
