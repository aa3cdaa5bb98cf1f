import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrganizationAdmin } from "~/auth/permissions.server";
import { listProgrammes } from "~/models/records/programme.server";

export const meta: MetaFunction = () => [{ title: "Programmes · Peer Support Training" }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { organization } = await requireOrganizationAdmin(context, request, params.orgSlug);
  return {
    base: `/o/${organization.slug}/admin`,
    organizationName: organization.name,
    programmes: await listProgrammes(organization.id, { includeArchived: true }),
  };
}

function requirementsText(p: { modules: number; competencies: number; requiresSignOff: boolean }): string {
  const parts = [];
  if (p.modules) parts.push(`${p.modules} ${p.modules === 1 ? "module" : "modules"}`);
  if (p.competencies) parts.push(`${p.competencies} ${p.competencies === 1 ? "competency" : "competencies"}`);
  if (p.requiresSignOff) parts.push("trainer sign-off");
  return parts.join(", ");
}

export default function ProgrammesPage() {
  const { base, organizationName, programmes } = useLoaderData<typeof loader>();
  return (
    <main id="main" className="page">
      <h1>Programmes of {organizationName}</h1>
      <p className="lead">
        A programme says what a trainee must do to get a completion record: modules to complete, competencies to reach and,
        if you want, a trainer&apos;s sign-off.
      </p>
      <p>
        <Link to={`${base}/programmes/new`} className="button">
          Define a programme
        </Link>
      </p>
      {programmes.length === 0 ? (
        <p>There are no programmes yet.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Programmes, what they require and the records issued</caption>
            <thead>
              <tr>
                <th scope="col">Programme</th>
                <th scope="col">Requires</th>
                <th scope="col">Valid for</th>
                <th scope="col">Records issued</th>
              </tr>
            </thead>
            <tbody>
              {programmes.map((p) => (
                <tr key={p.id}>
                  <th scope="row">
                    <Link to={`${base}/programmes/${p.id}`}>{p.title}</Link>
                    {p.archived ? <span className="muted"> (archived)</span> : null}
                  </th>
                  <td data-label="Requires">{requirementsText(p)}</td>
                  <td data-label="Valid for">{p.validityMonths ? `${p.validityMonths} months` : "Does not expire"}</td>
                  <td data-label="Records issued">{p.recordsIssued}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}
