import type { Role } from "~/db/schema";

/*
 * What each role may do beyond seeing, in one place: the models that enforce
 * a rule and the pages that offer (or hide) the button ask these, so the two
 * never disagree. Who may see whom is in cohort-scope.server.ts.
 */

/** Admins run every cohort of their organization; trainers only the ones they train. */
export function managesEveryCohort(role: Role): boolean {
  return role === "admin";
}

/** Issuing a completion record is an admin's act; a trainer signs off and an admin issues. */
export function mayIssueRecords(role: Role): boolean {
  return role === "admin";
}

/** Only an admin reopens an archived cohort: a trainer cannot rewrite a closed record. */
export function mayReopenCohort(role: Role): boolean {
  return role === "admin";
}

/**
 * An admin's add puts an existing member into a cohort at once; a trainer's
 * only asks, and the trainee says yes or no (decision 021).
 */
export function addsTraineesWithoutAsking(role: Role): boolean {
  return role === "admin";
}
