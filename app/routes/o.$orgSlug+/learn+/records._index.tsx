import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrganizationMember } from "~/auth/permissions.server";
import { RecordStatusBadge, RequirementList } from "~/components/record-status";
import { formatUtcDay } from "~/time-format";
import { getHolderRecordsPage } from "~/models/records/holder-records.server";

export const meta: MetaFunction = () => [{ title: "Your records · Peer Support Training" }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { user, organization } = await requireOrganizationMember(context, request, params.orgSlug);
  const { records, progress } = await getHolderRecordsPage({ organizationId: organization.id, userId: user.id });
  return { base: `/o/${organization.slug}`, organizationName: organization.name, records, progress };
}

export default function LearnerRecordsPage() {
  const { base, organizationName, records, progress } = useLoaderData<typeof loader>();
  return (
    <main id="main" className="page">
      <h1>Your records</h1>
      <p className="lead">
        A completion record shows that you finished a programme with {organizationName}. Anyone you give the code to, like an
        employer, can check it online.
      </p>

      <section aria-labelledby="records-heading">
        <h2 id="records-heading">Records you hold</h2>
        {records.length === 0 ? (
          <p>You have no records yet. When you meet a programme&apos;s requirements, an admin can issue you one.</p>
        ) : (
          <>
            <ul className="record-list">
              {records.map((r) => (
                <li key={r.id} className="record-card">
                  <h3>{r.programmeTitle}</h3>
                  <p>
                    <RecordStatusBadge status={r.status} />
                  </p>
                  <p>
                    Issued {formatUtcDay(r.issuedAt)}. {r.validUntil ? `Valid until ${formatUtcDay(r.validUntil)}.` : "Does not expire."}
                  </p>
                  {r.status === "revoked" ? (
                    <p>
                      Revoked {r.revokedAt ? formatUtcDay(r.revokedAt) : ""}. Reason: {r.revokeReason}
                    </p>
                  ) : null}
                  <p>
                    Verification code: <span className="code-text">{r.code}</span>
                  </p>
                  <ul className="inline-list">
                    <li>
                      <Link to={`/verify/${r.code}`}>
                        See what an employer sees<span className="visually-hidden"> for {r.programmeTitle}</span>
                      </Link>
                    </li>
                    {r.status === "revoked" ? null : (
                      <>
                        <li>
                          <a href={`${base}/learn/records/${r.id}/pdf`} download>
                            Certificate (PDF)<span className="visually-hidden"> for {r.programmeTitle}</span>
                          </a>
                        </li>
                        <li>
                          <a href={`${base}/learn/records/${r.id}/json`} download>
                            Open Badge (.json)<span className="visually-hidden"> for {r.programmeTitle}</span>
                          </a>
                        </li>
                        <li>
                          <a href={`${base}/learn/records/${r.id}/jwt`} download>
                            Signed badge (.jwt)<span className="visually-hidden"> for {r.programmeTitle}</span>
                          </a>
                        </li>
                    </>
                  )}
                </ul>
              </li>
            ))}
          </ul>
          <details className="help-details">
            <summary>What are the .json and .jwt files?</summary>
            <p>
              They are your record as an Open Badge, a standard many badge wallets and job sites read. The .jwt file is signed by{" "}
              {organizationName}, so anyone can check that nobody changed it. Keep them with your certificate.
            </p>
          </details>
          </>
        )}
      </section>

      <section aria-labelledby="programmes-heading">
        <h2 id="programmes-heading">Programmes and what you still need</h2>
        {progress.length === 0 ? <p>{organizationName} has no programmes yet.</p> : null}
        {progress.map((p) => (
          <article key={p.id} className="programme-progress" aria-labelledby={`programme-${p.id}`}>
            <h3 id={`programme-${p.id}`}>{p.title}</h3>
            <p>{p.description}</p>
            <p className="programme-progress__summary">
              {p.held
                ? "You hold a valid record for this programme."
                : p.eligible
                  ? "You meet every requirement. An admin can now issue your record."
                  : `Done ${p.checks.filter((c) => c.met).length} of ${p.checks.length}.`}
            </p>
            <RequirementList checks={p.checks} />
          </article>
        ))}
      </section>
    </main>
  );
}
