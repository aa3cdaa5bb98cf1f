import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireOrganizationMember } from "~/auth/permissions.server";
import { formatDay } from "~/time-format";
import { ErrorSummary, SuccessNotice } from "~/components/form";
import { RowActionForm } from "~/components/row-action-form";
import { TrainerVisibilityList } from "~/components/trainer-visibility";
import { idField } from "~/forms/fields";
import { formDone, orRefusal, parseSubmission } from "~/forms/submission.server";
import { answerCohortRequest, listOpenCohortRequests } from "~/models/cohorts/cohort-request.server";

/*
 * A trainee's requests to join a training group (cohort), each with what
 * joining means, and their answer. Nobody else can answer for them: another
 * person's request id is "not found" (decision 021).
 */

export const meta: MetaFunction = () => [{ title: "Requests to join a training group · Peer Support Training" }];

const AnswerSchema = z.object({
  answer: z.enum(["accept", "decline"], { error: "Choose yes or no. Reload the page and try again." }),
  requestId: idField,
});

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { user, organization } = await requireOrganizationMember(context, request, params.orgSlug);
  return {
    home: `/o/${organization.slug}`,
    requests: await listOpenCohortRequests({ organizationId: organization.id, userId: user.id }),
  };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const { user, organization } = await requireOrganizationMember(context, request, params.orgSlug);
  const parsed = await parseSubmission(request, AnswerSchema, { shownFields: [] });
  if (!parsed.ok) return parsed.refusal;
  const { answer, requestId } = parsed.value;
  const answered = await orRefusal(parsed.submission, () => answerCohortRequest({ organizationId: organization.id, userId: user.id, requestId, answer }));
  if (!answered.ok) return answered.refusal;
  const name = answered.value.cohortName;
  return formDone(
    parsed.submission,
    answer === "accept"
      ? `You have joined “${name}”. Its trainers can now see your learning as described. Modules they assign show on your home page.`
      : `You said no to “${name}”. You are not in it, and its trainers see nothing of your learning. They cannot ask you again; only an admin can add you.`,
  );
}

export default function CohortRequestsPage() {
  const { home, requests } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <main id="main" className="page">
      <h1>Requests to join a training group</h1>
      {result?.done ? (
        <SuccessNotice>
          <p>{result.done}</p>
        </SuccessNotice>
      ) : null}
      <ErrorSummary errors={result?.error?.[""]} />
      {requests.length === 0 ? (
        <p>
          You have no requests waiting. <Link to={home}>Back to your home page</Link>
        </p>
      ) : (
        <>
          <p>
            A trainer asked you to join a training group. You decide: you join only if you say yes. If you say no, you can still do
            every module on your own, and nobody in the group sees your learning.
          </p>
          {requests.map((request) => (
            <article key={request.id} className="card cohort-request" aria-labelledby={`request-${request.id}`}>
              <h2 id={`request-${request.id}`}>{request.cohort.name}</h2>
              <dl className="cohort-request__facts">
                <dt>Runs</dt>
                <dd>
                  {formatDay(request.cohort.startsOn)} to {formatDay(request.cohort.endsOn)}
                </dd>
                <dt>Trainers</dt>
                <dd>{request.trainers.length > 0 ? request.trainers.join(", ") : "None yet"}</dd>
                <dt>Asked by</dt>
                <dd>
                  {request.requestedBy}, on {formatDay(request.requestedAt)}
                </dd>
              </dl>
              <TrainerVisibilityList headingId={`sees-${request.id}`} />
              <div className="actions">
                <RowActionForm fields={{ requestId: request.id }} submit={["answer", "accept"]} label="Yes, join" detail={request.cohort.name}
                  tone="primary" small={false} />
                <RowActionForm fields={{ requestId: request.id }} submit={["answer", "decline"]} label="No, do not join"
                  detail={request.cohort.name} small={false} />
              </div>
            </article>
          ))}
        </>
      )}
    </main>
  );
}
