import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useForm } from "@conform-to/react";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { deviceCookieHeader, readDeviceToken } from "~/auth/device-cookie.server";
import { safeRedirectPath } from "~/auth/permissions.server";
import { startSession } from "~/auth/session.server";
import { Field } from "~/components/field";
import { ErrorSummary, SuccessNotice } from "~/components/form";
import { currentPasswordField, emailField, optionalRedirectField } from "~/forms/fields";
import { parseSubmission, refuse } from "~/forms/submission.server";
import { describeWait } from "~/models/accounts/request-throttle.server";
import { attemptSignIn } from "~/models/accounts/sign-in-throttle.server";

const SignInSchema = z.object({
  email: emailField,
  password: currentPasswordField,
  redirectTo: optionalRedirectField,
});

export const meta: MetaFunction = () => [{ title: "Sign in · Peer Support Training" }];

// A refused attempt says in Retry-After how long to wait (action headers reach the page only through here).
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

export async function loader({ context, request }: LoaderFunctionArgs) {
  if (context.auth) {
    throw redirect(safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"), context.appOrigin));
  }
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = await parseSubmission(request, SignInSchema);
  if (!parsed.ok) return parsed.refusal;
  const attempt = await attemptSignIn({
    email: parsed.value.email,
    password: parsed.value.password,
    address: context.clientAddress,
    deviceToken: readDeviceToken(request.headers.get("cookie")),
  });
  if (attempt.outcome === "wait") {
    const wait = describeWait(attempt.waitSeconds);
    const formError =
      attempt.limitedBy === "address"
        ? `Too many sign-in attempts failed from your network. For your safety, wait ${wait} before you try again, or reset your password.`
        : `Too many sign-in attempts failed for this email address. For your safety, wait ${wait} before you try again, or reset your password. On a device where you signed in before, you can sign in now.`;
    return refuse(parsed.submission, { formError, status: 429, headers: { "Retry-After": String(attempt.waitSeconds) } });
  }
  if (attempt.outcome === "mismatch") {
    // The same words whether the email or the password was wrong.
    return refuse(parsed.submission, { formError: "That email and password do not match an account. Check both and try again." });
  }
  const headers = new Headers();
  headers.append("Set-Cookie", await startSession(context, attempt.user.id));
  headers.append("Set-Cookie", deviceCookieHeader(attempt.deviceToken, context.secure));
  return redirect(safeRedirectPath(parsed.value.redirectTo, context.appOrigin), { headers });
}

export default function SignInPage() {
  const [searchParams] = useSearchParams();
  const redirectTo = searchParams.get("redirectTo") ?? "";
  const [form, fields] = useForm<z.input<typeof SignInSchema>>({
    lastResult: useActionData<typeof action>(),
    defaultValue: { email: searchParams.get("email") ?? undefined },
  });
  return (
    <main id="main" className="page narrow">
      <h1>Sign in</h1>
      {searchParams.get("reset") === "done" ? (
        <SuccessNotice>
          <p>Your password has been changed. Sign in with your new password.</p>
        </SuccessNotice>
      ) : null}
      <ErrorSummary errors={form.errors} />
      <Form method="post" id={form.id} noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field label="Email address" meta={fields.email} type="email" autoComplete="email" />
        <Field label="Password" meta={fields.password} type="password" autoComplete="current-password" />
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
