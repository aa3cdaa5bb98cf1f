import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { z } from "zod";
import { requireOrganizationMember } from "~/auth/permissions.server";
import { Time } from "~/components/time";
import { ErrorSummary, SuccessNotice } from "~/components/form";
import { idField } from "~/forms/fields";
import { replyFieldError, replyFormError, type FormReply } from "~/forms/form-reply";
import { formDone, orRefusal, parseSubmission, readForm, refuse, UNREADABLE_FORM } from "~/forms/submission.server";
import { MAX_COMMENT_LENGTH } from "~/limits";
import { addOwnerReply, listJournalWithComments } from "~/models/learning/reflection-comment.server";
import { deleteReflection, setReflectionVisibility } from "~/models/learning/reflection.server";

export const meta: MetaFunction = () => [{ title: "Your reflection journal · Peer Support Training" }];

const JournalAction = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.enum(["delete", "share-reflection", "unshare-reflection"]), reflectionId: idField }),
    z.object({
      intent: z.literal("reply"),
      reflectionId: idField,
      body: z.string({ error: "Write something before you send." }).max(MAX_COMMENT_LENGTH, `Keep a reply under ${MAX_COMMENT_LENGTH.toLocaleString("en")} characters.`),
    }),
  ],
  { error: "We did not understand that request." },
);

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { user, organization } = await requireOrganizationMember(context, request, params.orgSlug);
  return { base: `/o/${organization.slug}/learn`, entries: await listJournalWithComments({ organizationId: organization.id, userId: user.id }) };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const { user, organization } = await requireOrganizationMember(context, request, params.orgSlug);
  const scope = { organizationId: organization.id, userId: user.id };
  const form = await readForm(request);
  if (!form) return refuse(null, { formError: UNREADABLE_FORM });
  // A reply's refusal names its reflection, so the page shows it beside that reply box.
  const sentFor = form.get("intent") === "reply" ? form.get("reflectionId") : null;
  const parsed = await parseSubmission(form, JournalAction, {
    shownFields: ["body"],
    tag: { reflectionId: typeof sentFor === "string" ? sentFor.slice(0, 16) : undefined },
  });
  if (!parsed.ok) return parsed.refusal;
  if (parsed.value.intent === "reply") {
    const { reflectionId, body } = parsed.value;
    const replied = await orRefusal(parsed.submission, () => addOwnerReply({ scope, reflectionId, body }), { reflectionId });
    if (!replied.ok) return replied.refusal;
    return { ...formDone(parsed.submission, "Your reply has been sent to your trainers."), reflectionId };
  }
  const { intent, reflectionId } = parsed.value;
  const done = await orRefusal(parsed.submission, () =>
    intent === "delete"
      ? deleteReflection(scope, reflectionId)
      : setReflectionVisibility(scope, reflectionId, intent === "share-reflection" ? "shared" : "private"),
  );
  if (!done.ok) return done.refusal;
  return formDone(
    parsed.submission,
    intent === "delete"
      ? "The reflection has been deleted. It cannot be brought back."
      : intent === "share-reflection"
        ? "The reflection is now shared with your trainers."
        : "The reflection is private again. Your trainers can no longer see it.",
  );
}

export default function JournalPage() {
  const { entries, base } = useLoaderData<typeof loader>();
  const result: (FormReply & { reflectionId?: string }) | undefined = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const hasThread = (entry: JournalEntryView) => entry.visibility === "shared" || entry.comments.length > 0;
  // A reply's message goes beside its reflection when the page shows a thread there, otherwise at the top.
  const replyResult = result?.reflectionId && entries.some((entry) => entry.id === result.reflectionId && hasThread(entry)) ? result : undefined;
  const confirming = searchParams.get("delete");
  return (
    <main id="main" className="page">
      <h1>Your reflection journal</h1>
      <p>
        Everything you have written in modules. Reflections are private: your trainers see only how many you have
        answered, unless you share one with them. You can take sharing back at any time.
      </p>
      <p className="actions">
        <a href={`${base}/journal/export/md`} className="button button--secondary" download>
          Download as Markdown
        </a>
        <a href={`${base}/journal/export/json`} className="button button--secondary" download>
          Download as JSON
        </a>
      </p>
      {result?.done && !replyResult ? <SuccessNotice><p>{result.done}</p></SuccessNotice> : null}
      {replyResult ? null : <ErrorSummary errors={result?.error?.[""]} />}
      {entries.length === 0 ? (
        <p>You have not written any reflections yet. You will find prompts in the modules.</p>
      ) : (
        <ul className="journal">
          {entries.map((entry) => (
            <li key={entry.id} className="journal__entry">
              <article aria-labelledby={`entry-${entry.id}`}>
                <h2 id={`entry-${entry.id}`} className="journal__module">
                  <Link to={`${base}/${entry.moduleSlug}`}>{entry.moduleTitle}</Link>
                </h2>
                <p className="journal__prompt">{entry.prompt}</p>
                <p className="journal__body">{entry.body}</p>
                <p className="muted">
                  Last changed <Time value={entry.updatedAt} /> ·{" "}
                  {entry.visibility === "shared" ? "Shared with your trainers" : "Private"}
                </p>
                <div className="actions">
                  <Form method="post">
                    <input type="hidden" name="reflectionId" value={entry.id} />
                    <input type="hidden" name="intent" value={entry.visibility === "shared" ? "unshare-reflection" : "share-reflection"} />
                    <button type="submit" className="button button--small button--secondary">
                      {entry.visibility === "shared" ? "Stop sharing" : "Share with my trainers"}
                    </button>
                  </Form>
                  {confirming === entry.id ? (
                    <Form method="post" className="confirm">
                      <input type="hidden" name="reflectionId" value={entry.id} />
                      <input type="hidden" name="intent" value="delete" />
                      <p>Delete this reflection{entry.comments.length > 0 ? " and its comments" : ""} for good?</p>
                      <button type="submit" className="button button--small button--danger">Yes, delete it</button>{" "}
                      <Link to="?" className="button button--small button--secondary">Keep it</Link>
                    </Form>
                  ) : (
                    <Link to={`?delete=${entry.id}`} className="button button--small button--danger" preventScrollReset>
                      Delete
                    </Link>
                  )}
                </div>
                {hasThread(entry) ? (
                  <ReplyThread entry={entry} result={replyResult?.reflectionId === entry.id ? replyResult : undefined} />
                ) : null}
              </article>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}

type JournalEntryView = ReturnType<typeof useLoaderData<typeof loader>>["entries"][number];

/** The comments on one reflection, and (while it is shared) a box to answer them. */
function ReplyThread({ entry, result }: { entry: JournalEntryView; result?: FormReply }) {
  const form = useRef<HTMLFormElement>(null);
  const navigation = useNavigation();
  useEffect(() => {
    if (result?.done && navigation.state === "idle") form.current?.reset();
  }, [result, navigation.state]);
  const fieldId = `reply-${entry.id}`;
  const error = replyFieldError(result, "body") ?? replyFormError(result);
  return (
    <div className="thread">
      <h3 className="thread__heading">Comments ({entry.comments.length})</h3>
      {entry.comments.length > 0 ? (
        <ol className="thread__list">
          {entry.comments.map((comment) => (
            <li key={comment.id} className={comment.byOwner ? "thread__item thread__item--owner" : "thread__item"}>
              <p className="thread__meta">
                <strong>{comment.byOwner ? "You" : comment.authorName}</strong> {comment.byOwner ? "" : "(trainer) "}· <Time value={comment.createdAt} />
              </p>
              <p className="thread__body">{comment.body}</p>
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">No comments yet. Your trainers can comment on reflections you share.</p>
      )}
      {result?.done ? (
        <SuccessNotice>
          <p>{result.done}</p>
        </SuccessNotice>
      ) : null}
      {entry.visibility === "shared" ? (
        <Form method="post" ref={form} className="thread__form" preventScrollReset>
          <input type="hidden" name="intent" value="reply" />
          <input type="hidden" name="reflectionId" value={entry.id} />
          <div className={error ? "field field--error" : "field"}>
            <label htmlFor={fieldId}>{entry.comments.length > 0 ? "Your reply" : "Write to your trainers about this reflection"}</label>
            {error ? (
              <p className="field__error" id={`${fieldId}-error`} role="alert">
                {error}
              </p>
            ) : null}
            <textarea id={fieldId} name="body" rows={3} maxLength={MAX_COMMENT_LENGTH} aria-describedby={error ? `${fieldId}-error` : undefined} />
          </div>
          <button type="submit" className="button button--small">
            Send reply<span className="visually-hidden"> about {entry.moduleTitle}</span>
          </button>
        </Form>
      ) : (
        <p className="muted">This reflection is private now, so your trainers cannot see it or these comments. Share it again to reply.</p>
      )}
    </div>
  );
}
