/** The CLI's usage error (exit 2): its own module so every parser can throw it without import cycles. */

/**
 * A malformed command line (exit 2). `code` is `USAGE` unless a more specific one applies;
 * `hint` replaces the generic "see --help" line when there is something better to say.
 */
export class UsageError extends Error {
  override readonly name = "UsageError";
  readonly code: string;
  readonly hint: string | undefined;

  constructor(message: string, options: { code?: string; hint?: string } = {}) {
    super(message);
    this.code = options.code ?? "USAGE";
    this.hint = options.hint;
  }
}
