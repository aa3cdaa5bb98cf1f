import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { getOptionalUser, notFound, requireUser } from "~/auth/permissions.server";
import { ErrorSummary } from "~/components/form";
import { orRefusal } from "~/forms/submission.server";
import { TrainerVisibilityList } from "~/components/trainer-visibility";
import type { Role } from "~/db/schema";
import {
  acceptInvitation,
  describeClosedInvitation,
  describeInvitationAcceptance,
  findInvitationByToken,
  type InvitationAcceptance,
} from "~/models/accounts/invitation.server";

export const meta: MetaFunction = () => [{ title: "Join an organization · Peer Support Training" }];

export async function loader({ context, params, request }: LoaderFunctionArgs) {
  const invitation = await findInvitationByToken(params.token ?? "");
  if (!invitation) throw notFound("This invitation link is not valid. Check that you copied all of it.");
  const user = getOptionalUser(context);
  const url = new URL(request.url);
  return {
    organizationName: invitation.organizationName,
    acceptance: invitation.state === "open" ? await describeInvitationAcceptance(invitation) : null,
    closedMessage: invitation.state === "open" ? null : describeClosedInvitation(invitation.state),
    invitedEmail: invitation.email,
    signedInAs: user?.email ?? null,
    emailMatches: user ? user.email === invitation.email : false,
    here: url.pathname,
  };
}

export async function action({ context, params, request }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const accepted = await orRefusal(null, () =>
    acceptInvitation({ token: params.token ?? "", userId: user.id, userEmail: user.email }),
  );
  if (!accepted.ok) return accepted.refusal;
  return redirect(`/o/${accepted.value.organizationSlug}?joined=1`);
}

const withArticle = (role: Role) => (role === "admin" ? "an admin" : `a ${role}`);
const trainersLine = (trainers: string[]) => (trainers.length > 0 ? `Trainers: ${trainers.join(", ")}.` : "No trainers yet.");
const quoted = (names: string[]) => names.map((n) => `“${n}”`).join(" and ");

export default function InvitationPage() {
  const data = useLoaderData<typeof loader>();
  const formErrors = useActionData<typeof action>()?.error?.[""];
  const back = new URLSearchParams({ redirectTo: data.here, email: data.invitedEmail });
  // The sign-up form passes the invitation on: it shows the address is the person's own (requestSignUp).
  const signUp = new URLSearchParams({ ...Object.fromEntries(back), invitation: useParams().token ?? "" });
  const acceptance = data.acceptance;
  return (
    <main id="main" className="page narrow">
      <h1>Join {data.organizationName}</h1>
      {data.closedMessage || !acceptance ? (
        <p>{data.closedMessage}</p>
      ) : (
        <>
          <InvitationSummary organizationName={data.organizationName} acceptance={acceptance} />
          <ErrorSummary errors={formErrors} />
          {!data.signedInAs ? (
            <>
              <p>To accept, create an account or sign in with the email address the invitation is for.</p>
              <p className="actions">
                <Link to={`/signup?${signUp}`} className="button">Create an account</Link>
                <Link to={`/signin?${back}`} className="button button--secondary">Sign in</Link>
              </p>
            </>
          ) : data.emailMatches ? (
            <Form method="post">
              <button type="submit" className="button">Accept and join</button>
            </Form>
          ) : (
            <>
              <p>
                You are signed in as {data.signedInAs}, but this invitation is for a different email address.
                Sign out, then sign in or create an account with the address the invitation is for.
              </p>
              <Form method="post" action="/signout">
                <button type="submit" className="button button--secondary">Sign out</button>
              </Form>
            </>
          )}
        </>
      )}
    </main>
  );
}

/** Who invited the person, to what, and everything accepting does: their consent covers exactly this. */
function InvitationSummary({ organizationName, acceptance }: { organizationName: string; acceptance: InvitationAcceptance }) {
  const [own, ...others] = acceptance.invitations;
  const cohortNames = acceptance.cohorts.map((c) => c.name);
  return (
    <>
      {own ? (
        <p>
          {own.invitedBy} invited you to join <strong>{organizationName}</strong> as {withArticle(own.role)}
          {own.cohortName ? <>, in the training group <strong>“{own.cohortName}”</strong></> : null}.
        </p>
      ) : null}
      {others.length > 0 ? (
        <>
          <p>You have other invitations to {organizationName}, sent to the same address:</p>
          <ul>
            {others.map((other) => (
              <li key={other.id}>
                from {other.invitedBy}, as {withArticle(other.role)}
                {other.cohortName ? `, in the training group “${other.cohortName}”` : ""}
              </li>
            ))}
          </ul>
          <p>
            Accepting this one accepts them all: you join {organizationName} as {withArticle(acceptance.role)}
            {cohortNames.length > 0 ? `, in the training group${cohortNames.length > 1 ? "s" : ""} ${quoted(cohortNames)}` : ""}.
          </p>
        </>
      ) : null}
      {acceptance.cohorts.length > 0 ? (
        <section aria-labelledby="cohort-heading" className="card cohort-request">
          <h2 id="cohort-heading">
            {acceptance.cohorts.length === 1 ? `The training group “${cohortNames[0]}”` : `The training groups ${quoted(cohortNames)}`}
          </h2>
          {acceptance.cohorts.length === 1 ? (
            <p>{trainersLine(acceptance.cohorts[0]!.trainers)}</p>
          ) : (
            <ul>
              {acceptance.cohorts.map((cohort) => (
                <li key={cohort.id}>
                  {cohort.name}. {trainersLine(cohort.trainers)}
                </li>
              ))}
            </ul>
          )}
          <TrainerVisibilityList headingId="trainers-see" />
        </section>
      ) : null}
    </>
  );
}
