import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireCohortManager } from "~/auth/permissions.server";
import { slugify } from "~/models/organizations/organization.server";
import { matrixQueryFrom } from "~/forms/cohort-fields";
import { cohortProgressAsCsv, loadCohortProgress } from "~/models/cohorts/cohort-progress.server";

/** The progress table as a CSV file: sorted and filtered like the page, every row, no reflections of any kind. */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { organization, cohortId } = await requireCohortManager(context, request, params.orgSlug, params.cohortId);
  const progress = await loadCohortProgress({ organizationId: organization.id, cohortId });
  const csv = cohortProgressAsCsv(progress, matrixQueryFrom(new URL(request.url).searchParams));
  const name = slugify(progress.cohortName);
  const filename = `${name === "organization" ? "cohort" : name}-progress-${progress.today}.csv`;
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
