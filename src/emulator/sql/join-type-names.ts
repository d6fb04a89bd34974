/**
 * Flink's FlinkJoinType names (InnerJoin, LeftOuterJoin, ..., LeftAntiJoin), as its physical join
 * nodes print `joinType=[...]` in EXPLAIN and in planner messages, streaming and batch alike.
 */
import type { JoinKind } from "./runtime/join.ts";

const JOIN_TYPE_NAMES: Readonly<Record<JoinKind, string>> = {
  INNER: "InnerJoin",
  LEFT: "LeftOuterJoin",
  RIGHT: "RightOuterJoin",
  FULL: "FullOuterJoin",
  SEMI: "LeftSemiJoin",
  ANTI: "LeftAntiJoin",
};

/** The FlinkJoinType name of an emulator join kind. */
export function joinTypeName(kind: JoinKind): string {
  return JOIN_TYPE_NAMES[kind];
}
