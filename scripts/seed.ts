import { getConfig, getCredentialKey } from "../app/config.server";
import { listModules } from "../app/content/catalog.server";
import { closeDb, getDb } from "../app/db.server";
import { migrateToLatest } from "../app/db/migrate.server";
import { syncContentFrameworks } from "../app/models/competencies/framework.server";
import { addMember } from "../app/models/accounts/membership.server";
import { recordModuleVersions } from "../app/models/learning/module-version.server";
import { createOrganization } from "../app/models/organizations/organization.server";
import { createUser } from "../app/models/accounts/user.server";
import { DEMO_ACCOUNTS, DEMO_ORGANIZATION, type DemoAccount } from "./demo-accounts";
import { checkDemoModules, seedDemoActivity, type DemoPerson } from "./demo-activity";

/**
 * Seeds the demo organization, with its people and their first weeks of
 * activity, when the database has no accounts yet. Returns whether it did.
 * The modules must be built (`npm run build`): the activity runs through them.
 */
export async function seedDemoIfEmpty(appOrigin = defaultOrigin()): Promise<boolean> {
  const db = getDb();
  const anyUser = await db.selectFrom("users").select("id").limit(1).executeTakeFirst();
  if (anyUser) return false;
  // Nothing is written unless the demo can be seeded whole.
  checkDemoModules();
  // What the server does when it starts: the activity below pins module versions and competencies.
  await recordModuleVersions(listModules());
  await syncContentFrameworks("content/frameworks");
  const people = new Map<string, DemoPerson>();
  const create = async (account: DemoAccount) => {
    const user = await createUser(account);
    people.set(account.email, { id: user.id, email: account.email, displayName: account.displayName });
    return user;
  };
  const [adminAccount, ...others] = DEMO_ACCOUNTS;
  const admin = await create(adminAccount!);
  const organization = await createOrganization({ name: DEMO_ORGANIZATION.name, creatorId: admin.id });
  for (const account of others) {
    const user = await create(account);
    await addMember({ organizationId: organization.id, userId: user.id, role: account.role });
  }
  const person = (email: string) => people.get(email)!;
  await seedDemoActivity({
    organization: { id: organization.id, name: organization.name },
    admin: person("admin@riverside.example"),
    trainer: person("trainer@riverside.example"),
    trainees: {
      amara: person("amara@riverside.example"),
      ben: person("ben@riverside.example"),
      priya: person("priya@riverside.example"),
      jonas: person("jonas@riverside.example"),
    },
    appOrigin,
  });
  return true;
}

function defaultOrigin(): string {
  const config = getConfig();
  return config.APP_URL ?? `http://localhost:${config.PORT}`;
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
  // Records are signed with the organization's key, kept under the credential key.
  getCredentialKey();
  await migrateToLatest(getDb());
  const seeded = await seedDemoIfEmpty();
  console.log(seeded ? "Seeded the demo organization." : "The database already has accounts; nothing seeded.");
  await closeDb();
}
