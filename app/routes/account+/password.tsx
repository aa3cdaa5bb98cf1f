import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { z } from "zod";
import { readDeviceToken } from "~/auth/device-cookie.server";
import { requireUser } from "~/auth/permissions.server";
import { FormErrorSummary, SuccessNotice, TextField, type ActionResult } from "~/components/form";
import { currentPasswordField, newPasswordField } from "~/forms/fields";
import { MIN_PASSWORD_LENGTH } from "~/limits";
import { formFailure, orFormFailure, parseForm } from "~/forms/parse-form.server";
import { changePassword } from "~/models/accounts/user.server";

const PasswordSchema = z.object({ currentPassword: currentPasswordField, newPassword: newPasswordField });

export async function loader({ context, request }: LoaderFunctionArgs) {
  requireUser(context, request);
  return null;
}

export async function action({ context, request }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const parsed = await parseForm(request, PasswordSchema);
  if (!parsed.ok) return formFailure(parsed.failure);
  const changed = await orFormFailure(() =>
    changePassword({
      userId: user.id,
      currentPassword: parsed.data.currentPassword,
      newPassword: parsed.data.newPassword,
      sessionId: context.auth!.session.id,
      deviceToken: readDeviceToken(request.headers.get("cookie")),
      appOrigin: context.appOrigin,
    }),
  );
  if (!changed.ok) return changed.response;
  return { done: "Your password has been changed. Every other device signed in to your account has been signed out." };
}

export default function AccountPasswordPage() {
  const result = useActionData<typeof action>() as ActionResult;
  return (
    <section aria-labelledby="password-heading">
      <h2 id="password-heading">Password</h2>
      {result?.done ? <SuccessNotice><p>{result.done}</p></SuccessNotice> : null}
      <FormErrorSummary result={result} />
      <Form method="post" noValidate>
        <TextField label="Current password" name="currentPassword" type="password" autoComplete="current-password"
          error={result?.fieldErrors?.currentPassword} />
        <TextField label="New password" name="newPassword" type="password" autoComplete="new-password"
          hint={`At least ${MIN_PASSWORD_LENGTH} characters.`} error={result?.fieldErrors?.newPassword} />
        <button type="submit" className="button">Change password</button>
      </Form>
    </section>
  );
}
