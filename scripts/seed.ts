import { closeDb, getDb } from "../app/db.server";
import { migrateToLatest } from "../app/db/migrate.server";
import { addMember } from "../app/models/membership.server";
import { createOrganization } from "../app/models/organization.server";
import { createUser } from "../app/models/user.server";
import { DEMO_ACCOUNTS, DEMO_ORGANIZATION } from "./demo-accounts";

/** Seeds the demo organization when the database has no accounts yet. Returns whether it did. */
export async function seedDemoIfEmpty(): Promise<boolean> {
  const db = getDb();
  const anyUser = await db.selectFrom("users").select("id").limit(1).executeTakeFirst();
  if (anyUser) return false;
  const [adminAccount, ...others] = DEMO_ACCOUNTS;
  const admin = await createUser(adminAccount!);
  const organization = await createOrganization({ name: DEMO_ORGANIZATION.name, creatorId: admin.id });
  for (const account of others) {
    const user = await createUser(account);
    await addMember({ organizationId: organization.id, userId: user.id, role: account.role });
  }
  return true;
}

export function printDemoAccounts(baseUrl: string): void {
  const width = Math.max(...DEMO_ACCOUNTS.map((a) => a.email.length));
  console.log(`\nDemo organization: ${DEMO_ORGANIZATION.name}`);
  console.log(`Open ${baseUrl} and sign in with one of these accounts:\n`);
  for (const account of DEMO_ACCOUNTS) {
    console.log(`  ${account.role.padEnd(8)} ${account.email.padEnd(width)}  password: ${account.password}`);
  }
  console.log("");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await migrateToLatest(getDb());
  const seeded = await seedDemoIfEmpty();
  console.log(seeded ? "Seeded the demo organization." : "The database already has accounts; nothing seeded.");
  await closeDb();
}
