import type { Response } from "express";

/** A small page for refusals made before Remix runs (body too large, cross-site form, another host). */
export function sendPlainErrorPage(res: Response, status: number, title: string, message: string, startPage = "/"): void {
  const escape = (text: string) =>
    text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
  res
    .status(status)
    .type("html")
    .setHeader("Cache-Control", "no-store")
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title><link rel="stylesheet" href="/app.css"></head><body><main id="main" class="page narrow"><h1>${escape(title)}</h1><p>${escape(message)}</p><p><a href="${escape(startPage)}">Go to the start page</a></p></main></body></html>`,
    );
}
