/*
 * Every mail is written once, as paragraphs and links, and comes out as two
 * parts: plain text (what many people and screen readers read) and a simple
 * HTML page (one column, large type, real links with words that say where
 * they go). Nothing is styled away or hidden, and no images or tracking.
 */

export interface MailLink {
  /** The sentence before the link, e.g. "Open this link to accept. It works once." */
  lead: string;
  url: string;
  /** The link's words in the HTML part, e.g. "Accept the invitation". */
  action: string;
}

export type MailBlock = string | MailLink;

export interface ComposedMail {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** Plain text: paragraphs apart by a blank line, a link on its own line after its sentence. */
function blockText(block: MailBlock): string {
  return typeof block === "string" ? block : `${block.lead}\n${block.url}`;
}

function blockHtml(block: MailBlock): string {
  if (typeof block === "string") return `<p>${escapeHtml(block).replace(/\n/g, "<br>")}</p>`;
  const url = escapeHtml(block.url);
  return (
    `<p>${escapeHtml(block.lead)}</p>\n` +
    `<p><a href="${url}" style="color:#0b57d0;font-weight:bold">${escapeHtml(block.action)}</a></p>\n` +
    `<p style="font-size:14px">If the link does not open, copy this address into your browser:<br>${url}</p>`
  );
}

export function composeMail(input: { subject: string; blocks: MailBlock[]; footer?: MailBlock[] }): ComposedMail {
  const footer = input.footer ?? [];
  const text = [...input.blocks, ...footer].map(blockText).join("\n\n") + "\n";
  const html = [
    "<!doctype html>",
    '<html lang="en">',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(input.subject)}</title></head>`,
    '<body style="margin:0;padding:16px;font-family:Arial,Helvetica,sans-serif;font-size:17px;line-height:1.5;color:#1a1a1a;background:#ffffff">',
    '<div style="max-width:36em;margin:0 auto">',
    ...input.blocks.map(blockHtml),
    ...(footer.length > 0 ? ['<hr style="border:0;border-top:1px solid #767676">', ...footer.map(blockHtml)] : []),
    "</div>",
    "</body>",
    "</html>",
  ].join("\n");
  return { subject: input.subject, text, html };
}
