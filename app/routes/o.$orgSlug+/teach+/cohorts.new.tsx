import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireOrganizationRole } from "~/auth/permissions.server";
import { DateField, TrainerCheckboxes } from "~/components/cohort-fields";
import { FormErrorSummary, TextField, type ActionResult } from "~/components/form";
import { cohortNameField, dayField, idListField } from "~/forms/cohort-fields";
import { formFailure, orFormFailure, parseFormData, withUnshownFieldErrors } from "~/forms/parse-form.server";
import { readForm, refusalWithValues, textValues, withValues, type FormValues } from "~/forms/cohort-form.server";
import { createCohort, listTrainerCandidates } from "~/models/cohorts/cohort.server";

export const meta: MetaFunction = () => [{ title: "Create a cohort · Peer Support Training" }];

const NewCohortSchema = z.object({
  name: cohortNameField,
  startsOn: dayField("the start date"),
  endsOn: dayField("the end date"),
  trainerIds: idListField("Choose trainers from the list. Reload the page and try again."),
});

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { user, organization, role } = await requireOrganizationRole(context, request, params.orgSlug, ["admin", "trainer"]);
  return { base: `/o/${organization.slug}/teach`, viewer: { id: user.id, role }, candidates: await listTrainerCandidates(organization.id) };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const { user, organization, role } = await requireOrganizationRole(context, request, params.orgSlug, ["admin", "trainer"]);
  const form = await readForm(request);
  if (!form) return formFailure({ formError: "We could not read the form. Reload the page and try again." });
  // Sent back with a refusal, so a page without JavaScript shows what was typed.
  const values = textValues(form, ["name", "startsOn", "endsOn", "trainerIds"]);
  const parsed = parseFormData(form, NewCohortSchema);
  if (!parsed.ok) return refusalWithValues(withUnshownFieldErrors(parsed.failure, ["name", "startsOn", "endsOn", "trainerIds"]), values);
  const created = await orFormFailure(() =>
    createCohort({ organizationId: organization.id, actorId: user.id, actorRole: role }, parsed.data),
  );
  if (!created.ok) return withValues(created.response, values);
  return redirect(`/o/${organization.slug}/teach/cohorts/${created.value}/trainees?created=1`);
}

export default function NewCohortPage() {
  const { base, viewer, candidates } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as (ActionResult & { values?: FormValues }) | undefined;
  const errors = result?.fieldErrors ?? {};
  const values = result?.values ?? {};
  return (
    <main id="main" className="page narrow-form">
      <p className="eyebrow">
        <Link to={base}>Cohorts</Link>
      </p>
      <h1>Create a cohort</h1>
      <p>Give the group a name and dates. Next you add its trainees and assign modules.</p>
      <FormErrorSummary result={result} />
      <Form method="post" noValidate className="stack">
        <TextField label="Name" name="name" hint="For example: Spring 2026, evenings" maxLength={120} error={errors.name} autoComplete="off"
          defaultValue={text(values.name)} />
        <DateField label="Start date" name="startsOn" error={errors.startsOn} defaultValue={text(values.startsOn)} />
        <DateField label="End date" name="endsOn" error={errors.endsOn} defaultValue={text(values.endsOn)}
          hint="You can archive the cohort after it ends." />
        <TrainerCheckboxes candidates={candidates} checked={list(values.trainerIds)} viewer={viewer} error={errors.trainerIds} />
        <button type="submit" className="button">
          Create cohort
        </button>
      </Form>
    </main>
  );
}

const text = (value: unknown) => (typeof value === "string" ? value : "");
const list = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : typeof value === "string" ? [value] : []);
