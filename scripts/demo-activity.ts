import { findModule } from "../app/content/catalog.server";
import { rightAnswers } from "../app/content/grading";
import type { CompiledModule } from "../app/content/types";
import { setMailTransport } from "../app/mail/mailer.server";
import { assignModules } from "../app/models/cohorts/assignment.server";
import { createCohort } from "../app/models/cohorts/cohort.server";
import { recordObservation, recordSelfAssessment } from "../app/models/competencies/competency-evidence.server";
import { issueCompletionRecord, revokeCompletionRecord } from "~/models/records/record-issuing.server";
import { recordSectionVisit, type LearnerScope } from "../app/models/learning/module-progress.server";
import { signOffProgramme, withdrawSignOff } from "../app/models/records/programme-sign-off.server";
import { createProgramme, listProgrammeChoices } from "../app/models/records/programme.server";
import { takeQuizAttempt } from "../app/models/learning/quiz-attempt.server";
import { addOwnerReply, addTrainerComment } from "../app/models/learning/reflection-comment.server";
import { listOwnReflections, saveReflection, setReflectionVisibility } from "../app/models/learning/reflection.server";
import { addTraineesToCohort } from "../app/models/cohorts/roster.server";

/*
 * The demo organization's first weeks, so that a newcomer finds something on
 * every page: one cohort with trainees at different stages, assigned modules
 * (one overdue), reflections shared and answered, observations, a programme,
 * one record issued and one revoked, and an invitation nobody has answered.
 * Everything goes through the model functions the pages use; nothing is
 * written around them.
 */

export interface DemoPerson {
  id: string;
  email: string;
  displayName: string;
}

export interface DemoCast {
  organization: { id: string; name: string };
  admin: DemoPerson;
  trainer: DemoPerson;
  /** Amara is nearly done, Ben is halfway, Priya has just begun, Jonas had his record revoked. */
  trainees: { amara: DemoPerson; ben: DemoPerson; priya: DemoPerson; jonas: DemoPerson };
  appOrigin: string;
}

export const DEMO_COHORT = "Riverside evening group";
export const DEMO_PROGRAMME = "Peer Support Foundation Certificate";
/** Someone invited into the cohort who has not answered yet (no account: the invitation waits). */
export const DEMO_PENDING_INVITEE = "sam@riverside.example";

const BASICS = "what-is-peer-support";
const MUTUALITY = "mutuality-and-equality";
const ORIGINS = "foundations-origins-and-principles";
const LANGUAGE = "who-language";

/** Throws, naming what is missing, when the built catalog lacks a module the demo uses: called before anything is written. */
export function checkDemoModules(): void {
  for (const slug of [BASICS, MUTUALITY, ORIGINS, LANGUAGE]) moduleOrFail(slug);
}

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

function moduleOrFail(slug: string): CompiledModule {
  const module = findModule(slug);
  if (!module) throw new Error(`The demo needs the module ${slug}, which is not in the catalog. Run \`npm run build\` first.`);
  return module;
}

/** Opens the module at its first part: it is then in progress for the trainee. */
async function openModule(scope: LearnerScope, slug: string) {
  const module = moduleOrFail(slug);
  await recordSectionVisit(scope, module, module.sections[0]!.id);
}

/** Answers every quiz of the module the way a trainee who knows it would. */
async function passQuizzes(scope: LearnerScope, slug: string) {
  const module = moduleOrFail(slug);
  for (const quiz of module.quizzes) {
    await takeQuizAttempt({ scope, module, quizId: quiz.id, answers: rightAnswers(quiz) });
  }
}

/** Writes the trainee's answers to the module's prompts, by prompt id; returns the saved reflections' ids. */
async function reflect(scope: LearnerScope, slug: string, answers: Record<string, string>): Promise<Record<string, string>> {
  const module = moduleOrFail(slug);
  for (const [promptId, body] of Object.entries(answers)) await saveReflection({ scope, module, promptId, body });
  const saved = await listOwnReflections(scope, slug);
  return Object.fromEntries(saved.map((reflection) => [reflection.prompt_id, reflection.id]));
}

async function share(scope: LearnerScope, reflectionId: string) {
  await setReflectionVisibility(scope, reflectionId, "shared");
}

/** A module done from start to end: opened, its quizzes passed, its prompts answered. */
async function completeModule(scope: LearnerScope, slug: string, answers: Record<string, string>) {
  await openModule(scope, slug);
  await passQuizzes(scope, slug);
  return reflect(scope, slug, answers);
}

export async function seedDemoActivity(cast: DemoCast): Promise<void> {
  const { organization, admin, trainer, trainees, appOrigin } = cast;
  const organizationId = organization.id;
  const scopeOf = (person: DemoPerson): LearnerScope => ({ organizationId, userId: person.id });
  const [amara, ben, priya, jonas] = [scopeOf(trainees.amara), scopeOf(trainees.ben), scopeOf(trainees.priya), scopeOf(trainees.jonas)];

  // The demo's people have made-up addresses: nothing to deliver while seeding.
  setMailTransport({ async send() {} });
  try {
    const cohortId = await createCohort(
      { organizationId, actorId: trainer.id, actorRole: "trainer" },
      { name: DEMO_COHORT, startsOn: day(-42), endsOn: day(42), trainerIds: [] },
    );
    // Added by the admin, so they are in the cohort at once (a trainer's add would only ask them; decision 021).
    await addTraineesToCohort({
      organizationId,
      cohortId,
      actorId: admin.id,
      actorRole: "admin",
      appOrigin,
      entries: [trainees.amara, trainees.ben, trainees.priya, trainees.jonas, { email: DEMO_PENDING_INVITEE }].map((person, index) => ({
        place: `Line ${index + 1}`,
        value: person.email,
      })),
    });
    // The first module was due four weeks ago: overdue for whoever has not finished it.
    await assignModules({ organizationId, cohortId, actorId: trainer.id, moduleSlugs: [BASICS], dueOn: day(-28) });
    await assignModules({ organizationId, cohortId, actorId: trainer.id, moduleSlugs: [MUTUALITY], dueOn: day(7) });
    await assignModules({ organizationId, cohortId, actorId: trainer.id, moduleSlugs: [ORIGINS], dueOn: day(21) });
    await assignModules({ organizationId, cohortId, actorId: trainer.id, moduleSlugs: [LANGUAGE], dueOn: null });

    const competencyId = await competencyIdsByCode(organizationId);
    const programmeId = await createProgramme(
      { organizationId, actorId: admin.id },
      {
        title: DEMO_PROGRAMME,
        description:
          "The first step to working as a peer supporter at Riverside: what peer support is, working as equals, and a trainer's observation of the trainee's practice.",
        moduleSlugs: [BASICS, MUTUALITY],
        competencies: [
          { competencyId: competencyId("who.role-01"), minLevel: "verified" },
          { competencyId: competencyId("psc.demeanour"), minLevel: "developing" },
        ],
        requiresSignOff: true,
        validityMonths: 24,
      },
    );

    // Amara: both programme modules and one more done, a reflection shared and talked over, signed off, record issued.
    await completeModule(amara, BASICS, {
      "why-peer-support":
        "At my first recovery group a woman who had been coming for years sat with me at the break. She did not give advice. She said she remembered her own first night, and that made it easier to come back the next week.",
    });
    const amaraMutuality = await completeModule(amara, MUTUALITY, {
      "power-moment":
        "In hospital, decisions about my medication were made at a meeting I was not invited to. Later a nurse sat down with me, explained the options and asked what I wanted. It was the first time in weeks I felt like a person again.",
      "power-habits": "Asking “what would be helpful right now?” before I offer anything.",
    });
    const sharedByAmara = amaraMutuality["power-moment"]!;
    await share(amara, sharedByAmara);
    const trainerAnswers = (body: string) =>
      addTrainerComment({ organizationId, learnerId: trainees.amara.id, reflectionId: sharedByAmara, authorId: trainer.id, body });
    await trainerAnswers(
      "Thank you for sharing this, Amara. The nurse who asked what you wanted is a good picture of sharing power. What might you say in your first meeting with someone, to do the same?",
    );
    await addOwnerReply({
      scope: amara,
      reflectionId: sharedByAmara,
      body: "I think I would tell them they decide what we talk about, and check again at the end whether it helped.",
    });
    await trainerAnswers("That is exactly it. Checking at the end is a habit many experienced peer supporters forget. Let's practise it in the next role-play.");
    await completeModule(amara, ORIGINS, {
      "history-meaning": "That peer support started with people organizing themselves, not with services. It reminds me the role is about rights, not only about being nice.",
    });
    await recordSelfAssessment({
      scope: amara,
      ratings: new Map([
        [competencyId("who.role-01"), 3],
        [competencyId("psc.demeanour"), 3],
        [competencyId("psc.communication"), 2],
      ]),
    });
    await recordObservation({
      organizationId,
      learnerId: trainees.amara.id,
      observerId: trainer.id,
      competencyId: competencyId("who.role-01"),
      rating: 3,
      note: "Role-play of a first meeting: Amara introduced herself, asked what the person wanted from the meeting and let them lead.",
    });
    await signOffProgramme({
      organizationId,
      programmeId,
      learnerId: trainees.amara.id,
      actorId: trainer.id,
      note: "Ready. Amara listens first and shares her story only when it helps the other person.",
    });
    await issueCompletionRecord({ organizationId, organizationName: organization.name, actorId: admin.id, programmeId, learnerId: trainees.amara.id, appOrigin });

    // Jonas: met the programme and was issued a record; then the sign-off was withdrawn and the record revoked.
    await completeModule(jonas, BASICS, { "why-peer-support": "A friend from my football team called me every week when I stopped going out. He never pushed, he just kept calling." });
    await completeModule(jonas, MUTUALITY, { "power-moment": "At the job centre I was told which course I would do. Nobody asked what I was good at." });
    await recordObservation({
      organizationId,
      learnerId: trainees.jonas.id,
      observerId: trainer.id,
      competencyId: competencyId("who.role-01"),
      rating: 3,
      note: "Role-play: warm start, asked open questions and summarized what he heard.",
    });
    await signOffProgramme({ organizationId, programmeId, learnerId: trainees.jonas.id, actorId: trainer.id, note: "" });
    const jonasRecord = await issueCompletionRecord({
      organizationId,
      organizationName: organization.name,
      actorId: admin.id,
      programmeId,
      learnerId: trainees.jonas.id,
      appOrigin,
    });
    await withdrawSignOff({ organizationId, programmeId, learnerId: trainees.jonas.id, actorId: trainer.id });
    await revokeCompletionRecord({
      organizationId,
      actorId: admin.id,
      recordId: jonasRecord.id,
      reason: "Issued before Jonas finished his supervised practice. A new record will be issued when he has.",
    });

    // Ben: the first module done, the second under way, one reflection shared and waiting for an answer.
    const benBasics = await completeModule(ben, BASICS, {
      "why-peer-support": "My neighbour had been through rehab too. He took me to my first meeting and waited outside. Knowing he was there mattered more than anything he said.",
      "what-to-share": "How it felt to ask for help the first time. I would keep my family's part private.",
    });
    await share(ben, benBasics["why-peer-support"]!);
    await openModule(ben, MUTUALITY);
    await passQuizzes(ben, MUTUALITY);
    await recordObservation({
      organizationId,
      learnerId: trainees.ben.id,
      observerId: trainer.id,
      competencyId: competencyId("psc.interpersonal-relations"),
      rating: 2,
      note: "Group exercise: Ben was warm with everyone but needed a prompt to ask the quieter people what they thought.",
    });
    await recordSelfAssessment({ scope: ben, ratings: new Map([[competencyId("psc.interpersonal-relations"), 2]]) });

    // Priya: has only opened the first module, which is past its due date.
    await openModule(priya, BASICS);
  } finally {
    setMailTransport(undefined);
  }
}

/** Competency ids of the organization's frameworks by code, through the programme form's own list. */
async function competencyIdsByCode(organizationId: string): Promise<(code: string) => string> {
  const choices = await listProgrammeChoices(organizationId);
  const byCode = new Map(choices.frameworks.flatMap((f) => f.competencies.map((c) => [c.code, c.id] as const)));
  return (code) => {
    const id = byCode.get(code);
    if (!id) throw new Error(`The demo needs the competency ${code}; the frameworks in content/frameworks are not loaded.`);
    return id;
  };
}
