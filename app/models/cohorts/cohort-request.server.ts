import type { Transaction } from "kysely";
import { generateId } from "~/auth/tokens.server";
import { getDb } from "~/db.server";
import type { CohortRequestStatus, Database } from "~/db/schema";
import { DomainError } from "~/domain-error";
import { recordAudit, type AuditAction } from "~/models/organizations/audit.server";

/*
 * A trainer's request that an existing member join a cohort as a trainee
 * (decision 021). The request is not a membership: the person enters
 * `cohort_members`, and so becomes visible to the cohort's trainers, only
 * when they accept it themselves. Every change is in the activity log.
 */

/** One change to who is in a cohort, written to the activity log in the caller's transaction. */
export async function recordRosterChange(
  trx: Transaction<Database>,
  entry: {
    organizationId: string;
    actorId: string;
    action: Extract<AuditAction, `cohort.${string}`>;
    cohort: { id: string; name: string };
    trainee?: { email: string };
    data?: Record<string, string | number>;
  },
): Promise<void> {
  await recordAudit(trx, {
    organizationId: entry.organizationId,
    actorId: entry.actorId,
    action: entry.action,
    subject: `cohort:${entry.cohort.id}`,
    data: { cohort: entry.cohort.name, ...(entry.trainee ? { trainee: entry.trainee.email } : {}), ...entry.data },
  });
}

/** Stores an open request (and its audit entry) inside the roster's transaction. */
export async function insertCohortRequest(
  trx: Transaction<Database>,
  input: { organizationId: string; cohort: { id: string; name: string }; trainee: { id: string; email: string }; actorId: string; now: string },
): Promise<void> {
  await trx
    .insertInto("cohort_requests")
    .values({
      id: generateId(),
      organization_id: input.organizationId,
      cohort_id: input.cohort.id,
      user_id: input.trainee.id,
      requested_by: input.actorId,
      requested_at: input.now,
      status: "pending",
      answered_at: null,
      answered_by: null,
    })
    .execute();
  await recordRosterChange(trx, { organizationId: input.organizationId, actorId: input.actorId, action: "cohort.join_requested", cohort: input.cohort, trainee: input.trainee });
}

export interface LatestCohortRequest {
  status: CohortRequestStatus;
  requestedAt: string;
  answeredAt: string | null;
}

/** The latest request to this cohort for each of these people: whether one is open, or was declined. */
export async function latestCohortRequests(trx: Transaction<Database>, cohortId: string, userIds: string[]): Promise<Map<string, LatestCohortRequest>> {
  const latest = new Map<string, LatestCohortRequest>();
  if (userIds.length === 0) return latest;
  const rows = await trx
    .selectFrom("cohort_requests")
    .select(["user_id", "status", "requested_at", "answered_at"])
    .where("cohort_id", "=", cohortId)
    .where("user_id", "in", userIds)
    .orderBy("requested_at")
    .execute();
  for (const row of rows) latest.set(row.user_id, { status: row.status, requestedAt: row.requested_at, answeredAt: row.answered_at });
  return latest;
}

/**
 * Closes open requests as withdrawn: those of a cohort that is archived, the
 * one an admin settles by adding the person at once, or those of someone who
 * leaves the organization. Returns how many.
 */
export async function withdrawOpenRequests(
  trx: Transaction<Database>,
  input: { organizationId: string; actorId: string; now: string; cohortId?: string; userIds?: string[] },
): Promise<number> {
  let update = trx
    .updateTable("cohort_requests")
    .set({ status: "withdrawn", answered_at: input.now, answered_by: input.actorId })
    .where("organization_id", "=", input.organizationId)
    .where("status", "=", "pending");
  if (input.cohortId) update = update.where("cohort_id", "=", input.cohortId);
  if (input.userIds) {
    if (input.userIds.length === 0) return 0;
    update = update.where("user_id", "in", input.userIds);
  }
  const result = await update.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export interface WaitingTrainee {
  requestId: string;
  name: string;
  email: string;
  requestedAt: string;
}

/** The people asked to join this cohort who have not answered yet (and are still members). */
export async function listWaitingTrainees(organizationId: string, cohortId: string): Promise<WaitingTrainee[]> {
  const rows = await getDb()
    .selectFrom("cohort_requests")
    .innerJoin("users", "users.id", "cohort_requests.user_id")
    .innerJoin("memberships", (join) =>
      join.onRef("memberships.user_id", "=", "cohort_requests.user_id").on("memberships.organization_id", "=", organizationId),
    )
    .select(["cohort_requests.id", "users.display_name", "users.email", "cohort_requests.requested_at"])
    .where("cohort_requests.organization_id", "=", organizationId)
    .where("cohort_requests.cohort_id", "=", cohortId)
    .where("cohort_requests.status", "=", "pending")
    .orderBy("users.display_name")
    .execute();
  return rows.map((r) => ({ requestId: r.id, name: r.display_name, email: r.email, requestedAt: r.requested_at }));
}

/** Withdraws one open request to this cohort (and only to this cohort). */
export async function withdrawCohortRequest(input: { organizationId: string; cohortId: string; actorId: string; requestId: string }): Promise<void> {
  await getDb()
    .transaction()
    .execute(async (trx) => {
      const request = await openRequest(trx, { organizationId: input.organizationId, requestId: input.requestId, cohortId: input.cohortId });
      if (!request) throw new DomainError("That request was not found, or it was already answered or withdrawn. Reload the page.", 404);
      if (request.archived_at) throw new DomainError("This cohort is archived: nothing in it can be changed.", 409);
      await closeRequest(trx, request.id, "withdrawn", input.actorId);
      await recordRosterChange(trx, {
        organizationId: input.organizationId,
        actorId: input.actorId,
        action: "cohort.join_withdrawn",
        cohort: { id: request.cohort_id, name: request.cohort_name },
        trainee: { email: request.email },
      });
    });
}

export interface CohortRequestForTrainee {
  id: string;
  cohort: { id: string; name: string; startsOn: string; endsOn: string };
  trainers: string[];
  requestedBy: string;
  requestedAt: string;
}

/** A member's own open requests in this organization, with each cohort's trainers. */
export async function listOpenCohortRequests(scope: { organizationId: string; userId: string }): Promise<CohortRequestForTrainee[]> {
  const db = getDb();
  const rows = await db
    .selectFrom("cohort_requests")
    .innerJoin("cohorts", "cohorts.id", "cohort_requests.cohort_id")
    .innerJoin("users as asker", "asker.id", "cohort_requests.requested_by")
    .select([
      "cohort_requests.id",
      "cohort_requests.requested_at",
      "cohorts.id as cohort_id",
      "cohorts.name",
      "cohorts.starts_on",
      "cohorts.ends_on",
      "asker.display_name as asker_name",
    ])
    .where("cohort_requests.organization_id", "=", scope.organizationId)
    .where("cohorts.organization_id", "=", scope.organizationId)
    .where("cohort_requests.user_id", "=", scope.userId)
    .where("cohort_requests.status", "=", "pending")
    .orderBy("cohort_requests.requested_at")
    .execute();
  if (rows.length === 0) return [];
  const trainers = await listCohortTrainerNames(rows.map((r) => r.cohort_id));
  return rows.map((row) => ({
    id: row.id,
    cohort: { id: row.cohort_id, name: row.name, startsOn: row.starts_on, endsOn: row.ends_on },
    trainers: trainers.get(row.cohort_id) ?? [],
    requestedBy: row.asker_name,
    requestedAt: row.requested_at,
  }));
}

/** Each cohort's trainers, by name. */
export async function listCohortTrainers(cohortIds: string[]): Promise<Map<string, { id: string; name: string }[]>> {
  const trainers = new Map<string, { id: string; name: string }[]>();
  if (cohortIds.length === 0) return trainers;
  const rows = await getDb()
    .selectFrom("cohort_members")
    .innerJoin("users", "users.id", "cohort_members.user_id")
    .select(["cohort_members.cohort_id", "users.id", "users.display_name"])
    .where("cohort_members.cohort_id", "in", cohortIds)
    .where("cohort_members.role", "=", "trainer")
    .orderBy("users.display_name")
    .execute();
  for (const row of rows) trainers.set(row.cohort_id, [...(trainers.get(row.cohort_id) ?? []), { id: row.id, name: row.display_name }]);
  return trainers;
}

/** The names of each cohort's trainers, for the people asked or invited to join it. */
export async function listCohortTrainerNames(cohortIds: string[]): Promise<Map<string, string[]>> {
  const trainers = await listCohortTrainers(cohortIds);
  return new Map([...trainers].map(([cohortId, list]) => [cohortId, list.map((t) => t.name)]));
}

/**
 * The trainee's answer to a request sent to them. Only they can answer it:
 * another person's request id is "not found". Accepting puts them in the
 * cohort; declining leaves them out, and a trainer cannot ask again.
 */
export async function answerCohortRequest(input: {
  organizationId: string;
  userId: string;
  requestId: string;
  answer: "accept" | "decline";
}): Promise<{ cohortName: string }> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const request = await openRequest(trx, { organizationId: input.organizationId, requestId: input.requestId, userId: input.userId });
      if (!request) throw new DomainError("That request was not found, or it was already answered or withdrawn. Reload the page.", 404);
      if (request.archived_at) throw new DomainError("This training group has closed, so it can no longer be joined.", 409);
      const cohort = { id: request.cohort_id, name: request.cohort_name };
      await closeRequest(trx, request.id, input.answer === "accept" ? "accepted" : "declined", input.userId);
      if (input.answer === "accept") {
        await trx
          .insertInto("cohort_members")
          .values({ cohort_id: request.cohort_id, user_id: input.userId, role: "trainee", added_at: new Date().toISOString() })
          .onConflict((oc) => oc.columns(["cohort_id", "user_id"]).doNothing())
          .execute();
      }
      await recordRosterChange(trx, {
        organizationId: input.organizationId,
        actorId: input.userId,
        action: input.answer === "accept" ? "cohort.join_accepted" : "cohort.join_declined",
        cohort,
        trainee: { email: request.email },
      });
      return { cohortName: cohort.name };
    });
}

async function openRequest(trx: Transaction<Database>, input: { organizationId: string; requestId: string; cohortId?: string; userId?: string }) {
  let query = trx
    .selectFrom("cohort_requests")
    .innerJoin("cohorts", "cohorts.id", "cohort_requests.cohort_id")
    .innerJoin("users", "users.id", "cohort_requests.user_id")
    .select(["cohort_requests.id", "cohort_requests.cohort_id", "cohorts.name as cohort_name", "cohorts.archived_at", "users.email"])
    .where("cohort_requests.id", "=", input.requestId)
    .where("cohort_requests.organization_id", "=", input.organizationId)
    .where("cohorts.organization_id", "=", input.organizationId)
    .where("cohort_requests.status", "=", "pending");
  if (input.cohortId) query = query.where("cohort_requests.cohort_id", "=", input.cohortId);
  if (input.userId) query = query.where("cohort_requests.user_id", "=", input.userId);
  return query.executeTakeFirst();
}

/** Answers an open request; refused if someone else answered or withdrew it first. */
async function closeRequest(trx: Transaction<Database>, requestId: string, status: "accepted" | "declined" | "withdrawn", answeredBy: string) {
  const closed = await trx
    .updateTable("cohort_requests")
    .set({ status, answered_at: new Date().toISOString(), answered_by: answeredBy })
    .where("id", "=", requestId)
    .where("status", "=", "pending")
    .executeTakeFirst();
  if (Number(closed.numUpdatedRows) === 0) {
    throw new DomainError("That request was already answered or withdrawn. Reload the page.", 409);
  }
}
