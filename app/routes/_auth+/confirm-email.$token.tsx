import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, SuccessNotice } from "~/components/form";
import { formDone, orRefusal } from "~/forms/submission.server";
import { confirmEmailChange, findEmailChangeByToken, invalidEmailLinkMessage } from "~/models/accounts/email-change.server";

export const meta: MetaFunction = () => [{ title: "Confirm your new email address · Peer Support Training" }];

// Opening the link only shows the question: mail scanners that fetch every
// link must not change anyone's address. The button does it.
export async function loader({ params, context }: LoaderFunctionArgs) {
  const change = await findEmailChangeByToken(params.token ?? "");
  return { newEmail: change?.newEmail ?? null, signedIn: !!context.auth, invalidMessage: invalidEmailLinkMessage };
}

export async function action({ params, context }: ActionFunctionArgs) {
  const confirmed = await orRefusal(null, () =>
    confirmEmailChange({
      token: params.token ?? "",
      confirmingUserId: context.auth?.user.id,
      confirmingSessionId: context.auth?.session.id,
    }),
  );
  if (!confirmed.ok) return confirmed.refusal;
  return formDone(
    null,
    `Your email address is now ${confirmed.value.newEmail}. Use it the next time you sign in. Every other device signed in to your account has been signed out.`,
  );
}

export default function ConfirmEmailPage() {
  const { newEmail, signedIn, invalidMessage } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const formErrors = result?.error?.[""];
  return (
    <main id="main" className="page narrow">
      <h1>Confirm your new email address</h1>
      <ErrorSummary errors={formErrors} />
      {result?.done ? (
        <SuccessNotice>
          <p>{result.done}</p>
        </SuccessNotice>
      ) : newEmail ? (
        <>
          <p>
            Someone asked to use <strong>{newEmail}</strong> for their account. If it was you, confirm it. Your account
            will use this address from now on.
          </p>
          <Form method="post">
            <button type="submit" className="button">Use this email address</button>
          </Form>
        </>
      ) : formErrors?.length ? null : (
        <p>{invalidMessage}</p>
      )}
      <p>
        {signedIn ? <Link to="/account/email">Back to your account settings</Link> : <Link to="/signin">Sign in</Link>}
      </p>
    </main>
  );
}
