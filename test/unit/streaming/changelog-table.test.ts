import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ChangelogTable, upsertKeyFunction, type MaterializedChange } from "../../../src/client/streaming/changelog-table.ts";
import { createChangelogTable, materializeChanges } from "../../../src/client/streaming/materialize.ts";
import { changeEvent, type ChangeEvent, type ChangeOp } from "../../../src/client/streaming/ops.ts";
import { InternalError } from "../../../src/errors.ts";

type Row = [string, string];
type Ev = [ChangeOp, Row];

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

type Action =
  | { kind: "upsert"; key: number; value: number; bare: boolean }
  | { kind: "delete"; key: number }
  | { kind: "loneRetract"; key: number };

const actionArb = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("upsert" as const), key: fc.integer({ min: 0, max: 6 }), value: fc.integer({ min: 0, max: 3 }), bare: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("delete" as const), key: fc.integer({ min: 0, max: 6 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("loneRetract" as const), key: fc.integer({ min: 0, max: 6 }) }) },
);

/** Runs actions on a Map model (insertion ordered like the table) and returns events per action plus the states. */
function upsertScript(actions: Action[]): { events: Ev[][]; states: Row[][] } {
  const model = new Map<string, Row>();
  const events: Ev[][] = [];
  const states: Row[][] = [[]];
  // A lone -U directly followed by a +U of the same key is indistinguishable from an update:
  // the table (rightly) keeps the row's position, so the model does too.
  let beforeLone: Map<string, Row> | null = null;
  let loneKey = "";
  for (const a of actions) {
    const key = `k${a.key}`;
    const old = model.get(key);
    const evs: Ev[] = [];
    const lone: Map<string, Row> | null = beforeLone;
    beforeLone = null;
    if (a.kind === "upsert" && a.bare && lone !== null && loneKey === key) {
      const row: Row = [key, String(a.value)];
      evs.push(["+U", row]);
      model.clear();
      for (const [k, v] of lone) model.set(k, k === key ? row : v);
    } else if (a.kind === "upsert") {
      const row: Row = [key, String(a.value)];
      if (old === undefined) evs.push([a.bare ? "+U" : "+I", row]);
      else if (a.bare) evs.push(["+U", row]);
      else evs.push(["-U", old], ["+U", row]);
      model.set(key, row);
    } else if (old !== undefined) {
      evs.push([a.kind === "delete" ? "-D" : "-U", old]);
      if (a.kind === "loneRetract") {
        beforeLone = new Map(model);
        loneKey = key;
      }
      model.delete(key);
    }
    if (evs.length === 0) {
      beforeLone = lone; // no event reached the table: the -U is still pending
      continue;
    }
    events.push(evs);
    states.push(Array.from(model.values()));
  }
  return { events, states };
}

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

  it("retract mode: the materialised multiset equals the model's, in the model's order", () => {
    fc.assert(
      fc.property(fc.array(actionArb, { maxLength: 60 }), (actions) => {
        // Retract model: a list of rows; updates replace the most recently acquired equal row.
        const model: { row: Row; stamp: number }[] = [];
        let stamp = 0;
        const t = new ChangelogTable<Row>({ mode: "retract" });
        const findLatest = (row: Row): number => {
          let best = -1;
          model.forEach((e, i) => {
            if (e.row[0] === row[0] && e.row[1] === row[1] && (best < 0 || e.stamp > model[best]!.stamp)) best = i;
          });
          return best;
        };
        for (const a of actions) {
          // Rows share values across "keys" on purpose: k%3 collides, so equal rows occur.
          const row: Row = [`r${a.key % 3}`, a.kind === "upsert" ? String(a.value) : "0"];
          if (a.kind === "upsert") {
            const target = model.length > 0 ? model[a.key % model.length]! : undefined;
            if (target === undefined || a.bare) {
              t.apply("+I", row);
              model.push({ row, stamp: stamp++ });
            } else {
              const old = target.row;
              const at = findLatest(old);
              t.apply("-U", old);
              t.apply("+U", row);
              model[at] = { row, stamp: stamp++ };
            }
          } else if (model.length > 0) {
            const old = model[a.key % model.length]!.row;
            const at = findLatest(old);
            t.apply(a.kind === "delete" ? "-D" : "-U", old);
            model.splice(at, 1);
          }
        }
        t.flush();
        expect(t.snapshot()).toEqual(model.map((e) => e.row));
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
