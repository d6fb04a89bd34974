import { describe, expect, it } from "vitest";
import { Backoff, backoffDelay, parseRetryAfter, POLL_POLICY, RETRY_POLICY, sleep } from "../../../src/client/backoff.ts";
import { formatPath, StatementStruct, validate } from "../../../src/client/schemas.ts";
import { ProtocolError } from "../../../src/errors.ts";

describe("backoff", () => {
  it("grows exponentially, jitters within bounds and caps", () => {
    expect([0, 1, 2, 3].map((a) => backoffDelay(a, RETRY_POLICY, () => 0.5))).toEqual([100, 200, 400, 800]);
    expect(backoffDelay(0, RETRY_POLICY, () => 0)).toBe(50);
    expect(backoffDelay(0, RETRY_POLICY, () => 1)).toBe(150);
    expect(backoffDelay(20, RETRY_POLICY, () => 1)).toBe(RETRY_POLICY.maxMs);
  });

  it("polls fast first: the first delays of the poll policy stay in tens of ms", () => {
    const b = new Backoff(POLL_POLICY, () => 0.5);
    const delays = Array.from({ length: 12 }, () => b.next());
    expect(delays[0]).toBe(20);
    expect(delays[1]).toBe(32);
    expect(delays.at(-1)).toBe(POLL_POLICY.maxMs);
    expect(b.attempt).toBe(12);
    b.reset();
    expect(b.next()).toBe(20);
  });

  it("parses Retry-After in seconds and as an HTTP date", () => {
    expect(parseRetryAfter("2")).toBe(2000);
    expect(parseRetryAfter("0.5")).toBe(500);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter("soon")).toBeUndefined();
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:03 GMT", now)).toBe(3000);
    expect(parseRetryAfter("Wed, 31 Dec 2025 00:00:00 GMT", now)).toBe(0);
  });

  it("sleep rejects with the abort reason", async () => {
    const ac = new AbortController();
    const p = sleep(10_000, ac.signal);
    ac.abort(new Error("stop"));
    await expect(p).rejects.toThrow("stop");
    await expect(sleep(1)).resolves.toBeUndefined();
  });
});

describe("schemas", () => {
  it("formats paths like a.b[0].c", () => {
    expect(formatPath(["status", "traits", "schema", "columns", 0, "type"])).toBe("status.traits.schema.columns[0].type");
    expect(formatPath([])).toBe("(root)");
  });

  it("throws ProtocolError naming the path and truncating the value", () => {
    try {
      validate({ name: "x", spec: {}, status: { phase: "A".repeat(100), traits: { is_bounded: "yes" } } }, StatementStruct, "statement");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ProtocolError);
      expect((e as ProtocolError).path).toBe("status.traits.is_bounded");
      expect((e as ProtocolError).message).toContain('"yes"');
    }
    expect(() => validate(null, StatementStruct, "statement")).toThrow(ProtocolError);
  });
});
