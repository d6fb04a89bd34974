/**
 * The Host check of a token-less emulator Worker, against DNS rebinding. `wrangler dev` and
 * `npm start` serve the emulator on 127.0.0.1 without a token; a page on `rebind.example` whose
 * name its owner then points at 127.0.0.1 is "same-origin" with that Worker, so CORS does not
 * stop it from running statements and reading the answers. What it cannot change is the name it
 * was loaded under, which the browser sends as `Host`: answering only loopback names (and names
 * the deployer lists) shuts it out.
 */

/** Names that always mean this machine (RFC 6761 reserves `localhost` and its subdomains). */
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Whether a request names this Worker by a loopback name or one of `allowed`: both the request
 * URL's host and, when present, the `Host` header must be (they agree on Cloudflare; a local
 * runtime may rewrite one of them). The port does not matter: a rebinding page has to use the
 * Worker's port anyway, and the name is what it cannot fake.
 *
 * @example isAllowedHost(new Request("http://localhost:8787/"), []) // true
 */
export function isAllowedHost(request: Request, allowed: readonly string[]): boolean {
  const names = [new URL(request.url).hostname];
  const header = request.headers.get("host");
  if (header !== null) {
    const fromHeader = headerHostname(header);
    if (fromHeader === undefined) return false;
    names.push(fromHeader);
  }
  return names.every((name) => {
    const n = name.toLowerCase().replace(/\.$/, "");
    return LOOPBACK_HOSTS.has(n) || n.endsWith(".localhost") || allowed.includes(n);
  });
}

/** The name part of a `Host` header (`name[:port]`); `undefined` when it is not one. */
function headerHostname(header: string): string | undefined {
  const value = header.trim();
  if (value === "" || /[/?#@\\\s]/.test(value)) return undefined;
  try {
    return new URL(`http://${value}`).hostname;
  } catch {
    return undefined;
  }
}
