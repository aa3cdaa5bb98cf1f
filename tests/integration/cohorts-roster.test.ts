import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { MalformedRosterError, parsePastedAddresses, parseRosterCsv } from "~/codecs/roster-file";
import { acceptCohortRequests, createNamedMember, createTestCohort } from "../support/cohort-factories";
import { createTestOrganization, createTestUser } from "../support/factories";
import type { HttpClient } from "../support/http-client";
import { pageText, visibleText } from "../support/page-text";
import { rowCounts } from "../support/row-counts";
import { mailCountTo, tokenFromMail } from "../support/server-log";
import { signedInClient } from "../support/sign-in";
import { startTestServer, type TestServer } from "../support/test-server";

/*
 * Adding trainees to a cohort from a pasted list or an uploaded CSV file:
 * every row is checked and each refusal says why; a file that cannot be
 * read as a whole adds nobody; members are asked to join and are in the
 * cohort only once they accept; others are invited and join the cohort when
 * they accept the invitation.
 */

let server: TestServer;
let organizationId = "";
let slug = "";
let trainer: Awaited<ReturnType<typeof createNamedMember>>;
let trainerClient: HttpClient;
let admin: { id: string; email: string };

beforeAll(async () => {
  server = await startTestServer();
  const created = await createTestOrganization("Roster Peer Network");
  organizationId = created.organization.id;
  slug = created.organization.slug;
  admin = created.admin;
  trainer = await createNamedMember(organizationId, "Tomás Trainer", "trainer");
  trainerClient = await signedInClient(server.origin, trainer);
});
afterAll(() => server.stop());

let emailCounter = 0;
const fresh = (label: string) => `${label}-${++emailCounter}@example.org`;

async function newCohort(name = "Roster cohort") {
  const cohort = await createTestCohort({ organizationId, trainer, name });
  return { id: cohort.id, path: `/o/${slug}/teach/cohorts/${cohort.id}/trainees` };
}

/** Sends a file the way a browser's form does (multipart), as one buffer with its length declared. */
async function upload(client: HttpClient, path: string, content: string | Uint8Array<ArrayBuffer>, filename = "trainees.csv") {
  const form = new FormData();
  form.set("intent", "add-file");
  form.set("file", new Blob([content], { type: "text/csv" }), filename);
  const encoded = new Response(form);
  const body = new Uint8Array(await encoded.arrayBuffer());
  return client.request(path, { method: "POST", body, headers: { origin: client.origin, "content-type": encoded.headers.get("content-type")! } });
}

async function cohortTrainees(cohortId: string): Promise<string[]> {
  const rows = await getDb()
    .selectFrom("cohort_members")
    .innerJoin("users", "users.id", "cohort_members.user_id")
    .select("users.email")
    .where("cohort_members.cohort_id", "=", cohortId)
    .where("cohort_members.role", "=", "trainee")
    .execute();
  return rows.map((r) => r.email).sort();
}

async function cohortInvitations(cohortId: string): Promise<string[]> {
  const rows = await getDb().selectFrom("invitations").select("email").where("cohort_id", "=", cohortId).execute();
  return rows.map((r) => r.email).sort();
}

/** The visible text of each row of the table of refused rows. */
function refusedRows(html: string): string[] {
  const table = /<caption>Refused[\s\S]*?<\/table>/.exec(html)?.[0] ?? "";
  return [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].slice(1).map((m) => visibleText(m[1]!));
}

describe("a valid CSV file", () => {
  it("asks members to join and invites everyone else with a link that puts them in the cohort", async () => {
    const cohort = await newCohort("Valid file cohort");
    const ana = await createNamedMember(organizationId, "Ana Member");
    const ben = await createNamedMember(organizationId, "Ben Member");
    const newcomer = fresh("newcomer");
    const other = fresh("other");
    const csv = [
      "Name,Email,Phone",
      `"Member, Ana",${ana.email.toUpperCase()},555`,
      `Ben Member,  ${ben.email} ,`,
      `"Newcomer ""Nia""",${newcomer},`,
      `Other,${other},`,
      ",,",
      "",
    ].join("\r\n");
    const response = await upload(trainerClient, cohort.path, csv);
    expect(response.status).toBe(200);
    const text = await pageText(response);
    expect(text).toContain("2 people were asked to join: Ana Member, Ben Member. They join the cohort when they accept.");
    expect(text).toContain("2 people have an invitation.");
    // No mail leaves this site yet: the page says so instead of claiming anyone was emailed.
    expect(text).toContain("This site does not send email yet, so nobody has been told: copy each link below and send it to them yourself.");
    expect(text).not.toMatch(/gets an email|were sent|was sent/);
    expect(text).not.toContain("could not be added");
    expect(await cohortTrainees(cohort.id), "members are not in the cohort before they accept").toEqual([]);
    expect(await cohortInvitations(cohort.id)).toEqual([newcomer, other].sort());
    expect(mailCountTo(server, ana.email), "a member who is asked is told").toBe(1);
    expect(server.mail().find((m) => m.to === ana.email)?.text).toContain(`/o/${slug}/learn/cohort-requests`);

    // The newcomer accepts: they join the organization and, through the invitation, the cohort.
    const token = await tokenFromMail(server, newcomer, "invite");
    expect(server.mail().find((m) => m.to === newcomer)?.text).toContain('in the training group "Valid file cohort"');
    const person = await createTestUser({ email: newcomer, displayName: "Nia Newcomer" });
    const client = await signedInClient(server.origin, person);
    const accepted = await client.post(`/invite/${token}`, {});
    expect(accepted.status).toBe(302);
    expect(await cohortTrainees(cohort.id)).toContain(newcomer);
    const membership = await getDb().selectFrom("memberships").select("role").where("user_id", "=", person.id).executeTakeFirst();
    expect(membership?.role).toBe("trainee");
    const roster = await pageText(await trainerClient.get(cohort.path));
    expect(roster).toContain("Nia Newcomer");
    expect(roster).toContain("Waiting for them to accept (2)");
    expect(roster).toContain("Invited, not joined yet (1)");
    expect(roster).toContain(other);
  });

  it("reads a semicolon file from a spreadsheet with a byte order mark and a lone email column", async () => {
    const cohort = await newCohort();
    const a = fresh("semi-a");
    const b = fresh("semi-b");
    const response = await upload(trainerClient, cohort.path, `\uFEFFE-mail;Name\n${a};A\n${b};"B; with semicolon"\n`);
    expect(response.status).toBe(200);
    expect(await cohortInvitations(cohort.id)).toEqual([a, b].sort());

    const single = await newCohort();
    const c = fresh("single");
    expect((await upload(trainerClient, single.path, `${c}\n\n`)).status).toBe(200);
    expect(await cohortInvitations(single.id)).toEqual([c]);
  });
});

describe("a partly invalid CSV file", () => {
  it("adds the good rows and lists every refused row, in file order, with its number and the reason", async () => {
    const cohort = await newCohort("Partly invalid cohort");
    const already = await createNamedMember(organizationId, "Already There");
    const first = await upload(trainerClient, cohort.path, `email\n${already.email}\n`);
    expect(first.status).toBe(200);
    await acceptCohortRequests({ organizationId, cohortId: cohort.id, people: [already] });
    const otherTrainer = await createNamedMember(organizationId, "Other Trainer", "trainer");
    const good = fresh("good");
    const csv = [
      "email,name",
      `${good},Good`, // row 2
      `${already.email},Again`, // row 3
      "ana@,Broken", // row 4
      `${trainer.email},The trainer`, // row 5
      `${good.toUpperCase()},Twice`, // row 6
      ",No address", // row 7
      `${otherTrainer.email},A trainer`, // row 8
      `${admin.email},The admin`, // row 9
    ].join("\n");
    const before = await rowCounts();
    const response = await upload(trainerClient, cohort.path, csv);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(visibleText(html)).toContain("1 person has an invitation.");
    expect(visibleText(html)).toContain("7 people could not be added");
    expect(refusedRows(html)).toEqual([
      `Row 3 ${already.email} This person is already a trainee in this cohort.`,
      "Row 4 ana@ This is not a complete email address (like name@example.org).",
      `Row 5 ${trainer.email} This person is a trainer of this cohort.`,
      `Row 6 ${good.toUpperCase()} This address is already in the list, at row 2.`,
      "Row 7 (empty) This row has no email address.",
      `Row 8 ${otherTrainer.email} This person is a trainer in this organization. Only trainees can be added to a cohort.`,
      `Row 9 ${admin.email} This person is an admin in this organization. Only trainees can be added to a cohort.`,
    ]);
    const after = await rowCounts();
    expect(after.invitations).toBe(before.invitations + 1);
    expect(after.cohort_members).toBe(before.cohort_members);
    expect(await cohortInvitations(cohort.id)).toEqual([good]);
  });

  it("adds nobody when every row is refused, with 400 and the list of reasons", async () => {
    const cohort = await newCohort();
    const before = await rowCounts();
    const response = await upload(trainerClient, cohort.path, "email\nnot-an-address\nstill@wrong@\n");
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(visibleText(html)).toContain("Nobody was added");
    expect(html, "a refusal is never shown as a success").not.toContain("notice--success");
    expect(refusedRows(html)).toHaveLength(2);
    expect(await rowCounts()).toEqual(before);
  });

  it("shows refusals in a panel of their own marked as a problem, apart from the success panel", async () => {
    const cohort = await newCohort();
    const good = fresh("panel-good");
    const html = await (await upload(trainerClient, cohort.path, `email\n${good}\nbroken@\n`)).text();
    const success = /<div class="notice notice--success[^"]*"[^>]*>([\s\S]*?)<\/div>\s*<div class="notice notice--error/.exec(html)?.[1] ?? "";
    expect(visibleText(success)).toContain("1 person has an invitation.");
    expect(success, "no refused row inside the green panel").not.toContain("broken@");
    const problem = /<div class="notice notice--error[^"]*" role="alert"[^>]*>([\s\S]*?<\/table>)/.exec(html)?.[1] ?? "";
    expect(visibleText(problem)).toContain("1 person could not be added The row below was refused. Correct these rows and upload them again.");
    expect(refusedRows(problem)).toEqual(["Row 3 broken@ This is not a complete email address (like name@example.org)."]);
  });

  it("says on the page what really happens to a file with refused rows", async () => {
    const cohort = await newCohort();
    const page = await pageText(await trainerClient.get(cohort.path));
    expect(page).not.toContain("If any row cannot be read, nobody from the file is added");
    expect(page).toContain("Each row is checked on its own: the people in rows that can be read are added, and any row that cannot is listed with the reason.");
    expect(page).toContain("If the file as a whole cannot be read, nobody from it is added.");
  });

  it("says an invitation to this cohort is still waiting instead of sending a second one", async () => {
    const cohort = await newCohort();
    const person = fresh("waiting");
    expect((await upload(trainerClient, cohort.path, person)).status).toBe(200);
    const response = await upload(trainerClient, cohort.path, person);
    expect(response.status).toBe(400);
    expect(await pageText(response)).toContain("This person was already invited to this cohort on");
    expect(await cohortInvitations(cohort.id)).toEqual([person]);
    expect(mailCountTo(server, person)).toBe(1);
  });
});

describe("a file that is malformed as a whole adds nobody", () => {
  const cases: [string, string | Uint8Array<ArrayBuffer>, string][] = [
    ["a quotation mark never closed", `email,name\n${"x@example.org"},"Ana\ny@example.org,Ben\n`, 'Row 2 has a quotation mark (") that is never closed'],
    ["a spreadsheet (.xlsx) file", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 0, 0, 9]), "This looks like a spreadsheet file (such as .xlsx), not a CSV file."],
    ["a binary file", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13]), "This file is not a text file."],
    ["an empty file", "", "The file is empty."],
    ["blank lines only", "\n \n,,\n", "The file has no rows with text in them."],
    ["a heading row and nothing under it", "Name,Email\n", "The file has a heading row but no people under it."],
    ["several columns and none named email", "Ana,ana@example.org,ben@example.org\nBen,x,y\n", "We could not tell which column holds the email addresses."],
  ];
  it.each(cases)("refuses %s with a message and writes nothing", async (_, content, message) => {
    const cohort = await newCohort();
    const before = await rowCounts();
    const mailBefore = server.mail().length;
    const response = await upload(trainerClient, cohort.path, content);
    expect(response.status).toBe(400);
    expect(await pageText(response)).toContain(message);
    expect(await rowCounts()).toEqual(before);
    expect(server.mail().length).toBe(mailBefore);
  });

  it("asks for a file when none was chosen", async () => {
    const cohort = await newCohort();
    const form = new FormData();
    form.set("intent", "add-file");
    form.set("file", new Blob([]), "");
    const response = await trainerClient.request(cohort.path, { method: "POST", body: form, headers: { origin: server.origin } });
    expect(response.status).toBe(400);
    expect(await pageText(response)).toContain("Choose a CSV file to upload.");
    const withoutField = await trainerClient.post(cohort.path, { intent: "add-file" });
    expect(withoutField.status).toBe(400);
    expect(await pageText(withoutField)).toContain("Choose a CSV file to upload.");
  });
});

describe("requests that are not a proper form", () => {
  it.each([
    ["a multipart body cut off in the middle", "multipart/form-data; boundary=xyz", '--xyz\r\nContent-Disposition: form-data; name="intent"\r\n\r\nadd-fi'],
    ["a JSON body", "application/json", JSON.stringify({ intent: "add-list", addresses: "json@example.org" })],
    ["no body at all", "application/x-www-form-urlencoded", ""],
  ])("answers %s with 400 and a message, and writes nothing", async (_, contentType, body) => {
    const cohort = await newCohort();
    const before = await rowCounts();
    const response = await trainerClient.request(cohort.path, { method: "POST", body, headers: { origin: server.origin, "content-type": contentType } });
    expect(response.status).toBe(400);
    expect(await pageText(response)).toMatch(/We could not read the form|We did not understand that request/);
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses a list sent twice under one name instead of picking one", async () => {
    const cohort = await newCohort();
    const before = await rowCounts();
    const response = await trainerClient.post(cohort.path, { intent: "add-list", addresses: ["one@example.org", "two@example.org"] });
    expect(response.status).toBe(400);
    expect(await rowCounts()).toEqual(before);
  });
});

describe("huge lists", () => {
  it("refuses a file of more than 1,000 rows as a whole", async () => {
    const cohort = await newCohort();
    const rows = Array.from({ length: 1001 }, (_, i) => `huge-${i}@example.org`);
    const before = await rowCounts();
    const response = await upload(trainerClient, cohort.path, `email\n${rows.join("\n")}\n`);
    expect(response.status).toBe(400);
    expect(await pageText(response)).toContain("The file has 1,001 rows. Add at most 1,000 people at a time");
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses a file larger than the body limit before reading it (413)", async () => {
    const cohort = await newCohort();
    const before = await rowCounts();
    const line = `${"a".repeat(60)}@example.org\n`;
    const response = await upload(trainerClient, cohort.path, `email\n${line.repeat(Math.ceil(1_100_000 / line.length))}`);
    expect(response.status).toBe(413);
    expect(await pageText(response)).toContain("That was too much to send at once");
    expect(await rowCounts()).toEqual(before);
  });

  it("takes a file of exactly 1,000 new people in one go", async () => {
    const cohort = await newCohort("Thousand cohort");
    const rows = Array.from({ length: 1000 }, (_, i) => `thousand-${i}@example.org`);
    const response = await upload(trainerClient, cohort.path, `email\n${rows.join("\n")}\n`);
    expect(response.status).toBe(200);
    expect(await pageText(response)).toContain("1000 people have an invitation.");
    expect(await cohortInvitations(cohort.id)).toHaveLength(1000);
  });
});

describe("a pasted list", () => {
  it("reads addresses separated by lines, commas and semicolons, also as Name <address>, and keeps the refused ones in the box", async () => {
    const cohort = await newCohort();
    const member = await createNamedMember(organizationId, "Pasted Member");
    const a = fresh("paste-a");
    const b = fresh("paste-b");
    const response = await trainerClient.post(cohort.path, {
      intent: "add-list",
      addresses: `Pasted Member <${member.email}>; ${a}\n\n  B Person\t${b} , broken@\nnot an address`,
    });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(visibleText(html)).toContain("1 person was asked to join: Pasted Member.");
    expect(visibleText(html)).toContain("2 people have an invitation.");
    expect(refusedRows(html)).toEqual([
      "Line 3 broken@ This is not a complete email address (like name@example.org).",
      "Line 4 not an address This is not a complete email address (like name@example.org).",
    ]);
    expect(/<textarea[^>]*name="addresses"[^>]*>([^<]*)<\/textarea>/.exec(html)?.[1]).toBe("broken@\nnot an address");
    expect(await cohortTrainees(cohort.id)).toEqual([]);
    await acceptCohortRequests({ organizationId, cohortId: cohort.id, people: [member] });
    expect(await cohortTrainees(cohort.id)).toEqual([member.email]);
  });

  it("refuses an empty list and a list of more than 1,000 addresses, writing nothing", async () => {
    const cohort = await newCohort();
    const before = await rowCounts();
    const empty = await trainerClient.post(cohort.path, { intent: "add-list", addresses: " \n , ; " });
    expect(empty.status).toBe(400);
    expect(await pageText(empty)).toContain("Paste at least one email address.");
    const long = await trainerClient.post(cohort.path, {
      intent: "add-list",
      addresses: Array.from({ length: 1200 }, (_, i) => `p${i}@example.org`).join(","),
    });
    expect(long.status).toBe(400);
    expect(await pageText(long)).toContain("The list has 1,200 addresses. Add at most 1,000 at a time");
    expect(await rowCounts()).toEqual(before);
  });
});

describe("reading CSV", () => {
  it("keeps quoted commas, quotes and line breaks inside one field, and numbers rows as a spreadsheet does", () => {
    const entries = parseRosterCsv('name,email\r\n"Lima, Ana ""A""",ana@example.org\r\n"Two\nlines",two@example.org\r\n\r\nlast@example.org,\n');
    expect(entries).toEqual([
      { place: "Row 2", value: "ana@example.org" },
      { place: "Row 3", value: "two@example.org" },
      { place: "Row 5", value: "" },
    ]);
  });

  it("finds the address column without a heading when only one column holds an @", () => {
    expect(parseRosterCsv("Ana,ana@example.org\nBen,ben@example.org").map((e) => e.value)).toEqual(["ana@example.org", "ben@example.org"]);
    expect(parseRosterCsv("a@example.org\tx\nb@example.org\ty").map((e) => e.value)).toEqual(["a@example.org", "b@example.org"]);
  });

  it("treats a pasted list with no addresses as unreadable", () => {
    expect(() => parsePastedAddresses("\n\n")).toThrow(MalformedRosterError);
  });
});

describe("the cohort's roster", () => {
  it("withdraws an invitation of this cohort only, and removes a trainee who keeps their membership", async () => {
    const cohort = await newCohort();
    const other = await newCohort();
    const person = fresh("withdraw");
    await upload(trainerClient, other.path, person);
    const otherInvitation = await getDb().selectFrom("invitations").select("id").where("cohort_id", "=", other.id).executeTakeFirstOrThrow();
    const before = await rowCounts();
    const wrong = await trainerClient.post(cohort.path, { intent: "withdraw-invitation", invitationId: otherInvitation.id });
    expect(wrong.status).toBe(404);
    expect(await rowCounts()).toEqual(before);
    const right = await trainerClient.post(other.path, { intent: "withdraw-invitation", invitationId: otherInvitation.id });
    expect(right.status).toBe(200);
    const row = await getDb().selectFrom("invitations").select("revoked_at").where("id", "=", otherInvitation.id).executeTakeFirstOrThrow();
    expect(row.revoked_at).not.toBeNull();

    const member = await createNamedMember(organizationId, "Leaving Member");
    await trainerClient.post(cohort.path, { intent: "add-list", addresses: member.email });
    await acceptCohortRequests({ organizationId, cohortId: cohort.id, people: [member] });
    const removed = await trainerClient.post(cohort.path, { intent: "remove-trainee", userId: member.id });
    expect(removed.status).toBe(200);
    expect(await cohortTrainees(cohort.id)).toEqual([]);
    const membership = await getDb().selectFrom("memberships").select("role").where("user_id", "=", member.id).executeTakeFirst();
    expect(membership?.role).toBe("trainee");
    const again = await trainerClient.post(cohort.path, { intent: "remove-trainee", userId: member.id });
    expect(again.status).toBe(404);
  });

  it("an archived cohort takes nobody in: adding is refused and its open invitations no longer work", async () => {
    const cohort = await newCohort("Closing cohort");
    const person = fresh("too-late");
    await upload(trainerClient, cohort.path, person);
    const token = await tokenFromMail(server, person, "invite");
    const archived = await trainerClient.post(`/o/${slug}/teach/cohorts/${cohort.id}/settings`, { intent: "archive" });
    expect(archived.status).toBe(302);

    const before = await rowCounts();
    const response = await upload(trainerClient, cohort.path, fresh("later"));
    expect(response.status).toBe(409);
    expect(await pageText(response)).toContain("This cohort is archived");
    const pasted = await trainerClient.post(cohort.path, { intent: "add-list", addresses: fresh("later") });
    expect(pasted.status).toBe(409);
    expect(await rowCounts()).toEqual(before);

    const invited = await createTestUser({ email: person });
    const client = await signedInClient(server.origin, invited);
    const accepted = await client.post(`/invite/${token}`, {});
    expect(accepted.status).toBe(410);
    expect(await pageText(accepted)).toContain("This invitation was withdrawn.");
    expect(await cohortTrainees(cohort.id)).toEqual([]);

    const page = await pageText(await trainerClient.get(cohort.path));
    expect(page).not.toContain("Add trainees");
    expect(page).toContain("This cohort is archived.");
  });
});
