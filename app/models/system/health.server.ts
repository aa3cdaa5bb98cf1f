import { sql } from "kysely";
import { getDb } from "~/db.server";

/** Throws unless the database answers a trivial query. */
export async function checkDatabaseAnswers(): Promise<void> {
  await sql`select 1`.execute(getDb());
}
