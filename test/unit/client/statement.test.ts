import { describe, expect, it } from "vitest";
import { Statement } from "../../../src/client/statement.ts";
import { ProtocolError } from "../../../src/errors.ts";
import { statementJson } from "../../support/fake-gateway.ts";

describe("Statement", () => {
  it("reads the fields the client uses", () => {
    const st = Statement.fromJson(statementJson({ name: "s", phase: "RUNNING", resourceVersion: "7", stopped: true, labels: { "user.confluent.io/a": "true" } }));
    expect(st).toMatchObject({ name: "s", phase: "RUNNING", detail: "", resourceVersion: "7", stopRequested: true, computePoolId: "lfcp-1", principal: "u-1", sql: "SELECT 1" });
    expect(st.isTerminal).toBe(false);
    expect(st.endUserLabels).toEqual(["a"]);
    expect(st.toJSON()).toEqual({ name: "s", phase: "RUNNING", detail: "", computePoolId: "lfcp-1", sqlKind: "SELECT" });
  });

  it("keeps unknown phases and knows terminal ones", () => {
    expect(Statement.fromJson(statementJson({ phase: "SUSPENDED_FOR_MAINTENANCE" })).phase).toBe("SUSPENDED_FOR_MAINTENANCE");
    for (const p of ["COMPLETED", "STOPPED", "FAILED"]) expect(Statement.fromJson(statementJson({ phase: p })).isTerminal).toBe(true);
  });

  it("has null traits for FAILED and a null schema for DDL", () => {
    expect(Statement.fromJson(statementJson({ phase: "FAILED" })).traits).toBeNull();
    const ddl = Statement.fromJson(statementJson({ schema: null, sqlKind: "CREATE_TABLE" }));
    expect(ddl.traits?.sqlKind).toBe("CREATE_TABLE");
    expect(ddl.schema).toBeNull();
  });

  it("falls back to the legacy status.result_schema", () => {
    const json = statementJson({ traits: null });
    (json.status as Record<string, unknown>).result_schema = { columns: [{ name: "v", type: { type: "BOOLEAN", nullable: false } }] };
    const st = Statement.fromJson(json);
    expect(st.schema).toEqual([{ name: "v", type: { type: "BOOLEAN", nullable: false } }]);
  });

  it("detects pool exhaustion only while PENDING", () => {
    expect(Statement.fromJson(statementJson({ phase: "PENDING", scalingState: "POOL_EXHAUSTED" })).isPoolExhausted).toBe(true);
    expect(Statement.fromJson(statementJson({ phase: "RUNNING", scalingState: "POOL_EXHAUSTED" })).isPoolExhausted).toBe(false);
  });

  it("stringifies non-string property values and requires a phase", () => {
    const json = statementJson({ properties: { a: "x" } });
    (json.spec as { properties: Record<string, unknown> }).properties.n = 5;
    expect(Statement.fromJson(json).properties).toEqual({ a: "x", n: "5" });
    const bad = statementJson();
    delete (bad.status as Record<string, unknown>).phase;
    expect(() => Statement.fromJson(bad)).toThrow(ProtocolError);
  });
});
