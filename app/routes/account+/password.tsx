import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useForm } from "@conform-to/react";
import { Form, useActionData } from "@remix-run/react";
import { z } from "zod";
import { readDeviceToken } from "~/auth/device-cookie.server";
import { requireUser } from "~/auth/permissions.server";
import { Field } from "~/components/field";
import { ErrorSummary, SuccessNotice } from "~/components/form";
import { currentPasswordField, newPasswordField } from "~/forms/fields";
import { MIN_PASSWORD_LENGTH } from "~/limits";
import { formDone, orRefusal, parseSubmission } from "~/forms/submission.server";
import { changePassword } from "~/models/accounts/user.server";

const PasswordSchema = z.object({ currentPassword: currentPasswordField, newPassword: newPasswordField });

export async function loader({ context, request }: LoaderFunctionArgs) {
  requireUser(context, request);
  return null;
}

export async function action({ context, request }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const parsed = await parseSubmission(request, PasswordSchema);
  if (!parsed.ok) return parsed.refusal;
  const changed = await orRefusal(parsed.submission, () =>
    changePassword({
      userId: user.id,
      currentPassword: parsed.value.currentPassword,
      newPassword: parsed.value.newPassword,
      sessionId: context.auth!.session.id,
      deviceToken: readDeviceToken(request.headers.get("cookie")),
      appOrigin: context.appOrigin,
    }),
  );
  if (!changed.ok) return changed.refusal;
  return formDone(parsed.submission, "Your password has been changed. Every other device signed in to your account has been signed out.");
}

export default function AccountPasswordPage() {
  const result = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof PasswordSchema>>({ lastResult: result });
  return (
    <section aria-labelledby="password-heading">
      <h2 id="password-heading">Password</h2>
      {result?.done ? <SuccessNotice><p>{result.done}</p></SuccessNotice> : null}
      <ErrorSummary errors={form.errors} />
      <Form method="post" id={form.id} noValidate>
        <Field label="Current password" meta={fields.currentPassword} type="password" autoComplete="current-password" />
        <Field label="New password" meta={fields.newPassword} type="password" autoComplete="new-password"
          description={`At least ${MIN_PASSWORD_LENGTH} characters.`} />
        <button type="submit" className="button">Change password</button>
      </Form>
    </section>
  );
}
