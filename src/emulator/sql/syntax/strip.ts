/**
 * `stripPositions(node)`: a deep copy of an AST value without `pos`/`end`, for structural
 * comparison (round-trip tests, plan caches keyed by statement shape).
 */

/**
 * Remove every `pos` and `end` key, recursively.
 *
 * @example
 * stripPositions(parseExpression("a")); // { kind: "Identifier", parts: ["a"] }
 */
export function stripPositions<T>(node: T): unknown {
  if (Array.isArray(node)) return node.map((x) => stripPositions(x));
  if (node !== null && typeof node === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      if (k === "pos" || k === "end") continue;
      out[k] = stripPositions(v);
    }
    return out;
  }
  return node;
}
