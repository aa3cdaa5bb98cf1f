import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { z } from "zod";
import { requireCohortManager } from "~/auth/permissions.server";
import { DateField } from "~/components/cohort-fields";
import { formatDay } from "~/time-format";
import { FormErrorSummary, SuccessNotice } from "~/components/form";
import { TRACK_TITLES, TRACKS } from "~/content/frontmatter";
import { moduleSlugField, optionalDayField } from "~/forms/cohort-fields";
import { chosenIdField, idField } from "~/forms/fields";
import { formFailure, orFormFailure, parseForm, withUnshownFieldErrors, type FormFailure } from "~/forms/parse-form.server";
import {
  assignModules,
  assignProgrammeModules,
  changeAssignmentDueDate,
  getCohortModulesPage,
  removeAssignment,
  type ProgrammeAssignment,
} from "~/models/cohorts/assignment.server";
import { cohortSectionMeta } from "./cohorts.$cohortId";

export const meta = cohortSectionMeta("Modules and due dates");

const chooseModules = "Choose at least one module to assign.";

const ModulesAction = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("assign"),
      moduleSlugs: z.preprocess(
        (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]),
        z.array(moduleSlugField, { error: chooseModules }).min(1, chooseModules).max(200, "Choose at most 200 modules at a time."),
      ),
      dueOn: optionalDayField("the due date"),
    }),
    z.object({
      intent: z.literal("assign-programme"),
      programmeId: chosenIdField("Choose a programme.", "Choose a programme from the list."),
      dueOn: optionalDayField("the due date"),
    }),
    z.object({ intent: z.literal("change-due"), assignmentId: idField, dueOn: optionalDayField("the due date") }),
    z.object({ intent: z.literal("remove"), assignmentId: idField }),
  ],
  { error: "We did not understand that request. Reload the page and try again." },
);

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { organization, cohortId } = await requireCohortManager(context, request, params.orgSlug, params.cohortId);
  return { ...(await getCohortModulesPage(organization.id, cohortId)), cohortId, questions: `/o/${organization.slug}/teach/questions` };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const { user, organization, cohortId } = await requireCohortManager(context, request, params.orgSlug, params.cohortId);
  const parsed = await parseForm(request, ModulesAction);
  if (!parsed.ok) return formFailure(withUnshownFieldErrors(parsed.failure, []));
  const form = parsed.data;
  const scope = { organizationId: organization.id, cohortId };
  if (form.intent === "assign-programme") {
    const assigned = await orFormFailure(() => assignProgrammeModules({ ...scope, actorId: user.id, programmeId: form.programmeId, dueOn: form.dueOn }));
    return assigned.ok ? { done: describeProgrammeAssignment(assigned.value, form.dueOn) } : assigned.response;
  }
  const done = await orFormFailure(() =>
    form.intent === "assign"
      ? assignModules({ ...scope, actorId: user.id, moduleSlugs: form.moduleSlugs, dueOn: form.dueOn })
      : form.intent === "change-due"
        ? changeAssignmentDueDate({ ...scope, assignmentId: form.assignmentId, dueOn: form.dueOn })
        : removeAssignment({ ...scope, assignmentId: form.assignmentId }),
  );
  if (!done.ok) return done.response;
  return {
    done:
      form.intent === "assign"
        ? `${form.moduleSlugs.length === 1 ? "The module is" : `${form.moduleSlugs.length} modules are`} assigned. Trainees see ${form.moduleSlugs.length === 1 ? "it" : "them"} first on their home page.`
        : form.intent === "change-due"
          ? form.dueOn
            ? `The due date is now ${formatDay(form.dueOn)}.`
            : "The module has no due date now."
          : "The module is no longer assigned. Trainees keep what they have done in it.",
  };
}

/** "3 modules of “Foundation” are assigned, due 1 June 2026. 2 were assigned already and keep their due dates." */
function describeProgrammeAssignment(result: ProgrammeAssignment, dueOn: string | null): string {
  const { added, alreadyAssigned, programmeTitle } = result;
  if (added.length === 0) return `Nothing new to assign: all ${alreadyAssigned === 1 ? "the module" : `${alreadyAssigned} modules`} of “${programmeTitle}” ${alreadyAssigned === 1 ? "is" : "are"} assigned already.`;
  const due = dueOn ? `, due ${formatDay(dueOn)}` : ", with no due date";
  const now = `${added.length === 1 ? "1 module" : `${added.length} modules`} of “${programmeTitle}” ${added.length === 1 ? "is" : "are"} assigned${due}: ${added.join(", ")}.`;
  const kept = alreadyAssigned === 0 ? "" : ` ${alreadyAssigned === 1 ? "1 was" : `${alreadyAssigned} were`} assigned already and ${alreadyAssigned === 1 ? "keeps its" : "keep their"} due date${alreadyAssigned === 1 ? "" : "s"}.`;
  return now + kept;
}

/** "3 of 5 modules not assigned yet", "all 5 modules assigned already", "its module is assigned already". */
function describeProgrammeChoice({ modules, notAssigned }: { modules: number; notAssigned: number }): string {
  if (notAssigned === 0) return modules === 1 ? "its module is assigned already" : `all ${modules} modules assigned already`;
  return modules === 1 ? "1 module, not assigned yet" : `${notAssigned} of ${modules} modules not assigned yet`;
}

type ModulesResult = (FormFailure & { done?: string }) | undefined;

export default function CohortModulesPage() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ModulesResult;
  const assignForm = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (result?.done) assignForm.current?.reset();
  }, [result]);
  const range = `Between ${formatDay(page.startsOn)} and ${formatDay(page.endsOn)}, or leave it empty.`;
  return (
    <>
      {result?.done ? (
        <SuccessNotice>
          <p>{result.done}</p>
        </SuccessNotice>
      ) : null}
      <FormErrorSummary result={result} />

      <section aria-labelledby="assigned-heading">
        <h2 id="assigned-heading">Assigned modules ({page.assigned.length})</h2>
        <p>
          <Link to={`${page.questions}?cohort=${page.cohortId}`}>Question statistics of this cohort</Link>: how each quiz question works for these
          trainees, without names.
        </p>
        {page.assigned.length === 0 ? (
          <p>No modules are assigned yet.{page.archived ? "" : " Choose some below."}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Modules assigned to this cohort, with their due dates</caption>
              <thead>
                <tr>
                  <th scope="col">Module</th>
                  <th scope="col">Due date</th>
                  {page.archived ? null : <th scope="col">Remove</th>}
                </tr>
              </thead>
              <tbody>
                {page.assigned.map((assignment) => (
                  <tr key={assignment.id}>
                    <th scope="row">{assignment.title}</th>
                    <td data-label="Due date">
                      {page.archived ? (
                        assignment.dueOn ? formatDay(assignment.dueOn) : "No due date"
                      ) : (
                        <Form method="post" className="inline-form due-form">
                          <input type="hidden" name="intent" value="change-due" />
                          <input type="hidden" name="assignmentId" value={assignment.id} />
                          <DateField
                            id={`due-${assignment.id}`}
                            name="dueOn"
                            label={`Due date for ${assignment.title}`}
                            hiddenLabel
                            required={false}
                            defaultValue={assignment.dueOn}
                          />
                          <button type="submit" className="button button--small button--secondary">
                            Save<span className="visually-hidden"> due date for {assignment.title}</span>
                          </button>
                        </Form>
                      )}
                    </td>
                    {page.archived ? null : (
                      <td>
                        <Form method="post">
                          <input type="hidden" name="intent" value="remove" />
                          <input type="hidden" name="assignmentId" value={assignment.id} />
                          <button type="submit" className="button button--small button--danger">
                            Remove<span className="visually-hidden"> {assignment.title}</span>
                          </button>
                        </Form>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {page.archived || page.programmes.length === 0 ? null : (
        <section aria-labelledby="assign-programme-heading">
          <h2 id="assign-programme-heading">Assign a programme&apos;s modules</h2>
          <p>
            Assigns every module of the programme in one step. Modules this cohort already has stay as they are, with their due dates.
          </p>
          <Form method="post" className="stack assign-programme">
            <input type="hidden" name="intent" value="assign-programme" />
            <div className="field">
              <label htmlFor="field-programmeId">Programme</label>
              <select id="field-programmeId" name="programmeId" defaultValue={page.programmes.find((p) => p.notAssigned > 0)?.id ?? page.programmes[0]!.id}>
                {page.programmes.map((programme) => (
                  <option key={programme.id} value={programme.id}>
                    {programme.title} ({describeProgrammeChoice(programme)})
                  </option>
                ))}
              </select>
            </div>
            <DateField id="field-programme-dueOn" label="Due date for the modules it adds (optional)" name="dueOn" required={false} hint={range} />
            <button type="submit" className="button">
              Assign all modules of this programme
            </button>
          </Form>
        </section>
      )}

      {page.archived || page.assignable.length === 0 ? null : (
        <section aria-labelledby="assign-heading">
          <h2 id="assign-heading">Assign modules</h2>
          <Form method="post" className="stack" ref={assignForm}>
            <input type="hidden" name="intent" value="assign" />
            {TRACKS.map((track) => {
              const modules = page.assignable.filter((m) => m.track === track);
              if (modules.length === 0) return null;
              return (
                <fieldset key={track} className="checkbox-group">
                  <legend>{TRACK_TITLES[track]}</legend>
                  {modules.map((module) => (
                    <div className="option" key={module.slug}>
                      <input type="checkbox" name="moduleSlugs" value={module.slug} id={`module-${module.slug}`} />
                      <label htmlFor={`module-${module.slug}`}>
                        {module.title} <span className="muted">(about {module.minutes} minutes)</span>
                      </label>
                    </div>
                  ))}
                </fieldset>
              );
            })}
            <DateField label="Due date for the chosen modules (optional)" name="dueOn" required={false} hint={range} />
            <button type="submit" className="button">
              Assign the chosen modules
            </button>
          </Form>
        </section>
      )}
    </>
  );
}
