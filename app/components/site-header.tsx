import { Form, Link, useLocation, useParams } from "@remix-run/react";
import { Menu } from "~/components/menu";
import type { Role } from "~/db/schema";

interface HeaderProps {
  user: { displayName: string; email: string } | null;
  organizations: { slug: string; name: string; role: Role }[];
}

export function SiteHeader({ user, organizations }: HeaderProps) {
  const { orgSlug } = useParams();
  const { pathname } = useLocation();
  const current = organizations.find((organization) => organization.slug === orgSlug);
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link to="/" className="site-name">
          Peer Support Training
        </Link>
        {user ? (
          <nav aria-label="Account and organizations" className="site-header__menus">
            {organizations.length > 0 ? (
              <Menu key={`organizations ${pathname}`} hiddenLabel="Organization: "
                label={current ? current.name : "Your organizations"}>
                {organizations.map((organization) => (
                  <li key={organization.slug}>
                    <Link
                      to={`/o/${organization.slug}`}
                      aria-current={organization.slug === orgSlug ? "page" : undefined}
                    >
                      {organization.name} <span className="menu__note">({organization.role})</span>
                    </Link>
                  </li>
                ))}
                <li>
                  <Link to="/orgs/new">Create an organization</Link>
                </li>
              </Menu>
            ) : null}
            <Menu key={`account ${pathname}`} hiddenLabel="Account: " label={user.displayName}>
              <li>
                <Link to="/account">Account settings</Link>
              </li>
              <li>
                <Form method="post" action="/signout">
                  <button type="submit" className="link-button">
                    Sign out
                  </button>
                </Form>
              </li>
            </Menu>
          </nav>
        ) : (
          <nav aria-label="Account" className="site-header__menus">
            <Link to="/signin">Sign in</Link>
            <Link to="/signup">Create an account</Link>
          </nav>
        )}
      </div>
    </header>
  );
}
