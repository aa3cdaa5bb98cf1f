import { getDb } from "~/db.server";
import { DomainError } from "~/domain-error";
import { recordAudit } from "~/models/organizations/audit.server";
import { applyFrameworkDefinition, findShippedFramework, type FrameworkDefinition, type FrameworkSyncResult } from "~/models/competencies/framework.server";
import { MAX_PROBLEMS, parseCasePackage, type CaseReading } from "~/codecs/case-package.server";

/* Importing a CASE package (read by app/codecs/case-package.server.ts) as one of the organization's frameworks, or previewing what that would do. */

/** A package refused as a whole; `problems` lists what to fix. */
export class CasePackageError extends DomainError {
  constructor(
    readonly problems: string[],
    status: 400 | 409 | 422,
  ) {
    super(`This CASE package was not imported, and nothing was changed. ${problems.length === 1 ? "Fix this" : "Fix these"} and try again.`, status);
    this.name = "CasePackageError";
  }
}

export type CaseImportResult =
  | ({ outcome: "created" | "updated" | "unchanged"; title: string; competencies: number; inUse: boolean } & Pick<FrameworkSyncResult, "frameworkId" | "added" | "changed" | "retired">)
  | { outcome: "built-in"; title: string };

/** Thrown to roll back a preview's transaction, carrying what the import would have done. */
class PreviewRollback {
  constructor(readonly result: CaseImportResult) {}
}

/**
 * Writes the definition as the organization's framework inside one
 * transaction, or (for a preview) does the same and rolls it back, so the
 * preview's counts are exactly what importing would do.
 */
async function applyCaseDefinition(
  input: { organizationId: string; actorId: string },
  definition: FrameworkDefinition,
  mode: "import" | "preview",
): Promise<CaseImportResult> {
  const shipped = await findShippedFramework(definition.caseIdentifier);
  if (shipped) return { outcome: "built-in", title: shipped.title };
  try {
    return await getDb()
      .transaction()
      .execute(async (trx) => {
        const existing = await trx
          .selectFrom("frameworks")
          .select(["id", "enabled_at"])
          .where("organization_id", "=", input.organizationId)
          .where("case_identifier", "=", definition.caseIdentifier)
          .executeTakeFirst();
        if (existing) {
          // Codes stay unique in a framework even after retirement: a new item may not take a retired one's code.
          const rows = await trx.selectFrom("competencies").select(["code", "case_identifier"]).where("framework_id", "=", existing.id).execute();
          const clashes = definition.competencies.filter((c) => rows.some((r) => r.code === c.code && r.case_identifier !== c.caseIdentifier));
          if (clashes.length > 0) {
            throw new CasePackageError(
              clashes.slice(0, MAX_PROBLEMS).map((c) => `The code "${c.code}" belonged to another item of this framework before. Give item ${c.caseIdentifier} a new humanCodingScheme.`),
              409,
            );
          }
        }
        const applied = await applyFrameworkDefinition(trx, definition, { organizationId: input.organizationId, source: "imported" });
        if (applied.outcome !== "unchanged") {
          await recordAudit(trx, {
            organizationId: input.organizationId,
            actorId: input.actorId,
            action: "framework.imported",
            subject: `framework:${applied.frameworkId}`,
            data: { title: definition.title, outcome: applied.outcome, added: applied.added, changed: applied.changed, retired: applied.retired },
          });
        }
        const result: CaseImportResult = {
          outcome: applied.outcome,
          frameworkId: applied.frameworkId,
          title: definition.title,
          competencies: definition.competencies.length,
          inUse: existing?.enabled_at != null,
          added: applied.added,
          changed: applied.changed,
          retired: applied.retired,
        };
        if (mode === "preview") throw new PreviewRollback(result);
        return result;
      });
  } catch (error) {
    if (error instanceof PreviewRollback) return error.result;
    throw error;
  }
}

export type CasePreview = CaseReading & { result: CaseImportResult };

/**
 * What importing the package would do, with nothing written: the framework,
 * its tree, what was read differently from the file, and whether it would be
 * created, updated or left as it is. Refuses like the import does.
 */
export async function previewCasePackage(input: { organizationId: string; actorId: string; text: string }): Promise<CasePreview> {
  const parsed = parseCasePackage(input.text);
  if (!parsed.ok) throw new CasePackageError(parsed.problems, parsed.status);
  const { ok: _ok, ...reading } = parsed;
  return { ...reading, result: await applyCaseDefinition(input, parsed.definition, "preview") };
}

/**
 * Imports a CASE package as a framework of the organization, all or nothing.
 * The same package again (matched by its CFDocument identifier) updates that
 * framework instead of adding a second: items no longer in it are retired,
 * their evidence kept. A package of a framework every organization already
 * has (a shipped one) changes nothing. A new framework starts turned off.
 */
export async function importCasePackage(input: { organizationId: string; actorId: string; text: string }): Promise<CaseImportResult> {
  const parsed = parseCasePackage(input.text);
  if (!parsed.ok) throw new CasePackageError(parsed.problems, parsed.status);
  return applyCaseDefinition(input, parsed.definition, "import");
}
