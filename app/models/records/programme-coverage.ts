/*
 * Which of a programme's required competencies its chosen modules build.
 * Shared by the server, which warns before saving, and the programme form,
 * which shows the same answer while the admin chooses. A module "builds" a
 * competency when completing it can record evidence for it: its own
 * competencies, and those of its reflection prompts and quiz questions.
 */

/** Competency id → the chosen modules that build it, for the required competencies only. */
export function modulesBuildingEach(
  requiredIds: readonly string[],
  chosenSlugs: readonly string[],
  builds: Readonly<Record<string, readonly string[]>>,
): Map<string, string[]> {
  const result = new Map<string, string[]>(requiredIds.map((id) => [id, []]));
  for (const slug of chosenSlugs) {
    for (const id of builds[slug] ?? []) result.get(id)?.push(slug);
  }
  return result;
}

/** The required competencies that none of the chosen modules builds, in the order given. */
export function findUnbuiltCompetencies(
  requiredIds: readonly string[],
  chosenSlugs: readonly string[],
  builds: Readonly<Record<string, readonly string[]>>,
): string[] {
  const building = modulesBuildingEach(requiredIds, chosenSlugs, builds);
  return requiredIds.filter((id) => building.get(id)!.length === 0);
}

/** The value of the "save anyway" box: exactly which gaps the admin accepted, so a new gap asks again. */
export function acceptanceToken(unbuiltIds: readonly string[]): string {
  return [...unbuiltIds].sort().join(" ");
}
