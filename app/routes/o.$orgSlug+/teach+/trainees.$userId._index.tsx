import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { z } from "zod";
import { requireLearnerVisible, viewerOf } from "~/auth/permissions.server";
import { StatusBadge } from "~/components/cohort-progress";
import { formatDay } from "~/time-format";
import { Time } from "~/components/time";
import { SuccessNotice } from "~/components/form";
import { percent } from "~/models/learning/lesson-view";
import { idField } from "~/forms/fields";
import { replyFieldError, replyFormError, type FormReply } from "~/forms/form-reply";
import { formDone, orRefusal, parseSubmission, readForm, refuse, UNREADABLE_FORM } from "~/forms/submission.server";
import { MAX_COMMENT_LENGTH } from "~/limits";
import { getTraineeOverview } from "~/models/cohorts/cohort-trainee.server";
import { addTrainerComment } from "~/models/learning/reflection-comment.server";

export const meta: MetaFunction<typeof loader> = ({ data: page }) => [
  { title: page ? `${page.learner.name} · Trainee · Peer Support Training` : "Trainee · Peer Support Training" },
];

const CommentAction = z.object({
  intent: z.literal("comment", { error: "We did not understand that request. Reload the page and try again." }),
  reflectionId: idField,
  body: z.string({ error: "Write something before you send." }).max(MAX_COMMENT_LENGTH, `Keep a comment under ${MAX_COMMENT_LENGTH.toLocaleString("en")} characters.`),
});

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const access = await requireLearnerVisible(context, request, params.orgSlug, params.userId);
  const { organization, learnerId } = access;
  const overview = await getTraineeOverview(viewerOf(access), learnerId);
  return { base: `/o/${organization.slug}`, ...overview };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const { user, organization, learnerId } = await requireLearnerVisible(context, request, params.orgSlug, params.userId);
  const form = await readForm(request);
  if (!form) return refuse(null, { formError: UNREADABLE_FORM });
  // The refusal names the reflection, so the page shows it beside that reflection's comment box.
  const sentFor = form.get("reflectionId");
  const tag = { reflectionId: typeof sentFor === "string" ? sentFor.slice(0, 16) : undefined };
  const parsed = await parseSubmission(form, CommentAction, { shownFields: ["body"], tag });
  if (!parsed.ok) return parsed.refusal;
  const { reflectionId, body } = parsed.value;
  const sent = await orRefusal(
    parsed.submission,
    () => addTrainerComment({ organizationId: organization.id, learnerId, reflectionId, authorId: user.id, body }),
    { reflectionId },
  );
  if (!sent.ok) return sent.refusal;
  return { ...formDone(parsed.submission, "Your comment has been sent. The trainee sees it in their journal."), reflectionId };
}

type CommentResult = (FormReply & { reflectionId?: string }) | undefined;

const moduleStatusWords = { "not-started": "not-started", "in-progress": "in-progress", completed: "completed" } as const;

export default function TraineePage() {
  const page = useLoaderData<typeof loader>();
  const result: CommentResult = useActionData<typeof action>();
  const formError = replyFormError(result);
  const { learner } = page;
  const placed = result?.reflectionId && page.reflections.some((r) => r.id === result.reflectionId);
  return (
    <main id="main" className="page trainee-page">
      <p className="eyebrow">
        <Link to={`${page.base}/teach`}>Cohorts</Link>
      </p>
      <h1>{learner.name}</h1>
      <p className="lead">{learner.email}</p>
      {page.cohorts.length > 0 ? (
        <p>
          In {page.cohorts.length === 1 ? "the cohort" : "the cohorts"}{" "}
          {page.cohorts.map((cohort, index) => (
            <span key={cohort.id}>
              {index > 0 ? ", " : ""}
              <Link to={`${page.base}/teach/cohorts/${cohort.id}`}>{cohort.name}</Link>
              {cohort.archived ? " (archived)" : ""}
            </span>
          ))}
          .
        </p>
      ) : null}
      <p>
        <Link to={`${page.base}/teach/trainees/${learner.id}/competencies`}>Competency levels of {learner.name}</Link>
      </p>
      <p>
        <Link to={`${page.base}/teach/trainees/${learner.id}/records`}>
          Programmes, sign-off and completion records of {learner.name}
        </Link>
      </p>
      {formError && !placed ? (
        <div className="notice notice--error" role="alert">
          <p>{formError}</p>
        </div>
      ) : null}

      <section aria-labelledby="modules-heading">
        <h2 id="modules-heading">Assigned modules</h2>
        {page.assigned.length === 0 ? (
          <p>No modules are assigned to {learner.name} in your cohorts.</p>
        ) : (
          <ModuleTable rows={page.assigned} caption={`Modules assigned to ${learner.name}`} withDue />
        )}
        {page.otherModules.length > 0 ? (
          <>
            <h3>Other modules {learner.name} has started</h3>
            <ModuleTable rows={page.otherModules} caption={`Other modules ${learner.name} has started`} />
          </>
        ) : null}
      </section>

      <section aria-labelledby="quizzes-heading">
        <h2 id="quizzes-heading">Quiz attempts</h2>
        {page.attempts.length === 0 ? (
          <p>No quiz attempts yet.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Quiz attempts of {learner.name}, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Module and quiz</th>
                  <th scope="col">Date</th>
                  <th scope="col">Score</th>
                  <th scope="col">Result</th>
                </tr>
              </thead>
              <tbody>
                {page.attempts.map((attempt) => (
                  <tr key={attempt.id}>
                    <th scope="row">
                      {attempt.moduleTitle}
                      <span className="muted matrix__due">{attempt.quizTitle}</span>
                    </th>
                    <td data-label="Date">
                      <Time value={attempt.submittedAt} />
                    </td>
                    <td data-label="Score">{percent(attempt.score, attempt.maxScore)}%</td>
                    <td data-label="Result">{attempt.passed ? "Passed" : "Not passed yet"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="reflections-heading">
        <h2 id="reflections-heading">Reflections shared with trainers</h2>
        <p className="muted">
          Only the reflections {learner.name} chose to share are here. If they stop sharing one, it and its comments disappear from
          this page.
        </p>
        {page.reflections.length === 0 ? (
          <p>{learner.name} has not shared any reflections.</p>
        ) : (
          <ul className="journal">
            {page.reflections.map((reflection) => (
              <li key={reflection.id} className="journal__entry" id={`reflection-${reflection.id}`}>
                <article aria-labelledby={`reflection-${reflection.id}-title`}>
                  <h3 id={`reflection-${reflection.id}-title`} className="journal__module">
                    {reflection.moduleTitle}
                  </h3>
                  <p className="journal__prompt">{reflection.prompt}</p>
                  <p className="journal__body">{reflection.body}</p>
                  <p className="muted">
                    Shared{reflection.sharedAt ? <> <Time value={reflection.sharedAt} /></> : null} · last changed <Time value={reflection.updatedAt} />
                  </p>
                  <CommentThread
                    reflectionId={reflection.id}
                    comments={reflection.comments}
                    ownerName={learner.name}
                    topic={reflection.moduleTitle}
                    result={result?.reflectionId === reflection.id ? result : undefined}
                  />
                </article>
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}

function ModuleTable({ rows, caption, withDue }: { rows: ReturnType<typeof useLoaderData<typeof loader>>["assigned"]; caption: string; withDue?: boolean }) {
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Module</th>
            {withDue ? <th scope="col">Due</th> : null}
            <th scope="col">Status</th>
            <th scope="col">Done</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.slug}>
              <th scope="row">{row.title}</th>
              {withDue ? <td data-label="Due">{row.dueOn ? formatDay(row.dueOn) : "No due date"}</td> : null}
              <td data-label="Status">
                <StatusBadge status={row.overdue ? "overdue" : moduleStatusWords[row.status]} started={row.status !== "not-started"} completedAt={row.completedAt} />
              </td>
              <td data-label="Done">{Math.round(row.fraction * 100)}%</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CommentThread({
  reflectionId,
  comments,
  ownerName,
  topic,
  result,
}: {
  reflectionId: string;
  topic: string;
  comments: { id: string; authorName: string; byOwner: boolean; body: string; createdAt: string }[];
  ownerName: string;
  result?: CommentResult;
}) {
  const form = useRef<HTMLFormElement>(null);
  const navigation = useNavigation();
  useEffect(() => {
    if (result?.done && navigation.state === "idle") form.current?.reset();
  }, [result, navigation.state]);
  const fieldId = `comment-${reflectionId}`;
  const error = replyFieldError(result, "body") ?? replyFormError(result);
  return (
    <div className="thread">
      <h4 className="thread__heading">Comments ({comments.length})</h4>
      {comments.length > 0 ? (
        <ol className="thread__list">
          {comments.map((comment) => (
            <li key={comment.id} className={comment.byOwner ? "thread__item thread__item--owner" : "thread__item"}>
              <p className="thread__meta">
                <strong>{comment.authorName}</strong> {comment.byOwner ? "(trainee)" : "(trainer)"} · <Time value={comment.createdAt} />
              </p>
              <p className="thread__body">{comment.body}</p>
            </li>
          ))}
        </ol>
      ) : null}
      {result?.done ? (
        <SuccessNotice>
          <p>{result.done}</p>
        </SuccessNotice>
      ) : null}
      <Form method="post" ref={form} className="thread__form" preventScrollReset>
        <input type="hidden" name="intent" value="comment" />
        <input type="hidden" name="reflectionId" value={reflectionId} />
        <div className={error ? "field field--error" : "field"}>
          <label htmlFor={fieldId}>Your comment to {ownerName}</label>
          {error ? (
            <p className="field__error" id={`${fieldId}-error`} role="alert">
              {error}
            </p>
          ) : null}
          <textarea id={fieldId} name="body" rows={3} maxLength={MAX_COMMENT_LENGTH} aria-describedby={error ? `${fieldId}-error` : undefined} />
        </div>
        <button type="submit" className="button button--small">
          Send comment<span className="visually-hidden"> on the reflection in {topic}</span>
        </button>
      </Form>
    </div>
  );
}
