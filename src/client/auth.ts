/**
 * Authentication header providers: HTTP Basic (key:secret), Bearer (a string, or an async function
 * called again when a 401 says the token expired) with `Confluent-Identity-Pool-Id`, or none
 * (a proxy adds credentials).
 *
 * Providers hold the secrets; nothing else in the client does. `secrets()` lists the values the
 * transport must scrub from any text that reaches an error.
 */

/**
 * A bearer token (`token`, `externalAccessToken`): a fixed string, or a function the client
 * calls for the first request and again when a 401 says the token expired, so short-lived
 * tokens can be refreshed without a new connection. A function that throws or returns no
 * token fails the request with OperationalError `TOKEN_FAILED`; one that does not answer within
 * `httpTimeoutMs` (or before the call's signal or `timeoutMs` ends it) fails it as a request
 * timeout would (TimeoutError, retried like one for safe requests).
 */
export type TokenSource = string | (() => string | Promise<string>);

export type AuthSpec =
  | { kind: "basic"; key: string; secret: string }
  | { kind: "bearer"; token: TokenSource; identityPoolId?: string | undefined }
  | { kind: "none" };

export interface AuthProvider {
  readonly kind: AuthSpec["kind"];
  /** Headers for the next request; `refresh` asks a token function for a new token. */
  headers(refresh: boolean): Promise<Record<string, string>>;
  /** Whether a 401 can be retried after `headers(true)`. */
  readonly canRefresh: boolean;
  /** Secret values to redact from error text. */
  secrets(): string[];
}

/** base64 of UTF-8 text without Node's Buffer. */
export function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

export function createAuthProvider(spec: AuthSpec): AuthProvider {
  if (spec.kind === "basic") {
    const value = `Basic ${base64Utf8(`${spec.key}:${spec.secret}`)}`;
    return {
      kind: "basic",
      canRefresh: false,
      headers: async () => ({ authorization: value }),
      secrets: () => [spec.secret, value.slice(6)],
    };
  }
  if (spec.kind === "bearer") {
    const source = spec.token;
    let current: string | undefined = typeof source === "string" ? source : undefined;
    // Tokens replaced by a refresh stay secret: a late error body may still echo them.
    const previous: string[] = [];
    let pending: Promise<string> | undefined;
    const fetchToken = async (): Promise<string> => {
      if (typeof source === "string") return source;
      // One call in flight at a time: concurrent requests share a refresh.
      pending ??= Promise.resolve()
        .then(() => source())
        .then((t) => {
          if (typeof t !== "string" || t === "") throw new TypeError("the bearer token function returned no token");
          if (current !== undefined && current !== t && !previous.includes(current)) {
            previous.push(current);
            if (previous.length > 8) previous.shift();
          }
          current = t;
          return t;
        })
        .finally(() => {
          pending = undefined;
        });
      return pending;
    };
    return {
      kind: "bearer",
      canRefresh: typeof source === "function",
      async headers(refresh) {
        const token = refresh || current === undefined ? await fetchToken() : current;
        const h: Record<string, string> = { authorization: `Bearer ${token}` };
        if (spec.identityPoolId !== undefined) h["confluent-identity-pool-id"] = spec.identityPoolId;
        return h;
      },
      secrets: () => (current === undefined ? previous : [current, ...previous]),
    };
  }
  return { kind: "none", canRefresh: false, headers: async () => ({}), secrets: () => [] };
}
