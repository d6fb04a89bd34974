import { describe, expect, it } from "vitest";
import { InterfaceError, ProgrammingError } from "../../../src/index.ts";
import { basic, CONNECT, cpCalls, CP, flinkOnly, GLOBAL, setup } from "./fixtures.ts";

describe("ControlPlane.request", () => {
  it("sends a GET to the control plane with the global key and hands back status, body and request id", async () => {
    const { gw, cp } = setup();
    gw.on("GET", "/org/v2/environments", { json: { data: [{ id: "env-1" }] }, headers: { "x-request-id": "rq-7" } });
    const res = await cp.request({ path: "/org/v2/environments", query: { page_size: "10", page_token: undefined } });
    expect([res.status, res.body, res.requestId]).toEqual([200, { data: [{ id: "env-1" }] }, "rq-7"]);
    expect(res.headers.get("x-request-id")).toBe("rq-7");
    expect(cpCalls(gw.requests)).toEqual(["GET /org/v2/environments?page_size=10"]);
    expect(gw.requests[0]!.headers.get("authorization")).toBe(basic(GLOBAL));
  });

  it("uses the Connect pair for api: connect without a global key, and sends a JSON body", async () => {
    const { gw, cp } = setup({ connect: flinkOnly, cp: { connectApiKey: CONNECT.key, connectApiSecret: CONNECT.secret } });
    gw.on("POST", "/connect/v1/anything", { status: 201, json: { ok: true } });
    const res = await cp.request({ method: "POST", path: `${CP}/connect/v1/anything`, body: { a: 1 }, api: "connect" });
    expect(res.status).toBe(201);
    const r = gw.requests[0]!;
    expect([r.method, r.body, r.headers.get("authorization"), r.headers.get("content-type")]).toEqual(["POST", { a: 1 }, basic(CONNECT), "application/json"]);
  });

  it("returns accepted statuses and throws coded errors for the others; a POST is not retried", async () => {
    const { gw, cp } = setup();
    gw.on("GET", "/x", { status: 404, json: { errors: [{ detail: "nothing" }] } }, { status: 404, json: { errors: [{ detail: "nothing" }] } });
    expect((await cp.request({ path: "/x", accept: [404] })).status).toBe(404);
    const e = (await cp.request({ path: "/x" }).catch((x: unknown) => x)) as ProgrammingError;
    expect(e).toBeInstanceOf(ProgrammingError);
    expect([e.code, e.status, e.detail]).toEqual(["NOT_FOUND", 404, "nothing"]);
    gw.on("POST", "/y", { status: 503, json: {} });
    await expect(cp.request({ method: "POST", path: "/y" })).rejects.toMatchObject({ code: "SERVER_ERROR" });
    expect(gw.calls("POST", "/y").length).toBe(1);
  });

  it("refuses anything that would send the credentials off the control plane", async () => {
    const { gw, cp } = setup();
    for (const path of ["https://evil.example/cmk/v2/clusters", "//evil.example/x", "http://cp.example/x", "", "not a url"]) {
      const e = (await cp.request({ path }).catch((x: unknown) => x)) as InterfaceError;
      expect(e, path).toBeInstanceOf(InterfaceError);
      expect(e.code, path).toBe("CONTROL_PLANE_REQUEST_INVALID");
    }
    await expect(cp.request({ path: "/x", method: "TRACE" as never })).rejects.toMatchObject({ code: "CONTROL_PLANE_REQUEST_INVALID" });
    await expect(cp.request({ path: "/x", api: "flink" as never })).rejects.toMatchObject({ code: "CONTROL_PLANE_REQUEST_INVALID" });
    expect(gw.requests).toEqual([]);
  });
});
