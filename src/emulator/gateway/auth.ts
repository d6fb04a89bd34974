/**
 * Request authentication (wire-protocol.md section 1.4): HTTP Basic with the emulator's key
 * and secret, a bearer token with `Confluent-Identity-Pool-Id` (OAuth), or a bearer token
 * alone (a data-plane token). Anything else is a 401 carrying `WWW-Authenticate`. Never
 * echoes a credential.
 */
import { HttpError } from "./http.ts";

export interface AuthConfig {
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly principal: string;
  readonly required: boolean;
  /** Accepted bearer tokens; null = any non-empty token. */
  readonly bearerTokens: readonly string[] | null;
}

/** Who is calling: the principal a created statement records by default. */
export interface Caller {
  readonly principal: string;
}

const INVALID_KEY = 'Basic error="invalid_key", error_description="The API Key is invalid"';

function unauthorized(detail: string, challenge: string): HttpError {
  return new HttpError(401, detail, {}, { "WWW-Authenticate": challenge });
}

/** Checks the Authorization header; returns the caller or throws a 401. */
export function authenticate(request: Request, config: AuthConfig): Caller {
  const header = request.headers.get("authorization");
  if (!header) {
    if (!config.required) return { principal: config.principal };
    throw unauthorized("Authentication is required: send an API key (Basic) or a bearer token", 'Basic realm="Confluent Cloud"');
  }
  const space = header.indexOf(" ");
  const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
  const value = space < 0 ? "" : header.slice(space + 1).trim();
  if (scheme === "basic") {
    let decoded = "";
    try {
      decoded = atob(value);
    } catch {
      decoded = "";
    }
    const colon = decoded.indexOf(":");
    const key = colon < 0 ? decoded : decoded.slice(0, colon);
    const secret = colon < 0 ? "" : decoded.slice(colon + 1);
    if (key === config.apiKey && secret === config.apiSecret) return { principal: config.principal };
    if (!config.required) return { principal: config.principal };
    throw unauthorized("The API Key is invalid", INVALID_KEY);
  }
  if (scheme === "bearer") {
    const pool = request.headers.get("confluent-identity-pool-id")?.trim() ?? "";
    const tokenOk = value !== "" && (config.bearerTokens === null || config.bearerTokens.includes(value));
    if (tokenOk) {
      // Without the pool header the token is a Confluent data-plane token (CLI, VS Code,
      // wire-protocol.md 1.4), which names its principal itself: here, the configured one.
      const firstPool = pool.split(",")[0]!.trim();
      return { principal: firstPool !== "" ? firstPool : config.principal };
    }
    if (!config.required) return { principal: config.principal };
    throw unauthorized("The access token is invalid", 'Bearer error="invalid_token", error_description="The access token is invalid"');
  }
  if (!config.required) return { principal: config.principal };
  throw unauthorized(`Unsupported authorization scheme '${scheme}'`, 'Basic realm="Confluent Cloud"');
}
