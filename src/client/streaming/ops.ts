/**
 * Changelog op codes: the wire's numbers (0..3) and Flink's short names (+I, -U, +U, -D).
 *
 * Owns the mapping only; the cursor, compressor and encoders import it so every layer spells
 * ops the same way. Unknown codes are a protocol violation, reported by the caller with the path.
 */

/** Flink's short form of a changelog op. */
export type ChangeOp = "+I" | "-U" | "+U" | "-D";

/** The wire's numeric op code: 0 INSERT, 1 UPDATE_BEFORE, 2 UPDATE_AFTER, 3 DELETE. */
export type ChangeOpCode = 0 | 1 | 2 | 3;

/** One changelog event as the streaming cursor yields it for non-append-only statements. */
export interface ChangeEvent<R = unknown> {
  /** Short form, e.g. `"+U"`. */
  readonly op: ChangeOp;
  /** Numeric form of `op`, as on the wire. */
  readonly code: ChangeOpCode;
  /** The decoded row (array or object, per the cursor's `asDict`). */
  readonly row: R;
}

const NAMES: readonly ChangeOp[] = ["+I", "-U", "+U", "-D"];

/** Numeric codes by short name. */
export const OP_CODES: Readonly<Record<ChangeOp, ChangeOpCode>> = Object.freeze({
  "+I": 0,
  "-U": 1,
  "+U": 2,
  "-D": 3,
});

/** Long names (Flink's RowKind) by short name, for messages and logs. */
export const OP_KINDS: Readonly<Record<ChangeOp, string>> = Object.freeze({
  "+I": "INSERT",
  "-U": "UPDATE_BEFORE",
  "+U": "UPDATE_AFTER",
  "-D": "DELETE",
});

/**
 * Short name of a numeric op code.
 *
 * @example opName(1) // "-U"
 * @returns undefined for anything that is not 0, 1, 2 or 3; never throws, so the caller can
 * report an unknown code with its own context (the result item's path).
 */
export function opName(code: number): ChangeOp | undefined {
  return Number.isInteger(code) ? NAMES[code] : undefined;
}

/**
 * Numeric code of an op given either way.
 *
 * @example opCode("+U") // 2
 * @returns undefined for an unknown op; never throws.
 */
export function opCode(op: ChangeOp | number | string): ChangeOpCode | undefined {
  if (typeof op === "number") return opName(op) === undefined ? undefined : (op as ChangeOpCode);
  // Own keys only: "toString" or "__proto__" must not find Object.prototype members.
  return Object.hasOwn(OP_CODES, op) ? (OP_CODES as Record<string, ChangeOpCode>)[op] : undefined;
}

/** True for ops that add a row to the result (+I, +U). */
export function isAccumulate(op: ChangeOp): boolean {
  return op === "+I" || op === "+U";
}

/** Builds a change event; `code` is derived from `op`. */
export function changeEvent<R>(op: ChangeOp, row: R): ChangeEvent<R> {
  return { op, code: OP_CODES[op], row };
}
