import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireOrganizationAdmin } from "~/auth/permissions.server";
import { Time, useTimeZone } from "~/components/time";
import { listAuditEntries } from "~/models/organizations/audit.server";
import { timeZoneShortName } from "~/time-format";

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { organization } = await requireOrganizationAdmin(context, request, params.orgSlug);
  return { organizationName: organization.name, entries: await listAuditEntries(organization.id) };
}

function describe(data: Record<string, unknown>): string {
  return Object.entries(data)
    .map(([key, value]) => `${key}: ${String(value)}`)
    .join(", ");
}

export default function ActivityPage() {
  const { entries, organizationName } = useLoaderData<typeof loader>();
  const when = `When (${timeZoneShortName(useTimeZone())})`;
  return (
    <main id="main" className="page">
      <h1>Activity log of {organizationName}</h1>
      <p>
        Every invitation, role change and removal, and every change to who is in a cohort or trains it, newest first. Entries cannot
        be edited or deleted.
      </p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{when}</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td data-label={when} className="nowrap">
                  <Time value={entry.at} show="date-time" />
                </td>
                <td data-label="Who">{entry.actor_name ?? "(deleted account)"}</td>
                <th scope="row" data-label="What">{entry.label}</th>
                <td data-label="Details">{describe(entry.data)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </main>
  );
}
