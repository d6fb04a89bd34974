/**
 * A lone `-U` (UPDATE_BEFORE whose `+U` never comes: a `HAVING` or a `WHERE` over an aggregate
 * dropped it) retracts its row, in every place that folds a changelog: `ChangelogTable`,
 * `materializeChanges`, the snapshot cursor's fold of a non-append-only result, the streaming
 * cursor's `changes()` and `changelogCompressor()`. Until it is resolved the old row is shown
 * (a snapshot never shows the state between a `-U` and its `+U`); the next event that is not
 * its `+U`, the end of the input, or (streaming) a page saying the server has nothing more
 * resolves it as a delete.
 */
import { describe, expect, it } from "vitest";
import { ChangelogTable, connect, materializeChanges, type ChangeEvent, type MaterializedChange } from "../../../src/index.ts";
import { FakeGateway, fakeConnectOptions, resultsJson, statementJson } from "../../support/fake-gateway.ts";

type Row = [string, number];

async function materialize(events: Array<ChangeEvent<Row>>, upsertColumns: number[] | null): Promise<Array<MaterializedChange<Row>>> {
  const source = new ReadableStream<ChangeEvent<Row>>({
    start(controller) {
      for (const e of events) controller.enqueue(e);
      controller.close();
    },
  });
  const out: Array<MaterializedChange<Row>> = [];
  for await (const c of source.pipeThrough(materializeChanges<Row>({ upsertColumns }))) out.push(c);
  return out;
}

const ev = (op: ChangeEvent<Row>["op"], row: Row): ChangeEvent<Row> => ({ op, row }) as ChangeEvent<Row>;
const brief = (cs: Array<MaterializedChange<Row>>) => cs.map((c) => (c.type === "delete" ? `delete ${c.previous.join("=")}` : `${c.type} ${c.row.join("=")}`));

describe("ChangelogTable", () => {
  for (const mode of ["upsert", "retract"] as const) {
    it(`${mode}: shows the old row while the -U waits, then retracts it at flush`, () => {
      const t = new ChangelogTable<Row>(mode === "upsert" ? { mode, upsertKey: (r) => r[0] } : { mode });
      t.apply("+I", ["a", 1]);
      t.apply("+I", ["b", 1]);
      t.apply("-U", ["a", 1]);
      expect(t.snapshot()).toEqual([["a", 1], ["b", 1]]);
      expect(t.updatePending).toBe(true);
      const changes: Array<MaterializedChange<Row>> = [];
      t.flush((c) => changes.push(c));
      expect(brief(changes)).toEqual(["delete a=1"]);
      expect(t.snapshot()).toEqual([["b", 1]]);
      expect([t.size, t.updatePending]).toEqual([1, false]);
    });

    it(`${mode}: the next event that is not its +U retracts it first`, () => {
      const t = new ChangelogTable<Row>(mode === "upsert" ? { mode, upsertKey: (r) => r[0] } : { mode });
      const changes: Array<MaterializedChange<Row>> = [];
      const emit = (c: MaterializedChange<Row>) => changes.push(c);
      t.apply("+I", ["a", 1], undefined, emit);
      t.apply("+I", ["b", 1], undefined, emit);
      t.apply("-U", ["a", 1], undefined, emit);
      t.apply("+I", ["c", 1], undefined, emit);
      expect(brief(changes)).toEqual(["insert a=1", "insert b=1", "delete a=1", "insert c=1"]);
      expect(t.snapshot()).toEqual([["b", 1], ["c", 1]]);
    });
  }

  it("upsert: a -U then a -D of the same key is one delete, not an error", () => {
    const t = new ChangelogTable<Row>({ mode: "upsert", upsertKey: (r) => r[0] });
    const changes: Array<MaterializedChange<Row>> = [];
    t.apply("+I", ["a", 1]);
    t.apply("-U", ["a", 1]);
    t.apply("-D", ["a", 1], undefined, (c) => changes.push(c));
    expect(brief(changes)).toEqual(["delete a=1"]);
    expect([t.size, t.updatePending]).toEqual([0, false]);
  });

  it("upsert: a -U then a +U of another key retracts the first key and writes the other", () => {
    const t = new ChangelogTable<Row>({ mode: "upsert", upsertKey: (r) => r[0] });
    const changes: Array<MaterializedChange<Row>> = [];
    t.apply("+I", ["a", 1]);
    t.apply("+I", ["b", 1]);
    t.apply("-U", ["a", 1]);
    t.apply("+U", ["b", 2], undefined, (c) => changes.push(c));
    expect(brief(changes)).toEqual(["delete a=1", "update b=2"]);
    expect(t.snapshot()).toEqual([["b", 2]]);
  });
});

describe("materializeChanges", () => {
  for (const upsertColumns of [[0], null]) {
    it(`${upsertColumns === null ? "retract" : "upsert"}: a -U still alone when the input ends comes out as a delete`, async () => {
      const changes = await materialize([ev("+I", ["a", 1]), ev("+I", ["b", 1]), ev("-U", ["b", 1]), ev("+U", ["b", 2]), ev("-U", ["a", 1])], upsertColumns);
      expect(brief(changes)).toEqual(["insert a=1", "insert b=1", "update b=2", "delete a=1"]);
    });
  }
});

/** A gateway answering the create and every statement read with `phase` and these traits. */
function changelogGateway(phase: string, upsertColumns: number[] | null): FakeGateway {
  const gw = new FakeGateway();
  const schema = [
    { name: "k", type: { type: "VARCHAR", nullable: false, length: 10 } },
    { name: "n", type: { type: "BIGINT", nullable: false } },
  ];
  const body = (name: string) => statementJson({ name, phase, schema, isAppendOnly: false, isBounded: phase === "COMPLETED", upsertColumns });
  gw.on("POST", "/statements", (req) => ({ status: 201, json: body((req.body as { name: string }).name) }));
  gw.always("GET", "/statements/:name", (req) => ({ json: body(req.params.name!) }));
  gw.always("DELETE", "/statements/:name", { status: 202 });
  gw.always("PATCH", "/statements/:name", (req) => ({ json: body(req.params.name!) }));
  return gw;
}

const op = (code: number, k: string, n: number) => ({ op: code, row: [k, String(n)] });

describe("the snapshot cursor's fold of a changelog result", () => {
  for (const upsertColumns of [[0], null]) {
    it(`${upsertColumns === null ? "retract" : "upsert"}: a lone -U retracts its row (also one at a page end, before an empty page)`, async () => {
      const gw = changelogGateway("COMPLETED", upsertColumns);
      gw.on(
        "GET",
        "/statements/:name/results",
        (req) => ({ json: resultsJson([op(0, "a", 1), op(0, "b", 1), op(0, "c", 1), op(1, "a", 1)], "p2", req.params.name!) }),
        (req) => ({ json: resultsJson([], "p3", req.params.name!) }),
        (req) => ({ json: resultsJson([op(1, "b", 1), op(2, "b", 2), op(1, "c", 1)], null, req.params.name!) }),
      );
      const cur = connect(fakeConnectOptions(gw)).cursor();
      await cur.execute("SELECT k, COUNT(*) AS n FROM t GROUP BY k HAVING COUNT(*) < 3");
      expect(await cur.fetchAll()).toEqual([["b", 2]]);
      expect(cur.rowCount).toBe(1);
    });
  }
});

describe("the streaming cursor", () => {
  it("changes(): a -U still alone when a page comes back empty is a delete", async () => {
    const gw = changelogGateway("RUNNING", [0]);
    gw.on(
      "GET",
      "/statements/:name/results",
      (req) => ({ json: resultsJson([op(0, "a", 1), op(0, "b", 1), op(1, "a", 1)], "p2", req.params.name!) }),
      (req) => ({ json: resultsJson([], "p3", req.params.name!) }),
      (req) => ({ json: resultsJson([op(0, "c", 1)], null, req.params.name!) }),
    );
    const conn = connect(fakeConnectOptions(gw));
    const cur = conn.streamingCursor({ idleBackoff: { initialMs: 1, maxMs: 2, jitter: 0 } });
    await cur.execute("SELECT k, COUNT(*) AS n FROM t GROUP BY k HAVING COUNT(*) < 2");
    const seen: string[] = [];
    for await (const c of cur.changes()) {
      seen.push(c.type === "delete" ? `delete ${String(c.previous[0])}` : `${c.type} ${String(c.row[0])}`);
      if (seen.length === 4) break;
    }
    expect(seen).toEqual(["insert a", "insert b", "delete a", "insert c"]);
    await conn.close();
  });

  it("changelogCompressor(), upsert mode: the snapshot shows the old row until an empty page says the +U is not coming", async () => {
    const gw = changelogGateway("RUNNING", [0]);
    gw.on(
      "GET",
      "/statements/:name/results",
      (req) => ({ json: resultsJson([op(0, "a", 1), op(0, "b", 1), op(1, "a", 1)], "p2", req.params.name!) }),
      (req) => ({ json: resultsJson([], "p3", req.params.name!) }),
    );
    const conn = connect(fakeConnectOptions(gw));
    const cur = conn.streamingCursor();
    await cur.execute("SELECT k, COUNT(*) AS n FROM t GROUP BY k HAVING COUNT(*) < 2");
    const changes: string[] = [];
    const table = cur.changelogCompressor({ onChange: (c) => changes.push(`${c.type} ${c.id}`) });
    expect(table.mode).toBe("upsert");
    // maxPages 1: the page ending in the -U was read, nothing says its +U is not coming yet.
    expect(await table.currentSnapshot({ maxPages: 1 })).toEqual([["a", 1], ["b", 1]]);
    expect(await table.currentSnapshot()).toEqual([["b", 1]]);
    expect(changes).toEqual(['insert "a"', 'insert "b"', 'delete "a"']);
    await conn.close();
  });
});
