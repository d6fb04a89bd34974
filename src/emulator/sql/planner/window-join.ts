/**
 * Window joins (Flink docs, "Queries > Window Join"; Flink's StreamPhysicalWindowJoin): a join
 * whose equi-join keys equate window_start and window_end of both inputs, each the output of a
 * windowing TVF or of a window aggregation / Top-N over one. The keys may come from an ON
 * condition, USING / NATURAL, or (semi / anti joins) an IN / EXISTS subquery's correlations and
 * operands. Streaming runs it with runtime/window-join.ts; snapshot mode joins the bounded
 * inputs regularly, with the same rows.
 */
import type { Field, PlanNode, WindowJoinSpec, WindowTvfNode } from "./plan.ts";
import type { LogicalType } from "../../../types/model.ts";
import { updatesNotSupported } from "./node-description.ts";
import { tableException } from "./scope.ts";
import { durationText } from "./duration-text.ts";

/**
 * One equi-join key: the column it reads on the left and on the right input, `undefined` on a
 * side where the key is an expression rather than a plain column.
 */
export type KeyColumns = readonly [number | undefined, number | undefined];

/** What {@link planWindowJoin} decides for a join. */
export interface WindowJoinPlan {
  /**
   * A window join: equal window_start and window_end of the same windows on both sides, both
   * sides append-only. It keeps both sides' time attributes (Flink's RelTimeIndicatorConverter
   * materialises them for regular joins only), in snapshot mode too.
   */
  readonly windowJoin: boolean;
  /** Set when streaming runs it as a window join (snapshot mode joins regularly). */
  readonly spec: WindowJoinSpec | null;
}

/**
 * A join output column made of input column `field` (of join output type `type`). Time
 * attributes survive interval and window joins only (a regular join materialises them, Flink's
 * RelTimeIndicatorConverter), window properties a window join only (FlinkRelMdWindowProperties
 * has none for any other join): after a regular or interval join, window_start / window_end are
 * plain timestamps, so grouping or ranking by them is no window aggregation or window Top-N.
 */
export function joinOutputField(field: Field, type: LogicalType, keepsTime: boolean, keepsWindow: boolean): Field {
  const { window, ...plain } = field;
  return { ...plain, type, timeAttr: keepsTime ? field.timeAttr : false, ...(keepsWindow && window ? { window } : {}) };
}

/**
 * Whether the join of `left` and `right` on the equi-join `keys` is a window join, and its
 * streaming spec. Fails as Flink does (FlinkChangelogModeInferenceProgram) when a streaming
 * window join would consume an updating input.
 */
export function planWindowJoin(left: PlanNode, right: PlanNode, keys: readonly KeyColumns[], snapshot: boolean): WindowJoinPlan {
  const cols = new Map<"start" | "end", readonly [number, number]>();
  for (const [l, r] of keys) {
    if (l === undefined || r === undefined) continue;
    const w = left.fields[l]!.window;
    if ((w === "start" || w === "end") && w === right.fields[r]!.window) cols.set(w, [l, r]);
  }
  if (!cols.has("start") || !cols.has("end") || !sameWindowing(left, right)) return { windowJoin: false, spec: null };
  const insertOnly = left.insertOnly && right.insertOnly;
  if (!snapshot && !insertOnly) throw tableException(updatesNotSupported("StreamPhysicalWindowJoin", left.insertOnly ? right : left));
  const spec = insertOnly && !snapshot ? windowJoinSpec(left, right, cols, keys.length) : null;
  return { windowJoin: insertOnly, spec };
}

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

/**
 * A window as Flink's WindowingStrategy#toSummaryString words it, with Flink's duration text:
 * `cols` names the window's columns, `win_start=[...], win_end=[...]` for a windowed input or
 * `time_col=[...]` where the window is assigned (a window TVF), by default the TVF's own bounds.
 */
export function windowSummary(tvf: WindowTvfNode | null, start: string, end: string, cols = `win_start=[${start}], win_end=[${end}]`): string {
  if (!tvf) return `WINDOW(${cols})`;
  const s = tvf.spec;
  switch (s.kind) {
    case "TUMBLE":
      return `TUMBLE(${cols}, size=[${durationText(s.sizeMs)}])`;
    case "HOP":
      return `HOP(${cols}, size=[${durationText(s.sizeMs)}], slide=[${durationText(s.stepMs)}])`;
    case "CUMULATE":
      return `CUMULATE(${cols}, max_size=[${durationText(s.sizeMs)}], step=[${durationText(s.stepMs)}])`;
    case "SESSION":
      return `SESSION(${cols}, gap=[${durationText(s.gapMs)}])`;
  }
}

/**
 * The spec of a streaming window join of `left` and `right`, whose ON condition equates the
 * window_start columns `cols.get("start")` and the window_end columns `cols.get("end")` (left,
 * right); `equiKeys` counts every equi-join key, the window ones included.
 */
function windowJoinSpec(left: PlanNode, right: PlanNode, cols: ReadonlyMap<"start" | "end", readonly [number, number]>, equiKeys: number): WindowJoinSpec {
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
function sameWindowing(left: PlanNode, right: PlanNode): boolean {
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
