import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/permissions.server";
import { FormErrorSummary, SuccessNotice, TextField, type ActionResult } from "~/components/form";
import { currentPasswordField, emailField } from "~/forms/fields";
import { formFailure, orFormFailure, parseForm } from "~/forms/parse-form.server";
import { changeEmail } from "~/models/user.server";

const EmailSchema = z.object({ email: emailField, currentPassword: currentPasswordField });

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  return { email: user.email };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const parsed = await parseForm(request, EmailSchema);
  if (!parsed.ok) return formFailure(parsed.failure);
  const changed = await orFormFailure(() => changeEmail(user.id, parsed.data.currentPassword, parsed.data.email));
  if (!changed.ok) return changed.response;
  return { done: "Your email address has been changed. Use the new one next time you sign in." };
}

export default function AccountEmailPage() {
  const { email } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult;
  return (
    <section aria-labelledby="email-heading">
      <h2 id="email-heading">Email address</h2>
      {result?.done ? <SuccessNotice><p>{result.done}</p></SuccessNotice> : null}
      <FormErrorSummary result={result} />
      <Form method="post" noValidate>
        <TextField label="Email address" name="email" type="email" autoComplete="email" defaultValue={email}
          error={result?.fieldErrors?.email} />
        <TextField label="Current password" name="currentPassword" type="password" autoComplete="current-password"
          hint="We ask for it to make sure it is really you." error={result?.fieldErrors?.currentPassword} />
        <button type="submit" className="button">Change email address</button>
      </Form>
    </section>
  );
}
