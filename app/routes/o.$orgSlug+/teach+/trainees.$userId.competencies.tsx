import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { z } from "zod";
import { requireLearnerVisible } from "~/auth/permissions.server";
import { FormErrorSummary, SuccessNotice, type ActionResult } from "~/components/form";
import { CompetencyOverview, FrameworkSection, RecordContents, type RecordViewer } from "~/components/competency-record";
import { PracticeAttribution, PracticeRubric, PracticeTask } from "~/components/practice-guide";
import type { PracticeGuide } from "~/content/practice";
import { practiceGuidesFor } from "~/content/practice.server";
import type { SupportLines } from "~/content/support-lines";
import { chosenIdField } from "~/forms/fields";
import { formFailure, orFormFailure, parseFormData, type FormFailure } from "~/forms/parse-form.server";
import { recordObservation } from "~/models/competencies/competency-evidence.server";
import { LEVEL_LABELS, MAX_OBSERVATION_NOTE_LENGTH, OBSERVATION_RATINGS } from "~/models/competencies/competency-level";
import { findLearnerName, loadCompetencyRecord, type FrameworkView } from "~/models/competencies/competency.server";
import { listSupportLines } from "~/models/organizations/support-line.server";

/** A trainer's view of one trainee's competencies, with the form to record an observation. */

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.learnerName}'s competencies · Peer Support Training` : "Competencies · Peer Support Training" },
];

const ObservationSchema = z.object({
  competencyId: chosenIdField("Choose a competency from the list.", "Choose a competency from the list."),
  rating: z.enum(["1", "2", "3", "4"], { error: "Choose what you saw." }),
  note: z
    .string({ error: "Write a short note about what you saw." })
    .trim()
    .min(1, "Write a short note about what you saw, for example where and how.")
    .max(MAX_OBSERVATION_NOTE_LENGTH, `Keep the note to ${MAX_OBSERVATION_NOTE_LENGTH.toLocaleString("en")} characters or fewer.`),
});

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { organization, learnerId } = await requireLearnerVisible(context, request, params.orgSlug, params.userId);
  const [record, learnerName, supportLines] = await Promise.all([
    loadCompetencyRecord({ organizationId: organization.id, userId: learnerId }, "trainer"),
    findLearnerName(learnerId),
    listSupportLines(organization.id),
  ]);
  const url = new URL(request.url);
  const recordedId = url.searchParams.get("recorded");
  const recorded = record.frameworks.flatMap((f) => f.competencies).find((c) => c.id === recordedId);
  return {
    record,
    learnerName,
    base: `/o/${organization.slug}`,
    learnerId,
    // Every current competency's task and rubric, so the form can show the chosen one as the choice changes.
    practice: practiceGuidesFor(record.frameworks.map((f) => ({ ...f, competencies: f.competencies.filter((c) => !c.retired) }))),
    supportLines,
    preselect: url.searchParams.get("competency") ?? "",
    recorded: recorded ? { title: recorded.title, level: LEVEL_LABELS[recorded.derived.level] } : null,
  };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const { user, organization, learnerId } = await requireLearnerVisible(context, request, params.orgSlug, params.userId);
  let formData: FormData;
  try {
    formData = await request.formData();
  } catch {
    return formFailure({ formError: "We could not read the form. Reload the page and try again." });
  }
  // Sent back with a refusal, so that a page without JavaScript shows what was typed.
  const text = (name: string) => (typeof formData.get(name) === "string" ? String(formData.get(name)).slice(0, MAX_OBSERVATION_NOTE_LENGTH * 2) : "");
  const values = { competencyId: text("competencyId"), rating: text("rating"), note: text("note") };
  const parsed = parseFormData(formData, ObservationSchema);
  if (!parsed.ok) return data({ ...parsed.failure, values }, { status: 400 });
  const recorded = await orFormFailure(() =>
    recordObservation({
      organizationId: organization.id,
      learnerId,
      observerId: user.id,
      competencyId: parsed.data.competencyId,
      rating: Number(parsed.data.rating),
      note: parsed.data.note,
    }),
  );
  if (!recorded.ok) return data({ ...(recorded.response.data as FormFailure), values }, recorded.response.init ?? { status: 400 });
  return redirect(`/o/${organization.slug}/teach/trainees/${learnerId}/competencies?recorded=${parsed.data.competencyId}`);
}

export default function TraineeCompetenciesPage() {
  const { record, learnerName, base, learnerId, practice, supportLines, preselect, recorded } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as (ActionResult & { values?: Record<string, string> }) | undefined;
  const errors = result?.fieldErrors ?? {};
  const values = result?.values;
  const viewer: RecordViewer = {
    kind: "trainer",
    learnerName,
    observeHref: (competencyId) => `?competency=${competencyId}#observe`,
  };
  const current = record.frameworks
    .map((f) => ({ ...f, competencies: f.competencies.filter((c) => !c.retired) }))
    .filter((f) => f.competencies.length > 0);
  const describedBy = (field: string, hint?: string) => [hint, errors[field] ? `field-${field}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <main id="main" className="page competency-page">
      <p>
        <Link to={`${base}/teach/trainees/${learnerId}`}>Back to {learnerName}</Link>
      </p>
      <h1>{learnerName}&apos;s competencies</h1>
      {recorded ? (
        <SuccessNotice>
          <p>
            Observation recorded for “{recorded.title}”. Its level is now {recorded.level}. {learnerName} can see your
            rating and note.
          </p>
        </SuccessNotice>
      ) : null}
      <p className="lead">
        Levels come from {learnerName}&apos;s evidence: quizzes passed, reflections answered and trainers&apos;
        observations. An observation of 3 or 4 verifies a competency. Of the reflections {learnerName} has not shared,
        you see only how many count: not which prompt, when, or what they wrote.
      </p>
      <RecordContents record={record} extra={[{ href: "#observe", label: "Record an observation" }]} />

      <section id="observe" aria-labelledby="observe-heading" className="observe">
        <h2 id="observe-heading">Record an observation</h2>
        <p>
          After a role-play or supervised practice, record what you saw. The observation is added to the record and
          never replaces an earlier one.
        </p>
        <FormErrorSummary result={result} />
        <Form method="post" noValidate className="stack" key={preselect}>
          <CompetencyChoice
            frameworks={current}
            initial={values?.competencyId ?? preselect}
            error={errors.competencyId}
            describedBy={describedBy("competencyId")}
            practice={practice}
            supportLines={supportLines}
          />
          <fieldset className={errors.rating ? "field rating-group field--error" : "field rating-group"} aria-describedby={describedBy("rating")}>
            <legend>What did you see?</legend>
            {errors.rating ? (
              <p className="field__error" id="field-rating-error">
                {errors.rating}
              </p>
            ) : null}
            <div className="rating-group__options">
              {OBSERVATION_RATINGS.map((step) => (
                <div className="option" key={step.value}>
                  <input
                    type="radio"
                    id={`observe-rating-${step.value}`}
                    name="rating"
                    value={step.value}
                    defaultChecked={values?.rating === String(step.value)}
                  />
                  <label htmlFor={`observe-rating-${step.value}`}>
                    <strong>
                      {step.value}. {step.label}
                    </strong>
                    : {step.description}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
          <div className={errors.note ? "field field--error" : "field"}>
            <label htmlFor="field-note">Note</label>
            <p className="field__hint" id="field-note-hint">
              Where you saw it and what {learnerName} did. {learnerName} will read this.
            </p>
            {errors.note ? (
              <p className="field__error" id="field-note-error">
                {errors.note}
              </p>
            ) : null}
            <textarea
              id="field-note"
              name="note"
              rows={4}
              maxLength={MAX_OBSERVATION_NOTE_LENGTH}
              defaultValue={values?.note}
              aria-invalid={errors.note ? true : undefined}
              aria-describedby={describedBy("note", "field-note-hint")}
            />
          </div>
          <button type="submit" className="button">
            Record observation
          </button>
        </Form>
      </section>

      <CompetencyOverview record={record} viewer={viewer} />
      {record.frameworks.map((framework) => (
        <FrameworkSection key={framework.id} framework={framework} viewer={viewer} learnBase={`${base}/learn`} />
      ))}
    </main>
  );
}

/**
 * The competency to record, and below it that competency's practice task and
 * rubric. Without JavaScript the rubric is the one of the competency the page
 * was opened for (each card's "Record an observation" link chooses it); with
 * JavaScript it follows the list as the trainer changes it.
 */
function CompetencyChoice({
  frameworks,
  initial,
  error,
  describedBy,
  practice,
  supportLines,
}: {
  frameworks: FrameworkView[];
  initial: string;
  error: string | undefined;
  describedBy: string | undefined;
  practice: Record<string, PracticeGuide>;
  supportLines: SupportLines;
}) {
  const [chosen, setChosen] = useState(initial);
  const competency = frameworks.flatMap((f) => f.competencies).find((c) => c.id === chosen);
  const guide = competency ? practice[competency.id] : undefined;
  return (
    <>
      <div className={error ? "field field--error" : "field"}>
        <label htmlFor="field-competencyId">Competency</label>
        {error ? (
          <p className="field__error" id="field-competencyId-error">
            {error}
          </p>
        ) : null}
        <select
          id="field-competencyId"
          name="competencyId"
          defaultValue={initial}
          aria-describedby={describedBy}
          onChange={(event) => setChosen(event.currentTarget.value)}
        >
          <option value="">Choose a competency</option>
          {frameworks.map((framework) => (
            <optgroup key={framework.id} label={framework.title}>
              {framework.competencies.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.title} (now {LEVEL_LABELS[c.derived.level].toLowerCase()})
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <div className="observe__practice" id="practice">
        {competency && guide ? (
          <>
            <PracticeTask guide={guide} supportLines={supportLines} headingLevel={3} />
            <PracticeRubric guide={guide} caption={`What to look for: ${competency.title}`} audience="trainer" />
            <PracticeAttribution guide={guide} />
          </>
        ) : competency ? (
          <p className="muted">“{competency.title}” has no practice task or rubric. Rate what you saw against its description.</p>
        ) : (
          <p className="muted">
            Choose a competency to see its practice task and a rubric of what to look for at each rating. Each competency
            below also has a link to record an observation of it.
          </p>
        )}
      </div>
    </>
  );
}
