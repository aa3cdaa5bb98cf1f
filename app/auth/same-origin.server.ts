/**
 * CSRF defence for every non-GET request: the browser's Origin (or, failing
 * that, Referer and Sec-Fetch-Site) must name this site. A request with none
 * of them comes from a non-browser client, which cannot ride a victim's
 * cookies; SameSite=Lax covers the rest.
 */
export function isSameOriginRequest(
  headers: { origin?: string; referer?: string; secFetchSite?: string },
  expectedOrigin: string,
): boolean {
  if (headers.secFetchSite === "cross-site") return false;
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
