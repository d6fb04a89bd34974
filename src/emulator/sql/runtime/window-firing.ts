/**
 * When an event-time window fires, shared by the window operators (aggregation, Top-N, join,
 * session): once the watermark reaches its last millisecond, `window_end - 1`, as in Flink's
 * window operators. A row for a window that has fired is late and dropped.
 */

/** Whether the window ending at `end` (epoch ms, exclusive) has fired at `watermark`. */
export function windowFired(end: number, watermark: number): boolean {
  return end - 1 <= watermark;
}

/** The ends of the windows in `windows` that have fired at `upTo`, oldest first (their emit order). */
export function firedEnds(windows: ReadonlyMap<number, unknown>, upTo: number): number[] {
  return [...windows.keys()].filter((e) => windowFired(e, upTo)).sort((a, b) => a - b);
}
