/**
 * The choices of the item statistics pages, read from the address so they
 * work as a plain GET form and the CSV link carries the same ones. Left
 * empty, a choice means "all my cohorts" and "the current version"; an id
 * that names nothing the caller may see is refused by the access rule or the
 * model with a 404, not guessed at.
 */
export function itemStatisticsQueryFrom(params: URLSearchParams): { cohortId: string | null; version: string | null } {
  const value = (key: string) => params.get(key)?.trim().slice(0, 100) || null;
  return { cohortId: value("cohort"), version: value("version") };
}

/** The address's query for these choices ("" when there are none), for links between the pages and to the CSV. */
export function itemStatisticsQueryString(choices: { cohortId?: string | null; version?: string | null }): string {
  const params = new URLSearchParams();
  if (choices.cohortId) params.set("cohort", choices.cohortId);
  if (choices.version) params.set("version", choices.version);
  const query = params.toString();
  return query ? `?${query}` : "";
}
