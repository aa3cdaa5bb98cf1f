import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { requireOrganizationMember } from "~/auth/permissions.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.organization.name} · Peer Support Training` : "Peer Support Training" },
];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { organization, role } = await requireOrganizationMember(context, request, params.orgSlug);
  return { organization: { slug: organization.slug, name: organization.name }, role };
}

export default function OrganizationLayout() {
  const { organization, role } = useLoaderData<typeof loader>();
  const base = `/o/${organization.slug}`;
  return (
    <div className="org-layout">
      <nav aria-label={`${organization.name} sections`} className="org-nav">
        <ul>
          <li>
            <NavLink to={base} end>
              Home
            </NavLink>
          </li>
          <li>
            <NavLink to={`${base}/learn`} end>
              Modules
            </NavLink>
          </li>
          <li>
            <NavLink to={`${base}/learn/journal`}>Journal</NavLink>
          </li>
          <li>
            <NavLink to={`${base}/learn/competencies`}>Competencies</NavLink>
          </li>
          <li><NavLink to={`${base}/learn/records`}>Records</NavLink></li>
          {role === "admin" || role === "trainer" ? (
            <li>
              <NavLink to={`${base}/teach`}>Cohorts</NavLink>
            </li>
          ) : null}
          {role === "admin" ? (
            <>
              <li>
                <NavLink to={`${base}/admin/members`}>Members</NavLink>
              </li>
              <li>
                <NavLink to={`${base}/admin/invitations`}>Invitations</NavLink>
              </li>
              <li><NavLink to={`${base}/admin/programmes`}>Programmes</NavLink></li>
              <li><NavLink to={`${base}/admin/records`}>Issued records</NavLink></li>
              <li>
                <NavLink to={`${base}/admin/activity`}>Activity log</NavLink>
              </li>
              <li>
                <NavLink to={`${base}/admin/support-lines`}>Crisis lines</NavLink>
              </li>
            </>
          ) : null}
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}
