import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useForm } from "@conform-to/react";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { safeRedirectPath } from "~/auth/permissions.server";
import { startSession } from "~/auth/session.server";
import { Field } from "~/components/field";
import { ErrorSummary, SuccessNotice } from "~/components/form";
import { MailDeliveryNote } from "~/components/mail-delivery-note";
import { displayNameField, emailField, newPasswordField, optionalRedirectField } from "~/forms/fields";
import { CONFIRMATION_VALID_HOURS, MIN_PASSWORD_LENGTH } from "~/limits";
import { formDone, orRefusal, parseSubmission } from "~/forms/submission.server";
import { mailDelivery } from "~/mail/mailer.server";
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
  const parsed = await parseSubmission(request, SignUpSchema);
  if (!parsed.ok) return parsed.refusal;
  const redirectTo = safeRedirectPath(parsed.value.redirectTo, context.appOrigin);
  const requested = await orRefusal(parsed.submission, () =>
    requestSignUp({
      displayName: parsed.value.displayName,
      email: parsed.value.email,
      password: parsed.value.password,
      redirectTo,
      invitationToken: parsed.value.invitation,
      caller: context.clientAddress,
      appOrigin: context.appOrigin,
    }),
  );
  if (!requested.ok) return requested.refusal;
  if (requested.value.outcome === "created") {
    const cookie = await startSession(context, requested.value.user.id);
    return redirect(redirectTo, { headers: { "Set-Cookie": cookie } });
  }
  // The same answer whether or not the address already has an account.
  return { ...formDone(parsed.submission, requested.value.email), delivery: mailDelivery() };
}

export default function SignUpPage() {
  const result = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const redirectTo = searchParams.get("redirectTo") ?? "";
  const invitation = searchParams.get("invitation") ?? "";
  const [form, fields] = useForm<z.input<typeof SignUpSchema>>({ lastResult: result, defaultValue: { email: searchParams.get("email") ?? "" } });
  if (result?.done) {
    return (
      <main id="main" className="page narrow">
        <h1>Check your email</h1>
        <SuccessNotice>
          <p>
            We wrote to <strong>{result.done}</strong> with what to do next. Open that message to go on. A link to
            finish creating an account works once, for {CONFIRMATION_VALID_HOURS} hours.
          </p>
          {"delivery" in result && result.delivery ? <MailDeliveryNote delivery={result.delivery} /> : null}
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
      <ErrorSummary errors={form.errors} />
      <Form method="post" id={form.id} noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        {invitation ? <input type="hidden" name="invitation" value={invitation} /> : null}
        <Field label="Your name" meta={fields.displayName} autoComplete="name" maxLength={100}
          description="This is how trainers and other people in your organization will see you." />
        <Field label="Email address" meta={fields.email} type="email" autoComplete="email" />
        <Field label="Password" meta={fields.password} type="password" autoComplete="new-password"
          description={`At least ${MIN_PASSWORD_LENGTH} characters. A short sentence you can remember works well.`} />
        <button type="submit" className="button">Create account</button>
      </Form>
      <p>
        Already have an account?{" "}
        <Link to={`/signin${redirectTo ? `?${new URLSearchParams({ redirectTo })}` : ""}`}>Sign in</Link>
      </p>
    </main>
  );
}
