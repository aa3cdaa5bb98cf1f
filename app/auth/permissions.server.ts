import { redirect } from "@remix-run/node";
import type { AppLoadContext } from "@remix-run/node";
import type { AuthUser } from "~/auth/lucia.server";
import type { Role } from "~/db/schema";
import { DomainError } from "~/domain-error";
import { canManageCohort, canSeeLearner, type Viewer } from "~/auth/cohort-scope.server";
import { mayIssueRecords } from "~/auth/roles";
import type { ItemStatisticsReach } from "~/models/learning/item-statistics.server";
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

/** The member as the cohort and trainee rules see them (cohort-scope.server.ts). */
export function viewerOf(access: OrganizationAccess): Viewer {
  return { organizationId: access.organization.id, userId: access.user.id, role: access.role };
}

/** Issuing a completion record: 403 for a trainer, who sees the same page without the button. */
export function requireRecordIssuer(access: OrganizationAccess): void {
  if (!mayIssueRecords(access.role)) throw forbidden("Only an admin can issue completion records.");
}

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
  const visible = typeof learnerId === "string" && (await canSeeLearner(viewerOf(access), learnerId));
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
  const allowed = typeof cohortId === "string" && (await canManageCohort(viewerOf(access), cohortId));
  if (!allowed) throw notFound("We could not find that cohort.");
  return { ...access, cohortId: cohortId! };
}

// The check itself lives in safe-redirect.server.ts (pure, mutation-tested); routes import it from here.
export { safeRedirectPath } from "~/auth/safe-redirect.server";

/**
 * Whose quiz answers a caller may count in item statistics: an admin, the
 * organization's; a trainer, only those of trainees in cohorts they train,
 * so that no trainer learns how people outside their cohorts answered. The
 * statistics never name anyone. `cohortId` narrows to one cohort, which must
 * be one the caller may manage (404 otherwise, as for the cohort's pages).
 */
export async function requireItemStatisticsReach(
  context: AppLoadContext,
  request: Request,
  organizationSlug: string | undefined,
  cohortId: string | null,
): Promise<OrganizationAccess & { reach: ItemStatisticsReach }> {
  const access = await requireOrganizationRole(context, request, organizationSlug, ["admin", "trainer"]);
  if (cohortId !== null) {
    const allowed = await canManageCohort(viewerOf(access), cohortId);
    if (!allowed) throw notFound("We could not find that cohort among the cohorts you train.");
  }
  const trainerId = access.role === "admin" ? null : access.user.id;
  return { ...access, reach: { organizationId: access.organization.id, trainerId, cohortId } };
}
