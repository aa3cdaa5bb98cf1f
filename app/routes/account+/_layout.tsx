import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { requireUser } from "~/auth/permissions.server";

export const meta: MetaFunction = () => [{ title: "Account settings · Peer Support Training" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  requireUser(context, request);
  return null;
}

const sections = [
  { to: "/account", label: "Your name", end: true },
  { to: "/account/email", label: "Email address", end: false },
  { to: "/account/password", label: "Password", end: false },
  { to: "/account/time-zone", label: "Time zone", end: false },
  { to: "/account/sessions", label: "Signed-in devices", end: false },
];

export default function AccountLayout() {
  return (
    <main id="main" className="page">
      <h1>Account settings</h1>
      <nav aria-label="Account settings" className="subnav">
        <ul>
          {sections.map((section) => (
            <li key={section.to}>
              <NavLink to={section.to} end={section.end}>
                {section.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </main>
  );
}
