/**
 * What to tell the user about a failure, beyond the library's code and message: a wrong or
 * missing proxy token (401 from the Worker's `/sql/v1` proxy) and a Worker that cannot be
 * reached are the two a first-time user meets, and both have an obvious next step.
 */

/** What the page knows when it explains an error. */
export interface ExplainContext {
  /** `/api/config` said the proxy wants a token. */
  readonly tokenRequired: boolean;
  /** A token was typed into the token field. */
  readonly tokenGiven: boolean;
  /** Where the page (and so the Worker) is, e.g. `http://127.0.0.1:8787`. */
  readonly origin: string;
}

/** The kinds of failure the page reacts to beyond showing them. */
export type Trouble = "token" | "network" | "timeout" | "other";

/** A failure sorted into a kind, with the next step for the user when there is one. */
export interface Explanation {
  readonly trouble: Trouble;
  readonly hint?: string;
}

function field(error: unknown, name: string): unknown {
  return error !== null && typeof error === "object" ? (error as Record<string, unknown>)[name] : undefined;
}

/** A `fetch` that never got an answer: Chromium, Firefox and Safari word it differently. */
function isFetchFailure(error: unknown): boolean {
  return error instanceof TypeError && /fetch|network|load failed/i.test(error.message);
}

/**
 * Sorts a failure and says what to do about it.
 *
 * @example explainError({ code: "UNAUTHENTICATED", status: 401 }, { tokenRequired: true, tokenGiven: false, origin: "" }).trouble // "token"
 */
export function explainError(error: unknown, context: ExplainContext): Explanation {
  const code = field(error, "code");
  const status = field(error, "status");
  if (code === "UNAUTHENTICATED" || status === 401) {
    return {
      trouble: "token",
      hint: context.tokenGiven
        ? "The proxy did not accept that token. Enter the Worker's PROXY_TOKEN in the Proxy token field and run again."
        : "This Worker's proxy needs a token. Enter its PROXY_TOKEN in the Proxy token field and run again.",
    };
  }
  if (code === "NETWORK_ERROR" || isFetchFailure(error)) {
    return {
      trouble: "network",
      hint: `The page could not reach the Worker at ${context.origin}. Is it still running (npm start)? Start it again, then run again.`,
    };
  }
  if (code === "TIMEOUT") {
    return { trouble: "timeout", hint: "The Worker took too long to answer. Check that it is still running, then run again." };
  }
  if (code === "RATE_LIMITED") {
    return { trouble: "other", hint: "Too many requests for now: wait a moment, then run again." };
  }
  return { trouble: "other" };
}
