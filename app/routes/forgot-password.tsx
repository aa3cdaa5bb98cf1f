import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { z } from "zod";
import { FormErrorSummary, SuccessNotice, TextField, type ActionResult } from "~/components/form";
import { MailDeliveryNote } from "~/components/mail-delivery-note";
import { emailField } from "~/forms/fields";
import { formFailure, orFormFailure, parseForm } from "~/forms/parse-form.server";
import { RESET_VALID_MINUTES } from "~/limits";
import { mailDelivery, type MailDelivery } from "~/mail/mailer.server";
import { requestPasswordReset } from "~/models/password-reset.server";

const ForgotPasswordSchema = z.object({ email: emailField });

export const meta: MetaFunction = () => [{ title: "Reset your password · Peer Support Training" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = await parseForm(request, ForgotPasswordSchema);
  if (!parsed.ok) return formFailure(parsed.failure);
  const requested = await orFormFailure(() =>
    requestPasswordReset({ email: parsed.data.email, caller: context.clientAddress, appOrigin: context.appOrigin }),
  );
  if (!requested.ok) return requested.response;
  // Same answer whether or not the address has an account.
  return { done: "sent", delivery: mailDelivery() };
}

export default function ForgotPasswordPage() {
  const result = useActionData<typeof action>() as (ActionResult & { delivery?: MailDelivery }) | undefined;
  return (
    <main id="main" className="page narrow">
      <h1>Reset your password</h1>
      {result?.done ? (
        <SuccessNotice>
          {result.delivery === "sent" ? (
            <p>
              If an account uses that address, we have sent it a link to choose a new password. The link works once,
              for {RESET_VALID_MINUTES} minutes. Check your inbox and spam folder.
            </p>
          ) : (
            <p>
              If an account uses that address, we have written a message to it with a link to choose a new password.
              The link works once, for {RESET_VALID_MINUTES} minutes.
            </p>
          )}
          <MailDeliveryNote delivery={result.delivery ?? "server-log"} />
        </SuccessNotice>
      ) : (
        <>
          <p>Enter the email address of your account. We will write a message to it with a link to choose a new password.</p>
          <FormErrorSummary result={result} />
          <Form method="post" noValidate>
            <TextField label="Email address" name="email" type="email" autoComplete="email"
              error={result?.fieldErrors?.email} />
            <button type="submit" className="button">Send the link</button>
          </Form>
        </>
      )}
      <p>
        <Link to="/signin">Back to sign in</Link>
      </p>
    </main>
  );
}
