/**
 * The playground's keyboard shortcuts as a pure decision over a key event: Ctrl+Enter (Cmd+Enter
 * on a Mac) runs the editor's SQL from anywhere on the page, Escape cancels a running statement.
 * No DOM access, so happy-dom tests can feed it plain objects.
 */

/** The parts of a `KeyboardEvent` the shortcuts look at. */
export interface KeyLike {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey?: boolean;
  readonly shiftKey?: boolean;
  /** True while an input method is composing (Enter then confirms the composition). */
  readonly isComposing?: boolean;
  readonly repeat?: boolean;
}

/** What a key press asks the page to do. */
export type Shortcut = "run" | "cancel";

/**
 * The shortcut a key press means, or `null` to let the browser handle it.
 *
 * @example shortcutFor({ key: "Enter", ctrlKey: true, metaKey: false }, false) // "run"
 * @example shortcutFor({ key: "Escape", ctrlKey: false, metaKey: false }, false) // null: nothing runs
 */
export function shortcutFor(event: KeyLike, running: boolean): Shortcut | null {
  if (event.isComposing) return null;
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey) {
    // Holding the keys down must not start the statement over and over.
    return event.repeat ? null : "run";
  }
  // Escape with nothing running stays the browser's (closing a select, leaving full screen).
  if (event.key === "Escape" && running && !event.ctrlKey && !event.metaKey && !event.altKey) return "cancel";
  return null;
}

/**
 * How the run shortcut is spelled on this platform: Apple keyboards say ⌘, the rest Ctrl.
 *
 * @example runShortcutLabel("MacIntel") // "⌘+Enter"
 */
export function runShortcutLabel(platform: string): string {
  return /Mac|iPhone|iPad|iPod/i.test(platform) ? "⌘+Enter" : "Ctrl+Enter";
}
