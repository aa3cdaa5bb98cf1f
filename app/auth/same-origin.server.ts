/**
 * CSRF defence for every non-GET request: the browser's Origin (or, failing
 * that, Referer and Sec-Fetch-Site) must name this site. A request with none
 * of them comes from a non-browser client, which cannot ride a victim's
 * cookies; SameSite=Lax covers the rest.
 *
 * Origin is compared whole, as browsers write it (lowercase, default port
 * left out), never by prefix: `http://localhost:3000.evil.example` and
 * `http://localhost:30000` are other sites. A sibling host of the same site
 * (Sec-Fetch-Site: same-site) is another origin too.
 */
export function isSameOriginRequest(
  headers: { origin?: string; referer?: string; secFetchSite?: string },
  expectedOrigin: string,
): boolean {
  if (headers.secFetchSite === "cross-site" || headers.secFetchSite === "same-site") return false;
  if (headers.origin) return headers.origin === expectedOrigin;
  if (headers.referer) {
    try {
      return new URL(headers.referer).origin === expectedOrigin;
    } catch {
      return false;
    }
  }
  return true;
}

export function isSafeMethod(method: string): boolean {
  return method === "GET" || method === "HEAD" || method === "OPTIONS";
}

/**
 * Whether a Host header names this site: exactly the host and port of the
 * app's origin, in any letter case (host names are case-insensitive), with
 * the scheme's default port written out or left off. Another name, another
 * port, a suffix or prefix, a path, or no Host at all is not this site.
 */
export function isAppHost(host: string | undefined, appOrigin: string): boolean {
  if (!host) return false;
  const app = new URL(appOrigin);
  const given = host.toLowerCase();
  const defaultPort = app.protocol === "https:" ? "443" : "80";
  return given === app.host || (app.port === "" && given === `${app.hostname}:${defaultPort}`);
}
