import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requireOrganizationMember } from "~/auth/permissions.server";
import { competencyRecordAsCsv, competencyRecordAsJson } from "~/codecs/competency-export.server";
import { loadCompetencyRecord } from "~/models/competencies/competency.server";

/** The trainee's own competency record as a file: CSV for a spreadsheet, JSON with every piece of evidence. */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { user, organization } = await requireOrganizationMember(context, request, params.orgSlug);
  if (params.format !== "csv" && params.format !== "json") throw notFound("You can download your competencies as csv or json.");
  const record = await loadCompetencyRecord({ organizationId: organization.id, userId: user.id });
  const exportedAt = new Date().toISOString();
  const filename = `competencies-${exportedAt.slice(0, 10)}.${params.format}`;
  const headers = {
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
    "Content-Disposition": `attachment; filename="${filename}"`,
  };
  if (params.format === "json") {
    const body = competencyRecordAsJson(record, { person: user.displayName, organization: organization.name, exportedAt });
    return new Response(JSON.stringify(body, null, 2), { headers: { ...headers, "Content-Type": "application/json; charset=utf-8" } });
  }
  return new Response(competencyRecordAsCsv(record), { headers: { ...headers, "Content-Type": "text/csv; charset=utf-8" } });
}
