import { getDb } from "~/db.server";
import type { Role } from "~/db/schema";
import { DomainError } from "~/domain-error";
import { recordAudit } from "~/models/organizations/audit.server";
import { withdrawOpenRequests } from "~/models/cohorts/cohort-request.server";

export async function listMembers(organizationId: string) {
  return getDb()
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select(["users.id", "users.display_name", "users.email", "memberships.role", "memberships.created_at"])
    .where("memberships.organization_id", "=", organizationId)
    .orderBy("users.display_name")
    .execute();
}

async function countAdmins(organizationId: string, db = getDb()): Promise<number> {
  const row = await db
    .selectFrom("memberships")
    .select((eb) => eb.fn.countAll<number>().as("admins"))
    .where("organization_id", "=", organizationId)
    .where("role", "=", "admin")
    .executeTakeFirstOrThrow();
  return Number(row.admins);
}

async function requireMemberRole(organizationId: string, userId: string, db = getDb()): Promise<Role> {
  const row = await db
    .selectFrom("memberships")
    .select("role")
    .where("organization_id", "=", organizationId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  if (!row) throw new DomainError("That person is not a member of this organization.", 404);
  return row.role;
}

const lastAdminMessage =
  "An organization needs at least one admin. Make someone else an admin first.";

export async function changeMemberRole(input: {
  organizationId: string;
  actorId: string;
  userId: string;
  role: Role;
}): Promise<void> {
  await getDb()
    .transaction()
    .execute(async (trx) => {
      const previous = await requireMemberRole(input.organizationId, input.userId, trx);
      if (previous === input.role) return;
      if (previous === "admin" && (await countAdmins(input.organizationId, trx)) <= 1) {
        throw new DomainError(lastAdminMessage, 409);
      }
      await trx
        .updateTable("memberships")
        .set({ role: input.role })
        .where("organization_id", "=", input.organizationId)
        .where("user_id", "=", input.userId)
        .execute();
      await recordAudit(trx, {
        organizationId: input.organizationId,
        actorId: input.actorId,
        action: "membership.role_changed",
        subject: `user:${input.userId}`,
        data: { from: previous, to: input.role },
      });
    });
}

export async function removeMember(input: { organizationId: string; actorId: string; userId: string }): Promise<void> {
  await getDb()
    .transaction()
    .execute(async (trx) => {
      const previous = await requireMemberRole(input.organizationId, input.userId, trx);
      if (previous === "admin" && (await countAdmins(input.organizationId, trx)) <= 1) {
        throw new DomainError(lastAdminMessage, 409);
      }
      await trx
        .deleteFrom("memberships")
        .where("organization_id", "=", input.organizationId)
        .where("user_id", "=", input.userId)
        .execute();
      // A request to join a cohort is answered by a member; someone who left cannot, and should not find it on coming back.
      await withdrawOpenRequests(trx, { organizationId: input.organizationId, actorId: input.actorId, now: new Date().toISOString(), userIds: [input.userId] });
      await recordAudit(trx, {
        organizationId: input.organizationId,
        actorId: input.actorId,
        action: "membership.removed",
        subject: `user:${input.userId}`,
        data: { role: previous },
      });
    });
}

/** Adds a member directly (seeding, tests); people normally join through an invitation. */
export async function addMember(input: { organizationId: string; userId: string; role: Role }): Promise<void> {
  await getDb()
    .insertInto("memberships")
    .values({
      organization_id: input.organizationId,
      user_id: input.userId,
      role: input.role,
      created_at: new Date().toISOString(),
    })
    .execute();
}
