import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect, useRef, type MouseEvent, type ReactNode } from "react";
import { getOptionalUser } from "~/auth/permissions.server";
import { useNonce } from "~/components/nonce";
import { SiteHeader } from "~/components/site-header";
import { TimeZoneDetector, TimeZoneNote } from "~/components/time";
import { listOrganizationsOfUser } from "~/models/organizations/organization.server";
import { findTimeZoneOfUser } from "~/models/accounts/user.server";
import { DEFAULT_TIME_ZONE } from "~/time-format";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: "/app.css" },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Peer Support Training" }];

export async function loader({ context }: LoaderFunctionArgs) {
  const user = getOptionalUser(context);
  if (!user) return { user: null, organizations: [], timeZone: DEFAULT_TIME_ZONE, timeZoneKnown: false };
  const [organizations, timeZone] = await Promise.all([listOrganizationsOfUser(user.id), findTimeZoneOfUser(user.id)]);
  return {
    user: { displayName: user.displayName, email: user.email },
    organizations,
    // Every time on every page is written in this zone, on the server and again in the browser (decision 024).
    timeZone: timeZone ?? DEFAULT_TIME_ZONE,
    timeZoneKnown: timeZone !== null,
  };
}

/** Moves keyboard and screen reader focus to the page's main content. */
function focusMain(options?: FocusOptions): boolean {
  const main = document.getElementById("main");
  if (!main) return false;
  main.setAttribute("tabindex", "-1");
  main.focus(options);
  return true;
}

/**
 * The skip link focuses <main> itself: following "#main" alone would only
 * scroll, leaving focus where it was for screen readers.
 */
function skipToMain(event: MouseEvent<HTMLAnchorElement>) {
  if (focusMain()) event.preventDefault();
}

/**
 * After the app moves to another page without a full load, focus would stay
 * on the link or button that was used (or fall to the body if it went away).
 * Start the new page at its main content, as a full page load would.
 */
function useFocusMainOnNavigation() {
  const { pathname } = useLocation();
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    focusMain({ preventScroll: true });
  }, [pathname]);
}

/**
 * Marks the page once React has taken it over (`<html data-hydrated>`), so
 * browser tests can tell a page that works from one whose scripts failed.
 */
function useHydratedMarker() {
  useEffect(() => {
    document.documentElement.setAttribute("data-hydrated", "");
  }, []);
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const data = useRouteLoaderData<typeof loader>("root");
  useFocusMainOnNavigation();
  useHydratedMarker();
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main" onClick={skipToMain}>
          Skip to main content
        </a>
        <SiteHeader user={data?.user ?? null} organizations={data?.organizations ?? []} />
        {children}
        {data?.user ? (
          <>
            <TimeZoneNote />
            <TimeZoneDetector />
          </>
        ) : null}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  let title = "Something went wrong on our side";
  let message = "Please try again in a moment. If it keeps happening, tell your organization's admin.";
  if (isRouteErrorResponse(error)) {
    // The router's own 404 ("No route matches URL …") is for developers, not for people.
    const fromRouter = (error as { internal?: boolean }).internal === true;
    if (error.status === 404) {
      title = "Page not found";
      message =
        typeof error.data === "string" && error.data && !fromRouter
          ? error.data
          : "We could not find that page. Check the address, or start again from the start page.";
    } else if (error.status === 403) {
      title = "You do not have access to this page";
      message = typeof error.data === "string" && error.data ? error.data : "Your role does not allow this.";
    } else if (error.status < 500) {
      title = "We could not do that";
      message = typeof error.data === "string" ? error.data : message;
    }
  }
  return (
    <main id="main" className="page narrow" tabIndex={-1}>
      <h1>{title}</h1>
      <p>{message}</p>
      <p>
        <a href="/">Go to the start page</a>
      </p>
    </main>
  );
}
