import type { Transaction } from "kysely";
import { createSecretToken, generateId, hashToken } from "~/auth/tokens.server";
import { getDb } from "~/db.server";
import type { Database, Role } from "~/db/schema";
import { DomainError } from "~/domain-error";
import { sendMail } from "~/mail/mailer.server";
import { recordAudit } from "~/models/audit.server";
import { normalizeEmail } from "~/models/user.server";
import { INVITATION_VALID_DAYS } from "~/limits";

export { INVITATION_VALID_DAYS };

export async function createInvitation(input: {
  organizationId: string;
  actorId: string;
  email: string;
  role: Role;
  appOrigin: string;
}): Promise<{ id: string; link: string }> {
  const email = normalizeEmail(input.email);
  const alreadyMember = await getDb()
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select("users.id")
    .where("memberships.organization_id", "=", input.organizationId)
    .where("users.email", "=", email)
    .executeTakeFirst();
  if (alreadyMember) {
    throw new DomainError("This person is already a member. Change their role on the members page.", 409, "email");
  }
  const organization = await getDb()
    .selectFrom("organizations")
    .select("name")
    .where("id", "=", input.organizationId)
    .executeTakeFirstOrThrow();
  const created = await getDb()
    .transaction()
    .execute((trx) =>
      insertInvitation(trx, { organizationId: input.organizationId, actorId: input.actorId, email, role: input.role }),
    );
  const link = invitationLink(input.appOrigin, created.token);
  await sendInvitationMail({ to: email, organizationName: organization.name, role: input.role, link });
  return { id: created.id, link };
}

/**
 * Stores one invitation (and its audit entry) inside the caller's
 * transaction, so a list of them is written whole or not at all. The token
 * is returned once, to be mailed after the transaction commits.
 */
export async function insertInvitation(
  trx: Transaction<Database>,
  input: { organizationId: string; actorId: string; email: string; role: Role; cohortId?: string | null },
  now = new Date(),
): Promise<{ id: string; token: string }> {
  const { token, tokenHash } = createSecretToken();
  const id = generateId();
  const email = normalizeEmail(input.email);
  await trx
    .insertInto("invitations")
    .values({
      id,
      organization_id: input.organizationId,
      email,
      role: input.role,
      token_hash: tokenHash,
      invited_by: input.actorId,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + INVITATION_VALID_DAYS * 86_400_000).toISOString(),
      accepted_at: null,
      accepted_by: null,
      revoked_at: null,
      cohort_id: input.cohortId ?? null,
    })
    .execute();
  await recordAudit(trx, {
    organizationId: input.organizationId,
    actorId: input.actorId,
    action: "invitation.created",
    subject: `invitation:${id}`,
    data: input.cohortId ? { email, role: input.role, cohort: input.cohortId } : { email, role: input.role },
  });
  return { id, token };
}

export function invitationLink(appOrigin: string, token: string): string {
  return `${appOrigin}/invite/${token}`;
}

export async function sendInvitationMail(input: {
  to: string;
  organizationName: string;
  role: Role;
  link: string;
  cohortName?: string;
}): Promise<void> {
  const joining = input.cohortName
    ? `You have been invited to join ${input.organizationName} as ${roleWithArticle(input.role)} in the training group "${input.cohortName}".`
    : `You have been invited to join ${input.organizationName} as ${roleWithArticle(input.role)}.`;
  await sendMail({
    to: input.to,
    subject: `You are invited to join ${input.organizationName}`,
    text: `${joining}\n\nOpen this link to accept. It works once and expires in ${INVITATION_VALID_DAYS} days:\n${input.link}\n`,
  });
}

function roleWithArticle(role: Role): string {
  return role === "admin" ? "an admin" : `a ${role}`;
}

export async function listPendingInvitations(organizationId: string, now = new Date()) {
  return getDb()
    .selectFrom("invitations")
    .select(["id", "email", "role", "created_at", "expires_at"])
    .where("organization_id", "=", organizationId)
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", now.toISOString())
    .orderBy("created_at", "desc")
    .execute();
}

export async function revokeInvitation(input: { organizationId: string; actorId: string; invitationId: string }) {
  await getDb()
    .transaction()
    .execute(async (trx) => {
      const result = await trx
        .updateTable("invitations")
        .set({ revoked_at: new Date().toISOString() })
        .where("id", "=", input.invitationId)
        .where("organization_id", "=", input.organizationId)
        .where("accepted_at", "is", null)
        .where("revoked_at", "is", null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) {
        throw new DomainError("That invitation was not found, or it was already used or withdrawn.", 404);
      }
      await recordAudit(trx, {
        organizationId: input.organizationId,
        actorId: input.actorId,
        action: "invitation.revoked",
        subject: `invitation:${input.invitationId}`,
      });
    });
}

export type InvitationState = "open" | "expired" | "used" | "revoked";

export interface InvitationForToken {
  id: string;
  organizationId: string;
  organizationName: string;
  organizationSlug: string;
  email: string;
  role: Role;
  /** The cohort the person joins as a trainee on accepting, if the invitation came from a cohort's roster. */
  cohortId: string | null;
  state: InvitationState;
}

export async function findInvitationByToken(token: string, now = new Date()): Promise<InvitationForToken | null> {
  if (!/^[a-z2-7]{16,64}$/.test(token)) return null;
  const row = await getDb()
    .selectFrom("invitations")
    .innerJoin("organizations", "organizations.id", "invitations.organization_id")
    .select([
      "invitations.id",
      "invitations.organization_id",
      "invitations.email",
      "invitations.role",
      "invitations.expires_at",
      "invitations.accepted_at",
      "invitations.revoked_at",
      "invitations.cohort_id",
      "organizations.name",
      "organizations.slug",
    ])
    .where("invitations.token_hash", "=", hashToken(token))
    .executeTakeFirst();
  if (!row) return null;
  const state: InvitationState = row.accepted_at
    ? "used"
    : row.revoked_at
      ? "revoked"
      : row.expires_at <= now.toISOString()
        ? "expired"
        : "open";
  return {
    id: row.id,
    organizationId: row.organization_id,
    organizationName: row.name,
    organizationSlug: row.slug,
    email: row.email,
    role: row.role,
    cohortId: row.cohort_id,
    state,
  };
}

export function describeClosedInvitation(state: Exclude<InvitationState, "open">): string {
  switch (state) {
    case "used":
      return "This invitation link has already been used. Each link works once. Ask the person who invited you for a new one.";
    case "expired":
      return `This invitation link has expired (links last ${INVITATION_VALID_DAYS} days). Ask the person who invited you for a new one.`;
    case "revoked":
      return "This invitation was withdrawn. Ask the person who invited you if you think this is a mistake.";
  }
}

/**
 * Joins the signed-in user to the invitation's organization. The invitation
 * is bound to the address it was sent to, and is spent in the same
 * transaction that creates the membership.
 */
export async function acceptInvitation(input: { token: string; userId: string; userEmail: string }) {
  const invitation = await findInvitationByToken(input.token);
  if (!invitation) throw new DomainError("This invitation link is not valid. Check that you copied all of it.", 404);
  if (invitation.state !== "open") throw new DomainError(describeClosedInvitation(invitation.state), 410);
  if (normalizeEmail(input.userEmail) !== invitation.email) {
    throw new DomainError(
      `This invitation was sent to a different email address. Sign out, then sign in or create an account with the address it was sent to.`,
      403,
    );
  }
  await getDb()
    .transaction()
    .execute(async (trx) => {
      const spent = await trx
        .updateTable("invitations")
        .set({ accepted_at: new Date().toISOString(), accepted_by: input.userId })
        .where("id", "=", invitation.id)
        .where("accepted_at", "is", null)
        .executeTakeFirst();
      if (Number(spent.numUpdatedRows) === 0) throw new DomainError(describeClosedInvitation("used"), 410);
      const existing = await trx
        .selectFrom("memberships")
        .select("role")
        .where("organization_id", "=", invitation.organizationId)
        .where("user_id", "=", input.userId)
        .executeTakeFirst();
      if (!existing) {
        await trx
          .insertInto("memberships")
          .values({
            user_id: input.userId,
            organization_id: invitation.organizationId,
            role: invitation.role,
            created_at: new Date().toISOString(),
          })
          .execute();
      }
      const role = existing?.role ?? invitation.role;
      const joinedCohort =
        invitation.cohortId !== null && role === "trainee"
          ? await joinInvitedCohort(trx, { organizationId: invitation.organizationId, cohortId: invitation.cohortId, userId: input.userId })
          : false;
      await recordAudit(trx, {
        organizationId: invitation.organizationId,
        actorId: input.userId,
        action: "invitation.accepted",
        subject: `invitation:${invitation.id}`,
        data: joinedCohort ? { role, cohort: invitation.cohortId } : { role },
      });
    });
  return invitation;
}

/**
 * An invitation from a cohort's roster also puts the person in that cohort,
 * as a trainee, unless the cohort has been archived (read-only) since.
 */
async function joinInvitedCohort(
  trx: Transaction<Database>,
  input: { organizationId: string; cohortId: string; userId: string },
): Promise<boolean> {
  const cohort = await trx
    .selectFrom("cohorts")
    .select("id")
    .where("id", "=", input.cohortId)
    .where("organization_id", "=", input.organizationId)
    .where("archived_at", "is", null)
    .executeTakeFirst();
  if (!cohort) return false;
  const added = await trx
    .insertInto("cohort_members")
    .values({ cohort_id: input.cohortId, user_id: input.userId, role: "trainee", added_at: new Date().toISOString() })
    .onConflict((oc) => oc.columns(["cohort_id", "user_id"]).doNothing())
    .executeTakeFirst();
  return Number(added.numInsertedOrUpdatedRows ?? 0) > 0;
}
