import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useForm } from "@conform-to/react";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/permissions.server";
import { Field } from "~/components/field";
import { ErrorSummary, SuccessNotice } from "~/components/form";
import { MailDeliveryNote } from "~/components/mail-delivery-note";
import { currentPasswordField, emailField } from "~/forms/fields";
import { formDone, orRefusal, parseSubmission } from "~/forms/submission.server";
import { CONFIRMATION_VALID_HOURS } from "~/limits";
import { mailDelivery } from "~/mail/mailer.server";
import { findPendingEmailChange, requestEmailChange } from "~/models/accounts/email-change.server";

const EmailSchema = z.object({ email: emailField, currentPassword: currentPasswordField });

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  return { email: user.email, pending: await findPendingEmailChange(user.id) };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const parsed = await parseSubmission(request, EmailSchema);
  if (!parsed.ok) return parsed.refusal;
  const requested = await orRefusal(parsed.submission, () =>
    requestEmailChange({
      userId: user.id,
      currentPassword: parsed.value.currentPassword,
      newEmail: parsed.value.email,
      sessionId: context.auth!.session.id,
      caller: context.clientAddress,
      appOrigin: context.appOrigin,
    }),
  );
  if (!requested.ok) return requested.refusal;
  if (requested.value.outcome === "unchanged") {
    return formDone(parsed.submission, `${user.email} is already your email address. Nothing has changed.`);
  }
  // Worded to be true whether a link went to the new address or, when
  // another account uses it, a notice to that account's owner.
  return {
    ...formDone(
      parsed.submission,
      `We wrote to ${requested.value.newEmail}. Your account keeps ${user.email} until the change is confirmed from that mailbox, within ${CONFIRMATION_VALID_HOURS} hours.`,
    ),
    delivery: mailDelivery(),
  };
}

export default function AccountEmailPage() {
  const { email, pending } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof EmailSchema>>({ lastResult: result, defaultValue: { email } });
  return (
    <section aria-labelledby="email-heading">
      <h2 id="email-heading">Email address</h2>
      {result?.done ? (
        <SuccessNotice>
          <p>{result.done}</p>
          {"delivery" in result && result.delivery ? <MailDeliveryNote delivery={result.delivery} /> : null}
        </SuccessNotice>
      ) : null}
      <ErrorSummary errors={form.errors} />
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
      <Form method="post" id={form.id} noValidate>
        <Field label="New email address" meta={fields.email} type="email" autoComplete="email" />
        <Field label="Current password" meta={fields.currentPassword} type="password" autoComplete="current-password"
          description="We ask for it to make sure it is really you." />
        <button type="submit" className="button">Change email address</button>
      </Form>
    </section>
  );
}
