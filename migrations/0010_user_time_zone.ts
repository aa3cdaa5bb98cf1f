import type { Kysely } from "kysely";

/**
 * Each person's time zone (an IANA name such as "Europe/Berlin"), so that
 * pages show times as that person reads a clock. Null until the browser
 * reports it or the person chooses one; pages show UTC until then and say so.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").addColumn("time_zone", "text").execute();
}
