import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requireOrganizationMember } from "~/auth/permissions.server";
import { journalAsMarkdown, listJournal } from "~/models/learning/journal.server";

/** The trainee's own reflections as a file: Markdown to read, JSON to keep or move. */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { user, organization } = await requireOrganizationMember(context, request, params.orgSlug);
  if (params.format !== "md" && params.format !== "json") throw notFound("You can download your journal as md or json.");
  const entries = await listJournal({ organizationId: organization.id, userId: user.id });
  const date = new Date().toISOString().slice(0, 10);
  const headers = { "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" };
  if (params.format === "json") {
    return new Response(JSON.stringify({ exportedAt: new Date().toISOString(), organization: organization.name, reflections: entries }, null, 2), {
      headers: { ...headers, "Content-Type": "application/json; charset=utf-8", "Content-Disposition": `attachment; filename="reflections-${date}.json"` },
    });
  }
  return new Response(journalAsMarkdown(entries, user.displayName), {
    headers: { ...headers, "Content-Type": "text/markdown; charset=utf-8", "Content-Disposition": `attachment; filename="reflections-${date}.md"` },
  });
}
