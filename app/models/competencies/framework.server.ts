import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { ExpressionBuilder, Selectable } from "kysely";
import { z } from "zod";
import { generateId } from "~/auth/tokens.server";
import { getDb, type Db } from "~/db.server";
import type { Database, FrameworkTable } from "~/db/schema";
import { DomainError } from "~/domain-error";
import { recordAudit } from "~/models/organizations/audit.server";
import { competencyCaseIdentifier, frameworkCaseIdentifier } from "~/codecs/case-identifier.server";

/** A framework as its source states it: a file in content/frameworks or an imported CASE package. */
export interface FrameworkDefinition {
  caseIdentifier: string;
  slug: string;
  title: string;
  publisher: string;
  description: string | null;
  licence: string | null;
  attribution: string | null;
  competencies: CompetencyDefinition[];
}

export interface CompetencyDefinition {
  caseIdentifier: string;
  code: string;
  title: string;
  description: string | null;
  behaviours: string[];
}

const text = (max: number) => z.string().trim().min(1).max(max);

const contentFrameworkSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,60}$/, "must be lower-case letters, digits and dashes"),
  title: text(300),
  publisher: text(300),
  description: text(5000).optional(),
  licence: text(500).optional(),
  attribution: text(2000).optional(),
  competencies: z
    .array(
      z.strictObject({
        code: z.string().regex(/^[a-z]+\.[a-z0-9-]+$/, "must look like who.role-01 or psc.demeanour"),
        title: text(300),
        description: text(5000).optional(),
        behaviours: z.array(text(1000)).max(50).default([]),
      }),
    )
    .min(1, "list at least one competency"),
});

/** A framework file that cannot be loaded, named with the field at fault. */
export class FrameworkFileError extends Error {
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = "FrameworkFileError";
  }
}

/** Reads and checks every framework file; identifiers are derived from each file's id and codes. */
export async function loadContentFrameworks(directory: string): Promise<FrameworkDefinition[]> {
  let names: string[];
  try {
    names = (await readdir(directory)).filter((name) => name.endsWith(".json")).sort();
  } catch {
    throw new FrameworkFileError(directory, "the frameworks folder is missing");
  }
  const definitions: FrameworkDefinition[] = [];
  for (const name of names) {
    const file = join(directory, name);
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(file, "utf8"));
    } catch (error) {
      throw new FrameworkFileError(file, `not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    const parsed = contentFrameworkSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new FrameworkFileError(file, `field "${issue.path.join(".") || "(root)"}": ${issue.message}`);
    }
    const framework = parsed.data;
    if (definitions.some((d) => d.slug === framework.id)) throw new FrameworkFileError(file, `another file already uses the id "${framework.id}"`);
    const codes = new Set<string>();
    for (const competency of framework.competencies) {
      if (codes.has(competency.code)) throw new FrameworkFileError(file, `the code "${competency.code}" is used twice`);
      codes.add(competency.code);
    }
    definitions.push({
      caseIdentifier: frameworkCaseIdentifier(framework.id),
      slug: framework.id,
      title: framework.title,
      publisher: framework.publisher,
      description: framework.description ?? null,
      licence: framework.licence ?? null,
      attribution: framework.attribution ?? null,
      competencies: framework.competencies.map((c) => ({
        caseIdentifier: competencyCaseIdentifier(framework.id, c.code),
        code: c.code,
        title: c.title,
        description: c.description ?? null,
        behaviours: c.behaviours,
      })),
    });
  }
  return definitions;
}

export interface FrameworkSyncResult {
  frameworkId: string;
  outcome: "created" | "updated" | "unchanged";
  added: number;
  changed: number;
  retired: number;
}

/**
 * Brings one framework's rows in line with its definition, inside the
 * caller's transaction. Rows are matched by CASE identifier. A competency
 * missing from the definition is retired, never deleted, so its evidence
 * stays; one that comes back is brought back. Nothing is written when
 * nothing changed, so `updated_at` (CASE lastChangeDateTime) stays put.
 */
export async function applyFrameworkDefinition(
  db: Db,
  definition: FrameworkDefinition,
  owner: { organizationId: string | null; source: "content" | "imported" },
  now = new Date().toISOString(),
): Promise<FrameworkSyncResult> {
  let query = db.selectFrom("frameworks").selectAll().where("case_identifier", "=", definition.caseIdentifier);
  query = owner.organizationId === null ? query.where("organization_id", "is", null) : query.where("organization_id", "=", owner.organizationId);
  const existing = await query.executeTakeFirst();
  const fields = {
    slug: definition.slug,
    title: definition.title,
    publisher: definition.publisher,
    description: definition.description,
    licence: definition.licence,
    attribution: definition.attribution,
  };
  let frameworkId: string;
  let outcome: FrameworkSyncResult["outcome"] = "unchanged";
  if (!existing) {
    frameworkId = generateId();
    outcome = "created";
    await db
      .insertInto("frameworks")
      .values({
        id: frameworkId,
        organization_id: owner.organizationId,
        case_identifier: definition.caseIdentifier,
        source: owner.source,
        created_at: now,
        updated_at: now,
        retired_at: null,
        // An import starts off: an admin turns it on once they have looked at it.
        enabled_at: null,
        ...fields,
      })
      .execute();
  } else {
    frameworkId = existing.id;
    const differs = (Object.keys(fields) as (keyof typeof fields)[]).some((key) => existing[key] !== fields[key]) || existing.retired_at !== null;
    if (differs) {
      outcome = "updated";
      await db.updateTable("frameworks").set({ ...fields, retired_at: null, updated_at: now }).where("id", "=", frameworkId).execute();
    }
  }

  const rows = await db.selectFrom("competencies").selectAll().where("framework_id", "=", frameworkId).execute();
  const byIdentifier = new Map(rows.map((row) => [row.case_identifier.toLowerCase(), row]));
  const wanted = new Set(definition.competencies.map((c) => c.caseIdentifier.toLowerCase()));
  let added = 0;
  let changed = 0;
  let retired = 0;
  // A retired competency keeps its code (codes are unique per framework, retired or not);
  // the CASE import refuses a package that hands a retired item's code to a new item.
  for (const row of rows) {
    if (!wanted.has(row.case_identifier.toLowerCase()) && row.retired_at === null) {
      retired += 1;
      await db.updateTable("competencies").set({ retired_at: now }).where("id", "=", row.id).execute();
    }
  }
  for (const [position, competency] of definition.competencies.entries()) {
    const row = byIdentifier.get(competency.caseIdentifier.toLowerCase());
    const values = {
      code: competency.code,
      title: competency.title,
      description: competency.description,
      behaviours: JSON.stringify(competency.behaviours),
      position,
    };
    if (!row) {
      added += 1;
      await db
        .insertInto("competencies")
        .values({ id: generateId(), framework_id: frameworkId, case_identifier: competency.caseIdentifier, retired_at: null, updated_at: now, ...values })
        .execute();
      continue;
    }
    const wordingChanged = row.code !== values.code || row.title !== values.title || row.description !== values.description || row.behaviours !== values.behaviours;
    if (wordingChanged || row.position !== position || row.retired_at !== null) {
      changed += 1;
      await db
        .updateTable("competencies")
        .set({ ...values, retired_at: null, ...(wordingChanged || row.retired_at !== null ? { updated_at: now } : {}) })
        .where("id", "=", row.id)
        .execute();
    }
  }
  if (outcome === "unchanged" && added + changed + retired > 0) outcome = "updated";
  return { frameworkId, outcome, added, changed, retired };
}

export interface ContentSyncSummary {
  frameworks: number;
  created: number;
  updated: number;
  retiredFrameworks: number;
  competencies: { added: number; changed: number; retired: number };
}

/**
 * Called once when the server starts: loads content/frameworks into the
 * database in one transaction. Safe to run again and again; a framework file
 * that was removed retires its framework and competencies.
 */
export async function syncContentFrameworks(directory = "content/frameworks"): Promise<ContentSyncSummary> {
  const definitions = await loadContentFrameworks(directory);
  const now = new Date().toISOString();
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const summary: ContentSyncSummary = {
        frameworks: definitions.length,
        created: 0,
        updated: 0,
        retiredFrameworks: 0,
        competencies: { added: 0, changed: 0, retired: 0 },
      };
      for (const definition of definitions) {
        const result = await applyFrameworkDefinition(trx, definition, { organizationId: null, source: "content" }, now);
        if (result.outcome === "created") summary.created += 1;
        if (result.outcome === "updated") summary.updated += 1;
        summary.competencies.added += result.added;
        summary.competencies.changed += result.changed;
        summary.competencies.retired += result.retired;
      }
      const shipped = definitions.map((d) => d.caseIdentifier);
      const gone = await trx
        .selectFrom("frameworks")
        .select("id")
        .where("organization_id", "is", null)
        .where("source", "=", "content")
        .where("retired_at", "is", null)
        .$if(shipped.length > 0, (q) => q.where("case_identifier", "not in", shipped))
        .execute();
      for (const framework of gone) {
        summary.retiredFrameworks += 1;
        await trx.updateTable("frameworks").set({ retired_at: now, updated_at: now }).where("id", "=", framework.id).execute();
        const result = await trx
          .updateTable("competencies")
          .set({ retired_at: now })
          .where("framework_id", "=", framework.id)
          .where("retired_at", "is", null)
          .executeTakeFirst();
        summary.competencies.retired += Number(result.numUpdatedRows);
      }
      return summary;
    });
}

export interface FrameworkRow {
  id: string;
  organizationId: string | null;
  slug: string;
  title: string;
  publisher: string;
  description: string | null;
  licence: string | null;
  attribution: string | null;
  caseIdentifier: string;
  source: "content" | "imported";
  createdAt: string;
  updatedAt: string;
  /** Shown to the organization's trainees and trainers: always for a shipped framework, once turned on for an import. */
  inUse: boolean;
}

function toFrameworkRow(row: Selectable<FrameworkTable>): FrameworkRow {
  return {
    id: row.id,
    organizationId: row.organization_id,
    slug: row.slug,
    title: row.title,
    publisher: row.publisher,
    description: row.description,
    licence: row.licence,
    attribution: row.attribution,
    caseIdentifier: row.case_identifier,
    source: row.source,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    inUse: row.organization_id === null || row.enabled_at !== null,
  };
}

/**
 * The frameworks an organization's trainees and trainers work with: every
 * shipped one, and the organization's own imports an admin turned on. For a
 * query that joins `frameworks`.
 */
export function frameworkInUseBy(organizationId: string) {
  return (eb: ExpressionBuilder<Database, "frameworks">) =>
    eb.or([eb("frameworks.organization_id", "is", null), eb.and([eb("frameworks.organization_id", "=", organizationId), eb("frameworks.enabled_at", "is not", null)])]);
}

/** Frameworks an organization uses: every shipped one and its own imports, with how many competencies each has. */
export async function listOrganizationFrameworks(organizationId: string) {
  const rows = await getDb()
    .selectFrom("frameworks")
    .leftJoin("competencies", (join) => join.onRef("competencies.framework_id", "=", "frameworks.id").on("competencies.retired_at", "is", null))
    .selectAll("frameworks")
    .select((eb) => eb.fn.count<number>("competencies.id").as("competency_count"))
    .where("frameworks.retired_at", "is", null)
    .where((eb) => eb.or([eb("frameworks.organization_id", "is", null), eb("frameworks.organization_id", "=", organizationId)]))
    .groupBy("frameworks.id")
    .orderBy("frameworks.source")
    .orderBy("frameworks.title")
    .execute();
  return rows.map((row) => ({ ...toFrameworkRow(row), competencyCount: Number(row.competency_count) }));
}

/** A shipped framework, by CASE identifier or by its file's id; for the public CASE URL. */
export async function findShippedFramework(identifierOrSlug: string): Promise<FrameworkRow | undefined> {
  const row = await getDb()
    .selectFrom("frameworks")
    .selectAll()
    .where("organization_id", "is", null)
    .where("retired_at", "is", null)
    .where((eb) => eb.or([eb("case_identifier", "=", identifierOrSlug.toLowerCase()), eb("slug", "=", identifierOrSlug)]))
    .executeTakeFirst();
  return row ? toFrameworkRow(row) : undefined;
}

/** A framework the organization uses (shipped or its own import), by CASE identifier. */
export async function findOrganizationFramework(organizationId: string, identifier: string): Promise<FrameworkRow | undefined> {
  const rows = await getDb()
    .selectFrom("frameworks")
    .selectAll()
    .where("retired_at", "is", null)
    .where("case_identifier", "=", identifier.toLowerCase())
    .where((eb) => eb.or([eb("organization_id", "is", null), eb("organization_id", "=", organizationId)]))
    .execute();
  // The organization's own import wins over a shipped framework with the same identifier.
  const row = rows.find((r) => r.organization_id === organizationId) ?? rows[0];
  return row ? toFrameworkRow(row) : undefined;
}

/** The framework's competencies still in use, in order. */
export async function listActiveCompetencies(frameworkId: string) {
  const rows = await getDb()
    .selectFrom("competencies")
    .select(["id", "code", "title", "description", "behaviours", "position", "case_identifier", "updated_at"])
    .where("framework_id", "=", frameworkId)
    .where("retired_at", "is", null)
    .orderBy("position")
    .execute();
  return rows.map((row) => ({ ...row, behaviours: JSON.parse(row.behaviours) as string[] }));
}

/** The frameworks shipped in content/frameworks that are still current: the public CASE list. */
export async function listShippedFrameworks(): Promise<FrameworkRow[]> {
  const rows = await getDb()
    .selectFrom("frameworks")
    .selectAll()
    .where("organization_id", "is", null)
    .where("retired_at", "is", null)
    .orderBy("title")
    .execute();
  return rows.map(toFrameworkRow);
}

export interface ImportedFramework extends FrameworkRow {
  competencyCount: number;
  /** Evidence rows recorded against its competencies, ever: evidence is never deleted. */
  evidenceCount: number;
  /** Programmes, archived or not, that require one of its competencies. */
  programmes: { id: string; title: string; archived: boolean }[];
}

async function findImportedFramework(db: Db, organizationId: string, frameworkId: string): Promise<ImportedFramework> {
  const row = await db
    .selectFrom("frameworks")
    .selectAll()
    .where("id", "=", frameworkId)
    .where("organization_id", "=", organizationId)
    .where("source", "=", "imported")
    .executeTakeFirst();
  if (!row) throw new DomainError("We could not find that framework among the ones your organization imported.", 404);
  const [competencies, evidence, programmes] = await Promise.all([
    db.selectFrom("competencies").select((eb) => eb.fn.countAll<number>().as("n")).where("framework_id", "=", row.id).where("retired_at", "is", null).executeTakeFirstOrThrow(),
    db
      .selectFrom("competency_evidence")
      .innerJoin("competencies", "competencies.id", "competency_evidence.competency_id")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("competencies.framework_id", "=", row.id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("programme_competencies")
      .innerJoin("competencies", "competencies.id", "programme_competencies.competency_id")
      .innerJoin("programmes", "programmes.id", "programme_competencies.programme_id")
      .select(["programmes.id", "programmes.title", "programmes.archived_at"])
      .distinct()
      .where("competencies.framework_id", "=", row.id)
      .where("programmes.organization_id", "=", organizationId)
      .orderBy("programmes.title")
      .execute(),
  ]);
  return {
    ...toFrameworkRow(row),
    competencyCount: Number(competencies.n),
    evidenceCount: Number(evidence.n),
    programmes: programmes.map((p) => ({ id: p.id, title: p.title, archived: p.archived_at !== null })),
  };
}

/** One of the organization's imported frameworks with what refers to it, or a 404 refusal. */
export function getImportedFramework(organizationId: string, frameworkId: string): Promise<ImportedFramework> {
  return findImportedFramework(getDb(), organizationId, frameworkId);
}

/** "“Peer practice” and “Refresher (archived)”", for refusals. */
function programmeList(programmes: ImportedFramework["programmes"]): string {
  const names = programmes.map((p) => `“${p.title}”${p.archived ? " (archived)" : ""}`);
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/**
 * Turns an imported framework on (its competencies appear on trainees' and
 * trainers' pages, in programmes and observations) or off. Off is refused
 * while a programme requires one of its competencies, since nobody could
 * reach that requirement any more. Evidence stays either way.
 */
export async function setImportedFrameworkInUse(input: { organizationId: string; actorId: string; frameworkId: string; inUse: boolean }): Promise<FrameworkRow> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const framework = await findImportedFramework(trx, input.organizationId, input.frameworkId);
      if (framework.inUse === input.inUse) return framework;
      if (!input.inUse && framework.programmes.length > 0) {
        throw new DomainError(
          `“${framework.title}” stays on: the ${framework.programmes.length === 1 ? "programme" : "programmes"} ${programmeList(framework.programmes)} ${framework.programmes.length === 1 ? "requires" : "require"} its competencies. Take them out of ${framework.programmes.length === 1 ? "that programme" : "those programmes"} first.`,
          409,
        );
      }
      const now = new Date().toISOString();
      await trx.updateTable("frameworks").set({ enabled_at: input.inUse ? now : null }).where("id", "=", framework.id).execute();
      await recordAudit(trx, {
        organizationId: input.organizationId,
        actorId: input.actorId,
        action: input.inUse ? "framework.turned_on" : "framework.turned_off",
        subject: `framework:${framework.id}`,
        data: { title: framework.title },
      });
      return { ...framework, inUse: input.inUse };
    });
}

/**
 * Deletes an imported framework and its competencies for good, only while
 * nothing refers to them: no evidence (which is never deleted) and no
 * programme requirement. Importing the package again brings it back, off.
 */
export async function removeImportedFramework(input: { organizationId: string; actorId: string; frameworkId: string }): Promise<{ title: string }> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const framework = await findImportedFramework(trx, input.organizationId, input.frameworkId);
      const refusal = describeRemovalBlockers(framework);
      if (refusal) throw new DomainError(refusal, 409);
      await trx.deleteFrom("competencies").where("framework_id", "=", framework.id).execute();
      await trx.deleteFrom("frameworks").where("id", "=", framework.id).where("organization_id", "=", input.organizationId).execute();
      await recordAudit(trx, {
        organizationId: input.organizationId,
        actorId: input.actorId,
        action: "framework.removed",
        subject: `framework:${framework.id}`,
        data: { title: framework.title, caseIdentifier: framework.caseIdentifier, competencies: framework.competencyCount },
      });
      return { title: framework.title };
    });
}

/** Why the framework cannot be removed, in words; null when it can. */
export function describeRemovalBlockers(framework: Pick<ImportedFramework, "title" | "evidenceCount" | "programmes">): string | null {
  const reasons: string[] = [];
  if (framework.evidenceCount > 0) {
    reasons.push(
      `${framework.evidenceCount === 1 ? "1 piece" : `${framework.evidenceCount.toLocaleString("en")} pieces`} of trainee evidence (ratings and observations) ${framework.evidenceCount === 1 ? "refers" : "refer"} to its competencies, and evidence is kept`,
    );
  }
  if (framework.programmes.length > 0) {
    reasons.push(`the ${framework.programmes.length === 1 ? "programme" : "programmes"} ${programmeList(framework.programmes)} ${framework.programmes.length === 1 ? "requires" : "require"} its competencies`);
  }
  if (reasons.length === 0) return null;
  return `“${framework.title}” cannot be removed: ${reasons.join(", and ")}. You can turn it off instead${framework.programmes.length > 0 ? " once no programme requires it" : ""}.`;
}
