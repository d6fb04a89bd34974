/**
 * Models for the changelog property tests: random actions on a keyed table, the +I/-U/+U/-D
 * events Flink would emit for them (upsert and retract flavours), and the table state after each
 * complete change, so a test can check every snapshot against the state it must show.
 */
import fc from "fast-check";
import type { ChangeOp } from "../../../src/client/streaming/ops.ts";

export type Row = [string, string];
export type Ev = [ChangeOp, Row];

export type Action =
  | { kind: "upsert"; key: number; value: number; bare: boolean }
  | { kind: "delete"; key: number }
  | { kind: "loneRetract"; key: number };

export const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("upsert" as const), key: fc.integer({ min: 0, max: 6 }), value: fc.integer({ min: 0, max: 3 }), bare: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("delete" as const), key: fc.integer({ min: 0, max: 6 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("loneRetract" as const), key: fc.integer({ min: 0, max: 6 }) }) },
);

/** Events per change (groups) and the states: `states[i]` is the table after `i` changes. */
export interface Script {
  events: Ev[][];
  states: Row[][];
}

/** Upsert flavour (`GROUP BY k`, key column 0), on a Map model ordered like the table. */
export function upsertScript(actions: readonly Action[]): Script {
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

/**
 * Retract flavour (no key, e.g. a global aggregate): rows are values, equal rows occur (keys
 * collide modulo 3), updates and deletes hit the most recently acquired equal row.
 */
export function retractScript(actions: readonly Action[]): Script {
  const model: { row: Row; stamp: number }[] = [];
  let stamp = 0;
  const events: Ev[][] = [];
  const states: Row[][] = [[]];
  const findLatest = (row: Row): number => {
    let best = -1;
    model.forEach((e, i) => {
      if (e.row[0] === row[0] && e.row[1] === row[1] && (best < 0 || e.stamp > model[best]!.stamp)) best = i;
    });
    return best;
  };
  for (const a of actions) {
    const row: Row = [`r${a.key % 3}`, a.kind === "upsert" ? String(a.value) : "0"];
    const evs: Ev[] = [];
    if (a.kind === "upsert") {
      const target = model.length > 0 ? model[a.key % model.length]! : undefined;
      if (target === undefined || a.bare) {
        evs.push(["+I", row]);
        model.push({ row, stamp: stamp++ });
      } else {
        const old = target.row;
        const at = findLatest(old);
        evs.push(["-U", old], ["+U", row]);
        model[at] = { row, stamp: stamp++ };
      }
    } else if (model.length > 0) {
      const old = model[a.key % model.length]!.row;
      const at = findLatest(old);
      evs.push([a.kind === "delete" ? "-D" : "-U", old]);
      model.splice(at, 1);
    }
    if (evs.length === 0) continue;
    events.push(evs);
    states.push(model.map((e) => e.row));
  }
  return { events, states };
}

/**
 * What a snapshot must show after the first `k` events (index k): the state after the last
 * complete change. A change is complete at its last event unless that is a -U (a -U waits for
 * its +U, so the old row stays visible).
 */
export function expectedByPrefix({ events, states }: Script): Row[][] {
  const out: Row[][] = [states[0]!];
  events.forEach((evs, i) => {
    evs.forEach(([op], j) => out.push(j === evs.length - 1 && op !== "-U" ? states[i + 1]! : states[i]!));
  });
  return out;
}
