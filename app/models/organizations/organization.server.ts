import { generateId } from "~/auth/tokens.server";
import { getDb } from "~/db.server";
import type { Organization, Role } from "~/db/schema";
import { recordAudit } from "~/models/organizations/audit.server";
import { createOrganizationKey, insertOrganizationKey } from "~/models/organizations/organization-key.server";

export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  return slug || "organization";
}

async function uniqueSlug(name: string): Promise<string> {
  const base = slugify(name);
  const taken = await getDb()
    .selectFrom("organizations")
    .select("slug")
    .where((eb) => eb.or([eb("slug", "=", base), eb("slug", "like", `${base}-%`)]))
    .execute();
  const used = new Set(taken.map((row) => row.slug));
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

/**
 * Creates an organization with its creator as first admin and its own key
 * pair for signing completion records, in one transaction.
 */
export async function createOrganization(input: { name: string; creatorId: string }): Promise<Organization> {
  const organization: Organization = {
    id: generateId(),
    slug: await uniqueSlug(input.name),
    name: input.name.trim(),
    created_at: new Date().toISOString(),
  };
  // Generating the key pair takes a moment of CPU: done before the transaction opens.
  const signingKey = await createOrganizationKey(organization.id, organization.created_at);
  await getDb()
    .transaction()
    .execute(async (trx) => {
      await trx.insertInto("organizations").values(organization).execute();
      await insertOrganizationKey(trx, signingKey);
      await trx
        .insertInto("memberships")
        .values({
          user_id: input.creatorId,
          organization_id: organization.id,
          role: "admin",
          created_at: organization.created_at,
        })
        .execute();
      await recordAudit(trx, {
        organizationId: organization.id,
        actorId: input.creatorId,
        action: "organization.created",
        subject: `organization:${organization.id}`,
        data: { name: organization.name },
      });
    });
  return organization;
}

export interface OrganizationMembership {
  id: string;
  slug: string;
  name: string;
  role: Role;
}

export async function listOrganizationsOfUser(userId: string): Promise<OrganizationMembership[]> {
  return getDb()
    .selectFrom("memberships")
    .innerJoin("organizations", "organizations.id", "memberships.organization_id")
    .select(["organizations.id", "organizations.slug", "organizations.name", "memberships.role"])
    .where("memberships.user_id", "=", userId)
    .orderBy("organizations.name")
    .execute();
}

/** The organization with this slug if the user belongs to it, with their role. */
export async function findOrganizationMembership(
  userId: string,
  slug: string,
): Promise<OrganizationMembership | undefined> {
  return getDb()
    .selectFrom("memberships")
    .innerJoin("organizations", "organizations.id", "memberships.organization_id")
    .select(["organizations.id", "organizations.slug", "organizations.name", "memberships.role"])
    .where("memberships.user_id", "=", userId)
    .where("organizations.slug", "=", slug)
    .executeTakeFirst();
}

/** How far a new organization has come with the first steps its admins are shown on its home page. */
export interface OrganizationSetup {
  /** "invited": nobody is a trainer yet, but an invitation to be one is waiting. */
  trainer: "done" | "invited" | "to-do";
  programme: boolean;
  cohort: boolean;
}

/** Read from what exists, never stored: a step ticks itself when it is done, and unticks if undone. */
export async function getOrganizationSetup(organizationId: string, now = new Date()): Promise<OrganizationSetup> {
  const db = getDb();
  const [trainer, invitation, programme, cohort] = await Promise.all([
    db.selectFrom("memberships").select("user_id").where("organization_id", "=", organizationId).where("role", "=", "trainer").limit(1).executeTakeFirst(),
    db
      .selectFrom("invitations")
      .select("id")
      .where("organization_id", "=", organizationId)
      .where("role", "=", "trainer")
      .where("accepted_at", "is", null)
      .where("revoked_at", "is", null)
      .where("expires_at", ">", now.toISOString())
      .limit(1)
      .executeTakeFirst(),
    db.selectFrom("programmes").select("id").where("organization_id", "=", organizationId).where("archived_at", "is", null).limit(1).executeTakeFirst(),
    db.selectFrom("cohorts").select("id").where("organization_id", "=", organizationId).where("archived_at", "is", null).limit(1).executeTakeFirst(),
  ]);
  return { trainer: trainer ? "done" : invitation ? "invited" : "to-do", programme: programme !== undefined, cohort: cohort !== undefined };
}
