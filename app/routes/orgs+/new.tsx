import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/permissions.server";
import { FormErrorSummary, TextField, type ActionResult } from "~/components/form";
import { organizationNameField } from "~/forms/fields";
import { formFailure, parseForm } from "~/forms/parse-form.server";
import { createOrganization } from "~/models/organizations/organization.server";

const NewOrganizationSchema = z.object({ name: organizationNameField });

export const meta: MetaFunction = () => [{ title: "Create an organization · Peer Support Training" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  requireUser(context, request);
  return null;
}

export async function action({ context, request }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const parsed = await parseForm(request, NewOrganizationSchema);
  if (!parsed.ok) return formFailure(parsed.failure);
  const organization = await createOrganization({ name: parsed.data.name, creatorId: user.id });
  return redirect(`/o/${organization.slug}`);
}

export default function NewOrganizationPage() {
  const result = useActionData<typeof action>() as ActionResult;
  return (
    <main id="main" className="page narrow">
      <h1>Create an organization</h1>
      <p>
        An organization is a peer-run group, service or training body. You will be its first admin and can invite
        trainers and trainees.
      </p>
      <FormErrorSummary result={result} />
      <Form method="post" noValidate>
        <TextField label="Organization name" name="name" autoComplete="organization" maxLength={120}
          error={result?.fieldErrors?.name} />
        <button type="submit" className="button">Create organization</button>
      </Form>
    </main>
  );
}
