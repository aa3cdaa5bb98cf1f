import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lucia, SESSION_COOKIE_NAME } from "~/auth/lucia.server";
import { findModule, listModules } from "~/content/catalog.server";
import { getDb } from "~/db.server";
import { importCasePackage } from "~/models/competencies/case-import.server";
import { createInvitation } from "~/models/accounts/invitation.server";
import { startQuizPaper } from "~/models/learning/quiz-paper.server";
import { addToCohort, askToJoinCohort, assignTestModules, createNamedMember, createTestCohort, day, writeReflection } from "../support/cohort-factories";
import { sampleCasePackage } from "../support/competency-factories";
import { createTestOrganization, TEST_PASSWORD } from "../support/factories";
import { HttpClient } from "../support/http-client";
import { visibleText } from "../support/page-text";
import { BASICS, createTestProgramme, issueTestRecord, makeEligible, MUTUALITY } from "../support/record-factories";
import { readRouteManifest, type ManifestRoute } from "../support/route-manifest";
import { rowCounts, type TableName } from "../support/row-counts";
import { outputMark, serverComplaintsSince, type OutputMark } from "../support/server-log";
import { startTestServer, type TestServer } from "../support/test-server";

/*
 * Generated hostile input against every action of the build (the routes with
 * an `action` in the Remix manifest; one without a SPECS entry fails). Each
 * request is a form for that action, most fields plausible and some hostile:
 * wrong types, fields missing or sent several times, unknown fields, huge
 * strings, control characters, lone surrogates, raw bytes that are not UTF-8
 * (in urlencoded, multipart and other bodies), HTML and SQL fragments, and
 * ids of another organization's people, cohorts, reflections, records. Sent
 * mostly by someone the action lets in (so the input reaches the validation
 * and the models) and sometimes by someone it refuses. For every request:
 *
 * - the answer is never a 5xx;
 * - a refusal (4xx, or a redirect to sign-in) leaves every table's row count as it was;
 * - nothing of the other organization changes, whatever its ids the form
 *   names, and a trainee's request changes nothing of a fellow trainee's;
 * - the server writes no stack trace and no error line;
 * - the page sent back never holds an HTML fragment unescaped, and after the
 *   run neither do the pages that show what people wrote.
 *
 * Each action gets an organization of its own, so what one accepted (a
 * member removed, a cohort archived) does not change what the next one tests.
 * Runs are seeded: HOSTILE_SEED=<n> replays a run, HOSTILE_RUNS=<n> changes
 * how many requests each action gets, HOSTILE_DEBUG=1 prints every answer.
 */

const SEED = Number(process.env.HOSTILE_SEED ?? 20_251_123);
const RUNS = Number(process.env.HOSTILE_RUNS ?? 20);

/** Tables a refusal may still write to, by design. */
const WRITTEN_WHEN_REFUSED: Record<string, TableName[]> = {
  // A wrong password is counted, to slow down guessing (decision: sign-in throttle).
  "routes/_auth+/signin": ["sign_in_failures"],
  // The refusal is shown on the module's page, and showing a section records it as seen (the loader, which
  // runs after the action, does that): a member who posts before ever opening the module gets a progress row.
  "routes/o.$orgSlug+/learn+/$moduleSlug": ["module_progress"],
};

// ---------------------------------------------------------------- fixtures

interface Person {
  id: string;
  email: string;
}

interface Organization {
  id: string;
  slug: string;
  people: { admin: Person; trainer: Person; trainee: Person; peer: Person };
  cohortId: string;
  assignmentId: string;
  programmeId: string;
  recordId: string;
  recordCode: string;
  reflectionIds: string[];
  /** The trainee's quiz papers: handed in, and one open. */
  paperIds: string[];
  invitationIds: string[];
  /** The trainee's open request to join a second cohort. */
  requestIds: string[];
  inviteToken: string;
  competencyIds: string[];
  frameworkIds: string[];
}

let counter = 0;

/**
 * An organization with everything the actions work on: an admin, a trainer
 * with a cohort of two trainees (one invitation pending), a module assigned,
 * a programme and a record issued, reflections (one shared), an imported framework.
 */
async function buildOrganization(label: string): Promise<Organization> {
  const n = ++counter;
  const { organization, admin } = await createTestOrganization(`${label} ${n}`);
  const organizationId = organization.id;
  const trainer = await createNamedMember(organizationId, `Trainer ${n}`, "trainer");
  const trainee = await createNamedMember(organizationId, `Trainee ${n}`);
  const peer = await createNamedMember(organizationId, `Peer ${n}`);
  const cohort = await createTestCohort({ organizationId, trainer, name: `Cohort ${n}` });
  await addToCohort({ organizationId, cohortId: cohort.id, trainer, people: [trainee, peer, { email: `newcomer-${n}@example.org` }] });
  await assignTestModules({ organizationId, cohortId: cohort.id, trainer, slugs: [BASICS] });
  const programme = await createTestProgramme({ organizationId, adminId: admin.id, modules: [BASICS] });
  await makeEligible({ organizationId, trainee, trainer, programmeId: programme.id });
  const record = await issueTestRecord({ organization, admin, programmeId: programme.id, trainee, origin: server.origin });
  await writeReflection({ organizationId, userId: trainee.id }, MUTUALITY, "Shared with my trainer.", "shared");
  await writeReflection({ organizationId, userId: peer.id }, MUTUALITY, "The peer's own, private.", "private");
  const invitation = await createInvitation({ organizationId, actorId: admin.id, email: `invited-${n}@example.org`, role: "trainer", appOrigin: server.origin });
  await importCasePackage({ organizationId, actorId: admin.id, text: JSON.stringify(sampleCasePackage()) });
  const waitingCohort = await createTestCohort({ organizationId, trainer, name: `Waiting cohort ${n}` });
  await askToJoinCohort({ organizationId, cohortId: waitingCohort.id, trainer, people: [trainee] });
  await startQuizPaper({ scope: { organizationId, userId: trainee.id }, module: findModule(BASICS)!, quizId: findModule(BASICS)!.quizzes[0]!.id });

  const db = getDb();
  const ids = async (query: Promise<{ id: string }[]>) => (await query).map((row) => row.id);
  return {
    id: organizationId,
    slug: organization.slug,
    people: { admin, trainer, trainee, peer },
    cohortId: cohort.id,
    assignmentId: (await db.selectFrom("assignments").select("id").where("cohort_id", "=", cohort.id).executeTakeFirstOrThrow()).id,
    programmeId: programme.id,
    recordId: record.id,
    recordCode: record.code,
    reflectionIds: await ids(db.selectFrom("reflections").select("id").where("organization_id", "=", organizationId).execute()),
    paperIds: await ids(db.selectFrom("quiz_papers").select("id").where("organization_id", "=", organizationId).execute()),
    invitationIds: await ids(db.selectFrom("invitations").select("id").where("organization_id", "=", organizationId).execute()),
    requestIds: await ids(db.selectFrom("cohort_requests").select("id").where("organization_id", "=", organizationId).execute()),
    inviteToken: /\/invite\/([a-z2-7]+)/.exec(invitation.link)![1]!,
    competencyIds: await ids(
      db
        .selectFrom("competencies")
        .innerJoin("frameworks", "frameworks.id", "competencies.framework_id")
        .select("competencies.id as id")
        .where("frameworks.organization_id", "=", organizationId)
        .execute(),
    ),
    frameworkIds: await ids(db.selectFrom("frameworks").select("id").where("organization_id", "=", organizationId).execute()),
  };
}

/**
 * Every row that belongs to an organization (or, with `userId`, to one of its
 * people), table by table, found through the columns that tie a row to it:
 * what no request from outside may change. Sessions and reset requests are
 * left out: anyone may ask for a reset link for any address.
 */
async function rowsOf(organizationId: string, userId?: string): Promise<Record<string, string>> {
  const db = getDb();
  const tables = (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%'`.execute(db)).rows;
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    if (["sessions", "password_resets", "sign_in_failures", "verification_misses", "module_versions"].includes(name)) continue;
    const columns = new Set((await sql<{ name: string }>`select name from pragma_table_info(${name})`.execute(db)).rows.map((c) => c.name));
    const table = sql.table(name);
    let where;
    if (userId) {
      if (!columns.has("user_id") || !columns.has("organization_id")) continue;
      where = sql`organization_id = ${organizationId} and user_id = ${userId}`;
    } else if (name === "organizations") where = sql`id = ${organizationId}`;
    else if (columns.has("organization_id")) where = sql`organization_id = ${organizationId}`;
    else if (name === "users") where = sql`id in (select user_id from memberships where organization_id = ${organizationId})`;
    else if (columns.has("cohort_id")) where = sql`cohort_id in (select id from cohorts where organization_id = ${organizationId})`;
    else if (columns.has("programme_id")) where = sql`programme_id in (select id from programmes where organization_id = ${organizationId})`;
    else if (columns.has("attempt_id")) where = sql`attempt_id in (select id from quiz_attempts where organization_id = ${organizationId})`;
    else if (columns.has("framework_id")) where = sql`framework_id in (select id from frameworks where organization_id = ${organizationId})`;
    else continue;
    const rows = (await sql<Record<string, unknown>>`select * from ${table} where ${where}`.execute(db)).rows;
    out[name] = rows.map((row) => JSON.stringify(row)).sort().join("\n");
  }
  return out;
}

const changedTables = (before: Record<string, string>, after: Record<string, string>) =>
  Object.keys({ ...before, ...after }).filter((table) => before[table] !== after[table]);

/** Every id of the organization, for sending to another one's forms. */
function idsOf(org: Organization, except: string[] = []): string[] {
  return [
    ...Object.values(org.people).map((p) => p.id),
    org.cohortId,
    org.assignmentId,
    org.programmeId,
    org.recordId,
    ...org.reflectionIds,
    ...org.paperIds,
    ...org.invitationIds,
    ...org.requestIds,
    ...org.competencyIds,
    ...org.frameworkIds,
  ].filter((id) => !except.includes(id));
}

// ---------------------------------------------------------------- hostile values

type Value =
  | { kind: "text"; text: string }
  /** Raw bytes, most of them not UTF-8; `raw` puts them in a urlencoded body unescaped. */
  | { kind: "bytes"; bytes: Uint8Array; raw: boolean }
  | { kind: "file"; name: string; type: string; bytes: Uint8Array };

const HTML_MARKER = /<hostile-tag|<script>hostile\(/i;

const FRAGMENTS = [
  `<hostile-tag onerror="hostile()">`,
  `"><hostile-tag>`,
  `'><script>hostile()</script>`,
  `</textarea><hostile-tag>`,
  `</script><script>hostile()</script>`,
  `javascript:hostile()`,
  "{{7*7}}${7*7}<%= 7*7 %>",
  `' OR '1'='1`,
  `'; DROP TABLE users; --`,
  `" OR ""="`,
  `1; SELECT * FROM sessions --`,
  `%' OR 1=1 --`,
  `\\'`,
  `../../../../etc/passwd`,
  `//evil.example/`,
  `/\\evil.example`,
  `%00%ff`,
  "\u0000",
  "line\r\nSet-Cookie: pst_session=stolen",
  "__proto__",
  "constructor",
  "toString",
  "NaN",
  "-1",
  "0",
  "1e309",
  "99999999999999999999999999",
  "true",
  "null",
  "undefined",
  "[]",
  "{}",
  "[object Object]",
  "",
  " ",
  "\t\n ",
];

const CONTROL = fc.constantFrom(
  ...Array.from({ length: 32 }, (_, c) => String.fromCharCode(c)),
  "\u007f",
  "\u0085",
  "\u2028",
  "\u2029",
  "\ufeff",
  "\u200b",
  "\u202e",
);
const LONE_SURROGATE = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));

const INVALID_UTF8 = [
  [0xff],
  [0xfe, 0xff],
  [0xc3, 0x28],
  [0xa0, 0xa1],
  [0xe2, 0x28, 0xa1],
  [0xed, 0xa0, 0x80], // an encoded lone surrogate
  [0xf0, 0x28, 0x8c, 0x28],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xc0, 0xaf], // overlong "/"
  [0x00],
].map((bytes) => new Uint8Array(bytes));

function hostileTextOf(otherIds: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...FRAGMENTS) },
    { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 80 }) },
    { weight: 1, arbitrary: fc.string({ unit: CONTROL, minLength: 1, maxLength: 20 }) },
    { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 10 }), LONE_SURROGATE, fc.string({ maxLength: 10 })).map((parts) => parts.join("")) },
    {
      // Huge: past every field's limit, sometimes past the body limit (413).
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom("A", "é", "<hostile-tag>", "' OR 1=1 --", "\u0000", "😀"), fc.integer({ min: 1_000, max: 400_000 }))
        .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length))),
    },
    { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.bigInt()).map(String) },
    { weight: 2, arbitrary: fc.constantFrom(...otherIds) },
  );
}

function hostileValueOf(otherIds: string[]): fc.Arbitrary<Value> {
  const text = hostileTextOf(otherIds);
  const bytes = fc.oneof(fc.constantFrom(...INVALID_UTF8), fc.uint8Array({ maxLength: 64 }));
  return fc.oneof(
    { weight: 6, arbitrary: text.map((t): Value => ({ kind: "text", text: t })) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("bytes" as const), bytes, raw: fc.boolean() }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant("file" as const),
        name: fc.oneof(fc.constant("list.csv"), text),
        type: fc.constantFrom("text/csv", "application/json", "application/octet-stream", "text/html", ""),
        bytes: fc.oneof(bytes, text.map((t) => new TextEncoder().encode(t))),
      }),
    },
  );
}

const asText = (arbitrary: fc.Arbitrary<string>): fc.Arbitrary<Value> => arbitrary.map((text): Value => ({ kind: "text", text }));

/** Plausible values of each kind, drawn from both organizations, for the forms to get past their first checks. */
function plausibleValues(a: Organization, b: Organization) {
  const wellFormedId = fc.stringMatching(/^[a-z2-7]{16}$/);
  const id = (...own: string[]) =>
    asText(
      fc.oneof(
        { weight: 3, arbitrary: own.length > 0 ? fc.constantFrom(...own) : wellFormedId },
        { weight: 2, arbitrary: fc.constantFrom(...idsOf(b)) },
        { weight: 1, arbitrary: wellFormedId },
      ),
    );
  const modules = listModules().map((m) => m.slug);
  const emails = [...Object.values(a.people), ...Object.values(b.people)].map((p) => p.email);
  const quiz = findModule(BASICS)!.quizzes[0]!;
  return {
    id,
    name: asText(fc.string({ minLength: 1, maxLength: 60 })),
    longText: asText(fc.string({ maxLength: 400 })),
    email: asText(fc.oneof(fc.emailAddress(), fc.constantFrom(...emails))),
    password: asText(fc.oneof(fc.constant(TEST_PASSWORD), fc.string({ minLength: 8, maxLength: 40 }))),
    role: asText(fc.constantFrom("admin", "trainer", "trainee")),
    // Mostly within the fixture cohort's dates (a month ago to two months ahead).
    day: asText(
      fc.oneof(
        { weight: 3, arbitrary: fc.integer({ min: -30, max: 60 }).map(day) },
        { weight: 1, arbitrary: fc.integer({ min: -400, max: 400 }).map(day) },
        { weight: 1, arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)) },
      ),
    ),
    rating: asText(fc.constantFrom("1", "2", "3", "4")),
    level: asText(fc.constantFrom("", "developing", "demonstrated", "verified")),
    moduleSlug: asText(fc.constantFrom(...modules)),
    quiz: {
      id: asText(fc.constant(quiz.id)),
      questions: fc.constantFrom(...quiz.questions.map((q) => q.id)),
      // The form sends an option's place on the paper; an option id is sent now and then too.
      option: asText(fc.constantFrom("1", "2", "3", "4", "5", "a", "b")),
      contentHash: asText(fc.constant(findModule(BASICS)!.contentHash)),
      section: asText(fc.constantFrom(...findModule(BASICS)!.sections.map((s) => s.id))),
      prompt: asText(fc.constantFrom(...findModule(BASICS)!.reflections.map((r) => r.id))),
    },
    competency: (own: Organization) => fc.constantFrom(...own.competencyIds, ...b.competencyIds, ...shippedCompetencyIds),
    csvFile: fc
      .array(fc.oneof(fc.emailAddress(), fc.constantFrom(...emails)), { maxLength: 5 })
      .map((list): Value => ({ kind: "file", name: "roster.csv", type: "text/csv", bytes: new TextEncoder().encode(`email\n${list.join("\n")}\n`) })),
    casePackage: asText(
      fc.oneof(
        fc.uuid().map((documentId) => JSON.stringify(sampleCasePackage({ documentId }))),
        fc.constant(JSON.stringify(sampleCasePackage())),
        fc.constant(JSON.stringify({ CFDocument: {}, CFItems: "nope" })),
        fc.constant(`{"CFDocument": `),
      ),
    ),
  };
}

let shippedCompetencyIds: string[] = [];

// ---------------------------------------------------------------- what each action takes

type Who = "anonymous" | "admin" | "trainer" | "trainee" | "peer" | "otherAdmin";

interface Spec {
  /** Someone the action lets in. */
  actor: Who;
  /** Someone it refuses (sent now and then). */
  refused?: Who;
  /** The action ends the session: each request gets a new one. */
  freshSession?: boolean;
  intents?: string[];
  fields: Record<string, fc.Arbitrary<Value>>;
  /** Fields named after an item, like `rating.<competency id>`. */
  keyed?: { prefix: string; key: fc.Arbitrary<string>; value: fc.Arbitrary<Value> }[];
}

type Kit = ReturnType<typeof plausibleValues> & { a: Organization; b: Organization };

const SPECS: Record<string, (kit: Kit) => Spec> = {
  "routes/_auth+/signin": (k) => ({ actor: "anonymous", fields: { email: k.email, password: k.password, redirectTo: k.longText } }),
  "routes/_auth+/signup": (k) => ({ actor: "anonymous", fields: { displayName: k.name, email: k.email, password: k.password, redirectTo: k.longText, invitation: k.longText } }),
  "routes/_auth+/signout": () => ({ actor: "trainee", freshSession: true, fields: {} }),
  "routes/_auth+/forgot-password": (k) => ({ actor: "anonymous", fields: { email: k.email } }),
  "routes/_auth+/reset-password.$token": (k) => ({ actor: "anonymous", fields: { password: k.password } }),
  // The invitation is for an address none of the callers has.
  "routes/_auth+/invite.$token": () => ({ actor: "trainee", refused: "anonymous", fields: {} }),
  // Links that confirm an address (the token sent is not one of theirs).
  "routes/_auth+/confirm-signup.$token": () => ({ actor: "anonymous", fields: {} }),
  "routes/_auth+/confirm-email.$token": () => ({ actor: "trainee", fields: {} }),
  "routes/account+/_index": (k) => ({ actor: "trainee", refused: "anonymous", fields: { displayName: k.name } }),
  "routes/account+/email": (k) => ({ actor: "trainee", refused: "anonymous", fields: { email: k.email, currentPassword: k.password } }),
  "routes/account+/password": (k) => ({ actor: "trainee", refused: "anonymous", fields: { currentPassword: k.password, newPassword: k.password } }),
  "routes/account+/sessions": () => ({ actor: "trainee", refused: "anonymous", fields: {} }),
  "routes/account+/time-zone": () => ({
    actor: "trainee",
    refused: "anonymous",
    intents: ["choose", "detected"],
    fields: { timeZone: asText(fc.oneof(fc.constantFrom("Europe/Berlin", "UTC", "America/Argentina/Buenos_Aires", "Mars/Olympus_Mons", "../../etc"), fc.string({ maxLength: 80 }))) },
  }),
  "routes/orgs+/new": (k) => ({ actor: "trainee", refused: "anonymous", fields: { name: k.name } }),

  "routes/o.$orgSlug+/learn+/$moduleSlug": (k) => ({
    actor: "trainee",
    refused: "otherAdmin",
    intents: ["start-quiz", "submit-quiz", "save-reflection", "share-reflection", "unshare-reflection"],
    fields: {
      quizId: k.quiz.id,
      paperId: k.id(...k.a.paperIds),
      contentHash: k.quiz.contentHash,
      section: k.quiz.section,
      promptId: k.quiz.prompt,
      body: k.longText,
      reflectionId: k.id(...k.a.reflectionIds),
    },
    keyed: [{ prefix: "q.", key: k.quiz.questions, value: k.quiz.option }],
  }),
  "routes/o.$orgSlug+/learn+/competencies.self-assessment": (k) => ({
    actor: "trainee",
    refused: "otherAdmin",
    fields: {},
    keyed: [{ prefix: "rating.", key: k.competency(k.a), value: k.rating }],
  }),
  "routes/o.$orgSlug+/learn+/cohort-requests": (k) => ({
    actor: "trainee",
    refused: "otherAdmin",
    fields: { answer: asText(fc.constantFrom("accept", "decline")), requestId: k.id(...k.a.requestIds) },
  }),
  "routes/o.$orgSlug+/learn+/journal": (k) => ({
    actor: "trainee",
    refused: "otherAdmin",
    intents: ["delete", "share-reflection", "unshare-reflection", "reply"],
    fields: { reflectionId: k.id(...k.a.reflectionIds), body: k.longText },
  }),

  "routes/o.$orgSlug+/teach+/cohorts.new": (k) => ({
    actor: "trainer",
    refused: "trainee",
    fields: { name: k.name, startsOn: k.day, endsOn: k.day, trainerIds: k.id(k.a.people.admin.id, k.a.people.peer.id) },
  }),
  "routes/o.$orgSlug+/teach+/cohorts.$cohortId.trainees": (k) => ({
    actor: "trainer",
    refused: "trainee",
    intents: ["add-list", "add-file", "remove-trainee", "withdraw-invitation", "withdraw-request"],
    fields: {
      addresses: fc.oneof(k.email, k.longText),
      file: k.csvFile,
      userId: k.id(k.a.people.peer.id),
      invitationId: k.id(...k.a.invitationIds),
      requestId: k.id(...k.a.requestIds),
    },
  }),
  "routes/o.$orgSlug+/teach+/cohorts.$cohortId.modules": (k) => ({
    actor: "trainer",
    refused: "trainee",
    intents: ["assign", "assign-programme", "change-due", "remove"],
    fields: { moduleSlugs: k.moduleSlug, dueOn: k.day, assignmentId: k.id(k.a.assignmentId), programmeId: k.id(k.a.programmeId) },
  }),
  "routes/o.$orgSlug+/teach+/cohorts.$cohortId.settings": (k) => ({
    actor: "trainer",
    refused: "trainee",
    intents: ["save", "archive", "reopen"],
    fields: { name: k.name, startsOn: k.day, endsOn: k.day, trainerIds: k.id(k.a.people.admin.id) },
  }),
  "routes/o.$orgSlug+/teach+/trainees.$userId._index": (k) => ({
    actor: "trainer",
    refused: "peer",
    intents: ["comment"],
    fields: { reflectionId: k.id(...k.a.reflectionIds), body: k.longText },
  }),
  "routes/o.$orgSlug+/teach+/trainees.$userId.competencies": (k) => ({
    actor: "trainer",
    refused: "peer",
    fields: { competencyId: asText(k.competency(k.a)), rating: k.rating, note: k.longText },
  }),
  "routes/o.$orgSlug+/teach+/trainees.$userId.records": (k) => ({
    actor: "trainer",
    refused: "peer",
    intents: ["sign-off", "withdraw-sign-off", "issue"],
    fields: { programmeId: k.id(k.a.programmeId), note: k.longText },
  }),

  "routes/o.$orgSlug+/admin+/members": (k) => ({
    actor: "admin",
    refused: "trainer",
    intents: ["change-role", "remove"],
    // Not the admin's own id: demoting themselves would end the run's reach, not test anything.
    fields: { userId: k.id(...idsOf(k.a, [k.a.people.admin.id])), role: k.role },
  }),
  "routes/o.$orgSlug+/admin+/invitations": (k) => ({
    actor: "admin",
    refused: "trainer",
    intents: ["invite", "revoke"],
    fields: { email: k.email, role: k.role, cohortId: k.id(k.a.cohortId), invitationId: k.id(...k.a.invitationIds) },
  }),
  "routes/o.$orgSlug+/admin+/support-lines": (k) => ({
    actor: "admin",
    refused: "trainer",
    intents: ["add", "update", "remove"],
    fields: { name: k.name, region: k.name, phone: k.longText, textNumber: k.longText, website: k.longText, hours: k.longText, lineId: k.id(k.a.cohortId) },
  }),
  "routes/o.$orgSlug+/admin+/frameworks": (k) => ({
    actor: "admin",
    refused: "trainer",
    intents: ["preview", "import", "turn-on", "turn-off", "remove"],
    fields: {
      frameworkId: k.id(...k.a.frameworkIds),
      packageText: k.casePackage,
      packageFile: k.casePackage.map((value): Value => ({ kind: "file", name: "package.json", type: "application/json", bytes: new TextEncoder().encode((value as { text: string }).text) })),
    },
  }),
  "routes/o.$orgSlug+/admin+/programmes.new": (k) => programmeForm(k),
  "routes/o.$orgSlug+/admin+/programmes.$programmeId_.edit": (k) => programmeForm(k),
  "routes/o.$orgSlug+/admin+/programmes.$programmeId": (k) => ({
    actor: "admin",
    refused: "trainer",
    intents: ["issue", "issue-cohort", "archive", "restore"],
    fields: { userId: k.id(k.a.people.trainee.id, k.a.people.peer.id), cohortId: k.id(k.a.cohortId) },
  }),
  "routes/o.$orgSlug+/admin+/records.$recordId": (k) => ({
    actor: "admin",
    refused: "trainer",
    intents: ["revoke-check", "revoke"],
    fields: { reason: k.longText },
  }),
};

function programmeForm(k: Kit): Spec {
  return {
    actor: "admin",
    refused: "trainer",
    fields: {
      title: k.name,
      modules: k.moduleSlug,
      description: k.name,
      requiresSignOff: asText(fc.constant("yes")),
      validityMonths: asText(fc.oneof(fc.integer({ min: 1, max: 120 }).map(String), fc.constant(""))),
      acceptedGaps: asText(fc.oneof(fc.constant(""), k.competency(k.a))),
    },
    keyed: [{ prefix: "level.", key: k.competency(k.a), value: k.level }],
  };
}

// ---------------------------------------------------------------- requests

type Encoding = "urlencoded" | "multipart" | "json" | "text" | "no-type" | "broken-multipart";

interface HostileRequest {
  caller: "actor" | "refused";
  encoding: Encoding;
  fields: [string, Value][];
  /** Replaces the route's path params, when set. */
  params: Record<string, string>;
}

/** A form for this spec: each field plausible or hostile, left out or repeated, with unknown fields among them. */
function requestArbitrary(route: ManifestRoute, spec: Spec, kit: Kit, hostileValue: fc.Arbitrary<Value>, hostileText: fc.Arbitrary<string>) {
  // Mostly one thing wrong at a time, so that most forms get past their first check and reach the models.
  const mixed = (plausible: fc.Arbitrary<Value>) => fc.oneof({ weight: 5, arbitrary: plausible }, { weight: 1, arbitrary: hostileValue });
  const occurrences = (name: string, value: fc.Arbitrary<Value>): fc.Arbitrary<[string, Value][]> =>
    fc.oneof(
      { weight: 1, arbitrary: fc.constant<[string, Value][]>([]) },
      { weight: 12, arbitrary: value.map((v): [string, Value][] => [[name, v]]) },
      { weight: 1, arbitrary: fc.array(value, { minLength: 2, maxLength: 4 }).map((vs) => vs.map((v): [string, Value] => [name, v])) },
    );
  const parts: fc.Arbitrary<[string, Value][]>[] = Object.entries(spec.fields).map(([name, plausible]) => occurrences(name, mixed(plausible)));
  if (spec.intents) parts.unshift(occurrences("intent", mixed(asText(fc.constantFrom(...spec.intents)))));
  for (const keyed of spec.keyed ?? []) {
    const name = fc.oneof({ weight: 4, arbitrary: keyed.key }, { weight: 1, arbitrary: hostileText }).map((key) => `${keyed.prefix}${key}`);
    parts.push(fc.array(fc.tuple(name, mixed(keyed.value)), { maxLength: 6 }));
  }
  parts.push(
    fc.oneof(
      { weight: 3, arbitrary: fc.constant<[string, Value][]>([]) },
      { weight: 1, arbitrary: fc.array(fc.tuple(hostileText.map((name) => name.slice(0, 200)), hostileValue), { minLength: 1, maxLength: 3 }) },
    ),
  );

  const paramNames = [...route.pattern.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
  const otherParams: Record<string, string> = { orgSlug: kit.b.slug, cohortId: kit.b.cohortId, userId: kit.b.people.trainee.id, programmeId: kit.b.programmeId, recordId: kit.b.recordId, token: kit.b.inviteToken };
  const params = fc.oneof(
    { weight: 8, arbitrary: fc.constant({}) },
    {
      // One path param replaced: another organization's, or something hostile.
      weight: paramNames.length > 0 ? 1 : 0,
      arbitrary: fc.tuple(fc.constantFrom(...(paramNames.length > 0 ? paramNames : ["none"])), fc.oneof(hostileText, fc.constant("other"))).map(
        ([name, value]) => ({ [name]: value === "other" ? (otherParams[name] ?? value) : value.slice(0, 300) }),
      ),
    },
  );
  return fc.record({
    caller: spec.refused ? fc.oneof({ weight: 5, arbitrary: fc.constant("actor" as const) }, { weight: 1, arbitrary: fc.constant("refused" as const) }) : fc.constant("actor" as const),
    encoding: fc.oneof(
      { weight: 6, arbitrary: fc.constant("urlencoded" as const) },
      { weight: 3, arbitrary: fc.constant("multipart" as const) },
      { weight: 1, arbitrary: fc.constantFrom("json" as const, "text" as const, "no-type" as const, "broken-multipart" as const) },
    ),
    fields: fc.tuple(...parts).map((groups) => groups.flat()),
    params,
  }).map((request: HostileRequest) => Object.assign(request, { [fc.toStringMethod]: () => describeRequest(request) }));
}

const encoder = new TextEncoder();
const UNRESERVED = /[A-Za-z0-9\-_.~]/;

function percentEncode(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) {
    const char = String.fromCharCode(byte);
    out += byte < 0x80 && UNRESERVED.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

const bytesOf = (value: Value): Uint8Array => (value.kind === "text" ? encoder.encode(value.text) : value.bytes);

function concat(chunks: (Uint8Array | string)[]): Uint8Array {
  const parts = chunks.map((chunk) => (typeof chunk === "string" ? encoder.encode(chunk) : chunk));
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

const BOUNDARY = "----hostile-boundary-4f1c";

/** The body and its content type, built byte by byte (fetch's own encoders would repair what we break). */
function encodeBody(request: HostileRequest): { body: Uint8Array; contentType?: string } {
  const urlencoded = () =>
    concat(
      request.fields.flatMap(([name, value], index) => [
        index > 0 ? "&" : "",
        percentEncode(encoder.encode(name)),
        "=",
        value.kind === "bytes" && value.raw ? value.bytes : percentEncode(bytesOf(value)),
      ]),
    );
  const multipart = () =>
    concat([
      ...request.fields.flatMap(([name, value]) => [
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"`,
        value.kind === "file" ? `; filename="${value.name}"\r\nContent-Type: ${value.type || "application/octet-stream"}` : "",
        "\r\n\r\n",
        bytesOf(value),
        "\r\n",
      ]),
      `--${BOUNDARY}--\r\n`,
    ]);
  switch (request.encoding) {
    case "urlencoded":
      return { body: urlencoded(), contentType: "application/x-www-form-urlencoded" };
    case "no-type":
      return { body: urlencoded() };
    case "multipart":
      return { body: multipart(), contentType: `multipart/form-data; boundary=${BOUNDARY}` };
    case "broken-multipart": {
      const whole = multipart();
      return { body: whole.slice(0, Math.floor(whole.length / 2)), contentType: `multipart/form-data; boundary=${BOUNDARY}` };
    }
    case "json":
      return {
        body: encoder.encode(JSON.stringify(Object.fromEntries(request.fields.map(([name, value]) => [name, value.kind === "text" ? value.text : [...bytesOf(value)]])))),
        contentType: "application/json",
      };
    case "text":
      return { body: concat(request.fields.flatMap(([name, value]) => [name, "=", bytesOf(value), "\n"])), contentType: "text/plain" };
  }
}

/** A short account of a request for failure messages (values can be megabytes). */
function describeRequest(request: HostileRequest, path?: string): string {
  const show = (value: Value) => {
    const text = value.kind === "text" ? value.text : `<${value.kind} ${[...value.bytes.slice(0, 12)].map((b) => b.toString(16)).join(" ")}>`;
    const shown = JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
    return `${shown}${text.length > 80 ? ` (${text.length} chars)` : ""}`;
  };
  const fields = request.fields.map(([name, value]) => `  ${JSON.stringify(name.slice(0, 60))} = ${show(value)}`).join("\n");
  const params = Object.keys(request.params).length > 0 ? ` with path params ${JSON.stringify(request.params).slice(0, 200)}` : "";
  return `POST ${path?.slice(0, 200) ?? "(the action)"}${params} as the ${request.caller} caller, ${request.encoding} body:\n${fields || "  (no fields)"}`;
}

// ---------------------------------------------------------------- the run

let server: TestServer;
let other: Organization;
const manifest = readRouteManifest();
const actionRoutes = manifest.filter((route) => route.hasAction);

beforeAll(async () => {
  server = await startTestServer();
  // The server brings the shipped frameworks in when it starts.
  shippedCompetencyIds = (
    await getDb()
      .selectFrom("competencies")
      .innerJoin("frameworks", "frameworks.id", "competencies.framework_id")
      .select("competencies.id as id")
      .where("frameworks.organization_id", "is", null)
      .limit(12)
      .execute()
  ).map((row) => row.id);
  other = await buildOrganization("Elsewhere");
}, 60_000);
afterAll(() => server.stop());

async function clientOf(who: Who, org: Organization): Promise<HttpClient> {
  if (who === "anonymous") return new HttpClient(server.origin);
  const person = who === "otherAdmin" ? other.people.admin : org.people[who];
  const session = await lucia.createSession(person.id, {});
  return new HttpClient(server.origin, { cookie: `${SESSION_COOKIE_NAME}=${session.id}` });
}

const serverComplaints = (mark: OutputMark) => serverComplaintsSince(server, mark);
const marks = () => outputMark(server);

function pathFor(route: ManifestRoute, params: Record<string, string>): string {
  const path = route.pattern.replace(/:([A-Za-z]+)/g, (_, name: string) => percentEncode(encoder.encode(params[name] ?? "")));
  return route.index ? `${path}?index` : path;
}

const prefixed = (label: string, rows: Record<string, string>) => Object.fromEntries(Object.entries(rows).map(([table, text]) => [`${label}: ${table}`, text]));

async function sendOne(route: ManifestRoute, spec: Spec, org: Organization, clients: Record<Who, HttpClient>, request: HostileRequest) {
  const defaults = {
    orgSlug: org.slug,
    cohortId: org.cohortId,
    userId: org.people.trainee.id,
    programmeId: org.programmeId,
    recordId: org.recordId,
    moduleSlug: BASICS,
    token: route.id.includes("reset-password") ? "notarealtokenatall" : org.inviteToken,
  };
  const path = pathFor(route, { ...defaults, ...request.params });
  const who = request.caller === "refused" ? spec.refused! : spec.actor;
  const client = spec.freshSession ? await clientOf(who, org) : clients[who];
  const { body, contentType } = encodeBody(request);
  const before = await rowCounts();
  // What this caller may never change: the other organization, and (for a trainee) a fellow trainee's learning.
  const guarded = async () => ({
    ...(who === "otherAdmin" ? {} : prefixed("other organization", await rowsOf(other.id))),
    ...(who === "trainee" ? prefixed("fellow trainee", await rowsOf(org.id, org.people.peer.id)) : {}),
  });
  const guardedBefore = await guarded();
  const mark = marks();
  let response: Response;
  try {
    response = await client.request(path, {
      method: "POST",
      headers: { origin: server.origin, ...(contentType ? { "content-type": contentType } : {}) },
      body: body as Uint8Array<ArrayBuffer>,
    });
  } catch (error) {
    // Past 16 times the body limit the server closes the connection without reading on (server/remix-handler.ts).
    if (body.length <= 16 * 1024 * 1024) throw error;
    response = new Response("connection closed", { status: 413 });
  }
  const text = await response.text();
  const location = response.headers.get("location") ?? "";
  if (process.env.HOSTILE_DEBUG) console.log(`${route.id} ${who} ${request.encoding}: ${response.status} ${location}`);
  const problems: string[] = [];
  if (response.status >= 500) problems.push(`answered ${response.status}`);
  if (HTML_MARKER.test(text)) problems.push("the page holds an HTML fragment unescaped");
  const refused = response.status >= 400 || (response.status === 302 && location.startsWith("/signin"));
  if (refused) {
    const after = await rowCounts();
    const allowed = WRITTEN_WHEN_REFUSED[route.id] ?? [];
    const changed = (Object.keys(after) as TableName[]).filter((table) => after[table] !== before[table] && !allowed.includes(table));
    if (changed.length > 0) problems.push(`refused with ${response.status} but rows changed in ${changed.map((t) => `${t} (${before[t]} → ${after[t]})`).join(", ")}`);
  }
  const tampered = changedTables(guardedBefore, await guarded());
  if (tampered.length > 0) problems.push(`changed rows it may not touch: ${tampered.join(", ")}`);
  problems.push(...serverComplaints(mark));
  if (problems.length > 0) {
    throw new Error(
      `${problems.join("; ")}\n${describeRequest(request, path)}\nanswer: ${response.status}${location ? ` → ${location}` : ""}: ${visibleText(text).slice(0, 300)}\n` +
        `server stderr: ${server.errorOutput().slice(mark.error, mark.error + 1500)}`,
    );
  }
}

/** Pages that show what people wrote: none may hold a fragment unescaped, whatever the run stored. */
function pagesShowingInput(org: Organization): [Who, string][] {
  const o = `/o/${org.slug}`;
  const cohort = `${o}/teach/cohorts/${org.cohortId}`;
  const trainee = `${o}/teach/trainees/${org.people.trainee.id}`;
  return [
    ["trainee", "/account"],
    ["trainee", `${o}`],
    ["trainee", `${o}/learn/journal`],
    ["trainee", `${o}/learn/competencies`],
    ["trainee", `${o}/learn/records`],
    ["trainee", `${o}/learn/${BASICS}`],
    ["trainer", `${o}/teach`],
    ["trainer", cohort],
    ["trainer", `${cohort}/trainees`],
    ["trainer", `${cohort}/modules`],
    ["trainer", `${cohort}/settings`],
    ["trainer", trainee],
    ["trainer", `${trainee}/competencies`],
    ["trainer", `${trainee}/records`],
    ["admin", `${o}/admin/members`],
    ["admin", `${o}/admin/invitations`],
    ["admin", `${o}/admin/activity`],
    ["admin", `${o}/admin/support-lines`],
    ["admin", `${o}/admin/frameworks`],
    ["admin", `${o}/admin/programmes`],
    ["admin", `${o}/admin/programmes/${org.programmeId}`],
    ["admin", `${o}/admin/records`],
    ["admin", `${o}/admin/records/${org.recordId}`],
  ];
}

describe("hostile input to every action", () => {
  it("has a spec for every action of the build", () => {
    const missing = actionRoutes.filter((route) => !SPECS[route.id]).map((route) => route.id);
    const stale = Object.keys(SPECS).filter((id) => !actionRoutes.some((route) => route.id === id));
    expect(missing, `actions without an entry in SPECS (say what fields they take): ${missing.join(", ")}`).toEqual([]);
    expect(stale, `SPECS entries for routes without an action: ${stale.join(", ")}`).toEqual([]);
  });

  it.each(actionRoutes.map((route, index) => [route.id, route, index] as const))("%s", async (_id, route, index) => {
    const makeSpec = SPECS[route.id];
    if (!makeSpec) return; // reported above
    const org = await buildOrganization("Hostile");
    const kit: Kit = { ...plausibleValues(org, other), a: org, b: other };
    const spec = makeSpec(kit);
    const otherIds = idsOf(other);
    const hostileText = hostileTextOf(otherIds);
    const hostileValue = hostileValueOf(otherIds);
    const clients = {} as Record<Who, HttpClient>;
    for (const who of ["anonymous", "admin", "trainer", "trainee", "peer", "otherAdmin"] as const) clients[who] = await clientOf(who, org);

    const seed = SEED + index;
    try {
      await fc.assert(
        fc.asyncProperty(requestArbitrary(route, spec, kit, hostileValue, hostileText), (request) => sendOne(route, spec, org, clients, request)),
        // No shrinking: each step is an HTTP request against a database that has moved on.
        { numRuns: RUNS, seed, endOnFailure: true, includeErrorInReport: true },
      );
    } catch (error) {
      throw new Error(`${route.id} failed with seed ${seed} (replay: HOSTILE_SEED=${SEED}, this action is number ${index}).\n${(error as Error).message}`);
    }

    // Whatever the run stored is shown escaped on every page that shows it.
    const mark = marks();
    const unescaped: string[] = [];
    for (const [who, path] of pagesShowingInput(org)) {
      const response = await clients[who].get(path);
      const text = await response.text();
      if (response.status >= 500) unescaped.push(`${path} as ${who}: ${response.status}`);
      if (HTML_MARKER.test(text)) unescaped.push(`${path} as ${who}: holds an HTML fragment unescaped`);
    }
    expect([...unescaped, ...serverComplaints(mark)]).toEqual([]);
  }, 120_000);
});
