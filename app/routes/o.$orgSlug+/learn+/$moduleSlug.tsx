import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { notFound, orNotFound, requireOrganizationMember } from "~/auth/permissions.server";
import { QuizForm } from "~/components/lesson/quiz-form";
import { ReflectionForm } from "~/components/lesson/reflection-form";
import { RenderTree } from "~/components/lesson/render-tree";
import { ModuleCredits } from "~/components/lesson/module-credits";
import { ProgressBar } from "~/components/progress-bar";
import { SupportLinesPanel } from "~/components/support-lines";
import { findModule } from "~/content/catalog.server";
import { idField } from "~/forms/fields";
import { replyFieldError, replyFormError } from "~/forms/form-reply";
import { orRefusal, parseSubmission, readForm, refuse, UNREADABLE_FORM } from "~/forms/submission.server";
import { extraAttemptsFor, listAccommodations } from "~/models/learning/accommodation.server";
import { loadSectionActivities } from "~/models/learning/lesson.server";
import { openModule } from "~/models/learning/module-progress.server";
import { STALE_VERSION_MESSAGE, submitQuizAttempt } from "~/models/learning/quiz-attempt.server";
import { startQuizPaper } from "~/models/learning/quiz-paper.server";
import { saveReflection, setReflectionVisibility } from "~/models/learning/reflection.server";
import { listSupportLines } from "~/models/organizations/support-line.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.module.title} · Peer Support Training` : "Module · Peer Support Training" },
];

const MAX_QUIZ_FIELDS = 400;
const itemId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,60}$/, "That item was not found. Reload the page and try again.");

const QuizStart = z.object({
  intent: z.literal("start-quiz"),
  quizId: itemId,
  contentHash: z.string().regex(/^[0-9a-f]{16}$/, "Reload the page and start again."),
  section: itemId,
});
const QuizMeta = QuizStart.extend({
  intent: z.literal("submit-quiz"),
  contentHash: z.string().regex(/^[0-9a-f]{16}$/, "Reload the page and answer again."),
  paperId: idField,
});
const ReflectionSave = z.object({
  intent: z.literal("save-reflection"),
  promptId: itemId,
  section: itemId.optional(),
  body: z.string({ error: "Write something before you save." }).max(20_000, "Keep a reflection under 20,000 characters."),
});
const ReflectionShare = z.object({
  intent: z.enum(["share-reflection", "unshare-reflection"]),
  reflectionId: idField,
});

async function learnerContext(args: LoaderFunctionArgs | ActionFunctionArgs) {
  const { user, organization } = await requireOrganizationMember(args.context, args.request, args.params.orgSlug);
  const module = findModule(args.params.moduleSlug ?? "");
  if (!module) throw notFound("We could not find that module.");
  return { user, organization, module, scope: { organizationId: organization.id, userId: user.id } };
}

export async function loader(args: LoaderFunctionArgs) {
  const { organization, module, scope } = await learnerContext(args);
  const url = new URL(args.request.url);
  const base = `/o/${organization.slug}/learn/${module.slug}`;
  const [opening, supportLines] = await Promise.all([
    orNotFound(() => openModule(scope, module, url.searchParams.get("section"))),
    listSupportLines(organization.id),
  ]);
  if (opening.view === "notes") {
    return {
      view: "notes" as const,
      base,
      module: moduleHeader(module),
      firstSection: module.sections[0]!.id,
      supportLines,
    };
  }
  const { index, progress } = opening;
  const section = module.sections[index]!;
  const accommodations = await listAccommodations(scope);
  const activities = await loadSectionActivities(scope, module, section.tree, url.searchParams.get("attempt"), {
    extraAttempts: (quizId) => extraAttemptsFor(accommodations, module.slug, quizId),
  });
  return {
    view: "section" as const,
    base,
    module: moduleHeader(module),
    contentHash: module.contentHash,
    passMark: module.frontmatter.passMark,
    status: progress.status,
    fraction: progress.fraction,
    completedAt: progress.completedAt,
    sections: module.sections.map((s) => ({ id: s.id, title: s.title })),
    section: { id: section.id, title: section.title, tree: section.tree, number: index + 1 },
    previous: module.sections[index - 1]?.id ?? null,
    next: module.sections[index + 1]?.id ?? null,
    supportLines,
    ...activities,
  };
}

function moduleHeader(module: NonNullable<ReturnType<typeof findModule>>) {
  const { title, summary, minutes, contentNotes, sources, licence, attribution, track } = module.frontmatter;
  return { slug: module.slug, title, summary, minutes, contentNotes, sources, licence, attribution: attribution ?? null, track };
}

export async function action(args: ActionFunctionArgs) {
  const { module, scope, organization } = await learnerContext(args);
  const formData = await readForm(args.request);
  if (!formData) return refuse(null, { formError: UNREADABLE_FORM });
  const intent = formData.get("intent");
  const sectionPath = (section: string) => `/o/${organization.slug}/learn/${module.slug}?section=${section}`;

  if (intent === "start-quiz") {
    const quizId = formData.get("quizId");
    const tag = { quizId: typeof quizId === "string" ? quizId : undefined };
    const parsed = await parseSubmission(formData, QuizStart, { shownFields: [], tag });
    if (!parsed.ok) return parsed.refusal;
    if (parsed.value.contentHash !== module.contentHash) return refuse(null, { formError: STALE_VERSION_MESSAGE, status: 409 }, tag);
    const extraAttempts = extraAttemptsFor(await listAccommodations(scope), module.slug, parsed.value.quizId);
    const started = await orRefusal(null, () => startQuizPaper({ scope, module, quizId: parsed.value.quizId, extraAttempts }), tag);
    if (!started.ok) return started.refusal;
    return redirect(`${sectionPath(parsed.value.section)}#quiz-${parsed.value.quizId}`);
  }

  if (intent === "submit-quiz") {
    if ([...formData.keys()].length > MAX_QUIZ_FIELDS) return refuse(null, { formError: "The form has too many answers. Reload the page and try again." });
    // Answers are read apart (q.<question id>, as sent): the schema checks only which quiz this is.
    const meta = await parseSubmission(formData, QuizMeta.passthrough(), { shownFields: [] });
    if (!meta.ok) return meta.refusal;
    const answers: Record<string, string[]> = {};
    for (const [key, value] of formData) {
      if (!key.startsWith("q.")) continue;
      if (typeof value !== "string") return refuse(null, { formError: "Answers must be options from the list." });
      (answers[key.slice(2)] ??= []).push(value);
    }
    const { quizId, paperId, contentHash, section } = meta.value;
    // A refusal is shown in the quiz it belongs to.
    const submitted = await orRefusal(null, () => submitQuizAttempt({ scope, module, quizId, paperId, contentHash, answers, answersAre: "places" }), { quizId });
    if (!submitted.ok) return submitted.refusal;
    return redirect(`${sectionPath(section)}&attempt=${submitted.value.attemptId}#quiz-${quizId}`);
  }

  if (intent === "save-reflection") {
    const promptId = formData.get("promptId");
    const tag = { promptId: typeof promptId === "string" ? promptId : undefined };
    const parsed = await parseSubmission(formData, ReflectionSave, { tag });
    if (!parsed.ok) return parsed.refusal;
    const saved = await orRefusal(parsed.submission, () => saveReflection({ scope, module, promptId: parsed.value.promptId, body: parsed.value.body }), tag);
    if (!saved.ok) return saved.refusal;
    return { status: "success" as const, savedPromptId: parsed.value.promptId, savedAt: new Date().toISOString() };
  }

  if (intent === "share-reflection" || intent === "unshare-reflection") {
    const parsed = await parseSubmission(formData, ReflectionShare);
    if (!parsed.ok) return parsed.refusal;
    const visibility = parsed.value.intent === "share-reflection" ? "shared" : "private";
    const changed = await orRefusal(parsed.submission, () => setReflectionVisibility(scope, parsed.value.reflectionId, visibility));
    if (!changed.ok) return changed.refusal;
    return { status: "success" as const, visibilityChanged: visibility };
  }

  return refuse(null, { formError: "We did not understand that request. Reload the page and try again." });
}

export default function ModulePage() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { module } = page;

  if (page.view === "notes") {
    return (
      <main id="main" className="page narrow">
        <p className="eyebrow">Module</p>
        <h1>{module.title}</h1>
        <section className="content-note content-note--gate" aria-labelledby="notes-heading">
          <h2 id="notes-heading">Before you start: content notes</h2>
          <ul>
            {module.contentNotes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
          <p>
            You can stop at any time. If you would rather not read this module now, the summary gives the main ideas
            without the details.
          </p>
          <p className="actions">
            <Link to={`${page.base}?section=${page.firstSection}`} className="button">
              Continue to the lesson
            </Link>
            <Link to={`${page.base}/summary`} className="button button--secondary">
              Skip to the summary
            </Link>
          </p>
        </section>
        <SupportLinesPanel supportLines={page.supportLines} />
      </main>
    );
  }

  const { section, sections } = page;
  const quizId = result && "quizId" in result ? result.quizId : undefined;
  const promptId = result && "promptId" in result ? result.promptId : undefined;
  const formError = replyFormError(result);
  const placedInQuiz = quizId && page.quizzes.some((q) => q.quiz.id === quizId);
  const placedInReflection = promptId && page.reflections.some((r) => r.id === promptId);
  const pageError = formError && !placedInQuiz && !placedInReflection ? formError : null;
  return (
    <main id="main" className="page lesson">
      <div className="lesson__header">
        <p className="eyebrow">
          Module · about {module.minutes} minutes
          {page.status === "completed" ? " · Completed" : ""}
        </p>
        <h1>{module.title}</h1>
        <ProgressBar fraction={page.fraction} label={`Progress in ${module.title}`} />
        {page.status === "completed" ? (
          <div className="notice notice--success" role="status">
            <p>You have completed this module. Well done.</p>
          </div>
        ) : null}
        {module.contentNotes.length > 0 ? (
          <details className="content-note">
            <summary>Content notes for this module</summary>
            <ul>
              {module.contentNotes.map((note) => (
                <li key={note}>{note}</li>
              ))}
            </ul>
            <SupportLinesPanel supportLines={page.supportLines} compact />
          </details>
        ) : null}
      </div>
      <div className="lesson__layout">
        <nav aria-label="Parts of this module" className="lesson__toc">
          <h2 className="lesson__toc-heading">In this module</h2>
          <ol>
            {sections.map((s) => (
              <li key={s.id}>
                <Link to={`?section=${s.id}`} aria-current={s.id === section.id ? "step" : undefined}>
                  {s.title}
                </Link>
              </li>
            ))}
            <li>
              <Link to={`${page.base}/summary`}>Summary</Link>
            </li>
          </ol>
        </nav>
        <article className="lesson__body" aria-labelledby="section-heading">
          <p className="muted">
            Part {section.number} of {sections.length}
          </p>
          <h2 id="section-heading">{section.title}</h2>
          {pageError ? (
            <div className="notice notice--error" role="alert">
              <p>{pageError}</p>
            </div>
          ) : null}
          <RenderTree
            nodes={section.tree}
            islands={{
              Quiz: (id) => {
                const view = page.quizzes.find((q) => q.quiz.id === id);
                return view ? (
                  <QuizForm
                    key={`${id}-${view.result?.id ?? "form"}`}
                    view={view}
                    contentHash={page.contentHash}
                    sectionId={section.id}
                    passMark={page.passMark}
                    error={quizId === id ? formError : undefined}
                  />
                ) : null;
              },
              Reflection: (id) => {
                const view = page.reflections.find((r) => r.id === id);
                if (!view) return null;
                const submitted =
                  promptId === id
                    ? { error: replyFieldError(result, "body") ?? formError }
                    : result && "savedPromptId" in result && result.savedPromptId === id
                      ? { savedAt: result.savedAt }
                      : undefined;
                // Keyed by the prompt alone: a new key after every autosave would rebuild the form under the
                // trainee's cursor, taking away focus and whatever was typed while the save was on its way.
                return <ReflectionForm key={id} view={view} sectionId={section.id} submitted={submitted} />;
              },
              SupportLines: (placement) => (
                <SupportLinesPanel supportLines={page.supportLines} compact={placement === "content-note"} headingLevel={3} />
              ),
            }}
          />
          <nav aria-label="Previous and next part" className="lesson__pager">
            {page.previous ? (
              <Link to={`?section=${page.previous}`} className="button button--secondary">
                Previous part
              </Link>
            ) : (
              <span />
            )}
            {page.next ? (
              <Link to={`?section=${page.next}`} className="button">
                Next part
              </Link>
            ) : (
              <Link to={`${page.base}/summary`} className="button">
                Go to the summary
              </Link>
            )}
          </nav>
          <SupportLinesPanel supportLines={page.supportLines} headingLevel={3} compact />
          <ModuleCredits sources={module.sources} licence={module.licence} attribution={module.attribution} />
        </article>
      </div>
    </main>
  );
}
