import { type Kysely, sql } from "kysely";

/**
 * Crisis and support lines an organization shows beside every content note,
 * at the foot of every module page and in the crisis module. An organization
 * with none shows the built-in default (Canada's 9-8-8) with a note to set
 * local lines, so no trainee ever reads distressing content with no line
 * in sight.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("support_lines")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("phone", "text")
    .addColumn("text_number", "text")
    .addColumn("website", "text")
    .addColumn("hours", "text", (c) => c.notNull())
    .addColumn("region", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addCheckConstraint("support_lines_reachable", sql`phone is not null or text_number is not null or website is not null`)
    .execute();
  await db.schema.createIndex("support_lines_organization").on("support_lines").columns(["organization_id", "position"]).execute();
}
