import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { notFound } from "~/auth/permissions.server";
import { RecordSummaryDetails } from "~/components/record-summary";
import { RecordStatusBadge } from "~/components/record-status";
import { formatUtcDay } from "~/time-format";
import { VERIFICATION_MISS_LIMIT } from "~/limits";
import { formatVerificationCode, normalizeVerificationCode } from "~/codecs/verification-code.server";
import { verifyCode } from "~/models/records/verification.server";

/*
 * The public page of one completion record, at a stable address from its
 * code: /verify/7K3M-Q9TX-2HCR-VW8P. No account needed. Unknown codes get a
 * plain 404; an address that tries too many unknown codes waits (429).
 */

export const meta: MetaFunction<typeof loader> = ({ data: page }) => [
  { title: page?.record ? `${STATUS_HEADINGS[page.record.status]}: ${page.record.programmeTitle} · Peer Support Training` : "Check a completion record · Peer Support Training" },
  { name: "robots", content: "noindex" },
];

const STATUS_HEADINGS = {
  valid: "This record is valid",
  expired: "This record has expired",
  revoked: "This record was revoked",
} as const;

/** A refusal to wait says for how long, for programs too. */
export const headers: HeadersFunction = ({ loaderHeaders }) => {
  const retryAfter = loaderHeaders.get("Retry-After");
  const headers: Record<string, string> = {};
  if (retryAfter) headers["Retry-After"] = retryAfter;
  return headers;
};

export async function loader({ context, params }: LoaderFunctionArgs) {
  const typed = params.code ?? "";
  // One address for each record: lower case or missing dashes lead to the written form.
  const normal = normalizeVerificationCode(typed);
  if (normal && formatVerificationCode(normal) !== typed) throw redirect(`/verify/${formatVerificationCode(normal)}`, 301);
  const outcome = await verifyCode({ code: typed, address: context.clientAddress });
  if (outcome.kind === "wait") {
    return data({ record: null, waitMinutes: outcome.minutes }, { status: 429, headers: { "Retry-After": String(outcome.minutes * 60) } });
  }
  if (outcome.kind === "not-found") {
    throw notFound(
      outcome.malformed
        ? "That is not a verification code. A code has 16 letters and digits in four groups, like 7K3M-Q9TX-2HCR-VW8P."
        : "No completion record has this code. Check each character against the certificate, or ask the organization that issued it.",
    );
  }
  return { record: outcome.record, waitMinutes: 0 };
}

function WaitPage({ minutes }: { minutes: number }) {
  return (
    <main id="main" className="page narrow">
      <h1>Please wait a few minutes</h1>
      <p>
        Too many codes that do not exist were checked from your network (more than {VERIFICATION_MISS_LIMIT} in a short time).
        Please wait {minutes} {minutes === 1 ? "minute" : "minutes"} and try again.
      </p>
      <p>If you typed a code from a certificate, check each character while you wait.</p>
    </main>
  );
}

export default function VerifyRecordPage() {
  const { record, waitMinutes } = useLoaderData<typeof loader>();
  if (!record) return <WaitPage minutes={waitMinutes} />;
  const { status } = record;
  return (
    <main id="main" className="page narrow-form verify-page">
      <p className="eyebrow">Completion record check</p>
      <section className={`verdict verdict--${status}`} aria-labelledby="verdict-heading">
        <h1 id="verdict-heading">
          <span className="verdict__icon" aria-hidden="true">
            {status === "valid" ? "✓" : status === "expired" ? "!" : "✕"}
          </span>
          {STATUS_HEADINGS[status]}
        </h1>
        {status === "valid" ? (
          <p>
            {record.organizationName} issued this record to {record.holderName}. It has not been revoked
            {record.validUntil ? ` and is valid until ${formatUtcDay(record.validUntil)}` : " and does not expire"}.
          </p>
        ) : null}
        {status === "expired" && record.validUntil ? (
          <p>
            It was valid until {formatUtcDay(record.validUntil)}. {record.holderName} completed the programme, but the
            record is out of date: ask them for a newer one.
          </p>
        ) : null}
        {status === "revoked" && record.revokedAt ? (
          <>
            <p>
              <strong>
                {record.organizationName} revoked it on {formatUtcDay(record.revokedAt)}.
              </strong>{" "}
              Do not rely on it.
            </p>
            <p>Reason given: {record.revokeReason}</p>
          </>
        ) : null}
      </section>

      <dl className="facts">
        <div>
          <dt>Status</dt>
          <dd>
            <RecordStatusBadge status={status} />
          </dd>
        </div>
        <div>
          <dt>Holder</dt>
          <dd>{record.holderName}</dd>
        </div>
        <div>
          <dt>Programme</dt>
          <dd>{record.programmeTitle}</dd>
        </div>
        <div>
          <dt>Issued by</dt>
          <dd>{record.organizationName}</dd>
        </div>
        <div>
          <dt>Issued on</dt>
          <dd>{formatUtcDay(record.issuedAt)}</dd>
        </div>
        <div>
          <dt>Valid until</dt>
          <dd>{record.validUntil ? formatUtcDay(record.validUntil) : "Does not expire"}</dd>
        </div>
        {record.revokedAt ? (
          <div>
            <dt>Revoked on</dt>
            <dd>{formatUtcDay(record.revokedAt)}</dd>
          </div>
        ) : null}
        <div>
          <dt>Verification code</dt>
          <dd className="code-text">{record.code}</dd>
        </div>
      </dl>
      <p>{record.programmeDescription}</p>
      <RecordSummaryDetails summary={{ ...record, signOff: null }} />
      {record.signedOff ? <p>A trainer signed the holder off as ready.</p> : null}
      <details className="help-details">
        <summary>What was required</summary>
        <p className="criteria">{record.criteria}</p>
      </details>
      <details className="help-details">
        <summary>For software: check the signed badge</summary>
        <p>
          The holder&apos;s Open Badge (a signed .jwt file) can be checked with the organization&apos;s public keys at{" "}
          <a href={`/issuers/${record.organizationId}/jwks.json`}>/issuers/{record.organizationId}/jwks.json</a>, and whether it
          was revoked at <a href={`/issuers/${record.organizationId}/status/revocation`}>its revocation list</a>.
        </p>
      </details>
      <p>
        <Link to="/verify">Check another record</Link>
      </p>
    </main>
  );
}
