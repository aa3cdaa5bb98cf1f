/**
 * What a person reads on the page: the visible text of the body, without
 * tags, scripts or React's comment markers, with entities decoded.
 */
export async function pageText(response: Response): Promise<string> {
  return visibleText(await response.text());
}

export function visibleText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/gi, " ")
    .replace(/<style[\s\S]*?<\/style>/gi, " ")
    .replace(/<!--[\s\S]*?-->/g, "")
    // Inline tags that show no space of their own: a line-break opportunity, a <time> around a date.
    .replace(/<\/?(?:wbr|time)\b[^>]*>/gi, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}
