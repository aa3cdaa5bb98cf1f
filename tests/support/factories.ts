import type { Role } from "~/db/schema";
import { addMember } from "~/models/accounts/membership.server";
import { createOrganization } from "~/models/organizations/organization.server";
import { createUser } from "~/models/accounts/user.server";

let counter = 0;
export const TEST_PASSWORD = "a calm test password";

export async function createTestUser(overrides: { email?: string; displayName?: string; password?: string } = {}) {
  counter += 1;
  const password = overrides.password ?? TEST_PASSWORD;
  const user = await createUser({
    email: overrides.email ?? `person${counter}-${Date.now()}@example.org`,
    displayName: overrides.displayName ?? `Person ${counter}`,
    password,
  });
  return { ...user, password };
}

export async function createTestOrganization(name = `Organization ${++counter}`) {
  const admin = await createTestUser({ displayName: `Admin of ${name}` });
  const organization = await createOrganization({ name, creatorId: admin.id });
  return { organization, admin };
}

export async function createTestMember(organizationId: string, role: Role) {
  const user = await createTestUser({ displayName: `A ${role}` });
  await addMember({ organizationId, userId: user.id, role });
  return user;
}
