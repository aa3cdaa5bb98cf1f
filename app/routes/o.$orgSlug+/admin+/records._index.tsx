import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireOrganizationAdmin, viewerOf } from "~/auth/permissions.server";
import { RecordStatusBadge } from "~/components/record-status";
import { formatUtcDay } from "~/time-format";
import { recordFiltersFrom } from "~/forms/record-filters";
import { listCohortsForViewer } from "~/models/cohorts/cohort.server";
import { listCompletionRecords } from "~/models/records/record-listing.server";
import { listProgrammes } from "~/models/records/programme.server";

export const meta: MetaFunction = () => [{ title: "Issued records · Peer Support Training" }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const access = await requireOrganizationAdmin(context, request, params.orgSlug);
  const { organization } = access;
  const url = new URL(request.url);
  const filters = recordFiltersFrom(url.searchParams);
  const [records, programmes, cohorts] = await Promise.all([
    listCompletionRecords(organization.id, filters),
    listProgrammes(organization.id, { includeArchived: true }),
    listCohortsForViewer(viewerOf(access)),
  ]);
  return {
    base: `/o/${organization.slug}/admin`,
    organizationName: organization.name,
    records,
    filters: { programme: filters.programmeId ?? "", cohort: filters.cohortId ?? "", status: filters.status ?? "" },
    query: url.search,
    programmes: programmes.map((p) => ({ id: p.id, title: p.title })),
    cohorts: cohorts.map((c) => ({ id: c.id, name: c.name })),
  };
}

export default function RecordsPage() {
  const { base, organizationName, records, filters, query, programmes, cohorts } = useLoaderData<typeof loader>();
  const filtered = filters.programme || filters.cohort || filters.status;
  return (
    <main id="main" className="page">
      <h1>Records issued by {organizationName}</h1>
      <p>
        Every completion record, newest first. Records are never changed: to correct one, revoke it and issue a new one from
        its <Link to={`${base}/programmes`}>programme</Link>.
      </p>
      <Form method="get" className="matrix-filter" aria-label="Filter records">
        <div className="field">
          <label htmlFor="filter-programme">Programme</label>
          <select id="filter-programme" name="programme" defaultValue={filters.programme}>
            <option value="">Any programme</option>
            {programmes.map((p) => (
              <option key={p.id} value={p.id}>
                {p.title}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-cohort">Cohort</label>
          <select id="filter-cohort" name="cohort" defaultValue={filters.cohort}>
            <option value="">Any cohort</option>
            {cohorts.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-status">Status</label>
          <select id="filter-status" name="status" defaultValue={filters.status}>
            <option value="">Any status</option>
            <option value="valid">Valid</option>
            <option value="expired">Expired</option>
            <option value="revoked">Revoked</option>
          </select>
        </div>
        <div className="matrix-filter__actions">
          <button type="submit" className="button button--secondary">
            Show records
          </button>
          {filtered ? (
            <Link to={`${base}/records`} className="button button--secondary">
              Clear filters
            </Link>
          ) : null}
        </div>
      </Form>
      <p className="matrix-count" role="status">
        {records.length === 0 ? "No records match." : `${records.length} ${records.length === 1 ? "record" : "records"}`}
      </p>
      <p>
        <a href={`${base}/records.csv${query}`} download>
          Download these records as CSV
        </a>
      </p>
      {records.length > 0 ? (
        <div className="table-wrap">
          {/* On a phone CSS shows each row as a card; the roles keep it a table for screen readers, which Safari would otherwise lose. */}
          {/* eslint-disable jsx-a11y/no-redundant-roles, jsx-a11y/no-interactive-element-to-noninteractive-role -- see above */}
          <table className="records-table table--stacks" role="table">
            <caption className="visually-hidden">Completion records</caption>
            <thead role="rowgroup">
              <tr role="row">
                <th scope="col" role="columnheader">Holder</th>
                <th scope="col" role="columnheader">Programme</th>
                <th scope="col" role="columnheader">Issued</th>
                <th scope="col" role="columnheader">Valid until</th>
                <th scope="col" role="columnheader">Status</th>
              </tr>
            </thead>
            <tbody role="rowgroup">
              {records.map((r) => (
                <tr key={r.id} role="row">
                  <th scope="row" role="rowheader">
                    <Link to={`${base}/records/${r.id}`} className="records-table__holder">
                      {r.holderName}
                      <span className="visually-hidden">: {r.programmeTitle}, issued {formatUtcDay(r.issuedAt)}</span>
                    </Link>
                  </th>
                  <td role="cell" data-label="Programme">{r.programmeTitle}</td>
                  <td role="cell" data-label="Issued" className="records-table__date">
                    {formatUtcDay(r.issuedAt)}
                  </td>
                  <td role="cell" data-label="Valid until" className="records-table__date">
                    {r.validUntil ? formatUtcDay(r.validUntil) : "Does not expire"}
                  </td>
                  <td role="cell" data-label="Status">
                    <RecordStatusBadge status={r.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {/* eslint-enable jsx-a11y/no-redundant-roles, jsx-a11y/no-interactive-element-to-noninteractive-role */}
        </div>
      ) : null}
    </main>
  );
}
