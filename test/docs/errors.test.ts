/**
 * docs/errors.md against the source: its code tables list exactly the codes the library can
 * raise (read from src/ by error-codes.ts), each with the classes that carry it, and its class
 * tree shows every exported error class.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as client from "../../src/index.ts";
import * as emulator from "../../src/emulator/index.ts";
import * as controlPlane from "../../src/control-plane/index.ts";
import { raisedCodes } from "./error-codes.ts";
import { ROOT } from "./support.ts";

const doc = readFileSync(join(ROOT, "docs/errors.md"), "utf8");
const section = doc.slice(doc.indexOf("## Every code"), doc.indexOf("## Errors in practice"));
const documented = new Map<string, Set<string>>();
for (const m of section.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \| ([^|]+) \|/gm)) {
  documented.set(m[1]!, new Set(m[2]!.split(",").map((c) => c.trim())));
}

describe("docs/errors.md", () => {
  const raised = raisedCodes();

  it("lists every error code the library raises", () => {
    const missing = [...raised.keys()].filter((c) => !documented.has(c)).map((c) => `${c} (${[...raised.get(c)!.at].join(", ")})`);
    expect(missing, "codes raised in src/ but not in docs/errors.md").toEqual([]);
  });

  it("lists no code the library does not raise", () => {
    expect([...documented.keys()].filter((c) => !raised.has(c))).toEqual([]);
  });

  it("names the classes that carry each code", () => {
    const wrong = [...raised.values()]
      .filter((r) => documented.has(r.code))
      .filter((r) => JSON.stringify([...r.classes].sort()) !== JSON.stringify([...documented.get(r.code)!].sort()))
      .map((r) => `${r.code}: source ${[...r.classes].sort().join(", ")}, docs ${[...documented.get(r.code)!].sort().join(", ")}`);
    expect(wrong).toEqual([]);
  });

  it("shows every exported error class in the class tree", () => {
    const tree = doc.slice(doc.indexOf("## Classes"), doc.indexOf("## What to do"));
    const classes = Object.entries({ ...client, ...emulator, ...controlPlane })
      .filter(([, v]) => typeof v === "function" && (v as { prototype?: unknown }).prototype instanceof Error)
      .map(([k]) => k);
    expect(classes.length).toBeGreaterThan(15);
    for (const name of classes) expect(tree, name).toMatch(new RegExp(`\\b${name}\\b`));
  });

  it("finds codes in every form the source raises them", () => {
    // One of each form: a literal argument, a fallback in super(), a code property, a helper.
    expect(raised.get("BAD_REQUEST")?.classes).toEqual(new Set(["ProgrammingError"]));
    expect(raised.get("PROTOCOL_ERROR")?.classes).toEqual(new Set(["ProtocolError"]));
    expect(raised.get("TIMEOUT")?.classes).toEqual(new Set(["TimeoutError"]));
    expect(raised.get("CONFIG_MISSING_ENVIRONMENT")?.classes).toEqual(new Set(["InterfaceError"]));
    expect(raised.get("BIGINT_UNSAFE")?.classes).toEqual(new Set(["DataError"]));
    expect(raised.size).toBeGreaterThan(80);
  });
});
