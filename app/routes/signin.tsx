import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { safeRedirectPath } from "~/auth/permissions.server";
import { startSession } from "~/auth/session.server";
import { FormErrorSummary, SuccessNotice, TextField, type ActionResult } from "~/components/form";
import { currentPasswordField, emailField, optionalRedirectField } from "~/forms/fields";
import { formFailure, parseForm } from "~/forms/parse-form.server";
import {
  clearAccountSignInFailures,
  isSignInThrottled,
  recordSignInFailure,
  SIGN_IN_WINDOW_MINUTES,
} from "~/models/sign-in-throttle.server";
import { authenticateUser } from "~/models/user.server";

const SignInSchema = z.object({
  email: emailField,
  password: currentPasswordField,
  redirectTo: optionalRedirectField,
});

export const meta: MetaFunction = () => [{ title: "Sign in · Peer Support Training" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  if (context.auth) {
    throw redirect(safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"), context.appOrigin));
  }
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = await parseForm(request, SignInSchema);
  if (!parsed.ok) return formFailure(parsed.failure);
  const { email, password } = parsed.data;
  if (await isSignInThrottled(email, context.clientAddress)) {
    return formFailure(
      {
        formError: `Too many sign-in attempts failed. For your safety, wait ${SIGN_IN_WINDOW_MINUTES} minutes before you try again, or reset your password.`,
      },
      429,
    );
  }
  const user = await authenticateUser(email, password);
  if (!user) {
    await recordSignInFailure(email, context.clientAddress);
    // The same words whether the email or the password was wrong.
    return formFailure({ formError: "That email and password do not match an account. Check both and try again." }, 400);
  }
  await clearAccountSignInFailures(email);
  const cookie = await startSession(context, user.id);
  return redirect(safeRedirectPath(parsed.data.redirectTo, context.appOrigin), { headers: { "Set-Cookie": cookie } });
}

export default function SignInPage() {
  const result = useActionData<typeof action>() as ActionResult;
  const [searchParams] = useSearchParams();
  const redirectTo = searchParams.get("redirectTo") ?? "";
  return (
    <main id="main" className="page narrow">
      <h1>Sign in</h1>
      {searchParams.get("reset") === "done" ? (
        <SuccessNotice>
          <p>Your password has been changed. Sign in with your new password.</p>
        </SuccessNotice>
      ) : null}
      <FormErrorSummary result={result} />
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextField label="Email address" name="email" type="email" autoComplete="email"
          defaultValue={searchParams.get("email") ?? undefined} error={result?.fieldErrors?.email} />
        <TextField label="Password" name="password" type="password" autoComplete="current-password"
          error={result?.fieldErrors?.password} />
        <button type="submit" className="button">Sign in</button>
      </Form>
      <p>
        <Link to="/forgot-password">Forgot your password?</Link>
      </p>
      <p>
        New here?{" "}
        <Link to={`/signup${redirectTo ? `?${new URLSearchParams({ redirectTo })}` : ""}`}>Create an account</Link>
      </p>
    </main>
  );
}
