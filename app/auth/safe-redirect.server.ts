/** A path of this site: one "/" and then anything but a second "/" or "\\" (which browsers read as a host). */
const SITE_PATH = /^\/(?![/\\])/;

/**
 * Where to send someone after signing in, from the `redirectTo` they brought:
 * a path of this site, or else the start page. The target is resolved by the
 * URL parser, as a browser would resolve it, against the app's origin, and is
 * kept only if the origin is unchanged and what comes back still starts with
 * a single "/". That refuses `//host`, `/\host`, `/<tab>/host` (the parser
 * drops tabs and newlines), `/.//host` (dot segments collapse to `//host`)
 * and schemes; what is kept is the parser's ASCII form, safe in a header.
 */
export function safeRedirectPath(target: unknown, appOrigin: string): string {
  const home = "/";
  if (typeof target !== "string" || !SITE_PATH.test(target)) return home;
  let url: URL;
  try {
    url = new URL(target, appOrigin);
  } catch {
    return home;
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  return url.origin === new URL(appOrigin).origin && SITE_PATH.test(path) ? path : home;
}
