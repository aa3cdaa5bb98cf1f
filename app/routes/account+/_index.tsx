import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/permissions.server";
import { FormErrorSummary, SuccessNotice, TextField, type ActionResult } from "~/components/form";
import { displayNameField } from "~/forms/fields";
import { formFailure, parseForm } from "~/forms/parse-form.server";
import { updateDisplayName } from "~/models/accounts/user.server";

const NameSchema = z.object({ displayName: displayNameField });

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  return { displayName: user.displayName };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const parsed = await parseForm(request, NameSchema);
  if (!parsed.ok) return formFailure(parsed.failure);
  await updateDisplayName(user.id, parsed.data.displayName);
  return { done: "Your name has been saved." };
}

export default function AccountNamePage() {
  const { displayName } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult;
  return (
    <section aria-labelledby="name-heading">
      <h2 id="name-heading">Your name</h2>
      {result?.done ? <SuccessNotice><p>{result.done}</p></SuccessNotice> : null}
      <FormErrorSummary result={result} />
      <Form method="post" noValidate>
        <TextField label="Name" name="displayName" autoComplete="name" defaultValue={displayName} maxLength={100}
          error={result?.fieldErrors?.displayName} />
        <button type="submit" className="button">Save name</button>
      </Form>
    </section>
  );
}
