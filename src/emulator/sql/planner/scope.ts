/**
 * Name resolution for expressions: the columns visible at a point of a query (with their
 * table qualifiers), and Flink/Calcite-style validation errors with source positions.
 */
import { EngineError } from "../../engine.ts";
import type * as ast from "../syntax/ast.ts";
import { TABLE_EXCEPTION } from "../syntax/errors.ts";
import type { LogicalType } from "../../../types/model.ts";
import type { Field } from "./plan.ts";

export interface ScopeCol {
  readonly qualifier: string | null;
  readonly name: string;
  readonly type: LogicalType;
  readonly index: number;
  readonly field: Field;
  /**
   * The merged column of a `JOIN ... USING` (COALESCE of both sides). Only an unqualified name
   * in the clauses Calcite expands common columns in (select list, GROUP BY, HAVING) resolves
   * to it; elsewhere the name stays ambiguous between the two sides.
   */
  readonly common?: boolean;
}

/** "From line 1, column 8 to line 1, column 10: msg" (Calcite's validation error form). */
export function validationError(node: ast.NodeBase | null, message: string): EngineError {
  if (!node) return new EngineError(`SQL validation failed. ${message}`);
  return new EngineError(
    `SQL validation failed. From line ${node.pos.line}, column ${node.pos.column} to line ${node.end.line}, column ${node.end.column}: ${message}`,
  );
}

/** What Flink's planner rejects while translating a valid query (no position, as in Flink). */
export function tableException(message: string): EngineError {
  return new EngineError(message, TABLE_EXCEPTION);
}

/** Unsupported feature: names it and where it is. */
export function unsupported(node: ast.NodeBase | null, feature: string): EngineError {
  const at = node ? ` (at line ${node.pos.line}, column ${node.pos.column})` : "";
  return tableException(`Unsupported feature in the emulator: ${feature}${at}.`);
}

export class Scope {
  constructor(
    readonly cols: ScopeCol[],
    /** The enclosing query's scope (for a clear error on correlated references). */
    readonly outer: Scope | null = null,
    /** What an unqualified `*` expands to, when not simply the visible columns in order (USING joins). */
    readonly star: readonly ScopeCol[] | null = null,
  ) {}

  /** The columns of an unqualified `*`. */
  starCols(): readonly ScopeCol[] {
    return this.star ?? this.cols.filter((c) => !c.field.hidden && !c.common);
  }

  /** This scope plus columns a later stage appends (hidden ones stay out of `*`). */
  extend(extra: readonly ScopeCol[], outer: Scope | null = this.outer): Scope {
    const star = this.star ? [...this.star, ...extra.filter((c) => !c.field.hidden && !c.common)] : null;
    return new Scope([...this.cols, ...extra], outer, star);
  }

  static of(fields: readonly Field[], qualifier: string | null, outer: Scope | null = null): Scope {
    return new Scope(
      fields.map((f, i) => ({ qualifier, name: f.name, type: f.type, index: i, field: f })),
      outer,
    );
  }

  get width(): number {
    return this.cols.length;
  }

  qualifiers(): Set<string> {
    const s = new Set<string>();
    for (const c of this.cols) if (c.qualifier !== null) s.add(c.qualifier);
    return s;
  }

  /**
   * Resolve an identifier's leading parts to a column; returns the column and how many parts
   * it used (the rest are row field accesses), or null when nothing matches.
   */
  lookup(parts: readonly string[], node: ast.NodeBase, common = false): { col: ScopeCol; used: number } | null {
    if (common && !(parts.length >= 2 && this.qualifiers().has(parts[0]!))) {
      // The outermost USING join's merged column wins (it is appended last).
      const merged = this.cols.filter((c) => c.common && c.name === parts[0]);
      if (merged.length > 0) return { col: merged[merged.length - 1]!, used: 1 };
    }
    if (parts.length >= 2) {
      const q = parts[0]!;
      const matches = this.cols.filter((c) => c.qualifier === q && c.name === parts[1]);
      if (matches.length === 1) return { col: matches[0]!, used: 2 };
      if (matches.length > 1) throw validationError(node, `Column '${parts[1]}' is ambiguous`);
      if (this.qualifiers().has(q)) {
        const byName = this.cols.filter((c) => c.name === q);
        if (byName.length === 0) throw validationError(node, `Column '${parts[1]}' not found in table '${q}'`);
      }
    }
    const matches = this.cols.filter((c) => c.name === parts[0] && !c.common);
    if (matches.length === 1) return { col: matches[0]!, used: 1 };
    if (matches.length > 1) throw validationError(node, `Column '${parts[0]}' is ambiguous`);
    return null;
  }
}
