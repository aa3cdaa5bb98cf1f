import { redirect } from "@remix-run/node";
import type { AppLoadContext } from "@remix-run/node";
import type { AuthUser } from "~/auth/lucia.server";
import type { Role } from "~/db/schema";
import { DomainError } from "~/domain-error";
import { canManageCohort, canSeeLearner } from "~/models/cohorts/cohort-access.server";
import { findOrganizationMembership, type OrganizationMembership } from "~/models/organizations/organization.server";

/**
 * The one place that decides who may see what. Every loader and action calls
 * one of these before it touches data.
 *
 * - not signed in: redirect to sign-in (then back)
 * - another organization's data, or an organization that does not exist: 404,
 *   the same answer in both cases so nothing leaks about what exists
 * - a member without the needed role: 403
 */
export function requireUser(context: AppLoadContext, request: Request): AuthUser {
  if (context.auth) return context.auth.user;
  const url = new URL(request.url);
  const redirectTo = url.pathname + url.search;
  throw redirect(`/signin?${new URLSearchParams({ redirectTo })}`);
}

export function getOptionalUser(context: AppLoadContext): AuthUser | null {
  return context.auth?.user ?? null;
}

export function notFound(message = "We could not find that page."): Response {
  return new Response(message, { status: 404, statusText: "Not Found" });
}

/** Runs a lookup whose refusal for an id outside the caller's reach is a DomainError 404, and answers that with the 404 page. */
export async function orNotFound<T>(lookup: () => Promise<T>): Promise<T> {
  try {
    return await lookup();
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) throw notFound(error.message);
    throw error;
  }
}

export function forbidden(message = "Your role in this organization does not allow this."): Response {
  return new Response(message, { status: 403, statusText: "Forbidden" });
}

export interface OrganizationAccess {
  user: AuthUser;
  organization: OrganizationMembership;
  role: Role;
}

export async function requireOrganizationMember(
  context: AppLoadContext,
  request: Request,
  organizationSlug: string | undefined,
): Promise<OrganizationAccess> {
  const user = requireUser(context, request);
  const membership = organizationSlug ? await findOrganizationMembership(user.id, organizationSlug) : undefined;
  if (!membership) throw notFound();
  return { user, organization: membership, role: membership.role };
}

export async function requireOrganizationRole(
  context: AppLoadContext,
  request: Request,
  organizationSlug: string | undefined,
  allowed: readonly Role[],
): Promise<OrganizationAccess> {
  const access = await requireOrganizationMember(context, request, organizationSlug);
  if (!allowed.includes(access.role)) throw forbidden();
  return access;
}

export const requireOrganizationAdmin = (context: AppLoadContext, request: Request, slug: string | undefined) =>
  requireOrganizationRole(context, request, slug, ["admin"]);

/**
 * A trainer (of a shared cohort) or an admin looking at one trainee's
 * learning. Anyone else, and any id outside the organization, gets 404.
 */
export async function requireLearnerVisible(
  context: AppLoadContext,
  request: Request,
  organizationSlug: string | undefined,
  learnerId: string | undefined,
): Promise<OrganizationAccess & { learnerId: string }> {
  const access = await requireOrganizationRole(context, request, organizationSlug, ["admin", "trainer"]);
  const visible =
    typeof learnerId === "string" &&
    (await canSeeLearner({
      organizationId: access.organization.id,
      viewerId: access.user.id,
      viewerRole: access.role,
      learnerId,
    }));
  if (!visible) throw notFound("We could not find that trainee among the people you support.");
  return { ...access, learnerId: learnerId! };
}

/**
 * Who may grant a trainee extra attempts and time: a trainer of a cohort the
 * trainee is in, or an admin. The same reach as seeing their learning; the
 * model refuses a grant to oneself.
 */
export const requireAccommodationGranter = requireLearnerVisible;

/** The cohort's trainers and the organization's admins; 404 for anyone else or another organization's cohort. */
export async function requireCohortManager(
  context: AppLoadContext,
  request: Request,
  organizationSlug: string | undefined,
  cohortId: string | undefined,
): Promise<OrganizationAccess & { cohortId: string }> {
  const access = await requireOrganizationRole(context, request, organizationSlug, ["admin", "trainer"]);
  const allowed =
    typeof cohortId === "string" &&
    (await canManageCohort({ organizationId: access.organization.id, viewerId: access.user.id, viewerRole: access.role, cohortId }));
  if (!allowed) throw notFound("We could not find that cohort.");
  return { ...access, cohortId: cohortId! };
}

/** A path of this site: one "/" and then anything but a second "/" or "\\" (which browsers read as a host). */
const SITE_PATH = /^\/(?![/\\])/;

/**
 * Where to send someone after signing in, from the `redirectTo` they brought:
 * a path of this site, or else the start page. The target is resolved by the
 * URL parser, as a browser would resolve it, against the app's origin, and is
 * kept only if the origin is unchanged and what comes back still starts with
 * a single "/". That refuses `//host`, `/\host`, `/<tab>/host` (the parser
 * drops tabs and newlines), `/.//host` (dot segments collapse to `//host`)
 * and schemes; what is kept is the parser's ASCII form, safe in a header.
 */
export function safeRedirectPath(target: unknown, appOrigin: string): string {
  const home = "/";
  if (typeof target !== "string" || !SITE_PATH.test(target)) return home;
  let url: URL;
  try {
    url = new URL(target, appOrigin);
  } catch {
    return home;
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  return url.origin === new URL(appOrigin).origin && SITE_PATH.test(path) ? path : home;
}
