import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { safeRedirectPath } from "~/auth/permissions.server";
import { startSession } from "~/auth/session.server";
import { ErrorSummary } from "~/components/form";
import { orRefusal } from "~/forms/submission.server";
import { confirmSignUp, findSignUpByToken, invalidSignUpLinkMessage } from "~/models/accounts/sign-up.server";

export const meta: MetaFunction = () => [{ title: "Finish creating your account · Peer Support Training" }];

// Opening the link only shows the question: mail scanners that fetch every
// link must not create accounts. The button does it.
export async function loader({ params }: LoaderFunctionArgs) {
  const signUp = await findSignUpByToken(params.token ?? "");
  return { email: signUp?.email ?? null, invalidMessage: invalidSignUpLinkMessage };
}

export async function action({ params, context }: ActionFunctionArgs) {
  const confirmed = await orRefusal(null, () => confirmSignUp(params.token ?? ""));
  if (!confirmed.ok) return confirmed.refusal;
  const cookie = await startSession(context, confirmed.value.user.id);
  return redirect(safeRedirectPath(confirmed.value.redirectTo, context.appOrigin), { headers: { "Set-Cookie": cookie } });
}

export default function ConfirmSignUpPage() {
  const { email, invalidMessage } = useLoaderData<typeof loader>();
  const formErrors = useActionData<typeof action>()?.error?.[""];
  return (
    <main id="main" className="page narrow">
      <h1>Finish creating your account</h1>
      <ErrorSummary errors={formErrors} />
      {email ? (
        <>
          <p>
            Your account for <strong>{email}</strong> is ready to be made, with the name and password you chose.
          </p>
          <Form method="post">
            <button type="submit" className="button">Create my account</button>
          </Form>
        </>
      ) : formErrors?.length ? null : (
        <>
          <p>{invalidMessage}</p>
          <p>
            <Link to="/signup">Create an account</Link>
          </p>
        </>
      )}
      <p>
        Already have an account? <Link to="/signin">Sign in</Link>
      </p>
    </main>
  );
}
