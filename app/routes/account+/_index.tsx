import { useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/permissions.server";
import { Field } from "~/components/field";
import { ErrorSummary, SuccessNotice } from "~/components/form";
import { displayNameField } from "~/forms/fields";
import { formDone, parseSubmission } from "~/forms/submission.server";
import { updateDisplayName } from "~/models/accounts/user.server";

const NameSchema = z.object({ displayName: displayNameField });

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  return { displayName: user.displayName };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const parsed = await parseSubmission(request, NameSchema);
  if (!parsed.ok) return parsed.refusal;
  await updateDisplayName(user.id, parsed.value.displayName);
  return formDone(parsed.submission, "Your name has been saved.", { keep: true });
}

export default function AccountNamePage() {
  const { displayName } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof NameSchema>>({ lastResult: result, defaultValue: { displayName } });
  return (
    <section aria-labelledby="name-heading">
      <h2 id="name-heading">Your name</h2>
      {result?.done ? <SuccessNotice><p>{result.done}</p></SuccessNotice> : null}
      <ErrorSummary errors={form.errors} />
      <Form method="post" id={form.id} noValidate>
        <Field label="Name" meta={fields.displayName} autoComplete="name" maxLength={100} />
        <button type="submit" className="button">Save name</button>
      </Form>
    </section>
  );
}
