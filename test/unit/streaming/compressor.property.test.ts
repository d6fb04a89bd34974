/**
 * Property tests of the public changelog compressor (`cursor.changelogCompressor()`): random
 * changes (upsert and retract flavours) are turned into the events Flink emits, split into random
 * result pages (empty pages between them, a -U left dangling at a page end, though never before
 * an empty page: see paginate), served by the
 * scripted gateway, and read with `currentSnapshot()` or `snapshots()`. Every snapshot must be the
 * model state after the last complete change of what was read so far, never a state between a
 * -U and its +U, and the last one the model's final table.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { StreamingCursor } from "../../../src/client/streaming/cursor.ts";
import { opCode } from "../../../src/client/streaming/ops.ts";
import { actionArb, expectedByPrefix, retractScript, upsertScript, type Ev, type Script } from "./changelog-model.ts";
import { backendOf, col, ScriptedApi, type Page } from "./scripted-api.ts";

const noWait = { idleBackoff: { initialMs: 0, maxMs: 0, jitter: 0 }, readinessBackoff: { initialMs: 0, maxMs: 0, jitter: 0 } };

/** Where pages end: after an event (`cut`), followed by `empties` empty pages. */
const layoutArb = fc.record({
  leadingEmpties: fc.nat(2),
  // Forces a page end after every -U, so a page often ends between a -U and its +U.
  cutAfterRetractions: fc.boolean(),
  after: fc.array(fc.record({ cut: fc.boolean(), empties: fc.nat(2) }), { maxLength: 150 }),
});

type Layout = typeof layoutArb extends fc.Arbitrary<infer L> ? L : never;

function paginate(events: Ev[], layout: Layout): Page[] {
  const pages: Page[] = [];
  for (let i = 0; i < layout.leadingEmpties; i++) pages.push({ data: [] });
  let current: Array<{ op: number; row: unknown[] }> = [];
  events.forEach(([op, row], i) => {
    current.push({ op: opCode(op)!, row });
    const at = layout.after[i] ?? { cut: false, empties: 0 };
    if (at.cut || (layout.cutAfterRetractions && op === "-U")) {
      pages.push({ data: current });
      current = [];
      // Never an empty page right after a -U: Flink emits an update's -U and +U together, so the
      // compressor reads a -U still alone at an empty page as a delete (its +U was filtered out).
      const empties = op === "-U" ? 0 : at.empties;
      for (let e = 0; e < empties; e++) pages.push({ data: [] });
    }
  });
  if (current.length > 0) pages.push({ data: current });
  const last = pages.pop() ?? { data: [] };
  pages.push({ data: ("data" in last ? last.data : undefined) ?? [], end: true });
  return pages;
}

async function opened(upsert: boolean, pages: Page[]): Promise<{ cur: StreamingCursor; consumed: () => number }> {
  const api = new ScriptedApi();
  api.nextSubmit = {
    phases: ["RUNNING"],
    traits: { sqlKind: "SELECT", isBounded: false, isAppendOnly: false, upsertColumns: upsert ? [0] : null, schema: [col("k"), col("v", "BIGINT")] },
  };
  const cur = new StreamingCursor(backendOf(api), noWait);
  await cur.execute("SELECT k, v FROM t");
  const st = api.statements.get(cur.statementName!)!;
  st.pages.push(...pages);
  st.phases.push("COMPLETED");
  const total = pages.reduce((n, p) => n + ("data" in p ? (p.data?.length ?? 0) : 0), 0);
  // Events served so far: everything but the pages still queued (the compressor applies what it receives).
  const consumed = () => total - st.pages.reduce((n, p) => n + ("data" in p ? (p.data?.length ?? 0) : 0), 0);
  return { cur, consumed };
}

async function checkCurrentSnapshots(upsert: boolean, script: Script, layout: Layout): Promise<void> {
  const expected = expectedByPrefix(script);
  const { cur, consumed } = await opened(upsert, paginate(script.events.flat(), layout));
  const compressor = cur.changelogCompressor();
  expect(compressor.mode).toBe(upsert ? "upsert" : "retract");
  for (let i = 0; i < 1000 && cur.mayHaveResults; i++) {
    const snap = await compressor.currentSnapshot();
    if (!cur.mayHaveResults) break; // the end: checked against the final table below
    expect(snap).toEqual(expected[consumed()]);
  }
  expect(cur.mayHaveResults).toBe(false);
  expect(await compressor.currentSnapshot()).toEqual(script.states.at(-1));
}

async function checkSnapshots(upsert: boolean, script: Script, layout: Layout): Promise<void> {
  const expected = expectedByPrefix(script);
  const { cur, consumed } = await opened(upsert, paginate(script.events.flat(), layout));
  const seen: Array<{ snap: unknown[]; read: number }> = [];
  for await (const snap of cur.changelogCompressor().snapshots()) seen.push({ snap, read: consumed() });
  // The last snapshot comes once the results ended (a dangling -U is then a delete).
  const last = seen.pop();
  for (const { snap, read } of seen) expect(snap).toEqual(expected[read]);
  expect(last?.snap).toEqual(script.states.at(-1));
}

describe("changelog compressor over random pages", () => {
  for (const [mode, toScript] of [
    ["upsert", upsertScript],
    ["retract", retractScript],
  ] as const) {
    it(`${mode} mode: currentSnapshot() shows the last complete change of what was read, then the final table`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(actionArb, { maxLength: 40 }), layoutArb, (actions, layout) => checkCurrentSnapshots(mode === "upsert", toScript(actions), layout)),
        { numRuns: 120 },
      );
    });

    it(`${mode} mode: snapshots() never yields a half-applied update and ends with the final table`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(actionArb, { maxLength: 40 }), layoutArb, (actions, layout) => checkSnapshots(mode === "upsert", toScript(actions), layout)),
        { numRuns: 120 },
      );
    });
  }
});
