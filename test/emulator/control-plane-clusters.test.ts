/**
 * GET /cmk/v2/clusters: one Kafka cluster per SQL database of the environment (how clients
 * resolve a database name to its lkc id), paged with metadata.next; a missing environment is a
 * 400, another environment a 403; authentication, 405 and faults as on the other routes.
 */
import { afterEach, describe, expect, it } from "vitest";
import { controlPlane, type ControlPlaneHarness } from "./support/control-plane.ts";

let h: ControlPlaneHarness;
afterEach(async () => {
  await h?.emu.close();
});

const ORG = "b0b21724-4586-4a07-b787-d0bb5aacbf87";
const DATABASES = [
  { id: "lkc-orders1", name: "orders" },
  { id: "lkc-audit02", name: "audit" },
  { id: "lkc-misc003", name: "misc" },
];

describe("cmk/v2 clusters", () => {
  it("lists the default database as one cluster, in the cmk/v2 shape", async () => {
    h = controlPlane();
    const r = await h.call("GET", "/cmk/v2/clusters?environment=env-emu001&page_size=100");
    expect(r.status).toBe(200);
    expect(r.headers.get("x-request-id")).toMatch(/^[0-9a-f]{32}$/);
    expect(r.body).toEqual({
      api_version: "cmk/v2",
      kind: "ClusterList",
      metadata: { first: "http://emulator.local/cmk/v2/clusters?environment=env-emu001", total_size: 1 },
      data: [
        {
          api_version: "cmk/v2",
          kind: "Cluster",
          id: "lkc-emu001",
          metadata: {
            self: "http://emulator.local/cmk/v2/clusters/lkc-emu001",
            resource_name: `crn://confluent.cloud/organization=${ORG}/environment=env-emu001/cloud-cluster=lkc-emu001/kafka=lkc-emu001`,
            created_at: "2024-01-01T00:00:00.000000Z",
            updated_at: "2024-01-01T00:00:00.000000Z",
          },
          spec: {
            display_name: "cluster_0",
            availability: "SINGLE_ZONE",
            cloud: "AWS",
            region: "us-east-1",
            config: { kind: "Basic" },
            kafka_bootstrap_endpoint: "SASL_SSL://pkc-emu001.us-east-1.aws.confluent.cloud:9092",
            http_endpoint: "https://pkc-emu001.us-east-1.aws.confluent.cloud:443",
            api_endpoint: "https://pkac-emu001.us-east-1.aws.confluent.cloud",
            environment: {
              id: "env-emu001",
              related: "http://emulator.local/org/v2/environments/env-emu001",
              resource_name: `crn://confluent.cloud/organization=${ORG}/environment=env-emu001`,
            },
          },
          status: { phase: "PROVISIONED" },
        },
      ],
    });
  });

  it("pages through several databases with next links (page_token last) until there is none", async () => {
    h = controlPlane({ databases: DATABASES });
    const first = await h.call("GET", "/cmk/v2/clusters?environment=env-emu001&page_size=2");
    expect(first.status).toBe(200);
    expect(first.body.data.map((c: any) => [c.id, c.spec.display_name])).toEqual([
      ["lkc-orders1", "orders"],
      ["lkc-audit02", "audit"],
    ]);
    const next: string = first.body.metadata.next;
    expect(next).toMatch(/^http:\/\/emulator\.local\/cmk\/v2\/clusters\?environment=env-emu001&page_size=2&page_token=[^&]+$/);
    const second = await h.call("GET", next);
    expect(second.status).toBe(200);
    expect(second.body.data.map((c: any) => c.id)).toEqual(["lkc-misc003"]);
    expect(second.body.metadata.next).toBeUndefined();
    expect(second.body.metadata.total_size).toBe(3);
    // The default page holds 10, so one page has them all.
    const all = await h.call("GET", "/cmk/v2/clusters?environment=env-emu001");
    expect(all.body.data.map((c: any) => c.spec.display_name)).toEqual(["orders", "audit", "misc"]);
    expect(all.body.metadata.next).toBeUndefined();
  });

  it("rejects bad paging parameters with a 400 naming the parameter", async () => {
    h = controlPlane();
    const size = await h.call("GET", "/cmk/v2/clusters?environment=env-emu001&page_size=0");
    expect(size.status).toBe(400);
    expect(size.body.errors[0]).toMatchObject({ status: "400", detail: "page_size must be a positive integer, got '0'", source: { parameter: "page_size" } });
    const token = await h.call("GET", "/cmk/v2/clusters?environment=env-emu001&page_token=garbage");
    expect(token.status).toBe(400);
    expect(token.body.errors[0]).toMatchObject({ detail: "page_token is not valid", source: { parameter: "page_token" } });
  });

  it("needs the environment parameter (400) and answers 403 for an environment it does not have", async () => {
    h = controlPlane();
    const missing = await h.call("GET", "/cmk/v2/clusters?page_size=100");
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({
      errors: [{ id: missing.headers.get("x-request-id"), status: "400", detail: "Query parameter 'environment' is required", source: { parameter: "environment" } }],
    });
    const other = await h.call("GET", "/cmk/v2/clusters?environment=env-other");
    expect(other.status).toBe(403);
    expect(other.body.errors[0]).toMatchObject({
      status: "403",
      detail: "Forbidden Access: environment 'env-other' is not visible to this API key",
      source: { parameter: "environment" },
    });
  });

  it("authenticates like the statement routes and answers 405 for other methods", async () => {
    h = controlPlane();
    const anonymous = await h.emu.fetch("http://emulator.local/cmk/v2/clusters?environment=env-emu001");
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toBe('Basic realm="Confluent Cloud"');
    const wrongKey = await h.call("GET", "/cmk/v2/clusters?environment=env-emu001", undefined, { Authorization: `Basic ${btoa("nobody:nothing")}` });
    expect(wrongKey.status).toBe(401);
    expect(wrongKey.body.errors[0].detail).toBe("The API Key is invalid");
    const post = await h.call("POST", "/cmk/v2/clusters", {});
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET");
  });

  it("takes faults aimed at its route id, in sequence, then answers normally", async () => {
    h = controlPlane({ faults: [{ route: "clusters.list", sequence: [{ kind: "rate-limit", retryAfterSeconds: 3 }, { kind: "drop" }] }] });
    const limited = await h.call("GET", "/cmk/v2/clusters?environment=env-emu001");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("3");
    await expect(h.call("GET", "/cmk/v2/clusters?environment=env-emu001")).rejects.toThrow(TypeError);
    expect((await h.call("GET", "/cmk/v2/clusters?environment=env-emu001")).status).toBe(200);
  });

  it("answers over real HTTP too, with links on the listener's origin", async () => {
    h = controlPlane({ databases: DATABASES });
    const server = await h.emu.listen();
    try {
      const { flinkApiKey, flinkApiSecret } = h.emu.connectOptions;
      const res = await fetch(`${server.url}/cmk/v2/clusters?environment=env-emu001&page_size=1`, {
        headers: { Authorization: `Basic ${btoa(`${flinkApiKey}:${flinkApiSecret}`)}` },
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { data: Array<{ id: string }>; metadata: { next: string } };
      expect(body.data.map((c) => c.id)).toEqual(["lkc-orders1"]);
      expect(body.metadata.next.startsWith(`${server.url}/cmk/v2/clusters?environment=env-emu001&page_size=1&page_token=`)).toBe(true);
    } finally {
      await server.close();
    }
  });

  it("an injected error answers in the v2 error shape without handling the request", async () => {
    h = controlPlane({ faults: [{ route: "clusters.list", sequence: [{ kind: "error", status: 503 }] }] });
    const r = await h.call("GET", "/cmk/v2/clusters?environment=env-emu001");
    expect(r.status).toBe(503);
    expect(r.body).toEqual({ errors: [{ id: r.headers.get("x-request-id"), status: "503", detail: "Service Unavailable", source: {} }] });
  });
});
