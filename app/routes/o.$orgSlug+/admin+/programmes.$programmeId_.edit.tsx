import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { notFound, requireOrganizationAdmin } from "~/auth/permissions.server";
import { FormErrorSummary, type ActionResult } from "~/components/form";
import { ProgrammeForm, programmeFormValues } from "~/components/programme-form";
import { readForm, refusalWithValues, withValues, type FormValues } from "~/forms/cohort-form.server";
import { formFailure, orFormFailure, withUnshownFieldErrors } from "~/forms/parse-form.server";
import { parseProgrammeForm, PROGRAMME_FIELDS } from "~/forms/programme-form.server";
import { DomainError } from "~/domain-error";
import { getProgramme, listProgrammeChoices, updateProgramme } from "~/models/records/programme.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Change ${data.programme.title} · Peer Support Training` : "Change a programme · Peer Support Training" },
];

async function findProgramme(organizationId: string, programmeId: string | undefined) {
  try {
    return await getProgramme(organizationId, programmeId ?? "");
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) throw notFound(error.message);
    throw error;
  }
}

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { organization } = await requireOrganizationAdmin(context, request, params.orgSlug);
  const [programme, choices] = await Promise.all([findProgramme(organization.id, params.programmeId), listProgrammeChoices(organization.id)]);
  return { base: `/o/${organization.slug}/admin`, programme, choices };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const { user, organization } = await requireOrganizationAdmin(context, request, params.orgSlug);
  const form = await readForm(request);
  if (!form) return formFailure({ formError: "We could not read the form. Reload the page and try again." });
  const parsed = parseProgrammeForm(form);
  if (!parsed.ok) return refusalWithValues(withUnshownFieldErrors(parsed.failure, PROGRAMME_FIELDS), parsed.values);
  const programmeId = params.programmeId ?? "";
  const saved = await orFormFailure(() => updateProgramme({ organizationId: organization.id, actorId: user.id, programmeId }, parsed.data));
  if (!saved.ok) return withValues(saved.response, parsed.values);
  return redirect(`/o/${organization.slug}/admin/programmes/${programmeId}?changed=1`);
}

export default function EditProgrammePage() {
  const { base, programme, choices } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as (ActionResult & { values?: FormValues }) | undefined;
  const values = programmeFormValues(result?.values, {
    title: programme.title,
    description: programme.description,
    modules: programme.modules.map((m) => m.slug),
    levels: Object.fromEntries(programme.competencies.map((c) => [c.id, c.minLevel])),
    requiresSignOff: programme.requiresSignOff,
    validityMonths: programme.validityMonths ? String(programme.validityMonths) : "",
  });
  return (
    <main id="main" className="page narrow-form">
      <p className="eyebrow">
        <Link to={`${base}/programmes/${programme.id}`}>{programme.title}</Link>
      </p>
      <h1>Change the programme</h1>
      <p>The change applies to records issued from now on. Records already issued keep what was required when they were issued.</p>
      <FormErrorSummary result={result} />
      <ProgrammeForm choices={choices} values={values} errors={result?.fieldErrors ?? {}} submitLabel="Save changes" />
    </main>
  );
}
