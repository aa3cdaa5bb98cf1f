import type { LoaderFunctionArgs } from "@remix-run/node";
import { orNotFound, requireItemStatisticsReach } from "~/auth/permissions.server";
import { itemStatisticsQueryFrom } from "~/forms/item-statistics-query";
import { findModuleWithQuizzes, itemStatisticsAsCsv, loadItemStatistics } from "~/models/learning/item-statistics.server";

/** The module's item statistics as the page shows them (same reach, same version), one row per option. */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { cohortId, version } = itemStatisticsQueryFrom(new URL(request.url).searchParams);
  const { reach } = await requireItemStatisticsReach(context, request, params.orgSlug, cohortId);
  const stats = await orNotFound(() => loadItemStatistics(reach, findModuleWithQuizzes(params.moduleSlug), version));
  const filename = `question-statistics-${stats.module.slug}-${stats.version.contentHash.slice(0, 7)}.csv`;
  return new Response(itemStatisticsAsCsv(stats), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
