import { z } from "zod";

/**
 * The filters of the records list, read from the address so they work as a
 * plain GET form, links can be shared and the CSV export gets the same rows.
 * A value that makes no sense falls back to "any" instead of failing the page.
 */
export const RecordFiltersSchema = z.object({
  programme: z.string().regex(/^[a-z2-7]{16}$/).optional().catch(undefined),
  cohort: z.string().regex(/^[a-z2-7]{16}$/).optional().catch(undefined),
  status: z.enum(["valid", "expired", "revoked"]).optional().catch(undefined),
});

export function recordFiltersFrom(params: URLSearchParams) {
  const value = (key: string) => params.get(key) || undefined;
  const parsed = RecordFiltersSchema.parse({ programme: value("programme"), cohort: value("cohort"), status: value("status") });
  return { programmeId: parsed.programme, cohortId: parsed.cohort, status: parsed.status };
}
