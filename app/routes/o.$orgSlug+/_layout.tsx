import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData, useLocation } from "@remix-run/react";
import { requireOrganizationMember } from "~/auth/permissions.server";
import { Menu } from "~/components/menu";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.organization.name} · Peer Support Training` : "Peer Support Training" },
];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { organization, role } = await requireOrganizationMember(context, request, params.orgSlug);
  return { organization: { slug: organization.slug, name: organization.name }, role };
}

interface Section {
  /** Below the organization's address, e.g. "/learn". */
  path: string;
  label: string;
  /** Current only on this exact address, not on the pages below it. */
  end?: boolean;
}

/** Everyone's own learning. */
const LEARNING: Section[] = [
  { path: "", label: "Home", end: true },
  { path: "/learn", label: "Modules", end: true },
  { path: "/learn/journal", label: "Journal" },
  { path: "/learn/competencies", label: "Competencies" },
  { path: "/learn/records", label: "Records" },
];

/** Running the organization: one menu, so that the bar stays on one line at desktop width and two on a phone. */
const ADMINISTRATION: Section[] = [
  { path: "/admin/members", label: "Members" },
  { path: "/admin/invitations", label: "Invitations" },
  { path: "/admin/programmes", label: "Programmes" },
  { path: "/admin/records", label: "Issued records" },
  { path: "/admin/activity", label: "Activity log" },
  { path: "/admin/mail", label: "Mail" },
  { path: "/admin/frameworks", label: "Frameworks" },
  { path: "/admin/support-lines", label: "Crisis lines" },
];

export default function OrganizationLayout() {
  const { organization, role } = useLoaderData<typeof loader>();
  const { pathname } = useLocation();
  const base = `/o/${organization.slug}`;
  const currentAdmin = ADMINISTRATION.find((section) => pathname === `${base}${section.path}` || pathname.startsWith(`${base}${section.path}/`));
  const link = (section: Section) => (
    <li key={section.path}>
      <NavLink to={`${base}${section.path}`} end={section.end}>
        {section.label}
      </NavLink>
    </li>
  );
  return (
    <div className="org-layout">
      <nav aria-label={`${organization.name} sections`} className="org-nav">
        <ul className="org-nav__group">{LEARNING.map(link)}</ul>
        {role === "admin" || role === "trainer" ? (
          <ul className="org-nav__group org-nav__group--run">
            {link({ path: "/teach", label: "Cohorts" })}
            {role === "admin" ? (
              <li>
                <Menu
                  key={`admin ${pathname}`}
                  className={currentAdmin ? "menu--nav menu--current" : "menu--nav"}
                  label={currentAdmin ? `Admin: ${currentAdmin.label}` : "Admin"}
                >
                  {ADMINISTRATION.map(link)}
                </Menu>
              </li>
            ) : null}
          </ul>
        ) : null}
      </nav>
      <Outlet />
    </div>
  );
}
