import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { safeRedirectPath } from "~/auth/permissions.server";
import { startSession } from "~/auth/session.server";
import { FormErrorSummary, TextField, type ActionResult } from "~/components/form";
import { displayNameField, emailField, newPasswordField, optionalRedirectField } from "~/forms/fields";
import { MIN_PASSWORD_LENGTH } from "~/limits";
import { formFailure, orFormFailure, parseForm } from "~/forms/parse-form.server";
import { createUser } from "~/models/user.server";

const SignUpSchema = z.object({
  displayName: displayNameField,
  email: emailField,
  password: newPasswordField,
  redirectTo: optionalRedirectField,
});

export const meta: MetaFunction = () => [{ title: "Create an account · Peer Support Training" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  if (context.auth) {
    throw redirect(safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"), context.appOrigin));
  }
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = await parseForm(request, SignUpSchema);
  if (!parsed.ok) return formFailure(parsed.failure);
  const created = await orFormFailure(() => createUser(parsed.data));
  if (!created.ok) return created.response;
  const cookie = await startSession(context, created.value.id);
  return redirect(safeRedirectPath(parsed.data.redirectTo, context.appOrigin), { headers: { "Set-Cookie": cookie } });
}

export default function SignUpPage() {
  const result = useActionData<typeof action>() as ActionResult;
  const [searchParams] = useSearchParams();
  const redirectTo = searchParams.get("redirectTo") ?? "";
  const email = searchParams.get("email") ?? "";
  return (
    <main id="main" className="page narrow">
      <h1>Create an account</h1>
      <p>You need an account to take courses, run cohorts or manage an organization.</p>
      <FormErrorSummary result={result} />
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextField label="Your name" name="displayName" autoComplete="name" maxLength={100}
          hint="This is how trainers and other people in your organization will see you."
          error={result?.fieldErrors?.displayName} />
        <TextField label="Email address" name="email" type="email" autoComplete="email" defaultValue={email}
          error={result?.fieldErrors?.email} />
        <TextField label="Password" name="password" type="password" autoComplete="new-password"
          hint={`At least ${MIN_PASSWORD_LENGTH} characters. A short sentence you can remember works well.`}
          error={result?.fieldErrors?.password} />
        <button type="submit" className="button">Create account</button>
      </Form>
      <p>
        Already have an account?{" "}
        <Link to={`/signin${redirectTo ? `?${new URLSearchParams({ redirectTo })}` : ""}`}>Sign in</Link>
      </p>
    </main>
  );
}
