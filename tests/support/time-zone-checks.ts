import { getDb } from "~/db.server";

/** The time zone stored for this person, or null. */
export async function storedTimeZone(userId: string): Promise<string | null> {
  return (await getDb().selectFrom("users").select("time_zone").where("id", "=", userId).executeTakeFirstOrThrow()).time_zone;
}

/**
 * The activity log's newest entry as a person in `timeZone` reads it
 * ("1 December 2026, 10:15"), worked out by the runtime's own locale data
 * rather than by the app's formatter, so a test compares two independent answers.
 */
export async function newestActivityAsReadIn(timeZone: string): Promise<string> {
  const { at } = await getDb().selectFrom("audit_log").select("at").orderBy("at", "desc").executeTakeFirstOrThrow();
  const date = new Date(at);
  const day = date.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone });
  const clock = date.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone });
  return `${day}, ${clock}`;
}
