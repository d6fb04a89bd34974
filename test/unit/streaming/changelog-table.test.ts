import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ChangelogTable, upsertKeyFunction, type MaterializedChange } from "../../../src/client/streaming/changelog-table.ts";
import { createChangelogTable, materializeChanges } from "../../../src/client/streaming/materialize.ts";
import { changeEvent, type ChangeEvent } from "../../../src/client/streaming/ops.ts";
import { InternalError } from "../../../src/errors.ts";
import { actionArb, expectedByPrefix, retractScript, upsertScript, type Ev, type Row } from "./changelog-model.ts";


function upsertTable(onMissing: "error" | "ignore" = "error"): ChangelogTable<Row> {
  return new ChangelogTable<Row>({ mode: "upsert", upsertKey: upsertKeyFunction<Row>([0]), onMissing });
}

describe("ChangelogTable upsert mode", () => {
  it("materialises a GROUP BY changelog in first-insertion order", () => {
    const t = upsertTable();
    const evs: Ev[] = [
      ["+I", ["a", "1"]],
      ["+I", ["b", "1"]],
      ["-U", ["a", "1"]],
      ["+U", ["a", "2"]],
    ];
    for (const [op, row] of evs) t.apply(op, row);
    expect(t.snapshot()).toEqual([
      ["a", "2"],
      ["b", "1"],
    ]);
    t.apply("-D", ["a", "2"]);
    t.apply("+I", ["a", "9"]);
    expect(t.snapshot()).toEqual([
      ["b", "1"],
      ["a", "9"],
    ]);
  });

  it("takes +U for an unseen key as an insert (upsert streams allow it)", () => {
    const t = upsertTable();
    t.apply("+U", ["z", "5"]);
    expect(t.snapshot()).toEqual([["z", "5"]]);
    t.apply("+U", ["z", "6"]);
    expect(t.snapshot()).toEqual([["z", "6"]]);
  });

  it("keeps the old row visible while a -U waits for its +U", () => {
    const t = upsertTable();
    t.apply("+I", ["a", "1"]);
    t.apply("-U", ["a", "1"]);
    expect(t.updatePending).toBe(true);
    expect(t.snapshot()).toEqual([["a", "1"]]);
    t.apply("+U", ["a", "2"]);
    expect(t.updatePending).toBe(false);
    expect(t.snapshot()).toEqual([["a", "2"]]);
  });

  it("applies a -U whose +U never comes as a delete at the next event", () => {
    const t = upsertTable();
    t.apply("+I", ["a", "1"]);
    t.apply("+I", ["b", "1"]);
    t.apply("-U", ["a", "1"]);
    t.apply("+I", ["c", "1"]);
    expect(t.snapshot()).toEqual([
      ["b", "1"],
      ["c", "1"],
    ]);
  });

  it("rejects a retraction of an unknown key with CHANGELOG_INCONSISTENT, or ignores it on request", () => {
    const t = upsertTable();
    expect(() => t.apply("-D", ["q", "1"])).toThrow(InternalError);
    try {
      t.apply("-U", ["q", "1"]);
    } catch (e) {
      expect((e as InternalError).code).toBe("CHANGELOG_INCONSISTENT");
    }
    const lenient = upsertTable("ignore");
    lenient.apply("-D", ["q", "1"]);
    expect(lenient.snapshot()).toEqual([]);
  });

  it("keys object rows by column name and wire rows by index", () => {
    const t = new ChangelogTable<Record<string, unknown>>({
      mode: "upsert",
      upsertKey: upsertKeyFunction([0], ["k", "v"]),
    });
    t.apply("+I", { k: 1n, v: 1 });
    t.apply("+U", { k: 1n, v: 2 });
    expect(t.snapshot()).toEqual([{ k: 1n, v: 2 }]);
    t.apply("+U", { k: 1, v: 3 }, ["2", "3"]);
    expect(t.size).toBe(2);
  });
});

describe("ChangelogTable retract mode", () => {
  it("counts equal rows and updates in place", () => {
    const t = new ChangelogTable<string[]>({ mode: "retract" });
    t.apply("+I", ["5"]);
    t.apply("+I", ["x"]);
    t.apply("+I", ["5"]);
    t.apply("-U", ["5"]);
    t.apply("+U", ["6"]);
    expect(t.snapshot()).toEqual([["5"], ["x"], ["6"]]);
    t.apply("-D", ["5"]);
    expect(t.snapshot()).toEqual([["x"], ["6"]]);
    expect(() => t.apply("-D", ["5"])).toThrow(/not in the result/);
  });

  it("treats NaN as equal to itself and -0 as distinct from 0", () => {
    const t = new ChangelogTable<number[]>({ mode: "retract" });
    t.apply("+I", [Number.NaN]);
    t.apply("+I", [0]);
    t.apply("-D", [Number.NaN]);
    expect(t.snapshot()).toEqual([[0]]);
    expect(() => t.apply("-D", [-0])).toThrow(InternalError);
  });

  it("takes a bare +U as an insert", () => {
    const t = new ChangelogTable<string[]>({ mode: "retract" });
    t.apply("+U", ["1"]);
    expect(t.snapshot()).toEqual([["1"]]);
  });

  it("handles 100k updates of one row without slowing down (no linear scan)", () => {
    const t = new ChangelogTable<string[]>({ mode: "retract" });
    for (let i = 0; i < 10_000; i++) t.apply("+I", [`filler-${i}`]);
    t.apply("+I", ["0"]);
    const started = performance.now();
    for (let i = 0; i < 100_000; i++) {
      t.apply("-U", [String(i)]);
      t.apply("+U", [String(i + 1)]);
    }
    expect(performance.now() - started).toBeLessThan(2000);
    expect(t.size).toBe(10_001);
    expect(t.snapshot().at(-1)).toEqual(["100000"]);
  });
});

// ---- property tests: random changelogs from a model of the final table ----

describe("compressor properties", () => {
  it("upsert mode: every prefix shows the model state of the last complete change, the end shows the final table", () => {
    fc.assert(
      fc.property(fc.array(actionArb, { maxLength: 60 }), (actions) => {
        const { events, states } = upsertScript(actions);
        const t = upsertTable();
        events.forEach((evs, i) => {
          evs.forEach(([op, row], j) => {
            t.apply(op, row);
            const complete = j === evs.length - 1 && op !== "-U";
            expect(t.snapshot()).toEqual(complete ? states[i + 1] : states[i]);
          });
        });
        t.flush();
        expect(t.snapshot()).toEqual(states.at(-1));
      }),
      { numRuns: 300 },
    );
  });

  it("retract mode: every prefix shows the model state of the last complete change, in the model's order", () => {
    fc.assert(
      fc.property(fc.array(actionArb, { maxLength: 60 }), (actions) => {
        const script = retractScript(actions);
        const expected = expectedByPrefix(script);
        const t = new ChangelogTable<Row>({ mode: "retract" });
        script.events.flat().forEach(([op, row], k) => {
          t.apply(op, row);
          expect(t.snapshot()).toEqual(expected[k + 1]);
        });
        t.flush();
        expect(t.snapshot()).toEqual(script.states.at(-1));
      }),
      { numRuns: 300 },
    );
  });

  it("materialised changes replayed onto a Map reproduce the table", () => {
    fc.assert(
      fc.property(fc.array(actionArb, { maxLength: 60 }), (actions) => {
        const { events, states } = upsertScript(actions);
        const t = createChangelogTable<Row>({ upsertColumns: [0] });
        const view = new Map<string, Row>();
        const apply = (c: MaterializedChange<Row>): void => {
          if (c.type === "delete") {
            expect(view.has(c.id)).toBe(true);
            view.delete(c.id);
          } else if (c.type === "insert") {
            expect(view.has(c.id)).toBe(false);
            view.set(c.id, c.row);
          } else {
            expect(view.get(c.id)).toEqual(c.previous);
            view.set(c.id, c.row);
          }
        };
        for (const evs of events) for (const [op, row] of evs) t.apply(op, row, undefined, apply);
        t.flush(apply);
        expect(Array.from(view.values())).toEqual(states.at(-1));
      }),
      { numRuns: 200 },
    );
  });
});

describe("materializeChanges TransformStream", () => {
  it("turns -U/+U into one update and a trailing -U into a delete", async () => {
    const events: ChangeEvent<Row>[] = [
      changeEvent("+I", ["a", "1"]),
      changeEvent("-U", ["a", "1"]),
      changeEvent("+U", ["a", "2"]),
      changeEvent("+I", ["b", "1"]),
      changeEvent("-U", ["b", "1"]),
    ];
    const source = new ReadableStream<ChangeEvent<Row>>({
      start(c) {
        for (const e of events) c.enqueue(e);
        c.close();
      },
    });
    const out: MaterializedChange<Row>[] = [];
    for await (const c of source.pipeThrough(materializeChanges<Row>({ upsertColumns: [0] }))) out.push(c);
    expect(out.map((c) => [c.type, c.id])).toEqual([
      ["insert", '"a"'],
      ["update", '"a"'],
      ["insert", '"b"'],
      ["delete", '"b"'],
    ]);
    expect(out[1]).toMatchObject({ row: ["a", "2"], previous: ["a", "1"] });
  });

  it("errors the stream on an inconsistent changelog", async () => {
    const source = new ReadableStream<ChangeEvent<Row>>({
      start(c) {
        c.enqueue(changeEvent("-D", ["a", "1"]));
        c.close();
      },
    });
    const reader = source.pipeThrough(materializeChanges<Row>({})).getReader();
    await expect(reader.read()).rejects.toMatchObject({ code: "CHANGELOG_INCONSISTENT" });
  });
});
