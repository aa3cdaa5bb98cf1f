import { sql } from "kysely";
import { getDb } from "~/db.server";

/** For load balancers and the test harness: the process is up and the database answers. */
export async function loader() {
  await sql`select 1`.execute(getDb());
  return new Response("ok", { headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });
}
