import { Form, Link, useLocation, useParams } from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";
import type { Role } from "~/db/schema";

interface HeaderProps {
  user: { displayName: string; email: string } | null;
  organizations: { slug: string; name: string; role: Role }[];
}

/**
 * A <details> drop-down. Only one is open at a time (same name); Escape or a
 * tap elsewhere closes it; a new page starts with it closed.
 */
function Menu({ label, hiddenLabel, children }: { label: string; hiddenLabel: string; children: ReactNode }) {
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    function onPointerDown(event: PointerEvent) {
      const details = ref.current;
      if (details?.open && !details.contains(event.target as Node)) details.open = false;
    }
    function onKeyDown(event: KeyboardEvent) {
      const details = ref.current;
      if (event.key !== "Escape" || !details?.open) return;
      const focusWasInside = details.contains(document.activeElement);
      details.open = false;
      if (focusWasInside) details.querySelector("summary")?.focus();
    }
    document.addEventListener("pointerdown", onPointerDown);
    document.addEventListener("keydown", onKeyDown);
    return () => {
      document.removeEventListener("pointerdown", onPointerDown);
      document.removeEventListener("keydown", onKeyDown);
    };
  }, []);
  return (
    <details className="menu" name="site-menu" ref={ref}>
      <summary>
        <span className="visually-hidden">{hiddenLabel}</span>
        <span className="menu__label">{label}</span>
      </summary>
      <ul className="menu__list">{children}</ul>
    </details>
  );
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
