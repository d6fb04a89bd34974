/**
 * The errors for two phases both cursors meet while waiting for a statement: DEGRADED, and
 * PENDING on an exhausted compute pool. One place, so snapshot and streaming cursors say the
 * same thing in the same words (the Python driver's texts, python-driver.md section 2.4).
 */
import { ComputePoolExhaustedError, StatementFailedError } from "../errors.ts";

/** What the error reports about a statement. */
export interface PhaseErrorSubject {
  readonly name: string;
  readonly phase: string;
  readonly detail?: string | null | undefined;
  readonly computePoolId?: string | null | undefined;
}

/** StatementFailedError `STATEMENT_DEGRADED`, with the server's detail. */
export function degradedError(st: PhaseErrorSubject): StatementFailedError {
  const detail = st.detail || undefined;
  return new StatementFailedError("STATEMENT_DEGRADED", `Statement '${st.name}' is in DEGRADED state${detail ? `: ${detail}` : ""}`, {
    statementName: st.name,
    phase: st.phase,
    ...(detail ? { detail } : {}),
  });
}

/**
 * What became of a statement the pool did not accept: deleted by this client, a delete that
 * failed, or kept because this client did not create it (an attached cursor).
 */
export type ExhaustedStatementFate = "deleted" | "delete-failed" | "not-ours";

const FATE_TEXT: Record<ExhaustedStatementFate, string> = {
  deleted: "The statement has been deleted. Please retry your query.",
  "delete-failed": "The statement could not be deleted and may need manual cleanup. Please retry your query.",
  "not-ours": "The statement was left in place: this cursor did not create it.",
};

/** ComputePoolExhaustedError `COMPUTE_POOL_EXHAUSTED`; `statementDeleted` follows `fate`. */
export function poolExhaustedError(st: PhaseErrorSubject, fate: ExhaustedStatementFate): ComputePoolExhaustedError {
  const pool = st.computePoolId ? ` (compute pool ${st.computePoolId})` : "";
  return new ComputePoolExhaustedError(
    "COMPUTE_POOL_EXHAUSTED",
    `Statement '${st.name}' was not accepted for execution due to compute pool exhaustion${pool}. ${FATE_TEXT[fate]}`,
    { statementName: st.name, phase: st.phase, ...(st.detail ? { detail: st.detail } : {}), statementDeleted: fate === "deleted" },
  );
}
