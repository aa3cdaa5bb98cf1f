import { getDb } from "~/db.server";
import type { Database } from "~/db/schema";

export type TableName = keyof Database;

const TABLES = [
  "organizations",
  "users",
  "sessions",
  "memberships",
  "invitations",
  "password_resets",
  "sign_in_failures",
  "audit_log",
  "module_versions",
  "module_progress",
  "quiz_papers",
  "quiz_attempts",
  "quiz_answers",
  "accommodations",
  "reflections",
  "frameworks",
  "competencies",
  "competency_evidence",
  "cohorts",
  "cohort_members",
  "assignments",
  "reflection_comments",
  "organization_keys",
  "programmes",
  "programme_modules",
  "programme_competencies",
  "programme_sign_offs",
  "completion_records",
  "verification_misses",
  "support_lines",
  "known_devices",
  "mail_requests",
  "sign_up_requests",
  "email_changes",
  "cohort_requests",
  "outbox",
] as const satisfies readonly TableName[];

// Every table of app/db/schema.ts is counted: one added there and not here fails the type check, naming it.
// The scheduler's tables are left out on purpose: it writes them in the background on its own clock, not in answer to a request.
type WrittenByTheScheduler = "jobs" | "job_runs";
type Uncounted = Exclude<TableName, (typeof TABLES)[number] | WrittenByTheScheduler>;
const everyTableCounted: [Uncounted] extends [never] ? true : { uncountedTable: Uncounted } = true;
void everyTableCounted;

/** How many rows every table holds: compare before and after to prove nothing was written. */
export async function rowCounts(): Promise<Record<TableName, number>> {
  const counts = {} as Record<TableName, number>;
  for (const table of TABLES) {
    const row = await getDb()
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as("rows"))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.rows);
  }
  return counts;
}

/** The sessions rows of one person, by stored id (the SHA-256 of the cookie's id: see storedSessionId). */
export async function sessionIdsOf(userId: string): Promise<string[]> {
  const rows = await getDb().selectFrom("sessions").select("id").where("user_id", "=", userId).orderBy("id").execute();
  return rows.map((row) => row.id);
}
