/**
 * The value of one cookie in a Cookie header, read without trusting the rest
 * of the header: undefined when the cookie is absent, "" when it is present
 * but empty or not percent-decodable. lucia's own reader decodes every cookie
 * in the header and throws on the first malformed one (`other=%ff`), which
 * turned any page into a 500; here a malformed cookie of another name is
 * skipped, and a malformed one of this name reads as "no value".
 */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const pair of header.split(";")) {
    const separator = pair.indexOf("=");
    if (separator === -1 || pair.slice(0, separator).trim() !== name) continue;
    const raw = pair.slice(separator + 1).trim().replace(/^"(.*)"$/, "$1");
    try {
      return decodeURIComponent(raw);
    } catch {
      return "";
    }
  }
  return undefined;
}
