/**
 * The generated API reference (docs/api.md, scripts/api-docs.mjs): regenerated in memory from
 * the TSDoc of src/, it must equal the committed file; it must cover every runtime export of
 * the built entries; and the TSDoc gap finder must find nothing missing on the public surface
 * (a summary, an example and failure behaviour per function, class and method; a summary per
 * interface and type).
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { API_MD, collectApi, findGaps, renderApi, type ApiEntry } from "../../scripts/api-docs.mjs";
import { ROOT } from "./support.ts";

let cached: ApiEntry[] | undefined;
const api = (): ApiEntry[] => (cached ??= collectApi());

describe("docs/api.md", () => {
  it("is up to date with the TSDoc of src/ (else run `npm run docs:api`)", { timeout: 120_000 }, () => {
    const fresh = renderApi(api());
    const current = readFileSync(API_MD, "utf8");
    if (current !== fresh) {
      const a = current.split("\n");
      const b = fresh.split("\n");
      const at = a.findIndex((line, i) => line !== b[i]);
      expect.fail(`docs/api.md is stale: run \`npm run docs:api\`. First difference at line ${at + 1}:\n- ${a[at]}\n+ ${b[at]}`);
    }
  });

  it("documents every runtime export of the built entries, and nothing else", { timeout: 120_000 }, async () => {
    for (const [entry, file] of [
      ["confluent-sql", "dist/index.js"],
      ["confluent-sql/emulator", "dist/emulator.js"],
      ["confluent-sql/control-plane", "dist/control-plane.js"],
    ] as const) {
      const runtime = Object.keys((await import(join(ROOT, file))) as object).sort();
      const documented = api().find((e) => e.module === entry)!.symbols;
      const values = documented.filter((s) => ["function", "class", "const", "enum"].includes(s.kind)).map((s) => s.name).sort();
      expect(values, entry).toEqual(runtime);
      const md = readFileSync(API_MD, "utf8");
      for (const s of documented) expect(md, `${entry} ${s.name}`).toContain(`### ${s.name}\n`);
    }
  });

  it("lists every public member of a class with its signature", { timeout: 120_000 }, () => {
    const cursor = api()[0]!.symbols.find((s) => s.name === "Cursor")!;
    expect(cursor.signatures).toEqual(["class Cursor<Row = unknown[]>"]);
    const names = cursor.members.map((m) => m.name);
    for (const n of ["execute", "fetchOne", "fetchMany", "fetchAll", "close", "description", "rowCount", "arraySize", "[Symbol.asyncIterator]"]) {
      expect(names).toContain(n);
    }
    expect(names.some((n) => n.startsWith("#"))).toBe(false);
    const execute = cursor.members.find((m) => m.name === "execute")!;
    expect(execute.kind).toBe("method");
    expect(execute.signatures[0]).toMatch(/^execute\(sql: string \| SqlText, params\?: .*\): Promise<Cursor<Row>>$/);
    expect(execute.throws.join(" ")).toContain("StatementFailedError");
  });
});

describe("TSDoc gap finder", () => {
  it("finds no gap in the public surface (else document what it lists)", { timeout: 120_000 }, () => {
    const gaps = findGaps(api()).map((g) => `${g.where}: no ${g.missing.join(", no ")}`);
    expect(gaps).toEqual([]);
  });

  it("reports missing summaries, examples and failure behaviour of functions, classes and methods", () => {
    const doc = { summary: "", examples: [] as string[], throws: [] as string[], returns: [] as string[], internal: false, deprecated: [] as string[] };
    const entry: ApiEntry = {
      module: "m",
      file: "m.ts",
      symbols: [
        { ...doc, name: "bare", kind: "function", source: "m.ts", signatures: [], members: [], allMembers: [], extends: [] },
        { ...doc, name: "ok", kind: "function", source: "m.ts", signatures: [], members: [], allMembers: [], extends: [], summary: "Does it. Never throws.", examples: ["ok()"] },
        {
          ...doc,
          name: "K",
          kind: "class",
          source: "m.ts",
          signatures: [],
          extends: [],
          allMembers: [],
          summary: "A class.",
          examples: ["new K()"],
          constructor_: { ...doc, signatures: ["new K()"] },
          members: [
            { ...doc, name: "run", kind: "method", signatures: [], summary: "Runs.", examples: ["k.run()"], throws: ["InterfaceError X"] },
            { ...doc, name: "stop", kind: "method", signatures: [], summary: "Stops." },
            { ...doc, name: "size", kind: "property", signatures: [] },
          ],
        },
        // A constructor with parameters needs failure behaviour, in its own docs or the class's.
        {
          ...doc,
          name: "Ctor",
          kind: "class",
          source: "m.ts",
          signatures: [],
          extends: [],
          allMembers: [],
          members: [],
          summary: "Built from options.",
          examples: ["new Ctor({})"],
          constructor_: { ...doc, signatures: ["new Ctor(options: O)"], summary: "Checks the options.\nNever\nthrows." },
        },
        { ...doc, name: "Loose", kind: "class", source: "m.ts", signatures: [], extends: [], allMembers: [], members: [], summary: "Loose.", examples: ["new Loose(1)"], constructor_: { ...doc, signatures: ["new Loose(n: number)"] } },
        { ...doc, name: "Shape", kind: "interface", source: "m.ts", signatures: [], members: [], allMembers: [], extends: [] },
        { ...doc, name: "Named", kind: "type", source: "m.ts", signatures: [], members: [], allMembers: [], extends: [], summary: "A name." },
        { ...doc, name: "LIMIT", kind: "const", source: "m.ts", signatures: [], members: [], allMembers: [], extends: [] },
      ],
    };
    expect(findGaps([entry])).toEqual([
      { where: "m: bare", missing: ["summary", "example", "failure behaviour"] },
      { where: "m: K.stop", missing: ["example", "failure behaviour"] },
      { where: "m: Loose", missing: ["failure behaviour"] },
      { where: "m: Shape", missing: ["summary"] },
    ]);
  });

  it("does not take a file's module comment for the docs of its first export", { timeout: 120_000 }, () => {
    // src/emulator/clock.ts opens with a module comment, then the Clock interface.
    const clock = api()[1]!.symbols.find((s) => s.name === "Clock")!;
    expect(clock.summary).toMatch(/^The emulator's time source\./);
    expect(clock.summary).not.toContain("Time for the emulator");
  });
});

describe("docs/migration.md", () => {
  it("names only exports and members that exist in its TypeScript column", { timeout: 120_000 }, () => {
    const symbols = new Map(api().flatMap((e) => e.symbols.map((s) => [s.name, s] as const)));
    const doc = readFileSync(join(ROOT, "docs/migration.md"), "utf8");
    const unknown: string[] = [];
    let checked = 0;
    for (const line of doc.split("\n")) {
      if (!line.startsWith("| ") || line.startsWith("| Python") || line.startsWith("|---")) continue;
      const ts = line.split(" | ")[1] ?? "";
      for (const [, span] of ts.matchAll(/`([^`]+)`/g)) {
        const m = /^([A-Za-z_$][\w$]*)(?:\.([\w$]+)|(\[Symbol\.\w+\]))?(?:\(\))?$/.exec(span!);
        if (!m) {
          unknown.push(`${span}: not an export or member reference`);
          continue;
        }
        checked++;
        const symbol = symbols.get(m[1]!);
        const member = m[2] ?? m[3];
        if (!symbol) unknown.push(`${span}: ${m[1]} is not exported`);
        else if (member !== undefined && !symbol.allMembers.includes(member)) unknown.push(`${span}: ${m[1]} has no member ${member}`);
      }
    }
    expect(unknown).toEqual([]);
    expect(checked).toBeGreaterThan(150);
  });
});
