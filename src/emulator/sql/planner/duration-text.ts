/**
 * A duration as Flink's plans print window sizes (TimeUtils.formatWithHighestUnit): in the
 * largest unit that divides it exactly, `5 s`, `10 min`, `1 h`, `1 d`, else milliseconds.
 */
const UNITS: ReadonlyArray<readonly [number, string]> = [
  [86_400_000, "d"],
  [3_600_000, "h"],
  [60_000, "min"],
  [1_000, "s"],
];

/** `ms` milliseconds in Flink's plan wording. */
export function durationText(ms: number): string {
  if (ms !== 0) for (const [size, unit] of UNITS) if (ms % size === 0) return `${ms / size} ${unit}`;
  return `${ms} ms`;
}
