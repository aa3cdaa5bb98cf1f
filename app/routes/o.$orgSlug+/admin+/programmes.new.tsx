import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrganizationAdmin } from "~/auth/permissions.server";
import { FormErrorSummary, type ActionResult } from "~/components/form";
import { ProgrammeForm, programmeFormValues } from "~/components/programme-form";
import { readForm, refusalWithValues, withValues, type FormValues } from "~/forms/cohort-form.server";
import { formFailure, orFormFailure, withUnshownFieldErrors } from "~/forms/parse-form.server";
import { parseProgrammeForm, PROGRAMME_FIELDS } from "~/forms/programme-form.server";
import { createProgramme, listProgrammeChoices } from "~/models/records/programme.server";

export const meta: MetaFunction = () => [{ title: "Define a programme · Peer Support Training" }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { organization } = await requireOrganizationAdmin(context, request, params.orgSlug);
  return { base: `/o/${organization.slug}/admin`, choices: await listProgrammeChoices(organization.id) };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const { user, organization } = await requireOrganizationAdmin(context, request, params.orgSlug);
  const form = await readForm(request);
  if (!form) return formFailure({ formError: "We could not read the form. Reload the page and try again." });
  const parsed = parseProgrammeForm(form);
  if (!parsed.ok) return refusalWithValues(withUnshownFieldErrors(parsed.failure, PROGRAMME_FIELDS), parsed.values);
  const created = await orFormFailure(() => createProgramme({ organizationId: organization.id, actorId: user.id }, parsed.data));
  if (!created.ok) return withValues(created.response, parsed.values);
  return redirect(`/o/${organization.slug}/admin/programmes/${created.value}?created=1`);
}

export default function NewProgrammePage() {
  const { base, choices } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as (ActionResult & { values?: FormValues }) | undefined;
  const values = programmeFormValues(result?.values, { title: "", description: "", modules: [], levels: {}, requiresSignOff: false, validityMonths: "" });
  return (
    <main id="main" className="page narrow-form">
      <p className="eyebrow">
        <Link to={`${base}/programmes`}>Programmes</Link>
      </p>
      <h1>Define a programme</h1>
      <p>Choose what a trainee must do to get a completion record. You can change it later; records already issued stay as they are.</p>
      <FormErrorSummary result={result} />
      <ProgrammeForm choices={choices} values={values} errors={result?.fieldErrors ?? {}} submitLabel="Save programme" />
    </main>
  );
}
