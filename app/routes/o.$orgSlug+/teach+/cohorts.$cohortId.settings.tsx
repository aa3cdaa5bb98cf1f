import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireCohortManager } from "~/auth/permissions.server";
import { DateField, TrainerCheckboxes } from "~/components/cohort-fields";
import { Time } from "~/components/time";
import { FormErrorSummary, SuccessNotice, TextField, type ActionResult } from "~/components/form";
import { cohortNameField, dayField, idListField } from "~/forms/cohort-fields";
import { readForm, refusalWithValues, textValues, withValues, type FormValues } from "~/forms/cohort-form.server";
import { formFailure, orFormFailure, parseFormData, withUnshownFieldErrors } from "~/forms/parse-form.server";
import { archiveCohort, getCohortSettingsPage, reopenCohort, updateCohort } from "~/models/cohorts/cohort.server";
import { cohortSectionMeta } from "./cohorts.$cohortId";

export const meta = cohortSectionMeta("Settings");

const SettingsAction = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("save"),
      name: cohortNameField,
      startsOn: dayField("the start date"),
      endsOn: dayField("the end date"),
      trainerIds: idListField("Choose trainers from the list. Reload the page and try again."),
    }),
    z.object({ intent: z.literal("archive") }),
    z.object({ intent: z.literal("reopen") }),
  ],
  { error: "We did not understand that request. Reload the page and try again." },
);

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { user, role, organization, cohortId } = await requireCohortManager(context, request, params.orgSlug, params.cohortId);
  return { viewer: { id: user.id, role }, ...(await getCohortSettingsPage(organization.id, cohortId)) };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const { user, role, organization, cohortId } = await requireCohortManager(context, request, params.orgSlug, params.cohortId);
  const form = await readForm(request);
  if (!form) return formFailure({ formError: "We could not read the form. Reload the page and try again." });
  const values = textValues(form, ["name", "startsOn", "endsOn", "trainerIds"]);
  const parsed = parseFormData(form, SettingsAction);
  if (!parsed.ok) return refusalWithValues(withUnshownFieldErrors(parsed.failure, ["name", "startsOn", "endsOn", "trainerIds"]), values);
  const command = parsed.data;
  const scope = { organizationId: organization.id, cohortId };
  const cohortPath = `/o/${organization.slug}/teach/cohorts/${cohortId}`;
  if (command.intent === "archive") {
    const archived = await orFormFailure(() => archiveCohort({ ...scope, actorId: user.id }));
    return archived.ok ? redirect(cohortPath) : archived.response;
  }
  if (command.intent === "reopen") {
    const reopened = await orFormFailure(() => reopenCohort({ ...scope, actorId: user.id, actorRole: role }));
    return reopened.ok ? { done: "The cohort is open again: it can be changed." } : reopened.response;
  }
  const saved = await orFormFailure(() => updateCohort({ ...scope, actorId: user.id, actorRole: role }, command));
  if (!saved.ok) return withValues(saved.response, values);
  return { done: "The changes are saved." };
}

export default function CohortSettingsPage() {
  const { cohort, candidates, viewer } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as (ActionResult & { values?: FormValues }) | undefined;
  const [searchParams] = useSearchParams();
  const errors = result?.fieldErrors ?? {};
  const values = result?.values;
  const text = (name: string, fallback: string) => (typeof values?.[name] === "string" ? (values[name] as string) : fallback);
  const trainerIds = values
    ? [values.trainerIds].flat().filter((v): v is string => typeof v === "string")
    : cohort.trainers.map((t) => t.id);

  if (cohort.archivedAt) {
    return (
      <section aria-labelledby="settings-heading">
        <h2 id="settings-heading">Settings</h2>
        {result?.done ? <SuccessNotice><p>{result.done}</p></SuccessNotice> : null}
        <FormErrorSummary result={result} />
        <p>This cohort was archived on <Time value={cohort.archivedAt} />. Its name, dates, trainers, trainees and modules can no longer be changed.</p>
        {viewer.role === "admin" ? (
          <Form method="post">
            <input type="hidden" name="intent" value="reopen" />
            <p>If it was archived by mistake, you can reopen it.</p>
            <button type="submit" className="button button--secondary">
              Reopen this cohort
            </button>
          </Form>
        ) : (
          <p>If it was archived by mistake, ask an admin of the organization to reopen it.</p>
        )}
      </section>
    );
  }

  return (
    <>
      <section aria-labelledby="settings-heading">
        <h2 id="settings-heading">Settings</h2>
        {result?.done ? <SuccessNotice><p>{result.done}</p></SuccessNotice> : null}
        <FormErrorSummary result={result} />
        <Form method="post" noValidate className="stack narrow-form">
          <input type="hidden" name="intent" value="save" />
          <TextField label="Name" name="name" maxLength={120} error={errors.name} defaultValue={text("name", cohort.name)} autoComplete="off" />
          <DateField label="Start date" name="startsOn" error={errors.startsOn} defaultValue={text("startsOn", cohort.startsOn)} />
          <DateField label="End date" name="endsOn" error={errors.endsOn} defaultValue={text("endsOn", cohort.endsOn)} />
          <TrainerCheckboxes candidates={candidates} checked={trainerIds} viewer={viewer} error={errors.trainerIds} />
          <button type="submit" className="button">
            Save changes
          </button>
        </Form>
      </section>
      <section aria-labelledby="archive-heading">
        <h2 id="archive-heading">Archive</h2>
        <p>
          When the cohort has ended, archive it. It becomes read-only: you can still see its progress and download it, but
          nobody can be added or removed and modules and dates cannot change. Invitations nobody has answered yet are
          withdrawn. Trainees keep everything they have done.
          {viewer.role === "admin" ? "" : " Only an admin can reopen an archived cohort."}
        </p>
        {searchParams.get("confirm") === "archive" ? (
          <Form method="post" className="confirm">
            <input type="hidden" name="intent" value="archive" />
            <p>Archive “{cohort.name}” now?</p>
            <div className="actions">
              <button type="submit" className="button button--danger">
                Yes, archive it
              </button>
              <Link to="?" className="button button--secondary" preventScrollReset>
                No, keep it open
              </Link>
            </div>
          </Form>
        ) : (
          <Link to="?confirm=archive" className="button button--secondary" preventScrollReset>
            Archive this cohort
          </Link>
        )}
      </section>
    </>
  );
}
