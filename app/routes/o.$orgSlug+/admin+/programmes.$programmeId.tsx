import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { notFound, requireOrganizationAdmin, viewerOf } from "~/auth/permissions.server";
import { FormErrorSummary, SuccessNotice } from "~/components/form";
import { DomainError } from "~/domain-error";
import { chosenIdField, idField } from "~/forms/fields";
import { isId } from "~/ids";
import { formFailure, orFormFailure, parseForm, withUnshownFieldErrors, type FormFailure } from "~/forms/parse-form.server";
import { listCohortsForViewer } from "~/models/cohorts/cohort.server";
import { issueCompletionRecord, issueToCohort, type CohortIssueOutcome } from "~/models/records/record-issuing.server";
import { LEVEL_LABELS } from "~/models/competencies/competency-level";
import { listProgrammeCandidates } from "~/models/records/eligibility.server";
import { getProgramme, setProgrammeArchived } from "~/models/records/programme.server";

export const meta: MetaFunction<typeof loader> = ({ data: page }) => [
  { title: page ? `${page.programme.title} · Programmes · Peer Support Training` : "Programme · Peer Support Training" },
];

const ProgrammeAction = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("issue"), userId: idField }),
    z.object({ intent: z.literal("issue-cohort"), cohortId: chosenIdField("Choose a cohort.", "Choose a cohort from the list.") }),
    z.object({ intent: z.literal("archive") }),
    z.object({ intent: z.literal("restore") }),
  ],
  { error: "We did not understand that request. Reload the page and try again." },
);

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const access = await requireOrganizationAdmin(context, request, params.orgSlug);
  const { organization } = access;
  let programme;
  try {
    programme = await getProgramme(organization.id, params.programmeId ?? "");
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) throw notFound(error.message);
    throw error;
  }
  const url = new URL(request.url);
  const cohorts = await listCohortsForViewer(viewerOf(access));
  const cohortParam = url.searchParams.get("cohort") ?? "";
  const cohortId = cohorts.some((c) => c.id === cohortParam) ? cohortParam : "";
  return {
    base: `/o/${organization.slug}`,
    programme,
    cohorts: cohorts.map((c) => ({ id: c.id, name: c.name })),
    cohortId,
    candidates: await listProgrammeCandidates({ organizationId: organization.id, programme, cohortId: cohortId || undefined }),
    notice: url.searchParams.has("created")
      ? "The programme is saved."
      : url.searchParams.has("changed")
        ? "Your changes are saved. They apply to records issued from now on."
        : null,
    issuedRecordId: isId(url.searchParams.get("issued")) ? url.searchParams.get("issued") : null,
  };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const { user, organization } = await requireOrganizationAdmin(context, request, params.orgSlug);
  const parsed = await parseForm(request, ProgrammeAction);
  if (!parsed.ok) return formFailure(withUnshownFieldErrors(parsed.failure, []));
  const form = parsed.data;
  const programmeId = params.programmeId ?? "";
  const actor = { organizationId: organization.id, organizationName: organization.name, actorId: user.id, programmeId, appOrigin: context.appOrigin };
  if (form.intent === "issue") {
    const issued = await orFormFailure(() => issueCompletionRecord({ ...actor, learnerId: form.userId }));
    if (!issued.ok) return issued.response;
    return redirect(`/o/${organization.slug}/admin/programmes/${programmeId}?issued=${issued.value.id}`);
  }
  if (form.intent === "issue-cohort") {
    const outcome = await orFormFailure(() => issueToCohort({ ...actor, cohortId: form.cohortId }));
    if (!outcome.ok) return outcome.response;
    return { outcome: outcome.value };
  }
  const changed = await orFormFailure(() => setProgrammeArchived({ organizationId: organization.id, actorId: user.id, programmeId }, form.intent === "archive"));
  if (!changed.ok) return changed.response;
  return data({ done: form.intent === "archive" ? "The programme is archived. It issues no new records." : "The programme is back in use." });
}

type ProgrammeActionResult = (FormFailure & { done?: string; outcome?: CohortIssueOutcome }) | undefined;

function CohortOutcome({ outcome }: { outcome: CohortIssueOutcome }) {
  const { issued, alreadyHeld, notEligible } = outcome;
  return (
    <div className={issued.length > 0 ? "notice notice--success" : "notice notice--info"} role="status">
      <p>
        <strong>
          {issued.length === 0 ? "No records were issued." : `Issued ${issued.length} ${issued.length === 1 ? "record" : "records"}.`}
        </strong>
      </p>
      {issued.length > 0 ? (
        <ul>
          {issued.map((person) => (
            <li key={person.code}>
              {person.name}: code {person.code}
            </li>
          ))}
        </ul>
      ) : null}
      {alreadyHeld.length > 0 ? <p>Already hold a valid record: {alreadyHeld.map((p) => p.name).join(", ")}.</p> : null}
      {notEligible.length > 0 ? (
        <>
          <p>Not issued, because something is still missing:</p>
          <ul>
            {notEligible.map((person) => (
              <li key={person.name}>
                {person.name}: {person.missing}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

export default function ProgrammePage() {
  const { base, programme, cohorts, cohortId, candidates, notice, issuedRecordId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ProgrammeActionResult;
  const archived = programme.archivedAt !== null;
  const eligibleCount = candidates.filter((c) => c.eligible && !c.currentRecordId).length;
  return (
    <main id="main" className="page">
      <p className="eyebrow">
        <Link to={`${base}/admin/programmes`}>Programmes</Link>
      </p>
      <h1>{programme.title}</h1>
      {archived ? <p className="notice notice--info">This programme is archived: it issues no new records.</p> : null}
      {notice ? (
        <SuccessNotice>
          <p>{notice}</p>
        </SuccessNotice>
      ) : null}
      {/* The banner of an earlier single issue (in the address) gives way to whatever the latest form answered. */}
      {issuedRecordId && !result ? (
        <SuccessNotice>
          <p>
            The record is issued. <Link to={`${base}/admin/records/${issuedRecordId}`}>See the record</Link>.
          </p>
        </SuccessNotice>
      ) : null}
      {result?.done ? (
        <SuccessNotice>
          <p>{result.done}</p>
        </SuccessNotice>
      ) : null}
      {result?.outcome ? <CohortOutcome outcome={result.outcome} /> : null}
      <FormErrorSummary result={result} />

      <p>{programme.description}</p>
      <section aria-labelledby="requirements-heading">
        <h2 id="requirements-heading">What a trainee must do</h2>
        {programme.modules.length > 0 ? (
          <>
            <h3>Complete these modules</h3>
            <ul>
              {programme.modules.map((m) => (
                <li key={m.slug}>
                  {m.title}
                  {m.available ? null : <strong> (no longer offered: change the programme)</strong>}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {programme.competencies.length > 0 ? (
          <>
            <h3>Reach these competency levels</h3>
            <ul>
              {programme.competencies.map((c) => (
                <li key={c.id}>
                  {c.title} <span className="muted">({c.code})</span>: at least {LEVEL_LABELS[c.minLevel]}
                  {c.retired ? <strong> (retired from its framework)</strong> : null}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {programme.requiresSignOff ? <p>A trainer signs the trainee off as ready.</p> : null}
        <p>{programme.validityMonths ? `Records are valid for ${programme.validityMonths} months.` : "Records do not expire."}</p>
        <div className="actions">
          {archived ? null : (
            <Link to={`${base}/admin/programmes/${programme.id}/edit`} className="button button--secondary">
              Change the programme
            </Link>
          )}
          <Form method="post">
            <input type="hidden" name="intent" value={archived ? "restore" : "archive"} />
            <button type="submit" className="button button--secondary">
              {archived ? "Bring the programme back" : "Archive the programme"}
            </button>
          </Form>
        </div>
      </section>

      {archived ? null : (
        <section aria-labelledby="issue-heading">
          <h2 id="issue-heading">Issue records</h2>
          {cohorts.length > 0 ? (
            <Form method="post" className="issue-cohort">
              <input type="hidden" name="intent" value="issue-cohort" />
              <div className="field">
                <label htmlFor="issue-cohort">Issue to every eligible trainee of a cohort</label>
                <p className="field__hint" id="issue-cohort-hint">
                  Trainees who still miss something are left out, and you see why.
                </p>
                <div className="inline-form">
                  <select id="issue-cohort" name="cohortId" defaultValue={cohortId} aria-describedby="issue-cohort-hint">
                    {cohorts.map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.name}
                      </option>
                    ))}
                  </select>
                  <button type="submit" className="button">
                    Issue to this cohort
                  </button>
                </div>
              </div>
            </Form>
          ) : null}

          <h3 id="trainees-heading">{cohortId ? `Trainees of ${cohorts.find((c) => c.id === cohortId)?.name}` : "All trainees"}</h3>
          {cohorts.length > 0 ? (
            <Form method="get" className="inline-form filter-form">
              <label htmlFor="show-cohort">Show</label>
              <select id="show-cohort" name="cohort" defaultValue={cohortId}>
                <option value="">All trainees</option>
                {cohorts.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
              <button type="submit" className="button button--secondary button--small">
                Show
              </button>
            </Form>
          ) : null}
          <p>
            {eligibleCount === 0
              ? "Nobody in this list can get a record yet."
              : `${eligibleCount} ${eligibleCount === 1 ? "trainee can" : "trainees can"} get a record now.`}
          </p>
          {candidates.length === 0 ? (
            <p>There are no trainees here yet.</p>
          ) : (
            <div className="table-wrap">
              <table aria-labelledby="trainees-heading">
                <thead>
                  <tr>
                    <th scope="col">Trainee</th>
                    <th scope="col">Where they stand</th>
                    <th scope="col">Action</th>
                  </tr>
                </thead>
                <tbody>
                  {candidates.map((person) => (
                    <tr key={person.id}>
                      <th scope="row">{person.name}</th>
                      <td data-label="Where they stand">
                        {person.currentRecordId ? (
                          <span className="requirement-summary requirement-summary--done">Holds a valid record</span>
                        ) : person.eligible ? (
                          <span className="requirement-summary requirement-summary--done">Meets every requirement</span>
                        ) : (
                          <span className="requirement-summary">Still missing: {person.missing.join("; ")}</span>
                        )}
                      </td>
                      <td data-label="Action">
                        {person.currentRecordId ? (
                          <Link to={`${base}/admin/records/${person.currentRecordId}`}>
                            See the record<span className="visually-hidden"> of {person.name}</span>
                          </Link>
                        ) : person.eligible ? (
                          <Form method="post">
                            <input type="hidden" name="intent" value="issue" />
                            <input type="hidden" name="userId" value={person.id} />
                            <button type="submit" className="button button--small">
                              Issue record<span className="visually-hidden"> to {person.name}</span>
                            </button>
                          </Form>
                        ) : (
                          <Link to={`${base}/teach/trainees/${person.id}/records`}>
                            Details<span className="visually-hidden"> for {person.name}</span>
                          </Link>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </main>
  );
}
