import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireOrganizationMember } from "~/auth/permissions.server";
import { FormErrorSummary, SuccessNotice, type ActionResult } from "~/components/form";
import { idField } from "~/forms/fields";
import { formFailure, orFormFailure, parseForm } from "~/forms/parse-form.server";
import { listJournal } from "~/models/journal.server";
import { deleteReflection, setReflectionVisibility } from "~/models/reflection.server";

export const meta: MetaFunction = () => [{ title: "Your reflection journal · Peer Support Training" }];

const JournalAction = z.object({
  intent: z.enum(["delete", "share-reflection", "unshare-reflection"], { error: "We did not understand that request." }),
  reflectionId: idField,
});

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { user, organization } = await requireOrganizationMember(context, request, params.orgSlug);
  return { base: `/o/${organization.slug}/learn`, entries: await listJournal({ organizationId: organization.id, userId: user.id }) };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const { user, organization } = await requireOrganizationMember(context, request, params.orgSlug);
  const scope = { organizationId: organization.id, userId: user.id };
  const parsed = await parseForm(request, JournalAction);
  if (!parsed.ok) return formFailure(parsed.failure);
  const { intent, reflectionId } = parsed.data;
  const done = await orFormFailure(() =>
    intent === "delete"
      ? deleteReflection(scope, reflectionId)
      : setReflectionVisibility(scope, reflectionId, intent === "share-reflection" ? "shared" : "private"),
  );
  if (!done.ok) return done.response;
  return {
    done:
      intent === "delete"
        ? "The reflection has been deleted. It cannot be brought back."
        : intent === "share-reflection"
          ? "The reflection is now shared with your trainers."
          : "The reflection is private again. Your trainers can no longer see it.",
  };
}

export default function JournalPage() {
  const { entries, base } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult;
  const [searchParams] = useSearchParams();
  const confirming = searchParams.get("delete");
  return (
    <main id="main" className="page">
      <h1>Your reflection journal</h1>
      <p>
        Everything you have written in modules. Reflections are private unless you share one with your trainers, and
        you can take that back at any time.
      </p>
      <p className="actions">
        <a href={`${base}/journal/export/md`} className="button button--secondary" download>
          Download as Markdown
        </a>
        <a href={`${base}/journal/export/json`} className="button button--secondary" download>
          Download as JSON
        </a>
      </p>
      {result?.done ? <SuccessNotice><p>{result.done}</p></SuccessNotice> : null}
      <FormErrorSummary result={result} />
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
                  Last changed {entry.updatedAt.slice(0, 10)} ·{" "}
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
                      <p>Delete this reflection for good?</p>
                      <button type="submit" className="button button--small button--danger">Yes, delete it</button>{" "}
                      <Link to="?" className="button button--small button--secondary">Keep it</Link>
                    </Form>
                  ) : (
                    <Link to={`?delete=${entry.id}`} className="button button--small button--danger" preventScrollReset>
                      Delete
                    </Link>
                  )}
                </div>
              </article>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
