import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireLearnerVisible, requireRecordIssuer } from "~/auth/permissions.server";
import { mayIssueRecords } from "~/auth/roles";
import { FormErrorSummary, SuccessNotice } from "~/components/form";
import { RecordStatusBadge, RequirementList } from "~/components/record-status";
import { formatUtcDay } from "~/time-format";
import { idField } from "~/forms/fields";
import { readForm } from "~/forms/cohort-form.server";
import { MAX_SIGN_OFF_NOTE } from "~/limits";
import { formFailure, orFormFailure, parseFormData, withUnshownFieldErrors, type FormFailure } from "~/forms/parse-form.server";
import { issueCompletionRecord } from "~/models/records/record-issuing.server";
import { findLearnerName } from "~/models/competencies/competency.server";
import { getHolderRecordsPage } from "~/models/records/holder-records.server";
import { signOffProgramme, withdrawSignOff } from "~/models/records/programme-sign-off.server";

/*
 * One trainee's completion records and where they stand for each programme,
 * for their trainers and the admins. Trainers sign off here; admins can also
 * issue from here.
 */

export const meta: MetaFunction<typeof loader> = ({ data: page }) => [
  { title: page ? `${page.learnerName}'s records · Peer Support Training` : "Records · Peer Support Training" },
];

const RecordsAction = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("sign-off"),
      programmeId: idField,
      note: z.string().max(MAX_SIGN_OFF_NOTE, `Keep the note to ${MAX_SIGN_OFF_NOTE.toLocaleString("en")} characters or fewer.`).optional().default(""),
    }),
    z.object({ intent: z.literal("withdraw-sign-off"), programmeId: idField }),
    z.object({ intent: z.literal("issue"), programmeId: idField }),
  ],
  { error: "We did not understand that request. Reload the page and try again." },
);

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { organization, role, learnerId } = await requireLearnerVisible(context, request, params.orgSlug, params.userId);
  const [{ records, progress }, learnerName] = await Promise.all([
    getHolderRecordsPage({ organizationId: organization.id, userId: learnerId }),
    findLearnerName(learnerId),
  ]);
  const url = new URL(request.url);
  return { base: `/o/${organization.slug}`, learnerId, learnerName, isAdmin: mayIssueRecords(role), records, progress, issued: url.searchParams.has("issued") };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const access = await requireLearnerVisible(context, request, params.orgSlug, params.userId);
  const { user, organization, learnerId } = access;
  const form = await readForm(request);
  if (!form) return formFailure({ formError: "We could not read the form. Reload the page and try again." });
  const parsed = parseFormData(form, RecordsAction);
  const sentFor = form.get("programmeId");
  const programmeId = typeof sentFor === "string" ? sentFor.slice(0, 16) : undefined;
  if (!parsed.ok) return data({ ...withUnshownFieldErrors(parsed.failure, ["note"]), programmeId }, { status: 400 });
  const input = parsed.data;
  const scope = { organizationId: organization.id, programmeId: input.programmeId, learnerId, actorId: user.id };
  if (input.intent === "issue") {
    requireRecordIssuer(access);
    const issued = await orFormFailure(() => issueCompletionRecord({ ...scope, organizationName: organization.name, appOrigin: context.appOrigin }));
    if (!issued.ok) return data({ ...(issued.response.data as FormFailure), programmeId }, issued.response.init ?? { status: 400 });
    return redirect(`/o/${organization.slug}/teach/trainees/${learnerId}/records?issued=1`);
  }
  const done = await orFormFailure(() => (input.intent === "sign-off" ? signOffProgramme({ ...scope, note: input.note }) : withdrawSignOff(scope)));
  if (!done.ok) return data({ ...(done.response.data as FormFailure), programmeId }, done.response.init ?? { status: 400 });
  return { done: input.intent === "sign-off" ? "Signed off. The trainee sees it on their records page." : "The sign-off is withdrawn.", programmeId };
}

type RecordsActionResult = (FormFailure & { done?: string; programmeId?: string }) | undefined;

export default function TraineeRecordsPage() {
  const { base, learnerId, learnerName, isAdmin, records, progress, issued } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as RecordsActionResult;
  const resultFor = (id: string) => (result?.programmeId === id ? result : undefined);
  const unplaced = result && !progress.some((p) => p.id === result.programmeId) ? result : undefined;
  return (
    <main id="main" className="page">
      <p>
        <Link to={`${base}/teach/trainees/${learnerId}`}>Back to {learnerName}</Link>
      </p>
      <h1>{learnerName}&apos;s completion records</h1>
      {issued ? (
        <SuccessNotice>
          <p>The record is issued. {learnerName} can download it from their records page.</p>
        </SuccessNotice>
      ) : null}
      <FormErrorSummary result={unplaced} />

      <section aria-labelledby="held-heading">
        <h2 id="held-heading">Records held</h2>
        {records.length === 0 ? (
          <p>{learnerName} has no records yet.</p>
        ) : (
          <ul className="record-list">
            {records.map((r) => (
              <li key={r.id} className="record-card">
                <h3>{r.programmeTitle}</h3>
                <p>
                  <RecordStatusBadge status={r.status} /> Issued {formatUtcDay(r.issuedAt)}.{" "}
                  {r.validUntil ? `Valid until ${formatUtcDay(r.validUntil)}.` : "Does not expire."}
                </p>
                <p>
                  {isAdmin ? (
                    <Link to={`${base}/admin/records/${r.id}`}>
                      Manage the record<span className="visually-hidden"> {r.programmeTitle}</span>
                    </Link>
                  ) : (
                    <Link to={`/verify/${r.code}`}>
                      Verification page<span className="visually-hidden"> of {r.programmeTitle}</span>
                    </Link>
                  )}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="programmes-heading">
        <h2 id="programmes-heading">Programmes</h2>
        {progress.length === 0 ? <p>There are no programmes yet.</p> : null}
        {progress.map((p) => {
          const own = resultFor(p.id);
          return (
            <article key={p.id} className="programme-progress" aria-labelledby={`programme-${p.id}`}>
              <h3 id={`programme-${p.id}`}>{p.title}</h3>
              {own?.done ? (
                <SuccessNotice>
                  <p>{own.done}</p>
                </SuccessNotice>
              ) : null}
              <FormErrorSummary result={own} />
              <p className="programme-progress__summary">
                {p.held ? "Holds a valid record." : p.eligible ? "Meets every requirement." : `Done ${p.checks.filter((c) => c.met).length} of ${p.checks.length}.`}
              </p>
              <RequirementList checks={p.checks} />
              <div className="actions">
                {p.requiresSignOff && !p.held ? (
                  p.signedOff ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="withdraw-sign-off" />
                      <input type="hidden" name="programmeId" value={p.id} />
                      <button type="submit" className="button button--secondary">
                        Withdraw the sign-off<span className="visually-hidden"> for {p.title}</span>
                      </button>
                    </Form>
                  ) : (
                    <Form method="post" className="sign-off-form">
                      <input type="hidden" name="intent" value="sign-off" />
                      <input type="hidden" name="programmeId" value={p.id} />
                      <div className="field">
                        <label htmlFor={`note-${p.id}`}>Note about the sign-off (optional)</label>
                        <textarea id={`note-${p.id}`} name="note" rows={2} maxLength={MAX_SIGN_OFF_NOTE} />
                      </div>
                      <button type="submit" className="button">
                        Sign off {learnerName} as ready<span className="visually-hidden"> for {p.title}</span>
                      </button>
                    </Form>
                  )
                ) : null}
                {isAdmin && p.eligible && !p.held ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="issue" />
                    <input type="hidden" name="programmeId" value={p.id} />
                    <button type="submit" className="button">
                      Issue the record<span className="visually-hidden"> for {p.title}</span>
                    </button>
                  </Form>
                ) : null}
              </div>
            </article>
          );
        })}
      </section>
    </main>
  );
}
