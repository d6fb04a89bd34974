/**
 * Window joins (Flink docs, "Queries > Window Join"; Flink's StreamPhysicalWindowJoin): a join
 * whose ON condition equates window_start and window_end of both inputs, each the output of a
 * windowing TVF or of a window aggregation / Top-N over one. Streaming runs it with
 * runtime/window-join.ts; snapshot mode joins the bounded inputs regularly, with the same rows.
 */
import type { PlanNode, WindowJoinSpec, WindowTvfNode } from "./plan.ts";

/**
 * The window TVF whose windows `n` carries: the first one below it, looking through the nodes a
 * window join input may be made of (projections, filters, window aggregates and Top-N, joins).
 */
export function windowTvfBelow(n: PlanNode): WindowTvfNode | null {
  switch (n.kind) {
    case "WindowTvf":
      return n;
    case "Scan":
    case "Values":
      return null;
    case "Join":
    case "TemporalJoin":
      return windowTvfBelow(n.left) ?? windowTvfBelow(n.right);
    case "Union":
      for (const i of n.inputs) {
        const w = windowTvfBelow(i);
        if (w) return w;
      }
      return null;
    default:
      return windowTvfBelow(n.input);
  }
}

/** A window as Flink's WindowingStrategy#toSummaryString words it, sizes in ms as the emulator's EXPLAIN shows them. */
export function windowSummary(tvf: WindowTvfNode | null, start: string, end: string): string {
  const cols = `win_start=[${start}], win_end=[${end}]`;
  if (!tvf) return `WINDOW(${cols})`;
  const s = tvf.spec;
  switch (s.kind) {
    case "TUMBLE":
      return `TUMBLE(${cols}, size=[${s.sizeMs} ms])`;
    case "HOP":
      return `HOP(${cols}, size=[${s.sizeMs} ms], slide=[${s.stepMs} ms])`;
    case "CUMULATE":
      return `CUMULATE(${cols}, max_size=[${s.sizeMs} ms], step=[${s.stepMs} ms])`;
    case "SESSION":
      return `SESSION(${cols}, gap=[${s.gapMs} ms])`;
  }
}

/**
 * The spec of a streaming window join of `left` and `right`, whose ON condition equates the
 * window_start columns `cols.get("start")` and the window_end columns `cols.get("end")` (left,
 * right); `equiKeys` counts every equi-join key, the window ones included.
 */
export function windowJoinSpec(left: PlanNode, right: PlanNode, cols: ReadonlyMap<"start" | "end", readonly [number, number]>, equiKeys: number): WindowJoinSpec {
  const starts = cols.get("start")!;
  const ends = cols.get("end")!;
  const tvfs = [windowTvfBelow(left), windowTvfBelow(right)] as const;
  const summary = (side: 0 | 1): string => {
    const n = side === 0 ? left : right;
    return windowSummary(tvfs[side], n.fields[starts[side]]!.name, n.fields[ends[side]]!.name);
  };
  return {
    ends: [ends[0], ends[1]],
    // Without a TVF in sight (not expected), the window bounds are taken as they are.
    ltz: [tvfs[0]?.ltz ?? false, tvfs[1]?.ltz ?? false],
    summaries: [summary(0), summary(1)],
    keyCount: Math.max(0, equiKeys - 2),
  };
}

/**
 * Whether both inputs carry the same windows: Flink's WindowJoinUtil plans a window join only
 * when the window TVFs and time attribute types of both sides are equal (otherwise it logs a
 * warning and the join stays regular). An input whose TVF is not in sight counts as equal.
 */
export function sameWindowing(left: PlanNode, right: PlanNode): boolean {
  const a = windowTvfBelow(left);
  const b = windowTvfBelow(right);
  if (!a || !b) return true;
  if (a.ltz !== b.ltz) return false;
  const x = a.spec;
  const y = b.spec;
  if (x.kind === "SESSION") return y.kind === "SESSION" && x.gapMs === y.gapMs;
  if (y.kind === "SESSION") return false;
  return x.kind === y.kind && x.sizeMs === y.sizeMs && x.stepMs === y.stepMs && x.offsetMs === y.offsetMs;
}
