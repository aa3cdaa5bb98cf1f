import { generateId } from "~/auth/tokens.server";
import { DEFAULT_SUPPORT_LINES, type SupportLine, type SupportLines } from "~/content/support-lines";
import { getDb } from "~/db.server";
import type { SupportLineTable } from "~/db/schema";
import { DomainError } from "~/domain-error";
import { recordAudit } from "~/models/organizations/audit.server";

/** Enough for every region an organization serves, short enough to read beside a content note. */
export const MAX_SUPPORT_LINES = 8;

export interface SupportLineInput {
  name: string;
  phone?: string;
  textNumber?: string;
  website?: string;
  hours: string;
  region: string;
}

function toSupportLine(row: Omit<SupportLineTable, "organization_id" | "position" | "created_at">): SupportLine {
  return { id: row.id, name: row.name, phone: row.phone, textNumber: row.text_number, website: row.website, hours: row.hours, region: row.region };
}

/** The organization's own lines in their order, or the built-in default when it has set none. */
export async function listSupportLines(organizationId: string): Promise<SupportLines> {
  const rows = await getDb()
    .selectFrom("support_lines")
    .select(["id", "name", "phone", "text_number", "website", "hours", "region"])
    .where("organization_id", "=", organizationId)
    .orderBy("position")
    .orderBy("created_at")
    .execute();
  if (rows.length === 0) return { lines: DEFAULT_SUPPORT_LINES, isDefault: true };
  return { lines: rows.map(toSupportLine), isDefault: false };
}

/** The columns a person writes; an empty way to reach the line is stored as none. */
function lineColumns(line: SupportLineInput) {
  return {
    name: line.name,
    phone: line.phone || null,
    text_number: line.textNumber || null,
    website: line.website || null,
    hours: line.hours,
    region: line.region,
  };
}

function requireReachable(input: SupportLineInput) {
  if (!input.phone && !input.textNumber && !input.website) {
    throw new DomainError("Give at least one way to reach this line: a phone number, a number to text, or a website.", 400, "phone");
  }
}

export async function addSupportLine(input: { organizationId: string; actorId: string; line: SupportLineInput }): Promise<string> {
  requireReachable(input.line);
  const id = generateId();
  await getDb()
    .transaction()
    .execute(async (trx) => {
      const { count } = await trx
        .selectFrom("support_lines")
        .select((eb) => eb.fn.countAll<number>().as("count"))
        .where("organization_id", "=", input.organizationId)
        .executeTakeFirstOrThrow();
      if (Number(count) >= MAX_SUPPORT_LINES) {
        throw new DomainError(`An organization can list up to ${MAX_SUPPORT_LINES} lines. Remove one before adding another.`, 409);
      }
      await trx
        .insertInto("support_lines")
        .values({
          id,
          organization_id: input.organizationId,
          ...lineColumns(input.line),
          position: Number(count),
          created_at: new Date().toISOString(),
        })
        .execute();
      await recordAudit(trx, {
        organizationId: input.organizationId,
        actorId: input.actorId,
        action: "support_line.added",
        subject: id,
        data: { name: input.line.name },
      });
    });
  return id;
}

export async function updateSupportLine(input: { organizationId: string; actorId: string; lineId: string; line: SupportLineInput }) {
  requireReachable(input.line);
  await getDb()
    .transaction()
    .execute(async (trx) => {
      const result = await trx
        .updateTable("support_lines")
        .set(lineColumns(input.line))
        .where("id", "=", input.lineId)
        .where("organization_id", "=", input.organizationId)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw new DomainError("That line was not found. Reload the page and try again.", 404);
      await recordAudit(trx, {
        organizationId: input.organizationId,
        actorId: input.actorId,
        action: "support_line.changed",
        subject: input.lineId,
        data: { name: input.line.name },
      });
    });
}

export async function removeSupportLine(input: { organizationId: string; actorId: string; lineId: string }) {
  await getDb()
    .transaction()
    .execute(async (trx) => {
      const removed = await trx
        .deleteFrom("support_lines")
        .where("id", "=", input.lineId)
        .where("organization_id", "=", input.organizationId)
        .returning("name")
        .executeTakeFirst();
      if (!removed) throw new DomainError("That line was not found. Reload the page and try again.", 404);
      await recordAudit(trx, {
        organizationId: input.organizationId,
        actorId: input.actorId,
        action: "support_line.removed",
        subject: input.lineId,
        data: { name: removed.name },
      });
    });
}
