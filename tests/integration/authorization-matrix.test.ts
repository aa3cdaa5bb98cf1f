import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lucia, SESSION_COOKIE_NAME } from "~/auth/lucia.server";
import { getDb } from "~/db.server";
import { importCasePackage } from "~/models/competencies/case-import.server";
import { createInvitation } from "~/models/accounts/invitation.server";
import { addToCohort, assignTestModules, createNamedMember, createTestCohort, writeReflection } from "../support/cohort-factories";
import { sampleCasePackage } from "../support/competency-factories";
import { createTestMember, createTestOrganization } from "../support/factories";
import { HttpClient } from "../support/http-client";
import { BASICS, createTestProgramme, dashed, issueTestRecord, makeEligible, MUTUALITY } from "../support/record-factories";
import { rowCounts } from "../support/row-counts";
import { actionPath, fillPattern, readRouteManifest, type ManifestRoute } from "../support/route-manifest";
import { signedInClient } from "../support/sign-in";
import { startTestServer, type TestServer } from "../support/test-server";

/*
 * Who may do what, route by route. Every route of the build (read from the
 * Remix manifest, so a new route without a row here fails) is requested by
 * each kind of caller, and each cell states the status it must get:
 *
 * - not signed in: redirect to sign-in ("302 /signin?…")
 * - another organization's data, or an organization one does not belong to: 404
 * - a member without the role: 403
 *
 * The organization in every URL is "A". Its cast: `trainee` (in cohort 1),
 * `peer` (another trainee of A, in cohort 2), `trainer` (trains cohort 1),
 * `otherTrainer` (trains cohort 2 only) and `admin`. From organization "B":
 * `outsider` (a trainee) and `otherAdmin` (its admin). Dynamic params are real
 * ids from A: the trainee's user id, cohort 1, a programme, the trainee's
 * record, A's key, an open invitation.
 *
 * Pages and files are requested with GET. Each action is sent a POST with a
 * body it cannot act on (an unknown intent, or fields left out), so a caller
 * who passes the permission check gets the form's refusal (400) and nothing
 * is written (row counts are compared); everyone else gets the permission
 * refusal. A route without an action answers every POST with 405.
 */

type Cell = number | `302 ${string}`;
/** One status per caller, in the order of CALLERS. */
type Row = readonly [anonymous: Cell, trainee: Cell, peer: Cell, outsider: Cell, trainer: Cell, otherTrainer: Cell, admin: Cell, otherAdmin: Cell];

const CALLERS = ["anonymous", "trainee", "peer", "outsider", "trainer", "otherTrainer", "admin", "otherAdmin"] as const;
type Caller = (typeof CALLERS)[number];

/** A redirect to this location, where `*` stands for any run of characters. */
const SIGNIN = "302 /signin?redirectTo=*";
const HOME = "302 /";
const OWN_ORG = "302 /o/*";

// The common rules. Columns:   anonymous trainee peer outsider trainer otherTrainer admin otherAdmin
const PUBLIC: Row =          [200,      200,    200, 200,     200,    200,         200,  200];
const SIGNED_IN: Row =       [SIGNIN,   200,    200, 200,     200,    200,         200,  200];
const MEMBERS: Row =         [SIGNIN,   200,    200, 404,     200,    200,         200,  404];
const TRAINERS: Row =        [SIGNIN,   403,    403, 404,     200,    200,         200,  404];
/** Cohort 1's trainers and A's admins; and the same for the trainee's page (they train them). */
const COHORT: Row =          [SIGNIN,   403,    403, 404,     200,    404,         200,  404];
const ADMINS: Row =          [SIGNIN,   403,    403, 404,     403,    403,         200,  404];
/** Pages for people not signed in: a signed-in person is sent on. */
const SIGNED_OUT: Row =      [200,      HOME,   HOME, HOME,   HOME,   HOME,        HOME, HOME];

/** The same rule where the allowed callers get `status` instead of 200 (a form refused for its content). */
const allowed = (row: Row, status: Cell): Row => row.map((cell) => (cell === 200 ? status : cell)) as unknown as Row;

interface Entry {
  get: Row;
  /** Required exactly when the route has an action. */
  post?: Row;
  /** Params that differ from the defaults (fixture ids of organization A). */
  params?: Record<string, string>;
  /** Each caller gets a new session for this POST (it ends the session). */
  freshSession?: boolean;
  /**
   * A body the action would carry out, for routes that read the form before
   * the id: sent by another organization's people with this organization's
   * id, so that only scoping (not form validation) can refuse it.
   */
  acrossOrgs?: Record<string, string | string[]>;
}

const SHIPPED_FRAMEWORK = "who-qualityrights";
const IMPORTED_FRAMEWORK = "5d2c8f0e-2b7a-4c1e-9a55-0f3b6e7d9a10"; // sampleCasePackage()'s CFDocument

const MATRIX: Record<string, Entry> = {
  // The root layout runs on every page; requested at "/", like the start page it wraps.
  root: { get: [200, OWN_ORG, OWN_ORG, OWN_ORG, OWN_ORG, OWN_ORG, OWN_ORG, OWN_ORG] },
  // Someone in exactly one organization is sent straight to it.
  "routes/_public+/_index": { get: [200, OWN_ORG, OWN_ORG, OWN_ORG, OWN_ORG, OWN_ORG, OWN_ORG, OWN_ORG] },
  "routes/_resources+/healthz": { get: PUBLIC },

  // Signing in and out, accounts.
  // A signed-in person's POST runs the action (refused: empty form), then the page's loader sends them on.
  "routes/_auth+/signin": { get: SIGNED_OUT, post: allowed(SIGNED_OUT, 400) },
  "routes/_auth+/signup": { get: SIGNED_OUT, post: allowed(SIGNED_OUT, 400) },
  "routes/_auth+/signout": { get: [HOME, HOME, HOME, HOME, HOME, HOME, HOME, HOME], post: [HOME, HOME, HOME, HOME, HOME, HOME, HOME, HOME], freshSession: true },
  "routes/_auth+/forgot-password": { get: PUBLIC, post: allowed(PUBLIC, 400) },
  // An unknown token shows the "link not usable" page; the form refuses an empty password.
  "routes/_auth+/reset-password.$token": { get: PUBLIC, post: allowed(PUBLIC, 400) },
  // The invitation (to someone none of the callers is) can be read by anyone with the link;
  // accepting needs an account with the invited address: 403 for everyone else.
  "routes/_auth+/invite.$token": { get: PUBLIC, post: allowed(SIGNED_IN, 403) },
  // Links that confirm an address: anyone with the link may use it. The token here (the
  // invitation's) is not one of theirs, so the page says the link does not work and its button 410.
  "routes/_auth+/confirm-signup.$token": { get: PUBLIC, post: allowed(PUBLIC, 410) },
  "routes/_auth+/confirm-email.$token": { get: PUBLIC, post: allowed(PUBLIC, 410) },
  "routes/account+/_layout": { get: SIGNED_IN },
  "routes/account+/_index": { get: SIGNED_IN, post: allowed(SIGNED_IN, 400) },
  "routes/account+/email": { get: SIGNED_IN, post: allowed(SIGNED_IN, 400) },
  "routes/account+/password": { get: SIGNED_IN, post: allowed(SIGNED_IN, 400) },
  // Ends one's other sessions (each caller has one, so nothing changes).
  "routes/account+/sessions": { get: SIGNED_IN, post: SIGNED_IN },
  "routes/account+/time-zone": { get: SIGNED_IN, post: allowed(SIGNED_IN, 400) },
  "routes/orgs+/new": { get: SIGNED_IN, post: allowed(SIGNED_IN, 400) },

  // Published material: frameworks, issuers' keys and revocation lists, verification.
  "routes/_resources+/case.frameworks._index": { get: PUBLIC },
  "routes/_resources+/case.frameworks.$file": { get: PUBLIC, params: { file: `${SHIPPED_FRAMEWORK}.json` } },
  "routes/_resources+/issuers.$issuerId._index": { get: PUBLIC },
  "routes/_resources+/issuers.$issuerId.jwks[.]json": { get: PUBLIC },
  "routes/_resources+/issuers.$issuerId.keys.$keyId": { get: PUBLIC },
  "routes/_resources+/issuers.$issuerId.status.revocation": { get: PUBLIC },
  "routes/_public+/verify._index": { get: PUBLIC },
  "routes/_public+/verify.$code": { get: PUBLIC },

  // The organization's frame and home page: every member.
  "routes/o.$orgSlug+/_layout": { get: MEMBERS },
  "routes/o.$orgSlug+/_index": { get: MEMBERS },

  // Learning: every member learns, trainers and admins too; each sees only their own.
  "routes/o.$orgSlug+/learn+/_index": { get: MEMBERS },
  "routes/o.$orgSlug+/learn+/$moduleSlug": { get: MEMBERS, post: allowed(MEMBERS, 400) },
  "routes/o.$orgSlug+/learn+/$moduleSlug_.summary": { get: MEMBERS },
  "routes/o.$orgSlug+/learn+/competencies._index": { get: MEMBERS },
  "routes/o.$orgSlug+/learn+/competencies.self-assessment": { get: MEMBERS, post: allowed(MEMBERS, 400) },
  "routes/o.$orgSlug+/learn+/competencies.export.$format": { get: MEMBERS, params: { format: "csv" } },
  "routes/o.$orgSlug+/learn+/journal": { get: MEMBERS, post: allowed(MEMBERS, 400) },
  "routes/o.$orgSlug+/learn+/journal.export.$format": { get: MEMBERS, params: { format: "md" } },
  "routes/o.$orgSlug+/learn+/records._index": { get: MEMBERS },
  // One's own requests to join a cohort: the answer refuses an unknown request (400 for the probe's missing fields).
  "routes/o.$orgSlug+/learn+/cohort-requests": { get: MEMBERS, post: allowed(MEMBERS, 400) },
  // The trainee's own record: nobody else downloads it here, not even an admin (404, as for any id not theirs).
  "routes/o.$orgSlug+/learn+/records.$recordId.$format": { get: [SIGNIN, 200, 404, 404, 404, 404, 404, 404], params: { format: "json" } },

  // Teaching: trainers and admins; a cohort only for its own trainers and the admins.
  "routes/o.$orgSlug+/teach+/_index": { get: TRAINERS },
  "routes/o.$orgSlug+/teach+/cohorts._index": { get: allowed(TRAINERS, "302 /o/*/teach") },
  "routes/o.$orgSlug+/teach+/cohorts.new": { get: TRAINERS, post: allowed(TRAINERS, 400) },
  "routes/o.$orgSlug+/teach+/cohorts.$cohortId": { get: COHORT },
  "routes/o.$orgSlug+/teach+/cohorts.$cohortId._index": { get: COHORT },
  "routes/o.$orgSlug+/teach+/cohorts.$cohortId.trainees": { get: COHORT, post: allowed(COHORT, 400) },
  "routes/o.$orgSlug+/teach+/cohorts.$cohortId.modules": { get: COHORT, post: allowed(COHORT, 400) },
  "routes/o.$orgSlug+/teach+/cohorts.$cohortId.settings": { get: COHORT, post: allowed(COHORT, 400) },
  "routes/o.$orgSlug+/teach+/cohorts.$cohortId.progress[.]csv": { get: COHORT },
  // One trainee, seen by the trainers of a cohort they are in, and by admins.
  "routes/o.$orgSlug+/teach+/trainees.$userId._index": { get: COHORT, post: allowed(COHORT, 400) },
  "routes/o.$orgSlug+/teach+/trainees.$userId.competencies": { get: COHORT, post: allowed(COHORT, 400) },
  "routes/o.$orgSlug+/teach+/trainees.$userId.records": { get: COHORT, post: allowed(COHORT, 400) },
  // Question statistics: every trainer and admin, each counting only the answers they may see (a trainer, their own
  // cohorts' trainees; no names). Narrowing to a cohort one does not train is 404 (tests/integration/item-statistics.test.ts).
  "routes/o.$orgSlug+/teach+/questions._index": { get: TRAINERS },
  "routes/o.$orgSlug+/teach+/questions.$moduleSlug._index": { get: TRAINERS },
  "routes/o.$orgSlug+/teach+/questions.$moduleSlug.export[.]csv": { get: TRAINERS },

  // Administration: admins of this organization only.
  "routes/o.$orgSlug+/admin+/members": { get: ADMINS, post: allowed(ADMINS, 400) },
  "routes/o.$orgSlug+/admin+/invitations": { get: ADMINS, post: allowed(ADMINS, 400) },
  "routes/o.$orgSlug+/admin+/activity": { get: ADMINS },
  "routes/o.$orgSlug+/admin+/support-lines": { get: ADMINS, post: allowed(ADMINS, 400) },
  "routes/o.$orgSlug+/admin+/mail": { get: ADMINS, post: allowed(ADMINS, 400) },
  "routes/o.$orgSlug+/admin+/frameworks": { get: ADMINS, post: allowed(ADMINS, 400) },
  // An imported framework is the organization's own, not published like /case/frameworks.
  "routes/o.$orgSlug+/admin+/frameworks.$file": { get: ADMINS, params: { file: `${IMPORTED_FRAMEWORK}.json` } },
  "routes/o.$orgSlug+/admin+/programmes._index": { get: ADMINS },
  "routes/o.$orgSlug+/admin+/programmes.new": { get: ADMINS, post: allowed(ADMINS, 400) },
  "routes/o.$orgSlug+/admin+/programmes.$programmeId": { get: ADMINS, post: allowed(ADMINS, 400), acrossOrgs: { intent: "archive" } },
  "routes/o.$orgSlug+/admin+/programmes.$programmeId_.edit": {
    get: ADMINS,
    post: allowed(ADMINS, 400),
    acrossOrgs: { title: "Taken over", description: "Changed from another organization.", modules: [BASICS], validityMonths: "" },
  },
  "routes/o.$orgSlug+/admin+/records._index": { get: ADMINS },
  "routes/o.$orgSlug+/admin+/records[.]csv": { get: ADMINS },
  "routes/o.$orgSlug+/admin+/records.$recordId": { get: ADMINS, post: allowed(ADMINS, 400), acrossOrgs: { intent: "revoke", reason: "Revoked from another organization." } },
  // The record's files, for the admins who may open its page.
  "routes/o.$orgSlug+/admin+/records.$recordId_.$format": { get: ADMINS, params: { format: "json" } },
};

/** What a route without an action answers to any POST, whoever sends it. */
const NO_ACTION: Row = [405, 405, 405, 405, 405, 405, 405, 405];

let server: TestServer;
const people = {} as Record<Exclude<Caller, "anonymous">, { id: string; email: string; password: string }>;
const clients = {} as Record<Caller, HttpClient>;
let defaults: Record<string, string> = {};
/** Organization B's own people, signed in, for asking about A's ids under B's URL. */
const orgBClients = {} as Record<"admin" | "trainer" | "trainee", HttpClient>;
let orgBSlug = "";

beforeAll(async () => {
  server = await startTestServer();
  const a = await createTestOrganization("Matrix Org A");
  const b = await createTestOrganization("Matrix Org B");
  const orgA = a.organization.id;
  people.admin = a.admin;
  people.otherAdmin = b.admin;
  people.trainer = await createNamedMember(orgA, "Tess Trainer", "trainer");
  people.otherTrainer = await createNamedMember(orgA, "Omar Othertrainer", "trainer");
  people.trainee = await createNamedMember(orgA, "Tomi Trainee");
  people.peer = await createNamedMember(orgA, "Pat Peer");
  people.outsider = await createTestMember(b.organization.id, "trainee");

  const cohort = await createTestCohort({ organizationId: orgA, trainer: people.trainer, name: "Cohort 1" });
  const otherCohort = await createTestCohort({ organizationId: orgA, trainer: people.otherTrainer, name: "Cohort 2" });
  await addToCohort({ organizationId: orgA, cohortId: cohort.id, trainer: people.trainer, people: [people.trainee] });
  await addToCohort({ organizationId: orgA, cohortId: otherCohort.id, trainer: people.otherTrainer, people: [people.peer] });
  await assignTestModules({ organizationId: orgA, cohortId: cohort.id, trainer: people.trainer, slugs: [BASICS] });
  await writeReflection({ organizationId: orgA, userId: people.trainee.id }, MUTUALITY, "Shared with my trainer.", "shared");

  const programme = await createTestProgramme({ organizationId: orgA, adminId: a.admin.id, modules: [BASICS] });
  await makeEligible({ organizationId: orgA, trainee: people.trainee, trainer: people.trainer, programmeId: programme.id });
  const record = await issueTestRecord({ organization: a.organization, admin: a.admin, programmeId: programme.id, trainee: people.trainee, origin: server.origin });
  await importCasePackage({ organizationId: orgA, actorId: a.admin.id, text: JSON.stringify(sampleCasePackage({ documentId: IMPORTED_FRAMEWORK })) });
  const invitation = await createInvitation({ organizationId: orgA, actorId: a.admin.id, email: "not-yet-here@example.org", role: "trainee", appOrigin: server.origin });
  const key = await getDb().selectFrom("organization_keys").select("id").where("organization_id", "=", orgA).executeTakeFirstOrThrow();

  defaults = {
    orgSlug: a.organization.slug,
    cohortId: cohort.id,
    userId: people.trainee.id,
    moduleSlug: BASICS,
    programmeId: programme.id,
    recordId: record.id,
    code: dashed(record.code),
    issuerId: orgA,
    keyId: key.id,
    token: /\/invite\/([a-z2-7]+)/.exec(invitation.link)![1]!,
  };

  orgBSlug = b.organization.slug;
  const orgBTrainer = await createNamedMember(b.organization.id, "Bea Btrainer", "trainer");
  const orgBTrainee = await createNamedMember(b.organization.id, "Bo Btrainee");
  const orgBCohort = await createTestCohort({ organizationId: b.organization.id, trainer: orgBTrainer, name: "B cohort" });
  await addToCohort({ organizationId: b.organization.id, cohortId: orgBCohort.id, trainer: orgBTrainer, people: [orgBTrainee] });
  // Not B's first admin, whose sessions the matrix's "end other sessions" POST ends.
  orgBClients.admin = await signedInClient(server.origin, await createNamedMember(b.organization.id, "Bao Badmin", "admin"));
  orgBClients.trainer = await signedInClient(server.origin, orgBTrainer);
  orgBClients.trainee = await signedInClient(server.origin, orgBTrainee);

  clients.anonymous = new HttpClient(server.origin);
  for (const caller of CALLERS) if (caller !== "anonymous") clients[caller] = await signedInClient(server.origin, people[caller]);
});
afterAll(() => server.stop());

const manifest = readRouteManifest();

/** "" when the response is what the cell says, else what it got instead. */
function mismatch(cell: Cell, response: Response): string {
  const location = response.headers.get("location") ?? "";
  if (typeof cell === "number") return response.status === cell ? "" : `got ${response.status}${location ? ` → ${location}` : ""}`;
  const expected = new RegExp(`^${cell.slice(4).split("*").map((part) => part.replace(/[.?+^$()[\]{}|\\]/g, "\\$&")).join(".*")}$`);
  const matches = response.status === 302 && expected.test(location);
  return matches ? "" : `got ${response.status}${location ? ` → ${location}` : ""}`;
}

/**
 * A client of this caller with a session of its own, for a request that ends
 * it. The session is made directly, not by signing in, which would also
 * remember the browser (a row the POST's row count would see).
 */
async function freshClient(caller: Caller): Promise<HttpClient> {
  if (caller === "anonymous") return new HttpClient(server.origin);
  const session = await lucia.createSession(people[caller].id, {});
  return new HttpClient(server.origin, { cookie: `${SESSION_COOKIE_NAME}=${session.id}` });
}

async function runRow(route: ManifestRoute, method: "GET" | "POST", row: Row, entry: Entry): Promise<string[]> {
  const params = { ...defaults, ...entry.params };
  const failures: string[] = [];
  for (const [column, caller] of CALLERS.entries()) {
    const client = method === "POST" && entry.freshSession ? await freshClient(caller) : clients[caller];
    const response =
      method === "GET"
        ? await client.get(fillPattern(route, params))
        : await client.post(actionPath(route, params), { intent: "authorization-matrix-probe" });
    await response.arrayBuffer();
    const problem = mismatch(row[column]!, response);
    if (problem) failures.push(`${method} ${route.id} as ${caller}: expected ${row[column]}, ${problem}`);
  }
  return failures;
}

describe("the authorization matrix", () => {
  it("has a row for every route of the build, and no row for a route that is gone", () => {
    const ids = manifest.map((route) => route.id);
    const missing = ids.filter((id) => !(id in MATRIX));
    const stale = Object.keys(MATRIX).filter((id) => !ids.includes(id));
    expect(missing, `routes without a row in MATRIX (add one saying who may use them): ${missing.join(", ")}`).toEqual([]);
    expect(stale, `rows in MATRIX for routes the build no longer has: ${stale.join(", ")}`).toEqual([]);
  });

  it("states a POST row exactly for the routes that have an action", () => {
    const wrong = manifest
      .filter((route) => MATRIX[route.id] && route.hasAction !== (MATRIX[route.id]!.post !== undefined))
      .map((route) => `${route.id} (${route.hasAction ? "has an action but no post row" : "has no action but a post row"})`);
    expect(wrong).toEqual([]);
  });

  it.each(manifest.map((route) => [route.id, route] as const))("GET %s", async (_id, route) => {
    const entry = MATRIX[route.id];
    if (!entry) return; // reported by the first test
    expect(await runRow(route, "GET", entry.get, entry)).toEqual([]);
  });

  it.each(manifest.map((route) => [route.id, route] as const))("POST %s", async (_id, route) => {
    const entry = MATRIX[route.id];
    if (!entry) return;
    const before = await rowCounts();
    expect(await runRow(route, "POST", entry.post ?? NO_ACTION, entry)).toEqual([]);
    // Refused for who they are or for what they sent: nobody's POST wrote anything.
    expect(await rowCounts()).toEqual(before);
  });

  it("no answer above was a fault: the server logged no error and no stack trace", () => {
    expect(server.errorOutput()).not.toMatch(/"level":"error"|\n\s+at\s/);
  });
});

/** URL params that name a row of one organization: a cohort, a person, a programme, a record, an imported framework. */
const ID_PARAMS = ["cohortId", "userId", "programmeId", "recordId", "file"];
const idAddressed = manifest.filter(
  (route) => route.pattern.startsWith("/o/:orgSlug/") && ID_PARAMS.some((param) => route.pattern.includes(`:${param}`)),
);

/*
 * Membership alone refuses an outsider at A's URLs (above). Here organization
 * B's own admin, trainer and trainee stay under B's URL and ask for A's
 * cohort, trainee, programme, record or framework by id: every model lookup
 * must be scoped to the organization of the URL, so whoever passes the role
 * check gets 404 and nothing of A's, and their POSTs write nothing. A role
 * that would be refused in its own organization (A's cell says 403) is
 * refused the same way here, before any id is looked at.
 */
const ROLE_TWIN: Record<keyof typeof orgBClients, Caller> = { admin: "admin", trainer: "otherTrainer", trainee: "peer" };
const expectedAcross = (row: Row, who: keyof typeof orgBClients): number => (row[CALLERS.indexOf(ROLE_TWIN[who])] === 403 ? 403 : 404);

describe("another organization's ids under your own organization's URL", () => {
  it("covers every id-addressed organization route", () => {
    expect(idAddressed.length).toBeGreaterThanOrEqual(10);
  });

  it.each(idAddressed.map((route) => [route.id, route] as const))("%s answers 404 to organization B's people", async (_id, route) => {
    const entry = MATRIX[route.id];
    if (!entry) return;
    const params = { ...defaults, ...entry.params, orgSlug: orgBSlug };
    const failures: string[] = [];
    for (const [who, client] of Object.entries(orgBClients) as [keyof typeof orgBClients, HttpClient][]) {
      const page = await client.get(fillPattern(route, params));
      const body = await page.text();
      const expected = expectedAcross(entry.get, who);
      if (page.status !== expected) failures.push(`GET as B's ${who}: expected ${expected}, got ${page.status}`);
      for (const secret of ["Tomi Trainee", "Cohort 1", "Shared with my trainer."]) {
        if (body.includes(secret)) failures.push(`GET as B's ${who}: the page shows A's "${secret}"`);
      }
      if (route.hasAction) {
        const before = await rowCounts();
        const post = await client.post(actionPath(route, params), entry.acrossOrgs ?? { intent: "authorization-matrix-probe" });
        await post.arrayBuffer();
        const expectedPost = expectedAcross(entry.post ?? NO_ACTION, who);
        if (post.status !== expectedPost) failures.push(`POST as B's ${who}: expected ${expectedPost}, got ${post.status}`);
        if (JSON.stringify(await rowCounts()) !== JSON.stringify(before)) failures.push(`POST as B's ${who}: wrote rows`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("no answer above was a fault: the server logged no error and no stack trace", () => {
    expect(server.errorOutput()).not.toMatch(/"level":"error"|\n\s+at\s/);
  });
});
