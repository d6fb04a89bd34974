/**
 * Fault injection (in process): latency, 5xx, 429 with Retry-After, dropped connections
 * (fetch rejects with a TypeError), truncated bodies; per route; sequences and seeded
 * probabilities; and the optional rate limiter with X-RateLimit-* headers.
 */
import { afterEach, describe, expect, it } from "vitest";
import { ErrorBodyStruct, validate } from "../../src/client/schemas.ts";
import { makeHarness, type Harness } from "./support/harness.ts";

let h: Harness;
afterEach(async () => {
  await h?.emu.close();
});

describe("faults", () => {
  it("refuses fault rules that are not an array with a message that says so", () => {
    expect(() => makeHarness({ faults: "x" as never })).toThrow("emulator faults must be an array of fault rules, got string");
  });

  it("an explicit sequence per route: 503, ok, 429 with Retry-After, then nothing", async () => {
    h = makeHarness({
      faults: [
        {
          route: "statements.list",
          sequence: [{ kind: "error", status: 503 }, null, { kind: "rate-limit", retryAfterSeconds: 7 }],
        },
      ],
    });
    const a = await h.call("GET", h.base);
    expect(a.status).toBe(503);
    validate(a.body, ErrorBodyStruct, "error");
    expect(a.body.errors[0]).toMatchObject({ status: "503", detail: "Service Unavailable" });
    expect(a.headers.get("x-request-id")).toMatch(/^[0-9a-f]{32}$/);
    expect((await h.call("GET", h.base)).status).toBe(200);
    const c = await h.call("GET", h.base);
    expect(c.status).toBe(429);
    expect(c.headers.get("retry-after")).toBe("7");
    expect(c.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(c.headers.get("x-ratelimit-limit")).toBeTruthy();
    expect(c.headers.get("x-ratelimit-reset")).toBe("7");
    expect((await h.call("GET", h.base)).status).toBe(200);
    // Other routes were never affected.
    expect((await h.call("GET", "/org/v2/organizations")).status).toBe(200);
  });

  it("an injected 429 reports the configured rate limit, else the real 50 per second", async () => {
    const limitOf = async (rateLimit: { perSecond?: number; perMinute?: number } | undefined) => {
      const x = makeHarness({ ...(rateLimit ? { rateLimit } : {}), faults: [{ route: "statements.list", sequence: [{ kind: "rate-limit", retryAfterSeconds: 2 }] }] });
      const r = await x.call("GET", x.base);
      await x.emu.close();
      expect(r.status).toBe(429);
      expect(r.headers.get("x-ratelimit-remaining")).toBe("0");
      return r.headers.get("x-ratelimit-limit");
    };
    expect(await limitOf({ perSecond: 7, perMinute: 300 })).toBe("7");
    expect(await limitOf({ perMinute: 90 })).toBe("90");
    expect(await limitOf(undefined)).toBe("50");
    h = makeHarness();
  });

  it("each 5xx status is available", async () => {
    h = makeHarness({ faults: [{ sequence: [500, 502, 503, 504].map((status) => ({ kind: "error" as const, status })) }] });
    const got: number[] = [];
    for (let i = 0; i < 4; i++) got.push((await h.call("GET", h.base)).status);
    expect(got).toEqual([500, 502, 503, 504]);
  });

  it("a dropped connection rejects fetch with a TypeError; 'before' leaves no effect", async () => {
    h = makeHarness({ faults: [{ route: "statements.create", sequence: [{ kind: "drop" }] }] });
    const err = await h.create("d1", "STREAM").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect(h.emu.statements()).toEqual([]);
    expect((await h.create("d1", "STREAM")).status).toBe(201);
  });

  it("a drop 'after' handling keeps the effect (the retry meets 409)", async () => {
    h = makeHarness({ faults: [{ route: "statements.create", sequence: [{ kind: "drop", when: "after" }] }] });
    await expect(h.create("d2", "STREAM")).rejects.toBeInstanceOf(TypeError);
    expect(h.emu.statements().map((s) => s.name)).toEqual(["d2"]);
    expect((await h.create("d2", "STREAM")).status).toBe(409);
  });

  it("a truncated body errors while reading, after some bytes", async () => {
    h = makeHarness({ faults: [{ route: "statements.get", sequence: [{ kind: "truncate", bytes: 20 }] }] });
    await h.create("t1", "STREAM");
    const res = await h.emu.fetch(`${h.emu.connectOptions.endpoint}${h.base}/t1`, {
      headers: { Authorization: `Basic ${btoa(`${h.emu.connectOptions.flinkApiKey}:${h.emu.connectOptions.flinkApiSecret}`)}` },
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(first.value!.length).toBe(20);
    await expect(reader.read()).rejects.toBeInstanceOf(TypeError);
    // The next GET is whole.
    expect((await h.call("GET", `${h.base}/t1`)).body.name).toBe("t1");
  });

  it("latency delays the answer and honours an abort signal", async () => {
    h = makeHarness({ faults: [{ route: "statements.list", faults: { kind: "latency", ms: 60 } }] });
    const t0 = Date.now();
    expect((await h.call("GET", h.base)).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(55);
    const ac = new AbortController();
    const p = h.emu.fetch(`${h.emu.connectOptions.endpoint}${h.base}`, { signal: ac.signal });
    ac.abort();
    await expect(p).rejects.toMatchObject({ name: "AbortError" });
  });

  it("seeded probability: same seed, same faults; about the right rate", async () => {
    const run = async (seed: number) => {
      const x = makeHarness({ seed, faults: [{ probability: 0.3, faults: [{ kind: "error", status: 500 }, { kind: "rate-limit" }] }] });
      const out: number[] = [];
      for (let i = 0; i < 200; i++) out.push((await x.call("GET", x.base)).status);
      await x.emu.close();
      return out;
    };
    const a = await run(42);
    const b = await run(42);
    expect(a).toEqual(b);
    const failed = a.filter((s) => s !== 200).length;
    expect(failed).toBeGreaterThan(30);
    expect(failed).toBeLessThan(90);
    expect(new Set(a)).toEqual(new Set([200, 500, 429]));
    h = makeHarness();
  });

  it("setFaults switches faults at run time, filtered by method", async () => {
    h = makeHarness();
    h.emu.setFaults([{ method: "POST", faults: { kind: "error", status: 500 } }]);
    expect((await h.call("GET", h.base)).status).toBe(200);
    expect((await h.create("m1", "STREAM")).status).toBe(500);
    h.emu.setFaults([]);
    expect((await h.create("m1", "STREAM")).status).toBe(201);
  });
});

describe("rate limits", () => {
  it("per second: X-RateLimit-* on every answer, 429 with Retry-After when exhausted, reset next window", async () => {
    h = makeHarness({ manual: true, rateLimit: { perSecond: 3 } });
    const statuses: number[] = [];
    const remaining: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await h.call("GET", h.base);
      statuses.push(r.status);
      remaining.push(r.headers.get("x-ratelimit-remaining")!);
      expect(r.headers.get("x-ratelimit-limit")).toBe("3");
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(remaining).toEqual(["2", "1", "0", "0"]);
    const last = await h.call("GET", h.base);
    expect(last.headers.get("retry-after")).toBe("1");
    expect(last.headers.get("x-ratelimit-reset")).toBe("1");
    h.clock!.advance(1000);
    expect((await h.call("GET", h.base)).status).toBe(200);
  });

  it("per minute with its own reset", async () => {
    h = makeHarness({ manual: true, rateLimit: { perMinute: 2 } });
    await h.call("GET", h.base);
    h.clock!.advance(10_000);
    await h.call("GET", h.base);
    const r = await h.call("GET", h.base);
    expect(r.status).toBe(429);
    expect(Number(r.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    expect(Number(r.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    h.clock!.advance(60_000);
    expect((await h.call("GET", h.base)).status).toBe(200);
  });
});
