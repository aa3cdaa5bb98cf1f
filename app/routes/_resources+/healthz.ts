import { checkDatabaseAnswers } from "~/models/system/health.server";

/** For load balancers and the test harness: the process is up and the database answers. */
export async function loader() {
  await checkDatabaseAnswers();
  return new Response("ok", { headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });
}
