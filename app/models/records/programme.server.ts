import type { Selectable } from "kysely";
import { generateId } from "~/auth/tokens.server";
import { findModule, listModules } from "~/content/catalog.server";
import { getDb, type Db } from "~/db.server";
import type { ProgrammeTable, RequiredLevel } from "~/db/schema";
import { DomainError } from "~/domain-error";
import { recordAudit } from "~/models/organizations/audit.server";
import { competencyCodesBuiltBy } from "~/models/competencies/competency-evidence.server";
import { LEVEL_LABELS } from "~/models/competencies/competency-level";
import { frameworkInUseBy } from "~/models/competencies/framework.server";
import { findUnbuiltCompetencies } from "~/models/records/programme-coverage";

/*
 * A programme says what completion means in one organization: modules to
 * complete, competencies to reach at a minimum level, and optionally a
 * trainer's sign-off; and how long a record of it stays valid. Changing a
 * programme never changes records already issued: each record keeps what
 * was required when it was issued.
 */

export const MAX_VALIDITY_MONTHS = 120;
export const MAX_PROGRAMME_TITLE = 150;
export const MAX_PROGRAMME_DESCRIPTION = 2000;

export interface ProgrammeInput {
  title: string;
  description: string;
  moduleSlugs: string[];
  competencies: { competencyId: string; minLevel: RequiredLevel }[];
  requiresSignOff: boolean;
  validityMonths: number | null;
  /**
   * Set by the programme form: the required competencies, built by none of
   * the chosen modules, that the admin agreed to save anyway (ids, as
   * `acceptanceToken` writes them). When set, saving is refused while such a
   * competency is not among them. Scripts and tests that define a programme
   * directly leave it out, and nothing is checked.
   */
  acceptedGaps?: string;
}

export interface ProgrammeModule {
  slug: string;
  title: string;
  /** False when the module left the catalog: nobody can complete it any more. */
  available: boolean;
}

export interface ProgrammeCompetency {
  id: string;
  code: string;
  title: string;
  minLevel: RequiredLevel;
  frameworkTitle: string;
  frameworkShipped: boolean;
  frameworkCaseIdentifier: string;
  caseIdentifier: string;
  retired: boolean;
}

export interface ProgrammeDetail {
  id: string;
  organizationId: string;
  title: string;
  description: string;
  requiresSignOff: boolean;
  validityMonths: number | null;
  version: number;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
  modules: ProgrammeModule[];
  competencies: ProgrammeCompetency[];
}

/** The competency's CASE CFItem address: the published package's item, or its UUID for an organization's own framework. */
export function competencyCaseUrl(origin: string, competency: Pick<ProgrammeCompetency, "frameworkShipped" | "frameworkCaseIdentifier" | "caseIdentifier">): string {
  return competency.frameworkShipped
    ? `${origin}/case/frameworks/${competency.frameworkCaseIdentifier}.json#${competency.caseIdentifier}`
    : `urn:uuid:${competency.caseIdentifier}`;
}

/** What a trainee must do, in plain words: shown on pages and written into the credential's criteria. */
export function criteriaNarrative(programme: Pick<ProgrammeDetail, "modules" | "competencies" | "requiresSignOff" | "validityMonths">): string {
  const lines: string[] = ["To receive this record, the trainee:"];
  if (programme.modules.length > 0) {
    lines.push(`- completed ${programme.modules.length === 1 ? "this module" : `these ${programme.modules.length} modules`}:`);
    for (const module of programme.modules) lines.push(`  - ${module.title}`);
  }
  if (programme.competencies.length > 0) {
    lines.push(`- reached at least the level shown in ${programme.competencies.length === 1 ? "this competency" : `these ${programme.competencies.length} competencies`}:`);
    for (const c of programme.competencies) lines.push(`  - ${c.title} (${c.code}): ${LEVEL_LABELS[c.minLevel]}`);
    lines.push(
      "  Developing: a passed quiz or an answered reflection. Demonstrated: both. Verified: a trainer saw it in practice.",
    );
  }
  if (programme.requiresSignOff) lines.push("- was signed off by a trainer as ready.");
  if (programme.validityMonths) lines.push(`The record is valid for ${programme.validityMonths} months from the day it is issued.`);
  return lines.join("\n");
}

async function programmeRow(db: Db, organizationId: string, programmeId: string) {
  const row = await db
    .selectFrom("programmes")
    .selectAll()
    .where("id", "=", programmeId)
    .where("organization_id", "=", organizationId)
    .executeTakeFirst();
  if (!row) throw new DomainError("We could not find that programme.", 404);
  return row;
}

/** One programme with its requirements, or a 404 refusal for an id outside the organization. */
export async function getProgramme(organizationId: string, programmeId: string, db: Db = getDb()): Promise<ProgrammeDetail> {
  const row = await programmeRow(db, organizationId, programmeId);
  return (await withRequirements(db, [row]))[0]!;
}

/** The organization's current programmes with their requirements, by title: three queries whatever the count. */
export async function listProgrammeDetails(organizationId: string, db: Db = getDb()): Promise<ProgrammeDetail[]> {
  const rows = await db
    .selectFrom("programmes")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("archived_at", "is", null)
    .orderBy("title")
    .execute();
  return withRequirements(db, rows);
}

async function withRequirements(db: Db, rows: Selectable<ProgrammeTable>[]): Promise<ProgrammeDetail[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [modules, competencies] = await Promise.all([
    db
      .selectFrom("programme_modules")
      .select(["programme_id", "module_slug"])
      .where("programme_id", "in", ids)
      .orderBy("programme_id")
      .orderBy("position")
      .execute(),
    db
      .selectFrom("programme_competencies")
      .innerJoin("competencies", "competencies.id", "programme_competencies.competency_id")
      .innerJoin("frameworks", "frameworks.id", "competencies.framework_id")
      .select([
        "programme_competencies.programme_id",
        "competencies.id",
        "competencies.code",
        "competencies.title",
        "competencies.case_identifier",
        "competencies.retired_at",
        "programme_competencies.min_level",
        "frameworks.title as framework_title",
        "frameworks.organization_id as framework_organization_id",
        "frameworks.case_identifier as framework_case_identifier",
        "frameworks.retired_at as framework_retired_at",
      ])
      .where("programme_competencies.programme_id", "in", ids)
      .orderBy("programme_competencies.programme_id")
      .orderBy("programme_competencies.position")
      .execute(),
  ]);
  return rows.map((row) => ({
    id: row.id,
    organizationId: row.organization_id,
    title: row.title,
    description: row.description,
    requiresSignOff: row.requires_sign_off === 1,
    validityMonths: row.validity_months,
    version: row.version,
    archivedAt: row.archived_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    modules: modules
      .filter((m) => m.programme_id === row.id)
      .map((m) => {
        const module = findModule(m.module_slug);
        return { slug: m.module_slug, title: module?.frontmatter.title ?? m.module_slug, available: module !== undefined };
      }),
    competencies: competencies
      .filter((c) => c.programme_id === row.id)
      .map((c) => ({
        id: c.id,
        code: c.code,
        title: c.title,
        minLevel: c.min_level,
        frameworkTitle: c.framework_title,
        frameworkShipped: c.framework_organization_id === null,
        frameworkCaseIdentifier: c.framework_case_identifier,
        caseIdentifier: c.case_identifier,
        retired: c.retired_at !== null || c.framework_retired_at !== null,
      })),
  }));
}

export interface ProgrammeListItem {
  id: string;
  title: string;
  modules: number;
  competencies: number;
  requiresSignOff: boolean;
  validityMonths: number | null;
  archived: boolean;
  recordsIssued: number;
}

/** The organization's programmes, current ones first; three queries whatever the count. */
export async function listProgrammes(organizationId: string, options: { includeArchived?: boolean } = {}): Promise<ProgrammeListItem[]> {
  const db = getDb();
  let query = db.selectFrom("programmes").selectAll().where("organization_id", "=", organizationId);
  if (!options.includeArchived) query = query.where("archived_at", "is", null);
  const rows = await query.orderBy("archived_at").orderBy("title").execute();
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [modules, competencies, records] = await Promise.all([
    db.selectFrom("programme_modules").select(["programme_id", (eb) => eb.fn.countAll<number>().as("n")]).where("programme_id", "in", ids).groupBy("programme_id").execute(),
    db.selectFrom("programme_competencies").select(["programme_id", (eb) => eb.fn.countAll<number>().as("n")]).where("programme_id", "in", ids).groupBy("programme_id").execute(),
    db
      .selectFrom("completion_records")
      .select(["programme_id", (eb) => eb.fn.countAll<number>().as("n")])
      .where("organization_id", "=", organizationId)
      .groupBy("programme_id")
      .execute(),
  ]);
  const count = (list: { programme_id: string; n: number }[], id: string) => Number(list.find((x) => x.programme_id === id)?.n ?? 0);
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    modules: count(modules, row.id),
    competencies: count(competencies, row.id),
    requiresSignOff: row.requires_sign_off === 1,
    validityMonths: row.validity_months,
    archived: row.archived_at !== null,
    recordsIssued: count(records, row.id),
  }));
}

/** The organization's current programmes that require modules, with those modules' slugs in order: for assigning them to a cohort. Two queries. */
export async function listProgrammeModuleSets(organizationId: string): Promise<{ id: string; title: string; moduleSlugs: string[] }[]> {
  const db = getDb();
  const programmes = await db
    .selectFrom("programmes")
    .select(["id", "title"])
    .where("organization_id", "=", organizationId)
    .where("archived_at", "is", null)
    .orderBy("title")
    .execute();
  if (programmes.length === 0) return [];
  const modules = await db
    .selectFrom("programme_modules")
    .select(["programme_id", "module_slug"])
    .where("programme_id", "in", programmes.map((p) => p.id))
    .orderBy("position")
    .execute();
  return programmes
    .map((p) => ({ id: p.id, title: p.title, moduleSlugs: modules.filter((m) => m.programme_id === p.id).map((m) => m.module_slug) }))
    .filter((p) => p.moduleSlugs.length > 0);
}

export interface ProgrammeChoices {
  /** `builds`: ids of the competencies (among `frameworks`) the module builds. */
  modules: { slug: string; title: string; track: string; builds: string[] }[];
  frameworks: { id: string; title: string; competencies: { id: string; code: string; title: string }[] }[];
}

/** What a programme can require: every module in the catalog, every current competency the organization uses. */
export async function listProgrammeChoices(organizationId: string): Promise<ProgrammeChoices> {
  const rows = await getDb()
    .selectFrom("competencies")
    .innerJoin("frameworks", "frameworks.id", "competencies.framework_id")
    .select([
      "frameworks.id as framework_id",
      "frameworks.title as framework_title",
      "frameworks.source",
      "frameworks.organization_id",
      "competencies.id",
      "competencies.code",
      "competencies.title",
    ])
    .where("competencies.retired_at", "is", null)
    .where("frameworks.retired_at", "is", null)
    .where(frameworkInUseBy(organizationId))
    .orderBy("frameworks.source")
    .orderBy("frameworks.title")
    .orderBy("competencies.position")
    .execute();
  const frameworks = new Map<string, ProgrammeChoices["frameworks"][number]>();
  // Modules name competencies by the codes of the shipped frameworks only.
  const shippedIdByCode = new Map(rows.filter((r) => r.source === "content" && r.organization_id === null).map((r) => [r.code, r.id]));
  for (const row of rows) {
    let framework = frameworks.get(row.framework_id);
    if (!framework) {
      framework = { id: row.framework_id, title: row.framework_title, competencies: [] };
      frameworks.set(row.framework_id, framework);
    }
    framework.competencies.push({ id: row.id, code: row.code, title: row.title });
  }
  const modules = [...listModules()]
    .sort((a, b) => a.frontmatter.track.localeCompare(b.frontmatter.track) || a.frontmatter.order - b.frontmatter.order)
    .map((m) => ({
      slug: m.slug,
      title: m.frontmatter.title,
      track: m.frontmatter.track,
      builds: competencyCodesBuiltBy(m).flatMap((code) => shippedIdByCode.get(code) ?? []),
    }));
  return { modules, frameworks: [...frameworks.values()] };
}

/** For each module, the ids of the current shipped competencies it builds (see competencyCodesBuiltBy). */
async function competenciesBuiltByModules(db: Db, moduleSlugs: readonly string[]): Promise<Record<string, string[]>> {
  const codesBySlug = new Map(moduleSlugs.map((slug) => [slug, competencyCodesBuiltBy(findModule(slug)!)]));
  const codes = [...new Set([...codesBySlug.values()].flat())];
  if (codes.length === 0) return {};
  const rows = await db
    .selectFrom("competencies")
    .innerJoin("frameworks", "frameworks.id", "competencies.framework_id")
    .select(["competencies.id", "competencies.code"])
    .where("frameworks.organization_id", "is", null)
    .where("frameworks.source", "=", "content")
    .where("competencies.retired_at", "is", null)
    .where("competencies.code", "in", codes)
    .execute();
  const idByCode = new Map(rows.map((r) => [r.code, r.id]));
  return Object.fromEntries([...codesBySlug].map(([slug, list]) => [slug, list.flatMap((code) => idByCode.get(code) ?? [])]));
}

/**
 * Refuses, with their names, required competencies that none of the chosen
 * modules builds, unless the admin accepted exactly those gaps (or more).
 */
async function checkGapsAccepted(db: Db, input: ProgrammeInput, moduleSlugs: string[], competencies: { id: string; code: string; title: string }[]) {
  if (input.acceptedGaps === undefined || competencies.length === 0) return;
  const unbuilt = findUnbuiltCompetencies(
    competencies.map((c) => c.id),
    moduleSlugs,
    await competenciesBuiltByModules(db, moduleSlugs),
  );
  const accepted = new Set(input.acceptedGaps.split(" "));
  if (unbuilt.every((id) => accepted.has(id))) return;
  const names = competencies.filter((c) => unbuilt.includes(c.id)).map((c) => `“${c.title}”`);
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
  throw new DomainError(
    `Not saved yet: none of the chosen modules builds ${list}. Trainees could reach ${names.length === 1 ? "it" : "them"} only through other modules or a trainer's observation. Choose a module that builds ${names.length === 1 ? "it" : "them"}, or tick “Save anyway” and save again.`,
    422,
    "acceptedGaps",
  );
}

/** Checks the requirements against the catalog and the organization's frameworks; refuses with what to fix. */
async function checkProgrammeInput(db: Db, organizationId: string, input: ProgrammeInput, exceptId?: string): Promise<ProgrammeInput> {
  const title = input.title.trim();
  const description = input.description.trim();
  if (!title) throw new DomainError("Enter a name for the programme.", 400, "title");
  if (title.length > MAX_PROGRAMME_TITLE) throw new DomainError(`Keep the name to ${MAX_PROGRAMME_TITLE} characters or fewer.`, 400, "title");
  if (!description) throw new DomainError("Describe the programme in a sentence or two. Employers read this.", 400, "description");
  if (description.length > MAX_PROGRAMME_DESCRIPTION) {
    throw new DomainError(`Keep the description to ${MAX_PROGRAMME_DESCRIPTION.toLocaleString("en")} characters or fewer.`, 400, "description");
  }
  const moduleSlugs = [...new Set(input.moduleSlugs)];
  const unknown = moduleSlugs.filter((slug) => !findModule(slug));
  if (unknown.length > 0) throw new DomainError("One of the chosen modules is not in the catalog any more. Reload the page and choose again.", 400, "modules");
  const competencyIds = [...new Set(input.competencies.map((c) => c.competencyId))];
  if (competencyIds.length !== input.competencies.length) throw new DomainError("Each competency can be required only once.", 400, "competencies");
  let required: { id: string; code: string; title: string }[] = [];
  if (competencyIds.length > 0) {
    const usable = await db
      .selectFrom("competencies")
      .innerJoin("frameworks", "frameworks.id", "competencies.framework_id")
      .select(["competencies.id", "competencies.code", "competencies.title"])
      .where("competencies.id", "in", competencyIds)
      .where("competencies.retired_at", "is", null)
      .where("frameworks.retired_at", "is", null)
      .where(frameworkInUseBy(organizationId))
      .execute();
    if (usable.length !== competencyIds.length) {
      throw new DomainError("One of the chosen competencies is not in your organization's frameworks. Reload the page and choose again.", 400, "competencies");
    }
    required = competencyIds.map((id) => usable.find((c) => c.id === id)!);
  }
  if (moduleSlugs.length === 0 && competencyIds.length === 0) {
    throw new DomainError("Choose at least one module or one competency. A record must say what the trainee did.", 400, "modules");
  }
  if (input.validityMonths !== null && (!Number.isInteger(input.validityMonths) || input.validityMonths < 1 || input.validityMonths > MAX_VALIDITY_MONTHS)) {
    throw new DomainError(`Enter the months as a whole number from 1 to ${MAX_VALIDITY_MONTHS}, or leave it empty if the record never expires.`, 400, "validityMonths");
  }
  let clash = db
    .selectFrom("programmes")
    .select("id")
    .where("organization_id", "=", organizationId)
    .where("archived_at", "is", null)
    .where((eb) => eb(eb.fn("lower", ["title"]), "=", title.toLowerCase()));
  if (exceptId) clash = clash.where("id", "!=", exceptId);
  if (await clash.executeTakeFirst()) throw new DomainError("Another programme already has this name. Choose a different name.", 409, "title");
  // Last: a warning to accept makes sense only once nothing else needs a change.
  await checkGapsAccepted(db, input, moduleSlugs, required);
  return { ...input, title, description, moduleSlugs };
}

async function writeRequirements(db: Db, programmeId: string, input: ProgrammeInput): Promise<void> {
  await db.deleteFrom("programme_modules").where("programme_id", "=", programmeId).execute();
  await db.deleteFrom("programme_competencies").where("programme_id", "=", programmeId).execute();
  if (input.moduleSlugs.length > 0) {
    await db
      .insertInto("programme_modules")
      .values(input.moduleSlugs.map((slug, position) => ({ programme_id: programmeId, module_slug: slug, position })))
      .execute();
  }
  if (input.competencies.length > 0) {
    await db
      .insertInto("programme_competencies")
      .values(input.competencies.map((c, position) => ({ programme_id: programmeId, competency_id: c.competencyId, min_level: c.minLevel, position })))
      .execute();
  }
}

/** Defines a programme; returns its id. Written with its audit entry in one transaction. */
export async function createProgramme(actor: { organizationId: string; actorId: string }, input: ProgrammeInput): Promise<string> {
  const id = generateId();
  const now = new Date().toISOString();
  await getDb()
    .transaction()
    .execute(async (trx) => {
      const checked = await checkProgrammeInput(trx, actor.organizationId, input);
      await trx
        .insertInto("programmes")
        .values({
          id,
          organization_id: actor.organizationId,
          title: checked.title,
          description: checked.description,
          requires_sign_off: checked.requiresSignOff ? 1 : 0,
          validity_months: checked.validityMonths,
          created_by: actor.actorId,
          created_at: now,
          updated_at: now,
          archived_at: null,
        })
        .execute();
      await writeRequirements(trx, id, checked);
      await recordAudit(trx, {
        organizationId: actor.organizationId,
        actorId: actor.actorId,
        action: "programme.created",
        subject: `programme:${id}`,
        data: { title: checked.title, modules: checked.moduleSlugs.length, competencies: checked.competencies.length },
      });
    });
  return id;
}

/**
 * Changes what the programme requires from now on. Records already issued
 * keep what was required when they were issued; the version goes up so the
 * two can be told apart.
 */
export async function updateProgramme(actor: { organizationId: string; actorId: string; programmeId: string }, input: ProgrammeInput): Promise<void> {
  await getDb()
    .transaction()
    .execute(async (trx) => {
      const row = await programmeRow(trx, actor.organizationId, actor.programmeId);
      if (row.archived_at) throw new DomainError("This programme is archived. Bring it back before you change it.", 409);
      const checked = await checkProgrammeInput(trx, actor.organizationId, input, actor.programmeId);
      await trx
        .updateTable("programmes")
        .set({
          title: checked.title,
          description: checked.description,
          requires_sign_off: checked.requiresSignOff ? 1 : 0,
          validity_months: checked.validityMonths,
          version: row.version + 1,
          updated_at: new Date().toISOString(),
        })
        .where("id", "=", actor.programmeId)
        .execute();
      await writeRequirements(trx, actor.programmeId, checked);
      await recordAudit(trx, {
        organizationId: actor.organizationId,
        actorId: actor.actorId,
        action: "programme.updated",
        subject: `programme:${actor.programmeId}`,
        data: { title: checked.title, version: row.version + 1 },
      });
    });
}

/** Archived programmes issue no new records; issued ones stay as they are. Archiving again, or bringing back, is allowed. */
export async function setProgrammeArchived(actor: { organizationId: string; actorId: string; programmeId: string }, archived: boolean): Promise<void> {
  await getDb()
    .transaction()
    .execute(async (trx) => {
      const row = await programmeRow(trx, actor.organizationId, actor.programmeId);
      if ((row.archived_at !== null) === archived) return;
      if (!archived) {
        const clash = await trx
          .selectFrom("programmes")
          .select("id")
          .where("organization_id", "=", actor.organizationId)
          .where("archived_at", "is", null)
          .where((eb) => eb(eb.fn("lower", ["title"]), "=", row.title.toLowerCase()))
          .executeTakeFirst();
        if (clash) throw new DomainError("A current programme has the same name. Rename one of them first.", 409);
      }
      await trx
        .updateTable("programmes")
        .set({ archived_at: archived ? new Date().toISOString() : null, updated_at: new Date().toISOString() })
        .where("id", "=", actor.programmeId)
        .execute();
      await recordAudit(trx, {
        organizationId: actor.organizationId,
        actorId: actor.actorId,
        action: archived ? "programme.archived" : "programme.restored",
        subject: `programme:${actor.programmeId}`,
        data: { title: row.title },
      });
    });
}
