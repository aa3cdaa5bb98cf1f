import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { getOptionalUser, notFound, requireUser } from "~/auth/permissions.server";
import { FormErrorSummary, type ActionResult } from "~/components/form";
import { orFormFailure } from "~/forms/parse-form.server";
import { acceptInvitation, describeClosedInvitation, findInvitationByToken } from "~/models/invitation.server";

export const meta: MetaFunction = () => [{ title: "Join an organization · Peer Support Training" }];

export async function loader({ context, params, request }: LoaderFunctionArgs) {
  const invitation = await findInvitationByToken(params.token ?? "");
  if (!invitation) throw notFound("This invitation link is not valid. Check that you copied all of it.");
  const user = getOptionalUser(context);
  const url = new URL(request.url);
  return {
    organizationName: invitation.organizationName,
    role: invitation.role,
    closedMessage: invitation.state === "open" ? null : describeClosedInvitation(invitation.state),
    invitedEmail: invitation.email,
    signedInAs: user?.email ?? null,
    emailMatches: user ? user.email === invitation.email : false,
    here: url.pathname,
  };
}

export async function action({ context, params, request }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const accepted = await orFormFailure(() =>
    acceptInvitation({ token: params.token ?? "", userId: user.id, userEmail: user.email }),
  );
  if (!accepted.ok) return accepted.response;
  return redirect(`/o/${accepted.value.organizationSlug}?joined=1`);
}

export default function InvitationPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult;
  const article = data.role === "admin" ? "an" : "a";
  const back = new URLSearchParams({ redirectTo: data.here, email: data.invitedEmail });
  // The sign-up form passes the invitation on: it shows the address is the person's own (requestSignUp).
  const signUp = new URLSearchParams({ ...Object.fromEntries(back), invitation: useParams().token ?? "" });
  return (
    <main id="main" className="page narrow">
      <h1>Join {data.organizationName}</h1>
      {data.closedMessage ? (
        <p>{data.closedMessage}</p>
      ) : (
        <>
          <p>
            You have been invited to join <strong>{data.organizationName}</strong> as {article} {data.role}.
          </p>
          <FormErrorSummary result={result} />
          {!data.signedInAs ? (
            <>
              <p>To accept, create an account or sign in with the email address the invitation was sent to.</p>
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
                You are signed in as {data.signedInAs}, but this invitation was sent to a different email address.
                Sign out, then sign in or create an account with the address the invitation was sent to.
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
