import { findModule } from "~/content/catalog.server";
import { rightAnswers } from "~/content/grading";
import type { CompiledModule } from "~/content/types";
import { assignModules } from "~/models/cohorts/assignment.server";
import { createCohort } from "~/models/cohorts/cohort.server";
import { recordSectionVisit } from "~/models/learning/module-progress.server";
import { takeQuizAttempt } from "~/models/learning/quiz-attempt.server";
import { saveReflection, setReflectionVisibility, listOwnReflections } from "~/models/learning/reflection.server";
import { answerCohortRequest, listOpenCohortRequests } from "~/models/cohorts/cohort-request.server";
import { addTraineesToCohort } from "~/models/cohorts/roster.server";
import { addMember } from "~/models/accounts/membership.server";
import { createTestMember, createTestUser } from "./factories";

const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** A calendar day relative to today (UTC): `day(-3)` was three days ago. */
export const day = isoDay;

/** A cohort run by `trainer`, from a month ago to two months ahead unless told otherwise. */
export async function createTestCohort(input: {
  organizationId: string;
  trainer: { id: string };
  name?: string;
  startsOn?: string;
  endsOn?: string;
  coTrainers?: { id: string }[];
}) {
  const id = await createCohort(
    { organizationId: input.organizationId, actorId: input.trainer.id, actorRole: "trainer" },
    {
      name: input.name ?? "Test cohort",
      startsOn: input.startsOn ?? isoDay(-30),
      endsOn: input.endsOn ?? isoDay(60),
      trainerIds: (input.coTrainers ?? []).map((t) => t.id),
    },
  );
  return { id };
}

/** A member of the organization with a name of our choosing (to find their row on a page). */
export async function createNamedMember(organizationId: string, displayName: string, role: "trainee" | "trainer" | "admin" = "trainee") {
  const user = await createTestUser({ displayName });
  await addMember({ organizationId, userId: user.id, role });
  return user;
}

/**
 * Asks existing members to join the cohort, through the roster model, as a
 * trainer does: they are not in it until they accept.
 */
export async function askToJoinCohort(input: { organizationId: string; cohortId: string; trainer: { id: string }; people: { email: string }[] }) {
  return addTraineesToCohort({
    organizationId: input.organizationId,
    cohortId: input.cohortId,
    actorId: input.trainer.id,
    actorRole: "trainer",
    appOrigin: "http://localhost",
    entries: input.people.map((p, index) => ({ place: `Line ${index + 1}`, value: p.email })),
  });
}

/** Each person accepts their open request to join this cohort, as they would on their requests page. */
export async function acceptCohortRequests(input: { organizationId: string; cohortId: string; people: { id?: string }[] }) {
  for (const person of input.people) {
    // Without an id nobody can answer: a silent skip would leave the cohort empty and the test puzzling.
    if (!person.id) throw new Error("acceptCohortRequests needs each person's id");
    const requests = await listOpenCohortRequests({ organizationId: input.organizationId, userId: person.id });
    const request = requests.find((r) => r.cohort.id === input.cohortId);
    if (!request) throw new Error(`no open request to cohort ${input.cohortId} for ${person.id}`);
    await answerCohortRequest({ organizationId: input.organizationId, userId: person.id, requestId: request.id, answer: "accept" });
  }
}

/**
 * Puts existing members into the cohort as trainees the way it happens in
 * the app: the trainer asks, each person accepts. Addresses of people who are
 * not members yet are invited.
 */
export async function addToCohort(input: {
  organizationId: string;
  cohortId: string;
  trainer: { id: string };
  people: { id?: string; email: string }[];
}) {
  const outcome = await askToJoinCohort(input);
  const asked = new Set(outcome.asked.map((a) => a.email));
  await acceptCohortRequests({ ...input, people: input.people.filter((p) => asked.has(p.email.toLowerCase())) });
  return outcome;
}

/** Trainees who are members of the organization, asked into the cohort and accepting. */
export async function createCohortTrainees(input: {
  organizationId: string;
  cohortId: string;
  trainer: { id: string };
  count: number;
}) {
  const people = [];
  for (let i = 0; i < input.count; i++) {
    const person = await createTestMember(input.organizationId, "trainee");
    people.push(person);
  }
  await addToCohort({ ...input, people });
  return people;
}

export async function assignTestModules(input: {
  organizationId: string;
  cohortId: string;
  trainer: { id: string };
  slugs: string[];
  dueOn?: string | null;
}) {
  await assignModules({
    organizationId: input.organizationId,
    cohortId: input.cohortId,
    actorId: input.trainer.id,
    moduleSlugs: input.slugs,
    dueOn: input.dueOn ?? null,
  });
}

function moduleOrFail(slug: string): CompiledModule {
  const module = findModule(slug);
  if (!module) throw new Error(`no module ${slug} in the catalog`);
  return module;
}

/** Opens the first part of a module: it is then in progress. */
export async function startModule(scope: { organizationId: string; userId: string }, slug: string) {
  const module = moduleOrFail(slug);
  await recordSectionVisit(scope, module, module.sections[0]!.id);
}

/** Answers one quiz of the module wrongly (every question's first wrong option). */
export async function failQuiz(scope: { organizationId: string; userId: string }, slug: string) {
  const module = moduleOrFail(slug);
  const quiz = module.quizzes[0]!;
  const answers = Object.fromEntries(
    quiz.questions.map((q) => [q.id, [(q.options.find((o) => !o.correct) ?? q.options[0]!).id]]),
  );
  await takeQuizAttempt({ scope, module, quizId: quiz.id, answers });
}

/**
 * Completes a module the way a trainee does: every quiz passed with the
 * right answers, every required reflection written (private unless `share`).
 */
export async function completeModule(
  scope: { organizationId: string; userId: string },
  slug: string,
  options: { reflection?: string; share?: boolean } = {},
) {
  const module = moduleOrFail(slug);
  await startModule(scope, slug);
  for (const quiz of module.quizzes) {
    await takeQuizAttempt({ scope, module, quizId: quiz.id, answers: rightAnswers(quiz) });
  }
  for (const prompt of module.reflections.filter((r) => r.required)) {
    await saveReflection({ scope, module, promptId: prompt.id, body: options.reflection ?? `Thoughts on ${module.frontmatter.title}.` });
  }
  if (options.share) {
    const [saved] = await listOwnReflections(scope, slug);
    if (saved) await setReflectionVisibility(scope, saved.id, "shared");
  }
}

/** Writes a reflection in a module without completing it; returns its id. */
export async function writeReflection(
  scope: { organizationId: string; userId: string },
  slug: string,
  body: string,
  visibility: "private" | "shared",
) {
  const module = moduleOrFail(slug);
  const prompt = module.reflections[0]!;
  await saveReflection({ scope, module, promptId: prompt.id, body });
  const saved = (await listOwnReflections(scope, slug)).find((r) => r.prompt_id === prompt.id)!;
  if (visibility === "shared") await setReflectionVisibility(scope, saved.id, "shared");
  return saved.id;
}
