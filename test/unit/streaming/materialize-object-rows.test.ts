/**
 * `materializeChanges({ upsertColumns })` over object rows: the upsert key is read by column
 * name, so it needs `columnNames`. Before the fix an object row without them keyed every row
 * as `undefined`, so each row replaced the one before: two customers came out as one insert
 * and one update, a silent wrong result. Now such a row fails with InterfaceError
 * `UPSERT_COLUMNS_UNRESOLVED`, as does a row that lacks a key column in any other way.
 */
import { describe, expect, it } from "vitest";
import { ChangelogTable, InterfaceError, materializeChanges, upsertKeyFunction, type ChangeEvent, type MaterializedChange } from "../../../src/index.ts";

type Row = Record<string, unknown>;

/** Pipes `events` through `materializeChanges(options)`; resolves with the changes or rejects with the stream's error. */
async function materialize<R>(events: Array<ChangeEvent<R>>, options: Parameters<typeof materializeChanges<R>>[0]): Promise<Array<MaterializedChange<R>>> {
  const source = new ReadableStream<ChangeEvent<R>>({
    start(controller) {
      for (const e of events) controller.enqueue(e);
      controller.close();
    },
  });
  const out: Array<MaterializedChange<R>> = [];
  for await (const c of source.pipeThrough(materializeChanges<R>(options))) out.push(c);
  return out;
}

const ev = <R>(op: ChangeEvent<R>["op"], row: R) => ({ op, row }) as ChangeEvent<R>;

describe("object rows in upsert mode", () => {
  const events: Array<ChangeEvent<Row>> = [
    ev("+I", { customer: "ann", total: 10 }),
    ev("+I", { customer: "bob", total: 5 }),
    ev("-U", { customer: "ann", total: 10 }),
    ev("+U", { customer: "ann", total: 12 }),
    ev("-D", { customer: "bob", total: 5 }),
  ];

  it("key by column name with columnNames: each key is its own row", async () => {
    const changes = await materialize(events, { upsertColumns: [0], columnNames: ["customer", "total"] });
    expect(changes.map((c) => [c.type, c.id])).toEqual([
      ["insert", '"ann"'],
      ["insert", '"bob"'],
      ["update", '"ann"'],
      ["delete", '"bob"'],
    ]);
    expect(changes[2]).toMatchObject({ row: { customer: "ann", total: 12 }, previous: { customer: "ann", total: 10 } });
  });

  it("fail with UPSERT_COLUMNS_UNRESOLVED without columnNames instead of giving every row one key", async () => {
    const e = (await materialize(events, { upsertColumns: [0] }).catch((x: unknown) => x)) as InterfaceError;
    expect(e).toBeInstanceOf(InterfaceError);
    expect(e.code).toBe("UPSERT_COLUMNS_UNRESOLVED");
    expect(e.message).toBe("Upsert column 0 is not in the row: object rows need columnNames");
  });

  it("fail with UPSERT_COLUMNS_UNRESOLVED when columnNames do not name the rows' properties", async () => {
    const e = (await materialize(events, { upsertColumns: [0], columnNames: ["customer_id", "total"] }).catch((x: unknown) => x)) as InterfaceError;
    expect(e).toMatchObject({ code: "UPSERT_COLUMNS_UNRESOLVED", message: "Upsert column 0 is not in the row (no 'customer_id')" });
    // An index past the names cannot be resolved either.
    const past = (await materialize(events, { upsertColumns: [2], columnNames: ["customer", "total"] }).catch((x: unknown) => x)) as InterfaceError;
    expect(past).toMatchObject({ code: "UPSERT_COLUMNS_UNRESOLVED", message: "Upsert column 2 is not in the row: object rows need columnNames" });
  });

  it("a NULL key is a key like any other (the property is there)", async () => {
    const changes = await materialize([ev<Row>("+I", { k: null, v: 1 }), ev<Row>("+I", { k: "a", v: 2 }), ev<Row>("+U", { k: null, v: 3 })], { upsertColumns: [0], columnNames: ["k", "v"] });
    expect(changes.map((c) => [c.type, c.id])).toEqual([
      ["insert", "N"],
      ["insert", '"a"'],
      ["update", "N"],
    ]);
  });
});

describe("array rows in upsert mode", () => {
  it("key by position, with or without columnNames", async () => {
    const events = [ev("+I", ["ann", 10]), ev("+I", ["bob", 5]), ev("+U", ["ann", 12])];
    for (const columnNames of [undefined, ["customer", "total"]]) {
      const changes = await materialize(events, { upsertColumns: [0], ...(columnNames === undefined ? {} : { columnNames }) });
      expect(changes.map((c) => [c.type, c.id])).toEqual([
        ["insert", '"ann"'],
        ["insert", '"bob"'],
        ["update", '"ann"'],
      ]);
    }
  });

  it("a row too short for the key column fails with UPSERT_COLUMNS_UNRESOLVED", async () => {
    const e = (await materialize([ev("+I", ["ann", 10]), ev("+I", ["bob", 5])], { upsertColumns: [3] }).catch((x: unknown) => x)) as InterfaceError;
    expect(e).toMatchObject({ code: "UPSERT_COLUMNS_UNRESOLVED", message: "Upsert column 3 is not in the row (no '3')" });
  });
});

describe("upsertKeyFunction from the package entry", () => {
  it("builds the key ChangelogTable's upsert mode needs, by name for object rows", async () => {
    const table = new ChangelogTable<{ k: string; n: number }>({ mode: "upsert", upsertKey: upsertKeyFunction([0], ["k", "n"]) });
    table.apply("+I", { k: "a", n: 1 });
    table.apply("+U", { k: "a", n: 2 });
    table.apply("+I", { k: "b", n: 5 });
    expect(table.snapshot()).toEqual([{ k: "a", n: 2 }, { k: "b", n: 5 }]);
  });
});
