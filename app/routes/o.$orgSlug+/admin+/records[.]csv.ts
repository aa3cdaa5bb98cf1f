import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOrganizationAdmin } from "~/auth/permissions.server";
import { recordFiltersFrom } from "~/forms/record-filters";
import { completionRecordsAsCsv, listCompletionRecords } from "~/models/records/record-listing.server";

/** The records list as CSV, filtered like the page. */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { organization } = await requireOrganizationAdmin(context, request, params.orgSlug);
  const records = await listCompletionRecords(organization.id, recordFiltersFrom(new URL(request.url).searchParams));
  return new Response(completionRecordsAsCsv(records, context.appOrigin), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="completion-records-${new Date().toISOString().slice(0, 10)}.csv"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
