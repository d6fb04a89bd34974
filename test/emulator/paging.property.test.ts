/**
 * Property tests for paging: walking list pages returns exactly the live statements in
 * creation order, and reading result pages returns exactly the emitted rows, whatever the
 * page sizes and the interleaving of emits and reads.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeHarness } from "./support/harness.ts";
import { rowsFrom } from "./support/scripted-engine.ts";

describe("paging properties", () => {
  it("list pages cover the live statements once, in order", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 25 }),
        fc.array(fc.integer({ min: 0, max: 24 }), { maxLength: 8 }),
        fc.integer({ min: 1, max: 7 }),
        async (count, deletions, pageSize) => {
          const h = makeHarness();
          for (let i = 0; i < count; i++) await h.create(`s${i}`, "DDL");
          const deleted = new Set(deletions.filter((d) => d < count));
          for (const d of deleted) await h.call("DELETE", `${h.base}/s${d}`);
          const seen: string[] = [];
          let url: string | undefined = `${h.base}?page_size=${pageSize}`;
          for (let guard = 0; url && guard < 100; guard++) {
            const r = await h.call("GET", url);
            expect(r.status).toBe(200);
            expect(r.body.data.length).toBeLessThanOrEqual(pageSize);
            seen.push(...r.body.data.map((s: any) => s.name));
            url = r.body.metadata.next;
          }
          const expected = Array.from({ length: count }, (_, i) => i).filter((i) => !deleted.has(i)).map((i) => `s${i}`);
          expect(seen).toEqual(expected);
          await h.emu.close();
        },
      ),
      { numRuns: 40 },
    );
  });

  it("result pages return every emitted row once, in order", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.oneof(fc.integer({ min: 0, max: 9 }).map((n) => ({ emit: n })), fc.constant({ read: true })), { maxLength: 25 }),
        async (pageSize, steps) => {
          const h = makeHarness({ resultPageSize: pageSize });
          await h.create("st", "STREAM");
          const sink = h.engine.sink("st");
          let emitted = 0;
          const got: string[] = [];
          let url: string | undefined = `${h.base}/st/results`;
          const read = async () => {
            const r = await h.call("GET", url!);
            expect(r.status).toBe(200);
            expect(r.body.results.data.length).toBeLessThanOrEqual(pageSize);
            got.push(...r.body.results.data.map((d: any) => d.row[0]));
            url = r.body.metadata.next;
          };
          for (const step of steps) {
            if ("emit" in step) {
              sink.emit(rowsFrom(emitted, step.emit));
              emitted += step.emit;
            } else await read();
          }
          sink.complete();
          for (let guard = 0; url && guard < 200; guard++) await read();
          expect(url).toBeUndefined();
          expect(got).toEqual(Array.from({ length: emitted }, (_, i) => String(i)));
          await h.emu.close();
        },
      ),
      { numRuns: 60 },
    );
  });
});
