import { generateId } from "~/auth/tokens.server";
import { getDb } from "~/db.server";
import { DomainError } from "~/domain-error";
import { MAX_SIGN_OFF_NOTE } from "~/limits";
import { recordAudit } from "~/models/organizations/audit.server";

/*
 * A trainer's sign-off: "this trainee is ready", for programmes that ask for
 * one. Who may sign off is decided by the permission module before these are
 * called (requireLearnerVisible: the trainee's trainers and the admins).
 * A withdrawn sign-off stays in the table with who withdrew it and when.
 */

export interface SignOffView {
  id: string;
  signedAt: string;
  signedBy: string;
  note: string | null;
}

/** The trainee's standing sign-offs, by programme id, for the given programmes: one query whatever the count. */
export async function listCurrentSignOffs(input: { organizationId: string; userId: string; programmeIds: readonly string[] }): Promise<Map<string, SignOffView>> {
  if (input.programmeIds.length === 0) return new Map();
  const rows = await getDb()
    .selectFrom("programme_sign_offs")
    .innerJoin("users", "users.id", "programme_sign_offs.signed_by")
    .select(["programme_sign_offs.id", "programme_sign_offs.programme_id", "programme_sign_offs.signed_at", "programme_sign_offs.note", "users.display_name"])
    .where("programme_sign_offs.organization_id", "=", input.organizationId)
    .where("programme_sign_offs.programme_id", "in", input.programmeIds)
    .where("programme_sign_offs.user_id", "=", input.userId)
    .where("programme_sign_offs.withdrawn_at", "is", null)
    .execute();
  return new Map(rows.map((row) => [row.programme_id, { id: row.id, signedAt: row.signed_at, signedBy: row.display_name, note: row.note }]));
}

export async function findCurrentSignOff(input: { organizationId: string; programmeId: string; userId: string }): Promise<SignOffView | null> {
  return (await listCurrentSignOffs({ ...input, programmeIds: [input.programmeId] })).get(input.programmeId) ?? null;
}

export async function signOffProgramme(input: {
  organizationId: string;
  programmeId: string;
  learnerId: string;
  actorId: string;
  note: string;
}): Promise<void> {
  if (input.learnerId === input.actorId) throw new DomainError("You cannot sign off your own programme. Ask another trainer.", 403);
  const note = input.note.trim();
  if (note.length > MAX_SIGN_OFF_NOTE) throw new DomainError(`Keep the note to ${MAX_SIGN_OFF_NOTE.toLocaleString("en")} characters or fewer.`, 400, "note");
  await getDb()
    .transaction()
    .execute(async (trx) => {
      const programme = await trx
        .selectFrom("programmes")
        .select(["id", "title", "requires_sign_off", "archived_at"])
        .where("id", "=", input.programmeId)
        .where("organization_id", "=", input.organizationId)
        .executeTakeFirst();
      if (!programme) throw new DomainError("We could not find that programme.", 404);
      if (programme.archived_at) throw new DomainError("This programme is archived: it issues no new records.", 409);
      if (!programme.requires_sign_off) throw new DomainError("This programme does not ask for a trainer's sign-off.", 409);
      const existing = await trx
        .selectFrom("programme_sign_offs")
        .select("id")
        .where("programme_id", "=", input.programmeId)
        .where("user_id", "=", input.learnerId)
        .where("withdrawn_at", "is", null)
        .executeTakeFirst();
      if (existing) throw new DomainError("This trainee is already signed off for this programme.", 409);
      const id = generateId();
      await trx
        .insertInto("programme_sign_offs")
        .values({
          id,
          organization_id: input.organizationId,
          programme_id: input.programmeId,
          user_id: input.learnerId,
          signed_by: input.actorId,
          signed_at: new Date().toISOString(),
          note: note || null,
          withdrawn_at: null,
          withdrawn_by: null,
        })
        .execute();
      await recordAudit(trx, {
        organizationId: input.organizationId,
        actorId: input.actorId,
        action: "programme.signed_off",
        subject: `user:${input.learnerId}`,
        data: { programme: programme.title },
      });
    });
}

export async function withdrawSignOff(input: { organizationId: string; programmeId: string; learnerId: string; actorId: string }): Promise<void> {
  await getDb()
    .transaction()
    .execute(async (trx) => {
      const row = await trx
        .selectFrom("programme_sign_offs")
        .innerJoin("programmes", "programmes.id", "programme_sign_offs.programme_id")
        .select(["programme_sign_offs.id", "programmes.title"])
        .where("programme_sign_offs.organization_id", "=", input.organizationId)
        .where("programme_sign_offs.programme_id", "=", input.programmeId)
        .where("programme_sign_offs.user_id", "=", input.learnerId)
        .where("programme_sign_offs.withdrawn_at", "is", null)
        .executeTakeFirst();
      if (!row) throw new DomainError("There is no sign-off to withdraw. Reload the page to see the latest.", 409);
      await trx
        .updateTable("programme_sign_offs")
        .set({ withdrawn_at: new Date().toISOString(), withdrawn_by: input.actorId })
        .where("id", "=", row.id)
        .execute();
      await recordAudit(trx, {
        organizationId: input.organizationId,
        actorId: input.actorId,
        action: "programme.sign_off_withdrawn",
        subject: `user:${input.learnerId}`,
        data: { programme: row.title },
      });
    });
}
