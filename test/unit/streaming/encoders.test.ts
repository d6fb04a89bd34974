import { describe, expect, it } from "vitest";
import { jsonReplacer, ndjsonEncoder, sseEncoder, toResponse } from "../../../src/client/streaming/encoders.ts";
import { IdleBackoff, sleep } from "../../../src/client/streaming/idle-backoff.ts";
import { MetricsRecorder } from "../../../src/client/streaming/metrics.ts";
import { OP_CODES, changeEvent, opCode, opName } from "../../../src/client/streaming/ops.ts";
import { valueKey } from "../../../src/client/streaming/value-key.ts";

function streamOf<T>(items: T[]): ReadableStream<T> {
  return new ReadableStream<T>({
    start(c) {
      for (const i of items) c.enqueue(i);
      c.close();
    },
  });
}

class Money {
  constructor(readonly cents: bigint) {}
  toString(): string {
    return `${this.cents / 100n}.${String(this.cents % 100n).padStart(2, "0")}`;
  }
}

describe("ops", () => {
  it("maps short names and numeric codes both ways", () => {
    expect(OP_CODES["-U"]).toBe(1);
    expect(opName(3)).toBe("-D");
    expect(opName(4)).toBeUndefined();
    expect(opName(1.5)).toBeUndefined();
    expect(opCode("+U")).toBe(2);
    expect(opCode(0)).toBe(0);
    expect(opCode("x")).toBeUndefined();
    // Names of Object.prototype members are not ops.
    expect(opCode("toString")).toBeUndefined();
    expect(opCode("__proto__")).toBeUndefined();
    expect(opCode("constructor")).toBeUndefined();
    expect(changeEvent("-U", [1])).toEqual({ op: "-U", code: 1, row: [1] });
  });
});

describe("valueKey", () => {
  it("distinguishes types and canonicalises maps", () => {
    expect(valueKey(1n)).not.toBe(valueKey(1));
    expect(valueKey("1")).not.toBe(valueKey(1));
    expect(valueKey(null)).not.toBe(valueKey("null"));
    expect(valueKey(new Map([["a", 1], ["b", 2]]))).toBe(valueKey(new Map([["b", 2], ["a", 1]])));
    expect(valueKey(new Uint8Array([1, 255]))).toBe("x'01ff'");
    expect(valueKey([["a"], "b"])).not.toBe(valueKey([["a", "b"]]));
    expect(valueKey(new Money(100n))).not.toBe(valueKey(new Money(101n)));
  });
});

describe("encoders", () => {
  it("NDJSON encodes one line per chunk with bigint, bytes, maps and decimals made explicit", async () => {
    const body = streamOf<unknown>([
      { id: 12345678901234567890n, b: new Uint8Array([104, 105]), m: new Map([[1, "x"]]), d: new Money(1999n) },
      changeEvent("+I", [null, "a"]),
    ]).pipeThrough(ndjsonEncoder());
    const text = await new Response(body).text();
    const lines = text.split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe("");
    expect(JSON.parse(lines[0]!)).toEqual({ id: "12345678901234567890", b: "aGk=", m: [[1, "x"]], d: "19.99" });
    expect(JSON.parse(lines[1]!)).toEqual({ op: "+I", code: 0, row: [null, "a"] });
    // The encoded bytes feed a TextDecoderStream as they are (no cast needed, also for tsc).
    const decoded = streamOf<unknown>([{ a: 1 }]).pipeThrough(ndjsonEncoder()).pipeThrough(new TextDecoderStream());
    expect(await new Response(decoded.pipeThrough(new TextEncoderStream())).text()).toBe('{"a":1}\n');
  });

  it("SSE encodes events with event, id and retry fields", async () => {
    const body = streamOf([changeEvent("+I", ["a"]), changeEvent("-D", ["a"])]).pipeThrough(
      sseEncoder({ event: (e) => e.op, id: (_e, i) => String(i), retryMs: 2500 }),
    );
    const text = await new Response(body).text();
    expect(text).toBe(
      'retry: 2500\n\nevent: +I\nid: 0\ndata: {"op":"+I","code":0,"row":["a"]}\n\n' +
        'event: -D\nid: 1\ndata: {"op":"-D","code":3,"row":["a"]}\n\n',
    );
  });

  it("sends heartbeat comments while idle and stops them when the stream ends", { timeout: 3000 }, async () => {
    const enc = sseEncoder<number>({ heartbeatMs: 20 });
    const writer = enc.writable.getWriter();
    const reader = enc.readable.getReader();
    const decoder = new TextDecoder();
    const first = await reader.read();
    expect(decoder.decode(first.value)).toBe(":\n\n");
    // Writes resolve only as the readable side is read (backpressure): do not await them first.
    const written = writer.write(7);
    let text = "";
    for (;;) {
      const r = await reader.read();
      text = decoder.decode(r.value);
      if (text !== ":\n\n") break;
    }
    expect(text).toBe("data: 7\n\n");
    await written;
    const closed = writer.close();
    let r = await reader.read();
    while (!r.done) r = await reader.read(); // a heartbeat may still sit in the queue
    await closed;
    expect(r.done).toBe(true);
  });

  it("splits field values that contain line breaks", async () => {
    const body = streamOf(["x"]).pipeThrough(sseEncoder({ event: "a\nb" }));
    expect(await new Response(body).text()).toBe('event: a\nevent: b\ndata: "x"\n\n');
  });

  it("toResponse sets content types and is consumable as a Response body", async () => {
    const r = toResponse(streamOf([[1, 2]]), "ndjson", { status: 200 });
    expect(r.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    expect(await r.text()).toBe("[1,2]\n");
    const s = toResponse(streamOf([1]), "sse", { headers: { "x-a": "b" }, event: "n" });
    expect(s.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(s.headers.get("cache-control")).toBe("no-cache");
    expect(s.headers.get("x-a")).toBe("b");
    expect(await s.text()).toBe("event: n\ndata: 1\n\n");
  });

  it("jsonReplacer leaves plain values alone", () => {
    expect(jsonReplacer("", { a: 1 })).toEqual({ a: 1 });
    expect(jsonReplacer("", null)).toBeNull();
  });

  it("errors the stream on a cyclic value", async () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    const reader = streamOf([a]).pipeThrough(ndjsonEncoder()).getReader();
    await expect(reader.read()).rejects.toBeInstanceOf(TypeError);
  });
});

describe("IdleBackoff", () => {
  it("starts short, grows to the cap, resets on rows", () => {
    const b = new IdleBackoff({ jitter: 0 });
    const waits = Array.from({ length: 10 }, () => b.next());
    expect(waits).toEqual([50, 75, 113, 169, 253, 380, 570, 854, 1000, 1000]);
    b.reset();
    expect(b.next()).toBe(50);
  });

  it("falls back to the defaults for non-finite tuning instead of waiting NaN", () => {
    // random 0.5 is the middle of the (default) jitter band: the waits are the plain schedule.
    const b = new IdleBackoff({ jitter: Number.NaN, initialMs: Number.NaN, factor: Number.POSITIVE_INFINITY, maxMs: Number.NaN, random: () => 0.5 });
    expect([b.next(), b.next(), b.next()]).toEqual([50, 75, 113]);
  });

  it("applies bounded multiplicative jitter and never exceeds the cap", () => {
    const lo = new IdleBackoff({ random: () => 0, initialMs: 100, maxMs: 500 });
    const hi = new IdleBackoff({ random: () => 0.999999, initialMs: 100, maxMs: 500 });
    expect(lo.next()).toBe(80);
    expect(hi.next()).toBe(120);
    for (let i = 0; i < 10; i++) expect(hi.next()).toBeLessThanOrEqual(500);
  });

  it("keeps an idle stream at or below 2 requests per second after backing off", () => {
    const b = new IdleBackoff();
    let total = 0;
    for (let i = 0; i < 20; i++) total += b.next();
    const lastTen = Array.from({ length: 10 }, () => b.next()).reduce((x, y) => x + y, 0);
    expect(10 / (lastTen / 1000)).toBeLessThanOrEqual(2);
    expect(total).toBeGreaterThan(0);
  });

  it("sleep rejects with the abort reason", async () => {
    const ac = new AbortController();
    const p = sleep(10_000, ac.signal);
    ac.abort(new Error("stop"));
    await expect(p).rejects.toThrow("stop");
    await expect(sleep(1)).resolves.toBeUndefined();
  });
});

describe("MetricsRecorder", () => {
  it("counts pages, empty pages, rows, bytes, requests, retries and time to first row", () => {
    let t = 0;
    const m = new MetricsRecorder(() => t);
    t = 10;
    m.page(0, 50, 0);
    m.waited(25);
    t = 40;
    m.page(3, 300, 30, 2);
    m.request(35);
    const s = m.snapshot();
    expect(s).toMatchObject({ pages: 2, emptyPages: 1, rows: 3, bytes: 350, requests: 5, retries: 2, waitMs: 25, waits: 1, timeToFirstRowMs: 40 });
    expect(s.requestMs).toBe(10 + 10 + 5);
    expect(s.avgRowsPerPage).toBe(1.5);
    expect(JSON.parse(JSON.stringify(m))).toMatchObject({ pages: 2 });
  });
});
