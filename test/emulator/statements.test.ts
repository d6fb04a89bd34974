/**
 * Statement routes: create, get, list, PUT, PATCH, DELETE, exceptions; every status code;
 * bodies validated with the client's schemas and compared with the reference's examples.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  ErrorBodyStruct,
  StatementExceptionListStruct,
  StatementListStruct,
  StatementStruct,
  validate,
} from "../../src/client/schemas.ts";
import { parseColumnsJson } from "../../src/types/schema-json.ts";
import { makeHarness, type Harness } from "./support/harness.ts";
import { COLUMNS } from "./support/scripted-engine.ts";
import { REF_404, REF_409_NAME, REF_EXCEPTIONS, REF_LIST, REF_STATEMENT, shapeDiff } from "./support/reference.ts";

let h: Harness;
afterEach(async () => {
  await h?.emu.close();
});

function expectError(reply: { status: number; body: any; headers: Headers }, status: number, detail?: string | RegExp) {
  expect(reply.status).toBe(status);
  validate(reply.body, ErrorBodyStruct, "error body");
  expect(reply.body.errors).toHaveLength(1);
  const e = reply.body.errors[0];
  expect(e.status).toBe(String(status));
  expect(e.id).toMatch(/^[0-9a-f]{32}$/);
  expect(e.id).toBe(reply.headers.get("x-request-id"));
  expect(typeof e.source).toBe("object");
  if (typeof detail === "string") expect(e.detail).toBe(detail);
  else if (detail) expect(e.detail).toMatch(detail);
}

describe("create", () => {
  it("answers 201 PENDING with Location, then RUNNING/COMPLETED on the next GET", async () => {
    h = makeHarness();
    const r = await h.create("orders-top10", "SNAPSHOT 3", {
      metadata: { labels: { "user.confluent.io/my-batch": "true" } },
      spec: { properties: { "sql.current-catalog": "my-env", "sql.snapshot.mode": "now", "sql.x": 5, "sql.y": true }, principal: "sa-23kgz4" },
    });
    expect(r.status).toBe(201);
    validate(r.body, StatementStruct, "statement");
    const self = `http://emulator.local${h.base}/orders-top10`;
    expect(r.headers.get("location")).toBe(self);
    expect(r.body.metadata.self).toBe(self);
    expect(r.body.status.phase).toBe("PENDING");
    expect(r.body.status.traits.sql_kind).toBe("SELECT");
    expect(r.body.status.traits.schema.columns[0]).toEqual({ name: "id", type: { type: "BIGINT", nullable: false } });
    expect(parseColumnsJson(r.body.status.traits.schema.columns, "schema.columns")).toEqual(COLUMNS);
    expect(r.body.spec.properties).toEqual({ "sql.current-catalog": "my-env", "sql.snapshot.mode": "now", "sql.x": "5", "sql.y": "true" });
    expect(r.body.spec.compute_pool_id).toBe(h.emu.connectOptions.computePoolId);
    expect(r.body.spec.principal).toBe("sa-23kgz4");
    expect(r.body.spec.execution_mode).toBe("BATCH");
    expect(r.body.metadata.labels).toEqual({ "user.confluent.io/my-batch": "true" });
    expect(r.body.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(r.body.metadata.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(r.body.metadata.resource_version).toBe("1");
    const g = await h.call("GET", `${h.base}/orders-top10`);
    expect(g.status).toBe(200);
    expect(g.body.status.phase).toBe("COMPLETED");
    expect(Number(g.body.metadata.resource_version)).toBeGreaterThan(1);
    expect(g.body.metadata.uid).toBe(r.body.metadata.uid);
  });

  it("matches the reference Statement example field for field", async () => {
    h = makeHarness();
    await h.create("s1", "SNAPSHOT 1", { spec: { properties: { ...REF_STATEMENT.spec.properties } } });
    const g = await h.call("GET", `${h.base}/s1`);
    expect(shapeDiff(g.body, REF_STATEMENT)).toEqual([]);
    expect(g.body.api_version).toBe("sql/v1");
    expect(g.body.kind).toBe("Statement");
    expect(g.body.organization_id).toBe(h.emu.organizationId);
    expect(g.body.environment_id).toBe(h.emu.environmentId);
    expect(g.body.status.network_kind).toBe("PUBLIC");
    expect(g.body.status.scaling_status.scaling_state).toBe("OK");
    expect(g.body.status.scaling_status.last_updated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(g.body.status.traits.connection_refs).toEqual([]);
    expect(g.body.status.traits.upsert_columns).toBeNull();
    expect(g.body.status.detail).toBe("");
  });

  it("defaults: properties null when none given, principal from the key, pool default for empty string", async () => {
    h = makeHarness({ principal: "u-abc123" });
    const r = await h.create("s2", "STREAM", { spec: { compute_pool_id: "" } });
    expect(r.body.spec.properties).toBeNull();
    expect(r.body.spec.principal).toBe("u-abc123");
    expect(r.body.spec.compute_pool_id).toBe(h.emu.connectOptions.computePoolId);
    expect(r.body.spec.execution_mode).toBe("STREAMING");
    expect(r.body.spec.stopped).toBe(false);
    const other = await h.create("s3", "STREAM", { spec: { compute_pool_id: "lfcp-other" } });
    expect(other.body.spec.compute_pool_id).toBe("lfcp-other");
  });

  it("409 on a duplicate name (with Location), reusable after delete", async () => {
    h = makeHarness();
    expect((await h.create("foo", "STREAM")).status).toBe(201);
    const dup = await h.create("foo", "STREAM");
    expectError(dup, 409, "Statement name 'foo' is already in use");
    expect(shapeDiff(dup.body, REF_409_NAME)).toEqual([]);
    expect(dup.body.errors[0].source).toEqual({ pointer: "/name" });
    expect(dup.headers.get("location")).toBe(`http://emulator.local${h.base}/foo`);
    expect((await h.call("DELETE", `${h.base}/foo`)).status).toBe(202);
    expect((await h.create("foo", "STREAM")).status).toBe(201);
  });

  it("FAILED at create for a compile error, with detail, null traits and an exception", async () => {
    h = makeHarness();
    const r = await h.create("bad", "FAIL SQL parse failed. Encountered \"FROMM\" at line 1, column 10.");
    expect(r.status).toBe(201);
    validate(r.body, StatementStruct, "statement");
    expect(r.body.status.phase).toBe("FAILED");
    expect(r.body.status.detail).toBe('SQL parse failed. Encountered "FROMM" at line 1, column 10.');
    expect(r.body.status.traits).toBeNull();
    const ex = await h.call("GET", `${h.base}/bad/exceptions`);
    expect(ex.status).toBe(200);
    validate(ex.body, StatementExceptionListStruct, "exceptions");
    expect(shapeDiff(ex.body, REF_EXCEPTIONS)).toEqual([]);
    expect(ex.body.data[0].name).toBe("org.apache.flink.table.api.ValidationException");
    expect(ex.body.data[0].message).toBe(
      'org.apache.flink.table.api.ValidationException: SQL parse failed. Encountered "FROMM" at line 1, column 10.',
    );
    expect(ex.body.metadata.self).toBe(`http://emulator.local${h.base}/bad/exceptions`);
    // Terminal, not the retryable 409 "not ready": a client retrying on 409 would spin forever.
    for (let i = 0; i < 2; i++) {
      const res = await h.call("GET", `${h.base}/bad/results`);
      expectError(res, 400, 'Results for Statement=bad are not available: the statement failed: SQL parse failed. Encountered "FROMM" at line 1, column 10.');
    }
  });

  it("an engine that throws a plain Error fails the statement instead of the request", async () => {
    h = makeHarness();
    const r = await h.create("buggy", "THROWS");
    expect(r.status).toBe(201);
    expect(r.body.status.phase).toBe("FAILED");
    expect(r.body.status.detail).toBe("Internal error: engine bug");
  });

  it("rejects bad requests with 400/422 and changes nothing", async () => {
    h = makeHarness();
    expectError(await h.call("POST", h.base, "{not json"), 400, "The request body is not valid JSON");
    expectError(await h.call("POST", h.base, [1]), 400);
    expectError(await h.call("POST", h.base, { spec: { statement: "STREAM" } }), 400, "name is required");
    expectError(await h.create("Bad_Name", "STREAM"), 422, /name 'Bad_Name' is invalid/);
    expectError(await h.create("-x", "STREAM"), 422);
    expectError(await h.create("a".repeat(101), "STREAM"), 422, "name must be at most 100 characters long");
    expectError(await h.call("POST", h.base, { name: "n1" }), 400, "spec is required");
    expectError(await h.call("POST", h.base, { name: "n1", spec: { statement: "" } }), 400, "spec.statement is required");
    const wrongOrg = await h.call("POST", h.base, { name: "n1", organization_id: "other", spec: { statement: "STREAM" } });
    expectError(wrongOrg, 422);
    expect(wrongOrg.body.errors[0].source).toEqual({ pointer: "/organization_id" });
    const badProp = await h.create("n1", "STREAM", { spec: { properties: { a: { nested: 1 } } } });
    expectError(badProp, 422, "value of 'a' must be a string");
    expect(badProp.body.errors[0].source).toEqual({ pointer: "/spec/properties/a" });
    expectError(await h.create("n1", "STREAM", { spec: { stopped: "no" } }), 422);
    expectError(await h.create("n1", "x".repeat(4_194_305)), 400, "This query is too large to process (exceeds 4194304 bytes).");
    expect(h.emu.statements()).toEqual([]);
    expect(h.engine.compiles).toBe(0);
  });

  it("a 72-character limit can be configured", async () => {
    h = makeHarness({ maxStatementNameLength: 72 });
    expectError(await h.create("a".repeat(73), "STREAM"), 422, "name must be at most 72 characters long");
    expect((await h.create("a".repeat(72), "STREAM")).status).toBe(201);
  });

  it("names with dots follow the OAS pattern", async () => {
    h = makeHarness();
    expect((await h.create("a.b-c.d", "STREAM")).status).toBe(201);
  });
});

describe("get and delete", () => {
  it("404 with the reference body for an unknown statement", async () => {
    h = makeHarness();
    for (const path of ["/foo", "/foo/results", "/foo/exceptions"]) {
      const r = await h.call("GET", `${h.base}${path}`);
      expectError(r, 404, "Statement=foo not found");
      expect(shapeDiff(r.body, REF_404)).toEqual([]);
    }
    expectError(await h.call("DELETE", `${h.base}/foo`), 404);
    expectError(await h.call("PATCH", `${h.base}/foo`, [{ op: "replace", path: "/spec/stopped", value: true }]), 404);
    expectError(await h.call("PUT", `${h.base}/foo`, { name: "foo", metadata: { resource_version: "1" }, spec: { stopped: true } }), 404);
  });

  it("DELETE answers 202 without a body; GET shows DELETING, then 404", async () => {
    h = makeHarness({ manual: true, timing: { pendingMs: 0, deletingMs: 500 } });
    await h.create("d1", "STREAM");
    const d = await h.call("DELETE", `${h.base}/d1`);
    expect(d.status).toBe(202);
    expect(d.text).toBe("");
    const g = await h.call("GET", `${h.base}/d1`);
    expect(g.status).toBe(200);
    expect(g.body.status.phase).toBe("DELETING");
    expectError(await h.call("GET", `${h.base}/d1/results`), 404);
    expect((await h.call("DELETE", `${h.base}/d1`)).status).toBe(202);
    expectError(await h.create("d1", "STREAM"), 409);
    h.clock!.advance(500);
    expectError(await h.call("GET", `${h.base}/d1`), 404, "Statement=d1 not found");
    expect(h.engine.run("d1").stops).toBeGreaterThan(0);
    expect(h.engine.run("d1").disposes).toBe(1);
  });
});

describe("PATCH (JSON Patch stop)", () => {
  it("200 with spec.stopped true while the phase is still RUNNING; then STOPPING, STOPPED", async () => {
    h = makeHarness({ manual: true, timing: { pendingMs: 0, stoppingMs: 1000 } });
    await h.create("p1", "STREAM");
    expect((await h.call("GET", `${h.base}/p1`)).body.status.phase).toBe("RUNNING");
    const p = await h.call("PATCH", `${h.base}/p1`, [{ op: "replace", path: "/spec/stopped", value: true }]);
    expect(p.status).toBe(200);
    validate(p.body, StatementStruct, "statement");
    expect(p.body.spec.stopped).toBe(true);
    expect(p.body.status.phase).toBe("RUNNING");
    const g = await h.call("GET", `${h.base}/p1`);
    expect(g.body.status.phase).toBe("STOPPING");
    expect(h.engine.run("p1").stops).toBe(1);
    h.clock!.advance(1000);
    const g2 = await h.call("GET", `${h.base}/p1`);
    expect(g2.body.status.phase).toBe("STOPPED");
    expect(Number(g2.body.metadata.resource_version)).toBeGreaterThan(Number(g.body.metadata.resource_version));
  });

  it("accepts the upper-case op and label paths; rejects unsupported ones with 422, failed tests with 409", async () => {
    h = makeHarness();
    await h.create("p2", "STREAM");
    const up = await h.call("PATCH", `${h.base}/p2`, [
      { op: "REPLACE", path: "/spec/stopped", value: true },
      { op: "add", path: "/metadata/labels/user.confluent.io~1hidden", value: "true" },
    ]);
    expect(up.status).toBe(200);
    expect(up.body.spec.stopped).toBe(true);
    expect(up.body.metadata.labels).toEqual({ "user.confluent.io/hidden": "true" });
    expect((await h.call("GET", `${h.base}/p2`)).body.status.phase).toBe("STOPPED");
    const bad = await h.call("PATCH", `${h.base}/p2`, [{ op: "replace", path: "/spec/statement", value: "x" }]);
    expectError(bad, 422);
    expect(bad.body.errors[0].source).toEqual({ pointer: "/0" });
    expectError(await h.call("PATCH", `${h.base}/p2`, [{ op: "move", path: "/spec/stopped", from: "/x" }]), 422);
    expectError(await h.call("PATCH", `${h.base}/p2`, [{ op: "replace", path: "/spec/stopped", value: "yes" }]), 422);
    expectError(await h.call("PATCH", `${h.base}/p2`, { op: "replace" }), 400);
    expectError(await h.call("PATCH", `${h.base}/p2`, [{ op: "test", path: "/spec/stopped", value: false }]), 409);
    const t = await h.call("PATCH", `${h.base}/p2`, [{ op: "test", path: "/spec/stopped", value: true }]);
    expect(t.status).toBe(200);
  });
});

describe("PUT (full update)", () => {
  it("202 no body; 409 when resource_version is stale; 400 without it", async () => {
    h = makeHarness();
    await h.create("u1", "INSERT");
    const g = await h.call("GET", `${h.base}/u1`);
    const rv = g.body.metadata.resource_version;
    expectError(await h.call("PUT", `${h.base}/u1`, { ...g.body, metadata: { ...g.body.metadata, resource_version: "1" } }), 409, /resource_version 1 is stale/);
    expectError(await h.call("PUT", `${h.base}/u1`, { name: "u1", spec: { stopped: true } }), 400, "metadata.resource_version is required");
    const body = { ...g.body, spec: { ...g.body.spec, stopped: true } };
    const p = await h.call("PUT", `${h.base}/u1`, body);
    expect(p.status).toBe(202);
    expect(p.text).toBe("");
    const after = await h.call("GET", `${h.base}/u1`);
    expect(after.body.status.phase).toBe("STOPPED");
    expect(after.body.spec.stopped).toBe(true);
    expect(Number(after.body.metadata.resource_version)).toBeGreaterThan(Number(rv));
    // The old body is stale now.
    expectError(await h.call("PUT", `${h.base}/u1`, body), 409);
  });

  it("resumes an INSERT with a new pool and principal: STOPPED -> PENDING -> RUNNING", async () => {
    h = makeHarness();
    await h.create("u2", "INSERT");
    await h.call("PATCH", `${h.base}/u2`, [{ op: "replace", path: "/spec/stopped", value: true }]);
    const g = await h.call("GET", `${h.base}/u2`);
    expect(g.body.status.phase).toBe("STOPPED");
    const body = { ...g.body, spec: { ...g.body.spec, stopped: false, compute_pool_id: "lfcp-new", principal: "sa-new" } };
    expect((await h.call("PUT", `${h.base}/u2`, body)).status).toBe(202);
    const after = await h.call("GET", `${h.base}/u2`);
    expect(after.body.status.phase).toBe("RUNNING");
    expect(after.body.spec.compute_pool_id).toBe("lfcp-new");
    expect(after.body.spec.principal).toBe("sa-new");
    expect(h.engine.run("u2").resumes).toBe(1);
  });

  it("refuses to resume a SELECT (400), to change the SQL (422), and a foreign name (422)", async () => {
    h = makeHarness();
    await h.create("u3", "STREAM");
    await h.call("PATCH", `${h.base}/u3`, [{ op: "replace", path: "/spec/stopped", value: true }]);
    const g = await h.call("GET", `${h.base}/u3`);
    expectError(await h.call("PUT", `${h.base}/u3`, { ...g.body, spec: { ...g.body.spec, stopped: false } }), 400, /cannot be resumed/);
    expectError(await h.call("PUT", `${h.base}/u3`, { ...g.body, spec: { ...g.body.spec, statement: "OTHER" } }), 422, /immutable/);
    expectError(await h.call("PUT", `${h.base}/u3`, { ...g.body, name: "other" }), 422);
    expectError(await h.call("PUT", `${h.base}/u3`, "nope"), 400);
    expect((await h.call("GET", `${h.base}/u3`)).body.metadata.resource_version).toBe(g.body.metadata.resource_version);
  });
});

describe("list", () => {
  it("matches the reference list example and validates", async () => {
    h = makeHarness();
    for (let i = 0; i < 3; i++) await h.create(`l${i}`, "STREAM");
    const r = await h.call("GET", `${h.base}?page_size=2`);
    expect(r.status).toBe(200);
    validate(r.body, StatementListStruct, "list");
    expect(shapeDiff({ ...r.body, data: [] }, REF_LIST)).toEqual([]);
    expect(r.body.metadata.self).toBe(`http://emulator.local${h.base}`);
    expect(r.body.data.map((s: any) => s.name)).toEqual(["l0", "l1"]);
    expect(shapeDiff(r.body.data[0], REF_STATEMENT, { nullable: ["$.spec.properties"] })).toEqual([]);
  });
});
