import { createSecretToken, generateId, hashToken } from "~/auth/tokens.server";
import { getDb } from "~/db.server";
import type { Role } from "~/db/schema";
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
  const { token, tokenHash } = createSecretToken();
  const now = new Date();
  const id = generateId();
  const organization = await getDb()
    .selectFrom("organizations")
    .select("name")
    .where("id", "=", input.organizationId)
    .executeTakeFirstOrThrow();
  await getDb()
    .transaction()
    .execute(async (trx) => {
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
        })
        .execute();
      await recordAudit(trx, {
        organizationId: input.organizationId,
        actorId: input.actorId,
        action: "invitation.created",
        subject: `invitation:${id}`,
        data: { email, role: input.role },
      });
    });
  const link = `${input.appOrigin}/invite/${token}`;
  await sendMail({
    to: email,
    subject: `You are invited to join ${organization.name}`,
    text: `You have been invited to join ${organization.name} as ${roleWithArticle(input.role)}.\n\nOpen this link to accept. It works once and expires in ${INVITATION_VALID_DAYS} days:\n${link}\n`,
  });
  return { id, link };
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
      await recordAudit(trx, {
        organizationId: invitation.organizationId,
        actorId: input.userId,
        action: "invitation.accepted",
        subject: `invitation:${invitation.id}`,
        data: { role: existing?.role ?? invitation.role },
      });
    });
  return invitation;
}
