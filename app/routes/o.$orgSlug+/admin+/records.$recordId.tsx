import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { z } from "zod";
import { orNotFound, requireOrganizationAdmin } from "~/auth/permissions.server";
import { FormErrorSummary, SuccessNotice, type ActionResult } from "~/components/form";
import { RecordSummaryDetails } from "~/components/record-summary";
import { RecordStatusBadge } from "~/components/record-status";
import { formatUtcDay } from "~/time-format";
import { readForm } from "~/forms/cohort-form.server";
import { formFailure, orFormFailure, parseFormData, withUnshownFieldErrors, type FormFailure } from "~/forms/parse-form.server";
import { MAX_REVOKE_REASON } from "~/limits";
import { getCompletionRecord } from "~/models/records/record-listing.server";
import { revokeCompletionRecord } from "~/models/records/record-issuing.server";

export const meta: MetaFunction<typeof loader> = ({ data: page }) => [
  { title: page ? `Record of ${page.record.holderName} · Peer Support Training` : "Record · Peer Support Training" },
];

/**
 * Revoking takes two steps that work without JavaScript: "check" shows the
 * reason back with a confirmation button, which sends "revoke".
 */
const RevokeSchema = z.object({
  intent: z.enum(["revoke-check", "revoke"], { error: "We did not understand that request. Reload the page and try again." }),
  reason: z
    .string({ error: "Write the reason for revoking." })
    .trim()
    .min(3, "Write the reason for revoking. The verification page shows it to anyone who checks the record.")
    .max(MAX_REVOKE_REASON, `Keep the reason to ${MAX_REVOKE_REASON} characters or fewer.`),
});

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { organization } = await requireOrganizationAdmin(context, request, params.orgSlug);
  const record = await orNotFound(() => getCompletionRecord(organization.id, params.recordId ?? ""));
  const { credential: _credential, credentialJwt: _jwt, ...shown } = record;
  return {
    base: `/o/${organization.slug}/admin`,
    record: shown,
    verifyPath: `/verify/${record.code}`,
    revokedNow: new URL(request.url).searchParams.has("revoked"),
  };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const { user, organization } = await requireOrganizationAdmin(context, request, params.orgSlug);
  const form = await readForm(request);
  if (!form) return formFailure({ formError: "We could not read the form. Reload the page and try again." });
  const reason = form.get("reason");
  const values = { reason: typeof reason === "string" ? reason.slice(0, MAX_REVOKE_REASON * 2) : "" };
  const parsed = parseFormData(form, RevokeSchema);
  if (!parsed.ok) return data({ ...withUnshownFieldErrors(parsed.failure, ["reason"]), values }, { status: 400 });
  const recordId = params.recordId ?? "";
  if (parsed.data.intent === "revoke-check") return { confirmReason: parsed.data.reason };
  const revoked = await orFormFailure(() => revokeCompletionRecord({ organizationId: organization.id, actorId: user.id, recordId, reason: parsed.data.reason }));
  if (!revoked.ok) return data({ ...(revoked.response.data as FormFailure), values }, revoked.response.init ?? { status: 400 });
  return redirect(`/o/${organization.slug}/admin/records/${recordId}?revoked=1`);
}

export default function AdminRecordPage() {
  const { base, record, verifyPath, revokedNow } = useLoaderData<typeof loader>();
  const recordPath = `${base}/records/${record.id}`;
  const result = useActionData<typeof action>() as (ActionResult & { values?: { reason: string }; confirmReason?: string }) | undefined;
  const errors = result?.fieldErrors ?? {};
  const confirmRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    // The confirmation replaces the form: start the keyboard and screen reader there.
    if (result?.confirmReason) confirmRef.current?.focus();
  }, [result]);
  return (
    <main id="main" className="page narrow-form">
      <p className="eyebrow">
        <Link to={`${base}/records`}>Issued records</Link>
      </p>
      <h1>
        {record.programmeTitle}: {record.holderName}
      </h1>
      {revokedNow ? (
        <SuccessNotice>
          <p>The record is revoked. The verification page and the revocation list now say so.</p>
        </SuccessNotice>
      ) : null}
      <p className="record-status-line">
        Status: <RecordStatusBadge status={record.status} />
      </p>
      <dl className="facts">
        <div>
          <dt>Issued</dt>
          <dd>
            {formatUtcDay(record.issuedAt)} by {record.issuedByName}
          </dd>
        </div>
        <div>
          <dt>Valid until</dt>
          <dd>{record.validUntil ? formatUtcDay(record.validUntil) : "Does not expire"}</dd>
        </div>
        {record.revokedAt ? (
          <div>
            <dt>Revoked</dt>
            <dd>
              {formatUtcDay(record.revokedAt)} by {record.revokedByName ?? "an admin"}. Reason: {record.revokeReason}
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Verification code</dt>
          <dd>
            <span className="code-text">{record.code}</span> (<Link to={verifyPath}>public verification page</Link>)
          </dd>
        </div>
      </dl>
      <RecordSummaryDetails summary={record.summary} />
      {record.status === "revoked" ? null : (
        <section aria-labelledby="files-heading">
          <h2 id="files-heading">Download the record</h2>
          <p>The same files the trainee downloads from their Records page.</p>
          <ul className="record-downloads">
            <li>
              <a href={`${recordPath}/pdf`} download>
                Certificate (.pdf)
              </a>
            </li>
            <li>
              <a href={`${recordPath}/json`} download>
                Open Badge (.json)
              </a>
            </li>
            <li>
              <a href={`${recordPath}/jwt`} download>
                Signed badge (.jwt)
              </a>
            </li>
          </ul>
        </section>
      )}

      {record.status === "revoked" ? (
        <p>
          To give {record.holderName} a corrected record, issue a new one from the{" "}
          <Link to={`${base}/programmes/${record.programmeId}`}>programme&apos;s page</Link>.
        </p>
      ) : (
        <section aria-labelledby="revoke-heading" className="danger-zone">
          <h2 id="revoke-heading">Revoke this record</h2>
          <p>
            Revoking cannot be undone. Anyone who checks the record then sees that it was revoked, when, and your reason. To
            correct a record, revoke it and issue a new one.
          </p>
          <FormErrorSummary result={result} />
          {result?.confirmReason ? (
            <div className="revoke-confirm">
              <h3 tabIndex={-1} ref={confirmRef}>
                Revoke this record for good?
              </h3>
              <p>Anyone who checks it will see that it was revoked, and this reason:</p>
              <blockquote className="quoted-reason">{result.confirmReason}</blockquote>
              <div className="actions">
                <Form method="post">
                  <input type="hidden" name="intent" value="revoke" />
                  <input type="hidden" name="reason" value={result.confirmReason} />
                  <button type="submit" className="button button--danger">
                    Yes, revoke the record
                  </button>
                </Form>
                <Link to={recordPath} className="button button--secondary">
                  No, keep it valid
                </Link>
              </div>
            </div>
          ) : (
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="revoke-check" />
              <div className={errors.reason ? "field field--error" : "field"}>
                <label htmlFor="field-reason">Reason (shown publicly)</label>
                <p className="field__hint" id="field-reason-hint">
                  For example: Issued by mistake to the wrong programme.
                </p>
                {errors.reason ? (
                  <p className="field__error" id="field-reason-error">
                    {errors.reason}
                  </p>
                ) : null}
                <textarea id="field-reason" name="reason" rows={3} maxLength={MAX_REVOKE_REASON} defaultValue={result?.values?.reason}
                  aria-invalid={errors.reason ? true : undefined}
                  aria-describedby={["field-reason-hint", errors.reason ? "field-reason-error" : null].filter(Boolean).join(" ")} />
              </div>
              <button type="submit" className="button button--danger">
                Revoke the record
              </button>
            </Form>
          )}
        </section>
      )}
    </main>
  );
}
