import { getDb, type Db } from "~/db.server";

export type AuditAction =
  | "organization.created"
  | "invitation.created"
  | "invitation.revoked"
  | "invitation.accepted"
  | "invitation.superseded"
  | "membership.role_changed"
  | "membership.removed"
  | "cohort.created"
  | "cohort.trainers_changed"
  | "cohort.archived"
  | "cohort.reopened"
  | "cohort.trainee_added"
  | "cohort.joined_by_invitation"
  | "cohort.join_requested"
  | "cohort.join_accepted"
  | "cohort.join_declined"
  | "cohort.join_withdrawn"
  | "cohort.trainee_removed"
  | "competency.observed"
  | "framework.imported"
  | "framework.turned_on"
  | "framework.turned_off"
  | "framework.removed"
  | "programme.created"
  | "programme.updated"
  | "programme.archived"
  | "programme.restored"
  | "programme.signed_off"
  | "programme.sign_off_withdrawn"
  | "record.issued"
  | "record.revoked"
  | "support_line.added"
  | "support_line.changed"
  | "support_line.removed"
  | "mail.resent"

  | "accommodation.granted"
  | "accommodation.withdrawn";

/** How each action reads on the activity page; the type makes a new action add its words here. */
export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  "organization.created": "Organization created",
  "invitation.created": "Invitation created",
  "invitation.revoked": "Invitation withdrawn",
  "invitation.accepted": "Invitation accepted",
  "invitation.superseded": "Invitation settled by accepting another one",
  "membership.role_changed": "Role changed",
  "membership.removed": "Member removed",
  "cohort.created": "Cohort created",
  "accommodation.granted": "Extra attempts or time granted to a trainee",
  "accommodation.withdrawn": "Extra attempts or time withdrawn",
  "cohort.trainers_changed": "Cohort's trainers changed",
  "cohort.archived": "Cohort archived",
  "cohort.reopened": "Cohort reopened",
  "cohort.trainee_added": "Trainee added to a cohort by an admin",
  "cohort.joined_by_invitation": "Trainee joined a cohort through an invitation",
  "cohort.join_requested": "Trainee asked to join a cohort",
  "cohort.join_accepted": "Trainee accepted joining a cohort",
  "cohort.join_declined": "Trainee declined joining a cohort",
  "cohort.join_withdrawn": "Request to join a cohort withdrawn",
  "cohort.trainee_removed": "Trainee removed from a cohort",
  "competency.observed": "Trainer observation recorded",
  "framework.imported": "Framework imported",
  "framework.turned_on": "Framework turned on",
  "framework.turned_off": "Framework turned off",
  "framework.removed": "Framework removed",
  "programme.created": "Programme created",
  "programme.updated": "Programme changed",
  "programme.archived": "Programme archived",
  "programme.restored": "Programme restored",
  "programme.signed_off": "Trainer sign-off given",
  "programme.sign_off_withdrawn": "Trainer sign-off withdrawn",
  "record.issued": "Completion record issued",
  "record.revoked": "Completion record revoked",
  "support_line.added": "Crisis or support line added",
  "support_line.changed": "Crisis or support line changed",
  "support_line.removed": "Crisis or support line removed",
  "mail.resent": "Failed mail sent again",
};

/**
 * Writes one audit entry inside the caller's transaction, so the entry exists
 * exactly when the change it describes does. `data` must never hold secrets.
 */
export async function recordAudit(
  db: Db,
  entry: { organizationId: string; actorId: string | null; action: AuditAction; subject: string; data?: object },
): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
      organization_id: entry.organizationId,
      actor_id: entry.actorId,
      action: entry.action,
      subject: entry.subject,
      data: JSON.stringify(entry.data ?? {}),
      at: new Date().toISOString(),
    })
    .execute();
}

export async function listAuditEntries(organizationId: string, limit = 200) {
  const rows = await getDb()
    .selectFrom("audit_log")
    .leftJoin("users", "users.id", "audit_log.actor_id")
    .select([
      "audit_log.id",
      "audit_log.action",
      "audit_log.subject",
      "audit_log.data",
      "audit_log.at",
      "users.display_name as actor_name",
    ])
    .where("audit_log.organization_id", "=", organizationId)
    .orderBy("audit_log.id", "desc")
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    ...row,
    label: AUDIT_ACTION_LABELS[row.action as AuditAction] ?? row.action,
    data: JSON.parse(row.data) as Record<string, unknown>,
  }));
}
