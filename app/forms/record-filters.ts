import { z } from "zod";
import { ID_PATTERN } from "~/ids";
import { RECORD_STATUSES } from "~/models/records/record-status";

/**
 * The filters of the records list, read from the address so they work as a
 * plain GET form, links can be shared and the CSV export gets the same rows.
 * A value that makes no sense falls back to "any" instead of failing the page.
 */
export const RecordFiltersSchema = z.object({
  programme: z.string().regex(ID_PATTERN).optional().catch(undefined),
  cohort: z.string().regex(ID_PATTERN).optional().catch(undefined),
  status: z.enum(RECORD_STATUSES).optional().catch(undefined),
});

export function recordFiltersFrom(params: URLSearchParams) {
  const value = (key: string) => params.get(key) || undefined;
  const parsed = RecordFiltersSchema.parse({ programme: value("programme"), cohort: value("cohort"), status: value("status") });
  return { programmeId: parsed.programme, cohortId: parsed.cohort, status: parsed.status };
}
