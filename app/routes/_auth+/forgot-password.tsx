import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { useForm } from "@conform-to/react";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Field } from "~/components/field";
import { ErrorSummary, SuccessNotice } from "~/components/form";
import { emailField } from "~/forms/fields";
import { formDone, orRefusal, parseSubmission } from "~/forms/submission.server";
import { RESET_VALID_MINUTES } from "~/limits";
import { mailReachesInboxes } from "~/mail/mailer.server";
import { requestPasswordReset } from "~/models/accounts/password-reset.server";

const ForgotPasswordSchema = z.object({ email: emailField });

export const meta: MetaFunction = () => [{ title: "Reset your password · Peer Support Training" }];

export async function loader() {
  return { mailReachesInboxes: mailReachesInboxes() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = await parseSubmission(request, ForgotPasswordSchema);
  if (!parsed.ok) return parsed.refusal;
  const requested = await orRefusal(parsed.submission, () =>
    requestPasswordReset({ email: parsed.value.email, caller: context.clientAddress, appOrigin: context.appOrigin }),
  );
  if (!requested.ok) return requested.refusal;
  // Same answer whether or not the address has an account.
  return formDone(parsed.submission, "requested");
}

export default function ForgotPasswordPage() {
  const { mailReachesInboxes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof ForgotPasswordSchema>>({ lastResult: result });
  return (
    <main id="main" className="page narrow">
      <h1>Reset your password</h1>
      {result?.done ? (
        <SuccessNotice>
          {mailReachesInboxes ? (
            <p>
              If an account uses that address, we have sent it a link to choose a new password. The link works once,
              for {RESET_VALID_MINUTES} minutes. Check your inbox and spam folder.
            </p>
          ) : (
            <p>
              If an account uses that address, a link to choose a new password was made. It works once, for{" "}
              {RESET_VALID_MINUTES} minutes. This site does not send email yet, so the link does not reach your inbox:
              ask your organization&apos;s admin for help.
            </p>
          )}
          {mailReachesInboxes ? <p>If no email arrives within a few minutes, ask your organization&apos;s admin for help.</p> : null}
        </SuccessNotice>
      ) : (
        <>
          {mailReachesInboxes ? (
            <p>Enter the email address of your account. We will send you a link to choose a new password.</p>
          ) : (
            <>
              <p>
                Enter the email address of your account to make a link for choosing a new password. This site does not
                send email yet, so the link does not reach your inbox.
              </p>
              <p>If you cannot get the link, ask your organization&apos;s admin for help.</p>
            </>
          )}
          <ErrorSummary errors={form.errors} />
          <Form method="post" id={form.id} noValidate>
            <Field label="Email address" meta={fields.email} type="email" autoComplete="email" />
            <button type="submit" className="button">{mailReachesInboxes ? "Send the link" : "Make the link"}</button>
          </Form>
        </>
      )}
      <p>
        <Link to="/signin">Back to sign in</Link>
      </p>
    </main>
  );
}
