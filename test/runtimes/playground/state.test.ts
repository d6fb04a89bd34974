/** The playground's saved editor state (playground/state.ts). */
import { describe, expect, it } from "vitest";
import { exampleIndexFor, isEdited, openStore, STORAGE_KEY, type StorageLike } from "../../../playground/state.ts";
import { EXAMPLES } from "../../../playground/ui.ts";

function memoryStorage(): StorageLike & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

describe("openStore", () => {
  it("saves the SQL and the mode and loads them back", () => {
    const storage = memoryStorage();
    const store = openStore(() => storage);
    expect(store.load()).toBeUndefined();
    expect(store.save({ sql: "SELECT 1", mode: "streaming" })).toBe(true);
    expect(JSON.parse(storage.data.get(STORAGE_KEY) ?? "")).toEqual({ sql: "SELECT 1", mode: "streaming" });
    expect(openStore(() => storage).load()).toEqual({ sql: "SELECT 1", mode: "streaming" });
  });

  it("works without storage: reading localStorage throws, or there is none", () => {
    const blocked = openStore(() => {
      throw new DOMException("The operation is insecure.", "SecurityError");
    });
    expect(blocked.load()).toBeUndefined();
    expect(blocked.save({ sql: "SELECT 1", mode: "snapshot" })).toBe(false);
    expect(openStore(() => null).save({ sql: "SELECT 1", mode: "snapshot" })).toBe(false);
  });

  it("reports a full storage instead of throwing", () => {
    const full: StorageLike = {
      getItem: () => null,
      setItem: () => {
        throw new DOMException("quota", "QuotaExceededError");
      },
    };
    expect(openStore(() => full).save({ sql: "x", mode: "snapshot" })).toBe(false);
  });

  it("ignores a saved value that is not JSON or not a state", () => {
    for (const text of ["{not json", "null", '"text"', '{"sql":1,"mode":"snapshot"}', '{"sql":"x","mode":"batch"}']) {
      const storage = memoryStorage();
      storage.data.set(STORAGE_KEY, text);
      expect(openStore(() => storage).load()).toBeUndefined();
    }
  });
});

describe("isEdited", () => {
  it("treats the loaded example's text and empty text as not the user's", () => {
    expect(isEdited(EXAMPLES[0]!.sql, EXAMPLES[0]!.sql)).toBe(false);
    expect(isEdited("  \n", undefined)).toBe(false);
  });

  it("treats changed or restored text as the user's", () => {
    expect(isEdited(`${EXAMPLES[0]!.sql} LIMIT 5`, EXAMPLES[0]!.sql)).toBe(true);
    expect(isEdited("SELECT 1", undefined)).toBe(true);
  });
});

describe("exampleIndexFor", () => {
  it("finds the example holding exactly that SQL", () => {
    expect(exampleIndexFor(EXAMPLES, EXAMPLES[2]!.sql)).toBe(2);
    expect(exampleIndexFor(EXAMPLES, `${EXAMPLES[2]!.sql} `)).toBe(-1);
  });
});
