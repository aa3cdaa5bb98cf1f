import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { safeRedirectPath } from "~/auth/permissions.server";
import { startSession } from "~/auth/session.server";
import { FormErrorSummary, SuccessNotice, TextField, type ActionResult } from "~/components/form";
import { MailDeliveryNote } from "~/components/mail-delivery-note";
import { displayNameField, emailField, newPasswordField, optionalRedirectField } from "~/forms/fields";
import { CONFIRMATION_VALID_HOURS, MIN_PASSWORD_LENGTH } from "~/limits";
import { formFailure, orFormFailure, parseForm } from "~/forms/parse-form.server";
import { mailDelivery, type MailDelivery } from "~/mail/mailer.server";
import { requestSignUp } from "~/models/accounts/sign-up.server";

const SignUpSchema = z.object({
  displayName: displayNameField,
  email: emailField,
  password: newPasswordField,
  redirectTo: optionalRedirectField,
  /** The token of the invitation the person came from, if any (see requestSignUp). */
  invitation: z.string().max(100).optional().catch(undefined),
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
  const redirectTo = safeRedirectPath(parsed.data.redirectTo, context.appOrigin);
  const requested = await orFormFailure(() =>
    requestSignUp({
      displayName: parsed.data.displayName,
      email: parsed.data.email,
      password: parsed.data.password,
      redirectTo,
      invitationToken: parsed.data.invitation,
      caller: context.clientAddress,
      appOrigin: context.appOrigin,
    }),
  );
  if (!requested.ok) return requested.response;
  if (requested.value.outcome === "created") {
    const cookie = await startSession(context, requested.value.user.id);
    return redirect(redirectTo, { headers: { "Set-Cookie": cookie } });
  }
  // The same answer whether or not the address already has an account.
  return { done: requested.value.email, delivery: mailDelivery() };
}

export default function SignUpPage() {
  const result = useActionData<typeof action>() as (ActionResult & { delivery?: MailDelivery }) | undefined;
  const [searchParams] = useSearchParams();
  const redirectTo = searchParams.get("redirectTo") ?? "";
  const email = searchParams.get("email") ?? "";
  const invitation = searchParams.get("invitation") ?? "";
  if (result?.done) {
    return (
      <main id="main" className="page narrow">
        <h1>Check your email</h1>
        <SuccessNotice>
          <p>
            We wrote to <strong>{result.done}</strong> with what to do next. Open that message to go on. A link to
            finish creating an account works once, for {CONFIRMATION_VALID_HOURS} hours.
          </p>
          {result.delivery ? <MailDeliveryNote delivery={result.delivery} /> : null}
        </SuccessNotice>
        <p>
          Wrong address? <Link to="/signup">Fill in the form again</Link>.
        </p>
      </main>
    );
  }
  return (
    <main id="main" className="page narrow">
      <h1>Create an account</h1>
      <p>You need an account to take courses, run cohorts or manage an organization.</p>
      <FormErrorSummary result={result} />
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        {invitation ? <input type="hidden" name="invitation" value={invitation} /> : null}
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
