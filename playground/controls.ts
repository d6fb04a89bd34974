/**
 * Small rules for the page's controls and what assistive technology hears: which status changes
 * are announced (a live region that spoke every streamed row would drown the user) and when the
 * Run button can act.
 */

/** The states the status line shows. */
export type RunState = "idle" | "running" | "error" | "done";

/** A status line: its text and its state. */
export interface StatusLine {
  readonly text: string;
  readonly state: RunState;
}

/**
 * What to announce when the status line goes from `previous` to `next`, or `null` for nothing:
 * every change of state, a stream starting after "pending", and any new text outside "running"
 * (a result, a failure, "cancelled"), but not the row counts a running stream updates many times
 * a second.
 *
 * @example announcementFor({ text: "running", state: "running" }, { text: "running · 3 rows", state: "running" }) // null
 */
export function announcementFor(previous: StatusLine | undefined, next: StatusLine): string | null {
  if (previous?.state !== next.state) return next.state === "running" && next.text !== "pending" ? "running" : next.text;
  // A stream's first rows after "pending": that it runs is news, its counts are not.
  if (next.state === "running") return previous.text === "pending" && next.text !== "pending" ? "running" : null;
  return previous.text === next.text ? null : next.text;
}

/**
 * Whether there is SQL to run (Run is disabled for an empty editor).
 *
 * @example canRun("  \n") // false
 */
export function canRun(sql: string): boolean {
  return sql.trim() !== "";
}
