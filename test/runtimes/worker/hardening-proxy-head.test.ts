/**
 * HEAD on the /sql/v1 proxy: no statement route allows it (the statements API has no HEAD), so
 * it is 405 with the route's methods in Allow and the upstream is never asked; redirect method
 * rules without a HEAD case (a 303 always continues as a GET).
 */
import { describe, expect, it } from "vitest";
import { createApp, type AppDeps, type HostedEmulator } from "../../../src/worker/app.ts";
import { proxySqlV1, type ProxyTarget } from "../../../src/worker/proxy.ts";

const UP = "https://flink.us-east-2.aws.confluent.cloud";
const P = "/sql/v1/organizations/org-1/environments/env-1";

function target(handler: (r: Request) => Response | Promise<Response>, seen: Request[]): ProxyTarget {
  return {
    endpoint: UP,
    organizationId: "org-1",
    environmentId: "env-1",
    authorization: "Basic U0VDUkVU",
    fetch: async (r) => {
      seen.push(r);
      return handler(r);
    },
  };
}

describe("HEAD on the proxy", () => {
  it("is 405 METHOD_NOT_ALLOWED on every statement route, naming the route's methods, without contacting the upstream", async () => {
    const seen: Request[] = [];
    const cases: Array<[string, string]> = [
      [`${P}/statements`, "GET, POST"],
      [`${P}/statements/s-1`, "GET, PUT, PATCH, DELETE"],
      [`${P}/statements/s-1/results`, "GET"],
      [`${P}/statements/s-1/exceptions`, "GET"],
    ];
    for (const [path, allow] of cases) {
      const res = await proxySqlV1(new Request(`https://p.example${path}`, { method: "HEAD" }), target(() => Response.json({ data: [] }), seen));
      expect(res.status, path).toBe(405);
      expect(res.headers.get("allow"), path).toBe(allow);
      expect(await res.json()).toMatchObject({ errors: [{ status: "405", code: "METHOD_NOT_ALLOWED", detail: "HEAD is not allowed on this route" }] });
    }
    expect(seen).toHaveLength(0);
  });

  it("is 405 through the router on the emulator as well", async () => {
    let asked = 0;
    const emulator: HostedEmulator = {
      connectOptions: { endpoint: "http://emu", organizationId: "org-e", environmentId: "env-e", flinkApiKey: "k", flinkApiSecret: "s" },
      fetch: async () => {
        asked++;
        return Response.json({ data: [] });
      },
    };
    const deps: AppDeps = {
      emulator: () => emulator,
      connect: () => {
        throw new Error("must not connect");
      },
    };
    const res = await createApp(deps)(new Request("http://localhost/sql/v1/organizations/org-e/environments/env-e/statements/s-1/results", { method: "HEAD" }), {});
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET");
    expect(asked).toBe(0);
  });
});

describe("redirect method rules", () => {
  it("continue a DELETE answered with 303 as a GET without a body, and rewrite the JSON answer's links", async () => {
    const seen: Request[] = [];
    const res = await proxySqlV1(
      new Request(`https://p.example${P}/statements/s-1`, { method: "DELETE" }),
      target((r) => {
        if (r.method === "DELETE") return new Response(null, { status: 303, headers: { location: `${P}/statements/s-1` } });
        return Response.json({ name: "s-1", metadata: { self: `${UP}${P}/statements/s-1` } });
      }, seen),
    );
    expect(seen.map((r) => r.method)).toEqual(["DELETE", "GET"]);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ name: "s-1", metadata: { self: `https://p.example${P}/statements/s-1` } });
  });

  it("keep a PUT answered with 307 a PUT with its body", async () => {
    const seen: Request[] = [];
    const bodies: string[] = [];
    const res = await proxySqlV1(
      new Request(`https://p.example${P}/statements/s-1`, { method: "PUT", headers: { "content-type": "application/json" }, body: '{"spec":{}}' }),
      target(async (r) => {
        bodies.push(await r.text());
        if (seen.length === 1) return new Response(null, { status: 307, headers: { location: `${UP}${P}/statements/s-1?moved=1` } });
        return Response.json({ name: "s-1" });
      }, seen),
    );
    expect(res.status).toBe(200);
    expect(seen.map((r) => `${r.method} ${new URL(r.url).search}`)).toEqual(["PUT ", "PUT ?moved=1"]);
    expect(bodies).toEqual(['{"spec":{}}', '{"spec":{}}']);
  });
});
