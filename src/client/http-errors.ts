/**
 * Maps an HTTP error response to the client's coded error classes.
 *
 * Reads every error-body shape of wire-protocol.md section 6.1 (standard `errors[]`, legacy
 * `{error:{message}}` / `{message}`, the guideline `{error:{code,message}}`, plain text from a
 * proxy) and never puts request headers into the result. Callers pass text through `redact`
 * so a server or proxy that echoes a credential cannot leak it into a message.
 */
import {
  ConfluentSqlError,
  IntegrityError,
  OperationalError,
  ProgrammingError,
  RateLimitError,
  StatementNotFoundError,
  type ErrorContext,
} from "../errors.ts";
import { ErrorBodyStruct } from "./schemas.ts";
import { is } from "superstruct";

/** The server's explanation from an error body, `errors[].detail` joined with "; ". */
export function errorDetail(body: unknown, text: string): string {
  if (is(body, ErrorBodyStruct)) {
    const parts: string[] = [];
    for (const e of body.errors ?? []) {
      const piece = e.detail ?? e.title ?? e.code ?? "";
      if (piece !== "") parts.push(e.resolution ? `${piece} (${e.resolution})` : piece);
    }
    if (parts.length > 0) return parts.join("; ");
    const err = body.error;
    if (typeof err === "string" && err !== "") return err;
    if (err && typeof err === "object" && typeof err.message === "string" && err.message !== "") {
      return err.suggestion ? `${err.message} (${err.suggestion})` : err.message;
    }
    if (typeof body.message === "string" && body.message !== "") return body.message;
  }
  const trimmed = text.trim();
  if (trimmed === "" || trimmed.startsWith("{") || trimmed.startsWith("[")) return "";
  // A proxy's HTML or text page: keep a short, single-line excerpt.
  const flat = trimmed.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}...` : flat;
}

/** The first `errors[].code` or `error.code`, if any. */
export function errorCode(body: unknown): string | undefined {
  if (!is(body, ErrorBodyStruct)) return undefined;
  for (const e of body.errors ?? []) if (e.code) return e.code;
  const err = body.error;
  if (err && typeof err === "object" && err.code !== undefined && err.code !== null) return String(err.code);
  return undefined;
}

export interface ResponseErrorInput {
  status: number;
  body: unknown;
  text: string;
  requestId?: string | undefined;
  /** e.g. "GET /statements/{name}". */
  what: string;
  statementName?: string | undefined;
  retryAfterMs?: number | undefined;
  redact: (text: string) => string;
}

/** The coded error for a non-2xx response. */
export function errorFromResponse(input: ResponseErrorInput): ConfluentSqlError {
  const detail = input.redact(errorDetail(input.body, input.text));
  const context: ErrorContext = { status: input.status };
  if (input.requestId !== undefined) context.requestId = input.requestId;
  if (input.statementName !== undefined) context.statementName = input.statementName;
  if (detail !== "") context.detail = detail;
  const base = `${input.what} failed with HTTP ${input.status}`;
  const message = detail === "" ? base : `${base}: ${detail}`;
  const s = input.status;
  if (s === 400) return new ProgrammingError("BAD_REQUEST", message, context);
  if (s === 401) return new OperationalError("UNAUTHENTICATED", `${message} (check the API key/secret or token)`, context);
  if (s === 402) return new OperationalError("QUOTA_EXCEEDED", message, context);
  if (s === 403) return new OperationalError("PERMISSION_DENIED", message, context);
  if (s === 404) {
    if (input.statementName !== undefined) {
      return new StatementNotFoundError("STATEMENT_NOT_FOUND", `Statement '${input.statementName}' not found${detail ? `: ${detail}` : ""}`, context);
    }
    return new ProgrammingError("NOT_FOUND", message, context);
  }
  if (s === 408) return new OperationalError("REQUEST_TIMEOUT", message, context);
  if (s === 409) return new IntegrityError("CONFLICT", message, context);
  if (s === 422) return new ProgrammingError("INVALID_REQUEST", message, context);
  if (s === 429) {
    const ctx = input.retryAfterMs === undefined ? context : { ...context, retryAfterMs: input.retryAfterMs };
    return new RateLimitError(message, ctx);
  }
  if (s >= 500) return new OperationalError("SERVER_ERROR", message, context);
  return new OperationalError("HTTP_ERROR", message, context);
}
