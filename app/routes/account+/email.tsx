import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/permissions.server";
import { FormErrorSummary, SuccessNotice, TextField, type ActionResult } from "~/components/form";
import { MailDeliveryNote } from "~/components/mail-delivery-note";
import { currentPasswordField, emailField } from "~/forms/fields";
import { formFailure, orFormFailure, parseForm } from "~/forms/parse-form.server";
import { CONFIRMATION_VALID_HOURS } from "~/limits";
import { mailDelivery, type MailDelivery } from "~/mail/mailer.server";
import { findPendingEmailChange, requestEmailChange } from "~/models/accounts/email-change.server";

const EmailSchema = z.object({ email: emailField, currentPassword: currentPasswordField });

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  return { email: user.email, pending: await findPendingEmailChange(user.id) };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const parsed = await parseForm(request, EmailSchema);
  if (!parsed.ok) return formFailure(parsed.failure);
  const requested = await orFormFailure(() =>
    requestEmailChange({
      userId: user.id,
      currentPassword: parsed.data.currentPassword,
      newEmail: parsed.data.email,
      sessionId: context.auth!.session.id,
      caller: context.clientAddress,
      appOrigin: context.appOrigin,
    }),
  );
  if (!requested.ok) return requested.response;
  if (requested.value.outcome === "unchanged") {
    return { done: `${user.email} is already your email address. Nothing has changed.` };
  }
  // Worded to be true whether a link went to the new address or, when
  // another account uses it, a notice to that account's owner.
  return {
    done: `We wrote to ${requested.value.newEmail}. Your account keeps ${user.email} until the change is confirmed from that mailbox, within ${CONFIRMATION_VALID_HOURS} hours.`,
    delivery: mailDelivery(),
  };
}

export default function AccountEmailPage() {
  const { email, pending } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as (ActionResult & { delivery?: MailDelivery }) | undefined;
  return (
    <section aria-labelledby="email-heading">
      <h2 id="email-heading">Email address</h2>
      {result?.done ? (
        <SuccessNotice>
          <p>{result.done}</p>
          {result.delivery ? <MailDeliveryNote delivery={result.delivery} /> : null}
        </SuccessNotice>
      ) : null}
      <FormErrorSummary result={result} />
      <p>
        You sign in with <strong>{email}</strong>.
        {pending ? (
          <>
            {" "}
            A change to <strong>{pending.newEmail}</strong> is waiting to be confirmed from that mailbox.
          </>
        ) : null}
      </p>
      <p>
        When you change it, we write to the new address first. The change happens only when the link in that message
        is opened. Then every other device signed in to your account is signed out, and we tell your old address.
      </p>
      <Form method="post" noValidate>
        <TextField label="New email address" name="email" type="email" autoComplete="email" defaultValue={email}
          error={result?.fieldErrors?.email} />
        <TextField label="Current password" name="currentPassword" type="password" autoComplete="current-password"
          hint="We ask for it to make sure it is really you." error={result?.fieldErrors?.currentPassword} />
        <button type="submit" className="button">Change email address</button>
      </Form>
    </section>
  );
}
