import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useForm } from "@conform-to/react";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { z } from "zod";
import { orNotFound, requireOrganizationAdmin } from "~/auth/permissions.server";
import { TextareaField } from "~/components/field";
import { ErrorSummary, SuccessNotice } from "~/components/form";
import { RecordSummaryDetails } from "~/components/record-summary";
import { RecordStatusBadge } from "~/components/record-status";
import { formatUtcDay } from "~/time-format";
import { orRefusal, parseSubmission } from "~/forms/submission.server";
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
  const parsed = await parseSubmission(request, RevokeSchema, { shownFields: ["reason"] });
  if (!parsed.ok) return parsed.refusal;
  const recordId = params.recordId ?? "";
  if (parsed.value.intent === "revoke-check") return { ...parsed.submission.reply(), confirmReason: parsed.value.reason };
  const { reason } = parsed.value;
  const revoked = await orRefusal(parsed.submission, () => revokeCompletionRecord({ organizationId: organization.id, actorId: user.id, recordId, reason }));
  if (!revoked.ok) return revoked.refusal;
  return redirect(`/o/${organization.slug}/admin/records/${recordId}?revoked=1`);
}

export default function AdminRecordPage() {
  const { base, record, verifyPath, revokedNow } = useLoaderData<typeof loader>();
  const recordPath = `${base}/records/${record.id}`;
  const result = useActionData<typeof action>();
  const confirmReason = result && "confirmReason" in result ? result.confirmReason : undefined;
  const [form, fields] = useForm<z.input<typeof RevokeSchema>>({ lastResult: result });
  const confirmRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    // The confirmation replaces the form: start the keyboard and screen reader there.
    if (confirmReason) confirmRef.current?.focus();
  }, [confirmReason, result]);
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
          <ErrorSummary errors={form.errors} />
          {confirmReason ? (
            <div className="revoke-confirm">
              <h3 tabIndex={-1} ref={confirmRef}>
                Revoke this record for good?
              </h3>
              <p>Anyone who checks it will see that it was revoked, and this reason:</p>
              <blockquote className="quoted-reason">{confirmReason}</blockquote>
              <div className="actions">
                <Form method="post">
                  <input type="hidden" name="intent" value="revoke" />
                  <input type="hidden" name="reason" value={confirmReason} />
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
            <Form method="post" id={form.id} noValidate>
              <input type="hidden" name="intent" value="revoke-check" />
              <TextareaField label="Reason (shown publicly)" meta={fields.reason} description="For example: Issued by mistake to the wrong programme."
                rows={3} maxLength={MAX_REVOKE_REASON} />
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
