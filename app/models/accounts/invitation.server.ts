import type { Transaction } from "kysely";
import { createSecretToken, generateId, hashToken } from "~/auth/tokens.server";
import { getDb, type Db } from "~/db.server";
import type { Database, Role } from "~/db/schema";
import { DomainError } from "~/domain-error";
import { composeMail } from "~/mail/compose";
import { recordAudit } from "~/models/organizations/audit.server";
import { listCohortTrainerNames, recordRosterChange } from "~/models/cohorts/cohort-request.server";
import { normalizeEmail } from "~/models/accounts/user.server";
import { INVITATION_VALID_DAYS } from "~/limits";
import { deliverPromptly } from "~/models/mail/mail-delivery.server";
import { queueMail, type QueuedMail } from "~/models/mail/outbox.server";

export { INVITATION_VALID_DAYS };

/**
 * An admin's invitation. A trainee's invitation may carry a cohort: accepting
 * it puts them in that cohort too (the page they accept on names it).
 */
export async function createInvitation(input: {
  organizationId: string;
  actorId: string;
  email: string;
  role: Role;
  appOrigin: string;
  cohortId?: string | null;
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
  const cohort = input.cohortId ? await requireOpenCohortForInvitation(input.organizationId, input.cohortId, input.role) : null;
  const created = await getDb()
    .transaction()
    .execute(async (trx) => {
      const invitation = await insertInvitation(trx, { organizationId: input.organizationId, actorId: input.actorId, email, role: input.role, cohortId: cohort?.id });
      const link = invitationLink(input.appOrigin, invitation.token);
      const mail = invitationMail({ to: email, organizationId: input.organizationId, organizationName: organization.name, role: input.role, link, cohortName: cohort?.name });
      return { id: invitation.id, link, mail: await queueMail(trx, mail) };
    });
  await deliverPromptly([created.mail]);
  return { id: created.id, link: created.link };
}

async function requireOpenCohortForInvitation(organizationId: string, cohortId: string, role: Role) {
  if (role !== "trainee") {
    throw new DomainError("Only a trainee can be invited into a cohort. Choose the role “trainee”, or no cohort.", 400, "cohortId");
  }
  const cohort = await getDb()
    .selectFrom("cohorts")
    .select(["id", "name"])
    .where("id", "=", cohortId)
    .where("organization_id", "=", organizationId)
    .where("archived_at", "is", null)
    .executeTakeFirst();
  if (!cohort) throw new DomainError("That cohort was not found, or it was archived. Reload the page and choose again.", 400, "cohortId");
  return cohort;
}

/** Cohorts an admin may invite a trainee into: the organization's cohorts that are not archived. */
export async function listCohortsOpenForInvitation(organizationId: string) {
  return getDb()
    .selectFrom("cohorts")
    .select(["id", "name"])
    .where("organization_id", "=", organizationId)
    .where("archived_at", "is", null)
    .orderBy("name")
    .execute();
}

/**
 * Stores one invitation (and its audit entry) inside the caller's
 * transaction, so a list of them is written whole or not at all. The token
 * is returned once, for the mail queued in the same transaction.
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

/** The invitation mail, queued in the transaction that stores the invitation. */
export function invitationMail(input: {
  to: string;
  organizationId: string;
  organizationName: string;
  role: Role;
  link: string;
  cohortName?: string;
}): QueuedMail {
  const joining = input.cohortName
    ? `You have been invited to join ${input.organizationName} as ${roleWithArticle(input.role)} in the training group "${input.cohortName}".`
    : `You have been invited to join ${input.organizationName} as ${roleWithArticle(input.role)}.`;
  return {
    to: input.to,
    organizationId: input.organizationId,
    kind: "invitation",
    ...composeMail({
      subject: `You are invited to join ${input.organizationName}`,
      blocks: [joining, { lead: `Open this link to accept. It works once and expires in ${INVITATION_VALID_DAYS} days:`, url: input.link, action: "Accept the invitation" }],
    }),
  };
}

function roleWithArticle(role: Role): string {
  return role === "admin" ? "an admin" : `a ${role}`;
}

export async function listPendingInvitations(organizationId: string, now = new Date()) {
  return getDb()
    .selectFrom("invitations")
    .leftJoin("cohorts", "cohorts.id", "invitations.cohort_id")
    .select(["invitations.id", "invitations.email", "invitations.role", "invitations.created_at", "invitations.expires_at", "cohorts.name as cohort_name"])
    .where("invitations.organization_id", "=", organizationId)
    .where("invitations.accepted_at", "is", null)
    .where("invitations.revoked_at", "is", null)
    .where("invitations.expires_at", ">", now.toISOString())
    .orderBy("invitations.created_at", "desc")
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

export type InvitationState = "open" | "expired" | "used" | "superseded" | "revoked";

export interface InvitationForToken {
  id: string;
  organizationId: string;
  organizationName: string;
  organizationSlug: string;
  email: string;
  role: Role;
  /** The cohort the person joins as a trainee on accepting, if the invitation came from a cohort's roster. */
  cohortId: string | null;
  invitedBy: string;
  state: InvitationState;
}

export async function findInvitationByToken(token: string, now = new Date()): Promise<InvitationForToken | null> {
  if (!/^[a-z2-7]{16,64}$/.test(token)) return null;
  const row = await getDb()
    .selectFrom("invitations")
    .innerJoin("organizations", "organizations.id", "invitations.organization_id")
    .innerJoin("users as inviter", "inviter.id", "invitations.invited_by")
    .select([
      "inviter.display_name as inviter_name",
      "invitations.superseded_by",
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
  const state: InvitationState = row.superseded_by
    ? "superseded"
    : row.accepted_at
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
    invitedBy: row.inviter_name,
    state,
  };
}

export function describeClosedInvitation(state: Exclude<InvitationState, "open">): string {
  switch (state) {
    case "used":
      return "This invitation link has already been used. Each link works once. Ask the person who invited you for a new one.";
    case "superseded":
      return "You already accepted another invitation to this organization, sent to the same address. That settled this one too, so there is nothing more to do here: sign in to continue.";
    case "expired":
      return `This invitation link has expired (links last ${INVITATION_VALID_DAYS} days). Ask the person who invited you for a new one.`;
    case "revoked":
      return "This invitation was withdrawn. Ask the person who invited you if you think this is a mistake.";
  }
}

const ROLE_STRENGTH: Record<Role, number> = { trainee: 0, trainer: 1, admin: 2 };

interface OpenInvitationRow {
  id: string;
  role: Role;
  cohortId: string | null;
  cohortName: string | null;
  invitedBy: string;
}

/**
 * Every open invitation to the organization for this address, the one being
 * accepted first. Accepting one settles them all (issue 13): the strongest
 * role among them, and every cohort they carry (for a trainee), so that two
 * invitations never leave a person half joined.
 */
async function openInvitationsFor(
  db: Db,
  invitation: { id: string; organizationId: string; email: string },
  now: Date,
): Promise<OpenInvitationRow[]> {
  const rows = await db
    .selectFrom("invitations")
    .innerJoin("users as inviter", "inviter.id", "invitations.invited_by")
    .leftJoin("cohorts", (join) =>
      join
        .onRef("cohorts.id", "=", "invitations.cohort_id")
        .onRef("cohorts.organization_id", "=", "invitations.organization_id")
        .on("cohorts.archived_at", "is", null),
    )
    .select(["invitations.id", "invitations.role", "cohorts.id as cohort_id", "cohorts.name as cohort_name", "inviter.display_name", "invitations.created_at"])
    .where("invitations.organization_id", "=", invitation.organizationId)
    .where("invitations.email", "=", invitation.email)
    .where((eb) =>
      eb.or([
        eb("invitations.id", "=", invitation.id),
        eb.and([eb("invitations.accepted_at", "is", null), eb("invitations.revoked_at", "is", null), eb("invitations.expires_at", ">", now.toISOString())]),
      ]),
    )
    .orderBy("invitations.created_at")
    .execute();
  const own = rows.filter((r) => r.id === invitation.id);
  return [...own, ...rows.filter((r) => r.id !== invitation.id)].map((r) => ({
    id: r.id,
    role: r.role,
    cohortId: r.cohort_id,
    cohortName: r.cohort_name,
    invitedBy: r.display_name,
  }));
}

function roleOnJoining(invitations: OpenInvitationRow[]): Role {
  return invitations.reduce<Role>((strongest, i) => (ROLE_STRENGTH[i.role] > ROLE_STRENGTH[strongest] ? i.role : strongest), "trainee");
}

export interface InvitationAcceptance {
  /** The role the person has on joining. */
  role: Role;
  /** Who invited them, and as what (the invitation of the link first). */
  invitations: { id: string; role: Role; invitedBy: string; cohortName: string | null }[];
  /** The cohorts they join as a trainee, with each one's trainers. */
  cohorts: { id: string; name: string; trainers: string[] }[];
}

/** What accepting this invitation will do, shown before the person accepts: their consent covers exactly this. */
export async function describeInvitationAcceptance(invitation: InvitationForToken, now = new Date()): Promise<InvitationAcceptance> {
  const open = await openInvitationsFor(getDb(), invitation, now);
  const role = roleOnJoining(open);
  const cohortRows = role === "trainee" ? uniqueCohorts(open) : [];
  const trainers = await listCohortTrainerNames(cohortRows.map((c) => c.id));
  return {
    role,
    invitations: open.map((i) => ({ id: i.id, role: i.role, invitedBy: i.invitedBy, cohortName: i.cohortName })),
    cohorts: cohortRows.map((c) => ({ ...c, trainers: trainers.get(c.id) ?? [] })),
  };
}

function uniqueCohorts(invitations: OpenInvitationRow[]): { id: string; name: string }[] {
  const cohorts = new Map<string, string>();
  for (const i of invitations) if (i.cohortId && i.cohortName) cohorts.set(i.cohortId, i.cohortName);
  return [...cohorts].map(([id, name]) => ({ id, name }));
}

/**
 * Joins the signed-in user to the invitation's organization. The invitation
 * is bound to the address it was sent to, and is spent in the same
 * transaction that creates the membership. The other open invitations for
 * the same address are settled with it: marked as superseded, their cohorts
 * joined (the page the person accepted on listed them).
 */
export async function acceptInvitation(input: { token: string; userId: string; userEmail: string }) {
  const invitation = await findInvitationByToken(input.token);
  if (!invitation) throw new DomainError("This invitation link is not valid. Check that you copied all of it.", 404);
  if (invitation.state !== "open") throw new DomainError(describeClosedInvitation(invitation.state), 410);
  if (normalizeEmail(input.userEmail) !== invitation.email) {
    throw new DomainError(
      `This invitation is for a different email address. Sign out, then sign in or create an account with the address it is for.`,
      403,
    );
  }
  await getDb()
    .transaction()
    .execute(async (trx) => {
      const now = new Date();
      const at = now.toISOString();
      const open = await openInvitationsFor(trx, invitation, now);
      const spent = await trx
        .updateTable("invitations")
        .set({ accepted_at: at, accepted_by: input.userId })
        .where("id", "=", invitation.id)
        .where("accepted_at", "is", null)
        .executeTakeFirst();
      if (Number(spent.numUpdatedRows) === 0) throw new DomainError(describeClosedInvitation("used"), 410);
      const others = open.filter((i) => i.id !== invitation.id);
      if (others.length > 0) {
        await trx
          .updateTable("invitations")
          .set({ accepted_at: at, accepted_by: input.userId, superseded_by: invitation.id })
          .where("id", "in", others.map((i) => i.id))
          .where("accepted_at", "is", null)
          .execute();
      }
      const existing = await trx
        .selectFrom("memberships")
        .select("role")
        .where("organization_id", "=", invitation.organizationId)
        .where("user_id", "=", input.userId)
        .executeTakeFirst();
      const role = existing?.role ?? roleOnJoining(open);
      if (!existing) {
        await trx
          .insertInto("memberships")
          .values({ user_id: input.userId, organization_id: invitation.organizationId, role, created_at: at })
          .execute();
      }
      const joined: { id: string; name: string }[] = [];
      if (role === "trainee") {
        for (const cohort of uniqueCohorts(open)) {
          if (await joinInvitedCohort(trx, { organizationId: invitation.organizationId, cohortId: cohort.id, userId: input.userId })) joined.push(cohort);
        }
      }
      await recordAudit(trx, {
        organizationId: invitation.organizationId,
        actorId: input.userId,
        action: "invitation.accepted",
        subject: `invitation:${invitation.id}`,
        data: joined.some((c) => c.id === invitation.cohortId) ? { role, cohort: invitation.cohortId } : { role },
      });
      for (const other of others) {
        await recordAudit(trx, {
          organizationId: invitation.organizationId,
          actorId: input.userId,
          action: "invitation.superseded",
          subject: `invitation:${other.id}`,
          data: { "settled by": `invitation:${invitation.id}` },
        });
      }
      for (const cohort of joined) {
        await recordRosterChange(trx, {
          organizationId: invitation.organizationId,
          actorId: input.userId,
          action: "cohort.joined_by_invitation",
          cohort,
          trainee: { email: invitation.email },
        });
      }
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
