import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useForm } from "@conform-to/react";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { deviceCookieHeader, readDeviceToken } from "~/auth/device-cookie.server";
import { Field } from "~/components/field";
import { ErrorSummary } from "~/components/form";
import { newPasswordField } from "~/forms/fields";
import { MIN_PASSWORD_LENGTH } from "~/limits";
import { orRefusal, parseSubmission } from "~/forms/submission.server";
import { isPasswordResetTokenUsable, resetPassword } from "~/models/accounts/password-reset.server";

const ResetPasswordSchema = z.object({ password: newPasswordField });

export const meta: MetaFunction = () => [{ title: "Choose a new password · Peer Support Training" }];

export async function loader({ params }: LoaderFunctionArgs) {
  return { usable: await isPasswordResetTokenUsable(params.token ?? "") };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const parsed = await parseSubmission(request, ResetPasswordSchema);
  if (!parsed.ok) return parsed.refusal;
  const reset = await orRefusal(parsed.submission, () =>
    resetPassword({
      token: params.token ?? "",
      newPassword: parsed.value.password,
      deviceToken: readDeviceToken(request.headers.get("cookie")),
      appOrigin: context.appOrigin,
    }),
  );
  if (!reset.ok) return reset.refusal;
  // Whoever holds the link holds the mailbox: this browser is spared the account's sign-in delay.
  return redirect("/signin?reset=done", {
    headers: { "Set-Cookie": deviceCookieHeader(reset.value.deviceToken, context.secure) },
  });
}

export default function ResetPasswordPage() {
  const { usable } = useLoaderData<typeof loader>();
  const [form, fields] = useForm<z.input<typeof ResetPasswordSchema>>({ lastResult: useActionData<typeof action>() });
  return (
    <main id="main" className="page narrow">
      <h1>Choose a new password</h1>
      {usable ? (
        <>
          <ErrorSummary errors={form.errors} />
          <Form method="post" id={form.id} noValidate>
            <Field label="New password" meta={fields.password} type="password" autoComplete="new-password"
              description={`At least ${MIN_PASSWORD_LENGTH} characters.`} />
            <button type="submit" className="button">Save new password</button>
          </Form>
          <p>After you save it, every device signed in to your account is signed out.</p>
        </>
      ) : (
        <>
          <p>This reset link is not valid any more. Links work once and for one hour, and only the newest one works.</p>
          <p>
            <Link to="/forgot-password">Ask for a new link</Link>
          </p>
        </>
      )}
    </main>
  );
}
