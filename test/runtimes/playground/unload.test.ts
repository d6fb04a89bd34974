// @vitest-environment happy-dom
/** The keepalive stop the playground sends for a running streaming statement as the page goes away. */
import { describe, expect, it } from "vitest";
import { stopOnLeaveRequest } from "../../../playground/unload.ts";

const target = { endpoint: "https://w.example/", organizationId: "b0b2-org", environmentId: "env-1" };

describe("stopOnLeaveRequest", () => {
  it("is the client's stop PATCH on the proxy's statement route, marked keepalive", () => {
    const { url, init } = stopOnLeaveRequest(target, "feed-1", "");
    expect(url).toBe("https://w.example/sql/v1/organizations/b0b2-org/environments/env-1/statements/feed-1");
    expect(init.method).toBe("PATCH");
    expect(init.keepalive).toBe(true);
    expect(init.headers).toEqual({ "content-type": "application/json-patch+json" });
    expect(JSON.parse(init.body as string)).toEqual([{ op: "replace", path: "/spec/stopped", value: true }]);
  });

  it("carries the proxy token when the page has one, and encodes the path segments", () => {
    const { url, init } = stopOnLeaveRequest({ ...target, environmentId: "env/1" }, "a b", "tok-123");
    expect(url).toBe("https://w.example/sql/v1/organizations/b0b2-org/environments/env%2F1/statements/a%20b");
    expect(init.headers).toEqual({ "content-type": "application/json-patch+json", authorization: "Bearer tok-123" });
  });
});
