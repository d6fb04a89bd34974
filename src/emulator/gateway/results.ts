/**
 * Result buffering and paging. Rows an execution emits wait here until read. Page tokens are
 * positional offsets (the CollectSink protocol, wire-protocol.md section 2.7), bound to one
 * statement, and forward-only: asking for an offset acknowledges everything before it, which
 * is then dropped; an older offset afterwards is refused. Re-asking for the same offset (a
 * retry after a lost answer) is always served.
 */
import type { ChangelogRow } from "../engine.ts";
import { HttpError } from "./http.ts";

export class ResultBuffer {
  /** Absolute offset of `rows[0]`. */
  #base = 0;
  #rows: ChangelogRow[] = [];
  /** No more rows will come (the statement reached a terminal phase). */
  ended = false;

  push(rows: readonly ChangelogRow[]): void {
    for (const r of rows) this.#rows.push({ op: r.op, row: r.row });
  }

  /** Total rows ever emitted. */
  get end(): number {
    return this.#base + this.#rows.length;
  }

  /**
   * Rows from `offset` (at most `size`) and the offset after them. Throws 400 for an offset
   * already acknowledged past or beyond what was ever emitted.
   */
  page(offset: number, size: number): { rows: ChangelogRow[]; nextOffset: number } {
    if (offset < this.#base) {
      throw new HttpError(
        400,
        `page_token refers to offset ${offset}, but results before offset ${this.#base} were already consumed (results are forward-only)`,
        { parameter: "page_token" },
      );
    }
    if (offset > this.end) throw new HttpError(400, "page_token is not valid for this statement", { parameter: "page_token" });
    // Acknowledge: drop what lies before the requested offset.
    this.#rows.splice(0, offset - this.#base);
    this.#base = offset;
    const rows = this.#rows.slice(0, size);
    return { rows, nextOffset: offset + rows.length };
  }
}

function b64url(text: string): string {
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function unb64url(token: string): string {
  const std = token.replace(/-/g, "+").replace(/_/g, "/");
  return atob(std + "=".repeat((4 - (std.length % 4)) % 4));
}

/** Opaque-looking token for `offset` of the statement with `uid`. */
export function encodeResultToken(uid: string, offset: number): string {
  return b64url(`${uid.slice(0, 8)}:${offset}`);
}

/** The offset in `token`, or a 400 when it is not one of this statement's tokens. */
export function decodeResultToken(uid: string, token: string): number {
  let text: string;
  try {
    text = unb64url(token);
  } catch {
    throw new HttpError(400, "page_token is not valid for this statement", { parameter: "page_token" });
  }
  const m = /^([0-9a-f]{8}):(\d{1,15})$/.exec(text);
  if (!m || m[1] !== uid.slice(0, 8)) {
    throw new HttpError(400, "page_token is not valid for this statement", { parameter: "page_token" });
  }
  return Number(m[2]);
}
