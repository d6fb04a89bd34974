/** The playground's keyboard shortcuts (playground/keyboard.ts). */
import { describe, expect, it } from "vitest";
import { runShortcutLabel, shortcutFor } from "../../../playground/keyboard.ts";

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean; isComposing: boolean; repeat: boolean }> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  ...mods,
});

describe("shortcutFor", () => {
  it("runs on Ctrl+Enter and Cmd+Enter, idle or running", () => {
    expect(shortcutFor(key("Enter", { ctrlKey: true }), false)).toBe("run");
    expect(shortcutFor(key("Enter", { metaKey: true }), false)).toBe("run");
    expect(shortcutFor(key("Enter", { ctrlKey: true }), true)).toBe("run");
  });

  it("leaves plain, shifted, alt and composing Enter to the editor", () => {
    expect(shortcutFor(key("Enter"), false)).toBeNull();
    expect(shortcutFor(key("Enter", { ctrlKey: true, shiftKey: true }), false)).toBeNull();
    expect(shortcutFor(key("Enter", { ctrlKey: true, altKey: true }), false)).toBeNull();
    expect(shortcutFor(key("Enter", { ctrlKey: true, isComposing: true }), false)).toBeNull();
  });

  it("does not restart the statement for an auto-repeated Ctrl+Enter", () => {
    expect(shortcutFor(key("Enter", { ctrlKey: true, repeat: true }), true)).toBeNull();
  });

  it("cancels on Escape only while something runs", () => {
    expect(shortcutFor(key("Escape"), true)).toBe("cancel");
    expect(shortcutFor(key("Escape"), false)).toBeNull();
    expect(shortcutFor(key("Escape", { ctrlKey: true }), true)).toBeNull();
  });

  it("ignores other keys", () => {
    expect(shortcutFor(key("a", { ctrlKey: true }), true)).toBeNull();
  });
});

describe("runShortcutLabel", () => {
  it("says ⌘ on Apple platforms and Ctrl elsewhere", () => {
    expect(runShortcutLabel("MacIntel")).toBe("⌘+Enter");
    expect(runShortcutLabel("macOS")).toBe("⌘+Enter");
    expect(runShortcutLabel("iPad")).toBe("⌘+Enter");
    expect(runShortcutLabel("Linux x86_64")).toBe("Ctrl+Enter");
    expect(runShortcutLabel("Win32")).toBe("Ctrl+Enter");
  });
});
