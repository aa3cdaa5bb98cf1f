import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useForm } from "@conform-to/react";
import { Form, useActionData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/permissions.server";
import { Field } from "~/components/field";
import { ErrorSummary } from "~/components/form";
import { organizationNameField } from "~/forms/fields";
import { parseSubmission } from "~/forms/submission.server";
import { createOrganization } from "~/models/organizations/organization.server";

const NewOrganizationSchema = z.object({ name: organizationNameField });

export const meta: MetaFunction = () => [{ title: "Create an organization · Peer Support Training" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  requireUser(context, request);
  return null;
}

export async function action({ context, request }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const parsed = await parseSubmission(request, NewOrganizationSchema);
  if (!parsed.ok) return parsed.refusal;
  const organization = await createOrganization({ name: parsed.value.name, creatorId: user.id });
  return redirect(`/o/${organization.slug}`);
}

export default function NewOrganizationPage() {
  const [form, fields] = useForm<z.input<typeof NewOrganizationSchema>>({ lastResult: useActionData<typeof action>() });
  return (
    <main id="main" className="page narrow">
      <h1>Create an organization</h1>
      <p>
        An organization is a peer-run group, service or training body. You will be its first admin and can invite
        trainers and trainees.
      </p>
      <ErrorSummary errors={form.errors} />
      <Form method="post" id={form.id} noValidate>
        <Field label="Organization name" meta={fields.name} autoComplete="organization" maxLength={120} />
        <button type="submit" className="button">Create organization</button>
      </Form>
    </main>
  );
}
