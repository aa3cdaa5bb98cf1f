import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { createTestMember, createTestOrganization } from "../support/factories";
import { pageText } from "../support/page-text";
import { rowCounts } from "../support/row-counts";
import { signedInClient } from "../support/sign-in";
import { startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const line = {
  intent: "add",
  name: "Distress Centre Riverside",
  region: "Riverside County",
  phone: "1-555-0100",
  textNumber: "",
  website: "https://distress.example.org",
  hours: "Every day, 8 am to midnight.",
};

async function setUp() {
  const { organization, admin } = await createTestOrganization();
  const trainee = await createTestMember(organization.id, "trainee");
  return {
    organization,
    admin: await signedInClient(server.origin, admin),
    trainee: await signedInClient(server.origin, trainee),
    base: `/o/${organization.slug}`,
  };
}

describe("crisis and support lines", () => {
  it("shows Canada's 9-8-8 beside the content notes until the organization sets its own lines", async () => {
    const { trainee, base } = await setUp();
    const gate = await pageText(await trainee.get(`${base}/learn/psc-initiative`));
    expect(gate).toContain("Before you start: content notes");
    expect(gate).toContain("If you are in distress now");
    expect(gate).toContain("9-8-8 Suicide Crisis Helpline");
    expect(gate).toContain("has not added local lines yet");

    // Inside the lesson, the content note of the safety section carries the lines too, and so does the page's foot.
    const html = await (await trainee.get(`${base}/learn/psc-initiative?section=safety`)).text();
    const note = /<aside[^>]*aria-label="Content note"[\s\S]*?<\/aside>/.exec(html);
    expect(note?.[0]).toContain("9-8-8 Suicide Crisis Helpline");
    expect(note?.[0]).toContain('href="tel:988"');
    const plain = await (await trainee.get(`${base}/learn/psc-initiative?section=what-it-is`)).text();
    expect(plain).toContain("If you are in distress now");
  });

  it("lets an admin add, change and remove a line, which trainees then see in place of the default, all in the activity log", async () => {
    const { admin, trainee, base, organization } = await setUp();
    const added = await admin.post(`${base}/admin/support-lines`, line);
    expect(added.status).toBe(200);
    expect(await pageText(added)).toContain("Distress Centre Riverside was added");

    const gate = await pageText(await trainee.get(`${base}/learn/psc-initiative`));
    expect(gate).toContain("Distress Centre Riverside");
    expect(gate).toContain("Every day, 8 am to midnight.");
    expect(gate).not.toContain("9-8-8 Suicide Crisis Helpline");
    const summary = await (await trainee.get(`${base}/learn/psc-initiative/summary`)).text();
    expect(summary).toContain('href="tel:15550100"');

    const row = await getDb().selectFrom("support_lines").selectAll().where("organization_id", "=", organization.id).executeTakeFirstOrThrow();
    const changed = await admin.post(`${base}/admin/support-lines`, { ...line, intent: "update", lineId: row.id, hours: "Any time." });
    expect(changed.status).toBe(200);
    expect(await pageText(await trainee.get(`${base}/learn/psc-initiative`))).toContain("Any time.");

    const removed = await admin.post(`${base}/admin/support-lines`, { intent: "remove", lineId: row.id });
    expect(removed.status).toBe(200);
    expect(await pageText(await trainee.get(`${base}/learn/psc-initiative`))).toContain("9-8-8 Suicide Crisis Helpline");

    const actions = await getDb()
      .selectFrom("audit_log")
      .select("action")
      .where("organization_id", "=", organization.id)
      .where("subject", "=", row.id)
      .orderBy("id")
      .execute();
    expect(actions.map((a) => a.action)).toEqual(["support_line.added", "support_line.changed", "support_line.removed"]);
  });

  it("refuses a line nobody could reach, a web address that is not one, and a trainee, writing nothing", async () => {
    const { admin, trainee, base } = await setUp();
    const before = await rowCounts();
    const unreachable = await admin.post(`${base}/admin/support-lines`, { ...line, phone: "", website: "" });
    expect(unreachable.status).toBe(400);
    expect(await pageText(unreachable)).toContain("Give at least one way to reach this line");
    const script = await admin.post(`${base}/admin/support-lines`, { ...line, website: "javascript:alert(1)" });
    expect(script.status).toBe(400);
    expect(await pageText(script)).toContain("starting with https://");
    const letters = await admin.post(`${base}/admin/support-lines`, { ...line, phone: "call us" });
    expect(letters.status).toBe(400);
    expect((await trainee.post(`${base}/admin/support-lines`, line)).status).toBe(403);
    expect(await rowCounts()).toEqual(before);
  });

  it("answers 404 for another organization's line and leaves it as it was", async () => {
    const a = await setUp();
    const b = await setUp();
    expect((await a.admin.post(`${a.base}/admin/support-lines`, line)).status).toBe(200);
    const row = await getDb().selectFrom("support_lines").selectAll().where("organization_id", "=", a.organization.id).executeTakeFirstOrThrow();

    const removed = await b.admin.post(`${b.base}/admin/support-lines`, { intent: "remove", lineId: row.id });
    expect(removed.status).toBe(404);
    const changed = await b.admin.post(`${b.base}/admin/support-lines`, { ...line, intent: "update", lineId: row.id, name: "Taken over" });
    expect(changed.status).toBe(404);
    const after = await getDb().selectFrom("support_lines").selectAll().where("id", "=", row.id).executeTakeFirstOrThrow();
    expect(after).toEqual(row);
    // B's trainees still see B's default, never A's line.
    expect(await pageText(await b.trainee.get(`${b.base}/learn/psc-initiative`))).not.toContain("Distress Centre Riverside");
  });
});
