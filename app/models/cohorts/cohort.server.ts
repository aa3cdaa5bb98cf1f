import type { Transaction } from "kysely";
import { cohortIdsManagedBy, type Viewer } from "~/auth/cohort-scope.server";
import { managesEveryCohort, mayReopenCohort } from "~/auth/roles";
import { generateId } from "~/auth/tokens.server";
import { getDb, type Db } from "~/db.server";
import type { Database, Role } from "~/db/schema";
import { DomainError } from "~/domain-error";
import { listCohortTrainers, recordRosterChange, withdrawOpenRequests } from "~/models/cohorts/cohort-request.server";

export type CohortPhase = "upcoming" | "running" | "ended" | "archived";

export interface CohortHeader {
  id: string;
  name: string;
  startsOn: string;
  endsOn: string;
  archivedAt: string | null;
  phase: CohortPhase;
  trainers: { id: string; name: string }[];
}

/** Today as a calendar day in UTC: due and end dates are whole days, compared as text. */
export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export function cohortPhase(cohort: { starts_on: string; ends_on: string; archived_at: string | null }, today = todayUtc()): CohortPhase {
  if (cohort.archived_at) return "archived";
  if (today < cohort.starts_on) return "upcoming";
  if (today > cohort.ends_on) return "ended";
  return "running";
}

export const ARCHIVED_MESSAGE = "This cohort is archived: you can read its reports, but nothing in it can be changed.";

/**
 * The cohort as its managers see it, or a 404 refusal for an id outside the
 * organization. Writes pass `forChange` to be refused on an archived cohort.
 */
export async function requireCohortRow(
  db: Db,
  input: { organizationId: string; cohortId: string; forChange?: boolean },
) {
  const cohort = await db
    .selectFrom("cohorts")
    .selectAll()
    .where("id", "=", input.cohortId)
    .where("organization_id", "=", input.organizationId)
    .executeTakeFirst();
  if (!cohort) throw new DomainError("We could not find that cohort.", 404);
  if (input.forChange && cohort.archived_at) throw new DomainError(ARCHIVED_MESSAGE, 409);
  return cohort;
}

export async function getCohortHeader(organizationId: string, cohortId: string): Promise<CohortHeader> {
  const cohort = await requireCohortRow(getDb(), { organizationId, cohortId });
  const trainers = (await listCohortTrainers([cohortId])).get(cohortId) ?? [];
  return {
    id: cohort.id,
    name: cohort.name,
    startsOn: cohort.starts_on,
    endsOn: cohort.ends_on,
    archivedAt: cohort.archived_at,
    phase: cohortPhase(cohort),
    trainers,
  };
}

export interface CohortListItem {
  id: string;
  name: string;
  startsOn: string;
  endsOn: string;
  phase: CohortPhase;
  trainees: number;
  modules: number;
  trainers: string[];
}

/**
 * The cohorts a member may run (cohortIdsManagedBy): every cohort of the
 * organization for an admin, the cohorts they train for a trainer. Three
 * queries whatever the count.
 */
export async function listCohortsForViewer(viewer: Viewer): Promise<CohortListItem[]> {
  const db = getDb();
  const query = db
    .selectFrom("cohorts")
    .select(["cohorts.id", "cohorts.name", "cohorts.starts_on", "cohorts.ends_on", "cohorts.archived_at"])
    .where("cohorts.id", "in", cohortIdsManagedBy(db, viewer));
  const cohorts = await query.orderBy("cohorts.starts_on", "desc").orderBy("cohorts.name").execute();
  if (cohorts.length === 0) return [];
  const ids = cohorts.map((c) => c.id);
  const [members, assignments] = await Promise.all([
    db
      .selectFrom("cohort_members")
      .innerJoin("users", "users.id", "cohort_members.user_id")
      .leftJoin("memberships", (join) =>
        join.onRef("memberships.user_id", "=", "cohort_members.user_id").on("memberships.organization_id", "=", viewer.organizationId),
      )
      .select(["cohort_members.cohort_id", "cohort_members.role", "users.display_name", "memberships.user_id as member"])
      .where("cohort_members.cohort_id", "in", ids)
      .orderBy("users.display_name")
      .execute(),
    db
      .selectFrom("assignments")
      .select(["cohort_id", (eb) => eb.fn.countAll<number>().as("modules")])
      .where("cohort_id", "in", ids)
      .groupBy("cohort_id")
      .execute(),
  ]);
  return cohorts.map((cohort) => {
    const own = members.filter((m) => m.cohort_id === cohort.id);
    return {
      id: cohort.id,
      name: cohort.name,
      startsOn: cohort.starts_on,
      endsOn: cohort.ends_on,
      phase: cohortPhase(cohort),
      // Only people still in the organization count, as in the progress table.
      trainees: own.filter((m) => m.role === "trainee" && m.member !== null).length,
      modules: Number(assignments.find((a) => a.cohort_id === cohort.id)?.modules ?? 0),
      trainers: own.filter((m) => m.role === "trainer").map((m) => m.display_name),
    };
  });
}

/** Members who may train a cohort: the organization's trainers and admins. */
export async function listTrainerCandidates(organizationId: string) {
  const rows = await getDb()
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select(["users.id", "users.display_name", "users.email", "memberships.role"])
    .where("memberships.organization_id", "=", organizationId)
    .where("memberships.role", "in", ["trainer", "admin"])
    .orderBy("users.display_name")
    .execute();
  return rows.map((row) => ({ id: row.id, name: row.display_name, email: row.email, role: row.role }));
}

interface CohortFields {
  name: string;
  startsOn: string;
  endsOn: string;
  trainerIds: string[];
}

interface Actor {
  organizationId: string;
  actorId: string;
  actorRole: Role;
}

/**
 * Checks the chosen trainers against the organization and returns the final
 * list: a trainer who sets up or edits a cohort always stays one of its
 * trainers, so nobody locks themselves out of their own cohort.
 */
async function checkCohortFields(db: Transaction<Database>, actor: Actor, fields: CohortFields): Promise<string[]> {
  if (fields.endsOn < fields.startsOn) {
    throw new DomainError("The end date is before the start date. Check both dates.", 400, "endsOn");
  }
  const wanted = new Set(fields.trainerIds);
  if (!managesEveryCohort(actor.actorRole)) wanted.add(actor.actorId);
  if (wanted.size === 0) throw new DomainError("Choose at least one trainer for the cohort.", 400, "trainerIds");
  const found = await db
    .selectFrom("memberships")
    .select("user_id")
    .where("organization_id", "=", actor.organizationId)
    .where("role", "in", ["trainer", "admin"])
    .where("user_id", "in", [...wanted])
    .execute();
  if (found.length !== wanted.size) {
    throw new DomainError(
      "One of the chosen trainers is not a trainer or admin in this organization any more. Reload the page and choose again.",
      400,
      "trainerIds",
    );
  }
  return [...wanted];
}

/** The trainers' names as one line, for the activity log. */
async function trainerNamesLine(db: Transaction<Database>, userIds: string[]): Promise<string> {
  if (userIds.length === 0) return "";
  const rows = await db.selectFrom("users").select("display_name").where("id", "in", userIds).orderBy("display_name").execute();
  return rows.map((r) => r.display_name).join(", ");
}

export async function createCohort(actor: Actor, fields: CohortFields): Promise<string> {
  const id = generateId();
  const now = new Date().toISOString();
  await getDb()
    .transaction()
    .execute(async (trx) => {
      const trainers = await checkCohortFields(trx, actor, fields);
      await trx
        .insertInto("cohorts")
        .values({
          id,
          organization_id: actor.organizationId,
          name: fields.name.trim(),
          starts_on: fields.startsOn,
          ends_on: fields.endsOn,
          archived_at: null,
          created_by: actor.actorId,
          created_at: now,
        })
        .execute();
      await trx
        .insertInto("cohort_members")
        .values(trainers.map((userId) => ({ cohort_id: id, user_id: userId, role: "trainer" as const, added_at: now })))
        .execute();
      await recordRosterChange(trx, {
        organizationId: actor.organizationId,
        actorId: actor.actorId,
        action: "cohort.created",
        cohort: { id, name: fields.name.trim() },
        data: { trainers: await trainerNamesLine(trx, trainers) },
      });
    });
  return id;
}

export async function updateCohort(actor: Actor & { cohortId: string }, fields: CohortFields): Promise<void> {
  const now = new Date().toISOString();
  await getDb()
    .transaction()
    .execute(async (trx) => {
      await requireCohortRow(trx, { organizationId: actor.organizationId, cohortId: actor.cohortId, forChange: true });
      const trainers = await checkCohortFields(trx, actor, fields);
      const before = await trx
        .selectFrom("cohort_members")
        .select("user_id")
        .where("cohort_id", "=", actor.cohortId)
        .where("role", "=", "trainer")
        .execute();
      const clash = await trx
        .selectFrom("cohort_members")
        .select("user_id")
        .where("cohort_id", "=", actor.cohortId)
        .where("role", "=", "trainee")
        .where("user_id", "in", trainers)
        .executeTakeFirst();
      if (clash) {
        throw new DomainError("One of the chosen trainers is a trainee in this cohort. Remove them from the trainees first.", 409, "trainerIds");
      }
      await trx
        .updateTable("cohorts")
        .set({ name: fields.name.trim(), starts_on: fields.startsOn, ends_on: fields.endsOn })
        .where("id", "=", actor.cohortId)
        .execute();
      await trx
        .deleteFrom("cohort_members")
        .where("cohort_id", "=", actor.cohortId)
        .where("role", "=", "trainer")
        .where("user_id", "not in", trainers)
        .execute();
      await trx
        .insertInto("cohort_members")
        .values(trainers.map((userId) => ({ cohort_id: actor.cohortId, user_id: userId, role: "trainer" as const, added_at: now })))
        .onConflict((oc) => oc.columns(["cohort_id", "user_id"]).doNothing())
        .execute();
      // Who trains a cohort decides who sees its trainees, so a change of trainers is in the activity log.
      const previous = before.map((b) => b.user_id);
      const added = trainers.filter((id) => !previous.includes(id));
      const removed = previous.filter((id) => !trainers.includes(id));
      if (added.length > 0 || removed.length > 0) {
        await recordRosterChange(trx, {
          organizationId: actor.organizationId,
          actorId: actor.actorId,
          action: "cohort.trainers_changed",
          cohort: { id: actor.cohortId, name: fields.name.trim() },
          data: {
            ...(added.length > 0 ? { added: await trainerNamesLine(trx, added) } : {}),
            ...(removed.length > 0 ? { removed: await trainerNamesLine(trx, removed) } : {}),
          },
        });
      }
    });
}

/**
 * Makes the cohort read-only. Its open invitations and requests to join are
 * withdrawn in the same transaction: nobody can join a cohort that has closed.
 */
export async function archiveCohort(input: { organizationId: string; cohortId: string; actorId: string }): Promise<void> {
  const now = new Date().toISOString();
  await getDb()
    .transaction()
    .execute(async (trx) => {
      const cohort = await requireCohortRow(trx, { ...input, forChange: true });
      await trx.updateTable("cohorts").set({ archived_at: now }).where("id", "=", input.cohortId).execute();
      const invitations = await trx
        .updateTable("invitations")
        .set({ revoked_at: now })
        .where("organization_id", "=", input.organizationId)
        .where("cohort_id", "=", input.cohortId)
        .where("accepted_at", "is", null)
        .where("revoked_at", "is", null)
        .executeTakeFirst();
      const requests = await withdrawOpenRequests(trx, { ...input, now });
      await recordRosterChange(trx, {
        organizationId: input.organizationId,
        actorId: input.actorId,
        action: "cohort.archived",
        cohort,
        data: { "invitations withdrawn": Number(invitations.numUpdatedRows), "requests to join withdrawn": requests },
      });
    });
}

export async function reopenCohort(input: { organizationId: string; cohortId: string; actorId: string; actorRole: Role }): Promise<void> {
  if (!mayReopenCohort(input.actorRole)) throw new DomainError("Only an admin can reopen an archived cohort.", 403);
  await getDb()
    .transaction()
    .execute(async (trx) => {
      const cohort = await requireCohortRow(trx, input);
      if (!cohort.archived_at) throw new DomainError("This cohort is not archived.", 409);
      await trx.updateTable("cohorts").set({ archived_at: null }).where("id", "=", input.cohortId).execute();
      await recordRosterChange(trx, { organizationId: input.organizationId, actorId: input.actorId, action: "cohort.reopened", cohort });
    });
}

/** The cohort's settings form: its fields as they are and who may be chosen as trainers. */
export async function getCohortSettingsPage(organizationId: string, cohortId: string) {
  const [cohort, candidates] = await Promise.all([getCohortHeader(organizationId, cohortId), listTrainerCandidates(organizationId)]);
  return { cohort, candidates };
}
