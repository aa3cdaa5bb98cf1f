import { addsTraineesWithoutAsking } from "~/auth/roles";
import { z } from "zod";
import { getDb } from "~/db.server";
import type { Role } from "~/db/schema";
import { DomainError } from "~/domain-error";
import { sendMail } from "~/mail/mailer.server";
import { recordAudit } from "~/models/organizations/audit.server";
import { requireCohortRow } from "~/models/cohorts/cohort.server";
import {
  insertCohortRequest,
  latestCohortRequests,
  listWaitingTrainees,
  recordRosterChange,
  withdrawOpenRequests,
  type LatestCohortRequest,
  type WaitingTrainee,
} from "~/models/cohorts/cohort-request.server";
import { insertInvitation, invitationLink, sendInvitationMail } from "~/models/accounts/invitation.server";
import { normalizeEmail } from "~/models/accounts/user.server";
import { decodeRosterFile, parsePastedAddresses, parseRosterCsv, type RosterEntry } from "~/codecs/roster-file";

const emailShape = z.email();

export interface RosterRefusal extends RosterEntry {
  reason: string;
}

export interface RosterOutcome {
  /** Added at once: only when an admin adds them. */
  joined: { email: string; name: string }[];
  /** Members asked to join; they are in the cohort once they accept. */
  asked: { email: string; name: string }[];
  invited: { email: string; link: string }[];
  refused: RosterRefusal[];
}

const roleWithArticle = (role: Role) => (role === "admin" ? "an admin" : `a ${role}`);

/**
 * Adds every valid address to the cohort as a trainee. A member of the
 * organization is asked to join and is in the cohort only once they accept
 * (an admin's add counts as the organization's decision and is at once);
 * anyone else gets an invitation that names the cohort. Every row is checked
 * and each refusal says why. All rows, with their activity log entries, are
 * written in one transaction; mail goes out after it commits.
 */
export async function addTraineesToCohort(input: {
  organizationId: string;
  cohortId: string;
  actorId: string;
  actorRole: Role;
  entries: RosterEntry[];
  appOrigin: string;
}): Promise<RosterOutcome> {
  // Refusals are found in two passes (the address itself, then the database); they are reported in list order.
  const position = new Map(input.entries.map((entry, index) => [entry, index]));
  const refusals: { at: number; refusal: RosterRefusal }[] = [];
  const refuse = (entry: RosterEntry, reason: string) => refusals.push({ at: position.get(entry) ?? 0, refusal: { ...entry, reason } });
  const firstPlace = new Map<string, string>();
  const valid: { entry: RosterEntry; email: string }[] = [];
  for (const entry of input.entries) {
    const email = normalizeEmail(entry.value);
    if (email === "") refuse(entry, "This row has no email address.");
    else if (email.length > 254) refuse(entry, "This is too long to be an email address.");
    else if (!emailShape.safeParse(email).success) refuse(entry, "This is not a complete email address (like name@example.org).");
    else if (firstPlace.has(email)) refuse(entry, `This address is already in the list, at ${firstPlace.get(email)!.toLowerCase()}.`);
    else {
      firstPlace.set(email, entry.place);
      valid.push({ entry, email });
    }
  }

  const atOnce = addsTraineesWithoutAsking(input.actorRole);
  const db = getDb();
  const emails = valid.map((v) => v.email);
  const result = await db.transaction().execute(async (trx) => {
    const cohortRow = await requireCohortRow(trx, { organizationId: input.organizationId, cohortId: input.cohortId, forChange: true });
    const cohort = { id: cohortRow.id, name: cohortRow.name };
    const organization = await trx.selectFrom("organizations").select(["name", "slug"]).where("id", "=", input.organizationId).executeTakeFirstOrThrow();
    const actor = await trx.selectFrom("users").select("display_name").where("id", "=", input.actorId).executeTakeFirstOrThrow();
    const users = new Map<string, { id: string; name: string; role: Role | null; inCohort: "trainer" | "trainee" | null }>();
    const openInvitations = new Map<string, string>();
    for (const chunk of chunks(emails, 500)) {
      const rows = await trx
        .selectFrom("users")
        .leftJoin("memberships", (join) =>
          join.onRef("memberships.user_id", "=", "users.id").on("memberships.organization_id", "=", input.organizationId),
        )
        .leftJoin("cohort_members", (join) =>
          join.onRef("cohort_members.user_id", "=", "users.id").on("cohort_members.cohort_id", "=", input.cohortId),
        )
        .select(["users.id", "users.email", "users.display_name", "memberships.role", "cohort_members.role as cohort_role"])
        .where("users.email", "in", chunk)
        .execute();
      for (const row of rows) users.set(row.email, { id: row.id, name: row.display_name, role: row.role, inCohort: row.cohort_role });
      const invitations = await trx
        .selectFrom("invitations")
        .select(["email", "created_at"])
        .where("organization_id", "=", input.organizationId)
        .where("cohort_id", "=", input.cohortId)
        .where("accepted_at", "is", null)
        .where("revoked_at", "is", null)
        .where("expires_at", ">", new Date().toISOString())
        .where("email", "in", chunk)
        .execute();
      for (const row of invitations) openInvitations.set(row.email, row.created_at);
    }
    const requests = new Map<string, LatestCohortRequest>();
    const memberIds = [...users.values()].filter((u) => u.role === "trainee").map((u) => u.id);
    for (const chunk of chunks(memberIds, 500)) {
      for (const [userId, latest] of await latestCohortRequests(trx, input.cohortId, chunk)) requests.set(userId, latest);
    }

    const joined: { userId: string; email: string; name: string }[] = [];
    const asked: { userId: string; email: string; name: string }[] = [];
    const invited: { email: string; token: string }[] = [];
    const now = new Date();
    for (const { entry, email } of valid) {
      const user = users.get(email);
      if (user?.role) {
        const request = requests.get(user.id);
        if (user.inCohort === "trainee") refuse(entry, "This person is already a trainee in this cohort.");
        else if (user.inCohort === "trainer") refuse(entry, "This person is a trainer of this cohort.");
        else if (user.role !== "trainee") {
          refuse(entry, `This person is ${roleWithArticle(user.role)} in this organization. Only trainees can be added to a cohort.`);
        } else if (atOnce) joined.push({ userId: user.id, email, name: user.name });
        else if (request?.status === "pending") {
          refuse(entry, `This person was asked to join this cohort on ${request.requestedAt.slice(0, 10)} and has not answered yet.`);
        } else if (request?.status === "declined") {
          refuse(entry, `This person said no to joining this cohort on ${request.answeredAt!.slice(0, 10)}. Only an admin can add them now, if they agree.`);
        } else asked.push({ userId: user.id, email, name: user.name });
      } else if (openInvitations.has(email)) {
        refuse(entry, `This person was already invited to this cohort on ${openInvitations.get(email)!.slice(0, 10)} and has not answered yet.`);
      } else {
        const created = await insertInvitation(
          trx,
          { organizationId: input.organizationId, actorId: input.actorId, email, role: "trainee", cohortId: input.cohortId },
          now,
        );
        invited.push({ email, token: created.token });
      }
    }
    const at = now.toISOString();
    for (const chunk of chunks(joined, 200)) {
      await trx
        .insertInto("cohort_members")
        .values(chunk.map((j) => ({ cohort_id: input.cohortId, user_id: j.userId, role: "trainee" as const, added_at: at })))
        .execute();
    }
    // An admin's add settles any open request to the same cohort.
    await withdrawOpenRequests(trx, { organizationId: input.organizationId, cohortId: input.cohortId, actorId: input.actorId, now: at, userIds: joined.map((j) => j.userId) });
    for (const person of joined) {
      await recordRosterChange(trx, { organizationId: input.organizationId, actorId: input.actorId, action: "cohort.trainee_added", cohort, trainee: person });
    }
    for (const person of asked) {
      await insertCohortRequest(trx, { organizationId: input.organizationId, cohort, trainee: { id: person.userId, email: person.email }, actorId: input.actorId, now: at });
    }
    return { cohortName: cohort.name, organization, actorName: actor.display_name, joined, asked, invited };
  });

  const invited = result.invited.map((i) => ({ email: i.email, link: invitationLink(input.appOrigin, i.token) }));
  for (const invitation of invited) {
    await sendInvitationMail({
      to: invitation.email,
      organizationName: result.organization.name,
      role: "trainee",
      link: invitation.link,
      cohortName: result.cohortName,
    });
  }
  // People added at once are told, because their trainers can now follow their progress.
  for (const person of result.joined) {
    await sendMail({
      to: person.email,
      subject: `You have joined the training group "${result.cohortName}"`,
      text: `An admin of ${result.organization.name} added you to the training group "${result.cohortName}".\n\nIts trainers can now see your progress in modules and your quiz results, and any reflection you choose to share with them. Your other reflections stay private.\n\nSign in to see the modules assigned to you: ${input.appOrigin}/\n`,
    });
  }
  for (const person of result.asked) {
    await sendMail({
      to: person.email,
      subject: `You are asked to join the training group "${result.cohortName}"`,
      text: `${result.actorName} asked you to join the training group "${result.cohortName}" at ${result.organization.name}.\n\nYou are not in it unless you say yes. Before you decide, you can see who its trainers are and what they would see of your learning:\n${input.appOrigin}/o/${result.organization.slug}/learn/cohort-requests\n`,
    });
  }
  const refused = refusals.sort((a, b) => a.at - b.at).map((r) => r.refusal);
  const people = (list: { email: string; name: string }[]) => list.map(({ email, name }) => ({ email, name }));
  return { joined: people(result.joined), asked: people(result.asked), invited, refused };
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface CohortRoster {
  archived: boolean;
  trainees: { id: string; name: string; email: string; addedAt: string }[];
  /** Members asked to join who have not answered: nothing of their learning is shown until they accept. */
  waiting: WaitingTrainee[];
  pending: { id: string; email: string; createdAt: string; expiresAt: string }[];
}

/** The cohort's trainees still in the organization, members asked to join, and invitations not yet answered. */
export async function getCohortRoster(organizationId: string, cohortId: string): Promise<CohortRoster> {
  const cohort = await requireCohortRow(getDb(), { organizationId, cohortId });
  const [trainees, waiting, pending] = await Promise.all([
    getDb()
      .selectFrom("cohort_members")
      .innerJoin("users", "users.id", "cohort_members.user_id")
      .innerJoin("memberships", (join) =>
        join.onRef("memberships.user_id", "=", "cohort_members.user_id").on("memberships.organization_id", "=", organizationId),
      )
      .select(["users.id", "users.display_name", "users.email", "cohort_members.added_at"])
      .where("cohort_members.cohort_id", "=", cohortId)
      .where("cohort_members.role", "=", "trainee")
      .orderBy("users.display_name")
      .execute(),
    listWaitingTrainees(organizationId, cohortId),
    getDb()
      .selectFrom("invitations")
      .select(["id", "email", "created_at", "expires_at"])
      .where("organization_id", "=", organizationId)
      .where("cohort_id", "=", cohortId)
      .where("accepted_at", "is", null)
      .where("revoked_at", "is", null)
      .where("expires_at", ">", new Date().toISOString())
      .orderBy("email")
      .execute(),
  ]);
  return {
    archived: cohort.archived_at !== null,
    trainees: trainees.map((t) => ({ id: t.id, name: t.display_name, email: t.email, addedAt: t.added_at })),
    waiting,
    pending: pending.map((p) => ({ id: p.id, email: p.email, createdAt: p.created_at, expiresAt: p.expires_at })),
  };
}

/** Takes a trainee out of the cohort; they stay in the organization and keep their learning. */
export async function removeTraineeFromCohort(input: { organizationId: string; cohortId: string; actorId: string; userId: string }): Promise<void> {
  await getDb()
    .transaction()
    .execute(async (trx) => {
      const cohort = await requireCohortRow(trx, { organizationId: input.organizationId, cohortId: input.cohortId, forChange: true });
      const removed = await trx
        .deleteFrom("cohort_members")
        .where("cohort_id", "=", input.cohortId)
        .where("user_id", "=", input.userId)
        .where("role", "=", "trainee")
        .executeTakeFirst();
      if (Number(removed.numDeletedRows) === 0) throw new DomainError("That person is not a trainee in this cohort. Reload the page.", 404);
      const trainee = await trx.selectFrom("users").select("email").where("id", "=", input.userId).executeTakeFirstOrThrow();
      await recordRosterChange(trx, { organizationId: input.organizationId, actorId: input.actorId, action: "cohort.trainee_removed", cohort, trainee });
    });
}

/** Withdraws an unanswered invitation to this cohort (and only to this cohort). */
export async function withdrawCohortInvitation(input: {
  organizationId: string;
  cohortId: string;
  actorId: string;
  invitationId: string;
}): Promise<void> {
  await getDb()
    .transaction()
    .execute(async (trx) => {
      const cohort = await requireCohortRow(trx, { organizationId: input.organizationId, cohortId: input.cohortId, forChange: true });
      const withdrawn = await trx
        .updateTable("invitations")
        .set({ revoked_at: new Date().toISOString() })
        .where("id", "=", input.invitationId)
        .where("organization_id", "=", input.organizationId)
        .where("cohort_id", "=", input.cohortId)
        .where("accepted_at", "is", null)
        .where("revoked_at", "is", null)
        .returning("email")
        .executeTakeFirst();
      if (!withdrawn) {
        throw new DomainError("That invitation was not found, or it was already used or withdrawn. Reload the page.", 404);
      }
      await recordAudit(trx, {
        organizationId: input.organizationId,
        actorId: input.actorId,
        action: "invitation.revoked",
        subject: `invitation:${input.invitationId}`,
        data: { email: withdrawn.email, cohort: cohort.name },
      });
    });
}

type RosterTarget = { organizationId: string; cohortId: string; actorId: string; actorRole: Role; appOrigin: string };

/** Adds the addresses of a pasted list; a list that cannot be read adds nobody. */
export async function addTraineesFromList(input: RosterTarget & { text: string }): Promise<RosterOutcome> {
  return addTraineesToCohort({ ...input, entries: parsePastedAddresses(input.text) });
}

/** Adds the people of an uploaded CSV file; a file that is malformed as a whole adds nobody. */
export async function addTraineesFromFile(input: RosterTarget & { bytes: Uint8Array }): Promise<RosterOutcome> {
  return addTraineesToCohort({ ...input, entries: parseRosterCsv(decodeRosterFile(input.bytes)) });
}
